/// What SAM's transform (`Transform: AWS::Serverless-2016-10-31`) makes of the parts of a SAM
/// template that reach the network: each `AWS::Serverless::Function` with its `Globals`
/// becomes an `AWS::Lambda::Function` and, without a `Role`, the role SAM generates
/// (`<Function>Role`, with AWSLambdaBasicExecutionRole, AWSLambdaVPCAccessExecutionRole when
/// VpcConfig is set, and the function's `Policies`). aws-sam-translator is the test oracle.
enum SAMExpansion {
    /// The managed policies SAM names by short name, with their ARNs' paths.
    static let servicePolicies: Set<String> = [
        "AWSLambdaBasicExecutionRole", "AWSLambdaVPCAccessExecutionRole", "AWSLambdaENIManagementAccess",
        "AWSLambdaRole", "AWSLambdaDynamoDBExecutionRole", "AWSLambdaKinesisExecutionRole",
        "AWSLambdaSQSQueueExecutionRole", "AWSLambdaMSKExecutionRole",
    ]

    /// SAM's policy templates that grant what the network checks read, as policy_templates.json
    /// of aws-sam-translator defines them.
    static let policyTemplates: [String: [(actions: [String], resource: String)]] = [
        "VPCAccessPolicy": [
            (
                [
                    "ec2:CreateNetworkInterface", "ec2:DeleteNetworkInterface", "ec2:DescribeNetworkInterfaces",
                    "ec2:DetachNetworkInterface",
                ], "*"
            )
        ]
    ]

    static func expand(_ resources: [(key: String, value: TemplateNode)], root: TemplateNode, file: String) throws
        -> [(key: String, value: TemplateNode)]
    {
        let globals = root["Globals"]?["Function"]
        var out: [(key: String, value: TemplateNode)] = []
        let ids = Set(resources.map(\.key))
        for (id, node) in resources {
            guard node["Type"]?.scalarText == "AWS::Serverless::Function" else {
                out.append((id, node))
                continue
            }
            var properties =
                node["Properties"] ?? TemplateNode(value: .map([]), line: node.line, path: node.path + ["Properties"])
            if var globals {
                // `IgnoreGlobals: "*"` or a list of the properties the function does not inherit.
                let ignored =
                    node["IgnoreGlobals"].map { $0.elements?.compactMap(\.scalarText) ?? [$0.scalarText ?? ""] } ?? []
                if !ignored.contains("*") {
                    globals.value = .map((globals.pairs ?? []).filter { !ignored.contains($0.key) })
                    properties = merge(global: globals, local: properties)
                }
            }
            let line = node.line
            let path = node.path
            func scalar(_ text: String) -> TemplateNode {
                TemplateNode(value: .scalar(text, .string), line: line, path: path)
            }
            func map(_ pairs: [(String, TemplateNode)]) -> TemplateNode {
                TemplateNode(value: .map(pairs.map { (key: $0.0, value: $0.1) }), line: line, path: path)
            }
            func list(_ nodes: [TemplateNode]) -> TemplateNode {
                TemplateNode(value: .list(nodes), line: line, path: path)
            }
            var functionPairs = (properties.pairs ?? []).filter {
                [
                    "FunctionName", "Role", "VpcConfig", "Runtime", "PackageType", "Handler", "MemorySize", "Timeout",
                    "Architectures", "Environment", "Tags", "LoggingConfig",
                ].contains($0.key)
            }
            if properties["Role"] == nil {
                let roleID = "\(id)Role"
                guard !ids.contains(roleID) else {
                    throw node.error(file, "SAM would generate the role \(roleID), which the template already declares")
                }
                let aws = { (name: String) in
                    map([
                        (
                            "Fn::Sub",
                            scalar(
                                "arn:${AWS::Partition}:iam::aws:policy/\(servicePolicies.contains(name) ? "service-role/" : "")\(name)"
                            )
                        )
                    ])
                }
                var managed = [aws("AWSLambdaBasicExecutionRole")]
                if let vpc = properties["VpcConfig"], !vpc.isNull {
                    managed.append(aws("AWSLambdaVPCAccessExecutionRole"))
                }
                var inline: [TemplateNode] = []
                let policies = properties["Policies"]
                for (index, policy) in (policies?.elements ?? policies.map { [$0] } ?? []).enumerated() {
                    if let name = policy.scalarText {
                        managed.append(name.hasPrefix("arn:") ? policy : aws(name))
                    } else if policy.intrinsic != nil {
                        managed.append(policy)
                    } else if policy["Statement"] != nil {
                        inline.append(
                            map([("PolicyName", scalar("\(id)RolePolicy\(index)")), ("PolicyDocument", policy)]))
                    } else if let (template, _) = policy.pairs?.first, let statements = policyTemplates[template] {
                        let document = map([
                            (
                                "Statement",
                                list(
                                    statements.map { statement in
                                        map([
                                            ("Effect", scalar("Allow")),
                                            ("Action", list(statement.actions.map(scalar))),
                                            ("Resource", scalar(statement.resource)),
                                        ])
                                    })
                            )
                        ])
                        inline.append(
                            map([("PolicyName", scalar("\(id)RolePolicy\(index)")), ("PolicyDocument", document)]))
                    }
                    // Other policy templates grant nothing the network checks read.
                }
                var rolePairs: [(String, TemplateNode)] = [("ManagedPolicyArns", list(managed))]
                if !inline.isEmpty { rolePairs.append(("Policies", list(inline))) }
                let role = map([("Type", scalar("AWS::IAM::Role")), ("Properties", map(rolePairs))])
                out.append((roleID, role))
                functionPairs.append(
                    (key: "Role", value: map([("Fn::GetAtt", list([scalar(roleID), scalar("Arn")]))])))
            }
            var function = node
            function.value = .map(
                (node.pairs ?? []).filter { !["Type", "Properties", "IgnoreGlobals"].contains($0.key) }
                    + [
                        (key: "Type", value: scalar("AWS::Lambda::Function")),
                        (
                            key: "Properties",
                            value: TemplateNode(
                                value: .map(functionPairs), line: properties.line, path: properties.path)
                        ),
                    ])
            out.append((id, function))
        }
        return out
    }

    /// SAM's Globals merge: maps merge key by key, lists are the global entries then the
    /// resource's, and anything else is the resource's own.
    static func merge(global: TemplateNode, local: TemplateNode) -> TemplateNode {
        switch (global.value, local.value) {
        case (.map(let g), .map(let l)) where global.intrinsic == nil && local.intrinsic == nil:
            var pairs = l
            for (key, value) in g {
                if let index = pairs.firstIndex(where: { $0.key == key }) {
                    pairs[index].value = merge(global: value, local: pairs[index].value)
                } else {
                    pairs.append((key, value))
                }
            }
            var merged = local
            merged.value = .map(pairs)
            return merged
        case (.list(let g), .list(let l)):
            var merged = local
            merged.value = .list(g + l)
            return merged
        default:
            return local
        }
    }
}
