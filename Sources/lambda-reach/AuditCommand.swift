import ArgumentParser
import Foundation
import ReachCore
import ReachInventory
import ReachReport

struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract:
            "Audit every function: the reachability matrix, configuration checks and expectations, for people, scripts and CI.",
        discussion: """
            Every function (or the selection) is asked about the default targets (internet, dynamodb, s3, \
            logs, every RDS database and every interface-endpoint service of its VPC), with the verdict \
            `query` gives; an unreachable or partial target is an error. The configuration checks report \
            fragile or broken placements (public subnets only, one AZ, cross-AZ NAT, NAT for S3/DynamoDB, \
            endpoint security groups and DNS, execution-role permissions, function state, subnet \
            addresses, missing subnets and groups), each with a stable rule ID and a fix. docs/audit.md \
            lists the rules and the --expect format.

              lambda-reach audit
              lambda-reach audit --function 'orders-*' --targets defaults,aws:sts
              lambda-reach audit --expect expectations.yaml --fail-on warning
              lambda-reach audit --format sarif > lambda-reach.sarif
              lambda-reach audit --format html > report.html
              lambda-reach audit --write-baseline .lambda-reach-baseline.json
              lambda-reach audit --baseline .lambda-reach-baseline.json --format json
              lambda-reach audit --db inventory.sqlite --template template.yaml --format sarif

            Exit status: 0 no finding at or above --fail-on, 1 some finding at or above it, 2 error \
            (no inventory, unreadable --expect or --baseline file, a selection that matches no \
            function), 64 bad arguments. With --write-baseline the findings written are accepted: \
            exit status 0 unless an error occurs.
            """)

    @OptionGroup var inventory: InventoryOptions
    @OptionGroup var templates: TemplateArguments

    @OptionGroup var selection: SelectionOptions

    @Option(help: ArgumentHelp("A YAML or JSON file of expectations to check (docs/audit.md).", valueName: "file"))
    var expect: String?

    @Option(help: ArgumentHelp("Suppress the findings recorded in this baseline file.", valueName: "file"))
    var baseline: String?

    @Option(help: ArgumentHelp("Record the current findings in this baseline file, accepting them.", valueName: "file"))
    var writeBaseline: String?

    @Option(
        help:
            "Output format: text (for people), json (for scripts), sarif (for code-scanning dashboards) or html (one self-contained page, with each failing path drawn)."
    )
    var format: FormatChoice = .text

    @Option(help: "Exit with status 1 when a finding is at or above this severity: error, warning or never.")
    var failOn: FailOnChoice = .error

    enum FormatChoice: String, ExpressibleByArgument, CaseIterable {
        case text, json, sarif, html
        /// The format `AuditReport` writes; nil for the page, which draws answers as well.
        var format: AuditFormat? { AuditFormat(rawValue: rawValue) }
    }

    enum FailOnChoice: String, ExpressibleByArgument, CaseIterable {
        case error, warning, never
        var threshold: Severity? { self == .never ? nil : Severity(rawValue: rawValue) }
    }

    func run() throws {
        var timings = Timings()
        let (result, context, network) = try reportingErrors {
            () throws -> (AuditResult, AuditReport.Context, Network) in
            let source = try QuestionSource.open(inventory, templates)
            let store = source.store
            // An inventory nothing was imported into would pass every gate: a CI job whose import
            // failed must not go green.
            if source.overlay == nil {
                let listing = InventoryListing(store: store)
                if try listing.holdsNothing() { throw EmptyInventory(path: inventory.path) }
                // The same failure when only the Lambda export is missing: no function to
                // audit, so nothing fails. An imported `{"Functions": []}` is an account
                // without functions, a legitimate empty audit.
                if try !listing.hasFunctionsImport() { throw NoFunctionsImported(path: inventory.path) }
            }
            var request = try selection.request(naming: source.target, function: source.function)
            if let expect { request.expectations = try ExpectationsFile.load(path: expect) }
            if let baseline { request.baseline = try BaselineFile.load(path: baseline) }
            var (result, network) = try Reachability(store: store).audit(request)
            if let overlay = source.overlay {
                result = overlay.locate(result)
                // What the answers of query and why say about the templates as a whole (not
                // analysed types, a deployed stack matched, parameters without a value).
                for note in overlay.notes { printNote(note) }
            }
            timings.record(result.stages)
            if let writeBaseline {
                let accepted = result.allFindings
                try BaselineFile.write(accepted, to: writeBaseline)
                result = result.applying(Baseline(findings: accepted))
                let count = "\(accepted.count) finding\(accepted.count == 1 ? "" : "s")"
                Output.standardError(
                    "lambda-reach: recorded \(count) in \(Terminal.escaped(writeBaseline)); they are accepted from now on\n"
                )
            }
            return (result, AuditReport.Context(inventory: source.name, failOn: failOn.threshold), network)
        }
        if let reportFormat = format.format {
            AuditReport.write(result, format: reportFormat, context: context, style: .forStandardOutput()) {
                emit($0)
            }
        } else {
            // The page draws each failing cell's path: the solver is asked again for those
            // cells only, the question `why` asks, on the network already loaded.
            let answers = CellAnswers.answers(for: result.failingCells, in: network)
            timings.lap("answers")
            emit(AuditHTMLReport.render(result, answers: answers, context: context))
        }
        timings.lap("output")
        timings.report()
        let failed = writeBaseline == nil && result.failingCount(at: context.failOn) > 0
        // The output is written (with write(2), unbuffered). An organisation's audit holds
        // millions of objects: the process ends here, while they are all still referenced,
        // so that the kernel reclaims the memory at once instead of it being freed object by
        // object (a tenth of the run on the benchmark's 1000 VPCs).
        withExtendedLifetime((network, result)) { Foundation.exit(failed ? 1 : 0) }
    }
}

/// An audit of an inventory that holds nothing.
struct EmptyInventory: Error, CustomStringConvertible {
    var path: String
    var description: String {
        "\(path) holds nothing (no resource was imported into it): an audit of it would pass every check. Run `lambda-reach import PATH...` first."
    }
}

/// An audit of an inventory into which no Lambda functions document was imported: it would
/// audit no function and pass, as an empty one would.
struct NoFunctionsImported: Error, CustomStringConvertible {
    var path: String
    var description: String {
        "\(path) has no Lambda functions imported (no `aws lambda list-functions` output): an audit of it would check no function and pass. Run `aws lambda list-functions > functions.json` in each account and region and `lambda-reach import functions.json` (an account without functions prints {\"Functions\": []}, which audits as empty)."
    }
}
