import Foundation

/// `--parameters FILE`: the create-stack JSON, a template configuration file's
/// `{"Parameters": {...}}`, or KEY=VALUE pairs (deploy --parameter-overrides).
public enum TemplateParameters {
    public struct Failure: Error, CustomStringConvertible {
        public var file: String
        public var message: String
        public var description: String { "\(file): \(message)" }
    }

    /// The values of a parameters file.
    public static func load(_ path: String) throws -> [String: String] {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8)
        else {
            throw Failure(file: path, message: "cannot be read")
        }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.hasPrefix("[") || trimmed.hasPrefix("{") {
            guard let json = try? JSONSerialization.jsonObject(with: data) else {
                throw Failure(file: path, message: "is not valid JSON")
            }
            var values: [String: String] = [:]
            if let list = json as? [Any] {
                for (index, element) in list.enumerated() {
                    guard let object = element as? [String: Any], let key = object["ParameterKey"] as? String else {
                        throw Failure(
                            file: path,
                            message: "$[\(index)]: expected {\"ParameterKey\": ..., \"ParameterValue\": ...}")
                    }
                    if let value = object["ParameterValue"] { values[key] = describe(value) }
                }
                return values
            }
            if let object = json as? [String: Any], let parameters = object["Parameters"] as? [String: Any] {
                for (key, value) in parameters { values[key] = describe(value) }
                return values
            }
            throw Failure(
                file: path, message: "expected the create-stack --parameters list or {\"Parameters\": {KEY: VALUE}}")
        }
        var values: [String: String] = [:]
        for token in trimmed.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }) {
            let parts = token.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty else {
                throw Failure(file: path, message: "\(token): expected KEY=VALUE")
            }
            values[String(parts[0])] = String(parts[1]).trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
        }
        return values
    }

    private static func describe(_ value: Any) -> String {
        if let text = value as? String { return text }
        if let list = value as? [Any] { return list.map { describe($0) }.joined(separator: ",") }
        return "\(value)"
    }
}
