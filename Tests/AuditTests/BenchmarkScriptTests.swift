import Foundation
import TestSupport
import Testing

/// Benchmarks/run.py end to end, on organisations small enough for a test (22 and 24 VPCs: the
/// benchmark's query function is in VPC 21) and the binary of this build: every figure is
/// measured, every ratio of issue 6 is computed, and the exit status says whether one is
/// missed. The figures themselves mean nothing at this size; the benchmark's wiring does.
@Suite("Benchmarks/run.py")
struct BenchmarkScriptTests {
    /// The ratios of issues 6 and 26 and their limits, as the README states them.
    static let limits = [
        "import_over_input_floor": 2.0, "import_per_mb_growth": 1.1, "import_rss_over_512mib": 1.0,
        "reimport_over_fresh": 2.0, "audit_over_inventory_floor": 2.0, "audit_rss_over_2gib": 1.0,
        "query_over_inventory_floor": 0.2, "query_over_small_query": 1.2, "diff_over_audit": 2.0,
    ]

    @Test("measures every figure, prints every ratio, and exits 1 exactly when one is missed")
    func smallRun() throws {
        let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let work = try scratchDirectory("benchmark")
        let figuresFile = work.appendingPathComponent("figures.json")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", package.appendingPathComponent("Benchmarks/run.py").path, "--binary", Binary.url.path,
            "--sizes", "22,24", "--repeat", "1", "--work", work.appendingPathComponent("orgs").path, "--json",
            figuresFile.path,
        ]
        var environment = ProcessInfo.processInfo.environment
        environment["LAMBDA_REACH_GEN_ORG"] = Generator.script
        process.environment = environment
        // Its progress log to a file, read at the end: only standard output is piped.
        let log = work.appendingPathComponent("stderr.txt")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let out = Pipe()
        process.standardOutput = out
        process.standardError = try FileHandle(forWritingTo: log)
        try process.run()
        let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let stderr = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        // 2 is the benchmark failing to run at all (generator, import, a command's error).
        try #require(process.terminationStatus == 0 || process.terminationStatus == 1, "\(stderr)\n\(stdout)")

        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: figuresFile)) as? [String: Any])
        let organisations = try #require(json["organisations"] as? [[String: Any]])
        #expect(organisations.compactMap { $0["vpcs"] as? Int } == [22, 24])
        for figures in organisations {
            // Every organisation is measured whole, and one account of it imported again.
            for name in [
                "input_floor", "import", "inventory_floor", "query", "reimport_account", "import_account_fresh",
            ] {
                #expect((figures[name] as? Double ?? 0) > 0, "\(name) of \(figures["vpcs"] ?? "?") VPCs")
            }
        }
        let large = try #require(organisations.last)
        #expect((large["audit"] as? Double ?? 0) > 0)
        #expect((large["audit_rss"] as? Int ?? 0) > 0)
        #expect((large["audit_report_bytes"] as? Int ?? 0) > 0)
        let stages = try #require(large["audit_stages"] as? [[Any]])
        #expect(stages.compactMap { $0.first as? String }.last == "total")
        #expect(large["two_cores_before"] is Double && large["two_cores_after"] is Double)

        let ratios = try #require(json["ratios"] as? [String: Double])
        #expect(Set(ratios.keys) == Set(Self.limits.keys))
        let missed = Self.limits.filter { name, limit in (ratios[name] ?? .infinity) > limit }.count
        #expect(process.terminationStatus == (missed == 0 ? 0 : 1), "\(ratios)")
        #expect(stdout.hasSuffix(missed == 0 ? "all ratios met\n" : "\(missed) ratio(s) missed\n"), "\(stdout)")
        #expect(
            stdout.components(separatedBy: "\n").filter { $0.hasPrefix("  pass ") || $0.hasPrefix("  FAIL ") }.count
                == Self.limits.count)
        // The Markdown table for the README names both sizes.
        #expect(stdout.contains("| figure | 22 VPCs | 24 VPCs |"), "\(stdout)")
        // diff of the organisation against itself is measured, and finds nothing.
        #expect(large["diff"] is Double, "\(large.keys.sorted())")
    }
}
