/// An IAM or endpoint policy, reduced to what lambda-reach evaluates: effects, actions and
/// resources. Conditions are not evaluated; a statement with conditions is remembered so that
/// an answer can say so.
public struct PolicyDocument: Sendable, Hashable {
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
        public var hasConditions: Bool

        public init(
            allow: Bool, actions: [String], notActions: [String] = [], resources: [String] = ["*"],
            notResources: [String] = [], anyPrincipal: Bool = true, hasConditions: Bool = false
        ) {
            self.allow = allow
            self.actions = actions
            self.notActions = notActions
            self.resources = resources
            self.notResources = notResources
            self.anyPrincipal = anyPrincipal
            self.hasConditions = hasConditions
        }

        func matches(action: String) -> Bool {
            if !notActions.isEmpty { return !notActions.contains { wildcardMatch($0, action) } }
            return actions.contains { wildcardMatch($0, action) }
        }

        /// Whether the statement covers `resource` (nil: a resource not known, which every
        /// statement is taken to cover), given the ARNs it is named by. An Allow counts when
        /// its Resource names one of them, or its NotResource spares one; a Deny applies when
        /// its Resource names one the action is authorised against, or its NotResource spares
        /// none of them: where the forms leave doubt, a grant is kept and a denial not assumed.
        /// ARNs match case-sensitively, as IAM matches them.
        func covers(_ resource: RequestResource?) -> Bool {
            guard let resource else { return true }
            func named(_ name: String, by patterns: [String]) -> Bool {
                patterns.contains { wildcardMatch($0, name, caseInsensitive: false) }
            }
            if !notResources.isEmpty {
                return allow
                    ? resource.allowedAs.contains { !named($0, by: notResources) }
                    : resource.allowedAs.allSatisfy { !named($0, by: notResources) }
            }
            return (allow ? resource.allowedAs : resource.exact).contains { named($0, by: resources) }
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

    /// The resource a request is authorised against, by the ARNs under which policies name it.
    public struct RequestResource: Sendable, Hashable {
        /// The ARNs the action is authorised against: a Deny that covers one of these applies.
        public var exact: [String]
        /// These and the other ARNs a policy commonly names the same resource by (CloudWatch
        /// Logs' `log-group:NAME:*` for a log group): an Allow that covers one of these counts,
        /// so that a grant written in a usual form is never missed.
        public var allowedAs: [String]

        public init(exact: [String], allowedAs: [String]) {
            self.exact = exact
            self.allowedAs = allowedAs
        }
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
    /// any): denied when a statement without conditions denies it (IAM: an explicit Deny
    /// overrides every Allow), else allowed when a statement allows it or `granted` (a managed
    /// policy known by name grants it, on every resource), else not allowed. A Deny with
    /// conditions is not applied: its conditions are not evaluated.
    public static func decision(
        action: String, in documents: [PolicyDocument], resource: RequestResource? = nil, granted: Bool = false
    ) -> Decision {
        let statements = documents.flatMap(\.statements)
        let denied = statements.contains {
            !$0.allow && !$0.hasConditions && $0.matches(action: action) && $0.covers(resource)
        }
        if denied { return .denied }
        if granted { return .allowed }
        let allowed = statements.contains {
            $0.allow && $0.matches(action: action) && $0.covers(resource)
        }
        return allowed ? .allowed : .notAllowed
    }

    /// For an endpoint policy: whether some call to `servicePrefix` (e.g. `s3`) by any
    /// principal can be allowed. A policy that denies every action of the service without
    /// conditions, or allows none of them, blocks the endpoint.
    public func admitsAnyCall(toService servicePrefix: String) -> Bool {
        let probe = "\(servicePrefix):*"
        let blanketDeny = statements.contains { statement in
            !statement.allow && !statement.hasConditions && statement.anyPrincipal
                && statement.resources.contains("*")
                && (statement.notActions.isEmpty
                    ? statement.actions.contains { wildcardMatch($0, probe) && covers($0, servicePrefix) }
                    : false)
        }
        if blanketDeny { return false }
        return statements.contains { statement in
            statement.allow
                && (statement.notActions.isEmpty
                    ? statement.actions.contains { actionPattern in
                        let lower = actionPattern.lowercased()
                        return lower == "*" || lower.hasPrefix(servicePrefix.lowercased() + ":")
                    }
                    : true)
        }
    }

    private func covers(_ pattern: String, _ servicePrefix: String) -> Bool {
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
