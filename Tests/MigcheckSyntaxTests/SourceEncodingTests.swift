import XCTest
@testable import MigcheckSyntax

final class SourceEncodingTests: XCTestCase {
    /// Parses `lines` written in latin-1 bytes (each Character ≤ U+00FF becomes one byte).
    func latin1(_ text: String) -> [UInt8] {
        text.unicodeScalars.map { UInt8($0.value) }
    }

    func stringValue(_ source: SourceText) -> String? {
        let module = Parser.parse(source)
        XCTAssertEqual(module.errors.map(\.message), [])
        for stmt in module.body {
            if case .assign(_, let v) = stmt.kind, case .string(let parts) = v.kind { return StringDecoder.value(of: parts, in: source) }
        }
        return nil
    }

    func testLatin1AndCP1252AreTranscoded() {
        XCTAssertEqual(stringValue(SourceText(fileBytes: latin1("# -*- coding: latin-1 -*-\nx = 'caf\u{E9}'\n"))), "café")
        XCTAssertEqual(stringValue(SourceText(fileBytes: latin1("#!/usr/bin/env python\n# vim: set fileencoding=iso-8859-1 :\nx = '\u{E0}'\n"))), "à")
        XCTAssertEqual(stringValue(SourceText(fileBytes: [UInt8]("# coding=cp1252\nx = '".utf8) + [0x80, 0x27, 0x0A])), "€")
        let source = SourceText(fileBytes: latin1("# coding: latin_1\nx = '\u{E9}t\u{E9}' ; y = 1\n"))
        XCTAssertEqual(source.location(of: Int(Parser.parse(source).body[1].range.start)), SourceLocation(line: 2, column: 13),
                       "columns count characters, as before transcoding")
    }

    func testUTF8CookiesAndFilesWithoutOneAreLeftAlone() {
        let bytes = Array("# -*- coding: utf-8 -*-\nx = 'é'\n".utf8)
        XCTAssertEqual(SourceText(fileBytes: bytes).bytes, bytes)
        XCTAssertEqual(SourceText(fileBytes: Array("x = 'é'\n".utf8)).bytes, Array("x = 'é'\n".utf8))
    }

    func testOnlyTheFirstTwoLinesCount() {
        // A code line first: the cookie on line 2 is just a comment, and the latin-1 byte is invalid UTF-8.
        let module = Parser.parse(SourceText(fileBytes: latin1("x = 1\n# coding: latin-1\ny = '\u{E9}'\n")))
        XCTAssertEqual(module.errors.count, 1)
        XCTAssertTrue(module.errors[0].message.contains("not valid UTF-8"))
    }

    func testUnreadableDeclarationsAreErrors() {
        let unsupported = Parser.parse(SourceText(fileBytes: Array("# coding: koi8-r\nx = 1\n".utf8)))
        XCTAssertEqual(unsupported.errors.map(\.message), ["the declared encoding 'koi8-r' is not supported by migcheck: convert the file to UTF-8"])
        let bom = Parser.parse(SourceText(fileBytes: [0xEF, 0xBB, 0xBF] + Array("# coding: latin-1\nx = 1\n".utf8)))
        XCTAssertEqual(bom.errors.count, 1)
        let ascii = Parser.parse(SourceText(fileBytes: Array("# coding: ascii\nx = 'é'\n".utf8)))
        XCTAssertEqual(ascii.errors.count, 1)
        let undefined = Parser.parse(SourceText(fileBytes: Array("# coding: cp1252\nx = '".utf8) + [0x81, 0x27, 0x0A]))
        XCTAssertEqual(undefined.errors.count, 1)
    }
}
