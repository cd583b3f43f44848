import Foundation
import GRDB
import ReachInventory
import Testing

/// Reading the bytes of an export: byte-order marks, UTF-16 and UTF-32 (what Windows
/// PowerShell 5.1's `>` writes), invalid UTF-8, NUL characters, repeated keys and numbers a
/// whole number cannot hold. Nothing is silently replaced, cut or chosen: a value is read
/// whole, or the import is refused with the file, the JSON path and what was expected.
@Suite("Reading JSON: encodings, NUL characters, repeated keys and numbers")
struct EncodingTests {
    let scratch: Scratch
    let store: InventoryStore

    init() throws {
        scratch = try Scratch("encoding")
        store = try scratch.store()
        try importPaths([Fixtures.snapshot("batfish-test-nat-gateway").path], into: store)
    }

    /// A VPC of the snapshot's account and region, in a file of its own.
    static let vpcs = #"{"Vpcs": [{"VpcId": "vpc-0e1", "CidrBlock": "10.7.0.0/16", "OwnerId": "554773406868"}]}"#

    /// Writes `bytes` as `name` in the snapshot's account and region folders.
    func bad(_ name: String, _ bytes: [UInt8]) throws -> String {
        let path = scratch.path("exports/554773406868/us-east-2/\(name)")
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// The VPCs table after importing `bytes` as a fresh Vpcs.json into a fresh inventory.
    func importedVPCs(_ bytes: [UInt8], _ name: String) throws -> [String] {
        let fresh = try scratch.store("\(name).sqlite")
        let file = try bad("\(name)/Vpcs.json", bytes)
        let summary = try importPaths([file], into: fresh)
        #expect(summary.warnings.isEmpty, "\(summary.warnings)")
        return try fresh.read { db in
            try String.fetchAll(db, sql: "SELECT vpc_id || ' ' || cidr_block || ' ' || owner_id FROM vpcs")
        }
    }

    static func utf16(_ text: String, bigEndian: Bool, bom: Bool) -> [UInt8] {
        var bytes: [UInt8] = bom ? (bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]) : []
        for unit in text.utf16 {
            let pair = [UInt8(unit >> 8), UInt8(unit & 0xFF)]
            bytes += bigEndian ? pair : pair.reversed()
        }
        return bytes
    }

    static func utf32(_ text: String, bigEndian: Bool, bom: Bool) -> [UInt8] {
        var bytes: [UInt8] = bom ? (bigEndian ? [0, 0, 0xFE, 0xFF] : [0xFF, 0xFE, 0, 0]) : []
        for scalar in text.unicodeScalars {
            let units = (0..<4).map { UInt8(truncatingIfNeeded: scalar.value >> (24 - 8 * UInt32($0))) }
            bytes += bigEndian ? units : units.reversed()
        }
        return bytes
    }

    @Test("a UTF-8 byte-order mark is skipped")
    func utf8BOM() throws {
        let vpcs = try importedVPCs([0xEF, 0xBB, 0xBF] + Array(Self.vpcs.utf8), "bom")
        #expect(vpcs == ["vpc-0e1 10.7.0.0/16 554773406868"])
    }

    @Test(
        "UTF-16 and UTF-32, with and without a byte-order mark, read as the same text",
        arguments: [
            ("utf16le-bom", utf16(vpcs, bigEndian: false, bom: true)),
            ("utf16be-bom", utf16(vpcs, bigEndian: true, bom: true)),
            ("utf16le", utf16(vpcs, bigEndian: false, bom: false)),
            ("utf16be", utf16(vpcs, bigEndian: true, bom: false)),
            ("utf32le-bom", utf32(vpcs, bigEndian: false, bom: true)),
            ("utf32be", utf32(vpcs, bigEndian: true, bom: false)),
        ])
    func wideEncodings(name: String, bytes: [UInt8]) throws {
        #expect(try importedVPCs(bytes, name) == ["vpc-0e1 10.7.0.0/16 554773406868"])
    }

    @Test("the parser says which encoding it read a file in, and nothing for UTF-8")
    func transcodedFrom() throws {
        let text = Self.vpcs
        #expect(try JSONParser.parseDocument(Array(text.utf8)).transcodedFrom == nil)
        #expect(try JSONParser.parseDocument([0xEF, 0xBB, 0xBF] + Array(text.utf8)).transcodedFrom == nil)
        #expect(
            try JSONParser.parseDocument(Self.utf16(text, bigEndian: false, bom: true)).transcodedFrom
                == "UTF-16, little-endian")
        #expect(
            try JSONParser.parseDocument(Self.utf32(text, bigEndian: true, bom: false)).transcodedFrom
                == "UTF-32, big-endian")
    }

    @Test("a name outside ASCII survives UTF-16: a surrogate pair and an accent")
    func utf16NonASCII() throws {
        let text =
            #"{"Vpcs": [{"VpcId": "vpc-0e2", "CidrBlock": "10.8.0.0/16", "Tags": [{"Key": "Name", "Value": "café 🚀"}]}]}"#
        let fresh = try scratch.store("utf16-name.sqlite")
        let file = try bad("utf16-name/Vpcs.json", Self.utf16(text, bigEndian: false, bom: true))
        try importPaths([file], into: fresh)
        #expect(try fresh.read { db in try String.fetchOne(db, sql: "SELECT name FROM vpcs") } == "café 🚀")
    }

    @Test("a UTF-16 file cut in the middle of a character names the encoding and how to re-save it")
    func truncatedUTF16() throws {
        let bytes = Self.utf16(Self.vpcs, bigEndian: false, bom: true).dropLast()
        let file = try bad("Vpcs.json", Array(bytes))
        try expectImportFailure(
            [file], into: store, file: file, jsonPath: "$",
            mentions: ["UTF-16, little-endian", "byte-order mark", "middle of a character", "re-save it as UTF-8"])
    }

    @Test("a lone UTF-16 surrogate is refused with its byte offset")
    func loneSurrogate() throws {
        // `{"` then a high surrogate (D800) followed by `a` instead of a low surrogate.
        let bytes: [UInt8] = [0xFF, 0xFE, 0x7B, 0x00, 0x22, 0x00, 0x00, 0xD8, 0x61, 0x00]
        let file = try bad("Vpcs.json", bytes)
        try expectImportFailure(
            [file], into: store, file: file, jsonPath: "$",
            mentions: ["byte offset 6", "surrogate", "UTF-16", "re-save it as UTF-8"])
    }

    @Test("invalid UTF-8 inside an ID: the file, the byte offset and the path, never U+FFFD")
    func invalidUTF8InID() throws {
        let prefix = Array(#"{"Vpcs": [{"CidrBlock": "10.7.0.0/16", "VpcId": "vpc-0e"#.utf8)
        let bytes = prefix + [0xFF] + Array(#"1"}]}"#.utf8)
        let file = try bad("Vpcs.json", bytes)
        try expectImportFailure(
            [file], into: store, file: file, jsonPath: "$.Vpcs[0].VpcId",
            mentions: ["byte offset \(prefix.count)", "0xFF", "not valid UTF-8", "re-save it as UTF-8"])
    }

    @Test("a Latin-1 name: the byte offset of the first bad byte")
    func latin1Name() throws {
        let prefix = Array(
            #"{"Vpcs": [{"VpcId": "vpc-0e1", "CidrBlock": "10.7.0.0/16", "Tags": [{"Key": "Name", "Value": "Caf"#.utf8)
        let bytes = prefix + [0xE9] + Array(#" prod"}]}]}"#.utf8)
        let file = try bad("Vpcs.json", bytes)
        try expectImportFailure(
            [file], into: store, file: file, jsonPath: "$.Vpcs[0].Tags[0].Value",
            mentions: ["byte offset \(prefix.count)", "0xE9", "Latin-1"])
    }

    @Test(
        "overlong forms and encoded surrogates are not UTF-8 either", arguments: [[0xC0, 0xAF], [0xED, 0xA0, 0x80]])
    func malformedSequences(_ sequence: [UInt8]) throws {
        let bytes =
            Array(#"{"Vpcs": [{"VpcId": "vpc-0e1", "CidrBlock": "10.7.0.0/16", "State": "a"#.utf8) + sequence
            + Array(#""}]}"#.utf8)
        let file = try bad("Vpcs.json", bytes)
        try expectImportFailure(
            [file], into: store, file: file, jsonPath: "$.Vpcs[0].State", mentions: ["not valid UTF-8"])
    }

    @Test("valid multi-byte UTF-8 in names and descriptions is kept as written")
    func validUTF8() throws {
        let text =
            #"{"Vpcs": [{"VpcId": "vpc-0e3", "CidrBlock": "10.9.0.0/16", "Tags": [{"Key": "Name", "Value": "Zürich — 東京 🚀"}]}]}"#
        let fresh = try scratch.store("utf8.sqlite")
        try importPaths([try bad("utf8/Vpcs.json", Array(text.utf8))], into: fresh)
        #expect(try fresh.read { db in try String.fetchOne(db, sql: "SELECT name FROM vpcs") } == "Zürich — 東京 🚀")
    }

    @Test("a NUL character (\\u0000) is refused wherever it is: a name would be cut at it")
    func nulCharacter() throws {
        let name = try bad(
            "Vpcs.json",
            Array(
                #"{"Vpcs": [{"VpcId": "vpc-0e1", "CidrBlock": "10.7.0.0/16", "Tags": [{"Key": "Name", "Value": "prod\u0000-shadow"}]}]}"#
                    .utf8))
        try expectImportFailure(
            [name], into: store, file: name, jsonPath: "$.Vpcs[0].Tags[0].Value",
            mentions: ["NUL character", "\\u0000", "no AWS value"])
        let description = try bad(
            "SecurityGroups.json",
            Array(
                #"{"SecurityGroups": [{"GroupId": "sg-0e1", "VpcId": "vpc-0008a7b45e3ddf1dd", "Description": "web\u0000"}]}"#
                    .utf8))
        try expectImportFailure(
            [description], into: store, file: description, jsonPath: "$.SecurityGroups[0].Description",
            mentions: ["NUL character"])
    }

    @Test("other control characters are refused in IDs and descriptions, with the value shown escaped")
    func controlCharacters() throws {
        let file = try bad(
            "SecurityGroups.json",
            Array(
                #"{"SecurityGroups": [{"GroupId": "sg-0e1", "VpcId": "vpc-0008a7b45e3ddf1dd", "Description": "ok\u001b]0;pwned\u0007", "IpPermissions": [], "IpPermissionsEgress": []}]}"#
                    .utf8))
        let error = try expectImportFailure(
            [file], into: store, file: file, jsonPath: "$.SecurityGroups[0].Description",
            mentions: ["text without control characters", "\\u{1B}", "\\u{7}"])
        #expect(error?.description.unicodeScalars.contains { $0.value == 0x1B } == false, "no ESC reaches a terminal")
    }

    @Test("a Name tag with control characters imports, kept escaped: a tag is free text to EC2, a name is only shown")
    func controlCharactersInNameTag() throws {
        let fresh = try scratch.store("control.sqlite")
        let file = try bad(
            "control/Vpcs.json",
            Array(
                #"{"Vpcs": [{"VpcId": "vpc-0e1", "CidrBlock": "10.7.0.0/16", "Tags": [{"Key": "Name", "Value": "orders\tvpc \u001b]0;pwned\u0007"}]}]}"#
                    .utf8))
        try importPaths([file], into: fresh)
        let name = try fresh.read { db in try String.fetchOne(db, sql: "SELECT name FROM vpcs") }
        #expect(name == #"orders\u{9}vpc \u{1B}]0;pwned\u{7}"#)
        #expect(name?.unicodeScalars.contains { $0.value < 0x20 } == false, "no control character is stored")
    }

    @Test("a key repeated in one object: the last one wins, with a warning naming the file and the path")
    func duplicateKey() throws {
        let fresh = try scratch.store("duplicate.sqlite")
        let file = try bad(
            "duplicate/Vpcs.json",
            Array(
                #"{"Vpcs": [{"VpcId": "vpc-0e1", "CidrBlock": "10.1.0.0/16", "OwnerId": "554773406868", "CidrBlock": "10.2.0.0/16"}]}"#
                    .utf8))
        let summary = try importPaths([file], into: fresh)
        #expect(try fresh.read { db in try String.fetchAll(db, sql: "SELECT cidr_block FROM vpcs") } == ["10.2.0.0/16"])
        #expect(
            summary.warnings.map(\.description) == [
                "\(file): $.Vpcs[0].CidrBlock: the key \"CidrBlock\" appears more than once in one object; the last one is used (as python's json and jq do)"
            ])
    }

    @Test("a repeated top-level key: the last list is the one imported")
    func duplicateTopLevelKey() throws {
        let fresh = try scratch.store("duplicate-top.sqlite")
        let file = try bad(
            "duplicate-top/Vpcs.json",
            Array(
                #"{"Vpcs": [{"VpcId": "vpc-0e1", "CidrBlock": "10.1.0.0/16", "OwnerId": "554773406868"}], "Vpcs": [{"VpcId": "vpc-0e2", "CidrBlock": "10.2.0.0/16", "OwnerId": "554773406868"}]}"#
                    .utf8))
        let summary = try importPaths([file], into: fresh)
        #expect(try fresh.read { db in try String.fetchAll(db, sql: "SELECT vpc_id FROM vpcs") } == ["vpc-0e2"])
        #expect(summary.warnings.map(\.message).contains { $0.hasPrefix("$.Vpcs: the key \"Vpcs\"") })
    }

    @Test("repeated keys deep inside arrays and with escapes are found, with their whole path")
    func duplicateKeyPaths() throws {
        let text = #"{"A": [1, {"B": [{"x": 1}, {"y": 1, "\u0079": 2, "z": {"k": 1, "k": 2}}]}], "A2": {"": 1, "": 2}}"#
        let document = try JSONParser.parseDocument(Array(text.utf8))
        #expect(document.duplicateKeys.map(\.pathText) == ["$.A[1].B[1].y", "$.A[1].B[1].z.k", "$.A2."])
        guard case .object(let root) = document.value, case .object(let a2)? = root["A2"],
            case .integer(let value)? = a2[""]
        else {
            Issue.record("unexpected shape: \(document.value)")
            return
        }
        #expect(value == 2)
        #expect(a2.members.count == 1)
    }

    @Test(
        "a number a whole number cannot hold says what it is",
        arguments: [
            ("1e309", "a number too large to represent"), ("443.5", "a fraction (443.5)"),
            ("1e20", "a number too large (1e+20)"), ("-9223372036854775809", "a number too large"),
        ])
    func wholeNumbers(number: String, found: String) throws {
        let file = try bad(
            "SecurityGroups.json",
            Array(
                #"{"SecurityGroups": [{"GroupId": "sg-0e1", "VpcId": "vpc-0008a7b45e3ddf1dd", "IpPermissions": [{"IpProtocol": "tcp", "FromPort": \#(number), "ToPort": 443, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]}]}"#
                    .utf8))
        try expectImportFailure(
            [file], into: store, file: file, jsonPath: "$.SecurityGroups[0].IpPermissions[0].FromPort",
            mentions: ["expected a whole number", "found \(found)"])
    }
}
