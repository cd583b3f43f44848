/// An IAM or endpoint policy, reduced to what lambda-reach evaluates: effects, actions,
/// resources and principals. Of conditions, only those whose value the call's context decides
/// are evaluated (`aws:PrincipalArn` and `aws:PrincipalAccount`, the calling role's;
/// `aws:RequestedRegion`, where the call goes, when it is known); a statement with other
/// conditions is remembered so that an answer can say so.
public struct PolicyDocument: Sendable, Hashable {
    /// One condition of a statement: `"StringEquals": {"aws:PrincipalArn": [...]}` is the
    /// operator `StringEquals`, the key `aws:PrincipalArn` and its values.
    public struct Condition: Sendable, Hashable {
        public var operation: String
        public var key: String
        public var values: [String]

        public init(operation: String, key: String, values: [String]) {
            self.operation = operation
            self.key = key
            self.values = values
        }

        /// Whether a condition key is one whose value a function's role decides.
        var isAboutPrincipal: Bool {
            let lower = key.lowercased()
            return lower == "aws:principalarn" || lower == "aws:principalaccount"
        }

        /// Whether the condition holds for a call by `role`; nil when its key or operator is not
        /// one lambda-reach evaluates. For a role session, `aws:PrincipalArn` is the role's ARN.
        func holds(for role: CallingRole) -> Bool? {
            holds(in: RequestContext(role: role))
        }

        /// Whether the condition holds for a call in `context`; nil when its key is not one the
        /// context decides, or its operator is not one lambda-reach evaluates for it.
        func holds(in context: RequestContext) -> Bool? {
            // The keys evaluated are single-valued: the set operators read as the plain operator,
            // except on a key the call lacks.
            var name = operation.lowercased()
            var setOperator: String?
            for prefix in ["foranyvalue:", "forallvalues:"] where name.hasPrefix(prefix) {
                name.removeFirst(prefix.count)
                setOperator = prefix
            }
            guard let value = context.value(of: key.lowercased()) else { return nil }
            guard case .present(let present) = value else {
                // A key the request does not carry. AWS: "If the key that you specify in a policy
                // condition is not present in the request context, the values do not match and
                // the condition is false. If the policy condition requires that the key is not
                // matched, such as StringNotLike or ArnNotLike, and the right key is not present,
                // the condition is true", except for Null and the IfExists forms; ForAllValues
                // "also returns true if there are no context keys in the request".
                if name == "null" { return values.contains { $0.lowercased() == "true" } }
                if name.hasSuffix("ifexists") { return true }
                if setOperator == "forallvalues:" { return true }
                if setOperator == "foranyvalue:" { return false }
                if Self.negatedOperators.contains(name) { return true }
                return Self.matchingOperators.contains(name) ? false : nil
            }
            // The key is present in such a call: IfExists reads as the plain operator, and Null
            // holds for "false".
            if name == "null" { return values.contains { $0.lowercased() == "false" } }
            if name.hasSuffix("ifexists") { name.removeLast("ifexists".count) }
            switch present {
            case .text(let value, let isARN): return holds(name, text: value, isARN: isARN)
            case .addressOfAWSService: return holds(name, addressOfAWSService: ())
            case .boolean(let value): return name == "bool" ? values.contains { $0.lowercased() == "\(value)" } : nil
            }
        }

        /// The operators that match a value (false on a key the call lacks).
        static let matchingOperators: Set<String> = [
            "stringequals", "stringequalsignorecase", "stringlike", "arnequals", "arnlike", "numericequals",
            "numericlessthan", "numericlessthanequals", "numericgreaterthan", "numericgreaterthanequals",
            "dateequals", "datelessthan", "datelessthanequals", "dategreaterthan", "dategreaterthanequals", "bool",
            "binaryequals", "ipaddress",
        ]
        /// The negated operators (true on a key the call lacks).
        static let negatedOperators: Set<String> = [
            "stringnotequals", "stringnotequalsignorecase", "stringnotlike", "arnnotequals", "arnnotlike",
            "numericnotequals", "datenotequals", "notipaddress",
        ]

        /// A string or ARN operator `name` (IfExists and set prefixes taken off) on `value`.
        private func holds(_ name: String, text value: String, isARN: Bool) -> Bool? {
            let like = { values.contains { wildcardMatch($0, value, caseInsensitive: false) } }
            switch name {
            case "stringequals": return values.contains(value)
            case "stringequalsignorecase": return values.contains { $0.lowercased() == value.lowercased() }
            case "stringlike": return like()
            // ArnEquals and ArnLike both take wildcards in each part of the ARN.
            case "arnlike", "arnequals": return isARN ? like() : nil
            case "stringnotequals": return !values.contains(value)
            case "stringnotequalsignorecase": return !values.contains { $0.lowercased() == value.lowercased() }
            case "stringnotlike": return !like()
            case "arnnotlike", "arnnotequals": return isARN ? !like() : nil
            default: return nil
            }
        }

        /// An IP operator on `aws:SourceIp` when the call comes from an address of the AWS service
        /// that makes it, which is not known: lambda-reach reads the listed ranges as the
        /// customer's own networks, which take in the service's addresses only when one of them
        /// takes in every address (`0.0.0.0/0`, `::/0`). A value that is not an address or a range
        /// leaves the condition unevaluated.
        private func holds(_ name: String, addressOfAWSService: Void) -> Bool? {
            guard name == "ipaddress" || name == "notipaddress" else { return nil }
            var everything = false
            for value in values {
                let text = value.trimmingCharacters(in: .whitespaces)
                if text == "0.0.0.0/0" || text == "::/0" {
                    everything = true
                } else if IPv4CIDR(text) == nil && IPv4Address(text) == nil && IPv6CIDR(text) == nil
                    && IPv6Address(text) == nil
                {
                    return nil
                }
            }
            return name == "ipaddress" ? everything : !everything
        }
    }

    /// What a call's context gives the condition keys lambda-reach evaluates.
    public struct RequestContext: Sendable, Hashable {
        /// The calling role (`aws:PrincipalArn`, `aws:PrincipalAccount`).
        public var role: CallingRole?
        /// The region the call goes to (`aws:RequestedRegion`).
        public var requestedRegion: String?
        /// Keys (lowercased) the call does not carry at all: `Null` tests them, and the other
        /// operators are decided as AWS decides them on a missing key.
        public var absentKeys: Set<String>
        /// Other keys (lowercased) the call carries, with their values.
        public var values: [String: Value]

        /// What a key the call carries holds, as far as lambda-reach knows it.
        public enum Value: Sendable, Hashable {
            /// A string (an ARN when `isARN`: the ARN operators apply to it).
            case text(String, isARN: Bool)
            /// `aws:SourceIp` of a call an AWS service makes itself (with a service role, as Lambda
            /// uses a function's execution role): an address of the service, not known, never one
            /// of the customer's networks (AWS: the target service "sees the IP address of the
            /// calling service").
            case addressOfAWSService
            /// A Boolean key (`aws:ViaAWSService`, `aws:PrincipalIsAWSService`): the `Bool`
            /// operator compares it with the policy's `"true"` or `"false"`.
            case boolean(Bool)
        }

        /// A key's place in a call: absent, or present with a value.
        enum KeyValue: Sendable, Hashable {
            case absent
            case present(Value)
        }

        public init(
            role: CallingRole? = nil, requestedRegion: String? = nil, absentKeys: Set<String> = [],
            values: [String: Value] = [:]
        ) {
            self.role = role
            self.requestedRegion = requestedRegion
            self.absentKeys = absentKeys
            self.values = values
        }

        /// What the call gives `key` (lowercased); nil when the context does not decide it.
        func value(of key: String) -> KeyValue? {
            if absentKeys.contains(key) { return .absent }
            switch key {
            case "aws:principalarn": return role.map { .present(.text($0.arn, isARN: true)) }
            case "aws:principalaccount": return role.map { .present(.text($0.accountId, isARN: false)) }
            case "aws:requestedregion": return requestedRegion.map { .present(.text($0, isARN: false)) }
            default: return values[key].map { .present($0) }
            }
        }

        /// The keys a request carries only when it comes through a VPC endpoint ("aws:SourceVpc
        /// and aws:SourceVpce are included only if the requester uses a VPC endpoint"): the calls
        /// Lambda makes itself with a function's role never do.
        public static let vpcEndpointKeys: Set<String> = [
            "aws:sourcevpc", "aws:sourcevpce", "aws:sourcevpcarn", "aws:vpcsourceip",
        ]

        /// The keys a request carries only when a service makes it with the principal's own
        /// credentials (aws:CalledVia: "not present if the service uses a service role"): the
        /// calls Lambda makes itself with a function's execution role never do.
        public static let forwardedCallKeys: Set<String> = [
            "aws:calledvia", "aws:calledviafirst", "aws:calledvialast",
        ]

        /// The Boolean keys every call by a function's execution role carries, both false. AWS's
        /// global condition keys: `aws:PrincipalIsAWSService` is in the context of every signed
        /// request and true only when an AWS service principal (`cloudtrail.amazonaws.com`) calls
        /// with its own identity; the role is an IAM principal. `aws:ViaAWSService` is true only
        /// for a forward access session (a service calling on with the caller's credentials) and
        /// "returns false if the service uses a service role", which is how Lambda calls with the
        /// role, and the function's own code calls directly.
        public static let executionRoleFlags: [String: Value] = [
            "aws:principalisawsservice": .boolean(false), "aws:viaawsservice": .boolean(false),
        ]

        /// The context of a call through VPC endpoint `endpointId` of `vpcId`: it carries the
        /// endpoint and its VPC (`aws:SourceVpce`, `aws:SourceVpc`), and no `aws:SourceIp` (AWS:
        /// "If the request comes from a host that uses an Amazon VPC endpoint, then the
        /// aws:SourceIp key is not available").
        public static func throughEndpoint(_ endpointId: String, vpcId: String, role: CallingRole?) -> RequestContext {
            RequestContext(
                role: role, absentKeys: ["aws:sourceip"],
                values: executionRoleFlags.merging([
                    "aws:sourcevpce": .text(endpointId, isARN: false), "aws:sourcevpc": .text(vpcId, isARN: false),
                ]) { $1 })
        }
    }

    /// Who makes a call through an endpoint: a function's execution role.
    public struct CallingRole: Sendable, Hashable {
        public var arn: String
        public var accountId: String
        /// `arn:PARTITION:iam::ACCOUNT:root`, the account as a principal.
        public var accountRoot: String

        /// The role of `roleArn` (`arn:aws:iam::ACCOUNT:role/NAME`); nil when it is not a role ARN.
        public init?(roleArn: String) {
            let parts = roleArn.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count >= 6, parts[0] == "arn", parts[2] == "iam", !parts[4].isEmpty else { return nil }
            arn = roleArn
            accountId = String(parts[4])
            accountRoot = "arn:\(parts[1]):iam::\(parts[4]):root"
        }
    }

    /// One statement of a policy.
    public struct Statement: Sendable, Hashable {
        public var allow: Bool
        public var actions: [String]
        public var notActions: [String]
        public var resources: [String]
        /// `NotResource`: the statement covers every resource but these.
        public var notResources: [String]
        /// True when the statement applies to every principal (`"*"` or `{"AWS": "*"}`), or
        /// names no principal (identity policies).
        public var anyPrincipal: Bool
        /// The AWS principals it names otherwise (role ARNs, account IDs or root ARNs); a
        /// service principal is none of them and matches no role.
        public var principals: [String]
        public var hasConditions: Bool
        /// Its conditions, one per operator and key.
        public var conditions: [Condition]

        public init(
            allow: Bool, actions: [String], notActions: [String] = [], resources: [String] = ["*"],
            notResources: [String] = [], anyPrincipal: Bool = true, principals: [String] = [],
            hasConditions: Bool = false, conditions: [Condition] = []
        ) {
            self.allow = allow
            self.actions = actions
            self.notActions = notActions
            self.resources = resources
            self.notResources = notResources
            self.anyPrincipal = anyPrincipal
            self.principals = principals
            self.hasConditions = hasConditions || !conditions.isEmpty
            self.conditions = conditions
        }

        /// Whether the statement is about calls by `role`: it names any principal, the role,
        /// or the role's account.
        func applies(to role: CallingRole) -> Bool {
            anyPrincipal || principals.contains { $0 == role.arn || $0 == role.accountId || $0 == role.accountRoot }
        }

        /// Whether its conditions hold for a call by `role`: false when one is known not to,
        /// nil when one cannot be evaluated and none is known false, else true.
        func conditionsHold(for role: CallingRole) -> Bool? {
            conditionsHold(in: RequestContext(role: role))
        }

        /// Whether its conditions hold for a call in `context` (all of them must): false when one
        /// is known not to, nil when one cannot be evaluated and none is known false, else true.
        func conditionsHold(in context: RequestContext) -> Bool? {
            guard hasConditions else { return true }
            // A statement known to have conditions, with none parsed, cannot be evaluated.
            guard !conditions.isEmpty else { return nil }
            var unknown = false
            for condition in conditions {
                switch condition.holds(in: context) {
                case false?: return false
                case nil: unknown = true
                case true?: break
                }
            }
            return unknown ? nil : true
        }

        /// The keys of its conditions that cannot be evaluated in `context`.
        func unevaluatedConditionKeys(in context: RequestContext) -> [String] {
            guard hasConditions else { return [] }
            guard !conditions.isEmpty else { return ["Condition"] }
            return conditions.filter { $0.holds(in: context) == nil }.map(\.key)
        }

        /// Whether the statement is about every action of `servicePrefix` (e.g. `s3`): its Action
        /// names `*` or `PREFIX:*`; or it is written with NotAction, which is about every action
        /// but those listed, and none listed may name an action of the service (a Deny of
        /// `"NotAction": "s3:*"` denies all of Secrets Manager's).
        func namesEveryAction(ofService servicePrefix: String) -> Bool {
            if notActions.isEmpty { return actions.contains { PolicyDocument.namesWholeService($0, servicePrefix) } }
            let prefix = servicePrefix.lowercased() + ":"
            return !notActions.contains { wildcardMatchesSome($0.lowercased(), after: prefix) }
        }

        func matches(action: String) -> Bool {
            if !notActions.isEmpty { return !notActions.contains { wildcardMatch($0, action) } }
            return actions.contains { wildcardMatch($0, action) }
        }

        /// Whether the statement names `resource` (one resource of a request; nil: a resource not
        /// known, which every statement is taken to name). An Allow counts when it may name it
        /// (its Resource matches some ARN the resource can have, or its NotResource does not spare
        /// every one); a Deny applies when it names it for certain (its Resource matches every
        /// such ARN, or its NotResource can spare none): where an identifier is not known, a grant
        /// is kept and a denial not assumed. ARNs match case-sensitively, as IAM matches them.
        func covers(_ resource: RequestResource.Name?) -> Bool {
            guard let resource else { return true }
            if !notResources.isEmpty {
                return allow
                    ? !notResources.contains { resource.isMatchedInFull(by: $0) }
                    : !notResources.contains { resource.mayBeMatched(by: $0) }
            }
            return allow
                ? resources.contains { resource.mayBeMatched(by: $0) }
                : resources.contains { resource.isMatchedInFull(by: $0) }
        }
    }

    /// What identity policies together decide about one action.
    public enum Decision: Sendable, Hashable {
        case allowed
        /// No statement allows it: an implicit deny.
        case notAllowed
        /// A statement without conditions denies it: no Allow can override that.
        case denied
    }

    /// The resources a request is authorised against, by their ARNs, as the Service
    /// Authorization Reference lists them for the action: every one must be allowed, and a Deny
    /// that names any one of them applies to the request. An action that supports no resource
    /// type is authorised against `*`, which only a statement whose Resource is `*` names.
    public struct RequestResource: Sendable, Hashable {
        /// One resource of a request.
        public enum Name: Sendable, Hashable {
            /// An ARN known in full, or `*`.
            case arn(String)
            /// An ARN known up to an identifier the inventory does not hold (a network interface
            /// Lambda creates, a log stream Lambda names by date and instance): the ARN is this
            /// prefix followed by some identifier, not empty and without `:`.
            case anyIdentifier(after: String)

            /// Whether a policy's ARN pattern may match this resource's ARN (for some identifier).
            func mayBeMatched(by pattern: String) -> Bool {
                switch self {
                case .arn(let arn): wildcardMatch(pattern, arn, caseInsensitive: false)
                case .anyIdentifier(let prefix): wildcardMatchesSome(pattern, after: prefix)
                }
            }

            /// Whether a policy's ARN pattern matches this resource's ARN whatever its identifier.
            func isMatchedInFull(by pattern: String) -> Bool {
                switch self {
                case .arn(let arn): wildcardMatch(pattern, arn, caseInsensitive: false)
                case .anyIdentifier(let prefix): wildcardMatchesEvery(pattern, after: prefix)
                }
            }
        }

        public var names: [Name]

        public init(_ names: [Name]) { self.names = names }

        /// A request on resources whose ARNs are known in full.
        public init(arns: [String]) { self.names = arns.map(Name.arn) }
    }

    public var statements: [Statement]

    public init(statements: [Statement]) { self.statements = statements }

    /// An identity-policy decision for `action` on any resource: allowed when some statement
    /// allows it and no statement without conditions denies it.
    public func allows(action: String) -> Bool {
        Self.allows(action: action, in: [self])
    }

    /// The decision over several policies together (a role's inline and attached policies).
    public static func allows(action: String, in documents: [PolicyDocument]) -> Bool {
        decision(action: action, in: documents) == .allowed
    }

    /// The decision over several identity policies together on `action`, for `resource` (nil:
    /// any), its conditions not evaluated: `evaluate(...)`'s decision without a context.
    public static func decision(
        action: String, in documents: [PolicyDocument], resource: RequestResource? = nil, granted: Bool = false
    ) -> Decision {
        evaluate(action: action, in: documents, resource: resource, granted: granted).decision
    }

    /// What identity policies together decide about a call, and what the decision rests on.
    public struct Evaluation: Sendable, Hashable {
        public var decision: Decision
        /// Condition keys not evaluated that the grant rests on: an Allow taken to hold.
        public var allowKeysNotEvaluated: [String]
        /// Condition keys not evaluated of a Deny that may apply: it is taken not to.
        public var denyKeysNotEvaluated: [String]
        /// When denied: the condition keys (as the policy writes them) of the Deny that applies,
        /// whose conditions all hold for the call; none for a Deny without conditions.
        public var denyingKeys: [String]

        public init(
            decision: Decision, allowKeysNotEvaluated: [String] = [], denyKeysNotEvaluated: [String] = [],
            denyingKeys: [String] = []
        ) {
            self.decision = decision
            self.allowKeysNotEvaluated = allowKeysNotEvaluated
            self.denyKeysNotEvaluated = denyKeysNotEvaluated
            self.denyingKeys = denyingKeys
        }
    }

    /// The decision over several identity policies together on `action`, for `resource` (nil:
    /// any), in `context`: denied when a statement denies it on one of the request's resources
    /// and its conditions hold (IAM: an explicit Deny overrides every Allow); else allowed when
    /// `granted` (a managed policy known by name grants it, on every resource) or when each of
    /// the request's resources is named by a statement that allows the action and whose
    /// conditions may hold; else not allowed (an implicit deny). A statement whose conditions
    /// cannot be evaluated in `context` is taken to hold for an Allow and not for a Deny, and
    /// the evaluation names their keys, for an answer to say so.
    public static func evaluate(
        action: String, in documents: [PolicyDocument], resource: RequestResource? = nil, granted: Bool = false,
        context: RequestContext = RequestContext()
    ) -> Evaluation {
        let statements = documents.flatMap(\.statements)
        let names: [RequestResource.Name?] = resource?.names ?? [nil]
        var denyKeys: Set<String> = []
        for statement in statements where !statement.allow && statement.matches(action: action) {
            guard names.contains(where: { statement.covers($0) }) else { continue }
            switch statement.conditionsHold(in: context) {
            case true?: return Evaluation(decision: .denied, denyingKeys: statement.conditions.map(\.key))
            case nil: denyKeys.formUnion(statement.unevaluatedConditionKeys(in: context))
            case false?: break
            }
        }
        if granted { return Evaluation(decision: .allowed, denyKeysNotEvaluated: denyKeys.sorted()) }
        var allowKeys: Set<String> = []
        for name in names {
            var keys: Set<String> = []
            var allowed = false
            for statement in statements
            where statement.allow && statement.matches(action: action) && statement.covers(name) {
                switch statement.conditionsHold(in: context) {
                case true?: allowed = true
                case nil: keys.formUnion(statement.unevaluatedConditionKeys(in: context))
                case false?: continue
                }
                if allowed { break }
            }
            if allowed { continue }
            // Only Allows whose conditions were not evaluated name this resource, if any.
            if keys.isEmpty { return Evaluation(decision: .notAllowed) }
            allowKeys.formUnion(keys)
        }
        return Evaluation(
            decision: .allowed, allowKeysNotEvaluated: allowKeys.sorted(), denyKeysNotEvaluated: denyKeys.sorted())
    }

    /// For an endpoint policy: whether some call to `servicePrefix` (e.g. `s3`) by any
    /// principal can be allowed. A policy that denies every action of the service without
    /// conditions, or allows none of them, blocks the endpoint.
    public func admitsAnyCall(toService servicePrefix: String) -> Bool {
        admitsCall(toService: servicePrefix, by: nil).admits
    }

    /// What an endpoint policy decides about calls to `servicePrefix` through the endpoint.
    public struct EndpointDecision: Sendable, Hashable {
        /// Whether some call to the service can be allowed.
        public var admits: Bool
        /// Whether a Deny of every action of the service applies (else, when not admitted, no
        /// Allow does: an implicit deny).
        public var denied: Bool
        /// Whether that rests on conditions that are not evaluated: an Allow whose conditions
        /// may not hold, or a Deny of the whole service whose conditions may.
        public var unevaluatedConditions: Bool
        /// When not admitted, the condition keys (as the policy writes them) that decided: the
        /// applying Deny's, or those of the Allows' conditions that do not hold for the call.
        public var decidingKeys: [String]

        public init(admits: Bool, denied: Bool, unevaluatedConditions: Bool, decidingKeys: [String] = []) {
            self.admits = admits
            self.denied = denied
            self.unevaluatedConditions = unevaluatedConditions
            self.decidingKeys = decidingKeys
        }
    }

    /// For an endpoint policy: whether `role` (nil: any principal) can make some call to
    /// `servicePrefix` through the endpoint, its conditions evaluated for the principal only.
    public func admitsCall(toService servicePrefix: String, by role: CallingRole?) -> EndpointDecision {
        admitsCall(toService: servicePrefix, in: RequestContext(role: role))
    }

    /// For an endpoint policy: whether the call of `context` (its role nil: any principal's)
    /// can be made to `servicePrefix` through the endpoint. Blocked by a Deny of every action of
    /// the service that applies to the role and whose conditions hold, or when no Allow applies
    /// to the role with conditions that may hold (IAM: without an applicable Allow, an implicit
    /// deny). An endpoint policy names the principals it admits (`"*"`, or a gateway endpoint's
    /// `aws:PrincipalArn` condition, as AWS advises for those). Without a role, a Deny counts only
    /// when it names every principal and its conditions hold.
    public func admitsCall(toService servicePrefix: String, in context: RequestContext) -> EndpointDecision {
        let role = context.role
        var unevaluated = false
        for statement in statements where !statement.allow {
            guard statement.resources.contains("*"), statement.namesEveryAction(ofService: servicePrefix) else {
                continue
            }
            let applies: Bool
            if let role {
                guard statement.applies(to: role) else { continue }
                switch statement.conditionsHold(in: context) {
                case true?: applies = true
                case false?: applies = false
                case nil:
                    unevaluated = true
                    applies = false
                }
            } else {
                applies = statement.anyPrincipal && statement.conditionsHold(in: context) == true
            }
            if applies {
                return EndpointDecision(
                    admits: false, denied: true, unevaluatedConditions: false,
                    decidingKeys: statement.conditions.map(\.key))
            }
        }
        // One pass, no array: every walk to an endpoint asks this.
        var admits = false
        var certain = false
        var falseKeys: [String] = []
        for statement in statements where statement.allow {
            // A NotAction statement allows every action but those: none of the service's when
            // it names them all.
            let coversService =
                statement.notActions.isEmpty
                ? statement.actions.contains { actionPattern in
                    let lower = actionPattern.lowercased()
                    return lower == "*" || lower.hasPrefix(servicePrefix.lowercased() + ":")
                } : !statement.notActions.contains { covers($0, servicePrefix) }
            guard coversService else { continue }
            if let role, !statement.applies(to: role) { continue }
            let holds = statement.conditionsHold(in: context)
            if holds == false {
                for condition in statement.conditions where condition.holds(in: context) == false {
                    if !falseKeys.contains(condition.key) { falseKeys.append(condition.key) }
                }
                continue
            }
            admits = true
            // Admitted for certain when one Allow holds without a condition left unevaluated.
            if holds == true {
                certain = true
                break
            }
        }
        return EndpointDecision(
            admits: admits, denied: false, unevaluatedConditions: unevaluated || (admits && !certain),
            decidingKeys: admits ? [] : falseKeys)
    }

    /// Whether the decision of this endpoint policy can differ from one role to another: a
    /// statement names principals, or has a condition on who calls.
    public var dependsOnPrincipal: Bool {
        statements.contains { statement in
            !statement.anyPrincipal || statement.conditions.contains(where: \.isAboutPrincipal)
        }
    }

    private func covers(_ pattern: String, _ servicePrefix: String) -> Bool {
        Self.namesWholeService(pattern, servicePrefix)
    }

    /// Whether an action pattern names every action of `servicePrefix`: `*` or `PREFIX:*`.
    static func namesWholeService(_ pattern: String, _ servicePrefix: String) -> Bool {
        let lower = pattern.lowercased()
        return lower == "*" || lower == "\(servicePrefix.lowercased()):*"
    }
}

/// Wildcard matching (`*` any run, `?` one character), with backtracking on the last `*`.
/// Case-insensitive by default, as IAM actions are; function-name globs match case-sensitively.
public func wildcardMatch(_ pattern: String, _ text: String, caseInsensitive: Bool = true) -> Bool {
    let p = Array((caseInsensitive ? pattern.lowercased() : pattern).utf8)
    let t = Array((caseInsensitive ? text.lowercased() : text).utf8)
    var pi = 0
    var ti = 0
    var star = -1
    var mark = 0
    while ti < t.count {
        if pi < p.count && (p[pi] == UInt8(ascii: "?") || p[pi] == t[ti]) {
            pi += 1
            ti += 1
        } else if pi < p.count && p[pi] == UInt8(ascii: "*") {
            star = pi
            mark = ti
            pi += 1
        } else if star >= 0 {
            pi = star + 1
            mark += 1
            ti = mark
        } else {
            return false
        }
    }
    while pi < p.count && p[pi] == UInt8(ascii: "*") { pi += 1 }
    return pi == p.count
}

/// Whether `pattern` matches some text made of `prefix` and an identifier: a resource named up
/// to an identifier not known, which is not empty and holds no `:` (the separator of an ARN's
/// parts: a network interface's ID and a log stream's name have none). Read `prefix` through the
/// pattern; some way through it must be left that takes at least one character and no `:`.
/// Case-sensitive, as ARNs are matched.
func wildcardMatchesSome(_ pattern: String, after prefix: String) -> Bool {
    let p = Array(pattern.utf8)
    let colon = UInt8(ascii: ":")
    return wildcardPositions(p, after: Array(prefix.utf8)).contains { position in
        position < p.count && !p[position...].contains(colon)
    }
}

/// Whether `pattern` matches every text made of `prefix` and an identifier (as above): once
/// `prefix` is read, the rest of some way through the pattern is `*`s only. (Several ways
/// together may cover every identifier in corner cases; they are not taken to, which keeps a
/// Deny from being assumed.)
func wildcardMatchesEvery(_ pattern: String, after prefix: String) -> Bool {
    let p = Array(pattern.utf8)
    let star = UInt8(ascii: "*")
    return wildcardPositions(p, after: Array(prefix.utf8)).contains { position in
        position < p.count && p[position...].allSatisfy { $0 == star }
    }
}

/// The places in pattern `p` that reading `text` from its start can reach (`*` any run, `?` one
/// character), each followed past the `*`s that may match nothing.
private func wildcardPositions(_ p: [UInt8], after text: [UInt8]) -> Set<Int> {
    let star = UInt8(ascii: "*")
    let any = UInt8(ascii: "?")
    func closure(_ positions: Set<Int>) -> Set<Int> {
        var out = positions
        for var position in positions {
            while position < p.count && p[position] == star {
                position += 1
                out.insert(position)
            }
        }
        return out
    }
    var positions = closure([0])
    for character in text {
        var next = Set<Int>()
        for position in positions where position < p.count {
            if p[position] == star {
                next.insert(position)
            } else if p[position] == any || p[position] == character {
                next.insert(position + 1)
            }
        }
        positions = closure(next)
        if positions.isEmpty { break }
    }
    return positions
}
