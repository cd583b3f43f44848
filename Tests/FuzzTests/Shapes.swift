import Foundation

/// What AWS prints for the parts of an export that decide reachability, written for the fuzz
/// test from the AWS API reference and independently of the importer's checks: it is the
/// oracle that says whether a mutated value is one AWS could print there (legal) or not
/// (illegal), and so whether a verdict that opened up is the tool's fault.
///
/// A legal value that opens a path (a DENY entry changed to `allow`, a route's destination
/// narrowed, a blackhole made `active`) is a different network, not a fail-open of the tool.
/// An illegal one (`State: "Blackhole"`, `Egress: null`, a port of -1 on a tcp entry) must be
/// refused, or at least warned about, because whatever the tool reads it as is a guess.
///
/// Strict except for spellings the importer documents reading as written: protocol names in
/// any case (docs/import-checks.md), `RuleAction` in any case, and whole numbers written as a
/// number with no fraction (`100.0`, `1e2`) or as a string of digits ("Some exports print
/// numbers as strings", Fields.optionalInt). Reading those as written opens nothing that the
/// value does not say.
enum Shapes {
    /// The parts of an export the fail-open property covers: the network ACL entries, routes
    /// and security group rules the solver walks, each a top-level list of a document.
    enum Scope: String, Codable, CaseIterable, Sendable {
        case networkACLEntries = "network ACL entries"
        case routes = "routes"
        case securityGroupRules = "security group rules"
        case transitGatewayRoutes = "transit gateway routes"
    }

    /// The scope a mutation at `components` (the keys and `[i]` indexes of its path) falls in,
    /// with the top-level key of the list it checks: nil when the mutation touches no rule or
    /// route (a VPC's name, an ACL's associations, a route table's VPC).
    static func scope(of components: [String], in document: Node) -> (Scope, String)? {
        guard let top = components.first else { return nil }
        // The list itself, one element of it, or a path through the rules of an element.
        func within(_ ruleKeys: Set<String>) -> Bool {
            components.count <= 2 || ruleKeys.contains(components[2])
        }
        switch top {
        case "NetworkAcls" where within(["Entries"]): return (.networkACLEntries, top)
        case "RouteTables" where within(["Routes"]): return (.routes, top)
        case "SecurityGroups" where within(["IpPermissions", "IpPermissionsEgress"]):
            return (.securityGroupRules, top)
        case "SecurityGroupRules": return (.securityGroupRules, top)
        case "TransitGatewayStaticRoutes" where within(["Routes"]): return (.transitGatewayRoutes, top)
        case "Routes" where document.has("TransitGatewayRouteTableId"): return (.transitGatewayRoutes, top)
        default: return nil
        }
    }

    /// What the rest of the export says that a rule's legality depends on.
    struct Context: Sendable {
        /// The type of each VPC endpoint (`Gateway`, `Interface`, `GatewayLoadBalancer`): a
        /// route reaches a gateway endpoint only by its prefix list, a Gateway Load Balancer
        /// endpoint by any destination, an interface endpoint never.
        var endpointTypes: [String: String] = [:]
        /// The service of each VPC endpoint, and the name of each prefix list (a service's name
        /// for AWS's own lists): a gateway endpoint's route is its own service's prefix list.
        var endpointServices: [String: String] = [:]
        var prefixListNames: [String: String] = [:]

        init(documents: [Node] = []) {
            for document in documents {
                for endpoint in document["VpcEndpoints"]?.elements ?? [] {
                    guard let id = endpoint["VpcEndpointId"]?.text else { continue }
                    endpointTypes[id] = endpoint["VpcEndpointType"]?.text ?? "Gateway"
                    endpointServices[id] = endpoint["ServiceName"]?.text
                }
                for list in document["PrefixLists"]?.elements ?? [] {
                    guard let id = list["PrefixListId"]?.text else { continue }
                    prefixListNames[id] = list["PrefixListName"]?.text
                }
            }
        }
    }

    /// Why the list under `key` (a document's top-level value) is not what AWS prints, or nil
    /// when it is. Only the parts the scope covers are checked.
    static func problem(_ scope: Scope, key: String, list: Node?, context: Context = Context()) -> String? {
        guard let list else { return "the \(key) list is missing" }
        guard let elements = list.elements else { return "\(key) is a \(list.typeName), not a list" }
        for (index, element) in elements.enumerated() {
            let problem: String?
            switch scope {
            case .networkACLEntries: problem = networkACL(element)
            case .routes: problem = routeTable(element, context)
            case .securityGroupRules:
                problem = key == "SecurityGroupRules" ? securityGroupRule(element) : securityGroup(element)
            case .transitGatewayRoutes:
                problem = key == "Routes" ? transitGatewayRoute(element) : transitGatewayStaticRoutes(element)
            }
            if let problem { return "\(key)[\(index)]: \(problem)" }
        }
        return nil
    }

    /// What a mutation took away that AWS always prints, comparing the list before and after:
    /// the default (`*`, 32767) entries of an ACL and a route table's local route exist in
    /// every export, so an ACL or route table left with fewer of them is not one AWS prints
    /// (an ACL or route table removed as a whole is: it was deleted).
    static func removedDefaults(_ scope: Scope, before: Node?, after: Node?) -> String? {
        func counts(_ list: Node?, id: String, under key: String, _ matches: (Node) -> Bool) -> [String: Int] {
            var result: [String: Int] = [:]
            for element in list?.elements ?? [] {
                guard let name = element[id]?.text else { continue }
                result[name, default: 0] += (element[key]?.elements ?? []).filter(matches).count
            }
            return result
        }
        switch scope {
        case .networkACLEntries:
            let isDefault = { (entry: Node) in entry["RuleNumber"].flatMap(wholeNumber) == 32767 }
            let old = counts(before, id: "NetworkAclId", under: "Entries", isDefault)
            for (id, count) in counts(after, id: "NetworkAclId", under: "Entries", isDefault) where count < old[id] ?? 0
            {
                return "\(id) lost a default (*) entry, which every ACL has"
            }
        case .routes:
            // The local route's target may be replaced (a middlebox, AWS since 2021), not the
            // route itself: its destination stays in the table.
            var local: [String: Set<String>] = [:]
            for table in before?.elements ?? [] {
                guard let id = table["RouteTableId"]?.text else { continue }
                for route in table["Routes"]?.elements ?? [] where route["GatewayId"]?.text == "local" {
                    local[id, default: []].insert(route["DestinationCidrBlock"]?.text ?? "")
                }
            }
            for table in after?.elements ?? [] {
                guard let id = table["RouteTableId"]?.text, let destinations = local[id] else { continue }
                let kept = Set((table["Routes"]?.elements ?? []).compactMap { $0["DestinationCidrBlock"]?.text })
                if !destinations.isSubset(of: kept) {
                    return "\(id) lost its local route, which every route table has"
                }
            }
        case .securityGroupRules, .transitGatewayRoutes: break
        }
        return nil
    }

    // MARK: Network ACLs (describe-network-acls)

    static func networkACL(_ acl: Node) -> String? {
        guard case .object = acl else { return "not an object" }
        guard let entries = acl["Entries"] else { return "no Entries" }
        guard let list = entries.elements else { return "Entries is a \(entries.typeName)" }
        var seen: [String: Node] = [:]
        for (index, entry) in list.enumerated() {
            if let problem = networkACLEntry(entry) { return "Entries[\(index)]: \(problem)" }
            // One entry per rule number and direction, except the IPv4 and IPv6 default entries.
            let key = "\(entry["Egress"] == .bool(true)) \(entry["RuleNumber"].flatMap(wholeNumber) ?? 0)"
            if let first = seen[key] {
                let twins =
                    entry["RuleNumber"].flatMap(wholeNumber) == 32767
                    && first.has("CidrBlock") != entry.has("CidrBlock")
                if !twins { return "Entries[\(index)]: a second entry with rule number and direction \(key)" }
            }
            seen[key] = entry
        }
        return nil
    }

    static let networkACLEntryKeys: Set<String> = [
        "CidrBlock", "Ipv6CidrBlock", "Egress", "IcmpTypeCode", "PortRange", "Protocol", "RuleAction", "RuleNumber",
    ]

    static func networkACLEntry(_ entry: Node) -> String? {
        guard case .object(let members) = entry else { return "not an object" }
        if let problem = noNulls(members, networkACLEntryKeys) { return problem }
        guard case .bool = entry["Egress"] else { return "Egress is not a boolean" }
        // 32767 is the IPv4 default (`*`) entry; AWS prints the IPv6 one (`::/0`) as 32768.
        guard let number = entry["RuleNumber"].flatMap(wholeNumber), (1...32768).contains(number) else {
            return "RuleNumber is not 1-32768"
        }
        if number == 32768 && !entry.has("Ipv6CidrBlock") { return "RuleNumber 32768 on an entry that is not IPv6" }
        guard let action = entry["RuleAction"]?.text?.lowercased(), action == "allow" || action == "deny" else {
            return "RuleAction is not allow or deny"
        }
        // The default (`*`) entries always deny: no call creates or changes an entry above 32766.
        if number >= 32767 && action == "allow" { return "the default entry \(number) allows" }
        guard let ipProtocol = entry["Protocol"]?.text, let kind = protocolKind(ipProtocol, names: true) else {
            return "Protocol is not -1 or 0-255"
        }
        switch (entry["CidrBlock"], entry["Ipv6CidrBlock"]) {
        case (let v4?, nil): if !isIPv4CIDR(v4.text) { return "CidrBlock is not an IPv4 CIDR" }
        case (nil, let v6?): if !isIPv6CIDR(v6.text) { return "Ipv6CidrBlock is not an IPv6 CIDR" }
        default: return "not exactly one of CidrBlock and Ipv6CidrBlock"
        }
        if let range = entry["PortRange"] {
            guard let from = range["From"].flatMap(wholeNumber), let to = range["To"].flatMap(wholeNumber),
                (0...65535).contains(from), (0...65535).contains(to), from <= to
            else { return "PortRange is not From <= To in 0-65535" }
        } else if kind == .ports {
            return "a tcp or udp entry without PortRange"
        }
        if let icmp = entry["IcmpTypeCode"] {
            guard case .object = icmp else { return "IcmpTypeCode is not an object" }
            for key in ["Type", "Code"] where icmp.has(key) {
                guard let value = icmp[key].flatMap(wholeNumber), (-1...255).contains(value) else {
                    return "IcmpTypeCode.\(key) is not -1-255"
                }
            }
        }
        return nil
    }

    // MARK: Routes (describe-route-tables)

    static func routeTable(_ table: Node, _ context: Context) -> String? {
        guard case .object = table else { return "not an object" }
        guard let routes = table["Routes"] else { return "no Routes" }
        guard let list = routes.elements else { return "Routes is a \(routes.typeName)" }
        var destinations = Set<String>()
        for (index, route) in list.enumerated() {
            if let problem = Self.route(route, context) { return "Routes[\(index)]: \(problem)" }
            // A route table has one route per destination (CreateRoute refuses a second), and
            // beside it at most one that a virtual private gateway propagates.
            let destination =
                ["DestinationCidrBlock", "DestinationIpv6CidrBlock", "DestinationPrefixListId"]
                .compactMap { route[$0]?.text }.joined()
                + (route["Origin"]?.text == "EnableVgwRoutePropagation" ? " (propagated)" : "")
            if !destinations.insert(destination).inserted {
                return "Routes[\(index)]: a second route to \(destination)"
            }
        }
        return nil
    }

    /// The keys a route's target is printed under, with the ID each holds. A route to an
    /// instance prints its InstanceId, InstanceOwnerId and NetworkInterfaceId together.
    static let routeTargets: [(key: String, legal: @Sendable (String) -> Bool)] = [
        ("GatewayId", { $0 == "local" || isID($0, "igw-") || isID($0, "vgw-") || isID($0, "vpce-") }),
        ("NatGatewayId", { isID($0, "nat-") }), ("TransitGatewayId", { isID($0, "tgw-") }),
        ("VpcPeeringConnectionId", { isID($0, "pcx-") }),
        ("EgressOnlyInternetGatewayId", { isID($0, "eigw-") }), ("NetworkInterfaceId", { isID($0, "eni-") }),
        ("InstanceId", { isID($0, "i-") }), ("InstanceOwnerId", isAccount),
        ("CarrierGatewayId", { isID($0, "cagw-") }), ("LocalGatewayId", { isID($0, "lgw-") }),
        ("CoreNetworkArn", { $0.hasPrefix("arn:aws:networkmanager::") }),
    ]

    static let routeKeys: Set<String> = Set(routeTargets.map(\.key)).union([
        "DestinationCidrBlock", "DestinationIpv6CidrBlock", "DestinationPrefixListId", "State", "Origin",
    ])

    static func route(_ route: Node, _ context: Context) -> String? {
        guard case .object(let members) = route else { return "not an object" }
        if let problem = noNulls(members, routeKeys) { return problem }
        let destinations = [
            route["DestinationCidrBlock"].map { isIPv4CIDR($0.text) },
            route["DestinationIpv6CidrBlock"].map { isIPv6CIDR($0.text) },
            route["DestinationPrefixListId"].map { isID($0.text, "pl-") },
        ].compactMap { $0 }
        guard destinations == [true] else { return "not exactly one legal destination" }
        var targets: [String] = []
        for (key, legal) in routeTargets {
            guard let value = route[key] else { continue }
            guard let text = value.text, legal(text) else { return "\(key) is not an ID of its kind" }
            targets.append(key)
        }
        let instance: Set<String> = ["NetworkInterfaceId", "InstanceId", "InstanceOwnerId"]
        guard targets.count == 1 || (!targets.isEmpty && Set(targets).isSubset(of: instance)) else {
            return "not exactly one target (\(targets))"
        }
        if let endpoint = route["GatewayId"]?.text, let type = context.endpointTypes[endpoint] {
            switch type {
            case "Gateway" where !route.has("DestinationPrefixListId"):
                return
                    "a route to the gateway endpoint \(endpoint) by a CIDR (AWS routes to one only by its prefix list)"
            case "Gateway":
                let list = route["DestinationPrefixListId"]?.text ?? ""
                if let service = context.endpointServices[endpoint], let name = context.prefixListNames[list],
                    service != name
                {
                    return "a route to the \(service) endpoint \(endpoint) by the prefix list of \(name)"
                }
            case "Interface": return "a route to the interface endpoint \(endpoint) (not a route target)"
            default: break
            }
        }
        guard let state = route["State"]?.text, state == "active" || state == "blackhole" else {
            return "State is not active or blackhole"
        }
        // The local route has no target that can go away.
        if route["GatewayId"]?.text == "local" && state != "active" { return "a local route that is not active" }
        if let origin = route["Origin"] {
            guard let text = origin.text,
                ["CreateRouteTable", "CreateRoute", "EnableVgwRoutePropagation"].contains(text)
            else { return "Origin is not one AWS prints" }
        }
        return nil
    }

    // MARK: Transit gateway routes (search-transit-gateway-routes, Batfish's static routes)

    static func transitGatewayStaticRoutes(_ element: Node) -> String? {
        guard case .object = element, let routes = element["Routes"]?.elements else { return "no Routes list" }
        for (index, route) in routes.enumerated() {
            if let problem = transitGatewayRoute(route) { return "Routes[\(index)]: \(problem)" }
        }
        return nil
    }

    static func transitGatewayRoute(_ route: Node) -> String? {
        guard case .object(let members) = route else { return "not an object" }
        let keys: Set<String> = [
            "DestinationCidrBlock", "PrefixListId", "State", "Type", "TransitGatewayAttachments",
        ]
        if let problem = noNulls(members, keys) { return problem }
        let destinations = [
            route["DestinationCidrBlock"].map { isIPv4CIDR($0.text) || isIPv6CIDR($0.text) },
            route["PrefixListId"].map { isID($0.text, "pl-") },
        ].compactMap { $0 }
        guard destinations == [true] else { return "not exactly one legal destination" }
        guard let state = route["State"]?.text,
            ["active", "blackhole", "pending", "deleting", "deleted"].contains(state)
        else { return "State is not one AWS prints" }
        guard let type = route["Type"]?.text, type == "static" || type == "propagated" else {
            return "Type is not static or propagated"
        }
        if let attachments = route["TransitGatewayAttachments"] {
            guard let list = attachments.elements else { return "TransitGatewayAttachments is not a list" }
            for attachment in list {
                guard let id = attachment["TransitGatewayAttachmentId"]?.text, isID(id, "tgw-attach-") else {
                    return "an attachment without its ID"
                }
                for key in ["ResourceId", "ResourceType"] where attachment.has(key) {
                    guard let text = attachment[key]?.text, !text.isEmpty else { return "an attachment's \(key)" }
                }
            }
        }
        return nil
    }

    // MARK: Security groups (describe-security-groups, describe-security-group-rules)

    static func securityGroup(_ group: Node) -> String? {
        guard case .object = group else { return "not an object" }
        guard let id = group["GroupId"]?.text, isID(id, "sg-") else { return "no GroupId" }
        for key in ["IpPermissions", "IpPermissionsEgress"] {
            // AWS prints both lists for every group, [] when it has no rules in that direction.
            guard let value = group[key] else { return group.has(key) ? "\(key) is null" : "no \(key)" }
            guard let permissions = value.elements else { return "\(key) is a \(value.typeName)" }
            for (index, permission) in permissions.enumerated() {
                if let problem = securityGroupPermission(permission) { return "\(key)[\(index)]: \(problem)" }
            }
        }
        return nil
    }

    static func securityGroupPermission(_ permission: Node) -> String? {
        guard case .object(let members) = permission else { return "not an object" }
        let lists = ["IpRanges", "Ipv6Ranges", "PrefixListIds", "UserIdGroupPairs"]
        if let problem = noNulls(members, Set(lists + ["IpProtocol", "FromPort", "ToPort"])) { return problem }
        if let problem = securityGroupPorts(permission) { return problem }
        for key in lists {
            guard let value = permission[key] else { continue }
            guard let peers = value.elements else { return "\(key) is a \(value.typeName)" }
            for (index, peer) in peers.enumerated() {
                guard case .object(let fields) = peer else { return "\(key)[\(index)] is not an object" }
                let required: (String, (String) -> Bool) =
                    switch key {
                    case "IpRanges": ("CidrIp", isIPv4CIDR)
                    case "Ipv6Ranges": ("CidrIpv6", isIPv6CIDR)
                    case "PrefixListIds": ("PrefixListId", { isID($0, "pl-") })
                    default: ("GroupId", { isID($0, "sg-") })
                    }
                let optional: [(String, (String) -> Bool)] = [
                    ("Description", { !hasControlCharacter($0) }), ("UserId", { isAccount($0) || $0 == "amazon-elb" }),
                    ("VpcId", { isID($0, "vpc-") }), ("VpcPeeringConnectionId", { isID($0, "pcx-") }),
                ]
                if let problem = noNulls(fields, Set([required.0] + optional.map(\.0))) {
                    return "\(key)[\(index)]: \(problem)"
                }
                guard let text = peer[required.0]?.text, required.1(text) else {
                    return "\(key)[\(index)].\(required.0) is not legal"
                }
                for (field, legal) in optional where peer.has(field) {
                    guard let text = peer[field]?.text, legal(text) else { return "\(key)[\(index)].\(field)" }
                }
            }
        }
        return nil
    }

    static func securityGroupRule(_ rule: Node) -> String? {
        guard case .object(let members) = rule else { return "not an object" }
        let keys: Set<String> = [
            "GroupId", "IsEgress", "IpProtocol", "FromPort", "ToPort", "CidrIpv4", "CidrIpv6", "PrefixListId",
            "ReferencedGroupInfo", "SecurityGroupRuleId", "Description",
        ]
        if let problem = noNulls(members, keys) { return problem }
        guard let group = rule["GroupId"]?.text, isID(group, "sg-") else { return "GroupId is not a group ID" }
        guard case .bool = rule["IsEgress"] else { return "IsEgress is not a boolean" }
        if let problem = securityGroupPorts(rule) { return problem }
        let peers = [
            rule["CidrIpv4"].map { isIPv4CIDR($0.text) }, rule["CidrIpv6"].map { isIPv6CIDR($0.text) },
            rule["PrefixListId"].map { isID($0.text, "pl-") },
            rule["ReferencedGroupInfo"].map { $0["GroupId"]?.text.map { isID($0, "sg-") } ?? false },
        ].compactMap { $0 }
        guard peers == [true] else { return "not exactly one legal peer" }
        if let id = rule["SecurityGroupRuleId"], !isID(id.text, "sgr-") { return "SecurityGroupRuleId" }
        if let description = rule["Description"], description.text.map(hasControlCharacter) != false {
            return "Description"
        }
        return nil
    }

    /// IpProtocol, FromPort and ToPort of a security group rule: tcp and udp need both ports in
    /// 0-65535, in order; ICMP types and codes are -1-255; protocol -1 has none, or -1/-1 as
    /// describe-security-group-rules prints them.
    static func securityGroupPorts(_ rule: Node) -> String? {
        guard let ipProtocol = rule["IpProtocol"]?.text, let kind = protocolKind(ipProtocol, names: true) else {
            return "IpProtocol is not -1, a name or 0-255"
        }
        let from = rule["FromPort"].map { wholeNumber($0) ?? Int.min }
        let to = rule["ToPort"].map { wholeNumber($0) ?? Int.min }
        switch kind {
        case .ports:
            guard let from, let to, (0...65535).contains(from), (0...65535).contains(to), from <= to else {
                return "a tcp or udp rule without FromPort <= ToPort in 0-65535"
            }
        case .icmp:
            for port in [from, to] where port.map({ !(-1...255).contains($0) }) ?? false {
                return "an ICMP type or code outside -1-255"
            }
        case .all:
            // AWS ignores the ports of an all-traffic rule (and prints none, or -1/-1): any
            // whole number is read as AWS reads it.
            for port in [from, to] where port == Int.min { return "a port that is not a whole number" }
        case .other:
            for port in [from, to] where port.map({ !(-1...65535).contains($0) }) ?? false {
                return "a port outside -1-65535"
            }
        }
        return nil
    }

    // MARK: Values

    enum ProtocolKind { case all, ports, icmp, other }

    /// What a protocol is: `-1` (all), a name (any case, where `names`), or a number 0-255.
    static func protocolKind(_ text: String, names: Bool) -> ProtocolKind? {
        switch names ? text.lowercased() : text {
        case "-1", "all": return .all
        case "tcp", "udp", "6", "17": return .ports
        case "icmp", "icmpv6", "1", "58": return .icmp
        default:
            guard (1...3).contains(text.utf8.count), text.utf8.allSatisfy({ (48...57).contains($0) }),
                let number = Int(text), number <= 255
            else { return nil }
            return .other
        }
    }

    /// A whole number as the importer documents reading it: an integer, a number with no
    /// fraction, or a string of digits.
    static func wholeNumber(_ node: Node) -> Int? {
        switch node {
        case .number(let literal):
            if let number = Int(literal) { return number }
            guard let number = Double(literal), number.isFinite, number.rounded() == number, abs(number) < 1e15 else {
                return nil
            }
            return Int(number)
        case .string(let text): return Int(text)
        default: return nil
        }
    }

    /// A key of `keys` present with the value null: the AWS CLI prints a value or leaves the
    /// key out, never null, and an importer that takes null for "absent" reads a DENY without
    /// its direction as an inbound one.
    static func noNulls(_ members: [Node.Member], _ keys: Set<String>) -> String? {
        for member in members where member.value == .null && keys.contains(member.key) {
            return "\(member.key) is null"
        }
        return nil
    }

    /// `prefix` then 1 to 64 lower-case letters, digits and inner hyphens (docs/import-checks.md:
    /// real IDs are 8 or 17 hex digits; emulators and fixtures use names such as `vpc-0app`).
    static func isID(_ text: String?, _ prefix: String) -> Bool {
        guard let text, text.hasPrefix(prefix) else { return false }
        let body = text.utf8.dropFirst(prefix.utf8.count)
        guard (1...64).contains(body.count), body.first != UInt8(ascii: "-"), body.last != UInt8(ascii: "-") else {
            return false
        }
        return body.allSatisfy { (48...57).contains($0) || (97...122).contains($0) || $0 == UInt8(ascii: "-") }
    }

    static func isAccount(_ text: String) -> Bool {
        text.utf8.count == 12 && text.utf8.allSatisfy { (48...57).contains($0) }
    }

    /// A dotted quad with a prefix length: each part 0-255 without leading zeros (`010` is
    /// octal to inet_aton and decimal to others: a value that two readers read as two
    /// networks), the prefix 0-32 (`/08` is unambiguous: taken as written).
    static func isIPv4CIDR(_ text: String?) -> Bool {
        guard let text else { return false }
        let halves = text.split(separator: "/", omittingEmptySubsequences: false)
        guard halves.count == 2, let prefix = decimal(halves[1], leadingZeros: true), prefix <= 32 else {
            return false
        }
        let octets = halves[0].split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets.allSatisfy { decimal($0).map { $0 <= 255 } ?? false }
    }

    /// An IPv6 address as inet_pton reads it, with a prefix length 0-128.
    static func isIPv6CIDR(_ text: String?) -> Bool {
        guard let text else { return false }
        let halves = text.split(separator: "/", omittingEmptySubsequences: false)
        guard halves.count == 2, let prefix = decimal(halves[1]), prefix <= 128, halves[0].contains(":") else {
            return false
        }
        var address = in6_addr()
        return inet_pton(AF_INET6, String(halves[0]), &address) == 1
    }

    /// 1 to 3 ASCII digits, with no leading zero (but `0` itself) unless `leadingZeros`.
    private static func decimal(_ text: Substring, leadingZeros: Bool = false) -> Int? {
        guard (1...3).contains(text.utf8.count), text.utf8.allSatisfy({ (48...57).contains($0) }),
            leadingZeros || text == "0" || !text.hasPrefix("0")
        else { return nil }
        return Int(text)
    }

    static func hasControlCharacter(_ text: String) -> Bool {
        text.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }
    }
}
