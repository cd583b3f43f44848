extension Solver {
    // MARK: An RDS proxy's own connection

    /// The second leg of a question about an RDS proxy: the proxy opens its own connection to
    /// its target database, from its own network interfaces (its subnets) and through its own
    /// security groups, which must allow it out (AWS: the proxy's group "must allow access to
    /// the database the proxy connects to", rds-proxy-creating.html). A client's connection is
    /// handed to one of those, so the function reaches the database only if both legs pass.
    ///
    /// Walked from each of the proxy's subnets with the machinery a function's walk uses, with
    /// the proxy as the source, into a trace of its own: its checks of the proxy's groups are
    /// decided at once (a skeleton walk would complete them with the function's groups). Its
    /// blockers are the proxy's (`RDS_PROXY_TARGET_UNREACHABLE`), each at the component to fix.
    func proxyTargetLeg(_ proxy: RDSDatabase, _ context: Context, trace: inout Trace, notes: inout [String]) {
        switch network.proxyTarget(of: proxy) {
        case .noneRegistered:
            trace.block(Explain.proxyWithoutTarget(proxy))
        case .unknown(let candidates, let listed):
            notes.append(Self.proxyTargetUnknownNote(proxy, candidates: candidates, listed: listed))
        case .target(let target, let port, let health, _):
            switch health?.state {
            case "UNAVAILABLE":
                trace.block(Explain.proxyTargetUnavailable(proxy, target: target, health: health!))
            case "REGISTERING", "UNUSED":
                notes.append(
                    "AWS reported the target \(target.identifier) of RDS proxy \(proxy.identifier) as \(health!.state!)\(health!.reason.map { " (\($0))" } ?? "") when describe-db-proxy-targets was exported: \(health!.state == "REGISTERING" ? "the proxy is still registering it and hands it no connection until it is AVAILABLE" : "the proxy does not use it for connections"). aws rds describe-db-proxy-targets --db-proxy-name \(proxy.identifier)"
                )
            default: break
            }
            let subnets = proxy.subnetIds.compactMap { network.subnets[$0] }.sorted { $0.id < $1.id }
            guard !subnets.isEmpty else {
                notes.append(
                    "The subnets of RDS proxy \(proxy.identifier) are not in the inventory: its own connection to \(target.identifier) was not checked."
                )
                return
            }
            var leg = context
            leg.target = .database(target.identifier)
            leg.ipProtocol = .tcp
            leg.port = port
            leg.database = target
            leg.groups = proxy.securityGroupIds.compactMap { network.securityGroups[$0] }
            for missing in proxy.securityGroupIds where network.securityGroups[missing] == nil {
                notes.append(
                    "Security group \(missing) of RDS proxy \(proxy.identifier) is not in the inventory; its outbound rules to \(target.identifier) were not checked."
                )
            }
            let source = Explain.proxySource(proxy)
            var legs: [(subnet: String, blockers: [Blocker])] = []
            for subnet in subnets {
                var own = Trace()
                own.recordsHops = trace.recordsHops
                own.hop(
                    .proxyConnection(
                        proxy: proxy.identifier, subnet: subnet.id, zone: subnet.availabilityZone, cidr: subnet.cidr,
                        target: target.identifier, port: port))
                databaseDestination(subnet, leg, database: target, trace: &own, notes: &notes)
                if trace.recordsHops { trace.hops += own.hops }
                legs.append((subnet.id, own.blockers))
            }
            // The proxy hands each connection to one of its network interfaces (AWS spreads them
            // over its subnets): a leg blocked from some of them fails only the connections
            // handed there, and the blockers say which.
            let blockedFrom = legs.filter { !$0.blockers.isEmpty }.map(\.subnet)
            let proxySubnets = subnets.map(\.id)
            for leg in legs {
                for blocker in leg.blockers {
                    trace.block(
                        Explain.proxyLeg(
                            blocker, proxy: proxy, target: target, port: port, source: source,
                            blockedFrom: blockedFrom, proxySubnets: proxySubnets))
                }
            }
        }
    }

    /// The leg behind a proxy's additional endpoint: the endpoint (its subnets and security
    /// groups, possibly in another VPC) hands every connection to its proxy, which must be
    /// available and opens its own connection to its target, from its own subnets and groups
    /// (AWS: endpoints "can also reside in different VPCs than the associated DB proxy").
    func proxyEndpointLeg(_ endpoint: RDSDatabase, _ context: Context, trace: inout Trace, notes: inout [String]) {
        guard let proxy = endpoint.proxyKey.flatMap({ network.databases[$0] }) else {
            let name = endpoint.proxyKey.map { String($0.split(separator: ":").last ?? "") } ?? "?"
            notes.append(
                "RDS proxy \(name), which endpoint \(endpoint.identifier) belongs to, is not in the inventory (aws rds describe-db-proxies): its state and its own connection to the database were not checked."
            )
            return
        }
        if let refusal = Explain.databaseNotServing(proxy) { trace.block(refusal) }
        if endpoint.targetRole?.uppercased() == "READ_ONLY" {
            // A read-only endpoint hands its connections to the target cluster's reader
            // instances: "RDS Proxy requires that the Aurora cluster has one or more reader DB
            // instances"; requests fail when the target is an instance, and wait for a reader
            // that is not available until the connection borrow timeout, then fail.
            var readers: [ClusterReader]?
            if case .target(let target, _, _, _) = network.proxyTarget(of: proxy) {
                if target.kind == .instance {
                    trace.block(Explain.readOnlyEndpointWithoutReaders(endpoint, proxy: proxy, why: .instance(target)))
                    return
                }
                readers = target.kind == .cluster ? network.readers(of: target, behind: proxy) : nil
                if let readers, readers.isEmpty {
                    trace.block(
                        Explain.readOnlyEndpointWithoutReaders(endpoint, proxy: proxy, why: .noReader(target)))
                    return
                }
                if let readers, readers.allSatisfy({ $0.available == false }) {
                    trace.block(
                        Explain.readOnlyEndpointWithoutReaders(
                            endpoint, proxy: proxy, why: .noReaderAvailable(target, readers)))
                    return
                }
            }
            if let readers {
                notes.append(
                    "Endpoint \(endpoint.identifier) is READ_ONLY: RDS proxy \(proxy.identifier) hands its connections to its cluster's reader instances (\(readers.map(\.identifier).joined(separator: ", "))). The answer checked the proxy's connection to the cluster, whose security groups its readers share, not to each reader's subnet."
                )
            } else {
                notes.append(
                    "Endpoint \(endpoint.identifier) is READ_ONLY: RDS proxy \(proxy.identifier) hands its connections to the reader instances of its Aurora cluster, and requests fail when the cluster has none or the proxy's target is an RDS instance. The cluster's instances are not in the inventory (aws rds describe-db-instances, or describe-db-proxy-targets for the proxy): the answer checked the proxy's connection to its target, not that a reader exists."
                )
            }
        }
        proxyTargetLeg(proxy, context, trace: &trace, notes: &notes)
    }

    /// Why the database behind a proxy is not known, and the export that tells.
    static func proxyTargetUnknownNote(_ proxy: RDSDatabase, candidates: [RDSDatabase], listed: String?) -> String {
        let export = "aws rds describe-db-proxy-targets --db-proxy-name \(proxy.identifier)"
        if let listed {
            return
                "RDS proxy \(proxy.identifier) connects to \(listed) (describe-db-proxy-targets), which is not in the inventory: the proxy's own connection to it was not checked. Export it (aws rds describe-db-instances, describe-db-clusters) and import it."
        }
        let what =
            candidates.isEmpty
            ? "no database of its VPC has an engine its family (\(proxy.engine ?? "unknown")) fronts"
            : "several databases of its VPC could be its target (\(candidates.map(\.identifier).joined(separator: ", ")))"
        return
            "Which database RDS proxy \(proxy.identifier) connects to is not known: describe-db-proxy-targets was not imported, and \(what). The proxy opens its own connection to its target, whose path was not checked: \(export) > targets.json, add \"DBProxyName\": \"\(proxy.identifier)\" at its top level (lambda-reach collect does both), and import it."
    }
}
