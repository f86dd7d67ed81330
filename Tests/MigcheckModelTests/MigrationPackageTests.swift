import XCTest
@testable import MigcheckModel
import MigcheckSyntax

final class MigrationPackageTests: XCTestCase {
    func file(_ path: String, _ text: String) -> ExtractedFile {
        let name = String(path.split(separator: "/").last!.dropLast(3))
        return MigrationExtractor.extract(path: path, app: "shop", name: name, module: Parser.parse(text))
    }

    /// A module without a Migration class is Django's BadMigrationError beside
    /// migrations (MC006, an error), and only skipped (MC005) in a folder of
    /// none, such as a test folder named migrations.
    func testModulesBesideMigrationsMustBeMigrations() {
        let migration = "from django.db import migrations\n\nclass Migration(migrations.Migration):\n    operations = []\n"
        let helper = "def backfill(apps, schema_editor):\n    pass\n"
        let marked = MigrationPackage.markingBadModules([
            file("shop/migrations/0001_initial.py", migration),
            file("shop/migrations/utils.py", helper),
            file("shop/migrations/_utils.py", helper),
            file("shop/tests/migrations/test_0001.py", helper),
        ])
        XCTAssertEqual(marked.map { $0.diagnostics.map(\.code.rawValue) }, [[], ["MC006"], [], ["MC005"]])
        XCTAssertEqual(marked[1].diagnostics.first?.severity, .error)
        XCTAssertTrue(marked[1].diagnostics.first?.message.contains("Rename it to _utils.py") ?? false)
    }
}
