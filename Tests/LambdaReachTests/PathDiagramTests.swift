import Foundation
import ReachCore
import ReachReport
import TestSupport
import Testing

/// `why --format mermaid|dot`: the diagram model built from typed hops, golden files for the
/// scenarios, escaping of what AWS data may hold, and the drawings read back by the real
/// renderers (Graphviz's `dot`, mermaid.js in Chromium).
@Suite("Path diagrams: why --format mermaid and dot", .serialized)
struct PathDiagramTests {
    /// The scenarios drawn into golden files: the name, the question, the exit status.
    static let goldenCases: [(name: String, function: String, target: String, status: Int32)] = [
        ("diagram-reachable", "orders-api", "internet", 0),
        // Two blockers off the path: the security group's egress and the route table.
        ("diagram-blocked", "fx-rates", "internet", 1),
        // One subnet through its NAT gateway, the other stopped at its route table.
        ("diagram-partial", "catalog-sync", "internet", 1),
    ]

    static let formats = [("mermaid", "mmd"), ("dot", "dot")]

    @Test("golden files: a reachable, a blocked and a partial answer, in Mermaid and DOT")
    func golden() throws {
        for (name, function, target, status) in Self.goldenCases {
            for (format, suffix) in Self.formats {
                let result = try Binary.run([
                    "why", "--db", EndToEndTests.scenarios, function, "--to", target, "--format", format,
                ])
                #expect(result.status == status, "\(name).\(suffix): \(result.stderr)")
                #expect(result.stderr.isEmpty, "\(result.stderr)")
                try expectGolden(result.stdout, "\(name).\(suffix)")
                let again = try Binary.run([
                    "why", "--db", EndToEndTests.scenarios, function, "--to", target, "--format", format,
                ])
                #expect(again.stdout == result.stdout, "\(name).\(suffix): two runs differ")
            }
        }
    }

    @Test("the README's example is the blocked answer's golden file, as the binary draws it")
    func readmeExample() throws {
        let readme = try String(contentsOf: Repository.root.appendingPathComponent("README.md"), encoding: .utf8)
        let golden = try String(
            contentsOf: Repository.golden.appendingPathComponent("diagram-blocked.mmd"), encoding: .utf8)
        #expect(readme.contains("```mermaid\n" + golden + "```\n"), "README.md's Mermaid example is out of date")
    }

    @Test("--format is checked: query has no diagram, why no other format")
    func formatOption() throws {
        let query = try Binary.run([
            "query", "--db", EndToEndTests.scenarios, "--function", "orders-api", "--to", "internet", "--format",
            "mermaid",
        ])
        #expect(query.status == 64)
        let bad = try Binary.run([
            "why", "--db", EndToEndTests.scenarios, "orders-api", "--to", "internet", "--format", "png",
        ])
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("mermaid"), "\(bad.stderr)")
    }

    // MARK: - The model

    static let functionArn = "arn:aws:lambda:us-east-1:123456789012:function:odd"

    /// An answer whose every name and word holds what Mermaid, DOT, HTML or a terminal would
    /// read as syntax. Each detail is shorter than a label line, so that it stays whole.
    static var hostile: Answer {
        Answer(
            function: "odd\"fn<1>", functionArn: functionArn, target: "ip:10.0.0.9:8443", ipProtocol: "tcp",
            port: 8443, verdict: .partial,
            subnets: [
                SubnetAnswer(
                    subnet: "subnet-1", availabilityZone: "us-east-1a", verdict: .reachable,
                    hops: [
                        Hop(component: "subnet-1", kind: .subnet, detail: "say \"hi\" [x] {y} (z) <b>b</b> | p"),
                        Hop(component: "sg-1", kind: .securityGroup, detail: "#35; &amp; & \\N back\\slash `tick`"),
                        Hop(component: "sg-1", kind: .securityGroup, detail: "style x:#fff; %% not a comment"),
                        Hop(component: "acl-1", kind: .networkACL, detail: "line\nbreak"),
                        Hop(component: "eni-1", kind: .networkInterface, detail: "at 10.0.0.9"),
                    ], blockers: []),
                SubnetAnswer(
                    subnet: "subnet-2", availabilityZone: "us-east-1b", verdict: .unreachable,
                    hops: [
                        Hop(component: "subnet-2", kind: .subnet, detail: "ENI"),
                        Hop(component: "acl-2", kind: .networkACL, detail: "outbound"),
                        Hop(component: "rtb-2", kind: .routeTable, detail: "route 10.0.0.0/8 -> local"),
                        Hop(component: "acl-2", kind: .networkACL, detail: "inbound"),
                    ],
                    blockers: [
                        Blocker(
                            code: .subnetACLRestriction, component: "acl-2", message: "Denied <here>. Then more.",
                            fix: "aws ec2 …"),
                        Blocker(
                            code: .eniSecurityGroupRulesMismatch, component: "sg-\"2\"", message: "Off | path.", fix: ""
                        ),
                        Blocker(code: .noRouteToDestination, component: "rtb-9", message: "No route.", fix: ""),
                    ]),
            ],
            blockers: [
                Blocker(
                    code: .roleMissingENIPermissions, component: "arn:aws:iam::123456789012:role/r",
                    message: "Role r lacks ENI rights.", fix: ""),
                Blocker(code: .functionNotActive, component: functionArn, message: "The function is Failed.", fix: ""),
            ], notes: [])
    }

    @Test("the model: hops merged by component, blockers marked where they block or after the path")
    func model() {
        let diagram = PathDiagram(Self.hostile)
        #expect(diagram.lanes.map(\.id) == ["s1", "s2"])
        let first = diagram.lanes[0].nodes
        // sg-1's two rules are one node; the two lanes are apart.
        #expect(first.map(\.title) == ["subnet-1", "sg-1", "acl-1", "eni-1"])
        #expect(first.map(\.shape) == [.subnet, .filter, .filter, .destination])
        #expect(first[1].details.count == 2)
        #expect(first.allSatisfy { !$0.isBlocked })
        // The newline of data is shown, never a line of its own.
        #expect(first[2].details == ["line\\nbreak"])

        let second = diagram.lanes[1].nodes
        // acl-2 is on the path twice (out, and in for the replies): the later one is marked.
        #expect(second.map(\.title) == ["subnet-2", "acl-2", "rtb-2", "acl-2", "sg-\"2\"", "rtb-9"])
        #expect(second.map(\.isBlocked) == [false, false, false, true, true, true])
        #expect(second[3].marks.map(\.code) == [.subnetACLRestriction])
        #expect(second[3].marks[0].summary == "Denied <here>.")
        #expect(second[4].shape == .blocker && second[5].shape == .blocker)

        // The function's own blocker marks it; the role's gets a node after it.
        #expect(diagram.function.marks.map(\.code) == [.functionNotActive])
        #expect(diagram.functionBlockers.map(\.title) == ["arn:aws:iam::123456789012:role/r"])

        let edges = diagram.edges.map { "\($0.from)>\($0.to)\($0.blocked ? "!" : "")" }
        #expect(
            edges == [
                "fn>s1n1", "s1n1>s1n2", "s1n2>s1n3", "s1n3>s1n4",
                "fn>s2n1", "s2n1>s2n2", "s2n2>s2n3", "s2n3>s2n4!", "s2n4>s2b1!", "s2b1>s2b2!",
                "fn>fb1!",
            ])
    }

    @Test("labels are wrapped at word boundaries and shortened with an ellipsis")
    func wrapping() {
        let node = PathDiagram.Node(
            id: "n", shape: .router, title: "rtb-1", caption: "route table",
            details: [String(repeating: "word ", count: 40), String(repeating: "x", count: 130)], marks: [])
        let (lines, shortened) = node.lines(width: 20)
        #expect(shortened)
        #expect(lines.allSatisfy { $0.text.count <= 20 })
        #expect(
            lines.map(\.text) == [
                "rtb-1", "route table", "word word word word", "word word word word…",
                String(repeating: "x", count: 20), String(repeating: "x", count: 19) + "…",
            ])
    }

    @Test("Mermaid and DOT escape every character that is syntax to them")
    func escaping() {
        let diagram = PathDiagram(Self.hostile)
        let mermaid = diagram.mermaid()
        // Every label is one quoted string: a node's line has two quotes, and no angle
        // bracket, colon or backtick of data (each is an entity code; `<br>` is Mermaid's).
        let labelled = mermaid.split(separator: "\n").filter {
            $0.contains("\"]") || $0.contains("\"}}") || $0.contains("\")")
        }
        #expect(labelled.count == diagram.nodes.count + diagram.lanes.count)
        for line in labelled {
            #expect(line.filter { $0 == "\"" }.count == 2, "\(line)")
            let label = line.replacingOccurrences(of: "<br>", with: "")
            #expect(
                !label.contains("<") && !label.contains(">") && !label.contains(":") && !label.contains("`"), "\(line)")
        }
        #expect(mermaid.contains("say #34;hi#34; [x] {y} (z) #60;b#62;b#60;/b#62; | p"))
        #expect(mermaid.contains("#35;35; #38;amp; #38; \\N back\\slash #96;tick#96;"))
        #expect(mermaid.contains("title: \"odd\\\"fn<1> -> ip:10.0.0.9:8443 (tcp/8443): partial\""))

        let dot = diagram.dot()
        #expect(dot.contains("say \\\"hi\\\" [x] {y} (z) <b>b</b> | p"))
        #expect(dot.contains("#35; &amp;amp; &amp; \\\\N back\\\\slash `tick`"))
        #expect(dot.contains("label=\"odd\\\"fn<1>\\nLambda function"))
        // No label runs over a line: each line's quotes, escaped ones left out, pair up.
        for line in dot.split(separator: "\n") {
            let unescaped = line.replacingOccurrences(of: "\\\\", with: "").replacingOccurrences(of: "\\\"", with: "")
            #expect(unescaped.filter { $0 == "\"" }.count % 2 == 0, "\(line)")
        }
    }

    @Test("the same answer draws the same bytes")
    func deterministic() {
        let first = PathDiagram(Self.hostile)
        let second = PathDiagram(Self.hostile)
        #expect(first == second)
        #expect(first.mermaid() == second.mermaid())
        #expect(first.dot() == second.dot())
        #expect(first.svg() == second.svg())
    }

    // MARK: - The real renderers

    /// The golden files and the hostile answer's drawings, written to a folder.
    static func drawings(suffix: String, render: (PathDiagram) -> String) throws -> [URL] {
        let folder = testScratchRoot.appendingPathComponent("lambda-reach-diagrams-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var files = goldenCases.map { Repository.golden.appendingPathComponent("\($0.name).\(suffix)") }
        let hostile = folder.appendingPathComponent("hostile.\(suffix)")
        try render(PathDiagram(Self.hostile)).write(to: hostile, atomically: true, encoding: .utf8)
        files.append(hostile)
        return files
    }

    @Test("Graphviz draws every DOT file, and shows the hostile words as they are")
    func graphviz() throws {
        guard let dot = try ExternalTools.require("dot", install: "apt-get install graphviz (CI installs it)") else {
            return
        }
        for file in try Self.drawings(suffix: "dot", render: { $0.dot() }) {
            let result = try Process.run(dot, ["-Tsvg", file.path], timeout: 60)
            #expect(result.status == 0, "\(file.lastPathComponent): \(result.stderr)")
            #expect(result.stderr.isEmpty, "\(file.lastPathComponent): \(result.stderr)")
            #expect(result.stdout.contains("<svg"), "\(file.lastPathComponent)")
            guard file.lastPathComponent == "hostile.dot" else { continue }
            // Graphviz writes the SVG's text escaped for XML: what it shows is the data itself.
            for shown in [
                "say &quot;hi&quot; [x] {y} (z) &lt;b&gt;b&lt;/b&gt; | p",
                "#35; &amp;amp; &amp; \\N back\\slash `tick`", "line\\nbreak", "odd&quot;fn&lt;1&gt;",
                "SUBNET_ACL_RESTRICTION", "sg&#45;&quot;2&quot;",
            ] {
                #expect(result.stdout.contains(shown), "dot's drawing does not show \(shown)")
            }
        }
    }

    @Test("mermaid.js, in Chromium, draws every Mermaid file without a parse error")
    func mermaid() throws {
        let files = try Self.drawings(suffix: "mmd", render: { $0.mermaid() })
        guard let result = try ExternalTools.runBrowserScript("render_mermaid.py", files.map(\.path)) else { return }
        let output = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let results = output?["results"] as? [[String: Any]] ?? []
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(results.count == files.count, "\(result.stdout)\n\(result.stderr)")
        #expect((output?["consoleErrors"] as? [String])?.isEmpty == true, "\(result.stdout)")
        for entry in results {
            let file = URL(fileURLWithPath: entry["file"] as? String ?? "").lastPathComponent
            #expect(entry["ok"] as? Bool == true, "\(file): \(entry["error"] ?? "")")
            #expect((entry["nodes"] as? Int ?? 0) > 0, "\(file): no node drawn")
            let text = entry["text"] as? String ?? ""
            if file == "hostile.mmd" {
                // The entity codes are read back as the characters they stand for.
                for shown in [
                    "say \"hi\" [x] {y} (z) <b>b</b> | p", "#35; &amp; & \\N back\\slash `tick`",
                    "style x:#fff; %% not a comment", "odd\"fn<1>", "sg-\"2\"", "SUBNET_ACL_RESTRICTION",
                ] {
                    #expect(text.contains(shown), "mermaid's drawing does not show \(shown): \(text)")
                }
            } else if file.hasPrefix("diagram-blocked") {
                #expect(text.contains("ENI_SG_RULES_MISMATCH") && text.contains("NO_ROUTE_TO_DESTINATION"))
            }
        }

        // The harness tells a broken diagram from a good one.
        let broken = testScratchRoot.appendingPathComponent("lambda-reach-broken-\(UUID()).mmd")
        try "flowchart LR\n    a[\"unterminated\n    a --> \n".write(to: broken, atomically: true, encoding: .utf8)
        let failing = try ExternalTools.runBrowserScript("render_mermaid.py", [broken.path])
        #expect(failing?.status == 1, "a broken diagram rendered: \(failing?.stdout ?? "")")
    }
}
