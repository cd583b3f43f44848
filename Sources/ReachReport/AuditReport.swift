import Foundation
import ReachCore

/// How an audit is written: for people (text), scripts (JSON) or code-scanning dashboards
/// (SARIF 2.1.0).
public enum AuditFormat: String, CaseIterable, Sendable {
    case text, json, sarif
}

/// The report stage for audits: the same `AuditResult` as text, as the versioned JSON
/// contract, or as SARIF. docs/audit.md describes the three.
public enum AuditReport {
    /// Where the findings point in SARIF, and what the text and JSON say about the run.
    public struct Context: Sendable {
        /// The inventory, as named on the command line: the SARIF location of findings that
        /// are not about an `--expect` line.
        public var inventory: String
        /// The threshold the exit status uses (nil: `--fail-on never`).
        public var failOn: Severity?

        public init(inventory: String, failOn: Severity? = .error) {
            self.inventory = inventory
            self.failOn = failOn
        }
    }

    /// JSON with sorted keys, pretty-printed, slashes as they are: stable bytes.
    static func encode<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        // Plain structs of strings, numbers and booleans always encode.
        let data = try! encoder.encode(value)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    public static func render(_ result: AuditResult, format: AuditFormat, context: Context, style: Style) -> String {
        switch format {
        case .text: return text(result, context: context, style: style)
        case .json: return json(result, context: context)
        case .sarif: return sarif(result, context: context)
        }
    }

    /// `render` as UTF-8 bytes handed to `sink` piece by piece, in order. A large
    /// organisation's JSON runs to tens of megabytes: it is written out while it is rendered,
    /// neither joined into one buffer nor turned into a String. `sink` is called one piece at a
    /// time, but not always on the caller's thread: pieces are written out while the next
    /// ones are rendered.
    public static func write(
        _ result: AuditResult, format: AuditFormat, context: Context, style: Style,
        to sink: @escaping @Sendable (UnsafeRawBufferPointer) -> Void
    ) {
        switch format {
        case .text:
            var text = text(result, context: context, style: style)
            text.withUTF8 { sink(UnsafeRawBufferPointer($0)) }
        case .json: _ = jsonDocument(result, context: context, sink: sink).finish()
        case .sarif: _ = sarifDocument(result, context: context, sink: sink).finish()
        }
    }

    // MARK: - Text

    static func cell(_ verdict: Verdict?, style: Style) -> (plain: String, styled: String) {
        switch verdict {
        case .reachable: return ("yes", style.green("yes"))
        case .partial: return ("PARTIAL", style.yellow("PARTIAL"))
        case .unreachable: return ("NO", style.red("NO"))
        case nil: return ("-", style.dim("-"))
        }
    }

    /// The matrix's group of functions whose capacity provider is not in the inventory: they are
    /// in no VPC that is known, and never among the functions without VpcConfig, which run in
    /// the Lambda-owned network.
    static let unexportedProviders = "\u{1}capacity-provider"
    static let unexportedProvidersHeading =
        "on a capacity provider not in the inventory (Lambda Managed Instances: the provider's subnets and security groups are unknown; aws lambda list-capacity-providers exports them)"

    /// The matrix group of a function: its first VPC, `unexportedProviders`, or "" (no VPC).
    static func matrixGroup(_ row: FunctionReachability) -> String {
        if let vpc = row.vpcs.first { return vpc }
        return row.capacityProvider != nil && !row.capacityProviderExported ? unexportedProviders : ""
    }

    /// VPCs first, then the functions on providers not exported, then those in no VPC.
    static func matrixGroupRank(_ group: String) -> Int {
        group == unexportedProviders ? 1 : group.isEmpty ? 2 : 0
    }

    static func plural(_ count: Int, _ word: String, _ plural: String? = nil) -> String {
        "\(count) \(count == 1 ? word : plural ?? word + "s")"
    }

    static func pad(_ plain: String, styled: String, to width: Int) -> String {
        styled + String(repeating: " ", count: max(0, width - plain.count))
    }

    /// A summary, the matrix per VPC, the findings with their fixes, the expectations, and
    /// the outcome against `--fail-on`. Every value from data (names, IDs, messages, the
    /// expectations' text) is escaped for the terminal (`Terminal.escaped`).
    public static func text(_ result: AuditResult, context: Context, style: Style) -> String {
        var out = summary(result, style: style)
        out +=
            "\n" + style.bold("Reachability")
            + style.dim("  (yes: from every subnet, PARTIAL: from some, NO: from none, -: not audited)") + "\n"
        if result.functions.isEmpty { out += "  no function to audit\n" }
        let groups = Dictionary(grouping: result.functions) { matrixGroup($0) }
        for vpc in groups.keys.sorted(by: { (matrixGroupRank($0), $0) < (matrixGroupRank($1), $1) }) {
            let rows = groups[vpc]!
            let name = result.vpcNames[vpc].map { " (\(Terminal.escaped($0)))" } ?? ""
            let heading =
                vpc == unexportedProviders
                ? unexportedProvidersHeading
                : vpc.isEmpty
                    ? "no VPC (no VpcConfig, a VpcConfig without subnets, or subnets not in the inventory)"
                    : "\(Terminal.escaped(vpc))\(name)"
            out += "\n" + style.bold(heading) + style.dim(", \(plural(rows.count, "function"))") + "\n"
            var columns: [String] = []
            for row in rows {
                for target in row.targets where !columns.contains(target.target) { columns.append(target.target) }
            }
            // Widths of what is shown: the escaped names and targets.
            let names = rows.map { Terminal.escaped($0.function) }
            let headings = columns.map { Terminal.escaped($0) }
            let nameWidth = max(8, names.map(\.count).max() ?? 0) + 2
            let widths = headings.map { max($0.count, 7) + 2 }
            var header = "  " + "function".padding(toLength: nameWidth, withPad: " ", startingAt: 0)
            for (heading, width) in zip(headings, widths) {
                header += heading.padding(toLength: width, withPad: " ", startingAt: 0)
            }
            out += style.dim(trimmed(header)) + "\n"
            for (row, name) in zip(rows, names) {
                var line = "  " + name.padding(toLength: nameWidth, withPad: " ", startingAt: 0)
                for (column, width) in zip(columns, widths) {
                    let (plain, styled) = cell(row.targets.first { $0.target == column }?.verdict, style: style)
                    line += pad(plain, styled: styled, to: width)
                }
                out += trimmed(line) + "\n"
            }
        }
        out += "\n" + style.bold("Findings") + "\n"
        if result.findings.isEmpty { out += "  none\n" }
        for finding in result.findings {
            let level: String
            switch finding.severity {
            case .error: level = style.red("error")
            case .warning: level = style.yellow("warning")
            case .note: level = style.dim("note")
            }
            var subject: String
            if finding.function.isEmpty {
                subject = Terminal.escaped(finding.source?.description ?? "")
            } else {
                subject =
                    Terminal.escaped(finding.function) + (finding.target.map { " -> \(Terminal.escaped($0))" } ?? "")
                    + " at \(Terminal.escaped(finding.component))"
            }
            out += "  \(level) \(style.bold(Terminal.escaped(finding.rule))) \(subject)\n"
            out += indent(Terminal.escaped(finding.message, keepingNewlines: true), by: "    ", then: "    ")
            if !finding.fix.isEmpty {
                out += indent(Terminal.escaped(finding.fix, keepingNewlines: true), by: "    fix: ", then: "         ")
            }
        }
        if !result.findings.isEmpty {
            let counts = Dictionary(grouping: result.findings, by: \.rule).mapValues(\.count)
            let byRule = AuditRule.all.compactMap { rule in counts[rule.id].map { "\(rule.id) \($0)" } }
            out += style.dim("  by rule: " + byRule.joined(separator: ", ")) + "\n"
        }
        if !result.expectations.isEmpty {
            out += "\n" + style.bold("Expectations") + "\n"
            for outcome in result.expectations {
                let place = outcome.expectation.source.map { "\(Terminal.escaped($0.description))  " } ?? ""
                let status: (plain: String, styled: String)
                let detail: String
                if let problem = outcome.problem {
                    (status, detail) = (("CANNOT CHECK", style.red("CANNOT CHECK")), Terminal.escaped(problem))
                } else if outcome.functionsChecked == 0 {
                    (status, detail) = (("NO FUNCTION", style.yellow("NO FUNCTION")), "no audited function matches")
                } else if outcome.violations > 0 {
                    let text = "by \(outcome.violations) of \(plural(outcome.functionsChecked, "function"))"
                    (status, detail) = (("VIOLATED", style.red("VIOLATED")), text)
                } else {
                    (status, detail) = (
                        ("holds", style.green("holds")), "for \(plural(outcome.functionsChecked, "function"))"
                    )
                }
                out +=
                    "  \(pad(status.plain, styled: status.styled, to: 14))\(place)\(Terminal.escaped(outcome.expectation.text))  \(style.dim("(\(detail))"))\n"
            }
        }
        out += "\n" + outcome(result, context: context, style: style) + "\n"
        return out
    }

    static func indent(_ text: String, by first: String, then rest: String) -> String {
        if !text.utf8.contains(UInt8(ascii: "\n")) { return first + text + "\n" }
        return text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map { index, line in
            (index == 0 ? first : rest) + line
        }.joined(separator: "\n") + "\n"
    }

    static func trimmed(_ line: String) -> String {
        var line = line
        while line.last == " " { line.removeLast() }
        return line
    }

    static func summary(_ result: AuditResult, style: Style) -> String {
        let answers = result.functions.reduce(0) { $0 + $1.targets.count }
        var out =
            style.bold("lambda-reach audit")
            + ": \(plural(result.functions.count, "function")) in \(plural(result.vpcCount, "VPC")), \(plural(answers, "answer")) (\(result.count(.reachable)) reachable, \(result.count(.partial)) partial, \(result.count(.unreachable)) unreachable)\n"
        out +=
            "Findings: \(plural(result.count(.error), "error")), \(plural(result.count(.warning), "warning")), \(plural(result.count(.note), "note"))"
        if !result.suppressed.isEmpty || !result.staleBaselineEntries.isEmpty {
            out +=
                "; \(result.suppressed.count) suppressed by the baseline, \(plural(result.staleBaselineEntries.count, "baseline entry", "baseline entries")) no longer found"
        }
        out += "\n"
        if !result.expectations.isEmpty {
            let holding = result.expectations.filter(\.passed).count
            out += "Expectations: \(holding) of \(result.expectations.count) hold\n"
        }
        return out
    }

    static func outcome(_ result: AuditResult, context: Context, style: Style) -> String {
        guard let threshold = context.failOn else {
            return style.bold("Result: not judged") + " (--fail-on never)"
        }
        let failing = result.failingCount(at: threshold)
        if failing == 0 {
            return style.green("Result: passed")
                + ": no finding at or above \(threshold.rawValue) (--fail-on \(threshold.rawValue))"
        }
        return style.red("Result: FAILED")
            + ": \(plural(failing, "finding")) at or above \(threshold.rawValue) (--fail-on \(threshold.rawValue))"
    }

    // MARK: - JSON

    /// The JSON contract: one object, sorted keys, stable bytes. Optional fields are `null`,
    /// never missing.
    public static func json(_ result: AuditResult, context: Context) -> String {
        jsonDocument(result, context: context).finishText()
    }

    static func jsonDocument(
        _ result: AuditResult, context: Context, sink: (@Sendable (UnsafeRawBufferPointer) -> Void)? = nil
    ) -> AuditJSONWriter {
        var out = AuditJSONWriter(sink: sink)
        let failing = result.failingCount(at: context.failOn)
        out.object { out in
            out.field("baseline") {
                $0.object { baseline in
                    baseline.field("stale") {
                        $0.array { list in
                            for key in result.staleBaselineEntries {
                                list.object {
                                    $0.field("component", key.component)
                                    // Only an expectation's entry has one (keys stay sorted).
                                    if !key.expectation.isEmpty { $0.field("expectation", key.expectation) }
                                    $0.field("functionArn", key.functionArn)
                                    $0.field("rule", key.rule)
                                    $0.field("target", key.target)
                                }
                            }
                        }
                    }
                    baseline.field("suppressed", result.suppressed.count)
                }
            }
            out.field("expectations") {
                $0.array { list in
                    for outcome in result.expectations {
                        list.object {
                            $0.field("expectation", outcome.expectation.text)
                            $0.field("functionsChecked", outcome.functionsChecked)
                            $0.field("holds", outcome.passed)
                            $0.field("problem", outcome.problem)
                            $0.field("requirement", outcome.expectation.requirement.rawValue)
                            $0.field("source", outcome.expectation.source?.description)
                            $0.field("target", outcome.expectation.target.description)
                            $0.field("violations", outcome.violations)
                        }
                    }
                }
            }
            out.field("findings") {
                $0.array { list in
                    list.elements(result.findings) { list, finding in
                        list.object {
                            $0.field("component", finding.component)
                            $0.field("fix", finding.fix)
                            $0.field("function", finding.function.isEmpty ? nil : finding.function)
                            $0.field("functionArn", finding.functionArn.isEmpty ? nil : finding.functionArn)
                            $0.field("message", finding.message)
                            $0.field("rule", finding.rule)
                            $0.field("severity", finding.severity.rawValue)
                            $0.field("source", finding.source?.description)
                            $0.field("target", finding.target)
                        }
                    }
                }
            }
            out.field("functions") {
                $0.array { list in
                    list.elements(result.functions) { list, row in
                        list.object { function in
                            function.field("function", row.function)
                            function.field("functionArn", row.functionArn)
                            function.field("subnets", strings: row.subnets)
                            function.field("targets") {
                                $0.array { targets in
                                    // Cells and blockers read where they are: a copy of each is a
                                    // retain and a release of each of its strings and arrays, for
                                    // every cell of an organisation's matrix.
                                    row.targets.withUnsafeBufferPointer { cells in
                                        for cell in cells.indices {
                                            targets.object {
                                                $0.field("blockers") {
                                                    $0.array { blockers in
                                                        cells[cell].blockers.withUnsafeBufferPointer { keys in
                                                            for key in keys.indices {
                                                                blockers.object {
                                                                    $0.field("code", keys[key].code.rawValue)
                                                                    $0.field("component", keys[key].component)
                                                                }
                                                            }
                                                        }
                                                    }
                                                }
                                                $0.field(
                                                    "failingAvailabilityZones",
                                                    strings: cells[cell].failingAvailabilityZones)
                                                $0.field("port", cells[cell].port)
                                                $0.field("protocol", cells[cell].ipProtocol)
                                                $0.field("target", cells[cell].target)
                                                $0.field("verdict", cells[cell].verdict.rawValue)
                                            }
                                        }
                                    }
                                }
                            }
                            function.field("vpcs", strings: row.vpcs)
                        }
                    }
                }
            }
            out.field("outcome") {
                $0.object {
                    $0.field("failOn", context.failOn?.rawValue ?? "never")
                    $0.field("failingFindings", failing)
                    $0.field("passed", failing == 0)
                }
            }
            out.field("schemaVersion", AuditResult.schemaVersion)
            out.field("summary") {
                $0.object {
                    $0.field("answers", result.functions.reduce(0) { $0 + $1.targets.count })
                    $0.field("errors", result.count(.error))
                    $0.field("functions", result.functions.count)
                    $0.field("notes", result.count(.note))
                    $0.field("partial", result.count(.partial))
                    $0.field("reachable", result.count(.reachable))
                    $0.field("unreachable", result.count(.unreachable))
                    $0.field("vpcs", result.vpcCount)
                    $0.field("warnings", result.count(.warning))
                }
            }
        }
        return out
    }

    // MARK: - SARIF

    /// SARIF 2.1.0: one run, every rule in `tool.driver.rules`, one result per finding with a
    /// physical location (the `--expect` line, else the inventory file) for code-scanning
    /// services that require one, logical locations for the function and the component, and
    /// a partial fingerprint from the finding's key so that dashboards track it across runs.
    public static func sarif(_ result: AuditResult, context: Context) -> String {
        sarifDocument(result, context: context).finishText()
    }

    static func sarifDocument(
        _ result: AuditResult, context: Context, sink: (@Sendable (UnsafeRawBufferPointer) -> Void)? = nil
    ) -> AuditJSONWriter {
        let rules = AuditRule.all
        let index = Dictionary(uniqueKeysWithValues: rules.enumerated().map { ($1.id, $0) })
        var out = AuditJSONWriter(sink: sink)
        out.object { log in
            log.field("$schema", "https://json.schemastore.org/sarif-2.1.0.json")
            log.field("runs") {
                $0.array {
                    $0.object { run in
                        run.field("results") {
                            $0.array { results in
                                for finding in result.findings {
                                    results.object {
                                        sarifResult(
                                            finding, ruleIndex: index[finding.rule] ?? 0, context: context, into: &$0)
                                    }
                                }
                            }
                        }
                        run.field("tool") {
                            $0.object {
                                $0.field("driver") {
                                    $0.object { driver in
                                        driver.field("name", "lambda-reach")
                                        driver.field("rules") {
                                            $0.array { list in
                                                for rule in rules { list.object { sarifRule(rule, into: &$0) } }
                                            }
                                        }
                                        driver.field("semanticVersion", ReachCoreVersion.string)
                                    }
                                }
                            }
                        }
                    }
                }
            }
            log.field("version", "2.1.0")
        }
        return out
    }

    static func sarifRule(_ rule: AuditRule, into out: inout AuditJSONWriter) {
        out.field("defaultConfiguration") { $0.object { $0.field("level", rule.severity.rawValue) } }
        out.field("fullDescription") { $0.object { $0.field("text", rule.description) } }
        out.field("help") { $0.object { $0.field("text", "\(rule.description) See docs/audit.md, rule \(rule.id).") } }
        out.field("id", rule.id)
        out.field("name", pascalCase(rule.id))
        out.field("properties") { $0.object { $0.field("tags", strings: ["aws", "lambda", "network"]) } }
        out.field("shortDescription") { $0.object { $0.field("text", rule.title) } }
    }

    static func sarifResult(_ finding: Finding, ruleIndex: Int, context: Context, into out: inout AuditJSONWriter) {
        out.field("level", finding.severity.rawValue)
        out.field("locations") {
            $0.array {
                $0.object { location in
                    location.field("logicalLocations") {
                        $0.array { list in
                            if !finding.functionArn.isEmpty {
                                list.object {
                                    $0.field("fullyQualifiedName", finding.functionArn)
                                    $0.field("kind", "function")
                                    $0.field("name", finding.function)
                                }
                            }
                            list.object {
                                $0.field("fullyQualifiedName", finding.component)
                                $0.field("kind", "resource")
                                $0.field("name", finding.component)
                            }
                        }
                    }
                    location.field("physicalLocation") {
                        $0.object { physical in
                            physical.field("artifactLocation") {
                                $0.object { $0.field("uri", uri(finding.source?.file ?? context.inventory)) }
                            }
                            if let source = finding.source {
                                physical.field("region") { $0.object { $0.field("startLine", max(1, source.line)) } }
                            }
                        }
                    }
                }
            }
        }
        out.field("message") {
            $0.object {
                $0.field("text", finding.fix.isEmpty ? finding.message : "\(finding.message)\nFix:\n\(finding.fix)")
            }
        }
        out.field("partialFingerprints") {
            $0.object { $0.field("lambdaReachFindingKey/v1", fingerprint(finding.key)) }
        }
        out.field("properties") {
            $0.object { properties in
                properties.field("component", finding.component)
                properties.field("fix", finding.fix)
                if !finding.function.isEmpty {
                    properties.field("function", finding.function)
                    properties.field("functionArn", finding.functionArn)
                }
                if let target = finding.target { properties.field("target", target) }
            }
        }
        out.field("ruleId", finding.rule)
        out.field("ruleIndex", ruleIndex)
    }

    /// A relative path stays relative (to the checkout, as code scanning expects); an
    /// absolute one becomes a file URI. Either way percent-encoded.
    static func uri(_ path: String) -> String {
        let encoded = path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? path
        return path.hasPrefix("/") ? "file://\(encoded)" : encoded
    }

    /// FNV-1a 64 of the key's text, hex: stable across runs, platforms and versions.
    static func fingerprint(_ key: FindingKey) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key.description.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// `reach-unreachable` -> `ReachUnreachable`, SARIF's customary rule name.
    static func pascalCase(_ id: String) -> String {
        id.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }
}
