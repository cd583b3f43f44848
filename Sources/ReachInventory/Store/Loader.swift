import Foundation
import GRDB
import ReachCore

/// Which part of the inventory to turn into a network model.
public enum LoadScope: Sendable {
    /// Everything: what an audit needs.
    case all
    /// The VPCs given, the VPCs peered with them, and the functions given: what one query
    /// needs, so that a query on a large organisation does not read all of it.
    case vpcs(Set<String>, functions: Set<String>)
}

/// The inventory -> network model stage.
public struct NetworkLoader {
    public let store: InventoryStore

    public init(store: InventoryStore) { self.store = store }

    /// Builds the network model for `scope`.
    public func load(_ scope: LoadScope = .all) throws -> Network {
        try store.session { db in
            var loader = Load(db: db)
            try loader.prepare(scope)
            return try loader.run()
        }
    }

    /// The VPCs a question about `functionArn` touches: the function's (from its subnets),
    /// plus `extraVPCs` (a database's).
    public func vpcs(forFunction functionArn: String) throws -> Set<String> {
        try store.read { db in
            Set(
                try String.fetchAll(
                    db,
                    sql: """
                        SELECT DISTINCT s.vpc_id FROM lambda_function_subnets f JOIN subnets s ON s.subnet_id = f.subnet_id
                        WHERE f.function_arn = ? ORDER BY 1
                        """, arguments: [functionArn]))
        }
    }

    /// The VPC of a database, by identifier, when it is known.
    public func vpcs(forDatabase identifier: String) throws -> Set<String> {
        try store.read { db in
            let direct = try String.fetchAll(
                db, sql: "SELECT vpc_id FROM rds_databases WHERE identifier = ? AND vpc_id IS NOT NULL",
                arguments: [identifier])
            let viaGroup = try String.fetchAll(
                db,
                sql: """
                    SELECT g.vpc_id FROM rds_databases d JOIN rds_db_subnet_groups g
                      ON g.scope_id = d.scope_id AND g.db_subnet_group_name = d.db_subnet_group_name
                    WHERE d.identifier = ? AND g.vpc_id IS NOT NULL
                    """, arguments: [identifier])
            return Set(direct + viaGroup)
        }
    }

    /// The VPC that holds `address` in one of its subnets (for `ip:` targets).
    public func vpcs(containing address: IPv4Address) throws -> Set<String> {
        try store.read { db in
            var result = Set<String>()
            for row in try GRDB.Row.fetchAll(
                db, sql: "SELECT vpc_id, cidr FROM vpc_cidr_blocks WHERE family = 'ipv4' ORDER BY 1, 2")
            {
                if let cidr = IPv4CIDR(row["cidr"] as String), cidr.contains(address) { result.insert(row["vpc_id"]) }
            }
            return result
        }
    }
}

/// One run of the loader inside a read transaction.
private struct Load {
    let db: Database
    var network = Network()
    /// SQL fragment selecting the wanted VPC IDs, or nil for all.
    var wanted: String?
    var functionFilter: String?

    init(db: Database) { self.db = db }

    mutating func prepare(_ scope: LoadScope) throws {
        guard case .vpcs(let vpcs, let functions) = scope else { return }
        try db.execute(sql: "CREATE TEMP TABLE IF NOT EXISTS wanted_vpcs (vpc_id TEXT PRIMARY KEY)")
        try db.execute(sql: "DELETE FROM wanted_vpcs")
        try db.execute(sql: "CREATE TEMP TABLE IF NOT EXISTS wanted_functions (arn TEXT PRIMARY KEY)")
        try db.execute(sql: "DELETE FROM wanted_functions")
        for vpc in vpcs.sorted() {
            try db.execute(sql: "INSERT OR IGNORE INTO wanted_vpcs VALUES (?)", arguments: [vpc])
        }
        for arn in functions.sorted() {
            try db.execute(sql: "INSERT OR IGNORE INTO wanted_functions VALUES (?)", arguments: [arn])
        }
        // Peered VPCs: a database or an address may sit across a peering connection.
        try db.execute(
            sql: """
                INSERT OR IGNORE INTO wanted_vpcs
                SELECT accepter_vpc_id FROM vpc_peering_connections WHERE requester_vpc_id IN (SELECT vpc_id FROM wanted_vpcs)
                  AND accepter_vpc_id IS NOT NULL
                UNION SELECT requester_vpc_id FROM vpc_peering_connections WHERE accepter_vpc_id IN (SELECT vpc_id FROM wanted_vpcs)
                  AND requester_vpc_id IS NOT NULL
                """)
        wanted = "(SELECT vpc_id FROM wanted_vpcs)"
        functionFilter = "(SELECT arn FROM wanted_functions)"
    }

    func filter(_ column: String, _ connector: String = "WHERE") -> String {
        guard let wanted else { return "" }
        return " \(connector) \(column) IN \(wanted)"
    }

    func rows(_ sql: String) throws -> [GRDB.Row] { try GRDB.Row.fetchAll(db, sql: sql) }

    /// Child rows grouped by their parent's ID.
    func grouped(_ sql: String, by key: String = "id") throws -> [String: [GRDB.Row]] {
        Dictionary(grouping: try rows(sql), by: { $0[key] as String })
    }

    static func bool(_ row: GRDB.Row, _ column: String) -> Bool? {
        let value: Int? = row[column]
        return value.map { $0 != 0 }
    }

    mutating func run() throws -> Network {
        try loadVPCs()
        try loadSubnets()
        try loadRouting()
        try loadGateways()
        try loadEndpoints()
        try loadSecurityGroups()
        try loadNetworkACLs()
        try loadPrefixLists()
        try loadPeerings()
        try loadNetworkInterfaces()
        try loadFunctions()
        try loadDatabases()
        try loadRoles()
        network.index()
        return network
    }

    mutating func loadVPCs() throws {
        let cidrs = try grouped(
            "SELECT vpc_id AS id, cidr, family FROM vpc_cidr_blocks\(filter("vpc_id")) ORDER BY vpc_id, cidr")
        let attributes = try grouped(
            "SELECT vpc_id AS id, attribute, value FROM vpc_attributes\(filter("vpc_id")) ORDER BY vpc_id, attribute")
        for row in try rows(
            """
            SELECT v.*, s.account_id, s.region FROM vpcs v JOIN scopes s ON s.scope_id = v.scope_id\(filter("v.vpc_id")) ORDER BY v.vpc_id
            """)
        {
            let id: String = row["vpc_id"]
            let blocks = cidrs[id] ?? []
            var ipv4 = blocks.filter { $0["family"] == "ipv4" }.compactMap { IPv4CIDR($0["cidr"] as String) }
            if ipv4.isEmpty, let primary = (row["cidr_block"] as String?).flatMap(IPv4CIDR.init) { ipv4 = [primary] }
            let attribute = { (name: String) -> Bool? in
                (attributes[id] ?? []).first { $0["attribute"] == name }.map { ($0["value"] as Int) != 0 }
            }
            network.vpcs[id] = VPC(
                id: id, accountId: row["account_id"], region: row["region"], cidrs: ipv4,
                ipv6Cidrs: blocks.filter { $0["family"] == "ipv6" }.map { $0["cidr"] },
                isDefault: Self.bool(row, "is_default") ?? false,
                dedicatedTenancy: (row["instance_tenancy"] as String?) == "dedicated",
                enableDnsSupport: Self.bool(row, "enable_dns_support") ?? attribute("enableDnsSupport"),
                enableDnsHostnames: Self.bool(row, "enable_dns_hostnames") ?? attribute("enableDnsHostnames"),
                name: row["name"])
        }
    }

    mutating func loadSubnets() throws {
        let ipv6 = try grouped(
            "SELECT subnet_id AS id, cidr FROM subnet_ipv6_cidr_blocks WHERE subnet_id IN (SELECT subnet_id FROM subnets\(filter("vpc_id"))) ORDER BY 1, 2"
        )
        for row in try rows("SELECT * FROM subnets\(filter("vpc_id")) ORDER BY subnet_id") {
            let id: String = row["subnet_id"]
            network.subnets[id] = Subnet(
                id: id, vpcId: row["vpc_id"], availabilityZone: row["availability_zone"] ?? "",
                cidr: (row["cidr_block"] as String?).flatMap(IPv4CIDR.init),
                ipv6Cidrs: (ipv6[id] ?? []).map { $0["cidr"] },
                availableIPAddressCount: row["available_ip_address_count"],
                mapPublicIPOnLaunch: Self.bool(row, "map_public_ip_on_launch") ?? false, name: row["name"])
        }
    }

    mutating func loadRouting() throws {
        let tableFilter = "route_table_id IN (SELECT route_table_id FROM route_tables\(filter("vpc_id")))"
        let routes = try grouped(
            "SELECT route_table_id AS id, * FROM routes WHERE \(tableFilter) ORDER BY route_table_id, ordinal")
        let associations = try grouped(
            "SELECT route_table_id AS id, * FROM route_table_associations WHERE \(tableFilter) ORDER BY route_table_id, association_id"
        )
        for row in try rows("SELECT * FROM route_tables\(filter("vpc_id")) ORDER BY route_table_id") {
            let id: String = row["route_table_id"]
            let parsed = (routes[id] ?? []).compactMap { route -> Route? in
                let destination: Route.Destination
                if let cidr = route["destination_cidr"] as String? {
                    guard let parsed = IPv4CIDR(cidr) else { return nil }
                    destination = .cidr(parsed)
                } else if let list = route["destination_prefix_list_id"] as String? {
                    destination = .prefixList(list)
                } else if let ipv6 = route["destination_ipv6_cidr"] as String? {
                    destination = .ipv6(ipv6)
                } else {
                    return nil
                }
                let kind = RouteTargetKind(rawValue: route["target_kind"]) ?? .unknown
                return Route(
                    destination: destination, targetKind: kind, targetId: route["target_id"],
                    isBlackhole: (route["state"] as String?) == "blackhole",
                    isPropagated: (route["origin"] as String?) == "EnableVgwRoutePropagation")
            }
            let links = associations[id] ?? []
            network.routeTables[id] = RouteTable(
                id: id, vpcId: row["vpc_id"], routes: parsed,
                associatedSubnets: links.compactMap { $0["subnet_id"] as String? }.sorted(),
                isMain: links.contains { ($0["is_main"] as Int) != 0 })
        }
    }

    mutating func loadGateways() throws {
        // Gateways attached to the wanted VPCs or named by their routes (a detached gateway
        // still has to be found to say that it is detached).
        let referenced =
            wanted == nil
            ? ""
            : """
             WHERE internet_gateway_id IN (SELECT internet_gateway_id FROM internet_gateway_attachments\(filter("vpc_id")))
                OR internet_gateway_id IN (SELECT target_id FROM routes WHERE route_table_id IN
                   (SELECT route_table_id FROM route_tables\(filter("vpc_id"))))
            """
        let attachments = try grouped(
            "SELECT internet_gateway_id AS id, vpc_id, state FROM internet_gateway_attachments ORDER BY 1, 2")
        for row in try rows("SELECT internet_gateway_id FROM internet_gateways\(referenced) ORDER BY 1") {
            let id: String = row["internet_gateway_id"]
            network.internetGateways[id] = InternetGateway(
                id: id,
                attachedVPCs: (attachments[id] ?? []).filter {
                    ["available", "attached", nil].contains($0["state"] as String?)
                }
                .map { $0["vpc_id"] })
        }
        let eigwAttachments = try grouped(
            "SELECT egress_only_internet_gateway_id AS id, vpc_id, state FROM egress_only_internet_gateway_attachments ORDER BY 1, 2"
        )
        for row in try rows("SELECT egress_only_internet_gateway_id FROM egress_only_internet_gateways ORDER BY 1") {
            let id: String = row["egress_only_internet_gateway_id"]
            network.egressOnlyInternetGateways[id] = InternetGateway(
                id: id,
                attachedVPCs: (eigwAttachments[id] ?? []).filter {
                    ["available", "attached", nil].contains($0["state"] as String?)
                }
                .map { $0["vpc_id"] })
        }
        let addresses = try grouped("SELECT nat_gateway_id AS id, * FROM nat_gateway_addresses ORDER BY 1, ordinal")
        let natFilter =
            wanted == nil
            ? ""
            : " WHERE subnet_id IN (SELECT subnet_id FROM subnets\(filter("vpc_id"))) OR \(filter("vpc_id", "").trimmingCharacters(in: .whitespaces))"
        for row in try rows("SELECT * FROM nat_gateways\(natFilter) ORDER BY nat_gateway_id") {
            let id: String = row["nat_gateway_id"]
            let subnetId: String = row["subnet_id"] ?? ""
            let own = addresses[id] ?? []
            network.natGateways[id] = NATGateway(
                id: id, vpcId: row["vpc_id"] ?? network.subnets[subnetId]?.vpcId ?? "", subnetId: subnetId,
                state: row["state"] ?? "available",
                isPublic: (row["connectivity_type"] as String?)?.lowercased() != "private",
                privateAddresses: own.compactMap { ($0["private_ip"] as String?).flatMap(IPv4Address.init) },
                publicAddresses: own.compactMap { ($0["public_ip"] as String?).flatMap(IPv4Address.init) })
        }
    }

    mutating func loadEndpoints() throws {
        let endpointFilter = "vpc_endpoint_id IN (SELECT vpc_endpoint_id FROM vpc_endpoints\(filter("vpc_id")))"
        let tables = try grouped(
            "SELECT vpc_endpoint_id AS id, route_table_id FROM vpc_endpoint_route_tables WHERE \(endpointFilter) ORDER BY 1, 2"
        )
        let subnets = try grouped(
            "SELECT vpc_endpoint_id AS id, subnet_id FROM vpc_endpoint_subnets WHERE \(endpointFilter) ORDER BY 1, 2")
        let groups = try grouped(
            "SELECT vpc_endpoint_id AS id, group_id FROM vpc_endpoint_security_groups WHERE \(endpointFilter) ORDER BY 1, 2"
        )
        let enis = try grouped(
            "SELECT vpc_endpoint_id AS id, network_interface_id FROM vpc_endpoint_network_interfaces WHERE \(endpointFilter) ORDER BY 1, 2"
        )
        for row in try rows("SELECT * FROM vpc_endpoints\(filter("vpc_id")) ORDER BY vpc_endpoint_id") {
            let id: String = row["vpc_endpoint_id"]
            let kind: VPCEndpoint.Kind
            switch (row["endpoint_type"] as String).lowercased() {
            case "gateway": kind = .gateway
            case "interface": kind = .interface
            case "gatewayloadbalancer": kind = .gatewayLoadBalancer
            default: kind = .other
            }
            network.endpoints[id] = VPCEndpoint(
                id: id, vpcId: row["vpc_id"], kind: kind, serviceName: row["service_name"],
                state: (row["state"] as String?)?.lowercased() ?? "available",
                privateDNSEnabled: Self.bool(row, "private_dns_enabled") ?? false,
                policy: (row["policy_document"] as String?).flatMap(PolicyParser.parse),
                routeTableIds: (tables[id] ?? []).map { $0["route_table_id"] },
                subnetIds: (subnets[id] ?? []).map { $0["subnet_id"] },
                securityGroupIds: (groups[id] ?? []).map { $0["group_id"] },
                networkInterfaceIds: (enis[id] ?? []).map { $0["network_interface_id"] })
        }
    }

    mutating func loadSecurityGroups() throws {
        // The wanted VPCs' groups, and any group a wanted function names (it may be elsewhere).
        let groupFilter =
            wanted == nil
            ? ""
            : " WHERE g.vpc_id IN \(wanted!) OR g.group_id IN (SELECT group_id FROM lambda_function_security_groups WHERE function_arn IN \(functionFilter!))"
        let rules = try grouped(
            """
            SELECT r.group_id AS id, r.* FROM security_group_rules r WHERE r.group_id IN (SELECT g.group_id FROM security_groups g\(groupFilter))
            ORDER BY r.group_id, r.is_egress, r.ordinal
            """)
        for row in try rows(
            "SELECT g.*, s.account_id, s.region FROM security_groups g JOIN scopes s ON s.scope_id = g.scope_id\(groupFilter) ORDER BY g.group_id"
        ) {
            let id: String = row["group_id"]
            var ingress: [SecurityGroupRule] = []
            var egress: [SecurityGroupRule] = []
            for rule in rules[id] ?? [] {
                let isEgress = (rule["is_egress"] as Int) != 0
                guard let parsed = Self.rule(rule, number: (isEgress ? egress.count : ingress.count) + 1) else {
                    continue
                }
                if isEgress { egress.append(parsed) } else { ingress.append(parsed) }
            }
            network.securityGroups[id] = SecurityGroup(
                id: id, vpcId: row["vpc_id"] ?? "", name: row["group_name"] ?? "", accountId: row["account_id"],
                region: row["region"], ingress: ingress, egress: egress)
        }
    }

    static func rule(_ row: GRDB.Row, number: Int) -> SecurityGroupRule? {
        guard let ipProtocol = IPProtocol(aws: row["ip_protocol"]) else { return nil }
        let from: Int? = row["from_port"]
        let to: Int? = row["to_port"]
        var ports = PortRange.all
        if ipProtocol.hasPorts, let from, let to, from >= 0, to >= 0 { ports = PortRange(from, to) }
        let peer: SecurityGroupRule.Peer
        if let cidr = row["cidr_ipv4"] as String? {
            guard let parsed = IPv4CIDR(cidr) else { return nil }
            peer = .cidr(parsed)
        } else if let cidr = row["cidr_ipv6"] as String? {
            peer = .ipv6(cidr)
        } else if let list = row["prefix_list_id"] as String? {
            peer = .prefixList(list)
        } else if let group = row["referenced_group_id"] as String? {
            peer = .group(group)
        } else {
            return nil
        }
        return SecurityGroupRule(
            number: number, ruleId: row["security_group_rule_id"], ipProtocol: ipProtocol, ports: ports, peer: peer)
    }

    mutating func loadNetworkACLs() throws {
        let aclFilter = "network_acl_id IN (SELECT network_acl_id FROM network_acls\(filter("vpc_id")))"
        let entries = try grouped(
            "SELECT network_acl_id AS id, * FROM network_acl_entries WHERE \(aclFilter) ORDER BY network_acl_id, is_egress, rule_number"
        )
        let associations = try grouped(
            "SELECT network_acl_id AS id, subnet_id FROM network_acl_associations WHERE \(aclFilter) ORDER BY 1, 2")
        for row in try rows("SELECT * FROM network_acls\(filter("vpc_id")) ORDER BY network_acl_id") {
            let id: String = row["network_acl_id"]
            var inbound: [NetworkACLEntry] = []
            var outbound: [NetworkACLEntry] = []
            for entry in entries[id] ?? [] {
                guard let ipProtocol = IPProtocol(aws: entry["protocol"]) else { continue }
                let from: Int? = entry["port_from"]
                let to: Int? = entry["port_to"]
                let parsed = NetworkACLEntry(
                    ruleNumber: entry["rule_number"], ipProtocol: ipProtocol,
                    allow: (entry["rule_action"] as String) == "allow",
                    cidr: (entry["cidr_block"] as String?).flatMap(IPv4CIDR.init),
                    ports: from.flatMap { f in to.map { PortRange(f, $0) } } ?? .all)
                if (entry["is_egress"] as Int) != 0 { outbound.append(parsed) } else { inbound.append(parsed) }
            }
            network.networkACLs[id] = NetworkACL(
                id: id, vpcId: row["vpc_id"], isDefault: Self.bool(row, "is_default") ?? false, inbound: inbound,
                outbound: outbound, associatedSubnets: (associations[id] ?? []).map { $0["subnet_id"] })
        }
    }

    mutating func loadPrefixLists() throws {
        let entries = try grouped("SELECT prefix_list_id AS id, cidr FROM prefix_list_entries ORDER BY 1, 2")
        var ids = Set(try String.fetchAll(db, sql: "SELECT prefix_list_id FROM prefix_lists"))
        ids.formUnion(entries.keys)
        let names = Dictionary(
            try rows("SELECT prefix_list_id, prefix_list_name FROM prefix_lists ORDER BY 1").map {
                ($0["prefix_list_id"] as String, $0["prefix_list_name"] as String?)
            }, uniquingKeysWith: { first, _ in first })
        for id in ids.sorted() {
            let cidrs = (entries[id] ?? []).compactMap { IPv4CIDR($0["cidr"] as String) }
            network.prefixLists[id] = PrefixList(id: id, name: names[id] ?? nil, cidrs: cidrs.isEmpty ? nil : cidrs)
        }
    }

    mutating func loadPeerings() throws {
        let peeringFilter =
            wanted == nil ? "" : " WHERE requester_vpc_id IN \(wanted!) OR accepter_vpc_id IN \(wanted!)"
        let cidrs = try grouped(
            "SELECT vpc_peering_connection_id AS id, side, cidr FROM vpc_peering_connection_cidrs ORDER BY 1, 2, 3")
        for row in try rows("SELECT * FROM vpc_peering_connections\(peeringFilter) ORDER BY vpc_peering_connection_id")
        {
            let id: String = row["vpc_peering_connection_id"]
            func side(_ name: String) -> PeeringConnection.Side {
                var blocks = (cidrs[id] ?? []).filter { $0["side"] == name }.compactMap {
                    IPv4CIDR($0["cidr"] as String)
                }
                let vpcId: String = row["\(name)_vpc_id"] ?? ""
                if blocks.isEmpty, let vpc = network.vpcs[vpcId] { blocks = vpc.cidrs }
                return PeeringConnection.Side(
                    vpcId: vpcId, accountId: row["\(name)_owner_id"], region: row["\(name)_region"], cidrs: blocks)
            }
            network.peerings[id] = PeeringConnection(
                id: id, status: (row["status_code"] as String?) ?? "active", requester: side("requester"),
                accepter: side("accepter"))
        }
    }

    mutating func loadNetworkInterfaces() throws {
        let eniFilter =
            "network_interface_id IN (SELECT network_interface_id FROM network_interfaces\(filter("vpc_id")))"
        let addresses = try grouped(
            "SELECT network_interface_id AS id, private_ip FROM network_interface_addresses WHERE \(eniFilter) ORDER BY 1, 2"
        )
        let groups = try grouped(
            "SELECT network_interface_id AS id, group_id FROM network_interface_security_groups WHERE \(eniFilter) ORDER BY 1, 2"
        )
        for row in try rows("SELECT * FROM network_interfaces\(filter("vpc_id")) ORDER BY network_interface_id") {
            let id: String = row["network_interface_id"]
            let subnetId: String = row["subnet_id"] ?? ""
            network.networkInterfaces[id] = NetworkInterface(
                id: id, vpcId: row["vpc_id"] ?? network.subnets[subnetId]?.vpcId ?? "", subnetId: subnetId,
                interfaceType: row["interface_type"] ?? "interface", description: row["description"] ?? "",
                privateAddresses: (addresses[id] ?? []).compactMap { IPv4Address($0["private_ip"] as String) },
                securityGroupIds: (groups[id] ?? []).map { $0["group_id"] })
        }
    }

    mutating func loadFunctions() throws {
        let wantedFunctions = functionFilter.map { " WHERE f.function_arn IN \($0)" } ?? ""
        let subnets = try grouped(
            "SELECT function_arn AS id, subnet_id FROM lambda_function_subnets f\(wantedFunctions) ORDER BY 1, ordinal")
        let groups = try grouped(
            "SELECT function_arn AS id, group_id FROM lambda_function_security_groups f\(wantedFunctions) ORDER BY 1, ordinal"
        )
        for row in try rows(
            "SELECT f.*, s.account_id, s.region FROM lambda_functions f JOIN scopes s ON s.scope_id = f.scope_id\(wantedFunctions) ORDER BY f.function_arn"
        ) {
            let arn: String = row["function_arn"]
            network.functions[arn] = LambdaFunction(
                arn: arn, name: row["function_name"], accountId: row["account_id"], region: row["region"],
                roleArn: row["role_arn"], state: row["state"], stateReason: row["state_reason"],
                stateReasonCode: row["state_reason_code"], subnetIds: (subnets[arn] ?? []).map { $0["subnet_id"] },
                securityGroupIds: (groups[arn] ?? []).map { $0["group_id"] }, reportedVPCId: row["reported_vpc_id"],
                ipv6AllowedForDualStack: Self.bool(row, "ipv6_allowed_for_dual_stack") ?? false)
        }
    }

    mutating func loadDatabases() throws {
        let groupSubnets = try grouped(
            """
            SELECT scope_id || '/' || db_subnet_group_name AS id, subnet_id, availability_zone FROM rds_db_subnet_group_subnets
            ORDER BY 1, 2
            """)
        let groupVPCs = Dictionary(
            try rows(
                "SELECT scope_id || '/' || db_subnet_group_name AS id, vpc_id FROM rds_db_subnet_groups ORDER BY 1"
            ).map {
                ($0["id"] as String, $0["vpc_id"] as String?)
            }, uniquingKeysWith: { first, _ in first })
        let ownSubnets = try grouped("SELECT db_key AS id, subnet_id FROM rds_database_subnets ORDER BY 1, 2")
        let groups = try grouped("SELECT db_key AS id, group_id FROM rds_database_security_groups ORDER BY 1, 2")
        for row in try rows(
            "SELECT d.*, s.account_id, s.region FROM rds_databases d JOIN scopes s ON s.scope_id = d.scope_id ORDER BY d.db_key"
        ) {
            let key: String = row["db_key"]
            let kind = RDSDatabase.Kind(rawValue: row["kind"]) ?? .instance
            let groupKey = "\(row["scope_id"] as Int64)/\(row["db_subnet_group_name"] as String? ?? "")"
            var subnetIds: [String] = (ownSubnets[key] ?? []).map { $0["subnet_id"] }
            if subnetIds.isEmpty {
                let candidates = groupSubnets[groupKey] ?? []
                let zones = [row["availability_zone"] as String?, row["secondary_availability_zone"] as String?]
                    .compactMap { $0 }
                let inZones = candidates.filter { zones.contains(($0["availability_zone"] as String?) ?? "") }
                // An instance sits in its zone's subnet (and its standby's); a cluster's
                // instances, or an instance whose zone is unknown, may be in any of them.
                subnetIds = (kind == .instance && !inZones.isEmpty ? inZones : candidates).map { $0["subnet_id"] }
            }
            var vpcId: String? = row["vpc_id"] ?? groupVPCs[groupKey] ?? nil
            if vpcId == nil { vpcId = subnetIds.compactMap { subnetVPC($0) }.first }
            if let wanted = wantedVPCSet(), let vpcId, !wanted.contains(vpcId) { continue }
            network.databases[key] = RDSDatabase(
                key: key, kind: kind, identifier: row["identifier"], accountId: row["account_id"],
                region: row["region"],
                engine: row["engine"], status: row["status"], endpoint: row["endpoint_address"], port: row["port"],
                vpcId: vpcId, subnetIds: subnetIds, securityGroupIds: (groups[key] ?? []).map { $0["group_id"] })
        }
    }

    func subnetVPC(_ subnetId: String) -> String? {
        if let subnet = network.subnets[subnetId] { return subnet.vpcId }
        return try? String.fetchOne(db, sql: "SELECT vpc_id FROM subnets WHERE subnet_id = ?", arguments: [subnetId])
    }

    func wantedVPCSet() -> Set<String>? {
        guard wanted != nil else { return nil }
        return Set((try? String.fetchAll(db, sql: "SELECT vpc_id FROM wanted_vpcs")) ?? [])
    }

    mutating func loadRoles() throws {
        let roleFilter =
            functionFilter.map {
                " WHERE role_arn IN (SELECT role_arn FROM lambda_functions WHERE function_arn IN \($0))"
            } ?? ""
        let inline = try grouped(
            "SELECT role_arn AS id, document FROM iam_role_inline_policies\(roleFilter) ORDER BY 1, policy_name")
        let attached = try grouped(
            """
            SELECT a.role_arn AS id, a.policy_arn, a.policy_name, p.document FROM iam_role_attached_policies a
            LEFT JOIN iam_policies p ON p.policy_arn = a.policy_arn\(roleFilter.replacingOccurrences(of: "role_arn IN", with: "a.role_arn IN"))
            ORDER BY 1, 2
            """)
        for row in try rows("SELECT * FROM iam_roles\(roleFilter) ORDER BY role_arn") {
            let arn: String = row["role_arn"]
            var documents = (inline[arn] ?? []).compactMap { PolicyParser.parse($0["document"] as String) }
            documents += (attached[arn] ?? []).compactMap { ($0["document"] as String?).flatMap(PolicyParser.parse) }
            network.roles[arn] = Role(
                arn: arn, name: row["role_name"], documents: documents,
                attachedPolicyNames: (attached[arn] ?? []).map {
                    ($0["policy_name"] as String?)
                        ?? String(($0["policy_arn"] as String).split(separator: "/").last ?? "")
                })
        }
        network.accountsWithIAMData = Set(
            try String.fetchAll(
                db,
                sql:
                    "SELECT DISTINCT s.account_id FROM imports i JOIN scopes s ON s.scope_id = i.scope_id WHERE i.kind = 'iam-roles'"
            ))
    }
}

/// Policy JSON (as stored) -> the policy model the solver evaluates.
enum PolicyParser {
    static func parse(_ text: String) -> PolicyDocument? {
        guard let value = try? JSONParser.parse(Data(text.utf8)), case .object(let object) = value else { return nil }
        var statements: [JSONValue] = []
        switch object["Statement"] {
        case .array(let list): statements = list
        case .object(let single): statements = [.object(single)]
        default: break
        }
        return PolicyDocument(
            statements: statements.compactMap { value in
                guard case .object(let statement) = value else { return nil }
                let strings = { (key: String) -> [String] in
                    switch statement[key] {
                    case .string(let text): return [text]
                    case .array(let list):
                        return list.compactMap { if case .string(let text) = $0 { return text } else { return nil } }
                    default: return []
                    }
                }
                var anyPrincipal = true
                switch statement["Principal"] {
                case .string(let text): anyPrincipal = text == "*"
                case .object(let principal):
                    if case .string(let aws) = principal["AWS"] {
                        anyPrincipal = aws == "*"
                    } else {
                        anyPrincipal = false
                    }
                default: break
                }
                let hasConditions: Bool
                if case .object(let condition) = statement["Condition"] {
                    hasConditions = !condition.members.isEmpty
                } else {
                    hasConditions = false
                }
                let resources = strings("Resource")
                return PolicyDocument.Statement(
                    allow: (strings("Effect").first ?? "Allow").lowercased() == "allow", actions: strings("Action"),
                    notActions: strings("NotAction"), resources: resources.isEmpty ? ["*"] : resources,
                    anyPrincipal: anyPrincipal, hasConditions: hasConditions)
            })
    }
}
