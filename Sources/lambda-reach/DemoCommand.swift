import ArgumentParser
import Foundation
import ReachCore
import ReachInventory
import ReachReport

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Import the bundled sample topologies into a throwaway inventory and answer their questions.",
        discussion: """
            Each folder of SampleTopologies/ is a story in AWS CLI JSON with the answers the AWS rules \
            give (expected.json) and a README that explains them. The demo imports them all into a \
            temporary SQLite database, lists the functions, asks every question and checks each \
            answer against the expected one. Exit status 1 if any answer differs.
            """)

    @Option(
        help: ArgumentHelp(
            "The folder of sample topologies: the repository's SampleTopologies/ (by default, in the current folder).",
            valueName: "path"))
    var samples: String = "SampleTopologies"

    @Flag(help: "Explain every answer at length (as `why` does).")
    var explain = false

    func run() throws {
        let style = Style.forStandardOutput()
        let root = URL(fileURLWithPath: samples)
        // The samples are the repository's folder, not part of the binary: run elsewhere, the
        // demo says where it looked and what it needs, not Foundation's words for a missing file.
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isFolder), isFolder.boolValue else {
            printError(
                "no folder of sample topologies at \(root.path): the demo reads the repository's SampleTopologies/ folder (run it from the repository's top folder, or pass --samples PATH)"
            )
            throw ExitCode(2)
        }
        let stories = try reportingErrors { () throws -> [String] in
            let names = try FileManager.default.contentsOfDirectory(atPath: root.path).sorted()
            return names.filter {
                FileManager.default.fileExists(
                    atPath: root.appendingPathComponent($0).appendingPathComponent("expected.json").path)
            }
        }
        guard !stories.isEmpty else {
            printError(
                "no sample topologies in \(samples) (run the demo from the repository's top folder, or pass --samples PATH)"
            )
            throw ExitCode(2)
        }
        let database = FileManager.default.temporaryDirectory.appendingPathComponent(
            "lambda-reach-demo-\(ProcessInfo.processInfo.processIdentifier).sqlite"
        ).path
        defer { try? FileManager.default.removeItem(atPath: database) }
        var asked = 0
        var differing = 0
        try reportingErrors {
            let store = try InventoryStore(path: database, create: true)
            // The exports only: each story's expected.json holds the answers, not a resource.
            let exports = try stories.flatMap { story in
                let directory = root.appendingPathComponent(story)
                return try FileManager.default.contentsOfDirectory(atPath: directory.path)
                    .filter { $0.hasSuffix(".json") && $0 != "expected.json" }.sorted()
                    .map { directory.appendingPathComponent($0).path }
            }
            let summary = try Importer(store: store).importPaths(exports)
            emit(
                "\(style.bold("lambda-reach demo")): imported \(summary.files) AWS CLI exports from \(stories.count) sample topologies into \(database)\n"
            )
            for warning in summary.warnings { printWarning(warning.description) }
            emit(
                "\n" + style.bold("Functions in the inventory") + "\n"
                    + ListingReport.functions(try InventoryListing(store: store).functions(), style: style))
            let reachability = Reachability(store: store)
            for story in stories {
                let directory = root.appendingPathComponent(story)
                let expectations = try StoryExpectations.load(from: directory)
                emit("\n" + style.bold("== \(story)") + "\n" + style.dim(expectations.story) + "\n\n")
                for query in expectations.queries {
                    let target = try Target(parsing: query.target)
                    let answer = try reachability.answer(
                        function: query.function, target: target, port: query.port, ipProtocol: query.ipProtocol)
                    asked += 1
                    let command = Shell.command([
                        "lambda-reach", "query", "--function", query.function, "--to", query.target,
                    ])
                    emit("$ \(Terminal.escaped(command))\n")
                    emit(explain ? AnswerReport.long(answer, style: style) : AnswerReport.short(answer, style: style))
                    let problems = StoryExpectations.mismatches(answer, query)
                    if problems.isEmpty {
                        emit(style.green("  as expected") + "\n\n")
                    } else {
                        differing += 1
                        emit(style.red("  NOT as expected: ") + problems.joined(separator: "; ") + "\n\n")
                    }
                }
            }
        }
        emit(
            style.bold("\(asked - differing) of \(asked) answers as expected.")
                + " Read SampleTopologies/*/README.md for the stories; `lambda-reach why FUNCTION --to TARGET` explains any answer.\n"
        )
        if differing > 0 { throw ExitCode(1) }
    }
}
