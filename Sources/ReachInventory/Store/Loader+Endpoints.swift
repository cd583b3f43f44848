import Foundation
import GRDB
import ReachCore

/// The loader's reading of VPC endpoints and network interfaces.
extension Load {
    mutating func loadEndpoints() throws {
        let e = Schema.VpcEndpoints.self
        let endpointFilter = wantedParents(e.vpcEndpointId, vpc: e.vpcId)
        let tables = try children(
            of: Schema.VpcEndpointRouteTables.vpcEndpointId, Schema.VpcEndpointRouteTables.routeTableId, endpointFilter)
        let subnets = try children(
            of: Schema.VpcEndpointSubnets.vpcEndpointId, Schema.VpcEndpointSubnets.subnetId, endpointFilter)
        let groups = try children(
            of: Schema.VpcEndpointSecurityGroups.vpcEndpointId, Schema.VpcEndpointSecurityGroups.groupId,
            endpointFilter)
        let enis = try children(
            of: Schema.VpcEndpointNetworkInterfaces.vpcEndpointId,
            Schema.VpcEndpointNetworkInterfaces.networkInterfaceId, endpointFilter)
        var columns = Selection()
        let id = columns.add(e.vpcEndpointId)
        let vpc = columns.add(e.vpcId)
        let type = columns.add(e.endpointType)
        let service = columns.add(e.serviceName)
        let state = columns.add(e.state)
        let privateDNS = columns.add(e.privateDnsEnabled)
        let inboundOnly = columns.add(e.privateDnsOnlyForInboundResolverEndpoint)
        let recordType = columns.add(e.dnsRecordIpType)
        let policyDocument = columns.add(e.policyDocument)
        try eachRow(
            "SELECT \(columns) FROM \(e.table)\(filter(e.vpcId))", columns, key: [id]
        ) { row in
            let endpointId = try row.text(id)
            let kind: VPCEndpoint.Kind
            switch try row.text(type).lowercased() {
            case "gateway": kind = .gateway
            case "interface": kind = .interface
            case "gatewayloadbalancer": kind = .gatewayLoadBalancer
            default: kind = .other
            }
            network.endpoints[endpointId] = VPCEndpoint(
                id: endpointId, vpcId: try row.text(vpc), kind: kind, serviceName: try row.text(service),
                state: try row.optionalText(state)?.lowercased() ?? "available",
                privateDNSEnabled: try row.flag(privateDNS) ?? false,
                privateDNSOnlyForInboundResolver: try row.flag(inboundOnly) ?? false,
                dnsRecordIPType: try row.optionalText(recordType),
                policy: policy(try row.optionalText(policyDocument)), routeTableIds: tables[endpointId] ?? [],
                subnetIds: subnets[endpointId] ?? [], securityGroupIds: groups[endpointId] ?? [],
                networkInterfaceIds: enis[endpointId] ?? [])
        }
    }

    mutating func loadNetworkInterfaces() throws {
        let n = Schema.NetworkInterfaces.self
        let eniFilter = wantedParents(n.networkInterfaceId, vpc: n.vpcId)
        let a = Schema.NetworkInterfaceAddresses.self
        var addressColumns = Selection()
        let addressOwner = addressColumns.add(a.networkInterfaceId)
        let privateIP = addressColumns.add(a.privateIp)
        let publicIP = addressColumns.add(a.publicIp)
        let addresses = try grouped(
            """
            SELECT \(addressColumns) FROM \(a.table)\(Self.where(a.networkInterfaceId, eniFilter))
            ORDER BY \(a.networkInterfaceId), \(a.privateIp)
            """, addressColumns, parent: addressOwner, key: [addressOwner, privateIP]
        ) { row in (try Self.ipv4Address(row, privateIP), try Self.ipv4Address(row, publicIP)) }
        let groups = try children(
            of: Schema.NetworkInterfaceSecurityGroups.networkInterfaceId, Schema.NetworkInterfaceSecurityGroups.groupId,
            eniFilter)
        let v = Schema.NetworkInterfaceIpv6Addresses.self
        var ipv6Columns = Selection()
        let ipv6Owner = ipv6Columns.add(v.networkInterfaceId)
        let ipv6Address = ipv6Columns.add(v.ipv6Address)
        let ipv6Addresses = try grouped(
            """
            SELECT \(ipv6Columns) FROM \(v.table)\(Self.where(v.networkInterfaceId, eniFilter))
            ORDER BY \(v.networkInterfaceId), \(v.ipv6Address)
            """, ipv6Columns, parent: ipv6Owner, key: [ipv6Owner, ipv6Address]
        ) { row -> IPv6Address in
            let text = try row.text(ipv6Address)
            guard let address = IPv6Address(text) else { throw Self.notA("an IPv6 address", text, ipv6Address) }
            return address
        }
        var columns = Selection()
        let id = columns.add(n.networkInterfaceId)
        let vpc = columns.add(n.vpcId)
        let subnet = columns.add(n.subnetId)
        let type = columns.add(n.interfaceType)
        let description = columns.add(n.description)
        let status = columns.add(n.status)
        let owner = columns.add(n.ownerId)
        try eachRow(
            "SELECT \(columns) FROM \(n.table)\(filter(n.vpcId))", columns, key: [id]
        ) { row in
            let eniId = try row.text(id)
            let (vpcId, subnetId) = try placement(row, vpc: vpc, subnet: subnet)
            network.networkInterfaces[eniId] = NetworkInterface(
                id: eniId, vpcId: vpcId, subnetId: subnetId, interfaceType: try row.optionalText(type) ?? "interface",
                description: try row.optionalText(description) ?? "",
                privateAddresses: (addresses[eniId] ?? []).compactMap(\.0),
                publicAddresses: (addresses[eniId] ?? []).compactMap(\.1), ipv6Addresses: ipv6Addresses[eniId] ?? [],
                securityGroupIds: groups[eniId] ?? [], status: try row.optionalText(status),
                ownerId: try row.optionalText(owner))
        }
    }
}
