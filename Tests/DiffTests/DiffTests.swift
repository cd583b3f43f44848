import Foundation
import ReachCore
import ReachInventory
import ReachReport
import TestSupport
import Testing

/// Two generated organisations (Benchmarks/generate-org) that differ by known changes: the
/// diff must list exactly the verdicts those changes move, each with the change as its cause.
/// The expectations are worked out from the generator's own files, not from an audit.
struct GeneratedPair {
    let old: URL
    let new: URL
    /// JSON documents of the generator's output, by file name.
    static func load(_ folder: URL, _ name: String, _ key: String) throws -> [[String: Any]] {
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent(name)))
        return (object as? [String: Any])?[key] as? [[String: Any]] ?? []
    }

    static func save(_ folder: URL, _ name: String, _ key: String, _ elements: [[String: Any]]) throws {
        let data = try JSONSerialization.data(withJSONObject: [key: elements], options: [.sortedKeys])
        try data.write(to: folder.appendingPathComponent(name))
    }

    static func generate(_ label: String) throws -> GeneratedPair {
        let root = try scratchDirectory("diff-\(label)")
        let old = root.appendingPathComponent("old")
        let new = root.appendingPathComponent("new")
        let script = Repository.root.appendingPathComponent("Benchmarks/generate-org").path
        guard let python = ExternalTools.find("python3") else {
            Issue.record("python3 is not on PATH: it runs Benchmarks/generate-org")
            throw CocoaError(.fileNoSuchFile)
        }
        let result = try Process.run(
            python, [script, old.path, "--vpcs", "8", "--functions-per-vpc", "3"], timeout: 120)
        guard result.status == 0 else {
            Issue.record("generate-org failed: \(result.stderr)")
            throw CocoaError(.fileReadUnknown)
        }
        try FileManager.default.copyItem(at: old, to: new)
        return GeneratedPair(old: old, new: new)
    }
}

@Suite("lambda-reach diff: the verdicts a known change moves, with the change as their cause")
struct DiffTests {
    /// The subnet of `vpc` tagged `name` (`private-us-east-1a`).
    static func subnet(_ subnets: [[String: Any]], vpc: String, name: String) -> String? {
        subnets.first { subnet in
            subnet["VpcId"] as? String == vpc
                && (subnet["Tags"] as? [[String: Any]] ?? []).contains { $0["Value"] as? String == name }
        }?["SubnetId"] as? String
    }

    /// Whether the IPv4 block `outer` holds the block `inner` (both `a.b.c.d/n`).
    static func contains(_ outer: String, _ inner: String) -> Bool {
        func parse(_ text: String) -> (UInt32, Int)? {
            let parts = text.split(separator: "/")
            let octets = parts.first?.split(separator: ".").compactMap { UInt32($0) } ?? []
            guard parts.count == 2, octets.count == 4, let prefix = Int(parts[1]) else { return nil }
            return (octets.reduce(0) { $0 << 8 | $1 }, prefix)
        }
        guard let (a, p) = parse(outer), let (b, q) = parse(inner), p <= q else { return false }
        let mask: UInt32 = p == 0 ? 0 : ~UInt32(0) << UInt32(32 - p)
        return a & mask == b & mask
    }

    static func vpcId(_ vpcs: [[String: Any]], number: Int) -> String {
        let name = String(format: "vpc-%04d", number)
        return vpcs.first { ($0["Tags"] as? [[String: Any]] ?? []).contains { $0["Value"] as? String == name } }?[
            "VpcId"] as? String ?? ""
    }

    @Test("a deleted NAT route, a moved association, a group stripped of its ingress: exactly those verdicts move")
    func knownChanges() throws {
        let pair = try GeneratedPair.generate("known")
        let vpcs = try GeneratedPair.load(pair.old, "Vpcs.json", "Vpcs")
        let subnets = try GeneratedPair.load(pair.old, "Subnets.json", "Subnets")
        let functions = try GeneratedPair.load(pair.old, "Functions.json", "Functions")
        var tables = try GeneratedPair.load(pair.new, "RouteTables.json", "RouteTables")
        let groups = try GeneratedPair.load(pair.new, "SecurityGroups.json", "SecurityGroups")

        // 1. VPC 1 (a NAT gateway in every zone): zone a's table loses its 0.0.0.0/0 route.
        let vpc1 = Self.vpcId(vpcs, number: 1)
        let privateA = try #require(Self.subnet(subnets, vpc: vpc1, name: "private-us-east-1a"))
        let tableA = try #require(
            tables.firstIndex { table in
                (table["Associations"] as? [[String: Any]] ?? []).contains { $0["SubnetId"] as? String == privateA }
            })
        let tableAId = try #require(tables[tableA]["RouteTableId"] as? String)
        var routes = tables[tableA]["Routes"] as? [[String: Any]] ?? []
        let natRoute = try #require(routes.firstIndex { $0["DestinationCidrBlock"] as? String == "0.0.0.0/0" })
        let nat = try #require(routes[natRoute]["NatGatewayId"] as? String)
        routes.remove(at: natRoute)
        tables[tableA]["Routes"] = routes

        // 2. VPC 2: private-b moves from its zone table to the main table (local route only).
        let vpc2 = Self.vpcId(vpcs, number: 2)
        let privateB = try #require(Self.subnet(subnets, vpc: vpc2, name: "private-us-east-1b"))
        let zoneTable = try #require(
            tables.firstIndex { table in
                (table["Associations"] as? [[String: Any]] ?? []).contains { $0["SubnetId"] as? String == privateB }
            })
        let zoneTableId = try #require(tables[zoneTable]["RouteTableId"] as? String)
        var association = try #require(
            (tables[zoneTable]["Associations"] as? [[String: Any]])?.first { $0["SubnetId"] as? String == privateB })
        tables[zoneTable]["Associations"] = (tables[zoneTable]["Associations"] as? [[String: Any]] ?? []).filter {
            $0["SubnetId"] as? String != privateB
        }
        let main = try #require(
            tables.firstIndex { table in
                table["VpcId"] as? String == vpc2
                    && (table["Associations"] as? [[String: Any]] ?? []).contains { $0["Main"] as? Bool == true }
            })
        let mainId = try #require(tables[main]["RouteTableId"] as? String)
        association["RouteTableId"] = mainId
        tables[main]["Associations"] = (tables[main]["Associations"] as? [[String: Any]] ?? []) + [association]
        try GeneratedPair.save(pair.new, "RouteTables.json", "RouteTables", tables)

        // 3. VPC 3's db-0003-0 (group g3): the OLD side has one more ingress rule, tcp 5432 from
        //    the first group of fn-0003-001, which the NEW side (the generator's own) lacks.
        let number = 3
        let vpc3 = Self.vpcId(vpcs, number: number)
        let database = "rds:db-0003-0"
        var oldGroups = try GeneratedPair.load(pair.old, "SecurityGroups.json", "SecurityGroups")
        let g3 = try #require(
            oldGroups.firstIndex { $0["VpcId"] as? String == vpc3 && $0["GroupName"] as? String == "g3" })
        let g3Id = try #require(oldGroups[g3]["GroupId"] as? String)
        let worn = try #require(
            (functions.first { $0["FunctionName"] as? String == "fn-0003-001" }?["VpcConfig"] as? [String: Any])?[
                "SecurityGroupIds"] as? [String])
        let admitted = worn[0]
        oldGroups[g3]["IpPermissions"] =
            (oldGroups[g3]["IpPermissions"] as? [[String: Any]] ?? []) + [
                [
                    "IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432, "IpRanges": [[String: Any]](),
                    "Ipv6Ranges": [[String: Any]](), "PrefixListIds": [[String: Any]](),
                    "UserIdGroupPairs": [["GroupId": admitted, "UserId": "123456789012"]],
                ]
            ]
        try GeneratedPair.save(pair.old, "SecurityGroups.json", "SecurityGroups", oldGroups)
        // The functions of VPC 3 that wear that group, in each of their subnets that no other
        // rule of g3 admits on 5432 (by one of the function's groups, or by a block holding the
        // subnet): these lose the database.
        let otherRules = (groups.first { $0["GroupId"] as? String == g3Id }?["IpPermissions"] as? [[String: Any]] ?? [])
            .filter { ($0["FromPort"] as? Int ?? 0) <= 5432 && 5432 <= ($0["ToPort"] as? Int ?? 0) }
        let cidrOf = Dictionary(
            uniqueKeysWithValues: subnets.compactMap { s in
                (s["SubnetId"] as? String).map { ($0, s["CidrBlock"] as? String ?? "") }
            })
        var expectedDatabase: Set<String> = []
        for function in functions {
            let config = function["VpcConfig"] as? [String: Any] ?? [:]
            let wears = Set(config["SecurityGroupIds"] as? [String] ?? [])
            guard config["VpcId"] as? String == vpc3, wears.contains(admitted) else { continue }
            for subnet in config["SubnetIds"] as? [String] ?? [] {
                let stillAdmitted = otherRules.contains { rule in
                    (rule["UserIdGroupPairs"] as? [[String: Any]] ?? []).contains {
                        wears.contains($0["GroupId"] as? String ?? "")
                    }
                        || (rule["IpRanges"] as? [[String: Any]] ?? []).contains {
                            Self.contains($0["CidrIp"] as? String ?? "", cidrOf[subnet] ?? "")
                        }
                }
                if !stillAdmitted { expectedDatabase.insert("\(function["FunctionName"] as? String ?? "")|\(subnet)") }
            }
        }
        #expect(!expectedDatabase.isEmpty)

        let (old, _) = try InventoryStore.opening(inventoryOrExports: pair.old.path)
        let (new, _) = try InventoryStore.opening(inventoryOrExports: pair.new.path)
        var request = AuditRequest()
        request.extraTargets = [try Target(parsing: database)]
        let (diff, _, _) = try Reachability.diff(old: old, new: new, request: request)

        // What the generator's files say each change moves.
        let functionsIn = { (vpc: String, subnet: String) in
            functions.filter {
                ($0["VpcConfig"] as? [String: Any])?["SubnetIds"] as? [String] ?? [] == []
                    ? false
                    : (($0["VpcConfig"] as? [String: Any])?["SubnetIds"] as? [String] ?? []).contains(subnet)
            }.compactMap { $0["FunctionName"] as? String }.filter { $0.hasPrefix("fn-") && !vpc.isEmpty }
        }
        var expected: Set<String> = []
        for function in functionsIn(vpc1, privateA) { expected.insert("\(function)|internet|\(privateA)") }
        for function in functionsIn(vpc2, privateB) {
            for target in ["internet", "s3", "dynamodb"] { expected.insert("\(function)|\(target)|\(privateB)") }
        }
        let databaseChanges = diff.changes.filter { $0.target == database }
        let rest = diff.changes.filter { $0.target != database }
        #expect(Set(rest.map { "\($0.function)|\($0.target)|\($0.subnet)" }) == expected)
        #expect(rest.count == expected.count, "one change per function, target and subnet")
        for change in rest {
            #expect(change.before == .reachable && change.after == .unreachable && change.isWorse)
            if change.subnet == privateA {
                #expect(
                    change.causes.contains(
                        ReachabilityDiff.Cause(component: tableAId, change: "route 0.0.0.0/0 -> \(nat) removed")),
                    "\(change.causes)")
            } else {
                #expect(
                    change.causes.contains(
                        ReachabilityDiff.Cause(component: privateB, change: "route table \(zoneTableId) -> \(mainId)")),
                    "\(change.causes)")
            }
        }
        // The database becomes unreachable from exactly those subnets, because of g3's rule alone.
        #expect(Set(databaseChanges.map { "\($0.function)|\($0.subnet)" }) == expectedDatabase)
        for change in databaseChanges {
            #expect(change.before == .reachable && change.after == .unreachable)
            #expect(
                change.causes == [
                    ReachabilityDiff.Cause(component: g3Id, change: "ingress rule tcp 5432 \(admitted) removed")
                ], "\(change.causes)")
        }
        _ = number
        #expect(diff.isWorse(failOn: .error))
        // The cross-AZ NAT finding of VPC 1's zone a goes with its route.
        #expect(diff.functionsAdded.isEmpty && diff.functionsRemoved.isEmpty)
    }

    @Test("an organisation against itself: nothing changes, exit 0; the JSON is the same bytes twice")
    func identityAndDeterminism() throws {
        let pair = try GeneratedPair.generate("identity")
        let same = try Binary.run(["diff", pair.old.path, pair.new.path, "--format", "json"])
        #expect(same.status == 0, "\(same.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(same.stdout.utf8)) as? [String: Any])
        #expect((json["changes"] as? [Any])?.isEmpty == true)
        #expect((json["summary"] as? [String: Any])?["failed"] as? Bool == false)
        // A NAT route removed: worse, exit 1; the other way round: better, exit 0.
        var tables = try GeneratedPair.load(pair.new, "RouteTables.json", "RouteTables")
        let index = try #require(
            tables.firstIndex { ($0["Routes"] as? [[String: Any]] ?? []).contains { $0["NatGatewayId"] != nil } })
        tables[index]["Routes"] = (tables[index]["Routes"] as? [[String: Any]] ?? []).filter {
            $0["NatGatewayId"] == nil
        }
        try GeneratedPair.save(pair.new, "RouteTables.json", "RouteTables", tables)
        let worse = try Binary.run(["diff", pair.old.path, pair.new.path, "--format", "json"])
        #expect(worse.status == 1, "\(worse.stderr)")
        let again = try Binary.run(["diff", pair.old.path, pair.new.path, "--format", "json"])
        #expect(again.stdout == worse.stdout, "the same input, the same bytes")
        let better = try Binary.run(["diff", pair.new.path, pair.old.path])
        #expect(better.status == 0, "\(better.stdout)\(better.stderr)")
        #expect(better.stdout.contains("unreachable -> reachable"), "\(better.stdout)")
        let sarif = try Binary.run(["diff", pair.old.path, pair.new.path, "--format", "sarif"])
        let log = try #require(try JSONSerialization.jsonObject(with: Data(sarif.stdout.utf8)) as? [String: Any])
        let results = ((log["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]]) ?? []
        #expect(!results.isEmpty)
        #expect(results.allSatisfy { ["reach-unreachable", "reach-partial"].contains($0["ruleId"] as? String ?? "") })
    }
}
