import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XCTest
@testable import MigcheckKit

/// Every CI format over the fixture release, compared with its golden file
/// and read back the way its consumer reads it.
final class ReportFormatTests: CommandTestCase {
    func report(_ format: String, _ paths: [String] = CheckCommandTests.release) throws -> String {
        let (status, out, err) = run(["check", "--format", format] + paths)
        XCTAssertEqual(status, .findings, err)
        return out
    }

    func testJUnitIsWellFormedWithAFailurePerFindingAtTheThreshold() throws {
        let out = try report("junit")
        try assertGolden(out, "check.junit.xml")
        let doc = try XMLDocument(data: Data(out.utf8))
        let root = try XCTUnwrap(doc.rootElement())
        XCTAssertEqual(root.name, "testsuites")
        XCTAssertEqual(root.attribute(forName: "failures")?.stringValue, "6")
        XCTAssertEqual(root.attribute(forName: "skipped")?.stringValue, "1")
        let suites = root.elements(forName: "testsuite")
        XCTAssertEqual(suites.compactMap { $0.attribute(forName: "name")?.stringValue }, ["billing", "shop"])
        let failures = try doc.nodes(forXPath: "//testcase/failure")
        XCTAssertEqual(failures.count, 6)
        XCTAssertTrue(failures.first?.stringValue?.contains("fix: ") ?? false)
        XCTAssertEqual(try doc.nodes(forXPath: "//testcase[skipped]").count, 1)
    }

    func testJUnitEscapesWhateverTheMigrationHolds() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("migcheck-junit-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let migrations = folder.appendingPathComponent("crm/migrations")
        try FileManager.default.createDirectory(at: migrations, withIntermediateDirectories: true)
        try Data("""
            from django.db import migrations, models


            class Migration(migrations.Migration):
                operations = [
                    migrations.CreateModel(name="Kundé", fields=[("id", models.AutoField(primary_key=True)), ("n\\u0001<&>\\"", models.TextField())]),
                ]
            """.utf8).write(to: migrations.appendingPathComponent("0001_initial.py"))
        try Data("""
            from django.db import migrations


            class Migration(migrations.Migration):
                dependencies = [("crm", "0001_initial")]
                operations = [migrations.RemoveField(model_name="kundé", name="n\\u0001<&>\\"")]
            """.utf8).write(to: migrations.appendingPathComponent("0002_drop_ünïcode_]]>.py"))
        let (_, out, _) = run(["check", "--no-config", "--format", "junit", "--project", folder.path,
                               migrations.appendingPathComponent("0002_drop_ünïcode_]]>.py").path])
        let doc = try XMLDocument(data: Data(out.utf8))
        let failure = try XCTUnwrap(try doc.nodes(forXPath: "//failure").first?.stringValue)
        XCTAssertTrue(failure.contains("Kundé.n\\u{1}<&>\""), failure)
    }

    func testSARIFDescribesEachRuleOnceAndPointsAtTheSource() throws {
        let out = try report("sarif")
        try assertGolden(out, "check.sarif.json")
        let doc = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
        XCTAssertEqual(doc["version"] as? String, "2.1.0")
        let run = try XCTUnwrap((doc["runs"] as? [[String: Any]])?.first)
        let driver = try XCTUnwrap((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        let rules = try XCTUnwrap(driver["rules"] as? [[String: Any]])
        XCTAssertEqual(rules.count, Set(rules.compactMap { $0["id"] as? String }).count, "each rule once")
        let results = try XCTUnwrap(run["results"] as? [[String: Any]])
        XCTAssertEqual(results.count, 9)
        for result in results {
            let index = try XCTUnwrap(result["ruleIndex"] as? Int)
            XCTAssertEqual(rules[index]["id"] as? String, result["ruleId"] as? String)
            let region = ((result["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])?["region"] as? [String: Int]
            XCTAssertGreaterThan(region?["startLine"] ?? 0, 0)
        }
        XCTAssertEqual(results.filter { $0["suppressions"] != nil }.count, 1)
    }

    func testGitLabCodeQualityDecodes() throws {
        struct Issue: Decodable {
            struct Location: Decodable {
                struct Lines: Decodable { var begin: Int }
                var path: String
                var lines: Lines
            }
            var description: String
            var check_name: String
            var fingerprint: String
            var severity: String
            var location: Location
        }
        let out = try report("gitlab")
        try assertGolden(out, "check.gitlab.json")
        let issues = try JSONDecoder().decode([Issue].self, from: Data(out.utf8))
        XCTAssertEqual(issues.count, 8, "suppressed findings are left out")
        XCTAssertEqual(Set(issues.map(\.fingerprint)).count, issues.count, "fingerprints are unique")
        XCTAssertTrue(issues.allSatisfy { ["info", "minor", "major", "critical", "blocker"].contains($0.severity) })
        XCTAssertEqual(issues.first { $0.check_name == "MC101" }?.severity, "critical")
    }

    func testGitHubAnnotationsFollowTheWorkflowCommandSyntax() throws {
        let out = try report("github")
        try assertGolden(out, "check.github.txt")
        let pattern = try NSRegularExpression(pattern: #"^::(error|warning|notice) (file=[^,:]+,line=\d+,col=\d+,)?title=[^:]+::[^\n\r]+$"#)
        let lines = out.split(separator: "\n").map(String.init)
        for line in lines {
            XCTAssertEqual(pattern.numberOfMatches(in: line, range: NSRange(line.startIndex..., in: line)), 1, line)
        }
        XCTAssertEqual(lines.filter { $0.hasPrefix("::error ") }.count, 6)
    }

    func testSeveralOutputsInOneRun() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("migcheck-outputs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let junit = folder.appendingPathComponent("report.xml").path, sarif = folder.appendingPathComponent("report.sarif").path
        let json = folder.appendingPathComponent("report.json").path
        let (status, out, _) = run(["check", "--junit", junit, "--sarif", sarif, "--json", json] + CheckCommandTests.release)
        XCTAssertEqual(status, .findings)
        XCTAssertTrue(out.hasPrefix("migcheck: 7 migrations checked"), out)
        XCTAssertNoThrow(try XMLDocument(contentsOf: URL(fileURLWithPath: junit)))
        XCTAssertNotNil(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: sarif))))
        let doc = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [String: Any])
        XCTAssertEqual(doc["schema"] as? String, "migcheck.check/1")
        let (bad, _, err) = run(["check", "--junit", "/nonexistent/dir/report.xml"] + CheckCommandTests.release)
        XCTAssertEqual(bad, .usage)
        XCTAssertTrue(err.contains("cannot write --junit /nonexistent/dir/report.xml"), err)
    }

    func testQuietAndColor() throws {
        let (_, quiet, _) = run(["check", "--quiet"] + CheckCommandTests.release)
        XCTAssertEqual(quiet.split(separator: "\n").filter { $0.contains(": MC") }.count, 6, quiet)
        XCTAssertFalse(quiet.contains("fix:"), quiet)
        let (_, colored, _) = run(["check", "--color", "always"] + CheckCommandTests.release)
        XCTAssertTrue(colored.contains("\u{1B}[31m✗\u{1B}[0m"), colored)
        let (_, plain, _) = run(["check", "--color", "never"] + CheckCommandTests.release)
        XCTAssertFalse(plain.contains("\u{1B}["))
    }

    func testPathsStayRelativeToTheCurrentFolder() {
        let (_, out, _) = run(["check", "--format", "github", "."], in: "Fixtures/check")
        let files = out.split(separator: "\n").filter { $0.contains(" file=") }
            .compactMap { line in line.split(separator: ",").first?.split(separator: "=").last }
        XCTAssertFalse(files.isEmpty)
        XCTAssertTrue(files.allSatisfy { $0.hasPrefix("shop/migrations/") || $0.hasPrefix("billing/migrations/") }, "\(files)")
    }
}
