import Foundation
import XCTest
@testable import MigcheckKit
import MigcheckModel
import MigcheckSyntax

final class JSONWriterTests: XCTestCase {
    func render(_ strings: [String]) -> String {
        var w = JSONWriter()
        w.array(strings) { w, s in w.string(s) }
        return String(decoding: w.bytes, as: UTF8.self)
    }

    func testEscapesRoundTripThroughFoundation() throws {
        let samples = [
            "", "plain ascii text longer than eight bytes", "quote \" in the middle of a long run",
            "back\\slash", "tab\tnew\nline\rcr", "\u{0}\u{1}\u{1F}\u{7F}", "Nom affiché — ★ 日本語 and more text",
            String(repeating: "a", count: 7) + "\"" + String(repeating: "b", count: 9),
            String(repeating: "x", count: 64) + "\u{7F}",
        ]
        let text = render(samples)
        let decoded = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String])
        XCTAssertEqual(decoded, samples)
        XCTAssertTrue(text.contains("\\u007f"))
        XCTAssertTrue(text.contains("\\u0000"))
    }

    /// The word test finds the first byte to escape, as the byte test does,
    /// in random words and in words dense with bytes to escape.
    func testWordCheckAgreesWithTheByteCheck() {
        var generator = SystemRandomNumberGenerator()
        let dense: [UInt8] = [0x00, 0x0A, 0x1F, 0x20, 0x21, 0x22, 0x23, 0x5B, 0x5C, 0x5D, 0x7E, 0x7F, 0x80, 0xA2, 0xDC, 0xFF]
        for round in 0..<40_000 {
            let bytes = (0..<8).map { _ in round % 2 == 0 ? UInt8.random(in: 0...255, using: &generator) : dense.randomElement(using: &generator)! }
            let word = bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
            let first = bytes.firstIndex { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0x7F }
            let marks = JSONWriter.escapeMask(word)
            XCTAssertEqual(marks == 0 ? nil : marks.trailingZeroBitCount / 8, first, "\(bytes)")
        }
    }

    /// Words go by the word test, from just after each byte escaped; the
    /// last bytes of a string, and strings shorter than a word, are tested one
    /// by one: every ASCII byte alone, before, after and inside word-long runs
    /// is escaped exactly when RFC 8259 (or DEL) requires it, and reads back the same.
    func testEveryASCIIByteAloneAndAroundRuns() throws {
        for byte in UInt8(0)...0x7F {
            let c = String(UnicodeScalar(byte))
            for s in [c, "abcdefghij" + c, c + "abcdefghij", "abc" + c + "defghij" + c + c + "klmnopq"] {
                let text = render([s])
                let decoded = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String])
                XCTAssertEqual(decoded, [s], "byte \(byte)")
                let escaped = byte < 0x20 || byte == 0x22 || byte == 0x5C || byte == 0x7F
                XCTAssertEqual(text.contains("\\"), escaped, "byte \(byte)")
            }
        }
    }

    /// Indentation is written eight spaces at a time, the first 32 without a
    /// loop: every depth, below and past 16 levels, gets exactly its spaces.
    func testDeepIndentation() {
        var w = JSONWriter()
        let depth = 24
        for _ in 0..<depth { w.beginArray() }
        w.int(1)
        for _ in 0..<depth { w.endArray() }
        let lines = String(decoding: w.bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(lines.map { $0.prefix { $0 == " " }.count },
                       Array(0...depth).map { 2 * $0 } + Array((0..<depth).reversed()).map { 2 * $0 })
        XCTAssertEqual(lines.map { $0.trimmingCharacters(in: .whitespaces) },
                       Array(repeating: "[", count: depth) + ["1"] + Array(repeating: "]", count: depth))
    }

    /// A document of megabytes (the buffer regrows many times, past the size
    /// malloc maps on its own) reads back whole; handed to a `ChunkedOutput`
    /// with smaller pieces around it, it arrives in full chunks, in order.
    func testLargeDocumentGrowsAndIsChunked() throws {
        let strings = (0..<40_000).map { "choice \($0) " + String(repeating: "é\"", count: $0 % 50) }
        var w = JSONWriter()
        w.array(strings) { w, s in w.string(s) }
        let bytes = w.bytes
        XCTAssertGreaterThan(bytes.count, 20 * ChunkedOutput.chunkSize)
        XCTAssertEqual(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String], strings)

        var chunks: [[UInt8]] = []
        var out = ChunkedOutput { chunks.append($0) }
        let pieces: [[UInt8]] = [Array("[".utf8), bytes, Array(repeating: 0x20, count: ChunkedOutput.chunkSize - 1), bytes, Array("]".utf8)]
        for piece in pieces { out.append(piece) }
        out.flush()
        XCTAssertEqual(chunks.flatMap { $0 }, pieces.flatMap { $0 })
        XCTAssertEqual(chunks.dropLast().map(\.count), Array(repeating: ChunkedOutput.chunkSize, count: chunks.count - 1))
        XCTAssertLessThanOrEqual(chunks.last?.count ?? 0, ChunkedOutput.chunkSize)
    }

    func testIndentationAndEmptyContainers() {
        var w = JSONWriter()
        w.object { w in
            w.key("a"); w.array([Int]()) { w, v in w.int(v) }
            w.key("b"); w.object { _ in }
            w.key("c"); w.array([1, 2]) { w, v in w.int(v) }
        }
        XCTAssertEqual(String(decoding: w.bytes, as: UTF8.self), "{\n  \"a\": [],\n  \"b\": {},\n  \"c\": [\n    1,\n    2\n  ]\n}")
    }

    func testDictArgumentsKeepPythonsLastValueForARepeatedKey() throws {
        let text = """
        from django.db import migrations

        class Migration(migrations.Migration):
            operations = [
                migrations.AlterModelOptions('book', {'ordering': ['a'], 'verbose_name': 'x', 'ordering': ['b']}),
                migrations.AlterModelOptions('page', {'verbose_name': 'p', 'permissions': []}),
                migrations.AlterModelOptions('note', {1: 'one', 'two': 2}),
            ]
        """
        let file = MigrationExtractor.extract(path: "app/migrations/0002_x.py", app: "app", name: "0002_x",
                                              module: Parser.parse(text))
        var piece = ""
        InspectJSONReporter.piece(file).withBytes { piece = String(decoding: $0, as: UTF8.self) }
        let doc = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(piece.utf8)) as? [String: Any])
        let options = try XCTUnwrap(doc["operations"] as? [[String: Any]]).map { ($0["args"] as? [String: Any])?["options"] }
        // A repeated key keeps its first place and its last value, as a Python dict does.
        XCTAssertLessThan(try XCTUnwrap(piece.range(of: "\"ordering\"")).lowerBound, try XCTUnwrap(piece.range(of: "\"verbose_name\": \"x\"")).lowerBound)
        XCTAssertEqual((options[0] as? [String: Any])?["ordering"] as? [String], ["b"])
        XCTAssertEqual((options[1] as? [String: Any])?.keys.sorted(), ["permissions", "verbose_name"])
        // A key that is not a string makes it a list of pairs.
        XCTAssertNotNil((options[2] as? [String: Any])?["dict"])
    }
}
