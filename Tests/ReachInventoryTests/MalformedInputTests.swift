import Foundation
import GRDB
import ReachInventory
import Testing

/// Bad input: the import fails with a message that names the file and the JSON path and says
/// what was expected, and the inventory is left exactly as it was (one transaction).
///
/// Every case first imports a valid snapshot (Batfish's NAT gateway, account 554773406868,
/// us-east-2), then the bad file from a folder of the same account and region, so that a
/// partial write would replace real rows, and checks the dump and the file bytes.
@Suite("Malformed input is refused and leaves the inventory unchanged")
struct MalformedInputTests {
    let scratch: Scratch
    let store: InventoryStore

    init() throws {
        scratch = try Scratch("malformed")
        store = try scratch.store()
        try importPaths([Fixtures.snapshot("batfish-test-nat-gateway").path], into: store)
        #expect(try rowCount(store, "subnets") == 3)
    }

    /// A file in the snapshot's account and region folders.
    func bad(_ name: String, _ text: String) throws -> String {
        try scratch.write("exports/554773406868/us-east-2/\(name)", text)
    }

    @Test("Route 53 outputs without the key collect adds: an error that names the file and the key")
    func route53WithoutAddedKeys() throws {
        let zones = try bad(
            "route53-list-hosted-zones-by-vpc.json",
            #"{"HostedZoneSummaries": [{"HostedZoneId": "Z1", "Name": "example.com.", "Owner": {"OwningAccount": "554773406868"}}]}"#
        )
        _ = try expectImportFailure(
            [zones], into: store, file: zones, jsonPath: "$.VPCId",
            mentions: ["VPCId", "VPCRegion", "lambda-reach collect"])
        let records = try bad(
            "route53-list-resource-record-sets.json",
            #"{"ResourceRecordSets": [{"Name": "db.example.com.", "Type": "A", "ResourceRecords": [{"Value": "10.0.0.1"}]}]}"#
        )
        _ = try expectImportFailure(
            [records], into: store, file: records, jsonPath: "$.HostedZoneId",
            mentions: ["HostedZoneId", "lambda-reach collect"])
    }

    /// The import reads files on one thread, ahead of the one that writes them: whichever bad
    /// file the reader reaches first, the error is the first bad file in the import's order,
    /// after every file before it was written (and rolled back).
    @Test("of several bad files, the first in order is named, after the good ones before it were written")
    func firstBadFileInOrder() throws {
        let source = Fixtures.snapshot("batfish-test-nat-gateway").appendingPathComponent(
            "aws_configs/Subnets.json")
        let good = try String(contentsOf: source, encoding: .utf8)
        // Many good files first (each a copy of the snapshot's subnets), so that the reader is
        // well ahead of the writer when it meets the bad ones.
        for index in 0..<40 { _ = try bad(String(format: "a%02d-Subnets.json", index), good) }
        let first = try bad("b-Subnets.json", #"{"Subnets": [{"SubnetId": 7}]}"#)
        _ = try bad("c-Subnets.json", "not JSON")
        _ = try expectImportFailure(
            [scratch.path("exports")], into: store, file: first, jsonPath: "$.Subnets[0].SubnetId",
            mentions: ["expected"])
    }

    @Test("a file that is not JSON")
    func notJSON() throws {
        let file = try bad("Subnets.json", "Subnets: subnet-06f469bcee42e408e\n")
        try expectImportFailure(
            [file], into: store, file: file, jsonPath: "$",
            mentions: ["not valid JSON", "line 1, column 1", "expected a JSON value"])
    }

    @Test("an empty file")
    func emptyFile() throws {
        let file = try bad("Subnets.json", "")
        try expectImportFailure(
            [file], into: store, file: file, jsonPath: "$",
            mentions: ["not valid JSON", "expected a JSON value", "truncated"])
    }

    @Test("truncated JSON: the path says where the file ends")
    func truncated() throws {
        // The corpus's Subnets.json, cut after the second subnet's CidrBlock.
        let original = try String(
            contentsOf: Fixtures.snapshot("batfish-test-nat-gateway").appendingPathComponent(
                "aws_configs/Subnets.json"), encoding: .utf8)
        let cut = try #require(original.range(of: "\"CidrBlock\": \"10.1.20.0/24\","))
        let text = String(original[..<cut.upperBound])
        let file = try bad("Subnets.json", text)
        let line = text.split(separator: "\n", omittingEmptySubsequences: false).count
        try expectImportFailure(
            [file], into: store, file: file, jsonPath: "$.Subnets[1]",
            mentions: ["not valid JSON", "line \(line)", "expected", "truncated"])
    }

    @Test("truncated JSON inside a string")
    func truncatedInString() throws {
        let file = try bad("Subnets.json", #"{"Subnets": [{"SubnetId": "subnet-0aa", "VpcId": "vpc-00"#)
        try expectImportFailure(
            [file], into: store, file: file, jsonPath: "$.Subnets[0].VpcId",
            mentions: ["not valid JSON", "expected", "truncated"])
    }

    @Test("one bad file among good ones: nothing of the good ones is written")
    func badFileAmongGoodOnes() throws {
        let fresh = try scratch.store("fresh.sqlite")
        let folder = try scratch.copy(Fixtures.snapshot("batfish-test-nat-gateway"), to: "mixed")
        let file = try scratch.write("mixed/aws_configs/ZZ-Truncated.json", #"{"Vpcs": ["#)
        try expectImportFailure(
            [folder], into: fresh, file: file, jsonPath: "$.Vpcs[0]",
            mentions: ["not valid JSON", "expected a JSON value", "truncated"])
        #expect(try rowCounts(fresh, resourceTables) == withZeros([:]))
    }

    @Test("a wrong type at a known key: \"VpcId\": 5")
    func wrongTypeVpcId() throws {
        let file = try bad(
            "Subnets.json",
            #"{"Subnets": [{"SubnetId": "subnet-06f469bcee42e408e", "VpcId": "vpc-0008a7b45e3ddf1dd", "CidrBlock": "10.1.1.0/24"}, {"SubnetId": "subnet-0aa", "VpcId": 5}]}"#
        )
        try expectImportFailure(
            [file], into: store, file: file, jsonPath: "$.Subnets[1].VpcId",
            mentions: ["expected a string", "found a number"])
    }

    @Test("a wrong type at a known key: \"Subnets\": {}")
    func wrongTypeSubnets() throws {
        let file = try bad("Subnets.json", #"{"Subnets": {}}"#)
        try expectImportFailure(
            [file], into: store, file: file, jsonPath: "$.Subnets", mentions: ["expected an array", "found an object"])
    }

    @Test("VPC Block Public Access documents of the wrong shape: the options a list, the exclusions an object")
    func wrongTypeBlockPublicAccess() throws {
        let options = try bad(
            "describe-vpc-block-public-access-options.json",
            #"{"VpcBlockPublicAccessOptions": [{"InternetGatewayBlockMode": "block-bidirectional"}]}"#)
        try expectImportFailure(
            [options], into: store, file: options, jsonPath: "$.VpcBlockPublicAccessOptions",
            mentions: ["expected an object", "found an array"])
        let exclusions = try bad(
            "describe-vpc-block-public-access-exclusions.json",
            #"{"VpcBlockPublicAccessExclusions": {"ExclusionId": "vpcbpa-exclude-0e1"}}"#)
        try expectImportFailure(
            [exclusions], into: store, file: exclusions, jsonPath: "$.VpcBlockPublicAccessExclusions",
            mentions: ["expected an array", "found an object"])
    }

    @Test("capacity provider documents of the wrong shape: each error names the file and the JSON path")
    func malformedCapacityProviders() throws {
        let arn = "arn:aws:lambda:us-east-2:554773406868:capacity-provider:orders"
        let cases: [(name: String, text: String, path: String, mentions: [String])] = [
            // VpcConfig is a required member: a provider without it is reshaped output.
            (
                "list-capacity-providers.json",
                #"{"CapacityProviders": [{"CapacityProviderArn": "\#(arn)", "State": "Active"}]}"#,
                "$.CapacityProviders[0].VpcConfig", ["expected an object", "the key is missing"]
            ),
            // At least one subnet.
            (
                "list-capacity-providers.json",
                #"{"CapacityProviders": [{"CapacityProviderArn": "\#(arn)", "VpcConfig": {"SubnetIds": [], "SecurityGroupIds": []}}]}"#,
                "$.CapacityProviders[0].VpcConfig.SubnetIds", ["1 to 16 subnet IDs", "an empty array"]
            ),
            // SecurityGroupIds left out is not "none" (which means the VPC's default group).
            (
                "list-capacity-providers.json",
                #"{"CapacityProviders": [{"CapacityProviderArn": "\#(arn)", "VpcConfig": {"SubnetIds": ["subnet-06f469bcee42e408e"]}}]}"#,
                "$.CapacityProviders[0].VpcConfig.SecurityGroupIds", ["expected an array", "reshaped"]
            ),
            (
                "list-capacity-providers.json",
                #"{"CapacityProviders": [{"CapacityProviderArn": "arn:aws:lambda:us-east-2:554773406868:function:orders", "VpcConfig": {"SubnetIds": ["subnet-06f469bcee42e408e"], "SecurityGroupIds": []}}]}"#,
                "$.CapacityProviders[0].CapacityProviderArn", ["a Lambda capacity provider ARN"]
            ),
            (
                "get-capacity-provider.json",
                #"{"CapacityProvider": {"CapacityProviderArn": "\#(arn)", "State": "Ready", "VpcConfig": {"SubnetIds": ["subnet-06f469bcee42e408e"], "SecurityGroupIds": []}}}"#,
                "$.CapacityProvider.State", ["expected one of Pending, Active, Failed, Deleting", "found \"Ready\""]
            ),
            // A function's CapacityProviderConfig without its required member.
            (
                "list-functions.json",
                #"{"Functions": [{"FunctionName": "orders", "FunctionArn": "arn:aws:lambda:us-east-2:554773406868:function:orders", "CapacityProviderConfig": {}}]}"#,
                "$.Functions[0].CapacityProviderConfig.LambdaManagedInstancesCapacityProviderConfig",
                ["expected an object", "the key is missing"]
            ),
            (
                "list-functions.json",
                #"{"Functions": [{"FunctionName": "orders", "FunctionArn": "arn:aws:lambda:us-east-2:554773406868:function:orders", "CapacityProviderConfig": {"LambdaManagedInstancesCapacityProviderConfig": {"CapacityProviderArn": 7}}}]}"#,
                "$.Functions[0].CapacityProviderConfig.LambdaManagedInstancesCapacityProviderConfig.CapacityProviderArn",
                ["expected a string", "found a number"]
            ),
        ]
        for bad in cases {
            let file = try self.bad(bad.name, bad.text)
            try expectImportFailure([file], into: store, file: file, jsonPath: bad.path, mentions: bad.mentions)
        }
    }

    @Test("a wrong type deep inside: a rule's FromPort")
    func wrongTypeDeep() throws {
        let file = try bad(
            "SecurityGroups.json",
            #"{"SecurityGroups": [{"GroupId": "sg-0aa", "VpcId": "vpc-0008a7b45e3ddf1dd", "IpPermissions": [{"IpProtocol": "tcp", "FromPort": "https", "ToPort": 443, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]}]}"#
        )
        try expectImportFailure(
            [file], into: store, file: file, jsonPath: "$.SecurityGroups[0].IpPermissions[0].FromPort",
            mentions: ["expected a whole number", "found a string"])
    }

    @Test("a wrong type at the top: an array instead of the CLI's object")
    func topLevelArray() throws {
        let file = try bad("Subnets.json", #"[{"SubnetId": "subnet-0aa"}]"#)
        try expectImportFailure(
            [file], into: store, file: file, jsonPath: "$", mentions: ["expected an object", "found an array"])
    }

    @Test("a missing required ID")
    func missingID() throws {
        let file = try bad(
            "Vpcs.json", #"{"Vpcs": [{"CidrBlock": "10.9.0.0/16", "OwnerId": "554773406868", "State": "available"}]}"#)
        try expectImportFailure(
            [file], into: store, file: file, jsonPath: "$.Vpcs[0].VpcId",
            mentions: ["expected a string", "the key is missing"])
    }

    @Test("a subnet whose VPC is neither in the import nor in the inventory")
    func subnetOfNoVPC() throws {
        let file = try bad(
            "Subnets.json",
            #"""
            {"Subnets": [
              {"SubnetId": "subnet-06f469bcee42e408e", "VpcId": "vpc-0008a7b45e3ddf1dd", "CidrBlock": "10.1.1.0/24", "AvailabilityZone": "us-east-2b"},
              {"SubnetId": "subnet-0new", "VpcId": "vpc-0nowhere", "CidrBlock": "10.9.1.0/24", "AvailabilityZone": "us-east-2b", "OwnerId": "554773406868"}
            ]}
            """#)
        try expectImportFailure(
            [file], into: store, file: file, jsonPath: "$.Subnets[1].VpcId",
            mentions: ["subnet-0new", "vpc-0nowhere", "neither in this import nor in the inventory", "describe-vpcs"])
    }

    @Test("a deleted or failed NAT gateway whose subnet is gone imports: AWS lists it for about an hour")
    func deletedNATOfGoneSubnet() throws {
        let file = try bad(
            "NatGateways.json",
            #"""
            {"NatGateways": [
              {"NatGatewayId": "nat-0gone", "SubnetId": "subnet-0gone", "VpcId": "vpc-0008a7b45e3ddf1dd", "State": "deleted",
               "DeleteTime": "2026-12-01T10:00:00+00:00", "ConnectivityType": "public", "NatGatewayAddresses": []},
              {"NatGatewayId": "nat-0failed", "SubnetId": "subnet-0gone2", "VpcId": "vpc-0008a7b45e3ddf1dd", "State": "failed",
               "FailureCode": "InvalidSubnetID.NotFound", "ConnectivityType": "public", "NatGatewayAddresses": []}
            ]}
            """#)
        _ = try importPaths([file], into: store)
        let states = try store.read { db in
            try String.fetchAll(
                db,
                sql: "SELECT state FROM nat_gateways WHERE nat_gateway_id IN ('nat-0gone', 'nat-0failed') ORDER BY 1")
        }
        #expect(states == ["deleted", "failed"])
    }

    @Test("a file that names no region, in an import whose files name two: refused, not put in the commoner one")
    func regionCannotBeTold() throws {
        let store = try scratch.store("two-regions.sqlite")
        // One flat folder: the subnets name their regions by zone, the VPCs (as describe-vpcs
        // prints them) name none.
        let vpcs = try scratch.write(
            "flat/vpcs.json",
            #"{"Vpcs": [{"VpcId": "vpc-0e1", "CidrBlock": "10.1.0.0/16", "OwnerId": "554773406868"}, {"VpcId": "vpc-0e2", "CidrBlock": "10.2.0.0/16", "OwnerId": "554773406868"}]}"#
        )
        let east = try scratch.write(
            "flat/subnets-east.json",
            #"{"Subnets": [{"SubnetId": "subnet-0e1", "VpcId": "vpc-0e1", "CidrBlock": "10.1.1.0/24", "AvailabilityZone": "us-east-1a", "OwnerId": "554773406868"}]}"#
        )
        let west = try scratch.write(
            "flat/subnets-west.json",
            #"{"Subnets": [{"SubnetId": "subnet-0e2", "VpcId": "vpc-0e2", "CidrBlock": "10.2.1.0/24", "AvailabilityZone": "us-west-2a", "OwnerId": "554773406868"}]}"#
        )
        try expectImportFailure(
            [vpcs, east, west], into: store, file: vpcs, jsonPath: "$",
            mentions: ["cannot tell the region", "us-east-1, us-west-2", "ACCOUNT/REGION/", "--region"])
    }

    @Test("a route table with two different routes to one destination is refused; the same route twice is merged")
    func routeTwice() throws {
        let table = { (second: String) in
            #"""
            {"RouteTables": [{
              "RouteTableId": "rtb-0twice", "VpcId": "vpc-0008a7b45e3ddf1dd", "OwnerId": "554773406868", "Associations": [],
              "Routes": [{"DestinationCidrBlock": "10.1.0.0/16", "GatewayId": "local", "Origin": "CreateRouteTable", "State": "active"},
                         {"DestinationCidrBlock": "8.8.8.0/24", "GatewayId": "igw-0e1", "Origin": "CreateRoute", "State": "blackhole"},
                         \#(second)]}]}
            """#
        }
        let file = try bad(
            "RouteTables.json",
            table(
                #"{"DestinationCidrBlock": "8.8.8.0/24", "NatGatewayId": "nat-0e1", "Origin": "CreateRoute", "State": "active"}"#
            ))
        try expectImportFailure(
            [file], into: store, file: file, jsonPath: "$.RouteTables[0].Routes[2]",
            mentions: ["8.8.8.0/24 again, with other values", "Routes[1]", "one static route per destination"])
        let same = try bad(
            "RouteTables.json",
            table(
                #"{"DestinationCidrBlock": "8.8.8.0/24", "GatewayId": "igw-0e1", "Origin": "CreateRoute", "State": "blackhole"}"#
            ))
        let summary = try importPaths([same], into: store)
        #expect(
            summary.warnings.contains {
                $0.message.contains("8.8.8.0/24 is listed again, the same as Routes[1]; merged")
            })
    }

    @Test(
        "a state or a list AWS prints for every resource, missing (reshaped output): imported with a warning that says how it was read"
    )
    func unprintedStatesAndAssociations() throws {
        let file = try bad(
            "reshaped.json",
            #"""
            {"NatGateways": [{"NatGatewayId": "nat-0nostate", "VpcId": "vpc-0008a7b45e3ddf1dd", "SubnetId": "subnet-0e1", "NatGatewayAddresses": []}],
             "VpcPeeringConnections": [{"VpcPeeringConnectionId": "pcx-0nostatus",
               "RequesterVpcInfo": {"VpcId": "vpc-0008a7b45e3ddf1dd", "OwnerId": "554773406868", "Region": "us-east-2"},
               "AccepterVpcInfo": {"VpcId": "vpc-0peer", "OwnerId": "554773406868", "Region": "us-east-2"}}],
             "NetworkAcls": [{"NetworkAclId": "acl-0noassoc", "VpcId": "vpc-0008a7b45e3ddf1dd", "IsDefault": false, "Entries": []}],
             "InternetGateways": [{"InternetGatewayId": "igw-0noattach"}],
             "Functions": [{"FunctionName": "fn-nosubnets", "FunctionArn": "arn:aws:lambda:us-east-2:554773406868:function:fn-nosubnets",
               "Role": "arn:aws:iam::554773406868:role/fn", "VpcConfig": {"SecurityGroupIds": ["sg-0e1"], "VpcId": "vpc-0008a7b45e3ddf1dd"}}]}
            """#)
        let summary = try importPaths([file], into: store)
        let warnings = summary.warnings.map(\.message)
        for expected in [
            "$.NatGateways[0].State: no State, which AWS prints for every NAT gateway: read as available",
            "$.VpcPeeringConnections[0].Status: no Status, which AWS prints for every peering connection: read as active",
            "$.NetworkAcls[0].Associations: no Associations, which AWS prints for every network ACL ([] when it has none): read as none",
            "$.InternetGateways[0].Attachments: no Attachments, which AWS prints for every internet gateway",
            "$.Functions[0].VpcConfig.SubnetIds: no SubnetIds beside the VpcConfig's SecurityGroupIds",
        ] {
            #expect(
                warnings.contains { $0.contains(expected) && $0.hasSuffix("(was the output reshaped with --query?)") },
                "\(expected) in \(warnings)")
        }
    }

    @Test(
        "a static route and a route a virtual private gateway propagates may share a destination: the static one routes"
    )
    func staticBesidePropagated() throws {
        // AWS's route-priority example: 172.31.0.0/16 both static (to a transit gateway here)
        // and propagated from the VPN gateway. Both are printed; the static one wins.
        let file = try bad(
            "RouteTables.json",
            #"""
            {"RouteTables": [{
              "RouteTableId": "rtb-0both", "VpcId": "vpc-0008a7b45e3ddf1dd", "OwnerId": "554773406868", "Associations": [],
              "Routes": [{"DestinationCidrBlock": "10.1.0.0/16", "GatewayId": "local", "Origin": "CreateRouteTable", "State": "active"},
                         {"DestinationCidrBlock": "172.31.0.0/16", "TransitGatewayId": "tgw-0e1", "Origin": "CreateRoute", "State": "active"},
                         {"DestinationCidrBlock": "172.31.0.0/16", "GatewayId": "vgw-0e1", "Origin": "EnableVgwRoutePropagation", "State": "active"}]}]}
            """#)
        try importPaths([file], into: store)
        let network = try NetworkLoader(store: store).load(.all)
        let table = try #require(network.routeTables["rtb-0both"])
        // Both kept, the propagated one known as such (it loses the tie: SolverRuleTests).
        #expect(
            table.routes.filter { $0.destinationText == "172.31.0.0/16" }.map {
                "\($0.targetId ?? "") \($0.isPropagated)"
            }
                == ["tgw-0e1 false", "vgw-0e1 true"])
        // Two propagated routes to one destination are still two routes where AWS keeps one.
        let twice = try bad(
            "RouteTables.json",
            #"""
            {"RouteTables": [{
              "RouteTableId": "rtb-0both", "VpcId": "vpc-0008a7b45e3ddf1dd", "OwnerId": "554773406868", "Associations": [],
              "Routes": [{"DestinationCidrBlock": "172.31.0.0/16", "GatewayId": "vgw-0e1", "Origin": "EnableVgwRoutePropagation", "State": "active"},
                         {"DestinationCidrBlock": "172.31.0.0/16", "GatewayId": "vgw-0e2", "Origin": "EnableVgwRoutePropagation", "State": "active"}]}]}
            """#)
        try expectImportFailure(
            [twice], into: store, file: twice, jsonPath: "$.RouteTables[0].Routes[1]",
            mentions: ["172.31.0.0/16 (propagated) again, with other values"])
    }

    @Test("a default (*) ACL entry printed as an allow is refused: AWS's default entries always deny")
    func defaultEntryAllows() throws {
        let file = try bad(
            "NetworkAcls.json",
            #"""
            {"NetworkAcls": [{"NetworkAclId": "acl-0star", "VpcId": "vpc-0008a7b45e3ddf1dd", "IsDefault": false,
              "OwnerId": "554773406868", "Associations": [],
              "Entries": [{"CidrBlock": "0.0.0.0/0", "Egress": true, "Protocol": "-1", "RuleAction": "deny", "RuleNumber": 32767},
                          {"CidrBlock": "0.0.0.0/0", "Egress": false, "Protocol": "-1", "RuleAction": "allow", "RuleNumber": 32767}]}]}
            """#)
        try expectImportFailure(
            [file], into: store, file: file, jsonPath: "$.NetworkAcls[0].Entries[1].RuleAction",
            mentions: ["rule 32767 is the ACL's default `*` entry, which always denies", "allow"])
    }

    @Test("a group without IpPermissionsEgress, an ACL without Entries, a table without Routes: reshaped, refused")
    func listsAWSAlwaysPrints() throws {
        for (name, text, path, key) in [
            (
                "SecurityGroups.json",
                #"{"SecurityGroups": [{"GroupId": "sg-0nolist", "VpcId": "vpc-0008a7b45e3ddf1dd", "GroupName": "g", "IpPermissions": []}]}"#,
                "$.SecurityGroups[0].IpPermissionsEgress", "IpPermissionsEgress"
            ),
            (
                "NetworkAcls.json",
                #"{"NetworkAcls": [{"NetworkAclId": "acl-0nolist", "VpcId": "vpc-0008a7b45e3ddf1dd", "IsDefault": false, "Associations": []}]}"#,
                "$.NetworkAcls[0].Entries", "Entries"
            ),
            (
                "RouteTables.json",
                #"{"RouteTables": [{"RouteTableId": "rtb-0nolist", "VpcId": "vpc-0008a7b45e3ddf1dd", "Associations": []}]}"#,
                "$.RouteTables[0].Routes", "Routes"
            ),
        ] {
            let file = try bad(name, text)
            try expectImportFailure(
                [file], into: store, file: file, jsonPath: path,
                mentions: ["AWS prints \(key) for every one", "reshaped with --query"])
        }
    }

    /// Real exports are often filtered (describe-subnets by VPC or tag) while describe-network-acls
    /// and describe-route-tables are not, and a default ACL lists every subnet of its VPC: an
    /// association with a subnet the import lacks is partial data, not a contradiction.
    @Test(
        "associations with subnets of a filtered describe-subnets: imported, one warning each naming the file, the JSON path and the subnet"
    )
    func associationsOfFilteredSubnets() throws {
        let file = try bad(
            "RouteTables.json",
            #"""
            {"RouteTables": [{
              "RouteTableId": "rtb-0new", "VpcId": "vpc-0008a7b45e3ddf1dd", "OwnerId": "554773406868",
              "Routes": [{"DestinationCidrBlock": "10.1.0.0/16", "GatewayId": "local", "Origin": "CreateRouteTable", "State": "active"}],
              "Associations": [
                {"Main": false, "RouteTableAssociationId": "rtbassoc-0old", "RouteTableId": "rtb-0new", "SubnetId": "subnet-0gone",
                 "AssociationState": {"State": "disassociated"}},
                {"Main": false, "RouteTableAssociationId": "rtbassoc-0new", "RouteTableId": "rtb-0new", "SubnetId": "subnet-06f469bcee42e408e"},
                {"Main": false, "RouteTableAssociationId": "rtbassoc-0bad", "RouteTableId": "rtb-0new", "SubnetId": "subnet-0nowhere"}
              ]}]}
            """#)
        let acls = try bad(
            "NetworkAcls.json",
            #"""
            {"NetworkAcls": [{
              "NetworkAclId": "acl-0new", "VpcId": "vpc-0008a7b45e3ddf1dd", "IsDefault": false, "OwnerId": "554773406868",
              "Entries": [],
              "Associations": [
                {"NetworkAclAssociationId": "aclassoc-0a", "NetworkAclId": "acl-0new", "SubnetId": "subnet-06f469bcee42e408e"},
                {"NetworkAclAssociationId": "aclassoc-0b", "NetworkAclId": "acl-0new", "SubnetId": "subnet-0filtered"}
              ]}]}
            """#)
        let summary = try importPaths([acls, file], into: store)
        let warnings = summary.warnings.map(\.description)
        for expected in [
            "\(acls): $.NetworkAcls[0].Associations[1].SubnetId: network ACL acl-0new is associated with subnet subnet-0filtered, which is neither in this import nor in the inventory",
            "\(file): $.RouteTables[0].Associations[2].SubnetId: route table rtb-0new is associated with subnet subnet-0nowhere, which is neither in this import nor in the inventory",
        ] {
            #expect(
                warnings.contains { $0.hasPrefix(expected) && $0.contains("aws ec2 describe-subnets") }, "\(warnings)")
        }
        // The rest of the files is imported, the associations with them.
        #expect(
            try store.read { db in
                try String.fetchAll(
                    db,
                    sql: "SELECT subnet_id FROM network_acl_associations WHERE network_acl_id = 'acl-0new' ORDER BY 1")
            } == ["subnet-06f469bcee42e408e", "subnet-0filtered"])
        #expect(
            try store.read { db in
                try Int.fetchOne(
                    db, sql: "SELECT COUNT(*) FROM route_table_associations WHERE route_table_id = 'rtb-0new'")
            } == 2)
    }

    /// A NAT gateway's record names its VPC and addresses: a filtered describe-subnets that left
    /// its subnet out is partial data, as for an association, not a contradiction.
    @Test(
        "a NAT gateway in a subnet a filtered describe-subnets left out: imported, with a warning naming the file and the JSON path"
    )
    func natGatewayOfFilteredSubnet() throws {
        let file = try bad(
            "NatGateways.json",
            #"""
            {"NatGateways": [
              {"NatGatewayId": "nat-0kept", "State": "available", "SubnetId": "subnet-06f469bcee42e408e",
               "VpcId": "vpc-0008a7b45e3ddf1dd", "ConnectivityType": "public",
               "NatGatewayAddresses": [{"AllocationId": "eipalloc-0a", "NetworkInterfaceId": "eni-0a", "PrivateIp": "10.1.0.9", "PublicIp": "3.5.7.9"}]},
              {"NatGatewayId": "nat-0filtered", "State": "available", "SubnetId": "subnet-0filtered",
               "VpcId": "vpc-0008a7b45e3ddf1dd", "ConnectivityType": "public",
               "NatGatewayAddresses": [{"AllocationId": "eipalloc-0b", "NetworkInterfaceId": "eni-0b", "PrivateIp": "10.1.9.9", "PublicIp": "3.5.7.10"}]}
            ]}
            """#)
        let summary = try importPaths([file], into: store)
        let warnings = summary.warnings.map(\.description)
        #expect(
            warnings.contains {
                $0.hasPrefix(
                    "\(file): $.NatGateways[1].SubnetId: NAT gateway nat-0filtered is in subnet subnet-0filtered, which is neither in this import nor in the inventory"
                ) && $0.contains("aws ec2 describe-subnets")
            }, "\(warnings)")
        // The NAT gateway is kept whole: its VPC and its addresses come from its own record.
        #expect(
            try store.read { db in
                try String.fetchAll(
                    db,
                    sql:
                        "SELECT n.nat_gateway_id || ' ' || n.vpc_id || ' ' || a.public_ip FROM nat_gateways n JOIN nat_gateway_addresses a USING (nat_gateway_id) ORDER BY 1"
                )
            } == ["nat-0filtered vpc-0008a7b45e3ddf1dd 3.5.7.10", "nat-0kept vpc-0008a7b45e3ddf1dd 3.5.7.9"])
    }

    @Test("a resource already in the inventory under another account")
    func sameResourceOtherAccount() throws {
        // Without its OwnerId (with it, the file would be the owner's VPC seen from another
        // account, which a shared VPC is).
        let original = Fixtures.snapshot("batfish-test-nat-gateway").appendingPathComponent("aws_configs/Vpcs.json")
        let file = try bad(
            "Vpcs.json",
            try String(contentsOf: original, encoding: .utf8).replacingOccurrences(
                of: #""OwnerId": "554773406868","#, with: ""))
        let dumpBefore = try store.dump()
        let error = #expect(throws: ImportError.self) {
            try importPaths([file], into: store, account: "999999999999")
        }
        #expect(error?.file == file)
        #expect(error?.jsonPath == "$.Vpcs[0]")
        #expect(error?.message.contains("vpc-0008a7b45e3ddf1dd") == true, "\(String(describing: error))")
        #expect(error?.message.contains("another account or region") == true, "\(String(describing: error))")
        #expect(try store.dump() == dumpBefore)
    }

    @Test("a re-import that drops a VPC the inventory's subnets still use")
    func dropsReferencedVPC() throws {
        let file = try bad(
            "Vpcs.json", #"{"Vpcs": [{"VpcId": "vpc-0other", "CidrBlock": "10.9.0.0/16", "OwnerId": "554773406868"}]}"#)
        try expectImportFailure(
            [file], into: store, file: file, jsonPath: "$.Vpcs",
            mentions: ["vpc-0008a7b45e3ddf1dd", "subnets", "describe-subnets"])
    }
}
