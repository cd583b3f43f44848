import Foundation
import TestSupport
import Testing

@testable import ReachInventory

/// A template held in memory: its stack, with the run's set, ready to evaluate nodes. Each
/// expectation below is what the CloudFormation User Guide's "Intrinsic function reference"
/// says the function returns.
struct Evaluation {
    let stack: TemplateStack
    let set: TemplateSet
    let yaml: String

    /// The line of the first line of the template that starts with `prefix` (1-based).
    func line(_ prefix: String) -> Int {
        (yaml.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.hasPrefix(prefix) } ?? -1) + 1
    }

    init(_ yaml: String, parameters: [String: String] = [:], facts: LiveFacts = LiveFacts(), file: String = "t.yaml")
        throws
    {
        self.yaml = yaml
        let root = try TemplateSet.template(yaml, file: file)
        set = TemplateSet(facts: facts)
        stack = TemplateStack(file: file, name: "orders", account: "123456789012", region: "us-east-1", root: root)
        try set.prepare(stack, given: parameters, folder: "/tmp")
        set.stacks.append(stack)
        try set.assignNames(stack)
    }

    /// The resolved `Outputs.<name>.Value`.
    func output(_ name: String) throws -> Resolved? {
        try Evaluator(stack: stack, set: set).resolve(stack.root["Outputs"]![name]!["Value"]!)
    }

    func text(_ name: String) throws -> String? { try output(name)?.textOrUnknown }

    func list(_ name: String) throws -> [String]? { try output(name)?.list?.compactMap(\.textOrUnknown) }
}

/// A template with one resource (CloudFormation requires one) and the outputs under test.
func template(parameters: String = "", conditions: String = "", mappings: String = "", outputs: String) -> String {
    """
    AWSTemplateFormatVersion: "2010-09-09"
    \(parameters.isEmpty ? "" : "Parameters:\n\(parameters)")
    \(conditions.isEmpty ? "" : "Conditions:\n\(conditions)")
    \(mappings.isEmpty ? "" : "Mappings:\n\(mappings)")
    Resources:
      AppVPC:
        Type: AWS::EC2::VPC
        Properties:
          CidrBlock: 10.0.0.0/16
    Outputs:
    \(outputs)
    """
}

@Suite("Intrinsic functions, as CloudFormation's reference defines them")
struct IntrinsicTests {
    @Test("Ref: a parameter's value, else its Default; a resource's name in answers; pseudo parameters")
    func ref() throws {
        let e = try Evaluation(
            template(
                parameters: "  Env: {Type: String, Default: dev}\n  Size: {Type: Number}\n",
                outputs: """
                      A: {Value: !Ref Env}
                      B: {Value: !Ref AppVPC}
                      C: {Value: !Ref "AWS::Region"}
                      D: {Value: !Ref "AWS::AccountId"}
                      E: {Value: !Ref "AWS::StackName"}
                      F: {Value: !Ref "AWS::Partition"}
                      G: {Value: !Ref "AWS::URLSuffix"}
                      H: {Value: !Ref Size}
                    """), parameters: ["Env": "prod"])
        #expect(try e.text("A") == "prod")
        #expect(try e.text("B") == "AppVPC (t.yaml:\(e.line("  AppVPC:")))")
        #expect(try e.text("C") == "us-east-1")
        #expect(try e.text("D") == "123456789012")
        #expect(try e.text("E") == "orders")
        #expect(try e.text("F") == "aws")
        #expect(try e.text("G") == "amazonaws.com")
        // No value and no Default: a named unknown, never a guess.
        #expect(try e.text("H") == "unresolved: Ref Size")
        let defaults = try Evaluation(
            template(parameters: "  Env: {Type: String, Default: dev}\n", outputs: "  A: {Value: !Ref Env}\n"))
        #expect(try defaults.text("A") == "dev")
    }

    @Test("Fn::Sub: ${Param}, ${Resource}, ${Resource.Attr}, ${AWS::Region}, ${!Literal}, and the variable map")
    func sub() throws {
        let e = try Evaluation(
            template(
                parameters: "  Env: {Type: String, Default: prod}\n",
                outputs: """
                      A: {Value: !Sub "${AWS::StackName}-${Env}-subnet-a"}
                      B: {Value: !Sub "arn:${AWS::Partition}:s3:::${!NotAVariable}"}
                      C: {Value: !Sub ["${Name}.${AWS::Region}", {Name: !Ref Env}]}
                      D: {Value: !Sub "${AppVPC.CidrBlock}"}
                      E: {Value: {"Fn::Sub": "com.amazonaws.${AWS::Region}.s3"}}
                    """))
        #expect(try e.text("A") == "orders-prod-subnet-a")
        #expect(try e.text("B") == "arn:aws:s3:::${NotAVariable}")
        #expect(try e.text("C") == "prod.us-east-1")
        #expect(try e.text("D") == "10.0.0.0/16")
        #expect(try e.text("E") == "com.amazonaws.us-east-1.s3")
    }

    @Test("Fn::Join, Fn::Select, Fn::Split, Fn::GetAZs, Fn::Cidr, Fn::FindInMap, Fn::Base64, Fn::GetAtt")
    func listFunctions() throws {
        let e = try Evaluation(
            template(
                mappings: """
                      Cidrs:
                        prod: {Vpc: 10.1.0.0/16}
                        dev: {Vpc: 10.2.0.0/16}
                    """,
                outputs: """
                      Join: {Value: !Join ["-", [a, !Ref "AWS::Region", c]]}
                      Select: {Value: !Select [1, [x, y, z]]}
                      Split: {Value: !Select [2, !Split [",", "a,b,c"]]}
                      AZ: {Value: !Select [0, !GetAZs ""]}
                      AZs: {Value: !GetAZs us-west-2}
                      Cidr: {Value: !Cidr ["10.0.0.0/16", 3, 8]}
                      Map: {Value: !FindInMap [Cidrs, dev, Vpc]}
                      B64: {Value: !Base64 hello}
                      Att: {Value: !GetAtt AppVPC.CidrBlock}
                      Group: {Value: !GetAtt AppVPC.DefaultSecurityGroup}
                    """))
        #expect(try e.text("Join") == "a-us-east-1-c")
        #expect(try e.text("Select") == "y")
        #expect(try e.text("Split") == "c")
        #expect(try e.text("AZ") == "us-east-1a")
        #expect(try e.list("AZs") == ["us-west-2a", "us-west-2b", "us-west-2c", "us-west-2d"])
        // "Fn::Cidr [ipBlock, count, cidrBits]": count blocks of 2^cidrBits addresses each.
        #expect(try e.list("Cidr") == ["10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/24"])
        #expect(try e.text("Map") == "10.2.0.0/16")
        #expect(try e.text("B64") == "hello")
        #expect(try e.text("Att") == "10.0.0.0/16")
        #expect(try e.text("Group") == "AppVPC.DefaultSecurityGroup (t.yaml:\(e.line("  AppVPC:")))")
    }

    @Test("Fn::GetAZs takes the zones the inventory has subnets in, when it has some")
    func zonesFromInventory() throws {
        var facts = LiveFacts()
        facts.zonesByRegion["us-east-1"] = ["us-east-1b", "us-east-1c"]
        let e = try Evaluation(template(outputs: "  AZ: {Value: !Select [0, !GetAZs \"\"]}\n"), facts: facts)
        #expect(try e.text("AZ") == "us-east-1b")
    }

    @Test("Fn::If with Conditions: Fn::Equals, Fn::And, Fn::Or, Fn::Not, Condition; AWS::NoValue removes")
    func conditions() throws {
        let yaml = template(
            parameters: "  Env: {Type: String, Default: dev}\n  Zone: {Type: String}\n",
            conditions: """
                  IsProd: !Equals [!Ref Env, prod]
                  NotProd: !Not [!Condition IsProd]
                  ProdOrStage: !Or [!Condition IsProd, !Equals [!Ref Env, stage]]
                  Both: !And [!Condition IsProd, !Condition NotProd]
                  ZoneKnown: !Equals [!Ref Zone, us-east-1a]
                """,
            outputs: """
                  A: {Value: !If [IsProd, nat, none]}
                  B: {Value: !If [NotProd, yes, no]}
                  C: {Value: !If [ProdOrStage, yes, no]}
                  D: {Value: !If [Both, yes, no]}
                  E: {Value: !If [ZoneKnown, yes, no]}
                  F: {Value: [a, !If [IsProd, b, !Ref "AWS::NoValue"], c]}
                """)
        let dev = try Evaluation(yaml)
        #expect(try dev.text("A") == "none")
        #expect(try dev.text("B") == "yes")
        #expect(try dev.text("C") == "no")
        #expect(try dev.text("D") == "no")
        // A condition on a value nobody gave is unknown, and so is what it picks.
        #expect(
            try dev.text("E")
                == "unresolved: Fn::If ZoneKnown (Ref Zone)")
        #expect(try dev.list("F") == ["a", "c"])
        let prod = try Evaluation(yaml, parameters: ["Env": "prod", "Zone": "us-east-1a"])
        #expect(try prod.text("A") == "nat")
        #expect(try prod.text("C") == "yes")
        #expect(try prod.text("E") == "yes")
        #expect(try prod.list("F") == ["a", "b", "c"])
    }

    @Test("Fn::ImportValue: another template's export, then the live account's, else a named unknown")
    func importValue() throws {
        var facts = LiveFacts()
        facts.exports["123456789012/us-east-1/shared-vpc-id"] = "vpc-0a1b2c3d4e5f60001"
        let e = try Evaluation(
            template(
                outputs: """
                      Live: {Value: !ImportValue shared-vpc-id}
                      Missing: {Value: !ImportValue shared-vpc-subnet-a}
                      Built: {Value: !ImportValue {"Fn::Sub": "shared-vpc-id"}}
                    """), facts: facts)
        #expect(try e.text("Live") == "vpc-0a1b2c3d4e5f60001")
        #expect(try e.text("Built") == "vpc-0a1b2c3d4e5f60001")
        #expect(try e.text("Missing") == "unresolved: Fn::ImportValue shared-vpc-subnet-a")
    }

    @Test("list parameters split at commas; List<AWS::EC2::Subnet::Id> from --parameter KEY=a,b")
    func listParameters() throws {
        let e = try Evaluation(
            template(
                parameters:
                    "  Subnets: {Type: \"List<AWS::EC2::Subnet::Id>\"}\n  Names: {Type: CommaDelimitedList, Default: \"a, b\"}\n",
                outputs:
                    "  S: {Value: !Ref Subnets}\n  N: {Value: !Ref Names}\n  Second: {Value: !Select [1, !Ref Subnets]}\n"
            ),
            parameters: ["Subnets": "subnet-0a1,subnet-0b2"])
        #expect(try e.list("S") == ["subnet-0a1", "subnet-0b2"])
        #expect(try e.list("N") == ["a", "b"])
        #expect(try e.text("Second") == "subnet-0b2")
    }

    @Test("YAML short forms become the long forms, JSON templates read the same way")
    func shortForms() throws {
        let json = """
            {"Resources": {"AppVPC": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.0.0.0/16"}}},
             "Outputs": {"A": {"Value": {"Fn::Join": ["", [{"Ref": "AWS::Region"}, "-", {"Fn::GetAtt": ["AppVPC", "CidrBlock"]}]]}}}}
            """
        let e = try Evaluation(json, file: "t.json")
        #expect(try e.text("A") == "us-east-1-10.0.0.0/16")
        let root = try TemplateReader.read("A: !GetAtt Db.Endpoint.Port\n", file: "t.yaml")
        let getAtt = try #require(root["A"]?["Fn::GetAtt"]?.elements)
        #expect(getAtt.map(\.scalarText) == ["Db", "Endpoint.Port"])
        #expect(root["A"]?.line == 1)
    }
}

@Suite("Templates CloudFormation refuses: errors that name the file, line and path")
struct TemplateErrorTests {
    func error(_ yaml: String, file: String = "bad.yaml") -> TemplateError? {
        do {
            _ = try Evaluation(yaml, file: file)
            return nil
        } catch let error as TemplateError {
            return error
        } catch {
            Issue.record("not a TemplateError: \(error)")
            return nil
        }
    }

    @Test("an unknown YAML tag")
    func unknownTag() throws {
        let e = try #require(
            error("Resources:\n  A:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: !Reff X\n"))
        #expect(e.line == 5)
        #expect(e.path == "Resources.A.Properties.CidrBlock")
        #expect(e.message.contains("!Reff"))
        #expect(e.description.hasPrefix("bad.yaml:5: Resources.A.Properties.CidrBlock:"))
    }

    @Test("a Ref to nothing, with the close match")
    func refToNothing() throws {
        let e = try #require(
            error(
                "Resources:\n  AppVPC:\n    Type: AWS::EC2::VPC\n  Sub:\n    Type: AWS::EC2::Subnet\n    Properties:\n      VpcId: !Ref AppVpc\n"
            ))
        #expect(e.line == 7)
        #expect(e.path == "Resources.Sub.Properties.VpcId")
        #expect(e.message.contains("Ref to AppVpc") && e.message.contains("AppVPC"))
    }

    @Test("a circular Fn::Sub between two resources")
    func circular() throws {
        let e = try #require(
            error(
                """
                Resources:
                  A:
                    Type: AWS::EC2::SecurityGroup
                    Properties:
                      GroupDescription: !Sub "after ${B}"
                  B:
                    Type: AWS::EC2::SecurityGroup
                    Properties:
                      GroupDescription: !Sub "after ${A}"
                """))
        #expect(e.message.contains("circular dependency between resources: A -> B -> A"))
        // The first reference of the cycle in the template: A's to B.
        #expect(e.line == 5)
        #expect(e.path == "Resources.A.Properties.GroupDescription.Fn::Sub")
    }

    @Test("not a template: no Resources, or not a map")
    func notATemplate() throws {
        #expect(error("Foo: bar\n")?.message.contains("no Resources section") == true)
        #expect(error("- a\n- b\n")?.message.contains("not a CloudFormation template") == true)
        let truncated = try #require(error("{\"Resources\": "))
        #expect(truncated.message.contains("not valid YAML or JSON") && truncated.line != nil)
    }

    @Test("Fn::GetAtt of an attribute the type does not have")
    func badAttribute() throws {
        let e = try #require(
            error(
                "Resources:\n  AppVPC:\n    Type: AWS::EC2::VPC\n  Sub:\n    Type: AWS::EC2::Subnet\n    Properties:\n      CidrBlock: !GetAtt AppVPC.SubnetId\n"
            ))
        #expect(e.line == 7)
        #expect(e.path == "Resources.Sub.Properties.CidrBlock")
        #expect(e.message.contains("AWS::EC2::VPC, which has no attribute SubnetId"))
    }
}

@Suite("AWS::LanguageExtensions")
struct LanguageExtensionsTests {
    @Test("Fn::ForEach in Resources is listed as not analysed, not refused; the rest is compiled")
    func forEach() throws {
        let file = try scratchDirectory("foreach").appendingPathComponent("template.yaml")
        try """
        Transform: AWS::LanguageExtensions
        Resources:
          AppVPC:
            Type: AWS::EC2::VPC
            Properties:
              CidrBlock: 10.0.0.0/16
          Fn::ForEach::Topics:
            - Name
            - [A, B]
            - Topic${Name}:
                Type: AWS::SNS::Topic
        """.write(to: file, atomically: true, encoding: .utf8)
        let overlay = try TemplateOverlay.apply(
            [file.path], options: TemplateOptions(account: "123456789012", region: "us-east-1"), over: nil)
        #expect(overlay.notAnalysed["Fn::ForEach (AWS::LanguageExtensions)"]?.count == 1)
        #expect(overlay.components.values.contains { $0.logicalId == "AppVPC" })
    }
}

@Suite("Templates from the wild: what CloudFormation accepts is not refused")
struct AcceptedTemplateTests {
    @Test("a security group without VpcId is made in the default VPC; Rules' functions and a loop's outputs read")
    func defaultVPCAndRules() throws {
        let file = try scratchDirectory("wild").appendingPathComponent("template.yaml")
        try """
        Transform: AWS::LanguageExtensions
        Parameters:
          Subnets: {Type: "List<AWS::EC2::Subnet::Id>", Default: "subnet-0a1b2c3d4e5f60001"}
        Rules:
          SubnetsInVPC:
            Assertions:
              - Assert: !EachMemberEquals [!ValueOfAll ["AWS::EC2::Subnet::Id", VpcId], vpc-0a1b2c3d4e5f60001]
        Resources:
          InstanceSecurityGroup:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: SSH in
              SecurityGroupIngress:
                - {IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: 0.0.0.0/0}
        Outputs:
          Fn::ForEach::Groups:
            - Property
            - [GroupId]
            - Group${Property}:
                Value: !GetAtt [InstanceSecurityGroup, !Ref Property]
        """.write(to: file, atomically: true, encoding: .utf8)
        let overlay = try TemplateOverlay.apply(
            [file.path], options: TemplateOptions(account: "123456789012", region: "us-east-1"), over: nil)
        let group = try #require(overlay.components.values.first { $0.logicalId == "InstanceSecurityGroup" })
        let vpc = try overlay.store.read { db in
            try String.fetchOne(db, sql: "SELECT vpc_id FROM security_groups WHERE group_id = ?", arguments: [group.id])
        }
        #expect(vpc == "unresolved: the default VPC of us-east-1 (not in the inventory)")
    }
}

extension AcceptedTemplateTests {
    @Test("SAM: names of what SAM generates, its attributes, and a cycle through an API are SAM's, not errors")
    func samGenerated() throws {
        let file = try scratchDirectory("sam-generated").appendingPathComponent("template.yaml")
        // No Transform line: SAM's types make it SAM's (as aws-sam-translator's own tests write them).
        try """
        Resources:
          MyApi:
            Type: AWS::Serverless::Api
            Properties:
              StageName: prod
              DefinitionBody:
                paths:
                  /orders:
                    get:
                      x-amazon-apigateway-integration:
                        uri: !Sub "arn:aws:apigateway:${AWS::Region}:lambda:path/functions/${OrdersFunction.Arn}/invocations"
          OrdersFunction:
            Type: AWS::Serverless::Function
            Properties:
              Runtime: python3.12
              Handler: index.handler
              InlineCode: "def handler(e, c): pass"
              AutoPublishAlias: live
              Policies:
                - AWSLambdaBasicExecutionRole
                - AWSLambdaBasicExecutionRole
              Events:
                Get:
                  Type: Api
                  Properties: {RestApiId: !Ref MyApi, Path: /orders, Method: get}
        Outputs:
          Stage: {Value: !Ref MyApi.Stage}
          Alias: {Value: !GetAtt OrdersFunction.Alias.Name}
        """.write(to: file, atomically: true, encoding: .utf8)
        let overlay = try TemplateOverlay.apply(
            [file.path], options: TemplateOptions(account: "123456789012", region: "us-east-1"), over: nil)
        #expect(overlay.functionAliases["OrdersFunction"] != nil)
    }
}
