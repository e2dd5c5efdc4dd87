// swift-tools-version:6.1
import PackageDescription

/// Sluice: a local data platform and the harness that proves it works.
/// Module boundaries are fixed by `ARCHITECTURE.md`: `smoke`, `sluice` → `Platform` → `Contracts`;
/// `Emulators` → `Contracts`; only real protocols cross between the platform and the emulators.
let package = Package(
    name: "Sluice",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "Contracts", targets: ["Contracts"]),
        .library(name: "Emulators", targets: ["Emulators"]),
        .library(name: "Platform", targets: ["Platform"]),
        .executable(name: "sluice", targets: ["sluice"]),
        .executable(name: "smoke", targets: ["smoke"]),
        .executable(name: "bench", targets: ["bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
    ],
    targets: [
        // System libraries, found through pkg-config; the Debian packages are named for `swift build`'s hint.
        .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        .systemLibrary(name: "CRdKafka", pkgConfig: "rdkafka", providers: [.apt(["librdkafka-dev"])]),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CJansson", pkgConfig: "jansson", providers: [.apt(["libjansson-dev"])]),
        // Kafka's record batch codecs, for reading compressed batches (the log itself stores them as written);
        // zstd and snappy also compress the Parquet writer's pages.
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CZstd", pkgConfig: "libzstd", providers: [.apt(["libzstd-dev"])]),
        .systemLibrary(name: "CLZ4", pkgConfig: "liblz4", providers: [.apt(["liblz4-dev"])]),
        .systemLibrary(name: "CSnappy", pkgConfig: "snappy", providers: [.apt(["libsnappy-dev"])]),

        .target(name: "Contracts", exclude: ["README.md"]),
        // The CPU's CRC-32C instruction for record batch checks (Swift cannot issue it); software fallback in Swift.
        .target(name: "CKafkaCRC32C"),
        .target(
            name: "Emulators",
            dependencies: [
                "Contracts", "CKafkaCRC32C", "CZlib", "CZstd", "CLZ4", "CSnappy",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "Platform",
            dependencies: [
                // Emulators is imported by the embedded launcher's file only (EmbeddedStack.swift).
                "Contracts", "Emulators", "CLibPQ", "CRdKafka", "CCurl",
                // The Parquet writer's page codecs (Curation/Parquet).
                "CZstd", "CSnappy",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                // Observability's /metrics server and the sink's control endpoint (SwiftNIO HTTP/1.1);
                // swift-metrics' API and its Prometheus registry.
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            exclude: ["Curation/README.md", "Curation/Parquet/README.md", "Serving/README.md"]
        ),
        .executableTarget(
            name: "sluice",
            dependencies: [
                "Platform", "Emulators",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "smoke",
            dependencies: [
                "Platform", "Contracts",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "bench",
            dependencies: [
                "Contracts", "Emulators", "Platform", "CJansson",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),

        .testTarget(name: "ContractsTests", dependencies: ["Contracts", "CJansson"]),
        .testTarget(
            name: "EmulatorsTests",
            dependencies: [
                "Emulators", "CRdKafka",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "PlatformTests",
            dependencies: [
                "Platform", "Emulators", "sluice",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        .testTarget(name: "SmokeTests", dependencies: ["smoke", "sluice"]),
    ],
    swiftLanguageModes: [.v6]
)
