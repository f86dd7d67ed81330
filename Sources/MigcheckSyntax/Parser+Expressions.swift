extension Parser {
    // MARK: Expression lists

    var canStartExpression: Bool {
        switch kind {
        case .name, .number, .string, .fstring, .kwNone, .kwTrue, .kwFalse, .kwNot, .kwLambda,
             .kwAwait, .lpar, .lsqb, .lbrace, .minus, .plus, .tilde, .star, .ellipsis:
            return true
        default:
            return false
        }
    }

    /// `item (, item)* [,]`: the item alone, or an unparenthesized tuple.
    mutating func parseExpressionList(_ item: (inout Parser) -> Expr) -> Expr {
        let start = Int(tok.start)
        let first = item(&self)
        guard kind == .comma else { return first }
        var items = [first]
        while eat(.comma) {
            if !canStartExpression { break }
            items.append(item(&self))
        }
        return Expr(.tuple(items, parenthesized: false), range(from: start))
    }

    /// Right-hand sides and expression statements: `*a, b`, `x if y else z`.
    mutating func parseStarExpressions() -> Expr {
        parseExpressionList { $0.kind == .star ? $0.parseStarExpression() : $0.parseTest() }
    }

    mutating func parseStarExpression() -> Expr {
        let start = Int(tok.start)
        advance() // *
        let value = parseBinary(1)
        return Expr(.starred(value), range(from: start))
    }

    /// Targets of `for`, comprehensions and `del`: stops before `in`.
    mutating func parseTargetExpression() -> Expr {
        parseExpressionList { $0.kind == .star ? $0.parseStarExpression() : $0.parseBinary(1) }
    }

    mutating func parseTargetList() -> [Expr] {
        let e = parseTargetExpression()
        if case .tuple(let items, false) = e.kind { return items }
        return [e]
    }

    mutating func parseStarOrNamed() -> Expr {
        kind == .star ? parseStarExpression() : parseNamedExpression()
    }

    mutating func parseNamedExpression() -> Expr {
        guard kind == .name && peekKind() == .colonEqual else { return parseTest() }
        let start = Int(tok.start)
        let t = advance()
        advance() // :=
        let value = parseTest()
        return Expr(.named(target: Expr(.name(text(t)), t.range), value: value), range(from: start))
    }

    mutating func parseYield() -> Expr {
        let start = Int(tok.start)
        advance() // yield
        if eat(.kwFrom) {
            let value = parseTest()
            return Expr(.yieldFrom(value), range(from: start))
        }
        let value = canStartExpression ? parseStarExpressions() : nil
        return Expr(.yield(value), range(from: start))
    }

    /// Left-associative chains (`a + b + ...`, `a.b.c...`, `f()()...`) are parsed
    /// in loops but build trees as deep as they are long, and freeing a tree
    /// recurses; past `maxChain` links the rest is read but not kept.
    mutating func chainTooLong(_ length: inout Int) -> Bool {
        length += 1
        guard length > Parser.maxChain else { return false }
        if length == Parser.maxChain + 1 { error("expression too long: more than \(Parser.maxChain) chained operations", at: tok) }
        return true
    }

    // MARK: Precedence levels

    mutating func parseTest() -> Expr {
        if let single = parseSingleTokenOperand() { return single }
        guard enter() else { return Expr(.invalid, TextRange(Int(tok.start), Int(tok.start))) }
        defer { leave() }
        if kind == .kwLambda { return parseLambda() }
        let start = Int(tok.start)
        let body: Expr
        if startsAtom {
            // Most operands in migrations are a call or a dotted name with
            // nothing after them: the primary is read first, and the seven
            // operator levels are entered only when an operator follows it.
            let primary = parsePrimary()
            if endsOperand(kind) { return primary }
            body = parseOrTest(primary)
        } else {
            body = parseOrTest()
        }
        guard kind == .kwIf else { return body }
        advance()
        let test = parseOrTest()
        guard expect(.kwElse, "'else' in a conditional expression") else { return body }
        let orElse = parseTest()
        return Expr(.ifElse(test: test, body: body, orElse: orElse), range(from: start))
    }

    /// A name, number, single string or constant followed by a token that
    /// ends an expression (`,` `)` `]` `}` `:` `=` or the line end): most
    /// arguments in migrations (`max_length=100,`, `'Profile',`). Skips the
    /// ten precedence levels that would each just pass it up.
    mutating func parseSingleTokenOperand() -> Expr? {
        guard endsOperand(peekKind()) else { return nil }
        switch kind {
        case .name, .number, .string, .fstring, .kwNone, .kwTrue, .kwFalse, .ellipsis: return parseAtom()
        default: return nil
        }
    }

    /// A token after which an operand cannot go on.
    func endsOperand(_ k: TokenKind) -> Bool {
        switch k {
        case .comma, .rpar, .rsqb, .rbrace, .colon, .equal, .newline: return true
        default: return false
        }
    }

    /// The current token starts an atom, so the expression's leftmost operand
    /// is a primary (no unary operator, `not`, `await` or `lambda` before it).
    var startsAtom: Bool {
        switch kind {
        case .name, .number, .string, .fstring, .lpar, .lsqb, .lbrace, .kwNone, .kwTrue, .kwFalse, .ellipsis: return true
        default: return false
        }
    }

    mutating func parseLambda() -> Expr {
        let start = Int(tok.start)
        advance() // lambda
        let params = parseParameters(closing: .colon, annotations: false)
        expect(.colon, "':' after lambda parameters")
        let body = parseTest()
        return Expr(.lambda(params, body), range(from: start))
    }

    // Each level takes the expression's leftmost primary when it has been read already.

    mutating func parseOrTest(_ primary: Expr? = nil) -> Expr {
        let start = primary.map { Int($0.range.start) } ?? Int(tok.start)
        let first = parseAndTest(primary)
        guard kind == .kwOr else { return first }
        var values = [first]
        while eat(.kwOr) { values.append(parseAndTest()) }
        return Expr(.boolean(.or, values), range(from: start))
    }

    mutating func parseAndTest(_ primary: Expr? = nil) -> Expr {
        let start = primary.map { Int($0.range.start) } ?? Int(tok.start)
        let first = parseNotTest(primary)
        guard kind == .kwAnd else { return first }
        var values = [first]
        while eat(.kwAnd) { values.append(parseNotTest()) }
        return Expr(.boolean(.and, values), range(from: start))
    }

    mutating func parseNotTest(_ primary: Expr? = nil) -> Expr {
        guard primary == nil && kind == .kwNot else { return parseComparison(primary) }
        guard enter() else { return Expr(.invalid, TextRange(Int(tok.start), Int(tok.start))) }
        defer { leave() }
        let start = Int(tok.start)
        advance()
        let operand = parseNotTest()
        return Expr(.unary(.not, operand), range(from: start))
    }

    mutating func comparisonOperator() -> CompareOp? {
        switch kind {
        case .less: return .lt
        case .greater: return .gt
        case .eqEqual: return .eq
        case .greaterEqual: return .gtE
        case .lessEqual: return .ltE
        case .notEqual: return .notEq
        case .kwIn: return .inOp
        case .kwNot where peekKind() == .kwIn: return .notIn
        case .kwIs: return peekKind() == .kwNot ? .isNot : .isOp
        default: return nil
        }
    }

    mutating func parseComparison(_ primary: Expr? = nil) -> Expr {
        let start = primary.map { Int($0.range.start) } ?? Int(tok.start)
        let left = parseBinary(1, primary)
        var rest: [(CompareOp, Expr)] = []
        while let op = comparisonOperator() {
            advance()
            if op == .notIn || op == .isNot { advance() }
            rest.append((op, parseBinary(1)))
        }
        return rest.isEmpty ? left : Expr(.compare(left, rest), range(from: start))
    }

    func binaryOperator(_ k: TokenKind) -> (BinaryOp, Int)? {
        switch k {
        case .vbar: return (.bitOr, 1)
        case .circumflex: return (.bitXor, 2)
        case .amper: return (.bitAnd, 3)
        case .leftShift: return (.lShift, 4)
        case .rightShift: return (.rShift, 4)
        case .plus: return (.add, 5)
        case .minus: return (.sub, 5)
        case .star: return (.mult, 6)
        case .at: return (.matMult, 6)
        case .slash: return (.div, 6)
        case .percent: return (.mod, 6)
        case .doubleSlash: return (.floorDiv, 6)
        default: return nil
        }
    }

    /// Binary operators by precedence climbing: left-associative chains are loops.
    mutating func parseBinary(_ minPrecedence: Int, _ primary: Expr? = nil) -> Expr {
        let start = primary.map { Int($0.range.start) } ?? Int(tok.start)
        // A primary already read has no unary operator before it: it is a power's base.
        var left = primary.map { parsePower($0) } ?? parseFactor()
        var length = 0
        while let (op, precedence) = binaryOperator(kind), precedence >= minPrecedence {
            advance()
            let right = parseBinary(precedence + 1)
            if chainTooLong(&length) { continue }
            left = Expr(.binary(op, left, right), range(from: start))
        }
        return left
    }

    mutating func parseFactor() -> Expr {
        let op: UnaryOp
        switch kind {
        case .minus: op = .negate
        case .plus: op = .plus
        case .tilde: op = .invert
        default: return parsePower()
        }
        guard enter() else { return Expr(.invalid, TextRange(Int(tok.start), Int(tok.start))) }
        defer { leave() }
        let start = Int(tok.start)
        advance()
        let operand = parseFactor()
        return Expr(.unary(op, operand), range(from: start))
    }

    mutating func parsePower(_ primary: Expr? = nil) -> Expr {
        let start = primary.map { Int($0.range.start) } ?? Int(tok.start)
        var base: Expr
        if let primary {
            base = primary
        } else if kind == .kwAwait {
            advance()
            let operand = parsePrimary()
            base = Expr(.await(operand), range(from: start))
        } else {
            base = parsePrimary()
        }
        if eat(.doubleStar) {
            let exponent = parseFactor()
            base = Expr(.binary(.pow, base, exponent), range(from: start))
        }
        return base
    }

    // MARK: Primaries and atoms

    mutating func parsePrimary() -> Expr {
        let start = Int(tok.start)
        var e = parseAtom()
        var length = 0
        while true {
            if kind == .dot || kind == .lpar || kind == .lsqb, chainTooLong(&length) {
                // Keep consuming the trailers without deepening the tree.
                let before = p
                advance()
                if tokens[before].kind == .lpar { _ = parseCallArguments(); expect(.rpar, "')'") }
                else if tokens[before].kind == .lsqb { _ = parseSubscript() }
                else if kind == .name { advance() }
                continue
            }
            switch kind {
            case .dot:
                advance()
                guard kind == .name else {
                    expect(.name, "an attribute name after '.'")
                    return e
                }
                e = Expr(.attribute(e, name: advance().range), range(from: start))
            case .lpar:
                advance()
                let args = parseCallArguments()
                expect(.rpar, "')' closing the call")
                e = Expr(.call(e, args), range(from: start))
            case .lsqb:
                advance()
                let index = parseSubscript()
                e = Expr(.`subscript`(e, index), range(from: start))
            default:
                return e
            }
        }
    }

    mutating func parseAtom() -> Expr {
        let t = tok
        switch t.kind {
        case .name:
            advance()
            return Expr(.name(text(t)), t.range)
        case .number:
            advance()
            return Expr(.number(numberKind(t)), t.range)
        case .string, .fstring:
            return parseStrings()
        case .kwNone: advance(); return Expr(.constant(.none), t.range)
        case .kwTrue: advance(); return Expr(.constant(.true), t.range)
        case .kwFalse: advance(); return Expr(.constant(.false), t.range)
        case .ellipsis: advance(); return Expr(.constant(.ellipsis), t.range)
        case .lpar: return parseParenthesized()
        case .lsqb: return parseListDisplay()
        case .lbrace: return parseBraceDisplay()
        case .error:
            advance()
            return Expr(.invalid, t.range)
        default:
            unexpected()
            return Expr(.invalid, TextRange(Int(t.start), Int(t.start)))
        }
    }

    func numberKind(_ t: Token) -> NumberKind {
        let s = Int(t.start), e = Int(t.end)
        if b[e - 1] | 0x20 == 0x6A { return .imaginary }
        if e - s > 1 && b[s] == 0x30 && [0x78, 0x6F, 0x62].contains(b[s + 1] | 0x20) { return .integer }
        for k in s..<e where b[k] == 0x2E || b[k] | 0x20 == 0x65 { return .float }
        return .integer
    }

    /// Adjacent string tokens, implicitly concatenated.
    mutating func parseStrings() -> Expr {
        let start = Int(tok.start)
        // One token without fields, the usual literal, needs no array.
        let first = tok
        if peekKind() != .string && peekKind() != .fstring, !hasField(in: first) {
            advance()
            return Expr(.string(StringParts(range: first.range, kind: stringKind(first))), first.range)
        }
        var parts: [StringPart] = []
        var sawBytes = false, sawText = false
        while kind == .string || kind == .fstring {
            let t = advance()
            let k = stringKind(t)
            if k == .bytes { sawBytes = true } else { sawText = true }
            var expressions: [Expr] = []
            while hasField(in: t) {
                let field = fields[fieldCursor]
                fieldCursor += 1
                if let e = parseField(field) { expressions.append(e) }
            }
            parts.append(StringPart(range: t.range, kind: k, expressions: expressions))
        }
        if sawBytes && sawText {
            error("cannot mix bytes and nonbytes literals", offset: start)
        }
        return Expr(.string(StringParts(parts)), range(from: start))
    }

    /// Whether the next replacement field lies in `t`, skipping the fields of
    /// f-strings in lines passed over after an error (they are not read).
    mutating func hasField(in t: Token) -> Bool {
        guard t.kind == .fstring else { return false }
        while fieldCursor < fields.count && fields[fieldCursor].end <= t.start { fieldCursor += 1 }
        return fieldCursor < fields.count && fields[fieldCursor].start < t.end
    }

    /// One replacement field's expression, lexed and parsed on its own one
    /// level deeper, so that errors inside f-strings are found as CPython finds them.
    mutating func parseField(_ range: TextRange) -> Expr? {
        let lexed = Lexer.lexField(source, range)
        let (expr, subErrors): (Expr?, [SyntaxError]) = lexed.tokens.withUnsafeBufferPointer { tokens in
            var sub = Parser(source: source, bytes: b, tokens: tokens)
            sub.fields = lexed.fields
            sub.nesting = nesting
            var expr: Expr?
            if sub.kind == .newline || sub.kind == .endMarker {
                sub.error("f-string: valid expression required before '}'", offset: Int(range.end))
            } else if sub.enter() {
                expr = sub.kind == .kwYield ? sub.parseYield() : sub.parseExpressionList { $0.parseStarOrNamed() }
                if sub.kind != .newline && sub.kind != .endMarker && !sub.tooDeep { sub.unexpected() }
            }
            return (expr, lexed.errors + sub.withoutCascades(sub.errors, after: lexed.errors))
        }
        errors.append(contentsOf: subErrors)
        return expr
    }

    func stringKind(_ t: Token) -> StringKind {
        var k = Int(t.start)
        var kind = StringKind.text
        while k < Int(t.end) && b[k] != 0x22 && b[k] != 0x27 {
            switch b[k] | 0x20 {
            case 0x62: kind = .bytes
            case 0x66: kind = .formatted
            case 0x74: kind = .template
            default: break
            }
            k += 1
        }
        return kind
    }

    mutating func parseParenthesized() -> Expr {
        let start = Int(tok.start)
        advance() // (
        let count = openedItems
        if eat(.rpar) { return Expr(.tuple([], parenthesized: true), range(from: start)) }
        if kind == .kwYield {
            let y = parseYield()
            expect(.rpar, "')'")
            return y
        }
        let first = parseStarOrNamed()
        if kind == .kwFor || (kind == .kwAsync && peekKind() == .kwFor) {
            let generators = parseComprehensions()
            expect(.rpar, "')'")
            return Expr(.generator(first, generators), range(from: start))
        }
        guard kind == .comma else {
            expect(.rpar, "')'")
            if case .starred = first.kind { error("cannot use starred expression here", offset: Int(first.range.start)) }
            return first
        }
        var items = [Expr](capacity: count)
        items.append(first)
        while eat(.comma) {
            if kind == .rpar { break }
            items.append(parseStarOrNamed())
        }
        expect(.rpar, "')'")
        return Expr(.tuple(items, parenthesized: true), range(from: start))
    }

    mutating func parseListDisplay() -> Expr {
        let start = Int(tok.start)
        advance() // [
        let count = openedItems
        if eat(.rsqb) { return Expr(.list([]), range(from: start)) }
        let first = parseStarOrNamed()
        if kind == .kwFor || (kind == .kwAsync && peekKind() == .kwFor) {
            let generators = parseComprehensions()
            expect(.rsqb, "']'")
            return Expr(.listComp(first, generators), range(from: start))
        }
        var items = [Expr](capacity: count)
        items.append(first)
        while eat(.comma) {
            if kind == .rsqb { break }
            items.append(parseStarOrNamed())
        }
        expect(.rsqb, "']'")
        return Expr(.list(items), range(from: start))
    }

    mutating func parseBraceDisplay() -> Expr {
        let start = Int(tok.start)
        advance() // {
        let count = openedItems
        if eat(.rbrace) { return Expr(.dict([]), range(from: start)) }
        var isDict: Bool
        var firstItem: DictItem?
        var firstElement: Expr?
        if eat(.doubleStar) {
            isDict = true
            firstItem = DictItem(key: nil, value: parseBinary(1))
        } else {
            let e = parseStarOrNamed()
            isDict = kind == .colon
            if isDict {
                advance()
                firstItem = DictItem(key: e, value: parseTest())
            } else {
                firstElement = e
            }
        }
        if kind == .kwFor || (kind == .kwAsync && peekKind() == .kwFor) {
            let generators = parseComprehensions()
            expect(.rbrace, "'}'")
            if let item = firstItem, let key = item.key {
                return Expr(.dictComp(key: key, value: item.value, generators), range(from: start))
            }
            if let e = firstElement { return Expr(.setComp(e, generators), range(from: start)) }
            error("dict unpacking cannot be used in dict comprehension", offset: start)
            return Expr(.invalid, range(from: start))
        }
        if isDict {
            var items = [DictItem](capacity: count)
            items.append(firstItem!)
            while eat(.comma) {
                if kind == .rbrace { break }
                if eat(.doubleStar) {
                    items.append(DictItem(key: nil, value: parseBinary(1)))
                } else {
                    let key = parseTest()
                    expect(.colon, "':' in a dict")
                    items.append(DictItem(key: key, value: parseTest()))
                }
            }
            expect(.rbrace, "'}'")
            return Expr(.dict(items), range(from: start))
        }
        var items = [Expr](capacity: count)
        items.append(firstElement!)
        while eat(.comma) {
            if kind == .rbrace { break }
            items.append(parseStarOrNamed())
        }
        expect(.rbrace, "'}'")
        return Expr(.set(items), range(from: start))
    }

    mutating func parseComprehensions() -> [Comprehension] {
        var out: [Comprehension] = []
        while kind == .kwFor || (kind == .kwAsync && peekKind() == .kwFor) {
            let isAsync = eat(.kwAsync)
            advance() // for
            let target = parseTargetExpression()
            checkTarget(target, "assign to", allowStar: true)
            expect(.kwIn, "'in'")
            let iter = parseOrTest()
            var ifs: [Expr] = []
            while eat(.kwIf) { ifs.append(parseOrTest()) }
            out.append(Comprehension(target: target, iter: iter, ifs: ifs, isAsync: isAsync))
        }
        return out
    }

    mutating func parseSubscript() -> Expr {
        let start = Int(tok.start)
        var items: [Expr] = []
        var trailingComma = false
        while kind != .rsqb && kind != .endMarker {
            items.append(parseSliceItem())
            trailingComma = false
            if !eat(.comma) { break }
            trailingComma = true
        }
        expect(.rsqb, "']'")
        if items.count == 1 && !trailingComma { return items[0] }
        if items.isEmpty { error("expected a subscript", offset: start) }
        return Expr(.tuple(items, parenthesized: false), range(from: start))
    }

    mutating func parseSliceItem() -> Expr {
        let start = Int(tok.start)
        var lower: Expr?
        if kind != .colon {
            let e = parseStarOrNamed()
            if kind != .colon { return e }
            lower = e
        }
        advance() // :
        let upper = canStartExpression ? parseTest() : nil
        var step: Expr?
        if eat(.colon) { step = canStartExpression ? parseTest() : nil }
        return Expr(.slice(lower: lower, upper: upper, step: step), range(from: start))
    }

    /// The arguments after a call's `(`.
    mutating func parseCallArguments() -> [Argument] {
        var args = [Argument](capacity: openedItems)
        var sawKeyword = false, sawDoubleStar = false
        while kind != .rpar && kind != .endMarker && kind != .newline {
            let start = Int(tok.start)
            if eat(.star) {
                if sawDoubleStar { error("iterable argument unpacking follows keyword argument unpacking", offset: start) }
                let value = parseTest()
                args.append(Argument(kind: .starred, value: value, range: range(from: start)))
            } else if eat(.doubleStar) {
                sawDoubleStar = true
                let value = parseTest()
                args.append(Argument(kind: .doubleStarred, value: value, range: range(from: start)))
            } else if kind == .name && peekKind() == .equal {
                sawKeyword = true
                let name = takeText()
                advance() // =
                let value = parseTest()
                args.append(Argument(kind: .keyword(name), value: value, range: range(from: start)))
            } else {
                var value = parseNamedExpression()
                if kind == .kwFor || (kind == .kwAsync && peekKind() == .kwFor) {
                    let generators = parseComprehensions()
                    value = Expr(.generator(value, generators), range(from: start))
                }
                if sawDoubleStar {
                    error("positional argument follows keyword argument unpacking", offset: start)
                } else if sawKeyword {
                    error("positional argument follows keyword argument", offset: start)
                }
                args.append(Argument(kind: .positional, value: value, range: range(from: start)))
            }
            if !eat(.comma) { break }
        }
        return args
    }
}
