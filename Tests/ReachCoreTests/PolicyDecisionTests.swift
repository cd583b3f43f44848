import ReachCore
import Testing

/// IAM's decision over a role's identity policies, as the logs and ENI checks ask it: an explicit
/// Deny overrides every Allow (a managed policy's grant by name included), no applicable Allow is
/// an implicit deny, and statements count only for the resource they name.
@Suite("Policy decisions: explicit Deny, implicit deny, and the resource a statement names")
struct PolicyDecisionTests {
    static let group = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/orders-api"
    /// The log group as the logs check names it for PutLogEvents (a stream of it) and CreateLogStream.
    static let putEvents = PolicyDocument.RequestResource(
        exact: ["\(group):log-stream:2000/01/01/[$LATEST]0"], allowedAs: [group, "\(group):*", "\(group):log-stream:x"])
    static let createStream = PolicyDocument.RequestResource(
        exact: [group, "\(group):*"], allowedAs: [group, "\(group):*", "\(group):log-stream:x"])

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
        for resource in [Self.group, "\(Self.group):*", "arn:aws:logs:*:*:log-group:/aws/lambda/*", "*"] {
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
}
