import Foundation
import GRDB
import ReachCore

/// The loader's reading of RDS instances, clusters and proxies, with their subnets and groups.
extension Load {
    mutating func loadDatabases() throws {
        let d = Schema.RdsDatabases.self
        let g = Schema.RdsDbSubnetGroups.self
        // A database's VPC is its own, else its DB subnet group's, else its subnets'. For a
        // question, the SELECTs keep the databases whose first two say a wanted VPC or say
        // nothing (the subnets then decide, below). They are picked once, into a TEMP table,
        // by two indexed lookups (own VPC wanted; no VPC of its own): a question must not
        // read every database of the organisation, let alone once per SELECT.
        let groupJoin = """
            LEFT JOIN \(g.table) g
              ON g.\(g.scopeId) = d.\(d.scopeId) AND g.\(g.dbSubnetGroupName) = COALESCE(d.\(d.dbSubnetGroupName), '')
            """
        if let wanted {
            try db.execute(sql: "CREATE TEMP TABLE IF NOT EXISTS wanted_databases (db_key TEXT PRIMARY KEY)")
            try db.execute(sql: "DELETE FROM wanted_databases")
            try db.execute(
                sql: """
                    INSERT INTO wanted_databases
                    SELECT \(d.dbKey) FROM \(d.table) WHERE \(d.vpcId) IN \(wanted)
                    UNION SELECT d.\(d.dbKey) FROM \(d.table) d \(groupJoin)
                    WHERE d.\(d.vpcId) IS NULL AND (g.\(g.vpcId) IS NULL OR g.\(g.vpcId) IN \(wanted))
                    """)
        }
        let ofWanted = wanted == nil ? nil : "IN (SELECT db_key FROM wanted_databases)"
        let selected = ofWanted.map { " WHERE d.\(d.dbKey) \($0)" } ?? ""
        let gs = Schema.RdsDbSubnetGroupSubnets.self
        let ofSelectedGroups =
            wanted == nil
            ? ""
            : " WHERE (\(gs.scopeId), \(gs.dbSubnetGroupName)) IN (SELECT d.\(d.scopeId), COALESCE(d.\(d.dbSubnetGroupName), '') FROM \(d.table) d\(selected))"
        var groupColumns = Selection()
        let groupKey = groupColumns.add("\(gs.scopeId) || '/' || \(gs.dbSubnetGroupName)", from: gs.table)
        let groupSubnet = groupColumns.add(gs.subnetId)
        let groupZone = groupColumns.add(gs.availabilityZone)
        // Per DB subnet group ("scope_id/name"): (subnet, availability zone).
        let groupSubnets = try grouped(
            """
            SELECT \(groupColumns) FROM \(gs.table)\(ofSelectedGroups)
            ORDER BY \(gs.scopeId) || '/' || \(gs.dbSubnetGroupName), \(gs.subnetId)
            """, groupColumns, parent: groupKey, key: [groupKey, groupSubnet]
        ) { row in (subnet: try row.text(groupSubnet), zone: try row.optionalText(groupZone)) }
        let ownSubnets = try children(
            of: Schema.RdsDatabaseSubnets.dbKey, Schema.RdsDatabaseSubnets.subnetId, ofWanted)
        let groups = try children(
            of: Schema.RdsDatabaseSecurityGroups.dbKey, Schema.RdsDatabaseSecurityGroups.groupId, ofWanted)
        let targets = try proxyTargets(ofWanted: ofWanted)
        let s = Schema.Scopes.self
        var columns = Selection()
        let dbKey = columns.add(d.dbKey, "d")
        let clusterIdentifier = columns.add(d.dbClusterIdentifier, "d")
        let kindColumn = columns.add(d.kind, "d")
        let scope = columns.add(d.scopeId, "d")
        let groupName = columns.add(d.dbSubnetGroupName, "d")
        let zone = columns.add(d.availabilityZone, "d")
        let vpc = columns.add(
            "COALESCE(d.\(d.vpcId), g.\(g.vpcId)) AS \(d.vpcId)", from: "\(d.table) or \(g.table)")
        let identifier = columns.add(d.identifier, "d")
        let account = columns.add(s.accountId, "s")
        let region = columns.add(s.region, "s")
        let engine = columns.add(d.engine, "d")
        let status = columns.add(d.status, "d")
        let endpoint = columns.add(d.endpointAddress, "d")
        let port = columns.add(d.port, "d")
        let publiclyAccessible = columns.add(d.publiclyAccessible, "d")
        let proxyName = columns.add(d.dbProxyName, "d")
        let targetRole = columns.add(d.targetRole, "d")
        // A cluster's writer instance, when the export names it and has it.
        let writer = columns.add(d.identifier, "w")
        let writerZone = columns.add(d.availabilityZone, "w")
        let writerStatus = columns.add(d.status, "w")
        let writerPublic = columns.add(d.publiclyAccessible, "w")
        try eachRow(
            """
            SELECT \(columns)
            FROM \(d.table) d JOIN \(s.table) s ON s.\(s.scopeId) = d.\(d.scopeId) \(groupJoin)
            LEFT JOIN \(d.table) w ON w.\(d.scopeId) = d.\(d.scopeId) AND w.\(d.kind) = 'instance'
              AND d.\(d.kind) = 'cluster' AND w.\(d.identifier) = d.\(d.writerIdentifier)\(selected)
            """, columns, key: [dbKey]
        ) { row in
            let key = try row.text(dbKey)
            let kind = RDSDatabase.Kind(rawValue: try row.text(kindColumn)) ?? .instance
            let writerName = try row.optionalText(writer)
            var subnetIds = ownSubnets[key] ?? []
            if subnetIds.isEmpty {
                let candidates =
                    groupSubnets["\(try row.integer(scope))/\(try row.optionalText(groupName) ?? "")"] ?? []
                // An instance serves from its zone's subnet: a Multi-AZ standby (the secondary
                // zone) takes no connections until a failover makes it the primary. A cluster's
                // endpoint connects to its writer, in the writer's zone; without one known, any
                // instance of the cluster may be in any of the group's subnets.
                let zones = [try row.optionalText(writerName == nil ? zone : writerZone)].compactMap { $0 }
                let inZones = candidates.filter { zones.contains($0.zone ?? "") }
                subnetIds =
                    ((kind == .instance || writerName != nil) && !inZones.isEmpty ? inZones : candidates).map(\.subnet)
            }
            var vpcId = try row.optionalText(vpc)
            if vpcId == nil { vpcId = subnetIds.compactMap { subnetVPC($0) }.first }
            if let wantedVPCs, let vpcId, !wantedVPCs.contains(vpcId) { return }
            network.databases[key] = RDSDatabase(
                key: key, kind: kind, identifier: try row.text(identifier), accountId: try row.text(account),
                region: try row.text(region), engine: try row.optionalText(engine),
                status: try row.optionalText(status), endpoint: try row.optionalText(endpoint),
                port: try row.optionalInteger(port, in: 0...65535, "a port"), vpcId: vpcId, subnetIds: subnetIds,
                securityGroupIds: groups[key] ?? [],
                publiclyAccessible: try kind != .proxy && kind != .proxyEndpoint
                    && row.flag(writerName == nil ? publiclyAccessible : writerPublic) == true,
                writer: try writerName.map {
                    RDSDatabase.Writer(identifier: $0, status: try row.optionalText(writerStatus))
                }, clusterIdentifier: kind == .instance ? try row.optionalText(clusterIdentifier) : nil,
                proxyTargets: kind == .proxy ? targets[key] : nil,
                proxyKey: try row.optionalText(proxyName).map {
                    "proxy:\(try row.text(account)):\(try row.text(region)):\($0)"
                }, targetRole: try row.optionalText(targetRole))
        }
        linkProxyEndpoints()
    }

    /// A proxy endpoint listens on its proxy's port, for its proxy's engine family: neither is in
    /// describe-db-proxy-endpoints' output. RDS names are not case sensitive, so the proxy is
    /// found by its name in lower case when the endpoint spells it otherwise.
    mutating func linkProxyEndpoints() {
        let endpoints = network.databases.values.filter { $0.kind == .proxyEndpoint && $0.proxyKey != nil }
        guard !endpoints.isEmpty else { return }
        var proxies: [String: RDSDatabase] = [:]
        for database in network.databases.values where database.kind == .proxy {
            proxies["proxy:\(database.accountId):\(database.region):\(database.identifier.lowercased())"] = database
        }
        for var endpoint in endpoints {
            let proxyKey = endpoint.proxyKey!
            guard let proxy = network.databases[proxyKey] ?? proxies[proxyKey.lowercased()] else { continue }
            endpoint.proxyKey = proxy.key
            endpoint.engine = endpoint.engine ?? proxy.engine
            endpoint.port = endpoint.port ?? proxy.port
            network.databases[endpoint.key] = endpoint
        }
    }

    /// The targets describe-db-proxy-targets listed, by the key of the proxy they belong to
    /// (the proxy of their scope with their `db_proxy_name`), in the order listed: empty for a
    /// proxy whose output listed none, no entry for one whose output was not imported.
    func proxyTargets(ofWanted condition: String?) throws -> [String: [ProxyTarget]] {
        let t = Schema.RdsDbProxyTargets.self
        let d = Schema.RdsDatabases.self
        var columns = Selection()
        let proxy = columns.add(d.dbKey, "d")
        let ordinal = columns.add(t.ordinal, "t")
        let type = columns.add(t.type, "t")
        let resource = columns.add(t.rdsResourceId, "t")
        let cluster = columns.add(t.trackedClusterId, "t")
        let port = columns.add(t.port, "t")
        let role = columns.add(t.role, "t")
        let state = columns.add(t.healthState, "t")
        let reason = columns.add(t.healthReason, "t")
        let description = columns.add(t.healthDescription, "t")
        let selected = condition.map { " AND d.\(d.dbKey) \($0)" } ?? ""
        return try grouped(
            """
            SELECT \(columns) FROM \(t.table) t JOIN \(d.table) d
              ON d.\(d.scopeId) = t.\(t.scopeId) AND d.\(d.kind) = 'proxy'
              AND lower(d.\(d.identifier)) = lower(t.\(t.dbProxyName))\(selected)
            ORDER BY d.\(d.dbKey), t.\(t.ordinal)
            """, columns, parent: proxy, key: [proxy, ordinal]
        ) { row -> ProxyTarget?? in
            // Ordinal 0 is a document that listed no target: the proxy has an entry, empty.
            if try row.integer(ordinal) == 0 { return .some(nil) }
            let state = try row.optionalText(state)
            let reason = try row.optionalText(reason)
            let description = try row.optionalText(description)
            return ProxyTarget(
                type: try row.optionalText(type), rdsResourceId: try row.optionalText(resource),
                trackedClusterId: try row.optionalText(cluster),
                port: try row.optionalInteger(port, in: 1...65535, "a port"), role: try row.optionalText(role),
                health: state == nil && reason == nil && description == nil
                    ? nil : ProxyTarget.Health(state: state, reason: reason, description: description))
        }.mapValues { $0.compactMap { $0 } }
    }

    /// The VPC of a subnet that the model may not hold (a question loads a few VPCs).
    func subnetVPC(_ subnetId: String) -> String? {
        if let subnet = network.subnets[subnetId] { return subnet.vpcId }
        let s = Schema.Subnets.self
        var columns = Selection()
        let vpc = columns.add(s.vpcId)
        var result: String?
        try? db.eachRow(
            "SELECT \(columns) FROM \(s.table) WHERE \(s.subnetId) = ?", arguments: [subnetId], columns, key: [vpc],
            path: path
        ) { row in result = try row.text(vpc) }
        return result
    }
}
