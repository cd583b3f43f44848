import Foundation
import GRDB
import ReachCore

extension PlanCompiler {
    /// The CloudFormation type whose rows a Terraform type has (TemplateCompiler.rowsByType).
    static let cloudFormationType: [String: String] = [
        "aws_vpc": "AWS::EC2::VPC", "aws_subnet": "AWS::EC2::Subnet", "aws_route_table": "AWS::EC2::RouteTable",
        "aws_internet_gateway": "AWS::EC2::InternetGateway", "aws_nat_gateway": "AWS::EC2::NatGateway",
        "aws_egress_only_internet_gateway": "AWS::EC2::EgressOnlyInternetGateway",
        "aws_vpc_endpoint": "AWS::EC2::VPCEndpoint", "aws_security_group": "AWS::EC2::SecurityGroup",
        "aws_network_acl": "AWS::EC2::NetworkAcl", "aws_vpc_peering_connection": "AWS::EC2::VPCPeeringConnection",
        "aws_lambda_function": "AWS::Lambda::Function", "aws_iam_role": "AWS::IAM::Role",
        "aws_db_instance": "AWS::RDS::DBInstance", "aws_rds_cluster": "AWS::RDS::DBCluster",
        "aws_db_proxy": "AWS::RDS::DBProxy", "aws_db_proxy_endpoint": "AWS::RDS::DBProxyEndpoint",
        "aws_db_subnet_group": "AWS::RDS::DBSubnetGroup",
        "aws_vpc_dhcp_options": "AWS::EC2::DHCPOptions",
        "aws_vpc_block_public_access_options": "AWS::EC2::VPCBlockPublicAccessOptions",
        "aws_vpc_block_public_access_exclusion": "AWS::EC2::VPCBlockPublicAccessExclusion",
    ]

    /// The Terraform types compiled; the rest are listed as not analysed.
    static let analysed: Set<String> = Set(cloudFormationType.keys).union([
        "aws_route", "aws_route_table_association", "aws_eip", "aws_internet_gateway_attachment",
        "aws_vpc_endpoint_route_table_association", "aws_vpc_endpoint_subnet_association",
        "aws_vpc_endpoint_security_group_association", "aws_security_group_rule",
        "aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule", "aws_default_security_group",
        "aws_network_acl_rule", "aws_network_acl_association", "aws_iam_role_policy",
        "aws_iam_role_policy_attachment", "aws_ec2_transit_gateway_vpc_attachment", "aws_default_route_table",
        "aws_default_network_acl", "aws_vpc_dhcp_options_association", "aws_main_route_table_association",
    ])

    mutating func compile() throws -> CompiledTemplates {
        // Where planned VPCs and subnets are: what later rows need, whatever the order.
        for resource in plan.resources where resource.action != .delete {
            switch resource.type {
            case "aws_vpc":
                if let cidr = text(resource, "cidr_block") { vpcCidrs[name(resource)] = [cidr] }
            case "aws_subnet":
                subnetVPC[name(resource)] = text(resource, "vpc_id")
                subnetZone[name(resource)] = text(resource, "availability_zone")
            default: break
            }
        }
        for resource in plan.resources where resource.action == .delete || resource.action == .replace {
            removeBefore(resource)
        }
        // VPCs first (what AWS makes with one), the `aws_default_*` that adopt it last.
        let rank = { (type: String) in type == "aws_vpc" ? 0 : type.hasPrefix("aws_default_") ? 2 : 1 }
        let ordered = plan.resources.enumerated().sorted {
            (rank($0.element.type), $0.offset) < (rank($1.element.type), $1.offset)
        }
        .map(\.element)
        for resource in ordered {
            guard Self.analysed.contains(resource.type) else {
                if resource.action != .delete && resource.action != .read {
                    out.notAnalysed[resource.type, default: []].append(resource.address)
                }
                continue
            }
            switch resource.action {
            case .delete, .read: continue
            case .noOp where overInventory && !rewritesOwner(resource): continue
            case .replace:
                out.notes.append(
                    "\(resource.address) is replaced: between the deletion of the old one and the creation of the new, what goes through it is cut (a window of unreachability during apply)."
                )
            default: break
            }
            if resource.action == .update, let type = Self.cloudFormationType[resource.type],
                resource.type != "aws_route_table", resource.type != "aws_security_group"
            {
                replaceRows(type, key(of: resource, before: true) ?? name(resource))
            }
            try compileResource(resource)
        }
        for (type, names) in out.notAnalysed { out.notAnalysed[type] = names.sorted() }
        return out
    }

    /// Whether an unchanged route or rule must be written again: the table or group it belongs
    /// to is rewritten by the plan (its rows go, and come back from the plan).
    func rewritesOwner(_ resource: TerraformPlan.Resource) -> Bool {
        let owner: String?
        // A rule's direction: an updated group rewrites only the directions it configures.
        var egress: Bool?
        switch resource.type {
        case "aws_route": owner = text(resource, "route_table_id")
        case "aws_security_group_rule", "aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule":
            owner = text(resource, "security_group_id")
            egress =
                resource.type == "aws_security_group_rule"
                ? resource.after?["type"] as? String == "egress" : resource.type.hasSuffix("egress_rule")
        default: return false
        }
        guard let owner else { return false }
        return plan.resources.contains { other in
            guard other.action == .update || other.action == .replace, name(other) == owner else { return false }
            switch other.type {
            case "aws_route_table": return true
            case "aws_security_group", "aws_default_security_group":
                return other.action == .replace || egress.map { ruleDirections(other).contains($0) } ?? true
            default: return false
            }
        }
    }

    mutating func replaceRows(_ cloudFormationType: String, _ id: String) {
        for (table, column) in TemplateCompiler.rowsByType[cloudFormationType] ?? [] {
            out.replaced.append((table.rawValue, column, id))
        }
    }

    /// The key a resource's rows have: its ID, or the ARN / database key the inventory uses.
    func key(of resource: TerraformPlan.Resource, before: Bool) -> String? {
        let values = before ? resource.before : resource.after
        switch resource.type {
        case "aws_lambda_function":
            return (values?["function_name"] as? String).map {
                "arn:aws:lambda:\(region):\(account):function:\($0)"
            }
        case "aws_iam_role": return values?["arn"] as? String
        case "aws_db_instance": return (values?["identifier"] as? String).map { "instance:\(account):\(region):\($0)" }
        case "aws_rds_cluster":
            return (values?["cluster_identifier"] as? String).map { "cluster:\(account):\(region):\($0)" }
        case "aws_db_proxy": return (values?["name"] as? String).map { "proxy:\(account):\(region):\($0)" }
        case "aws_db_proxy_endpoint":
            return (values?["db_proxy_endpoint_name"] as? String).map { "proxy-endpoint:\(account):\(region):\($0)" }
        case "aws_db_subnet_group": return values?["name"] as? String
        default: return values?["id"] as? String
        }
    }

    /// What a deleted (or replaced) resource was, out of the inventory.
    mutating func removeBefore(_ resource: TerraformPlan.Resource) {
        let before = resource.before
        switch resource.type {
        case "aws_route":
            if let table = before?["route_table_id"] as? String {
                let destination =
                    before?["destination_cidr_block"] as? String ?? before?["destination_ipv6_cidr_block"] as? String
                    ?? before?["destination_prefix_list_id"] as? String
                if let destination, !destination.isEmpty { out.deletedRoutes.append((table, destination)) }
            }
        case "aws_vpc_dhcp_options_association":
            // The provider's delete gives the VPC no set (`default`): the Amazon DNS server.
            if resource.action == .delete, let vpc = before?["vpc_id"] as? String {
                out.dhcpOptionsAssociations.append((vpc: vpc, options: "default"))
            }
        case "aws_main_route_table_association":
            // The provider's delete makes the table that was main when the association was
            // made (`original_route_table_id`) the VPC's main table again.
            if resource.action == .delete, let vpc = before?["vpc_id"] as? String,
                let original = before?["original_route_table_id"] as? String, !original.isEmpty
            {
                setMainRouteTable(vpc: vpc, table: original, association: "\(original)/main")
            }
        case "aws_route_table_association":
            if let id = before?["id"] as? String {
                out.replaced.append((Table.routeTableAssociations.rawValue, "association_id", id))
            }
        case "aws_network_acl_association":
            if let id = before?["id"] as? String {
                out.replaced.append((Table.networkAclAssociations.rawValue, "association_id", id))
            }
        case "aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule":
            if let id = before?["security_group_rule_id"] as? String ?? before?["id"] as? String {
                out.replaced.append((Table.securityGroupRules.rawValue, "security_group_rule_id", id))
            }
        case "aws_security_group_rule":
            if let before, let group = before["security_group_id"] as? String {
                out.deletedRuleValues += Self.rules(fromRule: before, group: group, account: account)
            }
        case "aws_network_acl_rule":
            if let acl = before?["network_acl_id"] as? String, let number = Self.int(before, "rule_number") {
                out.deletedACLEntries.append((acl, Self.bool(before, "egress") ?? false, number))
            }
        case "aws_internet_gateway_attachment":
            if let gateway = before?["internet_gateway_id"] as? String {
                out.replaced.append((Table.internetGatewayAttachments.rawValue, "internet_gateway_id", gateway))
            }
        case "aws_vpc_block_public_access_options":
            // Destroying it turns VPC Block Public Access off for the account and region.
            if resource.action == .delete { out.blockPublicAccessModes[scope] = "off" }
        case "aws_iam_role":
            if let name = before?["name"] as? String {
                out.replaced.append((Table.iamRoles.rawValue, Schema.IamRoles.roleName.name, name))
            }
        default:
            if let type = Self.cloudFormationType[resource.type], let key = key(of: resource, before: true) {
                replaceRows(type, key)
            }
        }
        if resource.action == .delete {
            out.notes.append(
                "\(resource.address) (\(key(of: resource, before: true) ?? resource.type)) is deleted by the plan.")
        }
    }

    /// Whether the association `r` creates for a subnet can be made. The provider's create calls
    /// AssociateRouteTable, which EC2 refuses for a subnet that already has an explicit
    /// association (Resource.AlreadyAssociated); it never falls back to
    /// ReplaceRouteTableAssociation, which only an update of `route_table_id` calls. A live
    /// association that the apply leaves in place (not in the plan, unchanged, updated, or
    /// replaced with create_before_destroy, whose old object goes only after the new one is
    /// made) fails the apply: a `Deploy error:` note, and the subnet keeps its table. One that
    /// another resource's deletion or replacement destroys in the same apply is destroyed in
    /// parallel with the creation, since Terraform orders the operations of unrelated resources
    /// only by their dependencies: the plan's end state stands, with a note that says the apply
    /// can fail on the order.
    mutating func associationCanBeMade(_ r: TerraformPlan.Resource, _ id: String, subnet: String, table: String)
        -> Bool
    {
        guard r.action == .create || r.action == .replace, let live = facts.routeTableAssociation[subnet] else {
            return true
        }
        let owner = plan.resources.first {
            $0.type == "aws_route_table_association" && $0.before?["id"] as? String == live.association
        }
        if let owner, owner.address == r.address, !r.createsBeforeDestroy { return true }
        if let owner, owner.address != r.address, owner.action == .delete || owner.action == .replace {
            out.notes.append(
                "Apply order: \(r.address) associates \(subnet) with \(table) while \(owner.address) (\(live.association), \(subnet)'s association with \(live.table)) is destroyed by the same apply, and nothing orders the two: Terraform runs the operations of unrelated resources in parallel, ordered only by their dependencies. If AssociateRouteTable runs first, EC2 refuses it (Resource.AlreadyAssociated) and the apply fails, leaving \(subnet) without an explicit association (its VPC's main route table) until apply runs again. This run takes the plan's end state. To move the subnet in one step, keep the association's address (a moved block, if it is renamed) and change its route_table_id: an update, which calls ReplaceRouteTableAssociation."
            )
            return true
        }
        let why: String
        let fix: String
        if let owner, owner.address == r.address {
            why =
                "\(r.address) is replaced with create_before_destroy: its new association is made before \(live.association) is destroyed"
            fix =
                "Without create_before_destroy Terraform destroys the old association first; a change of route_table_id alone is an update, which calls ReplaceRouteTableAssociation."
        } else if let owner {
            why = "\(live.association) (\(owner.address), \(owner.action.rawValue) by the plan) stays"
            fix =
                "To move the subnet, change the route_table_id of \(owner.address) instead (an update, which calls ReplaceRouteTableAssociation), or remove \(owner.address) in an apply before this one."
        } else {
            why = "\(live.association) is not managed by this plan and stays"
            fix =
                "To move the subnet, import \(live.association) into this configuration and change its route_table_id (an update, which calls ReplaceRouteTableAssociation), or disassociate it first (aws ec2 disassociate-route-table --association-id \(live.association))."
        }
        // A replacement with create_before_destroy destroys its old object only once the new one
        // is made: the failed create leaves it in place.
        if r.createsBeforeDestroy, let old = r.before?["id"] as? String {
            out.replaced.removeAll { $0.table == Table.routeTableAssociations.rawValue && $0.id == old }
            out.notes.removeAll { $0.hasPrefix("\(r.address) is replaced:") }
        }
        out.notes.append(
            "Deploy error: \(r.address) associates \(subnet) with \(table), but \(subnet) already has an explicit association (\(live.association), to \(live.table)) and \(why). The provider creates the association with AssociateRouteTable, which EC2 refuses (Resource.AlreadyAssociated): terraform apply fails at \(r.address). This run keeps \(subnet) on \(live.table). \(fix)"
        )
        var planned = component(r, id)
        planned.note = "not applied: \(subnet) is already associated with \(live.table)"
        out.components[id] = planned
        return false
    }

    /// Makes `table` the main route table of `vpc`: the table every subnet of the VPC without an
    /// explicit association uses. The VPC's main association (the inventory's, or the one AWS
    /// made with a VPC the plan creates) goes.
    mutating func setMainRouteTable(vpc: String, table: String, association: String) {
        let a = Schema.RouteTableAssociations.self
        out.dropRows(of: .routeTableAssociations, where: a.routeTableId, is: defaultOf(vpc: vpc, "main_route_table")) {
            row in row[a.isMain] == true.databaseValue
        }
        out.mainRouteTableVPCs.append(vpc)
        add(
            .routeTableAssociations(
                associationId: association.sql, routeTableId: table.sql, isMain: true.sql, state: "associated".sql))
        out.kinds[scope, default: []].insert(.routeTables)
    }

    func component(_ resource: TerraformPlan.Resource, _ id: String) -> PlannedComponent {
        PlannedComponent(
            id: id, logicalId: resource.address, type: resource.type, template: plan.file, line: 0,
            note: resource.action == .create ? nil : "\(resource.action.rawValue) by the plan")
    }

    mutating func add(_ row: Row) { out.add(row, scope) }

    mutating func nextRouteOrdinal(_ table: String) -> Int {
        let next = (routeOrdinals[table] ?? 1_000_000) + 1
        routeOrdinals[table] = next
        return next
    }

    mutating func nextRuleOrdinal(_ group: String, egress: Bool) -> Int {
        let key = "\(group)|\(egress)"
        let next = (ruleOrdinals[key] ?? 1_000_000) + 1
        ruleOrdinals[key] = next
        return next
    }

    // MARK: Rules in Terraform's shapes

    /// The rules an inline `ingress`/`egress` block or an aws_security_group_rule stands for.
    static func rules(fromBlock block: [String: Any], group: String, egress: Bool, account: String)
        -> [SecurityGroupRuleValue]
    {
        let protocolText = TemplateCompiler.protocolName(block["protocol"] as? String ?? "-1")
        let all = protocolText == "-1"
        let base = SecurityGroupRuleValue(
            groupId: group, isEgress: egress, ruleId: nil, ipProtocol: protocolText,
            fromPort: all ? nil : int(block, "from_port"), toPort: all ? nil : int(block, "to_port"))
        var out: [SecurityGroupRuleValue] = []
        for cidr in block["cidr_blocks"] as? [String] ?? [] {
            var rule = base
            rule.cidrIPv4 = cidr
            out.append(rule)
        }
        for cidr in block["ipv6_cidr_blocks"] as? [String] ?? [] {
            var rule = base
            rule.cidrIPv6 = cidr
            out.append(rule)
        }
        for list in block["prefix_list_ids"] as? [String] ?? [] {
            var rule = base
            rule.prefixListId = list
            out.append(rule)
        }
        var peers = block["security_groups"] as? [String] ?? []
        if let source = block["source_security_group_id"] as? String { peers.append(source) }
        if bool(block, "self") == true { peers.append(group) }
        for peer in peers {
            var rule = base
            rule.referencedGroupId = peer
            rule.referencedUserId = account
            out.append(rule)
        }
        return out
    }

    static func rules(fromRule values: [String: Any], group: String, account: String) -> [SecurityGroupRuleValue] {
        rules(fromBlock: values, group: group, egress: values["type"] as? String == "egress", account: account)
    }
}
