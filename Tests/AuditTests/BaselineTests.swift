import Foundation
import ReachCore
import ReachInventory
import ReachReport
import Testing

@Suite("Baselines: record, suppress, notice what went away")
struct BaselineTests {
    @Test("round trip: a recorded baseline suppresses every finding it recorded, and nothing else")
    func roundTrip() throws {
        let network = try network("placement")
        let first = Audit(network: network).run(AuditRequest())
        #expect(!first.findings.isEmpty)
        let text = BaselineFile.render(first.allFindings)
        let baseline = try BaselineFile.parse(Data(text.utf8), file: "baseline.json")
        #expect(baseline.keys == Set(first.findings.map(\.key)))

        var request = AuditRequest()
        request.baseline = baseline
        let second = Audit(network: network).run(request)
        #expect(second.findings.isEmpty)
        #expect(second.suppressed.map(line) == first.findings.map(line))
        #expect(second.staleBaselineEntries.isEmpty)
        #expect(second.failing(at: .warning).isEmpty)
        // Recording again gives the same bytes: a baseline in a repository only changes when
        // the findings do.
        #expect(BaselineFile.render(second.allFindings) == text)
        #expect(BaselineFile.render(second.allFindings.reversed()) == text)
    }

    @Test("a new finding is not suppressed; a fixed one is reported as stale")
    func newAndStale() throws {
        let network = try network("placement")
        var request = AuditRequest()
        request.functions = [FunctionPattern("one-*"), FunctionPattern("crowded")]
        let recorded = Audit(network: network).run(request)
        // Suppose one-zone is fixed: its finding leaves the baseline's findings but stays in the file.
        request.baseline = Baseline(findings: recorded.findings)
        request.functions = [FunctionPattern("one-subnet"), FunctionPattern("crowded"), FunctionPattern("half-nat")]
        let later = Audit(network: network).run(request)
        #expect(later.findings.allSatisfy { $0.function == "half-nat" })
        #expect(!later.findings.isEmpty)
        #expect(later.suppressed.map(\.function).sorted() == ["crowded", "crowded", "one-subnet"])
        #expect(later.staleBaselineEntries.map(\.rule) == ["single-az"])
        #expect(
            later.staleBaselineEntries.map(\.functionArn) == ["arn:aws:lambda:us-east-1:123456789012:function:one-zone"]
        )
    }

    @Test("the key ignores the words: a rewritten message still matches")
    func keyIgnoresWords() throws {
        let result = Audit(network: try network("placement")).run(AuditRequest())
        var finding = try #require(result.findings.first)
        let key = finding.key
        finding.message = "reworded"
        finding.fix = "another fix"
        #expect(finding.key == key)
    }

    @Test(
        "a file that is not a baseline is an error that says why",
        arguments: [
            ("not json", "not a lambda-reach baseline"),
            ("{\"schemaVersion\": 2, \"findings\": []}", "schemaVersion 2"),
            ("{\"schemaVersion\": 1}", "'findings' is missing"),
            ("{\"schemaVersion\": 1, \"findings\": [{\"rule\": \"single-az\"}]}", "is missing"),
        ])
    func invalid(_ text: String, _ message: String) {
        do {
            _ = try BaselineFile.parse(Data(text.utf8), file: "b.json")
            Issue.record("no error for \(text)")
        } catch {
            #expect(error.description.contains(message), "\(error)")
            #expect(error.file == "b.json")
        }
    }
}
