/// The kinds of Python tokens. Keywords have kinds of their own; soft
/// keywords (`match`, `case`, `type`, `_`) stay names, as in CPython.
public enum TokenKind: UInt8, Sendable {
    case name, number, string, fstring
    case newline, indent, dedent, endMarker
    /// A character or sequence the lexer could not read; an error was recorded.
    case error

    // Keywords.
    case kwFalse, kwNone, kwTrue, kwAnd, kwAs, kwAssert, kwAsync, kwAwait
    case kwBreak, kwClass, kwContinue, kwDef, kwDel, kwElif, kwElse, kwExcept
    case kwFinally, kwFor, kwFrom, kwGlobal, kwIf, kwImport, kwIn, kwIs
    case kwLambda, kwNonlocal, kwNot, kwOr, kwPass, kwRaise, kwReturn, kwTry
    case kwWhile, kwWith, kwYield

    // Brackets.
    case lpar, rpar, lsqb, rsqb, lbrace, rbrace

    // Operators and delimiters.
    case colon, comma, semi, plus, minus, star, slash, vbar, amper, less, greater
    case equal, dot, percent, eqEqual, notEqual, lessEqual, greaterEqual, tilde
    case circumflex, leftShift, rightShift, doubleStar, plusEqual, minEqual
    case starEqual, slashEqual, percentEqual, amperEqual, vbarEqual, circumflexEqual
    case leftShiftEqual, rightShiftEqual, doubleStarEqual, doubleSlash
    case doubleSlashEqual, at, atEqual, rarrow, ellipsis, colonEqual, exclamation
}

/// One token: its kind and byte range. The text is sliced from the source on
/// demand, so a token is 12 bytes and the token array stays compact.
public struct Token: Sendable {
    public var kind: TokenKind
    /// For an opening bracket, the items the lexer counted inside it (its
    /// commas at that depth, plus one; 0 when empty): the parser allocates a
    /// display's or call's array once, at its size, instead of growing it.
    /// Declared here, it fills padding: the token stays 12 bytes.
    public var items: UInt16 = 0
    public var start: Int32
    public var end: Int32

    public var range: TextRange { TextRange(Int(start), Int(end)) }
}

/// A comment, kept apart from the token stream: the parser skips comments,
/// suppression comments are read from this list.
public struct Comment: Sendable {
    public var range: TextRange
}

extension TokenKind {
    /// Keywords by spelling, packed little-endian into a UInt64 (no keyword is
    /// longer than eight bytes), in a small open-addressing table: the lexer
    /// looks up every name, and hashing them through Dictionary showed in profiles.
    private static let keywordSlots = 128
    private static let keywordTable: (keys: [UInt64], kinds: [TokenKind]) = {
        let table: [(String, TokenKind)] = [
            ("False", .kwFalse), ("None", .kwNone), ("True", .kwTrue), ("and", .kwAnd),
            ("as", .kwAs), ("assert", .kwAssert), ("async", .kwAsync), ("await", .kwAwait),
            ("break", .kwBreak), ("class", .kwClass), ("continue", .kwContinue), ("def", .kwDef),
            ("del", .kwDel), ("elif", .kwElif), ("else", .kwElse), ("except", .kwExcept),
            ("finally", .kwFinally), ("for", .kwFor), ("from", .kwFrom), ("global", .kwGlobal),
            ("if", .kwIf), ("import", .kwImport), ("in", .kwIn), ("is", .kwIs),
            ("lambda", .kwLambda), ("nonlocal", .kwNonlocal), ("not", .kwNot), ("or", .kwOr),
            ("pass", .kwPass), ("raise", .kwRaise), ("return", .kwReturn), ("try", .kwTry),
            ("while", .kwWhile), ("with", .kwWith), ("yield", .kwYield),
        ]
        var keys = [UInt64](repeating: 0, count: keywordSlots)
        var kinds = [TokenKind](repeating: .name, count: keywordSlots)
        for (word, kind) in table {
            let key = packWord(Array(word.utf8)[...])
            var slot = keywordSlot(key)
            while keys[slot] != 0 { slot = (slot + 1) & (keywordSlots - 1) }
            keys[slot] = key
            kinds[slot] = kind
        }
        return (keys, kinds)
    }()

    private static func keywordSlot(_ key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 57)
    }

    /// The keyword spelled by the bytes `start..<end` of `b`, if any. The
    /// lexer asks for every name: its bytes are packed with one unaligned
    /// load where eight are there to read, not one byte at a time.
    @inline(__always)
    static func keyword(in b: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> TokenKind? {
        let length = end - start
        // The shortest keywords (`as`, `if`, `in`, `is`, `or`) have two letters.
        guard length >= 2 && length <= 8 else { return nil }
        guard start + 8 <= b.count else { return keyword(packed: packWord(b[start..<end])) }
        let word = UInt64(littleEndian: UnsafeRawPointer(b.baseAddress! + start).loadUnaligned(as: UInt64.self))
        return keyword(packed: length == 8 ? word : word & ((1 << UInt64(8 * length)) - 1))
    }

    private static func keyword(packed key: UInt64) -> TokenKind? {
        let table = keywordTable
        var slot = keywordSlot(key)
        while true {
            let k = table.keys[slot]
            if k == key { return table.kinds[slot] }
            if k == 0 { return nil }
            slot = (slot + 1) & (keywordSlots - 1)
        }
    }

    static func packWord<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> UInt64 {
        var v: UInt64 = 0
        var shift: UInt64 = 0
        for b in bytes {
            v |= UInt64(b) << shift
            shift += 8
        }
        return v
    }

    public var isKeyword: Bool {
        rawValue >= TokenKind.kwFalse.rawValue && rawValue <= TokenKind.kwYield.rawValue
    }
}
