import Foundation
import XCTest
@testable import MigcheckKit

/// Runs migcheck's commands in-process from the package root and compares
/// their output with golden files.
class CommandTestCase: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    final class Buffer: @unchecked Sendable {
        var out = ""
        var err = ""
    }

    /// Runs the command in-process from the package root, so that paths in the output are relative and stable.
    func run(_ arguments: [String], in folder: String? = nil) -> (CommandLineTool.ExitStatus, String, String) {
        let buffer = Buffer()
        let console = Console(write: { buffer.out += String(decoding: $0, as: UTF8.self) }, error: { buffer.err += $0 })
        let previous = FileManager.default.currentDirectoryPath
        _ = FileManager.default.changeCurrentDirectoryPath(folder.map { Self.root.appendingPathComponent($0).path } ?? Self.root.path)
        defer { _ = FileManager.default.changeCurrentDirectoryPath(previous) }
        let status = CommandLineTool.run(arguments, console: console)
        return (status, buffer.out, buffer.err)
    }

    /// Compares with a golden file; MIGCHECK_UPDATE_GOLDEN=1 rewrites it instead.
    func assertGolden(_ actual: String, _ name: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let url = Self.root.appendingPathComponent("Fixtures/golden/\(name)")
        if ProcessInfo.processInfo.environment["MIGCHECK_UPDATE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(actual.utf8).write(to: url)
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        if expected != actual {
            let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
            let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let first = zip(a, e).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, e.count)
            XCTFail("\(name) differs from its golden file at line \(first + 1):\n  expected: \(first < e.count ? String(e[first]) : "<end>")\n  actual:   \(first < a.count ? String(a[first]) : "<end>")\n(set MIGCHECK_UPDATE_GOLDEN=1 to accept)", file: file, line: line)
        }
    }
}
