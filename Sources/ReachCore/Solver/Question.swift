/// A question: can `function` reach `target` over `ipProtocol` on `port`?
public struct Question: Sendable, Hashable {
    public var function: LambdaFunction
    public var target: Target
    /// nil: the target's default (443, or a database's endpoint port).
    public var port: Int?
    public var ipProtocol: IPProtocol

    public init(function: LambdaFunction, target: Target, port: Int? = nil, ipProtocol: IPProtocol = .tcp) {
        self.function = function
        self.target = target
        self.port = port
        self.ipProtocol = ipProtocol
    }
}

/// A question the inventory cannot answer: the target does not exist.
public enum QuestionError: Error, Sendable, CustomStringConvertible {
    case unknownDatabase(String, closeMatches: [String])
    case ambiguousDatabase(String, candidates: [String])
    /// An identifier that databases of several kinds have in the function's account and region
    /// (an instance and a proxy both named `orders`).
    case ambiguousKinds(String, candidates: [RDSDatabase])
    case unknownService(String, closeMatches: [String])

    public var description: String {
        switch self {
        case .unknownService(let name, let matches):
            let hint =
                matches.isEmpty ? "" : " Did you mean: \(matches.map { "aws:\($0)" }.joined(separator: ", "))?"
            return
                "'\(name)' is not an AWS service's endpoint name (as in com.amazonaws.REGION.NAME, e.g. aws:secretsmanager, aws:sqs, aws:ecr.api).\(hint) A service newer than this lambda-reach can be asked in full: aws:com.amazonaws.REGION.NAME."
        case .unknownDatabase(let identifier, let matches):
            let hint = matches.isEmpty ? "" : " Did you mean: \(matches.map { "rds:\($0)" }.joined(separator: ", "))?"
            return "no RDS DB instance, cluster, proxy or proxy endpoint named '\(identifier)' in the inventory.\(hint)"
        case .ambiguousKinds(let identifier, let candidates):
            let names = { (kind: RDSDatabase.Kind) -> String in
                switch kind {
                case .instance: "an RDS DB instance"
                case .cluster: "a DB cluster"
                case .proxy: "an RDS proxy"
                case .proxyEndpoint: "an RDS proxy endpoint"
                }
            }
            let kinds = candidates.map(\.kind).reduce(into: [RDSDatabase.Kind]()) {
                if !$0.contains($1) { $0.append($1) }
            }
            let forms = kinds.map { "rds:\($0.rawValue):\(identifier)" }
            let keys = candidates.map { "rds:\($0.key)" }
            return
                "'\(identifier)' names \(kinds.map(names).joined(separator: " and ")) (AWS keeps their names apart, and each answers for itself): ask for one by its kind, \(forms.joined(separator: " or ")), or by its key, \(keys.joined(separator: ", "))"
        case .ambiguousDatabase(let identifier, let candidates):
            return
                "'\(identifier)' names several databases (\(candidates.joined(separator: ", "))): ask for one by that key or by its ARN, e.g. rds:\(candidates[0])"
        }
    }
}
