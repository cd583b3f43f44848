import Foundation
import TestSupport

/// One mutation of one file of a seed folder, and what the test may expect of it.
struct Mutation: Codable, Sendable {
    /// The file, relative to the folder.
    var file: String
    /// Where in it (`$.NetworkAcls[0].Entries[1].RuleAction`); empty for the file as a whole.
    var path: String
    /// What was done: `replace`, `delete key`, `UTF-16LE with BOM`, ...
    var operation: String
    /// The value written, shortened, when there is one.
    var value: String
    /// `equivalent` (the same export, written otherwise: verdicts must not change), `legal`
    /// (another export AWS could print), `illegal` (one AWS never prints; `reason` says why),
    /// or `unclassified` (raw bytes, or a part the oracle does not cover).
    var legality: String
    var reason: String?
    /// The scope of the fail-open property it falls in (`Shapes.Scope`), if any.
    var scope: String?
    /// Why the import must refuse it (invalid UTF-8, a NUL, not JSON), when it must.
    var mustRefuse: String?
    /// The legal mutation this one was made on top of, in a stacked case: the seed's answers
    /// it is compared with are those of the export after that first step.
    var after: String?

    var description: String {
        let place = path.isEmpty ? file : "\(file) \(path)"
        let what = value.isEmpty ? operation : "\(operation) \(value)"
        let why = reason.map { ": \($0)" } ?? ""
        let first = after.map { ", after the legal step \($0)" } ?? ""
        return "\(place): \(what) [\(legality)\(why)\(scope.map { ", \($0)" } ?? "")]\(first)"
    }

    /// The path with its indexes dropped (`$.RouteTables[].Routes[].State`), to group the
    /// failures of one kind.
    var shape: String {
        let path = self.path.replacing(/\[\d+\]/, with: "[]")
        return path.isEmpty ? operation : "\(path) (\(operation))"
    }
}

/// The seeded, grammar-aware mutator: it parses a seed's documents, picks a node by its AWS
/// shape (network ACL entries, routes and security group rules most often, then IDs, accounts,
/// regions, names, booleans, whole objects and arrays) and changes it from a menu of hostile
/// and boundary values; now and then it rewrites a whole file (byte-order mark, UTF-16 and
/// UTF-32, truncation) or its raw bytes.
struct Mutator {
    let seed: Seed

    /// A node that can be mutated, and the part of the export it is in.
    struct Candidate {
        var file: String
        var path: [Node.Step]
        var components: [String]
        var scope: Shapes.Scope?
        /// Inside a network ACL entry whose RuleAction is deny.
        var inDenyEntry: Bool
    }

    /// Every node of every document below the root, by scope.
    static func candidates(_ documents: [(String, Node)]) -> [Candidate] {
        var result: [Candidate] = []
        for (file, document) in documents {
            document.walk { path, _ in
                guard !path.isEmpty else { return }
                let components = document.components(path)
                let scope = Shapes.scope(of: components, in: document)?.0
                var inDeny = false
                if scope == .networkACLEntries, components.count >= 4,
                    let entry = document.node(at: Array(path.prefix(4))),
                    entry["RuleAction"]?.text?.lowercased() == "deny"
                {
                    inDeny = true
                }
                result.append(
                    Candidate(file: file, path: path, components: components, scope: scope, inDenyEntry: inDeny))
            }
        }
        return result
    }

    /// The string values of each key in the seed: legal values to swap in (another subnet's
    /// ID, another rule's CIDR), which test references rather than syntax.
    static func pool(_ documents: [(String, Node)]) -> [String: [String]] {
        var pool: [String: Set<String>] = [:]
        for (_, document) in documents {
            document.walk { path, node in
                guard let text = node.text, let key = document.components(path).last, !key.hasPrefix("[") else {
                    return
                }
                if pool[key, default: []].count < 40 { pool[key, default: []].insert(text) }
            }
        }
        return pool.mapValues { $0.sorted() }
    }

    /// One rule or route of a document: where a stacked case's second mutation is made.
    struct Focus {
        var file: String
        var record: [Node.Step]
        /// The node the first step changed.
        var path: [Node.Step]
    }

    /// One mutation, drawn from `rng`: the file's new bytes and its description. With `focus`,
    /// the node is most often in that rule or route.
    func mutate(_ rng: inout SplitMix64, near focus: Focus? = nil) -> (file: String, bytes: [UInt8], mutation: Mutation)
    {
        let roll = rng.int(0...99)
        if focus == nil && roll < 4 { return wholeFile(&rng) }
        if focus == nil && roll < 8 { return rawBytes(&rng) }
        return structural(&rng, near: focus, legalStep: false).result
    }

    /// The first step of a stacked case: a change of a rule or route to another value AWS
    /// could print (a value of the same key elsewhere in the seed, or a legal one from the
    /// menu), such as a blackhole route retargeted to a NAT gateway that exists. A single
    /// mutation seldom makes an illegal value matter (a blackhole route whose target is gone
    /// blocks whatever its State says); on top of such a step it can.
    func legalStep(_ rng: inout SplitMix64) -> (file: String, bytes: [UInt8], mutation: Mutation, focus: Focus)? {
        for _ in 0..<10 {
            let (result, focus) = structural(&rng, near: nil, legalStep: true)
            if result.mutation.legality == "legal", result.bytes != seed.bytes[result.file] {
                return (result.file, result.bytes, result.mutation, focus)
            }
        }
        return nil
    }

    // MARK: Structural mutations

    private func structural(_ rng: inout SplitMix64, near focus: Focus?, legalStep: Bool) -> (
        result: (file: String, bytes: [UInt8], mutation: Mutation), focus: Focus
    ) {
        let candidate = pick(&rng, near: focus, scopedOnly: legalStep)
        let document = seed.documents[candidate.file]!
        let node = document.node(at: candidate.path)!
        let key = candidate.components.last ?? ""
        let isMember = { if case .member = candidate.path.last { return true } else { return false } }()
        let isElement = !isMember

        var operations: [(Int, String)] = [(60, "replace"), (6, "invalid UTF-8")]
        if isMember { operations += [(10, "delete key"), (8, "duplicate key")] }
        if isElement { operations += [(6, "duplicate element"), (5, "remove element")] }
        if case .array(let elements) = node, elements.count >= 2 { operations.append((4, "reorder elements")) }
        if case .object(let members) = node, members.count >= 2 { operations.append((3, "reorder keys")) }
        if legalStep { operations = [(85, "replace")] + (isElement ? [(15, "remove element")] : []) }
        let operation = rng.weighted(operations)
        // The rule or route the node is in: an element of Entries, Routes, IpPermissions, or of
        // a top-level list of rules or routes.
        let depth = ["SecurityGroupRules", "Routes"].contains(candidate.components.first ?? "") ? 2 : 4
        let focusHere = Focus(file: candidate.file, record: Array(candidate.path.prefix(depth)), path: candidate.path)

        let parentPath = Array(candidate.path.dropLast())
        var mutated = document
        var value = ""
        var forced: (legality: String, reason: String?)?
        var mustRefuse: String?
        switch operation {
        case "replace":
            let new =
                legalStep ? legalReplacement(for: key, current: node, &rng) : replacement(for: key, current: node, &rng)
            value = Self.shown(new)
            mutated = document.updating(candidate.path) { $0 = new }
            if Self.holdsNUL(new) { mustRefuse = "a NUL character, which the import refuses wherever it is" }
            if case .raw = new { mustRefuse = "arrays nested deeper than the parser's 512 levels" }
        case "invalid UTF-8":
            let bad = rng.pick(Self.invalidUTF8)
            let text = node.text ?? key
            let cut = text.utf8.count / 2
            var bytes: [UInt8] = [UInt8(ascii: "\"")] + Array(text.utf8.prefix(cut)) + bad.bytes
            bytes += Array(text.utf8.dropFirst(cut)) + [UInt8(ascii: "\"")]
            value = bad.name
            mutated = document.updating(candidate.path) { $0 = .raw(bytes) }
            mustRefuse = "invalid UTF-8 (\(bad.name)), which the import refuses"
        case "delete key":
            guard case .member(let index) = candidate.path.last else { break }
            mutated = document.updating(parentPath) { parent in
                if case .object(var members) = parent {
                    members.remove(at: index)
                    parent = .object(members)
                }
            }
        case "duplicate key":
            guard case .member(let index) = candidate.path.last else { break }
            let same = rng.chance(40)
            let new = same ? node : replacement(for: key, current: node, &rng)
            let before = rng.chance(30)
            value = "\(same ? "the same value" : Self.shown(new)) \(before ? "before" : "after") it"
            if Self.holdsNUL(new) { mustRefuse = "a NUL character, which the import refuses wherever it is" }
            if case .raw = new { mustRefuse = "arrays nested deeper than the parser's 512 levels" }
            mutated = document.updating(parentPath) { parent in
                if case .object(var members) = parent {
                    members.insert(Node.Member(key: key, value: new), at: before ? index : index + 1)
                    parent = .object(members)
                }
            }
            forced = ("illegal", "the key \(key) twice in one object")
        case "duplicate element":
            guard case .element(let index) = candidate.path.last else { break }
            mutated = document.updating(parentPath) { parent in
                if case .array(var elements) = parent {
                    elements.insert(elements[index], at: index + 1)
                    parent = .array(elements)
                }
            }
        case "remove element":
            guard case .element(let index) = candidate.path.last else { break }
            mutated = document.updating(parentPath) { parent in
                if case .array(var elements) = parent {
                    elements.remove(at: index)
                    parent = .array(elements)
                }
            }
        case "reorder elements":
            // The order of a list in an export means nothing to AWS: ACL entries are ordered
            // by their rule numbers, routes by their prefixes, rules form a set.
            let reverse = rng.chance(50)
            value = reverse ? "reversed" : "rotated by one"
            mutated = document.updating(candidate.path) { list in
                if case .array(let elements) = list {
                    list = .array(reverse ? elements.reversed() : Array(elements.dropFirst()) + [elements[0]])
                }
            }
            forced = ("equivalent", nil)
        case "reorder keys":
            mutated = document.updating(candidate.path) { object in
                if case .object(let members) = object { object = .object(members.reversed()) }
            }
            forced = ("equivalent", nil)
        default: break
        }

        var mutation = Mutation(
            file: candidate.file, path: document.pathText(candidate.path), operation: operation, value: value,
            legality: "unclassified", reason: nil, scope: nil, mustRefuse: mustRefuse)
        if let (list, scope) = Shapes.scope(of: candidate.components, in: document).map({ ($0.1, $0.0) }) {
            mutation.scope = scope.rawValue
            if let problem = Shapes.problem(scope, key: list, list: document[list], context: seed.context) {
                // The seed itself is not what the oracle calls legal: it cannot judge the change.
                mutation.reason = "the seed already is not legal to the oracle: \(problem)"
            } else if let problem = Shapes.problem(scope, key: list, list: mutated[list], context: seed.context)
                ?? Shapes.removedDefaults(scope, before: document[list], after: mutated[list])
            {
                mutation.legality = "illegal"
                mutation.reason = problem
            } else {
                mutation.legality = "legal"
            }
        }
        if let forced, mutation.legality != "unclassified" || forced.legality == "equivalent" {
            mutation.legality = forced.legality
            mutation.reason = forced.reason
        }
        if case .raw = mutated.node(at: candidate.path) ?? .null {
            mutation.legality = "unclassified"
        }
        return ((candidate.file, mutated.bytes(), mutation), focusHere)
    }

    /// A node, most often one in a rule or route, in a DENY entry half the time it is in an
    /// ACL; with `focus`, the node the first step changed three times out of ten (a key that
    /// now decides, such as a State made `blackhole`), another of its rule or route five times
    /// (a deny renumbered, then its Egress made null).
    private func pick(_ rng: inout SplitMix64, near focus: Focus?, scopedOnly: Bool) -> Candidate {
        if let focus {
            let roll = rng.int(0...9)
            let near = seed.candidates.filter { candidate in
                candidate.file == focus.file
                    && (roll < 3 ? candidate.path == focus.path : candidate.path.starts(with: focus.record))
            }
            if roll < 8 && !near.isEmpty { return rng.pick(near) }
        }
        var all = scopedOnly ? seed.candidates.filter { $0.scope != nil } : seed.candidates
        // Half the time, only the ACLs, route tables and groups that hold or point at what
        // blocks one of the seed's answers: where a change can open a verdict.
        let blocking = Set(seed.baseline?.blockers ?? [])
        if !blocking.isEmpty && rng.chance(50) {
            let elements = seed.relevantElements(blocking: blocking)
            let relevant = all.filter { candidate in
                guard candidate.path.count >= 2, case .member(let member) = candidate.path[0],
                    case .element(let index) = candidate.path[1]
                else { return false }
                return elements.contains("\(candidate.file)|\(member)|\(index)")
            }
            if !relevant.isEmpty { all = relevant }
        }
        let groups: [(Int, [Candidate])] = [
            (30, all.filter { $0.scope == .networkACLEntries }), (25, all.filter { $0.scope == .routes }),
            (15, all.filter { $0.scope == .securityGroupRules }), (5, all.filter { $0.scope == .transitGatewayRoutes }),
            (25, all.filter { $0.scope == nil }),
        ].filter { !$0.1.isEmpty }
        var group = rng.weighted(groups)
        let deny = group.filter(\.inDenyEntry)
        if !deny.isEmpty && rng.chance(50) { group = deny }
        return rng.pick(group)
    }

    /// A new value for the node at `key`: a boundary or hostile value for what the key holds,
    /// a value of the same key elsewhere in the seed, or anything from the general menu.
    private func replacement(for key: String, current: Node, _ rng: inout SplitMix64) -> Node {
        let specific = Menu.values(for: key, current: current)
        let pooled = (seed.pool[key] ?? []).filter { .string($0) != current }.map { Node.string($0) }
        // null on its own: an importer that reads null as "absent" gives the key its default (an
        // entry without Egress is inbound, a route without State active) without a word.
        var choices: [(Int, [Node])] = [
            (40, specific), (15, pooled), (20, Menu.general), (15, Menu.wrongTypes), (10, [.null]),
        ]
        choices = choices.filter { !$0.1.isEmpty }
        return rng.pick(rng.weighted(choices))
    }

    /// A value for a legal first step: another value of the same key in the seed, or one from
    /// the key's own menu (which holds legal values among the hostile ones; the oracle decides).
    private func legalReplacement(for key: String, current: Node, _ rng: inout SplitMix64) -> Node {
        let pooled = (seed.pool[key] ?? []).filter { .string($0) != current }.map { Node.string($0) }
        let specific = Menu.values(for: key, current: current)
        let choices = [(60, pooled), (40, specific)].filter { !$0.1.isEmpty }
        guard !choices.isEmpty else { return current }
        return rng.pick(rng.weighted(choices))
    }

    static func holdsNUL(_ node: Node) -> Bool {
        var found = false
        node.walk { _, value in if let text = value.text, text.utf8.contains(0) { found = true } }
        if case .object(let members) = node, members.contains(where: { $0.key.utf8.contains(0) }) { found = true }
        return found
    }

    /// A value as a mutation describes it: JSON, cut after 60 characters.
    static func shown(_ node: Node) -> String {
        let text = String(decoding: node.bytes().filter { $0 != UInt8(ascii: "\n") }, as: UTF8.self)
        let squeezed = text.replacing(/\ {2,}/, with: " ")
        return squeezed.count > 60 ? String(squeezed.prefix(60)) + "... (\(text.utf8.count) bytes)" : squeezed
    }

    static let invalidUTF8: [(name: String, bytes: [UInt8])] = [
        ("byte 0xFF", [0xFF]), ("a lone continuation byte 0x80", [0x80]),
        ("an overlong slash C0 AF", [0xC0, 0xAF]), ("an encoded surrogate ED A0 80", [0xED, 0xA0, 0x80]),
        ("a cut sequence E2 82", [0xE2, 0x82]), ("Latin-1 e-acute 0xE9", [0xE9, 0x20]),
        ("a code point above U+10FFFF F4 90 80 80", [0xF4, 0x90, 0x80, 0x80]),
    ]

    // MARK: Whole files and raw bytes

    private func wholeFile(_ rng: inout SplitMix64) -> (file: String, bytes: [UInt8], mutation: Mutation) {
        let file = rng.pick(seed.files)
        let original = seed.bytes[file]!
        let text = String(decoding: original, as: UTF8.self)
        var mutation = Mutation(
            file: file, path: "", operation: "", value: "", legality: "equivalent", reason: nil, scope: nil,
            mustRefuse: nil)
        let bytes: [UInt8]
        switch rng.int(0...9) {
        case 0:
            mutation.operation = "UTF-8 byte-order mark"
            bytes = [0xEF, 0xBB, 0xBF] + original
        case 1:
            mutation.operation = "UTF-16LE with BOM (Windows PowerShell 5.1's >)"
            bytes = [0xFF, 0xFE] + Self.utf16(text, littleEndian: true)
        case 2:
            mutation.operation = "UTF-16BE with BOM"
            bytes = [0xFE, 0xFF] + Self.utf16(text, littleEndian: false)
        case 3:
            mutation.operation = "UTF-16LE without BOM"
            bytes = Self.utf16(text, littleEndian: true)
        case 4:
            mutation.operation = "UTF-32LE with BOM"
            bytes = [0xFF, 0xFE, 0x00, 0x00] + Self.utf32(text, littleEndian: true)
        case 5, 6:
            let length = rng.int(0...max(0, original.count - 2))
            mutation.operation = "truncated"
            mutation.value = "to \(length) of \(original.count) bytes"
            bytes = Array(original.prefix(length))
            mutation.legality = "unclassified"
            if !Self.foundationParses(bytes) { mutation.mustRefuse = "a truncated document is not JSON" }
        case 7:
            let cut = rng.int(1...max(1, original.count / 2 - 1))
            mutation.operation = "UTF-16LE cut in the middle of a character"
            bytes = [0xFF, 0xFE] + Array(Self.utf16(text, littleEndian: true).prefix(2 * cut + 1))
            mutation.legality = "unclassified"
            mutation.mustRefuse = "a UTF-16 file with an odd number of bytes"
        case 8:
            let top: [(String, [UInt8])] = [
                ("an empty file", []), ("whitespace only", Array(" \n\t ".utf8)), ("a JSON array", Array("[]".utf8)),
                ("a JSON string", Array("\"Vpcs\"".utf8)), ("null", Array("null".utf8)),
                ("a NUL byte", [0]), ("two documents", original + original),
            ]
            let (name, replaced) = rng.pick(top)
            mutation.operation = "replaced by \(name)"
            bytes = replaced
            mutation.legality = "unclassified"
            mutation.mustRefuse = "\(name) is not an AWS CLI document"
        default:
            mutation.operation = "compact, keys in reverse order"
            bytes = Self.reversedKeys(seed.documents[file]!).bytes().filter { $0 != UInt8(ascii: "\n") }
        }
        return (file, bytes, mutation)
    }

    private func rawBytes(_ rng: inout SplitMix64) -> (file: String, bytes: [UInt8], mutation: Mutation) {
        let file = rng.pick(seed.files)
        var bytes = seed.bytes[file]!
        let offset = rng.int(0...max(0, bytes.count - 1))
        var mutation = Mutation(
            file: file, path: "", operation: "", value: "at byte \(offset)", legality: "unclassified", reason: nil,
            scope: nil, mustRefuse: nil)
        switch rng.int(0...4) {
        case 0:
            let new = UInt8(truncatingIfNeeded: rng.next())
            mutation.operation = "byte set to 0x\(String(new, radix: 16))"
            if !bytes.isEmpty { bytes[offset] = new }
        case 1:
            let new = rng.pick([0x00, 0xFF, 0x80, 0x22, 0x5C, 0x7B, 0x7D, 0x2C, 0x1B] as [UInt8])
            mutation.operation = "byte 0x\(String(new, radix: 16)) inserted"
            bytes.insert(new, at: offset)
        case 2:
            let length = rng.int(1...16)
            mutation.operation = "\(length) bytes deleted"
            bytes.removeSubrange(offset..<min(bytes.count, offset + length))
        case 3:
            mutation.operation = "bit flipped"
            if !bytes.isEmpty { bytes[offset] ^= 1 << UInt8(rng.int(0...7)) }
        default:
            let junk = rng.pick(["NaN", "Infinity", "01", "+1", "1.", ",", "//", "'x'", "\\u0000", "\u{1B}[2J"])
            mutation.operation = "\(Self.escaped(junk)) inserted"
            bytes.insert(contentsOf: Array(junk.utf8), at: offset)
        }
        if !Self.foundationParses(bytes) { mutation.mustRefuse = "Foundation's JSONSerialization does not read it" }
        return (file, bytes, mutation)
    }

    /// Whether JSONSerialization, a parser the importer does not use, reads `bytes` as one
    /// JSON object: when it does not, the file is not a JSON document and the import must refuse.
    static func foundationParses(_ bytes: [UInt8]) -> Bool {
        guard let value = try? JSONSerialization.jsonObject(with: Data(bytes)) else { return false }
        return value is [String: Any]
    }

    static func escaped(_ text: String) -> String {
        text.unicodeScalars.map { $0.value < 0x20 ? "\\u{\(String($0.value, radix: 16))}" : String($0) }.joined()
    }

    static func utf16(_ text: String, littleEndian: Bool) -> [UInt8] {
        text.utf16.flatMap { unit in
            littleEndian ? [UInt8(unit & 0xFF), UInt8(unit >> 8)] : [UInt8(unit >> 8), UInt8(unit & 0xFF)]
        }
    }

    static func utf32(_ text: String, littleEndian: Bool) -> [UInt8] {
        text.unicodeScalars.flatMap { scalar in
            let bytes = (0..<4).map { UInt8((scalar.value >> (8 * $0)) & 0xFF) }
            return littleEndian ? bytes : bytes.reversed()
        }
    }

    static func reversedKeys(_ node: Node) -> Node {
        switch node {
        case .object(let members):
            return .object(members.reversed().map { Node.Member(key: $0.key, value: reversedKeys($0.value)) })
        case .array(let elements): return .array(elements.map(reversedKeys))
        default: return node
        }
    }
}

/// The values a replaced node can take.
enum Menu {
    static func number(_ literal: String) -> Node { .number(literal) }

    /// Boundary numbers: the ends of Int64 and just past them, the edges of rule numbers and
    /// ports, negative zero, a number no Double holds, fractions.
    static let numbers: [Node] = [
        "-9223372036854775808", "9223372036854775807", "9223372036854775808", "-9223372036854775809", "-1", "0", "1",
        "32766", "32767", "32768", "65535", "65536", "-0.0", "-0", "1e309", "-1e309", "0.5", "443.5", "1e2",
        "4294967296", "2147483648", "1e15", "256", "255",
    ].map(number)

    static let longString = String(repeating: "A", count: 70_000)

    /// Hostile and boundary strings.
    static let strings: [Node] = [
        "", " ", "999", "-1", "banana", "0.0.0.0/33", "0.0.0.0/", "0.0.0.0/0", "::/0", "null", "true",
        "\u{1B}[2J\u{1B}[H", "\r\nreachable via igw-0", "\u{7}", "a\u{0}b", "\u{0}", "\u{7F}", "\u{85}", "\u{9B}31m",
        "; touch x;", "$(id)", "`id`", "'; rm -rf ~ #", "\"quoted\"", "back\\slash", "../..", "../../etc/passwd",
        "/dev/null", "\u{202E}txet desrever", "\u{FEFF}x", "\u{2028}", "İ", "ﬀ", "😀", longString, "%00", "%s%n",
    ].map { Node.string($0) }

    /// Values of the wrong JSON type, and the shapes some tools print instead of a plain value.
    static let wrongTypes: [Node] = [
        .null, .bool(true), .bool(false), .array([]), .object([]), .array([.null]), .object(["Value": .bool(true)]),
        .array([.string("x")]), deepArray(600),
    ]

    static let general = numbers + strings + wrongTypes

    /// Nested arrays `depth` deep: past the parser's limit of 512.
    static func deepArray(_ depth: Int) -> Node {
        .raw(Array(String(repeating: "[", count: depth).utf8) + Array(String(repeating: "]", count: depth).utf8))
    }

    static let ipv4CIDRs: [Node] = [
        "0.0.0.0/0", "10.0.0.0/8", "10.0.0.0/32", "1.2.3.4/32", "10.0.0.1/8", "0.0.0.0/33", "0.0.0.0/", "0.0.0.0/-1",
        "banana", "", " ", "1.2.3.4", "256.0.0.0/8", "10.0.0.0/08", "010.0.0.0/8", " 0.0.0.0/0", "0.0.0.0/0 ",
        "0.0.0.0/0\n", "10.0.0.0/8/8", "::/0", "0.0.0.0/+0", "1.2.3/24", "1.2.3.4.5/32", "4294967295/0",
    ].map { Node.string($0) }

    static let ipv6CIDRs: [Node] = [
        "::/0", "2600::/56", "2600:1f18::/64", "::/129", "::/-1", "banana", "0.0.0.0/0", ":::/0", "::ffff:10.0.0.0/104",
        "2600::", "", "2600::/056", "fe80::1%eth0/64",
    ].map { Node.string($0) }

    static let protocols: [Node] =
        [
            "-1", "6", "17", "1", "58", "0", "255", "tcp", "TCP", "udp", "icmp", "icmpv6", "all", "ALL", "999", "256",
            "-2", "", " ", "6 ", "06", "+6", "0x6", "six", "-1 ", "icmp6",
        ].map { Node.string($0) } + [.number("6"), .number("-1"), .number("17")]

    static let ports: [Node] =
        ["-1", "0", "1", "443", "1023", "1024", "65535", "65536", "-0.0", "1e309", "70000", "400", "500"].map(number)
        + [.string("443"), .string("banana"), .string(""), .number("-9223372036854775808"), .number("443.5")]

    static let ruleNumbers: [Node] =
        [
            "1", "99", "100", "101", "199", "201", "32766", "32767", "32768", "0", "-1", "-9223372036854775808",
            "9223372036854775807", "1e309", "100.5", "-0.0", "1e15", "65536",
        ].map(number) + [.string("100"), .string("50"), .string("banana"), .string("")]

    static let portRanges: [Node] = [
        .object(["From": number("-1"), "To": number("-1")]), .object(["From": number("500"), "To": number("400")]),
        .object(["From": number("0"), "To": number("-0.0")]), .object(["From": number("0"), "To": number("65536")]),
        .object(["From": number("0"), "To": number("65535")]), .object(["From": number("443"), "To": number("443")]),
        .object([]), .object(["From": number("443")]), .object(["To": number("443")]), .string("443"),
        .object(["From": .string("443"), "To": .string("443")]), .object(["From": .null, "To": .null]),
    ]

    static let states: [Node] = [
        "active", "blackhole", "Blackhole", "BLACKHOLE", "blackhole ", "banana", "", "available", "deleted", "failed",
        "pending", "attached", "detached", "associated", "disassociated", "enabled", "Active",
    ].map { Node.string($0) }

    static let booleans: [Node] = [
        .bool(true), .bool(false), .null, .string("true"), .string("false"), .number("1"), .number("0"),
        .object(["Value": .bool(true)]), .object(["Value": .bool(false)]),
    ]

    static let accounts: [Node] = [
        "123456789012", "210987654321", "12345678901", "1234567890123", "abcdefghijkl", "000000000000", "amazon-elb",
        "AWS", "123456789012 ", "; touch x;", "../../x", "",
    ].map { Node.string($0) }

    static let regions: [Node] = [
        "us-east-1", "eu-west-1", "us-gov-west-1", "us-east-1a", "xx-banana-99", "US-EAST-1", "us-east-1\n", "../..",
        "us-east-", "use1-az1", "",
    ].map { Node.string($0) }

    /// Variations of an ID: its prefix alone, upper case, shell characters, too long, spaces.
    static func ids(like current: String) -> [Node] {
        let prefix = current.prefix { $0 != "-" } + "-"
        return [
            String(prefix), current.uppercased(), current + "; touch x;", current + "$(id)", current + " ",
            " " + current, current + "-", String(prefix) + String(repeating: "a", count: 65),
            String(prefix) + "0123456789abcdef0", String(prefix) + "ZZZZ", "banana", "", current + "\n",
            "../" + current,
            "igw-0123456789abcdef0", "local",
        ].map { Node.string($0) }
    }

    /// The menu for a key, by what the AWS shapes put there.
    static func values(for key: String, current: Node) -> [Node] {
        switch key {
        case "RuleNumber": return ruleNumbers
        case "Protocol", "IpProtocol": return protocols
        case "RuleAction":
            return ["allow", "deny", "ALLOW", "Deny", "allow ", "", "banana", "alloW", "deny\u{0}", "permit"].map {
                Node.string($0)
            } + [.bool(true)]
        case "Egress", "IsEgress", "Main", "IsDefault", "MapPublicIpOnLaunch", "PrivateDnsEnabled",
            "EnableDnsSupport", "EnableDnsHostnames", "PubliclyAccessible", "MultiAZ", "Ipv6AllowedForDualStack",
            "AllowDnsResolutionFromRemoteVpc", "IsPrimary", "RequesterManaged":
            return booleans
        case "CidrBlock", "DestinationCidrBlock", "CidrIp", "CidrIpv4", "Cidr": return ipv4CIDRs
        case "Ipv6CidrBlock", "DestinationIpv6CidrBlock", "CidrIpv6": return ipv6CIDRs
        case "State": return states
        case "Code" where current.text != nil: return states
        case "From", "To", "FromPort", "ToPort", "Port", "Type", "Code":
            return key == "Type" && current.text != nil
                ? ["static", "propagated", "Static", "banana", ""].map { Node.string($0) } : ports
        case "PortRange": return portRanges
        case "IcmpTypeCode":
            return [
                .object(["Type": number("-1"), "Code": number("-1")]),
                .object(["Type": number("256"), "Code": number("0")]), .object([]), .null,
            ]
        case "Origin":
            return ["CreateRoute", "CreateRouteTable", "EnableVgwRoutePropagation", "banana", ""].map {
                Node.string($0)
            }
        case "GatewayId":
            return [
                "local", "LOCAL", "Local", "igw-0123456789abcdef0", "vgw-0123", "vpce-0123", "igw-", "igw-ZZZ",
                "nat-0123", "", "local; touch x;",
            ].map { Node.string($0) }
        case "OwnerId", "UserId", "InstanceOwnerId", "RequesterId": return accounts
        case "Region", "AvailabilityZone", "AvailabilityZoneId": return regions
        // A subnet's zone as RDS prints it: SubnetAvailabilityZone.Name.
        case "Name" where current.text.map({ $0.hasPrefix("us-") }) ?? false: return regions
        case "Entries", "Routes", "IpPermissions", "IpPermissionsEgress", "IpRanges", "UserIdGroupPairs":
            return [.null, .array([]), .object([]), .string(""), .array([.null]), .array([.object([])])]
        default:
            if let text = current.text,
                text.range(of: #"^[a-z]+(-[a-z]+)?-[0-9a-z-]+$"#, options: .regularExpression) != nil
            {
                return ids(like: text)
            }
            if case .bool = current { return booleans }
            if case .number = current { return numbers }
            return []
        }
    }
}
