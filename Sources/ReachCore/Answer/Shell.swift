/// Quoting for the POSIX shell: values from the inventory (IDs, names, paths) go into commands
/// that people copy and paste (`fix:` lines, "run this next" advice). An ID holding `; touch x;`
/// must reach the command as one word, not as a second command.
public enum Shell {
    /// `value` as one word of a POSIX shell command line: unchanged when every character is
    /// one no shell treats specially (`A-Z a-z 0-9 _ . / : = @ % + , -`), so that ordinary IDs,
    /// ARNs and paths read as they always did; otherwise in single quotes, where the shell
    /// interprets nothing, each embedded `'` written as `'\''` (close, escaped quote, reopen).
    /// The empty string is `''`, so that it stays an argument.
    public static func quoted(_ value: String) -> String {
        if !value.isEmpty && value.utf8.allSatisfy(isSafe) { return value }
        var out: [UInt8] = []
        appendQuoted(value.utf8, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the UTF-8 bytes of `value` to `bytes` as `quoted(_:)` writes them. A `'` is
    /// one byte that is never part of another character's UTF-8, so bytes are enough.
    static func appendQuoted<Bytes: Collection<UInt8>>(_ value: Bytes, to bytes: inout [UInt8]) {
        if !value.isEmpty && value.allSatisfy(isSafe) {
            bytes.append(contentsOf: value)
            return
        }
        bytes.append(UInt8(ascii: "'"))
        for byte in value {
            if byte == UInt8(ascii: "'") {
                bytes += [UInt8(ascii: "'"), UInt8(ascii: "\\"), UInt8(ascii: "'"), UInt8(ascii: "'")]
            } else {
                bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "'"))
    }

    /// The text of `command`, in which every interpolated value is quoted:
    /// `fix: Shell.line("aws ec2 attach-internet-gateway --internet-gateway-id \(gateway.id)")`.
    /// Several lines when the command has several.
    public static func line(_ command: ShellCommand) -> String {
        command.text
    }

    /// The words quoted one by one and joined by spaces: a whole command line.
    public static func command(_ words: [String]) -> String {
        words.map(quoted).joined(separator: " ")
    }

    /// Whether `byte` needs no quoting anywhere in a word. `=` and `@` are safe in any
    /// position of an argument; `%` and `,` mean nothing to POSIX shells; `:` and `+` neither.
    static func isSafe(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        case UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "/"), UInt8(ascii: ":"), UInt8(ascii: "="),
            UInt8(ascii: "@"), UInt8(ascii: "%"), UInt8(ascii: "+"), UInt8(ascii: ","), UInt8(ascii: "-"):
            return true
        default:
            return false
        }
    }
}

/// Command lines for someone to copy into a shell (a blocker's `fix`, a finding's), written
/// from string interpolation that quotes every interpolated value with `Shell.quoted(_:)`:
///
///     let fix: ShellCommand = "aws ec2 delete-route --route-table-id \(table.id) \(destination)"
///
/// Only the literal text goes in as written, with what is interpolated as another
/// `ShellCommand` (a fragment built this way, such as `destination` above) or as `raw:`
/// (option text chosen in code, never a value from data). A value from the inventory thus
/// reaches a command quoted unless someone writes `raw:` for it: quoting cannot be forgotten.
/// Ordinary IDs, numbers and CIDRs need no quotes, and read as they always did.
///
/// A comment (from a `#` that starts a word of the literal text to the end of the line) is
/// followed: a line break would end it, and the rest of a value would then be a command, so a
/// value in a comment is written with its line breaks as spaces. It is quoted all the same,
/// unless interpolated as `note:` (text for the reader, such as a route's summary).
public struct ShellCommand: ExpressibleByStringInterpolation, CustomStringConvertible, Sendable {
    private var bytes: [UInt8] = []
    /// Whether the text ends inside a comment.
    private var inComment = false
    /// Where the first line break of the literal text is (a value's do not count): what comes
    /// before it continues the line this command is appended to, comment or not.
    private var firstLineBreak: Int?

    public init(stringLiteral literal: StaticString) {
        literal.withUTF8Buffer { append(written: $0) }
    }

    public init(stringInterpolation: Interpolation) {
        self = stringInterpolation.command
    }

    /// The command lines as a `String`.
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    /// The command lines, quoted already: what a `String` interpolation of a command prints.
    public var description: String { text }

    /// `lhs` followed by `rhs`.
    public static func + (lhs: ShellCommand, rhs: ShellCommand) -> ShellCommand {
        var out = lhs
        out += rhs
        return out
    }

    /// Appends `other` as it is, except that what of it continues a comment keeps to its line.
    public static func += (command: inout ShellCommand, other: ShellCommand) {
        let start = command.bytes.count
        if command.inComment {
            let end = other.firstLineBreak ?? other.bytes.count
            command.bytes += other.bytes[..<end].map { isLineBreak($0) ? UInt8(ascii: " ") : $0 }
            command.bytes += other.bytes[end...]
            command.inComment = other.firstLineBreak == nil || other.inComment
        } else {
            command.bytes += other.bytes
            command.inComment = other.inComment
        }
        if command.firstLineBreak == nil, let end = other.firstLineBreak { command.firstLineBreak = start + end }
    }

    /// Appends text written in code (literal text, `raw:`), following its comments and lines.
    private mutating func append(written text: UnsafeBufferPointer<UInt8>) {
        // Most literal text holds neither a line break nor a comment: copied at once. The
        // audit writes the fixes of thousands of blockers.
        if !text.contains(where: { $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "#") }) {
            bytes.append(contentsOf: text)
            return
        }
        for byte in text {
            if byte == UInt8(ascii: "\n") {
                inComment = false
                if firstLineBreak == nil { firstLineBreak = bytes.count }
            } else if byte == UInt8(ascii: "#"), bytes.last.map(Self.isBlank) ?? true {
                inComment = true
            }
            bytes.append(byte)
        }
    }

    /// Appends a value from data: one quoted word (see `Shell.quoted(_:)`), or in a comment,
    /// when `note` is true, the text as it is; in a comment without line breaks either way.
    private mutating func append(value: String, note: Bool = false) {
        var value = value
        value.withUTF8 { utf8 in
            if inComment {
                let line = utf8.map { Self.isLineBreak($0) ? UInt8(ascii: " ") : $0 }
                if note { bytes += line } else { Shell.appendQuoted(line, to: &bytes) }
            } else {
                Shell.appendQuoted(utf8, to: &bytes)
            }
        }
    }

    /// A carriage return ends a line too when pasted into a terminal, which turns it into one.
    private static func isLineBreak(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
    }

    private static func isBlank(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n")
    }

    /// The pieces of an interpolation: literal text as written, values quoted.
    public struct Interpolation: StringInterpolationProtocol {
        fileprivate var command: ShellCommand = ""

        public init(literalCapacity: Int, interpolationCount: Int) {
            // An interpolated piece is mostly an AWS ID (20 to 30 bytes) or a port.
            command.bytes.reserveCapacity(literalCapacity + 32 * interpolationCount)
        }

        public mutating func appendLiteral(_ literal: StaticString) {
            literal.withUTF8Buffer { command.append(written: $0) }
        }

        /// A value from data (an ID, a name): quoted.
        public mutating func appendInterpolation(_ value: String) {
            command.append(value: value)
        }

        /// A value from data: quoted.
        public mutating func appendInterpolation(_ value: Substring) {
            command.append(value: String(value))
        }

        /// A whole number (a port): digits and a sign, which no shell treats specially.
        public mutating func appendInterpolation(_ value: Int) {
            command.bytes.append(contentsOf: String(value).utf8)
        }

        /// A number, a protocol, a CIDR: what `String(describing:)` prints, quoted (which leaves
        /// those as they are).
        public mutating func appendInterpolation<Value: CustomStringConvertible>(_ value: Value) {
            command.append(value: value.description)
        }

        /// `value` quoted or, when there is none, `placeholder` as written: `<a subnet of
        /// vpc-1>`, for the reader to replace (the values in it quoted).
        public mutating func appendInterpolation<Value: CustomStringConvertible>(
            _ value: Value?, else placeholder: @autoclosure () -> ShellCommand
        ) {
            if let value { appendInterpolation(value) } else { command += placeholder() }
        }

        /// `values` quoted one by one, `separator` between each two: `sg-1,sg-2`.
        public mutating func appendInterpolation(list values: [String], separator: StaticString) {
            for (index, value) in values.enumerated() {
                if index > 0 { appendLiteral(separator) }
                command.append(value: value)
            }
        }

        /// Text for the reader in a comment (a route's summary): as it is, on the comment's
        /// line. Outside a comment, where a shell would read it, it is quoted like any value.
        public mutating func appendInterpolation(note text: String) {
            command.append(value: text, note: true)
        }

        /// A fragment built as a `ShellCommand`, quoted already: as it is.
        public mutating func appendInterpolation(_ fragment: ShellCommand) {
            command += fragment
        }

        /// Text that is part of the command as written in code (`--egress`, a verb), never a
        /// value from data: as it is.
        public mutating func appendInterpolation(raw text: String) {
            var text = text
            text.withUTF8 { command.append(written: $0) }
        }
    }
}

extension Sequence where Element == ShellCommand {
    /// The commands one after the other, `separator` between each two.
    public func joined(separator: ShellCommand) -> ShellCommand {
        var out: ShellCommand = ""
        for (index, command) in enumerated() {
            if index > 0 { out += separator }
            out += command
        }
        return out
    }
}
