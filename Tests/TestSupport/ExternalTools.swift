import Foundation
import Testing

/// The programs outside the repository that tests run: Graphviz's `dot`, Python 3 driving
/// Debian's Chromium through Playwright (with mermaid.js from the PyPI package mmdc), the
/// organisation generator. `.ci/run` installs them all.
///
/// Where one is missing the test says what to install and is skipped, except with CI=true,
/// where it fails: a CI machine that lacks one is misconfigured, and a skip there would read
/// as a pass. The same rule as the fuzz test's for the organisation generator.
public enum ExternalTools {
    public static var isCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    /// The status the browser scripts exit with when a tool is missing (automake's "skip").
    public static let missingStatus: Int32 = 77

    /// `name` on PATH, or nil.
    public static func find(_ name: String) -> URL? {
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }

    /// `name` on PATH; nil when it is missing, and the test is then skipped (or fails with
    /// CI=true) with `install` as the reason: the caller returns.
    public static func require(_ name: String, install: String, sourceLocation: SourceLocation = #_sourceLocation)
        throws
        -> URL?
    {
        if let found = find(name) { return found }
        try missing("\(name) is not on PATH: \(install)", sourceLocation: sourceLocation)
        return nil
    }

    /// Skips the test with `reason` printed (Swift 6.3's `Test.cancel` marks it skipped; with
    /// an earlier toolchain it passes, the caller returning at once), or, with CI=true,
    /// records the reason as a failure and throws.
    public static func missing(_ reason: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        if isCI {
            Issue.record("CI=true and a tool the test needs is missing: \(reason)", sourceLocation: sourceLocation)
            throw MissingTool(reason: reason)
        }
        print("skipped: \(reason)")
        #if compiler(>=6.3)
            try Test.cancel(Comment(rawValue: "skipped: \(reason)"), sourceLocation: sourceLocation)
        #endif
    }

    public struct MissingTool: Error, CustomStringConvertible {
        public var reason: String
        public var description: String { "missing: \(reason)" }
    }

    /// Where the tests leave what a person may want to look at (screenshots, the HTML they
    /// checked): LAMBDA_REACH_TEST_ARTIFACTS, else `test-artifacts` in the build's products
    /// folder (`.build/debug/test-artifacts`).
    public static var artifacts: URL {
        let folder: URL
        if let given = ProcessInfo.processInfo.environment["LAMBDA_REACH_TEST_ARTIFACTS"], !given.isEmpty {
            folder = URL(fileURLWithPath: given)
        } else {
            folder = Binary.url.deletingLastPathComponent().appendingPathComponent("test-artifacts")
        }
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }
}

extension Process {
    /// Runs `executable` with `arguments`, stdin from /dev/null, and waits at most `timeout`
    /// seconds; its status and output.
    public static func run(_ executable: URL, _ arguments: [String], timeout: TimeInterval = 300) throws -> (
        status: Int32, stdout: String, stderr: String
    ) {
        let scratch = testScratchRoot.appendingPathComponent("lambda-reach-tool-\(UUID())")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        // Files, not pipes: a tool that prints a lot cannot block on a full pipe.
        let outURL = scratch.appendingPathComponent("out")
        let errURL = scratch.appendingPathComponent("err")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL)
        let err = try FileHandle(forWritingTo: errURL)
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = out
        process.standardError = err
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        try process.run()
        if finished.wait(timeout: .now() + timeout) == .timedOut {
            process.terminate()
            finished.wait()
        }
        try? out.close()
        try? err.close()
        return (
            process.terminationStatus, String(decoding: (try? Data(contentsOf: outURL)) ?? Data(), as: UTF8.self),
            String(decoding: (try? Data(contentsOf: errURL)) ?? Data(), as: UTF8.self)
        )
    }
}
