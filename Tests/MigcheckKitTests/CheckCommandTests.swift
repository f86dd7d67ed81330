import Foundation
import XCTest
@testable import MigcheckKit
import MigcheckModel
@testable import MigcheckRules

final class CheckCommandTests: CommandTestCase {
    /// The new release of the fixture shop: 0003 onwards, and the billing app.
    static let release = ["0003_order_currency", "0004_remove_customer_fax", "0005_backfill_order_status",
                          "0006_order_created_index", "0007_coupon_and_total_check", "0008_alter_product_sku"]
        .map { "Fixtures/check/shop/migrations/\($0).py" } + ["Fixtures/check/billing"]

    /// Paths are made absolute by name: `.`, `..` and repeated slashes.
    func testAbsolutePaths() {
        let cwd = "/home/dev/shop"
        for (path, expected) in [("a/b.py", "/home/dev/shop/a/b.py"), ("./a//b/../c/", "/home/dev/shop/a/c"), (".", cwd),
                                 ("..", "/home/dev"), ("/x/../../y", "/y"), ("/", "/"), ("../../../..", "/"),
                                 ("caf\u{E9}/.../migrations", "/home/dev/shop/caf\u{E9}/.../migrations")] {
            XCTAssertEqual(CheckCommand.absolute(path, cwd), expected, path)
        }
    }

    /// `check` hands what it built to the console once the report is out; the
    /// executable's console keeps such values alive until the process exits.
    func testBuiltValuesAreLeftForTheProcessExit() throws {
        final class Box: Sendable {}
        weak var kept: Box?
        do {
            let box = Box()
            kept = box
            Console.standard.keepUntilExit(box)
        }
        XCTAssertNotNil(kept, "the standard console freed what it was to keep")
        weak var dropped: Box?
        do {
            let box = Box()
            dropped = box
            Console(write: { _ in }, error: { _ in }).keepUntilExit(box)
        }
        XCTAssertNil(dropped, "a console made in-process must not keep values")

        final class Handed: @unchecked Sendable { var values: [any Sendable] = [] }
        let handed = Handed()
        let console = Console(write: { _ in }, error: { _ in }, keepUntilExit: { handed.values.append($0) })
        let previous = FileManager.default.currentDirectoryPath
        _ = FileManager.default.changeCurrentDirectoryPath(Self.root.path)
        defer { _ = FileManager.default.changeCurrentDirectoryPath(previous) }
        XCTAssertEqual(CommandLineTool.run(["check"] + Self.release, console: console), .findings)
        XCTAssertEqual(handed.values.count, 1)
    }

    /// The source line shown under a finding: LF and CR LF ends, a last line
    /// without one, lines past the end, an empty file.
    func testSourceLines() {
        var report = CheckReport(result: CheckResult(verdicts: [], diagnostics: [], levels: Levels()), target: DatabaseTarget(), threshold: .standard)
        report.sources = ["a.py": Array("one\ntwo\r\n\nfour".utf8), "b.py": Array("x\n".utf8), "e.py": []]
        XCTAssertEqual((0...6).map { report.sourceLine("a.py", $0) }, [nil, "one", "two", "", "four", nil, nil])
        XCTAssertEqual((1...3).map { report.sourceLine("b.py", $0) }, ["x", "", nil])
        XCTAssertEqual((1...2).map { report.sourceLine("e.py", $0) }, ["", nil])
        XCTAssertNil(report.sourceLine("missing.py", 1))
    }

    func testTextReportMatchesGolden() throws {
        let (status, out, err) = run(["check"] + Self.release)
        XCTAssertEqual(err, "")
        XCTAssertEqual(status, .findings)
        try assertGolden(out, "check.txt")
    }

    func testJSONReportParsesBackWithLevelsCommandsAndSuppression() throws {
        let (status, out, _) = run(["check", "--format", "json"] + Self.release)
        XCTAssertEqual(status, .findings)
        try assertGolden(out, "check.json")
        let doc = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
        XCTAssertEqual(doc["failed"] as? Bool, true)
        XCTAssertEqual(doc["levels"] as? [String: String], ["revert": "irreversible", "maintenance": "required"])
        XCTAssertEqual((doc["engine"] as? [String: Any])?["version"] as? Int, 16, "engine-version comes from the fixture's pyproject.toml")
        let commands = try XCTUnwrap(doc["revert_commands"] as? [[String: String]])
        XCTAssertEqual(commands.map { $0["command"] }, ["python manage.py migrate billing zero", "python manage.py migrate shop 0002_product_stock"])
        let migrations = try XCTUnwrap(doc["migrations"] as? [[String: Any]])
        XCTAssertEqual(migrations.count, 7)
        func findings(_ name: String) -> [[String: Any]] {
            (migrations.first { $0["name"] as? String == name }?["findings"] as? [[String: Any]]) ?? []
        }
        XCTAssertEqual(findings("0004_remove_customer_fax").compactMap { $0["rule"] as? String }, ["MC106", "MC107", "MC402"])
        XCTAssertEqual(findings("0005_backfill_order_status").first?["rule"] as? String, "MC101")
        let suppressed = try XCTUnwrap(findings("0006_order_created_index").first)
        XCTAssertEqual(suppressed["rule"] as? String, "MC204")
        XCTAssertEqual(suppressed["suppressed"] as? String, "shop_order holds under 5,000 rows; the build takes milliseconds")
        XCTAssertEqual(findings("0003_order_currency").compactMap { $0["rule"] as? String }, ["MC401"],
                       "a verbose_name-only AlterField and a nullable AddField are safe")
        XCTAssertEqual(findings("0007_coupon_and_total_check").compactMap { $0["rule"] as? String }, ["MC207"],
                       "the unique field on a table created in the same release needs no maintenance")
    }

    /// Checking an app from its first migration judges its later changes as made
    /// to new tables (the fax column's removal passes); a note says so, once per
    /// app, at the first migration whose tables change later. The release alone gets none.
    func testCheckingFromTheFirstMigrationSaysTablesCountAsNew() throws {
        let (_, out, _) = run(["check", "--format", "json", "Fixtures/check"])
        let doc = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
        let notes = try XCTUnwrap(doc["diagnostics"] as? [[String: Any]]).filter { $0["code"] as? String == "MC013" }
        XCTAssertEqual(notes.map { $0["path"] as? String }, ["Fixtures/check/shop/migrations/0001_initial.py"])
        XCTAssertEqual(notes.first?["severity"] as? String, "info")
        let message = try XCTUnwrap(notes.first?["message"] as? String)
        XCTAssertTrue(message.hasPrefix("8 operations of checked migrations change 3 tables that earlier checked migrations of shop create (this one);"), message)
        let migrations = try XCTUnwrap(doc["migrations"] as? [[String: Any]])
        let fax = try XCTUnwrap(migrations.first { $0["name"] as? String == "0004_remove_customer_fax" })
        XCTAssertEqual((fax["findings"] as? [Any])?.count, 0)
        let (_, release, _) = run(["check", "--format", "json"] + Self.release)
        XCTAssertFalse(release.contains("MC013"))
    }

    func testFailOnDecidesTheExitStatus() {
        XCTAssertEqual(run(["check", "--fail-on", "never"] + Self.release).0, .success)
        XCTAssertEqual(run(["check", "--fail-on", "revert=irreversible"] + Self.release).0, .findings)
        let onlyIndex = ["check", "--fail-on", "maintenance=required", "Fixtures/check/shop/migrations/0006_order_created_index.py"]
        XCTAssertEqual(run(onlyIndex).0, .success, "the index finding is suppressed")
        let (status, _, err) = run(["check", "--fail-on", "revert=broken"] + Self.release)
        XCTAssertEqual(status, .usage)
        XCTAssertTrue(err.contains("--fail-on takes revert=LEVEL"), err)
    }

    func testEngineChangesTheVerdict() throws {
        let (_, out, _) = run(["check", "--engine", "sqlite", "--format", "json", "Fixtures/check/shop/migrations/0008_alter_product_sku.py"])
        let doc = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
        let rules = ((doc["migrations"] as? [[String: Any]])?.first?["findings"] as? [[String: Any]])?.compactMap { $0["rule"] as? String }
        XCTAssertEqual(rules, ["MC109", "MC214"], "SQLite remakes the table to lengthen a column")
        XCTAssertEqual((doc["engine"] as? [String: Any])?["version"] as? Int, 3, "--engine drops the configured PostgreSQL version")
    }

    func testRulesAndExplain() {
        let (status, out, _) = run(["rules"])
        XCTAssertEqual(status, .success)
        XCTAssertTrue(out.contains("MC101  run-python-without-reverse"), out)
        let (explained, text, _) = run(["explain", "remove-field-loses-data"])
        XCTAssertEqual(explained, .success)
        XCTAssertTrue(text.hasPrefix("MC107 remove-field-loses-data\n"), text)
        XCTAssertTrue(text.contains("Example 1: triggers"), text)
        XCTAssertFalse(text.contains("UNEXPECTED"), text)
        let (missing, _, err) = run(["explain", "MC10"])
        XCTAssertEqual(missing, .usage)
        XCTAssertTrue(err.contains("did you mean"), err)
    }

    /// A diagnostic's code or name explains it; the list names every code once.
    func testExplainAndListDiagnosticCodes() {
        let (status, text, _) = run(["explain", "mc302"])
        XCTAssertEqual(status, .success)
        XCTAssertTrue(text.hasPrefix("MC302 missing-dependency\nA diagnostic (error)"), text)
        XCTAssertTrue(text.contains("NodeNotFoundError"), text)
        XCTAssertEqual(run(["explain", "recreated-table"]).1.split(separator: "\n").first, "MC314 recreated-table")
        let (missing, _, err) = run(["explain", "MC31"])
        XCTAssertEqual(missing, .usage)
        XCTAssertTrue(err.contains("rules --diagnostics"), err)
        let (_, list, _) = run(["rules", "--diagnostics"])
        for code in DiagnosticCode.allCases {
            XCTAssertEqual(list.components(separatedBy: "\n\(code.rawValue)  \(code.name) ").count, 2, code.rawValue)
        }
    }

    /// docs/rules.md is generated from Rules/ and docs/diagnostics.md from
    /// DiagnosticDocs; MIGCHECK_UPDATE_GOLDEN=1 regenerates them.
    func testRulesAndDiagnosticsPagesAreUpToDate() throws {
        for (arguments, page) in [(["rules", "--format", "markdown"], "docs/rules.md"),
                                  (["rules", "--diagnostics", "--format", "markdown"], "docs/diagnostics.md")] {
            let (_, out, _) = run(arguments)
            let url = Self.root.appendingPathComponent(page)
            if ProcessInfo.processInfo.environment["MIGCHECK_UPDATE_GOLDEN"] == "1" {
                try Data(out.utf8).write(to: url)
                continue
            }
            let current = try String(contentsOf: url, encoding: .utf8)
            XCTAssertTrue(current == out, "\(page) is stale: run MIGCHECK_UPDATE_GOLDEN=1 swift test, or migcheck \(arguments.joined(separator: " ")) > \(page)")
        }
    }

    func testASyntaxErrorIsReportedAndTheOtherFilesAreStillJudged() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("migcheck-broken-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let migrations = folder.appendingPathComponent("shop/migrations")
        try FileManager.default.createDirectory(at: migrations, withIntermediateDirectories: true)
        try Data("from django.db import migrations\n\nclass Migration(migrations.Migration):\n    operations = [\n        migrations.RunSQL(\"DELETE FROM shop_cart\"),\n    ]\n".utf8)
            .write(to: migrations.appendingPathComponent("0001_clean.py"))
        try Data("from django.db import migrations\n\nclass Migration(migrations.Migration:\n    operations = []\n".utf8)
            .write(to: migrations.appendingPathComponent("0002_broken.py"))
        let (status, out, _) = run(["check", "--no-config", "--fail-on", "never", "--format", "json", folder.path])
        XCTAssertEqual(status, .findings, "a file that cannot be judged fails the run even with --fail-on never")
        let doc = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
        let diagnostics = try XCTUnwrap(doc["diagnostics"] as? [[String: Any]])
        XCTAssertEqual(diagnostics.first?["code"] as? String, "MC001")
        XCTAssertEqual(diagnostics.first?["line"] as? Int, 3)
        let migrations_ = try XCTUnwrap(doc["migrations"] as? [[String: Any]])
        XCTAssertEqual((migrations_.first?["findings"] as? [[String: Any]])?.first?["rule"] as? String, "MC102")
    }

    /// A checkout elsewhere, with no manage.py or git: its state is its own,
    /// not that of the current folder (this package, whose fixtures also hold a shop app).
    func testAPathOutsideTheCurrentFolderIsItsOwnProject() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("migcheck-elsewhere-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let migrations = folder.appendingPathComponent("shop/migrations")
        try FileManager.default.createDirectory(at: migrations, withIntermediateDirectories: true)
        try Data("from django.db import migrations\n\nclass Migration(migrations.Migration):\n    initial = True\n    operations = []\n".utf8)
            .write(to: migrations.appendingPathComponent("0001_initial.py"))
        XCTAssertEqual(CheckCommand.projectFolder(from: folder.path), folder.path)
        XCTAssertEqual(CheckCommand.projectFolder(from: "Fixtures/check/shop/migrations"), "Fixtures/check", "the folder of manage.py")
        let (status, out, _) = run(["check", "--no-config", "--format", "json", folder.path])
        XCTAssertEqual(status, .success, out)
        let doc = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
        XCTAssertEqual((doc["diagnostics"] as? [[String: Any]])?.compactMap { $0["code"] as? String }, [],
                       "no duplicate of the fixtures' shop.0001_initial")
    }

    func testRevertCommandsFollowTheConfiguredTemplates() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("migcheck-template-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = folder.appendingPathComponent("pyproject.toml")
        try Data("""
            [tool.migcheck]
            migrate-command = "python3 manage.py migrate {app} {target} --noinput"
            [tool.migcheck.migrate-commands]
            billing = "python3 manage.py migrate billing {target} --database=billing"
            """.utf8).write(to: config)
        let (_, out, _) = run(["check", "--config", config.path, "--project", "Fixtures/check", "--format", "json"] + Self.release)
        let doc = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
        XCTAssertEqual((doc["revert_commands"] as? [[String: String]])?.compactMap { $0["command"] },
                       ["python3 manage.py migrate billing zero --database=billing", "python3 manage.py migrate shop 0002_product_stock --noinput"])
    }

    func testSmallTablesNeedNoMaintenanceForTheirLocks() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("migcheck-small-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = folder.appendingPathComponent("pyproject.toml")
        try Data("[tool.migcheck]\nsmall-tables = [\"shop.order\"]\n".utf8).write(to: config)
        let (_, out, _) = run(["check", "--config", config.path, "--project", "Fixtures/check", "--format", "json"] + Self.release)
        let doc = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
        let findings = (doc["migrations"] as? [[String: Any]] ?? []).flatMap { $0["findings"] as? [[String: Any]] ?? [] }
        let check = try XCTUnwrap(findings.first { $0["rule"] as? String == "MC207" })
        XCTAssertEqual((check["levels"] as? [String: String])?["maintenance"], "none", "a check constraint on a small table locks it briefly")
        XCTAssertTrue((check["message"] as? String)?.contains("small-tables") ?? false)
        let required = try XCTUnwrap(findings.first { $0["rule"] as? String == "MC401" })
        XCTAssertEqual((required["levels"] as? [String: String])?["maintenance"], "required", "the previous release breaks whatever the size")
    }
}
