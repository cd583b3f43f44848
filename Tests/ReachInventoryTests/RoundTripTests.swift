import Foundation
import GRDB
import ReachCore
import ReachInventory
import Testing

/// Fixtures/roundtrip: one small account (111122223333, eu-west-1) with a document for every
/// top-level key the importer knows, in the shapes the AWS CLI prints, with some of the mess of
/// real exports (a disassociated CIDR and association, an emulator's VpcId and addresses, a
/// custom NACL without its 32767 entries, rules printed by both security-group calls).
/// Imported, then read back through the network model (and SQL for what the model leaves out).
@Suite("Round trip of every resource type: AWS CLI JSON -> inventory -> network model")
struct RoundTripTests {
    let scratch: Scratch
    let store: InventoryStore
    let summary: ImportSummary
    let network: Network

    init() throws {
        scratch = try Scratch("roundtrip")
        store = try scratch.store()
        summary = try importPaths([Fixtures.roundTrip.path], into: store)
        network = try NetworkLoader(store: store).load()
    }

    func sql<T: DatabaseValueConvertible>(_ query: String, _ arguments: StatementArguments = []) throws -> T? {
        try store.read { db in try T.fetchOne(db, sql: query, arguments: arguments) }
    }

    func rows(_ query: String, _ arguments: StatementArguments = []) throws -> [String] {
        try store.read { db in
            try GRDB.Row.fetchAll(db, sql: query, arguments: arguments).map { row in
                row.databaseValues.map(plain).joined(separator: "|")
            }
        }
    }

    @Test("counts, scopes and no warnings")
    func counts() throws {
        #expect(summary.warnings.isEmpty, "\(summary.warnings.map(\.description))")
        #expect(try scopes(store) == ["111122223333/eu-west-1", "111122223333/global"])
        #expect(
            try rowCounts(store, resourceTables)
                == withZeros([
                    "vpcs": 2, "vpc_cidr_blocks": 4, "vpc_attributes": 2, "dhcp_options": 1,
                    "dhcp_options_dns_servers": 1, "subnets": 4, "subnet_ipv6_cidr_blocks": 1,
                    "route_tables": 4, "routes": 14, "route_table_associations": 6, "internet_gateways": 2,
                    "internet_gateway_attachments": 1, "egress_only_internet_gateways": 1,
                    "egress_only_internet_gateway_attachments": 1, "nat_gateways": 2, "nat_gateway_addresses": 2,
                    "vpc_endpoints": 2, "vpc_endpoint_route_tables": 1, "vpc_endpoint_subnets": 2,
                    "vpc_endpoint_security_groups": 1, "vpc_endpoint_network_interfaces": 2, "security_groups": 4,
                    "security_group_rules": 12, "network_acls": 3, "network_acl_entries": 13,
                    "network_acl_associations": 4, "prefix_lists": 3, "prefix_list_entries": 6,
                    "vpc_peering_connections": 2, "vpc_peering_connection_cidrs": 6, "network_interfaces": 4,
                    "network_interface_addresses": 5, "network_interface_ipv6_addresses": 1,
                    "network_interface_security_groups": 3, "lambda_functions": 4, "lambda_function_subnets": 4,
                    "lambda_function_security_groups": 4, "lambda_capacity_providers": 1,
                    "lambda_capacity_provider_subnets": 2, "lambda_capacity_provider_security_groups": 1,
                    "rds_db_subnet_groups": 1, "rds_db_subnet_group_subnets": 2,
                    "rds_databases": 4, "rds_database_subnets": 2, "rds_database_security_groups": 4,
                    "rds_db_proxy_targets": 1, "iam_roles": 2,
                    "iam_role_inline_policies": 2, "iam_role_attached_policies": 2, "iam_policies": 1,
                    "cloudformation_exports": 1, "cloudformation_stack_resources": 1,
                    // The three zones of describe-availability-zones, which the subnets name too.
                    "availability_zones": 3, "vpc_endpoint_dns_entries": 1, "ram_resource_shares": 1,
                    "ram_resources": 1, "ram_principals": 1, "hosted_zone_vpc_associations": 1,
                    // NS and SOA records are not kept: the CNAME and the alias are.
                    "hosted_zone_records": 2, "resolver_rules": 2, "resolver_rule_target_ips": 2,
                    "resolver_rule_associations": 1, "vpc_block_public_access_options": 1,
                    "vpc_block_public_access_exclusions": 2,
                ]))
        #expect(
            summary.counts == [
                "vpcs": 2, "vpc-attributes": 2, "dhcp-options": 1, "subnets": 4, "route-tables": 4,
                "internet-gateways": 2,
                "egress-only-internet-gateways": 1, "nat-gateways": 2, "vpc-endpoints": 2, "security-groups": 4,
                "security-group-rules": 12, "network-acls": 3, "prefix-lists": 3, "prefix-list-entries": 3,
                "vpc-peering-connections": 2, "network-interfaces": 4, "lambda-functions": 4,
                "lambda-capacity-providers": 1, "rds-db-subnet-groups": 1, "rds-db-instances": 2, "rds-db-clusters": 1,
                "rds-db-proxies": 1,
                "rds-db-proxy-targets": 1,
                "iam-roles": 2, "iam-policies": 1, "cloudformation-exports": 1, "cloudformation-stack-resources": 1,
                "ram-resource-shares": 1, "ram-resources": 1, "ram-principals": 1, "hosted-zone-vpc-associations": 1,
                "hosted-zone-records": 1, "resolver-rules": 2, "resolver-rule-associations": 1,
                "vpc-block-public-access-options": 1, "vpc-block-public-access-exclusions": 2,
            ])
        // Provenance: every file, with its top-level key, per kind.
        #expect(summary.files == 41)
        // describe-stacks is read (collect lists the stacks from it) and keeps nothing.
        #expect(try rows("SELECT COUNT(DISTINCT path) FROM import_files") == ["40"])
        // What a template laid over the inventory reads: the export, and the deployed stack's IDs.
        #expect(try rows("SELECT name, value FROM cloudformation_exports") == ["network-vpc-id|vpc-0app"])
        #expect(
            try rows(
                "SELECT stack_name, logical_resource_id, physical_resource_id, resource_type FROM cloudformation_stack_resources"
            ) == ["network|AppVPC|vpc-0app|AWS::EC2::VPC"])
        #expect(
            try rows(
                "SELECT kind, document_key, record_count FROM import_files WHERE path LIKE '%get-function-worker.json'")
                == ["lambda-function|Code,Configuration,Tags|1"])
        // describe-security-group-rules adds to the groups: it is recorded with them.
        #expect(
            try rows(
                "SELECT kind, document_key, record_count FROM import_files WHERE path LIKE '%describe-security-group-rules.json'"
            )
                == ["security-groups|SecurityGroupRules|0"])
        // Per kind, what the scope holds: a subnet group two instances share counts once.
        #expect(
            try rows(
                "SELECT kind, record_count FROM imports WHERE kind IN ('rds-db-subnet-groups', 'vpc-attributes', 'lambda-functions', 'lambda-function') ORDER BY 1"
            )
                == ["lambda-function|2", "lambda-functions|2", "rds-db-subnet-groups|1", "vpc-attributes|2"])
    }

    @Test("VPCs: every associated CIDR, IPv6, tenancy, DNS attributes from describe-vpc-attribute")
    func vpcs() throws {
        let app = try #require(network.vpcs["vpc-0app"])
        #expect(app.cidrs == [IPv4CIDR("10.10.0.0/16")!, IPv4CIDR("10.11.0.0/16")!])
        #expect(app.ipv6Cidrs == ["2a05:d018:1:1100::/56"])
        #expect(app.accountId == "111122223333")
        #expect(app.region == "eu-west-1")
        #expect(!app.isDefault)
        #expect(!app.dedicatedTenancy)
        #expect(app.enableDnsSupport == true)
        #expect(app.enableDnsHostnames == false)
        #expect(app.name == "app")
        let peer = try #require(network.vpcs["vpc-0peer"])
        #expect(peer.cidrs == [IPv4CIDR("10.20.0.0/16")!])
        #expect(peer.dedicatedTenancy)
        #expect(peer.enableDnsSupport == nil)
        #expect(peer.enableDnsHostnames == nil)
    }

    @Test("subnets: CIDRs, AZ, free addresses, public-IP mapping, DNS64")
    func subnets() throws {
        #expect(
            network.subnets["subnet-0private-a"]
                == Subnet(
                    id: "subnet-0private-a", vpcId: "vpc-0app", availabilityZone: "eu-west-1a",
                    cidr: IPv4CIDR("10.10.1.0/24"),
                    ipv6Cidrs: ["2a05:d018:1:1101::/64"], availableIPAddressCount: 245, mapPublicIPOnLaunch: false,
                    name: "private-a", availabilityZoneId: "euw1-az1", ownerId: "111122223333", isOwnersCopy: true,
                    blockPublicAccessMode: .blockIngress, enableDNS64: true))
        // EnableDns64 as printed, and not known where the export leaves it out.
        #expect(network.subnets["subnet-0private-b"]?.enableDNS64 == false)
        #expect(network.subnets["subnet-0public-a"]?.enableDNS64 == nil)
        #expect(network.subnets["subnet-0private-b"]?.cidr == IPv4CIDR("10.11.2.0/24"))
        #expect(network.subnets["subnet-0private-b"]?.availableIPAddressCount == 0)
        #expect(network.subnets["subnet-0public-a"]?.mapPublicIPOnLaunch == true)
        #expect(network.subnets["subnet-0peer-a"]?.vpcId == "vpc-0peer")
        #expect(try sql("SELECT availability_zone_id FROM subnets WHERE subnet_id = 'subnet-0private-b'") == "euw1-az2")
        // The account's zone names, and the private DNS of the round trip's VPC.
        #expect(
            network.zoneNames["111122223333/eu-west-1"] == [
                "euw1-az1": "eu-west-1a", "euw1-az2": "eu-west-1b", "euw1-az3": "eu-west-1c",
            ])
        let zone = try #require(network.dns.hostedZonesByVPC["vpc-0app"]?.first)
        #expect(zone.id == "Z0123456789ABCDEFGHIJ" && zone.name == "internal.example.com")
        #expect(
            zone.records == [
                DNSRecord(
                    name: "db.internal.example.com", type: "CNAME", aliasTarget: nil,
                    values: ["orders.cluster-abc.eu-west-1.rds.amazonaws.com"]),
                DNSRecord(
                    name: "secrets.internal.example.com", type: "A",
                    aliasTarget: "vpce-0secrets.secretsmanager.eu-west-1.vpce.amazonaws.com", values: []),
            ])
        #expect(
            network.dns.endpointByDNSName["vpce-0secrets.secretsmanager.eu-west-1.vpce.amazonaws.com"]
                == "vpce-0secrets")
        #expect(
            network.dns.resolverRulesByVPC["vpc-0app"] == [
                ResolverRuleUse(
                    ruleId: "rslvr-rr-0corp", domainName: "corp.example.com", ruleType: "FORWARD",
                    associationStatus: "COMPLETE",
                    targetAddresses: [IPv4Address("10.20.1.10")!, IPv4Address("10.20.1.11")!], name: "corp",
                    resolverEndpointId: "rslvr-out-0abc", ruleStatus: "COMPLETE")
            ])
    }

    @Test("VPC Block Public Access: the account's options, its exclusions by VPC or subnet, the subnets' states")
    func blockPublicAccess() throws {
        let settings = try #require(network.blockPublicAccess["111122223333/eu-west-1"])
        #expect(settings.mode == .blockIngress && settings.exclusionsAllowed == true)
        #expect(!settings.managedByDeclarativePolicy)
        #expect(
            settings.exclusions == [
                BlockPublicAccessExclusion(
                    id: "vpcbpa-exclude-0peer", mode: .allowEgress, vpcId: "vpc-0peer", state: "update-complete"),
                BlockPublicAccessExclusion(
                    id: "vpcbpa-exclude-0public", mode: .allowBidirectional, subnetId: "subnet-0public-a",
                    state: "create-complete"),
            ])
        #expect(network.vpcs["vpc-0app"]?.blockPublicAccessMode == .blockIngress)
        #expect(network.vpcs["vpc-0peer"]?.blockPublicAccessMode == nil)
        // Ingress-only for the account; the public subnet's allow-bidirectional exclusion exempts
        // it, and the peer VPC's allow-egress exclusion changes nothing under ingress-only.
        func mode(_ subnet: String) -> BlockPublicAccessMode? {
            network.subnets[subnet].map { network.blockPublicAccess(of: $0).mode }
        }
        #expect(mode("subnet-0private-a") == .blockIngress)
        #expect(mode("subnet-0public-a") == .off)
        #expect(mode("subnet-0peer-a") == .blockIngress)
    }

    @Test("route tables: every target kind, states, origins, associations, main tables")
    func routeTables() throws {
        let privateTable = try #require(network.routeTables["rtb-0private"])
        #expect(privateTable.vpcId == "vpc-0app")
        #expect(!privateTable.isMain)
        #expect(privateTable.associatedSubnets == ["subnet-0private-a", "subnet-0private-b"])
        #expect(
            privateTable.routes == [
                Route(destination: .cidr(IPv4CIDR("10.10.0.0/16")!), targetKind: .local, targetId: "local"),
                Route(destination: .cidr(.any), targetKind: .nat, targetId: "nat-0public"),
                Route(destination: .prefixList("pl-6da54004"), targetKind: .vpce, targetId: "vpce-0s3"),
                Route(destination: .cidr(IPv4CIDR("10.20.0.0/16")!), targetKind: .pcx, targetId: "pcx-0app-peer"),
                Route(destination: .ipv6("::/0"), targetKind: .eigw, targetId: "eigw-0app"),
                Route(
                    destination: .cidr(IPv4CIDR("192.168.0.0/16")!), targetKind: .tgw, targetId: "tgw-0gone",
                    isBlackhole: true),
                Route(
                    destination: .cidr(IPv4CIDR("172.16.0.0/12")!), targetKind: .vgw, targetId: "vgw-0corp",
                    isPropagated: true),
                Route(destination: .cidr(IPv4CIDR("100.64.0.0/10")!), targetKind: .eni, targetId: "eni-0appliance"),
            ])
        #expect(
            try rows("SELECT ordinal, state, origin FROM routes WHERE route_table_id = 'rtb-0private' ORDER BY ordinal")
                == [
                    "0|active|CreateRouteTable", "1|active|CreateRoute", "2|active|CreateRoute", "3|active|CreateRoute",
                    "4|active|CreateRoute", "5|blackhole|CreateRoute", "6|active|EnableVgwRoutePropagation",
                    "7|active|CreateRoute",
                ])
        let publicTable = try #require(network.routeTables["rtb-0public"])
        #expect(publicTable.associatedSubnets == ["subnet-0public-a"])
        #expect(publicTable.routes.last == Route(destination: .cidr(.any), targetKind: .igw, targetId: "igw-0app"))
        #expect(network.routeTables["rtb-0main"]?.isMain == true)
        #expect(network.routeTables["rtb-0main"]?.associatedSubnets == [])

        // Explicit associations win; the disassociated one is gone; the rest use the main table.
        #expect(network.routeTable(forSubnet: "subnet-0private-a")?.id == "rtb-0private")
        #expect(network.routeTable(forSubnet: "subnet-0public-a")?.id == "rtb-0public")
        #expect(network.routeTable(forSubnet: "subnet-0peer-a")?.id == "rtb-0peer")
        #expect(
            try rows(
                "SELECT association_id, subnet_id, gateway_id, is_main, state FROM route_table_associations ORDER BY 1")
                == [
                    "rtbassoc-0edge|NULL|igw-0app|0|associated", "rtbassoc-0main|NULL|NULL|1|associated",
                    "rtbassoc-0pa|subnet-0private-a|NULL|0|associated",
                    "rtbassoc-0pb|subnet-0private-b|NULL|0|associated",
                    "rtbassoc-0peermain|NULL|NULL|1|associated", "rtbassoc-0pub|subnet-0public-a|NULL|0|associated",
                ])
    }

    @Test("internet, egress-only and NAT gateways")
    func gateways() throws {
        #expect(network.internetGateways["igw-0app"]?.attachedVPCs == ["vpc-0app"])
        #expect(network.internetGateways["igw-0spare"]?.attachedVPCs == [])
        #expect(network.egressOnlyInternetGateways["eigw-0app"]?.attachedVPCs == ["vpc-0app"])

        let nat = try #require(network.natGateways["nat-0public"])
        #expect(nat.vpcId == "vpc-0app")
        #expect(nat.subnetId == "subnet-0public-a")
        #expect(nat.state == "available")
        #expect(nat.isPublic)
        #expect(nat.privateAddresses == [IPv4Address("10.10.100.10")!])
        #expect(nat.publicAddresses == [IPv4Address("52.30.1.2")!])
        let privateNAT = try #require(network.natGateways["nat-0private"])
        #expect(privateNAT.state == "failed")
        #expect(!privateNAT.isPublic)
        // An emulator's address outside the subnet is kept as exported.
        #expect(privateNAT.privateAddresses == [IPv4Address("172.17.0.2")!])
        #expect(privateNAT.publicAddresses == [])
        #expect(
            try rows("SELECT nat_gateway_id, connectivity_type, failure_code, name FROM nat_gateways ORDER BY 1") == [
                "nat-0private|private|InsufficientFreeAddressesInSubnet|NULL", "nat-0public|public|NULL|app-nat",
            ])
        #expect(
            try rows(
                "SELECT allocation_id, network_interface_id, is_primary FROM nat_gateway_addresses WHERE nat_gateway_id = 'nat-0public'"
            )
                == ["eipalloc-0app|eni-0nat|1"])
    }

    @Test("VPC endpoints: type, service, state, route tables, subnets, groups, ENIs, private DNS, policy")
    func endpoints() throws {
        let s3 = try #require(network.endpoints["vpce-0s3"])
        #expect(s3.kind == .gateway)
        #expect(s3.vpcId == "vpc-0app")
        #expect(s3.serviceName == "com.amazonaws.eu-west-1.s3")
        #expect(s3.shortServiceName == "s3")
        #expect(s3.state == "available")
        #expect(!s3.privateDNSEnabled)
        #expect(s3.routeTableIds == ["rtb-0private"])
        #expect(s3.subnetIds == [])
        let s3Policy = try #require(s3.policy)
        #expect(s3Policy.statements.count == 1)
        #expect(s3Policy.statements.first?.allow == true)
        #expect(s3Policy.statements.first?.actions == ["s3:GetObject"])
        #expect(s3Policy.statements.first?.resources == ["arn:aws:s3:::app-bucket/*"])

        let secrets = try #require(network.endpoints["vpce-0secrets"])
        #expect(secrets.kind == .interface)
        #expect(secrets.privateDNSEnabled)
        #expect(secrets.subnetIds == ["subnet-0private-a", "subnet-0private-b"])
        #expect(secrets.securityGroupIds == ["sg-0endpoint"])
        #expect(secrets.networkInterfaceIds == ["eni-0vpce-a", "eni-0vpce-b"])
        #expect(secrets.routeTableIds == [])
        // A policy printed as an object is kept as JSON text with sorted keys.
        #expect(secrets.policy?.statements.map(\.allow) == [false, true])
        #expect(
            try sql("SELECT policy_document FROM vpc_endpoints WHERE vpc_endpoint_id = 'vpce-0secrets'")
                == #"{"Statement":[{"Action":"secretsmanager:DeleteSecret","Effect":"Deny","Principal":"*","Resource":"*"},{"Action":"*","Effect":"Allow","Principal":"*","Resource":"*"}]}"#
        )
    }

    /// One rule as `ruleId|protocol|ports|peer`.
    func text(_ rule: SecurityGroupRule) -> String {
        "\(rule.ruleId ?? "-")|\(rule.ipProtocol)|\(rule.ports)|\(rule.peerText)"
    }

    @Test("security groups: rules in both directions, ports, peers; both describe calls merged without duplicates")
    func securityGroups() throws {
        let functions = try #require(network.securityGroups["sg-0fn"])
        #expect(functions.vpcId == "vpc-0app")
        #expect(functions.name == "fn")
        #expect(functions.accountId == "111122223333")
        #expect(functions.ingress == [])
        // describe-security-groups prints the all-traffic rule without ports,
        // describe-security-group-rules with -1/-1: one rule, with the rule ID of the latter.
        #expect(
            Set(functions.egress.map(text)) == [
                "sgr-0fnall4|all|0-65535|0.0.0.0/0", "sgr-0fnall6|all|0-65535|::/0", "sgr-0fns3|tcp|443|pl-6da54004",
            ])
        #expect(functions.egress.map(\.number) == [1, 2, 3])

        let database = try #require(network.securityGroups["sg-0db"])
        #expect(
            Set(database.ingress.map(text)) == [
                "sgr-0dbfn|tcp|5432-5433|sg-0fn", "sgr-0dbprivatea|tcp|5432-5433|10.10.1.0/24",
                "sgr-0dbprivateb|tcp|5432-5433|10.11.2.0/24", "sgr-0dbicmp|icmp|0-65535|10.0.0.0/8",
                "sgr-0dbpeer|tcp|5432|sg-0peer",
            ])
        #expect(database.ingress.count == 5)
        #expect(database.ingress.map(\.number) == [1, 2, 3, 4, 5])
        // The group's listing has the rule too; the rules export gives it its ID.
        #expect(database.egress.map(text) == ["sgr-0dbout|tcp|443|10.10.0.0/16"])

        #expect(network.securityGroups["sg-0endpoint"]?.ingress.map(text) == ["-|tcp|443|10.10.0.0/16"])
        // Nothing wears sg-0peer (rules of sg-0db reference it: they read its members, not
        // its rules). A question about its VPC loads its rule; a whole-inventory load, for an
        // audit, leaves it out, and the group is there without it.
        let peerVPC = try NetworkLoader(store: store).load(.vpcs(["vpc-0peer"], functions: []))
        #expect(peerVPC.securityGroups["sg-0peer"]?.ingress.map(text) == ["-|udp|53|10.10.0.0/16"])
        #expect(network.securityGroups["sg-0peer"]?.ingress == [])
        #expect(network.securityGroups["sg-0peer"]?.vpcId == "vpc-0peer")

        // No rule twice, whatever the two calls printed.
        let duplicates = try rows(
            """
            SELECT group_id, is_egress, ip_protocol, from_port, to_port, cidr_ipv4, cidr_ipv6, prefix_list_id, referenced_group_id, COUNT(*)
            FROM security_group_rules GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9 HAVING COUNT(*) > 1
            """)
        #expect(duplicates == [])
        #expect(
            try rows(
                """
                SELECT referenced_group_id, referenced_user_id, referenced_vpc_id, vpc_peering_connection_id, description
                FROM security_group_rules WHERE group_id = 'sg-0db' AND referenced_group_id IS NOT NULL ORDER BY 1
                """) == [
                    "sg-0fn|111122223333|NULL|NULL|from functions",
                    "sg-0peer|111122223333|vpc-0peer|pcx-0app-peer|NULL",
                ])
        #expect(
            try rows(
                "SELECT from_port, to_port FROM security_group_rules WHERE group_id = 'sg-0db' AND ip_protocol = 'icmp'"
            ) == ["-1|-1"])
        #expect(try sql("SELECT description FROM security_group_rules WHERE cidr_ipv4 = '10.10.1.0/24'") == "private-a")
    }

    @Test("each group gets its own rules, with groups without rules and rules without a group among them")
    func rulesFindTheirGroup() throws {
        // The loader pairs groups and rules by walking both in ID order: groups without rules
        // before, between and after the others, and rules of a group that is not in the
        // inventory (possible only with foreign keys off), must not shift the pairing. All
        // of them are worn (by a network interface), so that their rules are read.
        var configuration = Configuration()
        configuration.foreignKeysEnabled = false
        try DatabaseQueue(path: store.path, configuration: configuration).write { db in
            for id in ["sg-0", "sg-0dz", "sg-1", "sg-2"] {
                try db.execute(
                    sql: """
                        INSERT INTO security_groups (group_id, scope_id, vpc_id, group_name)
                        SELECT ?, scope_id, vpc_id, ? FROM security_groups WHERE group_id = 'sg-0fn'
                        """, arguments: [id, id])
            }
            for (group, cidr) in [
                ("sg-0dc", "10.99.0.0/16"), ("sg-0zz", "10.98.0.0/16"), ("sg-1", "10.97.0.0/16"),
                ("sg-2", "10.96.0.0/16"),
            ] {
                try db.execute(
                    sql: """
                        INSERT INTO security_group_rules (group_id, is_egress, ordinal, ip_protocol, from_port, to_port, cidr_ipv4)
                        VALUES (?, 1, 0, 'tcp', 443, 443, ?)
                        """, arguments: [group, cidr])
            }
            // sg-2 alone is worn by nothing.
            for group in ["sg-0", "sg-0dc", "sg-0dz", "sg-0zz", "sg-1"] {
                try db.execute(
                    sql:
                        "INSERT INTO network_interface_security_groups (network_interface_id, group_id) VALUES ('eni-0x', ?)",
                    arguments: [group])
            }
        }
        let loaded = try NetworkLoader(store: store).load()
        for id in ["sg-0", "sg-0dz"] {
            #expect(loaded.securityGroups[id]?.ingress == [], "\(id)")
            #expect(loaded.securityGroups[id]?.egress == [], "\(id)")
        }
        #expect(loaded.securityGroups["sg-1"]?.egress.map(text) == ["-|tcp|443|10.97.0.0/16"])
        // A group nothing wears is loaded without its rules: no answer evaluates them.
        #expect(loaded.securityGroups["sg-2"]?.egress == [])
        #expect(loaded.securityGroups["sg-0dc"] == nil)
        #expect(loaded.securityGroups["sg-0zz"] == nil)
        // The groups that had rules have the same ones as before.
        for (id, group) in network.securityGroups {
            #expect(loaded.securityGroups[id] == group, "\(id)")
        }
        #expect(loaded.securityGroups.count == network.securityGroups.count + 4)
    }

    @Test("network ACLs: entries with protocols, ports, actions, IPv6; associations; no invented 32767")
    func networkACLs() throws {
        let custom = try #require(network.networkACLs["acl-0custom"])
        #expect(!custom.isDefault)
        #expect(custom.associatedSubnets == ["subnet-0private-a"])
        #expect(
            custom.inbound == [
                NetworkACLEntry(
                    ruleNumber: 100, ipProtocol: .tcp, allow: true, cidr: IPv4CIDR("10.10.0.0/16"),
                    ports: PortRange(5432)),
                NetworkACLEntry(ruleNumber: 110, ipProtocol: .tcp, allow: false, cidr: .any, ports: PortRange(22)),
                NetworkACLEntry(ruleNumber: 120, ipProtocol: .icmp, allow: true, cidr: IPv4CIDR("10.0.0.0/8")),
                NetworkACLEntry(ruleNumber: 130, ipProtocol: .tcp, allow: true, cidr: .any, ports: .ephemeral),
            ])
        #expect(
            custom.outbound == [
                NetworkACLEntry(ruleNumber: 100, ipProtocol: .tcp, allow: true, cidr: .any, ports: PortRange(443)),
                NetworkACLEntry(
                    ruleNumber: 110, ipProtocol: .udp, allow: true, cidr: IPv4CIDR("10.0.0.0/8"), ports: .ephemeral),
            ])
        #expect(
            try rows(
                "SELECT icmp_type, icmp_code FROM network_acl_entries WHERE network_acl_id = 'acl-0custom' AND rule_number = 120"
            ) == ["8|-1"])

        let standard = try #require(network.networkACLs["acl-0default"])
        #expect(standard.isDefault)
        #expect(standard.associatedSubnets == ["subnet-0private-b", "subnet-0public-a"])
        #expect(
            standard.outbound == [
                NetworkACLEntry(ruleNumber: 100, ipProtocol: .all, allow: true, cidr: .any),
                NetworkACLEntry(ruleNumber: 101, ipProtocol: .all, allow: true, cidr: nil, ipv6Cidr: IPv6CIDR("::/0")),
                // AWS numbers both default entries 32767: they are kept as one, with both blocks.
                NetworkACLEntry(
                    ruleNumber: 32767, ipProtocol: .all, allow: false, cidr: .any, ipv6Cidr: IPv6CIDR("::/0")),
            ])
        #expect(standard.inbound.map(\.ruleNumber) == [100, 32767])
        #expect(
            try rows(
                "SELECT ipv6_cidr_block FROM network_acl_entries WHERE network_acl_id = 'acl-0default' AND ipv6_cidr_block IS NOT NULL"
            )
                == ["::/0", "::/0"])
        #expect(network.networkACL(forSubnet: "subnet-0private-a")?.id == "acl-0custom")
        #expect(network.networkACL(forSubnet: "subnet-0peer-a")?.id == "acl-0peer")
    }

    @Test("prefix lists: managed and older shapes, entries from get-managed-prefix-list-entries")
    func prefixLists() throws {
        #expect(
            network.prefixLists["pl-6da54004"]
                == PrefixList(
                    id: "pl-6da54004", name: "com.amazonaws.eu-west-1.s3",
                    cidrs: [IPv4CIDR("3.5.64.0/21")!, IPv4CIDR("52.218.0.0/17")!]))
        #expect(
            network.prefixLists["pl-0corp"]
                == PrefixList(
                    id: "pl-0corp", name: "corp-offices",
                    cidrs: [IPv4CIDR("198.51.100.0/24")!, IPv4CIDR("203.0.113.0/24")!]))
        // describe-prefix-lists (Cidrs), a duplicate CIDR once.
        #expect(
            network.prefixLists["pl-6fa54006"]
                == PrefixList(
                    id: "pl-6fa54006", name: "com.amazonaws.eu-west-1.dynamodb",
                    cidrs: [IPv4CIDR("52.119.240.0/21")!, IPv4CIDR("52.94.24.0/23")!]))
        #expect(
            try rows("SELECT prefix_list_id, address_family, owner_id, state, max_entries FROM prefix_lists ORDER BY 1")
                == [
                    "pl-0corp|IPv4|111122223333|create-complete|10", "pl-6da54004|IPv4|AWS|create-complete|NULL",
                    "pl-6fa54006|NULL|NULL|NULL|NULL",
                ])
        #expect(
            try rows("SELECT cidr, description FROM prefix_list_entries WHERE prefix_list_id = 'pl-0corp' ORDER BY 1")
                == [
                    "198.51.100.0/24|NULL", "203.0.113.0/24|office A",
                ])
    }

    @Test("peering connections: status, both sides' VPCs, owners, regions, IPv4 and IPv6 CIDRs, DNS resolution options")
    func peerings() throws {
        let peering = try #require(network.peerings["pcx-0app-peer"])
        #expect(peering.isActive)
        #expect(
            peering.requester
                == PeeringConnection.Side(
                    vpcId: "vpc-0app", accountId: "111122223333", region: "eu-west-1",
                    cidrs: [IPv4CIDR("10.10.0.0/16")!, IPv4CIDR("10.11.0.0/16")!],
                    ipv6Cidrs: [IPv6CIDR("2a05:d018:1:1100::/56")!], allowsDNSResolutionFromRemoteVPC: true))
        #expect(
            peering.accepter
                == PeeringConnection.Side(
                    vpcId: "vpc-0peer", accountId: "111122223333", region: "eu-west-1",
                    cidrs: [IPv4CIDR("10.20.0.0/16")!], ipv6Cidrs: [IPv6CIDR("2a05:d018:2:2200::/56")!],
                    allowsDNSResolutionFromRemoteVPC: false))
        // Each side's IPv6 blocks (Ipv6CidrBlockSet) are kept beside its IPv4 ones.
        #expect(
            try rows(
                "SELECT side, cidr FROM vpc_peering_connection_cidrs WHERE vpc_peering_connection_id = 'pcx-0app-peer' AND cidr LIKE '%:%' ORDER BY 1"
            ) == ["accepter|2a05:d018:2:2200::/56", "requester|2a05:d018:1:1100::/56"])
        let partner = try #require(network.peerings["pcx-0partner"])
        #expect(partner.status == "pending-acceptance")
        #expect(!partner.isActive)
        #expect(
            partner.accepter
                == PeeringConnection.Side(
                    vpcId: "vpc-0partner", accountId: "999988887777", region: "us-east-1", cidrs: []))
        #expect(partner.requester.cidrs == [IPv4CIDR("10.20.0.0/16")!])
    }

    @Test("network interfaces: type, subnet, addresses, groups, requester")
    func networkInterfaces() throws {
        #expect(
            network.networkInterfaces["eni-0lambda"]
                == NetworkInterface(
                    id: "eni-0lambda", vpcId: "vpc-0app", subnetId: "subnet-0private-a", interfaceType: "lambda",
                    description: "AWS Lambda VPC ENI-fn-app-1f2e3d4c",
                    privateAddresses: [IPv4Address("10.10.1.15")!, IPv4Address("10.10.1.16")!],
                    ipv6Addresses: [IPv6Address("2a05:d018:1:1101::15")!], securityGroupIds: ["sg-0fn"],
                    status: "in-use", ownerId: "111122223333"))
        #expect(
            try rows(
                "SELECT requester_id, requester_managed, status, owner_id, availability_zone FROM network_interfaces WHERE network_interface_id = 'eni-0lambda'"
            )
                == ["AROAEXAMPLE:fn-app|1|in-use|111122223333|eu-west-1a"])
        #expect(try rows("SELECT ipv6_address FROM network_interface_ipv6_addresses") == ["2a05:d018:1:1101::15"])
        #expect(
            try rows(
                "SELECT private_ip, public_ip, is_primary FROM network_interface_addresses WHERE network_interface_id IN ('eni-0lambda', 'eni-0nat') ORDER BY 1"
            )
                == ["10.10.1.15|NULL|1", "10.10.1.16|NULL|0", "10.10.100.10|52.30.1.2|1"])
        #expect(network.networkInterfaces["eni-0nat"]?.publicAddresses == [IPv4Address("52.30.1.2")!])
        #expect(network.networkInterfaces["eni-0lambda"]?.publicAddresses == [])
        #expect(network.networkInterfaces["eni-0vpce-a"]?.interfaceType == "vpc_endpoint")
        // No VpcId in the export: the subnet's; an address outside the subnet is kept.
        let emulated = try #require(network.networkInterfaces["eni-0emulated"])
        #expect(emulated.vpcId == "vpc-0app")
        #expect(emulated.privateAddresses == [IPv4Address("172.17.0.5")!])
        #expect(emulated.securityGroupIds == ["sg-0db"])
    }

    @Test("Lambda functions from list-functions, get-function and get-function-configuration")
    func functions() throws {
        #expect(network.functions.count == 4)
        #expect(
            network.functions["arn:aws:lambda:eu-west-1:111122223333:function:fn-app"]
                == LambdaFunction(
                    arn: "arn:aws:lambda:eu-west-1:111122223333:function:fn-app", name: "fn-app",
                    accountId: "111122223333",
                    region: "eu-west-1", roleArn: "arn:aws:iam::111122223333:role/service-role/fn-app-role",
                    state: "Active", lastUpdateStatus: "Successful",
                    subnetIds: ["subnet-0private-b", "subnet-0private-a"], securityGroupIds: ["sg-0fn"],
                    reportedVPCId: "vpc-0123emulator", ipv6AllowedForDualStack: true))
        #expect(
            try rows(
                "SELECT runtime, package_type, last_update_status FROM lambda_functions WHERE function_name = 'fn-app'")
                == ["python3.12|Zip|Successful"])
        let outside = try #require(network.functions["arn:aws:lambda:eu-west-1:111122223333:function:fn-public"])
        #expect(!outside.isInVPC)
        #expect(outside.securityGroupIds == [])

        // get-function: {"Configuration": ...}
        let worker = try #require(network.functions["arn:aws:lambda:eu-west-1:111122223333:function:fn-worker"])
        #expect(worker.name == "fn-worker")
        #expect(worker.state == "Pending")
        #expect(worker.stateReasonCode == "Creating")
        #expect(worker.subnetIds == ["subnet-0private-b"])
        #expect(worker.securityGroupIds == ["sg-0fn", "sg-0endpoint"])
        #expect(!worker.ipv6AllowedForDualStack)
        #expect(worker.region == "eu-west-1")

        // get-function-configuration: the function at the top level.
        let broken = try #require(network.functions["arn:aws:lambda:eu-west-1:111122223333:function:fn-broken"])
        #expect(broken.state == "Failed")
        #expect(broken.stateReasonCode == "InsufficientRolePermissions")
        #expect(
            broken.stateReason
                == "The provided execution role does not have permissions to call CreateNetworkInterface on EC2")
        #expect(broken.subnetIds == ["subnet-0private-a"])
        #expect(broken.reportedVPCId == "vpc-0app")
        #expect(
            try rows(
                "SELECT last_update_status, last_update_status_reason_code FROM lambda_functions WHERE function_name = 'fn-broken'"
            )
                == ["Failed|InsufficientRolePermissions"])
        #expect(broken.lastUpdateStatus == "Failed")
        #expect(broken.lastUpdateStatusReasonCode == "InsufficientRolePermissions")
    }

    @Test("a database's VPC is found by its identifier in any case, as the solver matches it")
    func databaseVPCsIgnoreCase() throws {
        let loader = NetworkLoader(store: store)
        // db-app names its VPC through its DB subnet group's row; the cluster aurora-app has
        // no VPC of its own and is found through the join with its DB subnet group.
        for identifier in ["db-app", "DB-App", "DB-APP", "Aurora-App"] {
            #expect(try loader.vpcs(forDatabase: identifier) == ["vpc-0app"], "\(identifier)")
        }
        #expect(try loader.vpcs(forDatabase: "db-ap").isEmpty)
        // What the solver then finds in the network loaded for the question.
        let reachability = Reachability(store: store)
        let function = try reachability.functionArn("fn-app")
        let loaded = try reachability.network(forFunction: function, target: .database("DB-App"))
        #expect(loaded.databases.values.contains { $0.identifier == "db-app" })
    }

    @Test("RDS: instances, clusters and proxies with endpoint, port, subnets and groups")
    func databases() throws {
        let byIdentifier = Dictionary(uniqueKeysWithValues: network.databases.values.map { ($0.identifier, $0) })
        #expect(byIdentifier.count == 4)

        let instance = try #require(byIdentifier["db-app"])
        #expect(instance.kind == .instance)
        #expect(instance.engine == "postgres")
        #expect(instance.status == "available")
        #expect(instance.endpoint == "db-app.c1a2b3c4d5e6.eu-west-1.rds.amazonaws.com")
        #expect(instance.port == 5432)
        #expect(instance.vpcId == "vpc-0app")
        #expect(instance.accountId == "111122223333")
        #expect(instance.region == "eu-west-1")
        // A single-AZ instance sits in its zone's subnet of the group.
        #expect(instance.subnetIds == ["subnet-0private-a"])
        #expect(instance.securityGroupIds == ["sg-0db"])
        #expect(instance.publiclyAccessible)

        let member = try #require(byIdentifier["aurora-app-1"])
        #expect(member.port == 3306)
        #expect(member.subnetIds == ["subnet-0private-b"])
        #expect(!member.publiclyAccessible)

        let cluster = try #require(byIdentifier["aurora-app"])
        #expect(cluster.kind == .cluster)
        #expect(cluster.endpoint == "aurora-app.cluster-c1a2b3c4d5e6.eu-west-1.rds.amazonaws.com")
        #expect(cluster.port == 3306)
        #expect(cluster.vpcId == "vpc-0app")
        // The cluster endpoint connects to the writer (DBClusterMembers, IsClusterWriter),
        // aurora-app-1: its subnet is the cluster's, not every subnet of the group.
        #expect(cluster.writer?.identifier == "aurora-app-1")
        #expect(cluster.subnetIds == ["subnet-0private-b"])
        #expect(!cluster.publiclyAccessible)
        #expect(cluster.securityGroupIds == ["sg-0db"])

        let proxy = try #require(byIdentifier["proxy-app"])
        #expect(proxy.kind == .proxy)
        #expect(proxy.engine == "POSTGRESQL")
        #expect(proxy.port == 5432)
        #expect(proxy.vpcId == "vpc-0app")
        #expect(proxy.subnetIds == ["subnet-0private-a", "subnet-0private-b"])
        #expect(proxy.securityGroupIds == ["sg-0db"])
        // An RDS proxy is never publicly accessible.
        #expect(!proxy.publiclyAccessible)

        #expect(
            try rows("SELECT db_subnet_group_name, vpc_id, status FROM rds_db_subnet_groups") == [
                "app-db|vpc-0app|Complete"
            ])
        #expect(
            try rows("SELECT subnet_id, availability_zone, status FROM rds_db_subnet_group_subnets ORDER BY 1") == [
                "subnet-0private-a|eu-west-1a|Active", "subnet-0private-b|eu-west-1b|Active",
            ])
        #expect(
            try rows(
                "SELECT identifier, multi_az, publicly_accessible FROM rds_databases WHERE kind = 'instance' ORDER BY 1"
            ) == [
                "aurora-app-1|0|0", "db-app|0|1",
            ])
    }

    @Test("IAM: roles with inline and attached policies, managed policies' default version")
    func roles() throws {
        let role = try #require(network.roles["arn:aws:iam::111122223333:role/service-role/fn-app-role"])
        #expect(role.name == "fn-app-role")
        // By name only the AWS managed policy whose document was not exported; the account's
        // own app-logs is judged by its document.
        #expect(role.awsManagedPolicies == ["arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"])
        #expect(role.unexportedPolicies.isEmpty)
        // The inline policy, and the default version (v2) of the exported managed policy.
        #expect(
            role.documents.flatMap(\.statements).map(\.actions) == [
                ["ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DeleteNetworkInterface"],
                ["logs:CreateLogStream", "logs:PutLogEvents"],
            ])
        #expect(role.documents.flatMap(\.statements).allSatisfy { $0.allow })
        // A URL-encoded document, as the API returns it, is decoded.
        let broken = try #require(network.roles["arn:aws:iam::111122223333:role/fn-broken-role"])
        #expect(broken.documents.flatMap(\.statements).map(\.actions) == [["logs:*"]])
        #expect(network.accountsWithIAMData == ["111122223333"])
        #expect(
            try rows("SELECT policy_arn, default_version_id FROM iam_policies") == [
                "arn:aws:iam::111122223333:policy/app-logs|v2"
            ])
        #expect(
            try scope(of: "arn:aws:iam::111122223333:role/fn-broken-role", in: "iam_roles", store: store)
                == "111122223333/global")
        #expect(
            try rows("SELECT path, role_id FROM iam_roles ORDER BY role_arn") == [
                "/|AROAEXAMPLEBROKEN", "/service-role/|AROAEXAMPLEAPP",
            ])
    }
}
