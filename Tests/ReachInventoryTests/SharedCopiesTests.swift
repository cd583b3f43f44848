import Foundation
import GRDB
import ReachCore
import ReachInventory
import Testing

/// One resource exported by several accounts. In a shared VPC the VPC owner's export lists the
/// participants' security groups (an owner can describe them, and change none of them), and a
/// prefix list shared through AWS RAM is in every account's export. The copy of the account
/// that owns the resource decides, whatever the order of the files or of the imports.
@Suite("Copies of one resource from several accounts: security groups and shared prefix lists")
struct SharedCopiesTests {
    let scratch: Scratch

    init() throws { scratch = try Scratch("shared-copies") }

    static let vpcOwner = "111122223333"
    static let participant = "444455556666"

    static let vpcs = #"{"Vpcs": [{"VpcId": "vpc-0a1", "CidrBlock": "10.1.0.0/16", "OwnerId": "111122223333"}]}"#

    /// describe-security-groups of `sg-0a9`, the participant's group, with `egress` as its
    /// only outbound permission.
    static func groups(egress: String) -> String {
        #"""
        {"SecurityGroups": [{"GroupId": "sg-0a9", "GroupName": "orders-api", "Description": "orders-api",
          "OwnerId": "444455556666", "VpcId": "vpc-0a1", "IpPermissions": [],
          "IpPermissionsEgress": [\#(egress)],
          "SecurityGroupArn": "arn:aws:ec2:eu-west-1:444455556666:security-group/sg-0a9"}]}
        """#
    }

    /// describe-security-group-rules of `sg-0a9`: one egress rule.
    static func rules(id: String, protocol: String, ports: Int, cidr: String) -> String {
        #"""
        {"SecurityGroupRules": [{"SecurityGroupRuleId": "\#(id)", "GroupId": "sg-0a9",
          "GroupOwnerId": "444455556666", "IsEgress": true, "IpProtocol": "\#(`protocol`)",
          "FromPort": \#(ports), "ToPort": \#(ports), "CidrIpv4": "\#(cidr)",
          "SecurityGroupRuleArn": "arn:aws:ec2:eu-west-1:444455556666:security-group-rule/\#(id)", "Tags": []}]}
        """#
    }

    /// The participant's current group (egress tcp 5432 to the VPC only) and the VPC owner's
    /// older view of it (all egress), each with its describe-security-group-rules: the four
    /// group files, and the two VPC files.
    func groupFolders() throws -> (groups: [String], vpcs: [String], ownerView: [String]) {
        let current = Self.groups(
            egress:
                #"{"IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432, "IpRanges": [{"CidrIp": "10.1.0.0/16"}], "Ipv6Ranges": [], "PrefixListIds": [], "UserIdGroupPairs": []}"#
        )
        let stale = Self.groups(
            egress:
                #"{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}], "Ipv6Ranges": [], "PrefixListIds": [], "UserIdGroupPairs": []}"#
        )
        let participant = "groups/\(Self.participant)/eu-west-1"
        let owner = "groups/\(Self.vpcOwner)/eu-west-1"
        let files = [
            try scratch.write("\(participant)/ec2-describe-security-groups.json", current),
            try scratch.write(
                "\(participant)/ec2-describe-security-group-rules.json",
                Self.rules(id: "sgr-0a91", protocol: "tcp", ports: 5432, cidr: "10.1.0.0/16")),
            try scratch.write("\(owner)/ec2-describe-security-groups.json", stale),
            try scratch.write(
                "\(owner)/ec2-describe-security-group-rules.json",
                Self.rules(id: "sgr-0a92", protocol: "-1", ports: -1, cidr: "0.0.0.0/0")),
        ]
        let vpcs = [
            try scratch.write("\(participant)/ec2-describe-vpcs.json", Self.vpcs),
            try scratch.write("\(owner)/ec2-describe-vpcs.json", Self.vpcs),
        ]
        return (files, vpcs, [files[2], files[3]])
    }

    /// The group's account and region, and its rules, as the inventory has them.
    func groupRows(_ store: InventoryStore) throws -> [String] {
        try store.read { db in
            try String.fetchAll(
                db,
                sql: """
                    SELECT 'group ' || group_id || ' ' || account_id || '/' || region
                    FROM security_groups JOIN scopes USING (scope_id)
                    UNION ALL SELECT 'rule ' || group_id || ' ' || is_egress || ' ' || ip_protocol || ' '
                        || ifnull(from_port, '') || ' ' || ifnull(cidr_ipv4, '') || ' ' || ifnull(security_group_rule_id, '')
                    FROM security_group_rules ORDER BY 1
                    """)
        }
    }

    static let participantsCopy = [
        "group sg-0a9 444455556666/eu-west-1", "rule sg-0a9 1 tcp 5432 10.1.0.0/16 sgr-0a91",
    ]

    /// Every order of the four files in one import, and in four imports (those where each
    /// account's rules come after its groups: rules alone need their group), then the VPC
    /// owner's folder again: the participant's rules every time, and a warning that the
    /// owner's view differs.
    @Test(
        "a participant's group listed by the VPC owner too: the participant's rules, in every order of files and imports"
    )
    func participantsGroup() throws {
        let (files, vpcs, ownerView) = try groupFolders()
        var run = 0
        for order in permutations(files) {
            let rulesAfterGroups =
                order.firstIndex(of: files[0])! < order.firstIndex(of: files[1])!
                && order.firstIndex(of: files[2])! < order.firstIndex(of: files[3])!
            for split in rulesAfterGroups ? [false, true] : [false] {
                run += 1
                let store = try scratch.store("groups-\(run).sqlite")
                try importPaths(vpcs, into: store)
                var warnings: [String] = []
                for paths in split ? order.map { [$0] } : [order] {
                    warnings += try importPaths(paths, into: store).warnings.map(\.message)
                }
                let label = "\(split ? "imports" : "one import"): \(order.map { $0.dropFirst(scratch.path.count) })"
                #expect(try groupRows(store) == Self.participantsCopy, "\(label)")
                #expect(
                    warnings.contains { $0.contains("sg-0a9 belongs to 444455556666") && $0.contains("other rules") },
                    "\(label): \(warnings)")
                // The VPC owner's export again, unchanged: a view, which changes nothing.
                let again = try importPaths(ownerView, into: store)
                #expect(try groupRows(store) == Self.participantsCopy, "\(label), then the owner's view again")
                #expect(
                    again.warnings.contains { $0.message.contains("the view's rules are left out") },
                    "\(again.warnings)")
            }
        }
    }

    @Test(
        "a participant's group the VPC owner alone exported: the owner's view stands for it until the participant's copy comes"
    )
    func viewAlone() throws {
        let (files, vpcs, ownerView) = try groupFolders()
        let store = try scratch.store()
        try importPaths(vpcs + ownerView, into: store)
        #expect(
            try groupRows(store) == [
                "group sg-0a9 111122223333/eu-west-1", "rule sg-0a9 1 -1  0.0.0.0/0 sgr-0a92",
            ])
        // The participant's describe-security-group-rules alone: the owner's rules, on the view.
        try importPaths([files[1]], into: store)
        #expect(
            try groupRows(store) == [
                "group sg-0a9 111122223333/eu-west-1", "rule sg-0a9 1 tcp 5432 10.1.0.0/16 sgr-0a91",
            ])
        try importPaths([files[0], files[1]], into: store)
        #expect(try groupRows(store) == Self.participantsCopy)
    }
}

extension SharedCopiesTests {
    static let customerList = "pl-0a11000000000aaaa"
    static let awsList = "pl-63a5400a"

    /// One account's export of the two lists: the AWS-managed S3 list (the same everywhere)
    /// and `pl-0a11000000000aaaa`, owned by 111122223333 and shared through AWS RAM, as the
    /// account saw it at `version` with one entry, `cidr`.
    func prefixListFolder(_ account: String, version: Int, cidr: String) throws -> String {
        let folder = "lists/\(account)/us-east-1"
        try scratch.write(
            "\(folder)/ec2-describe-managed-prefix-lists.json",
            #"""
            {"PrefixLists": [
              {"PrefixListId": "pl-63a5400a", "AddressFamily": "IPv4", "State": "create-complete",
               "PrefixListArn": "arn:aws:ec2:us-east-1:aws:prefix-list/pl-63a5400a",
               "PrefixListName": "com.amazonaws.us-east-1.s3", "Tags": [], "OwnerId": "AWS"},
              {"PrefixListId": "pl-0a11000000000aaaa", "AddressFamily": "IPv4", "State": "modify-complete",
               "PrefixListArn": "arn:aws:ec2:us-east-1:111122223333:prefix-list/pl-0a11000000000aaaa",
               "PrefixListName": "partner-apis", "MaxEntries": 10, "Version": \#(version), "Tags": [],
               "OwnerId": "111122223333"}]}
            """#)
        try scratch.write(
            "\(folder)/ec2-get-managed-prefix-list-entries-pl-63a5400a.json",
            #"{"Entries": [{"Cidr": "3.5.0.0/19"}, {"Cidr": "52.216.0.0/15"}]}"#)
        try scratch.write(
            "\(folder)/ec2-get-managed-prefix-list-entries-pl-0a11000000000aaaa.json",
            #"{"Entries": [{"Cidr": "\#(cidr)", "Description": "partner"}]}"#)
        return scratch.path("lists/\(account)")
    }

    /// The entries the network model gives each list.
    func entries(_ store: InventoryStore) throws -> [String: [String]] {
        try NetworkLoader(store: store).load().prefixLists.mapValues { ($0.cidrs ?? []).map(\.description) }
    }

    /// The owner changed the list (version 4, 192.0.2.0/24); the participants exported it
    /// before (version 3, 203.0.113.0/24). Every order of the three folders, in one import and
    /// in three, then each participant again: the owner's entries, never the union.
    @Test("a prefix list shared through RAM in three accounts' exports: its owner's entries, in every order")
    func sharedPrefixList() throws {
        let folders = [
            try prefixListFolder("111122223333", version: 4, cidr: "192.0.2.0/24"),
            try prefixListFolder("444455556666", version: 3, cidr: "203.0.113.0/24"),
            try prefixListFolder("777788889999", version: 3, cidr: "203.0.113.0/24"),
        ]
        let expected = [Self.awsList: ["3.5.0.0/19", "52.216.0.0/15"], Self.customerList: ["192.0.2.0/24"]]
        var run = 0
        for order in permutations(folders) {
            for split in [false, true] {
                run += 1
                let store = try scratch.store("lists-\(run).sqlite")
                var warnings: [String] = []
                for paths in split ? order.map { [$0] } : [order] {
                    warnings += try importPaths(paths, into: store).warnings.map(\.message)
                }
                let label = "\(split ? "imports" : "one import"): \(order.map { $0.suffix(12) })"
                #expect(try entries(store) == expected, "\(label)")
                #expect(
                    warnings.contains {
                        $0.contains("\(Self.customerList), 111122223333's prefix list, has other entries")
                            && $0.contains("its owner's copy is used")
                    }, "\(label): \(warnings)")
                #expect(!warnings.contains { $0.contains(Self.awsList) }, "\(label): \(warnings)")
                try importPaths([order[2]], into: store)
                #expect(try entries(store) == expected, "\(label), then \(order[2].suffix(12)) again")
            }
        }
    }

    @Test("a shared prefix list without its owner's export: the copy with the highest version, with a warning")
    func sharedPrefixListWithoutOwner() throws {
        let folders = [
            try prefixListFolder("444455556666", version: 3, cidr: "203.0.113.0/24"),
            try prefixListFolder("777788889999", version: 5, cidr: "198.51.100.0/24"),
        ]
        for order in [folders, folders.reversed()] {
            let store = try scratch.store("lists-\(order[0].suffix(12)).sqlite")
            let summary = try importPaths(order, into: store)
            #expect(try entries(store)[Self.customerList] == ["198.51.100.0/24"])
            #expect(
                summary.warnings.contains {
                    $0.message.contains("no copy of its owner's is imported, and the one with the highest version")
                        && $0.message.contains("777788889999/us-east-1 (version 5)")
                }, "\(summary.warnings)")
        }
        // Copies that agree: no warning.
        let same = try scratch.store("lists-same.sqlite")
        let summary = try importPaths(
            [
                try prefixListFolder("444455556666", version: 3, cidr: "203.0.113.0/24"),
                try prefixListFolder("111122223333", version: 3, cidr: "203.0.113.0/24"),
            ], into: same)
        #expect(summary.warnings.isEmpty, "\(summary.warnings)")
        #expect(try entries(same)[Self.customerList] == ["203.0.113.0/24"])
    }
}

/// Every order of `items` (n! of them: for a handful of files).
func permutations<T>(_ items: [T]) -> [[T]] {
    guard items.count > 1 else { return [items] }
    return items.indices.flatMap { index in
        var rest = items
        let first = rest.remove(at: index)
        return permutations(rest).map { [first] + $0 }
    }
}
