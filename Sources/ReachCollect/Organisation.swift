import Foundation
import ReachCore
import ReachInventory

/// How to reach every account of a many-account collection.
public enum AccountsToCollect: Sendable, Hashable {
    /// One named profile per account (`--profile` repeated).
    case profiles([String])
    /// Every active account of the AWS Organization the base credentials can list, through a
    /// role of this name in each (`--org --role-name NAME`), assumed with `aws sts assume-role`.
    case organization(roleName: String)
}

/// What happened to one account of a many-account collection.
public struct AccountCollection: Sendable {
    /// The account, when it is known (a profile without credentials has none).
    public var account: String?
    /// How it was reached: `profile NAME` or the role's ARN.
    public var access: String
    /// The collection, when it ran.
    public var summary: CollectSummary?
    /// True when an earlier run had collected it completely (and `--refresh` was not given).
    public var skipped: Bool
    /// Why nothing was collected for it.
    public var failure: String?

    /// The warning for an account that could not be collected: what the analysis lacks.
    public var warning: String? {
        guard let failure else { return nil }
        let which = account.map { "account \($0)" } ?? access
        return
            "\(which): nothing was collected (\(failure)): its functions, and the network it owns, are missing from the analysis; a VPC it shares with other accounts will answer SHARED_SUBNET_OWNER_NOT_IMPORTED"
    }
}

/// What a many-account collection did.
public struct OrganisationSummary: Sendable {
    public var directory: String
    public var regions: [String]
    public var accounts: [AccountCollection]
    public var seconds: Double

    public var collected: [AccountCollection] { accounts.filter { $0.summary != nil } }
    public var warnings: [String] {
        accounts.compactMap(\.warning)
            + accounts.compactMap { entry in
                entry.summary.map { summary in summary.warnings.map { "account \(summary.account): \($0)" } }
            }.flatMap { $0 }
    }
}

/// The record a complete account collection leaves in its folder (`DIR/ACCOUNT/`), so that a
/// rerun skips it unless asked to refresh.
struct CompletionRecord: Codable {
    var regions: [String]
    var finishedAt: String
    var calls: Int
    var failedCalls: Int

    static let fileName = ".lambda-reach-collected.json"

    static func read(in folder: URL) -> CompletionRecord? {
        guard let data = try? Data(contentsOf: folder.appendingPathComponent(fileName)) else { return nil }
        return try? JSONDecoder().decode(CompletionRecord.self, from: data)
    }

    func write(in folder: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(self).write(to: folder.appendingPathComponent(Self.fileName), options: .atomic)
    }
}

/// Collects many accounts into one folder, `DIR/ACCOUNT/REGION/...` each, several at once.
/// Each account's calls get that account's credentials only: a profile of its own, or the
/// temporary credentials of the role assumed in it, passed in the calls' environment (never
/// as arguments, which other users of the machine can read).
public struct OrganisationCollector: Sendable {
    public var options: CollectOptions
    public var accounts: AccountsToCollect
    /// Collect accounts an earlier run finished, too.
    public var refresh: Bool
    public var progress: (@Sendable (String) -> Void)?

    public init(
        options: CollectOptions, accounts: AccountsToCollect, refresh: Bool = false,
        progress: (@Sendable (String) -> Void)? = nil
    ) {
        self.options = options
        self.accounts = accounts
        self.refresh = refresh
        self.progress = progress
    }

    /// One account to collect, and the options its collector runs with.
    struct Target: Sendable {
        var account: String?
        var access: String
        var options: CollectOptions?
        var failure: String?
    }

    public func run() throws -> OrganisationSummary {
        let started = Date()
        let base = try AWSCLI.forCollect(options)
        let regions = try Collector(options: options).resolveRegions(base)
        var settled = options
        settled.regions = regions
        let output = try OutputFolder(options.outputDirectory)

        let targets: [Target]
        switch accounts {
        case .profiles(let profiles):
            targets = profiles.map { profile in
                var own = settled
                own.profile = profile
                var cli = base
                cli.profile = profile
                do {
                    let (account, _) = try Collector(options: own).identify(cli, region: regions[0])
                    return Target(account: account, access: "profile \(profile)", options: own)
                } catch {
                    return Target(account: nil, access: "profile \(profile)", options: nil, failure: "\(error)")
                }
            }
        case .organization(let roleName):
            targets = try organizationTargets(base: base, roleName: roleName, options: settled, region: regions[0])
        }

        // A few accounts at once, the calls of each sharing --jobs.
        let pending = targets.enumerated().filter { _, target in
            guard let account = target.account, target.options != nil, !refresh else { return true }
            return !isComplete(account: account, regions: regions, output: output)
        }.map(\.offset)
        let parallel = max(1, min(pending.count, options.jobs / 2))
        let callJobs = max(2, options.jobs / parallel)
        let done = Counter()
        let collected = Threads.map(pending.count, width: parallel) { [self] number in
            let target = targets[pending[number]]
            let entry = collect(target, jobs: callJobs, output: output)
            let finished = (done.take(below: .max) ?? 0) + 1
            let state = entry.failure != nil ? "failed" : "collected"
            progress?("[\(finished)/\(pending.count) accounts] \(entry.account ?? target.access): \(state)")
            return entry
        }
        var accounts = targets.map {
            AccountCollection(account: $0.account, access: $0.access, summary: nil, skipped: true, failure: nil)
        }
        for (number, index) in pending.enumerated() { accounts[index] = collected[number] }
        return OrganisationSummary(
            directory: options.outputDirectory, regions: regions, accounts: accounts,
            seconds: Date().timeIntervalSince(started))
    }

    /// Collects one account, and records that it is complete.
    func collect(_ target: Target, jobs: Int, output: OutputFolder) -> AccountCollection {
        guard var own = target.options else {
            return AccountCollection(
                account: target.account, access: target.access, summary: nil, skipped: false,
                failure: target.failure ?? "no credentials")
        }
        own.jobs = jobs
        do {
            let summary = try Collector(options: own).run()
            if let expected = target.account, summary.account != expected {
                return AccountCollection(
                    account: expected, access: target.access, summary: nil, skipped: false,
                    failure: "the credentials answered for account \(summary.account), not \(expected)")
            }
            if summary.filesWritten > 0 {
                let record = CompletionRecord(
                    regions: summary.regions, finishedAt: ISO8601DateFormatter().string(from: Date()),
                    calls: summary.results.count, failedCalls: summary.failures.count)
                try record.write(in: try output.folder([summary.account]))
            }
            return AccountCollection(
                account: summary.account, access: target.access, summary: summary, skipped: false,
                failure: summary.filesWritten == 0 ? "every call failed" : nil)
        } catch {
            return AccountCollection(
                account: target.account, access: target.access, summary: nil, skipped: false, failure: "\(error)")
        }
    }

    /// Whether an earlier run collected `account` for every region asked now.
    func isComplete(account: String, regions: [String], output: OutputFolder) -> Bool {
        let folder = output.root.appendingPathComponent(account)
        guard let record = CompletionRecord.read(in: folder) else { return false }
        return Set(regions).isSubset(of: Set(record.regions))
    }

    /// The organisation's active accounts, each with the credentials of `roleName` assumed in it.
    func organizationTargets(base: AWSCLI, roleName: String, options: CollectOptions, region: String) throws
        -> [Target]
    {
        let (caller, callerArn) = try Collector(options: options).identify(base, region: region)
        let (outcome, data) = try base.capture(
            service: "organizations", operation: "list-accounts", arguments: [], region: region)
        guard outcome.succeeded else {
            throw CollectError.identityFailed(
                reason:
                    "aws organizations list-accounts: \(FailureReason.summarize(outcome, timeout: options.callTimeout)) (run --org with the management account's or a delegated administrator's credentials)"
            )
        }
        let listed = (try? JSONSerialization.jsonObject(with: data) as? [String: Any])?["Accounts"] as? [[String: Any]]
        let active = (listed ?? []).filter {
            // `Status` (older) or `State` (newer) is ACTIVE; suspended accounts are left out.
            (($0["State"] as? String) ?? ($0["Status"] as? String) ?? "ACTIVE") == "ACTIVE"
        }.compactMap { $0["Id"] as? String }.filter(AWSNames.isAccount)
        let partition =
            callerArn.flatMap { $0.split(separator: ":", omittingEmptySubsequences: false).dropFirst().first }
            .map(String.init) ?? "aws"
        return Array(Set(active)).sorted().map { account in
            let roleArn = "arn:\(partition):iam::\(account):role/\(roleName)"
            do {
                let credentials = try assume(roleArn, base: base, region: region)
                var own = options
                own.profile = nil
                var environment = options.environment
                environment["AWS_PROFILE"] = nil
                environment["AWS_DEFAULT_PROFILE"] = nil
                for (key, value) in credentials { environment[key] = value }
                own.environment = environment
                return Target(account: account, access: roleArn, options: own)
            } catch {
                // The caller's own account may have no such role: its own credentials do.
                if account == caller {
                    return Target(account: account, access: "the caller's credentials", options: options)
                }
                return Target(account: account, access: roleArn, options: nil, failure: "\(error)")
            }
        }
    }

    /// The temporary credentials of `roleArn`, as environment variables.
    func assume(_ roleArn: String, base: AWSCLI, region: String) throws -> [String: String] {
        let (outcome, data) = try base.capture(
            service: "sts", operation: "assume-role",
            arguments: ["--role-arn", roleArn, "--role-session-name", "lambda-reach-collect"], region: region)
        guard outcome.succeeded else {
            throw CollectError.identityFailed(
                reason:
                    "aws sts assume-role --role-arn \(roleArn): \(FailureReason.summarize(outcome, timeout: options.callTimeout))"
            )
        }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let credentials = object["Credentials"] as? [String: Any],
            let key = credentials["AccessKeyId"] as? String, let secret = credentials["SecretAccessKey"] as? String,
            let token = credentials["SessionToken"] as? String
        else {
            throw CollectError.identityFailed(
                reason: "aws sts assume-role --role-arn \(roleArn) printed no credentials")
        }
        return ["AWS_ACCESS_KEY_ID": key, "AWS_SECRET_ACCESS_KEY": secret, "AWS_SESSION_TOKEN": token]
    }
}

/// `collect --config-aggregator NAME`: the organisation as an AWS Config aggregator records
/// it, in one advanced query, instead of every account's describe calls.
public struct ConfigAggregatorCollector: Sendable {
    public var options: CollectOptions
    public var aggregator: String

    public init(options: CollectOptions, aggregator: String) {
        self.options = options
        self.aggregator = aggregator
    }

    /// The advanced query: whole configurations (`SELECT *` gives only the top-level scalars).
    public static var expression: String {
        "SELECT resourceId, resourceName, resourceType, accountId, awsRegion, availabilityZone, configuration, supplementaryConfiguration, tags WHERE resourceType IN ("
            + ConfigTranslation.resourceTypes.map { "'\($0)'" }.joined(separator: ", ") + ")"
    }

    /// What the query returned.
    public struct Summary: Sendable {
        public var file: String
        public var items: Int
        public var accounts: [String]
        public var regions: [String]
        public var seconds: Double
    }

    public func run() throws -> Summary {
        let started = Date()
        let cli = try AWSCLI.forCollect(options)
        let region = try Collector(options: options).resolveRegions(cli)[0]
        let output = try OutputFolder(options.outputDirectory)
        let folder = try output.folder(["config", CallCatalog.safe(aggregator)])
        let destination = folder.appendingPathComponent("select-aggregate-resource-config.json")
        let partial = folder.appendingPathComponent(".select-aggregate-resource-config.json.partial")
        defer { try? FileManager.default.removeItem(at: partial) }
        let outcome = try cli.run(
            service: "configservice", operation: "select-aggregate-resource-config",
            arguments: ["--configuration-aggregator-name", aggregator, "--expression", Self.expression],
            region: region, output: partial)
        guard outcome.succeeded else {
            throw CollectError.identityFailed(
                reason:
                    "aws configservice select-aggregate-resource-config --configuration-aggregator-name \(aggregator): \(FailureReason.summarize(outcome, timeout: options.callTimeout))"
            )
        }
        let data = try Data(contentsOf: partial)
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let results = object["Results"] as? [String]
        else {
            throw CollectError.identityFailed(
                reason: "aws configservice select-aggregate-resource-config printed no Results")
        }
        if FileManager.default.fileExists(atPath: destination.path) {
            try FileManager.default.removeItem(at: destination)
        }
        try FileManager.default.moveItem(at: partial, to: destination)
        var accounts = Set<String>()
        var regions = Set<String>()
        for result in results {
            guard let item = try? JSONSerialization.jsonObject(with: Data(result.utf8)) as? [String: Any] else {
                continue
            }
            if let account = item["accountId"] as? String { accounts.insert(account) }
            if let region = item["awsRegion"] as? String { regions.insert(region) }
        }
        let relative = String(destination.path.dropFirst(output.root.path.count).drop { $0 == "/" })
        return Summary(
            file: relative, items: results.count, accounts: accounts.sorted(), regions: regions.sorted(),
            seconds: Date().timeIntervalSince(started))
    }
}
