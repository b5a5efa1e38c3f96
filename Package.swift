// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "mmcat",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "MMCat", targets: ["MMCat"]),
        .executable(name: "mmcat", targets: ["mmcat"]),
        .executable(name: "mmcat-bench", targets: ["mmcat-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
    ],
    targets: [
        // Core: the mathematics and the two algorithms; no I/O beyond reading bytes it is given.
        .target(
            name: "MMCat",
            // The hot loops touch class storage millions of times; the dynamic exclusivity checks
            // cost a fifth of the import (measured with perf). Debug builds and tests keep them.
            swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]
        ),
        // One target per database family: each prints (and later executes) models for it.
        .target(
            name: "MMCatPostgres",
            dependencies: [
                "MMCat", .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .target(
            name: "MMCatSQLite",
            dependencies: ["MMCat", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .target(name: "MMCatFiles", dependencies: ["MMCat"]),
        // MongoDB's official C driver, libmongoc (Debian: libmongoc-dev), for logins, TLS and cursors.
        .systemLibrary(name: "CMongoc", pkgConfig: "libmongoc-1.0", providers: [.apt(["libmongoc-dev"])]),
        .target(name: "MMCatMongo", dependencies: ["MMCat", "CMongoc"]),
        .target(name: "MMCatCypher", dependencies: ["MMCat"]),
        // A small blocking client of the Redis protocol (RESP2), which FalkorDB speaks.
        .target(name: "BlockingSocket"),
        .target(name: "RESPClient", dependencies: ["BlockingSocket"]),
        // A small blocking client of Bolt, Neo4j's protocol (FalkorDB speaks it too).
        .target(name: "BoltClient", dependencies: ["BlockingSocket"]),
        .target(name: "MMCatFalkor", dependencies: ["MMCat", "MMCatCypher", "RESPClient"]),
        .target(name: "MMCatNeo4j", dependencies: ["MMCat", "MMCatCypher", "BoltClient"]),
        // The MM-cat example (schema, documents, mappings, shop), one copy for the demo workspace,
        // the benchmark and the tests; `examples/` links to its folder.
        .target(name: "MMCatExamples", resources: [.copy("examples")]),
        // The families this build ships, listed once for the executable and the tests.
        .target(
            name: "MMCatFamilies",
            dependencies: [
                "MMCat", "MMCatPostgres", "MMCatSQLite", "MMCatMongo", "MMCatCypher", "MMCatFalkor", "MMCatNeo4j",
                "MMCatFiles",
            ]
        ),
        // The server in three layers, each importing only the ones below it. The metadata store:
        // schemas, databases, mappings, jobs and models in SQLite or PostgreSQL.
        .target(
            name: "MMCatStore",
            dependencies: [
                "MMCat", "MMCatPostgres", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The job machinery: the serial queue, the runner, the sessions' instance categories.
        .target(
            name: "MMCatJobs",
            dependencies: ["MMCat", "MMCatStore", "MMCatFiles", .product(name: "Logging", package: "swift-log")]
        ),
        // The HTTP API over the two, and the web application's files.
        .target(
            name: "MMCatServer",
            dependencies: [
                "MMCat", "MMCatStore", "MMCatJobs", "MMCatFiles", "MMCatExamples",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("Resources/openapi.json")]
        ),
        .executableTarget(
            name: "mmcat",
            dependencies: [
                "MMCat", "MMCatPostgres", "MMCatSQLite", "MMCatMongo", "MMCatCypher", "MMCatFiles", "MMCatFamilies",
                "MMCatStore", "MMCatJobs", "MMCatServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "mmcat-bench",
            dependencies: ["MMCat", "MMCatPostgres", "MMCatMongo", "MMCatExamples"]
        ),
        // Helpers shared by the test targets: paths, running mmcat, comparing documents.
        .target(name: "MMCatTestSupport", dependencies: ["MMCat"], path: "Tests/Support"),
        .testTarget(
            name: "MMCatTests",
            dependencies: [
                "MMCat", "MMCatPostgres", "MMCatSQLite", "MMCatMongo", "MMCatCypher", "MMCatFiles", "MMCatTestSupport",
                "mmcat", .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        // Each database family's own tests: unit tests, and its real database or shell where it
        // has one (found through scripts/services.sh).
        .target(
            name: "MMCatServiceTestSupport", dependencies: ["MMCat", "MMCatTestSupport"], path: "Tests/ServiceSupport"),
        .testTarget(
            name: "MMCatFilesTests",
            dependencies: [
                "MMCat", "MMCatFiles", "MMCatTestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]),
        .testTarget(
            name: "MMCatSQLiteTests",
            dependencies: ["MMCat", "MMCatSQLite", "MMCatTestSupport", "MMCatServiceTestSupport", "mmcat"]),
        .testTarget(
            name: "MMCatPostgresTests",
            dependencies: ["MMCat", "MMCatPostgres", "MMCatTestSupport", "MMCatServiceTestSupport", "mmcat"]),
        .testTarget(
            name: "MMCatMongoTests",
            dependencies: ["MMCat", "MMCatMongo", "MMCatTestSupport", "MMCatServiceTestSupport", "mmcat"]),
        .testTarget(
            name: "MMCatCypherTests",
            dependencies: [
                "MMCat", "MMCatCypher", "MMCatFalkor", "MMCatNeo4j", "RESPClient", "BoltClient", "MMCatTestSupport",
                "MMCatServiceTestSupport", "mmcat",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]),
        // The Swift examples of the doc comments, gathered by scripts/doc_examples.py: they compile.
        .testTarget(
            name: "DocExampleTests",
            dependencies: [
                "MMCat", "MMCatFiles", "MMCatSQLite", "MMCatPostgres", "MMCatMongo", "MMCatCypher", "MMCatFalkor",
                "MMCatNeo4j", "RESPClient", "BoltClient", "BlockingSocket", "MMCatFamilies",
                "MMCatExamples", "MMCatStore", "MMCatJobs", "MMCatServer", "mmcat",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The store and the job machinery, each tested on its own.
        .testTarget(
            name: "MMCatStoreTests",
            dependencies: ["MMCat", "MMCatStore", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(
            name: "MMCatJobsTests",
            dependencies: [
                "MMCat", "MMCatStore", "MMCatJobs", "MMCatFiles", "MMCatMongo", "MMCatExamples", "MMCatTestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        // A client for the server's API in tests, shared by the server and integration tests.
        .target(
            name: "MMCatServerTestSupport",
            dependencies: [
                "MMCat", "MMCatServer", "MMCatStore", "MMCatJobs", "MMCatFamilies", "MMCatFiles", "MMCatTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            path: "Tests/ServerSupport"
        ),
        .testTarget(
            name: "MMCatServerTests",
            dependencies: [
                "MMCat", "MMCatServer", "MMCatStore", "MMCatJobs", "MMCatFamilies", "MMCatTestSupport",
                "MMCatServerTestSupport", .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"), .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        // Tests against real servers (PostgreSQL, SecantusDB, FalkorDB) and the sqlite3 shell.
        .testTarget(
            name: "IntegrationTests",
            dependencies: [
                "MMCatServer", "MMCatStore", "MMCatJobs", "MMCatFamilies", "MMCatServerTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                "MMCat", "MMCatPostgres", "MMCatSQLite", "MMCatMongo", "MMCatCypher", "MMCatFalkor", "MMCatTestSupport",
                "MMCatServiceTestSupport", "mmcat", .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            path: "Tests/Integration"
        ),
    ]
)
