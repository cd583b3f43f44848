import Foundation
import GRDB
import GRDBSQLite

/// The import's rules that do not depend on one file: where a file's scope comes from, which
/// copy of a resource seen from two accounts is the resource, what a refused row clashes with,
/// and the checks after the last file. The writer (`ImportWriter`) applies them file by file.
enum ImportPlan {
    /// The most frequent value, ties broken by the smallest, so that the choice is stable.
    static func mostCommon(_ values: [String]) -> String? {
        var counts: [String: Int] = [:]
        for value in values { counts[value, default: 0] += 1 }
        return mostCommon(counts: counts)
    }

    /// The value counted most often in `counts`, ties broken by the smallest.
    static func mostCommon(counts: [String: Int]) -> String? {
        counts.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key
    }

    /// The primary key of `table`: its column names in key order, and the generated columns
    /// (for reading a row's key values). Every table of the schema has one.
    static func primaryKey(of table: Table, db: Database) throws -> (names: [String], columns: [Column]) {
        let names = try db.primaryKey(table.rawValue).columns
        return (names, names.compactMap { name in table.columns.first { $0.name == name } })
    }

    /// A folder named like a region or an account (Batfish's layout, `collect`'s layout).
    static func folderHints(_ file: String) -> (account: String?, region: String?) {
        var account: String?
        var region: String?
        for component in (file as NSString).deletingLastPathComponent.split(separator: "/") {
            let text = String(component)
            if AWSSyntax.isAccount(text) { account = text }
            if AWSSyntax.isRegionFolderName(text) { region = text }
        }
        return (account, region)
    }

    /// A describe-vpc-attribute document: it names a VPC and nothing of its account or region.
    static func isAttributesOnly(_ document: ParsedDocument) -> Bool {
        !document.attributes.isEmpty && document.records.isEmpty && document.ruleGroups.isEmpty
            && document.replacedKinds.isEmpty
    }

    /// A kind of resource in one account and region: what a replacement replaces.
    struct ScopedKind: Hashable, Comparable {
        var scope: Scope
        var kind: ResourceKind
        static func < (lhs: ScopedKind, rhs: ScopedKind) -> Bool { (lhs.scope, lhs.kind) < (rhs.scope, rhs.kind) }
    }

    /// Subnets that two route tables or two network ACLs claim, and VPCs with two main route
    /// tables or two default ACLs. AWS allows one of each, and an inventory holds two when
    /// exports taken at different times meet (a subnet moved to another table in between, one
    /// file older than the other) or a file was edited. The network model takes the highest ID
    /// (`Network.claim`): the warning says which, so that an answer built on it is not trusted
    /// blindly, and how to settle it.
    static func conflictingAssociations(db: Database) throws -> [ImportWarning] {
        let a = Schema.RouteTableAssociations.self
        let t = Schema.RouteTables.self
        let n = Schema.NetworkAclAssociations.self
        let acls = Schema.NetworkAcls.self
        // Each SELECT gives what is claimed twice (`claimed`) and each claimant, in order.
        let checks: [(sql: String, what: (Int) -> String, export: String)] = [
            (
                """
                SELECT \(a.subnetId) AS claimed, \(a.routeTableId) AS claimant FROM \(a.table)
                WHERE \(a.subnetId) IN (SELECT \(a.subnetId) FROM \(a.table) WHERE \(a.subnetId) IS NOT NULL
                                      GROUP BY \(a.subnetId) HAVING count(DISTINCT \(a.routeTableId)) > 1)
                GROUP BY 1, 2 ORDER BY 1, 2
                """, { "is associated with \($0) route tables" }, DocumentKind.routeTables.call!.command
            ),
            (
                """
                SELECT t.\(t.vpcId) AS claimed, t.\(t.routeTableId) AS claimant
                FROM \(t.table) t JOIN \(a.table) a ON a.\(a.routeTableId) = t.\(t.routeTableId)
                WHERE a.\(a.isMain) = 1 AND t.\(t.vpcId) IN (
                    SELECT t2.\(t.vpcId) FROM \(t.table) t2 JOIN \(a.table) a2 ON a2.\(a.routeTableId) = t2.\(t.routeTableId)
                    WHERE a2.\(a.isMain) = 1 GROUP BY 1 HAVING count(DISTINCT t2.\(t.routeTableId)) > 1)
                GROUP BY 1, 2 ORDER BY 1, 2
                """, { "has \($0) main route tables" }, DocumentKind.routeTables.call!.command
            ),
            (
                """
                SELECT \(n.subnetId) AS claimed, \(n.networkAclId) AS claimant FROM \(n.table)
                WHERE \(n.subnetId) IN (SELECT \(n.subnetId) FROM \(n.table)
                                      GROUP BY \(n.subnetId) HAVING count(DISTINCT \(n.networkAclId)) > 1)
                GROUP BY 1, 2 ORDER BY 1, 2
                """, { "is associated with \($0) network ACLs" }, DocumentKind.networkACLs.call!.command
            ),
            (
                """
                SELECT \(acls.vpcId) AS claimed, \(acls.networkAclId) AS claimant FROM \(acls.table)
                WHERE \(acls.isDefault) = 1 AND \(acls.vpcId) IN (
                    SELECT \(acls.vpcId) FROM \(acls.table) WHERE \(acls.isDefault) = 1 GROUP BY 1 HAVING count(*) > 1)
                ORDER BY 1, 2
                """, { "has \($0) default network ACLs" }, DocumentKind.networkACLs.call!.command
            ),
        ]
        var warnings: [ImportWarning] = []
        // A subnet associated with a route table or network ACL of another VPC: AWS refuses
        // such an association, so exports that show one were mixed or edited. The network model
        // ignores it (the subnet uses its own VPC's main table, or default ACL).
        let s = Schema.Subnets.self
        let crossVPC: [(sql: String, what: String, fallback: String, export: String)] = [
            (
                """
                SELECT a.\(a.subnetId) AS subnet, x.\(s.vpcId) AS own, a.\(a.routeTableId) AS other, t.\(t.vpcId) AS otherVPC
                FROM \(a.table) a JOIN \(t.table) t ON t.\(t.routeTableId) = a.\(a.routeTableId)
                JOIN \(s.table) x ON x.\(s.subnetId) = a.\(a.subnetId)
                WHERE t.\(t.vpcId) <> x.\(s.vpcId) ORDER BY 1, 3
                """, "route table", "its VPC's main route table", DocumentKind.routeTables.call!.command
            ),
            (
                """
                SELECT n.\(n.subnetId) AS subnet, x.\(s.vpcId) AS own, n.\(n.networkAclId) AS other, c.\(acls.vpcId) AS otherVPC
                FROM \(n.table) n JOIN \(acls.table) c ON c.\(acls.networkAclId) = n.\(n.networkAclId)
                JOIN \(s.table) x ON x.\(s.subnetId) = n.\(n.subnetId)
                WHERE c.\(acls.vpcId) <> x.\(s.vpcId) ORDER BY 1, 3
                """, "network ACL", "its VPC's default network ACL", DocumentKind.networkACLs.call!.command
            ),
        ]
        for check in crossVPC {
            for row in try GRDB.Row.fetchAll(db, sql: check.sql) {
                let (subnet, own, other, otherVPC): (String, String, String, String) = (
                    row["subnet"], row["own"], row["other"], row["otherVPC"]
                )
                warnings.append(
                    ImportWarning(
                        file: "",
                        message:
                            "\(subnet), a subnet of \(own), is associated with \(check.what) \(other) of \(otherVPC), which AWS does not allow: the exports were mixed or edited. Answers ignore the association and use \(check.fallback) until the output of `\(check.export)` and `\(DocumentKind.subnets.call!.command)` is imported again, taken at one time."
                    ))
            }
        }
        for check in checks {
            var claimants: [(claimed: String, ids: [String])] = []
            for row in try GRDB.Row.fetchAll(db, sql: check.sql) {
                let claimed: String = row["claimed"]
                let claimant: String = row["claimant"]
                if claimants.last?.claimed == claimed {
                    claimants[claimants.count - 1].ids.append(claimant)
                } else {
                    claimants.append((claimed, [claimant]))
                }
            }
            for (claimed, ids) in claimants {
                let listed = ids.dropLast().joined(separator: ", ") + " and " + ids.last!
                warnings.append(
                    ImportWarning(
                        file: "",
                        message:
                            "\(claimed) \(check.what(ids.count)), \(listed), where AWS allows one: the exports were taken at different times or edited. Answers use \(ids.last!) (the highest ID) until the output of `\(check.export)` is imported again, taken at one time."
                    ))
            }
        }
        return warnings
    }

    /// One warning for the DHCP option sets the inventory's VPCs name (`DhcpOptionsId`, other
    /// than `default`) that no describe-dhcp-options output in it lists: those VPCs' DNS
    /// servers are not known, and the answers take them as the Amazon DNS server
    /// (AmazonProvidedDNS), which a set of the account's own may not name.
    static func dhcpOptionsNotImported(db: Database) throws -> [ImportWarning] {
        let v = Schema.Vpcs.self
        let o = Schema.DhcpOptions.self
        let rows = try GRDB.Row.fetchAll(
            db,
            sql: """
                SELECT v.\(v.vpcId) AS vpc, v.\(v.dhcpOptionsId) AS options FROM \(v.table) v
                WHERE v.\(v.dhcpOptionsId) IS NOT NULL AND v.\(v.dhcpOptionsId) <> 'default'
                  AND NOT EXISTS (SELECT 1 FROM \(o.table) o WHERE o.\(o.dhcpOptionsId) = v.\(v.dhcpOptionsId))
                ORDER BY 2, 1
                """)
        guard !rows.isEmpty else { return [] }
        let named = rows.map { row -> String in
            let vpc: String = row["vpc"]
            let options: String = row["options"]
            return "\(options) (\(vpc))"
        }
        return [
            ImportWarning(
                file: "",
                message:
                    "describe-vpcs names DHCP option sets that are not in the inventory: \(named.joined(separator: ", ")). Those VPCs' DNS servers are not known, and answers take them as AmazonProvidedDNS, the VPC's own Resolver, which a set of the account's own may not name (a DNS server in another VPC, on premises, or public, answers otherwise): import the output of `\(DocumentKind.dhcpOptions.call!.command)` too"
            )
        ]
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
        case .dhcpOptions: return Schema.DhcpOptions.ownerId
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
        let (keyColumns, keyOfRow) = try primaryKey(of: table, db: db)
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
        let (keyColumns, keyOfRow) = try primaryKey(of: table, db: db)
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
                guard case .wholeScope(let table, _) = kind.replacement else { return false }
                return table.rawValue == parent
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
    private var statements: [Table: Prepared] = [:]
    private var last: (table: Table, prepared: Prepared)?

    /// A table's INSERT statement, where its scope column is, and how many values it binds.
    private struct Prepared {
        let statement: Statement
        let scopeColumn: Int?
        let parameterCount: Int
    }

    init(db: Database) { self.db = db }

    /// Inserts `row`, with `scopeId` in its table's scope column.
    mutating func insert(_ row: Row, scopeId: Int64?) throws {
        let prepared = try prepared(row.table)
        // Bound and run with SQLite's own calls: this runs once per row of an import (4 million
        // at 10,000 VPCs), and GRDB's argument checks and execution bookkeeping around each
        // step cost a tenth of the writing thread. Nothing observes the import's transaction.
        // Every column is bound on every row; a row with fewer values (none is made) would
        // clear the previous row's first.
        let handle = prepared.statement.sqliteStatement
        if row.values.count != prepared.parameterCount { sqlite3_clear_bindings(handle) }
        for (column, value) in row.values.enumerated() {
            let bound = column == prepared.scopeColumn ? (scopeId?.databaseValue ?? .null) : value
            let code = bound.bind(to: handle, at: CInt(column + 1))
            if code != SQLITE_OK {
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: db.lastErrorMessage)
            }
        }
        guard sqlite3_step(handle) != SQLITE_DONE else {
            sqlite3_reset(handle)
            return
        }
        let code = ResultCode(rawValue: sqlite3_extended_errcode(db.sqliteConnection))
        let message = db.lastErrorMessage ?? "\(code)"
        // Reset here, where the error is known, so that the statement is ready for the next row
        // (the conflict may be resolved and the row inserted again).
        sqlite3_reset(handle)
        if code == .SQLITE_CONSTRAINT_PRIMARYKEY || code == .SQLITE_CONSTRAINT_UNIQUE {
            throw RowConflict(row: row, message: message)
        }
        throw DatabaseError(resultCode: code, message: message, sql: row.table.insertSQL)
    }

    private mutating func prepared(_ table: Table) throws -> Prepared {
        // Rows come in runs of one table; `Table` hashes its name, so the last one is kept.
        if let last, last.table == table { return last.prepared }
        if let prepared = statements[table] {
            last = (table, prepared)
            return prepared
        }
        let statement = try db.makeStatement(sql: table.insertSQL)
        let prepared = Prepared(
            statement: statement, scopeColumn: table.scopeColumn,
            parameterCount: Int(sqlite3_bind_parameter_count(statement.sqliteStatement)))
        statements[table] = prepared
        last = (table, prepared)
        return prepared
    }
}
