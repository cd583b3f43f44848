import Foundation
import Testing

@testable import ReachCollect

/// What collect takes from outside (the account ID an endpoint answers, region names from the
/// environment or a profile, the --out path, a profile's name) is checked before it becomes a
/// path or a shell command. These run a fake `aws` (a shell script first on PATH) that answers
/// what a hostile or broken endpoint could: no network at all.
@Suite("collect: what it trusts, where it writes, what it tells you to run", .serialized)
struct CollectSafetyTests {
    static var binary: URL { Toolbox.lambdaReachURL }

    /// A fake `aws`: `--version` answers like CLI v2, `sts get-caller-identity` prints
    /// $FAKE_AWS_IDENTITY (or fails as without credentials when $FAKE_AWS_NO_CREDENTIALS is
    /// set), `configure get region` prints $FAKE_AWS_REGION, and every other call prints an
    /// empty object. Every call is logged to $FAKE_AWS_LOG.
    static let fakeAWS = """
        #!/bin/sh
        echo "$*" >> "$FAKE_AWS_LOG"
        case "$*" in
          *--version*) echo "aws-cli/2.15.0 Python/3.11.6 Linux/6.1 exe/x86_64" ;;
          *"sts get-caller-identity"*)
            if [ -n "$FAKE_AWS_NO_CREDENTIALS" ]; then
              echo "Unable to locate credentials. You can configure credentials by running \\"aws configure\\"." >&2
              exit 253
            fi
            printf '%s' "$FAKE_AWS_IDENTITY" ;;
          *"configure get region"*) printf '%s\\n' "$FAKE_AWS_REGION" ;;
          *) echo '{}' ;;
        esac
        """

    struct Setup {
        var scratch: Scratch
        var out: URL
        var log: URL
        var environment: [String: String]
    }

    /// A scratch folder with the fake aws first on PATH; --out three levels down, so that a
    /// path climbing out of it (`../../x`) still lands inside the scratch folder.
    func setUp(
        _ name: String, identity: String = #"{"Account": "123456789012", "Arn": "arn:aws:iam::123456789012:user/t"}"#
    )
        throws -> Setup
    {
        let scratch = try Scratch(name)
        let bin = scratch.root.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let aws = bin.appendingPathComponent("aws")
        try Self.fakeAWS.write(to: aws, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: aws.path)
        let log = scratch.root.appendingPathComponent("aws.log")
        var environment = scratch.environment(extra: [
            "FAKE_AWS_LOG": log.path, "FAKE_AWS_IDENTITY": identity, "FAKE_AWS_REGION": "",
        ])
        environment["PATH"] = bin.path + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        let out = scratch.root.appendingPathComponent("a/b/exports")
        return Setup(scratch: scratch, out: out, log: log, environment: environment)
    }

    func collect(_ setup: Setup, _ extra: [String] = []) throws -> CommandResult {
        try Command.run(
            Self.binary, ["collect", "--out", setup.out.path] + extra, environment: setup.environment, timeout: 120)
    }

    /// Every file under `folder`, relative to it.
    func files(under folder: URL) -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: folder.path)
        return (enumerator?.allObjects as? [String] ?? []).sorted()
    }

    @Test("--out naming a file: a clear message before any call, not NSCocoaErrorDomain error 512")
    func outIsAFile() throws {
        let setup = try setUp("out-file")
        defer { setup.scratch.remove() }
        try FileManager.default.createDirectory(
            at: setup.out.deletingLastPathComponent(), withIntermediateDirectories: true)
        try "not a folder".write(to: setup.out, atomically: true, encoding: .utf8)
        let result = try collect(setup, ["--region", "us-east-1"])
        #expect(result.status == 2, "\(result.transcript)")
        #expect(result.stderr.contains("it is a file, not a folder"), "\(result.transcript)")
        #expect(!result.stderr.contains("NSCocoaErrorDomain"), "\(result.transcript)")
        #expect(try String(contentsOf: setup.out, encoding: .utf8) == "not a folder")

        // Under a file: the same, said of the path.
        let below = try Command.run(
            Self.binary, ["collect", "--out", setup.out.appendingPathComponent("x").path, "--region", "us-east-1"],
            environment: setup.environment, timeout: 120)
        #expect(below.status == 2, "\(below.transcript)")
        #expect(below.stderr.contains("is a file, not a folder"), "\(below.transcript)")
    }

    @Test("an account ID of ../../x from sts is refused: nothing written or cleaned up outside --out")
    func accountClimbingOut() throws {
        let setup = try setUp("account", identity: #"{"Account": "../../x", "Arn": "arn:aws:iam::1:user/t"}"#)
        defer { setup.scratch.remove() }
        // Where ../../x leads from --out: a folder with a JSON file collect would clean up.
        let target = setup.scratch.root.appendingPathComponent("a/x/us-east-1")
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
        try "{}".write(to: target.appendingPathComponent("ec2-describe-vpcs.json"), atomically: true, encoding: .utf8)
        let result = try collect(setup, ["--region", "us-east-1"])
        #expect(result.status == 2, "\(result.transcript)")
        #expect(result.stderr.contains("'../../x', which is not 12 digits"), "\(result.transcript)")
        #expect(FileManager.default.fileExists(atPath: target.appendingPathComponent("ec2-describe-vpcs.json").path))
        #expect(
            files(under: setup.scratch.root.appendingPathComponent("a/x")) == [
                "us-east-1", "us-east-1/ec2-describe-vpcs.json",
            ])
        #expect(files(under: setup.out).isEmpty)
        let calls = try String(contentsOf: setup.log, encoding: .utf8)
        #expect(!calls.contains("describe-"), "no describe call is made: \(calls)")
    }

    @Test(
        "a region that is not one, from the environment or the profile, is refused before it names a folder",
        arguments: [
            ("AWS_DEFAULT_REGION", "../../escape"), ("AWS_REGION", "us-east-1/../../x"), ("profile", "../x"),
        ])
    func badRegion(source: String, region: String) throws {
        let setup = try setUp("region")
        defer { setup.scratch.remove() }
        var environment = setup.environment
        environment["AWS_DEFAULT_REGION"] = nil
        if source == "profile" { environment["FAKE_AWS_REGION"] = region } else { environment[source] = region }
        let result = try Command.run(
            Self.binary, ["collect", "--out", setup.out.path], environment: environment, timeout: 120)
        #expect(result.status == 2, "\(source): \(result.transcript)")
        #expect(result.stderr.contains("is not an AWS region name"), "\(source): \(result.transcript)")
        #expect(
            result.stderr.contains(source == "profile" ? "region setting" : source), "\(source): \(result.transcript)")
        #expect(files(under: setup.scratch.root.appendingPathComponent("a")).isEmpty, "nothing is written")
    }

    @Test("a symbolic link in --out that leads outside it is refused, and what it leads to is left alone")
    func symlinkOut() throws {
        let setup = try setUp("symlink")
        defer { setup.scratch.remove() }
        let outside = setup.scratch.root.appendingPathComponent("outside")
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        try "{}".write(to: outside.appendingPathComponent("ec2-describe-vpcs.json"), atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(at: setup.out, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            at: setup.out.appendingPathComponent("123456789012"), withDestinationURL: outside)
        let result = try collect(setup, ["--region", "us-east-1"])
        #expect(result.status == 2, "\(result.transcript)")
        #expect(result.stderr.contains("outside the --out folder"), "\(result.transcript)")
        #expect(files(under: outside) == ["ec2-describe-vpcs.json"], "nothing written, nothing removed")
    }

    @Test("a follow-up folder that is a link to elsewhere is not emptied of its JSON files")
    func symlinkedFollowUpFolder() throws {
        let setup = try setUp("symlink-follow-up")
        defer { setup.scratch.remove() }
        let outside = setup.scratch.root.appendingPathComponent("outside")
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        try "{}".write(to: outside.appendingPathComponent("keep.json"), atomically: true, encoding: .utf8)
        let region = setup.out.appendingPathComponent("123456789012/us-east-1")
        try FileManager.default.createDirectory(at: region, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            at: region.appendingPathComponent("ec2-describe-vpc-attribute"), withDestinationURL: outside)
        let result = try collect(setup, ["--region", "us-east-1"])
        #expect(result.status == 2, "\(result.transcript)")
        #expect(result.stderr.contains("outside the --out folder"), "\(result.transcript)")
        #expect(files(under: outside) == ["keep.json"])
    }

    @Test("a link inside --out to another place inside it is followed: collect runs")
    func symlinkInside() throws {
        let setup = try setUp("symlink-inside")
        defer { setup.scratch.remove() }
        let real = setup.out.appendingPathComponent("real-account-folder")
        try FileManager.default.createDirectory(at: real, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            at: setup.out.appendingPathComponent("123456789012"), withDestinationURL: real)
        let result = try collect(setup, ["--region", "us-east-1"])
        #expect(result.status == 0, "\(result.transcript)")
        #expect(files(under: real).contains("us-east-1/ec2-describe-vpcs.json"), "\(files(under: real))")
    }

    @Test("the profile's name is quoted for the shell in the advice")
    func profileQuoted() throws {
        let setup = try setUp("profile")
        defer { setup.scratch.remove() }
        var environment = setup.environment
        environment["FAKE_AWS_NO_CREDENTIALS"] = "1"
        let result = try Command.run(
            Self.binary, ["collect", "--out", setup.out.path, "--region", "us-east-1", "--profile", "prod; touch x"],
            environment: environment, timeout: 120)
        #expect(result.status == 2, "\(result.transcript)")
        #expect(result.stderr.contains("`aws configure --profile 'prod; touch x'`"), "\(result.transcript)")
        #expect(!result.stderr.contains("--profile prod; touch x"), "\(result.transcript)")
    }

    @Test("region and account shapes")
    func names() {
        for region in ["us-east-1", "eu-central-2", "us-gov-west-1", "us-isob-east-1", "cn-north-1", "ap-southeast-3"] {
            #expect(AWSNames.isRegion(region), "\(region)")
        }
        for region in [
            "", "us-east", "US-EAST-1", "../x", "us-east-1/..", "us_east_1", "u-east-1", "us--1", "us-east-1 ",
        ] {
            #expect(!AWSNames.isRegion(region), "\(region)")
        }
        #expect(AWSNames.isAccount("123456789012"))
        for account in ["../../x", "12345678901", "1234567890123", "12345678901a", "１２３４５６７８９０１２"] {
            #expect(!AWSNames.isAccount(account), "\(account)")
        }
    }

    @Test("a follow-up call's command line quotes IDs from data")
    func commandLineQuoted() {
        let call = CallCatalog.vpcAttributes(vpcId: "vpc-1; touch x", region: "us-east-1")[0]
        #expect(
            call.commandLine
                == "aws ec2 describe-vpc-attribute --vpc-id 'vpc-1; touch x' --attribute enableDnsSupport --region us-east-1"
        )
        #expect(!call.file.contains("/..") && call.file.hasPrefix("ec2-describe-vpc-attribute/"))
    }
}
