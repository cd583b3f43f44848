/// The configuration checks of the audit: what is wrong or fragile about a function's
/// placement, state, role and VPC beyond the verdicts of its answers. Each finding names the
/// component to change and the aws CLI commands that change it.
///
/// A class: the audit holds one for every function to use, and a struct copy of its network
/// would cost a retain per dictionary at each call.
final class AuditChecks: Sendable {
    static var lowAddressThreshold: Int { Audit.lowAddressThreshold }

    let network: Network
    /// The audit's solver, for the role checks.
    let solver: Solver

    /// What the placement checks ask of every candidate subnet, again and again for each
    /// function of its VPC: worked out once per audit.
    struct SubnetFacts: Sendable {
        /// Whether the subnet's route table sends the internet to an internet gateway: by the
        /// route its traffic takes (`Explain.internetRoute`), not by its 0.0.0.0/0 route alone.
        var isPublic: Bool
        /// What the subnet reaches by its routes: what another subnet must reach to stand in
        /// for it.
        var reach: Reach
        /// The subnet's name without its zone (see `tier(_:)`).
        var tier: String?
        var crossZoneNATs: [(table: RouteTable, route: Route, nat: NATGateway)]
    }

    /// What a subnet reaches by its route table, as the placement checks compare subnets: a
    /// subnet proposed in place of (or beside) a function's must reach what they reach.
    struct Reach: Sendable, Hashable {
        /// Whether the subnet has an IPv4 range (an IPv6-only subnet has none to send from).
        var ipv4: Bool
        /// How the table sends the internet when that can work: `nat` for a NAT gateway that
        /// reaches it (each zone has its own), else the kind and ID of the route's target (a
        /// transit gateway of a centralised egress design); nil when it cannot (no route, a
        /// blackhole, an internet gateway, a NAT gateway that does not reach the internet).
        var internet: String?
        /// The service names of the gateway endpoints the table routes to, of those that serve.
        var gatewayServices: Set<String>

        /// Whether a subnet that reaches this reaches all that `other` reaches.
        func covers(_ other: Reach) -> Bool {
            (ipv4 || !other.ipv4) && (other.internet == nil || other.internet == internet)
                && other.gatewayServices.isSubset(of: gatewayServices)
        }

        /// What a set of subnets reaches together: the IPv4 range and the internet of the
        /// first that has one, every gateway endpoint of any.
        static func union(_ all: [Reach]) -> Reach {
            Reach(
                ipv4: all.contains(where: \.ipv4), internet: all.lazy.compactMap(\.internet).first,
                gatewayServices: all.reduce(into: Set<String>()) { $0.formUnion($1.gatewayServices) })
        }
    }

    /// An interface endpoint with what the endpoint check asks of it for every function of its
    /// VPC, worked out once per audit. An object: every function of the VPC reads it, and a
    /// copy of the value would retain the endpoint, its groups and its target each.
    final class InterfaceEndpoint: Sendable {
        let endpoint: VPCEndpoint
        let groups: [SecurityGroup]
        /// An AWS service's endpoint (`com.amazonaws.REGION.NAME`, not a PrivateLink service).
        let isAWSService: Bool
        /// A PrivateLink endpoint service of an account (`com.amazonaws.vpce.REGION.vpce-svc-...`,
        /// an account's own or a partner's): it listens on its Network Load Balancer's ports,
        /// which no export shows, not on 443.
        let isEndpointService: Bool
        /// Private DNS off, and turning it on would give the function the endpoint: no endpoint
        /// of the same service in the VPC has it on, the service offers private DNS, and the VPC
        /// resolves the service's name as AWS does by default (no private hosted zone, Resolver
        /// rule or other VPC's Resolver answers it: a centralised endpoints design).
        let privateDNSOffUncovered: Bool
        /// Its matrix target, for the VPC's region (nil when the VPC is not in the inventory).
        let target: String?

        init(
            endpoint: VPCEndpoint, groups: [SecurityGroup], isAWSService: Bool, isEndpointService: Bool,
            privateDNSOffUncovered: Bool, target: String?
        ) {
            self.endpoint = endpoint
            self.groups = groups
            self.isAWSService = isAWSService
            self.isEndpointService = isEndpointService
            self.privateDNSOffUncovered = privateDNSOffUncovered
            self.target = target
        }
    }

    private let subnetFacts: [String: SubnetFacts]
    private let interfacesByVPC: [String: [InterfaceEndpoint]]
    /// Per audited VPC, its subnets that are not public, in ID order: the candidates
    /// `alternatives` ranks for every single-zone function of the VPC.
    private let privateSubnetsByVPC: [String: [PrivateSubnet]]

    /// A subnet that is not public, with what `alternatives` compares.
    struct PrivateSubnet: Sendable {
        var subnet: Subnet
        var facts: SubnetFacts
    }

    /// The checks for functions in `vpcs`, with those VPCs' subnet and endpoint facts worked out
    /// up front (on every core); any other VPC's are worked out when asked for.
    init(solver: Solver, vpcs: Set<String>) {
        self.solver = solver
        let network = solver.network
        self.network = network
        let vpcList = vpcs.sorted()
        let subnets = vpcList.flatMap { network.subnets(inVPC: $0) }
        let facts = Parallel.map(subnets.count) { Self.facts(of: subnets[$0], network) }
        subnetFacts = Dictionary(zip(subnets.map(\.id), facts)) { first, _ in first }
        var privateSubnets: [String: [PrivateSubnet]] = [:]
        for (subnet, facts) in zip(subnets, facts) where !facts.isPublic {
            privateSubnets[subnet.vpcId, default: []].append(PrivateSubnet(subnet: subnet, facts: facts))
        }
        for vpc in vpcList where privateSubnets[vpc] == nil { privateSubnets[vpc] = [] }
        privateSubnetsByVPC = privateSubnets
        let interfaces = Parallel.map(vpcList.count) { Self.interfaceEndpoints(in: vpcList[$0], solver: solver) }
        interfacesByVPC = Dictionary(uniqueKeysWithValues: zip(vpcList, interfaces))
    }

    static func facts(of subnet: Subnet, _ network: Network) -> SubnetFacts {
        let table = network.routeTable(forSubnet: subnet.id)
        let internet = table.flatMap { Explain.internetRoute(of: $0, network: network) }
        return SubnetFacts(
            isPublic: internet?.targetKind == .igw,
            reach: reach(of: subnet, table: table, internetRoute: internet, network: network), tier: tier(subnet),
            crossZoneNATs: crossZoneNATs(subnet, network))
    }

    /// What `subnet` reaches by `table`, its route table, whose internet route is `internetRoute`.
    static func reach(of subnet: Subnet, table: RouteTable?, internetRoute: Route?, network: Network) -> Reach {
        var internet: String?
        if let route = internetRoute, !route.isBlackhole {
            switch route.targetKind {
            case .nat:
                let nat = route.targetId.flatMap { network.natGateways[$0] }
                internet = nat.map { Explain.reachesInternet($0, network: network) } == true ? "nat" : nil
            case .igw, .local: internet = nil
            default: internet = "\(route.targetKind.rawValue):\(route.targetId ?? "")"
            }
        }
        var services = Set<String>()
        for route in table?.routes ?? [] {
            guard case .prefixList = route.destination, route.targetKind == .vpce, !route.isBlackhole,
                let endpoint = route.targetId.flatMap({ network.endpoints[$0] }), endpoint.kind == .gateway,
                endpoint.lifecycle == .serving
            else { continue }
            services.insert(endpoint.serviceName)
        }
        return Reach(ipv4: subnet.cidr != nil, internet: internet, gatewayServices: services)
    }

    /// What the placement checks ask of `subnet`: worked out once per audit for the audited VPCs.
    func facts(of subnet: Subnet) -> SubnetFacts { subnetFacts[subnet.id] ?? Self.facts(of: subnet, network) }

    /// AWS services whose interface endpoints have no private DNS name: only the
    /// endpoint-specific names reach them (`vpce-...streams.dynamodb.REGION.vpce.amazonaws.com`),
    /// so private DNS off is how they always are. DynamoDB Streams: "AWS PrivateLink for Amazon
    /// DynamoDB Streams doesn't support ... Private and hybrid Domain Name System (DNS) services".
    static let servicesWithoutPrivateDNS: Set<String> = ["dynamodb-streams"]

    /// `vpcId`'s interface endpoints that carry traffic (`available`: a deleted or failed one is
    /// gone, and one pending acceptance, rejected or in another state carries nothing, which
    /// the answers about its service say), in ID order, with their groups and what the
    /// endpoint check asks of them.
    static func interfaceEndpoints(in vpcId: String, solver: Solver) -> [InterfaceEndpoint] {
        let network = solver.network
        let all = network.endpoints(inVPC: vpcId).filter { $0.kind == .interface && $0.lifecycle != .gone }
        let endpoints = all.filter { $0.lifecycle == .serving }
        let isAWS = { (endpoint: VPCEndpoint) in
            endpoint.serviceName.hasPrefix("com.amazonaws.") && !endpoint.serviceName.hasPrefix("com.amazonaws.vpce.")
        }
        let region = network.vpcs[vpcId]?.region
        return endpoints.map { endpoint in
            // An endpoint that still exists holds the service's name when its private DNS is on,
            // serving or not (AWS lets one endpoint of a service hold it).
            let covered = all.contains {
                isAWS($0) && $0.privateDNSEnabled && $0.serviceName == endpoint.serviceName
            }
            var offUncovered =
                isAWS(endpoint) && !endpoint.privateDNSEnabled && !covered
                && !servicesWithoutPrivateDNS.contains(endpoint.shortServiceName)
            if offUncovered {
                offUncovered = resolvesAsAWSDoes(endpoint, vpcId: vpcId, solver: solver)
            }
            return InterfaceEndpoint(
                endpoint: endpoint, groups: endpoint.securityGroupIds.compactMap { network.securityGroups[$0] },
                isAWSService: isAWS(endpoint), isEndpointService: endpoint.serviceName.hasPrefix("com.amazonaws.vpce."),
                privateDNSOffUncovered: offUncovered, target: region.map { targetName(endpoint, region: $0) })
        }
    }

    /// Whether `vpcId` resolves the name of `endpoint`'s service as AWS does by default, so that
    /// the endpoint's own private DNS would answer it: as `query` resolves it (`Solver.resolve`),
    /// no private hosted zone, Resolver rule or other resolver (the VPC's DNS servers being in
    /// another VPC, or outside the inventory) answers it. A VPC whose name for the service a
    /// private hosted zone answers (AWS's centralised endpoints design) reaches the service as
    /// that zone says, and AWS refuses private DNS on an endpoint there ("conflicting DNS
    /// domain"); one whose DNS servers are elsewhere never asks its own Resolver.
    static func resolvesAsAWSDoes(_ endpoint: VPCEndpoint, vpcId: String, solver: Solver) -> Bool {
        guard let name = Solver.serviceHostName(endpoint) else { return true }
        if solver.dnsAnswerer(forVPC: vpcId) != .ownVPC { return false }
        var notes: [String] = []
        if case .awsDefault = solver.resolve(name, fromVPC: vpcId, ownEndpoint: false, notes: &notes) { return true }
        return false
    }

    /// What a function's failing answers report already: a configuration finding about the
    /// same target and component (a blocker of one of them) only repeats it, and is left out.
    struct Reported {
        var answers: [Answer]
        /// Per answer, all its blockers.
        var blockers: [[Blocker]]
        /// Per answer, whether it is a cell of the matrix (a target asked for), not one the
        /// checks or an expectation asked.
        var inMatrix: [Bool]

        func contains(target: String, component: String) -> Bool {
            // By index: a zip would copy every answer and its blockers, a retain and a release each.
            answers.indices.contains { index in
                answers[index].target == target && answers[index].verdict != .reachable
                    && blockers[index].contains { $0.component == component }
            }
        }

        func repeats(_ finding: Finding) -> Bool {
            finding.target.map { contains(target: $0, component: finding.component) } ?? false
        }
    }

    /// The configuration findings about `function`, except those its failing answers report
    /// already. A check that can tell before it words a finding skips it there.
    func findings(for function: LambdaFunction, vpcs: [String], reported: Reported) -> [Finding] {
        var out = state(function) + role(function)
        let answers = reported.answers
        guard function.isInVPC else {
            // Security groups without subnets: a VpcConfig AWS rejects, not a function outside a VPC.
            if let invalid = solver.invalidVPCConfig(function) {
                out.append(Finding(rule: .vpcConfigInvalid, function: function, blocker: invalid))
            }
            return out.filter { !reported.repeats($0) }
        }
        let subnets = function.subnetIds.compactMap { network.subnets[$0] }
        out += missing(function)
        // A function on a capacity provider has no VpcConfig: the checks of one do not apply.
        if function.capacityProvider == nil, let invalid = solver.invalidVPCConfig(function) {
            out.append(Finding(rule: .vpcConfigInvalid, function: function, blocker: invalid))
        }
        for vpcId in vpcs where function.capacityProvider == nil {
            if let vpc = network.vpcs[vpcId], vpc.dedicatedTenancy {
                out.append(
                    Finding(rule: .vpcDedicatedTenancy, function: function, blocker: Explain.dedicatedTenancy(vpc)))
            }
        }
        out += addresses(function, subnets: subnets)
        out += placement(function, subnets: subnets, answers: answers)
        out += differences(function, answers: answers.indices.filter { reported.inMatrix[$0] }.map { answers[$0] })
        out += natCrossAZ(function, subnets: subnets)
        out += natForGatewayServices(function, answers: answers)
        out += endpoints(function, vpcs: vpcs, subnets: subnets, reported: reported)
        return out.filter { !reported.repeats($0) }
    }

    // MARK: The function itself

    func state(_ function: LambdaFunction) -> [Finding] {
        let code = function.stateReasonCode.map { " (\($0))" } ?? ""
        // AWS's StateReason is a sentence with its own full stop: quoted after ours, as it is.
        let reason = function.stateReason.map { $0.isEmpty ? "" : " Lambda says: \($0)" } ?? ""
        // Written only for a function that is not Active: the audit asks this of every function.
        func notActiveFix() -> String {
            solver.functionNotActive(function).words(for: FunctionIdentity(function)).fix
        }
        switch function.state {
        case "Failed":
            return [
                Finding(
                    rule: .functionFailed, function: function, component: function.arn,
                    message: "\(function.name) is in state Failed\(code): it cannot be invoked.\(reason)",
                    fix: notActiveFix())
            ]
        case "Pending":
            return [
                Finding(
                    rule: .functionPending, function: function, component: function.arn,
                    message:
                        "\(function.name) is in state Pending\(code): Lambda is still creating its network interfaces, and invocations fail until it is Active.\(reason)",
                    fix: notActiveFix())
            ]
        case "Inactive" where Solver.inactiveFailed(function):
            return [
                Finding(
                    rule: .functionInactive, function: function, component: function.arn,
                    message:
                        "\(function.name) is Inactive\(code): Lambda reclaimed \(function.isInVPC ? "its network interfaces" : "the resources it had set up for it") after an idle period and could not create them again, so every invocation fails until the cause is fixed.\(reason)",
                    fix: notActiveFix())
            ]
        case "Inactive":
            return [
                Finding(
                    rule: .functionInactive, function: function, component: function.arn,
                    message:
                        "\(function.name) is Inactive\(code): it was idle long enough for Lambda to reclaim its network interfaces, so its next invocation fails while they are created again.",
                    fix: Shell.line(
                        "aws lambda invoke --function-name \(function.name) /dev/null   # the first invocation fails and has the network interfaces created again; schedule one if the function must answer at once"
                    )
                )
            ]
        default:
            return []
        }
    }

    func role(_ function: LambdaFunction) -> [Finding] {
        guard network.accountsWithIAMData.contains(function.accountId), let roleArn = function.roleArn else {
            return []
        }
        guard let role = network.roles[roleArn] else {
            return [
                Finding(
                    rule: .roleNotInIAMData, function: function, component: roleArn,
                    message:
                        "\(function.name)'s execution role \(roleArn) is not in the IAM data imported for account \(function.accountId): its permissions were not checked.",
                    fix: "aws iam get-account-authorization-details > iam.json && lambda-reach import iam.json")
            ]
        }
        var out: [Finding] = []
        // Lambda Managed Instances: the provider's operator role launches the instances.
        if function.isInVPC && function.capacityProvider == nil {
            let gaps = solver.eniGaps(function, role: role)
            if !gaps.isEmpty {
                out.append(
                    Finding(
                        rule: .roleMissingENIPermissions, function: function,
                        blocker: Explain.roleMissingENIPermissions(role, gaps: gaps, state: function.state)))
            }
        }
        let gaps = solver.logsGaps(function, role: role)
        if !gaps.isEmpty {
            out.append(
                Finding(
                    rule: .roleMissingLogsPermissions, function: function,
                    blocker: Explain.roleMissingLogsPermissions(role, gaps: gaps, function: function)))
        }
        return out
    }

    func missing(_ function: LambdaFunction) -> [Finding] {
        var out: [Finding] = []
        for subnetId in function.subnetIds where network.subnets[subnetId] == nil {
            out.append(Finding(rule: .subnetNotFound, function: function, blocker: Explain.subnetNotFound(subnetId)))
        }
        for groupId in function.securityGroupIds where network.securityGroups[groupId] == nil {
            out.append(
                Finding(
                    rule: .securityGroupNotFound, function: function, blocker: Explain.securityGroupNotFound(groupId)))
        }
        return out
    }

    func addresses(_ function: LambdaFunction, subnets: [Subnet]) -> [Finding] {
        var out: [Finding] = []
        for subnet in subnets {
            // AvailableIpAddressCount counts IPv4 addresses: an IPv6-only subnet has none to count.
            guard let free = subnet.availableIPAddressCount, free < Self.lowAddressThreshold,
                subnet.cidr != nil || subnet.ipv6Cidrs.isEmpty
            else { continue }
            let others = alternatives(for: function, subnets: subnets, sameZoneAs: subnet)
            let move: ShellCommand =
                others.isEmpty
                ? "# or add a subnet with free addresses in \(zone(of: subnet, for: function)) and use it instead"
                : "# or use \(list: others, separator: ", ") instead:\naws lambda update-function-configuration --function-name \(function.name) --vpc-config \(Explain.vpcConfig(subnets: function.subnetIds.map { $0 == subnet.id ? others[0] : $0 }, groups: function.securityGroupIds))"
            let fix = Shell.line(
                "aws ec2 describe-network-interfaces --filters Name=subnet-id,Values=\(subnet.id) Name=status,Values=available   # unused interfaces, to delete\n\(move)"
            )
            if free == 0 {
                out.append(
                    Finding(
                        rule: .subnetOutOfAddresses, function: function, component: subnet.id,
                        message:
                            "\(subnet.id) (\(zone(of: subnet, for: function)), \(subnet.cidr?.description ?? "no IPv4 CIDR")) has no free address: Lambda cannot create a network interface for \(function.name) there (SubnetOutOfIPAddresses) when it scales, is updated or comes back from Inactive.",
                        fix: fix))
            } else {
                out.append(
                    Finding(
                        rule: .subnetLowOnAddresses, function: function, component: subnet.id,
                        message:
                            "\(subnet.id) (\(zone(of: subnet, for: function)), \(subnet.cidr?.description ?? "no IPv4 CIDR")) has \(free) free address\(free == 1 ? "" : "es") (fewer than \(Self.lowAddressThreshold)): the next network interfaces \(function.name) needs may not fit.",
                        fix: fix))
            }
        }
        return out
    }

    // MARK: Placement

    /// The NAT gateways in another zone that `subnet`'s route table sends internet traffic to,
    /// with that table and the route (0.0.0.0/0, or each narrower route that carries the
    /// internet past it).
    static func crossZoneNATs(_ subnet: Subnet, _ network: Network) -> [(RouteTable, Route, NATGateway)] {
        guard let table = network.routeTable(forSubnet: subnet.id) else { return [] }
        return Routing.legs(table: table, destination: .publicInternet, memberOf: [], network: network).compactMap {
            leg in
            // Zones compared by ID: the NAT gateway's subnet and the function's may come from
            // different accounts' exports, which name zones each their own way.
            guard let route = leg.route, route.targetKind == .nat, !route.isBlackhole, let id = route.targetId,
                let nat = network.natGateways[id], let natSubnet = network.subnets[nat.subnetId],
                !natSubnet.isInSameZone(as: subnet)
            else { return nil }
            return (table, route, nat)
        }
    }

    /// A subnet's name without its zone (`private-us-east-1a`, `private-a`, `app-1a`,
    /// `db-use1-az1` -> `private-`, `private-`, `app-`, `db-`), to recognise the same tier in
    /// another zone: the zone's name or ID anywhere in the name, else its short forms (`1a`,
    /// `a`) as a word of their own, between separators or at either end.
    static func tier(_ subnet: Subnet) -> String? {
        guard let name = subnet.name else { return nil }
        let zone = subnet.availabilityZone.lowercased()
        let lower = name.lowercased()
        // Positions are matched on the lower-cased name when lower-casing keeps them.
        guard lower.count == name.count else { return name }
        for whole in [zone, subnet.availabilityZoneId?.lowercased() ?? ""] where !whole.isEmpty {
            if let range = lower.range(of: whole, options: .backwards) {
                let start = lower.distance(from: lower.startIndex, to: range.lowerBound)
                var characters = Array(name)
                characters.removeSubrange(start..<(start + whole.count))
                return String(characters)
            }
        }
        let separators: Set<Character> = ["-", "_", ".", " ", "/", ":"]
        let characters = Array(name)
        let lowered = Array(lower)
        let words = [String(zone.suffix(2)), String(zone.suffix(1))].filter { $0.last?.isLetter == true }
        for word in words {
            let token = Array(word)
            guard characters.count > token.count else { continue }
            for start in stride(from: characters.count - token.count, through: 0, by: -1)
            where Array(lowered[start..<(start + token.count)]) == token {
                let end = start + token.count
                let before = start == 0 || separators.contains(characters[start - 1])
                let after = end == characters.count || separators.contains(characters[end])
                guard before && after else { continue }
                var kept = characters
                kept.removeSubrange(start..<end)
                return String(kept)
            }
        }
        return name
    }

    /// Subnets of the function's VPC, not public and not already the function's, that can stand
    /// in for `subnet`: they reach what the function's subnets reach (`Reach.covers`: the NAT
    /// gateway route, the gateway endpoints' routes) and have at least `lowAddressThreshold`
    /// free addresses. Ranked by reach (the same as theirs first), then tier name, then ID.
    /// With `sameZoneAs`, only that zone's, standing in for it; otherwise one per zone the
    /// function is not in.
    func alternatives(for function: LambdaFunction, subnets: [Subnet], sameZoneAs: Subnet? = nil) -> [String] {
        guard let model = sameZoneAs ?? subnets.first else { return [] }
        let used = Set(function.subnetIds)
        let usedZones = Set(subnets.map(Explain.zoneKey))
        let modelFacts = facts(of: model)
        let required = sameZoneAs.map { facts(of: $0).reach } ?? Reach.union(subnets.map { facts(of: $0).reach })
        // The VPC's private subnets, worked out once per audit for the audited VPCs.
        let candidates =
            privateSubnetsByVPC[model.vpcId]
            ?? network.subnets(inVPC: model.vpcId).map { PrivateSubnet(subnet: $0, facts: facts(of: $0)) }.filter {
                !$0.facts.isPublic
            }
        var ranked: [(rank: (zone: String, reach: Int, tier: Int, id: String), id: String)] = []
        for item in candidates where !used.contains(item.subnet.id) {
            let (subnet, id) = (item.subnet, item.subnet.id)
            let zone = Explain.zoneKey(subnet)
            if let sameZoneAs {
                guard zone == Explain.zoneKey(sameZoneAs) else { continue }
            } else if usedZones.contains(zone) {
                continue
            }
            let candidate = item.facts
            guard (subnet.availableIPAddressCount ?? Int.max) >= Self.lowAddressThreshold,
                candidate.reach.covers(required)
            else { continue }
            let rank = (
                zone: zone, reach: candidate.reach == required ? 0 : 1,
                tier: candidate.tier == modelFacts.tier ? 0 : 1, id: id
            )
            ranked.append((rank, id))
        }
        ranked.sort { $0.rank < $1.rank }
        var zones = Set<String>()
        return ranked.filter { zones.insert($0.rank.zone).inserted }.map(\.id)
    }

    /// For each zone of `subnets`, the private subnet of the VPC a function there belongs in
    /// (`Explain.privateSubnetByZone`: a NAT gateway route that reaches the internet, the most
    /// free addresses).
    func replacements(forPublic subnets: [Subnet]) -> [String] {
        guard let vpcId = subnets.first?.vpcId else { return [] }
        let zones = Set(subnets.map(Explain.zoneKey))
        return Explain.privateSubnetByZone(in: vpcId, network: network).filter { zones.contains($0.zone) }.map(
            \.subnet)
    }

    /// `subnet`'s zone as `function`'s account names it (`Network.zoneName(of:forAccount:region:)`).
    func zone(of subnet: Subnet, for function: LambdaFunction) -> String {
        network.zoneName(of: subnet, forAccount: function.accountId, region: function.region)
    }

    func placement(_ function: LambdaFunction, subnets: [Subnet], answers: [Answer]) -> [Finding] {
        guard let first = subnets.first else { return [] }
        var out: [Finding] = []
        if subnets.allSatisfy({ facts(of: $0).isPublic }) {
            let privateSubnets = replacements(forPublic: subnets)
            let fix: ShellCommand =
                privateSubnets.isEmpty
                ? "# create private subnets whose route table sends 0.0.0.0/0 to a NAT gateway in a public subnet, then move the function there:\naws ec2 allocate-address --domain vpc\naws ec2 create-nat-gateway --subnet-id \(first.id) --allocation-id <AllocationId>\naws lambda update-function-configuration --function-name \(function.name) --vpc-config SubnetIds=<private subnets>,SecurityGroupIds=\(list: function.securityGroupIds, separator: ",")"
                : "aws lambda update-function-configuration --function-name \(function.name) --vpc-config \(Explain.vpcConfig(subnets: privateSubnets, groups: function.securityGroupIds))"
            let tables = subnets.compactMap { network.routeTable(forSubnet: $0.id) }.reduce(into: [RouteTable]()) {
                tables, table in if !tables.contains(where: { $0.id == table.id }) { tables.append(table) }
            }.sorted { $0.id < $1.id }
            // The route the internet takes, as `isPublic` judged it: 0.0.0.0/0 in most tables.
            let destinations = Set(
                tables.compactMap { Explain.internetRoute(of: $0, network: network)?.destination })
            let what =
                destinations == [.cidr(IPv4CIDR.any)] ? "0.0.0.0/0" : "their internet traffic"
            // A dual-stack function whose IPv6 traffic gets out has the IPv6 internet: what it
            // lacks is IPv4's, which most destinations still need.
            let lacking =
                ipv6Egress(function, answers: answers)
                ? "never has a public IPv4 address, so the internet gateway drops its IPv4 traffic: it has no IPv4 internet access (its IPv6 traffic gets out, so only destinations it reaches over IPv6 work)"
                : "never has a public IP, so the internet gateway drops its traffic: it has no internet access at all"
            out.append(
                Finding(
                    rule: .publicSubnetOnly, function: function, component: first.id,
                    message:
                        "\(function.name) is only in public subnets (\(subnets.map(\.id).joined(separator: ", ")): \(tables.map(\.id).joined(separator: ", ")) send\(tables.count == 1 ? "s" : "") \(what) to an internet gateway). A Lambda function's network interface \(lacking).",
                    fix: fix.text))
        }
        // Zones are told apart by ID (names are mapped per account) and named as the function's
        // account names them: a subnet shared from another account has the owner's names.
        let zones = Set(subnets.map { $0.availabilityZoneId ?? $0.availabilityZone }).sorted()
        if zones.count == 1 {
            let zoneName = zone(of: first, for: function)
            let others = alternatives(for: function, subnets: subnets)
            // Subnets the inventory lacks (SUBNET_NOT_FOUND, its own finding) place nothing.
            let unknown = function.subnetIds.count - subnets.count
            let what =
                subnets.count == 1
                ? (unknown > 0
                    ? "The only subnet of \(function.name) that the inventory has, \(first.id), is in \(zoneName) (its VpcConfig names \(unknown) more that \(unknown == 1 ? "is" : "are") not in the inventory)"
                    : "\(function.name) has a single subnet, \(first.id), in \(zoneName)")
                : "All \(subnets.count) subnets of \(function.name) (\(subnets.map(\.id).joined(separator: ", "))) are in \(zoneName)"
            // The function has a subnet (`first`), so the placeholder follows a comma.
            let withPlaceholder = Explain.vpcConfig(
                subnets: "\(list: function.subnetIds, separator: ","),<subnet in another AZ>",
                groups: "\(list: function.securityGroupIds, separator: ",")")
            // VpcConfig takes at most 16 subnets: the zones added are those that fit.
            let added = Array(others.prefix(max(0, Explain.maximumSubnets - function.subnetIds.count)))
            let fix: ShellCommand =
                added.isEmpty
                ? "# create a subnet like \(first.id) in another availability zone, then add it:\naws lambda update-function-configuration --function-name \(function.name) --vpc-config \(withPlaceholder)"
                : "aws lambda update-function-configuration --function-name \(function.name) --vpc-config \(Explain.vpcConfig(subnets: function.subnetIds + added, groups: function.securityGroupIds))"
            out.append(
                Finding(
                    rule: .singleAZ, function: function, component: first.id,
                    message:
                        "\(what): when that zone is impaired, the function cannot run. Use subnets in at least two zones.",
                    fix: fix.text))
        }
        return out
    }

    /// Whether `function` sends IPv6 to the internet: a dual-stack function whose `internet6`
    /// answer (the audit's, when it asked, else the solver's) is reachable from some subnet.
    func ipv6Egress(_ function: LambdaFunction, answers: [Answer]) -> Bool {
        guard function.ipv6AllowedForDualStack else { return false }
        let answer =
            answers.first { $0.target == Target.internet6.description }
            ?? (try? solver.answer(Question(function: function, target: .internet6)))
        return answer.map { $0.verdict != .unreachable } ?? false
    }

    /// Blocker codes about a subnet's own network configuration (its route table, its NAT
    /// gateway, its network ACL, ...), as opposed to the security groups at either end.
    static let subnetNetworkCodes: Set<BlockerCode> = [
        .noRouteToDestination, .badStateRoute, .badState, .unassociatedComponent, .igwPublicIPAssociationForEgress,
        .subnetACLRestriction, .peeringRequiresAddressInVPCCIDR, .natGatewayPrivateConnectivity,
        .routeTargetNotAnalyzed,
        // VPC Block Public Access on the NAT gateway's subnet (or, for IPv6, the function's):
        // one zone's NAT subnet excluded and another's not is a difference between subnets.
        .vpcBlockPublicAccessEnabled,
        // Transit gateways: an attachment without a subnet in the zone, or what the subnet's
        // route hands the traffic to (attachment, TGW route table) being wrong.
        .tgwAttachmentNotInAZ, .tgwRouteTableNoRouteToAttachment, .badStateAttachment, .tgwAttachmentNotFound,
        .tgwRouteTableNotFound,
    ]

    /// Targets of the matrix (`answers`) some subnets reach and others do not because of their
    /// own route tables, NAT gateways or network ACLs (a security group that admits one subnet's
    /// CIDR and not another's is `reach-partial` alone).
    func differences(_ function: LambdaFunction, answers: [Answer]) -> [Finding] {
        var seenTargets = Set<String>()
        let partial = answers.filter { answer in
            answer.verdict == .partial
                && answer.subnets.contains { $0.blockers.contains { Self.subnetNetworkCodes.contains($0.code) } }
                && seenTargets.insert(answer.target).inserted
        }
        guard !partial.isEmpty else { return [] }
        var failing: [String] = []
        var working: [String] = []
        var fixes: [String] = []
        var zones = Set<String>()
        for answer in partial {
            for subnet in answer.subnets {
                if subnet.verdict == .reachable {
                    if !working.contains(subnet.subnet) { working.append(subnet.subnet) }
                } else if subnet.blockers.contains(where: { Self.subnetNetworkCodes.contains($0.code) }) {
                    if !failing.contains(subnet.subnet) { failing.append(subnet.subnet) }
                    zones.insert(subnet.availabilityZone)
                    fixes += subnet.blockers.map { answer.words(of: $0).fix }
                }
            }
        }
        working.removeAll { failing.contains($0) }
        let describe = { (subnetId: String) -> String in
            // Named as the function's account names the zone (a shared subnet's export may be the owner's).
            let zone = self.network.subnets[subnetId].map { self.zone(of: $0, for: function) } ?? ""
            let table = self.network.routeTable(forSubnet: subnetId)?.id ?? "no route table"
            return "\(subnetId) (\(zone), \(table))"
        }
        let component = network.routeTable(forSubnet: failing[0])?.id ?? failing[0]
        let reached =
            working.isEmpty
            ? "which each of its other subnets reaches"
            : "which \(working.map(describe).joined(separator: ", ")) reach\(working.count == 1 ? "es" : "")"
        var seen = Set<String>()
        return [
            Finding(
                rule: .subnetsDifferAcrossAZs, function: function, component: component,
                message:
                    "\(function.name)'s subnets do not reach the same targets: from \(failing.map(describe).joined(separator: ", ")) it cannot reach \(partial.map(\.target).joined(separator: ", ")), \(reached). Invocations placed in \(zones.sorted().joined(separator: ", ")) fail intermittently.",
                fix: fixes.filter { seen.insert($0).inserted }.joined(separator: "\n"))
        ]
    }

    func natCrossAZ(_ function: LambdaFunction, subnets: [Subnet]) -> [Finding] {
        // Per route table: its routes to a NAT gateway of another zone than some of the function
        // subnets using it, and those subnets.
        var byTable: [String: (nat: NATGateway, routes: [Route], subnets: [Subnet])] = [:]
        var order: [String] = []
        for subnet in subnets {
            for (table, route, nat) in facts(of: subnet).crossZoneNATs {
                if byTable[table.id] == nil {
                    order.append(table.id)
                    byTable[table.id] = (nat, [], [])
                }
                // One NAT gateway per table is told (the first), with each of its routes there.
                if route.targetId == byTable[table.id]!.nat.id, !byTable[table.id]!.routes.contains(route) {
                    byTable[table.id]!.routes.append(route)
                }
                if !(byTable[table.id]!.subnets.contains { $0.id == subnet.id }) {
                    byTable[table.id]!.subnets.append(subnet)
                }
            }
        }
        return order.map { tableId in
            let (nat, routes, crossing) = byTable[tableId]!
            // Zones are told apart by ID and named as the function's account names them; the
            // fix's own names are the table's VPC's (its owner runs it).
            let natSubnet = network.subnets[nat.subnetId]
            let natZone = natSubnet.map { zone(of: $0, for: function) } ?? nat.subnetId
            let zones = Set(crossing.map(Explain.zoneKey))
            // The table's route serves all its subnets: pointing it at one zone's NAT gateway
            // only moves the crossing to the other zones' subnets of the table.
            let tableZones = Explain.zones(usingTable: tableId, in: nat.vpcId, network: network)
            let tableZoneKeys = Set(
                (network.subnetsByVPC[nat.vpcId] ?? []).compactMap { network.subnets[$0] }.filter {
                    (network.routeTableBySubnet[$0.id] ?? network.mainRouteTableByVPC[nat.vpcId]) == tableId
                }.map(Explain.zoneKey))
            var fix: ShellCommand
            if zones.count == 1, tableZoneKeys.count <= 1, let key = zones.first {
                let zone = crossing[0].availabilityZone
                // Each route that takes the internet to the other zone's NAT gateway: 0.0.0.0/0,
                // or the narrower routes that carry the internet past it.
                let replace = { (target: ShellCommand) -> ShellCommand in
                    var lines: ShellCommand = ""
                    for (index, route) in routes.enumerated() {
                        if index > 0 { lines += "\n" }
                        lines +=
                            "aws ec2 replace-route --route-table-id \(tableId) \(Explain.destinationArgument(route)) --nat-gateway-id \(target)"
                    }
                    return lines
                }
                if let local = Explain.usableNATs(in: nat.vpcId, zone: zone, network: network).first(where: {
                    network.subnets[$0.subnetId].map(Explain.zoneKey) == key
                }) {
                    fix = replace("\(local.id)")
                } else {
                    let publicSubnet =
                        Explain.publicSubnets(in: nat.vpcId, network: network).first { Explain.zoneKey($0) == key }?.id
                    fix =
                        Explain.createNATGateway(
                            in: "\(publicSubnet, else: "<a public subnet of \(nat.vpcId) in \(zone)>")")
                        + "\n" + replace("\"$nat\"")
                }
            } else {
                fix =
                    "# \(tableId) serves subnets in \(list: Array(Set(crossing.map(\.availabilityZone) + tableZones)).sorted(), separator: ", "): give each zone its own route table, routing 0.0.0.0/0 to a NAT gateway in that zone:\naws ec2 create-route-table --vpc-id \(nat.vpcId)\naws ec2 create-route --route-table-id <new table> --destination-cidr-block 0.0.0.0/0 --nat-gateway-id <NAT gateway in the zone>\naws ec2 associate-route-table --route-table-id <new table> --subnet-id <subnet of the zone>"
            }
            let subnetText = crossing.map { "\($0.id) (\(zone(of: $0, for: function)))" }.joined(separator: ", ")
            let destinations = routes.map { route -> String in
                switch route.destination {
                case .cidr(let cidr): return cidr.description
                case .ipv6(let text): return text
                case .prefixList(let id): return id
                }
            }.joined(separator: " and ")
            return Finding(
                rule: .natGatewayCrossAZ, function: function, component: tableId,
                message:
                    "\(tableId) sends \(destinations) from \(subnetText) to \(nat.id) in \(natZone): \(function.name)'s internet traffic pays cross-AZ data transfer, and those subnets lose the internet when \(natZone) is impaired.",
                fix: fix.text)
        }
    }

    /// The services with gateway endpoints, whose paths `natForGatewayServices` reads for a NAT
    /// gateway (the only check that reads an answer's hops).
    static let gatewayEndpointServices = ["dynamodb", "s3"]

    func natForGatewayServices(_ function: LambdaFunction, answers: [Answer]) -> [Finding] {
        var out: [Finding] = []
        for service in Self.gatewayEndpointServices {
            guard let answer = answers.first(where: { $0.target == service }) else { continue }
            var tables: [String] = []
            var nats: [String] = []
            var vpcId = ""
            for subnet in answer.subnets where subnet.hops.contains(where: { $0.kind == .natGateway }) {
                if let table = network.routeTable(forSubnet: subnet.subnet), !tables.contains(table.id) {
                    tables.append(table.id)
                    vpcId = table.vpcId
                }
                for hop in subnet.hops where hop.kind == .natGateway && !nats.contains(hop.component) {
                    nats.append(hop.component)
                }
            }
            guard let first = tables.first else { continue }
            // Only an endpoint that serves can take a route: a deleted or failed one is gone
            // (describe-vpc-endpoints lists it for a while), and one in another state carries
            // nothing; the fix then makes a new one.
            let existing = network.endpoints(inVPC: vpcId).first {
                $0.kind == .gateway && $0.lifecycle == .serving && $0.serves(service, in: function.region)
            }
            let fix: ShellCommand =
                existing.map {
                    "aws ec2 modify-vpc-endpoint --vpc-endpoint-id \($0.id) --add-route-table-ids \(list: tables, separator: " ")"
                }
                ?? "aws ec2 create-vpc-endpoint --vpc-id \(vpcId) --service-name com.amazonaws.\(function.region).\(service) --route-table-ids \(list: tables, separator: " ")"
            let endpointText =
                existing.map {
                    " \($0.id), a \(service) gateway endpoint, exists in \(vpcId) but is not on \(tables.count == 1 ? "that table" : "those tables")."
                }
                ?? " A gateway endpoint for \(service) is free."
            out.append(
                Finding(
                    rule: .natForGatewayEndpointService, function: function, target: service, component: first,
                    message:
                        "\(function.name)'s \(service) traffic goes through \(nats.joined(separator: ", ")) (route table\(tables.count == 1 ? "" : "s") \(tables.joined(separator: ", "))), which charges for every gigabyte processed.\(endpointText)",
                    fix: fix.text))
        }
        return out
    }

    // MARK: Endpoints and DNS

    /// The matrix name of an endpoint's service: `aws:sqs` for AWS services in the region.
    static func targetName(_ endpoint: VPCEndpoint, region: String) -> String {
        endpoint.serviceName.hasPrefix("com.amazonaws.\(region).")
            ? Target.awsService(endpoint.shortServiceName).description : endpoint.serviceName
    }

    /// Interface endpoints whose groups refuse the function, or with private DNS off, and VPCs
    /// whose DNS attributes keep endpoints' names from resolving. An endpoint the function's
    /// answer to its service already reports as blocking is not checked again: most functions
    /// of a VPC whose endpoint refuses them ask that endpoint's service.
    func endpoints(_ function: LambdaFunction, vpcs: [String], subnets: [Subnet], reported: Reported) -> [Finding] {
        var out: [Finding] = []
        // The function's groups in the inventory: their IDs, and the first one's region.
        let groups = function.securityGroupIds.compactMap { network.securityGroups[$0] }
        let groupIds = groups.map(\.id)
        let groupRegion = groups.first?.region
        for vpcId in vpcs {
            let vpc = network.vpcs[vpcId]
            let listed = interfacesByVPC[vpcId] ?? Self.interfaceEndpoints(in: vpcId, solver: solver)
            let ownSubnets = subnets.filter { $0.vpcId == vpcId }
            func target(_ item: InterfaceEndpoint) -> String {
                item.target ?? Self.targetName(item.endpoint, region: function.region)
            }
            // Port 443 is an AWS service's; an endpoint service listens where its owner says.
            for item in listed where !item.isEndpointService {
                guard let group = item.groups.first,
                    !reported.contains(target: target(item), component: group.id)
                else { continue }
                let refused = ownSubnets.filter { subnet in
                    !Filters.ingress(
                        groups: item.groups, source: subnet.addresses, sourceGroupIds: groupIds,
                        sourceRegion: groupRegion, ipProtocol: .tcp, port: 443, network: network
                    ).allowed
                }
                guard !refused.isEmpty else { continue }
                let endpoint = item.endpoint
                let source: ShellCommand =
                    function.securityGroupIds.first.map { "--source-group \($0)" }
                    ?? "--cidr \(refused[0].cidr?.description ?? refused[0].id)"
                // Prose and ShellCommand, not String interpolation, here and below: these are
                // written for most functions of a VPC whose endpoints refuse them or have private
                // DNS off.
                let subnetsText = refused.map { "\($0.id) (\($0.cidr?.description ?? "no CIDR"))" }
                let message: Prose =
                    "\(endpoint.id) (\(endpoint.serviceName)) is guarded by \(endpoint.securityGroupIds, separator: ", "), which admit TCP 443 neither from \(function.name)'s security groups (\(function.securityGroupIds, separator: ", ")) nor from all of \(subnetsText, separator: ", "): calls through the endpoint time out."
                let fix: ShellCommand =
                    "aws ec2 authorize-security-group-ingress --group-id \(group.id) --protocol tcp --port 443 \(source)"
                out.append(
                    Finding(
                        rule: .interfaceEndpointSGDeniesFunction, function: function, target: target(item),
                        component: group.id, message: message.text, fix: fix.text))
            }
            for item in listed where item.isAWSService && item.privateDNSOffUncovered {
                let endpoint = item.endpoint
                guard !reported.contains(target: target(item), component: endpoint.id) else { continue }
                // A gateway endpoint of the service that every subnet of the function routes to
                // carries its calls (S3, DynamoDB): the interface endpoint beside it is for
                // on-premises and peered networks, whose private DNS would only take the VPC's
                // calls from the free gateway endpoint to a paid one.
                if !ownSubnets.isEmpty,
                    ownSubnets.allSatisfy({ facts(of: $0).reach.gatewayServices.contains(endpoint.serviceName) })
                {
                    continue
                }
                let message: Prose =
                    "\(endpoint.id) (\(endpoint.serviceName)) in \(vpcId) has private DNS off: the service's name resolves to its public endpoint, so \(function.name)'s calls go through a NAT gateway (or fail without one) and the endpoint is not used."
                let fix: ShellCommand =
                    "aws ec2 modify-vpc-endpoint --vpc-endpoint-id \(endpoint.id) --private-dns-enabled"
                out.append(
                    Finding(
                        rule: .interfaceEndpointPrivateDNSOff, function: function, target: target(item),
                        component: endpoint.id, message: message.text, fix: fix.text))
            }
            if let vpc,
                let endpoint = listed.first(where: { $0.isAWSService && $0.endpoint.privateDNSEnabled })?.endpoint,
                vpc.enableDnsSupport == false || vpc.enableDnsHostnames == false
            {
                var off: [String] = []
                var fixes: [ShellCommand] = []
                for (name, value) in [
                    ("enableDnsSupport", vpc.enableDnsSupport), ("enableDnsHostnames", vpc.enableDnsHostnames),
                ]
                where value == false {
                    off.append(name)
                    fixes.append(Explain.enableDNSAttribute(name, vpcId: vpc.id))
                }
                out.append(
                    Finding(
                        rule: .vpcDNSAttributesOff, function: function, component: vpc.id,
                        message:
                            "\(vpc.id) has \(off.joined(separator: " and ")) off, so the private DNS names of its interface endpoints (\(endpoint.id) and any others) do not resolve: \(function.name)'s calls go to the services' public endpoints.",
                        fix: fixes.joined(separator: "\n").text))
            }
        }
        return out
    }
}
