import ReachCore

extension PathDiagram {
    /// The CSS of the SVG drawing's classes. A standalone drawing carries it; the HTML audit
    /// has it once in its stylesheet instead of once per diagram.
    public static let svgStyle = """
        .pd text{font:12px ui-monospace,"DejaVu Sans Mono",Menlo,Consolas,monospace;fill:#1f2328}
        .pd .pd-t{font-weight:bold}.pd .pd-c{fill:#57606a;font-style:italic}
        .pd .pd-k{fill:#b71c1c;font-weight:bold}.pd .pd-m{fill:#7f1d1d}
        .pd rect{fill:#ffffff;stroke:#8c959f;stroke-width:1}
        .pd .pd-function rect{fill:#e8f0fe;stroke:#1a56c4}.pd .pd-filter rect{fill:#f6f8fa}
        .pd .pd-gateway rect{fill:#f5f0ff;stroke:#8250df}.pd .pd-database rect,.pd .pd-destination rect{fill:#eef9f1;stroke:#2e7d32}
        .pd .pd-blocked rect{fill:#fde8e8;stroke:#c62828;stroke-width:2}.pd .pd-blocker rect{stroke-dasharray:5 3}
        .pd .pd-lane{stroke-width:1.5}.pd .pd-reachable{fill:#f3faf3;stroke:#2e7d32}
        .pd .pd-partial{fill:#fff8e1;stroke:#b26a00}.pd .pd-unreachable{fill:#fff5f5;stroke:#c62828}
        .pd .pd-h{font-weight:bold}.pd path{fill:none;stroke:#6e7781;stroke-width:1.5}
        .pd path.pd-x{stroke:#c62828;stroke-width:2}.pd path.pd-dash{stroke-dasharray:6 4}
        .pd marker path{fill:#6e7781;stroke:none}.pd marker.pd-xm path{fill:#c62828}
        """

    // The layout, in pixels. Text is monospace so that a line's width is its length.
    private static let charWidth = 7.3
    private static let lineHeight = 15
    private static let padding = 8
    private static let margin = 12
    private static let gap = 26
    /// Where a lane's arrows run: this far into its nodes, which are left-aligned, so that
    /// the lane's heading (to the right of it) never lies under an arrow.
    private static let spine = 18

    private struct Box {
        var x: Int
        var y: Int
        var width: Int
        var height: Int
        var bottom: Int { y + height }
        var right: Int { x + width }
    }

    private static func width(ofLongest lines: [String]) -> Int {
        Int((Double(lines.map(\.count).max() ?? 0) * charWidth).rounded(.up)) + 2 * padding
    }

    /// The diagram as an SVG drawing, laid out top-down: the function (and the blockers not
    /// tied to a subnet beside it), then a column per subnet with its components from top to
    /// bottom and its blockers off the path last.
    ///
    /// `standalone`: a drawing of its own, with the XML namespace, the stylesheet, the arrow
    /// heads and a tooltip with the whole text of each node whose label was shortened. A page
    /// of many drawings (the HTML audit) has the stylesheet and the arrow heads
    /// (`svgDefinitions`) once, and prints the whole words beside each drawing; the drawings
    /// then refer to the arrow heads by the IDs `idPrefix` starts.
    public func svg(idPrefix: String = "pd", standalone: Bool = true) -> String {
        var boxes: [String: Box] = [:]
        var labels: [String: (lines: [Line], shortened: Bool)] = [:]
        for node in nodes { labels[node.id] = node.lines() }
        func size(_ node: Node) -> (width: Int, height: Int) {
            let lines = labels[node.id]!.lines
            return (
                max(140, Self.width(ofLongest: lines.map(\.text))), lines.count * Self.lineHeight + 2 * Self.padding - 2
            )
        }

        // The top row: the function, then its blockers to the right. The function is as far
        // in as the first lane's nodes, so that the arrow down from it runs straight into them.
        var x = Self.margin + Self.padding
        var rowHeight = 0
        for node in [function] + functionBlockers {
            let (width, height) = size(node)
            boxes[node.id] = Box(x: x, y: Self.margin, width: width, height: height)
            x += width + 2 * Self.gap
            rowHeight = max(rowHeight, height)
        }
        var totalWidth = x - 2 * Self.gap + Self.margin
        let busY = Self.margin + rowHeight + Self.gap / 2 + 4
        let laneTop = busY + Self.gap / 2 + 4

        // A column per lane: a heading, then the nodes, left-aligned.
        var laneBoxes: [Box] = []
        let headingHeight = 2 * Self.lineHeight + Self.padding
        x = Self.margin
        var totalHeight = laneTop
        for lane in lanes {
            let heading = [lane.subnet, headingLine(lane)]
            var width = Self.width(ofLongest: heading) + Self.spine + Self.padding
            var y = laneTop + headingHeight + Self.gap / 2
            for node in lane.nodes {
                let (nodeWidth, height) = size(node)
                boxes[node.id] = Box(x: x + Self.padding, y: y, width: nodeWidth, height: height)
                width = max(width, nodeWidth)
                y += height + Self.gap
            }
            let box = Box(x: x, y: laneTop, width: width + 2 * Self.padding, height: y - Self.gap / 2 - laneTop)
            laneBoxes.append(box)
            x = box.right + Self.gap
            totalWidth = max(totalWidth, box.right + Self.margin)
            totalHeight = max(totalHeight, box.bottom)
        }
        totalHeight = max(totalHeight, Self.margin + rowHeight) + Self.margin

        let arrow = "\(idPrefix)-a"
        let redArrow = "\(idPrefix)-r"
        var out = "<svg"
        if standalone { out += " xmlns=\"http://www.w3.org/2000/svg\"" }
        out +=
            " class=\"pd\" width=\"\(totalWidth)\" height=\"\(totalHeight)\" viewBox=\"0 0 \(totalWidth) \(totalHeight)\" role=\"img\"><title>\(Markup.escaped(title))</title>"
        if standalone { out += "<style>\(Self.svgStyle)</style>" + Self.svgDefinitions(idPrefix: idPrefix) }

        for (lane, box) in zip(lanes, laneBoxes) {
            out +=
                "<rect class=\"pd-lane pd-\(lane.verdict.rawValue)\" x=\"\(box.x)\" y=\"\(box.y)\" width=\"\(box.width)\" height=\"\(box.height)\" rx=\"8\"/>"
            let textX = box.x + Self.padding + Self.spine + Self.padding
            out +=
                "<text class=\"pd-h\" x=\"\(textX)\" y=\"\(box.y + Self.lineHeight + 2)\">\(Markup.escaped(lane.subnet))</text>"
            out +=
                "<text x=\"\(textX)\" y=\"\(box.y + 2 * Self.lineHeight + 2)\">\(Markup.escaped(headingLine(lane)))</text>"
        }

        // Arrows before boxes, so that a box covers an arrow's end rather than the reverse.
        let function = boxes[self.function.id]!
        let trunkX = function.x + Self.spine
        if !lanes.isEmpty, let last = laneBoxes.last {
            // The trunk the arrows into the lanes share, drawn once.
            let end = last.x + Self.padding + Self.spine
            out += "<path d=\"M\(trunkX),\(function.bottom)V\(busY)H\(end)\"/>"
        }
        let laneOf = Dictionary(
            uniqueKeysWithValues: lanes.enumerated().flatMap { index, lane in lane.nodes.map { ($0.id, index) } })
        let offPath = Set(nodes.filter { $0.shape == .blocker }.map(\.id))
        for edge in edges {
            guard let from = boxes[edge.from], let to = boxes[edge.to] else { continue }
            let d: String
            if let lane = laneOf[edge.to] {
                let spineX = laneBoxes[lane].x + Self.padding + Self.spine
                d = edge.from == self.function.id ? "M\(spineX),\(busY)V\(to.y)" : "M\(spineX),\(from.bottom)V\(to.y)"
            } else {
                // Along the top row: from one box's right side to the next one's left.
                let y = from.y + Self.lineHeight
                d = "M\(from.right),\(y)H\(to.x)"
            }
            var classes: [String] = []
            if edge.blocked { classes.append("pd-x") }
            if offPath.contains(edge.to) { classes.append("pd-dash") }
            let marker = edge.blocked ? redArrow : arrow
            out +=
                "<path\(classes.isEmpty ? "" : " class=\"\(classes.joined(separator: " "))\"") d=\"\(d)\" marker-end=\"url(#\(marker))\"/>"
        }

        for node in nodes {
            guard let box = boxes[node.id], let label = labels[node.id] else { continue }
            var classes = ["pd-\(Self.svgClass(node.shape))"]
            if node.isBlocked { classes.append("pd-blocked") }
            // The group's origin is where the text starts: the lines need no x of their own.
            out +=
                "<g class=\"\(classes.joined(separator: " "))\" transform=\"translate(\(box.x + Self.padding),\(box.y))\">"
            if standalone && label.shortened {
                out += "<title>\(Markup.escaped(node.fullText.joined(separator: "\n"), keepingNewlines: true))</title>"
            }
            out +=
                "<rect x=\"-\(Self.padding)\" width=\"\(box.width)\" height=\"\(box.height)\" rx=\"\(Self.svgCorner(node.shape))\"/>"
            for (index, line) in label.lines.enumerated() {
                let style: String
                switch line.style {
                case .title: style = " class=\"pd-t\""
                case .caption: style = " class=\"pd-c\""
                case .detail: style = ""
                case .code: style = " class=\"pd-k\""
                case .message: style = " class=\"pd-m\""
                }
                out +=
                    "<text\(style) y=\"\(Self.padding + (index + 1) * Self.lineHeight - 4)\">\(Markup.escaped(line.text))</text>"
            }
            out += "</g>"
        }
        return out + "</svg>"
    }

    /// The arrow heads the drawings made with `idPrefix` refer to: in each standalone drawing,
    /// once in a page of many.
    public static func svgDefinitions(idPrefix: String) -> String {
        var out = "<defs>"
        for (id, red) in [("\(idPrefix)-a", false), ("\(idPrefix)-r", true)] {
            out +=
                "<marker id=\"\(id)\"\(red ? " class=\"pd-xm\"" : "") viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0L10,5L0,10z\"/></marker>"
        }
        return out + "</defs>"
    }

    private func headingLine(_ lane: Lane) -> String {
        (lane.availabilityZone.isEmpty ? "" : "\(lane.availabilityZone): ") + lane.verdict.rawValue
    }

    private static func svgClass(_ shape: Shape) -> String {
        switch shape {
        case .function: return "function"
        case .subnet: return "subnet"
        case .filter: return "filter"
        case .router: return "router"
        case .gateway: return "gateway"
        case .database: return "database"
        case .destination: return "destination"
        case .blocker: return "blocker"
        }
    }

    private static func svgCorner(_ shape: Shape) -> Int {
        switch shape {
        case .function, .destination: return 14
        case .database, .gateway: return 8
        case .filter: return 4
        case .subnet, .router, .blocker: return 2
        }
    }
}
