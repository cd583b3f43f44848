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

@Suite("A database named by its key or ARN, where several share an identifier")
struct DatabaseReferenceTests {
    static func database(account: String, kind: RDSDatabase.Kind = .instance) -> RDSDatabase {
        RDSDatabase(
            key: "\(kind.rawValue):\(account):us-east-1:orders-db", kind: kind, identifier: "orders-db",
            accountId: account, region: "us-east-1", subnetIds: [], securityGroupIds: [])
    }

    @Test("keys and instance or cluster ARNs are references; identifiers, proxy ARNs and malformed ARNs are not")
    func references() {
        #expect(RDSDatabase.key(forReference: "instance:333333333333:us-east-1:orders-db") != nil)
        #expect(
            RDSDatabase.key(forReference: "arn:aws:rds:us-east-1:333333333333:db:orders-db")
                == "instance:333333333333:us-east-1:orders-db")
        #expect(
            RDSDatabase.key(forReference: "arn:aws:rds:eu-west-1:333333333333:cluster:orders")
                == "cluster:333333333333:eu-west-1:orders")
        for plain in [
            "orders-db", "arn:aws:rds:us-east-1:333333333333:db-proxy:prx-0123",
            "arn:aws:rds:us-east-1:333333333333:db:",
            "widget:1:2:3", "arn:aws:s3:us-east-1:333333333333:db:orders-db",
        ] {
            #expect(RDSDatabase.key(forReference: plain) == nil, "\(plain)")
        }
    }

    @Test("the identifier names both; a key or an ARN names one, in any case")
    func selection() {
        var network = Network()
        for account in ["111111111111", "333333333333"] {
            let database = Self.database(account: account)
            network.databases[database.key] = database
        }
        #expect(network.databases(identifiedBy: "orders-db").count == 2)
        #expect(
            network.databases(identifiedBy: "arn:aws:rds:us-east-1:333333333333:db:ORDERS-DB").map(\.accountId)
                == ["333333333333"])
        #expect(
            network.databases(identifiedBy: "instance:111111111111:us-east-1:orders-db").map(\.accountId)
                == ["111111111111"])
        #expect(network.databases(identifiedBy: "arn:aws:rds:us-east-1:999999999999:db:orders-db").isEmpty)
    }
}
