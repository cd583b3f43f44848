/// Who else uses a route table or a security group of the inventory: what closing a path there
/// changes besides the function whose `must not reach` expectation the fix is for.
///
/// A route table carries every subnet associated with it (and the main table every subnet
/// associated with none); a security group's rules apply to every interface that has it. A fix
/// that deletes a shared route or revokes a shared rule closes the path for the function and,
/// silently, for everything else that used it: the fix says who that is, and how to close the
/// path for the one function alone. Built only for an audit that has such an expectation.
struct ComponentUsers: Sendable {
    /// Subnets by the route table they use (`Network.routeTable(forSubnet:)`), sorted.
    private var subnetsByTable: [String: [String]] = [:]
    /// Function names by subnet and by security group, sorted.
    private var functionsBySubnet: [String: [String]] = [:]
    private var functionsByGroup: [String: [String]] = [:]

    /// No users known: an audit without `must not reach` expectations never asks.
    static let none = ComponentUsers()

    private init() {}

    init(network: Network) {
        for subnet in network.subnets.keys {
            if let table = network.routeTable(forSubnet: subnet) {
                subnetsByTable[table.id, default: []].append(subnet)
            }
        }
        for function in network.functions.values where function.isInVPC {
            for subnet in function.subnetIds { functionsBySubnet[subnet, default: []].append(function.name) }
            for group in function.securityGroupIds { functionsByGroup[group, default: []].append(function.name) }
        }
        subnetsByTable = subnetsByTable.mapValues { $0.sorted() }
        functionsBySubnet = functionsBySubnet.mapValues { Array(Set($0)).sorted() }
        functionsByGroup = functionsByGroup.mapValues { Array(Set($0)).sorted() }
    }

    /// What deleting a route of `table` changes besides `function`, as a shell comment line;
    /// nil when the table carries only the function's own subnets and no other function.
    func routeTableNote(_ table: String, function: LambdaFunction) -> String? {
        let own = Set(function.subnetIds)
        let subnets = (subnetsByTable[table] ?? []).filter { !own.contains($0) }
        var functions = Set<String>()
        for subnet in subnetsByTable[table] ?? [] { functions.formUnion(functionsBySubnet[subnet] ?? []) }
        functions.remove(function.name)
        var users: [String] = []
        if !subnets.isEmpty { users.append(Self.count(subnets, "other subnet", "other subnets")) }
        if !functions.isEmpty { users.append(Self.count(functions.sorted(), "other function", "other functions")) }
        guard !users.isEmpty else { return nil }
        return
            "#   \(table) is also the route table of \(users.joined(separator: " and ")): deleting the route cuts it for them too. To close the path for \(function.name) alone, associate its subnets with a route table of their own (aws ec2 create-route-table, then aws ec2 replace-route-table-association)."
    }

    /// What revoking a rule of `group` changes besides `function`, as a shell comment line; nil
    /// when no other function has the group.
    func groupNote(_ group: String, function: LambdaFunction) -> String? {
        let others = (functionsByGroup[group] ?? []).filter { $0 != function.name }
        guard !others.isEmpty else { return nil }
        return
            "#   \(group) is also a security group of \(Self.count(others, "other function", "other functions")): revoking the rule applies to them too. To close the path for \(function.name) alone, give it a security group of its own (aws lambda update-function-configuration --vpc-config)."
    }

    /// What revoking the destination's ingress `rule` changes besides `function`: the other
    /// functions it admits (a group peer) or the other subnets of the inventory in its range (a
    /// CIDR peer), as a shell comment line; nil when it admits nothing else known.
    func ingressNote(_ rule: SecurityGroupRule, network: Network, function: LambdaFunction) -> String? {
        let others: String
        switch rule.peer {
        case .group(let group):
            let names = (functionsByGroup[group] ?? []).filter { $0 != function.name }
            guard !names.isEmpty else { return nil }
            others = "every interface in \(group), also \(Self.count(names, "other function", "other functions"))"
        case .cidr(let range):
            let own = Set(function.subnetIds)
            let subnets = network.subnets.values.filter {
                !own.contains($0.id) && $0.cidr.map(range.overlaps) == true
            }.map(\.id).sorted()
            guard !subnets.isEmpty else { return nil }
            others = "all of \(range), also \(Self.count(subnets, "other subnet", "other subnets"))"
        case .ipv6, .prefixList:
            others = "all of \(rule.peerText), not only \(function.name)"
        }
        return
            "#   The rule admits \(others): revoking it cuts them off too. To close the path for \(function.name) alone, replace it with rules that name only what must still reach."
    }

    /// "2 other functions (a, b)", naming at most three.
    static func count(_ names: [String], _ one: String, _ many: String) -> String {
        let shown = names.prefix(3).joined(separator: ", ")
        let more = names.count > 3 ? " and \(names.count - 3) more" : ""
        return "\(names.count) \(names.count == 1 ? one : many) (\(shown)\(more))"
    }
}
