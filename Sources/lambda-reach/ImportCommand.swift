import ArgumentParser
import Foundation
import ReachInventory
import ReachReport

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import AWS CLI JSON exports (files or folders) into the inventory.",
        discussion: """
            Each file is recognised by its top-level key (Vpcs, Subnets, RouteTables, ..., Functions, \
            DBInstances, RoleDetailList), never by its name. A name gives one fact only: the ID of the \
            prefix list whose entries a get-managed-prefix-list-entries output holds (Entries), which that \
            call does not print, is read from a pl-... in the file's name when the file has no PrefixListId \
            key (collect adds one). Folders are read recursively (*.json). \
            Account and region come from ARNs, owner IDs, availability zones and folder names such as \
            123456789012/us-east-1/, unless --account/--region say otherwise. Re-importing a kind of \
            resource for an account and region replaces it. Nothing is written unless everything imports.

              aws ec2 describe-subnets > exports/subnets.json
              lambda-reach import exports/
            """)

    @OptionGroup var inventory: InventoryOptions

    @Option(help: "The AWS account ID the files belong to (overrides what the data says).")
    var account: String?

    @Option(help: "The region the files belong to (overrides what the data says).")
    var region: String?

    @Argument(help: "JSON files or folders of them.")
    var paths: [String]

    func validate() throws {
        if let account, account.count != 12 || !account.allSatisfy(\.isNumber) {
            throw ValidationError("--account takes a 12-digit AWS account ID")
        }
    }

    func run() throws {
        let interactive = isatty(STDERR_FILENO) == 1
        try reportingErrors {
            var timings = Timings()
            // A refused import into a file it created leaves no file: an empty inventory left
            // behind would read as an account with nothing in it (an audit that passes).
            let created = !FileManager.default.fileExists(atPath: inventory.path)
            var options = ImportOptions(account: account, region: region)
            if let epoch = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"].flatMap(Double.init) {
                options.importedAt = Date(timeIntervalSince1970: epoch)
            }
            // A progress line only on a terminal, and only when there is enough to wait for.
            let showProgress: @Sendable (ImportProgress) -> Void = { progress in
                guard progress.fileCount > 20 else { return }
                let line = "[\(progress.filesRead)/\(progress.fileCount)] \(progress.stage)"
                Output.standardError("\r" + String(Terminal.escaped(line).prefix(100)) + "\u{1B}[K")
            }
            let summary: ImportSummary
            do {
                summary = try Self.importPaths(
                    paths, into: inventory.path, options: options, progress: interactive ? showProgress : nil,
                    timings: &timings)
            } catch {
                if created {
                    for suffix in ["", "-wal", "-shm", "-journal"] {
                        try? FileManager.default.removeItem(atPath: inventory.path + suffix)
                    }
                }
                throw error
            }
            timings.record(summary.stages)
            defer { timings.report() }
            // From here on the inventory holds the import: a report that cannot be written
            // says so, and that the import itself is done.
            Output.completedWork = "the import into \(Terminal.escaped(inventory.path)) is committed"
            if interactive { Output.standardError("\r\u{1B}[K") }
            for warning in summary.warnings { printWarning(warning.description) }
            var out =
                "Imported \(summary.files) file\(summary.files == 1 ? "" : "s") into \(Terminal.escaped(inventory.path))"
            out +=
                summary.scopes.isEmpty
                ? "\n" : " (\(summary.scopes.map { Terminal.escaped($0.description) }.joined(separator: ", ")))\n"
            for (kind, count) in summary.counts.sorted(by: { $0.key < $1.key }) {
                out += "  \(kind.padding(toLength: 30, withPad: " ", startingAt: 0)) \(count)\n"
            }
            if !summary.warnings.isEmpty {
                out += "\(summary.warnings.count) warning\(summary.warnings.count == 1 ? "" : "s") (on stderr)\n"
            }
            emit(out)
            timings.lap("report")
        }
    }

    /// The import, with the inventory open for it alone: closed when this returns, so that a
    /// refused import's file can be removed.
    static func importPaths(
        _ paths: [String], into path: String, options: ImportOptions,
        progress: (@Sendable (ImportProgress) -> Void)?, timings: inout Timings
    ) throws -> ImportSummary {
        let store = try InventoryStore(path: path, create: true)
        timings.lap("open the inventory")
        return try Importer(store: store, options: options, progress: progress).importPaths(paths)
    }
}
