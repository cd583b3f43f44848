import Testing

@testable import ReachCore

@Suite("IPv4 addresses, CIDRs and address sets")
struct IPv4Tests {
    @Test("octets with a leading zero are refused, as AWS refuses them (octal to some tools, decimal to others)")
    func leadingZeros() {
        for text in ["010.0.0.0", "10.00.0.1", "10.0.0.01", "1.2.3.004"] {
            #expect(IPv4Address(text) == nil, "\(text)")
        }
        for text in ["0.0.0.0", "10.0.0.1", "100.64.0.10", "255.255.255.255"] {
            #expect(IPv4Address(text) != nil, "\(text)")
        }
        #expect(IPv4CIDR("010.0.0.0/8") == nil)
    }

    @Test("parses dotted quads and rejects everything else")
    func parsing() {
        #expect(IPv4Address("10.0.1.5")?.value == 0x0A00_0105)
        #expect(IPv4Address("255.255.255.255")?.value == UInt32.max)
        for bad in ["", "10.0.1", "10.0.1.256", "1.2.3.4.5", "a.b.c.d", "10..1.1", "1.2.3.4 ", "0001.2.3.4"] {
            #expect(IPv4Address(bad) == nil, "\(bad)")
        }
        #expect(IPv4CIDR("10.0.0.0/16")?.prefixLength == 16)
        #expect(IPv4CIDR("10.0.0.7")?.prefixLength == 32)
        #expect(IPv4CIDR("10.0.0.0/33") == nil)
        #expect(IPv4CIDR("0.0.0.0/0") == IPv4CIDR.any)
        #expect(IPv4CIDR("10.0.0.0/08")?.prefixLength == 8)
        for bad in [
            "10.0.0.0/", "10.0.0.0/-1", "10.0.0.0/+8", "10.0.0.0/1a", "10.0.0.0/8/8", "10.0.0/8", "/8", "",
            "10.0.0.0/100",
        ] {
            #expect(IPv4CIDR(bad) == nil, "\(bad)")
        }
        // Every length reads back as printed, the address as given (host bits kept).
        for length in 0...32 {
            let cidr = IPv4CIDR("192.168.7.9/\(length)")
            #expect(cidr?.prefixLength == length)
            #expect(cidr?.address == IPv4Address("192.168.7.9"))
        }
    }

    @Test("protocols as the CLI prints them, names in any case, numbers 0 to 255")
    func protocols() {
        #expect(IPProtocol(aws: "-1") == .all)
        #expect(IPProtocol(aws: "all") == .all)
        #expect(IPProtocol(aws: "tcp") == .tcp)
        #expect(IPProtocol(aws: "TCP") == .tcp)
        #expect(IPProtocol(aws: "Udp") == .udp)
        #expect(IPProtocol(aws: "6") == .tcp)
        #expect(IPProtocol(aws: "icmp") == .icmp)
        #expect(IPProtocol(aws: "ICMPv6") == .number(58))
        #expect(IPProtocol(aws: "58") == .number(58))
        #expect(IPProtocol(aws: "47") == .number(47))
        for bad in ["", "256", "-2", "tcpx", "ALLx"] {
            #expect(IPProtocol(aws: bad) == nil, "\(bad)")
        }
    }

    @Test("addresses, CIDRs and port ranges print as they parse")
    func printing() {
        var generator = SystemRandomNumberGenerator()
        let edges: [UInt32] = [0, 1, 9, 10, 99, 100, 255, 0x0A00_0105, 0x6464_6464, UInt32.max]
        for value in edges + (0..<2000).map({ _ in UInt32.random(in: 0...UInt32.max, using: &generator) }) {
            let octets = [value >> 24, value >> 16 & 0xff, value >> 8 & 0xff, value & 0xff]
            let expected = octets.map(String.init).joined(separator: ".")
            #expect(IPv4Address(value).description == expected)
            #expect(IPv4Address(expected)?.value == value)
            let length = Int(value % 33)
            #expect(IPv4CIDR(address: IPv4Address(value), prefixLength: length).description == "\(expected)/\(length)")
        }
        #expect(PortRange(443, 443).description == "443")
        #expect(PortRange(0, 65535).description == "0-65535")
    }

    @Test("containment ignores host bits, as AWS does")
    func containment() throws {
        let cidr = try #require(IPv4CIDR("10.0.1.7/24"))
        #expect(cidr.contains(IPv4Address("10.0.1.255")!))
        #expect(!cidr.contains(IPv4Address("10.0.2.0")!))
        #expect(cidr.first.description == "10.0.1.0")
        #expect(IPv4CIDR.any.contains(cidr))
        #expect(!cidr.contains(IPv4CIDR.any))
    }

    @Test("set algebra: union merges adjacent blocks, subtraction splits")
    func sets() {
        let a = AddressSet([IPv4CIDR("10.0.0.0/25")!, IPv4CIDR("10.0.0.128/25")!])
        #expect(a == AddressSet(IPv4CIDR("10.0.0.0/24")!))
        let hole = a.subtracting(AddressSet(IPv4Address("10.0.0.9")!))
        #expect(hole.intervals.count == 2)
        #expect(!hole.contains(IPv4Address("10.0.0.9")!))
        #expect(hole.contains(IPv4Address("10.0.0.10")!))
        #expect(AddressSet.all.subtracting(.all).isEmpty)
        #expect(a.intersection(AddressSet(IPv4CIDR("10.0.0.128/26")!)) == AddressSet(IPv4CIDR("10.0.0.128/26")!))
        #expect(AddressSet(IPv4CIDR("10.0.0.0/24")!).isSubset(of: AddressSet(IPv4CIDR("10.0.0.0/16")!)))
        #expect(!AddressSet(IPv4CIDR("10.0.0.0/16")!).isSubset(of: AddressSet(IPv4CIDR("10.0.0.0/24")!)))
    }

    @Test("a set as CIDR blocks: aligned, exact, fewest; and the one block that holds it")
    func blocks() {
        // 10.0.1.0-10.0.2.255 is 512 addresses but no /23 holds exactly them: a /23 starts at an
        // even third octet.
        let straddling = AddressSet(ranges: [IPv4Address("10.0.1.0")!.value...IPv4Address("10.0.2.255")!.value])
        #expect(straddling.cidrs.map(\.description) == ["10.0.1.0/24", "10.0.2.0/24"])
        #expect(straddling.coveringCIDR.description == "10.0.0.0/22")
        let subnets = AddressSet([IPv4CIDR("10.0.20.0/24")!, IPv4CIDR("10.0.22.0/24")!])
        #expect(subnets.cidrs.map(\.description) == ["10.0.20.0/24", "10.0.22.0/24"])
        #expect(subnets.coveringCIDR.description == "10.0.20.0/22")
        #expect(AddressSet(IPv4Address("10.0.0.9")!).cidrs.map(\.description) == ["10.0.0.9/32"])
        #expect(AddressSet(IPv4Address("10.0.0.9")!).coveringCIDR.description == "10.0.0.9/32")
        #expect(AddressSet.all.cidrs == [IPv4CIDR.any])
        #expect(AddressSet.all.coveringCIDR == IPv4CIDR.any)
        #expect(AddressSet().cidrs.isEmpty)
        #expect(AddressSet().coveringCIDR == IPv4CIDR.any)
        let top = AddressSet(ranges: [IPv4Address("255.255.255.254")!.value...UInt32.max])
        #expect(top.cidrs.map(\.description) == ["255.255.255.254/31"])
        // Random sets: the blocks are aligned, rebuild the set exactly, and none could merge with
        // the next (two halves of one block would be that block).
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            let ranges = (0..<Int.random(in: 1...4, using: &generator)).map { _ -> ClosedRange<UInt32> in
                let low = UInt32.random(in: 0...UInt32.max - 70_000, using: &generator)
                return low...(low + UInt32.random(in: 0...70_000, using: &generator))
            }
            let set = AddressSet(ranges: ranges)
            let blocks = set.cidrs
            for block in blocks {
                let hostBits: UInt32 = block.prefixLength == 0 ? .max : ~(~0 << UInt32(32 - block.prefixLength))
                #expect(block.address.value & hostBits == 0, "\(block) is not aligned")
            }
            #expect(AddressSet(blocks) == set)
            for (one, next) in zip(blocks, blocks.dropFirst()) where one.prefixLength == next.prefixLength {
                let adjacent = UInt64(one.range.upperBound) + 1 == UInt64(next.range.lowerBound)
                let pairAligned = UInt64(one.address.value) % (UInt64(1) << UInt64(33 - one.prefixLength)) == 0
                #expect(!(adjacent && pairAligned), "\(one) and \(next) are one block")
            }
            let covering = set.coveringCIDR
            #expect(set.isSubset(of: AddressSet(covering)))
            // One bit shorter would not hold it, unless it is the whole space already.
            if covering.prefixLength < 32 {
                let narrower = IPv4CIDR(address: covering.address, prefixLength: covering.prefixLength + 1)
                let upper = IPv4CIDR(
                    address: IPv4Address(covering.address.value | (UInt32(1) << UInt32(31 - covering.prefixLength))),
                    prefixLength: covering.prefixLength + 1)
                #expect(!set.isSubset(of: AddressSet(narrower)) && !set.isSubset(of: AddressSet(upper)))
            }
        }
    }

    @Test("the public internet excludes private, shared, loopback, link-local and multicast space")
    func publicInternet() {
        for address in ["8.8.8.8", "52.216.237.77", "1.1.1.1", "100.63.255.255"] {
            #expect(AddressSet.publicInternet.contains(IPv4Address(address)!), "\(address)")
        }
        for address in [
            "10.1.2.3", "172.16.0.1", "192.168.1.1", "100.64.0.1", "127.0.0.1", "169.254.169.254", "224.0.0.1",
        ] {
            #expect(!AddressSet.publicInternet.contains(IPv4Address(address)!), "\(address)")
        }
    }

    @Test("targets parse and print back")
    func targets() throws {
        for text in [
            "internet", "logs", "s3", "dynamodb", "aws:secretsmanager", "rds:orders-db", "ip:10.0.0.1",
            "ip:10.0.0.1:5432",
        ] {
            #expect(try Target(parsing: text).description == text)
        }
        #expect(throws: TargetError.self) { try Target(parsing: "ip:10.0.0.1:99999") }
        #expect(throws: TargetError.self) { try Target(parsing: "database") }
        #expect(try Target(parsing: "ip:1.2.3.4:80").port() == 80)
        #expect(try Target(parsing: "ip:1.2.3.4:80").port(asked: 8080) == 8080)
        #expect(try Target(parsing: "ip:1.2.3.4").port() == 443)
    }
}

@Suite("network ACL and security-group filters")
struct FilterTests {
    func entry(_ number: Int, _ allow: Bool, _ cidr: String, _ ports: PortRange = .all, _ ipProtocol: IPProtocol = .tcp)
        -> NetworkACLEntry
    {
        NetworkACLEntry(ruleNumber: number, ipProtocol: ipProtocol, allow: allow, cidr: IPv4CIDR(cidr), ports: ports)
    }

    @Test("first match wins, in rule-number order")
    func firstMatch() {
        let denyFirst = [entry(100, false, "0.0.0.0/0", PortRange(443)), entry(200, true, "0.0.0.0/0")]
        let decision = Filters.acl(entries: denyFirst, ipProtocol: .tcp, remote: .publicInternet, ports: PortRange(443))
        #expect(!decision.allowed)
        #expect(decision.denying?.ruleNumber == 100)
        let allowFirst = [entry(100, true, "0.0.0.0/0"), entry(200, false, "0.0.0.0/0")]
        #expect(
            Filters.acl(entries: allowFirst, ipProtocol: .tcp, remote: .publicInternet, ports: PortRange(443)).allowed)
    }

    @Test("the internet at large is judged by the widest entries that decide part of it")
    func atLarge() {
        func decide(_ entries: [NetworkACLEntry], ports: PortRange = PortRange(443)) -> Filters.ACLDecision {
            Filters.aclAtLarge(entries: entries, ipProtocol: .tcp, remote: .publicInternet, ports: ports)
        }
        // A blocklisted range before the allow: the rest of the internet decides, the range is
        // an exception (Filters.acl, every address, denies it).
        let blocklist = [entry(50, false, "203.0.113.0/24"), entry(100, true, "0.0.0.0/0")]
        #expect(
            !Filters.acl(entries: blocklist, ipProtocol: .tcp, remote: .publicInternet, ports: PortRange(443)).allowed)
        let allowed = decide(blocklist)
        #expect(allowed.allowed)
        #expect(allowed.exceptions.map(\.entry.ruleNumber) == [50])
        #expect(allowed.exceptions.first?.addresses == AddressSet(IPv4CIDR("203.0.113.0/24")!))
        // Only a narrow range allowed: the implicit deny decides the rest, and it is the widest.
        let narrowAllow = [entry(50, false, "203.0.113.0/24"), entry(100, true, "52.0.0.0/8")]
        let denied = decide(narrowAllow)
        #expect(!denied.allowed)
        #expect(denied.denying == nil)
        // An explicit deny of everything after the allow decides nothing; one before decides all.
        #expect(decide([entry(100, true, "0.0.0.0/0"), entry(200, false, "0.0.0.0/0")]).allowed)
        #expect(decide([entry(90, false, "0.0.0.0/0"), entry(100, true, "0.0.0.0/0")]).denying?.ruleNumber == 90)
        // As wide as the allow, a deny of some of the ports asked for still denies: ports are not weighed.
        let somePorts = [entry(90, false, "0.0.0.0/0", PortRange(1024, 2047)), entry(100, true, "0.0.0.0/0")]
        #expect(decide(somePorts, ports: .ephemeral).denying?.ruleNumber == 90)
        // The allow only for other ports: the implicit deny decides port 443.
        #expect(!decide([entry(100, true, "0.0.0.0/0", PortRange(1024, 65535))]).allowed)
        // Two halves, one denied: equal breadth, judged together.
        #expect(!decide([entry(10, false, "0.0.0.0/1"), entry(20, true, "128.0.0.0/1")]).allowed)
    }

    @Test("every address and every port of the set must be allowed")
    func wholeSet() {
        // Allows 1024-65535 only up to 60000: a return port above is denied by the implicit rule.
        let partialPorts = [entry(100, true, "0.0.0.0/0", PortRange(1024, 60000))]
        let decision = Filters.acl(entries: partialPorts, ipProtocol: .tcp, remote: .publicInternet, ports: .ephemeral)
        #expect(!decision.allowed)
        #expect(decision.denying == nil)
        // Two rules that together cover the range do allow it.
        let split = [
            entry(100, true, "0.0.0.0/0", PortRange(1024, 30000)),
            entry(110, true, "0.0.0.0/0", PortRange(30001, 65535)),
        ]
        #expect(Filters.acl(entries: split, ipProtocol: .tcp, remote: .publicInternet, ports: .ephemeral).allowed)
        // A narrower CIDR leaves part of a subnet to the implicit deny.
        let half = [entry(100, true, "10.0.1.0/25")]
        #expect(
            !Filters.acl(
                entries: half, ipProtocol: .tcp, remote: AddressSet(IPv4CIDR("10.0.1.0/24")!), ports: PortRange(5432)
            ).allowed)
        // A deny that touches only part of the set still blocks it.
        let denyPart = [entry(90, false, "10.0.1.128/25"), entry(100, true, "0.0.0.0/0")]
        #expect(
            !Filters.acl(
                entries: denyPart, ipProtocol: .tcp, remote: AddressSet(IPv4CIDR("10.0.1.0/24")!),
                ports: PortRange(5432)
            ).allowed)
    }

    @Test("random entries: the decision is the first match of every address and port, checked point by point")
    func againstPoints() {
        // A seeded generator: the same cases on every run.
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        let cidrs = [
            "0.0.0.0/0", "10.0.0.0/8", "10.0.1.0/24", "10.0.1.0/25", "10.0.1.128/25", "10.0.2.0/24", "10.0.1.64/26",
        ]
        let portChoices = [PortRange.all, PortRange(443), PortRange(1024, 30000), PortRange(30001, 65535), .ephemeral]
        for _ in 0..<400 {
            let entries = (0..<(1 + next(5))).map { index in
                entry(
                    (index + 1) * 10, next(3) > 0, cidrs[next(cidrs.count)], portChoices[next(portChoices.count)],
                    [.tcp, .udp, .all][next(3)])
            }
            let remote = AddressSet([IPv4CIDR(["10.0.1.0/24", "10.0.0.0/8", "10.0.1.0/25", "0.0.0.0/0"][next(4)])!])
            let ports = portChoices[next(portChoices.count)]
            let decision = Filters.acl(entries: entries, ipProtocol: .tcp, remote: remote, ports: ports)
            // Points: every edge of every CIDR and port range, and their neighbours, that the
            // question covers.
            let edges = (cidrs.compactMap(IPv4CIDR.init).flatMap { [$0.range.lowerBound, $0.range.upperBound] })
                .flatMap { [$0, $0 &+ 1, $0 &- 1] }.filter { remote.contains(IPv4Address($0)) }
            let portEdges = (portChoices + [ports]).flatMap { [$0.from, $0.to, $0.from - 1, $0.to + 1] }
                .filter { ports.contains(PortRange($0)) }
            var firstDeny: Int?
            var everyAllowed = true
            for address in edges {
                for port in portEdges {
                    let match = entries.firstIndex {
                        $0.ipProtocol.matches(.tcp) && $0.cidr!.contains(IPv4Address(address))
                            && (!$0.ipProtocol.hasPorts || $0.ports.contains(PortRange(port)))
                    }
                    if let match, entries[match].allow { continue }
                    everyAllowed = false
                    if let match { firstDeny = min(firstDeny ?? match, match) }
                }
            }
            let text = entries.map(\.summary).joined(separator: "; ") + " for \(remote) \(ports)"
            #expect(decision.allowed == everyAllowed, "\(text)")
            #expect(decision.denying?.ruleNumber == firstDeny.map { entries[$0].ruleNumber }, "\(text)")
        }
    }

    @Test("protocol -1 matches everything; a UDP rule does not match TCP")
    func protocols() {
        #expect(
            Filters.acl(
                entries: [entry(100, true, "0.0.0.0/0", .all, .all)], ipProtocol: .udp, remote: .all,
                ports: PortRange(53)
            ).allowed)
        #expect(
            !Filters.acl(
                entries: [entry(100, true, "0.0.0.0/0", .all, .udp)], ipProtocol: .tcp, remote: .all,
                ports: PortRange(53)
            ).allowed)
        #expect(!Filters.acl(entries: [], ipProtocol: .tcp, remote: .all, ports: PortRange(53)).allowed)
    }

    @Test("security groups: the union of the groups' rules must cover the destination")
    func groupUnion() {
        let network = Network()
        let half1 = SecurityGroup(
            id: "sg-1", vpcId: "vpc-1", name: "a", ingress: [],
            egress: [
                SecurityGroupRule(
                    number: 1, ipProtocol: .tcp, ports: PortRange(443), peer: .cidr(IPv4CIDR("0.0.0.0/1")!))
            ])
        let half2 = SecurityGroup(
            id: "sg-2", vpcId: "vpc-1", name: "b", ingress: [],
            egress: [
                SecurityGroupRule(
                    number: 1, ipProtocol: .tcp, ports: PortRange(0, 65535), peer: .cidr(IPv4CIDR("128.0.0.0/1")!))
            ])
        let both = Filters.egress(
            groups: [half1, half2], remote: .publicInternet, memberOf: [], ipProtocol: .tcp, port: 443,
            network: network, remoteGroups: [])
        #expect(both.allowed)
        #expect(both.matched.count == 2)
        let one = Filters.egress(
            groups: [half1], remote: .publicInternet, memberOf: [], ipProtocol: .tcp, port: 443, network: network,
            remoteGroups: [])
        #expect(!one.allowed)
        let wrongPort = Filters.egress(
            groups: [half1, half2], remote: .publicInternet, memberOf: [], ipProtocol: .tcp, port: 80, network: network,
            remoteGroups: [])
        #expect(!wrongPort.allowed)
    }

    @Test("a default group has the rules the export lists: none when exported with none (hardened accounts)")
    func defaultGroup() {
        let empty = SecurityGroup(id: "sg-d", vpcId: "vpc-1", name: "default", ingress: [], egress: [])
        #expect(Filters.effectiveRules(of: empty, egress: true).isEmpty)
        #expect(Filters.effectiveRules(of: empty, egress: false).isEmpty)
        let network = Network()
        let egress = Filters.egress(
            groups: [empty], remote: .publicInternet, memberOf: [], ipProtocol: .tcp, port: 443, network: network,
            remoteGroups: [])
        #expect(!egress.allowed && egress.hadNoRules)
        let trimmed = SecurityGroup(
            id: "sg-d", vpcId: "vpc-1", name: "default",
            ingress: [
                SecurityGroupRule(number: 1, ipProtocol: .tcp, ports: PortRange(22), peer: .cidr(.any))
            ], egress: [])
        #expect(Filters.effectiveRules(of: trimmed, egress: true).isEmpty)
        #expect(Filters.effectiveRules(of: trimmed, egress: false).count == 1)
    }
}

@Suite("route selection")
struct RoutingTests {
    @Test("longest prefix first; a gateway endpoint's prefix-list route carries its service")
    func longestPrefix() {
        var network = Network()
        network.prefixLists["pl-s3"] = PrefixList(
            id: "pl-s3", name: "com.amazonaws.us-east-1.s3", cidrs: [IPv4CIDR("52.216.0.0/15")!])
        let table = RouteTable(
            id: "rtb-1", vpcId: "vpc-1",
            routes: [
                Route(destination: .cidr(IPv4CIDR("10.0.0.0/16")!), targetKind: .local, targetId: "local"),
                Route(destination: .cidr(.any), targetKind: .nat, targetId: "nat-1"),
                Route(
                    destination: .cidr(IPv4CIDR("8.8.8.0/24")!), targetKind: .nat, targetId: "nat-2", isBlackhole: true),
                Route(destination: .prefixList("pl-s3"), targetKind: .vpce, targetId: "vpce-1"),
            ])
        func target(_ address: String) -> String? {
            Routing.legs(table: table, destination: AddressSet(IPv4Address(address)!), memberOf: [], network: network)
                .first?.route?.targetId
        }
        #expect(target("10.0.3.4") == "local")
        #expect(target("8.8.8.8") == "nat-2")
        #expect(target("8.8.4.4") == "nat-1")
        #expect(target("52.216.1.1") == "vpce-1")
        // Membership by ID works even when the list's CIDRs were not exported.
        network.prefixLists["pl-s3"]?.cidrs = nil
        let legs = Routing.legs(table: table, destination: .publicInternet, memberOf: ["pl-s3"], network: network)
        #expect(legs.count == 1)
        #expect(legs.first?.route?.targetId == "vpce-1")
        // The internet splits by route: the /24 leg, and the rest through nat-1.
        let internet = Routing.legs(table: table, destination: .publicInternet, memberOf: [], network: network)
        #expect(Set(internet.compactMap { $0.route?.targetId }) == ["nat-1", "nat-2"])
    }

    @Test("equal prefixes: a static route beats a propagated one, in either order (route priority)")
    func staticBeatsPropagated() {
        let network = Network()
        let propagated = Route(
            destination: .cidr(IPv4CIDR("172.31.0.0/16")!), targetKind: .vgw, targetId: "vgw-1", isPropagated: true)
        let fixed = Route(destination: .cidr(IPv4CIDR("172.31.0.0/16")!), targetKind: .tgw, targetId: "tgw-1")
        for routes in [[propagated, fixed], [fixed, propagated]] {
            let table = RouteTable(id: "rtb-1", vpcId: "vpc-1", routes: routes)
            let legs = Routing.legs(
                table: table, destination: AddressSet(IPv4Address("172.31.4.5")!), memberOf: [], network: network)
            #expect(legs.map { $0.route?.targetId } == ["tgw-1"])
        }
    }

    @Test(
        "a propagated route more specific than the local route does not take the VPC's addresses (VPN route priority)")
    func localBeatsMoreSpecificPropagated() {
        // AWS: "the local route is most preferred even if the propagated routes are more
        // specific". A static route as specific still wins (middlebox routing).
        let local = Route(destination: .cidr(IPv4CIDR("10.102.0.0/16")!), targetKind: .local, targetId: "local")
        let propagated = Route(
            destination: .cidr(IPv4CIDR("10.102.2.0/23")!), targetKind: .vgw, targetId: "vgw-1", isPropagated: true)
        let table = RouteTable(id: "rtb-1", vpcId: "vpc-1", routes: [propagated, local])
        func targets(_ destination: AddressSet) -> [String?] {
            Routing.legs(table: table, destination: destination, memberOf: [], network: Network()).map {
                $0.route?.targetId
            }
        }
        #expect(targets(AddressSet(IPv4Address("10.102.2.50")!)) == ["local"])
        // A propagated route that reaches past the VPC keeps the part outside it.
        let wider = Route(
            destination: .cidr(IPv4CIDR("10.102.0.0/15")!), targetKind: .vgw, targetId: "vgw-2", isPropagated: true)
        let both = RouteTable(id: "rtb-2", vpcId: "vpc-1", routes: [wider, local])
        let legs = Routing.legs(
            table: both, destination: AddressSet(IPv4CIDR("10.102.0.0/15")!), memberOf: [], network: Network())
        #expect(
            legs.map { "\($0.route?.targetId ?? "none") \($0.addresses)" } == [
                "local 10.102.0.0-10.102.255.255", "vgw-2 10.103.0.0-10.103.255.255",
            ])
        let fixed = Route(destination: .cidr(IPv4CIDR("10.102.2.0/24")!), targetKind: .eni, targetId: "eni-1")
        let middlebox = RouteTable(id: "rtb-3", vpcId: "vpc-1", routes: [fixed, propagated, local])
        #expect(
            Routing.legs(
                table: middlebox, destination: AddressSet(IPv4Address("10.102.2.50")!), memberOf: [], network: Network()
            ).map { $0.route?.targetId } == ["eni-1"])
    }

    @Test("no route leaves a leg without a route")
    func noRoute() {
        let table = RouteTable(
            id: "rtb-1", vpcId: "vpc-1",
            routes: [Route(destination: .cidr(IPv4CIDR("10.0.0.0/16")!), targetKind: .local, targetId: "local")])
        let legs = Routing.legs(
            table: table, destination: AddressSet(IPv4Address("8.8.8.8")!), memberOf: [], network: Network())
        #expect(legs.count == 1)
        #expect(legs[0].route == nil)
    }
}

@Suite("IAM policy evaluation")
struct PolicyTests {
    @Test("wildcards, explicit deny, NotAction")
    func policies() {
        #expect(wildcardMatch("ec2:*NetworkInterface*", "ec2:CreateNetworkInterface"))
        #expect(wildcardMatch("logs:Put*", "logs:PutLogEvents"))
        #expect(!wildcardMatch("logs:Put*", "logs:CreateLogStream"))
        let allow = PolicyDocument(statements: [.init(allow: true, actions: ["ec2:*"])])
        #expect(allow.allows(action: "ec2:CreateNetworkInterface"))
        let deny = PolicyDocument(statements: [.init(allow: false, actions: ["ec2:CreateNetworkInterface"])])
        #expect(!PolicyDocument.allows(action: "ec2:CreateNetworkInterface", in: [allow, deny]))
        let notAction = PolicyDocument(statements: [.init(allow: true, actions: [], notActions: ["iam:*"])])
        #expect(notAction.allows(action: "logs:PutLogEvents"))
        #expect(!notAction.allows(action: "iam:PassRole"))
        let endpointDeny = PolicyDocument(statements: [.init(allow: false, actions: ["*"])])
        #expect(!endpointDeny.admitsAnyCall(toService: "s3"))
        let endpointAllow = PolicyDocument(statements: [.init(allow: true, actions: ["s3:GetObject"])])
        #expect(endpointAllow.admitsAnyCall(toService: "s3"))
        #expect(!endpointAllow.admitsAnyCall(toService: "dynamodb"))
    }
}

@Suite("IPv6 addresses and blocks")
struct IPv6Tests {
    @Test("parses and prints RFC 4291 text, with the longest zero run as ::")
    func parsing() throws {
        #expect(IPv6Address("2600:1f18:0:0:0:0:0:1")?.description == "2600:1f18::1")
        #expect(IPv6Address("::")?.description == "::")
        #expect(IPv6Address("::1")?.low == 1)
        #expect(IPv6Address("2001:db8::1:0:0:1")?.description == "2001:db8::1:0:0:1")
        for bad in ["", "2001:db8:::1", "1::2::3", "12345::", "g::1", "1:2:3:4:5:6:7:8:9"] {
            #expect(IPv6Address(bad) == nil, "\(bad)")
        }
    }

    @Test("containment by prefix, across the 64-bit halves")
    func containment() throws {
        let block = try #require(IPv6CIDR("2600:1f18:100::/56"))
        #expect(block.contains(IPv6Address("2600:1f18:100:ff::5")!))
        #expect(!block.contains(IPv6Address("2600:1f18:101::5")!))
        #expect(IPv6CIDR.any.contains(block))
        #expect(IPv6CIDR.globalUnicast.contains(IPv6Address("2a05:d018::1")!))
        #expect(!IPv6CIDR.globalUnicast.contains(IPv6Address("fd00::1")!))
        let host = try #require(IPv6CIDR("2600::1/128"))
        #expect(host.contains(IPv6Address("2600::1")!))
        #expect(!host.contains(IPv6Address("2600::2")!))
    }

    @Test("IPv6 NACL entries decide IPv6 traffic; IPv4 entries never do")
    func acl6() {
        let ipv4Only = [NetworkACLEntry(ruleNumber: 100, ipProtocol: .all, allow: true, cidr: .any)]
        #expect(
            !Filters.acl6(entries: ipv4Only, ipProtocol: .tcp, remote: .globalUnicast, ports: PortRange(443)).allowed)
        let both =
            ipv4Only + [NetworkACLEntry(ruleNumber: 101, ipProtocol: .all, allow: true, cidr: nil, ipv6Cidr: .any)]
        #expect(Filters.acl6(entries: both, ipProtocol: .tcp, remote: .globalUnicast, ports: PortRange(443)).allowed)
        let denyFirst =
            [
                NetworkACLEntry(
                    ruleNumber: 90, ipProtocol: .tcp, allow: false, cidr: nil, ipv6Cidr: IPv6CIDR("2600::/16"),
                    ports: PortRange(443))
            ] + both
        #expect(
            !Filters.acl6(entries: denyFirst, ipProtocol: .tcp, remote: .globalUnicast, ports: PortRange(443)).allowed)
    }
}

@Suite("AddressSet against a set of integers")
struct AddressSetModelTests {
    /// A random set of a few ranges inside `base...base+63`, as both an AddressSet and the
    /// plain set of its members.
    static func random(_ generator: inout SystemRandomNumberGenerator, base: UInt32) -> (AddressSet, Set<UInt32>) {
        var ranges: [ClosedRange<UInt32>] = []
        for _ in 0..<Int.random(in: 0...4, using: &generator) {
            let low = UInt32.random(in: 0...63, using: &generator)
            let high = min(63, low + UInt32.random(in: 0...20, using: &generator))
            ranges.append((base + low)...(base + high))
        }
        return (AddressSet(ranges: ranges), Set(ranges.flatMap { Array($0) }))
    }

    static func isNormalized(_ set: AddressSet) -> Bool {
        zip(set.intervals, set.intervals.dropFirst()).allSatisfy { $0.upperBound < $1.lowerBound - 1 }
    }

    @Test("intersection, subtraction, union, intersects and isSubset, at both ends of the address space")
    func operations() {
        var generator = SystemRandomNumberGenerator()
        for base in [UInt32(0), 1 << 20, UInt32.max - 63] {
            for _ in 0..<2000 {
                let (a, setA) = Self.random(&generator, base: base)
                let (b, setB) = Self.random(&generator, base: base)
                let model = { (set: AddressSet) in Set(set.intervals.flatMap { Array($0) }) }
                #expect(model(a.intersection(b)) == setA.intersection(setB))
                #expect(model(a.subtracting(b)) == setA.subtracting(setB))
                #expect(model(a.union(b)) == setA.union(setB))
                #expect(a.intersects(b) == !setA.isDisjoint(with: setB))
                #expect(a.isSubset(of: b) == setA.isSubset(of: setB))
                for result in [a.intersection(b), a.subtracting(b), a.union(b)] {
                    #expect(Self.isNormalized(result), "\(a) \(b) -> \(result)")
                }
                // One range, as a CIDR rule's peer is: the same answers as the set of it.
                let low = UInt32.random(in: 0...63, using: &generator)
                let range = (base + low)...(base + min(63, low + UInt32.random(in: 0...20, using: &generator)))
                let setR = Set(Array(range))
                #expect(a.intersects(range) == !setA.isDisjoint(with: setR))
                #expect(model(a.subtracting(range)) == setA.subtracting(setR))
                #expect(Self.isNormalized(a.subtracting(range)))
            }
        }
    }
}
