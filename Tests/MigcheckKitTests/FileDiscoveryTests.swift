import Foundation
import XCTest
@testable import MigcheckKit

final class FileDiscoveryTests: XCTestCase {
    func testFindsMigrationModulesAndSkipsTheRest() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("migcheck-discovery-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let files = [
            "shop/migrations/0001_initial.py", "shop/migrations/0002_b.py", "shop/migrations/__init__.py",
            "shop/migrations/.#0003_lock.py", "shop/migrations/notes.txt", "shop/models.py",
            "node_modules/x/migrations/0001_a.py", ".venv/lib/app/migrations/0001_a.py",
            "Zeta/migrations/0001_z.py", "café/migrations/0001_é.py",
        ]
        for file in files {
            let url = root.appendingPathComponent(file)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data("x = 1\n".utf8).write(to: url)
        }
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("shop/migrations/0004_link.py").path,
                                                   withDestinationPath: root.appendingPathComponent("shop/migrations/0002_b.py").path)
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("loop").path, withDestinationPath: root.path)

        let found = try Configuration().files(in: [root.path, root.appendingPathComponent("shop/migrations/0001_initial.py").path])
        let relative = found.map { String($0.path.dropFirst(root.path.count + 1)) }
        XCTAssertEqual(relative, [
            "Zeta/migrations/0001_z.py", "café/migrations/0001_é.py",
            "shop/migrations/0001_initial.py", "shop/migrations/0002_b.py", "shop/migrations/0004_link.py",
        ], "byte order, no duplicates, no hidden, skipped or linked folders")
        XCTAssertEqual(found.map(\.app), ["Zeta", "café", "shop", "shop", "shop"])
        XCTAssertEqual(found.map(\.name), ["0001_z", "0001_é", "0001_initial", "0002_b", "0004_link"])
    }

    /// One folder is walked without a final sort: the walk itself must visit
    /// paths in byte order, where `app-x/...` comes before `app/...`.
    func testOneFolderIsWalkedInTheByteOrderOfItsPaths() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("migcheck-order-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let folders = ["app", "app-x", "app0", "app.x", "App", "äpp", "app/sub"]
        let names = ["0001_a.py", "0001-a.py", "0001.py", "0001a.py", "00010_a.py"]
        for folder in folders {
            let url = root.appendingPathComponent(folder).appendingPathComponent("migrations")
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            for name in names { try Data("x = 1\n".utf8).write(to: url.appendingPathComponent(name)) }
        }
        let paths = try Configuration().files(in: [root.path]).map(\.path)
        XCTAssertEqual(paths.count, folders.count * names.count)
        XCTAssertEqual(paths, paths.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) })
        XCTAssertEqual(Set(try Configuration().files(in: [root.path]).map(\.app)), ["app", "app-x", "app0", "app.x", "App", "äpp", "sub"])
    }

    func testAnUnreadableFileIsADiagnosticWithTheReason() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("migcheck-unreadable-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let folder = root.appendingPathComponent("shop/migrations")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("0001_initial.py"), withIntermediateDirectories: true)
        let file = MigrationSourceFile(path: folder.appendingPathComponent("0001_initial.py").path, app: "shop", name: "0001_initial")
        let result = Inspector.inspect(file)
        XCTAssertNil(result.migration)
        XCTAssertEqual(result.diagnostics.map(\.message), ["cannot read the file: Is a directory"])
    }

    func testTheLabelFromAppsPyOrThePackageWins() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("migcheck-labels-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let files = [
            "accounts/apps.py": "from django.apps import AppConfig\n\nclass AccountsConfig(AppConfig):\n    name = 'project.accounts'\n    label = 'myaccounts'\n",
            "accounts/migrations/0001_initial.py": "x = 1\n",
            "shop/migrations/0001_initial.py": "x = 1\n",
            "shop/__init__.py": "",
            "catalog/__init__.py": "from django.apps import AppConfig\n\nclass CatalogConfig(AppConfig):\n    name = 'project.catalog'\n    label = 'project_catalog'\n\ndefault_app_config = 'project.catalog.CatalogConfig'\n",
            "catalog/migrations/0001_initial.py": "x = 1\n",
        ]
        for (file, text) in files {
            let url = root.appendingPathComponent(file)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        XCTAssertEqual(try Configuration().files(in: [root.path]).map(\.app), ["myaccounts", "project_catalog", "shop"])
        XCTAssertEqual(FileDiscovery.appFolder(of: "migrations/0001_x.py"), ".")
        XCTAssertEqual(FileDiscovery.appFolder(of: "a/b/migrations/0001_x.py"), "a/b")
        XCTAssertNil(FileDiscovery.appFolder(of: "a/b/0001_x.py"))
    }

    /// A FIFO where migcheck looks for a file itself (an app's `apps.py`, the
    /// module RunPython code is imported from) is passed over, not waited on.
    func testAFIFOItLooksForIsNotWaitedOn() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("migcheck-fifo-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root.appendingPathComponent("shop/migrations"), withIntermediateDirectories: true)
        XCTAssertEqual(mkfifo(root.appendingPathComponent("shop/apps.py").path, 0o644), 0)
        XCTAssertEqual(mkfifo(root.appendingPathComponent("shop/utils.py").path, 0o644), 0)
        let migration = root.appendingPathComponent("shop/migrations/0001_initial.py")
        try Data("from django.db import migrations\nfrom shop.utils import f\n\n\nclass Migration(migrations.Migration):\n    operations = [migrations.RunPython(f)]\n".utf8).write(to: migration)
        // On a thread, so that a regression fails the test rather than hang the suite.
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var labels: [String] = [], refused = false
        Thread {
            labels = (try? Configuration().files(in: [root.path]).map(\.app)) ?? []
            refused = (try? FileBytes.read(root.appendingPathComponent("shop/utils.py").path, regularOnly: true)) == nil
            done.signal()
        }.start()
        XCTAssertEqual(done.wait(timeout: .now() + 10), .success, "a read waited on a FIFO")
        XCTAssertEqual(labels, ["shop"])
        XCTAssertTrue(refused)
    }

    func testAFileGivenDirectlyIsReadWhateverItsFolder() throws {
        XCTAssertEqual(FileDiscovery.describe("scripts/fix.py").app, "scripts")
        XCTAssertEqual(FileDiscovery.describe("a//b/migrations/0001_x.py").app, "b")
        XCTAssertThrowsError(try Configuration().files(in: ["/no/such/path"]))
    }
}
