import Foundation
import XCTest
@testable import MigcheckKit
import MigcheckGit
import MigcheckModel
import MigcheckSyntax

/// Real repositories built with the git command in temporary folders: the
/// fixture shop released as 1.0.3 (migrations 0001-0002) and 1.1.0 (0003-0008
/// and the billing app).
final class RangeCommandTests: CommandTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("migcheck-range-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    /// Runs git in `directory` with an identity given on the command line (CI machines have none).
    @discardableResult
    func git(_ arguments: [String], in directory: URL) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-c", "user.name=migcheck tests", "-c", "user.email=tests@migcheck.invalid",
                             "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", "-c", "tag.gpgsign=false"] + arguments
        process.currentDirectoryURL = directory
        // Fixed dates make the commits, and so the reports, the same on every run.
        var environment = ProcessInfo.processInfo.environment
        environment["GIT_AUTHOR_DATE"] = "2026-01-15T10:00:00Z"
        environment["GIT_COMMITTER_DATE"] = "2026-01-15T10:00:00Z"
        process.environment = environment
        let out = Pipe()
        process.standardOutput = out
        process.standardError = Pipe()
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw NSError(domain: "git \(arguments.joined(separator: " "))", code: Int(process.terminationStatus)) }
        return String(decoding: data, as: UTF8.self)
    }

    func copy(_ fixture: String, to path: String, in repo: URL) throws {
        let target = repo.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? FileManager.default.removeItem(at: target)
        try FileManager.default.copyItem(at: Self.root.appendingPathComponent("Fixtures/check/" + fixture), to: target)
    }

    /// An empty git repository in the test's folder.
    func newRepository(_ name: String) throws -> URL {
        let repo = folder.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: repo, withIntermediateDirectories: true)
        try git(["init", "-q"], in: repo)
        return repo
    }

    /// Everything in the work tree, committed.
    func commitAll(_ message: String, in repo: URL) throws {
        try git(["add", "-A"], in: repo)
        try git(["commit", "-q", "-m", message], in: repo)
    }

    /// A branch from 1.0.3 holding 1.1.0's 0003 too, not yet committed.
    func branchWithCurrency(_ branch: String, in repo: URL) throws {
        try git(["checkout", "-q", "-b", branch, "1.0.3"], in: repo)
        try copy("shop/migrations/0003_order_currency.py", to: "shop/migrations/0003_order_currency.py", in: repo)
    }

    /// An app's package and its migrations package, both empty.
    func writeApp(_ app: String, in repo: URL) throws {
        try write("", to: "\(app)/__init__.py", in: repo)
        try write("", to: "\(app)/migrations/__init__.py", in: repo)
    }

    func write(_ text: String, to path: String, in repo: URL) throws {
        let target = repo.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: target)
    }

    static let released = ["manage.py", "pyproject.toml", "shop/__init__.py", "shop/migrations/__init__.py",
                           "shop/migrations/0001_initial.py", "shop/migrations/0002_product_stock.py"]
    static let added = ["shop/migrations/0003_order_currency.py", "shop/migrations/0004_remove_customer_fax.py",
                        "shop/migrations/0005_backfill_order_status.py", "shop/migrations/0006_order_created_index.py",
                        "shop/migrations/0007_coupon_and_total_check.py", "shop/migrations/0008_alter_product_sku.py",
                        "billing/__init__.py", "billing/migrations/__init__.py", "billing/migrations/0001_initial.py"]

    /// The shop at 1.0.3 and 1.1.0; 1.1.0 also reformats 0002 (a comment, same operations).
    func makeShop() throws -> URL {
        let repo = try newRepository("shop")
        for path in Self.released { try copy(path, to: path, in: repo) }
        try commitAll("Release 1.0.3", in: repo)
        try git(["tag", "1.0.3"], in: repo)
        for path in Self.added { try copy(path, to: path, in: repo) }
        let stock = try String(contentsOf: repo.appendingPathComponent("shop/migrations/0002_product_stock.py"), encoding: .utf8)
        try write(stock.replacingOccurrences(of: "    operations = [", with: "    # Stock is counted in units.\n    operations = ["),
                  to: "shop/migrations/0002_product_stock.py", in: repo)
        try commitAll("Release 1.1.0", in: repo)
        try git(["tag", "1.1.0"], in: repo)
        return repo
    }

    func json(_ arguments: [String]) throws -> (CommandLineTool.ExitStatus, [String: Any], String) {
        let (status, out, err) = run(arguments + ["--format", "json"])
        let doc = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any], "\(err)\n\(out)")
        return (status, doc, out)
    }

    /// A revision's migration files are the ones the walk of its work tree
    /// finds: the same names taken and passed over, non-ASCII ones included.
    func testRevisionListsTheFilesTheWorkTreeWalkFinds() throws {
        let repo = try newRepository("names")
        let paths = ["shop/migrations/0001_initial.py", "shop/migrations/__init__.py", "shop/migrations/.0002_hidden.py",
                     "shop/migrations/.py", "shop/migrations/notes.txt", "shop/migrations/0003_café.py", "shop/apps.py",
                     "node_modules/pkg/migrations/0001_x.py", ".venv/lib/app/migrations/0001_x.py", "deep/er/app/migrations/0002_y.py",
                     "app/migrations/sub/0001_z.py", "migrations/0001_top.py", "venv2/app/migrations/0001_w.py",
                     "dojo/db_migrations/0001_a.py", "dojo/db_migrations/__init__.py", "dojo/db_migrations/.0002_b.py",
                     "dojo/db_migrations/sub/0003_c.py", "other/db_migrations/0001_d.py"]
        for path in paths { try write("# \(path)\n", to: path, in: repo) }
        try commitAll("names", in: repo)
        let git = try GitRepository(directory: repo.path)
        let settings = "[tool.migcheck.migration-modules]\ndojo = \"dojo.db_migrations\"\n"
        // Paths from git are relative to the repository; those of the walk start with its folder.
        let inTree = try Configuration.parse(settings, file: "pyproject.toml", root: ".")
        let onDisk = try Configuration.parse(settings, file: "pyproject.toml", root: repo.path)
        let listed = RevisionReader.list(try git.tree(try git.commit("HEAD"), endingIn: [".py"]), inTree).files
        let walked = try onDisk.files(in: [repo.path])
        XCTAssertEqual(listed.map(\.0.path).sorted(), walked.map { String($0.path.dropFirst(repo.path.count + 1)) }.sorted())
        XCTAssertEqual(listed.map(\.0.path).sorted(), ["deep/er/app/migrations/0002_y.py", "dojo/db_migrations/0001_a.py", "migrations/0001_top.py",
                                                      "shop/migrations/0001_initial.py", "shop/migrations/0003_café.py", "venv2/app/migrations/0001_w.py"])
        XCTAssertEqual(listed.first { $0.0.path.hasPrefix("dojo/") }?.0.app, "dojo")
        XCTAssertEqual(walked.first { $0.path.contains("/dojo/") }?.app, "dojo")
    }

    /// Blobs read by several git processes at once come back whole, and as
    /// one process reads them. Each child must hold only its own pipes: one
    /// holding another's input would leave that one waiting for ever, so the
    /// reading runs under a watchdog.
    func testBlobsReadByConcurrentProcesses() throws {
        let repo = try newRepository("blobs")
        for k in 0..<300 { try write(String(repeating: "line \(k)\n", count: k % 40 + 1), to: "app/migrations/\(k).py", in: repo) }
        try commitAll("many files", in: repo)
        let git = try GitRepository(directory: repo.path)
        let ids = try git.tree(try git.commit("HEAD")).map(\.blob)
        XCTAssertEqual(ids.count, 300)
        let one = try git.blobs(ids, processes: 1)
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var several: [String: [UInt8]] = [:]
        Thread.detachNewThread {
            several = (try? git.blobs(ids, processes: 3)) ?? [:]
            done.signal()
        }
        XCTAssertEqual(done.wait(timeout: .now() + 60), .success, "concurrent git cat-file processes did not finish")
        XCTAssertEqual(one.count, 300)
        XCTAssertTrue(several == one, "\(several.count) blobs read by three processes differ from one process's \(one.count)")
        XCTAssertEqual(one[ids[0]].map { String(decoding: $0, as: UTF8.self) }, "line 0\n")
    }

    func testRangeBetweenTags() throws {
        let repo = try makeShop()
        let (status, doc, _) = try json(["-C", repo.path, "1.0.3..1.1.0"])
        XCTAssertEqual(status, .findings)
        let changes = try XCTUnwrap(doc["changes"] as? [[String: Any]])
        // Exactly what git diff calls added migration files.
        let diff = try git(["diff", "--name-only", "--diff-filter=A", "1.0.3", "1.1.0"], in: repo)
            .split(separator: "\n").filter { $0.contains("/migrations/0") }.map(String.init).sorted()
        XCTAssertEqual(changes.filter { $0["kind"] as? String == "added" }.compactMap { $0["path"] as? String }.sorted(), diff)
        XCTAssertEqual(changes.filter { $0["kind"] as? String == "edited-cosmetic" }.compactMap { $0["name"] as? String }, ["0002_product_stock"])
        let plan = try XCTUnwrap(doc["rollback_plan"] as? [[String: Any]])
        XCTAssertEqual(plan.compactMap { $0["command"] as? String },
                       ["python manage.py migrate billing zero", "python manage.py migrate shop 0002_product_stock"],
                       "billing depends on shop's new migrations, so it goes first; targets are 1.0.3's leaves")
        XCTAssertEqual((plan[1]["levels"] as? [String: String])?["revert"], "irreversible")
        XCTAssertTrue((plan[1]["warnings"] as? [String])?.contains { $0.contains("IrreversibleError") } ?? false)
        let codeOnly = try XCTUnwrap(doc["code_only_rollback"] as? [String: Any])
        XCTAssertEqual(codeOnly["works"] as? Bool, false)
        XCTAssertEqual(Set((codeOnly["breaking"] as? [[String: Any]])?.compactMap { $0["rule"] as? String } ?? []), ["MC401", "MC402"])
        XCTAssertEqual((doc["engine"] as? [String: Any])?["version"] as? Int, 16, "the configuration comes from 1.1.0's pyproject.toml")

        let (_, text, _) = run(["1.0.3..1.1.0", "-C", repo.path])
        try assertGolden(text, "range.txt")
        try assertGolden(run(["-C", repo.path, "1.0.3..1.1.0", "--format", "json"]).1, "range.json")
        XCTAssertTrue(text.hasPrefix("migcheck 1.0.3..1.1.0: 7 new migrations ("), text)
        XCTAssertTrue(text.contains("  added in billing: 0001_initial\n  added in shop: 0003_order_currency,"), text)
        XCTAssertTrue(text.contains("code-only rollback (1.0.3's code on 1.1.0's schema): breaks\n"), text)
        XCTAssertTrue(text.contains("  1. python manage.py migrate billing zero\n"), text)
        XCTAssertEqual(doc["warnings"] as? [String], [])

        // Given the wrong way round, it says which way a rollback is planned.
        let (_, backwards, _) = try json(["-C", repo.path, "1.1.0..1.0.3"])
        XCTAssertEqual((backwards["changes"] as? [[String: Any]])?.filter { $0["kind"] as? String == "deleted" }.count, 7)
        XCTAssertEqual((backwards["warnings"] as? [String])?.first?.hasPrefix(
            "1.0.3 is an ancestor of 1.1.0: this range goes back in history, so the migrations it shows as deleted are the ones a rollback from 1.1.0 to 1.0.3 must un-apply first; `migcheck 1.0.3..1.1.0`"), true,
            "\(backwards["warnings"] ?? "-")")
    }

    /// Django's loader imports every module of migrations/ but `_...` and
    /// `~...` ones: a non-migration file there with a syntax error new to
    /// the range, or without a Migration class (MC006), or a file whose git
    /// object is missing, fails it; one broken
    /// already at the older revision, or a `_helper`, does not. A file
    /// missing at the older revision only is new, with a warning.
    func testBrokenFilesInMigrationsFoldersFailTheRange() throws {
        let repo = try newRepository("broken")
        try writeApp("shop", in: repo)
        try write("from django.db import migrations\n\n\nclass Migration(migrations.Migration):\n    operations = []\n",
                  to: "shop/migrations/0001_initial.py", in: repo)
        try write("print 'Python 2'\n", to: "shop/migrations/legacy.py", in: repo)
        try commitAll("1.0", in: repo)
        try git(["tag", "1.0"], in: repo)
        try write("x = (\n", to: "shop/migrations/0002_notes.py", in: repo)
        try write("def draft(:\n", to: "shop/migrations/_draft.py", in: repo)
        // Valid, but no Migration class beside migrations: BadMigrationError, unless named _....
        try write("def backfill(apps, schema_editor):\n    pass\n", to: "shop/migrations/utils.py", in: repo)
        try write("def backfill(apps, schema_editor):\n    pass\n", to: "shop/migrations/_utils.py", in: repo)
        try commitAll("1.1", in: repo)
        try git(["tag", "1.1"], in: repo)
        let (status, doc, out) = try json(["-C", repo.path, "1.0..1.1"])
        XCTAssertEqual(status, .findings, out)
        let diagnostics = (doc["diagnostics"] as? [[String: Any]] ?? []).map { "\($0["path"] ?? "") \($0["code"] ?? "")" }
        XCTAssertEqual(diagnostics, ["shop/migrations/0002_notes.py MC001", "shop/migrations/utils.py MC006"])

        try write("from django.db import migrations\n\n\nclass Migration(migrations.Migration):\n"
                  + "    dependencies = [(\"shop\", \"0001_initial\")]\n    operations = []\n", to: "shop/migrations/0003_empty.py", in: repo)
        try commitAll("1.2", in: repo)
        try git(["tag", "1.2"], in: repo)
        let blob = try git(["rev-parse", "1.2:shop/migrations/0003_empty.py"], in: repo).trimmingCharacters(in: .whitespacesAndNewlines)
        try FileManager.default.removeItem(at: repo.appendingPathComponent(".git/objects/\(blob.prefix(2))/\(blob.dropFirst(2))"))
        let (missingStatus, missing, missingOut) = try json(["-C", repo.path, "1.1..1.2"])
        XCTAssertEqual(missingStatus, .findings, missingOut)
        let messages = (missing["diagnostics"] as? [[String: Any]] ?? []).compactMap { $0["message"] as? String }
        XCTAssertEqual(messages.count, 1, "\(messages)")
        XCTAssertTrue(messages.first?.hasPrefix("git object \(blob) is missing from the repository") ?? false, "\(messages)")
        // Missing at the older revision, the file's migration counts as new, and a warning says why.
        try write("# edited\n" + "from django.db import migrations\n\n\nclass Migration(migrations.Migration):\n"
                  + "    dependencies = [(\"shop\", \"0001_initial\")]\n    operations = []\n", to: "shop/migrations/0003_empty.py", in: repo)
        try commitAll("1.3", in: repo)
        try git(["tag", "1.3"], in: repo)
        let (_, older, olderOut) = try json(["-C", repo.path, "1.2..1.3"])
        XCTAssertEqual((older["changes"] as? [[String: Any]])?.compactMap { $0["kind"] as? String }, ["added"], olderOut)
        XCTAssertEqual((older["warnings"] as? [String])?.first?.hasPrefix("1.2's file shop/migrations/0003_empty.py could not be read"), true, olderOut)
    }

    /// An app's migrations deleted and made again without `replaces`: the
    /// new initial migration creates tables the older revision's databases
    /// have (MC314, an error, with --fake-initial for an initial one); a
    /// table dropped first by a new migration, or one of a proxy, is no
    /// clash; one that an earlier new migration made is, and says so.
    func testMigrationsMadeAgainRecreateTables() throws {
        let repo = try newRepository("reset")
        try writeApp("shop", in: repo)
        let header = "from django.db import migrations, models\n\n\nclass Migration(migrations.Migration):\n"
        func create(_ model: String, options: String = "") -> String {
            "        migrations.CreateModel(name=\"\(model)\", fields=[(\"id\", models.AutoField(primary_key=True))]\(options)),\n"
        }
        try write(header + "    initial = True\n    operations = [\n" + create("Product") + create("Basket") + create("Note") + "    ]\n",
                  to: "shop/migrations/0001_initial.py", in: repo)
        try commitAll("1.0", in: repo)
        try git(["tag", "1.0"], in: repo)
        try git(["rm", "-q", "shop/migrations/0001_initial.py"], in: repo)
        try write(header + "    initial = True\n    operations = [\n" + create("Product") + create("Basket", options: ", options={\"proxy\": True}") + "    ]\n",
                  to: "shop/migrations/0001_squashed.py", in: repo)
        try write(header + "    dependencies = [(\"shop\", \"0001_squashed\")]\n    operations = [\n        migrations.DeleteModel(\"Note\"),\n"
                  + create("Note") + "    ]\n", to: "shop/migrations/0002_note_again.py", in: repo)
        try write(header + "    dependencies = [(\"shop\", \"0002_note_again\")]\n    operations = [\n"
                  + create("Memo", options: ", options={\"db_table\": \"shop_note\"}") + "    ]\n", to: "shop/migrations/0003_memo.py", in: repo)
        try commitAll("2.0", in: repo)
        try git(["tag", "2.0"], in: repo)
        let (status, doc, out) = try json(["-C", repo.path, "1.0..2.0"])
        XCTAssertEqual(status, .findings, out)
        let recreated = (doc["diagnostics"] as? [[String: Any]] ?? []).filter { $0["code"] as? String == "MC314" }
        XCTAssertEqual(recreated.compactMap { $0["path"] as? String }, ["shop/migrations/0001_squashed.py", "shop/migrations/0003_memo.py"], out)
        XCTAssertEqual(recreated.first?["severity"] as? String, "error")
        XCTAssertEqual(recreated.first?["line"] as? Int, 7)
        let message = recreated.first?["message"] as? String ?? ""
        XCTAssertTrue(message.hasPrefix("shop.0001_squashed creates a table that databases at 1.0 already have (shop_product): `migrate` stops there with \"relation already exists\" unless it runs with --fake-initial"), message)
        XCTAssertTrue(message.contains("`manage.py migrate --fake shop 0001_squashed`"), message)
        // One made by another new migration earlier in migrate's order says so.
        XCTAssertEqual((recreated.last?["message"] as? String)?.hasPrefix("shop.0003_memo creates table shop_note, which shop.0002_note_again, also new, creates before it"), true, out)
    }

    /// New migrations of two apps that depend on each other: the first command
    /// un-applies both apps' (Django takes the dependents along), and no
    /// command is left that would do nothing. Two custom operations with the
    /// same finding make one warning that counts them.
    func testRollbackOfAppsWhoseNewMigrationsDependOnEachOther() throws {
        let repo = try newRepository("cycle")
        func migration(_ app: String, _ name: String, _ dependencies: [(String, String)], _ operations: String = "") throws {
            let deps = dependencies.map { "(\"\($0.0)\", \"\($0.1)\")" }.joined(separator: ", ")
            try write("""
                from django.db import migrations

                from core.operations import CreateSetting


                class Migration(migrations.Migration):
                    dependencies = [\(deps)]
                    operations = [\(operations)]

                """, to: "\(app)/migrations/\(name).py", in: repo)
        }
        try write("", to: "manage.py", in: repo)
        for app in ["forum", "attachments"] {
            try writeApp(app, in: repo)
            try migration(app, "0001_initial", [])
        }
        try commitAll("Release 1.0", in: repo)
        try git(["tag", "1.0"], in: repo)
        try migration("attachments", "0002_move", [("attachments", "0001_initial")])
        try migration("forum", "0002_settings", [("forum", "0001_initial"), ("attachments", "0002_move")],
                      "CreateSetting(\"polls\", True), CreateSetting(\"polls\", True)")
        try migration("attachments", "0003_link_forum", [("attachments", "0002_move"), ("forum", "0002_settings")])
        try commitAll("Release 1.1", in: repo)
        try git(["tag", "1.1"], in: repo)

        let (_, doc, _) = try json(["-C", repo.path, "1.0..1.1"])
        let plan = try XCTUnwrap(doc["rollback_plan"] as? [[String: Any]])
        XCTAssertEqual(plan.compactMap { $0["command"] as? String }, ["python manage.py migrate attachments 0001_initial"])
        XCTAssertEqual(plan.first?["unapplies"] as? [String],
                       ["attachments.0003_link_forum", "forum.0002_settings", "attachments.0002_move"])
        let warnings = try XCTUnwrap(plan.first?["warnings"] as? [String])
        XCTAssertEqual(warnings.filter { $0.contains("MC105") }.count, 1, "\(warnings)")
        XCTAssertTrue(warnings.contains { $0.hasPrefix("may fail at forum.0002_settings (MC105 custom-operation, 2 operations): ") }, "\(warnings)")
        let (_, text, _) = run(["-C", repo.path, "1.0..1.1"])
        XCTAssertFalse(text.contains("un-applies ;"), text)
        XCTAssertFalse(text.contains("  2. python manage.py migrate"), text)
    }

    /// A squash added beside the migrations it replaces: the graph stands the
    /// squash in for them, but their files are still there, not deleted.
    func testASquashBesideTheMigrationsItReplacesDeletesNothing() throws {
        let repo = try newRepository("squash")
        try write("", to: "manage.py", in: repo)
        try writeApp("media", in: repo)
        let initial = """
            from django.db import migrations, models


            class Migration(migrations.Migration):
                initial = True
                dependencies = []
                operations = [
                    migrations.CreateModel(name="File", fields=[("id", models.AutoField(primary_key=True, serialize=False))]),
                ]

            """
        try write(initial, to: "media/migrations/0001_initial.py", in: repo)
        try write("""
            from django.db import migrations, models


            class Migration(migrations.Migration):
                dependencies = [("media", "0001_initial")]
                operations = [
                    migrations.AddField(model_name="file", name="size", field=models.IntegerField(null=True)),
                ]

            """, to: "media/migrations/0002_file_size.py", in: repo)
        try commitAll("Release 1.0", in: repo)
        try git(["tag", "1.0"], in: repo)
        try write("""
            from django.db import migrations, models


            class Migration(migrations.Migration):
                replaces = [("media", "0001_initial"), ("media", "0002_file_size")]
                initial = True
                dependencies = []
                operations = [
                    migrations.CreateModel(name="File", fields=[
                        ("id", models.AutoField(primary_key=True, serialize=False)),
                        ("size", models.IntegerField(null=True)),
                    ]),
                ]

            """, to: "media/migrations/0001_squashed_0002_file_size.py", in: repo)
        try commitAll("Release 1.1", in: repo)
        try git(["tag", "1.1"], in: repo)

        let (_, doc, _) = try json(["-C", repo.path, "1.0..1.1"])
        let changes = try XCTUnwrap(doc["changes"] as? [[String: Any]])
        XCTAssertEqual(changes.compactMap { $0["kind"] as? String }, ["squash"], "\(changes)")
        XCTAssertEqual(changes.first?["name"] as? String, "0001_squashed_0002_file_size")
        let diagnostics = try XCTUnwrap(doc["diagnostics"] as? [[String: Any]])
        XCTAssertFalse(diagnostics.contains { $0["code"] as? String == "MC311" }, "\(diagnostics)")
        XCTAssertEqual((doc["rollback_plan"] as? [Any])?.count, 0)
        XCTAssertEqual((doc["migrations"] as? [Any])?.count, 0, "a squash of applied migrations runs nothing there")
        let (_, text, _) = run(["-C", repo.path, "1.0..1.1"])
        XCTAssertTrue(text.hasPrefix("migcheck 1.0..1.1: no new migrations"), text)
        XCTAssertTrue(text.contains("  squashes of migrations 1.0 has (they run nothing there): media.0001_squashed_0002_file_size\n"), text)

        // A squash that also takes in a new migration: a database at 1.0 applied
        // only some of what it replaces, so Django keeps the originals there and
        // runs the new one; the squash's own irreversible RunPython never runs.
        try write("""
            from django.db import migrations, models


            class Migration(migrations.Migration):
                dependencies = [("media", "0002_file_size")]
                operations = [
                    migrations.AddField(model_name="file", name="name", field=models.TextField(null=True)),
                ]

            """, to: "media/migrations/0003_file_name.py", in: repo)
        try write("""
            from django.db import migrations, models


            def fill(apps, schema_editor):
                pass


            class Migration(migrations.Migration):
                replaces = [("media", "0001_initial"), ("media", "0002_file_size"), ("media", "0003_file_name")]
                initial = True
                dependencies = []
                operations = [
                    migrations.CreateModel(name="File", fields=[
                        ("id", models.AutoField(primary_key=True, serialize=False)),
                        ("size", models.IntegerField(null=True)),
                        ("name", models.TextField(null=True)),
                    ]),
                    migrations.RunPython(fill),
                ]

            """, to: "media/migrations/0001_squashed_0003_file_name.py", in: repo)
        try git(["rm", "-q", "media/migrations/0001_squashed_0002_file_size.py"], in: repo)
        try commitAll("Release 1.2", in: repo)
        let (status, later, _) = try json(["-C", repo.path, "1.0..HEAD"])
        XCTAssertEqual((later["changes"] as? [[String: Any]])?.map { "\($0["kind"]!) \($0["name"]!)" },
                       ["squash 0001_squashed_0003_file_name", "added 0003_file_name"])
        XCTAssertEqual((later["migrations"] as? [[String: Any]])?.compactMap { $0["name"] as? String }, ["0003_file_name"])
        XCTAssertEqual((later["rollback_plan"] as? [[String: Any]])?.compactMap { $0["command"] as? String },
                       ["python manage.py migrate media 0002_file_size"])
        XCTAssertEqual((later["rollback_plan"] as? [[String: Any]])?.first?["unapplies"] as? [String], ["media.0003_file_name"])
        XCTAssertEqual(status, .success, "no MC101 from the squash's RunPython: it does not run on a database at 1.0")
    }

    func testBareCloneAndDirtyWorkTreeGiveTheSameAnswer() throws {
        let repo = try makeShop()
        let (_, _, expected) = try json(["-C", repo.path, "1.0.3..1.1.0"])
        try git(["clone", "-q", "--bare", repo.path, folder.appendingPathComponent("bare.git").path], in: folder)
        let (_, _, bare) = try json(["-C", folder.appendingPathComponent("bare.git").path, "1.0.3..1.1.0"])
        XCTAssertEqual(bare, expected)
        try write("# not committed\n", to: "shop/migrations/0009_wip.py", in: repo)
        try write("broken(", to: "shop/migrations/0003_order_currency.py", in: repo)
        let (_, _, dirty) = try json(["-C", repo.path, "1.0.3..1.1.0"])
        XCTAssertEqual(dirty, expected)
        XCTAssertEqual(try git(["status", "--porcelain"], in: repo).split(separator: "\n").count, 2, "the work tree is left as it was")
    }

    func testThreeDotsStartFromTheMergeBase() throws {
        let repo = try makeShop()
        try branchWithCurrency("feature", in: repo)
        try commitAll("Feature", in: repo)
        let (_, doc, _) = try json(["-C", repo.path, "main...feature"])
        let changes = try XCTUnwrap(doc["changes"] as? [[String: Any]])
        XCTAssertEqual(changes.compactMap { $0["name"] as? String }, ["0003_order_currency"])
        let (_, twoDots, _) = try json(["-C", repo.path, "main..feature"])
        XCTAssertEqual((twoDots["changes"] as? [[String: Any]])?.filter { $0["kind"] as? String == "deleted" }.count, 6,
                       "two dots compare the tips: main's other migrations look deleted")
    }

    func testRenamesDeletionsAndEditsOfReleasedMigrations() throws {
        let repo = try makeShop()
        try git(["mv", "shop/migrations/0008_alter_product_sku.py", "shop/migrations/0008_widen_sku.py"], in: repo)
        let initial = try String(contentsOf: repo.appendingPathComponent("shop/migrations/0001_initial.py"), encoding: .utf8)
        try write(initial.replacingOccurrences(of: "max_length=100", with: "max_length=120"), to: "shop/migrations/0001_initial.py", in: repo)
        let backfill = try String(contentsOf: repo.appendingPathComponent("shop/migrations/0005_backfill_order_status.py"), encoding: .utf8)
        try write(backfill.replacingOccurrences(of: "\"paid\" if", with: "\"settled\" if"), to: "shop/migrations/0005_backfill_order_status.py", in: repo)
        try git(["commit", "-q", "-am", "Rename a migration, edit released ones"], in: repo)
        let (_, doc, _) = try json(["-C", repo.path, "1.1.0..HEAD"])
        let kinds = (doc["changes"] as? [[String: Any]] ?? []).map { "\($0["kind"]!) \($0["name"]!)" }
        XCTAssertEqual(kinds, ["edited 0001_initial", "edited-code 0005_backfill_order_status", "renamed 0008_widen_sku"])
        let codes = (doc["diagnostics"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
        XCTAssertTrue(codes.contains("MC310") && codes.contains("MC312"), "\(codes)")
    }

    /// Django's last step of squashing: once a release has the squash beside
    /// its originals, the next deletes them and drops `replaces`. Databases at
    /// the first release recorded the squash as applied, so neither is a
    /// warning, the squash is not scored, and the tables it creates are old
    /// ones there: a new migration that drops one loses data.
    func testAFinishedSquashDeletesItsOriginalsSafely() throws {
        let repo = try newRepository("finished")
        try writeApp("media", in: repo)
        func migration(_ name: String, replaces: String = "", dependencies: String, _ operations: String) throws {
            try write("""
                from django.db import migrations, models


                class Migration(migrations.Migration):
                \(replaces.isEmpty ? "" : "    replaces = [\(replaces)]\n")    dependencies = [\(dependencies)]
                    operations = [
                        \(operations)
                    ]

                """, to: "media/migrations/\(name).py", in: repo)
        }
        let album = #"migrations.CreateModel(name="Album", fields=[("id", models.AutoField(primary_key=True, serialize=False))]),"#
        let cover = #"migrations.AddField(model_name="album", name="cover", field=models.TextField(null=True)),"#
        try migration("0001_initial", dependencies: "", album)
        try migration("0002_album_cover", dependencies: #"("media", "0001_initial")"#, cover)
        try migration("0001_squashed_0002_album_cover", replaces: #"("media", "0001_initial"), ("media", "0002_album_cover")"#,
                      dependencies: "", album + "\n        " + cover)
        try commitAll("Release 2.0", in: repo)
        try git(["tag", "2.0"], in: repo)
        try git(["rm", "-q", "media/migrations/0001_initial.py", "media/migrations/0002_album_cover.py"], in: repo)
        try migration("0001_squashed_0002_album_cover", dependencies: "", album + "\n        " + cover)
        try migration("0003_delete_album", dependencies: #"("media", "0001_squashed_0002_album_cover")"#,
                      #"migrations.DeleteModel(name="Album"),"#)
        try commitAll("Release 2.1", in: repo)
        let (_, doc, _) = try json(["-C", repo.path, "2.0..HEAD"])
        XCTAssertEqual((doc["changes"] as? [[String: Any]])?.map { "\($0["kind"]!) \($0["name"]!)" },
                       ["squash-finished 0001_squashed_0002_album_cover", "added 0003_delete_album",
                        "deleted-replaced 0001_initial", "deleted-replaced 0002_album_cover"])
        let codes = (doc["diagnostics"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
        XCTAssertFalse(codes.contains("MC310") || codes.contains("MC311"), "\(codes)")
        let verdicts = try XCTUnwrap(doc["migrations"] as? [[String: Any]])
        XCTAssertEqual(verdicts.compactMap { $0["name"] as? String }, ["0003_delete_album"])
        let rules = (verdicts.first?["findings"] as? [[String: Any]] ?? []).compactMap { $0["rule"] as? String }
        XCTAssertTrue(rules.contains("MC108"), "the album table holds 2.0's rows: \(rules)")
        let (_, text, _) = run(["-C", repo.path, "2.0..HEAD"])
        XCTAssertTrue(text.contains("  squashes finished (`replaces` dropped, originals deleted; applied at 2.0): media.0001_squashed_0002_album_cover\n"), text)
        XCTAssertTrue(text.contains("  deleted, replaced by a squash applied at 2.0: media: 2 (0001_initial ... 0002_album_cover)\n"), text)

        // Had the squash changed what it does, it would be an edit of a released migration.
        try migration("0001_squashed_0002_album_cover", dependencies: "", album)
        try commitAll("Squash edited", in: repo)
        let (_, edited, _) = try json(["-C", repo.path, "2.0..HEAD"])
        XCTAssertEqual((edited["changes"] as? [[String: Any]])?.first?["kind"] as? String, "edited")
        // It never runs on a database at 2.0, which applied it: it is not
        // scored, and the tables it creates exist there.
        XCTAssertEqual((edited["migrations"] as? [[String: Any]])?.compactMap { $0["name"] as? String }, ["0003_delete_album"])
        let dropped = (edited["migrations"] as? [[String: Any]])?.first { $0["name"] as? String == "0003_delete_album" }
        XCTAssertTrue((dropped?["findings"] as? [[String: Any]] ?? []).contains { $0["rule"] as? String == "MC108" }, "\(String(describing: dropped))")
    }

    /// Dependencies added to released migrations: harmless when the new
    /// dependency was released too (only the order on new databases changes),
    /// fatal when it is new, since databases that applied the edited migration
    /// lack it and Django's consistency check stops `migrate`.
    func testDependenciesAddedToReleasedMigrations() throws {
        let repo = try makeShop()
        func addDependency(_ dependency: String, to path: String) throws {
            let text = try String(contentsOf: repo.appendingPathComponent(path), encoding: .utf8)
            try write(text.replacingOccurrences(of: "    dependencies = [\n", with: "    dependencies = [\n        \(dependency),\n"), to: path, in: repo)
        }
        try writeApp("audit", in: repo)
        try write("""
            from django.db import migrations, models


            class Migration(migrations.Migration):
                initial = True
                dependencies = []
                operations = [
                    migrations.CreateModel(name="Entry", fields=[("id", models.BigAutoField(primary_key=True, serialize=False))]),
                ]

            """, to: "audit/migrations/0001_initial.py", in: repo)
        try addDependency("(\"audit\", \"0001_initial\")", to: "shop/migrations/0002_product_stock.py")
        try addDependency("(\"shop\", \"0002_product_stock\")", to: "shop/migrations/0004_remove_customer_fax.py")
        try commitAll("Order the audit app first", in: repo)
        let (status, doc, _) = try json(["-C", repo.path, "1.1.0..HEAD"])
        let kinds = (doc["changes"] as? [[String: Any]] ?? []).map { "\($0["kind"]!) \($0["app"]!).\($0["name"]!)" }
        XCTAssertEqual(kinds, ["added audit.0001_initial", "edited-dependencies shop.0002_product_stock",
                               "edited-dependencies shop.0004_remove_customer_fax"])
        let diagnostics = (doc["diagnostics"] as? [[String: Any]] ?? []).filter { $0["code"] as? String == "MC313" }
        XCTAssertEqual(diagnostics.compactMap { $0["path"] as? String }, ["shop/migrations/0002_product_stock.py"], "\(doc["diagnostics"]!)")
        XCTAssertEqual(diagnostics.first?["severity"] as? String, "error")
        XCTAssertTrue((diagnostics.first?["message"] as? String)?.contains("InconsistentMigrationHistory") ?? false)
        XCTAssertFalse((doc["diagnostics"] as? [[String: Any]] ?? []).contains { $0["code"] as? String == "MC310" }, "dependencies only")
        XCTAssertNotEqual(status, .success)
        let (_, text, _) = run(["-C", repo.path, "1.1.0..HEAD"])
        XCTAssertTrue(text.contains("  dependencies edited (the order on new databases): shop.0002_product_stock, shop.0004_remove_customer_fax\n"), text)
    }

    /// Django's consistency check looks at every parent in the graph: a new
    /// migration whose run_before names a released one breaks it too, and a
    /// new squash of released migrations does not (it counts as applied).
    func testConsistencyOfReleasedMigrationsWithNewParents() throws {
        let repo = try makeShop()
        try writeApp("audit", in: repo)
        try write("""
            from django.db import migrations


            class Migration(migrations.Migration):
                initial = True
                dependencies = []
                run_before = [("shop", "0002_product_stock")]
                operations = []

            """, to: "audit/migrations/0001_initial.py", in: repo)
        try write("""
            from django.db import migrations


            class Migration(migrations.Migration):
                replaces = [("billing", "0001_initial")]
                dependencies = [("shop", "0007_coupon_and_total_check")]
                operations = []

            """, to: "billing/migrations/0001_squashed_0001_initial.py", in: repo)
        let stock = try String(contentsOf: repo.appendingPathComponent("shop/migrations/0008_alter_product_sku.py"), encoding: .utf8)
        try write(stock.replacingOccurrences(of: "    dependencies = [\n", with: "    dependencies = [\n        (\"billing\", \"0001_squashed_0001_initial\"),\n"),
                  to: "shop/migrations/0008_alter_product_sku.py", in: repo)
        try commitAll("An audit app that runs first, and a squash", in: repo)
        let (_, doc, _) = try json(["-C", repo.path, "1.1.0..HEAD"])
        let kinds = (doc["changes"] as? [[String: Any]] ?? []).map { "\($0["kind"]!) \($0["app"]!).\($0["name"]!)" }
        XCTAssertEqual(kinds, ["added audit.0001_initial", "squash billing.0001_squashed_0001_initial",
                               "edited-dependencies shop.0008_alter_product_sku"])
        let inconsistent = (doc["diagnostics"] as? [[String: Any]] ?? []).filter { $0["code"] as? String == "MC313" }
        XCTAssertEqual(inconsistent.compactMap { $0["path"] as? String }, ["shop/migrations/0002_product_stock.py"], "\(inconsistent)")
    }

    func testAPatchReleaseThatAddsMigrationsIsFlagged() throws {
        let repo = try makeShop()
        try branchWithCurrency("release-1.0", in: repo)
        try write("""
            [tool.migcheck]
            migrate-command = "python3 manage.py migrate {app} {target} --noinput"
            [tool.migcheck.migrate-commands]
            shop = "python3 manage.py migrate_shop {target}"
            """, to: "pyproject.toml", in: repo)
        try commitAll("Hotfix", in: repo)
        try git(["tag", "1.0.4"], in: repo)
        let (_, doc, _) = try json(["-C", repo.path, "1.0.3..1.0.4"])
        XCTAssertTrue((doc["warnings"] as? [String])?.first?.contains("bug-fix release") ?? false, "\(doc["warnings"] ?? "")")
        XCTAssertEqual((doc["rollback_plan"] as? [[String: Any]])?.first?["command"] as? String, "python3 manage.py migrate_shop 0002_product_stock")
    }

    func testRevisionErrors() throws {
        let repo = try makeShop()
        var (status, _, err) = run(["-C", repo.path, "1.0..1.1.0"])
        XCTAssertEqual(status, .usage)
        XCTAssertTrue(err.contains("unknown revision '1.0'; close tags: 1.0.3"), err)
        (status, _, err) = run(["-C", repo.path, "--upload-pack=touch..1.1.0"])
        XCTAssertEqual(status, .usage)
        (status, _, err) = run(["range", "-C", repo.path, "--", "-x..1.1.0"])
        XCTAssertEqual(status, .usage)
        XCTAssertTrue(err.contains("cannot start with '-'"), err)
        (status, _, err) = run(["-C", folder.path, "1.0.3..1.1.0"])
        XCTAssertEqual(status, .usage)
        XCTAssertTrue(err.contains("is not in a git repository"), err)
        let shallow = folder.appendingPathComponent("shallow")
        try git(["clone", "-q", "--depth", "1", "--no-tags", "file://" + repo.path, shallow.path], in: folder)
        (status, _, err) = run(["-C", shallow.path, "1.0.3..HEAD"])
        XCTAssertEqual(status, .usage)
        XCTAssertTrue(err.contains("shallow clone") && err.contains("git fetch"), err)
    }

    func testRevertOfAReleasedCommitWithDependents() throws {
        let repo = try makeShop()
        // Released and nothing depends on them yet: un-apply first, or write a forward migration.
        // -C goes before the command's name too, as git takes it.
        var (status, doc, _) = try json(["-C", repo.path, "revert", "1.1.0"])
        XCTAssertEqual(status, .findings)
        XCTAssertEqual((doc["removed"] as? [[String: Any]])?.count, 7)
        XCTAssertEqual(doc["released_in"] as? [String], ["1.1.0"])
        XCTAssertEqual((doc["unapply"] as? [[String: Any]])?.compactMap { $0["command"] as? String },
                       ["python manage.py migrate billing zero", "python manage.py migrate shop 0002_product_stock"])
        // A later migration depends on them: reverting the files would break the graph.
        try write("""
            from django.db import migrations


            class Migration(migrations.Migration):
                dependencies = [("shop", "0008_alter_product_sku")]
                operations = []
            """, to: "shop/migrations/0009_later.py", in: repo)
        try commitAll("Later work", in: repo)
        (status, doc, _) = try json(["revert", "-C", repo.path, "1.1.0"])
        XCTAssertEqual(doc["dependents"] as? [String], ["shop.0009_later"])
        XCTAssertTrue((doc["procedure"] as? [String])?.first?.hasPrefix("do not revert the migrations") ?? false)
        XCTAssertEqual((doc["unapply"] as? [[String: Any]])?.count, 0)
        // A commit without migrations reverts freely.
        try write("print('hello')\n", to: "tools/hello.py", in: repo)
        try commitAll("A script", in: repo)
        (status, doc, _) = try json(["revert", "-C", repo.path, "HEAD"])
        XCTAssertEqual(status, .success)
        XCTAssertEqual((doc["removed"] as? [[String: Any]])?.count, 0)
        // A range of commits is named as given.
        (_, doc, _) = try json(["revert", "-C", repo.path, "1.0.3..1.1.0"])
        XCTAssertEqual(doc["revision"] as? String, "1.0.3..1.1.0")
        XCTAssertEqual((doc["removed"] as? [[String: Any]])?.count, 7)
    }

    func testBackportFindsMigrationsMissingOrDifferentOnTheOtherBranch() throws {
        let repo = try makeShop()
        try branchWithCurrency("release-1.0", in: repo)
        try commitAll("Backport 0003", in: repo)
        XCTAssertEqual(run(["backport", "-C", repo.path, "release-1.0", "main"]).0, .success, "0003 is on main unchanged")
        let currency = try String(contentsOf: repo.appendingPathComponent("shop/migrations/0003_order_currency.py"), encoding: .utf8)
        try write(currency.replacingOccurrences(of: "max_length=3", with: "max_length=5"), to: "shop/migrations/0003_order_currency.py", in: repo)
        try git(["commit", "-q", "-am", "Diverge"], in: repo)
        let (status, doc, _) = try json(["backport", "-C", repo.path, "release-1.0", "main"])
        XCTAssertEqual(status, .findings)
        XCTAssertEqual(doc["different"] as? [String], ["shop.0003_order_currency"])
        XCTAssertEqual(run(["-C", repo.path, "backport", "release-1.0", "main"]).0, .findings)
        // The same contents under another name: databases migrated on main would run it again.
        try git(["checkout", "-q", "-b", "renumbered", "main"], in: repo)
        try git(["mv", "shop/migrations/0008_alter_product_sku.py", "shop/migrations/0009_alter_product_sku.py"], in: repo)
        try commitAll("Renumber 0008", in: repo)
        let (renamedStatus, renamedDoc, _) = try json(["backport", "-C", repo.path, "main", "renumbered"])
        XCTAssertEqual(renamedStatus, .findings)
        XCTAssertEqual(renamedDoc["renamed"] as? [[String: String]], [["main": "shop.0008_alter_product_sku", "renumbered": "shop.0009_alter_product_sku"]])
        XCTAssertEqual(renamedDoc["only_in_renumbered"] as? [String], [])
        XCTAssertTrue(run(["backport", "-C", repo.path, "main", "renumbered"]).1.contains("shop.0008_alter_product_sku -> 0009_alter_product_sku"))
        // A migration on both that depends, on the second branch, on one the first lacks.
        try git(["checkout", "-q", "-b", "rewired", "main"], in: repo)
        try write("from django.db import migrations\n\n\nclass Migration(migrations.Migration):\n"
                  + "    dependencies = [(\"billing\", \"0001_initial\")]\n    operations = []\n", to: "billing/migrations/0002_notes.py", in: repo)
        let sku = try String(contentsOf: repo.appendingPathComponent("shop/migrations/0008_alter_product_sku.py"), encoding: .utf8)
        try write(sku.replacingOccurrences(of: "dependencies = [", with: "dependencies = [(\"billing\", \"0002_notes\"), "),
                  to: "shop/migrations/0008_alter_product_sku.py", in: repo)
        try commitAll("Rewire 0008", in: repo)
        let (rewiredStatus, rewired, _) = try json(["backport", "-C", repo.path, "main", "rewired"])
        XCTAssertEqual(rewiredStatus, .findings)
        let inconsistent = rewired["inconsistent"] as? [String] ?? []
        XCTAssertEqual(inconsistent.count, 1)
        XCTAssertTrue(inconsistent.first?.hasPrefix("shop.0008_alter_product_sku now depends on billing.0002_notes, which main did not have") ?? false, "\(inconsistent)")
        let (misplaced, _, err) = run(["-C", repo.path, "check", "shop/migrations/0003_order_currency.py"])
        XCTAssertEqual(misplaced, .usage)
        XCTAssertTrue(err.contains("names the repository of the git modes"), err)
    }

    func testAProjectInASubfolderKeepsItsConfigurationThere() throws {
        let repo = try newRepository("mono")
        try write("# the frontend lives beside it\n", to: "frontend/README.md", in: repo)
        for path in Self.released { try copy(path, to: "backend/" + path, in: repo) }
        try write("""
            [tool.migcheck]
            engine-version = 12
            migrate-command = "python backend/manage.py migrate {app} {target}"
            [tool.migcheck.app-labels]
            "billing" = "invoicing"
            """, to: "backend/pyproject.toml", in: repo)
        try commitAll("1.0.3", in: repo)
        try git(["tag", "1.0.3"], in: repo)
        for path in Self.added { try copy(path, to: "backend/" + path, in: repo) }
        try commitAll("1.1.0", in: repo)
        let (_, doc, _) = try json(["-C", repo.path, "1.0.3..HEAD"])
        XCTAssertEqual((doc["engine"] as? [String: Any])?["version"] as? Int, 12)
        XCTAssertEqual((doc["rollback_plan"] as? [[String: Any]])?.compactMap { $0["command"] as? String },
                       ["python backend/manage.py migrate invoicing zero", "python backend/manage.py migrate shop 0002_product_stock"])
    }

    /// MIGRATION_MODULES moved shop's migrations to `shop/db_migrations`; the
    /// old folder still holds a copy of 0001 that Django no longer reads.
    /// A data migration whose function lives in a module of the project is
    /// judged on that function, read from the revision's tree (range) or from
    /// disk (check), as one defined in the migration would be.
    func testRunPythonCodeImportedFromTheProjectIsRead() throws {
        let repo = try newRepository("imported")
        try writeApp("shop", in: repo)
        try write("""
            from django.db import migrations, models


            class Migration(migrations.Migration):
                initial = True
                operations = [
                    migrations.CreateModel(name="Product", fields=[("id", models.AutoField(primary_key=True)), ("slug", models.SlugField(null=True))]),
                ]

            """, to: "shop/migrations/0001_initial.py", in: repo)
        try commitAll("Release 1.0", in: repo)
        try git(["tag", "1.0"], in: repo)
        try write("""
            def slug(product):
                return str(product.pk)


            def backfill_slugs(apps, schema_editor):
                Product = apps.get_model("shop", "Product")
                for product in Product.objects.all():
                    product.slug = slug(product)
                    product.save(update_fields=["slug"])

            """, to: "shop/migration_utils.py", in: repo)
        // A package that re-exports a loop from a module of its own.
        try write("from .slugs import refill as fill\n", to: "shop/helpers/__init__.py", in: repo)
        try write("""
            def refill(apps, schema_editor):
                apps.get_model("shop", "Product").objects.update(slug=None)

            """, to: "shop/helpers/slugs.py", in: repo)
        try write("""
            from django.db import migrations

            from shop.migration_utils import backfill_slugs
            from ..migration_utils import backfill_slugs as again
            from shop.helpers import fill


            class Migration(migrations.Migration):
                dependencies = [("shop", "0001_initial")]
                operations = [
                    migrations.RunPython(backfill_slugs, migrations.RunPython.noop),
                    migrations.RunPython(again, migrations.RunPython.noop),
                    migrations.RunPython(fill, migrations.RunPython.noop),
                ]

            """, to: "shop/migrations/0002_backfill_slugs.py", in: repo)
        try commitAll("Release 1.1", in: repo)
        try git(["tag", "1.1"], in: repo)
        func loops(_ doc: [String: Any]) -> [Int] {
            ((doc["migrations"] as? [[String: Any]])?.first?["findings"] as? [[String: Any]] ?? [])
                .filter { $0["rule"] as? String == "MC502" }.compactMap { $0["line"] as? Int }
        }
        let (_, range, _) = try json(["-C", repo.path, "1.0..1.1"])
        XCTAssertEqual(loops(range), [11, 12, 13], "every import names a module's loop")
        let messages = ((range["migrations"] as? [[String: Any]])?.first?["findings"] as? [[String: Any]] ?? []).compactMap { $0["message"] as? String }
        XCTAssertTrue(messages.contains { $0.hasPrefix("RunPython(backfill_slugs) (from shop/migration_utils.py:5) in 0002_backfill_slugs goes over") }, "\(messages)")
        XCTAssertTrue(messages.contains { $0.hasPrefix("RunPython(fill) (from shop/helpers/slugs.py:1) in") }, "\(messages)")
        let migration = repo.appendingPathComponent("shop/migrations/0002_backfill_slugs.py").path
        let (_, checked, _) = try json(["check", "--fail-on", "never", "--project", repo.path, migration])
        XCTAssertEqual(loops(checked), [11, 12, 13])
        try FileManager.default.removeItem(at: repo.appendingPathComponent("shop/migration_utils.py"))
        try FileManager.default.removeItem(at: repo.appendingPathComponent("shop/helpers/slugs.py"))
        let (_, unread, _) = try json(["check", "--fail-on", "never", "--project", repo.path, migration])
        XCTAssertEqual(loops(unread), [], "without the modules, the code is not known")
    }

    /// A finished squash that also writes out the user model its relation
    /// named through AUTH_USER_MODEL is still only finished.
    func testAFinishedSquashComparesThroughTheSwappableSettings() throws {
        func squash(replaces: String, to target: String) throws -> Migration {
            let text = """
                from django.conf import settings
                from django.db import migrations, models


                class Migration(migrations.Migration):
                    replaces = [\(replaces)]
                    operations = [
                        migrations.AddField("album", "owner", models.ForeignKey(on_delete=models.CASCADE, to=\(target))),
                    ]
                """
            let path = "media/migrations/0001_squashed_0002_album_owner.py"
            return try XCTUnwrap(MigrationExtractor.extract(path: path, app: "media", name: "0001_squashed_0002_album_owner",
                                                            module: Parser.parse(text)).migration)
        }
        let old = try squash(replaces: #"("media", "0001_initial"), ("media", "0002_album_owner")"#, to: "settings.AUTH_USER_MODEL")
        let new = try squash(replaces: "", to: #""accounts.User""#)
        XCTAssertTrue(RangeAnalysis.isFinishedSquash(old, new, newer: [:], swappable: ["settings.AUTH_USER_MODEL": "accounts.User"]))
        XCTAssertFalse(RangeAnalysis.isFinishedSquash(old, new, newer: [:], swappable: MigrationGraph.defaultSwappableModels))
    }

    func testMigrationModulesFromTheRevisionsConfiguration() throws {
        let repo = try newRepository("modules")
        for path in Self.released {
            try copy(path, to: path.replacingOccurrences(of: "shop/migrations/", with: "shop/db_migrations/"), in: repo)
        }
        try copy("shop/migrations/0001_initial.py", to: "shop/migrations/0001_initial.py", in: repo)
        try write("""
            [tool.migcheck.migration-modules]
            shop = "shop.db_migrations"
            """, to: "pyproject.toml", in: repo)
        try commitAll("1.0.3", in: repo)
        try git(["tag", "1.0.3"], in: repo)
        for path in ["shop/migrations/0003_order_currency.py", "shop/migrations/0004_remove_customer_fax.py"] {
            try copy(path, to: path.replacingOccurrences(of: "shop/migrations/", with: "shop/db_migrations/"), in: repo)
        }
        try commitAll("1.1.0", in: repo)
        let (status, doc, err) = try json(["-C", repo.path, "1.0.3..HEAD"])
        XCTAssertEqual(status, .findings, err)
        let changes = try XCTUnwrap(doc["changes"] as? [[String: Any]])
        XCTAssertEqual(changes.map { "\($0["kind"] ?? "-") \($0["app"] ?? "-").\($0["name"] ?? "-") \($0["path"] ?? "-")" },
                       ["added shop.0003_order_currency shop/db_migrations/0003_order_currency.py",
                        "added shop.0004_remove_customer_fax shop/db_migrations/0004_remove_customer_fax.py"])
        XCTAssertEqual((doc["rollback_plan"] as? [[String: Any]])?.compactMap { $0["command"] as? String },
                       ["python manage.py migrate shop 0002_product_stock"])
        // Without it in the newer revision (whose configuration reads both), shop's migrations are the stale copy in
        // both revisions; --config from elsewhere brings them back.
        try git(["rm", "-q", "pyproject.toml"], in: repo)
        try commitAll("settings move", in: repo)
        let (_, without, _) = try json(["-C", repo.path, "1.0.3..HEAD"])
        XCTAssertEqual((without["changes"] as? [[String: Any]])?.compactMap { $0["kind"] as? String }, [])
        let outside = folder.appendingPathComponent("modules.toml")
        try Data("[tool.migcheck.migration-modules]\nshop = \"shop/db_migrations\"\n".utf8).write(to: outside)
        let (_, given, _) = try json(["-C", repo.path, "--config", outside.path, "1.0.3..HEAD"])
        XCTAssertEqual((given["changes"] as? [[String: Any]])?.count, 2)
        try Data("[tool.migcheck.migration-modules]\nshop = \"shop/db_migration\"\n".utf8).write(to: outside)
        let (misspelt, _, message) = run(["-C", repo.path, "--config", outside.path, "1.0.3..HEAD"])
        XCTAssertEqual(misspelt, .usage)
        XCTAssertTrue(message.contains("key 'migration-modules.shop': no migrations folder shop/db_migration for shop"), message)
        XCTAssertEqual((given["rollback_plan"] as? [[String: Any]])?.compactMap { $0["command"] as? String },
                       ["python manage.py migrate shop 0002_product_stock"])
    }

    /// A new migration that must run before one of Django's own (`auth`):
    /// rolling it back un-applies that one first, and the plan says so.
    func testRollbackPlanWarnsOfRunBeforeIntoAnotherApp() throws {
        let repo = try makeShop()
        try write("""
            from django.db import migrations, models


            class Migration(migrations.Migration):
                dependencies = [("shop", "0008_alter_product_sku")]
                run_before = [("auth", "0012_alter_user_first_name_max_length")]
                operations = [migrations.AddField("order", "note", models.TextField(null=True))]
            """, to: "shop/migrations/0009_order_note.py", in: repo)
        try commitAll("0009 runs before auth.0012", in: repo)
        let (_, doc, _) = try json(["-C", repo.path, "1.0.3..HEAD"])
        let shop = try XCTUnwrap((doc["rollback_plan"] as? [[String: Any]])?.first { $0["app"] as? String == "shop" })
        let warnings = try XCTUnwrap(shop["warnings"] as? [String])
        XCTAssertTrue(warnings.contains { $0.hasPrefix("un-applying shop.0009_order_note first un-applies auth.0012_alter_user_first_name_max_length") }, "\(warnings)")
        XCTAssertEqual(warnings.filter { $0.contains("run_before") }.count, 1)
    }

    /// Each revision's labels come from its own app modules, `__init__.py` included (read from git, not the work tree).
    func testLabelsFromTheRevisionsPackages() throws {
        let repo = try makeShop()
        try write("""
            from django.apps import AppConfig


            class BillingConfig(AppConfig):
                name = "project.billing"
                label = "invoicing"


            default_app_config = "project.billing.BillingConfig"
            """, to: "billing/__init__.py", in: repo)
        try commitAll("billing names its label", in: repo)
        try write("", to: "billing/__init__.py", in: repo)
        let (_, doc, _) = try json(["-C", repo.path, "1.0.3..HEAD"])
        XCTAssertEqual((doc["rollback_plan"] as? [[String: Any]])?.compactMap { $0["command"] as? String },
                       ["python manage.py migrate invoicing zero", "python manage.py migrate shop 0002_product_stock"])
    }
}
