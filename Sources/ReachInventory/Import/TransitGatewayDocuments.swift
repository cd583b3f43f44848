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
                Row(
                    table: .transitGateways,
                    values: [
                        id.sql, .null, try f.optionalString("OwnerId", .account).sql, try f.optionalString("State").sql,
                        try option("DefaultRouteTableAssociation"), try option("DefaultRouteTablePropagation"),
                        try option("AssociationDefaultRouteTableId", .transitGatewayRouteTableID),
                        try option("PropagationDefaultRouteTableId", .transitGatewayRouteTableID),
                        try option("SecurityGroupReferencingSupport"), try name(f).sql,
                    ])
            ], origin: "")
    }

    /// describe-transit-gateway-attachments: one element of `TransitGatewayAttachments`.
    static func transitGatewayAttachment(_ f: Fields) throws -> ResourceRecord {
        let id = try f.string("TransitGatewayAttachmentId", .transitGatewayAttachmentID)
        let association = try f.optionalObject("Association")
        return ResourceRecord(
            kind: .transitGatewayAttachments, id: id,
            rows: [
                Row(
                    table: .transitGatewayAttachments,
                    values: [
                        id.sql, .null, try f.optionalString("TransitGatewayId", .transitGatewayID).sql,
                        try f.optionalString("TransitGatewayOwnerId", .account).sql,
                        try f.optionalString("ResourceType", .token).sql,
                        try f.optionalString("ResourceId", .token).sql,
                        try f.optionalString("ResourceOwnerId", .account).sql, try f.optionalString("State").sql,
                        try at("Association") {
                            try association?.optionalString("TransitGatewayRouteTableId", .transitGatewayRouteTableID)
                                .sql
                        } ?? .null,
                        try at("Association") { try association?.optionalString("State").sql } ?? .null,
                        try name(f).sql,
                    ])
            ], origin: "")
    }

    /// describe-transit-gateway-vpc-attachments: one element of `TransitGatewayVpcAttachments`.
    static func transitGatewayVPCAttachment(_ f: Fields) throws -> ResourceRecord {
        let id = try f.string("TransitGatewayAttachmentId", .transitGatewayAttachmentID)
        let options = try f.optionalObject("Options")
        var rows = [
            Row(
                table: .transitGatewayVPCAttachments,
                values: [
                    id.sql, .null, try f.optionalString("TransitGatewayId", .transitGatewayID).sql,
                    try f.string("VpcId", .vpcID).sql, try f.optionalString("VpcOwnerId", .account).sql,
                    try f.optionalString("State").sql,
                    try at("Options") { try options?.optionalString("SecurityGroupReferencingSupport").sql } ?? .null,
                    try at("Options") { try options?.optionalString("ApplianceModeSupport").sql } ?? .null,
                    try name(f).sql,
                ])
        ]
        for (index, subnet) in try f.strings("SubnetIds", .subnetID).enumerated()
        where !rows.contains(where: { $0.table == .transitGatewayVPCAttachmentSubnets && $0.values[1] == subnet.sql }) {
            rows.append(
                Row(
                    table: .transitGatewayVPCAttachmentSubnets, values: [id.sql, subnet.sql],
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
                Row(
                    table: .transitGatewayRouteTables,
                    values: [
                        id.sql, .null, try f.optionalString("TransitGatewayId", .transitGatewayID).sql,
                        try f.optionalString("State").sql,
                        try f.optionalBool("DefaultAssociationRouteTable").sql,
                        try f.optionalBool("DefaultPropagationRouteTable").sql, try name(f).sql,
                    ])
            ], origin: "")
    }

    /// One element of `Associations` or `TransitGatewayRouteTablePropagations`, for `table`.
    static func transitGatewayRouteTableLink(_ f: Fields, table: Table, routeTableId: String) throws -> Row {
        Row(
            table: table,
            values: [
                routeTableId.sql, .null, try f.string("TransitGatewayAttachmentId", .transitGatewayAttachmentID).sql,
                try f.optionalString("ResourceType", .token).sql, try f.optionalString("ResourceId", .token).sql,
                try f.optionalString("State").sql,
            ])
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
            Row(
                table: .transitGatewayRoutes,
                values: [
                    routeTableId.sql, .null, .null, cidr.sql, prefixList.sql, type.sql, state.sql, attachment.sql,
                    resourceType.sql, resourceId.sql,
                ])
        }
    }
}
