import ArgumentParser
import Foundation
import ReachCore
import ReachReport

/// The `lambda-reach` command: parses arguments and renders; the libraries do the work.
@main
struct LambdaReach: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lambda-reach",
        abstract: "Offline network reachability for VPC-attached AWS Lambda functions.",
        discussion: """
            Import what the AWS CLI prints for an account, then ask whether a function can reach \
            the internet, an AWS service, a database or an address, and why not.

              lambda-reach collect --out ./exports/ --region us-east-1
              lambda-reach import ./exports/
              lambda-reach functions
              lambda-reach query --function orders-api --to internet
              lambda-reach why orders-api --to rds:orders-db
              lambda-reach audit --expect expectations.yaml --format sarif
              lambda-reach diff before.sqlite after.sqlite
              lambda-reach demo

            Exit status: 0 reachable / success, 1 unreachable or partial (query, why), 2 error \
            (bad input, unknown function or target, no inventory), 64 bad arguments.
            """,
        version: "0.1.0",
        subcommands: [
            ImportCommand.self, FunctionsCommand.self, InventoryCommand.self, QueryCommand.self, WhyCommand.self,
            DemoCommand.self, CollectCommand.self, AuditCommand.self, DiffCommand.self,
        ]
    )

    /// ArgumentParser's entry point, after arranging for its own buffered output (help,
    /// version) to be checked at exit like every other write.
    static func main() {
        Output.checkBufferedOutputAtExit()
        main(nil)
    }
}

/// Where the inventory is: --db, else LAMBDA_REACH_DB, else ./lambda-reach.sqlite.
struct InventoryOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The inventory database.", discussion: "Default: $LAMBDA_REACH_DB, else ./lambda-reach.sqlite",
            valueName: "path"))
    var db: String?

    var path: String {
        db ?? ProcessInfo.processInfo.environment["LAMBDA_REACH_DB"].flatMap { $0.isEmpty ? nil : $0 }
            ?? "lambda-reach.sqlite"
    }
}

extension OutputFormatOption {}
/// --format text|json.
struct OutputFormatOption: ParsableArguments {
    @Option(name: .long, help: "Output format: text (for people) or json (for scripts).")
    var format: Format = .text

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }
}

/// Runs `body`, turning library errors into a message on stderr and exit status 2.
func reportingErrors<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as ExitCode {
        throw error
    } catch let error as CleanExit {
        throw error
    } catch {
        printError("\(error)")
        throw ExitCode(2)
    }
}

/// An error on standard error. Messages carry names, IDs and paths from data and from the
/// command line: their control characters are escaped (`Terminal.escaped`), newlines too, so
/// that a message is one line that nothing in it can rewrite.
func printError(_ message: String) {
    let style =
        isatty(STDERR_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"].map({ $0.isEmpty }) ?? true
    let prefix = style ? "\u{1B}[31mlambda-reach: error:\u{1B}[0m" : "lambda-reach: error:"
    Output.standardError("\(prefix) \(Terminal.escaped(message))\n")
}

/// A note on standard error (what an audit over templates assumed), escaped as `printError` escapes.
func printNote(_ message: String) {
    Output.standardError("lambda-reach: note: \(Terminal.escaped(message))\n")
}

/// A warning on standard error, escaped as `printError` escapes.
func printWarning(_ message: String) {
    Output.standardError("lambda-reach: warning: \(Terminal.escaped(message))\n")
}

/// Standard output, written in one piece (large reports go out faster and never interleave).
func emit(_ text: String) {
    var text = text
    text.withUTF8 { emit(UnsafeRawBufferPointer($0)) }
}

/// Standard output, written from bytes already encoded; a failed write ends the process
/// (`Output.failed`).
func emit(_ buffer: UnsafeRawBufferPointer) {
    Output.standardOutput(buffer)
}

/// Wall-clock and CPU time per stage of a command, printed on standard error when
/// LAMBDA_REACH_TIMINGS is set (the benchmark uses it to say where an audit's time goes).
/// Stages are laps: each charges the time since the previous one.
struct Timings {
    private var clock = StageClock()
    private let enabled = !(ProcessInfo.processInfo.environment["LAMBDA_REACH_TIMINGS"] ?? "").isEmpty

    mutating func lap(_ name: String) { clock.lap(name) }

    /// The finer stages the library measured since the last lap, in place of one lap.
    mutating func record(_ inner: [StageClock.Stage]) { clock.include(inner) }

    /// One line per stage: `lambda-reach: timing: STAGE WALL ms, cpu CPU ms` (the CPU time of
    /// all threads; CPU over wall is how many cores the stage kept busy).
    func report() {
        guard enabled else { return }
        let total = clock.stages.reduce((Duration.zero, Duration.zero)) { ($0.0 + $1.duration, $0.1 + $1.cpu) }
        func ms(_ duration: Duration) -> String {
            String(
                format: "%.1f",
                Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15)
        }
        var text = ""
        for (name, duration, cpu) in clock.stages + [("total", total.0, total.1)] {
            text += "lambda-reach: timing: \(name) \(ms(duration)) ms, cpu \(ms(cpu)) ms\n"
        }
        Output.standardError(text)
    }
}
