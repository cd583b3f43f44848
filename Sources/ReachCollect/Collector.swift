import Foundation
import ReachCore
import ReachInventory

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// What to collect and how.
public struct CollectOptions: Sendable {
    /// The folder to write: DIR/ACCOUNT/REGION/*.json and DIR/ACCOUNT/global/*.json.
    public var outputDirectory: String
    /// Passed to every call as `--profile`.
    public var profile: String?
    /// The regions to collect; empty: the CLI's own default region (AWS_REGION,
    /// AWS_DEFAULT_REGION, or the profile's `region`).
    public var regions: [String]
    /// Passed to every call as `--endpoint-url` (an emulator such as moto, or a VPC endpoint).
    public var endpointURL: String?
    /// How many calls run at once.
    public var jobs: Int
    /// A call that has not finished after this many seconds is stopped and reported.
    public var callTimeout: TimeInterval
    /// The environment the AWS CLI runs with (and where `aws` is looked up on PATH).
    public var environment: [String: String]

    public init(
        outputDirectory: String, profile: String? = nil, regions: [String] = [], endpointURL: String? = nil,
        jobs: Int = 4,
        callTimeout: TimeInterval = 600, environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        self.outputDirectory = outputDirectory
        self.profile = profile
        self.regions = regions
        self.endpointURL = endpointURL
        self.jobs = jobs
        self.callTimeout = callTimeout
        self.environment = environment
    }
}

/// Why collect could not start (or wrote nothing): the CLI turns these into exit status 2.
public enum CollectError: Error, Sendable, CustomStringConvertible {
    case awsNotFound
    case awsNotRunnable(String, reason: String)
    case noCredentials(reason: String, profile: String?)
    case cannotConnect(reason: String, endpoint: String?)
    case identityFailed(reason: String)
    case noRegion(profile: String?)
    case cannotWrite(String, reason: String)
    /// A region name, from `source` (--region, AWS_REGION, AWS_DEFAULT_REGION or the
    /// profile), that is not one: it becomes a folder name and an argument of every call.
    case badRegion(String, source: String)
    /// An account ID from `aws sts get-caller-identity` that is not 12 digits: it becomes a
    /// folder name, and an endpoint could answer `../../x`.
    case badAccount(String)
    /// An output path that would leave the --out folder (through `..` or a symbolic link).
    case outsideOutput(String, root: String)

    public var description: String {
        switch self {
        case .awsNotFound:
            return """
                the AWS CLI (`aws`) is not on PATH. Install it (https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html, \
                or `pip install awscli`), configure credentials (`aws configure`, or `aws configure sso` and `aws sso login`), \
                then run lambda-reach collect again.
                """
        case .awsNotRunnable(let path, let reason):
            return
                "the AWS CLI at \(path) does not run (\(reason)); reinstall it (https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html)."
        case .noCredentials(let reason, let profile):
            let which = profile.map { "the profile '\($0)'" } ?? "the default credential chain"
            // Advice to paste into a shell: the profile's name as one word.
            let option = profile.map { " --profile \(Shell.quoted($0))" } ?? ""
            return """
                the AWS CLI has no usable credentials for \(which) (\(reason)). \
                Configure them with `aws configure\(option)`, or for IAM Identity Center \
                `aws configure sso\(option)` then `aws sso login\(option)`; or set AWS_PROFILE, or \
                AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN).
                """
        case .cannotConnect(let reason, let endpoint):
            return
                "the AWS CLI cannot reach \(endpoint ?? "AWS") (aws sts get-caller-identity: \(reason)); check the network\(endpoint == nil ? "" : " and --endpoint-url") and try again."
        case .identityFailed(let reason):
            return "aws sts get-caller-identity failed: \(reason)"
        case .noRegion(let profile):
            return """
                no region to collect: pass --region R (repeat it for several regions), or set a default with \
                `aws configure set region R\(profile.map { " --profile \(Shell.quoted($0))" } ?? "")` or AWS_DEFAULT_REGION.
                """
        case .cannotWrite(let path, let reason):
            return "cannot write to \(path): \(reason)"
        case .badRegion(let region, let source):
            return "'\(region)' (from \(source)) is not an AWS region name (e.g. us-east-1, eu-west-1, us-gov-west-1)"
        case .badAccount(let account):
            return
                "aws sts get-caller-identity printed the account ID '\(account)', which is not 12 digits: it is not used as a folder name, and nothing was collected (is --endpoint-url an AWS API?)"
        case .outsideOutput(let path, let root):
            return
                "refusing to write \(path): it is outside the --out folder \(root) (through '..' or a symbolic link); remove the link or choose another folder"
        }
    }
}

/// How one call went.
public struct CallResult: Sendable {
    public var call: AWSCall
    /// The file written, relative to the output folder (nil: the call failed).
    public var file: String?
    /// Records in the output (elements of its list; 1 for single-resource calls).
    public var count: Int?
    /// Why it failed (nil: it succeeded).
    public var failure: String?
    public var seconds: Double

    /// The warning for a failed call: the call, why, and what the analysis will lack.
    public var warning: String? {
        guard let failure else { return nil }
        return "\(call.scope): `\(call.commandLine)` failed (\(failure)): \(call.lacking)"
    }
}

/// Progress for a progress line: which call just finished, and how many are done.
public struct CollectProgress: Sendable {
    public var finished: Int
    /// The calls known so far (follow-up calls are added once the lists they depend on are in).
    public var known: Int
    public var result: CallResult
}

/// What a collection did.
public struct CollectSummary: Sendable {
    public var account: String
    public var callerArn: String?
    public var regions: [String]
    public var directory: String
    public var awsVersion: String
    public var results: [CallResult]
    public var seconds: Double

    public var failures: [CallResult] { results.filter { $0.failure != nil } }
    public var filesWritten: Int { results.filter { $0.file != nil }.count }

    /// Regions where every call failed (a region not enabled for the account, or credentials
    /// that may not use it), with the reason: one warning each instead of one per call.
    public var failedRegions: [(region: String, reason: String)] {
        regions.compactMap { region in
            let own = results.filter { $0.call.scope == region }
            guard !own.isEmpty, own.allSatisfy({ $0.failure != nil }), let first = own.first?.failure else {
                return nil
            }
            let others = Set(own.compactMap(\.failure)).count - 1
            return (region, others > 0 ? "\(first), and \(others) other reason\(others == 1 ? "" : "s")" : first)
        }
    }

    /// One warning per failed call, naming it and what the analysis will lack.
    public var warnings: [String] {
        let regions = failedRegions
        let whole = Set(regions.map(\.region))
        return regions.map {
            "\($0.region): every call failed (\($0.reason)): nothing was collected for \($0.region); is the region enabled for the account, and may these credentials use it?"
        } + failures.filter { !whole.contains($0.call.scope) }.compactMap(\.warning)
    }

    /// What the analysis lacks, one line per failed call (or region).
    public var lacking: [String] {
        let regions = failedRegions
        let whole = Set(regions.map(\.region))
        return regions.map { "\($0.region): everything (no data for the region)" }
            + failures.filter { !whole.contains($0.call.scope) }.map { "\($0.call.scope): \($0.call.lacking)" }
    }
}

/// The collect stage: runs the AWS CLI for every call the importer understands and writes one
/// file per call and region in the layout `lambda-reach import` reads as is:
///
///     DIR/ACCOUNT/REGION/ec2-describe-vpcs.json ...
///     DIR/ACCOUNT/REGION/ec2-describe-vpc-attribute/VPC-enable-dns-support.json ...
///     DIR/ACCOUNT/REGION/ec2-get-managed-prefix-list-entries/PL.json ...
///     DIR/ACCOUNT/REGION/lambda-get-function-configuration/NAME.json ...
///     DIR/ACCOUNT/global/iam-get-account-authorization-details.json
public struct Collector: Sendable {
    public var options: CollectOptions
    public var progress: (@Sendable (CollectProgress) -> Void)?

    public init(options: CollectOptions, progress: (@Sendable (CollectProgress) -> Void)? = nil) {
        self.options = options
        self.progress = progress
    }

    public func run() throws -> CollectSummary {
        let started = Date()
        let cli = try AWSCLI.forCollect(options)
        let regions = try resolveRegions(cli)
        let (account, callerArn) = try identify(cli, region: regions[0])

        // Every folder and file is made inside --out, and checked to be there (the account and
        // regions are checked names, and no symbolic link may lead elsewhere).
        let output = try OutputFolder(options.outputDirectory)
        let root = output.root
        var folders: [String?: URL] = [nil: try output.folder([account, "global"])]
        for region in regions { folders[region] = try output.folder([account, region]) }
        try prepare(folders: folders, output: output)

        let runner = CallRunner(
            cli: cli, output: output, folders: folders, jobs: options.jobs, timeout: options.callTimeout,
            progress: progress
        )
        // 1. The lists: independent of each other.
        var first = [CallCatalog.global(region: regions[0])]
        for region in regions { first += CallCatalog.regional(region: region) }
        runner.expect(first.count)
        let listed = runner.run(first)
        // 2. The calls that need the lists: DNS attributes per VPC, entries of the prefix
        //    lists that routes and rules use, and the configuration (with State) of every
        //    VPC-attached function.
        var second: [AWSCall] = []
        for region in regions {
            let own = listed.filter { $0.call.region == region && $0.file != nil }
            func output(_ kind: DocumentKind) -> Any? {
                guard let result = own.first(where: { $0.call.operation == kind.call?.operation }),
                    let file = result.file
                else {
                    return nil
                }
                return try? JSONSerialization.jsonObject(with: Data(contentsOf: root.appendingPathComponent(file)))
            }
            for vpc in Extract.vpcIds(output(.vpcs)) {
                second += CallCatalog.vpcAttributes(vpcId: vpc, region: region)
                second.append(CallCatalog.hostedZonesByVPC(vpcId: vpc, region: region))
            }
            let lists = Extract.prefixListIds(
                routeTables: output(.routeTables), securityGroups: output(.securityGroups),
                rules: output(.securityGroupRules))
            for list in lists { second.append(CallCatalog.prefixListEntries(prefixListId: list, region: region)) }
            for table in Extract.transitGatewayRouteTableIds(output(.transitGatewayRouteTables)) {
                second += CallCatalog.transitGatewayRouteTable(table, region: region)
            }
            for stack in Extract.stackNames(output(.stacks)) {
                second.append(CallCatalog.stackResources(stackName: stack, region: region))
            }
            for proxy in Extract.dbProxyNames(output(.dbProxies)) {
                second.append(CallCatalog.dbProxyTargets(proxyName: proxy, region: region))
            }
            for function in Extract.vpcFunctions(output(.functions)) {
                second.append(CallCatalog.functionConfiguration(name: function.name, arn: function.arn, region: region))
            }
        }
        runner.expect(second.count)
        let followed = runner.run(second)
        // 3. The records of the private hosted zones the VPCs resolve names in, once per zone.
        var third: [AWSCall] = []
        var zones = Set<String>()
        for result in followed where result.call.operation == DocumentKind.hostedZonesByVPC.call?.operation {
            guard let file = result.file, let region = result.call.region,
                let object = try? JSONSerialization.jsonObject(
                    with: Data(contentsOf: root.appendingPathComponent(file)))
            else { continue }
            for zone in Extract.hostedZoneIds(object) where zones.insert(zone).inserted {
                third.append(CallCatalog.recordSets(hostedZoneId: zone, region: region))
            }
        }
        runner.expect(third.count)
        let records = runner.run(third)
        return CollectSummary(
            account: account, callerArn: callerArn, regions: regions, directory: options.outputDirectory,
            awsVersion: cli.versionText, results: listed + followed + records,
            seconds: Date().timeIntervalSince(started))
    }

    /// --region, else the region the CLI would use by itself. Each is checked to be a region
    /// name wherever it comes from: it names a folder and goes into every call.
    func resolveRegions(_ cli: AWSCLI) throws -> [String] {
        var seen = Set<String>()
        let given = options.regions.map { $0.trimmingCharacters(in: .whitespaces) }.filter {
            !$0.isEmpty && seen.insert($0).inserted
        }
        for region in given where !AWSNames.isRegion(region) {
            throw CollectError.badRegion(region, source: "--region")
        }
        if !given.isEmpty { return given }
        for name in ["AWS_REGION", "AWS_DEFAULT_REGION"] {
            if let region = options.environment[name]?.trimmingCharacters(in: .whitespaces), !region.isEmpty {
                guard AWSNames.isRegion(region) else { throw CollectError.badRegion(region, source: name) }
                return [region]
            }
        }
        var arguments = ["configure", "get", "region"]
        if let profile = options.profile { arguments += ["--profile", profile] }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent(
            "lambda-reach-collect-\(UUID().uuidString).region")
        defer { try? FileManager.default.removeItem(at: file) }
        let outcome = try AWSCLI.run(
            executable: cli.executable, arguments: arguments, environment: cli.environment, output: file, timeout: 60)
        let region = String(decoding: (try? Data(contentsOf: file)) ?? Data(), as: UTF8.self).trimmingCharacters(
            in: .whitespacesAndNewlines)
        if !outcome.succeeded && outcome.standardError.contains("could not be found") {
            // `--profile NAME` for a profile that does not exist.
            throw CollectError.noCredentials(
                reason: "aws configure get region: \(FailureReason.summarize(outcome, timeout: 60))",
                profile: options.profile)
        }
        guard outcome.succeeded, !region.isEmpty else { throw CollectError.noRegion(profile: options.profile) }
        guard AWSNames.isRegion(region) else {
            let profile = options.profile.map { "the profile '\($0)'" } ?? "the default profile"
            throw CollectError.badRegion(region, source: "\(profile)'s region setting")
        }
        return [region]
    }

    /// The account the credentials belong to; fails early when there are none.
    func identify(_ cli: AWSCLI, region: String) throws -> (account: String, arn: String?) {
        let (outcome, data) = try cli.capture(
            service: "sts", operation: "get-caller-identity", arguments: [], region: region)
        guard outcome.succeeded else {
            let reason = FailureReason.summarize(outcome, timeout: options.callTimeout)
            let text = outcome.standardError
            let credentialSigns = [
                "Unable to locate credentials", "NoCredentialsError", "could not be found", "InvalidClientTokenId",
                "ExpiredToken", "SignatureDoesNotMatch", "The SSO session", "Token has expired", "sso login",
                "UnrecognizedClientException", "InvalidAccessKeyId", "AccessDenied", "Error loading SSO Token",
                "partial credentials",
            ]
            if credentialSigns.contains(where: { text.contains($0) }) {
                throw CollectError.noCredentials(
                    reason: "aws sts get-caller-identity: \(reason)", profile: options.profile)
            }
            if text.contains("Could not connect to the endpoint URL") || text.contains("Connect timeout")
                || text.contains("Connection was closed") || outcome.timedOut
            {
                throw CollectError.cannotConnect(reason: reason, endpoint: options.endpointURL)
            }
            throw CollectError.identityFailed(reason: reason)
        }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let account = object["Account"] as? String, !account.isEmpty
        else {
            throw CollectError.identityFailed(
                reason: "it printed no Account: \(String(decoding: data.prefix(200), as: UTF8.self))")
        }
        guard AWSNames.isAccount(account) else { throw CollectError.badAccount(String(account.prefix(100))) }
        return (account, object["Arn"] as? String)
    }

    /// Removes what an earlier collect wrote in the folders (made by `OutputFolder`, inside
    /// --out), so that a call that fails this time leaves no stale file behind for the
    /// importer. A follow-up subfolder is emptied only once it is known to be inside --out.
    func prepare(folders: [String?: URL], output: OutputFolder) throws {
        let manager = FileManager.default
        var owned = Set(CallCatalog.regional(region: "r").map(\.file))
        owned.insert(CallCatalog.global(region: "r").file)
        for folder in folders.values {
            for name in owned { try? manager.removeItem(at: folder.appendingPathComponent(name)) }
            // Left behind by a collect that was stopped half-way.
            for name in (try? manager.contentsOfDirectory(atPath: folder.path)) ?? [] where name.hasSuffix(".partial") {
                try? manager.removeItem(at: folder.appendingPathComponent(name))
            }
            for subfolder in CallCatalog.followUpFolders {
                let directory = folder.appendingPathComponent(subfolder)
                try output.checkInside(directory)
                for name in (try? manager.contentsOfDirectory(atPath: directory.path)) ?? []
                where name.hasSuffix(".json") || name.hasSuffix(".partial") {
                    try? manager.removeItem(at: directory.appendingPathComponent(name))
                }
            }
            guard manager.isWritableFile(atPath: folder.path) else {
                throw CollectError.cannotWrite(folder.path, reason: "the folder is not writable")
            }
        }
    }
}

/// Runs calls on a few threads and writes their outputs.
final class CallRunner: @unchecked Sendable {
    let cli: AWSCLI
    let output: OutputFolder
    var root: URL { output.root }
    let folders: [String?: URL]
    let jobs: Int
    let timeout: TimeInterval
    let progress: (@Sendable (CollectProgress) -> Void)?
    private let lock = NSLock()
    private var finished = 0
    private var known = 0

    init(
        cli: AWSCLI, output: OutputFolder, folders: [String?: URL], jobs: Int, timeout: TimeInterval,
        progress: (@Sendable (CollectProgress) -> Void)?
    ) {
        self.cli = cli
        self.output = output
        self.folders = folders
        self.jobs = max(1, jobs)
        self.timeout = timeout
        self.progress = progress
    }

    func expect(_ count: Int) {
        lock.lock()
        known += count
        lock.unlock()
    }

    /// Runs `calls` at most `jobs` at a time; the results come back in the calls' order.
    func run(_ calls: [AWSCall]) -> [CallResult] {
        Threads.map(calls.count, width: jobs) { [self] index in
            let result = perform(calls[index])
            report(result)
            return result
        }
    }

    private func report(_ result: CallResult) {
        lock.lock()
        finished += 1
        let event = CollectProgress(finished: finished, known: known, result: result)
        progress?(event)
        lock.unlock()
    }

    /// Runs one call into a temporary file, then renames it into place (or removes it).
    func perform(_ call: AWSCall) -> CallResult {
        let started = Date()
        let key: String? = call.service == "iam" ? nil : call.region
        let folder = folders[key] ?? root
        let destination = folder.appendingPathComponent(call.file)
        let relative = String(destination.path.dropFirst(root.path.count).drop { $0 == "/" })
        let partial = destination.deletingLastPathComponent().appendingPathComponent(
            ".\(destination.lastPathComponent).partial")
        func failed(_ reason: String) -> CallResult {
            try? FileManager.default.removeItem(at: partial)
            return CallResult(
                call: call, file: nil, count: nil, failure: reason, seconds: Date().timeIntervalSince(started))
        }
        do {
            // The folder is made inside --out (and checked to be there) before anything is written.
            _ = try output.folder(at: destination.deletingLastPathComponent())
            let outcome = try cli.run(
                service: call.service, operation: call.operation, arguments: call.arguments, region: call.region,
                output: partial)
            guard outcome.succeeded else { return failed(FailureReason.summarize(outcome, timeout: timeout)) }
            var data = try Data(contentsOf: partial)
            guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                return failed(data.isEmpty ? "it printed nothing" : "it printed something other than a JSON object")
            }
            if !call.addedKeys.isEmpty {
                // The output names no resource (a prefix list's entries, a TGW route table's
                // routes, a VPC's hosted zones): add the ID the importer needs.
                for added in call.addedKeys { data = Extract.adding(key: added.key, added.value, to: data) }
                try data.write(to: partial)
            }
            if FileManager.default.fileExists(atPath: destination.path) {
                try FileManager.default.removeItem(at: destination)
            }
            try FileManager.default.moveItem(at: partial, to: destination)
            let count = call.countKey.map { (object[$0] as? [Any])?.count ?? 0 } ?? 1
            return CallResult(
                call: call, file: relative, count: count, failure: nil, seconds: Date().timeIntervalSince(started))
        } catch let error as CollectError {
            return failed(error.description)
        } catch {
            return failed(OutputFolder.reason(error))
        }
    }

}

/// Work on threads of their own: each item runs an aws process and waits seconds for it, which
/// would hold Dispatch's few worker threads.
enum Threads {
    /// `(0..<count).map(body)` on at most `width` threads, the results in index order.
    static func map<T: Sendable>(_ count: Int, width: Int, _ body: @escaping @Sendable (Int) -> T) -> [T] {
        guard count > 0 else { return [] }
        let results = Slots<T>(count: count)
        let next = Counter()
        let group = DispatchGroup()
        for _ in 0..<min(max(1, width), count) {
            group.enter()
            let thread = Thread {
                while let index = next.take(below: count) { results.set(index, body(index)) }
                group.leave()
            }
            thread.start()
        }
        group.wait()
        return results.all
    }
}

/// Hands out 0, 1, 2, ... to several threads, each number once.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func take(below limit: Int) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard value < limit else { return nil }
        value += 1
        return value - 1
    }
}

/// One slot per item of a list worked on by several threads: each thread fills in its items'
/// results, which come back in the list's order.
final class Slots<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Value?]
    init(count: Int) { values = Array(repeating: nil, count: count) }
    func set(_ index: Int, _ value: Value) {
        lock.lock()
        values[index] = value
        lock.unlock()
    }
    var all: [Value] {
        lock.lock()
        defer { lock.unlock() }
        return values.compactMap { $0 }
    }
}

/// Reads the IDs that follow-up calls need out of the lists' outputs.
enum Extract {
    static func array(_ value: Any?, _ key: String) -> [[String: Any]] {
        ((value as? [String: Any])?[key] as? [Any])?.compactMap { $0 as? [String: Any] } ?? []
    }

    /// The hosted zones of a list-hosted-zones-by-vpc output (`/hostedzone/` prefixes removed).
    static func hostedZoneIds(_ output: Any?) -> [String] {
        array(output, "HostedZoneSummaries").compactMap { $0["HostedZoneId"] as? String }.map {
            $0.hasPrefix("/hostedzone/") ? String($0.dropFirst("/hostedzone/".count)) : $0
        }.filter(AWSNames.isSafeID)
    }

    /// The stacks describe-stacks lists (it leaves out deleted ones).
    static func stackNames(_ output: Any?) -> [String] {
        Array(Set(array(output, DocumentKind.stacks.key).compactMap { $0["StackName"] as? String })).sorted()
    }

    static func vpcIds(_ output: Any?) -> [String] {
        Array(Set(array(output, DocumentKind.vpcs.key).compactMap { $0["VpcId"] as? String })).sorted()
    }

    /// The prefix lists named by routes (DestinationPrefixListId) and security-group rules.
    static func prefixListIds(routeTables: Any?, securityGroups: Any?, rules: Any?) -> [String] {
        var ids = Set<String>()
        for table in array(routeTables, DocumentKind.routeTables.key) {
            for route in (table["Routes"] as? [Any] ?? []).compactMap({ $0 as? [String: Any] }) {
                if let id = route["DestinationPrefixListId"] as? String { ids.insert(id) }
            }
        }
        for group in array(securityGroups, DocumentKind.securityGroups.key) {
            for key in ["IpPermissions", "IpPermissionsEgress"] {
                for permission in (group[key] as? [Any] ?? []).compactMap({ $0 as? [String: Any] }) {
                    for list in (permission["PrefixListIds"] as? [Any] ?? []).compactMap({ $0 as? [String: Any] }) {
                        if let id = list["PrefixListId"] as? String { ids.insert(id) }
                    }
                }
            }
        }
        for rule in array(rules, DocumentKind.securityGroupRules.key) {
            if let id = rule["PrefixListId"] as? String { ids.insert(id) }
        }
        return ids.filter { !$0.isEmpty }.sorted()
    }

    /// The RDS proxies describe-db-proxies lists, by name, whose targets collect describes.
    static func dbProxyNames(_ output: Any?) -> [String] {
        Array(Set(array(output, DocumentKind.dbProxies.key).compactMap { $0["DBProxyName"] as? String })).filter(
            AWSNames.isSafeID
        ).sorted()
    }

    /// Functions with a VpcConfig that names subnets: the ones whose state matters.
    static func vpcFunctions(_ output: Any?) -> [(name: String, arn: String)] {
        array(output, DocumentKind.functions.key).compactMap { function in
            guard let name = function["FunctionName"] as? String, let arn = function["FunctionArn"] as? String,
                let subnets = (function["VpcConfig"] as? [String: Any])?["SubnetIds"] as? [Any], !subnets.isEmpty
            else { return nil }
            return (name, arn)
        }.sorted { $0.name < $1.name }
    }

    /// `{...}` -> `{"KEY": "value", ...}`, the rest byte for byte.
    static func adding(key: String, _ id: String, to data: Data) -> Data {
        let text = String(decoding: data, as: UTF8.self)
        guard let brace = text.firstIndex(of: "{") else { return data }
        let escaped = id.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        let rest = text[text.index(after: brace)...]
        let separator = rest.trimmingCharacters(in: .whitespacesAndNewlines).hasPrefix("}") ? "" : ","
        return Data((String(text[...brace]) + "\n    \"\(key)\": \"\(escaped)\"\(separator)" + rest).utf8)
    }

    /// The TGW route tables of describe-transit-gateway-route-tables that are not deleted.
    static func transitGatewayRouteTableIds(_ output: Any?) -> [String] {
        array(output, DocumentKind.transitGatewayRouteTables.key).filter {
            !["deleted", "deleting"].contains($0["State"] as? String ?? "")
        }.compactMap { $0["TransitGatewayRouteTableId"] as? String }.sorted()
    }
}
