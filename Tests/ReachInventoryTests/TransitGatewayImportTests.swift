import Foundation
import GRDB
import ReachCore
import ReachInventory
import Testing

/// The transit-gateway documents: the describe calls, the per-route-table calls with the
/// `TransitGatewayRouteTableId` that collect adds, Batfish's wrappers, and what is refused or
/// warned about. Expected rows are counted from the JSON below, not from lambda-reach.
@Suite("Import of transit gateways")
struct TransitGatewayImportTests {
    static let account = "123456789012"
    static let table = "tgw-rtb-0aa0000000000001"

    static let gateways = """
        {"TransitGateways": [{"TransitGatewayId": "tgw-0aa0000000000001", "State": "available",
          "OwnerId": "123456789012",
          "TransitGatewayArn": "arn:aws:ec2:eu-west-1:123456789012:transit-gateway/tgw-0aa0000000000001",
          "Options": {"DefaultRouteTableAssociation": "enable", "DefaultRouteTablePropagation": "enable",
            "AssociationDefaultRouteTableId": "tgw-rtb-0aa0000000000001",
            "PropagationDefaultRouteTableId": "tgw-rtb-0aa0000000000001",
            "SecurityGroupReferencingSupport": "enable", "DnsSupport": "disable"},
          "Tags": [{"Key": "Name", "Value": "hub"}]}]}
        """
    static let vpcAttachments = """
        {"TransitGatewayVpcAttachments": [{"TransitGatewayAttachmentId": "tgw-attach-0aa0000000000001",
          "TransitGatewayId": "tgw-0aa0000000000001", "VpcId": "vpc-0aa0000000000001",
          "VpcOwnerId": "123456789012", "State": "available",
          "SubnetIds": ["subnet-0aa0000000000001", "subnet-0aa0000000000002"],
          "Options": {"SecurityGroupReferencingSupport": "enable", "ApplianceModeSupport": "disable"}}]}
        """
    static let attachments = """
        {"TransitGatewayAttachments": [
          {"TransitGatewayAttachmentId": "tgw-attach-0aa0000000000001", "TransitGatewayId": "tgw-0aa0000000000001",
           "ResourceType": "vpc", "ResourceId": "vpc-0aa0000000000001", "State": "available",
           "Association": {"TransitGatewayRouteTableId": "tgw-rtb-0aa0000000000001", "State": "associated"}},
          {"TransitGatewayAttachmentId": "tgw-attach-0aa0000000000008", "TransitGatewayId": "tgw-0aa0000000000001",
           "ResourceType": "vpn", "ResourceId": "vpn-0aa0000000000002", "State": "available"},
          {"TransitGatewayAttachmentId": "tgw-attach-0aa0000000000009", "TransitGatewayId": "tgw-0aa0000000000001",
           "ResourceType": "vpn", "ResourceId": "vpn-0aa0000000000001", "State": "available"}]}
        """
    static let routeTables = """
        {"TransitGatewayRouteTables": [{"TransitGatewayRouteTableId": "tgw-rtb-0aa0000000000001",
          "TransitGatewayId": "tgw-0aa0000000000001", "State": "available",
          "DefaultAssociationRouteTable": true, "DefaultPropagationRouteTable": true}]}
        """
    static let associations = """
        {"TransitGatewayRouteTableId": "tgw-rtb-0aa0000000000001", "Associations": [
          {"TransitGatewayAttachmentId": "tgw-attach-0aa0000000000001", "ResourceId": "vpc-0aa0000000000001",
           "ResourceType": "vpc", "State": "associated"}]}
        """
    static let propagations = """
        {"TransitGatewayRouteTableId": "tgw-rtb-0aa0000000000001", "TransitGatewayRouteTablePropagations": [
          {"TransitGatewayAttachmentId": "tgw-attach-0aa0000000000001", "ResourceId": "vpc-0aa0000000000001",
           "ResourceType": "vpc", "State": "enabled"}]}
        """
    /// Three routes, four rows: the blackhole has no attachment, the VPN route is ECMP over two.
    static let routes = """
        {"TransitGatewayRouteTableId": "tgw-rtb-0aa0000000000001", "AdditionalRoutesAvailable": false, "Routes": [
          {"DestinationCidrBlock": "10.1.0.0/16", "Type": "propagated", "State": "active",
           "TransitGatewayAttachments": [{"ResourceId": "vpc-0aa0000000000001",
             "TransitGatewayAttachmentId": "tgw-attach-0aa0000000000001", "ResourceType": "vpc"}]},
          {"DestinationCidrBlock": "10.9.0.0/16", "Type": "static", "State": "blackhole"},
          {"DestinationCidrBlock": "192.168.0.0/16", "Type": "propagated", "State": "active",
           "TransitGatewayAttachments": [
             {"ResourceId": "vpn-0aa0000000000001", "TransitGatewayAttachmentId": "tgw-attach-0aa0000000000009",
              "ResourceType": "vpn"},
             {"ResourceId": "vpn-0aa0000000000002", "TransitGatewayAttachmentId": "tgw-attach-0aa0000000000008",
              "ResourceType": "vpn"}]}]}
        """
    static let vpcs = """
        {"Vpcs": [{"VpcId": "vpc-0aa0000000000001", "CidrBlock": "10.1.0.0/16", "OwnerId": "123456789012",
          "State": "available"}]}
        """
    static let subnets = """
        {"Subnets": [
          {"SubnetId": "subnet-0aa0000000000001", "VpcId": "vpc-0aa0000000000001", "CidrBlock": "10.1.240.0/28",
           "AvailabilityZone": "eu-west-1a", "OwnerId": "123456789012"},
          {"SubnetId": "subnet-0aa0000000000002", "VpcId": "vpc-0aa0000000000001", "CidrBlock": "10.1.240.16/28",
           "AvailabilityZone": "eu-west-1b", "OwnerId": "123456789012"}]}
        """

    func writeAll(_ scratch: Scratch, except skipped: Set<String> = []) throws -> String {
        let files = [
            ("vpcs.json", Self.vpcs), ("subnets.json", Self.subnets), ("tgw.json", Self.gateways),
            ("tgw-vpc-attachments.json", Self.vpcAttachments), ("tgw-attachments.json", Self.attachments),
            ("tgw-route-tables.json", Self.routeTables), ("associations/\(Self.table).json", Self.associations),
            ("propagations/\(Self.table).json", Self.propagations), ("routes/\(Self.table).json", Self.routes),
        ]
        for (name, text) in files where !skipped.contains(name) {
            _ = try scratch.write("exports/\(name)", text)
        }
        return scratch.path("exports")
    }

    @Test("every document lands in its table; a query's network has the gateway, attachments and routes")
    func happyPath() throws {
        let scratch = try Scratch("tgw-import")
        let store = try scratch.store()
        let summary = try importPaths([try writeAll(scratch)], into: store)
        #expect(summary.warnings.isEmpty, "\(summary.warnings)")
        #expect(
            try rowCounts(
                store,
                [
                    "transit_gateways", "transit_gateway_attachments", "transit_gateway_vpc_attachments",
                    "transit_gateway_vpc_attachment_subnets", "transit_gateway_route_tables",
                    "transit_gateway_route_table_associations", "transit_gateway_route_table_propagations",
                    "transit_gateway_routes",
                ])
                == [
                    "transit_gateways": 1, "transit_gateway_attachments": 3, "transit_gateway_vpc_attachments": 1,
                    "transit_gateway_vpc_attachment_subnets": 2, "transit_gateway_route_tables": 1,
                    "transit_gateway_route_table_associations": 1, "transit_gateway_route_table_propagations": 1,
                    "transit_gateway_routes": 4,
                ])
        #expect(try scopes(store) == ["\(Self.account)/eu-west-1"])

        let network = try NetworkLoader(store: store).load(.vpcs(["vpc-0aa0000000000001"], functions: []))
        let gateway = try #require(network.transitGateways["tgw-0aa0000000000001"])
        #expect(gateway.securityGroupReferencing)
        #expect(!gateway.dnsSupport, "DnsSupport disable is read")
        #expect(gateway.associationDefaultRouteTableId == Self.table)
        let attachment = try #require(network.transitGatewayAttachments["tgw-attach-0aa0000000000001"])
        #expect(attachment.dnsSupport, "an attachment that does not say is on: AWS's default")
        #expect(attachment.vpcId == "vpc-0aa0000000000001")
        #expect(attachment.subnetIds == ["subnet-0aa0000000000001", "subnet-0aa0000000000002"])
        #expect(attachment.associatedRouteTableId == Self.table)
        #expect(network.transitGatewayAttachments["tgw-attach-0aa0000000000009"]?.resourceType == "vpn")
        let routes = try #require(network.transitGatewayRouteTables[Self.table]?.routes)
        #expect(
            routes.map(\.summary) == [
                "10.1.0.0/16 -> tgw-attach-0aa0000000000001 (propagated)", "10.9.0.0/16 -> blackhole (static)",
                "192.168.0.0/16 -> tgw-attach-0aa0000000000009, tgw-attach-0aa0000000000008 (propagated)",
            ])
    }

    @Test("re-importing a table's routes replaces them; re-importing the tables keeps them")
    func reimport() throws {
        let scratch = try Scratch("tgw-reimport")
        let store = try scratch.store()
        try importPaths([try writeAll(scratch)], into: store)
        let fewer = try scratch.write(
            "again/routes.json",
            """
            {"TransitGatewayRouteTableId": "\(Self.table)", "Routes": [
              {"DestinationCidrBlock": "10.9.0.0/16", "Type": "static", "State": "blackhole"}]}
            """)
        try importPaths([fewer], into: store, account: Self.account, region: "eu-west-1")
        #expect(try rowCount(store, "transit_gateway_routes") == 1)
        let tables = try scratch.write("again2/tables.json", Self.routeTables)
        try importPaths([tables], into: store, account: Self.account, region: "eu-west-1")
        #expect(try rowCount(store, "transit_gateway_routes") == 1)
        #expect(try rowCount(store, "transit_gateway_route_table_associations") == 1)
    }

    /// search-transit-gateway-routes returns at most 1,000 routes and has no pages: past that it
    /// says AdditionalRoutesAvailable, and the rest is found with narrower filters.
    @Test(
        "a search that says AdditionalRoutesAvailable: a warning with the file, the path and what to run; the table's routes are known to be partial; narrower searches of one table in one import are merged"
    )
    func truncatedSearch() throws {
        let scratch = try Scratch("tgw-truncated")
        let store = try scratch.store()
        let folder = try writeAll(scratch, except: ["routes/\(Self.table).json"])
        let truncated = try scratch.write(
            "exports/routes/\(Self.table)-all.json",
            Self.routes.replacingOccurrences(
                of: #""AdditionalRoutesAvailable": false"#, with: #""AdditionalRoutesAvailable": true"#))
        let summary = try importPaths([folder], into: store)
        let warning = try #require(summary.warnings.first { $0.message.contains("AdditionalRoutesAvailable") })
        #expect(warning.file == truncated)
        #expect(
            warning.message.hasPrefix("$.AdditionalRoutesAvailable: \(Self.table) has more routes than this"),
            "\(warning.message)")
        #expect(warning.message.contains("--filters Name=type,Values=static"), "\(warning.message)")
        let network = try NetworkLoader(store: store).load(.vpcs(["vpc-0aa0000000000001"], functions: []))
        #expect(network.transitGatewayRouteTables[Self.table]?.routesTruncated == true)

        // Searched by type into two files instead: one table's routes, merged, the route both
        // list (10.1.0.0/16) once, and no warning that one file's copy replaced the other's.
        let scratch2 = try Scratch("tgw-filtered")
        let store2 = try scratch2.store()
        let folder2 = try writeAll(scratch2, except: ["routes/\(Self.table).json"])
        _ = try scratch2.write(
            "exports/routes/\(Self.table)-propagated.json",
            """
            {"TransitGatewayRouteTableId": "\(Self.table)", "AdditionalRoutesAvailable": false, "Routes": [
              {"DestinationCidrBlock": "10.1.0.0/16", "Type": "propagated", "State": "active",
               "TransitGatewayAttachments": [{"ResourceId": "vpc-0aa0000000000001",
                 "TransitGatewayAttachmentId": "tgw-attach-0aa0000000000001", "ResourceType": "vpc"}]}]}
            """)
        _ = try scratch2.write(
            "exports/routes/\(Self.table)-static.json",
            """
            {"TransitGatewayRouteTableId": "\(Self.table)", "AdditionalRoutesAvailable": false, "Routes": [
              {"DestinationCidrBlock": "10.9.0.0/16", "Type": "static", "State": "blackhole"},
              {"DestinationCidrBlock": "10.1.0.0/16", "Type": "propagated", "State": "active",
               "TransitGatewayAttachments": [{"ResourceId": "vpc-0aa0000000000001",
                 "TransitGatewayAttachmentId": "tgw-attach-0aa0000000000001", "ResourceType": "vpc"}]}]}
            """)
        let merged = try importPaths([folder2], into: store2)
        #expect(!merged.warnings.contains { $0.message.contains(Self.table) }, "\(merged.warnings)")
        let network2 = try NetworkLoader(store: store2).load(.vpcs(["vpc-0aa0000000000001"], functions: []))
        let table = try #require(network2.transitGatewayRouteTables[Self.table])
        #expect(!table.routesTruncated)
        #expect(
            table.routes.map(\.summary) == [
                "10.1.0.0/16 -> tgw-attach-0aa0000000000001 (propagated)", "10.9.0.0/16 -> blackhole (static)",
            ])
    }

    @Test("Routes without TransitGatewayRouteTableId: refused, naming the file, the key and the fix")
    func routesWithoutTableId() throws {
        let scratch = try Scratch("tgw-no-table-id")
        let store = try scratch.store()
        try importPaths([try writeAll(scratch)], into: store)
        let file = try scratch.write(
            "bad/search-transit-gateway-routes.json",
            """
            {"Routes": [{"DestinationCidrBlock": "10.1.0.0/16", "Type": "propagated", "State": "active"}],
             "AdditionalRoutesAvailable": false}
            """)
        try expectImportFailure(
            [file], into: store, file: file, jsonPath: "$.TransitGatewayRouteTableId",
            mentions: ["search-transit-gateway-routes prints none", "add \"TransitGatewayRouteTableId\""])
        // describe-client-vpn-routes prints Routes too, each naming its endpoint: a skipped key.
        let clientVPN = try scratch.write(
            "vpn/describe-client-vpn-routes.json",
            """
            {"Routes": [{"ClientVpnEndpointId": "cvpn-endpoint-0aa", "DestinationCidr": "10.1.0.0/16"}]}
            """)
        let summary = try importPaths([clientVPN], into: store, account: Self.account, region: "eu-west-1")
        #expect(summary.warnings.map(\.message).contains { $0.contains("'Routes'") })
    }

    @Test("Associations of a TGW route table without its ID: refused; SSM's Associations: a skipped key")
    func associationsWithoutTableId() throws {
        let scratch = try Scratch("tgw-assoc-no-id")
        let store = try scratch.store()
        let file = try scratch.write(
            "bad/associations.json",
            """
            {"Associations": [{"TransitGatewayAttachmentId": "tgw-attach-0aa0000000000001", "State": "associated"}]}
            """)
        try expectImportFailure(
            [file], into: store, file: file, jsonPath: "$.TransitGatewayRouteTableId",
            mentions: ["get-transit-gateway-route-table-associations prints none"])
        let ssm = try scratch.write(
            "ssm/list-associations.json",
            """
            {"Associations": [{"Name": "AWS-RunPatchBaseline", "AssociationId": "0a1b2c3d"}]}
            """)
        let summary = try importPaths([ssm], into: store, account: Self.account, region: "eu-west-1")
        #expect(summary.warnings.map(\.message).contains { $0.contains("'Associations'") })
    }

    @Test("a route table's routes whose shape is wrong: the path names the element")
    func badRoute() throws {
        let scratch = try Scratch("tgw-bad-route")
        let store = try scratch.store()
        let file = try scratch.write(
            "bad/routes.json",
            """
            {"TransitGatewayRouteTableId": "\(Self.table)", "Routes": [
              {"DestinationCidrBlock": "10.1.0.0/16", "Type": "static", "State": "active"},
              {"Type": "static", "State": "active"}]}
            """)
        try expectImportFailure(
            [file], into: store, file: file, jsonPath: "$.Routes[1]",
            mentions: ["DestinationCidrBlock or PrefixListId"])
    }

    @Test("dangling references are warnings: a VPC, a subnet and a route table that were not exported")
    func danglingReferences() throws {
        let scratch = try Scratch("tgw-dangling")
        let store = try scratch.store()
        let summary = try importPaths(
            [
                try writeAll(
                    scratch, except: ["vpcs.json", "subnets.json", "tgw-route-tables.json", "tgw-attachments.json"])
            ],
            into: store, account: Self.account, region: "eu-west-1")
        let messages = summary.warnings.map(\.message)
        #expect(
            messages.contains {
                $0.contains("tgw-attach-0aa0000000000001 refers to VPC vpc-0aa0000000000001")
                    && $0.contains("aws ec2 describe-vpcs")
            }, "\(messages)")
        #expect(
            messages.contains { $0.contains("refers to subnet subnet-0aa0000000000002") }, "\(messages)")
        #expect(
            messages.contains {
                $0.contains("\(Self.table) has routes") && $0.contains("describe-transit-gateway-route-tables")
            }, "\(messages)")
        #expect(
            messages.contains { $0.contains("refers to transit gateway attachment tgw-attach-0aa0000000000008") },
            "\(messages)")
        #expect(try rowCount(store, "transit_gateway_routes") == 4, "warnings, not errors: everything was written")
    }

    @Test("Batfish's TransitGatewayStaticRoutes and TransitGatewayPropagations wrappers")
    func batfishWrappers() throws {
        let scratch = try Scratch("tgw-batfish")
        let store = try scratch.store()
        let folder = try writeAll(
            scratch,
            except: ["routes/\(Self.table).json", "propagations/\(Self.table).json"])
        _ = try scratch.write(
            "exports/TransitGatewayStaticRoutes.json",
            """
            {"TransitGatewayStaticRoutes": [{"TransitGatewayRouteTableId": "\(Self.table)", "Routes": [
              {"DestinationCidrBlock": "0.0.0.0/0", "Type": "static", "State": "active",
               "TransitGatewayAttachments": [{"TransitGatewayAttachmentId": "tgw-attach-0aa0000000000001"}]}]}]}
            """)
        _ = try scratch.write(
            "exports/TransitGatewayPropagations.json",
            """
            {"TransitGatewayPropagations": [{"TransitGatewayRouteTableId": "\(Self.table)",
              "TransitGatewayRouteTablePropagations": [
                {"TransitGatewayAttachmentId": "tgw-attach-0aa0000000000001", "State": "enabled"}]}]}
            """)
        let summary = try importPaths([folder], into: store)
        #expect(summary.warnings.isEmpty, "\(summary.warnings)")
        let network = try NetworkLoader(store: store).load()
        // The static route as exported, and the propagated VPC CIDR derived from the propagation.
        #expect(
            network.transitGatewayRouteTables[Self.table]?.routes.map(\.summary) == [
                "0.0.0.0/0 -> tgw-attach-0aa0000000000001 (static)",
                "10.1.0.0/16 -> tgw-attach-0aa0000000000001 (propagated)",
            ])
    }

    /// AWS (CreateTransitGatewayVpcAttachmentRequestOptions): with Ipv6Support enabled, "IPv6
    /// VPC CIDRs propagate to the transit gateway route tables"; disabled (the default), "IPv6
    /// routes do not propagate".
    @Test(
        "Ipv6Support is read: a table known by its propagations gets the VPC's IPv6 CIDR only from an attachment with IPv6 support"
    )
    func ipv6Support() throws {
        let vpcs = Self.vpcs.replacingOccurrences(
            of: #""State": "available"}]}"#,
            with:
                #""State": "available", "Ipv6CidrBlockAssociationSet": [{"Ipv6CidrBlock": "2600:1f18:aa::/56", "Ipv6CidrBlockState": {"State": "associated"}}]}]}"#
        )
        var routes: [String: [String]] = [:]
        var support: [String: Bool?] = [:]
        for option in ["enable", "disable", nil] as [String?] {
            let scratch = try Scratch("tgw-ipv6-support-\(option ?? "absent")")
            let store = try scratch.store()
            let folder = try writeAll(
                scratch, except: ["routes/\(Self.table).json", "vpcs.json", "tgw-vpc-attachments.json"])
            _ = try scratch.write("exports/vpcs.json", vpcs)
            _ = try scratch.write(
                "exports/tgw-vpc-attachments.json",
                Self.vpcAttachments.replacingOccurrences(
                    of: #""ApplianceModeSupport": "disable"}"#,
                    with: option.map { #""ApplianceModeSupport": "disable", "Ipv6Support": "\#($0)"}"# }
                        ?? #""ApplianceModeSupport": "disable"}"#))
            let summary = try importPaths([folder], into: store)
            #expect(summary.warnings.isEmpty, "\(summary.warnings)")
            let network = try NetworkLoader(store: store).load()
            let key = option ?? "absent"
            routes[key] = network.transitGatewayRouteTables[Self.table]?.routes.map(\.summary)
            support[key] = network.transitGatewayAttachments["tgw-attach-0aa0000000000001"]?.ipv6Support
        }
        #expect(
            routes["enable"] == [
                "10.1.0.0/16 -> tgw-attach-0aa0000000000001 (propagated)",
                "2600:1f18:aa::/56 -> tgw-attach-0aa0000000000001 (propagated)",
            ])
        #expect(routes["disable"] == ["10.1.0.0/16 -> tgw-attach-0aa0000000000001 (propagated)"])
        #expect(routes["absent"] == ["10.1.0.0/16 -> tgw-attach-0aa0000000000001 (propagated)"])
        #expect(
            support["enable"] == .some(true) && support["disable"] == .some(false) && support["absent"] == .some(nil))
    }
}
