import Foundation
import ReachCore

/// What the inventory already knows that templates refer to: exports for `Fn::ImportValue`,
/// deployed stacks' resources, and the facts of live resources a template names by ID.
struct LiveFacts {
    struct StackResource {
        var logicalID: String
        var physicalID: String
        var type: String
    }
    /// Exports by `account/region/name`.
    var exports: [String: String] = [:]
    /// Deployed stacks by `account/region`, then by name.
    var stacks: [String: [String: [StackResource]]] = [:]
    /// Each live subnet's explicit route table association: its ID and the table.
    var routeTableAssociation: [String: (association: String, table: String)] = [:]
    /// The live functions' names.
    var functionNames: Set<String> = []
    /// Every resource ID the inventory holds (VPCs, subnets, groups, tables, ...).
    var known: Set<String> = []
    var cidr: [String: String] = [:]
    var zone: [String: String] = [:]
    /// Availability zones seen in the inventory, by region.
    var zonesByRegion: [String: [String]] = [:]
    /// Each live VPC's default security group, default network ACL and main route table.
    var defaults: [String: [TemplateSet.DefaultKind: String]] = [:]
    var vpcOfSubnet: [String: String] = [:]
    /// Each scope's default VPC (`account/region`): where a group without VpcId is made.
    var defaultVPC: [String: String] = [:]
    /// Live VPCs with an IPv6 block.
    var ipv6VPCs: Set<String> = []
    /// Transit gateways' default route tables: where a new attachment is associated and
    /// propagates, when the gateway says so (nil: not by default).
    var transitGatewayDefaults: [String: (association: String?, propagation: String?)] = [:]
    /// Prefix list IDs by `account/region/name` (`com.amazonaws.us-east-1.s3`).
    var prefixListByName: [String: String] = [:]
    /// Deployed DB subnet groups' VPCs by `account/region/name` (names are lower case, as RDS
    /// keeps them): where a database placed in one is.
    var vpcOfDBSubnetGroup: [String: String] = [:]
}

/// What a run is told about templates: where each stack runs and the parameters' values.
public struct TemplateOptions: Sendable {
    public var account: String?
    public var region: String?
    /// `--parameter KEY=VALUE` and `--parameters FILE`, the command line's winning.
    public var parameters: [String: String]
    /// `--stack-name`: the stack each template file is (by its path as given). A name no
    /// deployed stack has is a new stack.
    public var stackNames: [String: String]

    public init(
        account: String? = nil, region: String? = nil, parameters: [String: String] = [:],
        stackNames: [String: String] = [:]
    ) {
        self.account = account
        self.region = region
        self.parameters = parameters
        self.stackNames = stackNames
    }

    /// Whether `name` is a name CloudFormation accepts for a stack: a letter, then letters,
    /// digits and hyphens, at most 128 characters (CreateStack's StackName).
    public static func isStackName(_ name: String) -> Bool {
        guard let first = name.first, first.isASCII, first.isLetter, name.count <= 128 else { return false }
        return name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
    }
}

/// The templates of one run: their stacks (a cloud assembly gives several, nested stacks
/// their children), with what lets one stack's values reach another (exports, nested outputs).
final class TemplateSet {
    enum DefaultKind: String, CaseIterable {
        case securityGroup = "DefaultSecurityGroup"
        case networkACL = "DefaultNetworkAcl"
        case mainRouteTable = "MainRouteTable"
    }

    var stacks: [TemplateStack] = []
    let facts: LiveFacts
    /// What loading the templates has to say to every answer (a stack taken as new although
    /// a deployed one shares its logical IDs).
    var notes: [String] = []
    /// Exports being resolved: a cycle of imports between templates is an error, not a hang.
    private var exportsInProgress: Set<String> = []

    init(facts: LiveFacts) { self.facts = facts }

    /// Every stack, parents before their nested stacks.
    var allStacks: [TemplateStack] {
        var out: [TemplateStack] = []
        func visit(_ stack: TemplateStack) {
            out.append(stack)
            for name in stack.nestedStacks.keys.sorted() { visit(stack.nestedStacks[name]!) }
        }
        stacks.forEach(visit)
        return out
    }

    /// The availability zones `Fn::GetAZs` returns for `region`: those the inventory has
    /// subnets in, else the region's zone names as most accounts see them (the names are
    /// mapped per account, so a note says so where it matters).
    func availabilityZones(_ region: String) -> [String] {
        if let seen = facts.zonesByRegion[region], !seen.isEmpty { return seen }
        let letters: String
        switch region {
        case "us-east-1": letters = "abcdef"
        case "us-west-2", "ap-northeast-2": letters = "abcd"
        case "ap-northeast-1": letters = "acd"
        case "ca-central-1": letters = "abd"
        case "us-west-1": letters = "ab"
        default: letters = "abc"
        }
        return letters.map { "\(region)\($0)" }
    }

    /// The ID of what AWS creates with a VPC: its default security group, default network ACL
    /// or main route table. For a deployed VPC, the inventory's; for a planned one, a name
    /// that says what it is: `AppVPC.DefaultSecurityGroup (template.yaml:5)`.
    func defaultID(ofVPC logicalID: String, stack: TemplateStack, _ kind: DefaultKind) -> String {
        if let live = stack.deployed[logicalID], let id = facts.defaults[live]?[kind] { return id }
        let line = stack.node(logicalID)?.line ?? 0
        return "\(logicalID).\(kind.rawValue) (\(stack.file):\(line))"
    }

    /// `Fn::ImportValue name`: another template's export in the same account and region, else
    /// the live account's (list-exports), else a named unknown.
    func importValue(_ name: String, for stack: TemplateStack, at node: TemplateNode) throws -> Resolved {
        for other in allStacks where other.account == stack.account && other.region == stack.region {
            guard let outputs = other.root["Outputs"]?.pairs else { continue }
            for (key, output) in outputs {
                guard let exportName = output["Export"]?["Name"] else { continue }
                let evaluator = Evaluator(stack: other, set: self)
                guard try evaluator.resolve(exportName)?.text == name else { continue }
                if other === stack {
                    throw stack.error(node, "Fn::ImportValue \(name): a stack cannot import its own export (\(key))")
                }
                let token = "\(other.file)#\(key)"
                guard exportsInProgress.insert(token).inserted else {
                    throw stack.error(
                        node,
                        "Fn::ImportValue \(name): the exports of \(other.file) and \(stack.file) depend on each other")
                }
                defer { exportsInProgress.remove(token) }
                guard let valueNode = output["Value"], var value = try evaluator.resolve(valueNode) else {
                    return Resolved(.unknown("Fn::ImportValue \(name)"), at: node)
                }
                value.line = node.line
                value.path = node.path
                return value
            }
        }
        if let live = facts.exports["\(stack.account)/\(stack.region)/\(name)"] {
            return Resolved(.text(live), at: node)
        }
        return Resolved(.unknown("Fn::ImportValue \(name)"), at: node)
    }
}

extension TemplateStack {
    /// `Fn::GetAtt Nested.Outputs.Name` of a nested stack.
    func nestedOutput(_ logicalID: String, _ output: String, set: TemplateSet, at node: TemplateNode) throws -> Resolved
    {
        guard let child = nestedStacks[logicalID] else {
            return Resolved(
                .unknown("\(logicalID).Outputs.\(output) (a nested stack lambda-reach was not given)"), at: node)
        }
        guard let valueNode = child.root["Outputs"]?[output]?["Value"] else {
            throw error(node, "the nested stack \(logicalID) (\(child.file)) has no output \(output)")
        }
        guard var value = try Evaluator(stack: child, set: set).resolve(valueNode) else {
            return Resolved(.unknown("\(logicalID).Outputs.\(output)"), at: node)
        }
        value.line = node.line
        value.path = node.path
        return value
    }
}
