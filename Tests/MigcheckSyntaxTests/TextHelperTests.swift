import XCTest
@testable import MigcheckSyntax

final class TextHelperTests: XCTestCase {
    /// Strings made from a pointer equal Swift's own decoding, invalid bytes included.
    func testStringFromUTF8BytesMatchesDecoding() {
        let samples: [[UInt8]] = [
            [], Array("name".utf8), Array("fifteen_bytes_x".utf8), Array("sixteen_bytes_xy".utf8),
            Array("verbose_name_plural_é_★".utf8), [0x61, 0xFF, 0x62], [0xE2, 0x82], [0xC3], [0xED, 0xA0, 0x80],
        ]
        for bytes in samples {
            let made = bytes.withUnsafeBufferPointer { String(utf8: $0) }
            XCTAssertEqual(made, String(decoding: bytes, as: UTF8.self), "\(bytes)")
            XCTAssertEqual(Array(made.utf8), Array(String(decoding: bytes, as: UTF8.self).utf8), "\(bytes)")
        }
    }

    func testTheFoundationReplacements() {
        XCTAssertEqual(" \t a b \r\n".trimmed, "a b")
        XCTAssertEqual(" \n ".trimmed, "")
        XCTAssertEqual("ab".padded(to: 4), "ab  ")
        XCTAssertEqual("abcdef".padded(to: 4), "abcdef", "never cut")
        XCTAssertEqual(folderOf("manage.py"), "")
        XCTAssertEqual(folderOf("a/b/c.py"), "a/b")
        XCTAssertEqual(folderOf("/c.py"), "/")
        XCTAssertEqual(folderOf("a/b/"), "a")
        XCTAssertEqual(fixed(3.14159, decimals: 2), "3.14")
        XCTAssertEqual(fixed(12.35, decimals: 1, width: 7), "   12.4")
        XCTAssertEqual(fixed(0.04, decimals: 1), "0.0")
        XCTAssertEqual(fixed(-2.5, decimals: 2), "-2.50")
        XCTAssertEqual(fixed(1234, decimals: 0, width: 6), "  1234")
    }

    func testSourceTextFindsAWordInARange() {
        let source = SourceText("Migration.operations += [] # MigrationX\nMigratio")
        XCTAssertTrue(source.contains("Migration", in: TextRange(0, 9)))
        XCTAssertFalse(source.contains("Migration", in: TextRange(0, 8)))
        XCTAssertFalse(source.contains("Migration", in: TextRange(1, 27)))
        XCTAssertTrue(source.contains("Migration", in: TextRange(1, 38)))
        // A partial word at the very end, an empty range, a range past the end.
        XCTAssertFalse(source.contains("Migration", in: TextRange(39, 47)))
        XCTAssertFalse(source.contains("Migration", in: TextRange(5, 5)))
        XCTAssertFalse(source.contains("Migration", in: TextRange(40, 900)))
    }
}
