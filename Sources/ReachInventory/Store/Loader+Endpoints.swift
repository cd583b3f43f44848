import Foundation
import GRDB
import ReachCore

/// The loader's reading of VPC endpoints and network interfaces.
extension Load {
    mutating func loadEndpoints() throws {
        let endpointFilter = "vpc_endpoint_id IN (SELECT vpc_endpoint_id FROM vpc_endpoints\(filter("vpc_id")))"
        let tables = try grouped(
            "SELECT vpc_endpoint_id, route_table_id FROM vpc_endpoint_route_tables WHERE \(endpointFilter) ORDER BY 1, 2",
            table: "vpc_endpoint_route_tables", key: [0, 1]
        ) { try $0.text(1) }
        let subnets = try grouped(
            "SELECT vpc_endpoint_id, subnet_id FROM vpc_endpoint_subnets WHERE \(endpointFilter) ORDER BY 1, 2",
            table: "vpc_endpoint_subnets", key: [0, 1]
        ) { try $0.text(1) }
        let groups = try grouped(
            "SELECT vpc_endpoint_id, group_id FROM vpc_endpoint_security_groups WHERE \(endpointFilter) ORDER BY 1, 2",
            table: "vpc_endpoint_security_groups", key: [0, 1]
        ) { try $0.text(1) }
        let enis = try grouped(
            "SELECT vpc_endpoint_id, network_interface_id FROM vpc_endpoint_network_interfaces WHERE \(endpointFilter) ORDER BY 1, 2",
            table: "vpc_endpoint_network_interfaces", key: [0, 1]
        ) { try $0.text(1) }
        try eachRow(
            """
            SELECT vpc_endpoint_id, vpc_id, endpoint_type, service_name, state, private_dns_enabled, policy_document
            FROM vpc_endpoints\(filter("vpc_id")) ORDER BY vpc_endpoint_id
            """, table: "vpc_endpoints"
        ) { row in
            let id = try row.text(0)
            let kind: VPCEndpoint.Kind
            switch try row.text(2).lowercased() {
            case "gateway": kind = .gateway
            case "interface": kind = .interface
            case "gatewayloadbalancer": kind = .gatewayLoadBalancer
            default: kind = .other
            }
            network.endpoints[id] = VPCEndpoint(
                id: id, vpcId: try row.text(1), kind: kind, serviceName: try row.text(3),
                state: try row.optionalText(4)?.lowercased() ?? "available",
                privateDNSEnabled: try row.flag(5) ?? false, policy: policy(try row.optionalText(6)),
                routeTableIds: tables[id] ?? [], subnetIds: subnets[id] ?? [], securityGroupIds: groups[id] ?? [],
                networkInterfaceIds: enis[id] ?? [])
        }
    }

    mutating func loadNetworkInterfaces() throws {
        let eniFilter =
            "network_interface_id IN (SELECT network_interface_id FROM network_interfaces\(filter("vpc_id")))"
        let addresses = try grouped(
            "SELECT network_interface_id, private_ip, public_ip FROM network_interface_addresses WHERE \(eniFilter) ORDER BY 1, 2",
            table: "network_interface_addresses", key: [0, 1]
        ) { row in (try Self.ipv4Address(row, 1), try Self.ipv4Address(row, 2)) }
        let groups = try grouped(
            "SELECT network_interface_id, group_id FROM network_interface_security_groups WHERE \(eniFilter) ORDER BY 1, 2",
            table: "network_interface_security_groups", key: [0, 1]
        ) { try $0.text(1) }
        let ipv6Addresses = try grouped(
            "SELECT network_interface_id, ipv6_address FROM network_interface_ipv6_addresses WHERE \(eniFilter) ORDER BY 1, 2",
            table: "network_interface_ipv6_addresses", key: [0, 1]
        ) { row -> IPv6Address in
            let text = try row.text(1)
            guard let address = IPv6Address(text) else { throw Self.notA("an IPv6 address", text, 1) }
            return address
        }
        try eachRow(
            """
            SELECT network_interface_id, vpc_id, subnet_id, interface_type, description
            FROM network_interfaces\(filter("vpc_id")) ORDER BY network_interface_id
            """, table: "network_interfaces"
        ) { row in
            let id = try row.text(0)
            let subnetId = try row.optionalText(2) ?? ""
            network.networkInterfaces[id] = NetworkInterface(
                id: id, vpcId: try row.optionalText(1) ?? network.subnets[subnetId]?.vpcId ?? "", subnetId: subnetId,
                interfaceType: try row.optionalText(3) ?? "interface", description: try row.optionalText(4) ?? "",
                privateAddresses: (addresses[id] ?? []).compactMap(\.0),
                publicAddresses: (addresses[id] ?? []).compactMap(\.1), ipv6Addresses: ipv6Addresses[id] ?? [],
                securityGroupIds: groups[id] ?? [])
        }
    }
}
