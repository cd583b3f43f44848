import ReachCore

/// Builds a `Network` in code for solver unit tests, as Batfish's tests build a `Region`: one
/// statement per AWS resource, with what AWS itself gives by default (a VPC's local route in
/// every route table, a default network ACL that allows everything, a security group rule list
/// that is empty until one is added). A test then reads as the account it describes:
///
/// ```swift
/// var builder = NetworkBuilder()
/// builder.vpc("vpc-1", cidr: "10.0.0.0/16")
/// builder.subnet("subnet-pub", vpc: "vpc-1", cidr: "10.0.0.0/24")
/// builder.internetGateway("igw-1", vpc: "vpc-1")
/// builder.routeTable("rtb-pub", vpc: "vpc-1", subnets: ["subnet-pub"], routes: [("0.0.0.0/0", .igw, "igw-1")])
/// builder.securityGroup("sg-fn", vpc: "vpc-1", egress: [.all("0.0.0.0/0")])
/// let function = builder.function("fn", subnets: ["subnet-pub"], groups: ["sg-fn"])
/// let answer = try Solver(network: builder.network).answer(Question(function: function, target: .internet))
/// ```
///
/// Identifiers are the caller's; the account and region are one fixed pair unless given.
public struct NetworkBuilder {
    /// The network built so far, indexed: ready for a `Solver`.
    public var network: Network {
        var network = built
        network.index()
        return network
    }

    private var built = Network()
    public let account: String
    public let region: String

    public init(account: String = "123456789012", region: String = "us-east-1") {
        self.account = account
        self.region = region
    }

    /// A VPC with its CIDR and its default network ACL (`acl-default-<vpc>`, allowing all).
    public mutating func vpc(_ id: String, cidr: String, dnsSupport: Bool? = nil, dnsHostnames: Bool? = nil) {
        let block = IPv4CIDR(cidr)!
        built.vpcs[id] = VPC(
            id: id, accountId: account, region: region, cidrs: [block], enableDnsSupport: dnsSupport,
            enableDnsHostnames: dnsHostnames, primaryCIDR: block)
        let open = [NetworkACLEntry(ruleNumber: 100, ipProtocol: .all, allow: true, cidr: .any)]
        built.networkACLs["acl-default-\(id)"] = NetworkACL(
            id: "acl-default-\(id)", vpcId: id, isDefault: true, inbound: open, outbound: open)
    }

    /// A subnet of `vpc`.
    public mutating func subnet(
        _ id: String, vpc: String, cidr: String, zone: String? = nil, availableAddresses: Int? = nil
    ) {
        built.subnets[id] = Subnet(
            id: id, vpcId: vpc, availabilityZone: zone ?? "\(region)a", cidr: IPv4CIDR(cidr)!,
            availableIPAddressCount: availableAddresses)
    }

    /// A route table of `vpc` associated with `subnets` (the main table when `main`): the
    /// VPC's local route first, then `routes` as (destination CIDR, target kind, target ID).
    /// A target ID of nil with `.nat`, `.igw`, ... makes a blackhole route.
    public mutating func routeTable(
        _ id: String, vpc: String, subnets: [String] = [], main: Bool = false,
        routes: [(destination: String, kind: RouteTargetKind, target: String?)]
    ) {
        let local = built.vpcs[vpc]!.cidrs.map {
            Route(destination: .cidr($0), targetKind: .local, targetId: "local")
        }
        let others = routes.map {
            Route(
                destination: .cidr(IPv4CIDR($0.destination)!), targetKind: $0.kind, targetId: $0.target,
                isBlackhole: $0.target == nil)
        }
        built.routeTables[id] = RouteTable(
            id: id, vpcId: vpc, routes: local + others, associatedSubnets: subnets, isMain: main)
    }

    /// An internet gateway attached to `vpc` (to none when `vpc` is nil).
    public mutating func internetGateway(_ id: String, vpc: String?) {
        built.internetGateways[id] = InternetGateway(id: id, attachedVPCs: vpc.map { [$0] } ?? [])
    }

    /// A NAT gateway in `subnet`: public with an Elastic IP unless `isPublic` is false.
    public mutating func natGateway(
        _ id: String, subnet: String, state: String = "available", isPublic: Bool = true,
        elasticIP: String = "52.0.0.1"
    ) {
        built.natGateways[id] = NATGateway(
            id: id, vpcId: built.subnets[subnet]!.vpcId, subnetId: subnet, state: state, isPublic: isPublic,
            publicAddresses: isPublic ? [IPv4Address(elasticIP)!] : [])
    }

    /// A network ACL of `vpc` associated with `subnets`, with its own entries.
    public mutating func networkACL(
        _ id: String, vpc: String, subnets: [String], inbound: [NetworkACLEntry], outbound: [NetworkACLEntry]
    ) {
        built.networkACLs[id] = NetworkACL(
            id: id, vpcId: vpc, isDefault: false, inbound: inbound, outbound: outbound, associatedSubnets: subnets)
    }

    /// A security group of `vpc` with its rules (none unless given: a hardened group).
    public mutating func securityGroup(
        _ id: String, vpc: String, ingress: [SecurityGroupRule] = [], egress: [SecurityGroupRule] = []
    ) {
        built.securityGroups[id] = SecurityGroup(
            id: id, vpcId: vpc, name: id, accountId: account, region: region, ingress: ingress, egress: egress)
    }

    /// A function named `name` in `subnets` with `groups` (no VpcConfig when `subnets` is empty).
    @discardableResult
    public mutating func function(_ name: String, subnets: [String], groups: [String]) -> LambdaFunction {
        let function = LambdaFunction(
            arn: "arn:aws:lambda:\(region):\(account):function:\(name)", name: name, accountId: account,
            region: region, subnetIds: subnets, securityGroupIds: groups)
        built.functions[function.arn] = function
        return function
    }

    /// A change the statements above do not cover, made on the network directly.
    public mutating func edit(_ change: (inout Network) -> Void) { change(&built) }
}

extension SecurityGroupRule {
    /// A rule for every protocol and port to or from `cidr`.
    public static func all(_ cidr: String, number: Int = 1) -> SecurityGroupRule {
        SecurityGroupRule(number: number, ipProtocol: .all, ports: .all, peer: .cidr(IPv4CIDR(cidr)!))
    }

    /// A rule for TCP `port` to or from `cidr`.
    public static func tcp(_ port: Int, _ cidr: String, number: Int = 1) -> SecurityGroupRule {
        SecurityGroupRule(number: number, ipProtocol: .tcp, ports: PortRange(port), peer: .cidr(IPv4CIDR(cidr)!))
    }
}
