import Foundation
import ReachCore

/// How `lambda-reach diff` is written: for people, for scripts (docs/diff.md's contract), or
/// as SARIF with the regressions only.
public enum DiffFormat: String, CaseIterable, Sendable {
    case text, json, sarif
}

/// The report stage for diffs: the same `ReachabilityDiff` as text, JSON or SARIF.
public enum DiffReport {
    /// The version of the JSON contract (docs/diff.md).
    public static let schemaVersion = 1

    /// `locate` places a SARIF result at a source line (a template's) when it knows one.
    public static func render(
        _ diff: ReachabilityDiff, format: DiffFormat, failOn: Severity?, new: Network, location: String, style: Style,
        locate: (Finding) -> Finding = { $0 }
    ) -> String {
        switch format {
        case .text: return text(diff, failOn: failOn, style: style)
        case .json: return json(diff, failOn: failOn)
        case .sarif: return sarif(diff, failOn: failOn, new: new, location: location, locate: locate)
        }
    }

    static func said(_ verdict: Verdict?) -> String { verdict?.rawValue ?? "absent" }

    /// `reachable -> UNREACHABLE`: the side that is worse in capitals.
    static func move(_ change: ReachabilityDiff.Change, style: Style) -> String {
        let after = said(change.after)
        return "\(said(change.before)) -> \(change.isWorse ? style.red(after.uppercased()) : style.green(after))"
    }

    /// One line per verdict that moved, its causes under it; then findings and functions.
    public static func text(_ diff: ReachabilityDiff, failOn: Severity?, style: Style) -> String {
        let worse = diff.changes.filter(\.isWorse).count
        let counted = { (count: Int, noun: String) in "\(count) \(noun)\(count == 1 ? "" : "s")" }
        var out = "lambda-reach diff: \(counted(diff.changes.count, "verdict")) changed (\(worse) worse), "
        out += "\(counted(diff.appeared.count, "finding")) appeared, \(diff.resolved.count) resolved\n"
        if diff.changes.isEmpty && diff.appeared.isEmpty && diff.resolved.isEmpty && diff.functionsAdded.isEmpty
            && diff.functionsRemoved.isEmpty
        {
            return out + "No verdict or finding changes.\n"
        }
        for change in diff.changes {
            let place =
                change.subnet.isEmpty
                ? "" : " in \(Terminal.escaped(change.availabilityZone)) (\(Terminal.escaped(change.subnet)))"
            out +=
                "\n\(style.bold(Terminal.escaped(change.function))) -> \(Terminal.escaped(change.target)) (\(change.ipProtocol)/\(change.port)): \(move(change, style: style))\(place)\n"
            if change.causes.isEmpty {
                out +=
                    "  no component on either path changed: what moved is outside them (a function, a target added or removed)\n"
            }
            for cause in change.causes {
                out += "  \(Terminal.escaped(cause.component)): \(Terminal.escaped(cause.change))\n"
            }
            if change.after == .unreachable {
                for blocker in change.blockersAfter {
                    out +=
                        style.dim("  now blocked: \(blocker.code.rawValue) at \(Terminal.escaped(blocker.component))")
                        + "\n"
                }
            }
        }
        for (title, findings) in [("Findings that appear", diff.appeared), ("Findings resolved", diff.resolved)]
        where !findings.isEmpty {
            out += "\n" + style.bold(title) + "\n"
            for finding in findings {
                let who = finding.function.isEmpty ? "" : " \(Terminal.escaped(finding.function))"
                out +=
                    "  \(finding.severity.rawValue) \(finding.rule)\(who) at \(Terminal.escaped(finding.component)): \(Terminal.escaped(finding.message))\n"
            }
        }
        if !diff.functionsAdded.isEmpty {
            out += "\nFunctions added: \(diff.functionsAdded.map { Terminal.escaped($0) }.joined(separator: ", "))\n"
        }
        if !diff.functionsRemoved.isEmpty {
            out += "Functions removed: \(diff.functionsRemoved.map { Terminal.escaped($0) }.joined(separator: ", "))\n"
        }
        if diff.isWorse(failOn: failOn) { out += "\n" + style.red("Worse: exit status 1") + "\n" }
        return out
    }

    // MARK: JSON

    struct Contract: Encodable {
        struct Cause: Encodable {
            var component: String
            var change: String
        }
        struct BlockerKeyContract: Encodable {
            var code: String
            var component: String
        }
        struct Change: Encodable {
            var function: String
            var functionArn: String
            var target: String
            var `protocol`: String
            var port: Int
            var subnet: String
            var availabilityZone: String
            var before: String
            var after: String
            var cellBefore: String
            var cellAfter: String
            var worse: Bool
            var causes: [Cause]
            var blockersAfter: [BlockerKeyContract]
        }
        struct FindingContract: Encodable {
            var rule: String
            var severity: String
            var function: String
            var functionArn: String
            var target: String?
            var component: String
            var message: String
            var fix: String
        }
        struct Findings: Encodable {
            var appeared: [FindingContract]
            var resolved: [FindingContract]
        }
        struct Functions: Encodable {
            var added: [String]
            var removed: [String]
        }
        struct Summary: Encodable {
            var changed: Int
            var worse: Int
            var findingsAppeared: Int
            var findingsResolved: Int
            var failed: Bool
        }
        var schemaVersion = DiffReport.schemaVersion
        var summary: Summary
        var changes: [Change]
        var findings: Findings
        var functions: Functions
    }

    public static func json(_ diff: ReachabilityDiff, failOn: Severity?) -> String {
        let finding = { (f: Finding) in
            Contract.FindingContract(
                rule: f.rule, severity: f.severity.rawValue, function: f.function, functionArn: f.functionArn,
                target: f.target, component: f.component, message: f.message, fix: f.fix)
        }
        let contract = Contract(
            summary: Contract.Summary(
                changed: diff.changes.count, worse: diff.changes.filter(\.isWorse).count,
                findingsAppeared: diff.appeared.count, findingsResolved: diff.resolved.count,
                failed: diff.isWorse(failOn: failOn)),
            changes: diff.changes.map { change in
                Contract.Change(
                    function: change.function, functionArn: change.functionArn, target: change.target,
                    protocol: change.ipProtocol, port: change.port, subnet: change.subnet,
                    availabilityZone: change.availabilityZone, before: said(change.before), after: said(change.after),
                    cellBefore: said(change.cellBefore), cellAfter: said(change.cellAfter), worse: change.isWorse,
                    causes: change.causes.map { Contract.Cause(component: $0.component, change: $0.change) },
                    blockersAfter: change.blockersAfter.map {
                        Contract.BlockerKeyContract(code: $0.code.rawValue, component: $0.component)
                    })
            },
            findings: Contract.Findings(appeared: diff.appeared.map(finding), resolved: diff.resolved.map(finding)),
            functions: Contract.Functions(added: diff.functionsAdded, removed: diff.functionsRemoved))
        return AuditReport.encode(contract)
    }

    // MARK: SARIF

    /// The regressions only: each verdict that got worse (as the audit's reach-unreachable or
    /// reach-partial rule) and each finding at or above `failOn` that appeared.
    public static func sarif(
        _ diff: ReachabilityDiff, failOn: Severity?, new: Network, location: String,
        locate: (Finding) -> Finding = { $0 }
    ) -> String {
        var findings: [Finding] = []
        for change in diff.changes where change.isWorse {
            let rule: AuditRule = change.cellAfter == .partial ? .reachPartial : .reachUnreachable
            let place = change.subnet.isEmpty ? "" : " in \(change.availabilityZone) (\(change.subnet))"
            let causes = change.causes.map { "\($0.component): \($0.change)" }
            findings.append(
                Finding(
                    rule: rule, function: new.functions[change.functionArn], target: change.target,
                    component: change.blockersAfter.first?.component ?? change.causes.first?.component ?? change.subnet,
                    message:
                        "\(change.function) -> \(change.target): \(said(change.before)) -> \(said(change.after))\(place)"
                        + (causes.isEmpty ? "" : ", because \(causes.joined(separator: "; "))"),
                    fix: ""))
        }
        findings += diff.appeared.filter { finding in failOn.map { finding.severity.isAtLeast($0) } ?? false }
        let result = AuditResult(
            functions: [], findings: Finding.sorted(findings.map(locate)), suppressed: [], staleBaselineEntries: [],
            expectations: [], vpcCount: 0)
        return AuditReport.sarif(result, context: AuditReport.Context(inventory: location, failOn: failOn))
    }
}
