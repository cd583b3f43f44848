import Foundation
import ReachInventory
import TestSupport
import Testing

/// The importer takes what collect writes as is, without moto: the two importer changes the
/// collect work needed.
@Suite("import of a collected folder")
struct CollectedLayoutImportTests {
    static let arn = "arn:aws:lambda:us-east-1:123456789012:function:etl"

    /// list-functions prints no State; get-function-configuration does.
    static let listFunctions = """
        {"Functions": [{"FunctionName": "etl", "FunctionArn": "\(arn)", "Role": "arn:aws:iam::123456789012:role/etl",
          "VpcConfig": {"SubnetIds": [], "SecurityGroupIds": []}}]}
        """
    static let functionConfiguration = """
        {"FunctionName": "etl", "FunctionArn": "\(arn)", "Role": "arn:aws:iam::123456789012:role/etl",
         "VpcConfig": {"SubnetIds": [], "SecurityGroupIds": []},
         "State": "Failed", "StateReason": "The subnet has no free addresses", "StateReasonCode": "SubnetOutOfIPAddresses"}
        """

    func importFolder(_ files: [String: String]) throws -> (ImportSummary, [FunctionSummary]) {
        let root = testScratchRoot.appendingPathComponent("collected-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        for (path, text) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        let store = try InventoryStore(path: root.appendingPathComponent("inventory.sqlite").path, create: true)
        let summary = try Importer(store: store).importPaths([root.appendingPathComponent("exports").path])
        return (summary, try InventoryListing(store: store).functions())
    }

    @Test(
        "get-function-configuration's copy of a function (with State) wins over list-functions', in either file order, silently",
        arguments: [
            "123456789012/us-east-1/lambda-get-function-configuration/etl.json",
            "123456789012/us-east-1/zz/etl.json",
        ])
    func singleFunctionWins(_ configurationPath: String) throws {
        let (summary, functions) = try importFolder([
            "exports/123456789012/us-east-1/lambda-list-functions.json": Self.listFunctions,
            "exports/\(configurationPath)": Self.functionConfiguration,
        ])
        #expect(summary.warnings.isEmpty, "\(summary.warnings)")
        #expect(functions.count == 1)
        #expect(functions.first?.state == "Failed")
        #expect(functions.first?.stateReasonCode == "SubnetOutOfIPAddresses")
        #expect(functions.first?.account == "123456789012")
        #expect(functions.first?.region == "us-east-1")
    }

    @Test("the PrefixListId collect adds to get-managed-prefix-list-entries is read, not warned about")
    func prefixListEntries() throws {
        let (summary, _) = try importFolder([
            "exports/123456789012/us-east-1/ec2-get-managed-prefix-list-entries/pl-63a5400a.json":
                #"{"PrefixListId": "pl-63a5400a", "Entries": [{"Cidr": "52.216.0.0/15", "Description": "default"}]}"#
        ])
        #expect(summary.warnings.isEmpty, "\(summary.warnings)")
        #expect(summary.counts["prefix-list-entries"] == 1, "\(summary.counts)")
    }
}
