import Foundation
import Testing

/// A failing case kept as a fixture: `Fixtures/kept/NAME/case.json` beside `Fixtures/kept/NAME/folder/`,
/// the mutated export (with the files the failure does not need left out). Everything the
/// replay needs is in the folder: the questions, and what the unmutated export answered.
struct KeptCase: Codable, Sendable {
    /// What happened and what should happen, in words; the finder writes a first line, a person
    /// completes it.
    var note: String
    /// The run's seed (hex) and the case's number in it: LAMBDA_REACH_FUZZ_SEED=S
    /// LAMBDA_REACH_FUZZ_FIRST=N LAMBDA_REACH_FUZZ_CASES=1 runs it again from the seed.
    var runSeed: String
    var caseNumber: Int
    /// The seed folder it was made from.
    var source: String
    var mutation: Mutation
    /// The seed's files the reproduction does not need, left out of `folder/`.
    var omittedFiles: [String]
    /// What went wrong when it was kept.
    var failures: [Failure]
    var questions: [Question]
    var baseline: Baseline

    /// The kind of failure and where: one fixture per signature is enough.
    var signature: String { "\(failures.first?.kind ?? "?") at \(mutation.shape)" }

    static func load(_ folder: URL) throws -> KeptCase {
        try JSONDecoder().decode(KeptCase.self, from: Data(contentsOf: folder.appendingPathComponent("case.json")))
    }

    func save(to folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try (encoder.encode(self) + Data("\n".utf8)).write(to: folder.appendingPathComponent("case.json"))
    }

    /// The names of the kept cases, for the replay test's arguments.
    static var all: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: Repository.kept.path)) ?? []
        return names.filter {
            FileManager.default.fileExists(atPath: Repository.kept.appendingPathComponent("\($0)/case.json").path)
        }.sorted()
    }

    /// A folder name for a new kept case: the failure, the source, the run seed and case.
    static func name(for kept: KeptCase) -> String {
        let kind = (kept.failures.first?.kind ?? "failure").replacing(/[^a-z0-9]+/, with: "-")
        let source =
            kept.source.hasPrefix("organisation") ? "org" : String(kept.source.replacing("scenario ", with: ""))
        let name = "\(kind)-\(source)-\(kept.runSeed)-\(kept.caseNumber)"
        return name.replacing(/[^A-Za-z0-9-]+/, with: "-")
    }
}

/// The case being run, on disk until it ends: a case that crashes the test process stays
/// there, and the next run keeps it as a fixture (`FuzzTests.takeLeftover`).
enum InFlight {
    /// Under the temporary folder, one per checkout (two worktrees fuzzing at once must not
    /// share it).
    static let root: URL = {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a of the checkout's path
        for byte in Repository.root.path.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return FileManager.default.temporaryDirectory.appendingPathComponent(
            "lambda-reach-fuzz-\(String(hash, radix: 16))")
    }()
    static let folder = root.appendingPathComponent("case")
    static let description = root.appendingPathComponent("case.json")
    static let store = root.appendingPathComponent("inventory.sqlite").path
}
