import ReachCore

/// The audit as one HTML page for people: the summary, the function x target matrix with
/// filters (by verdict, VPC and target), the findings by severity, and for each failing cell
/// its path drawn (the SVG of `PathDiagram`) with what blocks it and the fixes.
///
/// One self-contained file: the styles and the script are inline, nothing is fetched (the
/// page's Content-Security-Policy forbids it), and it works opened from `file://`. The bytes
/// depend only on the audit and the answers: no clock, sorted as the text report sorts, every
/// value from data escaped (`Markup.escaped`).
public enum AuditHTMLReport {
    /// The page. `answers` holds the answer of each failing cell (`CellAnswers`); a failing
    /// cell without one is listed without a drawing.
    public static func render(_ result: AuditResult, answers: [AuditCell: Answer], context: AuditReport.Context)
        -> String
    {
        var page = Page()
        page.head()
        page.summary(result, context: context)
        let cells = page.matrix(result)
        page.findings(result)
        page.paths(cells, answers: answers)
        page.expectations(result)
        page.foot()
        return page.out
    }

    /// The prefix of the arrow heads' IDs, which every drawing of the page shares.
    static let diagramPrefix = "pd"

    /// A failing cell as the page shows it: where it is in the matrix and what filters it.
    struct ShownCell {
        var id: String
        var cell: AuditCell
        var function: String
        var vpcs: [String]
        var reachability: TargetReachability
    }

    struct Page {
        var out = ""

        mutating func head() {
            out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            // Nothing but what is inline: no request can leave the page, whatever a value holds.
            out +=
                "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n"
            out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            out +=
                "<title>lambda-reach audit</title>\n<style>\n\(AuditHTMLReport.style)\n\(PathDiagram.svgStyle)\n</style>\n"
            out += "</head>\n<body>\n<h1>lambda-reach audit</h1>\n"
            // The arrow heads of every drawing, once (the drawings refer to them by ID).
            out +=
                "<svg class=\"pd\" width=\"0\" height=\"0\" aria-hidden=\"true\" style=\"position:absolute\">\(PathDiagram.svgDefinitions(idPrefix: AuditHTMLReport.diagramPrefix))</svg>\n"
        }

        mutating func summary(_ result: AuditResult, context: AuditReport.Context) {
            // The text report's own summary and outcome lines: the same counts, in the same words.
            let plain = Style(enabled: false)
            let text =
                AuditReport.summary(result, style: plain) + AuditReport.outcome(result, context: context, style: plain)
            let failed = result.failingCount(at: context.failOn) > 0
            out += "<section id=\"summary\" class=\"\(failed ? "failed" : "passed")\">\n<h2>Summary</h2>\n"
            out += "<pre>\(Markup.escaped(text, keepingNewlines: true))</pre>\n</section>\n"
        }

        /// The matrix, a table per VPC as the text report groups it, with the filters above
        /// it; the failing cells, numbered in matrix order.
        mutating func matrix(_ result: AuditResult) -> [ShownCell] {
            let groups = Dictionary(grouping: result.functions) { $0.vpcs.first ?? "" }
            let vpcOrder = groups.keys.sorted { ($0.isEmpty ? 1 : 0, $0) < ($1.isEmpty ? 1 : 0, $1) }
            let allVPCs = Set(result.functions.flatMap(\.vpcs)).sorted()
            let allTargets = Set(result.functions.flatMap { $0.targets.map(\.target) }).sorted()
            out += "<section id=\"matrix\">\n<h2>Reachability</h2>\n"
            out +=
                "<p class=\"legend\"><span class=\"v-reachable\">yes</span>: from every subnet, <span class=\"v-partial\">PARTIAL</span>: from some, <span class=\"v-unreachable\">NO</span>: from none, -: not audited. A failing cell links to its path.</p>\n"
            out += "<form id=\"filters\" autocomplete=\"off\">\n"
            out += "<label>Verdict <select id=\"filter-verdict\">"
            for (value, label) in [
                ("", "all"), ("failing", "failing (partial or unreachable)"), ("reachable", "reachable"),
                ("partial", "partial"), ("unreachable", "unreachable"),
            ] {
                out += "<option value=\"\(value)\">\(label)</option>"
            }
            out += "</select></label>\n<label>VPC <select id=\"filter-vpc\"><option value=\"\">all</option>"
            for vpc in allVPCs {
                let name = result.vpcNames[vpc].map { " (\(Markup.escaped($0)))" } ?? ""
                out += "<option value=\"\(Markup.escaped(vpc))\">\(Markup.escaped(vpc))\(name)</option>"
            }
            if groups[""] != nil { out += "<option value=\"none\">no VPC</option>" }
            out += "</select></label>\n<label>Target <select id=\"filter-target\"><option value=\"\">all</option>"
            for target in allTargets {
                out += "<option value=\"\(Markup.escaped(target))\">\(Markup.escaped(target))</option>"
            }
            out += "</select></label>\n<output id=\"filter-count\"></output>\n</form>\n"
            if result.functions.isEmpty { out += "<p>No function to audit.</p>\n" }

            var cells: [ShownCell] = []
            for vpc in vpcOrder {
                let rows = groups[vpc]!
                let name = result.vpcNames[vpc].map { " (\(Markup.escaped($0)))" } ?? ""
                let heading =
                    vpc.isEmpty
                    ? "no VPC (no VpcConfig, a VpcConfig without subnets, or subnets not in the inventory)"
                    : "\(Markup.escaped(vpc))\(name)"
                var columns: [String] = []
                for row in rows {
                    for target in row.targets where !columns.contains(target.target) { columns.append(target.target) }
                }
                out += "<div class=\"vpc\" data-vpc=\"\(Markup.escaped(vpc))\">\n"
                out +=
                    "<h3>\(heading) <span class=\"count\">\(AuditReport.plural(rows.count, "function"))</span></h3>\n"
                out += "<table class=\"matrix\">\n<thead><tr><th scope=\"col\">function</th>"
                for column in columns {
                    out += "<th scope=\"col\" data-target=\"\(Markup.escaped(column))\">\(Markup.escaped(column))</th>"
                }
                out += "</tr></thead>\n<tbody>\n"
                for row in rows {
                    out +=
                        "<tr data-function=\"\(Markup.escaped(row.functionArn))\" data-vpcs=\"\(Markup.escaped(row.vpcs.joined(separator: " ")))\">"
                    out +=
                        "<th scope=\"row\" title=\"\(Markup.escaped(row.functionArn))\">\(Markup.escaped(row.function))</th>"
                    for column in columns {
                        let attribute = "data-target=\"\(Markup.escaped(column))\""
                        guard let cell = row.targets.first(where: { $0.target == column }) else {
                            out += "<td \(attribute) class=\"v-none\">-</td>"
                            continue
                        }
                        let verdict = cell.verdict.rawValue
                        let word = AuditReport.cell(cell.verdict, style: Style(enabled: false)).plain
                        var title = "\(cell.ipProtocol)/\(cell.port)"
                        for blocker in cell.blockers { title += "\n\(blocker.code.rawValue) at \(blocker.component)" }
                        out +=
                            "<td \(attribute) data-verdict=\"\(verdict)\" class=\"v-\(verdict)\" title=\"\(Markup.escaped(title, keepingNewlines: true))\">"
                        if cell.verdict == .reachable {
                            out += word
                        } else {
                            let id = "c\(cells.count + 1)"
                            cells.append(
                                ShownCell(
                                    id: id,
                                    cell: AuditCell(
                                        functionArn: row.functionArn, target: cell.target, ipProtocol: cell.ipProtocol,
                                        port: cell.port),
                                    function: row.function, vpcs: row.vpcs, reachability: cell))
                            out += "<a href=\"#\(id)\">\(word)</a>"
                        }
                        out += "</td>"
                    }
                    out += "</tr>\n"
                }
                out += "</tbody>\n</table>\n</div>\n"
            }
            out += "</section>\n"
            return cells
        }

        mutating func findings(_ result: AuditResult) {
            // What the filters leave of the findings, said by the page's script.
            out += "<section id=\"findings\">\n<h2>Findings</h2>\n<p id=\"findings-count\"></p>\n"
            if result.findings.isEmpty { out += "<p>None.</p>\n" }
            // A finding is filtered as its function's row is (by VPC) and by its target; one
            // about no function (an expectation's) has no VPC, one about no target (a
            // configuration check) none to match.
            var vpcsOf: [String: [String]] = [:]
            for row in result.functions { vpcsOf[row.functionArn] = row.vpcs }
            for severity in [Severity.error, .warning, .note] {
                let list = result.findings.filter { $0.severity == severity }
                guard !list.isEmpty else { continue }
                out +=
                    "<h3 class=\"sev-\(severity.rawValue)\">\(severity.rawValue.prefix(1).uppercased() + severity.rawValue.dropFirst())s (\(list.count))</h3>\n<ol class=\"findings\">\n"
                for finding in list {
                    let vpcs = vpcsOf[finding.functionArn] ?? []
                    out +=
                        "<li class=\"finding sev-\(severity.rawValue)\" data-key=\"\(Markup.escaped(finding.key.description))\" data-vpcs=\"\(Markup.escaped(vpcs.joined(separator: " ")))\" data-target=\"\(Markup.escaped(finding.target ?? ""))\"><span class=\"rule\">\(Markup.escaped(finding.rule))</span> "
                    if finding.function.isEmpty {
                        out += Markup.escaped(finding.source?.description ?? "")
                    } else {
                        out += "<b>\(Markup.escaped(finding.function))</b>"
                        if let target = finding.target { out += " -&gt; \(Markup.escaped(target))" }
                        out += " at <code>\(Markup.escaped(finding.component))</code>"
                    }
                    out += "<p>\(Markup.escaped(finding.message, keepingNewlines: true))</p>"
                    if !finding.fix.isEmpty {
                        out += "<pre class=\"fix\">\(Markup.escaped(finding.fix, keepingNewlines: true))</pre>"
                    }
                    out += "</li>\n"
                }
                out += "</ol>\n"
            }
            out += "</section>\n"
        }

        /// Each failing cell: its path drawn, what blocks it and the fixes, and the notes.
        mutating func paths(_ cells: [ShownCell], answers: [AuditCell: Answer]) {
            out += "<section id=\"paths\">\n<h2>Failing paths</h2>\n"
            if cells.isEmpty { out += "<p>Every function reaches every target it was audited against.</p>\n" }
            // Each cell on its own, on every core: an organisation's page draws thousands.
            for section in Parallel.map(cells.count, { Self.path(cells[$0], answer: answers[cells[$0].cell]) }) {
                out += section
            }
            out += "</section>\n"
        }

        static func path(_ shown: ShownCell, answer: Answer?) -> String {
            let verdict = shown.reachability.verdict
            var out =
                "<details class=\"cell\" id=\"\(shown.id)\" data-function=\"\(Markup.escaped(shown.cell.functionArn))\" data-vpcs=\"\(Markup.escaped(shown.vpcs.joined(separator: " ")))\" data-target=\"\(Markup.escaped(shown.cell.target))\" data-verdict=\"\(verdict.rawValue)\">\n"
            let zones = shown.reachability.failingAvailabilityZones
            out +=
                "<summary><b>\(Markup.escaped(shown.function))</b> -&gt; \(Markup.escaped(shown.cell.target)) (\(Markup.escaped(shown.reachability.ipProtocol))/\(shown.reachability.port)): <span class=\"v-\(verdict.rawValue)\">\(verdict.rawValue.uppercased())</span>"
            if !zones.isEmpty {
                out +=
                    " <span class=\"zones\">fails in \(zones.map { Markup.escaped($0) }.joined(separator: ", "))</span>"
            }
            out += "</summary>\n"
            guard let answer else {
                return out
                    + "<p>No answer: the function or the target is not in the inventory any more.</p>\n</details>\n"
            }
            out +=
                "<div class=\"diagram\">\(PathDiagram(answer).svg(idPrefix: AuditHTMLReport.diagramPrefix, standalone: false))</div>\n"
            out += "<h4>What blocks it, and the fix</h4>\n<ul class=\"blockers\">\n"
            for blocker in answer.allBlockers {
                let words = answer.words(of: blocker)
                out +=
                    "<li><span class=\"code\">\(blocker.code.rawValue)</span> at <code>\(Markup.escaped(blocker.component))</code>"
                out += "<p>\(Markup.escaped(words.message, keepingNewlines: true))</p>"
                if !words.fix.isEmpty {
                    out += "<pre class=\"fix\">\(Markup.escaped(words.fix, keepingNewlines: true))</pre>"
                }
                out += "</li>\n"
            }
            out += "</ul>\n"
            if !answer.notes.isEmpty {
                out += "<ul class=\"notes\">\n"
                for note in answer.notes { out += "<li>\(Markup.escaped(note, keepingNewlines: true))</li>\n" }
                out += "</ul>\n"
            }
            return out + "</details>\n"
        }

        mutating func expectations(_ result: AuditResult) {
            guard !result.expectations.isEmpty else { return }
            out += "<section id=\"expectations\">\n<h2>Expectations</h2>\n<ul>\n"
            for outcome in result.expectations {
                let status: String
                if let problem = outcome.problem {
                    status = "<span class=\"v-unreachable\">CANNOT CHECK</span> (\(Markup.escaped(problem)))"
                } else if outcome.functionsChecked == 0 {
                    status = "<span class=\"v-partial\">NO FUNCTION</span> (no audited function matches)"
                } else if outcome.violations > 0 {
                    status =
                        "<span class=\"v-unreachable\">VIOLATED</span> (by \(outcome.violations) of \(AuditReport.plural(outcome.functionsChecked, "function")))"
                } else {
                    status =
                        "<span class=\"v-reachable\">holds</span> (for \(AuditReport.plural(outcome.functionsChecked, "function")))"
                }
                let place = outcome.expectation.source.map { "<code>\(Markup.escaped($0.description))</code> " } ?? ""
                out += "<li>\(status) \(place)\(Markup.escaped(outcome.expectation.text))</li>\n"
            }
            out += "</ul>\n</section>\n"
        }

        mutating func foot() {
            out += "<script>\n\(AuditHTMLReport.script)\n</script>\n</body>\n</html>\n"
        }
    }
}
