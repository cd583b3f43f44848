import Foundation
import ReachCore
import ReachInventory
import Testing

@testable import ReachReport

@Suite("Reports: golden text, JSON and SARIF, and their contracts")
struct ReportTests {
    /// The placement fixture with its expectations file: findings of most kinds, expectations
    /// that hold and that do not, a VPC with a name.
    static func result(failOn: Severity? = .error) throws -> (AuditResult, AuditReport.Context) {
        var request = AuditRequest()
        let text = try String(
            contentsOf: Fixtures.expectations.appendingPathComponent("placement.yaml"), encoding: .utf8)
        request.expectations = try ExpectationsFile.parse(text, file: "expectations/placement.yaml")
        let result = Audit(network: try network("placement")).run(request)
        return (result, AuditReport.Context(inventory: "placement.sqlite", failOn: failOn))
    }

    @Test("golden JSON")
    func goldenJSON() throws {
        let (result, context) = try Self.result()
        try expectGolden(AuditReport.json(result, context: context), "placement.json")
    }

    @Test("golden SARIF")
    func goldenSARIF() throws {
        let (result, context) = try Self.result()
        try expectGolden(AuditReport.sarif(result, context: context), "placement.sarif")
    }

    @Test("golden text")
    func goldenText() throws {
        let (result, context) = try Self.result()
        try expectGolden(AuditReport.text(result, context: context, style: Style(enabled: false)), "placement.txt")
    }

    @Test("the JSON contract: schemaVersion, functions with targets and verdicts, findings with their fields")
    func jsonContract() throws {
        let (result, context) = try Self.result()
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(AuditReport.json(result, context: context).utf8))
                as? [String: Any])
        #expect(object["schemaVersion"] as? Int == AuditResult.schemaVersion)
        let functions = try #require(object["functions"] as? [[String: Any]])
        #expect(functions.count == 9)
        for function in functions {
            #expect(function["function"] is String && function["functionArn"] is String)
            for target in try #require(function["targets"] as? [[String: Any]]) {
                #expect(target["target"] is String)
                #expect(["reachable", "partial", "unreachable"].contains(target["verdict"] as? String ?? ""))
            }
        }
        let findings = try #require(object["findings"] as? [[String: Any]])
        #expect(findings.count == result.findings.count)
        for finding in findings {
            for key in [
                "rule", "severity", "function", "functionArn", "target", "component", "message", "fix", "source",
            ] {
                #expect(finding.keys.contains(key), "finding without \(key)")
            }
            #expect(["error", "warning", "note"].contains(finding["severity"] as? String ?? ""))
        }
        let outcome = try #require(object["outcome"] as? [String: Any])
        #expect(outcome["passed"] as? Bool == false)
        #expect(outcome["failOn"] as? String == "error")
        let summary = try #require(object["summary"] as? [String: Any])
        #expect(summary["functions"] as? Int == 9 && summary["answers"] as? Int == 45)
        #expect(try #require(object["expectations"] as? [[String: Any]]).count == 9)
    }

    @Test("SARIF 2.1.0: every rule described, every result pointing at its rule and somewhere")
    func sarifShape() throws {
        let (result, context) = try Self.result()
        let log = try #require(
            try JSONSerialization.jsonObject(with: Data(AuditReport.sarif(result, context: context).utf8))
                as? [String: Any])
        #expect(log["version"] as? String == "2.1.0")
        #expect((log["$schema"] as? String)?.contains("sarif-2.1.0") == true)
        let run = try #require((log["runs"] as? [[String: Any]])?.first)
        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        #expect(driver["name"] as? String == "lambda-reach")
        let rules = try #require(driver["rules"] as? [[String: Any]])
        #expect(rules.map { $0["id"] as? String ?? "" } == AuditRule.all.map(\.id))
        for rule in rules {
            #expect((rule["shortDescription"] as? [String: Any])?["text"] is String)
            #expect((rule["fullDescription"] as? [String: Any])?["text"] is String)
            let level = (rule["defaultConfiguration"] as? [String: Any])?["level"] as? String
            #expect(["error", "warning", "note"].contains(level ?? ""))
        }
        let results = try #require(run["results"] as? [[String: Any]])
        #expect(results.count == result.findings.count)
        var fingerprints = Set<String>()
        for item in results {
            let index = try #require(item["ruleIndex"] as? Int)
            #expect(rules[index]["id"] as? String == item["ruleId"] as? String)
            #expect(
                item["level"] as? String == (rules[index]["defaultConfiguration"] as? [String: Any])?["level"]
                    as? String)
            let location = try #require((item["locations"] as? [[String: Any]])?.first)
            let physical = try #require(location["physicalLocation"] as? [String: Any])
            let uri = try #require((physical["artifactLocation"] as? [String: Any])?["uri"] as? String)
            #expect(uri == "placement.sqlite" || uri == "expectations/placement.yaml")
            if uri == "expectations/placement.yaml" {
                #expect(((physical["region"] as? [String: Any])?["startLine"] as? Int ?? 0) > 0)
            }
            let fingerprint = try #require(
                (item["partialFingerprints"] as? [String: String])?["lambdaReachFindingKey/v1"])
            #expect(fingerprint.count == 16)
            fingerprints.insert(fingerprint)
        }
        #expect(fingerprints.count == results.count, "two findings share a fingerprint")
    }

    @Test("text: the matrix per VPC and the outcome line")
    func textShape() throws {
        let (result, context) = try Self.result()
        let text = AuditReport.text(result, context: context, style: Style(enabled: false))
        #expect(text.contains("vpc-0ad10100000000001 (shop), 9 functions"))
        #expect(text.contains("  public-only         NO        NO        NO       yes      yes\n"))
        #expect(text.hasSuffix("Result: FAILED: 11 findings at or above error (--fail-on error)\n"))
        let never = AuditReport.text(
            result, context: AuditReport.Context(inventory: "x", failOn: nil), style: Style(enabled: false))
        #expect(never.hasSuffix("Result: not judged (--fail-on never)\n"))
        let colour = AuditReport.text(result, context: context, style: Style(enabled: true))
        #expect(colour.contains("\u{1B}[31mNO\u{1B}[0m"))
    }

    @Test("JSON strings are escaped")
    func escaping() throws {
        var finding = Finding(
            rule: .singleAZ, function: nil, component: "c\"1\\\n\t\u{1}é", message: "m", fix: "f")
        finding.function = "fn"
        let result = AuditResult(
            functions: [], findings: [finding], suppressed: [], staleBaselineEntries: [], expectations: [], vpcCount: 0)
        let json = AuditReport.json(result, context: AuditReport.Context(inventory: "x"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let component = (object["findings"] as? [[String: Any]])?.first?["component"] as? String
        #expect(component == "c\"1\\\n\t\u{1}é")
        #expect(json.contains(#""component" : "c\"1\\\n\t\u0001é""#))
    }
}

@Suite("The JSON writer")
struct JSONWriterTests {
    @Test("elements written in concurrent chunks are the bytes of a plain loop", arguments: [1, 2, 3, 7, 64])
    func chunkedElements(_ chunkSize: Int) {
        let items = (0..<23).map { "item \($0) \"quoted\" \\ tab\t line\nend \u{1}" }
        for leading in [false, true] {
            var plain = AuditJSONWriter()
            var chunked = AuditJSONWriter()
            for writer in [0, 1] {
                var out = AuditJSONWriter()
                out.object { root in
                    root.field("list") {
                        $0.array { list in
                            if leading { list.string("first") }
                            if writer == 0 {
                                for item in items { list.object { $0.field("name", item) } }
                            } else {
                                list.elements(items, chunkSize: chunkSize) { list, item in
                                    list.object { $0.field("name", item) }
                                }
                            }
                            list.string("last")
                        }
                    }
                    root.field("n", 1)
                }
                if writer == 0 { plain = out } else { chunked = out }
            }
            let (chunkedText, plainText) = (chunked.finishText(), plain.finishText())
            #expect(chunkedText == plainText)
            #expect(plainText.contains("\\\"quoted\\\" \\\\ tab\\t line\\nend \\u0001"))
            // Streamed to a sink, a wave of chunks at a time: the same bytes, and nothing kept.
            for wave in [1, 2, 5] {
                final class Received: @unchecked Sendable { var bytes: [UInt8] = [] }
                let received = Received()
                var streamed = AuditJSONWriter(sink: { received.bytes += $0 })
                streamed.object { root in
                    root.field("list") {
                        $0.array { list in
                            if leading { list.string("first") }
                            list.elements(items, chunkSize: chunkSize, wave: wave) { list, item in
                                list.object { $0.field("name", item) }
                            }
                            list.string("last")
                        }
                    }
                    root.field("n", 1)
                }
                #expect(streamed.finish().isEmpty)
                #expect(String(decoding: received.bytes, as: UTF8.self) == plainText, "wave \(wave)")
            }
        }
    }

    @Test("the word-at-a-time escape test agrees with the byte test for every byte at every position")
    func wordScan() {
        func needsEscape(_ byte: UInt8) -> Bool { byte < 0x20 || byte == 0x22 || byte == 0x5C }
        // Fillers that need no escape, next to the byte tested: ASCII, and UTF-8 continuation
        // and lead bytes, whose high bit the word test must not mistake for a borrow.
        for filler: UInt8 in [0x61, 0x20, 0x7F, 0x80, 0xC3, 0xFF] {
            for position in 0..<8 {
                for byte in UInt8.min...UInt8.max {
                    var word = [UInt8](repeating: filler, count: 8)
                    word[position] = byte
                    let loaded = word.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
                    #expect(
                        AuditJSONWriter.needsEscape(loaded) == needsEscape(byte),
                        "byte \(byte) at \(position) among \(filler)")
                }
            }
        }
    }

    @Test("indentation keeps two spaces a level, deeper than the writer's run of spaces")
    func deepIndentation() throws {
        func nest(_ out: inout AuditJSONWriter, _ level: Int) {
            if level == 0 {
                out.string("bottom")
            } else {
                out.array { nest(&$0, level - 1) }
            }
        }
        for depth in [1, 31, 32, 33, 70] {
            var out = AuditJSONWriter()
            nest(&out, depth)
            let text = out.finishText()
            let lines = text.split(separator: "\n")
            // Opening brackets indent 0, 2, 4, ...; the string sits at depth levels.
            #expect(lines[depth] == Substring(String(repeating: "  ", count: depth) + "\"bottom\""), "depth \(depth)")
            #expect(lines.last == "]")
            var value: Any = try JSONSerialization.jsonObject(with: Data(text.utf8), options: .fragmentsAllowed)
            for _ in 0..<depth { value = try #require((value as? [Any])?.first) }
            #expect(value as? String == "bottom")
        }
    }

    @Test("commas stay right at every level, past the 64 the writer keeps in one word")
    func deepCommas() throws {
        // Each level: a number, the next level, then a string after it; the comma before the
        // string depends on the level's state kept across everything nested inside.
        func nest(_ out: inout AuditJSONWriter, _ level: Int) {
            out.array { list in
                list.int(level)
                if level > 0 { nest(&list, level - 1) }
                list.string("after \(level)")
            }
        }
        for depth in [3, 63, 64, 65, 130] {
            var out = AuditJSONWriter()
            nest(&out, depth)
            var value: Any = try JSONSerialization.jsonObject(with: Data(out.finishText().utf8))
            for level in stride(from: depth, through: 0, by: -1) {
                let list = try #require(value as? [Any], "depth \(depth), level \(level)")
                #expect(list.first as? Int == level)
                #expect(list.last as? String == "after \(level)")
                #expect(list.count == (level > 0 ? 3 : 2))
                if level > 0 { value = list[1] }
            }
        }
    }

    @Test("strings read back as written, whatever their length and wherever the escapes fall")
    func stringsRoundTrip() throws {
        // Every length up to three words, with a character that needs an escape at each
        // position, and non-ASCII text around it: JSONSerialization is the oracle.
        let specials = ["\"", "\\", "\n", "\u{1}", "\u{1F}", "é", "€", "🙂"]
        var texts: [String] = []
        for length in 0...24 {
            let plain = String(repeating: "a", count: length)
            texts.append(plain)
            for special in specials where length > 0 {
                for position in 0..<length {
                    var characters = Array(plain)
                    characters[position] = Character(special)
                    texts.append(String(characters))
                }
            }
        }
        var out = AuditJSONWriter()
        out.object { root in root.field("texts", strings: texts) }
        let data = Data(out.finishText().utf8)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: [String]])
        #expect(object["texts"] == texts)
    }

    @Test("byte buffer: appends of every size across growth")
    func byteBuffer() {
        let buffer = ByteBuffer(capacity: 1)
        var expected: [UInt8] = []
        for size in 0...40 {
            let piece = (0..<size).map { UInt8(truncatingIfNeeded: size &* 7 &+ $0) }
            piece.withUnsafeBufferPointer { buffer.append($0) }
            expected += piece
            buffer.append(UInt8(size))
            expected.append(UInt8(size))
        }
        buffer.append("static" as StaticString)
        buffer.append("and a String, é")
        expected += Array("staticand a String, é".utf8)
        #expect(buffer.array == expected)
        #expect(buffer.count == expected.count)
        buffer.withUnsafeBytes { #expect(Array($0) == expected) }
        #expect(ByteBuffer().isEmpty && ByteBuffer().array == [])
    }
}
