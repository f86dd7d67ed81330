// swift-tools-version:6.2
import PackageDescription

// A release binary on Linux carries the Swift runtime and Foundation inside:
// it starts in 3.5 ms instead of 6.3 and calls the runtime directly rather
// than through the PLT (inspect over 3,071 files: 157 -> 129 ms). Where it is
// copied it needs only libc, libstdc++ and libpcre2. Only the executable is
// linked so: the libraries stay compiled as usual, so that a release build of
// the tests still links them against the shared runtime. The libraries the
// static Foundation depends on (its C helpers, Synchronization) are named
// here, as the compiler names them only for modules compiled against the
// static runtime; a toolchain that needs another says so at link time. lld
// keeps the static Foundation's `mktemp` link warning (from a routine
// migcheck does not call) out of the build. macOS's runtime is the system's.
let staticRuntimeInRelease: [LinkerSetting] = [
    .unsafeFlags(["-static-stdlib", "-use-ld=lld", "-l_FoundationCShims", "-l_FoundationCollections", "-lswiftSynchronization"],
                 .when(platforms: [.linux], configuration: .release)),
]

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
        .target(name: "MigcheckModel", dependencies: ["MigcheckSyntax"]),
        // Rules as data, the facts they test, the engine that scores migrations.
        .target(name: "MigcheckRules", dependencies: ["MigcheckModel", "MigcheckRegex", "MigcheckSyntax"],
                plugins: ["EmbedRules"]),
        // Compiles the rule files of Rules/ into the binary.
        .executableTarget(name: "EmbedRulesTool", path: "Sources/EmbedRulesTool"),
        .plugin(name: "EmbedRules", capability: .buildTool(), dependencies: ["EmbedRulesTool"], path: "Sources/EmbedRulesPlugin"),
        // Pipes that close on exec, for the git processes started at the same time.
        .target(name: "CPipe"),
        // Reads revisions, trees and blobs through the git command.
        .target(name: "MigcheckGit", dependencies: ["MigcheckSyntax", "CPipe"]),
        // Commands, discovery of files, output formats.
        .target(name: "MigcheckKit", dependencies: ["MigcheckModel", "MigcheckSyntax", "MigcheckRules", "MigcheckGit"]),
        // A per-thread cache of freed small blocks in front of glibc's malloc,
        // for the executable (and the tests, which then run on it too).
        .target(name: "CMallocCache"),
        .executableTarget(name: "migcheck", dependencies: ["MigcheckKit", "CMallocCache"], linkerSettings: staticRuntimeInRelease),
        .testTarget(name: "MallocCacheTests", dependencies: ["CMallocCache"]),
        .testTarget(name: "MigcheckSyntaxTests", dependencies: ["MigcheckSyntax"]),
        .testTarget(name: "MigcheckRegexTests", dependencies: ["MigcheckRegex"]),
        .testTarget(name: "MigcheckModelTests", dependencies: ["MigcheckModel", "MigcheckSyntax"]),
        .testTarget(name: "MigcheckRulesTests", dependencies: ["MigcheckRules", "MigcheckModel", "MigcheckSyntax"]),
        .testTarget(name: "MigcheckKitTests", dependencies: ["MigcheckKit", "MigcheckModel", "MigcheckRules", "MigcheckGit", "MigcheckSyntax"]),
    ]
)
