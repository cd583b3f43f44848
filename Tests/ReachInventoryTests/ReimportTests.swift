import Foundation
import GRDB
import ReachCore
import ReachInventory
import Testing

/// Re-importing an account and region replaces that scope: twice is harmless, a resource
/// gone from the export is gone from the inventory, and other scopes are not touched.
@Suite("Re-import replaces a scope and nothing else")
struct ReimportTests {
    @Test("importing the same files twice gives the same dump", arguments: ["corpus", "roundtrip"])
    func twice(_ fixture: String) throws {
        let scratch = try Scratch("twice")
        let store = try scratch.store()
        let source = fixture == "corpus" ? Fixtures.snapshot("batfish-test-vpc-endpoint-gateway") : Fixtures.roundTrip
        let first = try importPaths([source.path], into: store)
        let once = try store.dump()
        let second = try importPaths([source.path], into: store)
        #expect(try store.dump() == once)
        #expect(second.counts == first.counts)
    }

    /// A re-import compares each record with the inventory's copy and rewrites only what
    /// changed; what it leaves must be exactly what a fresh import of the new files writes.
    /// Each change is one a real account sees between two collects: a route added, a rule
    /// removed and one added, a subnet gone, a function's runtime and groups changed, an ACL
    /// entry changed, a route table's association moved to another table (a child row whose key
    /// moves between resources), a database gone.
    @Test("a re-import of changed files leaves what a fresh import of them writes")
    func changedEqualsFresh() throws {
        let scratch = try Scratch("changed")
        // The account's folder, imported as it is, then changed in place and imported again:
        // provenance names the same paths as the fresh import's.
        let changed = try scratch.copy(Fixtures.roundTrip, to: "changed")
        let reimported = try scratch.store("reimported.sqlite")
        _ = try importPaths([changed], into: reimported)
        let before = try reimported.dump()
        func edit(_ name: String, _ change: (inout [String: Any]) -> Void) throws {
            let url = URL(fileURLWithPath: changed + "/" + name)
            var object = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
            change(&object)
            try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys]).write(to: url)
        }
        func list(_ object: inout [String: Any], _ key: String, _ change: (inout [[String: Any]]) -> Void) {
            var items = object[key] as! [[String: Any]]
            change(&items)
            object[key] = items
        }
        try edit("describe-route-tables.json") { object in
            list(&object, "RouteTables") { tables in
                var routes = tables[0]["Routes"] as! [[String: Any]]
                routes.append([
                    "DestinationCidrBlock": "192.168.77.0/24", "GatewayId": "local", "Origin": "CreateRoute",
                    "State": "active",
                ])
                tables[0]["Routes"] = routes
                // The second table's first subnet association moves to the first table, which
                // is written before the second loses it.
                var from = tables[1]["Associations"] as! [[String: Any]]
                let index = from.firstIndex { $0["SubnetId"] != nil }!
                var to = tables[0]["Associations"] as? [[String: Any]] ?? []
                to.append(from.remove(at: index))
                tables[0]["Associations"] = to
                tables[1]["Associations"] = from
            }
        }
        try edit("describe-security-groups.json") { object in
            list(&object, "SecurityGroups") { groups in
                var ingress = groups[0]["IpPermissions"] as! [[String: Any]]
                if !ingress.isEmpty { ingress.removeFirst() }
                ingress.append([
                    "IpProtocol": "tcp", "FromPort": 8443, "ToPort": 8443, "IpRanges": [["CidrIp": "10.9.0.0/16"]],
                ])
                groups[0]["IpPermissions"] = ingress
            }
        }
        try edit("list-functions.json") { object in
            list(&object, "Functions") { functions in
                functions[0]["Runtime"] = "python3.13"
                var config = functions[0]["VpcConfig"] as! [String: Any]
                config["SecurityGroupIds"] = Array(((config["SecurityGroupIds"] as? [String]) ?? []).reversed())
                functions[0]["VpcConfig"] = config
            }
        }
        try edit("describe-network-acls.json") { object in
            list(&object, "NetworkAcls") { acls in
                var entries = acls[0]["Entries"] as! [[String: Any]]
                entries[0]["RuleAction"] = (entries[0]["RuleAction"] as? String) == "allow" ? "deny" : "allow"
                acls[0]["Entries"] = entries
            }
        }
        try edit("describe-db-instances.json") { object in list(&object, "DBInstances") { $0.removeLast() } }
        // The subnet no function, database or endpoint names.
        let subnets =
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: URL(fileURLWithPath: changed + "/describe-subnets.json"))) as! [String: Any]
        let named = try [
            "list-functions.json", "describe-db-instances.json", "describe-vpc-endpoints.json",
            "describe-network-interfaces.json", "describe-nat-gateways.json", "describe-route-tables.json",
            "describe-network-acls.json",
        ].map { try String(contentsOfFile: changed + "/" + $0, encoding: .utf8) }
            .joined()
        let unused = (subnets["Subnets"] as! [[String: Any]]).map { $0["SubnetId"] as! String }
            .first { !named.contains($0) }
        if let unused {
            try edit("describe-subnets.json") { object in
                list(&object, "Subnets") { $0.removeAll { ($0["SubnetId"] as! String) == unused } }
            }
        }

        let summary = try importPaths([changed], into: reimported)
        let fresh = try scratch.store("fresh.sqlite")
        let freshSummary = try importPaths([changed], into: fresh)
        #expect(try reimported.dump() != before, "the changes reached the inventory")
        #expect(try reimported.dump() == (try fresh.dump()))
        #expect(summary.counts == freshSummary.counts)
    }

    @Test("importing the same files twice, at different times, changes only the import time")
    func twiceLater() throws {
        let scratch = try Scratch("twice-later")
        let store = try scratch.store()
        try importPaths([Fixtures.roundTrip.path], into: store, at: fixedDate)
        let once = try store.dump()
        try importPaths([Fixtures.roundTrip.path], into: store, at: fixedDate.addingTimeInterval(86_400))
        #expect(
            try store.dump(excludingColumns: ["imported_at"])
                == (try dumpWithout(once, column: "imported_at", store: store)))
        let times = try store.read { db in try String.fetchAll(db, sql: "SELECT DISTINCT imported_at FROM imports") }
        #expect(times == ["2026-01-02T00:00:00Z"])
    }

    /// `dump` (taken earlier from `store`'s schema) without one column.
    func dumpWithout(_ dump: String, column: String, store: InventoryStore) throws -> String {
        let columns = try store.read { db in
            var result: [String: Int] = [:]
            for table in try String.fetchAll(
                db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
            {
                if let index = try db.columns(in: table).map(\.name).firstIndex(of: column) { result[table] = index }
            }
            return result
        }
        var table = ""
        return dump.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            if line.hasPrefix("== ") {
                table = String(line.dropFirst(3))
                return String(line)
            }
            guard let index = columns[table], !line.isEmpty else { return String(line) }
            var fields = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            fields.remove(at: index)
            return fields.joined(separator: "|")
        }.joined(separator: "\n")
    }

    @Test("re-importing a Subnets file without one subnet removes it")
    func subnetRemoved() throws {
        let scratch = try Scratch("subnet-removed")
        let exports = try scratch.copy(Fixtures.snapshot("batfish-test-nat-gateway"), to: "exports")
        let store = try scratch.store()
        try importPaths([exports], into: store)
        #expect(try rowCount(store, "subnets") == 3)
        let scopeBefore = try scope(of: "subnet-02ff259e663e9613e", in: "subnets", store: store)
        #expect(scopeBefore == "554773406868/us-east-2")

        // The same export, one subnet fewer (subnet-02ff259e663e9613e, "Subnet 20").
        let subnetsFile = "\(exports)/aws_configs/Subnets.json"
        let data = try Data(contentsOf: URL(fileURLWithPath: subnetsFile))
        var root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        var subnets = try #require(root["Subnets"] as? [[String: Any]])
        subnets.removeAll { $0["SubnetId"] as? String == "subnet-02ff259e663e9613e" }
        root["Subnets"] = subnets
        try JSONSerialization.data(withJSONObject: root, options: [.prettyPrinted, .sortedKeys]).write(
            to: URL(fileURLWithPath: subnetsFile))

        let summary = try importPaths([subnetsFile], into: store)
        #expect(summary.counts == ["subnets": 2])
        #expect(
            try store.read { db in try String.fetchAll(db, sql: "SELECT subnet_id FROM subnets ORDER BY 1") } == [
                "subnet-0428892a357fa1f94", "subnet-06f469bcee42e408e",
            ])
        // The rest of the scope is still there.
        #expect(try rowCount(store, "route_tables") == 3)
        #expect(try rowCount(store, "network_interfaces") == 4)
        #expect(
            try store.read { db in try Int.fetchOne(db, sql: "SELECT record_count FROM imports WHERE kind = 'subnets'")
            } == 2)
    }

    @Test("re-importing only describe-security-group-rules keeps the groups, their count and provenance")
    func rulesOnly() throws {
        let scratch = try Scratch("rules-only")
        let store = try scratch.store()
        try importPaths([Fixtures.roundTrip.path], into: store)
        let rulesFile = Fixtures.roundTrip.appendingPathComponent("describe-security-group-rules.json").path
        let summary = try importPaths([rulesFile], into: store, at: fixedDate.addingTimeInterval(60))
        #expect(summary.counts == ["security-group-rules": 9])
        #expect(try rowCount(store, "security_groups") == 4)
        let kinds = try store.read { db in
            try GRDB.Row.fetchAll(
                db, sql: "SELECT kind, record_count, imported_at FROM imports WHERE kind = 'security-groups'"
            )
            .map { "\($0["kind"] as String)|\($0["record_count"] as Int)|\($0["imported_at"] as String)" }
        }
        #expect(kinds == ["security-groups|4|2026-01-01T00:01:00Z"])
        let files = try store.read { db in
            try String.fetchAll(db, sql: "SELECT path FROM import_files WHERE kind = 'security-groups' ORDER BY 1")
        }
        #expect(
            files.map { ($0 as NSString).lastPathComponent } == [
                "describe-security-group-rules.json", "describe-security-groups.json",
            ])
        // The file lists every rule of sg-0fn: the same three, once each.
        let network = try NetworkLoader(store: store).load()
        #expect(
            network.securityGroups["sg-0fn"]?.egress.compactMap(\.ruleId) == [
                "sgr-0fnall4", "sgr-0fnall6", "sgr-0fns3",
            ])
    }

    @Test("importing into a second region leaves the first untouched")
    func secondRegion() throws {
        let scratch = try Scratch("second-region")
        let store = try scratch.store()
        try importPaths([Fixtures.snapshot("batfish-test-nat-gateway").path], into: store)
        let first = dumpTables(try store.dump())
        let firstCounts = try rowCounts(store, resourceTables)

        try importPaths([Fixtures.snapshot("batfish-test-vpc-endpoint-gateway").path], into: store)
        #expect(try scopes(store) == ["554773406868/us-east-1", "554773406868/us-east-2"])
        try expectStillThere(first, in: store)
        #expect(try scope(of: "vpc-0008a7b45e3ddf1dd", in: "vpcs", store: store) == "554773406868/us-east-2")
        #expect(try scope(of: "vpc-05d56c7295fca139b", in: "vpcs", store: store) == "554773406868/us-east-1")

        // Re-importing the second region again does not touch the first either.
        try importPaths([Fixtures.snapshot("batfish-test-vpc-endpoint-gateway").path], into: store)
        try expectStillThere(first, in: store)
        let usEast2 = try store.read { db in
            try Int.fetchOne(
                db,
                sql:
                    "SELECT COUNT(*) FROM subnets s JOIN scopes c ON c.scope_id = s.scope_id WHERE c.region = 'us-east-2'"
            )
        }
        #expect(usEast2 == firstCounts["subnets"])
    }

    @Test("importing a second account in the same region leaves the first untouched")
    func secondAccount() throws {
        let scratch = try Scratch("second-account")
        let store = try scratch.store()
        try importPaths([Fixtures.snapshot("batfish-test-vpc-endpoint-gateway").path], into: store)
        let first = dumpTables(try store.dump())

        // Another account of the organisation, in the same region: its VPC, subnets and groups
        // have other IDs, but AWS-managed prefix lists (pl-63a5400a for S3 in us-east-1) have
        // the same ID in every account.
        try importPaths(
            [Fixtures.snapshot("batfish-test-vpc-endpoint-interface").path], into: store, account: "210987654321")
        #expect(try scopes(store) == ["210987654321/us-east-1", "554773406868/us-east-1"])
        #expect(try scope(of: "vpc-072d45b801aeffef2", in: "vpcs", store: store) == "210987654321/us-east-1")
        try expectStillThere(first, in: store)
        let network = try NetworkLoader(store: store).load()
        #expect(network.prefixLists["pl-63a5400a"]?.cidrs?.count == 4)
    }

    /// Every row of `before` (but the provenance tables, which gain the new scope) is still in
    /// the inventory, unchanged.
    func expectStillThere(
        _ before: [String: Set<String>], in store: InventoryStore,
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) throws {
        let after = dumpTables(try store.dump())
        for (table, rows) in before where !["imports", "import_files", "scopes"].contains(table) {
            let missing = rows.subtracting(after[table] ?? [])
            #expect(missing.isEmpty, "\(table) lost \(missing.sorted())", sourceLocation: sourceLocation)
        }
        for table in ["imports", "import_files", "scopes"] {
            #expect(
                before[table, default: []].isSubset(of: after[table, default: []]), "\(table) changed",
                sourceLocation: sourceLocation)
        }
    }
}
