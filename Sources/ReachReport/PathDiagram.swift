import ReachCore

/// An answer drawn as a graph: the function, then per subnet a lane with the chain of
/// components its traffic crosses (subnet, security groups, network ACL, route table, NAT
/// gateway, endpoint, peering, transit gateway, internet gateway, destination), and each
/// blocker marked where it blocks.
///
/// One model for every drawing: Mermaid (`mermaid()`), Graphviz DOT (`dot()`) and the SVG of
/// the HTML audit (`svg(idPrefix:)`) only escape and place what is decided here (which nodes,
/// in which order, what they say, which are marked), so the three always show the same path.
///
/// ```swift
/// let diagram = PathDiagram(answer)
/// print(diagram.mermaid())
/// ```
public struct PathDiagram: Sendable, Hashable {
    /// How a node is drawn: by what the component does to the traffic.
    public enum Shape: Sendable, Hashable {
        /// The Lambda function asked about.
        case function
        /// The function's subnet (its network interface), or the destination's own subnet.
        case subnet
        /// Security groups and network ACLs: rules that let traffic through or not.
        case filter
        /// Route tables, a VPC's and a transit gateway's.
        case router
        /// What carries traffic on: NAT and internet gateways, endpoints, peerings, transit
        /// gateways and their attachments, Lambda's own network.
        case gateway
        /// A database.
        case database
        /// Where the traffic ends: the internet, an AWS service, a network interface.
        case destination
        /// A component that blocks but is not on the path walked.
        case blocker
    }

    /// A blocker, marked at its component: its code and the words of the answer.
    public struct Mark: Sendable, Hashable {
        public var code: BlockerCode
        /// The blocker's message, whole.
        public var message: String

        public init(code: BlockerCode, message: String) {
            self.code = code
            self.message = message
        }

        /// The message's first sentence: what fits on a node.
        public var summary: String { PathDiagram.firstSentence(of: message) }
    }

    /// One box: a component of the path (consecutive hops at the same component are one box),
    /// the function, or a blocker off the path.
    public struct Node: Sendable, Hashable {
        /// Unique in the diagram, made of letters and digits only: safe in every language.
        public var id: String
        public var shape: Shape
        /// The AWS ID, or the function's name.
        public var title: String
        /// What the component is (`route table`, `NAT gateway`).
        public var caption: String
        /// The rules and routes that let the traffic through, one per hop, in path order.
        public var details: [String]
        /// The blockers at this component.
        public var marks: [Mark]

        public init(
            id: String, shape: Shape, title: String, caption: String, details: [String], marks: [Mark]
        ) {
            self.id = id
            self.shape = shape
            self.title = title
            self.caption = caption
            self.details = details
            self.marks = marks
        }

        /// Whether traffic is blocked here: drawn red.
        public var isBlocked: Bool { !marks.isEmpty }

        /// The label as lines of at most `width` characters: title, caption, each detail in up
        /// to two lines, each mark's code and its summary in up to three. `shortened` says
        /// whether some text did not fit (renderers with tooltips then add the whole text).
        public func lines(width: Int = PathDiagram.lineWidth) -> (lines: [Line], shortened: Bool) {
            var out: [Line] = []
            var shortened = false
            func add(_ text: String, _ style: Line.Style, maxLines: Int) {
                let wrapped = PathDiagram.wrap(text, width: width, maxLines: maxLines)
                shortened = shortened || wrapped.shortened
                out += wrapped.lines.map { Line(text: $0, style: style) }
            }
            add(title, .title, maxLines: 3)
            add(caption, .caption, maxLines: 1)
            for detail in details { add(detail, .detail, maxLines: 2) }
            for mark in marks {
                add(mark.code.rawValue, .code, maxLines: 2)
                add(mark.summary, .message, maxLines: 3)
            }
            return (out, shortened)
        }

        /// Everything the node says, unshortened: a tooltip's text.
        public var fullText: [String] {
            [title, caption] + details + marks.flatMap { [$0.code.rawValue, $0.message] }
        }
    }

    /// One line of a node's label, with what it is, for renderers that style lines apart.
    public struct Line: Sendable, Hashable {
        /// Which part of the label a line is: the AWS ID, what it is, a rule or route, a
        /// blocker's code, or its message.
        public enum Style: Sendable, Hashable { case title, caption, detail, code, message }
        public var text: String
        public var style: Style
    }

    /// An arrow. `blocked`: it leads to a marked node, drawn red (dashed to a blocker off
    /// the path).
    public struct Edge: Sendable, Hashable {
        public var from: String
        public var to: String
        public var blocked: Bool
    }

    /// One subnet of the function: its nodes in path order, the blockers off the path last.
    public struct Lane: Sendable, Hashable {
        /// Unique in the diagram, letters and digits only.
        public var id: String
        public var subnet: String
        public var availabilityZone: String
        public var verdict: Verdict
        public var nodes: [Node]

        /// `subnet-… (us-east-1a): unreachable`.
        public var title: String {
            "\(subnet)\(availabilityZone.isEmpty ? "" : " (\(availabilityZone))"): \(verdict.rawValue)"
        }
    }

    /// The characters a label line holds before it is wrapped.
    public static let lineWidth = 60

    /// `fx-rates -> internet (tcp/443): unreachable`.
    public var title: String
    public var verdict: Verdict
    public var function: Node
    /// Blockers not tied to a subnet (the role, the function's state, its VPC's tenancy)
    /// whose component is not the function itself, chained after the function.
    public var functionBlockers: [Node]
    public var lanes: [Lane]
    /// Every arrow, in drawing order: into each lane and along it, then the function's blockers.
    public var edges: [Edge]

    /// The diagram of `answer`. Words come from `answer.words(of:)`, as every report's do.
    public init(_ answer: Answer) {
        verdict = answer.verdict
        title =
            "\(Terminal.escaped(answer.function)) -> \(Terminal.escaped(answer.target)) (\(Terminal.escaped(answer.ipProtocol))/\(answer.port)): \(answer.verdict.rawValue)"
        function = Node(
            id: "fn", shape: .function, title: Terminal.escaped(answer.function), caption: "Lambda function",
            details: [], marks: [])
        functionBlockers = []
        lanes = []
        edges = []
        for blocker in answer.blockers {
            let mark = Self.mark(blocker, of: answer)
            // A blocker about the function itself (no VpcConfig, its state) marks its node.
            if blocker.component == answer.functionArn || blocker.component == answer.function {
                function.marks.append(mark)
            } else {
                functionBlockers.append(Self.blockerNode(id: "fb\(functionBlockers.count + 1)", blocker, mark))
            }
        }
        for (index, subnet) in answer.subnets.enumerated() {
            lanes.append(Self.lane(id: "s\(index + 1)", subnet, of: answer))
        }
        let blocked = Set(
            ([function] + functionBlockers + lanes.flatMap(\.nodes)).filter(\.isBlocked).map(\.id))
        func connect(_ from: String, _ to: String) {
            edges.append(Edge(from: from, to: to, blocked: blocked.contains(to)))
        }
        for lane in lanes {
            var previous = function.id
            for node in lane.nodes {
                connect(previous, node.id)
                previous = node.id
            }
        }
        var previous = function.id
        for node in functionBlockers {
            connect(previous, node.id)
            previous = node.id
        }
    }

    /// A lane: consecutive hops at one component become one node; each blocker marks the last
    /// node of its component, or, when its component is not on the path, a node of its own
    /// after the path (one per component, chained in the blockers' order).
    static func lane(id: String, _ subnet: SubnetAnswer, of answer: Answer) -> Lane {
        var nodes: [Node] = []
        // The AWS ID of each node, as the hops and blockers name it (titles are escaped).
        var components: [String] = []
        for hop in subnet.hops {
            let shape = shape(of: hop.kind)
            if let last = nodes.indices.last, components[last] == hop.component, nodes[last].shape == shape {
                nodes[last].details.append(Terminal.escaped(hop.detail))
                continue
            }
            components.append(hop.component)
            nodes.append(
                Node(
                    id: "\(id)n\(nodes.count + 1)", shape: shape, title: Terminal.escaped(hop.component),
                    caption: caption(of: hop.kind), details: [Terminal.escaped(hop.detail)], marks: []))
        }
        var offPath: [Node] = []
        var offPathComponents: [String] = []
        for blocker in subnet.blockers {
            let mark = Self.mark(blocker, of: answer)
            if let index = components.lastIndex(of: blocker.component) {
                nodes[index].marks.append(mark)
            } else if let index = offPathComponents.firstIndex(of: blocker.component) {
                offPath[index].marks.append(mark)
            } else {
                offPathComponents.append(blocker.component)
                offPath.append(blockerNode(id: "\(id)b\(offPath.count + 1)", blocker, mark))
            }
        }
        return Lane(
            id: id, subnet: Terminal.escaped(subnet.subnet),
            availabilityZone: Terminal.escaped(subnet.availabilityZone),
            verdict: subnet.verdict, nodes: nodes + offPath)
    }

    /// `blocker`'s mark, with the answer's words for it on one line.
    static func mark(_ blocker: Blocker, of answer: Answer) -> Mark {
        let message = Terminal.escaped(answer.words(of: blocker).message, keepingNewlines: true)
        return Mark(code: blocker.code, message: message.split(separator: "\n").joined(separator: " "))
    }

    static func blockerNode(id: String, _ blocker: Blocker, _ mark: Mark) -> Node {
        Node(
            id: id, shape: .blocker, title: Terminal.escaped(blocker.component), caption: "blocks, off the path",
            details: [], marks: [mark])
    }

    /// How a component of each kind is drawn.
    static func shape(of kind: HopKind) -> Shape {
        switch kind {
        case .subnet: return .subnet
        case .securityGroup, .networkACL: return .filter
        case .routeTable, .transitGatewayRouteTable, .dnsResolution: return .router
        case .lambdaService, .natGateway, .internetGateway, .egressOnlyInternetGateway, .gatewayEndpoint,
            .interfaceEndpoint, .peeringConnection, .transitGateway, .transitGatewayAttachment:
            return .gateway
        case .database: return .database
        case .networkInterface, .amazonDNSServer, .awsService, .internet: return .destination
        }
    }

    /// What a component of each kind is, in words for a label.
    static func caption(of kind: HopKind) -> String {
        switch kind {
        case .lambdaService: return "Lambda service network"
        case .subnet: return "subnet"
        case .securityGroup: return "security group"
        case .networkACL: return "network ACL"
        case .routeTable: return "route table"
        case .natGateway: return "NAT gateway"
        case .internetGateway: return "internet gateway"
        case .egressOnlyInternetGateway: return "egress-only internet gateway"
        case .gatewayEndpoint: return "gateway endpoint"
        case .interfaceEndpoint: return "interface endpoint"
        case .peeringConnection: return "VPC peering connection"
        case .transitGateway: return "transit gateway"
        case .transitGatewayAttachment: return "transit gateway attachment"
        case .transitGatewayRouteTable: return "transit gateway route table"
        case .database: return "database"
        case .networkInterface: return "network interface"
        case .amazonDNSServer: return "Amazon DNS server"
        case .dnsResolution: return "DNS resolution"
        case .awsService: return "AWS service"
        case .internet: return "public internet"
        }
    }

    /// Every node, in drawing order: the function, its blockers, then each lane's.
    public var nodes: [Node] { [function] + functionBlockers + lanes.flatMap(\.nodes) }

    // MARK: - Words that fit

    /// The first sentence of `message` (up to a full stop followed by a space or the end).
    static func firstSentence(of message: String) -> String {
        var previous: Character?
        var end = message.endIndex
        for index in message.indices {
            // "10.0.0.0/16." ends a sentence only when a space follows: IDs and addresses have dots.
            if previous == "." && message[index] == " " {
                end = message.index(before: index)
                break
            }
            previous = message[index]
        }
        return String(message[..<end]) + (end == message.endIndex ? "" : ".")
    }

    /// `text` in lines of at most `width` characters, broken at spaces (a word longer than a
    /// line is cut), at most `maxLines` of them; the last ends in `…` when text was left out.
    static func wrap(_ text: String, width: Int, maxLines: Int) -> (lines: [String], shortened: Bool) {
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            var word = Substring(word)
            while !word.isEmpty {
                if current.isEmpty {
                    let take = word.prefix(width)
                    current = String(take)
                    word = word.dropFirst(take.count)
                } else if current.count + 1 + word.count <= width {
                    current += " " + word
                    word = ""
                } else {
                    lines.append(current)
                    current = ""
                }
                if !word.isEmpty, current.count == width {
                    lines.append(current)
                    current = ""
                }
            }
        }
        if !current.isEmpty { lines.append(current) }
        guard lines.count > maxLines else { return (lines, false) }
        var kept = Array(lines.prefix(maxLines))
        let last = kept[maxLines - 1]
        kept[maxLines - 1] = (last.count >= width ? String(last.prefix(width - 1)) : last) + "…"
        return (kept, true)
    }
}
