import Foundation
import ReachCore
import ReachInventory
import TestSupport
import Testing

/// What the answers say about how a spoke's names are resolved centrally: the hub's inbound
/// endpoint named by the spoke's DHCP options, and a Resolver rule whose own status is not
/// COMPLETE.
@Suite("Central DNS's words: inbound endpoints as DNS servers, Resolver rules' status")
struct CentralDNSWordsTests {
    @Test("DHCP options naming the hub's inbound endpoint: the hub's Resolver answers, and the notes say so")
    func inboundEndpointAsDNSServer() throws {
        let store = try SharedVPCWordsTests.imported("central-endpoints-dhcp-options-name-hub-inbound-endpoint")
        defer { try? FileManager.default.removeItem(atPath: store.path) }
        let answer = try Reachability(store: store).answer(function: "payments", target: .awsService("secretsmanager"))
        #expect(answer.verdict == .reachable)
        let resolution = answer.subnets.first?.hops.first {
            $0.kind == .dnsResolution && $0.component.hasPrefix("rslvr-in-")
        }
        #expect(
            resolution?.component == "rslvr-in-0b210000000000001",
            "\(answer.subnets.first?.hops.map(\.component) ?? [])")
        #expect(
            answer.notes.contains {
                $0.contains("Route 53 Resolver inbound endpoint rslvr-in-0b210000000000001 in vpc-0b21000000000001")
            }, "\(answer.notes)")
    }

    @Test("a FAILED Resolver rule is used with a note naming it and its status")
    func failedRuleNoted() throws {
        let store = try SharedVPCWordsTests.imported("central-endpoints-resolver-rule-failed")
        defer { try? FileManager.default.removeItem(atPath: store.path) }
        let reachability = Reachability(store: store)
        let failed = try reachability.answer(function: "payments", target: .awsService("secretsmanager"))
        let note = failed.notes.first { $0.contains("rslvr-rr-0b210000000000001") && $0.contains("status FAILED") }
        #expect(note?.contains("not known to work") == true, "\(failed.notes)")
        // The rules whose status is COMPLETE are not noted.
        let complete = try reachability.answer(function: "payments", target: .awsService("sts"))
        #expect(!complete.notes.contains { $0.contains("has status") }, "\(complete.notes)")
    }
}
