/// The tokens of one file, its comments, and the lexical errors found.
public struct LexedSource: Sendable {
    public var tokens: Tokens
    public var comments: [Comment]
    public var errors: [SyntaxError]
    /// The expressions of f- and t-string replacement fields, in source order
    /// (without `=`, `!conversion` or `:spec`), for the parser to read in turn.
    public var fields: [TextRange]
}

/// Python 3.14's tokenizer over UTF-8 bytes: names, numbers, every string
/// form (f- and t-strings with nested fields as one token each, PEP 701
/// quote reuse), operators, NEWLINE/INDENT/DEDENT with tab and space
/// consistency checks, comments, line continuations, CR/LF/CRLF line ends, a
/// BOM and form feeds. It never fails: what it cannot read becomes an error
/// token plus a `SyntaxError`, and lexing goes on.
public struct Lexer {
    /// CPython's tokenizer limits: deeper input is an error, not a crash.
    public static let maxBracketDepth = 200
    public static let maxIndentDepth = 100
    static let maxFStringDepth = 150

    /// The file's bytes, read without bounds checks: every read is behind a
    /// test of `i < n` (or `at`), which the fuzz target checks under ASan.
    private let b: UnsafeBufferPointer<UInt8>
    private let n: Int
    private var i = 0
    private let tokens: Tokens
    private var comments: [Comment] = []
    private var errors: [SyntaxError] = []
    private var brackets: [OpenBracket] = []
    /// Commas met directly inside the innermost open bracket (each entry of
    /// `brackets` keeps its parent's count until it closes).
    private var commas = 0
    private var indents: [Int] = [0]
    /// Indentation measured with tabs as one column; it must order lines the
    /// same way as the tab-size-8 measure, or the file mixes tabs ambiguously.
    private var altIndents: [Int] = [0]
    private var atLineStart = true
    private var lineHasTokens = false
    private var fields: [TextRange] = []
    /// Inside an f-string nested in a replacement field: its own fields are
    /// found again when that field's expression is lexed on its own.
    private var nestedFString = 0
    /// Lexing one replacement field's expression, as if inside brackets.
    private let isField: Bool

    public static func lex(_ source: SourceText) -> LexedSource {
        lex(source, from: 0, to: source.bytes.count, isField: false)
    }

    /// The tokens of one replacement field's expression (see `LexedSource.fields`):
    /// newlines inside it join lines, as within brackets (PEP 701).
    public static func lexField(_ source: SourceText, _ range: TextRange) -> LexedSource {
        lex(source, from: Int(range.start), to: Int(range.end), isField: true)
    }

    private static func lex(_ source: SourceText, from start: Int, to end: Int, isField: Bool) -> LexedSource {
        source.bytes.withUnsafeBufferPointer { bytes in
            var lexer = Lexer(bytes: bytes, from: start, to: min(end, bytes.count), isField: isField)
            lexer.run()
            return LexedSource(tokens: lexer.tokens, comments: lexer.comments, errors: lexer.errors, fields: lexer.fields)
        }
    }

    private init(bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, isField: Bool) {
        b = bytes
        n = end
        i = start
        self.isField = isField
        tokens = Tokens(capacity: (end - start) / 4 + 16)
        if isField {
            atLineStart = false
            brackets.append(OpenBracket(byte: 0x28, offset: start, token: -1))
        } else if n >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF {
            i = 3
        }
    }

    private func at(_ k: Int) -> UInt8 { k < n ? b[k] : 0 }

    /// Inlined: a call per token cost more than the append itself.
    @inline(__always)
    private mutating func emit(_ kind: TokenKind, _ start: Int, _ end: Int) {
        tokens.append(Token(kind: kind, start: Int32(truncatingIfNeeded: start), end: Int32(truncatingIfNeeded: end)))
        if kind != .newline && kind != .indent && kind != .dedent { lineHasTokens = true }
    }

    private mutating func error(_ message: String, _ offset: Int) {
        if let last = errors.last, last.offset == offset { return }
        errors.append(SyntaxError(message, at: offset))
    }

    private mutating func run() {
        while true {
            if atLineStart && brackets.isEmpty {
                if !readIndentation() { break }
            }
            skipBlanks()
            guard i < n else { break }
            let c = b[i]
            switch c {
            case 0x23: // '#'
                readComment()
            case 0x0A, 0x0D:
                let start = i
                skipLineEnd()
                if !isField && !brackets.isEmpty {
                    let blanksEnd = blanksEnd(from: i)
                    if startsStatement(at: blanksEnd) {
                        // An unclosed bracket would swallow the rest of the file; a
                        // line that starts with `def`, `class`, `return`... cannot
                        // continue an expression, so close the logical line here.
                        error("'\(Character(UnicodeScalar(brackets[0].byte)))' was never closed", brackets[0].offset)
                        brackets.removeAll()
                        commas = 0
                    } else {
                        // Inside brackets the next line's indentation means nothing.
                        i = blanksEnd
                    }
                }
                if brackets.isEmpty {
                    if lineHasTokens { emit(.newline, start, i) }
                    lineHasTokens = false
                    atLineStart = true
                }
            case 0x5C: // '\'
                let next = at(i + 1)
                if next == 0x0A || next == 0x0D {
                    i += 1
                    skipLineEnd()
                    if i >= n { error("unexpected EOF while parsing", i) }
                } else {
                    error("unexpected character after line continuation character", i)
                    emit(.error, i, i + 1)
                    i += 1
                }
            case 0x22, 0x27: // quotes
                readString(start: i, prefixEnd: i)
            // Commas and brackets, the most frequent operators, without readOperator's lookahead.
            case 0x2C:
                commas += 1
                emit(.comma, i, i + 1)
                i += 1
            case 0x28, 0x29, 0x5B, 0x5D, 0x7B, 0x7D:
                let kind: TokenKind
                switch c {
                case 0x28: kind = .lpar
                case 0x29: kind = .rpar
                case 0x5B: kind = .lsqb
                case 0x5D: kind = .rsqb
                case 0x7B: kind = .lbrace
                default: kind = .rbrace
                }
                trackBracket(kind, i)
                emit(kind, i, i + 1)
                i += 1
            case 0x30...0x39:
                readNumber()
            case 0x2E where isDigit(at(i + 1)):
                readNumber()
            // `=` and `.`, the next most frequent (keyword arguments, dotted
            // names), when they are not the start of `==` or `...`.
            case 0x3D where at(i + 1) != 0x3D:
                emit(.equal, i, i + 1)
                i += 1
            case 0x2E where at(i + 1) != 0x2E:
                emit(.dot, i, i + 1)
                i += 1
            case 0x00:
                error("source code cannot contain null bytes", i)
                emit(.error, i, i + 1)
                i += 1
            default:
                if isIdentifierStart(c) {
                    readNameOrPrefixedString()
                } else {
                    readOperator()
                }
            }
        }
        finish()
    }

    private mutating func finish() {
        if isField && !brackets.isEmpty { brackets.removeFirst() }
        if let open = brackets.last {
            error("'\(Character(UnicodeScalar(open.byte)))' was never closed", open.offset)
        }
        if lineHasTokens { emit(.newline, n, n) }
        while indents.count > 1 {
            indents.removeLast()
            emit(.dedent, n, n)
        }
        emit(.endMarker, n, n)
    }

    // MARK: Lines and indentation

    private mutating func skipLineEnd() {
        if b[i] == 0x0D && at(i + 1) == 0x0A { i += 2 } else { i += 1 }
    }

    private mutating func skipBlanks() {
        i = blanksEnd(from: i)
    }

    /// Where the spaces, tabs and form feeds from `k` end. Lines inside
    /// brackets start with long runs of spaces: eight are tested at a time.
    private func blanksEnd(from start: Int) -> Int {
        var k = start
        // Between tokens there is mostly one space or none: words only for a run.
        if k + 1 < n && b[k] == 0x20 && b[k + 1] == 0x20 {
            let spaces: UInt64 = 0x2020_2020_2020_2020
            while k + 8 <= n && UnsafeRawPointer(b.baseAddress! + k).loadUnaligned(as: UInt64.self) == spaces { k += 8 }
        }
        while k < n {
            let c = b[k]
            if c == 0x20 || c == 0x09 || c == 0x0C { k += 1 } else { break }
        }
        return k
    }

    /// Measures the indentation of a new line and emits INDENT/DEDENT.
    /// Returns false at the end of the input.
    private mutating func readIndentation() -> Bool {
        while true {
            var col = 0, alt = 0
            let lineStart = i
            while i < n {
                let c = b[i]
                if c == 0x20 { col += 1; alt += 1 }
                else if c == 0x09 { col = (col / 8 + 1) * 8; alt += 1 }
                else if c == 0x0C { col = 0; alt = 0 }
                else { break }
                i += 1
            }
            guard i < n else { return false }
            let c = b[i]
            // Blank lines, comment-only lines and continuation-only lines do not indent.
            if c == 0x23 { readComment(); if i < n { skipLineEnd() }; continue }
            if c == 0x0A || c == 0x0D { skipLineEnd(); continue }
            if c == 0x5C && (at(i + 1) == 0x0A || at(i + 1) == 0x0D) {
                atLineStart = false
                applyIndentation(col, alt, at: lineStart)
                return true
            }
            atLineStart = false
            applyIndentation(col, alt, at: i)
            return true
        }
    }

    private mutating func applyIndentation(_ col: Int, _ alt: Int, at offset: Int) {
        let current = indents[indents.count - 1]
        if col > current {
            if alt <= altIndents[altIndents.count - 1] {
                error("inconsistent use of tabs and spaces in indentation", offset)
            }
            if indents.count > Lexer.maxIndentDepth {
                error("too many levels of indentation", offset)
            }
            indents.append(col)
            altIndents.append(alt)
            emit(.indent, offset, offset)
        } else if col < current {
            while indents.count > 1 && col < indents[indents.count - 1] {
                indents.removeLast()
                altIndents.removeLast()
                emit(.dedent, offset, offset)
            }
            if col != indents[indents.count - 1] {
                error("unindent does not match any outer indentation level", offset)
            } else if alt != altIndents[altIndents.count - 1] {
                error("inconsistent use of tabs and spaces in indentation", offset)
            }
        } else if alt != altIndents[altIndents.count - 1] {
            error("inconsistent use of tabs and spaces in indentation", offset)
        }
    }

    /// Whether the line at `s` starts with a statement keyword, one that
    /// never continues an expression on a new line. Asked at every line end
    /// inside brackets: a line whose first byte starts none of them is passed at once.
    private func startsStatement(at s: Int) -> Bool {
        // a b c d e f g i n p r t w: the first letters of the keywords below.
        let firstLetters: UInt32 = 0b100_1010_1010_0001_0111_1111
        guard s < n, b[s] >= 0x61, b[s] <= 0x77, firstLetters >> UInt32(b[s] - 0x61) & 1 != 0 else { return false }
        var k = s + 1
        while k < n && k - s <= 8 && isIdentifierByte(b[k]) { k += 1 }
        switch TokenKind.keyword(in: b, from: s, to: k) {
        case .kwDef, .kwClass, .kwReturn, .kwImport, .kwPass, .kwRaise, .kwWith, .kwWhile, .kwTry,
             .kwExcept, .kwFinally, .kwElif, .kwGlobal, .kwNonlocal, .kwDel, .kwAssert, .kwBreak, .kwContinue:
            return true
        default:
            return false
        }
    }

    private mutating func readComment() {
        let start = i
        while i < n && b[i] != 0x0A && b[i] != 0x0D { i += 1 }
        comments.append(Comment(range: TextRange(start, i)))
    }

    // MARK: Names and numbers

    private func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }

    /// ASCII letters, '_' and every non-ASCII byte: Unicode identifiers are
    /// taken whole, without Unicode's tables of identifier characters; NUL
    /// and invalid UTF-8 are rejected before lexing.
    private func isIdentifierStart(_ c: UInt8) -> Bool {
        identifierBytes.utf8Start[Int(c)] & 1 != 0
    }

    private mutating func readNameOrPrefixedString() {
        let start = i
        // A local index: the loop keeps it in a register.
        var end = i + 1
        while end < n && isIdentifierByte(b[end]) { end += 1 }
        i = end
        let len = i - start
        if len <= 2, i < n, b[i] == 0x22 || b[i] == 0x27, isStringPrefix(start, i) {
            readString(start: start, prefixEnd: i)
            return
        }
        if let kw = TokenKind.keyword(in: b, from: start, to: i) {
            emit(kw, start, i)
        } else {
            emit(.name, start, i)
        }
    }

    /// r, u, b, f, t and the two-letter combinations of r with b, f or t, in any case.
    private func isStringPrefix(_ s: Int, _ e: Int) -> Bool {
        func lower(_ c: UInt8) -> UInt8 { c | 0x20 }
        if e - s == 1 {
            switch lower(b[s]) {
            case 0x72, 0x75, 0x62, 0x66, 0x74: return true // r u b f t
            default: return false
            }
        }
        let x = lower(b[s]), y = lower(b[s + 1])
        let other: UInt8 = x == 0x72 ? y : (y == 0x72 ? x : 0)
        return other == 0x62 || other == 0x66 || other == 0x74
    }

    private mutating func readNumber() {
        let start = i
        var bad = false
        func digits(_ lexer: inout Lexer, _ ok: (UInt8) -> Bool) {
            var lastUnderscore = false
            var any = false
            while lexer.i < lexer.n {
                let c = lexer.b[lexer.i]
                if c == 0x5F {
                    if lastUnderscore || !any { bad = true }
                    lastUnderscore = true
                } else if ok(c) {
                    lastUnderscore = false
                    any = true
                } else { break }
                lexer.i += 1
            }
            if lastUnderscore { bad = true }
        }
        let isDec: (UInt8) -> Bool = { $0 >= 0x30 && $0 <= 0x39 }
        if b[i] == 0x30, let base = Optional(at(i + 1) | 0x20), base == 0x78 || base == 0x6F || base == 0x62 {
            i += 2
            if at(i) == 0x5F { i += 1 }
            let before = i
            switch base {
            case 0x78: digits(&self) { ($0 >= 0x30 && $0 <= 0x39) || (($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x66) }
            case 0x6F: digits(&self) { $0 >= 0x30 && $0 <= 0x37 }
            default: digits(&self) { $0 == 0x30 || $0 == 0x31 }
            }
            if i == before || isDigit(at(i)) { bad = true }
        } else {
            if b[i] != 0x2E { digits(&self, isDec) }
            let integerEnd = i
            if at(i) == 0x2E {
                i += 1
                if isDigit(at(i)) { digits(&self, isDec) }
            }
            if at(i) | 0x20 == 0x65 {
                let save = i
                i += 1
                if at(i) == 0x2B || at(i) == 0x2D { i += 1 }
                if isDigit(at(i)) { digits(&self, isDec) } else { i = save; bad = true; i += 1 }
            }
            if at(i) | 0x20 == 0x6A { i += 1 }
            // `007` is an error (Python 2's octal), `00`, `0_0`, `007.5` and `007j` are not.
            if !bad && i == integerEnd && b[start] == 0x30 && b[start..<integerEnd].contains(where: { $0 > 0x30 && $0 <= 0x39 }) {
                error("leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers", start)
            }
        }
        if bad { error("invalid number literal", start) }
        emit(.number, start, i)
    }

    // MARK: Strings

    private mutating func readString(start: Int, prefixEnd: Int) {
        var raw = false, formatted = false
        for k in start..<prefixEnd {
            switch b[k] | 0x20 {
            case 0x72: raw = true
            case 0x66, 0x74: formatted = true
            default: break
            }
        }
        i = prefixEnd
        let ok = formatted ? scanFString(raw: raw, depth: 0) : scanPlainString()
        if !ok { emit(.error, start, i); return }
        emit(formatted ? .fstring : .string, start, i)
    }

    /// Reads the opening quote(s) at `i`; returns the quote byte and whether it is triple.
    private mutating func openQuote() -> (UInt8, Bool) {
        let q = b[i]
        if at(i + 1) == q && at(i + 2) == q { i += 3; return (q, true) }
        i += 1
        return (q, false)
    }

    /// At a quote byte `q`: true (and consumed) if it closes the string.
    private mutating func closes(_ q: UInt8, _ triple: Bool) -> Bool {
        let length = closingLength(at: i, q, triple)
        i += length
        return length > 0
    }

    /// At a quote byte `q` at `k`: how many bytes close the string there (0 when it goes on).
    private func closingLength(at k: Int, _ q: UInt8, _ triple: Bool) -> Int {
        if !triple { return 1 }
        return at(k + 1) == q && at(k + 2) == q ? 3 : 0
    }

    private mutating func unterminated(_ start: Int, _ triple: Bool) -> Bool {
        error(triple ? "unterminated triple-quoted string literal" : "unterminated string literal", start)
        return false
    }

    /// At a backslash in a string: skips it and the character (or line end) it escapes.
    private mutating func skipEscape() {
        i = escapeEnd(after: i)
    }

    /// Where the escape whose backslash is at `k` ends: after the character,
    /// or the whole CRLF, it escapes.
    private func escapeEnd(after k: Int) -> Int {
        guard k + 1 < n else { return k + 1 }
        return k + (b[k + 1] == 0x0D && at(k + 2) == 0x0A ? 3 : 2)
    }

    private mutating func scanPlainString() -> Bool {
        let start = i
        let (q, triple) = openQuote()
        // A local index, kept in a register: the text between stops is
        // skipped with one test per byte.
        var k = i
        let stops: UInt8 = q == 0x27 ? 1 : 2
        while k < n {
            let c = b[k]
            if stringStops.utf8Start[Int(c)] & stops == 0 {
                k += 1
            } else if c == q {
                let length = closingLength(at: k, q, triple)
                if length > 0 {
                    i = k + length
                    return true
                }
                k += 1
            } else if c == 0x5C {
                k = escapeEnd(after: k)
            } else if triple {
                k += 1
            } else {
                i = k
                return unterminated(start, triple)
            }
        }
        i = k
        return unterminated(start, triple)
    }

    /// An f- or t-string: literal text with `{expression!conversion:spec}`
    /// fields whose expressions may hold any string, including one in the
    /// same quotes (PEP 701), and whose specs may hold fields again.
    private mutating func scanFString(raw: Bool, depth: Int) -> Bool {
        let start = i
        if depth > Lexer.maxFStringDepth {
            error("f-string: expressions nested too deeply", start)
            return false
        }
        let (q, triple) = openQuote()
        while i < n {
            let c = b[i]
            if c == q {
                if closes(q, triple) { return true }
                i += 1
            } else if c == 0x5C {
                let next = at(i + 1)
                if next == 0x7B || next == 0x7D { i += 1; continue }
                if !raw && next == 0x4E && at(i + 2) == 0x7B {
                    i += 3
                    while i < n && b[i] != 0x7D && b[i] != q && b[i] != 0x0A { i += 1 }
                    if at(i) == 0x7D { i += 1 }
                    continue
                }
                skipEscape()
            } else if c == 0x7B {
                if at(i + 1) == 0x7B { i += 2; continue }
                if !scanReplacementField(q, triple, raw: raw, depth: depth) { return false }
            } else if c == 0x7D {
                if at(i + 1) == 0x7D { i += 2; continue }
                error("f-string: single '}' is not allowed", i)
                i += 1
            } else if (c == 0x0A || c == 0x0D) && !triple {
                return unterminated(start, triple)
            } else {
                i += 1
            }
        }
        return unterminated(start, triple)
    }

    /// At '{': skips the expression, conversion and format spec up to the
    /// matching '}', recording where the expression is.
    private mutating func scanReplacementField(_ q: UInt8, _ triple: Bool, raw: Bool, depth: Int) -> Bool {
        let open = i
        i += 1
        var nesting = 0
        while i < n {
            let c = b[i]
            switch c {
            case 0x22, 0x27:
                let s = i
                let ok = scanPlainString()
                if !ok { i = max(i, s + 1); return false }
            case 0x28, 0x5B: nesting += 1; i += 1
            case 0x7B: nesting += 1; i += 1
            case 0x29, 0x5D: nesting -= 1; i += 1
            case 0x7D:
                if nesting == 0 {
                    recordField(open + 1, i)
                    i += 1
                    return true
                }
                nesting -= 1
                i += 1
            case 0x23:
                while i < n && b[i] != 0x0A && b[i] != 0x0D { i += 1 }
            case 0x21 where nesting == 0 && at(i + 1) != 0x3D:
                recordField(open + 1, i)
                i += 1
                while i < n && isIdentifierByte(b[i]) { i += 1 }
                return finishField(q, triple, raw: raw, depth: depth, open: open)
            case 0x3A where nesting == 0:
                recordField(open + 1, i)
                i += 1
                return scanFormatSpec(q, triple, raw: raw, depth: depth, open: open)
            default:
                if isIdentifierStart(c) {
                    let s = i
                    while i < n && isIdentifierByte(b[i]) { i += 1 }
                    if i - s <= 2, i < n, b[i] == 0x22 || b[i] == 0x27, isStringPrefix(s, i) {
                        let formatted = (s..<i).contains { b[$0] | 0x20 == 0x66 || b[$0] | 0x20 == 0x74 }
                        let innerRaw = (s..<i).contains { b[$0] | 0x20 == 0x72 }
                        nestedFString += 1
                        let ok = formatted ? scanFString(raw: innerRaw, depth: depth + 1) : scanPlainString()
                        nestedFString -= 1
                        if !ok { return false }
                    }
                } else {
                    i += 1
                }
            }
        }
        error("f-string: expecting '}'", open)
        return false
    }

    /// After `!conversion`: a format spec or the closing '}'.
    private mutating func finishField(_ q: UInt8, _ triple: Bool, raw: Bool, depth: Int, open: Int) -> Bool {
        if at(i) == 0x3A {
            i += 1
            return scanFormatSpec(q, triple, raw: raw, depth: depth, open: open)
        }
        if at(i) == 0x7D {
            i += 1
            return true
        }
        error("f-string: expecting '}'", open)
        return false
    }

    /// The expression of a field, without the `=` of a self-documenting `{x=}`.
    private mutating func recordField(_ start: Int, _ end: Int) {
        guard nestedFString == 0 else { return }
        var e = end
        while e > start, [0x20, 0x09, 0x0A, 0x0D, 0x0C].contains(b[e - 1]) { e -= 1 }
        if e > start, b[e - 1] == 0x3D, e - 1 == start || ![0x3D, 0x21, 0x3C, 0x3E].contains(b[e - 2]) { e -= 1 }
        fields.append(TextRange(start, e))
    }

    private mutating func scanFormatSpec(_ q: UInt8, _ triple: Bool, raw: Bool, depth: Int, open: Int) -> Bool {
        while i < n {
            let c = b[i]
            if c == 0x7B {
                if !scanReplacementField(q, triple, raw: raw, depth: depth + 1) { return false }
            } else if c == 0x7D {
                i += 1
                return true
            } else if c == q || ((c == 0x0A || c == 0x0D) && !triple) {
                break
            } else {
                i += 1
            }
        }
        error("f-string: expecting '}'", open)
        return false
    }

    // MARK: Operators

    /// Every operator but commas and brackets, which `run` reads itself.
    private mutating func readOperator() {
        let start = i
        let c = b[i], d = at(i + 1), e = at(i + 2)
        var kind: TokenKind
        var len = 1
        switch c {
        case 0x3A: if d == 0x3D { kind = .colonEqual; len = 2 } else { kind = .colon }
        case 0x3B: kind = .semi
        case 0x2B: if d == 0x3D { kind = .plusEqual; len = 2 } else { kind = .plus }
        case 0x2D:
            if d == 0x3D { kind = .minEqual; len = 2 } else if d == 0x3E { kind = .rarrow; len = 2 } else { kind = .minus }
        case 0x2A:
            if d == 0x2A { if e == 0x3D { kind = .doubleStarEqual; len = 3 } else { kind = .doubleStar; len = 2 } }
            else if d == 0x3D { kind = .starEqual; len = 2 } else { kind = .star }
        case 0x2F:
            if d == 0x2F { if e == 0x3D { kind = .doubleSlashEqual; len = 3 } else { kind = .doubleSlash; len = 2 } }
            else if d == 0x3D { kind = .slashEqual; len = 2 } else { kind = .slash }
        case 0x7C: if d == 0x3D { kind = .vbarEqual; len = 2 } else { kind = .vbar }
        case 0x26: if d == 0x3D { kind = .amperEqual; len = 2 } else { kind = .amper }
        case 0x3C:
            if d == 0x3C { if e == 0x3D { kind = .leftShiftEqual; len = 3 } else { kind = .leftShift; len = 2 } }
            else if d == 0x3D { kind = .lessEqual; len = 2 }
            else if d == 0x3E { kind = .notEqual; len = 2; error("invalid syntax: '<>' is not Python 3", start) }
            else { kind = .less }
        case 0x3E:
            if d == 0x3E { if e == 0x3D { kind = .rightShiftEqual; len = 3 } else { kind = .rightShift; len = 2 } }
            else if d == 0x3D { kind = .greaterEqual; len = 2 } else { kind = .greater }
        case 0x3D: if d == 0x3D { kind = .eqEqual; len = 2 } else { kind = .equal }
        case 0x2E: if d == 0x2E && e == 0x2E { kind = .ellipsis; len = 3 } else { kind = .dot }
        case 0x25: if d == 0x3D { kind = .percentEqual; len = 2 } else { kind = .percent }
        case 0x7E: kind = .tilde
        case 0x5E: if d == 0x3D { kind = .circumflexEqual; len = 2 } else { kind = .circumflex }
        case 0x40: if d == 0x3D { kind = .atEqual; len = 2 } else { kind = .at }
        case 0x21: if d == 0x3D { kind = .notEqual; len = 2 } else { kind = .exclamation }
        default:
            kind = .error
            let shown = c >= 0x20 && c < 0x7F ? "'\(Character(UnicodeScalar(c)))'" : "byte 0x" + hexByte(c)
            error("invalid character \(shown)", start)
        }
        i += len
        emit(kind, start, i)
    }

    private mutating func trackBracket(_ kind: TokenKind, _ offset: Int) {
        switch kind {
        case .lpar, .lsqb, .lbrace:
            // Once, where the limit is crossed (as CPython), not at every bracket beyond it.
            if brackets.count == Lexer.maxBracketDepth {
                error("too many nested parentheses", offset)
            }
            brackets.append(OpenBracket(byte: b[offset], offset: offset, token: tokens.count, parentCommas: commas))
            commas = 0
        case .rpar, .rsqb, .rbrace:
            let close = b[offset]
            guard let open = brackets.last else {
                error("unmatched '\(Character(UnicodeScalar(close)))'", offset)
                return
            }
            let expected: UInt8 = open.byte == 0x28 ? 0x29 : open.byte + 2
            if expected != close {
                error("closing parenthesis '\(Character(UnicodeScalar(close)))' does not match opening parenthesis '\(Character(UnicodeScalar(open.byte)))'", offset)
            }
            brackets.removeLast()
            // The open bracket's token, unless it is the one just before (empty brackets).
            if open.token >= 0 && open.token < tokens.count - 1 {
                tokens.setItems(of: open.token, UInt16(min(commas + 1, Int(UInt16.max))))
            }
            commas = open.parentCommas
        default:
            break
        }
    }
}

/// A bracket not closed yet: what closes it, where it opened (for messages),
/// its token (-1 for the implicit one around a replacement field) and the
/// comma count of the bracket around it, restored when it closes.
private struct OpenBracket {
    var byte: UInt8
    var offset: Int
    var token: Int
    var parentCommas = 0
}

/// The tokens of one file. The lexer appends them through a pointer (a
/// capacity test and a store, without the uniqueness check of `Array.append`,
/// which made appending a token cost about 48 instructions); the parser then
/// reads the same storage, which is never changed again.
public final class Tokens: RandomAccessCollection, @unchecked Sendable {
    // Unchecked: only the lexer writes, before anything else reads; checked
    // at run time (the class is public), every token paid for the check.
    @exclusivity(unchecked) private var base: UnsafeMutablePointer<Token>
    @exclusivity(unchecked) private var capacity: Int
    @exclusivity(unchecked) public private(set) var count = 0

    init(capacity: Int) {
        self.capacity = Swift.max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    public var startIndex: Int { 0 }
    public var endIndex: Int { count }

    public subscript(position: Int) -> Token {
        precondition(position >= 0 && position < count)
        return base[position]
    }

    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Token>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: base, count: count))
    }

    @inline(__always)
    func append(_ token: Token) {
        if count == capacity { grow() }
        (base + count).initialize(to: token)
        count += 1
    }

    func setItems(of index: Int, _ items: UInt16) {
        precondition(index >= 0 && index < count)
        base[index].items = items
    }

    private func grow() {
        let bigger = UnsafeMutablePointer<Token>.allocate(capacity: capacity * 2)
        bigger.moveInitialize(from: base, count: count)
        base.deallocate()
        base = bigger
        capacity *= 2
    }
}

/// One character a byte, read by its two low bits: 1, the byte can start an
/// identifier; 2, it can continue one. '3' marks letters, '_' and non-ASCII
/// bytes, '2' digits, '0' the rest. A literal lives in read-only data:
/// reading it needs no check that a table was made, as a global array would.
private let identifierBytes: StaticString = """
    0000000000000000\
    0000000000000000\
    0000000000000000\
    2222222222000000\
    0333333333333333\
    3333333333300003\
    0333333333333333\
    3333333333300000\
    3333333333333333\
    3333333333333333\
    3333333333333333\
    3333333333333333\
    3333333333333333\
    3333333333333333\
    3333333333333333\
    3333333333333333
    """

/// The bytes a plain string's scan stops at, by the same digit encoding as
/// `identifierBytes`: bit 0 in '...' strings (the quote, a backslash, a line
/// end), bit 1 in "..." strings.
private let stringStops: StaticString = """
    0000000000300300\
    0000000000000000\
    0020000100000000\
    0000000000000000\
    0000000000000000\
    0000000000003000\
    0000000000000000\
    0000000000000000\
    0000000000000000\
    0000000000000000\
    0000000000000000\
    0000000000000000\
    0000000000000000\
    0000000000000000\
    0000000000000000\
    0000000000000000
    """

/// Whether `c` can continue an identifier: an ASCII letter, digit or '_', or any non-ASCII byte.
@inline(__always)
func isIdentifierByte(_ c: UInt8) -> Bool {
    identifierBytes.utf8Start[Int(c)] & 2 != 0
}

/// Two upper-case hex digits, for messages about raw bytes.
func hexByte(_ c: UInt8) -> String {
    let digits = Array("0123456789ABCDEF")
    return String([digits[Int(c >> 4)], digits[Int(c & 0xF)]])
}
