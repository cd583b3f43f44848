import Foundation
import ReachCore
import ReachInventory
import ReachReport
import TestSupport
import Testing

/// One network as AWS Config records it (ConfigFixtures, written from the describe fixtures by
/// config_from_describe.py, in the shapes of the AWS Config resource schema) beside the same
/// network's describe exports.
struct ConfigStory: CustomTestStringConvertible, Sendable {
    var name: String
    var directory: URL
    /// The describe exports it was written from.
    var source: URL
    var testDescription: String { name }

    static let root = Bundle.module.resourceURL!.appendingPathComponent("ConfigFixtures")

    static var all: [ConfigStory] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []).filter {
            FileManager.default.fileExists(atPath: root.appendingPathComponent("\($0)/dropped.json").path)
                || FileManager.default.fileExists(
                    atPath: root.appendingPathComponent("\($0)/select-aggregate-resource-config.json").path)
        }
        return names.sorted().compactMap { name in
            // The describe side: an organisation story of this target, or a scenario of
            // ScenarioTests (read from the source tree).
            let organisation = Bundle.module.resourceURL!.appendingPathComponent("Fixtures/\(name)")
            let scenario = repositoryTests.appendingPathComponent("ScenarioTests/Fixtures/\(name)")
            let source = FileManager.default.fileExists(atPath: organisation.path) ? organisation : scenario
            return ConfigStory(name: name, directory: root.appendingPathComponent(name), source: source)
        }
    }

    /// The repository's Tests folder (the scenario fixtures are read from the source tree).
    static let repositoryTests = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()

    /// Files of `folder` (recursively) whose name satisfies `keep`.
    static func files(in folder: URL, _ keep: (String) -> Bool) -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: folder.path)
        var found: [String] = []
        while let path = enumerator?.nextObject() as? String {
            if keep((path as NSString).lastPathComponent) { found.append(folder.appendingPathComponent(path).path) }
        }
        return found.sorted()
    }

    /// The Config input from an advanced query: an aggregator's results for a story of many
    /// accounts, else one account's.
    var selectFiles: [String] {
        for name in ["select-aggregate-resource-config.json", "select-resource-config.json"] {
            let file = directory.appendingPathComponent(name)
            if FileManager.default.fileExists(atPath: file.path) { return [file.path] }
        }
        return []
    }
    /// Config's snapshots: one per account and region.
    var snapshotFiles: [String] { Self.files(in: directory) { $0 == "snapshot.json.gz" } }

    /// The describe exports, without the documents Config does not record (dropped.json).
    var describeFiles: [String] {
        let dropped = Self.files(in: directory) { $0 == "dropped.json" }.flatMap { file -> [String] in
            guard let data = FileManager.default.contents(atPath: file),
                let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                let documents = object["documents"] as? [[String: Any]]
            else { return [] }
            return documents.compactMap { $0["file"] as? String }
        }
        return Self.files(in: source) { $0.hasSuffix(".json") && $0 != "expected.json" && !dropped.contains($0) }
    }
}

@Suite("AWS Config as an input: the same answers as the describe exports, where both have the data")
struct ConfigImportTests {
    func answers(_ paths: [String], story: ConfigStory) throws -> (answers: [String], warnings: [ImportWarning]) {
        let db = testScratchRoot.appendingPathComponent("config-\(UUID().uuidString).sqlite")
            .path
        defer { try? FileManager.default.removeItem(atPath: db) }
        let store = try InventoryStore(path: db, create: true)
        let summary = try Importer(store: store).importPaths(paths)
        let reachability = Reachability(store: store)
        let expected = try StoryExpectations.load(from: story.source)
        return (
            try expected.queries.map { query in
                let answer = try reachability.answer(
                    function: query.function, target: try Target(parsing: query.target), port: query.port,
                    ipProtocol: query.ipProtocol)
                let subnets = answer.subnets.map { subnet in
                    "\(subnet.subnet) \(subnet.verdict.rawValue) \(subnet.blockers.map { "\($0.code.rawValue)@\($0.component)" }.sorted())"
                }
                return
                    "\(query.target): \(answer.verdict.rawValue) \(subnets) \(answer.blockers.map(\.code.rawValue).sorted())"
            }, summary.warnings
        )
    }

    @Test("every Config fixture has a select result and a snapshot")
    func coverage() {
        #expect(ConfigStory.all.count >= 10)
        for story in ConfigStory.all {
            #expect(!story.selectFiles.isEmpty, "\(story.name) has no select-resource-config result")
            #expect(!story.snapshotFiles.isEmpty, "\(story.name) has no snapshot")
        }
    }

    @Test("select results, snapshots and describe exports give the same answers", arguments: ConfigStory.all)
    func sameAnswers(_ story: ConfigStory) throws {
        let selected = try answers(story.selectFiles, story: story)
        let snapshot = try answers(story.snapshotFiles, story: story)
        let described = try answers(story.describeFiles, story: story)
        #expect(selected.answers == snapshot.answers)
        // What Config does not record is said, with the call that gives it.
        #expect(selected.warnings.contains { $0.message.contains("AWS Config does not record VPC DNS attributes") })
        if story.name.hasPrefix("transit-gateway-") {
            // Config records no attachment's association: the path stops at the transit
            // gateway as unknown, and the fix names the call that would tell.
            for answer in selected.answers { #expect(answer.contains("TGW_ROUTE_TABLE_NOT_FOUND"), "\(answer)") }
        } else {
            #expect(selected.answers == described.answers)
        }
    }

    @Test("a bad Config result names the file and the result's JSON path")
    func badResult() throws {
        let folder = testScratchRoot.appendingPathComponent("config-bad-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("select.json")
        let result =
            #"{\"resourceId\":\"subnet-0a1\",\"resourceType\":\"AWS::EC2::Subnet\",\"accountId\":\"111122223333\",\"awsRegion\":\"eu-west-1\",\"configuration\":{\"subnetId\":\"subnet-0a1\",\"vpcId\":\"vpc-0a1\",\"cidrBlock\":\"10.1.300.0/24\"}}"#
        try #"{"Results": ["\#(result)"], "QueryInfo": {"SelectFields": [{"Name": "configuration"}]}}"#.write(
            to: file, atomically: true, encoding: .utf8)
        let store = try InventoryStore(path: folder.appendingPathComponent("db.sqlite").path, create: true)
        let error = #expect(throws: ImportError.self) { try Importer(store: store).importPaths([file.path]) }
        #expect(error?.file == file.path)
        #expect(error?.jsonPath == "$.Results[0].configuration.cidrBlock", "\(String(describing: error))")
    }
}
