import ReachCore
import ReachInventory

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
    /// Whether its data is the account's (IAM's) rather than a region's.
    public var isGlobal = false
    /// Top-level keys collect adds to the output, which name the resource the call is about
    /// where the output does not (the importer reads them there).
    public var addedKeys: [AddedKey] = []

    /// A key and its value, added at the top of a call's output.
    public struct AddedKey: Sendable, Hashable {
        public var key: String
        public var value: String
    }

    /// `global` for IAM, else the region: the folder the file goes to.
    public var scope: String { isGlobal ? "global" : region ?? "global" }

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
            // Route 53's actions spell it VPC (ListHostedZonesByVPC), EC2's Vpc (DescribeVpcs).
            case "vpc": return service == "route53" ? "VPC" : "Vpc"
            default: return word.prefix(1).uppercased() + word.dropFirst()
            }
        }
        return "\(service):\(words.joined())"
    }
}

/// The catalog: every call whose output the importer understands, and the follow-up calls
/// derived from their outputs. The calls, their files' keys and what the analysis lacks without
/// them come from the importer's table of document kinds (`DocumentKind.all`).
public enum CallCatalog {
    /// The calls made once per region, all independent of each other.
    public static func regional(region: String) -> [AWSCall] {
        DocumentKind.collected(.perRegion).flatMap { kind in
            // A call answered one side at a time (ram list-resources --resource-owner SELF,
            // then OTHER-ACCOUNTS) writes one file per side.
            kind.variants.map { variant in
                let side = kind.variants.count > 1 ? "-\(variant.last!.lowercased())" : ""
                return call(
                    kind, region: region, file: "\(kind.call!.service)-\(kind.call!.operation)\(side).json",
                    arguments: kind.variants.count > 1 ? variant : [])
            }
        }
    }

    /// The one global call: IAM roles and the managed policies attached to them.
    public static func global(region: String) -> AWSCall {
        let kind = DocumentKind.collected(.perAccount)[0]
        return call(kind, region: region, file: "\(kind.call!.service)-\(kind.call!.operation).json")
    }

    /// describe-vpc-attribute for both DNS attributes of one VPC.
    public static func vpcAttributes(vpcId: String, region: String) -> [AWSCall] {
        VPCAttribute.all.map { attribute in
            call(
                .vpcAttribute, region: region, file: "\(safe(vpcId))-\(attribute.slug).json", resource: vpcId,
                arguments: ["--attribute", attribute.name], detail: attribute.name)
        }
    }

    /// get-managed-prefix-list-entries for one prefix list a route or rule uses.
    public static func prefixListEntries(prefixListId: String, region: String) -> AWSCall {
        call(.prefixListEntries, region: region, file: "\(safe(prefixListId)).json", resource: prefixListId)
    }

    /// The three calls per transit gateway route table: its associations, its propagations and
    /// its routes. None of their outputs names the table; `collect` adds a
    /// `TransitGatewayRouteTableId` key, as the importer needs.
    public static func transitGatewayRouteTable(_ routeTableId: String, region: String) -> [AWSCall] {
        [DocumentKind.transitGatewayAssociations, .transitGatewayPropagations, .transitGatewayRoutes].map { kind in
            call(kind, region: region, file: "\(safe(routeTableId)).json", resource: routeTableId)
        }
    }

    /// get-function-configuration for one VPC-attached function: list-functions prints no
    /// State, StateReason or StateReasonCode.
    public static func functionConfiguration(name: String, arn: String, region: String) -> AWSCall {
        call(
            .functionConfiguration, region: region, file: "\(safe(name)).json", resource: arn, subject: name)
    }

    /// describe-stack-resources for one stack: which physical resource each of its logical IDs
    /// is, so that its template laid over the inventory replaces them.
    public static func stackResources(stackName: String, region: String) -> AWSCall {
        call(.stackResources, region: region, file: "\(safe(stackName)).json", resource: stackName)
    }

    /// rds describe-db-proxy-targets for one RDS proxy: the database it connects to, and AWS's
    /// view of that connection. The output does not name the proxy: collect adds `DBProxyName`.
    public static func dbProxyTargets(proxyName: String, region: String) -> AWSCall {
        call(.dbProxyTargets, region: region, file: "\(safe(proxyName)).json", resource: proxyName)
    }

    /// route53 list-hosted-zones-by-vpc for one VPC: the private hosted zones it resolves
    /// names in. The output names neither the VPC nor its region: collect adds both.
    public static func hostedZonesByVPC(vpcId: String, region: String) -> AWSCall {
        var made = call(
            .hostedZonesByVPC, region: region, file: "\(safe(vpcId)).json", resource: vpcId,
            arguments: ["--vpc-region", region])
        made.addedKeys.append(AWSCall.AddedKey(key: DocumentKind.vpcRegionKey, value: region))
        return made
    }

    /// route53 list-resource-record-sets for one private hosted zone a VPC is associated with.
    public static func recordSets(hostedZoneId: String, region: String) -> AWSCall {
        call(.recordSets, region: region, file: "\(safe(hostedZoneId)).json", resource: hostedZoneId)
    }

    /// The subfolders the follow-up calls write into (emptied of earlier runs' files).
    public static var followUpFolders: [String] {
        DocumentKind.all.filter {
            if case .perResource = $0.collection { return true }
            return false
        }.map { folder($0) }
    }

    /// The folder of a follow-up call's files: `ec2-get-managed-prefix-list-entries`.
    static func folder(_ kind: DocumentKind) -> String { "\(kind.call!.service)-\(kind.call!.operation)" }

    /// The call of `kind` in `region`, writing `file` (in the kind's folder for a call made
    /// per resource). `resource` is the ID the call is about (after the kind's argument), and
    /// `subject` how the call's label names it (the resource, unless said); `detail` is the
    /// attribute of describe-vpc-attribute.
    static func call(
        _ kind: DocumentKind, region: String, file: String, resource: String? = nil, subject: String? = nil,
        arguments: [String] = [], detail: String? = nil
    ) -> AWSCall {
        let named = subject ?? resource
        var callArguments: [String] = []
        var path = file
        var addedKey: String?
        if case .perResource(let argument, let addsKey) = kind.collection, let resource {
            callArguments = [argument, resource]
            path = "\(folder(kind))/\(file)"
            addedKey = addsKey
        }
        let variantArguments = kind.variants.count == 1 ? kind.variants[0] : []
        return AWSCall(
            service: kind.call!.service, operation: kind.call!.operation,
            arguments: callArguments + arguments + variantArguments + kind.call!.arguments, file: path,
            countKey: kind.isList ? kind.key : nil,
            lacking: kind.lacking(subject: named ?? "", detail: detail ?? ""), region: region,
            subject: detail.map { "\(named ?? "") \($0)" } ?? named, isGlobal: kind.isGlobal,
            addedKeys: addedKey.map { [AWSCall.AddedKey(key: $0, value: resource ?? "")] } ?? [])
    }

    /// Every IAM action collect needs, for the documentation and the summary.
    public static var iamActions: [String] {
        let calls =
            regional(region: "r") + [global(region: "r")] + vpcAttributes(vpcId: "v", region: "r")
            + [
                prefixListEntries(prefixListId: "p", region: "r"),
                functionConfiguration(name: "f", arn: "a", region: "r"),
                stackResources(stackName: "s", region: "r"), hostedZonesByVPC(vpcId: "v", region: "r"),
                recordSets(hostedZoneId: "z", region: "r"), dbProxyTargets(proxyName: "p", region: "r"),
            ] + transitGatewayRouteTable("t", region: "r")
        var seen = Set<String>()
        return (calls.map(\.iamAction) + ["sts:GetCallerIdentity"]).filter { seen.insert($0).inserted }
    }

    /// A file-name-safe version of an AWS ID or name.
    static func safe(_ text: String) -> String {
        String(text.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." ? $0 : "_" })
    }
}
