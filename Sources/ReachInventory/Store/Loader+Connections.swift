import Foundation
import GRDB
import ReachCore

/// The loader's reading of peering connections and transit gateways: what joins VPCs.
extension Load {
    mutating func loadPeerings() throws {
        let p = Schema.VpcPeeringConnections.self
        let c = Schema.VpcPeeringConnectionCidrs.self
        let peeringFilter =
            wanted == nil ? "" : " WHERE \(p.requesterVpcId) IN \(wanted!) OR \(p.accepterVpcId) IN \(wanted!)"
        var cidrColumns = Selection()
        let peering = cidrColumns.add(c.vpcPeeringConnectionId)
        let cidrSide = cidrColumns.add(c.side)
        let cidr = cidrColumns.add(c.cidr)
        // Each side's blocks, IPv4 and IPv6.
        let cidrs = try grouped(
            """
            SELECT \(cidrColumns) FROM \(c.table)
            WHERE \(c.vpcPeeringConnectionId) IN (SELECT \(p.vpcPeeringConnectionId) FROM \(p.table)\(peeringFilter))
            ORDER BY \(c.vpcPeeringConnectionId), \(c.side), \(c.cidr)
            """, cidrColumns, parent: peering, key: [peering, cidrSide, cidr]
        ) { row -> (side: String, cidr: IPv4CIDR?, ipv6: IPv6CIDR?) in
            let text = try row.text(cidr)
            if let parsed = IPv4CIDR(text) { return (try row.text(cidrSide), parsed, nil) }
            return (try row.text(cidrSide), nil, IPv6CIDR(try Self.ipv6CIDR(text, cidr)))
        }
        var columns = Selection()
        let id = columns.add(p.vpcPeeringConnectionId)
        let status = columns.add(p.statusCode)
        // One side's columns: VPC ID, owner, region and DNS option.
        typealias SideColumns = (vpc: Int, owner: Int, region: Int, dns: Int)
        let requester: SideColumns = (
            columns.add(p.requesterVpcId), columns.add(p.requesterOwnerId), columns.add(p.requesterRegion),
            columns.add(p.requesterAllowDnsResolution)
        )
        let accepter: SideColumns = (
            columns.add(p.accepterVpcId), columns.add(p.accepterOwnerId), columns.add(p.accepterRegion),
            columns.add(p.accepterAllowDnsResolution)
        )
        try eachRow(
            "SELECT \(columns) FROM \(p.table)\(peeringFilter) ORDER BY \(p.vpcPeeringConnectionId)", columns, key: [id]
        ) { row in
            let peeringId = try row.text(id)
            func side(_ name: String, _ at: SideColumns) throws(CellProblem) -> PeeringConnection.Side {
                let listed = (cidrs[peeringId] ?? []).filter { $0.side == name }
                var blocks = listed.compactMap(\.cidr)
                var ipv6Blocks = listed.compactMap(\.ipv6)
                let vpcId = try row.optionalText(at.vpc) ?? ""
                if blocks.isEmpty, let vpc = network.vpcs[vpcId] { blocks = vpc.cidrs }
                // An export that lists no IPv6 block for the side (an older or hand-made one)
                // leaves its VPC's own blocks, as for IPv4.
                if ipv6Blocks.isEmpty, let vpc = network.vpcs[vpcId] {
                    ipv6Blocks = vpc.ipv6Cidrs.compactMap(IPv6CIDR.init)
                }
                return PeeringConnection.Side(
                    vpcId: vpcId, accountId: try row.optionalText(at.owner), region: try row.optionalText(at.region),
                    cidrs: blocks, ipv6Cidrs: ipv6Blocks, allowsDNSResolutionFromRemoteVPC: try row.flag(at.dns))
            }
            network.peerings[peeringId] = PeeringConnection(
                id: peeringId, status: try row.optionalText(status) ?? "active",
                requester: try side("requester", requester), accepter: try side("accepter", accepter))
        }
    }

    /// ` WHERE column IN (...)` keeping, for a question, the rows of the transit gateways that
    /// the wanted VPCs are attached to (by `column`, a transit gateway ID qualified by `alias`);
    /// nothing for a whole inventory.
    func transitGatewayFilter(_ column: Column, _ alias: String? = nil) -> String {
        guard let wanted else { return "" }
        let v = Schema.TransitGatewayVpcAttachments.self
        let a = Schema.TransitGatewayAttachments.self
        return """
             WHERE \(alias.map { "\($0)." } ?? "")\(column) IN (
                SELECT \(v.transitGatewayId) FROM \(v.table) WHERE \(v.vpcId) IN \(wanted)
                UNION SELECT \(a.transitGatewayId) FROM \(a.table)
                WHERE \(a.resourceType) = 'vpc' AND \(a.resourceId) IN \(wanted))
            """
    }

    /// ` OR column IN (...)`, after `transitGatewayFilter`: for a question, the transit gateways
    /// the wanted VPCs' route tables route to too, attached or not: a route to a transit gateway
    /// that the VPC is no longer attached to is a blackhole, and the gateway's state says why.
    /// Only their own rows: their attachments and tables are not the question's.
    func routedGatewayFilter(_ column: Column, _ alias: String) -> String {
        guard let wanted else { return "" }
        let r = Schema.Routes.self
        let rt = Schema.RouteTables.self
        return """
             OR \(alias).\(column) IN (
                SELECT \(r.targetId) FROM \(r.table) WHERE \(r.targetKind) = 'tgw' AND \(r.routeTableId) IN (
                    SELECT \(rt.routeTableId) FROM \(rt.table) WHERE \(rt.vpcId) IN \(wanted)))
            """
    }

    /// Transit gateways with their attachments and route tables. For a question, those of the
    /// transit gateways the wanted VPCs are attached to (all their attachments, so that a route
    /// to a VPC that is not loaded can still be named).
    mutating func loadTransitGateways() throws {
        let t = Schema.TransitGateways.self
        let s = Schema.Scopes.self
        var columns = Selection()
        let id = columns.add(t.transitGatewayId, "t")
        let owner = columns.add(t.ownerId, "t")
        let region = columns.add(s.region, "s")
        let state = columns.add(t.state, "t")
        let referencing = columns.add(t.securityGroupReferencingSupport, "t")
        let dns = columns.add(t.dnsSupport, "t")
        let associationDefault = columns.add(t.associationDefaultRouteTableId, "t")
        let propagationDefault = columns.add(t.propagationDefaultRouteTableId, "t")
        try eachRow(
            """
            SELECT \(columns)
            FROM \(t.table) t JOIN \(s.table) s ON s.\(s.scopeId) = t.\(t.scopeId)\(transitGatewayFilter(t.transitGatewayId, "t"))\(routedGatewayFilter(t.transitGatewayId, "t"))
            ORDER BY t.\(t.transitGatewayId)
            """, columns, key: [id]
        ) { row in
            let tgwId = try row.text(id)
            network.transitGateways[tgwId] = TransitGateway(
                id: tgwId, ownerId: try row.optionalText(owner), region: try row.text(region),
                state: try row.optionalText(state) ?? "available",
                securityGroupReferencing: try row.optionalText(referencing) == "enable",
                dnsSupport: try row.optionalText(dns) != "disable",
                associationDefaultRouteTableId: try row.optionalText(associationDefault),
                propagationDefaultRouteTableId: try row.optionalText(propagationDefault))
        }
        let tables = Schema.TransitGatewayRouteTables.self
        let ofTables =
            "IN (SELECT \(tables.transitGatewayRouteTableId) FROM \(tables.table)\(transitGatewayFilter(tables.transitGatewayId)))"
        // Associations: get-transit-gateway-route-table-associations when exported, else the
        // Association that describe-transit-gateway-attachments prints.
        let a = Schema.TransitGatewayRouteTableAssociations.self
        var associationColumns = Selection()
        let associatedAttachment = associationColumns.add(a.transitGatewayAttachmentId)
        let associatedTable = associationColumns.add(a.transitGatewayRouteTableId)
        var associated: [String: String] = [:]
        try eachRow(
            """
            SELECT \(associationColumns) FROM \(a.table)
            WHERE COALESCE(\(a.state), 'associated') = 'associated' AND \(a.transitGatewayRouteTableId) \(ofTables)
            ORDER BY \(a.transitGatewayAttachmentId), \(a.transitGatewayRouteTableId)
            """, associationColumns, key: [associatedAttachment, associatedTable]
        ) { row in
            let attachment = try row.text(associatedAttachment)
            if associated[attachment] == nil { associated[attachment] = try row.text(associatedTable) }
        }
        // With get-transit-gateway-route-table-associations imported, an attachment that is in
        // none of its lists is associated with no table; without it, only
        // describe-transit-gateway-attachments says (its Association).
        // Whether any import brought `kind` (in any account and region).
        func exported(_ kind: ResourceKind) throws -> Bool {
            let i = Schema.Imports.self
            return try Bool.fetchOne(
                db, sql: "SELECT EXISTS (SELECT 1 FROM \(i.table) WHERE \(i.kind) = ?)", arguments: [kind.rawValue])
                ?? false
        }
        try loadTransitGatewayAttachments(
            associated: associated, associationsExported: try exported(.transitGatewayAssociations))
        let routesExported = try exported(.transitGatewayRoutes)
        let r = Schema.TransitGatewayRoutes.self
        var routeColumns = Selection()
        let routeTable = routeColumns.add(r.transitGatewayRouteTableId)
        let cidr = routeColumns.add(r.destinationCidr)
        let prefixList = routeColumns.add(r.destinationPrefixListId)
        let routeType = routeColumns.add(r.routeType)
        let routeState = routeColumns.add(r.state)
        let attachmentColumn = routeColumns.add(r.transitGatewayAttachmentId)
        let ordinal = routeColumns.add(r.ordinal)
        let additional = routeColumns.add(r.additionalRoutesAvailable)
        // Rows of one route share its ordinal run: consecutive rows with the same destination,
        // type and state are one ECMP route.
        var routes: [String: [TransitGatewayRoute]] = [:]
        // Tables whose search-transit-gateway-routes output said it left routes out.
        var truncated = Set<String>()
        try eachRow(
            """
            SELECT \(routeColumns)
            FROM \(r.table) WHERE \(r.transitGatewayRouteTableId) \(ofTables)
            ORDER BY \(r.transitGatewayRouteTableId), \(r.ordinal)
            """, routeColumns, key: [routeTable, ordinal]
        ) { row in
            let table = try row.text(routeTable)
            if try row.flag(additional) == true { truncated.insert(table) }
            let destination: Route.Destination
            // A transit gateway routes IPv6 too: its routes' CIDRs are of either family (the
            // model keeps IPv6 ones, which IPv4 questions never match).
            if let text = try row.optionalText(cidr), text.utf8.contains(UInt8(ascii: ":")) {
                destination = .ipv6(try Self.ipv6CIDR(text, cidr))
            } else if let parsed = try optionalCIDR(row, cidr) {
                destination = .cidr(parsed)
            } else if let list = try row.optionalText(prefixList) {
                destination = .prefixList(list)
            } else {
                return
            }
            let isStatic = try row.optionalText(routeType) != "propagated"
            // Active, or not exported, carries traffic; blackhole, pending, deleting, deleted do not.
            let isBlackhole = (try row.optionalText(routeState)).map { $0 != "active" } ?? false
            let attachment = try row.optionalText(attachmentColumn)
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
        let p = Schema.TransitGatewayRouteTablePropagations.self
        let propagations = try children(
            of: p.transitGatewayRouteTableId, p.transitGatewayAttachmentId,
            "\(ofTables) AND COALESCE(\(p.state), 'enabled') = 'enabled'")
        var tableColumns = Selection()
        let tableId = tableColumns.add(tables.transitGatewayRouteTableId)
        let tableGateway = tableColumns.add(tables.transitGatewayId)
        let tableState = tableColumns.add(tables.state)
        try eachRow(
            """
            SELECT \(tableColumns) FROM \(tables.table)\(transitGatewayFilter(tables.transitGatewayId))
            ORDER BY \(tables.transitGatewayRouteTableId)
            """, tableColumns, key: [tableId]
        ) { row in
            let id = try row.text(tableId)
            network.transitGatewayRouteTables[id] = TransitGatewayRouteTable(
                id: id, transitGatewayId: try row.optionalText(tableGateway) ?? "",
                state: try row.optionalText(tableState) ?? "available",
                routes: (routes[id] ?? []) + propagatedRoutes(propagations[id] ?? [], present: routes[id] ?? []),
                propagatingAttachmentIds: propagations[id] ?? [],
                // search-transit-gateway-routes is run per table: an import that brought some
                // tables' routes says nothing of another's, unless that one can have none (a
                // table with propagations lists their routes).
                routesExported: routes[id] != nil || (routesExported && (propagations[id] ?? []).isEmpty),
                routesTruncated: truncated.contains(id))
        }
    }

    /// The attachments of the transit gateways being loaded: describe-transit-gateway-vpc-attachments'
    /// VPC attachments with their subnets, then describe-transit-gateway-attachments' other
    /// types and the association of all. `associated`: the route table of each attachment that
    /// get-transit-gateway-route-table-associations lists.
    mutating func loadTransitGatewayAttachments(associated: [String: String], associationsExported: Bool) throws {
        let v = Schema.TransitGatewayVpcAttachments.self
        let vpcFilter = transitGatewayFilter(v.transitGatewayId)
        let subnets = try children(
            of: Schema.TransitGatewayVpcAttachmentSubnets.transitGatewayAttachmentId,
            Schema.TransitGatewayVpcAttachmentSubnets.subnetId,
            "IN (SELECT \(v.transitGatewayAttachmentId) FROM \(v.table)\(vpcFilter))")
        var vpcColumns = Selection()
        let vpcAttachment = vpcColumns.add(v.transitGatewayAttachmentId)
        let vpcGateway = vpcColumns.add(v.transitGatewayId)
        let vpc = vpcColumns.add(v.vpcId)
        let vpcState = vpcColumns.add(v.state)
        let referencing = vpcColumns.add(v.securityGroupReferencingSupport)
        let dns = vpcColumns.add(v.dnsSupport)
        let applianceMode = vpcColumns.add(v.applianceModeSupport)
        let ipv6Support = vpcColumns.add(v.ipv6Support)
        try eachRow(
            "SELECT \(vpcColumns) FROM \(v.table)\(vpcFilter) ORDER BY \(v.transitGatewayAttachmentId)", vpcColumns,
            key: [vpcAttachment]
        ) { row in
            let id = try row.text(vpcAttachment)
            let vpcId = try row.optionalText(vpc)
            network.transitGatewayAttachments[id] = TransitGatewayAttachment(
                id: id, transitGatewayId: try row.optionalText(vpcGateway) ?? "", resourceType: "vpc",
                resourceId: vpcId, state: try row.optionalText(vpcState) ?? "available", vpcId: vpcId,
                subnetIds: subnets[id] ?? [], associatedRouteTableId: associated[id],
                associationKnown: associated[id] != nil || associationsExported,
                securityGroupReferencing: try row.optionalText(referencing) != "disable",
                dnsSupport: try row.optionalText(dns) != "disable",
                applianceMode: try row.optionalText(applianceMode).map { $0 == "enable" },
                ipv6Support: try row.optionalText(ipv6Support).map { $0 == "enable" })
        }
        let a = Schema.TransitGatewayAttachments.self
        var columns = Selection()
        let attachment = columns.add(a.transitGatewayAttachmentId)
        let gateway = columns.add(a.transitGatewayId)
        let type = columns.add(a.resourceType)
        let resource = columns.add(a.resourceId)
        let state = columns.add(a.state)
        let associationTable = columns.add(a.associationRouteTableId)
        let associationState = columns.add(a.associationState)
        try eachRow(
            """
            SELECT \(columns) FROM \(a.table)\(transitGatewayFilter(a.transitGatewayId))
            ORDER BY \(a.transitGatewayAttachmentId)
            """, columns, key: [attachment]
        ) { row in
            let id = try row.text(attachment)
            let association: String? =
                ["associated", nil].contains(try row.optionalText(associationState))
                ? try row.optionalText(associationTable) : nil
            if var known = network.transitGatewayAttachments[id] {
                if known.associatedRouteTableId == nil { known.associatedRouteTableId = association }
                known.associationKnown = true
                network.transitGatewayAttachments[id] = known
                return
            }
            let resourceType = try row.optionalText(type) ?? "unknown"
            let resourceId = try row.optionalText(resource)
            network.transitGatewayAttachments[id] = TransitGatewayAttachment(
                id: id, transitGatewayId: try row.optionalText(gateway) ?? "", resourceType: resourceType,
                resourceId: resourceId, state: try row.optionalText(state) ?? "available",
                vpcId: resourceType == "vpc" ? resourceId : nil, associatedRouteTableId: associated[id] ?? association)
        }
    }

    /// The routes a propagation puts in a table (the attached VPC's CIDRs), for the ones the
    /// export does not list: Batfish's snapshots carry static routes only, and an export made
    /// without search-transit-gateway-routes still has its propagations. A VPC's IPv6 CIDRs
    /// propagate only from an attachment with IPv6 support enabled (`Ipv6Support`, off by
    /// default: "when disabled ... IPv6 routes do not propagate").
    func propagatedRoutes(_ attachmentIds: [String], present: [TransitGatewayRoute]) -> [TransitGatewayRoute] {
        var result: [TransitGatewayRoute] = []
        for attachmentId in attachmentIds {
            guard let attachment = network.transitGatewayAttachments[attachmentId], let vpcId = attachment.vpcId,
                let vpc = network.vpcs[vpcId]
            else { continue }
            var destinations = vpc.cidrs.map(Route.Destination.cidr)
            if attachment.ipv6Support == true {
                destinations += vpc.ipv6Cidrs.filter { IPv6CIDR($0) != nil }.map(Route.Destination.ipv6)
            }
            for destination in destinations {
                let listed = present.contains { !$0.isStatic && $0.destination.sameBlock(as: destination) }
                if !listed {
                    result.append(
                        TransitGatewayRoute(
                            destination: destination, isStatic: false, isBlackhole: false,
                            attachmentIds: [attachmentId]))
                }
            }
        }
        return result
    }
}
