import Foundation
import ReachCore
import ReachInventory
import TestSupport
import Testing

/// Importing a kind of resource for an account and region replaces all of it there: a
/// filtered export (`describe-subnets --subnet-ids ...`) removes the rest. What then refers to
/// nothing is said at import, and answers that need it stop there rather than pass.
@Suite("Partial re-imports: a filtered export replaces the whole kind")
struct PartialReimportTests {
    @Test(
        "subnets filtered to the function's: the NAT gateways' subnets are gone, a warning names them, the path stops")
    func filteredSubnets() throws {
        let folder = Repository.samples.appendingPathComponent("private-subnet-with-nat")
        let db = testScratchRoot.appendingPathComponent("partial-\(UUID().uuidString).sqlite").path
        let store = try InventoryStore(path: db, create: true)
        _ = try Importer(store: store).importPaths([folder.path])
        #expect(try Reachability(store: store).answer(function: "orders-api", target: .internet).verdict == .reachable)

        // What `aws ec2 describe-subnets --subnet-ids` of the function's two subnets prints.
        let all =
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: folder.appendingPathComponent("ec2-describe-subnets.json"))) as! [String: Any]
        let kept = (all["Subnets"] as! [[String: Any]]).filter {
            ["subnet-0a1b7f11f544e17dc", "subnet-0a13af6a89ff4ea71"].contains($0["SubnetId"] as! String)
        }
        let file = testScratchRoot.appendingPathComponent("partial-subnets-\(UUID().uuidString).json")
        try JSONSerialization.data(withJSONObject: ["Subnets": kept]).write(to: file)
        let summary = try Importer(store: store, options: ImportOptions(account: "123456789012", region: "us-east-1"))
            .importPaths([file.path])
        for (nat, subnet) in [
            ("nat-0a1fa985732c94556", "subnet-0a1674c81c10fd563"),
            ("nat-0a19d2e687f635e58", "subnet-0a1849a3ae2fb6b59"),
        ] {
            #expect(
                summary.warnings.contains {
                    $0.message.contains(
                        "\(nat), imported before, refers to subnet \(subnet), which this import removed")
                }, "\(summary.warnings)")
        }
        let answer = try Reachability(store: store).answer(function: "orders-api", target: .internet)
        #expect(answer.verdict == .unreachable)
        #expect(
            answer.subnets.map { $0.blockers.map { "\($0.code.rawValue)@\($0.component)" } } == [
                ["ROUTE_TARGET_NOT_ANALYZED@nat-0a1fa985732c94556"],
                ["ROUTE_TARGET_NOT_ANALYZED@nat-0a19d2e687f635e58"],
            ], "\(answer.subnets.map(\.blockers))")
    }
}
