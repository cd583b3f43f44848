import Foundation
import TestSupport
import Testing

@testable import ReachCollect

/// `collect` when things go wrong: no aws CLI, no credentials, no region, calls that fail.
@Suite("collect: errors and warnings")
struct CollectCommandTests {
    static var binary: URL { Toolbox.lambdaReachURL }

    func requireBinary() -> Bool {
        if FileManager.default.isExecutableFile(atPath: Self.binary.path) { return true }
        Issue.record(
            "the built lambda-reach binary is not at \(Self.binary.path): run `swift build --build-tests` first")
        return false
    }

    @Test("no aws CLI on PATH: exit status 2 and what to install")
    func noAWSCLI() throws {
        guard requireBinary() else { return }
        let scratch = try Scratch("no-aws")
        defer { scratch.remove() }
        let empty = scratch.root.appendingPathComponent("empty-bin")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let result = try Command.run(
            Self.binary, ["collect", "--out", scratch.exports.path, "--region", "us-east-1"],
            environment: scratch.environment(extra: ["PATH": empty.path]), timeout: 60)
        #expect(result.status == 2, "\(result.transcript)")
        #expect(result.stderr.contains("not on PATH"), "\(result.transcript)")
        #expect(result.stderr.contains("Install it"), "\(result.transcript)")
        #expect(result.stderr.contains("aws configure"), "\(result.transcript)")
        #expect(!FileManager.default.fileExists(atPath: scratch.exports.path), "nothing is written")
    }

    @Test("no credentials: exit status 2 and how to configure them")
    func noCredentials() throws {
        guard requireBinary() else { return }
        guard ExternalTools.find("aws") != nil else {
            Issue.record("the aws CLI is not on PATH: run `pip install awscli` (or install AWS CLI v2)")
            return
        }
        let scratch = try Scratch("no-credentials")
        defer { scratch.remove() }
        var environment = scratch.environment()
        environment["AWS_ACCESS_KEY_ID"] = nil
        environment["AWS_SECRET_ACCESS_KEY"] = nil
        // A closed loopback port: nothing may leave the machine even if a credential were found.
        let result = try Command.run(
            Self.binary,
            [
                "collect", "--out", scratch.exports.path, "--region", "us-east-1", "--endpoint-url",
                "http://127.0.0.1:9",
            ],
            environment: environment, timeout: 120)
        #expect(result.status == 2, "\(result.transcript)")
        #expect(result.stderr.contains("no usable credentials"), "\(result.transcript)")
        #expect(result.stderr.contains("aws configure"), "\(result.transcript)")
        #expect(result.stderr.contains("aws sso login"), "\(result.transcript)")
    }

    @Test("no region anywhere: exit status 2 and how to give one")
    func noRegion() throws {
        guard requireBinary() else { return }
        guard ExternalTools.find("aws") != nil else {
            Issue.record("the aws CLI is not on PATH: run `pip install awscli` (or install AWS CLI v2)")
            return
        }
        let scratch = try Scratch("no-region")
        defer { scratch.remove() }
        var environment = scratch.environment()
        environment["AWS_DEFAULT_REGION"] = nil
        let result = try Command.run(
            Self.binary, ["collect", "--out", scratch.exports.path, "--endpoint-url", "http://127.0.0.1:9"],
            environment: environment, timeout: 120)
        #expect(result.status == 2, "\(result.transcript)")
        #expect(result.stderr.contains("no region"), "\(result.transcript)")
        #expect(result.stderr.contains("--region"), "\(result.transcript)")
    }

    @Test("a failing call is a warning that says what the analysis lacks; the rest still runs")
    func failingCalls() async throws {
        guard let tools = try requireTools() else { return }
        let denied = try await World.shared.state(tools).denied
        let collect = denied.collect
        #expect(collect.status == 0, "\(collect.transcript)")
        #expect(collect.stderr.contains("`aws iam get-account-authorization-details"), "\(collect.transcript)")
        #expect(collect.stderr.contains("AccessDenied"), "\(collect.transcript)")
        #expect(collect.stderr.contains("no IAM data: permission checks will be skipped"), "\(collect.transcript)")
        #expect(collect.stderr.contains("`aws rds describe-db-proxies"), "\(collect.transcript)")
        #expect(collect.stderr.contains("no RDS proxies"), "\(collect.transcript)")
        // A region where every call fails is one warning, not one per call.
        #expect(collect.stderr.contains("ap-south-1: every call failed (AuthFailure"), "\(collect.transcript)")
        #expect(!collect.stderr.contains("--region ap-south-1"), "\(collect.transcript)")
        #expect(collect.stdout.contains("ap-south-1: everything"), "\(collect.transcript)")
        // The 36 regional calls of ap-south-1, the IAM call, eu-west-1's describe-db-proxies and
        // the eight AWS RAM, VPC Block Public Access, proxy endpoint and capacity provider calls
        // moto does not implement (StoryTests).
        #expect(collect.stdout.contains("46 calls failed"), "\(collect.transcript)")
        #expect(
            denied.staleIAMFileRemoved, "an IAM file from an earlier run must not survive a run whose IAM call failed")
        #expect(denied.importing.status == 0, "\(denied.importing.transcript)")
        // The network data was still collected: the public-subnet trap is still found ...
        let internet = try? JSONDecoder().decode(AnswerJSON.self, from: Data(denied.internet.stdout.utf8))
        #expect(internet?.verdict == "unreachable", "\(denied.internet.transcript)")
        #expect(
            internet?.subnets.first?.blockers.map(\.code) == ["IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS"],
            "\(denied.internet.transcript)")
        // ... and the answers say what is missing.
        let logs = try? JSONDecoder().decode(AnswerJSON.self, from: Data(denied.logs.stdout.utf8))
        #expect(logs?.notes.contains { $0.contains("No IAM data was imported") } == true, "\(denied.logs.transcript)")
    }
}

/// The collector's own pieces, without moto.
@Suite("collect: calls and outputs")
struct CollectUnitTests {
    @Test("list-hosted-zones-by-vpc gains the VPC's ID and region, list-resource-record-sets its zone's ID")
    func route53Keys() throws {
        let zones = CallCatalog.hostedZonesByVPC(vpcId: "vpc-0a1", region: "eu-west-1")
        #expect(zones.arguments == ["--vpc-id", "vpc-0a1", "--vpc-region", "eu-west-1"])
        #expect(zones.addedKeys.map { "\($0.key)=\($0.value)" } == ["VPCId=vpc-0a1", "VPCRegion=eu-west-1"])
        #expect(zones.file == "route53-list-hosted-zones-by-vpc/vpc-0a1.json")
        let records = CallCatalog.recordSets(hostedZoneId: "Z0155203UL4V6R2VSKS0", region: "eu-west-1")
        #expect(records.arguments == ["--hosted-zone-id", "Z0155203UL4V6R2VSKS0"])
        #expect(records.addedKeys.map { "\($0.key)=\($0.value)" } == ["HostedZoneId=Z0155203UL4V6R2VSKS0"])
        // Both sides of AWS RAM, one file each.
        let ram = CallCatalog.regional(region: "eu-west-1").filter { $0.service == "ram" }.map {
            "\($0.operation) \($0.arguments.joined(separator: " ")) > \($0.file)"
        }
        #expect(
            ram == [
                "get-resource-shares --resource-owner SELF > ram-get-resource-shares-self.json",
                "get-resource-shares --resource-owner OTHER-ACCOUNTS > ram-get-resource-shares-other-accounts.json",
                "list-resources --resource-owner SELF > ram-list-resources-self.json",
                "list-resources --resource-owner OTHER-ACCOUNTS > ram-list-resources-other-accounts.json",
                "list-principals --resource-owner SELF > ram-list-principals.json",
            ])
        #expect(CallCatalog.iamActions.contains("route53:ListHostedZonesByVPC"))
        #expect(
            Extract.hostedZoneIds([
                "HostedZoneSummaries": [["HostedZoneId": "/hostedzone/Z1"], ["HostedZoneId": "../x"]]
            ]) == ["Z1"])
    }

    @Test("get-managed-prefix-list-entries output gains the PrefixListId the importer needs")
    func prefixListId() throws {
        // What collect adds to the call's output: the key the importer's table names for it.
        func adding(_ id: String, to output: Data) throws -> Data {
            let added = try #require(
                CallCatalog.prefixListEntries(prefixListId: id, region: "us-east-1").addedKeys.first)
            #expect(added.key == "PrefixListId" && added.value == id)
            return Extract.adding(key: added.key, added.value, to: output)
        }
        let output = Data(
            "{\n    \"Entries\": [\n        {\n            \"Cidr\": \"52.216.0.0/15\"\n        }\n    ]\n}\n".utf8)
        let added = try adding("pl-63a5400a", to: output)
        let object = try #require(try JSONSerialization.jsonObject(with: added) as? [String: Any])
        #expect(object["PrefixListId"] as? String == "pl-63a5400a")
        #expect((object["Entries"] as? [Any])?.count == 1)
        let empty = try adding("pl-1", to: Data("{\n    \"Entries\": []\n}\n".utf8))
        #expect((try JSONSerialization.jsonObject(with: empty) as? [String: Any])?["PrefixListId"] as? String == "pl-1")
        let bare = try adding("pl-2", to: Data("{}".utf8))
        #expect((try JSONSerialization.jsonObject(with: bare) as? [String: Any])?["PrefixListId"] as? String == "pl-2")
    }

    @Test("describe-db-proxy-targets is made per proxy, and its output gains the DBProxyName the importer needs")
    func proxyTargets() throws {
        let proxies: [String: Any] = [
            "DBProxies": [["DBProxyName": "orders-proxy"], ["DBProxyName": "api-proxy"], ["DBProxyName": "../x"]]
        ]
        #expect(Extract.dbProxyNames(proxies) == ["api-proxy", "orders-proxy"])
        let call = CallCatalog.dbProxyTargets(proxyName: "orders-proxy", region: "us-east-1")
        #expect(call.commandLine == "aws rds describe-db-proxy-targets --db-proxy-name orders-proxy --region us-east-1")
        #expect(call.file == "rds-describe-db-proxy-targets/orders-proxy.json")
        #expect(call.addedKeys.map { "\($0.key)=\($0.value)" } == ["DBProxyName=orders-proxy"])
        #expect(CallCatalog.iamActions.contains("rds:DescribeDBProxyTargets"))
        // What collect writes is what the importer reads: the targets, the proxy's by name.
        let output = Data(
            #"{"Targets": [{"RdsResourceId": "orders-pg", "Port": 5432, "Type": "RDS_INSTANCE", "TargetHealth": {"State": "AVAILABLE"}}]}"#
                .utf8)
        let written = Extract.adding(key: call.addedKeys[0].key, call.addedKeys[0].value, to: output)
        let object = try #require(try JSONSerialization.jsonObject(with: written) as? [String: Any])
        #expect(object["DBProxyName"] as? String == "orders-proxy")
        #expect((object["Targets"] as? [Any])?.count == 1)
    }

    @Test("follow-up calls come from the lists: prefix lists of routes and rules, VPC functions")
    func followUps() {
        let routeTables: [String: Any] = [
            "RouteTables": [
                [
                    "Routes": [
                        ["DestinationPrefixListId": "pl-s3", "GatewayId": "vpce-1"],
                        ["DestinationCidrBlock": "0.0.0.0/0"],
                    ]
                ]
            ]
        ]
        let groups: [String: Any] = [
            "SecurityGroups": [["IpPermissionsEgress": [["PrefixListIds": [["PrefixListId": "pl-ddb"]]]]]]
        ]
        let rules: [String: Any] = ["SecurityGroupRules": [["PrefixListId": "pl-custom"], ["CidrIpv4": "0.0.0.0/0"]]]
        #expect(
            Extract.prefixListIds(routeTables: routeTables, securityGroups: groups, rules: rules) == [
                "pl-custom", "pl-ddb", "pl-s3",
            ])
        let functions: [String: Any] = [
            "Functions": [
                ["FunctionName": "b", "FunctionArn": "arn:b", "VpcConfig": ["SubnetIds": ["subnet-1"]]],
                ["FunctionName": "a", "FunctionArn": "arn:a"],
                ["FunctionName": "c", "FunctionArn": "arn:c", "VpcConfig": ["SubnetIds": [], "VpcId": ""]],
            ]
        ]
        #expect(Extract.vpcFunctions(functions).map(\.name) == ["b"])
        #expect(Extract.vpcIds(["Vpcs": [["VpcId": "vpc-2"], ["VpcId": "vpc-1"]]]) == ["vpc-1", "vpc-2"])
    }

    @Test("a failure is shortened to the AWS error code and message")
    func failureReason() {
        let denied = AWSCLI.Outcome(
            status: 254, timedOut: false,
            standardError:
                "\nAn error occurred (AccessDenied) when calling the GetAccountAuthorizationDetails operation: User: x is not authorized\n"
        )
        #expect(FailureReason.summarize(denied, timeout: 10) == "AccessDenied: User: x is not authorized")
        #expect(FailureReason.isAccessDenied(FailureReason.summarize(denied, timeout: 10)))
        let other = AWSCLI.Outcome(
            status: 255, timedOut: false, standardError: "Could not connect to the endpoint URL: \"https://x\"\n")
        #expect(FailureReason.summarize(other, timeout: 10) == "Could not connect to the endpoint URL: \"https://x\"")
        #expect(
            FailureReason.summarize(AWSCLI.Outcome(status: 0, timedOut: true, standardError: ""), timeout: 10)
                == "no answer within 10 seconds")
    }

    @Test("every call the importer understands is made, each with its IAM action")
    func catalog() {
        let files = CallCatalog.regional(region: "us-east-1").map(\.file)
        #expect(Set(files).count == files.count)
        #expect(files.contains("ec2-describe-vpcs.json"))
        #expect(CallCatalog.global(region: "us-east-1").file == "iam-get-account-authorization-details.json")
        #expect(CallCatalog.iamActions.contains("rds:DescribeDBProxies"))
        #expect(CallCatalog.iamActions.contains("ec2:GetManagedPrefixListEntries"))
        #expect(CallCatalog.iamActions.contains("lambda:GetFunctionConfiguration"))
        #expect(CallCatalog.iamActions.contains("ec2:DescribeVpcAttribute"))
        #expect(
            CallCatalog.iamActions.allSatisfy {
                // Read-only: describe, get, list, and search (search-transit-gateway-routes).
                $0.range(of: #"^[a-z0-9]+:(Describe|Get|List|Search)[A-Za-z]+$"#, options: .regularExpression) != nil
            })
    }

    @Test(
        "deploy/lambda-reach-read-only-role.yaml's role allows exactly the calls collect makes; cfn-lint finds no error"
    )
    func stackSetTemplate() throws {
        let template = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("deploy/lambda-reach-read-only-role.yaml")
        let text = try String(contentsOf: template, encoding: .utf8)
        let actions = text.split(separator: "\n").compactMap { line -> String? in
            guard let match = line.wholeMatch(of: /\s+- ([a-z0-9]+:[A-Za-z]+)/) else { return nil }
            return String(match.1)
        }
        #expect(actions.sorted() == CallCatalog.iamActions.sorted())
        guard let lint = ExternalTools.find("cfn-lint") else {
            try ExternalTools.missing("cfn-lint is not on PATH: run `pip install cfn-lint` (CI installs it)")
            return
        }
        let result = try Command.run(lint, [template.path], timeout: 300)
        #expect(result.status == 0, "\(result.transcript)")
    }

    @Test("docs/collect.md's policy allows exactly the calls collect makes")
    func documentedPolicy() throws {
        let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/collect.md")
        let text = try String(contentsOf: docs, encoding: .utf8)
        let start = try #require(text.range(of: "```json\n"))
        let end = try #require(text.range(of: "```", range: start.upperBound..<text.endIndex))
        let policy = try #require(
            try JSONSerialization.jsonObject(with: Data(text[start.upperBound..<end.lowerBound].utf8)) as? [String: Any]
        )
        let statements = try #require(policy["Statement"] as? [[String: Any]])
        let actions = Set(statements.flatMap { ($0["Action"] as? [String]) ?? [] })
        #expect(actions == Set(CallCatalog.iamActions))
        for action in CallCatalog.iamActions {
            #expect(text.contains("`\(action)`"), "docs/collect.md does not list \(action)")
        }
    }
}
