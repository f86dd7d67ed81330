/// A recursive-descent parser for Python 3.14's statements and expressions.
/// It never throws and never traps: an error is recorded with its offset, the
/// statement is skipped to its end of line, and parsing resumes, so one broken
/// helper function does not hide the rest of a file. Recursion is bounded by
/// `maxNesting`, so deep input yields an error, not a stack overflow.
public struct Parser {
    /// Recursion levels of nested expressions and blocks before giving up; as
    /// CPython's tokenizer refuses 200 nested brackets, no valid file needs more.
    public static let maxNesting = 200
    /// Links of one operator or trailer chain kept in the tree (see `chainTooLong`).
    public static let maxChain = 1_000

    let source: SourceText
    /// The file's bytes, valid while the parse runs (`source` holds them),
    /// read without bounds checks at offsets of tokens, which lie within them.
    let b: UnsafeBufferPointer<UInt8>
    /// The lexer's tokens, read without bounds checks: the last is always
    /// `endMarker`, which `advance` never moves past, and lookahead is tested.
    let tokens: UnsafeBufferPointer<Token>
    var p = 0
    var errors: [SyntaxError] = []
    var nesting = 0
    /// Replacement-field expressions of the f-strings ahead (`LexedSource.fields`).
    var fields: [TextRange] = []
    var fieldCursor = 0
    /// Set once the nesting limit has been hit in the current statement, so the
    /// unwinding callers do not report it again.
    var tooDeep = false

    /// Parses a whole file on a thread with a `LargeStack`, unless the caller
    /// says its own thread already has one (the inspector's workers), which
    /// saves a thread per file.
    public static func parse(_ source: SourceText, onLargeStack: Bool = false) -> ParsedModule {
        onLargeStack ? parseOnThisThread(source) : LargeStack.run { parseOnThisThread(source) }
    }

    /// Input that is not UTF-8 (after its declared encoding, if any) gets one
    /// error and an empty module, as Python refuses to read such a file at all.
    static func parseOnThisThread(_ source: SourceText) -> ParsedModule {
        if let error = source.encodingError {
            return ParsedModule(source: source, body: [], comments: [], errors: [error])
        }
        if let bad = firstInvalidUTF8(source.bytes) {
            let msg = "file is not valid UTF-8: byte 0x\(hexByte(source.bytes[bad])) cannot be decoded"
            return ParsedModule(source: source, body: [], comments: [], errors: [SyntaxError(msg, at: bad)])
        }
        let lexed = Lexer.lex(source)
        let (body, parseErrors): ([Stmt], [SyntaxError]) = source.bytes.withUnsafeBufferPointer { bytes in
            lexed.tokens.withUnsafeBufferPointer { tokens in
                var parser = Parser(source: source, bytes: bytes, tokens: tokens)
                parser.fields = lexed.fields
                var body: [Stmt] = []
                while parser.kind != .endMarker {
                    parser.parseStatement(into: &body)
                }
                return (body, parser.withoutCascades(parser.errors, after: lexed.errors))
            }
        }
        let errors = (lexed.errors + parseErrors).sorted { $0.offset < $1.offset }
        return ParsedModule(source: source, body: body, comments: lexed.comments, errors: errors)
    }

    public static func parse(_ text: String) -> ParsedModule {
        parse(SourceText(text))
    }

    init(source: SourceText, bytes: UnsafeBufferPointer<UInt8>, tokens: UnsafeBufferPointer<Token>) {
        self.source = source
        self.b = bytes
        self.tokens = tokens
    }

    /// Parser errors on a logical line that already has a lexical error
    /// follow from it; only the lexical one is worth showing.
    func withoutCascades(_ parseErrors: [SyntaxError], after lexErrors: [SyntaxError]) -> [SyntaxError] {
        guard !lexErrors.isEmpty else { return parseErrors }
        let newlines = tokens.filter { $0.kind == .newline }.map { Int($0.start) }
        func lineEnd(after offset: Int) -> Int {
            var lo = 0, hi = newlines.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if newlines[mid] < offset { lo = mid + 1 } else { hi = mid }
            }
            return lo < newlines.count ? newlines[lo] : Int.max
        }
        let spans = lexErrors.map { ($0.offset, lineEnd(after: $0.offset)) }
        return parseErrors.filter { e in !spans.contains { e.offset >= $0.0 && e.offset <= $0.1 } }
    }

    // MARK: Token access

    var tok: Token { tokens[p] }
    var kind: TokenKind { tokens[p].kind }

    func peekKind(_ k: Int = 1) -> TokenKind {
        let j = p + k
        return j < tokens.count ? tokens[j].kind : .endMarker
    }

    /// The items the lexer counted in the bracket just consumed (`tokens[p - 1]`),
    /// read before its first item is parsed: arrays of them are allocated once.
    var openedItems: Int { p > 0 ? Int(tokens[p - 1].items) : 0 }

    /// Inlined: called for every token, a call cost as much as its body.
    @inline(__always) @discardableResult
    mutating func advance() -> Token {
        let t = tokens[p]
        if t.kind != .endMarker { p += 1 }
        return t
    }

    mutating func eat(_ k: TokenKind) -> Bool {
        if kind == k { advance(); return true }
        return false
    }

    @discardableResult
    mutating func expect(_ k: TokenKind, _ what: String) -> Bool {
        if kind == k { advance(); return true }
        error("expected \(what)", at: tok)
        return false
    }

    /// The current token's text, consuming it. One mutating call: in
    /// `text(advance())` Swift copies the whole parser to call `text` on the
    /// state from before `advance`, which showed in profiles.
    mutating func takeText() -> String {
        let t = advance()
        return text(t)
    }

    func text(_ t: Token) -> String {
        String(utf8: UnsafeBufferPointer(rebasing: b[Int(t.start)..<Int(t.end)]))
    }

    /// Whether `t` is the name `word` (for soft keywords), without allocating.
    func isName(_ t: Token, _ word: StaticString) -> Bool {
        guard t.kind == .name, Int(t.end - t.start) == word.utf8CodeUnitCount else { return false }
        let s = Int(t.start)
        return word.withUTF8Buffer { w in
            for k in 0..<w.count where b[s + k] != w[k] { return false }
            return true
        }
    }

    /// The end of the last significant token before the current one: a
    /// block's range ends with its last statement, not at the next line.
    var lastEnd: Int {
        var j = p - 1
        while j >= 0 {
            switch tokens[j].kind {
            case .newline, .indent, .dedent: j -= 1
            default: return Int(tokens[j].end)
            }
        }
        return 0
    }

    func range(from start: Int) -> TextRange { TextRange(start, max(start, lastEnd)) }

    mutating func error(_ message: String, at t: Token) {
        error(message, offset: Int(t.start))
    }

    mutating func error(_ message: String, offset: Int) {
        if let last = errors.last, last.offset == offset { return }
        errors.append(SyntaxError(message, at: offset))
    }

    mutating func unexpected() {
        switch kind {
        case .endMarker: error("unexpected end of file", at: tok)
        case .newline: error("invalid syntax: unexpected end of line", at: tok)
        case .indent: error("unexpected indent", at: tok)
        case .dedent: error("unindent does not match the block", at: tok)
        case .error: error("invalid syntax", at: tok)
        default: error("invalid syntax: unexpected '\(text(tok))'", at: tok)
        }
    }

    /// Skips the rest of the logical line, including its NEWLINE.
    mutating func skipLine() {
        while kind != .newline && kind != .endMarker { advance() }
        _ = eat(.newline)
    }

    /// Enters one recursion level; false (with an error) past the limit.
    mutating func enter() -> Bool {
        if nesting >= Parser.maxNesting {
            if !tooDeep { error("too many nested expressions or blocks", at: tok) }
            tooDeep = true
            return false
        }
        nesting += 1
        return true
    }

    mutating func leave() { nesting -= 1 }

    static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { b in
            var i = 0
            let n = b.count
            while i < n {
                // Most source is ASCII: skip 32 bytes, then eight, at a time while no high bit is set.
                let raw = UnsafeRawPointer(b.baseAddress! + i)
                if i + 32 <= n, (raw.loadUnaligned(as: UInt64.self) | raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
                                 | raw.loadUnaligned(fromByteOffset: 16, as: UInt64.self)
                                 | raw.loadUnaligned(fromByteOffset: 24, as: UInt64.self)) & 0x8080_8080_8080_8080 == 0 {
                    i += 32
                    continue
                }
                if i + 8 <= n, raw.loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                    i += 8
                    continue
                }
                let c = b[i]
                if c < 0x80 { i += 1; continue }
                var need = 0
                var minScalar: UInt32 = 0
                var scalar: UInt32 = 0
                if c & 0xE0 == 0xC0 { need = 1; minScalar = 0x80; scalar = UInt32(c & 0x1F) }
                else if c & 0xF0 == 0xE0 { need = 2; minScalar = 0x800; scalar = UInt32(c & 0x0F) }
                else if c & 0xF8 == 0xF0 { need = 3; minScalar = 0x10000; scalar = UInt32(c & 0x07) }
                else { return i }
                for k in 1...need {
                    guard i + k < n, b[i + k] & 0xC0 == 0x80 else { return i }
                    scalar = scalar << 6 | UInt32(b[i + k] & 0x3F)
                }
                if scalar < minScalar || scalar > 0x10FFFF || (scalar >= 0xD800 && scalar <= 0xDFFF) { return i }
                i += need + 1
            }
            return nil
        }
    }
}

extension Array {
    /// An empty array with room for `capacity` elements.
    init(capacity: Int) {
        self.init()
        reserveCapacity(capacity)
    }
}
