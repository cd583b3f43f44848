import Foundation
import ReachCore

/// CloudFormation's intrinsic functions, condition functions and pseudo parameters, as the
/// CloudFormation User Guide's "Intrinsic function reference" defines them. What depends on a
/// value nobody gave (a parameter without a default, an import nothing exports) becomes a
/// named unknown; what CloudFormation would refuse (a Ref to nothing, a GetAtt of an attribute
/// the type does not have, a key missing from a mapping) is an error naming file, line and path.
struct Evaluator {
    let stack: TemplateStack
    let set: TemplateSet

    private var file: String { stack.file }

    /// The node with its intrinsic functions applied; nil where `AWS::NoValue` removes it (or
    /// a null, which CloudFormation treats as absent).
    func resolve(_ node: TemplateNode) throws -> Resolved? {
        switch node.value {
        case .scalar(let text, let kind):
            return kind == .null ? nil : Resolved(.text(text), at: node)
        case .list(let elements):
            var out: [Resolved] = []
            for element in elements {
                if let value = try resolve(element) { out.append(value) }
            }
            return Resolved(.list(out), at: node)
        case .map(let pairs):
            if let (name, argument) = node.intrinsic, name != "Condition" {
                return try intrinsic(name, argument, node)
            }
            var out: [(key: String, value: Resolved)] = []
            for (key, value) in pairs {
                if let resolved = try resolve(value) { out.append((key, resolved)) }
            }
            return Resolved(.map(out), at: node)
        }
    }

    /// `resolve`, where a value is required.
    func required(_ node: TemplateNode, _ what: String) throws -> Resolved {
        guard let value = try resolve(node) else {
            throw stack.error(node, "\(what) resolves to nothing (AWS::NoValue)")
        }
        return value
    }

    private func intrinsic(_ name: String, _ argument: TemplateNode, _ node: TemplateNode) throws -> Resolved? {
        switch name {
        case "Ref":
            guard let target = argument.scalarText else {
                throw stack.error(argument, "Ref takes the name of a parameter or resource, found \(argument.typeName)")
            }
            return try ref(target, node)
        case "Fn::GetAtt":
            return try getAtt(argument, node)
        case "Fn::Sub":
            return try sub(argument, node)
        case "Fn::Join":
            let (delimiter, list) = try pair(argument, "Fn::Join", "[delimiter, [values]]")
            guard let separator = try resolve(delimiter)?.text else {
                throw stack.error(delimiter, "Fn::Join's delimiter must be text")
            }
            guard let values = try resolve(list) else { return Resolved(.text(""), at: node) }
            guard let elements = values.list else { throw stack.error(list, "Fn::Join joins a list, found a map") }
            var parts: [String] = []
            for element in elements {
                if let reason = element.unknown { return Resolved(.unknown(reason), at: node) }
                guard let text = element.text else {
                    throw stack.error(list, "Fn::Join joins text, found a list or map inside")
                }
                parts.append(text)
            }
            return Resolved(.text(parts.joined(separator: separator)), at: node)
        case "Fn::Select":
            let (indexNode, list) = try pair(argument, "Fn::Select", "[index, [values]]")
            let index = try required(indexNode, "Fn::Select's index")
            if let reason = index.unknown { return Resolved(.unknown(reason), at: node) }
            guard let position = index.int else { throw stack.error(indexNode, "Fn::Select's index must be a number") }
            let values = try required(list, "Fn::Select's list")
            if let reason = values.unknown { return Resolved(.unknown(reason), at: node) }
            guard let elements = values.list else { throw stack.error(list, "Fn::Select picks from a list") }
            guard elements.indices.contains(position) else {
                throw stack.error(
                    indexNode, "Fn::Select index \(position) is outside the list (\(elements.count) values)")
            }
            return elements[position]
        case "Fn::Split":
            let (delimiter, source) = try pair(argument, "Fn::Split", "[delimiter, text]")
            guard let separator = try resolve(delimiter)?.text, !separator.isEmpty else {
                throw stack.error(delimiter, "Fn::Split's delimiter must be text")
            }
            let value = try required(source, "Fn::Split's text")
            if let reason = value.unknown { return Resolved(.unknown(reason), at: node) }
            guard let text = value.text else { throw stack.error(source, "Fn::Split splits text") }
            let parts = text.components(separatedBy: separator).map { Resolved(.text($0), at: node) }
            return Resolved(.list(parts), at: node)
        case "Fn::If":
            guard let elements = argument.elements, elements.count == 3, let condition = elements[0].scalarText
            else {
                throw stack.error(argument, "Fn::If takes [condition name, value if true, value if false]")
            }
            switch try self.condition(named: condition, at: elements[0]) {
            case true?: return try resolve(elements[1])
            case false?: return try resolve(elements[2])
            case nil:
                return Resolved(.unknown("Fn::If \(condition) (\(unknownConditionReason(condition)))"), at: node)
            }
        case "Fn::FindInMap":
            return try findInMap(argument, node)
        case "Fn::GetAZs":
            let region = try resolve(argument)?.text ?? ""
            let zones = set.availabilityZones(region.isEmpty ? stack.region : region)
            return Resolved(.list(zones.map { Resolved(.text($0), at: node) }), at: node)
        case "Fn::Cidr":
            return try cidr(argument, node)
        case "Fn::ImportValue":
            let exportName = try required(argument, "Fn::ImportValue's name")
            if let reason = exportName.unknown { return Resolved(.unknown(reason), at: node) }
            guard let name = exportName.text else {
                throw stack.error(argument, "Fn::ImportValue takes an export name")
            }
            return try set.importValue(name, for: stack, at: node)
        case "Fn::Base64":
            return try resolve(argument)
        case "Fn::Length":
            let value = try required(argument, "Fn::Length's list")
            if let reason = value.firstUnknown { return Resolved(.unknown(reason), at: node) }
            return Resolved(.text(String(value.list?.count ?? 0)), at: node)
        case "Fn::ToJsonString":
            let value = try required(argument, "Fn::ToJsonString's value")
            return Resolved(.text(value.json), at: node)
        case "Fn::Transform":
            return Resolved(.unknown("Fn::Transform (a macro, which runs only in CloudFormation)"), at: node)
        case "Fn::Equals", "Fn::And", "Fn::Or", "Fn::Not":
            switch try conditionValue(node) {
            case let value?: return Resolved(.text(value ? "true" : "false"), at: node)
            case nil: return Resolved(.unknown(try conditionUnknown(node) ?? name), at: node)
            }
        default:
            if stack.isSAM { return Resolved(.unknown("\(name) (not a CloudFormation function)"), at: node) }
            throw stack.error(node, "\(name) is not an intrinsic function CloudFormation knows")
        }
    }

    private func pair(_ argument: TemplateNode, _ name: String, _ shape: String) throws -> (TemplateNode, TemplateNode)
    {
        guard let elements = argument.elements, elements.count == 2 else {
            throw stack.error(argument, "\(name) takes \(shape), found \(argument.typeName)")
        }
        return (elements[0], elements[1])
    }

    // MARK: Ref and GetAtt

    /// `Ref`: a pseudo parameter, a parameter, or a resource's reference value.
    func ref(_ target: String, _ node: TemplateNode) throws -> Resolved? {
        switch target {
        case "AWS::AccountId": return Resolved(.text(stack.account), at: node)
        case "AWS::Region": return Resolved(.text(stack.region), at: node)
        case "AWS::StackName": return Resolved(.text(stack.name), at: node)
        case "AWS::StackId": return Resolved(.text(stack.stackID), at: node)
        case "AWS::Partition": return Resolved(.text(stack.partition), at: node)
        case "AWS::URLSuffix": return Resolved(.text(stack.urlSuffix), at: node)
        case "AWS::NoValue": return nil
        case "AWS::NotificationARNs": return Resolved(.list([]), at: node)
        default: break
        }
        if let value = stack.parameters[target] {
            var placed = value
            placed.line = node.line
            placed.path = node.path
            return placed
        }
        if stack.resourceIndex[target] != nil {
            return Resolved(.text(try ResourceTypes.refValue(of: target, in: stack, evaluator: self)), at: node)
        }
        if stack.isSAM { return Resolved(.unknown("Ref \(target) (a resource SAM generates, not analysed)"), at: node) }
        throw stack.error(
            node, "Ref to \(target), which is neither a parameter nor a resource of this template\(closeMatch(target))")
    }

    private func closeMatch(_ name: String) -> String {
        let names = Array(stack.parameters.keys) + stack.resources.map(\.id)
        let close = CloseMatches.find(name, in: Set(names))
        return close.isEmpty ? "" : " (did you mean \(close.joined(separator: " or "))?)"
    }

    private func getAtt(_ argument: TemplateNode, _ node: TemplateNode) throws -> Resolved {
        let logicalID: String
        let attribute: String
        if let elements = argument.elements, elements.count == 2, let resource = elements[0].scalarText {
            logicalID = resource
            guard let name = try resolve(elements[1])?.text else {
                if stack.isSAM {
                    return Resolved(.unknown("Fn::GetAtt \(resource) (an attribute not known)"), at: node)
                }
                throw stack.error(elements[1], "Fn::GetAtt's attribute name must be text")
            }
            attribute = name
        } else if let text = argument.scalarText, let dot = text.firstIndex(of: ".") {
            logicalID = String(text[..<dot])
            attribute = String(text[text.index(after: dot)...])
        } else {
            throw stack.error(argument, "Fn::GetAtt takes [LogicalName, AttributeName]")
        }
        guard stack.resourceIndex[logicalID] != nil else {
            if stack.isSAM {
                return Resolved(
                    .unknown("Fn::GetAtt \(logicalID).\(attribute) (a resource SAM generates, not analysed)"), at: node)
            }
            throw stack.error(
                node, "Fn::GetAtt of \(logicalID), which is not a resource of this template\(closeMatch(logicalID))")
        }
        return try ResourceTypes.attribute(attribute, of: logicalID, in: stack, evaluator: self, at: node)
    }

    /// The resolved properties of a resource (cached): what `Fn::GetAtt` reads and the
    /// compiler compiles.
    func properties(of logicalID: String) throws -> Resolved {
        if let cached = stack.propertyCache[logicalID] { return cached }
        guard let node = stack.node(logicalID) else {
            return Resolved(.map([]), line: 0, path: ["Resources", logicalID])
        }
        guard stack.propertiesInProgress.insert(logicalID).inserted else {
            throw stack.error(node, "circular dependency: the properties of \(logicalID) depend on themselves")
        }
        defer { stack.propertiesInProgress.remove(logicalID) }
        let resolved =
            try node["Properties"].flatMap { try resolve($0) }
            ?? Resolved(.map([]), line: node.line, path: node.path + ["Properties"])
        stack.propertyCache[logicalID] = resolved
        return resolved
    }

    // MARK: Fn::Sub

    private func sub(_ argument: TemplateNode, _ node: TemplateNode) throws -> Resolved {
        let template: TemplateNode
        var variables: [String: Resolved] = [:]
        if let elements = argument.elements {
            guard elements.count == 2, let pairs = elements[1].pairs else {
                throw stack.error(argument, "Fn::Sub takes a string, or [string, {variable: value}]")
            }
            template = elements[0]
            for (key, value) in pairs {
                if let resolved = try resolve(value) { variables[key] = resolved }
            }
        } else {
            template = argument
        }
        guard let text = template.scalarText else {
            throw stack.error(template, "Fn::Sub's string must be text, found \(template.typeName)")
        }
        var out = ""
        var rest = Substring(text)
        while let start = rest.range(of: "${") {
            out += rest[..<start.lowerBound]
            let after = rest[start.upperBound...]
            if after.hasPrefix("!") {
                // `${!Literal}` is the text `${Literal}`.
                guard let end = after.firstIndex(of: "}") else {
                    out += "${"
                    rest = after
                    continue
                }
                out += "${" + after[after.index(after: after.startIndex)..<end] + "}"
                rest = after[after.index(after: end)...]
                continue
            }
            guard let end = after.firstIndex(of: "}") else {
                throw stack.error(template, "Fn::Sub: ${ without a closing }")
            }
            let name = after[..<end].trimmingCharacters(in: .whitespaces)
            rest = after[after.index(after: end)...]
            let value: Resolved?
            if let variable = variables[name] {
                value = variable
            } else if stack.parameters[name] != nil || name.hasPrefix("AWS::") || stack.resourceIndex[name] != nil {
                value = try ref(name, template)
            } else if let dot = name.firstIndex(of: "."), stack.resourceIndex[String(name[..<dot])] != nil {
                value = try ResourceTypes.attribute(
                    String(name[name.index(after: dot)...]), of: String(name[..<dot]), in: stack, evaluator: self,
                    at: template)
            } else {
                throw stack.error(
                    template,
                    "Fn::Sub: ${\(name)} names no variable, parameter or resource of this template\(closeMatch(name))")
            }
            guard let value else { continue }
            if let reason = value.unknown { return Resolved(.unknown(reason), at: node) }
            guard let part = value.text else {
                throw stack.error(template, "Fn::Sub: ${\(name)} is a list or map, not text")
            }
            out += part
        }
        out += rest
        return Resolved(.text(out), at: node)
    }

    // MARK: Mappings, AZs, CIDRs

    private func findInMap(_ argument: TemplateNode, _ node: TemplateNode) throws -> Resolved {
        guard let elements = argument.elements, elements.count == 3 || elements.count == 4 else {
            throw stack.error(argument, "Fn::FindInMap takes [MapName, TopLevelKey, SecondLevelKey]")
        }
        var keys: [String] = []
        for element in elements.prefix(3) {
            let value = try required(element, "Fn::FindInMap's key")
            if let reason = value.unknown { return Resolved(.unknown(reason), at: node) }
            guard let text = value.text else { throw stack.error(element, "Fn::FindInMap's keys must be text") }
            keys.append(text)
        }
        let mapping = stack.root["Mappings"]?[keys[0]]
        let found = mapping?[keys[1]]?[keys[2]]
        guard let found else {
            if elements.count == 4, let fallback = elements[3]["DefaultValue"] {
                return try required(fallback, "Fn::FindInMap's DefaultValue")
            }
            let missing =
                mapping == nil
                ? "the mapping \(keys[0]) does not exist"
                : mapping?[keys[1]] == nil
                    ? "the mapping \(keys[0]) has no key \(keys[1])" : "\(keys[0]).\(keys[1]) has no key \(keys[2])"
            throw stack.error(node, "Fn::FindInMap: \(missing)")
        }
        return try required(found, "a mapping value")
    }

    private func cidr(_ argument: TemplateNode, _ node: TemplateNode) throws -> Resolved {
        guard let elements = argument.elements, elements.count == 3 else {
            throw stack.error(argument, "Fn::Cidr takes [ipBlock, count, cidrBits]")
        }
        let values = try elements.map { try required($0, "Fn::Cidr's argument") }
        if let reason = values.lazy.compactMap(\.unknown).first {
            // Blocks cut from a block known only after deploy: the answer says both.
            return Resolved(.unknown(values[0].unknown.map { "Fn::Cidr of \($0)" } ?? reason), at: node)
        }
        guard let block = values[0].text, let count = values[1].int, let bits = values[2].int else {
            throw stack.error(argument, "Fn::Cidr takes [ipBlock, count, cidrBits] (text, number, number)")
        }
        guard let parsed = IPv4Block(block) else {
            if block.contains(":") {
                return Resolved(.unknown("Fn::Cidr of the IPv6 block \(block)"), at: node)
            }
            throw stack.error(elements[0], "Fn::Cidr: \(block) is not a CIDR block")
        }
        let prefix = 32 - bits
        guard (1...256).contains(count), bits >= 0, prefix >= parsed.prefix, prefix <= 32 else {
            throw stack.error(
                argument,
                "Fn::Cidr: \(count) blocks of \(bits) host bits do not fit in \(block) (count 1 to 256, cidrBits up to \(32 - parsed.prefix))"
            )
        }
        let size = UInt64(1) << UInt64(bits)
        let available = UInt64(1) << UInt64(prefix - parsed.prefix)
        guard UInt64(count) <= available else {
            throw stack.error(argument, "Fn::Cidr: \(block) holds only \(available) blocks of /\(prefix), not \(count)")
        }
        var blocks: [Resolved] = []
        for index in 0..<UInt64(count) {
            let address = UInt32(UInt64(parsed.base) + index * size)
            blocks.append(Resolved(.text("\(IPv4Block.text(address))/\(prefix)"), at: node))
        }
        return Resolved(.list(blocks), at: node)
    }

    // MARK: Conditions

    /// A named condition of the Conditions section: true, false, or nil when it depends on an
    /// unknown value.
    func condition(named name: String, at node: TemplateNode) throws -> Bool? {
        if let cached = stack.conditionCache[name] { return cached }
        guard let definition = stack.root["Conditions"]?[name] else {
            if stack.isSAM { return nil }
            throw stack.error(node, "the condition \(name) is not in the template's Conditions\(closeCondition(name))")
        }
        guard stack.conditionsInProgress.insert(name).inserted else {
            throw stack.error(definition, "the condition \(name) depends on itself")
        }
        defer { stack.conditionsInProgress.remove(name) }
        let value = try conditionValue(definition)
        stack.conditionCache[name] = .some(value)
        return value
    }

    private func closeCondition(_ name: String) -> String {
        let names = stack.root["Conditions"]?.pairs?.map(\.key) ?? []
        let close = CloseMatches.find(name, in: Set(names))
        return close.isEmpty ? "" : " (did you mean \(close.joined(separator: " or "))?)"
    }

    /// What an unknown condition depends on, for the unknown's name.
    func unknownConditionReason(_ name: String) -> String {
        guard let definition = stack.root["Conditions"]?[name] else { return "condition \(name)" }
        return ((try? conditionUnknown(definition)) ?? nil) ?? "condition \(name)"
    }

    /// The first unknown value a condition function depends on.
    func conditionUnknown(_ node: TemplateNode) throws -> String? {
        guard let (name, argument) = node.intrinsic else { return try resolve(node)?.firstUnknown }
        switch name {
        case "Condition":
            guard let other = argument.scalarText, let definition = stack.root["Conditions"]?[other] else { return nil }
            return try conditionUnknown(definition)
        case "Fn::Equals":
            for element in argument.elements ?? [] {
                if let reason = try resolve(element)?.firstUnknown { return reason }
            }
            return nil
        case "Fn::And", "Fn::Or", "Fn::Not":
            for element in argument.elements ?? [] {
                if try conditionValue(element) == nil, let reason = try conditionUnknown(element) { return reason }
            }
            return nil
        default:
            return try resolve(node)?.firstUnknown
        }
    }

    /// A condition function's value: `Fn::Equals`, `Fn::And`, `Fn::Or`, `Fn::Not`, `Condition`.
    func conditionValue(_ node: TemplateNode) throws -> Bool? {
        guard let (name, argument) = node.intrinsic else {
            if let value = try resolve(node)?.bool { return value }
            throw stack.error(node, "a condition must be Fn::Equals, Fn::And, Fn::Or, Fn::Not or Condition")
        }
        switch name {
        case "Condition":
            guard let other = argument.scalarText else {
                throw stack.error(argument, "Condition takes a condition name")
            }
            return try condition(named: other, at: argument)
        case "Fn::Equals":
            guard let elements = argument.elements, elements.count == 2 else {
                throw stack.error(argument, "Fn::Equals takes [value, value]")
            }
            let left = try resolve(elements[0])
            let right = try resolve(elements[1])
            if left?.firstUnknown != nil || right?.firstUnknown != nil { return nil }
            return Self.same(left, right)
        case "Fn::And", "Fn::Or":
            guard let elements = argument.elements, (2...10).contains(elements.count) else {
                throw stack.error(argument, "\(name) takes 2 to 10 conditions")
            }
            var unknown = false
            for element in elements {
                switch try conditionValue(element) {
                case true? where name == "Fn::Or": return true
                case false? where name == "Fn::And": return false
                case nil: unknown = true
                default: break
                }
            }
            return unknown ? nil : name == "Fn::And"
        case "Fn::Not":
            guard let elements = argument.elements, elements.count == 1 else {
                throw stack.error(argument, "Fn::Not takes [condition]")
            }
            return try conditionValue(elements[0]).map { !$0 }
        default:
            if let value = try resolve(node) {
                if value.unknown != nil { return nil }
                if let bool = value.bool { return bool }
            }
            throw stack.error(node, "\(name) is not a condition function")
        }
    }

    private static func same(_ left: Resolved?, _ right: Resolved?) -> Bool {
        switch (left?.value, right?.value) {
        case (nil, nil): return true
        case (.text(let a)?, .text(let b)?): return a == b
        case (.list(let a)?, .list(let b)?):
            return a.count == b.count && zip(a, b).allSatisfy { same($0, $1) }
        default: return false
        }
    }

    /// Whether a resource (or output) with a `Condition` key is created.
    func isCreated(_ node: TemplateNode) throws -> Bool? {
        guard let name = node["Condition"] else { return true }
        guard let text = name.scalarText else { throw stack.error(name, "Condition takes a condition name") }
        return try condition(named: text, at: name)
    }
}

/// An IPv4 block as `Fn::Cidr` and the compiler need it: the base address and prefix length.
struct IPv4Block {
    var base: UInt32
    var prefix: Int

    init?(_ text: String) {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let prefix = Int(parts[1]), (0...32).contains(prefix) else { return nil }
        let octets = parts[0].split(separator: ".", omittingEmptySubsequences: false).compactMap { UInt32($0) }
        guard octets.count == 4, octets.allSatisfy({ $0 <= 255 }) else { return nil }
        let address = octets.reduce(0) { $0 << 8 | $1 }
        let mask: UInt32 = prefix == 0 ? 0 : ~UInt32(0) << UInt32(32 - prefix)
        base = address & mask
        self.prefix = prefix
    }

    static func text(_ address: UInt32) -> String {
        "\(address >> 24).\(address >> 16 & 255).\(address >> 8 & 255).\(address & 255)"
    }
}
