import GRDB
import ReachCore

/// Decoders for what an organisation's network needs beyond one account's VPCs: the account's
/// names of availability zones, AWS RAM shares (who shares which subnets), Route 53 private
/// hosted zones and Resolver rules (how a VPC resolves a service name to an endpoint that may
/// sit in another VPC).
///
/// Two of the calls print records without saying what they describe:
/// `route53 list-hosted-zones-by-vpc` does not name its VPC, and `list-resource-record-sets`
/// not its zone. `lambda-reach collect` adds `VPCId`/`VPCRegion` and `HostedZoneId` beside
/// them, as it adds `TransitGatewayRouteTableId` to the transit gateway route table calls; a
/// file without them is an error that says so.
extension Decode {
    /// describe-availability-zones: one element of `AvailabilityZones`.
    static func availabilityZone(_ f: Fields) throws -> ResourceRecord? {
        guard let zoneId = try f.optionalString("ZoneId", .zoneID) else { return nil }
        let name = try f.string("ZoneName", .availabilityZone)
        return zoneRecord(zoneId: zoneId, name: name)
    }

    /// The account's name for one zone: a record per zone, replaced zone by zone (a subnet
    /// export names only the zones it has subnets in).
    static func zoneRecord(zoneId: String, name: String) -> ResourceRecord {
        ResourceRecord(
            kind: .availabilityZones, id: zoneId,
            rows: [.availabilityZones(zoneId: zoneId.sql, zoneName: name.sql)], origin: "")
    }

    /// ram get-resource-shares: one element of `resourceShares`.
    static func resourceShare(_ f: Fields) throws -> ResourceRecord {
        let arn = try f.string("resourceShareArn", .arn("ram"))
        return ResourceRecord(
            kind: .ramResourceShares, id: arn,
            rows: [
                .ramResourceShares(
                    resourceShareArn: arn.sql, name: try f.optionalString("name", .name).sql,
                    owningAccountId: try f.string("owningAccountId", .account).sql,
                    status: try f.optionalString("status", .token).sql,
                    allowExternalPrincipals: try f.optionalBool("allowExternalPrincipals").sql)
            ], origin: "")
    }

    /// ram list-resources: one element of `resources`.
    static func sharedResource(_ f: Fields) throws -> ResourceRecord {
        let arn = try f.string("arn", .anyARN)
        let share = try f.string("resourceShareArn", .arn("ram"))
        return ResourceRecord(
            kind: .ramResources, id: "\(arn) \(share)",
            rows: [
                .ramResources(
                    resourceArn: arn.sql, resourceShareArn: share.sql,
                    resourceType: try f.optionalString("type", .token).sql,
                    status: try f.optionalString("status", .token).sql)
            ], origin: "")
    }

    /// ram list-principals: one element of `principals`.
    static func sharePrincipal(_ f: Fields) throws -> ResourceRecord {
        let principal = try f.string("id", .token)
        let share = try f.string("resourceShareArn", .arn("ram"))
        return ResourceRecord(
            kind: .ramPrincipals, id: "\(principal) \(share)",
            rows: [
                .ramPrincipals(
                    principal: principal.sql, resourceShareArn: share.sql, external: try f.optionalBool("external").sql)
            ], origin: "")
    }

    /// route53resolver list-resolver-rules: one element of `ResolverRules`.
    static func resolverRule(_ f: Fields) throws -> ResourceRecord {
        let id = try f.string("Id", .resolverRuleID)
        var rows: [Row] = [
            .resolverRules(
                resolverRuleId: id.sql, domainName: DNSName.normalised(try f.string("DomainName", .dnsName)).sql,
                ruleType: try f.string("RuleType", .resolverRuleType).sql,
                status: try f.optionalString("Status", .token).sql,
                name: try f.optionalString("Name", .name).sql,
                // The rule Route 53 defines in every account has "Route 53 Resolver" as owner.
                ownerId: try f.optionalString("OwnerId", .name).sql,
                shareStatus: try f.optionalString("ShareStatus", .token).sql,
                resolverEndpointId: try f.optionalString("ResolverEndpointId", .token).sql)
        ]
        let targets = try f.objects("TargetIps") { t -> (String?, String?, Int?) in
            (
                try t.optionalString("Ip", .ipv4Address), try t.optionalString("Ipv6", .ipv6Address),
                try t.optionalInt("Port", in: 0...65535)
            )
        }
        for (ordinal, (ip, ipv6, port)) in targets.enumerated() {
            rows.append(
                Row.resolverRuleTargetIps(
                    resolverRuleId: id.sql, ordinal: ordinal.sql, ip: ip.sql, ipv6: ipv6.sql,
                    port: port.sql
                ).at(path: "TargetIps[\(ordinal)]"))
        }
        return ResourceRecord(kind: .resolverRules, id: id, rows: rows, origin: "")
    }

    /// route53resolver list-resolver-rule-associations: one element of `ResolverRuleAssociations`.
    static func resolverRuleAssociation(_ f: Fields) throws -> ResourceRecord {
        let id = try f.string("Id", .token)
        return ResourceRecord(
            kind: .resolverRuleAssociations, id: id,
            rows: [
                .resolverRuleAssociations(
                    associationId: id.sql, resolverRuleId: try f.string("ResolverRuleId", .resolverRuleID).sql,
                    vpcId: try f.string("VPCId", .vpcID).sql, status: try f.optionalString("Status", .token).sql,
                    name: try f.optionalString("Name", .name).sql)
            ], origin: "")
    }
}

extension ParsedDocument {
    /// The keys `lambda-reach collect` adds beside the Route 53 calls that do not name what
    /// they describe.
    static let vpcIdKey = "VPCId"
    static let vpcRegionKey = "VPCRegion"
    static let hostedZoneIdKey = "HostedZoneId"

    /// route53 list-hosted-zones-by-vpc for one VPC: one record per VPC, replacing what the
    /// inventory knew of that VPC's zones.
    mutating func decodeHostedZonesByVPC(_ fields: Fields) throws {
        let operation = DocumentKind.hostedZonesByVPC.call!.operation
        guard let vpcId = try fields.optionalString(Self.vpcIdKey, .vpcID) else {
            throw ShapeError(
                path: [Self.vpcIdKey],
                expected:
                    "the VPC's ID and region beside \"HostedZoneSummaries\" (\(operation) prints neither: add \"\(Self.vpcIdKey)\": \"vpc-...\" and \"\(Self.vpcRegionKey)\": \"us-east-1\" at the top level, as lambda-reach collect does)",
                found: "nothing")
        }
        guard let region = try fields.optionalString(Self.vpcRegionKey, .region) else {
            throw ShapeError(
                path: [Self.vpcRegionKey],
                expected:
                    "the VPC's region beside \"\(Self.vpcIdKey)\" (add \"\(Self.vpcRegionKey)\": \"us-east-1\" at the top level, as lambda-reach collect does)",
                found: "nothing")
        }
        regionHints.append(region)
        namedRegions.insert(region)
        var seen = Set<String>()
        var rows: [Row] = []
        let zones = try fields.objects("HostedZoneSummaries") { z -> (String, String, String?) in
            let owner = try z.optionalObject("Owner")
            return (
                HostedZoneID.normalised(try z.string("HostedZoneId", .hostedZoneID)),
                DNSName.normalised(try z.string("Name", .dnsName)),
                try at("Owner") { try owner?.optionalString("OwningAccount", .account) }
            )
        }
        for (index, (zone, name, owner)) in zones.enumerated() where seen.insert(zone).inserted {
            rows.append(
                Row.hostedZoneVpcAssociations(
                    vpcId: vpcId.sql, hostedZoneId: zone.sql, vpcRegion: region.sql, zoneName: name.sql,
                    owningAccount: owner.sql
                ).at(path: "HostedZoneSummaries[\(index)]"))
        }
        add(ResourceRecord(kind: .hostedZoneAssociations, id: vpcId, rows: rows, origin: ""), origin: "$")
    }

    /// route53 list-resource-record-sets for one hosted zone: one record per zone.
    mutating func decodeRecordSets(_ fields: Fields) throws {
        let operation = DocumentKind.recordSets.call!.operation
        guard let zone = try fields.optionalString(Self.hostedZoneIdKey, .hostedZoneID).map(HostedZoneID.normalised)
        else {
            throw ShapeError(
                path: [Self.hostedZoneIdKey],
                expected:
                    "the hosted zone's ID beside \"ResourceRecordSets\" (\(operation) prints none: add \"\(Self.hostedZoneIdKey)\": \"Z...\" at the top level, as lambda-reach collect does)",
                found: "nothing")
        }
        var rows: [Row] = []
        let sets = try fields.objects("ResourceRecordSets") { r -> Row? in
            let type = try r.string("Type", .token)
            // Only what name resolution to an address needs.
            guard ["A", "AAAA", "CNAME"].contains(type) else { return nil }
            let alias = try r.optionalObject("AliasTarget")
            let values = try r.objects("ResourceRecords") { try $0.string("Value", .name) }
            return Row.hostedZoneRecords(
                hostedZoneId: zone.sql, ordinal: .null, name: DNSName.normalised(try r.string("Name", .dnsName)).sql,
                type: type.sql,
                aliasDnsName: try at("AliasTarget") {
                    try alias.map { DNSName.normalised(try $0.string("DNSName", .dnsName)) }
                }.sql,
                aliasHostedZoneId: try at("AliasTarget") { try alias?.optionalString("HostedZoneId", .hostedZoneID) }
                    .sql,
                recordValues: values.isEmpty ? DatabaseValue.null : values.joined(separator: " ").sql,
                setIdentifier: try r.optionalString("SetIdentifier", .name).sql)
        }
        for (index, row) in sets.enumerated() {
            guard var row else { continue }
            row[Schema.HostedZoneRecords.ordinal] = rows.count.sql
            rows.append(row.at(path: "ResourceRecordSets[\(index)]"))
        }
        add(ResourceRecord(kind: .hostedZoneRecords, id: zone, rows: rows, origin: ""), origin: "$")
    }
}

/// Hosted zone IDs as the inventory keeps them: `/hostedzone/Z123` (how some calls print them)
/// is `Z123`.
enum HostedZoneID {
    static func normalised(_ id: String) -> String {
        id.hasPrefix("/hostedzone/") ? String(id.dropFirst("/hostedzone/".count)) : id
    }
}

extension DocumentKind {
    public static let availabilityZones = regional(
        "AvailabilityZones", "ec2", "describe-availability-zones", hints: [.zone("ZoneName")],
        lacking:
            "the account's names of availability zones are taken from its describe-subnets only (a subnet shared from another account is named by the owner's zone names)"
    ) { doc, f, origin in
        if let record = try Decode.availabilityZone(f) { doc.add(record, origin: origin) }
    }

    /// The shares the account made (`SELF`) and those made with it (`OTHER-ACCOUNTS`): two
    /// calls, one kind.
    public static let resourceShares = regional(
        "resourceShares", "ram", "get-resource-shares", variants: ramOwners, replaces: [.ramResourceShares],
        lacking: "no AWS RAM shares: which account shares a subnet is read from its OwnerId only"
    ) { doc, f, origin in doc.add(try Decode.resourceShare(f), origin: origin) }

    public static let sharedResources = regional(
        "resources", "ram", "list-resources", variants: ramOwners, replaces: [.ramResources],
        lacking: "no AWS RAM resources: which subnets are shared, by whom, is read from the subnets' OwnerId only"
    ) { doc, f, origin in doc.add(try Decode.sharedResource(f), origin: origin) }

    /// Both sides of AWS RAM: what the account shares, and what is shared with it.
    static let ramOwners = [["--resource-owner", "SELF"], ["--resource-owner", "OTHER-ACCOUNTS"]]

    public static let sharePrincipals = regional(
        "principals", "ram", "list-principals", variants: [["--resource-owner", "SELF"]], replaces: [.ramPrincipals],
        lacking: "no AWS RAM principals: which accounts this account shares subnets with is unknown"
    ) { doc, f, origin in doc.add(try Decode.sharePrincipal(f), origin: origin) }

    /// The key collect adds to list-hosted-zones-by-vpc's output besides the VPC's ID (which
    /// the kind's `collection` names): the VPC's region.
    public static let vpcRegionKey = ParsedDocument.vpcRegionKey

    /// route53 list-hosted-zones-by-vpc, once per VPC (collect adds VPCId and VPCRegion).
    public static let hostedZonesByVPC = DocumentKind(
        key: "HostedZoneSummaries", isList: true,
        call: Call(service: "route53", operation: "list-hosted-zones-by-vpc", arguments: []),
        collection: .perResource(argument: "--vpc-id", addsKey: ParsedDocument.vpcIdKey), isGlobal: false,
        lackingText: { vpc, _ in
            "\(vpc)'s private hosted zones are unknown: a service name is assumed to resolve as AWS resolves it by default (its public endpoint, or the VPC's own endpoint with private DNS)"
        }, replaces: [],
        read: .document { doc, fields, handle in
            guard handle("HostedZoneSummaries") else { return }
            for key in [ParsedDocument.vpcIdKey, ParsedDocument.vpcRegionKey] {
                _ = handle(key)
            }
            try doc.decodeHostedZonesByVPC(fields)
        }, hints: [])

    /// route53 list-resource-record-sets, once per private hosted zone (collect adds HostedZoneId).
    public static let recordSets = DocumentKind(
        key: "ResourceRecordSets", isList: true,
        call: Call(service: "route53", operation: "list-resource-record-sets", arguments: []),
        collection: .perResource(argument: "--hosted-zone-id", addsKey: ParsedDocument.hostedZoneIdKey),
        isGlobal: false,
        lackingText: { zone, _ in
            "the records of private hosted zone \(zone) are unknown: names it holds cannot be followed to an endpoint"
        }, replaces: [],
        read: .document { doc, fields, handle in
            guard handle("ResourceRecordSets") else { return }
            for key in [ParsedDocument.hostedZoneIdKey, "NextRecordName", "NextRecordType", "NextRecordIdentifier"] {
                _ = handle(key)
            }
            try doc.decodeRecordSets(fields)
        }, hints: [])

    public static let resolverRules = regional(
        // No scope hints: a rule shared with this account has its owner's ARN.
        "ResolverRules", "route53resolver", "list-resolver-rules", replaces: [.resolverRules],
        lacking: "no Route 53 Resolver rules: names forwarded to another VPC's resolver are assumed to resolve publicly"
    ) { doc, f, origin in doc.add(try Decode.resolverRule(f), origin: origin) }

    public static let resolverRuleAssociations = regional(
        "ResolverRuleAssociations", "route53resolver", "list-resolver-rule-associations",
        replaces: [.resolverRuleAssociations],
        lacking: "no Route 53 Resolver rule associations: which VPCs use which forwarding rules is unknown"
    ) { doc, f, origin in doc.add(try Decode.resolverRuleAssociation(f), origin: origin) }
}
