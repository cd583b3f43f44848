import Foundation
import TestSupport
import Testing

extension ExternalTools {
    /// The browser scripts (Fixtures/browser), as the test bundle holds them.
    static let browserScripts = Repository.fixtures.appendingPathComponent("browser")

    /// Runs `Fixtures/browser/SCRIPT` with python3 and `arguments`: its status and output, or
    /// nil when a tool is missing (exit status 77), and the test is then skipped (or fails
    /// with CI=true): the caller returns.
    static func runBrowserScript(
        _ script: String, _ arguments: [String], timeout: TimeInterval = 300,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> (status: Int32, stdout: String, stderr: String)? {
        guard
            let python = try require(
                "python3", install: "install Python 3 with `pip install playwright mmdc==0.7.0`",
                sourceLocation: sourceLocation)
        else { return nil }
        let result = try Process.run(
            python, [browserScripts.appendingPathComponent(script).path] + arguments, timeout: timeout)
        if result.status == missingStatus {
            let reason = result.stderr.split(separator: "\n").last.map(String.init) ?? "a browser tool is missing"
            try missing(reason, sourceLocation: sourceLocation)
            return nil
        }
        return result
    }
}
