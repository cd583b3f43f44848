// VPC Block Public Access (BPA): an account's setting, per region, that drops traffic at
// internet gateways and egress-only internet gateways whatever the routes, security groups
// and network ACLs allow.
//
// The AWS rules, from the VPC user guide
// (https://docs.aws.amazon.com/vpc/latest/userguide/security-vpc-bpa.html and
// https://docs.aws.amazon.com/vpc/latest/userguide/security-vpc-bpa-basics.html):
// - block-bidirectional: all traffic to and from the region's internet gateways and egress-only
//   internet gateways is blocked, except for excluded VPCs and subnets. A NAT gateway needs the
//   internet gateway, so its traffic is blocked too.
// - block-ingress: all internet traffic into the VPCs is blocked; only traffic to and from NAT
//   gateways and egress-only internet gateways is allowed, since they only let connections be
//   made outward.
// - An exclusion exempts one VPC (and so all its subnets) or one subnet: allow-bidirectional
//   lets all internet traffic through; allow-egress lets outbound traffic out and blocks
//   inbound, and applies only under block-bidirectional (under block-ingress it is ignored:
//   the advanced example's scenario 5, security-vpc-bpa-example.html).
// - What is blocked is decided at the subnet that sends to (or receives from) the gateway: an
//   appliance's subnet needs the exclusion, "other subnets sending traffic to the appliance
//   subnet and not to the internet gateway do not need to be added as exclusions" (basics,
//   Important). For a function behind a NAT gateway, that is the NAT gateway's subnet.
// - Private connectivity (peering, transit gateways, VPN, gateway and interface endpoints) is
//   not affected.

/// A VPC Block Public Access mode, as AWS prints it (`InternetGatewayBlockMode`).
public enum BlockPublicAccessMode: String, Sendable, Hashable, CaseIterable {
    /// BPA is off: internet gateways carry what routes and filters allow.
    case off
    /// All traffic to and from internet gateways and egress-only internet gateways is dropped.
    case blockBidirectional = "block-bidirectional"
    /// Traffic into the VPCs from the internet is dropped; connections made outward through a
    /// NAT gateway or an egress-only internet gateway (and their replies) pass.
    case blockIngress = "block-ingress"

    /// How an explanation names it.
    public var label: String {
        switch self {
        case .off: return "off"
        case .blockBidirectional: return "bidirectional (block-bidirectional)"
        case .blockIngress: return "ingress-only (block-ingress)"
        }
    }

    /// This mode for a subnet or VPC with `exclusion` in effect. An allow-bidirectional
    /// exclusion exempts it from any mode; an allow-egress one turns bidirectional blocking
    /// into ingress blocking and changes nothing under ingress blocking. Applying an exclusion
    /// to a mode it has already been applied to changes nothing, so a subnet state that may or
    /// may not reflect its exclusions gives the same answer either way.
    public func with(_ exclusion: BlockPublicAccessExclusion.Mode?) -> BlockPublicAccessMode {
        switch (self, exclusion) {
        case (_, nil), (.off, _): return self
        case (_, .allowBidirectional?): return .off
        case (.blockBidirectional, .allowEgress?), (.blockIngress, .allowEgress?): return .blockIngress
        }
    }
}

/// An exclusion from VPC Block Public Access for one VPC or one subnet.
public struct BlockPublicAccessExclusion: Sendable, Hashable {
    /// `InternetGatewayExclusionMode`.
    public enum Mode: String, Sendable, Hashable {
        case allowBidirectional = "allow-bidirectional"
        case allowEgress = "allow-egress"
    }

    public var id: String
    public var mode: Mode
    /// The VPC it exempts (all of its subnets), or nil for a subnet's.
    public var vpcId: String?
    public var subnetId: String?
    /// `create-complete`, `update-in-progress`, ...; nil when the export does not say.
    public var state: String?

    public init(id: String, mode: Mode, vpcId: String? = nil, subnetId: String? = nil, state: String? = nil) {
        self.id = id
        self.mode = mode
        self.vpcId = vpcId
        self.subnetId = subnetId
        self.state = state
    }

    /// Whether it exempts its VPC or subnet now: once created or updated. One being created,
    /// deleted or disabled (an AWS Organizations declarative policy that allows no exclusions
    /// disables them), or whose creation failed, exempts nothing. An update in progress or
    /// failed leaves an exclusion in place, in one mode or the other: it counts, in the mode
    /// the export gives.
    public var isInEffect: Bool {
        guard let state else { return true }
        return ["create-complete", "update-complete", "update-in-progress", "update-failed"].contains(state)
    }

    /// The VPC or subnet it names.
    public var resourceId: String { subnetId ?? vpcId ?? "" }
}

/// An account's VPC Block Public Access setting in one region: describe-vpc-block-public-access-options
/// and describe-vpc-block-public-access-exclusions, as far as they were exported.
public struct BlockPublicAccessSettings: Sendable, Hashable {
    /// The account's mode; nil when describe-vpc-block-public-access-options was not exported.
    public var mode: BlockPublicAccessMode?
    /// Whether exclusions may be made (`ExclusionsAllowed`: an Organizations declarative policy
    /// can forbid them); nil when not said.
    public var exclusionsAllowed: Bool?
    /// `ManagedBy: declarative-policy`: the account cannot change the mode itself.
    public var managedByDeclarativePolicy: Bool
    /// The region's exclusions (any state), in ID order; nil when
    /// describe-vpc-block-public-access-exclusions was not exported.
    public var exclusions: [BlockPublicAccessExclusion]?

    public init(
        mode: BlockPublicAccessMode? = nil, exclusionsAllowed: Bool? = nil, managedByDeclarativePolicy: Bool = false,
        exclusions: [BlockPublicAccessExclusion]? = nil
    ) {
        self.mode = mode
        self.exclusionsAllowed = exclusionsAllowed
        self.managedByDeclarativePolicy = managedByDeclarativePolicy
        self.exclusions = exclusions
    }
}

/// What VPC Block Public Access does to one subnet's internet traffic, and how that is known.
public struct BlockPublicAccessStatus: Sendable, Hashable {
    /// Where the mode before exclusions came from.
    public enum Source: Sendable, Hashable {
        /// describe-vpc-block-public-access-options (`account/region`).
        case accountOptions
        /// The subnet's own `BlockPublicAccessStates` (describe-subnets).
        case subnetState
        /// Its VPC's `BlockPublicAccessStates` (describe-vpcs).
        case vpcState
        /// Nothing about BPA was exported for the subnet: taken as off, AWS's default.
        case notExported
    }

    /// The subnet this is about.
    public var subnetId: String
    public var vpcId: String
    /// The account and region whose setting applies (the subnet owner's: a shared subnet
    /// follows its owner's mode, basics page, "Enable VPC BPA bidirectional mode").
    public var accountId: String
    public var region: String
    /// The mode that applies to the subnet, exclusions included.
    public var mode: BlockPublicAccessMode
    /// The mode before exclusions, and where it came from.
    public var baseMode: BlockPublicAccessMode
    public var source: Source
    /// The exclusion that applies (in effect), when there is one.
    public var exclusion: BlockPublicAccessExclusion?
    /// Exclusions that name the subnet or its VPC but are not in effect (being created,
    /// failed, deleted, disabled): why they change nothing.
    public var ineffectiveExclusions: [BlockPublicAccessExclusion]
    /// Whether describe-vpc-block-public-access-exclusions was exported for the account and
    /// region: when not, an exclusion that exempts the subnet cannot be seen.
    public var exclusionsExported: Bool
    /// From the account's options, when exported.
    public var exclusionsAllowed: Bool?
    public var managedByDeclarativePolicy: Bool

    /// Whether BPA drops what a NAT gateway in this subnet sends to the internet gateway:
    /// only bidirectional blocking does (ingress-only lets NAT gateways out).
    public var blocksNATGatewayEgress: Bool { mode == .blockBidirectional }
    /// Whether BPA drops what the subnet sends to an egress-only internet gateway.
    public var blocksEgressOnlyGatewayEgress: Bool { mode == .blockBidirectional }
    /// Whether BPA drops a connection that comes into the subnet from the internet through the
    /// VPC's internet gateway (and one the subnet's own interfaces make straight through the
    /// internet gateway, whose replies come in the same way): any mode but off. Only NAT
    /// gateways and egress-only internet gateways make connections that ingress blocking lets
    /// out and back (security-vpc-bpa-example.html, scenario 3: instances with public
    /// addresses in public subnets reach nothing).
    public var blocksInternetGatewayTraffic: Bool { mode != .off }
}

extension Network {
    /// The VPC Block Public Access status of `subnet`.
    ///
    /// How the three exports combine: the account's mode (describe-vpc-block-public-access-options)
    /// with its exclusions (describe-vpc-block-public-access-exclusions) is the setting's
    /// definition, and decides when both were exported. A subnet's and a VPC's own
    /// `BlockPublicAccessStates` are what describe-subnets and describe-vpcs print; the EC2
    /// API reference calls them "the state of VPC BPA" without saying whether exclusions are
    /// applied to them, so they are used as the mode before exclusions, and the exported
    /// exclusions are applied on top (which changes nothing when they were applied already:
    /// `BlockPublicAccessMode.with(_:)`). When the exclusions were not exported, the subnet's
    /// own state is preferred to the account's mode, since it may reflect them. When nothing
    /// was exported, BPA is taken as off, AWS's default (`Source.notExported`).
    public func blockPublicAccess(of subnet: Subnet) -> BlockPublicAccessStatus {
        let vpc = vpcs[subnet.vpcId]
        let account = subnet.ownerId ?? vpc?.accountId ?? ""
        let region = vpc?.region ?? ""
        let settings = blockPublicAccess["\(account)/\(region)"]
        let exclusions = settings?.exclusions
        let own: (BlockPublicAccessMode, BlockPublicAccessStatus.Source)? =
            subnet.blockPublicAccessMode.map { ($0, .subnetState) }
            ?? vpc?.blockPublicAccessMode.map { ($0, .vpcState) }
        let options = settings?.mode.map { ($0, BlockPublicAccessStatus.Source.accountOptions) }
        let (base, source) = (exclusions == nil ? own ?? options : options ?? own) ?? (.off, .notExported)
        let naming = (exclusions ?? []).filter { $0.subnetId == subnet.id || $0.vpcId == subnet.vpcId }
        // A subnet's exclusion and its VPC's may both be there: either exempts it, so the one
        // that lets more through applies (the subnet's on a tie).
        let applied = naming.filter(\.isInEffect).min {
            ($0.mode == .allowBidirectional ? 0 : 1, $0.subnetId == nil ? 1 : 0, $0.id)
                < ($1.mode == .allowBidirectional ? 0 : 1, $1.subnetId == nil ? 1 : 0, $1.id)
        }
        return BlockPublicAccessStatus(
            subnetId: subnet.id, vpcId: subnet.vpcId, accountId: account, region: region,
            mode: base.with(applied?.mode), baseMode: base, source: source, exclusion: applied,
            ineffectiveExclusions: naming.filter { !$0.isInEffect }, exclusionsExported: exclusions != nil,
            exclusionsAllowed: settings?.exclusionsAllowed,
            managedByDeclarativePolicy: settings?.managedByDeclarativePolicy ?? false)
    }
}
