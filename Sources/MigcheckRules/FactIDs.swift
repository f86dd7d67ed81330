/// The facts FactBuilder sets, by their slots in `Facts`: resolved once,
/// so that building an operation's facts hashes no names.
enum F {
    static let app = FactID("app")
    static let callee = FactID("callee")
    static let changeColumn = FactID("change.column")
    static let changeConstraintRebuilt = FactID("change.constraint_rebuilt")
    static let changeDbDefault = FactID("change.db_default")
    static let changeDbIndex = FactID("change.db_index")
    static let changeDefault = FactID("change.default")
    static let changeDescription = FactID("change.description")
    static let changeNull = FactID("change.null")
    static let changePrimaryKey = FactID("change.primary_key")
    static let changeSchema = FactID("change.schema")
    static let changeType = FactID("change.type")
    static let changeUnique = FactID("change.unique")
    static let code = FactID("code")
    static let codeAtomic = FactID("code.atomic")
    static let codeKind = FactID("code.kind")
    static let codeName = FactID("code.name")
    static let codeWhere = FactID("code.where")
    static let constraintClass = FactID("constraint.class")
    static let constraintKind = FactID("constraint.kind")
    static let databaseOperations = FactID("database_operations")
    static let django = FactID("django")
    static let engine = FactID("engine")
    static let engineVersion = FactID("engine.version")
    static let field = FactID("field")
    static let fieldMadeOptional = FactID("field.made_optional")
    static let fieldRefilledOnRevert = FactID("field.refilled_on_revert")
    static let migration = FactID("migration")
    static let migrationAtomic = FactID("migration.atomic")
    static let migrationDataOps = FactID("migration.data_ops")
    static let migrationOperationsRead = FactID("migration.operations_read")
    static let migrationSchemaOps = FactID("migration.schema_ops")
    static let migrationTables = FactID("migration.tables")
    static let model = FactID("model")
    static let modelDbTable = FactID("model.db_table")
    static let modelRefilledOnRevert = FactID("model.refilled_on_revert")
    static let modelDeletedInMigration = FactID("model.deleted_in_migration")
    static let modelIncomingRelations = FactID("model.incoming_relations")
    static let modelKnown = FactID("model.known")
    static let modelNew = FactID("model.new")
    static let modelNoTable = FactID("model.no_table")
    static let modelRowsOrdered = FactID("model.rows_ordered")
    static let modelName = FactID("model_name")
    static let name = FactID("name")
    static let nested = FactID("nested")
    static let newName = FactID("new_name")
    static let oldName = FactID("old_name")
    static let operation = FactID("operation")
    static let orderSet = FactID("order.set")
    static let preserveDefault = FactID("preserve_default")
    static let reverse = FactID("reverse")
    static let reverseCode = FactID("reverse_code")
    static let reverseSql = FactID("reverse_sql")
    static let revertTarget = FactID("revert_target")
    static let sql = FactID("sql")
    static let stateOnly = FactID("state_only")
    static let togetherAdded = FactID("together.added")
    static let togetherRemoved = FactID("together.removed")
}

/// The slots of a field's facts, for the field (`field.null`) and for the
/// field before an AlterField (`old_field.null`).
struct FieldSlots {
    let fieldClass: FactID
    let type: FactID
    let null: FactID
    let blank: FactID
    let unique: FactID
    let dbIndex: FactID
    let primaryKey: FactID
    let relation: FactID
    let defaultKind: FactID
    let dbDefault: FactID
    let dbColumn: FactID
    let generated: FactID
    let auto: FactID
    let readdFills: FactID
    let maxLength: FactID

    static let field = FieldSlots(prefix: "field")
    static let oldField = FieldSlots(prefix: "old_field")

    private init(prefix: String) {
        fieldClass = FactID(prefix + ".class")
        type = FactID(prefix + ".type")
        null = FactID(prefix + ".null")
        blank = FactID(prefix + ".blank")
        unique = FactID(prefix + ".unique")
        dbIndex = FactID(prefix + ".db_index")
        primaryKey = FactID(prefix + ".primary_key")
        relation = FactID(prefix + ".relation")
        defaultKind = FactID(prefix + ".default")
        dbDefault = FactID(prefix + ".db_default")
        dbColumn = FactID(prefix + ".db_column")
        generated = FactID(prefix + ".generated")
        auto = FactID(prefix + ".auto")
        readdFills = FactID(prefix + ".readd_fills")
        maxLength = FactID(prefix + ".max_length")
    }
}
