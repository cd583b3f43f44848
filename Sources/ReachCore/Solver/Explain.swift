/// The blockers' words: what blocks, in a sentence someone who does not know the AWS rule can
/// follow, and the aws CLI commands that would make it pass, with the real IDs. The commands
/// are `ShellCommand`s, which quote every value they are given: an inventory's ID can hold
/// anything, and a fix is pasted into a shell.
enum Explain {
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
    static func ipPermissions(_ context: Solver.Context, peer: String) -> String {
        "IpProtocol=\(context.ipProtocol),FromPort=\(context.port),ToPort=\(context.port),\(peer)"
    }

    /// How to get a NAT route for `destination` in `table`: to an existing NAT gateway, or by
    /// creating one. `replace` rewrites the route for exactly `destination`, never another.
    static func natRouteFix(
        table: RouteTable, zone: String, vpcId: String, network: Network, replace: Bool,
        destination: String = "0.0.0.0/0"
    ) -> ShellCommand {
        let verb = replace ? "replace-route" : "create-route"
        if let nat = usableNATs(in: vpcId, zone: zone, network: network).first {
            let crossAZ: ShellCommand =
                network.subnets[nat.subnetId]?.availabilityZone != zone
                ? "   # \(nat.id) is in another AZ; one NAT gateway per AZ avoids cross-AZ charges and AZ coupling" : ""
            return
                "aws ec2 \(raw: verb) --route-table-id \(table.id) --destination-cidr-block \(destination) --nat-gateway-id \(nat.id)\(crossAZ)"
        }
        let publicSubnet =
            publicSubnets(in: vpcId, network: network).first { $0.availabilityZone == zone }
            ?? publicSubnets(in: vpcId, network: network).first
        // A script that runs as it is once the subnet is known: each command's output ID goes
        // to the next through a shell variable, not a placeholder to fill in.
        return """
            alloc=$(aws ec2 allocate-address --domain vpc --query AllocationId --output text)
            nat=$(aws ec2 create-nat-gateway --subnet-id \(publicSubnet?.id, else: "<a public subnet of \(vpcId) in \(zone)>") --allocation-id "$alloc" --query NatGateway.NatGatewayId --output text)
            aws ec2 wait nat-gateway-available --nat-gateway-ids "$nat"
            aws ec2 \(raw: verb) --route-table-id \(table.id) --destination-cidr-block \(destination) --nat-gateway-id "$nat"
            """
    }

    // MARK: Function-level

    static func subnetNotFound(_ subnetId: String, function: LambdaFunction) -> Blocker {
        Blocker(
            code: .subnetNotFound, component: subnetId,
            message:
                "\(function.name)'s VpcConfig names \(subnetId), which is not in the inventory: it was deleted, or the export of describe-subnets does not include it. Lambda cannot place an ENI there.",
            fix: Shell.line(
                "aws ec2 describe-subnets --subnet-ids \(subnetId)   # check whether it exists; if not:\naws lambda update-function-configuration --function-name \(function.name) --vpc-config \(vpcConfig(subnets: function.subnetIds.filter { $0 != subnetId }, groups: function.securityGroupIds))"
            )
        )
    }

    static func securityGroupNotFound(_ groupId: String, function: LambdaFunction) -> Blocker {
        Blocker(
            code: .securityGroupNotFound, component: groupId,
            message:
                "\(function.name)'s VpcConfig names security group \(groupId), which is not in the inventory (deleted, or missing from the describe-security-groups export). Lambda cannot create the function's ENIs with a group that does not exist.",
            fix: Shell.line(
                "aws lambda update-function-configuration --function-name \(function.name) --vpc-config \(vpcConfig(subnets: function.subnetIds, groups: function.securityGroupIds.filter { $0 != groupId }))"
            )
        )
    }

    static func functionNotActive(_ function: LambdaFunction, network: Network) -> Blocker {
        let code = function.stateReasonCode ?? ""
        var fix: ShellCommand
        switch code {
        case "SubnetOutOfIPAddresses":
            let full = function.subnetIds.filter { (network.subnets[$0]?.availableIPAddressCount ?? 1) == 0 }
            let fullText: ShellCommand = full.isEmpty ? "the function's subnets" : "\(list: full, separator: ", ")"
            fix =
                "Free addresses in \(fullText) or add subnets with free addresses:\naws lambda update-function-configuration --function-name \(function.name) --vpc-config \(vpcConfig(subnets: function.subnetIds, groups: function.securityGroupIds))  # with other subnets"
        case "InsufficientRolePermissions":
            let role = function.roleArn.map { String($0.split(separator: "/").last ?? "") }
            fix =
                "aws iam attach-role-policy --role-name \(role, else: "<role>") --policy-arn arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole"
        case "EniLimitExceeded":
            fix =
                "Request a higher network-interface quota (aws service-quotas request-service-quota-increase --service-code vpc --quota-code L-DF5E4CA3 --desired-value N), or share subnet/security-group combinations between functions"
        default:
            fix =
                "aws lambda update-function-configuration --function-name \(function.name) --vpc-config \(vpcConfig(subnets: function.subnetIds, groups: function.securityGroupIds))  # with valid subnets and groups"
        }
        return Blocker(
            code: .functionNotActive, component: function.arn,
            message:
                "\(function.name) is \(function.state ?? "not active") with reason \(code): Lambda could not create its network interfaces, so it cannot run in the VPC at all. \(function.stateReason ?? "")",
            fix: fix.text)
    }

    static func dedicatedTenancy(_ vpc: VPC, function: LambdaFunction) -> Blocker {
        Blocker(
            code: .vpcDedicatedTenancy, component: vpc.id,
            message:
                "\(vpc.id) has dedicated instance tenancy. Lambda cannot attach functions to a VPC with dedicated tenancy.",
            fix: Shell.line(
                "aws ec2 modify-vpc-tenancy --vpc-id \(vpc.id) --instance-tenancy default   # or attach \(function.name) to a VPC with default tenancy"
            )
        )
    }

    static func roleMissingENIPermissions(_ role: Role, missing: [String], function: LambdaFunction) -> Blocker {
        Blocker(
            code: .roleMissingENIPermissions, component: role.arn,
            message:
                "\(function.name)'s execution role \(role.name) does not allow \(missing.joined(separator: ", ")). Lambda needs these to create and manage the function's network interfaces in the VPC; without them the function cannot get (or get back) its ENIs.",
            fix: Shell.line(
                "aws iam attach-role-policy --role-name \(role.name) --policy-arn arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole"
            )
        )
    }

    static func roleMissingLogsPermissions(_ role: Role, missing: [String], function: LambdaFunction) -> Blocker {
        Blocker(
            code: .roleMissingLogsPermissions, component: role.arn,
            message:
                "\(function.name)'s log output goes to CloudWatch Logs through the Lambda service (no route is needed), but its execution role \(role.name) does not allow \(missing.joined(separator: ", ")), so nothing is written.",
            fix: Shell.line(
                "aws iam attach-role-policy --role-name \(role.name) --policy-arn arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
            )
        )
    }

    static func notInVPC(_ function: LambdaFunction, target: Target, database: RDSDatabase?, network: Network)
        -> Blocker
    {
        var fix: ShellCommand =
            "aws lambda update-function-configuration --function-name \(function.name) --vpc-config SubnetIds=<private subnets>,SecurityGroupIds=<groups>"
        if let database, let vpc = database.vpcId {
            let subnets = privateSubnetsWithNAT(in: vpc, network: network).map(\.id)
            let candidates =
                subnets.isEmpty
                ? (network.subnetsByVPC[vpc] ?? []).filter { !database.subnetIds.contains($0) } : subnets
            let chosen = Array(candidates.prefix(3))
            let config = vpcConfig(
                subnets: chosen.isEmpty ? "<subnets of \(vpc)>" : "\(list: chosen, separator: ",")",
                groups: "<a group that \(list: database.securityGroupIds, separator: ", ") admits>")
            fix =
                "aws lambda update-function-configuration --function-name \(function.name) --vpc-config \(config)"
        }
        return Blocker(
            code: .lambdaNotInVPC, component: function.arn,
            message:
                "\(function.name) has no VpcConfig: it runs in a network owned by Lambda, which reaches the internet but has no path into your VPCs, so \(target) (a private address) cannot be reached.",
            fix: fix.text)
    }

    // MARK: Security groups

    static func egressMismatch(
        groupId: String, noRules: Bool, context: Solver.Context, remoteLabel: String, remote: AddressSet,
        prefixLists: Set<String>, remoteGroups: Set<String>
    ) -> Blocker {
        let protocolText = context.ipProtocol.description
        let groups = context.function.securityGroupIds.joined(separator: ", ")
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
        let message =
            noRules
            ? "The function's security groups (\(groups)) have no outbound rules at all, so every connection the function opens is dropped, including this one to \(remoteLabel)."
            : "No outbound rule of the function's security groups (\(groups)) allows \(protocolText) port \(context.port) to \(remoteLabel). Security groups are stateful: an outbound rule is all a connection needs, but one is needed."
        return Blocker(
            code: noRules ? .securityGroupHasNoRules : .eniSecurityGroupRulesMismatch, component: groupId,
            message: message,
            fix: Shell.line(
                "aws ec2 authorize-security-group-egress --group-id \(groupId) --ip-permissions \(ipPermissions(context, peer: peer))"
            )
        )
    }

    /// Written only if read: a function is refused by the same group from each of its subnets,
    /// and the audit prints one of those blockers.
    static func ingressMismatch(
        group: SecurityGroup, noRules: Bool, subnet: Subnet, context: Solver.Context, destinationLabel: String
    ) -> Blocker {
        Blocker(code: noRules ? .securityGroupHasNoRules : .eniSecurityGroupRulesMismatch, component: group.id) {
            let crossRegion =
                context.groups.first.map { $0.region != group.region && !group.region.isEmpty } ?? false
            // Prose, not String interpolation: one of these is written for each function that a
            // database refuses, by the thousand in an audit.
            var message: Prose =
                noRules
                ? "\(destinationLabel)'s security group \(group.id) has no inbound rules, so it admits nothing."
                : "No inbound rule of \(destinationLabel)'s security groups admits \(context.ipProtocol) port \(context.port) from the function: neither a reference to one of its groups (\(context.function.securityGroupIds, separator: ", ")) nor a CIDR covering its whole subnet \(subnet.cidr?.description ?? subnet.id) (the function's ENI can have any address of the subnet)."
            if crossRegion {
                message +=
                    " Security-group references do not work across regions (\(context.groups.first?.region ?? "") -> \(group.region)): admit the function's subnet CIDR instead."
            }
            let fix: ShellCommand =
                crossRegion
                ? "aws ec2 authorize-security-group-ingress --group-id \(group.id) --protocol \(context.ipProtocol) --port \(context.port) --cidr \(subnet.cidr, else: "<function subnet CIDR>")"
                : "aws ec2 authorize-security-group-ingress --group-id \(group.id) --protocol \(context.ipProtocol) --port \(context.port) --source-group \(context.function.securityGroupIds.first, else: "<the function's group>")"
            return (message.text, fix.text)
        }
    }

    static func noGroupsListed(_ destination: String, component: String) -> Blocker {
        Blocker(
            code: .securityGroupNotFound, component: component,
            message:
                "The export lists no security group for \(destination). Every RDS database and interface endpoint in a VPC has at least one, so they are missing from the export, and whether it admits the function cannot be checked.",
            fix: Shell.line(
                "# export the destination with its groups again (aws rds describe-db-instances, aws ec2 describe-vpc-endpoints), then lambda-reach import"
            ))
    }

    static func destinationGroupNotFound(_ groupId: String, destination: String) -> Blocker {
        Blocker(
            code: .securityGroupNotFound, component: groupId,
            message:
                "\(destination) is guarded by security group \(groupId), which is not in the inventory, so whether it admits the function cannot be checked.",
            fix: Shell.line(
                "aws ec2 describe-security-groups --group-ids \(groupId) > sg.json && lambda-reach import sg.json"))
    }

    // MARK: Network ACLs

    static func aclRestriction(
        _ acl: NetworkACL, subnet: Subnet, outbound: Bool, remote: AddressSet, remoteLabel: String, ports: PortRange,
        denying: NetworkACLEntry?, context: Solver.Context
    ) -> Blocker {
        let entries = outbound ? acl.outbound : acl.inbound
        let number = freeRuleNumber(before: denying?.ruleNumber, used: Set(entries.map(\.ruleNumber)), entries: entries)
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
            ? "0.0.0.0/0" : (remote.intervals.count == 1 ? Self.cidrText(remote) : "0.0.0.0/0")
        return Blocker(
            code: .subnetACLRestriction, component: acl.id,
            message:
                "Network ACL \(acl.id) of \(subnet.id) blocks \(directionText) \(context.ipProtocol) \(ports) \(outbound ? "to" : "from") \(remoteLabel): \(decider). \(why)",
            fix: Shell.line(
                "aws ec2 create-network-acl-entry --network-acl-id \(acl.id) \(raw: outbound ? "--egress" : "--ingress") --rule-number \(number) --protocol \(context.ipProtocol == .all ? "-1" : context.ipProtocol.description) --port-range From=\(ports.from),To=\(ports.to) --cidr-block \(cidr) --rule-action allow"
            )
        )
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

    static func noRouteTable(_ subnet: Subnet) -> Blocker {
        Blocker(
            code: .noRouteToDestination, component: subnet.id,
            message:
                "No route table is known for \(subnet.id): it has no association and its VPC's main table is not in the inventory.",
            fix: Shell.line(
                "aws ec2 describe-route-tables --filters Name=vpc-id,Values=\(subnet.vpcId) > rt.json && lambda-reach import rt.json"
            )
        )
    }

    static func noRoute(
        table: RouteTable, subnet: Subnet, context: Solver.Context, destinationLabel: String, service: String?,
        network: Network, destinationVPC: String? = nil
    ) -> Blocker {
        let fix: ShellCommand
        var message =
            "Route table \(table.id) (used by \(subnet.id)) has no route for \(destinationLabel), so the traffic is dropped."
        if let service, service == "s3" || service == "dynamodb" {
            let existing = network.endpoints(inVPC: subnet.vpcId).first {
                $0.kind == .gateway && $0.shortServiceName == service
            }
            if let existing {
                message +=
                    " \(existing.id), a \(service) gateway endpoint, exists in \(subnet.vpcId) but is not associated with \(table.id)."
                fix = "aws ec2 modify-vpc-endpoint --vpc-endpoint-id \(existing.id) --add-route-table-ids \(table.id)"
            } else {
                message +=
                    " A gateway endpoint for \(service) is free and adds the route; a NAT gateway would do too, at a cost."
                fix =
                    "aws ec2 create-vpc-endpoint --vpc-id \(subnet.vpcId) --service-name com.amazonaws.\(context.function.region).\(service) --route-table-ids \(table.id)"
            }
        } else if let service,
            let existing = network.endpoints(inVPC: subnet.vpcId).first(where: {
                $0.kind == .interface && $0.shortServiceName == service
            })
        {
            // The endpoint exists: what keeps the SDK from it is DNS, and the fix is to turn
            // that on, never to create the endpoint again.
            let vpc = network.vpcs[subnet.vpcId]
            var dnsFix: [ShellCommand] = []
            if !existing.privateDNSEnabled {
                message +=
                    " \(existing.id), an interface endpoint for \(service), exists in \(subnet.vpcId), but its private DNS is off, so \(service)'s name resolves to the public endpoint, which needs a NAT gateway."
                dnsFix.append("aws ec2 modify-vpc-endpoint --vpc-endpoint-id \(existing.id) --private-dns-enabled")
            } else {
                message +=
                    " \(existing.id), an interface endpoint for \(service), exists in \(subnet.vpcId), but the VPC's DNS attributes are off, so \(service)'s name resolves to the public endpoint, which needs a NAT gateway."
            }
            if vpc?.enableDnsSupport == false {
                dnsFix.append(
                    "aws ec2 modify-vpc-attribute --vpc-id \(subnet.vpcId) --enable-dns-support '{\"Value\":true}'")
            }
            if vpc?.enableDnsHostnames == false {
                dnsFix.append(
                    "aws ec2 modify-vpc-attribute --vpc-id \(subnet.vpcId) --enable-dns-hostnames '{\"Value\":true}'")
            }
            fix =
                dnsFix.joined(separator: "\n") + "\n# or a NAT gateway:\n"
                + natRouteFix(
                    table: table, zone: subnet.availabilityZone, vpcId: subnet.vpcId, network: network, replace: false)
        } else if let service {
            message +=
                " \(service) is a public AWS endpoint: without an interface endpoint for it (with private DNS), the call needs a NAT gateway."
            fix =
                "aws ec2 create-vpc-endpoint --vpc-endpoint-type Interface --vpc-id \(subnet.vpcId) --service-name com.amazonaws.\(context.function.region).\(service) --subnet-ids \(subnet.id) --security-group-ids <a group admitting tcp 443 from \(context.function.securityGroupIds.first, else: "the function")> --private-dns-enabled\n# or a NAT gateway:\n"
                + natRouteFix(
                    table: table, zone: subnet.availabilityZone, vpcId: subnet.vpcId, network: network, replace: false)
        } else if let destinationVPC, destinationVPC != subnet.vpcId {
            let peering = network.peerings(ofVPC: subnet.vpcId).first {
                $0.peer(of: subnet.vpcId)?.vpcId == destinationVPC
            }
            let cidr: ShellCommand = "\(network.vpcs[destinationVPC]?.cidrs.first, else: "<\(destinationVPC) CIDR>")"
            // A transit gateway both VPCs are attached to: the missing piece is the route to it.
            let sharedGateway = network.transitGateways.keys.sorted().first { gateway in
                !network.transitGatewayAttachments(ofVPC: subnet.vpcId, to: gateway).isEmpty
                    && !network.transitGatewayAttachments(ofVPC: destinationVPC, to: gateway).isEmpty
            }
            if peering == nil, let gateway = sharedGateway {
                message +=
                    " \(destinationLabel) is in \(destinationVPC), which is attached, like \(subnet.vpcId), to transit gateway \(gateway), but no route sends its CIDR there."
                fix =
                    "aws ec2 create-route --route-table-id \(table.id) --destination-cidr-block \(cidr) --transit-gateway-id \(gateway)"
            } else if let peering {
                message +=
                    " \(destinationLabel) is in \(destinationVPC), peered through \(peering.id), but no route sends its CIDR there."
                fix =
                    "aws ec2 create-route --route-table-id \(table.id) --destination-cidr-block \(cidr) --vpc-peering-connection-id \(peering.id)"
            } else {
                message +=
                    " \(destinationLabel) is in another VPC (\(destinationVPC)) and no peering connection joins the two."
                fix =
                    "pcx=$(aws ec2 create-vpc-peering-connection --vpc-id \(subnet.vpcId) --peer-vpc-id \(destinationVPC) --query VpcPeeringConnection.VpcPeeringConnectionId --output text)\naws ec2 accept-vpc-peering-connection --vpc-peering-connection-id \"$pcx\"   # as \(destinationVPC)'s owner; then route both ways:\naws ec2 create-route --route-table-id \(table.id) --destination-cidr-block \(cidr) --vpc-peering-connection-id \"$pcx\""
            }
        } else {
            fix = natRouteFix(
                table: table, zone: subnet.availabilityZone, vpcId: subnet.vpcId, network: network, replace: false)
            if destinationLabel == "internet" {
                message +=
                    " A function in a VPC reaches the internet only through a NAT gateway: the subnet's route table must send 0.0.0.0/0 to one."
            }
        }
        return Blocker(code: .noRouteToDestination, component: table.id, message: message, fix: fix.text)
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

    static func blackhole(table: RouteTable, route: Route, context: Solver.Context, network: Network, subnet: Subnet)
        -> Blocker
    {
        var fix: ShellCommand = "aws ec2 delete-route --route-table-id \(table.id) \(destinationArgument(route))"
        if let broader = broaderRoute(than: route, in: table) {
            // A narrower blackhole under a working route: deleting it is the whole fix, and the
            // broader route, which works for everything else, stays as it is.
            fix += "   # its traffic then follows \(note: broader.summary)"
        } else if route.targetKind == .nat || route.targetKind == .unknown || route.targetKind == .igw {
            fix = natRouteFix(
                table: table, zone: subnet.availabilityZone, vpcId: subnet.vpcId, network: network, replace: true,
                destination: cidrArgument(route) ?? "0.0.0.0/0")
        }
        return Blocker(
            code: .badStateRoute, component: table.id,
            message:
                "Route \(route.summary) in \(table.id) is a blackhole: its target \(route.targetId ?? "") no longer exists or is not usable (a deleted NAT gateway, a detached gateway, an inactive peering), so matching traffic is dropped.",
            fix: fix.text)
    }

    static func missingTarget(
        table: RouteTable, route: Route, context: Solver.Context, network: Network, subnet: Subnet
    ) -> Blocker {
        blackhole(table: table, route: route, context: context, network: network, subnet: subnet).reworded(
            message:
                "Route \(route.summary) in \(table.id) points at \(route.targetId ?? "a target") that is not in the inventory: it was deleted (the route is then a blackhole), or its describe call was not exported."
        )
    }

    static func notAnalyzed(route: Route, table: RouteTable, source: String?, context: Solver.Context) -> Blocker {
        let target = route.targetId ?? route.targetKind.rawValue
        return Blocker(
            code: .routeTargetNotAnalyzed, component: target,
            message:
                "Route \(route.summary) in \(table.id) sends the traffic to \(target) (\(targetKindName(route.targetKind))), beyond what lambda-reach models (VPN gateways, appliances, local and carrier gateways): the rest of the path cannot be confirmed from this inventory.",
            fix: beyondFix(target: route.targetId, kind: route.targetKind, source: source, context: context).text)
    }

    /// How to check a path beyond what lambda-reach follows: VPC Reachability Analyzer from the
    /// function's own network interface (when the inventory has it) to the component, with the
    /// real IDs; else what to look at, since a command with placeholders is no fix.
    static func beyondFix(target: String?, kind: RouteTargetKind, source: String?, context: Solver.Context)
        -> ShellCommand
    {
        var lines: [ShellCommand] = []
        if let source, let target, kind == .vgw || kind == .eni || kind == .instance || kind == .tgw {
            var path: ShellCommand =
                "aws ec2 create-network-insights-path --source \(source) --destination \(target) --protocol \(raw: context.ipProtocol == .udp ? "udp" : "tcp") --destination-port \(context.port)"
            if case .address(let address, _) = context.target { path += " --destination-ip \(address)" }
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

    static func igwDetached(_ gateway: InternetGateway, vpcId: String) -> Blocker {
        Blocker(
            code: .unassociatedComponent, component: gateway.id,
            message:
                "The route points at internet gateway \(gateway.id), which is not attached to \(vpcId); traffic sent to it is dropped.",
            fix: Shell.line("aws ec2 attach-internet-gateway --internet-gateway-id \(gateway.id) --vpc-id \(vpcId)"))
    }

    static func publicSubnetTrap(_ gateway: InternetGateway, subnet: Subnet, context: Solver.Context, network: Network)
        -> Blocker
    {
        let privateSubnets = privateSubnetsWithNAT(in: subnet.vpcId, network: network).map(\.id)
        let fix: ShellCommand
        if privateSubnets.isEmpty {
            fix =
                "# Create private subnets whose route table sends 0.0.0.0/0 to a NAT gateway in this public subnet, then move the function there:\nalloc=$(aws ec2 allocate-address --domain vpc --query AllocationId --output text)\naws ec2 create-nat-gateway --subnet-id \(subnet.id) --allocation-id \"$alloc\"\naws lambda update-function-configuration --function-name \(context.function.name) --vpc-config SubnetIds=<private subnets>,SecurityGroupIds=\(list: context.function.securityGroupIds, separator: ",")"
        } else {
            fix =
                "aws lambda update-function-configuration --function-name \(context.function.name) --vpc-config \(vpcConfig(subnets: privateSubnets, groups: context.function.securityGroupIds))"
        }
        return Blocker(
            code: .igwPublicIPAssociationForEgress, component: gateway.id,
            message:
                "\(subnet.id) is a public subnet (its route table sends the traffic to internet gateway \(gateway.id)), but a Lambda function's network interface never has a public IP address, not even in a public subnet, and an internet gateway drops traffic from private addresses. A function reaches the internet only from a private subnet whose route table points at a NAT gateway.",
            fix: fix.text)
    }

    static func natNotAvailable(
        _ nat: NATGateway, context: Solver.Context, network: Network, subnet: Subnet, route: Route? = nil
    ) -> Blocker {
        let table = network.routeTable(forSubnet: subnet.id)
        let destination = route.flatMap(cidrArgument) ?? "0.0.0.0/0"
        let others = usableNATs(in: nat.vpcId, zone: subnet.availabilityZone, network: network).filter {
            $0.id != nat.id
        }
        var fix: ShellCommand = "aws ec2 describe-nat-gateways --nat-gateway-ids \(nat.id)   # see FailureMessage"
        if let table {
            fix +=
                "\n"
                + (others.isEmpty
                    ? natRouteFix(
                        table: table, zone: subnet.availabilityZone, vpcId: nat.vpcId, network: network, replace: true,
                        destination: destination)
                    : "aws ec2 replace-route --route-table-id \(table.id) --destination-cidr-block \(destination) --nat-gateway-id \(others[0].id)")
        }
        return Blocker(
            code: .badState, component: nat.id,
            message: "NAT gateway \(nat.id) is in state '\(nat.state)', not 'available': it forwards nothing.",
            fix: fix.text)
    }

    static func privateNAT(
        _ nat: NATGateway, context: Solver.Context, network: Network, subnet: Subnet, route: Route? = nil
    ) -> Blocker {
        let destination = route.flatMap(cidrArgument) ?? "0.0.0.0/0"
        var fix: ShellCommand = "Route \(destination) to a public NAT gateway instead:"
        if let table = network.routeTable(forSubnet: subnet.id) {
            fix +=
                "\n"
                + natRouteFix(
                    table: table, zone: subnet.availabilityZone, vpcId: nat.vpcId, network: network, replace: true,
                    destination: destination)
        }
        return Blocker(
            code: .natGatewayPrivateConnectivity, component: nat.id,
            message:
                "\(nat.id) is a private NAT gateway (ConnectivityType private): it translates addresses for other private networks but never reaches the internet, even with an internet gateway in the VPC.",
            fix: fix.text)
    }

    static func natSubnetNoRoute(table: RouteTable, nat: NATGateway, natSubnet: Subnet, network: Network) -> Blocker {
        let igw = attachedIGW(natSubnet.vpcId, network: network)
        let fix: ShellCommand =
            igw.map {
                "aws ec2 create-route --route-table-id \(table.id) --destination-cidr-block 0.0.0.0/0 --gateway-id \($0.id)"
            }
            ?? "igw=$(aws ec2 create-internet-gateway --query InternetGateway.InternetGatewayId --output text)\naws ec2 attach-internet-gateway --internet-gateway-id \"$igw\" --vpc-id \(natSubnet.vpcId)\naws ec2 create-route --route-table-id \(table.id) --destination-cidr-block 0.0.0.0/0 --gateway-id \"$igw\""
        return Blocker(
            code: .noRouteToDestination, component: table.id,
            message:
                "NAT gateway \(nat.id) sits in \(natSubnet.id), whose route table \(table.id) has no route to an internet gateway. A public NAT gateway must be in a public subnet: its own traffic follows its subnet's route table.",
            fix: fix.text)
    }

    static func endpointNotAvailable(_ endpoint: VPCEndpoint) -> Blocker {
        Blocker(
            code: .badState, component: endpoint.id,
            message:
                "VPC endpoint \(endpoint.id) (\(endpoint.serviceName)) is in state '\(endpoint.state)', not 'available'.",
            fix: Shell.line(
                endpoint.state == "pendingacceptance" || endpoint.state == "pending-acceptance"
                    ? "The endpoint service owner must accept it: aws ec2 accept-vpc-endpoint-connections --service-id <service> --vpc-endpoint-ids \(endpoint.id)"
                    : "aws ec2 describe-vpc-endpoints --vpc-endpoint-ids \(endpoint.id)   # then recreate it if it failed"
            ))
    }

    static func endpointPolicyDenies(_ endpoint: VPCEndpoint) -> Blocker {
        Blocker(
            code: .endpointPolicyDenies, component: endpoint.id,
            message:
                "The policy of VPC endpoint \(endpoint.id) does not allow calls to \(endpoint.shortServiceName): the network path exists, but every request through the endpoint is refused (HTTP 403).",
            fix: Shell.line(
                "aws ec2 modify-vpc-endpoint --vpc-endpoint-id \(endpoint.id) --reset-policy   # or a policy that allows the calls the function makes"
            )
        )
    }

    static func noRouteVia(endpoint: VPCEndpoint, service: String) -> Blocker {
        Blocker(
            code: .noRouteToDestination, component: endpoint.id,
            message:
                "The route sends the traffic to \(endpoint.id), a gateway endpoint for \(endpoint.shortServiceName), which does not serve \(service).",
            fix: Shell.line(
                "Route \(service) separately (a gateway or interface endpoint for \(service), or a NAT gateway)."))
    }

    static func vpcDNSDisabled(_ vpc: VPC, endpoint: VPCEndpoint) -> Blocker {
        var off: [String] = []
        if vpc.enableDnsSupport == false { off.append("enableDnsSupport") }
        if vpc.enableDnsHostnames == false { off.append("enableDnsHostnames") }
        return Blocker(
            code: .vpcDNSAttributesDisabled, component: vpc.id,
            message:
                "\(endpoint.id) has private DNS on, but \(vpc.id) has \(off.joined(separator: " and ")) off, so \(endpoint.shortServiceName)'s normal name does not resolve to the endpoint: the SDK goes to the public endpoint, which this subnet cannot reach.",
            fix: off.map { name -> ShellCommand in
                "aws ec2 modify-vpc-attribute --vpc-id \(vpc.id) --\(raw: name == "enableDnsSupport" ? "enable-dns-support" : "enable-dns-hostnames") '{\"Value\":true}'"
            }.joined(separator: "\n").text)
    }

    static func privateDNSDisabled(_ endpoint: VPCEndpoint, service: String) -> Blocker {
        Blocker(
            code: .endpointPrivateDNSDisabled, component: endpoint.id,
            message:
                "\(endpoint.id) is an interface endpoint for \(service), but its private DNS is off: the SDK resolves \(service)'s public name and never uses the endpoint (unless the code is given the endpoint's own DNS name).",
            fix: Shell.line("aws ec2 modify-vpc-endpoint --vpc-endpoint-id \(endpoint.id) --private-dns-enabled"))
    }

    static func endpointWithoutSubnets(_ endpoint: VPCEndpoint) -> Blocker {
        Blocker(
            code: .unknownDestination, component: endpoint.id,
            message:
                "Interface endpoint \(endpoint.id) has no subnet in the inventory, so its network interfaces cannot be located.",
            fix: Shell.line(
                "aws ec2 modify-vpc-endpoint --vpc-endpoint-id \(endpoint.id) --add-subnet-ids <a subnet per AZ of the function>"
            )
        )
    }

    static func unknownDestination(_ label: String, subnet: Subnet?) -> Blocker {
        Blocker(
            code: .unknownDestination, component: label,
            message:
                "\(label) is not in any subnet of the inventory, so no path to it can be followed\(subnet.map { " from \($0.id)" } ?? "").",
            fix:
                "Export the subnets (and databases) of the destination's VPC: aws ec2 describe-subnets, aws rds describe-db-instances, then lambda-reach import"
        )
    }

    // MARK: Peering

    static func peeringNotActive(_ peering: PeeringConnection) -> Blocker {
        Blocker(
            code: .badState, component: peering.id,
            message: "Peering connection \(peering.id) is '\(peering.status)', not 'active': no traffic crosses it.",
            fix: Shell.line(
                peering.status == "pending-acceptance"
                    ? "aws ec2 accept-vpc-peering-connection --vpc-peering-connection-id \(peering.id)   # as the owner of \(peering.accepter.vpcId)"
                    : "aws ec2 describe-vpc-peering-connections --vpc-peering-connection-ids \(peering.id)   # recreate it if it failed or expired"
            )
        )
    }

    static func peeringNotTransitive(
        _ peering: PeeringConnection, subnet: Subnet, destinationLabel: String, context: Solver.Context,
        network: Network, route: Route? = nil
    ) -> Blocker {
        let peerVPC = peering.peer(of: subnet.vpcId)?.vpcId ?? "the peer VPC"
        var fix: ShellCommand = "Send the traffic to a NAT gateway (or endpoint) in \(subnet.vpcId) instead:"
        if let table = network.routeTable(forSubnet: subnet.id) {
            fix +=
                "\n"
                + natRouteFix(
                    table: table, zone: subnet.availabilityZone, vpcId: subnet.vpcId, network: network, replace: true,
                    destination: route.flatMap(cidrArgument) ?? "0.0.0.0/0")
        }
        return Blocker(
            code: .peeringRequiresAddressInVPCCIDR, component: peering.id,
            message:
                "Traffic for \(destinationLabel) is routed into peering connection \(peering.id), but a peering connection only carries traffic to addresses inside \(peerVPC)'s CIDRs: peering is not transitive, so \(peerVPC)'s internet gateway, NAT gateways and gateway endpoints cannot be used from \(subnet.vpcId).",
            fix: fix.text)
    }

    static func noReturnRoute(table: RouteTable, destinationSubnet: Subnet, source: Subnet, peering: PeeringConnection)
        -> Blocker
    {
        let cidr = source.cidr?.description ?? "<\(source.id) CIDR>"
        return Blocker(
            code: .noRouteToDestination, component: table.id,
            message:
                "The replies cannot come back: route table \(table.id) of \(destinationSubnet.id) (in \(destinationSubnet.vpcId)) has no route for \(cidr) through \(peering.id). A peering connection needs routes on both sides.",
            fix: Shell.line(
                "aws ec2 create-route --route-table-id \(table.id) --destination-cidr-block \(source.cidr, else: "<\(source.id) CIDR>") --vpc-peering-connection-id \(peering.id)"
            )
        )
    }
}
