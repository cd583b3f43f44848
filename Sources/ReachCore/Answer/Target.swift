import Foundation

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
                    throw TargetError(
                        text: text,
                        reason:
                            "expected ip:A.B.C.D or ip:A.B.C.D:PORT (an IPv6 address in brackets: ip:[2600:1f18::10]:443)"
                    )
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

    /// The port the target names itself (`ip:10.0.0.5:8443`), if it names one.
    public var namedPort: Int? {
        switch self {
        case .address(_, let port), .address6(_, let port): return port
        case .internet, .internet6, .awsService, .database, .logs: return nil
        }
    }

    /// The port a question about this target is asked on: the one rule, for `query`, `why`,
    /// the audit's cells and its expectations. The port asked for (`--port`, an expectation's
    /// `on port N`), else the one the target names, else the database's endpoint port (its
    /// engine's default while it has no endpoint yet, as when it is being created), else 443
    /// (HTTPS: what AWS APIs and most internet calls use).
    public func port(asked: Int? = nil, database: RDSDatabase? = nil) -> Int {
        asked ?? namedPort ?? database.map { $0.port ?? RDSDatabase.defaultPort(engine: $0.engine ?? "") } ?? 443
    }
}

/// What `audit --targets` asks: whether the default targets, and which targets besides, from
/// a comma-separated list (`defaults,aws:sts,ip:10.0.0.5:8443`).
public struct TargetSelection: Sendable, Hashable {
    /// Whether the default set (internet, s3, dynamodb, logs, the VPC's databases and
    /// endpoint services) is asked.
    public var defaults: Bool
    /// The targets asked besides, in the order given, without repeats.
    public var extra: [Target]

    public init(defaults: Bool = true, extra: [Target] = []) {
        self.defaults = defaults
        self.extra = extra
    }

    /// Parses the list; `defaults` (any case) stands for the default set. A list that names no
    /// target, or an item that is no target, is an error.
    public init(parsing list: String) throws(TargetError) {
        var defaults = false
        var extra: [Target] = []
        for item in list.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !item.isEmpty {
            if item.lowercased() == "defaults" {
                defaults = true
                continue
            }
            let target = try Target(parsing: item)
            if !extra.contains(target) { extra.append(target) }
        }
        if !defaults && extra.isEmpty {
            throw TargetError(text: list, reason: "the list names no target (give targets, or defaults)")
        }
        self.init(defaults: defaults, extra: extra)
    }
}

/// A `--to` value that is not a target.
public struct TargetError: Error, Sendable, CustomStringConvertible {
    public var text: String
    public var reason: String
    public var description: String { "'\(text)' is not a target: \(reason)" }
}
