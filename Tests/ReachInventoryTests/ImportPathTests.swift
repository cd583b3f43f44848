import Foundation
import GRDB
import ReachInventory
import Testing

/// What the import reads from a folder: `*.json` regular files, through symbolic links to
/// files and folders, without looping on a link to a folder it is already in, and without
/// ever blocking on a FIFO.
@Suite("Import folders: symbolic links and files that are not regular files", .timeLimit(.minutes(1)))
struct ImportPathTests {
    let scratch: Scratch
    let store: InventoryStore

    init() throws {
        scratch = try Scratch("paths")
        store = try scratch.store()
    }

    static let vpcs = #"{"Vpcs": [{"VpcId": "vpc-0a1", "CidrBlock": "10.1.0.0/16", "OwnerId": "111122223333"}]}"#
    static let subnets =
        #"{"Subnets": [{"SubnetId": "subnet-0a1", "VpcId": "vpc-0a1", "CidrBlock": "10.1.1.0/24", "AvailabilityZone": "eu-west-1a"}]}"#

    /// Runs an import that must be refused for `file` as a whole (no JSON path), and checks
    /// that the inventory did not change.
    func expectRefused(
        _ paths: [String], file: String, mentions: [String], sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let before = try store.dump()
        let error = #expect(throws: ImportError.self, sourceLocation: sourceLocation) {
            try importPaths(paths, into: store)
        }
        #expect(error?.file == file, sourceLocation: sourceLocation)
        #expect(error?.jsonPath == "", sourceLocation: sourceLocation)
        for fragment in mentions {
            #expect(
                error?.description.contains(fragment) == true, "\(String(describing: error))",
                sourceLocation: sourceLocation)
        }
        #expect(try store.dump() == before, sourceLocation: sourceLocation)
    }

    func link(_ relative: String, to destination: String) throws {
        try FileManager.default.createSymbolicLink(atPath: scratch.path(relative), withDestinationPath: destination)
    }

    @Test("a symbolic link to a folder inside an import folder is followed")
    func linkedFolder() throws {
        try scratch.write("real/Subnets.json", Self.subnets)
        try scratch.write("export/Vpcs.json", Self.vpcs)
        try link("export/more", to: scratch.path("real"))
        let summary = try importPaths([scratch.path("export")], into: store)
        #expect(summary.files == 2)
        #expect(summary.warnings.isEmpty, "\(summary.warnings)")
        #expect(try rowCount(store, "subnets") == 1)
    }

    @Test("a link to a folder being read (a cycle) is not followed, and a warning names the link")
    func linkCycle() throws {
        try scratch.write("export/eu-west-1/Vpcs.json", Self.vpcs)
        try link("export/eu-west-1/again", to: scratch.path("export"))
        try link("export/eu-west-1/self", to: ".")
        let summary = try importPaths([scratch.path("export")], into: store)
        #expect(summary.files == 1)
        #expect(
            summary.warnings.map(\.file).sorted() == [
                scratch.path("export/eu-west-1/again"), scratch.path("export/eu-west-1/self"),
            ])
        #expect(summary.warnings.allSatisfy { $0.message.contains("(a cycle): not followed") }, "\(summary.warnings)")
        #expect(try rowCount(store, "vpcs") == 1)
    }

    @Test("a file reached by its own path and through a link is read once")
    func fileTwice() throws {
        try scratch.write("export/Vpcs.json", Self.vpcs)
        try link("export/Vpcs-copy.json", to: scratch.path("export/Vpcs.json"))
        let summary = try importPaths([scratch.path("export")], into: store, region: "eu-west-1")
        #expect(summary.files == 1)
        #expect(summary.warnings.isEmpty, "\(summary.warnings)")
    }

    @Test("a broken link named *.json is an error that says so")
    func brokenLink() throws {
        try scratch.write("export/Vpcs.json", Self.vpcs)
        try link("export/Subnets.json", to: scratch.path("nowhere/Subnets.json"))
        try expectRefused(
            [scratch.path("export")], file: scratch.path("export/Subnets.json"),
            mentions: ["cannot be read", "broken symbolic link"])
    }

    @Test("a FIFO named *.json, in a folder or named: a clear message, and the import does not wait on it")
    func fifo() throws {
        try scratch.write("export/Vpcs.json", Self.vpcs)
        let fifo = scratch.path("export/Subnets.json")
        #expect(mkfifo(fifo, 0o600) == 0)
        for path in [scratch.path("export"), fifo] {
            try expectRefused(
                [path], file: fifo,
                mentions: ["is a FIFO (named pipe), not a regular file", "save the output to a file first"])
        }
    }

    @Test("a named path that does not exist, and a device")
    func notFiles() throws {
        try expectRefused(
            [scratch.path("missing.json")], file: scratch.path("missing.json"), mentions: ["no such file or directory"])
        try expectRefused(["/dev/null"], file: "/dev/null", mentions: ["is a character device"])
    }
}
