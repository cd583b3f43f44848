/// An IPv6 address as two 64-bit halves, so that prefix matching is integer arithmetic.
public struct IPv6Address: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var high: UInt64
    public var low: UInt64

    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// Parses RFC 4291 text (`2600:1f18::1`, `::`, `::ffff:1.2.3.4` is not accepted); nil otherwise.
    public init?(_ text: Substring) {
        // Split at "::" (at most once) without Foundation.
        var halves: [String] = []
        var current = ""
        var previous: Character?
        for character in text {
            if character == ":" && previous == ":" {
                current.removeLast()
                halves.append(current)
                current = ""
                previous = nil
                continue
            }
            current.append(character)
            previous = character
        }
        halves.append(current)
        guard halves.count <= 2, !text.isEmpty else { return nil }
        func groups(_ part: String) -> [UInt16]? {
            if part.isEmpty { return [] }
            var result: [UInt16] = []
            for group in part.split(separator: ":", omittingEmptySubsequences: false) {
                guard (1...4).contains(group.count), let value = UInt16(group, radix: 16) else { return nil }
                result.append(value)
            }
            return result
        }
        guard let head = groups(halves[0]) else { return nil }
        var all = head
        if halves.count == 2 {
            guard let tail = groups(halves[1]), head.count + tail.count <= 7 else { return nil }
            all += [UInt16](repeating: 0, count: 8 - head.count - tail.count) + tail
        }
        guard all.count == 8 else { return nil }
        high = all[0..<4].reduce(0) { $0 << 16 | UInt64($1) }
        low = all[4..<8].reduce(0) { $0 << 16 | UInt64($1) }
    }

    public init?(_ text: String) { self.init(Substring(text)) }

    public static func < (lhs: IPv6Address, rhs: IPv6Address) -> Bool { (lhs.high, lhs.low) < (rhs.high, rhs.low) }

    /// The shortest form: the longest run of zero groups as `::`.
    public var description: String {
        var groups: [UInt16] = []
        for half in [high, low] {
            for shift in stride(from: 48, through: 0, by: -16) {
                groups.append(UInt16(truncatingIfNeeded: half >> UInt64(shift)))
            }
        }
        var bestStart = -1
        var bestLength = 1
        var index = 0
        while index < 8 {
            guard groups[index] == 0 else {
                index += 1
                continue
            }
            let start = index
            while index < 8 && groups[index] == 0 { index += 1 }
            if index - start > bestLength {
                bestStart = start
                bestLength = index - start
            }
        }
        let text = groups.map { String($0, radix: 16) }
        guard bestStart >= 0 else { return text.joined(separator: ":") }
        let head = text[..<bestStart].joined(separator: ":")
        let tail = text[(bestStart + bestLength)...].joined(separator: ":")
        return "\(head)::\(tail)"
    }
}

/// An IPv6 CIDR block (`2600:1f18:abcd::/56`).
public struct IPv6CIDR: Hashable, Sendable, CustomStringConvertible {
    public var address: IPv6Address
    public var prefixLength: Int

    public init(address: IPv6Address, prefixLength: Int) {
        precondition((0...128).contains(prefixLength))
        self.address = address
        self.prefixLength = prefixLength
    }

    public init?(_ text: String) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let address = IPv6Address(parts[0]) else { return nil }
        var length = 128
        if parts.count == 2 {
            guard let parsed = Int(parts[1]), (0...128).contains(parsed) else { return nil }
            length = parsed
        }
        self.init(address: address, prefixLength: length)
    }

    public static let any = IPv6CIDR(address: IPv6Address(high: 0, low: 0), prefixLength: 0)
    /// Global unicast space, where every public IPv6 address is (2000::/3).
    public static let globalUnicast = IPv6CIDR(address: IPv6Address(high: 0x2000 << 48, low: 0), prefixLength: 3)
    /// NAT64's well-known prefix (64:ff9b::/96, RFC 6052): an address in it is the IPv4 address
    /// in its last 32 bits, which a NAT gateway translates it to.
    public static let nat64 = IPv6CIDR(address: IPv6Address(high: 0x0064_ff9b << 32, low: 0), prefixLength: 96)

    private static func mask(_ bits: Int) -> UInt64 {
        bits <= 0 ? 0 : (bits >= 64 ? UInt64.max : UInt64.max << UInt64(64 - bits))
    }

    public func contains(_ other: IPv6Address) -> Bool {
        let highMask = Self.mask(prefixLength)
        let lowMask = Self.mask(prefixLength - 64)
        return other.high & highMask == address.high & highMask && other.low & lowMask == address.low & lowMask
    }

    /// Whether every address of `other` is in this block.
    public func contains(_ other: IPv6CIDR) -> Bool { other.prefixLength >= prefixLength && contains(other.address) }

    public var description: String { "\(address)/\(prefixLength)" }
}
