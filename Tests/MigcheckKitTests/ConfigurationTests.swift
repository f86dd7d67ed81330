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
        ] {
            try write(text, to: file)
            XCTAssertThrowsError(try Configuration.load(file.path)) { error in
                XCTAssertTrue("\(error)".hasPrefix(file.path + ":2: "), "\(error) should name the file and the line")
                XCTAssertTrue("\(error)".contains(expected), "\(error) should contain \(expected)")
            }
        }
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
