import XCTest
@testable import MigcheckSyntax

final class LexerTests: XCTestCase {
    func kinds(_ text: String) -> [TokenKind] {
        Lexer.lex(SourceText(text)).tokens.map(\.kind)
    }

    func errors(_ text: String) -> [String] {
        Lexer.lex(SourceText(text)).errors.map(\.message)
    }

    func testEveryStringPrefixInAnyCase() {
        for prefix in ["", "r", "u", "R", "U", "b", "B", "br", "Br", "bR", "rb", "RB", "f", "F", "fr", "rf", "Rf", "fR", "t", "T", "tr", "rt"] {
            for quote in ["'", "\"", "'''", "\"\"\""] {
                let text = "x = \(prefix)\(quote)a\(quote)\n"
                let toks = kinds(text)
                let expected: TokenKind = prefix.lowercased().contains("f") || prefix.lowercased().contains("t") ? .fstring : .string
                XCTAssertEqual(toks, [.name, .equal, expected, .newline, .endMarker], text)
                XCTAssertEqual(errors(text), [], text)
            }
        }
    }

    /// Keywords are told from names by their packed bytes, read eight at a
    /// time where the file has eight bytes left: each keyword and near-miss
    /// is tried in the middle of a file and as its very last bytes.
    func testEveryKeywordAndItsNearMisses() {
        let keywords: [(String, TokenKind)] = [
            ("False", .kwFalse), ("None", .kwNone), ("True", .kwTrue), ("and", .kwAnd), ("as", .kwAs),
            ("assert", .kwAssert), ("async", .kwAsync), ("await", .kwAwait), ("break", .kwBreak),
            ("class", .kwClass), ("continue", .kwContinue), ("def", .kwDef), ("del", .kwDel),
            ("elif", .kwElif), ("else", .kwElse), ("except", .kwExcept), ("finally", .kwFinally),
            ("for", .kwFor), ("from", .kwFrom), ("global", .kwGlobal), ("if", .kwIf), ("import", .kwImport),
            ("in", .kwIn), ("is", .kwIs), ("lambda", .kwLambda), ("nonlocal", .kwNonlocal), ("not", .kwNot),
            ("or", .kwOr), ("pass", .kwPass), ("raise", .kwRaise), ("return", .kwReturn), ("try", .kwTry),
            ("while", .kwWhile), ("with", .kwWith), ("yield", .kwYield),
        ]
        for (word, kind) in keywords {
            XCTAssertEqual(kinds("x\n\(word)\nvariable_after\n").dropFirst(2).first, kind, word)
            XCTAssertEqual(kinds(word).first, kind, "\(word) at the end of the file")
            for miss in [word + "s", String(word.dropLast()), word.uppercased(), "_" + word, word + "_1"]
            where !keywords.contains(where: { $0.0 == miss }) {
                XCTAssertEqual(kinds("x\n\(miss)\nvariable_after\n").dropFirst(2).first, .name, miss)
                XCTAssertEqual(kinds(miss).first, .name, "\(miss) at the end of the file")
            }
        }
        XCTAssertEqual(kinds("match case type _ i"), [.name, .name, .name, .name, .name, .newline, .endMarker])
    }

    /// `=` and `.` are read apart from the other operators: not when they start `==`, `...` or a number.
    func testEqualsAndDotsBesideTheirLongerForms() {
        XCTAssertEqual(kinds("a=b==c.d...e.5 .x=="), [.name, .equal, .name, .eqEqual, .name, .dot, .name, .ellipsis, .name,
                                                      .number, .dot, .name, .eqEqual, .newline, .endMarker])
        XCTAssertEqual(kinds("f(x=.5, y=..., z=a.b)="), [.name, .lpar, .name, .equal, .number, .comma, .name, .equal, .ellipsis,
                                                      .comma, .name, .equal, .name, .dot, .name, .rpar, .equal, .newline, .endMarker])
    }

    func testInvalidPrefixIsANameThenAString() {
        XCTAssertEqual(kinds("ub'x'\n"), [.name, .string, .newline, .endMarker])
    }

    func testFStringsWithNestedFieldsSpecsAndReusedQuotes() {
        let cases = [
            #"f"{x!r:>{width}.{precision}}""#,
            #"f"{", ".join(f'{a}' for a in items)}""#,
            #"f"{"nested " + f"{"deeper"}"}""#,
            #"f'{{literal}} {value}'"#,
            #"f"{x = }""#,
            #"f"{d["key"]} and {d['other']}""#,
            "f'''multi\n{line\n  + 1}\n'''",
            #"f"{x:{'>' if right else '<'}10}""#,
            #"rf"\d+{pattern}\w""#,
            #"f"{a != b}""#,
            #"t"hello {name}""#,
        ]
        for text in cases {
            XCTAssertEqual(kinds(text + "\n"), [.fstring, .newline, .endMarker], text)
            XCTAssertEqual(errors(text + "\n"), [], text)
        }
    }

    func testNumbersOfEveryForm() {
        for text in ["0", "00", "0_0", "1_000_000", "0x_FF", "0XdeadBEEF", "0o777", "0b1010_1010", "3.14", "10.", ".5", "1e10",
                     "1E-5", "1_0.0_1e+1_0", "3j", "1.5J", "0.0", "007.5", "007j", "007e1"] {
            XCTAssertEqual(kinds(text + "\n"), [.number, .newline, .endMarker], text)
            XCTAssertEqual(errors(text + "\n"), [], text)
        }
        XCTAssertFalse(errors("1__0\n").isEmpty)
        XCTAssertFalse(errors("0x\n").isEmpty)
        // Python 2's octal literals, as CPython 3 words it.
        for text in ["007", "0_7", "09"] {
            XCTAssertEqual(errors(text + "\n"), ["leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers"], text)
        }
    }

    func testIndentationWithSpacesAndTabs() {
        XCTAssertEqual(kinds("if x:\n    y\n    if z:\n\tw\nv\n"),
                       [.kwIf, .name, .colon, .newline, .indent, .name, .newline, .kwIf, .name, .colon, .newline,
                        .indent, .name, .newline, .dedent, .dedent, .name, .newline, .endMarker])
        XCTAssertEqual(errors("if x:\n\ta\n\tb\n"), [])
        // Eight spaces and a tab reach the same column only with tab size 8: Python's TabError.
        XCTAssertEqual(errors("if x:\n        a\n\tb\n"), ["inconsistent use of tabs and spaces in indentation"])
        XCTAssertEqual(errors("if x:\n    a\n\tb\n"), ["inconsistent use of tabs and spaces in indentation"])
        XCTAssertEqual(errors("if x:\n    a\n  b\n"), ["unindent does not match any outer indentation level"])
    }

    func testBlankAndCommentLinesDoNotIndent() {
        let lexed = Lexer.lex(SourceText("def f():\n    a = 1\n\n        # deep comment\n    return a\n"))
        XCTAssertEqual(lexed.errors.count, 0)
        XCTAssertEqual(lexed.comments.count, 1)
        XCTAssertEqual(lexed.tokens.filter { $0.kind == .indent }.count, 1)
    }

    func testLineEndsBOMFormFeedAndContinuation() {
        let expected: [TokenKind] = [.name, .equal, .number, .newline, .name, .equal, .number, .newline, .endMarker]
        XCTAssertEqual(kinds("a = 1\r\nb = 2\r\n"), expected)
        XCTAssertEqual(kinds("a = 1\rb = 2\r"), expected)
        XCTAssertEqual(kinds("\u{FEFF}a = 1\nb = 2"), expected)
        XCTAssertEqual(kinds("\u{0C}a = 1\n\u{0C}b = 2\n"), expected)
        XCTAssertEqual(kinds("a = \\\n  1\nb = 2\n"), expected)
        XCTAssertEqual(kinds("a = (\n 1)\nb = [\n2\n]\n").filter { $0 == .newline }.count, 2)
    }

    func testCommentsAreKeptWithTheirRanges() {
        let source = SourceText("x = 1  # migcheck: ignore[MC101] -- reason\n")
        let lexed = Lexer.lex(source)
        XCTAssertEqual(lexed.comments.map { source.text($0.range) }, ["# migcheck: ignore[MC101] -- reason"])
    }

    func testUnicodeIdentifiers() {
        XCTAssertEqual(kinds("données = 'é'\nπ = 3.14\n"), [.name, .equal, .string, .newline, .name, .equal, .number, .newline, .endMarker])
    }

    /// Where plain strings end: the other quote, escaped quotes and
    /// backslashes, a backslash before LF or CRLF (which continues the
    /// string), and quotes and line ends inside triple quotes.
    func testPlainStringEnds() {
        let cases: [(String, Int)] = [
            (#"'say "hi"'"#, 10), (#""it's""#, 6), (#"'a\'b'"#, 6), (#"'a\\'"#, 5), (#""a\"""#, 5),
            ("'a\\\nb'", 6), ("'a\\\r\nb'", 7), ("'''a'b''c\n'''", 13), (#""""a"b""c""""#, 12), ("''", 2), ("''''''", 6),
        ]
        for (literal, length) in cases {
            let lexed = Lexer.lex(SourceText(literal + " + x\n"))
            XCTAssertEqual(lexed.errors.map(\.message), [], literal.debugDescription)
            XCTAssertEqual(lexed.tokens.first.map { Int($0.end - $0.start) }, length, literal.debugDescription)
            XCTAssertEqual(lexed.tokens.map(\.kind), [.string, .plus, .name, .newline, .endMarker], literal.debugDescription)
        }
        XCTAssertEqual(errors("x = 'a\\'\n"), ["unterminated string literal"])
        XCTAssertEqual(errors("x = 'a\r\n'"), ["unterminated string literal", "unterminated string literal"])
        XCTAssertEqual(errors("x = \"abc\\"), ["unterminated string literal"])
    }

    func testUnterminatedStringsAreErrorsNotHangs() {
        XCTAssertEqual(errors("x = '''abc\n\ndef"), ["unterminated triple-quoted string literal"])
        XCTAssertEqual(errors("x = 'abc\ny = 2\n"), ["unterminated string literal"])
        XCTAssertEqual(errors("x = f'{a\n"), ["f-string: expecting '}'"])
    }

    func testBracketErrors() {
        XCTAssertEqual(errors("x = (1, 2\n"), ["'(' was never closed"])
        XCTAssertEqual(errors("x = 1)\n"), ["unmatched ')'"])
        XCTAssertEqual(errors("x = (1]\n"), ["closing parenthesis ']' does not match opening parenthesis '('"])
    }

    /// An unclosed bracket ends at a line that starts with a statement
    /// keyword, so the rest of the file is still read; any other line
    /// (a near miss, a soft keyword, an expression keyword) continues it.
    func testUnclosedBracketEndsAtAStatementKeyword() {
        let statements = ["def", "class", "return", "import", "pass", "raise", "with", "while", "try", "except",
                          "finally", "elif", "global", "nonlocal", "del", "assert", "break", "continue"]
        for word in statements {
            let lexed = Lexer.lex(SourceText("x = foo(1,\n    \(word) y\n"))
            XCTAssertEqual(lexed.errors.map(\.message), ["'(' was never closed"], word)
            XCTAssertEqual(lexed.tokens.filter { $0.kind == .newline }.count, 2, "\(word) starts a new logical line")
        }
        let continuing = statements.flatMap { [$0 + "s", $0 + "_", "_" + $0, $0.uppercased()] }
            + ["for", "if", "else", "in", "not", "lambda", "yield", "await", "match", "case", "type", "z", "models", "verbose_name"]
        for word in continuing where !statements.contains(word) {
            let lexed = Lexer.lex(SourceText("x = foo(1,\n    \(word) y\n"))
            XCTAssertEqual(lexed.errors.map(\.message), ["'(' was never closed"], word)
            XCTAssertEqual(lexed.tokens.filter { $0.kind == .newline }.count, 1, "\(word) continues the bracket")
        }
    }

    func testNulBytesAndStrayCharacters() {
        XCTAssertEqual(errors("x = 1\0\n"), ["source code cannot contain null bytes"])
        XCTAssertEqual(errors("x = $\n"), ["invalid character '$'"])
    }

    func testKeywordsAndSoftKeywords() {
        XCTAssertEqual(kinds("match = type = case = _\n"), [.name, .equal, .name, .equal, .name, .equal, .name, .newline, .endMarker])
        XCTAssertEqual(kinds("nonlocal continue\n"), [.kwNonlocal, .kwContinue, .newline, .endMarker])
    }

    func testOperators() {
        let text = "a **= b //= c >>= d <<= e @= f -> g := h != i ... ~j ^ k | l & m % n\n"
        XCTAssertEqual(errors(text), [])
        XCTAssertTrue(kinds(text).contains(.doubleStarEqual))
        XCTAssertTrue(kinds(text).contains(.colonEqual))
        XCTAssertTrue(kinds(text).contains(.ellipsis))
        XCTAssertTrue(kinds(text).contains(.rarrow))
    }

    func testOpeningBracketsCarryTheirItemCount() {
        let text = "f(a, (1, 2), [x for x in y], {'k': [3, 4, 5,]}, g())\n"
        let lexed = Lexer.lex(SourceText(text))
        let counts = lexed.tokens.filter { [.lpar, .lsqb, .lbrace].contains($0.kind) }.map(\.items)
        // f( 5 items; (1, 2); [x for ...] one; {…} one; [3, 4, 5,] three plus the trailing comma; g() empty.
        XCTAssertEqual(counts, [5, 2, 1, 1, 4, 0])
        XCTAssertTrue(lexed.tokens.filter { ![.lpar, .lsqb, .lbrace].contains($0.kind) }.allSatisfy { $0.items == 0 })
        XCTAssertEqual(MemoryLayout<Token>.stride, 12)
    }
}
