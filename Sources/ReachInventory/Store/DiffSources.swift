import Foundation
import ReachCore

extension InventoryStore {
    /// An inventory for a comparison (`diff`): the file at `path`, or, for a folder of AWS CLI
    /// exports, those exports imported into an inventory in memory (nothing is written to
    /// disk). The import's warnings come back with it.
    public static func opening(inventoryOrExports path: String) throws -> (InventoryStore, [ImportWarning]) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw InventoryError.noInventory(path: path)
        }
        guard isDirectory.boolValue else { return (try InventoryStore(path: path, create: false), []) }
        let store = try InventoryStore.scratch(copying: nil, name: path)
        let summary = try Importer(store: store).importPaths([path])
        return (store, summary.warnings)
    }
}

extension Reachability {
    /// The diff of two inventories' audits with the same request: each side audited (its
    /// network loaded whole), then compared cell by cell. A selection that matches no function
    /// on either side is an error, as in `audit`.
    /// Both sides come back with the diff: a command that ends right after its output keeps
    /// them referenced, so that their memory goes back to the system at once, not freed object
    /// by object.
    public static func diff(old: InventoryStore, new: InventoryStore, request: AuditRequest) throws
        -> (diff: ReachabilityDiff, old: DiffSide, new: DiffSide)
    {
        // The matrices are compared; the reach-* findings would only repeat them.
        var request = request
        request.reachabilityFindings = false
        func side(_ store: InventoryStore) throws -> DiffSide {
            let (result, network) = try store.snapshot { try Reachability(store: store).audit(request) }
            return DiffSide(result: result, network: network)
        }
        let before = try side(old)
        let after = try side(new)
        return (ReachabilityDiff.compare(before, after), before, after)
    }
}
