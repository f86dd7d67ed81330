#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import MigcheckSyntax

/// What a migration module binds at its top level: imported names (to tell
/// Django's operations from look-alikes), names assigned exactly once (to
/// follow `operations = BASE + [...]` or `sql=FORWARD_SQL`), and functions
/// (to resolve RunPython's code).
struct ModuleScope {
    let source: SourceText
    /// Local name → qualified name: `migrations` → `django.db.migrations`.
    var imports = NameMap<String>()
    /// Names stored exactly once at module level, by a plain `NAME = value`.
    var constants = NameMap<Expr>()
    var functions = NameMap<Stmt>()
    /// How often each name the module defines itself (classes, functions,
    /// assignments) is bound; such names shadow imports.
    var storeCounts = NameMap<Int>()

    init(module: ParsedModule) {
        source = module.source
        var plainValues = NameMap<Expr>()
        for stmt in module.body {
            collect(stmt, plainValues: &plainValues, topLevel: true)
        }
        constants = plainValues.filter { name, _ in storeCounts[name] == 1 }
    }

    /// Walks module-level statements, entering if/try/with/for bodies (imports
    /// are often wrapped in try/except) but not functions or classes.
    private mutating func collect(_ stmt: Stmt, plainValues: inout NameMap<Expr>, topLevel: Bool) {
        switch stmt.kind {
        case .importNames(let aliases):
            for alias in aliases {
                if let asName = alias.asName {
                    imports[asName] = alias.name
                } else {
                    let head = String(alias.name.dottedHead)
                    imports[head] = head
                }
            }
        case .importFrom(let module, let level, let names):
            let base = String(repeating: ".", count: level) + (module ?? "")
            for alias in names where alias.name != "*" {
                imports[alias.asName ?? alias.name] = base.isEmpty || base.hasSuffix(".") ? base + alias.name : base + "." + alias.name
            }
        case .functionDef(let def):
            functions[def.name] = stmt
            storeCounts[def.name, default: 0] += 1
        case .classDef(let def):
            storeCounts[def.name, default: 0] += 1
        case .assign(let targets, let value):
            for target in targets { countStores(target) }
            if topLevel, targets.count == 1, case .name(let name) = targets[0].kind {
                plainValues[name] = value
            }
        case .annAssign(let target, _, let value):
            countStores(target)
            if topLevel, let value, case .name(let name) = target.kind { plainValues[name] = value }
        case .augAssign(let target, _, _):
            countStores(target)
        case .forStmt(let target, _, let body, let orElse, _):
            countStores(target)
            for s in body + orElse { collect(s, plainValues: &plainValues, topLevel: false) }
        case .ifStmt(_, let body, let orElse), .whileStmt(_, let body, let orElse):
            for s in body + orElse { collect(s, plainValues: &plainValues, topLevel: false) }
        case .tryStmt(let body, let handlers, let orElse, let finalBody, _):
            for s in body + orElse + finalBody { collect(s, plainValues: &plainValues, topLevel: false) }
            for h in handlers { for s in h.body { collect(s, plainValues: &plainValues, topLevel: false) } }
        case .with(let items, let body, _):
            for item in items { if let t = item.target { countStores(t) } }
            for s in body { collect(s, plainValues: &plainValues, topLevel: false) }
        default:
            break
        }
    }

    private mutating func countStores(_ target: Expr) {
        switch target.kind {
        case .name(let name):
            storeCounts[name, default: 0] += 1
        case .tuple(let items, _), .list(let items):
            for item in items { countStores(item) }
        case .starred(let inner):
            countStores(inner)
        default:
            break
        }
    }

    /// The module functions a function calls, followed through each other
    /// (at most 20), as one text: a data migration often loops in a helper.
    func helperSource(of def: Stmt, named name: String) -> String? {
        // Most data migrations define no other module function: nothing to follow.
        guard functions.names.contains(where: { $0 != name }) else { return nil }
        final class Calls { var list: [(String, Stmt)] = [] }
        var seen: Set<String> = [name]
        var pending = [def]
        var found: [String] = []
        let functions = self.functions
        while let next = pending.popLast(), found.count < 20 {
            guard case .functionDef(let f) = next.kind else { continue }
            // Only the names of module functions are kept: most names in a body are not.
            let calls = Calls()
            var visitor = NameVisitor(onName: { name, _, isStore in
                if !isStore, let helper = functions[name] { calls.list.append((name, helper)) }
            })
            for stmt in f.body { visitor.visit(stmt) }
            for (called, helper) in calls.list where seen.insert(called).inserted {
                found.append(source.text(helper.range))
                pending.append(helper)
            }
        }
        return found.isEmpty ? nil : found.joined(separator: "\n\n")
    }

    /// The qualified name a dotted name denotes through the imports, if its head was imported.
    func qualify(_ dotted: String) -> String? {
        let headSlice = dotted.dottedHead
        let head = String(headSlice)
        guard storeCounts[head] == nil, let base = imports[head] else { return nil }
        return base + dotted[headSlice.endIndex...]
    }
}

extension String {
    /// `a` of `a.b.c`. Dotted names are split on their UTF-8 bytes: '.' is
    /// ASCII, and Character-based splitting showed in profiles.
    var dottedHead: Substring {
        self[..<(dotOffset(last: false).map { utf8.index(startIndex, offsetBy: $0) } ?? endIndex)]
    }

    /// `c` of `a.b.c`: a class's own name.
    var dottedTail: Substring {
        self[(dotOffset(last: true).map { utf8.index(startIndex, offsetBy: $0 + 1) } ?? startIndex)...]
    }

    /// `a.b` of `a.b.c`, or nil without a dot.
    var dottedParent: Substring? {
        dotOffset(last: true).map { self[..<utf8.index(startIndex, offsetBy: $0)] }
    }

    /// The byte offset of the first or last '.', scanning the contiguous
    /// UTF-8 storage directly (the generic UTF8View search is slow).
    private func dotOffset(last: Bool) -> Int? {
        let found: Int?? = utf8.withContiguousStorageIfAvailable { bytes in
            last ? bytes.lastIndex(of: 0x2E) : bytes.firstIndex(of: 0x2E)
        }
        if let found { return found }
        let slow = last ? utf8.lastIndex(of: 0x2E) : utf8.firstIndex(of: 0x2E)
        return slow.map { utf8.distance(from: startIndex, to: $0) }
    }

    /// Whether this string sorts before `other` by UTF-8 bytes, which is
    /// code point order (as Python sorts strings), without the cost of
    /// Unicode-aware comparison.
    public func utf8Precedes(_ other: String) -> Bool {
        utf8Order(other) < 0
    }

    /// The order of two strings by UTF-8 bytes: negative, zero or positive.
    /// The bytes are read in place (native strings, short ones included):
    /// `withUTF8` on copies of both cost about 300 instructions a comparison.
    public func utf8Order(_ other: String) -> Int {
        let order: Int?? = utf8.withContiguousStorageIfAvailable { x in
            other.utf8.withContiguousStorageIfAvailable { y in
                let common = min(x.count, y.count)
                let order = common == 0 ? 0 : memcmp(x.baseAddress!, y.baseAddress!, common)
                return order != 0 ? Int(order) : x.count - y.count
            }
        }
        if let order, let order { return order }
        // Strings without contiguous UTF-8 (bridged ones on Apple's systems): element by element.
        for (x, y) in zip(utf8, other.utf8) where x != y { return Int(x) - Int(y) }
        return utf8.count - other.utf8.count
    }

}

/// `a.b.c` for a chain of names and attributes, nil for anything else. A
/// chain written without spaces or comments, nearly all, is its own source
/// text, made in one piece instead of joined name by name.
func dottedName(_ e: Expr, in source: SourceText) -> String? {
    switch e.kind {
    case .name(let n): return n
    case .attribute(let base, let attr):
        guard isNameChain(base) else { return nil }
        if source.isPlainDottedName(e.range) { return source.text(e.range) }
        return dottedName(base, in: source).map { $0 + "." + source.text(attr) }
    default: return nil
    }
}

private func isNameChain(_ e: Expr) -> Bool {
    switch e.kind {
    case .name: return true
    case .attribute(let base, _): return isNameChain(base)
    default: return false
    }
}
