import Foundation
import TestSupport
import Testing

/// The fidelity rules as a user meets them with the built binary: names that are not
/// targets, a VpcConfig across VPCs in the listing and the audit, and the narrower routes'
/// notes.
@Suite("lambda-reach end to end: fidelity", .serialized)
struct FidelityEndToEndTests {
    static func inventory(_ folders: [String]) throws -> String {
        let db = temporaryDatabase("fidelity")
        let result = try Binary.run(
            ["import", "--db", db] + folders.map { Repository.scenarios.appendingPathComponent($0).path })
        precondition(result.status == 0, "import failed: \(result.stderr)")
        return db
    }

    @Test("aws:SERVICE that is no AWS service is an error (2) with close matches, in query, why and audit")
    func unknownService() throws {
        let db = try Self.inventory(["private-subnet-with-nat"])
        for arguments in [
            ["query", "--db", db, "--function", "orders-api", "--to", "aws:secretmanager"],
            ["why", "orders-api", "--db", db, "--to", "aws:secretmanager"],
            ["audit", "--db", db, "--targets", "internet,aws:secretmanager"],
        ] {
            let result = try Binary.run(arguments)
            #expect(result.status == 2, "\(arguments[0]): \(result.stderr)")
            #expect(result.stderr.contains("'secretmanager' is not an AWS service"), "\(result.stderr)")
            #expect(result.stderr.contains("aws:secretsmanager"), "\(result.stderr)")
            #expect(result.stdout.isEmpty)
        }
        // A typo in a database of --targets is no silent empty column either.
        let database = try Binary.run(["audit", "--db", db, "--targets", "rds:no-such-db"])
        #expect(database.status == 2)
        #expect(database.stderr.contains("no RDS DB instance, cluster, proxy or proxy endpoint named 'no-such-db'"))
        // The full name of a service is taken as it is.
        let full = try Binary.run([
            "query", "--db", db, "--function", "orders-api", "--to", "aws:com.amazonaws.us-east-1.brand-new",
        ])
        #expect(full.status != 2, "\(full.stderr)")
    }

    @Test(
        "a function whose subnets are in two VPCs: the listing shows both, the audit finds it, every answer is unreachable"
    )
    func vpcConfigAcrossVPCs() throws {
        let db = try Self.inventory(["vpc-config-subnets-in-two-vpcs"])
        let listing = try Binary.run(["functions", "--db", db])
        #expect(listing.status == 0)
        let paragraph = try #require(listing.stdout.components(separatedBy: "\n\n").first { $0.contains("ingest ") })
        #expect(paragraph.contains("vpcs: "), "\(listing.stdout)")
        #expect(paragraph.contains("a VpcConfig AWS rejects"))
        let json = try Binary.run(["functions", "--db", db, "--format", "json"])
        let functions = try #require(
            try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        let ingest = try #require(functions.first { $0["name"] as? String == "ingest" })
        #expect((ingest["vpcs"] as? [String])?.count == 2)

        let audit = try Binary.run(["audit", "--db", db, "--format", "json", "--function", "ingest"])
        #expect(audit.status == 1)
        #expect(audit.stdout.contains("\"vpc-config-invalid\""))
        let query = try Binary.run(["query", "--db", db, "--function", "ingest", "--to", "internet"])
        #expect(query.status == 1)
        #expect(query.stdout.contains("LAMBDA_VPC_CONFIG_INVALID"))
    }

    @Test("internet beside a narrower blackhole: reachable, the exception noted, and ip: in it exact")
    func narrowerRoutes() throws {
        let db = try Self.inventory(["internet-narrower-blackhole-route"])
        let why = try Binary.run(["why", "--db", db, "webhook-sender", "--to", "internet"])
        #expect(why.status == 0, "\(why.stdout)\(why.stderr)")
        #expect(why.stdout.contains("1.1.1.0/24"), "\(why.stdout)")
        let exact = try Binary.run(["query", "--db", db, "--function", "webhook-sender", "--to", "ip:1.1.1.1"])
        #expect(exact.status == 1)
        #expect(exact.stdout.contains("BAD_STATE_ROUTE"))
    }
}
