import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The user's `aws` executable, run with their environment (profiles, SSO, credentials,
/// AWS_ENDPOINT_URL) plus the options collect passes through.
struct AWSCLI: Sendable {
    var executable: URL
    /// 1 or 2: version 1 does not know `--no-cli-pager`.
    var majorVersion: Int
    var versionText: String
    var profile: String?
    var endpointURL: String?
    var environment: [String: String]
    var timeout: TimeInterval

    /// What one run printed and how it ended.
    struct Outcome {
        var status: Int32
        var timedOut: Bool
        var standardError: String
        var succeeded: Bool { status == 0 && !timedOut }
    }

    /// The CLI a collection runs with `options`: found on PATH and asked its version, after
    /// checking that the output folder is not a file (said before any call is made).
    static func forCollect(_ options: CollectOptions) throws -> AWSCLI {
        try OutputFolder.checkNotAFile(options.outputDirectory)
        let environment = runEnvironment(options.environment)
        guard let executable = locate(in: options.environment) else { throw CollectError.awsNotFound }
        let version = try version(executable: executable, environment: environment)
        return AWSCLI(
            executable: executable, majorVersion: version.major, versionText: version.text, profile: options.profile,
            endpointURL: options.endpointURL, environment: environment, timeout: options.callTimeout)
    }

    /// Finds `aws` on the PATH of `environment`.
    static func locate(in environment: [String: String]) -> URL? {
        let path = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") where !directory.isEmpty {
            let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent("aws")
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory),
                !isDirectory.boolValue,
                FileManager.default.isExecutableFile(atPath: candidate.path)
            {
                return candidate
            }
        }
        return nil
    }

    /// The environment every run gets: the user's, with the pager and auto-prompt off so
    /// that nothing ever waits for a terminal.
    static func runEnvironment(_ base: [String: String]) -> [String: String] {
        var environment = base
        environment["AWS_PAGER"] = ""
        environment["AWS_CLI_AUTO_PROMPT"] = "off"
        return environment
    }

    /// `aws [--profile P] [--endpoint-url U] [--region R] --output json [--no-cli-pager] SERVICE OPERATION ARGS`.
    func arguments(service: String, operation: String, arguments extra: [String], region: String?) -> [String] {
        var arguments: [String] = []
        if let profile { arguments += ["--profile", profile] }
        if let endpointURL { arguments += ["--endpoint-url", endpointURL] }
        if let region { arguments += ["--region", region] }
        arguments += ["--output", "json"]
        if majorVersion >= 2 { arguments.append("--no-cli-pager") }
        return arguments + [service, operation] + extra
    }

    /// Runs one call, its standard output going to `output` (created or truncated).
    func run(service: String, operation: String, arguments extra: [String], region: String?, output: URL) throws
        -> Outcome
    {
        try Self.run(
            executable: executable,
            arguments: arguments(service: service, operation: operation, arguments: extra, region: region),
            environment: environment, output: output, timeout: timeout)
    }

    /// Runs one call and returns what it printed.
    func capture(service: String, operation: String, arguments extra: [String], region: String?) throws -> (
        Outcome, Data
    ) {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent(
            "lambda-reach-collect-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: file) }
        // Only this user may read it: it can hold an assumed role's temporary credentials.
        _ = FileManager.default.createFile(atPath: file.path, contents: nil, attributes: [.posixPermissions: 0o600])
        let outcome = try run(service: service, operation: operation, arguments: extra, region: region, output: file)
        return (outcome, (try? Data(contentsOf: file)) ?? Data())
    }

    /// Starts `executable`, standard input from /dev/null, standard output to `output`,
    /// standard error captured; kills it after `timeout` seconds.
    static func run(
        executable: URL, arguments: [String], environment: [String: String], output: URL, timeout: TimeInterval
    )
        throws -> Outcome
    {
        let manager = FileManager.default
        let errorFile = manager.temporaryDirectory.appendingPathComponent(
            "lambda-reach-collect-\(UUID().uuidString).err")
        defer { try? manager.removeItem(at: errorFile) }
        // A file made by the caller (with its own permissions) is written over, not replaced.
        let outputReady =
            manager.fileExists(atPath: output.path)
            ? (try? FileHandle(forWritingTo: output)).map { handle in
                try? handle.truncate(atOffset: 0)
                try? handle.close()
                return true
            } ?? false
            : manager.createFile(atPath: output.path, contents: nil)
        guard outputReady, manager.createFile(atPath: errorFile.path, contents: nil) else {
            throw CollectError.cannotWrite(
                output.deletingLastPathComponent().path, reason: "cannot create \(output.lastPathComponent)")
        }
        let out = try FileHandle(forWritingTo: output)
        let err = try FileHandle(forWritingTo: errorFile)
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = out
        process.standardError = err
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        do {
            try process.run()
        } catch {
            try? out.close()
            try? err.close()
            throw CollectError.awsNotRunnable(executable.path, reason: "\(error)")
        }
        var timedOut = false
        if finished.wait(timeout: .now() + timeout) == .timedOut {
            timedOut = true
            process.terminate()
            if finished.wait(timeout: .now() + 5) == .timedOut {
                kill(process.processIdentifier, SIGKILL)
                finished.wait()
            }
        }
        try? out.close()
        try? err.close()
        let standardError = String(decoding: (try? Data(contentsOf: errorFile)) ?? Data(), as: UTF8.self)
        return Outcome(status: process.terminationStatus, timedOut: timedOut, standardError: standardError)
    }

    /// `aws --version`: "aws-cli/2.15.0 Python/3.11.6 ..." (version 1 printed it on stderr).
    static func version(executable: URL, environment: [String: String]) throws -> (major: Int, text: String) {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent(
            "lambda-reach-collect-\(UUID().uuidString).version")
        defer { try? FileManager.default.removeItem(at: file) }
        let outcome = try run(
            executable: executable, arguments: ["--version"], environment: environment, output: file, timeout: 60)
        let text =
            (String(decoding: (try? Data(contentsOf: file)) ?? Data(), as: UTF8.self) + " " + outcome.standardError)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        guard outcome.succeeded, let range = text.range(of: #"aws-cli/(\d+)"#, options: .regularExpression) else {
            throw CollectError.awsNotRunnable(
                executable.path, reason: text.isEmpty ? "`aws --version` exited with status \(outcome.status)" : text)
        }
        let major = Int(text[range].dropFirst("aws-cli/".count)) ?? 1
        return (major, String(text.split(separator: " ").first ?? Substring(text)))
    }
}

/// The reason a failed call gave, shortened to its AWS error code and message.
enum FailureReason {
    /// "An error occurred (AccessDenied) when calling the X operation: User ... is not authorized"
    /// -> "AccessDenied: User ... is not authorized".
    static func summarize(_ outcome: AWSCLI.Outcome, timeout: TimeInterval) -> String {
        if outcome.timedOut { return "no answer within \(Int(timeout)) seconds" }
        let lines = outcome.standardError.split(whereSeparator: \.isNewline).map {
            $0.trimmingCharacters(in: .whitespaces)
        }.filter { !$0.isEmpty }
        if let line = lines.last(where: { $0.contains("An error occurred (") }),
            let open = line.range(of: "An error occurred ("),
            let close = line.range(of: ")", range: open.upperBound..<line.endIndex)
        {
            let code = line[open.upperBound..<close.lowerBound]
            let message = line.range(of: "operation: ").map { String(line[$0.upperBound...]) } ?? ""
            return message.isEmpty ? String(code) : "\(code): \(message)"
        }
        return lines.last ?? "exit status \(outcome.status)"
    }

    /// Whether the failure is about the caller's permissions.
    static func isAccessDenied(_ reason: String) -> Bool {
        ["AccessDenied", "UnauthorizedOperation", "not authorized", "AuthorizationError"].contains {
            reason.contains($0)
        }
    }
}
