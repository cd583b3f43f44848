import Foundation
import ReachCore
import Yams

/// An `--expect` file that cannot be read: where, and what was expected there.
public struct ExpectationsFileError: Error, Sendable, CustomStringConvertible {
    public var file: String
    /// 1-based; nil when the problem is the whole file.
    public var line: Int?
    public var message: String

    public init(file: String, line: Int?, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String { "\(file)\(line.map { ":\($0)" } ?? ""): \(message)" }
}

/// The `--expect` file: YAML or JSON (JSON is read as the YAML it is), turned into the typed
/// expectations the audit checks. docs/audit.md documents the format:
///
/// ```yaml
/// expectations:
///   - fn-* must reach rds:orders
///   - no function may reach internet
///   - checkout must not reach aws:s3
///   - function: "payments-*"
///     must-reach: [aws:secretsmanager, dynamodb]
///   - function: etl
///     must-reach: ip:10.20.1.15
///     port: 8443
/// ```
public enum ExpectationsFile {
    /// The sentence forms, for messages.
    static let sentenceForms =
        "'PATTERN must reach TARGET', 'PATTERN must not reach TARGET', 'no function may reach TARGET' or 'every function must reach TARGET', optionally followed by 'on [tcp|udp] port N'"
    static let objectKeys = ["function", "functions", "must-reach", "must-not-reach", "port", "protocol"]

    /// Reads and parses the file at `path`.
    public static func load(path: String) throws(ExpectationsFileError) -> [Expectation] {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ExpectationsFileError(
                file: path, line: nil, message: "cannot read the expectations file (\(error.localizedDescription))")
        }
        return try parse(text, file: path)
    }

    /// Parses the text of an expectations file; `file` names it in messages and sources.
    public static func parse(_ text: String, file: String) throws(ExpectationsFileError) -> [Expectation] {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            let (line, problem) = Self.problem(in: error)
            throw ExpectationsFileError(file: file, line: line, message: "not valid YAML or JSON: \(problem)")
        } catch {
            throw ExpectationsFileError(file: file, line: nil, message: "not valid YAML or JSON: \(error)")
        }
        guard let root else {
            throw ExpectationsFileError(
                file: file, line: nil,
                message: "the file is empty; expected a list of expectations under 'expectations:'")
        }
        let items: Node.Sequence
        switch root {
        case .sequence(let sequence):
            items = sequence
        case .mapping(let mapping):
            for key in mapping.keys where !["expectations", "version"].contains(key.string ?? "") {
                throw ExpectationsFileError(
                    file: file, line: key.mark?.line,
                    message:
                        "unknown key '\(key.string ?? "")' at the top level; expected 'expectations' (and optionally 'version: 1')"
                )
            }
            if let version = mapping["version"], version.int != 1 {
                throw ExpectationsFileError(
                    file: file, line: version.mark?.line,
                    message: "version \(version.string ?? "?") is not one this lambda-reach reads; expected 1")
            }
            guard let list = mapping["expectations"] else {
                throw ExpectationsFileError(
                    file: file, line: root.mark?.line, message: "no 'expectations:' list in the file")
            }
            guard case .sequence(let sequence) = list else {
                throw ExpectationsFileError(
                    file: file, line: list.mark?.line,
                    message: "'expectations' must be a list (one '- ' item per expectation)")
            }
            items = sequence
        default:
            throw ExpectationsFileError(
                file: file, line: root.mark?.line,
                message: "expected a list of expectations, or a mapping with 'expectations:'")
        }
        var expectations: [Expectation] = []
        for item in items {
            let source = SourceLine(file: file, line: item.mark?.line ?? 0)
            switch item {
            case .scalar:
                expectations.append(try sentence(item.string ?? "", source: source))
            case .mapping(let mapping):
                expectations += try object(mapping, source: source)
            default:
                throw ExpectationsFileError(
                    file: file, line: source.line,
                    message:
                        "expected a sentence (\(sentenceForms)) or an object with \(objectKeys.joined(separator: ", "))"
                )
            }
        }
        return expectations
    }

    /// Where and what, without the snippet of the file YamlError's description carries.
    static func problem(in error: YamlError) -> (Int?, String) {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            return (mark.line, "\(problem) at column \(mark.column)\(context.map { " (\($0.text))" } ?? "")")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return (context.mark.line, "duplicate keys \(duplicates.joined(separator: ", "))")
        default:
            return (nil, "\(error)")
        }
    }

    // MARK: Sentences

    /// `fn-* must reach rds:orders`, `no function may reach internet on udp port 53`, ...
    static func sentence(_ text: String, source: SourceLine) throws(ExpectationsFileError) -> Expectation {
        let fail = { (message: String) in ExpectationsFileError(file: source.file, line: source.line, message: message)
        }
        var words = text.split(whereSeparator: \.isWhitespace).map(String.init)
        let lower = { (index: Int) in index < words.count ? words[index].lowercased() : "" }
        let pattern: FunctionPattern
        let requirement: Expectation.Requirement
        var rest: ArraySlice<String>
        if lower(0) == "no" && lower(1) == "function" && ["may", "must", "can"].contains(lower(2))
            && lower(3) == "reach"
        {
            (pattern, requirement, rest) = (.any, .notReach, words[4...])
        } else if (lower(0) == "every" && lower(1) == "function") || (lower(0) == "all" && lower(1) == "functions"),
            lower(2) == "must", lower(3) == "reach"
        {
            (pattern, requirement, rest) = (.any, .reach, words[4...])
        } else if words.count >= 3, lower(1) == "must" || lower(1) == "may" {
            if lower(2) == "reach" && lower(1) == "must" {
                (pattern, requirement, rest) = (FunctionPattern(words[0]), .reach, words[3...])
            } else if lower(2) == "not" && lower(3) == "reach" {
                (pattern, requirement, rest) = (FunctionPattern(words[0]), .notReach, words[4...])
            } else {
                throw fail("cannot read '\(text)'; expected \(sentenceForms)")
            }
        } else {
            throw fail("cannot read '\(text)'; expected \(sentenceForms)")
        }
        guard let targetText = rest.first else { throw fail("'\(text)' names no target; expected \(sentenceForms)") }
        rest = rest.dropFirst()
        let target = try parseTarget(targetText, source: source)
        // Optional: on [tcp|udp] port N
        var ipProtocol = IPProtocol.tcp
        var port: Int?
        words = Array(rest)
        var index = 0
        if index < words.count && words[index].lowercased() == "on" { index += 1 }
        if index < words.count, let parsed = protocolNamed(words[index]) {
            ipProtocol = parsed
            index += 1
        }
        if index < words.count && words[index].lowercased() == "port" {
            guard index + 1 < words.count, let number = Int(words[index + 1]), (1...65535).contains(number) else {
                throw fail("'\(text)': 'port' takes a number from 1 to 65535")
            }
            port = number
            index += 2
        }
        guard index == words.count else {
            throw fail(
                "cannot read '\(words[index...].joined(separator: " "))' after the target in '\(text)'; expected nothing, or 'on [tcp|udp] port N'"
            )
        }
        if let message = twoPorts(target, targetText, port) { throw fail("'\(text)': \(message)") }
        return Expectation(
            functions: pattern, requirement: requirement, target: target, port: port, ipProtocol: ipProtocol,
            source: source, text: text.split(whereSeparator: \.isWhitespace).joined(separator: " "))
    }

    /// Two ports for one question, as `query --to ip:A:443 --port 80` refuses them: one of them
    /// would be ignored without a word. Nil when the target names no port, or the same one.
    static func twoPorts(_ target: Target, _ targetText: String, _ port: Int?) -> String? {
        guard let port, let named = target.namedPort, named != port else { return nil }
        return
            "\(targetText) names port \(named) and the expectation port \(port): give the port once (or the same port in both)"
    }

    static func protocolNamed(_ text: String) -> IPProtocol? {
        switch text.lowercased() {
        case "tcp": return .tcp
        case "udp": return .udp
        default: return nil
        }
    }

    static func parseTarget(_ text: String, source: SourceLine) throws(ExpectationsFileError) -> Target {
        do {
            return try Target(parsing: text)
        } catch {
            throw ExpectationsFileError(file: source.file, line: source.line, message: error.description)
        }
    }

    // MARK: Objects

    /// `{function: PATTERN | functions: [...], must-reach: T | [...], must-not-reach: ..., port: N, protocol: tcp|udp}`
    static func object(_ mapping: Node.Mapping, source: SourceLine) throws(ExpectationsFileError) -> [Expectation] {
        let fail = { (node: Node?, message: String) in
            ExpectationsFileError(file: source.file, line: node?.mark?.line ?? source.line, message: message)
        }
        for key in mapping.keys where !objectKeys.contains(key.string ?? "") {
            throw fail(
                key,
                "unknown key '\(key.string ?? "")'; an expectation object has \(objectKeys.joined(separator: ", "))")
        }
        let strings = { (key: String) throws(ExpectationsFileError) -> [String] in
            guard let node = mapping[key] else { return [] }
            switch node {
            case .scalar:
                return [node.string ?? ""]
            case .sequence(let sequence):
                var out: [String] = []
                for element in sequence {
                    guard case .scalar = element, let text = element.string else {
                        throw fail(element, "'\(key)' takes a name or a list of names")
                    }
                    out.append(text)
                }
                return out
            default:
                throw fail(node, "'\(key)' takes a name or a list of names")
            }
        }
        let patterns = try strings("function") + strings("functions")
        guard !patterns.isEmpty else {
            throw fail(nil, "the expectation names no function: add 'function: PATTERN' ('*' for every function)")
        }
        let reach = try strings("must-reach")
        let notReach = try strings("must-not-reach")
        guard !reach.isEmpty || !notReach.isEmpty else {
            throw fail(nil, "the expectation has neither 'must-reach' nor 'must-not-reach'")
        }
        var port: Int?
        if let node = mapping["port"] {
            guard let number = node.int, (1...65535).contains(number) else {
                throw fail(node, "'port' takes a number from 1 to 65535")
            }
            port = number
        }
        var ipProtocol = IPProtocol.tcp
        if let node = mapping["protocol"] {
            guard let parsed = node.string.flatMap(protocolNamed) else { throw fail(node, "'protocol' is tcp or udp") }
            ipProtocol = parsed
        }
        var out: [Expectation] = []
        for pattern in patterns {
            for (requirement, targets) in [(Expectation.Requirement.reach, reach), (.notReach, notReach)] {
                for text in targets {
                    let target = try parseTarget(text, source: source)
                    if let message = twoPorts(target, text, port) { throw fail(mapping["port"], message) }
                    out.append(
                        Expectation(
                            functions: FunctionPattern(pattern), requirement: requirement, target: target,
                            port: port,
                            ipProtocol: ipProtocol, source: source))
                }
            }
        }
        return out
    }
}
