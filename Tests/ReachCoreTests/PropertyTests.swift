import Foundation
import ReachCore
import Testing

/// The solver against the naive oracle on random small topologies (see Oracle.swift and
/// TopologyGenerator.swift). Seeds whose answers ever disagreed are kept in
/// Fixtures/failing-seeds.json and replayed on their own.
@Suite("Property: solver verdicts equal a naive packet-by-packet oracle")
struct PropertyTests {
    /// Seeds 1...seedCount, in chunks that Swift Testing runs in parallel. Override with
    /// PROPERTY_SEEDS=N and PROPERTY_FIRST_SEED=S to explore other seeds.
    static let seedCount: UInt64 = environment("PROPERTY_SEEDS") ?? 3000
    static let firstSeed: UInt64 = environment("PROPERTY_FIRST_SEED") ?? 1
    static let chunkCount = 16

    @Test("random topologies: internet, rds and ip, per subnet", arguments: 0..<chunkCount)
    func randomTopologies(chunk: Int) throws {
        let start = Self.firstSeed + Self.seedCount * UInt64(chunk) / UInt64(Self.chunkCount)
        let end = Self.firstSeed + Self.seedCount * UInt64(chunk + 1) / UInt64(Self.chunkCount)
        var tally = Tally()
        for seed in start..<end {
            let generated = TopologyGenerator.make(seed: seed)
            for target in CaseTarget.all(of: generated) {
                let comparison = try compare(generated, target: target)
                tally.add(comparison)
                guard !comparison.disagreements.isEmpty else { continue }
                // The first few in full, then one line each: a broken solver should not bury the log.
                Issue.record(
                    Comment(
                        rawValue: tally.disagreements <= 3
                            ? comparison.report()
                            : "DISAGREEMENT seed \(seed) target \(comparison.target) (\(comparison.kind)): \(comparison.disagreements.joined(separator: "; "))"
                    ))
            }
        }
        print("property chunk \(chunk) seeds \(start)..<\(end): \(tally)")
    }

    /// PROPERTY_SHOW=N prints seed N's comparisons in full, with the solver's messages and
    /// notes: what a disagreement is judged from. Does nothing otherwise.
    @Test("show one seed (PROPERTY_SHOW)")
    func showSeed() throws {
        guard let seed = environment("PROPERTY_SHOW") else { return }
        let generated = TopologyGenerator.make(seed: seed)
        for target in CaseTarget.all(of: generated) {
            let comparison = try compare(generated, target: target)
            var lines = [comparison.report()]
            for subnet in comparison.answer.subnets {
                for hop in subnet.hops {
                    lines.append("  \(subnet.subnet) hop \(hop.component) (\(hop.kind)): \(hop.detail)")
                }
                for blocker in subnet.blockers {
                    lines.append(
                        "  \(subnet.subnet) \(blocker.code)@\(blocker.component): \(comparison.answer.words(of: blocker).message)"
                    )
                }
            }
            lines += comparison.answer.notes.map { "  note: \($0)" }
            print(lines.joined(separator: "\n"))
        }
    }

    @Test("failing seeds kept as fixtures stay fixed", arguments: FailingSeed.all)
    func replayFailingSeed(_ fixture: FailingSeed) throws {
        let generated = TopologyGenerator.make(seed: fixture.seed)
        guard let target = CaseTarget.all(of: generated).first(where: { $0.label(generated) == fixture.target }) else {
            Issue.record("seed \(fixture.seed) no longer asks \(fixture.target): re-derive Fixtures/failing-seeds.json")
            return
        }
        let comparison = try compare(generated, target: target)
        #expect(
            comparison.undetermined.isEmpty,
            "seed \(fixture.seed): the oracle cannot decide: \(comparison.undetermined)")
        if !comparison.disagreements.isEmpty {
            Issue.record(Comment(rawValue: "fixture note: \(fixture.note)\n" + comparison.report()))
        }
    }

    /// The seeds in Fixtures/failing-seeds.json mean something only for this generator: when
    /// this fingerprint changes, every seed builds another topology (see Fixtures/README.md).
    @Test("the generator still builds the topologies the fixture seeds were found with")
    func generatorFingerprint() {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a
        for seed: UInt64 in [1, 2, 3, 1256, 8488] {
            for byte in canonicalDump(TopologyGenerator.make(seed: seed)).utf8 {
                hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
            }
        }
        #expect(
            hash == Self.generatorFingerprint,
            "the generator changed (fingerprint \(String(hash, radix: 16))): re-derive Fixtures/failing-seeds.json")
    }

    static let generatorFingerprint: UInt64 = 0x40fa_9304_b34f_fe0a

    @Test("the generator is deterministic and covers the interesting shapes")
    func generatorCoverage() {
        let a = TopologyGenerator.make(seed: 42)
        let b = TopologyGenerator.make(seed: 42)
        #expect(a.network.subnets == b.network.subnets && a.network.routeTables == b.network.routeTables)
        #expect(a.network.securityGroups == b.network.securityGroups && a.database == b.database)
        #expect(a.network.networkInterfaces == b.network.networkInterfaces && a.probes == b.probes)
        var shapes = Set<String>()
        for seed in UInt64(1)...Self.coverageSeeds {
            let generated = TopologyGenerator.make(seed: seed)
            shapes.formUnion(Self.shapes(of: generated))
            // What the oracle finds: every verdict of every kind of question.
            let oracle = Oracle(network: generated.network)
            for target in CaseTarget.all(of: generated) {
                let verdicts: [String: Oracle.Verdict]
                switch target {
                case .internet: verdicts = oracle.internet(generated.function)
                case .database: verdicts = oracle.database(generated.function, generated.database)
                case .address(let probe):
                    verdicts = oracle.address(
                        generated.function, probe.address, port: probe.port, ipProtocol: probe.ipProtocol)
                }
                var labels = [target.kind]
                if case .database = target {
                    if Self.resolvesPublicly(generated) { labels.append("rds public") }
                    if generated.database.status != "available" { labels.append("rds \(generated.database.status!)") }
                }
                let reachable = verdicts.values.filter { $0 == .reachable }.count
                // The oracle's first failing connection, when VPC Block Public Access drops it.
                if verdicts.values.contains(where: {
                    if case .unreachable(let why) = $0 { return why.contains("VPC Block Public Access") }
                    return false
                }) {
                    shapes.insert("\(target.kind) blocked by BPA")
                }
                for label in labels {
                    if reachable == verdicts.count { shapes.insert("\(label) reachable") }
                    if reachable == 0 { shapes.insert("\(label) unreachable") }
                    if reachable > 0 && reachable < verdicts.count { shapes.insert("\(label) partial") }
                }
                if case .database = target, reachable > 0,
                    generated.database.vpcId != generated.network.subnets[generated.function.subnetIds[0]]!.vpcId,
                    !Self.resolvesPublicly(generated)
                {
                    shapes.insert("rds reachable through peering")
                }
            }
        }
        let everyVerdict = ["reachable", "unreachable", "partial"]
        var expected: Set<String> = [
            "two VPCs", "active peering", "inactive peering", "database in the other VPC", "private NAT", "failed NAT",
            "detached IGW", "blackhole", "propagated", "prefix-list route", "prefix list with CIDRs",
            "implicit default group", "default group with no rules worn by the function",
            "default group with no rules worn by the database", "empty NACL", "function in several AZs",
            "two regions", "overlapping VPCs", "B's range split between two peerings", "B's range in one peering",
            "public /24 blackhole", "public /24 to a VPN gateway", "public /16 into a peering",
            "interface with a public address", "interface without one", "NAT gateway EIP",
            "publicly accessible database", "public database: its subnets route to an attached IGW",
            "public database: its VPC has no attached IGW", "peering: database side resolves DNS",
            "peering: database side does not", "peering: DNS option not exported", "database not serving",
            "database in maintenance", "proxy", "cluster", "DNS support off", "rds reachable through peering",
            "rds stopped unreachable", "rds backing-up reachable", "ip NAT EIP unreachable",
            "ip NAT interface unreachable", "ip no subnet unreachable", "ip DNS server reachable",
            "ip DNS server unreachable", "BPA block-bidirectional", "BPA block-ingress", "BPA off", "BPA exclusion",
            "BPA exclusion not in effect", "BPA subnet states", "internet blocked by BPA", "rds blocked by BPA",
            "ip public owner blocked by BPA",
        ]
        for kind in [
            "internet", "rds", "rds public", "ip interface", "ip no interface", "ip overlap", "ip public owner",
            "ip public unowned",
        ] {
            expected.formUnion(everyVerdict.map { "\(kind) \($0)" })
        }
        #expect(expected.subtracting(shapes).isEmpty, "missing: \(expected.subtracting(shapes).sorted())")
    }

    /// Seeds the coverage test looks through: enough for the rarer shapes (a public database
    /// reached from some subnets only) to occur.
    static let coverageSeeds: UInt64 = 1000

    static func resolvesPublicly(_ generated: GeneratedCase) -> Bool {
        let database = generated.database
        let functionVPC = generated.network.subnets[generated.function.subnetIds[0]]!.vpcId
        guard database.publiclyAccessible, database.vpcId != functionVPC else { return false }
        return !generated.network.peerings.values.contains {
            $0.isActive && $0.peer(of: functionVPC)?.vpcId == database.vpcId
                && $0.peer(of: functionVPC)?.allowsDNSResolutionFromRemoteVPC == true
        }
    }

    /// The shapes of one topology, by what the generator put in it.
    static func shapes(of generated: GeneratedCase) -> Set<String> {
        var shapes = Set<String>()
        let network = generated.network
        let database = generated.database
        let functionVPC = network.subnets[generated.function.subnetIds[0]]!.vpcId
        if network.vpcs.count >= 2 { shapes.insert("two VPCs") }
        for settings in network.blockPublicAccess.values {
            if let mode = settings.mode { shapes.insert("BPA \(mode.rawValue)") }
            if settings.exclusions?.contains(where: \.isInEffect) == true { shapes.insert("BPA exclusion") }
            if settings.exclusions?.contains(where: { !$0.isInEffect }) == true {
                shapes.insert("BPA exclusion not in effect")
            }
        }
        if network.subnets.values.contains(where: { $0.blockPublicAccessMode != nil }) {
            shapes.insert("BPA subnet states")
        }
        if Set(network.vpcs.values.map(\.cidrs)).count < network.vpcs.count { shapes.insert("overlapping VPCs") }
        if network.peerings.values.contains(where: \.isActive) { shapes.insert("active peering") }
        if network.peerings.values.contains(where: { !$0.isActive }) { shapes.insert("inactive peering") }
        if database.vpcId != functionVPC { shapes.insert("database in the other VPC") }
        if network.natGateways.values.contains(where: { !$0.isPublic }) { shapes.insert("private NAT") }
        if network.natGateways.values.contains(where: { $0.state != "available" }) { shapes.insert("failed NAT") }
        if network.natGateways.values.contains(where: { !$0.publicAddresses.isEmpty }) {
            shapes.insert("NAT gateway EIP")
        }
        if network.internetGateways.values.contains(where: \.attachedVPCs.isEmpty) { shapes.insert("detached IGW") }
        let routes = network.routeTables.values.flatMap(\.routes)
        if routes.contains(where: \.isBlackhole) { shapes.insert("blackhole") }
        if routes.contains(where: \.isPropagated) { shapes.insert("propagated") }
        if routes.contains(where: { if case .prefixList = $0.destination { return true } else { return false } }) {
            shapes.insert("prefix-list route")
        }
        if network.prefixLists.values.contains(where: { $0.cidrs != nil }) { shapes.insert("prefix list with CIDRs") }
        func destination(_ route: Route) -> IPv4CIDR? {
            if case .cidr(let cidr) = route.destination { return cidr }
            return nil
        }
        for table in network.routeTables.values where table.vpcId == functionVPC {
            let peered = table.routes.filter { $0.targetKind == .pcx && destination($0)?.prefixLength == 25 }
            if Set(peered.compactMap(\.targetId)).count == 2 { shapes.insert("B's range split between two peerings") }
            if table.routes.contains(where: { route in
                guard route.targetKind == .pcx, let cidr = destination(route), cidr.prefixLength == 24 else {
                    return false
                }
                return network.vpcs.values.filter { $0.cidrs.contains(cidr) }.count == 2
            }) {
                shapes.insert("B's range in one peering")
            }
        }
        for route in routes {
            guard let cidr = destination(route), cidr.prefixLength >= 16, !cidr.address.description.hasPrefix("10.")
            else { continue }
            if route.isBlackhole && cidr.prefixLength == 24 && route.targetKind == .nat {
                shapes.insert("public /24 blackhole")
            }
            if route.targetKind == .vgw && !route.isPropagated { shapes.insert("public /24 to a VPN gateway") }
            if route.targetKind == .pcx && cidr.prefixLength == 16 { shapes.insert("public /16 into a peering") }
        }
        if network.networkInterfaces.values.contains(where: { !$0.publicAddresses.isEmpty }) {
            shapes.insert("interface with a public address")
        }
        if network.networkInterfaces.values.contains(where: { $0.publicAddresses.isEmpty }) {
            shapes.insert("interface without one")
        }
        if database.publiclyAccessible && database.vpcId != functionVPC {
            shapes.insert("publicly accessible database")
            let attached = network.internetGateways.values.filter { $0.attachedVPCs.contains(database.vpcId!) }
            if attached.isEmpty { shapes.insert("public database: its VPC has no attached IGW") }
            if database.subnetIds.allSatisfy({ subnet in
                network.routeTable(forSubnet: subnet)?.routes.contains {
                    destination($0) == .any && $0.targetKind == .igw && attached.map(\.id).contains($0.targetId ?? "")
                } == true
            }) {
                shapes.insert("public database: its subnets route to an attached IGW")
            }
            for peering in network.peerings.values where peering.peer(of: functionVPC)?.vpcId == database.vpcId {
                switch peering.peer(of: functionVPC)!.allowsDNSResolutionFromRemoteVPC {
                case true: shapes.insert("peering: database side resolves DNS")
                case false: shapes.insert("peering: database side does not")
                case nil: shapes.insert("peering: DNS option not exported")
                }
            }
        }
        switch database.status {
        case "available": break
        case "backing-up", "modifying", "storage-optimization", "resetting-master-credentials":
            shapes.insert("database in maintenance")
        default: shapes.insert("database not serving")
        }
        if database.kind == .proxy { shapes.insert("proxy") }
        if database.kind == .cluster { shapes.insert("cluster") }
        let emptied = network.securityGroups.values.filter { $0.isDefault && $0.ingress.isEmpty && $0.egress.isEmpty }
        if !emptied.isEmpty { shapes.insert("implicit default group") }
        if emptied.contains(where: { generated.function.securityGroupIds.contains($0.id) }) {
            shapes.insert("default group with no rules worn by the function")
        }
        if emptied.contains(where: { database.securityGroupIds.contains($0.id) }) {
            shapes.insert("default group with no rules worn by the database")
        }
        if network.networkACLs.values.contains(where: { $0.inbound.isEmpty || $0.outbound.isEmpty }) {
            shapes.insert("empty NACL")
        }
        if Set(generated.function.subnetIds.compactMap { network.subnets[$0]?.availabilityZone }).count > 1 {
            shapes.insert("function in several AZs")
        }
        if Set(network.vpcs.values.map(\.region)).count > 1 { shapes.insert("two regions") }
        if network.vpcs[functionVPC]?.enableDnsSupport == false { shapes.insert("DNS support off") }
        return shapes
    }
}

// MARK: - Comparing

/// A question a case asks: `internet`, `rds:` its database, or `ip:` one of its probes.
enum CaseTarget: Hashable, Sendable {
    case internet, database
    case address(Probe)

    static func all(of generated: GeneratedCase) -> [CaseTarget] {
        [.internet, .database] + generated.probes.map { .address($0) }
    }

    /// How fixtures name the question: `internet`, `rds:db-N`, `ip:A.B.C.D:PORT[/udp]`.
    func label(_ generated: GeneratedCase) -> String {
        switch self {
        case .internet: return "internet"
        case .database: return "rds:\(generated.database.identifier)"
        case .address(let probe): return probe.label
        }
    }

    /// The kind of question, for tallies and the coverage test.
    var kind: String {
        switch self {
        case .internet: return "internet"
        case .database: return "rds"
        case .address(let probe): return "ip \(probe.kind.rawValue)"
        }
    }
}

/// The solver's and the oracle's verdicts for one seed and target.
struct Comparison {
    var seed: UInt64
    var target: String
    var kind: String
    var generated: GeneratedCase
    var answer: Answer
    var oracle: [String: Oracle.Verdict]
    var solverTime: Duration = .zero
    var oracleTime: Duration = .zero
    var disagreements: [String] = []
    var undetermined: [String] = []

    func report() -> String {
        var lines = ["\(disagreements.isEmpty ? "AGREEMENT" : "DISAGREEMENT") seed \(seed) target \(target) (\(kind))"]
        lines += disagreements.map { "  " + $0 }
        lines.append("  solver: \(answer.verdict.rawValue)")
        for subnet in answer.subnets {
            let blockers = subnet.blockers.map { "\($0.code)@\($0.component)" }.joined(separator: ", ")
            lines.append("    \(subnet.subnet): \(subnet.verdict.rawValue) [\(blockers)]")
        }
        if !answer.blockers.isEmpty {
            lines.append(
                "    function-level: " + answer.blockers.map { "\($0.code)@\($0.component)" }.joined(separator: ", "))
        }
        lines.append("  oracle:")
        for (subnet, verdict) in oracle.sorted(by: { $0.key < $1.key }) { lines.append("    \(subnet): \(verdict)") }
        lines.append("  topology:")
        lines += describe(generated).map { "    " + $0 }
        return lines.joined(separator: "\n")
    }
}

func compare(_ generated: GeneratedCase, target: CaseTarget) throws -> Comparison {
    let seed = generated.seed
    let solver = Solver(network: generated.network)
    let oracle = Oracle(network: generated.network)
    let question: Question
    var expected: [String: Oracle.Verdict] = [:]
    let clock = ContinuousClock()
    let oracleTime = clock.measure {
        switch target {
        case .internet: expected = oracle.internet(generated.function)
        case .database: expected = oracle.database(generated.function, generated.database)
        case .address(let probe):
            expected = oracle.address(
                generated.function, probe.address, port: probe.port, ipProtocol: probe.ipProtocol)
        }
    }
    switch target {
    case .internet: question = Question(function: generated.function, target: .internet)
    case .database: question = Question(function: generated.function, target: .database(generated.database.identifier))
    case .address(let probe):
        question = Question(
            function: generated.function, target: .address(probe.address, port: probe.port), port: probe.port,
            ipProtocol: probe.ipProtocol)
    }
    let start = clock.now
    let answer = try solver.answer(question)
    let solverTime = clock.now - start
    var comparison = Comparison(
        seed: seed, target: target.label(generated), kind: target.kind, generated: generated, answer: answer,
        oracle: expected,
        solverTime: solverTime, oracleTime: oracleTime)

    let solverSubnets = Dictionary(answer.subnets.map { ($0.subnet, $0) }, uniquingKeysWith: { first, _ in first })
    if Set(solverSubnets.keys) != Set(generated.function.subnetIds) {
        comparison.disagreements.append(
            "subnets: solver answers for \(solverSubnets.keys.sorted()), the function has \(generated.function.subnetIds.sorted())"
        )
    }
    if !answer.blockers.isEmpty {
        comparison.disagreements.append("function-level blockers where there should be none")
    }
    var decided: [Bool] = []
    for subnetId in generated.function.subnetIds {
        guard let mine = expected[subnetId], let theirs = solverSubnets[subnetId] else { continue }
        let reachable: Bool
        switch mine {
        case .undetermined(let why):
            comparison.undetermined.append("\(subnetId): \(why)")
            continue
        case .reachable: reachable = true
        case .unreachable: reachable = false
        }
        decided.append(reachable)
        if reachable != (theirs.verdict == .reachable) {
            comparison.disagreements.append(
                "\(subnetId): solver \(theirs.verdict.rawValue), oracle \(mine)")
        }
        // An answer that says unreachable names a blocker, and a reachable one names none.
        if theirs.verdict != .reachable && theirs.blockers.isEmpty {
            comparison.disagreements.append("\(subnetId): solver says \(theirs.verdict.rawValue) without a blocker")
        }
        if theirs.verdict == .reachable && !theirs.blockers.isEmpty {
            comparison.disagreements.append("\(subnetId): solver says reachable but lists blockers")
        }
    }
    if comparison.undetermined.isEmpty && !decided.isEmpty {
        let overall: Verdict = decided.allSatisfy { $0 } ? .reachable : decided.contains(true) ? .partial : .unreachable
        if overall != answer.verdict {
            comparison.disagreements.append("overall: solver \(answer.verdict.rawValue), oracle \(overall.rawValue)")
        }
    }
    return comparison
}

/// Counts over a run, printed per chunk.
struct Tally: CustomStringConvertible {
    var cases = 0
    var subnets = 0
    var reachable = 0
    var undetermined = 0
    /// What the solver answered where the oracle could not decide.
    var undeterminedSolverVerdicts: [String: Int] = [:]
    var disagreements = 0
    var verdicts: [String: Int] = [:]
    var solverTime: Duration = .zero
    var oracleTime: Duration = .zero

    mutating func add(_ comparison: Comparison) {
        cases += 1
        solverTime += comparison.solverTime
        oracleTime += comparison.oracleTime
        verdicts["\(comparison.kind) \(comparison.answer.verdict.rawValue)", default: 0] += 1
        for (subnet, verdict) in comparison.oracle {
            subnets += 1
            if verdict == .reachable { reachable += 1 }
            if case .undetermined = verdict {
                undetermined += 1
                let solver = comparison.answer.subnets.first { $0.subnet == subnet }?.verdict.rawValue ?? "missing"
                undeterminedSolverVerdicts[solver, default: 0] += 1
            }
        }
        if !comparison.disagreements.isEmpty { disagreements += 1 }
    }

    var description: String {
        "\(cases) cases, \(subnets) subnet paths (\(reachable) reachable by the oracle, \(undetermined) undetermined where the solver said \(undeterminedSolverVerdicts.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))), \(disagreements) disagreeing cases; solver \(solverTime), oracle \(oracleTime); solver verdicts \(verdicts.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))"
    }
}

// MARK: - Fixtures

/// A seed that once disagreed: Fixtures/failing-seeds.json.
struct FailingSeed: Codable, Sendable, CustomTestStringConvertible {
    var seed: UInt64
    var target: String
    var note: String

    var testDescription: String { "seed \(seed) \(target)" }

    static var all: [FailingSeed] {
        guard
            let url = Bundle.module.url(forResource: "failing-seeds", withExtension: "json", subdirectory: "Fixtures"),
            let data = try? Data(contentsOf: url)
        else { return [] }
        return (try? JSONDecoder().decode([FailingSeed].self, from: data)) ?? []
    }
}

private func environment(_ name: String) -> UInt64? {
    ProcessInfo.processInfo.environment[name].flatMap { UInt64($0) }
}

// MARK: - Describing a topology

/// Every generated value in a fixed order, from the raw fields only (not the model's
/// descriptions, which may change without the generator changing).
func canonicalDump(_ generated: GeneratedCase) -> String {
    let network = generated.network
    func cidr(_ value: IPv4CIDR?) -> String { value.map { "\($0.address.value)/\($0.prefixLength)" } ?? "-" }
    func proto(_ value: IPProtocol) -> String {
        switch value {
        case .all: return "all"
        case .number(let number): return "\(number)"
        }
    }
    func ports(_ value: PortRange) -> String { "\(value.from)-\(value.to)" }
    var lines: [String] = []
    func flag(_ value: Bool?) -> String { value.map { "\($0)" } ?? "-" }
    for vpc in network.vpcs.values.sorted(by: { $0.id < $1.id }) {
        lines.append("vpc \(vpc.id) \(vpc.region) \(vpc.cidrs.map(cidr)) dns=\(flag(vpc.enableDnsSupport))")
    }
    for subnet in network.subnets.values.sorted(by: { $0.id < $1.id }) {
        lines.append("subnet \(subnet.id) \(subnet.vpcId) \(subnet.availabilityZone) \(cidr(subnet.cidr))")
    }
    for table in network.routeTables.values.sorted(by: { $0.id < $1.id }) {
        lines.append("rtb \(table.id) \(table.vpcId) \(table.isMain) \(table.associatedSubnets)")
        for route in table.routes {
            let destination: String
            switch route.destination {
            case .cidr(let value): destination = cidr(value)
            case .prefixList(let id): destination = id
            case .ipv6(let text): destination = text
            }
            lines.append(
                "  \(destination) \(route.targetKind.rawValue) \(route.targetId ?? "-") \(route.isBlackhole) \(route.isPropagated)"
            )
        }
    }
    for acl in network.networkACLs.values.sorted(by: { $0.id < $1.id }) {
        lines.append("acl \(acl.id) \(acl.vpcId) \(acl.isDefault) \(acl.associatedSubnets)")
        for entry in acl.inbound + acl.outbound {
            lines.append(
                "  \(entry.ruleNumber) \(proto(entry.ipProtocol)) \(entry.allow) \(cidr(entry.cidr)) \(ports(entry.ports))"
            )
        }
    }
    for group in network.securityGroups.values.sorted(by: { $0.id < $1.id }) {
        lines.append("sg \(group.id) \(group.vpcId) \(group.name) \(group.region)")
        for rule in group.ingress + group.egress {
            let peer: String
            switch rule.peer {
            case .cidr(let value): peer = cidr(value)
            case .group(let id), .prefixList(let id), .ipv6(let id): peer = id
            }
            lines.append("  \(rule.number) \(proto(rule.ipProtocol)) \(ports(rule.ports)) \(peer)")
        }
        lines.append("  \(group.ingress.count) in")
    }
    for nat in network.natGateways.values.sorted(by: { $0.id < $1.id }) {
        lines.append(
            "nat \(nat.id) \(nat.subnetId) \(nat.state) \(nat.isPublic) \(nat.privateAddresses.map(\.value)) \(nat.publicAddresses.map(\.value))"
        )
    }
    for gateway in network.internetGateways.values.sorted(by: { $0.id < $1.id }) {
        lines.append("igw \(gateway.id) \(gateway.attachedVPCs)")
    }
    for peering in network.peerings.values.sorted(by: { $0.id < $1.id }) {
        lines.append(
            "pcx \(peering.id) \(peering.status) \(peering.requester.vpcId) \(peering.accepter.vpcId) \(peering.requester.cidrs.map(cidr)) \(peering.accepter.cidrs.map(cidr)) \(flag(peering.requester.allowsDNSResolutionFromRemoteVPC)) \(flag(peering.accepter.allowsDNSResolutionFromRemoteVPC))"
        )
    }
    for endpoint in network.endpoints.values.sorted(by: { $0.id < $1.id }) {
        lines.append("vpce \(endpoint.id) \(endpoint.serviceName) \(endpoint.routeTableIds)")
    }
    for list in network.prefixLists.values.sorted(by: { $0.id < $1.id }) {
        lines.append("pl \(list.id) \(list.cidrs.map { $0.map(cidr) } ?? [])")
    }
    for eni in network.networkInterfaces.values.sorted(by: { $0.id < $1.id }) {
        lines.append(
            "eni \(eni.id) \(eni.vpcId) \(eni.subnetId) \(eni.interfaceType) \(eni.privateAddresses.map(\.value)) \(eni.publicAddresses.map(\.value)) \(eni.securityGroupIds)"
        )
    }
    let function = generated.function
    let database = generated.database
    lines.append("function \(function.name) \(function.subnetIds) \(function.securityGroupIds)")
    lines.append(
        "database \(database.identifier) \(database.kind.rawValue) \(database.status ?? "-") \(database.publiclyAccessible) \(database.port ?? 0) \(database.vpcId ?? "-") \(database.subnetIds) \(database.securityGroupIds)"
    )
    for probe in generated.probes { lines.append("probe \(probe.kind.rawValue) \(probe.label)") }
    for (key, settings) in network.blockPublicAccess.sorted(by: { $0.key < $1.key }) {
        let exclusions = settings.exclusions.map { list in
            list.map { "\($0.id) \($0.mode.rawValue) \($0.resourceId) \($0.state ?? "-")" }.description
        }
        lines.append("bpa \(key) \(settings.mode?.rawValue ?? "-") \(exclusions ?? "-")")
    }
    for subnet in network.subnets.values.sorted(by: { $0.id < $1.id }) where subnet.blockPublicAccessMode != nil {
        lines.append("bpa \(subnet.id) \(subnet.blockPublicAccessMode!.rawValue)")
    }
    for vpc in network.vpcs.values.sorted(by: { $0.id < $1.id }) where vpc.blockPublicAccessMode != nil {
        lines.append("bpa \(vpc.id) \(vpc.blockPublicAccessMode!.rawValue)")
    }
    return lines.joined(separator: "\n")
}

/// The topology in a few lines, for a disagreement report.
func describe(_ generated: GeneratedCase) -> [String] {
    let network = generated.network
    var lines: [String] = []
    func side(_ side: PeeringConnection.Side) -> String {
        let dns = side.allowsDNSResolutionFromRemoteVPC.map { ", resolves for the remote VPC: \($0)" } ?? ""
        return "\(side.vpcId)(\(side.region ?? "")\(dns))"
    }
    for vpc in network.vpcs.values.sorted(by: { $0.id < $1.id }) {
        lines.append(
            "\(vpc.id) \(vpc.cidrs.map(\.description).joined(separator: ",")) \(vpc.region)\(vpc.enableDnsSupport.map { " enableDnsSupport=\($0)" } ?? "")"
        )
    }
    for subnet in network.subnets.values.sorted(by: { $0.id < $1.id }) {
        lines.append(
            "\(subnet.id) \(subnet.vpcId) \(subnet.cidr?.description ?? "-") \(subnet.availabilityZone) rtb=\(network.routeTable(forSubnet: subnet.id)?.id ?? "none") acl=\(network.networkACL(forSubnet: subnet.id)?.id ?? "none")"
        )
    }
    for table in network.routeTables.values.sorted(by: { $0.id < $1.id }) {
        let routes = table.routes.map { $0.summary + ($0.isPropagated ? " (propagated)" : "") }
        lines.append(
            "\(table.id) \(table.vpcId)\(table.isMain ? " main" : "") assoc=\(table.associatedSubnets): \(routes.joined(separator: "; "))"
        )
    }
    for acl in network.networkACLs.values.sorted(by: { $0.id < $1.id }) {
        lines.append("\(acl.id) \(acl.vpcId)\(acl.isDefault ? " default" : "") assoc=\(acl.associatedSubnets)")
        lines.append("  in:  \(acl.inbound.map(\.summary).joined(separator: "; "))")
        lines.append("  out: \(acl.outbound.map(\.summary).joined(separator: "; "))")
    }
    for group in network.securityGroups.values.sorted(by: { $0.id < $1.id }) {
        lines.append("\(group.id) \(group.vpcId) \(group.name)")
        lines.append("  in:  \(group.ingress.map(\.summary).joined(separator: "; "))")
        lines.append("  out: \(group.egress.map(\.summary).joined(separator: "; "))")
    }
    for nat in network.natGateways.values.sorted(by: { $0.id < $1.id }) {
        lines.append(
            "\(nat.id) in \(nat.subnetId) \(nat.isPublic ? "public" : "private") \(nat.state) private=\(nat.privateAddresses) eip=\(nat.publicAddresses)"
        )
    }
    for gateway in network.internetGateways.values.sorted(by: { $0.id < $1.id }) {
        lines.append("\(gateway.id) attached=\(gateway.attachedVPCs)")
    }
    for peering in network.peerings.values.sorted(by: { $0.id < $1.id }) {
        lines.append(
            "\(peering.id) \(peering.status) \(side(peering.requester)) <-> \(side(peering.accepter))"
        )
    }
    for eni in network.networkInterfaces.values.sorted(by: { $0.id < $1.id }) {
        lines.append(
            "\(eni.id) \(eni.interfaceType) in \(eni.subnetId) \(eni.privateAddresses) public=\(eni.publicAddresses) groups=\(eni.securityGroupIds)"
        )
    }
    for list in network.prefixLists.values.sorted(by: { $0.id < $1.id }) {
        lines.append(
            "\(list.id) \(list.cidrs.map { $0.map(\.description).joined(separator: ",") } ?? "(CIDRs not exported)")")
    }
    for endpoint in network.endpoints.values.sorted(by: { $0.id < $1.id }) {
        lines.append(
            "\(endpoint.id) \(endpoint.kind.rawValue) \(endpoint.serviceName) tables=\(endpoint.routeTableIds)")
    }
    let function = generated.function
    lines.append("function \(function.name) subnets=\(function.subnetIds) groups=\(function.securityGroupIds)")
    let database = generated.database
    lines.append(
        "database \(database.identifier) (\(database.kind.rawValue), \(database.status ?? "?")\(database.publiclyAccessible ? ", publicly accessible" : "")) port \(database.port ?? 0) in \(database.vpcId ?? "?") subnets=\(database.subnetIds) groups=\(database.securityGroupIds)"
    )
    return lines
}
