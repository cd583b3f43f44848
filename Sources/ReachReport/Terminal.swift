/// Text for a terminal, from values that come from data: names, IDs and messages read from an
/// inventory, an export or a file. A terminal acts on control characters: ESC sequences clear
/// the screen or set the window title, CR and newline let a name forge a line of its own (a
/// "reachable via ..." that the solver never wrote), bidi overrides reorder what is shown.
/// Every such character is shown as a visible escape instead: `\x1b`, `\n`, `\u{202e}`.
///
/// The text renderers call this on every value they take from data, never on what they write
/// themselves (their own line breaks, colours and layout). JSON and SARIF need none of it:
/// their encoders escape control characters already.
public enum Terminal {
    /// `text` with its control characters escaped: C0 (`\x00`-`\x1f`, `\n` `\r` `\t` by name),
    /// DEL (`\x7f`), C1 (`\u{80}`-`\u{9f}`) and the bidi embeddings, overrides and isolates
    /// (`\u{202a}`-`\u{202e}`, `\u{2066}`-`\u{2069}`). With `keepingNewlines`, `\n` stays a
    /// line break: for multi-line text composed by the solver or the audit (a blocker's
    /// message, a fix of several commands), whose lines the renderer indents.
    public static func escaped(_ text: String, keepingNewlines: Bool = false) -> String {
        // Almost every value is plain: one pass over its bytes finds none of the lead bytes
        // the escaped characters can start with (below 0x20, 0x7f, 0xc2 for C1, 0xe2 for the
        // U+2xxx bidi controls), and the text is returned as it is.
        var plain = true
        for byte in text.utf8 where byte < 0x20 || byte == 0x7F || byte == 0xC2 || byte == 0xE2 {
            if keepingNewlines && byte == UInt8(ascii: "\n") { continue }
            plain = false
            break
        }
        if plain { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0A where keepingNewlines: out.unicodeScalars.append(scalar)
            case 0x0A: out += "\\n"
            case 0x0D: out += "\\r"
            case 0x09: out += "\\t"
            case 0x00..<0x20, 0x7F: out += "\\x" + hex(scalar.value, digits: 2)
            case 0x80..<0xA0, 0x202A...0x202E, 0x2066...0x2069: out += "\\u{" + hex(scalar.value, digits: 2) + "}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// `value` in lower-case hex, at least `digits` long.
    static func hex(_ value: UInt32, digits: Int) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }
}
