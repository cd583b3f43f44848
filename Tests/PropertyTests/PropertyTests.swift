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

    @Test("random topologies: internet and rds, per subnet", arguments: 0..<chunkCount)
    func randomTopologies(chunk: Int) throws {
        let start = Self.firstSeed + Self.seedCount * UInt64(chunk) / UInt64(Self.chunkCount)
        let end = Self.firstSeed + Self.seedCount * UInt64(chunk + 1) / UInt64(Self.chunkCount)
        var tally = Tally()
        for seed in start..<end {
            let generated = TopologyGenerator.make(seed: seed)
            for target in [CaseTarget.internet, .database] {
                let comparison = try compare(generated, target: target)
                tally.add(comparison)
                guard !comparison.disagreements.isEmpty else { continue }
                // The first few in full, then one line each: a broken solver should not bury the log.
                Issue.record(
                    Comment(
                        rawValue: tally.disagreements <= 3
                            ? comparison.report()
                            : "DISAGREEMENT seed \(seed) target \(comparison.target): \(comparison.disagreements.joined(separator: "; "))"
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
        for target in [CaseTarget.internet, .database] {
            let comparison = try compare(generated, target: target)
            var lines = [comparison.report()]
            for subnet in comparison.answer.subnets {
                for blocker in subnet.blockers {
                    lines.append("  \(subnet.subnet) \(blocker.code)@\(blocker.component): \(blocker.message)")
                }
            }
            lines += comparison.answer.notes.map { "  note: \($0)" }
            print(lines.joined(separator: "\n"))
        }
    }

    @Test("failing seeds kept as fixtures stay fixed", arguments: FailingSeed.all)
    func replayFailingSeed(_ fixture: FailingSeed) throws {
        let target: CaseTarget = fixture.target == "internet" ? .internet : .database
        let comparison = try compare(TopologyGenerator.make(seed: fixture.seed), target: target)
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
        for seed: UInt64 in [1, 2, 3, 488, 5192] {
            for byte in canonicalDump(TopologyGenerator.make(seed: seed)).utf8 {
                hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
            }
        }
        #expect(
            hash == Self.generatorFingerprint,
            "the generator changed (fingerprint \(String(hash, radix: 16))): re-derive Fixtures/failing-seeds.json")
    }

    static let generatorFingerprint: UInt64 = 0xc2f7_a5a3_572b_0693

    @Test("the generator is deterministic and covers the interesting shapes")
    func generatorCoverage() {
        let a = TopologyGenerator.make(seed: 42)
        let b = TopologyGenerator.make(seed: 42)
        #expect(a.network.subnets == b.network.subnets && a.network.routeTables == b.network.routeTables)
        #expect(a.network.securityGroups == b.network.securityGroups && a.database == b.database)
        var shapes = Set<String>()
        for seed in UInt64(1)...400 {
            let generated = TopologyGenerator.make(seed: seed)
            let network = generated.network
            if network.vpcs.count == 2 { shapes.insert("two VPCs") }
            if network.peerings.values.contains(where: \.isActive) { shapes.insert("active peering") }
            if network.peerings.values.contains(where: { !$0.isActive }) { shapes.insert("inactive peering") }
            if generated.database.vpcId != network.subnets[generated.function.subnetIds[0]]!.vpcId {
                shapes.insert("database in the other VPC")
            }
            if network.natGateways.values.contains(where: { !$0.isPublic }) { shapes.insert("private NAT") }
            if network.natGateways.values.contains(where: { $0.state != "available" }) { shapes.insert("failed NAT") }
            if network.internetGateways.values.contains(where: \.attachedVPCs.isEmpty) { shapes.insert("detached IGW") }
            let routes = network.routeTables.values.flatMap(\.routes)
            if routes.contains(where: \.isBlackhole) { shapes.insert("blackhole") }
            if routes.contains(where: \.isPropagated) { shapes.insert("propagated") }
            if routes.contains(where: { if case .prefixList = $0.destination { return true } else { return false } }) {
                shapes.insert("prefix-list route")
            }
            if network.securityGroups.values.contains(where: { $0.isDefault && $0.ingress.isEmpty && $0.egress.isEmpty }
            ) {
                shapes.insert("implicit default group")
            }
            if network.networkACLs.values.contains(where: { $0.inbound.isEmpty || $0.outbound.isEmpty }) {
                shapes.insert("empty NACL")
            }
            if Set(generated.function.subnetIds.compactMap { network.subnets[$0]?.availabilityZone }).count > 1 {
                shapes.insert("function in several AZs")
            }
            if Set(network.vpcs.values.map(\.region)).count > 1 { shapes.insert("two regions") }
            // What the oracle finds: every verdict occurs, for both targets.
            let oracle = Oracle(network: network)
            for (label, verdicts) in [
                ("internet", oracle.internet(generated.function)),
                ("rds", oracle.database(generated.function, generated.database)),
            ] {
                let reachable = verdicts.values.filter { $0 == .reachable }.count
                if reachable == verdicts.count { shapes.insert("\(label) reachable") }
                if reachable == 0 { shapes.insert("\(label) unreachable") }
                if reachable > 0 && reachable < verdicts.count { shapes.insert("\(label) partial") }
            }
            if network.peerings.values.contains(where: \.isActive)
                && generated.database.vpcId != network.subnets[generated.function.subnetIds[0]]!.vpcId
                && oracle.database(generated.function, generated.database).values.contains(.reachable)
            {
                shapes.insert("rds reachable through peering")
            }
        }
        let expected: Set<String> = [
            "two VPCs", "active peering", "inactive peering", "database in the other VPC", "private NAT", "failed NAT",
            "detached IGW", "blackhole", "propagated", "prefix-list route", "implicit default group", "empty NACL",
            "function in several AZs", "two regions", "internet reachable", "internet unreachable", "internet partial",
            "rds reachable", "rds unreachable", "rds partial", "rds reachable through peering",
        ]
        #expect(shapes == expected, "missing: \(expected.subtracting(shapes).sorted())")
    }
}

// MARK: - Comparing

enum CaseTarget: String, Sendable {
    case internet, database
}

/// The solver's and the oracle's verdicts for one seed and target.
struct Comparison {
    var seed: UInt64
    var target: String
    var generated: GeneratedCase
    var answer: Answer
    var oracle: [String: Oracle.Verdict]
    var solverTime: Duration = .zero
    var oracleTime: Duration = .zero
    var disagreements: [String] = []
    var undetermined: [String] = []

    func report() -> String {
        var lines = ["DISAGREEMENT seed \(seed) target \(target)"]
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
        }
    }
    switch target {
    case .internet: question = Question(function: generated.function, target: .internet)
    case .database: question = Question(function: generated.function, target: .database(generated.database.identifier))
    }
    let start = clock.now
    let answer = try solver.answer(question)
    let solverTime = clock.now - start
    var comparison = Comparison(
        seed: seed, target: question.target.description, generated: generated, answer: answer, oracle: expected,
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
        verdicts[
            "\(comparison.target.hasPrefix("rds:") ? "rds" : comparison.target) \(comparison.answer.verdict.rawValue)",
            default: 0] += 1
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
    for vpc in network.vpcs.values.sorted(by: { $0.id < $1.id }) {
        lines.append("vpc \(vpc.id) \(vpc.region) \(vpc.cidrs.map(cidr))")
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
        lines.append("pcx \(peering.id) \(peering.status) \(peering.requester.vpcId) \(peering.accepter.vpcId)")
    }
    for endpoint in network.endpoints.values.sorted(by: { $0.id < $1.id }) {
        lines.append("vpce \(endpoint.id) \(endpoint.serviceName) \(endpoint.routeTableIds)")
    }
    let function = generated.function
    let database = generated.database
    lines.append("function \(function.name) \(function.subnetIds) \(function.securityGroupIds)")
    lines.append(
        "database \(database.identifier) \(database.port ?? 0) \(database.vpcId ?? "-") \(database.subnetIds) \(database.securityGroupIds)"
    )
    return lines.joined(separator: "\n")
}

/// The topology in a few lines, for a disagreement report.
func describe(_ generated: GeneratedCase) -> [String] {
    let network = generated.network
    var lines: [String] = []
    for vpc in network.vpcs.values.sorted(by: { $0.id < $1.id }) {
        lines.append("\(vpc.id) \(vpc.cidrs.map(\.description).joined(separator: ",")) \(vpc.region)")
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
            "\(nat.id) in \(nat.subnetId) \(nat.isPublic ? "public" : "private") \(nat.state) eip=\(nat.publicAddresses)"
        )
    }
    for gateway in network.internetGateways.values.sorted(by: { $0.id < $1.id }) {
        lines.append("\(gateway.id) attached=\(gateway.attachedVPCs)")
    }
    for peering in network.peerings.values.sorted(by: { $0.id < $1.id }) {
        lines.append(
            "\(peering.id) \(peering.status) \(peering.requester.vpcId)(\(peering.requester.region ?? "")) <-> \(peering.accepter.vpcId)(\(peering.accepter.region ?? ""))"
        )
    }
    for endpoint in network.endpoints.values.sorted(by: { $0.id < $1.id }) {
        lines.append(
            "\(endpoint.id) \(endpoint.kind.rawValue) \(endpoint.serviceName) tables=\(endpoint.routeTableIds)")
    }
    let function = generated.function
    lines.append("function \(function.name) subnets=\(function.subnetIds) groups=\(function.securityGroupIds)")
    let database = generated.database
    lines.append(
        "database \(database.identifier) port \(database.port ?? 0) in \(database.vpcId ?? "?") subnets=\(database.subnetIds) groups=\(database.securityGroupIds)"
    )
    return lines
}
