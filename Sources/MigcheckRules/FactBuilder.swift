import MigcheckModel
import MigcheckRegex

/// Where an operation sits in its migration, which changes what it does to the database.
struct OperationPlace: Sendable {
    /// Inside `SeparateDatabaseAndState(database_operations=...)`.
    var nested = false
    /// Inside `state_operations`: changes Django's state, not the database.
    var stateOnly = false
}

/// What the rules know about the migration being checked, shared by its operations.
struct MigrationContext: Sendable {
    var migration: Migration
    /// The migration `migrate APP TARGET` goes back to, to un-apply this one: `zero` for the first.
    var revertTarget: String
    var facts = Facts()
}

/// The model an operation touches, as the state had it just before the operation.
struct Subject: Sendable {
    var key: ModelKey?
    var model: ModelState?
    /// Created by the migrations being checked: its table holds only the new release's rows.
    var isNew: Bool
    /// Relation fields pointing at the model (only counted for RenameModel).
    var incomingRelations: Int?
    /// Unmanaged, proxy or swapped: Django runs no SQL for it.
    var noTable: Bool
    /// For a field operation on a relation: the type family of the column
    /// the field before the operation, and the one it defines, point at.
    var oldTargetType: String? = nil
    var newTargetType: String? = nil
}

/// Turns an operation, with the project state before it, into the facts the
/// rules test. Every fact name is listed in `FactCatalogue`.
enum FactBuilder {
    /// The migration's facts, from its operations and the model each one
    /// touched as the replay found it (`subjects`, one per database operation).
    static func migrationFacts(_ migration: Migration, target: DatabaseTarget, revertTarget: String,
                               operations: [(op: Operation, place: OperationPlace, subject: Subject)]) -> Facts {
        var facts = Facts()
        facts[F.app] = .string(migration.app)
        facts[F.migration] = .string(migration.name)
        facts[F.revertTarget] = .string(revertTarget)
        facts[F.engine] = .string(target.engine.rawValue)
        facts[F.engineVersion] = .int(target.version)
        facts[F.migrationAtomic] = .bool(migration.atomic != .value(false))
        var schemaOps = 0, dataOps = 0
        var tables = Set<ModelKey>()
        for (op, place, subject) in operations where !place.stateOnly {
            switch op.type {
            case "RunPython":
                dataOps += 1
            case "RunSQL":
                if sqlWritesRows.matches(sqlText(op.argument("sql"))) { dataOps += 1 }
            case _ where noSchemaChange.contains(op.type) || !op.isDjango:
                continue
            default:
                guard let key = subject.key, !subject.isNew, let model = subject.model, !subject.noTable,
                      sendsDDL(op, model: model) else { continue }
                schemaOps += 1
                tables.insert(key)
            }
        }
        facts[F.migrationSchemaOps] = .int(schemaOps)
        facts[F.migrationDataOps] = .int(dataOps)
        facts[F.migrationTables] = .int(tables.count)
        facts[F.migrationOperationsRead] = .bool(isRead(migration.operations))
        return facts
    }

    /// Whether every operation of the list, and of the lists nested in it, could be read.
    static func isRead(_ list: OperationList) -> Bool {
        list.isComplete && list.operations.allSatisfy { op in
            op.arguments.allSatisfy { if case .operations(let inner) = $0.1 { return isRead(inner) }; return true }
        }
    }

    static let sqlWritesRows = try! Regex(#"(?i)\b(?:update\s+\S+\s+set|delete\s+from|insert\s+into)\b"#)

    /// Whether an operation on an existing model sends DDL: an AlterField that
    /// changes only what stays in Python (a default, choices) does not.
    static func sendsDDL(_ op: Operation, model: ModelState) -> Bool {
        guard op.type == "AlterField", let name = op.argument("name")?.stringValue,
              let old = FieldInfo(model.field(name)), let new = FieldInfo(op.argument("field")) else { return true }
        return new.alteration(from: old, named: name).sendsDDL
    }

    /// Operations on one field of a model.
    static let fieldOperations: Set<String> = ["AddField", "AlterField", "RemoveField", "RenameField"]

    /// Operations that change only Django's state, never the schema.
    static let noSchemaChange: Set<String> = ["AlterModelOptions", "AlterModelManagers", "AlterConstraint", "SeparateDatabaseAndState"]

    /// Every operation with its place: top-level ones, and those inside
    /// SeparateDatabaseAndState and RunSQL's `state_operations`.
    static func databaseOperations(_ operations: [Operation]) -> [(Operation, OperationPlace)] {
        var out: [(Operation, OperationPlace)] = []
        func visit(_ ops: [Operation], _ place: OperationPlace) {
            for op in ops {
                out.append((op, place))
                guard op.isDjango else { continue }
                if case .operations(let inner)? = op.argument("database_operations") {
                    visit(inner.operations, OperationPlace(nested: true, stateOnly: place.stateOnly))
                }
                if case .operations(let inner)? = op.argument("state_operations") {
                    visit(inner.operations, OperationPlace(nested: place.nested, stateOnly: true))
                }
            }
        }
        visit(operations, OperationPlace())
        return out
    }

    static func modelKey(_ op: Operation, app: String) -> ModelKey? {
        (op.argument("model_name")?.stringValue ?? op.argument("name")?.stringValue).map { ModelKey(app, $0) }
    }

    /// Unmanaged, proxy, or swapped out: its `swappable` setting names another model.
    static func hasNoTable(_ model: ModelState, swappable: [String: String]) -> Bool {
        if case .bool(false)? = model.option("managed") { return true }
        if case .bool(true)? = model.option("proxy") { return true }
        guard let setting = model.option("swappable")?.stringValue, let chosen = swappable["settings." + setting] else { return false }
        let parts = chosen.split(separator: ".", maxSplits: 1)
        return parts.count == 2 && ModelKey(String(parts[0]), String(parts[1])) != ModelKey(model.app, model.name)
    }

    /// What an operation needs of the state, read while the state is replayed.
    static func subject(_ op: Operation, app: String, state: ProjectState, isNew: (ModelKey) -> Bool, swappable: [String: String]) -> Subject {
        let key: ModelKey? = op.type == "RenameModel" ? op.argument("old_name")?.stringValue.map { ModelKey(app, $0) } : modelKey(op, app: app)
        guard let key else { return Subject(key: nil, model: nil, isNew: false, incomingRelations: nil, noTable: false) }
        let model = state.model(key)
        // A scan of every field in the project: only RenameModel's rule needs it.
        let incoming = op.type == "RenameModel" && model != nil ? incomingRelations(to: key, in: state) : nil
        var subject = Subject(key: key, model: model, isNew: isNew(key) || op.type == "CreateModel", incomingRelations: incoming,
                              noTable: model.map { hasNoTable($0, swappable: swappable) } ?? false)
        if fieldOperations.contains(op.type) {
            let targetType = { (field: Value?) -> String? in
                guard case .call(let c)? = field, Value.isForeignKey(c.className),
                      let target = state.referencedField(.call(c), from: app, swappable: swappable) else { return nil }
                return FieldInfo(target)?.typeFamily
            }
            let name = op.argument("name")?.stringValue ?? op.argument("old_name")?.stringValue
            subject.oldTargetType = targetType(name.flatMap { model?.field($0) })
            subject.newTargetType = targetType(op.argument("field"))
        }
        return subject
    }

    static func operationFacts(_ op: Operation, place: OperationPlace, context: MigrationContext, subject: Subject) -> Facts {
        var facts = context.facts
        facts[F.operation] = .string(op.type)
        facts[F.django] = .bool(op.isDjango && op.unresolved == nil)
        if !op.isDjango { facts[F.callee] = .string(op.qualifiedCallee ?? op.callee) }
        facts[F.nested] = .bool(place.nested)
        facts[F.stateOnly] = .bool(place.stateOnly)
        for (name, id) in [("name", F.name), ("old_name", F.oldName), ("new_name", F.newName), ("model_name", F.modelName)] {
            if let text = op.argument(name)?.stringValue { facts[id] = .string(text) }
        }
        if let key = subject.key {
            let model = subject.model
            facts[F.model] = .string(model?.name ?? key.name)
            facts[F.modelKnown] = .bool(model != nil)
            facts[F.modelNew] = .bool(subject.isNew)
            facts[F.modelNoTable] = .bool(subject.noTable)
            facts[F.modelDbTable] = .bool(model?.option("db_table") != nil)
            if let model {
                if let n = subject.incomingRelations { facts[F.modelIncomingRelations] = .int(n) }
                facts[F.modelRowsOrdered] = .bool(model.option("order_with_respect_to") != nil)
            }
            fieldFacts(op, subject: subject, context: context, into: &facts)
            if op.type == "DeleteModel", let name = op.argument("name")?.stringValue {
                facts[F.modelRefilledOnRevert] = .bool(refilledOnRevert(name, removedBy: op, in: context))
            }
            optionFacts(op, model: model, into: &facts)
        }
        if op.type == "RunPython" { runPythonFacts(op, into: &facts) }
        if op.type == "RunSQL" { runSQLFacts(op, into: &facts) }
        if op.type == "SeparateDatabaseAndState" {
            if case .operations(let db)? = op.argument("database_operations") {
                facts[F.databaseOperations] = .int(db.operations.count)
            } else {
                facts[F.databaseOperations] = .int(0)
            }
        }
        return facts
    }

    // MARK: Fields

    /// Whether a RunPython before `removal` in its migration writes the field
    /// (or names the model) in its reverse code: un-applying runs the
    /// operations backwards, so the column or table is re-created first and
    /// that code then fills it again (a data migration that moves values to a
    /// new field or table and back).
    private static func refilledOnRevert(_ field: String, removedBy removal: Operation, in context: MigrationContext) -> Bool {
        for (op, place) in databaseOperations(context.migration.operations.operations) where !place.stateOnly {
            if op.range == removal.range { return false }
            guard op.type == "RunPython", case .callable(let reverse)? = op.argument("reverse_code") else { continue }
            if [reverse.source, reverse.helperSource].contains(where: { $0.map { writes(field, in: $0) } ?? false }) { return true }
        }
        return false
    }

    /// `name` written in Python source as a whole word that is assigned
    /// (`obj.name = `, `name=` in a call) or quoted (`update_fields=["name"]`).
    static func writes(_ name: String, in source: String) -> Bool {
        let text = Array(source.utf8), word = Array(name.utf8)
        guard !word.isEmpty, text.count >= word.count else { return false }
        func isWordByte(_ b: UInt8) -> Bool { b == 0x5F || (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A || b >= 0x30 && b <= 0x39 || b >= 0x80 }
        var i = 0
        while i + word.count <= text.count {
            defer { i += 1 }
            guard text[i] == word[0], text[i..<(i + word.count)].elementsEqual(word) else { continue }
            let before: UInt8? = i > 0 ? text[i - 1] : nil
            var j = i + word.count
            if j < text.count, isWordByte(text[j]) { continue }
            if let b = before, isWordByte(b) { continue }
            if let b = before, b == 0x22 || b == 0x27, j < text.count, text[j] == b { return true }
            while j < text.count, text[j] == 0x20 { j += 1 }
            if j < text.count, text[j] == 0x3D, j + 1 >= text.count || text[j + 1] != 0x3D { return true }
        }
        return false
    }

    /// Whether the migration's database operations make the column nullable or
    /// give it a database default: the usual companion of a state-only removal.
    private static func madeOptional(_ field: String, model: String?, column: String?, in context: MigrationContext) -> Bool {
        guard let model else { return false }
        let key = ModelKey(context.migration.app, model)
        let name = (column ?? field).lowercased()
        for (op, place) in databaseOperations(context.migration.operations.operations) where !place.stateOnly {
            if op.type == "AlterField", modelKey(op, app: context.migration.app) == key, op.argument("name")?.stringValue == field,
               let f = FieldInfo(op.argument("field")), f.null || f.dbDefaultKind != "none" {
                return true
            }
            if op.type == "RunSQL" {
                let sql = sqlText(op.argument("sql")).lowercased()
                if sql.contains(name) && (sql.contains("drop not null") || sql.contains("set default")) { return true }
            }
        }
        return false
    }

    private static func fieldFacts(_ op: Operation, subject: Subject, context: MigrationContext, into facts: inout Facts) {
        guard let fieldName = op.argument("name")?.stringValue ?? op.argument("old_name")?.stringValue,
              fieldOperations.contains(op.type) else { return }
        facts[F.field] = .string(fieldName)
        let model = subject.model
        let old = model.flatMap { FieldInfo($0.field(fieldName), targetType: subject.oldTargetType) }
        let new = FieldInfo(op.argument("field"), targetType: subject.newTargetType)
        if case .bool(let keep)? = op.argument("preserve_default") { facts[F.preserveDefault] = .bool(keep) } else { facts[F.preserveDefault] = .bool(true) }
        switch op.type {
        case "AddField", "AlterField":
            if let new { describe(new, as: .field, into: &facts) }
        case "RemoveField", "RenameField":
            if let old { describe(old, as: .field, into: &facts) }
        default: break
        }
        if op.type == "RemoveField" {
            facts[F.fieldRefilledOnRevert] = .bool(refilledOnRevert(fieldName, removedBy: op, in: context))
        }
        // Only a state-only removal's rule asks about the rest of the migration.
        if op.type == "RemoveField", facts[F.stateOnly] == .bool(true) {
            if let model {
                let key = ModelKey(model.app, model.name)
                facts[F.modelDeletedInMigration] = .bool(databaseOperations(context.migration.operations.operations).contains { other, _ in
                    other.type == "DeleteModel" && modelKey(other, app: context.migration.app) == key
                })
            }
            facts[F.fieldMadeOptional] = .bool(madeOptional(fieldName, model: model?.name, column: old?.keyword("db_column")?.stringValue, in: context))
        }
        guard op.type == "AlterField", let old, let new else { return }
        describe(old, as: .oldField, into: &facts)
        facts[F.changeType] = .string(new.typeChange(from: old))
        facts[F.changeDescription] = .string(new.changeDescription(from: old))
        facts[F.changeNull] = .string(old.null == new.null ? "same" : (new.null ? "to_null" : "to_not_null"))
        facts[F.changeUnique] = .string(old.unique == new.unique ? "same" : (new.unique ? "added" : "removed"))
        facts[F.changeDbIndex] = .string(old.dbIndex == new.dbIndex ? "same" : (new.dbIndex ? "added" : "removed"))
        let alteration = new.alteration(from: old, named: fieldName)
        facts[F.changeColumn] = .bool(alteration.column)
        facts[F.changeSchema] = .bool(alteration.schema)
        facts[F.changeDefault] = .bool(alteration.defaultChanged)
        facts[F.changeDbDefault] = .bool(old.keyword("db_default")?.canonical != new.keyword("db_default")?.canonical)
        facts[F.changeConstraintRebuilt] = .bool(alteration.constraintRebuilt)
        facts[F.changePrimaryKey] = .bool(old.primaryKey != new.primaryKey || (old.primaryKey && old.typeFamily != new.typeFamily))
    }

    private static func describe(_ f: FieldInfo, as slots: FieldSlots, into facts: inout Facts) {
        facts[slots.fieldClass] = .string(f.className)
        facts[slots.type] = .string(f.typeFamily)
        facts[slots.null] = .bool(f.null)
        facts[slots.blank] = .bool(f.blank)
        facts[slots.unique] = .bool(f.unique)
        facts[slots.dbIndex] = .bool(f.dbIndex)
        facts[slots.primaryKey] = .bool(f.primaryKey)
        facts[slots.relation] = .string(f.relation)
        facts[slots.defaultKind] = .string(f.defaultKind)
        facts[slots.dbDefault] = .string(f.dbDefaultKind)
        facts[slots.dbColumn] = .bool(f.keyword("db_column") != nil)
        facts[slots.generated] = .string(f.generated)
        facts[slots.auto] = .bool(FieldInfo.autoClasses.contains(f.className))
        facts[slots.readdFills] = .bool(f.readdFills)
        if let n = f.maxLength { facts[slots.maxLength] = .int(n) }
    }

    // MARK: Model options, indexes and constraints

    private static func optionFacts(_ op: Operation, model: ModelState?, into facts: inout Facts) {
        switch op.type {
        case "AlterUniqueTogether", "AlterIndexTogether":
            let option = op.type == "AlterUniqueTogether" ? "unique_together" : "index_together"
            let before = Set(togetherEntries(model?.option(option)))
            let after = Set(togetherEntries(op.argument(option)))
            facts[F.togetherAdded] = .bool(!after.subtracting(before).isEmpty)
            facts[F.togetherRemoved] = .bool(!before.subtracting(after).isEmpty)
        case "AlterOrderWithRespectTo":
            let value = op.argument("order_with_respect_to")
            facts[F.orderSet] = .bool(value?.stringValue != nil)
        case "AddConstraint", "AddConstraintNotValid":
            constraintFacts(op.argument("constraint"), into: &facts)
        case "RemoveConstraint":
            let name = op.argument("name")?.stringValue
            let old = model?.option("constraints")?.listItems?.first { $0.callKeyword("name")?.stringValue == name }
            constraintFacts(old, into: &facts)
        default:
            break
        }
    }

    /// unique_together may be one tuple of names or a list of them.
    private static func togetherEntries(_ value: Value?) -> [String] {
        guard let items = value?.listItems else { return [] }
        if items.allSatisfy({ $0.stringValue != nil }) { return items.isEmpty ? [] : [items.map(\.canonical).joined(separator: ",")] }
        return items.map { ($0.listItems ?? [$0]).map(\.canonical).joined(separator: ",") }
    }

    private static func constraintFacts(_ constraint: Value?, into facts: inout Facts) {
        guard case .call(let c)? = constraint else { return }
        facts[F.constraintClass] = .string(c.className)
        switch c.className {
        case "CheckConstraint": facts[F.constraintKind] = .string("check")
        case "ExclusionConstraint": facts[F.constraintKind] = .string("exclusion")
        case "UniqueConstraint":
            // Conditions, expressions, include and opclasses make it a unique index, built under a lighter lock.
            let asIndex = !c.positional.isEmpty || ["condition", "include", "opclasses", "expressions"].contains { c.keyword($0) != nil }
            facts[F.constraintKind] = .string(asIndex ? "unique_index" : "unique")
        default: facts[F.constraintKind] = .string("other")
        }
    }

    /// Relation fields, anywhere in the project, that point at the model.
    private static func incomingRelations(to key: ModelKey, in state: ProjectState) -> Int {
        var count = 0
        for (_, model) in state.models {
            for (_, field) in model.fields {
                // The target first: most fields name no model, or another one.
                guard case .call(let c) = field, let target = (c.keyword("to") ?? c.positional.first)?.stringValue,
                      key.isNamed(byRelation: target, from: model.app), FieldInfo(field)?.relation != "none" else { continue }
                count += 1
            }
        }
        return count
    }

    // MARK: RunPython and RunSQL

    private static func reverseKind(_ value: Value?) -> String {
        switch value {
        case nil, .none?: return "absent"
        case .noop?: return "noop"
        case .sql(let statements)?:
            return statements.allSatisfy({ $0.sql?.allSatisfy(\.isWhitespace) ?? false }) ? "noop" : "present"
        case .string(let s)?: return s.isEmpty ? "noop" : "present"
        case .list(let items)?: return items.isEmpty ? "noop" : "present"
        case .callable(let ref)? where ref.kind == .lambda:
            return ref.source.map { $0.filter { !$0.isWhitespace }.hasSuffix(":None") } == true ? "noop" : "present"
        default: return "present"
        }
    }

    private static func runPythonFacts(_ op: Operation, into facts: inout Facts) {
        facts[F.reverse] = .string(reverseKind(op.argument("reverse_code")))
        if case .callable(let ref)? = op.argument("code") {
            facts[F.codeName] = .string(ref.name)
            facts[F.codeWhere] = .string(ref.definedIn.map { " (from \($0):\(ref.startLine ?? 1))" } ?? "")
            facts[F.codeKind] = .string(ref.kind.rawValue)
            facts[F.code] = .string([ref.source, ref.helperSource].compactMap { $0 }.joined(separator: "\n\n"))
        } else if let code = op.argument("code") {
            // As written, for messages: canonical text drops its spaces.
            if case .expression(let source) = code { facts[F.codeName] = .string(source) } else { facts[F.codeName] = .string(code.canonical) }
            facts[F.codeKind] = .string("external")
            facts[F.codeWhere] = .string("")
            facts[F.code] = .string("")
        }
        if case .callable(let ref)? = op.argument("reverse_code") { facts[F.reverseCode] = .string(ref.source ?? "") }
        if case .bool(let atomic)? = op.argument("atomic") { facts[F.codeAtomic] = .bool(atomic) }
    }

    private static func runSQLFacts(_ op: Operation, into facts: inout Facts) {
        facts[F.reverse] = .string(reverseKind(op.argument("reverse_sql")))
        facts[F.sql] = .string(sqlText(op.argument("sql")))
        facts[F.reverseSql] = .string(sqlText(op.argument("reverse_sql")))
    }

    static func sqlText(_ value: Value?) -> String {
        switch value {
        case .sql(let statements)?: return statements.map { $0.sql ?? $0.expression ?? "" }.joined(separator: ";\n")
        case .string(let s)?: return s
        default: return ""
        }
    }
}
