import ReachCore

/// One AWS CLI call that `collect` makes: what it runs, the file it writes, and what the
/// analysis lacks when it fails.
public struct AWSCall: Sendable, Hashable {
    /// `ec2`, `lambda`, `rds`, `iam`.
    public var service: String
    /// `describe-vpcs`, ...
    public var operation: String
    /// Arguments after the operation (`--vpc-id vpc-1 --attribute enableDnsSupport`).
    public var arguments: [String]
    /// Where the output goes, relative to the region's (or `global`) folder.
    public var file: String
    /// The top-level key of the output whose array is counted in the summary (nil: one record).
    public var countKey: String?
    /// What the analysis will lack without this call's output, for the warning.
    public var lacking: String
    /// The region it runs in (the global IAM call runs in the first region).
    public var region: String?
    /// The resource a follow-up call is about (`vpc-1 enableDnsSupport`, `pl-1`, a function name).
    public var subject: String?

    /// `global` for IAM, else the region: the folder the file goes to.
    public var scope: String { service == "iam" ? "global" : region ?? "global" }

    /// `aws ec2 describe-vpcs --region us-east-1`, as a person would type it: each word quoted
    /// for the shell where it needs to be (the IDs and names of follow-up calls come from data).
    public var commandLine: String {
        Shell.command(["aws", service, operation] + arguments + (region.map { ["--region", $0] } ?? []))
    }

    /// `ec2 describe-vpcs` (with the resource it is about, for per-resource calls).
    public var label: String { ([service, operation] + (subject.map { [$0] } ?? [])).joined(separator: " ") }

    /// The IAM action the call needs.
    public var iamAction: String { Self.iamAction(service: service, operation: operation) }

    static func iamAction(service: String, operation: String) -> String {
        let words = operation.split(separator: "-").map { word -> String in
            switch word {
            case "db": return "DB"
            case "vpc": return "Vpc"
            default: return word.prefix(1).uppercased() + word.dropFirst()
            }
        }
        return "\(service):\(words.joined())"
    }
}

/// The catalog: every call whose output the importer understands (see
/// `ParsedDocument.fill`), and the follow-up calls derived from their outputs.
public enum CallCatalog {
    /// The calls made once per region, all independent of each other.
    public static func regional(region: String) -> [AWSCall] {
        func call(_ service: String, _ operation: String, _ key: String, _ lacking: String) -> AWSCall {
            AWSCall(
                service: service, operation: operation, arguments: [], file: "\(service)-\(operation).json",
                countKey: key, lacking: lacking, region: region)
        }
        return [
            call(
                "ec2", "describe-vpcs", "Vpcs",
                "no VPCs: subnets, route tables and ACLs cannot be placed, and the VPC DNS attributes are not collected"
            ),
            call(
                "ec2", "describe-subnets", "Subnets",
                "no subnets: every function subnet will be reported as not found (SUBNET_NOT_FOUND)"),
            call(
                "ec2", "describe-route-tables", "RouteTables",
                "no route tables: no path out of a subnet can be followed"),
            call(
                "ec2", "describe-internet-gateways", "InternetGateways",
                "no internet gateways: routes to them will look like routes to missing targets"),
            call(
                "ec2", "describe-egress-only-internet-gateways", "EgressOnlyInternetGateways",
                "no egress-only internet gateways: IPv6 egress routes cannot be followed"),
            call(
                "ec2", "describe-nat-gateways", "NatGateways",
                "no NAT gateways: routes through NAT gateways will look like routes to missing targets"),
            call(
                "ec2", "describe-vpc-endpoints", "VpcEndpoints",
                "no VPC endpoints: private paths to AWS services (gateway and interface endpoints) will be missed"),
            call(
                "ec2", "describe-security-groups", "SecurityGroups",
                "no security groups: functions' and databases' groups will be reported as not found"),
            call(
                "ec2", "describe-security-group-rules", "SecurityGroupRules",
                "no security-group rule IDs (the rules themselves come from describe-security-groups)"),
            call("ec2", "describe-network-acls", "NetworkAcls", "no network ACLs: NACL checks will be skipped"),
            call(
                "ec2", "describe-managed-prefix-lists", "PrefixLists",
                "no prefix lists: S3 and DynamoDB prefix lists in routes and rules will not be recognised by name"),
            call(
                "ec2", "describe-vpc-peering-connections", "VpcPeeringConnections",
                "no peering connections: routes through them will look like routes to missing targets"),
            call(
                "ec2", "describe-transit-gateways", "TransitGateways",
                "no transit gateways: routes to them will look like routes to missing targets"),
            call(
                "ec2", "describe-transit-gateway-attachments", "TransitGatewayAttachments",
                "no transit gateway attachments: which TGW route table each attachment uses is unknown"),
            call(
                "ec2", "describe-transit-gateway-vpc-attachments", "TransitGatewayVpcAttachments",
                "no transit gateway VPC attachments: which subnets (AZs) the transit gateways reach is unknown"),
            call(
                "ec2", "describe-transit-gateway-route-tables", "TransitGatewayRouteTables",
                "no transit gateway route tables: paths through transit gateways cannot be followed"),
            call(
                "ec2", "describe-network-interfaces", "NetworkInterfaces",
                "no network interfaces: interface endpoint and ip: target addresses, and their security groups, are unknown"
            ),
            call(
                "lambda", "list-functions", "Functions",
                "no Lambda functions: there is nothing to ask about in this region"),
            call(
                "rds", "describe-db-instances", "DBInstances",
                "no RDS DB instances: rds: targets for instances will not be found"),
            call(
                "rds", "describe-db-clusters", "DBClusters",
                "no RDS/Aurora clusters: rds: targets for clusters will not be found"),
            call(
                "rds", "describe-db-proxies", "DBProxies", "no RDS proxies: rds: targets for proxies will not be found"),
        ]
    }

    /// The one global call: IAM roles and the managed policies attached to them.
    public static func global(region: String) -> AWSCall {
        AWSCall(
            service: "iam", operation: "get-account-authorization-details",
            arguments: ["--filter", "Role", "LocalManagedPolicy", "AWSManagedPolicy"],
            file: "iam-get-account-authorization-details.json", countKey: "RoleDetailList",
            lacking: "no IAM data: permission checks will be skipped (execution roles' ENI and logs permissions)",
            region: region)
    }

    /// describe-vpc-attribute for both DNS attributes of one VPC.
    public static func vpcAttributes(vpcId: String, region: String) -> [AWSCall] {
        [("enableDnsSupport", "enable-dns-support"), ("enableDnsHostnames", "enable-dns-hostnames")].map {
            attribute, slug in
            AWSCall(
                service: "ec2", operation: "describe-vpc-attribute",
                arguments: ["--vpc-id", vpcId, "--attribute", attribute],
                file: "ec2-describe-vpc-attribute/\(safe(vpcId))-\(slug).json", countKey: nil,
                lacking: "\(vpcId)'s \(attribute) is unknown: interface endpoints' private DNS is assumed to resolve",
                region: region,
                subject: "\(vpcId) \(attribute)")
        }
    }

    /// get-managed-prefix-list-entries for one prefix list a route or rule uses.
    public static func prefixListEntries(prefixListId: String, region: String) -> AWSCall {
        AWSCall(
            service: "ec2", operation: "get-managed-prefix-list-entries",
            arguments: ["--prefix-list-id", prefixListId],
            file: "ec2-get-managed-prefix-list-entries/\(safe(prefixListId)).json", countKey: "Entries",
            lacking: "\(prefixListId)'s addresses are unknown: routes and rules naming it are matched by ID only",
            region: region, subject: prefixListId)
    }

    /// The three calls per transit gateway route table: its associations, its propagations and
    /// its routes. None of their outputs names the table; `collect` adds a
    /// `TransitGatewayRouteTableId` key, as the importer needs.
    public static func transitGatewayRouteTable(_ routeTableId: String, region: String) -> [AWSCall] {
        let id = safe(routeTableId)
        return [
            AWSCall(
                service: "ec2", operation: "get-transit-gateway-route-table-associations",
                arguments: ["--transit-gateway-route-table-id", routeTableId],
                file: "ec2-get-transit-gateway-route-table-associations/\(id).json", countKey: "Associations",
                lacking:
                    "which attachments use \(routeTableId) is taken from describe-transit-gateway-attachments only",
                region: region, subject: routeTableId),
            AWSCall(
                service: "ec2", operation: "get-transit-gateway-route-table-propagations",
                arguments: ["--transit-gateway-route-table-id", routeTableId],
                file: "ec2-get-transit-gateway-route-table-propagations/\(id).json",
                countKey: "TransitGatewayRouteTablePropagations",
                lacking: "which attachments propagate into \(routeTableId) is unknown (only for explanations)",
                region: region, subject: routeTableId),
            AWSCall(
                service: "ec2", operation: "search-transit-gateway-routes",
                arguments: [
                    "--transit-gateway-route-table-id", routeTableId, "--filters", "Name=type,Values=static,propagated",
                ],
                file: "ec2-search-transit-gateway-routes/\(id).json", countKey: "Routes",
                lacking:
                    "\(routeTableId)'s routes are unknown (propagated routes are derived from its propagations, static ones are missing)",
                region: region, subject: routeTableId),
        ]
    }

    /// get-function-configuration for one VPC-attached function: list-functions prints no
    /// State, StateReason or StateReasonCode.
    public static func functionConfiguration(name: String, arn: String, region: String) -> AWSCall {
        AWSCall(
            service: "lambda", operation: "get-function-configuration", arguments: ["--function-name", arn],
            file: "lambda-get-function-configuration/\(safe(name)).json", countKey: nil,
            lacking:
                "\(name)'s state is unknown (list-functions prints none): a function that failed to create its network interfaces will not be flagged",
            region: region, subject: name)
    }

    /// The subfolders the follow-up calls write into (emptied of earlier runs' files).
    public static let followUpFolders = [
        "ec2-describe-vpc-attribute", "ec2-get-managed-prefix-list-entries", "lambda-get-function-configuration",
        "ec2-get-transit-gateway-route-table-associations", "ec2-get-transit-gateway-route-table-propagations",
        "ec2-search-transit-gateway-routes",
    ]

    /// Every IAM action collect needs, for the documentation and the summary.
    public static var iamActions: [String] {
        let calls =
            regional(region: "r") + [global(region: "r")] + vpcAttributes(vpcId: "v", region: "r")
            + [
                prefixListEntries(prefixListId: "p", region: "r"),
                functionConfiguration(name: "f", arn: "a", region: "r"),
            ] + transitGatewayRouteTable("t", region: "r")
        var seen = Set<String>()
        return (calls.map(\.iamAction) + ["sts:GetCallerIdentity"]).filter { seen.insert($0).inserted }
    }

    /// A file-name-safe version of an AWS ID or name.
    static func safe(_ text: String) -> String {
        String(text.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." ? $0 : "_" })
    }
}
