import Foundation
import ReachCore
import ReachInventory
import Testing

@Suite("RDS proxy endpoints: an endpoint of its own, the proxy's port, state and connection")
struct ProxyEndpointTests {
    @Test("an endpoint is asked on its proxy's port, which describe-db-proxy-endpoints does not print")
    func proxyPort() throws {
        let reachability = Reachability(store: try Scenario.imported("rds-proxy-endpoint-in-the-functions-vpc"))
        let answer = try reachability.answer(function: "app", target: .database("orders-app"), port: nil)
        #expect(answer.port == 5432)
        #expect(answer.verdict == .reachable)
        #expect(!answer.notes.contains { $0.contains("READ_ONLY") }, "\(answer.notes)")
    }

    @Test("the proxy's default endpoint is the proxy itself, not a database of its own")
    func defaultEndpointLeftOut() throws {
        let reachability = Reachability(store: try Scenario.imported("rds-proxy-endpoint-in-the-functions-vpc"))
        #expect {
            _ = try reachability.answer(function: "app", target: .database("default"), port: nil)
        } throws: { error in
            guard case .question(.unknownDatabase(let name, _)) = error as? LookupError else { return false }
            return name == "default"
        }
    }

    @Test("a READ_ONLY endpoint in front of an RDS instance fails every request, and says why")
    func readOnlyInFrontOfAnInstance() throws {
        let words = try endpointWords("rds-proxy-endpoint-read-only-in-front-of-an-instance")
        #expect(words.message.contains("READ_ONLY"), "\(words.message)")
        #expect(words.message.contains("orders-pg is an RDS DB instance, not an Aurora cluster"), "\(words.message)")
    }

    @Test("a READ_ONLY endpoint in front of a cluster with no reader fails, and the fix adds a reader to the cluster")
    func readOnlyWithoutReader() throws {
        let words = try endpointWords("rds-proxy-endpoint-read-only-cluster-without-reader")
        #expect(
            words.message.contains(
                "Aurora cluster orders-aurora, has no reader instance (its only instance is its writer orders-aurora-1)"
            ),
            "\(words.message)")
        #expect(
            words.fix.contains(
                "aws rds create-db-instance --db-cluster-identifier orders-aurora --db-instance-identifier orders-aurora-reader-1 --engine aurora-postgresql"
            ), "\(words.fix)")
    }

    @Test("a READ_ONLY endpoint whose cluster has a reader available gets through, and the note names the reader")
    func readOnlyWithReader() throws {
        let answer = try endpointAnswer("rds-proxy-endpoint-read-only-cluster-with-reader")
        #expect(answer.verdict == .reachable)
        #expect(
            answer.notes.contains {
                $0.contains("hands its connections to its cluster's reader instances (orders-aurora-2)")
            },
            "\(answer.notes)")
    }

    @Test("the proxy's own view of its readers decides: UNAVAILABLE to the proxy fails, whatever the instance's status")
    func readOnlyReaderUnavailableToTheProxy() throws {
        let words = try endpointWords("rds-proxy-endpoint-read-only-reader-unavailable-to-the-proxy")
        #expect(
            words.message.contains(
                "none of Aurora cluster orders-aurora's reader instances is available: orders-aurora-2 (UNAVAILABLE)"),
            "\(words.message)")
    }

    /// app's answer for its proxy endpoint orders-app in `story`.
    func endpointAnswer(_ story: String) throws -> Answer {
        try Reachability(store: try Scenario.imported(story)).answer(
            function: "app", target: .database("orders-app"), port: nil)
    }

    /// The words of the blocker at endpoint orders-app in `story`'s answer.
    func endpointWords(_ story: String) throws -> BlockerWords {
        let answer = try endpointAnswer(story)
        let blocker = try #require(answer.allBlockers.first { $0.component == "orders-app" })
        return answer.words(of: blocker)
    }
}
