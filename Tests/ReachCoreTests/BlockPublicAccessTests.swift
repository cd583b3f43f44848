import TestSupport
import Testing

@testable import ReachCore

/// VPC Block Public Access, on networks built in code: how an exclusion changes a mode, how the
/// account's options, its exclusions and the subnets' and VPCs' own states combine into the mode
/// that applies to a subnet, and what the blocker says and fixes. The rules are AWS's
/// (https://docs.aws.amazon.com/vpc/latest/userguide/security-vpc-bpa.html and
/// security-vpc-bpa-basics.html); docs/semantics.md says how the exports combine.
@Suite("VPC Block Public Access: the mode that applies to a subnet, and its words")
struct BlockPublicAccessTests {
    typealias Mode = BlockPublicAccessMode

    /// A function in subnet-app behind nat-1 in subnet-pub (BuiltNetworkRuleTests' account).
    static func builder() -> NetworkBuilder { BuiltNetworkRuleTests.builder() }

    static func internet(_ builder: NetworkBuilder) throws -> Answer {
        try BuiltNetworkRuleTests.internet(builder, from: "subnet-app")
    }

    static func exclusion(
        _ id: String, _ mode: BlockPublicAccessExclusion.Mode, subnet: String? = nil, vpc: String? = nil,
        state: String? = "create-complete"
    ) -> BlockPublicAccessExclusion {
        BlockPublicAccessExclusion(id: id, mode: mode, vpcId: vpc, subnetId: subnet, state: state)
    }

    @Test("an exclusion: allow-bidirectional exempts from any mode, allow-egress counts under bidirectional only")
    func exclusionModes() {
        // security-vpc-bpa.html: allow-egress "only applies when VPC BPA is set to Bidirectional",
        // and blocks inbound traffic: bidirectional with it blocks as ingress-only does.
        #expect(Mode.blockBidirectional.with(.allowEgress) == .blockIngress)
        #expect(Mode.blockIngress.with(.allowEgress) == .blockIngress)
        #expect(Mode.blockBidirectional.with(.allowBidirectional) == .off)
        #expect(Mode.blockIngress.with(.allowBidirectional) == .off)
        #expect(Mode.off.with(.allowEgress) == .off)
        // Applied twice, as to a subnet state that may reflect its exclusion already: unchanged.
        for mode in Mode.allCases {
            for exclusion in [BlockPublicAccessExclusion.Mode.allowEgress, .allowBidirectional] {
                #expect(mode.with(exclusion).with(exclusion) == mode.with(exclusion))
            }
        }
    }

    @Test("nothing exported is off, AWS's default; a subnet's state, else its VPC's, gives the mode")
    func statesAlone() throws {
        var builder = Self.builder()
        var status = builder.network.blockPublicAccess(of: builder.network.subnets["subnet-pub"]!)
        #expect(status.mode == .off && status.source == .notExported)
        builder.edit { $0.vpcs["vpc-1"]?.blockPublicAccessMode = .blockIngress }
        status = builder.network.blockPublicAccess(of: builder.network.subnets["subnet-pub"]!)
        #expect(status.mode == .blockIngress && status.source == .vpcState && !status.exclusionsExported)
        builder.edit { $0.subnets["subnet-pub"]?.blockPublicAccessMode = .blockBidirectional }
        status = builder.network.blockPublicAccess(of: builder.network.subnets["subnet-pub"]!)
        #expect(status.mode == .blockBidirectional && status.source == .subnetState)
    }

    @Test("the options with their exclusions decide; without the exclusions, the subnet's own state is preferred")
    func optionsAndExclusions() throws {
        var builder = Self.builder()
        builder.edit {
            $0.subnets["subnet-pub"]?.blockPublicAccessMode = .off
            $0.blockPublicAccess["123456789012/us-east-1"] = BlockPublicAccessSettings(mode: .blockBidirectional)
        }
        // The exclusions were not exported: the subnet's state may reflect one, and is used.
        var status = builder.network.blockPublicAccess(of: builder.network.subnets["subnet-pub"]!)
        #expect(status.mode == .off && status.source == .subnetState)
        // Exported, and none names the subnet: the account's mode decides.
        builder.edit { $0.blockPublicAccess["123456789012/us-east-1"]?.exclusions = [] }
        status = builder.network.blockPublicAccess(of: builder.network.subnets["subnet-pub"]!)
        #expect(status.mode == .blockBidirectional && status.source == .accountOptions && status.exclusionsExported)
        // A VPC's exclusion applies to all its subnets; a subnet's and its VPC's: the wider one.
        builder.edit {
            $0.blockPublicAccess["123456789012/us-east-1"]?.exclusions = [
                Self.exclusion("vpcbpa-exclude-1", .allowEgress, subnet: "subnet-pub"),
                Self.exclusion("vpcbpa-exclude-2", .allowBidirectional, vpc: "vpc-1"),
            ]
        }
        status = builder.network.blockPublicAccess(of: builder.network.subnets["subnet-pub"]!)
        #expect(status.mode == .off && status.exclusion?.id == "vpcbpa-exclude-2")
    }

    @Test("an exclusion being created, failed, deleted or disabled exempts nothing, and is said")
    func ineffectiveExclusions() throws {
        for state in ["create-in-progress", "create-failed", "delete-complete", "disable-complete"] {
            var builder = Self.builder()
            builder.edit {
                $0.blockPublicAccess["123456789012/us-east-1"] = BlockPublicAccessSettings(
                    mode: .blockBidirectional,
                    exclusions: [Self.exclusion("vpcbpa-exclude-1", .allowEgress, subnet: "subnet-pub", state: state)])
            }
            let answer = try Self.internet(builder)
            #expect(answer.verdict == .unreachable, "\(state)")
            let blocker = try #require(answer.allBlockers.first { $0.code == .vpcBlockPublicAccessEnabled })
            #expect(blocker.component == "subnet-pub")
            let words = answer.words(of: blocker)
            #expect(words.message.contains("Exclusion vpcbpa-exclude-1 (allow-egress, for subnet-pub) is \(state)"))
            // The subnet's own exclusion is there: its mode is changed, not a second one made.
            #expect(
                words.fix.contains(
                    "aws ec2 modify-vpc-block-public-access-exclusion --region us-east-1 --exclusion-id vpcbpa-exclude-1"
                ) == false, "an exclusion not in effect is not modified: \(words.fix)")
            if state == "create-in-progress" {
                // The exclusion needed is being made: the fix waits for it, and makes no second one.
                #expect(
                    words.fix.hasPrefix(
                        "aws ec2 describe-vpc-block-public-access-exclusions --region us-east-1 --exclusion-ids vpcbpa-exclude-1"
                    ), "\(words.fix)")
                #expect(!words.fix.contains("create-vpc-block-public-access-exclusion"), "\(words.fix)")
                #expect(words.message.contains("it exempts nothing until it is create-complete"))
            } else {
                #expect(
                    words.fix.contains(
                        "create-vpc-block-public-access-exclusion --region us-east-1 --subnet-id subnet-pub"))
            }
            if state == "disable-complete" {
                #expect(words.message.contains("a disabled exclusion exempts nothing"), "\(words.message)")
            }
        }
    }

    @Test("inbound traffic needs allow-bidirectional: the subnet's own allow-egress exclusion is widened, not doubled")
    func inboundWidensExclusion() throws {
        var builder = Self.builder()
        builder.edit {
            $0.blockPublicAccess["123456789012/us-east-1"] = BlockPublicAccessSettings(
                mode: .blockBidirectional,
                exclusions: [Self.exclusion("vpcbpa-exclude-1", .allowEgress, subnet: "subnet-pub")])
        }
        let status = builder.network.blockPublicAccess(of: builder.network.subnets["subnet-pub"]!)
        // allow-egress under bidirectional: out through a NAT gateway, nothing in.
        #expect(status.mode == .blockIngress && !status.blocksNATGatewayEgress && status.blocksInternetGatewayTraffic)
        let reason = Explain.BlockedByBlockPublicAccess(
            crossing: .inbound(owner: "rds:orders", gateway: "igw-1"), status: status)
        let words = reason.words(
            for: FunctionIdentity(name: "fn", arn: "arn:aws:lambda:us-east-1:123456789012:function:fn"))
        #expect(
            words.fix.hasPrefix(
                "aws ec2 modify-vpc-block-public-access-exclusion --region us-east-1 --exclusion-id vpcbpa-exclude-1 --internet-gateway-exclusion-mode allow-bidirectional"
            ), "\(words.fix)")
        #expect(
            words.message.contains(
                "exclusion vpcbpa-exclude-1 (allow-egress, for subnet-pub) lets outbound traffic out but no traffic in")
        )
    }

    @Test("a shared subnet follows its owner's setting, not the participant's")
    func sharedSubnet() throws {
        var builder = Self.builder()
        builder.edit {
            $0.subnets["subnet-pub"]?.ownerId = "210987654321"
            $0.blockPublicAccess["210987654321/us-east-1"] = BlockPublicAccessSettings(
                mode: .blockBidirectional, exclusions: [])
            $0.blockPublicAccess["123456789012/us-east-1"] = BlockPublicAccessSettings(mode: .off, exclusions: [])
        }
        let status = builder.network.blockPublicAccess(of: builder.network.subnets["subnet-pub"]!)
        #expect(status.accountId == "210987654321" && status.mode == .blockBidirectional)
        let answer = try Self.internet(builder)
        let blocker = try #require(answer.allBlockers.first { $0.code == .vpcBlockPublicAccessEnabled })
        // The fix is the owner's to run.
        #expect(answer.words(of: blocker).fix.hasPrefix("# as account 210987654321, which owns subnet-pub:"))
    }

    @Test("the words: what BPA is, the mode and its export, why the NAT gateway's subnet decides, and both fixes")
    func natWords() throws {
        var builder = Self.builder()
        builder.edit {
            $0.blockPublicAccess["123456789012/us-east-1"] = BlockPublicAccessSettings(
                mode: .blockBidirectional, exclusionsAllowed: true, exclusions: [])
        }
        let answer = try Self.internet(builder)
        let blocker = try #require(answer.allBlockers.first { $0.code == .vpcBlockPublicAccessEnabled })
        let words = answer.words(of: blocker)
        for part in [
            "VPC Block Public Access (BPA) is on for subnet-pub: BPA is an account's setting, per region, that drops traffic at internet gateways",
            "bidirectional (block-bidirectional) mode for account 123456789012 in us-east-1 (describe-vpc-block-public-access-options)",
            "NAT gateway nat-1 sits in subnet-pub", "so BPA counts its traffic as the internet gateway's",
            "The function's own subnet needs no exclusion",
        ] {
            #expect(words.message.contains(part), "\(part)\n\(words.message)")
        }
        #expect(
            words.fix
                == """
                aws ec2 create-vpc-block-public-access-exclusion --region us-east-1 --subnet-id subnet-pub --internet-gateway-exclusion-mode allow-egress
                # or, for every VPC of 123456789012 in us-east-1, let NAT gateways and egress-only internet gateways out (inbound traffic stays blocked):
                aws ec2 modify-vpc-block-public-access-options --region us-east-1 --internet-gateway-block-mode block-ingress
                """)
    }

    @Test("exclusions forbidden by a declarative policy: the fix says who can change it, and makes no exclusion")
    func exclusionsNotAllowed() throws {
        var builder = Self.builder()
        builder.edit {
            $0.blockPublicAccess["123456789012/us-east-1"] = BlockPublicAccessSettings(
                mode: .blockBidirectional, exclusionsAllowed: false, managedByDeclarativePolicy: true, exclusions: [])
        }
        let answer = try Self.internet(builder)
        let blocker = try #require(answer.allBlockers.first { $0.code == .vpcBlockPublicAccessEnabled })
        let fix = answer.words(of: blocker).fix
        #expect(fix.hasPrefix("# Exclusions are not allowed in 123456789012/us-east-1"), "\(fix)")
        #expect(!fix.contains("create-vpc-block-public-access-exclusion"))
    }

    @Test(
        "ingress-only lets the NAT gateway out, and says so; with nothing exported the answer says BPA was taken as off"
    )
    func notes() throws {
        var builder = Self.builder()
        let unknown = try Self.internet(builder)
        #expect(unknown.verdict == .reachable)
        #expect(
            unknown.notes.contains {
                $0.hasPrefix("VPC Block Public Access (BPA) is not in the export for subnet-pub")
                    && $0.contains("it was taken as off, AWS's default")
            }, "\(unknown.notes)")
        builder.edit {
            $0.blockPublicAccess["123456789012/us-east-1"] = BlockPublicAccessSettings(
                mode: .blockIngress, exclusions: [])
        }
        let ingress = try Self.internet(builder)
        #expect(ingress.verdict == .reachable)
        #expect(
            ingress.notes.contains {
                $0.hasPrefix(
                    "VPC Block Public Access is on for subnet-pub in ingress-only mode: it lets NAT gateway nat-1")
            }, "\(ingress.notes)")
        #expect(!ingress.notes.contains { $0.contains("not in the export") })
    }

    @Test("BPA does not touch a peering: a peer's private address is answered alike whatever the mode")
    func peeringUntouched() throws {
        var builder = Self.builder()
        builder.vpc("vpc-2", cidr: "10.9.0.0/16")
        builder.subnet("subnet-peer", vpc: "vpc-2", cidr: "10.9.1.0/24")
        builder.edit {
            $0.peerings["pcx-1"] = PeeringConnection(
                id: "pcx-1", status: "active",
                requester: .init(
                    vpcId: "vpc-1", accountId: "123456789012", region: "us-east-1", cidrs: [IPv4CIDR("10.0.0.0/16")!]),
                accepter: .init(
                    vpcId: "vpc-2", accountId: "123456789012", region: "us-east-1", cidrs: [IPv4CIDR("10.9.0.0/16")!]))
            $0.routeTables["rtb-app"]?.routes.append(
                Route(destination: .cidr(IPv4CIDR("10.9.0.0/16")!), targetKind: .pcx, targetId: "pcx-1"))
        }
        builder.routeTable(
            "rtb-peer", vpc: "vpc-2", subnets: ["subnet-peer"], main: true, routes: [("10.0.0.0/16", .pcx, "pcx-1")])
        let function = builder.function("fn", subnets: ["subnet-app"], groups: ["sg-fn"])
        let question = Question(function: function, target: .address(IPv4Address("10.9.1.10")!, port: 443))
        let off = try Solver(network: builder.network).answer(question)
        builder.edit {
            $0.blockPublicAccess["123456789012/us-east-1"] = BlockPublicAccessSettings(
                mode: .blockBidirectional, exclusions: [])
            $0.vpcs["vpc-2"]?.blockPublicAccessMode = .blockBidirectional
        }
        let blocked = try Solver(network: builder.network).answer(question)
        #expect(blocked.verdict == off.verdict)
        #expect(blocked.allBlockers.map(\.code) == off.allBlockers.map(\.code))
        #expect(!blocked.allBlockers.contains { $0.code == .vpcBlockPublicAccessEnabled })
    }
}
