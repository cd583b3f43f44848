import Foundation
import GRDB
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

/// Every order of `items` (n! of them: for a handful of files).
func permutations<T>(_ items: [T]) -> [[T]] {
    guard items.count > 1 else { return [items] }
    return items.indices.flatMap { index in
        var rest = items
        let first = rest.remove(at: index)
        return permutations(rest).map { [first] + $0 }
    }
}
