import Foundation
import ReachCore

extension PlanCompiler {
    /// The resource an inline block's value known only after apply will be made from
    /// (`route { nat_gateway_id = aws_nat_gateway.nat.id }`): the value is unknown in the
    /// element at `path` (`route.0`), and the configuration's references for the block (as
    /// `route.nat_gateway_id`, or for the whole `route`) name one resource of the type the key
    /// takes. nil when the value is known to be absent, or the references do not tell which.
    func inlineUnknown(_ r: TerraformPlan.Resource, path: String, key: String) -> String? {
        let parts = path.split(separator: ".").map(String.init)
        guard parts.count == 2, let index = Int(parts[1]) else { return nil }
        let list = parts[0]
        // Unknown: the element as a whole, or this key of it.
        guard let elements = r.afterUnknown[list] as? [Any], index < elements.count else { return nil }
        let element = elements[index]
        guard element as? Bool == true || (element as? [String: Any])?[key] as? Bool == true else { return nil }
        let types: [String: Set<String>] = [
            "nat_gateway_id": ["aws_nat_gateway"],
            "gateway_id": ["aws_internet_gateway", "aws_vpn_gateway", "aws_nat_gateway"],
            "transit_gateway_id": ["aws_ec2_transit_gateway"],
            "vpc_peering_connection_id": ["aws_vpc_peering_connection"],
            "vpc_endpoint_id": ["aws_vpc_endpoint"], "network_interface_id": ["aws_network_interface"],
            "egress_only_gateway_id": ["aws_egress_only_internet_gateway"],
            "security_groups": ["aws_security_group"], "prefix_list_ids": ["aws_ec2_managed_prefix_list"],
        ]
        guard let wanted = types[key] else { return nil }
        let base = Self.configAddress(r.address).base
        let references = plan.references["\(base)|\(list).\(key)"] ?? plan.references["\(base)|\(list)"] ?? []
        var named: [String] = []
        for reference in references {
            for name in resolve(reference, from: r) ?? []
            where !named.contains(name)
                && plan.resources.contains(where: { self.name($0) == name && wanted.contains($0.type) })
            {
                named.append(name)
            }
        }
        return named.count == 1 ? named[0] : nil
    }

    /// A route (an inline `route` block of aws_route_table, or an aws_route), by its target.
    mutating func addRoute(_ r: TerraformPlan.Resource, table: String, _ route: [String: Any], path: String?) {
        func value(_ key: String) -> String? {
            guard let path else { return text(r, key) }
            if let known = route[key] as? String, !known.isEmpty { return known }
            return inlineUnknown(r, path: path, key: key)
        }
        let targets: [(String, RouteTargetKind?)] = [
            ("gateway_id", nil), ("nat_gateway_id", .nat), ("egress_only_gateway_id", .eigw),
            ("vpc_peering_connection_id", .pcx), ("transit_gateway_id", .tgw), ("network_interface_id", .eni),
            ("vpc_endpoint_id", .vpce), ("carrier_gateway_id", .carrier), ("local_gateway_id", .lgw),
            ("core_network_arn", .coreNetwork),
        ]
        var found: (String, String)?
        for (key, _) in targets {
            if let target = value(key) {
                found = (key, target)
                break
            }
        }
        guard let (key, target) = found else { return }
        var kind = targets.first { $0.0 == key }?.1 ?? .unknown
        if key == "gateway_id" {
            let type = plan.resources.first { name($0) == target }?.type
            // CreateRoute accepts a NAT gateway's ID in gateway_id too, and makes a NAT route.
            kind =
                type == "aws_internet_gateway" || target.hasPrefix("igw-")
                ? .igw
                : type == "aws_vpn_gateway" || target.hasPrefix("vgw-")
                    ? .vgw
                    : type == "aws_nat_gateway" || target.hasPrefix("nat-")
                        ? .nat : target == "local" ? .local : .unknown
        }
        let destination4 = value(path == nil ? "destination_cidr_block" : "cidr_block")
        let destination6 = value(path == nil ? "destination_ipv6_cidr_block" : "ipv6_cidr_block")
        let prefixList = value("destination_prefix_list_id")
        add(
            .routes(
                routeTableId: table.sql, ordinal: nextRouteOrdinal(table).sql, destinationCidr: destination4.sql,
                destinationIpv6Cidr: destination6.sql, destinationPrefixListId: prefixList.sql,
                targetKind: kind.rawValue.sql, targetId: target.sql, state: "active".sql, origin: "CreateRoute".sql))
    }

    /// A gateway endpoint's route to its service's prefix list, in `table`.
    mutating func endpointRoute(_ endpoint: String, service: String, table: String) {
        add(.vpcEndpointRouteTables(vpcEndpointId: endpoint.sql, routeTableId: table.sql))
        let list = facts.prefixListByName["\(account)/\(region)/\(service)"] ?? "\(service) prefix list"
        add(
            .routes(
                routeTableId: table.sql, ordinal: nextRouteOrdinal(table).sql, destinationPrefixListId: list.sql,
                targetKind: RouteTargetKind.vpce.rawValue.sql, targetId: endpoint.sql, state: "active".sql,
                origin: "CreateRoute".sql))
    }

    func serviceName(ofEndpoint id: String) -> String {
        plan.resources.first { $0.type == "aws_vpc_endpoint" && name($0) == id }?.after?["service_name"] as? String
            ?? ""
    }

    /// An entry of aws_network_acl (`rule_no`, `action`, `protocol`, `cidr_block`, ports).
    mutating func aclEntry(acl: String, _ block: [String: Any], egress: Bool) {
        guard let number = Self.int(block, "rule_no") else { return }
        var protocolText = "\(block["protocol"] ?? "-1")".lowercased()
        switch protocolText {
        case "all": protocolText = "-1"
        case "tcp": protocolText = "6"
        case "udp": protocolText = "17"
        case "icmp": protocolText = "1"
        default: break
        }
        let ported = protocolText == "6" || protocolText == "17"
        add(
            .networkAclEntries(
                networkAclId: acl.sql, isEgress: egress.sql, ruleNumber: number.sql, protocol: protocolText.sql,
                ruleAction: (block["action"] as? String ?? "deny").lowercased().sql,
                cidrBlock: (block["cidr_block"] as? String).flatMap { $0.isEmpty ? nil : $0 }.sql,
                ipv6CidrBlock: (block["ipv6_cidr_block"] as? String).flatMap { $0.isEmpty ? nil : $0 }.sql,
                portFrom: ported ? Self.int(block, "from_port").sql : .null,
                portTo: ported ? Self.int(block, "to_port").sql : .null))
    }

    /// A new VPC's main route table, default network ACL and default security group, named after
    /// the VPC's address and Terraform's attribute (`module.vpc.aws_vpc.this[0].main_route_table`).
    mutating func vpcDefaults(_ r: TerraformPlan.Resource, _ vpc: String) {
        let table = "\(r.address).main_route_table"
        let acl = "\(r.address).default_network_acl"
        let group = "\(r.address).default_security_group"
        _ = out.addVPCDefaults(
            vpc: vpc, cidrs: vpcCidrs[vpc] ?? [], account: account, scope: scope, mainRouteTable: table,
            networkACL: acl, securityGroup: group)
        for (id, what) in [
            (table, "main route table"), (acl, "default network ACL"), (group, "default security group"),
        ] {
            out.components[id] = PlannedComponent(
                id: id, logicalId: id, type: r.type, template: plan.file, line: 0, awsDefault: true,
                note: "the \(what) AWS creates with \(r.address)")
        }
    }

    func roleArn(named role: String) -> String {
        if role.hasPrefix("arn:") { return role }
        // A role of the plan, by its name or by the address a reference to it resolves to
        // (`aws_iam_role.fn.arn` is unknown until apply).
        for resource in plan.resources where resource.type == "aws_iam_role" {
            if resource.after?["name"] as? String == role || name(resource) == role { return roleARN(of: resource) }
        }
        return "arn:aws:iam::\(account):role/\(role)"
    }

    /// Attaches the managed policy `policyArn` to the role `roleArn`, once: a role's state lists
    /// the policies its aws_iam_role_policy_attachment resources add (the provider reads them
    /// back from AWS), and each is one row.
    mutating func attachPolicy(_ policyArn: String, toRole roleArn: String) {
        guard rolePolicies.insert("\(roleArn)|\(policyArn)").inserted else { return }
        out.add(
            .iamRoleAttachedPolicies(
                roleArn: roleArn.sql, policyArn: policyArn.sql,
                policyName: String(policyArn.split(separator: "/").last ?? "").sql),
            Scope(accountId: account, region: "global"))
    }

    /// Gives the role `roleArn` the inline policy `name`, once (as `attachPolicy`).
    mutating func addInlinePolicy(_ name: String, document: String, toRole roleArn: String) {
        guard rolePolicies.insert("\(roleArn)|inline:\(name)").inserted else { return }
        out.add(
            .iamRoleInlinePolicies(roleArn: roleArn.sql, policyName: name.sql, document: document.sql),
            Scope(accountId: account, region: "global"))
    }

    /// The ARN the plan's role `resource` has, or will have once created.
    func roleARN(of resource: TerraformPlan.Resource) -> String {
        let after = resource.after ?? [:]
        if let arn = after["arn"] as? String { return arn }
        let roleName = after["name"] as? String ?? resource.address
        return "arn:aws:iam::\(account):role\(after["path"] as? String ?? "/")\(roleName)"
    }

    /// The VPC of subnet `id`: the plan's, or the inventory's.
    func vpc(ofSubnet id: String) -> String? { subnetVPC[id] ?? facts.vpcOfSubnet[id] }

    /// The VPC of the DB subnet group `name`: the plan's own (by its subnets), else the
    /// inventory's in this account and region.
    func subnetGroupVPC(_ name: String) -> String? {
        if let group = plan.resources.first(where: {
            $0.type == "aws_db_subnet_group" && ($0.after?["name"] as? String ?? $0.address) == name
        }) {
            return texts(group, "subnet_ids").lazy.compactMap(vpc(ofSubnet:)).first
        }
        return facts.vpcOfDBSubnetGroup["\(account)/\(region)/\(name.lowercased())"]
    }

    /// aws_db_instance, aws_rds_cluster, aws_db_proxy.
    mutating func database(_ r: TerraformPlan.Resource) {
        let after = r.after ?? [:]
        let kind = r.type == "aws_db_instance" ? "instance" : r.type == "aws_rds_cluster" ? "cluster" : "proxy"
        let identifier =
            (after[kind == "instance" ? "identifier" : kind == "cluster" ? "cluster_identifier" : "name"] as? String)
            ?? r.address
        let key = "\(kind):\(account):\(region):\(identifier)"
        if r.action == .update { replaceRows("AWS::RDS::DBInstance", key) }
        let engine = after["engine"] as? String ?? (after["engine_family"] as? String)?.lowercased()
        let subnetGroup = text(r, "db_subnet_group_name")
        let subnets = kind == "proxy" ? texts(r, "vpc_subnet_ids") : []
        var groups = texts(r, "vpc_security_group_ids")
        let vpc = subnets.lazy.compactMap(self.vpc(ofSubnet:)).first
        // "If no VPC security groups are specified, the default security group of the VPC is
        // used" (CreateDBInstance, CreateDBCluster): the plan shows the list as known after
        // apply, with nothing in the configuration that sets it. The VPC is the subnet group's:
        // the plan's, or one already deployed.
        if kind != "proxy", groups.allSatisfy({ $0.hasPrefix("unresolved: ") }),
            plan.references["\(Self.configAddress(r.address).base)|vpc_security_group_ids"]?.isEmpty ?? true,
            let subnetGroup,
            let groupVPC = subnetGroupVPC(subnetGroup), !groupVPC.hasPrefix("unresolved: ")
        {
            groups = [defaultOf(vpc: groupVPC, "default_security_group")]
        }
        if kind == "proxy" && groups.isEmpty { groups = [CompiledDatabase.unknownProxyGroups(identifier)] }
        let port =
            Self.int(after, "port") ?? CompiledDatabase.defaultPort(engine: engine ?? "")
        add(
            .rdsDatabases(
                dbKey: key.sql, kind: kind.sql, identifier: identifier.sql,
                arn:
                    "arn:aws:rds:\(region):\(account):\(kind == "instance" ? "db" : kind == "cluster" ? "cluster" : "db-proxy"):\(identifier)"
                    .sql,
                engine: engine.sql, status: "available".sql, port: port.sql, vpcId: vpc.sql,
                availabilityZone: (after["availability_zone"] as? String).sql,
                multiAz: (Self.bool(after, "multi_az") ?? false).sql,
                publiclyAccessible: (Self.bool(after, "publicly_accessible") ?? false).sql,
                dbSubnetGroupName: subnetGroup.sql,
                dbClusterIdentifier: kind == "instance" ? (after["cluster_identifier"] as? String).sql : .null))
        for subnet in subnets { add(.rdsDatabaseSubnets(dbKey: key.sql, subnetId: subnet.sql)) }
        for group in groups {
            add(.rdsDatabaseSecurityGroups(dbKey: key.sql, groupId: group.sql, status: "active".sql))
        }
        out.kinds[scope, default: []].insert(
            kind == "instance" ? .dbInstances : kind == "cluster" ? .dbClusters : .dbProxies)
        out.components[identifier] = component(r, identifier)
        out.databaseAliases[r.address] = identifier
    }

    /// aws_db_proxy_endpoint: an additional endpoint of a proxy (the plan's or a live one, by
    /// `db_proxy_name`), in subnets and security groups of its own, possibly in another VPC than
    /// the proxy's. Its port and engine are its proxy's, which the loader gives it.
    mutating func proxyEndpoint(_ r: TerraformPlan.Resource) {
        let after = r.after ?? [:]
        let identifier = after["db_proxy_endpoint_name"] as? String ?? r.address
        let key = "proxy-endpoint:\(account):\(region):\(identifier)"
        let subnets = texts(r, "vpc_subnet_ids")
        let vpc = subnets.lazy.compactMap(self.vpc(ofSubnet:)).first ?? (after["vpc_id"] as? String)
        var groups = texts(r, "vpc_security_group_ids")
        // "The default is the default security group for the VPC" (CreateDBProxyEndpoint): the
        // plan shows the set as known after apply, with nothing in the configuration that sets it.
        if groups.allSatisfy({ $0.hasPrefix("unresolved: ") }),
            plan.references["\(Self.configAddress(r.address).base)|vpc_security_group_ids"]?.isEmpty ?? true,
            let vpc, !vpc.hasPrefix("unresolved: ")
        {
            groups = [defaultOf(vpc: vpc, "default_security_group")]
        }
        // The proxy by its name: a reference to one of the plan's proxies resolves to the
        // resource, whose `name` the configuration gives.
        var proxy = text(r, "db_proxy_name")
        if let named = proxy,
            let planned = plan.resources.first(where: { $0.type == "aws_db_proxy" && name($0) == named }),
            let proxyName = planned.after?["name"] as? String
        {
            proxy = proxyName
        }
        add(
            .rdsDatabases(
                dbKey: key.sql, kind: RDSDatabase.Kind.proxyEndpoint.rawValue.sql, identifier: identifier.sql,
                arn: (after["arn"] as? String).sql, status: "available".sql, vpcId: vpc.sql,
                dbProxyName: proxy.sql,
                // "The default is `READ_WRITE`" (aws_db_proxy_endpoint, target_role).
                targetRole: (after["target_role"] as? String ?? "READ_WRITE").sql))
        for subnet in subnets { add(.rdsDatabaseSubnets(dbKey: key.sql, subnetId: subnet.sql)) }
        for group in groups {
            add(.rdsDatabaseSecurityGroups(dbKey: key.sql, groupId: group.sql, status: "active".sql))
        }
        out.kinds[scope, default: []].insert(.dbProxyEndpoints)
        out.components[identifier] = component(r, identifier)
        out.databaseAliases[r.address] = identifier
    }
}
