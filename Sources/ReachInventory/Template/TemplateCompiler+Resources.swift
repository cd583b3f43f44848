import Foundation
import ReachCore

extension TemplateCompiler {
    // MARK: Routes

    mutating func compileRoute(_ logicalID: String, _ node: TemplateNode, _ p: Resolved, _ c: inout StackContext) throws
    {
        let stack = c.stack
        guard let table = Self.id(p["RouteTableId"]) else {
            throw stack.error(node, "AWS::EC2::Route \(logicalID) needs RouteTableId")
        }
        let targets: [(String, RouteTargetKind?)] = [
            ("GatewayId", nil), ("NatGatewayId", .nat), ("EgressOnlyInternetGatewayId", .eigw),
            ("VpcPeeringConnectionId", .pcx), ("TransitGatewayId", .tgw), ("NetworkInterfaceId", .eni),
            ("InstanceId", .instance), ("VpcEndpointId", .vpce), ("CarrierGatewayId", .carrier),
            ("LocalGatewayId", .lgw), ("CoreNetworkArn", .coreNetwork),
        ]
        let given = targets.compactMap { key, kind in Self.id(p[key]).map { (key, $0, kind) } }
        guard given.count == 1, let (key, target, fixedKind) = given.first else {
            throw stack.error(
                node,
                "AWS::EC2::Route \(logicalID) needs exactly one target (GatewayId, NatGatewayId, TransitGatewayId, ...), found \(given.isEmpty ? "none" : given.map(\.0).joined(separator: ", "))"
            )
        }
        var kind = fixedKind ?? .unknown
        if key == "GatewayId" {
            switch c.typeOfID[target] ?? set.type(ofPlanned: target) {
            case "AWS::EC2::InternetGateway"?: kind = .igw
            case "AWS::EC2::VPNGateway"?: kind = .vgw
            case "AWS::EC2::VPCEndpoint"?: kind = .vpce
            // CreateRoute accepts a NAT gateway's ID in GatewayId too, and makes a NAT route.
            case "AWS::EC2::NatGateway"?: kind = .nat
            default:
                kind =
                    target.hasPrefix("igw-")
                    ? .igw
                    : target.hasPrefix("vgw-")
                        ? .vgw
                        : target.hasPrefix("vpce-")
                            ? .vpce
                            : target.hasPrefix("nat-") ? .nat : target == "local" ? .local : .unknown
            }
        }
        let destination4 = p["DestinationCidrBlock"]?.textOrUnknown
        let destination6 = p["DestinationIpv6CidrBlock"]?.textOrUnknown
        let prefixList = try Self.prefixListID(p["DestinationPrefixListId"], stack: stack)
        guard [destination4, destination6, prefixList].compactMap({ $0 }).count == 1 else {
            throw stack.error(
                node,
                "AWS::EC2::Route \(logicalID) needs one destination: DestinationCidrBlock, DestinationIpv6CidrBlock or DestinationPrefixListId"
            )
        }
        if let destination4, IPv4Block(destination4) == nil {
            out.notes.append(
                "\(logicalID) (\(stack.file):\(node.line)): the route's destination is \(destination4), not a CIDR block; the route is left out."
            )
            return
        }
        out.add(
            .routes(
                routeTableId: table.sql, ordinal: c.nextRouteOrdinal(table).sql, destinationCidr: destination4.sql,
                destinationIpv6Cidr: destination6.sql, destinationPrefixListId: prefixList.sql,
                targetKind: kind.rawValue.sql, targetId: target.sql, state: "active".sql, origin: "CreateRoute".sql),
            c.scope)
        let id = stack.plannedIDs[logicalID]!
        out.components[id] = PlannedComponent(
            id: id, logicalId: logicalID, type: "AWS::EC2::Route", template: stack.file, line: node.line)
    }

    // MARK: VPC CIDR blocks

    /// AWS::EC2::VPCCidrBlock: another IPv4 block, or the VPC's IPv6 block (`Ipv6CidrBlock`
    /// from a BYOIP `Ipv6Pool`, `AmazonProvidedIpv6CidrBlock`, or an IPAM pool's
    /// `Ipv6IpamPoolId`), the only way a template gives a VPC IPv6. A block whose range AWS
    /// picks at deploy is a named unknown, and still makes the VPC dual-stack: AWS then adds
    /// the IPv6 rules of the VPC's defaults (rule 101 allowing `::/0` both ways in the default
    /// network ACL, `::/0` egress in the default security group) and gives each group it
    /// creates afterwards without egress rules an allow-all `::/0` egress rule.
    mutating func compileVPCCidrBlock(
        _ logicalID: String, _ id: String, _ node: TemplateNode, _ p: Resolved, _ c: inout StackContext
    ) throws {
        let stack = c.stack
        guard let vpc = Self.id(p["VpcId"]) else {
            throw stack.error(node, "AWS::EC2::VPCCidrBlock \(logicalID) needs VpcId")
        }
        let ipv6: String?
        if let block = p["Ipv6CidrBlock"]?.textOrUnknown {
            ipv6 = block
        } else if p["AmazonProvidedIpv6CidrBlock"]?.bool == true {
            ipv6 = "unresolved: the Amazon-provided IPv6 block of \(logicalID), known after deploy"
        } else if let pool = p["Ipv6IpamPoolId"]?.textOrUnknown ?? p["Ipv6Pool"]?.textOrUnknown {
            ipv6 = "unresolved: the IPv6 block \(logicalID) takes from \(pool), known after deploy"
        } else {
            ipv6 = nil
        }
        let ipv4 = ipv6 == nil ? (p["CidrBlock"]?.textOrUnknown ?? p["Ipv4IpamPoolId"]?.textOrUnknown) : nil
        guard ipv6 != nil || ipv4 != nil else {
            throw stack.error(
                node,
                "AWS::EC2::VPCCidrBlock \(logicalID) needs one of CidrBlock, Ipv4IpamPoolId, AmazonProvidedIpv6CidrBlock, Ipv6CidrBlock, Ipv6IpamPoolId and Ipv6Pool"
            )
        }
        // A live VPC compiled from no template keeps its own blocks; one it already has is not
        // added twice.
        let isLive = c.plannedVPCs[vpc] == nil
        let tables = c.routeTableVPC.filter { $0.value == vpc }.keys.sorted()
        if let ipv6 {
            let alreadyIPv6 = isLive && set.facts.ipv6VPCs.contains(vpc)
            if !alreadyIPv6 {
                out.add(
                    .vpcCidrBlocks(vpcId: vpc.sql, cidr: ipv6.sql, family: "ipv6".sql, state: "associated".sql),
                    c.scope)
            }
            let firstBlock = (c.vpcIPv6Blocks[vpc] ?? []).isEmpty && !set.facts.ipv6VPCs.contains(vpc)
            c.vpcIPv6Blocks[vpc, default: []].append((block: ipv6, logicalID: logicalID))
            if IPv6CIDR(ipv6) != nil {
                for table in tables {
                    out.add(Self.localRoute6(table: table, cidr: ipv6, ordinal: c.nextRouteOrdinal(table)), c.scope)
                }
            }
            if firstBlock, let defaults = c.vpcDefaults[vpc] {
                // The default group's `::/0` egress rule, "added by default if you create a VPC
                // with an IPv6 CIDR block or if you associate an IPv6 CIDR block with your
                // existing VPC" (Amazon VPC User Guide, default security groups).
                var egress = SecurityGroupRuleValue(
                    groupId: defaults.group, isEgress: true, ruleId: nil, ipProtocol: "-1", fromPort: nil, toPort: nil)
                egress.cidrIPv6 = "::/0"
                egress.description = "AWS default: allow all outbound IPv6 (the VPC has an IPv6 block)"
                out.add(egress.row(ordinal: c.nextRuleOrdinal(defaults.group, egress: true)), c.scope)
                c.defaultACLsWithIPv6.append(defaults.acl)
            } else if firstBlock, isLive {
                out.notes.append(
                    "\(logicalID) (\(stack.file):\(node.line)) gives the live VPC \(vpc) IPv6: the IPv6 rules AWS adds to its default network ACL and security group are not modelled; only their exported rules apply."
                )
            }
        } else if let ipv4 {
            if IPv4Block(ipv4) != nil {
                out.add(
                    .vpcCidrBlocks(vpcId: vpc.sql, cidr: ipv4.sql, family: "ipv4".sql, state: "associated".sql),
                    c.scope)
                c.vpcCidrs[vpc] = c.cidrs(ofVPC: vpc) + [ipv4]
                for table in tables {
                    out.add(Self.localRoute(table: table, cidr: ipv4, ordinal: c.nextRouteOrdinal(table)), c.scope)
                }
                if isLive {
                    out.notes.append(
                        "\(logicalID) (\(stack.file):\(node.line)) adds \(ipv4) to the live VPC \(vpc): the local route AWS adds to its live route tables is not modelled."
                    )
                }
            } else {
                out.notes.append(
                    "\(logicalID) (\(stack.file):\(node.line)): the VPC's additional IPv4 block is \(ipv4); its local route and addresses are unknown."
                )
            }
        }
        out.kinds[c.scope, default: []].insert(.vpcs)
        out.components[id] = PlannedComponent(
            id: id, logicalId: logicalID, type: "AWS::EC2::VPCCidrBlock", template: stack.file, line: node.line)
    }

    // MARK: Endpoints

    mutating func compileEndpoint(
        _ logicalID: String, _ id: String, _ node: TemplateNode, _ p: Resolved, _ c: inout StackContext
    )
        throws
    {
        let stack = c.stack
        guard let vpc = Self.id(p["VpcId"]), let service = p["ServiceName"]?.textOrUnknown else {
            throw stack.error(node, "AWS::EC2::VPCEndpoint \(logicalID) needs VpcId and ServiceName")
        }
        let type = (p["VpcEndpointType"]?.text ?? "Gateway")
        if stack.deployed[logicalID] != nil { replaceRows(of: "AWS::EC2::VPCEndpoint", id) }
        let policy = p["PolicyDocument"].map { $0.text ?? $0.json }
        // PrivateDnsEnabled defaults to false in CloudFormation (the console and CLI turn it on
        // for AWS services' interface endpoints; a template must say so).
        let privateDNS = type == "Interface" ? (p["PrivateDnsEnabled"]?.bool ?? false) : nil
        // DnsOptions.PrivateDnsOnlyForInboundResolverEndpoint: OnlyInboundResolver | AllResolvers | NotSpecified.
        let inboundOnly = p["DnsOptions"]?["PrivateDnsOnlyForInboundResolverEndpoint"]?.text.map {
            $0 == "OnlyInboundResolver"
        }
        out.add(
            .vpcEndpoints(
                vpcEndpointId: id.sql, vpcId: vpc.sql, endpointType: type.sql, serviceName: service.sql,
                state: "available".sql, privateDnsEnabled: privateDNS.sql,
                privateDnsOnlyForInboundResolverEndpoint: inboundOnly.sql, policyDocument: policy.sql), c.scope)
        for table in Self.ids(p["RouteTableIds"]) {
            out.add(.vpcEndpointRouteTables(vpcEndpointId: id.sql, routeTableId: table.sql), c.scope)
            guard type == "Gateway" else { continue }
            // AWS adds a route to each table: the service's prefix list to the endpoint.
            let list =
                set.facts.prefixListByName["\(stack.account)/\(stack.region)/\(service)"] ?? "\(service) prefix list"
            out.add(
                .routes(
                    routeTableId: table.sql, ordinal: c.nextRouteOrdinal(table).sql, destinationPrefixListId: list.sql,
                    targetKind: RouteTargetKind.vpce.rawValue.sql, targetId: id.sql, state: "active".sql,
                    origin: "CreateRoute".sql), c.scope)
        }
        for subnet in Self.ids(p["SubnetIds"]) {
            out.add(.vpcEndpointSubnets(vpcEndpointId: id.sql, subnetId: subnet.sql), c.scope)
        }
        var groups = Self.ids(p["SecurityGroupIds"])
        if type == "Interface" && groups.isEmpty {
            // "If you do not specify a security group, we use the default security group for the VPC."
            if let planned = c.plannedVPCs[vpc] {
                groups = [set.defaultID(ofVPC: planned, stack: stack, .securityGroup)]
            } else if let live = set.facts.defaults[vpc]?[.securityGroup] {
                groups = [live]
            }
        }
        for group in groups {
            out.add(.vpcEndpointSecurityGroups(vpcEndpointId: id.sql, groupId: group.sql), c.scope)
        }
        out.kinds[c.scope, default: []].insert(.vpcEndpoints)
        out.components[id] = PlannedComponent(
            id: id, logicalId: logicalID, type: "AWS::EC2::VPCEndpoint", template: stack.file, line: node.line,
            note: type == "Interface" && p["PrivateDnsEnabled"] == nil
                ? "PrivateDnsEnabled is not set: CloudFormation's default is false" : nil)
    }

    // MARK: Security groups

    mutating func compileSecurityGroup(
        _ logicalID: String, _ id: String, _ node: TemplateNode, _ p: Resolved, _ c: inout StackContext
    ) throws {
        let stack = c.stack
        // Without VpcId, EC2 creates the group in the region's default VPC.
        let vpc =
            Self.id(p["VpcId"]) ?? set.facts.defaultVPC["\(stack.account)/\(stack.region)"]
            ?? "unresolved: the default VPC of \(stack.region) (not in the inventory)"
        if stack.deployed[logicalID] != nil { replaceRows(of: "AWS::EC2::SecurityGroup", id) }
        c.typeOfID[id] = "AWS::EC2::SecurityGroup"
        out.add(
            .securityGroups(
                groupId: id.sql, vpcId: vpc.sql, groupName: (p["GroupName"]?.text ?? logicalID).sql,
                description: p["GroupDescription"]?.text.sql ?? .null, ownerId: stack.account.sql), c.scope)
        for (key, egress) in [("SecurityGroupIngress", false), ("SecurityGroupEgress", true)] {
            for rule in p[key]?.list ?? [] {
                for value in try Self.rules(rule, groupId: id, egress: egress, stack: stack, node: node) {
                    out.add(value.row(ordinal: c.nextRuleOrdinal(id, egress: egress)), c.scope)
                }
            }
        }
        var location = node.line
        // An empty SecurityGroupEgress gives no egress rule, so AWS adds its allow-all one as it
        // does without the property (which is why the CDK writes a rule that matches nothing to
        // close a group's egress).
        let egressRules = p["SecurityGroupEgress"].flatMap { ($0.list?.isEmpty ?? false) ? nil : $0 }
        if let egress = egressRules {
            location = egress.line
        } else {
            c.groupsWithDefaultEgress[id] = (node.line, vpc)
        }
        out.kinds[c.scope, default: []].insert(.securityGroups)
        out.components[id] = PlannedComponent(
            id: id, logicalId: logicalID, type: "AWS::EC2::SecurityGroup", template: stack.file, line: location,
            note: egressRules == nil
                ? "no SecurityGroupEgress rule: AWS adds an allow-all outbound rule" : nil)
    }

    /// A prefix list property's value (`DestinationPrefixListId`, `SourcePrefixListId`). EC2
    /// takes a prefix list's ID (`pl-...`): an AWS-managed list's name
    /// (`com.amazonaws.us-east-1.s3`) in its place is refused as malformed and the stack fails,
    /// so it is an error at its line, not a rule or route that matches nothing.
    static func prefixListID(_ value: Resolved?, stack: TemplateStack) throws -> String? {
        guard let value, let text = value.textOrUnknown else { return nil }
        if value.text != nil, text.hasPrefix("com.amazonaws.") || text.hasPrefix("com.amazon.") {
            throw stack.error(
                line: value.line, path: value.path,
                "\(text) is a prefix list's name, and EC2 wants its ID (pl-...): CloudFormation would fail to create the resource. Write the ID of the region's list, which aws ec2 describe-managed-prefix-lists --filters Name=prefix-list-name,Values=\(text) prints"
            )
        }
        return text
    }

    /// A rule's protocol as the inventory keeps it (as describe-security-groups prints it): `-1`
    /// for all, the name of tcp, udp, icmp and icmpv6, else the number. Templates and plans
    /// write numbers and `all` too.
    static func protocolName(_ text: String) -> String {
        switch text.lowercased() {
        case "-1", "all": return "-1"
        case "6": return "tcp"
        case "17": return "udp"
        case "1": return "icmp"
        case "58": return "icmpv6"
        default: return text.lowercased()
        }
    }

    /// One rule of a group (an element of SecurityGroupIngress/Egress, or a standalone
    /// AWS::EC2::SecurityGroupIngress/Egress) in the inventory's form.
    static func rules(_ r: Resolved, groupId: String, egress: Bool, stack: TemplateStack, node: TemplateNode) throws
        -> [SecurityGroupRuleValue]
    {
        guard let protocolText = r["IpProtocol"]?.text?.lowercased() else {
            throw stack.error(line: r.line, path: r.path, "a security group rule needs IpProtocol")
        }
        let ipProtocol = Self.protocolName(protocolText)
        var from = r["FromPort"]?.int
        var to = r["ToPort"]?.int
        if ipProtocol == "-1" || ((ipProtocol == "tcp" || ipProtocol == "udp") && from == -1 && to == -1) {
            if ipProtocol == "-1" || from == -1 {
                from = nil
                to = nil
            }
        }
        if (ipProtocol == "tcp" || ipProtocol == "udp") && from != nil && to == nil { to = from }
        if ipProtocol == "tcp" || ipProtocol == "udp", from == nil {
            // EC2 refuses a tcp/udp rule without ports; CloudFormation fails the stack.
            throw stack.error(line: r.line, path: r.path, "a \(ipProtocol) rule needs FromPort and ToPort")
        }
        var rule = SecurityGroupRuleValue(
            groupId: groupId, isEgress: egress, ruleId: nil, ipProtocol: ipProtocol, fromPort: from, toPort: to)
        rule.description = r["Description"]?.text
        let peerKey = egress ? "DestinationSecurityGroupId" : "SourceSecurityGroupId"
        let prefixKey = egress ? "DestinationPrefixListId" : "SourcePrefixListId"
        if let cidr = r["CidrIp"]?.textOrUnknown {
            rule.cidrIPv4 = cidr
        } else if let cidr = r["CidrIpv6"]?.textOrUnknown {
            rule.cidrIPv6 = cidr
        } else if let group = r[peerKey]?.textOrUnknown {
            rule.referencedGroupId = group
            rule.referencedUserId = r["SourceSecurityGroupOwnerId"]?.text ?? stack.account
        } else if let list = try Self.prefixListID(r[prefixKey], stack: stack) {
            rule.prefixListId = list
        } else if let name = r["SourceSecurityGroupName"]?.textOrUnknown {
            rule.referencedGroupId = name
        } else {
            // "If you do not specify one of these parameters, the stack will launch successfully
            // but the rule will not be added to the security group."
            return []
        }
        return [rule]
    }

    // MARK: Network ACL entries

    mutating func compileACLEntry(
        _ logicalID: String, _ id: String, _ node: TemplateNode, _ p: Resolved, _ c: inout StackContext
    )
        throws
    {
        let stack = c.stack
        guard let acl = Self.id(p["NetworkAclId"]), let number = p["RuleNumber"]?.int,
            let protocolNumber = p["Protocol"]?.int, let action = p["RuleAction"]?.text?.lowercased()
        else {
            throw stack.error(
                node, "AWS::EC2::NetworkAclEntry \(logicalID) needs NetworkAclId, RuleNumber, Protocol and RuleAction")
        }
        guard (1...32766).contains(number) else {
            throw stack.error(
                node, "AWS::EC2::NetworkAclEntry \(logicalID): RuleNumber must be 1 to 32766, found \(number)")
        }
        guard action == "allow" || action == "deny" else {
            throw stack.error(node, "AWS::EC2::NetworkAclEntry \(logicalID): RuleAction must be allow or deny")
        }
        let cidr = p["CidrBlock"]?.textOrUnknown
        let ipv6 = p["Ipv6CidrBlock"]?.textOrUnknown
        guard (cidr == nil) != (ipv6 == nil) else {
            throw stack.error(node, "AWS::EC2::NetworkAclEntry \(logicalID) needs one of CidrBlock and Ipv6CidrBlock")
        }
        var from: Int?
        var to: Int?
        if protocolNumber == 6 || protocolNumber == 17 {
            guard let range = p["PortRange"], let f = range["From"]?.int, let t = range["To"]?.int else {
                throw stack.error(
                    node, "AWS::EC2::NetworkAclEntry \(logicalID): a tcp or udp entry needs PortRange From and To")
            }
            (from, to) = (f, t)
        }
        let icmp = protocolNumber == 1 || protocolNumber == 58 ? p["Icmp"] : nil
        out.add(
            .networkAclEntries(
                networkAclId: acl.sql, isEgress: (p["Egress"]?.bool ?? false).sql, ruleNumber: number.sql,
                protocol: String(protocolNumber).sql, ruleAction: action.sql, cidrBlock: cidr.sql,
                ipv6CidrBlock: ipv6.sql,
                portFrom: from.sql, portTo: to.sql, icmpType: icmp?["Type"]?.int.sql ?? .null,
                icmpCode: icmp?["Code"]?.int.sql ?? .null), c.scope)
        out.components[id] = PlannedComponent(
            id: id, logicalId: logicalID, type: "AWS::EC2::NetworkAclEntry", template: stack.file, line: node.line)
    }

    // MARK: Peering and transit gateways

    mutating func compilePeering(
        _ logicalID: String, _ id: String, _ node: TemplateNode, _ p: Resolved, _ c: inout StackContext
    )
        throws
    {
        let stack = c.stack
        guard let vpc = Self.id(p["VpcId"]), let peer = Self.id(p["PeerVpcId"]) else {
            throw stack.error(node, "AWS::EC2::VPCPeeringConnection \(logicalID) needs VpcId and PeerVpcId")
        }
        let peerAccount = p["PeerOwnerId"]?.text ?? stack.account
        let peerRegion = p["PeerRegion"]?.text ?? stack.region
        // CloudFormation accepts a peering in one account itself; across accounts it needs the
        // accepter's PeerRoleArn, else the request waits for acceptance.
        let accepted = peerAccount == stack.account || p["PeerRoleArn"] != nil
        if stack.deployed[logicalID] != nil { replaceRows(of: "AWS::EC2::VPCPeeringConnection", id) }
        out.add(
            .vpcPeeringConnections(
                vpcPeeringConnectionId: id.sql, statusCode: (accepted ? "active" : "pending-acceptance").sql,
                requesterVpcId: vpc.sql, requesterOwnerId: stack.account.sql, requesterRegion: stack.region.sql,
                accepterVpcId: peer.sql, accepterOwnerId: peerAccount.sql, accepterRegion: peerRegion.sql), c.scope)
        for (side, vpcId) in [("requester", vpc), ("accepter", peer)] {
            for cidr in c.cidrs(ofVPC: vpcId) {
                out.add(
                    .vpcPeeringConnectionCidrs(vpcPeeringConnectionId: id.sql, side: side.sql, cidr: cidr.sql), c.scope)
            }
        }
        out.kinds[c.scope, default: []].insert(.peeringConnections)
        out.components[id] = PlannedComponent(
            id: id, logicalId: logicalID, type: "AWS::EC2::VPCPeeringConnection", template: stack.file, line: node.line,
            note: accepted ? nil : "across accounts without PeerRoleArn: pending acceptance until the peer accepts it")
    }

    mutating func compileTransitGatewayAttachment(
        _ logicalID: String, _ id: String, _ node: TemplateNode, _ p: Resolved, _ c: inout StackContext
    ) throws {
        let stack = c.stack
        guard let gateway = Self.id(p["TransitGatewayId"]), let vpc = Self.id(p["VpcId"]) else {
            throw stack.error(node, "AWS::EC2::TransitGatewayAttachment \(logicalID) needs TransitGatewayId and VpcId")
        }
        let options = p["Options"]
        let referencing = options?["SecurityGroupReferencingSupport"]?.text ?? "disable"
        // A new attachment is associated with, and propagates its VPC's CIDRs into, the
        // gateway's default route tables when the gateway has them on (describe-transit-gateways).
        let defaults = set.facts.transitGatewayDefaults[gateway]
        out.add(
            .transitGatewayAttachments(
                transitGatewayAttachmentId: id.sql, transitGatewayId: gateway.sql, resourceType: "vpc".sql,
                resourceId: vpc.sql, resourceOwnerId: stack.account.sql, state: "available".sql,
                associationRouteTableId: (defaults?.association).sql,
                associationState: defaults?.association == nil ? .null : "associated".sql), c.scope)
        if let table = defaults?.association {
            out.add(
                .transitGatewayRouteTableAssociations(
                    transitGatewayRouteTableId: table.sql, transitGatewayAttachmentId: id.sql,
                    resourceType: "vpc".sql, resourceId: vpc.sql, state: "associated".sql), c.scope)
        }
        if let table = defaults?.propagation {
            out.add(
                .transitGatewayRouteTablePropagations(
                    transitGatewayRouteTableId: table.sql, transitGatewayAttachmentId: id.sql,
                    resourceType: "vpc".sql, resourceId: vpc.sql, state: "enabled".sql), c.scope)
            for cidr in c.cidrs(ofVPC: vpc) {
                let key = "tgw|\(table)"
                let ordinal = (c.routeOrdinals[key] ?? 1_000_000) + 1
                c.routeOrdinals[key] = ordinal
                out.add(
                    .transitGatewayRoutes(
                        transitGatewayRouteTableId: table.sql, ordinal: ordinal.sql, destinationCidr: cidr.sql,
                        routeType: "propagated".sql, state: "active".sql, transitGatewayAttachmentId: id.sql,
                        resourceType: "vpc".sql, resourceId: vpc.sql), c.scope)
            }
        }
        if defaults == nil {
            out.notes.append(
                "\(id): its transit gateway \(gateway) is not in the inventory, so the route table it would be associated with and propagate to is unknown."
            )
        }
        out.add(
            .transitGatewayVpcAttachments(
                transitGatewayAttachmentId: id.sql, transitGatewayId: gateway.sql, vpcId: vpc.sql,
                vpcOwnerId: stack.account.sql, state: "available".sql, securityGroupReferencingSupport: referencing.sql,
                applianceModeSupport: (options?["ApplianceModeSupport"]?.text ?? "disable").sql,
                dnsSupport: (options?["DnsSupport"]?.text ?? "enable").sql,
                ipv6Support: (options?["Ipv6Support"]?.text ?? "disable").sql), c.scope)
        for subnet in Self.ids(p["SubnetIds"]) {
            out.add(
                .transitGatewayVpcAttachmentSubnets(transitGatewayAttachmentId: id.sql, subnetId: subnet.sql), c.scope)
        }
        out.kinds[c.scope, default: []].formUnion([.transitGatewayAttachments, .transitGatewayVPCAttachments])
        out.components[id] = PlannedComponent(
            id: id, logicalId: logicalID, type: "AWS::EC2::TransitGatewayAttachment", template: stack.file,
            line: node.line,
            note: defaults == nil ? nil : "associated and propagated by the transit gateway's default route tables")
    }
}

extension TemplateSet {
    /// The CloudFormation type of a planned resource, by its answer name, in any stack.
    func type(ofPlanned id: String) -> String? {
        for stack in allStacks {
            if let logical = stack.plannedIDs.first(where: { $0.value == id })?.key { return stack.type(of: logical) }
        }
        return nil
    }
}
