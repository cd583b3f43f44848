import Foundation
import GRDB
import ReachCore
import ReachInventory
import Testing

/// describe-db-proxy-targets: which database an RDS proxy connects to. The call prints no proxy
/// name; collect adds `DBProxyName`, and without it the importer infers the proxy from the
/// targets' VPC and engine family, or leaves the document out with a warning.
@Suite("Import of describe-db-proxy-targets: the proxy named, inferred, or left out with a warning")
struct ProxyTargetsImportTests {
    /// The round-trip account (proxy-app, POSTGRESQL, in vpc-0app beside db-app, postgres, and
    /// the aurora-mysql cluster) without its targets document, plus `files`.
    func account(_ scratch: Scratch, _ files: [(String, String)]) throws -> [String] {
        let folder = try scratch.copy(Fixtures.roundTrip, to: "export")
        try FileManager.default.removeItem(atPath: "\(folder)/describe-db-proxy-targets-proxy-app.json")
        for (name, text) in files { try scratch.write("export/\(name)", text) }
        return [folder]
    }

    static func targets(name: String?, port: String = "5432", state: String = "UNAVAILABLE") -> String {
        """
        {
            \(name.map { "\"DBProxyName\": \"\($0)\"," } ?? "")
            "Targets": [
                {
                    "TargetArn": "arn:aws:rds:eu-west-1:111122223333:db:db-app",
                    "Endpoint": "db-app.c1a2b3c4d5e6.eu-west-1.rds.amazonaws.com",
                    "RdsResourceId": "db-app",
                    "Port": \(port),
                    "Type": "RDS_INSTANCE",
                    "Role": "READ_WRITE",
                    "TargetHealth": {"State": "\(state)", "Reason": "CONNECTION_FAILED", "Description": "Database connection failed"}
                }
            ]
        }
        """
    }

    func proxyTargets(_ store: InventoryStore) throws -> [ProxyTarget]? {
        let network = try NetworkLoader(store: store).load()
        return network.databases.values.first { $0.kind == .proxy && $0.identifier == "proxy-app" }?.proxyTargets
    }

    @Test("with DBProxyName: the targets are that proxy's, with the health AWS reported")
    func named() throws {
        let scratch = try Scratch("proxy-targets-named")
        let store = try scratch.store()
        let summary = try importPaths(
            try account(scratch, [("targets.json", Self.targets(name: "proxy-app"))]), into: store)
        #expect(summary.warnings.isEmpty, "\(summary.warnings)")
        #expect(summary.counts["rds-db-proxy-targets"] == 1)
        let targets = try #require(try proxyTargets(store))
        #expect(targets.map(\.rdsResourceId) == ["db-app"])
        #expect(targets.first?.port == 5432)
        #expect(
            targets.first?.health
                == ProxyTarget.Health(
                    state: "UNAVAILABLE", reason: "CONNECTION_FAILED", description: "Database connection failed"))
        // Importing describe-db-proxies again keeps the targets: they are the proxy's by name.
        try importPaths(
            [Fixtures.roundTrip.appendingPathComponent("describe-db-proxies.json").path], into: store,
            account: "111122223333", region: "eu-west-1")
        #expect(try proxyTargets(store)?.count == 1)
    }

    @Test("without DBProxyName: the one POSTGRESQL proxy in db-app's VPC is the targets' proxy")
    func inferred() throws {
        let scratch = try Scratch("proxy-targets-inferred")
        let store = try scratch.store()
        let summary = try importPaths(try account(scratch, [("targets.json", Self.targets(name: nil))]), into: store)
        #expect(summary.warnings.isEmpty, "\(summary.warnings)")
        #expect(try proxyTargets(store)?.map(\.rdsResourceId) == ["db-app"])
    }

    @Test("without DBProxyName and two proxies that fit: a warning names the file and $.Targets, nothing is written")
    func ambiguous() throws {
        let scratch = try Scratch("proxy-targets-ambiguous")
        let store = try scratch.store()
        let proxies = """
            {"DBProxies": [
                {"DBProxyName": "proxy-app", "DBProxyArn": "arn:aws:rds:eu-west-1:111122223333:db-proxy:prx-0a", "Status": "available",
                 "EngineFamily": "POSTGRESQL", "VpcId": "vpc-0app", "VpcSecurityGroupIds": ["sg-0db"], "VpcSubnetIds": ["subnet-0private-a"]},
                {"DBProxyName": "proxy-report", "DBProxyArn": "arn:aws:rds:eu-west-1:111122223333:db-proxy:prx-0b", "Status": "available",
                 "EngineFamily": "POSTGRESQL", "VpcId": "vpc-0app", "VpcSecurityGroupIds": ["sg-0db"], "VpcSubnetIds": ["subnet-0private-b"]}
            ]}
            """
        let paths = try account(
            scratch, [("describe-db-proxies.json", proxies), ("targets.json", Self.targets(name: nil))])
        let summary = try importPaths(paths, into: store)
        let warning = try #require(summary.warnings.first { $0.file.hasSuffix("targets.json") })
        #expect(warning.message.hasPrefix("$.Targets: skipped:"), "\(warning.message)")
        #expect(warning.message.contains("proxy-app, proxy-report"), "\(warning.message)")
        #expect(warning.message.contains("\"DBProxyName\""), "\(warning.message)")
        #expect(try rowCount(store, "rds_db_proxy_targets") == 0)
        #expect(try proxyTargets(store) == nil)
    }

    @Test("a malformed targets document is refused: the error names the file and the JSON path")
    func malformed() throws {
        let scratch = try Scratch("proxy-targets-malformed")
        let store = try scratch.store()
        let paths = try account(scratch, [("targets.json", Self.targets(name: "proxy-app", port: "\"five\""))])
        try expectImportFailure(
            paths, into: store, file: scratch.path("export/targets.json"), jsonPath: "$.Targets[0].Port",
            mentions: ["a whole number"])
    }

    @Test("EventBridge's list-targets-by-rule, also {\"Targets\": [...]}, stays a skipped key")
    func otherServicesTargets() throws {
        let scratch = try Scratch("proxy-targets-eventbridge")
        let store = try scratch.store()
        let file = try scratch.write(
            "targets.json", #"{"Targets": [{"Id": "1", "Arn": "arn:aws:lambda:eu-west-1:111122223333:function:f"}]}"#)
        let summary = try importPaths([file], into: store, account: "111122223333", region: "eu-west-1")
        #expect(summary.warnings.map(\.message).contains { $0.contains("'Targets'") }, "\(summary.warnings)")
        #expect(try rowCount(store, "rds_db_proxy_targets") == 0)
    }
}
