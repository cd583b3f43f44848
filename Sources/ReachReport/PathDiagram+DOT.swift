import ReachCore

extension PathDiagram {
    /// The diagram in Graphviz's DOT language, left to right, a cluster per subnet
    /// (`lambda-reach why … --format dot | dot -Tsvg > path.svg`).
    public func dot() -> String {
        var out = "digraph \"lambda-reach\" {\n"
        out += "    graph [rankdir=LR, labelloc=t, fontname=\"Helvetica\", label=\(Self.dotQuoted(title))];\n"
        out += "    node [fontname=\"Helvetica\", fontsize=11, style=\"rounded,filled\", fillcolor=\"#ffffff\"];\n"
        out += "    edge [color=\"#555555\"];\n"
        func node(_ node: Node, indent: String) {
            let label = node.lines().lines.map(\.text).joined(separator: "\n")
            let (shape, style) = Self.dotShape(node.shape)
            var attributes = ["label=\(Self.dotQuoted(label))", "shape=\(shape)"]
            if let style { attributes.append("style=\"\(style)\"") }
            if node.shape == .function { attributes += ["fillcolor=\"#e8f0fe\"", "color=\"#1a56c4\""] }
            if node.isBlocked { attributes += ["fillcolor=\"#fde8e8\"", "color=\"#c62828\"", "penwidth=2"] }
            out += "\(indent)\(node.id) [\(attributes.joined(separator: ", "))];\n"
        }
        node(function, indent: "    ")
        for blocker in functionBlockers { node(blocker, indent: "    ") }
        for lane in lanes {
            out += "    subgraph cluster_\(lane.id) {\n"
            out += "        label=\(Self.dotQuoted(lane.title));\n"
            out += "        style=\"rounded,filled\"; \(Self.dotLaneColours(lane.verdict));\n"
            for laneNode in lane.nodes { node(laneNode, indent: "        ") }
            out += "    }\n"
        }
        let offPath = Set(nodes.filter { $0.shape == .blocker }.map(\.id))
        for edge in edges {
            var attributes: [String] = []
            if edge.blocked { attributes += ["color=\"#c62828\"", "penwidth=2"] }
            if offPath.contains(edge.to) { attributes.append("style=dashed") }
            out +=
                "    \(edge.from) -> \(edge.to)\(attributes.isEmpty ? "" : " [\(attributes.joined(separator: ", "))]");\n"
        }
        return out + "}\n"
    }

    /// The shape of a node, and its style where it is not the default's (rounded, filled).
    /// Boxes, mostly: the labels are several lines long, and a hexagon or an octagon around
    /// such a label is mostly empty.
    static func dotShape(_ shape: Shape) -> (String, String?) {
        switch shape {
        case .function: return ("box", nil)
        case .subnet, .router: return ("box", "filled")
        case .filter: return ("box", "filled,diagonals")
        case .gateway: return ("component", "filled")
        case .database: return ("cylinder", "filled")
        case .destination: return ("ellipse", "filled")
        case .blocker: return ("box", "filled,dashed")
        }
    }

    static func dotLaneColours(_ verdict: Verdict) -> String {
        switch verdict {
        case .reachable: return "fillcolor=\"#f3faf3\"; color=\"#2e7d32\""
        case .partial: return "fillcolor=\"#fff8e1\"; color=\"#b26a00\""
        case .unreachable: return "fillcolor=\"#fff5f5\"; color=\"#c62828\""
        }
    }

    /// `text` as a DOT double-quoted string whose label shows it as it is: `"` and `\` are
    /// escaped (a backslash would start `\N`, `\G`, `\l`, …), `&` becomes `&amp;` (Graphviz
    /// reads entities such as `&lt;` in every label), a line break becomes `\n`. `<`, `>`, `|`,
    /// `{` and `}` are special only in record shapes and `<…>` labels, which are never used.
    static func dotQuoted(_ text: String) -> String {
        var out = "\""
        out.reserveCapacity(text.utf8.count + 2)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "&": out += "&amp;"
            case "\n": out += "\\n"
            case "\r": out += " "
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
