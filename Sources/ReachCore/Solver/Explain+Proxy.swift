extension Explain {
    // MARK: An RDS proxy's own connection

    /// The proxy as the source of the connection it opens to its target: the words of the
    /// blockers of that connection (a security group's, an ACL's) are written for it, with its
    /// groups and subnets, as a function's are for the function.
    static func proxySource(_ proxy: RDSDatabase) -> FunctionIdentity {
        FunctionIdentity(
            name: proxy.identifier, arn: "arn:aws:rds:\(proxy.region):\(proxy.accountId):db-proxy:\(proxy.identifier)",
            securityGroupIds: proxy.securityGroupIds, subnetIds: proxy.subnetIds,
            noun: "RDS proxy \(proxy.identifier)")
    }

    /// A blocker of the connection an RDS proxy opens to its target: the blocker found on that
    /// leg (`inner`, at the component to fix), told as the proxy's.
    struct ProxyTargetUnreachable: BlockerReason {
        var proxy: String
        var target: String
        var targetKind: RDSDatabase.Kind
        var port: Int
        var inner: Blocker
        var source: FunctionIdentity
        /// The proxy's subnets (of `proxySubnets`, those in the inventory) whose own connection
        /// to the target is blocked, by this blocker or another.
        var blockedFrom: [String]
        var proxySubnets: [String]

        /// Blocked from some of the proxy's subnets only: the connections the proxy hands to its
        /// interfaces in the others get through.
        var stopsOnlySomeConnections: Bool { !blockedFrom.isEmpty && blockedFrom.count < proxySubnets.count }

        func words(for function: FunctionIdentity) -> BlockerWords {
            let own = inner.words(for: source)
            let how =
                stopsOnlySomeConnections
                ? "from its subnets \(blockedFrom.joined(separator: ", ")) (not from \(proxySubnets.filter { !blockedFrom.contains($0) }.joined(separator: ", "))), so the connections it hands to its network interfaces there fail and the others get through: some connections through the proxy fail, whichever subnet \(function.noun) connects from"
                : "so every connection through the proxy fails"
            return BlockerWords(
                message:
                    "RDS proxy \(proxy) cannot open its own connection to its target \(target) (\(targetKind.rawValue), port \(port)) \(how), although \(function.noun) reaches the proxy itself: the proxy connects to the database from its own network interfaces (subnets \(source.subnetIds.joined(separator: ", "))) through its own security groups (\(source.securityGroupIds.joined(separator: ", "))). \(own.message)",
                fix: own.fix)
        }

        func combined(with other: any BlockerReason) -> (any BlockerReason)? {
            guard let other = other as? ProxyTargetUnreachable, other.proxy == proxy,
                let joined = inner.reason.combined(with: other.inner.reason)
            else { return nil }
            var both = self
            both.inner.reason = joined
            both.blockedFrom = Array(Set(blockedFrom + other.blockedFrom)).sorted()
            return both
        }
    }

    /// `inner`, a blocker of the proxy's own connection to `target`, as the proxy's blocker.
    /// `blockedFrom`: the proxy's subnets whose leg is blocked, of `proxySubnets`.
    static func proxyLeg(
        _ inner: Blocker, proxy: RDSDatabase, target: RDSDatabase, port: Int, source: FunctionIdentity,
        blockedFrom: [String], proxySubnets: [String]
    ) -> Blocker {
        Blocker(
            code: .proxyTargetUnreachable, component: inner.component,
            reason: ProxyTargetUnreachable(
                proxy: proxy.identifier, target: target.identifier, targetKind: target.kind, port: port,
                inner: inner, source: source, blockedFrom: blockedFrom, proxySubnets: proxySubnets))
    }

    /// The target's health as AWS observed it (describe-db-proxy-targets) is UNAVAILABLE.
    struct ProxyTargetUnavailable: BlockerReason {
        var proxy: String
        var target: String
        var reason: String?
        var description: String?

        func words(for function: FunctionIdentity) -> BlockerWords {
            let why = [reason, description].compactMap { $0 }.joined(separator: ": ")
            let check: ShellCommand = "aws rds describe-db-proxy-targets --db-proxy-name \(proxy)"
            let fix: ShellCommand
            switch reason {
            case "AUTH_FAILURE":
                fix =
                    "aws rds describe-db-proxies --db-proxy-name \(proxy) --query 'DBProxies[0].Auth'   # the secret (or IAM authentication) the proxy logs in to \(target) with does not work: correct it, then check again with describe-db-proxy-targets"
            case "PENDING_PROXY_CAPACITY":
                fix = check + "   # the proxy is scaling: check again in a few minutes"
            default:
                fix =
                    check
                    + "   # after fixing what stops the proxy's connection (its groups' outbound rules, \(target)'s groups' inbound rules, the network ACLs, \(target)'s status): see Troubleshooting for RDS Proxy"
            }
            return BlockerWords(
                message:
                    "AWS reports the connection of RDS proxy \(proxy) to its target \(target) as UNAVAILABLE\(why.isEmpty ? "" : " (\(why))") in the describe-db-proxy-targets output imported: the proxy cannot hand a connection to the database, so connections through it fail.",
                fix: fix.text)
        }
    }

    static func proxyTargetUnavailable(_ proxy: RDSDatabase, target: RDSDatabase, health: ProxyTarget.Health)
        -> Blocker
    {
        Blocker(
            code: .proxyTargetUnreachable, component: proxy.identifier,
            reason: ProxyTargetUnavailable(
                proxy: proxy.identifier, target: target.identifier, reason: health.reason,
                description: health.description))
    }

    /// describe-db-proxy-targets lists no target for the proxy.
    struct ProxyWithoutTarget: BlockerReason {
        var proxy: String

        func words(for function: FunctionIdentity) -> BlockerWords {
            BlockerWords(
                message:
                    "RDS proxy \(proxy) has no target (describe-db-proxy-targets lists none): it has no database to hand a connection to, so connections through it fail.",
                fix: Shell.line(
                    "aws rds register-db-proxy-targets --db-proxy-name \(proxy) --db-instance-identifiers \(raw: "<instance>")   # or --db-cluster-identifiers <cluster>"
                ))
        }
    }

    /// A READ_ONLY endpoint whose proxy has no reader instance to hand a connection to
    /// (rds-proxy-endpoints.html: "RDS Proxy requires that the Aurora cluster has one or more
    /// reader DB instances"; a cluster with a single writer fails every request; "Requests also
    /// fail if the target of the proxy is an RDS instance instead of an Aurora cluster"; readers
    /// that aren't available make the proxy wait, then fail).
    struct ReadOnlyEndpointWithoutReaders: BlockerReason {
        var endpoint: String
        var proxy: String
        var why: Why

        /// Why no reader takes the endpoint's connections.
        enum Why: Sendable, Hashable {
            /// The proxy's target is an RDS DB instance, which has no readers.
            case instance(String)
            /// The target cluster has no reader instance: its writer (if known) is all it has.
            case noReader(cluster: String, writer: String?, engine: String?)
            /// Its readers, each with its state, take no connections.
            case noReaderAvailable(cluster: String, readers: [ClusterReader])
        }

        func words(for function: FunctionIdentity) -> BlockerWords {
            let head = "Endpoint \(endpoint) of RDS proxy \(proxy) is READ_ONLY"
            switch why {
            case .instance(let target):
                return BlockerWords(
                    message:
                        "\(head), and the proxy's target \(target) is an RDS DB instance, not an Aurora cluster: a read-only endpoint hands its connections to a cluster's reader instances, so every request through it fails.",
                    fix: Shell.line(
                        "aws rds describe-db-proxy-endpoints --db-proxy-name \(proxy)   # connect through a READ_WRITE endpoint (the proxy's default one), or point the proxy at an Aurora cluster with a reader instance"
                    ))
            case .noReader(let cluster, let writer, let engine):
                let only = writer.map { " (its only instance is its writer \($0))" } ?? ""
                return BlockerWords(
                    message:
                        "\(head), and the proxy's target, Aurora cluster \(cluster), has no reader instance\(only): a read-only endpoint hands its connections to reader instances only, and RDS Proxy fails every request through it when the cluster has none.",
                    fix: Shell.line(
                        "aws rds create-db-instance --db-cluster-identifier \(cluster) --db-instance-identifier \(cluster)-reader-1 --engine \(raw: engine ?? "<the cluster's engine>") --db-instance-class \(raw: "<the writer's class>")   # an Aurora Replica; or connect through a READ_WRITE endpoint (the proxy's default one)"
                    ))
            case .noReaderAvailable(let cluster, let readers):
                let listed = readers.map { "\($0.identifier) (\($0.state ?? "state not known"))" }.joined(
                    separator: ", ")
                return BlockerWords(
                    message:
                        "\(head), and none of Aurora cluster \(cluster)'s reader instances is available: \(listed). The proxy waits for a reader to become available for its connection borrow timeout, then fails the request.",
                    fix: Shell.line(
                        "aws rds describe-db-instances --filters Name=db-cluster-id,Values=\(cluster)   # a reader must be available: wait for it or repair it, or add one (aws rds create-db-instance --db-cluster-identifier \(cluster) ...)"
                    ))
            }
        }
    }

    /// Why a READ_ONLY endpoint's proxy has no reader to hand connections to, from what the
    /// solver found.
    enum NoReader {
        case instance(RDSDatabase)
        case noReader(RDSDatabase)
        case noReaderAvailable(RDSDatabase, [ClusterReader])
    }

    static func readOnlyEndpointWithoutReaders(_ endpoint: RDSDatabase, proxy: RDSDatabase, why: NoReader) -> Blocker {
        let reason: ReadOnlyEndpointWithoutReaders.Why =
            switch why {
            case .instance(let target): .instance(target.identifier)
            case .noReader(let cluster):
                .noReader(cluster: cluster.identifier, writer: cluster.writer?.identifier, engine: cluster.engine)
            case .noReaderAvailable(let cluster, let readers):
                .noReaderAvailable(cluster: cluster.identifier, readers: readers)
            }
        return Blocker(
            code: .proxyTargetUnreachable, component: endpoint.identifier,
            reason: ReadOnlyEndpointWithoutReaders(endpoint: endpoint.identifier, proxy: proxy.identifier, why: reason))
    }

    static func proxyWithoutTarget(_ proxy: RDSDatabase) -> Blocker {
        Blocker(
            code: .proxyTargetUnreachable, component: proxy.identifier,
            reason: ProxyWithoutTarget(proxy: proxy.identifier))
    }
}
