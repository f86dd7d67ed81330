extension Parser {
    // MARK: Statements

    /// Parses one statement (or one line of `;`-separated simple statements)
    /// into `body`, recovering at the end of the line after an error.
    mutating func parseStatement(into body: inout [Stmt]) {
        tooDeep = false
        switch kind {
        case .newline:
            advance()
        case .indent:
            // Keep the stray block's statements: they are still code.
            error("unexpected indent", at: tok)
            body.append(contentsOf: parseIndentedBlock())
        case .dedent:
            advance()
        case .kwDef, .kwClass, .kwIf, .kwWhile, .kwFor, .kwTry, .kwWith, .at:
            body.append(parseCompound())
        case .kwAsync where [.kwDef, .kwFor, .kwWith].contains(peekKind()):
            body.append(parseCompound())
        case .name where isName(tok, "match") && looksLikeMatch():
            body.append(parseMatch())
        default:
            parseSimpleLine(into: &body)
        }
    }

    mutating func parseSimpleLine(into body: inout [Stmt]) {
        let before = errors.count
        repeat {
            if kind == .newline || kind == .endMarker { break }
            body.append(parseSimpleStatement())
        } while eat(.semi)
        if kind == .newline {
            advance()
        } else {
            if errors.count == before || errors.last!.offset < Int(tok.start) { unexpected() }
            skipLine()
        }
    }

    mutating func parseSimpleStatement() -> Stmt {
        let start = Int(tok.start)
        let t = tok
        switch t.kind {
        case .kwPass: advance(); return Stmt(.pass, range(from: start))
        case .kwBreak: advance(); return Stmt(.breakStmt, range(from: start))
        case .kwContinue: advance(); return Stmt(.continueStmt, range(from: start))
        case .kwReturn:
            advance()
            let value = canStartExpression ? parseStarExpressions() : nil
            return Stmt(.returnStmt(value), range(from: start))
        case .kwRaise:
            advance()
            var exc: Expr?, cause: Expr?
            if canStartExpression {
                exc = parseTest()
                if eat(.kwFrom) { cause = parseTest() }
            }
            return Stmt(.raise(exc, cause: cause), range(from: start))
        case .kwGlobal, .kwNonlocal:
            advance()
            var names: [String] = []
            repeat {
                if kind == .name { names.append(takeText()) } else { expect(.name, "a name"); break }
            } while eat(.comma)
            return Stmt(t.kind == .kwGlobal ? .global(names) : .nonlocal(names), range(from: start))
        case .kwDel:
            advance()
            let targets = parseTargetList()
            for target in targets { checkTarget(target, "delete", allowStar: false) }
            return Stmt(.delete(targets), range(from: start))
        case .kwAssert:
            advance()
            let test = parseTest()
            let message = eat(.comma) ? parseTest() : nil
            return Stmt(.assert(test, message: message), range(from: start))
        case .kwImport:
            return parseImport()
        case .kwFrom:
            return parseFromImport()
        case .name where isName(t, "type") && peekKind() == .name && (peekKind(2) == .equal || peekKind(2) == .lsqb):
            advance()
            let name = takeText()
            let params = kind == .lsqb ? parseTypeParameters() : []
            expect(.equal, "'='")
            let value = parseTest()
            return Stmt(.typeAlias(name: name, typeParameters: params, value: value), range(from: start))
        default:
            return parseExpressionStatement()
        }
    }

    mutating func parseExpressionStatement() -> Stmt {
        let start = Int(tok.start)
        let first = kind == .kwYield ? parseYield() : parseStarExpressions()
        if let op = augmentedOperator(kind) {
            advance()
            checkTarget(first, "assign to", allowStar: false, allowCollections: false)
            let value = kind == .kwYield ? parseYield() : parseStarExpressions()
            return Stmt(.augAssign(target: first, op: op, value: value), range(from: start))
        }
        if kind == .colon {
            advance()
            checkTarget(first, "annotate", allowStar: false, allowCollections: false)
            let annotation = parseTest()
            var value: Expr?
            if eat(.equal) { value = kind == .kwYield ? parseYield() : parseStarExpressions() }
            return Stmt(.annAssign(target: first, annotation: annotation, value: value), range(from: start))
        }
        if kind == .equal {
            // Each value read becomes a target when another `=` follows it.
            var targets: [Expr] = []
            var value = first
            while eat(.equal) {
                targets.append(value)
                value = kind == .kwYield ? parseYield() : parseStarExpressions()
            }
            for target in targets { checkTarget(target, "assign to", allowStar: true) }
            return Stmt(.assign(targets: targets, value: value), range(from: start))
        }
        return Stmt(.expr(first), range(from: start))
    }

    func augmentedOperator(_ k: TokenKind) -> BinaryOp? {
        switch k {
        case .plusEqual: return .add
        case .minEqual: return .sub
        case .starEqual: return .mult
        case .atEqual: return .matMult
        case .slashEqual: return .div
        case .percentEqual: return .mod
        case .doubleStarEqual: return .pow
        case .leftShiftEqual: return .lShift
        case .rightShiftEqual: return .rShift
        case .vbarEqual: return .bitOr
        case .circumflexEqual: return .bitXor
        case .amperEqual: return .bitAnd
        case .doubleSlashEqual: return .floorDiv
        default: return nil
        }
    }

    /// Reports an expression that cannot be the target of an assignment,
    /// `del`, `for` or `with ... as`.
    mutating func checkTarget(_ e: Expr, _ verb: String, allowStar: Bool, allowCollections: Bool = true) {
        switch e.kind {
        case .name, .attribute, .`subscript`, .invalid:
            return
        case .tuple(let items, _) where allowCollections, .list(let items) where allowCollections:
            for item in items { checkTarget(item, verb, allowStar: true) }
        case .starred(let inner) where allowStar:
            checkTarget(inner, verb, allowStar: false)
        default:
            error("cannot \(verb) this expression", offset: Int(e.range.start))
        }
    }

    mutating func parseDottedName() -> String? {
        guard kind == .name else { expect(.name, "a module name"); return nil }
        var name = takeText()
        while kind == .dot && peekKind() == .name {
            advance()
            name += "." + takeText()
        }
        return name
    }

    mutating func parseImport() -> Stmt {
        let start = Int(tok.start)
        advance()
        var names: [ImportAlias] = []
        repeat {
            let s = Int(tok.start)
            guard let name = parseDottedName() else { break }
            var asName: String?
            if eat(.kwAs) { asName = kind == .name ? takeText() : nil; if asName == nil { expect(.name, "a name") } }
            names.append(ImportAlias(name: name, asName: asName, range: range(from: s)))
        } while eat(.comma)
        return Stmt(.importNames(names), range(from: start))
    }

    mutating func parseFromImport() -> Stmt {
        let start = Int(tok.start)
        advance()
        var level = 0
        while kind == .dot || kind == .ellipsis {
            level += kind == .dot ? 1 : 3
            advance()
        }
        let module: String? = (level == 0 || kind == .name) ? parseDottedName() : nil
        expect(.kwImport, "'import'")
        var names: [ImportAlias] = []
        if kind == .star {
            let t = advance()
            names.append(ImportAlias(name: "*", asName: nil, range: t.range))
        } else {
            let parenthesized = eat(.lpar)
            repeat {
                if parenthesized && kind == .rpar { break }
                guard kind == .name else { expect(.name, "a name to import"); break }
                let t = advance()
                var asName: String?
                if eat(.kwAs) { asName = kind == .name ? takeText() : nil; if asName == nil { expect(.name, "a name") } }
                names.append(ImportAlias(name: text(t), asName: asName, range: range(from: Int(t.start))))
            } while eat(.comma)
            if parenthesized { expect(.rpar, "')'") }
        }
        return Stmt(.importFrom(module: module, level: level, names: names), range(from: start))
    }

    // MARK: Blocks

    /// After a compound statement's ':': an indented block or simple statements on the same line.
    mutating func parseBlock() -> [Stmt] {
        if kind == .newline {
            advance()
            guard kind == .indent else {
                error("expected an indented block", at: tok)
                return []
            }
            return parseIndentedBlock()
        }
        var body: [Stmt] = []
        parseSimpleLine(into: &body)
        return body
    }

    /// At INDENT: the statements up to the matching DEDENT.
    mutating func parseIndentedBlock() -> [Stmt] {
        advance()
        guard enter() else {
            // Skip the block without recursing.
            var depth = 1
            while depth > 0 && kind != .endMarker {
                if kind == .indent { depth += 1 } else if kind == .dedent { depth -= 1 }
                advance()
            }
            return []
        }
        defer { leave() }
        var body: [Stmt] = []
        while kind != .dedent && kind != .endMarker {
            parseStatement(into: &body)
        }
        _ = eat(.dedent)
        return body
    }

    /// Expects ':' ending a compound statement's header; on error skips the header's rest.
    mutating func expectHeaderColon() {
        if eat(.colon) { return }
        if kind != .newline { unexpected() } else { error("expected ':'", at: tok) }
        while kind != .newline && kind != .colon && kind != .endMarker { advance() }
        _ = eat(.colon)
    }

    // MARK: Compound statements

    mutating func parseCompound() -> Stmt {
        let start = Int(tok.start)
        switch kind {
        case .at: return parseDecorated()
        case .kwDef: return parseFunction(start: start, decorators: [], isAsync: false)
        case .kwClass: return parseClass(start: start, decorators: [])
        case .kwIf: return parseIf()
        case .kwWhile:
            advance()
            let test = parseNamedExpression()
            expectHeaderColon()
            let body = parseBlock()
            let orElse = parseElse()
            return Stmt(.whileStmt(test: test, body: body, orElse: orElse), range(from: start))
        case .kwFor: return parseFor(start: start, isAsync: false)
        case .kwTry: return parseTry()
        case .kwWith: return parseWith(start: start, isAsync: false)
        case .kwAsync:
            advance()
            switch kind {
            case .kwDef: return parseFunction(start: start, decorators: [], isAsync: true)
            case .kwFor: return parseFor(start: start, isAsync: true)
            default: return parseWith(start: start, isAsync: true)
            }
        default:
            unexpected()
            skipLine()
            return Stmt(.invalid, range(from: start))
        }
    }

    mutating func parseDecorated() -> Stmt {
        let start = Int(tok.start)
        var decorators: [Expr] = []
        while eat(.at) {
            decorators.append(parseNamedExpression())
            if !eat(.newline) { unexpected(); skipLine() }
        }
        switch kind {
        case .kwDef: return parseFunction(start: start, decorators: decorators, isAsync: false)
        case .kwAsync where peekKind() == .kwDef:
            advance()
            return parseFunction(start: start, decorators: decorators, isAsync: true)
        case .kwClass: return parseClass(start: start, decorators: decorators)
        default:
            error("expected 'def' or 'class' after a decorator", at: tok)
            return Stmt(.invalid, range(from: start))
        }
    }

    mutating func parseFunction(start: Int, decorators: [Expr], isAsync: Bool) -> Stmt {
        advance() // def
        let nameTok = tok
        let name = kind == .name ? takeText() : ""
        if name.isEmpty { expect(.name, "a function name") }
        let typeParams = kind == .lsqb ? parseTypeParameters() : []
        var params: [Parameter] = []
        if expect(.lpar, "'('") {
            params = parseParameters(closing: .rpar, annotations: true)
            expect(.rpar, "')'")
        }
        let returns = eat(.rarrow) ? parseTest() : nil
        expectHeaderColon()
        let body = parseBlock()
        let def = FunctionDef(name: name, nameRange: nameTok.range, decorators: decorators,
                              typeParameters: typeParams, parameters: params, returns: returns,
                              body: body, isAsync: isAsync)
        return Stmt(.functionDef(def), range(from: start))
    }

    mutating func parseClass(start: Int, decorators: [Expr]) -> Stmt {
        advance() // class
        let nameTok = tok
        let name = kind == .name ? takeText() : ""
        if name.isEmpty { expect(.name, "a class name") }
        let typeParams = kind == .lsqb ? parseTypeParameters() : []
        var arguments: [Argument] = []
        if eat(.lpar) {
            arguments = parseCallArguments()
            expect(.rpar, "')'")
        }
        expectHeaderColon()
        let body = parseBlock()
        let def = ClassDef(name: name, nameRange: nameTok.range, decorators: decorators,
                           typeParameters: typeParams, arguments: arguments, body: body)
        return Stmt(.classDef(def), range(from: start))
    }

    mutating func parseIf() -> Stmt {
        let start = Int(tok.start)
        advance() // if / elif
        let test = parseNamedExpression()
        expectHeaderColon()
        let body = parseBlock()
        var orElse: [Stmt] = []
        if kind == .kwElif {
            guard enter() else { skipLine(); return Stmt(.invalid, range(from: start)) }
            orElse = [parseIf()]
            leave()
        } else {
            orElse = parseElse()
        }
        return Stmt(.ifStmt(test: test, body: body, orElse: orElse), range(from: start))
    }

    mutating func parseElse() -> [Stmt] {
        guard eat(.kwElse) else { return [] }
        expectHeaderColon()
        return parseBlock()
    }

    mutating func parseFor(start: Int, isAsync: Bool) -> Stmt {
        advance() // for
        let target = parseTargetExpression()
        checkTarget(target, "assign to", allowStar: true)
        expect(.kwIn, "'in'")
        let iter = parseStarExpressions()
        expectHeaderColon()
        let body = parseBlock()
        let orElse = parseElse()
        return Stmt(.forStmt(target: target, iter: iter, body: body, orElse: orElse, isAsync: isAsync), range(from: start))
    }

    mutating func parseTry() -> Stmt {
        let start = Int(tok.start)
        advance()
        expectHeaderColon()
        let body = parseBlock()
        var handlers: [ExceptHandler] = []
        var isStar = false
        while kind == .kwExcept {
            let hs = Int(tok.start)
            advance()
            if eat(.star) { isStar = true }
            var type: Expr?
            var name: String?
            if kind != .colon {
                // PEP 758 (3.14): `except A, B:` is a tuple of types without parentheses.
                type = parseExpressionList { $0.parseTest() }
                if eat(.kwAs) {
                    if kind == .name { name = takeText() } else { expect(.name, "a name after 'as'") }
                }
            }
            expectHeaderColon()
            let hbody = parseBlock()
            handlers.append(ExceptHandler(type: type, name: name, body: hbody, range: range(from: hs)))
        }
        let orElse = parseElse()
        var finalBody: [Stmt] = []
        if eat(.kwFinally) {
            expectHeaderColon()
            finalBody = parseBlock()
        }
        if handlers.isEmpty && finalBody.isEmpty {
            error("expected 'except' or 'finally' block", at: tok)
        }
        return Stmt(.tryStmt(body: body, handlers: handlers, orElse: orElse, finally: finalBody, isStar: isStar), range(from: start))
    }

    mutating func parseWith(start: Int, isAsync: Bool) -> Stmt {
        advance() // with
        var items: [WithItem] = []
        if kind == .lpar && parenthesizedWithItems() {
            advance()
            while kind != .rpar && kind != .endMarker {
                items.append(parseWithItem())
                if !eat(.comma) { break }
            }
            expect(.rpar, "')'")
        } else {
            repeat { items.append(parseWithItem()) } while eat(.comma)
        }
        expectHeaderColon()
        let body = parseBlock()
        return Stmt(.with(items, body: body, isAsync: isAsync), range(from: start))
    }

    mutating func parseWithItem() -> WithItem {
        let context = parseTest()
        var target: Expr?
        if eat(.kwAs) {
            let t = parseBinary(1)
            checkTarget(t, "assign to", allowStar: false)
            target = t
        }
        return WithItem(context: context, target: target)
    }

    /// `with (a as b, c):`: the parentheses group items when the matching ')'
    /// is followed by ':' and an `as` or a comma stands inside at depth one.
    func parenthesizedWithItems() -> Bool {
        var depth = 0
        var j = p
        var sawItemSyntax = false
        while j < tokens.count {
            switch tokens[j].kind {
            case .lpar, .lsqb, .lbrace: depth += 1
            case .rpar, .rsqb, .rbrace:
                depth -= 1
                if depth == 0 {
                    return sawItemSyntax && j + 1 < tokens.count && tokens[j + 1].kind == .colon
                }
            case .kwAs, .comma: if depth == 1 { sawItemSyntax = true }
            case .newline, .endMarker: return false
            default: break
            }
            j += 1
        }
        return false
    }

    // MARK: Parameters

    /// Function parameters (with annotations) or lambda parameters, up to `closing`.
    mutating func parseParameters(closing: TokenKind, annotations: Bool) -> [Parameter] {
        var params: [Parameter] = []
        var keywordOnly = false
        var sawDefault = false
        while kind != closing && kind != .endMarker && kind != .newline {
            let s = Int(tok.start)
            if eat(.slash) {
                for k in params.indices where params[k].kind == .normal { params[k].kind = .positionalOnly }
            } else if eat(.star) {
                keywordOnly = true
                if kind == .name {
                    let name = takeText()
                    var ann: Expr?
                    if annotations && eat(.colon) { ann = kind == .star ? parseStarExpression() : parseTest() }
                    params.append(Parameter(name: name, kind: .varArgs, annotation: ann, defaultValue: nil, range: range(from: s)))
                }
            } else if eat(.doubleStar) {
                guard kind == .name else { expect(.name, "a parameter name"); break }
                let name = takeText()
                var ann: Expr?
                if annotations && eat(.colon) { ann = parseTest() }
                params.append(Parameter(name: name, kind: .varKeywords, annotation: ann, defaultValue: nil, range: range(from: s)))
            } else if kind == .name {
                let name = takeText()
                var ann: Expr?
                if annotations && eat(.colon) { ann = parseTest() }
                var value: Expr?
                if eat(.equal) {
                    value = parseTest()
                    sawDefault = true
                } else if sawDefault && !keywordOnly {
                    error("parameter without a default follows parameter with a default", offset: s)
                }
                params.append(Parameter(name: name, kind: keywordOnly ? .keywordOnly : .normal,
                                        annotation: ann, defaultValue: value, range: range(from: s)))
            } else {
                unexpected()
                break
            }
            if !eat(.comma) { break }
        }
        return params
    }

    mutating func parseTypeParameters() -> [TypeParameter] {
        advance() // [
        var params: [TypeParameter] = []
        while kind != .rsqb && kind != .endMarker && kind != .newline {
            let s = Int(tok.start)
            var k = TypeParameter.Kind.typeVar
            if eat(.star) { k = .typeVarTuple } else if eat(.doubleStar) { k = .paramSpec }
            guard kind == .name else { expect(.name, "a type parameter name"); break }
            let name = takeText()
            var bound: Expr?, value: Expr?
            if k == .typeVar && eat(.colon) { bound = parseTest() }
            if eat(.equal) { value = kind == .star ? parseStarExpression() : parseTest() }
            params.append(TypeParameter(name: name, kind: k, bound: bound, defaultValue: value, range: range(from: s)))
            if !eat(.comma) { break }
        }
        expect(.rsqb, "']'")
        return params
    }
}
