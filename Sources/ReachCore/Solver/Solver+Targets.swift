extension Solver {
    // MARK: - Targets

    func resolveDatabase(_ target: Target, for function: LambdaFunction) throws(QuestionError) -> RDSDatabase? {
        guard case .database(let identifier) = target else { return nil }
        let matches = network.databases(identifiedBy: identifier)
        if matches.isEmpty {
            let names = Set(network.databases.values.map(\.identifier))
            throw QuestionError.unknownDatabase(identifier, closeMatches: CloseMatches.find(identifier, in: names))
        }
        if matches.count == 1 { return matches[0] }
        let local = matches.filter { $0.accountId == function.accountId && $0.region == function.region }
        if local.count == 1 { return local[0] }
        // Instance identifiers, cluster identifiers and proxy names are separate namespaces: an
        // instance and a proxy can both be `orders`. Neither is taken for the other (the proxy's
        // answer can differ from the instance's): the question must say which.
        let pool = local.isEmpty ? matches : local
        if Set(pool.map(\.kind)).count > 1 {
            throw QuestionError.ambiguousKinds(identifier, candidates: pool)
        }
        throw QuestionError.ambiguousDatabase(identifier, candidates: matches.map(\.key))
    }

    /// Throws when `target` is an AWS service that is not one: neither an AWS service API name
    /// (`AWSServices.names`), nor a service of the inventory's endpoints or prefix lists, nor
    /// given in full (`com.amazonaws.REGION.NAME`).
    public func checkService(_ target: Target) throws(QuestionError) {
        guard case .awsService(let name) = target else { return }
        let short = VPCEndpoint.shortName(name)
        if short != name || AWSServices.names.contains(name) { return }
        var inventory = Set(network.endpoints.values.map(\.shortServiceName))
        for list in network.prefixLists.values {
            if let listName = list.name { inventory.insert(VPCEndpoint.shortName(listName)) }
        }
        if inventory.contains(name) { return }
        throw .unknownService(name, closeMatches: CloseMatches.find(name, in: AWSServices.names.union(inventory)))
    }

    /// Throws when `target` names something the inventory does not have: an unknown AWS
    /// service, or a database no account of the inventory has (one identifier may be several
    /// accounts' databases: each function's question resolves it in its own).
    public func checkTarget(_ target: Target) throws(QuestionError) {
        try checkService(target)
        guard case .database(let identifier) = target, network.databases(identifiedBy: identifier).isEmpty else {
            return
        }
        let names = Set(network.databases.values.map(\.identifier))
        throw .unknownDatabase(identifier, closeMatches: CloseMatches.find(identifier, in: names))
    }

    /// The AWS service name a target asks for (`s3`, `secretsmanager`), if it is one.
    func serviceName(_ target: Target) -> String? {
        if case .awsService(let name) = target { return name }
        return nil
    }

    /// The AWS-managed prefix list of a service in a region (`com.amazonaws.us-east-1.s3`).
    func prefixListId(service: String, region: String) -> String? {
        prefixListIdsByName["com.amazonaws.\(region).\(service)"]
    }
}

extension Network {
    /// The databases (instances, clusters, proxies) that `identifier` names, by their keys: the
    /// one matching rule of `rds:IDENTIFIER`. RDS identifiers are case-insensitive (AWS stores
    /// them in lowercase), so the match is too; the loader's SQL that picks a database's VPCs
    /// (`NetworkLoader.vpcs(forDatabase:)`) matches the same way.
    /// The databases `identifier` names: by identifier (in any case), or one by its key or ARN
    /// (`RDSDatabase.key(forReference:)`), which tells apart databases of the same identifier in
    /// several accounts or regions.
    /// `kind:identifier` (`proxy:orders`) names the databases of that kind with the identifier.
    func databases(identifiedBy identifier: String) -> [RDSDatabase] {
        if let (kind, name) = RDSDatabase.kindQualified(identifier) {
            let lower = name.lowercased()
            return databases.values.filter { $0.kind == kind && $0.identifier.lowercased() == lower }.sorted {
                $0.key < $1.key
            }
        }
        if let key = RDSDatabase.key(forReference: identifier)?.lowercased() {
            return databases.values.filter { $0.key.lowercased() == key }
        }
        let lower = identifier.lowercased()
        return databases.values.filter { $0.identifier.lowercased() == lower }.sorted { $0.key < $1.key }
    }
}
