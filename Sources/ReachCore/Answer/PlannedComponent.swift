/// A component of an answer that a template plans rather than the inventory holds: where it
/// is declared, and whether AWS makes it without the template saying so (a new VPC's main
/// route table, default network ACL and default security group, a new group's allow-all
/// egress rule). Answers list the planned components they name, so that a reader knows which
/// hops do not exist yet and which rest on a default the template does not state.
public struct PlannedComponent: Sendable, Hashable, Codable, Comparable {
    /// The component as the answer names it (`PrivateRouteTable (network.yaml:57)`, or the
    /// physical ID of a deployed stack's resource that the template replaces).
    public var id: String
    public var logicalId: String
    /// The CloudFormation type (`AWS::EC2::RouteTable`).
    public var type: String
    public var template: String
    public var line: Int
    /// Made by AWS, not stated by the template.
    public var awsDefault: Bool
    /// What it is, in a sentence, when that needs saying (a default, a deployed resource replaced).
    public var note: String?

    public init(
        id: String, logicalId: String, type: String, template: String, line: Int, awsDefault: Bool = false,
        note: String? = nil
    ) {
        self.id = id
        self.logicalId = logicalId
        self.type = type
        self.template = template
        self.line = line
        self.awsDefault = awsDefault
        self.note = note
    }

    /// `network.yaml:57`; a Terraform plan's resources have no line: the plan file.
    public var location: String { line > 0 ? "\(template):\(line)" : template }

    /// Whether it exists already: a deployed stack's resource the template replaces keeps its
    /// physical ID, as an existing resource a plan changes does; a new one is named
    /// `LogicalId (file:line)`, or by its Terraform address.
    public var isDeployed: Bool { !id.hasSuffix("(\(location))") && id != logicalId }

    public static func < (lhs: PlannedComponent, rhs: PlannedComponent) -> Bool {
        (lhs.template, lhs.line, lhs.id) < (rhs.template, rhs.line, rhs.id)
    }
}
