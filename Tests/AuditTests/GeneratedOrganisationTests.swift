import Foundation
import ReachCore
import ReachInventory
import ReachReport
import TestSupport
import Testing

/// Benchmarks/generate-org: the organisation the benchmark audits.
enum Generator {
    /// `LAMBDA_REACH_GEN_ORG`, else the package's own `Benchmarks/generate-org`.
    static var script: String {
        if let path = ProcessInfo.processInfo.environment["LAMBDA_REACH_GEN_ORG"], !path.isEmpty { return path }
        let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return package.appendingPathComponent("Benchmarks/generate-org").standardizedFileURL.path
    }

    static func run(into directory: URL, vpcs: Int, functionsPerVPC: Int) throws {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        guard
            let python = path.split(separator: ":").map({ "\($0)/python3" }).first(
                where: FileManager.default.isExecutableFile)
        else {
            Issue.record("python3 is not on PATH: it runs \(script), which generates the organisation")
            throw CocoaError(.fileNoSuchFile)
        }
        guard FileManager.default.fileExists(atPath: script) else {
            Issue.record("the organisation generator is not at \(script): set LAMBDA_REACH_GEN_ORG to its path")
            throw CocoaError(.fileNoSuchFile)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [
            script, directory.path, "--vpcs", String(vpcs), "--functions-per-vpc", String(functionsPerVPC),
        ]
        process.standardOutput = FileHandle.nullDevice
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let stderr = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            Issue.record("\(script) failed: \(String(decoding: stderr, as: UTF8.self))")
            throw CocoaError(.fileReadUnknown)
        }
    }

    /// One generated JSON document.
    static func document(_ directory: URL, _ name: String, _ key: String) throws -> [[String: Any]] {
        let data = try Data(contentsOf: directory.appendingPathComponent(name))
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        return object?[key] as? [[String: Any]] ?? []
    }
}

/// The verdicts and findings generate-org's rules imply, computed from its `--help` and code
/// and from the generated JSON (for the random security-group rules and free addresses), read
/// with Foundation's JSON parser, never from the audit's output:
/// - VPC v: 3 zones x (public, private, data); a NAT gateway per zone when v % 7 != 0, none when
///   v % 14 == 0, none in the third zone otherwise; S3 and DynamoDB gateway endpoints on every
///   private route table; secretsmanager, sqs and logs interface endpoints in the private
///   subnets, group g2, private DNS on unless v % 5 == 0, VPC DNS attributes on;
/// - function f of VPC v: the private subnet of zone 0 when f % 3 == 0, of the three zones
///   otherwise; groups g(f % 3) and g(7f % 20). Every group allows all egress except g1
///   (443 to the VPC and the DynamoDB list), and the union of a function's groups counts;
/// - db-v-d: a postgres instance (5432) in zone d's data subnet, group g(3 + d); the data
///   subnets' network ACL admits 5432 from the VPC and lets replies out;
/// - an ingress rule admits a function's subnet when it references one of the function's
///   groups, or when its /24 is the subnet's /24 (the generator's CIDR rules are all /24s);
///   the S3 prefix list (exported without entries) admits nothing.
/// Group IDs are what AWS matches by, and generate-org never repeats one (the generator it
/// replaced did, and the oracle then had to keep the later copy as the importer does).
struct GeneratedOrganisation {
    struct Group {
        var allEgress: Bool
        /// tcp 443 to the VPC and to the DynamoDB prefix list (the "restricted" g1).
        var restricted: Bool
        /// (port, referenced group or nil, CIDR or nil)
        var ingress: [(port: Int, group: String?, cidr: String?)]
    }

    var vpcs: Int
    var functionsPerVPC: Int
    var groups: [String: Group] = [:]
    var subnetFree: [String: Int] = [:]
    var subnetCIDR: [String: String] = [:]
    /// Per VPC index: its ID, its groups g0...g19, its subnets by (kind, zone).
    var vpcIds: [Int: String] = [:]
    var groupIds: [Int: [String]] = [:]
    var subnetIds: [Int: [String: String]] = [:]
    var endpointIds: [Int: [String: String]] = [:]

    init(directory: URL, vpcs: Int, functionsPerVPC: Int) throws {
        self.vpcs = vpcs
        self.functionsPerVPC = functionsPerVPC
        let vpcList = try Generator.document(directory, "Vpcs.json", "Vpcs")
        for vpc in vpcList {
            let name = ((vpc["Tags"] as? [[String: String]]) ?? []).first { $0["Key"] == "Name" }?["Value"] ?? ""
            vpcIds[Int(name.dropFirst(4))!] = vpc["VpcId"] as? String
        }
        let index = Dictionary(uniqueKeysWithValues: vpcIds.map { ($1, $0) })
        for group in try Generator.document(directory, "SecurityGroups.json", "SecurityGroups") {
            let id = group["GroupId"] as! String
            let egress = group["IpPermissionsEgress"] as! [[String: Any]]
            var ingress: [(Int, String?, String?)] = []
            for permission in group["IpPermissions"] as! [[String: Any]] {
                let port = permission["FromPort"] as! Int
                for pair in permission["UserIdGroupPairs"] as! [[String: Any]] {
                    ingress.append((port, pair["GroupId"] as? String, nil))
                }
                for range in permission["IpRanges"] as! [[String: Any]] {
                    ingress.append((port, nil, range["CidrIp"] as? String))
                }
            }
            let allEgress = egress.contains { ($0["IpProtocol"] as? String) == "-1" }
            #expect(groups[id] == nil, "\(id) is written twice")
            groups[id] = Group(allEgress: allEgress, restricted: !allEgress, ingress: ingress)
            let v = index[group["VpcId"] as! String]!
            let number = Int((group["GroupName"] as! String).dropFirst())!
            groupIds[v, default: Array(repeating: "", count: 20)][number] = id
        }
        for subnet in try Generator.document(directory, "Subnets.json", "Subnets") {
            let id = subnet["SubnetId"] as! String
            subnetFree[id] = subnet["AvailableIpAddressCount"] as? Int
            subnetCIDR[id] = subnet["CidrBlock"] as? String
            let name = ((subnet["Tags"] as? [[String: String]]) ?? []).first { $0["Key"] == "Name" }?["Value"] ?? ""
            let v = index[subnet["VpcId"] as! String]!
            subnetIds[v, default: [:]][name] = id  // "private-us-east-1a"
        }
        for endpoint in try Generator.document(directory, "VpcEndpoints.json", "VpcEndpoints") {
            let v = index[endpoint["VpcId"] as! String]!
            let service = (endpoint["ServiceName"] as! String).split(separator: ".").last.map(String.init)!
            endpointIds[v, default: [:]][service] = endpoint["VpcEndpointId"] as? String
        }
    }

    static let zones = ["us-east-1a", "us-east-1b", "us-east-1c"]

    func natMode(_ v: Int) -> String { v % 7 != 0 ? "all" : (v % 14 == 0 ? "none" : "one-missing") }
    func hasNAT(_ v: Int, zone: Int) -> Bool { natMode(v) == "all" || (natMode(v) == "one-missing" && zone != 2) }
    func zones(_ f: Int) -> [Int] { f % 3 != 0 ? [0, 1, 2] : [0] }
    func functionGroups(_ v: Int, _ f: Int) -> [String] { [groupIds[v]![f % 3], groupIds[v]![(f * 7) % 20]] }
    func privateSubnet(_ v: Int, _ zone: Int) -> String { subnetIds[v]!["private-\(Self.zones[zone])"]! }
    func name(_ v: Int, _ f: Int) -> String { String(format: "fn-%04d-%03d", v, f) }

    func allEgress(_ v: Int, _ f: Int) -> Bool { functionGroups(v, f).contains { groups[$0]?.allEgress ?? false } }

    /// Does one of `groupId`'s ingress rules admit the whole of `subnet`, on `port`, from a
    /// function with `functionGroups`?
    func admits(_ groupId: String, subnet: String, port: Int, functionGroups: [String]) -> Bool {
        (groups[groupId]?.ingress ?? []).contains { rule in
            rule.port == port
                && ((rule.group.map(functionGroups.contains) ?? false)
                    || (rule.cidr != nil && rule.cidr == subnetCIDR[subnet]))
        }
    }

    static func verdict(_ perSubnet: [Bool]) -> Verdict {
        perSubnet.allSatisfy { $0 } ? .reachable : (perSubnet.contains(true) ? .partial : .unreachable)
    }

    /// The expected matrix row of function f of VPC v, in the audit's target order.
    func row(_ v: Int, _ f: Int) -> [(String, Verdict)] {
        let zones = zones(f)
        let egressAll = allEgress(v, f)
        let fnGroups = functionGroups(v, f)
        // Public destinations go through the zone's NAT gateway; the restricted group alone
        // would allow neither the internet nor S3.
        let internet = Self.verdict(zones.map { egressAll && hasNAT(v, zone: $0) })
        // Gateway endpoints on every private table: DynamoDB is allowed even to g1 alone.
        let dynamodb: Verdict = .reachable
        let s3: Verdict = egressAll ? .reachable : .unreachable
        var row: [(String, Verdict)] = [
            ("internet", internet), ("dynamodb", dynamodb), ("s3", s3), ("logs", .reachable),
        ]
        for d in 0..<2 {
            let group = groupIds[v]![3 + d]
            row.append(
                (
                    String(format: "rds:db-%04d-%d", v, d),
                    Self.verdict(
                        zones.map {
                            egressAll
                                && admits(group, subnet: privateSubnet(v, $0), port: 5432, functionGroups: fnGroups)
                        })
                ))
        }
        for service in ["logs", "secretsmanager", "sqs"] {
            let verdict: Verdict
            if v % 5 != 0 {
                // Private DNS: the endpoint in the VPC, 443 allowed even to g1 alone; g2 decides.
                verdict = Self.verdict(
                    zones.map {
                        admits(groupIds[v]![2], subnet: privateSubnet(v, $0), port: 443, functionGroups: fnGroups)
                    })
            } else {
                verdict = internet
            }
            row.append(("aws:\(service)", verdict))
        }
        return row
    }

    /// The configuration findings the generator's rules imply: `rule | function | target | component`.
    func configurationFindings() -> [String] {
        var out: [String] = []
        for v in 0..<vpcs {
            for f in 0..<functionsPerVPC {
                let fn = name(v, f)
                let zones = zones(f)
                if zones.count == 1 { out.append("single-az | \(fn) | - | \(privateSubnet(v, 0))") }
                for zone in zones {
                    let subnet = privateSubnet(v, zone)
                    let free = subnetFree[subnet]!
                    if free == 0 { out.append("subnet-out-of-addresses | \(fn) | - | \(subnet)") }
                    if free > 0 && free < Audit.lowAddressThreshold {
                        out.append("subnet-low-on-addresses | \(fn) | - | \(subnet)")
                    }
                }
                // The third zone's table has no NAT route in the "one-missing" VPCs.
                if natMode(v) == "one-missing" && zones.count == 3 {
                    out.append("subnets-differ-across-azs | \(fn) | - | \(routeTable(v, zone: 2))")
                }
                if v % 5 == 0 {
                    let fnGroups = functionGroups(v, f)
                    let verdicts = Dictionary(uniqueKeysWithValues: row(v, f))
                    for service in ["logs", "secretsmanager", "sqs"] {
                        // Unused (private DNS off): reported, unless the target fails and its
                        // answer already names the endpoint (no NAT gateway to fall back on).
                        if verdicts["aws:\(service)"] == .reachable {
                            out.append(
                                "interface-endpoint-private-dns-off | \(fn) | aws:\(service) | \(endpointIds[v]![service]!)"
                            )
                        }
                        let refused = zones.contains {
                            !admits(groupIds[v]![2], subnet: privateSubnet(v, $0), port: 443, functionGroups: fnGroups)
                        }
                        if refused {
                            out.append(
                                "interface-endpoint-sg-denies-function | \(fn) | aws:\(service) | \(groupIds[v]![2])")
                        }
                    }
                }
            }
        }
        return out
    }

    var routeTables: [Int: [Int: String]] = [:]
    func routeTable(_ v: Int, zone: Int) -> String { routeTables[v]![zone]! }

    mutating func readRouteTables(_ directory: URL) throws {
        for table in try Generator.document(directory, "RouteTables.json", "RouteTables") {
            for association in table["Associations"] as? [[String: Any]] ?? [] {
                guard let subnet = association["SubnetId"] as? String else { continue }
                for (v, subnets) in subnetIds {
                    for zone in 0..<3 where subnets["private-\(Self.zones[zone])"] == subnet {
                        routeTables[v, default: [:]][zone] = table["RouteTableId"] as? String
                    }
                }
            }
        }
    }
}

@Suite("An audit of a generated organisation (generate-org --vpcs 14 --functions-per-vpc 6)")
struct GeneratedOrganisationTests {
    static let vpcs = 14
    static let functionsPerVPC = 6

    @Test("verdicts and findings follow from how generate-org builds the organisation")
    func organisation() throws {
        let directory = try scratchDirectory("org")
        try Generator.run(into: directory, vpcs: Self.vpcs, functionsPerVPC: Self.functionsPerVPC)
        var oracle = try GeneratedOrganisation(
            directory: directory, vpcs: Self.vpcs, functionsPerVPC: Self.functionsPerVPC)
        try oracle.readRouteTables(directory)

        let store = try inventory([directory])
        let network = try NetworkLoader(store: store).load(.all)
        #expect(network.functions.count == Self.vpcs * Self.functionsPerVPC)
        let result = Audit(network: network).run(AuditRequest())
        #expect(result.functions.count == Self.vpcs * Self.functionsPerVPC)
        #expect(result.vpcCount == Self.vpcs)

        var expectedReach: [String] = []
        var checked = 0
        for v in 0..<Self.vpcs {
            for f in 0..<Self.functionsPerVPC {
                let name = oracle.name(v, f)
                let row = try #require(result.functions.first { $0.function == name })
                let expected = oracle.row(v, f)
                #expect(row.targets.map(\.target) == expected.map(\.0), "\(name): targets")
                for (cell, (target, verdict)) in zip(row.targets, expected) {
                    #expect(
                        cell.verdict == verdict,
                        "\(name) -> \(target): \(cell.blockers.map { "\($0.code)@\($0.component)" })")
                    checked += 1
                    if verdict != .reachable {
                        expectedReach.append(
                            "\(verdict == .partial ? "reach-partial" : "reach-unreachable") | \(name) | \(target)")
                    }
                }
            }
        }
        #expect(checked == Self.vpcs * Self.functionsPerVPC * 9)

        let actualReach = result.findings.filter { $0.rule.hasPrefix("reach-") }.map {
            "\($0.rule) | \($0.function) | \($0.target ?? "-")"
        }
        #expect(
            actualReach.sorted() == expectedReach.sorted(),
            "\(difference(expected: expectedReach, actual: actualReach))")
        let expectedConfiguration = oracle.configurationFindings()
        let actualConfiguration = result.findings.filter { !$0.rule.hasPrefix("reach-") }.map(line)
        #expect(
            actualConfiguration.sorted() == expectedConfiguration.sorted(),
            "\(difference(expected: expectedConfiguration, actual: actualConfiguration))")

        // Some of everything, so that the comparison above means something.
        #expect(result.count(.partial) > 0 && result.count(.unreachable) > 0 && result.count(.reachable) > 0)
        #expect(Set(actualConfiguration.map { $0.split(separator: " ")[0] }).count >= 5)

        // The whole-inventory load leaves out the rules of groups nothing wears (generate-org
        // makes many). With every rule loaded, the audit says the same, word for word.
        let everything = try NetworkLoader(store: store).load(
            .vpcs(Set(network.vpcs.keys), functions: Set(network.functions.keys)))
        let rules = { (network: Network) in
            network.securityGroups.values.reduce(0) { $0 + $1.ingress.count + $1.egress.count }
        }
        #expect(everything.securityGroups.keys.sorted() == network.securityGroups.keys.sorted())
        #expect(rules(everything) > rules(network))
        let withEveryRule = Audit(network: everything).run(AuditRequest())
        #expect(withEveryRule.functions == result.functions)
        #expect(withEveryRule.findings == result.findings)
    }
}
