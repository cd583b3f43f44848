/// An IPv4 address as a 32-bit integer, so that containment and ranges are integer arithmetic.
public struct IPv4Address: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var value: UInt32

    public init(_ value: UInt32) { self.value = value }

    /// Parses dotted-quad notation (`10.0.1.5`); nil for anything else.
    public init?(_ text: Substring) {
        guard let parsed = Self.withUTF8(text, { IPv4Address(utf8: $0) }) else { return nil }
        self = parsed
    }

    /// `init?(_:)` from the text's UTF-8 bytes, in place: the loader parses the addresses of an
    /// organisation's rules and routes where SQLite holds them, without making each a `String`.
    public init?(utf8 text: UnsafeBufferPointer<UInt8>) {
        var result: UInt32 = 0
        var octets = 0
        var current: UInt32 = 0
        var digits = 0
        for byte in text {
            if byte == UInt8(ascii: ".") {
                guard digits > 0, octets < 3 else { return nil }
                result = result << 8 | current
                octets += 1
                current = 0
                digits = 0
            } else if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                // A leading zero (`010`) reads as octal to some tools and decimal to others:
                // AWS refuses it, and so does this.
                guard !(digits == 1 && current == 0) else { return nil }
                current = current * 10 + UInt32(byte - UInt8(ascii: "0"))
                digits += 1
                guard current <= 255, digits <= 3 else { return nil }
            } else {
                return nil
            }
        }
        guard digits > 0, octets == 3 else { return nil }
        self.value = result << 8 | current
    }

    /// `body` of the UTF-8 bytes of `text`, in place when its storage allows.
    static func withUTF8<R>(_ text: Substring, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        text.utf8.withContiguousStorageIfAvailable(body) ?? Array(text.utf8).withUnsafeBufferPointer(body)
    }

    public init?(_ text: String) { self.init(Substring(text)) }

    public static func < (lhs: IPv4Address, rhs: IPv4Address) -> Bool { lhs.value < rhs.value }

    /// Dotted-quad notation. Written digit by digit: explanations print addresses by the
    /// hundred thousand, and generic integer formatting costs ten times as much.
    public var description: String {
        String(unsafeUninitializedCapacity: 15) { buffer in write(into: buffer, at: 0) }
    }

    /// Writes the dotted quad into `buffer` from `start`; returns where it ends.
    func write(into buffer: UnsafeMutableBufferPointer<UInt8>, at start: Int) -> Int {
        var end = start
        for shift in stride(from: 24, through: 0, by: -8) {
            let octet = Int(value >> UInt32(shift) & 0xff)
            if octet >= 100 {
                buffer[end] = UInt8(ascii: "0") + UInt8(octet / 100)
                end += 1
            }
            if octet >= 10 {
                buffer[end] = UInt8(ascii: "0") + UInt8(octet / 10 % 10)
                end += 1
            }
            buffer[end] = UInt8(ascii: "0") + UInt8(octet % 10)
            end += 1
            if shift > 0 {
                buffer[end] = UInt8(ascii: ".")
                end += 1
            }
        }
        return end
    }
}

/// An IPv4 CIDR block (`10.0.0.0/16`). Host bits are kept as written but ignored by matching,
/// as AWS does for rules such as `10.0.1.7/24`.
public struct IPv4CIDR: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var address: IPv4Address
    public var prefixLength: Int

    public init(address: IPv4Address, prefixLength: Int) {
        precondition((0...32).contains(prefixLength))
        self.address = address
        self.prefixLength = prefixLength
    }

    /// Parses `A.B.C.D/N`; a bare address is a /32. Read in one pass over the bytes, with no
    /// split: an organisation's rules, routes and ACL entries are parsed by the hundred thousand.
    public init?(_ text: String) {
        guard let parsed = IPv4Address.withUTF8(Substring(text), { IPv4CIDR(utf8: $0) }) else { return nil }
        self = parsed
    }

    /// `init?(_:)` from the text's UTF-8 bytes, in place (see `IPv4Address.init?(utf8:)`).
    public init?(utf8 text: UnsafeBufferPointer<UInt8>) {
        guard let slash = text.firstIndex(of: UInt8(ascii: "/")) else {
            guard let address = IPv4Address(utf8: text) else { return nil }
            self.init(address: address, prefixLength: 32)
            return
        }
        guard let address = IPv4Address(utf8: UnsafeBufferPointer(rebasing: text[..<slash])) else { return nil }
        var length = 0
        var digits = 0
        for byte in text[(slash + 1)...] {
            guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { return nil }
            length = length * 10 + Int(byte - UInt8(ascii: "0"))
            digits += 1
            guard length <= 32 else { return nil }
        }
        guard digits > 0 else { return nil }
        self.init(address: address, prefixLength: length)
    }

    public static let any = IPv4CIDR(address: IPv4Address(0), prefixLength: 0)

    public var mask: UInt32 { prefixLength == 0 ? 0 : UInt32.max << UInt32(32 - prefixLength) }
    public var first: IPv4Address { IPv4Address(address.value & mask) }
    public var last: IPv4Address { IPv4Address(address.value | ~mask) }
    public var range: ClosedRange<UInt32> { first.value...last.value }

    public func contains(_ other: IPv4Address) -> Bool { other.value & mask == address.value & mask }
    public func contains(_ other: IPv4CIDR) -> Bool {
        other.prefixLength >= prefixLength && contains(other.address)
    }
    public func overlaps(_ other: IPv4CIDR) -> Bool { contains(other.first) || other.contains(first) }

    public static func < (lhs: IPv4CIDR, rhs: IPv4CIDR) -> Bool {
        (lhs.first.value, lhs.prefixLength) < (rhs.first.value, rhs.prefixLength)
    }

    public var description: String {
        String(unsafeUninitializedCapacity: 18) { buffer in
            var end = address.write(into: buffer, at: 0)
            buffer[end] = UInt8(ascii: "/")
            end += 1
            if prefixLength >= 10 {
                buffer[end] = UInt8(ascii: "0") + UInt8(prefixLength / 10)
                end += 1
            }
            buffer[end] = UInt8(ascii: "0") + UInt8(prefixLength % 10)
            return end + 1
        }
    }
}

/// A set of IPv4 addresses kept as sorted, disjoint, non-adjacent closed intervals.
///
/// Reachability questions are about sets, not single packets: "the function" is any address of
/// its subnet, "the internet" any public address, "S3" the addresses of a prefix list. A rule
/// lets the traffic through only when it covers the whole set.
public struct AddressSet: Hashable, Sendable, CustomStringConvertible {
    public private(set) var intervals: [ClosedRange<UInt32>]

    public init() { intervals = [] }
    public init(_ cidrs: [IPv4CIDR]) { self.init(ranges: cidrs.map(\.range)) }
    public init(_ cidr: IPv4CIDR) { intervals = [cidr.range] }
    public init(_ address: IPv4Address) { intervals = [address.value...address.value] }

    public init(ranges: [ClosedRange<UInt32>]) {
        var merged: [ClosedRange<UInt32>] = []
        for range in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let lastRange = merged.last,
                lastRange.upperBound == UInt32.max || range.lowerBound <= lastRange.upperBound + 1
            {
                merged[merged.count - 1] = lastRange.lowerBound...max(lastRange.upperBound, range.upperBound)
            } else {
                merged.append(range)
            }
        }
        intervals = merged
    }

    /// Intervals already sorted, disjoint and not adjacent: what intersection and subtraction
    /// of two such sets give, so they skip the sort and merge.
    private init(normalized intervals: [ClosedRange<UInt32>]) { self.intervals = intervals }

    public static let all = AddressSet(IPv4CIDR.any)

    /// Every address that is routable on the public internet: all of IPv4 less the special-use
    /// blocks of RFC 6890 (private, shared, loopback, link-local, multicast, reserved).
    public static let publicInternet: AddressSet = {
        let special = [
            "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16",
            "172.16.0.0/12", "192.0.0.0/24", "192.168.0.0/16", "198.18.0.0/15", "224.0.0.0/4",
            "240.0.0.0/4",
        ].compactMap(IPv4CIDR.init)
        return AddressSet.all.subtracting(AddressSet(special))
    }()

    public var isEmpty: Bool { intervals.isEmpty }

    public func contains(_ address: IPv4Address) -> Bool {
        intervals.contains { $0.contains(address.value) }
    }

    /// Whether every address is in `other`: each interval lies within one of `other`'s, since
    /// `other`'s intervals are neither overlapping nor adjacent.
    public func isSubset(of other: AddressSet) -> Bool {
        var j = 0
        for interval in intervals {
            while j < other.intervals.count && other.intervals[j].upperBound < interval.lowerBound { j += 1 }
            guard j < other.intervals.count, other.intervals[j].lowerBound <= interval.lowerBound,
                interval.upperBound <= other.intervals[j].upperBound
            else { return false }
        }
        return true
    }

    /// Whether some address is in both (the intersection, without building it).
    public func intersects(_ other: AddressSet) -> Bool { intersects(intervals: other.intervals) }

    /// Whether some address of `range` is in the set.
    public func intersects(_ range: ClosedRange<UInt32>) -> Bool { intersects(intervals: CollectionOfOne(range)) }

    /// Whether some address is in both the set and `others` (sorted, disjoint intervals).
    private func intersects<Others: RandomAccessCollection<ClosedRange<UInt32>>>(intervals others: Others) -> Bool {
        var i = 0
        var j = others.startIndex
        while i < intervals.count && j < others.endIndex {
            let a = intervals[i]
            let b = others[j]
            if max(a.lowerBound, b.lowerBound) <= min(a.upperBound, b.upperBound) { return true }
            if a.upperBound < b.upperBound { i += 1 } else { j = others.index(after: j) }
        }
        return false
    }

    public func union(_ other: AddressSet) -> AddressSet {
        AddressSet(ranges: intervals + other.intervals)
    }

    public func intersection(_ other: AddressSet) -> AddressSet {
        var result: [ClosedRange<UInt32>] = []
        var i = 0
        var j = 0
        while i < intervals.count && j < other.intervals.count {
            let a = intervals[i]
            let b = other.intervals[j]
            let low = max(a.lowerBound, b.lowerBound)
            let high = min(a.upperBound, b.upperBound)
            if low <= high { result.append(low...high) }
            if a.upperBound < b.upperBound { i += 1 } else { j += 1 }
        }
        return AddressSet(normalized: result)
    }

    public func subtracting(_ other: AddressSet) -> AddressSet { subtracting(cuts: other.intervals) }

    /// The set less the addresses of `range`.
    public func subtracting(_ range: ClosedRange<UInt32>) -> AddressSet { subtracting(cuts: CollectionOfOne(range)) }

    /// The set less `cuts` (sorted, disjoint intervals).
    private func subtracting<Cuts: Collection<ClosedRange<UInt32>>>(cuts: Cuts) -> AddressSet {
        var result: [ClosedRange<UInt32>] = []
        for interval in intervals {
            var low = interval.lowerBound
            var exhausted = false
            for cut in cuts where cut.upperBound >= low && cut.lowerBound <= interval.upperBound {
                if cut.lowerBound > low { result.append(low...(cut.lowerBound - 1)) }
                if cut.upperBound >= interval.upperBound {
                    exhausted = true
                    break
                }
                low = cut.upperBound + 1
            }
            if !exhausted { result.append(low...interval.upperBound) }
        }
        return AddressSet(normalized: result)
    }

    /// A representative address, used to name a concrete packet in explanations.
    public var first: IPv4Address? { intervals.first.map { IPv4Address($0.lowerBound) } }

    /// The set as the fewest CIDR blocks that hold exactly its addresses, in order: what a rule
    /// that must admit the set (and nothing more) names. A block must start at a multiple of its
    /// size, so `10.0.1.0-10.0.2.255` is `10.0.1.0/24` and `10.0.2.0/24`, not one /23.
    public var cidrs: [IPv4CIDR] {
        var blocks: [IPv4CIDR] = []
        for interval in intervals {
            var low = UInt64(interval.lowerBound)
            let high = UInt64(interval.upperBound)
            while low <= high {
                // The largest block that starts at `low` (its alignment) and ends by `high`.
                var size: UInt64 = low == 0 ? 1 << 32 : 1 << UInt64(low.trailingZeroBitCount)
                while low + size - 1 > high { size >>= 1 }
                blocks.append(
                    IPv4CIDR(address: IPv4Address(UInt32(low)), prefixLength: 32 - size.trailingZeroBitCount))
                low += size
            }
        }
        return blocks
    }

    /// The smallest CIDR block that holds every address of the set (`0.0.0.0/0` when it is
    /// empty): a route destination that covers it.
    public var coveringCIDR: IPv4CIDR {
        guard let low = intervals.first?.lowerBound, let high = intervals.last?.upperBound else { return .any }
        let length = (low ^ high).leadingZeroBitCount
        let mask: UInt32 = length == 0 ? 0 : ~0 << UInt32(32 - length)
        return IPv4CIDR(address: IPv4Address(low & mask), prefixLength: length)
    }

    public var description: String {
        if self == .all { return "0.0.0.0/0" }
        return intervals.map { range in
            range.lowerBound == range.upperBound
                ? IPv4Address(range.lowerBound).description
                : "\(IPv4Address(range.lowerBound))-\(IPv4Address(range.upperBound))"
        }.joined(separator: ",")
    }
}

/// An inclusive range of TCP/UDP ports.
public struct PortRange: Hashable, Sendable, CustomStringConvertible {
    public var from: Int
    public var to: Int
    public init(_ from: Int, _ to: Int) {
        self.from = from
        self.to = to
    }
    public init(_ port: Int) { self.init(port, port) }

    public static let all = PortRange(0, 65535)
    /// The ports return traffic comes back to: Lambda's Hyperplane ENIs, NAT gateways and
    /// most clients use 1024-65535, which is what AWS tells NACL authors to allow.
    public static let ephemeral = PortRange(1024, 65535)

    public func contains(_ other: PortRange) -> Bool { from <= other.from && other.to <= to }
    public func overlaps(_ other: PortRange) -> Bool { from <= other.to && other.from <= to }

    public var description: String { from == to ? String(from) : String(from) + "-" + String(to) }
}
