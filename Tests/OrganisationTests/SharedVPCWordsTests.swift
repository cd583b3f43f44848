import Foundation
import ReachCore
import ReachInventory
import TestSupport
import Testing

/// What a participant of a shared VPC reads: the zones named as its own account names them,
/// and fixes that say which account runs them.
@Suite("A shared VPC's words, as its participant reads them")
struct SharedVPCWordsTests {
    static func imported(_ name: String) throws -> InventoryStore {
        let story = try #require(OrganisationStory.all.first { $0.name == name })
        let db = testScratchRoot.appendingPathComponent("shared-words-\(UUID().uuidString).sqlite").path
        let store = try InventoryStore(path: db, create: true)
        _ = try Importer(store: store).importPaths(story.accountFolders)
        return store
    }

    @Test("the owner's route table: its fix is the owner's to run, and the path names the participant's zone")
    func ownerFixAndZone() throws {
        let store = try Self.imported("shared-vpc-owner-route-missing-one-az")
        defer { try? FileManager.default.removeItem(atPath: store.path) }
        let answer = try Reachability(store: store).answer(function: "orders-api", target: .internet)
        let subnet = try #require(answer.subnets.first { $0.subnet == "subnet-0a11000000000005" })
        let blocker = try #require(subnet.blockers.first)
        #expect(blocker.component == "rtb-0a11000000000004")
        let fix = answer.words(of: blocker).fix
        #expect(
            fix.hasPrefix(
                "# as account 111111111111, which owns rtb-0a11000000000004:\n"),
            "\(fix)")
        // The owner calls the zone us-east-1b; the participant, whose function this is, us-east-1c.
        #expect(
            subnet.hops.first?.detail.hasPrefix("Lambda ENI in us-east-1c ") == true,
            "\(subnet.hops.first?.detail ?? "")")

        // The audit names them so too: its finding that the subnets differ is the participant's.
        let network = try NetworkLoader(store: store).load(.all)
        let differ = try #require(
            Audit(network: network).run(AuditRequest()).findings.first { $0.rule == "subnets-differ-across-azs" })
        #expect(
            differ.message.contains(
                "from subnet-0a11000000000005 (us-east-1c, rtb-0a11000000000004) it cannot reach internet, dynamodb, s3, which subnet-0a11000000000004 (us-east-1b, rtb-0a11000000000003), subnet-0a11000000000006 (us-east-1a, rtb-0a11000000000005) reach. Invocations placed in us-east-1c fail"
            ), "\(differ.message)")

        let listed = try #require(try InventoryListing(store: store).functions().first { $0.name == "orders-api" })
        #expect(
            listed.subnets.map { "\($0.subnet) \($0.availabilityZone ?? "-")" } == [
                "subnet-0a11000000000004 us-east-1b", "subnet-0a11000000000005 us-east-1c",
                "subnet-0a11000000000006 us-east-1a",
            ])
    }
}
