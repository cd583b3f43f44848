import Foundation
import ReachCore

/// How a report is written: for people (text) or for scripts (JSON).
public enum OutputFormat: String, CaseIterable, Sendable {
    case text, json
}

/// Terminal styling, used only when the output is a terminal and NO_COLOR is not set.
public struct Style: Sendable {
    public var enabled: Bool

    public init(enabled: Bool) { self.enabled = enabled }

    /// Colour for standard output when it is a terminal, unless NO_COLOR is set (no-color.org).
    public static func forStandardOutput() -> Style {
        let environment = ProcessInfo.processInfo.environment
        let noColor = environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        return Style(enabled: isatty(STDOUT_FILENO) == 1 && !noColor && environment["TERM"] != "dumb")
    }

    func wrap(_ text: String, _ code: String) -> String { enabled ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }
    public func bold(_ text: String) -> String { wrap(text, "1") }
    public func dim(_ text: String) -> String { wrap(text, "2") }
    public func red(_ text: String) -> String { wrap(text, "31") }
    public func green(_ text: String) -> String { wrap(text, "32") }
    public func yellow(_ text: String) -> String { wrap(text, "33") }

    public func verdict(_ verdict: Verdict) -> String {
        switch verdict {
        case .reachable: return green(verdict.rawValue.uppercased())
        case .unreachable: return red(verdict.rawValue.uppercased())
        case .partial: return yellow(verdict.rawValue.uppercased())
        }
    }
}

/// The report stage for answers: the same `Answer`, as text or as the versioned JSON contract
/// described in docs/json-contract.md.
public enum AnswerReport {
    /// The JSON contract: one object, sorted keys, stable bytes.
    public static func json(_ answer: Answer) -> String {
        encode(Contract(answer))
    }

    /// Several answers as one JSON array (used by scripts asking many questions).
    public static func json(_ answers: [Answer]) -> String {
        encode(answers.map(Contract.init))
    }

    static func encode<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        // Encoding plain structs of strings and numbers cannot fail.
        let data = try! encoder.encode(value)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// The JSON shape, kept apart from the model so that the contract changes only on purpose.
    struct Contract: Encodable {
        var schemaVersion = Answer.schemaVersion
        var function: String
        var functionArn: String
        var target: String
        var `protocol`: String
        var port: Int
        var verdict: String
        var failingAvailabilityZones: [String]
        var subnets: [SubnetContract]
        var blockers: [BlockerContract]
        var notes: [String]
        /// With `--template` only: the planned components the answer names (absent otherwise).
        var planned: [PlannedComponent]?

        init(_ answer: Answer) {
            function = answer.function
            functionArn = answer.functionArn
            target = answer.target
            self.protocol = answer.ipProtocol
            port = answer.port
            verdict = answer.verdict.rawValue
            failingAvailabilityZones = answer.verdict == .reachable ? [] : answer.failingAvailabilityZones
            subnets = answer.subnets.map { SubnetContract($0, of: answer) }
            blockers = answer.blockers.map { BlockerContract($0, of: answer) }
            notes = answer.notes
            planned = answer.planned.isEmpty ? nil : answer.planned
        }
    }

    struct SubnetContract: Encodable {
        var subnet: String
        var availabilityZone: String
        var availabilityZoneId: String?
        var sharedBy: String?
        var verdict: String
        var hops: [Hop]
        var blockers: [BlockerContract]

        init(_ subnet: SubnetAnswer, of answer: Answer) {
            self.subnet = subnet.subnet
            availabilityZone = subnet.availabilityZone
            availabilityZoneId = subnet.availabilityZoneId
            sharedBy = subnet.sharedBy
            verdict = subnet.verdict.rawValue
            hops = subnet.hops
            blockers = subnet.blockers.map { BlockerContract($0, of: answer) }
        }
    }

    /// A blocker with its words, written for the answer's function.
    struct BlockerContract: Encodable {
        var code: String
        var component: String
        var message: String
        var fix: String

        init(_ blocker: Blocker, of answer: Answer) {
            let words = answer.words(of: blocker)
            code = blocker.code.rawValue
            component = blocker.component
            message = words.message
            fix = words.fix
        }
    }

    /// A subnet's verdict in lower case: partial when only some of its connections fail (a
    /// destination whose name resolves to addresses in several zones).
    static func subnetVerdict(_ verdict: Verdict, style: Style) -> String {
        switch verdict {
        case .reachable: return style.green("reachable")
        case .unreachable: return style.red("unreachable")
        case .partial: return style.yellow("partial (some connections fail)")
        }
    }

    /// ` (us-east-1a)`; for a subnet shared from another account, whose zone names differ from
    /// the function's account's, ` (us-east-1c, use1-az2, shared by 111111111111)`.
    static func zoneText(_ subnet: SubnetAnswer) -> String {
        guard !subnet.availabilityZone.isEmpty else { return "" }
        guard let owner = subnet.sharedBy else { return " (\(Terminal.escaped(subnet.availabilityZone)))" }
        let id = subnet.availabilityZoneId.map { ", \(Terminal.escaped($0))" } ?? ""
        return " (\(Terminal.escaped(subnet.availabilityZone))\(id), shared by \(Terminal.escaped(owner)))"
    }

    /// `query`'s text: a verdict line, a line per subnet, and each blocker with its fix. Every
    /// value from data is escaped for the terminal (`Terminal.escaped`).
    public static func short(_ answer: Answer, style: Style) -> String {
        let function = Terminal.escaped(answer.function)
        let target = Terminal.escaped(answer.target)
        var out =
            "\(style.bold(function)) -> \(target) (\(Terminal.escaped(answer.ipProtocol))/\(answer.port)): \(style.verdict(answer.verdict))\n"
        for blocker in answer.blockers {
            out += "  \(style.red(blocker.code.rawValue)) at \(Terminal.escaped(blocker.component))\n"
            out += indent(
                Terminal.escaped(answer.words(of: blocker).fix, keepingNewlines: true), by: "    fix: ",
                then: "         ")
        }
        // A fix that several subnets share is written once (as in `why`).
        var fixedFrom: [String: String] = [:]
        for subnet in answer.subnets {
            let zone = zoneText(subnet)
            out +=
                "  \(Terminal.escaped(subnet.subnet))\(zone): \(subnetVerdict(subnet.verdict, style: style))"
            if subnet.verdict == .reachable {
                let path = subnet.route
                out += style.dim(" via " + path.map { Terminal.escaped($0) }.joined(separator: " > ")) + "\n"
            } else {
                out += "\n"
            }
            for blocker in subnet.blockers {
                out += "    \(style.red(blocker.code.rawValue)) at \(Terminal.escaped(blocker.component))\n"
                let fix = sharedFix(answer.words(of: blocker).fix, from: subnet.subnet, fixedFrom: &fixedFrom)
                out += indent(Terminal.escaped(fix, keepingNewlines: true), by: "      fix: ", then: "           ")
            }
        }
        if answer.verdict == .partial {
            let zones = answer.failingPlaces.map { Terminal.escaped($0) }
            out += "  \(style.yellow("fails in")) \(zones.joined(separator: ", ")): intermittent timeouts\n"
        }
        // A command to copy: each value one shell word, then shown safely.
        let why = Shell.command(["lambda-reach", "why", answer.function, "--to", answer.target] + sameQuestion(answer))
        // An answer about planned components needs the same templates or plans again.
        let same = answer.planned.isEmpty ? "" : " with the same --template/--plan"
        if answer.verdict != .reachable {
            out += style.dim("  (\(Terminal.escaped(why))\(same) explains it)") + "\n"
        } else if !answer.notes.isEmpty {
            // A reachable answer's notes can qualify it (a role that was not checked, an update
            // in progress): the short form says there are some, and where to read them.
            let count = answer.notes.count == 1 ? "1 note" : "\(answer.notes.count) notes"
            out += style.dim("  (\(count): \(Terminal.escaped(why))\(same) shows them)") + "\n"
        }
        return out
    }

    /// The options that ask `why` the question `answer` answers: its port unless the target
    /// names it or it is the default 443 (a database's default is its own, so it is always
    /// named), and its protocol when it is not tcp.
    static func sameQuestion(_ answer: Answer) -> [String] {
        var options: [String] = []
        let namesPort = answer.target.hasPrefix("ip:") && answer.target.hasSuffix(":\(answer.port)")
        if answer.target != "logs" && !namesPort && (answer.port != 443 || answer.target.hasPrefix("rds:")) {
            options += ["--port", String(answer.port)]
        }
        if answer.ipProtocol != "tcp" { options += ["--protocol", answer.ipProtocol] }
        return options
    }

    /// `why`'s text: the path hop by hop, every blocker explained, and the fixes. Every value
    /// from data is escaped for the terminal (`Terminal.escaped`).
    public static func long(_ answer: Answer, style: Style) -> String {
        let function = Terminal.escaped(answer.function)
        let zones = answer.failingPlaces.map { Terminal.escaped($0) }.joined(separator: ", ")
        var out =
            "\(style.bold("Can \(function) reach \(Terminal.escaped(answer.target))?")) \(Terminal.escaped(answer.ipProtocol)) port \(answer.port)\n"
        out += "Verdict: \(style.verdict(answer.verdict))"
        switch answer.verdict {
        case .reachable:
            out += answer.subnets.isEmpty ? "\n" : " from every subnet of the function.\n"
        case .unreachable:
            out += answer.subnets.isEmpty ? "\n" : " from every subnet of the function.\n"
        case .partial where !answer.subnets.contains(where: { $0.verdict == .reachable }):
            out +=
                ": from every subnet of the function some connections get through and some fail, typically as intermittent timeouts or errors.\n"
        case .partial:
            let good = answer.subnets.filter { $0.verdict == .reachable }.count
            out +=
                " (\(good) of \(answer.subnets.count) subnets). Lambda spreads invocations over all of the function's subnets, so the ones that land in \(zones) fail, typically as intermittent timeouts.\n"
        }
        if answer.subnets.isEmpty && !answer.functionArn.isEmpty {
            out += "\(function) has no VpcConfig: it runs in a network owned by Lambda.\n"
        }
        if !answer.blockers.isEmpty {
            out += "\n" + style.bold("What stops the function whatever the subnet") + "\n"
            for blocker in answer.blockers { out += describe(blocker, of: answer, style: style) }
        }
        // A fix that several subnets share (their route table, network ACL or NAT gateway) is
        // written once: run twice, it would create a second NAT gateway, or fail.
        var fixedFrom: [String: String] = [:]
        for subnet in answer.subnets {
            let zone = subnet.availabilityZone.isEmpty ? "" : " in \(Terminal.escaped(subnet.availabilityZone))"
            out +=
                "\n" + style.bold("From \(Terminal.escaped(subnet.subnet))\(zone): \(subnet.verdict.rawValue)") + "\n"
            for (index, hop) in subnet.hops.enumerated() {
                out +=
                    "  \(index + 1). \(Terminal.escaped(hop.component)) \(style.dim("[\(hop.kind)]")) \(Terminal.escaped(hop.detail))\n"
            }
            if !subnet.blockers.isEmpty {
                out +=
                    "  " + style.red("Blocked")
                    + (subnet.blockers.count > 1 ? " (\(subnet.blockers.count) things to fix):" : ":") + "\n"
                for blocker in subnet.blockers {
                    out += describe(blocker, of: answer, style: style, indent: "  ") {
                        sharedFix($0, from: subnet.subnet, fixedFrom: &fixedFrom)
                    }
                }
            }
        }
        if !answer.planned.isEmpty {
            out += "\n" + style.bold("Planned (not deployed yet)") + "\n"
            for component in answer.planned {
                let what = component.awsDefault ? "\(component.type), made by AWS" : component.type
                out +=
                    "  \(Terminal.escaped(component.location)) \(Terminal.escaped(component.logicalId)) \(style.dim("[\(Terminal.escaped(what))]"))"
                out += component.note.map { ": \(Terminal.escaped($0))" } ?? ""
                out += "\n"
            }
        }
        if !answer.notes.isEmpty {
            out += "\n" + style.bold("Notes") + "\n"
            for note in answer.notes {
                out += indent(Terminal.escaped(note, keepingNewlines: true), by: "  - ", then: "    ")
            }
        }
        return out
    }

    /// A blocker's words; its fix as `fix` writes it (a subnet's: once per answer, `sharedFix`).
    static func describe(
        _ blocker: Blocker, of answer: Answer, style: Style, indent prefix: String = "",
        fix written: (String) -> String = { $0 }
    ) -> String {
        let words = answer.words(of: blocker)
        var out =
            "\(prefix)  \(style.red(blocker.code.rawValue)) at \(style.bold(Terminal.escaped(blocker.component)))\n"
        out += indent(
            Terminal.escaped(words.message, keepingNewlines: true), by: "\(prefix)    ", then: "\(prefix)    ")
        out += indent(
            Terminal.escaped(written(words.fix), keepingNewlines: true), by: "\(prefix)    Fix: ",
            then: "\(prefix)         ")
        return out
    }

    /// `fix`, or where it was written already: the first subnet (`fixedFrom`) whose blocker had
    /// the same fix. An empty fix is written as it is.
    static func sharedFix(_ fix: String, from subnet: String, fixedFrom: inout [String: String]) -> String {
        guard !fix.isEmpty else { return fix }
        if let first = fixedFrom[fix], first != subnet { return "the same as for \(first) above (run it once)" }
        fixedFrom[fix] = subnet
        return fix
    }

    static func indent(_ text: String, by first: String, then rest: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map { index, line in
            (index == 0 ? first : rest) + line
        }.joined(separator: "\n") + "\n"
    }
}
