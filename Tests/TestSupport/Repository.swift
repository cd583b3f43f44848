import Foundation
import Testing

/// Paths in the repository, found from this file, so that every test target reads the same
/// fixture tree from the source (no copies in bundles) and golden files re-record in place.
public enum Repository {
    /// The top of the repository.
    public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    /// `Tests/`.
    public static let tests = root.appendingPathComponent("Tests")
    /// The scenario folders: AWS CLI JSON and the expected answers, one rule each.
    public static let scenarios = tests.appendingPathComponent("ScenarioTests/Fixtures")
    /// The demo's stories.
    public static let samples = root.appendingPathComponent("SampleTopologies")
    /// The scenario folders that hold an expected.json, sorted.
    public static var scenarioFolders: [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: scenarios.path)) ?? []
        return names.sorted().map { scenarios.appendingPathComponent($0) }.filter {
            FileManager.default.fileExists(atPath: $0.appendingPathComponent("expected.json").path)
        }
    }
}

/// Where the tests' scratch files go: one folder per test process under the temporary
/// directory, removed when the process exits, so that a run leaves nothing behind (a full run
/// used to leave about 600 folders and inventories there). A run that crashes leaves its
/// folder, to look at.
public let testScratchRoot: URL = {
    let url = scratchRootOfThisProcess()
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    atexit { try? FileManager.default.removeItem(at: scratchRootOfThisProcess()) }
    return url
}()

private func scratchRootOfThisProcess() -> URL {
    FileManager.default.temporaryDirectory.appendingPathComponent("lambda-reach-tests-\(getpid())")
}

/// A fresh folder under `testScratchRoot`, named after `label`.
public func scratchDirectory(_ label: String) throws -> URL {
    let url = testScratchRoot.appendingPathComponent(
        "lambda-reach-\(label)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// Compares `actual` with the golden file at `url` byte for byte, showing the first lines that
/// differ; LAMBDA_REACH_RECORD_GOLDEN=1 re-records it instead.
public func expectGolden(_ actual: String, at url: URL, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let name = url.lastPathComponent
    if ProcessInfo.processInfo.environment["LAMBDA_REACH_RECORD_GOLDEN"] == "1" {
        try FileManager.default.createDirectory(
            at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try actual.write(to: url, atomically: true, encoding: .utf8)
        return
    }
    guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
        Issue.record(
            "missing golden file \(url.path): run with LAMBDA_REACH_RECORD_GOLDEN=1 to record it",
            sourceLocation: sourceLocation)
        return
    }
    guard expected != actual else { return }
    let a = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let b = actual.split(separator: "\n", omittingEmptySubsequences: false)
    var diff: [String] = []
    for index in 0..<max(a.count, b.count) where index >= a.count || index >= b.count || a[index] != b[index] {
        diff.append(
            "line \(index + 1):\n  - \(index < a.count ? String(a[index]) : "<end of file>")\n  + \(index < b.count ? String(b[index]) : "<end of file>")"
        )
        if diff.count == 10 {
            diff.append("...")
            break
        }
    }
    Issue.record(
        "\(name) differs from its golden file (\(a.count) lines expected, \(b.count) actual; LAMBDA_REACH_RECORD_GOLDEN=1 re-records it):\n\(diff.joined(separator: "\n"))",
        sourceLocation: sourceLocation)
}

/// The built `lambda-reach` binary, run as a user (or a CI job) runs it.
public enum Binary {
    /// The build's products folder holds the test bundle and the binary side by side: found
    /// from the running test executable.
    public static let url: URL = {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent(),
            Bundle.main.bundleURL.deletingLastPathComponent(), Bundle.main.bundleURL,
        ]
        let found = candidates.map { $0.appendingPathComponent("lambda-reach") }.first {
            FileManager.default.isExecutableFile(atPath: $0.path)
        }
        return found ?? candidates[0].appendingPathComponent("lambda-reach")
    }()

    /// What a run printed and how it ended.
    public struct Result: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// Runs the binary with a clean environment (no colour settings, no LAMBDA_REACH_DB) plus
    /// `environment`, in `directory`.
    public static func run(_ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:])
        throws -> Result
    {
        guard FileManager.default.isExecutableFile(atPath: url.path) else {
            Issue.record("no lambda-reach binary at \(url.path): build it first (swift build --build-tests)")
            throw CocoaError(.fileNoSuchFile)
        }
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        process.environment = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": NSTemporaryDirectory(),
        ].merging(environment) { _, new in new }
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

/// The story folders of a fixture tree: each sub-folder of `root` that holds an expected.json,
/// by name.
public func fixtureFolders(in root: URL) -> [(name: String, directory: URL)] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
    return names.filter {
        FileManager.default.fileExists(atPath: root.appendingPathComponent("\($0)/expected.json").path)
    }.sorted().map { ($0, root.appendingPathComponent($0)) }
}
