import Foundation
import GRDB
import ReachCore

/// describe-db-proxy-targets documents that do not name their proxy.
extension ImportWriter {
    /// Gives each describe-db-proxy-targets document without a `DBProxyName` its proxy, once every
    /// proxy and database of the import is written: AWS keeps a proxy in its databases' VPC, and
    /// its engine family decides which engines it can front (rds-proxy-creating.html). The one
    /// proxy of the document's account and region in the VPC of the targets' databases, with a
    /// matching engine family, is the document's; none or several, and the document is left out
    /// with a warning that says what to add, rather than given to a proxy it may not belong to.
    mutating func resolveProxyTargets() throws {
        let pending = unnamedProxyTargets
        unnamedProxyTargets = []
        for (record, scope, file, document) in pending {
            guard let scopeId = try index(of: scope).id as Int64? else { continue }
            switch try proxy(for: record, scopeId: scopeId) {
            case .success(let name):
                var named = record
                named.id = name
                for index in named.rows.indices { named.rows[index][Schema.RdsDbProxyTargets.dbProxyName] = name.sql }
                var alone = document
                alone.records = [named]
                try write(alone, scope: scope, file: file)
            case .failure(let reason):
                warnings.append(
                    ImportWarning(
                        file: document.file,
                        message:
                            "$.Targets: skipped: describe-db-proxy-targets prints no proxy name, and \(reason.text). Add \"\(ParsedDocument.proxyNameKey)\": \"NAME\" at the top level, as lambda-reach collect does (aws rds describe-db-proxy-targets --db-proxy-name NAME)"
                    ))
            }
        }
    }

    /// Why the proxy of a targets document cannot be told.
    struct UnknownProxy: Error {
        var text: String
    }

    /// The proxy `record` (a targets document's) belongs to, among the inventory's proxies of
    /// the scope.
    func proxy(for record: ResourceRecord, scopeId: Int64) throws -> Result<String, UnknownProxy> {
        let t = Schema.RdsDbProxyTargets.self
        func text(_ value: DatabaseValue) -> String? {
            if case .string(let text) = value.storage, !text.isEmpty { return text }
            return nil
        }
        // A cluster's targets are the cluster and its instances, each naming the cluster.
        let named = Set(record.rows.compactMap { text($0[t.trackedClusterId]) ?? text($0[t.rdsResourceId]) })
        guard !named.isEmpty else {
            return .failure(UnknownProxy(text: "it lists no target whose database could tell which proxy it is"))
        }
        let d = Schema.RdsDatabases.self
        let g = Schema.RdsDbSubnetGroups.self
        // A database's VPC is its own, else its DB subnet group's, else (a cluster) its
        // instances'.
        let vpcOf = """
            COALESCE(d.\(d.vpcId), g.\(g.vpcId), (
                SELECT COALESCE(m.\(d.vpcId), mg.\(g.vpcId)) FROM \(d.table) m
                LEFT JOIN \(g.table) mg ON mg.\(g.scopeId) = m.\(d.scopeId) AND mg.\(g.dbSubnetGroupName) = m.\(d.dbSubnetGroupName)
                WHERE m.\(d.scopeId) = d.\(d.scopeId) AND m.\(d.kind) = 'instance'
                  AND lower(m.\(d.dbClusterIdentifier)) = lower(d.\(d.identifier)) AND d.\(d.kind) = 'cluster'
                  AND COALESCE(m.\(d.vpcId), mg.\(g.vpcId)) IS NOT NULL
                ORDER BY m.\(d.identifier) LIMIT 1))
            """
        let placeholders = named.map { _ in "?" }.joined(separator: ", ")
        let rows = try GRDB.Row.fetchAll(
            db,
            sql: """
                SELECT d.\(d.identifier) AS identifier, d.\(d.kind) AS kind, d.\(d.engine) AS engine, \(vpcOf) AS vpc
                FROM \(d.table) d
                LEFT JOIN \(g.table) g ON g.\(g.scopeId) = d.\(d.scopeId) AND g.\(g.dbSubnetGroupName) = d.\(d.dbSubnetGroupName)
                WHERE d.\(d.scopeId) = ? AND d.\(d.kind) IN ('instance', 'cluster') AND lower(d.\(d.identifier)) IN (\(placeholders))
                ORDER BY d.\(d.identifier)
                """,
            arguments: StatementArguments(
                [scopeId.databaseValue] + named.sorted().map { $0.lowercased().databaseValue }))
        let names = named.sorted().joined(separator: ", ")
        let databases = rows.compactMap { row -> (vpc: String, family: String?)? in
            guard let vpc: String = row["vpc"] else { return nil }
            let engine: String? = row["engine"]
            return (vpc, engine.flatMap(RDSDatabase.proxyEngineFamily(engine:)))
        }
        guard !databases.isEmpty else {
            return .failure(
                UnknownProxy(
                    text:
                        "its targets (\(names)) are no database of the inventory with a known VPC in this account and region, so the proxy in their VPC cannot be found"
                ))
        }
        let vpcs = Set(databases.map(\.vpc))
        let families = Set(databases.compactMap(\.family))
        var proxies: [String] = []
        for row in try GRDB.Row.fetchAll(
            db,
            sql: """
                SELECT \(d.identifier) AS identifier, \(d.engine) AS engine, \(d.vpcId) AS vpc FROM \(d.table)
                WHERE \(d.scopeId) = ? AND \(d.kind) = 'proxy' ORDER BY \(d.identifier)
                """, arguments: [scopeId])
        {
            let vpc: String? = row["vpc"]
            let family: String? = row["engine"]
            guard let vpc, vpcs.contains(vpc) else { continue }
            // A family the export does not say (or the database's engine) cannot rule a proxy out.
            if let family, !families.isEmpty, !families.contains(family.uppercased()) { continue }
            proxies.append(row["identifier"])
        }
        let place = "\(vpcs.sorted().joined(separator: ", "))"
        if proxies.count == 1 { return .success(proxies[0]) }
        if proxies.isEmpty {
            return .failure(
                UnknownProxy(
                    text:
                        "no RDS proxy of the inventory is in \(place), where its targets (\(names)) are, with an engine family that fits them"
                ))
        }
        return .failure(
            UnknownProxy(
                text:
                    "the RDS proxies \(proxies.joined(separator: ", ")) are each in \(place), where its targets (\(names)) are, with an engine family that fits them"
            ))
    }
}
