import XCTest
@testable import MigcheckSyntax

final class TextHelperTests: XCTestCase {
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
}
