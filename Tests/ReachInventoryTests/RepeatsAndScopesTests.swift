import Foundation
import GRDB
import ReachInventory
import Testing

/// Things listed twice, and describe-vpc-attribute files on their own. An exact repeat is
/// merged with a warning, as every other repeated resource is; a real conflict says what it
/// conflicts with (never "another account or region" when there is none); a lone attribute
/// file gets the account and region it can have, or an error asking for them.
@Suite("Repeats, conflicts and the scope of describe-vpc-attribute files")
struct RepeatsAndScopesTests {
    let scratch: Scratch

    init() throws { scratch = try Scratch("repeats") }

    static let vpcs = #"{"Vpcs": [{"VpcId": "vpc-0a1", "CidrBlock": "10.1.0.0/16", "OwnerId": "111122223333"}]}"#
    static let subnets =
        #"{"Subnets": [{"SubnetId": "subnet-0a1", "VpcId": "vpc-0a1", "CidrBlock": "10.1.1.0/24", "AvailabilityZone": "eu-west-1a"}, {"SubnetId": "subnet-0a2", "VpcId": "vpc-0a1", "CidrBlock": "10.1.2.0/24", "AvailabilityZone": "eu-west-1b"}]}"#

    /// Writes `files` (name, text) into `folder` and returns their paths.
    func write(_ folder: String, _ files: [(String, String)]) throws -> [String] {
        try files.map { try scratch.write("\(folder)/\($0.0)", $0.1) }
    }

    @Test("an internet gateway that lists one VPC twice: merged with a warning, on an empty inventory")
    func gatewayAttachmentTwice() throws {
        let store = try scratch.store("igw.sqlite")
        let paths = try write(
            "igw",
            [
                ("Vpcs.json", Self.vpcs),
                (
                    "InternetGateways.json",
                    #"{"InternetGateways": [{"InternetGatewayId": "igw-0a1", "OwnerId": "111122223333", "Attachments": [{"State": "available", "VpcId": "vpc-0a1"}, {"State": "available", "VpcId": "vpc-0a1"}]}]}"#
                ),
                (
                    "EgressOnlyInternetGateways.json",
                    #"{"EgressOnlyInternetGateways": [{"EgressOnlyInternetGatewayId": "eigw-0a1", "Attachments": [{"State": "attached", "VpcId": "vpc-0a1"}, {"State": "attached", "VpcId": "vpc-0a1"}]}]}"#
                ),
            ])
        let summary = try importPaths(paths, into: store, region: "eu-west-1")
        #expect(
            Set(summary.warnings.map(\.description)) == [
                "\(paths[1]): $.InternetGateways[0].Attachments[1]: vpc-0a1 is listed again, the same as Attachments[0]; merged",
                "\(paths[2]): $.EgressOnlyInternetGateways[0].Attachments[1]: vpc-0a1 is listed again, the same as Attachments[0]; merged",
            ])
        #expect(try rowCount(store, "internet_gateway_attachments") == 1)
        #expect(try rowCount(store, "egress_only_internet_gateway_attachments") == 1)
    }

    @Test("an internet gateway that lists one VPC twice with different states: an error naming both")
    func gatewayAttachmentConflict() throws {
        let store = try scratch.store("igw-conflict.sqlite")
        let paths = try write(
            "igw-conflict",
            [
                ("Vpcs.json", Self.vpcs),
                (
                    "InternetGateways.json",
                    #"{"InternetGateways": [{"InternetGatewayId": "igw-0a1", "Attachments": [{"State": "available", "VpcId": "vpc-0a1"}, {"State": "detaching", "VpcId": "vpc-0a1"}]}]}"#
                ),
            ])
        let error = #expect(throws: ImportError.self) { try importPaths(paths, into: store, region: "eu-west-1") }
        #expect(error?.file == paths[1])
        #expect(error?.jsonPath == "$.InternetGateways[0].Attachments[1]")
        #expect(error?.message.contains("each VPC once") == true, "\(String(describing: error))")
        #expect(error?.message.contains("(and at $.InternetGateways[0].Attachments[0])") == true)
        #expect(error?.message.contains("another account or region") == false)
        #expect(try rowCount(store, "vpcs") == 0)
    }

    @Test("a route table that repeats an association ID: merged with a warning")
    func associationTwice() throws {
        let store = try scratch.store("rtb.sqlite")
        let association =
            #"{"Main": false, "RouteTableAssociationId": "rtbassoc-0a1", "RouteTableId": "rtb-0a1", "SubnetId": "subnet-0a1", "AssociationState": {"State": "associated"}}"#
        let paths = try write(
            "rtb",
            [
                ("Vpcs.json", Self.vpcs), ("Subnets.json", Self.subnets),
                (
                    "RouteTables.json",
                    #"{"RouteTables": [{"RouteTableId": "rtb-0a1", "VpcId": "vpc-0a1", "Routes": [], "Associations": [\#(association), \#(association)]}]}"#
                ),
            ])
        let summary = try importPaths(paths, into: store, region: "eu-west-1")
        #expect(
            summary.warnings.map(\.description) == [
                "\(paths[2]): $.RouteTables[0].Associations[1]: rtbassoc-0a1 is listed again, the same as Associations[0]; merged"
            ])
        #expect(try rowCount(store, "route_table_associations") == 1)
    }

    @Test("one association ID for two subnets, or in two route tables: an error that says where, not 'another account'")
    func associationConflicts() throws {
        let store = try scratch.store("rtb-conflict.sqlite")
        let one =
            #"{"RouteTableId": "rtb-0a1", "VpcId": "vpc-0a1", "Routes": [], "Associations": [{"RouteTableAssociationId": "rtbassoc-0a1", "SubnetId": "subnet-0a1"}, {"RouteTableAssociationId": "rtbassoc-0a1", "SubnetId": "subnet-0a2"}]}"#
        var paths = try write(
            "rtb-conflict",
            [
                ("Vpcs.json", Self.vpcs), ("Subnets.json", Self.subnets),
                ("RouteTables.json", #"{"RouteTables": [\#(one)]}"#),
            ])
        var error = #expect(throws: ImportError.self) { try importPaths(paths, into: store, region: "eu-west-1") }
        #expect(error?.file == paths[2])
        #expect(error?.jsonPath == "$.RouteTables[0].Associations[1]")
        #expect(
            error?.message.contains("(and at $.RouteTables[0].Associations[0])") == true, "\(String(describing: error))"
        )

        let two = #"""
            {"RouteTables": [
              {"RouteTableId": "rtb-0a1", "VpcId": "vpc-0a1", "Routes": [], "Associations": [{"RouteTableAssociationId": "rtbassoc-0a1", "SubnetId": "subnet-0a1"}]},
              {"RouteTableId": "rtb-0a2", "VpcId": "vpc-0a1", "Routes": [], "Associations": [{"RouteTableAssociationId": "rtbassoc-0a1", "SubnetId": "subnet-0a2"}]}]}
            """#
        paths[2] = try scratch.write("rtb-conflict/RouteTables.json", two)
        error = #expect(throws: ImportError.self) { try importPaths(paths, into: store, region: "eu-west-1") }
        #expect(error?.file == paths[2])
        #expect(error?.jsonPath == "$.RouteTables[1].Associations[0]")
        #expect(
            error?.message
                == "route_table_associations rtbassoc-0a1 is also listed at $.RouteTables[0].Associations[0]: an AWS ID names one resource, and this import gives it two"
        )
        #expect(try rowCount(store, "vpcs") == 0)
    }

    @Test("a resource already in the inventory under another account: the message names that account and region")
    func otherAccount() throws {
        let store = try scratch.store("other-account.sqlite")
        // No OwnerId: nothing says which account's copy is the VPC.
        let first = try write(
            "first", [("Vpcs.json", Self.vpcs.replacingOccurrences(of: #", "OwnerId": "111122223333""#, with: ""))])
        try importPaths(first, into: store, account: "111122223333", region: "eu-west-1")
        let before = try store.dump()
        let error = #expect(throws: ImportError.self) {
            try importPaths(first, into: store, account: "444455556666", region: "eu-west-1")
        }
        #expect(error?.jsonPath == "$.Vpcs[0]")
        #expect(
            error?.message.contains(
                "is already in the inventory under another account or region, 111122223333/eu-west-1")
                == true, "\(String(describing: error))")
        #expect(try store.dump() == before)
    }

    /// A VPC shared through AWS RAM, as its owner (111122223333) and a participant
    /// (444455556666) print it: the same IDs and OwnerId, each account's own zone name.
    func sharedVPCFolders() throws -> (owner: String, participant: String) {
        func subnets(_ zone: String) -> String {
            #"{"Subnets": [{"SubnetId": "subnet-0a1", "VpcId": "vpc-0a1", "CidrBlock": "10.1.1.0/24", "OwnerId": "111122223333", "AvailabilityZone": "\#(zone)", "AvailabilityZoneId": "euw1-az1"}]}"#
        }
        for (account, zone) in [("111122223333", "eu-west-1a"), ("444455556666", "eu-west-1c")] {
            _ = try write("shared/\(account)/eu-west-1", [("Vpcs.json", Self.vpcs), ("Subnets.json", subnets(zone))])
        }
        return (scratch.path("shared/111122223333"), scratch.path("shared/444455556666"))
    }

    /// Each subnet row's account and zone name, and each account's names of zones.
    func sharedRows(_ store: InventoryStore) throws -> [String] {
        try store.read { db in
            try String.fetchAll(
                db,
                sql: """
                    SELECT 'subnet ' || subnet_id || ' ' || account_id || ' ' || availability_zone
                    FROM subnets JOIN scopes USING (scope_id)
                    UNION ALL SELECT 'vpc ' || vpc_id || ' ' || account_id FROM vpcs JOIN scopes USING (scope_id)
                    UNION ALL SELECT 'zone ' || account_id || ' ' || zone_id || ' ' || zone_name
                    FROM availability_zones JOIN scopes USING (scope_id) ORDER BY 1
                    """)
        }
    }

    @Test("a shared VPC seen by its owner and a participant: one resource, the owner's copy, in either order")
    func sharedVPC() throws {
        let (owner, participant) = try sharedVPCFolders()
        let ownersCopy = [
            "subnet subnet-0a1 111122223333 eu-west-1a", "vpc vpc-0a1 111122223333",
            "zone 111122223333 euw1-az1 eu-west-1a", "zone 444455556666 euw1-az1 eu-west-1c",
        ]
        // In one import, whichever file comes first: no "also appears" warning.
        for (index, order) in [[owner, participant], [participant, owner]].enumerated() {
            let store = try scratch.store("shared-\(index).sqlite")
            let summary = try importPaths(order, into: store)
            #expect(summary.warnings.isEmpty, "\(summary.warnings)")
            #expect(try sharedRows(store) == ownersCopy)
        }
        // In three imports: the participant's view alone, replaced by the owner's copy, which
        // the participant's next import leaves alone.
        let store = try scratch.store("shared-steps.sqlite")
        try importPaths([participant], into: store)
        #expect(
            try sharedRows(store) == [
                "subnet subnet-0a1 444455556666 eu-west-1c", "vpc vpc-0a1 444455556666",
                "zone 444455556666 euw1-az1 eu-west-1c",
            ])
        try importPaths([owner], into: store)
        #expect(try sharedRows(store) == ownersCopy)
        let summary = try importPaths([participant], into: store)
        #expect(summary.warnings.isEmpty, "\(summary.warnings)")
        #expect(try sharedRows(store) == ownersCopy)
    }

    /// A participant re-imported while the owner's copy of the shared subnet is in the
    /// inventory, with a subnet of its own beside it: a re-import compares its records with
    /// the scope's stored ones, and the shared subnet (stored in the owner's scope) must still
    /// give way to the owner's copy, not replace it.
    @Test("a participant with subnets of its own, re-imported: the shared subnet stays the owner's copy")
    func sharedVPCParticipantReimported() throws {
        let owner = try sharedVPCFolders().owner
        let participant = try write(
            "shared-own/444455556666/eu-west-1",
            [
                (
                    "Vpcs.json",
                    #"{"Vpcs": [{"VpcId": "vpc-0a1", "CidrBlock": "10.1.0.0/16", "OwnerId": "111122223333"}, {"VpcId": "vpc-0b2", "CidrBlock": "10.2.0.0/16", "OwnerId": "444455556666"}]}"#
                ),
                (
                    "Subnets.json",
                    #"{"Subnets": [{"SubnetId": "subnet-0a1", "VpcId": "vpc-0a1", "CidrBlock": "10.1.1.0/24", "OwnerId": "111122223333", "AvailabilityZone": "eu-west-1c", "AvailabilityZoneId": "euw1-az1"}, {"SubnetId": "subnet-0b2", "VpcId": "vpc-0b2", "CidrBlock": "10.2.1.0/24", "OwnerId": "444455556666", "AvailabilityZone": "eu-west-1c", "AvailabilityZoneId": "euw1-az1"}]}"#
                ),
            ])
        let expected = [
            "subnet subnet-0a1 111122223333 eu-west-1a", "subnet subnet-0b2 444455556666 eu-west-1c",
            "vpc vpc-0a1 111122223333", "vpc vpc-0b2 444455556666", "zone 111122223333 euw1-az1 eu-west-1a",
            "zone 444455556666 euw1-az1 eu-west-1c",
        ]
        let store = try scratch.store("shared-own.sqlite")
        try importPaths([owner], into: store)
        try importPaths(participant, into: store)
        #expect(try sharedRows(store) == expected)
        let again = try importPaths(participant, into: store)
        #expect(again.warnings.isEmpty, "\(again.warnings)")
        #expect(try sharedRows(store) == expected)
        // And the owner again, after: its copy stays, the participant's own subnet too.
        try importPaths([owner], into: store)
        #expect(try sharedRows(store) == expected)
    }

    /// describe-vpc-peering-connections of a peering between vpc-0a1 (us-east-1) and vpc-0b1
    /// (us-west-2), as each region prints it.
    static func interRegionPeering(status: String) -> String {
        #"{"VpcPeeringConnections": [{"VpcPeeringConnectionId": "pcx-0ab", "Status": {"Code": "\#(status)"}, "RequesterVpcInfo": {"VpcId": "vpc-0a1", "OwnerId": "111122223333", "Region": "us-east-1", "CidrBlock": "10.1.0.0/16"}, "AccepterVpcInfo": {"VpcId": "vpc-0b1", "OwnerId": "111122223333", "Region": "us-west-2", "CidrBlock": "10.2.0.0/16"}}]}"#
    }

    @Test("an inter-region peering listed by both regions: the same copy says nothing; copies that differ are said")
    func interRegionPeeringInEachRegion() throws {
        // Each region's describe-vpc-peering-connections lists a peering between regions: that is
        // what a complete export looks like, not a repeat to warn about.
        let east = try write(
            "peering/111122223333/us-east-1",
            [("VpcPeeringConnections.json", Self.interRegionPeering(status: "active"))])
        let west = try write(
            "peering/111122223333/us-west-2",
            [("VpcPeeringConnections.json", Self.interRegionPeering(status: "active"))])
        let summary = try importPaths(east + west, into: try scratch.store("peering.sqlite"))
        #expect(summary.warnings.isEmpty, "\(summary.warnings)")
        // Exported at different times (before and after it was accepted): said.
        let later = try write(
            "peering-differs/111122223333/us-west-2",
            [("VpcPeeringConnections.json", Self.interRegionPeering(status: "pending-acceptance"))])
        let differing = try importPaths(east + later, into: try scratch.store("peering-differs.sqlite"))
        #expect(
            differing.warnings.map(\.description) == [
                "\(later[0]): pcx-0ab also appears in \(east[0]); the two copies differ (exports taken at different times?), and this file's copy is used"
            ])
    }

    /// describe-vpc-attribute's output for `vpcId`.
    static func attribute(_ vpcId: String, dnsSupport: Bool) -> String {
        #"{"VpcId": "\#(vpcId)", "EnableDnsSupport": {"Value": \#(dnsSupport)}}"#
    }

    @Test("the same describe-vpc-attribute file twice: merged, with a warning that names the other file")
    func attributeTwice() throws {
        let store = try scratch.store("attributes.sqlite")
        let paths = try write(
            "attributes/111122223333/eu-west-1",
            [
                ("Vpcs.json", Self.vpcs), ("a/dns-support.json", Self.attribute("vpc-0a1", dnsSupport: true)),
                ("b/dns-support.json", Self.attribute("vpc-0a1", dnsSupport: true)),
            ])
        let summary = try importPaths(paths, into: store)
        #expect(
            summary.warnings.map(\.description) == [
                "\(paths[2]): vpc-0a1 enableDnsSupport also appears in \(paths[1]), with the same value"
            ])
        #expect(
            try store.read { db in
                try String.fetchAll(db, sql: "SELECT vpc_id || ' ' || attribute || ' ' || value FROM vpc_attributes")
            } == ["vpc-0a1 enableDnsSupport 1"])
    }

    @Test("two attribute files that disagree: the later is used, and the warning names both files and values")
    func attributeConflict() throws {
        let store = try scratch.store("attributes-conflict.sqlite")
        let paths = try write(
            "attributes-conflict/111122223333/eu-west-1",
            [
                ("Vpcs.json", Self.vpcs), ("a/dns-support.json", Self.attribute("vpc-0a1", dnsSupport: true)),
                ("b/dns-support.json", Self.attribute("vpc-0a1", dnsSupport: false)),
            ])
        let summary = try importPaths(paths, into: store)
        #expect(
            summary.warnings.map(\.description) == [
                "\(paths[2]): vpc-0a1 enableDnsSupport is false here and true in \(paths[1]); using this file's value"
            ])
        #expect(try store.read { db in try Int.fetchAll(db, sql: "SELECT value FROM vpc_attributes") } == [0])
    }

    @Test("a lone attribute file takes its VPC's account and region from the inventory, and `inventory` lists it")
    func loneAttributeOfKnownVPC() throws {
        let store = try scratch.store("lone.sqlite")
        try importPaths(try write("lone-vpc", [("Vpcs.json", Self.vpcs)]), into: store, region: "eu-west-1")
        let file = try scratch.write("elsewhere/dns-support.json", Self.attribute("vpc-0a1", dnsSupport: false))
        let summary = try importPaths([file], into: store)
        #expect(summary.warnings.isEmpty, "\(summary.warnings)")
        #expect(summary.scopes.map(\.description) == ["111122223333/eu-west-1"])
        #expect(try scopes(store) == ["111122223333/eu-west-1"])
        let counts = try InventoryListing(store: store).counts()
        #expect(
            counts.contains {
                $0.resource == "vpc-attributes" && $0.account == "111122223333" && $0.region == "eu-west-1"
                    && $0.count == 1 && $0.importedAt != nil
            }, "\(counts)")
    }

    @Test("a lone attribute file takes the account and region of its VPC in the same import")
    func loneAttributeOfImportedVPC() throws {
        let store = try scratch.store("same-import.sqlite")
        let vpc = try scratch.write("same-import/111122223333/eu-west-1/Vpcs.json", Self.vpcs)
        let attribute = try scratch.write(
            "same-import/attributes/dns.json", Self.attribute("vpc-0a1", dnsSupport: true))
        try importPaths([vpc, attribute], into: store)
        #expect(try scopes(store) == ["111122223333/eu-west-1"])
        #expect(try scope(of: "vpc-0a1", in: "vpc_attributes", store: store) == "111122223333/eu-west-1")
    }

    @Test("an attribute file of a VPC no one knows: an error asking for --account and --region; with them, it imports")
    func loneAttributeOfUnknownVPC() throws {
        let store = try scratch.store("unknown.sqlite")
        let file = try scratch.write("unknown/dns-support.json", Self.attribute("vpc-0b9", dnsSupport: true))
        try expectImportFailure(
            [file], into: store, file: file, jsonPath: "$.VpcId",
            mentions: ["vpc-0b9", "neither this import nor the inventory", "--account and --region"])
        try importPaths([file], into: store, account: "111122223333", region: "eu-west-1")
        #expect(try scope(of: "vpc-0b9", in: "vpc_attributes", store: store) == "111122223333/eu-west-1")
        #expect(try scopes(store) == ["111122223333/eu-west-1"])
    }
}
