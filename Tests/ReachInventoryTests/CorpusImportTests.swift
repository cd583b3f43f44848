import Foundation
import GRDB
import ReachCore
import ReachInventory
import Testing

/// The Batfish snapshots copied under Fixtures/corpus (see Fixtures/README.md) with their
/// layout. The expected counts were taken from the JSON files by Fixtures/count_corpus.py (one
/// row per resource, per CIDR / route / association / entry / address / group as the AWS CLI
/// lists them, security-group permissions flattened to one rule per peer), not from lambda-reach.
struct CorpusSnapshot: CustomTestStringConvertible, Sendable {
    var name: String
    var scope: String
    /// Rows per table; every other resource table must stay empty.
    var tables: [String: Int]
    /// Counts per resource kind in the import summary.
    var summary: [String: Int]
    /// `file name: top-level key` for every key lambda-reach does not model.
    var skipped: Set<String>

    var testDescription: String { name }

    /// The keys that the two us-east-1 snapshots carry and lambda-reach does not model, by file.
    /// (Their transit-gateway files, all empty lists, are read: Batfish's
    /// TransitGatewayStaticRoutes and TransitGatewayPropagations wrappers included.)
    static let batfishRegionFolderSkips: Set<String> = [
        "Addresses.json: Addresses",
        "CustomerGateways.json: CustomerGateways", "ElasticsearchDomains.json: DomainStatusList",
        "LoadBalancerAttributes.json: LoadBalancerAttributes", "LoadBalancerListeners.json: LoadBalancerListeners",
        "LoadBalancerTargetHealth.json: LoadBalancerTargetHealth", "LoadBalancers.json: LoadBalancers",
        "Reservations.json: Reservations", "TargetGroups.json: TargetGroups",
        "VpcEndpointServices.json: ServiceDetails", "VpcEndpointServices.json: ServiceNames",
        "VpnConnections.json: VpnConnections", "VpnGateways.json: VpnGateways",
    ]

    static let all: [CorpusSnapshot] = [
        CorpusSnapshot(
            name: "batfish-test-nat-gateway",
            // No region folder: the region comes from the availability zones and subnet ARNs.
            scope: "554773406868/us-east-2",
            tables: [
                "vpcs": 1, "vpc_cidr_blocks": 1, "subnets": 3, "route_tables": 3, "routes": 5, "availability_zones": 1,
                "route_table_associations": 3, "internet_gateways": 1, "internet_gateway_attachments": 1,
                "nat_gateways": 1, "nat_gateway_addresses": 1, "security_groups": 3, "security_group_rules": 7,
                "network_acls": 2, "network_acl_entries": 9, "network_acl_associations": 3, "network_interfaces": 4,
                "network_interface_addresses": 4, "network_interface_security_groups": 3,
            ],
            summary: [
                "vpcs": 1, "subnets": 3, "route-tables": 3, "internet-gateways": 1, "nat-gateways": 1,
                "security-groups": 3, "security-group-rules": 7, "network-acls": 2, "network-interfaces": 4,
            ],
            skipped: ["Reservations.json: Reservations"]),
        CorpusSnapshot(
            name: "batfish-test-vpc-endpoint-gateway",
            scope: "554773406868/us-east-1",
            tables: [
                "vpcs": 1, "vpc_cidr_blocks": 1, "subnets": 2, "route_tables": 3, "routes": 6, "availability_zones": 6,
                "route_table_associations": 3, "internet_gateways": 1, "internet_gateway_attachments": 1,
                "vpc_endpoints": 1, "vpc_endpoint_route_tables": 2, "security_groups": 2, "security_group_rules": 7,
                "network_acls": 2, "network_acl_entries": 8, "network_acl_associations": 2, "prefix_lists": 2,
                "prefix_list_entries": 6, "network_interfaces": 2, "network_interface_addresses": 2,
                "network_interface_security_groups": 2,
            ],
            summary: [
                "vpcs": 1, "subnets": 2, "route-tables": 3, "internet-gateways": 1, "vpc-endpoints": 1,
                "security-groups": 2, "security-group-rules": 7, "network-acls": 2, "prefix-lists": 2,
                "prefix-list-entries": 2, "network-interfaces": 2,
            ],
            skipped: batfishRegionFolderSkips),
        CorpusSnapshot(
            name: "batfish-test-vpc-endpoint-interface",
            scope: "554773406868/us-east-1",
            tables: [
                "vpcs": 1, "vpc_cidr_blocks": 1, "subnets": 2, "route_tables": 2, "routes": 3, "availability_zones": 6,
                "vpc_endpoint_dns_entries": 3,
                "route_table_associations": 3, "internet_gateways": 1, "internet_gateway_attachments": 1,
                "vpc_endpoints": 1, "vpc_endpoint_subnets": 1, "vpc_endpoint_security_groups": 1,
                "vpc_endpoint_network_interfaces": 1, "security_groups": 2, "security_group_rules": 7,
                "network_acls": 2, "network_acl_entries": 8, "network_acl_associations": 2, "prefix_lists": 2,
                "prefix_list_entries": 6, "network_interfaces": 3, "network_interface_addresses": 3,
                "network_interface_security_groups": 3,
            ],
            summary: [
                "vpcs": 1, "subnets": 2, "route-tables": 2, "internet-gateways": 1, "vpc-endpoints": 1,
                "security-groups": 2, "security-group-rules": 7, "network-acls": 2, "prefix-lists": 2,
                "prefix-list-entries": 2, "network-interfaces": 3,
            ],
            skipped: batfishRegionFolderSkips),
    ]
}

@Suite("Import of the Batfish corpus snapshots")
struct CorpusImportTests {
    @Test("every snapshot in Fixtures/corpus is covered")
    func everySnapshotCovered() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Fixtures.corpus.path).filter {
            !$0.hasPrefix(".")
        }
        #expect(names.sorted() == CorpusSnapshot.all.map(\.name).sorted())
    }

    @Test("the resource table list of these tests is the schema's", .tags(.schema))
    func resourceTablesMatchSchema() throws {
        let scratch = try Scratch("schema")
        let store = try scratch.store()
        let tables = try store.read { db in
            try String.fetchAll(
                db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY 1")
        }
        let provenance: Set<String> = ["lr_meta", "scopes", "imports", "import_files"]
        #expect(Set(tables).subtracting(provenance) == Set(resourceTables))
    }

    @Test("counts per resource type, scope and skipped-key warnings", arguments: CorpusSnapshot.all)
    func snapshot(_ snapshot: CorpusSnapshot) throws {
        let scratch = try Scratch(snapshot.name)
        let store = try scratch.store()
        let summary = try importPaths([Fixtures.snapshot(snapshot.name).path], into: store)

        #expect(try rowCounts(store, resourceTables) == withZeros(snapshot.tables))
        #expect(summary.counts == snapshot.summary)
        #expect(try scopes(store) == [snapshot.scope])
        #expect(summary.scopes.map(\.description) == [snapshot.scope])

        // Every key that is not modelled is named in a warning, with its file; there is no
        // other warning.
        var skipped = Set<String>()
        for warning in summary.warnings {
            // Batfish's snapshots name DHCP option sets in describe-vpcs and hold no
            // describe-dhcp-options: one warning for the import, which names them.
            if warning.message.hasPrefix("describe-vpcs names DHCP option sets that are not in the inventory") {
                continue
            }
            let file = (warning.file as NSString).lastPathComponent
            #expect(warning.description.contains(warning.file))
            guard warning.message.hasPrefix("skipped") else {
                Issue.record("unexpected warning: \(warning)")
                continue
            }
            for match in warning.message.matches(of: /'([A-Za-z0-9]+)'/) { skipped.insert("\(file): \(match.1)") }
        }
        #expect(skipped == snapshot.skipped)
    }

    @Test("the NAT snapshot reads as Batfish describes it")
    func natGatewayStory() throws {
        let scratch = try Scratch("nat-story")
        let store = try scratch.store()
        try importPaths([Fixtures.snapshot("batfish-test-nat-gateway").path], into: store)
        let network = try NetworkLoader(store: store).load()

        #expect(network.vpcs["vpc-0008a7b45e3ddf1dd"]?.cidrs == [IPv4CIDR("10.1.0.0/16")!])
        let privateTable = try #require(network.routeTable(forSubnet: "subnet-06f469bcee42e408e"))
        let defaultRoute = try #require(privateTable.routes.first { $0.destination == .cidr(.any) })
        #expect(defaultRoute.targetKind == .nat)
        #expect(defaultRoute.targetId == "nat-07ab4846da51f4612")
        let nat = try #require(network.natGateways["nat-07ab4846da51f4612"])
        #expect(nat.subnetId == "subnet-0428892a357fa1f94")
        #expect(nat.isPublic)
        #expect(nat.publicAddresses == [IPv4Address("3.135.127.225")!])
        let publicTable = try #require(network.routeTable(forSubnet: nat.subnetId))
        #expect(
            publicTable.routes.contains {
                $0.destination == .cidr(.any) && $0.targetKind == .igw && $0.targetId == "igw-071753b9c23d8a9b2"
            })
        #expect(network.internetGateways["igw-071753b9c23d8a9b2"]?.attachedVPCs == ["vpc-0008a7b45e3ddf1dd"])
    }

    @Test("the endpoint snapshots read as Batfish describes them")
    func endpointStories() throws {
        let scratch = try Scratch("endpoint-story")
        let gatewayStore = try scratch.store("gateway.sqlite")
        try importPaths([Fixtures.snapshot("batfish-test-vpc-endpoint-gateway").path], into: gatewayStore)
        let gateway = try NetworkLoader(store: gatewayStore).load()
        let s3 = try #require(gateway.endpoints["vpce-0b7357542bb7b83ec"])
        #expect(s3.kind == .gateway)
        #expect(s3.routeTableIds == ["rtb-04f71fc2caa8d94cf", "rtb-0efde4139784b75b0"])
        for subnet in ["subnet-01e5f0945f6d6f47c", "subnet-04391f04b912d0a73"] {
            let table = try #require(gateway.routeTable(forSubnet: subnet))
            #expect(table.routes.contains { $0.destination == .prefixList("pl-63a5400a") && $0.targetId == s3.id })
        }
        #expect(gateway.prefixLists["pl-63a5400a"]?.cidrs?.count == 4)

        let interfaceStore = try scratch.store("interface.sqlite")
        try importPaths([Fixtures.snapshot("batfish-test-vpc-endpoint-interface").path], into: interfaceStore)
        let interface = try NetworkLoader(store: interfaceStore).load()
        let trail = try #require(interface.endpoints["vpce-083c683a6be29b889"])
        #expect(trail.kind == .interface)
        #expect(trail.privateDNSEnabled)
        #expect(trail.subnetIds == ["subnet-0bb8615d8368ece31"])
        #expect(trail.networkInterfaceIds == ["eni-0084b734451ba23ca"])
        #expect(interface.networkInterfaces["eni-0084b734451ba23ca"]?.privateAddresses == [IPv4Address("10.1.101.97")!])
    }
}

extension Tag {
    @Tag static var schema: Self
}
