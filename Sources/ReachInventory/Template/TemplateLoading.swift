import Foundation
import ReachCore

extension TemplateSet {
    /// Reads every `--template` path: a template file (JSON or YAML, CloudFormation or SAM) or a
    /// CDK cloud assembly folder (`cdk.out/`), with nested stacks.
    func load(_ paths: [String], options: TemplateOptions, defaultScope: (account: String?, region: String?)) throws {
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw TemplateError(file: path, line: nil, path: "", message: "no such file or folder")
            }
            if isDirectory.boolValue {
                try loadCloudAssembly(path, options: options, defaultScope: defaultScope)
            } else {
                let root = try Self.readTemplate(path)
                let given = options.stackNames[path]
                let name = given ?? URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
                let (account, region) = try Self.scope(for: path, options: options, defaultScope: defaultScope)
                let stack = TemplateStack(file: path, name: name, account: account, region: region, root: root)
                stack.nameGiven = given != nil
                try prepare(
                    stack, given: options.parameters, folder: (path as NSString).deletingLastPathComponent)
                stacks.append(stack)
            }
        }
        for stack in allStacks { try assignNames(stack) }
        // A nested stack's parameters are its parent's values, which name the parent's
        // resources: known once every stack has its names.
        for stack in allStacks {
            for (id, child) in stack.nestedStacks.sorted(by: { $0.key < $1.key }) {
                let evaluator = Evaluator(stack: stack, set: self)
                var values: [String: Resolved] = [:]
                for (key, value) in stack.node(id)?["Properties"]?["Parameters"]?.pairs ?? [] {
                    if let resolved = try evaluator.resolve(value) { values[key] = resolved }
                }
                for (key, value) in values where child.parameterNodes[key] != nil {
                    child.parameters[key] = value
                    child.parametersWithoutValue.removeAll { $0 == key }
                }
            }
        }
    }

    /// The account and region a template is deployed to: the options, else the environment
    /// (region only), else the inventory's single scope.
    static func scope(
        for file: String, options: TemplateOptions, defaultScope: (account: String?, region: String?),
        environment: (account: String?, region: String?) = (nil, nil)
    ) throws -> (String, String) {
        let env = ProcessInfo.processInfo.environment
        let region =
            options.region ?? environment.region ?? env["AWS_REGION"].flatMap { $0.isEmpty ? nil : $0 }
            ?? env["AWS_DEFAULT_REGION"].flatMap { $0.isEmpty ? nil : $0 } ?? defaultScope.region
        let account = options.account ?? environment.account ?? defaultScope.account
        guard let region else {
            throw TemplateError(
                file: file, line: nil, path: "",
                message:
                    "which region is it deployed to? Give --region (or set AWS_REGION); the inventory does not hold a single region that would say"
            )
        }
        guard let account else {
            throw TemplateError(
                file: file, line: nil, path: "",
                message:
                    "which account is it deployed to? Give --account; the inventory does not hold a single account that would say"
            )
        }
        return (account, region)
    }

    /// A template file's node tree, refused when it is not a template.
    static func readTemplate(_ path: String) throws -> TemplateNode {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TemplateError(file: path, line: nil, path: "", message: "cannot be read")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw TemplateError(file: path, line: nil, path: "", message: "is not UTF-8 text: not a template")
        }
        return try template(text, file: path)
    }

    /// A template's node tree from its text, refused when it is not a template.
    static func template(_ text: String, file path: String) throws -> TemplateNode {
        let root = try TemplateReader.read(text, file: path)
        guard root.pairs != nil else {
            throw root.error(
                path, "not a CloudFormation template: expected a map with a Resources section, found \(root.typeName)")
        }
        guard let resources = root["Resources"] else {
            throw root.error(path, "not a CloudFormation template: it has no Resources section")
        }
        guard let pairs = resources.pairs, !pairs.isEmpty else {
            throw resources.error(path, "Resources must be a map of at least one resource, found \(resources.typeName)")
        }
        for (id, resource) in pairs where !id.hasPrefix("Fn::ForEach::") {
            guard resource.pairs != nil else {
                throw resource.error(path, "a resource must be a map with a Type, found \(resource.typeName)")
            }
            guard let type = resource["Type"]?.scalarText else {
                throw resource.error(path, "the resource \(id) has no Type")
            }
            guard id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
                throw resource.error(path, "the logical ID \(id) must be letters and digits only")
            }
            if let properties = resource["Properties"], properties.pairs == nil, properties.intrinsic == nil {
                throw properties.error(
                    path, "Properties of \(id) (\(type)) must be a map, found \(properties.typeName)")
            }
        }
        return root
    }

    // MARK: Cloud assemblies

    private func loadCloudAssembly(
        _ folder: String, options: TemplateOptions, defaultScope: (account: String?, region: String?)
    ) throws {
        let manifestPath = (folder as NSString).appendingPathComponent("manifest.json")
        guard FileManager.default.fileExists(atPath: manifestPath) else {
            throw TemplateError(
                file: folder, line: nil, path: "",
                message:
                    "is a folder without manifest.json: not a CDK cloud assembly (give the cdk.out folder, or a template file)"
            )
        }
        guard let data = FileManager.default.contents(atPath: manifestPath),
            let text = String(data: data, encoding: .utf8)
        else {
            throw TemplateError(file: manifestPath, line: nil, path: "", message: "cannot be read")
        }
        let manifest = try TemplateReader.read(text, file: manifestPath)
        guard let artifacts = manifest["artifacts"]?.pairs else {
            throw manifest.error(manifestPath, "a cloud assembly manifest has an artifacts map")
        }
        var found = false
        for (artifactID, artifact) in artifacts where artifact["type"]?.scalarText == "aws:cloudformation:stack" {
            guard let templateFile = artifact["properties"]?["templateFile"]?.scalarText else {
                throw artifact.error(manifestPath, "the stack artifact \(artifactID) names no properties.templateFile")
            }
            found = true
            let path = (folder as NSString).appendingPathComponent(templateFile)
            // `aws://123456789012/us-east-1`; CDK writes unknown-account / unknown-region for an
            // environment-agnostic stack, which the options then fill.
            var environment: (account: String?, region: String?) = (nil, nil)
            if let env = artifact["environment"]?.scalarText, env.hasPrefix("aws://") {
                let parts = env.dropFirst("aws://".count).split(separator: "/").map(String.init)
                if parts.count == 2 {
                    environment = (
                        parts[0] == "unknown-account" ? nil : parts[0], parts[1] == "unknown-region" ? nil : parts[1]
                    )
                }
            }
            var scopeOptions = options
            // The stack's own environment wins over the run's defaults, not over --account/--region.
            if options.account == nil { scopeOptions.account = environment.account }
            if options.region == nil { scopeOptions.region = environment.region }
            let (account, region) = try Self.scope(for: path, options: scopeOptions, defaultScope: defaultScope)
            let name = artifact["properties"]?["stackName"]?.scalarText ?? artifactID
            let root = try Self.readTemplate(path)
            let stack = TemplateStack(file: path, name: name, account: account, region: region, root: root)
            // CloudFormation deploys the stack under the assembly's stackName.
            stack.nameGiven = artifact["properties"]?["stackName"]?.scalarText != nil
            try prepare(stack, given: options.parameters, folder: folder)
            stacks.append(stack)
        }
        guard found else {
            throw manifest.error(
                manifestPath, "the cloud assembly has no CloudFormation stack (aws:cloudformation:stack artifact)")
        }
    }

    // MARK: One stack

    /// Parameters, SAM's expansion, nested stacks, and the checks CloudFormation makes before
    /// it creates anything (references to nothing, circular dependencies).
    func prepare(_ stack: TemplateStack, given: [String: String], folder: String)
        throws
    {
        let transform = stack.root["Transform"]
        let transforms = (transform?.elements ?? transform.map { [$0] } ?? []).compactMap(\.scalarText)
        // A template with SAM's types is SAM's, with or without its Transform line (CloudFormation
        // needs the line; what matters here is what SAM would make of the resources).
        stack.isSAM =
            transforms.contains { $0.hasPrefix("AWS::Serverless") }
            || (stack.root["Resources"]?.pairs ?? []).contains {
                $0.value["Type"]?.scalarText?.hasPrefix("AWS::Serverless::") == true
            }
        var resources = stack.root["Resources"]?.pairs ?? []
        // `Fn::ForEach::Name` (the AWS::LanguageExtensions transform) makes resources only
        // CloudFormation expands: listed as not analysed, not refused.
        stack.forEach = resources.filter { $0.key.hasPrefix("Fn::ForEach::") }.map { ($0.key, $0.value.line) }
        resources.removeAll { $0.key.hasPrefix("Fn::ForEach::") }
        if stack.isSAM { resources = try SAMExpansion.expand(resources, root: stack.root, file: stack.file) }
        stack.resources = resources.map { (id: $0.key, node: $0.value) }
        for (index, resource) in stack.resources.enumerated() { stack.resourceIndex[resource.id] = index }
        try resolveParameters(stack, given: given)
        try Dependencies.check(stack)
        // Nested stacks: a cloud assembly's `aws:asset:path`, or a TemplateURL that is a local file.
        for (id, node) in stack.resources where node["Type"]?.scalarText == "AWS::CloudFormation::Stack" {
            let evaluator = Evaluator(stack: stack, set: self)
            var childPath: String?
            if let asset = node["Metadata"]?["aws:asset:path"]?.scalarText {
                childPath = (folder as NSString).appendingPathComponent(asset)
            } else if let url = try node["Properties"]?["TemplateURL"].flatMap({ try evaluator.resolve($0) })?.text,
                !url.contains("://")
            {
                childPath = (folder as NSString).appendingPathComponent(url)
            }
            guard let childPath, FileManager.default.fileExists(atPath: childPath) else { continue }
            let childRoot = try Self.readTemplate(childPath)
            let child = TemplateStack(
                file: childPath, name: "\(stack.name)-\(id)", account: stack.account, region: stack.region,
                root: childRoot)
            child.parent = stack
            try prepare(child, given: [:], folder: (childPath as NSString).deletingLastPathComponent)
            stack.nestedStacks[id] = child
        }
    }

    /// Each parameter's value: given on the command line (or by a parent stack), else its
    /// Default, else a named unknown. List types split at commas; SSM parameter types name a
    /// parameter store value lambda-reach cannot read.
    private func resolveParameters(_ stack: TemplateStack, given: [String: String])
        throws
    {
        guard let parameters = stack.root["Parameters"]?.pairs else { return }
        for (name, declaration) in parameters {
            stack.parameterNodes[name] = declaration
            let type = declaration["Type"]?.scalarText ?? "String"
            let isList = type.hasPrefix("List<") || type == "CommaDelimitedList"
            let at = declaration
            let text =
                given[name]
                ?? declaration["Default"].flatMap { node -> String? in
                    if let text = node.scalarText { return text }
                    return node.elements?.compactMap(\.scalarText).joined(separator: ",")
                }
            guard let text else {
                stack.parameters[name] = Resolved(.unknown("Ref \(name)"), at: at)
                stack.parametersWithoutValue.append(name)
                continue
            }
            if type.hasPrefix("AWS::SSM::Parameter::Value<") {
                stack.parameters[name] = Resolved(.unknown("SSM parameter \(text) (parameter \(name))"), at: at)
                continue
            }
            if let allowed = declaration["AllowedValues"]?.elements?.compactMap(\.scalarText), !allowed.isEmpty,
                !isList, !allowed.contains(text)
            {
                throw stack.error(
                    declaration,
                    "parameter \(name) is \(text), which is not one of its AllowedValues (\(allowed.joined(separator: ", ")))"
                )
            }
            if isList {
                let parts = text.split(separator: ",", omittingEmptySubsequences: false).map {
                    Resolved(.text($0.trimmingCharacters(in: .whitespaces)), at: at)
                }
                stack.parameters[name] = Resolved(.list(text.isEmpty ? [] : parts), at: at)
            } else {
                stack.parameters[name] = Resolved(.text(text), at: at)
            }
        }
    }

    /// Names every resource: its physical ID when the inventory holds the deployed stack's
    /// resource, else `LogicalId (file:line)`.
    func assignNames(_ stack: TemplateStack) throws {
        if let (name, resources, reason) = deployedStack(for: stack) {
            stack.deployedStack = (name, reason)
            stack.deployedResources = resources
            for resource in resources
            where facts.known.contains(resource.physicalID) || resource.physicalID.hasPrefix("arn:") {
                stack.deployed[resource.logicalID] = resource.physicalID
            }
        }
        for (id, node) in stack.resources {
            stack.plannedIDs[id] = stack.deployed[id] ?? ResourceTypes.plannedID(id, in: stack, line: node.line)
        }
    }

    /// The deployed stack (describe-stack-resources) a template describes:
    ///
    /// - the one of its name (`--stack-name`, a cloud assembly's stackName, else the file's name);
    /// - a nested stack's, by the physical ID (its ARN) the parent's deployed stack maps it to;
    /// - without either, by its resources only where the name says nothing: the file's name is
    ///   a generic one (`template`, `main`, `packaged`, ..., `genericFileNames`) or the stack is
    ///   a nested one whose parent's mapping is not in the inventory, and exactly one deployed
    ///   stack holds nearly all (three in four or more) of its logical IDs with their types.
    ///
    /// Anything else is a new stack. A stack that shares at least half of its resources with a
    /// deployed one it was not taken for is named in a note, with `--stack-name`.
    private func deployedStack(for stack: TemplateStack) -> (String, [LiveFacts.StackResource], String)? {
        guard let deployed = facts.stacks["\(stack.account)/\(stack.region)"], !deployed.isEmpty else { return nil }
        if let resources = deployed[stack.name] {
            return (stack.name, resources, "the stack name \(stack.name)")
        }
        let nested = stack.parent != nil
        if let parent = stack.parent, let id = parent.nestedStacks.first(where: { $0.value === stack })?.key,
            let arn = parent.deployedResources.first(where: { $0.logicalID == id })?.physicalID,
            let name = Self.stackName(fromARN: arn)
        {
            if let resources = deployed[name] {
                return (name, resources, "\(parent.deployedStack?.name ?? parent.name)'s nested stack \(id)")
            }
            return nil
        }
        if stack.nameGiven && !nested { return nil }
        let declared = Set(stack.resources.compactMap { r in r.node["Type"]?.scalarText.map { "\(r.id)|\($0)" } })
        guard !declared.isEmpty else { return nil }
        let scored = deployed.map { name, resources in
            (name, resources, Set(resources.map { "\($0.logicalID)|\($0.type)" }).intersection(declared).count)
        }.sorted { ($0.2, $1.0) > ($1.2, $0.0) }
        let fileName = URL(fileURLWithPath: stack.file).deletingPathExtension().lastPathComponent.lowercased()
        let generic = nested || (!stack.nameGiven && Self.genericFileNames.contains(fileName))
        let nearlyAll = scored.filter { $0.2 * 4 >= declared.count * 3 }
        if generic, nearlyAll.count == 1, let best = nearlyAll.first {
            return (best.0, best.1, "\(best.2) of its \(declared.count) resources' logical IDs and types")
        }
        let candidates = scored.filter { $0.2 * 2 >= declared.count && $0.2 > 0 }
        if let best = candidates.first {
            let why =
                generic
                ? (nearlyAll.count > 1
                    ? "so do \(nearlyAll.dropFirst().map(\.0).joined(separator: ", ")), and lambda-reach does not guess between them"
                    : "fewer than three in four, too few to take it for that stack")
                : "its name \(stack.name) is no deployed stack's, and a copy of a template deployed under another name is a stack of its own"
            notes.append(
                "\(stack.file) is taken as a new stack \(stack.name): \(best.2) of its \(declared.count) resources' logical IDs and types are those of the deployed stack \(best.0), but \(why). If it is an update of \(best.0), give --stack-name \(best.0)."
            )
        }
        return nil
    }

    /// File names that say nothing of the stack they deploy: SAM's and the CLI's usual names.
    static let genericFileNames: Set<String> = [
        "template", "main", "stack", "packaged", "packaged-template", "cfn", "cloudformation", "infra",
        "infrastructure", "cdk", "output", "out", "deploy",
    ]

    /// The name in a stack's ARN (`arn:aws:cloudformation:REGION:ACCOUNT:stack/NAME/ID`).
    static func stackName(fromARN arn: String) -> String? {
        guard arn.hasPrefix("arn:"), let range = arn.range(of: ":stack/") else { return nil }
        let rest = arn[range.upperBound...]
        let name = rest.prefix { $0 != "/" }
        return name.isEmpty ? nil : String(name)
    }
}

/// CloudFormation's checks of references before it creates anything: every Ref, Fn::GetAtt
/// and `${}` in Fn::Sub names a parameter, pseudo parameter or resource, and the resources'
/// dependencies (references and DependsOn) have no cycle.
enum Dependencies {
    static func check(_ stack: TemplateStack) throws {
        var edges: [String: [(target: String, node: TemplateNode)]] = [:]
        for (id, node) in stack.resources {
            var found: [(String, TemplateNode)] = []
            try references(in: node, stack: stack, into: &found)
            if let dependsOn = node["DependsOn"] {
                for target in dependsOn.elements ?? [dependsOn] {
                    guard let name = target.scalarText, stack.resourceIndex[name] != nil else {
                        if stack.isSAM { continue }
                        throw stack.error(
                            target,
                            "DependsOn names \(target.scalarText ?? target.typeName), which is not a resource of this template"
                        )
                    }
                    found.append((name, target))
                }
            }
            edges[id] = found.filter { stack.resourceIndex[$0.0] != nil }.map { (target: $0.0, node: $0.1) }
        }
        if let outputs = stack.root["Outputs"] {
            var found: [(String, TemplateNode)] = []
            try references(in: outputs, stack: stack, into: &found)
        }
        // Depth-first search; a node met again while on the stack closes a cycle.
        var state: [String: Int] = [:]  // 1 visiting, 2 done
        var trail: [String] = []
        func visit(_ id: String) throws {
            state[id] = 1
            trail.append(id)
            for edge in edges[id] ?? [] {
                switch state[edge.target] {
                case 1:
                    let cycle = Array(trail[trail.firstIndex(of: edge.target)!...]) + [edge.target]
                    // SAM rewrites its own types (an API's definition, a GraphQL API's functions):
                    // a cycle through one of them is SAM's to break, not CloudFormation's to refuse.
                    if cycle.contains(where: { stack.type(of: $0)?.hasPrefix("AWS::Serverless::") == true }) {
                        continue
                    }
                    // The reference of the cycle that comes first in the template.
                    var first = edge.node
                    for (from, to) in zip(cycle, cycle.dropFirst()) {
                        for candidate in edges[from] ?? []
                        where candidate.target == to && candidate.node.line < first.line {
                            first = candidate.node
                        }
                    }
                    throw stack.error(
                        first,
                        "circular dependency between resources: \(cycle.joined(separator: " -> ")) (CloudFormation refuses the template)"
                    )
                case nil: try visit(edge.target)
                default: break
                }
            }
            trail.removeLast()
            state[id] = 2
        }
        for (id, _) in stack.resources where state[id] == nil { try visit(id) }
    }

    /// Every Ref, Fn::GetAtt and Fn::Sub variable under `node`, each checked to name something.
    static func references(in node: TemplateNode, stack: TemplateStack, into found: inout [(String, TemplateNode)])
        throws
    {
        switch node.value {
        case .scalar: return
        case .list(let elements):
            for element in elements { try references(in: element, stack: stack, into: &found) }
        case .map(let pairs):
            if let (name, argument) = node.intrinsic {
                switch name {
                case "Ref":
                    if let target = argument.scalarText {
                        try checkName(target, node, stack)
                        found.append((target, node))
                        return
                    }
                case "Fn::GetAtt":
                    let target =
                        argument.elements?.first?.scalarText
                        ?? argument.scalarText.map { String($0.prefix { $0 != "." }) }
                    if let target {
                        guard stack.resourceIndex[target] != nil else {
                            if stack.isSAM { return }
                            throw stack.error(node, "Fn::GetAtt of \(target), which is not a resource of this template")
                        }
                        found.append((target, node))
                        // CloudFormation checks the attribute before it creates anything.
                        let attribute =
                            argument.elements.map { $0.count > 1 ? $0[1].scalarText : nil }
                            ?? argument.scalarText.map { String($0.drop { $0 != "." }.dropFirst()) }
                        if let attribute, let type = stack.type(of: target), let known = ResourceTypes.attributes[type],
                            !known.contains(attribute), !stack.isSAM
                        {
                            throw stack.error(
                                node,
                                "Fn::GetAtt: \(target) is \(type), which has no attribute \(attribute) (it has \(known.isEmpty ? "none" : known.sorted().joined(separator: ", ")))"
                            )
                        }
                    }
                    if let elements = argument.elements, elements.count > 1 {
                        try references(in: elements[1], stack: stack, into: &found)
                    }
                    return
                case "Fn::Sub":
                    let template = argument.elements?.first ?? argument
                    let variables = Set(argument.elements?.dropFirst().first?.pairs?.map(\.key) ?? [])
                    if let text = template.scalarText {
                        for name in subVariables(text) where !variables.contains(name) {
                            let target = String(name.prefix { $0 != "." })
                            if name.contains(".") && stack.resourceIndex[target] != nil {
                                found.append((target, template))
                                continue
                            }
                            try checkName(name, template, stack)
                            found.append((name, template))
                        }
                    }
                    for element in argument.elements?.dropFirst() ?? [] {
                        try references(in: element, stack: stack, into: &found)
                    }
                    return
                default: break
                }
            }
            // A loop of AWS::LanguageExtensions refers to its own variables: not checked here.
            for (key, value) in pairs where !key.hasPrefix("Fn::ForEach::") {
                try references(in: value, stack: stack, into: &found)
            }
        }
    }

    private static func checkName(_ name: String, _ node: TemplateNode, _ stack: TemplateStack) throws {
        if name.hasPrefix("AWS::") || stack.parameterNodes[name] != nil || stack.root["Parameters"]?[name] != nil
            || stack.resourceIndex[name] != nil
        {
            return
        }
        // SAM generates resources a template may name (`MyApi.Stage`, `ServerlessRestApi`,
        // `MyFunctionRole`): in a SAM template an unknown name is an unknown value, not an error.
        if stack.isSAM { return }
        let names = Set((stack.root["Parameters"]?.pairs?.map(\.key) ?? []) + stack.resources.map(\.id))
        let close = CloseMatches.find(name, in: names)
        throw stack.error(
            node,
            "Ref to \(name), which is neither a parameter nor a resource of this template\(close.isEmpty ? "" : " (did you mean \(close.joined(separator: " or "))?)")"
        )
    }

    /// The `${name}` variables of a Fn::Sub string, without `${!literal}`s.
    static func subVariables(_ text: String) -> [String] {
        var names: [String] = []
        var rest = Substring(text)
        while let start = rest.range(of: "${") {
            let after = rest[start.upperBound...]
            guard let end = after.firstIndex(of: "}") else { break }
            if !after.hasPrefix("!") { names.append(after[..<end].trimmingCharacters(in: .whitespaces)) }
            rest = after[after.index(after: end)...]
        }
        return names
    }
}
