// swift-tools-version:6.1
import PackageDescription

// Stages, each its own module so the boundaries are enforced by the compiler:
// import -> inventory (ReachInventory) -> network model -> answer (ReachCore) -> report (ReachReport).
// ReachCore never sees JSON or SQL; the executable only parses arguments and renders.
let package = Package(
    name: "lambda-reach",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "lambda-reach", targets: ["lambda-reach"]),
        .library(name: "ReachCore", targets: ["ReachCore"]),
        .library(name: "ReachInventory", targets: ["ReachInventory"]),
        .library(name: "ReachReport", targets: ["ReachReport"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
    ],
    targets: [
        .target(name: "ReachCore"),
        .target(
            name: "ReachInventory",
            dependencies: ["ReachCore", .product(name: "GRDB", package: "GRDB.swift")],
            plugins: ["EmbedSchema"]
        ),
        .target(name: "ReachReport", dependencies: ["ReachCore", "ReachInventory", "Yams"]),
        // Runs the AWS CLI for every describe call the importer understands.
        .target(name: "ReachCollect", dependencies: ["ReachInventory"]),
        .executableTarget(
            name: "lambda-reach",
            dependencies: [
                "ReachCore", "ReachInventory", "ReachReport", "ReachCollect",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // schema.sql at the top of the repository is the one definition of the inventory;
        // this tool turns it into a Swift string at build time so the binary carries it.
        .executableTarget(name: "embed-schema"),
        .plugin(name: "EmbedSchema", capability: .buildTool(), dependencies: ["embed-schema"]),
        .testTarget(name: "ReachCoreTests", dependencies: ["ReachCore"]),
        // Random topologies, the solver against a deliberately naive packet-by-packet oracle.
        .testTarget(name: "PropertyTests", dependencies: ["ReachCore"], resources: [.copy("Fixtures")]),
        .testTarget(
            name: "ReachInventoryTests",
            dependencies: ["ReachInventory", "ReachCore", .product(name: "GRDB", package: "GRDB.swift")],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "AuditTests",
            dependencies: ["ReachCore", "ReachInventory", "ReachReport"],
            resources: [.copy("Fixtures")]
        ),
        // End-to-end against moto_server: collect -> import -> query/audit with the built binary.
        .testTarget(
            name: "CollectTests", dependencies: ["ReachCollect", "ReachInventory"], resources: [.copy("Stories")]),
        .testTarget(
            name: "ScenarioTests",
            dependencies: ["ReachInventory", "ReachCore", "ReachReport"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["ReachInventory", "ReachCore", "ReachReport"],
            resources: [.copy("Fixtures")]
        ),
    ]
)
