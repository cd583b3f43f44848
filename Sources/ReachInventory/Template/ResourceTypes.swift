/// What lambda-reach knows of each CloudFormation resource type: whether it is analysed, what
/// `Ref` returns, and which `Fn::GetAtt` attributes it has (from each type's "Return values"
/// in the CloudFormation User Guide).
enum ResourceTypes {
    /// The types compiled into the network model. Anything else is listed once as not analysed.
    static let analysed: Set<String> = [
        "AWS::EC2::VPC", "AWS::EC2::Subnet", "AWS::EC2::RouteTable", "AWS::EC2::Route",
        "AWS::EC2::SubnetRouteTableAssociation", "AWS::EC2::InternetGateway", "AWS::EC2::VPCGatewayAttachment",
        "AWS::EC2::NatGateway", "AWS::EC2::EIP", "AWS::EC2::EgressOnlyInternetGateway", "AWS::EC2::VPCEndpoint",
        "AWS::EC2::SecurityGroup", "AWS::EC2::SecurityGroupIngress", "AWS::EC2::SecurityGroupEgress",
        "AWS::EC2::NetworkAcl", "AWS::EC2::NetworkAclEntry", "AWS::EC2::SubnetNetworkAclAssociation",
        "AWS::EC2::VPCPeeringConnection", "AWS::EC2::TransitGatewayAttachment", "AWS::EC2::DHCPOptions",
        "AWS::EC2::VPCDHCPOptionsAssociation", "AWS::EC2::VPCBlockPublicAccessOptions", "AWS::EC2::VPCCidrBlock",
        "AWS::EC2::VPCBlockPublicAccessExclusion", "AWS::RDS::DBInstance", "AWS::RDS::DBCluster",
        "AWS::RDS::DBSubnetGroup",
        "AWS::RDS::DBProxy",
        "AWS::RDS::DBProxyEndpoint",
        "AWS::RDS::DBProxyTargetGroup",
        "AWS::Lambda::Function", "AWS::IAM::Role", "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy",
        "AWS::Serverless::Function", "AWS::CloudFormation::Stack",
    ]

    /// `Fn::GetAtt` attributes by type. A type not listed here is not analysed, and any
    /// attribute of it is an opaque value.
    static let attributes: [String: Set<String>] = [
        "AWS::EC2::VPC": [
            "CidrBlock", "CidrBlockAssociations", "DefaultNetworkAcl", "DefaultSecurityGroup", "Ipv6CidrBlocks",
            "VpcId",
        ],
        "AWS::EC2::DHCPOptions": ["DhcpOptionsId"],
        "AWS::EC2::VPCCidrBlock": ["Id", "IpSource", "Ipv6AddressAttribute"],
        "AWS::EC2::Subnet": [
            "AvailabilityZone", "AvailabilityZoneId", "CidrBlock", "Ipv6CidrBlocks", "NetworkAclAssociationId",
            "OutpostArn", "SubnetId", "VpcId", "BlockPublicAccessStates",
        ],
        "AWS::EC2::RouteTable": ["RouteTableId"],
        "AWS::EC2::Route": ["CidrBlock"],
        "AWS::EC2::SubnetRouteTableAssociation": ["Id"],
        "AWS::EC2::InternetGateway": ["InternetGatewayId"],
        "AWS::EC2::VPCGatewayAttachment": [],
        "AWS::EC2::VPCDHCPOptionsAssociation": ["Id"],
        "AWS::EC2::NatGateway": ["NatGatewayId"],
        "AWS::EC2::EIP": ["AllocationId", "PublicIp"],
        "AWS::EC2::EgressOnlyInternetGateway": ["Id"],
        "AWS::EC2::VPCEndpoint": ["CreationTimestamp", "DnsEntries", "Id", "NetworkInterfaceIds"],
        "AWS::EC2::SecurityGroup": ["GroupId", "VpcId"],
        "AWS::EC2::SecurityGroupIngress": ["Id"],
        "AWS::EC2::SecurityGroupEgress": ["Id"],
        "AWS::EC2::NetworkAcl": ["Id"],
        "AWS::EC2::NetworkAclEntry": ["Id"],
        "AWS::EC2::SubnetNetworkAclAssociation": ["AssociationId"],
        "AWS::EC2::VPCPeeringConnection": ["Id"],
        "AWS::EC2::TransitGatewayAttachment": ["Id"],
        "AWS::EC2::VPCBlockPublicAccessOptions": ["AccountId"],
        "AWS::EC2::VPCBlockPublicAccessExclusion": ["ExclusionId"],
        "AWS::RDS::DBInstance": [
            "CertificateDetails.CAIdentifier", "CertificateDetails.ValidTill", "DBInstanceArn", "DBSystemId",
            "DbiResourceId", "Endpoint.Address", "Endpoint.HostedZoneId", "Endpoint.Port",
            "MasterUserSecret.SecretArn",
        ],
        "AWS::RDS::DBCluster": [
            "DBClusterArn", "DBClusterResourceId", "Endpoint", "Endpoint.Address", "Endpoint.Port",
            "MasterUserSecret.SecretArn", "ReadEndpoint.Address", "StorageThroughput",
        ],
        "AWS::RDS::DBSubnetGroup": [],
        "AWS::RDS::DBProxy": ["DBProxyArn", "Endpoint", "VpcId"],
        "AWS::RDS::DBProxyEndpoint": ["DBProxyEndpointArn", "Endpoint", "IsDefault", "VpcId"],
        "AWS::RDS::DBProxyTargetGroup": ["TargetGroupArn"],
        "AWS::Lambda::Function": [
            "Arn", "SnapStartResponse", "SnapStartResponse.ApplyOn", "SnapStartResponse.OptimizationStatus",
        ],
        "AWS::Serverless::Function": ["Arn"],
        "AWS::IAM::Role": ["Arn", "RoleId"],
        "AWS::IAM::Policy": ["Id"],
        "AWS::IAM::ManagedPolicy": [
            "PolicyArn", "PolicyId", "AttachmentCount", "CreateDate", "UpdateDate", "DefaultVersionId", "IsAttachable",
            "PermissionsBoundaryUsageCount",
        ],
    ]

    /// The name a resource has in answers, and what `Ref` to most EC2 resources returns.
    static func plannedID(_ logicalID: String, in stack: TemplateStack, line: Int) -> String {
        "\(logicalID) (\(stack.file):\(line))"
    }

    /// What `Ref` to a resource returns.
    static func refValue(of logicalID: String, in stack: TemplateStack, evaluator: Evaluator) throws -> String {
        let id = stack.plannedIDs[logicalID] ?? logicalID
        switch stack.type(of: logicalID) {
        case "AWS::Lambda::Function", "AWS::Serverless::Function": return try functionName(logicalID, stack, evaluator)
        case "AWS::IAM::Role": return try roleName(logicalID, stack, evaluator)
        case "AWS::IAM::ManagedPolicy":
            return
                "arn:\(stack.partition):iam::\(stack.account):policy/\(try named(logicalID, "ManagedPolicyName", stack, evaluator))"
        case "AWS::RDS::DBInstance": return try databaseName(logicalID, "DBInstanceIdentifier", stack, evaluator)
        case "AWS::RDS::DBCluster": return try databaseName(logicalID, "DBClusterIdentifier", stack, evaluator)
        case "AWS::RDS::DBProxy": return try databaseName(logicalID, "DBProxyName", stack, evaluator)
        case "AWS::RDS::DBProxyEndpoint": return try databaseName(logicalID, "DBProxyEndpointName", stack, evaluator)
        case "AWS::RDS::DBSubnetGroup": return try databaseName(logicalID, "DBSubnetGroupName", stack, evaluator)
        case "AWS::EC2::EIP":
            // Ref is the address AWS allocates: known only after deploy.
            return id
        default: return id
        }
    }

    /// A name property. Without one, CloudFormation generates the name at deploy
    /// (`STACK-LogicalId-RANDOM`, the "Name type" of the CloudFormation User Guide): a deployed
    /// stack's resource keeps the physical ID the stack maps it to, and a new one is named
    /// `generatedName`, which no live resource can have.
    static func named(_ logicalID: String, _ property: String, _ stack: TemplateStack, _ evaluator: Evaluator)
        throws -> String
    {
        if let deployed = stack.deployed[logicalID], !deployed.hasPrefix("arn:") { return deployed }
        if let given = try evaluator.properties(of: logicalID)[property]?.textOrUnknown { return given }
        if let mapped = stack.deployedResources.first(where: { $0.logicalID == logicalID })?.physicalID,
            !mapped.hasPrefix("arn:")
        {
            return mapped
        }
        return generatedName(logicalID, stack)
    }

    /// The name lambda-reach gives a resource whose name CloudFormation generates at deploy:
    /// `STACK-LogicalId-(generated)`. CloudFormation's is `STACK-LogicalId-` and a random suffix;
    /// the parentheses, which no function, role, policy or database name may contain, keep it
    /// from ever being a live resource's name.
    static func generatedName(_ logicalID: String, _ stack: TemplateStack) -> String {
        "\(stack.name)-\(logicalID)-(generated)"
    }

    /// Whether the resource's name is the one CloudFormation generates at deploy.
    static func isGenerated(_ name: String) -> Bool { name.hasSuffix("-(generated)") }

    static func functionName(_ logicalID: String, _ stack: TemplateStack, _ evaluator: Evaluator) throws -> String {
        try named(logicalID, "FunctionName", stack, evaluator)
    }

    static func roleName(_ logicalID: String, _ stack: TemplateStack, _ evaluator: Evaluator) throws -> String {
        try named(logicalID, "RoleName", stack, evaluator)
    }

    /// RDS identifiers are lower case: CloudFormation lower-cases the names it generates, and
    /// RDS keeps a given one in lower case.
    static func databaseName(_ logicalID: String, _ property: String, _ stack: TemplateStack, _ evaluator: Evaluator)
        throws -> String
    {
        if let deployed = stack.deployed[logicalID] { return deployed }
        if let given = try evaluator.properties(of: logicalID)[property]?.textOrUnknown { return given.lowercased() }
        if let mapped = stack.deployedResources.first(where: { $0.logicalID == logicalID })?.physicalID {
            return mapped
        }
        return generatedName(logicalID, stack).lowercased()
    }

    static func functionARN(_ logicalID: String, _ stack: TemplateStack, _ evaluator: Evaluator) throws -> String {
        "arn:\(stack.partition):lambda:\(stack.region):\(stack.account):function:\(try functionName(logicalID, stack, evaluator))"
    }

    static func roleARN(_ logicalID: String, _ stack: TemplateStack, _ evaluator: Evaluator) throws -> String {
        let path = try evaluator.properties(of: logicalID)["Path"]?.text ?? "/"
        return "arn:\(stack.partition):iam::\(stack.account):role\(path)\(try roleName(logicalID, stack, evaluator))"
    }

    /// `Fn::GetAtt`.
    static func attribute(
        _ attribute: String, of logicalID: String, in stack: TemplateStack, evaluator: Evaluator, at node: TemplateNode
    ) throws -> Resolved {
        let type = stack.type(of: logicalID) ?? ""
        if type == "AWS::CloudFormation::Stack", attribute.hasPrefix("Outputs.") {
            return try stack.nestedOutput(
                logicalID, String(attribute.dropFirst("Outputs.".count)), set: evaluator.set, at: node)
        }
        guard let known = attributes[type] else {
            // A type lambda-reach does not analyse: its attributes are opaque names.
            return Resolved(.text("\(logicalID).\(attribute)"), at: node)
        }
        guard known.contains(attribute) else {
            // SAM adds attributes of what it generates (`MyFunction.Alias`, `MyApi.Stage`).
            if stack.isSAM {
                return Resolved(.unknown("Fn::GetAtt \(logicalID).\(attribute) (a resource SAM generates)"), at: node)
            }
            throw stack.error(
                node,
                "Fn::GetAtt: \(type) has no attribute \(attribute)\(known.isEmpty ? " (it has none)" : " (it has \(known.sorted().joined(separator: ", ")))")"
            )
        }
        let id = stack.plannedIDs[logicalID] ?? logicalID
        let text = { (value: String) in Resolved(.text(value), at: node) }
        let properties = { try evaluator.properties(of: logicalID) }
        let placed = { (value: Resolved?) -> Resolved in
            guard var value else { return Resolved(.unknown("\(logicalID).\(attribute)"), at: node) }
            value.line = node.line
            value.path = node.path
            return value
        }
        switch (type, attribute) {
        case ("AWS::EC2::VPC", "DefaultSecurityGroup"):
            return text(evaluator.set.defaultID(ofVPC: logicalID, stack: stack, .securityGroup))
        case ("AWS::EC2::VPC", "DefaultNetworkAcl"):
            return text(evaluator.set.defaultID(ofVPC: logicalID, stack: stack, .networkACL))
        case ("AWS::EC2::VPC", "CidrBlock"), ("AWS::EC2::Subnet", "CidrBlock"):
            if let live = stack.deployed[logicalID], let cidr = evaluator.set.facts.cidr[live] { return text(cidr) }
            return placed(try properties()["CidrBlock"])
        case ("AWS::EC2::Subnet", "AvailabilityZone"):
            if let live = stack.deployed[logicalID], let zone = evaluator.set.facts.zone[live] { return text(zone) }
            return placed(try properties()["AvailabilityZone"])
        case ("AWS::EC2::Subnet", "VpcId"), ("AWS::EC2::SecurityGroup", "VpcId"):
            return placed(try properties()["VpcId"])
        case ("AWS::RDS::DBInstance", "Endpoint.Port"), ("AWS::RDS::DBCluster", "Endpoint.Port"):
            if let port = try properties()["Port"] { return placed(port) }
            let engine = try properties()["Engine"]?.text ?? ""
            return text(String(CompiledDatabase.defaultPort(engine: engine)))
        case ("AWS::RDS::DBProxyEndpoint", "IsDefault"):
            // The resource makes an additional endpoint: the default one is made by RDS with
            // the proxy ("RDS automatically creates one endpoint for each DB proxy").
            return text("false")
        case ("AWS::RDS::DBProxyEndpoint", "VpcId"):
            // The VPC of its subnets: a live subnet's, or a subnet of the template's VpcId.
            guard let subnet = try properties()["VpcSubnetIds"]?.list?.first?.textOrUnknown else {
                return placed(nil)
            }
            if let live = evaluator.set.facts.vpcOfSubnet[subnet] { return text(live) }
            if let planned = stack.plannedIDs.first(where: { $0.value == subnet })?.key,
                stack.type(of: planned) == "AWS::EC2::Subnet"
            {
                return placed(try evaluator.properties(of: planned)["VpcId"])
            }
            return placed(nil)
        case ("AWS::Lambda::Function", "Arn"), ("AWS::Serverless::Function", "Arn"):
            return text(try functionARN(logicalID, stack, evaluator))
        case ("AWS::IAM::Role", "Arn"):
            return text(try roleARN(logicalID, stack, evaluator))
        case ("AWS::IAM::ManagedPolicy", "PolicyArn"):
            return text(try refValue(of: logicalID, in: stack, evaluator: evaluator))
        case (_, "GroupId"), (_, "SubnetId"), (_, "RouteTableId"), (_, "InternetGatewayId"), (_, "NatGatewayId"),
            (_, "Id"), (_, "AllocationId"):
            return text(id)
        default:
            // Known only once AWS has made the resource (an endpoint's address, an ARN's suffix).
            return Resolved(.unknown("Fn::GetAtt \(logicalID).\(attribute), known after deploy"), at: node)
        }
    }
}
