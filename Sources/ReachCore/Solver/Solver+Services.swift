extension Solver {
    // MARK: Services

    func serviceDestination(
        _ subnet: Subnet, _ context: Context, service asked: String, trace: inout Trace, notes: inout [String]
    ) {
        // `com.amazonaws.REGION.NAME` is NAME in REGION: an SDK client for that region calls
        // its name there, which only that region's endpoints answer (a gateway endpoint serves
        // its own region only).
        let service = VPCEndpoint.shortName(asked)
        let region = VPCEndpoint.region(ofServiceName: asked) ?? context.function.region
        let otherRegion = region != context.function.region
        let prefixList = prefixListId(service: service, region: region)
        var prefixLists: Set<String> = []
        var addresses = AddressSet.publicInternet
        if let prefixList {
            prefixLists.insert(prefixList)
            if let cidrs = network.prefixLists[prefixList]?.cidrs { addresses = AddressSet(cidrs) }
        }
        // The VPC's endpoints for the service in the function's region: the SDK calls its own
        // region's name (`kms.us-east-1.amazonaws.com`), which an endpoint for another region's
        // service (cross-region PrivateLink) does not answer. Interface endpoints that are gone
        // (deleted, failed) are only noted; of the others, those that serve come first
        // (`Self.onPath`), so that the choice among several never rests on which ID sorts first.
        let ofService = network.endpoints(inVPC: subnet.vpcId).filter { $0.shortServiceName == service }
        let endpoints = Self.onPath(ofService.filter { $0.serviceRegion == region })
        for endpoint in ofService
        where endpoint.kind == .interface && endpoint.lifecycle == .gone && endpoint.serviceRegion == region {
            noteGone(endpoint, notes: &notes)
        }
        for endpoint in ofService
        where endpoint.serviceRegion != region && endpoint.kind == .interface && endpoint.lifecycle != .gone {
            noteOtherRegion(endpoint, service: service, region: region, asked: otherRegion, notes: &notes)
        }
        let table = routeTable(of: subnet)
        // Gateway endpoints' prefix lists count even when the lists themselves were not
        // exported. A route to a gateway endpoint is what the table does, whatever the
        // endpoint's state (AWS deletes an endpoint's routes with it; one left in an export is
        // followed to the endpoint, which then blocks).
        for endpoint in ofService where endpoint.kind == .gateway && endpoint.serviceRegion == region {
            for route in table?.routes ?? [] where route.targetId == endpoint.id {
                if case .prefixList(let id) = route.destination { prefixLists.insert(id) }
            }
        }
        var publicDestination = PublicDestination(
            label: otherRegion ? "\(service) in \(region)" : service, addresses: addresses, prefixLists: prefixLists,
            service: service)
        if otherRegion { publicDestination.serviceRegion = region }
        if service == "sts" {
            notes.append(
                "STS: the regional endpoint (sts.\(region).amazonaws.com) is what an sts interface endpoint serves; the global endpoint sts.amazonaws.com always resolves publicly and needs a NAT gateway."
            )
        }
        let interfaceEndpoints = endpoints.filter { $0.kind == .interface }
        let holdingName = interfaceEndpoints.filter(\.answersQueriesFromItsVPC)
        if holdingName.count > 1 {
            notes.append(
                "\(subnet.vpcId) lists several interface endpoints for \(service) with private DNS on (\(holdingName.map(\.id).joined(separator: ", "))), though AWS lets only one of them hold the service's name in a VPC: the answer takes \(holdingName[0].id) (one that is available first, then by ID)."
            )
        }
        let vpc = network.vpcs[subnet.vpcId]
        let vpcResolvesPrivately = vpc?.enableDnsSupport != false && vpc?.enableDnsHostnames != false
        // An interface endpoint whose private DNS answers the VPC's own queries (S3's "for all
        // resolvers") takes the service's name from the gateway endpoint: the SDK connects to
        // the interface endpoint's addresses, which the prefix-list route does not cover.
        let answering = vpcResolvesPrivately ? interfaceEndpoints.first(where: \.answersQueriesFromItsVPC) : nil
        // A gateway endpoint's route: the prefix-list route for the service's public addresses,
        // which wins over every other route to them in the table.
        let gatewayRoute = table?.routes.first(where: {
            if case .prefixList(let id) = $0.destination, prefixLists.contains(id), $0.targetKind == .vpce {
                return true
            }
            return false
        })
        // The name the SDK asks for, as the VPC resolves it, before any route: the gateway
        // endpoint's route carries only traffic to the service's public addresses, so it is
        // used only when the name resolves to them. A private hosted zone or a Resolver rule
        // may send the name to an endpoint centralised in another VPC, or answer NXDOMAIN (a
        // zone that covers the name without a record for it).
        let hostName = Self.hostName(service: service, region: region)
        switch resolve(
            hostName, fromVPC: subnet.vpcId, ownEndpoint: interfaceEndpoints.contains(where: \.privateDNSEnabled),
            context: context, notes: &notes)
        {
        case .centralEndpoint(let resolution, let endpoint):
            noteDNSServersUnknown(subnet.vpcId, name: hostName, notes: &notes)
            if let gatewayRoute {
                notes.append(
                    Self.gatewayRouteUnused(
                        gatewayRoute, service: service, vpcId: subnet.vpcId, hostName: hostName,
                        resolvesTo:
                            "interface endpoint \(endpoint.id)'s addresses (\(resolution.describedSource))"))
            }
            trace.hop(.dnsResolution(resolution, endpointVPC: endpoint.vpcId))
            // An alias to another service's endpoint (a record copied from a neighbour) takes
            // the calls to an endpoint that does not serve them.
            guard endpoint.serves(service, in: region) else {
                trace.block(
                    Explain.dnsAnswerElsewhere(
                        hostName, source: resolution.source,
                        answer: .endpoint(endpoint.id, serviceName: endpoint.serviceName),
                        vpcId: subnet.vpcId))
                return
            }
            // An SDK names an S3 bucket in the host (BUCKET.s3.REGION.amazonaws.com): a zone
            // that answers the service's name but not its subdomains answers those NXDOMAIN.
            if service == "s3", case .hostedZone(let zoneId, _) = resolution.source,
                let zone = network.dns.hostedZonesByVPC[subnet.vpcId]?.first(where: { $0.id == zoneId }),
                !zone.records.contains(where: { $0.name == "*." + hostName })
            {
                trace.block(
                    Explain.dnsNoRecord(
                        "*." + hostName, zone: zone, vpcId: subnet.vpcId, region: region, bucketNames: true))
                return
            }
            interfaceEndpointDestination(
                subnet, context, endpoint: endpoint, central: true, trace: &trace, notes: &notes)
            return
        case .noRecord(let zone):
            noteDNSServersUnknown(subnet.vpcId, name: hostName, notes: &notes)
            // A service called at names under its domain: what the zone lacks is the wildcard.
            if let calledAt = ServiceHostNames.calledAt(service: service, hostName: hostName) {
                trace.block(
                    Explain.dnsNoRecord(
                        "*." + hostName.split(separator: ".").dropFirst().joined(separator: "."), zone: zone,
                        vpcId: subnet.vpcId, region: region, calledAt: calledAt))
                return
            }
            trace.block(
                Explain.dnsNoRecord(
                    hostName, zone: zone, vpcId: subnet.vpcId, region: region, gatewayEndpoint: gatewayRoute?.targetId))
            return
        case .failed(let blockers):
            noteDNSServersUnknown(subnet.vpcId, name: hostName, notes: &notes)
            for blocker in blockers { trace.block(blocker) }
            return
        case .publicAnswer:
            // Another resolver answers, with the public endpoint: the VPC's own interface
            // endpoints' private DNS is not in it; a gateway endpoint's route carries the calls
            // to the public addresses as ever.
            for endpoint in interfaceEndpoints where endpoint.privateDNSEnabled {
                notes.append(
                    "\(endpoint.id) (\(endpoint.serviceName)) is not used: its private DNS name is in \(subnet.vpcId)'s own Resolver, and another resolver answers \(hostName) for the function (the notes above say which)."
                )
            }
            publicDestination.dnsWay = ownResolverWay(
                for: subnet.vpcId, name: hostName, domain: Self.privateDNSName(service: service, region: region))
            self.publicDestination(subnet, context, destination: publicDestination, trace: &trace, notes: &notes)
            return
        case .elsewhere(let zone, let answer):
            noteDNSServersUnknown(subnet.vpcId, name: hostName, notes: &notes)
            if let gatewayRoute {
                notes.append(
                    Self.gatewayRouteUnused(
                        gatewayRoute, service: service, vpcId: subnet.vpcId, hostName: hostName,
                        resolvesTo: "\(answer) (private hosted zone \(zone.id), \(zone.name))"))
            }
            trace.block(
                Explain.dnsAnswerElsewhere(
                    hostName,
                    source: .hostedZone(id: zone.id, name: zone.name),
                    answer: .unknown(answer), vpcId: subnet.vpcId))
            return
        case .awsDefault:
            break
        }
        // The name resolves as AWS resolves it by default: the gateway endpoint's route takes
        // the calls, unless the VPC's own interface endpoint holds the name.
        if let gatewayRoute {
            guard let answering else {
                self.publicDestination(subnet, context, destination: publicDestination, trace: &trace, notes: &notes)
                return
            }
            notes.append(
                "\(gatewayRoute.targetId ?? "The gateway endpoint") (gateway endpoint) is not used for \(service) in \(subnet.vpcId): \(answering.id)'s private DNS answers the VPC's own queries (PrivateDnsOnlyForInboundResolverEndpoint is not set), so the service's name resolves to that interface endpoint's addresses. To keep the VPC's traffic on the gateway endpoint: aws ec2 modify-vpc-endpoint --vpc-endpoint-id \(answering.id) --dns-options PrivateDnsOnlyForInboundResolverEndpoint=true"
            )
        }
        var dnsBlockers: [Blocker] = []
        if let endpoint = interfaceEndpoints.first(where: \.answersQueriesFromItsVPC) {
            let support = vpc?.enableDnsSupport
            let hostnames = vpc?.enableDnsHostnames
            if support == nil || hostnames == nil {
                notes.append(
                    "\(subnet.vpcId)'s DNS attributes were not exported (aws ec2 describe-vpc-attribute); enableDnsSupport and enableDnsHostnames are assumed on, as private DNS for \(endpoint.id) requires."
                )
            }
            if support != false && hostnames != false {
                noteDNSServersUnknown(subnet.vpcId, name: hostName, notes: &notes)
                interfaceEndpointDestination(subnet, context, endpoint: endpoint, trace: &trace, notes: &notes)
                return
            }
            if let vpc { dnsBlockers.append(Explain.vpcDNSDisabled(vpc, endpoint: endpoint)) }
        } else if let endpoint = interfaceEndpoints.first(where: \.privateDNSEnabled) {
            // Private DNS only for inbound Resolver endpoints: on purpose, for on-premises
            // clients; the VPC's traffic was meant for a gateway endpoint this subnet does not route to.
            notes.append(
                "\(endpoint.id) (\(endpoint.serviceName)) answers only queries from Route 53 Resolver inbound endpoints (PrivateDnsOnlyForInboundResolverEndpoint): traffic from inside \(subnet.vpcId) resolves \(service) publicly and needs the gateway endpoint's route in the subnet's route table."
            )
        } else if let endpoint = interfaceEndpoints.first {
            dnsBlockers.append(Explain.privateDNSDisabled(endpoint, service: service))
        }
        // Through the NAT gateway: the endpoint's DNS settings are blockers only when that
        // path is blocked too (a skeleton walk may not know yet: its group checks are open).
        let blockersBefore = trace.blockers.count
        let checksBefore = trace.openChecks?.count ?? 0
        self.publicDestination(subnet, context, destination: publicDestination, trace: &trace, notes: &notes)
        let unused = interfaceEndpoints.first(where: { !$0.privateDNSOnlyForInboundResolver }).map { endpoint in
            "\(endpoint.id) (\(endpoint.serviceName)) is not used: the service name resolves to its public endpoint (\(dnsBlockers.first?.code == .vpcDNSAttributesDisabled ? "the VPC's DNS attributes are off" : "private DNS is off")), reached through the NAT gateway."
        }
        let checksAfter = trace.openChecks?.count ?? 0
        if trace.blockers.count > blockersBefore {
            trace.blockers += dnsBlockers
        } else if checksAfter > checksBefore {
            _ = trace.leaveOpen(
                .ifBlocked(
                    checks: checksBefore..<checksAfter, blockers: dnsBlockers, otherwise: unused, noteIndex: notes.count
                ))
        } else if let unused {
            notes.append(unused)
        }
    }

    /// Why a gateway endpoint's route in the subnet's table does not carry the calls: it covers
    /// the service's public addresses (its prefix list), and the VPC resolves the service's name
    /// to something else (`resolvesTo`).
    static func gatewayRouteUnused(
        _ route: Route, service: String, vpcId: String, hostName: String, resolvesTo: String
    ) -> String {
        "\(route.targetId ?? "The gateway endpoint") (gateway endpoint) is not used for \(service) in \(vpcId): its route covers only the service's public addresses, and \(vpcId) resolves \(hostName) to \(resolvesTo)."
    }

    /// `endpoints` as the path sees them: without those that are gone (deleted, failed: no
    /// network interfaces, no private DNS), those that serve (available) before those that
    /// exist without serving, then by ID. AWS lets only one endpoint per service hold a VPC's
    /// private DNS name, but an export can list a deleted endpoint beside the one that replaced
    /// it, in either ID order.
    static func onPath(_ endpoints: [VPCEndpoint]) -> [VPCEndpoint] {
        endpoints.filter { $0.lifecycle != .gone }.sorted {
            ($0.lifecycle == .serving ? 0 : 1, $0.id) < ($1.lifecycle == .serving ? 0 : 1, $1.id)
        }
    }

    /// An interface endpoint that is gone (deleted, failed), which describe-vpc-endpoints still lists.
    func noteGone(_ endpoint: VPCEndpoint, notes: inout [String]) {
        let what =
            endpoint.state == "failed"
            ? "its creation failed, so it has no network interfaces and no private DNS name"
            : "deleting an interface endpoint deletes its network interfaces and its private DNS name, and AWS lists a deleted endpoint for a while after"
        notes.append(
            "\(endpoint.id) (\(endpoint.serviceName)) is in state '\(endpoint.state)': \(what). It is not on the path."
        )
    }

    /// An interface endpoint for `service` in another region than the one asked about (the
    /// function's, unless `asked`): its private DNS answers that region's name only, so the
    /// SDK's calls in `region` do not reach it.
    func noteOtherRegion(
        _ endpoint: VPCEndpoint, service: String, region: String, asked: Bool = false, notes: inout [String]
    ) {
        let serviceRegion = endpoint.serviceRegion ?? "another region"
        let dns =
            endpoint.privateDNSEnabled
            ? "its private DNS puts \(Self.hostName(service: service, region: serviceRegion)) into \(endpoint.vpcId)"
            : "its private DNS is off"
        notes.append(
            "\(endpoint.id) (\(endpoint.serviceName)) is an endpoint for \(service) in \(serviceRegion), not in \(region)\(asked ? ", the region asked about" : " where the function runs"): \(dns), and the function's SDK calls \(Self.hostName(service: service, region: region)), which it does not answer. Only code that calls \(service) in \(serviceRegion) (an SDK client for region \(serviceRegion)) uses it."
        )
    }

    func interfaceEndpointDestination(
        _ subnet: Subnet, _ context: Context, endpoint: VPCEndpoint, central: Bool = false, trace: inout Trace,
        notes: inout [String]
    ) {
        let enis = endpoint.networkInterfaceIds.compactMap { network.networkInterfaces[$0] }
        var placements: [(subnet: Subnet, addresses: AddressSet)] = []
        for subnetId in endpoint.subnetIds {
            guard let endpointSubnet = network.subnets[subnetId] else { continue }
            let addresses = enis.filter { $0.subnetId == subnetId }.flatMap(\.privateAddresses)
                .filter { endpointSubnet.cidr?.contains($0) ?? false }
            placements.append(
                (
                    subnet: endpointSubnet,
                    addresses: addresses.isEmpty
                        ? endpointSubnet.addresses : AddressSet(ranges: addresses.map { $0.value...$0.value })
                ))
        }
        if placements.isEmpty {
            notes.append(
                "\(endpoint.id) lists no subnet that is in the inventory; its network interfaces could not be located.")
            trace.block(Explain.endpointWithoutSubnets(endpoint))
            return
        }
        if endpoint.state != "available" { trace.block(Explain.endpointNotAvailable(endpoint)) }
        // The endpoint's own private DNS name, AAAA records only: an IPv4-only client finds no
        // address; a dual-stack one connects over IPv6, which this IPv4 path does not check.
        if !central, endpoint.resolvesToIPv6Only {
            let function = context.function
            if !function.ipv6AllowedForDualStack || subnet.ipv6Cidrs.isEmpty {
                trace.block(
                    Explain.ipv6OnlyRecords(
                        endpoint,
                        why: function.ipv6AllowedForDualStack
                            ? "\(subnet.id) has no IPv6 block" : "Ipv6AllowedForDualStack is off"))
            } else {
                notes.append(
                    "\(endpoint.id)'s private DNS records are IPv6 only (DnsRecordIpType ipv6): the function, allowed IPv6 in a subnet with an IPv6 block, connects to the endpoint's IPv6 addresses. This answer checked the IPv4 path; the endpoint's security groups and the network ACLs must admit \(subnet.id)'s IPv6 block too."
                )
            }
        }
        checkPolicy(
            of: endpoint,
            service: endpoint.shortServiceName.split(separator: ".").first.map(String.init)
                ?? endpoint.shortServiceName,
            context, trace: &trace, notes: &notes)
        // Only said of the VPC's own endpoint: a central endpoint in another VPC is reached
        // through that VPC's attachment or peering, whatever the zone.
        if endpoint.vpcId == subnet.vpcId, !placements.contains(where: { $0.subnet.isInSameZone(as: subnet) }) {
            notes.append(
                "\(endpoint.id) has no network interface in \(subnet.availabilityZone); traffic from there crosses to another AZ's interface, which works (and costs cross-AZ data transfer)."
            )
        }
        let destination = PlacedDestination(
            label: endpoint.serviceName, placements: placements, securityGroupIds: endpoint.securityGroupIds,
            step: .interfaceEndpoint(id: endpoint.id, serviceName: endpoint.serviceName, central: central))
        placedDestination(subnet, context, destination: destination, trace: &trace, notes: &notes)
        trace.hop(
            .serviceThroughInterfaceEndpoint(service: endpoint.shortServiceName, endpointService: endpoint.serviceName))
    }
}

extension Solver {
    /// Whether `endpoint`'s policy lets the function's execution role call `service` through it
    /// (`VPCE_POLICY_DENIES` when not): a policy is a resource policy on the endpoint, so it
    /// must allow the calling principal. Without the role (no `Role` in the export), any
    /// principal's call counts. The call comes through the endpoint: it carries the endpoint's
    /// ID and VPC (`aws:SourceVpce`, `aws:SourceVpc`) and no `aws:SourceIp`. A decision that
    /// rests on conditions that are not evaluated is said in a note.
    func checkPolicy(
        of endpoint: VPCEndpoint, service: String, _ context: Context, trace: inout Trace, notes: inout [String]
    ) {
        guard let policy = endpoint.policy else { return }
        let role = context.function.roleArn.flatMap(PolicyDocument.CallingRole.init(roleArn:))
        let call = PolicyDocument.RequestContext.throughEndpoint(endpoint.id, vpcId: endpoint.vpcId, role: role)
        let decision = policy.admitsCall(toService: service, in: call)
        if !decision.admits {
            // Said to be about the role only when some other principal's call would pass.
            var anyone = call
            anyone.role = nil
            let aboutRole = role != nil && policy.admitsCall(toService: service, in: anyone).admits
            trace.block(
                Explain.endpointPolicyDenies(
                    endpoint, role: aboutRole ? role?.arn : nil, denied: decision.denied,
                    keys: decision.decidingKeys))
        }
        if decision.unevaluatedConditions {
            notes.append(
                "\(endpoint.id)'s policy has conditions that lambda-reach does not evaluate (it evaluates aws:PrincipalArn and aws:PrincipalAccount, and the keys a call through the endpoint carries or lacks: aws:SourceVpce, aws:SourceVpc, aws:SourceIp): the answer takes them to allow the call\(decision.admits ? "" : " where an Allow has them") and not to deny it."
            )
        }
    }
}
