import Foundation
import GRDB
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The built binary when its output cannot be written, when the inventory is not one it may
/// use, and when the inventory holds values it cannot read: exit status 2 and a message
/// (where standard error still works), never a trap, never a report cut short in silence.
@Suite("faults: write failures, foreign and locked files, values edited by hand", .serialized)
struct FaultTests {
    struct Outcome {
        var status: Int32
        var signalled: Bool
        var stdout: String
        var stderr: String
        var transcript: String {
            "status \(status)\(signalled ? " (signal)" : "")\nstdout:\n\(stdout)\nstderr:\n\(stderr)"
        }
    }

    /// Runs the binary with standard output and/or standard error going to /dev/full (a device
    /// whose every write fails with ENOSPC, as a full disk's does), the others to files.
    static func run(_ arguments: [String], stdoutFull: Bool = false, stderrFull: Bool = false) throws -> Outcome {
        let scratch = testScratchRoot.appendingPathComponent("lambda-reach-fault-\(UUID())")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outFile = scratch.appendingPathComponent("out")
        let errFile = scratch.appendingPathComponent("err")
        _ = FileManager.default.createFile(atPath: outFile.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errFile.path, contents: nil)
        let full = { try FileHandle(forWritingTo: URL(fileURLWithPath: "/dev/full")) }
        let process = Process()
        process.executableURL = Binary.url
        process.arguments = arguments
        process.environment = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = stdoutFull ? try full() : try FileHandle(forWritingTo: outFile)
        process.standardError = stderrFull ? try full() : try FileHandle(forWritingTo: errFile)
        try process.run()
        process.waitUntilExit()
        return Outcome(
            status: process.terminationStatus, signalled: process.terminationReason == .uncaughtSignal,
            stdout: (try? String(contentsOf: outFile, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOf: errFile, encoding: .utf8)) ?? "")
    }

    static let scenarios = EndToEndTests.scenarios

    @Test(
        "standard output on a full device: exit status 2 and a message, for every command",
        arguments: [
            ["functions"], ["inventory"], ["functions", "--format", "json"],
            ["query", "--function", "geoip-lookup", "--to", "internet"],
            ["why", "orders-api", "--to", "internet"], ["audit"], ["audit", "--format", "json"],
            ["audit", "--format", "sarif"],
        ])
    func fullStandardOutput(command: [String]) throws {
        let result = try Self.run(command + ["--db", Self.scenarios], stdoutFull: true)
        #expect(result.status == 2 && !result.signalled, "\(command): \(result.transcript)")
        #expect(result.stderr.contains("cannot write to standard output"), "\(command): \(result.transcript)")
        #expect(result.stderr.contains("No space left on device"), "\(command): \(result.transcript)")
        #expect(result.stderr.contains("the output is incomplete"), "\(command): \(result.transcript)")
    }

    @Test("help and version on a full device: exit status 2, not 0")
    func fullStandardOutputForHelp() throws {
        for arguments in [["--help"], ["--version"], ["audit", "--help"]] {
            let result = try Self.run(arguments, stdoutFull: true)
            #expect(result.status == 2 && !result.signalled, "\(arguments): \(result.transcript)")
            #expect(result.stderr.contains("cannot write to standard output"), "\(arguments): \(result.transcript)")
        }
    }

    @Test("standard error on a full device: an error still exits with status 2, never a trap")
    func fullStandardError() throws {
        let unknown = try Self.run(
            ["query", "--db", Self.scenarios, "--function", "no-such", "--to", "internet"], stderrFull: true)
        #expect(unknown.status == 2 && !unknown.signalled, "\(unknown.transcript)")
        // Both full: nothing can be said, the status says it.
        let both = try Self.run(["functions", "--db", Self.scenarios], stdoutFull: true, stderrFull: true)
        #expect(both.status == 2 && !both.signalled, "\(both.transcript)")
    }

    @Test("an import with warnings and a full standard error: exit status 2, not a trap; the import is committed")
    func importWithWarningsAndFullStandardError() throws {
        let db = temporaryDatabase("warned")
        // expected.json is not an export: the import warns that it skipped it.
        let folder = Repository.scenarios.appendingPathComponent("public-subnet-trap").path
        let result = try Self.run(["import", "--db", db, folder], stderrFull: true)
        #expect(result.status == 2 && !result.signalled, "\(result.transcript)")
        let listed = try Binary.run(["functions", "--db", db])
        #expect(listed.status == 0 && listed.stdout.contains("geoip-lookup"), "the import was committed")
    }

    @Test("an import whose summary cannot be written says the import itself is committed")
    func importWithFullStandardOutput() throws {
        let db = temporaryDatabase("summary")
        let folder = Repository.scenarios.appendingPathComponent("private-subnet-with-nat").path
        let result = try Self.run(["import", "--db", db, folder], stdoutFull: true)
        #expect(result.status == 2 && !result.signalled, "\(result.transcript)")
        #expect(result.stderr.contains("the import into \(db) is committed"), "\(result.transcript)")
    }

    @Test("--write-baseline into a pipe writes into it, rather than renaming a file over it")
    func baselineIntoPipe() throws {
        let folder = testScratchRoot.appendingPathComponent("lambda-reach-fifo-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let fifo = folder.appendingPathComponent("baseline").path
        #expect(mkfifo(fifo, 0o600) == 0)
        // Read and write: opening never blocks, and the pipe always has a reader.
        let reader = open(fifo, O_RDWR | O_NONBLOCK)
        #expect(reader >= 0)
        defer { close(reader) }
        let result = try Binary.run(["audit", "--db", Self.scenarios, "--write-baseline", fifo])
        #expect(result.status == 0, "\(result.stderr)")
        var received = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = read(reader, &buffer, buffer.count)
            if count <= 0 { break }
            received.append(contentsOf: buffer[0..<count])
        }
        let text = String(decoding: received, as: UTF8.self)
        #expect(text.contains("\"findings\"") && text.contains("\"schemaVersion\""), "received: \(text.prefix(200))")
        var info = stat()
        #expect(stat(fifo, &info) == 0 && info.st_mode & S_IFMT == S_IFIFO, "the pipe is still a pipe")
    }

    @Test("--write-baseline into a folder that does not exist: exit status 2 and the file named")
    func baselineIntoMissingFolder() throws {
        let path = "/nonexistent-\(UUID())/baseline.json"
        let result = try Self.run(["audit", "--db", Self.scenarios, "--write-baseline", path])
        #expect(result.status == 2 && !result.signalled, "\(result.transcript)")
        #expect(
            result.stderr.contains(path) && result.stderr.contains("cannot write the baseline"), "\(result.transcript)")
    }

    @Test("a reader that closes the pipe ends the process as SIGPIPE does, not with status 0")
    func closedPipe() throws {
        let process = Process()
        process.executableURL = Binary.url
        process.arguments = ["audit", "--db", Self.scenarios, "--format", "json"]
        process.environment = ["PATH": "/usr/bin:/bin"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        // Closed before the process writes anything: its first write fails.
        try pipe.fileHandleForReading.close()
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGPIPE)
    }

    // MARK: - Files that are not ours, folders that cannot hold one

    @Test("an SQLite file of another application with no table (a view) is refused and left as it was")
    func foreignView() throws {
        let path = temporaryDatabase("view")
        let queue = try DatabaseQueue(path: path)
        try queue.writeWithoutTransaction { db in try db.execute(sql: "CREATE VIEW v AS SELECT 1 AS one") }
        try queue.close()
        let before = FileManager.default.contents(atPath: path)
        let result = try Binary.run([
            "import", "--db", path, Repository.scenarios.appendingPathComponent("public-subnet-trap").path,
        ])
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains("is not a lambda-reach inventory"), "\(result.stderr)")
        #expect(FileManager.default.contents(atPath: path) == before)
    }

    @Test("a new inventory in a folder that does not exist: the true reason, exit status 2")
    func missingFolder() throws {
        let path = testScratchRoot.appendingPathComponent(
            "lambda-reach-no-such-\(UUID())/sub/inventory.sqlite"
        ).path
        let result = try Binary.run([
            "import", "--db", path, Repository.scenarios.appendingPathComponent("public-subnet-trap").path,
        ])
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains("cannot create the inventory"), "\(result.stderr)")
        #expect(result.stderr.contains("does not exist"), "\(result.stderr)")
        #expect(!result.stderr.contains("not a lambda-reach inventory"), "\(result.stderr)")
    }

    // MARK: - Values edited by hand

    /// The scenarios' inventory, copied and changed by `sql` as a hand edit would.
    static func edited(_ sql: String) throws -> String {
        let path = temporaryDatabase("edited")
        try FileManager.default.copyItem(atPath: scenarios, toPath: path)
        var configuration = Configuration()
        configuration.foreignKeysEnabled = false
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        try queue.writeWithoutTransaction { db in try db.execute(sql: sql) }
        try queue.close()
        return path
    }

    @Test("a BLOB in lambda_functions.state: functions, audit and query say table, row and column, exit 2")
    func blobInState() throws {
        let db = try Self.edited("UPDATE lambda_functions SET state = X'00FF' WHERE function_name = 'orders-api'")
        for arguments in [
            ["functions"], ["audit"], ["query", "--function", "orders-api", "--to", "internet"],
        ] {
            let result = try Binary.run(arguments + ["--db", db])
            #expect(result.status == 2, "\(arguments): \(result.stderr)")
            for fragment in ["table lambda_functions", "column state", "function:orders-api", "a BLOB of 2 bytes"] {
                #expect(result.stderr.contains(fragment), "\(arguments): \(result.stderr)")
            }
        }
    }

    @Test("a NACL rule number of Int64.min: the audit is an error naming the entry, not a crash")
    func ruleNumberOutOfRange() throws {
        let db = try Self.edited(
            "UPDATE network_acl_entries SET rule_number = -9223372036854775808 WHERE rule_number = 100")
        let result = try Binary.run(["audit", "--db", db])
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains("table network_acl_entries"), "\(result.stderr)")
        #expect(result.stderr.contains("is not a network ACL rule number (1-32768)"), "\(result.stderr)")
    }
}
