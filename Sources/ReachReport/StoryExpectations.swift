import Foundation
import ReachCore

/// The expected answers of a sample topology or scenario fixture (`expected.json` beside its
/// AWS CLI exports), and the comparison of an answer with them. The demo and the scenario
/// tests share it so that both check the same thing.
public struct StoryExpectations: Decodable, Sendable {
    /// One question and the answer the AWS rules give.
    public struct Query: Decodable, Sendable {
        public var function: String
        public var target: String
        public var port: Int?
        public var `protocol`: String?
        public var verdict: String
        public var subnets: [String: ExpectedSubnet]?
        public var blockers: [String]?
        /// The account that owns the function's shared subnets, which the words of a blocker
        /// must name (a story whose owner's exports are missing).
        public var ownerAccount: String?
        /// How the function's VPC resolves the service's name, when it leads to an endpoint
        /// in another VPC.
        public var dns: ExpectedDNS?

        public var ipProtocol: IPProtocol { self.protocol == "udp" ? .udp : .tcp }

        public init(
            function: String, target: String, port: Int? = nil, protocol: String? = nil, verdict: String,
            subnets: [String: ExpectedSubnet]? = nil, blockers: [String]? = nil
        ) {
            self.function = function
            self.target = target
            self.port = port
            self.protocol = `protocol`
            self.verdict = verdict
            self.subnets = subnets
            self.blockers = blockers
        }
    }

    /// The expected verdict and blockers (`CODE@component`) of one subnet, and, for a subnet
    /// shared from another account, its zone as the function's account names it and the zone's ID.
    public struct ExpectedSubnet: Decodable, Sendable {
        public var verdict: String
        public var blockers: [String]
        public var availabilityZone: String?
        public var availabilityZoneId: String?
    }

    /// The DNS step of an answer: the name, the endpoint it resolves to and what resolved it
    /// (a private hosted zone's ID or a Resolver rule's).
    public struct ExpectedDNS: Decodable, Sendable {
        public var name: String
        public var endpoint: String
        public var via: String
    }

    public var story: String
    public var rule: String?
    public var queries: [Query]

    public static func load(from directory: URL) throws -> StoryExpectations {
        try JSONDecoder().decode(
            StoryExpectations.self, from: Data(contentsOf: directory.appendingPathComponent("expected.json")))
    }

    /// What differs between `answer` and `query`'s expectation; empty when they agree.
    public static func mismatches(_ answer: Answer, _ query: Query) -> [String] {
        var problems: [String] = []
        let key = { (blocker: Blocker) in "\(blocker.code)@\(blocker.component)" }
        if answer.verdict.rawValue != query.verdict {
            problems.append("verdict \(answer.verdict.rawValue), expected \(query.verdict)")
        }
        let functionBlockers = Set(answer.blockers.map(key))
        if functionBlockers != Set(query.blockers ?? []) {
            problems.append(
                "function-level blockers \(functionBlockers.sorted()), expected \((query.blockers ?? []).sorted())")
        }
        let expected = query.subnets ?? [:]
        if Set(answer.subnets.map(\.subnet)) != Set(expected.keys) {
            problems.append("subnets \(answer.subnets.map(\.subnet).sorted()), expected \(expected.keys.sorted())")
        }
        for subnet in answer.subnets {
            guard let want = expected[subnet.subnet] else { continue }
            if subnet.verdict.rawValue != want.verdict {
                problems.append("\(subnet.subnet): verdict \(subnet.verdict.rawValue), expected \(want.verdict)")
            }
            let got = Set(subnet.blockers.map(key))
            if got != Set(want.blockers) {
                problems.append("\(subnet.subnet): blockers \(got.sorted()), expected \(want.blockers.sorted())")
            }
            if let zone = want.availabilityZone, subnet.availabilityZone != zone {
                problems.append("\(subnet.subnet): zone \(subnet.availabilityZone), expected \(zone)")
            }
            if let zoneId = want.availabilityZoneId, subnet.availabilityZoneId != zoneId {
                problems.append("\(subnet.subnet): zone ID \(subnet.availabilityZoneId ?? "none"), expected \(zoneId)")
            }
            if let owner = query.ownerAccount {
                for blocker in subnet.blockers where !answer.words(of: blocker).message.contains(owner) {
                    problems.append("\(subnet.subnet): \(blocker.code) does not name the owner account \(owner)")
                }
            }
            let resolutions = subnet.hops.compactMap { hop -> DNSResolution? in
                if case .dnsResolution(let resolution, _) = hop.step { return resolution }
                return nil
            }
            if let dns = query.dns {
                let via = resolutions.first.map { Step.dnsResolution($0, endpointVPC: "").component }
                if resolutions.first?.name != dns.name || resolutions.first?.endpointId != dns.endpoint
                    || via != dns.via
                {
                    problems.append(
                        "\(subnet.subnet): DNS step \(resolutions.first.map { "\($0.name) -> \($0.endpointId) via \(via ?? "")" } ?? "none"), expected \(dns.name) -> \(dns.endpoint) via \(dns.via)"
                    )
                }
            } else if let resolution = resolutions.first {
                problems.append("\(subnet.subnet): unexpected DNS step \(resolution.name) -> \(resolution.endpointId)")
            }
        }
        return problems
    }
}
