import XCTest
import MigcheckRegex

final class RegexTests: XCTestCase {
    func testMatchesAndCaptures() throws {
        let re = try Regex(#"(?i)\bdelete\s+from\s+(\w+)"#)
        XCTAssertEqual(re.firstMatch(in: "DELETE FROM shop_product;"), .match(["DELETE FROM shop_product", "shop_product"]))
        XCTAssertEqual(re.firstMatch(in: "SELECT 1"), .noMatch)
        XCTAssertTrue(try Regex("é+", caseInsensitive: true).matches("CAFÉ"))
    }

    func testCompileErrorsNameTheOffset() {
        XCTAssertThrowsError(try Regex("(unclosed")) { error in
            let e = error as! Regex.CompileError
            XCTAssertEqual(e.offset, 9)
            XCTAssertFalse(e.message.isEmpty)
        }
    }

    func testCatastrophicBacktrackingStopsAtTheLimit() throws {
        let re = try Regex("(a+)+$")
        XCTAssertEqual(re.firstMatch(in: String(repeating: "a", count: 5_000) + "!"), .limitExceeded)
    }
}
