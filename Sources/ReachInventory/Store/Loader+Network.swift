import Foundation
import GRDB
import ReachCore

/// The loader's reading of VPCs, subnets, routing, gateways, network ACLs and prefix lists.
extension Load {
    mutating func loadVPCs() throws {
        var ipv4: [String: [IPv4CIDR]] = [:]
        var ipv6: [String: [String]] = [:]
        try eachRow(
            "SELECT vpc_id, family, cidr FROM vpc_cidr_blocks\(filter("vpc_id")) ORDER BY vpc_id, cidr",
            table: "vpc_cidr_blocks", key: [0, 2]
        ) { row in
            let id = try row.text(0)
            switch try row.text(1) {
            case "ipv4": ipv4[id, default: []].append(try Self.ipv4CIDR(row, 2))
            case "ipv6": ipv6[id, default: []].append(try Self.ipv6CIDR(try row.text(2), 2))
            default: break
            }
        }
        // describe-vpc-attribute values, for VPC rows that do not say.
        var attributes: [String: [String: Bool]] = [:]
        try eachRow(
            "SELECT vpc_id, attribute, value FROM vpc_attributes\(filter("vpc_id")) ORDER BY vpc_id, attribute",
            table: "vpc_attributes", key: [0, 1]
        ) { row in
            attributes[try row.text(0), default: [:]][try row.text(1)] = try row.flag(2)
        }
        try eachRow(
            """
            SELECT v.vpc_id, s.account_id, s.region, v.cidr_block, v.is_default, v.instance_tenancy,
                   v.enable_dns_support, v.enable_dns_hostnames, v.name
            FROM vpcs v JOIN scopes s ON s.scope_id = v.scope_id\(filter("v.vpc_id")) ORDER BY v.vpc_id
            """, table: "vpcs", joined: [1: "scopes", 2: "scopes"]
        ) { row in
            let id = try row.text(0)
            let primary = try optionalCIDR(row, 3)
            var cidrs = ipv4[id] ?? []
            if cidrs.isEmpty, let primary { cidrs = [primary] }
            network.vpcs[id] = VPC(
                id: id, accountId: try row.text(1), region: try row.text(2), cidrs: cidrs, ipv6Cidrs: ipv6[id] ?? [],
                isDefault: try row.flag(4) ?? false, dedicatedTenancy: try row.optionalText(5) == "dedicated",
                enableDnsSupport: try row.flag(6) ?? attributes[id]?["enableDnsSupport"],
                enableDnsHostnames: try row.flag(7) ?? attributes[id]?["enableDnsHostnames"],
                name: try row.optionalText(8), primaryCIDR: primary)
        }
    }

    mutating func loadSubnets() throws {
        let ipv6 = try grouped(
            "SELECT subnet_id, cidr FROM subnet_ipv6_cidr_blocks WHERE subnet_id IN (SELECT subnet_id FROM subnets\(filter("vpc_id"))) ORDER BY 1, 2",
            table: "subnet_ipv6_cidr_blocks", key: [0, 1]
        ) { row in try Self.ipv6CIDR(try row.text(1), 1) }
        try eachRow(
            """
            SELECT subnet_id, vpc_id, availability_zone, cidr_block, available_ip_address_count,
                   map_public_ip_on_launch, name
            FROM subnets\(filter("vpc_id")) ORDER BY subnet_id
            """, table: "subnets"
        ) { row in
            let id = try row.text(0)
            network.subnets[id] = Subnet(
                id: id, vpcId: try row.text(1), availabilityZone: try row.optionalText(2) ?? "",
                cidr: try optionalCIDR(row, 3), ipv6Cidrs: ipv6[id] ?? [],
                availableIPAddressCount: try row.optionalInteger(4, in: 0...Int(Int32.max), "an address count"),
                mapPublicIPOnLaunch: try row.flag(5) ?? false, name: try row.optionalText(6))
        }
    }

    mutating func loadRouting() throws {
        let tableFilter = "route_table_id IN (SELECT route_table_id FROM route_tables\(filter("vpc_id")))"
        let routes = try grouped(
            """
            SELECT route_table_id, destination_cidr, destination_prefix_list_id, destination_ipv6_cidr,
                   target_kind, target_id, state, origin, ordinal
            FROM routes WHERE \(tableFilter) ORDER BY route_table_id, ordinal
            """, table: "routes", key: [0, 8]
        ) { row -> Route? in
            let destination: Route.Destination
            if let parsed = try optionalCIDR(row, 1) {
                destination = .cidr(parsed)
            } else if let list = try row.optionalText(2) {
                destination = .prefixList(list)
            } else if let ipv6 = try row.optionalText(3) {
                destination = .ipv6(try Self.ipv6CIDR(ipv6, 3))
            } else {
                return nil
            }
            return Route(
                destination: destination, targetKind: RouteTargetKind(rawValue: try row.text(4)) ?? .unknown,
                // A route carries traffic only when it is active (or its state was not
                // exported): any other state drops it, never the other way round.
                targetId: try row.optionalText(5),
                isBlackhole: (try row.optionalText(6)).map { $0 != "active" } ?? false,
                isPropagated: try row.optionalText(7) == "EnableVgwRoutePropagation")
        }
        var subnets: [String: [String]] = [:]
        var mainTables: Set<String> = []
        try eachRow(
            "SELECT route_table_id, subnet_id, is_main, association_id FROM route_table_associations WHERE \(tableFilter) ORDER BY route_table_id, association_id",
            table: "route_table_associations", key: [3]
        ) { row in
            let id = try row.text(0)
            if let subnet = try row.optionalText(1) { subnets[id, default: []].append(subnet) }
            if try row.flag(2) == true { mainTables.insert(id) }
        }
        try eachRow(
            "SELECT route_table_id, vpc_id FROM route_tables\(filter("vpc_id")) ORDER BY route_table_id",
            table: "route_tables"
        ) { row in
            let id = try row.text(0)
            network.routeTables[id] = RouteTable(
                id: id, vpcId: try row.text(1), routes: routes[id] ?? [],
                associatedSubnets: (subnets[id] ?? []).sorted(), isMain: mainTables.contains(id))
        }
    }

    /// Whether a gateway attachment in `state` attaches (a detaching or detached one does not).
    static func attaches(_ state: String?) -> Bool { ["available", "attached", nil].contains(state) }

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
        let ofReferenced =
            wanted == nil
            ? "" : " WHERE internet_gateway_id IN (SELECT internet_gateway_id FROM internet_gateways\(referenced))"
        let attachments = try grouped(
            "SELECT internet_gateway_id, vpc_id, state FROM internet_gateway_attachments\(ofReferenced) ORDER BY 1, 2",
            table: "internet_gateway_attachments", key: [0, 1]
        ) { row in Self.attaches(try row.optionalText(2)) ? try row.text(1) : nil }
        try eachRow(
            "SELECT internet_gateway_id FROM internet_gateways\(referenced) ORDER BY 1", table: "internet_gateways"
        ) { row in
            let id = try row.text(0)
            network.internetGateways[id] = InternetGateway(id: id, attachedVPCs: attachments[id] ?? [])
        }
        let eigwAttachments = try grouped(
            "SELECT egress_only_internet_gateway_id, vpc_id, state FROM egress_only_internet_gateway_attachments ORDER BY 1, 2",
            table: "egress_only_internet_gateway_attachments", key: [0, 1]
        ) { row in Self.attaches(try row.optionalText(2)) ? try row.text(1) : nil }
        try eachRow(
            "SELECT egress_only_internet_gateway_id FROM egress_only_internet_gateways ORDER BY 1",
            table: "egress_only_internet_gateways"
        ) { row in
            let id = try row.text(0)
            network.egressOnlyInternetGateways[id] = InternetGateway(id: id, attachedVPCs: eigwAttachments[id] ?? [])
        }
        let natFilter =
            wanted == nil
            ? ""
            : " WHERE subnet_id IN (SELECT subnet_id FROM subnets\(filter("vpc_id"))) OR \(filter("vpc_id", "").trimmingCharacters(in: .whitespaces))"
        let ofWantedNATs =
            wanted == nil ? "" : " WHERE nat_gateway_id IN (SELECT nat_gateway_id FROM nat_gateways\(natFilter))"
        // (private, public) per address.
        let addresses = try grouped(
            "SELECT nat_gateway_id, private_ip, public_ip, ordinal FROM nat_gateway_addresses\(ofWantedNATs) ORDER BY 1, ordinal",
            table: "nat_gateway_addresses", key: [0, 3]
        ) { row in (try Self.ipv4Address(row, 1), try Self.ipv4Address(row, 2)) }
        try eachRow(
            "SELECT nat_gateway_id, subnet_id, vpc_id, state, connectivity_type FROM nat_gateways\(natFilter) ORDER BY nat_gateway_id",
            table: "nat_gateways"
        ) { row in
            let id = try row.text(0)
            let subnetId = try row.optionalText(1) ?? ""
            let own = addresses[id] ?? []
            network.natGateways[id] = NATGateway(
                id: id, vpcId: try row.optionalText(2) ?? network.subnets[subnetId]?.vpcId ?? "", subnetId: subnetId,
                state: try row.optionalText(3) ?? "available",
                isPublic: try row.optionalText(4)?.lowercased() != "private",
                privateAddresses: own.compactMap { $0.0 }, publicAddresses: own.compactMap { $0.1 })
        }
    }

    mutating func loadNetworkACLs() throws {
        let aclFilter = "network_acl_id IN (SELECT network_acl_id FROM network_acls\(filter("vpc_id")))"
        let entries = try grouped(
            """
            SELECT network_acl_id, is_egress, protocol, rule_number, rule_action, cidr_block, port_from, port_to,
              ipv6_cidr_block
            FROM network_acl_entries WHERE \(aclFilter) ORDER BY network_acl_id, is_egress, rule_number
            """, table: "network_acl_entries", key: [0, 1, 3]
        ) { row -> (isEgress: Bool, entry: NetworkACLEntry)? in
            // Every entry is read or refused: an entry left out is a DENY that no longer denies.
            let ipProtocol = try Self.ipProtocol(row, 2)
            // 1-32766 for the entries one writes, 32767 for the default ("*") entry.
            let number = try row.integer(3)
            guard (1...32767).contains(number) else {
                throw CellProblem(column: 3, problem: "\(number) is not a network ACL rule number (1-32767)")
            }
            let action = try row.text(4)
            guard action == "allow" || action == "deny" else { throw Self.notA("allow or deny", action, 4) }
            let from = try row.optionalInteger(6, in: 0...65535, "a port")
            let to = try row.optionalInteger(7, in: 0...65535, "a port")
            if let from, let to, to < from {
                throw CellProblem(column: 7, problem: "\(to) is below the range's first port \(from)")
            }
            let cidr = try optionalCIDR(row, 5)
            let ipv6 = try row.optionalText(8)
            let ipv6Cidr = try ipv6.map { text throws(CellProblem) in
                guard let parsed = IPv6CIDR(text) else { throw Self.notA("an IPv6 CIDR", text, 8) }
                return parsed
            }
            guard cidr != nil || ipv6Cidr != nil else {
                throw CellProblem(column: 5, problem: "NULL, and so is ipv6_cidr_block: the entry matches no address")
            }
            let entry = NetworkACLEntry(
                ruleNumber: number, ipProtocol: ipProtocol, allow: action == "allow", cidr: cidr, ipv6Cidr: ipv6Cidr,
                ports: from.flatMap { f in to.map { PortRange(f, $0) } } ?? .all)
            return (try row.flag(1) == true, entry)
        }
        let associations = try grouped(
            "SELECT network_acl_id, subnet_id FROM network_acl_associations WHERE \(aclFilter) ORDER BY 1, 2",
            table: "network_acl_associations", key: [0, 1]
        ) { try $0.text(1) }
        try eachRow(
            "SELECT network_acl_id, vpc_id, is_default FROM network_acls\(filter("vpc_id")) ORDER BY network_acl_id",
            table: "network_acls"
        ) { row in
            let id = try row.text(0)
            let own = entries[id] ?? []
            network.networkACLs[id] = NetworkACL(
                id: id, vpcId: try row.text(1), isDefault: try row.flag(2) ?? false,
                inbound: own.filter { !$0.isEgress }.map(\.entry), outbound: own.filter(\.isEgress).map(\.entry),
                associatedSubnets: associations[id] ?? [])
        }
    }

    mutating func loadPrefixLists() throws {
        // A list is known from describe-managed-prefix-lists, from its entries, or both.
        // The same AWS-managed list may be exported by several accounts of a region: one set.
        // IPv4 blocks; the IPv6 ones an AWS-managed list also holds are not modelled.
        let entries = try grouped(
            "SELECT DISTINCT prefix_list_id, cidr FROM prefix_list_entries ORDER BY 1, 2",
            table: "prefix_list_entries", key: [0, 1]
        ) { row -> IPv4CIDR? in
            let text = try row.text(1)
            if let parsed = IPv4CIDR(text) { return parsed }
            _ = try Self.ipv6CIDR(text, 1)
            return nil
        }
        var names: [String: String?] = [:]
        try eachRow("SELECT prefix_list_id, prefix_list_name FROM prefix_lists ORDER BY 1", table: "prefix_lists") {
            row in
            names.updateValue(try row.optionalText(1), forKey: try row.text(0))
        }
        for id in Set(names.keys).union(entries.keys).sorted() {
            let cidrs = entries[id] ?? []
            network.prefixLists[id] = PrefixList(id: id, name: names[id] ?? nil, cidrs: cidrs.isEmpty ? nil : cidrs)
        }
    }
}
