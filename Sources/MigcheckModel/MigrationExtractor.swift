import MigcheckSyntax

/// What reading one file gave: a migration, or the reason it is not one,
/// and the diagnostics found on the way.
public struct ExtractedFile: Sendable {
    public var path: String
    public var migration: Migration?
    /// Why a readable file is not a migration (no `Migration` class, a helper module).
    public var skipped: String?
    public var diagnostics: [Diagnostic]
    /// `# migcheck: ...` comments, for suppressions.
    public var directives: [Directive]

    public init(path: String, migration: Migration?, skipped: String?, diagnostics: [Diagnostic], directives: [Directive] = []) {
        self.path = path
        self.migration = migration
        self.skipped = skipped
        self.diagnostics = diagnostics
        self.directives = directives
    }
}

/// A comment that speaks to migcheck (`# migcheck: ignore[MC101] -- reason`), with where it is.
public struct Directive: Sendable {
    /// The text after `migcheck:`.
    public var text: String
    public var range: TextRange
    public var location: SourceLocation
    /// Nothing but blanks before it on its line: it speaks of the line below.
    public var ownLine: Bool

    /// The directives among a module's comments.
    public static func find(in module: ParsedModule) -> [Directive] {
        let bytes = module.source.bytes
        return module.comments.compactMap { comment in
            var i = Int(comment.range.start) + 1
            let end = Int(comment.range.end)
            while i < end, bytes[i] == 0x20 || bytes[i] == 0x09 { i += 1 }
            let marker: StaticString = "migcheck:"
            let isDirective = end - i >= marker.utf8CodeUnitCount && marker.withUTF8Buffer { m in
                m.indices.allSatisfy { bytes[i + $0] == m[$0] }
            }
            guard isDirective else { return nil }
            var lineStart = Int(comment.range.start)
            while lineStart > 0, bytes[lineStart - 1] == 0x20 || bytes[lineStart - 1] == 0x09 { lineStart -= 1 }
            let ownLine = lineStart == 0 || bytes[lineStart - 1] == 0x0A || bytes[lineStart - 1] == 0x0D
            let text = String(decoding: bytes[(i + marker.utf8CodeUnitCount)..<end], as: UTF8.self)
            return Directive(text: text, range: comment.range, location: module.source.location(of: Int(comment.range.start)), ownLine: ownLine)
        }
    }
}

/// Builds the operations model of one migration module from its AST:
/// the `Migration` class's attributes and its operations, with arguments
/// named after Django's parameters and callees resolved through the imports.
public struct MigrationExtractor {
    /// How far names, concatenations and nested lists are followed.
    static let maxResolutionDepth = 12

    let module: ParsedModule
    let scope: ModuleScope
    var source: SourceText { module.source }
    /// Functions defined in the Migration class body (RunPython may name them).
    var classFunctions = NameMap<Stmt>()
    /// Names assigned once in the Migration class body (`state_operations = [...]`
    /// then `SeparateDatabaseAndState(state_operations=state_operations)`).
    var classConstants = NameMap<Expr>()
    var diagnostics: [Diagnostic] = []

    public static func extract(path: String, app: String, name: String, module: ParsedModule) -> ExtractedFile {
        var extractor = MigrationExtractor(module: module, scope: ModuleScope(module: module))
        for error in module.errors {
            extractor.diagnostics.append(Diagnostic(.invalidSyntax, .error, error.message,
                                                    range: TextRange(error.offset, error.offset), in: module.source))
        }
        if name.hasPrefix("_") || name.hasPrefix("~") {
            return ExtractedFile(path: path, migration: nil,
                                 skipped: "Django does not load modules whose names start with '_' or '~' as migrations",
                                 diagnostics: extractor.diagnostics)
        }
        guard let cls = extractor.migrationClass() else {
            let reason = module.errors.isEmpty
                ? "no Migration class, so not a migration; in an installed app's migrations package Django's loader would stop on it (BadMigrationError) unless its name started with '_' or '~'"
                : "no Migration class could be read because of the syntax errors"
            if module.errors.isEmpty {
                extractor.diagnostics.append(Diagnostic(.notAMigration, .info, "skipped: \(reason)",
                                                        range: TextRange(0, 0), in: module.source))
            }
            return ExtractedFile(path: path, migration: nil, skipped: reason, diagnostics: extractor.diagnostics)
        }
        let migration = extractor.migration(cls.def, range: cls.range, app: app, name: name)
        return ExtractedFile(path: path, migration: migration, skipped: nil, diagnostics: extractor.diagnostics,
                             directives: Directive.find(in: module))
    }

    /// The last top-level `class Migration`: the one Python binds at import.
    func migrationClass() -> (def: ClassDef, range: TextRange)? {
        var found: (ClassDef, TextRange)?
        for stmt in module.body {
            if case .classDef(let def) = stmt.kind, def.name == "Migration" { found = (def, stmt.range) }
        }
        return found
    }

    // MARK: The Migration class

    /// The plain assignments to one tracked attribute: how many, and the last value.
    struct Assignments {
        var count = 0
        var last: Expr?

        mutating func add(_ value: Expr) {
            count += 1
            last = value
        }
    }

    mutating func migration(_ cls: ClassDef, range: TextRange, app: String, name: String) -> Migration {
        // Tracked attributes: plain assignments in source order, and where an
        // attribute is changed any other way (in an `if`, by `+=`, `.append`).
        var values = PerAttribute(Assignments())
        var touched = PerAttribute<TextRange?>(nil)
        var reassigned: Set<String> = []
        for stmt in cls.body {
            switch stmt.kind {
            case .functionDef(let def):
                classFunctions[def.name] = stmt
                continue
            case .classDef:
                continue
            case .assign(let targets, let value):
                if targets.count == 1, case .name(let n) = targets[0].kind, TrackedAttribute(n) == nil,
                   classConstants.updateValue(value, forKey: n) != nil {
                    reassigned.insert(n)
                }
                let names = targets.compactMap { t -> String? in if case .name(let n) = t.kind { return n }; return nil }
                if names.count == targets.count {
                    for n in names { if let attribute = TrackedAttribute(n) { values[attribute].add(value) } }
                    continue
                }
            case .annAssign(let target, _, let value):
                if case .name(let n) = target.kind, let value {
                    if let attribute = TrackedAttribute(n) { values[attribute].add(value) }
                    continue
                }
            default:
                break
            }
            markTouched(stmt, &touched)
        }
        markModuleTouches(excluding: range, &touched)
        // Only names assigned once are constants.
        for n in reassigned { classConstants[n] = nil }

        var migration = Migration(
            app: app, name: name,
            bases: cls.arguments.compactMap { arg in
                if case .positional = arg.kind { return dottedName(arg.value, in: source) ?? source.text(arg.value.range) }
                return nil
            },
            dependencies: dependencyList(.dependencies, values, touched),
            replaces: dependencyList(.replaces, values, touched),
            runBefore: dependencyList(.runBefore, values, touched),
            initial: flag(.initial, values, touched),
            atomic: flag(.atomic, values, touched),
            operations: OperationList(operations: [], isDynamic: false),
            generatedBy: GeneratedHeader.read(module),
            classRange: range, classLocation: module.source.location(of: Int(range.start)))
        if let list = values[.operations].last {
            migration.operations = operationList(list, depth: 0)
        }
        let changed = touched[.operations]
        if values[.operations].count > 1 || changed != nil {
            migration.operations.isDynamic = true
            migration.operations.isComplete = false
        }
        if migration.operations.isDynamic {
            let at = changed ?? values[.operations].last?.range ?? range
            let n = migration.operations.operations.count
            diagnostics.append(Diagnostic(.dynamicOperations, .warning,
                "'operations' is computed, not a plain list: \(n) operation\(n == 1 ? "" : "s") could be read, others may be missing",
                range: at, in: source))
        }
        return migration
    }

    /// Records tracked attributes that a class-body statement changes other than by plain assignment.
    func markTouched(_ stmt: Stmt, _ touched: inout PerAttribute<TextRange?>) {
        var found: [(TrackedAttribute, TextRange)] = []
        var visitor = NameVisitor(
            onName: { name, range, isStore in
                if isStore, let attribute = TrackedAttribute(name) { found.append((attribute, range)) }
            },
            onAttribute: { base, _, range in
                if let attribute = TrackedAttribute(base) { found.append((attribute, range)) }
            })
        visitor.visit(stmt)
        for (attribute, range) in found where touched[attribute] == nil { touched[attribute] = range }
    }

    /// `Migration.operations += [...]` after the class also changes it.
    func markModuleTouches(excluding classRange: TextRange, _ touched: inout PerAttribute<TextRange?>) {
        for stmt in module.body where stmt.range != classRange && source.contains("Migration", in: stmt.range) {
            var found: [(TrackedAttribute, TextRange)] = []
            var visitor = NameVisitor(onAttribute: { base, attr, range in
                if base == "Migration", let attribute = TrackedAttribute(self.source.text(attr)) { found.append((attribute, range)) }
            })
            visitor.visit(stmt)
            for (attribute, range) in found where touched[attribute] == nil { touched[attribute] = range }
        }
    }

    mutating func flag(_ attribute: TrackedAttribute, _ values: PerAttribute<Assignments>,
                       _ touched: PerAttribute<TextRange?>) -> Flag {
        let vals = values[attribute]
        guard let last = vals.last else {
            if let at = touched[attribute] {
                dynamicAttribute(attribute.name, at)
                return .dynamic(source.text(at))
            }
            return .absent
        }
        if vals.count == 1 && touched[attribute] == nil {
            switch last.kind {
            case .constant(.true): return .value(true)
            case .constant(.false): return .value(false)
            case .constant(.none): return .none
            default: break
            }
        }
        dynamicAttribute(attribute.name, touched[attribute] ?? last.range)
        return .dynamic(source.text(last.range))
    }

    mutating func dynamicAttribute(_ name: String, _ range: TextRange) {
        diagnostics.append(Diagnostic(.dynamicAttribute, .warning,
            "'\(name)' is not a literal: it is computed or changed outside a plain assignment, so it is read as written",
            range: range, in: source))
    }

    /// A pair such as `(b"shop", "0001_initial")`, from a Python 2 era file.
    static func holdsBytes(_ entry: Expr) -> Bool {
        guard case .tuple(let items, _) = entry.kind else { return false }
        return items.contains { item in
            if case .string(let parts) = item.kind { return parts.contains { $0.kind == .bytes } }
            return false
        }
    }

    /// Source for a message: on one line, and cut at 100 characters.
    static func oneLine(_ text: String) -> String {
        let line = text.split(whereSeparator: \.isNewline).map { $0.trimmingPrefix(while: \.isWhitespace) }.joined(separator: " ")
        return line.count > 100 ? line.prefix(99) + "…" : line
    }

    mutating func dependencyList(_ attribute: TrackedAttribute, _ values: PerAttribute<Assignments>,
                                 _ touched: PerAttribute<TextRange?>) -> [Dependency] {
        let vals = values[attribute]
        guard let last = vals.last else {
            if let at = touched[attribute] { dynamicAttribute(attribute.name, at) }
            return []
        }
        var isDynamic = vals.count > 1 || touched[attribute] != nil
        let items = dependencies(last, depth: 0, dynamic: &isDynamic)
        if isDynamic { dynamicAttribute(attribute.name, touched[attribute] ?? last.range) }
        // In a literal list, say which entry the graph cannot follow.
        let entries: [Expr]
        switch last.kind {
        case .list(let list), .tuple(let list, _): entries = list
        default: entries = []
        }
        if entries.count == items.count {
            for (entry, item) in zip(entries, items) {
                switch entry.kind {
                case .starred, .string: continue
                default: break
                }
                guard case .dynamic(let text) = item else { continue }
                let message = Self.holdsBytes(entry)
                    ? "\(attribute.name) entry \(Self.oneLine(text)) is a bytes literal, as Django under Python 2 wrote them: on Python 3 it names no "
                        + "migration, so Django ignores it in replaces and stops on it (NodeNotFoundError) in dependencies and run_before; write str literals"
                    : "\(attribute.name) entry \(Self.oneLine(text)) is computed when Django imports the file: the graph leaves it out, so "
                        + "the order of migrate and the rollback plan may miss what it names; write (\"app\", \"name\") if it is fixed"
                diagnostics.append(Diagnostic(.dynamicAttribute, .warning, message, range: entry.range, in: source))
            }
        }
        return items
    }

    func dependencies(_ e: Expr, depth: Int, dynamic: inout Bool) -> [Dependency] {
        guard depth < Self.maxResolutionDepth else { dynamic = true; return [] }
        switch e.kind {
        case .list(let items), .tuple(let items, _):
            return items.map { dependency($0, dynamic: &dynamic) }
        case .binary(.add, let l, let r):
            dynamic = true
            return dependencies(l, depth: depth + 1, dynamic: &dynamic) + dependencies(r, depth: depth + 1, dynamic: &dynamic)
        case .name(let n):
            dynamic = true
            if let bound = constant(n) { return dependencies(bound, depth: depth + 1, dynamic: &dynamic) }
            return []
        default:
            dynamic = true
            return []
        }
    }

    func dependency(_ e: Expr, dynamic: inout Bool) -> Dependency {
        switch e.kind {
        case .tuple(let pair, _) where pair.count == 2, .list(let pair) where pair.count == 2:
            if let name = stringLiteral(pair[1]) {
                if let app = stringLiteral(pair[0]) { return .migration(app: app, name: name) }
                // swapper's own tests and sample apps: `(swapper.split(model)[0], "0001_initial")`.
                if let model = swapperApp(pair[0], depth: 0) { return .swapper(model, version: name, source: source.text(e.range)) }
            }
        case .call(let fn, let args):
            if let callee = dottedName(fn, in: source), callee == "swappable_dependency" || callee.hasSuffix(".swappable_dependency"),
               args.count == 1, case .positional = args[0].kind {
                let value = args[0].value
                return .swappable(setting: stringLiteral(value) ?? setting(value) ?? source.text(value.range))
            }
            if let callee = dottedName(fn, in: source), scope.qualify(callee) == "swapper.dependency", let swapped = swapperDependency(args) {
                return .swapper(swapped.model, version: swapped.version, source: source.text(e.range))
            }
        case .starred:
            dynamic = true
        default:
            break
        }
        return .dynamic(source.text(e.range))
    }

    /// The arguments of swapper's `dependency(app_label, model, version=None)`:
    /// literals, or `*swapper.split(model)` for the first two.
    func swapperDependency(_ args: [Argument]) -> (model: SwapperModel, version: String?)? {
        let model: SwapperModel
        let version: Value?
        if let first = args.first, case .starred = first.kind {
            guard let split = swapperSplit(first.value, depth: 0), let (positional, keywords) = swapperArguments(args.dropFirst()),
                  positional.count + keywords.count <= 1 else { return nil }
            model = split
            version = positional.first ?? keywords.first { $0.0 == "version" }?.1
        } else {
            guard let (positional, keywords) = swapperArguments(args[...]), positional.count + keywords.count <= 3,
                  let named = Swapper.labelAndModel(positional, keywords) else { return nil }
            model = .named(app: named.app, model: named.model)
            version = positional.count > 2 ? positional[2] : keywords.first { $0.0 == "version" }?.1
        }
        switch version {
        // swapper tests `if not version`: an empty name is no version either.
        case nil, .none?, .string("")?: return (model, nil)
        case .string(let v)?: return (model, v)
        default: return nil
        }
    }

    /// Arguments to one of swapper's functions: string literals and None as
    /// values, the rest as source; nil when some are unpacked.
    func swapperArguments(_ args: ArraySlice<Argument>) -> (positional: [Value], keywords: [(String, Value)])? {
        var positional: [Value] = [], keywords: [(String, Value)] = []
        for a in args {
            var value = Value.expression(source.text(a.value.range))
            if let literal = stringLiteral(a.value) { value = .string(literal) } else if case .constant(.none) = a.value.kind { value = .none }
            switch a.kind {
            case .positional: positional.append(value)
            case .keyword(let name): keywords.append((name, value))
            case .starred, .doubleStarred: return nil
            }
        }
        return (positional, keywords)
    }

    /// The model of `swapper.split(model)[0]`, an app label (or a name bound to it).
    func swapperApp(_ e: Expr, depth: Int) -> SwapperModel? {
        guard depth < Self.maxResolutionDepth else { return nil }
        switch e.kind {
        case .subscript(let base, let index) where source.text(index.range) == "0":
            return swapperSplit(base, depth: depth + 1)
        case .name(let n):
            return constant(n).flatMap { swapperApp($0, depth: depth + 1) }
        default:
            return nil
        }
    }

    /// The model `swapper.split(model)` splits.
    func swapperSplit(_ e: Expr, depth: Int) -> SwapperModel? {
        guard case .call(let fn, let args) = e.kind, let callee = dottedName(fn, in: source), scope.qualify(callee) == "swapper.split",
              args.count == 1, case .positional = args[0].kind else { return nil }
        return swapperModel(args[0].value, depth: depth + 1)
    }

    /// A model as swapper takes one: `"app.Model"`, `swapper.get_model_name("app", "Model")`,
    /// a setting (`settings.AUTH_USER_MODEL`), or a name bound to one of them.
    func swapperModel(_ e: Expr, depth: Int) -> SwapperModel? {
        guard depth < Self.maxResolutionDepth else { return nil }
        switch e.kind {
        case .string:
            guard let (app, model) = stringLiteral(e).flatMap(Swapper.split) else { return nil }
            return .named(app: app, model: model)
        case .call(let fn, let args):
            guard let callee = dottedName(fn, in: source), scope.qualify(callee) == "swapper.get_model_name",
                  let (positional, keywords) = swapperArguments(args[...]), positional.count + keywords.count == 2,
                  let named = Swapper.labelAndModel(positional, keywords) else { return nil }
            return .named(app: named.app, model: named.model)
        case .attribute:
            return setting(e).map { .setting($0) }
        case .name(let n):
            return constant(n).flatMap { swapperModel($0, depth: depth + 1) }
        default:
            return nil
        }
    }

    /// `settings.X` for an attribute of Django's settings however they were
    /// imported (`conf.X` after `from django.conf import settings as conf`),
    /// as the swappable map keys settings.
    func setting(_ e: Expr) -> String? {
        let settings = "django.conf.settings."
        guard case .attribute = e.kind, let name = dottedName(e, in: source).flatMap(scope.qualify), name.hasPrefix(settings) else { return nil }
        return "settings." + name.dropFirst(settings.count)
    }

    /// What a name stands for in the class body: a class-level name assigned
    /// once, else a module-level one.
    func constant(_ name: String) -> Expr? {
        classConstants[name] ?? scope.constants[name]
    }

    func stringLiteral(_ e: Expr) -> String? {
        if case .string(let parts) = e.kind { return StringDecoder.value(of: parts, in: source) }
        return nil
    }
}

/// The class attributes of a Migration that Django reads, followed through
/// the class body.
enum TrackedAttribute: Int {
    case dependencies, operations, replaces, runBefore, initial, atomic

    /// A switch over six short names: cheaper than hashing every name the class body binds.
    init?(_ name: String) {
        switch name {
        case "dependencies": self = .dependencies
        case "operations": self = .operations
        case "replaces": self = .replaces
        case "run_before": self = .runBefore
        case "initial": self = .initial
        case "atomic": self = .atomic
        default: return nil
        }
    }

    var name: String {
        switch self {
        case .dependencies: "dependencies"
        case .operations: "operations"
        case .replaces: "replaces"
        case .runBefore: "run_before"
        case .initial: "initial"
        case .atomic: "atomic"
        }
    }
}

/// A value for each tracked attribute, stored inline.
struct PerAttribute<Value> {
    private var values: InlineArray<6, Value>

    init(_ initial: Value) {
        values = InlineArray(repeating: initial)
    }

    subscript(attribute: TrackedAttribute) -> Value {
        get { values[attribute.rawValue] }
        set { values[attribute.rawValue] = newValue }
    }
}
