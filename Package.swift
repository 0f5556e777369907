// swift-tools-version: 6.1
import PackageDescription

/// One setting for every target: Swift 6 language mode and explicit `any`.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "lwgov",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "lwgov", targets: ["lwgov"]),
        // The loopback fake LINE WORKS API, for tests and for trying `extract --api` by hand.
        .executable(name: "lwgov-fake-api", targets: ["lwgov-fake-api"]),
    ],
    dependencies: [
        // SQLite store: migrations, records, transactions, WAL.
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        // Command line parsing (executable only).
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // Logging API; bootstrapped by the executable only.
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        // The TOML configuration file.
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        // Mustache: the reference renderer the compiled report templates are tested against (tests only).
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        // LINE WORKS API 2.0: HTTP client and the RS256 service-account JWT.
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/vapor/jwt-kit", from: "5.7.1"),
        // SHA-256 for content hashes and file names (already in the graph through jwt-kit).
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        // The fake LINE WORKS API (test support and its own executable; never linked into lwgov).
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
    ],
    targets: [
        // Snapshot, directory and finding types; pure, no dependencies.
        .target(
            name: "LWGovModel",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings
        ),
        // Configuration file: loading and strict validation.
        .target(
            name: "LWGovConfig",
            dependencies: ["LWGovModel", "LWGovAnalysis", "LWGovExtract", "LWGovLineWorks", "LWGovNotify", .product(name: "TOMLKit", package: "TOMLKit")],
            swiftSettings: swiftSettings
        ),
        // The SQLite store: snapshots, transfers, findings, waivers, runs.
        .target(
            name: "LWGovStore",
            dependencies: [
                "LWGovModel",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // LINE WORKS API 2.0: the HTTP client, the service-account token, rate budgets, the bot sender.
        .target(
            name: "LWGovLineWorks",
            dependencies: [
                "LWGovModel",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "JWTKit", package: "jwt-kit"),
            ],
            swiftSettings: swiftSettings
        ),
        // Extract: snapshot directories (files) or the LINE WORKS API into the store.
        .target(
            name: "LWGovExtract",
            dependencies: [
                "LWGovModel", "LWGovStore", "LWGovLineWorks",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: swiftSettings
        ),
        // Synthetic tenants for benchmarks and tests (`lwgov synth`).
        .target(name: "LWGovSynth", dependencies: ["LWGovModel"], swiftSettings: swiftSettings),
        // Analysis: the guideline rules, finding lifecycle and waivers.
        .target(
            name: "LWGovAnalysis",
            dependencies: [
                "LWGovModel", "LWGovStore",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // libxml2: writing XML and validating it against the XSD (see shim.h for the ICU gotcha).
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        // libxlsxwriter: findings.xlsx, the DX team's working list.
        .systemLibrary(name: "CXLSXWriter", pkgConfig: "xlsxwriter", providers: [.apt(["libxlsxwriter-dev"])]),
        // The report model of one period (what every report and bot message shows); no libxml2.
        .target(name: "LWGovReport", dependencies: ["LWGovModel", "LWGovStore"], swiftSettings: swiftSettings),
        // Render: HTML (compiled Mustache templates), XML (libxml2, validated), CSV, the workbook (libxlsxwriter);
        // its Templates/ ships as a resource.
        .target(
            name: "LWGovRender",
            dependencies: [
                "LWGovModel", "LWGovStore", "LWGovReport", "CLibXML2", "CXLSXWriter",
                .product(name: "Logging", package: "swift-log"),
            ],
            // Templates/ at the top level is a symlink to Sources/LWGovRender/Templates.
            resources: [.copy("Templates")],
            swiftSettings: swiftSettings
        ),
        // Notify: bot messages to department managers about their reports.
        .target(
            name: "LWGovNotify",
            dependencies: [
                "LWGovModel", "LWGovStore", "LWGovLineWorks", "LWGovReport",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // The monthly job: the stages composed in order, the run lock and run records.
        .target(
            name: "LWGovJob",
            dependencies: [
                "LWGovModel", "LWGovConfig", "LWGovStore", "LWGovLineWorks", "LWGovExtract", "LWGovAnalysis", "LWGovReport", "LWGovRender",
                "LWGovNotify",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // The command line: argument parsing and wiring only.
        .executableTarget(
            name: "lwgov",
            dependencies: [
                "LWGovModel", "LWGovConfig", "LWGovStore", "LWGovLineWorks", "LWGovExtract", "LWGovSynth", "LWGovAnalysis", "LWGovReport",
                "LWGovRender", "LWGovJob", "LWGovNotify",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),

        // The fake LINE WORKS API 2.0: serves a snapshot directory with paging, rate limits and faults.
        .target(
            name: "LWGovFakeAPI",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "JWTKit", package: "jwt-kit"),
            ],
            swiftSettings: swiftSettings
        ),
        // Test support shared by the test targets (a throwaway RSA key); never linked into lwgov.
        .target(name: "LWGovTestSupport", swiftSettings: swiftSettings),
        .executableTarget(
            name: "lwgov-fake-api",
            dependencies: ["LWGovFakeAPI", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: swiftSettings
        ),

        .testTarget(name: "LWGovModelTests", dependencies: ["LWGovModel"], swiftSettings: swiftSettings),
        .testTarget(name: "LWGovConfigTests", dependencies: ["LWGovConfig"], swiftSettings: swiftSettings),
        .testTarget(
            name: "LWGovStoreTests",
            dependencies: ["LWGovStore", "LWGovModel", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "LWGovExtractTests",
            dependencies: ["LWGovExtract", "LWGovSynth", "LWGovStore", "LWGovModel"],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "LWGovAnalysisTests",
            dependencies: ["LWGovAnalysis", "LWGovExtract", "LWGovStore", "LWGovModel", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "LWGovRenderTests",
            dependencies: [
                "LWGovRender", "LWGovReport", "LWGovAnalysis", "LWGovExtract", "LWGovStore", "LWGovModel", "LWGovConfig", "LWGovJob",
                // The reference Mustache renderer the compiled templates are checked against.
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            // Golden/ holds expected reports, read by path (GoldenTests).
            exclude: ["Golden"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "LWGovNotifyTests",
            dependencies: [
                "LWGovNotify", "LWGovFakeAPI", "LWGovTestSupport", "LWGovAnalysis", "LWGovExtract", "LWGovLineWorks", "LWGovReport", "LWGovRender",
                "LWGovConfig", "LWGovJob", "LWGovStore", "LWGovModel",
            ],
            swiftSettings: swiftSettings
        ),
        // The API extract against the fake server on loopback.
        .testTarget(
            name: "LWGovAPITests",
            dependencies: ["LWGovExtract", "LWGovLineWorks", "LWGovFakeAPI", "LWGovTestSupport", "LWGovStore", "LWGovModel"],
            swiftSettings: swiftSettings
        ),
        // End-to-end: runs the built `lwgov` binary and checks output and exit codes.
        .testTarget(
            // LWGovExtract only for its RFC 4180 reader, to read findings.csv back.
            name: "LWGovCLITests", dependencies: ["lwgov", "lwgov-fake-api", "LWGovTestSupport", "LWGovExtract"], exclude: ["Fixtures"],
            swiftSettings: swiftSettings
        ),
    ]
)
