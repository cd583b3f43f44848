import Testing

@testable import ReachCore

@Suite("Model values with shared storage keep value semantics")
struct SharedTests {
    static let subnet = Subnet(
        id: "subnet-0a1b2c3d4e5f60718", vpcId: "vpc-0a1b2c3d4e5f60718", availabilityZone: "us-east-1a",
        cidr: IPv4CIDR("10.0.1.0/24"), availableIPAddressCount: 250, name: "private-a")

    @Test("a changed copy leaves the original as it was, and the reverse")
    func copiesAreIndependent() {
        let original = Self.subnet
        var copy = original
        #expect(copy == original)
        copy.availableIPAddressCount = 3
        copy.name = nil
        #expect(original.availableIPAddressCount == 250)
        #expect(original.name == "private-a")
        #expect(copy.availableIPAddressCount == 3)
        #expect(copy != original)

        var first = Self.subnet
        let second = first
        first.cidr = IPv4CIDR("10.0.2.0/24")
        #expect(second.cidr == IPv4CIDR("10.0.1.0/24"))
    }

    @Test("values built apart are equal, and hash alike, when their fields are")
    func equalityIsByFields() {
        let rebuilt = Subnet(
            id: "subnet-0a1b2c3d4e5f60718", vpcId: "vpc-0a1b2c3d4e5f60718", availabilityZone: "us-east-1a",
            cidr: IPv4CIDR("10.0.1.0/24"), availableIPAddressCount: 250, name: "private-a")
        #expect(rebuilt == Self.subnet)
        #expect(Set([rebuilt, Self.subnet]).count == 1)
        var other = rebuilt
        other.mapPublicIPOnLaunch = true
        #expect(Set([rebuilt, Self.subnet, other]).count == 2)
    }

    @Test("a value changed in a dictionary changes only that entry")
    func changesInPlace() {
        var subnets = ["a": Self.subnet, "b": Self.subnet]
        subnets["a"]?.availabilityZone = "us-east-1b"
        #expect(subnets["a"]?.availabilityZone == "us-east-1b")
        #expect(subnets["b"]?.availabilityZone == "us-east-1a")
        #expect(Self.subnet.availabilityZone == "us-east-1a")
    }
}
