import Foundation
import ReachCore
import ReachInventory
import ReachReport
import Testing

/// Paths in the repository, found from this file so that the tests work from any directory
/// and kept cases are written where they are committed.
enum Repository {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let scenarios = root.appendingPathComponent("Tests/ScenarioTests/Fixtures")
    static let generator = root.appendingPathComponent("Benchmarks/generate-org")
    /// Failing cases, one folder each (Fixtures/README.md).
    static let kept = root.appendingPathComponent("Tests/FuzzTests/Fixtures/kept")
}

/// A fixed import time, so that runs compare equal.
let fixedDate = Date(timeIntervalSince1970: 1_767_225_600)

/// One question of a seed folder, as expected.json writes it.
struct Question: Codable, Hashable, Sendable {
    var function: String
    var target: String
    var port: Int?
    var `protocol`: String?

    var key: String { "\(function) -> \(target) (\(self.protocol ?? "tcp")/\(port.map(String.init) ?? "default"))" }
}

/// What the unmutated folder answers: the verdict of each question and each audit cell, and
/// the warnings of its import (so that only a warning the mutation brought counts).
struct Baseline: Codable, Sendable {
    /// Question key -> verdict.
    var answers: [String: String]
    /// `function ARN | target | protocol/port` -> verdict, over the audit's whole matrix.
    var cells: [String: String]
    /// `file: message`, the file relative to the folder.
    var warnings: [String]
    /// The components that block an answer or an audit cell (ACLs, route tables, groups,
    /// gateways): the mutator aims at the rules and routes that hold them, where a change can
    /// open a verdict.
    var blockers: [String] = []
}

/// A seed: a folder of AWS CLI exports with its questions.
final class Seed: @unchecked Sendable {
    let name: String
    /// Relative paths of the JSON files, sorted.
    let files: [String]
    let bytes: [String: [UInt8]]
    let documents: [String: Node]
    let questions: [Question]
    let candidates: [Mutator.Candidate]
    let pool: [String: [String]]

    let context: Shapes.Context
    /// Computed on first use, with the same checks a case gets.
    var baseline: Baseline?

    /// The JSON files of `folder` (expected.json, which is not an export, left out).
    convenience init(name: String, folder: URL, questions: [Question]) throws {
        var bytes: [String: [UInt8]] = [:]
        let base = folder.standardizedFileURL.path
        let enumerator = FileManager.default.enumerator(atPath: base)
        while let relative = enumerator?.nextObject() as? String {
            guard relative.lowercased().hasSuffix(".json"), (relative as NSString).lastPathComponent != "expected.json"
            else { continue }
            bytes[relative] = Array(try Data(contentsOf: URL(fileURLWithPath: base).appendingPathComponent(relative)))
        }
        self.init(name: name, bytes: bytes, questions: questions)
    }

    init(name: String, bytes: [String: [UInt8]], questions: [Question]) {
        self.name = name
        self.questions = questions
        self.bytes = bytes
        files = bytes.keys.sorted()
        var documents: [String: Node] = [:]
        for (file, data) in bytes { documents[file] = Node.parse(data) }
        self.documents = documents
        let parsed = files.compactMap { file in documents[file].map { (file, $0) } }
        candidates = Mutator.candidates(parsed)
        pool = Mutator.pool(parsed)
        context = Shapes.Context(documents: parsed.map(\.1))
    }

    private var relevantCache: (blocking: Set<String>, elements: Set<String>)?

    /// The elements of top-level lists (`file|member|index`) that hold one of the `blocking`
    /// IDs: an ACL that blocks, a route table whose route points at a NAT gateway that does.
    func relevantElements(blocking: Set<String>) -> Set<String> {
        if let cache = relevantCache, cache.blocking == blocking { return cache.elements }
        var result = Set<String>()
        for (file, document) in documents {
            guard case .object(let members) = document else { continue }
            for (member, list) in members.enumerated() {
                for (index, element) in (list.value.elements ?? []).enumerated() {
                    var found = false
                    element.walk { _, value in
                        if !found, let text = value.text, blocking.contains(text) { found = true }
                    }
                    if found { result.insert("\(file)|\(member)|\(index)") }
                }
            }
        }
        relevantCache = (blocking, result)
        return result
    }

    /// This seed with `file` holding `bytes`: the export after a stacked case's first step.
    func replacing(_ file: String, with bytes: [UInt8]) -> Seed {
        Seed(name: name, bytes: self.bytes.merging([file: bytes]) { $1 }, questions: questions)
    }

    /// Writes the seed's files into `folder`, with `file` holding `replacement` instead.
    func write(to folder: URL, replacing file: String? = nil, with replacement: [UInt8] = []) throws {
        try writeFolder(file.map { bytes.merging([$0: replacement]) { $1 } } ?? bytes, to: folder)
    }
}

/// Something a case did that it must not.
struct Failure: Codable, Hashable, Sendable {
    /// `fail-open`, `error without a path`, `inventory changed`, `crash`, ...
    var kind: String
    var detail: String

    var description: String { "\(kind): \(detail)" }
}

/// What one import of one folder gave, checked.
struct Outcome {
    var imported = false
    var newWarnings: [String] = []
    var failures: [Failure] = []
    /// The fail-open property was checked (an illegal mutation of a rule or route, imported).
    var propertyChecked = false
    /// An equivalent rewrite was compared with the seed's answers.
    var equivalenceChecked = false
    /// Verdicts that opened up (question or cell, before -> after).
    var opened: [String] = []
    /// The import named no problem with the mutated file although its mutation was illegal.
    var silentlyAccepted = false
    var answers: [String: String] = [:]
    var cells: [String: String] = [:]
    var blockers: Set<String> = []
}

/// Imports a folder into a fresh inventory, asks its questions, audits it, renders every
/// report, and checks what the fuzz test asserts.
enum Checker {
    static let rank: [String: Int] = ["unreachable": 0, "partial": 1, "reachable": 2]

    /// `baseline` nil: this is the seed itself (no property to compare against).
    static func run(
        folder: URL, store storePath: String, questions: [Question], mutation: Mutation?, baseline: Baseline?
    ) -> Outcome {
        var outcome = Outcome()
        let folderPath = folder.standardizedFileURL.path
        func fail(_ kind: String, _ detail: String) { outcome.failures.append(Failure(kind: kind, detail: detail)) }
        let store: InventoryStore
        let emptyDump: String
        do {
            (store, emptyDump) = try EmptyInventory.shared.make(at: storePath)
        } catch {
            fail("harness", "cannot create an inventory at \(storePath): \(error)")
            return outcome
        }

        let summary: ImportSummary
        do {
            summary = try Importer(store: store, options: ImportOptions(importedAt: fixedDate)).importPaths([folderPath]
            )
        } catch let error as ImportError {
            checkRefusal(error, folder: folderPath, store: store, emptyDump: emptyDump, mutation: mutation, fail)
            return outcome
        } catch {
            fail("not an ImportError", "the import threw \(type(of: error)): \(error)")
            return outcome
        }
        outcome.imported = true
        if let why = mutation?.mustRefuse { fail("accepted", "the import took it, but it must refuse \(why)") }
        let warnings = summary.warnings.map { warning in
            "\(relative(warning.file, to: folderPath)): \(warning.message)"
        }
        outcome.newWarnings = warnings.filter { !(baseline?.warnings ?? []).contains($0) }
        let mutatedFileWarned =
            mutation.map { mutation in
                summary.warnings.contains { warning in
                    relative(warning.file, to: folderPath) == mutation.file
                        && outcome.newWarnings.contains("\(mutation.file): \(warning.message)")
                }
            } ?? false

        // Every question, every report format: none may crash, and an error must be one the
        // commands report (an unknown function or target), never a value the import kept that
        // the loader then refuses.
        let reachability = Reachability(store: store)
        let style = Style(enabled: false)
        for question in questions {
            do {
                let target = try Target(parsing: question.target)
                let answer = try reachability.answer(
                    function: question.function, target: target, port: question.port,
                    ipProtocol: question.protocol == "udp" ? .udp : .tcp)
                outcome.answers[question.key] = answer.verdict.rawValue
                outcome.blockers.formUnion((answer.blockers + answer.subnets.flatMap(\.blockers)).map(\.component))
                _ = AnswerReport.short(answer, style: style)
                _ = AnswerReport.long(answer, style: style)
                _ = AnswerReport.json(answer)
            } catch let error as InventoryValueError {
                fail("kept what the loader refuses", "\(question.key): \(error)")
            } catch is LookupError, is TargetError {
                // The mutation renamed or removed the function or the target: the command says so.
                outcome.answers[question.key] = "error"
            } catch {
                fail("question error", "\(question.key): \(type(of: error)): \(error)")
            }
        }
        do {
            let network = try NetworkLoader(store: store).load(.all)
            let result = Audit(network: network).run(AuditRequest())
            for function in result.functions {
                for cell in function.targets {
                    outcome.cells["\(function.functionArn) | \(cell.target) | \(cell.ipProtocol)/\(cell.port)"] =
                        cell.verdict.rawValue
                    outcome.blockers.formUnion(cell.blockers.map(\.component))
                }
            }
            let context = AuditReport.Context(inventory: storePath)
            for format in AuditFormat.allCases {
                _ = AuditReport.render(result, format: format, context: context, style: style)
            }
        } catch let error as InventoryValueError {
            fail("kept what the loader refuses", "audit: \(error)")
        } catch {
            fail("audit error", "\(type(of: error)): \(error)")
        }

        guard let mutation, let baseline else { return outcome }
        if mutation.legality == "equivalent" {
            outcome.equivalenceChecked = true
            for (key, before) in baseline.answers where outcome.answers[key] != before {
                fail("equivalent changed", "\(key): \(before) became \(outcome.answers[key] ?? "unanswered")")
            }
            for (key, before) in baseline.cells where outcome.cells[key] != before {
                fail("equivalent changed", "audit \(key): \(before) became \(outcome.cells[key] ?? "absent")")
            }
            return outcome
        }
        for (key, before) in baseline.answers {
            if let after = outcome.answers[key], let a = rank[after], let b = rank[before], a > b {
                outcome.opened.append("\(key): \(before) -> \(after)")
            }
        }
        for (key, before) in baseline.cells {
            if let after = outcome.cells[key], let a = rank[after], let b = rank[before], a > b {
                outcome.opened.append("audit \(key): \(before) -> \(after)")
            }
        }
        if mutation.legality == "illegal" {
            outcome.silentlyAccepted = !mutatedFileWarned
            if mutation.scope != nil {
                outcome.propertyChecked = true
                if !outcome.opened.isEmpty && !mutatedFileWarned {
                    fail(
                        "fail-open",
                        "an illegal value (\(mutation.reason ?? "")) was imported without a warning naming \(mutation.file), and \(outcome.opened.count) verdict(s) opened: \(outcome.opened.prefix(3).joined(separator: "; "))"
                    )
                }
            }
        }
        return outcome
    }

    /// A refused import: the message names the file and the JSON path (or says what is wrong
    /// with the file as a whole), and the inventory is as it was.
    static func checkRefusal(
        _ error: ImportError, folder: String, store: InventoryStore, emptyDump: String, mutation: Mutation?,
        _ fail: (String, String) -> Void
    ) {
        let text = error.description
        if !(error.file == folder || error.file.hasPrefix(folder + "/")) {
            fail("error names no file of the folder", "\(text)")
        } else if !text.contains(error.file) {
            fail("error names no file", "\(text)")
        }
        if error.jsonPath.isEmpty {
            let wholeFile = ["is not valid JSON", "is not readable text", "cannot be read", "not a regular file"]
            if !wholeFile.contains(where: text.contains) { fail("error without a path", text) }
        } else if !error.jsonPath.hasPrefix("$") || !text.contains(error.jsonPath) {
            fail("error without a path", text)
        } else if let data = FileManager.default.contents(atPath: error.file), let document = Node.parse(Array(data)),
            document.resolve(pathText: parent(of: error.jsonPath)) == nil
        {
            fail("error path not in the file", "\(error.jsonPath) is not in \(error.file): \(text)")
        }
        do {
            if try store.dump() != emptyDump { fail("inventory changed", "a refused import wrote rows: \(text)") }
        } catch {
            fail("inventory unreadable", "after a refused import: \(error)")
        }
        if mutation?.legality == "equivalent" {
            fail("equivalent refused", "the same export written otherwise was refused: \(text)")
        }
    }

    /// `$.A[1].B` -> `$.A[1]`; `$.A[1]` -> `$.A`.
    static func parent(of path: String) -> String {
        guard let cut = path.lastIndex(where: { $0 == "." || $0 == "[" }) else { return path }
        return String(path[..<cut])
    }

    static func relative(_ path: String, to folder: String) -> String {
        path.hasPrefix(folder + "/") ? String(path.dropFirst(folder.count + 1)) : path
    }
}

/// A new, empty inventory for each case. Creating the schema took most of a case's time, so
/// the first inventory made is kept as bytes and later ones are copies of it: the same file a
/// new inventory is, opened as an import opens it.
final class EmptyInventory: @unchecked Sendable {
    static let shared = EmptyInventory()
    private let lock = NSLock()
    private var template: (bytes: Data, dump: String)?

    func make(at path: String) throws -> (InventoryStore, String) {
        for suffix in ["", "-journal", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        lock.lock()
        let template = self.template
        lock.unlock()
        if let template {
            try template.bytes.write(to: URL(fileURLWithPath: path))
            return (try InventoryStore(path: path, create: true), template.dump)
        }
        let store = try InventoryStore(path: path, create: true)
        let dump = try store.dump()
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        lock.lock()
        self.template = (bytes, dump)
        lock.unlock()
        return (store, dump)
    }
}

/// Writes `files` (relative path -> bytes) into `folder`, emptied first.
func writeFolder(_ files: [String: [UInt8]], to folder: URL) throws {
    try? FileManager.default.removeItem(at: folder)
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    for (name, bytes) in files {
        let url = folder.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
    }
}
