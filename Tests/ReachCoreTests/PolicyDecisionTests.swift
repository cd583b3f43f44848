import Testing

@testable import ReachCore

/// IAM's decision over a role's identity policies, as the logs and ENI checks ask it: an explicit
/// Deny overrides every Allow (a managed policy's grant by name included), no applicable Allow is
/// an implicit deny, and statements count only for the resource they name.
@Suite("Policy decisions: explicit Deny, implicit deny, and the resource a statement names")
struct PolicyDecisionTests {
    static let group = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/orders-api"
    /// What PutLogEvents and CreateLogStream are authorised against: a stream of the group, whose
    /// name Lambda chooses.
    static let putEvents = PolicyDocument.RequestResource([.anyIdentifier(after: "\(group):log-stream:")])
    static let createStream = putEvents

    static func statement(
        allow: Bool, _ actions: [String], resources: [String] = ["*"], notResources: [String] = [],
        conditions: Bool = false
    ) -> PolicyDocument {
        PolicyDocument(statements: [
            .init(
                allow: allow, actions: actions, resources: notResources.isEmpty ? resources : [],
                notResources: notResources, hasConditions: conditions)
        ])
    }

    @Test("an explicit Deny wins over an Allow and over a grant known by name; a Deny with conditions is not applied")
    func explicitDeny() {
        let deny = Self.statement(allow: false, ["logs:PutLogEvents"])
        let allow = Self.statement(allow: true, ["logs:*"])
        #expect(PolicyDocument.decision(action: "logs:PutLogEvents", in: [allow, deny]) == .denied)
        #expect(PolicyDocument.decision(action: "logs:PutLogEvents", in: [deny], granted: true) == .denied)
        #expect(PolicyDocument.decision(action: "logs:CreateLogStream", in: [allow, deny]) == .allowed)
        let conditional = Self.statement(allow: false, ["logs:*"], conditions: true)
        #expect(PolicyDocument.decision(action: "logs:PutLogEvents", in: [conditional], granted: true) == .allowed)
        #expect(PolicyDocument.decision(action: "logs:PutLogEvents", in: [conditional]) == .notAllowed)
    }

    @Test("an Allow counts only on the resource it names, in the forms policies write for a log group")
    func allowByResource() {
        for resource in [
            "\(Self.group):*", "\(Self.group)*", "\(Self.group):log-stream:*",
            "arn:aws:logs:*:*:log-group:/aws/lambda/*",
            "arn:aws:logs:us-east-1:123456789012:*", "*",
        ] {
            let allow = Self.statement(
                allow: true, ["logs:PutLogEvents", "logs:CreateLogStream"], resources: [resource])
            #expect(
                PolicyDocument.decision(action: "logs:PutLogEvents", in: [allow], resource: Self.putEvents) == .allowed,
                "\(resource)")
            #expect(
                PolicyDocument.decision(action: "logs:CreateLogStream", in: [allow], resource: Self.createStream)
                    == .allowed, "\(resource)")
        }
        let other = Self.statement(
            allow: true, ["logs:*"], resources: ["arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/other:*"])
        #expect(
            PolicyDocument.decision(action: "logs:PutLogEvents", in: [other], resource: Self.putEvents) == .notAllowed)
        // Another account's group of the same name is another group; ARNs match case-sensitively.
        let otherAccount = Self.statement(
            allow: true, ["logs:*"],
            resources: ["arn:aws:logs:us-east-1:999999999999:log-group:/aws/lambda/orders-api:*"])
        #expect(
            PolicyDocument.decision(action: "logs:PutLogEvents", in: [otherAccount], resource: Self.putEvents)
                == .notAllowed)
        let upper = Self.statement(allow: true, ["logs:*"], resources: ["\(Self.group.uppercased()):*"])
        #expect(
            PolicyDocument.decision(action: "logs:PutLogEvents", in: [upper], resource: Self.putEvents) == .notAllowed)
    }

    @Test("the group's ARN without :* names no stream: a grant on it allows neither write, a Deny on it denies neither")
    func groupARNWithoutWildcard() {
        let onGroup = Self.statement(
            allow: true, ["logs:CreateLogStream", "logs:PutLogEvents"], resources: [Self.group])
        for action in ["logs:CreateLogStream", "logs:PutLogEvents"] {
            #expect(PolicyDocument.decision(action: action, in: [onGroup], resource: Self.putEvents) == .notAllowed)
        }
        let allow = Self.statement(allow: true, ["logs:*"])
        let denyGroup = Self.statement(allow: false, ["logs:*"], resources: [Self.group])
        #expect(
            PolicyDocument.decision(action: "logs:PutLogEvents", in: [allow, denyGroup], resource: Self.putEvents)
                == .allowed)
        // A stream named by Lambda is not known: a Deny of one stream is not taken to be its,
        // a grant of one may be.
        let oneStream = "\(Self.group):log-stream:2024/05/02/[$LATEST]abc"
        let denyOne = Self.statement(allow: false, ["logs:*"], resources: [oneStream])
        #expect(
            PolicyDocument.decision(action: "logs:PutLogEvents", in: [allow, denyOne], resource: Self.putEvents)
                == .allowed)
        let allowOne = Self.statement(allow: true, ["logs:PutLogEvents"], resources: [oneStream])
        #expect(
            PolicyDocument.decision(action: "logs:PutLogEvents", in: [allowOne], resource: Self.putEvents) == .allowed)
    }

    @Test("every resource of a request must be allowed, and a Deny of any one applies; `*` is named only by `*`")
    func severalResources() {
        let request = PolicyDocument.RequestResource(arns: [
            "arn:aws:ec2:us-east-1:1:subnet/subnet-a", "arn:aws:ec2:us-east-1:1:subnet/subnet-b",
        ])
        let onA = Self.statement(
            allow: true, ["ec2:CreateNetworkInterface"], resources: ["arn:aws:ec2:us-east-1:1:subnet/subnet-a"])
        let onB = Self.statement(
            allow: true, ["ec2:CreateNetworkInterface"], resources: ["arn:aws:ec2:us-east-1:1:subnet/subnet-b"])
        #expect(
            PolicyDocument.decision(action: "ec2:CreateNetworkInterface", in: [onA], resource: request) == .notAllowed)
        #expect(
            PolicyDocument.decision(action: "ec2:CreateNetworkInterface", in: [onA, onB], resource: request) == .allowed
        )
        let denyB = Self.statement(allow: false, ["ec2:*"], resources: ["arn:aws:ec2:*:*:subnet/subnet-b"])
        #expect(
            PolicyDocument.decision(action: "ec2:CreateNetworkInterface", in: [onA, onB, denyB], resource: request)
                == .denied)
        let all = PolicyDocument.RequestResource(arns: ["*"])
        let scoped = Self.statement(allow: true, ["ec2:DescribeNetworkInterfaces"], resources: ["arn:aws:ec2:*:*:*"])
        #expect(
            PolicyDocument.decision(action: "ec2:DescribeNetworkInterfaces", in: [scoped], resource: all) == .notAllowed
        )
        let everywhere = Self.statement(allow: true, ["ec2:DescribeNetworkInterfaces"])
        #expect(
            PolicyDocument.decision(action: "ec2:DescribeNetworkInterfaces", in: [everywhere], resource: all)
                == .allowed)
    }

    @Test("a pattern may name, or names in full, an ARN known up to its identifier")
    func unknownIdentifier() {
        let prefix = "arn:aws:ec2:us-east-1:123456789012:network-interface/"
        for (pattern, some, every) in [
            ("*", true, true), ("arn:aws:ec2:*:*:network-interface/*", true, true),
            ("arn:aws:ec2:us-east-1:123456789012:*", true, true), ("\(prefix)eni-*", true, false),
            ("\(prefix)eni-0abc", true, false), (prefix, false, false), ("arn:aws:ec2:*:*:subnet/*", false, false),
            ("arn:aws:ec2:us-west-2:*:network-interface/*", false, false), ("*:network-interface/eni-1", true, false),
            ("*:subnet/*", false, false), ("arn:aws:ec2:us-east-1:123456789012:network-interface/?*", true, false),
        ] {
            #expect(wildcardMatchesSome(pattern, after: prefix) == some, "\(pattern)")
            #expect(wildcardMatchesEvery(pattern, after: prefix) == every, "\(pattern)")
        }
    }

    @Test("a Deny applies to the resource it names; one on another group, or sparing this one by NotResource, does not")
    func denyByResource() {
        let allow = Self.statement(allow: true, ["logs:*"])
        let own = Self.statement(allow: false, ["logs:PutLogEvents"], resources: ["\(Self.group):*"])
        #expect(
            PolicyDocument.decision(action: "logs:PutLogEvents", in: [allow, own], resource: Self.putEvents) == .denied)
        let other = Self.statement(
            allow: false, ["logs:*"], resources: ["arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/other:*"])
        #expect(
            PolicyDocument.decision(action: "logs:PutLogEvents", in: [allow, other], resource: Self.putEvents)
                == .allowed)
        let sparing = Self.statement(allow: false, ["logs:*"], notResources: ["\(Self.group):*"])
        #expect(
            PolicyDocument.decision(action: "logs:PutLogEvents", in: [allow, sparing], resource: Self.putEvents)
                == .allowed)
        let sparingOther = Self.statement(
            allow: false, ["logs:*"],
            notResources: ["arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/other:*"])
        #expect(
            PolicyDocument.decision(action: "logs:PutLogEvents", in: [allow, sparingOther], resource: Self.putEvents)
                == .denied)
    }

    static func region(_ operation: String, _ values: String...) -> PolicyDocument.Condition {
        PolicyDocument.Condition(operation: operation, key: "aws:RequestedRegion", values: values)
    }

    @Test(
        "aws:RequestedRegion is decided against the region of the call; a grant or Deny on it applies only where it holds"
    )
    func requestedRegion() {
        let context = PolicyDocument.RequestContext(
            role: PolicyDocument.CallingRole(roleArn: "arn:aws:iam::123456789012:role/orders-role"),
            requestedRegion: "us-east-1")
        for (condition, holds) in [
            (Self.region("StringEquals", "us-east-1"), true), (Self.region("StringEquals", "us-west-2"), false),
            (Self.region("StringEquals", "us-west-2", "us-east-1"), true),
            (Self.region("StringNotEquals", "us-east-1"), false),
            (Self.region("StringLike", "us-*"), true), (Self.region("StringNotLike", "eu-*"), true),
            (Self.region("StringEqualsIgnoreCase", "US-EAST-1"), true),
            (Self.region("StringEqualsIfExists", "eu-west-1"), false),
            (Self.region("ForAnyValue:StringEquals", "us-east-1"), true), (Self.region("Null", "false"), true),
            (Self.region("Null", "true"), false),
        ] {
            #expect(condition.holds(in: context) == holds, "\(condition)")
            let allow = PolicyDocument(statements: [.init(allow: true, actions: ["logs:*"], conditions: [condition])])
            #expect(
                PolicyDocument.evaluate(action: "logs:PutLogEvents", in: [allow], context: context).decision
                    == (holds ? .allowed : .notAllowed), "\(condition)")
            let deny = PolicyDocument(statements: [.init(allow: false, actions: ["logs:*"], conditions: [condition])])
            #expect(
                PolicyDocument.evaluate(action: "logs:PutLogEvents", in: [deny], granted: true, context: context)
                    .decision
                    == (holds ? .denied : .allowed), "\(condition)")
        }
        // Without a region, or with an operator that is not for strings, it is not evaluated.
        #expect(Self.region("StringEquals", "us-east-1").holds(in: .init()) == nil)
        #expect(Self.region("ArnLike", "us-*").holds(in: context) == nil)
        #expect(Self.region("DateGreaterThan", "2024-01-01").holds(in: context) == nil)
    }

    @Test(
        "conditions not evaluated: a grant resting on them is kept, a Deny resting on them is not applied, and both are named"
    )
    func conditionsNotEvaluated() {
        let context = PolicyDocument.RequestContext(requestedRegion: "us-east-1")
        let sourceIP = PolicyDocument.Condition(operation: "IpAddress", key: "aws:SourceIp", values: ["203.0.113.0/24"])
        let allow = PolicyDocument(statements: [.init(allow: true, actions: ["logs:*"], conditions: [sourceIP])])
        #expect(
            PolicyDocument.evaluate(action: "logs:PutLogEvents", in: [allow], context: context)
                == .init(decision: .allowed, allowKeysNotEvaluated: ["aws:SourceIp"]))
        // A grant that holds for certain beside it: nothing rests on the condition.
        let plain = PolicyDocument(statements: [.init(allow: true, actions: ["logs:PutLogEvents"])])
        #expect(
            PolicyDocument.evaluate(action: "logs:PutLogEvents", in: [allow, plain], context: context)
                == .init(decision: .allowed))
        // A condition known false beside one not evaluated: the statement does not apply.
        let mixed = PolicyDocument(statements: [
            .init(allow: true, actions: ["logs:*"], conditions: [sourceIP, Self.region("StringEquals", "eu-west-1")])
        ])
        #expect(
            PolicyDocument.evaluate(action: "logs:PutLogEvents", in: [mixed], context: context).decision == .notAllowed)
        let deny = PolicyDocument(statements: [.init(allow: false, actions: ["logs:*"], conditions: [sourceIP])])
        #expect(
            PolicyDocument.evaluate(action: "logs:PutLogEvents", in: [plain, deny], context: context)
                == .init(decision: .allowed, denyKeysNotEvaluated: ["aws:SourceIp"]))
    }

    // MARK: Endpoint policies, for the calling role

    static let role = PolicyDocument.CallingRole(roleArn: "arn:aws:iam::123456789012:role/orders-role")!
    static let other = PolicyDocument.CallingRole(roleArn: "arn:aws:iam::123456789012:role/other-role")!

    static func endpoint(_ statements: PolicyDocument.Statement...) -> PolicyDocument {
        PolicyDocument(statements: statements)
    }

    static func principalArn(_ operation: String, _ values: String...) -> PolicyDocument.Condition {
        PolicyDocument.Condition(operation: operation, key: "aws:PrincipalArn", values: values)
    }

    @Test(
        "an Allow counts for the role it names: by Principal (the role, its account, its root ARN) or aws:PrincipalArn")
    func allowByPrincipal() {
        for principal in [
            "arn:aws:iam::123456789012:role/orders-role", "123456789012", "arn:aws:iam::123456789012:root",
        ] {
            let policy = Self.endpoint(
                .init(allow: true, actions: ["s3:*"], anyPrincipal: false, principals: [principal]))
            #expect(policy.admitsCall(toService: "s3", by: Self.role).admits, "\(principal)")
        }
        let named = Self.endpoint(
            .init(allow: true, actions: ["*"], anyPrincipal: false, principals: ["arn:aws:iam::123456789012:role/x"]))
        #expect(!named.admitsCall(toService: "s3", by: Self.role).admits)
        #expect(!named.admitsCall(toService: "s3", by: Self.role).denied)
        // Without the role, any principal's call counts, as before.
        #expect(named.admitsCall(toService: "s3", by: nil).admits)
        #expect(named.dependsOnPrincipal)
        for (condition, admits) in [
            (Self.principalArn("StringEquals", "arn:aws:iam::123456789012:role/orders-role"), true),
            (Self.principalArn("ArnLike", "arn:aws:iam::123456789012:role/orders-*"), true),
            (Self.principalArn("ArnEquals", "arn:aws:iam::*:role/orders-role"), true),
            (Self.principalArn("StringEquals", "arn:aws:iam::123456789012:role/other-role"), false),
            (Self.principalArn("StringNotEquals", "arn:aws:iam::123456789012:role/orders-role"), false),
            (Self.principalArn("ForAnyValue:StringLikeIfExists", "*orders*"), true),
            (
                PolicyDocument.Condition(
                    operation: "StringEquals", key: "aws:PrincipalAccount", values: ["999999999999"]), false
            ),
        ] {
            let policy = Self.endpoint(.init(allow: true, actions: ["*"], conditions: [condition]))
            let decision = policy.admitsCall(toService: "s3", by: Self.role)
            #expect(decision.admits == admits, "\(condition)")
            #expect(!decision.unevaluatedConditions, "\(condition)")
            #expect(policy.dependsOnPrincipal)
        }
    }

    @Test("a Deny of the whole service that applies to the role blocks it, and no other role")
    func denyForRole() {
        let policy = Self.endpoint(
            .init(allow: true, actions: ["*"]),
            .init(
                allow: false, actions: ["s3:*"],
                conditions: [Self.principalArn("ArnLike", "arn:aws:iam::*:role/orders-*")]))
        let denied = policy.admitsCall(toService: "s3", by: Self.role)
        #expect(!denied.admits && denied.denied)
        #expect(policy.admitsCall(toService: "s3", by: Self.other).admits)
        // A Deny of part of the service leaves other calls: not a blocker.
        let partial = Self.endpoint(.init(allow: true, actions: ["*"]), .init(allow: false, actions: ["s3:PutObject"]))
        #expect(partial.admitsCall(toService: "s3", by: Self.role).admits)
    }

    @Test("a NotAction Allow that names the whole service allows none of it; one that names part of it allows the rest")
    func notActionAllow() {
        let none = Self.endpoint(.init(allow: true, actions: [], notActions: ["s3:*"]))
        #expect(!none.admitsCall(toService: "s3", by: Self.role).admits)
        #expect(none.admitsCall(toService: "dynamodb", by: Self.role).admits)
        let some = Self.endpoint(.init(allow: true, actions: [], notActions: ["s3:DeleteBucket"]))
        #expect(some.admitsCall(toService: "s3", by: Self.role).admits)
    }

    @Test("a Deny with NotAction denies every action it does not list: all of a service none of whose actions it lists")
    func notActionDeny() {
        let allowAll = PolicyDocument.Statement(allow: true, actions: ["*"])
        for (notActions, service, admits) in [
            (["s3:*"], "secretsmanager", false), (["s3:GetObject", "kms:Decrypt"], "secretsmanager", false),
            (["dynamodb:*"], "s3", false), (["S3:*"], "s3", true), (["s3:GetObject"], "s3", true), (["*"], "s3", true),
            (["secrets*"], "secretsmanager", true), (["*:Get*"], "sqs", true),
        ] {
            let policy = Self.endpoint(allowAll, .init(allow: false, actions: [], notActions: notActions))
            let decision = policy.admitsCall(toService: service, by: Self.role)
            #expect(decision.admits == admits, "\(notActions) \(service)")
            #expect(decision.denied == !admits, "\(notActions) \(service)")
            #expect(policy.admitsAnyCall(toService: service) == admits, "\(notActions) \(service)")
        }
        // It applies to the principals it names only.
        let other = Self.endpoint(
            allowAll,
            .init(
                allow: false, actions: [], notActions: ["s3:*"], anyPrincipal: false,
                principals: ["arn:aws:iam::123456789012:role/other-role"]))
        #expect(other.admitsCall(toService: "secretsmanager", by: Self.role).admits)
        #expect(!other.admitsCall(toService: "secretsmanager", by: Self.other).admits)
    }

    @Test("other conditions are not evaluated: an Allow with one counts, a Deny with one does not, and either is said")
    func unevaluatedConditions() {
        let sourceVPC = PolicyDocument.Condition(operation: "StringEquals", key: "aws:SourceVpc", values: ["vpc-1"])
        let allow = Self.endpoint(.init(allow: true, actions: ["*"], conditions: [sourceVPC]))
        #expect(
            allow.admitsCall(toService: "s3", by: Self.role)
                == .init(admits: true, denied: false, unevaluatedConditions: true))
        #expect(!allow.dependsOnPrincipal)
        let deny = Self.endpoint(
            .init(allow: true, actions: ["*"]), .init(allow: false, actions: ["*"], conditions: [sourceVPC]))
        #expect(
            deny.admitsCall(toService: "s3", by: Self.role)
                == .init(admits: true, denied: false, unevaluatedConditions: true))
        // Known false beside unknown: the statement does not apply, whatever the other says.
        let mixed = Self.endpoint(
            .init(allow: true, actions: ["*"], conditions: [sourceVPC, Self.principalArn("StringEquals", "x")]))
        #expect(!mixed.admitsCall(toService: "s3", by: Self.role).admits)
    }
}

/// The keys whose presence or value the origin of a call decides: missing keys as AWS decides
/// them, `aws:SourceIp` of a call Lambda makes itself, and a call through a VPC endpoint.
@Suite("Conditions on where a call comes from: missing keys, the Lambda service's address, an endpoint")
struct CallOriginConditionTests {
    static func condition(_ operation: String, _ key: String, _ values: String...) -> PolicyDocument.Condition {
        PolicyDocument.Condition(operation: operation, key: key, values: values)
    }

    @Test("a key the call lacks: negated operators and ForAllValues hold, the others and ForAnyValue do not")
    func missingKey() {
        let context = PolicyDocument.RequestContext(absentKeys: ["aws:sourcevpc", "aws:sourceip"])
        for (condition, holds) in [
            (Self.condition("Null", "aws:SourceVpc", "true"), true as Bool?),
            (Self.condition("Null", "aws:SourceVpc", "false"), false),
            (Self.condition("StringEquals", "aws:SourceVpc", "vpc-1"), false),
            (Self.condition("StringNotEquals", "aws:SourceVpc", "vpc-1"), true),
            (Self.condition("StringNotEqualsIfExists", "aws:SourceVpc", "vpc-1"), true),
            (Self.condition("StringEqualsIfExists", "aws:SourceVpc", "vpc-1"), true),
            (Self.condition("ForAllValues:StringEquals", "aws:SourceVpc", "vpc-1"), true),
            (Self.condition("ForAnyValue:StringNotEquals", "aws:SourceVpc", "vpc-1"), false),
            (Self.condition("IpAddress", "aws:SourceIp", "10.0.0.0/8"), false),
            (Self.condition("NotIpAddress", "aws:SourceIp", "10.0.0.0/8"), true),
            (Self.condition("SomeFutureOperator", "aws:SourceIp", "10.0.0.0/8"), nil),
        ] {
            #expect(condition.holds(in: context) == holds, "\(condition)")
        }
    }

    @Test("aws:SourceIp of Lambda's own calls: the service's address, in no listed range but one that takes in all")
    func lambdaServiceAddress() {
        let context = PolicyDocument.RequestContext(values: ["aws:sourceip": .addressOfAWSService])
        for (condition, holds) in [
            (Self.condition("NotIpAddress", "aws:SourceIp", "203.0.113.0/24", "198.51.100.7"), true as Bool?),
            (Self.condition("IpAddress", "aws:SourceIp", "203.0.113.0/24"), false),
            (Self.condition("NotIpAddressIfExists", "aws:SourceIp", "10.0.0.0/8"), true),
            (Self.condition("IpAddress", "aws:SourceIp", "0.0.0.0/0"), true),
            (Self.condition("NotIpAddress", "aws:SourceIp", "203.0.113.0/24", "::/0"), false),
            (Self.condition("Null", "aws:SourceIp", "false"), true),
            (Self.condition("IpAddress", "aws:SourceIp", "${aws:username}"), nil),
            (Self.condition("StringEquals", "aws:SourceIp", "203.0.113.7"), nil),
        ] {
            #expect(condition.holds(in: context) == holds, "\(condition)")
        }
    }

    @Test("through an endpoint: no aws:SourceIp, the endpoint's ID and VPC; the deciding keys are named")
    func throughEndpoint() {
        let call = PolicyDocument.RequestContext.throughEndpoint(
            "vpce-1", vpcId: "vpc-1", role: PolicyDecisionTests.role)
        let allowAll = PolicyDocument.Statement(allow: true, actions: ["*"])
        let denyOutside = PolicyDocument(statements: [
            allowAll,
            .init(
                allow: false, actions: ["*"], conditions: [Self.condition("NotIpAddress", "aws:SourceIp", "10.0.0.0/8")]
            ),
        ])
        #expect(
            denyOutside.admitsCall(toService: "s3", in: call)
                == .init(admits: false, denied: true, unevaluatedConditions: false, decidingKeys: ["aws:SourceIp"]))
        let allowInside = PolicyDocument(statements: [
            .init(
                allow: true, actions: ["s3:*"], conditions: [Self.condition("IpAddress", "aws:SourceIp", "10.0.0.0/8")])
        ])
        #expect(
            allowInside.admitsCall(toService: "s3", in: call)
                == .init(admits: false, denied: false, unevaluatedConditions: false, decidingKeys: ["aws:SourceIp"]))
        let ownEndpoint = PolicyDocument(statements: [
            .init(
                allow: true, actions: ["s3:*"],
                conditions: [
                    Self.condition("StringEquals", "aws:SourceVpce", "vpce-1"),
                    Self.condition("StringEquals", "aws:SourceVpc", "vpc-1"),
                ])
        ])
        #expect(
            ownEndpoint.admitsCall(toService: "s3", in: call)
                == .init(admits: true, denied: false, unevaluatedConditions: false))
        // Without the endpoint's context the same policies are not decided, as before.
        #expect(denyOutside.admitsCall(toService: "s3", by: PolicyDecisionTests.role).admits)
    }

    @Test(
        "a call by the execution role, through an endpoint or by Lambda itself: aws:ViaAWSService and aws:PrincipalIsAWSService are false"
    )
    func executionRoleFlags() {
        let contexts = [
            PolicyDocument.RequestContext.throughEndpoint("vpce-1", vpcId: "vpc-1", role: PolicyDecisionTests.role),
            PolicyDocument.RequestContext(values: PolicyDocument.RequestContext.executionRoleFlags),
        ]
        for context in contexts {
            for (condition, holds) in [
                (Self.condition("Bool", "aws:ViaAWSService", "false"), true as Bool?),
                (Self.condition("BoolIfExists", "aws:ViaAWSService", "false"), true),
                (Self.condition("Bool", "aws:ViaAWSService", "true"), false),
                (Self.condition("BoolIfExists", "aws:PrincipalIsAWSService", "FALSE"), true),
                (Self.condition("Bool", "aws:PrincipalIsAWSService", "true"), false),
                (Self.condition("Null", "aws:PrincipalIsAWSService", "false"), true),
                (Self.condition("StringEquals", "aws:ViaAWSService", "false"), nil),
            ] {
                #expect(condition.holds(in: context) == holds, "\(condition)")
            }
        }
        // AWS's account perimeter for an endpoint: every principal of another account is
        // refused, service principals spared; the role is no service principal.
        let perimeter = PolicyDocument(statements: [
            .init(allow: true, actions: ["*"]),
            .init(
                allow: false, actions: ["*"],
                conditions: [
                    Self.condition("StringNotEquals", "aws:PrincipalAccount", "111122223333"),
                    Self.condition("BoolIfExists", "aws:PrincipalIsAWSService", "false"),
                ]),
        ])
        #expect(!perimeter.admitsCall(toService: "sqs", in: contexts[0]).admits)
    }
}

/// The note for a permissions boundary whose document was not exported: it names the command
/// that lists it, whose `--filter` depends on who manages the policy.
@Suite("A permissions boundary not exported: the note names the export that lists it")
struct UnknownBoundaryNoteTests {
    @Test("an AWS managed boundary is listed by --filter AWSManagedPolicy, the account's own by LocalManagedPolicy")
    func filter() throws {
        for (arn, filter) in [
            ("arn:aws:iam::aws:policy/ReadOnlyAccess", "AWSManagedPolicy"),
            ("arn:aws-us-gov:iam::aws:policy/job-function/ViewOnlyAccess", "AWSManagedPolicy"),
            ("arn:aws:iam::123456789012:policy/platform-boundary", "LocalManagedPolicy"),
        ] {
            let role = Role(
                arn: "arn:aws:iam::123456789012:role/r", name: "r", documents: [], awsManagedPolicies: [],
                permissionsBoundary: PermissionsBoundary(policyArn: arn, document: nil))
            var gaps = Solver.PermissionGaps()
            gaps.unknownBoundary = arn
            let note = try #require(Solver.unknownBoundaryNote(gaps, role: role, checking: "writing logs"))
            #expect(note.contains("`aws iam get-account-authorization-details --filter \(filter)` lists it"), "\(note)")
        }
    }
}
