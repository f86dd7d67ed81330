// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "migcheck",
    products: [
        .executable(name: "migcheck", targets: ["migcheck"]),
        .library(name: "MigcheckKit", targets: ["MigcheckKit"]),
    ],
    targets: [
        .systemLibrary(
            name: "CPCRE2",
            pkgConfig: "libpcre2-8",
            providers: [.apt(["libpcre2-dev"])]
        ),
        // Python source → tokens → AST. Knows nothing of Django.
        .target(name: "MigcheckSyntax"),
        // PCRE2 patterns with JIT and bounded matching.
        .target(name: "MigcheckRegex", dependencies: ["CPCRE2"]),
        // AST → Django migrations and operations.
        .target(name: "MigcheckModel", dependencies: ["MigcheckSyntax", "MigcheckRegex"]),
        // Rules as data, the facts they test, the engine that scores migrations.
        .target(name: "MigcheckRules", dependencies: ["MigcheckModel", "MigcheckRegex", "MigcheckSyntax"],
                plugins: ["EmbedRules"]),
        // Compiles the rule files of Rules/ into the binary.
        .executableTarget(name: "EmbedRulesTool", path: "Sources/EmbedRulesTool"),
        .plugin(name: "EmbedRules", capability: .buildTool(), dependencies: ["EmbedRulesTool"], path: "Sources/EmbedRulesPlugin"),
        // Reads revisions, trees and blobs through the git command.
        .target(name: "MigcheckGit", dependencies: ["MigcheckSyntax"]),
        // Commands, discovery of files, output formats.
        .target(name: "MigcheckKit", dependencies: ["MigcheckModel", "MigcheckSyntax", "MigcheckRules", "MigcheckGit"]),
        .executableTarget(name: "migcheck", dependencies: ["MigcheckKit"]),
        .testTarget(name: "MigcheckSyntaxTests", dependencies: ["MigcheckSyntax"]),
        .testTarget(name: "MigcheckRegexTests", dependencies: ["MigcheckRegex"]),
        .testTarget(name: "MigcheckModelTests", dependencies: ["MigcheckModel", "MigcheckSyntax"]),
        .testTarget(name: "MigcheckRulesTests", dependencies: ["MigcheckRules", "MigcheckModel", "MigcheckSyntax"]),
        .testTarget(name: "MigcheckKitTests", dependencies: ["MigcheckKit", "MigcheckModel", "MigcheckRules", "MigcheckGit"]),
    ]
)
