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

    /// Available public NAT gateways of a VPC, the one in `zone` first.
    static func usableNATs(in vpcId: String, zone: String, network: Network) -> [NATGateway] {
        network.natGateways(inVPC: vpcId).filter { $0.isPublic && $0.state == "available" }
            .sorted {
                let a = network.subnets[$0.subnetId]?.availabilityZone == zone
                let b = network.subnets[$1.subnetId]?.availabilityZone == zone
                return (a ? 0 : 1, $0.id) < (b ? 0 : 1, $1.id)
            }
    }

    /// Subnets of a VPC whose route table sends 0.0.0.0/0 to an available public NAT gateway:
    /// where a function that needs the internet belongs.
    static func privateSubnetsWithNAT(in vpcId: String, network: Network) -> [Subnet] {
        network.subnets(inVPC: vpcId).filter { subnet in
            guard let table = network.routeTable(forSubnet: subnet.id) else { return false }
            return table.routes.contains { route in
                if case .cidr(let cidr) = route.destination, cidr.prefixLength == 0, route.targetKind == .nat,
                    !route.isBlackhole,
                    let id = route.targetId, let nat = network.natGateways[id], nat.state == "available", nat.isPublic
                {
                    return true
                }
                return false
            }
        }
    }

    /// Subnets of a VPC whose route table sends 0.0.0.0/0 to an attached internet gateway.
    static func publicSubnets(in vpcId: String, network: Network) -> [Subnet] {
        network.subnets(inVPC: vpcId).filter { subnet in
            guard let table = network.routeTable(forSubnet: subnet.id) else { return false }
            return table.routes.contains { route in
                if case .cidr(let cidr) = route.destination, cidr.prefixLength == 0, route.targetKind == .igw,
                    let id = route.targetId, network.internetGateways[id]?.attachedVPCs.contains(vpcId) == true
                {
                    return true
                }
                return false
            }
        }
    }

    static func attachedIGW(_ vpcId: String, network: Network) -> InternetGateway? {
        network.internetGateways(attachedTo: vpcId).first
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

        init(vpcId: String, zone: String, network: Network) {
            self.vpcId = vpcId
            self.zone = zone
            let nat = usableNATs(in: vpcId, zone: zone, network: network).first
            self.nat = nat?.id
            natInOtherZone = nat.map { network.subnets[$0.subnetId]?.availabilityZone != zone } ?? false
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
            // A script that runs as it is once the subnet is known: each command's output ID goes
            // to the next through a shell variable, not a placeholder to fill in.
            return """
                alloc=$(aws ec2 allocate-address --domain vpc --query AllocationId --output text)
                nat=$(aws ec2 create-nat-gateway --subnet-id \(publicSubnet, else: "<a public subnet of \(vpcId) in \(zone)>") --allocation-id "$alloc" --query NatGateway.NatGatewayId --output text)
                aws ec2 wait nat-gateway-available --nat-gateway-ids "$nat"
                aws ec2 \(raw: verb) --route-table-id \(table) --destination-cidr-block \(destination) --nat-gateway-id "$nat"
                """
        }
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

    /// The function's VpcConfig names a security group the inventory lacks.
    struct SecurityGroupNotFound: BlockerReason {
        var groupId: String

        func words(for function: FunctionIdentity) -> BlockerWords {
            BlockerWords(
                message:
                    "\(function.name)'s VpcConfig names security group \(groupId), which is not in the inventory (deleted, or missing from the describe-security-groups export). Lambda cannot create the function's ENIs with a group that does not exist.",
                fix: Shell.line(
                    "aws lambda update-function-configuration --function-name \(function.name) --vpc-config \(vpcConfig(subnets: function.subnetIds, groups: function.securityGroupIds.filter { $0 != groupId }))"
                ))
        }
    }

    static func securityGroupNotFound(_ groupId: String) -> Blocker {
        Blocker(code: .securityGroupNotFound, component: groupId, reason: SecurityGroupNotFound(groupId: groupId))
    }

    /// Lambda reports the function Failed or Inactive: it could not create its network interfaces.
    struct FunctionNotActive: BlockerReason {
        var state: String?
        var stateReasonCode: String?
        var stateReason: String?
        var roleArn: String?
        /// The function's subnets that have no free address left.
        var fullSubnets: [String]

        func words(for function: FunctionIdentity) -> BlockerWords {
            let code = stateReasonCode ?? ""
            return BlockerWords(
                message:
                    "\(function.name) is \(state ?? "not active") with reason \(code): Lambda could not create its network interfaces, so it cannot run in the VPC at all. \(stateReason ?? "")",
                fix: fix(for: function).text)
        }

        /// What to change for the state reason Lambda gave.
        func fix(for function: FunctionIdentity) -> ShellCommand {
            switch stateReasonCode ?? "" {
            case "SubnetOutOfIPAddresses":
                let fullText: ShellCommand =
                    fullSubnets.isEmpty ? "the function's subnets" : "\(list: fullSubnets, separator: ", ")"
                return
                    "Free addresses in \(fullText) or add subnets with free addresses:\naws lambda update-function-configuration --function-name \(function.name) --vpc-config \(vpcConfig(subnets: function.subnetIds, groups: function.securityGroupIds))  # with other subnets"
            case "InsufficientRolePermissions":
                let role = roleArn.map { String($0.split(separator: "/").last ?? "") }
                return
                    "aws iam attach-role-policy --role-name \(role, else: "<role>") --policy-arn arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole"
            case "EniLimitExceeded":
                return
                    "Request a higher network-interface quota (aws service-quotas request-service-quota-increase --service-code vpc --quota-code L-DF5E4CA3 --desired-value N), or share subnet/security-group combinations between functions"
            default:
                return
                    "aws lambda update-function-configuration --function-name \(function.name) --vpc-config \(vpcConfig(subnets: function.subnetIds, groups: function.securityGroupIds))  # with valid subnets and groups"
            }
        }
    }

    static func functionNotActive(_ function: LambdaFunction, network: Network) -> Blocker {
        Blocker(
            code: .functionNotActive, component: function.arn,
            reason: FunctionNotActive(
                state: function.state, stateReasonCode: function.stateReasonCode, stateReason: function.stateReason,
                roleArn: function.roleArn,
                fullSubnets: function.subnetIds.filter { (network.subnets[$0]?.availableIPAddressCount ?? 1) == 0 }))
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
        var missing: [String]
        /// True for the logs permissions, false for the ENI ones.
        var logs: Bool

        func words(for function: FunctionIdentity) -> BlockerWords {
            let missingText = missing.joined(separator: ", ")
            return logs
                ? BlockerWords(
                    message:
                        "\(function.name)'s log output goes to CloudWatch Logs through the Lambda service (no route is needed), but its execution role \(role.name) does not allow \(missingText), so nothing is written.",
                    fix: Shell.line(
                        "aws iam attach-role-policy --role-name \(role.name) --policy-arn arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
                    ))
                : BlockerWords(
                    message:
                        "\(function.name)'s execution role \(role.name) does not allow \(missingText). Lambda needs these to create and manage the function's network interfaces in the VPC; without them the function cannot get (or get back) its ENIs.",
                    fix: Shell.line(
                        "aws iam attach-role-policy --role-name \(role.name) --policy-arn arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole"
                    ))
        }
    }

    static func roleMissingENIPermissions(_ role: Role, missing: [String]) -> Blocker {
        Blocker(
            code: .roleMissingENIPermissions, component: role.arn,
            reason: RoleMissingPermissions(role: role, missing: missing, logs: false))
    }

    static func roleMissingLogsPermissions(_ role: Role, missing: [String]) -> Blocker {
        Blocker(
            code: .roleMissingLogsPermissions, component: role.arn,
            reason: RoleMissingPermissions(role: role, missing: missing, logs: true))
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
                vpcId: vpc, groups: database.securityGroupIds, candidateSubnets: Array(candidates.prefix(3)))
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

        func words(for function: FunctionIdentity) -> BlockerWords {
            let groups = function.securityGroupIds.joined(separator: ", ")
            return BlockerWords(
                message: noRules
                    ? "The function's security groups (\(groups)) have no outbound rules at all, so every connection the function opens is dropped, including this one to \(remoteLabel)."
                    : "No outbound rule of the function's security groups (\(groups)) allows \(traffic.ipProtocol) port \(traffic.port) to \(remoteLabel). Security groups are stateful: an outbound rule is all a connection needs, but one is needed.",
                fix: Shell.line(
                    "aws ec2 authorize-security-group-egress --group-id \(groupId) --ip-permissions \(ipPermissions(traffic, peer: peer))"
                ))
        }
    }

    static func egressMismatch(
        groupId: String, noRules: Bool, context: Solver.Context, remoteLabel: String, remote: AddressSet,
        prefixLists: Set<String>, remoteGroups: Set<String>
    ) -> Blocker {
        let peer: String
        if let group = remoteGroups.sorted().first {
            peer = "UserIdGroupPairs=[{GroupId=\(group)}]"
        } else if let list = prefixLists.sorted().first, remote != .publicInternet || remoteLabel != "internet" {
            peer = "PrefixListIds=[{PrefixListId=\(list)}]"
        } else if remote == .publicInternet || remote.intervals.count > 8 {
            peer = "IpRanges=[{CidrIp=0.0.0.0/0}]"
        } else {
            let address = remote.first.map { "\($0)/32" } ?? "0.0.0.0/0"
            peer = "IpRanges=[{CidrIp=\(address)}]"
        }
        return Blocker(
            code: noRules ? .securityGroupHasNoRules : .eniSecurityGroupRulesMismatch, component: groupId,
            reason: EgressMismatch(
                groupId: groupId, noRules: noRules, traffic: context.traffic, remoteLabel: remoteLabel, peer: peer))
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

        func words(for function: FunctionIdentity) -> BlockerWords {
            // Prose, not String interpolation: an audit writes one of these for each function
            // that a database refuses, by the thousand.
            var message: Prose =
                noRules
                ? "\(destinationLabel)'s security group \(group.id) has no inbound rules, so it admits nothing."
                : "No inbound rule of \(destinationLabel)'s security groups admits \(traffic.ipProtocol) port \(traffic.port) from the function: neither a reference to one of its groups (\(function.securityGroupIds, separator: ", ")) nor a CIDR covering its whole subnet \(subnet.cidr?.description ?? subnet.id) (the function's ENI can have any address of the subnet)."
            if let otherRegion {
                message +=
                    " Security-group references do not work across regions (\(otherRegion) -> \(group.region)): admit the function's subnet CIDR instead."
            }
            let fix: ShellCommand =
                admitByCIDR
                ? "aws ec2 authorize-security-group-ingress --group-id \(group.id) --protocol \(traffic.ipProtocol) --port \(traffic.port) --cidr \(subnet.cidr, else: "<\(subnet.id) CIDR>")"
                : otherRegion != nil
                    ? "aws ec2 authorize-security-group-ingress --group-id \(group.id) --protocol \(traffic.ipProtocol) --port \(traffic.port) --cidr \(subnet.cidr, else: "<function subnet CIDR>")"
                    : "aws ec2 authorize-security-group-ingress --group-id \(group.id) --protocol \(traffic.ipProtocol) --port \(traffic.port) --source-group \(function.securityGroupIds.first, else: "<the function's group>")"
            return BlockerWords(message: message.text, fix: fix.text)
        }
    }

    static func ingressMismatch(
        group: SecurityGroup, noRules: Bool, subnet: Subnet, context: Solver.Context, destinationLabel: String,
        admitByCIDR: Bool = false
    ) -> Blocker {
        let functionRegion = context.groups.first?.region
        let crossRegion = functionRegion.map { $0 != group.region && !group.region.isEmpty } ?? false
        return Blocker(
            code: noRules ? .securityGroupHasNoRules : .eniSecurityGroupRulesMismatch, component: group.id,
            reason: IngressMismatch(
                group: group, noRules: noRules, subnet: subnet, traffic: context.traffic,
                destinationLabel: destinationLabel, otherRegion: crossRegion ? functionRegion : nil,
                admitByCIDR: admitByCIDR))
    }

    /// A destination whose export lists no security group.
    struct NoGroupsListed: BlockerReason {
        var destination: String

        func words(for function: FunctionIdentity) -> BlockerWords {
            BlockerWords(
                message:
                    "The export lists no security group for \(destination). Every RDS database and interface endpoint in a VPC has at least one, so they are missing from the export, and whether it admits the function cannot be checked.",
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

        func words(for function: FunctionIdentity) -> BlockerWords {
            BlockerWords(
                message:
                    "\(destination) is guarded by security group \(groupId), which is not in the inventory, so whether it admits the function cannot be checked.",
                fix: Shell.line(
                    "aws ec2 describe-security-groups --group-ids \(groupId) > sg.json && lambda-reach import sg.json"))
        }
    }

    static func destinationGroupNotFound(_ groupId: String, destination: String) -> Blocker {
        Blocker(
            code: .securityGroupNotFound, component: groupId,
            reason: DestinationGroupNotFound(groupId: groupId, destination: destination))
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

        func words(for function: FunctionIdentity) -> BlockerWords {
            let entries = outbound ? acl.outbound : acl.inbound
            let number = freeRuleNumber(
                before: denying?.ruleNumber, used: Set(entries.map(\.ruleNumber)), entries: entries)
            let isReturn = ports == .ephemeral
            let directionText = outbound ? "outbound" : "inbound"
            let why =
                isReturn
                ? "Network ACLs are stateless: the replies come back to ephemeral ports \(ports), and the ACL must allow them explicitly."
                : "Network ACLs are stateless and apply to every packet entering or leaving the subnet."
            let decider =
                denying.map { "rule \($0.summary) denies it" }
                ?? "no rule matches all of it, so the final implicit deny (*) applies"
            let cidr =
                remote == .publicInternet || remote.intervals.count > 4
                ? "0.0.0.0/0" : (remote.intervals.count == 1 ? cidrText(remote) : "0.0.0.0/0")
            return BlockerWords(
                message:
                    "Network ACL \(acl.id) of \(subnet.id) blocks \(directionText) \(ipProtocol) \(ports) \(outbound ? "to" : "from") \(remoteLabel): \(decider). \(why)",
                fix: Shell.line(
                    "aws ec2 create-network-acl-entry --network-acl-id \(acl.id) \(raw: outbound ? "--egress" : "--ingress") --rule-number \(number) --protocol \(ipProtocol == .all ? "-1" : ipProtocol.description) --port-range From=\(ports.from),To=\(ports.to) --cidr-block \(cidr) --rule-action allow"
                ))
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
    static func freeRuleNumber(before denying: Int?, used: Set<Int>, entries: [NetworkACLEntry]) -> Int {
        if let denying {
            var number = min(max(denying, 2), 32767) - 1
            while number > 1 && used.contains(number) { number -= 1 }
            return number
        }
        let highest = entries.map(\.ruleNumber).filter { (1...32766).contains($0) }.max() ?? 0
        var number = min((highest / 10 + 1) * 10, 32766)
        while number < 32766 && used.contains(number) { number += 1 }
        return number
    }

    /// The smallest CIDR text that names an interval (exact when it is one block).
    static func cidrText(_ set: AddressSet) -> String {
        guard let interval = set.intervals.first else { return "0.0.0.0/0" }
        let size = UInt64(interval.upperBound) - UInt64(interval.lowerBound) + 1
        var length = 32
        while length > 0 && (UInt64(1) << UInt64(32 - length)) < size { length -= 1 }
        return IPv4CIDR(address: IPv4Address(interval.lowerBound), prefixLength: length).description
    }

    // MARK: Routing

    /// A subnet without a route table the inventory knows.
    struct NoRouteTable: BlockerReason {
        var subnet: Subnet

        func words(for function: FunctionIdentity) -> BlockerWords {
            BlockerWords(
                message:
                    "No route table is known for \(subnet.id): it has no association and its VPC's main table is not in the inventory.",
                fix: Shell.line(
                    "aws ec2 describe-route-tables --filters Name=vpc-id,Values=\(subnet.vpcId) > rt.json && lambda-reach import rt.json"
                ))
        }
    }

    static func noRouteTable(_ subnet: Subnet) -> Blocker {
        Blocker(code: .noRouteToDestination, component: subnet.id, reason: NoRouteTable(subnet: subnet))
    }

    /// A route table with no route for the destination, and what would add one.
    struct NoRoute: BlockerReason {
        var table: String
        var subnet: Subnet
        var destinationLabel: String
        var remedy: Remedy

        /// What the VPC already has that a route could use, or what to create.
        enum Remedy: Sendable, Hashable {
            /// A gateway endpoint for the service exists in the VPC, not associated with the table.
            case associateGatewayEndpoint(endpoint: String, service: String)
            /// A gateway endpoint for the service would add the route.
            case createGatewayEndpoint(service: String, region: String)
            /// An interface endpoint for the service exists, but DNS keeps the SDK from it.
            case interfaceEndpointDNS(
                endpoint: String, service: String, privateDNSOff: Bool, dnsSupportOff: Bool, dnsHostnamesOff: Bool,
                nat: NATRoute)
            /// The service's public endpoint, through a new interface endpoint or a NAT gateway.
            case createInterfaceEndpoint(service: String, region: String, nat: NATRoute)
            /// The destination's VPC shares a transit gateway with the subnet's.
            case transitGateway(vpc: String, cidr: String?, gateway: String)
            /// The destination's VPC is peered with the subnet's.
            case peering(vpc: String, cidr: String?, peering: String)
            /// The destination's VPC is joined to the subnet's by nothing.
            case newPeering(vpc: String, cidr: String?)
            /// Anywhere else: through a NAT gateway.
            case nat(NATRoute)
        }

        func words(for function: FunctionIdentity) -> BlockerWords {
            var message =
                "Route table \(table) (used by \(subnet.id)) has no route for \(destinationLabel), so the traffic is dropped."
            let fix: ShellCommand
            switch remedy {
            case .associateGatewayEndpoint(let endpoint, let service):
                message +=
                    " \(endpoint), a \(service) gateway endpoint, exists in \(subnet.vpcId) but is not associated with \(table)."
                fix = "aws ec2 modify-vpc-endpoint --vpc-endpoint-id \(endpoint) --add-route-table-ids \(table)"
            case .createGatewayEndpoint(let service, let region):
                message +=
                    " A gateway endpoint for \(service) is free and adds the route; a NAT gateway would do too, at a cost."
                fix =
                    "aws ec2 create-vpc-endpoint --vpc-id \(subnet.vpcId) --service-name com.amazonaws.\(region).\(service) --route-table-ids \(table)"
            case .interfaceEndpointDNS(
                let endpoint, let service, let privateDNSOff, let dnsSupportOff, let dnsHostnamesOff, let nat):
                // The endpoint exists: what keeps the SDK from it is DNS, and the fix is to turn
                // that on, never to create the endpoint again.
                var dnsFix: [ShellCommand] = []
                if privateDNSOff {
                    message +=
                        " \(endpoint), an interface endpoint for \(service), exists in \(subnet.vpcId), but its private DNS is off, so \(service)'s name resolves to the public endpoint, which needs a NAT gateway."
                    dnsFix.append("aws ec2 modify-vpc-endpoint --vpc-endpoint-id \(endpoint) --private-dns-enabled")
                } else {
                    message +=
                        " \(endpoint), an interface endpoint for \(service), exists in \(subnet.vpcId), but the VPC's DNS attributes are off, so \(service)'s name resolves to the public endpoint, which needs a NAT gateway."
                }
                if dnsSupportOff {
                    dnsFix.append(
                        "aws ec2 modify-vpc-attribute --vpc-id \(subnet.vpcId) --enable-dns-support '{\"Value\":true}'")
                }
                if dnsHostnamesOff {
                    dnsFix.append(
                        "aws ec2 modify-vpc-attribute --vpc-id \(subnet.vpcId) --enable-dns-hostnames '{\"Value\":true}'"
                    )
                }
                fix = dnsFix.joined(separator: "\n") + "\n# or a NAT gateway:\n" + nat.fix(table: table, replace: false)
            case .createInterfaceEndpoint(let service, let region, let nat):
                message +=
                    " \(service) is a public AWS endpoint: without an interface endpoint for it (with private DNS), the call needs a NAT gateway."
                fix =
                    "aws ec2 create-vpc-endpoint --vpc-endpoint-type Interface --vpc-id \(subnet.vpcId) --service-name com.amazonaws.\(region).\(service) --subnet-ids \(subnet.id) --security-group-ids <a group admitting tcp 443 from \(function.securityGroupIds.first, else: "the function")> --private-dns-enabled\n# or a NAT gateway:\n"
                    + nat.fix(table: table, replace: false)
            case .transitGateway(let vpc, let cidr, let gateway):
                message +=
                    " \(destinationLabel) is in \(vpc), which is attached, like \(subnet.vpcId), to transit gateway \(gateway), but no route sends its CIDR there."
                fix =
                    "aws ec2 create-route --route-table-id \(table) --destination-cidr-block \(cidr, else: "<\(vpc) CIDR>") --transit-gateway-id \(gateway)"
            case .peering(let vpc, let cidr, let peering):
                message +=
                    " \(destinationLabel) is in \(vpc), peered through \(peering), but no route sends its CIDR there."
                fix =
                    "aws ec2 create-route --route-table-id \(table) --destination-cidr-block \(cidr, else: "<\(vpc) CIDR>") --vpc-peering-connection-id \(peering)"
            case .newPeering(let vpc, let cidr):
                message += " \(destinationLabel) is in another VPC (\(vpc)) and no peering connection joins the two."
                fix =
                    "pcx=$(aws ec2 create-vpc-peering-connection --vpc-id \(subnet.vpcId) --peer-vpc-id \(vpc) --query VpcPeeringConnection.VpcPeeringConnectionId --output text)\naws ec2 accept-vpc-peering-connection --vpc-peering-connection-id \"$pcx\"   # as \(vpc)'s owner; then route both ways:\naws ec2 create-route --route-table-id \(table) --destination-cidr-block \(cidr, else: "<\(vpc) CIDR>") --vpc-peering-connection-id \"$pcx\""
            case .nat(let nat):
                fix = nat.fix(table: table, replace: false)
                if destinationLabel == "internet" {
                    message +=
                        " A function in a VPC reaches the internet only through a NAT gateway: the subnet's route table must send 0.0.0.0/0 to one."
                }
            }
            return BlockerWords(message: message, fix: fix.text)
        }
    }

    static func noRoute(
        table: RouteTable, subnet: Subnet, context: Solver.Context, destinationLabel: String, service: String?,
        network: Network, destinationVPC: String? = nil
    ) -> Blocker {
        let region = context.function.region
        func nat() -> NATRoute { NATRoute(vpcId: subnet.vpcId, zone: subnet.availabilityZone, network: network) }
        let remedy: NoRoute.Remedy
        if let service, service == "s3" || service == "dynamodb" {
            let existing = network.endpoints(inVPC: subnet.vpcId).first {
                $0.kind == .gateway && $0.shortServiceName == service
            }
            remedy =
                existing.map { .associateGatewayEndpoint(endpoint: $0.id, service: service) }
                ?? .createGatewayEndpoint(service: service, region: region)
        } else if let service,
            let existing = network.endpoints(inVPC: subnet.vpcId).first(where: {
                $0.kind == .interface && $0.shortServiceName == service
            })
        {
            let vpc = network.vpcs[subnet.vpcId]
            remedy = .interfaceEndpointDNS(
                endpoint: existing.id, service: service, privateDNSOff: !existing.privateDNSEnabled,
                dnsSupportOff: vpc?.enableDnsSupport == false, dnsHostnamesOff: vpc?.enableDnsHostnames == false,
                nat: nat())
        } else if let service {
            remedy = .createInterfaceEndpoint(service: service, region: region, nat: nat())
        } else if let destinationVPC, destinationVPC != subnet.vpcId {
            let peering = network.peerings(ofVPC: subnet.vpcId).first {
                $0.peer(of: subnet.vpcId)?.vpcId == destinationVPC
            }
            let cidr = network.vpcs[destinationVPC]?.cidrs.first?.description
            // A transit gateway both VPCs are attached to: the missing piece is the route to it.
            let sharedGateway = network.transitGateways.keys.sorted().first { gateway in
                !network.transitGatewayAttachments(ofVPC: subnet.vpcId, to: gateway).isEmpty
                    && !network.transitGatewayAttachments(ofVPC: destinationVPC, to: gateway).isEmpty
            }
            if peering == nil, let gateway = sharedGateway {
                remedy = .transitGateway(vpc: destinationVPC, cidr: cidr, gateway: gateway)
            } else if let peering {
                remedy = .peering(vpc: destinationVPC, cidr: cidr, peering: peering.id)
            } else {
                remedy = .newPeering(vpc: destinationVPC, cidr: cidr)
            }
        } else {
            remedy = .nat(nat())
        }
        return Blocker(
            code: .noRouteToDestination, component: table.id,
            reason: NoRoute(table: table.id, subnet: subnet, destinationLabel: destinationLabel, remedy: remedy))
    }

    /// The CIDR text of a route's destination, for a fix that must name that route and no other.
    static func cidrArgument(_ route: Route) -> String? {
        if case .cidr(let cidr) = route.destination { return cidr.description }
        return nil
    }

    /// A working route of `table`, broader than `route`, that would carry its traffic if it
    /// were deleted.
    static func broaderRoute(than route: Route, in table: RouteTable) -> Route? {
        guard case .cidr(let cidr) = route.destination, cidr.prefixLength > 0 else { return nil }
        return table.routes.compactMap { candidate -> (IPv4CIDR, Route)? in
            guard case .cidr(let wider) = candidate.destination, wider.prefixLength < cidr.prefixLength,
                wider.contains(cidr), !candidate.isBlackhole
            else { return nil }
            return (wider, candidate)
        }.max { $0.0.prefixLength < $1.0.prefixLength }?.1
    }

    /// A route whose target is gone or unusable (a blackhole), or not in the inventory at all.
    struct Blackhole: BlockerReason {
        var table: String
        var route: Route
        /// A working route of the table, broader than `route`, that would carry its traffic.
        var broader: Route?
        /// Where a NAT route would come from, when the route was to the internet or a NAT.
        var nat: NATRoute?
        /// True when the target is missing from the inventory rather than a blackhole.
        var targetMissing = false

        func words(for function: FunctionIdentity) -> BlockerWords {
            var fix: ShellCommand = "aws ec2 delete-route --route-table-id \(table) \(destinationArgument(route))"
            if let broader {
                // A narrower blackhole under a working route: deleting it is the whole fix, and the
                // broader route, which works for everything else, stays as it is.
                fix += "   # its traffic then follows \(note: broader.summary)"
            } else if let nat {
                fix = nat.fix(table: table, replace: true, destination: cidrArgument(route) ?? "0.0.0.0/0")
            }
            let message =
                targetMissing
                ? "Route \(route.summary) in \(table) points at \(route.targetId ?? "a target") that is not in the inventory: it was deleted (the route is then a blackhole), or its describe call was not exported."
                : "Route \(route.summary) in \(table) is a blackhole: its target \(route.targetId ?? "") no longer exists or is not usable (a deleted NAT gateway, a detached gateway, an inactive peering), so matching traffic is dropped."
            return BlockerWords(message: message, fix: fix.text)
        }
    }

    static func blackhole(
        table: RouteTable, route: Route, network: Network, subnet: Subnet, targetMissing: Bool = false
    ) -> Blocker {
        let broader = broaderRoute(than: route, in: table)
        let nat =
            broader == nil && (route.targetKind == .nat || route.targetKind == .unknown || route.targetKind == .igw)
            ? NATRoute(vpcId: subnet.vpcId, zone: subnet.availabilityZone, network: network) : nil
        return Blocker(
            code: .badStateRoute, component: table.id,
            reason: Blackhole(table: table.id, route: route, broader: broader, nat: nat, targetMissing: targetMissing))
    }

    static func missingTarget(table: RouteTable, route: Route, network: Network, subnet: Subnet) -> Blocker {
        blackhole(table: table, route: route, network: network, subnet: subnet, targetMissing: true)
    }

    /// A route to a target lambda-reach does not follow (VPN gateway, appliance, ...).
    struct NotAnalyzed: BlockerReason {
        var route: Route
        var table: String
        var source: String?
        var traffic: Traffic

        func words(for function: FunctionIdentity) -> BlockerWords {
            let target = route.targetId ?? route.targetKind.rawValue
            return BlockerWords(
                message:
                    "Route \(route.summary) in \(table) sends the traffic to \(target) (\(targetKindName(route.targetKind))), beyond what lambda-reach models (VPN gateways, appliances, local and carrier gateways): the rest of the path cannot be confirmed from this inventory.",
                fix: beyondFix(target: route.targetId, kind: route.targetKind, source: source, traffic: traffic).text)
        }
    }

    static func notAnalyzed(route: Route, table: RouteTable, source: String?, context: Solver.Context) -> Blocker {
        Blocker(
            code: .routeTargetNotAnalyzed, component: route.targetId ?? route.targetKind.rawValue,
            reason: NotAnalyzed(route: route, table: table.id, source: source, traffic: context.traffic))
    }

    /// How to check a path beyond what lambda-reach follows: VPC Reachability Analyzer from the
    /// function's own network interface (when the inventory has it) to the component, with the
    /// real IDs; else what to look at, since a command with placeholders is no fix.
    static func beyondFix(target: String?, kind: RouteTargetKind, source: String?, traffic: Traffic)
        -> ShellCommand
    {
        var lines: [ShellCommand] = []
        if let source, let target, kind == .vgw || kind == .eni || kind == .instance || kind == .tgw {
            var path: ShellCommand =
                "aws ec2 create-network-insights-path --source \(source) --destination \(target) --protocol \(raw: traffic.ipProtocol == .udp ? "udp" : "tcp") --destination-port \(traffic.port)"
            if case .address(let address, _) = traffic.target { path += " --destination-ip \(address)" }
            lines.append(
                "path=$(\(path) --query NetworkInsightsPath.NetworkInsightsPathId --output text) && aws ec2 start-network-insights-analysis --network-insights-path-id \"$path\"   # VPC Reachability Analyzer, from the function's network interface"
            )
        }
        switch kind {
        case .vgw:
            if let target {
                lines.append(
                    "aws ec2 describe-vpn-connections --filters Name=vpn-gateway-id,Values=\(target)   # where \(target) sends the traffic: a Site-to-Site VPN or Direct Connect"
                )
            }
        case .eni, .instance:
            if let target {
                lines.append(
                    "aws ec2 describe-network-interfaces --filters Name=\(raw: kind == .eni ? "network-interface-id" : "attachment.instance-id"),Values=\(target)   # the appliance (firewall, proxy, NAT instance) must forward the traffic"
                )
            }
        default:
            if let target {
                lines.append("Check what \(target) does with the traffic: lambda-reach does not follow it further")
            }
        }
        return lines.isEmpty
            ? "Check the path beyond this route: lambda-reach does not follow it further"
            : lines.joined(separator: "\n")
    }

    // MARK: Gateways

    /// A route to an internet gateway not attached to the VPC.
    struct IGWDetached: BlockerReason {
        var gateway: String
        var vpcId: String

        func words(for function: FunctionIdentity) -> BlockerWords {
            BlockerWords(
                message:
                    "The route points at internet gateway \(gateway), which is not attached to \(vpcId); traffic sent to it is dropped.",
                fix: Shell.line("aws ec2 attach-internet-gateway --internet-gateway-id \(gateway) --vpc-id \(vpcId)"))
        }
    }

    static func igwDetached(_ gateway: InternetGateway, vpcId: String) -> Blocker {
        Blocker(
            code: .unassociatedComponent, component: gateway.id, reason: IGWDetached(gateway: gateway.id, vpcId: vpcId))
    }

    /// The function is in a public subnet: its ENI has no public address for the internet gateway.
    struct PublicSubnetTrap: BlockerReason {
        var gateway: String
        var subnet: String
        /// The VPC's subnets that route 0.0.0.0/0 to a NAT gateway: where the function belongs.
        var privateSubnets: [String]

        func words(for function: FunctionIdentity) -> BlockerWords {
            let fix: ShellCommand
            if privateSubnets.isEmpty {
                fix =
                    "# Create private subnets whose route table sends 0.0.0.0/0 to a NAT gateway in this public subnet, then move the function there:\nalloc=$(aws ec2 allocate-address --domain vpc --query AllocationId --output text)\naws ec2 create-nat-gateway --subnet-id \(subnet) --allocation-id \"$alloc\"\naws lambda update-function-configuration --function-name \(function.name) --vpc-config SubnetIds=<private subnets>,SecurityGroupIds=\(list: function.securityGroupIds, separator: ",")"
            } else {
                fix =
                    "aws lambda update-function-configuration --function-name \(function.name) --vpc-config \(vpcConfig(subnets: privateSubnets, groups: function.securityGroupIds))"
            }
            return BlockerWords(
                message:
                    "\(subnet) is a public subnet (its route table sends the traffic to internet gateway \(gateway)), but a Lambda function's network interface never has a public IP address, not even in a public subnet, and an internet gateway drops traffic from private addresses. A function reaches the internet only from a private subnet whose route table points at a NAT gateway.",
                fix: fix.text)
        }
    }

    static func publicSubnetTrap(_ gateway: InternetGateway, subnet: Subnet, network: Network) -> Blocker {
        Blocker(
            code: .igwPublicIPAssociationForEgress, component: gateway.id,
            reason: PublicSubnetTrap(
                gateway: gateway.id, subnet: subnet.id,
                privateSubnets: privateSubnetsWithNAT(in: subnet.vpcId, network: network).map(\.id)))
    }

    /// A NAT gateway on the path that cannot forward: not available, or private.
    struct NATUnusable: BlockerReason {
        var nat: NATGateway
        /// True when the gateway is private (it never reaches the internet), false when it is
        /// not available.
        var isPrivate: Bool
        /// The route table of the function's subnet, and the destination its NAT route is for.
        var table: String?
        var destination: String
        /// Another available public NAT gateway of the VPC, for a route to replace this one's.
        var other: String?
        var route: NATRoute

        func words(for function: FunctionIdentity) -> BlockerWords {
            if isPrivate {
                var fix: ShellCommand = "Route \(destination) to a public NAT gateway instead:"
                if let table { fix += "\n" + route.fix(table: table, replace: true, destination: destination) }
                return BlockerWords(
                    message:
                        "\(nat.id) is a private NAT gateway (ConnectivityType private): it translates addresses for other private networks but never reaches the internet, even with an internet gateway in the VPC.",
                    fix: fix.text)
            }
            var fix: ShellCommand = "aws ec2 describe-nat-gateways --nat-gateway-ids \(nat.id)   # see FailureMessage"
            if let table {
                fix +=
                    "\n"
                    + (other.map {
                        "aws ec2 replace-route --route-table-id \(table) --destination-cidr-block \(destination) --nat-gateway-id \($0)"
                    } ?? route.fix(table: table, replace: true, destination: destination))
            }
            return BlockerWords(
                message: "NAT gateway \(nat.id) is in state '\(nat.state)', not 'available': it forwards nothing.",
                fix: fix.text)
        }
    }

    /// `nat` as a NAT gateway that cannot carry the traffic of `subnet` (whose route `route` sends
    /// it there): the facts of its fix.
    static func natUnusable(_ nat: NATGateway, isPrivate: Bool, network: Network, subnet: Subnet, route: Route?)
        -> NATUnusable
    {
        let other =
            !isPrivate
            ? usableNATs(in: nat.vpcId, zone: subnet.availabilityZone, network: network).first { $0.id != nat.id }?.id
            : nil
        return NATUnusable(
            nat: nat, isPrivate: isPrivate, table: network.routeTable(forSubnet: subnet.id)?.id,
            destination: route.flatMap(cidrArgument) ?? "0.0.0.0/0", other: other,
            route: NATRoute(vpcId: nat.vpcId, zone: subnet.availabilityZone, network: network))
    }

    static func natNotAvailable(_ nat: NATGateway, network: Network, subnet: Subnet, route: Route? = nil) -> Blocker {
        Blocker(
            code: .badState, component: nat.id,
            reason: natUnusable(nat, isPrivate: false, network: network, subnet: subnet, route: route))
    }

    static func privateNAT(_ nat: NATGateway, network: Network, subnet: Subnet, route: Route? = nil) -> Blocker {
        Blocker(
            code: .natGatewayPrivateConnectivity, component: nat.id,
            reason: natUnusable(nat, isPrivate: true, network: network, subnet: subnet, route: route))
    }

    /// A public NAT gateway in a subnet without a route to an internet gateway.
    struct NATSubnetNoRoute: BlockerReason {
        var table: String
        var nat: String
        var natSubnet: Subnet
        /// The internet gateway attached to the NAT gateway's VPC, if there is one.
        var igw: String?

        func words(for function: FunctionIdentity) -> BlockerWords {
            let fix: ShellCommand =
                igw.map {
                    "aws ec2 create-route --route-table-id \(table) --destination-cidr-block 0.0.0.0/0 --gateway-id \($0)"
                }
                ?? "igw=$(aws ec2 create-internet-gateway --query InternetGateway.InternetGatewayId --output text)\naws ec2 attach-internet-gateway --internet-gateway-id \"$igw\" --vpc-id \(natSubnet.vpcId)\naws ec2 create-route --route-table-id \(table) --destination-cidr-block 0.0.0.0/0 --gateway-id \"$igw\""
            return BlockerWords(
                message:
                    "NAT gateway \(nat) sits in \(natSubnet.id), whose route table \(table) has no route to an internet gateway. A public NAT gateway must be in a public subnet: its own traffic follows its subnet's route table.",
                fix: fix.text)
        }
    }

    static func natSubnetNoRoute(table: RouteTable, nat: NATGateway, natSubnet: Subnet, network: Network) -> Blocker {
        Blocker(
            code: .noRouteToDestination, component: table.id,
            reason: NATSubnetNoRoute(
                table: table.id, nat: nat.id, natSubnet: natSubnet,
                igw: attachedIGW(natSubnet.vpcId, network: network)?.id
            ))
    }

    // MARK: Endpoints

    /// What keeps a VPC endpoint from carrying the traffic.
    struct EndpointProblem: BlockerReason {
        var endpoint: VPCEndpoint
        var problem: Problem

        enum Problem: Sendable, Hashable {
            case notAvailable
            case policyDenies
            /// A gateway endpoint for another service than the one asked for.
            case otherService(String)
            /// The VPC's DNS attributes that are off (private DNS is on).
            case vpcDNSOff(vpc: String, off: [String])
            case privateDNSOff(service: String)
            case noSubnets
        }

        func words(for function: FunctionIdentity) -> BlockerWords {
            switch problem {
            case .notAvailable:
                return BlockerWords(
                    message:
                        "VPC endpoint \(endpoint.id) (\(endpoint.serviceName)) is in state '\(endpoint.state)', not 'available'.",
                    fix: Shell.line(
                        endpoint.state == "pendingacceptance" || endpoint.state == "pending-acceptance"
                            ? "The endpoint service owner must accept it: aws ec2 accept-vpc-endpoint-connections --service-id <service> --vpc-endpoint-ids \(endpoint.id)"
                            : "aws ec2 describe-vpc-endpoints --vpc-endpoint-ids \(endpoint.id)   # then recreate it if it failed"
                    ))
            case .policyDenies:
                return BlockerWords(
                    message:
                        "The policy of VPC endpoint \(endpoint.id) does not allow calls to \(endpoint.shortServiceName): the network path exists, but every request through the endpoint is refused (HTTP 403).",
                    fix: Shell.line(
                        "aws ec2 modify-vpc-endpoint --vpc-endpoint-id \(endpoint.id) --reset-policy   # or a policy that allows the calls the function makes"
                    ))
            case .otherService(let service):
                return BlockerWords(
                    message:
                        "The route sends the traffic to \(endpoint.id), a gateway endpoint for \(endpoint.shortServiceName), which does not serve \(service).",
                    fix: Shell.line(
                        "Route \(service) separately (a gateway or interface endpoint for \(service), or a NAT gateway)."
                    ))
            case .vpcDNSOff(let vpc, let off):
                return BlockerWords(
                    message:
                        "\(endpoint.id) has private DNS on, but \(vpc) has \(off.joined(separator: " and ")) off, so \(endpoint.shortServiceName)'s normal name does not resolve to the endpoint: the SDK goes to the public endpoint, which this subnet cannot reach.",
                    fix: off.map { name -> ShellCommand in
                        "aws ec2 modify-vpc-attribute --vpc-id \(vpc) --\(raw: name == "enableDnsSupport" ? "enable-dns-support" : "enable-dns-hostnames") '{\"Value\":true}'"
                    }.joined(separator: "\n").text)
            case .privateDNSOff(let service):
                return BlockerWords(
                    message:
                        "\(endpoint.id) is an interface endpoint for \(service), but its private DNS is off: the SDK resolves \(service)'s public name and never uses the endpoint (unless the code is given the endpoint's own DNS name).",
                    fix: Shell.line(
                        "aws ec2 modify-vpc-endpoint --vpc-endpoint-id \(endpoint.id) --private-dns-enabled"))
            case .noSubnets:
                return BlockerWords(
                    message:
                        "Interface endpoint \(endpoint.id) has no subnet in the inventory, so its network interfaces cannot be located.",
                    fix: Shell.line(
                        "aws ec2 modify-vpc-endpoint --vpc-endpoint-id \(endpoint.id) --add-subnet-ids <a subnet per AZ of the function>"
                    ))
            }
        }
    }

    static func endpointNotAvailable(_ endpoint: VPCEndpoint) -> Blocker {
        Blocker(
            code: .badState, component: endpoint.id, reason: EndpointProblem(endpoint: endpoint, problem: .notAvailable)
        )
    }

    static func endpointPolicyDenies(_ endpoint: VPCEndpoint) -> Blocker {
        Blocker(
            code: .endpointPolicyDenies, component: endpoint.id,
            reason: EndpointProblem(endpoint: endpoint, problem: .policyDenies))
    }

    static func noRouteVia(endpoint: VPCEndpoint, service: String) -> Blocker {
        Blocker(
            code: .noRouteToDestination, component: endpoint.id,
            reason: EndpointProblem(endpoint: endpoint, problem: .otherService(service)))
    }

    static func vpcDNSDisabled(_ vpc: VPC, endpoint: VPCEndpoint) -> Blocker {
        var off: [String] = []
        if vpc.enableDnsSupport == false { off.append("enableDnsSupport") }
        if vpc.enableDnsHostnames == false { off.append("enableDnsHostnames") }
        return Blocker(
            code: .vpcDNSAttributesDisabled, component: vpc.id,
            reason: EndpointProblem(endpoint: endpoint, problem: .vpcDNSOff(vpc: vpc.id, off: off)))
    }

    static func privateDNSDisabled(_ endpoint: VPCEndpoint, service: String) -> Blocker {
        Blocker(
            code: .endpointPrivateDNSDisabled, component: endpoint.id,
            reason: EndpointProblem(endpoint: endpoint, problem: .privateDNSOff(service: service)))
    }

    static func endpointWithoutSubnets(_ endpoint: VPCEndpoint) -> Blocker {
        Blocker(
            code: .unknownDestination, component: endpoint.id,
            reason: EndpointProblem(endpoint: endpoint, problem: .noSubnets))
    }

    /// A destination in no subnet of the inventory.
    struct UnknownDestination: BlockerReason {
        var label: String
        var subnet: String?

        func words(for function: FunctionIdentity) -> BlockerWords {
            BlockerWords(
                message:
                    "\(label) is not in any subnet of the inventory, so no path to it can be followed\(subnet.map { " from \($0)" } ?? "").",
                fix:
                    "Export the subnets (and databases) of the destination's VPC: aws ec2 describe-subnets, aws rds describe-db-instances, then lambda-reach import"
            )
        }
    }

    static func unknownDestination(_ label: String, subnet: Subnet?) -> Blocker {
        Blocker(
            code: .unknownDestination, component: label, reason: UnknownDestination(label: label, subnet: subnet?.id))
    }

    // MARK: Peering

    /// A peering connection that is not active.
    struct PeeringNotActive: BlockerReason {
        var peering: PeeringConnection

        func words(for function: FunctionIdentity) -> BlockerWords {
            BlockerWords(
                message:
                    "Peering connection \(peering.id) is '\(peering.status)', not 'active': no traffic crosses it.",
                fix: Shell.line(
                    peering.status == "pending-acceptance"
                        ? "aws ec2 accept-vpc-peering-connection --vpc-peering-connection-id \(peering.id)   # as the owner of \(peering.accepter.vpcId)"
                        : "aws ec2 describe-vpc-peering-connections --vpc-peering-connection-ids \(peering.id)   # recreate it if it failed or expired"
                ))
        }
    }

    static func peeringNotActive(_ peering: PeeringConnection) -> Blocker {
        Blocker(code: .badState, component: peering.id, reason: PeeringNotActive(peering: peering))
    }

    /// Traffic for beyond the peer VPC routed into a peering connection.
    struct PeeringNotTransitive: BlockerReason {
        var peering: String
        var subnet: Subnet
        var peerVPC: String
        var destinationLabel: String
        /// The function subnet's route table, the destination of the route, and a NAT route's facts.
        var table: String?
        var destination: String
        var nat: NATRoute

        func words(for function: FunctionIdentity) -> BlockerWords {
            var fix: ShellCommand = "Send the traffic to a NAT gateway (or endpoint) in \(subnet.vpcId) instead:"
            if let table { fix += "\n" + nat.fix(table: table, replace: true, destination: destination) }
            return BlockerWords(
                message:
                    "Traffic for \(destinationLabel) is routed into peering connection \(peering), but a peering connection only carries traffic to addresses inside \(peerVPC)'s CIDRs: peering is not transitive, so \(peerVPC)'s internet gateway, NAT gateways and gateway endpoints cannot be used from \(subnet.vpcId).",
                fix: fix.text)
        }
    }

    static func peeringNotTransitive(
        _ peering: PeeringConnection, subnet: Subnet, destinationLabel: String, network: Network, route: Route? = nil
    ) -> Blocker {
        Blocker(
            code: .peeringRequiresAddressInVPCCIDR, component: peering.id,
            reason: PeeringNotTransitive(
                peering: peering.id, subnet: subnet, peerVPC: peering.peer(of: subnet.vpcId)?.vpcId ?? "the peer VPC",
                destinationLabel: destinationLabel, table: network.routeTable(forSubnet: subnet.id)?.id,
                destination: route.flatMap(cidrArgument) ?? "0.0.0.0/0",
                nat: NATRoute(vpcId: subnet.vpcId, zone: subnet.availabilityZone, network: network)))
    }

    /// A peered destination subnet without the route back.
    struct NoReturnRoute: BlockerReason {
        var table: String
        var destinationSubnet: Subnet
        var source: Subnet
        var peering: String

        func words(for function: FunctionIdentity) -> BlockerWords {
            let cidr = source.cidr?.description ?? "<\(source.id) CIDR>"
            return BlockerWords(
                message:
                    "The replies cannot come back: route table \(table) of \(destinationSubnet.id) (in \(destinationSubnet.vpcId)) has no route for \(cidr) through \(peering). A peering connection needs routes on both sides.",
                fix: Shell.line(
                    "aws ec2 create-route --route-table-id \(table) --destination-cidr-block \(source.cidr, else: "<\(source.id) CIDR>") --vpc-peering-connection-id \(peering)"
                ))
        }
    }

    static func noReturnRoute(table: RouteTable, destinationSubnet: Subnet, source: Subnet, peering: PeeringConnection)
        -> Blocker
    {
        Blocker(
            code: .noRouteToDestination, component: table.id,
            reason: NoReturnRoute(
                table: table.id, destinationSubnet: destinationSubnet, source: source, peering: peering.id))
    }
}

extension Solver.Context {
    /// What the question asks, as blockers' words name it.
    var traffic: Explain.Traffic {
        Explain.Traffic(target: target, ipProtocol: ipProtocol, port: port, region: function.region)
    }
}
