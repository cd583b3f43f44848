import Foundation
import GRDB
import Testing

@testable import ReachInventory

/// Which account and region an export belongs to: from ARNs and OwnerId, availability zones,
/// folder names (`us-east-1/`, `123456789012/`), or the --account / --region options.
@Suite("Account and region inference")
struct ScopeInferenceTests {
    static let function = #"""
        {"Functions": [{"FunctionName": "f", "FunctionArn": "arn:aws:lambda:ap-southeast-2:444455556666:function:f", "Role": "arn:aws:iam::444455556666:role/f"}]}
        """#

    @Test("from ARNs")
    func fromARNs() throws {
        let scratch = try Scratch("arn")
        let file = try scratch.write("exports/functions.json", Self.function)
        let store = try scratch.store()
        let summary = try importPaths([file], into: store)
        #expect(summary.scopes.map(\.description) == ["444455556666/ap-southeast-2"])
        #expect(
            try scope(of: "arn:aws:lambda:ap-southeast-2:444455556666:function:f", in: "lambda_functions", store: store)
                == "444455556666/ap-southeast-2")
        #expect(summary.warnings.isEmpty)
    }

    @Test("from OwnerId and availability zones, shared with the files that carry neither")
    func fromZones() throws {
        let scratch = try Scratch("zones")
        let vpcs = try scratch.write(
            "exports/vpcs.json",
            #"{"Vpcs": [{"VpcId": "vpc-0z", "CidrBlock": "10.0.0.0/16", "OwnerId": "555566667777"}]}"#)
        let subnets = try scratch.write(
            "exports/subnets.json",
            #"""
            {"Subnets": [
              {"SubnetId": "subnet-0z1", "VpcId": "vpc-0z", "CidrBlock": "10.0.1.0/24", "AvailabilityZone": "eu-central-1b", "OwnerId": "555566667777"},
              {"SubnetId": "subnet-0z2", "VpcId": "vpc-0z", "CidrBlock": "10.0.2.0/24", "AvailabilityZone": "eu-central-1c"}
            ]}
            """#)
        // No hint at all in a NAT gateway export: it takes the import's account and region.
        let nats = try scratch.write(
            "exports/nats.json",
            #"{"NatGateways": [{"NatGatewayId": "nat-0z", "SubnetId": "subnet-0z1", "VpcId": "vpc-0z", "State": "available"}]}"#
        )
        let store = try scratch.store()
        let summary = try importPaths([vpcs, subnets, nats], into: store)
        #expect(summary.scopes.map(\.description) == ["555566667777/eu-central-1"])
        #expect(try scope(of: "vpc-0z", in: "vpcs", store: store) == "555566667777/eu-central-1")
        #expect(try scope(of: "nat-0z", in: "nat_gateways", store: store) == "555566667777/eu-central-1")
        #expect(summary.warnings.isEmpty)
    }

    @Test(
        "local and GovCloud zones name their region",
        arguments: [
            ("us-west-2-lax-1a", "us-west-2"), ("us-gov-west-1a", "us-gov-west-1"),
            ("ap-northeast-1d", "ap-northeast-1"),
        ])
    func zoneNames(_ zone: String, _ region: String) throws {
        let scratch = try Scratch("zone-names")
        let file = try scratch.write(
            "exports/network.json",
            """
            {"Vpcs": [{"VpcId": "vpc-0z", "CidrBlock": "10.0.0.0/16", "OwnerId": "555566667777"}],
             "Subnets": [{"SubnetId": "subnet-0z", "VpcId": "vpc-0z", "AvailabilityZone": "\(zone)", "CidrBlock": "10.0.1.0/24"}]}
            """)
        let store = try scratch.store()
        #expect(try importPaths([file], into: store).scopes.map(\.description) == ["555566667777/\(region)"])
    }

    @Test("from folder names: a region folder (Batfish's layout) and an account folder")
    func fromFolders() throws {
        let scratch = try Scratch("folders")
        try scratch.write(
            "exports/us-west-2/Vpcs.json",
            #"{"Vpcs": [{"VpcId": "vpc-0w", "CidrBlock": "10.1.0.0/16", "OwnerId": "666677778888"}]}"#)
        try scratch.write(
            "exports/123456789012/eu-north-1/InternetGateways.json",
            #"{"InternetGateways": [{"InternetGatewayId": "igw-0n", "Attachments": []}]}"#)
        let store = try scratch.store()
        let summary = try importPaths([scratch.path("exports")], into: store)
        #expect(summary.scopes.map(\.description) == ["123456789012/eu-north-1", "666677778888/us-west-2"])
        #expect(try scope(of: "vpc-0w", in: "vpcs", store: store) == "666677778888/us-west-2")
        #expect(try scope(of: "igw-0n", in: "internet_gateways", store: store) == "123456789012/eu-north-1")
        #expect(summary.warnings.isEmpty)
    }

    @Test("a folder with a region's shape but no region's direction (sg-proto-6, my-exports-1) names no region")
    func folderShapedLikeARegion() throws {
        let scratch = try Scratch("region-shaped")
        for folder in ["sg-proto-6", "my-exports-1"] {
            try scratch.write(
                "\(folder)/Vpcs.json",
                #"{"Vpcs": [{"VpcId": "vpc-0s", "CidrBlock": "10.0.0.0/16", "OwnerId": "555566667777"}]}"#)
            try scratch.write(
                "\(folder)/Subnets.json",
                #"{"Subnets": [{"SubnetId": "subnet-0s", "VpcId": "vpc-0s", "CidrBlock": "10.0.1.0/24", "AvailabilityZone": "us-east-1a", "OwnerId": "555566667777"}]}"#
            )
            let store = try scratch.store("\(folder).sqlite")
            let summary = try importPaths([scratch.path(folder)], into: store)
            #expect(summary.scopes.map(\.description) == ["555566667777/us-east-1"], "\(folder)")
            #expect(summary.warnings.isEmpty, "\(summary.warnings)")
        }
        #expect(AWSSyntax.isRegionFolderName("ap-southeast-2") && AWSSyntax.isRegionFolderName("us-gov-west-1"))
        #expect(AWSSyntax.isRegionFolderName("cn-northwest-1") && AWSSyntax.isRegionFolderName("il-central-1"))
    }

    /// A us-east-1 export moved under `ACCOUNT/eu-west-1/`: the folder still decides (as it does
    /// for the account), and a warning names the file and both regions; the files of the right
    /// region's folder, and files that name no region (describe-vpcs), say nothing.
    @Test("a folder whose region the data contradicts: imported as the folder says, with a warning naming both regions")
    func folderRegionDisagrees() throws {
        let scratch = try Scratch("folder-region")
        let subnets = #"""
            {"Subnets": [{"SubnetId": "subnet-0e1", "VpcId": "vpc-0e1", "CidrBlock": "10.1.1.0/24",
              "AvailabilityZone": "us-east-1a", "AvailabilityZoneId": "use1-az4", "OwnerId": "444455556666",
              "SubnetArn": "arn:aws:ec2:us-east-1:444455556666:subnet/subnet-0e1"}]}
            """#
        let vpcs = #"{"Vpcs": [{"VpcId": "vpc-0e1", "CidrBlock": "10.1.0.0/16", "OwnerId": "444455556666"}]}"#
        let moved = try scratch.write("exports/444455556666/eu-west-1/ec2-describe-subnets.json", subnets)
        try scratch.write("exports/444455556666/eu-west-1/ec2-describe-vpcs.json", vpcs)
        let store = try scratch.store()
        let summary = try importPaths([scratch.path("exports")], into: store)
        #expect(try scope(of: "subnet-0e1", in: "subnets", store: store) == "444455556666/eu-west-1")
        #expect(
            summary.warnings.map(\.description) == [
                "\(moved): its folder names region eu-west-1, but its data (ARNs, availability zones) names us-east-1: imported as eu-west-1, as the folder says. If the file is us-east-1's, move it to a folder named after that region, or import it with --region us-east-1"
            ])
        let right = try scratch.write("right/444455556666/us-east-1/ec2-describe-subnets.json", subnets)
        try scratch.write("right/444455556666/us-east-1/ec2-describe-vpcs.json", vpcs)
        let rightSummary = try importPaths(
            [(right as NSString).deletingLastPathComponent], into: scratch.store("right.sqlite"))
        #expect(rightSummary.warnings.isEmpty, "\(rightSummary.warnings)")
    }

    @Test("the Batfish corpus: region from the us-east-1 folder, account from OwnerId")
    func corpusFolder() throws {
        let scratch = try Scratch("corpus-folder")
        let store = try scratch.store()
        let summary = try importPaths([Fixtures.snapshot("batfish-test-vpc-endpoint-interface").path], into: store)
        #expect(summary.scopes.map(\.description) == ["554773406868/us-east-1"])
    }

    @Test("--account and --region override what the data says; IAM stays global")
    func overrides() throws {
        let scratch = try Scratch("overrides")
        let function = try scratch.write("exports/us-west-2/functions.json", Self.function)
        let iam = try scratch.write(
            "exports/iam.json",
            #"{"RoleDetailList": [{"RoleName": "f", "Arn": "arn:aws:iam::444455556666:role/f", "RolePolicyList": [], "AttachedManagedPolicies": []}], "Policies": []}"#
        )
        let store = try scratch.store()
        let summary = try importPaths([function, iam], into: store, account: "000011112222", region: "sa-east-1")
        #expect(summary.scopes.map(\.description) == ["000011112222/global", "000011112222/sa-east-1"])
        #expect(
            try scope(of: "arn:aws:lambda:ap-southeast-2:444455556666:function:f", in: "lambda_functions", store: store)
                == "000011112222/sa-east-1")
        #expect(
            try scope(of: "arn:aws:iam::444455556666:role/f", in: "iam_roles", store: store) == "000011112222/global")
    }

    @Test("only --region: the account still comes from the data")
    func regionOnly() throws {
        let scratch = try Scratch("region-only")
        let function = try scratch.write("exports/functions.json", Self.function)
        let store = try scratch.store()
        let summary = try importPaths([function], into: store, region: "eu-west-3")
        #expect(summary.scopes.map(\.description) == ["444455556666/eu-west-3"])
    }

    @Test("nothing to go by: recorded as unknown, with warnings that name the options")
    func unknown() throws {
        let scratch = try Scratch("unknown")
        let file = try scratch.write(
            "exports/igw.json", #"{"InternetGateways": [{"InternetGatewayId": "igw-0u", "Attachments": []}]}"#)
        let store = try scratch.store()
        let summary = try importPaths([file], into: store)
        #expect(summary.scopes.map(\.description) == ["unknown/unknown"])
        let messages = summary.warnings.map(\.description)
        #expect(
            messages.contains { $0.contains(file) && $0.contains("no account ID") && $0.contains("--account") },
            "\(messages)")
        #expect(
            messages.contains { $0.contains(file) && $0.contains("no region") && $0.contains("--region") },
            "\(messages)")
    }
}
