import Testing

@testable import ReachCore

@Suite("Prose: sentences interpolated into UTF-8 bytes say what String interpolation says")
struct ProseTests {
    @Test("every kind of piece, byte for byte as String interpolation writes it")
    func pieces() {
        let groups = ["sg-0a", "sg-0b", "sg-0c"]
        let target = Target.database("db-0")
        let cidr = IPv4CIDR("10.0.17.0/24")!
        let prose: Prose =
            "\(target) (\(IPProtocol.tcp)/\(5432)) from \(groups, separator: ", ") in \(cidr), zone \("eu-west-1b")."
        #expect(
            prose.text
                == "\(target) (\(IPProtocol.tcp)/\(5432)) from \(groups.joined(separator: ", ")) in \(cidr), zone eu-west-1b."
        )
        #expect(prose.text == "rds:db-0 (tcp/5432) from sg-0a, sg-0b, sg-0c in 10.0.17.0/24, zone eu-west-1b.")
    }

    @Test("literals alone, empty pieces, lists of none and one, non-ASCII text")
    func edges() {
        let plain: Prose = "no pieces at all"
        #expect(plain.text == "no pieces at all")
        let empty: Prose = ""
        #expect(empty.text.isEmpty)
        let none: [String] = []
        let lists: Prose = "[\(none, separator: ", ")] [\(["one"], separator: ", ")] [\("")]"
        #expect(lists.text == "[] [one] []")
        let name = "función-ü→"
        let unicode: Prose = "\(name) — \(name.count)"
        #expect(unicode.text == "función-ü→ — 10")
    }

    @Test("+= and a Prose inside another append the words in order")
    func appending() {
        var sentence: Prose = "fn cannot reach \("internet")."
        let blocker: Prose = "NO_ROUTE_TO_DESTINATION at \("rtb-0a")"
        sentence += " \(blocker): no route."
        sentence += " And more."
        #expect(sentence.text == "fn cannot reach internet. NO_ROUTE_TO_DESTINATION at rtb-0a: no route. And more.")
    }
}
