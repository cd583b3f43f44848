import Foundation
import GRDB
import ReachCore

/// The loader's reading of VPCs, subnets, routing, gateways, network ACLs and prefix lists.
extension Load {
    mutating func loadVPCs() throws {
        let b = Schema.VpcCidrBlocks.self
        var blockColumns = Selection()
        let blockVPC = blockColumns.add(b.vpcId)
        let family = blockColumns.add(b.family)
        let cidr = blockColumns.add(b.cidr)
        var ipv4: [String: [IPv4CIDR]] = [:]
        var ipv6: [String: [String]] = [:]
        try eachRow(
            "SELECT \(blockColumns) FROM \(b.table)\(filter(b.vpcId)) ORDER BY \(b.vpcId), \(b.cidr)", blockColumns,
            key: [blockVPC, cidr]
        ) { row in
            let id = try row.text(blockVPC)
            switch try row.text(family) {
            case "ipv4": ipv4[id, default: []].append(try Self.ipv4CIDR(row, cidr))
            case "ipv6": ipv6[id, default: []].append(try Self.ipv6Block(try row.text(cidr), cidr))
            default: break
            }
        }
        // describe-vpc-attribute values, for VPC rows that do not say.
        let a = Schema.VpcAttributes.self
        var attributeColumns = Selection()
        let attributeVPC = attributeColumns.add(a.vpcId)
        let attribute = attributeColumns.add(a.attribute)
        let value = attributeColumns.add(a.value)
        var attributes: [String: [String: Bool]] = [:]
        try eachRow(
            "SELECT \(attributeColumns) FROM \(a.table)\(filter(a.vpcId)) ORDER BY \(a.vpcId), \(a.attribute)",
            attributeColumns, key: [attributeVPC, attribute]
        ) { row in
            attributes[try row.text(attributeVPC), default: [:]][try row.text(attribute)] = try row.flag(value)
        }
        let dnsServers = try loadDNSServers()
        let v = Schema.Vpcs.self
        let s = Schema.Scopes.self
        var columns = Selection()
        let id = columns.add(v.vpcId, "v")
        let account = columns.add(s.accountId, "s")
        let region = columns.add(s.region, "s")
        let primaryCIDR = columns.add(v.cidrBlock, "v")
        let isDefault = columns.add(v.isDefault, "v")
        let tenancy = columns.add(v.instanceTenancy, "v")
        let dnsSupport = columns.add(v.enableDnsSupport, "v")
        let dnsHostnames = columns.add(v.enableDnsHostnames, "v")
        let name = columns.add(v.name, "v")
        let dhcpOptions = columns.add(v.dhcpOptionsId, "v")
        let blockMode = columns.add(v.blockPublicAccessMode, "v")
        try eachRow(
            """
            SELECT \(columns)
            FROM \(v.table) v JOIN \(s.table) s ON s.\(s.scopeId) = v.\(v.scopeId)\(filter(v.vpcId, "v"))
            """, columns, key: [id]
        ) { row in
            let vpcId = try row.text(id)
            let primary = try optionalCIDR(row, primaryCIDR)
            var cidrs = ipv4[vpcId] ?? []
            if cidrs.isEmpty, let primary { cidrs = [primary] }
            network.vpcs[vpcId] = VPC(
                id: vpcId, accountId: try row.text(account), region: try row.text(region), cidrs: cidrs,
                ipv6Cidrs: ipv6[vpcId] ?? [], isDefault: try row.flag(isDefault) ?? false,
                dedicatedTenancy: try row.optionalText(tenancy) == "dedicated",
                enableDnsSupport: try row.flag(dnsSupport) ?? attributes[vpcId]?[VPCAttribute.dnsSupport.name],
                enableDnsHostnames: try row.flag(dnsHostnames) ?? attributes[vpcId]?[VPCAttribute.dnsHostnames.name],
                name: try row.optionalText(name), primaryCIDR: primary,
                dnsServers: Self.dnsServers(options: try row.optionalText(dhcpOptions), known: dnsServers),
                blockPublicAccessMode: try Self.blockPublicAccessMode(row, blockMode))
        }
    }

    /// The DNS servers of each DHCP options set the loaded VPCs name, in order.
    mutating func loadDNSServers() throws -> [String: [String]] {
        let o = Schema.DhcpOptions.self
        let d = Schema.DhcpOptionsDnsServers.self
        let v = Schema.Vpcs.self
        var columns = Selection()
        let id = columns.add(o.dhcpOptionsId, "o")
        let server = columns.add(d.server, "d")
        let ordinal = columns.add(d.ordinal, "d")
        var servers: [String: [String]] = [:]
        // Every set, with its servers in order (a set with none has one row of NULLs).
        try eachRow(
            """
            SELECT \(columns) FROM \(o.table) o LEFT JOIN \(d.table) d ON d.\(d.dhcpOptionsId) = o.\(o.dhcpOptionsId)
            WHERE o.\(o.dhcpOptionsId) IN (SELECT v.\(v.dhcpOptionsId) FROM \(v.table) v\(filter(v.vpcId, "v")))
            ORDER BY o.\(o.dhcpOptionsId), d.\(d.ordinal)
            """, columns, key: [id, ordinal]
        ) { row in
            let options = try row.text(id)
            servers[options, default: []] += try row.optionalText(server).map { [$0] } ?? []
        }
        return servers
    }

    /// A VPC's DNS servers, from its `DhcpOptionsId` and the sets' servers.
    static func dnsServers(options: String?, known: [String: [String]]) -> DNSServers {
        guard let options else { return .unknown(optionsId: nil) }
        if options == "default" { return .amazon }
        guard let servers = known[options] else { return .unknown(optionsId: options) }
        if servers.isEmpty { return .none(optionsId: options) }
        if servers == [DNSServers.amazonProvided] { return .amazon }
        return .custom(optionsId: options, servers: servers)
    }

    mutating func loadSubnets() throws {
        let b = Schema.SubnetIpv6CidrBlocks.self
        let s = Schema.Subnets.self
        var blockColumns = Selection()
        let blockSubnet = blockColumns.add(b.subnetId)
        let cidr = blockColumns.add(b.cidr)
        let attribute = blockColumns.add(b.ipv6AddressAttribute)
        let blocks = try grouped(
            """
            SELECT \(blockColumns) FROM \(b.table) WHERE \(b.subnetId) IN (SELECT \(s.subnetId) FROM \(s.table)\(filter(s.vpcId)))
            ORDER BY \(b.subnetId), \(b.cidr)
            """, blockColumns, parent: blockSubnet, key: [blockSubnet, cidr]
        ) { row in
            (
                block: try Self.ipv6Block(try row.text(cidr), cidr),
                isPrivate: try row.optionalText(attribute) == "private"
            )
        }
        let ipv6 = blocks.mapValues { $0.map(\.block) }
        let privateIPv6 = blocks.mapValues { $0.filter(\.isPrivate).map(\.block) }
        var columns = Selection()
        let id = columns.add(s.subnetId)
        let vpc = columns.add(s.vpcId)
        let zone = columns.add(s.availabilityZone)
        let subnetCIDR = columns.add(s.cidrBlock)
        let free = columns.add(s.availableIpAddressCount)
        let mapPublicIP = columns.add(s.mapPublicIpOnLaunch)
        let name = columns.add(s.name)
        let zoneId = columns.add(s.availabilityZoneId)
        let owner = columns.add(s.ownerId)
        let blockMode = columns.add(s.blockPublicAccessMode)
        let dns64 = columns.add(s.enableDns64)
        let sc = Schema.Scopes.self
        let account = columns.add(
            "(SELECT \(sc.accountId) FROM \(sc.table) WHERE \(sc.scopeId) = \(s.table).\(s.scopeId))",
            from: sc.table)
        try eachRow(
            "SELECT \(columns) FROM \(s.table)\(filter(s.vpcId))", columns, key: [id]
        ) { row in
            let subnetId = try row.text(id)
            let ownerId = try row.optionalText(owner)
            let scopeAccount = try row.optionalText(account)
            network.subnets[subnetId] = Subnet(
                id: subnetId, vpcId: try row.text(vpc), availabilityZone: try row.optionalText(zone) ?? "",
                cidr: try optionalCIDR(row, subnetCIDR), ipv6Cidrs: ipv6[subnetId] ?? [],
                privateIPv6Cidrs: privateIPv6[subnetId] ?? [],
                availableIPAddressCount: try row.optionalInteger(free, in: 0...Int(Int32.max), "an address count"),
                mapPublicIPOnLaunch: try row.flag(mapPublicIP) ?? false, name: try row.optionalText(name),
                availabilityZoneId: try row.optionalText(zoneId), ownerId: ownerId,
                // A copy kept under another account than its owner's is that account's view
                // of a shared subnet: the owner's data was not imported.
                isOwnersCopy: ownerId == nil || scopeAccount == nil || ownerId == scopeAccount,
                blockPublicAccessMode: try Self.blockPublicAccessMode(row, blockMode), enableDNS64: try row.flag(dns64))
        }
    }

    /// A VPC Block Public Access mode, or NULL.
    static func blockPublicAccessMode(_ row: Cells, _ column: Int) throws(CellProblem) -> BlockPublicAccessMode? {
        guard let text = try row.optionalText(column) else { return nil }
        guard let mode = BlockPublicAccessMode(rawValue: text) else {
            throw Self.notA("a VPC Block Public Access mode (off, block-bidirectional or block-ingress)", text, column)
        }
        return mode
    }

    /// The VPC Block Public Access options and exclusions of the accounts and regions loaded.
    mutating func loadBlockPublicAccess() throws {
        let o = Schema.VpcBlockPublicAccessOptions.self
        let x = Schema.VpcBlockPublicAccessExclusions.self
        let sc = Schema.Scopes.self
        let i = Schema.Imports.self
        var settings: [String: BlockPublicAccessSettings] = [:]
        var columns = Selection()
        let account = columns.add(sc.accountId, "s")
        let region = columns.add(sc.region, "s")
        let mode = columns.add(o.internetGatewayBlockMode, "o")
        let allowed = columns.add(o.exclusionsAllowed, "o")
        let managedBy = columns.add(o.managedBy, "o")
        try eachRow(
            """
            SELECT \(columns) FROM \(o.table) o JOIN \(sc.table) s ON s.\(sc.scopeId) = o.\(o.scopeId)\(wantedScopes.map { " WHERE o.\(o.scopeId) IN \($0)" } ?? "")
            ORDER BY s.\(sc.accountId), s.\(sc.region)
            """, columns, key: [account, region]
        ) { row in
            let key = "\(try row.text(account))/\(try row.text(region))"
            settings[key, default: BlockPublicAccessSettings()].mode = try Self.blockPublicAccessMode(row, mode)
            settings[key]!.exclusionsAllowed = try row.optionalText(allowed).map { $0 == "allowed" }
            settings[key]!.managedByDeclarativePolicy = try row.optionalText(managedBy) == "declarative-policy"
        }
        // The scopes whose exclusions were exported, even when they list none: there, no
        // exclusion means none.
        var exported = Selection()
        let exportedAccount = exported.add(sc.accountId, "s")
        let exportedRegion = exported.add(sc.region, "s")
        try eachRow(
            """
            SELECT \(exported) FROM \(i.table) i JOIN \(sc.table) s ON s.\(sc.scopeId) = i.\(i.scopeId)
            WHERE i.\(i.kind) = '\(ResourceKind.blockPublicAccessExclusions.rawValue)'\(wantedScopes.map { " AND i.\(i.scopeId) IN \($0)" } ?? "")
            ORDER BY s.\(sc.accountId), s.\(sc.region)
            """, exported, key: [exportedAccount, exportedRegion]
        ) { row in
            settings["\(try row.text(exportedAccount))/\(try row.text(exportedRegion))", default: .init()].exclusions =
                []
        }
        var exclusionColumns = Selection()
        let exclusionAccount = exclusionColumns.add(sc.accountId, "s")
        let exclusionRegion = exclusionColumns.add(sc.region, "s")
        let id = exclusionColumns.add(x.exclusionId, "x")
        let exclusionMode = exclusionColumns.add(x.internetGatewayExclusionMode, "x")
        let vpc = exclusionColumns.add(x.vpcId, "x")
        let subnet = exclusionColumns.add(x.subnetId, "x")
        let state = exclusionColumns.add(x.state, "x")
        try eachRow(
            """
            SELECT \(exclusionColumns) FROM \(x.table) x JOIN \(sc.table) s ON s.\(sc.scopeId) = x.\(x.scopeId)\(wantedScopes.map { " WHERE x.\(x.scopeId) IN \($0)" } ?? "")
            ORDER BY x.\(x.exclusionId)
            """, exclusionColumns, key: [id]
        ) { row in
            let text = try row.text(exclusionMode)
            guard let parsed = BlockPublicAccessExclusion.Mode(rawValue: text) else {
                throw Self.notA("an exclusion mode (allow-bidirectional or allow-egress)", text, exclusionMode)
            }
            let exclusion = BlockPublicAccessExclusion(
                id: try row.text(id), mode: parsed, vpcId: try row.optionalText(vpc),
                subnetId: try row.optionalText(subnet), state: try row.optionalText(state))
            let key = "\(try row.text(exclusionAccount))/\(try row.text(exclusionRegion))"
            settings[key, default: .init()].exclusions = (settings[key]?.exclusions ?? []) + [exclusion]
        }
        network.blockPublicAccess = settings
    }

    mutating func loadRouting() throws {
        let t = Schema.RouteTables.self
        let r = Schema.Routes.self
        let tableFilter = wantedParents(t.routeTableId, vpc: t.vpcId)
        var routeColumns = Selection()
        let routeTable = routeColumns.add(r.routeTableId)
        let cidr = routeColumns.add(r.destinationCidr)
        let prefixList = routeColumns.add(r.destinationPrefixListId)
        let ipv6CIDR = routeColumns.add(r.destinationIpv6Cidr)
        let targetKind = routeColumns.add(r.targetKind)
        let target = routeColumns.add(r.targetId)
        let state = routeColumns.add(r.state)
        let origin = routeColumns.add(r.origin)
        let ordinal = routeColumns.add(r.ordinal)
        let routes = try grouped(
            """
            SELECT \(routeColumns)
            FROM \(r.table)\(Self.where(r.routeTableId, tableFilter))
            ORDER BY \(r.routeTableId), \(r.ordinal)
            """, routeColumns, parent: routeTable, key: [routeTable, ordinal]
        ) { row -> Route? in
            let destination: Route.Destination
            if let parsed = try optionalCIDR(row, cidr) {
                destination = .cidr(parsed)
            } else if let list = try row.optionalText(prefixList) {
                destination = .prefixList(list)
            } else if let ipv6 = try row.optionalText(ipv6CIDR) {
                destination = .ipv6(try Self.ipv6CIDR(ipv6, ipv6CIDR))
            } else {
                return nil
            }
            return Route(
                destination: destination, targetKind: RouteTargetKind(rawValue: try row.text(targetKind)) ?? .unknown,
                // A route carries traffic only when it is active (or its state was not
                // exported): any other state drops it, never the other way round.
                targetId: try row.optionalText(target),
                isBlackhole: (try row.optionalText(state)).map { $0 != "active" } ?? false,
                isPropagated: try row.optionalText(origin) == "EnableVgwRoutePropagation")
        }
        let a = Schema.RouteTableAssociations.self
        var associationColumns = Selection()
        let associatedTable = associationColumns.add(a.routeTableId)
        let subnet = associationColumns.add(a.subnetId)
        let isMain = associationColumns.add(a.isMain)
        let association = associationColumns.add(a.associationId)
        let gateway = associationColumns.add(a.gatewayId)
        var subnets: [String: [String]] = [:]
        var gateways: [String: [String]] = [:]
        var mainTables: Set<String> = []
        // In any order: each table's subnets are sorted below.
        try eachRow(
            "SELECT \(associationColumns) FROM \(a.table)\(Self.where(a.routeTableId, tableFilter))",
            associationColumns, key: [association]
        ) { row in
            let id = try row.text(associatedTable)
            if let subnet = try row.optionalText(subnet) { subnets[id, default: []].append(subnet) }
            if let gateway = try row.optionalText(gateway) { gateways[id, default: []].append(gateway) }
            if try row.flag(isMain) == true { mainTables.insert(id) }
        }
        var columns = Selection()
        let id = columns.add(t.routeTableId)
        let vpc = columns.add(t.vpcId)
        try eachRow(
            "SELECT \(columns) FROM \(t.table)\(filter(t.vpcId))", columns, key: [id]
        ) { row in
            let tableId = try row.text(id)
            network.routeTables[tableId] = RouteTable(
                id: tableId, vpcId: try row.text(vpc), routes: routes[tableId] ?? [],
                associatedSubnets: (subnets[tableId] ?? []).sorted(), isMain: mainTables.contains(tableId),
                edgeGateways: (gateways[tableId] ?? []).sorted())
        }
    }

    /// Whether a gateway attachment in `state` attaches (a detaching or detached one does not).
    static func attaches(_ state: String?) -> Bool { ["available", "attached", nil].contains(state) }

    mutating func loadGateways() throws {
        try loadInternetGateways()
        try loadNATGateways()
    }

    /// Internet gateways and egress-only internet gateways, with the VPCs each is attached to.
    mutating func loadInternetGateways() throws {
        let g = Schema.InternetGateways.self
        let a = Schema.InternetGatewayAttachments.self
        network.internetGateways = try gateways(
            id: g.internetGatewayId, attachment: a.internetGatewayId, vpc: a.vpcId, state: a.state)
        let e = Schema.EgressOnlyInternetGatewayAttachments.self
        network.egressOnlyInternetGateways = try gateways(
            id: Schema.EgressOnlyInternetGateways.egressOnlyInternetGatewayId,
            attachment: e.egressOnlyInternetGatewayId,
            vpc: e.vpcId, state: e.state)
    }

    /// The gateways of the table of `id` that a question needs, each with the VPCs its
    /// attachments (rows of `attachment`, `vpc`, `state`) attach: for a whole organisation all
    /// of them; for a question those attached to the wanted VPCs or named by their routes (a
    /// detached gateway still has to be found to say that it is detached).
    func gateways(id: Column, attachment: Column, vpc: Column, state: Column) throws -> [String: InternetGateway] {
        let r = Schema.Routes.self
        let t = Schema.RouteTables.self
        let referenced =
            wanted == nil
            ? ""
            : """
             WHERE \(id) IN (SELECT \(attachment) FROM \(attachment.table)\(filter(vpc)))
                OR \(id) IN (SELECT \(r.targetId) FROM \(r.table) WHERE \(r.routeTableId) IN
                   (SELECT \(t.routeTableId) FROM \(t.table)\(filter(t.vpcId))))
            """
        let ofReferenced =
            wanted == nil ? "" : " WHERE \(attachment) IN (SELECT \(id) FROM \(id.table)\(referenced))"
        return try gateways(
            id: id, referenced, attachment: attachment, vpc: vpc, state: state, ofReferenced)
    }

    /// The gateways whose IDs are in `id` (of the rows `filter` keeps), each with the VPCs its
    /// attachments (rows of `attachment`, `vpc`, `state`, kept by `attachmentFilter`) attach.
    func gateways(
        id: Column, _ filter: String, attachment: Column, vpc: Column, state: Column, _ attachmentFilter: String
    ) throws -> [String: InternetGateway] {
        var attachmentColumns = Selection()
        let gateway = attachmentColumns.add(attachment)
        let attachedVPC = attachmentColumns.add(vpc)
        let attachmentState = attachmentColumns.add(state)
        let attachments = try grouped(
            "SELECT \(attachmentColumns) FROM \(attachment.table)\(attachmentFilter) ORDER BY \(attachment), \(vpc)",
            attachmentColumns, parent: gateway, key: [gateway, attachedVPC]
        ) { row in Self.attaches(try row.optionalText(attachmentState)) ? try row.text(attachedVPC) : nil }
        var columns = Selection()
        let gatewayId = columns.add(id)
        var result: [String: InternetGateway] = [:]
        try eachRow("SELECT \(columns) FROM \(id.table)\(filter)", columns, key: [gatewayId]) { row in
            let gatewayId = try row.text(gatewayId)
            result[gatewayId] = InternetGateway(id: gatewayId, attachedVPCs: attachments[gatewayId] ?? [])
        }
        return result
    }

    mutating func loadNATGateways() throws {
        let n = Schema.NatGateways.self
        let a = Schema.NatGatewayAddresses.self
        let s = Schema.Subnets.self
        let natFilter =
            wanted == nil
            ? ""
            : " WHERE \(n.subnetId) IN (SELECT \(s.subnetId) FROM \(s.table)\(filter(s.vpcId)))\(filter(n.vpcId, nil, "OR"))"
        let ofWantedNATs =
            wanted == nil ? "" : " WHERE \(a.natGatewayId) IN (SELECT \(n.natGatewayId) FROM \(n.table)\(natFilter))"
        var addressColumns = Selection()
        let nat = addressColumns.add(a.natGatewayId)
        let privateIP = addressColumns.add(a.privateIp)
        let publicIP = addressColumns.add(a.publicIp)
        let ordinal = addressColumns.add(a.ordinal)
        // (private, public) per address.
        let addresses = try grouped(
            "SELECT \(addressColumns) FROM \(a.table)\(ofWantedNATs) ORDER BY \(a.natGatewayId), \(a.ordinal)",
            addressColumns, parent: nat, key: [nat, ordinal]
        ) { row in (try Self.ipv4Address(row, privateIP), try Self.ipv4Address(row, publicIP)) }
        var columns = Selection()
        let id = columns.add(n.natGatewayId)
        let subnet = columns.add(n.subnetId)
        let vpc = columns.add(n.vpcId)
        let state = columns.add(n.state)
        let connectivity = columns.add(n.connectivityType)
        try eachRow(
            "SELECT \(columns) FROM \(n.table)\(natFilter)", columns, key: [id]
        ) { row in
            let natId = try row.text(id)
            let (vpcId, subnetId) = try placement(row, vpc: vpc, subnet: subnet)
            let own = addresses[natId] ?? []
            network.natGateways[natId] = NATGateway(
                id: natId, vpcId: vpcId, subnetId: subnetId, state: try row.optionalText(state) ?? "available",
                isPublic: try row.optionalText(connectivity)?.lowercased() != "private",
                privateAddresses: own.compactMap { $0.0 }, publicAddresses: own.compactMap { $0.1 })
        }
    }

    mutating func loadNetworkACLs() throws {
        let n = Schema.NetworkAcls.self
        let e = Schema.NetworkAclEntries.self
        let aclFilter = wantedParents(n.networkAclId, vpc: n.vpcId)
        var entryColumns = Selection()
        let acl = entryColumns.add(e.networkAclId)
        let isEgress = entryColumns.add(e.isEgress)
        let ipProtocol = entryColumns.add(e.protocol)
        let ruleNumber = entryColumns.add(e.ruleNumber)
        let ruleAction = entryColumns.add(e.ruleAction)
        let cidrBlock = entryColumns.add(e.cidrBlock)
        let portFrom = entryColumns.add(e.portFrom)
        let portTo = entryColumns.add(e.portTo)
        let ipv6CIDRBlock = entryColumns.add(e.ipv6CidrBlock)
        let entries = try grouped(
            """
            SELECT \(entryColumns)
            FROM \(e.table)\(Self.where(e.networkAclId, aclFilter))
            ORDER BY \(e.networkAclId), \(e.isEgress), \(e.ruleNumber)
            """, entryColumns, parent: acl, key: [acl, isEgress, ruleNumber]
        ) { row -> (isEgress: Bool, entry: NetworkACLEntry)? in
            // Every entry is read or refused: an entry left out is a DENY that no longer denies.
            let parsedProtocol = try Self.ipProtocol(row, ipProtocol)
            // 1-32766 for the entries one writes, 32767 and 32768 for the default ("*") entries
            // of IPv4 and IPv6.
            let number = try row.integer(ruleNumber)
            guard (1...NetworkACLEntry.defaultIPv6RuleNumber).contains(number) else {
                throw CellProblem(column: ruleNumber, problem: "\(number) is not a network ACL rule number (1-32768)")
            }
            let action = try row.text(ruleAction)
            guard action == "allow" || action == "deny" else { throw Self.notA("allow or deny", action, ruleAction) }
            let from = try row.optionalInteger(portFrom, in: 0...65535, "a port")
            let to = try row.optionalInteger(portTo, in: 0...65535, "a port")
            if let from, let to, to < from {
                throw CellProblem(column: portTo, problem: "\(to) is below the range's first port \(from)")
            }
            let cidr = try optionalCIDR(row, cidrBlock)
            let ipv6 = try row.optionalText(ipv6CIDRBlock)
            let ipv6Cidr = try ipv6.map { text throws(CellProblem) in
                guard let parsed = IPv6CIDR(text) else { throw Self.notA("an IPv6 CIDR", text, ipv6CIDRBlock) }
                return parsed
            }
            guard cidr != nil || ipv6Cidr != nil else {
                throw CellProblem(
                    column: cidrBlock, problem: "NULL, and so is \(e.ipv6CidrBlock): the entry matches no address")
            }
            let entry = NetworkACLEntry(
                ruleNumber: number, ipProtocol: parsedProtocol, allow: action == "allow", cidr: cidr,
                ipv6Cidr: ipv6Cidr, ports: from.flatMap { f in to.map { PortRange(f, $0) } } ?? .all)
            return (try row.flag(isEgress) == true, entry)
        }
        let associations = try children(
            of: Schema.NetworkAclAssociations.networkAclId, Schema.NetworkAclAssociations.subnetId, aclFilter)
        var columns = Selection()
        let id = columns.add(n.networkAclId)
        let vpc = columns.add(n.vpcId)
        let isDefault = columns.add(n.isDefault)
        try eachRow(
            "SELECT \(columns) FROM \(n.table)\(filter(n.vpcId))", columns, key: [id]
        ) { row in
            let aclId = try row.text(id)
            let own = entries[aclId] ?? []
            network.networkACLs[aclId] = NetworkACL(
                id: aclId, vpcId: try row.text(vpc), isDefault: try row.flag(isDefault) ?? false,
                inbound: own.filter { !$0.isEgress }.map(\.entry), outbound: own.filter(\.isEgress).map(\.entry),
                associatedSubnets: associations[aclId] ?? [])
        }
    }

    mutating func loadPrefixLists() throws {
        // A list is known from describe-managed-prefix-lists, from its entries, or both.
        // The same AWS-managed list may be exported by several accounts of a region: one set.
        // IPv4 blocks; the IPv6 ones an AWS-managed list also holds are not modelled.
        let e = Schema.PrefixListEntries.self
        let p = Schema.PrefixLists.self
        // A question reads the lists of its accounts and regions (the AWS-managed ones the walk
        // to a gateway endpoint's service looks up) and those its routes and rules name, with
        // every account's copy of each.
        var listFilter = ""
        var wantedLists: String?
        if let wantedScopes {
            try db.execute(sql: "CREATE TEMP TABLE IF NOT EXISTS wanted_prefix_lists (prefix_list_id TEXT PRIMARY KEY)")
            try db.execute(sql: "DELETE FROM wanted_prefix_lists")
            try db.execute(
                sql: """
                    INSERT OR IGNORE INTO wanted_prefix_lists
                    SELECT \(p.prefixListId) FROM \(p.table) WHERE \(p.scopeId) IN \(wantedScopes)
                    UNION SELECT \(e.prefixListId) FROM \(e.table) WHERE \(e.scopeId) IN \(wantedScopes)
                    """)
            for id in namedPrefixLists().sorted() {
                try db.execute(sql: "INSERT OR IGNORE INTO wanted_prefix_lists VALUES (?)", arguments: [id])
            }
            wantedLists = "SELECT prefix_list_id FROM wanted_prefix_lists"
            listFilter = " WHERE \(p.prefixListId) IN (\(wantedLists!))"
        }
        var entryColumns = Selection()
        let list = entryColumns.add(e.prefixListId)
        let cidr = entryColumns.add(e.cidr)
        func parsed(_ text: String) throws -> (v4: IPv4CIDR?, v6: IPv6CIDR?) {
            if let parsed = IPv4CIDR(text) { return (parsed, nil) }
            return (nil, IPv6CIDR(try Self.ipv6CIDR(text, cidr)))
        }
        var entries = try grouped(
            "SELECT DISTINCT \(entryColumns) FROM \(e.table)\(listFilter) ORDER BY \(e.prefixListId), \(e.cidr)",
            entryColumns, parent: list, key: [list, cidr]
        ) { row in try parsed(try row.text(cidr)) }
        // A customer-managed list shared through RAM: one copy's entries, not every account's.
        for (id, choice) in try PrefixListCopies.choices(db: db, lists: wantedLists) {
            entries[id] = try choice.used.cidrs.sorted().map(parsed)
        }
        var columns = Selection()
        let id = columns.add(p.prefixListId)
        let name = columns.add(p.prefixListName)
        var names: [String: String?] = [:]
        try eachRow("SELECT \(columns) FROM \(p.table)\(listFilter) ORDER BY \(p.prefixListId)", columns, key: [id]) {
            row in
            names.updateValue(try row.optionalText(name), forKey: try row.text(id))
        }
        for id in Set(names.keys).union(entries.keys).sorted() {
            let listed = entries[id] ?? []
            let cidrs = listed.compactMap { $0.v4 }
            let ipv6 = listed.compactMap { $0.v6 }
            // An IPv6 list has entries, none of them IPv4: known, not missing.
            network.prefixLists[id] = PrefixList(
                id: id, name: names[id] ?? nil, cidrs: listed.isEmpty ? nil : cidrs, ipv6Cidrs: ipv6)
        }
    }

    /// The prefix lists the loaded route tables, transit gateway route tables and security
    /// groups name.
    func namedPrefixLists() -> Set<String> {
        var ids = Set<String>()
        for table in network.routeTables.values {
            for route in table.routes { if case .prefixList(let id) = route.destination { ids.insert(id) } }
        }
        for table in network.transitGatewayRouteTables.values {
            for route in table.routes { if case .prefixList(let id) = route.destination { ids.insert(id) } }
        }
        for group in network.securityGroups.values {
            for rule in group.ingress + group.egress { if case .prefixList(let id) = rule.peer { ids.insert(id) } }
        }
        return ids
    }
}
