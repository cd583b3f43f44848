extension Solver {
    // MARK: - Function-level causes

    static let vpcStateReasons: Set<String> = [
        "InsufficientRolePermissions", "SubnetOutOfIPAddresses", "EniLimitExceeded", "InvalidSubnet",
        "InvalidSecurityGroup", "SubnetNotFound", "SecurityGroupNotFound", "Ec2RequestLimitExceeded",
        "EFSMountConnectivityError",
    ]

    /// The note for an Active function whose role lacks network-interface actions: it runs now,
    /// and fails when Lambda next needs an interface.
    static func activeWithoutENIPermissions(_ function: LambdaFunction, role: Role, gaps: PermissionGaps) -> String {
        let reason = Explain.RoleMissingPermissions(role: role, gaps: gaps, logGroup: nil)
        let identity = FunctionIdentity(function)
        return
            "\(function.name)'s execution role \(role.name) \(reason.lacking(for: identity)). Lambda needs these only to create the function's network interfaces, not to invoke it (AWS): the function is Active and runs on the interfaces it has. It fails (InsufficientRolePermissions) when Lambda next needs one: after an idle period (Inactive), on a change of its subnets or security groups, or to scale. \(reason.words(for: identity).fix)"
    }

    /// The blocker of a function Lambda does not invoke (Pending, Failed, Inactive for a reason
    /// other than Idle). For `InsufficientRolePermissions` it says what the imported IAM data
    /// says of the role, so that its fix addresses what withholds the actions.
    func functionNotActive(_ function: LambdaFunction) -> Blocker {
        var check: Explain.RoleCheck?
        if function.stateReasonCode == "InsufficientRolePermissions", function.isInVPC,
            function.capacityProvider == nil,
            network.accountsWithIAMData.contains(function.accountId),
            let role = function.roleArn.flatMap({ network.roles[$0] })
        {
            let gaps = eniGaps(function, role: role)
            check = gaps.isEmpty ? .allows(role: role.name) : .lacks(role, gaps)
        }
        return Explain.functionNotActive(function, network: network, roleCheck: check)
    }

    /// Whether an Inactive `function` could not get its network interfaces back: its reason is
    /// one other than `Idle` (AWS: "If Lambda fails to recreate the resources, the function
    /// returns to the inactive state").
    static func inactiveFailed(_ function: LambdaFunction) -> Bool {
        guard function.state == "Inactive", let code = function.stateReasonCode else { return false }
        return code != "Idle"
    }

    static let eniActions = [
        "ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DeleteNetworkInterface",
        "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses",
    ]
    static let logsActions = ["logs:CreateLogStream", "logs:PutLogEvents"]
    /// AWS managed policies (`arn:PARTITION:iam::aws:policy/...`), recognised by name because
    /// exports often leave their documents out: which of the actions Lambda takes for a function
    /// each one's default version allows (the AWS managed policy reference gives the documents).
    /// Only an AWS managed policy whose document is not in the inventory is looked up here: the
    /// account's own policies may take any of these names and are judged by their documents.
    static let managedPolicyActions: [String: [String]] = [
        // The five ENI actions and the three logs actions on "*".
        "AWSLambdaVPCAccessExecutionRole": eniActions + logsActions + ["logs:CreateLogGroup"],
        // The five ENI actions on "*".
        "AWSLambdaENIManagementAccess": eniActions,
        // logs:CreateLogGroup, CreateLogStream, PutLogEvents on "*".
        "AWSLambdaBasicExecutionRole": logsActions + ["logs:CreateLogGroup"],
        // logs:* on arn:aws:logs:*:*:*.
        "AWSLambdaExecute": logsActions + ["logs:CreateLogGroup"],
        // * on "*"; PowerUserAccess: NotAction iam:*, organizations:*, account:* on "*".
        "AdministratorAccess": eniActions + logsActions + ["logs:CreateLogGroup"],
        "PowerUserAccess": eniActions + logsActions + ["logs:CreateLogGroup"],
        // Its logs actions read (DescribeLogGroups, DescribeLogStreams, GetLogEvents,
        // FilterLogEvents, StartLiveTail, StopLiveTail), and it allows no network-interface
        // action: it grants none of Lambda's.
        "AWSLambda_FullAccess": [],
        // ec2:* and logs:* on "*".
        "AmazonEC2FullAccess": eniActions,
        "CloudWatchLogsFullAccess": logsActions + ["logs:CreateLogGroup"],
        // Among their EC2 actions on "*", the five ENI actions.
        "AmazonVPCFullAccess": eniActions,
        "AmazonVPCCrossAccountNetworkInterfaceOperations": eniActions,
    ]

    /// What `role` lacks of `needed`, on `resource` when the actions are authorised against one.
    struct PermissionGaps: Sendable, Hashable {
        /// Actions no statement allows (an implicit deny).
        var missing: [String] = []
        /// Of `missing`, those a statement allows on other resources than the request's: the
        /// grant names the wrong ARN (a log group's without `:*`, a network interface's where
        /// `*` is needed).
        var allowedElsewhere: [String] = []
        /// Of `missing`, those a statement allows only under conditions known not to hold for
        /// the call (another `aws:RequestedRegion` than the function's).
        var allowedUnderFalseConditions: [String] = []
        /// Actions a statement denies outright: no policy attached beside it can grant them.
        var denied: [String] = []
        /// Actions the role's policies allow but its permissions boundary does not.
        var outsideBoundary: [String] = []
        /// The boundary, when it was not exported and is not an AWS managed policy known by
        /// name: what it allows is not known, and the actions are taken as allowed.
        var unknownBoundary: String?
        /// Actions none of the role's known policies allows, taken as allowed because an
        /// attached policy is not known: `policiesNotKnown`.
        var allowedByUnexportedPolicies: [String] = []
        /// The attached managed policies whose documents are not known: the account's own that
        /// were not exported (`Role.unexportedPolicies`), and AWS managed ones that were not and
        /// that lambda-reach does not know by name. What they allow is not known: never nothing.
        var policiesNotKnown: [String] = []
        /// The condition keys of the Denies that apply (`denied`), as the policies write them.
        var denyingKeys: [String] = []
        /// Of `outsideBoundary`, the actions the boundary denies outright (a Deny in it), and
        /// that Deny's condition keys.
        var deniedByBoundary: [String] = []
        var boundaryDenyingKeys: [String] = []
        /// Actions taken as allowed on a grant whose conditions are not evaluated, and the keys.
        var allowedOnConditionsNotEvaluated: [String] = []
        var allowKeysNotEvaluated: [String] = []
        /// Actions a Deny may deny under conditions not evaluated (it is taken not to), and the keys.
        var deniedOnConditionsNotEvaluated: [String] = []
        var denyKeysNotEvaluated: [String] = []

        var isEmpty: Bool { missing.isEmpty && denied.isEmpty && outsideBoundary.isEmpty }
    }

    /// The context of the calls Lambda makes with `role` for `function`: the role is the
    /// principal (`aws:PrincipalArn`, `aws:PrincipalAccount`), and the calls go to the
    /// function's own region (`aws:RequestedRegion`): its network interfaces are made in its
    /// subnets, its logs written to CloudWatch Logs there. Lambda makes those calls itself, from
    /// its own service with the role (a service role), not from the function's VPC: the keys
    /// only a call through a VPC endpoint carries are absent (a data-perimeter Deny on `Null
    /// aws:SourceVpc` applies to them), so are the keys of calls a service forwards with the
    /// principal's credentials (`aws:CalledVia`), and `aws:SourceIp` is an address of the
    /// Lambda service. `lambda:SourceFunctionArn` is in the calls that write the function's logs
    /// (Lambda injects it there as in the calls of the function's code), and not in those that
    /// create its network interfaces (`forLogs` false).
    static func requestContext(of function: LambdaFunction, role: Role, forLogs: Bool) -> PolicyDocument.RequestContext
    {
        var absent = PolicyDocument.RequestContext.vpcEndpointKeys.union(
            PolicyDocument.RequestContext.forwardedCallKeys)
        var values = PolicyDocument.RequestContext.executionRoleFlags
        values["aws:sourceip"] = .addressOfAWSService
        if forLogs {
            values[Self.sourceFunctionKey] = .text(function.arn, isARN: true)
        } else {
            absent.insert(Self.sourceFunctionKey)
        }
        return PolicyDocument.RequestContext(
            role: PolicyDocument.CallingRole(roleArn: role.arn), requestedRegion: function.region, absentKeys: absent,
            values: values)
    }

    /// `lambda:SourceFunctionArn`, lowercased: the function whose code, or whose log delivery,
    /// makes a call with its execution role.
    static let sourceFunctionKey = "lambda:sourcefunctionarn"

    /// The actions of `needed` that `role` is not granted (on `resource`, given per action, in
    /// `context`): an explicit Deny in its documents wins over every grant, a managed policy's by
    /// name too; and what its policies grant must be inside its permissions boundary. Conditions
    /// are evaluated where `context` decides them; a grant resting on others is taken to hold,
    /// a Deny resting on others not to apply, and the gaps say so.
    func permissionGaps(
        _ needed: [String], role: Role, context: PolicyDocument.RequestContext = .init(),
        resource: (String) -> PolicyDocument.RequestResource? = { _ in nil }
    ) -> PermissionGaps {
        let fromNames = Set(
            role.awsManagedPolicies.flatMap { Self.managedPolicyActions[Role.policyName(of: $0)] ?? [] }.map {
                $0.lowercased()
            })
        let boundary = role.permissionsBoundary
        // By name only an AWS managed boundary whose document was not exported: the account's
        // own policy of the same name is another policy.
        let boundaryByName = boundary.flatMap {
            $0.document == nil && $0.isAWSManaged ? Self.managedPolicyActions[$0.name] : nil
        }.map { Set($0.map { $0.lowercased() }) }
        var gaps = PermissionGaps()
        if let boundary, boundary.document == nil, boundaryByName == nil { gaps.unknownBoundary = boundary.policyArn }
        // An AWS managed policy that is neither exported nor known by name may allow anything:
        // it is not known, as an unexported policy of the account's own is, never "nothing".
        gaps.policiesNotKnown =
            role.unexportedPolicies
            + role.awsManagedPolicies.filter { Self.managedPolicyActions[Role.policyName(of: $0)] == nil }
        var denyingKeys: Set<String> = []
        var boundaryDenyingKeys: Set<String> = []
        var allowKeys: Set<String> = []
        var denyKeys: Set<String> = []
        func notEvaluated(_ evaluation: PolicyDocument.Evaluation, _ action: String) {
            if !evaluation.allowKeysNotEvaluated.isEmpty, !gaps.allowedOnConditionsNotEvaluated.contains(action) {
                gaps.allowedOnConditionsNotEvaluated.append(action)
            }
            if !evaluation.denyKeysNotEvaluated.isEmpty, !gaps.deniedOnConditionsNotEvaluated.contains(action) {
                gaps.deniedOnConditionsNotEvaluated.append(action)
            }
            allowKeys.formUnion(evaluation.allowKeysNotEvaluated)
            denyKeys.formUnion(evaluation.denyKeysNotEvaluated)
        }
        for action in needed {
            let evaluation = PolicyDocument.evaluate(
                action: action, in: role.documents, resource: resource(action),
                granted: fromNames.contains(action.lowercased()), context: context)
            var decision = evaluation.decision
            // A policy whose document is not known may allow what the known ones do not (but
            // no Allow overrides a known Deny): taken as allowed, as an unknown boundary is,
            // and the boundary still caps it.
            if decision == .notAllowed, !gaps.policiesNotKnown.isEmpty {
                gaps.allowedByUnexportedPolicies.append(action)
                decision = .allowed
            }
            switch decision {
            case .allowed:
                notEvaluated(evaluation, action)
                guard let boundary, gaps.unknownBoundary == nil else { break }
                let inside = PolicyDocument.evaluate(
                    action: action, in: boundary.document.map { [$0] } ?? [], resource: resource(action),
                    granted: boundaryByName?.contains(action.lowercased()) ?? false, context: context)
                if inside.decision != .allowed {
                    gaps.outsideBoundary.append(action)
                    if inside.decision == .denied {
                        gaps.deniedByBoundary.append(action)
                        boundaryDenyingKeys.formUnion(inside.denyingKeys)
                    }
                } else {
                    notEvaluated(inside, action)
                }
            case .notAllowed:
                gaps.missing.append(action)
                // Why: a grant that names other resources, or holds only under conditions
                // that are false here.
                if PolicyDocument.decision(action: action, in: role.documents, resource: resource(action)) == .allowed {
                    gaps.allowedUnderFalseConditions.append(action)
                } else if resource(action) != nil,
                    PolicyDocument.evaluate(action: action, in: role.documents, context: context).decision == .allowed
                {
                    gaps.allowedElsewhere.append(action)
                }
            case .denied:
                gaps.denied.append(action)
                denyingKeys.formUnion(evaluation.denyingKeys)
            }
        }
        gaps.allowKeysNotEvaluated = allowKeys.sorted()
        gaps.denyKeysNotEvaluated = denyKeys.sorted()
        gaps.denyingKeys = denyingKeys.sorted()
        gaps.boundaryDenyingKeys = boundaryDenyingKeys.sorted()
        return gaps
    }

    /// The notes for conditions a decision rests on that lambda-reach does not evaluate: the
    /// answer stands as if a grant's held and a Deny's did not.
    static func conditionsNotes(_ gaps: PermissionGaps, role: Role) -> [String] {
        var notes: [String] = []
        if !gaps.allowedOnConditionsNotEvaluated.isEmpty {
            notes.append(
                "\(role.name)'s grant of \(gaps.allowedOnConditionsNotEvaluated.joined(separator: ", ")) rests on conditions lambda-reach does not evaluate (\(gaps.allowKeysNotEvaluated.joined(separator: ", "))): they are taken to hold for Lambda's calls."
            )
        }
        if !gaps.deniedOnConditionsNotEvaluated.isEmpty {
            notes.append(
                "\(role.name) has a Deny of \(gaps.deniedOnConditionsNotEvaluated.joined(separator: ", ")) under conditions lambda-reach does not evaluate (\(gaps.denyKeysNotEvaluated.joined(separator: ", "))): it is taken not to apply to Lambda's calls."
            )
        }
        return notes
    }

    /// The note for attached managed policies whose documents are not in the inventory: the
    /// account's own (`get-account-authorization-details --filter Role` prints the roles only),
    /// and AWS managed ones lambda-reach does not know by name. The actions no known policy
    /// allows are taken as allowed by them, and the note names the export that lists them.
    static func unexportedPoliciesNote(_ gaps: PermissionGaps, role: Role, checking what: String) -> String? {
        guard !gaps.allowedByUnexportedPolicies.isEmpty else { return nil }
        let policies = gaps.policiesNotKnown
        let awsManaged = policies.filter(Role.isAWSManaged)
        let them = policies.count == 1 ? "it" : "them"
        // AWS managed policies are listed only by --filter AWSManagedPolicy, the account's own
        // by LocalManagedPolicy.
        let filters =
            (awsManaged.count < policies.count ? ["LocalManagedPolicy"] : [])
            + (awsManaged.isEmpty ? [] : ["AWSManagedPolicy"])
        let unknownByName =
            awsManaged.isEmpty
            ? ""
            : awsManaged.count == policies.count
                ? (policies.count == 1
                    ? " (an AWS managed policy lambda-reach does not know by name)"
                    : " (AWS managed policies lambda-reach does not know by name)")
                : " (of them, \(awsManaged.joined(separator: ", ")) AWS managed, which lambda-reach does not know by name)"
        let allowed = gaps.allowedByUnexportedPolicies
        return
            "\(role.name)'s attached polic\(policies.count == 1 ? "y" : "ies") \(policies.joined(separator: ", "))\(unknownByName) \(policies.count == 1 ? "was" : "were") not exported, so whether \(policies.count == 1 ? "it allows" : "they allow") \(what) was not checked: \(allowed.joined(separator: ", ")), which no other policy of the role allows, \(allowed.count == 1 ? "is" : "are") taken as allowed. `aws iam get-account-authorization-details --filter \(filters.joined(separator: " "))` lists \(them)."
    }

    /// The note for a permissions boundary whose document is not in the inventory, with the
    /// export that lists it: AWS managed policies are listed only by `--filter AWSManagedPolicy`.
    static func unknownBoundaryNote(_ gaps: PermissionGaps, role: Role, checking what: String) -> String? {
        gaps.unknownBoundary.map {
            let filter = role.permissionsBoundary?.isAWSManaged == true ? "AWSManagedPolicy" : "LocalManagedPolicy"
            return
                "\(role.name)'s permissions boundary \($0) was not exported, so whether it allows \(what) was not checked. `aws iam get-account-authorization-details --filter \(filter)` lists it."
        }
    }

    /// The resource a logs action of Lambda's on `function`'s log group (`LoggingConfig.LogGroup`,
    /// by default `/aws/lambda/NAME`) is authorised against. CloudWatch Logs knows a group by two
    /// ARNs, `log-group:NAME` for the tagging actions only and `log-group:NAME:*` for every other
    /// one, because it authorises those against what lies under the group: CreateLogStream and
    /// PutLogEvents against the stream, `log-group:NAME:log-stream:STREAM` (the log-stream
    /// resource type), CreateLogGroup against `log-group:NAME:log-stream:` (AWS's AccessDenied
    /// messages name these ARNs). A grant on `log-group:NAME` alone therefore allows neither, and
    /// a Deny on it denies neither. Lambda names its streams by date and instance
    /// (`2024/05/02/[$LATEST]…`), not known in advance: any stream of the group stands for them.
    static func logGroupResource(of function: LambdaFunction, action: String) -> PolicyDocument.RequestResource {
        let group =
            "arn:\(partition(of: function)):logs:\(function.region):\(function.accountId):log-group:\(logGroupName(of: function))"
        if action.lowercased() == "logs:createloggroup" { return .init(arns: ["\(group):log-stream:"]) }
        return .init([.anyIdentifier(after: "\(group):log-stream:")])
    }

    /// The partition of `function`'s ARN (`aws`, `aws-cn`, `aws-us-gov`), which its resources' ARNs share.
    static func partition(of function: LambdaFunction) -> String {
        function.arn.split(separator: ":", omittingEmptySubsequences: false).dropFirst().first.map(String.init) ?? "aws"
    }

    /// The resources a network-interface action Lambda takes for `function` is authorised
    /// against, by the resource types the Service Authorization Reference lists as required for
    /// it: ec2:DescribeNetworkInterfaces has none, so only a statement on `"Resource": "*"`
    /// allows it (as the Lambda guide says); ec2:CreateNetworkInterface needs the new network
    /// interface and the subnet it is made in, once for each of the function's subnets (the
    /// security groups are an optional resource type: a statement need not name them, and a
    /// Deny naming only them is not assumed to apply); DeleteNetworkInterface,
    /// AssignPrivateIpAddresses and UnassignPrivateIpAddresses need the network interface.
    /// Lambda's interfaces are in the function's account and region, with IDs not known in
    /// advance: a statement that may name one of them counts as a grant (`network-interface/*`,
    /// or an ID, which the Lambda guide allows), and a Deny counts when it names all of them. A
    /// subnet's ARN carries its owner's account (another one for a subnet shared through AWS RAM).
    func networkInterfaceResource(of function: LambdaFunction, action: String) -> PolicyDocument.RequestResource {
        let ec2 = "arn:\(Self.partition(of: function)):ec2:\(function.region):"
        let interface = PolicyDocument.RequestResource.Name.anyIdentifier(
            after: "\(ec2)\(function.accountId):network-interface/")
        switch action.lowercased() {
        case "ec2:describenetworkinterfaces":
            return .init(arns: ["*"])
        case "ec2:createnetworkinterface":
            let subnets = function.subnetIds.map { subnetId in
                PolicyDocument.RequestResource.Name.arn(
                    "\(ec2)\(network.subnets[subnetId]?.ownerId ?? function.accountId):subnet/\(subnetId)")
            }
            return .init([interface] + subnets)
        default:
            return .init([interface])
        }
    }

    /// What `role` lacks of the network-interface actions Lambda takes for `function`.
    func eniGaps(_ function: LambdaFunction, role: Role) -> PermissionGaps {
        permissionGaps(
            Self.eniActions, role: role, context: Self.requestContext(of: function, role: role, forLogs: false)
        ) {
            networkInterfaceResource(of: function, action: $0)
        }
    }

    /// The log group Lambda writes a function's output to: its `LoggingConfig.LogGroup`, by
    /// default `/aws/lambda/NAME`.
    static func logGroupName(of function: LambdaFunction) -> String {
        function.logGroup ?? "/aws/lambda/\(function.name)"
    }

    /// What an answer needs of the function alone, whatever the subnet: its security groups, and
    /// the blockers and notes of its state, role and VPC. They depend on the target only in
    /// whether it is `logs` (the role's logs permissions), so the audit gets them once or twice
    /// per function rather than once per target.
    struct FunctionFacts: Sendable {
        var groups: [SecurityGroup]
        /// The function's subnets in its order, nil where one is not in the inventory.
        var subnets: [Subnet?]
        var blockers: [Blocker]
        var notes: [String]
    }

    func functionFacts(_ function: LambdaFunction, target: Target) -> FunctionFacts {
        var notes: [String] = []
        let blockers = functionLevelBlockers(function, target: target, notes: &notes)
        return FunctionFacts(
            groups: function.securityGroupIds.compactMap { network.securityGroups[$0] },
            subnets: function.subnetIds.map { network.subnets[$0] }, blockers: blockers, notes: notes)
    }

    func functionLevelBlockers(_ function: LambdaFunction, target: Target, notes: inout [String]) -> [Blocker] {
        var blockers: [Blocker] = []
        // AWS, Lambda function states: "Functions can only be successfully invoked while
        // active." Pending and Failed functions are not invoked at all; an Inactive one is, once
        // its interfaces are back, unless Lambda could not re-create them (a reason other than
        // Idle). The network paths are still followed, for what the function meets once it runs.
        switch function.state {
        case "Failed", "Pending":
            blockers.append(functionNotActive(function))
        case "Inactive" where Self.inactiveFailed(function):
            blockers.append(functionNotActive(function))
        case "Inactive":
            // A function outside any VPC has no network interfaces of the account's: Lambda
            // reclaims the other resources it set up.
            let what = function.isInVPC ? "its network interfaces" : "the resources it had set up for it"
            notes.append(
                "The function is Inactive (Idle): Lambda reclaimed \(what) after a long idle period. The next invocation fails while Lambda re-creates them (the function is Pending meanwhile); the invocations after that succeed, along the paths of this answer."
            )
        default:
            break
        }
        // An update is of a function that exists: while Lambda creates one (Pending), or after
        // its creation failed, there is no previous configuration to speak of.
        switch function.state == "Active" || function.state == nil ? function.lastUpdateStatus : nil {
        case "InProgress":
            notes.append(
                "An update of the function is in progress (LastUpdateStatus InProgress): until it completes, invocations use the previous code and configuration, which may have other subnets and security groups than the exported ones this answer follows."
            )
        case "Failed":
            let reason = function.lastUpdateStatusReasonCode.map { " (\($0))" } ?? ""
            notes.append(
                "The function's last update failed\(reason): Lambda kept the previous code and configuration, and invocations use them. The exported VpcConfig may be the one that failed to apply; if so, the subnets and security groups the function runs with are the previous ones, which this answer does not follow."
            )
        default:
            break
        }
        if let provider = function.capacityProvider {
            // Lambda Managed Instances: the provider's network, its instances' interfaces, made
            // with its operator role. The checks of a function's own VpcConfig and of its
            // execution role's network-interface actions are not this function's.
            notes += capacityProviderNotes(function, provider: provider)
            for groupId in function.securityGroupIds where network.securityGroups[groupId] == nil {
                blockers.append(Explain.securityGroupNotFound(groupId))
            }
            if target == .logs { blockers += logsBlockers(function, notes: &notes) }
            return blockers
        }
        if !function.isInVPC, let invalid = invalidVPCConfig(function) { blockers.append(invalid) }
        if function.isInVPC {
            for groupId in function.securityGroupIds where network.securityGroups[groupId] == nil {
                blockers.append(Explain.securityGroupNotFound(groupId))
            }
            let vpcIds = Set(function.subnetIds.compactMap { network.subnets[$0]?.vpcId })
            if let invalid = invalidVPCConfig(function) { blockers.append(invalid) }
            for vpcId in vpcIds.sorted() {
                if let vpc = network.vpcs[vpcId], vpc.dedicatedTenancy {
                    blockers.append(Explain.dedicatedTenancy(vpc))
                }
            }
            if let reported = function.reportedVPCId, !reported.isEmpty, !vpcIds.isEmpty, !vpcIds.contains(reported) {
                notes.append(
                    "The export's VpcConfig.VpcId (\(reported)) does not match the VPC of the function's subnets (\(vpcIds.sorted().joined(separator: ", "))); the subnets decide."
                )
            }
        }
        if network.accountsWithIAMData.contains(function.accountId), let roleArn = function.roleArn {
            if let role = network.roles[roleArn] {
                if function.isInVPC {
                    let gaps = eniGaps(function, role: role)
                    if !gaps.isEmpty {
                        // AWS: the permissions "are required only to create ENIs, not to invoke
                        // your VPC function". An Active function runs on the interfaces it has;
                        // one that is not (or not known to be) Active needs new ones.
                        if function.state == "Active" {
                            notes.append(Self.activeWithoutENIPermissions(function, role: role, gaps: gaps))
                        } else {
                            blockers.append(Explain.roleMissingENIPermissions(role, gaps: gaps, state: function.state))
                        }
                    }
                    if let note = Self.unexportedPoliciesNote(
                        gaps, role: role, checking: "the network-interface actions")
                    {
                        notes.append(note)
                    }
                    if let note = Self.unknownBoundaryNote(gaps, role: role, checking: "the network-interface actions")
                    {
                        notes.append(note)
                    }
                    notes += Self.conditionsNotes(gaps, role: role)
                }
            } else {
                notes.append(
                    "The execution role \(roleArn) is not in the imported IAM data; its permissions were not checked.")
            }
        }
        if target == .logs { blockers += logsBlockers(function, notes: &notes) }
        return blockers
    }

    /// What an answer about a function of Lambda Managed Instances says of its capacity
    /// provider: where the function's network comes from, the provider's state, what the
    /// answer does not assume (a public IPv4 address on the instances; a network path for the
    /// function's logs), and the checks of ordinary VPC functions that do not apply.
    func capacityProviderNotes(_ function: LambdaFunction, provider: CapacityProviderPlacement) -> [String] {
        guard provider.isExported else { return [] }
        var notes: [String] = []
        let groups =
            provider.usesDefaultGroup
            ? (function.securityGroupIds.isEmpty
                ? "its VPC's default security group, which is not in the inventory"
                : "its VPC's default security group \(function.securityGroupIds.joined(separator: ", ")) (the provider names none)")
            : "security groups \(function.securityGroupIds.joined(separator: ", "))"
        notes.append(
            "\(function.name) runs on Lambda Managed Instances, on capacity provider \(provider.name): its code runs in containers on EC2 instances that Lambda launches in the provider's subnets (\(function.subnetIds.joined(separator: ", "))) with \(groups), and its traffic leaves through the instances' network interfaces. This answer walks from those; the function has no VpcConfig of its own, and the execution role's network-interface permissions are not needed (Lambda launches the instances with the provider's operator role)."
        )
        if let state = provider.state, state != "Active" {
            notes.append(
                "Capacity provider \(provider.name) is \(state), not Active: Lambda may have no instances running for it, and the function's invocations may fail whatever the network allows."
            )
        }
        return notes
    }

    /// What an answer about `target` from a capacity provider's instances does not assume: a
    /// public IPv4 address on them, a network path for the function's logs. Apart from the
    /// function's facts, which every target of an audit shares.
    func capacityProviderTargetNotes(_ function: LambdaFunction, target: Target) -> [String] {
        guard let provider = function.capacityProvider, provider.isExported else { return [] }
        var notes: [String] = []
        switch target {
        case .internet, .awsService:
            notes.append(
                "AWS's pages do not say whether the instances of a capacity provider get a public IPv4 address in a subnet that assigns them (MapPublicIpOnLaunch): this answer assumes none, as for a Lambda function's network interface, so a subnet whose route to the internet is an internet gateway does not reach it."
            )
        default: break
        }
        if target == .logs {
            notes.append(
                "AWS's pages do not say whether a function on Lambda Managed Instances sends its logs through the instances' network interfaces or through the Lambda service: this answer takes the Lambda service's delivery, as for any function, and does not check a path from the provider's subnets to CloudWatch Logs (`--to aws:logs` checks that path)."
            )
        }
        return notes
    }

    /// The blocker of a VpcConfig AWS would reject (subnets in more than one VPC, security groups
    /// of another VPC than the subnets', subnets without a security group, or security groups
    /// without a subnet): not a function that runs, so never reachable.
    /// Groups or subnets missing from the inventory are other findings.
    func invalidVPCConfig(_ function: LambdaFunction) -> Blocker? {
        // Lambda refuses groups without subnets as it refuses subnets without groups: such an
        // export is not a function outside any VPC (which would reach the internet).
        if function.subnetIds.isEmpty {
            guard !function.securityGroupIds.isEmpty else { return nil }
            return Explain.invalidVPCConfig(
                function, subnetsByVPC: [:], foreignGroups: [], noSubnets: true, network: network)
        }
        // Nearly every function is fine: that is checked first, without building anything (the
        // audit asks for every function, twice).
        var firstVPC: String?
        var consistent = true
        for subnetId in function.subnetIds {
            guard let vpcId = network.subnets[subnetId]?.vpcId else { continue }
            if let firstVPC, firstVPC != vpcId {
                consistent = false
                break
            }
            firstVPC = vpcId
        }
        // Lambda refuses subnets without a security group ("SubnetIds and SecurityIds must
        // coexist or be both empty list"): an export that has them describes no function.
        let noGroups = function.securityGroupIds.isEmpty
        if consistent && !noGroups {
            guard let firstVPC else { return nil }
            let foreign = function.securityGroupIds.contains { groupId in
                guard let vpcId = network.securityGroups[groupId]?.vpcId else { return false }
                return !vpcId.isEmpty && vpcId != firstVPC
            }
            if !foreign { return nil }
        }
        var subnetsByVPC: [String: [String]] = [:]
        for subnetId in function.subnetIds {
            if let vpcId = network.subnets[subnetId]?.vpcId { subnetsByVPC[vpcId, default: []].append(subnetId) }
        }
        var foreignGroups: [SecurityGroup] = []
        if subnetsByVPC.count == 1, let vpcId = subnetsByVPC.keys.first {
            foreignGroups = function.securityGroupIds.compactMap { network.securityGroups[$0] }.filter {
                !$0.vpcId.isEmpty && $0.vpcId != vpcId
            }
        }
        guard subnetsByVPC.count > 1 || !foreignGroups.isEmpty || noGroups else { return nil }
        return Explain.invalidVPCConfig(
            function, subnetsByVPC: subnetsByVPC, foreignGroups: foreignGroups, noGroups: noGroups, network: network)
    }

    /// What only an answer about CloudWatch Logs adds to the function-level checks: whether
    /// the role may write logs. Its blocker and note come after all the others.
    func logsBlockers(_ function: LambdaFunction, notes: inout [String]) -> [Blocker] {
        guard network.accountsWithIAMData.contains(function.accountId), let roleArn = function.roleArn else {
            notes.append(
                "No IAM data was imported for account \(function.accountId): whether the execution role may write logs (logs:CreateLogStream, logs:PutLogEvents) was not checked. Import `aws iam get-account-authorization-details` to check it."
            )
            return []
        }
        guard let role = network.roles[roleArn] else { return [] }
        let gaps = logsGaps(function, role: role)
        if let note = Self.unexportedPoliciesNote(gaps, role: role, checking: "writing logs") { notes.append(note) }
        if let note = Self.unknownBoundaryNote(gaps, role: role, checking: "writing logs") { notes.append(note) }
        notes += Self.conditionsNotes(gaps, role: role)
        return gaps.isEmpty ? [] : [Explain.roleMissingLogsPermissions(role, gaps: gaps, function: function)]
    }

    /// What `role` lacks of the logs permissions on `function`'s log group.
    func logsGaps(_ function: LambdaFunction, role: Role) -> PermissionGaps {
        permissionGaps(
            Self.logsActions, role: role, context: Self.requestContext(of: function, role: role, forLogs: true)
        ) {
            Self.logGroupResource(of: function, action: $0)
        }
    }

    /// `functionFacts(function, target: .logs)`, from the facts of `function` for any other
    /// target: the logs checks are added, the others not run again.
    func logsFacts(adding facts: FunctionFacts, of function: LambdaFunction) -> FunctionFacts {
        var facts = facts
        facts.blockers += logsBlockers(function, notes: &facts.notes)
        return facts
    }
}

extension Solver {
    // MARK: - No VpcConfig

    func outsideVPC(_ context: Context, trace: inout Trace, notes: inout [String]) {
        let function = context.function
        switch context.target {
        case .logs:
            trace.hop(.lambdaService(.logsWithoutVPC))
        case .internet, .awsService:
            trace.hop(.lambdaService(.noVPCConfig))
            let service: String? = if case .awsService(let name) = context.target { name } else { nil }
            trace.hop(.publicDestination(label: context.target.description, .endpoint(service: service)))
        case .address(let address, _):
            if AddressSet.publicInternet.contains(address) {
                trace.hop(.lambdaService(.noVPCConfig))
                trace.hop(.publicDestination(label: address.description, .address))
            } else {
                trace.block(Explain.notInVPC(function, target: context.target, database: nil, network: network))
            }
        case .internet6, .address6:
            trace.block(ExplainIPv6.notAllowed(function))
        case .database(let identifier):
            if let database = context.database, database.subnetIds.isEmpty == false {
                trace.block(Explain.notInVPC(function, target: context.target, database: database, network: network))
            } else {
                trace.block(
                    Explain.notInVPC(
                        function, target: .database(identifier), database: context.database, network: network))
            }
        }
    }
}
