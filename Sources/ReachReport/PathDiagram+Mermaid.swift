import ReachCore

extension PathDiagram {
    /// The diagram as a Mermaid flowchart, left to right, a subgraph per subnet: what GitHub
    /// draws in a ```` ```mermaid ```` block of a comment, a README or a job summary.
    public func mermaid() -> String {
        var out = "---\ntitle: \(Self.yamlQuoted(title))\n---\nflowchart LR\n"
        func node(_ node: Node, indent: String) {
            let label = node.lines().lines.map { Self.mermaidEscaped($0.text) }.joined(separator: "<br>")
            let (open, close) = Self.mermaidBrackets(node.shape)
            out += "\(indent)\(node.id)\(open)\"\(label)\"\(close)\n"
        }
        node(function, indent: "    ")
        for blocker in functionBlockers { node(blocker, indent: "    ") }
        for lane in lanes {
            out += "    subgraph \(lane.id)[\"\(Self.mermaidEscaped(lane.title))\"]\n"
            out += "        direction LR\n"
            for laneNode in lane.nodes { node(laneNode, indent: "        ") }
            out += "    end\n"
        }
        var blockedEdges: [Int] = []
        for (index, edge) in edges.enumerated() {
            let offPath = nodes.first { $0.id == edge.to }?.shape == .blocker
            out += "    \(edge.from) \(offPath ? "-.->" : "-->") \(edge.to)\n"
            if edge.blocked { blockedEdges.append(index) }
        }
        // Colours as the HTML report's: blue for the function, red where traffic is blocked,
        // a green, amber or red frame for each subnet by its verdict.
        out += "    classDef function fill:#e8f0fe,stroke:#1a56c4,color:#0b2e6b\n"
        out += "    classDef blocked fill:#fde8e8,stroke:#c62828,stroke-width:2px,color:#7f1d1d\n"
        out += "    class \(function.id) function\n"
        let blockedNodes = nodes.filter(\.isBlocked).map(\.id)
        if !blockedNodes.isEmpty { out += "    class \(blockedNodes.joined(separator: ",")) blocked\n" }
        for lane in lanes {
            out += "    style \(lane.id) \(Self.mermaidLaneStyle(lane.verdict))\n"
        }
        if !blockedEdges.isEmpty {
            out +=
                "    linkStyle \(blockedEdges.map(String.init).joined(separator: ",")) stroke:#c62828,stroke-width:2px\n"
        }
        return out
    }

    /// The opening and closing of a node of `shape`, around its quoted label.
    static func mermaidBrackets(_ shape: Shape) -> (String, String) {
        switch shape {
        case .function: return ("([", "])")
        case .subnet, .router, .blocker: return ("[", "]")
        case .filter: return ("{{", "}}")
        case .gateway: return ("[[", "]]")
        case .database: return ("[(", ")]")
        case .destination: return ("(", ")")
        }
    }

    static func mermaidLaneStyle(_ verdict: Verdict) -> String {
        switch verdict {
        case .reachable: return "fill:#f3faf3,stroke:#2e7d32"
        case .partial: return "fill:#fff8e1,stroke:#b26a00"
        case .unreachable: return "fill:#fff5f5,stroke:#c62828"
        }
    }

    /// `text` for a quoted Mermaid label, every character that means something to Mermaid or
    /// to the HTML it writes labels into given as an entity code (`#34;`), which Mermaid turns
    /// back into the character: `"` ends the label; `<`, `>` and `&` would be markup; `#`
    /// starts an entity code; a backtick opens a Markdown string. `:` is encoded too: Mermaid
    /// drops the last `;` of a line holding `style` or `classDef`, a colon and a `#`, which
    /// would break an entity code of a label that says "style".
    static func mermaidEscaped(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "#34;"
            case "#": out += "#35;"
            case "&": out += "#38;"
            case ":": out += "#58;"
            case "<": out += "#60;"
            case ">": out += "#62;"
            case "`": out += "#96;"
            case "\n", "\r": out += " "
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// `text` as a YAML double-quoted scalar, for the front matter's title.
    static func yamlQuoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n", "\r", "\t": out += " "
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
