import Foundation
import ReachCore

/// A baseline file that cannot be read or written.
public struct BaselineFileError: Error, Sendable, CustomStringConvertible {
    public var file: String
    public var message: String

    public init(file: String, message: String) {
        self.file = file
        self.message = message
    }

    public var description: String { "\(file): \(message)" }
}

/// The baseline file of `--baseline` / `--write-baseline`: the findings accepted, one entry
/// per finding key (rule, function ARN, target, component), sorted, in JSON:
///
/// ```json
/// {
///   "findings" : [
///     { "component" : "rtb-0a1", "function" : "orders-api",
///       "functionArn" : "arn:aws:lambda:us-east-1:123456789012:function:orders-api",
///       "rule" : "nat-gateway-cross-az", "target" : "" }
///   ],
///   "schemaVersion" : 1
/// }
/// ```
///
/// `function` (the name) is there for the people who review the file; matching uses the key.
public enum BaselineFile {
    public static let schemaVersion = 1

    struct Contract: Codable {
        var schemaVersion: Int
        var findings: [Entry]
    }

    struct Entry: Codable {
        var rule: String
        var function: String?
        var functionArn: String
        var target: String
        var component: String
        /// The expectation of an expectation finding, as written (absent for the others, and in
        /// files written before it was kept: such an entry accepts the finding of any one).
        var expectation: String?
    }

    /// The file's text for `findings`: stable bytes for the same findings.
    public static func render(_ findings: [Finding]) -> String {
        var names: [FindingKey: String] = [:]
        for finding in findings where names[finding.key] == nil { names[finding.key] = finding.function }
        let entries = names.keys.sorted().map { key in
            Entry(
                rule: key.rule, function: names[key], functionArn: key.functionArn, target: key.target,
                component: key.component, expectation: key.expectation.isEmpty ? nil : key.expectation)
        }
        return AuditReport.encode(Contract(schemaVersion: schemaVersion, findings: entries))
    }

    /// Writes the baseline for `findings` to `path`: a regular file (or a new one) through a
    /// temporary file renamed into place, so that a failed write leaves the old baseline; any
    /// other kind of file (a pipe, a device such as /dev/stdout) by writing into it, since the
    /// rename would replace the pipe or the device node itself. Every failure is an error.
    public static func write(_ findings: [Finding], to path: String) throws(BaselineFileError) {
        var info = stat()
        let special = stat(path, &info) == 0 && (info.st_mode & S_IFMT) != S_IFREG
        do {
            let data = Data(render(findings).utf8)
            if special {
                let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
                defer { try? handle.close() }
                try handle.write(contentsOf: data)
            } else {
                try data.write(to: URL(fileURLWithPath: path), options: .atomic)
            }
        } catch {
            throw BaselineFileError(file: path, message: "cannot write the baseline (\(error.localizedDescription))")
        }
    }

    /// Reads the baseline at `path`.
    public static func load(path: String) throws(BaselineFileError) -> Baseline {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw BaselineFileError(file: path, message: "cannot read the baseline (\(error.localizedDescription))")
        }
        return try parse(data, file: path)
    }

    /// Parses a baseline file's bytes.
    public static func parse(_ data: Data, file: String) throws(BaselineFileError) -> Baseline {
        let contract: Contract
        do {
            contract = try JSONDecoder().decode(Contract.self, from: data)
        } catch let DecodingError.keyNotFound(key, context) {
            throw BaselineFileError(
                file: file,
                message:
                    "not a lambda-reach baseline: '\(key.stringValue)' is missing at \(path(context.codingPath)) (write one with `lambda-reach audit --write-baseline \(Shell.quoted(file))`)"
            )
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            throw BaselineFileError(
                file: file,
                message:
                    "not a lambda-reach baseline: unexpected value at \(path(context.codingPath)): \(context.debugDescription)"
            )
        } catch {
            throw BaselineFileError(
                file: file, message: "not a lambda-reach baseline (JSON expected): \(error.localizedDescription)")
        }
        guard contract.schemaVersion == schemaVersion else {
            throw BaselineFileError(
                file: file,
                message:
                    "baseline schemaVersion \(contract.schemaVersion) is not one this lambda-reach reads (\(schemaVersion)); record it again with --write-baseline"
            )
        }
        return Baseline(
            keys: Set(
                contract.findings.map {
                    FindingKey(
                        rule: $0.rule, functionArn: $0.functionArn, target: $0.target, component: $0.component,
                        expectation: $0.expectation ?? "")
                }))
    }

    static func path(_ codingPath: [CodingKey]) -> String {
        codingPath.isEmpty
            ? "the top level" : codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
    }
}
