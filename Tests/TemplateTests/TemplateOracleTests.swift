import Foundation
import TestSupport
import Testing

@testable import ReachInventory

/// cfn-lint and aws-sam-translator (both on PyPI) as oracles: the fixtures are templates
/// CloudFormation accepts, and lambda-reach's SAM expansion is what `sam deploy` deploys.
@Suite("Oracles: cfn-lint passes every fixture template; aws-sam-translator agrees with the SAM expansion")
struct TemplateOracleTests {
    /// Every template file of the scenarios that are not about a bad template (a cloud
    /// assembly's stack templates included).
    static var templateFiles: [URL] {
        TemplateScenario.all.flatMap { scenario -> [URL] in
            guard let expected = try? scenario.expected(), expected.error == nil else { return [] }
            return expected.templates.flatMap { name -> [URL] in
                let url = scenario.directory.appendingPathComponent(name)
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue
                else { return [url] }
                let files = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
                return files.filter { $0.hasSuffix(".template.json") }.sorted().map { url.appendingPathComponent($0) }
            }
        }
    }

    /// Errors cfn-lint reports in the corpus templates as published upstream, kept verbatim
    /// (Fixtures/README.md): their runtime and engine version can no longer be created.
    static let upstreamErrors: Set<String> = [
        "corpus-rds-mysql/template.yml:E2533", "corpus-rds-mysql-without-vpc-stack/template.yml:E2533",
        "corpus-rds-mysql/template-vpcrds.yml:E3691",
    ]

    @Test("every template of the scenarios passes cfn-lint (no error)")
    func cfnLint() throws {
        guard let lint = try ExternalTools.require("cfn-lint", install: "pip install cfn-lint") else { return }
        let files = Self.templateFiles
        #expect(files.count >= 35, "\(files.count) template files")
        let result = try Process.run(lint, ["--format", "parseable"] + files.map(\.path), timeout: 600)
        var errors: [String] = []
        for line in result.stdout.split(separator: "\n") {
            // path:line:column:endLine:endColumn:RULE:message
            let fields = line.split(separator: ":", maxSplits: 6, omittingEmptySubsequences: false)
            guard fields.count == 7, fields[5].hasPrefix("E") else { continue }
            let path = String(fields[0])
            let scenario = URL(fileURLWithPath: path).deletingLastPathComponent().lastPathComponent
            let key = "\(scenario)/\(URL(fileURLWithPath: path).lastPathComponent):\(fields[5])"
            if !Self.upstreamErrors.contains(key) { errors.append(String(line)) }
        }
        #expect(errors.isEmpty, "cfn-lint errors:\n\(errors.joined(separator: "\n"))")
        // cfn-lint ran: its exit status says errors (2) or warnings (4) only as bits.
        #expect(result.status & ~(2 | 4 | 8) == 0, "cfn-lint failed to run: \(result.stderr)")
    }

    /// The SAM templates of the scenarios, with their parameters.
    static var samTemplates: [(URL, [String: String])] {
        TemplateScenario.all.flatMap { scenario -> [(URL, [String: String])] in
            guard let expected = try? scenario.expected(), expected.error == nil else { return [] }
            var parameters: [String: String] = [:]
            for parameter in expected.parameters ?? [] {
                let parts = parameter.split(separator: "=", maxSplits: 1)
                parameters[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
            }
            return expected.templates.map { scenario.directory.appendingPathComponent($0) }.filter {
                ((try? String(contentsOf: $0, encoding: .utf8)) ?? "").contains("AWS::Serverless-2016-10-31")
            }.map { ($0, parameters) }
        }
    }

    @Test("each SAM template: the functions' VpcConfig and roles agree with aws-sam-translator's expansion")
    func samTranslate() throws {
        guard let python = try ExternalTools.require("python3", install: "apt-get install python3") else { return }
        let script = Repository.root.appendingPathComponent("Tests/TemplateTests/sam_translate.py")
        let templates = Self.samTemplates
        #expect(templates.count >= 5, "\(templates.count) SAM templates")
        var compared = 0
        for (url, parameters) in templates {
            let result = try Process.run(
                python, [script.path, url.path] + parameters.map { "\($0.key)=\($0.value)" }.sorted(), timeout: 120)
            if result.status == ExternalTools.missingStatus {
                try ExternalTools.missing("aws-sam-translator: pip install aws-sam-translator")
                return
            }
            guard result.status == 0, let data = result.stdout.data(using: .utf8),
                let expanded = try JSONSerialization.jsonObject(with: data) as? [String: Any],
                let theirs = expanded["Resources"] as? [String: [String: Any]]
            else {
                Issue.record("sam_translate.py failed on \(url.lastPathComponent): \(result.stderr)")
                continue
            }
            // Ours: the same template as --template reads it.
            let set = TemplateSet(facts: LiveFacts())
            let stack = TemplateStack(
                file: url.path, name: url.deletingPathExtension().lastPathComponent, account: "123456789012",
                region: "us-east-1", root: try TemplateSet.readTemplate(url.path))
            try set.prepare(stack, given: parameters, folder: url.deletingLastPathComponent().path)
            set.stacks.append(stack)
            try set.assignNames(stack)
            let evaluator = Evaluator(stack: stack, set: set)
            let label = "\(url.deletingLastPathComponent().lastPathComponent)/\(url.lastPathComponent)"

            let theirFunctions = theirs.filter { $0.value["Type"] as? String == "AWS::Lambda::Function" }
            let ourFunctions = stack.resources.filter { $0.node["Type"]?.scalarText == "AWS::Lambda::Function" }
            #expect(Set(ourFunctions.map(\.id)) == Set(theirFunctions.keys), "\(label): functions")
            let theirRoles = theirs.filter { $0.value["Type"] as? String == "AWS::IAM::Role" }
            let ourRoles = stack.resources.filter { $0.node["Type"]?.scalarText == "AWS::IAM::Role" }
            #expect(Set(ourRoles.map(\.id)) == Set(theirRoles.keys), "\(label): roles")
            for (id, node) in ourFunctions {
                guard let their = theirFunctions[id]?["Properties"] as? [String: Any] else { continue }
                let ours = node["Properties"]
                #expect(
                    Self.same(ours?["VpcConfig"].map(Self.json), their["VpcConfig"]),
                    "\(label): \(id).VpcConfig: ours \(String(describing: ours?["VpcConfig"].map(Self.json))), sam-translate's \(String(describing: their["VpcConfig"]))"
                )
                #expect(
                    Self.same(ours?["Role"].map(Self.json), their["Role"]),
                    "\(label): \(id).Role: ours \(String(describing: ours?["Role"].map(Self.json))), theirs \(String(describing: their["Role"]))"
                )
                compared += 1
            }
            for (id, node) in ourRoles {
                guard let their = theirRoles[id]?["Properties"] as? [String: Any] else { continue }
                let ours = try evaluator.properties(of: id)
                let ourArns = Set(ours["ManagedPolicyArns"]?.list?.compactMap(\.text) ?? [])
                let theirArns = Set((their["ManagedPolicyArns"] as? [Any] ?? []).compactMap(Self.arn))
                #expect(ourArns == theirArns, "\(label): \(id).ManagedPolicyArns")
                let ourActions = Set(
                    (ours["Policies"]?.list ?? []).flatMap { policy in
                        (policy["PolicyDocument"]?["Statement"]?.list ?? []).flatMap {
                            $0["Action"]?.list?.compactMap(\.text) ?? []
                        }
                    })
                let theirActions = Set(
                    (their["Policies"] as? [[String: Any]] ?? []).flatMap { policy -> [String] in
                        let statements =
                            (policy["PolicyDocument"] as? [String: Any])?["Statement"] as? [[String: Any]] ?? []
                        return statements.flatMap { statement -> [String] in
                            if let action = statement["Action"] as? String { return [action] }
                            return statement["Action"] as? [String] ?? []
                        }
                    })
                // SAM's policy templates lambda-reach does not expand grant nothing it checks:
                // what it does expand must be in SAM's expansion, and every ENI action SAM grants
                // must be in ours.
                #expect(
                    ourActions.isSubset(of: theirActions),
                    "\(label): \(id) actions \(ourActions) not in \(theirActions)")
                let eni = theirActions.filter { $0.hasPrefix("ec2:") && $0.contains("NetworkInterface") }
                #expect(eni.isSubset(of: ourActions), "\(label): \(id) lacks \(eni.subtracting(ourActions))")
                _ = node
            }
        }
        #expect(compared >= 8, "\(compared) functions compared")
    }

    /// An ARN as aws-sam-translator leaves it: text, or `{"Fn::Sub": "arn:${AWS::Partition}:..."}`.
    static func arn(_ value: Any) -> String? {
        if let text = value as? String { return text }
        guard let sub = (value as? [String: Any])?["Fn::Sub"] as? String else { return nil }
        return sub.replacingOccurrences(of: "${AWS::Partition}", with: "aws")
            .replacingOccurrences(of: "${AWS::AccountId}", with: "123456789012")
            .replacingOccurrences(of: "${AWS::Region}", with: "us-east-1")
    }

    /// A node as the JSON value it stands for (long forms, scalars as text).
    static func json(_ node: TemplateNode) -> Any {
        switch node.value {
        case .scalar(let text, let kind):
            switch kind {
            case .null: return NSNull()
            default: return text
            }
        case .list(let elements): return elements.map(json)
        case .map(let pairs): return Dictionary(pairs.map { ($0.key, json($0.value)) }, uniquingKeysWith: { $1 })
        }
    }

    /// Two JSON values alike, numbers and booleans compared as their text.
    static func same(_ a: Any?, _ b: Any?) -> Bool {
        switch (a, b) {
        case (nil, nil): return true
        case (let x as [String: Any], let y as [String: Any]):
            return Set(x.keys) == Set(y.keys) && x.keys.allSatisfy { same(x[$0], y[$0]) }
        case (let x as [Any], let y as [Any]):
            return x.count == y.count && zip(x, y).allSatisfy { same($0, $1) }
        case (let x?, let y?):
            return "\(x)" == "\(y)" || (x as? String) == (y as? NSNumber)?.stringValue
                || ((x as? String).map { ["true": true, "false": false][$0] } ?? nil) == (y as? Bool)
        default: return false
        }
    }
}
