import XCTest
@testable import MigcheckKit

final class TextStyleTests: XCTestCase {
    /// Paragraphs are split where String's own split at "\n" splits (a CR LF
    /// is one Character, and stays whole), on known and random text.
    func testParagraphsSplitAsStringDoes() {
        XCTAssertEqual(TextStyle.paragraphs(of: ""), [""])
        XCTAssertEqual(TextStyle.paragraphs(of: "a\nb\n"), ["a", "b", ""])
        XCTAssertEqual(TextStyle.paragraphs(of: "a\r\nb"), ["a\r\nb"])
        let alphabet = ["a", "é", " ", "\n", "\r", "\r\n", "😀"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let text = (0..<Int.random(in: 0...30, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }.joined()
            XCTAssertEqual(TextStyle.paragraphs(of: text), text.split(separator: "\n", omittingEmptySubsequences: false), text.debugDescription)
        }
    }

    func testWrapWithoutWidthKeepsEachParagraphOnOneLine() {
        let style = TextStyle()
        XCTAssertEqual(style.wrap("one two\nthree", indent: "  ", first: "> "), "> one two\n  three\n")
        XCTAssertEqual(style.wrap("", indent: "  "), "  \n")
    }

    /// Greedy filling: every line holds as many words as fit in the width
    /// (a longer word gets a line of its own), and no word is lost or moved.
    func testWrapFillsLinesGreedily() {
        var style = TextStyle()
        style.width = 20
        XCTAssertEqual(style.wrap("fix: add the column as nullable first", indent: "    ", first: "- "),
                       "- fix: add the\n    column as\n    nullable first\n")
        XCTAssertEqual(style.wrap("a averyveryverylongwordindeed b", indent: "  "), "  a\n  averyveryverylongwordindeed\n  b\n")
        let words = ["a", "bb", "ccc", "déjà", "x" + String(repeating: "y", count: 25), "😀😀"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            style.width = Int.random(in: 10...40, using: &generator)
            let text = (0..<Int.random(in: 1...25, using: &generator)).map { _ in words.randomElement(using: &generator)! }
            let lines = style.wrap(text.joined(separator: " "), indent: "   ", first: "> ").split(separator: "\n").map(String.init)
            let body = { (line: String) in line.dropFirst(line.hasPrefix(">") ? 2 : 3) }
            XCTAssertEqual(lines.flatMap { body($0).split(separator: " ").map(String.init) }, text)
            for (k, line) in lines.enumerated() {
                XCTAssertTrue(line.count <= style.width || !body(line).contains(" "), line)
                if k + 1 < lines.count, let next = body(lines[k + 1]).split(separator: " ").first {
                    XCTAssertGreaterThan(line.count + 1 + next.count, style.width, "\(line) could hold \(next)")
                }
            }
        }
    }
}
