/// What a function is asked to reach.
public enum Target: Sendable, Hashable, CustomStringConvertible {
    /// Any public IPv4 address.
    case internet
    /// One IPv4 address, with a port when the user gave one.
    case address(IPv4Address, port: Int?)
    /// Any public IPv6 address (global unicast, 2000::/3): IPv6 egress of a dual-stack function.
    case internet6
    /// One IPv6 address (`ip:[2600:1f18::10]:443`), with a port when the user gave one.
    case address6(IPv6Address, port: Int?)
    /// An AWS service API in the function's region: `s3`, `dynamodb`, `secretsmanager`, ...
    case awsService(String)
    /// An RDS DB instance, cluster or proxy, by identifier.
    case database(String)
    /// Delivery of the function's own log output to CloudWatch Logs.
    case logs

    /// Parses the `--to` syntax: `internet`, `ip:A.B.C.D[:PORT]`, `s3`, `dynamodb`,
    /// `aws:SERVICE`, `rds:IDENTIFIER`, `logs`.
    public init(parsing text: String) throws(TargetError) {
        let lower = text.lowercased()
        switch lower {
        case "internet": self = .internet
        case "internet6": self = .internet6
        case "logs": self = .logs
        case "s3", "dynamodb": self = .awsService(lower)
        default:
            if lower.hasPrefix("ip:[") {
                let rest = text.dropFirst(4)
                guard let close = rest.firstIndex(of: "]"), let address = IPv6Address(rest[..<close]) else {
                    throw TargetError(text: text, reason: "expected ip:[IPv6 address] or ip:[IPv6 address]:PORT")
                }
                let after = rest[rest.index(after: close)...]
                var port: Int?
                if !after.isEmpty {
                    guard after.hasPrefix(":"), let parsed = Int(after.dropFirst()), (1...65535).contains(parsed) else {
                        throw TargetError(text: text, reason: "the port must be a number from 1 to 65535")
                    }
                    port = parsed
                }
                self = .address6(address, port: port)
            } else if lower.hasPrefix("ip:") {
                let rest = text.dropFirst(3)
                let parts = rest.split(separator: ":", omittingEmptySubsequences: false)
                guard (1...2).contains(parts.count), let address = IPv4Address(parts[0]) else {
                    throw TargetError(text: text, reason: "expected ip:A.B.C.D or ip:A.B.C.D:PORT")
                }
                var port: Int?
                if parts.count == 2 {
                    guard let parsed = Int(parts[1]), (1...65535).contains(parsed) else {
                        throw TargetError(text: text, reason: "the port must be a number from 1 to 65535")
                    }
                    port = parsed
                }
                self = .address(address, port: port)
            } else if lower.hasPrefix("aws:") {
                let service = String(lower.dropFirst(4))
                guard !service.isEmpty,
                    service.unicodeScalars.allSatisfy({
                        ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "."
                    })
                else {
                    throw TargetError(text: text, reason: "expected aws:SERVICE, e.g. aws:secretsmanager")
                }
                self = .awsService(Self.serviceAliases[service] ?? service)
            } else if lower.hasPrefix("rds:") {
                let identifier = String(text.dropFirst(4))
                guard !identifier.isEmpty else { throw TargetError(text: text, reason: "expected rds:IDENTIFIER") }
                self = .database(identifier)
            } else {
                throw TargetError(
                    text: text,
                    reason:
                        "expected internet, internet6, ip:A.B.C.D[:PORT], ip:[IPv6][:PORT], s3, dynamodb, aws:SERVICE, rds:IDENTIFIER or logs"
                )
            }
        }
    }

    /// Names people give services whose endpoint name differs: `aws:cloudwatch` asks for the
    /// CloudWatch API, whose endpoint is `monitoring`.
    static let serviceAliases: [String: String] = [
        "cloudwatch": "monitoring", "eventbridge": "events", "cloudwatch-events": "events",
        "cloudwatch-logs": "logs", "kinesis": "kinesis-streams", "firehose": "kinesis-firehose",
        "step-functions": "states", "stepfunctions": "states", "ses": "email", "api-gateway": "execute-api",
        "secrets-manager": "secretsmanager", "parameter-store": "ssm",
    ]

    public var description: String {
        switch self {
        case .internet: return "internet"
        case .internet6: return "internet6"
        case .address6(let address, let port): return port.map { "ip:[\(address)]:\($0)" } ?? "ip:[\(address)]"
        case .logs: return "logs"
        case .address(let address, let port): return port.map { "ip:\(address):\($0)" } ?? "ip:\(address)"
        case .awsService(let service): return service == "s3" || service == "dynamodb" ? service : "aws:\(service)"
        case .database(let identifier): return "rds:\(identifier)"
        }
    }

    /// The port a target is asked on when the user gives none (databases: their endpoint's).
    public var defaultPort: Int? {
        switch self {
        case .internet, .internet6, .awsService, .logs: return 443
        case .address(_, let port), .address6(_, let port): return port ?? 443
        case .database: return nil
        }
    }
}

/// A `--to` value that is not a target.
public struct TargetError: Error, Sendable, CustomStringConvertible {
    public var text: String
    public var reason: String
    public var description: String { "'\(text)' is not a target: \(reason)" }
}
