/// Walks statements and expressions, outside function, lambda and class
/// bodies, reporting every name (and whether it is stored to or deleted)
/// and every `name.attribute`. Used to find where a module changes a name.
public struct NameVisitor {
    public typealias NameHandler = (_ name: String, _ range: TextRange, _ isStore: Bool) -> Void
    /// `attribute` is the range of the attribute's name.
    public typealias AttributeHandler = (_ base: String, _ attribute: TextRange, _ range: TextRange) -> Void

    let onName: NameHandler
    let onAttribute: AttributeHandler

    public init(onName: @escaping NameHandler = { _, _, _ in }, onAttribute: @escaping AttributeHandler = { _, _, _ in }) {
        self.onName = onName
        self.onAttribute = onAttribute
    }

    public mutating func visit(_ stmt: Stmt) {
        switch stmt.kind {
        case .expr(let e): visit(e)
        case .assign(let targets, let value):
            for t in targets { visit(t, store: true) }
            visit(value)
        case .augAssign(let target, _, let value):
            visit(target, store: true)
            visit(value)
        case .annAssign(let target, let annotation, let value):
            visit(target, store: value != nil)
            visit(annotation)
            if let value { visit(value) }
        case .ifStmt(let test, let body, let orElse), .whileStmt(let test, let body, let orElse):
            visit(test)
            for s in body + orElse { visit(s) }
        case .forStmt(let target, let iter, let body, let orElse, _):
            visit(target, store: true)
            visit(iter)
            for s in body + orElse { visit(s) }
        case .tryStmt(let body, let handlers, let orElse, let finalBody, _):
            for s in body + orElse + finalBody { visit(s) }
            for h in handlers {
                if let t = h.type { visit(t) }
                for s in h.body { visit(s) }
            }
        case .with(let items, let body, _):
            for item in items {
                visit(item.context)
                if let t = item.target { visit(t, store: true) }
            }
            for s in body { visit(s) }
        case .match(let subject, let cases):
            visit(subject)
            for c in cases {
                if let g = c.guardExpr { visit(g) }
                for s in c.body { visit(s) }
            }
        case .raise(let exc, let cause):
            if let exc { visit(exc) }
            if let cause { visit(cause) }
        case .returnStmt(let value):
            if let value { visit(value) }
        case .delete(let targets):
            for t in targets { visit(t, store: true) }
        case .assert(let test, let message):
            visit(test)
            if let message { visit(message) }
        case .functionDef, .classDef, .importNames, .importFrom, .global, .nonlocal,
             .typeAlias, .pass, .breakStmt, .continueStmt, .invalid:
            break
        }
    }

    public mutating func visit(_ e: Expr, store: Bool = false) {
        switch e.kind {
        case .name(let n): onName(n, e.range, store)
        case .attribute(let base, let attr):
            if case .name(let n) = base.kind { onAttribute(n, attr, e.range) }
            visit(base)
        case .call(let fn, let args):
            visit(fn)
            for a in args { visit(a.value) }
        case .subscript(let base, let index):
            visit(base)
            visit(index)
        case .slice(let lower, let upper, let step):
            for part in [lower, upper, step] { if let part { visit(part) } }
        case .tuple(let items, _), .list(let items):
            for item in items { visit(item, store: store) }
        case .set(let items), .boolean(_, let items):
            for item in items { visit(item) }
        case .dict(let items):
            for item in items {
                if let k = item.key { visit(k) }
                visit(item.value)
            }
        case .listComp(let elt, let gens), .setComp(let elt, let gens), .generator(let elt, let gens):
            visit(elt)
            visitComprehensions(gens)
        case .dictComp(let key, let value, let gens):
            visit(key)
            visit(value)
            visitComprehensions(gens)
        case .starred(let inner):
            visit(inner, store: store)
        case .doubleStarred(let inner), .unary(_, let inner), .yieldFrom(let inner), .await(let inner):
            visit(inner)
        case .binary(_, let l, let r):
            visit(l)
            visit(r)
        case .compare(let left, let rest):
            visit(left)
            for (_, r) in rest { visit(r) }
        case .ifElse(let test, let body, let orElse):
            visit(test)
            visit(body)
            visit(orElse)
        case .named(let target, let value):
            visit(target, store: true)
            visit(value)
        case .yield(let value):
            if let value { visit(value) }
        case .string(let parts):
            for part in parts { for inner in part.expressions { visit(inner) } }
        case .lambda, .number, .constant, .invalid:
            break
        }
    }

    mutating func visitComprehensions(_ gens: [Comprehension]) {
        for g in gens {
            visit(g.target, store: true)
            visit(g.iter)
            for cond in g.ifs { visit(cond) }
        }
    }
}
