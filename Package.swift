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
    ],
    targets: [
        // System libraries, found through pkg-config; the Debian packages are named for `swift build`'s hint.
        .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        .systemLibrary(name: "CRdKafka", pkgConfig: "rdkafka", providers: [.apt(["librdkafka-dev"])]),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CJansson", pkgConfig: "jansson", providers: [.apt(["libjansson-dev"])]),

        .target(name: "Contracts", exclude: ["README.md"]),
        .target(
            name: "Emulators",
            dependencies: [
                "Contracts",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "Platform",
            dependencies: [
                "Contracts", "CLibPQ", "CRdKafka", "CCurl",
                .product(name: "Logging", package: "swift-log"),
            ]
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
                "Platform",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "bench",
            dependencies: [
                "Contracts", "Emulators", "Platform", "CJansson",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        .testTarget(name: "ContractsTests", dependencies: ["Contracts", "CJansson"]),
        .testTarget(
            name: "EmulatorsTests",
            dependencies: [
                "Emulators",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "PlatformTests",
            dependencies: [
                "Platform", "Emulators", "sluice",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .testTarget(name: "SmokeTests", dependencies: ["smoke"]),
    ],
    swiftLanguageModes: [.v6]
)
