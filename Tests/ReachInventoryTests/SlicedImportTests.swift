import Foundation
import GRDB
import Testing

@testable import ReachInventory

/// A large describe-security-groups file goes to the writer in slices while the rest of it is
/// decoded (`FileReader`, `ParsedDocument.Slicing`). Slicing is a matter of speed only: the
/// inventory, the counts and the warnings are those of the file read whole.
@Suite("security groups imported in slices")
struct SlicedImportTests {
    let scratch: Scratch

    init() throws { scratch = try Scratch("sliced") }

    static let vpcs = #"{"Vpcs": [{"VpcId": "vpc-0a1", "CidrBlock": "10.1.0.0/16", "OwnerId": "111122223333"}]}"#

    static func group(_ number: Int, ports: [Int]) -> String {
        let rules = ports.map { port in
            #"{"IpProtocol": "tcp", "FromPort": \#(port), "ToPort": \#(port), "IpRanges": [{"CidrIp": "10.\#(number % 250).0.0/16"}], "Ipv6Ranges": [], "PrefixListIds": [], "UserIdGroupPairs": []}"#
        }
        let id = String(format: "sg-%017x", number)
        return
            #"{"GroupId": "\#(id)", "GroupName": "g\#(number)", "Description": "d", "VpcId": "vpc-0a1", "OwnerId": "111122223333", "IpPermissions": [\#(rules.joined(separator: ", "))], "IpPermissionsEgress": [{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}], "Ipv6Ranges": [], "PrefixListIds": [], "UserIdGroupPairs": []}]}"#
    }

    /// 700 groups; group 7 is listed again near the end with other rules.
    static let manyGroups: String = {
        var groups = (0..<700).map { group($0, ports: Array([443, 5432, 8080].prefix(1 + $0 % 3))) }
        groups.insert(group(7, ports: [22]), at: 650)
        return #"{"SecurityGroups": [\#(groups.joined(separator: ",\n"))]}"#
    }()

    func importFolder(_ name: String, groups: String, sliceRecords: Int?) throws -> (ImportSummary, InventoryStore) {
        let folder = "\(name)/111122223333/eu-west-1"
        let paths = [
            try scratch.write("\(folder)/SecurityGroups.json", groups),
            try scratch.write("\(folder)/Vpcs.json", Self.vpcs),
        ]
        let store = try scratch.store("\(name).sqlite")
        var importer = Importer(store: store, options: ImportOptions(importedAt: fixedDate))
        importer.sliceRecords = sliceRecords
        return (try importer.importPaths(paths), store)
    }

    @Test("a file of many slices: the same inventory, counts and warnings as the file read whole")
    func sameAsWhole() throws {
        let (wholeSummary, whole) = try importFolder("whole", groups: Self.manyGroups, sliceRecords: nil)
        let (slicedSummary, sliced) = try importFolder("sliced", groups: Self.manyGroups, sliceRecords: 100)
        // The paths differ by the folder's name only.
        #expect(try whole.dump().replacingOccurrences(of: "/whole/", with: "/sliced/") == sliced.dump())
        #expect(wholeSummary.counts == slicedSummary.counts)
        #expect(
            wholeSummary.warnings.map { $0.description.replacingOccurrences(of: "/whole/", with: "/sliced/") }
                == slicedSummary.warnings.map(\.description))
        // One provenance row for the file, counting every listing.
        let files = try sliced.read { db in
            try GRDB.Row.fetchAll(db, sql: "SELECT path, record_count FROM import_files WHERE kind = 'security-groups'")
        }
        #expect(files.count == 1)
        #expect(files.first?["record_count"] == 701)
    }

    @Test("the reader hands a large file over in slices, and a small one whole")
    func readerSlices() throws {
        let large = try scratch.write("reader/111122223333/eu-west-1/SecurityGroups.json", Self.manyGroups)
        let small = try scratch.write("reader/111122223333/eu-west-1/Vpcs.json", Self.vpcs)
        let reader = FileReader(files: [large, small], sliceRecords: 100) { _ in true }
        defer { reader.stop() }
        var pieces: [[Int]] = [[], []]
        for index in 0..<2 {
            var continues = true
            while continues {
                let read = reader.next()
                continues = read.continues
                pieces[index].append(try read.documents.get().reduce(0) { $0 + $1.records.count })
            }
        }
        #expect(pieces[0] == [100, 100, 100, 100, 100, 100, 100, 1])
        #expect(pieces[1] == [1])
    }

    @Test("a group listed twice in one file is its later copy, rules and all, whole or sliced")
    func groupListedTwice() throws {
        let text =
            #"{"SecurityGroups": [\#(Self.group(1, ports: [443, 5432])), \#(Self.group(2, ports: [80])), \#(Self.group(1, ports: [22]))]}"#
        for slice in [nil, 1] as [Int?] {
            let (summary, store) = try importFolder("twice-\(slice ?? 0)", groups: text, sliceRecords: slice)
            let ports = try store.read { db in
                try Int.fetchAll(
                    db,
                    sql: """
                        SELECT from_port FROM security_group_rules
                        WHERE group_id = 'sg-00000000000000001' AND is_egress = 0 ORDER BY ordinal
                        """)
            }
            #expect(ports == [22], "slices of \(slice ?? 0)")
            #expect(
                summary.warnings.map(\.description).contains {
                    $0.hasSuffix(
                        "sg-00000000000000001 appears twice; the two copies differ (exports taken at different times?), and the later copy is used"
                    )
                }, "slices of \(slice ?? 0)")
        }
        // The same group twice, its rules in another order: the same copy, said so.
        let same =
            #"{"SecurityGroups": [\#(Self.group(1, ports: [443, 5432])), \#(Self.group(1, ports: [5432, 443]))]}"#
        let (summary, _) = try importFolder("twice-same", groups: same, sliceRecords: nil)
        #expect(
            summary.warnings.map(\.description).contains {
                $0.hasSuffix("sg-00000000000000001 appears twice, the same copy")
            },
            "\(summary.warnings)")
    }
}
