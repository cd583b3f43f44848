import Foundation

/// AWS Config as an input: the results of `aws configservice select-resource-config` and
/// `select-aggregate-resource-config` (`{"Results": ["<JSON>", ...]}`, each result a JSON string
/// of the selected fields), Config snapshot files (`{"configurationItems": [...]}`, delivered
/// gzipped to S3) and `get-resource-config-history` output.
///
/// Config records each resource's `configuration` in the EC2, Lambda, RDS and IAM APIs' own
/// shapes with camelCase keys (Java bean names: `cidrBlock`, `dBInstanceIdentifier`). Each
/// configuration item is turned into the element the describe call prints (`CidrBlock`,
/// `DBInstanceIdentifier`, with the few fields Config names differently renamed), and the
/// elements of one account and region become one document the describe decoders read: Config
/// maps to the same inventory through the same checks. An aggregator's results span
/// accounts and regions: each pair is its own document, with its own scope.
public enum ConfigTranslation {
    /// The Config resource types lambda-reach reads: what `collect --config-aggregator` selects.
    public static var resourceTypes: [String] { types.keys.sorted() }

    /// Whether `value` is Config output rather than a describe call's.
    static func isConfigDocument(_ value: JSONValue) -> Bool {
        guard case .object(let object) = value else { return false }
        if case .array(let items)? = object["configurationItems"] {
            // get-resource-config-history, and snapshots (with fileVersion).
            return object["fileVersion"] != nil || items.isEmpty
                || items.contains { item in
                    if case .object(let fields) = item { return fields["resourceType"] != nil }
                    return false
                }
        }
        if case .array(let results)? = object["Results"] {
            return object["QueryInfo"] != nil
                || results.contains { if case .string = $0 { return true } else { return false } }
        }
        return false
    }

    /// Config's resource types lambda-reach reads, the describe key their elements go under,
    /// and what Config records of them that the describe call prints differently.
    static let types: [String: String] = [
        "AWS::EC2::VPC": "Vpcs", "AWS::EC2::Subnet": "Subnets", "AWS::EC2::RouteTable": "RouteTables",
        "AWS::EC2::InternetGateway": "InternetGateways",
        "AWS::EC2::EgressOnlyInternetGateway": "EgressOnlyInternetGateways",
        "AWS::EC2::NatGateway": "NatGateways", "AWS::EC2::NetworkAcl": "NetworkAcls",
        "AWS::EC2::SecurityGroup": "SecurityGroups", "AWS::EC2::VPCEndpoint": "VpcEndpoints",
        "AWS::EC2::VPCPeeringConnection": "VpcPeeringConnections", "AWS::EC2::NetworkInterface": "NetworkInterfaces",
        "AWS::EC2::TransitGateway": "TransitGateways",
        "AWS::EC2::TransitGatewayAttachment": "TransitGatewayVpcAttachments",
        "AWS::EC2::TransitGatewayRouteTable": "TransitGatewayRouteTables", "AWS::Lambda::Function": "Functions",
        "AWS::RDS::DBInstance": "DBInstances", "AWS::RDS::DBCluster": "DBClusters", "AWS::IAM::Role": "RoleDetailList",
        "AWS::IAM::Policy": "Policies",
    ]

    /// Types Config records that add nothing the other items do not say (a DB subnet group is
    /// inside its instances' configuration).
    static let redundant: Set<String> = ["AWS::RDS::DBSubnetGroup"]

    /// One describe-shaped document per account and region of a Config file, each with where
    /// every element came from (for messages) and its scope.
    struct Group {
        var scope: Scope
        var elements: [(key: String, value: JSONValue, origin: String)] = []
    }

    /// The documents of a Config file: describe-shaped, one per account and region.
    static func documents(file: String, value: JSONValue, warnings: inout [ImportWarning]) throws -> [ParsedDocument] {
        guard case .object(let object) = value else { return [] }
        var items: [(item: JSONObject, origin: String)] = []
        if case .array(let list)? = object["configurationItems"] {
            for (index, element) in list.enumerated() {
                guard case .object(let item) = element else {
                    throw ImportError(
                        file: file, jsonPath: "$.configurationItems[\(index)]",
                        message: "expected a configuration item (an object), found \(element.typeName)")
                }
                items.append((item, "$.configurationItems[\(index)]"))
            }
        } else if case .array(let list)? = object["Results"] {
            for (index, element) in list.enumerated() {
                let origin = "$.Results[\(index)]"
                let item: JSONObject
                switch element {
                case .string(let text):
                    do {
                        guard case .object(let parsed) = try JSONParser.parse(Data(text.utf8)) else {
                            throw ImportError(
                                file: file, jsonPath: origin, message: "expected a JSON object in the result's string")
                        }
                        item = parsed
                    } catch let error as JSONSyntaxError {
                        throw ImportError(
                            file: file, jsonPath: origin, message: "the result's string is not valid JSON: \(error)")
                    }
                case .object(let parsed): item = parsed
                default:
                    throw ImportError(
                        file: file, jsonPath: origin,
                        message: "expected a result: a JSON string of the selected fields, found \(element.typeName)")
                }
                items.append((item, origin))
            }
        }
        var groups: [Scope: Group] = [:]
        var unknownTypes: [String: Int] = [:]
        var notSelected = 0
        for (item, origin) in items {
            guard case .string(let type)? = item["resourceType"] else {
                throw ImportError(
                    file: file, jsonPath: "\(origin).resourceType",
                    message:
                        "expected the item's resourceType (select it: SELECT resourceType, accountId, awsRegion, configuration, ...)"
                )
            }
            if case .string(let status)? = item["configurationItemStatus"],
                status == "ResourceDeleted" || status == "ResourceNotRecorded" || status == "ResourceDeletedNotRecorded"
            {
                continue
            }
            guard let key = types[type] else {
                if !redundant.contains(type) { unknownTypes[type, default: 0] += 1 }
                continue
            }
            let account = string(item, "accountId") ?? string(item, "awsAccountId")
            let region = string(item, "awsRegion")
            guard let account, AWSSyntax.isAccount(account) else {
                throw ImportError(
                    file: file, jsonPath: "\(origin).accountId",
                    message:
                        "expected the item's account (select accountId), found \(account.map(Shown.text) ?? "nothing")")
            }
            let isIAM = key == "RoleDetailList" || key == "Policies"
            guard let region, isIAM || AWSSyntax.isRegion(region) else {
                throw ImportError(
                    file: file, jsonPath: "\(origin).awsRegion",
                    message:
                        "expected the item's region (select awsRegion), found \(region.map(Shown.text) ?? "nothing")")
            }
            var configuration: JSONValue
            switch item["configuration"] {
            case .object?: configuration = item["configuration"]!
            case .string(let text)?:
                // get-resource-config-history prints the configuration as a string.
                guard let parsed = try? JSONParser.parse(Data(text.utf8)), case .object = parsed else {
                    throw ImportError(
                        file: file, jsonPath: "\(origin).configuration", message: "expected a JSON object in the string"
                    )
                }
                configuration = parsed
            default:
                notSelected += 1
                continue
            }
            configuration = describeShape(of: configuration, type: type, item: item)
            let scope = Scope(accountId: account, region: isIAM ? "global" : region)
            groups[scope, default: Group(scope: scope)].elements.append((key, configuration, "\(origin).configuration"))
        }
        if notSelected > 0 {
            warnings.append(
                ImportWarning(
                    file: file,
                    message:
                        "\(notSelected) result\(notSelected == 1 ? " has" : "s have") no configuration: select it (SELECT resourceId, resourceType, accountId, awsRegion, configuration, supplementaryConfiguration WHERE ...); \(notSelected == 1 ? "it was" : "they were") skipped"
                ))
        }
        if !unknownTypes.isEmpty {
            let list = unknownTypes.sorted { $0.key < $1.key }.map { "\($0.key) (\($0.value))" }.joined(separator: ", ")
            warnings.append(
                ImportWarning(file: file, message: "skipped resource types lambda-reach does not model: \(list)"))
        }
        var documents: [ParsedDocument] = []
        for scope in groups.keys.sorted() {
            let group = groups[scope]!
            var byKey: [String: [JSONValue]] = [:]
            var origins: [String: [String]] = [:]
            for element in group.elements {
                byKey[element.key, default: []].append(element.value)
                origins[element.key, default: []].append(element.origin)
            }
            let synthetic = JSONValue.object(
                JSONObject(members: byKey.keys.sorted().map { ($0, JSONValue.array(byKey[$0]!)) }))
            do {
                var document = try ParsedDocument.decode(file: file, value: synthetic, warnings: &warnings)
                document.fixedScope = scope
                document.isConfig = true
                documents.append(document)
            } catch var error as ImportError {
                // `$.Subnets[3].CidrBlock` is, in the file, `$.Results[12].configuration.cidrBlock`.
                error.jsonPath = originalPath(error.jsonPath, origins: origins)
                throw error
            }
        }
        warnings += unrecorded(file: file, groups: groups)
        return documents
    }

    /// What Config does not record that the analysis uses, said once per file with the
    /// describe calls that give it.
    static func unrecorded(file: String, groups: [Scope: Group]) -> [ImportWarning] {
        let keys = Set(groups.values.flatMap { $0.elements.map(\.key) })
        var lacking: [String] = []
        if keys.contains("Vpcs") {
            lacking.append(
                "VPC DNS attributes (enableDnsSupport, enableDnsHostnames): interface endpoints' private DNS is assumed to resolve; `aws ec2 describe-vpc-attribute` gives them"
            )
        }
        if keys.contains("TransitGatewayRouteTables") || keys.contains("TransitGateways") {
            lacking.append(
                "transit gateway routes, associations and propagations: paths through transit gateways cannot be followed; `aws ec2 search-transit-gateway-routes`, `get-transit-gateway-route-table-associations` and `-propagations` give them"
            )
        }
        if keys.contains("RouteTables") || keys.contains("SecurityGroups") {
            lacking.append(
                "managed prefix lists' entries: routes and rules naming one are matched by ID only; `aws ec2 describe-managed-prefix-lists` and `get-managed-prefix-list-entries` give them"
            )
        }
        if keys.contains("Functions") {
            lacking.append(
                "functions' Ipv6AllowedForDualStack: IPv6 paths are taken as not allowed; `aws lambda list-functions` gives it"
            )
        }
        if keys.contains("RoleDetailList") {
            lacking.append(
                "AWS managed policies' documents: they are recognised by name; `aws iam get-account-authorization-details` gives them"
            )
        }
        lacking.append(
            "Route 53 private hosted zones and Resolver rules: service names resolve as AWS does by default; `aws route53 list-hosted-zones-by-vpc` and `aws route53resolver list-resolver-rules` give them"
        )
        return lacking.map { ImportWarning(file: file, message: "AWS Config does not record \($0)") }
    }

    /// `$.Subnets[3].CidrBlock` -> `$.Results[12].configuration.cidrBlock`.
    static func originalPath(_ path: String, origins: [String: [String]]) -> String {
        guard path.hasPrefix("$."),
            let open = path.firstIndex(of: "["), let close = path[open...].firstIndex(of: "]"),
            let index = Int(path[path.index(after: open)..<close])
        else { return path }
        let key = String(path[path.index(path.startIndex, offsetBy: 2)..<open])
        guard let origin = origins[key]?[safe: index] else { return path }
        let rest = path[path.index(after: close)...].split(separator: ".").map { component -> String in
            guard let first = component.first, first.isUppercase else { return String(component) }
            return first.lowercased() + component.dropFirst()
        }
        return ([origin] + rest).joined(separator: ".")
    }

    static func string(_ object: JSONObject, _ key: String) -> String? {
        if case .string(let text)? = object[key] { return text }
        return nil
    }

    // MARK: Shapes

    /// The element the describe call prints for one configuration.
    static func describeShape(of configuration: JSONValue, type: String, item: JSONObject) -> JSONValue {
        var value = pascalCased(configuration)
        guard case .object(var object) = value else { return value }
        switch type {
        case "AWS::EC2::SecurityGroup":
            for key in ["IpPermissions", "IpPermissionsEgress"] {
                guard case .array(let permissions)? = object[key] else { continue }
                object.set(key, .array(permissions.map(permission)))
            }
        case "AWS::EC2::VPCPeeringConnection":
            // The schema records the status's code as a string.
            if case .string(let code)? = object["Status"] {
                object.set("Status", .object(JSONObject(members: [("Code", .string(code))])))
            }
        case "AWS::EC2::TransitGateway":
            // Recorded in CloudFormation's shape: Id and the options at the top level.
            var options: [(key: String, value: JSONValue)] = []
            for key in [
                "DefaultRouteTableAssociation", "DefaultRouteTablePropagation", "AssociationDefaultRouteTableId",
                "PropagationDefaultRouteTableId", "SecurityGroupReferencingSupport", "DnsSupport",
            ] {
                if let option = object[key] { options.append((key, option)) }
            }
            if object["TransitGatewayId"] == nil, let id = object["Id"] { object.set("TransitGatewayId", id) }
            if object["Options"] == nil { object.set("Options", .object(JSONObject(members: options))) }
        case "AWS::EC2::TransitGatewayAttachment", "AWS::EC2::TransitGatewayRouteTable":
            let idKey =
                type == "AWS::EC2::TransitGatewayAttachment"
                ? "TransitGatewayAttachmentId" : "TransitGatewayRouteTableId"
            if object[idKey] == nil, let id = object["Id"] ?? item["resourceId"] { object.set(idKey, id) }
        case "AWS::Lambda::Function":
            // Config's state is the word itself.
            if case .object(let state)? = object["State"], let word = state["Value"] { object.set("State", word) }
        default:
            break
        }
        object.remove("Id")
        value = .object(object)
        return value
    }

    /// A security-group permission as describe-security-groups prints it: Config has both
    /// `ipv4Ranges` (objects) and the older `ipRanges` (strings).
    static func permission(_ value: JSONValue) -> JSONValue {
        guard case .object(var permission) = value else { return value }
        var ranges: [JSONValue] = []
        if case .array(let objects)? = permission["Ipv4Ranges"] { ranges = objects }
        if ranges.isEmpty, case .array(let strings)? = permission["IpRanges"] {
            ranges = strings.compactMap {
                if case .string(let cidr) = $0 { return .object(JSONObject(members: [("CidrIp", .string(cidr))])) }
                return nil
            }
        }
        permission.remove("Ipv4Ranges")
        permission.set("IpRanges", .array(ranges))
        return .object(permission)
    }

    /// Every key with its first letter upper-cased (`dBInstanceIdentifier` ->
    /// `DBInstanceIdentifier`), nulls dropped. A policy document inside is left as it is.
    static func pascalCased(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let object):
            return .object(
                JSONObject(
                    members: object.members.compactMap { member in
                        if case .null = member.value { return nil }
                        let key = member.key.prefix(1).uppercased() + member.key.dropFirst()
                        let isDocument = key.hasSuffix("PolicyDocument") || key == "Document"
                        return (key, isDocument ? member.value : pascalCased(member.value))
                    }))
        case .array(let elements): return .array(elements.map(pascalCased))
        default: return value
        }
    }
}

extension JSONObject {
    /// Sets `key`, in place when it is there, else at the end.
    mutating func set(_ key: String, _ value: JSONValue) {
        if let index = members.firstIndex(where: { $0.key == key }) {
            members[index].value = value
        } else {
            members.append((key, value))
        }
    }

    mutating func remove(_ key: String) { members.removeAll { $0.key == key } }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
