import Foundation
import GRDB
import ReachCore

/// The loader's reading of what spans accounts and VPCs: each account's names of availability
/// zones, private hosted zones and Resolver rules.
extension Load {
    mutating func loadZoneNames() throws {
        let z = Schema.AvailabilityZones.self
        let s = Schema.Scopes.self
        var columns = Selection()
        let zone = columns.add(z.zoneId, "z")
        let name = columns.add(z.zoneName, "z")
        let account = columns.add(s.accountId, "s")
        let region = columns.add(s.region, "s")
        // A question names the zones of its own accounts and regions only.
        let scopeFilter = wantedScopes.map { " WHERE z.\(z.scopeId) IN \($0)" } ?? ""
        try eachRow(
            """
            SELECT \(columns) FROM \(z.table) z JOIN \(s.table) s ON s.\(s.scopeId) = z.\(z.scopeId)\(scopeFilter)
            ORDER BY s.\(s.accountId), s.\(s.region), z.\(z.zoneId)
            """, columns, key: [account, region, zone]
        ) { row in
            network.zoneNames["\(try row.text(account))/\(try row.text(region))", default: [:]][try row.text(zone)] =
                try row.text(name)
        }
    }

    mutating func loadDNS() throws {
        let e = Schema.VpcEndpointDnsEntries.self
        var entryColumns = Selection()
        let entryEndpoint = entryColumns.add(e.vpcEndpointId)
        let entryName = entryColumns.add(e.dnsName)
        // Only the endpoints of the VPCs loaded: a question loads its VPC and those a private
        // hosted zone's alias, a peering or a transit gateway leads to (`prepare`).
        let endpoints = Schema.VpcEndpoints.self
        let entryFilter =
            wanted == nil
            ? ""
            : " WHERE \(e.vpcEndpointId) IN (SELECT \(endpoints.vpcEndpointId) FROM \(endpoints.table)\(filter(endpoints.vpcId)))"
        try eachRow(
            "SELECT \(entryColumns) FROM \(e.table)\(entryFilter) ORDER BY \(e.dnsName), \(e.vpcEndpointId)",
            entryColumns, key: [entryEndpoint, entryName]
        ) { row in
            let name = try row.text(entryName)
            if network.dns.endpointByDNSName[name] == nil {
                network.dns.endpointByDNSName[name] = try row.text(entryEndpoint)
            }
        }

        let r = Schema.HostedZoneRecords.self
        var recordColumns = Selection()
        let recordZone = recordColumns.add(r.hostedZoneId)
        let ordinal = recordColumns.add(r.ordinal)
        let recordName = recordColumns.add(r.name)
        let type = recordColumns.add(r.type)
        let alias = recordColumns.add(r.aliasDnsName)
        let values = recordColumns.add(r.recordValues)
        let associations = Schema.HostedZoneVpcAssociations.self
        let recordFilter =
            wanted == nil
            ? ""
            : " WHERE \(r.hostedZoneId) IN (SELECT \(associations.hostedZoneId) FROM \(associations.table)\(filter(associations.vpcId)))"
        let records = try grouped(
            "SELECT \(recordColumns) FROM \(r.table)\(recordFilter) ORDER BY \(r.hostedZoneId), \(r.ordinal)",
            recordColumns, parent: recordZone, key: [recordZone, ordinal]
        ) { row in
            DNSRecord(
                name: try row.text(recordName), type: try row.text(type), aliasTarget: try row.optionalText(alias),
                values: (try row.optionalText(values) ?? "").split(separator: " ").map(String.init))
        }
        let a = Schema.HostedZoneVpcAssociations.self
        var zoneColumns = Selection()
        let vpc = zoneColumns.add(a.vpcId)
        let zone = zoneColumns.add(a.hostedZoneId)
        let zoneName = zoneColumns.add(a.zoneName)
        let owner = zoneColumns.add(a.owningAccount)
        try eachRow(
            "SELECT \(zoneColumns) FROM \(a.table)\(filter(a.vpcId)) ORDER BY \(a.vpcId), \(a.hostedZoneId)",
            zoneColumns, key: [vpc, zone]
        ) { row in
            let zoneId = try row.text(zone)
            network.dns.hostedZonesByVPC[try row.text(vpc), default: []].append(
                PrivateHostedZone(
                    id: zoneId, name: try row.text(zoneName), owningAccount: try row.optionalText(owner),
                    records: records[zoneId] ?? []))
        }

        // Resolver rules: a rule shared through RAM is listed by its owner and by each account
        // it is shared with; the copies are the same rule.
        let t = Schema.ResolverRuleTargetIps.self
        var targetColumns = Selection()
        let targetRule = targetColumns.add(t.resolverRuleId)
        let targetOrdinal = targetColumns.add(t.ordinal)
        let targetScope = targetColumns.add(t.scopeId)
        let ip = targetColumns.add(t.ip)
        let rr = Schema.ResolverRules.self
        let ra = Schema.ResolverRuleAssociations.self
        // A question reads the targets of the rules associated with its VPCs only.
        let targetFilter =
            wanted == nil
            ? ""
            : " WHERE \(t.resolverRuleId) IN (SELECT \(ra.resolverRuleId) FROM \(ra.table)\(filter(ra.vpcId)))"
        let targets = try grouped(
            """
            SELECT \(targetColumns) FROM \(t.table)\(targetFilter)
            ORDER BY \(t.resolverRuleId), \(t.scopeId), \(t.ordinal)
            """, targetColumns, parent: targetRule, key: [targetRule, targetScope, targetOrdinal]
        ) { row in try Self.ipv4Address(row, ip) }
        var columns = Selection()
        let ruleVPC = columns.add(ra.vpcId, "a")
        let association = columns.add(ra.associationId, "a")
        let status = columns.add(ra.status, "a")
        let rule = columns.add(ra.resolverRuleId, "a")
        let domain = columns.add(rr.domainName, "r")
        let ruleType = columns.add(rr.ruleType, "r")
        let ruleName = columns.add(rr.name, "r")
        let outbound = columns.add(rr.resolverEndpointId, "r")
        let ruleStatus = columns.add(rr.status, "r")
        // CROSS JOIN keeps this order: the wanted VPCs' associations, then each one's rule by
        // its ID.
        try eachRow(
            """
            SELECT \(columns) FROM \(ra.table) a CROSS JOIN \(rr.table) r ON r.\(rr.resolverRuleId) = a.\(ra.resolverRuleId)
            \(filter(ra.vpcId, "a"))
            GROUP BY a.\(ra.associationId) ORDER BY a.\(ra.vpcId), a.\(ra.associationId)
            """, columns, key: [association]
        ) { row in
            let ruleId = try row.text(rule)
            // Each scope's copy lists the same targets: keep one copy's.
            var seen = Set<IPv4Address>()
            let addresses = (targets[ruleId] ?? []).filter { seen.insert($0).inserted }
            network.dns.resolverRulesByVPC[try row.text(ruleVPC), default: []].append(
                ResolverRuleUse(
                    ruleId: ruleId, domainName: try row.text(domain), ruleType: try row.text(ruleType),
                    associationStatus: try row.optionalText(status), targetAddresses: addresses,
                    name: try row.optionalText(ruleName), resolverEndpointId: try row.optionalText(outbound),
                    ruleStatus: try row.optionalText(ruleStatus)))
        }
    }
}
