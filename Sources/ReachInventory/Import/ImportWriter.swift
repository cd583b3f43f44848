import Foundation
import GRDB
import GRDBSQLite

/// The import stage's writer: each document goes into the inventory as soon as it is decoded,
/// inside the one transaction of the import, and is then dropped. What the import holds is
/// what it wrote (one small entry per resource, to merge repeats), never the organisation's
/// records: memory is bounded by the largest file.
///
/// The merge rules are those of one import read whole:
/// - a resource listed twice is one resource, the later copy (a warning names both files),
///   but for get-function(-configuration) over list-functions, the owner's copy over another
///   account's view, and a DB subnet group every instance repeats (silently);
/// - the first document of a kind in an account and region replaces that kind there;
/// - security-group rules from describe-security-groups and describe-security-group-rules are
///   merged without duplicates, whichever file comes first;
/// - references are checked, and the inventory's dangling rows reported, after the last file.
struct ImportWriter {
    let db: Database
    let options: ImportOptions
    var inserter: RowInserter
    var warnings: [ImportWarning] = []

    /// What this import wrote of each resource (`table/id`, or `table/scope/id` for IDs that
    /// repeat across scopes).
    struct Written {
        var file: Int32
        var scope: Int32
        var kind: ResourceKind
        /// The record's JSON path in its file (`$.Subnets[3]`).
        var path: String
        var owns: Bool
    }
    var written: [String: Written] = [:]
    var files: [String] = []
    var scopes: [Scope] = []
    var scopeIndex: [Scope: Int32] = [:]
    var scopeIds: [Scope: Int64] = [:]
    /// The kinds of each scope this import has replaced already.
    var replaced: Set<ImportPlan.ScopedKind> = []
    /// Records per scope and kind after the merge, for the imports table.
    var totals: [ImportPlan.ScopedKind: Int] = [:]
    var counts: [String: Int] = [:]
    var fileKinds: [(ImportPlan.ScopedKind, String, String, Int)] = []
    /// Documents whose account or region only the whole import can tell.
    var deferred: [(document: ParsedDocument, file: Int32)] = []
    var accountHints: [String: Int] = [:]
    var regionHints: [String: Int] = [:]
    /// The accounts and regions the documents of each folder name in their data: what a file
    /// of that folder that names none (describe-vpcs names no region) is taken to be in.
    var folderDataHints: [String: (accounts: Set<String>, regions: Set<String>)] = [:]
    /// The regions the import's data and folder names name outright (`ParsedDocument.namedRegions`).
    var namedRegions: Set<String> = []
    /// Per document: its file, key and replaced kinds (for the dangling-reference message).
    var summaries: [ParsedDocument] = []
    /// Rules of groups whose copy from the rules' own account and region is not written yet,
    /// in file order: per group and scope, since another account's view of a group (a VPC
    /// owner describes its participants' groups) is not the group's rules.
    var pendingRules: [PendingRules: (rules: [SecurityGroupRuleValue], file: String)] = [:]
    struct PendingRules: Hashable {
        var group: String
        /// The scope's number in `scopes`.
        var scope: Int32
    }
    var ruleOrigins: [String: String] = [:]
    /// Security-group rules written (the summary's count).
    var ruleCount = 0
    /// VPC attributes seen: value and file.
    var attributes: [String: (value: Bool, file: Int32)] = [:]
    var hasTransitGateways = false
    /// Whether this import wrote VPCs or DHCP option sets: the sets the VPCs name are then
    /// checked against those in the inventory (`ImportPlan.dhcpOptionsNotImported`).
    var hasDHCPReferences = false
    /// The tables whose rows from before this import a replacement deleted: only their
    /// children can be left dangling.
    var deletedFrom: Set<String> = []
    /// Scope rows made ahead from folder names, and the scopes written to.
    var prepared: Set<Scope> = []
    var used: Set<Scope> = []
    /// The tables this import wrote into, per scope: a replacement of a kind that shares its
    /// table with another must spare what this import wrote there (a whole-scope delete).
    var tablesWritten: Set<String> = []
    /// The kinds this import replaces in a scope that held rows of them before it, with the
    /// IDs of those rows not met again yet. A re-import of an account mostly writes what the
    /// inventory has already: rather than deleting the scope's rows up front and writing them
    /// again (on random pages of large B-trees, each journaled at commit), each record that
    /// comes in is compared with its stored copy and left as it is when they are the same; the
    /// rows no file of the import listed are deleted at the end (`deleteUnlisted`). Only where
    /// foreign keys cascade (a file inventory): a changed copy's children go with it.
    var unlisted: [ImportPlan.ScopedKind: Unlisted] = [:]
    struct Unlisted {
        var table: Table
        var condition: String
        var scopeId: Int64
        /// The position of the table's ID column (its key, but scope_id).
        var key: Int
        var ids: Set<String>
    }
    /// Groups whose stored copy was kept: their rules are compared rather than inserted.
    var keptGroups: Set<String> = []
    /// Per table, the foreign keys that point at it: the referring table, the column pairs and
    /// whether its rows go with the parent's (ON DELETE CASCADE). Read from the schema once.
    var childLinks: [String: [ChildLink]] = [:]
    var storedCopyReaders: [Table: StoredCopyReader] = [:]
    struct ChildLink {
        var child: String
        var pairs: [(from: String, to: String)]
        var cascades: Bool
    }
    let comparesStoredCopies: Bool
    var folderHints: [String: (account: String?, region: String?)] = [:]
    /// describe-db-proxy-targets documents without a proxy name, with their scope and file:
    /// the proxy is inferred at the end, when every proxy and database of the import is written.
    var unnamedProxyTargets: [(record: ResourceRecord, scope: Scope, file: Int32, document: ParsedDocument)] = []
    /// What "unknown" has been said of (an account ID, a region): once per import.
    var warnedUnknown: Set<String> = []
    /// The files whose folder's region their data contradicts, said once each.
    var regionWarned: Set<String> = []

    init(db: Database, options: ImportOptions) throws {
        self.db = db
        self.options = options
        inserter = RowInserter(db: db)
        comparesStoredCopies = try Bool.fetchOne(db, sql: "PRAGMA foreign_keys") == true
    }

    // MARK: Documents

    /// Takes one decoded document of `file`: writes it, or keeps it for the end when its scope
    /// depends on the rest of the import.
    mutating func add(_ document: ParsedDocument, file: String) throws {
        if files.last != file { files.append(file) }
        let fileIndex = Int32(files.count - 1)
        let folder = hints(of: file)
        // The folder counts once per document, not once per slice of one.
        let folderVotes = document.isContinuation ? (account: nil, region: nil) : folder
        for hint in document.accountHints + (folderVotes.account.map { [$0] } ?? []) {
            accountHints[hint, default: 0] += 1
        }
        if !document.isIAM {
            for hint in document.regionHints + (folderVotes.region.map { [$0] } ?? []) {
                regionHints[hint, default: 0] += 1
            }
        }
        let folderPath = (file as NSString).deletingLastPathComponent
        noteRegionDisagreement(document, file: file, folder: folder)
        folderDataHints[folderPath, default: ([], [])].accounts.formUnion(document.accountHints)
        if !document.isIAM {
            folderDataHints[folderPath, default: ([], [])].regions.formUnion(document.namedRegions)
            namedRegions.formUnion(document.namedRegions)
            if let region = folderVotes.region { namedRegions.insert(region) }
        }
        summaries.append(document.summary)
        if let scope = immediateScope(document, folder: folder) {
            try write(document, scope: scope, file: fileIndex)
        } else {
            deferred.append((document, fileIndex))
        }
    }

    /// A warning, once per file, when the region its folder names (`ACCOUNT/REGION/`) is not
    /// one its data names (ARNs, availability zones): the folder decides the scope, and files
    /// moved into another region's folder put that region's resources in this one, where a
    /// later import of the right folder finds them in the way. Only the folder's region is
    /// checked: its account may rightly differ from the accounts the data names (a shared
    /// subnet's OwnerId is the VPC owner's).
    mutating func noteRegionDisagreement(
        _ document: ParsedDocument, file: String, folder: (account: String?, region: String?)
    ) {
        guard options.region == nil, document.fixedScope == nil, !document.isIAM, let region = folder.region,
            !document.namedRegions.isEmpty, !document.namedRegions.contains(region),
            regionWarned.insert(file).inserted
        else { return }
        let named = document.namedRegions.sorted()
        warnings.append(
            ImportWarning(
                file: file,
                message:
                    "its folder names region \(region), but its data (ARNs, availability zones) names \(named.joined(separator: ", ")): imported as \(region), as the folder says. If the file is \(named[0])'s, move it to a folder named after that region, or import it with --region \(named[0])"
            ))
    }

    /// What the folder of `file` says of its account and region, looked at once per folder: an
    /// organisation's export is tens of thousands of files in a few folders each.
    mutating func hints(of file: String) -> (account: String?, region: String?) {
        let folder = (file as NSString).deletingLastPathComponent
        if let known = folderHints[folder] { return known }
        let found = ImportPlan.folderHints(file)
        folderHints[folder] = found
        return found
    }

    /// The scope of a document from the options, its folder and its own data; nil when only
    /// the rest of the import can tell.
    func immediateScope(_ document: ParsedDocument, folder: (account: String?, region: String?)) -> Scope? {
        if let fixed = document.fixedScope {
            return Scope(accountId: options.account ?? fixed.accountId, region: options.region ?? fixed.region)
        }
        if ImportPlan.isAttributesOnly(document) {
            guard let account = options.account ?? folder.account, let region = options.region ?? folder.region
            else { return nil }
            return Scope(accountId: account, region: region)
        }
        guard
            let account = options.account ?? folder.account ?? ImportPlan.mostCommon(document.accountHints),
            let region = document.isIAM
                ? "global" : options.region ?? folder.region ?? ImportPlan.mostCommon(document.regionHints)
        else { return nil }
        return Scope(accountId: account, region: region)
    }

    /// Writes the documents kept for the end, now that the import's account and region are known.
    mutating func writeDeferred() throws {
        let importAccount = ImportPlan.mostCommon(counts: accountHints)
        let importRegion = ImportPlan.mostCommon(counts: regionHints)
        for (document, file) in deferred {
            let folder = hints(of: files[Int(file)])
            var scope: Scope
            if ImportPlan.isAttributesOnly(document) {
                let vpcId = document.attributes[0].vpcId
                var known = written["vpcs/\(vpcId)"].map { scopes[Int($0.scope)] }
                if known == nil {
                    let v = Schema.Vpcs.self
                    let s = Schema.Scopes.self
                    known = try GRDB.Row.fetchOne(
                        db,
                        sql: """
                            SELECT s.\(s.accountId), s.\(s.region) FROM \(v.table) v JOIN \(s.table) s USING (\(s.scopeId))
                            WHERE v.\(v.vpcId) = ? AND s.\(s.accountId) != 'unknown' AND s.\(s.region) != 'unknown'
                            """, arguments: [vpcId]
                    ).map { Scope(accountId: $0[s.accountId.name], region: $0[s.region.name]) }
                }
                let account = options.account ?? folder.account ?? known?.accountId ?? importAccount
                let region = options.region ?? folder.region ?? known?.region ?? importRegion
                guard let account, let region else {
                    throw ImportError(
                        file: files[Int(file)], jsonPath: "$.VpcId",
                        message:
                            "cannot tell the account and region of \(vpcId)'s attributes: the VPC is in neither this import nor the inventory, and no folder name (ACCOUNT/REGION/) says: import the file with --account and --region, or with the describe-vpcs output"
                    )
                }
                scope = Scope(accountId: account, region: region)
            } else {
                let ownAccount = options.account ?? folder.account ?? ImportPlan.mostCommon(document.accountHints)
                let ownRegion =
                    document.isIAM
                    ? "global" : options.region ?? folder.region ?? ImportPlan.mostCommon(document.regionHints)
                // A file that names no account or region (describe-vpcs prints no region, and
                // describe-nat-gateways no account) is taken to be where the other files of its
                // folder are, else where the import's are. When those name several, the file's
                // cannot be told: taking the most common one put two regions' VPCs in one, where
                // a group reference across a peering counts.
                let siblings = folderDataHints[(files[Int(file)] as NSString).deletingLastPathComponent]
                func inferred(
                    _ named: Set<String>, _ importNamed: Set<String>, _ counts: [String: Int], _ what: String,
                    _ option: String
                ) throws -> String? {
                    let candidates = named.isEmpty ? importNamed : named
                    guard candidates.count > 1, !document.records.isEmpty else {
                        return candidates.first ?? ImportPlan.mostCommon(counts: counts)
                    }
                    throw ImportError(
                        file: files[Int(file)], jsonPath: "$",
                        message:
                            "cannot tell the \(what) of this file: its data and folder name none, and the files \(named.isEmpty ? "of this import" : "of its folder") name several (\(candidates.sorted().joined(separator: ", "))). Put each account's and region's files in folders named after them (ACCOUNT/REGION/, as lambda-reach collect writes), or import them apart with \(option)."
                    )
                }
                let account = orUnknown(
                    try ownAccount
                        ?? inferred(
                            siblings?.accounts ?? [], Set(accountHints.keys), accountHints, "account", "--account"),
                    "account ID", option: "--account", document: document)
                let region = orUnknown(
                    try ownRegion ?? inferred(siblings?.regions ?? [], namedRegions, regionHints, "region", "--region"),
                    "region",
                    option: "--region", document: document)
                scope = Scope(accountId: account, region: region)
            }
            try write(document, scope: scope, file: file)
        }
        deferred = []
    }

    /// `value`, or "unknown" with a warning (the first time) that says which option gives it.
    mutating func orUnknown(_ value: String?, _ what: String, option: String, document: ParsedDocument) -> String {
        if let value { return value }
        if !document.records.isEmpty && warnedUnknown.insert(what).inserted {
            warnings.append(
                ImportWarning(
                    file: document.file,
                    message: "no \(what) in the data or the folder names: recorded as 'unknown' (use \(option))"))
        }
        return "unknown"
    }

    /// Makes the scope rows the folder names say (`ACCOUNT/REGION/`), in sorted order, before
    /// any file is read: scope IDs then do not depend on the order of the files.
    mutating func prepareScopes(for files: [String]) throws {
        var named = Set<Scope>()
        for folder in Set(files.map { ($0 as NSString).deletingLastPathComponent }) {
            let hints = ImportPlan.folderHints(folder + "/x")
            if let account = options.account ?? hints.account, let region = options.region ?? hints.region {
                named.insert(Scope(accountId: account, region: region))
            }
        }
        let s = Schema.Scopes.self
        for scope in named.sorted() {
            let existed =
                try Bool.fetchOne(
                    db, sql: "SELECT 1 FROM \(s.table) WHERE \(s.accountId) = ? AND \(s.region) = ?",
                    arguments: [scope.accountId, scope.region]) == true
            if !existed { prepared.insert(scope) }
            _ = try index(of: scope)
        }
    }

    /// Removes the scope rows `prepareScopes` made that nothing was written to.
    mutating func dropUnusedScopes() throws {
        let s = Schema.Scopes.self
        for scope in prepared.subtracting(used).sorted() {
            guard let id = scopeIds[scope] else { continue }
            try db.execute(sql: "DELETE FROM \(s.table) WHERE \(s.scopeId) = ?", arguments: [id])
            scopeIds[scope] = nil
        }
    }

    mutating func index(of scope: Scope) throws -> (index: Int32, id: Int64) {
        if let index = scopeIndex[scope], let id = scopeIds[scope] { return (index, id) }
        guard let id = try scope.id(in: db) else {
            throw ImportError(file: "", jsonPath: "", message: "the inventory has no row for scope \(scope)")
        }
        scopes.append(scope)
        let index = Int32(scopes.count - 1)
        scopeIndex[scope] = index
        scopeIds[scope] = id
        return (index, id)
    }

    // MARK: Writing one document

    mutating func write(_ document: ParsedDocument, scope: Scope, file: Int32) throws {
        var document = document
        if document.records.contains(where: { $0.kind == .dbProxyTargets && $0.id.isEmpty }) {
            for record in document.records where record.kind == .dbProxyTargets && record.id.isEmpty {
                var alone = document.summary
                alone.replacedKinds = []
                unnamedProxyTargets.append((record, scope, file, alone))
            }
            document.records.removeAll { $0.kind == .dbProxyTargets && $0.id.isEmpty }
        }
        let hasContent =
            !document.records.isEmpty || !document.replacedKinds.isEmpty || !document.attributes.isEmpty
            || !document.ruleGroups.isEmpty
        guard hasContent else { return }
        let (scopeNumber, scopeId) = try index(of: scope)
        used.insert(scope)
        // 1. The first document of a kind in this scope replaces the kind there.
        for kind in document.replacedKinds.sorted() {
            let scoped = ImportPlan.ScopedKind(scope: scope, kind: kind)
            guard replaced.insert(scoped).inserted, case .wholeScope(let table, let condition) = kind.replacement
            else { continue }
            // Compared record by record where a record is one row of the table by one ID;
            // replaced up front elsewhere.
            if comparesStoredCopies, let key = try singleKeyColumn(of: table) {
                let ids = try String.fetchAll(
                    db, sql: "SELECT \"\(table.columns[key].name)\" FROM \(table.rawValue) WHERE \(condition)",
                    arguments: [scopeId])
                if !ids.isEmpty {
                    unlisted[scoped] = Unlisted(
                        table: table, condition: condition, scopeId: scopeId, key: key, ids: Set(ids))
                }
            } else {
                try replace(
                    "DELETE FROM \(table.rawValue) WHERE \(condition)", of: table, scope: scope, scopeId: scopeId)
            }
        }
        // Provenance: the kinds of the file, with their counts.
        let kinds = Set(document.records.map(\.kind)).union(document.replacedKinds)
            .union(document.attributes.isEmpty ? [] : [.vpcAttributes])
            .union(document.ruleGroups.isEmpty ? [] : [.securityGroups])
        for kind in kinds.sorted() {
            let count =
                kind == .vpcAttributes
                ? document.attributes.count : document.records.count { $0.kind == kind }
            let scoped = ImportPlan.ScopedKind(scope: scope, kind: kind)
            // A slice after the first of a file's document adds to the file's count.
            if document.isContinuation,
                let index = fileKinds.lastIndex(where: { $0.0 == scoped && $0.1 == document.file })
            {
                fileKinds[index].3 += count
            } else {
                fileKinds.append((scoped, document.file, document.key, count))
            }
        }
        // 2. The rules of this document (gathered and merged while decoding): a group's own
        // rules, for each time the document lists the group, in order; describe-security-group-
        // rules' rules, one list per group.
        var rulesByGroup: [String: ArraySlice<Int>] = [:]
        rulesByGroup.reserveCapacity(document.ruleGroups.count)
        for (index, group) in document.ruleGroups.enumerated() {
            rulesByGroup[group.groupId, default: []].append(index)
            if ruleOrigins[group.groupId] == nil { ruleOrigins[group.groupId] = document.file }
        }
        var rulesWritten = Set<Int>()
        // 3. The records.
        let scopeText = "\(scope.accountId):\(scope.region)"
        for var record in document.records {
            if [.dbInstances, .dbClusters, .dbProxies, .dbProxyEndpoints].contains(record.kind) {
                record.id = record.id.replacingOccurrences(of: "{scope}", with: scopeText)
                for r in record.rows.indices {
                    for v in record.rows[r].values.indices {
                        if case .string(let text) = record.rows[r].values[v].storage, text.contains("{scope}") {
                            record.rows[r].values[v] = text.replacingOccurrences(of: "{scope}", with: scopeText).sql
                        }
                    }
                }
            }
            // A group's listing's rules: written with the group when this copy is the group,
            // else merged below like rules of a group the document does not list.
            let own = record.kind == .securityGroups ? rulesByGroup[record.id]?.popFirst() ?? nil : nil
            let isInventoryCopy = try write(
                record, scope: scope, scopeNumber: scopeNumber, scopeId: scopeId, file: file, document: document,
                rules: own.map { document.ruleGroups[$0].rules } ?? [])
            if record.kind == .securityGroups {
                if isInventoryCopy {
                    if let own { rulesWritten.insert(own) }
                    try writeRules(
                        of: record.id, scope: scopeNumber, adding: own.map { document.ruleGroups[$0].rules } ?? [])
                }
            }
            if record.kind.isTransitGateway { hasTransitGateways = true }
            if record.kind == .vpcs || record.kind == .dhcpOptions { hasDHCPReferences = true }
        }
        // 4. Rules of groups this document does not list (describe-security-group-rules), and
        // of the groups whose copy here is not the inventory's (another account's view).
        for (index, ruleGroup) in document.ruleGroups.enumerated() where !rulesWritten.contains(index) {
            let (group, rules) = (ruleGroup.groupId, ruleGroup.rules)
            let pending = PendingRules(group: group, scope: scopeNumber)
            guard let copy = written["security_groups/\(group)"] else {
                pendingRules[pending, default: ([], document.file)].rules += rules
                continue
            }
            switch try account(of: group, seenFrom: scope) {
            case .view(let owner, let copyScope) where copy.scope != scopeNumber:
                // The group is another account's (a VPC owner describes its participants'
                // groups, and can change none of them): its rules are its owner's copy's,
                // or the copy's that stands for it, never this view's.
                try leaveOut(rules, of: group, file: document.file, viewer: scope, owner: owner, copy: copyScope)
            case .owner where copy.scope != scopeNumber && !copy.owns:
                // The owner's rules, for a group the inventory has from another account's
                // view so far: they wait for the owner's listing of the group, which replaces
                // that view, or replace the view's rules at the end.
                pendingRules[pending, default: ([], document.file)].rules += rules
            default:
                // The group and its rules are written from this account: merge these into them.
                try mergeRules(of: group, adding: rules)
            }
        }
        // 5. DNS attributes of VPCs.
        for attribute in document.attributes {
            let id = "\(attribute.vpcId)/\(attribute.attribute)"
            if let previous = attributes[id] {
                let other = files[Int(previous.file)]
                warnings.append(
                    ImportWarning(
                        file: document.file,
                        message: previous.value == attribute.value
                            ? "\(attribute.vpcId) \(attribute.attribute) also appears in \(other), with the same value"
                            : "\(attribute.vpcId) \(attribute.attribute) is \(attribute.value) here and \(previous.value) in \(other); using this file's value"
                    ))
            } else {
                counts[ResourceKind.vpcAttributes.label, default: 0] += 1
                totals[ImportPlan.ScopedKind(scope: scope, kind: .vpcAttributes), default: 0] += 1
            }
            attributes[id] = (attribute.value, file)
            let record = ResourceRecord(
                kind: .vpcAttributes, id: id,
                rows: [
                    .vpcAttributes(
                        vpcId: attribute.vpcId.sql, attribute: attribute.attribute.sql, value: attribute.value.sql)
                ],
                origin:
                    "\(document.file) $.\(attribute.attribute.prefix(1).uppercased() + attribute.attribute.dropFirst())"
            )
            // An attribute the inventory has already, with this value, in this scope, stays.
            let a = Schema.VpcAttributes.self
            if try Bool.fetchOne(
                db.cachedStatement(
                    sql:
                        "SELECT \(a.value) = ? FROM \(a.table) WHERE \(a.vpcId) = ? AND \(a.attribute) = ? AND \(a.scopeId) = ?"
                ), arguments: [attribute.value, attribute.vpcId, attribute.attribute, scopeId]) == true
            {
                continue
            }
            if case .perRecord(let sql, let scoped) = ResourceKind.vpcAttributes.replacement {
                try db.cachedStatement(sql: sql).execute(arguments: scoped ? [id, scopeId] : [id])
            }
            do {
                for row in record.rows { try inserter.insert(row, scopeId: scopeId) }
            } catch let conflict as RowConflict {
                throw try ImportPlan.explain(conflict, of: 0, in: [record], scope: scope, db: db)
            }
        }
    }

    /// Runs a whole-scope replacement (`DELETE FROM table WHERE scope_id = ?...`), sparing the
    /// rows this import wrote into that table for the scope already: two kinds can share a
    /// table (get-function's copy of a function, which list-functions must not delete).
    mutating func replace(_ sql: String, of tableValue: Table, scope: Scope, scopeId: Int64) throws {
        let table = tableValue.rawValue
        guard let number = scopeIndex[scope], tablesWritten.contains("\(number)/\(table)") else {
            try db.execute(sql: sql, arguments: [scopeId])
            if db.changesCount > 0 { deletedFrom.insert(table) }
            return
        }
        let key = try db.primaryKey(table).columns.first { $0 != "scope_id" } ?? "rowid"
        try db.execute(sql: "CREATE TEMP TABLE IF NOT EXISTS import_keep (id TEXT PRIMARY KEY) WITHOUT ROWID")
        try db.execute(sql: "DELETE FROM temp.import_keep")
        // What this import wrote into the table for the scope (rare: the scan is over all it wrote).
        let prefix = "\(table)/"
        for (written, entry) in written where entry.scope == number && written.hasPrefix(prefix) {
            let id = written.dropFirst(prefix.count).split(separator: "/").last.map(String.init) ?? ""
            try db.execute(sql: "INSERT OR IGNORE INTO temp.import_keep VALUES (?)", arguments: [id])
        }
        try db.execute(
            sql: sql + " AND \"\(key)\" NOT IN (SELECT id FROM temp.import_keep)", arguments: [scopeId])
        if db.changesCount > 0 { deletedFrom.insert(table) }
    }

    /// Writes one record, or leaves it out in favour of the copy already written. True when the
    /// record is the inventory's copy now: written, or kept as the inventory had it.
    @discardableResult
    /// `rules`: a security group's own rules, as its listing gives them.
    mutating func write(
        _ record: ResourceRecord, scope: Scope, scopeNumber: Int32, scopeId: Int64, file: Int32,
        document: ParsedDocument, rules: [SecurityGroupRuleValue] = []
    ) throws -> Bool {
        let table = record.rows.first?.table.rawValue ?? record.kind.rawValue
        let key = Self.writtenKey(table: table, kind: record.kind, scope: scope, id: record.id)
        // The record's origin is "FILE PATH": its path, without a search (this runs per record).
        let path = String(
            record.origin.utf8.count > document.file.utf8.count
                ? Substring(record.origin.utf8.dropFirst(document.file.utf8.count + 1)) : Substring(record.origin))
        let owns = ImportPlan.isOwnersCopy(record, scope: scope)
        if let previous = written[key], previous.kind == record.kind, scopes[Int(previous.scope)] == scope,
            record.kind == .prefixListEntries || record.kind == .transitGatewayRoutes
        {
            try addPart(record, scopeId: scopeId)
            return true
        }
        if let previous = written[key] {
            guard
                try replaces(
                    record, owns: owns, scope: scope, scopeId: scopeId, file: file, previous: previous,
                    document: document, rules: rules)
            else { return false }
            if record.kind == .securityGroups {
                let r = Schema.SecurityGroupRules.self
                ruleCount -=
                    try Int.fetchOne(
                        db, sql: "SELECT COUNT(*) FROM \(r.table) WHERE \(r.groupId) = ?", arguments: [record.id]) ?? 0
            }
            try delete(record, previousScope: scopes[Int(previous.scope)])
            keptGroups.remove(record.id)
            let old = ImportPlan.ScopedKind(scope: scopes[Int(previous.scope)], kind: previous.kind)
            totals[old, default: 1] -= 1
            counts[previous.kind.label, default: 1] -= 1
        } else if case .perRecord(let sql, let scoped) = record.kind.replacement {
            try db.cachedStatement(sql: sql).execute(arguments: scoped ? [record.id, scopeId] : [record.id])
        } else if let entry = unlisted[ImportPlan.ScopedKind(scope: scope, kind: record.kind)],
            record.rows.first?.table != entry.table || record.rows.first?.values[entry.key] != record.id.databaseValue
        {
            // A record that is not one row of the table by its ID: the kind is replaced as a
            // whole, now, as before this import wrote any of it.
            try deleteUnlisted(only: ImportPlan.ScopedKind(scope: scope, kind: record.kind))
        } else if unlisted[ImportPlan.ScopedKind(scope: scope, kind: record.kind)]?.ids.remove(record.id) != nil {
            // The inventory has this resource in this scope from before the import.
            if try storedCopyEquals(record, scopeId: scopeId) {
                if record.kind == .securityGroups { keptGroups.insert(record.id) }
                finishWriting(
                    record, key: key, scope: scope, scopeNumber: scopeNumber, file: file, path: path, owns: owns)
                return true
            }
            try delete(record, previousScope: scope)
            if let table = record.rows.first?.table.rawValue { deletedFrom.insert(table) }
        }
        do {
            for row in record.rows { try inserter.insert(row, scopeId: scopeId) }
        } catch let conflict as RowConflict {
            // Another account's view of a group goes with its rules: read them before.
            let view = record.kind == .securityGroups && conflict.row.path == nil ? try storedView(of: record.id) : nil
            switch try ImportPlan.resolveAcrossAccounts(conflict, record: record, scope: scope, db: db) {
            case .keepInventory: return false
            case .replacedView:
                if let view {
                    try noteReplacedView(
                        of: record.id, by: rules, scope: scope, view: view.scope, viewFile: nil, rules: view.rules,
                        file: document.file)
                }
                for row in record.rows { try inserter.insert(row, scopeId: scopeId) }
            case nil:
                let scoped = ImportPlan.ScopedKind(scope: scope, kind: record.kind)
                guard unlisted[scoped] != nil else { throw try explain(conflict, record: record, scope: scope) }
                // A row from before the import that no record has claimed yet holds a key this
                // record needs (a child moved between resources): the scope's unlisted rows of
                // the kind go now, as a replacement up front would have done, and the record
                // is written again from its start. Its own row was written when a child's
                // clashed (and is this scope's); when its own row clashed, nothing was.
                try deleteUnlisted(only: scoped)
                if conflict.row.path != nil { try delete(record, previousScope: scope) }
                do {
                    for row in record.rows { try inserter.insert(row, scopeId: scopeId) }
                } catch let again as RowConflict {
                    throw try explain(again, record: record, scope: scope)
                }
            }
        }
        finishWriting(record, key: key, scope: scope, scopeNumber: scopeNumber, file: file, path: path, owns: owns)
        return true
    }

    /// Another part of a listing this import wrote part of already: pages of one prefix list's
    /// entries (get-managed-prefix-list-entries with --max-items and --starting-token, or a
    /// script that pages), or one TGW route table's routes searched with narrower filters
    /// (search-transit-gateway-routes has no pages: past 1,000 routes the way to the rest is
    /// a filter). Each part holds some of the listing, so all of them are the resource's: the
    /// rows are added, a row already written (an entry on two pages, a route both filters
    /// matched) kept as first written, files being read in order. The first part replaced
    /// what an earlier import had of the resource.
    mutating func addPart(_ record: ResourceRecord, scopeId: Int64) throws {
        guard record.kind == .transitGatewayRoutes else {
            for row in record.rows {
                do { try inserter.insert(row, scopeId: scopeId) } catch is RowConflict {}
            }
            return
        }
        // Routes are numbered per table: this part's go after the rows written, without the
        // rows that are there already.
        let r = Schema.TransitGatewayRoutes.self
        let compared = [
            r.destinationCidr, r.destinationPrefixListId, r.routeType, r.state, r.transitGatewayAttachmentId,
        ]
        let stored = try GRDB.Row.fetchAll(
            db,
            sql: """
                SELECT \(compared.map(\.name).joined(separator: ", ")), \(r.ordinal) FROM \(r.table)
                WHERE \(r.transitGatewayRouteTableId) = ?
                """, arguments: [record.id])
        var seen = Set(stored.map { row in compared.indices.map { row[$0] as DatabaseValue } })
        var ordinal = stored.map { $0[compared.count] as Int }.max() ?? 0
        for var row in record.rows where seen.insert(compared.map { row[$0] }).inserted {
            ordinal += 1
            row[r.ordinal] = ordinal.sql
            try inserter.insert(row, scopeId: scopeId)
        }
    }

    /// What the import remembers and counts of a record written, or kept as the inventory had it.
    mutating func finishWriting(
        _ record: ResourceRecord, key: String, scope: Scope, scopeNumber: Int32, file: Int32, path: String, owns: Bool
    ) {
        written[key] = Written(file: file, scope: scopeNumber, kind: record.kind, path: path, owns: owns)
        if let first = record.rows.first?.table.rawValue { tablesWritten.insert("\(scopeNumber)/\(first)") }
        if record.kind != .availabilityZones { counts[record.kind.label, default: 0] += 1 }
        totals[ImportPlan.ScopedKind(scope: scope, kind: record.kind), default: 0] += 1
    }

    /// The key of `written` for a record of `kind` with `id` in `table` and `scope`.
    static func writtenKey(table: String, kind: ResourceKind, scope: Scope, id: String) -> String {
        kind.idIsPerScope ? "\(table)/\(scope.accountId):\(scope.region)/\(id)" : "\(table)/\(id)"
    }

    /// The position of the column of `table` that holds a record's ID, when its primary key is
    /// that column (and scope_id).
    func singleKeyColumn(of table: Table) throws -> Int? {
        let names = try db.primaryKey(table.rawValue).columns.filter { $0 != "scope_id" }
        guard names.count == 1 else { return nil }
        return table.columns.firstIndex { $0.name == names[0] }
    }

    /// Whether the inventory's copy of `record` in the scope is the record: the same row, and
    /// in each table that refers to it the same rows (as a multiset; security-group rules are
    /// compared apart, in `writeRules`). A value stored in another form than the one written
    /// (a number in a text column) counts as a difference: the copy is then written again.
    /// Whether the function of `record` has other subnets, security groups or role than the
    /// copy this import wrote of it.
    func placementDiffers(_ record: ResourceRecord) throws -> Bool {
        let f = Schema.LambdaFunctions.self
        let fs = Schema.LambdaFunctionSubnets.self
        let fg = Schema.LambdaFunctionSecurityGroups.self
        func incoming(_ table: Table, _ column: Column) -> [DatabaseValue] {
            record.rows.filter { $0.table == table }.map { $0[column] }
        }
        func stored(_ sql: String) throws -> [DatabaseValue] {
            try DatabaseValue.fetchAll(db, sql: sql, arguments: [record.id])
        }
        return try incoming(.lambdaFunctions, f.roleArn)
            != stored("SELECT \(f.roleArn) FROM \(f.table) WHERE \(f.functionArn) = ?")
            || incoming(.lambdaFunctionSubnets, fs.subnetId)
                != stored("SELECT \(fs.subnetId) FROM \(fs.table) WHERE \(fs.functionArn) = ? ORDER BY \(fs.ordinal)")
            || incoming(.lambdaFunctionSecurityGroups, fg.groupId)
                != stored("SELECT \(fg.groupId) FROM \(fg.table) WHERE \(fg.functionArn) = ? ORDER BY \(fg.ordinal)")
    }

    mutating func storedCopyEquals(_ record: ResourceRecord, scopeId: Int64) throws -> Bool {
        guard let first = record.rows.first else { return false }
        let reader = try storedCopyReader(of: first.table)
        guard let children = reader.children else { return false }
        let keyValues = reader.keyOfRow.map { column -> DatabaseValue in
            column.name == "scope_id" ? scopeId.databaseValue : first[column]
        }
        func filled(_ row: Row) -> [DatabaseValue] {
            var values = row.values
            if let scope = row.table.scopeColumn { values[scope] = scopeId.databaseValue }
            return values
        }
        func counted(_ rows: [[DatabaseValue]]) -> [[DatabaseValue]: Int] {
            rows.reduce(into: [:]) { $0[$1, default: 0] += 1 }
        }
        let own = try Self.values(of: reader.own, binding: keyValues)
        guard own.count == 1, own[0] == filled(first) else { return false }
        var compared: Set<Table> = [first.table]
        for child in children {
            let incoming = record.rows.dropFirst().filter { $0.table == child.table }.map(filled)
            let inventory = try Self.values(of: child.statement, binding: child.positions.map { keyValues[$0] })
            guard counted(incoming) == counted(inventory) else { return false }
            compared.insert(child.table)
        }
        // A row in a table that does not refer to the record: not a copy this can judge.
        return record.rows.allSatisfy { compared.contains($0.table) }
    }

    /// How `storedCopyEquals` reads the stored copy of a record of `table`: its own row by
    /// the primary key, and the rows of each table that goes with it (ON DELETE CASCADE) by
    /// the foreign key, with statements prepared once per table (a re-import compares every
    /// record of an account).
    struct StoredCopyReader {
        let keyOfRow: [Column]
        let own: Statement
        /// Per child table: which key values select its rows, and the statement; nil when a
        /// child refers to columns that are not the key (a copy this cannot judge).
        let children: [(table: Table, positions: [Int], statement: Statement)]?
    }

    mutating func storedCopyReader(of parent: Table) throws -> StoredCopyReader {
        if let known = storedCopyReaders[parent] { return known }
        let (keyColumns, keyOfRow) = try ImportPlan.primaryKey(of: parent, db: db)
        func select(_ table: String, _ columns: [String]) throws -> Statement {
            let condition = columns.map { "\"\($0)\" = ?" }.joined(separator: " AND ")
            return try db.makeStatement(sql: "SELECT * FROM \"\(table)\" WHERE \(condition)")
        }
        var children: [(table: Table, positions: [Int], statement: Statement)]? = []
        if keyOfRow.count != keyColumns.count { children = nil }
        for link in try links(to: parent.rawValue)
        where link.cascades && link.child != Table.securityGroupRules.rawValue {
            let positions = link.pairs.compactMap { keyColumns.firstIndex(of: $0.to) }
            guard positions.count == link.pairs.count, let table = Table(rawValue: link.child) else {
                children = nil
                break
            }
            children?.append((table, positions, try select(link.child, link.pairs.map(\.from))))
        }
        let reader = StoredCopyReader(
            keyOfRow: keyOfRow, own: try select(parent.rawValue, keyColumns), children: children)
        storedCopyReaders[parent] = reader
        return reader
    }

    /// The rows `statement` selects with `arguments`, as values, read with SQLite's own calls:
    /// a re-import reads the stored copy of every record it compares (17,000 reads for one
    /// account), and GRDB's rows and argument checks were half of each.
    static func values(of statement: Statement, binding arguments: [DatabaseValue]) throws -> [[DatabaseValue]] {
        let handle = statement.sqliteStatement
        defer { sqlite3_reset(handle) }
        func failure(_ code: CInt) -> DatabaseError {
            DatabaseError(
                resultCode: ResultCode(rawValue: code),
                message: String(cString: sqlite3_errmsg(sqlite3_db_handle(handle))),
                sql: statement.sql)
        }
        for (index, value) in arguments.enumerated() {
            let code = value.bind(to: handle, at: CInt(index + 1))
            guard code == SQLITE_OK else { throw failure(code) }
        }
        let columns = sqlite3_column_count(handle)
        var rows: [[DatabaseValue]] = []
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { return rows }
            guard code == SQLITE_ROW else { throw failure(code) }
            rows.append((0..<columns).map { DatabaseValue(sqliteStatement: handle, index: $0) })
        }
    }

    /// The foreign keys that point at `table` (a key can span columns: scope_id and a name).
    /// Only rows that go with their parent (`cascades`) are part of its record: a subnet refers
    /// to its VPC, but is a resource of its own.
    mutating func links(to table: String) throws -> [ChildLink] {
        if childLinks.isEmpty {
            let tables = try String.fetchAll(
                db,
                sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
            for child in tables {
                var links: [Int: (parent: String, link: ChildLink)] = [:]
                for row in try GRDB.Row.fetchAll(db, sql: "PRAGMA foreign_key_list(\"\(child)\")") {
                    let id: Int = row["id"]
                    links[id, default: (row["table"], ChildLink(child: child, pairs: [], cascades: false))].link.pairs
                        .append((row["from"], row["to"]))
                    links[id]!.link.cascades = (row["on_delete"] as String) == "CASCADE"
                }
                for id in links.keys.sorted() { childLinks[links[id]!.parent, default: []].append(links[id]!.link) }
            }
            // Read once, even for a schema without foreign keys.
            if childLinks.isEmpty { childLinks[""] = [] }
        }
        return childLinks[table] ?? []
    }

    /// Deletes, in each kind this import replaced, the rows from before it that no file
    /// listed (nor anything else this import wrote into the table, for two kinds that share one).
    mutating func deleteUnlisted(only: ImportPlan.ScopedKind? = nil) throws {
        guard !unlisted.isEmpty else { return }
        try db.execute(sql: "CREATE TEMP TABLE IF NOT EXISTS import_unlisted (id TEXT PRIMARY KEY) WITHOUT ROWID")
        for scoped in only.map({ [$0] }) ?? unlisted.keys.sorted() {
            guard let entry = unlisted[scoped] else { continue }
            let ids = entry.ids.filter { id in
                written[Self.writtenKey(table: entry.table.rawValue, kind: scoped.kind, scope: scoped.scope, id: id)]
                    == nil
            }
            guard !ids.isEmpty else {
                unlisted[scoped] = nil
                continue
            }
            try db.execute(sql: "DELETE FROM temp.import_unlisted")
            for id in ids.sorted() {
                try db.cachedStatement(sql: "INSERT INTO temp.import_unlisted VALUES (?)").execute(arguments: [id])
            }
            try db.execute(
                sql: """
                    DELETE FROM \(entry.table.rawValue) WHERE \(entry.condition)
                    AND "\(entry.table.columns[entry.key].name)" IN (SELECT id FROM temp.import_unlisted)
                    """, arguments: [entry.scopeId])
            if db.changesCount > 0 { deletedFrom.insert(entry.table.rawValue) }
            unlisted[scoped] = nil
        }
    }

    /// Whether `record` replaces the copy this import already wrote, with the warning it deserves
    /// (`rules`: a security group's own rules, compared with the written copy's).
    mutating func replaces(
        _ record: ResourceRecord, owns: Bool, scope: Scope, scopeId: Int64, file: Int32, previous: Written,
        document: ParsedDocument, rules: [SecurityGroupRuleValue] = []
    ) throws -> Bool {
        // A subnet lists its zone's name: one zone, many subnets.
        if record.kind == .availabilityZones { return false }
        // get-function(-configuration) prints State and StateReasonCode, which list-functions
        // leaves out: its copy wins, whichever file comes first. Where the two differ in what
        // places the function (its subnets, groups or role), they were taken at different
        // times, and the answers follow the one that wins: said, so that the user re-exports.
        let single = (previous.kind == .singleFunction, record.kind == .singleFunction)
        if single.0 != single.1 && (previous.kind == .functions || record.kind == .functions) {
            if try placementDiffers(record) {
                warnings.append(
                    ImportWarning(
                        file: document.file,
                        message:
                            "\(record.id) also appears in \(files[Int(previous.file)]), with other subnets, security groups or role (exports taken at different times?): get-function-configuration's copy is used, as it alone has the function's State"
                    ))
            }
            return single.1
        }
        // One resource seen from two accounts: the owner's copy is the resource.
        let previousScope = scopes[Int(previous.scope)]
        if previousScope != scope {
            if !owns {
                if previous.owns || ImportPlan.owner(of: record) != nil { return false }
            } else if !previous.owns {
                if record.kind == .securityGroups {
                    try noteReplacedView(
                        of: record.id, by: rules, scope: scope, view: previousScope,
                        viewFile: files[Int(previous.file)], rules: try Self.storedRules(of: record.id, db: db),
                        file: document.file)
                }
                return true
            }
        }
        if record.kind != .dbSubnetGroups {
            // Two copies that differ (exports taken at different times) make the answers depend
            // on which file came last: said, so that the user re-exports. A security group's
            // copies are the same when the group and its rules are (in any order).
            // describe-vpc-peering-connections lists an inter-region peering in each of its
            // regions (and a cross-account one in each account): the copies of two scopes are
            // compared too, and the same copy twice says nothing.
            let comparedScope =
                previousScope == scope
                ? scopeId : record.kind == .peeringConnections ? scopeIds[previousScope] : nil
            let judged = comparedScope != nil
            var same = try comparedScope.map { try storedCopyEquals(record, scopeId: $0) } ?? false
            if same && record.kind == .securityGroups {
                let stored = try Self.storedRules(of: record.id, db: db)
                same = Set(stored.map(\.identity)) == Set(rules.map(\.identity))
            }
            if same && previousScope != scope { return false }
            let which = previous.file != file ? "this file's copy" : "the later copy"
            let how =
                !judged
                ? "; using \(which)"
                : same
                    ? ", the same copy"
                    : "; the two copies differ (exports taken at different times?), and \(which) is used"
            warnings.append(
                ImportWarning(
                    file: document.file,
                    message: previous.file != file
                        ? "\(record.id) also appears in \(files[Int(previous.file)])\(how)"
                        : "\(record.id) appears twice\(how)"))
        }
        return true
    }

    /// Deletes what this import wrote of a record's resource, for a later copy.
    mutating func delete(_ record: ResourceRecord, previousScope: Scope) throws {
        if case .perRecord(let sql, let scoped) = record.kind.replacement {
            try db.execute(
                sql: sql, arguments: scoped ? [record.id, scopeIds[previousScope] ?? 0] : [record.id])
            return
        }
        guard let first = record.rows.first else { return }
        let table = first.table
        let (keyColumns, keyOfRow) = try ImportPlan.primaryKey(of: table, db: db)
        guard keyOfRow.count == keyColumns.count else { return }
        // The row's scope_id is the writer's: it is filled in here.
        let values = keyOfRow.map { column -> DatabaseValue in
            column.name == "scope_id" ? (scopeIds[previousScope]?.databaseValue ?? .null) : first[column]
        }
        try db.execute(
            sql:
                "DELETE FROM \"\(table.rawValue)\" WHERE \(keyColumns.map { "\"\($0)\" = ?" }.joined(separator: " AND "))",
            arguments: StatementArguments(values))
        // The children, as ON DELETE CASCADE would: an inventory in memory (diff of a folder)
        // runs without foreign keys.
        var children = Set(record.rows.dropFirst().map(\.table.rawValue))
        if table == .securityGroups { children.insert(Table.securityGroupRules.rawValue) }
        for link in try links(to: table.rawValue) where children.contains(link.child) && link.child != table.rawValue {
            let positions = link.pairs.compactMap { keyColumns.firstIndex(of: $0.to) }
            guard positions.count == link.pairs.count else { continue }
            try db.execute(
                sql:
                    "DELETE FROM \"\(link.child)\" WHERE \(link.pairs.map { "\"\($0.from)\" = ?" }.joined(separator: " AND "))",
                arguments: StatementArguments(positions.map { values[$0] }))
        }
    }

    /// A row refused for its key that is not another account's view: what it clashes with.
    func explain(_ conflict: RowConflict, record: ResourceRecord, scope: Scope) throws -> ImportError {
        let (file, path) = ImportPlan.origin(of: record)
        let rowPath = path + (conflict.row.path.map { ".\($0)" } ?? "")
        // Another row of this record (an association ID listed twice by one route table).
        for row in record.rows where row.table == conflict.row.table && row.path != conflict.row.path {
            let keyOfRow = try ImportPlan.primaryKey(of: row.table, db: db).columns
            if keyOfRow.map({ row[$0] }) == keyOfRow.map({ conflict.row[$0] }) {
                let keyText = keyOfRow.map { Decode.plainText(conflict.row[$0]) }.joined(separator: " ")
                return ImportError(
                    file: file, jsonPath: rowPath,
                    message:
                        "\(row.table.rawValue) \(keyText) is also listed at \(path)\(row.path.map { ".\($0)" } ?? ""): an AWS ID names one resource, and this import gives it two"
                )
            }
        }
        // A row another record of this import wrote: found through the resource it belongs to.
        if let other = try writtenOwner(of: conflict.row) {
            let keyOfRow = try ImportPlan.primaryKey(of: conflict.row.table, db: db).columns
            let keyText = keyOfRow.map { Decode.plainText(conflict.row[$0]) }.joined(separator: " ")
            let otherFile = files[Int(other.written.file)]
            let otherPath = try elementPath(in: otherFile, record: other.id, like: conflict.row) ?? other.written.path
            let where_ = otherFile == file ? otherPath : "\(otherFile) \(otherPath)"
            return ImportError(
                file: file, jsonPath: rowPath,
                message:
                    "\(conflict.row.table.rawValue) \(keyText) is also listed at \(where_): an AWS ID names one resource, and this import gives it two"
            )
        }
        return try ImportPlan.explain(conflict, of: 0, in: [record], scope: scope, db: db)
    }

    /// The record of this import that holds the row the inventory has under `row`'s key.
    func writtenOwner(of row: Row) throws -> (id: String, written: Written)? {
        let table = row.table
        let (keyColumns, keyOfRow) = try ImportPlan.primaryKey(of: table, db: db)
        let condition = keyColumns.map { "t.\"\($0)\" = ?" }.joined(separator: " AND ")
        let arguments = StatementArguments(keyOfRow.map { row[$0] })
        // The row itself is a resource's own row.
        if let id = String.fromDatabaseValue(row[keyOfRow[0]]), let found = written["\(table.rawValue)/\(id)"],
            keyOfRow.count == 1
        {
            return (id, found)
        }
        guard let parent = try GRDB.Row.fetchAll(db, sql: "PRAGMA foreign_key_list(\"\(table.rawValue)\")").first
        else { return nil }
        let parentTable: String = parent["table"]
        let from: String = parent["from"]
        guard
            let id = try String.fetchOne(
                db, sql: "SELECT t.\"\(from)\" FROM \"\(table.rawValue)\" t WHERE \(condition)", arguments: arguments),
            let found = written["\(parentTable)/\(id)"]
        else { return nil }
        return (id, found)
    }

    /// The JSON path of the row like `row` (same key) in record `id` of `file`.
    func elementPath(in file: String, record id: String, like row: Row) throws -> String? {
        let keyOfRow = try ImportPlan.primaryKey(of: row.table, db: db).columns
        return rowPath(in: file, record: id) { other in
            other.table == row.table && keyOfRow.map { other[$0] } == keyOfRow.map { row[$0] }
        }
    }

    /// The JSON path of the first row of record `id` in `file` that `matches`, found by reading
    /// the file again: the import keeps no rows, and a message should name the element exactly.
    func rowPath(in file: String, record id: String, where matches: (Row) -> Bool) -> String? {
        Self.rowPath(in: Self.records(of: file), record: id, where: matches)
    }

    /// `rowPath(in:record:where:)` over records read already (a file's, `records(of:)`).
    static func rowPath(in records: [ResourceRecord], record id: String, where matches: (Row) -> Bool) -> String? {
        for record in records where record.id == id {
            for row in record.rows where matches(row) {
                return ImportPlan.origin(of: record).path + (row.path.map { ".\($0)" } ?? "")
            }
        }
        return nil
    }

    /// The records of `file`, read again (for the JSON paths of what it holds); none when it
    /// cannot be read.
    static func records(of file: String) -> [ResourceRecord] {
        var ignored: [ImportWarning] = []
        return (try? Importer.documents(of: file, warnings: &ignored))?.flatMap(\.records) ?? []
    }

    // MARK: Security-group rules

    /// The rules of a group this import just wrote: those describe-security-group-rules gave
    /// before it in the same scope, then its own (already without repeats), without repeats (a
    /// repeat lends its rule ID to the first copy).
    mutating func writeRules(of group: String, scope: Int32, adding own: [SecurityGroupRuleValue]) throws {
        let rules =
            pendingRules.removeValue(forKey: PendingRules(group: group, scope: scope)).map {
                agreed(group, described: $0.rules, listed: own)
            } ?? own
        ruleCount += rules.count
        if keptGroups.contains(group) {
            // The group is the inventory's copy: so are its rules when they are the same, in
            // the same order in each direction (their ordinals; stored, ingress come first).
            let stored = try Self.values(
                of: db.cachedStatement(sql: Self.storedRulesSQL), binding: [group.databaseValue])
            let rows = Self.numbered(rules)
            if stored.count == rows.count
                && zip(stored, rows.filter { !$0.isEgress } + rows.filter(\.isEgress)).allSatisfy({
                    $0.0 == $0.1.row.values
                })
            {
                return
            }
            try db.cachedStatement(
                sql: "DELETE FROM \(Schema.SecurityGroupRules.table) WHERE \(Schema.SecurityGroupRules.groupId) = ?"
            ).execute(arguments: [group])
            deletedFrom.insert(Table.securityGroupRules.rawValue)
        }
        try insertRules(rules)
    }

    /// Rules for a group already written: read back, merged, written again.
    mutating func mergeRules(of group: String, adding more: [SecurityGroupRuleValue]) throws {
        let existing = try Self.storedRules(of: group, db: db)
        let rules = agreed(group, described: more, listed: existing)
        try db.execute(
            sql: "DELETE FROM \(Schema.SecurityGroupRules.table) WHERE \(Schema.SecurityGroupRules.groupId) = ?",
            arguments: [group])
        try insertRules(rules)
        ruleCount += rules.count - existing.count
    }

    /// `rules` without repeats, in order; a repeat's rule ID goes to the first copy that has none.
    /// The rules of `group` as describe-security-groups (`listed`) prints them, with the rule
    /// IDs describe-security-group-rules (`described`) gives them, without repeats. Both
    /// describe the one set of rules the group has, and the group's listing is all of it: a
    /// rule only `described` has contradicts it (the exports were taken at different times,
    /// around a change), and kept it would make a set the group never had, so it is left out,
    /// with a warning. A rule only `listed` has stays (a rules export filtered by rule or tag
    /// lacks rules), with a warning too, since it may have been revoked in between.
    mutating func agreed(
        _ group: String, described: [SecurityGroupRuleValue], listed: [SecurityGroupRuleValue]
    ) -> [SecurityGroupRuleValue] {
        let rules = Self.merged(described + listed)
        let describedRules = Set(described.map(\.identity))
        let listedRules = Set(listed.map(\.identity))
        guard describedRules != listedRules else { return rules }
        let onlyDescribed = rules.filter { !listedRules.contains($0.identity) }.map(\.summary)
        let onlyListed = rules.filter { !describedRules.contains($0.identity) }.map(\.summary)
        var differences: [String] = []
        if !onlyDescribed.isEmpty {
            differences.append(
                "describe-security-group-rules has \(onlyDescribed.joined(separator: "; ")), which the group's own listing does not: left out"
            )
        }
        if !onlyListed.isEmpty {
            differences.append(
                "describe-security-groups lists \(onlyListed.joined(separator: "; ")), which describe-security-group-rules lacks: kept"
            )
        }
        warnings.append(
            ImportWarning(
                file: ruleOrigins[group] ?? "",
                message:
                    "\(group): describe-security-groups and describe-security-group-rules disagree (taken at different times, or the rules export filtered?): \(differences.joined(separator: "; and ")). The group's listing decides; export both again, one right after the other, if a rule changed in between."
            ))
        return rules.filter { listedRules.contains($0.identity) }
    }

    static func merged(_ rules: [SecurityGroupRuleValue]) -> [SecurityGroupRuleValue] {
        // Most groups have a few rules: comparing each with those kept is cheaper than hashing
        // nine fields of every rule (that was a tenth of the reading thread's time).
        rules.count <= 16 ? mergedByComparing(rules) : mergedByHashing(rules)
    }

    /// `merged(_:)` by comparing each rule with those kept: quadratic, for short lists.
    static func mergedByComparing(_ rules: [SecurityGroupRuleValue]) -> [SecurityGroupRuleValue] {
        var out: [SecurityGroupRuleValue] = []
        out.reserveCapacity(rules.count)
        next: for rule in rules {
            for index in out.indices where out[index].isSameRule(as: rule) {
                if out[index].ruleId == nil, let id = rule.ruleId { out[index].ruleId = id }
                continue next
            }
            out.append(rule)
        }
        return out
    }

    /// `merged(_:)` through a dictionary of the rules' identities.
    static func mergedByHashing(_ rules: [SecurityGroupRuleValue]) -> [SecurityGroupRuleValue] {
        var out: [SecurityGroupRuleValue] = []
        out.reserveCapacity(rules.count)
        var seen: [SecurityGroupRuleValue.Identity: Int] = [:]
        seen.reserveCapacity(rules.count)
        for rule in rules {
            if let index = seen[rule.identity] {
                if out[index].ruleId == nil, let id = rule.ruleId { out[index].ruleId = id }
                continue
            }
            seen[rule.identity] = out.count
            out.append(rule)
        }
        return out
    }

    mutating func insertRules(_ rules: [SecurityGroupRuleValue]) throws {
        for numbered in Self.numbered(rules) { try inserter.insert(numbered.row, scopeId: nil) }
    }

    /// The rows of a group's rules, in order, each numbered within its direction from 1.
    static func numbered(_ rules: [SecurityGroupRuleValue]) -> [(row: Row, isEgress: Bool)] {
        var ordinals = (ingress: 0, egress: 0)
        return rules.map { rule in
            let ordinal: Int
            if rule.isEgress {
                ordinals.egress += 1
                ordinal = ordinals.egress
            } else {
                ordinals.ingress += 1
                ordinal = ordinals.ingress
            }
            return (rule.row(ordinal: ordinal), rule.isEgress)
        }
    }

    /// A group's stored rules, ingress first, each direction in its ordinals' order: what a
    /// kept group's rules are compared with, and what a later file's rules merge into.
    static let storedRulesSQL = {
        let r = Schema.SecurityGroupRules.self
        return "SELECT * FROM \(r.table) WHERE \(r.groupId) = ? ORDER BY \(r.isEgress), \(r.ordinal)"
    }()

    /// A group's rules as the inventory has them, in their order.
    static func storedRules(of group: String, db: Database) throws -> [SecurityGroupRuleValue] {
        let r = Schema.SecurityGroupRules.self
        return try GRDB.Row.fetchAll(db.cachedStatement(sql: storedRulesSQL), arguments: [group]).map { row in
            SecurityGroupRuleValue(
                groupId: row[r.groupId.name], isEgress: row[r.isEgress.name], ruleId: row[r.securityGroupRuleId.name],
                ipProtocol: row[r.ipProtocol.name], fromPort: row[r.fromPort.name], toPort: row[r.toPort.name],
                cidrIPv4: row[r.cidrIpv4.name], cidrIPv6: row[r.cidrIpv6.name], prefixListId: row[r.prefixListId.name],
                referencedGroupId: row[r.referencedGroupId.name], referencedUserId: row[r.referencedUserId.name],
                referencedVPCId: row[r.referencedVpcId.name], peeringConnectionId: row[r.vpcPeeringConnectionId.name],
                description: row[r.description.name])
        }
    }

    /// Rules of groups no file of the import listed from the rules' account and region: the
    /// inventory must have the group, whose rules they replace, but when they are another
    /// account's view of a group whose copy in the inventory is not that view (the owner's
    /// copy, imported before or in this import): they are left out then, whatever the order
    /// of the files or of the imports.
    mutating func writeOrphanRules() throws {
        let r = Schema.SecurityGroupRules.self
        // Per group, its owner's rules first (a view's are compared with them), then by scope.
        let keyed = try pendingRules.keys.map { key in
            let account = try account(of: key.group, seenFrom: scopes[Int(key.scope)])
            let isOwner = if case .owner = account { true } else { false }
            return (key: key, account: account, rank: (key.group, isOwner ? 0 : 1, scopes[Int(key.scope)]))
        }.sorted { $0.rank < $1.rank }
        // A group whose owner's rules came without its listing: those replace the view's.
        let ownersRules = Set(keyed.filter { $0.rank.1 == 0 }.map(\.key.group))
        for (key, account, _) in keyed {
            let (group, pending) = (key.group, pendingRules[key]!)
            let rules = Self.merged(pending.rules)
            let scope = scopes[Int(key.scope)]
            switch account {
            case nil:
                throw ImportError(
                    file: pending.file, jsonPath: "$.SecurityGroupRules",
                    message:
                        "a rule of \(group), which is neither in this import nor in the inventory: import the \(DocumentKind.securityGroups.call!.operation) output too"
                )
            case .view(let owner, let copyScope) where copyScope != scope || ownersRules.contains(group):
                try leaveOut(rules, of: group, file: pending.file, viewer: scope, owner: owner, copy: copyScope)
                continue
            default: break
            }
            try db.execute(sql: "DELETE FROM \(r.table) WHERE \(r.groupId) = ?", arguments: [group])
            try insertRules(rules)
            ruleCount += rules.count
        }
        pendingRules = [:]
    }

    /// Whose a group is, as the inventory's copy of it says, to an account that lists it.
    enum GroupAccount {
        /// The account that lists it owns it.
        case owner
        /// The group names no owner: taken as the lister's own, as every resource is.
        case unnamed
        /// Another account owns it: what the lister has is a view; `copy` is the scope of the
        /// inventory's copy.
        case view(owner: String, copy: Scope)
    }

    /// Whose `group` is to `scope`'s account, from the inventory's copy; nil when the
    /// inventory has no copy.
    func account(of group: String, seenFrom scope: Scope) throws -> GroupAccount? {
        guard let copy = try storedCopy(of: group) else { return nil }
        guard let owner = copy.owner else { return .unnamed }
        if owner == scope.accountId { return .owner }
        return .view(owner: owner, copy: copy.scope)
    }

    /// The inventory's copy of `group`: the `OwnerId` it names and the scope it was imported
    /// under; nil when the inventory has none.
    func storedCopy(of group: String) throws -> (owner: String?, scope: Scope)? {
        let g = Schema.SecurityGroups.self
        let s = Schema.Scopes.self
        guard
            let row = try GRDB.Row.fetchOne(
                db.cachedStatement(
                    sql: """
                        SELECT g.\(g.ownerId) AS owner, s.\(s.accountId) AS account, s.\(s.region) AS region
                        FROM \(g.table) g JOIN \(s.table) s ON s.\(s.scopeId) = g.\(g.scopeId) WHERE g.\(g.groupId) = ?
                        """), arguments: [group])
        else { return nil }
        return (row["owner"], Scope(accountId: row["account"], region: row["region"]))
    }

    /// Leaves out another account's view of a group's rules, with a warning when they are not
    /// the rules of the inventory's copy (exports taken at different times).
    mutating func leaveOut(
        _ rules: [SecurityGroupRuleValue], of group: String, file: String, viewer: Scope, owner: String, copy: Scope
    ) throws {
        let stored = try Self.storedRules(of: group, db: db)
        guard Set(stored.map(\.identity)) != Set(rules.map(\.identity)) else { return }
        let whose = copy.accountId == owner ? "its owner's copy" : "the copy of \(copy.accountId)"
        warnings.append(
            ImportWarning(
                file: file,
                message:
                    "\(group) belongs to \(owner): \(viewer.accountId)'s view of it here has other rules than \(whose) (\(copy)) in the inventory (exports taken at different times?); the view's rules are left out, as only the owner changes a group's rules"
            ))
    }

    /// The scope and rules of the inventory's copy of `group`.
    func storedView(of group: String) throws -> (scope: Scope, rules: [SecurityGroupRuleValue])? {
        guard let copy = try storedCopy(of: group) else { return nil }
        return (copy.scope, try Self.storedRules(of: group, db: db))
    }

    /// The warning for another account's view of a group (`view`, from `viewFile` or an
    /// earlier import) that its owner's copy replaces, when the two have other rules: the
    /// answers before this import were built on the view.
    mutating func noteReplacedView(
        of group: String, by owners: [SecurityGroupRuleValue], scope: Scope, view: Scope, viewFile: String?,
        rules: [SecurityGroupRuleValue], file: String
    ) throws {
        guard Set(rules.map(\.identity)) != Set(owners.map(\.identity)) else { return }
        let where_ =
            viewFile.map { "\(view.accountId)'s view of it in \($0)" }
            ?? "\(view.accountId)'s view of it (\(view)), imported before,"
        warnings.append(
            ImportWarning(
                file: file,
                message:
                    "\(group) belongs to \(scope.accountId), whose copy of it is used: \(where_) has other rules (exports taken at different times?)"
            ))
    }

    // MARK: The end

    /// After the last file: the deferred documents, orphan rules, references, provenance.
    mutating func finish(fileCount: Int) throws -> ImportSummary {
        try writeDeferred()
        try deleteUnlisted()
        try resolveProxyTargets()
        try writeOrphanRules()
        try checkReferences()
        try ImportPlan.checkDangling(db: db, documents: summaries, tables: try danglingCandidates())
        var referenceWarnings: [ImportWarning] = []
        if hasTransitGateways { referenceWarnings = try ImportPlan.transitGatewayReferences(db: db) }
        referenceWarnings += try ImportPlan.conflictingAssociations(db: db)
        if hasDHCPReferences { referenceWarnings += try ImportPlan.dhcpOptionsNotImported(db: db) }
        referenceWarnings += try PrefixListCopies.warnings(db: db, scopeIds: used.sorted().compactMap { scopeIds[$0] })
        try recordProvenance()
        try dropUnusedScopes()
        if ruleCount > 0 { counts["security-group-rules"] = ruleCount }
        let allScopes = used.sorted()
        return ImportSummary(
            counts: counts.filter { $0.value > 0 }, scopes: allScopes, files: fileCount,
            warnings: warnings + referenceWarnings)
    }

    /// The tables whose foreign keys can point at rows this import deleted without cascade:
    /// the ones a foreign-key check must read (reading every table of a large inventory would
    /// cost a re-import of one account as much as the organisation).
    func danglingCandidates() throws -> [String] {
        guard !deletedFrom.isEmpty else { return [] }
        var candidates = Set<String>()
        let tables = try String.fetchAll(
            db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        for table in tables {
            for link in try GRDB.Row.fetchAll(db, sql: "PRAGMA foreign_key_list(\"\(table)\")")
            where deletedFrom.contains(link["table"] as String) && (link["on_delete"] as String) != "CASCADE" {
                candidates.insert(table)
            }
        }
        return candidates.sorted()
    }

    /// References to VPCs and subnets, checked in SQL over what this import replaced: each
    /// dangling one is an error at its element. A resource an earlier import wrote whose
    /// reference this import left dangling (a describe-subnets output filtered to a few
    /// subnets replaces every subnet of its scope) is a warning: what it refers to is gone from
    /// the inventory, and answers that need it say so, but the file may be the whole truth.
    /// So is a route table's or network ACL's association with a subnet that is in neither:
    /// exports are often filtered (describe-subnets by VPC or tag, describe-network-acls not),
    /// and a default ACL lists every subnet of its VPC. The association says nothing false,
    /// only more than the import has; it is kept, and the warning names where.
    mutating func checkReferences() throws {
        typealias Target = (table: Table, column: Column, what: String, export: String, key: String)
        let vpc: Target = (.vpcs, Schema.Vpcs.vpcId, "VPC", DocumentKind.vpcs.call!.command, "VpcId")
        let subnet: Target = (
            .subnets, Schema.Subnets.subnetId, "subnet", DocumentKind.subnets.call!.command, "SubnetId"
        )
        // (referring column, its record's kind and ID column, target). A NAT gateway that is
        // deleted or failed is listed by describe-nat-gateways for about an hour after, when its
        // subnet may be gone already: its reference is not checked (it carries nothing).
        let checks: [(column: Column, kind: ResourceKind, owner: Column, target: Target)] = [
            (Schema.Subnets.vpcId, .subnets, Schema.Subnets.subnetId, vpc),
            (Schema.RouteTables.vpcId, .routeTables, Schema.RouteTables.routeTableId, vpc),
            (
                Schema.RouteTableAssociations.subnetId, .routeTables, Schema.RouteTableAssociations.routeTableId,
                subnet
            ),
            (Schema.NetworkAcls.vpcId, .networkACLs, Schema.NetworkAcls.networkAclId, vpc),
            (
                Schema.NetworkAclAssociations.subnetId, .networkACLs, Schema.NetworkAclAssociations.networkAclId,
                subnet
            ),
            (Schema.NatGateways.subnetId, .natGateways, Schema.NatGateways.natGatewayId, subnet),
            (Schema.VpcEndpoints.vpcId, .vpcEndpoints, Schema.VpcEndpoints.vpcEndpointId, vpc),
        ]
        // Only what this import wrote can refer to nothing new: the rows of its scopes (through
        // the owning resource for association rows), not the whole inventory.
        let scopeList = used.compactMap { scopeIds[$0] }.map(String.init).joined(separator: ", ")
        guard !scopeList.isEmpty else { return }
        // Associations with subnets the import lacks, and NAT gateways in such subnets, per
        // file, warned about after the loop.
        var unknownSubnets: [Int32: [(owner: String, subnet: String, table: Table, column: Column, path: String)]] = [:]
        for check in checks {
            let ownerTable =
                check.kind == .routeTables
                ? "route_tables" : check.kind == .networkACLs ? "network_acls" : check.column.table
            let inScope =
                ownerTable == check.column.table
                ? "t.scope_id IN (\(scopeList))"
                : "t.\"\(check.owner.name)\" IN (SELECT o.\"\(check.owner.name)\" FROM \"\(ownerTable)\" o WHERE o.scope_id IN (\(scopeList)))"
            let gone =
                check.kind == .natGateways
                ? " AND t.\"\(Schema.NatGateways.state.name)\" NOT IN ('deleted', 'failed')" : ""
            let sql = """
                SELECT t."\(check.owner.name)" AS owner, t."\(check.column.name)" AS target FROM "\(check.column.table)" t
                WHERE \(inScope) AND t."\(check.column.name)" IS NOT NULL\(gone)
                  AND NOT EXISTS (SELECT 1 FROM "\(check.target.table.rawValue)" x WHERE x."\(check.target.column.name)" = t."\(check.column.name)")
                """
            for row in try GRDB.Row.fetchAll(db, sql: sql) {
                let owner: String = row["owner"]
                let target: String = row["target"]
                let ownerTable =
                    check.kind == .routeTables
                    ? "route_tables" : check.kind == .networkACLs ? "network_acls" : check.column.table
                guard let written = written["\(ownerTable)/\(owner)"] else {
                    warnings.append(
                        ImportWarning(
                            file: "",
                            message:
                                "\(owner), imported before, refers to \(check.target.what) \(target), which this import removed from the inventory (a kind of resource imported for an account and region replaces all of it there, so a filtered export leaves out the rest): export `\(check.target.export)` whole, or import \(owner)'s output again."
                        ))
                    continue
                }
                let file = files[Int(written.file)]
                let table = Table(rawValue: check.column.table)!
                // A NAT gateway's record names its VPC and addresses itself: like an association,
                // it says nothing false when a filtered describe-subnets leaves its subnet out.
                if ownerTable != check.column.table || check.kind == .natGateways {
                    unknownSubnets[written.file, default: []].append((owner, target, table, check.column, written.path))
                    continue
                }
                let elementPath =
                    rowPath(in: file, record: owner) { $0.table == table && $0[check.column] == target.sql }
                    ?? written.path
                throw ImportError(
                    file: file, jsonPath: elementPath + ".\(check.target.key)",
                    message:
                        "\(owner) refers to \(check.target.what) \(target), which is neither in this import nor in the inventory: import the output of `\(check.target.export)` too"
                )
            }
        }
        for fileIndex in unknownSubnets.keys.sorted() {
            let file = files[Int(fileIndex)]
            // The file is read again once, for the paths of all its associations.
            let records = Self.records(of: file)
            let sorted = unknownSubnets[fileIndex]!.sorted {
                ($0.table.rawValue, $0.owner, $0.subnet) < ($1.table.rawValue, $1.owner, $1.subnet)
            }
            for (owner, subnet, table, column, ownerPath) in sorted {
                let element = Self.rowPath(in: records, record: owner) { $0.table == table && $0[column] == subnet.sql }
                let path = element.map { $0 + ".SubnetId" } ?? ownerPath
                let missing =
                    "which is neither in this import nor in the inventory (a filtered `\(DocumentKind.subnets.call!.command)` export?)"
                if table == .natGateways {
                    warnings.append(
                        ImportWarning(
                            file: file,
                            message:
                                "\(path): NAT gateway \(owner) is in subnet \(subnet), \(missing): the NAT gateway is kept, with the VPC and addresses its own record gives, and routes to it still lead to it; its subnet's network ACL and route to an internet gateway are not known, so paths through it are not analysed beyond it until the subnet's output is imported"
                        ))
                    continue
                }
                let what = table == .networkAclAssociations ? "network ACL" : "route table"
                warnings.append(
                    ImportWarning(
                        file: file,
                        message:
                            "\(path): \(what) \(owner) is associated with subnet \(subnet), \(missing): the association is kept, and the subnet is not analysed until its output is imported"
                    ))
            }
        }
    }

    /// The imports and import_files tables: when and from which files each kind of each scope came.
    func recordProvenance() throws {
        let importedAt = ISO8601DateFormatter().string(from: options.importedAt)
        let i = Schema.Imports.self
        let f = Schema.ImportFiles.self
        let kinds = Set(fileKinds.map(\.0))
        for scopedKind in kinds.sorted() {
            guard let scopeId = scopeIds[scopedKind.scope] else { continue }
            // Set, not added to: importing the same files twice (even at the same
            // SOURCE_DATE_EPOCH) gives the same inventory. A file that only adds to what is
            // there (describe-security-group-rules) leaves the count as it is.
            let sets = totals[scopedKind] != nil || replaced.contains(scopedKind)
            // Statements run per kind and per file are compiled once (21,200 files at 10,000 VPCs).
            try db.cachedStatement(
                sql: """
                    INSERT INTO \(i.table) (\(i.scopeId), \(i.kind), \(i.importedAt), \(i.recordCount)) VALUES (?, ?, ?, ?)
                    ON CONFLICT (\(i.scopeId), \(i.kind)) DO UPDATE SET \(i.importedAt) = excluded.\(i.importedAt),
                        \(i.recordCount) = CASE WHEN ? THEN excluded.\(i.recordCount) ELSE \(i.table).\(i.recordCount) END
                    """
            ).execute(arguments: [scopeId, scopedKind.kind.rawValue, importedAt, totals[scopedKind] ?? 0, sets])
        }
        var pathsByKind: [ImportPlan.ScopedKind: [String]] = [:]
        for (scopedKind, file, key, count) in fileKinds {
            pathsByKind[scopedKind, default: []].append(file)
            guard let scopeId = scopeIds[scopedKind.scope] else { continue }
            try db.cachedStatement(
                sql: """
                    INSERT INTO \(f.table) (\(f.scopeId), \(f.kind), \(f.path), \(f.documentKey), \(f.recordCount))
                    VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (\(f.scopeId), \(f.kind), \(f.path)) DO UPDATE SET \(f.documentKey) = excluded.\(f.documentKey),
                        \(f.recordCount) = excluded.\(f.recordCount)
                    """
            ).execute(arguments: [scopeId, scopedKind.kind.rawValue, file, key, count])
        }
        // Provenance of kinds replaced by this import but last imported from files that are
        // not part of it any more.
        for scopedKind in replaced.sorted() {
            guard let scopeId = scopeIds[scopedKind.scope] else { continue }
            let paths = pathsByKind[scopedKind] ?? []
            let placeholders = paths.map { _ in "?" }.joined(separator: ", ")
            try db.execute(
                sql:
                    "DELETE FROM \(f.table) WHERE \(f.scopeId) = ? AND \(f.kind) = ? AND \(f.path) NOT IN (\(placeholders))",
                arguments: StatementArguments(
                    [scopeId.databaseValue, scopedKind.kind.rawValue.databaseValue] + paths.map(\.databaseValue)))
        }
    }
}

extension ParsedDocument {
    /// What the end of an import needs of a document it has written: its file, key and the
    /// kinds it replaced (for the message about rows left dangling), without its records.
    var summary: ParsedDocument {
        var light = self
        light.records = []
        light.removeRules()
        light.attributes = []
        light.warnings = []
        light.accountHints = []
        light.regionHints = []
        light.namedRegions = []
        return light
    }
}
