import Foundation
import TestSupport
import Testing

/// `collect --org` and `--profile` repeated against a moto organisation of three accounts: the
/// files land per account, a rerun skips the accounts it finished, `--refresh` collects again.
@Suite("collect: many accounts (moto organisation)", .serialized)
struct OrganisationCollectTests {
    /// What build_organisation.py made.
    struct Organisation: Decodable {
        var management: String
        var members: [String: String]
        var vpcs: [String: String]
        var credentials: [String: [String: String]]
    }

    @Test("--org, a rerun, --refresh, then --profile repeated; the folders import as one organisation")
    func organisation() throws {
        guard let tools = try requireTools() else { return }
        let scratch = try Scratch("organisation")
        defer { scratch.remove() }
        let server = try MotoServer.start(tools.motoServer, environment: scratch.environment(), log: scratch.motoLog)
        defer { server.stop() }
        let environment = scratch.environment(extra: ["MOTO_ENDPOINT": server.endpoint])
        let script = Bundle.module.resourceURL!.appendingPathComponent("Organisation/build_organisation.py")
        let built = try Command.run(tools.python, [script.path], environment: environment)
        #expect(built.status == 0, "\(built.transcript)")
        let organisation = try JSONDecoder().decode(Organisation.self, from: Data(built.stdout.utf8))
        let accounts = ([organisation.management] + organisation.members.values).sorted()

        func collect(_ arguments: [String], into folder: URL) throws -> CommandResult {
            try Command.run(
                tools.lambdaReach,
                [
                    "collect", "--out", folder.path, "--endpoint-url", server.endpoint, "--region", "us-east-1",
                    "--jobs", "8",
                ]
                    + arguments, environment: environment, timeout: 600)
        }
        let org = scratch.root.appendingPathComponent("org")
        let first = try collect(["--org", "--role-name", "OrganizationAccountAccessRole"], into: org)
        #expect(first.status == 0, "\(first.transcript)")
        #expect(first.stdout.contains("Collected 3 of 3 accounts"), "\(first.transcript)")
        // One folder per account, each with its own VPCs (the member's VPC in its own folder only).
        let folders = try FileManager.default.contentsOfDirectory(atPath: org.path).filter { !$0.hasPrefix(".") }
        #expect(folders.sorted() == accounts)
        for (name, account) in organisation.members {
            let vpcs = try String(
                contentsOf: org.appendingPathComponent("\(account)/us-east-1/ec2-describe-vpcs.json"), encoding: .utf8)
            #expect(vpcs.contains(organisation.vpcs[name]!), "\(account) lacks its VPC")
            for (otherName, other) in organisation.vpcs where otherName != name {
                #expect(!vpcs.contains(other), "\(account) lists another account's VPC \(other)")
            }
        }
        // The role's credentials went to the calls through their environment, never as arguments.
        #expect(!first.stderr.contains("SessionToken") && !first.stdout.contains("SessionToken"))

        // A rerun skips what is complete, and leaves the files as they were.
        let vpcFile = org.appendingPathComponent("\(accounts[0])/us-east-1/ec2-describe-vpcs.json")
        let before = try FileManager.default.attributesOfItem(atPath: vpcFile.path)[.modificationDate] as? Date
        let second = try collect(["--org", "--role-name", "OrganizationAccountAccessRole"], into: org)
        #expect(second.status == 0, "\(second.transcript)")
        #expect(second.stdout.contains("Collected 0 of 3 accounts"), "\(second.transcript)")
        #expect(second.stdout.contains("3 complete from an earlier run"), "\(second.transcript)")
        let after = try FileManager.default.attributesOfItem(atPath: vpcFile.path)[.modificationDate] as? Date
        #expect(before == after)
        let third = try collect(["--org", "--role-name", "OrganizationAccountAccessRole", "--refresh"], into: org)
        #expect(third.status == 0, "\(third.transcript)")
        #expect(third.stdout.contains("Collected 3 of 3 accounts"), "\(third.transcript)")

        // --profile repeated: one profile per member account.
        var config = ""
        var credentialsFile = ""
        for (name, credentials) in organisation.credentials.sorted(by: { $0.key < $1.key }) {
            config += "[profile \(name)]\nregion = us-east-1\n\n"
            credentialsFile +=
                "[\(name)]\naws_access_key_id = \(credentials["AccessKeyId"]!)\naws_secret_access_key = \(credentials["SecretAccessKey"]!)\naws_session_token = \(credentials["SessionToken"]!)\n\n"
        }
        try config.write(to: scratch.home.appendingPathComponent("aws-config"), atomically: true, encoding: .utf8)
        try credentialsFile.write(
            to: scratch.home.appendingPathComponent("aws-credentials"), atomically: true, encoding: .utf8)
        let profiles = scratch.root.appendingPathComponent("profiles")
        // A profile that does not exist is a warning that names what the analysis lacks; the
        // others are still collected.
        let byProfile = try collect(
            ["--profile", "network", "--profile", "workloads", "--profile", "nosuch"], into: profiles)
        #expect(byProfile.status == 0, "\(byProfile.transcript)")
        #expect(
            byProfile.stderr.contains("profile nosuch: nothing was collected")
                && byProfile.stderr.contains("are missing from the analysis"), "\(byProfile.transcript)")
        let profileFolders = try FileManager.default.contentsOfDirectory(atPath: profiles.path).filter {
            !$0.hasPrefix(".")
        }
        #expect(profileFolders.sorted() == organisation.members.values.sorted(), "\(byProfile.transcript)")

        // The organisation's folder imports as one inventory, an account per scope.
        let imported = try Command.run(
            tools.lambdaReach, ["import", "--db", scratch.database.path, org.path], environment: environment)
        #expect(imported.status == 0, "\(imported.transcript)")
        let inventory = try Command.run(
            tools.lambdaReach, ["inventory", "--db", scratch.database.path], environment: environment)
        for account in accounts { #expect(inventory.stdout.contains(account), "\(inventory.transcript)") }
    }

    @Test("--config-aggregator: one advanced query for the organisation, which imports as every account")
    func configAggregator() throws {
        let binary = Toolbox.lambdaReachURL
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            try ExternalTools.missing(
                "the built lambda-reach binary is not at \(binary.path): run `swift build --build-tests` first")
            return
        }
        let scratch = try Scratch("config-aggregator")
        defer { scratch.remove() }
        // An aggregator's results, as the aws CLI prints them (all pages joined), from the
        // organisation stories' Config fixtures.
        let results = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(
                "OrganisationTests/ConfigFixtures/shared-vpc-rds-in-other-participant/select-aggregate-resource-config.json"
            )
        // A stand-in for the aws CLI that answers the three calls collect makes, and records them.
        let bin = scratch.root.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let calls = scratch.root.appendingPathComponent("calls.log")
        let script = """
            #!/bin/sh
            echo "$*" >> '\(calls.path)'
            case "$*" in
              *--version*) echo "aws-cli/2.15.0 Python/3.11.7 Linux/6 exe/x86_64" ;;
              *"sts get-caller-identity"*) echo '{"UserId": "AIDA", "Account": "111111111111", "Arn": "arn:aws:iam::111111111111:user/audit"}' ;;
              *"configservice select-aggregate-resource-config"*) cat '\(results.path)' ;;
              *) echo "unexpected call: $*" >&2; exit 255 ;;
            esac
            """
        let aws = bin.appendingPathComponent("aws")
        try script.write(to: aws, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: aws.path)
        var environment = scratch.environment()
        environment["PATH"] = "\(bin.path):\(environment["PATH"] ?? "/usr/bin:/bin")"
        let out = scratch.root.appendingPathComponent("config")
        let collected = try Command.run(
            binary, ["collect", "--out", out.path, "--config-aggregator", "org", "--region", "us-east-1"],
            environment: environment)
        #expect(collected.status == 0, "\(collected.transcript)")
        #expect(collected.stdout.contains("of 3 accounts"), "\(collected.transcript)")
        let log = try String(contentsOf: calls, encoding: .utf8)
        #expect(log.contains("--configuration-aggregator-name org"), "\(log)")
        #expect(log.contains("SELECT resourceId, resourceName, resourceType, accountId, awsRegion"), "\(log)")
        // No per-account describe call.
        #expect(!log.contains("ec2 describe"), "\(log)")
        let file = out.appendingPathComponent("config/org/select-aggregate-resource-config.json")
        #expect(FileManager.default.fileExists(atPath: file.path))
        let imported = try Command.run(
            binary, ["import", "--db", scratch.database.path, out.path], environment: environment)
        #expect(imported.status == 0, "\(imported.transcript)")
        #expect(imported.stderr.contains("AWS Config does not record VPC DNS attributes"), "\(imported.transcript)")
        let answer = try Command.run(
            binary, ["query", "--db", scratch.database.path, "--function", "orders-api", "--to", "rds:orders-db"],
            environment: environment)
        #expect(answer.stdout.contains("REACHABLE"), "\(answer.transcript)")
    }
}
