import Foundation
import GRDB
import ReachCore

/// The loader's reading of peering connections and transit gateways: what joins VPCs.
extension Load {
    mutating func loadPeerings() throws {
        let peeringFilter =
            wanted == nil ? "" : " WHERE requester_vpc_id IN \(wanted!) OR accepter_vpc_id IN \(wanted!)"
        // Each side's IPv4 blocks (IPv6 ones are not modelled here).
        let cidrs = try grouped(
            """
            SELECT vpc_peering_connection_id, side, cidr FROM vpc_peering_connection_cidrs
            WHERE vpc_peering_connection_id IN (SELECT vpc_peering_connection_id FROM vpc_peering_connections\(peeringFilter))
            ORDER BY 1, 2, 3
            """, table: "vpc_peering_connection_cidrs", key: [0, 1, 2]
        ) { row -> (side: String, cidr: IPv4CIDR?) in
            let text = try row.text(2)
            if let parsed = IPv4CIDR(text) { return (try row.text(1), parsed) }
            _ = try Self.ipv6CIDR(text, 2)
            return (try row.text(1), nil)
        }
        try eachRow(
            """
            SELECT vpc_peering_connection_id, status_code, requester_vpc_id, requester_owner_id, requester_region,
                   accepter_vpc_id, accepter_owner_id, accepter_region, requester_allow_dns_resolution,
                   accepter_allow_dns_resolution
            FROM vpc_peering_connections\(peeringFilter) ORDER BY vpc_peering_connection_id
            """, table: "vpc_peering_connections"
        ) { row in
            let id = try row.text(0)
            // One side's columns start at `first`: VPC ID, owner, region; its DNS option at `dns`.
            func side(_ name: String, _ first: Int, dns: Int) throws(CellProblem) -> PeeringConnection.Side {
                var blocks = (cidrs[id] ?? []).filter { $0.side == name }.compactMap(\.cidr)
                let vpcId = try row.optionalText(first) ?? ""
                if blocks.isEmpty, let vpc = network.vpcs[vpcId] { blocks = vpc.cidrs }
                return PeeringConnection.Side(
                    vpcId: vpcId, accountId: try row.optionalText(first + 1), region: try row.optionalText(first + 2),
                    cidrs: blocks, allowsDNSResolutionFromRemoteVPC: try row.flag(dns))
            }
            network.peerings[id] = PeeringConnection(
                id: id, status: try row.optionalText(1) ?? "active", requester: try side("requester", 2, dns: 8),
                accepter: try side("accepter", 5, dns: 9))
        }
    }

    /// Transit gateways with their attachments and route tables. For a question, those of the
    /// transit gateways the wanted VPCs are attached to (all their attachments, so that a route
    /// to a VPC that is not loaded can still be named).
    mutating func loadTransitGateways() throws {
        let tgwFilter =
            wanted.map {
                """
                 WHERE transit_gateway_id IN (
                    SELECT transit_gateway_id FROM transit_gateway_vpc_attachments WHERE vpc_id IN \($0)
                    UNION SELECT transit_gateway_id FROM transit_gateway_attachments
                    WHERE resource_type = 'vpc' AND resource_id IN \($0))
                """
            } ?? ""
        try eachRow(
            """
            SELECT t.transit_gateway_id, t.owner_id, s.region, t.state, t.security_group_referencing_support,
                   t.association_default_route_table_id, t.propagation_default_route_table_id
            FROM transit_gateways t JOIN scopes s ON s.scope_id = t.scope_id\(tgwFilter.replacingOccurrences(of: " WHERE transit_gateway_id", with: " WHERE t.transit_gateway_id")) ORDER BY 1
            """, table: "transit_gateways", joined: [2: "scopes"]
        ) { row in
            let id = try row.text(0)
            network.transitGateways[id] = TransitGateway(
                id: id, ownerId: try row.optionalText(1), region: try row.text(2),
                state: try row.optionalText(3) ?? "available",
                securityGroupReferencing: try row.optionalText(4) == "enable",
                associationDefaultRouteTableId: try row.optionalText(5),
                propagationDefaultRouteTableId: try row.optionalText(6))
        }
        // Associations: get-transit-gateway-route-table-associations when exported, else the
        // Association that describe-transit-gateway-attachments prints.
        var associated: [String: String] = [:]
        try eachRow(
            """
            SELECT transit_gateway_attachment_id, transit_gateway_route_table_id FROM transit_gateway_route_table_associations
            WHERE COALESCE(state, 'associated') = 'associated' AND transit_gateway_route_table_id IN
              (SELECT transit_gateway_route_table_id FROM transit_gateway_route_tables\(tgwFilter))
            ORDER BY 1, 2
            """, table: "transit_gateway_route_table_associations", key: [0, 1]
        ) { row in
            let attachment = try row.text(0)
            if associated[attachment] == nil { associated[attachment] = try row.text(1) }
        }
        // With get-transit-gateway-route-table-associations imported, an attachment that is in
        // none of its lists is associated with no table; without it, only
        // describe-transit-gateway-attachments says (its Association).
        let associationsExported =
            try Bool.fetchOne(
                db,
                sql: "SELECT EXISTS (SELECT 1 FROM imports WHERE kind = 'transit-gateway-route-table-associations')")
            ?? false
        let subnets = try grouped(
            """
            SELECT transit_gateway_attachment_id, subnet_id FROM transit_gateway_vpc_attachment_subnets
            WHERE transit_gateway_attachment_id IN (SELECT transit_gateway_attachment_id FROM transit_gateway_vpc_attachments\(tgwFilter))
            ORDER BY 1, 2
            """, table: "transit_gateway_vpc_attachment_subnets", key: [0, 1]
        ) { try $0.text(1) }
        try eachRow(
            """
            SELECT transit_gateway_attachment_id, transit_gateway_id, vpc_id, state, security_group_referencing_support
            FROM transit_gateway_vpc_attachments\(tgwFilter) ORDER BY 1
            """, table: "transit_gateway_vpc_attachments"
        ) { row in
            let id = try row.text(0)
            let vpcId = try row.optionalText(2)
            network.transitGatewayAttachments[id] = TransitGatewayAttachment(
                id: id, transitGatewayId: try row.optionalText(1) ?? "", resourceType: "vpc", resourceId: vpcId,
                state: try row.optionalText(3) ?? "available", vpcId: vpcId, subnetIds: subnets[id] ?? [],
                associatedRouteTableId: associated[id],
                associationKnown: associated[id] != nil || associationsExported,
                securityGroupReferencing: try row.optionalText(4) != "disable")
        }
        // describe-transit-gateway-attachments: the other types, and the association of all.
        try eachRow(
            """
            SELECT transit_gateway_attachment_id, transit_gateway_id, resource_type, resource_id, state,
                   association_route_table_id, association_state
            FROM transit_gateway_attachments\(tgwFilter) ORDER BY 1
            """, table: "transit_gateway_attachments"
        ) { row in
            let id = try row.text(0)
            let association: String? =
                ["associated", nil].contains(try row.optionalText(6)) ? try row.optionalText(5) : nil
            if var known = network.transitGatewayAttachments[id] {
                if known.associatedRouteTableId == nil { known.associatedRouteTableId = association }
                known.associationKnown = true
                network.transitGatewayAttachments[id] = known
                return
            }
            let type = try row.optionalText(2) ?? "unknown"
            let resource = try row.optionalText(3)
            network.transitGatewayAttachments[id] = TransitGatewayAttachment(
                id: id, transitGatewayId: try row.optionalText(1) ?? "", resourceType: type, resourceId: resource,
                state: try row.optionalText(4) ?? "available", vpcId: type == "vpc" ? resource : nil,
                associatedRouteTableId: associated[id] ?? association)
        }
        let tableFilter =
            " WHERE transit_gateway_route_table_id IN (SELECT transit_gateway_route_table_id FROM transit_gateway_route_tables\(tgwFilter))"
        // Rows of one route share its ordinal run: consecutive rows with the same destination,
        // type and state are one ECMP route.
        var routes: [String: [TransitGatewayRoute]] = [:]
        try eachRow(
            """
            SELECT transit_gateway_route_table_id, destination_cidr, destination_prefix_list_id, route_type, state,
                   transit_gateway_attachment_id, ordinal
            FROM transit_gateway_routes\(tableFilter) ORDER BY 1, ordinal
            """, table: "transit_gateway_routes", key: [0, 6]
        ) { row in
            let table = try row.text(0)
            let destination: Route.Destination
            // A transit gateway routes IPv6 too: its routes' CIDRs are of either family (the
            // model keeps IPv6 ones, which IPv4 questions never match).
            if let text = try row.optionalText(1), text.utf8.contains(UInt8(ascii: ":")) {
                destination = .ipv6(try Self.ipv6CIDR(text, 1))
            } else if let parsed = try optionalCIDR(row, 1) {
                destination = .cidr(parsed)
            } else if let list = try row.optionalText(2) {
                destination = .prefixList(list)
            } else {
                return
            }
            let isStatic = try row.optionalText(3) != "propagated"
            // Active, or not exported, carries traffic; blackhole, pending, deleting, deleted do not.
            let isBlackhole = (try row.optionalText(4)).map { $0 != "active" } ?? false
            let attachment = try row.optionalText(5)
            if var last = routes[table]?.last, last.destination == destination, last.isStatic == isStatic,
                last.isBlackhole == isBlackhole, let attachment
            {
                last.attachmentIds.append(attachment)
                routes[table]![routes[table]!.count - 1] = last
                return
            }
            routes[table, default: []].append(
                TransitGatewayRoute(
                    destination: destination, isStatic: isStatic, isBlackhole: isBlackhole,
                    attachmentIds: attachment.map { [$0] } ?? []))
        }
        let propagations = try grouped(
            """
            SELECT transit_gateway_route_table_id, transit_gateway_attachment_id FROM transit_gateway_route_table_propagations\(tableFilter)
            AND COALESCE(state, 'enabled') = 'enabled' ORDER BY 1, 2
            """, table: "transit_gateway_route_table_propagations", key: [0, 1]
        ) { try $0.text(1) }
        try eachRow(
            "SELECT transit_gateway_route_table_id, transit_gateway_id, state FROM transit_gateway_route_tables\(tgwFilter) ORDER BY 1",
            table: "transit_gateway_route_tables"
        ) { row in
            let id = try row.text(0)
            network.transitGatewayRouteTables[id] = TransitGatewayRouteTable(
                id: id, transitGatewayId: try row.optionalText(1) ?? "", state: try row.optionalText(2) ?? "available",
                routes: (routes[id] ?? []) + propagatedRoutes(propagations[id] ?? [], present: routes[id] ?? []),
                propagatingAttachmentIds: propagations[id] ?? [])
        }
    }

    /// The routes a propagation puts in a table (the attached VPC's CIDRs), for the ones the
    /// export does not list: Batfish's snapshots carry static routes only, and an export made
    /// without search-transit-gateway-routes still has its propagations.
    func propagatedRoutes(_ attachmentIds: [String], present: [TransitGatewayRoute]) -> [TransitGatewayRoute] {
        var result: [TransitGatewayRoute] = []
        for attachmentId in attachmentIds {
            guard let vpcId = network.transitGatewayAttachments[attachmentId]?.vpcId,
                let vpc = network.vpcs[vpcId]
            else { continue }
            for cidr in vpc.cidrs {
                let listed = present.contains { $0.destination == .cidr(cidr) && !$0.isStatic }
                if !listed {
                    result.append(
                        TransitGatewayRoute(
                            destination: .cidr(cidr), isStatic: false, isBlackhole: false,
                            attachmentIds: [attachmentId]))
                }
            }
        }
        return result
    }
}
