import GRDB

/// Decoders for the transit-gateway describe calls. The per-route-table calls
/// (get-transit-gateway-route-table-associations, -propagations, search-transit-gateway-routes)
/// print rows without naming their table, so their records are keyed by the
/// `TransitGatewayRouteTableId` that `lambda-reach collect` adds beside them.
extension Decode {
    /// describe-transit-gateways: one element of `TransitGateways`.
    static func transitGateway(_ f: Fields) throws -> ResourceRecord {
        let id = try f.string("TransitGatewayId", .transitGatewayID)
        let options = try f.optionalObject("Options")
        func option(_ key: String, _ form: ValueForm = .name) throws -> DatabaseValue {
            try at("Options") { try options?.optionalString(key, form).sql ?? .null }
        }
        return ResourceRecord(
            kind: .transitGateways, id: id,
            rows: [
                Row.transitGateways(
                    transitGatewayId: id.sql, ownerId: try f.optionalString("OwnerId", .account).sql,
                    state: try f.optionalString("State").sql,
                    defaultRouteTableAssociation: try option("DefaultRouteTableAssociation"),
                    defaultRouteTablePropagation: try option("DefaultRouteTablePropagation"),
                    associationDefaultRouteTableId: try option(
                        "AssociationDefaultRouteTableId", .transitGatewayRouteTableID),
                    propagationDefaultRouteTableId: try option(
                        "PropagationDefaultRouteTableId", .transitGatewayRouteTableID),
                    securityGroupReferencingSupport: try option("SecurityGroupReferencingSupport"),
                    dnsSupport: try option("DnsSupport"), name: try name(f).sql)
            ], origin: "")
    }

    /// describe-transit-gateway-attachments: one element of `TransitGatewayAttachments`.
    static func transitGatewayAttachment(_ f: Fields) throws -> ResourceRecord {
        let id = try f.string("TransitGatewayAttachmentId", .transitGatewayAttachmentID)
        let association = try f.optionalObject("Association")
        return ResourceRecord(
            kind: .transitGatewayAttachments, id: id,
            rows: [
                Row.transitGatewayAttachments(
                    transitGatewayAttachmentId: id.sql,
                    transitGatewayId: try f.optionalString("TransitGatewayId", .transitGatewayID).sql,
                    transitGatewayOwnerId: try f.optionalString("TransitGatewayOwnerId", .account).sql,
                    resourceType: try f.optionalString("ResourceType", .token).sql,
                    resourceId: try f.optionalString("ResourceId", .token).sql,
                    resourceOwnerId: try f.optionalString("ResourceOwnerId", .account).sql,
                    state: try f.optionalString("State").sql,
                    associationRouteTableId: try at("Association") {
                        try association?.optionalString("TransitGatewayRouteTableId", .transitGatewayRouteTableID)
                            .sql
                    } ?? .null,
                    associationState: try at("Association") { try association?.optionalString("State").sql } ?? .null,
                    name: try name(f).sql)
            ], origin: "")
    }

    /// describe-transit-gateway-vpc-attachments: one element of `TransitGatewayVpcAttachments`.
    static func transitGatewayVPCAttachment(_ f: Fields) throws -> ResourceRecord {
        let id = try f.string("TransitGatewayAttachmentId", .transitGatewayAttachmentID)
        let options = try f.optionalObject("Options")
        var rows: [Row] = [
            Row.transitGatewayVpcAttachments(
                transitGatewayAttachmentId: id.sql,
                transitGatewayId: try f.optionalString("TransitGatewayId", .transitGatewayID).sql,
                vpcId: try f.string("VpcId", .vpcID).sql, vpcOwnerId: try f.optionalString("VpcOwnerId", .account).sql,
                state: try f.optionalString("State").sql,
                securityGroupReferencingSupport: try at("Options") {
                    try options?.optionalString("SecurityGroupReferencingSupport").sql
                } ?? .null,
                applianceModeSupport: try at("Options") { try options?.optionalString("ApplianceModeSupport").sql }
                    ?? .null,
                dnsSupport: try at("Options") { try options?.optionalString("DnsSupport").sql } ?? .null,
                ipv6Support: try at("Options") { try options?.optionalString("Ipv6Support").sql } ?? .null,
                name: try name(f).sql)
        ]
        for (index, subnet) in try f.strings("SubnetIds", .subnetID).enumerated()
        where !rows.contains(where: {
            $0.table == .transitGatewayVpcAttachmentSubnets
                && $0[Schema.TransitGatewayVpcAttachmentSubnets.subnetId] == subnet.sql
        }) {
            rows.append(
                Row.transitGatewayVpcAttachmentSubnets(transitGatewayAttachmentId: id.sql, subnetId: subnet.sql).at(
                    path: "SubnetIds[\(index)]"))
        }
        return ResourceRecord(kind: .transitGatewayVPCAttachments, id: id, rows: rows, origin: "")
    }

    /// describe-transit-gateway-route-tables: one element of `TransitGatewayRouteTables`.
    static func transitGatewayRouteTable(_ f: Fields) throws -> ResourceRecord {
        let id = try f.string("TransitGatewayRouteTableId", .transitGatewayRouteTableID)
        return ResourceRecord(
            kind: .transitGatewayRouteTables, id: id,
            rows: [
                Row.transitGatewayRouteTables(
                    transitGatewayRouteTableId: id.sql,
                    transitGatewayId: try f.optionalString("TransitGatewayId", .transitGatewayID).sql,
                    state: try f.optionalString("State").sql,
                    defaultAssociationRouteTable: try f.optionalBool("DefaultAssociationRouteTable").sql,
                    defaultPropagationRouteTable: try f.optionalBool("DefaultPropagationRouteTable").sql,
                    name: try name(f).sql)
            ], origin: "")
    }

    /// One element of `Associations` (or, when `isPropagation`, of
    /// `TransitGatewayRouteTablePropagations`): its attachment, and its row.
    static func transitGatewayRouteTableLink(_ f: Fields, isPropagation: Bool, routeTableId: String) throws
        -> (attachmentId: String, row: Row)
    {
        let attachment = try f.string("TransitGatewayAttachmentId", .transitGatewayAttachmentID)
        let type = try f.optionalString("ResourceType", .token).sql
        let resource = try f.optionalString("ResourceId", .token).sql
        let state = try f.optionalString("State").sql
        // The two tables have the same columns: one call's rows each.
        let row: Row =
            isPropagation
            ? .transitGatewayRouteTablePropagations(
                transitGatewayRouteTableId: routeTableId.sql, transitGatewayAttachmentId: attachment.sql,
                resourceType: type, resourceId: resource, state: state)
            : .transitGatewayRouteTableAssociations(
                transitGatewayRouteTableId: routeTableId.sql, transitGatewayAttachmentId: attachment.sql,
                resourceType: type, resourceId: resource, state: state)
        return (attachment, row)
    }

    /// One element of search-transit-gateway-routes' `Routes`: one row per next-hop attachment
    /// (ordinals are filled in by the caller), a single row without one for a blackhole.
    static func transitGatewayRoute(_ r: Fields, routeTableId: String) throws -> [Row] {
        // Transit gateways route IPv6 too: a route's DestinationCidrBlock may be either family.
        let cidr = try r.optionalString("DestinationCidrBlock", .anyCIDR)
        let prefixList = try r.optionalString("PrefixListId", .prefixListID)
        guard (cidr == nil) != (prefixList == nil) else {
            throw ShapeError(
                path: [], expected: "one of DestinationCidrBlock or PrefixListId",
                found: cidr == nil ? "neither of them" : "both")
        }
        let type = try r.optionalString("Type", .transitGatewayRouteType)
        let state = try r.optionalString("State", .transitGatewayRouteState)
        let hops = try r.objects("TransitGatewayAttachments") { a -> (String?, String?, String?) in
            (
                try a.optionalString("TransitGatewayAttachmentId", .transitGatewayAttachmentID),
                try a.optionalString("ResourceType", .token), try a.optionalString("ResourceId", .token)
            )
        }
        let next: [(String?, String?, String?)] = hops.isEmpty ? [(nil, nil, nil)] : hops
        return next.map { attachment, resourceType, resourceId in
            Row.transitGatewayRoutes(
                transitGatewayRouteTableId: routeTableId.sql, ordinal: .null, destinationCidr: cidr.sql,
                destinationPrefixListId: prefixList.sql, routeType: type.sql, state: state.sql,
                transitGatewayAttachmentId: attachment.sql, resourceType: resourceType.sql, resourceId: resourceId.sql)
        }
    }
}
