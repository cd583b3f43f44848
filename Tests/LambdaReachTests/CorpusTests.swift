import Foundation
import ReachCore
import ReachInventory
import TestSupport
import Testing

/// The three real exports Batfish captured for its tests, with functions placed where the
/// snapshots' instances are; the answers restate Batfish's own tests (see Fixtures/corpus-functions/README.md).
@Suite("corpus snapshots with a function placed")
struct CorpusTests {
    func reachability(_ snapshot: String) throws -> Reachability {
        let store = try InventoryStore(path: temporaryDatabase(snapshot), create: true)
        // Batfish's snapshot as the inventory tests hold it, and the functions placed in it.
        _ = try Importer(store: store).importPaths([
            Repository.tests.appendingPathComponent("ReachInventoryTests/Fixtures/corpus/\(snapshot)").path,
            Repository.fixtures.appendingPathComponent("corpus-functions/\(snapshot)/Functions.json").path,
        ])
        return Reachability(store: store)
    }

    func components(_ answer: Answer) -> [String] { answer.subnets.flatMap { $0.hops.map(\.component) } }

    @Test(
        "nat-gateway: the private subnet reaches 8.8.8.8:80 through the NAT gateway, its subnet and the internet gateway"
    )
    func natGateway() throws {
        let answer = try reachability("batfish-test-nat-gateway").answer(
            function: "nat-private", target: .address(IPv4Address("8.8.8.8")!, port: 80), port: 80)
        #expect(answer.verdict == .reachable, "\(answer.allBlockers)")
        let path = components(answer)
        let order = ["subnet-06f469bcee42e408e", "nat-07ab4846da51f4612", "igw-071753b9c23d8a9b2", "8.8.8.8"].map {
            path.firstIndex(of: $0)
        }
        #expect(order.allSatisfy { $0 != nil }, "\(path)")
        #expect(order.compactMap { $0 } == order.compactMap { $0 }.sorted(), "hops out of order: \(path)")
        #expect(path.contains("subnet-06f469bcee42e408e"))
    }

    @Test("vpc-endpoint-gateway, private subnet: S3 through the endpoint, another AWS address has no route")
    func gatewayEndpointPrivate() throws {
        let reachability = try reachability("batfish-test-vpc-endpoint-gateway")
        let s3 = try reachability.answer(
            function: "gw-private", target: .address(IPv4Address("52.216.237.77")!, port: 443))
        #expect(s3.verdict == .reachable, "\(s3.allBlockers)")
        #expect(components(s3).contains("vpce-0b7357542bb7b83ec"))
        let other = try reachability.answer(
            function: "gw-private", target: .address(IPv4Address("54.222.57.1")!, port: 443))
        #expect(other.verdict == .unreachable)
        #expect(other.allBlockers.map(\.code.rawValue) == ["NO_ROUTE_TO_DESTINATION"])
        let service = try reachability.answer(function: "gw-private", target: .awsService("s3"))
        #expect(service.verdict == .reachable)
        #expect(components(service).contains("vpce-0b7357542bb7b83ec"))
    }

    @Test("vpc-endpoint-gateway, public subnet: S3 through the endpoint; the internet gateway does not help a function")
    func gatewayEndpointPublic() throws {
        let reachability = try reachability("batfish-test-vpc-endpoint-gateway")
        let s3 = try reachability.answer(
            function: "gw-public", target: .address(IPv4Address("52.216.237.77")!, port: 443))
        #expect(s3.verdict == .reachable, "\(s3.allBlockers)")
        #expect(components(s3).contains("vpce-0b7357542bb7b83ec"))
        // Batfish's instance there has a public IP and goes out through the internet gateway;
        // a Lambda ENI never has one, so the same route drops the function's traffic.
        let other = try reachability.answer(
            function: "gw-public", target: .address(IPv4Address("54.222.57.1")!, port: 443))
        #expect(other.verdict == .unreachable)
        #expect(other.allBlockers.map(\.code.rawValue) == ["IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS"])
    }

    @Test("vpc-endpoint-interface: both subnets reach the endpoint's interface 10.1.101.97:443")
    func interfaceEndpoint() throws {
        let reachability = try reachability("batfish-test-vpc-endpoint-interface")
        for function in ["if-same-subnet", "if-other-subnet"] {
            let answer = try reachability.answer(
                function: function, target: .address(IPv4Address("10.1.101.97")!, port: 443))
            #expect(
                answer.verdict == .reachable, "\(function): \(answer.allBlockers.map { answer.words(of: $0).message })")
            #expect(components(answer).contains { $0.hasPrefix("eni-") }, "\(function): \(components(answer))")
        }
    }
}
