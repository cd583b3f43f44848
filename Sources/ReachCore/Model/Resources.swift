// What sits in a VPC or reaches into it: network interfaces, functions, databases, roles.

/// A network interface (an ENI of an instance, endpoint, NAT gateway, database, ...).
public struct NetworkInterface: Sendable, Hashable {
    public var id: String
    public var vpcId: String
    public var subnetId: String
    public var interfaceType: String
    public var description: String
    public var privateAddresses: [IPv4Address]
    /// Public IPv4 addresses associated with it (an Elastic IP or an auto-assigned one): what
    /// the internet, and a NAT gateway's traffic hairpinning back, reaches it at.
    public var publicAddresses: [IPv4Address]
    public var ipv6Addresses: [IPv6Address]
    public var securityGroupIds: [String]
    /// `Status` as exported (`in-use`, `available`, ...), nil when not: an `available`
    /// interface is attached to nothing, so nothing answers at its addresses.
    public var status: String?
    /// `OwnerId`: the account that owns it (in a shared VPC, a participant's interfaces are
    /// theirs, and so are their security groups), nil when not exported.
    public var ownerId: String?

    public init(
        id: String, vpcId: String, subnetId: String, interfaceType: String, description: String = "",
        privateAddresses: [IPv4Address], publicAddresses: [IPv4Address] = [], ipv6Addresses: [IPv6Address] = [],
        securityGroupIds: [String], status: String? = nil, ownerId: String? = nil
    ) {
        self.status = status
        self.ownerId = ownerId
        self.publicAddresses = publicAddresses
        self.ipv6Addresses = ipv6Addresses
        self.id = id
        self.vpcId = vpcId
        self.subnetId = subnetId
        self.interfaceType = interfaceType
        self.description = description
        self.privateAddresses = privateAddresses
        self.securityGroupIds = securityGroupIds
    }
}

/// A Lambda function and its VPC configuration.
public struct LambdaFunction: Sendable, Hashable {
    private struct Fields: Hashable, Sendable {
        var arn: String
        var name: String
        var accountId: String
        var region: String
        var roleArn: String?
        var state: String?
        var stateReason: String?
        var stateReasonCode: String?
        var lastUpdateStatus: String?
        var lastUpdateStatusReasonCode: String?
        var subnetIds: [String]
        var securityGroupIds: [String]
        var reportedVPCId: String?
        var ipv6AllowedForDualStack: Bool
        var logGroup: String?
        var capacityProvider: CapacityProviderPlacement?
    }
    private var fields: Shared<Fields>

    public var arn: String {
        get { fields.value.arn }
        set { fields.value.arn = newValue }
    }
    public var name: String {
        get { fields.value.name }
        set { fields.value.name = newValue }
    }
    public var accountId: String {
        get { fields.value.accountId }
        set { fields.value.accountId = newValue }
    }
    public var region: String {
        get { fields.value.region }
        set { fields.value.region = newValue }
    }
    public var roleArn: String? {
        get { fields.value.roleArn }
        set { fields.value.roleArn = newValue }
    }
    public var state: String? {
        get { fields.value.state }
        set { fields.value.state = newValue }
    }
    public var stateReason: String? {
        get { fields.value.stateReason }
        set { fields.value.stateReason = newValue }
    }
    public var stateReasonCode: String? {
        get { fields.value.stateReasonCode }
        set { fields.value.stateReasonCode = newValue }
    }
    /// `LastUpdateStatus` (`Successful`, `InProgress`, `Failed`), nil when not exported: while an
    /// update is in progress, and after one failed, invocations use the previous configuration.
    public var lastUpdateStatus: String? {
        get { fields.value.lastUpdateStatus }
        set { fields.value.lastUpdateStatus = newValue }
    }
    public var lastUpdateStatusReasonCode: String? {
        get { fields.value.lastUpdateStatusReasonCode }
        set { fields.value.lastUpdateStatusReasonCode = newValue }
    }
    public var subnetIds: [String] {
        get { fields.value.subnetIds }
        set { fields.value.subnetIds = newValue }
    }
    public var securityGroupIds: [String] {
        get { fields.value.securityGroupIds }
        set { fields.value.securityGroupIds = newValue }
    }
    public var reportedVPCId: String? {
        get { fields.value.reportedVPCId }
        set { fields.value.reportedVPCId = newValue }
    }
    public var ipv6AllowedForDualStack: Bool {
        get { fields.value.ipv6AllowedForDualStack }
        set { fields.value.ipv6AllowedForDualStack = newValue }
    }
    /// `LoggingConfig.LogGroup`, where Lambda writes the function's output; nil when the
    /// export did not say (the default, `/aws/lambda/NAME`).
    public var logGroup: String? {
        get { fields.value.logGroup }
        set { fields.value.logGroup = newValue }
    }

    /// The capacity provider of a function of Lambda Managed Instances, nil for any other: the
    /// function's `subnetIds` and `securityGroupIds` are then the provider's (its instances'),
    /// or none when the provider is not in the inventory.
    public var capacityProvider: CapacityProviderPlacement? {
        get { fields.value.capacityProvider }
        set { fields.value.capacityProvider = newValue }
    }

    public init(
        arn: String, name: String, accountId: String, region: String, roleArn: String? = nil, state: String? = nil,
        stateReason: String? = nil, stateReasonCode: String? = nil, lastUpdateStatus: String? = nil,
        lastUpdateStatusReasonCode: String? = nil, subnetIds: [String] = [],
        securityGroupIds: [String] = [], reportedVPCId: String? = nil, ipv6AllowedForDualStack: Bool = false,
        logGroup: String? = nil, capacityProvider: CapacityProviderPlacement? = nil
    ) {
        fields = Shared(
            Fields(
                arn: arn, name: name, accountId: accountId, region: region, roleArn: roleArn, state: state,
                stateReason: stateReason, stateReasonCode: stateReasonCode, lastUpdateStatus: lastUpdateStatus,
                lastUpdateStatusReasonCode: lastUpdateStatusReasonCode, subnetIds: subnetIds,
                securityGroupIds: securityGroupIds, reportedVPCId: reportedVPCId,
                ipv6AllowedForDualStack: ipv6AllowedForDualStack, logGroup: logGroup,
                capacityProvider: capacityProvider))
    }

    public var isInVPC: Bool { !subnetIds.isEmpty }

    /// Whether the function runs on a capacity provider that is not in the inventory: its
    /// network is the provider's, and unknown (never the Lambda-owned network's).
    public var capacityProviderNotExported: Bool { capacityProvider.map { !$0.isExported } ?? false }
}

/// Where a function of Lambda Managed Instances runs: on EC2 instances that Lambda launches in
/// its capacity provider's subnets, with the provider's security groups (CapacityProviderVpcConfig).
/// The function itself has no VpcConfig.
public struct CapacityProviderPlacement: Sendable, Hashable {
    /// `arn:aws:lambda:REGION:ACCOUNT:capacity-provider:NAME`.
    public var arn: String
    /// Whether the provider is in the inventory (list-capacity-providers was imported for its
    /// account and region, and lists it).
    public var isExported: Bool
    /// `Pending`, `Active`, `Failed` or `Deleting`; nil when not exported or not said.
    public var state: String?
    /// The provider's `SecurityGroupIds` were empty: the instances have their VPC's default
    /// group, which is the function's `securityGroupIds`.
    public var usesDefaultGroup: Bool

    public init(arn: String, isExported: Bool, state: String? = nil, usesDefaultGroup: Bool = false) {
        self.arn = arn
        self.isExported = isExported
        self.state = state
        self.usesDefaultGroup = usesDefaultGroup
    }

    /// The ARN's last part.
    public var name: String { arn.split(separator: ":").last.map(String.init) ?? arn }
    /// The ARN's region.
    public var region: String {
        let parts = arn.split(separator: ":", omittingEmptySubsequences: false)
        return parts.count > 3 ? String(parts[3]) : ""
    }
}

/// Something a function connects to with a database driver: an RDS DB instance, a cluster, a
/// proxy, or one of a proxy's additional endpoints.
public struct RDSDatabase: Sendable, Hashable {
    /// The engine's default port, as RDS documents it (`aurora-postgresql` and `postgres`:
    /// 5432; Oracle 1521; SQL Server 1433; Db2 50000; MySQL, MariaDB and Aurora MySQL 3306).
    public static func defaultPort(engine: String) -> Int {
        let engine = engine.lowercased()
        if engine.contains("postgres") { return 5432 }
        if engine.hasPrefix("oracle") { return 1521 }
        if engine.hasPrefix("sqlserver") { return 1433 }
        if engine.hasPrefix("db2") { return 50000 }
        return 3306
    }

    public enum Kind: String, Sendable, Hashable {
        case instance, cluster, proxy
        /// An additional endpoint of a proxy (describe-db-proxy-endpoints): its own subnets and
        /// security groups, possibly in another VPC, in front of the proxy's connection.
        case proxyEndpoint = "proxy-endpoint"
    }

    /// The key (`instance:ACCOUNT:REGION:IDENTIFIER`) that `reference` names when it names one
    /// database of many with the same identifier: a key itself, or an instance's or cluster's
    /// ARN (`arn:aws:rds:REGION:ACCOUNT:db:IDENTIFIER`, `…:cluster:IDENTIFIER`). Nil for a plain
    /// identifier. A proxy's ARN names its resource ID, not its name, so it is not one.
    public static func key(forReference reference: String) -> String? {
        let parts = reference.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        if parts.count == 4, Kind(rawValue: parts[0]) != nil, parts.allSatisfy({ !$0.isEmpty }) {
            return reference
        }
        guard parts.count == 7, parts[0] == "arn", parts[2] == "rds", !parts[6].isEmpty else { return nil }
        let kind: Kind
        switch parts[5] {
        case "db": kind = .instance
        case "cluster": kind = .cluster
        default: return nil
        }
        return "\(kind.rawValue):\(parts[4]):\(parts[3]):\(parts[6])"
    }

    /// The kind and identifier `reference` names when it is qualified by a kind
    /// (`proxy:orders`): instance identifiers, cluster identifiers and proxy names are separate
    /// namespaces in AWS, so one name can be an instance's and a proxy's. Nil otherwise.
    public static func kindQualified(_ reference: String) -> (kind: Kind, identifier: String)? {
        let parts = reference.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let kind = Kind(rawValue: parts[0].lowercased()), !parts[1].isEmpty else { return nil }
        return (kind, String(parts[1]))
    }

    /// `kind:identifier`, the form of `rds:` that names this database among others of the same
    /// identifier and other kinds.
    public var kindQualifiedName: String { "\(kind.rawValue):\(identifier)" }

    private struct Fields: Hashable, Sendable {
        var key: String
        var kind: Kind
        var identifier: String
        var accountId: String
        var region: String
        var engine: String?
        var status: String?
        var endpoint: String?
        var port: Int?
        var vpcId: String?
        var subnetIds: [String]
        var securityGroupIds: [String]
        var publiclyAccessible: Bool
        var writer: Writer?
        var clusterIdentifier: String?
        var proxyTargets: [ProxyTarget]?
        var proxyKey: String?
        var targetRole: String?
    }
    private var fields: Shared<Fields>

    /// A cluster's writer instance, which its endpoint connects to.
    public struct Writer: Sendable, Hashable {
        public var identifier: String
        public var status: String?
        public init(identifier: String, status: String?) {
            self.identifier = identifier
            self.status = status
        }
    }

    public var key: String {
        get { fields.value.key }
        set { fields.value.key = newValue }
    }
    public var kind: Kind {
        get { fields.value.kind }
        set { fields.value.kind = newValue }
    }
    public var identifier: String {
        get { fields.value.identifier }
        set { fields.value.identifier = newValue }
    }
    public var accountId: String {
        get { fields.value.accountId }
        set { fields.value.accountId = newValue }
    }
    public var region: String {
        get { fields.value.region }
        set { fields.value.region = newValue }
    }
    public var engine: String? {
        get { fields.value.engine }
        set { fields.value.engine = newValue }
    }
    public var status: String? {
        get { fields.value.status }
        set { fields.value.status = newValue }
    }
    public var endpoint: String? {
        get { fields.value.endpoint }
        set { fields.value.endpoint = newValue }
    }
    public var port: Int? {
        get { fields.value.port }
        set { fields.value.port = newValue }
    }
    public var vpcId: String? {
        get { fields.value.vpcId }
        set { fields.value.vpcId = newValue }
    }
    /// The subnets where the database's network interfaces may be: resolved by the inventory
    /// from the subnet group and the availability zones.
    public var subnetIds: [String] {
        get { fields.value.subnetIds }
        set { fields.value.subnetIds = newValue }
    }
    public var securityGroupIds: [String] {
        get { fields.value.securityGroupIds }
        set { fields.value.securityGroupIds = newValue }
    }
    /// `PubliclyAccessible`: its endpoint's name resolves to a public address outside its VPC
    /// (see `Solver.resolvesPublicly`). A proxy never is.
    public var publiclyAccessible: Bool {
        get { fields.value.publiclyAccessible }
        set { fields.value.publiclyAccessible = newValue }
    }
    /// For a cluster, its writer instance when the export names it (DBClusterMembers) and
    /// holds it: the cluster's subnets and public accessibility are then the writer's.
    public var writer: Writer? {
        get { fields.value.writer }
        set { fields.value.writer = newValue }
    }
    /// For an instance, the cluster it is a member of (`DBClusterIdentifier`); nil for an
    /// instance on its own. A proxy fronts a cluster or an instance on its own, never a member.
    public var clusterIdentifier: String? {
        get { fields.value.clusterIdentifier }
        set { fields.value.clusterIdentifier = newValue }
    }
    /// For a proxy, the targets describe-db-proxy-targets listed for it; nil when that call's
    /// output was not imported (the target is then inferred: `Network.proxyTarget(of:)`).
    public var proxyTargets: [ProxyTarget]? {
        get { fields.value.proxyTargets }
        set { fields.value.proxyTargets = newValue }
    }

    /// For a proxy endpoint, the key of its proxy (`proxy:ACCOUNT:REGION:NAME`), which every
    /// connection to the endpoint is handed to; the proxy may be missing from the network.
    public var proxyKey: String? {
        get { fields.value.proxyKey }
        set { fields.value.proxyKey = newValue }
    }
    /// For a proxy endpoint, its `TargetRole`: `READ_WRITE`, or `READ_ONLY` (the proxy hands
    /// its connections to the cluster's reader instances).
    public var targetRole: String? {
        get { fields.value.targetRole }
        set { fields.value.targetRole = newValue }
    }

    public init(
        key: String, kind: Kind, identifier: String, accountId: String, region: String, engine: String? = nil,
        status: String? = nil, endpoint: String? = nil, port: Int? = nil, vpcId: String? = nil, subnetIds: [String],
        securityGroupIds: [String], publiclyAccessible: Bool = false, writer: Writer? = nil,
        clusterIdentifier: String? = nil, proxyTargets: [ProxyTarget]? = nil, proxyKey: String? = nil,
        targetRole: String? = nil
    ) {
        fields = Shared(
            Fields(
                key: key, kind: kind, identifier: identifier, accountId: accountId, region: region, engine: engine,
                status: status, endpoint: endpoint, port: port, vpcId: vpcId, subnetIds: subnetIds,
                securityGroupIds: securityGroupIds, publiclyAccessible: publiclyAccessible, writer: writer,
                clusterIdentifier: clusterIdentifier, proxyTargets: proxyTargets, proxyKey: proxyKey,
                targetRole: targetRole))
    }
}

/// An IAM role with the policy documents that grant it permissions.
public struct Role: Sendable, Hashable {
    public var arn: String
    public var name: String
    /// The inline policies' documents, and the default version's document of each attached
    /// managed policy that `get-account-authorization-details` listed.
    public var documents: [PolicyDocument]
    /// The ARNs of the attached AWS managed policies (`arn:PARTITION:iam::aws:policy/...`)
    /// whose documents were not exported: the solver knows some of them by name (the ARN's last
    /// part, `Role.policyName(of:)`); what the others allow is not known.
    public var awsManagedPolicies: [String]
    /// The ARNs of the attached customer managed policies whose documents were not exported
    /// (`--filter Role` lists the roles without them): what they allow is not known.
    public var unexportedPolicies: [String]
    /// The role's permissions boundary: a managed policy that caps what its own policies grant.
    public var permissionsBoundary: PermissionsBoundary?

    public init(
        arn: String, name: String, documents: [PolicyDocument], awsManagedPolicies: [String],
        unexportedPolicies: [String] = [], permissionsBoundary: PermissionsBoundary? = nil
    ) {
        self.arn = arn
        self.name = name
        self.documents = documents
        self.awsManagedPolicies = awsManagedPolicies
        self.unexportedPolicies = unexportedPolicies
        self.permissionsBoundary = permissionsBoundary
    }

    /// A managed policy's name: the last part of its ARN (`.../service-role/NAME`).
    public static func policyName(of policyArn: String) -> String {
        String(policyArn.split(separator: "/").last ?? Substring(policyArn))
    }

    /// Whether `policyArn` names an AWS managed policy (`arn:PARTITION:iam::aws:policy/...`):
    /// the account field of the ARN is `aws`, which no account's own policy has.
    public static func isAWSManaged(_ policyArn: String) -> Bool {
        let parts = policyArn.split(separator: ":", omittingEmptySubsequences: false)
        return parts.count > 5 && parts[4] == "aws" && parts[5].hasPrefix("policy/")
    }
}

/// A permissions boundary (`PermissionsBoundary.PermissionsBoundaryArn` of a role): an action
/// is allowed only when both the role's policies and the boundary allow it, and a Deny in either wins.
public struct PermissionsBoundary: Sendable, Hashable {
    public var policyArn: String
    /// The policy's name, the last part of its ARN: an AWS managed policy is recognised by it
    /// when its document was not exported.
    public var name: String { Role.policyName(of: policyArn) }
    /// The default version's document, when `get-account-authorization-details` listed the policy.
    public var document: PolicyDocument?
    /// Whether AWS manages the policy (`arn:PARTITION:iam::aws:policy/...`): the account's
    /// export lists it only with `--filter AWSManagedPolicy`, its own with `LocalManagedPolicy`.
    public var isAWSManaged: Bool { Role.isAWSManaged(policyArn) }

    public init(policyArn: String, document: PolicyDocument?) {
        self.policyArn = policyArn
        self.document = document
    }
}
