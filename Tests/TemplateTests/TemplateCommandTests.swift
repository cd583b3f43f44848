import Foundation
import ReachInventory
import TestSupport
import Testing

/// `--template` through the built binary: the formats, the exit statuses, SARIF's locations
/// and the inventory file left as it was.
@Suite("lambda-reach query, why and audit with --template")
struct TemplateCommandTests {
    static func folder(_ name: String) -> URL { TemplateScenario.root.appendingPathComponent(name) }

    static let place = ["--account", "123456789012", "--region", "us-east-1"]

    @Test("query --template alone: the templates are the network; JSON lists the planned components")
    func queryTemplatesAlone() throws {
        let folder = Self.folder("corpus-vpc-private")
        let templates = ["--template", "vpc-private.yaml", "--template", "app.yaml"]
        let unreachable = try Binary.run(
            ["query", "--function", "ReaderFunction", "--to", "internet", "--format", "json"] + templates + Self.place,
            in: folder)
        #expect(unreachable.status == 1, "\(unreachable.stderr)")
        let answer = try #require(
            try JSONSerialization.jsonObject(with: Data(unreachable.stdout.utf8)) as? [String: Any])
        #expect(answer["verdict"] as? String == "unreachable")
        let planned = try #require(answer["planned"] as? [[String: Any]])
        let route = try #require(planned.first { $0["logicalId"] as? String == "privateRouteTable" })
        #expect(route["template"] as? String == "vpc-private.yaml")
        #expect(route["line"] as? Int == 36, "the line of `privateRouteTable:`")
        let blocker = try #require(
            ((answer["subnets"] as? [[String: Any]])?.first?["blockers"] as? [[String: Any]])?.first)
        #expect(blocker["component"] as? String == "privateRouteTable (vpc-private.yaml:36)")
        let text = try Binary.run(
            ["query", "--function", "ReaderFunction", "--to", "internet"] + templates + Self.place, in: folder)
        // ReaderFunction has no FunctionName: CloudFormation names it app-ReaderFunction-... at
        // deploy, which the answer writes app-ReaderFunction-(generated); that name and the
        // logical ID both ask for it again.
        #expect(
            text.stdout.contains(
                "(lambda-reach why 'app-ReaderFunction-(generated)' --to internet with the same --template/--plan explains it)"
            ),
            "\(text.stdout)")
        let reachable = try Binary.run(
            ["query", "--function", "ReaderFunction", "--to", "s3"] + templates + Self.place, in: folder)
        #expect(reachable.status == 0, "\(reachable.stdout)\(reachable.stderr)")
        #expect(reachable.stdout.contains("s3Endpoint (vpc-private.yaml:"))
    }

    @Test("why --template prints the planned components and the defaults it relied on")
    func whyText() throws {
        let result = try Binary.run(
            ["why", "OrdersFunction", "--to", "rds:OrdersCluster", "--template", "orders.yaml"] + Self.place,
            in: Self.folder("default-sg-self-ingress-aurora-cluster"))
        #expect(result.stdout.contains("Planned (not deployed yet)"), "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("AppVPC.DefaultSecurityGroup"), "\(result.stdout)")
        #expect(result.stdout.contains("Relies on an AWS default the template does not state"), "\(result.stdout)")
    }

    @Test("a subnet left on the main table: the fix associates it with the table that has the NAT route")
    func mainTableFixAssociates() throws {
        // A template cannot name a VPC's main route table (AWS::EC2::VPC has no attribute for
        // it), and a route there changes every subnet without an association: associating the
        // subnet with PrivateRouteTable, which already has the NAT route, is the fix.
        let result = try Binary.run(
            ["query", "--function", "OrdersFunction", "--to", "internet", "--template", "orders.yaml"] + Self.place,
            in: Self.folder("main-route-table-subnet-without-association"))
        #expect(result.status == 1, "\(result.stderr)")
        #expect(
            result.stdout.contains(
                "fix: aws ec2 associate-route-table --route-table-id 'PrivateRouteTable (orders.yaml:75)' --subnet-id 'PrivateSubnetB (orders.yaml:37)'"
            ), "\(result.stdout)")
        #expect(result.stdout.contains("# or a NAT route on the main table"), "\(result.stdout)")
    }

    @Test("a bad template: exit 2, the message names file, line and path")
    func badTemplate() throws {
        let result = try Binary.run(
            ["query", "--function", "X", "--to", "internet", "--template", "template.yaml"] + Self.place,
            in: Self.folder("error-yaml-unknown-tag"))
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains("template.yaml:54:"), "\(result.stderr)")
        #expect(result.stderr.contains("is not a CloudFormation short form"), "\(result.stderr)")
    }

    @Test("without --region and an inventory that says: exit 2 asking for --region; --parameter needs --template")
    func placeAndArguments() throws {
        let folder = Self.folder("corpus-vpc-private")
        let noRegion = try Binary.run(
            [
                "query", "--function", "OrdersFunction", "--to", "internet", "--template", "app.yaml", "--account",
                "123456789012",
            ], in: folder)
        #expect(noRegion.status == 2)
        #expect(noRegion.stderr.contains("--region"), "\(noRegion.stderr)")
        let fromEnvironment = try Binary.run(
            [
                "query", "--function", "ReaderFunction", "--to", "s3", "--template",
                "vpc-private.yaml", "--template", "app.yaml", "--account", "123456789012",
            ],
            in: folder, environment: ["AWS_REGION": "us-east-1"])
        #expect(fromEnvironment.status == 0, "\(fromEnvironment.stderr)")
        let unknown = try Binary.run(
            ["query", "--function", "Reader", "--to", "s3", "--template", "vpc-private.yaml", "--template", "app.yaml"]
                + Self.place, in: folder)
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("The templates plan: ReaderFunction."), "\(unknown.stderr)")
        let stray = try Binary.run(["query", "--function", "f", "--to", "internet", "--parameter", "A=b"], in: folder)
        #expect(stray.status == 64)
        #expect(stray.stderr.contains("--parameter goes with --template"), "\(stray.stderr)")
    }

    @Test("--parameters: the create-stack JSON and the KEY=VALUE form give the same answer; --parameter wins")
    func parameterFiles() throws {
        let folder = Self.folder("conditions-prod-gets-nat-route")
        let expected = try TemplateScenario(name: "conditions-prod-gets-nat-route", directory: folder).expected()
        let query = try #require(expected.queries?.first)
        let scratch = try scratchDirectory("parameter-files")
        var pairs = expected.parameters ?? []
        if let file = expected.parametersFile {
            pairs += try TemplateParameters.load(folder.appendingPathComponent(file).path).map {
                "\($0.key)=\($0.value)"
            }
        }
        let json =
            "["
            + pairs.map { pair -> String in
                let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
                return "{\"ParameterKey\": \"\(parts[0])\", \"ParameterValue\": \"\(parts.count > 1 ? parts[1] : "")\"}"
            }.joined(separator: ",") + "]"
        let jsonFile = scratch.appendingPathComponent("parameters.json")
        try json.write(to: jsonFile, atomically: true, encoding: .utf8)
        let pairFile = scratch.appendingPathComponent("overrides.txt")
        try pairs.joined(separator: " ").write(to: pairFile, atomically: true, encoding: .utf8)
        let base =
            ["query", "--function", query.function, "--to", query.target, "--format", "json"]
            + expected.templates.flatMap { ["--template", $0] } + Self.place
        var verdicts: [String] = []
        for file in [jsonFile, pairFile] {
            let result = try Binary.run(base + ["--parameters", file.path], in: folder)
            let answer = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
            verdicts.append(answer?["verdict"] as? String ?? result.stderr)
        }
        #expect(verdicts == [query.verdict, query.verdict])
        // The command line's value wins over the file's: EnvType=dev drops the NAT route.
        let overridden = try Binary.run(
            base + ["--parameters", jsonFile.path, "--parameter", "EnvType=dev"], in: folder)
        let answer = try JSONSerialization.jsonObject(with: Data(overridden.stdout.utf8)) as? [String: Any]
        #expect(answer?["verdict"] as? String != query.verdict, "\(overridden.stdout)\(overridden.stderr)")
    }

    @Test("the inventory file is not changed by --template; today's verdict is said beside the new one")
    func inventoryUntouched() throws {
        let folder = Self.folder("deployed-stack-nat-route-removed")
        let db = try scratchDirectory("untouched").appendingPathComponent("inventory.sqlite").path
        let imported = try Binary.run(["import", "--db", db, "inventory"], in: folder)
        #expect(imported.status == 0, "\(imported.stderr)")
        let before = try Data(contentsOf: URL(fileURLWithPath: db))
        let today = try Binary.run(["query", "--db", db, "--function", "orders-api", "--to", "internet"], in: folder)
        #expect(today.status == 0, "\(today.stdout)")
        let after = try Binary.run(
            ["why", "orders-api", "--to", "internet", "--db", db, "--template", "orders-network.yaml"], in: folder)
        #expect(after.status == 1, "\(after.stdout)\(after.stderr)")
        #expect(
            after.stdout.contains(
                "Today (the inventory alone): REACHABLE; after the change: UNREACHABLE"))
        #expect(after.stdout.contains("PrivateDefaultRoute (AWS::EC2::Route, rtb-0a1b2c3d4e5f60023|0.0.0.0/0)"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: db)) == before, "the inventory file changed")
        // diff with the template: the regression's SARIF result sits at the route table's line.
        let diff = try Binary.run(
            ["diff", db, db, "--template", "orders-network.yaml", "--targets", "internet", "--format", "sarif"],
            in: folder)
        #expect(diff.status == 1, "\(diff.stderr)")
        let log = try #require(try JSONSerialization.jsonObject(with: Data(diff.stdout.utf8)) as? [String: Any])
        let results = ((log["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]]) ?? []
        let template = try String(contentsOf: folder.appendingPathComponent("orders-network.yaml"), encoding: .utf8)
        let tableLine =
            (template.split(separator: "\n", omittingEmptySubsequences: false).firstIndex {
                $0.hasPrefix("  PrivateRouteTable:")
            }
                ?? -1) + 1
        #expect(!results.isEmpty)
        for result in results {
            let physical = (result["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any]
            #expect((physical?["artifactLocation"] as? [String: Any])?["uri"] as? String == "orders-network.yaml")
            #expect((physical?["region"] as? [String: Any])?["startLine"] as? Int == tableLine, "\(result)")
        }
    }

    @Test("audit --template --format sarif: results point at the template line of what blocks")
    func sarif() throws {
        let folder = Self.folder("sam-globals-vpcconfig-lists-are-additive")
        let result = try Binary.run(
            ["audit", "--template", "template.yaml", "--targets", "internet", "--format", "sarif"] + Self.place,
            in: folder)
        #expect(result.status == 1, "\(result.stderr)")
        // What the templates leave out is said once, beside the report.
        let cdk = try Binary.run(
            ["audit", "--template", "cdk.out", "--targets", "internet", "--format", "json"],
            in: Self.folder("cdk-vpc-function-nested-database"))
        #expect(
            cdk.stderr.contains(
                "lambda-reach: note: Not analysed (no effect on the network model): AWS::CDK::Metadata (1)"),
            "\(cdk.stderr)")
        let log = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let results = try #require(((log["runs"] as? [[String: Any]])?.first?["results"]) as? [[String: Any]])
        let located = results.compactMap { result -> (String, Int, String)? in
            guard let location = (result["locations"] as? [[String: Any]])?.first,
                let physical = location["physicalLocation"] as? [String: Any],
                let uri = (physical["artifactLocation"] as? [String: Any])?["uri"] as? String,
                let line = (physical["region"] as? [String: Any])?["startLine"] as? Int
            else { return nil }
            return (uri, line, result["ruleId"] as? String ?? "")
        }
        #expect(!located.isEmpty)
        #expect(located.allSatisfy { $0.0 == "template.yaml" }, "\(located)")
        let template = try String(contentsOf: folder.appendingPathComponent("template.yaml"), encoding: .utf8)
        let lines = template.split(separator: "\n", omittingEmptySubsequences: false)
        // Each result's line is the declaration of the component it is about (a logical ID, or
        // a function's VpcConfig), not the top of the file.
        for (_, line, rule) in located {
            let text = lines[line - 1].trimmingCharacters(in: .whitespaces)
            #expect(text.hasSuffix(":"), "\(rule) at line \(line): \(text)")
        }
    }
}

@Suite("--stack-name")
struct StackNameOptionTests {
    @Test("--stack-name NAME goes to the --template files in order, TEMPLATE=NAME to one; a bad name is refused")
    func option() throws {
        let folder = TemplateCommandTests.folder("copy-of-deployed-template-under-new-name-is-new-stack")
        let db = try scratchDirectory("stack-name").appendingPathComponent("inventory.sqlite").path
        let imported = try Binary.run(["import", "--db", db, "inventory"], in: folder)
        #expect(imported.status == 0, "\(imported.stderr)")
        // Without it, the copy is a new stack and the NAT gateway of network-prod stays.
        let asNew = try Binary.run(
            ["query", "--function", "orders", "--to", "internet", "--db", db, "--template", "network-staging.yaml"],
            in: folder)
        #expect(asNew.status == 0, "\(asNew.stdout)\(asNew.stderr)")
        for given in ["network-prod", "network-staging.yaml=network-prod"] {
            let update = try Binary.run(
                [
                    "why", "orders", "--to", "internet", "--db", db, "--template", "network-staging.yaml",
                    "--stack-name", given,
                ], in: folder)
            #expect(update.status == 1, "\(given): \(update.stdout)\(update.stderr)")
            #expect(update.stdout.contains("is the deployed stack network-prod"), "\(update.stdout)")
        }
        for (bad, message) in [
            ("9lives", "a stack name starts with a letter"),
            ("other.yaml=network-prod", "is not one of the --template"),
        ] {
            let refused = try Binary.run(
                [
                    "query", "--function", "orders", "--to", "internet", "--db", db, "--template",
                    "network-staging.yaml", "--stack-name", bad,
                ], in: folder)
            #expect(refused.status == 64, "\(bad): \(refused.stderr)")
            #expect(refused.stderr.contains(message), "\(refused.stderr)")
        }
        let twoNames = try Binary.run(
            [
                "query", "--function", "orders", "--to", "internet", "--db", db, "--template", "network-staging.yaml",
                "--stack-name", "a", "--stack-name", "b",
            ], in: folder)
        #expect(twoNames.status == 64)
        #expect(twoNames.stderr.contains("more stack names than --template files"), "\(twoNames.stderr)")
    }

    @Test("audit --function takes a planned function's logical ID, whose name CloudFormation generates")
    func auditByLogicalID() throws {
        let folder = TemplateCommandTests.folder("new-stack-function-without-functionname-leaves-live-function")
        let db = try scratchDirectory("audit-logical-id").appendingPathComponent("inventory.sqlite").path
        #expect(try Binary.run(["import", "--db", db, "inventory"], in: folder).status == 0)
        let result = try Binary.run(
            [
                "audit", "--db", db, "--template", "reports.yaml", "--function", "orders", "--targets", "internet",
                "--format", "json",
            ], in: folder)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let text = String(decoding: try JSONSerialization.data(withJSONObject: json), as: UTF8.self)
        // The planned function only, not the live orders (asked for by its ARN).
        #expect(text.contains("reports-orders-(generated)"), "\(result.stdout.prefix(2000))\(result.stderr)")
        #expect(!text.contains("function:orders\""), "\(result.stdout.prefix(2000))")
    }
}
