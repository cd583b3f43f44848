import ArgumentParser
import Foundation
import ReachCore
import ReachInventory
import ReachReport

/// The question's options, shared by `query` and `why`.
struct QuestionOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "What to reach: internet, internet6, ip:A.B.C.D[:PORT], ip:[IPv6][:PORT], s3, dynamodb, aws:SERVICE, rds:IDENTIFIER or logs.",
            valueName: "target"))
    var to: String

    @Option(help: "The port (default: 443, or the database's port).")
    var port: Int?

    @Option(name: .customLong("protocol"), help: "tcp or udp.")
    var ipProtocol: ProtocolChoice = .tcp

    enum ProtocolChoice: String, ExpressibleByArgument, CaseIterable {
        case tcp, udp
        var value: IPProtocol { self == .tcp ? .tcp : .udp }
    }

    func target(_ rename: (String) -> String = { $0 }) throws -> Target {
        do {
            return try Target(parsing: rename(to))
        } catch {
            throw ValidationError(Terminal.escaped(error.description))
        }
    }

    func validate() throws {
        let target = try target()
        if let port, !(1...65535).contains(port) { throw ValidationError("--port must be from 1 to 65535") }
        // Two ports for one question: one of them would be ignored without a word.
        if let port, let named = target.namedPort, named != port {
            throw ValidationError(
                "--to \(Terminal.escaped(to)) names port \(named) and --port names \(port): give the port once (or the same port in both)"
            )
        }
    }
}

/// Asks the question and prints the answer as `render` writes it; exit 0 when reachable, 1 otherwise.
func ask(
    function: String, question: QuestionOptions, inventory: InventoryOptions, templates: TemplateArguments,
    render: (Answer) -> String
) throws {
    let answer = try reportingErrors { () throws -> Answer in
        let source = try QuestionSource.open(inventory, templates)
        let store = source.store
        // One snapshot: the function's lookup and every table the answer reads see the same
        // inventory, whatever an import commits meanwhile.
        let answer: Answer
        do {
            answer = try store.snapshot {
                try Reachability(store: store).answer(
                    function: source.function(function), target: try question.target(source.target),
                    port: question.port, ipProtocol: question.ipProtocol.value)
            }
        } catch {
            throw source.explained(error)
        }
        guard let overlay = source.overlay else { return answer }
        var annotated = overlay.annotate(answer)
        // A function that exists today: the same question of the inventory alone says what
        // the templates change.
        if let base = source.base,
            let today = try? base.snapshot({
                try Reachability(store: base).answer(
                    function: source.function(function), target: try question.target(source.target),
                    port: question.port,
                    ipProtocol: question.ipProtocol.value)
            })
        {
            annotated = overlay.compare(annotated, today: today)
        }
        return annotated
    }
    emit(render(answer))
    if answer.verdict != .reachable { throw ExitCode(1) }
}

struct QueryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "Can a function reach a target? A verdict per subnet, the blockers and their fixes.",
        discussion: """
              lambda-reach query --function orders-api --to internet
              lambda-reach query --function orders-api --to rds:orders-db --format json
              lambda-reach query --function arn:aws:lambda:us-east-1:123456789012:function:etl --to ip:10.20.1.15:8443
              lambda-reach query --template template.yaml --region us-east-1 --account 123456789012 --function OrdersFunction --to internet

            Exit status: 0 reachable, 1 unreachable or partial, 2 error, 64 bad arguments.
            """)

    @Option(name: .long, help: ArgumentHelp("The function's name or ARN.", valueName: "name|arn"))
    var function: String

    @OptionGroup var question: QuestionOptions
    @OptionGroup var inventory: InventoryOptions
    @OptionGroup var templates: TemplateArguments
    @OptionGroup var output: OutputFormatOption

    func run() throws {
        try ask(function: function, question: question, inventory: inventory, templates: templates) { answer in
            switch output.format {
            case .json: return AnswerReport.json(answer)
            case .text: return AnswerReport.short(answer, style: .forStandardOutput())
            }
        }
    }
}

struct WhyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "why",
        abstract: "Explain, hop by hop, whether and why a function can or cannot reach a target.",
        discussion: """
              lambda-reach why orders-api --to internet
              lambda-reach why orders-api --to aws:secretsmanager
              lambda-reach why orders-api --to rds:orders-db --format mermaid

            The same question as `query`, answered at length: the path each subnet's traffic takes, \
            every component that blocks it, what the AWS rule is, and the aws CLI commands that fix it. \
            --format mermaid or dot draws the path of each subnet, each blocker marked red where it blocks \
            (GitHub draws Mermaid in comments and job summaries; `dot -Tsvg` draws DOT).
            """)

    @Argument(help: ArgumentHelp("The function's name or ARN.", valueName: "function"))
    var function: String

    @OptionGroup var question: QuestionOptions
    @OptionGroup var inventory: InventoryOptions
    @OptionGroup var templates: TemplateArguments
    @OptionGroup var output: WhyFormatOption

    func run() throws {
        try ask(function: function, question: question, inventory: inventory, templates: templates) { answer in
            switch output.format {
            case .json: return AnswerReport.json(answer)
            case .text: return AnswerReport.long(answer, style: .forStandardOutput())
            case .mermaid: return PathDiagram(answer).mermaid()
            case .dot: return PathDiagram(answer).dot()
            }
        }
    }
}

/// `why`'s --format: `query`'s two, and the path drawn as a diagram.
struct WhyFormatOption: ParsableArguments {
    @Option(
        name: .long,
        help:
            "Output format: text (for people), json (for scripts), mermaid or dot (the path of each subnet as a Mermaid or Graphviz diagram)."
    )
    var format: Format = .text

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, mermaid, dot
    }
}
