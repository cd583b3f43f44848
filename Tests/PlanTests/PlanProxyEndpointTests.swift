import Foundation
import ReachCore
import ReachInventory
import TestSupport
import Testing

/// aws_db_proxy_endpoint: a proxy's additional endpoint, which the plan creates, changes or
/// deletes, as the live inventory models it (kind `proxy-endpoint`, `rds:NAME`). The stories with
/// answers on both sides are fixtures (proxy-endpoint-*); these ask what a fixture cannot: a
/// target that is gone, and a default the plan leaves to AWS.
@Suite("Plan RDS proxy endpoints")
struct PlanProxyEndpointTests {
    static let options = TemplateOptions(account: "123456789012", region: "us-east-1")

    static func scenario(_ name: String) throws -> (PlanScenario, PlanScenario.Expected, InventoryStore) {
        let scenario = try #require(PlanScenario.all.first { $0.name == name })
        let expected = try scenario.expected()
        return (scenario, expected, try #require(try scenario.inventory(expected)))
    }

    static func blockers(_ answer: Answer) -> [String] {
        answer.subnets.flatMap { $0.blockers.map { "\($0.code.rawValue)@\($0.component)" } }
    }

    @Test("a plan that deletes the endpoint: today it is a target, after apply there is none to ask for")
    func deleted() throws {
        let (scenario, expected, base) = try Self.scenario("proxy-endpoint-deleted")
        let target = try Target(parsing: "rds:orders-app")
        #expect(try Reachability(store: base).answer(function: "app", target: target).verdict == .reachable)
        let overlay = try TemplateOverlay.apply(
            plan: scenario.directory.appendingPathComponent(expected.plan).path, options: Self.options, over: base)
        do {
            let answer = try Reachability(store: overlay.store).answer(function: "app", target: target)
            Issue.record("the deleted endpoint was answered: \(answer.verdict) \(Self.blockers(answer))")
        } catch let error as LookupError {
            guard case .question(.unknownDatabase(let name, _)) = error else {
                Issue.record("\(error)")
                return
            }
            #expect(name == "orders-app")
        }
        #expect(
            overlay.notes.contains {
                $0.contains(
                    "aws_db_proxy_endpoint.orders_app (proxy-endpoint:123456789012:us-east-1:orders-app) is deleted by the plan"
                )
            }, "\(overlay.notes)")
    }

    @Test("an endpoint created without vpc_security_group_ids gets its VPC's default security group")
    func defaultGroup() throws {
        let (_, _, base) = try Self.scenario("proxy-endpoint-created-in-app-vpc")
        let changes = """
            {"address": "aws_vpc.app", "mode": "managed", "type": "aws_vpc", "name": "app",
             "change": {"actions": ["create"], "before": null, "after": {"cidr_block": "10.7.0.0/16"},
                        "after_unknown": {"id": true}}},
            {"address": "aws_subnet.fn", "mode": "managed", "type": "aws_subnet", "name": "fn",
             "change": {"actions": ["create"], "before": null,
                        "after": {"cidr_block": "10.7.1.0/24", "availability_zone": "us-east-1a"},
                        "after_unknown": {"id": true, "vpc_id": true}}},
            {"address": "aws_subnet.endpoint", "mode": "managed", "type": "aws_subnet", "name": "endpoint",
             "change": {"actions": ["create"], "before": null,
                        "after": {"cidr_block": "10.7.11.0/24", "availability_zone": "us-east-1a"},
                        "after_unknown": {"id": true, "vpc_id": true}}},
            {"address": "aws_security_group.fn", "mode": "managed", "type": "aws_security_group", "name": "fn",
             "change": {"actions": ["create"], "before": null,
                        "after": {"name": "fn", "ingress": [], "egress": [{"cidr_blocks": ["0.0.0.0/0"],
                                  "from_port": 0, "to_port": 0, "protocol": "-1", "ipv6_cidr_blocks": [],
                                  "prefix_list_ids": [], "security_groups": [], "self": false, "description": ""}]},
                        "after_unknown": {"id": true, "vpc_id": true}}},
            {"address": "aws_db_proxy_endpoint.app", "mode": "managed", "type": "aws_db_proxy_endpoint", "name": "app",
             "change": {"actions": ["create"], "before": null,
                        "after": {"db_proxy_endpoint_name": "orders-app2", "db_proxy_name": "orders-proxy",
                                  "target_role": "READ_WRITE", "tags": null, "timeouts": null},
                        "after_unknown": {"arn": true, "endpoint": true, "id": true, "is_default": true,
                                          "tags_all": true, "vpc_id": true, "vpc_security_group_ids": true,
                                          "vpc_subnet_ids": true}}},
            {"address": "aws_lambda_function.f", "mode": "managed", "type": "aws_lambda_function", "name": "f",
             "change": {"actions": ["create"], "before": null, "after": {"function_name": "f", "vpc_config": [{}]},
                        "after_unknown": {"id": true, "vpc_config": [{"subnet_ids": true, "security_group_ids": true}]}}}
            """
        let configuration = """
            [{"address": "aws_subnet.fn", "expressions": {"vpc_id": {"references": ["aws_vpc.app.id", "aws_vpc.app"]}}},
             {"address": "aws_subnet.endpoint", "expressions": {"vpc_id": {"references": ["aws_vpc.app.id", "aws_vpc.app"]}}},
             {"address": "aws_security_group.fn", "expressions": {"vpc_id": {"references": ["aws_vpc.app.id", "aws_vpc.app"]}}},
             {"address": "aws_db_proxy_endpoint.app", "expressions": {
               "db_proxy_endpoint_name": {"constant_value": "orders-app2"},
               "db_proxy_name": {"constant_value": "orders-proxy"},
               "vpc_subnet_ids": {"references": ["aws_subnet.endpoint.id", "aws_subnet.endpoint"]}}},
             {"address": "aws_lambda_function.f", "expressions": {"vpc_config": [{
               "subnet_ids": {"references": ["aws_subnet.fn.id", "aws_subnet.fn"]},
               "security_group_ids": {"references": ["aws_security_group.fn.id", "aws_security_group.fn"]}}]}}]
            """
        let plan = """
            {"format_version": "1.2", "terraform_version": "1.9.8", "resource_changes": [\(changes)],
             "configuration": {"root_module": {"resources": \(configuration)}}}
            """
        let file = try scratchDirectory("proxy-endpoint-default-group").appendingPathComponent("plan.json")
        try plan.write(to: file, atomically: true, encoding: .utf8)
        let overlay = try TemplateOverlay.apply(plan: file.path, options: Self.options, over: base)
        // AWS's default group of a new VPC admits its own members only: the function's group is
        // not one, and no rule names it.
        let answer = try Reachability(store: overlay.store).answer(
            function: "f", target: try Target(parsing: overlay.target("rds:aws_db_proxy_endpoint.app")))
        #expect(answer.verdict == .unreachable)
        #expect(
            Self.blockers(answer) == ["ENI_SG_RULES_MISMATCH@aws_vpc.app.default_security_group"],
            "\(Self.blockers(answer))")
    }
}
