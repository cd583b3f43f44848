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
        help: ArgumentHelp(
            "The account the templates are deployed to (default: the inventory's, if it holds one).", valueName: "id"))
    var account: String?

    @Option(
        help: ArgumentHelp(
            "The region the templates are deployed to (default: AWS_REGION, AWS_DEFAULT_REGION, else the inventory's, if it holds one).",
            valueName: "name"))
    var region: String?

    func validate() throws {
        if templates.isEmpty {
            for (given, name) in [
                (!parameters.isEmpty, "--parameter"), (parametersFile != nil, "--parameters"),
                (account != nil, "--account"),
                (region != nil, "--region"),
            ] where given {
                throw ValidationError("\(name) goes with --template")
            }
        }
        for parameter in parameters where !parameter.contains("=") || parameter.hasPrefix("=") {
            throw ValidationError("--parameter \(Terminal.escaped(parameter)): expected KEY=VALUE")
        }
    }

    /// The templates' options: the file's parameters, then the command line's over them.
    func options() throws -> TemplateOptions {
        var values: [String: String] = [:]
        if let parametersFile { values = try ParameterFile.load(parametersFile) }
        for parameter in parameters {
            let parts = parameter.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            values[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
        }
        return TemplateOptions(account: account, region: region, parameters: values)
    }
}

/// The inventory a question or audit reads: the file, or the templates laid over it (or over
/// nothing, when no inventory is named).
struct QuestionSource {
    var store: InventoryStore
    var overlay: TemplateOverlay?
    /// What reports call the inventory.
    var name: String

    static func open(_ inventory: InventoryOptions, _ templates: TemplateArguments) throws -> QuestionSource {
        guard !templates.templates.isEmpty else {
            return QuestionSource(
                store: try InventoryStore(path: inventory.path, create: false), overlay: nil, name: inventory.path)
        }
        let named = inventory.db != nil || !(ProcessInfo.processInfo.environment["LAMBDA_REACH_DB"] ?? "").isEmpty
        let base = named ? try InventoryStore(path: inventory.path, create: false) : nil
        let overlay = try TemplateOverlay.apply(templates.templates, options: try templates.options(), over: base)
        return QuestionSource(
            store: overlay.store, overlay: overlay, name: named ? inventory.path : templates.templates[0])
    }

    /// A planned function's logical ID or FunctionName is its ARN; anything else as given.
    func function(_ name: String) -> String { overlay?.functionAliases[name] ?? name }
}

/// `--parameters FILE`: the create-stack JSON, a template configuration file's
/// `{"Parameters": {...}}`, or KEY=VALUE pairs (deploy --parameter-overrides).
enum ParameterFile {
    struct Failure: Error, CustomStringConvertible {
        var file: String
        var message: String
        var description: String { "\(file): \(message)" }
    }

    static func load(_ path: String) throws -> [String: String] {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8)
        else {
            throw Failure(file: path, message: "cannot be read")
        }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.hasPrefix("[") || trimmed.hasPrefix("{") {
            guard let json = try? JSONSerialization.jsonObject(with: data) else {
                throw Failure(file: path, message: "is not valid JSON")
            }
            var values: [String: String] = [:]
            if let list = json as? [Any] {
                for (index, element) in list.enumerated() {
                    guard let object = element as? [String: Any], let key = object["ParameterKey"] as? String else {
                        throw Failure(
                            file: path,
                            message: "$[\(index)]: expected {\"ParameterKey\": ..., \"ParameterValue\": ...}")
                    }
                    if let value = object["ParameterValue"] { values[key] = describe(value) }
                }
                return values
            }
            if let object = json as? [String: Any], let parameters = object["Parameters"] as? [String: Any] {
                for (key, value) in parameters { values[key] = describe(value) }
                return values
            }
            throw Failure(
                file: path, message: "expected the create-stack --parameters list or {\"Parameters\": {KEY: VALUE}}")
        }
        var values: [String: String] = [:]
        for token in trimmed.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }) {
            let parts = token.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty else {
                throw Failure(file: path, message: "\(token): expected KEY=VALUE")
            }
            values[String(parts[0])] = String(parts[1]).trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
        }
        return values
    }

    private static func describe(_ value: Any) -> String {
        if let text = value as? String { return text }
        if let list = value as? [Any] { return list.map { describe($0) }.joined(separator: ",") }
        return "\(value)"
    }
}
