import Foundation
import ReachCore
import Testing

@Suite("Shell quoting of values pasted into commands")
struct ShellTests {
    @Test(
        "IDs, ARNs, names and paths made of safe characters are left as they are",
        arguments: [
            "sg-0a1b2c3d4e5f60718", "arn:aws:lambda:us-east-1:123456789012:function:orders-api", "orders_api.v2",
            "exports/123456789012/us-east-1", "10.0.0.0/16", "Name=type,Values=static", "user@example.com", "50%",
            "a+b",
        ])
    func safeValuesUnchanged(value: String) {
        #expect(Shell.quoted(value) == value)
    }

    @Test("anything else is single-quoted, an embedded quote written as '\\''")
    func unsafeValuesQuoted() {
        #expect(Shell.quoted("sg-1; touch x;") == "'sg-1; touch x;'")
        #expect(Shell.quoted("it's") == "'it'\\''s'")
        #expect(Shell.quoted("") == "''")
        #expect(Shell.quoted("$(reboot)") == "'$(reboot)'")
        #expect(Shell.quoted("orders-*") == "'orders-*'")
        #expect(Shell.quoted("~/x") == "'~/x'")
        #expect(Shell.quoted("a b") == "'a b'")
        #expect(Shell.quoted("ip:[2001:db8::1]:443") == "'ip:[2001:db8::1]:443'")
        #expect(Shell.command(["aws", "ec2", "x", "--group-id", "sg-1`id`"]) == "aws ec2 x --group-id 'sg-1`id`'")
    }

    /// What /bin/sh makes of `printf '%s\0' WORD`: the word it received, byte for byte.
    func throughShell(_ word: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "printf '%s' " + word]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    @Test("the shell reads every quoted value back as exactly one word, unchanged")
    func shellReadsItBack() throws {
        let values = [
            "sg-1; touch /tmp/lambda-reach-shell-test-must-not-exist;", "it's", "'", "''", "a\nb", "$HOME", "`id`",
            "\\", "a\"b", "*", "-n", "tab\there", "ünïcödé", "\u{1B}[2J", "!event", "x|y&z<w>v", "#comment",
        ]
        for value in values {
            #expect(try throughShell(Shell.quoted(value)) == value, "\(value.debugDescription)")
        }
        #expect(!FileManager.default.fileExists(atPath: "/tmp/lambda-reach-shell-test-must-not-exist"))
    }
}
