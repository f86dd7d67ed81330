import Foundation
import XCTest
@testable import MigcheckKit

final class InspectCommandTests: CommandTestCase {
    func testTextReportMatchesGolden() throws {
        let (status, out, _) = run(["inspect", "Fixtures/inspect"])
        XCTAssertEqual(status, .findings, "a fixture holds a syntax error")
        try assertGolden(out, "inspect.txt")
    }

    func testJSONReportMatchesGoldenAndParsesBack() throws {
        let (_, out, _) = run(["inspect", "--format", "json", "Fixtures/inspect"])
        try assertGolden(out, "inspect.json")
        let doc = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
        XCTAssertEqual(doc["schema"] as? String, "migcheck.inspect/1")
        let files = try XCTUnwrap(doc["files"] as? [[String: Any]])
        XCTAssertEqual(files.count, 13)
        let sql = try XCTUnwrap(files.first { ($0["name"] as? String) == "0004_sql_and_state" })
        let ops = try XCTUnwrap(sql["operations"] as? [[String: Any]])
        XCTAssertEqual(ops.map { $0["type"] as? String }, ["RunSQL", "RunSQL", "RunSQL", "SeparateDatabaseAndState", "RenameField"])
        let nested = try XCTUnwrap(ops[3]["nested"] as? [String: Any])
        XCTAssertEqual((nested["state_operations"] as? [[String: Any]])?.first?["type"] as? String, "RemoveField")
        XCTAssertEqual(sql["atomic"] as? Bool, false)
        let broken = try XCTUnwrap(files.first { ($0["name"] as? String) == "0008_broken_helper" })
        let diagnostic = try XCTUnwrap((broken["diagnostics"] as? [[String: Any]])?.first)
        XCTAssertEqual(diagnostic["code"] as? String, "MC001")
        XCTAssertEqual(diagnostic["line"] as? Int, 5)
        XCTAssertEqual(diagnostic["column"] as? Int, 12)
    }

    func testGraphReportsMatchGoldens() throws {
        let (status, text, _) = run(["graph", "--unapply", "shop:0004_sql_and_state", "Fixtures/inspect"])
        XCTAssertEqual(status, .findings, "a fixture holds a syntax error")
        try assertGolden(text, "graph.txt")
        let (_, dot, _) = run(["graph", "--format", "dot", "Fixtures/inspect"])
        try assertGolden(dot, "graph.dot")
        let (_, json, _) = run(["graph", "--format", "json", "--unapply", "accounts:zero", "Fixtures/inspect"])
        try assertGolden(json, "graph.json")
        let doc = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        XCTAssertEqual(doc["schema"] as? String, "migcheck.graph/1")
        XCTAssertEqual((doc["unapply"] as? [String: Any])?["migrations"] as? [String],
                       ["shop.0008_broken_helper", "shop.0007_modern_syntax", "shop.0006_dynamic_operations",
                        "shop.0005_custom_operations", "shop.0004_sql_and_state", "shop.0009_squashed_0002_0008",
                        "shop.0001_initial", "accounts.0002_latin1_verbose_name", "accounts.0001_initial"],
                       "Django's order (checked with django.db.migrations.graph): the shop chain depends on accounts.0001_initial")
    }

    func testModelStateMatchesGoldens() throws {
        let (status, text, _) = run(["inspect", "--state", "shop.Product@0004_sql_and_state", "Fixtures/inspect"])
        XCTAssertEqual(status, .success)
        try assertGolden(text, "state.txt")
        let (_, json, _) = run(["inspect", "--format", "json", "--state", "shop.product", "Fixtures/inspect"])
        try assertGolden(json, "state.json")
        let doc = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        XCTAssertEqual((doc["fields"] as? [[String: Any]])?.map { $0["name"] as? String }, ["id", "title", "price", "category", "sku", "rating"])
        XCTAssertTrue(run(["inspect", "--state", "shop.Prodct", "Fixtures/inspect"]).2.contains("did you mean 'shop.product'"))
        XCTAssertTrue(run(["inspect", "--state", "shop.Product@0004_sql", "Fixtures/inspect"]).2.contains("did you mean '0004_sql_and_state'"))
        XCTAssertEqual(run(["inspect", "--state", "Product", "Fixtures/inspect"]).0, .usage)
    }

    /// A project with a merge, a conflict, a partly present squash, an app
    /// label from apps.py and a custom user model.
    func testConflictFixtureMatchesGoldens() throws {
        let (status, graph, _) = run(["graph", "--user-model", "accounts.User", "--unapply", "accounts:0001_initial", "Fixtures/graph/conflict"])
        XCTAssertEqual(status, .findings, "billing has two leaves")
        try assertGolden(graph, "conflict-graph.txt")
        let (_, state, _) = run(["inspect", "--user-model", "accounts.User", "--state", "billing.Invoice", "Fixtures/graph/conflict"])
        try assertGolden(state, "conflict-state.txt")
        XCTAssertTrue(state.contains("account  "), "RenameField customer → account")
        XCTAssertFalse(state.contains("customer"))
    }

    func testDOTIdentifiersEscapeQuotesAndBackslashes() {
        XCTAssertEqual("0001_initial".replacingQuotes(), "0001_initial")
        XCTAssertEqual(#"a"b\c"#.replacingQuotes(), #"a\"b\\c"#)
        XCTAssertEqual("é\"".replacingQuotes(), "é\\\"")
    }

    func testGraphUsageErrors() {
        XCTAssertTrue(run(["graph", "--unapply", "shop", "Fixtures/inspect"]).2.contains("APP:TARGET"))
        XCTAssertTrue(run(["graph", "--unapply", "nope:zero", "Fixtures/inspect"]).2.contains("no app 'nope'"))
        XCTAssertTrue(run(["graph", "--unapply", "shop:0004_sql_and_stat", "Fixtures/inspect"]).2.contains("did you mean '0004_sql_and_state'"))
        XCTAssertEqual(run(["graph", "--format", "svg", "Fixtures/inspect"]).0, .usage)
    }

    /// The listing shows each value on one line of at most 72 characters:
    /// known cases, then random text against a model of the rule built from
    /// String operations (lines stripped of blanks, joined by one space).
    func testListingCutsValuesToOneShortLine() {
        let show = { (s: String) in InspectTextReporter.value(.string(s)) }
        XCTAssertEqual(show(""), "''")
        XCTAssertEqual(show("  a\n   b  \r\n\tc \t"), "'a b c'")
        XCTAssertEqual(show("it's"), #"'it\'s'"#)
        XCTAssertEqual(show(String(repeating: "é", count: 72)), "'" + String(repeating: "é", count: 72) + "'")
        XCTAssertEqual(show(String(repeating: "é", count: 73)), "'" + String(repeating: "é", count: 71) + "…'")
        XCTAssertEqual(InspectTextReporter.value(.expression("foo(\n    1,\n)")), "foo( 1, )")
        let alphabet: [String] = ["a", "x", " ", "\t", "\n", "\r", "é", "'", "€", "😀"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let text = (0..<Int.random(in: 0...120, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }.joined()
            let lines = text.unicodeScalars.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r" }
            let stripped = lines.map { line -> String in
                var scalars = Array(line)
                while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
                while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
                return String(String.UnicodeScalarView(scalars))
            }
            let joined = stripped.filter { !$0.isEmpty }.joined(separator: " ")
            let scalars = Array(joined.unicodeScalars)
            let shown = scalars.count > 72 ? String(String.UnicodeScalarView(scalars[..<71])) + "…" : joined
            XCTAssertEqual(show(text), "'" + shown.replacingOccurrences(of: "'", with: "\\'") + "'", text.debugDescription)
        }
    }

    func testOutputIsDeterministic() {
        let first = run(["inspect", "--format", "json", "Fixtures/inspect"]).1
        for _ in 0..<3 { XCTAssertEqual(run(["inspect", "--format", "json", "Fixtures/inspect"]).1, first) }
    }

    func testUsageErrors() {
        let (s1, _, e1) = run(["inspect", "--formt", "json", "."])
        XCTAssertEqual(s1, .usage)
        XCTAssertTrue(e1.contains("did you mean '--format'"), e1)
        let (s2, _, e2) = run(["inspect", "no/such/folder"])
        XCTAssertEqual(s2, .usage)
        XCTAssertTrue(e2.contains("no such file or directory: no/such/folder"), e2)
        let (s3, _, e3) = run(["inspect", "--format", "xml", "."])
        XCTAssertEqual(s3, .usage)
        XCTAssertTrue(e3.contains("unknown format 'xml'"), e3)
        XCTAssertEqual(run(["inspect"]).0, .usage)
        let (s4, _, e4) = run(["inspekt"])
        XCTAssertEqual(s4, .usage)
        XCTAssertTrue(e4.contains("did you mean 'inspect'"), e4)
    }

    func testHelpAndVersion() {
        XCTAssertEqual(run(["--version"]).1, "migcheck \(Version.current)\n")
        XCTAssertTrue(run(["--help"]).1.contains("inspect PATH..."))
        XCTAssertTrue(run(["inspect", "--help"]).1.contains("EXIT STATUS"))
        XCTAssertTrue(run(["help", "inspect"]).1.contains("--format text|json"))
    }

    func testOutputFile() throws {
        let target = FileManager.default.temporaryDirectory.appendingPathComponent("migcheck-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: target) }
        let (status, out, _) = run(["inspect", "--format=json", "--output", target.path, "Fixtures/inspect/shop/migrations/0002_product_sku.py"])
        XCTAssertEqual(status, .success)
        XCTAssertEqual(out, "")
        let doc = try JSONSerialization.jsonObject(with: Data(contentsOf: target)) as? [String: Any]
        XCTAssertEqual((doc?["summary"] as? [String: Any])?["operations"] as? Int, 4)
        // A report of many 64 KiB chunks lands whole, byte for byte what standard output gets.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("migcheck-many-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let migrations = folder.appendingPathComponent("shop/migrations")
        try FileManager.default.createDirectory(at: migrations, withIntermediateDirectories: true)
        let text = try Data(contentsOf: URL(fileURLWithPath: "Fixtures/inspect/shop/migrations/0002_product_sku.py"))
        for k in 0..<300 { try text.write(to: migrations.appendingPathComponent(String(format: "%04d_copy.py", k))) }
        let many = ["inspect", "--format", "json", folder.path]
        XCTAssertEqual(run(many + ["--output", target.path]).0, .success)
        let written = try String(contentsOf: target, encoding: .utf8)
        XCTAssertGreaterThan(written.utf8.count, 3 * ChunkedOutput.chunkSize)
        XCTAssertEqual(written, run(many).1)
        let (failed, _, error) = run(["inspect", "--output", "/no/such/folder/report.json", "Fixtures/inspect"])
        XCTAssertEqual(failed, .usage)
        XCTAssertTrue(error.contains("cannot write '/no/such/folder/report.json': No such file or directory"), error)
    }

    /// The real executable, as CI and users run it.
    func testExecutableRunsEndToEnd() throws {
        let products = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        var binary = products.appendingPathComponent("migcheck")
        if !FileManager.default.fileExists(atPath: binary.path) {
            binary = products.deletingLastPathComponent().appendingPathComponent("migcheck")
        }
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: binary.path), "migcheck binary not built next to the tests")
        let process = Process()
        process.executableURL = binary
        process.arguments = ["inspect", "--format", "json", "Fixtures/inspect/shop/migrations/0003_backfill_sku.py"]
        process.currentDirectoryURL = Self.root
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
        let doc = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
        let file = try XCTUnwrap((doc["files"] as? [[String: Any]])?.first)
        let ops = try XCTUnwrap(file["operations"] as? [[String: Any]])
        let code = try XCTUnwrap((ops[0]["args"] as? [String: Any])?["code"] as? [String: Any])
        XCTAssertEqual(code["callable"] as? String, "backfill_sku")
        XCTAssertEqual(code["line"] as? Int, 9)
        // An imported function says where from, as the imports name it.
        let imported = try XCTUnwrap((ops[3]["args"] as? [String: Any])?["code"] as? [String: Any])
        XCTAssertEqual(imported["kind"] as? String, "external")
        XCTAssertEqual(imported["imported"] as? String, "shop.migration_utils.backfill_titles")
    }
}
