import XCTest
@testable import MigcheckSyntax

final class ParserTests: XCTestCase {
    func assertParses(_ text: String, file: StaticString = #filePath, line: UInt = #line) {
        let module = Parser.parse(text)
        let shown = module.errors.map { e -> String in
            let l = module.source.location(of: e.offset)
            return "\(l.line):\(l.column): \(e.message)"
        }
        XCTAssertEqual(shown, [], text, file: file, line: line)
    }

    /// The first error's line and column.
    func firstError(_ text: String) -> (Int, Int, String)? {
        let module = Parser.parse(text)
        guard let e = module.errors.first else { return nil }
        let l = module.source.location(of: e.offset)
        return (l.line, l.column, e.message)
    }

    func testEveryStatementForm() {
        let cases = [
            "import os, os.path as p\n",
            "from . import a\nfrom ..b.c import (d as e, f,)\nfrom x import *\n",
            "a = b = 1\na, *b = c\n[a, b] = c\na.b[0] = 1\nx: int = 1\ny: list[int]\nz += 1\n",
            "def f(a, /, b: int = 1, *args: int, c, d=2, **kw) -> None:\n    pass\n",
            "def g[T, *Ts, **P](x: T) -> T: return x\n",
            "class C[T: int = str](Base, metaclass=Meta, **kw):\n    x = 1\n    def m(self): ...\n",
            "@decorator\n@other(1)\n@a.b[c]\nasync def h():\n    await x\n    async for i in y: pass\n    async with z as w: pass\n",
            "if a:\n    pass\nelif b:\n    pass\nelse:\n    pass\n",
            "for i, j in x:\n    continue\nelse:\n    break\n",
            "while x := f():\n    pass\nelse:\n    pass\n",
            "try:\n    pass\nexcept (A, B) as e:\n    raise C from e\nexcept D:\n    pass\nelse:\n    pass\nfinally:\n    pass\n",
            "try:\n    pass\nexcept* ValueError:\n    pass\n",
            "try:\n    pass\nexcept ValueError, TypeError:\n    pass\n",
            "with open(a) as f, open(b) as g:\n    pass\n",
            "with (open(a) as f,\n      open(b) as g,):\n    pass\n",
            "match command.split():\n    case [action]:\n        pass\n    case [\"go\", direction] | [\"move\", direction]:\n        pass\n    case Point(x=0, y=0) if flag:\n        pass\n    case {\"k\": v, **rest}:\n        pass\n    case (1 | 2) as n:\n        pass\n    case -1 | 1+2j | \"s\" | None | a.b.c:\n        pass\n    case [*_, last]:\n        pass\n    case _:\n        pass\n",
            "match = 1\nmatch(x)\ncase = 2\n",
            "type Alias[T] = list[T]\ntype = 3\n",
            "global a, b\nnonlocal c\ndel a, b[0], c.d\nassert x, 'message'\n",
            "x = lambda a, *b, c=1, **d: (a, b, c, d)\n",
            "x = [i for i in range(3) if i if not i]\ny = {k: v for k, v in z}\nw = {a for a in b}\ng = (x async for x in y)\n",
            "x = a[1:2, ::3, :] + b[*c] + d[e:=1]\n",
            "f(*a, b, *c, d=1, **e)\nf(x for x in y)\n",
            "x = yield\ny = yield from z\nz = (yield a, b)\n",
            "x = a if b else c if d else e\nx = not a and b or c\nx = a < b <= c != d is not e not in f in g is h\n",
            "x = -a ** -b // c @ d % e << f >> g & h ^ i | ~j\n",
            "x = 'a' \"b\" f'{c}' '''d''' r'\\e'\nb = b'x' B'y'\n",
            "x = {**a, 'b': 1, **c}\ny = {*a, *b}\nz = (*a, *b)\nw = [*a]\n",
            "x = ...\nx: 'str' = None\nprint(*args, sep='')\n",
            "if x: a = 1; b = 2\n",
            "class A: pass\n",
            "@property\ndef f(self): return self._f\n",
        ]
        for text in cases { assertParses(text) }
    }

    func testRangesCoverTheirSource() {
        let module = Parser.parse("x = 1\n\ndef f():\n    return 2\n\n\ny = 3\n")
        XCTAssertEqual(module.body.count, 3)
        let def = module.body[1]
        XCTAssertEqual(module.source.text(def.range), "def f():\n    return 2")
        XCTAssertEqual(module.source.location(of: Int(module.body[2].range.start)), SourceLocation(line: 7, column: 1))
    }

    func testSyntaxErrorsHaveLineAndColumn() {
        XCTAssertEqual(firstError("x = (1 +\n")?.0, 1)
        XCTAssertEqual(firstError("def f(:\n    pass\n")?.0, 1)
        let e = firstError("a = 1\nb = = 2\n")
        XCTAssertEqual(e?.0, 2)
        XCTAssertEqual(e?.1, 5)
        XCTAssertNotNil(firstError("print 'hello'\n"))
        XCTAssertNotNil(firstError("f() = 1\n"))
        XCTAssertNotNil(firstError("f(a=1, b)\n"))
        XCTAssertNotNil(firstError("if x\n    pass\n"))
        XCTAssertNotNil(firstError("def f():\nreturn 1\n"))
        XCTAssertNotNil(firstError("    x = 1\n"))
        XCTAssertNotNil(firstError("x = 'a' b'c'\n"))
        XCTAssertNotNil(firstError("for x in y\n    pass\n"))
    }

    func testRecoversAtTheNextStatement() {
        let text = """
        def broken(:
            return 1

        def also_broken():
            x = [1, 2
            return x

        class Migration:
            operations = []

        """
        let module = Parser.parse(text)
        XCTAssertEqual(module.errors.count, 2, "\(module.errors)")
        let classes = module.body.compactMap { s -> String? in if case .classDef(let c) = s.kind { return c.name }; return nil }
        XCTAssertEqual(classes, ["Migration"])
    }

    func testDeepNestingIsAnErrorNotACrash() {
        for depth in [150, 1_000, 100_000] {
            let text = "x = " + String(repeating: "(", count: depth) + "1" + String(repeating: ")", count: depth) + "\n"
            let module = Parser.parse(text)
            // One error where the limit is crossed, as CPython reports it, not one per bracket beyond.
            XCTAssertEqual(module.errors.map(\.message), depth > Parser.maxNesting ? ["too many nested parentheses"] : [], "\(depth)")
        }
        for unary in ["-", "not ", "~", "lambda: "] {
            XCTAssertFalse(Parser.parse("x = " + String(repeating: unary, count: 50_000) + "1\n").errors.isEmpty)
        }
        XCTAssertEqual(Parser.parse(String(repeating: "[", count: 100_000)).errors.map(\.message),
                       ["too many nested parentheses", "'[' was never closed"])
        let ifChain = (0..<150).map { String(repeating: " ", count: $0) + "if x:\n" }.joined() + String(repeating: " ", count: 150) + "pass\n"
        XCTAssertFalse(Parser.parse(ifChain).errors.isEmpty)
        XCTAssertEqual(Parser.parse("x = " + Array(repeating: "a", count: 900).joined(separator: " + ") + "\n").errors.count, 0)
        XCTAssertEqual(Parser.parse("x = " + Array(repeating: "a", count: 100_000).joined(separator: " + ") + "\n").errors.count, 1)
        XCTAssertEqual(Parser.parse("x = a" + String(repeating: ".b()", count: 50_000) + "\n").errors.count, 1)
    }

    /// ASCII is skipped 32 and 8 bytes at a time: a bad byte at any offset in
    /// or after those blocks is still found where it is, and valid UTF-8 there is not flagged.
    func testInvalidUTF8IsFoundAtEveryOffset() {
        for offset in 0..<80 {
            let prefix = [UInt8](repeating: 0x61, count: offset)
            let bad = Parser.parse(SourceText(bytes: prefix + [0xFF] + Array("\nx = 1\n".utf8)))
            XCTAssertEqual(bad.errors.map(\.offset), [offset], "0xFF after \(offset) bytes")
            XCTAssertEqual(Parser.firstInvalidUTF8(prefix + [0xC3, 0xA9, 0x0A]), nil, "é after \(offset) bytes")
            XCTAssertEqual(Parser.firstInvalidUTF8(prefix + [0xC3]), offset, "a truncated sequence after \(offset) bytes")
        }
    }

    func testHostileBytesNeverCrash() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            let bytes = (0..<Int.random(in: 0..<400, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            _ = Parser.parse(SourceText(bytes: bytes))
            let ascii = bytes.map { b -> UInt8 in let c = b % 96; return c < 2 ? 0x0A : c + 30 }
            _ = Parser.parse(SourceText(bytes: ascii))
        }
        XCTAssertEqual(Parser.parse(SourceText(bytes: [0x78, 0x3D, 0xFF, 0x0A])).errors.count, 1)
        XCTAssertEqual(Parser.parse(SourceText(bytes: [0x78, 0x3D, 0x31, 0x00, 0x0A])).errors.count, 1)
        XCTAssertFalse(Parser.parse("x = '''never closed\n" + String(repeating: "y\n", count: 1000)).errors.isEmpty)
        XCTAssertFalse(Parser.parse("if x:\n\tif y:\n        pass\n").errors.isEmpty)
    }

    func testLineIndexForEveryLineEnd() {
        for (text, starts) in [("a\nb\n", [0, 2, 4]), ("a\r\nb", [0, 3]), ("a\rb\r\n\nc", [0, 2, 5, 6]), ("", [0])] {
            XCTAssertEqual(SourceText(text).lineStarts, starts, text.debugDescription)
        }
        let source = SourceText("x = 1\r\n  é = 2\n")
        XCTAssertEqual(source.location(of: 11), SourceLocation(line: 2, column: 4), "the space after é")
    }

    func testStringDecoding() {
        func value(_ literal: String) -> String? {
            let module = Parser.parse("x = " + literal + "\n")
            guard case .assign(_, let v) = module.body[0].kind, case .string(let parts) = v.kind else { return nil }
            return StringDecoder.value(of: parts, in: module.source)
        }
        XCTAssertEqual(value(#"'a\nb\t\'c\x41\u00e9\N{DASH}'"#), "a\nb\t'cAé\\N{DASH}")
        XCTAssertEqual(value(#"r'\d+\n'"#), #"\d+\n"#)
        XCTAssertEqual(value("'a' \"b\" '''c'''"), "abc")
        XCTAssertEqual(value("u'caf\\xe9'"), "café")
        XCTAssertEqual(value("'''line\r\nnext'''"), "line\nnext")
        XCTAssertNil(value("f'{x}'"))
        XCTAssertNil(value("b'x'"))
    }
}

final class FStringParserTests: XCTestCase {
    func fieldSources(_ literal: String) -> [String] {
        let module = Parser.parse("x = " + literal + "\n")
        XCTAssertEqual(module.errors.map(\.message), [], literal)
        guard case .assign(_, let v) = module.body.first?.kind, case .string(let parts) = v.kind else { return [] }
        return parts.flatMap { $0.expressions.map { module.source.text($0.range) } }
    }

    func testReplacementFieldsBecomeExpressions() {
        XCTAssertEqual(fieldSources(#"f"{a} and {b.c(1)!r:>{width}}""#), ["a", "b.c(1)", "width"])
        XCTAssertEqual(fieldSources(#"f"{x=}, {y = !r}, {a >= b=}, {a != b}""#), ["x", "y", "a >= b", "a != b"])
        XCTAssertEqual(fieldSources(#"f"{", ".join(f'{i}' for i in xs)}""#), [#"", ".join(f'{i}' for i in xs)"#])
        XCTAssertEqual(fieldSources("f'''{\n  a +\n  b\n}'''"), ["a +\n  b"])
        XCTAssertEqual(fieldSources(#"'plain ' f"{a}" t"{b}""#), ["a", "b"])
        XCTAssertEqual(fieldSources(#"f"{{literal}} {(lambda: 1)()}""#), ["(lambda: 1)()"])
    }

    /// One literal is kept inline (no array); the parts read the same either way.
    func testStringPartsOfOneLiteralAndOfSeveral() {
        func parts(_ literal: String) -> [(String, StringKind, Int)] {
            let module = Parser.parse("x = " + literal + "\n")
            guard case .assign(_, let v) = module.body.first?.kind, case .string(let parts) = v.kind else { return [] }
            return parts.map { (module.source.text($0.range), $0.kind, $0.expressions.count) }
        }
        XCTAssertEqual(parts("'a'").map(\.0), ["'a'"])
        XCTAssertEqual(parts("b'a'").map(\.1), [.bytes])
        XCTAssertEqual(parts("f'no fields'").map(\.1), [.formatted])
        XCTAssertEqual(parts("f'{a}{b}'").map(\.2), [2])
        XCTAssertEqual(parts("'a' f'{b}' t'c'").map(\.0), ["'a'", "f'{b}'", "t'c'"])
        XCTAssertEqual(parts("'a' f'{b}' t'c'").map(\.1), [.text, .formatted, .template])
        XCTAssertEqual(parts("'a' f'{b}' t'c'").map(\.2), [0, 1, 0])
    }

    func testErrorsInsideFieldsAreReportedWhereTheyAre() {
        let module = Parser.parse("x = 1\ny = f\"ok {a +} end\"\n")
        XCTAssertEqual(module.errors.count, 1)
        let location = module.source.location(of: module.errors[0].offset)
        XCTAssertEqual(location.line, 2)
        XCTAssertEqual(location.column, 14, "at the closing brace, where the operand is missing")
        XCTAssertEqual(Parser.parse("y = f'{}'\n").errors.map(\.message), ["f-string: valid expression required before '}'"])
        XCTAssertFalse(Parser.parse("y = f'{a b}'\n").errors.isEmpty)
    }

    func testDeepFStringNestingIsBounded() {
        var text = "x"
        for k in 0..<300 { text = (k % 2 == 0 ? "f'{" : "f\"{") + text + (k % 2 == 0 ? "}'" : "}\"") }
        XCTAssertFalse(Parser.parse("y = " + text + "\n").errors.isEmpty)
        XCTAssertEqual(Parser.parse("y = " + String(repeating: "f'{", count: 5) + "x" + String(repeating: "}'", count: 5) + "\n").errors.count, 0)
    }
}
