import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Everything the end-to-end tests run: the built binary, moto_server, the aws CLI and Python
/// with boto3. A missing tool skips the tests that need it, saying what to install, and fails
/// them with CI=true (`requireTools`).
struct Toolbox: Sendable {
    var lambdaReach: URL
    var motoServer: URL
    var aws: URL
    var python: URL

    /// The built `lambda-reach`, next to this test target's resource bundle (the build folder).
    static var lambdaReachURL: URL {
        if let given = ProcessInfo.processInfo.environment["LAMBDA_REACH_BIN"], !given.isEmpty {
            return URL(fileURLWithPath: given)
        }
        return Bundle.module.bundleURL.deletingLastPathComponent().appendingPathComponent("lambda-reach")
    }

    static func locate() -> Result<Toolbox, ToolboxError> {
        var missing: [String] = []
        let binary = lambdaReachURL
        if !FileManager.default.isExecutableFile(atPath: binary.path) {
            missing.append(
                "the built lambda-reach binary is not at \(binary.path): run `swift build --build-tests` first (or set LAMBDA_REACH_BIN)"
            )
        }
        let moto = ExternalTools.find("moto_server")
        if moto == nil {
            missing.append("moto_server is not on PATH: run `pip install 'moto[server]'` (CI installs it)")
        }
        let aws = ExternalTools.find("aws")
        if aws == nil { missing.append("the aws CLI is not on PATH: run `pip install awscli` (or install AWS CLI v2)") }
        let python = ExternalTools.find("python3")
        if python == nil {
            missing.append("python3 is not on PATH: the story scripts need Python 3 with boto3 (`pip install boto3`)")
        } else if let python, (try? Command.run(python, ["-c", "import boto3"], timeout: 60))?.status != 0 {
            missing.append("python3 cannot import boto3: run `pip install boto3` (moto[server] brings it)")
        }
        guard missing.isEmpty, let moto, let aws, let python else { return .failure(ToolboxError(problems: missing)) }
        return .success(Toolbox(lambdaReach: binary, motoServer: moto, aws: aws, python: python))
    }
}

struct ToolboxError: Error, CustomStringConvertible {
    var problems: [String]
    var description: String { problems.joined(separator: "\n") }
}

/// One finished run of a program.
struct CommandResult: Sendable {
    var status: Int32
    var stdout: String
    var stderr: String
    var timedOut: Bool
    var command: String

    var transcript: String {
        "$ \(command)\nexit status \(status)\(timedOut ? " (killed after the timeout)" : "")\n--- stdout\n\(stdout)\n--- stderr\n\(stderr)"
    }
}

/// Runs programs with a given environment, stdin from /dev/null, and a timeout.
enum Command {
    static func run(
        _ executable: URL, _ arguments: [String], environment: [String: String]? = nil, timeout: TimeInterval = 180
    ) throws -> CommandResult {
        let scratch = testScratchRoot
        let outFile = scratch.appendingPathComponent("collect-tests-\(UUID().uuidString).out")
        let errFile = scratch.appendingPathComponent("collect-tests-\(UUID().uuidString).err")
        _ = FileManager.default.createFile(atPath: outFile.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errFile.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: outFile)
            try? FileManager.default.removeItem(at: errFile)
        }
        let out = try FileHandle(forWritingTo: outFile)
        let err = try FileHandle(forWritingTo: errFile)
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let environment { process.environment = environment }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = out
        process.standardError = err
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        try process.run()
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
        return CommandResult(
            status: process.terminationStatus,
            stdout: String(decoding: (try? Data(contentsOf: outFile)) ?? Data(), as: UTF8.self),
            stderr: String(decoding: (try? Data(contentsOf: errFile)) ?? Data(), as: UTF8.self), timedOut: timedOut,
            command: ([executable.lastPathComponent] + arguments).joined(separator: " "))
    }
}

/// A moto_server on a free 127.0.0.1 port, stopped by `stop()` (and never left behind:
/// callers stop it in a `defer`).
final class MotoServer: @unchecked Sendable {
    let process: Process
    let port: Int
    let log: URL
    var endpoint: String { "http://127.0.0.1:\(port)" }

    private init(process: Process, port: Int, log: URL) {
        self.process = process
        self.port = port
        self.log = log
    }

    /// Starts moto_server on a port the kernel reports free, and waits until it accepts
    /// connections. Tries a few ports in case another process takes the one found first.
    static func start(_ executable: URL, environment: [String: String], log: URL) throws -> MotoServer {
        var lastProblem = ""
        for _ in 0..<3 {
            let port = try freePort()
            _ = FileManager.default.createFile(atPath: log.path, contents: nil)
            let handle = try FileHandle(forWritingTo: log)
            let process = Process()
            process.executableURL = executable
            process.arguments = ["-H", "127.0.0.1", "-p", String(port)]
            process.environment = environment
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = handle
            process.standardError = handle
            try process.run()
            try? handle.close()
            let server = MotoServer(process: process, port: port, log: log)
            let deadline = Date().addingTimeInterval(60)
            while Date() < deadline && process.isRunning {
                if accepts(port: port) { return server }
                usleep(100_000)
            }
            lastProblem = String(decoding: (try? Data(contentsOf: log)) ?? Data(), as: UTF8.self)
            server.stop()
        }
        throw MotoError(message: "moto_server did not start on 127.0.0.1:\n\(lastProblem)")
    }

    /// SIGTERM, then SIGKILL if it has not exited within five seconds.
    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        let deadline = Date().addingTimeInterval(5)
        while process.isRunning && Date() < deadline { usleep(50_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    /// A port on 127.0.0.1 that nothing listens on: bind port 0 and read what the kernel chose.
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw MotoError(message: "socket() failed") }
        defer { close(fd) }
        var address = loopback(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0 else { throw MotoError(message: "bind(127.0.0.1:0) failed") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else { throw MotoError(message: "getsockname failed") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Whether something accepts TCP connections on 127.0.0.1:`port`.
    static func accepts(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = loopback(port: port)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        } == 0
    }

    static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        return address
    }
}

struct MotoError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// A scratch folder per test: an empty HOME (so no real AWS configuration or credentials are
/// ever read), the collected exports, the inventory and the moto log.
struct Scratch: Sendable {
    var root: URL
    var home: URL { root.appendingPathComponent("home") }
    var exports: URL { root.appendingPathComponent("exports") }
    var database: URL { root.appendingPathComponent("inventory.sqlite") }
    var motoLog: URL { root.appendingPathComponent("moto.log") }

    init(_ name: String) throws {
        root = testScratchRoot.appendingPathComponent(
            "lambda-reach-collect-\(name)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent("home"), withIntermediateDirectories: true)
    }

    func remove() { try? FileManager.default.removeItem(at: root) }

    /// The fake credentials moto takes, and nothing of the user's AWS setup.
    func environment(extra: [String: String] = [:]) -> [String: String] {
        let inherited = ProcessInfo.processInfo.environment
        var environment: [String: String] = [
            "PATH": inherited["PATH"] ?? "/usr/local/bin:/usr/bin:/bin",
            "HOME": home.path,
            "AWS_CONFIG_FILE": home.appendingPathComponent("aws-config").path,
            "AWS_SHARED_CREDENTIALS_FILE": home.appendingPathComponent("aws-credentials").path,
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_DEFAULT_REGION": "us-east-1",
            "AWS_EC2_METADATA_DISABLED": "true",
            "PYTHONDONTWRITEBYTECODE": "1",
            "NO_COLOR": "1",
        ]
        // pyenv and similar Python setups find their interpreters through these.
        for name in ["PYENV_ROOT", "PYENV_VERSION", "VIRTUAL_ENV", "LANG", "LC_ALL", "TMPDIR"] {
            if let value = inherited[name] { environment[name] = value }
        }
        environment.merge(extra) { _, new in new }
        return environment
    }
}

/// At most `limit` stories at once: each runs a moto_server and several aws processes, and
/// the machine may have two cores.
actor Gate {
    static let stories = Gate(limit: 2)

    private var available: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(limit: Int) { available = limit }

    func acquire() async {
        if available > 0 {
            available -= 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func release() {
        if waiting.isEmpty {
            available += 1
        } else {
            waiting.removeFirst().resume()
        }
    }

    /// Runs blocking `work` on a thread of its own (not the test's), once a place is free.
    func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        await acquire()
        do {
            let value = try await withCheckedThrowingContinuation { continuation in
                Thread { continuation.resume(with: Result { try work() }) }.start()
            }
            release()
            return value
        } catch {
            release()
            throw error
        }
    }
}
