import ArgumentParser
import Foundation
import ReachCollect
import ReachCore
import ReachReport

struct CollectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "collect",
        abstract: "Run the AWS CLI for every describe call lambda-reach imports, into a folder `import` reads as is.",
        discussion: """
            Uses your aws CLI as it is set up (profiles, IAM Identity Center/SSO, environment \
            credentials, AWS_ENDPOINT_URL); --profile, --region and --endpoint-url are passed through. \
            Writes one JSON file per call and region: DIR/ACCOUNT/REGION/ec2-describe-vpcs.json, ..., \
            and DIR/ACCOUNT/global/iam-get-account-authorization-details.json. Only read-only calls \
            are made; docs/collect.md lists them with an IAM policy that allows exactly them.

              lambda-reach collect --out exports/ --profile prod --region eu-west-1
              lambda-reach import exports/

            A call that fails (access denied, a service not enabled in a region) is a warning that \
            says what the analysis will lack; the other calls still run. Re-running into the same \
            folder replaces the files collect wrote there before.

            Many accounts in one run, each into its own DIR/ACCOUNT/ folder, several at once:

              lambda-reach collect --out exports/ --org --role-name LambdaReachReadOnly --region us-east-1
              lambda-reach collect --out exports/ --profile network --profile workloads --region us-east-1

            --org lists the organisation's active accounts with the current credentials (the \
            management account's, or a delegated administrator's) and assumes --role-name in each; \
            the role's temporary credentials reach that account's calls through their environment \
            only. A rerun skips the accounts an earlier run finished, unless --refresh. An account \
            that cannot be collected is a warning naming what the analysis lacks.

            Exit status: 0 collected (possibly with warnings), 2 error (no aws CLI, no credentials, \
            no region, the folder cannot be written, every call failed), 64 bad arguments.
            """)

    @Option(help: ArgumentHelp("The folder to write (created if needed).", valueName: "dir"))
    var out: String

    @Option(
        name: .customLong("profile"),
        help: ArgumentHelp(
            "The AWS CLI profile to use (default: the CLI's own choice); repeat it to collect one account per profile (with --org: the credentials that list the organisation).",
            valueName: "name"))
    var profiles: [String] = []

    @Flag(help: "Collect every active account of the AWS Organization, through --role-name in each.")
    var org = false

    @Option(
        name: .customLong("role-name"),
        help: ArgumentHelp(
            "With --org: the role to assume in each account (read-only; docs/collect.md).", valueName: "name"))
    var roleName: String?

    @Flag(help: "Collect again the accounts an earlier run of a many-account collection finished.")
    var refresh = false

    @Option(
        name: .customLong("config-aggregator"),
        help: ArgumentHelp(
            "Read the organisation from this AWS Config aggregator (one advanced query) instead of every account's describe calls.",
            valueName: "name"))
    var configAggregator: String?

    @Option(
        name: .customLong("region"),
        help: ArgumentHelp(
            "A region to collect; repeat for several (default: AWS_REGION, AWS_DEFAULT_REGION or the profile's region).",
            valueName: "region"))
    var regions: [String] = []

    @Option(
        name: .customLong("endpoint-url"),
        help: ArgumentHelp("Send every call to this URL (an emulator such as moto).", valueName: "url"))
    var endpointURL: String?

    @Option(help: ArgumentHelp("How many aws calls run at once.", valueName: "n"))
    var jobs: Int = 4

    func validate() throws {
        if out.isEmpty { throw ValidationError("--out takes a folder") }
        if !(1...32).contains(jobs) { throw ValidationError("--jobs must be from 1 to 32") }
        for region in regions where !AWSNames.isRegion(region) {
            throw ValidationError("'\(Terminal.escaped(region))' is not a region name (e.g. us-east-1)")
        }
        if org && roleName == nil {
            throw ValidationError("--org needs --role-name: the role to assume in each account (docs/collect.md)")
        }
        if roleName != nil && !org { throw ValidationError("--role-name goes with --org") }
        if let roleName,
            roleName.isEmpty || !roleName.allSatisfy({ $0.isLetter || $0.isNumber || "+=,.@_-/".contains($0) })
        {
            throw ValidationError("'\(Terminal.escaped(roleName))' is not an IAM role name")
        }
        if configAggregator != nil && (org || profiles.count > 1) {
            throw ValidationError(
                "--config-aggregator reads every account from Config: it does not go with --org or several --profile")
        }
        if let configAggregator, configAggregator.isEmpty || configAggregator.count > 256 {
            throw ValidationError("--config-aggregator takes the aggregator's name")
        }
        if org && profiles.count > 1 {
            throw ValidationError("--org takes at most one --profile: the credentials that list the organisation")
        }
    }

    /// The accounts of a many-account run; nil for one account (the single-profile collect).
    var manyAccounts: AccountsToCollect? {
        if org, let roleName { return .organization(roleName: roleName) }
        return profiles.count > 1 ? .profiles(profiles) : nil
    }

    func run() throws {
        let interactive = isatty(STDERR_FILENO) == 1
        let showProgress: @Sendable (CollectProgress) -> Void = { event in
            let result = event.result
            let outcome = result.failure != nil ? "failed" : result.call.countKey == nil ? "ok" : "\(result.count ?? 0)"
            let line = "[\(event.finished)/\(event.known)] \(result.call.scope) \(result.call.label): \(outcome)"
            Output.standardError("\r" + String(Terminal.escaped(line).prefix(110)) + "\u{1B}[K")
        }
        let options = CollectOptions(
            outputDirectory: out, profile: org ? profiles.first : (profiles.count == 1 ? profiles[0] : nil),
            regions: regions, endpointURL: endpointURL, jobs: jobs)
        if let configAggregator {
            let summary = try reportingErrors {
                try ConfigAggregatorCollector(options: options, aggregator: configAggregator).run()
            }
            var text =
                "Collected \(summary.items) configuration item\(summary.items == 1 ? "" : "s") of \(summary.accounts.count) account\(summary.accounts.count == 1 ? "" : "s") (\(summary.regions.map { Terminal.escaped($0) }.joined(separator: ", "))) from AWS Config aggregator \(Terminal.escaped(configAggregator)) into \(Terminal.escaped(out))/\(Terminal.escaped(summary.file)) in \(String(format: "%.1f", summary.seconds)) s.\n"
            text +=
                "AWS Config does not record VPC DNS attributes, transit gateway routes, prefix list entries, Route 53 zones or Resolver rules: the import says what that leaves unknown (docs/organisation.md).\n"
            text += "Next: \(Terminal.escaped(Shell.command(["lambda-reach", "import", out])))\n"
            emit(text)
            return
        }
        if let accounts = manyAccounts {
            try runMany(options, accounts: accounts, interactive: interactive)
            return
        }
        let summary = try reportingErrors {
            try Collector(options: options, progress: interactive ? showProgress : nil).run()
        }
        if interactive { Output.standardError("\r\u{1B}[K") }
        for warning in summary.warnings { printWarning(warning) }
        guard summary.filesWritten > 0 else {
            printError("every call failed: nothing was collected into \(out) (the warnings above say why)")
            throw ExitCode(2)
        }
        emit(Self.render(summary))
    }

    func runMany(_ options: CollectOptions, accounts: AccountsToCollect, interactive: Bool) throws {
        let showProgress: @Sendable (String) -> Void = { line in
            Output.standardError("\r" + String(Terminal.escaped(line).prefix(110)) + "\u{1B}[K")
        }
        let summary = try reportingErrors {
            try OrganisationCollector(
                options: options, accounts: accounts, refresh: refresh, progress: interactive ? showProgress : nil
            ).run()
        }
        if interactive { Output.standardError("\r\u{1B}[K") }
        for warning in summary.warnings { printWarning(warning) }
        guard summary.accounts.contains(where: { $0.summary != nil || $0.skipped }) else {
            printError("no account was collected into \(out) (the warnings above say why)")
            throw ExitCode(2)
        }
        emit(Self.render(summary))
    }

    /// A many-account run: a line per account, and the next command.
    static func render(_ summary: OrganisationSummary) -> String {
        let collected = summary.collected.count
        let skipped = summary.accounts.filter(\.skipped).count
        let failed = summary.accounts.filter { $0.failure != nil }.count
        var out =
            "Collected \(collected) of \(summary.accounts.count) account\(summary.accounts.count == 1 ? "" : "s") (\(summary.regions.map { Terminal.escaped($0) }.joined(separator: ", "))) into \(Terminal.escaped(summary.directory)) in \(String(format: "%.1f", summary.seconds)) s"
        out += skipped > 0 ? "; \(skipped) complete from an earlier run (--refresh collects them again)" : ""
        out += failed > 0 ? "; \(failed) failed (warnings on stderr)" : ""
        out += ".\n"
        for entry in summary.accounts {
            let name = Terminal.escaped(entry.account ?? entry.access).padding(
                toLength: 14, withPad: " ", startingAt: 0)
            if let collection = entry.summary {
                let failures = collection.failures.count
                out +=
                    "  \(name) collected: \(collection.filesWritten) files from \(collection.results.count) calls\(failures > 0 ? ", \(failures) failed" : "")\n"
            } else if entry.skipped {
                out += "  \(name) skipped: complete from an earlier run\n"
            } else {
                out += "  \(name) not collected: \(Terminal.escaped(entry.failure ?? "unknown"))\n"
            }
        }
        out += "Next: \(Terminal.escaped(Shell.command(["lambda-reach", "import", summary.directory])))\n"
        return out
    }

    /// The summary: what was collected where, what failed, and the next command. What the
    /// aws CLI printed (its version) and the folder named on the command line are escaped for
    /// the terminal; the account and regions are checked by the collector.
    static func render(_ summary: CollectSummary) -> String {
        let calls = summary.results.count
        var out = "Collected account \(Terminal.escaped(summary.account))"
        out += " (\(summary.regions.map { Terminal.escaped($0) }.joined(separator: ", ")))"
        out +=
            " into \(Terminal.escaped(summary.directory)): \(summary.filesWritten) file\(summary.filesWritten == 1 ? "" : "s") from \(calls) call\(calls == 1 ? "" : "s")"
        out += " in \(String(format: "%.1f", summary.seconds)) s (\(Terminal.escaped(summary.awsVersion))).\n"
        func plural(_ count: Int, _ singular: String, _ plural: String) -> String {
            "\(count) \(count == 1 ? singular : plural)"
        }
        for scope in ["global"] + summary.regions {
            let own = summary.results.filter { $0.call.scope == scope && $0.call.countKey != nil }
            // What there is (none of a kind is left out, but for functions: none is worth saying).
            let parts = own.compactMap { result -> String? in
                guard let (singular, plurals) = nouns[result.call.operation] else { return nil }
                guard let count = result.count else { return "\(plurals) unknown" }
                return count == 0 && result.call.operation != "list-functions" ? nil : plural(count, singular, plurals)
            }
            guard !parts.isEmpty else { continue }
            out += wrap(parts, label: scope)
        }
        let followUps = summary.results.filter { $0.call.region != nil && nouns[$0.call.operation] == nil }
        if !followUps.isEmpty {
            let count = { (operation: String) in followUps.filter { $0.call.operation == operation }.count }
            out += wrap(
                [
                    plural(count("describe-vpc-attribute"), "VPC DNS attribute", "VPC DNS attributes"),
                    plural(count("get-managed-prefix-list-entries"), "prefix list's entries", "prefix lists' entries"),
                    plural(count("get-function-configuration"), "function configuration", "function configurations"),
                ], label: "follow-ups")
        }
        let failures = summary.failures
        if failures.isEmpty {
            out += "Every call succeeded.\n"
        } else {
            out +=
                "\(failures.count) call\(failures.count == 1 ? "" : "s") failed (warnings on stderr); the analysis lacks:\n"
            for line in summary.lacking { out += "  - \(Terminal.escaped(line))\n" }
        }
        out += "Next: \(Terminal.escaped(Shell.command(["lambda-reach", "import", summary.directory])))\n"
        return out
    }

    /// `  label           part, part, ...` wrapped at 100 columns.
    static func wrap(_ parts: [String], label: String) -> String {
        let indent = String(repeating: " ", count: 18)
        var lines = ["  " + label.padding(toLength: 15, withPad: " ", startingAt: 0) + " "]
        for (index, part) in parts.enumerated() {
            let text = part + (index == parts.count - 1 ? "" : ",")
            if lines[lines.count - 1].count + text.count > 100 && lines[lines.count - 1].count > indent.count {
                lines.append(indent)
            }
            lines[lines.count - 1] += text + " "
        }
        return lines.map { String($0.dropLast()) }.joined(separator: "\n") + "\n"
    }

    static let nouns: [String: (String, String)] = [
        "describe-vpcs": ("VPC", "VPCs"), "describe-subnets": ("subnet", "subnets"),
        "describe-vpc-block-public-access-exclusions": ("VPC BPA exclusion", "VPC BPA exclusions"),
        "describe-route-tables": ("route table", "route tables"),
        "describe-internet-gateways": ("internet gateway", "internet gateways"),
        "describe-egress-only-internet-gateways": ("egress-only gateway", "egress-only gateways"),
        "describe-nat-gateways": ("NAT gateway", "NAT gateways"),
        "describe-vpc-endpoints": ("VPC endpoint", "VPC endpoints"),
        "describe-security-groups": ("security group", "security groups"),
        "describe-security-group-rules": ("security-group rule", "security-group rules"),
        "describe-network-acls": ("network ACL", "network ACLs"),
        "describe-managed-prefix-lists": ("prefix list", "prefix lists"),
        "describe-vpc-peering-connections": ("peering connection", "peering connections"),
        "describe-network-interfaces": ("network interface", "network interfaces"),
        "list-functions": ("function", "functions"),
        "list-capacity-providers": ("capacity provider", "capacity providers"),
        "describe-db-instances": ("DB instance", "DB instances"),
        "describe-db-clusters": ("DB cluster", "DB clusters"), "describe-db-proxies": ("DB proxy", "DB proxies"),
        "describe-db-proxy-endpoints": ("DB proxy endpoint", "DB proxy endpoints"),
        "get-account-authorization-details": ("IAM role", "IAM roles"),
    ]
}
