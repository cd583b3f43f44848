import Foundation
import ReachCore
import ReachInventory
import ReachReport
import TestSupport
import Testing

/// One organisation story: a folder per account (`ACCOUNT/REGION/` as collect writes them)
/// and the answers the rules give (expected.json).
struct OrganisationStory: CustomTestStringConvertible, Sendable {
    var name: String
    var directory: URL
    var testDescription: String { name }

    static let root = Bundle.module.resourceURL!.appendingPathComponent("Fixtures")

    static var all: [OrganisationStory] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        return names.filter {
            FileManager.default.fileExists(
                atPath: root.appendingPathComponent($0).appendingPathComponent("expected.json").path)
        }.sorted().map { OrganisationStory(name: $0, directory: root.appendingPathComponent($0)) }
    }

    /// The account folders: everything but expected.json.
    var accountFolders: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).filter {
            $0.allSatisfy(\.isNumber)
        }.sorted().map { directory.appendingPathComponent($0).path }
    }
}

@Suite("Organisation stories: shared VPCs and central endpoints across accounts")
struct OrganisationStoryTests {
    @Test("there is a story for each family")
    func coverage() {
        let names = OrganisationStory.all.map(\.name)
        #expect(names.filter { $0.hasPrefix("shared-vpc-") }.count >= 4)
        #expect(names.filter { $0.hasPrefix("central-endpoints-") }.count >= 4)
    }

    @Test("answers match expected.json", arguments: OrganisationStory.all)
    func story(_ story: OrganisationStory) throws {
        let db = testScratchRoot.appendingPathComponent("org-\(UUID().uuidString).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: db) }
        let store = try InventoryStore(path: db, create: true)
        _ = try Importer(store: store).importPaths(story.accountFolders)
        let reachability = Reachability(store: store)
        let expected = try StoryExpectations.load(from: story.directory)
        #expect(!expected.queries.isEmpty)
        for query in expected.queries {
            let answer = try reachability.answer(
                function: query.function, target: try Target(parsing: query.target), port: query.port,
                ipProtocol: query.ipProtocol)
            let problems = StoryExpectations.mismatches(answer, query)
            #expect(problems.isEmpty, "\(query.function) -> \(query.target): \(problems.joined(separator: "; "))")
        }
    }

    @Test("the accounts in either order give the same inventory")
    func accountOrder() throws {
        let story = try #require(OrganisationStory.all.first { $0.name == "shared-vpc-rds-in-other-participant" })
        var dumps: [String] = []
        for (index, folders) in [story.accountFolders, story.accountFolders.reversed()].enumerated() {
            let db = testScratchRoot.appendingPathComponent(
                "org-order-\(index)-\(UUID().uuidString).sqlite"
            ).path
            defer { try? FileManager.default.removeItem(atPath: db) }
            let store = try InventoryStore(path: db, create: true)
            let summary = try Importer(store: store, options: ImportOptions(importedAt: Date(timeIntervalSince1970: 0)))
                .importPaths(folders)
            // A shared subnet seen from three accounts is one subnet: no "also appears" warning.
            #expect(!summary.warnings.contains { $0.message.contains("also appears") }, "\(summary.warnings)")
            dumps.append(try store.dump())
        }
        #expect(dumps[0] == dumps[1])
    }
}
