import Foundation
import ReachCore
import ReachInventory
import Testing

/// `ip:` targets at interfaces AWS places in a subnet: what accepts a connection, and what the
/// answer cannot know about a load balancer.
@Suite("ip: targets at forwarding and load balancer interfaces")
struct AddressTargetTests {
    static let story = "ip-target-forwarding-and-load-balancer-interfaces"

    @Test("a transit gateway's interface forwards traffic and accepts no connection: the words say so")
    func transitGatewayInterface() throws {
        let answer = try Reachability(store: try Scenario.imported(Self.story)).answer(
            function: "inventory-sync", target: try Target(parsing: "ip:10.127.2.5"), port: 443)
        let blocker = try #require(answer.allBlockers.first { $0.code == .destinationNotListening })
        #expect(
            answer.words(of: blocker).message.contains(
                "is a transit gateway's network interface in its attachment subnet"),
            "\(answer.words(of: blocker).message)")
    }

    @Test("a Network Load Balancer's interface: reachable, with a note that its listeners and targets were not checked")
    func networkLoadBalancerNote() throws {
        let answer = try Reachability(store: try Scenario.imported(Self.story)).answer(
            function: "inventory-sync", target: try Target(parsing: "ip:10.127.2.20"), port: 9443)
        #expect(answer.verdict == .reachable)
        #expect(
            answer.notes.contains {
                $0.contains("an interface of Network Load Balancer orders-nlb: it has no security groups")
                    && $0.contains("whether anything answers on port 9443 depends on its listeners")
            }, "\(answer.notes)")
    }
}

/// A destination's group of another account: the export that has it is that account's.
@Suite("A destination's security group that a third account owns: the fix exports that account's groups")
struct ThirdAccountGroupTests {
    @Test("10.60.2.50 is 333333333333's interface in a shared subnet: describe-security-groups with its credentials")
    func ownerOfTheInterface() throws {
        let answer = try Reachability(
            store: try Scenario.imported("shared-vpc-destination-in-a-third-accounts-interface-group-not-exported")
        ).answer(function: "fn", target: try Target(parsing: "ip:10.60.2.50"), port: 443)
        let blocker = try #require(answer.allBlockers.first { $0.code == .securityGroupNotFound })
        let words = answer.words(of: blocker)
        #expect(words.message.contains("belongs to account 333333333333"), "\(words.message)")
        #expect(
            words.fix.contains("lambda-reach import --account 333333333333 --region us-east-1 security-groups.json"),
            "\(words.fix)")
        #expect(!words.fix.contains("222222222222"), "\(words.fix)")
    }
}
