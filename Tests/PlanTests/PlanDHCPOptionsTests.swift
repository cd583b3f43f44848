import Foundation
import ReachCore
import ReachInventory
import TestSupport
import Testing

/// Terraform's DHCP options (aws_vpc_dhcp_options, aws_vpc_dhcp_options_association): where a
/// planned VPC's functions send their DNS queries, which security groups filter unless they go
/// to the Amazon DNS server.
@Suite("Plan DHCP options")
struct PlanDHCPOptionsTests {
    static let options = TemplateOptions(account: "123456789012", region: "us-east-1")

    /// `resource_changes` written into a plan file, with no configuration.
    static func planFile(_ label: String, _ changes: String, configuration: String = "[]") throws -> String {
        let plan = """
            {"format_version": "1.2", "terraform_version": "1.9.8", "resource_changes": [\(changes)],
             "configuration": {"root_module": {"resources": \(configuration)}}}
            """
        let file = try scratchDirectory(label).appendingPathComponent("plan.json")
        try plan.write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }

    /// The account of `inventory-directory-dns`: its VPC's DHCP options name 10.47.1.10.
    static func inventory() throws -> InventoryStore {
        let folder = Bundle.module.resourceURL!.appendingPathComponent("Fixtures/inventory-directory-dns")
        let path = try scratchDirectory("directory-dns").appendingPathComponent("inventory.sqlite").path
        let store = try InventoryStore(path: path, create: true)
        _ = try Importer(store: store).importPaths([folder.path])
        return store
    }

    static func blockers(_ answer: Answer) -> [String] {
        answer.subnets.flatMap { $0.blockers.map { "\($0.code.rawValue)@\($0.component)" } }
    }

    @Test("a planned VPC given DNS servers of its own: the function's queries to them are filtered by its group")
    func plannedOptions() throws {
        let vpc = """
            {"address": "aws_vpc.main", "mode": "managed", "type": "aws_vpc", "name": "main",
             "change": {"actions": ["create"], "before": null, "after": {"cidr_block": "10.9.0.0/16"},
                        "after_unknown": {"id": true}}},
            {"address": "aws_subnet.a", "mode": "managed", "type": "aws_subnet", "name": "a",
             "change": {"actions": ["create"], "before": null,
                        "after": {"cidr_block": "10.9.1.0/24", "availability_zone": "us-east-1a"},
                        "after_unknown": {"id": true, "vpc_id": true}}},
            {"address": "aws_security_group.fn", "mode": "managed", "type": "aws_security_group", "name": "fn",
             "change": {"actions": ["create"], "before": null,
                        "after": {"name": "fn", "ingress": [], "egress": [{"cidr_blocks": ["10.9.0.0/16"], "from_port": 5432,
                                  "to_port": 5432, "protocol": "tcp", "ipv6_cidr_blocks": [], "prefix_list_ids": [],
                                  "security_groups": [], "self": false, "description": ""}]},
                        "after_unknown": {"id": true, "vpc_id": true}}},
            {"address": "aws_security_group.db", "mode": "managed", "type": "aws_security_group", "name": "db",
             "change": {"actions": ["create"], "before": null,
                        "after": {"name": "db", "egress": [], "ingress": [{"cidr_blocks": ["10.9.0.0/16"], "from_port": 5432,
                                  "to_port": 5432, "protocol": "tcp", "ipv6_cidr_blocks": [], "prefix_list_ids": [],
                                  "security_groups": [], "self": false, "description": ""}]},
                        "after_unknown": {"id": true, "vpc_id": true}}},
            {"address": "aws_db_subnet_group.db", "mode": "managed", "type": "aws_db_subnet_group", "name": "db",
             "change": {"actions": ["create"], "before": null, "after": {"name": "orders-db"},
                        "after_unknown": {"id": true, "subnet_ids": true}}},
            {"address": "aws_db_instance.db", "mode": "managed", "type": "aws_db_instance", "name": "db",
             "change": {"actions": ["create"], "before": null,
                        "after": {"identifier": "orders-db", "engine": "postgres", "port": 5432,
                                  "db_subnet_group_name": "orders-db", "publicly_accessible": false},
                        "after_unknown": {"id": true, "vpc_security_group_ids": true}}},
            {"address": "aws_lambda_function.f", "mode": "managed", "type": "aws_lambda_function", "name": "f",
             "change": {"actions": ["create"], "before": null, "after": {"function_name": "f", "vpc_config": [{}]},
                        "after_unknown": {"id": true, "vpc_config": [{"subnet_ids": true, "security_group_ids": true}]}}}
            """
        let dhcp = """
            {"address": "aws_vpc_dhcp_options.corp", "mode": "managed", "type": "aws_vpc_dhcp_options", "name": "corp",
             "change": {"actions": ["create"], "before": null,
                        "after": {"domain_name": "corp.example.com", "domain_name_servers": ["10.9.1.10", "10.9.2.10"]},
                        "after_unknown": {"id": true, "arn": true, "owner_id": true}}},
            {"address": "aws_vpc_dhcp_options_association.corp", "mode": "managed",
             "type": "aws_vpc_dhcp_options_association", "name": "corp",
             "change": {"actions": ["create"], "before": null, "after": {},
                        "after_unknown": {"id": true, "vpc_id": true, "dhcp_options_id": true}}}
            """
        let configuration = """
            [{"address": "aws_subnet.a", "expressions": {"vpc_id": {"references": ["aws_vpc.main.id", "aws_vpc.main"]}}},
             {"address": "aws_security_group.fn", "expressions": {"vpc_id": {"references": ["aws_vpc.main.id", "aws_vpc.main"]}}},
             {"address": "aws_security_group.db", "expressions": {"vpc_id": {"references": ["aws_vpc.main.id", "aws_vpc.main"]}}},
             {"address": "aws_db_subnet_group.db", "expressions": {"subnet_ids": {"references": ["aws_subnet.a.id", "aws_subnet.a"]}}},
             {"address": "aws_db_instance.db", "expressions": {"vpc_security_group_ids": {"references": ["aws_security_group.db.id", "aws_security_group.db"]}}},
             {"address": "aws_vpc_dhcp_options_association.corp", "expressions": {
               "vpc_id": {"references": ["aws_vpc.main.id", "aws_vpc.main"]},
               "dhcp_options_id": {"references": ["aws_vpc_dhcp_options.corp.id", "aws_vpc_dhcp_options.corp"]}}},
             {"address": "aws_lambda_function.f", "expressions": {"vpc_config": [{
               "subnet_ids": {"references": ["aws_subnet.a.id", "aws_subnet.a"]},
               "security_group_ids": {"references": ["aws_security_group.fn.id", "aws_security_group.fn"]}}]}}]
            """
        let target = try Target(parsing: "rds:orders-db")
        // Without the options set the Amazon DNS server answers, unfiltered: reachable.
        let without = try TemplateOverlay.apply(
            plan: try Self.planFile("dhcp-none", vpc, configuration: configuration), options: Self.options, over: nil)
        #expect(try Reachability(store: without.store).answer(function: "f", target: target).verdict == .reachable)
        let with = try TemplateOverlay.apply(
            plan: try Self.planFile("dhcp-planned", vpc + "," + dhcp, configuration: configuration),
            options: Self.options, over: nil)
        let answer = try Reachability(store: with.store).answer(function: "f", target: target)
        #expect(answer.verdict == .unreachable)
        #expect(Self.blockers(answer) == ["ENI_SG_RULES_MISMATCH@aws_security_group.fn"], "\(Self.blockers(answer))")
        #expect(
            answer.notes.contains { $0.contains("send DNS queries to 10.9.1.10 (then 10.9.2.10)") }, "\(answer.notes)")
    }

    @Test("a plan that updates a live VPC (its tags) leaves the VPC its DHCP options set")
    func updatedVPCKeepsOptions() throws {
        let base = try Self.inventory()
        let target = try Target(parsing: "rds:reports-db")
        // Today: the query to 10.47.1.10 (udp 53) is not allowed out of the function's group.
        #expect(try Reachability(store: base).answer(function: "reports", target: target).verdict == .unreachable)
        let plan = try Self.planFile(
            "dhcp-vpc-tags",
            """
            {"address": "aws_vpc.main", "mode": "managed", "type": "aws_vpc", "name": "main",
             "change": {"actions": ["update"],
                        "before": {"id": "vpc-0d1c0000000000001", "cidr_block": "10.47.0.0/16", "enable_dns_support": true,
                                   "dhcp_options_id": "dopt-0d1c0000000000001", "tags": {}},
                        "after": {"id": "vpc-0d1c0000000000001", "cidr_block": "10.47.0.0/16", "enable_dns_support": true,
                                  "dhcp_options_id": "dopt-0d1c0000000000001", "tags": {"Team": "reports"}},
                        "after_unknown": {}}}
            """)
        let overlay = try TemplateOverlay.apply(plan: plan, options: Self.options, over: base)
        let answer = try Reachability(store: overlay.store).answer(function: "reports", target: target)
        #expect(answer.verdict == .unreachable)
        #expect(Self.blockers(answer) == ["ENI_SG_RULES_MISMATCH@sg-0d1c0000000000001"], "\(Self.blockers(answer))")
    }

    @Test("deleting the association gives the VPC no set: the Amazon DNS server answers, unfiltered")
    func deletedAssociation() throws {
        let plan = try Self.planFile(
            "dhcp-association-deleted",
            """
            {"address": "aws_vpc_dhcp_options_association.corp", "mode": "managed",
             "type": "aws_vpc_dhcp_options_association", "name": "corp",
             "change": {"actions": ["delete"],
                        "before": {"id": "dopt-0d1c0000000000001-vpc-0d1c0000000000001",
                                   "vpc_id": "vpc-0d1c0000000000001", "dhcp_options_id": "dopt-0d1c0000000000001"},
                        "after": null, "after_unknown": {}}}
            """)
        let overlay = try TemplateOverlay.apply(plan: plan, options: Self.options, over: try Self.inventory())
        let answer = try Reachability(store: overlay.store).answer(
            function: "reports", target: try Target(parsing: "rds:reports-db"))
        #expect(answer.verdict == .reachable, "\(Self.blockers(answer))")
    }

    @Test("a DNS server that is no address: an error naming the plan and the value's path")
    func badServer() throws {
        let plan = try Self.planFile(
            "dhcp-bad-server",
            """
            {"address": "aws_vpc_dhcp_options.corp", "mode": "managed", "type": "aws_vpc_dhcp_options", "name": "corp",
             "change": {"actions": ["create"], "before": null,
                        "after": {"domain_name_servers": ["dns.corp.example.com"]}, "after_unknown": {"id": true}}}
            """)
        #expect {
            _ = try TemplateOverlay.apply(plan: plan, options: Self.options, over: nil)
        } throws: { error in
            let text = "\(error)"
            return text.contains(plan) && text.contains("domain_name_servers[0]")
                && text.contains("dns.corp.example.com")
        }
    }
}
