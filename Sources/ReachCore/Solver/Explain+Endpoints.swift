extension Explain {
    // MARK: Endpoints

    /// What keeps a VPC endpoint from carrying the traffic.
    struct EndpointProblem: BlockerReason {
        var endpoint: VPCEndpoint
        var problem: Problem

        enum Problem: Sendable, Hashable {
            case notAvailable
            /// The policy refuses the calls; `role` when it allows some principal's calls but
            /// not those of the function's execution role, `denied` when a Deny applies to it;
            /// `keys`: the condition keys that decided (the Deny's, or those of Allows' conditions
            /// that do not hold for a call through the endpoint).
            case policyDenies(role: String?, denied: Bool, keys: [String])
            /// A gateway endpoint for another service than the one asked for, or for the same
            /// service in another region (`region`: the function's).
            case otherService(String, region: String)
            /// The VPC's DNS attributes that are off (private DNS is on).
            case vpcDNSOff(vpc: String, off: [String])
            case privateDNSOff(service: String)
            case noSubnets
        }

        func words(for function: FunctionIdentity) -> BlockerWords {
            switch problem {
            case .notAvailable:
                // The endpoint exists in these states (see `VPCEndpoint.Lifecycle`): its name
                // still leads the traffic to it.
                let why: String
                let fix: ShellCommand
                switch endpoint.state {
                case "pendingacceptance", "pending-acceptance":
                    why = "the endpoint service's owner has not accepted it yet"
                    fix =
                        "The endpoint service owner must accept it: aws ec2 accept-vpc-endpoint-connections --service-id <service> --vpc-endpoint-ids \(endpoint.id)"
                case "pending":
                    why = "AWS is still creating it"
                    fix = "aws ec2 describe-vpc-endpoints --vpc-endpoint-ids \(endpoint.id)   # wait for 'available'"
                case "deleting":
                    why = "AWS is deleting it"
                    fix =
                        "aws ec2 describe-vpc-endpoints --vpc-endpoint-ids \(endpoint.id)   # once it is deleted, create the endpoint the function needs again"
                case "rejected", "expired":
                    why = "the endpoint service's owner did not accept its connection"
                    fix =
                        "aws ec2 delete-vpc-endpoints --vpc-endpoint-ids \(endpoint.id)   # then create it again once the service's owner allows the connection"
                default:
                    why = "it is not 'available'"
                    fix = "aws ec2 describe-vpc-endpoints --vpc-endpoint-ids \(endpoint.id)"
                }
                return BlockerWords(
                    message:
                        "VPC endpoint \(endpoint.id) (\(endpoint.serviceName)) is in state '\(endpoint.state)': \(why), and it carries no traffic while the traffic is sent to it.",
                    fix: Shell.line(fix))
            case .policyDenies(_, let denied, let keys)
            where keys.contains(where: { $0.lowercased() == "aws:sourceip" }):
                // AWS: "If the request comes from a host that uses an Amazon VPC endpoint, then
                // the aws:SourceIp key is not available. You should instead use a VPC-specific
                // key such as aws:VpcSourceIp."
                let how =
                    denied
                    ? "a Deny in it applies when aws:SourceIp is not among the addresses it lists, and a request through a VPC endpoint carries no aws:SourceIp at all (AWS: it \"is not available\" then), so the Deny applies to every call through the endpoint"
                    : "its Allow holds only for an aws:SourceIp among the addresses it lists, and a request through a VPC endpoint carries no aws:SourceIp at all (AWS: it \"is not available\" then), so the Allow holds for no call through the endpoint"
                return BlockerWords(
                    message:
                        "The policy of VPC endpoint \(endpoint.id) decides on aws:SourceIp: \(how). Every request \(function.name) makes to \(endpoint.shortServiceName) through the endpoint is refused (HTTP 403).",
                    fix: Shell.line(
                        "aws ec2 modify-vpc-endpoint --vpc-endpoint-id \(endpoint.id) --policy-document file://policy.json   # policy.json: the condition on aws:SourceIp written on aws:VpcSourceIp (the callers' private addresses), aws:SourceVpc or aws:SourceVpce instead, as AWS advises for requests through a VPC endpoint"
                    ))
            case .policyDenies(let role?, true, _):
                return BlockerWords(
                    message:
                        "The policy of VPC endpoint \(endpoint.id) allows calls to \(endpoint.shortServiceName), but a Deny in it applies to \(function.name)'s execution role \(role), and a Deny overrides every Allow: every request the function makes through the endpoint is refused (HTTP 403).",
                    fix: Shell.line(
                        "aws ec2 modify-vpc-endpoint --vpc-endpoint-id \(endpoint.id) --policy-document file://policy.json   # policy.json: the Deny narrowed so that it no longer applies to \(role)"
                    ))
            case .policyDenies(let role?, false, _):
                return BlockerWords(
                    message:
                        "The policy of VPC endpoint \(endpoint.id) allows calls to \(endpoint.shortServiceName), but not by \(function.name)'s execution role \(role): an endpoint policy is a resource policy, which must allow the calling principal, so every request the function makes through the endpoint is refused (HTTP 403).",
                    fix: Shell.line(
                        "aws ec2 modify-vpc-endpoint --vpc-endpoint-id \(endpoint.id) --policy-document file://policy.json   # policy.json: allow \(role) in the statement that allows the calls (its Principal, or its aws:PrincipalArn condition)"
                    ))
            case .policyDenies(nil, _, _):
                return BlockerWords(
                    message:
                        "The policy of VPC endpoint \(endpoint.id) does not allow calls to \(endpoint.shortServiceName): the network path exists, but every request through the endpoint is refused (HTTP 403).",
                    fix: Shell.line(
                        "aws ec2 modify-vpc-endpoint --vpc-endpoint-id \(endpoint.id) --reset-policy   # or a policy that allows the calls the function makes"
                    ))
            case .otherService(let service, let region):
                let served =
                    endpoint.shortServiceName == service
                    ? "\(endpoint.serviceName), which serves \(service) in \(endpoint.serviceRegion ?? "another region") only, not in \(region)"
                    : "\(endpoint.shortServiceName), which does not serve \(service)"
                return BlockerWords(
                    message: "The route sends the traffic to \(endpoint.id), a gateway endpoint for \(served).",
                    fix: Shell.line(
                        "Route \(service) separately (a gateway or interface endpoint for \(service), or a NAT gateway)."
                    ))
            case .vpcDNSOff(let vpc, let off):
                return BlockerWords(
                    message:
                        "\(endpoint.id) has private DNS on, but \(vpc) has \(off.joined(separator: " and ")) off, so \(endpoint.shortServiceName)'s normal name does not resolve to the endpoint: the SDK goes to the public endpoint, which this subnet cannot reach.",
                    fix: off.map { Explain.enableDNSAttribute($0, vpcId: vpc) }.joined(separator: "\n").text)
            case .privateDNSOff(let service):
                return BlockerWords(
                    message:
                        "\(endpoint.id) is an interface endpoint for \(service), but its private DNS is off: the SDK resolves \(service)'s public name and never uses the endpoint (unless the code is given the endpoint's own DNS name).",
                    fix: Shell.line(
                        "aws ec2 modify-vpc-endpoint --vpc-endpoint-id \(endpoint.id) --private-dns-enabled"))
            case .noSubnets:
                return BlockerWords(
                    message:
                        "Interface endpoint \(endpoint.id) has no subnet in the inventory, so its network interfaces cannot be located.",
                    fix: Shell.line(
                        "aws ec2 modify-vpc-endpoint --vpc-endpoint-id \(endpoint.id) --add-subnet-ids <a subnet per AZ of the function>"
                    ))
            }
        }
    }

    /// An interface endpoint whose private DNS names have AAAA records only (`DnsRecordIpType:
    /// ipv6`), asked by a function that connects over IPv4 only.
    struct IPv6OnlyRecords: BlockerReason {
        var endpoint: String
        var serviceName: String
        /// Why the function has no IPv6: its VpcConfig does not allow it, or its subnet has no block.
        var why: String

        func words(for function: FunctionIdentity) -> BlockerWords {
            BlockerWords(
                message:
                    "\(endpoint) (\(serviceName)) creates its private DNS records as IPv6 only (DnsRecordIpType ipv6: AAAA records, no A records), so the service's name has no IPv4 address in this VPC, and \(function.name) connects over IPv4 only (\(why)): the name resolves to nothing it can use, and the SDK's calls fail.",
                fix: Shell.line(
                    "aws ec2 modify-vpc-endpoint --vpc-endpoint-id \(endpoint) --ip-address-type dualstack --dns-options DnsRecordIpType=dualstack   # A and AAAA records (dual stack needs subnets with both IPv4 and IPv6 blocks); or give the function IPv6: Ipv6AllowedForDualStack=true in subnets with IPv6 blocks"
                ))
        }
    }

    static func ipv6OnlyRecords(_ endpoint: VPCEndpoint, why: String) -> Blocker {
        Blocker(
            code: .dnsNameNotResolved, component: endpoint.id,
            reason: IPv6OnlyRecords(endpoint: endpoint.id, serviceName: endpoint.serviceName, why: why))
    }

    static func endpointNotAvailable(_ endpoint: VPCEndpoint) -> Blocker {
        Blocker(
            code: .badState, component: endpoint.id, reason: EndpointProblem(endpoint: endpoint, problem: .notAvailable)
        )
    }

    /// `role`: the function's execution role, when the policy allows other principals' calls.
    static func endpointPolicyDenies(
        _ endpoint: VPCEndpoint, role: String? = nil, denied: Bool = false, keys: [String] = []
    ) -> Blocker {
        Blocker(
            code: .endpointPolicyDenies, component: endpoint.id,
            reason: EndpointProblem(endpoint: endpoint, problem: .policyDenies(role: role, denied: denied, keys: keys)))
    }

    static func noRouteVia(endpoint: VPCEndpoint, service: String, region: String) -> Blocker {
        Blocker(
            code: .noRouteToDestination, component: endpoint.id,
            reason: EndpointProblem(endpoint: endpoint, problem: .otherService(service, region: region)))
    }

    static func vpcDNSDisabled(_ vpc: VPC, endpoint: VPCEndpoint) -> Blocker {
        var off: [String] = []
        if vpc.enableDnsSupport == false { off.append("enableDnsSupport") }
        if vpc.enableDnsHostnames == false { off.append("enableDnsHostnames") }
        return Blocker(
            code: .vpcDNSAttributesDisabled, component: vpc.id,
            reason: EndpointProblem(endpoint: endpoint, problem: .vpcDNSOff(vpc: vpc.id, off: off)))
    }

    static func privateDNSDisabled(_ endpoint: VPCEndpoint, service: String) -> Blocker {
        Blocker(
            code: .endpointPrivateDNSDisabled, component: endpoint.id,
            reason: EndpointProblem(endpoint: endpoint, problem: .privateDNSOff(service: service)))
    }

    static func endpointWithoutSubnets(_ endpoint: VPCEndpoint) -> Blocker {
        Blocker(
            code: .unknownDestination, component: endpoint.id,
            reason: EndpointProblem(endpoint: endpoint, problem: .noSubnets))
    }

    /// A destination in no subnet of the inventory.
    struct UnknownDestination: BlockerReason {
        var label: String
        var subnet: String?

        func words(for function: FunctionIdentity) -> BlockerWords {
            BlockerWords(
                message:
                    "\(label) is not in any subnet of the inventory, so no path to it can be followed\(subnet.map { " from \($0)" } ?? "").",
                fix:
                    "# export the subnets (and databases) of the destination's VPC, then import them:\naws ec2 describe-subnets > describe-subnets.json\naws rds describe-db-instances > describe-db-instances.json\nlambda-reach import describe-subnets.json describe-db-instances.json"
            )
        }
    }

    static func unknownDestination(_ label: String, subnet: Subnet?) -> Blocker {
        Blocker(
            code: .unknownDestination, component: label, reason: UnknownDestination(label: label, subnet: subnet?.id))
    }

    /// A private hosted zone associated with the function's VPC covers the name of a service or
    /// of a database and holds no record for it: Route 53 answers NXDOMAIN rather than asking
    /// public DNS.
    struct DNSNoRecord: BlockerReason {
        var name: String
        var zone: String
        var zoneName: String
        var vpcId: String
        var region: String
        /// The name is a database's endpoint, not an AWS service's.
        var database: Bool
        /// The name is the wildcard for S3's bucket names (`*.s3.REGION.amazonaws.com`).
        var bucketNames = false
        /// The name is the wildcard for the names a service is called at (`*.execute-api.REGION.amazonaws.com`):
        /// how they are called, in words.
        var calledAt: String? = nil
        /// The gateway endpoint the subnet's table routes the service's public addresses to,
        /// which the calls would take if the name resolved publicly.
        var gatewayEndpoint: String? = nil

        /// Route 53's public DNS fallback (an ADVANCED-tier zone's setting, off by default) makes
        /// such a zone ask public DNS instead; no export lambda-reach reads shows it.
        static let fallbackCaveat =
            "(Unless public DNS fallback is turned on for the zone, an ADVANCED-tier setting, off by default, that the exports lambda-reach reads do not show: Route 53 then asks public DNS for names the zone lacks.)"

        func words(for function: FunctionIdentity) -> BlockerWords {
            if let calledAt {
                return BlockerWords(
                    message:
                        "\(vpcId) is associated with private hosted zone \(zone) (\(zoneName)), which has no record for the names under \(name.dropFirst(2)) (\(name)). \(calledAt): Route 53 answers those from the zone alone (a record for \(name.dropFirst(2)) itself answers no name under it), NXDOMAIN, and \(function.name)'s calls never connect. \(Self.fallbackCaveat)",
                    fix: Shell.line(
                        "# add the wildcard record \(note: name), an alias to the interface endpoint's DNS name (the private DNS of an endpoint for the service holds it):\n"
                            + Explain.changeRecords(in: zone, batch: "wildcard-alias-to-endpoint.json")
                    ))
            }
            if bucketNames {
                return BlockerWords(
                    message:
                        "\(vpcId) is associated with private hosted zone \(zone) (\(zoneName)), which answers \(name.dropFirst(2)) but has no record for the names under it (\(name)). An SDK names the bucket in the host (BUCKET.\(name.dropFirst(2)), virtual-hosted style, the default): Route 53 answers those from the zone alone, NXDOMAIN, and \(function.name)'s S3 calls never connect. \(Self.fallbackCaveat)",
                    fix: Shell.line(
                        "# add the wildcard record beside the zone's apex record, an alias to the same endpoint's DNS name (AWS's own private DNS for an S3 endpoint holds both):\n"
                            + Explain.changeRecords(in: zone, batch: "wildcard-alias-to-endpoint.json")
                    ))
            }
            let message =
                "\(vpcId) is associated with private hosted zone \(zone) (\(zoneName)), which covers \(name) but has no A record for it. Route 53 answers a name inside a private zone from that zone only: \(function.name)'s \(database ? "database driver gets NXDOMAIN (\"unknown host\") and never connects" : "SDK gets NXDOMAIN (\"unknown host\") and never reaches the public endpoint"). \(Self.fallbackCaveat)"
            if let gatewayEndpoint, !database {
                // No record can point the name at a gateway endpoint: it has no address, only
                // a route to the service's public ones, which the name must resolve to.
                return BlockerWords(
                    message: message
                        + " The route to gateway endpoint \(gatewayEndpoint) does not help: it carries only traffic to the service's public addresses, which the name never resolves to.",
                    fix: Shell.line(
                        "# the zone answers every name under \(zoneName) and has none for \(name): disassociate it from the VPC (or narrow it to the names it is for), and the name resolves publicly, through \(gatewayEndpoint)\naws route53 disassociate-vpc-from-hosted-zone --hosted-zone-id \(zone) --vpc VPCRegion=\(region),VPCId=\(vpcId)"
                    ))
            }
            guard database else {
                return BlockerWords(
                    message: message,
                    fix: Shell.line(
                        "# point the name at the interface endpoint that serves it (an alias to its DNS name), or disassociate the zone:\n"
                            + Explain.changeRecords(in: zone, batch: "alias-to-endpoint.json")
                    ))
            }
            // RDS moves a database's address (a failover, a restore): a zone that answered its
            // name would have to follow it, so the fix takes the zone off the VPC.
            return BlockerWords(
                message: message,
                fix: Shell.line(
                    "# the zone answers every name under \(zoneName) and has none for the database's: disassociate it from the VPC (or narrow it to the names it is for)\naws route53 disassociate-vpc-from-hosted-zone --hosted-zone-id \(zone) --vpc VPCRegion=\(region),VPCId=\(vpcId)"
                ))
        }
    }

    /// The commands that show a private hosted zone's records and change them with the
    /// change batch in file `batch` (which the user writes).
    static func changeRecords(in zone: String, batch: String) -> ShellCommand {
        "aws route53 list-resource-record-sets --hosted-zone-id \(zone)\naws route53 change-resource-record-sets --hosted-zone-id \(zone) --change-batch file://\(raw: batch)"
    }

    /// A private hosted zone that answers a service's name with something other than an
    /// endpoint that serves it. The zone's answer is final (Route 53 does not ask public DNS for
    /// a name inside a private zone), so the SDK connects where it says.
    struct DNSAnswerElsewhere: BlockerReason {
        var name: String
        /// The zone that answered (or the Resolver rule whose resolvers' zone did).
        var source: DNSResolution.Source
        var answer: Answer
        var vpcId: String

        enum Answer: Sendable, Hashable {
            /// Addresses or an alias that no interface endpoint of the inventory holds.
            case unknown(String)
            /// An interface endpoint of another service (or region).
            case endpoint(String, serviceName: String)
        }

        func words(for function: FunctionIdentity) -> BlockerWords {
            let source = self.source.described.prefix(1).uppercased() + self.source.described.dropFirst()
            switch answer {
            case .unknown(let text):
                return BlockerWords(
                    message:
                        "\(source), which \(vpcId) uses, answers \(name) with \(text): no interface endpoint of the inventory holds that. Route 53 answers a name inside a private zone from that zone alone, never with the public endpoint, so \(function.name)'s SDK connects there: stale addresses or an alias to a deleted endpoint fail; an endpoint in an account that was not imported cannot be followed.",
                    fix: repoint(
                        "# point the record at the DNS name of the interface endpoint that serves \(raw: name) (describe-vpc-endpoints: DnsEntries), or import the account that owns the endpoint:",
                        region: function.region))
            case .endpoint(let endpoint, let serviceName):
                return BlockerWords(
                    message:
                        "\(source), which \(vpcId) uses, answers \(name) with \(endpoint), an interface endpoint for \(serviceName): \(function.name)'s SDK sends its calls for \(name) to an endpoint that does not serve them.",
                    fix: repoint(
                        "# point the record at the DNS name of the endpoint for \(raw: name) (describe-vpc-endpoints: DnsEntries):",
                        region: function.region))
            }
        }

        /// `comment`, then the commands that show and change the record: in the zone that
        /// answered, or, behind a Resolver rule, in the zones of the VPC its resolvers are in.
        func repoint(_ comment: ShellCommand, region: String) -> String {
            switch source {
            case .hostedZone(let id, _):
                return Shell.line(
                    comment
                        + "\n" + Explain.changeRecords(in: id, batch: "alias-to-endpoint.json")
                )
            case .resolverRule(let id, _, let target):
                return Shell.line(
                    comment
                        + "\n# Resolver rule \(id) sends the question to resolvers in \(target): the record is in a private hosted zone associated with \(target)\naws route53 list-hosted-zones-by-vpc --vpc-id \(target) --vpc-region \(region)"
                )
            case .inboundEndpoint(let id, let target):
                return Shell.line(
                    comment
                        + "\n# the DHCP options send the question to Resolver inbound endpoint \(id), answered in \(target): the record is in a private hosted zone associated with \(target)\naws route53 list-hosted-zones-by-vpc --vpc-id \(target) --vpc-region \(region)"
                )
            case .dnsServer(let address, let target):
                return Shell.line(
                    comment
                        + "\n# the DHCP options send the question to DNS server \(address), answered in \(target): the record is in a private hosted zone associated with \(target)\naws route53 list-hosted-zones-by-vpc --vpc-id \(target) --vpc-region \(region)"
                )
            }
        }

        /// The component: the zone that answered (or the Resolver rule that forwarded).
        var zoneOrRule: String { source.component }
    }

    static func dnsAnswerElsewhere(
        _ name: String, source: DNSResolution.Source, answer: DNSAnswerElsewhere.Answer, vpcId: String
    ) -> Blocker {
        let reason = DNSAnswerElsewhere(name: name, source: source, answer: answer, vpcId: vpcId)
        return Blocker(code: .dnsAnswerNotTheService, component: reason.zoneOrRule, reason: reason)
    }

    /// A forwarding rule whose queries go unanswered: nothing holds its target addresses, or
    /// security groups drop the queries between its outbound endpoint and the targets.
    struct ForwardingUnanswered: BlockerReason {
        var rule: String
        var domain: String
        var name: String
        var targets: [String]
        var problem: Problem

        enum Problem: Sendable, Hashable {
            /// No network interface of `vpcId` holds the targets.
            case nothingThere(vpcId: String)
            /// `group` (of the interface at `to`, or, `egress`, of the outbound endpoint's at
            /// `from`) lets no udp 53 through.
            case filtered(group: String, outbound: String, from: [String], to: [String], egress: Bool)
        }

        func words(for function: FunctionIdentity) -> BlockerWords {
            let forwards =
                "Resolver rule \(rule) forwards \(domain == "." ? "every name" : domain)\(domain == name ? "" : " (here \(name))") to \(targets.joined(separator: ", "))"
            switch problem {
            case .nothingThere(let vpcId):
                return BlockerWords(
                    message:
                        "\(forwards), in \(vpcId), where no network interface holds those addresses: no Resolver inbound endpoint (or other DNS server) answers there, so the forwarded queries time out and \(function.name) cannot resolve the name. A rule's answer is final: the VPC's resolver does not fall back to public DNS.",
                    fix: Shell.line(
                        "# point the rule at the inbound endpoint's addresses:\naws route53resolver list-resolver-endpoints --region \(function.region)\naws route53resolver update-resolver-rule --resolver-rule-id \(rule) --config 'TargetIps=[{Ip=ADDRESS,Port=53}]' --region \(function.region)"
                    ))
            case .filtered(let group, let outbound, let from, let to, let egress):
                // DNS is udp 53, and tcp 53 for answers too large for a datagram.
                let peers = (egress ? to : from).map { "{CidrIp=\($0)/32}" }.joined(separator: ",")
                let permissions =
                    "'IpProtocol=udp,FromPort=53,ToPort=53,IpRanges=[\(peers)]' 'IpProtocol=tcp,FromPort=53,ToPort=53,IpRanges=[\(peers)]'"
                let fix: ShellCommand =
                    "aws ec2 \(raw: egress ? "authorize-security-group-egress" : "authorize-security-group-ingress") --group-id \(group) --ip-permissions \(raw: permissions)"
                return BlockerWords(
                    message:
                        "\(forwards) through its outbound endpoint \(outbound). \(egress ? "The outbound endpoint's security group \(group) lets no udp 53 out to \(to.joined(separator: ", "))" : "Security group \(group) of the interfaces at \(to.joined(separator: ", ")) admits no udp 53 from the outbound endpoint's addresses (\(from.joined(separator: ", ")))"): the forwarded queries are dropped, and \(function.name) cannot resolve the name (the rule's answer is final: no fallback to public DNS).",
                    fix: fix.text)
            }
        }
    }

    static func forwardedToNothing(_ rule: ResolverRuleUse, name: String, vpcId: String) -> Blocker {
        Blocker(
            code: .dnsNameNotResolved, component: rule.ruleId,
            reason: ForwardingUnanswered(
                rule: rule.ruleId, domain: rule.domainName, name: name,
                targets: rule.targetAddresses.map(\.description),
                problem: .nothingThere(vpcId: vpcId)))
    }

    static func forwardedQueriesFiltered(
        _ rule: ResolverRuleUse, name: String, group: String, outbound: String, from: [String], to: [String],
        egress: Bool
    ) -> Blocker {
        Blocker(
            code: .eniSecurityGroupRulesMismatch, component: group,
            reason: ForwardingUnanswered(
                rule: rule.ruleId, domain: rule.domainName, name: name,
                targets: rule.targetAddresses.map(\.description),
                problem: .filtered(group: group, outbound: outbound, from: from, to: to, egress: egress)))
    }

    /// A Resolver outbound endpoint as the source of the queries a forwarding rule sends: the
    /// words of the blockers on their way (a route table's, a network ACL's) are written for
    /// it, with its subnets and groups, as a function's are for the function.
    static func outboundEndpointSource(
        _ endpoint: String, interfaces: [NetworkInterface], accountId: String, region: String
    ) -> FunctionIdentity {
        FunctionIdentity(
            name: endpoint, arn: "arn:aws:route53resolver:\(region):\(accountId):resolver-endpoint/\(endpoint)",
            securityGroupIds: Array(Set(interfaces.flatMap(\.securityGroupIds))).sorted(),
            subnetIds: Array(Set(interfaces.map(\.subnetId))).sorted(), noun: "Resolver outbound endpoint \(endpoint)")
    }

    /// A blocker of a forwarding rule's queries on their way from its outbound endpoint to its
    /// targets (`inner`, at the component to fix, a route table or a network ACL): dropped, they
    /// get no answer, and the name does not resolve.
    struct ForwardedQueryDropped: BlockerReason {
        var rule: String
        var domain: String
        var name: String
        var targets: [String]
        var inner: Blocker
        var source: FunctionIdentity

        func words(for function: FunctionIdentity) -> BlockerWords {
            let own = inner.words(for: source)
            let forwards =
                "Resolver rule \(rule) forwards \(domain == "." ? "every name" : domain)\(domain == name ? "" : " (here \(name))") to \(targets.joined(separator: ", "))"
            return BlockerWords(
                message:
                    "\(forwards) through \(source.noun), whose network interfaces (subnets \(source.subnetIds.joined(separator: ", "))) send the queries, udp 53, as any traffic from those subnets: they are dropped on the way, get no answer, and \(function.name) cannot resolve the name (a rule's answer is final: no fallback to public DNS). \(own.message)",
                fix: own.fix)
        }

        func combined(with other: any BlockerReason) -> (any BlockerReason)? {
            guard let other = other as? ForwardedQueryDropped, other.rule == rule,
                let joined = inner.reason.combined(with: other.inner.reason)
            else { return nil }
            var both = self
            both.inner.reason = joined
            return both
        }
    }

    static func forwardedQueryDropped(
        _ inner: Blocker, rule: ResolverRuleUse, name: String, source: FunctionIdentity
    ) -> Blocker {
        Blocker(
            code: inner.code, component: inner.component,
            reason: ForwardedQueryDropped(
                rule: rule.ruleId, domain: rule.domainName, name: name,
                targets: rule.targetAddresses.map(\.description), inner: inner, source: source))
    }

    /// `database`: the name is a database's endpoint.
    static func dnsNoRecord(
        _ name: String, zone: PrivateHostedZone, vpcId: String, region: String, database: Bool = false,
        bucketNames: Bool = false, calledAt: String? = nil, gatewayEndpoint: String? = nil
    ) -> Blocker {
        Blocker(
            code: .dnsNameNotResolved, component: zone.id,
            reason: DNSNoRecord(
                name: name, zone: zone.id, zoneName: zone.name, vpcId: vpcId, region: region, database: database,
                bucketNames: bucketNames, calledAt: calledAt, gatewayEndpoint: gatewayEndpoint))
    }

    /// A blocker that refuses the connections to some of a destination's addresses only: its
    /// name resolves to network interfaces in several zones (an interface endpoint's, one per
    /// subnet), those in `failed` cannot be reached (a route, a network ACL, a transit gateway
    /// that cannot take their replies) and those in `reached` can. A subnet whose blockers are
    /// all of this kind is partial: calls fail or work depending on the address the client picks.
    struct SomeZonesOnly: BlockerReason {
        var blocker: Blocker
        var label: String
        var reached: [String]
        var failed: [String]

        /// Connections to the zones in `reached` get through.
        var stopsOnlySomeConnections: Bool { true }

        /// The same refusal with more facts about the blocker (a network ACL's requests one way
        /// and replies the other; another function subnet's, in an audit's joined answer): one
        /// blocker, all of it said and fixed. Subnets that reach different interfaces keep their
        /// zones together: each then fails to reach some of them.
        func combined(with other: any BlockerReason) -> (any BlockerReason)? {
            guard let other = other as? SomeZonesOnly, other.label == label,
                let joined = blocker.reason.combined(with: other.blocker.reason)
            else { return nil }
            var both = self
            both.blocker.reason = joined
            both.reached = Set(reached + other.reached).sorted()
            both.failed = Set(failed + other.failed).sorted()
            return both
        }

        func words(for function: FunctionIdentity) -> BlockerWords {
            var words = blocker.words(for: function)
            let zones = Set(reached + failed).sorted().joined(separator: ", ")
            // Joined over several subnets, a zone can be reached from one and not another.
            let which =
                Set(reached).isDisjoint(with: failed)
                ? "those in \(failed.joined(separator: ", ")) cannot be reached, those in \(reached.joined(separator: ", ")) can"
                : "from each subnet some of them cannot be reached (those in \(failed.joined(separator: ", ")), from one subnet or another) and the others can"
            words.message =
                "Only some connections fail: \(label)'s name resolves to its network interfaces in \(zones), and the SDK connects to any of them; \(which), so calls fail intermittently (typically as timeouts). "
                + words.message
            return words
        }
    }

    static func someZonesOnly(_ blocker: Blocker, label: String, reached: [String], failed: [String]) -> Blocker {
        Blocker(
            code: blocker.code, component: blocker.component,
            reason: SomeZonesOnly(blocker: blocker, label: label, reached: reached, failed: failed))
    }
}
