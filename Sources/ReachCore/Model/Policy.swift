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
        /// True when the statement applies to every principal (`"*"` or `{"AWS": "*"}`), or
        /// names no principal (identity policies).
        public var anyPrincipal: Bool
        public var hasConditions: Bool

        public init(
            allow: Bool, actions: [String], notActions: [String] = [], resources: [String] = ["*"],
            anyPrincipal: Bool = true, hasConditions: Bool = false
        ) {
            self.allow = allow
            self.actions = actions
            self.notActions = notActions
            self.resources = resources
            self.anyPrincipal = anyPrincipal
            self.hasConditions = hasConditions
        }

        func matches(action: String) -> Bool {
            if !notActions.isEmpty { return !notActions.contains { wildcardMatch($0, action) } }
            return actions.contains { wildcardMatch($0, action) }
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
        let statements = documents.flatMap(\.statements)
        let denied = statements.contains { !$0.allow && !$0.hasConditions && $0.matches(action: action) }
        if denied { return false }
        return statements.contains { $0.allow && $0.matches(action: action) }
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
