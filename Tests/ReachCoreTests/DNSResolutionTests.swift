import TestSupport
import Testing

@testable import ReachCore

/// How a service's name resolves in the function's VPC (docs/organisation-rules.md, "Private
/// hosted zones" and "Route 53 Resolver rules"), each rule on a hub and a spoke built in code: the
/// spoke (10.1.0.0/16) holds the function, the hub (10.0.0.0/16) a secretsmanager interface
/// endpoint with private DNS off, the two peered with routes both ways.
@Suite("Name resolution: private hosted zones, Resolver rules, the most specific domain")
struct DNSResolutionTests {
    static let name = "secretsmanager.us-east-1.amazonaws.com"

    /// The hub and spoke; `dns` adds the zones and rules of the test.
    /// The hub's Route 53 Resolver endpoints: inbound at 10.0.1.53, outbound at 10.0.1.54, both
    /// in `sg-resolver`, which admits `resolverIngress` (udp 53).
    static func network(
        spokeDNS: (support: Bool?, hostnames: Bool?) = (true, true), spokeEndpoint: Bool = false,
        resolverIngress: String = "10.0.0.0/16", s3Endpoint: Bool = false, _ dns: (inout DNSConfiguration) -> Void
    ) -> (Network, LambdaFunction) {
        var builder = NetworkBuilder()
        builder.vpc("vpc-spoke", cidr: "10.1.0.0/16", dnsSupport: spokeDNS.support, dnsHostnames: spokeDNS.hostnames)
        builder.vpc("vpc-hub", cidr: "10.0.0.0/16", dnsSupport: true, dnsHostnames: true)
        builder.subnet("subnet-spoke", vpc: "vpc-spoke", cidr: "10.1.1.0/24")
        builder.subnet("subnet-hub", vpc: "vpc-hub", cidr: "10.0.1.0/24")
        builder.routeTable(
            "rtb-spoke", vpc: "vpc-spoke", subnets: ["subnet-spoke"], routes: [("10.0.0.0/16", .pcx, "pcx-1")])
        builder.routeTable("rtb-hub", vpc: "vpc-hub", subnets: ["subnet-hub"], routes: [("10.1.0.0/16", .pcx, "pcx-1")])
        builder.securityGroup("sg-fn", vpc: "vpc-spoke", egress: [.all("0.0.0.0/0")])
        builder.securityGroup("sg-endpoint", vpc: "vpc-hub", ingress: [.tcp(443, "10.0.0.0/8")])
        builder.securityGroup("sg-spoke-endpoint", vpc: "vpc-spoke", ingress: [.tcp(443, "10.1.0.0/16")])
        builder.securityGroup(
            "sg-resolver", vpc: "vpc-hub",
            ingress: [
                SecurityGroupRule(
                    number: 1, ipProtocol: .udp, ports: PortRange(53), peer: .cidr(IPv4CIDR(resolverIngress)!))
            ], egress: [.all("0.0.0.0/0")])
        let function = builder.function("fn", subnets: ["subnet-spoke"], groups: ["sg-fn"])
        builder.edit { network in
            network.peerings["pcx-1"] = PeeringConnection(
                id: "pcx-1", status: "active",
                requester: .init(
                    vpcId: "vpc-spoke", accountId: "123456789012", region: "us-east-1",
                    cidrs: [IPv4CIDR("10.1.0.0/16")!]),
                accepter: .init(
                    vpcId: "vpc-hub", accountId: "123456789012", region: "us-east-1", cidrs: [IPv4CIDR("10.0.0.0/16")!])
            )
            // Route 53 names a Resolver endpoint's interfaces after it.
            for (id, endpoint, address) in [
                ("eni-resolver-in", "rslvr-in-1", "10.0.1.53"), ("eni-resolver-out", "rslvr-out-1", "10.0.1.54"),
            ] {
                network.networkInterfaces[id] = NetworkInterface(
                    id: id, vpcId: "vpc-hub", subnetId: "subnet-hub", interfaceType: "interface",
                    description: "Route 53 Resolver: \(endpoint):rni-\(id)", privateAddresses: [IPv4Address(address)!],
                    securityGroupIds: ["sg-resolver"])
            }
            network.networkInterfaces["eni-hub"] = NetworkInterface(
                id: "eni-hub", vpcId: "vpc-hub", subnetId: "subnet-hub", interfaceType: "vpc_endpoint",
                privateAddresses: [IPv4Address("10.0.1.10")!], securityGroupIds: ["sg-endpoint"])
            network.endpoints["vpce-hub"] = VPCEndpoint(
                id: "vpce-hub", vpcId: "vpc-hub", kind: .interface,
                serviceName: "com.amazonaws.us-east-1.secretsmanager",
                state: "available", privateDNSEnabled: false, policy: nil, routeTableIds: [], subnetIds: ["subnet-hub"],
                securityGroupIds: ["sg-endpoint"], networkInterfaceIds: ["eni-hub"])
            network.dns.endpointByDNSName["vpce-hub-abc.secretsmanager.us-east-1.vpce.amazonaws.com"] = "vpce-hub"
            if s3Endpoint {
                network.networkInterfaces["eni-hub-s3"] = NetworkInterface(
                    id: "eni-hub-s3", vpcId: "vpc-hub", subnetId: "subnet-hub", interfaceType: "vpc_endpoint",
                    privateAddresses: [IPv4Address("10.0.1.11")!], securityGroupIds: ["sg-endpoint"])
                network.endpoints["vpce-s3"] = VPCEndpoint(
                    id: "vpce-s3", vpcId: "vpc-hub", kind: .interface, serviceName: "com.amazonaws.us-east-1.s3",
                    state: "available", privateDNSEnabled: false, policy: nil, routeTableIds: [],
                    subnetIds: ["subnet-hub"], securityGroupIds: ["sg-endpoint"], networkInterfaceIds: ["eni-hub-s3"])
                network.dns.endpointByDNSName["vpce-s3-abc.s3.us-east-1.vpce.amazonaws.com"] = "vpce-s3"
            }
            if spokeEndpoint {
                network.endpoints["vpce-spoke"] = VPCEndpoint(
                    id: "vpce-spoke", vpcId: "vpc-spoke", kind: .interface,
                    serviceName: "com.amazonaws.us-east-1.secretsmanager", state: "available", privateDNSEnabled: true,
                    policy: nil, routeTableIds: [], subnetIds: ["subnet-spoke"],
                    securityGroupIds: ["sg-spoke-endpoint"],
                    networkInterfaceIds: [])
            }
            dns(&network.dns)
        }
        return (builder.network, function)
    }

    /// A private hosted zone named `zone` with an alias for `record` to the hub's endpoint.
    static func zone(_ id: String, _ zone: String, record: String? = name) -> PrivateHostedZone {
        PrivateHostedZone(
            id: id, name: zone, owningAccount: nil,
            records: record.map {
                [
                    DNSRecord(
                        name: $0, type: "A", aliasTarget: "vpce-hub-abc.secretsmanager.us-east-1.vpce.amazonaws.com",
                        values: [])
                ]
            } ?? [])
    }

    /// A Resolver rule for `domain`, forwarding to the hub (`target`, its inbound endpoint by
    /// default) through the outbound endpoint, unless SYSTEM.
    static func rule(
        _ id: String, _ domain: String, type: String = "FORWARD", status: String = "COMPLETE",
        target: String = "10.0.1.53"
    ) -> ResolverRuleUse {
        ResolverRuleUse(
            ruleId: id, domainName: domain, ruleType: type, associationStatus: status,
            targetAddresses: type == "FORWARD" ? [IPv4Address(target)!] : [], name: nil,
            resolverEndpointId: type == "FORWARD" ? "rslvr-out-1" : nil)
    }

    /// The answer to aws:secretsmanager, and the DNS step's component (nil: none).
    static func ask(_ network: Network, _ function: LambdaFunction) throws -> (Answer, String?) {
        let answer = try Solver(network: network).answer(
            Question(function: function, target: .awsService("secretsmanager")))
        let step = answer.subnets.first?.hops.first { $0.kind == .dnsResolution }
        return (answer, step?.component)
    }

    @Test("a private hosted zone's alias leads to the hub's endpoint, over the peering")
    func zoneAlias() throws {
        let (network, function) = Self.network { $0.hostedZonesByVPC["vpc-spoke"] = [Self.zone("Z1", Self.name)] }
        let (answer, via) = try Self.ask(network, function)
        #expect(answer.verdict == .reachable, "\(answer.subnets.first?.blockers ?? [])")
        #expect(via == "Z1")
        #expect(answer.subnets.first?.hops.contains { $0.component == "vpce-hub" } == true)
    }

    @Test("without a zone or rule the name is public: no route to it, and no DNS step")
    func noZone() throws {
        let (network, function) = Self.network { _ in }
        let (answer, via) = try Self.ask(network, function)
        #expect(via == nil)
        #expect(answer.verdict == .unreachable)
    }

    @Test("a forwarding rule and a zone for the same name: the rule takes precedence")
    func ruleWinsTie() throws {
        let (network, function) = Self.network { dns in
            // The zone's record leads nowhere the inventory knows; the rule's hub answers.
            dns.hostedZonesByVPC["vpc-spoke"] = [Self.zone("Z1", Self.name, record: nil)]
            dns.resolverRulesByVPC["vpc-spoke"] = [Self.rule("rslvr-rr-1", Self.name)]
            dns.hostedZonesByVPC["vpc-hub"] = [Self.zone("Zhub", Self.name)]
        }
        let (answer, via) = try Self.ask(network, function)
        #expect(via == "rslvr-rr-1")
        #expect(answer.verdict == .reachable, "\(answer.subnets.first?.blockers ?? [])")
    }

    @Test("a forwarding rule whose target nothing holds: the name does not resolve, at the rule")
    func ruleToNothing() throws {
        let (network, function) = Self.network { dns in
            dns.resolverRulesByVPC["vpc-spoke"] = [Self.rule("rslvr-rr-1", Self.name, target: "10.0.1.99")]
            dns.hostedZonesByVPC["vpc-hub"] = [Self.zone("Zhub", Self.name)]
        }
        let (answer, _) = try Self.ask(network, function)
        #expect(answer.verdict == .unreachable)
        let blocker = try #require(answer.subnets.first?.blockers.first)
        #expect(blocker.code == .dnsNameNotResolved && blocker.component == "rslvr-rr-1")
        #expect(answer.words(of: blocker).message.contains("no network interface holds those addresses"))
    }

    @Test("a forwarding rule whose queries the inbound endpoint's group drops: the group, and a fix for udp and tcp 53")
    func ruleFiltered() throws {
        let (network, function) = Self.network(resolverIngress: "192.168.0.0/16") { dns in
            dns.resolverRulesByVPC["vpc-spoke"] = [Self.rule("rslvr-rr-1", Self.name)]
            dns.hostedZonesByVPC["vpc-hub"] = [Self.zone("Zhub", Self.name)]
        }
        let (answer, _) = try Self.ask(network, function)
        #expect(answer.verdict == .unreachable)
        let blocker = try #require(answer.subnets.first?.blockers.first)
        #expect(blocker.code == .eniSecurityGroupRulesMismatch && blocker.component == "sg-resolver")
        #expect(
            answer.words(of: blocker).fix
                == "aws ec2 authorize-security-group-ingress --group-id sg-resolver --ip-permissions 'IpProtocol=udp,FromPort=53,ToPort=53,IpRanges=[{CidrIp=10.0.1.54/32}]' 'IpProtocol=tcp,FromPort=53,ToPort=53,IpRanges=[{CidrIp=10.0.1.54/32}]'"
        )
    }

    @Test("the most specific domain wins: a zone for the name beats a rule for amazonaws.com")
    func specificZoneBeatsBroadRule() throws {
        let (network, function) = Self.network { dns in
            dns.hostedZonesByVPC["vpc-spoke"] = [Self.zone("Z1", Self.name)]
            dns.resolverRulesByVPC["vpc-spoke"] = [Self.rule("rslvr-rr-broad", "amazonaws.com")]
        }
        #expect(try Self.ask(network, function).1 == "Z1")
    }

    @Test("a SYSTEM rule for the name overrides a forwarding rule for its parent")
    func systemRuleOverrides() throws {
        let (network, function) = Self.network { dns in
            dns.resolverRulesByVPC["vpc-spoke"] = [
                Self.rule("rslvr-rr-parent", "us-east-1.amazonaws.com"),
                Self.rule("rslvr-rr-system", Self.name, type: "SYSTEM"),
            ]
            dns.hostedZonesByVPC["vpc-hub"] = [Self.zone("Zhub", Self.name)]
        }
        let (answer, via) = try Self.ask(network, function)
        #expect(via == nil, "the SYSTEM rule sends the name to the VPC's own resolution: public")
        #expect(answer.verdict == .unreachable)
    }

    @Test("a rule whose association is not COMPLETE is not in force")
    func associationNotComplete() throws {
        let (network, function) = Self.network { dns in
            dns.resolverRulesByVPC["vpc-spoke"] = [Self.rule("rslvr-rr-1", Self.name, status: "FAILED")]
            dns.hostedZonesByVPC["vpc-hub"] = [Self.zone("Zhub", Self.name)]
        }
        #expect(try Self.ask(network, function).1 == nil)
    }

    @Test("a zone that covers the name without a record answers NXDOMAIN: no fallback to public DNS")
    func zoneWithoutRecord() throws {
        let (network, function) = Self.network { dns in
            dns.hostedZonesByVPC["vpc-spoke"] = [
                Self.zone("Z1", "us-east-1.amazonaws.com", record: "sts.us-east-1.amazonaws.com")
            ]
        }
        let (answer, _) = try Self.ask(network, function)
        #expect(answer.verdict == .unreachable)
        #expect(answer.subnets.first?.blockers.map(\.code) == [.dnsNameNotResolved])
        #expect(answer.subnets.first?.blockers.first?.component == "Z1")
    }

    @Test(
        "a database's endpoint name is resolved as a service's: a zone without its record answers NXDOMAIN, a more specific forwarding rule wins"
    )
    func databaseName() throws {
        func ask(_ dns: @escaping (inout DNSConfiguration) -> Void) throws -> Answer {
            var (network, function) = Self.network(dns)
            network.subnets["subnet-db"] = Subnet(
                id: "subnet-db", vpcId: "vpc-spoke", availabilityZone: "us-east-1a", cidr: IPv4CIDR("10.1.9.0/24"))
            network.securityGroups["sg-db"] = SecurityGroup(
                id: "sg-db", vpcId: "vpc-spoke", name: "sg-db", accountId: "123456789012", region: "us-east-1",
                ingress: [.tcp(5432, "10.1.0.0/16")], egress: [])
            network.databases["db"] = RDSDatabase(
                key: "instance:1:orders", kind: .instance, identifier: "orders", accountId: "123456789012",
                region: "us-east-1", status: "available", endpoint: "Orders.c9akciq32lxp.us-east-1.rds.amazonaws.com.",
                port: 5432, vpcId: "vpc-spoke", subnetIds: ["subnet-db"], securityGroupIds: ["sg-db"])
            network.index()
            return try Solver(network: network).answer(Question(function: function, target: .database("orders")))
        }
        let zoneOnly = try ask { $0.hostedZonesByVPC["vpc-spoke"] = [Self.zone("Z1", "amazonaws.com", record: nil)] }
        #expect(zoneOnly.verdict == .unreachable)
        #expect(zoneOnly.allBlockers.map { "\($0.code)@\($0.component)" } == ["DNS_NAME_NOT_RESOLVED@Z1"])
        let blocker = try #require(zoneOnly.allBlockers.first)
        #expect(zoneOnly.words(of: blocker).message.contains("orders.c9akciq32lxp.us-east-1.rds.amazonaws.com"))
        #expect(zoneOnly.words(of: blocker).fix.contains("disassociate-vpc-from-hosted-zone --hosted-zone-id Z1"))
        let forwarded = try ask { dns in
            dns.hostedZonesByVPC["vpc-spoke"] = [Self.zone("Z1", "amazonaws.com", record: nil)]
            dns.resolverRulesByVPC["vpc-spoke"] = [Self.rule("rslvr-rr-rds", "rds.amazonaws.com")]
        }
        #expect(forwarded.verdict == .reachable, "\(forwarded.allBlockers)")
        #expect(forwarded.notes.contains { $0.contains("rslvr-rr-rds") && $0.contains("rds:orders's own address") })
    }

    @Test("private hosted zones need enableDnsHostnames on the querying VPC")
    func hostnamesOff() throws {
        let (network, function) = Self.network(spokeDNS: (true, false)) { dns in
            dns.hostedZonesByVPC["vpc-spoke"] = [Self.zone("Z1", Self.name)]
        }
        let (answer, via) = try Self.ask(network, function)
        #expect(via == nil)
        #expect(answer.notes.contains { $0.contains("enableDnsHostnames off") })
        // The fix turns the attribute on, which makes the zone count; a new endpoint with private
        // DNS would collide with the zone's name.
        let blocker = try #require(answer.subnets.first?.blockers.first { $0.code == .noRouteToDestination })
        let words = answer.words(of: blocker)
        #expect(words.message.contains("Private hosted zone Z1"), "\(words.message)")
        #expect(
            words.fix.hasPrefix(
                "aws ec2 modify-vpc-attribute --vpc-id vpc-spoke --enable-dns-hostnames '{\"Value\":true}'\n# or a NAT gateway:"
            ), "\(words.fix)")
        #expect(!words.fix.contains("create-vpc-endpoint"))
    }

    @Test("a zone for S3's name without the wildcard for bucket names: the SDK's bucket names do not resolve")
    func s3ZoneWithoutWildcard() throws {
        let apex = "s3.us-east-1.amazonaws.com"
        let alias = "vpce-s3-abc.s3.us-east-1.vpce.amazonaws.com"
        for wildcard in [false, true] {
            let (network, function) = Self.network(s3Endpoint: true) { dns in
                var records = [DNSRecord(name: apex, type: "A", aliasTarget: alias, values: [])]
                if wildcard { records.append(DNSRecord(name: "*." + apex, type: "A", aliasTarget: alias, values: [])) }
                dns.hostedZonesByVPC["vpc-spoke"] = [
                    PrivateHostedZone(id: "Zs3", name: apex, owningAccount: nil, records: records)
                ]
            }
            let answer = try Solver(network: network).answer(Question(function: function, target: .awsService("s3")))
            if wildcard {
                #expect(answer.verdict == .reachable, "\(answer.subnets.first?.blockers ?? [])")
            } else {
                let blocker = try #require(answer.subnets.first?.blockers.first)
                #expect(blocker.code == .dnsNameNotResolved && blocker.component == "Zs3")
                #expect(answer.words(of: blocker).message.contains("virtual-hosted style"))
            }
        }
    }

    @Test(
        "ECR's API is called at api.ecr.REGION: a rule sends that name on premises, and the fix creates no endpoint with private DNS beside the zone of that name"
    )
    func conflictingZoneNoPrivateDNSEndpoint() throws {
        let name = "api.ecr.us-east-1.amazonaws.com"
        let (network, function) = Self.network { dns in
            dns.hostedZonesByVPC["vpc-spoke"] = [
                PrivateHostedZone(
                    id: "Zecr", name: name, owningAccount: nil,
                    records: [DNSRecord(name: name, type: "A", aliasTarget: nil, values: ["10.0.1.77"])])
            ]
            // Resolvers on premises, through an outbound endpoint that was not exported.
            dns.resolverRulesByVPC["vpc-spoke"] = [
                ResolverRuleUse(
                    ruleId: "rslvr-rr-onprem", domainName: name, ruleType: "FORWARD", associationStatus: "COMPLETE",
                    targetAddresses: [IPv4Address("192.168.10.53")!], name: nil)
            ]
        }
        let answer = try Solver(network: network).answer(Question(function: function, target: .awsService("ecr.api")))
        #expect(answer.verdict == .unreachable)
        #expect(answer.notes.contains { $0.contains("rslvr-rr-onprem forwards \(name) to 192.168.10.53") })
        let blocker = try #require(answer.subnets.first?.blockers.first { $0.code == .noRouteToDestination })
        let fix = answer.words(of: blocker).fix
        #expect(fix.contains("create-resolver-rule --rule-type SYSTEM --domain-name \(name)"), "\(fix)")
        #expect(
            fix.contains(
                "--service-name com.amazonaws.us-east-1.ecr.api --subnet-ids subnet-spoke --security-group-ids \"$sg\" --no-private-dns-enabled"
            ), "\(fix)")
        #expect(!fix.contains(" --private-dns-enabled"), "\(fix)")
        #expect(fix.contains("change-resource-record-sets --hosted-zone-id Zecr"), "\(fix)")
    }

    @Test("the VPC's own endpoint with private DNS beats a zone for a parent domain")
    func ownEndpointMoreSpecific() throws {
        let (network, function) = Self.network(spokeEndpoint: true) { dns in
            dns.hostedZonesByVPC["vpc-spoke"] = [Self.zone("Z1", "us-east-1.amazonaws.com")]
        }
        let (answer, via) = try Self.ask(network, function)
        #expect(via == nil)
        #expect(answer.subnets.first?.hops.contains { $0.component == "vpce-spoke" } == true)
    }

    @Test("zones are compared by ID across accounts; a subnet's zone is named as the function's account names it")
    func zonesByID() throws {
        var builder = NetworkBuilder(account: "222222222222")
        builder.vpc("vpc-shared", cidr: "10.5.0.0/16")
        builder.edit { network in
            network.subnets["subnet-a"] = Subnet(
                id: "subnet-a", vpcId: "vpc-shared", availabilityZone: "us-east-1a", cidr: IPv4CIDR("10.5.1.0/24"),
                availabilityZoneId: "use1-az1", ownerId: "111111111111")
            network.subnets["subnet-b"] = Subnet(
                id: "subnet-b", vpcId: "vpc-shared", availabilityZone: "us-east-1c", cidr: IPv4CIDR("10.5.2.0/24"),
                availabilityZoneId: "use1-az1", ownerId: "222222222222")
            network.zoneNames["222222222222/us-east-1"] = ["use1-az1": "us-east-1b"]
        }
        let network = builder.network
        let a = try #require(network.subnets["subnet-a"])
        let b = try #require(network.subnets["subnet-b"])
        #expect(a.isInSameZone(as: b))
        #expect(network.zoneName(of: a, forAccount: "222222222222", region: "us-east-1") == "us-east-1b")
        #expect(network.zoneName(of: a, forAccount: "333333333333", region: "us-east-1") == "us-east-1a")
    }
}
