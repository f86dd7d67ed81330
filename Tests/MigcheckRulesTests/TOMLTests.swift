import MigcheckRules
import XCTest

final class TOMLTests: XCTestCase {
    func testTablesKeysStringsAndArrays() throws {
        let doc = try TOMLParser.parse(#"""
            # a comment
            title = "basic \"quoted\" \u00e9\n"
            path = 'C:\literal'
            "quoted key" = 1_000
            dotted.key = true
            hex = 0xff
            ratio = 2.5
            lines = """
            first
            second \
                 joined"""
            raw = '''
            keep \n as is'''
            list = [1, "two", [3], { four = 4 },]

            [server.limits]
            depth = 2

            [[example]]
            triggers = true
            [example.extra]
            x = 1

            [[example]]
            triggers = false
            """#)
        XCTAssertEqual(doc["title"]?.string, "basic \"quoted\" é\n")
        XCTAssertEqual(doc["path"]?.string, #"C:\literal"#)
        XCTAssertEqual(doc["quoted key"]?.integer, 1000)
        XCTAssertEqual(doc["dotted"]?.table?["key"]?.bool, true)
        XCTAssertEqual(doc["hex"]?.integer, 255)
        XCTAssertEqual(doc["ratio"], .float(2.5))
        XCTAssertEqual(doc["lines"]?.string, "first\nsecond joined")
        XCTAssertEqual(doc["raw"]?.string, #"keep \n as is"#)
        XCTAssertEqual(doc["list"]?.array?.count, 4)
        XCTAssertEqual(doc["list"]?.array?[3].table?["four"]?.integer, 4)
        XCTAssertEqual(doc["server"]?.table?["limits"]?.table?["depth"]?.integer, 2)
        let examples = try XCTUnwrap(doc["example"]?.array)
        XCTAssertEqual(examples.map { $0.table?["triggers"]?.bool }, [true, false])
        XCTAssertEqual(examples[0].table?["extra"]?.table?["x"]?.integer, 1)
        XCTAssertEqual(doc.keys, ["title", "path", "quoted key", "dotted", "hex", "ratio", "lines", "raw", "list", "server", "example"])
    }

    func testErrorsGiveLineAndColumn() {
        let cases: [(String, String)] = [
            ("a = 1\na = 2\n", "line 2, column 6: key 'a' is defined twice"),
            ("[t]\n[t]\n", "line 2, column 4: table [t] is defined twice"),
            ("x = \"open\n", "line 1, column 10: a string must end on its line"),
            ("x = yes\n", "line 1, column 5: 'yes' is not a value: strings need quotes"),
            ("x = 1979-05-27\n", "dates and times are not supported"),
            ("x = [1 2]\n", "line 1, column 8: expected ',' or ']' in the array"),
            ("x = 1 y = 2\n", "line 1, column 7: expected the end of the line"),
            ("x = \"\\q\"\n", "unknown escape '\\q'"),
            ("a = 1\n[a]\n", "'a' is already a value, not a table"),
        ]
        for (text, expected) in cases {
            XCTAssertThrowsError(try TOMLParser.parse(text), text) { error in
                XCTAssertTrue("\(error)".contains(expected), "\(text): \(error)")
            }
        }
    }

    func testDeepNestingIsAnErrorNotACrash() {
        let deep = "x = " + String(repeating: "[", count: 100_000)
        XCTAssertThrowsError(try TOMLParser.parse(deep)) { error in
            XCTAssertTrue("\(error)".contains("nested more than"), "\(error)")
        }
    }

    /// Random mutations of a valid document: each parses or fails with an error, never crashes or hangs.
    func testMutatedDocumentsNeverCrash() {
        let seed = Array("""
            [tool.migcheck]
            engine = "postgresql"
            exclude = ["**/tests/**", 'x']
            levels = { MC204 = { maintenance = "required" } }
            [[example]]
            text = \"\"\"
            a "b" \\u00e9
            \"\"\"
            """.utf8)
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("[]{}=\"'.,#\n\\ 0a-_+e:".utf8) + [0x00, 0xFF, 0xC3]
        for _ in 0..<3_000 {
            var bytes = seed
            for _ in 0..<Int.random(in: 1...6, using: &generator) {
                let at = Int.random(in: 0..<bytes.count, using: &generator)
                switch Int.random(in: 0..<3, using: &generator) {
                case 0: bytes[at] = alphabet.randomElement(using: &generator)!
                case 1: bytes.insert(alphabet.randomElement(using: &generator)!, at: at)
                default: if bytes.count > 1 { bytes.remove(at: at) }
                }
            }
            _ = try? TOMLParser.parse(String(decoding: bytes, as: UTF8.self))
        }
    }
}
