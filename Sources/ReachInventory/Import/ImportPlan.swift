import Foundation
import GRDB
import GRDBSQLite

/// The decoded documents of one import, resolved into scopes, merged and checked, ready to
/// be written in one transaction.
struct ImportPlan {
    var documents: [ParsedDocument]
    var options: ImportOptions
    var warnings: [ImportWarning] = []
    /// Per document index: its scope.
    var scopes: [Scope] = []
    /// The account and region most of the import's data names, for documents that say nothing.
    var importAccount: String?
    var importRegion: String?

    init(documents: [ParsedDocument], options: ImportOptions) {
        self.documents = documents
        self.options = options
        resolveScopes()
    }

    /// The most frequent value, ties broken by the smallest, so that the choice is stable.
    static func mostCommon(_ values: [String]) -> String? {
        var counts: [String: Int] = [:]
        for value in values { counts[value, default: 0] += 1 }
        return counts.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key
    }

    /// A folder named like a region or an account (Batfish's layout, `collect`'s layout).
    static func folderHints(_ file: String) -> (account: String?, region: String?) {
        var account: String?
        var region: String?
        for component in (file as NSString).deletingLastPathComponent.split(separator: "/") {
            let text = String(component)
            if AWSSyntax.isAccount(text) { account = text }
            if AWSSyntax.isRegion(text) { region = text }
        }
        return (account, region)
    }

    /// A describe-vpc-attribute document: it names a VPC and nothing of its account or region.
    static func isAttributesOnly(_ document: ParsedDocument) -> Bool {
        !document.attributes.isEmpty && document.records.isEmpty && document.ruleValues.isEmpty
            && document.replacedKinds.isEmpty
    }

    mutating func resolveScopes() {
        // Each folder is looked at once: an organisation's export is thousands of files in a
        // few folders, and folderHints runs a regular expression on every path component.
        var hintsByFolder: [String: (account: String?, region: String?)] = [:]
        let folders = documents.map { document in
            let folder = (document.file as NSString).deletingLastPathComponent
            if let known = hintsByFolder[folder] { return known }
            let hints = Self.folderHints(document.file)
            hintsByFolder[folder] = hints
            return hints
        }
        let allAccounts = documents.flatMap(\.accountHints) + folders.compactMap(\.account)
        let allRegions =
            documents.filter { !$0.isIAM }.flatMap(\.regionHints) + folders.compactMap(\.region)
        importAccount = Self.mostCommon(allAccounts)
        importRegion = Self.mostCommon(allRegions)
        var warnedAccount = false
        var warnedRegion = false
        scopes = documents.indices.map { index in
            let document = documents[index]
            let folder = folders[index]
            if Self.isAttributesOnly(document) {
                // Completed by resolveAttributeScopes(in:), which can ask the inventory where
                // the VPC is; empty parts are not known yet.
                return Scope(
                    accountId: options.account ?? folder.account ?? "", region: options.region ?? folder.region ?? "")
            }
            if let fixed = document.fixedScope {
                return Scope(accountId: options.account ?? fixed.accountId, region: options.region ?? fixed.region)
            }
            var account = options.account ?? folder.account ?? Self.mostCommon(document.accountHints) ?? importAccount
            if account == nil {
                account = "unknown"
                if !warnedAccount && !document.records.isEmpty {
                    warnings.append(
                        ImportWarning(
                            file: document.file,
                            message:
                                "no account ID in the data or the folder names: recorded as 'unknown' (use --account)"))
                    warnedAccount = true
                }
            }
            var region: String?
            if document.isIAM {
                region = "global"
            } else {
                region = options.region ?? folder.region ?? Self.mostCommon(document.regionHints) ?? importRegion
            }
            if region == nil {
                region = "unknown"
                if !warnedRegion && !document.records.isEmpty {
                    warnings.append(
                        ImportWarning(
                            file: document.file,
                            message: "no region in the data or the folder names: recorded as 'unknown' (use --region)"))
                    warnedRegion = true
                }
            }
            return Scope(accountId: account!, region: region!)
        }
    }

    /// The scope of each describe-vpc-attribute document whose folder names and options did
    /// not give one: its VPC's, in this import or in the inventory; else what the rest of the
    /// import names. A document of which nothing can be known is an error: recorded under an
    /// unknown account it would be invisible to `lambda-reach inventory` and to its VPC.
    mutating func resolveAttributeScopes(in store: InventoryStore) throws {
        var vpcScopes: [String: Scope] = [:]
        for (index, document) in documents.enumerated() where !Self.isAttributesOnly(document) {
            for record in document.records where record.kind == .vpcs { vpcScopes[record.id] = scopes[index] }
        }
        for index in documents.indices where Self.isAttributesOnly(documents[index]) {
            guard scopes[index].accountId.isEmpty || scopes[index].region.isEmpty else { continue }
            let vpcId = documents[index].attributes[0].vpcId
            var known = vpcScopes[vpcId]
            if known == nil {
                let v = Schema.Vpcs.self
                let s = Schema.Scopes.self
                known = try store.read { db in
                    try GRDB.Row.fetchOne(
                        db,
                        sql: """
                            SELECT s.\(s.accountId), s.\(s.region) FROM \(v.table) v JOIN \(s.table) s USING (\(s.scopeId))
                            WHERE v.\(v.vpcId) = ? AND s.\(s.accountId) != 'unknown' AND s.\(s.region) != 'unknown'
                            """, arguments: [vpcId]
                    ).map { Scope(accountId: $0[s.accountId.name], region: $0[s.region.name]) }
                }
            }
            var scope = scopes[index]
            if scope.accountId.isEmpty { scope.accountId = known?.accountId ?? importAccount ?? "" }
            if scope.region.isEmpty { scope.region = known?.region ?? importRegion ?? "" }
            guard !scope.accountId.isEmpty, !scope.region.isEmpty else {
                throw ImportError(
                    file: documents[index].file, jsonPath: "$.VpcId",
                    message:
                        "cannot tell the account and region of \(vpcId)'s attributes: the VPC is in neither this import nor the inventory, and no folder name (ACCOUNT/REGION/) says: import the file with --account and --region, or with the describe-vpcs output"
                )
            }
            scopes[index] = scope
        }
    }

    /// Writes the plan. Throws `ImportError` (and writes nothing) on a reference to nothing.
    mutating func write(to store: InventoryStore, warnings extra: [ImportWarning], fileCount: Int) throws
        -> ImportSummary
    {
        try resolveAttributeScopes(in: store)
        // 1. Records by scope, the later of two copies of a resource winning.
        var recordsByKey: [String: (scope: Scope, record: ResourceRecord, document: Int)] = [:]
        var order: [String] = []
        var attributeRecords: [(Scope, ResourceRecord)] = []
        /// Where each VPC attribute is in `attributeRecords`, with its value and document.
        var attributeIndex: [String: (position: Int, value: Bool, document: Int)] = [:]
        var ruleValues: [SecurityGroupRuleValue] = []
        var ruleOrigins: [String: String] = [:]
        for (index, document) in documents.enumerated() {
            let scope = scopes[index]
            let scopeText = "\(scope.accountId):\(scope.region)"
            for var record in document.records {
                if record.kind == .dbInstances || record.kind == .dbClusters || record.kind == .dbProxies {
                    record.id = record.id.replacingOccurrences(of: "{scope}", with: scopeText)
                    for r in record.rows.indices {
                        for v in record.rows[r].values.indices {
                            if case .string(let text) = record.rows[r].values[v].storage, text.contains("{scope}") {
                                record.rows[r].values[v] = text.replacingOccurrences(of: "{scope}", with: scopeText).sql
                            }
                        }
                    }
                }
                let table = record.rows.first?.table.rawValue ?? record.kind.rawValue
                let key = record.kind.idIsPerScope ? "\(table)/\(scopeText)/\(record.id)" : "\(table)/\(record.id)"
                if let previous = recordsByKey[key] {
                    // A subnet lists its zone's name: one zone, many subnets.
                    if record.kind == .availabilityZones { continue }
                    // One resource seen from two accounts (a subnet shared through AWS RAM, a
                    // peering or a transit gateway attachment between accounts): the owner's
                    // copy is the resource; the other account's is its view of it.
                    if previous.scope != scope {
                        let owns = Self.isOwnersCopy(record, scope: scope)
                        let previousOwns = Self.isOwnersCopy(previous.record, scope: previous.scope)
                        if !owns {
                            if previousOwns || Self.owner(of: previous.record) != nil { continue }
                        } else if !previousOwns {
                            recordsByKey[key] = (scope, record, index)
                            continue
                        }
                    }
                    // get-function(-configuration) prints State and StateReasonCode, which
                    // list-functions leaves out: its copy wins, whichever file comes first.
                    if previous.record.kind == .singleFunction && record.kind == .functions { continue }
                    if previous.record.kind == .functions && record.kind == .singleFunction {
                        recordsByKey[key] = (scope, record, index)
                        continue
                    }
                    if previous.document != index || record.kind == .dbSubnetGroups {
                        if record.kind != .dbSubnetGroups {
                            warnings.append(
                                ImportWarning(
                                    file: document.file,
                                    message:
                                        "\(record.id) also appears in \(documents[previous.document].file); using this file's copy"
                                ))
                        }
                    } else {
                        warnings.append(
                            ImportWarning(
                                file: document.file, message: "\(record.id) appears twice; using the later copy"))
                    }
                } else {
                    order.append(key)
                }
                recordsByKey[key] = (scope, record, index)
            }
            for attribute in document.attributes {
                let id = "\(attribute.vpcId)/\(attribute.attribute)"
                let record = ResourceRecord(
                    kind: .vpcAttributes, id: id,
                    rows: [
                        .vpcAttributes(
                            vpcId: attribute.vpcId.sql, attribute: attribute.attribute.sql, value: attribute.value.sql)
                    ],
                    origin:
                        "\(document.file) $.\(attribute.attribute.prefix(1).uppercased() + attribute.attribute.dropFirst())"
                )
                // The same attribute in two files (two copies of one export) is one row, as
                // every other repeated resource is: the later copy wins, and a different value
                // is said with both files.
                if let previous = attributeIndex[id] {
                    let other = documents[previous.document].file
                    warnings.append(
                        ImportWarning(
                            file: document.file,
                            message: previous.value == attribute.value
                                ? "\(attribute.vpcId) \(attribute.attribute) also appears in \(other), with the same value"
                                : "\(attribute.vpcId) \(attribute.attribute) is \(attribute.value) here and \(previous.value) in \(other); using this file's value"
                        ))
                    attributeRecords[previous.position] = (scope, record)
                    attributeIndex[id] = (previous.position, attribute.value, index)
                    continue
                }
                attributeIndex[id] = (attributeRecords.count, attribute.value, index)
                attributeRecords.append((scope, record))
            }
            for rule in document.ruleValues where ruleOrigins[rule.groupId] == nil {
                ruleOrigins[rule.groupId] = document.file
            }
            ruleValues += document.ruleValues
        }

        // 2. Security-group rules from both describe calls, merged without duplicates.
        var rulesByGroup: [String: [SecurityGroupRuleValue]] = [:]
        var seenRules: [SecurityGroupRuleValue.Identity: Int] = [:]
        seenRules.reserveCapacity(ruleValues.count)  // no rehashing of 200,000 keys on the way
        var groupOrder: [String] = []
        for rule in ruleValues {
            let identity = rule.identity
            if let existing = seenRules[identity] {
                // Keep the first copy but adopt a rule ID the other call printed.
                if rulesByGroup[rule.groupId]![existing].ruleId == nil, let id = rule.ruleId {
                    rulesByGroup[rule.groupId]![existing].ruleId = id
                }
                continue
            }
            if rulesByGroup[rule.groupId] == nil { groupOrder.append(rule.groupId) }
            seenRules[identity] = rulesByGroup[rule.groupId, default: []].count
            rulesByGroup[rule.groupId, default: []].append(rule)
        }
        var orphanRuleGroups: [String] = []
        for group in groupOrder {
            let rules = rulesByGroup[group]!
            var ordinals = (ingress: 0, egress: 0)
            let rows = rules.map { rule -> Row in
                if rule.isEgress {
                    ordinals.egress += 1
                    return rule.row(ordinal: ordinals.egress)
                }
                ordinals.ingress += 1
                return rule.row(ordinal: ordinals.ingress)
            }
            let key = "security_groups/\(group)"
            if recordsByKey[key] != nil {
                recordsByKey[key]!.record.rows += rows
            } else {
                orphanRuleGroups.append(group)
            }
        }

        let records = order.map { recordsByKey[$0]! }
        let vpcAttributeRecords = attributeRecords
        let replaced: [(Scope, ResourceKind)] = Set(
            documents.indices.flatMap { index in
                documents[index].replacedKinds.map { ScopedKind(scope: scopes[index], kind: $0) }
            }
        ).sorted().map { ($0.scope, $0.kind) }
        let fileKinds: [(Scope, ResourceKind, String, String, Int)] = documents.indices.flatMap { index in
            let document = documents[index]
            // A describe-security-group-rules file adds to its groups: it is their provenance too.
            let kinds = Set(document.records.map(\.kind)).union(document.replacedKinds)
                .union(document.attributes.isEmpty ? [] : [.vpcAttributes])
                .union(document.ruleValues.isEmpty ? [] : [.securityGroups])
            return kinds.sorted().map { kind in
                let count =
                    kind == .vpcAttributes
                    ? document.attributes.count : document.records.filter { $0.kind == kind }.count
                return (scopes[index], kind, document.file, document.key, count)
            }
        }
        // What each scope has of each kind after this import: the merged records, counted once
        // however many files (or DB instances sharing a subnet group) listed them.
        var totals: [ScopedKind: Int] = [:]
        for (scope, record, _) in records { totals[ScopedKind(scope: scope, kind: record.kind), default: 0] += 1 }
        for (scope, record) in vpcAttributeRecords {
            totals[ScopedKind(scope: scope, kind: record.kind), default: 0] += 1
        }
        let allScopes = Set(
            scopes.indices.filter {
                !documents[$0].records.isEmpty || !documents[$0].replacedKinds.isEmpty
                    || !documents[$0].attributes.isEmpty || !documents[$0].ruleValues.isEmpty
            }.map { scopes[$0] }
        ).sorted()
        var counts: [String: Int] = [:]
        // An account's zone names are a lookup, not resources: the summary does not count them.
        for (_, record, _) in records where record.kind != .availabilityZones {
            counts[record.kind.label, default: 0] += 1
        }
        if !vpcAttributeRecords.isEmpty { counts[ResourceKind.vpcAttributes.label] = vpcAttributeRecords.count }
        let ruleCount = rulesByGroup.values.reduce(0) { $0 + $1.count }
        if ruleCount > 0 { counts["security-group-rules"] = ruleCount }
        let importedAt = ISO8601DateFormatter().string(from: options.importedAt)
        let planWarnings = warnings
        var referenceWarnings: [ImportWarning] = []

        // 3. One transaction: delete what is replaced, insert, check references, commit.
        do {
            try store.write { db in
                var inserter = RowInserter(db: db)
                var scopeIds: [Scope: Int64] = [:]
                for scope in allScopes { scopeIds[scope] = try scope.id(in: db) }
                for (scope, kind) in replaced {
                    guard case .wholeScope(let statements) = kind.replacement, let scopeId = scopeIds[scope] else {
                        continue
                    }
                    for sql in statements { try db.execute(sql: sql, arguments: [scopeId]) }
                }
                for (scope, record, _) in records {
                    if case .perRecord(let sql, let scoped) = record.kind.replacement {
                        try db.execute(sql: sql, arguments: scoped ? [record.id, scopeIds[scope]] : [record.id])
                    }
                }
                for (scope, record) in vpcAttributeRecords {
                    if case .perRecord(let sql, let scoped) = record.kind.replacement {
                        try db.execute(sql: sql, arguments: scoped ? [record.id, scopeIds[scope]] : [record.id])
                    }
                }
                let g = Schema.SecurityGroups.self
                let r = Schema.SecurityGroupRules.self
                for group in orphanRuleGroups {
                    guard
                        try Bool.fetchOne(
                            db, sql: "SELECT 1 FROM \(g.table) WHERE \(g.groupId) = ?", arguments: [group]) == true
                    else {
                        throw ImportError(
                            file: ruleOrigins[group] ?? "", jsonPath: "$.SecurityGroupRules",
                            message:
                                "a rule of \(group), which is neither in this import nor in the inventory: import the \(DocumentKind.securityGroups.call!.operation) output too"
                        )
                    }
                    try db.execute(sql: "DELETE FROM \(r.table) WHERE \(r.groupId) = ?", arguments: [group])
                    var ordinals = [false: 0, true: 0]
                    for rule in rulesByGroup[group]! {
                        ordinals[rule.isEgress]! += 1
                        try inserter.insert(rule.row(ordinal: ordinals[rule.isEgress]!), scopeId: nil)
                    }
                }
                for (position, (scope, record, _)) in records.enumerated() {
                    let scopeId = scopeIds[scope]
                    do {
                        for row in record.rows { try inserter.insert(row, scopeId: scopeId) }
                    } catch let conflict as RowConflict {
                        switch try Self.resolveAcrossAccounts(conflict, record: record, scope: scope, db: db) {
                        case .keepInventory: continue
                        case .replacedView:
                            for row in record.rows { try inserter.insert(row, scopeId: scopeId) }
                        case nil:
                            throw try Self.explain(
                                conflict, of: position, in: records.map(\.record), scope: scope, db: db)
                        }
                    }
                }
                let attributes = vpcAttributeRecords.map(\.1)
                for (position, (scope, record)) in vpcAttributeRecords.enumerated() {
                    do {
                        for row in record.rows { try inserter.insert(row, scopeId: scopeIds[scope]) }
                    } catch let conflict as RowConflict {
                        throw try Self.explain(conflict, of: position, in: attributes, scope: scope, db: db)
                    }
                }
                try Self.checkReferences(db: db, records: records.map { ($0.record) })
                try Self.checkDangling(db: db, documents: documents)
                if documents.contains(where: { $0.records.contains { $0.kind.isTransitGateway } }) {
                    referenceWarnings = try Self.transitGatewayReferences(db: db)
                }
                let replacedKinds = Set(replaced.map { ScopedKind(scope: $0.0, kind: $0.1) })
                let i = Schema.Imports.self
                let f = Schema.ImportFiles.self
                for scopedKind in Set(fileKinds.map { ScopedKind(scope: $0.0, kind: $0.1) }).sorted() {
                    guard let scopeId = scopeIds[scopedKind.scope] else { continue }
                    // Set, not added to: importing the same files twice (even at the same
                    // SOURCE_DATE_EPOCH) gives the same inventory. A file that only adds to what
                    // is there (describe-security-group-rules) leaves the count as it is.
                    let sets = totals[scopedKind] != nil || replacedKinds.contains(scopedKind)
                    try db.execute(
                        sql: """
                            INSERT INTO \(i.table) (\(i.scopeId), \(i.kind), \(i.importedAt), \(i.recordCount)) VALUES (?, ?, ?, ?)
                            ON CONFLICT (\(i.scopeId), \(i.kind)) DO UPDATE SET \(i.importedAt) = excluded.\(i.importedAt),
                                \(i.recordCount) = CASE WHEN ? THEN excluded.\(i.recordCount) ELSE \(i.table).\(i.recordCount) END
                            """,
                        arguments: [scopeId, scopedKind.kind.rawValue, importedAt, totals[scopedKind] ?? 0, sets])
                }
                for (scope, kind, file, key, count) in fileKinds {
                    guard let scopeId = scopeIds[scope] else { continue }
                    try db.execute(
                        sql: """
                            INSERT INTO \(f.table) (\(f.scopeId), \(f.kind), \(f.path), \(f.documentKey), \(f.recordCount))
                            VALUES (?, ?, ?, ?, ?)
                            ON CONFLICT (\(f.scopeId), \(f.kind), \(f.path)) DO UPDATE SET \(f.documentKey) = excluded.\(f.documentKey),
                                \(f.recordCount) = excluded.\(f.recordCount)
                            """, arguments: [scopeId, kind.rawValue, file, key, count])
                }
                // Provenance of kinds replaced by this import but last imported from files that
                // are not part of it any more.
                for (scope, kind) in replaced {
                    guard let scopeId = scopeIds[scope] else { continue }
                    let files = fileKinds.filter { $0.0 == scope && $0.1 == kind }.map(\.2)
                    let placeholders = files.map { _ in "?" }.joined(separator: ", ")
                    try db.execute(
                        sql:
                            "DELETE FROM \(f.table) WHERE \(f.scopeId) = ? AND \(f.kind) = ? AND \(f.path) NOT IN (\(placeholders))",
                        arguments: StatementArguments(
                            [scopeId.databaseValue, kind.rawValue.databaseValue] + files.map(\.databaseValue)))
                }
            }
        } catch let error as ImportError {
            throw error
        } catch let conflict as RowConflict {
            throw ImportError(
                file: store.path, jsonPath: "",
                message: "the inventory refused the import, nothing was written: \(conflict.message)")
        } catch let error as DatabaseError {
            throw ImportError(
                file: store.path, jsonPath: "",
                message: "the inventory refused the import, nothing was written: \(error.message ?? "\(error)")")
        }
        return ImportSummary(
            counts: counts, scopes: allScopes, files: fileCount,
            warnings: extra + planWarnings.filter { !extra.contains($0) } + referenceWarnings)
    }

    struct ScopedKind: Hashable, Comparable {
        var scope: Scope
        var kind: ResourceKind
        static func < (lhs: ScopedKind, rhs: ScopedKind) -> Bool { (lhs.scope, lhs.kind) < (rhs.scope, rhs.kind) }
    }

    /// References that AWS guarantees (a subnet's VPC, a route table's subnets, a NAT
    /// gateway's subnet) must resolve in the import or the inventory; an export that breaks
    /// one is incomplete, and the answers would silently be wrong.
    static func checkReferences(db: Database, records: [ResourceRecord]) throws {
        typealias Target = (column: Column, what: String, export: String, key: String)
        let vpc: Target = (Schema.Vpcs.vpcId, "VPC", DocumentKind.vpcs.call!.command, "VpcId")
        let subnet: Target = (Schema.Subnets.subnetId, "subnet", DocumentKind.subnets.call!.command, "SubnetId")
        let checks: [(column: Column, target: Target)] = [
            (Schema.Subnets.vpcId, vpc), (Schema.RouteTables.vpcId, vpc),
            (Schema.RouteTableAssociations.subnetId, subnet), (Schema.NetworkAcls.vpcId, vpc),
            (Schema.NetworkAclAssociations.subnetId, subnet), (Schema.NatGateways.subnetId, subnet),
            (Schema.VpcEndpoints.vpcId, vpc),
        ]
        // Most references are to VPCs and subnets of this same import, just inserted: those are
        // answered from memory, and only the others (already in the inventory) by a query.
        let inserted = [
            "VPC": Set(records.lazy.filter { $0.kind == .vpcs }.map(\.id)),
            "subnet": Set(records.lazy.filter { $0.kind == .subnets }.map(\.id)),
        ]
        // Each check's table and statement, found once rather than for each of the rows.
        let prepared = try checks.map { check in
            (
                table: Table(rawValue: check.column.table), inserted: inserted[check.target.what] ?? [],
                statement: try db.cachedStatement(
                    sql: "SELECT 1 FROM \(check.target.column.table) WHERE \(check.target.column) = ?")
            )
        }
        for record in records {
            for row in record.rows {
                for (number, check) in checks.enumerated() where prepared[number].table == row.table {
                    guard case .string(let id) = row[check.column].storage, !prepared[number].inserted.contains(id)
                    else {
                        continue
                    }
                    if try Bool.fetchOne(prepared[number].statement, arguments: [id]) != true {
                        let (file, path) = origin(of: record)
                        throw ImportError(
                            file: file, jsonPath: path + (row.path.map { ".\($0)" } ?? "") + ".\(check.target.key)",
                            message:
                                "\(record.id) refers to \(check.target.what) \(id), which is neither in this import nor in the inventory: import the output of `\(check.target.export)` too"
                        )
                    }
                }
            }
        }
    }

    /// Transit-gateway references that do not resolve in the inventory. They are warnings, not
    /// errors: a transit gateway is often shared from a network account whose export is not in
    /// this inventory, and its attachments name VPCs of many other accounts. The answers then
    /// say that the part they need is missing.
    static func transitGatewayReferences(db: Database) throws -> [ImportWarning] {
        let va = Schema.TransitGatewayVpcAttachments.self
        let vs = Schema.TransitGatewayVpcAttachmentSubnets.self
        let ta = Schema.TransitGatewayAttachments.self
        let routes = Schema.TransitGatewayRoutes.self
        let tables = Schema.TransitGatewayRouteTables.self
        let associations = Schema.TransitGatewayRouteTableAssociations.self
        let propagations = Schema.TransitGatewayRouteTablePropagations.self
        let vpcs = Schema.Vpcs.self
        let subnets = Schema.Subnets.self
        let gateways = Schema.TransitGateways.self
        // Each SELECT names the resource that refers (`owner`) and what it refers to (`target`).
        let checks: [(sql: String, what: String, export: String)] = [
            (
                """
                SELECT a.\(va.transitGatewayAttachmentId) AS owner, a.\(va.vpcId) AS target FROM \(va.table) a
                WHERE a.\(va.vpcId) IS NOT NULL AND NOT EXISTS (SELECT 1 FROM \(vpcs.table) v WHERE v.\(vpcs.vpcId) = a.\(va.vpcId))
                ORDER BY 1, 2
                """, "VPC", DocumentKind.vpcs.call!.command
            ),
            (
                """
                SELECT s.\(vs.transitGatewayAttachmentId) AS owner, s.\(vs.subnetId) AS target FROM \(vs.table) s
                WHERE NOT EXISTS (SELECT 1 FROM \(subnets.table) n WHERE n.\(subnets.subnetId) = s.\(vs.subnetId)) ORDER BY 1, 2
                """, "subnet", DocumentKind.subnets.call!.command
            ),
            (
                """
                SELECT a.\(va.transitGatewayAttachmentId) AS owner, a.\(va.transitGatewayId) AS target FROM \(va.table) a
                WHERE a.\(va.transitGatewayId) IS NOT NULL
                  AND NOT EXISTS (SELECT 1 FROM \(gateways.table) t WHERE t.\(gateways.transitGatewayId) = a.\(va.transitGatewayId))
                ORDER BY 1, 2
                """, "transit gateway", DocumentKind.transitGateways.call!.command
            ),
            (
                """
                SELECT DISTINCT r.\(routes.transitGatewayRouteTableId) AS owner, r.\(routes.transitGatewayAttachmentId) AS target
                FROM \(routes.table) r
                WHERE r.\(routes.transitGatewayAttachmentId) IS NOT NULL
                  AND NOT EXISTS (SELECT 1 FROM \(va.table) a
                                  WHERE a.\(va.transitGatewayAttachmentId) = r.\(routes.transitGatewayAttachmentId))
                  AND NOT EXISTS (SELECT 1 FROM \(ta.table) a
                                  WHERE a.\(ta.transitGatewayAttachmentId) = r.\(routes.transitGatewayAttachmentId))
                ORDER BY 1, 2
                """, "transit gateway attachment", DocumentKind.transitGatewayAttachments.call!.command
            ),
            (
                """
                SELECT DISTINCT r.id AS owner, r.id AS target
                FROM (SELECT \(routes.transitGatewayRouteTableId) AS id FROM \(routes.table)
                      UNION SELECT \(associations.transitGatewayRouteTableId) FROM \(associations.table)
                      UNION SELECT \(propagations.transitGatewayRouteTableId) FROM \(propagations.table)) r
                WHERE NOT EXISTS (SELECT 1 FROM \(tables.table) t
                                  WHERE t.\(tables.transitGatewayRouteTableId) = r.id)
                ORDER BY 1
                """, "transit gateway route table", DocumentKind.transitGatewayRouteTables.call!.command
            ),
        ]
        var warnings: [ImportWarning] = []
        for check in checks {
            for row in try GRDB.Row.fetchAll(db, sql: check.sql) {
                let owner: String = row["owner"]
                let target: String = row["target"]
                let message =
                    owner == target
                    ? "\(owner) has routes, associations or propagations but is not in the inventory: import the output of `\(check.export)` too"
                    : "\(owner) refers to \(check.what) \(target), which is not in the inventory: paths through it cannot be followed (import the output of `\(check.export)` too)"
                warnings.append(ImportWarning(file: "", message: message))
            }
        }
        return warnings
    }

    /// The column that names the account owning a resource of `table`, for the tables whose
    /// resources other accounts see too: a participant's describe-subnets lists the subnets
    /// shared with it (with the owner's OwnerId), both sides of a peering list it, a transit
    /// gateway's owner and the VPC's owner both list an attachment.
    static func ownerColumn(of table: Table) -> Column? {
        switch table {
        case .vpcs: return Schema.Vpcs.ownerId
        case .subnets: return Schema.Subnets.ownerId
        case .routeTables: return Schema.RouteTables.ownerId
        case .internetGateways: return Schema.InternetGateways.ownerId
        case .securityGroups: return Schema.SecurityGroups.ownerId
        case .networkAcls: return Schema.NetworkAcls.ownerId
        case .transitGateways: return Schema.TransitGateways.ownerId
        case .networkInterfaces: return Schema.NetworkInterfaces.ownerId
        case .vpcPeeringConnections: return Schema.VpcPeeringConnections.requesterOwnerId
        case .transitGatewayAttachments: return Schema.TransitGatewayAttachments.transitGatewayOwnerId
        case .transitGatewayVpcAttachments: return Schema.TransitGatewayVpcAttachments.vpcOwnerId
        default: return nil
        }
    }

    /// The account that owns the record's resource, when its data says.
    static func owner(of record: ResourceRecord) -> String? {
        guard let row = record.rows.first, let column = ownerColumn(of: row.table) else { return nil }
        return String.fromDatabaseValue(row[column])
    }

    /// Whether `record`, read in `scope`, is its owner's copy. A resource whose data names no
    /// owner is taken as its scope's own, as before shared resources were told apart.
    static func isOwnersCopy(_ record: ResourceRecord, scope: Scope) -> Bool {
        owner(of: record).map { $0 == scope.accountId } ?? true
    }

    /// What became of a record whose resource the inventory already has under another account.
    enum CrossAccountResolution {
        /// The inventory has the owner's copy; this import's is another account's view.
        case keepInventory
        /// The inventory had another account's view; it was deleted for the owner's copy.
        case replacedView
    }

    /// A resource refused for its key that the inventory holds under another account: the
    /// owner's copy stays or replaces the other account's view of it. nil when that is not the
    /// case (two copies that both claim the resource, or a clash within one account), which
    /// remains an error.
    static func resolveAcrossAccounts(
        _ conflict: RowConflict, record: ResourceRecord, scope: Scope, db: Database
    ) throws -> CrossAccountResolution? {
        guard let first = record.rows.first, conflict.row.table == first.table, conflict.row.path == nil,
            let ownerColumn = ownerColumn(of: first.table), let scopeColumn = first.table.scopeColumn
        else { return nil }
        let table = first.table
        let keyColumns = try db.primaryKey(table.rawValue).columns
        let keyOfRow = keyColumns.compactMap { name in table.columns.first { $0.name == name } }
        guard keyOfRow.count == keyColumns.count else { return nil }
        let condition = keyColumns.map { "t.\"\($0)\" = ?" }.joined(separator: " AND ")
        let s = Schema.Scopes.self
        guard
            let existing = try GRDB.Row.fetchOne(
                db,
                sql: """
                    SELECT t.\(ownerColumn.name) AS owner, s.\(s.accountId) AS account, s.\(s.region) AS region
                    FROM "\(table.rawValue)" t JOIN \(s.table) s ON s.\(s.scopeId) = t.\(table.columns[scopeColumn].name)
                    WHERE \(condition)
                    """, arguments: StatementArguments(keyOfRow.map { first[$0] }))
        else { return nil }
        let existingScope = Scope(accountId: existing["account"], region: existing["region"])
        guard existingScope != scope else { return nil }
        let existingOwner: String? = existing["owner"]
        let existingOwns = existingOwner.map { $0 == existingScope.accountId } ?? true
        let owns = isOwnersCopy(record, scope: scope)
        if !owns && (existingOwns || existingOwner != nil) { return .keepInventory }
        guard owns && !existingOwns else { return nil }
        try db.execute(
            sql:
                "DELETE FROM \"\(table.rawValue)\" WHERE \(keyColumns.map { "\"\($0)\" = ?" }.joined(separator: " AND "))",
            arguments: StatementArguments(keyOfRow.map { first[$0] }))
        return .replacedView
    }

    /// What a row that the inventory refused for its key clashes with, said truly: another
    /// element of this import that has the same ID (an association ID listed by two route
    /// tables), or a row already in the inventory, with its account and region.
    static func explain(
        _ conflict: RowConflict, of position: Int, in records: [ResourceRecord], scope: Scope, db: Database
    ) throws -> ImportError {
        let record = records[position]
        let table = conflict.row.table
        let (file, path) = origin(of: record)
        let rowPath = path + (conflict.row.path.map { ".\($0)" } ?? "")
        let keyColumns = try db.primaryKey(table.rawValue).columns
        let keyOfRow = keyColumns.compactMap { name in table.columns.first { $0.name == name } }
        let key = keyOfRow.map { conflict.row[$0] }
        let keyText = key.map(Decode.plainText).joined(separator: " ")
        // The rows inserted before this one: every row of the records before it, and the rows of
        // its own record at other paths.
        for (otherPosition, other) in records[...position].enumerated() {
            for row in other.rows
            where row.table == table && keyOfRow.map({ row[$0] }) == key
                && (otherPosition != position || row.path != conflict.row.path)
            {
                let (otherFile, otherPath) = origin(of: other)
                let otherRowPath = otherPath + (row.path.map { ".\($0)" } ?? "")
                let where_ = otherFile == file ? otherRowPath : "\(otherFile) \(otherRowPath)"
                return ImportError(
                    file: file, jsonPath: rowPath,
                    message:
                        "\(table.rawValue) \(keyText) is also listed at \(where_): an AWS ID names one resource, and this import gives it two"
                )
            }
        }
        // Not in this import: a row already in the inventory, found through its own scope or
        // through the resource it belongs to.
        let condition = keyColumns.map { "t.\"\($0)\" = ?" }.joined(separator: " AND ")
        let s = Schema.Scopes.self
        let scopeText = "s.\(s.accountId) || '/' || s.\(s.region)"
        var owner = ""
        var scopeName: String?
        if let scopeColumn = table.scopeColumn {
            scopeName = try String.fetchOne(
                db,
                sql:
                    "SELECT \(scopeText) FROM \"\(table.rawValue)\" t JOIN \(s.table) s USING (\(table.columns[scopeColumn])) WHERE \(condition)",
                arguments: StatementArguments(key))
        } else if let parent = try GRDB.Row.fetchAll(db, sql: "PRAGMA foreign_key_list(\"\(table.rawValue)\")").first {
            let parentTable: String = parent["table"]
            let from: String = parent["from"]
            let to: String = parent["to"]
            if let row = try GRDB.Row.fetchOne(
                db,
                sql: """
                    SELECT p."\(to)" AS owner, \(scopeText) AS scope FROM "\(table.rawValue)" t
                    JOIN "\(parentTable)" p ON p."\(to)" = t."\(from)" JOIN \(s.table) s ON s.\(s.scopeId) = p.\(s.scopeId)
                    WHERE \(condition)
                    """, arguments: StatementArguments(key))
            {
                owner = " (in \(row["owner"] as String))"
                scopeName = row["scope"]
            }
        }
        let place: String
        if let scopeName, scopeName != scope.description {
            place = "under another account or region, \(scopeName); this file's is \(scope)"
        } else {
            place = "under the same account and region, \(scope), from an import of another kind"
        }
        return ImportError(
            file: file, jsonPath: rowPath,
            message:
                "\(table.rawValue) \(keyText) is already in the inventory\(owner) \(place): an AWS ID names one resource (import it with the account and region it has, or re-import that account and region without it)"
        )
    }

    /// Where a record came from: its file (which may hold spaces) and its JSON path.
    static func origin(of record: ResourceRecord) -> (file: String, path: String) {
        guard let split = record.origin.range(of: " $", options: .backwards) else { return (record.origin, "") }
        return (
            String(record.origin[..<split.lowerBound]),
            String(record.origin[record.origin.index(after: split.lowerBound)...])
        )
    }

    /// Rows already in the inventory that point at something this import removed: a Vpcs
    /// export that no longer lists a VPC the inventory's subnets are in.
    static func checkDangling(db: Database, documents: [ParsedDocument], tables: [String]? = nil) throws {
        // Every table, or only those that can dangle after this import's deletes.
        let dangling =
            try tables.map { list in
                try list.flatMap { try GRDB.Row.fetchAll(db, sql: "PRAGMA foreign_key_check(\"\($0)\")") }
            } ?? GRDB.Row.fetchAll(db, sql: "PRAGMA foreign_key_check")
        guard let first = dangling.first else { return }
        let table: String = first["table"]
        let parent: String = first["parent"]
        let foreignKey = try GRDB.Row.fetchAll(db, sql: "PRAGMA foreign_key_list(\"\(table)\")")
            .first { ($0["id"] as Int) == (first["fkid"] as Int) }
        let column: String = foreignKey?["from"] ?? ""
        let rowids = dangling.filter { ($0["table"] as String) == table && ($0["parent"] as String) == parent }
            .compactMap { $0["rowid"] as Int64? }
        var missing: [String] = []
        var children: [String] = []
        if !column.isEmpty && !rowids.isEmpty {
            let list = rowids.map(String.init).joined(separator: ", ")
            let key = try db.primaryKey(table).columns.first ?? "rowid"
            missing = try String.fetchAll(
                db, sql: "SELECT DISTINCT \"\(column)\" FROM \"\(table)\" WHERE rowid IN (\(list)) ORDER BY 1")
            children = try String.fetchAll(
                db, sql: "SELECT \"\(key)\" FROM \"\(table)\" WHERE rowid IN (\(list)) ORDER BY 1")
        }
        // The document of this import that replaced the parent's rows.
        let replacer = documents.first { document in
            document.replacedKinds.contains { kind in
                guard case .wholeScope(let statements) = kind.replacement else { return false }
                return statements.contains { $0.hasPrefix("DELETE FROM \(parent) ") }
            }
        }
        let key = replacer?.key.split(separator: ",").first { !DocumentKind.replaced(byKey: String($0)).isEmpty }
        var referrers: [String] = []
        for row in dangling where (row["parent"] as String) == parent && !referrers.contains(row["table"] as String) {
            referrers.append(row["table"])
        }
        let exports = [
            Table.subnets.rawValue: DocumentKind.subnets.call!.command,
            Table.routeTables.rawValue: DocumentKind.routeTables.call!.command,
        ]
        let shown = children.prefix(5).joined(separator: ", ") + (children.count > 5 ? ", ..." : "")
        throw ImportError(
            file: replacer?.file ?? "", jsonPath: key.map { "$.\($0)" } ?? "",
            message:
                "this import replaces the \(parent) of its account and region without \(missing.isEmpty ? "some of them" : missing.joined(separator: ", ")), which the inventory's \(referrers.joined(separator: " and "))\(shown.isEmpty ? "" : " (\(shown)\(referrers.count > 1 ? ", ..." : ""))") still refer to: import the matching \(referrers.map { "`\(exports[$0] ?? $0)`" }.joined(separator: " and ")) output with it, or an export that still lists \(missing.count == 1 ? "it" : "them")"
        )
    }
}

/// A row that the inventory refused because its key is taken; `ImportPlan.explain` says by what.
struct RowConflict: Error {
    var row: Row
    var message: String
}

/// Inserts rows with one prepared statement per table, worked out on the table's first row.
///
/// An organisation is hundreds of thousands of rows: building each row's SQL and finding its
/// statement by that text, as `db.cachedStatement(sql:)` does, cost more than SQLite's own work.
struct RowInserter {
    let db: Database
    private var statements: [Table: (statement: Statement, scopeColumn: Int?)] = [:]

    init(db: Database) { self.db = db }

    /// Inserts `row`, with `scopeId` in its table's scope column.
    mutating func insert(_ row: Row, scopeId: Int64?) throws {
        let (statement, scopeColumn) = try prepared(row.table)
        // The values are bound straight to the statement, with GRDB's public binding API:
        // building a StatementArguments for each row cost more than SQLite's insert (its
        // generic initialiser makes a key path on every call). Setting empty arguments resets
        // the statement and clears the previous row's bindings; execute() then runs it with
        // the bindings made here.
        statement.setUncheckedArguments(StatementArguments())
        for (column, value) in row.values.enumerated() {
            let bound = column == scopeColumn ? (scopeId?.databaseValue ?? .null) : value
            let code = ResultCode(rawValue: bound.bind(to: statement.sqliteStatement, at: CInt(column + 1)))
            if code != .SQLITE_OK { throw DatabaseError(resultCode: code, message: db.lastErrorMessage) }
        }
        do {
            try statement.execute()
        } catch let error as DatabaseError
            where error.extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY
            || error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE
        {
            // The statement is used again when the conflict is resolved (another account's
            // view of the resource gives way to the owner's): reset it here, where its error
            // is known, so that the next reset does not report it again.
            sqlite3_reset(statement.sqliteStatement)
            throw RowConflict(row: row, message: error.message ?? "\(error)")
        }
    }

    private mutating func prepared(_ table: Table) throws -> (statement: Statement, scopeColumn: Int?) {
        if let prepared = statements[table] { return prepared }
        let prepared = (statement: try db.makeStatement(sql: table.insertSQL), scopeColumn: table.scopeColumn)
        statements[table] = prepared
        return prepared
    }
}
