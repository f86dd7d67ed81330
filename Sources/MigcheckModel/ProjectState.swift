/// A model's identity in the project state: app label and lower-cased name,
/// as Django keys `ProjectState.models`.
public struct ModelKey: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var app: String
    public var name: String

    public init(_ app: String, _ name: String) {
        self.app = app
        // Most names are ASCII and many already lower-case: skip the allocation then.
        self.name = name.utf8.contains(where: { $0 >= 0x41 && $0 <= 0x5A || $0 >= 0x80 }) ? name.lowercased() : name
    }

    /// The model a relation's `to` names as written: "app.Model", or "Model"
    /// for a model of `app`, the app whose field it is. Split at the first dot
    /// by bytes, as Python's str.split does (String's split cost 4,000
    /// instructions a call); no app or no model: the whole is the name.
    public init(relation target: String, from app: String) {
        let bytes = target.utf8
        guard let dot = bytes.firstIndex(of: 0x2E), dot != bytes.startIndex, bytes.index(after: dot) != bytes.endIndex else {
            self.init(app, target)
            return
        }
        self.init(String(target[..<dot]), String(target[bytes.index(after: dot)...]))
    }

    public var description: String { "\(app).\(name)" }

    /// Whether a relation's `to` as written ("app.Model", or "Model" for a
    /// model of `app`, the app whose field it is) names this model.
    public func isNamed(byRelation target: String, from app: String) -> Bool {
        // Most relations name other models: an ASCII last letter that differs
        // rules one out before splitting and lower-casing.
        if let last = target.utf8.last, let own = name.utf8.last, last < 0x80, own < 0x80, last | 0x20 != own | 0x20 { return false }
        return ModelKey(relation: target, from: app) == self
    }

    public static func < (a: ModelKey, b: ModelKey) -> Bool {
        let apps = a.app.utf8Order(b.app)
        return apps != 0 ? apps < 0 : a.name.utf8Precedes(b.name)
    }
}

/// One model as the migrations so far define it: the historical model that
/// Django's `ProjectState` holds, with fields as their definitions were
/// written. Field names are exact, as in Django; model names are not.
public struct ModelState: Sendable {
    public var app: String
    /// The name with the case of its CreateModel or RenameModel.
    public var name: String
    /// Fields in order, each as its definition (a `Value.call` like `models.CharField(...)`).
    public var fields: [(name: String, field: Value)]
    public var options: [(name: String, value: Value)]
    public var bases: [Value]
    public var managers: [(name: String, value: Value)]
    /// Why parts of this model cannot be known: operations migcheck cannot
    /// model touched it (a custom operation, a computed list). The rest stays exact.
    public var unknown: [String] = []

    public func field(_ name: String) -> Value? {
        fields.first { $0.name == name }?.field
    }

    public func option(_ name: String) -> Value? {
        options.first { $0.name == name }?.value
    }

    /// The table Django keeps the model's rows in (`db_table`, else
    /// `app_model`); nil for a proxy or unmanaged model, which has none of its own.
    public var table: String? {
        if case .bool(true)? = option("proxy") { return nil }
        if case .bool(false)? = option("managed") { return nil }
        return option("db_table")?.stringValue ?? app + "_" + name.lowercased()
    }

    mutating func setOption(_ name: String, _ value: Value?) {
        if let k = options.firstIndex(where: { $0.name == name }) {
            if let value { options[k].value = value } else { options.remove(at: k) }
        } else if let value {
            options.append((name, value))
        }
    }
}

/// The historical project state, replayed operation by operation the way
/// Django's `state_forwards` methods change it. Operations it cannot model
/// mark what they touch as unknown instead of guessing.
public struct ProjectState: Sendable {
    public private(set) var models: [ModelKey: ModelState] = [:]
    /// App-wide notes: operations that could touch any model of the app.
    public private(set) var unknownApps: [String: [String]] = [:]

    public init() {}

    public func model(_ key: ModelKey) -> ModelState? { models[key] }

    /// The field whose values a relation's column holds, as this state has
    /// it: the target model's `to_field`, else its primary key, followed
    /// through relations that are keys themselves (the parent link of
    /// multi-table inheritance); nil when the target is not in the state.
    /// `app`: the app whose field `relation` is (a bare "Model" is one of its models).
    public func referencedField(_ relation: Value, from app: String, swappable: [String: String]) -> Value? {
        var field = relation, app = app
        for _ in 0..<8 {
            guard case .call(let c) = field else { return nil }
            guard let target = (c.keyword("to") ?? c.positional.first)?.relationTarget(swappable: swappable) else { return nil }
            let key = ModelKey(relation: target, from: app)
            guard let model = models[key] else { return nil }
            let next: Value?
            if let name = c.keyword("to_field")?.stringValue {
                next = model.field(name)
            } else {
                next = model.fields.first { $0.field.isPrimaryKeyField }?.field ?? model.field("id")
            }
            guard case .call(let n)? = next, Value.isForeignKey(n.className) else { return next }
            field = .call(n)
            app = key.app
        }
        return nil
    }

    /// The state after `target` and everything it depends on, in the order
    /// `migrate` applies them; the whole project when `target` is nil.
    public static func replay(_ graph: MigrationGraph, migrations: [MigrationKey: Migration], upTo target: MigrationKey? = nil) -> ProjectState {
        var state = ProjectState()
        let plan = target.map { graph.forwardsPlan(to: $0) } ?? graph.forwardsPlan()
        for key in plan {
            guard let migration = migrations[key] else { continue }
            state.apply(migration)
        }
        return state
    }

    public mutating func apply(_ migration: Migration) {
        for op in migration.operations.operations { apply(op, app: migration.app, in: migration.name) }
        if !migration.operations.isComplete {
            unknownApps[migration.app, default: []].append("\(migration.name): its operations list is computed and may hold more")
        }
    }

    /// Django's `state_forwards` for one operation.
    public mutating func apply(_ op: Operation, app: String, in migration: String) {
        let text = { (name: String) in op.argument(name)?.stringValue }
        let model = (text("model_name") ?? text("name")).map { ModelKey(app, $0) }
        guard op.isDjango, op.unresolved == nil else {
            markUnknown(model, app: app, "\(migration): \(op.unresolved == nil ? "custom operation \(op.callee)" : "an operation that is not a call") may change it")
            return
        }
        switch op.type {
        case "CreateModel":
            guard let name = text("name") else { return markUnknown(nil, app: app, "\(migration): CreateModel with a computed name") }
            models[ModelKey(app, name)] = ModelState(
                app: app, name: name, fields: pairs(op.argument("fields")).map { ($0.name, $0.value) }, options: pairs(op.argument("options")),
                bases: items(op.argument("bases")), managers: pairs(op.argument("managers")))
        case "DeleteModel":
            if let model { models[model] = nil }
        case "RenameModel":
            guard let old = text("old_name"), let new = text("new_name") else { return }
            renameModel(ModelKey(app, old), to: new)
        case "AddField", "AlterField":
            guard let model, let name = text("name"), var field = op.argument("field") else { return markUnknown(model, app: app, "\(migration): \(op.type) with computed arguments") }
            if case .bool(false)? = op.argument("preserve_default") { field = field.removingKeyword("default") }
            update(model) { state in
                if let k = state.fields.firstIndex(where: { $0.name == name }) {
                    state.fields[k].field = field
                } else {
                    state.fields.append((name, field))
                }
            }
        case "RemoveField":
            guard let model, let name = text("name") else { return }
            update(model) { $0.fields.removeAll { $0.name == name } }
        case "RenameField":
            guard let model, let old = text("old_name"), let new = text("new_name") else { return }
            update(model) { state in
                if let k = state.fields.firstIndex(where: { $0.name == old }) { state.fields[k].name = new }
                for option in ["unique_together", "index_together"] {
                    if let v = state.option(option) { state.setOption(option, v.replacingStrings(old, with: new)) }
                }
                if state.option("order_with_respect_to")?.stringValue == old { state.setOption("order_with_respect_to", .string(new)) }
            }
        case "AlterModelTable":
            setOption(model, "db_table", op.argument("table"))
        case "AlterModelTableComment":
            setOption(model, "db_table_comment", op.argument("table_comment"))
        case "AlterUniqueTogether":
            setOption(model, "unique_together", op.argument("unique_together"))
        case "AlterIndexTogether":
            setOption(model, "index_together", op.argument("index_together"))
        case "AlterOrderWithRespectTo":
            setOption(model, "order_with_respect_to", op.argument("order_with_respect_to"))
        case "AlterModelOptions":
            // Django keeps options outside ALTER_OPTION_KEYS and replaces those inside it.
            let given = pairs(op.argument("options"))
            update(model) { state in
                for key in Self.alterOptionKeys where !given.contains(where: { $0.name == key }) { state.setOption(key, nil) }
                for (key, value) in given { state.setOption(key, value) }
            }
        case "AlterModelManagers":
            update(model) { $0.managers = pairs(op.argument("managers")) }
        case "AddIndex", "AddIndexConcurrently":
            guard let index = op.argument("index") else { return }
            appendToOption(model, "indexes", index)
        case "RemoveIndex", "RemoveIndexConcurrently":
            removeNamed(model, "indexes", text("name"))
        case "RenameIndex":
            renameIndex(model, op)
        case "AddConstraint", "AddConstraintNotValid":
            guard let constraint = op.argument("constraint") else { return }
            appendToOption(model, "constraints", constraint)
        case "RemoveConstraint":
            removeNamed(model, "constraints", text("name"))
        case "AlterConstraint":
            guard let name = text("name"), let constraint = op.argument("constraint") else { return }
            update(model) { state in
                let list = state.option("constraints")?.listItems ?? []
                state.setOption("constraints", .list(list.map { $0.callKeyword("name")?.stringValue == name ? constraint : $0 }))
            }
        case "SeparateDatabaseAndState", "RunSQL":
            if case .operations(let list)? = op.argument("state_operations") {
                for inner in list.operations { apply(inner, app: app, in: migration) }
                if !list.isComplete { unknownApps[app, default: []].append("\(migration): computed state_operations") }
            }
        default:
            // RunPython, extensions, collations, ValidateConstraint: no state change.
            break
        }
    }

    /// Options AlterModelOptions replaces as a whole (Django's ALTER_OPTION_KEYS).
    static let alterOptionKeys = [
        "base_manager_name", "default_manager_name", "default_related_name", "get_latest_by", "managed",
        "ordering", "permissions", "default_permissions", "select_on_save", "verbose_name", "verbose_name_plural",
    ]

    /// Changes a model in place: copying it out and back would copy its
    /// fields and options on every operation.
    private mutating func update(_ model: ModelKey?, _ change: (inout ModelState) -> Void) {
        guard let model, models[model] != nil else { return }
        change(&models[model]!)
    }

    private mutating func setOption(_ model: ModelKey?, _ name: String, _ value: Value?) {
        let effective: Value? = {
            if case .none? = value { return nil }
            return value
        }()
        update(model) { $0.setOption(name, effective) }
    }

    private mutating func appendToOption(_ model: ModelKey?, _ name: String, _ item: Value) {
        update(model) { state in state.setOption(name, .list((state.option(name)?.listItems ?? []) + [item])) }
    }

    private mutating func removeNamed(_ model: ModelKey?, _ option: String, _ name: String?) {
        guard let name else { return }
        update(model) { state in
            let kept = (state.option(option)?.listItems ?? []).filter { $0.callKeyword("name")?.stringValue != name }
            state.setOption(option, .list(kept))
        }
    }

    private mutating func renameIndex(_ model: ModelKey?, _ op: Operation) {
        guard let newName = op.argument("new_name")?.stringValue else { return }
        if let oldName = op.argument("old_name")?.stringValue {
            update(model) { state in
                let renamed = (state.option("indexes")?.listItems ?? []).map { index in
                    index.callKeyword("name")?.stringValue == oldName ? index.settingKeyword("name", .string(newName)) : index
                }
                state.setOption("indexes", .list(renamed))
            }
        } else if let fields = op.argument("old_fields") {
            // An unnamed index_together entry becomes a named Index.
            update(model) { state in
                let together = (state.option("index_together")?.listItems ?? []).filter { !$0.sameItems(as: fields) }
                state.setOption("index_together", together.isEmpty ? nil : .list(together))
                let index = Value.call(Call(callee: "models.Index", className: "Index", positional: [],
                                            keywords: [("fields", fields), ("name", .string(newName))], hasUnpacking: false))
                state.setOption("indexes", .list((state.option("indexes")?.listItems ?? []) + [index]))
            }
        }
    }

    /// RenameModel renames the model and re-points every relation to it.
    private mutating func renameModel(_ old: ModelKey, to newName: String) {
        guard var state = models.removeValue(forKey: old) else { return }
        state.name = newName
        let new = ModelKey(old.app, newName)
        models[new] = state
        let target = "\(old.app).\(newName)"
        for key in Array(models.keys) {
            update(key) { model in
                // Only the fields that point at the model are written: rebuilding every
                // field of the project for each RenameModel cost 13% of the state replay.
                for k in model.fields.indices {
                    if let repointed = model.fields[k].field.repointedRelation(from: old, to: target, definedIn: model.app) {
                        model.fields[k].field = repointed
                    }
                }
            }
        }
    }

    private mutating func markUnknown(_ model: ModelKey?, app: String, _ reason: String) {
        if let model, models[model] != nil {
            models[model]!.unknown.append(reason)
        } else {
            unknownApps[app, default: []].append(reason)
        }
    }
}

/// `forwardsPlan(to:)` on the graph: the plan of one migration and what it depends on.
extension MigrationGraph {
    public func forwardsPlan(to target: MigrationKey) -> [MigrationKey] {
        forwardsPlan(from: [resolveReplaced(target)])
    }
}

private func pairs(_ value: Value?) -> [(name: String, value: Value)] {
    switch value {
    case .list(let items)?, .tuple(let items)?:
        return items.compactMap { item in
            switch item {
            case .tuple(let pair) where pair.count == 2, .list(let pair) where pair.count == 2:
                return pair[0].stringValue.map { ($0, pair[1]) }
            default:
                return nil
            }
        }
    case .dict(let entries)?:
        return entries.compactMap { k, v in k.stringValue.map { ($0, v) } }
    default:
        return []
    }
}

private func items(_ value: Value?) -> [Value] {
    value?.listItems ?? []
}

extension Value {
    /// Relations whose second parameter is `on_delete` (TreeForeignKey, ParentalKey and other subclasses by name).
    public static func isForeignKey(_ className: String) -> Bool {
        className.hasSuffix("ForeignKey") || className.hasSuffix("OneToOneField") || className == "ParentalKey"
    }

    /// A field call that makes its column the primary key.
    var isPrimaryKeyField: Bool {
        guard case .call(let c) = self else { return false }
        if case .bool(true)? = c.keyword("primary_key") { return true }
        return ["AutoField", "BigAutoField", "SmallAutoField"].contains(c.className)
    }

    /// The items of a list, tuple or set.
    public var listItems: [Value]? {
        switch self {
        case .list(let items), .tuple(let items), .set(let items): return items
        default: return nil
        }
    }

    /// A keyword argument of a call.
    public func callKeyword(_ name: String) -> Value? {
        if case .call(let c) = self { return c.keyword(name) }
        return nil
    }

    func settingKeyword(_ name: String, _ value: Value) -> Value {
        guard case .call(var c) = self else { return self }
        if let k = c.keywords.firstIndex(where: { $0.0 == name }) { c.keywords[k].1 = value } else { c.keywords.append((name, value)) }
        return .call(c)
    }

    func removingKeyword(_ name: String) -> Value {
        guard case .call(var c) = self else { return self }
        c.keywords.removeAll { $0.0 == name }
        return .call(c)
    }

    /// The same value with every string equal to `old` replaced (for field names in options).
    func replacingStrings(_ old: String, with new: String) -> Value {
        switch self {
        case .string(let s): return s == old ? .string(new) : self
        case .list(let items): return .list(items.map { $0.replacingStrings(old, with: new) })
        case .tuple(let items): return .tuple(items.map { $0.replacingStrings(old, with: new) })
        case .set(let items): return .set(items.map { $0.replacingStrings(old, with: new) })
        default: return self
        }
    }

    func sameItems(as other: Value) -> Bool {
        guard let a = listItems?.compactMap(\.stringValue), let b = other.listItems?.compactMap(\.stringValue) else { return false }
        return a == b
    }

    /// A relation field with its `to` (keyword or first positional) re-pointed
    /// from `old` to `new`, when it names `old` ("app.Model", or "Model" in
    /// the same app); nil for every other value.
    func repointedRelation(from old: ModelKey, to new: String, definedIn app: String) -> Value? {
        guard case .call(var c) = self else { return nil }
        if let k = c.keywords.firstIndex(where: { $0.0 == "to" }), let target = c.keywords[k].1.stringValue,
           old.isNamed(byRelation: target, from: app) {
            c.keywords[k].1 = .string(new)
        } else if let target = c.positional.first?.stringValue, old.isNamed(byRelation: target, from: app) {
            c.positional[0] = .string(new)
        } else {
            return nil
        }
        return .call(c)
    }
}
