import Foundation
import ReachCore

extension PlanCompiler {
    // MARK: One resource

    mutating func compileResource(_ r: TerraformPlan.Resource) throws {
        let id = name(r)
        let after = r.after ?? [:]
        let owner = account.sql
        out.components[id] = component(r, id)
        switch r.type {
        case "aws_vpc":
            let cidr = text(r, "cidr_block")
            add(
                .vpcs(
                    vpcId: id.sql, ownerId: owner, state: "available".sql, cidrBlock: cidr.sql,
                    instanceTenancy: (after["instance_tenancy"] as? String ?? "default").sql, isDefault: false.sql,
                    enableDnsSupport: (Self.bool(after, "enable_dns_support") ?? true).sql,
                    enableDnsHostnames: (Self.bool(after, "enable_dns_hostnames") ?? false).sql,
                    name: Self.tagName(after).sql,
                    // A new VPC gets the region's default DHCP options set, the Amazon DNS
                    // server, until an association says otherwise; an updated one keeps its own.
                    dhcpOptionsId: "default".sql))
            if let cidr, IPv4Block(cidr) != nil {
                add(.vpcCidrBlocks(vpcId: id.sql, cidr: cidr.sql, family: "ipv4".sql, state: "associated".sql))
            }
            out.kinds[scope, default: []].insert(.vpcs)
            if r.action == .create || r.action == .replace { vpcDefaults(r, id) }
        case "aws_vpc_dhcp_options":
            add(.dhcpOptions(dhcpOptionsId: id.sql, ownerId: owner, name: Self.tagName(after).sql))
            // Only the DNS servers matter here: where the VPC's functions send their queries.
            let servers = after["domain_name_servers"] as? [Any] ?? []
            for (ordinal, value) in servers.enumerated() {
                guard let server = value as? String, ValueForm.dnsServer.accepts(server) else {
                    throw TemplateError(
                        file: plan.file, line: nil,
                        path: "resource_changes (\(r.address)).change.after.domain_name_servers[\(ordinal)]",
                        message: "expected \(ValueForm.dnsServer.expected), found \(value)")
                }
                add(.dhcpOptionsDnsServers(dhcpOptionsId: id.sql, ordinal: ordinal.sql, server: server.sql))
            }
            out.kinds[scope, default: []].insert(.dhcpOptions)
        case "aws_vpc_dhcp_options_association":
            guard let vpc = text(r, "vpc_id"), let options = text(r, "dhcp_options_id") else { return }
            out.dhcpOptionsAssociations.append((vpc: vpc, options: options))
        case "aws_subnet":
            let cidr = text(r, "cidr_block")
            add(
                .subnets(
                    subnetId: id.sql, vpcId: (subnetVPC[id] ?? "").sql, ownerId: owner,
                    availabilityZone: subnetZone[id].sql, cidrBlock: cidr.sql,
                    mapPublicIpOnLaunch: (Self.bool(after, "map_public_ip_on_launch") ?? false).sql,
                    state: "available".sql, name: Self.tagName(after).sql,
                    enableDns64: (Self.bool(after, "enable_dns64") ?? false).sql))
            out.kinds[scope, default: []].insert(.subnets)
        case "aws_route_table":
            let vpc = text(r, "vpc_id") ?? ""
            // Without `route` in the configuration the provider leaves the table's routes alone
            // (aws_route resources manage them): its `after` merely repeats what AWS has.
            let managesRoutes = plan.configured[Self.configAddress(r.address).base]?.contains("route") ?? true
            if r.action == .update {
                guard managesRoutes else { return }
                // Its routes are the plan's (inline ones, and aws_route resources that stay);
                // a gateway endpoint's routes and the local route are AWS's.
                out.deletedRoutesOfTables.append(id)
            } else {
                add(.routeTables(routeTableId: id.sql, vpcId: vpc.sql, ownerId: owner, name: Self.tagName(after).sql))
                for cidr in vpcCidrs[vpc] ?? facts.cidr[vpc].map({ [$0] }) ?? [] {
                    add(TemplateCompiler.localRoute(table: id, cidr: cidr, ordinal: nextRouteOrdinal(id)))
                }
            }
            for (index, route) in Self.blocks(after, "route").enumerated() where managesRoutes {
                addRoute(r, table: id, route, path: "route.\(index)")
            }
            out.kinds[scope, default: []].insert(.routeTables)
        case "aws_route":
            guard let table = text(r, "route_table_id") else { return }
            addRoute(r, table: table, after, path: nil)
        case "aws_route_table_association":
            guard let table = text(r, "route_table_id"), let subnet = text(r, "subnet_id") else { return }
            guard associationCanBeMade(r, id, subnet: subnet, table: table) else { return }
            out.reassociatedRouteTables.insert(subnet)
            add(
                .routeTableAssociations(
                    associationId: id.sql, routeTableId: table.sql, subnetId: subnet.sql, isMain: false.sql,
                    state: "associated".sql))
        case "aws_internet_gateway":
            add(.internetGateways(internetGatewayId: id.sql, ownerId: owner, name: Self.tagName(after).sql))
            if let vpc = text(r, "vpc_id") {
                add(.internetGatewayAttachments(internetGatewayId: id.sql, vpcId: vpc.sql, state: "available".sql))
            }
            out.kinds[scope, default: []].insert(.internetGateways)
        case "aws_internet_gateway_attachment":
            if let gateway = text(r, "internet_gateway_id"), let vpc = text(r, "vpc_id") {
                add(.internetGatewayAttachments(internetGatewayId: gateway.sql, vpcId: vpc.sql, state: "available".sql))
            }
        case "aws_egress_only_internet_gateway":
            add(.egressOnlyInternetGateways(egressOnlyInternetGatewayId: id.sql, name: Self.tagName(after).sql))
            if let vpc = text(r, "vpc_id") {
                add(
                    .egressOnlyInternetGatewayAttachments(
                        egressOnlyInternetGatewayId: id.sql, vpcId: vpc.sql, state: "attached".sql))
            }
            out.kinds[scope, default: []].insert(.egressOnlyInternetGateways)
        case "aws_nat_gateway":
            let subnet = text(r, "subnet_id") ?? ""
            add(
                .natGateways(
                    natGatewayId: id.sql, vpcId: vpc(ofSubnet: subnet).sql,
                    subnetId: subnet.sql, state: "available".sql,
                    connectivityType: (after["connectivity_type"] as? String ?? "public").sql,
                    name: Self.tagName(after).sql))
            add(
                .natGatewayAddresses(
                    natGatewayId: id.sql, ordinal: 1.sql, allocationId: text(r, "allocation_id").sql,
                    privateIp: (after["private_ip"] as? String).sql, publicIp: (after["public_ip"] as? String).sql,
                    isPrimary: true.sql))
            out.kinds[scope, default: []].insert(.natGateways)
        case "aws_eip": break
        case "aws_vpc_block_public_access_options":
            let mode = text(r, "internet_gateway_block_mode")
            guard let mode, ValueForm.blockPublicAccessMode.accepts(mode) else {
                throw TemplateError(
                    file: plan.file, line: nil,
                    path: "resource_changes (\(r.address)).change.after.internet_gateway_block_mode",
                    message: "expected \(ValueForm.blockPublicAccessMode.expected), found \(mode ?? "nothing")")
            }
            out.blockPublicAccessModes[scope] = mode
        case "aws_vpc_block_public_access_exclusion":
            let mode = text(r, "internet_gateway_exclusion_mode")
            guard let mode, ValueForm.blockPublicAccessExclusionMode.accepts(mode) else {
                throw TemplateError(
                    file: plan.file, line: nil,
                    path: "resource_changes (\(r.address)).change.after.internet_gateway_exclusion_mode",
                    message:
                        "expected \(ValueForm.blockPublicAccessExclusionMode.expected), found \(mode ?? "nothing")")
            }
            let subnet = text(r, "subnet_id")
            let vpc = subnet == nil ? text(r, "vpc_id") : nil
            guard subnet != nil || vpc != nil else { return }
            add(
                .vpcBlockPublicAccessExclusions(
                    exclusionId: id.sql, internetGatewayExclusionMode: mode.sql, vpcId: vpc.sql,
                    subnetId: subnet.sql, state: "create-complete".sql))
        case "aws_vpc_endpoint":
            let type = after["vpc_endpoint_type"] as? String ?? "Gateway"
            let service = text(r, "service_name") ?? ""
            add(
                .vpcEndpoints(
                    vpcEndpointId: id.sql, vpcId: (text(r, "vpc_id") ?? "").sql, endpointType: type.sql,
                    serviceName: service.sql, state: "available".sql,
                    privateDnsEnabled: type == "Interface"
                        ? (Self.bool(after, "private_dns_enabled") ?? false).sql : .null,
                    privateDnsOnlyForInboundResolverEndpoint: Self.bool(
                        Self.blocks(after, "dns_options").first, "private_dns_only_for_inbound_resolver_endpoint"
                    ).sql,
                    policyDocument: (after["policy"] as? String).sql))
            for table in texts(r, "route_table_ids") { endpointRoute(id, service: service, table: table) }
            for subnet in texts(r, "subnet_ids") {
                add(.vpcEndpointSubnets(vpcEndpointId: id.sql, subnetId: subnet.sql))
            }
            var groups = texts(r, "security_group_ids")
            // An interface endpoint created without security groups gets the VPC's default group
            // (CreateVpcEndpoint SecurityGroupIds): the plan shows the list as known after apply,
            // with nothing in the configuration that sets it.
            if type == "Interface", groups.allSatisfy({ $0.hasPrefix("unresolved: ") }),
                plan.references["\(Self.configAddress(r.address).base)|security_group_ids"]?.isEmpty ?? true,
                let vpc = text(r, "vpc_id"), !vpc.hasPrefix("unresolved: ")
            {
                groups = [defaultOf(vpc: vpc, "default_security_group")]
            }
            for group in groups {
                add(.vpcEndpointSecurityGroups(vpcEndpointId: id.sql, groupId: group.sql))
            }
            out.kinds[scope, default: []].insert(.vpcEndpoints)
        case "aws_vpc_endpoint_route_table_association":
            if let endpoint = text(r, "vpc_endpoint_id"), let table = text(r, "route_table_id") {
                endpointRoute(endpoint, service: serviceName(ofEndpoint: endpoint), table: table)
            }
        case "aws_vpc_endpoint_subnet_association":
            if let endpoint = text(r, "vpc_endpoint_id"), let subnet = text(r, "subnet_id") {
                add(.vpcEndpointSubnets(vpcEndpointId: endpoint.sql, subnetId: subnet.sql))
            }
        case "aws_vpc_endpoint_security_group_association":
            if let endpoint = text(r, "vpc_endpoint_id"), let group = text(r, "security_group_id") {
                add(.vpcEndpointSecurityGroups(vpcEndpointId: endpoint.sql, groupId: group.sql))
            }
        case "aws_main_route_table_association":
            // The table becomes the VPC's main route table: every subnet of the VPC without an
            // explicit association uses it.
            guard let vpc = text(r, "vpc_id"), let table = text(r, "route_table_id") else { return }
            setMainRouteTable(vpc: vpc, table: table, association: id)
        case "aws_default_route_table":
            // It adopts the VPC's main table: its routes become the configuration's.
            guard let table = text(r, "default_route_table_id") else { return }
            out.components[table] = component(r, table)
            guard plan.configured[Self.configAddress(r.address).base]?.contains("route") ?? true else { return }
            out.deletedRoutesOfTables.append(table)
            for (index, route) in Self.blocks(after, "route").enumerated() {
                addRoute(r, table: table, route, path: "route.\(index)")
            }
        case "aws_default_network_acl":
            // It adopts the VPC's default ACL: its entries become the configuration's.
            guard let acl = text(r, "default_network_acl_id") else { return }
            out.components[acl] = component(r, acl)
            out.replaced.append((Table.networkAclEntries.rawValue, "network_acl_id", acl))
            out.dropRows(of: .networkAclEntries, where: Schema.NetworkAclEntries.networkAclId, is: acl)
            for egress in [false, true] {
                add(TemplateCompiler.allTraffic(acl: acl, egress: egress, rule: 32767, action: "deny"))
                for block in Self.blocks(after, egress ? "egress" : "ingress") {
                    aclEntry(acl: acl, block, egress: egress)
                }
            }
        case "aws_security_group", "aws_default_security_group":
            let vpc = text(r, "vpc_id")
            // aws_default_security_group adopts the VPC's default group.
            let id =
                r.type == "aws_default_security_group"
                ? vpc.map { defaultOf(vpc: $0, "default_security_group") } ?? id : id
            if r.type == "aws_default_security_group" { out.components[id] = component(r, id) }
            // `ingress` and `egress` are processed in attribute-as-blocks mode: on update, a
            // direction the configuration does not set keeps the rules it has (the plan's
            // `after` lists them, read back from AWS), and only a direction it sets becomes
            // exactly its blocks.
            let directions = ruleDirections(r)
            if directions.isEmpty { return }
            if r.action == .update {
                for egress in directions {
                    out.rewrittenRuleDirections.append((group: id, egress: egress))
                    out.dropRows(of: .securityGroupRules, where: Schema.SecurityGroupRules.groupId, is: id) { row in
                        row[Schema.SecurityGroupRules.isEgress] == egress.databaseValue
                    }
                }
            } else if r.type == "aws_default_security_group" {
                // Adopting the default group, the provider first revokes all its rules, then
                // creates the configuration's (none: an empty default group).
                out.dropRows(of: .securityGroupRules, where: Schema.SecurityGroupRules.groupId, is: id)
                out.replaced.append((Table.securityGroupRules.rawValue, "group_id", id))
            }
            if r.action != .update && r.type == "aws_security_group" {
                add(
                    .securityGroups(
                        groupId: id.sql, vpcId: vpc.sql, groupName: (after["name"] as? String ?? r.address).sql,
                        description: (after["description"] as? String).sql, ownerId: owner))
            }
            for (key, egress) in [("ingress", false), ("egress", true)] where directions.contains(egress) {
                for (index, block) in Self.blocks(after, key).enumerated() {
                    // A group the rule references, made by the same apply: unknown in the plan,
                    // named by the configuration's reference.
                    var block = block
                    if (block["security_groups"] as? [Any] ?? []).isEmpty,
                        let peer = inlineUnknown(r, path: "\(key).\(index)", key: "security_groups")
                    {
                        block["security_groups"] = [peer]
                    }
                    for rule in Self.rules(fromBlock: block, group: id, egress: egress, account: account) {
                        add(rule.row(ordinal: nextRuleOrdinal(id, egress: egress)))
                    }
                }
            }
            if r.type == "aws_security_group" && Self.blocks(after, "egress").isEmpty {
                out.notes.append(
                    "\(r.address) has no egress block: Terraform removes the allow-all egress rule AWS creates, so the group allows no outbound traffic."
                )
            }
            out.kinds[scope, default: []].insert(.securityGroups)
        case "aws_security_group_rule":
            guard let group = text(r, "security_group_id") else { return }
            var values = after
            if let source = text(r, "source_security_group_id") { values["source_security_group_id"] = source }
            for rule in Self.rules(fromRule: values, group: group, account: account) {
                add(rule.row(ordinal: nextRuleOrdinal(group, egress: rule.isEgress)))
            }
        case "aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule":
            guard let group = text(r, "security_group_id") else { return }
            let egress = r.type.hasSuffix("egress_rule")
            var block: [String: Any] = [
                "protocol": after["ip_protocol"] as? String ?? "-1", "from_port": after["from_port"] ?? NSNull(),
                "to_port": after["to_port"] ?? NSNull(),
            ]
            if let cidr = after["cidr_ipv4"] as? String { block["cidr_blocks"] = [cidr] }
            if let cidr = after["cidr_ipv6"] as? String { block["ipv6_cidr_blocks"] = [cidr] }
            if let list = text(r, "prefix_list_id") { block["prefix_list_ids"] = [list] }
            if let peer = text(r, "referenced_security_group_id") { block["security_groups"] = [peer] }
            for var rule in Self.rules(fromBlock: block, group: group, egress: egress, account: account) {
                rule.ruleId = after["security_group_rule_id"] as? String
                add(rule.row(ordinal: nextRuleOrdinal(group, egress: egress)))
            }
        case "aws_network_acl":
            let vpc = text(r, "vpc_id") ?? ""
            if r.action == .update {
                out.replaced.append((Table.networkAclEntries.rawValue, "network_acl_id", id))
                out.replaced.append((Table.networkAclAssociations.rawValue, "network_acl_id", id))
            } else {
                add(
                    .networkAcls(
                        networkAclId: id.sql, vpcId: vpc.sql, isDefault: false.sql, ownerId: owner,
                        name: Self.tagName(after).sql))
            }
            for egress in [false, true] {
                add(TemplateCompiler.allTraffic(acl: id, egress: egress, rule: 32767, action: "deny"))
                for block in Self.blocks(after, egress ? "egress" : "ingress") {
                    aclEntry(acl: id, block, egress: egress)
                }
            }
            for subnet in texts(r, "subnet_ids") {
                out.reassociatedACLs.insert(subnet)
                add(
                    .networkAclAssociations(
                        associationId: "\(id)/\(subnet)".sql, networkAclId: id.sql, subnetId: subnet.sql))
            }
            out.kinds[scope, default: []].insert(.networkACLs)
        case "aws_network_acl_rule":
            guard let acl = text(r, "network_acl_id") else { return }
            var block = after
            block["rule_no"] = after["rule_number"]
            block["action"] = after["rule_action"]
            aclEntry(acl: acl, block, egress: Self.bool(after, "egress") ?? false)
        case "aws_network_acl_association":
            if let acl = text(r, "network_acl_id"), let subnet = text(r, "subnet_id") {
                out.reassociatedACLs.insert(subnet)
                add(.networkAclAssociations(associationId: id.sql, networkAclId: acl.sql, subnetId: subnet.sql))
            }
        case "aws_vpc_peering_connection":
            let vpc = text(r, "vpc_id") ?? ""
            let peer = text(r, "peer_vpc_id") ?? ""
            let peerAccount = after["peer_owner_id"] as? String ?? account
            let accepted = Self.bool(after, "auto_accept") == true || after["accept_status"] as? String == "active"
            add(
                .vpcPeeringConnections(
                    vpcPeeringConnectionId: id.sql, statusCode: (accepted ? "active" : "pending-acceptance").sql,
                    requesterVpcId: vpc.sql, requesterOwnerId: owner, requesterRegion: region.sql,
                    accepterVpcId: peer.sql, accepterOwnerId: peerAccount.sql,
                    accepterRegion: (after["peer_region"] as? String ?? region).sql))
            for (side, vpcId) in [("requester", vpc), ("accepter", peer)] {
                for cidr in vpcCidrs[vpcId] ?? facts.cidr[vpcId].map({ [$0] }) ?? [] {
                    add(.vpcPeeringConnectionCidrs(vpcPeeringConnectionId: id.sql, side: side.sql, cidr: cidr.sql))
                }
            }
            out.kinds[scope, default: []].insert(.peeringConnections)
        case "aws_ec2_transit_gateway_vpc_attachment":
            let gateway = text(r, "transit_gateway_id") ?? ""
            let vpc = text(r, "vpc_id") ?? ""
            add(
                .transitGatewayAttachments(
                    transitGatewayAttachmentId: id.sql, transitGatewayId: gateway.sql, resourceType: "vpc".sql,
                    resourceId: vpc.sql, resourceOwnerId: owner, state: "available".sql,
                    associationRouteTableId: facts.transitGatewayDefaults[gateway]?.association.sql ?? .null))
            add(
                .transitGatewayVpcAttachments(
                    transitGatewayAttachmentId: id.sql, transitGatewayId: gateway.sql, vpcId: vpc.sql,
                    vpcOwnerId: owner,
                    state: "available".sql,
                    securityGroupReferencingSupport: (after["security_group_referencing_support"] as? String
                        ?? "disable").sql,
                    dnsSupport: (after["dns_support"] as? String ?? "enable").sql,
                    ipv6Support: (after["ipv6_support"] as? String ?? "disable").sql))
            for subnet in texts(r, "subnet_ids") {
                add(.transitGatewayVpcAttachmentSubnets(transitGatewayAttachmentId: id.sql, subnetId: subnet.sql))
            }
            out.kinds[scope, default: []].formUnion([.transitGatewayAttachments, .transitGatewayVPCAttachments])
        case "aws_lambda_function":
            let functionName = after["function_name"] as? String ?? r.address
            let arn = "arn:aws:lambda:\(region):\(account):function:\(functionName)"
            if r.action == .update { replaceRows("AWS::Lambda::Function", arn) }
            let config = Self.blocks(after, "vpc_config").first
            // No State: Lambda gives one when it creates or updates the function, which then needs
            // its network interfaces, so its role's permissions for them decide.
            add(
                .lambdaFunctions(
                    functionArn: arn.sql, functionName: functionName.sql,
                    roleArn: text(r, "role").map(roleArn(named:)).sql,
                    runtime: (after["runtime"] as? String).sql,
                    packageType: (after["package_type"] as? String ?? "Zip").sql,
                    ipv6AllowedForDualStack: (Self.bool(config, "ipv6_allowed_for_dual_stack") ?? false).sql,
                    logGroup: (Self.blocks(after, "logging_config").first?["log_group"] as? String).sql))
            for (index, subnet) in texts(r, "subnet_ids", in: config, path: "vpc_config.subnet_ids").enumerated() {
                add(.lambdaFunctionSubnets(functionArn: arn.sql, ordinal: index.sql, subnetId: subnet.sql))
            }
            for (index, group) in texts(r, "security_group_ids", in: config, path: "vpc_config.security_group_ids")
                .enumerated()
            {
                add(.lambdaFunctionSecurityGroups(functionArn: arn.sql, ordinal: index.sql, groupId: group.sql))
            }
            out.kinds[scope, default: []].insert(.functions)
            out.components[arn] = component(r, arn)
            out.functions[arn] = component(r, arn)
            out.functionAliases[r.address] = arn
            out.functionAliases[functionName] = arn
        case "aws_iam_role":
            let roleName = after["name"] as? String ?? r.address
            let arn = roleARN(of: r)
            let global = Scope(accountId: account, region: "global")
            out.add(
                .iamRoles(
                    roleArn: arn.sql, roleName: roleName.sql, path: (after["path"] as? String ?? "/").sql,
                    permissionsBoundaryArn: (after["permissions_boundary"] as? String).sql), global)
            for policy in Self.blocks(after, "inline_policy") {
                if let name = policy["name"] as? String, let document = policy["policy"] as? String {
                    addInlinePolicy(name, document: document, toRole: arn)
                }
            }
            for managed in after["managed_policy_arns"] as? [String] ?? [] { attachPolicy(managed, toRole: arn) }
            out.kinds[global, default: []].insert(.roles)
        case "aws_iam_role_policy", "aws_iam_role_policy_attachment":
            guard let role = text(r, "role") else { return }
            let arn = roleArn(named: role)
            if r.type == "aws_iam_role_policy", let document = after["policy"] as? String {
                addInlinePolicy(after["name"] as? String ?? r.address, document: document, toRole: arn)
            } else if let policy = text(r, "policy_arn") {
                attachPolicy(policy, toRole: arn)
            }
        case "aws_db_subnet_group":
            let groupName = after["name"] as? String ?? r.address
            let subnets = texts(r, "subnet_ids")
            let vpc = subnets.lazy.compactMap(self.vpc(ofSubnet:)).first
            add(.rdsDbSubnetGroups(dbSubnetGroupName: groupName.sql, vpcId: vpc.sql, status: "Complete".sql))
            for subnet in subnets {
                add(
                    .rdsDbSubnetGroupSubnets(
                        dbSubnetGroupName: groupName.sql, subnetId: subnet.sql,
                        availabilityZone: (subnetZone[subnet] ?? facts.zone[subnet]).sql, status: "Active".sql))
            }
            out.kinds[scope, default: []].insert(.dbSubnetGroups)
        case "aws_db_instance", "aws_rds_cluster", "aws_db_proxy":
            database(r)
        case "aws_db_proxy_endpoint":
            proxyEndpoint(r)
        default: break
        }
    }
}
