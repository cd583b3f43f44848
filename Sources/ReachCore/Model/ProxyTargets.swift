/// One target of an RDS proxy, as `aws rds describe-db-proxy-targets` lists it: a database the
/// proxy opens its own connections to.
public struct ProxyTarget: Sendable, Hashable {
    /// `RDS_INSTANCE`, `TRACKED_CLUSTER` or `RDS_SERVERLESS_ENDPOINT`.
    public var type: String?
    /// The instance's identifier, or the cluster's (AWS: "the instance identifier for an RDS DB
    /// instance, or the cluster identifier for an Aurora DB cluster").
    public var rdsResourceId: String?
    /// The cluster a cluster's target (the cluster itself, or one of its instances) belongs to.
    public var trackedClusterId: String?
    /// The port the proxy connects to the target on.
    public var port: Int?
    /// `READ_WRITE`, `READ_ONLY` or `UNKNOWN`.
    public var role: String?
    /// What AWS observed of the proxy's connection to the target.
    public var health: Health?

    /// `TargetHealth`: `State` (`REGISTERING`, `AVAILABLE`, `UNAVAILABLE`, `UNUSED`), with the
    /// `Reason` and `Description` AWS gives for a state other than `AVAILABLE`.
    public struct Health: Sendable, Hashable {
        public var state: String?
        public var reason: String?
        public var description: String?

        public init(state: String?, reason: String?, description: String?) {
            self.state = state
            self.reason = reason
            self.description = description
        }
    }

    public init(
        type: String?, rdsResourceId: String?, trackedClusterId: String?, port: Int?, role: String?, health: Health?
    ) {
        self.type = type
        self.rdsResourceId = rdsResourceId
        self.trackedClusterId = trackedClusterId
        self.port = port
        self.role = role
        self.health = health
    }
}

/// The database an RDS proxy connects to, as far as the inventory tells.
public enum ProxyTargetResolution: Sendable, Hashable {
    /// `database`, on `port`; `health` is AWS's view of the connection, when
    /// describe-db-proxy-targets listed it (`listed`), nil when the target is inferred.
    case target(RDSDatabase, port: Int, health: ProxyTarget.Health?, listed: Bool)
    /// describe-db-proxy-targets lists no target: the proxy has no database to hand a
    /// connection to.
    case noneRegistered
    /// Not known: without describe-db-proxy-targets, no database or several in the proxy's VPC
    /// fit (`candidates`); or the database it lists (`listed`) is not in the inventory.
    case unknown(candidates: [RDSDatabase], listed: String?)
}

extension RDSDatabase {
    /// The engine family (`POSTGRESQL`, `MYSQL`, `SQLSERVER`) of a proxy that can front a
    /// database of `engine`: AWS's EngineFamily values (rds-proxy-creating.html). Nil for an
    /// engine no proxy fronts (Oracle, Db2).
    public static func proxyEngineFamily(engine: String) -> String? {
        let engine = engine.lowercased()
        if engine.contains("postgres") { return "POSTGRESQL" }
        if engine.hasPrefix("sqlserver") { return "SQLSERVER" }
        if engine == "mysql" || engine == "mariadb" || engine.hasPrefix("aurora") { return "MYSQL" }
        return nil
    }
}

extension Network {
    /// The database `proxy` connects to: the target describe-db-proxy-targets lists (a cluster's
    /// target before its instances, whose health, the writer's, is the connection's), else the
    /// one database AWS's constraints leave: in the proxy's VPC (a proxy must be in its
    /// database's), in its account and region, an instance on its own or a cluster (a cluster's
    /// instances are reached through it), of an engine the proxy's family fronts.
    public func proxyTarget(of proxy: RDSDatabase) -> ProxyTargetResolution {
        func inScope(_ database: RDSDatabase) -> Bool {
            database.accountId == proxy.accountId && database.region == proxy.region
        }
        if let targets = proxy.proxyTargets {
            let primary =
                targets.first { $0.type == "TRACKED_CLUSTER" } ?? targets.first { $0.trackedClusterId == nil }
                ?? targets.first
            guard let primary else { return .noneRegistered }
            let isCluster = primary.type == "TRACKED_CLUSTER" || primary.trackedClusterId != nil
            let name = (isCluster ? primary.trackedClusterId ?? primary.rdsResourceId : primary.rdsResourceId) ?? ""
            let kind: RDSDatabase.Kind = isCluster ? .cluster : .instance
            let found = databases.values.filter {
                inScope($0) && $0.kind == kind && $0.identifier.lowercased() == name.lowercased()
            }.sorted { $0.key < $1.key }.first
            guard let database = found else { return .unknown(candidates: [], listed: name.isEmpty ? nil : name) }
            // A cluster's connection goes to its writer: its instance target's health is the one
            // AWS observed of it.
            let writer =
                isCluster
                ? targets.first { $0.type != "TRACKED_CLUSTER" && $0.role == "READ_WRITE" && $0.health != nil } : nil
            return .target(
                database, port: primary.port ?? database.port ?? RDSDatabase.defaultPort(engine: database.engine ?? ""),
                health: writer?.health ?? primary.health, listed: true)
        }
        let family = proxy.engine?.uppercased()
        let candidates = databases.values.filter { database in
            guard inScope(database), let vpc = proxy.vpcId, database.vpcId == vpc else { return false }
            guard database.kind == .cluster || (database.kind == .instance && database.clusterIdentifier == nil)
            else { return false }
            guard let family, let engine = database.engine else { return true }
            return RDSDatabase.proxyEngineFamily(engine: engine) == family
        }.sorted { $0.key < $1.key }
        if candidates.count == 1 {
            let database = candidates[0]
            return .target(
                database, port: database.port ?? RDSDatabase.defaultPort(engine: database.engine ?? ""), health: nil,
                listed: false)
        }
        return .unknown(candidates: candidates, listed: nil)
    }
}

/// A reader instance of an Aurora cluster, which a proxy's READ_ONLY endpoint hands its
/// connections to, with what the inventory says of its state.
public struct ClusterReader: Sendable, Hashable {
    public var identifier: String
    /// The proxy's view of it (`TargetHealth.State`), else the instance's `DBInstanceStatus`;
    /// nil when neither was exported.
    public var state: String?
    /// Whether it takes connections: false for a state that takes none, nil when not known.
    public var available: Bool?

    public init(identifier: String, state: String?, available: Bool?) {
        self.identifier = identifier
        self.state = state
        self.available = available
    }
}

extension Network {
    /// The reader instances of `cluster`, the target of `proxy`, as far as the inventory tells:
    /// the `READ_ONLY` instance targets describe-db-proxy-targets lists for the proxy (AWS's
    /// own view, with their health), else the cluster's instances other than its writer when
    /// describe-db-instances was imported (the writer's row is there: the cluster's instances
    /// were listed with it), else nil. RDS names are not case sensitive.
    public func readers(of cluster: RDSDatabase, behind proxy: RDSDatabase) -> [ClusterReader]? {
        let name = cluster.identifier.lowercased()
        if let targets = proxy.proxyTargets,
            case let instances = targets.filter({
                $0.type == "RDS_INSTANCE" && $0.trackedClusterId?.lowercased() == name
            }), !instances.isEmpty
        {
            return instances.filter { $0.role?.uppercased() == "READ_ONLY" }.map { target in
                let state = target.health?.state
                // REGISTERING and UNAVAILABLE take no connections yet; AVAILABLE and UNUSED (a
                // target with no pool open yet) do.
                let available = state.map { !["REGISTERING", "UNAVAILABLE"].contains($0.uppercased()) }
                return ClusterReader(identifier: target.rdsResourceId ?? "?", state: state, available: available)
            }.sorted { $0.identifier < $1.identifier }
        }
        guard let writer = cluster.writer, writer.status != nil else { return nil }
        return databases.values.filter {
            $0.kind == .instance && $0.accountId == cluster.accountId && $0.region == cluster.region
                && $0.clusterIdentifier?.lowercased() == name
                && $0.identifier.lowercased() != writer.identifier.lowercased()
        }.map { instance in
            ClusterReader(
                identifier: instance.identifier, state: instance.status,
                available: instance.status.map { Explain.servingStatuses.contains($0.lowercased()) })
        }.sorted { $0.identifier < $1.identifier }
    }
}
