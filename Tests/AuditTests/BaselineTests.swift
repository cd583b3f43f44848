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

@Suite("Expectation findings are one per expectation, and keyed by its text")
struct ExpectationFindingKeyTests {
    static let text = """
        expectations:
          - half-nat must not reach dynamodb
          - "* must not reach dynamodb"
          - half-nat must not reach dynamodb on port 80
          - half-nat must not reach dynamodb
        """

    func run(baseline: Baseline? = nil) throws -> AuditResult {
        var request = AuditRequest()
        request.functions = [FunctionPattern("half-nat")]
        request.expectations = try ExpectationsFile.parse(Self.text, file: "expect.yaml")
        request.baseline = baseline
        return Audit(network: try network("placement")).run(request)
    }

    @Test(
        "three expectations violated at one component: three findings, each at its line; the text written twice is one")
    func oneFindingPerExpectation() throws {
        let violated = try run().findings.filter { $0.rule == "expectation-violated" }
        #expect(violated.map { $0.source?.line } == [2, 3, 4])
        #expect(
            violated.map(\.expectation) == [
                "half-nat must not reach dynamodb", "* must not reach dynamodb",
                "half-nat must not reach dynamodb on port 80",
            ])
        #expect(Set(violated.map(\.key)).count == 3)
    }

    @Test(
        "a recorded baseline keeps the text; an entry without one (an older file) accepts every expectation's finding")
    func baselineEntries() throws {
        let first = try run()
        let text = BaselineFile.render(first.allFindings)
        #expect(text.contains("\"expectation\" : \"half-nat must not reach dynamodb on port 80\""))
        let recorded = try BaselineFile.parse(Data(text.utf8), file: "baseline.json")
        #expect(try run(baseline: recorded).findings.isEmpty)
        // One entry recorded for the first line only suppresses that one.
        let one = first.findings.filter { $0.rule == "expectation-violated" }.prefix(1)
        let partial = try run(baseline: Baseline(findings: Array(one)))
        #expect(partial.findings.filter { $0.rule == "expectation-violated" }.count == 2)
        // An entry without the text, as files written before it was kept have them.
        let old = try #require(one.first).key.withoutExpectation
        let older = try run(baseline: Baseline(keys: [old]))
        #expect(older.findings.filter { $0.rule == "expectation-violated" }.isEmpty)
        #expect(older.staleBaselineEntries.isEmpty)
    }
}
