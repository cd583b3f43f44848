import Foundation
import GRDB

/// Which account's copy of a customer-managed prefix list gives its entries.
///
/// A list shared through AWS RAM is in the export of its owner and of every account it is
/// shared with (describe-managed-prefix-lists, get-managed-prefix-list-entries), each copy
/// as that account saw it when it exported. The list is one resource whose entries only its
/// owner changes (AWS: "Owners are responsible for managing a shared prefix list and its
/// entries"): its owner's copy (the list's `OwnerId`) gives them; without the owner's copy,
/// the copy with the highest `Version` (each change of the entries makes a new version), ties
/// broken by the smallest account and region. Merging the copies made a list that allowed
/// both the old and the new entries. AWS-managed lists (`OwnerId` "AWS", the same in every
/// account of a region) and lists whose owner no copy names keep every copy's entries.
enum PrefixListCopies {
    /// One scope's copy of a list.
    struct Copy: Equatable {
        var scopeId: Int64
        var scope: Scope
        var version: Int?
        var cidrs: Set<String>
    }

    /// The copy that gives a list's entries, and why.
    struct Choice {
        var list: String
        var owner: String
        var used: Copy
        /// True when `used` is the owner's own copy; false when it has the highest version.
        var isOwners: Bool
        /// The other copies whose entries differ from `used`'s.
        var differing: [Copy]
    }

    /// The choices for the customer-managed lists held by more than one scope, by list ID;
    /// `lists`, a SELECT of list IDs, keeps those wanted (nil for all).
    static func choices(db: Database, lists: String? = nil) throws -> [String: Choice] {
        let e = Schema.PrefixListEntries.self
        let p = Schema.PrefixLists.self
        let s = Schema.Scopes.self
        let wanted = lists.map { " AND e.\(e.prefixListId) IN (\($0))" } ?? ""
        // The lists with entries in several scopes, and an owner that is an account.
        let shared = """
            SELECT e.\(e.prefixListId) FROM \(e.table) e
            WHERE EXISTS (SELECT 1 FROM \(p.table) l WHERE l.\(p.prefixListId) = e.\(e.prefixListId)
                          AND l.\(p.ownerId) IS NOT NULL AND l.\(p.ownerId) != 'AWS')\(wanted)
            GROUP BY e.\(e.prefixListId) HAVING COUNT(DISTINCT e.\(e.scopeId)) > 1
            """
        var copies: [String: [Int64: Copy]] = [:]
        for row in try GRDB.Row.fetchAll(
            db,
            sql: """
                SELECT e.\(e.prefixListId) AS list, e.\(e.scopeId) AS scope_id, s.\(s.accountId) AS account,
                       s.\(s.region) AS region, e.\(e.cidr) AS cidr,
                       (SELECT l.\(p.version) FROM \(p.table) l
                        WHERE l.\(p.prefixListId) = e.\(e.prefixListId) AND l.\(p.scopeId) = e.\(e.scopeId)) AS version
                FROM \(e.table) e JOIN \(s.table) s ON s.\(s.scopeId) = e.\(e.scopeId)
                WHERE e.\(e.prefixListId) IN (\(shared))
                """)
        {
            let list: String = row["list"]
            let scopeId: Int64 = row["scope_id"]
            copies[list, default: [:]][
                scopeId,
                default: Copy(
                    scopeId: scopeId, scope: Scope(accountId: row["account"], region: row["region"]),
                    version: row["version"], cidrs: [])
            ].cidrs.insert(row["cidr"])
        }
        guard !copies.isEmpty else { return [:] }
        var owners: [String: String] = [:]
        for row in try GRDB.Row.fetchAll(
            db,
            sql: """
                SELECT \(p.prefixListId) AS list, MIN(\(p.ownerId)) AS owner FROM \(p.table)
                WHERE \(p.prefixListId) IN (\(shared))
                  AND \(p.ownerId) IS NOT NULL AND \(p.ownerId) != 'AWS'
                GROUP BY \(p.prefixListId)
                """)
        {
            owners[row["list"]] = row["owner"]
        }
        var choices: [String: Choice] = [:]
        for (list, byScope) in copies {
            guard let owner = owners[list] else { continue }
            let all = byScope.values.sorted { $0.scope < $1.scope }
            let owners = all.first { $0.scope.accountId == owner }
            // The highest version; a copy without one counts as older than any.
            let used =
                owners
                ?? all.max { ($0.version ?? -1, $1.scope) < ($1.version ?? -1, $0.scope) }!
            choices[list] = Choice(
                list: list, owner: owner, used: used, isOwners: owners != nil,
                differing: all.filter { $0.scopeId != used.scopeId && $0.cidrs != used.cidrs })
        }
        return choices
    }

    /// A warning for each list with copies in `scopeIds` (the scopes an import wrote) whose
    /// entries differ from the copy used: the answers follow one, and the exports were taken
    /// at different times.
    static func warnings(db: Database, scopeIds: [Int64]) throws -> [ImportWarning] {
        guard !scopeIds.isEmpty else { return [] }
        let e = Schema.PrefixListEntries.self
        let lists =
            "SELECT \(e.prefixListId) FROM \(e.table) WHERE \(e.scopeId) IN (\(scopeIds.map(String.init).joined(separator: ", ")))"
        return try choices(db: db, lists: lists).values.filter { !$0.differing.isEmpty }.sorted { $0.list < $1.list }
            .map { choice in
                let others = choice.differing.map { "\($0.scope)\(versionText($0.version))" }
                let used = "\(choice.used.scope)\(versionText(choice.used.version))"
                let why =
                    choice.isOwners
                    ? "its owner's copy is used, as only the owner changes a shared prefix list's entries"
                    : "no copy of its owner's is imported, and the one with the highest version is used: import \(choice.owner)'s `aws ec2 describe-managed-prefix-lists` and `aws ec2 get-managed-prefix-list-entries --prefix-list-id \(choice.list)` output, whose entries decide"
                return ImportWarning(
                    file: "",
                    message:
                        "\(choice.list), \(choice.owner)'s prefix list, has other entries in the \(others.count == 1 ? "copy" : "copies") of \(others.joined(separator: " and ")) than in that of \(used) (exports taken at different times?): \(why)"
                )
            }
    }

    static func versionText(_ version: Int?) -> String {
        version.map { " (version \($0))" } ?? ""
    }
}
