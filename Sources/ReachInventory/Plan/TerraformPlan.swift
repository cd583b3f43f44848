import Foundation

/// The JSON of `terraform show -json PLANFILE` (Terraform's "JSON Output Format"), read as
/// what the AWS account will hold after apply: every managed resource with its values after the
/// change, what it was before, and the action that gets it there.
struct TerraformPlan {
    enum Action: String, Comparable {
        case noOp = "no-op"
        case create, read, update, delete, replace

        static func < (lhs: Action, rhs: Action) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// One resource instance (`module.vpc.aws_subnet.private[1]`).
    struct Resource {
        var address: String
        /// `module.vpc`, or empty at the root.
        var module: String
        var type: String
        /// The configuration's name (`private`), and the instance key (`1`, `"a"`) if any.
        var name: String
        var index: String?
        var action: Action
        var before: [String: Any]?
        var after: [String: Any]?
        /// `after_unknown`: which values of `after` are known only after apply.
        var afterUnknown: [String: Any]
        /// A replacement with `create_before_destroy` (`["create","delete"]`): the new object is
        /// made while the old one still exists, which is deleted after.
        var createsBeforeDestroy = false
    }

    let file: String
    var resources: [Resource] = []
    var byAddress: [String: Int] = [:]
    /// The configuration's references by (module, resource configuration address, attribute):
    /// what an unknown value will be made from.
    var references: [String: [String]] = [:]
    /// The attributes each resource configuration sets (its `expressions`' keys), by its
    /// configuration address: an attribute left out (a route table's `route`) is not managed.
    var configured: [String: Set<String>] = [:]
    /// Module output expressions' references, by `module.NAME.OUTPUT`.
    var outputReferences: [String: [String]] = [:]

    /// Reads a plan file; refuses what is not one, naming the file and the JSON path.
    static func read(_ path: String) throws -> TerraformPlan {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TemplateError(file: path, line: nil, path: "", message: "cannot be read")
        }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw TemplateError(file: path, line: nil, path: "", message: "is not JSON: \(error.localizedDescription)")
        }
        guard let plan = object as? [String: Any], plan["format_version"] is String else {
            throw TemplateError(
                file: path, line: nil, path: "$",
                message:
                    "not a Terraform plan: expected the JSON of `terraform show -json PLANFILE` (an object with format_version)"
            )
        }
        guard let changes = plan["resource_changes"] as? [[String: Any]] ?? (plan["resource_changes"] == nil ? [] : nil)
        else {
            throw TemplateError(
                file: path, line: nil, path: "$.resource_changes", message: "expected an array of resource changes")
        }
        var out = TerraformPlan(file: path)
        for (index, change) in changes.enumerated() {
            guard change["mode"] as? String ?? "managed" == "managed" else { continue }
            guard let address = change["address"] as? String, let type = change["type"] as? String,
                let detail = change["change"] as? [String: Any], let actions = detail["actions"] as? [String]
            else {
                throw TemplateError(
                    file: path, line: nil, path: "$.resource_changes[\(index)]",
                    message: "expected address, type and change.actions")
            }
            let action: Action
            switch actions {
            case ["no-op"]: action = .noOp
            case ["create"]: action = .create
            case ["read"]: action = .read
            case ["update"]: action = .update
            case ["delete"]: action = .delete
            case ["delete", "create"], ["create", "delete"]: action = .replace
            default:
                throw TemplateError(
                    file: path, line: nil, path: "$.resource_changes[\(index)].change.actions",
                    message: "unknown actions \(actions)")
            }
            let index = change["index"].map { "\($0)" }
            out.byAddress[address] = out.resources.count
            out.resources.append(
                Resource(
                    address: address, module: change["module_address"] as? String ?? "", type: type,
                    name: change["name"] as? String ?? "", index: index, action: action,
                    before: detail["before"] as? [String: Any], after: detail["after"] as? [String: Any],
                    afterUnknown: detail["after_unknown"] as? [String: Any] ?? [:],
                    createsBeforeDestroy: actions == ["create", "delete"]))
        }
        // Resources of the prior state with no change entry stay as they are.
        if let prior = (plan["prior_state"] as? [String: Any])?["values"] as? [String: Any],
            let root = prior["root_module"] as? [String: Any]
        {
            out.addUnchanged(root)
        }
        if let configuration = (plan["configuration"] as? [String: Any])?["root_module"] as? [String: Any] {
            out.readConfiguration(configuration, module: "")
        }
        return out
    }

    private mutating func addUnchanged(_ module: [String: Any]) {
        for resource in module["resources"] as? [[String: Any]] ?? [] {
            guard resource["mode"] as? String ?? "managed" == "managed", let address = resource["address"] as? String,
                byAddress[address] == nil, let type = resource["type"] as? String
            else { continue }
            let values = resource["values"] as? [String: Any]
            byAddress[address] = resources.count
            resources.append(
                Resource(
                    address: address, module: Self.module(of: address), type: type,
                    name: resource["name"] as? String ?? "",
                    index: resource["index"].map { "\($0)" }, action: .noOp, before: values, after: values,
                    afterUnknown: [:]))
        }
        for child in module["child_modules"] as? [[String: Any]] ?? [] { addUnchanged(child) }
    }

    static func module(of address: String) -> String {
        var parts: [String] = []
        let components = address.split(separator: ".").map(String.init)
        var index = 0
        while index + 1 < components.count, components[index] == "module" {
            parts += [components[index], components[index + 1]]
            index += 2
        }
        return parts.joined(separator: ".")
    }

    private mutating func readConfiguration(_ module: [String: Any], module prefix: String) {
        for resource in module["resources"] as? [[String: Any]] ?? [] {
            guard let address = resource["address"] as? String,
                let expressions = resource["expressions"] as? [String: Any]
            else { continue }
            let full = prefix.isEmpty ? address : "\(prefix).\(address)"
            configured[full] = Set(expressions.keys)
            for (attribute, expression) in expressions {
                collect(expression, path: attribute, into: full)
            }
        }
        for (name, output) in module["outputs"] as? [String: Any] ?? [:] {
            let references = ((output as? [String: Any])?["expression"] as? [String: Any])?["references"] as? [String]
            if let references, !prefix.isEmpty {
                outputReferences["\(prefix).\(name)"] = references.map { "\(prefix).\($0)" }
            }
        }
        for (name, call) in module["module_calls"] as? [String: Any] ?? [:] {
            guard let inner = (call as? [String: Any])?["module"] as? [String: Any] else { continue }
            readConfiguration(inner, module: prefix.isEmpty ? "module.\(name)" : "\(prefix).module.\(name)")
        }
    }

    /// Every `references` list under an expression, by its attribute path (`vpc_config.subnet_ids`).
    private mutating func collect(_ expression: Any, path: String, into address: String) {
        if let object = expression as? [String: Any] {
            if let refs = object["references"] as? [String] {
                let local = Self.module(of: address)
                references["\(address)|\(path)"] = refs.map { ref in
                    // A module's references are relative to it: made absolute here.
                    let global = ["var.", "count.", "each.", "local.", "path.", "self."].contains { ref.hasPrefix($0) }
                    return local.isEmpty || global ? ref : "\(local).\(ref)"
                }
                return
            }
            for (key, value) in object { collect(value, path: "\(path).\(key)", into: address) }
        } else if let list = expression as? [Any] {
            for element in list { collect(element, path: path, into: address) }
        }
    }
}
