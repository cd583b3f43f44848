import Foundation
import GRDB
import ReachCore
import ReachInventory
import Testing

/// Runs Benchmarks/generate-org (the benchmark's organisation generator) into a directory.
///
/// python3 is part of what a machine needs to run these tests (`.ci/run` installs it): when it
/// is missing the test fails and says so, it does not skip.
enum OrganisationGenerator {
    /// `LAMBDA_REACH_GEN_ORG`, else the package's own `Benchmarks/generate-org`.
    static var script: String {
        if let path = ProcessInfo.processInfo.environment["LAMBDA_REACH_GEN_ORG"], !path.isEmpty { return path }
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return packageRoot.appendingPathComponent("Benchmarks/generate-org").standardizedFileURL.path
    }

    static func python3() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/python3"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    static func generate(into directory: String, vpcs: Int, functionsPerVPC: Int, seed: Int? = nil) throws {
        guard let python = python3() else {
            Issue.record(
                "python3 is not on PATH: it is needed to generate the test organisation with \(script) (install it, e.g. `apt-get install python3`; .ci/run does)"
            )
            throw GeneratorError.missing("python3")
        }
        guard FileManager.default.fileExists(atPath: script) else {
            Issue.record("the organisation generator is not at \(script): set LAMBDA_REACH_GEN_ORG to its path")
            throw GeneratorError.missing(script)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments =
            [script, directory, "--vpcs", String(vpcs), "--functions-per-vpc", String(functionsPerVPC)]
            + (seed.map { ["--seed", String($0)] } ?? [])
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let stderr = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let message = String(decoding: stderr, as: UTF8.self)
            Issue.record("\(python) \(script) failed with status \(process.terminationStatus): \(message)")
            throw GeneratorError.failed(process.terminationStatus)
        }
    }

    /// The small organisation (3 VPCs, 4 functions each) generated into `scratch`'s `org`
    /// folder (once) and imported into a fresh inventory `name` there.
    static func imported(into scratch: Scratch, as name: String) throws -> InventoryStore {
        let exports = scratch.path("org")
        if !FileManager.default.fileExists(atPath: exports) {
            try generate(into: exports, vpcs: 3, functionsPerVPC: 4)
        }
        let store = try scratch.store(name)
        try importPaths([exports], into: store)
        return store
    }

    enum GeneratorError: Error {
        case missing(String)
        case failed(Int32)
    }
}

@Suite("Import of a small generated organisation (generate-org --vpcs 3 --functions-per-vpc 4)")
struct GeneratedOrganisationTests {
    /// Counts derived from how Benchmarks/generate-org builds each VPC (its `--help` lays it out):
    /// - one /20 per VPC, one CIDR association, describe-vpc-attribute files for both attributes;
    /// - 3 AZs x (public, private, data) = 9 subnets;
    /// - route tables: main (local), public (local, 0/0 -> igw; 3 associations), one private per
    ///   AZ (local, 0/0 -> NAT when the AZ has one, S3 and DynamoDB prefix lists -> gateway
    ///   endpoints; private and data subnets associated): 5 tables, 10 associations;
    /// - NAT gateways: VPC 0 has none (v % 14 == 0), VPCs 1 and 2 one per AZ: 0 + 3 + 3 = 6;
    ///   routes: 1 + 2 + 3 x 3 = 12 in VPC 0 and 1 + 2 + 3 x 4 = 15 in the others;
    /// - endpoints: S3 and DynamoDB gateways on the 3 private tables, secretsmanager, sqs and
    ///   logs interfaces in the 3 private subnets with group g2;
    /// - 20 groups; egress one all-traffic rule, except g1: 443 to the VPC and to the DynamoDB
    ///   list (2 rules); ingress 10 random rules (one peer each);
    /// - network ACLs: default (6 associations, 4 entries) and data (3 associations, 4 entries);
    ///   every ID is unique (the generator this one replaced gave the public and private subnet
    ///   of an AZ one default-ACL association ID, 3 repeats per VPC that the importer kept once
    ///   with a warning), so all 9 associations are kept and the import warns of nothing;
    /// - 2 DB instances sharing the subnet group data-<v> (3 data subnets);
    /// - functions: f % 3 == 0 in one private subnet, else in three; two group IDs each
    ///   (f = 0 names g0 twice, both are kept as listed): 1 + 3 + 3 + 1 = 8 subnets for 4 functions;
    /// - VPC 0 is peered with VPC 1 (v % 10 == 0), each side with its /20;
    /// - two AWS prefix lists (no entries), one account and region: 123456789012/us-east-1.
    static let vpcs = 3
    static let functionsPerVPC = 4

    @Test("counts per resource type")
    func counts() throws {
        let scratch = try Scratch("org")
        let exports = scratch.path("org")
        try OrganisationGenerator.generate(into: exports, vpcs: Self.vpcs, functionsPerVPC: Self.functionsPerVPC)

        // Random ports may repeat within a group; identical rules are one rule (AWS itself
        // refuses duplicates), so the ingress count is taken from the generated JSON.
        let (peers, distinctRules) = try Self.securityGroupRules(in: exports)
        #expect(
            peers == Self.vpcs * (20 * 10 + 19 + 2),
            "generate-org writes 10 ingress and 1 or 2 egress peers per group")

        let store = try scratch.store()
        let summary = try importPaths([exports], into: store)

        let expected: [String: Int] = [
            "vpcs": 3, "vpc_cidr_blocks": 3, "vpc_attributes": 6, "subnets": 27, "route_tables": 15, "routes": 42,
            "route_table_associations": 30, "internet_gateways": 3, "internet_gateway_attachments": 3,
            "nat_gateways": 6, "nat_gateway_addresses": 6, "vpc_endpoints": 15, "vpc_endpoint_route_tables": 18,
            "vpc_endpoint_subnets": 27, "vpc_endpoint_security_groups": 9, "security_groups": 60,
            "security_group_rules": distinctRules, "network_acls": 6, "network_acl_entries": 24,
            "network_acl_associations": 27, "prefix_lists": 2, "vpc_peering_connections": 1,
            "vpc_peering_connection_cidrs": 2, "lambda_functions": 12, "lambda_function_subnets": 24,
            "lambda_function_security_groups": 24, "rds_db_subnet_groups": 3, "rds_db_subnet_group_subnets": 9,
            "rds_databases": 6, "rds_database_security_groups": 6,
        ]
        #expect(try rowCounts(store, resourceTables) == withZeros(expected))
        #expect(
            summary.counts == [
                "vpcs": 3, "vpc-attributes": 6, "subnets": 27, "route-tables": 15, "internet-gateways": 3,
                "nat-gateways": 6, "vpc-endpoints": 15, "security-groups": 60, "security-group-rules": distinctRules,
                "network-acls": 6, "prefix-lists": 2, "vpc-peering-connections": 1, "lambda-functions": 12,
                "rds-db-subnet-groups": 3, "rds-db-instances": 6,
            ])
        #expect(summary.files == 12 + 2 * Self.vpcs)
        #expect(summary.warnings.isEmpty, "\(summary.warnings.map(\.description))")
        #expect(try scopes(store) == ["123456789012/us-east-1"])

        // A few facts of the model, as generate-org builds them.
        let network = try NetworkLoader(store: store).load()
        #expect(network.functions.count == 12)
        #expect(network.natGateways.count == 6)
        #expect(network.vpcs.values.allSatisfy { $0.enableDnsSupport == true && $0.enableDnsHostnames == true })
        #expect(network.databases.values.allSatisfy { $0.port == 5432 && $0.vpcId != nil })
        #expect(network.peerings.values.map { $0.requester.cidrs.count + $0.accepter.cidrs.count } == [2])
    }

    /// (peers written, distinct rules) over the generated SecurityGroups.json, read with
    /// Foundation's JSON parser, independently of the importer.
    static func securityGroupRules(in directory: String) throws -> (Int, Int) {
        let data = try Data(contentsOf: URL(fileURLWithPath: directory).appendingPathComponent("SecurityGroups.json"))
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let groups = try #require(root["SecurityGroups"] as? [[String: Any]])
        var peers = 0
        var distinct = Set<String>()
        for group in groups {
            let id = group["GroupId"] as? String ?? ""
            for (direction, key) in [("in", "IpPermissions"), ("out", "IpPermissionsEgress")] {
                for permission in group[key] as? [[String: Any]] ?? [] {
                    let base =
                        "\(id)|\(direction)|\(permission["IpProtocol"] ?? "")|\(permission["FromPort"] ?? "")|\(permission["ToPort"] ?? "")"
                    for (list, field) in [
                        ("IpRanges", "CidrIp"), ("PrefixListIds", "PrefixListId"), ("UserIdGroupPairs", "GroupId"),
                    ] {
                        for peer in permission[list] as? [[String: Any]] ?? [] {
                            peers += 1
                            distinct.insert("\(base)|\(field)=\(peer[field] ?? "")")
                        }
                    }
                }
            }
        }
        return (peers, distinct.count)
    }

    @Test(
        "the same options write the same bytes; the seed changes only the random parts; VPC v is the same in a larger organisation"
    )
    func generatorIsDeterministic() throws {
        let scratch = try Scratch("org-bytes")
        let generate = { (name: String, vpcs: Int, seed: Int?) throws -> [String: Data] in
            let directory = scratch.path(name)
            try OrganisationGenerator.generate(into: directory, vpcs: vpcs, functionsPerVPC: 4, seed: seed)
            var files: [String: Data] = [:]
            for file in try FileManager.default.contentsOfDirectory(atPath: directory) {
                files[file] = try Data(contentsOf: URL(fileURLWithPath: directory).appendingPathComponent(file))
            }
            return files
        }
        let first = try generate("first", 3, nil)
        #expect(first.count == 12 + 2 * 3)
        #expect(try generate("again", 3, nil) == first)
        #expect(try generate("seed-1", 3, 1) == first, "the default seed is 1")

        // Free addresses and ingress rules are drawn at random; the rest is the plan.
        let reseeded = try generate("seed-2", 3, 2)
        #expect(Set(reseeded.keys) == Set(first.keys))
        for name in first.keys.sorted() {
            let random = name == "SecurityGroups.json" || name == "Subnets.json"
            #expect((reseeded[name] == first[name]) == !random, "\(name)")
        }

        // Every item of the 3-VPC organisation opens the same list of the 4-VPC one: the fourth
        // VPC changes nothing of the first three (VPC 0's peering with VPC 1 is in both).
        let larger = try generate("larger", 4, nil)
        for name in first.keys.sorted() where name.hasSuffix(".json") && !name.hasPrefix("VpcAttributes-") {
            let items = { (files: [String: Data]) throws -> [Data] in
                let data = try #require(files[name])
                let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
                let list = try #require(root.values.first as? [Any])
                return try list.map { try JSONSerialization.data(withJSONObject: $0, options: [.sortedKeys]) }
            }
            let small = try items(first)
            let large = try items(larger)
            #expect(Array(large.prefix(small.count)) == small, "\(name)")
            // VPC 3 has no peering (only v % 10 == 0 asks for one) and the prefix lists are AWS's.
            let unchanged = name == "PrefixLists.json" || name == "VpcPeeringConnections.json"
            #expect(unchanged ? large.count == small.count : large.count > small.count, "\(name)")
        }
        #expect(first.keys.allSatisfy { larger[$0] == first[$0] || !$0.hasPrefix("VpcAttributes-") })
    }
}
