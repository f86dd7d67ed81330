import Foundation
import XCTest
@testable import MigcheckKit

final class ConfigurationTests: CommandTestCase {
    func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("migcheck-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }

    func write(_ text: String, to url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    func testReadsEveryKey() throws {
        let folder = try temporaryFolder()
        let file = folder.appendingPathComponent("pyproject.toml")
        try write("""
            [tool.ruff]
            line-length = 100

            [tool.migcheck]
            engine = "mysql"
            engine-version = "8.4"
            exclude = ["**/tests/**", "vendor/*/migrations/*.py"]
            ignore = ["MC213"]
            rules = ["ci/rules"]
            fail-on = "maintenance=recommended"
            user-model = "accounts.User"

            [tool.migcheck.swappable-models]
            CONFIG_DEVICE_MODEL = "sample_config.Device"

            [tool.migcheck.app-labels]
            "src/users" = "accounts"

            [tool.migcheck.levels]
            MC204 = { maintenance = "required" }
            """, to: file)
        let config = try Configuration.load(file.path)
        XCTAssertEqual(config.engine, .mysql)
        XCTAssertEqual(config.engineVersion, 8)
        XCTAssertEqual(config.failOn, FailThreshold(revert: nil, maintenance: .recommended))
        XCTAssertEqual(config.appLabels, ["src/users": "accounts"])
        XCTAssertEqual(config.swappableModels, ["settings.CONFIG_DEVICE_MODEL": "sample_config.Device"])
        XCTAssertEqual(config.ruleFolders, [folder.path + "/ci/rules"])
        XCTAssertEqual(config.levels.first?.rule, "MC204")
        XCTAssertTrue(config.isExcluded(folder.path + "/app/tests/migrations/0001_x.py"))
        XCTAssertTrue(config.isExcluded(folder.path + "/vendor/oscar/migrations/0001_x.py"))
        XCTAssertFalse(config.isExcluded(folder.path + "/vendor/oscar/sub/migrations/0001_x.py"))
        XCTAssertEqual(try Configuration.nearest(from: folder.appendingPathComponent("src/users").path)?.file, file.path)
    }

    func testErrorsNameTheFileAndTheKey() throws {
        let folder = try temporaryFolder()
        let file = folder.appendingPathComponent("pyproject.toml")
        for (text, expected) in [
            ("[tool.migcheck]\nengin = \"mysql\"\n", "key 'engin': unknown key (did you mean 'engine'?)"),
            ("[tool.migcheck]\nfail-on = \"revert=oops\"\n", "key 'fail-on': expected revert=LEVEL"),
            ("[tool.migcheck.levels]\nMC204 = { maintenance = \"sometimes\" }\n", "key 'levels.MC204.maintenance': expected none, recommended or required"),
            ("[tool.migcheck]\nengine = postgres\n", "not valid TOML (column 10): 'postgres' is not a value"),
            ("[tool.migcheck]\nmigration-modules = \"dojo.db_migrations\"\n", "key 'migration-modules': expected a table of app label = \"module\""),
            ("[tool.migcheck.migration-modules]\ndojo = \"../db_migrations\"\n", "key 'migration-modules.dojo': expected the migrations module as a dotted name"),
            ("[tool.migcheck.migration-modules]\ndojo = 3\n", "key 'migration-modules.dojo': expected the migrations module"),
            ("[tool.migcheck.migration-modules]\n\"dojo.core\" = \"dojo.m\"\n", "key 'migration-modules.dojo.core': 'dojo.core' is not an app label"),
            ("[tool.migcheck.swappable-models]\nCONFIG_DEVICE_MODEL = \"Device\"\n", "key 'swappable-models.CONFIG_DEVICE_MODEL': expected \"app_label.ModelName\""),
            ("[tool.migcheck]\nswappable-models = { AUTH_USER_MODEL = \"a.B\" }\nuser-model = \"accounts.User\"\n", "key 'swappable-models': AUTH_USER_MODEL is user-model's"),
            ("[tool.migcheck]\nmigration-modules = { dojo = \"m\", reports = \"m/\" }\n", "key 'migration-modules.reports': m is dojo's migrations module already"),
        ] {
            try write(text, to: file)
            XCTAssertThrowsError(try Configuration.load(file.path)) { error in
                XCTAssertTrue("\(error)".hasPrefix(file.path + ":2: "), "\(error) should name the file and the line")
                XCTAssertTrue("\(error)".contains(expected), "\(error) should contain \(expected)")
            }
        }
    }

    /// Discovery spells paths as the PATH given; the configuration's folder
    /// is spelled from the current folder, or absolute when outside it.
    func testPathsAreRelativeToTheConfigurationHoweverSpelled() throws {
        let cwd = FileManager.default.currentDirectoryPath
        for root in ["proj", "./proj/", cwd + "/proj"] {
            let config = try Configuration.parse("[tool.migcheck]\nexclude = [\"a/**\"]\n", file: "pyproject.toml", root: root)
            for path in ["proj/a/migrations/0001_x.py", "./proj/a/migrations/0001_x.py", cwd + "/proj/a/migrations/0001_x.py",
                         "proj//a/./migrations/0001_x.py", "proj/b/../a/migrations/0001_x.py"] {
                XCTAssertEqual(config.relative(path), "a/migrations/0001_x.py", "\(path) under \(root)")
                XCTAssertTrue(config.isExcluded(path), "\(path) under \(root)")
            }
            XCTAssertEqual(config.relative("other/a/migrations/0001_x.py"), cwd + "/other/a/migrations/0001_x.py")
            XCTAssertEqual(config.relative("projx/a/migrations/0001_x.py"), cwd + "/projx/a/migrations/0001_x.py")
            XCTAssertFalse(config.isExcluded("other/a/migrations/0001_x.py"))
        }
        for plain in ["a", "a/b.py", "...", ".a/b", "a/..b"] { XCTAssertTrue(Configuration.isPlainRelative(plain), plain) }
        for spelled in ["", "/a", "a/", "a//b", "./a", "a/./b", "a/..", "../a"] { XCTAssertFalse(Configuration.isPlainRelative(spelled), spelled) }
        let top = try Configuration.parse("[tool.migcheck]\n", file: "pyproject.toml", root: ".")
        XCTAssertEqual(top.relative("shop/migrations/0001_x.py"), "shop/migrations/0001_x.py")
        XCTAssertEqual(top.relative(cwd + "/shop/migrations/0001_x.py"), "shop/migrations/0001_x.py")
    }

    func testMigrationModulesAreFoldersUnderTheConfiguration() throws {
        for (module, folder) in [("dojo.db_migrations", "dojo/db_migrations"), ("dojo/db_migrations/", "dojo/db_migrations"),
                                 ("legacy_migrations", "legacy_migrations"), ("src/dojo.x/m", "src/dojo.x/m")] {
            XCTAssertEqual(Configuration.folder(ofModule: module), folder, module)
        }
        for module in ["", "/srv/dojo/db_migrations", "dojo..db_migrations", "../dojo/db_migrations", ".dojo", "dojo/./x"] {
            XCTAssertNil(Configuration.folder(ofModule: module), module)
        }
    }

    /// A project whose `dojo` app keeps its migrations in `dojo/db_migrations`
    /// (MIGRATION_MODULES), with a stale `dojo/migrations` Django does not read,
    /// and an app that depends on dojo's latest migration.
    func makeMigrationModulesProject() throws -> URL {
        let project = try temporaryFolder()
        try write("""
            [tool.migcheck.migration-modules]
            dojo = "dojo.db_migrations"
            """, to: project.appendingPathComponent("pyproject.toml"))
        try write("", to: project.appendingPathComponent("manage.py"))
        for path in ["dojo/__init__.py", "dojo/db_migrations/__init__.py", "dojo/migrations/__init__.py", "reports/__init__.py", "reports/migrations/__init__.py"] {
            try write("", to: project.appendingPathComponent(path))
        }
        let header = "from django.db import migrations, models\n\n\nclass Migration(migrations.Migration):\n"
        try write(header + """
                initial = True
                dependencies = []
                operations = [
                    migrations.CreateModel(name="Finding", fields=[("id", models.AutoField(primary_key=True))]),
                ]
            """, to: project.appendingPathComponent("dojo/db_migrations/0001_initial.py"))
        try write(header + """
                dependencies = [("dojo", "0001_initial")]
                operations = [
                    migrations.AddField(model_name="finding", name="hash_code", field=models.TextField(null=True)),
                ]
            """, to: project.appendingPathComponent("dojo/db_migrations/0002_finding_hash_code.py"))
        try write(header + """
                dependencies = []
                operations = [migrations.CreateModel(name="Old", fields=[("id", models.AutoField(primary_key=True))])]
            """, to: project.appendingPathComponent("dojo/migrations/0001_initial.py"))
        try write(header + """
                dependencies = [("dojo", "0002_finding_hash_code")]
                operations = [migrations.CreateModel(name="Report", fields=[("id", models.AutoField(primary_key=True))])]
            """, to: project.appendingPathComponent("reports/migrations/0001_initial.py"))
        return project
    }

    func testMigrationModulesAreReadByInspectGraphAndCheck() throws {
        let project = try makeMigrationModulesProject()
        func migrations(_ arguments: [String]) throws -> [String] {
            let (status, out, err) = run(["inspect", "--format", "json"] + arguments)
            XCTAssertEqual(status, .success, err)
            let doc = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
            return (doc["files"] as? [[String: Any]] ?? []).map { file in
                "\(file["app"] ?? "-").\(file["name"] ?? "-") \(((file["path"] as? String) ?? "").dropFirst(project.path.count + 1))"
            }
        }
        XCTAssertEqual(try migrations([project.path]),
                       ["dojo.0001_initial dojo/db_migrations/0001_initial.py", "dojo.0002_finding_hash_code dojo/db_migrations/0002_finding_hash_code.py",
                        "reports.0001_initial reports/migrations/0001_initial.py"])
        XCTAssertEqual(try migrations([project.appendingPathComponent("dojo/db_migrations/0002_finding_hash_code.py").path]),
                       ["dojo.0002_finding_hash_code dojo/db_migrations/0002_finding_hash_code.py"], "a file given by name has its module's label")
        XCTAssertEqual(try migrations(["--no-config", project.path]),
                       ["dojo.0001_initial dojo/migrations/0001_initial.py", "reports.0001_initial reports/migrations/0001_initial.py"])

        for (arguments, count) in [([String](), 3), (["--no-config"], 2)] {
            // The figures go to standard error; the report they time is the one inspect writes.
            let (status, _, err) = run(["inspect", "--format", "json", "--benchmark", "1"] + arguments + [project.path])
            XCTAssertEqual(status, .success, err)
            XCTAssertTrue(err.hasPrefix("inspect benchmark: \(count) files,"), err)
            let (_, report, _) = run(["inspect", "--format", "json"] + arguments + [project.path])
            XCTAssertTrue(err.hasSuffix("\nreport: \(report.utf8.count) bytes\n"), "the benchmark finds what inspect finds: \(err)")
        }

        let (graphStatus, graphOut, graphErr) = run(["graph", "--format", "json", project.path])
        XCTAssertEqual(graphStatus, .success, graphErr)
        let graph = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(graphOut.utf8)) as? [String: Any])
        XCTAssertEqual(graph["plan"] as? [String], ["dojo.0001_initial", "dojo.0002_finding_hash_code", "reports.0001_initial"])
        XCTAssertEqual((graph["problems"] as? [Any])?.count, 0)
        let (noConfigStatus, noConfigOut, _) = run(["graph", "--no-config", project.path])
        XCTAssertEqual(noConfigStatus, .findings, "without the configuration, reports' dependency is missing")
        XCTAssertTrue(noConfigOut.contains("MC302"), noConfigOut)

        let (checkStatus, checkOut, checkErr) = run(["check", "--format", "json", "--fail-on", "never",
                                                    project.appendingPathComponent("dojo/db_migrations/0002_finding_hash_code.py").path])
        XCTAssertEqual(checkStatus, .success, checkErr)
        let check = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(checkOut.utf8)) as? [String: Any])
        let checked = try XCTUnwrap(check["migrations"] as? [[String: Any]])
        XCTAssertEqual(checked.map { "\($0["app"] ?? "-").\($0["name"] ?? "-")" }, ["dojo.0002_finding_hash_code"])
        XCTAssertEqual(checked.first?["revert_target"] as? String, "0001_initial")
        XCTAssertEqual((check["revert_commands"] as? [[String: Any]])?.compactMap { $0["command"] as? String },
                       ["python manage.py migrate dojo 0001_initial"], "Django's backwards plan also un-applies reports.0001, which depends on it")
        XCTAssertEqual((check["diagnostics"] as? [Any])?.count ?? 0, 0, checkOut)
    }

    /// openwisp's test project swaps its apps' models for sample apps'
    /// through swapper settings: `swappable-models` says which stand.
    func testSwappableModelsDecideWhereSwapperDependenciesPoint() throws {
        let project = try temporaryFolder()
        for (app, body) in [("pki", "dependencies = []"), ("sample_pki", "dependencies = []"),
                            ("config", "dependencies = [swapper.dependency(\"pki\", \"Ca\")]")] {
            try write("import swapper\nfrom django.db import migrations\n\n\nclass Migration(migrations.Migration):\n    \(body)\n    operations = []\n",
                      to: project.appendingPathComponent("\(app)/migrations/0001_initial.py"))
        }
        func parents() throws -> [String] {
            try firstMigration(of: "config", in: project)["dependencies"] as? [String] ?? []
        }
        XCTAssertEqual(try parents(), ["pki.0001_initial"])
        try write("[tool.migcheck.swappable-models]\nPKI_CA_MODEL = \"sample_pki.Ca\"\n", to: project.appendingPathComponent("pyproject.toml"))
        XCTAssertEqual(try parents(), ["sample_pki.0001_initial"])
    }

    /// The first migration of `app` in `graph --format json` over the project.
    func firstMigration(of app: String, in project: URL, options: [String] = []) throws -> [String: Any] {
        let (status, out, err) = run(["graph", "--format", "json"] + options + [project.path])
        XCTAssertEqual(status, .success, err)
        let graph = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
        let entry = (graph["apps"] as? [[String: Any]])?.first { $0["app"] as? String == app }
        return try XCTUnwrap((entry?["migrations"] as? [[String: Any]])?.first, out)
    }

    /// The user model is --user-model, else the configuration's (user-model,
    /// or AUTH_USER_MODEL in swappable-models), else auth.User.
    func testTheUserModelsPrecedence() throws {
        let project = try temporaryFolder()
        try write("from django.conf import settings\nfrom django.db import migrations\n\n\nclass Migration(migrations.Migration):\n"
                  + "    dependencies = [migrations.swappable_dependency(settings.AUTH_USER_MODEL)]\n    operations = []\n",
                  to: project.appendingPathComponent("shop/migrations/0001_initial.py"))
        func userApp(_ options: [String] = []) throws -> [String] {
            try firstMigration(of: "shop", in: project, options: options)["external_dependencies"] as? [String] ?? []
        }
        XCTAssertEqual(try userApp(), ["auth.__first__"])
        try write("[tool.migcheck.swappable-models]\nAUTH_USER_MODEL = \"people.Person\"\n", to: project.appendingPathComponent("pyproject.toml"))
        XCTAssertEqual(try userApp(), ["people.__first__"])
        XCTAssertEqual(try userApp(["--user-model", "accounts.User"]), ["accounts.__first__"])
        try write("[tool.migcheck]\nuser-model = \"members.Member\"\n", to: project.appendingPathComponent("pyproject.toml"))
        XCTAssertEqual(try userApp(), ["members.__first__"])
        XCTAssertEqual(try userApp(["--user-model", "accounts.User"]), ["accounts.__first__"])
    }

    func testAMisspeltMigrationModuleIsAConfigurationError() throws {
        let project = try makeMigrationModulesProject()
        try write("[tool.migcheck.migration-modules]\ndojo = \"dojo.db_migration\"\n", to: project.appendingPathComponent("pyproject.toml"))
        for command in ["inspect", "graph", "check"] {
            let (status, _, err) = run([command, project.path])
            XCTAssertEqual(status, .usage, command)
            XCTAssertTrue(err.contains("pyproject.toml:2: [tool.migcheck] key 'migration-modules.dojo': no migrations folder dojo/db_migration for dojo"), err)
        }
    }

    func testInspectSaysWhenItFindsNoMigrations() throws {
        let project = try makeMigrationModulesProject()
        try FileManager.default.removeItem(at: project.appendingPathComponent("reports"))
        try FileManager.default.removeItem(at: project.appendingPathComponent("dojo/migrations"))
        let (status, out, err) = run(["inspect", "--no-config", project.path])
        XCTAssertEqual(status, .success)
        XCTAssertTrue(out.hasPrefix("0 files"), out)
        XCTAssertTrue(err.contains("no migration files in \(project.path)") && err.contains("[tool.migcheck.migration-modules]"), err)
    }

    func testABrokenRuleFolderStopsCheckWithTheFileAndKey() throws {
        let folder = try temporaryFolder()
        try write("""
            id = "MC901"
            name = "no-raw-sql"
            summary = "x"
            revert = "safe"
            maintenance = "none"
            message = "x"
            advice = "x"
            rationale = "x"

            [[when]]
            operaton = "RunSQL"
            """, to: folder.appendingPathComponent("rules/MC901.toml"))
        let (status, _, err) = run(["check", "--rules", folder.appendingPathComponent("rules").path, "Fixtures/check/billing"])
        XCTAssertEqual(status, .usage)
        XCTAssertTrue(err.contains("MC901.toml:11: key 'when[1].operaton': unknown fact (did you mean 'operation'?)"), err)
    }

    func testGlob() {
        XCTAssertTrue(Glob.matches("**/tests/**", "a/tests/migrations/x.py"))
        XCTAssertTrue(Glob.matches("**/tests/**", "tests/x.py"))
        XCTAssertTrue(Glob.matches("src/*/migrations/00??_*.py", "src/shop/migrations/0001_initial.py"))
        XCTAssertFalse(Glob.matches("src/*/migrations/*.py", "src/a/b/migrations/0001.py"))
        XCTAssertFalse(Glob.matches("*.py", "a/b.py"))
    }
}
