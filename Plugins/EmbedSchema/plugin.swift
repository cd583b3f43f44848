import Foundation
import PackagePlugin

/// Embeds the repository's `schema.sql` into the target that applies this plugin, with the
/// Swift names of its tables and columns and its version (see Sources/embed-schema).
@main
struct EmbedSchema: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let input = context.package.directoryURL.appending(path: "schema.sql")
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedSchema.swift")
        return [
            .buildCommand(
                displayName: "Embedding schema.sql",
                executable: try context.tool(named: "embed-schema").url,
                arguments: [input.path, output.path],
                inputFiles: [input],
                outputFiles: [output]
            )
        ]
    }
}
