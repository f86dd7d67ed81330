import MigcheckSyntax

extension MigrationExtractor {
    // MARK: Operation lists

    /// The operations of a list literal, following concatenations and
    /// module-level and class-level names; anything else makes the list
    /// dynamic, and incomplete where operations could not be read.
    func operationList(_ e: Expr, depth: Int) -> OperationList {
        guard depth < Self.maxResolutionDepth else { return OperationList(operations: [], isDynamic: true, isComplete: false) }
        switch e.kind {
        case .list(let items), .tuple(let items, _):
            var list = OperationList(operations: [], isDynamic: false)
            for item in items {
                if case .starred(let inner) = item.kind {
                    let spread = operationList(inner, depth: depth + 1)
                    list.isDynamic = true
                    list.isComplete = list.isComplete && spread.isComplete
                    list.operations += spread.operations.isEmpty && !spread.isComplete ? [unresolvedOperation(item)] : spread.operations
                } else {
                    let op = operation(item, depth: depth + 1)
                    if op.unresolved != nil { list.isComplete = false }
                    list.operations.append(op)
                }
            }
            return list
        case .binary(.add, let l, let r):
            let left = operationList(l, depth: depth + 1)
            let right = operationList(r, depth: depth + 1)
            return OperationList(operations: left.operations + right.operations, isDynamic: true,
                                 isComplete: left.isComplete && right.isComplete)
        case .ifElse(_, let body, let orElse):
            // Only one branch runs, and which depends on the settings of the
            // machine: both are listed, so that rules see every operation that
            // may run, and the list is incomplete (MC118 says why).
            let first = operationList(body, depth: depth + 1)
            let second = operationList(orElse, depth: depth + 1)
            return OperationList(operations: first.operations + second.operations, isDynamic: true, isComplete: false)
        case .name(let n):
            guard let bound = constant(n) else { return OperationList(operations: [], isDynamic: true, isComplete: false) }
            let inner = operationList(bound, depth: depth + 1)
            return OperationList(operations: inner.operations, isDynamic: true, isComplete: inner.isComplete)
        default:
            return OperationList(operations: [], isDynamic: true, isComplete: false)
        }
    }

    func unresolvedOperation(_ e: Expr) -> Operation {
        Operation(type: "<dynamic>", callee: "", isDjango: false, range: e.range,
                  location: source.location(of: Int(e.range.start)), arguments: [], extraPositional: [],
                  hasUnpacking: false, unresolved: source.text(e.range))
    }

    // MARK: Operations

    func operation(_ e: Expr, depth: Int) -> Operation {
        guard case .call(let fn, let args) = e.kind, let callee = dottedName(fn, in: source) else {
            if case .name(let n) = e.kind, let bound = constant(n), depth < Self.maxResolutionDepth {
                var op = operation(bound, depth: depth + 1)
                op.range = e.range
                op.location = source.location(of: Int(e.range.start))
                return op
            }
            return unresolvedOperation(e)
        }
        let qualified = scope.qualify(callee)
        let django = qualified.flatMap(DjangoOperations.lookup(qualifiedName:))
        let type = django?.name ?? String(callee.dottedTail)
        let parameters = django?.parameters ?? []
        let roles = django?.roles ?? []

        // Named arguments are kept in signature order as they are read: `filled`
        // has a bit per parameter already present, so a parameter's place is
        // the count of filled ones before it (no array of empty slots).
        var arguments: [(String, Value)] = []
        arguments.reserveCapacity(args.count)
        var filled: UInt64 = 0
        func place(_ slot: Int, _ v: Value) {
            guard slot < 64 else { return } // Django's widest signature has a dozen parameters
            let index = (filled & ((1 << UInt64(slot)) - 1)).nonzeroBitCount
            if filled & (1 << UInt64(slot)) != 0 {
                arguments[index].1 = v
            } else {
                arguments.insert((parameters[slot], v), at: index)
                filled |= 1 << UInt64(slot)
            }
        }
        var extraKeywords: [(String, Value)] = []
        var extra: [Value] = []
        var unpacking = false
        var position = 0
        for arg in args {
            switch arg.kind {
            case .positional:
                if unpacking { extra.append(value(arg.value, depth: depth)); continue }
                if position < parameters.count {
                    place(position, argumentValue(roles[position], arg.value, depth: depth))
                } else {
                    extra.append(value(arg.value, depth: depth))
                }
                position += 1
            case .keyword(let name):
                if let slot = parameters.firstIndex(of: name) {
                    place(slot, argumentValue(roles[slot], arg.value, depth: depth))
                } else {
                    // Django would refuse the keyword; it is read as its name says all the same.
                    let role = django.map { ArgumentRole(of: name, in: $0.name) } ?? .value
                    extraKeywords.append((name, argumentValue(role, arg.value, depth: depth)))
                }
            case .starred, .doubleStarred:
                // Positions after *args cannot be named.
                unpacking = true
            }
        }
        arguments.append(contentsOf: extraKeywords)
        return Operation(type: type, callee: callee, isDjango: django != nil, range: e.range,
                         location: source.location(of: Int(e.range.start)), arguments: arguments,
                         extraPositional: extra, hasUnpacking: unpacking, unresolved: nil,
                         qualifiedCallee: django == nil ? qualified : nil)
    }

    func argumentValue(_ role: ArgumentRole, _ e: Expr, depth: Int) -> Value {
        switch role {
        case .callable: return callableValue(e, depth: depth)
        case .sql: return sqlValue(e, depth: depth)
        case .operations: return .operations(operationList(e, depth: depth + 1))
        case .value: return value(e, depth: depth)
        }
    }

    // MARK: RunPython and RunSQL

    func callableValue(_ e: Expr, depth: Int) -> Value {
        switch e.kind {
        case .constant(.none):
            return .none
        case .lambda:
            let start = source.location(of: Int(e.range.start)).line
            let end = source.location(of: Int(e.range.end)).line
            return .callable(CallableRef(kind: .lambda, name: "<lambda>", definition: e.range,
                                         startLine: start, endLine: end, source: source.text(e.range)))
        default:
            guard let name = dottedName(e, in: source) else { return .expression(source.text(e.range)) }
            if name.hasSuffix(".noop") || name == "noop" { return .noop(name) }
            if let def = classFunctions[name] ?? scope.functions[name] {
                return .callable(CallableRef(kind: .function, name: name, definition: def.range,
                                             startLine: source.location(of: Int(def.range.start)).line,
                                             endLine: source.location(of: Int(def.range.end)).line,
                                             source: source.text(def.range), helperSource: scope.helperSource(of: def, named: name)))
            }
            if case .name(let n) = e.kind, let bound = constant(n), depth < Self.maxResolutionDepth {
                return callableValue(bound, depth: depth + 1)
            }
            return .callable(CallableRef(kind: .external, name: name, definition: nil, startLine: nil, endLine: nil, source: nil,
                                         qualifiedName: scope.qualify(name)))
        }
    }

    func sqlValue(_ e: Expr, depth: Int) -> Value {
        guard depth < Self.maxResolutionDepth else { return .expression(source.text(e.range)) }
        switch e.kind {
        case .constant(.none):
            return .none
        case .list(let items), .tuple(let items, _):
            return .sql(items.map { sqlStatement($0, depth: depth + 1) })
        case .name(let n):
            if let bound = constant(n) { return sqlValue(bound, depth: depth + 1) }
        default:
            if let name = dottedName(e, in: source), name.hasSuffix(".noop") { return .noop(name) }
        }
        if let text = sqlText(e, depth: depth) { return .sql([SQLStatement(sql: text, expression: nil, params: nil)]) }
        return .expression(source.text(e.range))
    }

    func sqlStatement(_ e: Expr, depth: Int) -> SQLStatement {
        var pair: [Expr] = []
        switch e.kind {
        case .tuple(let items, _) where items.count == 2: pair = items
        case .list(let items) where items.count == 2: pair = items
        default: break
        }
        // `(sql, params)`: a two-item tuple or list whose first item is text.
        if pair.count == 2, let text = sqlText(pair[0], depth: depth) {
            return SQLStatement(sql: text, expression: nil, params: value(pair[1], depth: depth))
        }
        if let text = sqlText(e, depth: depth) { return SQLStatement(sql: text, expression: nil, params: nil) }
        return SQLStatement(sql: nil, expression: source.text(e.range), params: nil)
    }

    /// The text of a SQL string: literals, implicit and `+` concatenation, and module constants.
    func sqlText(_ e: Expr, depth: Int) -> String? {
        guard depth < Self.maxResolutionDepth else { return nil }
        switch e.kind {
        case .string(let parts):
            return StringDecoder.value(of: parts, in: source)
        case .binary(.add, let l, let r):
            guard let a = sqlText(l, depth: depth + 1), let b = sqlText(r, depth: depth + 1) else { return nil }
            return a + b
        case .name(let n):
            return constant(n).flatMap { sqlText($0, depth: depth + 1) }
        default:
            return nil
        }
    }

    // MARK: Values

    func value(_ e: Expr, depth: Int) -> Value {
        guard depth < Self.maxResolutionDepth * 4 else { return .expression(source.text(e.range)) }
        switch e.kind {
        case .string(let parts):
            if let s = StringDecoder.value(of: parts, in: source) { return .string(s) }
        case .number(let kind):
            if let v = numberValue(kind, e.range, negative: false) { return v }
        case .unary(.negate, let inner):
            if case .number(let kind) = inner.kind, let v = numberValue(kind, inner.range, negative: true) { return v }
        case .constant(.true): return .bool(true)
        case .constant(.false): return .bool(false)
        case .constant(.none): return .none
        case .list(let items): return .list(items.map { value($0, depth: depth + 1) })
        case .tuple(let items, _): return .tuple(items.map { value($0, depth: depth + 1) })
        case .set(let items): return .set(items.map { value($0, depth: depth + 1) })
        case .dict(let items):
            return .dict(items.map { item in
                (item.key.map { value($0, depth: depth + 1) } ?? .expression("**"), value(item.value, depth: depth + 1))
            })
        case .call(let fn, let args):
            let callee = dottedName(fn, in: source) ?? source.text(fn.range)
            var positional: [Value] = []
            var keywords: [(String, Value)] = []
            keywords.reserveCapacity(args.count)
            var unpacking = false
            for arg in args {
                switch arg.kind {
                case .positional: positional.append(value(arg.value, depth: depth + 1))
                case .keyword(let k): keywords.append((k, value(arg.value, depth: depth + 1)))
                case .starred, .doubleStarred: unpacking = true
                }
            }
            let className = String(callee.dottedTail)
            return .call(Call(callee: callee, className: className, positional: positional, keywords: keywords, hasUnpacking: unpacking))
        case .name(let n):
            if let bound = constant(n), depth < Self.maxResolutionDepth { return value(bound, depth: depth + 1) }
        default:
            break
        }
        return .expression(source.text(e.range))
    }

    func numberValue(_ kind: NumberKind, _ range: TextRange, negative: Bool) -> Value? {
        switch kind {
        case .integer:
            return NumberLiteral.integer(range, in: source).map { .int(negative ? -$0 : $0) }
        case .float:
            let text = String(source.text(range).filter { $0 != "_" })
            return Double(negative ? "-" + text : text).map { .float($0) }
        case .imaginary:
            return nil
        }
    }
}
