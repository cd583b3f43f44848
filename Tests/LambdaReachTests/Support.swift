import Foundation
import TestSupport
import Testing

extension Repository {
    /// This target's fixtures, as copied into its bundle.
    static let fixtures = Bundle.module.resourceURL!.appendingPathComponent("Fixtures")
    /// Golden files live in the source tree so that re-recording updates them.
    static let golden = root.appendingPathComponent("Tests/LambdaReachTests/Fixtures/golden")
}

/// A fresh inventory file in a temporary folder.
func temporaryDatabase(_ name: String = "inventory") -> String {
    let directory = testScratchRoot.appendingPathComponent(
        "lambda-reach-e2e-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    return directory.appendingPathComponent("\(name).sqlite").path
}

/// Compares `actual` with the golden file `name` of this target (see `TestSupport.expectGolden`).
func expectGolden(_ actual: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    try TestSupport.expectGolden(
        actual, at: Repository.golden.appendingPathComponent(name), sourceLocation: sourceLocation)
}
