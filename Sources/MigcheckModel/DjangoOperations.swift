/// Django's migration operations and their constructor parameters in
/// positional order (Django 6.1, django.db.migrations.operations and
/// django.contrib.postgres.operations), used to name positional arguments.
public enum DjangoOperations {
    public static let core: [String: [String]] = [
        "CreateModel": ["name", "fields", "options", "bases", "managers"],
        "DeleteModel": ["name"],
        "RenameModel": ["old_name", "new_name"],
        "AlterModelTable": ["name", "table"],
        "AlterModelTableComment": ["name", "table_comment"],
        "AlterUniqueTogether": ["name", "unique_together"],
        "AlterIndexTogether": ["name", "index_together"],
        "AlterOrderWithRespectTo": ["name", "order_with_respect_to"],
        "AlterModelOptions": ["name", "options"],
        "AlterModelManagers": ["name", "managers"],
        "AddField": ["model_name", "name", "field", "preserve_default"],
        "AlterField": ["model_name", "name", "field", "preserve_default"],
        "RemoveField": ["model_name", "name"],
        "RenameField": ["model_name", "old_name", "new_name"],
        "AddIndex": ["model_name", "index"],
        "RemoveIndex": ["model_name", "name"],
        "RenameIndex": ["model_name", "new_name", "old_name", "old_fields"],
        "AddConstraint": ["model_name", "constraint"],
        "RemoveConstraint": ["model_name", "name"],
        "AlterConstraint": ["model_name", "name", "constraint"],
        "RunSQL": ["sql", "reverse_sql", "state_operations", "hints", "elidable"],
        "RunPython": ["code", "reverse_code", "atomic", "hints", "elidable"],
        "SeparateDatabaseAndState": ["database_operations", "state_operations"],
    ]

    /// CreateCollation and RemoveCollation take `provider` and `deterministic` as keywords only.
    public static let postgres: [String: [String]] = [
        "CreateExtension": ["name", "hints"],
        "BloomExtension": ["hints"],
        "BtreeGinExtension": ["hints"],
        "BtreeGistExtension": ["hints"],
        "CITextExtension": ["hints"],
        "CryptoExtension": ["hints"],
        "HStoreExtension": ["hints"],
        "TrigramExtension": ["hints"],
        "UnaccentExtension": ["hints"],
        "AddIndexConcurrently": ["model_name", "index"],
        "RemoveIndexConcurrently": ["model_name", "name"],
        "CreateCollation": ["name", "locale"],
        "RemoveCollation": ["name", "locale"],
        "AddConstraintNotValid": ["model_name", "constraint"],
        "ValidateConstraint": ["model_name", "name"],
    ]

    /// Modules whose names resolve to Django's core operations.
    static let coreModules: Set<String> = [
        "django.db.migrations", "django.db.migrations.operations",
        "django.db.migrations.operations.models", "django.db.migrations.operations.fields",
        "django.db.migrations.operations.special",
    ]

    static let postgresModules: Set<String> = ["django.contrib.postgres.operations"]

    /// Every qualified name of an operation (`django.db.migrations.AddField`,
    /// `django.db.migrations.operations.fields.AddField`, ...): one lookup per
    /// call, without cutting the name into new Strings.
    private static let byQualifiedName: [String: DjangoOperation] = {
        var table: [String: DjangoOperation] = [:]
        for (modules, operations) in [(coreModules, core), (postgresModules, postgres)] {
            for module in modules {
                for (name, parameters) in operations {
                    table[module + "." + name] = DjangoOperation(name: name, parameters: parameters,
                                                                 roles: parameters.map { ArgumentRole(of: $0, in: name) })
                }
            }
        }
        return table
    }()

    /// The Django class a fully qualified name denotes, with its parameters;
    /// nil when it is not one of Django's operations.
    public static func lookup(qualifiedName: String) -> DjangoOperation? {
        byQualifiedName[qualifiedName]
    }
}

/// One of Django's operation classes and its constructor's parameters.
public struct DjangoOperation: Sendable {
    public var name: String
    /// In positional order.
    public var parameters: [String]
    /// How each parameter's argument is read, computed once per class: asking
    /// for every argument compared its name with four strings.
    var roles: [ArgumentRole]
}

/// How an argument of one of Django's operations is read.
enum ArgumentRole: Sendable {
    case value
    /// RunPython's `code` and `reverse_code`: resolved to the module's functions.
    case callable
    /// RunSQL's `sql` and `reverse_sql`: statements and their parameters.
    case sql
    /// `database_operations` and `state_operations`: nested operations.
    case operations

    init(of parameter: String, in operation: String) {
        switch (operation, parameter) {
        case ("RunPython", "code"), ("RunPython", "reverse_code"): self = .callable
        case ("RunSQL", "sql"), ("RunSQL", "reverse_sql"): self = .sql
        case (_, "database_operations"), (_, "state_operations"): self = .operations
        default: self = .value
        }
    }
}
