import Foundation

/// One CloudFormation stack as a template describes it: its sections, the values of its
/// parameters for this run, and the name each of its resources has in answers.
///
/// A class: the evaluator caches conditions and resolved properties in it, and the stacks of
/// one run refer to each other (exports, nested stacks).
final class TemplateStack {
    /// The file as answers name it (`template.yaml`, `cdk.out/Orders.template.json`).
    let file: String
    /// `AWS::StackName`: the template file's name without its extension, or the stack name a
    /// cloud assembly gives.
    let name: String
    let account: String
    let region: String
    let root: TemplateNode
    /// Resources by logical ID, in template order (after SAM's expansion).
    var resources: [(id: String, node: TemplateNode)] = []
    var resourceIndex: [String: Int] = [:]
    /// The parameters' values: given, else their defaults; a missing one is an unknown.
    var parameters: [String: Resolved] = [:]
    var parameterNodes: [String: TemplateNode] = [:]
    /// Parameters with neither a given value nor a Default: what the run's notes ask for.
    var parametersWithoutValue: [String] = []
    /// Conditions as evaluated (nil: depends on something unknown).
    var conditionCache: [String: Bool?] = [:]
    var conditionsInProgress: Set<String> = []
    /// Resolved properties by logical ID, for `Fn::GetAtt` and the compiler.
    var propertyCache: [String: Resolved] = [:]
    var propertiesInProgress: Set<String> = []
    /// The name of each resource in answers: its physical ID when the stack is deployed and
    /// the inventory holds it, else `LogicalId (file:line)`.
    var plannedIDs: [String: String] = [:]
    /// Logical IDs the deployed stack maps to a physical ID the inventory holds.
    var deployed: [String: String] = [:]
    /// Every resource of the deployed stack (describe-stack-resources), mapped or not.
    var deployedResources: [LiveFacts.StackResource] = []
    /// The deployed stack this template was matched to, and why.
    var deployedStack: (name: String, reason: String)?
    /// Whether `name` was given (`--stack-name`, a cloud assembly's stackName) rather than
    /// implied by the file's name: a given name not deployed is a new stack.
    var nameGiven = false
    /// A nested stack's parent and its resource there.
    weak var parent: TemplateStack?
    var nestedStacks: [String: TemplateStack] = [:]
    /// `Fn::ForEach::Name` loops of Resources (AWS::LanguageExtensions), by key and line.
    var forEach: [(key: String, line: Int)] = []
    /// Whether the template declares `Transform: AWS::Serverless-2016-10-31`.
    var isSAM = false

    init(file: String, name: String, account: String, region: String, root: TemplateNode) {
        self.file = file
        self.name = name
        self.account = account
        self.region = region
        self.root = root
    }

    func node(_ logicalID: String) -> TemplateNode? {
        resourceIndex[logicalID].map { resources[$0].node }
    }

    func type(of logicalID: String) -> String? {
        node(logicalID)?["Type"]?.scalarText
    }

    func error(_ node: TemplateNode, _ message: String) -> TemplateError { node.error(file, message) }

    func error(line: Int, path: [String], _ message: String) -> TemplateError {
        TemplateError(file: file, line: line, path: TemplateNode.pathText(path), message: message)
    }

    /// `AWS::Partition` of the stack's region.
    var partition: String {
        if region.hasPrefix("cn-") { return "aws-cn" }
        if region.hasPrefix("us-gov-") { return "aws-us-gov" }
        return "aws"
    }

    var urlSuffix: String { region.hasPrefix("cn-") ? "amazonaws.com.cn" : "amazonaws.com" }

    var stackID: String { "arn:\(partition):cloudformation:\(region):\(account):stack/\(name)/planned" }
}
