/// The blockers' words: what blocks, in a sentence someone who does not know the AWS rule can
/// follow, and the aws CLI commands that would make it pass, with the real IDs. The commands
/// are `ShellCommand`s, which quote every value they are given: an inventory's ID can hold
/// anything, and a fix is pasted into a shell.
enum Explain {
    /// What the question asks, as the words of a blocker name it: the target, the protocol and
    /// port, and the region of the function (in endpoint service names). A blocker's facts hold
    /// this and never the function itself, whose name and groups come from the `FunctionIdentity`
    /// the words are written for: a walk is shared by every function placed alike.
    struct Traffic: Sendable, Hashable {
        var target: Target
        var ipProtocol: IPProtocol
        var port: Int
        var region: String
    }

    // MARK: Helpers that find what a fix can use

    /// The fix that exports one kind of resource again, whole, and imports it for the
    /// function's account and region. A filtered export (`--group-ids`, `--filters vpc-id=`)
    /// would not do: importing a kind for an account and region replaces all of it, so the
    /// other groups or tables would leave the inventory. `owner`: another account whose
    /// resources they are (only its credentials describe them), in the function's region.
    static func reexport(_ call: String, for function: FunctionIdentity, owner: String? = nil) -> ShellCommand {
        let file = call.hasPrefix("describe-") ? String(call.dropFirst("describe-".count)) : call
        guard let (region, account) = function.regionAndAccount else {
            return "aws ec2 \(raw: call) > \(raw: file).json && lambda-reach import \(raw: file).json"
        }
        guard let owner, owner != account else {
            return
                "aws ec2 \(raw: call) --region \(region) > \(raw: file).json && lambda-reach import --account \(account) --region \(region) \(raw: file).json"
        }
        return
            "aws ec2 \(raw: call) --region \(region) > \(raw: file).json && lambda-reach import --account \(owner) --region \(region) \(raw: file).json   # with account \(note: owner)'s credentials"
    }

    /// Available public NAT gateways of a VPC that can reach the internet (`reachesInternet`),
    /// the one in `zone` first.
    static func usableNATs(in vpcId: String, zone: String, network: Network) -> [NATGateway] {
        network.natGateways(inVPC: vpcId).filter { reachesInternet($0, network: network) }
            .sorted {
                let a = network.subnets[$0.subnetId]?.availabilityZone == zone
                let b = network.subnets[$1.subnetId]?.availabilityZone == zone
                return (a ? 0 : 1, $0.id) < (b ? 0 : 1, $1.id)
            }
    }

    /// Whether `nat` can carry a function's traffic to the internet: a public NAT gateway,
    /// `available`, whose own subnet sends the internet (`internetRoute`) to an internet gateway
    /// attached to its VPC ("You create a public NAT gateway in a public subnet ... You route
    /// traffic from the NAT gateway to the internet gateway"). A NAT gateway created in a
    /// private subnet by mistake is not one: a route to it loops or drops the traffic. A subnet
    /// that sends it to a firewall endpoint (AWS Network Firewall's NAT gateway design, the
    /// firewall's own subnet routing to the internet gateway) counts: lambda-reach does not
    /// follow the firewall, and the design is AWS's.
    static func reachesInternet(_ nat: NATGateway, network: Network) -> Bool {
        guard nat.isPublic, nat.state == "available", let table = network.routeTable(forSubnet: nat.subnetId),
            let route = internetRoute(of: table, network: network), !route.isBlackhole, let id = route.targetId
        else { return false }
        switch route.targetKind {
        case .igw: return network.internetGateways[id]?.attachedVPCs.contains(nat.vpcId) == true
        case .vpce: return network.endpoints[id].map { $0.kind != .gateway && $0.kind != .interface } ?? true
        default: return false
        }
    }

    /// The route by which `table` sends the IPv4 internet: the one whose target carries most of
    /// the public addresses by longest prefix (`Routing.legs`). That is its 0.0.0.0/0 route,
    /// unless narrower routes carry the internet past it (0.0.0.0/1 and 128.0.0.0/1 to a NAT
    /// gateway beside 0.0.0.0/0 to an internet gateway kept for appliances): the route traffic
    /// takes, not the one a table has for 0.0.0.0/0, decides. Routes to one target count
    /// together; a prefix-list route (a gateway endpoint's service) is not the internet. Nil
    /// when most of the internet has no route.
    static func internetRoute(of table: RouteTable, network: Network) -> Route? {
        // The common table has one route that can carry public addresses at all: no legs.
        let candidates = table.routes.filter { route in
            guard case .cidr(let cidr) = route.destination, route.targetKind != .local else { return false }
            return AddressSet.publicInternet.intersects(cidr.range)
        }
        if candidates.count == 1, case .cidr(let cidr) = candidates[0].destination, cidr.prefixLength == 0 {
            return candidates[0]
        }
        var totals: [(route: Route?, addresses: UInt64)] = []
        for leg in Routing.legs(table: table, destination: .publicInternet, memberOf: [], network: network) {
            if let route = leg.route, case .prefixList = route.destination { continue }
            let size = leg.addresses.intervals.reduce(UInt64(0)) {
                $0 + UInt64($1.upperBound) - UInt64($1.lowerBound) + 1
            }
            let key = leg.route.map { "\($0.targetKind.rawValue) \($0.targetId ?? "")" }
            if let index = totals.firstIndex(where: { total in
                total.route.map { "\($0.targetKind.rawValue) \($0.targetId ?? "")" } == key
            }) {
                totals[index].addresses += size
            } else {
                totals.append((leg.route, size))
            }
        }
        // The first of the largest: legs come in the order routes match, longest prefix first.
        var best: (route: Route?, addresses: UInt64)?
        for total in totals where best == nil || total.addresses > best!.addresses { best = total }
        return best?.route
    }

    /// Subnets of a VPC whose route table sends the internet (`internetRoute`) to a NAT gateway
    /// that reaches it (`reachesInternet`): where a function that needs the internet belongs. An
    /// IPv6-only subnet is never one: it has no IPv4 address to send from (`SUBNET_IPV6_ONLY`),
    /// whatever its table says.
    static func privateSubnetsWithNAT(in vpcId: String, network: Network) -> [Subnet] {
        var byTable: [String: Bool] = [:]
        return network.subnets(inVPC: vpcId).filter { subnet in
            guard subnet.cidr != nil, let table = network.routeTable(forSubnet: subnet.id) else { return false }
            if let known = byTable[table.id] { return known }
            let routes = defaultRouteNAT(of: table, network: network) != nil
            byTable[table.id] = routes
            return routes
        }
    }

    /// The NAT gateway that `table` sends the internet to (`internetRoute`), when it is one that
    /// reaches the internet (`reachesInternet`) and the route is not a blackhole.
    static func defaultRouteNAT(of table: RouteTable, network: Network) -> NATGateway? {
        guard let route = internetRoute(of: table, network: network), route.targetKind == .nat, !route.isBlackhole,
            let id = route.targetId, let nat = network.natGateways[id], reachesInternet(nat, network: network)
        else { return nil }
        return nat
    }

    /// The availability zones of the subnets of `vpcId` that use route table `table` (by
    /// association, or as the main table), sorted.
    static func zones(usingTable table: String, in vpcId: String, network: Network) -> [String] {
        // By ID (its association, else the main table), not `routeTable(forSubnet:)`, which
        // copies each table: an audit builds this for every subnet without a NAT route.
        let main = network.mainRouteTableByVPC[vpcId]
        var zones = Set<String>()
        for id in network.subnetsByVPC[vpcId] ?? [] where (network.routeTableBySubnet[id] ?? main) == table {
            if let zone = network.subnets[id]?.availabilityZone { zones.insert(zone) }
        }
        return zones.sorted()
    }

    /// A subnet and its zone (`zoneKey`).
    struct ZoneSubnet: Sendable, Hashable {
        var zone: String
        var subnet: String
    }

    /// VpcConfig takes at most 16 subnets ("SubnetIds ... Maximum number of 16 items").
    static let maximumSubnets = 16

    /// How zones are told apart: by AZ ID, the same physical zone in every account, else by
    /// name (an export without AZ IDs).
    static func zoneKey(_ subnet: Subnet) -> String { subnet.availabilityZoneId ?? subnet.availabilityZone }

    /// For each zone of a VPC (by `zoneKey`, sorted), the private subnet a function there
    /// belongs in: one whose route table sends the internet to a NAT gateway that reaches it
    /// (`privateSubnetsWithNAT`), with at least `Audit.lowAddressThreshold` free addresses, the
    /// one with the most (then the lowest ID). Zones without one are left out.
    static func privateSubnetByZone(in vpcId: String, network: Network) -> [ZoneSubnet] {
        let candidates = privateSubnetsWithNAT(in: vpcId, network: network).filter {
            ($0.availableIPAddressCount ?? Int.max) >= Audit.lowAddressThreshold
        }
        var best: [String: Subnet] = [:]
        for subnet in candidates {
            let zone = zoneKey(subnet)
            if let current = best[zone],
                (current.availableIPAddressCount ?? Int.max, subnet.id)
                    >= (subnet.availableIPAddressCount ?? Int.max, current.id)
            {
                continue
            }
            best[zone] = subnet
        }
        return best.keys.sorted().map { ZoneSubnet(zone: $0, subnet: best[$0]!.id) }
    }

    /// Subnets of a VPC whose route table sends the internet (`internetRoute`) to an internet
    /// gateway attached to the VPC: where a public NAT gateway goes.
    static func publicSubnets(in vpcId: String, network: Network) -> [Subnet] {
        var byTable: [String: Bool] = [:]
        return network.subnets(inVPC: vpcId).filter { subnet in
            guard let table = network.routeTable(forSubnet: subnet.id) else { return false }
            if let known = byTable[table.id] { return known }
            let isPublic = routesInternetToAttachedIGW(table, vpcId: vpcId, network: network)
            byTable[table.id] = isPublic
            return isPublic
        }
    }

    /// Whether `table` sends the internet (`internetRoute`) to an internet gateway attached to `vpcId`.
    static func routesInternetToAttachedIGW(_ table: RouteTable, vpcId: String, network: Network) -> Bool {
        guard let route = internetRoute(of: table, network: network), route.targetKind == .igw, let id = route.targetId
        else { return false }
        return network.internetGateways[id]?.attachedVPCs.contains(vpcId) == true
    }

    static func attachedIGW(_ vpcId: String, network: Network) -> InternetGateway? {
        network.internetGateways(attachedTo: vpcId).first
    }

    /// The command that turns a VPC's DNS attribute on: `attribute` as describe-vpc-attribute
    /// names it (`enableDnsSupport`, `enableDnsHostnames`).
    static func enableDNSAttribute(_ attribute: String, vpcId: String) -> ShellCommand {
        let option = attribute == "enableDnsSupport" ? "--enable-dns-support" : "--enable-dns-hostnames"
        return "aws ec2 modify-vpc-attribute --vpc-id \(vpcId) \(raw: option) '{\"Value\":true}'"
    }

    /// The commands that turn on those of a VPC's DNS attributes that are off, support first.
    static func enableDNSAttributes(vpcId: String, supportOff: Bool, hostnamesOff: Bool) -> [ShellCommand] {
        (supportOff ? [enableDNSAttribute("enableDnsSupport", vpcId: vpcId)] : [])
            + (hostnamesOff ? [enableDNSAttribute("enableDnsHostnames", vpcId: vpcId)] : [])
    }

    /// The `--vpc-config` argument for `subnets` and `groups`, each ID quoted.
    static func vpcConfig(subnets: [String], groups: [String]) -> ShellCommand {
        vpcConfig(subnets: "\(list: subnets, separator: ",")", groups: "\(list: groups, separator: ",")")
    }

    /// The `--vpc-config` argument from lists written already (with a placeholder in them).
    static func vpcConfig(subnets: ShellCommand, groups: ShellCommand) -> ShellCommand {
        "SubnetIds=\(subnets),SecurityGroupIds=\(groups)"
    }

    /// The option and value that name `route`'s destination in `create-route` and its kin.
    static func destinationArgument(_ route: Route) -> ShellCommand {
        switch route.destination {
        case .cidr(let cidr): return "--destination-cidr-block \(cidr)"
        case .ipv6(let text): return "--destination-ipv6-cidr-block \(text)"
        case .prefixList(let id): return "--destination-prefix-list-id \(id)"
        }
    }

    /// The `--ip-permissions` shorthand of one rule for the question's protocol and port
    /// (`IpProtocol=tcp,FromPort=443,ToPort=443,IpRanges=[{CidrIp=0.0.0.0/0}]`): one argument,
    /// which a command quotes whole (its brackets are glob characters to zsh).
    static func ipPermissions(_ traffic: Traffic, peer: String) -> String {
        "IpProtocol=\(traffic.ipProtocol),FromPort=\(traffic.port),ToPort=\(traffic.port),\(peer)"
    }

    /// What a fix that routes through a NAT gateway can use in a VPC and zone: an available
    /// public NAT gateway (the zone's own first), else a public subnet to create one in.
    struct NATRoute: Sendable, Hashable {
        var vpcId: String
        var zone: String
        var nat: String?
        /// Whether `nat` is in another availability zone than `zone`.
        var natInOtherZone: Bool
        var publicSubnet: String?

        /// `excluding`: a NAT gateway the route must not lead to (one that sits where it cannot
        /// work, such as in the function's own subnet). `table`: the route table that gets the
        /// route, when its subnets may span several zones.
        init(vpcId: String, zone: String, network: Network, table: String? = nil, excluding: String? = nil) {
            self.vpcId = vpcId
            // A route leads to one NAT gateway: a table that several zones' subnets use gets the
            // same one whichever of them is asked about (in the first of their zones), or the
            // fixes of two subnets would create two NAT gateways for one route, the second
            // create-route failing.
            let zones = table.map { Explain.zones(usingTable: $0, in: vpcId, network: network) } ?? []
            let sharedAcrossZones = zones.count > 1
            let zone = sharedAcrossZones ? zones[0] : zone
            self.zone = zone
            let nat = usableNATs(in: vpcId, zone: zone, network: network).first { $0.id != excluding }
            self.nat = nat?.id
            // Across zones no NAT gateway is in every subnet's zone; the cross-AZ advice would
            // differ from one subnet to the next.
            natInOtherZone =
                !sharedAcrossZones && (nat.map { network.subnets[$0.subnetId]?.availabilityZone != zone } ?? false)
            if nat == nil {
                let subnets = publicSubnets(in: vpcId, network: network)
                publicSubnet = (subnets.first { $0.availabilityZone == zone } ?? subnets.first)?.id
            }
        }

        /// How to get a NAT route for `destination` in `table`: to the NAT gateway, or by
        /// creating one. `replace` rewrites the route for exactly `destination`, never another.
        func fix(table: String, replace: Bool, destination: String = "0.0.0.0/0") -> ShellCommand {
            let verb = replace ? "replace-route" : "create-route"
            if let nat {
                let crossAZ: ShellCommand =
                    natInOtherZone
                    ? "   # \(nat) is in another AZ; one NAT gateway per AZ avoids cross-AZ charges and AZ coupling"
                    : ""
                return
                    "aws ec2 \(raw: verb) --route-table-id \(table) --destination-cidr-block \(destination) --nat-gateway-id \(nat)\(crossAZ)"
            }
            return createNATGateway(in: "\(publicSubnet, else: "<a public subnet of \(vpcId) in \(zone)>")")
                + "\naws ec2 \(raw: verb) --route-table-id \(table) --destination-cidr-block \(destination) --nat-gateway-id \"$nat\""
        }
    }

    /// The commands that create a public NAT gateway in `subnet` and wait for it, leaving its ID
    /// in `$nat`: a script that runs as it is, each command's output ID going to the next
    /// through a shell variable, not a placeholder to fill in.
    static func createNATGateway(in subnet: ShellCommand) -> ShellCommand {
        """
        alloc=$(aws ec2 allocate-address --domain vpc --query AllocationId --output text)
        nat=$(aws ec2 create-nat-gateway --subnet-id \(subnet) --allocation-id "$alloc" --query NatGateway.NatGatewayId --output text)
        aws ec2 wait nat-gateway-available --nat-gateway-ids "$nat"
        """
    }

    // MARK: Function-level

    /// The function's VpcConfig names a subnet the inventory lacks.
    struct SubnetNotFound: BlockerReason {
        var subnetId: String

        func words(for function: FunctionIdentity) -> BlockerWords {
            BlockerWords(
                message:
                    "\(function.name)'s VpcConfig names \(subnetId), which is not in the inventory: it was deleted, or the export of describe-subnets does not include it. Lambda cannot place an ENI there.",
                fix: Shell.line(
                    "aws ec2 describe-subnets --subnet-ids \(subnetId)   # check whether it exists; if not:\naws lambda update-function-configuration --function-name \(function.name) --vpc-config \(vpcConfig(subnets: function.subnetIds.filter { $0 != subnetId }, groups: function.securityGroupIds))"
                ))
        }
    }

    static func subnetNotFound(_ subnetId: String) -> Blocker {
        Blocker(code: .subnetNotFound, component: subnetId, reason: SubnetNotFound(subnetId: subnetId))
    }

    /// The function runs on a capacity provider (Lambda Managed Instances) that the inventory
    /// lacks: its code runs on the provider's EC2 instances, in the provider's subnets and
    /// security groups, which were not exported. Never the Lambda-owned network: the function
    /// has no VpcConfig because the provider decides its network.
    struct CapacityProviderNotFound: BlockerReason {
        var providerARN: String
        var region: String

        func words(for function: FunctionIdentity) -> BlockerWords {
            BlockerWords(
                message:
                    "\(function.name) runs on Lambda Managed Instances, on capacity provider \(providerARN), which is not in the inventory (list-capacity-providers was not exported for its account and region, or does not list it). Its code runs on EC2 instances that Lambda launches in the provider's subnets with the provider's security groups, not in the Lambda-owned network: without the provider, its network is unknown and no path from it can be followed.",
                fix: Shell.line(
                    "aws lambda list-capacity-providers --region \(region) > list-capacity-providers.json   # then: lambda-reach import list-capacity-providers.json"
                ))
        }
    }

    static func capacityProviderNotFound(_ provider: CapacityProviderPlacement) -> Blocker {
        Blocker(
            code: .capacityProviderNotFound, component: provider.arn,
            reason: CapacityProviderNotFound(providerARN: provider.arn, region: provider.region))
    }

    /// The function's VpcConfig names a security group the inventory lacks.
    struct SecurityGroupNotFound: BlockerReason {
        var groupId: String

        func words(for function: FunctionIdentity) -> BlockerWords {
            BlockerWords(
                message:
                    "\(function.name)'s VpcConfig names security group \(groupId), which is not in the inventory (deleted, or missing from the describe-security-groups export). Lambda cannot create the function's ENIs with a group that does not exist.",
                fix: Shell.line(
                    "aws lambda update-function-configuration --function-name \(function.name) --vpc-config \(vpcConfig(subnets: "\(list: function.subnetIds, separator: ",")", groups: remainingGroups(function)))"
                ))
        }

        /// The function's groups without this one; a placeholder where none would be left, as
        /// Lambda refuses subnets without a security group ("SubnetIds and SecurityIds must
        /// coexist or be both empty list").
        func remainingGroups(_ function: FunctionIdentity) -> ShellCommand {
            let others = function.securityGroupIds.filter { $0 != groupId }
            return others.isEmpty ? "<a security group of the function's VPC>" : "\(list: others, separator: ",")"
        }
    }

    static func securityGroupNotFound(_ groupId: String) -> Blocker {
        Blocker(code: .securityGroupNotFound, component: groupId, reason: SecurityGroupNotFound(groupId: groupId))
    }

    /// Lambda reports the function Pending, Failed, or Inactive with a reason other than Idle: it
    /// is not invoked (AWS: "Functions can only be successfully invoked while active").
    struct FunctionNotActive: BlockerReason {
        var state: String?
        var stateReasonCode: String?
        var stateReason: String?
        var roleArn: String?
        /// For `InsufficientRolePermissions`, what the imported IAM data says of the role; nil
        /// when it was not imported, or does not hold the role.
        var roleCheck: RoleCheck? = nil
        /// The function's subnets that have no free address left.
        var fullSubnets: [String]
        /// The function's subnets and security groups that are not in the inventory.
        var missingSubnets: [String]
        var missingGroups: [String]

        /// Whether the reason is about the function's network interfaces (its VPC).
        var isVPCReason: Bool { stateReasonCode.map(Solver.vpcStateReasons.contains) ?? false }

        func words(for function: FunctionIdentity) -> BlockerWords {
            let code = stateReasonCode.map { " (\($0))" } ?? ""
            // AWS's StateReason is a sentence of its own; it is quoted as it is, after ours.
            let reason = stateReason.map { $0.isEmpty ? "" : " Lambda says: \($0)" } ?? ""
            let message: String
            switch state {
            case "Pending":
                message =
                    "\(function.name) is Pending\(code): Lambda is still creating its resources (for a function in a VPC, its network interfaces) and does not invoke it until it is Active; invocations fail meanwhile. The paths below are the ones it takes once Active.\(reason)"
            case "Inactive":
                message =
                    "\(function.name) is Inactive\(code): Lambda reclaimed \(function.subnetIds.isEmpty ? "the resources it had set up for it" : "its network interfaces") after an idle period and could not create them again, so every invocation fails until the cause is fixed.\(reason)"
            default:
                message =
                    isVPCReason
                    ? "\(function.name) is \(state ?? "not active")\(code): Lambda could not create its network interfaces, so it cannot be invoked at all.\(reason)"
                    : "\(function.name) is \(state ?? "not active")\(code): Lambda could not prepare it, for a reason that is not the network (its code or image, its keys, its file system), and a failed function cannot be invoked at all. The paths below are the ones it would take once it runs.\(reason)"
            }
            return BlockerWords(message: message, fix: fix(for: function).text)
        }

        /// What to change for the state reason Lambda gave, then what brings the function back:
        /// waiting (Pending), an invocation (Inactive), or deleting and creating it again (Failed:
        /// AWS, "you must delete and recreate the function").
        func fix(for function: FunctionIdentity) -> ShellCommand {
            var fix: ShellCommand
            switch stateReasonCode ?? "" {
            case "SubnetOutOfIPAddresses":
                let fullText: ShellCommand =
                    fullSubnets.isEmpty ? "the function's subnets" : "\(list: fullSubnets, separator: ", ")"
                fix = "# free addresses in \(fullText), or give the function other subnets with free addresses"
            case "InsufficientRolePermissions":
                // What blocks, when the IAM data says: a policy is attached only for actions
                // nothing allows, never again beside one that a Deny or the boundary withholds.
                switch roleCheck {
                case .lacks(let role, let gaps)?:
                    let lines = RoleMissingPermissions(role: role, gaps: gaps, logGroup: nil).fixLines(for: function)
                    fix = lines.dropFirst().reduce(lines.first ?? "") { $0 + "\n" + $1 }
                case .allows(let role)?:
                    fix =
                        "# \(role)'s policies, as exported, allow the network-interface actions: Lambda's reason is from before they did"
                case nil:
                    let role = roleArn.map { String($0.split(separator: "/").last ?? "") }
                    fix =
                        "aws iam attach-role-policy --role-name \(role, else: "<role>") --policy-arn arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole   # unless the role has it already: then a Deny or its permissions boundary withholds the actions (import aws iam get-account-authorization-details to see which)"
                }
            case "EniLimitExceeded":
                fix =
                    "aws service-quotas request-service-quota-increase --service-code vpc --quota-code L-DF5E4CA3 --desired-value <N>   # or share subnet and security-group combinations between functions"
            case "InvalidSubnet", "SubnetNotFound", "InvalidSecurityGroup", "SecurityGroupNotFound":
                // Name what to replace: the IDs the inventory does not have, else every one of
                // the kind the reason is about.
                let subnetReason = stateReasonCode?.contains("Subnet") == true
                let wrong =
                    subnetReason
                    ? (missingSubnets.isEmpty ? function.subnetIds : missingSubnets)
                    : (missingGroups.isEmpty ? function.securityGroupIds : missingGroups)
                let kind = subnetReason ? "subnets" : "security groups"
                fix = "# replace \(list: wrong, separator: ", ") with \(raw: kind) of the function's VPC that exist"
            case "Idle", "Creating", "":
                fix = ""
            default:
                fix =
                    "aws lambda get-function-configuration --function-name \(function.name) --query '[State,StateReasonCode,StateReason]'   # fix the cause it names"
            }
            func then(_ line: ShellCommand) {
                fix = fix.text.isEmpty ? line : fix + "\n" + line
            }
            switch state {
            case "Pending":
                then("aws lambda wait function-active-v2 --function-name \(function.name)")
            case "Inactive":
                then(
                    "aws lambda invoke --function-name \(function.name) /dev/null   # fails, and has Lambda create the network interfaces again"
                )
            default:
                then("# then delete the function and create it again: a function whose creation failed stays Failed")
            }
            return fix
        }
    }

    /// What the imported IAM data says of the role a function's `InsufficientRolePermissions`
    /// is about.
    enum RoleCheck: Sendable, Hashable {
        /// Its policies, as exported, allow the network-interface actions (named by the role's name).
        case allows(role: String)
        /// They do not: what it lacks.
        case lacks(Role, Solver.PermissionGaps)
    }

    static func functionNotActive(_ function: LambdaFunction, network: Network, roleCheck: RoleCheck? = nil)
        -> Blocker
    {
        Blocker(
            code: .functionNotActive, component: function.arn,
            reason: FunctionNotActive(
                state: function.state, stateReasonCode: function.stateReasonCode, stateReason: function.stateReason,
                roleArn: function.roleArn, roleCheck: roleCheck,
                fullSubnets: function.subnetIds.filter { (network.subnets[$0]?.availableIPAddressCount ?? 1) == 0 },
                missingSubnets: function.subnetIds.filter { network.subnets[$0] == nil },
                missingGroups: function.securityGroupIds.filter { network.securityGroups[$0] == nil }))
    }

    /// The function's VPC has dedicated instance tenancy.
    struct DedicatedTenancy: BlockerReason {
        var vpcId: String

        func words(for function: FunctionIdentity) -> BlockerWords {
            BlockerWords(
                message:
                    "\(vpcId) has dedicated instance tenancy. Lambda cannot attach functions to a VPC with dedicated tenancy.",
                fix: Shell.line(
                    "aws ec2 modify-vpc-tenancy --vpc-id \(vpcId) --instance-tenancy default   # or attach \(function.name) to a VPC with default tenancy"
                ))
        }
    }

    static func dedicatedTenancy(_ vpc: VPC) -> Blocker {
        Blocker(code: .vpcDedicatedTenancy, component: vpc.id, reason: DedicatedTenancy(vpcId: vpc.id))
    }

    /// The execution role lacks actions Lambda needs: for the function's ENIs, or for its logs.
    struct RoleMissingPermissions: BlockerReason {
        var role: Role
        var gaps: Solver.PermissionGaps
        /// The function's log group, for the logs permissions; nil for the ENI ones.
        var logGroup: String?
        /// For the ENI ones: the function's `State` as exported (nil: not exported).
        var functionState: String? = nil

        /// What the role lacks, as "does not allow …", "denies …" and "is capped by …".
        func lacking(for function: FunctionIdentity) -> String {
            // What the role lacks: actions no statement allows (on the log group, when the
            // question is about one), then actions a statement denies outright.
            var lacks: [String] = []
            if !gaps.missing.isEmpty {
                var missing =
                    "does not allow \(gaps.missing.joined(separator: ", "))\(logGroup.map { " on its log group \($0)" } ?? "")"
                if !gaps.allowedElsewhere.isEmpty {
                    // A grant that names the wrong ARN: say which ARN each action needs.
                    let arn = function.arn.split(separator: ":", omittingEmptySubsequences: false)
                    let logs = arn.count > 4 ? "arn:\(arn[1]):logs:\(arn[3]):\(arn[4])" : "arn:aws:logs:REGION:ACCOUNT"
                    missing +=
                        logGroup.map {
                            " (a statement allows \(gaps.allowedElsewhere.joined(separator: ", ")) on other resources: CloudWatch Logs authorises them against the group's streams, which \(logs):log-group:\($0):* names; the group's ARN without :* names only its tags)"
                        }
                        ?? " (a statement allows \(gaps.allowedElsewhere.joined(separator: ", ")) on other resources than IAM authorises \(gaps.allowedElsewhere.count == 1 ? "it" : "them") against: \(gaps.allowedElsewhere.map { Explain.networkInterfaceResources(of: $0, function: function) }.joined(separator: "; ")))"
                }
                if !gaps.allowedUnderFalseConditions.isEmpty {
                    missing +=
                        " (a statement allows \(gaps.allowedUnderFalseConditions.joined(separator: ", ")) only under conditions that do not hold for Lambda's calls: Lambda makes them itself with the role, in the function's region, from the Lambda service's own addresses (aws:SourceIp) and not through a VPC endpoint)"
                }
                lacks.append(missing)
            }
            if !gaps.denied.isEmpty {
                lacks.append(
                    "denies \(gaps.denied.joined(separator: ", ")) (an explicit Deny, which no Allow of any policy overrides\(Self.whyDenyApplies(gaps.denyingKeys)))"
                )
            }
            if let boundary = role.permissionsBoundary, !gaps.outsideBoundary.isEmpty {
                let capped = gaps.outsideBoundary.filter { !gaps.deniedByBoundary.contains($0) }
                var parts: [String] = []
                if !capped.isEmpty { parts.append("does not allow \(capped.joined(separator: ", "))") }
                if !gaps.deniedByBoundary.isEmpty {
                    let why = Self.whyDenyApplies(gaps.boundaryDenyingKeys).dropFirst(2)
                    parts.append(
                        "denies \(gaps.deniedByBoundary.joined(separator: ", ")) (an explicit Deny\(why.isEmpty ? "" : "; \(why)"))"
                    )
                }
                lacks.append(
                    "is capped by its permissions boundary \(boundary.name) (a role may do only what both its policies and its boundary allow), which \(parts.joined(separator: " and "))"
                )
            }
            return lacks.joined(separator: " and ")
        }

        /// Why a Deny whose conditions are on where a call comes from applies to Lambda's own
        /// calls, from its condition keys: they come from the Lambda service, with the role, not
        /// from the function's VPC (AWS: the keys of a VPC endpoint are "included only if the
        /// requester uses a VPC endpoint"; a service that calls with a service role is seen at
        /// its own IP address). Empty for other keys.
        static func whyDenyApplies(_ keys: [String]) -> String {
            var why: [String] = []
            if let key = keys.first(where: { PolicyDocument.RequestContext.vpcEndpointKeys.contains($0.lowercased()) })
            {
                why.append(
                    "; its condition on \(key) holds for these calls: Lambda makes them itself, from the Lambda service and not from the function's VPC, so they come through no VPC endpoint and carry no \(key)"
                )
            }
            if let key = keys.first(where: { $0.lowercased() == "aws:sourceip" }) {
                why.append(
                    "; its condition on \(key) holds for these calls: Lambda makes them itself with the role, from the Lambda service's own addresses, which are none of the ranges the condition lists"
                )
            }
            if let key = keys.first(where: { $0.lowercased() == "aws:viaawsservice" }) {
                why.append(
                    "; its condition on \(key) holds for these calls: it is true only when a service forwards the caller's own credentials (a forward access session), and Lambda calls with the role as a service role, so it is false"
                )
            }
            if let key = keys.first(where: { $0.lowercased() == "aws:principalisawsservice" }) {
                why.append(
                    "; its condition on \(key) holds for these calls: the caller is the role, an IAM principal, not an AWS service principal, so it is false"
                )
            }
            return why.joined()
        }

        /// Whether a Deny with these condition keys is about where calls come from (a network
        /// perimeter), which Lambda's own calls never satisfy.
        static func isAboutOrigin(_ keys: [String]) -> Bool {
            keys.contains {
                let key = $0.lowercased()
                return key == "aws:sourceip" || PolicyDocument.RequestContext.vpcEndpointKeys.contains(key)
            }
        }

        /// How a network-perimeter Deny can spare Lambda's own calls and keep applying to the
        /// function's code, as AWS's data-perimeter policy for Lambda roles does: the calls that
        /// create network interfaces carry no `lambda:SourceFunctionArn`, so a Deny that requires
        /// it (`Null` false) no longer applies to them; the calls that write the function's logs
        /// carry it, so the logs actions are taken out of the Deny (`NotAction`). (Neither
        /// `aws:ViaAWSService` nor `aws:CalledVia` spares them: Lambda calls with a service role.)
        func perimeterExemption() -> ShellCommand {
            logGroup == nil
                ? "#   add \"Null\": {\"lambda:SourceFunctionArn\": \"false\"} to that Deny's conditions: it then applies only to calls from the function's code, which carry lambda:SourceFunctionArn, and no longer to Lambda's own calls that create network interfaces, which do not (AWS's data-perimeter policy for Lambda roles does so; aws:ViaAWSService and aws:CalledVia do not spare calls made with a service role)"
                : "#   take logs:CreateLogGroup, logs:CreateLogStream and logs:PutLogEvents out of that Deny (NotAction, as AWS's data-perimeter policy for Lambda roles does): Lambda writes the function's logs from its own service, and those calls carry lambda:SourceFunctionArn as the function's code does"
        }

        /// The commands that give the role what it lacks: each addresses what blocks (a Deny is
        /// removed or narrowed, a boundary widened), and a policy is attached only for actions
        /// nothing allows.
        func fixLines(for function: FunctionIdentity) -> [ShellCommand] {
            let policy =
                logGroup == nil
                ? "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole"
                : "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
            var fix: [ShellCommand] = []
            if !gaps.denied.isEmpty {
                // The documents carry no names in the inventory: list them, to find the Deny.
                fix.append(
                    "aws iam list-role-policies --role-name \(role.name)   # and list-attached-role-policies: remove the statement that denies \(note: gaps.denied.joined(separator: ", "))"
                )
                if Self.isAboutOrigin(gaps.denyingKeys) {
                    fix.append("#   or, to keep it for the function's own calls:\n" + perimeterExemption())
                }
            }
            if !gaps.missing.isEmpty {
                fix.append("aws iam attach-role-policy --role-name \(role.name) --policy-arn \(policy)")
            }
            if let boundary = role.permissionsBoundary, !gaps.outsideBoundary.isEmpty {
                // A boundary is usually set by whoever governs the account: widen it, rather
                // than remove it from the role.
                let capped = gaps.outsideBoundary.filter { !gaps.deniedByBoundary.contains($0) }
                var change: [String] = []
                if !capped.isEmpty { change.append("also allowing \(capped.joined(separator: ", "))") }
                if !gaps.deniedByBoundary.isEmpty {
                    change.append("without its statement that denies \(gaps.deniedByBoundary.joined(separator: ", "))")
                }
                fix.append(
                    "aws iam create-policy-version --policy-arn \(boundary.policyArn) --set-as-default --policy-document file://boundary.json   # boundary.json: the boundary's document, \(note: change.joined(separator: " and "))"
                )
                if !gaps.deniedByBoundary.isEmpty, Self.isAboutOrigin(gaps.boundaryDenyingKeys) {
                    fix.append(
                        "#   or, to keep that statement for the function's own calls:\n"
                            + perimeterExemption())
                }
            }
            return fix
        }

        func words(for function: FunctionIdentity) -> BlockerWords {
            let lacking = lacking(for: function)
            let message =
                logGroup == nil
                ? "\(function.name)'s execution role \(role.name) \(lacking). Lambda needs these to create and manage the function's network interfaces in the VPC; without them the function cannot get (or get back) its ENIs.\(Explain.stateWords(functionState))"
                : "\(function.name)'s log output goes to CloudWatch Logs through the Lambda service (no route is needed), but its execution role \(role.name) \(lacking), so nothing is written."
            return BlockerWords(message: message, fix: fixLines(for: function).map(\.text).joined(separator: "\n"))
        }
    }

    /// What the function's state adds to a missing network-interface permission: only an
    /// Active function runs without it (AWS: the actions are "required only to create ENIs,
    /// not to invoke your VPC function"), and the export may not say.
    static func stateWords(_ state: String?) -> String {
        guard let state else {
            return
                " The function's state is not known (list-functions does not print it; a function in a template or plan is yet to be created): only an Active function runs without them, on the interfaces it has, until Lambda needs new ones. `aws lambda get-function-configuration` gives the state of a deployed one."
        }
        // AWS: the actions are needed "only to create ENIs": an Active function keeps the
        // interfaces it has, and is stopped only when Lambda next needs one.
        if state == "Active" {
            return
                " The function is Active and runs on the interfaces it has: Lambda needs these only to create network interfaces, not to invoke it. It fails (InsufficientRolePermissions) when Lambda next needs one: after an idle period (Inactive), on a change of its subnets or security groups, or to scale."
        }
        return " The function is \(state), so it needs new ones now."
    }

    /// In words, what a network-interface action Lambda takes is authorised against
    /// (`Solver.networkInterfaceResource(of:action:)`).
    static func networkInterfaceResources(of action: String, function: FunctionIdentity) -> String {
        switch action.lowercased() {
        case "ec2:describenetworkinterfaces":
            "\(action) needs \"Resource\": \"*\""
        case "ec2:createnetworkinterface":
            "\(action) needs the new network interface (network-interface/*) and the subnet\(function.subnetIds.count == 1 ? "" : "s") \(function.subnetIds.joined(separator: ", "))"
        default:
            "\(action) needs the function's network interfaces (network-interface/*)"
        }
    }

    static func roleMissingENIPermissions(_ role: Role, gaps: Solver.PermissionGaps, state: String?) -> Blocker {
        Blocker(
            code: .roleMissingENIPermissions, component: role.arn,
            reason: RoleMissingPermissions(role: role, gaps: gaps, logGroup: nil, functionState: state))
    }

    static func roleMissingLogsPermissions(_ role: Role, gaps: Solver.PermissionGaps, function: LambdaFunction)
        -> Blocker
    {
        Blocker(
            code: .roleMissingLogsPermissions, component: role.arn,
            reason: RoleMissingPermissions(role: role, gaps: gaps, logGroup: Solver.logGroupName(of: function)))
    }

    /// A function without VpcConfig asked for a private destination.
    struct NotInVPC: BlockerReason {
        var target: Target
        /// The database asked for: its VPC and groups, and subnets there the function could use.
        var database: Placement?

        struct Placement: Sendable, Hashable {
            var vpcId: String
            var groups: [String]
            var candidateSubnets: [String]
            /// Whether the candidates route 0.0.0.0/0 to a NAT gateway. Without one, the
            /// function gives up the internet (and public AWS endpoints) it has outside a VPC.
            var candidatesHaveNAT: Bool
        }

        func words(for function: FunctionIdentity) -> BlockerWords {
            var fix: ShellCommand =
                "aws lambda update-function-configuration --function-name \(function.name) --vpc-config SubnetIds=<private subnets>,SecurityGroupIds=<groups>"
            if let database {
                let config = vpcConfig(
                    subnets: database.candidateSubnets.isEmpty
                        ? "<subnets of \(database.vpcId)>" : "\(list: database.candidateSubnets, separator: ",")",
                    groups: "<a group that \(list: database.groups, separator: ", ") admits>")
                fix =
                    "aws lambda update-function-configuration --function-name \(function.name) --vpc-config \(config)"
                if !database.candidatesHaveNAT {
                    // Outside a VPC the function reaches the internet; in a subnet without a NAT
                    // route it no longer does, which a fix should not hide.
                    fix =
                        "# no subnet of \(database.vpcId) routes 0.0.0.0/0 to a NAT gateway: attached there, \(function.name) loses the internet and the public AWS endpoints it reaches now (add a NAT gateway, or interface endpoints for the services it calls)\n"
                        + fix
                }
            }
            return BlockerWords(
                message:
                    "\(function.name) has no VpcConfig: it runs in a network owned by Lambda, which reaches the internet but has no path into your VPCs, so \(target) (a private address) cannot be reached.",
                fix: fix.text)
        }
    }

    static func notInVPC(_ function: LambdaFunction, target: Target, database: RDSDatabase?, network: Network)
        -> Blocker
    {
        var placement: NotInVPC.Placement?
        if let database, let vpc = database.vpcId {
            let subnets = privateSubnetsWithNAT(in: vpc, network: network).map(\.id)
            let candidates =
                subnets.isEmpty
                ? (network.subnetsByVPC[vpc] ?? []).filter { !database.subnetIds.contains($0) } : subnets
            placement = NotInVPC.Placement(
                vpcId: vpc, groups: database.securityGroupIds, candidateSubnets: Array(candidates.prefix(3)),
                candidatesHaveNAT: !subnets.isEmpty)
        }
        return Blocker(
            code: .lambdaNotInVPC, component: function.arn, reason: NotInVPC(target: target, database: placement))
    }

    // MARK: Security groups

    /// No outbound rule of the function's groups lets the traffic out.
    struct EgressMismatch: BlockerReason {
        var groupId: String
        var noRules: Bool
        var traffic: Traffic
        var remoteLabel: String
        /// The `--ip-permissions` peer of the rule that would let it out.
        var peer: String
        /// A group of the destination that a rule of the function's groups names, in another
        /// region: such a reference matches nothing.
        var otherRegionReference: OtherRegionReference? = nil
        /// The destination's prefix list when its ID is not known (a planned gateway endpoint's
        /// service, `com.amazonaws.us-east-1.s3 prefix list`, without the region's
        /// describe-managed-prefix-lists in the inventory), with the lists the function's rules
        /// name whose service is not known either: whether those are it is unknown, and an
        /// unknown is not passed. The fix looks the ID up rather than naming a placeholder.
        var unknownList: UnknownList? = nil

        struct UnknownList: Sendable, Hashable {
            var name: String
            var ruleLists: [String]
        }

        struct OtherRegionReference: Sendable, Hashable {
            var group: String
            var region: String
            var from: String
        }

        func combined(with other: any BlockerReason) -> (any BlockerReason)? {
            (other as? IngressMismatch).map { EgressAndIngressMismatch(egress: self, ingress: $0) }
        }

        func words(for function: FunctionIdentity) -> BlockerWords {
            let groups = function.securityGroupIds.joined(separator: ", ")
            let reference =
                otherRegionReference.map {
                    " The rule that names \($0.group) matches nothing: security-group references do not work across regions (\($0.from) -> \($0.region)), so the rule must name the destination's addresses."
                } ?? ""
            let message =
                noRules
                ? "\(function.capitalizedNoun)'s security groups (\(groups)) have no outbound rules at all, so every connection \(function.noun) opens is dropped, including this one to \(remoteLabel)."
                : "No outbound rule of \(function.noun)'s security groups (\(groups)) allows \(traffic.ipProtocol) port \(traffic.port) to \(remoteLabel). Security groups are stateful: an outbound rule is all a connection needs, but one is needed."
                    + reference
            if let unknownList { return unknownListWords(message, unknownList) }
            return BlockerWords(
                message: message,
                fix: Shell.line(
                    "aws ec2 authorize-security-group-egress --group-id \(groupId) --ip-permissions \(ipPermissions(traffic, peer: peer))"
                ))
        }

        /// The words when the destination's prefix list has no known ID: the rule that would
        /// name it cannot be written, and one that names a list ID may or may not be it.
        func unknownListWords(_ message: String, _ unknown: UnknownList) -> BlockerWords {
            let suffix = " prefix list"
            guard unknown.name.hasSuffix(suffix) else {
                return BlockerWords(
                    message: message
                        + " The destination's prefix list is \(unknown.name), not an ID yet: a rule can name it once it exists.",
                    fix: Shell.line(
                        "# allow \(traffic.ipProtocol) port \(traffic.port) to \(note: unknown.name) once it exists"))
            }
            let service = String(unknown.name.dropLast(suffix.count))
            let named =
                unknown.ruleLists.isEmpty
                ? ""
                : " \(unknown.ruleLists.joined(separator: ", ")), which a rule names, may be it, and is not passed while that is unknown."
            return BlockerWords(
                message: message
                    + " Which prefix list is \(service)'s is not in the inventory (no describe-managed-prefix-lists of \(traffic.region)), so no rule could be matched to it.\(named) Import the region's prefix lists to have the rules judged, or add a rule for the list's ID.",
                fix: Shell.line(
                    """
                    # aws ec2 describe-managed-prefix-lists --region \(traffic.region) > prefix-lists.json && lambda-reach import prefix-lists.json   # then ask again; or add the rule:
                    pl=$(aws ec2 describe-managed-prefix-lists --region \(traffic.region) --filters Name=prefix-list-name,Values=\(service) --query 'PrefixLists[0].PrefixListId' --output text)
                    aws ec2 authorize-security-group-egress --group-id \(groupId) --ip-permissions "IpProtocol=\(traffic.ipProtocol),FromPort=\(traffic.port),ToPort=\(traffic.port),PrefixListIds=[{PrefixListId=$pl}]"
                    """
                ))
        }
    }

    /// The `UserIdGroupPair` fields that name group `id` in a rule of `own`: with its account
    /// when that is another one (a peer VPC's group), which AWS needs to find it.
    static func groupPair(_ id: String, from own: SecurityGroup?, network: Network) -> String {
        guard let owner = network.securityGroups[id]?.accountId, !owner.isEmpty, let account = own?.accountId,
            !account.isEmpty, owner != account
        else { return "GroupId=\(id)" }
        return "GroupId=\(id),UserId=\(owner)"
    }

    /// One group that blocks both ways: the function wears it and so does the destination (a
    /// VPC's default group, hardened, on both ends). One blocker at the group, since the matrix
    /// shows one per code and component, whose words say and fix both directions: fixing one
    /// alone would leave the connection blocked by the other.
    struct EgressAndIngressMismatch: BlockerReason {
        var egress: EgressMismatch
        var ingress: IngressMismatch
        /// The inbound facts of the answer's other subnets, when each subnet's CIDR must be
        /// admitted (`IngressMismatch.differsBySubnet`).
        var otherSubnets: [IngressMismatch] = []

        func words(for function: FunctionIdentity) -> BlockerWords {
            let inbound =
                otherSubnets.isEmpty
                ? ingress.words(for: function) : JoinedFacts(parts: [ingress] + otherSubnets).words(for: function)
            return BlockerWords(joining: [egress.words(for: function), inbound])
        }

        /// Another subnet's inbound facts (alone, or with the same outbound ones) join these.
        func combined(with other: any BlockerReason) -> (any BlockerReason)? {
            let more: [IngressMismatch]
            if let one = other as? IngressMismatch {
                more = [one]
            } else if let both = other as? EgressAndIngressMismatch, both.egress == egress {
                more = [both.ingress] + both.otherSubnets
            } else {
                return nil
            }
            var joined = self
            for part in more
            where ingress.differsBySubnet && part.differsBySubnet && part != ingress
                && !joined.otherSubnets.contains(part)
            {
                joined.otherSubnets.append(part)
            }
            return joined.otherSubnets.count > otherSubnets.count ? joined : nil
        }
    }

    static func egressMismatch(
        groupId: String, noRules: Bool, context: Solver.Context, remoteLabel: String, remote: AddressSet,
        prefixLists: Set<String>, remoteGroups: Set<String>, network: Network
    ) -> Blocker {
        let peer: String
        let own = context.groups.first
        // A reference reaches members in the group's own region only (a peering across regions
        // carries none): there the rule must name the destination's addresses.
        let referable = remoteGroups.sorted().first { id in
            guard let own, let remote = network.securityGroups[id] else { return true }
            return own.region.isEmpty || remote.region.isEmpty || own.region == remote.region
        }
        let remoteCIDRs = remote.cidrs
        // A rule of the function's groups that names a destination group of another region.
        let unreferable = remoteGroups.sorted().compactMap { id -> EgressMismatch.OtherRegionReference? in
            guard let own, let remote = network.securityGroups[id], !own.region.isEmpty, !remote.region.isEmpty,
                own.region != remote.region,
                context.groups.contains(where: { group in
                    group.egress.contains { if case .group(id) = $0.peer { return true } else { return false } }
                })
            else { return nil }
            return EgressMismatch.OtherRegionReference(group: id, region: remote.region, from: own.region)
        }.first
        var unknownList: EgressMismatch.UnknownList?
        if let group = referable {
            peer = "UserIdGroupPairs=[{\(groupPair(group, from: own, network: network))}]"
        } else if let list = prefixLists.sorted().first(where: { $0.hasPrefix("pl-") }) ?? prefixLists.sorted().first,
            remote != .publicInternet || remoteLabel != "internet"
        {
            // A real ID first: a template's gateway endpoint names its service's list by a
            // placeholder when the inventory does not say its ID, which no command may name.
            peer = "PrefixListIds=[{PrefixListId=\(list)}]"
            if !list.hasPrefix("pl-") {
                let ruleLists = Set(
                    context.groups.flatMap(\.egress).compactMap { rule -> String? in
                        guard case .prefixList(let id) = rule.peer, id.hasPrefix("pl-"),
                            network.prefixLists[id]?.name == nil
                        else { return nil }
                        return id
                    })
                unknownList = EgressMismatch.UnknownList(name: list, ruleLists: ruleLists.sorted())
            }
        } else if remote == .publicInternet || remoteCIDRs.isEmpty || remoteCIDRs.count > 8 {
            peer = "IpRanges=[{CidrIp=0.0.0.0/0}]"
        } else {
            // Every block of the destination: a database or endpoint can have any address of
            // its subnets.
            peer = "IpRanges=[\(remoteCIDRs.map { "{CidrIp=\($0)}" }.joined(separator: ","))]"
        }
        return Blocker(
            code: noRules ? .securityGroupHasNoRules : .eniSecurityGroupRulesMismatch, component: groupId,
            reason: EgressMismatch(
                groupId: groupId, noRules: noRules, traffic: context.traffic, remoteLabel: remoteLabel, peer: peer,
                otherRegionReference: referable == nil ? unreferable : nil, unknownList: unknownList))
    }

    /// No inbound rule of the destination's groups admits the function.
    struct IngressMismatch: BlockerReason {
        var group: SecurityGroup
        var noRules: Bool
        var subnet: Subnet
        var traffic: Traffic
        var destinationLabel: String
        /// The region of the function's groups when it differs from `group`'s: references do not
        /// work across regions.
        var otherRegion: String?
        /// Whether the fix must admit the subnet's CIDR, a reference not matching on the way
        /// (across a transit gateway without security-group referencing).
        var admitByCIDR = false
        /// The account of the function's groups when it is not `group`'s (a peer VPC of
        /// another account): a reference to them must name it.
        var sourceAccount: String? = nil

        /// The fix admits the subnet's CIDR (a reference does not match on the way).
        var differsBySubnet: Bool { admitByCIDR || otherRegion != nil }

        func combined(with other: any BlockerReason) -> (any BlockerReason)? {
            if let egress = other as? EgressMismatch { return EgressAndIngressMismatch(egress: egress, ingress: self) }
            return differsBySubnet ? JoinedFacts.joining(self, other) : nil
        }

        func words(for function: FunctionIdentity) -> BlockerWords {
            // Prose, not String interpolation: an audit writes one of these for each function
            // that a database refuses, by the thousand.
            var message: Prose =
                noRules
                ? "\(destinationLabel)'s security group \(group.id) has no inbound rules, so it admits nothing."
                : "No inbound rule of \(destinationLabel)'s security groups admits \(traffic.ipProtocol) port \(traffic.port) from \(function.noun): neither a reference to one of its groups (\(function.securityGroupIds, separator: ", ")) nor a CIDR covering its whole subnet \(subnet.cidr?.description ?? subnet.id) (\(function.noun)'s ENI can have any address of the subnet)."
            if let otherRegion {
                message +=
                    " Security-group references do not work across regions (\(otherRegion) -> \(group.region)): admit the function's subnet CIDR instead."
            }
            // Groups that are not known yet (a planned proxy's without VpcSecurityGroupIds)
            // cannot be named by a rule: the subnet's CIDR can.
            let unknownSource = function.securityGroupIds.first?.hasPrefix("unresolved: ") ?? false
            let admitByCIDR = admitByCIDR || (unknownSource && subnet.cidr != nil)
            let fix: ShellCommand =
                admitByCIDR
                ? "aws ec2 authorize-security-group-ingress --group-id \(group.id) --protocol \(traffic.ipProtocol) --port \(traffic.port) --cidr \(subnet.cidr, else: "<\(subnet.id) CIDR>")"
                : otherRegion != nil
                    ? "aws ec2 authorize-security-group-ingress --group-id \(group.id) --protocol \(traffic.ipProtocol) --port \(traffic.port) --cidr \(subnet.cidr, else: "<function subnet CIDR>")"
                    : "aws ec2 authorize-security-group-ingress --group-id \(group.id) --protocol \(traffic.ipProtocol) --port \(traffic.port) --source-group \(function.securityGroupIds.first, else: "<the function's group>")"
            if !admitByCIDR, otherRegion == nil, let sourceAccount, let source = function.securityGroupIds.first {
                // --source-group names a group of the rule's own account; another account's
                // group is a UserIdGroupPair with its UserId.
                return BlockerWords(
                    message: message.text,
                    fix: Shell.line(
                        "aws ec2 authorize-security-group-ingress --group-id \(group.id) --ip-permissions \(ipPermissions(traffic, peer: "UserIdGroupPairs=[{GroupId=\(source),UserId=\(sourceAccount)}]"))"
                    ))
            }
            return BlockerWords(message: message.text, fix: fix.text)
        }
    }

    static func ingressMismatch(
        group: SecurityGroup, noRules: Bool, subnet: Subnet, context: Solver.Context, destinationLabel: String,
        admitByCIDR: Bool = false
    ) -> Blocker {
        let functionRegion = context.groups.first?.region
        let crossRegion = functionRegion.map { $0 != group.region && !group.region.isEmpty } ?? false
        let functionAccount = context.groups.first?.accountId ?? ""
        let otherAccount = !functionAccount.isEmpty && !group.accountId.isEmpty && functionAccount != group.accountId
        return Blocker(
            code: noRules ? .securityGroupHasNoRules : .eniSecurityGroupRulesMismatch, component: group.id,
            reason: IngressMismatch(
                group: group, noRules: noRules, subnet: subnet, traffic: context.traffic,
                destinationLabel: destinationLabel, otherRegion: crossRegion ? functionRegion : nil,
                admitByCIDR: admitByCIDR, sourceAccount: otherAccount ? functionAccount : nil))
    }

    /// No inbound rule of the destination's groups admits the private address of the NAT
    /// gateway that forwards the function's traffic (`Solver.TrafficSource`): the destination
    /// sees that address, not the function's subnet, and a NAT gateway wears no security group,
    /// so neither a rule for the function's subnet nor a reference to its groups admits it.
    struct IngressFromNAT: BlockerReason {
        var group: String
        var noRules: Bool
        var nat: String
        var natSubnet: String
        /// The NAT gateway's private addresses as CIDRs (`/32`s), or its subnet's CIDR when the
        /// export does not give them.
        var cidrs: [String]
        var traffic: Traffic
        var destinationLabel: String

        /// Each zone's subnets send through their zone's NAT gateway: another address to admit.
        var differsBySubnet: Bool { true }

        func words(for function: FunctionIdentity) -> BlockerWords {
            let addresses = cidrs.joined(separator: ", ")
            let message =
                noRules
                ? "\(destinationLabel)'s security group \(group) has no inbound rules, so it admits nothing, and the traffic from \(function.noun) reaches it from NAT gateway \(nat)'s address \(addresses)."
                : "No inbound rule of \(destinationLabel)'s security groups admits \(traffic.ipProtocol) port \(traffic.port) from \(addresses), the private address of NAT gateway \(nat) (in \(natSubnet)), which forwards \(function.noun)'s traffic: a NAT gateway replaces the source address with its own, so \(destinationLabel) sees that address, not \(function.noun)'s subnet, and a rule that references \(function.noun)'s security groups does not match it (a NAT gateway has none)."
            let fix: ShellCommand =
                cidrs.count == 1
                ? "aws ec2 authorize-security-group-ingress --group-id \(group) --protocol \(traffic.ipProtocol) --port \(traffic.port) --cidr \(cidrs[0])"
                : "aws ec2 authorize-security-group-ingress --group-id \(group) --ip-permissions \(ipPermissions(traffic, peer: "IpRanges=[\(cidrs.map { "{CidrIp=\($0)}" }.joined(separator: ","))]"))"
            return BlockerWords(message: message, fix: fix.text)
        }
    }

    static func ingressFromNAT(
        group: SecurityGroup, noRules: Bool, nat: NATGateway, natSubnet: Subnet, context: Solver.Context,
        destinationLabel: String
    ) -> Blocker {
        let cidrs =
            nat.privateAddresses.isEmpty
            ? [natSubnet.cidr?.description ?? "<\(natSubnet.id) CIDR>"]
            : nat.privateAddresses.map { IPv4CIDR(address: $0, prefixLength: 32).description }
        return Blocker(
            code: noRules ? .securityGroupHasNoRules : .eniSecurityGroupRulesMismatch, component: group.id,
            reason: IngressFromNAT(
                group: group.id, noRules: noRules, nat: nat.id, natSubnet: natSubnet.id, cidrs: cidrs,
                traffic: context.traffic, destinationLabel: destinationLabel))
    }

    /// A destination whose export lists no security group.
    struct NoGroupsListed: BlockerReason {
        var destination: String

        func words(for function: FunctionIdentity) -> BlockerWords {
            BlockerWords(
                message:
                    "The export lists no security group for \(destination). Every RDS database and interface endpoint in a VPC has at least one, so they are missing from the export, and whether it admits \(function.noun) cannot be checked.",
                fix: Shell.line(
                    "# export the destination with its groups again (aws rds describe-db-instances, aws ec2 describe-vpc-endpoints), then lambda-reach import"
                ))
        }
    }

    static func noGroupsListed(_ destination: String, component: String) -> Blocker {
        Blocker(code: .securityGroupNotFound, component: component, reason: NoGroupsListed(destination: destination))
    }

    /// A destination guarded by a group the inventory lacks.
    struct DestinationGroupNotFound: BlockerReason {
        var groupId: String
        var destination: String
        /// The account that owns the destination's interface, when it is not the function's:
        /// its security groups are that account's, and only its credentials describe them.
        var owner: String? = nil

        func words(for function: FunctionIdentity) -> BlockerWords {
            // A template's or plan's value that is not known (`unresolved: ...`) is no group an
            // export could add: it is given where it is planned.
            if groupId.hasPrefix("unresolved: ") {
                return BlockerWords(
                    message:
                        "\(destination)'s security groups are not known (\(groupId)), so whether they admit \(function.noun) cannot be checked; an unknown is not passed.",
                    fix: Shell.line("# give \(note: destination)'s security groups where it is planned, then ask again")
                )
            }
            let fix = Explain.reexport("describe-security-groups", for: function, owner: owner)
            if let owner, let (_, account) = function.regionAndAccount, owner != account {
                return BlockerWords(
                    message:
                        "\(destination) is guarded by security group \(groupId), which is not in the inventory, so whether it admits \(function.noun) cannot be checked. Its network interface belongs to account \(owner), whose groups only that account can describe.",
                    fix: fix.text)
            }
            return BlockerWords(
                message:
                    "\(destination) is guarded by security group \(groupId), which is not in the inventory, so whether it admits \(function.noun) cannot be checked.",
                fix: fix.text)
        }
    }

    static func destinationGroupNotFound(_ groupId: String, destination: String, owner: String? = nil) -> Blocker {
        Blocker(
            code: .securityGroupNotFound, component: groupId,
            reason: DestinationGroupNotFound(groupId: groupId, destination: destination, owner: owner))
    }

    // MARK: Network ACLs

    /// A network ACL of a subnet on the path drops the traffic, or its replies.
    struct ACLRestriction: BlockerReason {
        var acl: NetworkACL
        var subnet: Subnet
        var outbound: Bool
        var remote: AddressSet
        var remoteLabel: String
        var ports: PortRange
        var denying: NetworkACLEntry?
        var ipProtocol: IPProtocol
        /// The rule number given to the entry across an answer's subnets (`numberAcrossSubnets`),
        /// when it was: `number` nil is a fix that replaces the denying entry, or finds none free.
        var assigned: Assigned? = nil

        struct Assigned: Sendable, Hashable {
            var number: Int?
        }

        func words(for function: FunctionIdentity) -> BlockerWords {
            var taken: Set<Int> = []
            let statement = statement(for: function, taken: &taken)
            return BlockerWords(message: statement.message + " " + teaching, fix: statement.fix)
        }

        /// What the fix's entry allows: two restrictions with the same entry need it once.
        struct Entry: Hashable {
            var outbound: Bool
            var cidr: String
            var ports: PortRange
            var ipProtocol: IPProtocol
        }
        var entry: Entry { Entry(outbound: outbound, cidr: cidrArgument, ports: ports, ipProtocol: ipProtocol) }

        /// The CIDR the new entry names: the smallest block that holds the remote addresses (the
        /// block itself when they are one), or 0.0.0.0/0 for the internet or a scattered set.
        var cidrArgument: String {
            remote == .publicInternet || remote.intervals.count > 4 ? "0.0.0.0/0" : cidrText(remote)
        }

        /// The rule number the new entry takes apart from `taken` (the numbers other entries of
        /// the same fix, in this direction, already use), which it joins: nil when none comes
        /// before the denying entry (the fix then replaces it) or none is free.
        func ruleNumber(taken: inout Set<Int>) -> Int? {
            var number: Int?
            if let assigned {
                number = assigned.number
            } else {
                let entries = outbound ? acl.outbound : acl.inbound
                let used = Set(entries.map(\.ruleNumber)).union(taken)
                number = freeRuleNumber(before: denying?.ruleNumber, used: used, entries: entries)
                if number == nil, let denying,
                    taken.contains(denying.ruleNumber) || !(1...32766).contains(denying.ruleNumber)
                {
                    // An earlier entry of this fix replaced the denying one (or it has a number
                    // no entry can have, so none can replace it): this one follows the last.
                    number = freeRuleNumber(before: nil, used: used, entries: entries)
                }
            }
            if let number { taken.insert(number) } else if let denying { taken.insert(denying.ruleNumber) }
            return number
        }

        /// What the ACL blocks, and the fix, with the new entry numbered by `ruleNumber(taken:)`;
        /// without `teaching`, which several entries of one blocker share.
        func statement(for function: FunctionIdentity, taken: inout Set<Int>) -> BlockerWords {
            let number = ruleNumber(taken: &taken)
            let directionText = outbound ? "outbound" : "inbound"
            // The default entry (`*`, number 32767, or 32768 for IPv6) is the ACL's last word:
            // it is named as such, not by a number no one chose.
            let decider =
                denying.map {
                    $0.ruleNumber >= NetworkACLEntry.defaultIPv4RuleNumber
                        ? "no numbered rule allows it, so the final default rule (*, deny all) denies it"
                        : "rule \($0.summary) denies it"
                }
                ?? "no rule matches all of it, so the final implicit deny (*) applies"
            let cidr = cidrArgument
            let entry: ShellCommand =
                "--network-acl-id \(acl.id) \(raw: outbound ? "--egress" : "--ingress") --protocol \(ipProtocol == .all ? "-1" : ipProtocol.description) --port-range From=\(ports.from),To=\(ports.to) --cidr-block \(cidr) --rule-action allow"
            let fix: ShellCommand
            if let number {
                fix = "aws ec2 create-network-acl-entry \(entry) --rule-number \(number)"
            } else if let denying {
                // No free number comes before the denying entry: an entry can only take its place.
                fix =
                    "aws ec2 replace-network-acl-entry \(entry) --rule-number \(denying.ruleNumber)   # no free rule number comes before \(note: denying.summary): this replaces it; re-create the deny after the new entries if it is still wanted"
            } else {
                fix =
                    "# every rule number of \(acl.id) is in use: delete an entry, then allow \(note: "\(ipProtocol) \(ports)")"
            }
            return BlockerWords(
                message:
                    "Network ACL \(acl.id) of \(subnet.id) blocks \(directionText) \(ipProtocol) \(ports) \(outbound ? "to" : "from") \(remoteLabel): \(decider).",
                fix: fix.text)
        }

        /// The sentence that says why an ACL must allow this entry at all (stateless ACLs),
        /// which several entries of one blocker share: said once after their statements.
        var teaching: String {
            ports == .ephemeral
                ? "Network ACLs are stateless: the replies come back to ephemeral ports \(ports), and the ACL must allow them explicitly."
                : "Network ACLs are stateless and apply to every packet entering or leaving the subnet."
        }

        func combined(with other: any BlockerReason) -> (any BlockerReason)? {
            ACLRestrictions(parts: [self]).combined(with: other)
        }
    }

    /// Numbers the entries that the fixes of `subnets` (one answer's) add to each network ACL
    /// together: subnets that share an ACL and each lack another entry get a rule number each,
    /// since AWS takes one entry per number and direction and a second create with the same
    /// number fails; an entry two subnets lack alike keeps one number, its fix one command.
    static func numberAcrossSubnets(_ subnets: inout [SubnetAnswer]) {
        var taken: [String: [Bool: Set<Int>]] = [:]
        var assigned: [String: [ACLRestriction.Entry: ACLRestriction.Assigned]] = [:]
        for subnet in subnets.indices {
            for index in subnets[subnet].blockers.indices
            where subnets[subnet].blockers[index].code == .subnetACLRestriction {
                // An ACL that refuses some of an endpoint's interfaces only is numbered as any.
                var wrapper = subnets[subnet].blockers[index].reason as? SomeZonesOnly
                let reason = wrapper?.blocker.reason ?? subnets[subnet].blockers[index].reason
                guard var parts = (reason as? ACLRestriction).map({ [$0] }) ?? (reason as? ACLRestrictions)?.parts
                else { continue }
                for part in parts.indices {
                    let acl = parts[part].acl.id
                    if let known = assigned[acl]?[parts[part].entry] {
                        parts[part].assigned = known
                        continue
                    }
                    let number = parts[part].ruleNumber(
                        taken: &taken[acl, default: [:]][parts[part].outbound, default: []])
                    parts[part].assigned = ACLRestriction.Assigned(number: number)
                    assigned[acl, default: [:]][parts[part].entry] = parts[part].assigned
                }
                let numbered: any BlockerReason = parts.count == 1 ? parts[0] : ACLRestrictions(parts: parts)
                if wrapper != nil {
                    wrapper!.blocker.reason = numbered
                    subnets[subnet].blockers[index].reason = wrapper!
                } else {
                    subnets[subnet].blockers[index].reason = numbered
                }
            }
        }
    }

    /// Several entries one network ACL lacks on one path (the requests one way and the replies
    /// the other, both stateless): one blocker at the ACL, whose words say and fix each.
    struct ACLRestrictions: BlockerReason {
        var parts: [ACLRestriction]

        func words(for function: FunctionIdentity) -> BlockerWords {
            // Each entry of the fix gets its own rule number: AWS allows one entry per number
            // and direction, and a second create with the same number fails.
            // The same entry needed twice (the function's subnet and the NAT gateway's share the
            // ACL, and both send to the internet) is created once.
            var taken: [Bool: Set<Int>] = [:]
            var entries: Set<ACLRestriction.Entry> = []
            var fixes: [String] = []
            let statements = parts.map { part in
                guard entries.insert(part.entry).inserted else {
                    var scratch = taken[part.outbound, default: []]
                    return part.statement(for: function, taken: &scratch)
                }
                let statement = part.statement(for: function, taken: &taken[part.outbound, default: []])
                if !fixes.contains(statement.fix) { fixes.append(statement.fix) }
                return statement
            }
            // What each entry lacks, then each teaching sentence once: six entries of one ACL
            // repeated "stateless" six times.
            var teachings: [String] = []
            for part in parts where !teachings.contains(part.teaching) { teachings.append(part.teaching) }
            return BlockerWords(
                message: (statements.map(\.message) + teachings).joined(separator: " "),
                fix: fixes.joined(separator: "\n"))
        }

        func combined(with other: any BlockerReason) -> (any BlockerReason)? {
            let more: [ACLRestriction]
            if let one = other as? ACLRestriction {
                more = [one]
            } else if let several = other as? ACLRestrictions {
                more = several.parts
            } else {
                return nil
            }
            let added = more.filter { !parts.contains($0) }
            return added.isEmpty ? nil : ACLRestrictions(parts: parts + added)
        }
    }

    static func aclRestriction(
        _ acl: NetworkACL, subnet: Subnet, outbound: Bool, remote: AddressSet, remoteLabel: String, ports: PortRange,
        denying: NetworkACLEntry?, context: Solver.Context
    ) -> Blocker {
        Blocker(
            code: .subnetACLRestriction, component: acl.id,
            reason: ACLRestriction(
                acl: acl, subnet: subnet, outbound: outbound, remote: remote, remoteLabel: remoteLabel, ports: ports,
                denying: denying, ipProtocol: context.ipProtocol))
    }

    /// A rule number for a new ACL entry: just before the entry that denies (so that it is
    /// evaluated first), else after the last numbered entry. Always within AWS's 1...32766, and
    /// computed without overflow whatever numbers an inventory holds.
    ///
    /// Nil when no number is free there: the denying entry is rule 1, or every number before it
    /// is in use (or, with nothing denying, every number after the last).
    /// The default `*` entry (32767, as an export prints it) is the implicit deny: the new
    /// entry follows the last numbered one, as when the export leaves it out, rather than
    /// taking 32766, which would come after entries added later.
    static func freeRuleNumber(before denying: Int?, used: Set<Int>, entries: [NetworkACLEntry]) -> Int? {
        if let denying, denying < NetworkACLEntry.defaultIPv4RuleNumber {
            guard denying > 1 else { return nil }
            var number = min(denying, 32767) - 1
            while number >= 1 && used.contains(number) { number -= 1 }
            return number >= 1 ? number : nil
        }
        let highest = entries.map(\.ruleNumber).filter { (1...32766).contains($0) }.max() ?? 0
        var number = min((highest / 10 + 1) * 10, 32766)
        while number <= 32766 && used.contains(number) { number += 1 }
        if number <= 32766 { return number }
        number = 32766
        while number >= 1 && used.contains(number) { number -= 1 }
        return number >= 1 ? number : nil
    }

    /// The smallest CIDR block that holds `set` (exact when it is one block).
    static func cidrText(_ set: AddressSet) -> String { set.coveringCIDR.description }
}

extension Solver.Context {
    /// What the question asks, as blockers' words name it.
    var traffic: Explain.Traffic {
        Explain.Traffic(target: target, ipProtocol: ipProtocol, port: port, region: function.region)
    }
}

extension Explain {
    /// The commands that give `vpcId` DHCP options whose DNS server is the Amazon DNS server
    /// (AmazonProvidedDNS), in place of `options`: a DHCP option set cannot be changed, so a new
    /// one is created and associated ("After you create a DHCP option set, you associate it with
    /// a VPC"). The old set's other options (domain-name, NTP servers) are not known here: the
    /// comment says to carry them over.
    static func amazonProvidedDNS(vpcId: String, options: String) -> ShellCommand {
        "# DHCP options that name AmazonProvidedDNS (add the other options of \(options), its domain-name, NTP servers, as they are: aws ec2 describe-dhcp-options --dhcp-options-ids \(options)):\ndopt=$(aws ec2 create-dhcp-options --dhcp-configurations Key=domain-name-servers,Values=AmazonProvidedDNS --query DhcpOptions.DhcpOptionsId --output text)\naws ec2 associate-dhcp-options --dhcp-options-id \"$dopt\" --vpc-id \(vpcId)"
    }

    /// The commands that make `vpcId`'s Resolver answer `name` itself where a forwarding rule
    /// `rule` (for `name` or a parent domain) sends it away: a SYSTEM rule for the name ("a
    /// SYSTEM rule ... causes Resolver to resolve queries for that subdomain"), associated with
    /// the VPC.
    static func systemRule(for name: String, over rule: String, vpcId: String, region: String) -> ShellCommand {
        "# a SYSTEM rule for \(name), so that \(vpcId)'s Resolver answers it itself rather than forward it by \(rule):\nrule=$(aws route53resolver create-resolver-rule --rule-type SYSTEM --domain-name \(name) --creator-request-id \(raw: "\"system-$(date +%s)\"") --query ResolverRule.Id --output text --region \(region))\naws route53resolver associate-resolver-rule --resolver-rule-id \"$rule\" --vpc-id \(vpcId) --region \(region)"
    }
}
