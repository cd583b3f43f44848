extension Explain {
    // MARK: Routing

    /// A subnet without a route table the inventory knows. Every VPC has a main route table,
    /// which a subnet without an explicit association uses: the subnet has routes, and they
    /// were not exported (describe-route-tables missing, or filtered to other VPCs or tables).
    /// The path from it is not known, which is not a path that is blocked.
    struct NoRouteTable: BlockerReason {
        var subnet: Subnet

        func words(for function: FunctionIdentity) -> BlockerWords {
            BlockerWords(
                message:
                    "The route table of \(subnet.id) was not exported: the inventory has no route table associated with it, nor the main route table of its VPC \(subnet.vpcId) (every VPC has one, which the subnet uses without an association). The path from \(subnet.id) is not known until the route tables are imported.",
                fix: Shell.line(Explain.reexport("describe-route-tables", for: function)))
        }
    }

    static func noRouteTable(_ subnet: Subnet) -> Blocker {
        if !subnet.isOwnersCopy, let owner = subnet.ownerId {
            return sharedSubnetOwnerNotImported(subnet, owner: owner, missing: .routeTable)
        }
        return Blocker(code: .routeTargetNotAnalyzed, component: subnet.id, reason: NoRouteTable(subnet: subnet))
    }

    /// A subnet the inventory knows only as another account sees it: shared with that account
    /// through AWS RAM by `owner`, whose own exports were not imported. A participant can
    /// describe the VPC, the shared subnets, their route tables and network ACLs, but not the
    /// owner's NAT gateways, egress-only gateways or VPC endpoints: a route to one of them
    /// cannot be followed, and is not a route to something deleted.
    struct SharedSubnetOwnerNotImported: BlockerReason {
        var subnet: String
        var vpcId: String
        var owner: String
        var missing: Missing

        enum Missing: Sendable, Hashable {
            case routeTable
            case routeTarget(route: String, table: String, target: String)
        }

        func words(for function: FunctionIdentity) -> BlockerWords {
            let what: String
            switch missing {
            case .routeTable:
                what = "Neither its route table nor the owner's gateways are in the inventory."
            case .routeTarget(let route, let table, let target):
                what =
                    "Route \(route) in \(table) sends the traffic to \(target), which the owner's account has and this account cannot describe (a participant sees the VPC, the shared subnets, their route tables and network ACLs, but not the owner's NAT gateways or VPC endpoints)."
            }
            let region = function.region
            let regionArgument = region.isEmpty ? "" : " --region \(region)"
            return BlockerWords(
                message:
                    "\(subnet) is in \(vpcId), a VPC that account \(owner) owns and shares with \(function.accountId) through AWS RAM (a shared VPC): the routes, network ACLs, NAT gateways and endpoints that decide this path are \(owner)'s, and its exports are not in the inventory. \(what)",
                fix:
                    "# collect the network account's data too (a read-only role or profile in \(owner)), then import both folders:\n"
                    + Shell.line(
                        "lambda-reach collect --out exports --profile PROFILE-OF-\(raw: owner)\(raw: regionArgument)\nlambda-reach import exports"
                    ))
        }
    }

    static func sharedSubnetOwnerNotImported(
        _ subnet: Subnet, owner: String, missing: SharedSubnetOwnerNotImported.Missing
    ) -> Blocker {
        Blocker(
            code: .sharedSubnetOwnerNotImported, component: subnet.id,
            reason: SharedSubnetOwnerNotImported(
                subnet: subnet.id, vpcId: subnet.vpcId, owner: owner, missing: missing))
    }

    /// A route table with no route for the destination, and what would add one.
    struct NoRoute: BlockerReason {
        var table: String
        var subnet: Subnet
        var destinationLabel: String
        var remedy: Remedy

        /// The fix associates this subnet with a table that has a NAT route.
        var differsBySubnet: Bool {
            if case .associateNATTable = remedy { return true }
            return false
        }

        /// What the VPC already has that a route could use, or what to create.
        enum Remedy: Sendable, Hashable {
            /// A gateway endpoint for the service exists in the VPC, not associated with the table.
            case associateGatewayEndpoint(endpoint: String, service: String)
            /// A gateway endpoint for the service would add the route.
            case createGatewayEndpoint(service: String, region: String)
            /// An interface endpoint for the service exists, but DNS keeps the SDK from it.
            case interfaceEndpointDNS(
                endpoint: String, service: String, privateDNSOff: Bool, dnsSupportOff: Bool, dnsHostnamesOff: Bool,
                nat: NATRoute)
            /// A private hosted zone associated with the VPC answers the service's name, but the
            /// VPC's DNS attributes that Route 53 needs to use it are off.
            case zoneNeedsDNSAttributes(
                zone: String, zoneName: String, service: String, dnsSupportOff: Bool, dnsHostnamesOff: Bool,
                nat: NATRoute)
            /// The service's public endpoint, through a new interface endpoint or a NAT gateway.
            /// `zones`: the availability zone of each subnet of the VPC (an endpoint takes one
            /// subnet per zone); the DNS attributes that are off (private DNS needs both on).
            /// `conflictingZone`: a private hosted zone associated with the VPC whose name is the
            /// endpoint's private DNS name, which an endpoint with private DNS cannot be created
            /// beside (ConflictingDomainExists): the endpoint goes without, and the zone's record
            /// names it.
            case createInterfaceEndpoint(
                service: String, region: String, zones: [String: String], dnsSupportOff: Bool, dnsHostnamesOff: Bool,
                conflictingZone: PrivateHostedZone? = nil, nat: NATRoute)
            /// The service's name is answered by another resolver than the VPC's own (`way`, the
            /// commands that make the VPC's own answer it), which gives its public endpoint: an
            /// interface endpoint's private DNS (`endpoint`, when the VPC has one) is the VPC's
            /// own Resolver's only.
            case answeredElsewhere(
                service: String, region: String, way: String, endpoint: String?, zones: [String: String],
                conflictingZone: PrivateHostedZone?, dnsSupportOff: Bool, dnsHostnamesOff: Bool, nat: NATRoute)
            /// A service in another region than the function's: its public endpoint, through a
            /// NAT gateway.
            case otherRegionService(service: String, region: String, nat: NATRoute)
            /// The destination's VPC shares a transit gateway with the subnet's.
            case transitGateway(vpc: String, cidr: String?, gateway: String)
            /// The destination's VPC is peered with the subnet's; `accepter` is the VPC whose
            /// owner has yet to accept the peering, when it is pending acceptance.
            case peering(vpc: String, cidr: String?, peering: String, accepter: String?)
            /// The destination's VPC is joined to the subnet's by nothing.
            case newPeering(vpc: String, cidr: String?)
            /// A private address of no VPC in the inventory: a route to the network that holds it.
            case privateNetwork
            /// Anywhere else: through a NAT gateway.
            case nat(NATRoute)
            /// The subnet has no association and so uses the VPC's main table, which has no
            /// route; `table`, another table of the VPC, already sends 0.0.0.0/0 to NAT gateway
            /// `nat` (in the subnet's zone when one does): associating the subnet with it is the
            /// fix that touches no other subnet (a route on the main table changes every subnet
            /// without an association, and a template cannot name the main table at all).
            case associateNATTable(table: String, nat: String, natInOtherZone: Bool, alternative: NATRoute)
        }

        func words(for function: FunctionIdentity) -> BlockerWords {
            var message =
                "Route table \(table) (used by \(subnet.id)) has no route for \(destinationLabel), so the traffic is dropped."
            let fix: ShellCommand
            switch remedy {
            case .associateGatewayEndpoint(let endpoint, let service):
                message +=
                    " \(endpoint), a \(service) gateway endpoint, exists in \(subnet.vpcId) but is not associated with \(table)."
                fix = "aws ec2 modify-vpc-endpoint --vpc-endpoint-id \(endpoint) --add-route-table-ids \(table)"
            case .createGatewayEndpoint(let service, let region):
                message +=
                    " A gateway endpoint for \(service) is free and adds the route; a NAT gateway would do too, at a cost."
                fix =
                    "aws ec2 create-vpc-endpoint --vpc-id \(subnet.vpcId) --service-name com.amazonaws.\(region).\(service) --route-table-ids \(table)"
            case .interfaceEndpointDNS(
                let endpoint, let service, let privateDNSOff, let dnsSupportOff, let dnsHostnamesOff, let nat):
                // The endpoint exists: what keeps the SDK from it is DNS, and the fix is to turn
                // that on, never to create the endpoint again.
                var dnsFix: [ShellCommand] = []
                if privateDNSOff {
                    message +=
                        " \(endpoint), an interface endpoint for \(service), exists in \(subnet.vpcId), but its private DNS is off, so \(service)'s name resolves to the public endpoint, which needs a NAT gateway."
                    dnsFix.append("aws ec2 modify-vpc-endpoint --vpc-endpoint-id \(endpoint) --private-dns-enabled")
                } else {
                    message +=
                        " \(endpoint), an interface endpoint for \(service), exists in \(subnet.vpcId), but the VPC's DNS attributes are off, so \(service)'s name resolves to the public endpoint, which needs a NAT gateway."
                }
                dnsFix += Explain.enableDNSAttributes(
                    vpcId: subnet.vpcId, supportOff: dnsSupportOff, hostnamesOff: dnsHostnamesOff)
                fix = dnsFix.joined(separator: "\n") + "\n# or a NAT gateway:\n" + nat.fix(table: table, replace: false)
            case .zoneNeedsDNSAttributes(
                let zone, let zoneName, let service, let dnsSupportOff, let dnsHostnamesOff, let nat):
                // A new endpoint with private DNS would collide with the zone of the same name
                // ("conflicting DNS domain"): the zone is the way, once the VPC uses it.
                let off = [dnsSupportOff ? "enableDnsSupport" : nil, dnsHostnamesOff ? "enableDnsHostnames" : nil]
                    .compactMap { $0 }.joined(separator: " and ")
                message +=
                    " Private hosted zone \(zone) (\(zoneName)), associated with \(subnet.vpcId), answers \(service)'s name, but Route 53 uses a VPC's private zones only with enableDnsSupport and enableDnsHostnames on, and \(subnet.vpcId) has \(off) off: the name resolves to the public endpoint, which needs a NAT gateway."
                let commands = Explain.enableDNSAttributes(
                    vpcId: subnet.vpcId, supportOff: dnsSupportOff, hostnamesOff: dnsHostnamesOff)
                fix =
                    commands.joined(separator: "\n") + "\n# or a NAT gateway:\n" + nat.fix(table: table, replace: false)
            case .createInterfaceEndpoint(
                let service, let region, let zones, let dnsSupportOff, let dnsHostnamesOff, let conflictingZone, let nat
            ):
                message +=
                    " \(service) is a public AWS endpoint: without an interface endpoint for it (with private DNS), the call needs a NAT gateway."
                fix =
                    Explain.createInterfaceEndpoint(
                        service: service, region: region, vpcId: subnet.vpcId,
                        subnets: endpointSubnets(function, zones: zones),
                        function: function, dnsSupportOff: dnsSupportOff, dnsHostnamesOff: dnsHostnamesOff,
                        conflictingZone: conflictingZone)
                    + "\n# or a NAT gateway:\n" + nat.fix(table: table, replace: false)
            case .answeredElsewhere(
                let service, let region, let way, let endpoint, let zones, let conflictingZone, let dnsSupportOff,
                let dnsHostnamesOff, let nat):
                message +=
                    " \(service)'s name is answered by another resolver than \(subnet.vpcId)'s own (the answer's notes say which), with the service's public endpoint, which needs a NAT gateway"
                    + (endpoint.map {
                        ": \($0), \(subnet.vpcId)'s interface endpoint for \(service), has private DNS on, but that private DNS name is in \(subnet.vpcId)'s own Resolver only."
                    } ?? ", and an interface endpoint's private DNS would be in \(subnet.vpcId)'s own Resolver only.")
                var commands: ShellCommand = "\(raw: way)"
                if endpoint == nil {
                    commands +=
                        "\n"
                        + Explain.createInterfaceEndpoint(
                            service: service, region: region, vpcId: subnet.vpcId,
                            subnets: endpointSubnets(function, zones: zones), function: function,
                            dnsSupportOff: dnsSupportOff, dnsHostnamesOff: dnsHostnamesOff,
                            conflictingZone: conflictingZone)
                }
                fix = commands + "\n# or a NAT gateway:\n" + nat.fix(table: table, replace: false)
            case .otherRegionService(let service, let region, let nat):
                message +=
                    " \(service) in \(region) is another region's public endpoint: the VPC's endpoints are its own region's (a gateway endpoint serves its own region only), so the call needs a NAT gateway."
                fix = nat.fix(table: table, replace: false)
            case .transitGateway(let vpc, let cidr, let gateway):
                message +=
                    " \(destinationLabel) is in \(vpc), which is attached, like \(subnet.vpcId), to transit gateway \(gateway), but no route sends its CIDR there."
                fix =
                    "aws ec2 create-route --route-table-id \(table) --destination-cidr-block \(cidr, else: "<\(vpc) CIDR>") --transit-gateway-id \(gateway)"
            case .peering(let vpc, let cidr, let peering, let accepter):
                message +=
                    " \(destinationLabel) is in \(vpc), peered through \(peering), but no route sends its CIDR there."
                let route: ShellCommand =
                    "aws ec2 create-route --route-table-id \(table) --destination-cidr-block \(cidr, else: "<\(vpc) CIDR>") --vpc-peering-connection-id \(peering)"
                if let accepter {
                    message += " The peering is pending acceptance: no traffic crosses it until it is accepted."
                    fix =
                        "aws ec2 accept-vpc-peering-connection --vpc-peering-connection-id \(peering)   # as the owner of \(accepter)\n"
                        + route
                } else {
                    fix = route
                }
            case .newPeering(let vpc, let cidr):
                message += " \(destinationLabel) is in another VPC (\(vpc)) and no peering connection joins the two."
                fix =
                    "pcx=$(aws ec2 create-vpc-peering-connection --vpc-id \(subnet.vpcId) --peer-vpc-id \(vpc) --query VpcPeeringConnection.VpcPeeringConnectionId --output text)\naws ec2 accept-vpc-peering-connection --vpc-peering-connection-id \"$pcx\"   # as \(vpc)'s owner; then route both ways:\naws ec2 create-route --route-table-id \(table) --destination-cidr-block \(cidr, else: "<\(vpc) CIDR>") --vpc-peering-connection-id \"$pcx\""
            case .privateNetwork:
                // A NAT gateway to the internet never carries a private address (RFC 1918).
                message +=
                    " \(destinationLabel) is a private address, of no VPC in the inventory: it is reached through a route to the network that holds it (a peering connection, a transit gateway, or a VPN to on premises), never through a NAT gateway and the internet."
                fix =
                    "aws ec2 create-route --route-table-id \(table) --destination-cidr-block <the CIDR of \(note: destinationLabel)'s network> --transit-gateway-id <tgw-…>   # or --vpc-peering-connection-id pcx-…, or --gateway-id vgw-… (a VPN)"
            case .associateNATTable(let natTable, let nat, let natInOtherZone, let alternative):
                message +=
                    " \(subnet.id) has no route table association of its own, so it uses \(subnet.vpcId)'s main route table; \(natTable), a table of the same VPC, already sends 0.0.0.0/0 to \(nat)\(natInOtherZone ? " (in another availability zone)" : ""). Associating \(subnet.id) with it gives the subnet that route without changing the main table, which every subnet without an association uses."
                fix =
                    "aws ec2 associate-route-table --route-table-id \(natTable) --subnet-id \(subnet.id)\n# or a NAT route on the main table (for every subnet without an association):\n"
                    + alternative.fix(table: table, replace: false)
            case .nat(let nat):
                fix = nat.fix(table: table, replace: false)
                if destinationLabel == "internet" {
                    message +=
                        " A function in a VPC reaches the internet only through a NAT gateway: the subnet's route table must send 0.0.0.0/0 to one."
                }
            }
            return BlockerWords(message: message, fix: fix.text)
        }

        /// The subnets a new interface endpoint for `function` goes in: its subnets of the VPC,
        /// the first of each zone (AWS takes one subnet per zone), so that one endpoint serves
        /// every subnet and the fix is the same whichever subnet is asked about.
        func endpointSubnets(_ function: FunctionIdentity, zones: [String: String]) -> [String] {
            var taken: Set<String> = []
            let subnets = function.subnetIds.filter { id in zones[id].map { taken.insert($0).inserted } ?? false }
            return subnets.isEmpty ? [subnet.id] : subnets
        }
    }

    /// The commands that create an interface endpoint for `service` with private DNS in
    /// `subnets`, with a security group of its own that admits HTTPS from the function's first
    /// group (its interfaces carry all of them), after turning on the VPC's DNS attributes that
    /// private DNS needs.
    /// A private hosted zone associated with `vpcId` whose name is the private DNS name an
    /// interface endpoint for `service` would hold: AWS refuses such an endpoint with private
    /// DNS ("The VPC that you specified is already associated with another hosted zone that has
    /// the same name", ConflictingDomainExists).
    static func conflictingZone(service: String, region: String, vpcId: String, network: Network)
        -> PrivateHostedZone?
    {
        let name = Solver.privateDNSName(service: service, region: region)
        return network.dns.hostedZonesByVPC[vpcId]?.filter { $0.name == name }.min { $0.id < $1.id }
    }

    static func createInterfaceEndpoint(
        service: String, region: String, vpcId: String, subnets: [String], function: FunctionIdentity,
        dnsSupportOff: Bool, dnsHostnamesOff: Bool, conflictingZone: PrivateHostedZone? = nil
    ) -> ShellCommand {
        var lines = enableDNSAttributes(vpcId: vpcId, supportOff: dnsSupportOff, hostnamesOff: dnsHostnamesOff)
        let group: ShellCommand
        if let source = function.securityGroupIds.first {
            lines.append(
                "sg=$(aws ec2 create-security-group --vpc-id \(vpcId) --group-name \(service)-interface-endpoint --description \("HTTPS to the \(service) interface endpoint") --query GroupId --output text)"
            )
            lines.append(
                "aws ec2 authorize-security-group-ingress --group-id \"$sg\" --protocol tcp --port 443 --source-group \(source)"
            )
            group = "\"$sg\""
        } else {
            group = "<a group admitting tcp 443 from the function>"
        }
        guard let zone = conflictingZone else {
            lines.append(
                "aws ec2 create-vpc-endpoint --vpc-endpoint-type Interface --vpc-id \(vpcId) --service-name com.amazonaws.\(region).\(service) --subnet-ids \(list: subnets, separator: " ") --security-group-ids \(group) --private-dns-enabled"
            )
            return lines.joined(separator: "\n")
        }
        // Private DNS would collide with the zone of the same name: the zone's record is the way.
        lines.append(
            "# \(vpcId) is associated with private hosted zone \(zone.id) (\(zone.name)): an endpoint with private DNS for that name is refused (ConflictingDomainExists), so create it without and point the zone's record at its DNS name (DnsEntries):"
        )
        lines.append(
            "aws ec2 create-vpc-endpoint --vpc-endpoint-type Interface --vpc-id \(vpcId) --service-name com.amazonaws.\(region).\(service) --subnet-ids \(list: subnets, separator: " ") --security-group-ids \(group) --no-private-dns-enabled"
        )
        lines.append(Explain.changeRecords(in: zone.id, batch: "alias-to-endpoint.json"))
        return lines.joined(separator: "\n")
    }

    /// `dnsWay`: for a service whose name another resolver than the VPC's own answers (its DNS
    /// servers are elsewhere, or a forwarding rule sends the name away), the commands that have
    /// the VPC's own Resolver answer it: an interface endpoint's private DNS is in that one only.
    static func noRoute(
        table: RouteTable, subnet: Subnet, context: Solver.Context, destinationLabel: String, service: String?,
        serviceRegion: String? = nil, network: Network, destinationVPC: String? = nil, privateDestination: Bool = false,
        destination: AddressSet? = nil, dnsWay: ShellCommand? = nil
    ) -> Blocker {
        let region = context.function.region
        func nat() -> NATRoute {
            NATRoute(vpcId: subnet.vpcId, zone: subnet.availabilityZone, network: network, table: table.id)
        }
        let remedy: NoRoute.Remedy
        if let service, let serviceRegion, serviceRegion != region {
            // No endpoint of the VPC's region serves another region's service.
            remedy = .otherRegionService(service: service, region: serviceRegion, nat: nat())
        } else if let service, let dnsWay, service != "s3" && service != "dynamodb" {
            let vpc = network.vpcs[subnet.vpcId]
            let existing = network.endpoints(inVPC: subnet.vpcId).first {
                $0.kind == .interface && $0.serves(service, in: region) && $0.privateDNSEnabled
            }
            remedy = .answeredElsewhere(
                service: service, region: region, way: dnsWay.text, endpoint: existing?.id,
                zones: Dictionary(
                    network.subnets(inVPC: subnet.vpcId).map { ($0.id, $0.availabilityZone) },
                    uniquingKeysWith: { a, _ in a }),
                conflictingZone: conflictingZone(
                    service: service, region: region, vpcId: subnet.vpcId, network: network),
                dnsSupportOff: vpc?.enableDnsSupport == false, dnsHostnamesOff: vpc?.enableDnsHostnames == false,
                nat: nat())
        } else if let service, service == "s3" || service == "dynamodb" {
            let existing = network.endpoints(inVPC: subnet.vpcId).first {
                $0.kind == .gateway && $0.serves(service, in: region)
            }
            remedy =
                existing.map { .associateGatewayEndpoint(endpoint: $0.id, service: service) }
                ?? .createGatewayEndpoint(service: service, region: region)
        } else if let service,
            let existing = network.endpoints(inVPC: subnet.vpcId).first(where: {
                $0.kind == .interface && $0.serves(service, in: region)
            })
        {
            let vpc = network.vpcs[subnet.vpcId]
            remedy = .interfaceEndpointDNS(
                endpoint: existing.id, service: service, privateDNSOff: !existing.privateDNSEnabled,
                dnsSupportOff: vpc?.enableDnsSupport == false, dnsHostnamesOff: vpc?.enableDnsHostnames == false,
                nat: nat())
        } else if let service, let vpc = network.vpcs[subnet.vpcId],
            vpc.enableDnsSupport == false || vpc.enableDnsHostnames == false,
            let zone = network.dns.hostedZonesByVPC[subnet.vpcId]?.first(where: {
                DNSName.isWithin(Solver.hostName(service: service, region: region), domain: $0.name)
            })
        {
            remedy = .zoneNeedsDNSAttributes(
                zone: zone.id, zoneName: zone.name, service: service, dnsSupportOff: vpc.enableDnsSupport == false,
                dnsHostnamesOff: vpc.enableDnsHostnames == false, nat: nat())
        } else if let service {
            let vpc = network.vpcs[subnet.vpcId]
            remedy = .createInterfaceEndpoint(
                service: service, region: region,
                zones: Dictionary(
                    network.subnets(inVPC: subnet.vpcId).map { ($0.id, $0.availabilityZone) },
                    uniquingKeysWith: { a, _ in a }),
                dnsSupportOff: vpc?.enableDnsSupport == false, dnsHostnamesOff: vpc?.enableDnsHostnames == false,
                conflictingZone: conflictingZone(
                    service: service, region: region, vpcId: subnet.vpcId, network: network),
                nat: nat())
        } else if let destinationVPC, destinationVPC != subnet.vpcId {
            // An active peering first: describe-vpc-peering-connections keeps deleted, rejected
            // and expired ones listed for a while, and a route to one of them is a blackhole.
            // One waiting to be accepted will work once it is; one deleted, rejected, expired or
            // failed never will, and a new peering is the fix.
            let peering = network.peerings(ofVPC: subnet.vpcId).filter {
                $0.peer(of: subnet.vpcId)?.vpcId == destinationVPC
                    && ($0.isActive || $0.status == "pending-acceptance")
            }.min { ($0.isActive ? 0 : 1, $0.id) < ($1.isActive ? 0 : 1, $1.id) }
            // The block of the destination's VPC that holds the destination (a secondary CIDR
            // needs its own route), else its first.
            let cidrs = network.vpcs[destinationVPC]?.cidrs ?? []
            let cidr = (cidrs.first { block in destination?.intersects(AddressSet(block)) == true } ?? cidrs.first)?
                .description
            // A transit gateway both VPCs are attached to: the missing piece is the route to it.
            let sharedGateway = network.transitGateways.keys.sorted().first { gateway in
                !network.transitGatewayAttachments(ofVPC: subnet.vpcId, to: gateway).isEmpty
                    && !network.transitGatewayAttachments(ofVPC: destinationVPC, to: gateway).isEmpty
            }
            if peering == nil, let gateway = sharedGateway {
                remedy = .transitGateway(vpc: destinationVPC, cidr: cidr, gateway: gateway)
            } else if let peering {
                remedy = .peering(
                    vpc: destinationVPC, cidr: cidr, peering: peering.id,
                    accepter: peering.isActive ? nil : peering.accepter.vpcId)
            } else {
                remedy = .newPeering(vpc: destinationVPC, cidr: cidr)
            }
        } else if privateDestination {
            remedy = .privateNetwork
        } else if table.isMain, network.routeTableBySubnet[subnet.id] == nil,
            let withNAT = tableWithNATRoute(for: subnet, network: network)
        {
            remedy = .associateNATTable(
                table: withNAT.table, nat: withNAT.nat, natInOtherZone: withNAT.otherZone, alternative: nat())
        } else {
            remedy = .nat(nat())
        }
        return Blocker(
            code: .noRouteToDestination, component: table.id,
            reason: NoRoute(table: table.id, subnet: subnet, destinationLabel: destinationLabel, remedy: remedy))
    }

    /// A table of `subnet`'s VPC, associated with some subnet, whose 0.0.0.0/0 route goes to an
    /// available public NAT gateway: the one whose NAT gateway is in `subnet`'s zone first, then
    /// by table ID. With the NAT gateway, and whether it is in another zone.
    static func tableWithNATRoute(for subnet: Subnet, network: Network) -> (
        table: String, nat: String, otherZone: Bool
    )? {
        var tables = Set<String>()
        for id in network.subnetsByVPC[subnet.vpcId] ?? [] {
            if let table = network.routeTableBySubnet[id] { tables.insert(table) }
        }
        var best: (table: String, nat: String, otherZone: Bool)?
        for id in tables.sorted() {
            guard let table = network.routeTables[id], !table.isMain, table.vpcId == subnet.vpcId,
                let nat = defaultRouteNAT(of: table, network: network)
            else { continue }
            let otherZone = network.subnets[nat.subnetId]?.availabilityZone != subnet.availabilityZone
            if best == nil || (best!.otherZone && !otherZone) { best = (id, nat.id, otherZone) }
        }
        return best
    }

    /// A destination in another VPC whose addresses fall inside the range of the VPC the route
    /// delivers them to (`deliveredTo`: the function's own, by its local route, or a peer with
    /// the destination's CIDR): they stay there, and the destination's VPC cannot be joined to
    /// that one (AWS refuses a peering between overlapping VPCs, and no route sends part of a
    /// VPC's own range, or a peer's, to another VPC).
    struct OverlappingVPCs: BlockerReason {
        var table: String
        var route: String
        var functionVPC: String
        var deliveredTo: String
        var destinationVPC: String
        var destinationLabel: String
        /// The destination VPC's region, when it is not the function's.
        var destinationRegion: String? = nil

        func words(for function: FunctionIdentity) -> BlockerWords {
            if let destinationRegion {
                // A function runs only in its own region's subnets: moving it is no fix.
                return BlockerWords(
                    message:
                        "\(destinationLabel) is in \(destinationVPC), in \(destinationRegion), whose addresses fall inside \(deliveredTo == functionVPC ? "\(functionVPC)'s own range" : "the range of \(deliveredTo)") (route \(route) of \(table)), so the traffic never leaves for \(destinationRegion). VPCs with overlapping CIDRs cannot be joined by a peering (AWS refuses it), and a function uses subnets of its own region (\(function.region)) only.",
                    fix: Shell.line(
                        "# re-address one VPC, then join them across the regions with a VPC peering (inter-region) or transit gateway peering; or reach a copy of \(note: destinationLabel) in \(function.region)"
                    ))
            }
            let delivered =
                deliveredTo == functionVPC
                ? "inside \(functionVPC)'s own range: route \(route) of \(table) keeps them in \(functionVPC)"
                : "inside the range of \(deliveredTo), which has the same addresses: route \(route) of \(table) delivers them to \(deliveredTo) through its peering"
            return BlockerWords(
                message:
                    "\(destinationLabel) is in \(destinationVPC), whose addresses fall \(delivered), so the traffic never reaches \(destinationVPC). VPCs with overlapping CIDRs cannot be joined by a peering (AWS refuses it), and a route table cannot send one range to two places.",
                fix: Shell.line(
                    "aws lambda update-function-configuration --function-name \(function.name) --vpc-config SubnetIds=<subnets of \(destinationVPC)>,SecurityGroupIds=<a group of \(destinationVPC) that \(note: destinationLabel) admits>   # or re-address one VPC, or join them through a private NAT gateway in a non-overlapping range and a transit gateway"
                ))
        }
    }

    static func overlappingVPCs(
        table: RouteTable, route: Route, from subnet: Subnet, to destinationSubnet: Subnet, destinationLabel: String,
        deliveredTo: String? = nil, network: Network
    ) -> Blocker {
        let regions = [subnet.vpcId, destinationSubnet.vpcId].map { network.vpcs[$0]?.region }
        return Blocker(
            code: .disconnectedVPCs, component: destinationSubnet.vpcId,
            reason: OverlappingVPCs(
                table: table.id, route: route.summary, functionVPC: subnet.vpcId,
                deliveredTo: deliveredTo ?? subnet.vpcId, destinationVPC: destinationSubnet.vpcId,
                destinationLabel: destinationLabel,
                destinationRegion: regions[0] != regions[1] ? regions[1] : nil))
    }

    /// The CIDR text of a route's destination, for a fix that must name that route and no other.
    static func cidrArgument(_ route: Route) -> String? {
        if case .cidr(let cidr) = route.destination { return cidr.description }
        return nil
    }

    /// A working route of `table` that would carry `route`'s traffic if it were deleted: the one
    /// route that longest-prefix matching then picks for all of it (a gateway endpoint's
    /// prefix-list route, for a range of its service), else the narrowest broader CIDR route.
    static func broaderRoute(than route: Route, in table: RouteTable, network: Network) -> Route? {
        guard case .cidr(let cidr) = route.destination, cidr.prefixLength > 0 else { return nil }
        var rest = table
        rest.routes.removeAll { $0 == route }
        let legs = Routing.legs(table: rest, destination: AddressSet(cidr), memberOf: [], network: network)
        if legs.count == 1, let next = legs[0].route {
            return next.isBlackhole ? nil : next
        }
        return table.routes.compactMap { candidate -> (IPv4CIDR, Route)? in
            guard case .cidr(let wider) = candidate.destination, wider.prefixLength < cidr.prefixLength,
                wider.contains(cidr), !candidate.isBlackhole
            else { return nil }
            return (wider, candidate)
        }.max { $0.0.prefixLength < $1.0.prefixLength }?.1
    }

    /// A route whose target is gone or unusable (a blackhole), or not in the inventory at all.
    struct Blackhole: BlockerReason {
        var table: String
        var route: Route
        /// A working route of the table, broader than `route`, that would carry its traffic.
        var broader: Route?
        /// Where a NAT route would come from, when the route was to a NAT gateway.
        var nat: NATRoute?
        /// How to reach an internet gateway again, when the route was to one, or is in the table
        /// of a NAT gateway's subnet.
        var internetGateway: InternetGatewayRemedy?
        /// True when the target is missing from the inventory rather than a blackhole.
        var targetMissing = false
        /// True when the route is the VPC's local route, its target replaced (with an appliance,
        /// since 2021): it cannot be deleted, only pointed back at `local` or at a working target.
        var replacedLocal = false
        /// For a route to an available transit gateway that has no available attachment of the
        /// table's VPC (the usual blackhole: the attachment was deleted): the VPC, and a subnet
        /// per zone to attach (the route's subnets).
        var missingAttachment: MissingAttachment? = nil
        /// For a route to a peering connection of the inventory that is not active (AWS shows
        /// its routes as blackholes until it is): the peering, whose status says the fix.
        var inactivePeering: PeeringConnection? = nil

        /// A VPC to attach to a transit gateway again, and a subnet per zone to attach.
        struct MissingAttachment: Sendable, Hashable {
            var vpc: String
            var subnets: [String]
        }

        func words(for function: FunctionIdentity) -> BlockerWords {
            var fix: ShellCommand = "aws ec2 delete-route --route-table-id \(table) \(destinationArgument(route))"
            if replacedLocal {
                fix =
                    "aws ec2 replace-route --route-table-id \(table) \(destinationArgument(route)) --local-target   # the VPC's local route again; or --network-interface-id <a working appliance> to keep the inspection"
            } else if let broader {
                // A narrower blackhole under a working route: deleting it is the whole fix, and the
                // broader route, which works for everything else, stays as it is.
                fix += "   # its traffic then follows \(note: broader.summary)"
            } else if let internetGateway {
                fix = internetGateway.fix(table: table, route: route)
            } else if let nat {
                fix = nat.fix(table: table, replace: true, destination: cidrArgument(route) ?? "0.0.0.0/0")
            } else if let option = Explain.targetOption(route.targetKind) {
                // Nothing broader carries the traffic: deleting the route would leave none for
                // its destination, so it is pointed at a target that works instead.
                fix =
                    "aws ec2 replace-route --route-table-id \(table) \(destinationArgument(route)) \(raw: option) <a working \(raw: route.targetKind.rawValue)>   # deleting it would leave no route for \(note: route.destinationText)"
                if route.targetKind == .tgw {
                    fix +=
                        "\n# a transit gateway route is a blackhole when the VPC's attachment is gone: aws ec2 describe-transit-gateway-vpc-attachments --filters Name=transit-gateway-id,Values=\(route.targetId ?? "<tgw>")"
                }
            }
            if let missingAttachment, let gateway = route.targetId {
                // The transit gateway is there; the VPC's way into it is not: attach the VPC
                // again (its tables' routes to the gateway then work again).
                let subnets: ShellCommand =
                    missingAttachment.subnets.isEmpty
                    ? "<one subnet per AZ of \(missingAttachment.vpc)>"
                    : "\(list: missingAttachment.subnets, separator: " ")"
                fix =
                    "aws ec2 create-transit-gateway-vpc-attachment --transit-gateway-id \(gateway) --vpc-id \(missingAttachment.vpc) --subnet-ids \(subnets)   # then associate it with, and propagate it to, the transit gateway's route tables"
                return BlockerWords(
                    message:
                        "Route \(route.summary) in \(table) is a blackhole: transit gateway \(gateway) exists, but \(missingAttachment.vpc) has no available attachment to it (deleted, or never created), and a route to a transit gateway carries traffic only through the VPC's attachment, so matching traffic is dropped.",
                    fix: fix.text)
            }
            if let peering = inactivePeering {
                // The route is right; the peering is what is not working yet (or any more).
                let message =
                    "Route \(route.summary) in \(table) is a blackhole because peering connection \(peering.id) is '\(peering.status)', not 'active': AWS keeps a route to a peering that is not active as a blackhole, with no effect, until the peering is active, so matching traffic is dropped."
                switch peering.status {
                case "pending-acceptance":
                    return BlockerWords(
                        message: message + " The owner of \(peering.accepter.vpcId) has not accepted it yet.",
                        fix:
                            "aws ec2 accept-vpc-peering-connection --vpc-peering-connection-id \(peering.id)   # as the owner of \(peering.accepter.vpcId); the route then becomes active"
                    )
                case "initiating-request", "provisioning":
                    return BlockerWords(
                        message: message + " It is still being set up.",
                        fix:
                            "aws ec2 describe-vpc-peering-connections --vpc-peering-connection-ids \(peering.id) --query 'VpcPeeringConnections[].Status'   # wait for active (accept it if it turns pending-acceptance)"
                    )
                default:
                    return BlockerWords(
                        message: message
                            + " A peering in this state cannot be accepted or used again: a new one is needed.",
                        fix:
                            "pcx=$(aws ec2 create-vpc-peering-connection --vpc-id \(peering.requester.vpcId) --peer-vpc-id \(peering.accepter.vpcId) --query VpcPeeringConnection.VpcPeeringConnectionId --output text)\naws ec2 accept-vpc-peering-connection --vpc-peering-connection-id \"$pcx\"   # as the owner of \(peering.accepter.vpcId)\naws ec2 replace-route --route-table-id \(table) \(destinationArgument(route)) --vpc-peering-connection-id \"$pcx\"   # and the same on the other side's route table"
                    )
                }
            }
            let message =
                targetMissing
                ? "Route \(route.summary) in \(table) points at \(route.targetId ?? "a target") that is not in the inventory: it was deleted (the route is then a blackhole), or its describe call was not exported."
                : "Route \(route.summary) in \(table) is a blackhole: its target \(route.targetId ?? "") no longer exists or is not usable (a deleted NAT gateway, a detached gateway, an inactive peering, an appliance's interface that is gone), so matching traffic is dropped."
            return BlockerWords(message: message, fix: fix.text)
        }

        func combined(with other: any BlockerReason) -> (any BlockerReason)? {
            Blackholes(parts: [self]).combined(with: other)
        }
    }

    /// Several routes of one table that drop parts of the traffic (a service's ranges routed
    /// to two gone NAT gateways): one blocker at the table, whose words say and fix each.
    struct Blackholes: BlockerReason {
        var parts: [Blackhole]

        func words(for function: FunctionIdentity) -> BlockerWords {
            BlockerWords(joining: parts.map { $0.words(for: function) })
        }

        func combined(with other: any BlockerReason) -> (any BlockerReason)? {
            let more = (other as? Blackhole).map { [$0] } ?? (other as? Blackholes)?.parts ?? []
            let added = more.filter { !parts.contains($0) }
            return added.isEmpty ? nil : Blackholes(parts: parts + added)
        }
    }

    /// The create-route / replace-route option that names a target of `kind`.
    static func targetOption(_ kind: RouteTargetKind) -> String? {
        switch kind {
        case .igw, .vgw: return "--gateway-id"
        case .eigw: return "--egress-only-internet-gateway-id"
        case .nat: return "--nat-gateway-id"
        case .vpce: return "--vpc-endpoint-id"
        case .pcx: return "--vpc-peering-connection-id"
        case .tgw: return "--transit-gateway-id"
        case .eni: return "--network-interface-id"
        case .instance: return "--instance-id"
        case .carrier: return "--carrier-gateway-id"
        case .lgw: return "--local-gateway-id"
        case .coreNetwork: return "--core-network-arn"
        case .local, .unknown: return nil
        }
    }

    static func blackhole(
        table: RouteTable, route: Route, network: Network, subnet: Subnet, targetMissing: Bool = false
    ) -> Blocker {
        let broader = broaderRoute(than: route, in: table, network: network)
        // The table of a NAT gateway's own subnet, or a route that was to an internet gateway:
        // its traffic must go to the internet gateway. A NAT gateway here would send the NAT
        // gateways' traffic back to themselves.
        let servesNAT = network.natGateways(inVPC: subnet.vpcId).contains {
            network.routeTable(forSubnet: $0.subnetId)?.id == table.id
        }
        let toInternetGateway =
            broader == nil && (route.targetKind == .igw || (servesNAT && route.targetKind != .nat))
            ? InternetGatewayRemedy(route: route, vpcId: subnet.vpcId, network: network) : nil
        let nat =
            broader == nil && toInternetGateway == nil
                && (route.targetKind == .nat || route.targetKind == .unknown)
            ? NATRoute(vpcId: subnet.vpcId, zone: subnet.availabilityZone, network: network, table: table.id) : nil
        // A route for exactly a CIDR of the table's VPC is its local route, whatever its target now.
        var replacedLocal = false
        if case .cidr(let cidr) = route.destination, route.targetKind != .local {
            replacedLocal = network.vpcs[table.vpcId]?.cidrs.contains(cidr) == true
        }
        // A transit gateway that exists and is available, with no available attachment of the
        // table's VPC: the attachment is what is missing.
        var missingAttachment: Blackhole.MissingAttachment?
        if broader == nil, route.targetKind == .tgw, let gateway = route.targetId,
            network.transitGateways[gateway]?.isAvailable == true,
            !network.transitGatewayAttachments(ofVPC: table.vpcId, to: gateway).contains(where: \.isAvailable)
        {
            // One subnet per zone, the route table's own first (Lambda's subnets are in it).
            var byZone: [String: String] = [:]
            for id in table.associatedSubnets.sorted() {
                if let zone = network.subnets[id]?.availabilityZone, byZone[zone] == nil { byZone[zone] = id }
            }
            missingAttachment = .init(vpc: table.vpcId, subnets: byZone.keys.sorted().map { byZone[$0]! })
        }
        let inactivePeering =
            broader == nil && route.targetKind == .pcx
            ? route.targetId.flatMap { network.peerings[$0] }.flatMap { $0.isActive ? nil : $0 } : nil
        return Blocker(
            code: .badStateRoute, component: table.id,
            reason: Blackhole(
                table: table.id, route: route, broader: broader, nat: nat, internetGateway: toInternetGateway,
                targetMissing: targetMissing, replacedLocal: replacedLocal, missingAttachment: missingAttachment,
                inactivePeering: inactivePeering))
    }

    /// How a route to the internet gets a working internet gateway again: attach the one it
    /// names when that one is attached nowhere; else point it at the VPC's own; else create one.
    struct InternetGatewayRemedy: Sendable, Hashable {
        var vpcId: String
        /// The route's own gateway, when it exists and is attached to no VPC.
        var detached: String?
        /// An internet gateway attached to the VPC.
        var own: String?

        init(route: Route, vpcId: String, network: Network) {
            self.vpcId = vpcId
            let named = route.targetKind == .igw ? route.targetId.flatMap { network.internetGateways[$0] } : nil
            detached = named.flatMap { $0.attachedVPCs.isEmpty ? $0.id : nil }
            own = attachedIGW(vpcId, network: network)?.id
        }

        func fix(table: String, route: Route) -> ShellCommand {
            if let detached {
                return
                    "aws ec2 attach-internet-gateway --internet-gateway-id \(detached) --vpc-id \(vpcId)   # the route becomes active again"
            }
            return routeToInternetGateway(own, vpcId: vpcId, table: table, destination: destinationArgument(route))
        }
    }

    /// `verb` (create-route, replace-route) for `destination` in `table` to the VPC's own internet
    /// gateway, `own`; without one, a script that creates and attaches one first. Every fix that
    /// sends a route to the internet gateway writes it this way.
    static func routeToInternetGateway(
        _ own: String?, vpcId: String, table: String, destination: ShellCommand, verb: String = "replace-route"
    ) -> ShellCommand {
        if let own {
            return "aws ec2 \(raw: verb) --route-table-id \(table) \(destination) --gateway-id \(own)"
        }
        return
            "igw=$(aws ec2 create-internet-gateway --query InternetGateway.InternetGatewayId --output text)\naws ec2 attach-internet-gateway --internet-gateway-id \"$igw\" --vpc-id \(vpcId)\naws ec2 \(raw: verb) --route-table-id \(table) \(destination) --gateway-id \"$igw\""
    }

    /// A route whose target is not in the inventory. AWS marks a route whose target was
    /// deleted as a blackhole, so an active one points at something that exists and was
    /// not exported: the path beyond it is unknown, and the fix is the missing export.
    static func missingTarget(table: RouteTable, route: Route, network: Network, subnet: Subnet) -> Blocker {
        guard !route.isBlackhole, let export = TargetNotExported.describeCall(route.targetKind) else {
            return blackhole(table: table, route: route, network: network, subnet: subnet, targetMissing: true)
        }
        return Blocker(
            code: .routeTargetNotAnalyzed, component: route.targetId ?? route.targetKind.rawValue,
            reason: TargetNotExported(route: route, table: table.id, describeCall: export))
    }

    /// An active route to a target that the inventory lacks.
    struct TargetNotExported: BlockerReason {
        var route: Route
        var table: String
        var describeCall: String

        /// The `aws ec2` call that lists targets of `kind`.
        static func describeCall(_ kind: RouteTargetKind) -> String? {
            switch kind {
            case .igw: return "describe-internet-gateways"
            case .nat: return "describe-nat-gateways"
            case .pcx: return "describe-vpc-peering-connections"
            case .tgw: return "describe-transit-gateways"
            case .eigw: return "describe-egress-only-internet-gateways"
            case .vpce: return "describe-vpc-endpoints"
            default: return nil
            }
        }

        func words(for function: FunctionIdentity) -> BlockerWords {
            let target = route.targetId ?? route.targetKind.rawValue
            var fix = Explain.reexport(describeCall, for: function)
            if route.targetKind == .tgw {
                fix +=
                    "   # and the transit gateway's attachments and route tables: lambda-reach collect exports them all"
            }
            return BlockerWords(
                message:
                    "Route \(route.summary) in \(table) is active and sends the traffic to \(target), which is not in the inventory: AWS turns a route whose target was deleted into a blackhole, so \(target) exists, but the inventory has no `aws ec2 \(describeCall)` output that lists it (not imported, or filtered, or exported from another account). The path beyond it cannot be followed, so this answer cannot confirm it.",
                fix: fix.text)
        }
    }

    /// A route to a target lambda-reach does not follow (VPN gateway, appliance, ...).
    struct NotAnalyzed: BlockerReason {
        var route: Route
        var table: String
        var source: String?
        var traffic: Traffic

        func words(for function: FunctionIdentity) -> BlockerWords {
            let target = route.targetId ?? route.targetKind.rawValue
            return BlockerWords(
                message:
                    "Route \(route.summary) in \(table) sends the traffic to \(target) (\(targetKindName(route.targetKind))), beyond what lambda-reach models (VPN gateways, appliances, local and carrier gateways): the rest of the path cannot be confirmed from this inventory.",
                fix: beyondFix(target: route.targetId, kind: route.targetKind, source: source, traffic: traffic).text)
        }
    }

    /// A NAT gateway that forwards a private destination onward: its subnet's route table
    /// sends it to a transit gateway, a peering, a VPN gateway or an appliance, which AWS
    /// documents for a private NAT gateway between overlapping networks (and allows for a
    /// public one). The NAT gateway replaces the source with its own private address, which the
    /// destination's groups and ACL then see. A destination in a VPC of the inventory is
    /// followed that way (`Solver.throughNATPrivately`); this is for one that is not (an address
    /// on premises, behind a VPN): the path beyond cannot be confirmed, and the answer says so
    /// rather than call the address dropped by an internet that never carries it.
    struct NATForwardsPrivately: BlockerReason {
        var nat: NATGateway
        var natTable: String
        var route: Route
        var destinationLabel: String
        var source: String?
        var traffic: Traffic

        func words(for function: FunctionIdentity) -> BlockerWords {
            let target = route.targetId ?? route.targetKind.rawValue
            let natAddress = nat.privateAddresses.first.map { " (\($0))" } ?? ""
            // Where the NAT gateway's table sends it, then what lies beyond that target.
            let lines: [ShellCommand] = [
                "aws ec2 describe-route-tables --route-table-ids \(natTable)   # \(raw: nat.id) forwards \(raw: destinationLabel) by route \(raw: route.summary)",
                beyondFix(target: route.targetId, kind: route.targetKind, source: source, traffic: traffic),
            ]
            return BlockerWords(
                message:
                    "\(destinationLabel) is a private address, and the route to it leads to NAT gateway \(nat.id), whose subnet's route table \(natTable) sends it on by route \(route.summary) to \(target) (\(targetKindName(route.targetKind))): a NAT gateway forwards private traffic that way (AWS's pattern for overlapping networks), with its own private address\(natAddress) as the source, which the destination's security groups and network ACL must admit. \(destinationLabel) is in no VPC of the inventory that this route leads to (a network on premises, or a VPC that was not imported): the rest of the path cannot be confirmed from this inventory.",
                fix: lines.map(\.text).joined(separator: "\n"))
        }
    }

    static func natForwardsPrivately(
        _ nat: NATGateway, natTable: RouteTable, route: Route, destinationLabel: String, source: String?,
        context: Solver.Context
    ) -> Blocker {
        Blocker(
            code: .routeTargetNotAnalyzed, component: nat.id,
            reason: NATForwardsPrivately(
                nat: nat, natTable: natTable.id, route: route, destinationLabel: destinationLabel, source: source,
                traffic: context.traffic))
    }

    static func notAnalyzed(route: Route, table: RouteTable, source: String?, context: Solver.Context) -> Blocker {
        Blocker(
            code: .routeTargetNotAnalyzed, component: route.targetId ?? route.targetKind.rawValue,
            reason: NotAnalyzed(route: route, table: table.id, source: source, traffic: context.traffic))
    }

    /// How to check a path beyond what lambda-reach follows: VPC Reachability Analyzer from the
    /// function's own network interface (when the inventory has it) to the component, with the
    /// real IDs; else what to look at, since a command with placeholders is no fix.
    static func beyondFix(target: String?, kind: RouteTargetKind, source: String?, traffic: Traffic)
        -> ShellCommand
    {
        var lines: [ShellCommand] = []
        if let source, let target, kind == .vgw || kind == .eni || kind == .instance || kind == .tgw {
            var path: ShellCommand =
                "aws ec2 create-network-insights-path --source \(source) --destination \(target) --protocol \(raw: traffic.ipProtocol == .udp ? "udp" : "tcp") --destination-port \(traffic.port)"
            if case .address(let address, _) = traffic.target { path += " --destination-ip \(address)" }
            lines.append(
                "path=$(\(path) --query NetworkInsightsPath.NetworkInsightsPathId --output text) && aws ec2 start-network-insights-analysis --network-insights-path-id \"$path\"   # VPC Reachability Analyzer, from the function's network interface"
            )
        }
        switch kind {
        case .vgw:
            if let target {
                lines.append(
                    "aws ec2 describe-vpn-connections --filters Name=vpn-gateway-id,Values=\(target)   # where \(target) sends the traffic: a Site-to-Site VPN or Direct Connect"
                )
            }
        case .eni, .instance:
            if let target {
                lines.append(
                    "aws ec2 describe-network-interfaces --filters Name=\(raw: kind == .eni ? "network-interface-id" : "attachment.instance-id"),Values=\(target)   # the appliance (firewall, proxy, NAT instance) must forward the traffic"
                )
            }
        default:
            if let target {
                lines.append("Check what \(target) does with the traffic: lambda-reach does not follow it further")
            }
        }
        return lines.isEmpty
            ? "Check the path beyond this route: lambda-reach does not follow it further"
            : lines.joined(separator: "\n")
    }
}

extension Explain {
    // MARK: Gateways

    /// A route to an internet gateway not attached to the VPC.
    struct IGWDetached: BlockerReason, JoinsTableRoutes {
        var gateway: String
        var vpcId: String
        /// The VPC the gateway is attached to instead, if any: a gateway attaches to one VPC at
        /// a time, so attaching it here would fail.
        var attachedTo: String?
        /// An internet gateway attached to `vpcId`, which the route can point at instead.
        var own: String?
        /// The route that points at the gateway, and its table: what the fix rewrites.
        var table: String
        var route: Route
        /// The same route of the tables of the answer's other subnets (`combined(with:)`).
        var otherRoutes: [TableRoute] = []

        /// The fix rewrites the route of this subnet's table (when the gateway is another
        /// VPC's; one attached nowhere is attached, whichever subnet asks).
        var differsBySubnet: Bool { attachedTo != nil }

        func combined(with other: any BlockerReason) -> (any BlockerReason)? {
            guard differsBySubnet, let other = other as? IGWDetached, other.differsBySubnet,
                other.gateway == gateway, other.vpcId == vpcId
            else { return nil }
            return joiningRoutes(of: other)
        }

        func words(for function: FunctionIdentity) -> BlockerWords {
            guard let attachedTo else {
                return BlockerWords(
                    message:
                        "The route points at internet gateway \(gateway), which is not attached to \(vpcId); traffic sent to it is dropped.",
                    fix: Shell.line(
                        "aws ec2 attach-internet-gateway --internet-gateway-id \(gateway) --vpc-id \(vpcId)"))
            }
            var fix = routeToInternetGateway(own, vpcId: vpcId, table: table, destination: destinationArgument(route))
            // The other tables' routes go to the same gateway: the one the first line makes
            // when the VPC has none (a VPC takes one internet gateway).
            let target: ShellCommand = own.map { "\($0)" } ?? "\"$igw\""
            for other in otherRoutes {
                fix +=
                    "\naws ec2 replace-route --route-table-id \(other.table) \(destinationArgument(other.route)) --gateway-id \(target)"
            }
            if let own {
                fix = "# point the route at \(vpcId)'s own internet gateway, \(own), instead of \(gateway):\n" + fix
            }
            return BlockerWords(
                message:
                    "The route points at internet gateway \(gateway), which is attached to \(attachedTo), not to \(vpcId): an internet gateway is attached to one VPC at a time, and traffic sent to it from \(vpcId) is dropped.",
                fix: Shell.line(fix))
        }
    }

    static func igwDetached(
        _ gateway: InternetGateway, vpcId: String, route: Route, table: RouteTable, network: Network
    ) -> Blocker {
        if route.targetKind == .eigw {
            return Blocker(
                code: .unassociatedComponent, component: gateway.id,
                reason: EgressOnlyGatewayDetached(gateway: gateway.id, vpcId: vpcId, table: table.id, route: route))
        }
        let own = attachedIGW(vpcId, network: network)?.id
        return Blocker(
            code: .unassociatedComponent, component: gateway.id,
            reason: IGWDetached(
                gateway: gateway.id, vpcId: vpcId, attachedTo: gateway.attachedVPCs.filter { $0 != vpcId }.min(),
                own: own, table: table.id, route: route))
    }

    /// An egress-only internet gateway that is not attached to the VPC: unlike an internet
    /// gateway it is created for one VPC and has no attach call, so the route needs a new one.
    struct EgressOnlyGatewayDetached: BlockerReason, JoinsTableRoutes {
        var gateway: String
        var vpcId: String
        var table: String
        var route: Route
        /// The same route of the tables of the answer's other subnets (`combined(with:)`).
        var otherRoutes: [TableRoute] = []

        /// The fix rewrites the route of this subnet's table.
        var differsBySubnet: Bool { true }

        func combined(with other: any BlockerReason) -> (any BlockerReason)? {
            guard let other = other as? EgressOnlyGatewayDetached, other.gateway == gateway, other.vpcId == vpcId
            else { return nil }
            return joiningRoutes(of: other)
        }

        func words(for function: FunctionIdentity) -> BlockerWords {
            // One new gateway, whichever tables route to the old one.
            var fix: ShellCommand =
                "eigw=$(aws ec2 create-egress-only-internet-gateway --vpc-id \(vpcId) --query EgressOnlyInternetGateway.EgressOnlyInternetGatewayId --output text)"
            for each in [TableRoute(table: table, route: route)] + otherRoutes {
                fix +=
                    "\naws ec2 replace-route --route-table-id \(each.table) \(destinationArgument(each.route)) --egress-only-internet-gateway-id \"$eigw\""
            }
            return BlockerWords(
                message:
                    "The route points at egress-only internet gateway \(gateway), which is not attached to \(vpcId); IPv6 traffic sent to it is dropped. An egress-only gateway is created for one VPC and cannot be attached again: the route needs one of \(vpcId)'s own.",
                fix: Shell.line(fix))
        }
    }

    /// A route and its table: one of the routes a fix rewrites when several subnets' tables
    /// point at one gateway.
    struct TableRoute: Sendable, Hashable {
        var table: String
        var route: Route
    }

    /// A reason whose fix rewrites one route of its subnet's table, and, once joined with the
    /// same reason of the answer's other subnets, theirs (`otherRoutes`).
    protocol JoinsTableRoutes {
        var table: String { get }
        var route: Route { get }
        var otherRoutes: [TableRoute] { get set }
    }

    /// The function is in a public subnet: its ENI has no public address for the internet gateway.
    struct PublicSubnetTrap: BlockerReason {
        var gateway: String
        var subnet: String
        /// Per zone of the VPC, the private subnet a function there belongs in
        /// (`Explain.privateSubnetByZone`), in zone order.
        var privateByZone: [ZoneSubnet]
        /// The VPC's public subnets with their zones: those of the function's subnets that the
        /// fix replaces (the blocker is one subnet's, shared by every function placed there).
        var publicSubnets: [ZoneSubnet] = []
        /// Where a private subnet would go when there is none: the VPC, the public subnet's zone
        /// (by ID, the same in every account), and a free block of the VPC as large as it.
        var vpcId: String = ""
        var zoneId: String? = nil
        var freeCIDR: IPv4CIDR? = nil

        /// The function's subnets with each public one replaced by its zone's private subnet
        /// (dropped when its zone has none), the others kept: one VpcConfig that every public
        /// subnet's blocker of the function gives alike, so the fix is written once and moves
        /// no working subnet. A function in public subnets only, of zones without a private
        /// subnet, gets one private subnet per zone. Never more than VpcConfig's 16 subnets.
        func subnets(for function: FunctionIdentity) -> [String] {
            let privateOf = Dictionary(privateByZone.map { ($0.zone, $0.subnet) }) { first, _ in first }
            let zoneOf = Dictionary(publicSubnets.map { ($0.subnet, $0.zone) }) { first, _ in first }
            var chosen: [String] = []
            for id in function.subnetIds {
                let next = zoneOf[id].map { privateOf[$0] } ?? id
                if let next, !chosen.contains(next) { chosen.append(next) }
            }
            if chosen.isEmpty { chosen = privateByZone.map(\.subnet) }
            return Array(chosen.prefix(Explain.maximumSubnets))
        }

        func words(for function: FunctionIdentity) -> BlockerWords {
            let fix: ShellCommand
            if privateByZone.isEmpty {
                // The whole way, runnable: a NAT gateway here, a private subnet beside it whose
                // table sends 0.0.0.0/0 to it, and the function moved there.
                let zone: ShellCommand = zoneId.map { " --availability-zone-id \($0)" } ?? ""
                fix =
                    "# a NAT gateway in this public subnet, a private subnet whose route table sends 0.0.0.0/0 to it, and the function moved there:\n"
                    + createNATGateway(in: "\(subnet)")
                    + "\nprivate=$(aws ec2 create-subnet --vpc-id \(vpcId) --cidr-block \(freeCIDR?.description, else: "<a free block of \(vpcId)>")\(zone) --query Subnet.SubnetId --output text)\nrtb=$(aws ec2 create-route-table --vpc-id \(vpcId) --query RouteTable.RouteTableId --output text)\naws ec2 create-route --route-table-id \"$rtb\" --destination-cidr-block 0.0.0.0/0 --nat-gateway-id \"$nat\"\naws ec2 associate-route-table --route-table-id \"$rtb\" --subnet-id \"$private\"\naws lambda update-function-configuration --function-name \(function.name) --vpc-config SubnetIds=\"$private\",SecurityGroupIds=\(list: function.securityGroupIds, separator: ",")   # a subnet like it in a second zone keeps the function up when one zone fails"
            } else {
                fix =
                    "aws lambda update-function-configuration --function-name \(function.name) --vpc-config \(vpcConfig(subnets: subnets(for: function), groups: function.securityGroupIds))"
            }
            return BlockerWords(
                message:
                    "\(subnet) is a public subnet (its route table sends the traffic to internet gateway \(gateway)), but a Lambda function's network interface never has a public IP address, not even in a public subnet, and an internet gateway drops traffic from private addresses. A function reaches the internet only from a private subnet whose route table points at a NAT gateway.",
                fix: fix.text)
        }
    }

    static func publicSubnetTrap(_ gateway: InternetGateway, subnet: Subnet, network: Network) -> Blocker {
        let privateByZone = privateSubnetByZone(in: subnet.vpcId, network: network)
        return Blocker(
            code: .igwPublicIPAssociationForEgress, component: gateway.id,
            reason: PublicSubnetTrap(
                gateway: gateway.id, subnet: subnet.id, privateByZone: privateByZone,
                publicSubnets: publicSubnets(in: subnet.vpcId, network: network).map {
                    ZoneSubnet(zone: zoneKey($0), subnet: $0.id)
                }, vpcId: subnet.vpcId, zoneId: subnet.availabilityZoneId,
                freeCIDR: privateByZone.isEmpty ? freeBlock(like: subnet, network: network) : nil))
    }

    /// The first block of `subnet`'s VPC, as large as `subnet`, that no subnet of the VPC
    /// uses: where a new subnet beside it fits. Nil when the VPC is full.
    static func freeBlock(like subnet: Subnet, network: Network) -> IPv4CIDR? {
        guard let size = subnet.cidr?.prefixLength else { return nil }
        return freeBlock(in: subnet.vpcId, size: size, network: network)
    }

    /// The free blocks of `vpcId` of prefix length `size`, in address order: the first after
    /// `skipping` others, so that fixes for several zones, each creating a subnet, take
    /// different blocks. Nil when there are not so many.
    static func freeBlock(in vpcId: String, size: Int, network: Network, skipping: Int = 0) -> IPv4CIDR? {
        guard let vpc = network.vpcs[vpcId] else { return nil }
        let used = network.subnets(inVPC: vpcId).compactMap(\.cidr)
        var skipped = 0
        for block in vpc.cidrs where block.prefixLength <= size {
            let step = UInt64(1) << UInt64(32 - size)
            var start = UInt64(block.first.value)
            while start + step - 1 <= UInt64(block.last.value) {
                let candidate = IPv4CIDR(address: IPv4Address(UInt32(start)), prefixLength: size)
                if !used.contains(where: { $0.overlaps(candidate) }) {
                    if skipped == skipping { return candidate }
                    skipped += 1
                }
                start += step
            }
        }
        return nil
    }

    /// A NAT gateway on the path that cannot forward: not available, or private.
    struct NATUnusable: BlockerReason {
        var nat: NATGateway
        /// True when the gateway is private (it never reaches the internet), false when it is
        /// not available.
        var isPrivate: Bool
        /// The route table of the function's subnet, and the destination its NAT route is for.
        var table: String?
        var destination: String
        /// Another available public NAT gateway of the VPC, for a route to replace this one's.
        var other: String?
        var route: NATRoute

        /// The fix replaces the NAT route of this subnet's table.
        var differsBySubnet: Bool { table != nil }

        func words(for function: FunctionIdentity) -> BlockerWords {
            if isPrivate {
                var fix: ShellCommand = "# route \(destination) to a public NAT gateway instead:"
                if let table { fix += "\n" + route.fix(table: table, replace: true, destination: destination) }
                return BlockerWords(
                    message:
                        "\(nat.id) is a private NAT gateway (ConnectivityType private): it translates addresses for other private networks but never reaches the internet, even with an internet gateway in the VPC.",
                    fix: fix.text)
            }
            // A pending gateway becomes available by itself, within minutes: it is waited for,
            // not replaced. Any other state (failed, deleting, deleted) will not change.
            if nat.state == "pending" {
                return BlockerWords(
                    message:
                        "NAT gateway \(nat.id) is in state 'pending', not 'available': it forwards nothing until AWS finishes creating it, usually within minutes.",
                    fix: Shell.line(
                        "aws ec2 wait nat-gateway-available --nat-gateway-ids \(nat.id)   # if it turns 'failed' instead, describe-nat-gateways shows its FailureMessage"
                    ))
            }
            var fix: ShellCommand = "aws ec2 describe-nat-gateways --nat-gateway-ids \(nat.id)   # see FailureMessage"
            if let table {
                fix +=
                    "\n"
                    + (other.map {
                        "aws ec2 replace-route --route-table-id \(table) --destination-cidr-block \(destination) --nat-gateway-id \($0)"
                    } ?? route.fix(table: table, replace: true, destination: destination))
            }
            return BlockerWords(
                message: "NAT gateway \(nat.id) is in state '\(nat.state)', not 'available': it forwards nothing.",
                fix: fix.text)
        }
    }

    /// `nat` as a NAT gateway that cannot carry the traffic of `subnet` (whose route `route` sends
    /// it there): the facts of its fix.
    static func natUnusable(_ nat: NATGateway, isPrivate: Bool, network: Network, subnet: Subnet, route: Route?)
        -> NATUnusable
    {
        let other =
            !isPrivate
            ? usableNATs(in: nat.vpcId, zone: subnet.availabilityZone, network: network).first { $0.id != nat.id }?.id
            : nil
        let table = network.routeTable(forSubnet: subnet.id)?.id
        return NATUnusable(
            nat: nat, isPrivate: isPrivate, table: table, destination: route.flatMap(cidrArgument) ?? "0.0.0.0/0",
            other: other,
            route: NATRoute(vpcId: nat.vpcId, zone: subnet.availabilityZone, network: network, table: table))
    }

    /// A private NAT gateway asked for a private address that its own subnet's route table
    /// sends nowhere private (only to the internet, which drops private addresses, or nowhere):
    /// the missing piece is that table's route to the transit gateway or VPN gateway that
    /// reaches the address, not a public NAT gateway.
    struct PrivateNATWithoutOnwardRoute: BlockerReason {
        var nat: String
        var table: String
        var destination: String
        var destinationLabel: String
        /// The transit gateways and VPN gateways the NAT gateway's VPC is attached to, sorted.
        var transitGateways: [String]
        var vpnGateways: [String]

        func words(for function: FunctionIdentity) -> BlockerWords {
            let fix: ShellCommand
            if let gateway = transitGateways.first {
                fix =
                    "aws ec2 create-route --route-table-id \(table) --destination-cidr-block \(destination) --transit-gateway-id \(gateway)   # the network that holds \(destinationLabel), through the transit gateway; its route table needs the way there and back"
            } else if let gateway = vpnGateways.first {
                fix =
                    "aws ec2 create-route --route-table-id \(table) --destination-cidr-block \(destination) --gateway-id \(gateway)   # the network that holds \(destinationLabel), through the VPN gateway"
            } else {
                fix =
                    "# the NAT gateway's VPC has no transit gateway or VPN gateway attached: attach one that reaches \(destinationLabel), then:\naws ec2 create-route --route-table-id \(table) --destination-cidr-block \(destination) --transit-gateway-id <transit gateway>"
            }
            return BlockerWords(
                message:
                    "\(nat) is a private NAT gateway: it carries traffic to other private networks (another VPC or an on-premises network, through a transit gateway or a VPN gateway) from its own subnet, by that subnet's route table \(table). That table has no route for \(destinationLabel) (\(destination)) to a transit gateway, VPN gateway or peering: the traffic goes nowhere or to the internet, which does not carry private addresses.",
                fix: fix.text)
        }
    }

    static func privateNATWithoutOnwardRoute(
        _ nat: NATGateway, table: RouteTable, addresses: AddressSet, destinationLabel: String, network: Network
    ) -> Blocker {
        let attachments = (network.transitGatewayAttachmentsByVPC[nat.vpcId] ?? []).compactMap {
            network.transitGatewayAttachments[$0]
        }
        return Blocker(
            code: .noRouteToDestination, component: table.id,
            reason: PrivateNATWithoutOnwardRoute(
                nat: nat.id, table: table.id, destination: cidrText(addresses), destinationLabel: destinationLabel,
                transitGateways: Array(Set(attachments.map(\.transitGatewayId))).sorted(),
                // VPN gateways are not exported on their own: the VPC's routes name them.
                vpnGateways: Array(
                    Set(
                        network.routeTables.values.filter { $0.vpcId == nat.vpcId }.flatMap(\.routes).filter {
                            $0.targetKind == .vgw
                        }.compactMap(\.targetId))
                ).sorted()))
    }

    static func natNotAvailable(_ nat: NATGateway, network: Network, subnet: Subnet, route: Route? = nil) -> Blocker {
        Blocker(
            code: .badState, component: nat.id,
            reason: natUnusable(nat, isPrivate: false, network: network, subnet: subnet, route: route))
    }

    static func privateNAT(_ nat: NATGateway, network: Network, subnet: Subnet, route: Route? = nil) -> Blocker {
        Blocker(
            code: .natGatewayPrivateConnectivity, component: nat.id,
            reason: natUnusable(nat, isPrivate: true, network: network, subnet: subnet, route: route))
    }

    /// A NAT gateway whose subnet is not in the inventory: a describe-subnets output that
    /// leaves it out (filtered, or taken before the subnet was made).
    struct NATSubnetUnknown: BlockerReason {
        var nat: String
        var subnet: String

        func words(for function: FunctionIdentity) -> BlockerWords {
            // A regional NAT gateway (AvailabilityMode regional) sits in no subnet: it serves
            // every zone of its VPC, with a route table of its own.
            guard !subnet.isEmpty else {
                return BlockerWords(
                    message:
                        "NAT gateway \(nat) is a regional NAT gateway, in no subnet (it serves every zone of its VPC, with a route table of its own): lambda-reach does not analyse its path yet, so the path beyond it cannot be confirmed.",
                    fix: Shell.line(
                        "aws ec2 describe-nat-gateways --nat-gateway-ids \(nat)   # its RouteTableId and NatGatewayAddresses; then run VPC Reachability Analyzer from the function's network interface"
                    ))
            }
            return BlockerWords(
                message:
                    "NAT gateway \(nat) is in \(subnet), which is not in the inventory: its network ACL and its route to an internet gateway are unknown, so the path beyond the NAT gateway cannot be confirmed.",
                fix: Explain.reexport("describe-subnets", for: function).text)
        }
    }

    static func natSubnetUnknown(_ nat: NATGateway) -> Blocker {
        Blocker(
            code: .routeTargetNotAnalyzed, component: nat.id,
            reason: NATSubnetUnknown(nat: nat.id, subnet: nat.subnetId))
    }

    /// A public NAT gateway in a subnet without a route to an internet gateway.
    struct NATSubnetNoRoute: BlockerReason {
        var table: String
        var nat: String
        var natSubnet: Subnet
        /// The internet gateway attached to the NAT gateway's VPC, if there is one.
        var igw: String?
        /// The route of the table that sends the internet to a NAT gateway instead (the NAT
        /// gateway in the function's own subnet, whose table points at it): replaced, not added.
        var natRoute: Route?
        /// When the table is the function's own too: a NAT gateway that works, elsewhere, for it.
        var functionsNAT: NATRoute?

        func words(for function: FunctionIdentity) -> BlockerWords {
            let verb = natRoute == nil ? "create-route" : "replace-route"
            let destination: ShellCommand =
                natRoute.map { destinationArgument($0) } ?? "--destination-cidr-block 0.0.0.0/0"
            // The function's table must keep a NAT route: the route goes to a NAT gateway in a
            // public subnet instead; an internet gateway would make the function's subnet public.
            let fix =
                functionsNAT.map { $0.fix(table: table, replace: true) }
                ?? routeToInternetGateway(
                    igw, vpcId: natSubnet.vpcId, table: table, destination: destination, verb: verb)
            let which =
                natRoute.map {
                    "sends the internet back to a NAT gateway (\($0.summary)), not to an internet gateway; a NAT gateway in the function's own subnet is one such case"
                } ?? "has no route to an internet gateway"
            // A NAT gateway in the function's own subnet cannot work: the subnet's one table
            // would have to send the internet to the NAT gateway for the function and to the
            // internet gateway for the NAT gateway.
            return BlockerWords(
                message:
                    "NAT gateway \(nat) sits in \(natSubnet.id), whose route table \(table) \(which). A public NAT gateway must be in a public subnet: its own traffic follows its subnet's route table.\(natRoute == nil ? "" : " The function belongs in a private subnet whose table sends 0.0.0.0/0 to the NAT gateway.")",
                fix: fix.text)
        }
    }

    static func natSubnetNoRoute(
        table: RouteTable, nat: NATGateway, natSubnet: Subnet, network: Network, natRoute: Route? = nil,
        functionSubnet: Subnet? = nil
    ) -> Blocker {
        let shared = functionSubnet.map { network.routeTable(forSubnet: $0.id)?.id == table.id } ?? false
        return Blocker(
            code: .noRouteToDestination, component: table.id,
            reason: NATSubnetNoRoute(
                table: table.id, nat: nat.id, natSubnet: natSubnet,
                igw: attachedIGW(natSubnet.vpcId, network: network)?.id, natRoute: natRoute,
                functionsNAT: shared && natRoute != nil
                    ? NATRoute(
                        vpcId: natSubnet.vpcId, zone: functionSubnet?.availabilityZone ?? natSubnet.availabilityZone,
                        network: network, table: table.id, excluding: nat.id) : nil
            ))
    }
}

extension Explain {
    // MARK: Peering

    /// A peering connection that is not active.
    struct PeeringNotActive: BlockerReason {
        var peering: PeeringConnection

        func words(for function: FunctionIdentity) -> BlockerWords {
            BlockerWords(
                message:
                    "Peering connection \(peering.id) is '\(peering.status)', not 'active': no traffic crosses it.",
                fix: Shell.line(
                    peering.status == "pending-acceptance"
                        ? "aws ec2 accept-vpc-peering-connection --vpc-peering-connection-id \(peering.id)   # as the owner of \(peering.accepter.vpcId)"
                        : "aws ec2 describe-vpc-peering-connections --vpc-peering-connection-ids \(peering.id)   # recreate it if it failed or expired"
                ))
        }
    }

    static func peeringNotActive(_ peering: PeeringConnection) -> Blocker {
        Blocker(code: .badState, component: peering.id, reason: PeeringNotActive(peering: peering))
    }

    /// Traffic for beyond the peer VPC routed into a peering connection.
    struct PeeringNotTransitive: BlockerReason {
        var peering: String
        var subnet: Subnet
        var peerVPC: String
        var destinationLabel: String
        /// The function subnet's route table, the destination of the route, and a NAT route's facts.
        var table: String?
        var destination: String
        var nat: NATRoute
        /// How a private destination is placed: in the peer VPC but outside the CIDRs the
        /// peering carries, or in a third VPC (nil when not known). nil for a public one, which
        /// a NAT gateway of the function's own VPC reaches.
        var privateDestination: PrivatePlace?
        /// An IPv6 destination: the peer's IPv6 blocks decide, and a public one is reached
        /// through an egress-only or internet gateway of the function's VPC, not a NAT gateway.
        var ipv6 = false
        /// For a public IPv6 destination, an egress-only internet gateway of the function's VPC.
        var egressOnlyGateway: String? = nil

        enum PrivatePlace: Sendable, Hashable {
            case outsidePeeringCIDRs
            case otherVPC(String?)
        }

        /// The fix replaces the route of this subnet's table.
        var differsBySubnet: Bool { privateDestination == nil && table != nil }

        func words(for function: FunctionIdentity) -> BlockerWords {
            var fix: ShellCommand = "# send the traffic to a NAT gateway (or endpoint) in \(subnet.vpcId) instead:"
            switch privateDestination {
            case .outsidePeeringCIDRs? where ipv6:
                fix =
                    "aws ec2 describe-vpc-peering-connections --vpc-peering-connection-ids \(peering) --query 'VpcPeeringConnections[].[AccepterVpcInfo.Ipv6CidrBlockSet,RequesterVpcInfo.Ipv6CidrBlockSet]'   # \(destinationLabel) must be in the peer's IPv6 blocks the peering carries"
            case .outsidePeeringCIDRs?:
                // A NAT gateway to the internet drops private addresses: the peering must carry it.
                fix =
                    "aws ec2 describe-vpc-peering-connections --vpc-peering-connection-ids \(peering) --query 'VpcPeeringConnections[].[AccepterVpcInfo.CidrBlockSet,RequesterVpcInfo.CidrBlockSet]'   # \(destinationLabel) must be in the peer's CIDRs the peering carries"
            case .otherVPC(let vpc)?:
                // Peering is not transitive, and the route that reaches the peer works: a
                // direct peering (or a transit gateway) carries the traffic instead.
                fix =
                    "aws ec2 create-vpc-peering-connection --vpc-id \(subnet.vpcId) --peer-vpc-id \(vpc ?? "<the VPC of \(destinationLabel)>")   # accept it, then route each side's CIDR to it on both sides; or attach both VPCs to a transit gateway"
            case nil where ipv6:
                // IPv6 addresses are public: the function's VPC reaches them through its own
                // egress-only internet gateway, not through a NAT gateway.
                fix = "# send the traffic to an egress-only internet gateway of \(subnet.vpcId) instead:"
                if let table {
                    fix +=
                        "\naws ec2 replace-route --route-table-id \(table) --destination-ipv6-cidr-block \(destination) --egress-only-internet-gateway-id \(egressOnlyGateway, else: "<an egress-only internet gateway of \(subnet.vpcId)>")"
                }
            case nil:
                if let table { fix += "\n" + nat.fix(table: table, replace: true, destination: destination) }
            }
            return BlockerWords(
                message:
                    "Traffic for \(destinationLabel) is routed into peering connection \(peering), but a peering connection only carries traffic to addresses inside \(peerVPC)'s \(ipv6 ? "IPv6 blocks" : "CIDRs"): peering is not transitive, so \(peerVPC)'s internet gateway, \(ipv6 ? "egress-only internet gateway" : "NAT gateways") and gateway endpoints cannot be used from \(subnet.vpcId).",
                fix: fix.text)
        }
    }

    /// `ipv6`: the destination is an IPv6 address, routed by an IPv6 route.
    static func peeringNotTransitive(
        _ peering: PeeringConnection, subnet: Subnet, destinationLabel: String, network: Network, route: Route? = nil,
        privateDestination: PeeringNotTransitive.PrivatePlace? = nil, ipv6: Bool = false
    ) -> Blocker {
        let table = network.routeTable(forSubnet: subnet.id)?.id
        var destination = route.flatMap(cidrArgument) ?? "0.0.0.0/0"
        if ipv6, let route, case .ipv6(let text) = route.destination { destination = text }
        return Blocker(
            code: .peeringRequiresAddressInVPCCIDR, component: peering.id,
            reason: PeeringNotTransitive(
                peering: peering.id, subnet: subnet, peerVPC: peering.peer(of: subnet.vpcId)?.vpcId ?? "the peer VPC",
                destinationLabel: destinationLabel, table: table, destination: destination,
                nat: NATRoute(vpcId: subnet.vpcId, zone: subnet.availabilityZone, network: network, table: table),
                privateDestination: privateDestination, ipv6: ipv6,
                egressOnlyGateway: ipv6
                    ? network.egressOnlyInternetGateways.values.filter { $0.attachedVPCs.contains(subnet.vpcId) }
                        .map(\.id).min() : nil))
    }

    /// A peered destination subnet without the route back.
    struct NoReturnRoute: BlockerReason {
        var table: String
        var destinationSubnet: Subnet
        var source: Subnet
        var peering: String
        /// The route the replies take instead, when its destination is exactly the function's
        /// subnet: it is replaced (a second route for the same CIDR cannot be created).
        var sameCIDRRoute: Route?
        /// The NAT gateway in `source` whose address the replies go to, when it forwarded the
        /// function's traffic.
        var nat: String? = nil
        /// The function subnet's IPv6 block, for an IPv6 path (nil: IPv4, the source subnet's
        /// CIDR). A NAT gateway forwards IPv4 only: the two are never both set.
        var ipv6: IPv6CIDR? = nil

        /// Each subnet's CIDR needs its route back.
        var differsBySubnet: Bool { true }

        func words(for function: FunctionIdentity) -> BlockerWords {
            var cidr = ipv6?.description ?? source.cidr?.description ?? "<\(source.id) CIDR>"
            if let nat { cidr += " (\(source.id), where NAT gateway \(nat) is, whose address the requests came from)" }
            let destination: ShellCommand =
                ipv6.map { "--destination-ipv6-cidr-block \($0.description)" }
                ?? "--destination-cidr-block \(source.cidr, else: "<\(source.id) CIDR>")"
            // IPv6 is routed apart from IPv4: a route back for the subnet's IPv4 CIDR does not
            // carry the replies to its IPv6 block.
            let both =
                ipv6 == nil
                ? "A peering connection needs routes on both sides."
                : "A peering connection needs routes on both sides, for IPv6 as for IPv4 (IPv6 routes are looked up apart)."
            if let route = sameCIDRRoute {
                return BlockerWords(
                    message:
                        "The replies cannot come back through \(peering): route table \(table) of \(destinationSubnet.id) (in \(destinationSubnet.vpcId)) sends \(cidr) to \(route.summary) instead. \(both)",
                    fix: Shell.line(
                        "aws ec2 replace-route --route-table-id \(table) \(destination) --vpc-peering-connection-id \(peering)"
                    ))
            }
            return BlockerWords(
                message:
                    "The replies cannot come back: route table \(table) of \(destinationSubnet.id) (in \(destinationSubnet.vpcId)) has no \(ipv6 == nil ? "" : "IPv6 ")route for \(cidr) through \(peering). \(both)",
                fix: Shell.line(
                    "aws ec2 create-route --route-table-id \(table) \(destination) --vpc-peering-connection-id \(peering)"
                ))
        }
    }

    /// `addresses`: the source's, in the question's family (the function subnet's, or the
    /// address of `nat`, the NAT gateway in `source` that forwarded the function's traffic, if
    /// one did).
    static func noReturnRoute(
        table: RouteTable, destinationSubnet: Subnet, source: Subnet, addresses: Solver.Addresses,
        peering: PeeringConnection, taken: [Route?] = [], nat: String? = nil
    ) -> Blocker {
        var ipv6: IPv6CIDR?
        if case .ipv6(let block) = addresses { ipv6 = block }
        let sameCIDR = taken.compactMap { $0 }.first { route in
            if let ipv6 { return route.destination.sameBlock(as: .ipv6(ipv6.description)) }
            if case .cidr(let cidr) = route.destination { return cidr == source.cidr }
            return false
        }
        // A return route that exists but is a blackhole (its peering deleted) is a route in a
        // bad state, as on the way out; none at all is no route.
        let blackhole = taken.contains { $0?.isBlackhole == true }
        return Blocker(
            code: blackhole ? .badStateRoute : .noRouteToDestination, component: table.id,
            reason: NoReturnRoute(
                table: table.id, destinationSubnet: destinationSubnet, source: source, peering: peering.id,
                sameCIDRRoute: sameCIDR, nat: nat, ipv6: ipv6))
    }
}

extension Explain {
    /// Within a VPC the replies leave the destination's subnet by that subnet's own route
    /// table: a route there more specific than the local route, covering the function's subnet,
    /// sends them to an appliance (middlebox routing), or drops them, while the requests did
    /// not pass through it (they came by the local route, or from a NAT gateway's subnet).
    struct ReturnAroundLocalRoute: BlockerReason {
        var table: String
        var route: Route
        var destinationSubnet: String
        var source: Subnet
        /// The route table of the source's subnet, and the destination subnet's block in the
        /// route's family: where a route sends the requests through the same appliance too.
        var sourceTable: String?
        var destinationBlock: String?

        /// Each subnet's replies take the route that covers its CIDR.
        var differsBySubnet: Bool { true }

        func words(for function: FunctionIdentity) -> BlockerWords {
            let addresses = source.cidr?.description ?? source.id
            let message =
                route.isBlackhole
                ? "The replies cannot come back: route table \(table) of \(destinationSubnet) drops what it sends to \(addresses) (\(source.id)), by a blackhole route \(route.summary) more specific than the VPC's local route."
                : "The replies take another way than the requests: route table \(table) of \(destinationSubnet) sends what goes to \(addresses) (\(source.id)) to \(route.summary), more specific than the VPC's local route (middlebox routing): an appliance the requests did not pass through. AWS does not support asymmetric routing through an appliance, and lambda-reach does not follow appliances: the connection is not known to work."
            let delete: ShellCommand =
                "aws ec2 delete-route --route-table-id \(table) \(Explain.destinationArgument(route))"
            // An appliance meant to inspect this traffic is kept: the requests are sent through
            // it too, which makes the flow symmetric (AWS supports only that); taking the
            // route away would let the traffic around it.
            guard !route.isBlackhole, let sourceTable, let destinationBlock, let targetId = route.targetId,
                let option = Explain.targetOption(route.targetKind)
            else {
                return BlockerWords(
                    message: message,
                    fix: Shell.line(
                        "\(delete)   # or send \(source.id)'s requests through the same appliance"))
            }
            // The route's family is the block's (returnAroundLocalRoute picks it so).
            let family: String
            if case .ipv6 = route.destination {
                family = "--destination-ipv6-cidr-block"
            } else {
                family = "--destination-cidr-block"
            }
            return BlockerWords(
                message: message,
                fix: [
                    "aws ec2 create-route --route-table-id \(sourceTable) \(raw: family) \(destinationBlock) \(raw: option) \(targetId)   # \(source.id)'s requests through the same appliance, so that both ways pass it",
                    "#   or, if the appliance is not meant to see this traffic: \(delete)",
                ].map { (line: ShellCommand) in line.text }.joined(separator: "\n"))
        }
    }

    /// Traffic a transit gateway delivers into a VPC, which the attachment subnet's route table
    /// sends somewhere other than the local route: a blackhole (an inspection endpoint that is
    /// gone) or an appliance (an inspection VPC's firewall), which lambda-reach does not follow.
    struct AttachmentSubnetRoute: BlockerReason {
        var table: String
        var route: Route
        var attachmentSubnet: String
        var gateway: String
        var destinationLabel: String
        /// The VPC the transit gateway delivers into when it is not the destination's: an
        /// inspection VPC, which the transit gateway's table sends the traffic to on purpose.
        var inspectionVPC: String? = nil

        func words(for function: FunctionIdentity) -> BlockerWords {
            let enters =
                inspectionVPC.map {
                    "The transit gateway's route table sends the traffic for \(destinationLabel) to inspection VPC \($0): transit gateway \(gateway) delivers it there through attachment subnet \(attachmentSubnet), whose table \(table)"
                }
                ?? "Transit gateway \(gateway) delivers the traffic into the VPC through attachment subnet \(attachmentSubnet), and traffic that enters there is routed by that subnet's table, \(table)"
            if let inspectionVPC, !route.isBlackhole {
                return BlockerWords(
                    message:
                        "\(enters) hands it to \(route.summary), an appliance (a firewall or Gateway Load Balancer endpoint) that inspects it and sends it on. lambda-reach does not follow appliances: whether the firewall lets it through, and the way on from \(inspectionVPC), are not confirmed. The inspection is the design, not a missing route: a route around it would bypass the firewall.",
                    fix: Shell.line(
                        "# check the firewall's rules for this traffic, or run VPC Reachability Analyzer from the function's network interface to \(destinationLabel): it follows the appliance"
                    ))
            }
            if route.isBlackhole {
                return BlockerWords(
                    message:
                        "\(enters), which drops what goes to \(destinationLabel) by blackhole route \(route.summary), more specific than the VPC's local route (its target is gone: a deleted firewall or Gateway Load Balancer endpoint?).",
                    fix: Shell.line(
                        "aws ec2 replace-route --route-table-id \(table) \(Explain.destinationArgument(route)) --vpc-endpoint-id <the endpoint that inspects this traffic now>   # or delete-route: the local route then delivers it, uninspected"
                    ))
            }
            return BlockerWords(
                message:
                    "\(enters), which sends what goes to \(destinationLabel) to \(route.summary), an appliance in the path (an inspection firewall), more specific than the VPC's local route. lambda-reach does not follow appliances: the path beyond it is not confirmed.",
                fix: Shell.line(
                    "# run VPC Reachability Analyzer from the function's network interface to \(destinationLabel): it follows the appliance"
                ))
        }
    }

    /// `inspection`: the transit gateway delivers into an inspection VPC, not the destination's.
    static func attachmentSubnetRoute(
        table: RouteTable, route: Route, attachmentSubnet: Subnet, gateway: String, destinationLabel: String,
        inspection: Bool = false
    ) -> Blocker {
        Blocker(
            code: route.isBlackhole ? .badStateRoute : .routeTargetNotAnalyzed,
            component: route.isBlackhole ? table.id : route.targetId ?? table.id,
            reason: AttachmentSubnetRoute(
                table: table.id, route: route, attachmentSubnet: attachmentSubnet.id, gateway: gateway,
                destinationLabel: destinationLabel, inspectionVPC: inspection ? attachmentSubnet.vpcId : nil))
    }

    static func returnAroundLocalRoute(
        table: RouteTable, route: Route, destinationSubnet: Subnet, source: Subnet, sourceTable: RouteTable?
    ) -> Blocker {
        let block: String? =
            if case .ipv6 = route.destination { destinationSubnet.ipv6Cidrs.first } else {
                destinationSubnet.cidr?.description
            }
        // As elsewhere: a blackhole is the table's, an appliance not followed is its target's.
        return Blocker(
            code: route.isBlackhole ? .badStateRoute : .routeTargetNotAnalyzed,
            component: route.isBlackhole ? table.id : route.targetId ?? table.id,
            reason: ReturnAroundLocalRoute(
                table: table.id, route: route, destinationSubnet: destinationSubnet.id, source: source,
                sourceTable: sourceTable?.id, destinationBlock: block))
    }
}

extension Explain.JoinsTableRoutes {
    /// This with `other`'s routes that it does not hold yet, in order; nil when there are none.
    func joiningRoutes(of other: Self) -> Self? {
        let own = Explain.TableRoute(table: table, route: route)
        var joined = self
        for each in [Explain.TableRoute(table: other.table, route: other.route)] + other.otherRoutes
        where each != own && !joined.otherRoutes.contains(each) {
            joined.otherRoutes.append(each)
        }
        return joined.otherRoutes == otherRoutes ? nil : joined
    }
}
