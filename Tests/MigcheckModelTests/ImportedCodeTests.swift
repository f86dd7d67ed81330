import MigcheckModel
import MigcheckSyntax
import XCTest

/// Where a data migration's imported function is looked for, as Python
/// would find its module from the project's folder.
final class ImportedCodeTests: XCTestCase {
    func testCandidatesGoFromTheAppUp() throws {
        let absolute = try XCTUnwrap(ImportedCode.candidates(for: "shop.utils.backfill", importedBy: "src/shop/migrations/0002_x.py"))
        XCTAssertEqual(absolute.function, "backfill")
        XCTAssertEqual(absolute.files, ["src/shop/shop/utils.py", "src/shop/shop/utils/__init__.py", "src/shop/utils.py",
                                        "src/shop/utils/__init__.py", "shop/utils.py", "shop/utils/__init__.py"])
        XCTAssertEqual(ImportedCode.candidates(for: "shop.utils.backfill", importedBy: "/srv/shop/migrations/0002_x.py")?.files.suffix(2),
                       ["/shop/utils.py", "/shop/utils/__init__.py"])
        XCTAssertEqual(ImportedCode.candidates(for: ".helpers.f", importedBy: "shop/migrations/0002_x.py")?.files,
                       ["shop/migrations/helpers.py", "shop/migrations/helpers/__init__.py"])
        XCTAssertEqual(ImportedCode.candidates(for: "..utils.f", importedBy: "shop/migrations/0002_x.py")?.files,
                       ["shop/utils.py", "shop/utils/__init__.py"])
        XCTAssertEqual(ImportedCode.candidates(for: ".f", importedBy: "shop/migrations/0002_x.py")?.files, ["shop/migrations/__init__.py"])
        XCTAssertNil(ImportedCode.candidates(for: "backfill", importedBy: "shop/migrations/0002_x.py"), "a bare name is no module's")
        XCTAssertNil(ImportedCode.candidates(for: "....f", importedBy: "shop/migrations/0002_x.py"), "above the top")
    }

    func testTheFunctionAndTheHelpersItCallsAreRead() throws {
        let text = """
            from django.db import migrations
            from shop import utils


            class Migration(migrations.Migration):
                operations = [migrations.RunPython(utils.backfill, utils.undo)]
            """
        let file = MigrationExtractor.extract(path: "shop/migrations/0002_x.py", app: "shop", name: "0002_x", module: Parser.parse(text))
        let modules = ["shop/utils.py": "import os\n\n\ndef step(x):\n    return x\n\n\ndef backfill(apps, schema_editor):\n    step(1)\n"]
        var asked: [String] = []
        let resolved = ImportedCode.resolve([file], only: ["shop/migrations/0002_x.py"]) { path in
            asked.append(path)
            return modules[path].map { Array($0.utf8) }
        }
        let op = try XCTUnwrap(resolved.first?.migration?.operations.operations.first)
        guard case .callable(let code)? = op.argument("code"), case .callable(let undo)? = op.argument("reverse_code") else { return XCTFail() }
        XCTAssertEqual(code.definedIn, "shop/utils.py")
        XCTAssertEqual(code.source, "def backfill(apps, schema_editor):\n    step(1)")
        XCTAssertEqual(code.helperSource, "def step(x):\n    return x")
        XCTAssertEqual(code.startLine, 8)
        XCTAssertNil(undo.source, "the module has no such function")
        XCTAssertEqual(asked, ["shop/shop/utils.py", "shop/shop/utils/__init__.py", "shop/utils.py"], "each module read once, nearest first")
        // A package that imports the function from a module of its own.
        let package = ["shop/utils/__init__.py": "from .data import fill as backfill\n",
                       "shop/utils/data.py": "def fill(apps, schema_editor):\n    pass\n"]
        let reexported = ImportedCode.resolve([file], only: ["shop/migrations/0002_x.py"]) { package[$0].map { Array($0.utf8) } }
        guard case .callable(let found)? = reexported.first?.migration?.operations.operations.first?.argument("code") else { return XCTFail() }
        XCTAssertEqual(found.definedIn, "shop/utils/data.py")
        XCTAssertEqual(found.source, "def fill(apps, schema_editor):\n    pass")
        XCTAssertNil(ImportedCode.resolve([file], only: []) { _ in XCTFail("not asked"); return nil }.first?.migration.flatMap { m -> String? in
            if case .callable(let ref)? = m.operations.operations.first?.argument("code") { return ref.source }
            return nil
        })
    }
}
