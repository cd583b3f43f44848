import Foundation
import ReachInventory

/// The report stage for inventory listings.
public enum ListingReport {
    public static func json<T: Encodable>(_ value: T) -> String { AnswerReport.encode(value) }

    /// `functions`' text: a paragraph per function. Every value from the inventory is escaped
    /// for the terminal (`Terminal.escaped`).
    public static func functions(_ functions: [FunctionSummary], style: Style) -> String {
        guard !functions.isEmpty else {
            return "No functions in the inventory (import `aws lambda list-functions` output).\n"
        }
        let shown = { (text: String) in Terminal.escaped(text) }
        var out = ""
        for function in functions {
            // list-functions prints no State (GetFunction does): say so rather than nothing,
            // since answers then take the function as it is configured, not as it is.
            let state =
                function.state.map { " [\(shown($0))\(function.stateReasonCode.map { ": \(shown($0))" } ?? "")]" }
                ?? " [state not exported]"
            out += "\(style.bold(shown(function.name)))\(state)  \(style.dim(shown(function.arn)))\n"
            if let provider = function.capacityProvider {
                // Lambda Managed Instances: the provider's network, never the Lambda-owned one.
                guard function.capacityProviderExported == true else {
                    out +=
                        "  on capacity provider \(shown(provider)) (Lambda Managed Instances), which is not in the inventory: its subnets and security groups are unknown (export them with aws lambda list-capacity-providers)\n"
                    continue
                }
                out +=
                    "  on capacity provider \(shown(provider)) (Lambda Managed Instances): its subnets and security groups\n"
            }
            if function.subnets.isEmpty && !function.securityGroups.isEmpty {
                // Lambda takes groups only with subnets: such a VpcConfig attaches the function
                // to no VPC, and it is not a function outside a VPC either (what query and the
                // audit say of it, LAMBDA_VPC_CONFIG_INVALID).
                out +=
                    "  VpcConfig without subnets (not attached): it names security groups (\(function.securityGroups.map(shown).joined(separator: ", "))) but no subnet, a VpcConfig AWS rejects\n"
                continue
            }
            if function.subnets.isEmpty {
                out += "  no VpcConfig: runs in the Lambda-owned network\n"
                continue
            }
            if function.vpcs.count > 1 {
                out +=
                    "  vpcs: \(function.vpcs.map(shown).joined(separator: ", ")): its subnets are in more than one VPC, a VpcConfig AWS rejects\n"
            } else {
                out += "  vpc: \(function.vpc.map(shown) ?? "unknown")\n"
            }
            out +=
                "  subnets: "
                + function.subnets.map {
                    let vpc = function.vpcs.count > 1 ? $0.vpc.map { ", \(shown($0))" } ?? "" : ""
                    return "\(shown($0.subnet)) (\($0.availabilityZone.map(shown) ?? "not in inventory")\(vpc))"
                }
                .joined(separator: ", ") + "\n"
            // Lambda refuses subnets without a group: an export that has them says so here too.
            let groups =
                function.securityGroups.isEmpty
                ? (function.capacityProvider != nil
                    ? "none named (its instances get the VPC's default group)" : "none (a VpcConfig AWS rejects)")
                : function.securityGroups.map(shown).joined(separator: ", ")
            out += "  security groups: \(groups)\n"
        }
        return out
    }

    /// `inventory`'s text: the counts per account and region, with when each kind was imported.
    public static func counts(_ counts: [InventoryCount], path: String, style: Style) -> String {
        guard !counts.isEmpty else { return "\(Terminal.escaped(path)) is empty: run `lambda-reach import PATH...`.\n" }
        var out = ""
        // As wide as the longest label (transit-gateway-vpc-attachments), at least 30.
        let width = max(30, counts.map(\.resource.count).max() ?? 0)
        let scopes = Dictionary(grouping: counts, by: { Scope(account: $0.account, region: $0.region) })
        for scope in scopes.keys.sorted() {
            out +=
                style.bold("account \(Terminal.escaped(scope.account)), region \(Terminal.escaped(scope.region))")
                + "\n"
            for count in scopes[scope]!.sorted(by: { $0.resource < $1.resource }) {
                let imported = count.importedAt.map { "imported \(Terminal.escaped($0))" } ?? ""
                out +=
                    "  \(count.resource.padding(toLength: width, withPad: " ", startingAt: 0)) \(String(count.count).padding(toLength: 8, withPad: " ", startingAt: 0))\(style.dim(imported))\n"
            }
        }
        return out
    }

    /// An account and region, ordered by account then region. (They were once joined as
    /// "account/region" and split again at the first slash, which a region read from a file
    /// edited by hand could make ambiguous.)
    struct Scope: Hashable, Comparable {
        var account: String
        var region: String

        static func < (lhs: Scope, rhs: Scope) -> Bool { (lhs.account, lhs.region) < (rhs.account, rhs.region) }
    }
}
