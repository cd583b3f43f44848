import Foundation
import TestSupport
import Testing

/// `audit --format html`: one self-contained page, checked as bytes (golden file, the same
/// bytes twice, everything from data escaped, nothing fetched) and in a real browser on the
/// benchmark's 100-VPC organisation (Chromium driven by Playwright: the matrix, a path drawn,
/// the filters, no console error).
@Suite("Audit as one HTML page", .serialized)
struct AuditHTMLTests {
    /// The audit's JSON contract, as much of it as the page's oracle needs.
    struct Matrix {
        struct Row {
            var arn: String
            var vpcs: [String]
            var cells: [(target: String, verdict: String)]
        }
        var rows: [Row]
        /// The findings: their keys (rule|ARN|target|component, as FindingKey spells them), the
        /// function's ARN and the target ("" for none).
        var findings: [(key: String, arn: String, target: String)]

        init(json: String) throws {
            let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
            findings = (object?["findings"] as? [[String: Any]] ?? []).map { finding in
                let arn = finding["functionArn"] as? String ?? ""
                let target = finding["target"] as? String ?? ""
                let key = [finding["rule"] as? String ?? "", arn, target, finding["component"] as? String ?? ""]
                return (key.joined(separator: "|"), arn, target)
            }
            rows = (object?["functions"] as? [[String: Any]] ?? []).map { row in
                Row(
                    arn: row["functionArn"] as? String ?? "", vpcs: row["vpcs"] as? [String] ?? [],
                    cells: (row["targets"] as? [[String: Any]] ?? []).map {
                        ($0["target"] as? String ?? "", $0["verdict"] as? String ?? "")
                    })
            }
        }

        var failing: [(arn: String, target: String, verdict: String)] {
            rows.flatMap { row in
                row.cells.filter { $0.verdict != "reachable" }.map { (row.arn, $0.target, $0.verdict) }
            }
        }

        /// What the page must show for a choice of its three filters ("" for all), worked out
        /// from the JSON by the rules the page states: a cell shows when its target and verdict
        /// match; a row when its VPCs match and, with a verdict or a target chosen, a cell of it
        /// shows; a failing path when its function's VPCs, its target and its verdict match.
        func shown(verdict: String, vpc: String, target: String) -> (
            rows: Set<String>, cells: Set<String>, paths: Set<String>, findings: Set<String>
        ) {
            func verdictMatches(_ value: String) -> Bool {
                switch verdict {
                case "": return true
                case "failing": return value == "partial" || value == "unreachable"
                default: return value == verdict
                }
            }
            var rows = Set<String>()
            var cells = Set<String>()
            var paths = Set<String>()
            for row in self.rows {
                let vpcMatches = vpc.isEmpty || (vpc == "none" ? row.vpcs.isEmpty : row.vpcs.contains(vpc))
                let matching = row.cells.filter {
                    (target.isEmpty || $0.target == target) && verdictMatches($0.verdict)
                }
                if vpcMatches && (verdict.isEmpty && target.isEmpty || !matching.isEmpty) {
                    rows.insert(row.arn)
                    cells.formUnion(matching.map { "\(row.arn)|\($0.target)" })
                }
                if vpcMatches {
                    for cell in matching where cell.verdict != "reachable" { paths.insert("\(row.arn)|\(cell.target)") }
                }
            }
            // A finding: its function's VPCs as its row's, and its target (none matches no
            // target chosen); the verdict filter is the matrix's.
            let vpcsOf = Dictionary(self.rows.map { ($0.arn, $0.vpcs) }, uniquingKeysWith: { first, _ in first })
            var findings = Set<String>()
            for finding in self.findings {
                let vpcs = vpcsOf[finding.arn] ?? []
                let vpcMatches = vpc.isEmpty || (vpc == "none" ? vpcs.isEmpty : vpcs.contains(vpc))
                if vpcMatches && (target.isEmpty || finding.target == target) { findings.insert(finding.key) }
            }
            return (rows, cells, paths, findings)
        }
    }

    static func audit(_ db: String, _ format: String) throws -> Binary.Result {
        try Binary.run(["audit", "--db", db, "--format", format])
    }

    @Test("golden file: the page for the scenarios' inventory, the same bytes every run")
    func golden() throws {
        let page = try Self.audit(EndToEndTests.scenarios, "html")
        // Exit status as for every format: findings at or above --fail-on error.
        #expect(page.status == 1, "\(page.stderr)")
        #expect(page.stderr.isEmpty, "\(page.stderr)")
        try expectGolden(page.stdout, "audit-scenarios.html")
        #expect(try Self.audit(EndToEndTests.scenarios, "html").stdout == page.stdout, "two runs differ")
    }

    @Test("the page: self-contained, the text report's summary, a table per VPC, each failing cell drawn")
    func structure() throws {
        let html = try Self.audit(EndToEndTests.scenarios, "html").stdout
        let matrix = try Matrix(json: try Self.audit(EndToEndTests.scenarios, "json").stdout)
        let text = try Binary.run(["audit", "--db", EndToEndTests.scenarios], environment: ["NO_COLOR": "1"]).stdout

        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
        #expect(html.hasSuffix("</html>\n"))
        // Nothing fetched: no external script, style, image or link, and a policy that forbids it.
        #expect(html.contains("content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'\""))
        for forbidden in ["src=", "<link", "@import", "http://", "https://", "url(http"] {
            #expect(!html.contains(forbidden), "the page refers to something outside it: \(forbidden)")
        }
        #expect(html.components(separatedBy: "<script>").count == 2)
        #expect(html.components(separatedBy: "<style>").count == 2)

        // The summary's counts are the text report's, in its words.
        for line in text.split(separator: "\n").prefix(2) { #expect(html.contains(String(line)), "\(line)") }
        #expect(html.contains("Result: FAILED"))

        // A table per VPC (functions without one share the last), a row per function.
        let groups = Set(matrix.rows.map { $0.vpcs.first ?? "" })
        #expect(html.components(separatedBy: "<table class=\"matrix\">").count - 1 == groups.count)
        #expect(html.components(separatedBy: "<tr data-function=").count - 1 == matrix.rows.count)

        // Each failing cell links to its path, drawn, with the answer's verdict.
        try Self.expectPaths(html, matrix)
    }

    /// Every failing cell of `matrix` has a link in the matrix and a section with its drawing,
    /// whose title (the solver's answer, asked again) has the cell's verdict.
    static func expectPaths(_ html: String, _ matrix: Matrix, sourceLocation: SourceLocation = #_sourceLocation) throws
    {
        let sections = html.components(separatedBy: "<details class=\"cell\" id=\"").dropFirst()
        #expect(sections.count == matrix.failing.count, sourceLocation: sourceLocation)
        var drawn = Set<String>()
        for section in sections {
            let id = String(section.prefix { $0 != "\"" })
            func attribute(_ name: String) -> String {
                guard let range = section.range(of: " \(name)=\"") else { return "" }
                return String(section[range.upperBound...].prefix { $0 != "\"" })
            }
            let verdict = attribute("data-verdict")
            drawn.insert("\(attribute("data-function"))|\(attribute("data-target"))|\(verdict)")
            #expect(html.contains("<a href=\"#\(id)\">"), "no link to \(id)", sourceLocation: sourceLocation)
            #expect(
                section.contains("<div class=\"diagram\"><svg class=\"pd\""), "\(id) is not drawn",
                sourceLocation: sourceLocation)
            #expect(
                section.contains("): \(verdict)</title>"), "\(id): the answer's verdict is not the cell's",
                sourceLocation: sourceLocation)
        }
        let expected = Set(matrix.failing.map { "\($0.arn)|\($0.target)|\($0.verdict)" })
        #expect(drawn == expected, sourceLocation: sourceLocation)
    }

    @Test("every value from AWS data is escaped: a VPC Name tag that is markup stays text")
    func escaping() throws {
        let folder = testScratchRoot.appendingPathComponent("lambda-reach-html-\(UUID())")
        try FileManager.default.copyItem(
            at: Repository.scenarios.appendingPathComponent("multiple-blockers"), to: folder)
        try FileManager.default.removeItem(at: folder.appendingPathComponent("expected.json"))
        let vpcs = folder.appendingPathComponent("describe-vpcs.json")
        let hostile = "<img src=x onerror=\"alert(1)\"> & 'q' </script><!--"
        var document = try JSONSerialization.jsonObject(with: Data(contentsOf: vpcs)) as! [String: Any]
        var list = document["Vpcs"] as! [[String: Any]]
        list[0]["Tags"] = [["Key": "Name", "Value": hostile]]
        document["Vpcs"] = list
        try JSONSerialization.data(withJSONObject: document).write(to: vpcs)
        let db = temporaryDatabase("hostile")
        let imported = try Binary.run(["import", "--db", db, folder.path])
        #expect(imported.status == 0, "\(imported.stderr)")
        let html = try Self.audit(db, "html").stdout
        #expect(!html.contains(hostile))
        #expect(!html.contains("<img"))
        #expect(
            html.contains("&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; &#39;q&#39; &lt;/script&gt;&lt;!--"))
        #expect(html.components(separatedBy: "</script>").count == 2)
    }

    // MARK: - In a browser

    /// Benchmarks/generate-org, or LAMBDA_REACH_GEN_ORG: the organisation the benchmark audits.
    static var generator: String {
        if let given = ProcessInfo.processInfo.environment["LAMBDA_REACH_GEN_ORG"], !given.isEmpty { return given }
        return Repository.root.appendingPathComponent("Benchmarks/generate-org").path
    }

    @Test("the 100-VPC organisation's page in Chromium: matrix, a path drawn, filters, no console error")
    func browser() throws {
        guard let python = try ExternalTools.require("python3", install: "install Python 3 (it runs the generator)")
        else { return }
        let scratch = testScratchRoot.appendingPathComponent("lambda-reach-html-org-\(UUID())")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let exports = scratch.appendingPathComponent("org")
        try FileManager.default.createDirectory(at: exports, withIntermediateDirectories: true)
        let generated = try Process.run(python, [Self.generator, exports.path, "--vpcs", "100"], timeout: 600)
        try #require(generated.status == 0, "\(Self.generator) failed: \(generated.stderr)")
        let db = scratch.appendingPathComponent("org.sqlite").path
        let imported = try Binary.run(["import", "--db", db, exports.path])
        try #require(imported.status == 0, "\(imported.stderr)")

        let page = try Self.audit(db, "html")
        #expect(page.status == 1, "\(page.stderr)")
        #expect(try Self.audit(db, "html").stdout == page.stdout, "two runs of the organisation's page differ")
        let matrix = try Matrix(json: try Self.audit(db, "json").stdout)
        try #require(matrix.rows.count == 1000)
        try Self.expectPaths(page.stdout, matrix)
        let report = scratch.appendingPathComponent("report.html")
        try page.stdout.write(to: report, atomically: true, encoding: .utf8)

        // The filters to try, chosen from the JSON so that each hides something.
        let vpcs = Set(matrix.rows.flatMap(\.vpcs)).sorted()
        let vpc = try #require(
            vpcs.first { vpc in
                let cells = matrix.rows.filter { $0.vpcs.contains(vpc) }.flatMap(\.cells)
                return cells.contains { $0.verdict == "partial" } && cells.contains { $0.verdict == "reachable" }
            })
        let database = try #require(
            matrix.rows.first { $0.vpcs.contains(vpc) }?.cells.first { $0.target.hasPrefix("rds:") }?.target)
        let filters: [[String: String]] = [
            ["verdict": "unreachable"],
            ["verdict": "failing", "vpc": vpc, "screenshot": "audit-report-filtered.png"],
            ["target": "internet"],
            ["verdict": "partial", "target": "internet"],
            ["vpc": vpc, "target": database],
            ["verdict": "reachable"],
            [:],
        ]
        let filtersFile = scratch.appendingPathComponent("filters.json")
        try JSONSerialization.data(withJSONObject: filters).write(to: filtersFile)

        let artifacts = ExternalTools.artifacts
        guard
            let run = try ExternalTools.runBrowserScript(
                "check_audit_html.py", [report.path, artifacts.path, filtersFile.path], timeout: 900)
        else { return }
        try #require(run.status == 0, "\(run.stdout)\n\(run.stderr)")
        let output = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])

        #expect((output["consoleErrors"] as? [String]) == [], "console errors: \(output["consoleErrors"] ?? "")")
        #expect((output["requests"] as? [String]) == [], "the page fetched: \(output["requests"] ?? "")")
        let shown = output["matrix"] as? [String: Int] ?? [:]
        #expect(shown["tables"] == Set(matrix.rows.map { $0.vpcs.first ?? "" }).count)
        #expect(shown["rows"] == 1000)
        #expect(shown["cells"] == matrix.rows.reduce(0) { $0 + $1.cells.count })
        let failing = matrix.failing.count
        #expect(output["count"] as? String == "showing 1000 of 1000 functions, \(failing) of \(failing) failing paths")

        let diagram = output["diagram"] as? [String: Any] ?? [:]
        #expect(diagram["open"] as? Bool == true, "clicking a failing cell did not open its path")
        #expect(diagram["painted"] as? Bool == true, "the opened path is not drawn on screen: \(diagram)")
        #expect((diagram["width"] as? Double ?? 0) > 100 && (diagram["height"] as? Double ?? 0) > 100, "\(diagram)")
        #expect((diagram["nodes"] as? Int ?? 0) >= 3, "\(diagram)")
        #expect((diagram["blocked"] as? Int ?? 0) >= 1, "a failing path with nothing marked: \(diagram)")

        let results = output["filters"] as? [[String: Any]] ?? []
        try #require(results.count == filters.count)
        let allCells = matrix.rows.reduce(0) { $0 + $1.cells.count }
        for (filter, result) in zip(filters, results) {
            let expected = matrix.shown(
                verdict: filter["verdict"] ?? "", vpc: filter["vpc"] ?? "", target: filter["target"] ?? "")
            let label = filter.filter { $0.key != "screenshot" }.sorted { $0.key < $1.key }.map {
                "\($0.key)=\($0.value)"
            }
            .joined(separator: " ")
            let rows = Set(result["rows"] as? [String] ?? [])
            let cells = Set(result["cells"] as? [String] ?? [])
            let paths = Set(result["paths"] as? [String] ?? [])
            #expect(rows == expected.rows, "[\(label)] rows: \(rows.count) shown, \(expected.rows.count) expected")
            #expect(cells == expected.cells, "[\(label)] cells: \(cells.count) shown, \(expected.cells.count) expected")
            #expect(paths == expected.paths, "[\(label)] paths: \(paths.count) shown, \(expected.paths.count) expected")
            let findings = Set(result["findings"] as? [String] ?? [])
            #expect(
                findings == expected.findings,
                "[\(label)] findings: \(findings.count) shown, \(expected.findings.count) expected")
            #expect(
                result["count"] as? String
                    == "showing \(expected.rows.count) of 1000 functions, \(expected.paths.count) of \(failing) failing paths"
            )
            if !filter.isEmpty {
                #expect(
                    expected.cells.count < allCells && !expected.rows.isEmpty,
                    "[\(label)] hides nothing or shows nothing")
            }
        }

        let screenshots = output["screenshots"] as? [String] ?? []
        #expect(screenshots.count == 3)
        for screenshot in screenshots {
            #expect(FileManager.default.fileExists(atPath: screenshot))
            print("audit --format html screenshot: \(screenshot)")
        }
    }
}
