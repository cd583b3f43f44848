/// How serious a finding is. `error` fails an audit by default, `warning` only with
/// `--fail-on warning`, `note` never: it is information.
public enum Severity: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case error
    case warning
    case note

    /// 0 for the most serious.
    public var rank: Int {
        switch self {
        case .error: return 0
        case .warning: return 1
        case .note: return 2
        }
    }

    /// Whether a finding of this severity counts when the audit fails on `threshold`.
    public func isAtLeast(_ threshold: Severity) -> Bool { rank <= threshold.rank }

    /// Most serious first.
    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// One check of the audit, with the ID findings carry. IDs are part of the JSON and SARIF
/// contracts and of baseline files: they are never renamed within a `schemaVersion`.
/// docs/audit.md describes every rule with an example.
public struct AuditRule: Sendable, Hashable {
    /// The stable ID, kebab-case (`public-subnet-only`).
    public let id: String
    public let severity: Severity
    /// One line: what is wrong.
    public let title: String
    /// When the rule fires and why it matters.
    public let description: String

    public init(id: String, severity: Severity, title: String, description: String) {
        self.id = id
        self.severity = severity
        self.title = title
        self.description = description
    }
}

extension AuditRule {
    // MARK: Reachability

    public static let reachUnreachable = AuditRule(
        id: "reach-unreachable", severity: .error, title: "A function cannot reach a target it is audited against",
        description:
            "No subnet of the function reaches the target (a default target: internet, dynamodb, s3, logs, an RDS database or an interface-endpoint service of its VPC, or one given with --targets). The finding names the first component that blocks, and the fix lists every change needed. An --expect line about the same function and target replaces this check."
    )
    public static let reachPartial = AuditRule(
        id: "reach-partial", severity: .error,
        title: "A function reaches a target from some of its subnets only",
        description:
            "Lambda spreads invocations over every subnet of the function: those placed in the failing subnets cannot reach the target, which shows as intermittent timeouts. An --expect line about the same function and target replaces this check."
    )

    // MARK: Expectations

    public static let expectationViolated = AuditRule(
        id: "expectation-violated", severity: .error, title: "An --expect line does not hold",
        description:
            "A function the expectation names cannot reach a target it must reach (from every subnet), or can reach, from at least one subnet, a target it must not reach."
    )
    public static let expectationUnknownTarget = AuditRule(
        id: "expectation-unknown-target", severity: .error,
        title: "An --expect line names a target that is not in the inventory",
        description:
            "The expectation's database is not in the inventory (or its name is ambiguous), so the expectation cannot be checked. Usually a typo, or an export that was not imported."
    )
    public static let expectationUnmatched = AuditRule(
        id: "expectation-unmatched", severity: .warning, title: "An --expect line matches no function",
        description:
            "No audited function matches the expectation's function pattern, so it checks nothing: a typo, a renamed function, or a --function/--vpc selection that leaves its functions out."
    )

    // MARK: Placement

    public static let publicSubnetOnly = AuditRule(
        id: "public-subnet-only", severity: .error, title: "The function is only in public subnets",
        description:
            "Every subnet of the function routes 0.0.0.0/0 to an internet gateway. A Lambda function's network interface never has a public IP address, so the internet gateway drops its traffic: the function has no internet access at all. Functions belong in private subnets that route 0.0.0.0/0 to a NAT gateway."
    )
    public static let subnetsDifferAcrossAZs = AuditRule(
        id: "subnets-differ-across-azs", severity: .warning,
        title: "The function's subnets do not reach the same targets",
        description:
            "Some subnets of the function reach a target that others do not because of their own network configuration: their route tables differ (a NAT gateway route in one AZ only, a public subnet among private ones), their NAT gateways or network ACLs do, or a transit gateway attachment has no subnet in their AZ. Invocations fail intermittently, depending on the subnet Lambda picks. One finding per function, naming every such target."
    )
    public static let singleAZ = AuditRule(
        id: "single-az", severity: .warning, title: "The function runs in one availability zone",
        description:
            "The function has one subnet, or several in the same availability zone: when that zone is impaired the function cannot run. Lambda recommends subnets in at least two zones."
    )
    public static let natGatewayCrossAZ = AuditRule(
        id: "nat-gateway-cross-az", severity: .warning,
        title: "The function's internet traffic crosses to a NAT gateway in another AZ",
        description:
            "The route table of a function subnet sends 0.0.0.0/0 to a NAT gateway in another availability zone: every byte pays cross-AZ data transfer, and the subnet loses the internet when the other zone fails. One NAT gateway per zone, each zone's private route table pointing at its own, avoids both."
    )
    public static let natForGatewayEndpointService = AuditRule(
        id: "nat-for-gateway-endpoint-service", severity: .warning,
        title: "S3 or DynamoDB traffic goes through a NAT gateway",
        description:
            "The function reaches S3 or DynamoDB through a NAT gateway, which charges for every gigabyte processed, where a gateway endpoint (free) on the subnet's route table would carry the traffic privately."
    )

    // MARK: Endpoints and DNS

    public static let interfaceEndpointSGDeniesFunction = AuditRule(
        id: "interface-endpoint-sg-denies-function", severity: .warning,
        title: "An interface endpoint's security groups do not admit the function",
        description:
            "An interface endpoint of the function's VPC has security groups that admit neither the function's security groups nor its subnets on TCP 443: calls to the service through the endpoint time out."
    )
    public static let interfaceEndpointPrivateDNSOff = AuditRule(
        id: "interface-endpoint-private-dns-off", severity: .warning,
        title: "An interface endpoint of the function's VPC has private DNS off",
        description:
            "The service's usual name resolves to its public endpoint, not to the interface endpoint: the SDK goes through a NAT gateway (paid) or fails when there is none, and the endpoint is unused."
    )
    public static let vpcDNSAttributesOff = AuditRule(
        id: "vpc-dns-attributes-off", severity: .warning,
        title: "The VPC's DNS attributes defeat its interface endpoints",
        description:
            "The VPC has an interface endpoint with private DNS on, but enableDnsSupport or enableDnsHostnames is off, so service names do not resolve to the endpoint."
    )

    // MARK: The function itself

    public static let roleMissingENIPermissions = AuditRule(
        id: "role-missing-eni-permissions", severity: .error,
        title: "The execution role cannot manage the function's network interfaces",
        description:
            "IAM data was imported and the execution role does not allow ec2:CreateNetworkInterface, ec2:DescribeNetworkInterfaces, ec2:DeleteNetworkInterface, ec2:AssignPrivateIpAddresses and ec2:UnassignPrivateIpAddresses (AWS managed policies such as AWSLambdaVPCAccessExecutionRole are recognised by name). Lambda cannot create the function's ENIs: an Active function runs on the ones it has, and fails when it next needs one (after an idle period, on a change of subnets or groups, to scale); any other function cannot run."
    )
    public static let roleMissingLogsPermissions = AuditRule(
        id: "role-missing-logs-permissions", severity: .warning,
        title: "The execution role cannot write the function's logs",
        description:
            "IAM data was imported and the execution role does not allow logs:CreateLogStream and logs:PutLogEvents (AWSLambdaBasicExecutionRole): the function runs but its output is lost."
    )
    public static let roleNotInIAMData = AuditRule(
        id: "role-not-in-iam-data", severity: .note, title: "The execution role is not in the imported IAM data",
        description:
            "IAM data was imported for the function's account but does not contain its execution role, so the role's permissions were not checked."
    )
    public static let functionFailed = AuditRule(
        id: "function-failed", severity: .error, title: "The function is in state Failed",
        description:
            "Lambda could not prepare the function (often a VPC reason: InsufficientRolePermissions, SubnetOutOfIPAddresses, EniLimitExceeded, InvalidSubnet, InvalidSecurityGroup); it cannot be invoked, and AWS says to delete and create it again once the cause is fixed."
    )
    public static let functionPending = AuditRule(
        id: "function-pending", severity: .warning, title: "The function is in state Pending",
        description:
            "Lambda is still creating the function's network interfaces; invocations fail until it is Active. A function that stays Pending usually has a VPC problem named by its StateReasonCode."
    )
    public static let functionInactive = AuditRule(
        id: "function-inactive", severity: .warning, title: "The function is Inactive",
        description:
            "The function was idle long enough for Lambda to reclaim its network interfaces: the next invocation fails while they are created again. With a reason other than Idle, Lambda could not create them again, and every invocation fails until the cause is fixed."
    )
    public static let subnetOutOfAddresses = AuditRule(
        id: "subnet-out-of-addresses", severity: .error, title: "A subnet of the function has no free address",
        description:
            "AvailableIpAddressCount is 0: Lambda cannot create a network interface there (SubnetOutOfIPAddresses) when the function scales, is updated or comes back from Inactive."
    )
    public static let subnetLowOnAddresses = AuditRule(
        id: "subnet-low-on-addresses", severity: .warning,
        title: "A subnet of the function is running out of addresses",
        description:
            "AvailableIpAddressCount is below \(Audit.lowAddressThreshold): the next network interfaces Lambda needs (a new security-group combination, scaling, an update) may not fit."
    )
    public static let vpcDedicatedTenancy = AuditRule(
        id: "vpc-dedicated-tenancy", severity: .error, title: "The function's VPC has dedicated tenancy",
        description: "Lambda cannot attach functions to a VPC whose instance tenancy is dedicated."
    )
    public static let securityGroupNotFound = AuditRule(
        id: "security-group-not-found", severity: .error,
        title: "A security group of the function no longer exists",
        description:
            "The function's VpcConfig names a security group that is not in the inventory (deleted, or not exported): Lambda cannot create network interfaces with it."
    )
    public static let vpcConfigInvalid = AuditRule(
        id: "vpc-config-invalid", severity: .error, title: "The function's VpcConfig spans VPCs",
        description:
            "The function's subnets are in more than one VPC, or its security groups belong to another VPC than its subnets. AWS rejects such a VpcConfig: the export does not describe a function that can run, and every target is unreachable as configured."
    )
    public static let subnetNotFound = AuditRule(
        id: "subnet-not-found", severity: .error, title: "A subnet of the function no longer exists",
        description:
            "The function's VpcConfig names a subnet that is not in the inventory (deleted, or not exported): Lambda cannot place a network interface there."
    )

    /// Every rule, in the order docs/audit.md and SARIF's `tool.driver.rules` list them.
    public static let all: [AuditRule] = [
        reachUnreachable, reachPartial, expectationViolated, expectationUnknownTarget, expectationUnmatched,
        publicSubnetOnly, subnetsDifferAcrossAZs, singleAZ, natGatewayCrossAZ, natForGatewayEndpointService,
        interfaceEndpointSGDeniesFunction, interfaceEndpointPrivateDNSOff, vpcDNSAttributesOff,
        roleMissingENIPermissions, roleMissingLogsPermissions, roleNotInIAMData, functionFailed, functionPending,
        functionInactive, subnetOutOfAddresses, subnetLowOnAddresses, vpcDedicatedTenancy, securityGroupNotFound,
        subnetNotFound, vpcConfigInvalid,
    ]

    /// The rule with ID `id`.
    public static func named(_ id: String) -> AuditRule? { all.first { $0.id == id } }
}
