import Foundation
import ReachCore
import ReachInventory
import ReachReport
import TestSupport
import Testing

/// One plan scenario folder (Fixtures/README.md): a Terraform plan, the account before apply,
/// and the answers Terraform's and AWS's documentation give after it (and before it, `today`).
struct PlanScenario: CustomTestStringConvertible, Sendable {
    var name: String
    var directory: URL
    var testDescription: String { name }

    static let root = Bundle.module.resourceURL!.appendingPathComponent("Fixtures")

    static var all: [PlanScenario] {
        fixtureFolders(in: root).map { PlanScenario(name: $0.name, directory: $0.directory) }
    }

    struct Expected: Decodable {
        struct Query: Decodable {
            var function: String
            var target: String
            var port: Int?
            var `protocol`: String?
            var verdict: String
            var subnets: [String: StoryExpectations.ExpectedSubnet]?
            var blockers: [String]?
            var notes: [String]?
        }
        var story: String
        var rule: String
        var plan: String
        var inventory: String?
        var account: String?
        var region: String?
        var queries: [Query]
        var today: [Query]?
        var notAnalysed: [String]?
    }

    func expected() throws -> Expected {
        try JSONDecoder().decode(
            Expected.self, from: Data(contentsOf: directory.appendingPathComponent("expected.json")))
    }

    /// The account before apply: the folder's inventory, or nothing.
    func inventory(_ expected: Expected) throws -> InventoryStore? {
        guard let inventory = expected.inventory,
            FileManager.default.fileExists(atPath: directory.appendingPathComponent(inventory).path)
        else { return nil }
        return try InventoryStore.opening(inventoryOrExports: directory.appendingPathComponent(inventory).path).0
    }
}

@Suite("Terraform plans: hand-written plans of the VPC module and of changes, answers from the documentation")
struct PlanScenarioTests {
    @Test("there are plan scenarios: the VPC module with and without single_nat_gateway, and changes")
    func coverage() {
        let names = PlanScenario.all.map(\.name)
        #expect(names.count >= 6, "\(names)")
        #expect(names.contains { $0.contains("single-nat") })
    }

    static func check(
        _ queries: [PlanScenario.Expected.Query], _ store: InventoryStore, overlay: TemplateOverlay?, label: String
    ) throws {
        let reachability = Reachability(store: store)
        for query in queries {
            let function = overlay?.functionAliases[query.function] ?? query.function
            let raw = try reachability.answer(
                function: function, target: try Target(parsing: overlay?.target(query.target) ?? query.target),
                port: query.port, ipProtocol: query.protocol == "udp" ? .udp : .tcp)
            let answer = overlay?.annotate(raw) ?? raw
            let story = StoryExpectations.Query(
                function: query.function, target: query.target, port: query.port, protocol: query.protocol,
                verdict: query.verdict, subnets: query.subnets, blockers: query.blockers)
            let problems = StoryExpectations.mismatches(answer, story)
            #expect(
                problems.isEmpty, "\(label) \(query.function) -> \(query.target): \(problems.joined(separator: "; "))")
            for note in query.notes ?? [] {
                #expect(
                    answer.notes.contains { $0.contains(note) }, "\(label): no note contains \(note): \(answer.notes)")
            }
        }
    }

    @Test("answers after apply (and today) match expected.json", arguments: PlanScenario.all)
    func scenario(_ scenario: PlanScenario) throws {
        let expected = try scenario.expected()
        let base = try scenario.inventory(expected)
        let overlay = try TemplateOverlay.apply(
            plan: scenario.directory.appendingPathComponent(expected.plan).path,
            options: TemplateOptions(
                account: expected.account ?? "123456789012", region: expected.region ?? "us-east-1"),
            over: base)
        if let notAnalysed = expected.notAnalysed {
            #expect(Set(overlay.notAnalysed.keys) == Set(notAnalysed))
        }
        try Self.check(expected.queries, overlay.store, overlay: overlay, label: "after apply:")
        if let today = expected.today, let base {
            try Self.check(today, base, overlay: nil, label: "today:")
        }
    }

    @Test("hashicorp/terraform-json's plans: read, nothing analysed but their types listed")
    func terraformJSON() throws {
        let folder = PlanScenario.root.appendingPathComponent("terraform-json")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }
        #expect(files.count >= 3)
        for file in files.sorted() {
            let overlay = try TemplateOverlay.apply(
                plan: folder.appendingPathComponent(file).path,
                options: TemplateOptions(account: "123456789012", region: "us-east-1"), over: nil)
            #expect(!overlay.notAnalysed.isEmpty, "\(file)")
        }
    }

    @Test("not a plan: an error naming the file and what was expected, exit 2")
    func notAPlan() throws {
        let file = try scratchDirectory("not-a-plan").appendingPathComponent("plan.json")
        try #"{"Resources": {}}"#.write(to: file, atomically: true, encoding: .utf8)
        #expect {
            try TemplateOverlay.apply(
                plan: file.path, options: TemplateOptions(account: "123456789012", region: "us-east-1"), over: nil)
        } throws: { error in
            "\(error)".contains("plan.json") && "\(error)".contains("not a Terraform plan")
        }
        let result = try Binary.run([
            "query", "--function", "f", "--to", "internet", "--plan", file.path, "--account", "123456789012",
            "--region",
            "us-east-1",
        ])
        #expect(result.status == 2)
        #expect(result.stderr.contains("not a Terraform plan"), "\(result.stderr)")
    }
}

@Suite("lambda-reach with --plan, through the binary")
struct PlanCommandTests {
    @Test("query --plan says today's verdict beside the new one; diff --plan names the deleted route, exit 1")
    func queryAndDiff() throws {
        let folder = PlanScenario.root.appendingPathComponent("nat-route-deleted")
        let db = try scratchDirectory("plan-diff").appendingPathComponent("inventory.sqlite").path
        let imported = try Binary.run(["import", "--db", db, "inventory"], in: folder)
        #expect(imported.status == 0, "\(imported.stderr)")
        let query = try Binary.run(
            ["why", "orders", "--to", "internet", "--db", db, "--plan", "plan.json"], in: folder)
        #expect(query.status == 1, "\(query.stdout)\(query.stderr)")
        #expect(
            query.stdout.contains("Today (the inventory alone): REACHABLE; after the change: PARTIAL"),
            "\(query.stdout)")
        #expect(
            query.stdout.contains("aws_route.private_nat_gateway[1]"), "the deleted route is named: \(query.stdout)")
        let diff = try Binary.run(
            ["diff", db, db, "--plan", "plan.json", "--targets", "internet", "--format", "json"], in: folder)
        #expect(diff.status == 1, "\(diff.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(diff.stdout.utf8)) as? [String: Any])
        let changes = try #require(json["changes"] as? [[String: Any]])
        #expect(changes.count == 1, "\(changes)")
        #expect(changes.first?["subnet"] as? String == "subnet-0a1b2c3d4e5f64014")
        #expect(changes.first?["cellAfter"] as? String == "partial")
        let causes = changes.first?["causes"] as? [[String: Any]] ?? []
        #expect(
            causes.contains {
                $0["component"] as? String == "rtb-0a1b2c3d4e5f64024"
                    && ($0["change"] as? String ?? "").hasPrefix("route 0.0.0.0/0 -> nat-")
                    && ($0["change"] as? String ?? "").hasSuffix(" removed")
            }, "\(causes)")
    }
}

@Suite("Plan references")
struct PlanReferenceTests {
    @Test("a database planned without vpc_security_group_ids wears its subnet group's VPC's default group")
    func databaseDefaultGroup() throws {
        let plan = """
            {"format_version": "1.2", "terraform_version": "1.9.8",
             "resource_changes": [
              {"address": "aws_vpc.main", "mode": "managed", "type": "aws_vpc", "name": "main",
               "change": {"actions": ["create"], "before": null, "after": {"cidr_block": "10.9.0.0/16"},
                          "after_unknown": {"id": true, "default_security_group_id": true}}},
              {"address": "aws_subnet.a", "mode": "managed", "type": "aws_subnet", "name": "a",
               "change": {"actions": ["create"], "before": null,
                          "after": {"cidr_block": "10.9.1.0/24", "availability_zone": "us-east-1a"},
                          "after_unknown": {"id": true, "vpc_id": true}}},
              {"address": "aws_security_group.fn", "mode": "managed", "type": "aws_security_group", "name": "fn",
               "change": {"actions": ["create"], "before": null,
                          "after": {"name": "fn", "ingress": [], "egress": [{"cidr_blocks": ["0.0.0.0/0"], "from_port": 0,
                                    "to_port": 0, "protocol": "-1", "ipv6_cidr_blocks": [], "prefix_list_ids": [],
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
             ],
             "configuration": {"root_module": {"resources": [
              {"address": "aws_subnet.a", "expressions": {"vpc_id": {"references": ["aws_vpc.main.id", "aws_vpc.main"]}}},
              {"address": "aws_security_group.fn", "expressions": {"vpc_id": {"references": ["aws_vpc.main.id", "aws_vpc.main"]}}},
              {"address": "aws_db_subnet_group.db", "expressions": {"subnet_ids": {"references": ["aws_subnet.a.id", "aws_subnet.a"]}}},
              {"address": "aws_lambda_function.f", "expressions": {"vpc_config": [{
                "subnet_ids": {"references": ["aws_subnet.a.id", "aws_subnet.a"]},
                "security_group_ids": {"references": ["aws_security_group.fn.id", "aws_security_group.fn"]}}]}}
             ]}}}
            """
        let file = try scratchDirectory("database-default-group").appendingPathComponent("plan.json")
        try plan.write(to: file, atomically: true, encoding: .utf8)
        let overlay = try TemplateOverlay.apply(
            plan: file.path, options: TemplateOptions(account: "123456789012", region: "us-east-1"), over: nil)
        let answer = try Reachability(store: overlay.store).answer(
            function: "f", target: try Target(parsing: "rds:orders-db"))
        // The default group admits its own members only: the function's group is not one. The
        // blocker is that group's, not a database without groups.
        #expect(answer.verdict == .unreachable)
        #expect(
            answer.subnets.first?.blockers.map { "\($0.code.rawValue)@\($0.component)" } == [
                "ENI_SG_RULES_MISMATCH@aws_vpc.main.default_security_group"
            ], "\(answer.subnets.first?.blockers ?? [])")
    }

    @Test("a database planned without groups in a deployed subnet group wears that VPC's default group")
    func databaseDefaultGroupDeployedSubnetGroup() throws {
        // The account of sg-rule-removed-database: the subnet group orders-db is in
        // vpc-0a1b2c3d4e5f65001, whose default group sg-0a1b2c3d4e5f65091 has no inbound rule.
        let plan = """
            {"format_version": "1.2", "terraform_version": "1.9.8",
             "resource_changes": [
              {"address": "aws_db_instance.reports", "mode": "managed", "type": "aws_db_instance", "name": "reports",
               "change": {"actions": ["create"], "before": null,
                          "after": {"identifier": "reports-db", "engine": "postgres", "port": 5432,
                                    "db_subnet_group_name": "orders-db", "publicly_accessible": false},
                          "after_unknown": {"id": true, "vpc_security_group_ids": true}}}
             ],
             "configuration": {"root_module": {"resources": []}}}
            """
        let file = try scratchDirectory("database-default-group-deployed").appendingPathComponent("plan.json")
        try plan.write(to: file, atomically: true, encoding: .utf8)
        let scenario = try #require(PlanScenario.all.first { $0.name == "sg-rule-removed-database" })
        let base = try scenario.inventory(try scenario.expected())
        let overlay = try TemplateOverlay.apply(
            plan: file.path, options: TemplateOptions(account: "123456789012", region: "us-east-1"), over: base)
        let answer = try Reachability(store: overlay.store).answer(
            function: "orders", target: try Target(parsing: "rds:reports-db"))
        #expect(answer.verdict == .unreachable)
        for subnet in answer.subnets {
            #expect(subnet.blockers.map(\.component) == ["sg-0a1b2c3d4e5f65091"], "\(subnet.blockers)")
        }
    }

    @Test("a role whose state lists the policy its aws_iam_role_policy_attachment adds: one attachment, no clash")
    func roleAttachmentListedTwice() throws {
        // The provider reads a role's managed_policy_arns back from AWS, so the role and the
        // attachment resource name the same policy; without an inventory, both were written.
        let scenario = try #require(PlanScenario.all.first { $0.name == "new-security-group-without-egress" })
        let overlay = try TemplateOverlay.apply(
            plan: scenario.directory.appendingPathComponent("plan.json").path,
            options: TemplateOptions(account: "123456789012", region: "us-east-1"), over: nil)
        let count = try overlay.store.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM iam_role_attached_policies") ?? 0
        }
        #expect(count >= 1)
    }

    @Test("for_each keys: a reference to an instance by key resolves to it; an unresolvable one is a named unknown")
    func forEachKeys() throws {
        let plan = """
            {"format_version": "1.2", "terraform_version": "1.9.8",
             "resource_changes": [
              {"address": "aws_vpc.main", "mode": "managed", "type": "aws_vpc", "name": "main",
               "change": {"actions": ["create"], "before": null, "after": {"cidr_block": "10.9.0.0/16"},
                          "after_unknown": {"id": true}}},
              {"address": "aws_subnet.app[\\"a\\"]", "mode": "managed", "type": "aws_subnet", "name": "app", "index": "a",
               "change": {"actions": ["create"], "before": null,
                          "after": {"cidr_block": "10.9.1.0/24", "availability_zone": "us-east-1a"},
                          "after_unknown": {"id": true, "vpc_id": true}}},
              {"address": "aws_lambda_function.f", "mode": "managed", "type": "aws_lambda_function", "name": "f",
               "change": {"actions": ["create"], "before": null,
                          "after": {"function_name": "f", "vpc_config": [{"security_group_ids": ["sg-0a1b2c3d4e5f60001"]}]},
                          "after_unknown": {"id": true, "vpc_config": [{"subnet_ids": true}]}}}
             ],
             "configuration": {"root_module": {"resources": [
              {"address": "aws_subnet.app", "expressions": {"vpc_id": {"references": ["aws_vpc.main.id", "aws_vpc.main"]}}},
              {"address": "aws_lambda_function.f", "expressions": {"vpc_config": [{"subnet_ids":
                {"references": ["aws_subnet.app[\\"a\\"].id", "aws_subnet.app[\\"a\\"]", "aws_subnet.app"]}}]}}
             ]}}}
            """
        let file = try scratchDirectory("for-each").appendingPathComponent("plan.json")
        try plan.write(to: file, atomically: true, encoding: .utf8)
        let overlay = try TemplateOverlay.apply(
            plan: file.path, options: TemplateOptions(account: "123456789012", region: "us-east-1"), over: nil)
        let answer = try Reachability(store: overlay.store).answer(
            function: "f", target: try Target(parsing: "internet"))
        #expect(answer.subnets.map(\.subnet) == ["aws_subnet.app[\"a\"]"])
        // The subnet is in the plan's VPC: its main route table (local route only) has no route out.
        #expect(answer.subnets.first?.blockers.map(\.component) == ["aws_vpc.main.main_route_table"])
    }
}

@Suite("Plan: what a resource manages")
struct PlanOwnershipTests {
    /// The account of sg-rule-removed-database, with the VPC's default group sg-0a1b2c3d4e5f65091
    /// given AWS's default rules (all traffic in from its members, all out).
    static func inventoryWithDefaultGroupRules() throws -> InventoryStore {
        let source = PlanScenario.root.appendingPathComponent("sg-rule-removed-database/inventory")
        let folder = try scratchDirectory("default-group-rules")
        for file in try FileManager.default.contentsOfDirectory(atPath: source.path) {
            try FileManager.default.copyItem(
                at: source.appendingPathComponent(file), to: folder.appendingPathComponent(file))
        }
        let groupsFile = folder.appendingPathComponent("describe-security-groups.json")
        var document = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: groupsFile)) as? [String: Any])
        var groups = try #require(document["SecurityGroups"] as? [[String: Any]])
        let index = try #require(groups.firstIndex { $0["GroupId"] as? String == "sg-0a1b2c3d4e5f65091" })
        groups[index]["IpPermissions"] = [
            [
                "IpProtocol": "-1", "IpRanges": [], "Ipv6Ranges": [], "PrefixListIds": [],
                "UserIdGroupPairs": [["GroupId": "sg-0a1b2c3d4e5f65091", "UserId": "123456789012"]],
            ]
        ]
        groups[index]["IpPermissionsEgress"] = [
            [
                "IpProtocol": "-1", "IpRanges": [["CidrIp": "0.0.0.0/0"]], "Ipv6Ranges": [], "PrefixListIds": [],
                "UserIdGroupPairs": [],
            ]
        ]
        document["SecurityGroups"] = groups
        try JSONSerialization.data(withJSONObject: document).write(to: groupsFile)
        return try InventoryStore.opening(inventoryOrExports: folder.path).0
    }

    /// A plan of aws_default_security_group.default for vpc-0a1b2c3d4e5f65001 whose
    /// configuration sets only `egress` (tcp 443 out), with `after` listing what AWS has.
    static func defaultGroupPlan(action: String) -> String {
        let before =
            action == "create"
            ? "null"
            : """
            {"id": "sg-0a1b2c3d4e5f65091", "vpc_id": "vpc-0a1b2c3d4e5f65001", "name": "default",
             "ingress": [{"cidr_blocks": [], "description": "", "from_port": 0, "ipv6_cidr_blocks": [], "prefix_list_ids": [],
                          "protocol": "-1", "security_groups": [], "self": true, "to_port": 0}],
             "egress": [{"cidr_blocks": ["0.0.0.0/0"], "description": "", "from_port": 0, "ipv6_cidr_blocks": [],
                         "prefix_list_ids": [], "protocol": "-1", "security_groups": [], "self": false, "to_port": 0}]}
            """
        // A created resource's attribute the configuration leaves out is unknown; an updated
        // one's lists what AWS has.
        let ingress =
            action == "create"
            ? ""
            : """
            "ingress": [{"cidr_blocks": [], "description": "", "from_port": 0, "ipv6_cidr_blocks": [],
                         "prefix_list_ids": [], "protocol": "-1", "security_groups": [], "self": true, "to_port": 0}],
            """
        let unknown = action == "create" ? #"{"ingress": true}"# : "{}"
        return """
            {"format_version": "1.2", "terraform_version": "1.9.8",
             "resource_changes": [
              {"address": "aws_default_security_group.default", "mode": "managed", "type": "aws_default_security_group",
               "name": "default",
               "change": {"actions": ["\(action)"], "before": \(before),
                          "after": {"id": "sg-0a1b2c3d4e5f65091", "vpc_id": "vpc-0a1b2c3d4e5f65001", "name": "default",
                                    \(ingress)
                                    "egress": [{"cidr_blocks": ["0.0.0.0/0"], "description": "", "from_port": 443,
                                                "ipv6_cidr_blocks": [], "prefix_list_ids": [], "protocol": "tcp",
                                                "security_groups": [], "self": false, "to_port": 443}]},
                          "after_unknown": \(unknown)}}
             ],
             "configuration": {"root_module": {"resources": [
              {"address": "aws_default_security_group.default", "mode": "managed", "type": "aws_default_security_group",
               "name": "default",
               "expressions": {"vpc_id": {"constant_value": "vpc-0a1b2c3d4e5f65001"},
                               "egress": {"constant_value": [{"cidr_blocks": ["0.0.0.0/0"], "from_port": 443, "protocol": "tcp",
                                                              "to_port": 443}]}}}
             ]}}}
            """
    }

    /// The rules of `group` after the overlay, as `direction protocol ports peer`.
    static func rules(of group: String, in store: InventoryStore) throws -> [String] {
        try store.read { db in
            try String.fetchAll(
                db,
                sql: """
                    SELECT (CASE is_egress WHEN 1 THEN 'egress' ELSE 'ingress' END) || ' ' || ip_protocol || ' '
                    || coalesce(from_port, '') || '-' || coalesce(to_port, '') || ' '
                    || coalesce(cidr_ipv4, referenced_group_id, '') FROM security_group_rules WHERE group_id = ?
                    ORDER BY 1
                    """, arguments: [group])
        }
    }

    @Test("aws_default_security_group updated with only egress configured keeps the group's ingress rules")
    func defaultGroupUpdateKeepsIngress() throws {
        let base = try Self.inventoryWithDefaultGroupRules()
        let file = try scratchDirectory("default-group-update").appendingPathComponent("plan.json")
        try Self.defaultGroupPlan(action: "update").write(to: file, atomically: true, encoding: .utf8)
        let overlay = try TemplateOverlay.apply(
            plan: file.path, options: TemplateOptions(account: "123456789012", region: "us-east-1"), over: base)
        // ingress is not in the configuration: attribute-as-blocks leaves it as AWS has it; the
        // egress becomes the configuration's one rule.
        #expect(
            try Self.rules(of: "sg-0a1b2c3d4e5f65091", in: overlay.store) == [
                "egress tcp 443-443 0.0.0.0/0", "ingress -1 - sg-0a1b2c3d4e5f65091",
            ])
    }

    @Test("aws_default_security_group adopted (create): every rule is revoked, the configuration's added")
    func defaultGroupAdoptionRevokesAll() throws {
        let base = try Self.inventoryWithDefaultGroupRules()
        let file = try scratchDirectory("default-group-adopt").appendingPathComponent("plan.json")
        try Self.defaultGroupPlan(action: "create").write(to: file, atomically: true, encoding: .utf8)
        let overlay = try TemplateOverlay.apply(
            plan: file.path, options: TemplateOptions(account: "123456789012", region: "us-east-1"), over: base)
        // The provider "immediately removes all ingress and egress rules" when it first adopts
        // the group, then creates the configuration's: the members' ingress goes too.
        #expect(try Self.rules(of: "sg-0a1b2c3d4e5f65091", in: overlay.store) == ["egress tcp 443-443 0.0.0.0/0"])
    }

    @Test("deleting an aws_main_route_table_association makes its original_route_table_id the main table again")
    func mainAssociationDeleted() throws {
        let scenario = try #require(PlanScenario.all.first { $0.name == "main-route-table-association-moves-main" })
        let base = try scenario.inventory(try scenario.expected())
        let plan = """
            {"format_version": "1.2", "terraform_version": "1.9.8",
             "resource_changes": [
              {"address": "aws_main_route_table_association.main", "mode": "managed",
               "type": "aws_main_route_table_association", "name": "main",
               "change": {"actions": ["delete"],
                          "before": {"id": "rtbassoc-0a1b2c3d4e5f60051", "vpc_id": "vpc-0a1b2c3d4e5f60001",
                                     "route_table_id": "rtb-0a1b2c3d4e5f60001",
                                     "original_route_table_id": "rtb-0a1b2c3d4e5f60003"},
                          "after": null, "after_unknown": {}}}
             ],
             "configuration": {"root_module": {"resources": []}}}
            """
        let file = try scratchDirectory("main-association-deleted").appendingPathComponent("plan.json")
        try plan.write(to: file, atomically: true, encoding: .utf8)
        let overlay = try TemplateOverlay.apply(
            plan: file.path, options: TemplateOptions(account: "123456789012", region: "us-east-1"), over: base)
        let main = try overlay.store.read { db in
            try String.fetchAll(
                db,
                sql: """
                    SELECT a.route_table_id FROM route_table_associations a JOIN route_tables t
                    ON t.route_table_id = a.route_table_id WHERE a.is_main = 1 AND t.vpc_id = 'vpc-0a1b2c3d4e5f60001'
                    """)
        }
        #expect(main == ["rtb-0a1b2c3d4e5f60003"])
        // orders' subnet has no association of its own: it now uses rtb-0a1b2c3d4e5f60003.
        let answer = try Reachability(store: overlay.store).answer(
            function: "orders", target: try Target(parsing: "internet"))
        #expect(answer.verdict == .reachable)
        #expect(answer.subnets.first?.hops.contains { $0.component == "rtb-0a1b2c3d4e5f60003" } == true)
    }
}
