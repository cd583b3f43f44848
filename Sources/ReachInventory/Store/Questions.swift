import Foundation
import GRDB
import ReachCore

/// Problems with a question before it reaches the solver: the function or the target is not
/// in the inventory.
public enum LookupError: Error, Sendable, CustomStringConvertible {
    case unknownFunction(String, closeMatches: [String])
    case ambiguousFunction(String, arns: [String])
    /// A version or alias of a function (`…:function:NAME:1`, `NAME:prod`): a published version
    /// keeps the configuration it was published with, and the inventory has only each
    /// function's current one (`$LATEST`).
    case qualifiedFunction(String, functionArn: String, qualifier: String)
    case question(QuestionError)
    /// A value of the inventory the question reads is not one lambda-reach wrote.
    case inventory(InventoryValueError)

    public var description: String {
        switch self {
        case .unknownFunction(let name, let matches):
            let hint =
                matches.isEmpty
                ? " (`lambda-reach functions` lists them)" : ". Did you mean: \(matches.joined(separator: ", "))?"
            return "no function named '\(name)' in the inventory\(hint)"
        case .ambiguousFunction(let name, let arns):
            return "'\(name)' names several functions; give the ARN: \(arns.joined(separator: ", "))"
        case .qualifiedFunction(let asked, let arn, let qualifier):
            let what = qualifier.allSatisfy(\.isNumber) ? "version \(qualifier)" : "alias or version \(qualifier)"
            return
                "'\(asked)' names \(what) of \(arn); a published version keeps the VpcConfig it was published with, and the inventory has only the function's current configuration ($LATEST). Ask about \(arn) for its current configuration."
        case .question(let error):
            return error.description
        case .inventory(let error):
            return error.description
        }
    }
}

/// Answers questions from an inventory: finds the function, loads only the VPCs the question
/// touches, and asks the solver.
public struct Reachability {
    public let store: InventoryStore

    public init(store: InventoryStore) { self.store = store }

    /// The ARN of the function named `nameOrArn` (a name, an ARN, or a partial ARN).
    public func functionArn(_ nameOrArn: String) throws(LookupError) -> String {
        // Qualified ARNs (…:function:name:alias) name the function too: its ARN is a prefix of
        // theirs that ends before a colon. Those prefixes are looked up by key, with the name,
        // so that a query reads a few rows of lambda_functions, not all of them.
        var arns = [nameOrArn]
        for index in nameOrArn.indices where nameOrArn[index] == ":" { arns.append(String(nameOrArn[..<index])) }
        let f = Schema.LambdaFunctions.self
        var columns = Selection()
        let arn = columns.add(f.functionArn)
        let name = columns.add(f.functionName)
        var rows: [(arn: String, name: String)] = []
        do {
            // Read with the checked readers: a value of the wrong type (the file edited by hand)
            // is an error naming its table, row and column, never a trap.
            try store.read { db in
                try db.eachRow(
                    """
                    SELECT \(columns) FROM \(f.table)
                    WHERE \(f.functionName) = ? OR \(f.functionArn) IN (\(arns.map { _ in "?" }.joined(separator: ", ")))
                    ORDER BY \(f.functionArn)
                    """, arguments: StatementArguments([nameOrArn] + arns), columns, key: [arn], path: store.path
                ) { row in rows.append((try row.text(arn), try row.text(name))) }
            }
        } catch let error as InventoryValueError {
            throw .inventory(error)
        } catch {
            throw .unknownFunction(nameOrArn, closeMatches: [])
        }
        if let exact = rows.first(where: { $0.arn == nameOrArn }) { return exact.arn }
        let matches = rows.filter { $0.name == nameOrArn || nameOrArn.hasPrefix($0.arn + ":") }
        if matches.count == 1 {
            // `$LATEST` is the configuration the inventory has; any other qualifier is a
            // published version or an alias, whose configuration may differ.
            if matches[0].name != nameOrArn, nameOrArn.hasPrefix(matches[0].arn + ":") {
                let qualifier = String(nameOrArn.dropFirst(matches[0].arn.count + 1))
                if qualifier != "$LATEST" {
                    throw .qualifiedFunction(nameOrArn, functionArn: matches[0].arn, qualifier: qualifier)
                }
            }
            return matches[0].arn
        }
        if matches.count > 1 { throw .ambiguousFunction(nameOrArn, arns: matches.map(\.arn)) }
        // NAME:QUALIFIER, the short form of a qualified name: the function's own name never has
        // a colon, so the part before the last one is looked up as a name.
        if let colon = nameOrArn.lastIndex(of: ":"), !nameOrArn.hasPrefix("arn:") {
            let base = String(nameOrArn[..<colon])
            let qualifier = String(nameOrArn[nameOrArn.index(after: colon)...])
            let arn: String
            do {
                arn = try functionArn(base)
            } catch .unknownFunction(_, let matches) {
                throw .unknownFunction(nameOrArn, closeMatches: matches)
            }
            if qualifier == "$LATEST" { return arn }
            throw .qualifiedFunction(nameOrArn, functionArn: arn, qualifier: qualifier)
        }
        // Not found: only now are all the names read, for the close matches.
        var names: [String] = []
        var nameColumns = Selection()
        let onlyName = nameColumns.add(f.functionName)
        try? store.read { db in
            try db.eachRow(
                "SELECT \(nameColumns) FROM \(f.table) ORDER BY \(f.functionName)", nameColumns, key: [onlyName],
                path: store.path
            ) { row in
                // A name that is not text is left out of the suggestions, not a reason to fail.
                if let name = try? row.text(onlyName) { names.append(name) }
            }
        }
        throw .unknownFunction(nameOrArn, closeMatches: CloseMatches.find(nameOrArn, in: Set(names)))
    }

    /// The network model a question about `functionArn` and `target` needs.
    public func network(forFunction functionArn: String, target: Target) throws -> Network {
        let loader = NetworkLoader(store: store)
        var vpcs = try loader.vpcs(forFunction: functionArn)
        switch target {
        case .database(let identifier): vpcs.formUnion(try loader.vpcs(forDatabase: identifier))
        case .address(let address, _):
            vpcs.formUnion(try loader.vpcs(containing: address))
            vpcs.formUnion(try self.vpcs(holdingPublicAddress: address))
        case .address6(let address, _):
            vpcs.formUnion(try loader.vpcs(containingIPv6: address))
        default: break
        }
        return try loader.load(.vpcs(vpcs, functions: [functionArn]))
    }

    /// The VPCs of the network interfaces and NAT gateways that hold the public `address`: a
    /// question about it is answered at its owner, through the internet.
    func vpcs(holdingPublicAddress address: IPv4Address) throws -> Set<String> {
        let s = Schema.Subnets.self
        // The VPCs of the owners (`owner`, rows that name a VPC and a subnet, aliased `o`) of the
        // addresses (`address`, whose rows name their owner by its ID).
        func owners(
            _ address: (owner: Column, publicIP: Column), _ owner: (id: Column, vpc: Column, subnet: Column),
            _ o: String
        ) -> (sql: String, columns: Selection, vpc: Int) {
            var columns = Selection()
            let vpc = columns.add("COALESCE(\(o).\(owner.vpc), s.\(s.vpcId))", from: owner.id.table)
            return (
                """
                SELECT DISTINCT \(columns) FROM \(address.owner.table) a
                JOIN \(owner.id.table) \(o) ON \(o).\(owner.id) = a.\(address.owner)
                LEFT JOIN \(s.table) s ON s.\(s.subnetId) = \(o).\(owner.subnet)
                WHERE a.\(address.publicIP) = ? AND COALESCE(\(o).\(owner.vpc), s.\(s.vpcId)) IS NOT NULL ORDER BY 1
                """, columns, vpc
            )
        }
        let eni = Schema.NetworkInterfaces.self
        let eniAddress = Schema.NetworkInterfaceAddresses.self
        let nat = Schema.NatGateways.self
        let natAddress = Schema.NatGatewayAddresses.self
        let queries = [
            owners(
                (eniAddress.networkInterfaceId, eniAddress.publicIp), (eni.networkInterfaceId, eni.vpcId, eni.subnetId),
                "i"),
            owners((natAddress.natGatewayId, natAddress.publicIp), (nat.natGatewayId, nat.vpcId, nat.subnetId), "n"),
        ]
        return try store.read { db in
            var vpcs = Set<String>()
            for query in queries {
                try db.eachRow(
                    query.sql, arguments: [address.description], query.columns, key: [query.vpc], path: store.path
                ) { row in vpcs.insert(try row.text(query.vpc)) }
            }
            return vpcs
        }
    }

    /// Answers one question.
    public func answer(function nameOrArn: String, target: Target, port: Int? = nil, ipProtocol: IPProtocol = .tcp)
        throws -> Answer
    {
        let arn = try functionArn(nameOrArn)
        let network = try network(forFunction: arn, target: target)
        guard let function = network.functions[arn] else {
            throw LookupError.unknownFunction(nameOrArn, closeMatches: [])
        }
        do {
            return try Solver(network: network).answer(
                Question(function: function, target: target, port: port, ipProtocol: ipProtocol))
        } catch {
            throw LookupError.question(error)
        }
    }

    /// Audits the inventory: loads the whole network, checks each extra target as `query`
    /// does (a service that is no AWS service, or a database no account has, is an error with
    /// close matches, not a silently empty column), and runs the audit. A selection by
    /// function or VPC that matches no function is an error, not an empty report. The result's
    /// stages start with the loading of the network.
    public func audit(_ request: AuditRequest) throws -> (result: AuditResult, network: Network) {
        var clock = StageClock()
        let network = try NetworkLoader(store: store).load(.all)
        clock.lap("load")
        let solver = Solver(network: network)
        for target in request.extraTargets {
            do { try solver.checkTarget(target) } catch { throw LookupError.question(error) }
        }
        var result = Audit(network: network).run(request)
        result.stages = clock.stages + result.stages
        if result.functions.isEmpty && (!request.functions.isEmpty || !request.vpcs.isEmpty) {
            throw AuditSelectionError(inventory: store.path, functions: request.functions, vpcs: request.vpcs)
        }
        return (result, network)
    }
}

/// An audit's selection (`--function`, `--vpc`) that matches no function of the inventory.
public struct AuditSelectionError: Error, Sendable, CustomStringConvertible {
    public var inventory: String
    public var functions: [FunctionPattern]
    public var vpcs: [String]

    public var description: String {
        let asked =
            functions.map { "--function \(Shell.quoted($0.pattern))" } + vpcs.map { "--vpc \(Shell.quoted($0))" }
        return
            "no function in \(inventory) matches \(asked.joined(separator: " ")) (`lambda-reach functions` lists them)"
    }
}
