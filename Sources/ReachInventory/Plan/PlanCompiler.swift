import Foundation
import ReachCore

/// A Terraform plan compiled into inventory rows: what the account holds after apply. A
/// resource that exists keeps its AWS ID; one the plan creates is named by its address
/// (`module.vpc.aws_route.private_nat_gateway[1]`). A value known only after apply is followed
/// through the configuration's references to the resource that will make it, or stays a named
/// unknown. Resources the plan deletes, or replaces, leave the inventory.
struct PlanCompiler {
    let plan: TerraformPlan
    let facts: LiveFacts
    let account: String
    let region: String
    var out = CompiledTemplates()
    /// VPC (by name in answers) -> CIDR blocks, subnets -> VPC, for rows that need them.
    var vpcCidrs: [String: [String]] = [:]
    var subnetVPC: [String: String] = [:]
    var subnetZone: [String: String] = [:]
    var routeOrdinals: [String: Int] = [:]
    var ruleOrdinals: [String: Int] = [:]
    /// The role policies written, as `ROLE ARN|POLICY` (`attachPolicy`, `addInlinePolicy`).
    var rolePolicies: Set<String> = []
    /// Whether the plan is laid over an inventory: then an unchanged resource is already there.
    let overInventory: Bool

    init(plan: TerraformPlan, facts: LiveFacts, account: String, region: String, overInventory: Bool) {
        self.plan = plan
        self.facts = facts
        self.account = account
        self.region = region
        self.overInventory = overInventory
    }

    var scope: Scope { Scope(accountId: account, region: region) }

    // MARK: Names and values

    /// The name a resource has in answers: its ID when known (it exists, or the plan says it),
    /// else its address.
    func name(_ resource: TerraformPlan.Resource) -> String {
        if resource.action != .replace, let id = resource.after?["id"] as? String, !id.isEmpty { return id }
        if resource.action == .noOp || resource.action == .update, let id = resource.before?["id"] as? String {
            return id
        }
        // What an aws_default_* resource manages is not made by the apply: it adopts the default
        // AWS made with the VPC, which always exists. A reference to it (`security_group_ids =
        // [aws_default_security_group.default.id]`, unknown in the plan while Terraform first
        // adopts it) names that default, as the resource's own attributes do.
        let adopted: String?
        switch resource.type {
        case "aws_default_security_group":
            adopted = text(resource, "vpc_id").map { defaultOf(vpc: $0, "default_security_group") }
        case "aws_default_network_acl": adopted = text(resource, "default_network_acl_id")
        case "aws_default_route_table": adopted = text(resource, "default_route_table_id")
        default: adopted = nil
        }
        if let adopted, !adopted.hasPrefix("unresolved: ") { return adopted }
        return resource.address
    }

    /// The configuration address of an instance: its address without the instance key.
    static func configAddress(_ address: String) -> (base: String, index: String?) {
        guard address.hasSuffix("]"), let open = address.lastIndex(of: "[") else { return (address, nil) }
        // `[1]` or, for for_each, `["a"]`: the key as the plan's `index` gives it (no quotes).
        let key = address[address.index(after: open)..<address.index(before: address.endIndex)]
        return (String(address[..<open]), String(key).trimmingCharacters(in: CharacterSet(charactersIn: "\"")))
    }

    /// The instances of a configuration address, in index order.
    func instances(of base: String) -> [TerraformPlan.Resource] {
        plan.resources.filter { Self.configAddress($0.address).base == base && $0.action != .delete }
            .sorted {
                ($0.index.flatMap { Int($0) } ?? 0, $0.address) < ($1.index.flatMap { Int($0) } ?? 0, $1.address)
            }
    }

    /// What a reference names: `aws_subnet.private[0].id`, `aws_subnet.private` (with the
    /// referring instance's index when the configuration counts both), `module.vpc.OUTPUT`.
    func resolve(_ reference: String, from resource: TerraformPlan.Resource) -> [String]? {
        if let outputs = plan.outputReferences[reference] {
            for output in outputs {
                if let names = resolve(output, from: resource) { return names }
            }
            return nil
        }
        var text = reference
        // A VPC's defaults, by the attribute that names them.
        for (attribute, suffix) in [
            (".default_route_table_id", "main_route_table"), (".main_route_table_id", "main_route_table"),
            (".default_network_acl_id", "default_network_acl"),
            (".default_security_group_id", "default_security_group"),
        ] where text.hasSuffix(attribute) {
            let vpcReference = String(text.dropLast(attribute.count))
            guard let vpcs = resolve(vpcReference, from: resource), let vpc = vpcs.first else { return nil }
            return [defaultOf(vpc: vpc, suffix)]
        }
        // A gateway endpoint's `prefix_list_id`: its service's prefix list, as its routes name it.
        if text.hasSuffix(".prefix_list_id") {
            let endpointReference = String(text.dropLast(".prefix_list_id".count))
            guard let endpoints = resolve(endpointReference, from: resource), let endpoint = endpoints.first else {
                return nil
            }
            let service = serviceName(ofEndpoint: endpoint)
            return [facts.prefixListByName["\(account)/\(region)/\(service)"] ?? "\(service) prefix list"]
        }
        for suffix in [".id", ".arn", ".name", ".allocation_id", ".vpc_id"] where text.hasSuffix(suffix) {
            text = String(text.dropLast(suffix.count))
        }
        if let index = plan.byAddress[text] { return [name(plan.resources[index])] }
        let (base, index) = Self.configAddress(text)
        let all = instances(of: base)
        guard !all.isEmpty else { return nil }
        if let index, let one = all.first(where: { $0.index == index }) { return [name(one)] }
        // `count.index`: the instance with the referring one's index.
        if let own = resource.index, let same = all.first(where: { $0.index == own }), all.count > 1 {
            return [name(same)]
        }
        return all.count == 1 ? [name(all[0])] : all.map(name)
    }

    /// The main route table, default network ACL or default security group of `vpc` (a name in
    /// answers): AWS's, named after a created VPC's address, or the inventory's for a live one.
    func defaultOf(vpc: String, _ suffix: String) -> String {
        if let created = plan.resources.first(where: { $0.type == "aws_vpc" && name($0) == vpc && $0.action == .create }
        ) {
            return "\(created.address).\(suffix)"
        }
        let kind: TemplateSet.DefaultKind =
            suffix == "main_route_table"
            ? .mainRouteTable : suffix == "default_network_acl" ? .networkACL : .securityGroup
        return facts.defaults[vpc]?[kind] ?? "\(vpc).\(suffix)"
    }

    /// A value of the resource after apply: its text, or the resource its unknown value will
    /// be made from, or a named unknown.
    func text(_ resource: TerraformPlan.Resource, _ key: String, in values: [String: Any]? = nil, path: String? = nil)
        -> String?
    {
        let values = values ?? resource.after ?? [:]
        if let value = values[key] {
            if let text = value as? String { return text }
            if let number = value as? NSNumber { return number.stringValue }
        }
        let path = path ?? key
        guard Self.isUnknown(resource.afterUnknown, path) else { return nil }
        for reference in plan.references["\(Self.configAddress(resource.address).base)|\(path)"] ?? [] {
            if let names = resolve(reference, from: resource), let first = names.first { return first }
        }
        // The JSON keeps no trace through a `local` (a module's `local.vpc_id`): a VPC ID is
        // then the module's one VPC, or the plan's, when there is exactly one.
        if path.hasSuffix("vpc_id") {
            let vpcs = plan.resources.filter { $0.type == "aws_vpc" && $0.action != .delete }
            let local = vpcs.filter { $0.module == resource.module }
            if local.count == 1 { return name(local[0]) }
            if vpcs.count == 1 { return name(vpcs[0]) }
        }
        return "unresolved: \(resource.address).\(path) (known after apply)"
    }

    /// What each distinct reference of an attribute resolves to, in the configuration's order.
    /// Terraform lists each step of a reference (`aws_subnet.a["x"].id`, `aws_subnet.a["x"]`,
    /// `aws_subnet.a`): a step of one already followed is the same reference.
    func distinctResolutions(_ resource: TerraformPlan.Resource, _ path: String) -> [[String]] {
        var used: [String] = []
        var out: [[String]] = []
        for reference in plan.references["\(Self.configAddress(resource.address).base)|\(path)"] ?? [] {
            if used.contains(where: {
                $0 == reference || $0.hasPrefix(reference + ".") || $0.hasPrefix(reference + "[")
            }) {
                continue
            }
            if let names = resolve(reference, from: resource) {
                used.append(reference)
                out.append(names)
            }
        }
        return out
    }

    /// A list of texts (subnet IDs, group IDs), its unknowns followed through references.
    func texts(_ resource: TerraformPlan.Resource, _ key: String, in values: [String: Any]? = nil, path: String? = nil)
        -> [String]
    {
        let values = values ?? resource.after ?? [:]
        let path = path ?? key
        let unknown = Self.unknownFlags(resource.afterUnknown, path)
        if let list = values[key] as? [Any], !(unknown == .whole) {
            var out: [String] = []
            let resolved = distinctResolutions(resource, path)
            for (index, element) in list.enumerated() {
                if let text = element as? String {
                    out.append(text)
                } else if case .elements(let flags) = unknown, index < flags.count, flags[index] {
                    if resolved.count == list.count, let name = resolved[index].first {
                        out.append(name)
                    } else if let names = resolved.first, index < names.count {
                        out.append(names[index])
                    } else {
                        out.append("unresolved: \(resource.address).\(path)[\(index)] (known after apply)")
                    }
                }
            }
            return out
        }
        guard unknown != .known else { return [] }
        var out: [String] = []
        for names in distinctResolutions(resource, path) {
            for name in names where !out.contains(name) { out.append(name) }
        }
        return out.isEmpty ? ["unresolved: \(resource.address).\(path) (known after apply)"] : out
    }

    enum Unknown: Equatable {
        case known, whole
        case elements([Bool])
    }

    static func unknownFlags(_ flags: [String: Any], _ path: String) -> Unknown {
        var current: Any? = flags
        for part in path.split(separator: ".") {
            if let object = current as? [String: Any] {
                current = object[String(part)]
            } else if let list = current as? [Any], let first = list.first {
                current = (first as? [String: Any])?[String(part)]
            } else {
                return .known
            }
        }
        if current as? Bool == true { return .whole }
        if let list = current as? [Any] { return .elements(list.map { $0 as? Bool == true }) }
        return .known
    }

    static func isUnknown(_ flags: [String: Any], _ path: String) -> Bool { unknownFlags(flags, path) != .known }

    /// The directions (`egress` false: ingress) whose rules a security group resource
    /// (aws_security_group, aws_default_security_group) says. `ingress` and `egress` are
    /// processed in attribute-as-blocks mode: an update leaves a direction the configuration does
    /// not set as it is. A created group, and a default group adopted, is wholly the plan's.
    func ruleDirections(_ r: TerraformPlan.Resource) -> [Bool] {
        guard r.action == .update else { return [false, true] }
        let set = plan.configured[Self.configAddress(r.address).base]
        return [("ingress", false), ("egress", true)].filter { set?.contains($0.0) ?? true }.map(\.1)
    }

    static func bool(_ values: [String: Any]?, _ key: String) -> Bool? {
        (values?[key] as? NSNumber)?.boolValue ?? (values?[key] as? Bool)
    }

    static func int(_ values: [String: Any]?, _ key: String) -> Int? {
        (values?[key] as? NSNumber)?.intValue ?? (values?[key] as? String).flatMap { Int($0) }
    }

    static func blocks(_ values: [String: Any]?, _ key: String) -> [[String: Any]] {
        values?[key] as? [[String: Any]] ?? []
    }

    static func tagName(_ values: [String: Any]?) -> String? {
        (values?["tags"] as? [String: Any])?["Name"] as? String
    }
}
