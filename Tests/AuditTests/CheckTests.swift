import Foundation
import ReachInventory
import Testing

@testable import ReachCore

/// What the configuration checks propose and say, beyond which findings they give (RuleTests
/// compares those with each story's expected.json): the subnets a fix names, the NAT gateway it
/// points at, the zones a message names.
@Suite("Configuration checks: what their fixes propose and their messages say")
struct CheckTests {
    /// The audit of `story` (a name of `Fixtures.checks`, without `checks/`) as its expected.json
    /// asks it.
    static func audit(_ story: String) throws -> (network: Network, result: AuditResult) {
        let name = "checks/\(story)"
        let network = try network(name)
        return (network, Audit(network: network).run(try ExpectedFindings.load(name).request))
    }

    static func finding(_ result: AuditResult, _ rule: String, _ function: String, target: String? = nil) throws
        -> Finding
    {
        try #require(
            result.findings.first {
                $0.rule == rule && $0.function == function && (target == nil || $0.target == target)
            },
            "\(result.findings.map(line))")
    }

    @Test(
        "the route internet traffic takes decides: 0.0.0.0/1 and 128.0.0.0/1 to a NAT gateway beside 0.0.0.0/0 to the internet gateway"
    )
    func splitDefaultRoute() throws {
        let (network, result) = try Self.audit("split-default-route")
        #expect(!result.findings.contains { $0.rule == "public-subnet-only" }, "\(result.findings.map(line))")
        let vpc = "vpc-0ae10000000000001"
        let table = try #require(network.routeTables["rtb-0ae10000000000040"])
        #expect(Explain.internetRoute(of: table, network: network)?.targetId == "nat-0ae10000000000000")
        let mixed = ["subnet-0ae10000000000040", "subnet-0ae10000000000041", "subnet-0ae10000000000042"]
        #expect(Explain.publicSubnets(in: vpc, network: network).filter { mixed.contains($0.id) }.isEmpty)
        #expect(Set(mixed).isSubset(of: Explain.privateSubnetsWithNAT(in: vpc, network: network).map(\.id)))
        // crossing-b's two routes cross zones: both are named and both replaced.
        let crossing = try Self.finding(result, "nat-gateway-cross-az", "split-crossing")
        #expect(
            crossing.message.hasPrefix(
                "rtb-0ae10000000000042 sends 0.0.0.0/1 and 128.0.0.0/1 from subnet-0ae10000000000042 (us-east-1b) to nat-0ae10000000000000 in us-east-1a"
            ), "\(crossing.message)")
        #expect(
            crossing.fix
                == "aws ec2 replace-route --route-table-id rtb-0ae10000000000042 --destination-cidr-block 0.0.0.0/1 --nat-gateway-id nat-0ae10000000000001\naws ec2 replace-route --route-table-id rtb-0ae10000000000042 --destination-cidr-block 128.0.0.0/1 --nat-gateway-id nat-0ae10000000000001",
            "\(crossing.fix)")
    }

    @Test("single-az adds a subnet that reaches what the function's reaches, before one named alike")
    func singleAZReachBeforeName() throws {
        let (_, result) = try Self.audit("single-az-tier-without-nat")
        let fix = try Self.finding(result, "single-az", "one-zone").fix
        #expect(fix.contains("SubnetIds=subnet-0ae20000000000020,subnet-0ae20000000000033,SecurityGroupIds="), "\(fix)")
        #expect(!fix.contains("subnet-0ae20000000000032"), "\(fix)")
    }

    @Test("single-az never adds a subnet without free addresses")
    func singleAZFreeAddresses() throws {
        let (_, result) = try Self.audit("single-az-full-subnet")
        let fix = try Self.finding(result, "single-az", "one-zone").fix
        #expect(fix.contains("SubnetIds=subnet-0ae30000000000020,subnet-0ae30000000000034,SecurityGroupIds="), "\(fix)")
        #expect(!fix.contains("subnet-0ae30000000000021"), "\(fix)")
    }

    @Test("subnet-low-on-addresses never moves the function into a subnet that reaches less")
    func lowAddressesReach() throws {
        let (_, result) = try Self.audit("low-addresses-isolated-tier")
        let fix = try Self.finding(result, "subnet-low-on-addresses", "app").fix
        #expect(!fix.contains("subnet-0ae40000000000050"), "\(fix)")
        #expect(fix.contains("# or add a subnet with free addresses in us-east-1a and use it instead"), "\(fix)")
    }

    @Test("a public subnet among private ones is replaced by one private subnet of its zone, the others kept")
    func publicSubnetReplaced() throws {
        let (_, result) = try Self.audit("many-private-subnets")
        let expected =
            "aws lambda update-function-configuration --function-name mixed --vpc-config SubnetIds=subnet-0ae50000000000020,subnet-0ae50000000000021,SecurityGroupIds=sg-0ae50000000000001"
        let fixes = result.findings.filter { $0.function == "mixed" }.map(\.fix)
        #expect(fixes.count == 4)
        for fix in fixes { #expect(fix == expected, "\(fix)") }
    }

    @Test("a NAT gateway whose own subnet does not reach the internet is never where a fix points")
    func natInPrivateSubnet() throws {
        let (network, result) = try Self.audit("cross-az-nat-in-private-subnet")
        let usable = Explain.usableNATs(in: "vpc-0ae60000000000001", zone: "us-east-1b", network: network).map(\.id)
        #expect(usable == ["nat-0ae60000000000000"])
        let fix = try Self.finding(result, "nat-gateway-cross-az", "crossing").fix
        #expect(!fix.contains("nat-0ae60000000000007"), "\(fix)")
        #expect(fix.contains("create-nat-gateway --subnet-id subnet-0ae60000000000011 "), "\(fix)")
        #expect(
            fix.hasSuffix(
                "aws ec2 replace-route --route-table-id rtb-0ae60000000000021 --destination-cidr-block 0.0.0.0/0 --nat-gateway-id \"$nat\""
            ),
            "\(fix)")
    }

    @Test("a deleted or failed gateway endpoint is not modified: the fix creates one")
    func goneGatewayEndpoints() throws {
        let (_, result) = try Self.audit("gateway-endpoints-deleted-and-failed")
        for service in ["s3", "dynamodb"] {
            let fix = try Self.finding(result, "nat-for-gateway-endpoint-service", "etl", target: service).fix
            #expect(
                fix
                    == "aws ec2 create-vpc-endpoint --vpc-id vpc-0ae70000000000001 --service-name com.amazonaws.us-east-1.\(service) --route-table-ids rtb-0ae70000000000020 rtb-0ae70000000000021",
                "\(fix)")
        }
    }

    @Test("a dual-stack function in public subnets whose IPv6 gets out lacks IPv4 internet, not all of it")
    func dualStackPublic() throws {
        let (_, result) = try Self.audit("dual-stack-public")
        let message = try Self.finding(result, "public-subnet-only", "v6-public").message
        #expect(message.contains("it has no IPv4 internet access (its IPv6 traffic gets out"), "\(message)")
        #expect(!message.contains("no internet access at all"), "\(message)")
        // The same function without --targets internet6: the audit asks the solver itself.
        let network = try network("checks/dual-stack-public")
        let defaults = try Self.finding(Audit(network: network).run(AuditRequest()), "public-subnet-only", "v6-public")
        #expect(defaults.message == message)
    }

    @Test("a shared subnet's zones are named as the function's account names them")
    func sharedVPCZoneNames() throws {
        let (_, result) = try Self.audit("shared-vpc-cross-az-nat")
        // use1-az2 is us-east-1c and use1-az1 us-east-1b for 222222222222, where orders-api runs.
        let message = try Self.finding(result, "nat-gateway-cross-az", "orders-api").message
        #expect(
            message.hasPrefix(
                "rtb-0a11000000000004 sends 0.0.0.0/0 from subnet-0a11000000000005 (us-east-1c) to nat-0a11000000000001 in us-east-1b:"
            ), "\(message)")
    }

    @Test("subnets-differ-across-azs names the targets asked for, not those the checks asked")
    func differencesOfTheMatrix() throws {
        var request = AuditRequest()
        request.defaultTargets = false
        request.extraTargets = [.internet]
        let result = Audit(network: try network("placement")).run(request)
        let differ = try Self.finding(result, "subnets-differ-across-azs", "public-and-private")
        #expect(differ.message.contains("it cannot reach internet, which"), "\(differ.message)")
    }

    @Test("a subnet's tier is its name without its zone, in the forms names take")
    func tiers() {
        func tier(_ name: String, _ zone: String = "us-east-1a", id: String? = "use1-az4") -> String? {
            AuditChecks.tier(
                Subnet(
                    id: "subnet-1", vpcId: "vpc-1", availabilityZone: zone, cidr: IPv4CIDR("10.0.0.0/24"), name: name,
                    availabilityZoneId: id))
        }
        #expect(tier("private-us-east-1a") == "private-")
        #expect(tier("private-a") == "private-")
        #expect(tier("private-1a") == "private-")
        #expect(tier("Private-A") == "Private-")
        #expect(tier("app-a-2") == "app--2")
        #expect(tier("db-use1-az4") == "db-")
        #expect(tier("private-b") == "private-b")
        // A letter inside a word is not the zone.
        #expect(tier("data") == "data")
        #expect(tier("private-b", "us-east-1b") == "private-")
    }
}
