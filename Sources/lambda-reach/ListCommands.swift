import ArgumentParser
import Foundation
import ReachInventory
import ReachReport

struct FunctionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "functions",
        abstract: "List the functions with their VPC, subnets (with AZ), security groups and state.")

    @OptionGroup var inventory: InventoryOptions
    @OptionGroup var output: OutputFormatOption

    func run() throws {
        try reportingErrors {
            let store = try InventoryStore(path: inventory.path, create: false)
            let functions = try InventoryListing(store: store).functions()
            switch output.format {
            case .json: emit(ListingReport.json(functions))
            case .text: emit(ListingReport.functions(functions, style: .forStandardOutput()))
            }
        }
    }
}

struct InventoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inventory", abstract: "Count the imported resources per account and region.")

    @OptionGroup var inventory: InventoryOptions
    @OptionGroup var output: OutputFormatOption

    func run() throws {
        try reportingErrors {
            let store = try InventoryStore(path: inventory.path, create: false)
            let counts = try InventoryListing(store: store).counts()
            switch output.format {
            case .json: emit(ListingReport.json(counts))
            case .text: emit(ListingReport.counts(counts, path: inventory.path, style: .forStandardOutput()))
            }
        }
    }
}
