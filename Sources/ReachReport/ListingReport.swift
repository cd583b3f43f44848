import Foundation
import ReachInventory

/// The report stage for inventory listings.
public enum ListingReport {
    public static func json<T: Encodable>(_ value: T) -> String { AnswerReport.encode(value) }

    public static func functions(_ functions: [FunctionSummary], style: Style) -> String {
        guard !functions.isEmpty else {
            return "No functions in the inventory (import `aws lambda list-functions` output).\n"
        }
        var out = ""
        for function in functions {
            let state = function.state.map { " [\($0)\(function.stateReasonCode.map { ": \($0)" } ?? "")]" } ?? ""
            out += "\(style.bold(function.name))\(state)  \(style.dim(function.arn))\n"
            if function.subnets.isEmpty {
                out += "  no VpcConfig: runs in the Lambda-owned network\n"
                continue
            }
            out += "  vpc: \(function.vpc ?? "unknown")\n"
            out +=
                "  subnets: "
                + function.subnets.map { "\($0.subnet) (\($0.availabilityZone ?? "not in inventory"))" }.joined(
                    separator: ", ") + "\n"
            out += "  security groups: \(function.securityGroups.joined(separator: ", "))\n"
        }
        return out
    }

    public static func counts(_ counts: [InventoryCount], path: String, style: Style) -> String {
        guard !counts.isEmpty else { return "\(path) is empty: run `lambda-reach import PATH...`.\n" }
        var out = ""
        // As wide as the longest label (transit-gateway-vpc-attachments), at least 30.
        let width = max(30, counts.map(\.resource.count).max() ?? 0)
        let scopes = Dictionary(grouping: counts, by: { "\($0.account)/\($0.region)" })
        for scope in scopes.keys.sorted() {
            out += style.bold("account \(scope.replacingOccurrences(of: "/", with: ", region "))") + "\n"
            for count in scopes[scope]!.sorted(by: { $0.resource < $1.resource }) {
                out +=
                    "  \(count.resource.padding(toLength: width, withPad: " ", startingAt: 0)) \(String(count.count).padding(toLength: 8, withPad: " ", startingAt: 0))\(style.dim(count.importedAt.map { "imported \($0)" } ?? ""))\n"
            }
        }
        return out
    }
}
