import Foundation
import GRDB
import ReachCore

/// The loader's reading of RDS instances, clusters and proxies, with their subnets and groups.
extension Load {
    mutating func loadDatabases() throws {
        // A database's VPC is its own, else its DB subnet group's, else its subnets'. For a
        // question, the SELECTs keep the databases whose first two say a wanted VPC or say
        // nothing (the subnets then decide, below). They are picked once, into a TEMP table,
        // by two indexed lookups (own VPC wanted; no VPC of its own): a question must not
        // read every database of the organisation, let alone once per SELECT.
        let groupJoin = """
            LEFT JOIN rds_db_subnet_groups g
              ON g.scope_id = d.scope_id AND g.db_subnet_group_name = COALESCE(d.db_subnet_group_name, '')
            """
        if let wanted {
            try db.execute(sql: "CREATE TEMP TABLE IF NOT EXISTS wanted_databases (db_key TEXT PRIMARY KEY)")
            try db.execute(sql: "DELETE FROM wanted_databases")
            try db.execute(
                sql: """
                    INSERT INTO wanted_databases
                    SELECT db_key FROM rds_databases WHERE vpc_id IN \(wanted)
                    UNION SELECT d.db_key FROM rds_databases d \(groupJoin)
                    WHERE d.vpc_id IS NULL AND (g.vpc_id IS NULL OR g.vpc_id IN \(wanted))
                    """)
        }
        let selected = wanted == nil ? "" : " WHERE d.db_key IN (SELECT db_key FROM wanted_databases)"
        let ofSelected = wanted == nil ? "" : " WHERE db_key IN (SELECT db_key FROM wanted_databases)"
        let ofSelectedGroups =
            wanted == nil
            ? ""
            : " WHERE (scope_id, db_subnet_group_name) IN (SELECT d.scope_id, COALESCE(d.db_subnet_group_name, '') FROM rds_databases d\(selected))"
        // Per DB subnet group ("scope_id/name"): (subnet, availability zone).
        let groupSubnets = try grouped(
            """
            SELECT scope_id || '/' || db_subnet_group_name, subnet_id, availability_zone FROM rds_db_subnet_group_subnets\(ofSelectedGroups)
            ORDER BY 1, 2
            """, table: "rds_db_subnet_group_subnets", key: [0, 1]
        ) { row in (subnet: try row.text(1), zone: try row.optionalText(2)) }
        let ownSubnets = try grouped(
            "SELECT db_key, subnet_id FROM rds_database_subnets\(ofSelected) ORDER BY 1, 2",
            table: "rds_database_subnets", key: [0, 1]
        ) { try $0.text(1) }
        let groups = try grouped(
            "SELECT db_key, group_id FROM rds_database_security_groups\(ofSelected) ORDER BY 1, 2",
            table: "rds_database_security_groups", key: [0, 1]
        ) { try $0.text(1) }
        try eachRow(
            """
            SELECT d.db_key, d.kind, d.scope_id, d.db_subnet_group_name, d.availability_zone,
                   d.secondary_availability_zone, COALESCE(d.vpc_id, g.vpc_id) AS vpc_id, d.identifier, s.account_id, s.region,
                   d.engine, d.status, d.endpoint_address, d.port, d.publicly_accessible
            FROM rds_databases d JOIN scopes s ON s.scope_id = d.scope_id \(groupJoin)\(selected) ORDER BY d.db_key
            """, table: "rds_databases", joined: [6: "rds_databases or rds_db_subnet_groups", 8: "scopes", 9: "scopes"]
        ) { row in
            let key = try row.text(0)
            let kind = RDSDatabase.Kind(rawValue: try row.text(1)) ?? .instance
            var subnetIds = ownSubnets[key] ?? []
            if subnetIds.isEmpty {
                let candidates = groupSubnets["\(try row.integer(2))/\(try row.optionalText(3) ?? "")"] ?? []
                let zones = [try row.optionalText(4), try row.optionalText(5)].compactMap { $0 }
                let inZones = candidates.filter { zones.contains($0.zone ?? "") }
                // An instance sits in its zone's subnet (and its standby's); a cluster's
                // instances, or an instance whose zone is unknown, may be in any of them.
                subnetIds = (kind == .instance && !inZones.isEmpty ? inZones : candidates).map(\.subnet)
            }
            var vpcId = try row.optionalText(6)
            if vpcId == nil { vpcId = subnetIds.compactMap { subnetVPC($0) }.first }
            if let wantedVPCs, let vpcId, !wantedVPCs.contains(vpcId) { return }
            network.databases[key] = RDSDatabase(
                key: key, kind: kind, identifier: try row.text(7), accountId: try row.text(8), region: try row.text(9),
                engine: try row.optionalText(10), status: try row.optionalText(11), endpoint: try row.optionalText(12),
                port: try row.optionalInteger(13, in: 0...65535, "a port"), vpcId: vpcId, subnetIds: subnetIds,
                securityGroupIds: groups[key] ?? [], publiclyAccessible: try kind != .proxy && row.flag(14) == true)
        }
    }

    func subnetVPC(_ subnetId: String) -> String? {
        if let subnet = network.subnets[subnetId] { return subnet.vpcId }
        var vpc: String?
        try? db.eachRow(
            "SELECT vpc_id FROM subnets WHERE subnet_id = ?", arguments: [subnetId], table: "subnets", path: path
        ) { row in vpc = try row.text(0) }
        return vpc
    }
}
