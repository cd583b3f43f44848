import Foundation
import Testing

/// The built `lambda-reach` binary, run as a user would run it.
enum Binary {
    /// The folder holding the test bundle also holds the products of the same build.
    static let url: URL = {
        let products = Bundle.module.bundleURL.deletingLastPathComponent()
        return products.appendingPathComponent("lambda-reach")
    }()

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs the binary with `arguments`, in `directory`, with a clean environment (no colour
    /// settings, no LAMBDA_REACH_DB) plus `environment`.
    static func run(_ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:]) throws
        -> Result
    {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        var env = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": NSTemporaryDirectory(),
        ]
        env.merge(environment) { _, new in new }
        process.environment = env
        if let directory { process.currentDirectoryURL = directory }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read before waiting: a large report would otherwise fill the pipe and block.
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }
}

/// Paths in the repository, found from this file so that tests work from any directory.
enum Repository {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let scenarios = root.appendingPathComponent("Tests/ScenarioTests/Fixtures")
    static let samples = root.appendingPathComponent("SampleTopologies")
    static let fixtures = Bundle.module.resourceURL!.appendingPathComponent("Fixtures")
    /// Golden files live in the source tree so that re-recording updates them.
    static let golden = root.appendingPathComponent("Tests/EndToEndTests/Fixtures/golden")
}

/// A fresh inventory file in a temporary folder.
func temporaryDatabase(_ name: String = "inventory") -> String {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
        "lambda-reach-e2e-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    return directory.appendingPathComponent("\(name).sqlite").path
}

/// Compares `actual` with the golden file `name`; LAMBDA_REACH_RECORD_GOLDEN=1 re-records it.
func expectGolden(_ actual: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let url = Repository.golden.appendingPathComponent(name)
    if ProcessInfo.processInfo.environment["LAMBDA_REACH_RECORD_GOLDEN"] == "1" {
        try actual.write(to: url, atomically: true, encoding: .utf8)
        return
    }
    guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
        Issue.record(
            "missing golden file \(name): run with LAMBDA_REACH_RECORD_GOLDEN=1 to record it",
            sourceLocation: sourceLocation)
        return
    }
    if expected != actual {
        let a = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let b = actual.split(separator: "\n", omittingEmptySubsequences: false)
        var diff: [String] = []
        for index in 0..<max(a.count, b.count) where index >= a.count || index >= b.count || a[index] != b[index] {
            diff.append(
                "line \(index + 1):\n- \(index < a.count ? String(a[index]) : "")\n+ \(index < b.count ? String(b[index]) : "")"
            )
            if diff.count == 8 { break }
        }
        Issue.record(
            "\(name) differs from its golden file:\n\(diff.joined(separator: "\n"))", sourceLocation: sourceLocation)
    }
}
