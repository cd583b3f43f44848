import Testing

@testable import ReachCore

/// `audit --targets` and the one port rule, as the library reads them.
@Suite("Target lists and the port a question is asked on")
struct TargetSelectionTests {
    @Test("a list: defaults or not, the targets in order without repeats, spaces and empty items ignored")
    func parsing() throws {
        let selection = try TargetSelection(parsing: " aws:sts, defaults ,ip:10.0.0.5:8443,,AWS:STS,rds:Orders")
        #expect(selection.defaults)
        #expect(
            selection.extra == [
                .awsService("sts"), .address(IPv4Address("10.0.0.5")!, port: 8443), .database("Orders"),
            ])
        let only = try TargetSelection(parsing: "internet")
        #expect(!only.defaults)
        #expect(only.extra == [.internet])
        #expect(TargetSelection().defaults && TargetSelection().extra.isEmpty)
    }

    @Test(
        "a list that names no target, or an item that is none, is an error naming it", arguments: ["", " , ", "nope"])
    func refused(_ list: String) {
        #expect(throws: TargetError.self) { try TargetSelection(parsing: list) }
    }

    @Test("the port: asked, else named by the target, else the database's, else 443")
    func port() throws {
        let database = RDSDatabase(
            key: "orders", kind: .instance, identifier: "orders", accountId: "111111111111", region: "us-east-1",
            port: 5432, vpcId: "vpc-1", subnetIds: [], securityGroupIds: [])
        #expect(Target.database("orders").port(database: database) == 5432)
        #expect(Target.database("orders").port(asked: 6432, database: database) == 6432)
        #expect(Target.address(IPv4Address("10.0.0.5")!, port: 8443).port() == 8443)
        #expect(Target.address(IPv4Address("10.0.0.5")!, port: 8443).port(asked: 22) == 22)
        #expect(Target.internet.port() == 443)
        #expect(Target.awsService("sqs").port() == 443)
        #expect(Target.database("gone").port() == 443)
    }
}
