/// A shell-style pattern for function names: `*` matches any run of characters, `?` one
/// character, everything else itself (case-sensitive, as Lambda names are). A pattern that
/// starts with `arn:` is matched against the function's ARN instead of its name.
///
/// ```swift
/// FunctionPattern("orders-*").matches(function)   // orders-api, orders-worker
/// FunctionPattern("arn:aws:lambda:eu-west-1:*").matches(function)
/// ```
public struct FunctionPattern: Sendable, Hashable, CustomStringConvertible {
    public let pattern: String

    public init(_ pattern: String) { self.pattern = pattern }

    /// Every function.
    public static let any = FunctionPattern("*")

    public var matchesEverything: Bool { pattern == "*" }

    public func matches(_ function: LambdaFunction) -> Bool {
        matches(text: pattern.hasPrefix("arn:") ? function.arn : function.name)
    }

    /// Glob matching of `text` (`*` any run, `?` one character), case-sensitive as names are.
    public func matches(text: String) -> Bool {
        pattern == "*" || wildcardMatch(pattern, text, caseInsensitive: false)
    }

    public var description: String { pattern }
}

/// Where something was written: a file and a 1-based line.
public struct SourceLine: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int

    public init(file: String, line: Int) {
        self.file = file
        self.line = line
    }

    public var description: String { "\(file):\(line)" }
}

/// One line of an `--expect` file, typed: which functions, must or must not, reach what.
///
/// The report stage reads the file (YAML or JSON, see docs/audit.md); the audit checks each
/// expectation against every function it matches:
///
/// ```swift
/// let expectation = Expectation(functions: FunctionPattern("fn-*"), requirement: .reach, target: .database("orders"))
/// ```
public struct Expectation: Sendable, Hashable {
    /// What the functions must do.
    public enum Requirement: String, Sendable, Hashable, CaseIterable {
        /// Reachable from every subnet (partial is a violation).
        case reach = "must reach"
        /// Unreachable from every subnet (partial is a violation: some invocations get through).
        case notReach = "must not reach"
    }

    public var functions: FunctionPattern
    public var requirement: Requirement
    public var target: Target
    /// nil: the target's default (443, or a database's endpoint port).
    public var port: Int?
    public var ipProtocol: IPProtocol
    /// Where the expectation was written, when it came from a file.
    public var source: SourceLine?
    /// The expectation as written (a sentence, or the object form re-spelled as one).
    public var text: String

    public init(
        functions: FunctionPattern, requirement: Requirement, target: Target, port: Int? = nil,
        ipProtocol: IPProtocol = .tcp, source: SourceLine? = nil, text: String? = nil
    ) {
        self.functions = functions
        self.requirement = requirement
        self.target = target
        self.port = port
        self.ipProtocol = ipProtocol
        self.source = source
        self.text =
            text
            ?? Self.sentence(
                functions: functions, requirement: requirement, target: target, port: port, ipProtocol: ipProtocol)
    }

    /// The canonical sentence: `fn-* must reach rds:orders`, `no function may reach internet`,
    /// `checkout must not reach aws:s3 on udp port 53`.
    public static func sentence(
        functions: FunctionPattern, requirement: Requirement, target: Target, port: Int?, ipProtocol: IPProtocol
    ) -> String {
        var out: String
        switch (functions.matchesEverything, requirement) {
        case (true, .reach): out = "every function must reach \(target)"
        case (true, .notReach): out = "no function may reach \(target)"
        case (false, _): out = "\(functions) \(requirement.rawValue) \(target)"
        }
        if ipProtocol != .tcp || port != nil {
            out += " on"
            if ipProtocol != .tcp { out += " \(ipProtocol)" }
            if let port { out += " port \(port)" }
        }
        return out
    }
}
