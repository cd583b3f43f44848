import ArgumentParser
import Foundation
import ReachCore
import ReachInventory
import ReachReport

/// `--template` and what goes with it, shared by `query`, `why` and `audit`: templates laid
/// over the inventory for the run (the inventory file is not changed).
struct TemplateArguments: ParsableArguments {
    @Option(
        name: .customLong("template"),
        help: ArgumentHelp(
            "A CloudFormation or SAM template (JSON or YAML) or a CDK cloud assembly folder (cdk.out), laid over the inventory for this run. Repeatable; without --db (or LAMBDA_REACH_DB) the templates alone are the network.",
            valueName: "path"))
    var templates: [String] = []

    @Option(
        name: .customLong("plan"),
        help: ArgumentHelp(
            "The JSON of `terraform show -json PLANFILE`, laid over the inventory for this run: the account as it will be after apply. Repeatable.",
            valueName: "plan.json"))
    var plans: [String] = []

    @Option(
        name: .customLong("parameter"),
        help: ArgumentHelp(
            "A template parameter's value (a list parameter as KEY=a,b). Repeatable; wins over --parameters.",
            valueName: "KEY=VALUE"))
    var parameters: [String] = []

    @Option(
        name: .customLong("parameters"),
        help: ArgumentHelp(
            "A file of parameter values: the create-stack --parameters JSON ([{\"ParameterKey\": ..., \"ParameterValue\": ...}]), or deploy --parameter-overrides' KEY=VALUE pairs.",
            valueName: "file"))
    var parametersFile: String?

    @Option(
        name: .customLong("stack-name"),
        help: ArgumentHelp(
            "The stack a --template file is deployed as (AWS::StackName; default: the file's name): a deployed stack of that name is updated, any other name is a new stack. Repeatable: the names go to the --template files in order, or TEMPLATE=NAME names one.",
            valueName: "name"))
    var stackNames: [String] = []

    @Option(
        help: ArgumentHelp(
            "The account the templates are deployed to (default: the inventory's, if it holds one).", valueName: "id"))
    var account: String?

    @Option(
        help: ArgumentHelp(
            "The region the templates are deployed to (default: AWS_REGION, AWS_DEFAULT_REGION, else the inventory's, if it holds one).",
            valueName: "name"))
    var region: String?

    func validate() throws {
        if templates.isEmpty && plans.isEmpty {
            for (given, name) in [
                (!parameters.isEmpty, "--parameter"), (parametersFile != nil, "--parameters"),
                (account != nil, "--account"),
                (region != nil, "--region"),
            ] where given {
                throw ValidationError("\(name) goes with --template")
            }
        }
        _ = try stackNamesByTemplate()
        for parameter in parameters where !parameter.contains("=") || parameter.hasPrefix("=") {
            throw ValidationError("--parameter \(Terminal.escaped(parameter)): expected KEY=VALUE")
        }
    }

    /// The templates, then the plans, laid over `base` (or over nothing); nil without either.
    func overlay(over base: InventoryStore?) throws -> TemplateOverlay? {
        let options = try options()
        var overlay: TemplateOverlay?
        if !templates.isEmpty { overlay = try TemplateOverlay.apply(templates, options: options, over: base) }
        for plan in plans {
            let next = try TemplateOverlay.apply(plan: plan, options: options, over: overlay?.store ?? base)
            overlay = overlay.map { $0.followed(by: next) } ?? next
        }
        return overlay
    }

    /// What reports name as where the overlay came from: the first template or plan.
    var firstSource: String? { (templates + plans).first }

    /// The templates' options: the file's parameters, then the command line's over them.
    func options() throws -> TemplateOptions {
        var values: [String: String] = [:]
        if let parametersFile { values = try TemplateParameters.load(parametersFile) }
        for parameter in parameters {
            let parts = parameter.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            values[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
        }
        return TemplateOptions(
            account: account, region: region, parameters: values, stackNames: try stackNamesByTemplate())
    }

    /// `--stack-name`: each name by the template file it names, in order or as TEMPLATE=NAME.
    func stackNamesByTemplate() throws -> [String: String] {
        guard !stackNames.isEmpty else { return [:] }
        guard !templates.isEmpty else { throw ValidationError("--stack-name goes with --template") }
        var out: [String: String] = [:]
        var next = templates.makeIterator()
        for value in stackNames {
            let path: String
            let name: String
            // A stack name has no `=`; a path may, so the last one splits.
            if let equals = value.lastIndex(of: "=") {
                path = String(value[..<equals])
                name = String(value[value.index(after: equals)...])
                guard templates.contains(path) else {
                    throw ValidationError(
                        "--stack-name \(Terminal.escaped(value)): \(Terminal.escaped(path)) is not one of the --template paths"
                    )
                }
            } else {
                guard let template = next.next() else {
                    throw ValidationError(
                        "--stack-name \(Terminal.escaped(value)): more stack names than --template files (give TEMPLATE=NAME)"
                    )
                }
                path = template
                name = value
            }
            guard TemplateOptions.isStackName(name) else {
                throw ValidationError(
                    "--stack-name \(Terminal.escaped(value)): a stack name starts with a letter and has only letters, digits and hyphens (at most 128)"
                )
            }
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                throw ValidationError(
                    "--stack-name \(Terminal.escaped(value)): \(Terminal.escaped(path)) is a cloud assembly, whose manifest names its stacks"
                )
            }
            out[path] = name
        }
        return out
    }
}

/// The inventory a question or audit reads: the file, or the templates laid over it (or over
/// nothing, when no inventory is named).
struct QuestionSource {
    var store: InventoryStore
    var overlay: TemplateOverlay?
    /// The inventory under the templates, when one was named: what "today" is.
    var base: InventoryStore?
    /// What reports call the inventory.
    var name: String

    static func open(_ inventory: InventoryOptions, _ templates: TemplateArguments) throws -> QuestionSource {
        guard !templates.templates.isEmpty || !templates.plans.isEmpty else {
            return QuestionSource(
                store: try InventoryStore(path: inventory.path, create: false), overlay: nil, name: inventory.path)
        }
        let named = inventory.db != nil || !(ProcessInfo.processInfo.environment["LAMBDA_REACH_DB"] ?? "").isEmpty
        let base = named ? try InventoryStore(path: inventory.path, create: false) : nil
        guard let overlay = try templates.overlay(over: base) else {
            throw CleanExit.message("nothing to lay over the inventory")
        }
        return QuestionSource(
            store: overlay.store, overlay: overlay, base: base,
            name: named ? inventory.path : templates.firstSource ?? inventory.path)
    }

    /// A planned function's logical ID or FunctionName is its ARN; anything else as given.
    func function(_ name: String) -> String { overlay?.functionAliases[name] ?? name }

    /// `error` with the planned functions named, when the function asked for is not found and
    /// templates are laid over the inventory: their logical IDs are what a user asks by.
    func explained(_ error: Error) -> Error {
        guard let overlay, case LookupError.unknownFunction = error else { return error }
        let planned = overlay.functions.values.map(\.logicalId).sorted()
        guard !planned.isEmpty else { return error }
        return Explained(description: "\(error) The templates plan: \(planned.joined(separator: ", ")).")
    }

    struct Explained: Error, CustomStringConvertible { var description: String }

    /// A planned database's logical ID is its identifier (`rds:OrdersCluster`).
    func target(_ text: String) -> String { overlay?.target(text) ?? text }
}

/// `--function`, `--vpc` and `--targets`: which functions an audit (or a diff) asks about, and
/// about which targets.
struct SelectionOptions: ParsableArguments {
    @Option(
        name: .customLong("function"),
        help: ArgumentHelp(
            "Only the functions whose name matches (* and ? wildcards; a pattern starting with arn: matches the ARN). Repeatable.",
            valueName: "glob"))
    var functions: [String] = []

    @Option(
        name: .customLong("vpc"),
        help: ArgumentHelp("Only the functions with a subnet in this VPC. Repeatable.", valueName: "vpc-id"))
    var vpcs: [String] = []

    @Option(
        help: ArgumentHelp(
            "Comma-separated targets instead of the defaults: internet, internet6, ip:A.B.C.D[:PORT], ip:[IPv6][:PORT], s3, dynamodb, aws:SERVICE, rds:IDENTIFIER, logs; 'defaults' stands for the default set.",
            valueName: "list"))
    var targets: String?

    func validate() throws { _ = try targetSelection() }

    /// `--targets`: the default set or not, and the targets besides, each as `naming` spells it
    /// (a planned database's `rds:LogicalId` by its identifier).
    func targetSelection(naming: (String) -> String = { $0 }) throws -> TargetSelection {
        guard let targets else { return TargetSelection() }
        do {
            return try TargetSelection(
                parsing: targets.split(separator: ",", omittingEmptySubsequences: false).map { naming(String($0)) }
                    .joined(separator: ","))
        } catch {
            throw ValidationError("--targets: \(Terminal.escaped(error.description))")
        }
    }

    /// An audit request of this selection. `function` turns a planned function's logical ID
    /// (whose name CloudFormation may generate at deploy) into its ARN, which the pattern matches.
    func request(naming: (String) -> String = { $0 }, function: (String) -> String = { $0 }) throws -> AuditRequest {
        var request = AuditRequest()
        request.functions = functions.map { FunctionPattern(function($0)) }
        request.vpcs = vpcs
        let selection = try targetSelection(naming: naming)
        request.defaultTargets = selection.defaults
        request.extraTargets = selection.extra
        return request
    }
}
