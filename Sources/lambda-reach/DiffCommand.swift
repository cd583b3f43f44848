import ArgumentParser
import Foundation
import ReachCore
import ReachInventory
import ReachReport

struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract:
            "What a change does: the verdicts that move between two inventories, with the components that caused it.",
        discussion: """
            OLD and NEW are inventories or folders of AWS CLI exports (imported in memory). --template and --plan \
            lay templates and Terraform plans over NEW, as `query` does. Every function of both sides is audited against the same \
            targets (the audit's defaults, or --targets); only the verdicts that change are printed \
            (function, target, subnet), each with the components of either path that changed, then the \
            configuration findings that appear or go away.

              lambda-reach diff before.sqlite after.sqlite
              lambda-reach diff exports-monday/ exports-tuesday/ --format json
              lambda-reach diff inventory.sqlite inventory.sqlite --template network.yaml

            Exit status: 0 nothing got worse, 1 a verdict moved toward unreachable (reachable to partial \
            or unreachable, partial to unreachable) or a finding at or above --fail-on appeared, 2 error, \
            64 bad arguments.
            """)

    @Argument(help: ArgumentHelp("The inventory (or exports folder) before the change.", valueName: "old"))
    var old: String

    @Argument(help: ArgumentHelp("The inventory (or exports folder) after it.", valueName: "new"))
    var new: String

    @OptionGroup var templates: TemplateArguments

    @OptionGroup var selection: SelectionOptions

    @Option(
        help:
            "Output format: text (for people), json (for scripts: docs/diff.md) or sarif (the regressions only, for code scanning)."
    )
    var format: DiffFormat = .text

    @Option(help: "Exit with status 1 when a finding at or above this severity appears: error, warning or never.")
    var failOn: AuditCommand.FailOnChoice = .error

    func run() throws {
        var overlay: TemplateOverlay?
        let (diff, sides, location) = try reportingErrors {
            () throws -> (ReachabilityDiff, (DiffSide, DiffSide), String) in
            let (before, beforeWarnings) = try InventoryStore.opening(inventoryOrExports: old)
            var (after, afterWarnings) = try InventoryStore.opening(inventoryOrExports: new)
            for warning in beforeWarnings + afterWarnings { printWarning(warning.description) }
            var location = new
            if let laid = try templates.overlay(over: after) {
                for note in laid.notes { printNote(note) }
                after = laid.store
                location = templates.firstSource ?? new
                overlay = laid
            }
            let request = try selection.request(
                naming: { overlay?.target($0) ?? $0 }, function: { overlay?.functionAliases[$0] ?? $0 })
            let (diff, oldSide, newSide) = try Reachability.diff(old: before, new: after, request: request)
            return (diff, (oldSide, newSide), location)
        }
        emit(
            DiffReport.render(
                diff, format: format, failOn: failOn.threshold, new: sides.1.network, location: location,
                style: .forStandardOutput(), locate: { overlay?.locate($0) ?? $0 }))
        // As audit does: the process ends while the two networks are still referenced, so the
        // kernel takes their memory back at once instead of it being freed object by object.
        withExtendedLifetime((diff, sides)) { Foundation.exit(diff.isWorse(failOn: failOn.threshold) ? 1 : 0) }
    }
}

extension DiffFormat: ExpressibleByArgument {}
