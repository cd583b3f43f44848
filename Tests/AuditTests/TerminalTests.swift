import ReachReport
import Testing

@Suite("Terminal.escaped: control characters from data shown, not obeyed")
struct TerminalTests {
    @Test(
        "ordinary names, IDs, ARNs and non-ASCII text are left as they are",
        arguments: [
            "orders-api", "arn:aws:lambda:us-east-1:123456789012:function:orders-api", "sg-0a1b2c3d4e5f60718 (web)",
            "Zürich — café", "日本語の名前", "tab-less", "",
        ])
    func plainText(text: String) {
        #expect(Terminal.escaped(text) == text)
        #expect(Terminal.escaped(text, keepingNewlines: true) == text)
    }

    @Test("C0, DEL, C1 and bidi controls become visible escapes")
    func controls() {
        #expect(Terminal.escaped("a\u{1B}[2Jb") == "a\\x1b[2Jb")
        #expect(Terminal.escaped("title\u{1B}]0;pwned\u{07}") == "title\\x1b]0;pwned\\x07")
        #expect(Terminal.escaped("x\ry\nz\t") == "x\\ry\\nz\\t")
        #expect(Terminal.escaped("\u{00}\u{7F}") == "\\x00\\x7f")
        #expect(Terminal.escaped("c1\u{85}\u{9B}") == "c1\\u{85}\\u{9b}")
        #expect(
            Terminal.escaped("\u{202E}txt.exe\u{2066}\u{2069}\u{202A}") == "\\u{202e}txt.exe\\u{2066}\\u{2069}\\u{202a}"
        )
        // Characters next to them are not: U+2028 and U+200F stay as they are.
        #expect(Terminal.escaped("\u{2028}\u{200F}") == "\u{2028}\u{200F}")
    }

    @Test("keepingNewlines keeps the line breaks of composed text and escapes the rest")
    func keepingNewlines() {
        #expect(Terminal.escaped("fix one\nfix two\r\u{1B}", keepingNewlines: true) == "fix one\nfix two\\r\\x1b")
    }
}
