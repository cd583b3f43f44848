extension Explain {
    // MARK: VPC Block Public Access

    /// Traffic that VPC Block Public Access drops at an internet gateway or egress-only internet
    /// gateway (`VPC_BLOCK_PUBLIC_ACCESS_ENABLED`, Reachability Analyzer's code for it:
    /// https://docs.aws.amazon.com/vpc/latest/userguide/security-vpc-bpa-assess-impact-main.html).
    /// The component is the subnet whose mode drops it: that is where an exclusion goes.
    struct BlockedByBlockPublicAccess: BlockerReason {
        /// What crosses the gateway, and which way.
        enum Crossing: Sendable, Hashable {
            /// A NAT gateway in the subnet sends the function's traffic to the internet gateway.
            case natGateway(nat: String, gateway: String)
            /// The function's subnet sends IPv6 to an egress-only internet gateway.
            case egressOnlyGateway(gateway: String)
            /// The function's subnet sends IPv6 straight to the internet gateway.
            case ownInternetGateway(gateway: String)
            /// A connection comes in from the internet through the VPC's internet gateway to
            /// `owner` (a publicly accessible database, a public address of the inventory).
            /// `sameVPC`: the owner is in the function's own VPC (a hairpin through the NAT gateway).
            case inbound(owner: String, gateway: String?, sameVPC: Bool = false)
        }

        var crossing: Crossing
        var status: BlockPublicAccessStatus

        /// The exclusion mode that would let the traffic through: an outbound connection
        /// through a NAT gateway or egress-only gateway needs only allow-egress; anything that
        /// must come in from the internet (a connection made to the subnet, or the replies to
        /// one its own interfaces make straight through the internet gateway) needs
        /// allow-bidirectional, since allow-egress blocks inbound traffic.
        var neededExclusion: BlockPublicAccessExclusion.Mode {
            switch crossing {
            case .natGateway, .egressOnlyGateway: return .allowEgress
            case .ownInternetGateway, .inbound: return .allowBidirectional
            }
        }

        func words(for function: FunctionIdentity) -> BlockerWords {
            // BPA is the subnet owner's setting: another account's subnet (a vendor's database,
            // a shared VPC's owner) is changed by that account.
            let parts = function.arn.split(separator: ":", omittingEmptySubsequences: false)
            let functionAccount = parts.count > 4 ? String(parts[4]) : ""
            var fix = fix
            if !status.accountId.isEmpty && functionAccount != status.accountId {
                fix = "# as account \(note: status.accountId), which owns \(note: status.subnetId):\n" + fix
            }
            return BlockerWords(message: message, fix: fix.text)
        }

        /// What BPA is, which mode applies to which subnet and from which export.
        var setting: String {
            let place = "account \(status.accountId) in \(status.region)"
            var text =
                "VPC Block Public Access (BPA) is on for \(status.subnetId): BPA is an account's setting, per region, that drops traffic at internet gateways and egress-only internet gateways whatever the routes, security groups and network ACLs allow (https://docs.aws.amazon.com/vpc/latest/userguide/security-vpc-bpa.html)."
            switch status.source {
            case .accountOptions:
                text +=
                    " It is in \(status.baseMode.label) mode for \(place) (describe-vpc-block-public-access-options)"
            case .subnetState:
                text +=
                    " describe-subnets reports it as \(status.baseMode.rawValue) for \(status.subnetId) (its BlockPublicAccessStates)"
            case .vpcState:
                text +=
                    " describe-vpcs reports it as \(status.baseMode.rawValue) for \(status.vpcId) (its BlockPublicAccessStates)"
            case .notExported:
                text += " Its mode is \(status.baseMode.rawValue)"
            }
            if let exclusion = status.exclusion {
                text +=
                    ", and exclusion \(exclusion.id) (\(exclusion.mode.rawValue), for \(exclusion.resourceId)) lets outbound traffic out but no traffic in: \(status.subnetId) is blocked as in ingress-only mode."
            } else if status.exclusionsExported {
                text += ", and no exclusion exempts \(status.subnetId) or its VPC \(status.vpcId)."
            } else {
                text += "."
            }
            return text
        }

        var message: String {
            var text = setting
            switch crossing {
            case .natGateway(let nat, let gateway):
                text +=
                    " NAT gateway \(nat) sits in \(status.subnetId) and sends the function's traffic to the internet through internet gateway \(gateway): a NAT gateway needs an internet gateway for internet connectivity, so BPA counts its traffic as the internet gateway's, and bidirectional mode drops it there (ingress-only mode would let it out and its replies back). The function's own subnet needs no exclusion: it sends to the NAT gateway, not to the internet gateway; what BPA judges is the NAT gateway's subnet."
            case .egressOnlyGateway(let gateway):
                text +=
                    " \(status.subnetId) sends the function's IPv6 traffic to egress-only internet gateway \(gateway), and bidirectional mode drops all traffic to and from egress-only internet gateways (ingress-only mode would let it out)."
            case .ownInternetGateway(let gateway):
                text +=
                    " \(status.subnetId) sends the function's IPv6 traffic straight to internet gateway \(gateway). Only connections made through NAT gateways and egress-only internet gateways pass a BPA mode other than off: a connection made straight through the internet gateway needs its replies let in from the internet, which BPA drops."
            case .inbound(let owner, let gateway, _):
                let through = gateway.map { "internet gateway \($0)" } ?? "its VPC's internet gateway"
                text +=
                    " The connection to \(owner) comes in from the internet through \(through) into \(status.subnetId), and BPA drops all internet traffic coming into a subnet that is not excluded with allow-bidirectional (an allow-egress exclusion lets traffic out only)."
            }
            for exclusion in status.ineffectiveExclusions {
                let why =
                    switch exclusion.state {
                    case "create-in-progress"?, "update-in-progress"?:
                        "it exempts nothing until it is create-complete"
                    case "disable-in-progress"?, "disable-complete"?:
                        "a disabled exclusion exempts nothing (an AWS Organizations declarative policy allows no exclusions now)"
                    default: "it exempts nothing"
                    }
                text +=
                    " Exclusion \(exclusion.id) (\(exclusion.mode.rawValue), for \(exclusion.resourceId)) is \(exclusion.state ?? "not in effect"): \(why)."
            }
            if !status.exclusionsExported {
                text +=
                    " describe-vpc-block-public-access-exclusions was not imported for \(status.accountId)/\(status.region), so an exclusion that exempts \(status.subnetId) or \(status.vpcId) would not be seen"
                switch status.source {
                case .subnetState, .vpcState:
                    text +=
                        " (the EC2 API reference does not say whether a subnet's or VPC's BlockPublicAccessStates reflects its exclusions)."
                default:
                    text += "."
                }
            }
            return text
        }

        var fix: ShellCommand {
            let region = status.region
            if status.exclusionsAllowed == false {
                return
                    "# Exclusions are not allowed in \(note: status.accountId)/\(note: region) (ExclusionsAllowed: not-allowed, set by an AWS Organizations declarative policy): the organization's management account must allow them, or change the mode, in the policy's VPC Block Public Access attribute (https://docs.aws.amazon.com/vpc/latest/userguide/security-vpc-bpa-basics.html#security-vpc-bpa-exclusions-orgs)."
            }
            var fix: ShellCommand = ""
            if !status.exclusionsExported {
                fix +=
                    "aws ec2 describe-vpc-block-public-access-exclusions --region \(region)   # check for an exclusion of \(status.subnetId) or \(status.vpcId) first\n"
            }
            let mode = neededExclusion.rawValue
            if let pending = status.ineffectiveExclusions.first(where: {
                $0.subnetId == status.subnetId && $0.mode == neededExclusion
                    && ($0.state == "create-in-progress" || $0.state == "update-in-progress")
            }) {
                // The exclusion that is needed is being made: the fix is to let it finish.
                fix +=
                    "aws ec2 describe-vpc-block-public-access-exclusions --region \(region) --exclusion-ids \(pending.id)   # \(note: pending.state ?? "in progress"): the subnet is exempt once it is create-complete"
            } else if let own = status.exclusion, own.subnetId == status.subnetId {
                // The subnet's own exclusion lets too little through: changed, not doubled.
                fix +=
                    "aws ec2 modify-vpc-block-public-access-exclusion --region \(region) --exclusion-id \(own.id) --internet-gateway-exclusion-mode \(raw: mode)"
            } else {
                fix +=
                    "aws ec2 create-vpc-block-public-access-exclusion --region \(region) --subnet-id \(status.subnetId) --internet-gateway-exclusion-mode \(raw: mode)"
            }
            switch crossing {
            case .natGateway, .egressOnlyGateway:
                // Ingress-only mode lets NAT gateways and egress-only internet gateways out in
                // every VPC of the region: the wider change, for when every private subnet
                // needs the internet.
                if status.managedByDeclarativePolicy {
                    fix +=
                        "\n# or change the mode to ingress-only in the AWS Organizations declarative policy that manages it (ManagedBy: declarative-policy), which lets NAT gateways and egress-only internet gateways out in every VPC of the region"
                } else if status.source == .accountOptions || status.baseMode == .blockBidirectional {
                    fix +=
                        "\n# or, for every VPC of \(note: status.accountId) in \(note: region), let NAT gateways and egress-only internet gateways out (inbound traffic stays blocked):\naws ec2 modify-vpc-block-public-access-options --region \(region) --internet-gateway-block-mode block-ingress"
                }
            case .ownInternetGateway(let gateway):
                fix +=
                    "\n# or send ::/0 to an egress-only internet gateway instead of \(note: gateway): ingress-only mode lets an egress-only gateway's traffic out"
            case .inbound(let owner, _, let sameVPC):
                fix +=
                    sameVPC
                    ? "\n# or reach \(note: owner) by its private address, which the VPC's local route carries and BPA does not touch"
                    : "\n# or reach \(note: owner) by its private address (through a peering connection or a transit gateway), which BPA does not touch"
            }
            return fix
        }
    }

    static func blockedByBlockPublicAccess(
        _ status: BlockPublicAccessStatus, _ crossing: BlockedByBlockPublicAccess.Crossing
    ) -> Blocker {
        Blocker(
            code: .vpcBlockPublicAccessEnabled, component: status.subnetId,
            reason: BlockedByBlockPublicAccess(crossing: crossing, status: status))
    }

    /// The note of a path that crosses an internet gateway where nothing about BPA was
    /// exported for the subnet whose mode would decide: it was taken as off, AWS's default.
    static func blockPublicAccessNotExported(_ status: BlockPublicAccessStatus) -> String {
        "VPC Block Public Access (BPA) is not in the export for \(status.subnetId) (describe-subnets and describe-vpcs printed no BlockPublicAccessStates, and describe-vpc-block-public-access-options was not imported for \(status.accountId)/\(status.region)): it was taken as off, AWS's default. If it is on, the internet gateway may drop this traffic: aws ec2 describe-vpc-block-public-access-options --region \(status.region) says."
    }

    /// The note of a path that BPA lets through in ingress-only mode.
    static func blockPublicAccessAllows(_ status: BlockPublicAccessStatus, natGateway: String?) -> String {
        let what =
            natGateway.map { "NAT gateway \($0)'s traffic (a connection made outward)" }
            ?? "traffic to an egress-only internet gateway (a connection made outward)"
        return
            "VPC Block Public Access is on for \(status.subnetId) in ingress-only mode\(status.exclusion.map { " (exclusion \($0.id), \($0.mode.rawValue))" } ?? ""): it lets \(what) out and its replies back, and drops connections from the internet."
    }
}
