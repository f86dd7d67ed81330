import XCTest
import MigcheckModel
import MigcheckSyntax

final class MigrationGraphTests: XCTestCase {
    /// Keys sort as Django sorts tuples of strings: by code point, which is
    /// the order of UTF-8 bytes, for short (inline) and long strings alike.
    func testKeysSortByUTF8Bytes() {
        let pieces = ["", "a", "b", "ab", "0001_initial", "0001_initial_squashed_0040_auto", "é", "e\u{301}", "z", "Z", "日本", "\u{10FFFF}"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<3_000 {
            let a = (0..<Int.random(in: 0...3, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            let b = Bool.random(using: &generator) ? a + pieces.randomElement(using: &generator)! : (0..<2).map { _ in pieces.randomElement(using: &generator)! }.joined()
            let expected = Array(a.utf8).lexicographicallyPrecedes(Array(b.utf8))
            XCTAssertEqual(a.utf8Precedes(b), expected, "\(a) < \(b)")
            XCTAssertEqual(a.utf8Order(b) == 0, Array(a.utf8) == Array(b.utf8))
            XCTAssertEqual(MigrationKey("shop", a) < MigrationKey("shop", b), expected)
            XCTAssertEqual(MigrationKey(a, "0001") < MigrationKey(b, "0001"), expected)
        }
        // é and e + U+0301 are one Character to Swift, and different code points to Python.
        XCTAssertTrue(MigrationKey("e\u{301}", "x") < MigrationKey("é", "a"))
    }

    /// A migration as a real file would declare it, read by the extractor.
    func migration(_ app: String, _ name: String, _ dependencies: [String] = [], replaces: [String] = [], runBefore: [String] = []) -> (migration: Migration, path: String) {
        func list(_ items: [String]) -> String {
            "[" + items.map { item -> String in
                if item.hasPrefix("swappable:") { return "migrations.swappable_dependency(\(item.dropFirst(10)))" }
                if item.hasPrefix("swapper.") || item.hasPrefix("(") { return item }
                let parts = item.split(separator: ".", maxSplits: 1)
                return "(\"\(parts[0])\", \"\(parts[1])\")"
            }.joined(separator: ", ") + "]"
        }
        let text = """
        import swapper
        from django.conf import settings
        from django.db import migrations

        class Migration(migrations.Migration):
            replaces = \(list(replaces))
            run_before = \(list(runBefore))
            dependencies = \(list(dependencies))
            operations = []
        """
        let path = "\(app)/migrations/\(name).py"
        let file = MigrationExtractor.extract(path: path, app: app, name: name, module: Parser.parse(text))
        return (file.migration!, path)
    }

    func keys(_ strings: [String]) -> [MigrationKey] {
        strings.map { s in let p = s.split(separator: ".", maxSplits: 1); return MigrationKey(String(p[0]), String(p[1])) }
    }

    func testPlanLeavesAndCrossAppDependencies() {
        let graph = MigrationGraph([
            migration("shop", "0001_initial", ["accounts.__first__"]),
            migration("shop", "0002_b", ["shop.0001_initial"]),
            migration("accounts", "0001_initial", ["swappable:settings.AUTH_USER_MODEL"]),
            migration("accounts", "0002_b", ["accounts.0001_initial", "shop.__latest__"]),
        ])
        XCTAssertTrue(graph.problems.isEmpty, "\(graph.problems.map(\.message))")
        XCTAssertEqual(graph.leaves(of: "shop"), keys(["shop.0002_b"]))
        XCTAssertEqual(graph.forwardsPlan(), keys(["accounts.0001_initial", "shop.0001_initial", "shop.0002_b", "accounts.0002_b"]))
        XCTAssertEqual(graph.nodes[MigrationKey("accounts", "0001_initial")]?.external, keys(["auth.__first__"]))
        XCTAssertEqual(graph.backwardsPlan(app: "shop", target: nil),
                       keys(["accounts.0002_b", "shop.0002_b", "shop.0001_initial"]), "dependents in other apps are un-applied first")
        XCTAssertEqual(graph.backwardsPlan(app: "shop", target: "0001_initial"), keys(["accounts.0002_b", "shop.0002_b"]))
    }

    func testSwappableUserModelFromConfiguration() {
        let graph = MigrationGraph([
            migration("users", "0001_initial"),
            migration("shop", "0001_initial", ["swappable:settings.AUTH_USER_MODEL"]),
        ], swappableModels: ["settings.AUTH_USER_MODEL": "users.User"])
        XCTAssertEqual(graph.nodes[MigrationKey("shop", "0001_initial")]?.parents, keys(["users.0001_initial"]))
    }

    func testSquashStandsForWhatItReplaces() {
        let graph = MigrationGraph([
            migration("shop", "0001_initial"),
            migration("shop", "0002_a", ["shop.0001_initial"]),
            migration("shop", "0003_b", ["shop.0002_a"]),
            migration("shop", "0001_squashed_0003_b", replaces: ["shop.0001_initial", "shop.0002_a", "shop.0003_b"]),
            migration("shop", "0004_c", ["shop.0003_b"]),
            migration("blog", "0001_initial", ["shop.0002_a"]),
        ])
        XCTAssertTrue(graph.problems.isEmpty, "\(graph.problems.map(\.message))")
        XCTAssertEqual(graph.nodes.keys.filter { $0.app == "shop" }.sorted(), keys(["shop.0001_squashed_0003_b", "shop.0004_c"]))
        XCTAssertEqual(graph.nodes[MigrationKey("blog", "0001_initial")]?.parents, keys(["shop.0001_squashed_0003_b"]),
                       "a dependency on a replaced name points at the squash")
        XCTAssertEqual(graph.resolveReplaced(MigrationKey("shop", "0002_a")), MigrationKey("shop", "0001_squashed_0003_b"))
    }

    /// On a database, Django's loader uses a squash when all or none of what
    /// it replaces is applied; when only some is, it keeps the originals and
    /// points the squash's dependents at the latest of them.
    func testSquashOnADatabaseThatAppliedSomeOfItsMigrations() {
        let migrations = [
            migration("shop", "0001_initial"),
            migration("shop", "0002_a", ["shop.0001_initial"]),
            migration("shop", "0003_b", ["shop.0002_a"]),
            migration("shop", "0001_squashed_0003_b", replaces: ["shop.0001_initial", "shop.0002_a", "shop.0003_b"]),
            migration("blog", "0001_initial", ["shop.0001_squashed_0003_b"]),
        ]
        let some = MigrationGraph(migrations, applied: Set(keys(["shop.0001_initial", "shop.0002_a"])))
        XCTAssertEqual(some.nodes.keys.filter { $0.app == "shop" }.sorted(), keys(["shop.0001_initial", "shop.0002_a", "shop.0003_b"]))
        XCTAssertEqual(some.nodes[MigrationKey("blog", "0001_initial")]?.parents, keys(["shop.0003_b"]))
        XCTAssertEqual(some.backwardsPlan(app: "shop", target: "0002_a"), keys(["blog.0001_initial", "shop.0003_b"]))
        for applied in [keys(["shop.0001_initial", "shop.0002_a", "shop.0003_b"]), []] {
            let graph = MigrationGraph(migrations, applied: Set(applied))
            XCTAssertEqual(graph.nodes.keys.filter { $0.app == "shop" }.sorted(), keys(["shop.0001_squashed_0003_b"]), "\(applied)")
        }
    }

    /// A squash over a merge left out: its dependents point at every
    /// replaced migration no other replaced one depends on, as Django's
    /// `remove_replacement_node` does, not only at the last one listed.
    func testLeftOutSquashOverBranchesPointsAtEachLeaf() {
        let migrations = [
            migration("shop", "0001_initial"),
            migration("shop", "0002_a", ["shop.0001_initial"]),
            migration("shop", "0002_b", ["shop.0001_initial"]),
            migration("shop", "0001_squashed_0002_b", replaces: ["shop.0001_initial", "shop.0002_a", "shop.0002_b"]),
            migration("shop", "0003_c", ["shop.0001_squashed_0002_b"]),
        ]
        let graph = MigrationGraph(migrations, applied: Set(keys(["shop.0001_initial", "shop.0002_a"])))
        XCTAssertEqual(graph.nodes[MigrationKey("shop", "0003_c")]?.parents, keys(["shop.0002_a", "shop.0002_b"]))
        XCTAssertEqual(graph.backwardsPlan(app: "shop", target: "0002_b"), keys(["shop.0003_c"]))
        // Django's depth-first search takes the last of the sorted parents first.
        XCTAssertEqual(graph.forwardsPlan().map(\.description), ["shop.0001_initial", "shop.0002_b", "shop.0002_a", "shop.0003_c"])
    }

    /// AWX main.0013 runs before Django's auth.0008: auth is not in the
    /// set, so the edge is kept on the node, for rollbacks to warn of.
    func testRunBeforeIntoAnAppThatIsNotHere() {
        let graph = MigrationGraph([
            migration("main", "0012_a"),
            migration("main", "0013_b", ["main.0012_a"], runBefore: ["auth.0008_alter_user_username_max_length", "main.0099_missing"]),
        ])
        XCTAssertEqual(graph.nodes[MigrationKey("main", "0013_b")]?.externalDependents, keys(["auth.0008_alter_user_username_max_length"]))
        XCTAssertEqual(graph.nodes[MigrationKey("main", "0012_a")]?.externalDependents, [])
        XCTAssertEqual(graph.problems.map { "\($0.kind.rawValue) \($0.key) \($0.related)" }, ["MC302 main.0013_b [main.0099_missing]"],
                       "a run_before into an app that is here names a migration Django must find")
    }

    func testPartialSquashAndDependenciesOnRemovedNames() {
        let graph = MigrationGraph([
            migration("shop", "0003_b"),
            migration("shop", "0001_squashed_0003_b", replaces: ["shop.0001_initial", "shop.0002_a", "shop.0003_b"]),
            migration("blog", "0001_initial", ["shop.0001_initial"]),
        ])
        XCTAssertEqual(graph.problems.map(\.kind), [.partialSquash])
        XCTAssertEqual(graph.nodes[MigrationKey("blog", "0001_initial")]?.parents, keys(["shop.0001_squashed_0003_b"]))
    }

    func testProblemsDjangoStopsOn() {
        let graph = MigrationGraph([
            migration("shop", "0001_initial"),
            migration("shop", "0002_a", ["shop.0001_initial"]),
            migration("shop", "0002_b", ["shop.0001_initial"]),
            migration("shop", "0003_c", ["shop.0002_a", "shop.0009_gone"]),
            migration("loop", "0001_a", ["loop.0002_b"]),
            migration("loop", "0002_b", ["loop.0001_a"]),
            migration("shop", "0001_initial"),
        ])
        let kinds = Set(graph.problems.map(\.kind))
        XCTAssertEqual(kinds, [.conflict, .missingDependency, .cycle, .duplicateNumber, .duplicateMigration])
        let conflict = graph.problems.first { $0.kind == .conflict }!
        XCTAssertEqual([conflict.key] + conflict.related, keys(["shop.0002_b", "shop.0003_c"]))
        XCTAssertTrue(graph.problems.first { $0.kind == .missingDependency }!.message.contains("shop.0009_gone"))
    }

    /// swapper's `dependency("pki", "Ca")` (openwisp) is the first migration,
    /// or the one named, of the app whose model stands for `pki.Ca`: that
    /// model's, unless the setting `PKI_CA_MODEL` swaps it out.
    func testSwapperDependenciesNameTheAppOfTheModelThatStands() {
        let files = [
            migration("pki", "0001_initial"),
            migration("pki", "0002_b", ["pki.0001_initial"]),
            migration("sample_pki", "0001_initial"),
            migration("config", "0001_initial", ["swapper.dependency('pki', 'Ca')"]),
            migration("config", "0002_vpn", ["config.0001_initial", "swapper.dependency('pki', 'Ca', version='0002_b')"]),
        ]
        let graph = MigrationGraph(files)
        XCTAssertEqual(graph.problems.map(\.message), [])
        XCTAssertEqual(graph.nodes[MigrationKey("config", "0001_initial")]?.parents, keys(["pki.0001_initial"]))
        XCTAssertEqual(graph.nodes[MigrationKey("config", "0002_vpn")]?.parents, keys(["config.0001_initial", "pki.0002_b"]))
        let swapped = MigrationGraph(files, swappableModels: MigrationGraph.defaultSwappableModels.merging(["settings.PKI_CA_MODEL": "sample_pki.Ca"]) { $1 })
        XCTAssertEqual(swapped.nodes[MigrationKey("config", "0001_initial")]?.parents, keys(["sample_pki.0001_initial"]))
    }

    /// swapper on the model a setting names (openwisp's
    /// `dependency(*swapper.split(settings.AUTH_USER_MODEL), version=...)`),
    /// which that model's own swapper setting swaps in turn, and the app
    /// label of `swapper.split(model)[0]` in a literal pair (swapper's sample
    /// apps); a setting that is not configured leaves the app unknown.
    func testSwapperDependenciesOnTheModelASettingNames() {
        let files = [
            migration("users", "0001_initial"),
            migration("users", "0004_default_groups", ["users.0001_initial"]),
            migration("sample_users", "0004_default_groups"),
            migration("geo", "0001_initial", ["swapper.dependency(*swapper.split(settings.AUTH_USER_MODEL), version='0004_default_groups')",
                                              "swapper.dependency(*swapper.split(settings.CONFIG_DEVICE_MODEL))"]),
            migration("geo", "0002_b", ["geo.0001_initial", "(swapper.split(swapper.get_model_name('users', 'User'))[0], '0001_initial')"]),
        ]
        let models = ["settings.AUTH_USER_MODEL": "users.User"]
        let graph = MigrationGraph(files, swappableModels: models)
        XCTAssertEqual(graph.problems.map(\.message), [])
        XCTAssertEqual(graph.nodes[MigrationKey("geo", "0001_initial")]?.parents, keys(["users.0004_default_groups"]))
        let device = MigrationKey("<settings.CONFIG_DEVICE_MODEL>", "__first__")
        XCTAssertEqual(graph.nodes[MigrationKey("geo", "0001_initial")]?.external, [device])
        XCTAssertEqual(graph.nodes[MigrationKey("geo", "0002_b")]?.parents, keys(["geo.0001_initial", "users.0001_initial"]))
        let swapped = MigrationGraph(files, swappableModels: models.merging(["settings.USERS_USER_MODEL": "sample_users.User"]) { $1 })
        XCTAssertEqual(swapped.nodes[MigrationKey("geo", "0001_initial")]?.parents, keys(["sample_users.0004_default_groups"]))
        XCTAssertEqual(MigrationGraph(files).nodes[MigrationKey("geo", "0001_initial")]?.external,
                       keys(["auth.0004_default_groups"]) + [device])
    }

    /// A setting that a CreateModel declares `swappable` names that model
    /// unless it is configured (django-filer's FILER_IMAGE_MODEL), so that a
    /// dependency through it is on that model's app; one that two models
    /// declare (an app and the sample app that can replace it) is left to the configuration.
    func testSwappableSettingsTheMigrationsDeclare() {
        func creating(_ app: String, _ model: String, swappable: String, dependencies: String = "",
                      name: String = "0001_initial") -> (migration: Migration, path: String) {
            let text = """
            import swapper
            from django.conf import settings
            from django.db import migrations, models

            class Migration(migrations.Migration):
                dependencies = [\(dependencies)]
                operations = [
                    migrations.CreateModel(name="\(model)", fields=[("id", models.AutoField(primary_key=True))], options={"swappable": \(swappable)}),
                ]
            """
            let path = "\(app)/migrations/\(name).py"
            return (MigrationExtractor.extract(path: path, app: app, name: name, module: Parser.parse(text)).migration!, path)
        }
        let files = [
            creating("filer", "Image", swappable: "'FILER_IMAGE_MODEL'"),
            creating("filer", "image", swappable: "'FILER_IMAGE_MODEL'", name: "0001_squashed_0002_x"),
            creating("gallery", "Photo", swappable: "'GALLERY_PHOTO_MODEL'", dependencies: "migrations.swappable_dependency(settings.FILER_IMAGE_MODEL)"),
            creating("sample_config", "Device", swappable: "'CONFIG_DEVICE_MODEL'"),
            creating("config", "Device", swappable: "'CONFIG_DEVICE_MODEL'"),
            creating("connection", "Credentials", swappable: "swapper.swappable_setting('connection', 'Credentials')"),
        ]
        let graph = MigrationGraph(files)
        XCTAssertEqual(graph.swappableModels, ["settings.AUTH_USER_MODEL": "auth.User", "settings.FILER_IMAGE_MODEL": "filer.Image",
                                               "settings.GALLERY_PHOTO_MODEL": "gallery.Photo",
                                               "settings.CONNECTION_CREDENTIALS_MODEL": "connection.Credentials"])
        XCTAssertEqual(graph.nodes[MigrationKey("gallery", "0001_initial")]?.parents, keys(["filer.0001_initial"]))
        let configured = MigrationGraph(files, swappableModels: ["settings.CONFIG_DEVICE_MODEL": "sample_config.Device"])
        XCTAssertEqual(configured.swappableModels["settings.CONFIG_DEVICE_MODEL"], "sample_config.Device")
    }

    /// Several leaves where a migration of the app computes its dependencies
    /// (`(settings.ORG_APP, "0001_initial")`): what they name is not
    /// known here, so the conflict is only possible, a warning; computed
    /// dependencies in another app change nothing.
    func testComputedDependenciesMakeAConflictOnlyPossible() {
        let computed: (migration: Migration, path: String) = {
            let text = """
            from django.conf import settings
            from django.db import migrations

            class Migration(migrations.Migration):
                label = settings.ORG_APP
                dependencies = [(label, "0001_initial")]
                operations = []
            """
            let file = MigrationExtractor.extract(path: "users/migrations/0004_groups.py", app: "users", name: "0004_groups", module: Parser.parse(text))
            return (file.migration!, "users/migrations/0004_groups.py")
        }()
        let graph = MigrationGraph([
            migration("users", "0001_initial"),
            computed,
            migration("users", "0005_expiry", ["users.0004_groups"]),
            migration("shop", "0001_initial"),
            migration("shop", "0002_a", ["shop.0001_initial"]),
            migration("shop", "0003_b", ["shop.0001_initial"]),
        ])
        XCTAssertEqual(graph.problems.map(\.kind), [.conflict, .possibleConflict])
        let possible = graph.problems.first { $0.kind == .possibleConflict }!
        XCTAssertEqual(possible.kind.severity, .warning)
        XCTAssertEqual([possible.key] + possible.related, keys(["users.0001_initial", "users.0005_expiry", "users.0004_groups"]))
        XCTAssertTrue(possible.message.contains("dependencies of 0004_groups are computed"), possible.message)
        XCTAssertEqual(graph.problems.first { $0.kind == .conflict }!.key, MigrationKey("shop", "0002_a"))
    }

    func testExternalAppsAreNotErrorsAndRunBeforeAddsEdges() {
        let graph = MigrationGraph([
            migration("shop", "0001_initial", ["contenttypes.0002_remove_content_type_name", "auth.__first__"]),
            migration("shop", "0002_a", ["shop.0001_initial"]),
            migration("blog", "0001_initial", runBefore: ["shop.0002_a"]),
        ])
        XCTAssertTrue(graph.problems.isEmpty)
        XCTAssertEqual(graph.nodes[MigrationKey("shop", "0001_initial")]?.external.count, 2)
        XCTAssertTrue(graph.nodes[MigrationKey("shop", "0002_a")]!.parents.contains(MigrationKey("blog", "0001_initial")))
    }
}
