/// One kind of document lambda-reach reads: the output of one AWS CLI call, or a file of
/// another tool in the same shape.
///
/// `DocumentKind.all` is the one table of them. The importer recognises a document by a kind's
/// `key`, decodes it with the kind's reader and takes its account and region from its scope
/// hints; `lambda-reach collect` (ReachCollect) makes each kind's `call` as its `collection`
/// says, counts the records under `key`, and when the call fails warns with `lacking`. A new
/// kind is one entry here (and its decoder in Documents.swift); both sides follow.
public struct DocumentKind: Sendable {
    /// The top-level key that marks the document: its array holds the records (`Subnets`).
    /// For a document that is one resource, the key that names it (`FunctionArn`, `VpcId`).
    public let key: String
    /// Whether `key` holds the list of records (collect counts them), or the document is one.
    public let isList: Bool
    /// The AWS CLI call that prints it; nil for files no call prints (Batfish's snapshots).
    public let call: Call?
    /// When `collect` makes the call.
    public let collection: Collection
    /// Whose data it is: IAM's is the account's (kept under the region `global`), the rest a
    /// region's.
    public let isGlobal: Bool
    /// What the analysis lacks without it, about one resource (`subject`, `detail`) for the
    /// calls made per resource: collect's warning when the call fails.
    let lackingText: @Sendable (_ subject: String, _ detail: String) -> String
    /// The inventory's kinds this document replaces as a whole in its scope, even when it
    /// lists nothing (an export with `{"Functions": []}` says the scope has no functions).
    let replaces: [ResourceKind]
    /// How the importer reads it.
    let read: Read
    /// What the records say about their account and region, read after each record.
    let hints: [ScopeHint]
    /// The argument sets `collect` makes the call with, one call (and file) each: a call such
    /// as ram list-resources answers one side (`--resource-owner SELF`) at a time.
    public internal(set) var variants: [[String]] = [[]]

    /// An AWS CLI call: `aws SERVICE OPERATION ARGUMENTS`.
    public struct Call: Sendable, Hashable {
        /// `ec2`, `lambda`, `rds`, `iam`.
        public let service: String
        /// `describe-subnets`, ...
        public let operation: String
        /// Arguments every run of the call takes (`--filter Role ...`).
        public let arguments: [String]

        /// `aws ec2 describe-subnets`, as messages name the call.
        public var command: String { "aws \(service) \(operation)" }
    }

    /// When `collect` makes a kind's call.
    public enum Collection: Sendable, Equatable {
        /// Never: no call prints it, or another kind's call does.
        case notCollected
        /// Once per region, independent of the other calls.
        case perRegion
        /// Once per account (IAM), in the first region.
        case perAccount
        /// Once per resource another call lists, with `argument` and the resource's ID. The
        /// output does not name the resource when `addsKey` is given: collect adds it under
        /// that top-level key, where the importer reads it.
        case perResource(argument: String, addsKey: String?)
    }

    /// What the analysis lacks without this kind: for a call made per resource, about
    /// `subject` (and `detail`, the attribute of describe-vpc-attribute).
    public func lacking(subject: String = "", detail: String = "") -> String { lackingText(subject, detail) }

    /// How the importer reads a kind.
    enum Read: Sendable {
        /// Each element of the array under the key, with its JSON path (`$.Subnets[3]`).
        case elements(@Sendable (inout ParsedDocument, Fields, String) throws -> Void)
        /// The document as a whole; `handle(key)` marks a top-level key as read (when present).
        case document(@Sendable (inout ParsedDocument, Fields, _ handle: (String) -> Bool) throws -> Void)
    }

    /// A value of a record that says where it is.
    enum ScopeHint: Sendable {
        /// An account ID under this key (`OwnerId`).
        case account(String)
        /// An availability zone under this key, which names its region.
        case zone(String)
        /// An ARN of `service` under this key, which names its region and account.
        case arn(String, service: String)
        /// The record's own ID, an ARN (functions, roles).
        case recordARN
        /// A dotted name under this key whose third part is a region when its first is one of
        /// `prefixes` (`com.amazonaws.us-east-1.s3`).
        case regionInName(String, prefixes: Set<String>)
    }

    /// The kinds whose call `collect` makes as `collection` says.
    public static func collected(_ collection: Collection) -> [DocumentKind] {
        all.filter { $0.collection == collection }
    }

    /// The kinds of the inventory that a document with the top-level `key` replaces.
    static func replaced(byKey key: String) -> [ResourceKind] {
        all.filter { $0.key == key }.flatMap(\.replaces)
    }
}

/// A DNS attribute of a VPC, as describe-vpc-attribute prints it and the inventory keeps it.
public struct VPCAttribute: Sendable {
    /// The key of describe-vpc-attribute's output: `EnableDnsSupport`.
    public let key: String
    /// The attribute's name: describe-vpc-attribute's `--attribute`, and vpc_attributes.attribute.
    public let name: String

    public static let dnsSupport = VPCAttribute(key: "EnableDnsSupport", name: "enableDnsSupport")
    public static let dnsHostnames = VPCAttribute(key: "EnableDnsHostnames", name: "enableDnsHostnames")
    /// Every attribute collect asks for and the importer reads, in that order.
    public static let all = [dnsSupport, dnsHostnames]

    /// `enable-dns-support`: the name in file names.
    public var slug: String {
        name.reduce(into: "") { slug, character in
            slug += character.isUppercase ? "-\(character.lowercased())" : String(character)
        }
    }
}

// The table. Its order is the order the importer reads the kinds of one document in, and
// the order collect makes its calls in.
extension DocumentKind {
    public static let vpcs = regional(
        "Vpcs", "ec2", "describe-vpcs", replaces: [.vpcs], hints: [.account("OwnerId")],
        lacking:
            "no VPCs: subnets, route tables and ACLs cannot be placed, and the VPC DNS attributes are not collected"
    ) { doc, f, origin in doc.add(try Decode.vpc(f), origin: origin) }

    /// describe-dhcp-options: the DNS servers of the sets the VPCs name (`DhcpOptionsId`).
    public static let dhcpOptions = regional(
        "DhcpOptions", "ec2", "describe-dhcp-options", replaces: [.dhcpOptions], hints: [.account("OwnerId")],
        lacking:
            "no DHCP options: a VPC whose DhcpOptionsId is not default is taken to use the Amazon DNS server, which may not be where its functions send their DNS queries"
    ) { doc, f, origin in doc.add(try Decode.dhcpOptions(f), origin: origin) }

    public static let subnets = regional(
        "Subnets", "ec2", "describe-subnets", replaces: [.subnets],
        hints: [.account("OwnerId"), .zone("AvailabilityZone"), .arn("SubnetArn", service: "ec2")],
        lacking: "no subnets: every function subnet will be reported as not found (SUBNET_NOT_FOUND)"
    ) { doc, f, origin in
        doc.add(try Decode.subnet(f), origin: origin)
        // The account's own name for the zone: a subnet shared from another account is
        // printed with the names of the account that describes it.
        if let zoneId = try f.optionalString("AvailabilityZoneId", .zoneID),
            let name = try f.optionalString("AvailabilityZone", .availabilityZone)
        {
            doc.add(Decode.zoneRecord(zoneId: zoneId, name: name), origin: origin)
        }
    }

    /// describe-vpc-block-public-access-options: the account's VPC Block Public Access mode in
    /// the region. One object, not a list; it names its own account and region.
    public static let blockPublicAccessOptions = DocumentKind(
        key: "VpcBlockPublicAccessOptions", isList: false,
        call: Call(service: "ec2", operation: "describe-vpc-block-public-access-options", arguments: []),
        collection: .perRegion, isGlobal: false,
        lackingText: { _, _ in
            "no VPC Block Public Access options: the mode is taken from the subnets' and VPCs' BlockPublicAccessStates, and is taken as off where describe-subnets and describe-vpcs print none"
        }, replaces: [.blockPublicAccessOptions],
        read: .document { doc, fields, handle in
            guard handle("VpcBlockPublicAccessOptions") else { return }
            guard let options = try fields.optionalObject("VpcBlockPublicAccessOptions") else {
                throw ShapeError(path: ["VpcBlockPublicAccessOptions"], expected: "an object", found: "null")
            }
            try at("VpcBlockPublicAccessOptions") {
                doc.hint(account: try options.optionalString("AwsAccountId", .account))
                if let region = try options.optionalString("AwsRegion", .region) {
                    doc.regionHints.append(region)
                    doc.namedRegions.insert(region)
                }
                doc.add(try Decode.blockPublicAccessOptions(options), origin: "$.VpcBlockPublicAccessOptions")
            }
        }, hints: [])

    /// describe-vpc-block-public-access-exclusions: the VPCs and subnets exempted from the mode.
    public static let blockPublicAccessExclusions = regional(
        "VpcBlockPublicAccessExclusions", "ec2", "describe-vpc-block-public-access-exclusions",
        replaces: [.blockPublicAccessExclusions], hints: [.arn("ResourceArn", service: "ec2")],
        lacking:
            "no VPC Block Public Access exclusions: where BPA blocks, a VPC or subnet exempted from it cannot be seen"
    ) { doc, f, origin in doc.add(try Decode.blockPublicAccessExclusion(f), origin: origin) }

    public static let routeTables = regional(
        "RouteTables", "ec2", "describe-route-tables", replaces: [.routeTables], hints: [.account("OwnerId")],
        lacking: "no route tables: no path out of a subnet can be followed"
    ) { doc, f, origin in doc.add(try Decode.routeTable(f), origin: origin) }

    public static let internetGateways = regional(
        "InternetGateways", "ec2", "describe-internet-gateways", replaces: [.internetGateways],
        hints: [.account("OwnerId")],
        lacking: "no internet gateways: routes to them will look like routes to missing targets"
    ) { doc, f, origin in doc.add(try Decode.internetGateway(f), origin: origin) }

    public static let egressOnlyInternetGateways = regional(
        "EgressOnlyInternetGateways", "ec2", "describe-egress-only-internet-gateways",
        replaces: [.egressOnlyInternetGateways],
        lacking: "no egress-only internet gateways: IPv6 egress routes cannot be followed"
    ) { doc, f, origin in doc.add(try Decode.egressOnlyInternetGateway(f), origin: origin) }

    public static let natGateways = regional(
        "NatGateways", "ec2", "describe-nat-gateways", replaces: [.natGateways],
        lacking: "no NAT gateways: routes through NAT gateways will look like routes to missing targets"
    ) { doc, f, origin in doc.add(try Decode.natGateway(f), origin: origin) }

    public static let vpcEndpoints = regional(
        "VpcEndpoints", "ec2", "describe-vpc-endpoints", replaces: [.vpcEndpoints],
        hints: [.account("OwnerId"), .regionInName("ServiceName", prefixes: ["com", "cn"])],
        lacking: "no VPC endpoints: private paths to AWS services (gateway and interface endpoints) will be missed"
    ) { doc, f, origin in doc.add(try Decode.vpcEndpoint(f), origin: origin) }

    public static let securityGroups = regional(
        "SecurityGroups", "ec2", "describe-security-groups", replaces: [.securityGroups],
        hints: [.account("OwnerId")],
        lacking: "no security groups: functions' and databases' groups will be reported as not found"
    ) { doc, f, origin in
        let (record, rules) = try Decode.securityGroup(f)
        doc.add(record, origin: origin)
        doc.addRules(rules, of: record.id)
    }

    /// The rules add to their groups' (from describe-security-groups): they replace nothing.
    public static let securityGroupRules = regional(
        "SecurityGroupRules", "ec2", "describe-security-group-rules",
        hints: [.account("GroupOwnerId"), .arn("SecurityGroupRuleArn", service: "ec2")],
        lacking: "no security-group rule IDs (the rules themselves come from describe-security-groups)"
    ) { doc, f, _ in doc.addRule(try Decode.securityGroupRule(f)) }

    public static let networkACLs = regional(
        "NetworkAcls", "ec2", "describe-network-acls", replaces: [.networkACLs], hints: [.account("OwnerId")],
        lacking: "no network ACLs: NACL checks will be skipped"
    ) { doc, f, origin in doc.add(try Decode.networkACL(f), origin: origin) }

    /// describe-managed-prefix-lists, or the older describe-prefix-lists (with `Cidrs`).
    public static let prefixLists = regional(
        "PrefixLists", "ec2", "describe-managed-prefix-lists", replaces: [.prefixLists],
        hints: [.arn("PrefixListArn", service: "ec2"), .regionInName("PrefixListName", prefixes: ["com"])],
        lacking: "no prefix lists: S3 and DynamoDB prefix lists in routes and rules will not be recognised by name"
    ) { doc, f, origin in
        for record in try Decode.prefixList(f) { doc.add(record, origin: origin) }
    }

    public static let prefixListEntries = DocumentKind(
        key: "Entries", isList: true,
        call: Call(service: "ec2", operation: "get-managed-prefix-list-entries", arguments: []),
        collection: .perResource(argument: "--prefix-list-id", addsKey: ParsedDocument.prefixListIdKey),
        isGlobal: false,
        lackingText: { list, _ in "\(list)'s addresses are unknown: routes and rules naming it are matched by ID only"
        },
        replaces: [],
        read: .document { doc, fields, handle in
            guard handle("Entries") else { return }
            try doc.decodePrefixListEntries(fields)
            _ = handle(ParsedDocument.prefixListIdKey)
        }, hints: [])

    public static let peeringConnections = regional(
        "VpcPeeringConnections", "ec2", "describe-vpc-peering-connections", replaces: [.peeringConnections],
        lacking: "no peering connections: routes through them will look like routes to missing targets"
    ) { doc, f, origin in doc.add(try Decode.peeringConnection(f), origin: origin) }

    public static let transitGateways = regional(
        "TransitGateways", "ec2", "describe-transit-gateways", replaces: [.transitGateways],
        hints: [.account("OwnerId"), .arn("TransitGatewayArn", service: "ec2")],
        lacking: "no transit gateways: routes to them will look like routes to missing targets"
    ) { doc, f, origin in doc.add(try Decode.transitGateway(f), origin: origin) }

    public static let transitGatewayAttachments = regional(
        "TransitGatewayAttachments", "ec2", "describe-transit-gateway-attachments",
        replaces: [.transitGatewayAttachments], hints: [.account("ResourceOwnerId")],
        lacking: "no transit gateway attachments: which TGW route table each attachment uses is unknown"
    ) { doc, f, origin in doc.add(try Decode.transitGatewayAttachment(f), origin: origin) }

    public static let transitGatewayVPCAttachments = regional(
        "TransitGatewayVpcAttachments", "ec2", "describe-transit-gateway-vpc-attachments",
        replaces: [.transitGatewayVPCAttachments], hints: [.account("VpcOwnerId")],
        lacking: "no transit gateway VPC attachments: which subnets (AZs) the transit gateways reach is unknown"
    ) { doc, f, origin in doc.add(try Decode.transitGatewayVPCAttachment(f), origin: origin) }

    public static let transitGatewayRouteTables = regional(
        "TransitGatewayRouteTables", "ec2", "describe-transit-gateway-route-tables",
        replaces: [.transitGatewayRouteTables],
        lacking: "no transit gateway route tables: paths through transit gateways cannot be followed"
    ) { doc, f, origin in doc.add(try Decode.transitGatewayRouteTable(f), origin: origin) }

    public static let transitGatewayAssociations = perRouteTable(
        "Associations", "get-transit-gateway-route-table-associations",
        lacking: { "which attachments use \($0) is taken from describe-transit-gateway-attachments only" })

    public static let transitGatewayPropagations = perRouteTable(
        "TransitGatewayRouteTablePropagations", "get-transit-gateway-route-table-propagations",
        lacking: { "which attachments propagate into \($0) is unknown (only for explanations)" })

    public static let transitGatewayRoutes = perRouteTable(
        "Routes", "search-transit-gateway-routes", arguments: ["--filters", "Name=type,Values=static,propagated"],
        lacking: {
            "\($0)'s routes are unknown (propagated routes are derived from its propagations, static ones are missing)"
        })

    /// Batfish's snapshot files wrap search-transit-gateway-routes, one element per route table
    /// with its ID: `{"TransitGatewayStaticRoutes": [{"TransitGatewayRouteTableId": ..., "Routes": [...]}]}`.
    static let batfishTransitGatewayRoutes = fromOtherTools("TransitGatewayStaticRoutes") { doc, f, origin in
        doc.add(
            try ParsedDocument.transitGatewayRoutes(
                f, routeTableId: try f.string("TransitGatewayRouteTableId", .transitGatewayRouteTableID)),
            origin: "\(origin).Routes")
    }

    /// Batfish's wrapping of get-transit-gateway-route-table-propagations:
    /// `{"TransitGatewayPropagations": [{..., "TransitGatewayRouteTablePropagations": [...]}]}`.
    static let batfishTransitGatewayPropagations = fromOtherTools("TransitGatewayPropagations") { doc, f, origin in
        doc.add(
            try ParsedDocument.transitGatewayLinks(
                f, "TransitGatewayRouteTablePropagations",
                routeTableId: try f.string("TransitGatewayRouteTableId", .transitGatewayRouteTableID)),
            origin: "\(origin).TransitGatewayRouteTablePropagations")
    }

    public static let networkInterfaces = regional(
        "NetworkInterfaces", "ec2", "describe-network-interfaces", replaces: [.networkInterfaces],
        hints: [.account("OwnerId"), .zone("AvailabilityZone")],
        lacking:
            "no network interfaces: interface endpoint and ip: target addresses, and their security groups, are unknown"
    ) { doc, f, origin in doc.add(try Decode.networkInterface(f), origin: origin) }

    public static let functions = regional(
        "Functions", "lambda", "list-functions", replaces: [.functions], hints: [.recordARN],
        lacking: "no Lambda functions: there is nothing to ask about in this region"
    ) { doc, f, origin in
        if let version = try Decode.publishedVersion(f) {
            doc.publishedVersions.append(version)
            return
        }
        doc.add(try Decode.function(f), origin: origin)
    }

    /// get-function: `{"Configuration": {...}, "Code": {...}, "Tags": {...}}`. Not collected:
    /// get-function-configuration prints the same configuration.
    public static let function = DocumentKind(
        key: "Configuration", isList: false, call: Call(service: "lambda", operation: "get-function", arguments: []),
        collection: .notCollected, isGlobal: false, lackingText: { _, _ in "" }, replaces: [],
        read: .document { doc, fields, handle in
            guard handle("Configuration") else { return }
            try doc.decodeFunction(fields)
            for key in ["Code", "Tags", "Concurrency", "TagsError"] { _ = handle(key) }
        }, hints: [])

    /// get-function-configuration for one VPC-attached function: the function itself at the
    /// top level. list-functions prints no State, StateReason or StateReasonCode.
    public static let functionConfiguration = DocumentKind(
        key: "FunctionArn", isList: false,
        call: Call(service: "lambda", operation: "get-function-configuration", arguments: []),
        collection: .perResource(argument: "--function-name", addsKey: nil), isGlobal: false,
        lackingText: { name, _ in
            "\(name)'s state is unknown (list-functions prints none): a function that failed to create its network interfaces will not be flagged"
        }, replaces: [],
        read: .document { doc, fields, handle in
            guard fields.value("FunctionArn") != nil && fields.value("FunctionName") != nil else { return }
            try doc.decodeFunctionConfiguration(fields)
            for key in fields.keys { _ = handle(key) }
        }, hints: [])

    /// list-capacity-providers: Lambda Managed Instances' capacity providers, whose subnets and
    /// security groups are those of the functions that run on them (a function's own
    /// CapacityProviderConfig names only the provider).
    public static let capacityProviders = regional(
        "CapacityProviders", "lambda", "list-capacity-providers", replaces: [.capacityProviders],
        hints: [.recordARN],
        lacking:
            "no Lambda capacity providers: the network of a function on Lambda Managed Instances (its provider's subnets and security groups) is unknown"
    ) { doc, f, origin in doc.add(try Decode.capacityProvider(f), origin: origin) }

    /// get-capacity-provider: `{"CapacityProvider": {...}}`, one provider. Not collected:
    /// list-capacity-providers prints the same providers.
    public static let capacityProvider = DocumentKind(
        key: "CapacityProvider", isList: false,
        call: Call(service: "lambda", operation: "get-capacity-provider", arguments: []),
        collection: .notCollected, isGlobal: false, lackingText: { _, _ in "" }, replaces: [],
        read: .document { doc, fields, handle in
            guard handle("CapacityProvider") else { return }
            try doc.decodeCapacityProvider(fields)
        }, hints: [])

    public static let dbInstances = regional(
        "DBInstances", "rds", "describe-db-instances", replaces: [.dbInstances, .dbSubnetGroups],
        hints: [.zone("AvailabilityZone"), .arn("DBInstanceArn", service: "rds")],
        lacking: "no RDS DB instances: rds: targets for instances will not be found"
    ) { doc, f, origin in
        for record in try Decode.dbInstance(f, scopeKey: ParsedDocument.scopeKey) { doc.add(record, origin: origin) }
    }

    public static let dbClusters = regional(
        "DBClusters", "rds", "describe-db-clusters", replaces: [.dbClusters],
        hints: [.arn("DBClusterArn", service: "rds")],
        lacking: "no RDS/Aurora clusters: rds: targets for clusters will not be found"
    ) { doc, f, origin in doc.add(try Decode.dbCluster(f, scopeKey: ParsedDocument.scopeKey), origin: origin) }

    public static let dbProxies = regional(
        "DBProxies", "rds", "describe-db-proxies", replaces: [.dbProxies], hints: [.arn("DBProxyArn", service: "rds")],
        lacking: "no RDS proxies: rds: targets for proxies will not be found"
    ) { doc, f, origin in doc.add(try Decode.dbProxy(f, scopeKey: ParsedDocument.scopeKey), origin: origin) }

    /// describe-db-proxy-endpoints: a proxy's additional endpoints (its default one, which
    /// describe-db-proxies already describes, is left out), each in subnets and security groups
    /// of its own, possibly in another VPC than the proxy's.
    public static let dbProxyEndpoints = regional(
        "DBProxyEndpoints", "rds", "describe-db-proxy-endpoints", replaces: [.dbProxyEndpoints],
        hints: [.arn("DBProxyEndpointArn", service: "rds")],
        lacking: "no RDS proxy endpoints: rds: targets for a proxy's additional endpoints will not be found"
    ) { doc, f, origin in
        if let endpoint = try Decode.dbProxyEndpoint(f, scopeKey: ParsedDocument.scopeKey) {
            doc.add(endpoint, origin: origin)
        }
    }

    /// describe-db-proxy-targets, once per proxy: the databases the proxy connects to, with
    /// AWS's view of each connection (TargetHealth). The output does not name the proxy:
    /// collect adds a `DBProxyName` key; without it the importer infers the proxy.
    public static let dbProxyTargets = DocumentKind(
        key: "Targets", isList: true,
        call: Call(service: "rds", operation: "describe-db-proxy-targets", arguments: []),
        collection: .perResource(argument: "--db-proxy-name", addsKey: ParsedDocument.proxyNameKey), isGlobal: false,
        lackingText: { proxy, _ in
            "which database the RDS proxy \(proxy) connects to is inferred from its VPC and engine family, and AWS's view of that connection (TargetHealth) is unknown"
        }, replaces: [],
        read: .document { doc, fields, handle in try doc.decodeDBProxyTargets(fields, handle: handle) }, hints: [])

    /// get-account-authorization-details: the roles, and (`policies`) the managed policies.
    public static let roles = DocumentKind(
        key: "RoleDetailList", isList: true,
        call: Call(
            service: "iam", operation: "get-account-authorization-details",
            arguments: ["--filter", "Role", "LocalManagedPolicy", "AWSManagedPolicy"]),
        collection: .perAccount, isGlobal: true,
        lackingText: { _, _ in
            "no IAM data: permission checks will be skipped (execution roles' ENI and logs permissions)"
        }, replaces: [.roles], read: .elements { doc, f, origin in doc.add(try Decode.role(f), origin: origin) },
        hints: [.recordARN])

    /// The managed policies of get-account-authorization-details, whose call `roles` makes.
    /// `Policies` is a key of other calls too: it is read only beside the call's user or role list.
    public static let policies = DocumentKind(
        key: "Policies", isList: true, call: roles.call, collection: .notCollected, isGlobal: true,
        lackingText: roles.lackingText, replaces: [.policies],
        read: .document { doc, fields, handle in
            guard fields.value("Policies") != nil,
                fields.value("RoleDetailList") != nil || fields.value("UserDetailList") != nil
            else { return }
            _ = handle("Policies")
            doc.isIAM = true
            try doc.each(fields, "Policies") { doc, f, origin in doc.add(try Decode.policy(f), origin: origin) }
        }, hints: [])

    /// describe-vpc-attribute, once per VPC and attribute (`VPCAttribute.all`).
    public static let vpcAttribute = DocumentKind(
        key: "VpcId", isList: false,
        call: Call(service: "ec2", operation: "describe-vpc-attribute", arguments: []),
        collection: .perResource(argument: "--vpc-id", addsKey: nil), isGlobal: false,
        lackingText: { vpc, attribute in
            "\(vpc)'s \(attribute) is unknown: interface endpoints' private DNS is assumed to resolve"
        }, replaces: [],
        read: .document { doc, fields, handle in
            guard let vpcId = try fields.optionalString("VpcId", .vpcID),
                VPCAttribute.all.contains(where: { fields.value($0.key) != nil })
            else { return }
            _ = handle("VpcId")
            for attribute in VPCAttribute.all {
                if let flag = try at(attribute.key, { try fields.optionalBool(attribute.key) }) {
                    _ = handle(attribute.key)
                    doc.attributes.append((vpcId, attribute.name, flag))
                }
            }
        }, hints: [])

    /// Every kind, in the order the importer reads them and collect calls them.
    public static let exports = regional(
        "Exports", "cloudformation", "list-exports", replaces: [.cloudFormationExports],
        hints: [.arn("ExportingStackId", service: "cloudformation")],
        lacking: "no CloudFormation exports: a template's Fn::ImportValue of a live stack's export stays unresolved"
    ) { doc, f, origin in doc.add(try Decode.export(f), origin: origin) }

    /// describe-stacks: the stacks whose resources collect then describes, one call each.
    /// Nothing of it is kept: the resources' own call says what each logical ID is.
    public static let stacks = regional(
        "Stacks", "cloudformation", "describe-stacks",
        hints: [.arn("StackId", service: "cloudformation")],
        lacking:
            "no CloudFormation stacks: a template laid over the inventory adds to it instead of replacing its deployed stack"
    ) { _, f, _ in _ = try f.string("StackName", .name) }

    public static let stackResources = DocumentKind(
        key: "StackResources", isList: true,
        call: Call(service: "cloudformation", operation: "describe-stack-resources", arguments: []),
        collection: .perResource(argument: "--stack-name", addsKey: nil), isGlobal: false,
        lackingText: { stack, _ in
            "the resources of stack \(stack) are not known: its template laid over the inventory adds to it instead of replacing it"
        }, replaces: [],
        read: .document { doc, fields, handle in
            guard handle("StackResources") else { return }
            try doc.decodeStackResources(fields)
        }, hints: [])

    public static let all: [DocumentKind] = [
        vpcs, dhcpOptions, subnets, blockPublicAccessOptions, blockPublicAccessExclusions, routeTables,
        internetGateways, egressOnlyInternetGateways, natGateways,
        vpcEndpoints,
        securityGroups, securityGroupRules, networkACLs, prefixLists, prefixListEntries, peeringConnections,
        transitGateways, transitGatewayAttachments, transitGatewayVPCAttachments, transitGatewayRouteTables,
        transitGatewayAssociations, transitGatewayPropagations, transitGatewayRoutes, batfishTransitGatewayRoutes,
        batfishTransitGatewayPropagations, networkInterfaces, functions, function, functionConfiguration,
        capacityProviders, capacityProvider,
        dbInstances, dbClusters, dbProxies, dbProxyEndpoints, dbProxyTargets, roles, policies, vpcAttribute, exports,
        stacks,
        stackResources,
        availabilityZones, resourceShares, sharedResources, sharePrincipals, hostedZonesByVPC, recordSets,
        resolverRules, resolverRuleAssociations,
    ]

    /// A list call made once per region (once per argument set of `variants`), its elements
    /// read by `read`.
    static func regional(
        _ key: String, _ service: String, _ operation: String, variants: [[String]] = [[]],
        replaces: [ResourceKind] = [], hints: [ScopeHint] = [], lacking: String,
        read: @escaping @Sendable (inout ParsedDocument, Fields, String) throws -> Void
    ) -> DocumentKind {
        DocumentKind(
            key: key, isList: true, call: Call(service: service, operation: operation, arguments: []),
            collection: .perRegion, isGlobal: false, lackingText: { _, _ in lacking }, replaces: replaces,
            read: .elements(read), hints: hints, variants: variants)
    }

    /// A call made once per transit gateway route table, whose output does not name the table.
    private static func perRouteTable(
        _ key: String, _ operation: String, arguments: [String] = [],
        lacking: @escaping @Sendable (String) -> String
    ) -> DocumentKind {
        DocumentKind(
            key: key, isList: true, call: Call(service: "ec2", operation: operation, arguments: arguments),
            collection: .perResource(
                argument: "--transit-gateway-route-table-id", addsKey: ParsedDocument.routeTableIdKey),
            isGlobal: false, lackingText: { table, _ in lacking(table) }, replaces: [],
            read: .document { doc, fields, handle in
                try doc.decodeTransitGatewayRouteTableCall(key, operation: operation, fields, handle: handle)
            }, hints: [])
    }

    /// A file no AWS CLI call prints, its elements read by `read`.
    private static func fromOtherTools(
        _ key: String, read: @escaping @Sendable (inout ParsedDocument, Fields, String) throws -> Void
    ) -> DocumentKind {
        DocumentKind(
            key: key, isList: true, call: nil, collection: .notCollected, isGlobal: false,
            lackingText: { _, _ in "" }, replaces: [], read: .elements(read), hints: [])
    }
}
