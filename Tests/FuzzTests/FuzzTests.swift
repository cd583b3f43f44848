import Foundation
import ReachInventory
import TestSupport
import Testing

/// The fuzz test of issue 21: a seeded, grammar-aware mutator (Mutator.swift) over the scenario
/// fixtures and a small generated organisation. Every mutated folder is imported into a fresh
/// inventory; an import that succeeds is then questioned (every question of the seed), audited
/// (the whole network) and rendered (text, JSON, SARIF). It asserts:
///
/// - no crash (a trap ends the test process: the case is on disk, and the next run keeps it);
/// - a refused import names the file and a JSON path that is in the file (or says what is wrong
///   with the file as a whole), and leaves the inventory empty; what must be refused (invalid
///   UTF-8, a NUL, what is not JSON) is refused;
/// - an import never keeps a value that the loader then refuses;
/// - the same export written otherwise (a byte-order mark, UTF-16 or UTF-32, keys or list
///   elements in another order) gives the same verdicts;
/// - no silent fail-open: when a mutation puts into a network ACL entry, a route or a security
///   group rule a value AWS never prints there (Shapes.swift decides, independently of the
///   importer) and the import takes it, a verdict may go from unreachable or partial towards
///   reachable only if the import warned about the mutated file. A legal change that opens a
///   path (a deny made `allow`, a blackhole made `active`, an entry removed) is another
///   network, not a fail-open, and is not held against the tool.
///
/// LAMBDA_REACH_FUZZ_CASES=N runs N cases (default 250), LAMBDA_REACH_FUZZ_SEED=S another seed,
/// LAMBDA_REACH_FUZZ_FIRST=K from case K. A failing case is kept in Fixtures/kept/ (one per
/// kind of failure and place), and "kept cases" replays every one.
@Suite("Fuzz: mutated exports imported, questioned, audited")
struct FuzzTests {
    static let defaultSeed: UInt64 = 0x21_F0_22
    static let defaultCases = 250

    static func environment(_ name: String) -> UInt64? {
        guard let text = ProcessInfo.processInfo.environment[name], !text.isEmpty else { return nil }
        return text.hasPrefix("0x") ? UInt64(text.dropFirst(2), radix: 16) : UInt64(text)
    }

    @Test("mutations of the scenario fixtures and a generated organisation")
    func fuzz() throws {
        let runSeed = Self.environment("LAMBDA_REACH_FUZZ_SEED") ?? Self.defaultSeed
        let cases = Int(Self.environment("LAMBDA_REACH_FUZZ_CASES") ?? UInt64(Self.defaultCases))
        let first = Int(Self.environment("LAMBDA_REACH_FUZZ_FIRST") ?? 0)
        let scenarios = Seeds.scenarios
        #expect(scenarios.count >= 50, "the scenario fixtures are the fuzz test's seeds")
        var organisation: Seed?
        switch Seeds.organisation {
        case .success(let seed): organisation = seed
        case .failure(let error):
            if ExternalTools.isCI {
                Issue.record("the generated organisation is a seed of the fuzz test and CI=true: \(error.reason)")
            } else {
                print("fuzz: skipping the generated organisation: \(error.reason)")
            }
        }
        try FileManager.default.createDirectory(at: InFlight.root, withIntermediateDirectories: true)
        try takeLeftover()

        var tally = Tally()
        var signatures = Set(
            KeptCase.all.compactMap { try? KeptCase.load(Repository.kept.appendingPathComponent($0)) }
                .map(\.signature))
        let start = ContinuousClock.now
        for index in first..<(first + cases) {
            var rng = SplitMix64(seed: runSeed, case: index)
            var seed = organisation.flatMap { rng.chance(20) ? $0 : nil } ?? rng.pick(scenarios)
            guard var baseline = try baseline(of: seed, report: true) else { continue }
            // A stacked case: a legal first step, whose answers become the baseline, then the
            // judged mutation, most often in the same rule or route.
            var first: (description: String, focus: Mutator.Focus)?
            if rng.chance(35), let step = Mutator(seed: seed).legalStep(&rng) {
                let stepped = seed.replacing(step.file, with: step.bytes)
                if let stepBaseline = try self.baseline(of: stepped, report: false) {
                    seed = stepped
                    baseline = stepBaseline
                    first = (step.mutation.description, step.focus)
                }
            }
            var (file, bytes, mutation) = Mutator(seed: seed).mutate(&rng, near: first?.focus)
            mutation.after = first?.description
            var kept = KeptCase(
                note: "", runSeed: "0x" + String(runSeed, radix: 16), caseNumber: index, source: seed.name,
                mutation: mutation, omittedFiles: [],
                failures: [
                    Failure(
                        kind: "crash",
                        detail: "the test process ended during this case (a trap in import, question, audit or report)")
                ], questions: seed.questions, baseline: baseline)
            try seed.write(to: InFlight.folder, replacing: file, with: bytes)
            try kept.save(to: InFlight.root)
            let outcome = Checker.run(
                folder: InFlight.folder, store: InFlight.store, questions: seed.questions, mutation: mutation,
                baseline: baseline)
            tally.add(outcome, mutation)
            if !outcome.failures.isEmpty {
                kept.failures = outcome.failures
                Issue.record(
                    Comment(
                        rawValue:
                            "case \(index) of seed 0x\(String(runSeed, radix: 16)) (\(seed.name)): \(mutation.description)\n"
                            + outcome.failures.map { "  \($0.description)" }.joined(separator: "\n")))
                if signatures.insert(kept.signature).inserted {
                    let name = try keep(kept, seed: seed, file: file, bytes: bytes)
                    print("fuzz: kept case \(index) as Tests/FuzzTests/Fixtures/kept/\(name)")
                }
            }
            try? FileManager.default.removeItem(at: InFlight.description)
        }
        tally.seconds = (ContinuousClock.now - start) / .seconds(1)
        print("fuzz: seed 0x\(String(runSeed, radix: 16)), cases \(first)..<\(first + cases): \(tally.report())")
    }

    @Test("kept cases", arguments: KeptCase.all)
    func replay(_ name: String) throws {
        let folder = Repository.kept.appendingPathComponent(name)
        let kept = try KeptCase.load(folder)
        let scratch = testScratchRoot.appendingPathComponent(
            "lambda-reach-fuzz-replay-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outcome = Checker.run(
            folder: folder.appendingPathComponent("folder"),
            store: scratch.appendingPathComponent("inventory.sqlite").path,
            questions: kept.questions, mutation: kept.mutation, baseline: kept.baseline)
        for failure in outcome.failures {
            Issue.record(
                Comment(
                    rawValue: "\(name): \(kept.mutation.description)\n  \(failure.description)\n  note: \(kept.note)"))
        }
    }

    @Test("the oracle takes every seed for what AWS prints")
    func oracleAgreesWithSeeds() {
        var seeds = Seeds.scenarios
        if case .success(let organisation) = Seeds.organisation { seeds.append(organisation) }
        for seed in seeds {
            for (file, document) in seed.documents {
                guard case .object(let members) = document else { continue }
                for member in members {
                    guard let (scope, key) = Shapes.scope(of: [member.key], in: document) else { continue }
                    if let problem = Shapes.problem(scope, key: key, list: member.value, context: seed.context) {
                        Issue.record("\(seed.name) \(file): the oracle calls it illegal: \(problem)")
                    }
                }
            }
        }
    }

    @Test("the same seed and case give the same mutation")
    func deterministic() throws {
        let seed = try #require(Seeds.scenarios.first { $0.name.hasSuffix("nacl-outbound-deny") })
        for index in 0..<50 {
            var a = SplitMix64(seed: 42, case: index)
            var b = SplitMix64(seed: 42, case: index)
            let first = Mutator(seed: seed).mutate(&a)
            let second = Mutator(seed: seed).mutate(&b)
            #expect(first.bytes == second.bytes && first.mutation.description == second.mutation.description)
        }
    }

    // MARK: Steps

    /// The seed's own answers, computed once. A seed that fails the checks itself is not
    /// mutated (and reported, when `report`: a stacked case's first step that fails is the
    /// next case's business, not this one's).
    func baseline(of seed: Seed, report: Bool) throws -> Baseline? {
        if let baseline = seed.baseline { return baseline }
        let folder = InFlight.root.appendingPathComponent("seed")
        try seed.write(to: folder)
        let outcome = Checker.run(
            folder: folder, store: InFlight.store, questions: seed.questions, mutation: nil, baseline: nil)
        guard outcome.imported, outcome.failures.isEmpty else {
            if report {
                Issue.record(
                    "the seed \(seed.name) does not pass the checks itself: \(outcome.failures.map(\.description))")
            }
            return nil
        }
        let baseline = Baseline(
            answers: outcome.answers, cells: outcome.cells, warnings: outcome.newWarnings,
            blockers: outcome.blockers.sorted())
        seed.baseline = baseline
        return baseline
    }

    /// Keeps a failing case under Fixtures/kept/, reduced: the seed's files it does not need
    /// to fail the same way are left out, then elements of the other files' lists, halves
    /// first (a delta debugging of the export, each step checked against a fresh baseline).
    func keep(_ kept: KeptCase, seed: Seed, file: String, bytes: [UInt8]) throws -> String {
        var kept = kept
        var files = seed.bytes
        let kind = kept.failures.first?.kind
        // The failure of `trial` (the seed's files, the mutated one as the seed has it), with
        // the baseline it was judged against; nil when the seed part fails or the failure goes.
        func failure(_ trial: [String: [UInt8]], mutatedBytes: [UInt8]? = nil) throws -> (Baseline, [Failure])? {
            let original = InFlight.root.appendingPathComponent("minimal-original")
            let mutated = InFlight.root.appendingPathComponent("minimal-mutated")
            try writeFolder(trial, to: original)
            let before = Checker.run(
                folder: original, store: InFlight.store, questions: seed.questions, mutation: nil, baseline: nil)
            guard before.imported, before.failures.isEmpty else { return nil }
            let baseline = Baseline(
                answers: before.answers, cells: before.cells, warnings: before.newWarnings,
                blockers: before.blockers.sorted())
            try writeFolder(trial.merging([file: mutatedBytes ?? bytes]) { $1 }, to: mutated)
            let after = Checker.run(
                folder: mutated, store: InFlight.store, questions: seed.questions, mutation: kept.mutation,
                baseline: baseline)
            guard let first = after.failures.first(where: { $0.kind == kind }) else { return nil }
            return (baseline, [first] + after.failures.filter { $0 != first })
        }
        func accept(_ trial: [String: [UInt8]], _ result: (Baseline, [Failure])) {
            files = trial
            kept.baseline = result.0
            kept.failures = result.1
        }
        for candidate in seed.files where candidate != file {
            var trial = files
            trial[candidate] = nil
            if let result = try failure(trial) {
                accept(trial, result)
                kept.omittedFiles.append(candidate)
            }
        }
        for candidate in files.keys.sorted() where candidate != file {
            guard case .object(var members) = Node.parse(files[candidate]!) else { continue }
            for member in members.indices {
                guard var elements = members[member].value.elements else { continue }
                var chunk = max(1, elements.count / 2)
                while chunk >= 1 && !elements.isEmpty {
                    var start = 0
                    while start < elements.count {
                        var fewer = elements
                        fewer.removeSubrange(start..<min(elements.count, start + chunk))
                        members[member].value = .array(fewer)
                        var trial = files
                        trial[candidate] = Node.object(members).bytes()
                        if let result = try failure(trial) {
                            accept(trial, result)
                            elements = fewer
                        } else {
                            members[member].value = .array(elements)
                            start += chunk
                        }
                    }
                    chunk /= 2
                }
            }
        }
        // The mutated file's own list, but for the mutated element, when the mutation left the
        // list's length alone: the same elements go from the seed's file and the mutated one,
        // and the path's index follows its element.
        var mutatedBytes = bytes
        if let match = kept.mutation.path.firstMatch(of: /^\$\.([A-Za-z]+)\[(\d+)\]/), var index = Int(match.2),
            case .object(var originalMembers) = Node.parse(files[file] ?? []),
            case .object(var mutatedMembers) = Node.parse(bytes),
            let member = originalMembers.lastIndex(where: { $0.key == match.1 }),
            mutatedMembers.indices.contains(member), mutatedMembers[member].key == match.1,
            var originals = originalMembers[member].value.elements,
            var mutateds = mutatedMembers[member].value.elements, originals.count == mutateds.count
        {
            var chunk = max(1, originals.count / 2)
            while chunk >= 1 && originals.count > 1 {
                var start = 0
                while start < originals.count {
                    let range = start..<min(originals.count, start + chunk)
                    guard !range.contains(index) else {
                        start += chunk
                        continue
                    }
                    var fewerOriginals = originals
                    var fewerMutateds = mutateds
                    fewerOriginals.removeSubrange(range)
                    fewerMutateds.removeSubrange(range)
                    originalMembers[member].value = .array(fewerOriginals)
                    mutatedMembers[member].value = .array(fewerMutateds)
                    var trial = files
                    trial[file] = Node.object(originalMembers).bytes()
                    let trialBytes = Node.object(mutatedMembers).bytes()
                    if let result = try failure(trial, mutatedBytes: trialBytes) {
                        accept(trial, result)
                        mutatedBytes = trialBytes
                        originals = fewerOriginals
                        mutateds = fewerMutateds
                        if range.lowerBound < index { index -= range.count }
                    } else {
                        originalMembers[member].value = .array(originals)
                        mutatedMembers[member].value = .array(mutateds)
                        start += chunk
                    }
                }
                chunk /= 2
            }
            kept.mutation.path = kept.mutation.path.replacing(
                /^\$\.[A-Za-z]+\[\d+\]/, with: "$.\(match.1)[\(index)]", maxReplacements: 1)
            kept.mutation.reason = kept.mutation.reason?.replacing(
                /^[A-Za-z]+\[\d+\]/, with: "\(match.1)[\(index)]", maxReplacements: 1)
            // The first step's index too, when it changed the same element.
            if let after = kept.mutation.after, after.hasPrefix("\(file) $.\(match.1)[\(match.2)]") {
                kept.mutation.after = after.replacing(
                    /\$\.[A-Za-z]+\[\d+\]/, with: "$.\(match.1)[\(index)]", maxReplacements: 1)
            }
            // The failure again, in the words of the reduced export's indexes.
            if let result = try failure(files, mutatedBytes: mutatedBytes) { accept(files, result) }
        }
        kept.note =
            "Found by the fuzz test: \(kept.mutation.description). Then: \(kept.failures.first?.description ?? "")"
        let name = KeptCase.name(for: kept)
        let destination = Repository.kept.appendingPathComponent(name)
        try? FileManager.default.removeItem(at: destination)
        try writeFolder(files.merging([file: mutatedBytes]) { $1 }, to: destination.appendingPathComponent("folder"))
        try kept.save(to: destination)
        return name
    }

    /// A case left in flight by an earlier run that ended inside it (a trap): kept as a
    /// fixture first, then run again. If this process survives it, it was an interrupted run,
    /// not a crash, and the fixture goes (unless the case fails in another way).
    func takeLeftover() throws {
        guard FileManager.default.fileExists(atPath: InFlight.description.path),
            var kept = try? KeptCase.load(InFlight.root)
        else { return }
        let name = KeptCase.name(for: kept)
        let destination = Repository.kept.appendingPathComponent(name)
        try? FileManager.default.removeItem(at: destination)
        try FileManager.default.createDirectory(at: Repository.kept, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: InFlight.folder, to: destination.appendingPathComponent("folder"))
        kept.note = "The test process ended during this case: \(kept.mutation.description)"
        try kept.save(to: destination)
        print(
            "fuzz: an earlier run ended inside case \(kept.caseNumber): kept as Tests/FuzzTests/Fixtures/kept/\(name), running it again"
        )
        let outcome = Checker.run(
            folder: destination.appendingPathComponent("folder"), store: InFlight.store, questions: kept.questions,
            mutation: kept.mutation, baseline: kept.baseline)
        try? FileManager.default.removeItem(at: InFlight.description)
        if outcome.failures.isEmpty {
            try FileManager.default.removeItem(at: destination)
            print("fuzz: case \(kept.caseNumber) runs to the end now (an interrupted run, not a crash): not kept")
        } else {
            kept.failures = outcome.failures
            try kept.save(to: destination)
            Issue.record(Comment(rawValue: "kept \(name): \(outcome.failures.map(\.description))"))
        }
    }
}

/// What a run did, printed at its end.
struct Tally {
    var cases = 0
    /// Cases made on top of a legal first step.
    var stacked = 0
    var imported = 0
    var importedWithWarnings = 0
    var refused = 0
    var propertyChecked = 0
    var equivalenceChecked = 0
    var legalOpenings = 0
    /// Cases by the oracle's verdict on their mutation, and by whether they were imported.
    var legality: [String: (cases: Int, imported: Int)] = [:]
    var failures = 0
    var seconds = 0.0
    /// Illegal values in rules and routes imported without a warning naming the file (verdict
    /// opened or not), by place: what the importer takes silently.
    var silent: [String: Int] = [:]
    /// Mutations outside the rules and routes that opened a verdict without a warning: not
    /// failures (the oracle does not judge them), listed for a person to look at.
    var openedOutside: [String] = []

    mutating func add(_ outcome: Outcome, _ mutation: Mutation) {
        cases += 1
        if mutation.after != nil { stacked += 1 }
        let kind = mutation.legality + (mutation.scope == nil ? "" : " (rules and routes)")
        legality[kind, default: (0, 0)].cases += 1
        if outcome.imported { legality[kind, default: (0, 0)].imported += 1 }
        if outcome.imported {
            imported += 1
            if !outcome.newWarnings.isEmpty { importedWithWarnings += 1 }
        } else {
            refused += 1
        }
        if outcome.propertyChecked { propertyChecked += 1 }
        if outcome.equivalenceChecked { equivalenceChecked += 1 }
        if mutation.legality == "legal" && !outcome.opened.isEmpty { legalOpenings += 1 }
        if !outcome.failures.isEmpty { failures += 1 }
        if outcome.silentlyAccepted { silent[mutation.shape, default: 0] += 1 }
        if mutation.scope == nil, mutation.legality != "equivalent", !outcome.opened.isEmpty,
            outcome.newWarnings.isEmpty
        {
            openedOutside.append("\(mutation.description): \(outcome.opened.first ?? "")")
        }
    }

    func report() -> String {
        var lines = [
            "\(cases) cases (\(stacked) on a legal first step) in \(String(format: "%.1f", seconds)) s: \(imported) imported (\(importedWithWarnings) with new warnings), \(refused) refused; fail-open property checked \(propertyChecked) times, equivalence \(equivalenceChecked) times; \(legalOpenings) legal mutations opened a verdict; \(failures) failing cases"
        ]
        lines.append(
            "by the oracle's verdict (cases, imported): "
                + legality.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value.cases), \($0.value.imported)" }
                .joined(separator: "; "))
        if !silent.isEmpty {
            lines.append("illegal rule or route values imported without a warning (verdicts may not have changed):")
            for (shape, count) in silent.sorted(by: { $0.value > $1.value }).prefix(15) {
                lines.append("  \(count) x \(shape)")
            }
        }
        if !openedOutside.isEmpty {
            lines.append("verdicts opened without a warning by mutations outside rules and routes (not judged):")
            for line in openedOutside.prefix(10) { lines.append("  \(line)") }
        }
        return lines.joined(separator: "\n")
    }
}
