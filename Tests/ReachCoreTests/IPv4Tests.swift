import Testing
@testable import ReachCore
@Test func placeholderRemovedLater() { #expect(IPv4Address("10.0.0.1")?.value == 0x0A000001) }
