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
    // jemalloc as the process's malloc on Linux. An audit of a large organisation makes and
    // frees millions of small objects on every core; with glibc's malloc the 1,000-VPC audit of
    // Benchmarks/run.py took about a tenth longer (and callgrind counts 4% more instructions on
    // the 100-VPC one). Building without it: `swift build --disable-default-traits`.
    traits: [
        .trait(
            name: "Jemalloc",
            description: "Link jemalloc on Linux as the process's malloc (needs libjemalloc-dev)."),
        .default(enabledTraits: ["Jemalloc"]),
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
            dependencies: [
                "ReachCore", .product(name: "GRDB", package: "GRDB.swift"),
                // SQLite's C API: the loader reads each column's type from the statement.
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                // Templates (`--template`): Yams.compose keeps each node's tag and line.
                "Yams",
                // AWS Config snapshots arrive gzipped.
                "CZlib",
            ],
            plugins: ["EmbedSchema"]
        ),
        .target(name: "ReachReport", dependencies: ["ReachCore", "ReachInventory", "Yams"]),
        // Runs the AWS CLI for every describe call the importer understands.
        .target(name: "ReachCollect", dependencies: ["ReachCore", "ReachInventory"]),
        .executableTarget(
            name: "lambda-reach",
            dependencies: [
                "ReachCore", "ReachInventory", "ReachReport", "ReachCollect",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .target(name: "CJemalloc", condition: .when(platforms: [.linux], traits: ["Jemalloc"])),
            ]
        ),
        // Linked into the executable (SwiftPM links a system library its target depends on),
        // never called by name: the dynamic linker resolves every malloc and free of the process,
        // the Swift runtime's and Foundation's included, to it. See the trait above.
        .systemLibrary(
            name: "CJemalloc", pkgConfig: "jemalloc",
            providers: [.apt(["libjemalloc-dev"]), .yum(["jemalloc-devel"])]),
        // zlib, to read AWS Config snapshot files as S3 delivers them (`*.json.gz`).
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"]), .yum(["zlib-devel"])]),
        // schema.sql at the top of the repository is the one definition of the inventory;
        // this tool turns it into a Swift string at build time so the binary carries it.
        .executableTarget(name: "embed-schema"),
        .plugin(name: "EmbedSchema", capability: .buildTool(), dependencies: ["embed-schema"]),
        // What the test targets share: the repository's paths and fixture tree, the built binary,
        // golden files, a seeded PRNG, and a network builder for solver unit tests.
        .target(name: "TestSupport", dependencies: ["ReachCore"], path: "Tests/TestSupport"),
        // The model, the solver's rules on networks built in code, and random topologies against
        // a deliberately naive packet-by-packet oracle (Fixtures: the property test's seeds).
        .testTarget(
            name: "ReachCoreTests", dependencies: ["ReachCore", "TestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(
            name: "ReachInventoryTests",
            dependencies: ["ReachInventory", "ReachCore", .product(name: "GRDB", package: "GRDB.swift")],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "AuditTests",
            dependencies: ["ReachCore", "ReachInventory", "ReachReport", "TestSupport"],
            resources: [.copy("Fixtures")]
        ),
        // End-to-end against moto_server: collect -> import -> query/audit with the built binary.
        .testTarget(
            name: "ReachCollectTests", dependencies: ["ReachCollect", "ReachInventory", "TestSupport"],
            resources: [.copy("Stories"), .copy("Organisation")]),
        .testTarget(
            name: "ScenarioTests",
            dependencies: ["ReachInventory", "ReachCore", "ReachReport", "TestSupport"],
            resources: [.copy("Fixtures")]
        ),
        // The organisation: shared VPCs (one account's function in another account's subnets),
        // central interface endpoints resolved by private hosted zones and Resolver rules,
        // each story as the AWS CLI prints it for every account; and the same networks read
        // from AWS Config (ConfigFixtures).
        .testTarget(
            name: "OrganisationTests",
            dependencies: ["ReachInventory", "ReachCore", "ReachReport", "TestSupport"],
            resources: [.copy("Fixtures"), .copy("ConfigFixtures")]
        ),
        // Templates laid over the inventory (`--template`): intrinsics and defaults against
        // CloudFormation's documentation, scenario folders of real and hand-written templates,
        // and cfn-lint and aws-sam-translator as oracles (Fixtures: the template scenarios).
        .testTarget(
            name: "TemplateTests",
            dependencies: ["ReachInventory", "ReachCore", "ReachReport", "TestSupport"],
            // sam_translate.py is run by the oracle test from the source tree.
            exclude: ["sam_translate.py"],
            resources: [.copy("Fixtures")]
        ),
        // `--plan`: Terraform plans (hashicorp/terraform-json's, and hand-written ones of the
        // VPC module and of changes) laid over the account before apply.
        .testTarget(
            name: "PlanTests", dependencies: ["ReachInventory", "ReachCore", "ReachReport", "TestSupport"],
            resources: [.copy("Fixtures")]),
        // `diff`: generated organisations that differ by known changes.
        .testTarget(
            name: "DiffTests", dependencies: ["ReachInventory", "ReachCore", "ReachReport", "TestSupport"]),
        // The fuzz test of issue 21: mutated exports imported, questioned, audited and rendered.
        // Its own target because it renders reports (ReachReport), which the import tests do not
        // link; kept failing cases are read from the source tree, so Fixtures is not a resource.
        .testTarget(
            name: "FuzzTests",
            dependencies: ["ReachInventory", "ReachCore", "ReachReport", "TestSupport"],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "LambdaReachTests",
            dependencies: [
                "ReachInventory", "ReachCore", "ReachReport", "TestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            resources: [.copy("Fixtures")]
        ),
    ]
)
