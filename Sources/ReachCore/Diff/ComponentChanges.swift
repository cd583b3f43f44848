/// What changed of one component between two networks, in words a reader acts on: "route
/// 0.0.0.0/0 -> nat-04 removed", "ingress rule tcp 5432 sg-0a1 removed", "subnet-0b2 now
/// associated (was rtb-0c3)". The diff names these as the causes of a verdict that moved.
extension Network {
    /// The changes of the component with `id` from `old` to this network; empty when it is the
    /// same in both (or in neither).
    public func changes(of id: String, since old: Network) -> [String] {
        if let new = routeTables[id], let before = old.routeTables[id] {
            return Self.listChanges(
                before.routes.map(\.summary), new.routes.map(\.summary), item: "route")
                + Self.listChanges(before.associatedSubnets, new.associatedSubnets, item: "association with")
        }
        if let new = securityGroups[id], let before = old.securityGroups[id] {
            return Self.listChanges(before.ingress.map(\.summary), new.ingress.map(\.summary), item: "ingress rule")
                + Self.listChanges(before.egress.map(\.summary), new.egress.map(\.summary), item: "egress rule")
        }
        if let new = networkACLs[id], let before = old.networkACLs[id] {
            return Self.listChanges(before.inbound.map(\.summary), new.inbound.map(\.summary), item: "inbound entry")
                + Self.listChanges(before.outbound.map(\.summary), new.outbound.map(\.summary), item: "outbound entry")
                + Self.listChanges(before.associatedSubnets, new.associatedSubnets, item: "association with")
        }
        if let new = natGateways[id], let before = old.natGateways[id] {
            var out: [String] = []
            if before.state != new.state { out.append("state \(before.state) -> \(new.state)") }
            if before.subnetId != new.subnetId { out.append("subnet \(before.subnetId) -> \(new.subnetId)") }
            if before.isPublic != new.isPublic {
                out.append(
                    "connectivity \(before.isPublic ? "public" : "private") -> \(new.isPublic ? "public" : "private")")
            }
            return out.isEmpty && before != new ? ["changed"] : out
        }
        if let new = internetGateways[id] ?? egressOnlyInternetGateways[id],
            let before = old.internetGateways[id] ?? old.egressOnlyInternetGateways[id]
        {
            return Self.listChanges(before.attachedVPCs, new.attachedVPCs, item: "attachment to")
        }
        if let new = endpoints[id], let before = old.endpoints[id] {
            var out: [String] = []
            if before.state != new.state { out.append("state \(before.state) -> \(new.state)") }
            if before.privateDNSEnabled != new.privateDNSEnabled {
                out.append("private DNS \(new.privateDNSEnabled ? "enabled" : "disabled")")
            }
            if before.policy != new.policy { out.append("policy changed") }
            out += Self.listChanges(before.routeTableIds, new.routeTableIds, item: "route table")
            out += Self.listChanges(before.subnetIds, new.subnetIds, item: "subnet")
            out += Self.listChanges(before.securityGroupIds, new.securityGroupIds, item: "security group")
            return out.isEmpty && before != new ? ["changed"] : out
        }
        if let new = subnets[id], let before = old.subnets[id] {
            var out: [String] = []
            let table = { (network: Network) in network.routeTableBySubnet[id] ?? network.mainRouteTableByVPC[new.vpcId]
            }
            if let was = table(old), let now = table(self), was != now { out.append("route table \(was) -> \(now)") }
            let acl = { (network: Network) in
                network.networkACLBySubnet[id] ?? network.defaultNetworkACLByVPC[new.vpcId]
            }
            if let was = acl(old), let now = acl(self), was != now { out.append("network ACL \(was) -> \(now)") }
            if before.cidr != new.cidr {
                out.append("CIDR \(before.cidr?.description ?? "none") -> \(new.cidr?.description ?? "none")")
            }
            return out
        }
        if let new = peerings[id], let before = old.peerings[id] {
            return before.status != new.status
                ? ["status \(before.status) -> \(new.status)"] : before != new ? ["changed"] : []
        }
        if let new = transitGatewayRouteTables[id], let before = old.transitGatewayRouteTables[id] {
            return Self.listChanges(before.routes.map(\.summary), new.routes.map(\.summary), item: "route")
                + Self.listChanges(
                    before.propagatingAttachmentIds, new.propagatingAttachmentIds, item: "propagation from")
        }
        if let new = transitGatewayAttachments[id], let before = old.transitGatewayAttachments[id] {
            var out: [String] = []
            if before.state != new.state { out.append("state \(before.state) -> \(new.state)") }
            if before.associatedRouteTableId != new.associatedRouteTableId {
                out.append(
                    "associated with \(new.associatedRouteTableId ?? "no route table") (was \(before.associatedRouteTableId ?? "none"))"
                )
            }
            out += Self.listChanges(before.subnetIds, new.subnetIds, item: "subnet")
            return out.isEmpty && before != new ? ["changed"] : out
        }
        if let new = functions[id], let before = old.functions[id] {
            var out = Self.listChanges(before.subnetIds, new.subnetIds, item: "subnet")
            out += Self.listChanges(before.securityGroupIds, new.securityGroupIds, item: "security group")
            if before.roleArn != new.roleArn {
                out.append("role \(before.roleArn ?? "none") -> \(new.roleArn ?? "none")")
            }
            if before.state != new.state { out.append("state \(before.state ?? "?") -> \(new.state ?? "?")") }
            return out
        }
        if let new = roles[id], let before = old.roles[id] {
            return before != new ? ["policies changed"] : []
        }
        let oldDatabases = old.databases(identifiedBy: id)
        let newDatabases = databases(identifiedBy: id)
        if !oldDatabases.isEmpty || !newDatabases.isEmpty {
            if oldDatabases.isEmpty { return ["added"] }
            if newDatabases.isEmpty { return ["removed"] }
            let (before, new) = (oldDatabases[0], newDatabases[0])
            var out = Self.listChanges(before.securityGroupIds, new.securityGroupIds, item: "security group")
            out += Self.listChanges(before.subnetIds, new.subnetIds, item: "subnet")
            if before.port != new.port {
                out.append("port \(before.port.map(String.init) ?? "?") -> \(new.port.map(String.init) ?? "?")")
            }
            if before.status != new.status { out.append("status \(before.status ?? "?") -> \(new.status ?? "?")") }
            return out
        }
        if contains(id) != old.contains(id) { return [contains(id) ? "added" : "removed"] }
        return []
    }

    /// Whether the network holds a component by that ID, of any kind.
    func contains(_ id: String) -> Bool {
        routeTables[id] != nil || securityGroups[id] != nil || networkACLs[id] != nil || natGateways[id] != nil
            || internetGateways[id] != nil || egressOnlyInternetGateways[id] != nil || endpoints[id] != nil
            || subnets[id] != nil || peerings[id] != nil || transitGatewayRouteTables[id] != nil
            || transitGatewayAttachments[id] != nil || transitGateways[id] != nil || functions[id] != nil
            || roles[id] != nil || vpcs[id] != nil
    }

    /// `item X removed` and `item Y added` for what one list has and the other does not, in the
    /// lists' orders.
    static func listChanges(_ before: [String], _ after: [String], item: String) -> [String] {
        let was = Set(before)
        let now = Set(after)
        return before.filter { !now.contains($0) }.map { "\(item) \($0) removed" }
            + after.filter { !was.contains($0) }.map { "\(item) \($0) added" }
    }
}
