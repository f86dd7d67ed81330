/// Every fact a rule can test, with what it means: rule files are checked
/// against this list, and docs/rules.md prints it.
public enum FactCatalogue {
    public struct Entry: Sendable {
        public var name: String
        public var meaning: String
    }

    /// Facts a rule must name to see operations they set: otherwise operations
    /// that touch no table the previous release uses are left out.
    static let scopeDefaults: [(id: FactID, value: FactValue)] = [
        (F.stateOnly, .bool(false)),
        (F.modelNew, .bool(false)),
        (F.modelNoTable, .bool(false)),
    ]

    static let fieldFacts: [(String, String)] = [
        ("class", "the field's class (`CharField`, `ForeignKey`)"),
        ("type", "the column type's family: varchar, text, smallint, integer, bigint, decimal, float, boolean, date, datetime, uuid, json, many_to_many..., or unknown for field classes migcheck does not know; a ForeignKey or OneToOneField has the type of the key it points at, or relation when the state does not hold its target"),
        ("null", "`null=True`"),
        ("blank", "`blank=True`"),
        ("unique", "unique: `unique=True`, a primary key or a OneToOneField"),
        ("db_index", "indexed on its own: `db_index=True`, a ForeignKey or a SlugField unless `db_index=False`"),
        ("primary_key", "the primary key"),
        ("relation", "none, foreign_key, one_to_one or many_to_many"),
        ("default", "the Python default: none, constant or callable (auto_now counts as callable)"),
        ("db_default", "the database default: none, constant or volatile (RandomUUID, clock_timestamp...)"),
        ("db_column", "a `db_column` is given"),
        ("generated", "GeneratedField: none, stored or virtual"),
        ("auto", "an AutoField, BigAutoField or SmallAutoField (identity column)"),
        ("readd_fills", "re-adding the column fills existing rows: nullable, a default, or a blank string"),
        ("max_length", "max_length (Django's default for SlugField, EmailField...)"),
    ]

    public static let entries: [Entry] = {
        var list: [(String, String)] = [
            ("operation", "the operation's class: `AddField`, `RunPython`, or a custom operation's class name"),
            ("django", "the operation is Django's own (resolved through the file's imports)"),
            ("callee", "an operation that is not Django's: its callee as the file's imports resolve it (`django_migration_linter.IgnoreMigration` for `linter.IgnoreMigration` after `import django_migration_linter as linter`), else as written"),
            ("nested", "inside `SeparateDatabaseAndState(database_operations=...)`"),
            ("state_only", "inside `state_operations`: changes Django's state, not the database (scope fact, default false)"),
            ("app", "the app label"),
            ("migration", "the migration's name"),
            ("revert_target", "what `migrate APP TARGET` goes back to, to un-apply this migration (`zero` for the first)"),
            ("engine", "the target database: postgresql, mysql or sqlite"),
            ("engine.version", "the target database's major version"),
            ("migration.atomic", "the migration runs in one transaction (`atomic` is not False)"),
            ("migration.schema_ops", "operations in the migration that send DDL to tables that existed before the checked migrations"),
            ("migration.data_ops", "data migrations in the migration: RunPython, and RunSQL that writes rows (UPDATE, DELETE, INSERT)"),
            ("migration.tables", "existing tables the migration's schema operations touch"),
            ("migration.operations_read", "every operation could be read: `operations` and the lists inside SeparateDatabaseAndState are literal, or built from module-level lists (not a comprehension, a helper's result or a condition)"),
            ("name", "the operation's `name` argument (model, field, index or constraint name)"),
            ("old_name", "a rename's old name"),
            ("new_name", "a rename's new name"),
            ("model_name", "the operation's `model_name` argument"),
            ("model", "the model's name, as its CreateModel wrote it"),
            ("model.known", "the model is in the project state replayed from the migrations"),
            ("model.new", "the model was created by one of the migrations being checked (scope fact, default false)"),
            ("model.no_table", "the model is unmanaged, a proxy or swapped: Django runs no SQL for it (scope fact, default false)"),
            ("model.db_table", "the model pins its table name with `db_table`"),
            ("model.incoming_relations", "RenameModel: relation fields in the project that point at the model"),
            ("model.deleted_in_migration", "RemoveField in state_operations: the same migration also deletes the model (from the state or the database)"),
            ("model.refilled_on_revert", "DeleteModel: a RunPython earlier in the same migration has reverse code that names the model (quoted, as in `apps.get_model(\"shop\", \"Customer\")`, or assigned), so a revert re-creates the table and then fills it again"),
            ("model.rows_ordered", "the model has `order_with_respect_to`"),
            ("field", "the field's name"),
            ("field.made_optional", "RemoveField in state_operations: a database operation of the same migration makes the column nullable or gives it a database default (AlterField, or RunSQL DROP NOT NULL / SET DEFAULT)"),
            ("field.refilled_on_revert", "RemoveField: a RunPython earlier in the same migration has reverse code that writes the field (`obj.field = ...`, `field=...`, or its name quoted), so a revert re-creates the column and then fills it again"),
            ("preserve_default", "AddField/AlterField's `preserve_default` (False: a one-off default)"),
        ]
        for (name, meaning) in fieldFacts {
            list.append(("field.\(name)", "\(meaning); the field as the operation defines it (AddField, AlterField) or as the state had it (RemoveField, RenameField)"))
        }
        for (name, meaning) in fieldFacts {
            list.append(("old_field.\(name)", "\(meaning); AlterField: the field before"))
        }
        list += [
            ("change.type", "AlterField: same, widen (every old value fits), narrow (some may not), other (another type family) or unknown (a field class migcheck does not know)"),
            ("change.description", "AlterField: the type change in words (`max_length 20 to 64`, `IntegerField to BigIntegerField`)"),
            ("change.null", "AlterField: same, to_null or to_not_null"),
            ("change.unique", "AlterField: same, added or removed"),
            ("change.db_index", "AlterField: same, added or removed"),
            ("change.column", "AlterField: the column is renamed (`db_column`)"),
            ("change.schema", "AlterField: something that reaches the database changes (Django's non_db_attrs and the default left out)"),
            ("change.default", "AlterField: the Python default changes"),
            ("change.db_default", "AlterField: the database default changes"),
            ("change.constraint_rebuilt", "AlterField that makes Django add a ForeignKey constraint, validating every row: a constrained ForeignKey's is dropped and re-created on any schema or default change, and one is created where a field becomes a constrained ForeignKey"),
            ("change.primary_key", "AlterField: the primary key appears, disappears or changes type family"),
            ("together.added", "AlterUniqueTogether/AlterIndexTogether adds an entry"),
            ("together.removed", "AlterUniqueTogether/AlterIndexTogether removes an entry"),
            ("order.set", "AlterOrderWithRespectTo sets it (false: unsets it)"),
            ("constraint.class", "the constraint's class (added, or removed as the state had it)"),
            ("constraint.kind", "check, unique (plain: ADD CONSTRAINT UNIQUE), unique_index (condition, expressions, include, opclasses), exclusion or other"),
            ("reverse", "RunPython/RunSQL reverse: absent, noop (`RunPython.noop`, `RunSQL.noop`, '' or []) or present"),
            ("code", "RunPython: the source of the forward function and of the functions of its module it calls: the file's, or, for one imported from the project (`from shop.utils import backfill`, `from ..utils import backfill`), that module's, found from the app's folder up in the work tree (check) or the revision (range modes); '' when it is not found"),
            ("code.name", "RunPython: the forward function's name"),
            ("code.where", "RunPython: ' (from shop/utils.py:12)' for a forward function read from a project module, '' otherwise, for messages"),
            ("code.kind", "RunPython: function, lambda or external"),
            ("code.atomic", "RunPython's own `atomic` argument"),
            ("reverse_code", "RunPython: the source of the reverse function"),
            ("sql", "RunSQL: the forward statements, joined by ';' and new lines"),
            ("reverse_sql", "RunSQL: the reverse statements"),
            ("database_operations", "SeparateDatabaseAndState: how many database operations it holds"),
        ]
        return list.map { Entry(name: $0.0, meaning: $0.1) }
    }()

    static let indices: [String: Int] = Dictionary(uniqueKeysWithValues: entries.enumerated().map { ($1.name, $0) })
}
