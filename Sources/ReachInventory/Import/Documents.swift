import Foundation
import GRDB

/// Decoders from the AWS CLI's JSON shapes (one element of a describe-* list) to inventory
/// rows. Each returns the resource's own row and its children's; scope_id is filled in by
/// the writer. Unknown keys inside an element are ignored (AWS adds fields all the time);
/// a known key with the wrong type is a `ShapeError` that names its path.
enum Decode {
    static func name(_ fields: Fields) throws -> String? {
        try fields.objects("Tags") { tag -> (String, String?) in
            (try tag.string("Key"), try tag.optionalString("Value"))
        }
        .first { $0.0 == "Name" }?.1
    }

    static func vpc(_ f: Fields) throws -> ResourceRecord {
        let id = try f.string("VpcId")
        var rows = [
            Row(
                table: .vpcs,
                values: [
                    id.sql, .null, try f.optionalString("OwnerId").sql, try f.optionalString("State").sql,
                    try f.optionalString("CidrBlock").sql, try f.optionalString("InstanceTenancy").sql,
                    try f.optionalBool("IsDefault").sql, try f.optionalBool("EnableDnsSupport").sql,
                    try f.optionalBool("EnableDnsHostnames").sql, try name(f).sql,
                ])
        ]
        var seen = Set<String>()
        let primary = try f.optionalString("CidrBlock")
        let associations = try f.objects("CidrBlockAssociationSet") { a -> (String, String?) in
            (try a.string("CidrBlock"), try a.optionalObject("CidrBlockState")?.optionalString("State"))
        }
        for (cidr, state) in associations where state == nil || state == "associated" {
            if seen.insert(cidr).inserted {
                rows.append(Row(table: .vpcCidrBlocks, values: [id.sql, cidr.sql, "ipv4".sql, state.sql]))
            }
        }
        if let primary, seen.insert(primary).inserted {
            rows.append(Row(table: .vpcCidrBlocks, values: [id.sql, primary.sql, "ipv4".sql, "associated".sql]))
        }
        let ipv6 = try f.objects("Ipv6CidrBlockAssociationSet") { a -> (String?, String?) in
            (try a.optionalString("Ipv6CidrBlock"), try a.optionalObject("Ipv6CidrBlockState")?.optionalString("State"))
        }
        for case (let cidr?, let state) in ipv6 where state == nil || state == "associated" {
            if seen.insert(cidr).inserted {
                rows.append(Row(table: .vpcCidrBlocks, values: [id.sql, cidr.sql, "ipv6".sql, state.sql]))
            }
        }
        return ResourceRecord(kind: .vpcs, id: id, rows: rows, origin: "")
    }

    static func subnet(_ f: Fields) throws -> ResourceRecord {
        let id = try f.string("SubnetId")
        var rows = [
            Row(
                table: .subnets,
                values: [
                    id.sql, .null, try f.string("VpcId").sql, try f.optionalString("OwnerId").sql,
                    try f.optionalString("AvailabilityZone").sql, try f.optionalString("AvailabilityZoneId").sql,
                    try f.optionalString("CidrBlock").sql, try f.optionalInt("AvailableIpAddressCount").sql,
                    try f.optionalBool("MapPublicIpOnLaunch").sql,
                    try f.optionalBool("AssignIpv6AddressOnCreation").sql,
                    try f.optionalString("State").sql, try name(f).sql,
                ])
        ]
        let ipv6 = try f.objects("Ipv6CidrBlockAssociationSet") { a -> (String?, String?) in
            (try a.optionalString("Ipv6CidrBlock"), try a.optionalObject("Ipv6CidrBlockState")?.optionalString("State"))
        }
        var seen = Set<String>()
        for case (let cidr?, let state) in ipv6
        where (state == nil || state == "associated") && seen.insert(cidr).inserted {
            rows.append(Row(table: .subnetIPv6CidrBlocks, values: [id.sql, cidr.sql]))
        }
        return ResourceRecord(kind: .subnets, id: id, rows: rows, origin: "")
    }

    /// The kind of a route's target, from the key AWS put its ID under (and the ID's prefix,
    /// since GatewayId carries igw-, vgw- and vpce- alike).
    static func routeTarget(_ f: Fields) throws -> (RouteTargetName, String?) {
        let keyed: [(String, RouteTargetName)] = [
            ("NatGatewayId", .nat), ("VpcPeeringConnectionId", .pcx), ("TransitGatewayId", .tgw),
            ("EgressOnlyInternetGatewayId", .eigw), ("NetworkInterfaceId", .eni), ("InstanceId", .instance),
            ("CarrierGatewayId", .carrier), ("LocalGatewayId", .lgw), ("CoreNetworkArn", .coreNetwork),
        ]
        if let gateway = try f.optionalString("GatewayId") {
            if gateway == "local" { return (.local, "local") }
            if gateway.hasPrefix("igw-") { return (.igw, gateway) }
            if gateway.hasPrefix("vgw-") { return (.vgw, gateway) }
            if gateway.hasPrefix("vpce-") { return (.vpce, gateway) }
            if gateway.hasPrefix("eigw-") { return (.eigw, gateway) }
            return (.unknown, gateway)
        }
        for (key, kind) in keyed {
            if let id = try f.optionalString(key) { return (kind, id) }
        }
        return (.unknown, nil)
    }

    enum RouteTargetName: String {
        case local, igw, eigw, nat, vpce, pcx, tgw, vgw, eni, instance, carrier, lgw
        case coreNetwork = "core-network"
        case unknown
    }

    static func routeTable(_ f: Fields) throws -> ResourceRecord {
        let id = try f.string("RouteTableId")
        var rows = [
            Row(
                table: .routeTables,
                values: [
                    id.sql, .null, try f.string("VpcId").sql, try f.optionalString("OwnerId").sql, try name(f).sql,
                ])
        ]
        let routes = try f.objects("Routes") { r -> Row? in
            let cidr = try r.optionalString("DestinationCidrBlock")
            let ipv6 = try r.optionalString("DestinationIpv6CidrBlock")
            let prefixList = try r.optionalString("DestinationPrefixListId")
            guard cidr != nil || ipv6 != nil || prefixList != nil else {
                throw ShapeError(
                    path: [], expected: "DestinationCidrBlock, DestinationIpv6CidrBlock or DestinationPrefixListId",
                    found: "none of them")
            }
            let (kind, target) = try routeTarget(r)
            return Row(
                table: .routes,
                values: [
                    id.sql, .null, cidr.sql, ipv6.sql, prefixList.sql, kind.rawValue.sql, target.sql,
                    try r.optionalString("State").sql, try r.optionalString("Origin").sql,
                ])
        }
        for (ordinal, route) in routes.compactMap({ $0 }).enumerated() {
            var route = route
            route.values[1] = ordinal.sql
            rows.append(route)
        }
        let associations = try f.objects("Associations") { a -> Row in
            let state = try a.optionalObject("AssociationState")?.optionalString("State")
            return Row(
                table: .routeTableAssociations,
                values: [
                    try a.string("RouteTableAssociationId").sql, id.sql, try a.optionalString("SubnetId").sql,
                    try a.optionalString("GatewayId").sql, (try a.optionalBool("Main") ?? false).sql, state.sql,
                ])
        }.enumerated().map { index, row in
            var row = row
            row.path = "Associations[\(index)]"
            return row
        }
        rows += associations.filter { row in
            // Disassociated rows linger in exports for a while; they no longer route anything.
            guard case .string(let state) = row.values[5].storage else { return true }
            return state == "associated" || state == "associating"
        }
        return ResourceRecord(kind: .routeTables, id: id, rows: rows, origin: "")
    }

    static func internetGateway(_ f: Fields) throws -> ResourceRecord {
        let id = try f.string("InternetGatewayId")
        var rows = [
            Row(
                table: .internetGateways, values: [id.sql, .null, try f.optionalString("OwnerId").sql, try name(f).sql])
        ]
        rows += try f.objects("Attachments") { a in
            Row(
                table: .internetGatewayAttachments,
                values: [id.sql, try a.string("VpcId").sql, try a.optionalString("State").sql])
        }
        return ResourceRecord(kind: .internetGateways, id: id, rows: rows, origin: "")
    }

    static func egressOnlyInternetGateway(_ f: Fields) throws -> ResourceRecord {
        let id = try f.string("EgressOnlyInternetGatewayId")
        var rows = [Row(table: .egressOnlyInternetGateways, values: [id.sql, .null, try name(f).sql])]
        rows += try f.objects("Attachments") { a in
            Row(
                table: .egressOnlyInternetGatewayAttachments,
                values: [id.sql, try a.string("VpcId").sql, try a.optionalString("State").sql])
        }
        return ResourceRecord(kind: .egressOnlyInternetGateways, id: id, rows: rows, origin: "")
    }

    static func natGateway(_ f: Fields) throws -> ResourceRecord {
        let id = try f.string("NatGatewayId")
        var rows = [
            Row(
                table: .natGateways,
                values: [
                    id.sql, .null, try f.optionalString("VpcId").sql, try f.string("SubnetId").sql,
                    try f.optionalString("State").sql, try f.optionalString("ConnectivityType").sql,
                    try f.optionalString("FailureCode").sql, try name(f).sql,
                ])
        ]
        let addresses = try f.objects("NatGatewayAddresses") { a -> [DatabaseValue] in
            [
                try a.optionalString("AllocationId").sql, try a.optionalString("NetworkInterfaceId").sql,
                try a.optionalString("PrivateIp").sql, try a.optionalString("PublicIp").sql,
                try a.optionalBool("IsPrimary").sql,
            ]
        }
        for (ordinal, values) in addresses.enumerated() {
            rows.append(Row(table: .natGatewayAddresses, values: [id.sql, ordinal.sql] + values))
        }
        return ResourceRecord(kind: .natGateways, id: id, rows: rows, origin: "")
    }

    static func vpcEndpoint(_ f: Fields) throws -> ResourceRecord {
        let id = try f.string("VpcEndpointId")
        // The CLI prints the policy as a JSON string; some tools print the object itself.
        var policy: String?
        if let value = f.value("PolicyDocument") {
            switch value {
            case .string(let text): policy = text
            case .object: policy = JSONWriter.string(value)
            default: throw ShapeError(path: ["PolicyDocument"], expected: "a string", found: value.typeName)
            }
        }
        var rows = [
            Row(
                table: .vpcEndpoints,
                values: [
                    id.sql, .null, try f.string("VpcId").sql,
                    (try f.optionalString("VpcEndpointType") ?? "Gateway").sql,
                    try f.string("ServiceName").sql, try f.optionalString("State").sql,
                    try f.optionalBool("PrivateDnsEnabled").sql, policy.sql, try name(f).sql,
                ])
        ]
        for table in Set(try f.strings("RouteTableIds")).sorted() {
            rows.append(Row(table: .vpcEndpointRouteTables, values: [id.sql, table.sql]))
        }
        for subnet in Set(try f.strings("SubnetIds")).sorted() {
            rows.append(Row(table: .vpcEndpointSubnets, values: [id.sql, subnet.sql]))
        }
        for group in Set(try f.objects("Groups") { try $0.string("GroupId") }).sorted() {
            rows.append(Row(table: .vpcEndpointSecurityGroups, values: [id.sql, group.sql]))
        }
        for eni in Set(try f.strings("NetworkInterfaceIds")).sorted() {
            rows.append(Row(table: .vpcEndpointNetworkInterfaces, values: [id.sql, eni.sql]))
        }
        return ResourceRecord(kind: .vpcEndpoints, id: id, rows: rows, origin: "")
    }

    static func securityGroup(_ f: Fields) throws -> (ResourceRecord, [SecurityGroupRuleValue]) {
        let id = try f.string("GroupId")
        let row = Row(
            table: .securityGroups,
            values: [
                id.sql, .null, try f.optionalString("VpcId").sql, try f.optionalString("GroupName").sql,
                try f.optionalString("Description").sql, try f.optionalString("OwnerId").sql,
            ])
        var rules = try f.objects("IpPermissions") { try permission($0, groupId: id, egress: false) }.flatMap { $0 }
        rules += try f.objects("IpPermissionsEgress") { try permission($0, groupId: id, egress: true) }.flatMap { $0 }
        return (ResourceRecord(kind: .securityGroups, id: id, rows: [row], origin: ""), rules)
    }

    /// Flattens one IpPermission (several peers) into one rule value per peer.
    static func permission(_ p: Fields, groupId: String, egress: Bool) throws -> [SecurityGroupRuleValue] {
        let ipProtocol = try p.string("IpProtocol").lowercased()
        let (fromPort, toPort) = SecurityGroupRuleValue.ports(
            ipProtocol, try p.optionalInt("FromPort"), try p.optionalInt("ToPort"))
        let base = SecurityGroupRuleValue(
            groupId: groupId, isEgress: egress, ruleId: nil, ipProtocol: ipProtocol, fromPort: fromPort, toPort: toPort)
        var rules: [SecurityGroupRuleValue] = []
        rules += try p.objects("IpRanges") { r in
            var rule = base
            rule.cidrIPv4 = try r.string("CidrIp")
            rule.description = try r.optionalString("Description")
            return rule
        }
        rules += try p.objects("Ipv6Ranges") { r in
            var rule = base
            rule.cidrIPv6 = try r.string("CidrIpv6")
            rule.description = try r.optionalString("Description")
            return rule
        }
        rules += try p.objects("PrefixListIds") { r in
            var rule = base
            rule.prefixListId = try r.string("PrefixListId")
            rule.description = try r.optionalString("Description")
            return rule
        }
        rules += try p.objects("UserIdGroupPairs") { r in
            var rule = base
            rule.referencedGroupId = try r.optionalString("GroupId")
            rule.referencedUserId = try r.optionalString("UserId")
            rule.referencedVPCId = try r.optionalString("VpcId")
            rule.peeringConnectionId = try r.optionalString("VpcPeeringConnectionId")
            rule.description = try r.optionalString("Description")
            if rule.referencedGroupId == nil {
                throw ShapeError(path: ["GroupId"], expected: "a string", found: "nothing (the key is missing)")
            }
            return rule
        }
        return rules
    }

    /// One element of describe-security-group-rules.
    static func securityGroupRule(_ r: Fields) throws -> SecurityGroupRuleValue {
        let ipProtocol = try r.string("IpProtocol").lowercased()
        let (fromPort, toPort) = SecurityGroupRuleValue.ports(
            ipProtocol, try r.optionalInt("FromPort"), try r.optionalInt("ToPort"))
        var rule = SecurityGroupRuleValue(
            groupId: try r.string("GroupId"), isEgress: try r.optionalBool("IsEgress") ?? false,
            ruleId: try r.optionalString("SecurityGroupRuleId"), ipProtocol: ipProtocol, fromPort: fromPort,
            toPort: toPort)
        rule.cidrIPv4 = try r.optionalString("CidrIpv4")
        rule.cidrIPv6 = try r.optionalString("CidrIpv6")
        rule.prefixListId = try r.optionalString("PrefixListId")
        if let reference = try r.optionalObject("ReferencedGroupInfo") {
            rule.referencedGroupId = try reference.optionalString("GroupId")
            rule.referencedUserId = try reference.optionalString("UserId")
            rule.referencedVPCId = try reference.optionalString("VpcId")
            rule.peeringConnectionId = try reference.optionalString("VpcPeeringConnectionId")
        }
        rule.description = try r.optionalString("Description")
        return rule
    }

    /// A network ACL, and the association IDs it lists more than once (the first is kept).
    static func networkACL(_ f: Fields) throws -> (ResourceRecord, duplicateAssociations: [String]) {
        let id = try f.string("NetworkAclId")
        var rows = [
            Row(
                table: .networkACLs,
                values: [
                    id.sql, .null, try f.string("VpcId").sql, try f.optionalBool("IsDefault").sql,
                    try f.optionalString("OwnerId").sql, try name(f).sql,
                ])
        ]
        var seen = Set<String>()
        let entries = try f.objects("Entries") { e -> Row in
            let ports = try e.optionalObject("PortRange")
            let icmp = try e.optionalObject("IcmpTypeCode")
            let action = try e.string("RuleAction").lowercased()
            guard action == "allow" || action == "deny" else {
                throw ShapeError(path: ["RuleAction"], expected: "\"allow\" or \"deny\"", found: "\"\(action)\"")
            }
            return Row(
                table: .networkACLEntries,
                values: [
                    id.sql, (try e.optionalBool("Egress") ?? false).sql, try e.int("RuleNumber").sql,
                    try e.string("Protocol").lowercased().sql, action.sql, try e.optionalString("CidrBlock").sql,
                    try e.optionalString("Ipv6CidrBlock").sql, try ports?.optionalInt("From").sql ?? .null,
                    try ports?.optionalInt("To").sql ?? .null, try icmp?.optionalInt("Type").sql ?? .null,
                    try icmp?.optionalInt("Code").sql ?? .null,
                ])
        }
        // IPv4 and IPv6 entries share rule number 32767 (and may share others): keep the first
        // of each (direction, number) and note the IPv6 twin in its own column when it is one.
        for entry in entries {
            let key = "\(entry.values[1])/\(entry.values[2])"
            if seen.insert(key).inserted { rows.append(entry) }
        }
        let associations = try f.objects("Associations") { a in
            (try a.string("NetworkAclAssociationId"), try a.string("SubnetId"))
        }
        var seenAssociations: [String: String] = [:]
        var duplicates: [String] = []
        for (index, (association, subnet)) in associations.enumerated() {
            // An association ID is unique in AWS; a generator or an emulator may repeat one.
            // The first wins; the other subnet then falls back to its VPC's default ACL.
            if let first = seenAssociations[association] {
                duplicates.append("\(association) is listed for \(first) and again for \(subnet)")
                continue
            }
            seenAssociations[association] = subnet
            rows.append(
                Row(
                    table: .networkACLAssociations, values: [association.sql, id.sql, subnet.sql],
                    path: "Associations[\(index)]"))
        }
        return (ResourceRecord(kind: .networkACLs, id: id, rows: rows, origin: ""), duplicates)
    }

    /// describe-managed-prefix-lists, or the older describe-prefix-lists (with `Cidrs`).
    static func prefixList(_ f: Fields) throws -> [ResourceRecord] {
        let id = try f.string("PrefixListId")
        var records = [
            ResourceRecord(
                kind: .prefixLists, id: id,
                rows: [
                    Row(
                        table: .prefixLists,
                        values: [
                            id.sql, .null, try f.optionalString("PrefixListName").sql,
                            try f.optionalString("AddressFamily").sql, try f.optionalString("OwnerId").sql,
                            try f.optionalString("State").sql, try f.optionalInt("MaxEntries").sql,
                        ])
                ], origin: "")
        ]
        let cidrs = try f.strings("Cidrs")
        if !cidrs.isEmpty {
            records.append(
                ResourceRecord(
                    kind: .prefixListEntries, id: id,
                    rows: Set(cidrs).sorted().map {
                        Row(table: .prefixListEntries, values: [id.sql, .null, $0.sql, .null])
                    },
                    origin: ""))
        }
        return records
    }

    static func peeringConnection(_ f: Fields) throws -> ResourceRecord {
        let id = try f.string("VpcPeeringConnectionId")
        let requester = try f.optionalObject("RequesterVpcInfo")
        let accepter = try f.optionalObject("AccepterVpcInfo")
        var rows = [
            Row(
                table: .peeringConnections,
                values: [
                    id.sql, .null, try f.optionalObject("Status")?.optionalString("Code").sql ?? .null,
                    try at("RequesterVpcInfo") { try requester?.optionalString("VpcId").sql ?? .null },
                    try at("RequesterVpcInfo") { try requester?.optionalString("OwnerId").sql ?? .null },
                    try at("RequesterVpcInfo") { try requester?.optionalString("Region").sql ?? .null },
                    try at("AccepterVpcInfo") { try accepter?.optionalString("VpcId").sql ?? .null },
                    try at("AccepterVpcInfo") { try accepter?.optionalString("OwnerId").sql ?? .null },
                    try at("AccepterVpcInfo") { try accepter?.optionalString("Region").sql ?? .null },
                    try at("RequesterVpcInfo") { try Self.allowsDNSResolution(requester).sql },
                    try at("AccepterVpcInfo") { try Self.allowsDNSResolution(accepter).sql },
                    try name(f).sql,
                ])
        ]
        for (side, info, key) in [
            ("requester", requester, "RequesterVpcInfo"), ("accepter", accepter, "AccepterVpcInfo"),
        ] {
            guard let info else { continue }
            try at(key) {
                var cidrs = try info.objects("CidrBlockSet") { try $0.string("CidrBlock") }
                if let primary = try info.optionalString("CidrBlock") { cidrs.append(primary) }
                for cidr in Set(cidrs).sorted() {
                    rows.append(Row(table: .peeringConnectionCidrs, values: [id.sql, side.sql, cidr.sql]))
                }
            }
        }
        return ResourceRecord(kind: .peeringConnections, id: id, rows: rows, origin: "")
    }

    /// `PeeringOptions.AllowDnsResolutionFromRemoteVpc` of one side of a peering, nil when the
    /// export does not say.
    static func allowsDNSResolution(_ side: Fields?) throws -> Bool? {
        try at("PeeringOptions") {
            try side?.optionalObject("PeeringOptions")?.optionalBool("AllowDnsResolutionFromRemoteVpc")
        }
    }

    static func networkInterface(_ f: Fields) throws -> ResourceRecord {
        let id = try f.string("NetworkInterfaceId")
        var rows = [
            Row(
                table: .networkInterfaces,
                values: [
                    id.sql, .null, try f.optionalString("VpcId").sql, try f.optionalString("SubnetId").sql,
                    try f.optionalString("AvailabilityZone").sql, try f.optionalString("InterfaceType").sql,
                    try f.optionalString("Description").sql, try f.optionalString("RequesterId").sql,
                    try f.optionalBool("RequesterManaged").sql, try f.optionalString("Status").sql,
                    try f.optionalString("OwnerId").sql,
                ])
        ]
        var addresses = try f.objects("PrivateIpAddresses") { a -> (String, String?, Bool?) in
            (
                try a.string("PrivateIpAddress"), try a.optionalObject("Association")?.optionalString("PublicIp"),
                try a.optionalBool("Primary")
            )
        }
        if let primary = try f.optionalString("PrivateIpAddress"), !addresses.contains(where: { $0.0 == primary }) {
            addresses.insert((primary, try f.optionalObject("Association")?.optionalString("PublicIp"), true), at: 0)
        }
        var seen = Set<String>()
        for (address, publicIP, primary) in addresses where seen.insert(address).inserted {
            rows.append(
                Row(table: .networkInterfaceAddresses, values: [id.sql, address.sql, publicIP.sql, primary.sql]))
        }
        for address in Set(try f.objects("Ipv6Addresses") { try $0.string("Ipv6Address") }).sorted() {
            rows.append(Row(table: .networkInterfaceIPv6Addresses, values: [id.sql, address.sql]))
        }
        for group in Set(try f.objects("Groups") { try $0.string("GroupId") }).sorted() {
            rows.append(Row(table: .networkInterfaceSecurityGroups, values: [id.sql, group.sql]))
        }
        return ResourceRecord(kind: .networkInterfaces, id: id, rows: rows, origin: "")
    }

    static func function(_ f: Fields) throws -> ResourceRecord {
        let arn = try f.string("FunctionArn")
        let vpc = try f.optionalObject("VpcConfig")
        var rows = [
            Row(
                table: .functions,
                values: [
                    arn.sql, .null, try f.string("FunctionName").sql, try f.optionalString("Role").sql,
                    try f.optionalString("Runtime").sql, try f.optionalString("PackageType").sql,
                    try f.optionalString("State").sql, try f.optionalString("StateReason").sql,
                    try f.optionalString("StateReasonCode").sql, try f.optionalString("LastUpdateStatus").sql,
                    try f.optionalString("LastUpdateStatusReasonCode").sql,
                    try at("VpcConfig") { try vpc?.optionalString("VpcId").sql ?? .null },
                    try at("VpcConfig") { try vpc?.optionalBool("Ipv6AllowedForDualStack").sql ?? .null },
                ])
        ]
        if let vpc {
            try at("VpcConfig") {
                for (ordinal, subnet) in try vpc.strings("SubnetIds").enumerated() {
                    rows.append(Row(table: .functionSubnets, values: [arn.sql, ordinal.sql, subnet.sql]))
                }
                for (ordinal, group) in try vpc.strings("SecurityGroupIds").enumerated() {
                    rows.append(Row(table: .functionSecurityGroups, values: [arn.sql, ordinal.sql, group.sql]))
                }
            }
        }
        return ResourceRecord(kind: .functions, id: arn, rows: rows, origin: "")
    }

    /// describe-db-instances: the instance, and the DB subnet group it embeds.
    static func dbInstance(_ f: Fields, scopeKey: String) throws -> [ResourceRecord] {
        let identifier = try f.string("DBInstanceIdentifier")
        let key = "instance:\(scopeKey):\(identifier)"
        let endpoint = try f.optionalObject("Endpoint")
        let group = try f.optionalObject("DBSubnetGroup")
        var records: [ResourceRecord] = []
        var groupName: String?
        var vpcId: String?
        if let group {
            try at("DBSubnetGroup") {
                let name = try group.string("DBSubnetGroupName")
                groupName = name
                vpcId = try group.optionalString("VpcId")
                var rows = [
                    Row(
                        table: .dbSubnetGroups,
                        values: [.null, name.sql, vpcId.sql, try group.optionalString("SubnetGroupStatus").sql])
                ]
                var seen = Set<String>()
                let subnets = try group.objects("Subnets") { s -> (String, String?, String?) in
                    (
                        try s.string("SubnetIdentifier"),
                        try s.optionalObject("SubnetAvailabilityZone")?.optionalString("Name"),
                        try s.optionalString("SubnetStatus")
                    )
                }
                for (subnet, zone, status) in subnets where seen.insert(subnet).inserted {
                    rows.append(
                        Row(table: .dbSubnetGroupSubnets, values: [.null, name.sql, subnet.sql, zone.sql, status.sql]))
                }
                records.append(ResourceRecord(kind: .dbSubnetGroups, id: name, rows: rows, origin: ""))
            }
        }
        var rows = [
            Row(
                table: .databases,
                values: [
                    key.sql, .null, "instance".sql, identifier.sql, try f.optionalString("DBInstanceArn").sql,
                    try f.optionalString("Engine").sql, try f.optionalString("DBInstanceStatus").sql,
                    try at("Endpoint") { try endpoint?.optionalString("Address").sql ?? .null },
                    try at("Endpoint") { try endpoint?.optionalInt("Port").sql ?? .null }, vpcId.sql,
                    try f.optionalString("AvailabilityZone").sql, try f.optionalString("SecondaryAvailabilityZone").sql,
                    try f.optionalBool("MultiAZ").sql, try f.optionalBool("PubliclyAccessible").sql, groupName.sql,
                    try f.optionalString("DBClusterIdentifier").sql,
                ])
        ]
        rows += try securityGroupRows(f, key: key, listKey: "VpcSecurityGroups")
        records.append(ResourceRecord(kind: .dbInstances, id: key, rows: rows, origin: ""))
        return records
    }

    static func securityGroupRows(_ f: Fields, key: String, listKey: String) throws -> [Row] {
        var seen = Set<String>()
        return try f.objects(listKey) { g -> (String, String?) in
            (try g.string("VpcSecurityGroupId"), try g.optionalString("Status"))
        }.filter { seen.insert($0.0).inserted }.map {
            Row(table: .databaseSecurityGroups, values: [key.sql, $0.0.sql, $0.1.sql])
        }
    }

    static func dbCluster(_ f: Fields, scopeKey: String) throws -> ResourceRecord {
        let identifier = try f.string("DBClusterIdentifier")
        let key = "cluster:\(scopeKey):\(identifier)"
        var rows = [
            Row(
                table: .databases,
                values: [
                    key.sql, .null, "cluster".sql, identifier.sql, try f.optionalString("DBClusterArn").sql,
                    try f.optionalString("Engine").sql, try f.optionalString("Status").sql,
                    try f.optionalString("Endpoint").sql, try f.optionalInt("Port").sql, .null, .null, .null,
                    try f.optionalBool("MultiAZ").sql, try f.optionalBool("PubliclyAccessible").sql,
                    try f.optionalString("DBSubnetGroup").sql, identifier.sql,
                ])
        ]
        rows += try securityGroupRows(f, key: key, listKey: "VpcSecurityGroups")
        return ResourceRecord(kind: .dbClusters, id: key, rows: rows, origin: "")
    }

    static func dbProxy(_ f: Fields, scopeKey: String) throws -> ResourceRecord {
        let identifier = try f.string("DBProxyName")
        let key = "proxy:\(scopeKey):\(identifier)"
        let family = try f.optionalString("EngineFamily")
        // describe-db-proxies prints no port: the proxy listens on its engine's default.
        let port: Int? =
            switch family?.uppercased() {
            case "MYSQL": 3306
            case "POSTGRESQL": 5432
            case "SQLSERVER": 1433
            default: nil
            }
        var rows = [
            Row(
                table: .databases,
                values: [
                    key.sql, .null, "proxy".sql, identifier.sql, try f.optionalString("DBProxyArn").sql, family.sql,
                    try f.optionalString("Status").sql, try f.optionalString("Endpoint").sql, port.sql,
                    try f.optionalString("VpcId").sql, .null, .null, .null, .null, .null, .null,
                ])
        ]
        for subnet in Set(try f.strings("VpcSubnetIds")).sorted() {
            rows.append(Row(table: .databaseSubnets, values: [key.sql, subnet.sql]))
        }
        for group in Set(try f.strings("VpcSecurityGroupIds")).sorted() {
            rows.append(Row(table: .databaseSecurityGroups, values: [key.sql, group.sql, .null]))
        }
        return ResourceRecord(kind: .dbProxies, id: key, rows: rows, origin: "")
    }

    /// A policy document as the CLI prints it: an object, or a URL-encoded / plain JSON string.
    static func policyDocument(_ f: Fields, _ key: String) throws -> String? {
        guard let value = f.value(key) else { return nil }
        switch value {
        case .object: return JSONWriter.string(value)
        case .string(let text): return text.removingPercentEncoding ?? text
        default: throw ShapeError(path: [key], expected: "an object", found: value.typeName)
        }
    }

    static func role(_ f: Fields) throws -> ResourceRecord {
        let arn = try f.string("Arn")
        var rows = [
            Row(
                table: .roles,
                values: [
                    arn.sql, .null, try f.string("RoleName").sql, try f.optionalString("RoleId").sql,
                    try f.optionalString("Path").sql,
                ])
        ]
        var seenInline = Set<String>()
        let inline = try f.objects("RolePolicyList") { p -> (String, String) in
            (try p.string("PolicyName"), try policyDocument(p, "PolicyDocument") ?? "{}")
        }
        for (name, document) in inline where seenInline.insert(name).inserted {
            rows.append(Row(table: .roleInlinePolicies, values: [arn.sql, name.sql, document.sql]))
        }
        var seenAttached = Set<String>()
        let attached = try f.objects("AttachedManagedPolicies") { p -> (String, String?) in
            (try p.string("PolicyArn"), try p.optionalString("PolicyName"))
        }
        for (policyArn, name) in attached where seenAttached.insert(policyArn).inserted {
            rows.append(Row(table: .roleAttachedPolicies, values: [arn.sql, policyArn.sql, name.sql]))
        }
        return ResourceRecord(kind: .roles, id: arn, rows: rows, origin: "")
    }

    static func policy(_ f: Fields) throws -> ResourceRecord {
        let arn = try f.string("Arn")
        let defaultVersion = try f.optionalString("DefaultVersionId")
        let versions = try f.objects("PolicyVersionList") { v -> (String?, Bool, String?) in
            (
                try v.optionalString("VersionId"), try v.optionalBool("IsDefaultVersion") ?? false,
                try policyDocument(v, "Document")
            )
        }
        let document = versions.first { $0.1 || ($0.0 != nil && $0.0 == defaultVersion) }?.2
        return ResourceRecord(
            kind: .policies, id: arn,
            rows: [
                Row(
                    table: .policies,
                    values: [arn.sql, .null, try f.optionalString("PolicyName").sql, defaultVersion.sql, document.sql])
            ], origin: "")
    }
}

/// A security-group rule before it gets its ordinal: the two describe calls that print rules
/// are merged on everything but the rule ID and description.
struct SecurityGroupRuleValue: Hashable {
    var groupId: String
    var isEgress: Bool
    var ruleId: String?
    var ipProtocol: String
    var fromPort: Int?
    var toPort: Int?
    var cidrIPv4: String?
    var cidrIPv6: String?
    var prefixListId: String?
    var referencedGroupId: String?
    var referencedUserId: String?
    var referencedVPCId: String?
    var peeringConnectionId: String?
    var description: String?

    /// The ports as stored: none for all traffic (`-1`), which describe-security-groups prints
    /// without ports and describe-security-group-rules with -1/-1, so that the two merge.
    static func ports(_ ipProtocol: String, _ from: Int?, _ to: Int?) -> (Int?, Int?) {
        ipProtocol == "-1" ? (nil, nil) : (from, to)
    }

    /// What makes two rules the same rule (a missing peer field counts as empty).
    var identity: Identity {
        Identity(
            groupId: groupId, isEgress: isEgress, ipProtocol: ipProtocol, fromPort: fromPort, toPort: toPort,
            cidrIPv4: cidrIPv4 ?? "", cidrIPv6: cidrIPv6 ?? "", prefixListId: prefixListId ?? "",
            referencedGroupId: referencedGroupId ?? "")
    }

    /// A rule's identity as a hashable value: an import merges hundreds of thousands of rules,
    /// and joining the fields into one string for each was 6% of its instructions.
    struct Identity: Hashable {
        var groupId: String
        var isEgress: Bool
        var ipProtocol: String
        var fromPort: Int?
        var toPort: Int?
        var cidrIPv4: String
        var cidrIPv6: String
        var prefixListId: String
        var referencedGroupId: String
    }

    func row(ordinal: Int) -> Row {
        Row(
            table: .securityGroupRules,
            values: [
                groupId.sql, isEgress.sql, ordinal.sql, ruleId.sql, ipProtocol.sql, fromPort.sql, toPort.sql,
                cidrIPv4.sql, cidrIPv6.sql, prefixListId.sql, referencedGroupId.sql, referencedUserId.sql,
                referencedVPCId.sql, peeringConnectionId.sql, description.sql,
            ])
    }
}

/// Serialises a JSON value with sorted keys, for documents stored as text (policies).
enum JSONWriter {
    static func string(_ value: JSONValue) -> String {
        var out = ""
        write(value, to: &out)
        return out
    }

    static func write(_ value: JSONValue, to out: inout String) {
        switch value {
        case .null: out += "null"
        case .bool(let flag): out += flag ? "true" : "false"
        case .integer(let number): out += String(number)
        case .double(let number): out += String(number)
        case .string(let text): writeString(text, to: &out)
        case .array(let elements):
            out += "["
            for (index, element) in elements.enumerated() {
                if index > 0 { out += "," }
                write(element, to: &out)
            }
            out += "]"
        case .object(let object):
            out += "{"
            for (index, member) in object.members.sorted(by: { $0.key < $1.key }).enumerated() {
                if index > 0 { out += "," }
                writeString(member.key, to: &out)
                out += ":"
                write(member.value, to: &out)
            }
            out += "}"
        }
    }

    static func writeString(_ text: String, to out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}
