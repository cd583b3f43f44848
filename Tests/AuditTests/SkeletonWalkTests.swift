import Foundation
import ReachInventory
import TestSupport
import Testing

@testable import ReachCore

/// The audit walks each subnet once per target with the function's security groups left open
/// (a skeleton), then completes the walk per group set. A completed skeleton must be the walk
/// the solver makes for the function itself: hops, blockers (their typed facts, and their words
/// written for the function) and notes, in order. No walk's facts name the function: the words
/// that do are written for the function they are read for.
@Suite("Skeleton walks, completed, are the solver's walks")
struct SkeletonWalkTests {
    /// Every scenario folder of ScenarioTests and the audit's own stories.
    static var fixtures: [URL] { Repository.scenarioFolders + Fixtures.stories.map(Fixtures.url) }

    @Test("word for word, for every function, subnet and shared target", arguments: fixtures)
    func completedSkeletons(_ folder: URL) throws {
        let network = try NetworkLoader(store: try inventory([folder])).load(.all)
        let solver = Solver(network: network)
        let audit = Audit(network: network)
        var compared = 0
        var open = 0
        for function in network.functions.values.sorted(by: { $0.arn < $1.arn }) where function.isInVPC {
            var targets = audit.defaultTargets(for: function)
            targets += network.databases.values.map { .database($0.identifier) }
            targets += network.networkInterfaces.values.flatMap(\.privateAddresses).map { .address($0, port: nil) }
            for target in targets where Audit.walkIsShared(target) {
                let database: RDSDatabase?
                do { database = try solver.resolveDatabase(target, for: function) } catch { continue }
                let port = target.port(database: database)
                let context = Solver.Context(
                    function: function, target: target, ipProtocol: .tcp, port: port, database: database,
                    groups: function.securityGroupIds.compactMap { network.securityGroups[$0] })
                for subnet in function.subnetIds.compactMap({ network.subnets[$0] }) {
                    let whole = solver.walk(from: subnet, context)
                    let key = Audit.SkeletonKey(
                        subnet: subnet.id,
                        question: Audit.WalkQuestion(
                            region: function.region, target: target,
                            database: database?.key, port: port, ipProtocol: .tcp, function: nil,
                            role: audit.walkRole(of: function), dualStack: audit.walkDualStack(of: function)))
                    let skeleton = audit.skeleton(key)
                    open += skeleton.path.openChecks.count
                    let groupSet = Audit.GroupSet(ids: function.securityGroupIds, groups: context.groups)
                    let path = audit.walk(
                        Audit.WalkKey(skeleton: 0, groups: 0), skeletons: Parallel.Results([skeleton]),
                        skeletonKeys: [key],
                        groupSets: [groupSet])
                    let identity = FunctionIdentity(function)
                    let words = { (path: Solver.SubnetPath) in path.blockers.map { $0.words(for: identity) } }
                    let label = "\(folder.lastPathComponent): \(function.name) -> \(target) from \(subnet.id)"
                    #expect(path.hops == whole.hops, "\(label)")
                    #expect(path.blockers == whole.blockers, "\(label)")
                    #expect(words(path) == words(whole), "\(label)")
                    #expect(path.notes == whole.notes, "\(label)")
                    #expect(path.openChecks.isEmpty, "\(label)")
                    // Completed for this function alone, with its own context.
                    let own = audit.completion(skeleton, question: key.question, context, hops: true)
                    #expect(own.hops == whole.hops, "\(label)")
                    #expect(own.blockers == whole.blockers, "\(label)")
                    #expect(own.notes == whole.notes, "\(label)")
                    // As the audit walks when no expectation needs every path: hops only for the
                    // targets whose hops a check reads, the same blockers and notes.
                    let keepsHops = Audit.hopsAreRead(target)
                    let bare = audit.walk(
                        Audit.WalkKey(skeleton: 0, groups: 0),
                        skeletons: Parallel.Results([audit.skeleton(key, hops: keepsHops)]), skeletonKeys: [key],
                        groupSets: [groupSet], hops: false)
                    #expect(bare.hops == (keepsHops ? whole.hops : []), "\(label)")
                    #expect(bare.blockers == path.blockers, "\(label)")
                    #expect(bare.notes == path.notes, "\(label)")
                    compared += 1
                }
            }
        }
        #expect(compared > 0 || network.functions.values.allSatisfy { !$0.isInVPC })
        // Every walk checks the function's egress, so a skeleton with a path has open checks;
        // except from IPv6-only subnets, which send nothing and stop before any check.
        let ipv6Only = network.subnets.values.filter { $0.cidr == nil && !$0.ipv6Cidrs.isEmpty }.map(\.id)
        let walksChecks = network.functions.values.contains { function in
            function.subnetIds.contains { !ipv6Only.contains($0) }
        }
        #expect(compared == 0 || open > 0 || !walksChecks)
    }
}
