/// Text for HTML and XML (the SVG drawings, the HTML audit): `&`, `<`, `>`, `"` and `'` as
/// character references, so that a value from data is text wherever it is put, element or
/// quoted attribute. Control characters are escaped visibly first (`Terminal.escaped`): XML
/// forbids most of them, and a newline must not start a line of its own in a label.
public enum Markup {
    public static func escaped(_ text: String, keepingNewlines: Bool = false) -> String {
        let visible = Terminal.escaped(text, keepingNewlines: keepingNewlines)
        var plain = true
        for byte in visible.utf8
        where byte == UInt8(ascii: "&") || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">")
            || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'")
        {
            plain = false
            break
        }
        if plain { return visible }
        var out = ""
        out.reserveCapacity(visible.utf8.count + 16)
        for scalar in visible.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
