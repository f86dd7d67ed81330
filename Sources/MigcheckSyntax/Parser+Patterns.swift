extension Parser {
    // MARK: match statements (PEP 634)

    /// `match` is a soft keyword: it starts a match statement only when its
    /// line ends with ':' and the indented block that follows starts with `case`.
    func looksLikeMatch() -> Bool {
        var j = p + 1
        var depth = 0
        guard j < tokens.count else { return false }
        switch tokens[j].kind {
        case .equal, .dot, .colon, .newline, .comma, .rpar: return false
        default: break
        }
        while j < tokens.count {
            switch tokens[j].kind {
            case .lpar, .lsqb, .lbrace: depth += 1
            case .rpar, .rsqb, .rbrace: depth -= 1
            case .newline, .endMarker:
                guard depth <= 0, j > 0, tokens[j - 1].kind == .colon,
                      j + 2 < tokens.count, tokens[j + 1].kind == .indent else { return false }
                return isName(tokens[j + 2], "case")
            default: break
            }
            j += 1
        }
        return false
    }

    mutating func parseMatch() -> Stmt {
        let start = Int(tok.start)
        advance() // match
        let subject = parseExpressionList { $0.parseStarOrNamed() }
        expectHeaderColon()
        var cases: [MatchCase] = []
        guard eat(.newline), eat(.indent) else {
            error("expected an indented block of 'case' clauses", at: tok)
            return Stmt(.match(subject: subject, cases: cases), range(from: start))
        }
        while kind != .dedent && kind != .endMarker {
            tooDeep = false
            guard isName(tok, "case") else {
                error("expected 'case'", at: tok)
                var ignored: [Stmt] = []
                parseStatement(into: &ignored)
                continue
            }
            advance()
            let pattern = parseOpenPattern()
            let guardExpr = eat(.kwIf) ? parseNamedExpression() : nil
            expectHeaderColon()
            let body = parseBlock()
            cases.append(MatchCase(pattern: pattern, guardExpr: guardExpr, body: body))
        }
        _ = eat(.dedent)
        return Stmt(.match(subject: subject, cases: cases), range(from: start))
    }

    /// `case a, *rest:`: a sequence pattern without brackets, or one pattern.
    mutating func parseOpenPattern() -> Pattern {
        let start = Int(tok.start)
        let first = parseAsPattern()
        guard kind == .comma else { return first }
        var items = [first]
        while eat(.comma) {
            if kind == .colon || kind == .kwIf || kind == .rpar { break }
            items.append(parseAsPattern())
        }
        return .sequence(items, range(from: start))
    }

    mutating func parseAsPattern() -> Pattern {
        let start = Int(tok.start)
        guard enter() else { return .capture(nil, TextRange(start, start)) }
        defer { leave() }
        if kind == .star {
            advance()
            let name = kind == .name ? takeText() : nil
            if name == nil { expect(.name, "a name after '*'") }
            return .star(name == "_" ? nil : name, range(from: start))
        }
        let pattern = parseOrPattern()
        guard eat(.kwAs) else { return pattern }
        guard kind == .name else {
            expect(.name, "a name after 'as'")
            return pattern
        }
        return .asPattern(pattern, takeText(), range(from: start))
    }

    mutating func parseOrPattern() -> Pattern {
        let start = Int(tok.start)
        let first = parseClosedPattern()
        guard kind == .vbar else { return first }
        var alternatives = [first]
        while eat(.vbar) { alternatives.append(parseClosedPattern()) }
        return .or(alternatives, range(from: start))
    }

    mutating func parseClosedPattern() -> Pattern {
        let start = Int(tok.start)
        switch kind {
        case .name:
            let t = advance()
            var e = Expr(.name(text(t)), t.range)
            var dotted = false
            while kind == .dot && peekKind() == .name {
                advance()
                e = Expr(.attribute(e, name: advance().range), range(from: start))
                dotted = true
            }
            if kind == .lpar { return parseClassPattern(e, start: start) }
            if dotted { return .value(e) }
            let name = text(t)
            return .capture(name == "_" ? nil : name, t.range)
        case .lpar:
            advance()
            if eat(.rpar) { return .sequence([], range(from: start)) }
            let inner = parseOpenPattern()
            expect(.rpar, "')'")
            return inner
        case .lsqb:
            advance()
            var items: [Pattern] = []
            while kind != .rsqb && kind != .endMarker {
                items.append(parseAsPattern())
                if !eat(.comma) { break }
            }
            expect(.rsqb, "']'")
            return .sequence(items, range(from: start))
        case .lbrace:
            return parseMappingPattern()
        case .number, .string, .fstring, .minus, .kwNone, .kwTrue, .kwFalse:
            // Literals, including signed and complex numbers (`-1`, `1 + 2j`).
            return .value(parseBinary(5))
        default:
            unexpected()
            return .capture(nil, TextRange(start, start))
        }
    }

    mutating func parseClassPattern(_ cls: Expr, start: Int) -> Pattern {
        advance() // (
        var patterns: [Pattern] = []
        var keywords: [(String, Pattern)] = []
        while kind != .rpar && kind != .endMarker {
            if kind == .name && peekKind() == .equal {
                let name = takeText()
                advance()
                keywords.append((name, parseAsPattern()))
            } else {
                if !keywords.isEmpty { error("positional patterns follow keyword patterns", at: tok) }
                patterns.append(parseAsPattern())
            }
            if !eat(.comma) { break }
        }
        expect(.rpar, "')'")
        return .classPattern(cls, patterns: patterns, keywords: keywords, range(from: start))
    }

    mutating func parseMappingPattern() -> Pattern {
        let start = Int(tok.start)
        advance() // {
        var keys: [Expr] = []
        var patterns: [Pattern] = []
        var rest: String?
        while kind != .rbrace && kind != .endMarker {
            if eat(.doubleStar) {
                if kind == .name { rest = takeText() } else { expect(.name, "a name after '**'") }
            } else {
                keys.append(parseBinary(5))
                expect(.colon, "':' in a mapping pattern")
                patterns.append(parseAsPattern())
            }
            if !eat(.comma) { break }
        }
        expect(.rbrace, "'}'")
        return .mapping(keys: keys, patterns: patterns, rest: rest, range(from: start))
    }
}
