import Foundation
import GRDB
import ReachCore
import ReachInventory
import Testing

/// Every value the solver relies on, and every ID that is pasted into a `fix:` command, is
/// checked at import: CIDRs, addresses, protocols, ports, rule numbers, IDs, names, ARNs,
/// accounts and regions. What AWS could not have printed is an error that names the file, the
/// JSON path and the form expected, and the inventory is left as it was.
///
/// As in MalformedInputTests, every refusal follows a valid import of Batfish's NAT snapshot
/// (account 554773406868, us-east-2), and the bad file sits in that account and region's
/// folders, so that a partial write would replace real rows.
@Suite("Input validation: the values AWS prints, and nothing else")
struct InputValidationTests {
    let scratch: Scratch
    let store: InventoryStore

    init() throws {
        scratch = try Scratch("validation")
        store = try scratch.store()
        try importPaths([Fixtures.snapshot("batfish-test-nat-gateway").path], into: store)
    }

    static let vpc = "vpc-0008a7b45e3ddf1dd"
    static let subnet = "subnet-06f469bcee42e408e"

    /// A file in the snapshot's account and region folders.
    func bad(_ name: String, _ text: String) throws -> String {
        try scratch.write("exports/554773406868/us-east-2/\(name)", text)
    }

    /// A fresh inventory with the snapshot's VPC and `files` (name, text) imported from one
    /// account and region folder, for what must import.
    func fresh(_ label: String, _ files: [(String, String)]) throws -> (InventoryStore, ImportSummary) {
        let store = try scratch.store("\(label).sqlite")
        let folder = "fresh/\(label)/554773406868/us-east-2"
        var paths = [
            try scratch.write(
                "\(folder)/Vpcs.json", #"{"Vpcs": [{"VpcId": "\#(Self.vpc)", "CidrBlock": "10.1.0.0/16"}]}"#)
        ]
        for (name, text) in files { paths.append(try scratch.write("\(folder)/\(name)", text)) }
        return (store, try importPaths(paths, into: store))
    }

    /// A subnets file whose second subnet has `field` (a JSON member, `"Key": value`).
    static func subnets(_ field: String) -> String {
        """
        {"Subnets": [
          {"SubnetId": "\(subnet)", "VpcId": "\(vpc)", "CidrBlock": "10.1.1.0/24", "AvailabilityZone": "us-east-2b"},
          {"SubnetId": "subnet-0e1", "VpcId": "\(vpc)", "AvailabilityZone": "us-east-2b", \(field)}
        ]}
        """
    }

    /// A security group of the snapshot's VPC with one ingress permission.
    static func group(_ permission: String) -> String {
        #"{"SecurityGroups": [{"GroupId": "sg-0e1", "VpcId": "\#(vpc)", "IpPermissions": [\#(permission)], "IpPermissionsEgress": []}]}"#
    }

    /// A network ACL of the snapshot's VPC with `entries`.
    static func acl(_ entries: String) -> String {
        #"{"NetworkAcls": [{"NetworkAclId": "acl-0e1", "VpcId": "\#(vpc)", "IsDefault": false, "Associations": [], "Entries": [\#(entries)]}]}"#
    }

    // MARK: CIDRs and addresses

    @Test(
        "a subnet's CidrBlock that is not an IPv4 CIDR block",
        arguments: ["10.0.0.0/33", "banana", "0.0.0.0/", "10.0.0/8", "10.0.0.0", " 10.0.0.0/8"])
    func subnetCIDR(_ cidr: String) throws {
        let file = try bad("Subnets.json", Self.subnets(#""CidrBlock": "\#(cidr)""#))
        try expectImportFailure(
            [file], into: store, file: file, jsonPath: "$.Subnets[1].CidrBlock",
            mentions: ["expected an IPv4 CIDR block (e.g. 10.0.0.0/16)", "found \"\(cidr)\""])
    }

    @Test("host bits set in a CIDR are taken as AWS takes them, without a word")
    func hostBits() throws {
        let (store, summary) = try fresh("host-bits", [("Subnets.json", Self.subnets(#""CidrBlock": "10.1.9.7/24""#))])
        #expect(summary.warnings.isEmpty, "\(summary.warnings)")
        #expect(try rowCount(store, "subnets") == 2)
    }

    @Test("a VPC's CIDRs: the primary, an associated one and an IPv6 one")
    func vpcCIDRs() throws {
        for (field, path, form) in [
            (#""CidrBlock": "10.1.0.0/16/2""#, "$.Vpcs[0].CidrBlock", "an IPv4 CIDR block"),
            (
                #""CidrBlockAssociationSet": [{"CidrBlock": "10.1.0.0/16"}, {"CidrBlock": "300.1.0.0/16"}]"#,
                "$.Vpcs[0].CidrBlockAssociationSet[1].CidrBlock", "an IPv4 CIDR block"
            ),
            (
                #""Ipv6CidrBlockAssociationSet": [{"Ipv6CidrBlock": "2600:1f18::/129"}]"#,
                "$.Vpcs[0].Ipv6CidrBlockAssociationSet[0].Ipv6CidrBlock", "an IPv6 CIDR block"
            ),
        ] {
            let file = try bad(
                "Vpcs.json", #"{"Vpcs": [{"VpcId": "\#(Self.vpc)", "OwnerId": "554773406868", \#(field)}]}"#)
            try expectImportFailure([file], into: store, file: file, jsonPath: path, mentions: [form])
        }
    }

    @Test("a route to 0.0.0.0/ is refused, not dropped (which made the fix create the very route)")
    func routeCIDR() throws {
        let file = try bad(
            "RouteTables.json",
            #"""
            {"RouteTables": [{"RouteTableId": "rtb-0e1", "VpcId": "vpc-0008a7b45e3ddf1dd", "Routes": [
              {"DestinationCidrBlock": "10.1.0.0/16", "GatewayId": "local", "State": "active"},
              {"DestinationCidrBlock": "0.0.0.0/", "NatGatewayId": "nat-07ab4846da51f4612", "State": "active"}]}]}
            """#)
        try expectImportFailure(
            [file], into: store, file: file, jsonPath: "$.RouteTables[0].Routes[1].DestinationCidrBlock",
            mentions: ["an IPv4 CIDR block", "found \"0.0.0.0/\""])
    }

    @Test(
        "a route's State is active or blackhole, and it has one destination: otherwise a dropped route would carry traffic",
        arguments: [
            (
                #"{"DestinationCidrBlock": "0.0.0.0/0", "NatGatewayId": "nat-07ab4846da51f4612", "State": "banana"}"#,
                "$.RouteTables[0].Routes[1].State", "one of active, blackhole"
            ),
            (
                #"{"DestinationCidrBlock": "0.0.0.0/0", "DestinationPrefixListId": "pl-63a5400a", "NatGatewayId": "nat-07ab4846da51f4612", "State": "blackhole"}"#,
                "$.RouteTables[0].Routes[1]", "2 of them"
            ),
        ])
    func routeStateAndDestination(_ route: String, _ path: String, _ mention: String) throws {
        let file = try bad(
            "RouteTables.json",
            #"""
            {"RouteTables": [{"RouteTableId": "rtb-0e1", "VpcId": "vpc-0008a7b45e3ddf1dd", "Routes": [
              {"DestinationCidrBlock": "10.1.0.0/16", "GatewayId": "local", "State": "active"},
              \#(route)]}]}
            """#)
        try expectImportFailure([file], into: store, file: file, jsonPath: path, mentions: [mention])
    }

    @Test(
        "null is not 'none': a null list of entries, routes or rules, a null Egress, a null top-level list, are refused",
        arguments: [
            (#"{"NetworkAcls": null}"#, "$.NetworkAcls", "an array"),
            (
                #"{"NetworkAcls": [{"NetworkAclId": "acl-0e1", "VpcId": "vpc-0008a7b45e3ddf1dd", "IsDefault": false, "Entries": null}]}"#,
                "$.NetworkAcls[0].Entries", "an array"
            ),
            (
                #"{"NetworkAcls": [{"NetworkAclId": "acl-0e1", "VpcId": "vpc-0008a7b45e3ddf1dd", "IsDefault": false, "Entries": [{"RuleNumber": 100, "Protocol": "-1", "RuleAction": "deny", "CidrBlock": "0.0.0.0/0", "Egress": null}]}]}"#,
                "$.NetworkAcls[0].Entries[0].Egress", "a boolean"
            ),
            (
                #"{"RouteTables": [{"RouteTableId": "rtb-0e1", "VpcId": "vpc-0008a7b45e3ddf1dd", "Routes": null}]}"#,
                "$.RouteTables[0].Routes", "an array"
            ),
        ])
    func nullIsNotNone(_ text: String, _ path: String, _ mention: String) throws {
        let file = try bad("Nulls.json", text)
        try expectImportFailure([file], into: store, file: file, jsonPath: path, mentions: [mention])
    }

    @Test("a route without State imports with a warning that names it")
    func routeWithoutState() throws {
        let (_, summary) = try fresh(
            "stateless",
            [
                (
                    "RouteTables.json",
                    #"{"RouteTables": [{"RouteTableId": "rtb-0e1", "VpcId": "vpc-0008a7b45e3ddf1dd", "Routes": [{"DestinationCidrBlock": "0.0.0.0/0", "GatewayId": "igw-0e1"}]}]}"#
                )
            ])
        #expect(summary.warnings.contains { $0.message.contains("Routes[0]") && $0.message.contains("no State") })
    }

    @Test("list-functions --function-version ALL: $LATEST is the function, published versions are left out, said once")
    func publishedVersions() throws {
        let arn = "arn:aws:lambda:us-east-2:554773406868:function:orders-api"
        let config =
            #""VpcConfig": {"SubnetIds": ["\#(Self.subnet)"], "SecurityGroupIds": [], "VpcId": "\#(Self.vpc)"}"#
        let (store, summary) = try fresh(
            "versions",
            [
                (
                    "Functions.json",
                    #"""
                    {"Functions": [
                      {"FunctionName": "orders-api", "FunctionArn": "\#(arn):$LATEST", "Version": "$LATEST", \#(config)},
                      {"FunctionName": "orders-api", "FunctionArn": "\#(arn):2", "Version": "2"},
                      {"FunctionName": "orders-api", "FunctionArn": "\#(arn):3", "Version": "3", \#(config)}
                    ]}
                    """#
                )
            ])
        let arns = try store.read { db in try String.fetchAll(db, sql: "SELECT function_arn FROM lambda_functions") }
        #expect(arns == [arn])
        let versions = summary.warnings.filter { $0.message.contains("published versions") }
        #expect(versions.count == 1, "\(summary.warnings)")
        #expect(versions.first?.message.contains("orders-api:2, orders-api:3") == true, "\(versions)")
    }

    @Test("list-functions and get-function-configuration that place the function apart: the latter wins, said")
    func functionCopiesDiffer() throws {
        let arn = "arn:aws:lambda:us-east-2:554773406868:function:orders-api"
        let config = { (group: String) in
            #""VpcConfig": {"SubnetIds": ["\#(Self.subnet)"], "SecurityGroupIds": ["\#(group)"], "VpcId": "\#(Self.vpc)"}"#
        }
        let listed = #"{"Functions": [{"FunctionName": "orders-api", "FunctionArn": "\#(arn)", \#(config("sg-0a1"))}]}"#
        for (group, warned) in [("sg-0b2", true), ("sg-0a1", false)] {
            let single =
                #"{"FunctionName": "orders-api", "FunctionArn": "\#(arn)", "State": "Active", \#(config(group))}"#
            // In either order of the files.
            for files in [
                [("A-list-functions.json", listed), ("B-get-function-configuration.json", single)],
                [("A-get-function-configuration.json", single), ("B-list-functions.json", listed)],
            ] {
                let (store, summary) = try fresh("function-copies-\(group)-\(files[0].0)", files)
                let warnings = summary.warnings.filter {
                    $0.message.contains("with other subnets, security groups or role")
                }
                #expect(warnings.count == (warned ? 1 : 0), "\(summary.warnings)")
                #expect(
                    try store.read { db in
                        try String.fetchAll(db, sql: "SELECT group_id FROM lambda_function_security_groups")
                    }
                        == [group])
            }
        }
    }

    @Test("a subnet associated with another VPC's route table or network ACL imports with a warning")
    func crossVPCAssociations() throws {
        let (_, summary) = try fresh(
            "cross-vpc",
            [
                (
                    "Vpcs2.json",
                    #"{"Vpcs": [{"VpcId": "vpc-0e2", "CidrBlock": "10.2.0.0/16", "OwnerId": "554773406868"}]}"#
                ),
                (
                    "Subnets.json",
                    #"{"Subnets": [{"SubnetId": "\#(Self.subnet)", "VpcId": "\#(Self.vpc)", "CidrBlock": "10.1.1.0/24", "AvailabilityZone": "us-east-2b"}]}"#
                ),
                (
                    "RouteTables.json",
                    #"""
                    {"RouteTables": [{"RouteTableId": "rtb-0e2", "VpcId": "vpc-0e2", "Routes": [],
                      "Associations": [{"Main": false, "RouteTableAssociationId": "rtbassoc-0e2", "RouteTableId": "rtb-0e2", "SubnetId": "\#(Self.subnet)"}]}]}
                    """#
                ),
                (
                    "NetworkAcls.json",
                    #"""
                    {"NetworkAcls": [{"NetworkAclId": "acl-0e2", "VpcId": "vpc-0e2", "IsDefault": false, "Entries": [],
                      "Associations": [{"NetworkAclAssociationId": "aclassoc-0e2", "NetworkAclId": "acl-0e2", "SubnetId": "\#(Self.subnet)"}]}]}
                    """#
                ),
            ])
        for (what, id) in [("route table", "rtb-0e2"), ("network ACL", "acl-0e2")] {
            #expect(
                summary.warnings.contains {
                    $0.message.contains(
                        "\(Self.subnet), a subnet of \(Self.vpc), is associated with \(what) \(id) of vpc-0e2")
                }, "\(summary.warnings)")
        }
    }

    @Test("an IPv6 route, a prefix-list route and a route target are checked too")
    func routeOtherFields() throws {
        for (route, path, form) in [
            (
                #"{"DestinationIpv6CidrBlock": "::/0/", "EgressOnlyInternetGatewayId": "eigw-0a"}"#,
                "DestinationIpv6CidrBlock", "an IPv6 CIDR block"
            ),
            (
                #"{"DestinationPrefixListId": "pl 63a5400a", "GatewayId": "vpce-0a"}"#, "DestinationPrefixListId",
                "a prefix list ID"
            ),
            (#"{"DestinationCidrBlock": "0.0.0.0/0", "NatGatewayId": "igw-0a"}"#, "NatGatewayId", "a NAT gateway ID"),
            (
                #"{"DestinationCidrBlock": "0.0.0.0/0", "GatewayId": "igw-0a;reboot"}"#, "GatewayId",
                "\"local\" or a gateway ID"
            ),
        ] {
            let file = try bad(
                "RouteTables.json",
                #"{"RouteTables": [{"RouteTableId": "rtb-0e1", "VpcId": "\#(Self.vpc)", "Routes": [\#(route)]}]}"#)
            try expectImportFailure(
                [file], into: store, file: file, jsonPath: "$.RouteTables[0].Routes[0].\(path)", mentions: [form])
        }
    }

    @Test("addresses: a NAT gateway's private and public IPs, an interface's IPv4 and IPv6 addresses")
    func addresses() throws {
        let nat = try bad(
            "NatGateways.json",
            #"{"NatGateways": [{"NatGatewayId": "nat-0e1", "SubnetId": "\#(Self.subnet)", "NatGatewayAddresses": [{"PrivateIp": "10.1.1.5", "PublicIp": "3.135.127.256"}]}]}"#
        )
        try expectImportFailure(
            [nat], into: store, file: nat, jsonPath: "$.NatGateways[0].NatGatewayAddresses[0].PublicIp",
            mentions: ["an IPv4 address", "3.135.127.256"])
        let eni = try bad(
            "NetworkInterfaces.json",
            #"{"NetworkInterfaces": [{"NetworkInterfaceId": "eni-0e1", "SubnetId": "\#(Self.subnet)", "PrivateIpAddresses": [{"PrivateIpAddress": "10.1.1.5/32"}]}]}"#
        )
        try expectImportFailure(
            [eni], into: store, file: eni, jsonPath: "$.NetworkInterfaces[0].PrivateIpAddresses[0].PrivateIpAddress",
            mentions: ["an IPv4 address"])
        let ipv6 = try bad(
            "NetworkInterfaces.json",
            #"{"NetworkInterfaces": [{"NetworkInterfaceId": "eni-0e1", "Ipv6Addresses": [{"Ipv6Address": "2600:1f18::g"}]}]}"#
        )
        try expectImportFailure(
            [ipv6], into: store, file: ipv6, jsonPath: "$.NetworkInterfaces[0].Ipv6Addresses[0].Ipv6Address",
            mentions: ["an IPv6 address"])
    }

    @Test("a security group rule's, a prefix list's and a peering's CIDRs")
    func otherCIDRs() throws {
        let rule = try bad(
            "SecurityGroups.json",
            Self.group(#"{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "banana"}]}"#))
        try expectImportFailure(
            [rule], into: store, file: rule, jsonPath: "$.SecurityGroups[0].IpPermissions[0].IpRanges[0].CidrIp",
            mentions: ["an IPv4 CIDR block", "\"banana\""])
        let entries = try bad(
            "pl-0e1.json", #"{"PrefixListId": "pl-0e1", "Entries": [{"Cidr": "10.0.0.0/8"}, {"Cidr": "10.0.0.0/99"}]}"#)
        try expectImportFailure(
            [entries], into: store, file: entries, jsonPath: "$.Entries[1].Cidr",
            mentions: ["an IPv4 or IPv6 CIDR block"])
        let peering = try bad(
            "VpcPeeringConnections.json",
            #"{"VpcPeeringConnections": [{"VpcPeeringConnectionId": "pcx-0e1", "AccepterVpcInfo": {"VpcId": "vpc-0e2", "CidrBlockSet": [{"CidrBlock": "10.2.0.0"}]}}]}"#
        )
        try expectImportFailure(
            [peering], into: store, file: peering,
            jsonPath: "$.VpcPeeringConnections[0].AccepterVpcInfo.CidrBlockSet[0].CidrBlock",
            mentions: ["an IPv4 CIDR block"])
    }

    @Test(
        "describe-security-groups and describe-security-group-rules that disagree: the group's listing decides, with a warning"
    )
    func ruleExportsDisagree() throws {
        // The database group lists tcp 5432 from 10.1.1.0/24 and 10.1.2.0/24; the rules export
        // (taken another time) has the first, and tcp 22 from 0.0.0.0/0 that the listing lacks.
        let groups =
            #"{"SecurityGroups": [{"GroupId": "sg-0db", "VpcId": "\#(Self.vpc)", "IpPermissions": [{"IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432, "IpRanges": [{"CidrIp": "10.1.1.0/24"}, {"CidrIp": "10.1.2.0/24"}]}], "IpPermissionsEgress": []}]}"#
        let rules =
            #"{"SecurityGroupRules": [{"SecurityGroupRuleId": "sgr-0a", "GroupId": "sg-0db", "IsEgress": false, "IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432, "CidrIpv4": "10.1.1.0/24"}, {"SecurityGroupRuleId": "sgr-0b", "GroupId": "sg-0db", "IsEgress": false, "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIpv4": "0.0.0.0/0"}]}"#
        // In either order of the files: the rules first wait for their group, or merge into it.
        for files in [
            [("SecurityGroups.json", groups), ("SecurityGroupRules.json", rules)],
            [("A-SecurityGroupRules.json", rules), ("B-SecurityGroups.json", groups)],
        ] {
            let (store, summary) = try fresh("rules-disagree-\(files[0].0)", files)
            let warnings = summary.warnings.filter { $0.message.hasPrefix("sg-0db: describe-security-groups and") }
            #expect(warnings.count == 1, "\(summary.warnings)")
            let message = warnings.first?.message ?? ""
            #expect(message.contains("describe-security-group-rules has ingress tcp 22 from 0.0.0.0/0"), "\(message)")
            #expect(message.contains("describe-security-groups lists ingress tcp 5432 from 10.1.2.0/24"), "\(message)")
            #expect(
                try store.read { db in
                    try String.fetchAll(
                        db,
                        sql:
                            "SELECT coalesce(security_group_rule_id, '-') || ' ' || from_port || ' ' || cidr_ipv4 FROM security_group_rules ORDER BY ordinal"
                    )
                } == ["sgr-0a 5432 10.1.1.0/24", "- 5432 10.1.2.0/24"])
        }
    }

    // MARK: Protocols and ports

    @Test("a security group rule's IpProtocol: 999, empty, a space", arguments: ["999", "", " ", "tcp ", "256", "-2"])
    func groupProtocol(_ value: String) throws {
        let file = try bad(
            "SecurityGroups.json",
            Self.group(
                #"{"IpProtocol": "\#(value)", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}"#))
        try expectImportFailure(
            [file], into: store, file: file, jsonPath: "$.SecurityGroups[0].IpPermissions[0].IpProtocol",
            mentions: ["a protocol: -1 (all), tcp, udp, icmp, icmpv6 or a protocol number from 0 to 255"])
    }

    @Test(
        "the protocols AWS prints for a security group rule import, with the ports AWS prints for them",
        arguments: [
            ("-1", ""), ("tcp", #", "FromPort": 443, "ToPort": 443"#), ("UDP", #", "FromPort": 0, "ToPort": 65535"#),
            ("icmp", #", "FromPort": -1, "ToPort": -1"#), ("icmpv6", #", "FromPort": 128, "ToPort": 0"#),
            ("50", #", "FromPort": -1, "ToPort": -1"#), ("0", ""), ("255", ""),
        ])
    func groupProtocolAccepted(value: String, ports: String) throws {
        let (store, summary) = try fresh(
            "protocol-\(value)",
            [
                (
                    "SecurityGroups.json",
                    Self.group(#"{"IpProtocol": "\#(value)"\#(ports), "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}"#)
                )
            ])
        #expect(summary.warnings.isEmpty, "\(summary.warnings)")
        #expect(
            try store.read { db in try String.fetchAll(db, sql: "SELECT ip_protocol FROM security_group_rules") }
                == [value.lowercased()])
    }

    @Test(
        "a tcp rule's ports: -1/-1 is not 'all ports', 500-400 is not a range, missing ports are not all",
        arguments: [
            (
                #""FromPort": -1, "ToPort": -1"#, "FromPort",
                "-1 (which means all only for protocol -1, icmp and icmpv6)"
            ),
            (#""FromPort": 500, "ToPort": 400"#, "ToPort", "a port at least FromPort (500)"),
            (#""FromPort": 443, "ToPort": 65536"#, "ToPort", "65536"),
            (#""ToPort": 443"#, "FromPort", "the key is missing"),
        ])
    func tcpPorts(ports: String, key: String, mention: String) throws {
        let file = try bad(
            "SecurityGroups.json",
            Self.group(#"{"IpProtocol": "tcp", \#(ports), "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}"#))
        try expectImportFailure(
            [file], into: store, file: file, jsonPath: "$.SecurityGroups[0].IpPermissions[0].\(key)",
            mentions: ["a port", mention])
    }

    @Test("describe-security-group-rules: the same checks, and a rule without a peer is refused")
    func groupRules() throws {
        let tcp = try bad(
            "SecurityGroupRules.json",
            #"{"SecurityGroupRules": [{"GroupId": "sg-0010bf850022667c2", "IsEgress": true, "IpProtocol": "tcp", "FromPort": -1, "ToPort": -1, "CidrIpv4": "0.0.0.0/0"}]}"#
        )
        try expectImportFailure(
            [tcp], into: store, file: tcp, jsonPath: "$.SecurityGroupRules[0].FromPort",
            mentions: ["a port from 0 to 65535"])
        let nopeer = try bad(
            "SecurityGroupRules.json",
            #"{"SecurityGroupRules": [{"GroupId": "sg-0010bf850022667c2", "IsEgress": true, "IpProtocol": "-1", "FromPort": -1, "ToPort": -1}]}"#
        )
        try expectImportFailure(
            [nopeer], into: store, file: nopeer, jsonPath: "$.SecurityGroupRules[0]",
            mentions: ["one of CidrIpv4, CidrIpv6, PrefixListId or ReferencedGroupInfo.GroupId", "none of them"])
    }

    @Test("a network ACL entry's Protocol: 999, empty, a space", arguments: ["999", "", " ", "6 "])
    func aclProtocol(_ value: String) throws {
        let file = try bad(
            "NetworkAcls.json",
            Self.acl(
                #"{"CidrBlock": "0.0.0.0/0", "Egress": true, "Protocol": "\#(value)", "RuleAction": "deny", "RuleNumber": 90}"#
            ))
        try expectImportFailure(
            [file], into: store, file: file, jsonPath: "$.NetworkAcls[0].Entries[0].Protocol",
            mentions: ["a protocol: \"-1\" (all) or a protocol number from 0 to 255"])
    }

    @Test(
        "a tcp network ACL entry's PortRange: 500-400, -1/-1, To -0.0 after From 500, none at all",
        arguments: [
            (#""PortRange": {"From": 500, "To": 400}"#, "PortRange.To", "a port at least From (500)"),
            (#""PortRange": {"From": -1, "To": -1}"#, "PortRange.From", "a whole number from 0 to 65535"),
            (#""PortRange": {"From": 500, "To": -0.0}"#, "PortRange.To", "a port at least From (500)"),
            (#""PortRange": {"From": 5, "To": 70000}"#, "PortRange.To", "a whole number from 0 to 65535"),
            ("\"Egress\": true", "PortRange", "AWS requires one for tcp and udp"),
        ])
    func aclPorts(ports: String, path: String, mention: String) throws {
        let file = try bad(
            "NetworkAcls.json",
            Self.acl(
                #"{"CidrBlock": "0.0.0.0/0", "Egress": true, "Protocol": "6", "RuleAction": "deny", "RuleNumber": 90, \#(ports)}"#
            ))
        try expectImportFailure(
            [file], into: store, file: file, jsonPath: "$.NetworkAcls[0].Entries[0].\(path)", mentions: [mention])
    }

    @Test("a PortRange on an all-protocols entry is not kept: AWS applies such an entry to every port")
    func aclPortsIgnoredForAll() throws {
        let (store, _) = try fresh(
            "all-ports",
            [
                (
                    "NetworkAcls.json",
                    Self.acl(
                        #"{"CidrBlock": "0.0.0.0/0", "Egress": true, "Protocol": "-1", "RuleAction": "deny", "RuleNumber": 90, "PortRange": {"From": 80, "To": 80}}"#
                    )
                )
            ])
        let network = try NetworkLoader(store: store).load()
        #expect(
            network.networkACLs["acl-0e1"]?.outbound
                == [NetworkACLEntry(ruleNumber: 90, ipProtocol: .all, allow: false, cidr: .any, ports: .all)])
    }

    @Test(
        "rule numbers: 0, -1, Int64.min, 32769 and a string are refused",
        arguments: ["0", "-1", "-9223372036854775808", "32769", "\"abc\""])
    func ruleNumbers(_ number: String) throws {
        let file = try bad(
            "NetworkAcls.json",
            Self.acl(
                #"{"CidrBlock": "0.0.0.0/0", "Egress": true, "Protocol": "-1", "RuleAction": "deny", "RuleNumber": \#(number)}"#
            ))
        try expectImportFailure(
            [file], into: store, file: file, jsonPath: "$.NetworkAcls[0].Entries[0].RuleNumber",
            mentions: ["a whole number"])
    }

    @Test("32768 is only the IPv6 default entry: on an IPv4 entry it is refused, saying so")
    func ruleNumber32768OnIPv4() throws {
        let file = try bad(
            "NetworkAcls.json",
            Self.acl(
                #"{"CidrBlock": "0.0.0.0/0", "Egress": true, "Protocol": "-1", "RuleAction": "deny", "RuleNumber": 32768}"#
            ))
        try expectImportFailure(
            [file], into: store, file: file, jsonPath: "$.NetworkAcls[0].Entries[0].RuleNumber",
            mentions: ["1 to 32767 for an IPv4 entry", "32768 is AWS's default entry for IPv6 only"])
    }

    @Test("the rule numbers AWS prints import, the IPv6 default entry's 32768 among them")
    func ruleNumbersAccepted() throws {
        var entries = ["1", "32766", "32767"].map {
            #"{"CidrBlock": "0.0.0.0/0", "Egress": true, "Protocol": "-1", "RuleAction": "deny", "RuleNumber": \#($0)}"#
        }
        // As describe-network-acls prints the default entry of a VPC with an IPv6 block.
        entries.append(
            #"{"Egress": true, "Ipv6CidrBlock": "::/0", "Protocol": "-1", "RuleAction": "deny", "RuleNumber": 32768}"#)
        let (store, _) = try fresh("rule-numbers", [("NetworkAcls.json", Self.acl(entries.joined(separator: ", ")))])
        #expect(
            try store.read { db in
                try Int.fetchAll(
                    db,
                    sql: "SELECT rule_number FROM network_acl_entries WHERE network_acl_id = 'acl-0e1' ORDER BY 1")
            } == [1, 32766, 32767, 32768])
        let network = try NetworkLoader(store: store).load()
        #expect(network.networkACLs["acl-0e1"]?.outbound.last?.ruleNumber == NetworkACLEntry.defaultIPv6RuleNumber)
        #expect(network.networkACLs["acl-0e1"]?.outbound.last?.summary == "#* deny all ::/0")
    }

    @Test("two entries with one rule number and direction: an error naming both paths")
    func duplicateRuleNumber() throws {
        let file = try bad(
            "NetworkAcls.json",
            Self.acl(
                #"""
                {"CidrBlock": "0.0.0.0/0", "Egress": false, "Protocol": "-1", "RuleAction": "allow", "RuleNumber": 100},
                {"CidrBlock": "0.0.0.0/0", "Egress": true, "Protocol": "-1", "RuleAction": "allow", "RuleNumber": 100},
                {"CidrBlock": "10.0.0.0/8", "Egress": true, "Protocol": "-1", "RuleAction": "deny", "RuleNumber": 100}
                """#))
        try expectImportFailure(
            [file], into: store, file: file, jsonPath: "$.NetworkAcls[0].Entries[2].RuleNumber",
            mentions: ["no other outbound entry of this network ACL has", "$.NetworkAcls[0].Entries[1]"])
    }

    @Test("a subnet claimed by two route tables or two ACLs, or two main tables or default ACLs: a warning naming both")
    func conflictingAssociations() throws {
        let subnet = Self.subnet
        let tables = #"""
            {"RouteTables": [
              {"RouteTableId": "rtb-0a1", "VpcId": "\#(Self.vpc)", "Routes": [], "Associations": [
                {"Main": true, "RouteTableAssociationId": "rtbassoc-0a1", "RouteTableId": "rtb-0a1"},
                {"Main": false, "RouteTableAssociationId": "rtbassoc-0a2", "RouteTableId": "rtb-0a1", "SubnetId": "\#(subnet)"}]},
              {"RouteTableId": "rtb-0b1", "VpcId": "\#(Self.vpc)", "Routes": [], "Associations": [
                {"Main": true, "RouteTableAssociationId": "rtbassoc-0b1", "RouteTableId": "rtb-0b1"},
                {"Main": false, "RouteTableAssociationId": "rtbassoc-0b2", "RouteTableId": "rtb-0b1", "SubnetId": "\#(subnet)"}]}
            ]}
            """#
        let acls = #"""
            {"NetworkAcls": [
              {"NetworkAclId": "acl-0a1", "VpcId": "\#(Self.vpc)", "IsDefault": true, "Entries": [], "Associations": [
                {"NetworkAclAssociationId": "aclassoc-0a1", "NetworkAclId": "acl-0a1", "SubnetId": "\#(subnet)"}]},
              {"NetworkAclId": "acl-0b1", "VpcId": "\#(Self.vpc)", "IsDefault": true, "Entries": [], "Associations": [
                {"NetworkAclAssociationId": "aclassoc-0b1", "NetworkAclId": "acl-0b1", "SubnetId": "\#(subnet)"}]}
            ]}
            """#
        let (store, summary) = try fresh(
            "conflicting-associations",
            [
                ("Subnets.json", Self.subnets(#""CidrBlock": "10.1.2.0/24""#)), ("RouteTables.json", tables),
                ("NetworkAcls.json", acls),
            ])
        let settle = "where AWS allows one: the exports were taken at different times or edited."
        #expect(
            summary.warnings.map(\.message) == [
                "\(subnet) is associated with 2 route tables, rtb-0a1 and rtb-0b1, \(settle) Answers use rtb-0b1 (the highest ID) until the output of `aws ec2 describe-route-tables` is imported again, taken at one time.",
                "\(Self.vpc) has 2 main route tables, rtb-0a1 and rtb-0b1, \(settle) Answers use rtb-0b1 (the highest ID) until the output of `aws ec2 describe-route-tables` is imported again, taken at one time.",
                "\(subnet) is associated with 2 network ACLs, acl-0a1 and acl-0b1, \(settle) Answers use acl-0b1 (the highest ID) until the output of `aws ec2 describe-network-acls` is imported again, taken at one time.",
                "\(Self.vpc) has 2 default network ACLs, acl-0a1 and acl-0b1, \(settle) Answers use acl-0b1 (the highest ID) until the output of `aws ec2 describe-network-acls` is imported again, taken at one time.",
            ])
        // What the warnings say is what the model does.
        let network = try NetworkLoader(store: store).load()
        #expect(network.routeTable(forSubnet: subnet)?.id == "rtb-0b1")
        #expect(network.routeTable(forSubnet: "subnet-0e1")?.id == "rtb-0b1")
        #expect(network.networkACL(forSubnet: subnet)?.id == "acl-0b1")
    }

    @Test(
        "DHCP options: a VPC's DNS servers in order, comma-separated values split; a server that is no address is refused"
    )
    func dhcpOptions() throws {
        let vpcs = #"""
            {"Vpcs": [
              {"VpcId": "\#(Self.vpc)", "CidrBlock": "10.1.0.0/16", "DhcpOptionsId": "dopt-0e1"},
              {"VpcId": "vpc-0e2", "CidrBlock": "10.2.0.0/16", "DhcpOptionsId": "default"},
              {"VpcId": "vpc-0e3", "CidrBlock": "10.3.0.0/16", "DhcpOptionsId": "dopt-0e9"},
              {"VpcId": "vpc-0e4", "CidrBlock": "10.4.0.0/16", "DhcpOptionsId": "dopt-0e4"},
              {"VpcId": "vpc-0e5", "CidrBlock": "10.5.0.0/16"}
            ]}
            """#
        let options = #"""
            {"DhcpOptions": [
              {"DhcpOptionsId": "dopt-0e1", "OwnerId": "554773406868", "DhcpConfigurations": [
                {"Key": "domain-name", "Values": [{"Value": "corp.example.com"}]},
                {"Key": "domain-name-servers", "Values": [{"Value": "10.1.0.10, 10.1.0.11"}, {"Value": "AmazonProvidedDNS"}]}]},
              {"DhcpOptionsId": "dopt-0e4", "OwnerId": "554773406868", "DhcpConfigurations": [
                {"Key": "domain-name-servers", "Values": [{"Value": "AmazonProvidedDNS"}]}]}
            ]}
            """#
        let (store, summary) = try fresh("dhcp-options", [("Vpcs.json", vpcs), ("DhcpOptions.json", options)])
        #expect(summary.counts["dhcp-options"] == 2)
        let network = try NetworkLoader(store: store).load()
        #expect(
            network.vpcs[Self.vpc]?.dnsServers
                == .custom(optionsId: "dopt-0e1", servers: ["10.1.0.10", "10.1.0.11", "AmazonProvidedDNS"]))
        #expect(network.vpcs["vpc-0e2"]?.dnsServers == .amazon)
        #expect(network.vpcs["vpc-0e3"]?.dnsServers == .unknown(optionsId: "dopt-0e9"))
        #expect(network.vpcs["vpc-0e4"]?.dnsServers == .amazon)
        #expect(network.vpcs["vpc-0e5"]?.dnsServers == .unknown(optionsId: nil))
        let file = try bad(
            "DhcpOptions.json",
            #"{"DhcpOptions": [{"DhcpOptionsId": "dopt-0e1", "DhcpConfigurations": [{"Key": "domain-name-servers", "Values": [{"Value": "dns.corp.example.com"}]}]}]}"#
        )
        try expectImportFailure(
            [file], into: self.store, file: file, jsonPath: "$.DhcpOptions[0].DhcpConfigurations[0].Values[0].Value",
            mentions: ["AmazonProvidedDNS or an IPv4 or IPv6 address"])
    }

    @Test("a resource in two files: the warning says whether the copies are the same or differ")
    func copiesInTwoFiles() throws {
        let (_, summary) = try fresh(
            "two-copies",
            [
                ("Subnets-a.json", Self.subnets(#""CidrBlock": "10.1.2.0/24""#)),
                ("Subnets-b.json", Self.subnets(#""CidrBlock": "10.1.3.0/24""#)),
            ])
        let messages = summary.warnings.map(\.message).sorted()
        #expect(messages.count == 2, "\(messages)")
        #expect(
            messages.contains { $0.hasPrefix("\(Self.subnet) also appears in ") && $0.hasSuffix(", the same copy") })
        #expect(
            messages.contains {
                $0.hasPrefix("subnet-0e1 also appears in ")
                    && $0.hasSuffix(
                        "; the two copies differ (exports taken at different times?), and this file's copy is used")
            }, "\(messages)")
    }

    @Test("an entry listed twice is merged with a warning; the IPv4 and IPv6 default entries are one row")
    func repeatedEntries() throws {
        let text = Self.acl(
            #"""
            {"CidrBlock": "0.0.0.0/0", "Egress": true, "Protocol": "6", "PortRange": {"From": 443, "To": 443}, "RuleAction": "allow", "RuleNumber": 100},
            {"CidrBlock": "0.0.0.0/0", "Egress": true, "Protocol": "6", "PortRange": {"From": 443, "To": 443}, "RuleAction": "allow", "RuleNumber": 100},
            {"CidrBlock": "0.0.0.0/0", "Egress": true, "Protocol": "-1", "RuleAction": "deny", "RuleNumber": 32767},
            {"Ipv6CidrBlock": "::/0", "Egress": true, "Protocol": "-1", "RuleAction": "deny", "RuleNumber": 32767}
            """#)
        let (store, summary) = try fresh("repeated-entries", [("NetworkAcls.json", text)])
        #expect(
            summary.warnings.map(\.message) == ["$.NetworkAcls[0].Entries[1]: the same entry as Entries[0]; merged"])
        let network = try NetworkLoader(store: store).load()
        #expect(
            network.networkACLs["acl-0e1"]?.outbound == [
                NetworkACLEntry(ruleNumber: 100, ipProtocol: .tcp, allow: true, cidr: .any, ports: PortRange(443)),
                NetworkACLEntry(
                    ruleNumber: 32767, ipProtocol: .all, allow: false, cidr: .any, ipv6Cidr: IPv6CIDR("::/0")),
            ])
    }

    @Test(
        "an entry with no block, a null one, or both",
        arguments: [
            ("", "CidrBlock", "neither"), (#", "CidrBlock": null"#, "CidrBlock", "neither"),
            (#", "CidrBlock": "0.0.0.0/0", "Ipv6CidrBlock": "::/0""#, "Ipv6CidrBlock", "nothing beside CidrBlock"),
            (#", "CidrBlock": "0.0.0.0/33""#, "CidrBlock", "an IPv4 CIDR block"),
        ])
    func aclBlocks(block: String, key: String, mention: String) throws {
        let file = try bad(
            "NetworkAcls.json",
            Self.acl(#"{"Egress": true, "Protocol": "-1", "RuleAction": "deny", "RuleNumber": 90\#(block)}"#))
        try expectImportFailure(
            [file], into: store, file: file, jsonPath: "$.NetworkAcls[0].Entries[0].\(key)", mentions: [mention])
    }

    // MARK: IDs, names and ARNs

    @Test(
        "an ID that could not be an AWS ID: shell metacharacters, spaces, quotes, control characters, path separators, the wrong kind",
        arguments: [
            "vpc-0a1; touch x", "vpc-0a1 b", "vpc-$(id)", "vpc-`id`", "vpc-0a1\\\"", "vpc-0a1'", "vpc-../../x",
            "vpc-0a1\\n", "vpc-0a1\\u001b[2J", "subnet-0a1", "vpc-", "vpc-0A1", "vpc-0a1-", "vpc_0a1", "",
        ])
    func badVPCID(_ id: String) throws {
        let file = try bad(
            "Subnets.json",
            #"{"Subnets": [{"SubnetId": "subnet-0e1", "CidrBlock": "10.1.9.0/24", "VpcId": "\#(id)"}]}"#)
        let error = try expectImportFailure(
            [file], into: store, file: file, jsonPath: "$.Subnets[0].VpcId",
            mentions: ["expected a VPC ID (vpc- followed by lower-case letters and digits"])
        #expect(error?.description.unicodeScalars.contains { $0.value < 0x20 } == false, "\(String(describing: error))")
    }

    @Test("IDs of every kind are checked where they are read")
    func idsOfEveryKind() throws {
        let cases: [(String, String, String, String)] = [
            (
                "SecurityGroups.json", #"{"SecurityGroups": [{"GroupId": "sg-0e1;reboot", "VpcId": "\#(Self.vpc)"}]}"#,
                "$.SecurityGroups[0].GroupId", "a security group ID"
            ),
            (
                "SecurityGroups.json",
                Self.group(#"{"IpProtocol": "-1", "UserIdGroupPairs": [{"GroupId": "sg-0e2 x"}]}"#),
                "$.SecurityGroups[0].IpPermissions[0].UserIdGroupPairs[0].GroupId", "a security group ID"
            ),
            (
                "InternetGateways.json",
                #"{"InternetGateways": [{"InternetGatewayId": "igw-0e1", "Attachments": [{"VpcId": "vpc 1"}]}]}"#,
                "$.InternetGateways[0].Attachments[0].VpcId", "a VPC ID"
            ),
            (
                "NatGateways.json",
                #"{"NatGateways": [{"NatGatewayId": "nat-0e1", "SubnetId": "\#(Self.subnet)", "NatGatewayAddresses": [{"AllocationId": "eipalloc-0e1|x"}]}]}"#,
                "$.NatGateways[0].NatGatewayAddresses[0].AllocationId", "an Elastic IP allocation ID"
            ),
            (
                "VpcEndpoints.json",
                #"{"VpcEndpoints": [{"VpcEndpointId": "vpce-0e1", "VpcId": "\#(Self.vpc)", "ServiceName": "com.amazonaws.us-east-2.s3", "RouteTableIds": ["rtb-0e1&&x"]}]}"#,
                "$.VpcEndpoints[0].RouteTableIds[0]", "a route table ID"
            ),
            (
                "VpcEndpoints.json",
                #"{"VpcEndpoints": [{"VpcEndpointId": "vpce-0e1", "VpcId": "\#(Self.vpc)", "ServiceName": "com.amazonaws.us-east-2.s3;x"}]}"#,
                "$.VpcEndpoints[0].ServiceName", "a service name"
            ),
            (
                "TransitGatewayVpcAttachments.json",
                #"{"TransitGatewayVpcAttachments": [{"TransitGatewayAttachmentId": "tgw-attach-0e1", "TransitGatewayId": "tgw-0e1", "VpcId": "\#(Self.vpc)", "SubnetIds": ["subnet-0e1>x"]}]}"#,
                "$.TransitGatewayVpcAttachments[0].SubnetIds[0]", "a subnet ID"
            ),
        ]
        for (name, text, path, form) in cases {
            let file = try bad(name, text)
            try expectImportFailure([file], into: store, file: file, jsonPath: path, mentions: [form])
        }
    }

    @Test(
        "Lambda: function names, ARNs and subnets are checked; a role with an unsafe IAM path is left out with a warning"
    )
    func lambda() throws {
        func function(_ fields: String) -> String {
            #"{"Functions": [{"FunctionName": "orders", "FunctionArn": "arn:aws:lambda:us-east-2:554773406868:function:orders", \#(fields)}]}"#
        }
        for (fields, path, form) in [
            (#""FunctionName": "orders api""#, "FunctionName", "a Lambda function name"),
            (
                #""FunctionArn": "arn:aws:lambda:us-east-2;x:554773406868:function:orders""#, "FunctionArn",
                "a Lambda function ARN"
            ),
            (
                #""FunctionArn": "arn:aws:lambda:us-east-2:5547734068:function:orders""#, "FunctionArn",
                "a Lambda function ARN"
            ),
            (#""Role": "arn:aws:iam::554773406868:role/app role""#, "Role", "an IAM role ARN"),
            (#""VpcConfig": {"SubnetIds": ["subnet-0a", "subnet-0b;x"]}"#, "VpcConfig.SubnetIds[1]", "a subnet ID"),
        ] {
            // The later key wins (a warning says so): the bad value replaces the good one.
            let file = try bad("Functions.json", function(fields))
            try expectImportFailure(
                [file], into: store, file: file, jsonPath: "$.Functions[0].\(path)", mentions: [form])
        }
        let fresh = try scratch.store("lambda.sqlite")
        let unsafe = try bad(
            "unsafe/Functions.json",
            function(
                #""Role": "arn:aws:iam::554773406868:role/te$t;x/app-role", "VpcConfig": {"VpcId": "", "SubnetIds": []}"#
            ))
        let summary = try importPaths([unsafe], into: fresh)
        #expect(summary.warnings.count == 1)
        #expect(summary.warnings.first?.message.hasPrefix("$.Functions[0].Role: the IAM role ") == true)
        #expect(
            try fresh.read { db in
                try String.fetchAll(
                    db, sql: "SELECT function_name || ' ' || IFNULL(role_arn, 'none') FROM lambda_functions")
            } == ["orders none"])
    }

    @Test(
        "Lambda: a State or LastUpdateStatus that AWS never prints is refused, not read as Active",
        arguments: [
            ("State", "Banana", "one of Pending, Active, Inactive, Failed"),
            ("State", "active", "one of Pending, Active, Inactive, Failed"),
            ("LastUpdateStatus", "Done", "one of Successful, Failed, InProgress"),
            ("LastUpdateStatus", "successful", "one of Successful, Failed, InProgress"),
        ])
    func lambdaStates(_ key: String, _ value: String, _ form: String) throws {
        let file = try bad(
            "Functions.json",
            #"{"Functions": [{"FunctionName": "orders", "FunctionArn": "arn:aws:lambda:us-east-2:554773406868:function:orders", "\#(key)": "\#(value)"}]}"#
        )
        try expectImportFailure(
            [file], into: store, file: file, jsonPath: "$.Functions[0].\(key)", mentions: [form, "found \"\(value)\""])
        // The values AWS prints are read.
        let fresh = try scratch.store("states-\(key)-\(value).sqlite")
        let good = try bad(
            "states/\(key)-\(value)/Functions.json",
            #"{"Functions": [{"FunctionName": "orders", "FunctionArn": "arn:aws:lambda:us-east-2:554773406868:function:orders", "State": "Inactive", "LastUpdateStatus": "InProgress"}]}"#
        )
        try importPaths([good], into: fresh)
        #expect(
            try fresh.read { db in
                try String.fetchAll(db, sql: "SELECT state || ' ' || last_update_status FROM lambda_functions")
            } == ["Inactive InProgress"])
    }

    @Test("an endpoint's DnsRecordIpType must be one AWS prints; those it prints are kept")
    func dnsRecordIpType() throws {
        let endpoint = { (type: String) in
            #"{"VpcEndpoints": [{"VpcEndpointId": "vpce-0e1", "VpcId": "vpc-0e1", "VpcEndpointType": "Interface", "ServiceName": "com.amazonaws.us-east-2.sqs", "State": "available", "PrivateDnsEnabled": true, "DnsOptions": {"DnsRecordIpType": "\#(type)"}}]}"#
        }
        let file = try bad("VpcEndpoints.json", endpoint("IPv6"))
        try expectImportFailure(
            [file], into: store, file: file, jsonPath: "$.VpcEndpoints[0].DnsOptions.DnsRecordIpType",
            mentions: ["ipv4, ipv6, dualstack, service-defined"])
        let fresh = try scratch.store("dns-record-ip-type.sqlite")
        let vpcs = try bad("dns-record/Vpcs.json", #"{"Vpcs": [{"VpcId": "vpc-0e1", "CidrBlock": "10.1.0.0/16"}]}"#)
        try importPaths([vpcs, try bad("dns-record/VpcEndpoints.json", endpoint("ipv6"))], into: fresh)
        #expect(
            try fresh.read { db in try String.fetchAll(db, sql: "SELECT dns_record_ip_type FROM vpc_endpoints") }
                == ["ipv6"])
    }

    @Test("get-function-configuration --qualifier '$LATEST': the ARN of the function itself, no `$` kept")
    func latestQualifier() throws {
        let fresh = try scratch.store("latest.sqlite")
        let file = try bad(
            "latest/get-function-configuration.json",
            #"{"FunctionName": "orders", "FunctionArn": "arn:aws:lambda:us-east-2:554773406868:function:orders:$LATEST"}"#
        )
        try importPaths([file], into: fresh)
        #expect(
            try fresh.read { db in try String.fetchAll(db, sql: "SELECT function_arn FROM lambda_functions") }
                == ["arn:aws:lambda:us-east-2:554773406868:function:orders"])
    }

    @Test("RDS identifiers and IAM names that AWS would not have made")
    func rdsAndIAM() throws {
        let db = try bad(
            "DBInstances.json", #"{"DBInstances": [{"DBInstanceIdentifier": "orders; drop", "Engine": "postgres"}]}"#)
        try expectImportFailure(
            [db], into: store, file: db, jsonPath: "$.DBInstances[0].DBInstanceIdentifier",
            mentions: ["an RDS identifier"])
        let role = try bad(
            "iam.json",
            #"{"RoleDetailList": [{"Arn": "arn:aws:iam::554773406868:role/app", "RoleName": "app role"}], "Policies": []}"#
        )
        try expectImportFailure(
            [role], into: store, file: role, jsonPath: "$.RoleDetailList[0].RoleName", mentions: ["an IAM name"])
    }

    @Test("an IAM role whose path AWS allows but a shell does not: left out, with a warning")
    func unsafeRolePath() throws {
        let fresh = try scratch.store("iam.sqlite")
        let file = try bad(
            "iam/iam.json",
            #"""
            {"RoleDetailList": [
               {"Arn": "arn:aws:iam::554773406868:role/ops$(id)/app", "RoleName": "app", "Path": "/ops$(id)/"},
               {"Arn": "arn:aws:iam::554773406868:role/service-role/worker", "RoleName": "worker", "Path": "/service-role/",
                "AttachedManagedPolicies": [{"PolicyArn": "arn:aws:iam::554773406868:policy/a;b/p", "PolicyName": "p"}]}],
             "Policies": []}
            """#)
        let summary = try importPaths([file], into: fresh)
        #expect(summary.warnings.map(\.message).count == 2)
        #expect(summary.warnings.map(\.message).first?.hasPrefix("$.RoleDetailList[0].Arn: the IAM role ") == true)
        #expect(
            summary.warnings.map(\.message).last?.hasPrefix(
                "$.RoleDetailList[1].AttachedManagedPolicies[0].PolicyArn: the IAM policy ") == true)
        #expect(try rowCount(fresh, "iam_roles") == 1)
        #expect(try rowCount(fresh, "iam_role_attached_policies") == 0)
    }

    // MARK: Accounts and regions

    @Test(
        "an OwnerId that is not 12 digits", arguments: ["5547734068", "55477340686a", "٥٥٤٧٧٣٤٠٦٨٦٨", "554773406868 "])
    func ownerId(_ owner: String) throws {
        let file = try bad(
            "Vpcs.json", #"{"Vpcs": [{"VpcId": "\#(Self.vpc)", "CidrBlock": "10.1.0.0/16", "OwnerId": "\#(owner)"}]}"#)
        try expectImportFailure(
            [file], into: store, file: file, jsonPath: "$.Vpcs[0].OwnerId", mentions: ["an AWS account ID (12 digits"])
    }

    @Test("a peering's region must be a region name")
    func peeringRegion() throws {
        let file = try bad(
            "VpcPeeringConnections.json",
            #"{"VpcPeeringConnections": [{"VpcPeeringConnectionId": "pcx-0e1", "RequesterVpcInfo": {"VpcId": "vpc-0e2", "Region": "../us-east-1"}}]}"#
        )
        try expectImportFailure(
            [file], into: store, file: file, jsonPath: "$.VpcPeeringConnections[0].RequesterVpcInfo.Region",
            mentions: ["an AWS region name"])
    }

    @Test("--account and --region are checked before anything is read")
    func options() throws {
        let file = try bad("Vpcs.json", #"{"Vpcs": [{"VpcId": "vpc-0e1", "CidrBlock": "10.7.0.0/16"}]}"#)
        let before = try store.dump()
        for (account, region, flag) in [
            ("12345678901", nil, "--account"), ("12345678901a", nil, "--account"), (nil, "us-east-1;x", "--region"),
            (nil, "US-EAST-1", "--region"), (nil, "global", "--region"), (nil, "../x", "--region"),
        ] as [(String?, String?, String)] {
            let error = #expect(throws: ImportError.self) {
                try importPaths([file], into: store, account: account, region: region)
            }
            #expect(error?.file == flag)
            #expect(error?.description.contains("expected an AWS") == true, "\(String(describing: error))")
        }
        #expect(try store.dump() == before)
    }

    @Test(
        "region names are a pattern, not a list",
        arguments: [
            "us-east-1", "us-gov-west-1", "cn-north-1", "eu-central-2", "ap-southeast-4", "il-central-1",
            "mx-central-1", "us-iso-east-1", "us-isob-east-1", "eu-isoe-west-1", "ca-west-1",
        ])
    func regions(_ region: String) throws {
        let fresh = try scratch.store("region-\(region).sqlite")
        let file = try scratch.write(
            "regions/\(region)/Vpcs.json", #"{"Vpcs": [{"VpcId": "vpc-0e1", "CidrBlock": "10.7.0.0/16"}]}"#)
        try importPaths([file], into: fresh, account: "111122223333", region: region)
        #expect(try scopes(fresh) == ["111122223333/\(region)"])
    }

    @Test("a region only an ARN names: one that is not a region name is refused, not made a scope")
    func arnRegion() throws {
        let file = try bad(
            "Subnets.json",
            Self.subnets(
                #""CidrBlock": "10.1.9.0/24", "SubnetArn": "arn:aws:ec2:us-east-2$x:554773406868:subnet/subnet-0e1""#))
        try expectImportFailure(
            [file], into: store, file: file, jsonPath: "$.Subnets[1].SubnetArn", mentions: ["an ARN of ec2"])
    }

    // MARK: VPC Block Public Access

    /// describe-vpc-block-public-access-options for the snapshot's account and region, with
    /// `fields` (JSON members) after the mode.
    static func bpaOptions(_ mode: String = "block-bidirectional", _ fields: String = "") -> String {
        """
        {"VpcBlockPublicAccessOptions": {"AwsAccountId": "554773406868", "AwsRegion": "us-east-2",
          "State": "update-complete", "InternetGatewayBlockMode": "\(mode)", "ManagedBy": "account",
          "ExclusionsAllowed": "allowed"\(fields)}}
        """
    }

    /// describe-vpc-block-public-access-exclusions with one exclusion of `resource`.
    static func bpaExclusion(
        _ resource: String = "subnet/\(subnet)", mode: String = "allow-egress", id: String = "vpcbpa-exclude-0e1",
        state: String = "create-complete"
    ) -> String {
        """
        {"VpcBlockPublicAccessExclusions": [{"ExclusionId": "\(id)", "InternetGatewayExclusionMode": "\(mode)",
          "ResourceArn": "arn:aws:ec2:us-east-2:554773406868:\(resource)", "State": "\(state)",
          "CreationTimestamp": "2025-02-03T10:25:02.000Z", "Tags": []}]}
        """
    }

    @Test(
        "a subnet's or VPC's BlockPublicAccessStates mode that is not one of the API's",
        arguments: ["bidirectional-access-blocked", "Block-Bidirectional", "on", ""])
    func blockPublicAccessStates(_ mode: String) throws {
        let subnets = try bad(
            "Subnets.json", Self.subnets(#""BlockPublicAccessStates": {"InternetGatewayBlockMode": "\#(mode)"}"#))
        try expectImportFailure(
            [subnets], into: store, file: subnets,
            jsonPath: "$.Subnets[1].BlockPublicAccessStates.InternetGatewayBlockMode",
            mentions: [
                "expected one of off, block-bidirectional, block-ingress",
                mode.isEmpty ? "found an empty string" : "found \"\(mode)\"",
            ])
        let vpcs = try bad(
            "Vpcs.json",
            #"{"Vpcs": [{"VpcId": "\#(Self.vpc)", "BlockPublicAccessStates": {"InternetGatewayBlockMode": "\#(mode)"}}]}"#
        )
        try expectImportFailure(
            [vpcs], into: store, file: vpcs, jsonPath: "$.Vpcs[0].BlockPublicAccessStates.InternetGatewayBlockMode",
            mentions: ["expected one of off, block-bidirectional, block-ingress"])
    }

    @Test("BlockPublicAccessStates that is not an object, or a mode that is not a string")
    func blockPublicAccessStatesShape() throws {
        let text = try bad("Subnets.json", Self.subnets(#""BlockPublicAccessStates": "block-ingress""#))
        try expectImportFailure(
            [text], into: store, file: text, jsonPath: "$.Subnets[1].BlockPublicAccessStates",
            mentions: ["expected an object, found a string"])
        let number = try bad(
            "Subnets.json", Self.subnets(#""BlockPublicAccessStates": {"InternetGatewayBlockMode": 1}"#))
        try expectImportFailure(
            [number], into: store, file: number,
            jsonPath: "$.Subnets[1].BlockPublicAccessStates.InternetGatewayBlockMode",
            mentions: ["expected a string, found a number"])
    }

    @Test(
        "describe-vpc-block-public-access-options with a value the API does not print",
        arguments: [
            (
                "block-all", "", "$.VpcBlockPublicAccessOptions.InternetGatewayBlockMode",
                "one of off, block-bidirectional"
            ),
            (
                "block-ingress", #", "ExclusionsAllowed": "maybe""#, "$.VpcBlockPublicAccessOptions.ExclusionsAllowed",
                "one of allowed, not-allowed"
            ),
            (
                "block-ingress", #", "ManagedBy": "organization""#, "$.VpcBlockPublicAccessOptions.ManagedBy",
                "one of account, declarative-policy"
            ),
            (
                "block-ingress", #", "AwsAccountId": "5547734068""#, "$.VpcBlockPublicAccessOptions.AwsAccountId",
                "an AWS account ID"
            ),
        ])
    func blockPublicAccessOptions(_ mode: String, _ fields: String, _ path: String, _ expected: String) throws {
        // A later key wins in JSON objects, so the bad value replaces the good one.
        let file = try bad("describe-vpc-block-public-access-options.json", Self.bpaOptions(mode, fields))
        try expectImportFailure([file], into: store, file: file, jsonPath: path, mentions: [expected])
    }

    @Test("describe-vpc-block-public-access-options whose object is null, or without a mode")
    func blockPublicAccessOptionsShape() throws {
        let null = try bad("describe-vpc-block-public-access-options.json", #"{"VpcBlockPublicAccessOptions": null}"#)
        try expectImportFailure(
            [null], into: store, file: null, jsonPath: "$.VpcBlockPublicAccessOptions",
            mentions: ["expected an object, found null"])
        let modeless = try bad(
            "describe-vpc-block-public-access-options.json",
            #"{"VpcBlockPublicAccessOptions": {"AwsAccountId": "554773406868", "AwsRegion": "us-east-2"}}"#)
        try expectImportFailure(
            [modeless], into: store, file: modeless, jsonPath: "$.VpcBlockPublicAccessOptions.InternetGatewayBlockMode",
            mentions: ["the key is missing"])
    }

    @Test(
        "an exclusion with a value the API does not print",
        arguments: [
            (
                bpaExclusion("instance/i-0e1"), "$.VpcBlockPublicAccessExclusions[0].ResourceArn",
                "the ARN of a VPC or subnet"
            ),
            (
                bpaExclusion("subnet/subnet-0E1;rm"), "$.VpcBlockPublicAccessExclusions[0].ResourceArn",
                "an ARN of ec2"
            ),
            (
                bpaExclusion(mode: "allow-ingress"), "$.VpcBlockPublicAccessExclusions[0].InternetGatewayExclusionMode",
                "one of allow-bidirectional, allow-egress"
            ),
            (bpaExclusion(id: "exclusion-1"), "$.VpcBlockPublicAccessExclusions[0].ExclusionId", "vpcbpa-exclude-"),
            (bpaExclusion(state: "active"), "$.VpcBlockPublicAccessExclusions[0].State", "create-complete"),
        ])
    func blockPublicAccessExclusion(_ text: String, _ path: String, _ expected: String) throws {
        let file = try bad("describe-vpc-block-public-access-exclusions.json", text)
        try expectImportFailure([file], into: store, file: file, jsonPath: path, mentions: [expected])
    }

    @Test("the options, exclusions and states import as printed; a key beside them is a warning, not an error")
    func blockPublicAccessImports() throws {
        let (fresh, summary) = try fresh(
            "bpa",
            [
                (
                    "Subnets.json",
                    Self.subnets(#""BlockPublicAccessStates": {"InternetGatewayBlockMode": "block-ingress"}"#)
                ),
                ("options.json", Self.bpaOptions("block-ingress", #"}, "Extra": {"Key": 1"#)),
                ("exclusions.json", Self.bpaExclusion("vpc/\(Self.vpc)", mode: "allow-bidirectional")),
            ])
        #expect(
            summary.warnings.map(\.message) == ["skipped top-level key 'Extra': not modelled by lambda-reach"],
            "\(summary.warnings)")
        let rows = try fresh.read { db in
            (
                try String.fetchAll(
                    db,
                    sql:
                        "SELECT subnet_id || ' ' || block_public_access_mode FROM subnets WHERE block_public_access_mode IS NOT NULL"
                ),
                try String.fetchAll(
                    db,
                    sql: """
                        SELECT s.account_id || '/' || s.region || ' ' || internet_gateway_block_mode || ' ' || exclusions_allowed || ' ' || managed_by
                        FROM vpc_block_public_access_options JOIN scopes s USING (scope_id)
                        """),
                try String.fetchAll(
                    db,
                    sql: """
                        SELECT exclusion_id || ' ' || internet_gateway_exclusion_mode || ' ' || vpc_id || ' ' || coalesce(subnet_id, '-') || ' ' || state
                        FROM vpc_block_public_access_exclusions
                        """)
            )
        }
        #expect(rows.0 == ["subnet-0e1 block-ingress"])
        #expect(rows.1 == ["554773406868/us-east-2 block-ingress allowed account"])
        #expect(rows.2 == ["vpcbpa-exclude-0e1 allow-bidirectional \(Self.vpc) - create-complete"])
        let network = try NetworkLoader(store: fresh).load()
        let subnet = try #require(network.subnets["subnet-0e1"])
        let status = network.blockPublicAccess(of: subnet)
        // The VPC's allow-bidirectional exclusion exempts its subnets from ingress-only mode.
        #expect(status.mode == .off && status.baseMode == .blockIngress && status.source == .accountOptions)
        #expect(status.exclusion?.id == "vpcbpa-exclude-0e1")
    }

    @Test("a second export of the options or exclusions for the account and region replaces the first")
    func blockPublicAccessReimport() throws {
        let (fresh, _) = try fresh(
            "bpa-again", [("options.json", Self.bpaOptions("block-ingress")), ("exclusions.json", Self.bpaExclusion())])
        let folder = "again/554773406868/us-east-2"
        try importPaths(
            [
                try scratch.write("\(folder)/options.json", Self.bpaOptions("off")),
                try scratch.write("\(folder)/exclusions.json", #"{"VpcBlockPublicAccessExclusions": []}"#),
            ], into: fresh)
        let modes = try fresh.read { db in
            try String.fetchAll(db, sql: "SELECT internet_gateway_block_mode FROM vpc_block_public_access_options")
        }
        #expect(modes == ["off"])
        #expect(try rowCount(fresh, "vpc_block_public_access_exclusions") == 0)
    }
}
