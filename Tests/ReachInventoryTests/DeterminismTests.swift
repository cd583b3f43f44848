import Foundation
import ReachInventory
import Testing

/// Same input, same inventory: two fresh databases given the same files (and the same import
/// time) dump to the same bytes, whatever the order the paths are named in.
@Suite("Determinism: the same input gives the same database dump")
struct DeterminismTests {
    @Test(
        "every fixture into two fresh databases",
        arguments: [
            "batfish-test-nat-gateway", "batfish-test-vpc-endpoint-gateway", "batfish-test-vpc-endpoint-interface",
            "roundtrip",
        ])
    func twoDatabases(_ fixture: String) throws {
        let source = fixture == "roundtrip" ? Fixtures.roundTrip : Fixtures.snapshot(fixture)
        let scratch = try Scratch("determinism")
        let one = try scratch.store("one.sqlite")
        let two = try scratch.store("two.sqlite")
        try importPaths([source.path], into: one)
        try importPaths([source.path], into: two)
        let dump = try one.dump()
        #expect(dump == (try two.dump()))
        #expect(dump.contains("2026-01-01T00:00:00Z"), "the import time recorded is the one given")
    }

    @Test("the files named in another order")
    func fileOrder() throws {
        let scratch = try Scratch("order")
        let files = try FileManager.default.contentsOfDirectory(atPath: Fixtures.roundTrip.path).filter {
            $0.hasSuffix(".json")
        }.sorted()
            .map { Fixtures.roundTrip.appendingPathComponent($0).path }
        #expect(files.count == 41)
        let forward = try scratch.store("forward.sqlite")
        let backward = try scratch.store("backward.sqlite")
        let directory = try scratch.store("directory.sqlite")
        try importPaths(files, into: forward)
        try importPaths(files.reversed(), into: backward)
        try importPaths([Fixtures.roundTrip.path], into: directory)
        // Rules merged from the two security-group calls are numbered in the order the files
        // are named, so the comparison is on the rows (rule IDs and descriptions included), not
        // on their ordinals.
        let rows = { (store: InventoryStore) throws -> [String: Set<String>] in
            dumpTables(try store.dump(excludingColumns: ["ordinal"]))
        }
        #expect(try rows(forward) == (try rows(backward)))
        #expect(try forward.dump() == (try directory.dump()))
    }

    @Test("the generated organisation into two fresh databases")
    func organisation() throws {
        let scratch = try Scratch("org-determinism")
        let one = try OrganisationGenerator.imported(into: scratch, as: "one.sqlite")
        let two = try OrganisationGenerator.imported(into: scratch, as: "two.sqlite")
        #expect(try one.dump() == (try two.dump()))
    }

    @Test("SOURCE_DATE_EPOCH-style fixed time: importing twice into one database is stable")
    func fixedTimeTwice() throws {
        let scratch = try Scratch("fixed-twice")
        let store = try scratch.store()
        try importPaths([Fixtures.snapshot("batfish-test-nat-gateway").path], into: store)
        let once = try store.dump()
        try importPaths([Fixtures.snapshot("batfish-test-nat-gateway").path], into: store)
        #expect(try store.dump() == once)
    }
}
