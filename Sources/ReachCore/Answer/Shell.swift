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
        var out = "'"
        for character in value.unicodeScalars {
            if character == "'" {
                out += "'\\''"
            } else {
                out.unicodeScalars.append(character)
            }
        }
        return out + "'"
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
