import Foundation
import GRDB
import ReachCore

/// Options of one import.
public struct ImportOptions: Sendable {
    /// Overrides the account taken from ARNs, OwnerId and folder names.
    public var account: String?
    /// Overrides the region taken from ARNs, availability zones and folder names.
    public var region: String?
    /// When the import happened, recorded as provenance. `SOURCE_DATE_EPOCH` sets it for
    /// reproducible inventories.
    public var importedAt: Date

    public init(account: String? = nil, region: String? = nil, importedAt: Date = Date()) {
        self.account = account
        self.region = region
        self.importedAt = importedAt
    }
}

/// Something the import noticed and worked around; the import still succeeds.
public struct ImportWarning: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var message: String
    public var description: String { file.isEmpty ? message : "\(file): \(message)" }
}

/// Input that cannot be imported. Nothing was written.
public struct ImportError: Error, Sendable, CustomStringConvertible {
    public var file: String
    /// A JSON path such as `$.Subnets[3].VpcId`, or empty when the file as a whole is wrong.
    public var jsonPath: String
    public var message: String

    public var description: String {
        jsonPath.isEmpty ? "\(file): \(message)" : "\(file): \(jsonPath): \(message)"
    }
}

/// How far an import is, for a progress line.
public struct ImportProgress: Sendable {
    public var filesRead: Int
    public var fileCount: Int
    public var stage: String
}

/// What an import did.
public struct ImportSummary: Sendable {
    /// Records written per resource kind (`vpcs`, `subnets`, ...).
    public var counts: [String: Int]
    public var scopes: [Scope]
    public var files: Int
    public var warnings: [ImportWarning]
    /// Where the import's time went (read and parse, decode, write, the final checks), for
    /// `LAMBDA_REACH_TIMINGS`.
    package var stages: [StageClock.Stage] = []
}

/// The import stage: AWS CLI JSON files -> inventory rows, in one transaction.
public struct Importer {
    public let store: InventoryStore
    public var options: ImportOptions
    public var progress: (@Sendable (ImportProgress) -> Void)?
    /// The records per slice of a large document (`FileReader`); nil reads every file whole.
    /// At 256, one account's security groups (2,000 groups, 6 MB) go to the writer in eight
    /// slices, and the import of a one-account organisation takes a quarter less time.
    var sliceRecords: Int? = 256

    public init(
        store: InventoryStore, options: ImportOptions = ImportOptions(),
        progress: (@Sendable (ImportProgress) -> Void)? = nil
    ) {
        self.store = store
        self.options = options
        self.progress = progress
    }

    /// Imports files and directories (recursively, `*.json` and `*.json.gz`). Either everything
    /// lands or nothing: the files are read one at a time and written as they are read, inside
    /// one transaction, so that memory follows the largest file rather than the organisation.
    public func importPaths(_ paths: [String]) throws -> ImportSummary {
        try Self.checkOptions(options)
        var outer = StageClock()
        var warnings: [ImportWarning] = []
        let files = try Self.expand(paths, warnings: &warnings)
        outer.lap("list the files")
        var summary: ImportSummary?
        do {
            try store.write { db in
                // A bulk write: a page cache that holds the growing tables (64 MiB) instead of
                // SQLite's 2 MiB, which re-reads pages from the file for every random-ID insert.
                let cacheSize = try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? -2000
                try db.execute(sql: "PRAGMA cache_size = -65536")
                defer { try? db.execute(sql: "PRAGMA cache_size = \(cacheSize)") }
                var writer = try ImportWriter(db: db, options: options)
                var clock = StageClock()
                try writer.prepareScopes(for: files)
                // The files are read, parsed and decoded on a second thread, a file or two
                // ahead of this one, which writes them in the same order: the write is the
                // longer half, and the other core would sit idle.
                let options = options
                let reader = FileReader(files: files, sliceRecords: sliceRecords) { file in
                    // Slices are documents of their own: only where the scope does not depend on
                    // what each one holds (the import's options or the folders name it).
                    let folder = ImportPlan.folderHints(file)
                    return (options.account ?? folder.account) != nil && (options.region ?? folder.region) != nil
                }
                defer { reader.stop() }
                clock.lap("write")
                for (index, file) in files.enumerated() {
                    progress?(ImportProgress(filesRead: index, fileCount: files.count, stage: "reading \(file)"))
                    var continues = true
                    while continues {
                        let read = reader.next()
                        clock.lap("writer waits for the reader")
                        continues = read.continues
                        warnings += read.warnings
                        for document in try read.documents.get() { try writer.add(document, file: file) }
                        reader.recycle(read)
                        clock.lap("write")
                    }
                }
                progress?(
                    ImportProgress(filesRead: files.count, fileCount: files.count, stage: "checking the inventory"))
                summary = try writer.finish(fileCount: files.count)
                clock.lap("finish")
                reader.stop()
                _ = consume writer
                clock.lap("free the writer's maps")
                outer.include(reader.stages + clock.stages)
            }
            outer.lap("commit")
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
        guard var result = summary else {
            throw ImportError(file: store.path, jsonPath: "", message: "nothing was written")
        }
        result.warnings = warnings + result.warnings.filter { !warnings.contains($0) }
        result.stages = outer.stages
        return result
    }

    /// The documents of one file: read (gunzipped), parsed, decoded. An AWS Config file is one
    /// document per account and region of its items.
    static func documents(of file: String, warnings: inout [ImportWarning]) throws -> [ParsedDocument] {
        var clock = StageClock()
        var tree: JSONValue?
        return try documents(of: file, warnings: &warnings, clock: &clock, tree: &tree)
    }

    /// `documents(of:warnings:)`, timing its stages on `clock`, and handing the parsed JSON to
    /// `tree` rather than freeing it: the reading thread frees it after the writer has the
    /// documents (freeing a large file's tree of small values takes as long as decoding it).
    static func documents(
        of file: String, warnings: inout [ImportWarning], clock: inout StageClock, tree: inout JSONValue?,
        slicing: ParsedDocument.Slicing? = nil
    ) throws -> [ParsedDocument] {
        var bytes = try readRegularFile(file)
        if Gzip.isCompressed(bytes) {
            // An AWS Config snapshot as S3 delivers it.
            do {
                bytes = try Gzip.decompress(bytes)
            } catch {
                throw ImportError(file: file, jsonPath: "", message: "is gzip-compressed, but \(error.message)")
            }
        }
        let parsed: JSONDocument
        do {
            parsed = try JSONParser.parseDocument(bytes)
        } catch {
            let message: String
            switch error.kind {
            case .syntax: message = "is not valid JSON: \(error)"
            case .encoding: message = "is not readable text: \(error)"
            case .content: message = "\(error)"
            }
            throw ImportError(file: file, jsonPath: error.pathText, message: message)
        }
        clock.lap("read and parse")
        defer {
            tree = parsed.value
            clock.lap("decode")
        }
        for duplicate in parsed.duplicateKeys {
            warnings.append(
                ImportWarning(
                    file: file,
                    message:
                        "\(duplicate.pathText): the key \"\(duplicate.path.last ?? "")\" appears more than once in one object; the last one is used (as python's json and jq do)"
                ))
        }
        if ConfigTranslation.isConfigDocument(parsed.value) {
            return try ConfigTranslation.documents(file: file, value: parsed.value, warnings: &warnings)
        }
        return [try ParsedDocument.decode(file: file, value: parsed.value, warnings: &warnings, slicing: slicing)]
    }

    /// `--account` and `--region` become part of every row's scope and of the folder names
    /// collect writes: they must be what AWS names accounts and regions.
    static func checkOptions(_ options: ImportOptions) throws {
        if let account = options.account, !ValueForm.account.accepts(account) {
            throw ImportError(
                file: "--account", jsonPath: "",
                message: "expected \(ValueForm.account.expected), found \(Shown.text(account))")
        }
        if let region = options.region, !ValueForm.region.accepts(region) {
            throw ImportError(
                file: "--region", jsonPath: "",
                message: "expected \(ValueForm.region.expected), found \(Shown.text(region))")
        }
    }

    /// The files named, with directories expanded to the `.json` files below them, sorted so
    /// that the same tree always imports in the same order.
    ///
    /// Symbolic links are followed, to files and to folders (an export folder is often a link
    /// to where the exports really are). A link to a folder that is being read already (one
    /// of its own parents: a cycle) is not followed, with a warning; a file reached twice, by
    /// a link and by its own path, is read once.
    static func expand(_ paths: [String], warnings: inout [ImportWarning]) throws -> [String] {
        var files: [String] = []
        for path in paths {
            var status = stat()
            guard stat(path, &status) == 0 else {
                let reason = errno == ENOENT ? "no such file or directory" : String(cString: strerror(errno))
                throw ImportError(file: path, jsonPath: "", message: reason)
            }
            if status.st_mode & S_IFMT == S_IFDIR {
                var found: [String] = []
                try walk(path, ancestors: [], found: &found, warnings: &warnings)
                files += found.sorted()
            } else {
                files.append(path)
            }
        }
        var seen = Set<String>()
        return files.filter { seen.insert(realPath($0)).inserted }
    }

    /// `path` with every symbolic link in it resolved (`realpath(3)`), or `path` itself when it
    /// cannot be resolved. One call per file: Foundation's `resolvingSymlinksInPath` took 12 µs
    /// a file, half of listing a 2,120-file organisation (46 ms, 21 ms now).
    static func realPath(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Adds the `.json` files below `folder` to `found`; `ancestors` are the real paths of the
    /// folders being read, outermost first.
    private static func walk(
        _ folder: String, ancestors: [String], found: inout [String], warnings: inout [ImportWarning]
    ) throws {
        let real = realPath(folder)
        if ancestors.contains(real) {
            warnings.append(
                ImportWarning(
                    file: folder,
                    message:
                        "a symbolic link to \(real), a folder this import is already reading (a cycle): not followed"))
            return
        }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder)
        } catch {
            throw ImportError(file: folder, jsonPath: "", message: "cannot be read: \(error.localizedDescription)")
        }
        for name in names.sorted() {
            let full = (folder as NSString).appendingPathComponent(name)
            var status = stat()
            // A dangling link is not a file to import: one that ends in .json is an error,
            // like a named file that does not exist.
            guard stat(full, &status) == 0 else {
                if name.lowercased().hasSuffix(".json") {
                    throw ImportError(
                        file: full, jsonPath: "",
                        message: "cannot be read: \(String(cString: strerror(errno))) (a broken symbolic link?)")
                }
                continue
            }
            if status.st_mode & S_IFMT == S_IFDIR {
                try walk(full, ancestors: ancestors + [real], found: &found, warnings: &warnings)
            } else if name.lowercased().hasSuffix(".json") || name.lowercased().hasSuffix(".json.gz") {
                // `.json.gz`: AWS Config snapshots as S3 delivers them.
                found.append(full)
            }
        }
    }

    /// The bytes of `file`, which must be a regular file. It is opened without blocking and
    /// checked before it is read, so that a FIFO named `*.json` is reported rather than read
    /// for ever.
    static func readRegularFile(_ file: String) throws -> [UInt8] {
        let descriptor = open(file, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw ImportError(file: file, jsonPath: "", message: "cannot be read: \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            throw ImportError(file: file, jsonPath: "", message: "cannot be read: \(String(cString: strerror(errno)))")
        }
        let type = status.st_mode & S_IFMT
        guard type == S_IFREG else {
            let what: String
            switch type {
            case S_IFIFO: what = "a FIFO (named pipe)"
            case S_IFSOCK: what = "a socket"
            case S_IFCHR: what = "a character device"
            case S_IFBLK: what = "a block device"
            case S_IFDIR: what = "a folder"
            default: what = "not a regular file"
            }
            throw ImportError(
                file: file, jsonPath: "",
                message:
                    "is \(what), not a regular file: lambda-reach imports files (save the output to a file first)")
        }
        var bytes = [UInt8](repeating: 0, count: Int(status.st_size))
        var total = 0
        while true {
            if total == bytes.count { bytes.append(contentsOf: [UInt8](repeating: 0, count: 65536)) }
            let count = bytes.withUnsafeMutableBytes { buffer in
                read(descriptor, buffer.baseAddress! + total, buffer.count - total)
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw ImportError(
                    file: file, jsonPath: "", message: "cannot be read: \(String(cString: strerror(errno)))")
            }
            if count == 0 { break }
            total += count
        }
        bytes.removeSubrange(total...)
        return bytes
    }
}

/// One group's rules as one file lists them.
struct RuleGroup {
    var groupId: String
    var rules: [SecurityGroupRuleValue]
}

/// One file, decoded: its records and what it says about its account and region.
struct ParsedDocument {
    var file: String
    var key: String
    var records: [ResourceRecord] = []
    /// The security-group rules this file lists, by group in the order the groups first
    /// appear, each group's without repeats (`ImportWriter.merged`). They are gathered here,
    /// on the reading thread: the writer would otherwise hash every rule (hundreds of
    /// thousands in an organisation) on the thread that SQLite keeps busy.
    private(set) var ruleGroups: [RuleGroup] = []
    /// The position in `ruleGroups` of each group, for `addRules`.
    private var ruleGroupIndex: [String: Int] = [:]
    var attributes: [(vpcId: String, attribute: String, value: Bool)] = []
    var accountHints: [String] = []
    var regionHints: [String] = []
    /// The regions the data names outright (availability zones, ARNs), without those only an
    /// endpoint's or prefix list's service name gives (an endpoint may serve another region's
    /// service): what a file of the same folder that names none is taken to be in.
    var namedRegions: Set<String> = []
    var isIAM = false
    /// The account and region the data itself names for every record (an AWS Config item's
    /// accountId and awsRegion): it wins over folder names and hints.
    var fixedScope: Scope?
    /// Read from AWS Config rather than a describe call.
    var isConfig = false
    /// What decoding noticed and worked around (merged repeats, left-out records).
    var warnings: [ImportWarning] = []
    /// Published versions of functions (`...:function:NAME:3`), which list-functions prints
    /// with `--function-version ALL`: left out, and said once for the file.
    var publishedVersions: [String] = []
    /// The kinds this document replaces as a whole in its scope, even when it lists nothing:
    /// an export with `{"Functions": []}` says the scope has no functions any more.
    var replacedKinds: Set<ResourceKind> = []
    /// The region of each availability zone seen, for `hint(zone:)`.
    private var regionsByZone: [String: String?] = [:]
    /// The position in `records` of each DB subnet group's latest copy, for `add`.
    private var subnetGroups: [String: Int] = [:]
    /// A slice after the first of one file's document (`takeSlice()`): the file's provenance
    /// adds up its slices, and its folder counts once.
    var isContinuation = false
    /// Set while a large document is decoded in slices.
    private var slicing: Slicing?

    /// Top-level keys that carry paging or data we do not need; skipped without a warning.
    /// (`AdditionalRoutesAvailable` false: search-transit-gateway-routes listed every route; when
    /// true it is read, `decodeTransitGatewayRouteTableCall`.)
    static let quietKeys: Set<String> = [
        "NextToken", "Marker", "IsTruncated", "ResponseMetadata", "UserDetailList", "GroupDetailList", "NextMarker",
        "AdditionalRoutesAvailable", "MaxResults", "MaxItems",
    ]

    /// The documents of AWS CLI outputs that may be decoded in slices (`Slicing`): a large
    /// describe-security-groups output, two-thirds of an organisation's export, alone in its
    /// file. Its records are independent of each other (a group listed twice is its later copy
    /// either way), and it replaces one kind: a slice is what another file of the kind would be.
    static let sliceableKey = DocumentKind.securityGroups.key

    static func decode(
        file: String, value: JSONValue, warnings: inout [ImportWarning], slicing: Slicing? = nil
    ) throws -> ParsedDocument {
        guard case .object(let object) = value else {
            throw ImportError(
                file: file, jsonPath: "$",
                message: "expected an object as the AWS CLI prints it (e.g. {\"Vpcs\": [...]}), found \(value.typeName)"
            )
        }
        let fields = Fields(object: object)
        var document = ParsedDocument(file: file, key: "")
        if let slicing, object[sliceableKey] != nil,
            fields.keys.allSatisfy({ $0 == sliceableKey || quietKeys.contains($0) })
        {
            // What `fill` finds at the end, known now for the slices before it.
            document.key = sliceableKey
            document.replacedKinds = Set(DocumentKind.replaced(byKey: sliceableKey))
            document.slicing = slicing
        }
        do {
            try document.fill(fields, warnings: &warnings)
        } catch let error as ShapeError {
            throw ImportError(file: file, jsonPath: error.pathText, message: error.message)
        }
        warnings += document.warnings
        if let page = pageMarker(object) {
            // The pages of one prefix list's entries are merged (`ImportWriter.write`): what the
            // file lacks is only the pages the import does not hold.
            let lists = document.records.filter { $0.kind == .prefixListEntries }.map(\.id)
            warnings.append(
                ImportWarning(
                    file: file,
                    message: !lists.isEmpty && lists.count == document.records.count
                        ? "\(page) is set: this file is one page of \(lists.joined(separator: ", "))'s entries. The entries of every page of it in this import are merged; a page that is not in the import is missing, and the addresses on it are taken to be outside the list. Export without --max-items or --no-paginate: the AWS CLI then fetches every page."
                        : "\(page) is set: this file is one page of a longer listing, and the resources of the other pages are not in it (and, for a kind that replaces its scope, are removed from the inventory). Export without --max-items or --no-paginate: the AWS CLI then fetches every page."
                ))
        }
        document.slicing = nil
        document.mergeRules()
        return document
    }

    /// The key that says a listing goes on in another page (`NextToken`, Lambda's `NextMarker`,
    /// RDS's `Marker`, IAM's `IsTruncated`), when one does.
    static func pageMarker(_ object: JSONObject) -> String? {
        for key in ["NextToken", "NextMarker", "Marker"] {
            if case .string(let token) = object[key], !token.isEmpty { return key }
        }
        if case .bool(true) = object["IsTruncated"] { return "IsTruncated" }
        return nil
    }

    /// Each listing's rules without repeats (`ImportWriter.merged`).
    mutating func mergeRules() {
        for index in ruleGroups.indices { ruleGroups[index].rules = ImportWriter.merged(ruleGroups[index].rules) }
    }

    /// How a large document is handed to the writer in slices while the rest decodes: `emit`
    /// takes each slice of `size` records (see `FileReader`).
    struct Slicing {
        let size: Int
        let emit: (ParsedDocument) -> Void
    }

    /// The records decoded so far, with their rules and hints, as a document of their own: the
    /// writer takes it as it takes another file of the same kind and scope. This document goes
    /// on with the rest, as a continuation.
    mutating func takeSlice() -> ParsedDocument {
        var slice = self
        slice.slicing = nil
        slice.warnings = []
        slice.mergeRules()
        records = []
        removeRules()
        accountHints = []
        regionHints = []
        namedRegions = []
        subnetGroups = [:]
        isContinuation = true
        return slice
    }

    /// Files the rules of one listing of group `groupId` (describe-security-groups): each
    /// listing keeps its own, so that a group listed twice is its later copy, rules and all.
    mutating func addRules(_ rules: [SecurityGroupRuleValue], of groupId: String) {
        ruleGroupIndex[groupId] = ruleGroups.count
        ruleGroups.append(RuleGroup(groupId: groupId, rules: rules))
    }

    /// Files one rule of describe-security-group-rules under its group.
    mutating func addRule(_ rule: SecurityGroupRuleValue) {
        if let index = ruleGroupIndex[rule.groupId] {
            ruleGroups[index].rules.append(rule)
        } else {
            addRules([rule], of: rule.groupId)
        }
    }

    /// Drops the rules, for a document whose rules have been written.
    mutating func removeRules() {
        ruleGroups = []
        ruleGroupIndex = [:]
    }

    mutating func add(_ record: ResourceRecord, origin: String) {
        // Every database of a DB subnet group embeds the whole group: the same record once per
        // database. The copies after the first that are the same add nothing, and the writer
        // would replace the group with each (a delete and an insert per database): they are
        // dropped here, on the reading thread. A copy that differs still reaches the writer,
        // whose later copy wins as before.
        if record.kind == .dbSubnetGroups {
            if let first = subnetGroups[record.id], records[first].rows.elementsEqual(record.rows, by: Row.sameValues) {
                return
            }
            subnetGroups[record.id] = records.count
        }
        var record = record
        record.origin = "\(file) \(origin)"
        for note in record.notes {
            let path = note.path.hasPrefix("[") ? "\(origin)\(note.path)" : "\(origin).\(note.path)"
            warnings.append(ImportWarning(file: file, message: "\(path): \(note.message)"))
        }
        records.append(record)
    }

    mutating func each(
        _ fields: Fields, _ key: String, _ body: (inout ParsedDocument, Fields, String) throws -> Void
    ) throws {
        // The document's own list: null is not "none" (importing it would replace the scope's
        // resources of that kind with nothing, every network ACL gone, say).
        guard let value = fields.object[key] else { return }
        guard case .array(let elements) = value else {
            throw ShapeError(path: [key], expected: "an array", found: value.typeName)
        }
        for (index, element) in elements.enumerated() {
            do {
                try at(key) {
                    try at("[\(index)]") {
                        try body(&self, try Fields(element), "$.\(key)[\(index)]")
                    }
                }
            } catch let skipped as SkippedRecord {
                let path = JSONPath.text([key, "[\(index)]"] + skipped.path)
                warnings.append(ImportWarning(file: file, message: "\(path): \(skipped.reason)"))
            }
            if let slicing, records.count >= slicing.size { slicing.emit(takeSlice()) }
        }
    }

    /// The key that stands for the scope in a database's key (`instance:{scope}:orders`) until
    /// the plan knows the document's scope.
    static let scopeKey = "{scope}"

    /// The key that `lambda-reach collect` adds beside the per-route-table calls' lists.
    static let routeTableIdKey = "TransitGatewayRouteTableId"

    /// The key that `lambda-reach collect` adds beside get-managed-prefix-list-entries' list.
    static let prefixListIdKey = "PrefixListId"

    /// The key that `lambda-reach collect` adds beside describe-db-proxy-targets' list.
    static let proxyNameKey = "DBProxyName"

    /// Reads every kind of `DocumentKind.all` that the document holds, in the table's order.
    mutating func fill(_ fields: Fields, warnings: inout [ImportWarning]) throws {
        var handled = Set<String>()
        func handle(_ key: String) -> Bool {
            guard fields.value(key) != nil || fields.object[key] != nil else { return false }
            handled.insert(key)
            return true
        }
        for kind in DocumentKind.all {
            switch kind.read {
            case .document(let read):
                try read(&self, fields, handle)
            case .elements(let read):
                guard handle(kind.key) else { continue }
                if kind.isGlobal { isIAM = true }
                try each(fields, kind.key) { doc, f, origin in
                    try read(&doc, f, origin)
                    try doc.hint(kind.hints, f)
                }
            }
        }
        if !publishedVersions.isEmpty {
            let count = publishedVersions.count
            let listed = publishedVersions.prefix(5).joined(separator: ", ") + (count > 5 ? ", ..." : "")
            warnings.append(
                ImportWarning(
                    file: file,
                    message:
                        "left out \(count) published version\(count == 1 ? "" : "s") of functions (\(listed)), which `aws lambda list-functions --function-version ALL` lists: lambda-reach analyses each function as it is configured now, its $LATEST (the unqualified function; its VpcConfig is what the next published version gets). A version keeps the VpcConfig it was published with: check one that an alias still routes to with `aws lambda get-function-configuration --function-name NAME --qualifier VERSION`."
                ))
        }
        key = handled.sorted().joined(separator: ",")
        replacedKinds = Set(handled.flatMap { DocumentKind.replaced(byKey: $0) })
        let unknown = fields.keys.filter { !handled.contains($0) && !Self.quietKeys.contains($0) }
        if !unknown.isEmpty {
            let list = unknown.map { "'\($0)'" }.joined(separator: ", ")
            warnings.append(
                ImportWarning(
                    file: file,
                    message: handled.isEmpty
                        ? "skipped: its top-level key\(unknown.count == 1 ? "" : "s") \(list) \(unknown.count == 1 ? "is" : "are") not a resource lambda-reach models"
                        : "skipped top-level key\(unknown.count == 1 ? "" : "s") \(list): not modelled by lambda-reach")
            )
        } else if handled.isEmpty && !fields.keys.isEmpty {
            warnings.append(ImportWarning(file: file, message: "holds no resources lambda-reach models"))
        }
        if fields.keys.isEmpty {
            warnings.append(ImportWarning(file: file, message: "is an empty JSON object"))
        }
    }

    /// get-managed-prefix-list-entries prints only the entries; the list's ID comes from a
    /// `PrefixListId` key that `lambda-reach collect` adds, or from the file name.
    mutating func decodePrefixListEntries(_ fields: Fields) throws {
        var id = try fields.optionalString(Self.prefixListIdKey, .prefixListID)
        if id == nil {
            let name = (file as NSString).lastPathComponent
            if let range = name.range(of: #"pl-[0-9a-f]+"#, options: .regularExpression) { id = String(name[range]) }
        }
        guard let id else {
            throw ShapeError(
                path: [Self.prefixListIdKey],
                expected:
                    "the prefix list's ID (\(DocumentKind.prefixListEntries.call!.operation) prints none: add \"\(Self.prefixListIdKey)\" or name the file after the list)",
                found: "nothing")
        }
        let cidrs = try fields.objects("Entries") { e -> (String, String?) in
            (try e.string("Cidr", .anyCIDR), try e.optionalString("Description", .name))
        }
        var seen = Set<String>()
        let rows = cidrs.filter { seen.insert($0.0).inserted }.map {
            Row.prefixListEntries(prefixListId: id.sql, cidr: $0.0.sql, description: $0.1.sql)
        }
        add(ResourceRecord(kind: .prefixListEntries, id: id, rows: rows, origin: ""), origin: "$.Entries")
    }

    /// describe-stack-resources: one record per stack (a call names one stack, and a file may
    /// hold several when exports are joined), each resource a row.
    mutating func decodeStackResources(_ fields: Fields) throws {
        var order: [String] = []
        var rows: [String: [Row]] = [:]
        let resources = try fields.objects("StackResources") { e -> (String, String?, Row) in
            let stack = try e.string("StackName", .name)
            let row = Row.cloudformationStackResources(
                stackName: stack.sql, logicalResourceId: try e.string("LogicalResourceId", .alphanumeric).sql,
                physicalResourceId: try e.optionalString("PhysicalResourceId").sql,
                resourceType: try e.string("ResourceType", .name).sql,
                resourceStatus: try e.optionalString("ResourceStatus", .name).sql)
            return (stack, try e.optionalString("StackId"), row)
        }
        for (stack, stackId, row) in resources {
            if rows[stack] == nil { order.append(stack) }
            rows[stack, default: []].append(row)
            if let stackId { hint(arn: stackId) }
        }
        for stack in order {
            add(
                ResourceRecord(kind: .cloudFormationStackResources, id: stack, rows: rows[stack]!, origin: ""),
                origin: "$.StackResources")
        }
    }

    /// describe-db-proxy-targets: the databases one RDS proxy connects to. The call prints no
    /// proxy name: it is the `DBProxyName` key that `lambda-reach collect` adds, else the writer
    /// infers it (`ImportWriter.resolveProxyTargets`), and the record's ID stays empty until
    /// then. `Targets` is also the key of other services' lists (EventBridge's
    /// list-targets-by-rule): without the name it is read only when its elements are a
    /// proxy's targets (an RDS field, or an RDS target type).
    mutating func decodeDBProxyTargets(_ fields: Fields, handle: (String) -> Bool) throws {
        let proxyName = try fields.optionalString(Self.proxyNameKey, .rdsIdentifier)
        guard let value = fields.value("Targets") else { return }
        if proxyName == nil {
            guard case .array(let elements) = value, case .object(let first)? = elements.first else { return }
            let rdsKeys = ["RdsResourceId", "TrackedClusterId", "TargetHealth"]
            var isProxyTarget = rdsKeys.contains { first[$0] != nil }
            if case .string(let type)? = first["Type"],
                ["RDS_INSTANCE", "TRACKED_CLUSTER", "RDS_SERVERLESS_ENDPOINT"].contains(type)
            {
                isProxyTarget = true
            }
            guard isProxyTarget else { return }
        }
        if proxyName != nil { _ = handle(Self.proxyNameKey) }
        _ = handle("Targets")
        var arns: [String] = []
        let rows = try fields.objects("Targets") { t -> Row in
            let arn = try t.optionalString("TargetArn", .arn("rds"))
            if let arn { arns.append(arn) }
            let health = try t.optionalObject("TargetHealth")
            return .rdsDbProxyTargets(
                dbProxyName: (proxyName ?? "").sql, ordinal: 0.sql, targetArn: arn.sql,
                endpoint: try t.optionalString("Endpoint", .hostName).sql,
                trackedClusterId: try t.optionalString("TrackedClusterId", .rdsIdentifier, emptyIsAbsent: true).sql,
                rdsResourceId: try t.optionalString("RdsResourceId", .rdsIdentifier, emptyIsAbsent: true).sql,
                port: try t.optionalInt("Port", in: 1...65535).sql,
                type: try t.optionalString("Type", .name).sql, role: try t.optionalString("Role", .name).sql,
                healthState: try at("TargetHealth") { try health?.optionalString("State", .name).sql ?? .null },
                healthReason: try at("TargetHealth") { try health?.optionalString("Reason", .name).sql ?? .null },
                healthDescription: try at("TargetHealth") {
                    try health?.optionalString("Description", .name).sql ?? .null
                })
        }
        var numbered = rows.enumerated().map { ordinal, row in
            var row = row
            row[Schema.RdsDbProxyTargets.ordinal] = (ordinal + 1).sql
            return row
        }
        // A proxy with no target is a row of its own (ordinal 0, no target): what tells it from
        // a proxy whose targets were not exported, whose target is inferred.
        if numbered.isEmpty { numbered = [.rdsDbProxyTargets(dbProxyName: (proxyName ?? "").sql, ordinal: 0.sql)] }
        for arn in arns { hint(arn: arn) }
        add(
            ResourceRecord(kind: .dbProxyTargets, id: proxyName ?? "", rows: numbered, origin: ""),
            origin: "$.Targets")
    }

    /// get-function: the configuration under `Configuration`.
    mutating func decodeFunction(_ fields: Fields) throws {
        let configuration = try at("Configuration") { () throws -> Fields in
            guard let value = fields.value("Configuration") else {
                throw ShapeError(path: [], expected: "an object", found: "null")
            }
            return try Fields(value)
        }
        try at("Configuration") {
            if let version = try Decode.publishedVersion(configuration) {
                publishedVersions.append(version)
                return
            }
            var record = try Decode.function(configuration)
            record.kind = .singleFunction
            add(record, origin: "$.Configuration")
            hint(arn: record.id)
        }
    }

    /// get-capacity-provider: `{"CapacityProvider": {...}}`, which replaces that provider alone.
    mutating func decodeCapacityProvider(_ fields: Fields) throws {
        let provider = try at("CapacityProvider") { () throws -> Fields in
            guard let value = fields.value("CapacityProvider") else {
                throw ShapeError(path: [], expected: "an object", found: "null")
            }
            return try Fields(value)
        }
        try at("CapacityProvider") {
            var record = try Decode.capacityProvider(provider)
            record.kind = .singleCapacityProvider
            add(record, origin: "$.CapacityProvider")
            hint(arn: record.id)
        }
    }

    /// get-function-configuration: the function itself at the top level.
    mutating func decodeFunctionConfiguration(_ fields: Fields) throws {
        if let version = try Decode.publishedVersion(fields) {
            publishedVersions.append(version)
            return
        }
        var record = try Decode.function(fields)
        record.kind = .singleFunction
        add(record, origin: "$")
        hint(arn: record.id)
    }

    /// One of get-transit-gateway-route-table-associations (`Associations`),
    /// get-transit-gateway-route-table-propagations (`TransitGatewayRouteTablePropagations`) and
    /// search-transit-gateway-routes (`Routes`): `key` and the call's `operation`. They print no
    /// route-table ID: it comes from the `TransitGatewayRouteTableId` key that
    /// `lambda-reach collect` adds. `Associations` is also the key of other services' lists
    /// (SSM's list-associations): it is taken as a TGW document only with that key or with
    /// TransitGatewayAttachmentId in its elements. `Routes` is also what
    /// describe-client-vpn-routes and search-local-gateway-routes print: their elements name
    /// their own table, and they stay a skipped key.
    mutating func decodeTransitGatewayRouteTableCall(
        _ key: String, operation: String, _ fields: Fields, handle: (String) -> Bool
    ) throws {
        let routeTableId = try fields.optionalString(Self.routeTableIdKey, .transitGatewayRouteTableID)
        guard let value = fields.value(key) else { return }
        if routeTableId == nil, case .array(let elements) = value {
            switch key {
            case "Associations":
                guard case .object(let first)? = elements.first, first["TransitGatewayAttachmentId"] != nil else {
                    return
                }
            case "Routes":
                let otherTables = elements.contains { element in
                    guard case .object(let route) = element else { return false }
                    return route["ClientVpnEndpointId"] != nil || route["LocalGatewayRouteTableId"] != nil
                }
                if otherTables { return }
            default: break
            }
        } else if routeTableId == nil && key == "Associations" {
            return
        }
        guard let routeTableId else {
            throw ShapeError(
                path: [Self.routeTableIdKey],
                expected:
                    "the transit gateway route table's ID beside \"\(key)\" (\(operation) prints none: add \"\(Self.routeTableIdKey)\": \"tgw-rtb-...\" at the top level, as lambda-reach collect does)",
                found: "nothing")
        }
        _ = handle(Self.routeTableIdKey)
        _ = handle(key)
        let record =
            key == "Routes"
            ? try Self.transitGatewayRoutes(fields, routeTableId: routeTableId)
            : try Self.transitGatewayLinks(fields, key, routeTableId: routeTableId)
        add(record, origin: "$.\(key)")
        // search-transit-gateway-routes has no paging: past --max-results (1,000 at most, the
        // default) it says only that more routes exist. The routes listed are real; a route
        // that is not listed may exist, so the answers hold no "no route" there for certain.
        if key == "Routes", try fields.optionalBool(Self.additionalRoutesKey) == true {
            _ = handle(Self.additionalRoutesKey)
            warnings.append(
                ImportWarning(
                    file: file,
                    message:
                        "$.\(Self.additionalRoutesKey): \(routeTableId) has more routes than this \(operation) output lists (it returns at most 1,000, fewer with --max-results, and has no further pages): a route it does not list may exist, so answers that need a route of \(routeTableId) the output lacks say the path is not known. Export the rest with narrower filters, each into its own file, and import them together (the routes of one table in one import are merged): `aws ec2 \(operation) --transit-gateway-route-table-id \(routeTableId) --filters Name=type,Values=static` and `Name=type,Values=propagated`, or by destination (`Name=route-search.subnet-of-match,Values=10.0.0.0/8`), and `--max-results 1000`."
                ))
        }
    }

    /// search-transit-gateway-routes' flag for a table with more routes than it returned.
    static let additionalRoutesKey = "AdditionalRoutesAvailable"

    /// The associations or propagations of one TGW route table, as the record that replaces them.
    static func transitGatewayLinks(_ fields: Fields, _ listKey: String, routeTableId: String) throws
        -> ResourceRecord
    {
        let isPropagation = listKey != "Associations"
        var seen = Set<String>()
        let rows = try fields.objects(listKey) {
            try Decode.transitGatewayRouteTableLink($0, isPropagation: isPropagation, routeTableId: routeTableId)
        }.filter { seen.insert($0.attachmentId).inserted }.map(\.row)
        return ResourceRecord(
            kind: isPropagation ? .transitGatewayPropagations : .transitGatewayAssociations, id: routeTableId,
            rows: rows,
            origin: "")
    }

    /// The routes of one TGW route table, numbered in the order printed. Each row carries the
    /// output's `AdditionalRoutesAvailable` (true: the table has routes the call did not return).
    static func transitGatewayRoutes(_ fields: Fields, routeTableId: String) throws -> ResourceRecord {
        let routes = try fields.objects("Routes") { try Decode.transitGatewayRoute($0, routeTableId: routeTableId) }
        let truncated = try fields.optionalBool(additionalRoutesKey) ?? false
        let rows = routes.flatMap { $0 }.enumerated().map { ordinal, row in
            var row = row
            row[Schema.TransitGatewayRoutes.ordinal] = (ordinal + 1).sql
            if truncated { row[Schema.TransitGatewayRoutes.additionalRoutesAvailable] = true.sql }
            return row
        }
        // A route's block may be IPv6 (transit gateways route both families): the solver follows
        // those for IPv6 questions as it does IPv4 ones for IPv4 questions.
        return ResourceRecord(kind: .transitGatewayRoutes, id: routeTableId, rows: rows, origin: "")
    }

    /// Records what the element `f` says about the document's account and region, as `hints`
    /// tell where to look (after the element's record was added).
    mutating func hint(_ hints: [DocumentKind.ScopeHint], _ f: Fields) throws {
        for place in hints {
            switch place {
            case .account(let key): hint(account: try f.optionalString(key, .account))
            case .zone(let key): hint(zone: try f.optionalString(key, .availabilityZone))
            case .arn(let key, let service): hint(arn: try f.optionalString(key, .arn(service)))
            case .recordARN: hint(arn: records.last?.id)
            case .regionInName(let key, let prefixes):
                // `com.amazonaws.us-east-1.s3`: the region is the third part.
                guard let name = try f.optionalString(key) else { continue }
                let parts = name.split(separator: ".")
                if parts.count >= 4, prefixes.contains(String(parts[0])), AWSSyntax.isRegion(parts[2]) {
                    regionHints.append(String(parts[2]))
                }
            }
        }
    }

    /// Records what a value says about the document's account and region. The values have
    /// been checked (an account is 12 digits, an ARN's region is a region name), so that a
    /// scope, which names folders and commands, is never made of anything else.
    mutating func hint(account: String? = nil, zone: String? = nil, arn: String? = nil) {
        if let account, AWSSyntax.isAccount(account) { accountHints.append(account) }
        if let zone, let region = region(fromZone: zone) {
            regionHints.append(region)
            namedRegions.insert(region)
        }
        if let arn, let parts = AWSSyntax.arnParts(arn) {
            if !parts.region.isEmpty {
                regionHints.append(String(parts.region))
                namedRegions.insert(String(parts.region))
            }
            if AWSSyntax.isAccount(String(parts.account)) { accountHints.append(String(parts.account)) }
        }
    }

    /// `region(fromZone:)`, worked out once per zone: a document names the same few zones
    /// thousands of times, and the regular expression costs more than the rest of a record.
    private mutating func region(fromZone zone: String) -> String? {
        if let known = regionsByZone[zone] { return known }
        let region = Self.region(fromZone: zone)
        regionsByZone.updateValue(region, forKey: zone)
        return region
    }

    /// `us-east-1a` -> `us-east-1`; local and wavelength zones keep their region prefix.
    static func region(fromZone zone: String) -> String? {
        guard let match = zone.range(of: #"^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d+"#, options: .regularExpression) else {
            return nil
        }
        return String(zone[match])
    }
}

/// Reads, parses and decodes an import's files, in order, on a thread of its own, ahead of the
/// writer that takes them (`next()`), by at most `aheadFiles` files and `aheadBytes` bytes of
/// input (and always by one file, however large): memory stays bounded by a few large files.
/// The file bound is loose on purpose: a run of small files (the VPC attributes, one per VPC)
/// costs the reader more per file than the writer, and a reader held back by a file count
/// left the writer waiting at every account's large security-group file (0.45 s of a 2.6 s
/// import at 1,000 VPCs with 16 files; 0.13 s with 1,024). The first file that fails ends the reading;
/// its error reaches the writer in its turn, so an import reports the same first error as one
/// that reads and writes file by file.
final class FileReader: @unchecked Sendable {
    /// One file's documents, or why it could not be read, and what reading it warned about.
    struct Read {
        var documents: Result<[ParsedDocument], any Error>
        var warnings: [ImportWarning]
        /// More of the same file follows: this is a slice of a large document.
        var continues = false
    }

    // Everything below is guarded by `condition`.
    private let condition = NSCondition()
    private var queue: [(read: Read, bytes: Int)] = []
    private var queuedBytes = 0
    private var stopped = false
    private var finished = false
    private var clockStages: [StageClock.Stage] = []
    /// Files the writer is done with, freed on this thread (`recycle(_:)`).
    private var spent: [Read] = []

    /// `sliceRecords`: a large document of a file that `canSlice` accepts goes to the writer in
    /// slices of this many records while the rest decodes (`ParsedDocument.Slicing`), so that
    /// one file that is most of an import (one account's security groups) is written while it
    /// is still being read; nil reads every file whole.
    init(
        files: [String], aheadFiles: Int = 1024, aheadBytes: Int = 16 << 20, sliceRecords: Int? = nil,
        canSlice: @escaping @Sendable (String) -> Bool = { _ in false }
    ) {
        let thread = Thread { [self] in
            var clock = StageClock(thisThreadOnly: true)
            for file in files {
                var status = stat()
                let bytes = stat(file, &status) == 0 ? Int(status.st_size) : 0
                condition.lock()
                while !queue.isEmpty && (queue.count >= aheadFiles || queuedBytes + bytes > aheadBytes) && !stopped {
                    condition.wait()
                }
                let stop = stopped
                freeSpent(&clock)
                if stop { break }
                var warnings: [ImportWarning] = []
                var tree: JSONValue?
                let slicing = sliceRecords.flatMap { size in
                    canSlice(file)
                        ? ParsedDocument.Slicing(size: size) { [self] slice in
                            publish(Read(documents: .success([slice]), warnings: [], continues: true), bytes: 0)
                        } : nil
                }
                let documents = Result {
                    try Importer.documents(
                        of: file, warnings: &warnings, clock: &clock, tree: &tree, slicing: slicing)
                }
                publish(Read(documents: documents, warnings: warnings), bytes: bytes)
                // The writer may start on this file now: its JSON is freed meanwhile.
                tree = nil
                clock.lap("free the parsed JSON")
                if case .failure = documents { break }
            }
            // The last files the writer writes are freed here too, until it stops.
            condition.lock()
            while !stopped {
                if spent.isEmpty {
                    condition.wait()
                    continue
                }
                freeSpent(&clock)
                condition.lock()
            }
            clockStages = clock.stages
            finished = true
            condition.broadcast()
            condition.unlock()
        }
        thread.name = "lambda-reach import reader"
        thread.start()
    }

    /// The next file's documents, waiting for them. Called once per file, in order.
    func next() -> Read {
        condition.lock()
        defer { condition.unlock() }
        while queue.isEmpty { condition.wait() }
        let (read, bytes) = queue.removeFirst()
        queuedBytes -= bytes
        condition.broadcast()
        return read
    }

    /// Hands back a file the writer has written, to be freed on the reading thread: its
    /// records, rows and strings are hundreds of thousands of small allocations, and freeing
    /// them was a fourteenth of the writing thread's time, on the busier core.
    func recycle(_ read: consuming Read) {
        condition.lock()
        defer { condition.unlock() }
        if stopped { return }
        spent.append(read)
        condition.broadcast()
    }

    /// Queues `read` for the writer.
    private func publish(_ read: Read, bytes: Int) {
        condition.lock()
        queue.append((read, bytes))
        queuedBytes += bytes
        condition.broadcast()
        condition.unlock()
    }

    /// Frees what the writer handed back (`recycle(_:)`), on this thread: called with
    /// `condition` locked, it unlocks it, and charges the time before to waiting.
    private func freeSpent(_ clock: inout StageClock) {
        let garbage = spent
        spent = []
        condition.unlock()
        clock.lap("reader waits for the writer")
        Self.free(garbage)
        clock.lap("free what the writer wrote")
    }

    /// Ends the last reference to `reads` here, on the calling thread.
    private static func free(_ reads: consuming [Read]) { _ = consume reads }

    /// Stops the reading after the file in hand and waits for the thread to end: nothing of
    /// the import outlives it. Calling it again does nothing.
    func stop() {
        condition.lock()
        defer { condition.unlock() }
        stopped = true
        condition.broadcast()
        while !finished { condition.wait() }
    }

    /// The reader's stages (read and parse, decode), its own thread's CPU time: known once
    /// `stop()` returned.
    var stages: [StageClock.Stage] {
        condition.lock()
        defer { condition.unlock() }
        return clockStages
    }
}
