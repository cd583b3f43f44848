import Foundation
import ReachCore
import ReachInventory
import Testing

/// Every command reads one snapshot of the inventory: while imports of two different
/// organisations alternate in the same file, each whole-inventory load (what `audit` reads,
/// security groups on a second connection included) and each question (`query`, `why`) sees
/// one organisation or the other, never a mixture of the two.
@Suite("One snapshot per answer, while imports alternate")
struct SnapshotTests {
    /// A loaded network, compared part by part (every model type is Hashable; `Network`
    /// itself is not Equatable).
    struct Loaded: Equatable {
        var vpcs: [String: VPC]
        var subnets: [String: Subnet]
        var routeTables: [String: RouteTable]
        var internetGateways: [String: InternetGateway]
        var natGateways: [String: NATGateway]
        var endpoints: [String: VPCEndpoint]
        var securityGroups: [String: SecurityGroup]
        var networkACLs: [String: NetworkACL]
        var prefixLists: [String: PrefixList]
        var peerings: [String: PeeringConnection]
        var networkInterfaces: [String: NetworkInterface]
        var functions: [String: LambdaFunction]
        var databases: [String: RDSDatabase]

        init(_ network: Network) {
            vpcs = network.vpcs
            subnets = network.subnets
            routeTables = network.routeTables
            internetGateways = network.internetGateways
            natGateways = network.natGateways
            endpoints = network.endpoints
            securityGroups = network.securityGroups
            networkACLs = network.networkACLs
            prefixLists = network.prefixLists
            peerings = network.peerings
            networkInterfaces = network.networkInterfaces
            functions = network.functions
            databases = network.databases
        }
    }

    /// The questions asked in every round, each in its own load, all in one snapshot:
    /// databases behind security groups (answered differently by the two organisations) and
    /// the internet through NAT, for functions of several VPCs.
    static let questions: [(function: String, target: Target)] = [
        ("fn-0001-001", .database("db-0001-1")), ("fn-0003-001", .database("db-0003-0")),
        ("fn-0003-001", .database("db-0003-1")), ("fn-0004-001", .database("db-0004-0")),
        ("fn-0005-002", .database("db-0005-0")), ("fn-0007-001", .internet),
    ]

    /// The answers to `questions`, all in one snapshot.
    static func answers(_ store: InventoryStore) throws -> [Answer] {
        try store.snapshot {
            try questions.map { try Reachability(store: store).answer(function: $0.function, target: $0.target) }
        }
    }

    /// Imports `folder` into `path`, in one write transaction: a reader's transaction makes it
    /// wait (up to the busy timeout), never fail.
    static func importFolder(_ folder: String, into path: String) throws {
        let store = try InventoryStore(path: path, create: true)
        _ = try importPaths([folder], into: store)
    }

    @Test("loads and questions see one organisation whole, never a mixture of the two")
    func alternatingImports() throws {
        let scratch = try Scratch("snapshot")
        let first = scratch.path("org-seed-1")
        let second = scratch.path("org-seed-2")
        // The same VPCs and IDs (generate-org takes them from the VPC's number), different
        // random choices: security-group rules and free addresses differ, so a load that
        // mixed the two would equal neither.
        try OrganisationGenerator.generate(into: first, vpcs: 12, functionsPerVPC: 4, seed: 1)
        try OrganisationGenerator.generate(into: second, vpcs: 12, functionsPerVPC: 4, seed: 2)

        var expected: [(loaded: Loaded, answers: [Answer])] = []
        for (index, folder) in [first, second].enumerated() {
            let path = scratch.path("expected-\(index).sqlite")
            try Self.importFolder(folder, into: path)
            let store = try InventoryStore(path: path, create: false)
            expected.append((Loaded(try NetworkLoader(store: store).load(.all)), try Self.answers(store)))
        }
        #expect(
            expected[0].loaded != expected[1].loaded, "the two organisations must differ for the test to mean anything")
        #expect(expected[0].answers != expected[1].answers, "and so must some answer")

        let shared = scratch.path("shared.sqlite")
        try Self.importFolder(first, into: shared)
        let writer = AlternatingImports(folders: [second, first], path: shared)
        writer.start()
        defer { writer.stop() }

        var seen = [0, 0]
        var rounds = 0
        let deadline = Date().addingTimeInterval(8)
        while Date() < deadline && rounds < 400 {
            rounds += 1
            let store = try InventoryStore(path: shared, create: false)
            let loaded = Loaded(try NetworkLoader(store: store).load(.all))
            guard let which = expected.firstIndex(where: { $0.loaded == loaded }) else {
                Issue.record("round \(rounds): the load equals neither organisation (a mixture of two imports)")
                break
            }
            seen[which] += 1
            let answers = try Self.answers(store)
            #expect(
                expected.contains { $0.answers == answers },
                "round \(rounds): the answers equal neither organisation's: \(answers.map(\.verdict))")
        }
        writer.stop()
        #expect(writer.failure == nil, "an import failed: \(writer.failure ?? "")")
        // Both organisations were read, several imports landed in between: the reads did
        // overlap the imports.
        #expect(seen[0] > 0 && seen[1] > 0, "read \(seen[0]) and \(seen[1]) times in \(rounds) rounds")
        #expect(writer.imports >= 4, "only \(writer.imports) imports in \(rounds) rounds")
    }
}

/// Imports the folders in turn, over and over, on a thread of its own, until stopped.
final class AlternatingImports: @unchecked Sendable {
    let folders: [String]
    let path: String
    private let lock = NSLock()
    private var stopped = false
    private var count = 0
    private var problem: String?
    private let finished = DispatchSemaphore(value: 0)

    init(folders: [String], path: String) {
        self.folders = folders
        self.path = path
    }

    var imports: Int { lock.withLock { count } }
    var failure: String? { lock.withLock { problem } }

    func start() {
        Thread { [self] in
            var next = 0
            while !lock.withLock({ stopped }) {
                do {
                    try SnapshotTests.importFolder(folders[next % folders.count], into: path)
                    lock.withLock { count += 1 }
                    next += 1
                } catch {
                    lock.withLock { problem = "\(error)" }
                    break
                }
            }
            finished.signal()
        }.start()
    }

    /// Stops after the import under way; waits for it. Calling it again does nothing.
    func stop() {
        let first = lock.withLock { () -> Bool in
            defer { stopped = true }
            return !stopped
        }
        if first { finished.wait() }
    }
}
