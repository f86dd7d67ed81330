import MigcheckSyntax

/// A value read from the source without running it: a literal, a container
/// of values, a call (fields, indexes, constraints, expressions) with its
/// arguments, or the source text of anything else. Only the two large
/// payloads are boxed: scalars and containers (most values) are stored
/// inline, without an allocation each.
public enum Value: Sendable {
    case string(String)
    case int(Int)
    case float(Double)
    case bool(Bool)
    case none
    case list([Value])
    case tuple([Value])
    case set([Value])
    /// A dict in source order; keys are values too (usually strings).
    case dict([(Value, Value)])
    indirect case call(Call)
    /// A callable for RunPython, resolved to its definition where possible.
    indirect case callable(CallableRef)
    /// `RunSQL.noop` / `RunPython.noop`, with the expression as written.
    case noop(String)
    /// Statements of RunSQL's `sql`/`reverse_sql` with their parameters.
    case sql([SQLStatement])
    /// Nested operations (SeparateDatabaseAndState, RunSQL.state_operations).
    case operations(OperationList)
    /// Anything that is not a literal, as written in the source.
    case expression(String)

    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }
}

/// A call such as `models.CharField(max_length=10)` or `models.Index(...)`.
public struct Call: Sendable {
    /// The callee as written (`models.CharField`).
    public var callee: String
    /// The callee's last name (`CharField`): a field's or index's class.
    public var className: String
    public var positional: [Value]
    public var keywords: [(String, Value)]
    /// `*args` or `**kwargs` were passed: some arguments are unknown.
    public var hasUnpacking: Bool

    public func keyword(_ name: String) -> Value? {
        keywords.first { $0.0 == name }?.1
    }
}

public struct CallableRef: Sendable {
    public enum Kind: String, Sendable {
        /// A function defined in the migration module.
        case function
        case lambda
        /// A name imported from elsewhere, or otherwise not defined in the module.
        case external
    }

    public var kind: Kind
    /// The name as written (`forwards`, `helpers.backfill`), or `<lambda>`.
    public var name: String
    /// Where the function or lambda is defined in this file, when it is.
    public var definition: TextRange?
    public var startLine: Int?
    public var endLine: Int?
    /// The whole definition's source text, for rules that read it.
    public var source: String?
    /// The sources of the module's functions it calls, directly or through
    /// each other: what RunPython really runs.
    public var helperSource: String?
    /// An imported function's name through the imports (`shop.utils.backfill`,
    /// `..utils.backfill` relative to the migration's package).
    public var qualifiedName: String? = nil
    /// The project module `source` was read from, for an imported function (see `ImportedCode`).
    public var definedIn: String? = nil
}

public struct SQLStatement: Sendable {
    /// The statement text, or nil when it is not a literal.
    public var sql: String?
    /// The source of a non-literal statement.
    public var expression: String?
    /// The params of a `(sql, params)` pair.
    public var params: Value?
}

/// An operation list: the operations that could be read, and whether the
/// list was dynamic (not a plain literal) so that some may be missing.
public struct OperationList: Sendable {
    public var operations: [Operation]
    /// Not a plain list literal (a concatenation, a name, a comprehension...).
    public var isDynamic: Bool
    /// Every operation could be read: the list is literal, or made only of
    /// literal lists through names and `+`. A comprehension or a helper call
    /// leaves it incomplete.
    public var isComplete: Bool = true
}

extension OperationList {
    /// The list with `transform` applied to every argument (name and value) of its operations.
    public func mappingArguments(_ transform: (String, Value) -> Value) -> OperationList {
        var list = self
        list.operations = operations.map { op in
            var op = op
            op.arguments = op.arguments.map { ($0.0, transform($0.0, $0.1)) }
            return op
        }
        return list
    }
}

/// One migration operation as written.
public struct Operation: Sendable {
    /// Django's class name (`AddField`), or the callee's last name for custom operations.
    public var type: String
    /// The callee as written (`migrations.AddField`).
    public var callee: String
    /// True when the callee resolves through the file's imports to Django's own operation.
    public var isDjango: Bool
    public var range: TextRange
    public var location: SourceLocation
    /// Arguments keyed by Django's parameter names, in signature order, then
    /// other keywords in source order.
    public var arguments: [(String, Value)]
    /// Positional arguments that have no parameter name (custom operations,
    /// or more than Django's signature takes).
    public var extraPositional: [Value]
    /// `*args`/`**kwargs` were passed, so some arguments are unknown.
    public var hasUnpacking: Bool
    /// Set when the element of the list is not a call (a name, a starred helper):
    /// the source of what stood there.
    public var unresolved: String?
    /// For an operation that is not Django's: the dotted name its callee
    /// resolves to through the file's imports (`django_migration_linter.IgnoreMigration`
    /// for `linter.IgnoreMigration`), nil when the imports do not name it.
    public var qualifiedCallee: String? = nil

    public func argument(_ name: String) -> Value? {
        arguments.first { $0.0 == name }?.1
    }
}

/// The model a swapper dependency is on: `"pki", "Ca"` (or
/// `swapper.get_model_name("pki", "Ca")`), or the one a setting names
/// (`*swapper.split(settings.AUTH_USER_MODEL)`); its own swapper setting
/// may swap it out in turn.
public enum SwapperModel: Sendable {
    case named(app: String, model: String)
    case setting(String)
}

public enum Dependency: Sendable {
    case migration(app: String, name: String)
    /// `swappable_dependency(settings.AUTH_USER_MODEL)`: the app behind a setting.
    case swappable(setting: String)
    /// swapper's `dependency("pki", "Ca")`: the first migration, or
    /// `version`, of the app of the model that stands for `pki.Ca` (see
    /// `Swapper`); computed when Django imports the file, `source` as written.
    case swapper(SwapperModel, version: String?, source: String)
    case dynamic(String)

    /// The migration a plain `(app, name)` dependency names.
    public var key: MigrationKey? {
        if case .migration(let app, let name) = self { return MigrationKey(app, name) }
        return nil
    }
}

/// A scalar class attribute (`initial`, `atomic`): absent, a literal, or not a literal.
public enum Flag: Sendable, Equatable {
    case absent
    case value(Bool)
    case none
    case dynamic(String)
}

public struct GeneratedBy: Sendable {
    public var djangoVersion: String
    public var date: String
}

public struct Migration: Sendable {
    public var app: String
    public var name: String
    public var bases: [String]
    public var dependencies: [Dependency]
    public var replaces: [Dependency]
    public var runBefore: [Dependency]
    public var initial: Flag
    public var atomic: Flag
    public var operations: OperationList
    public var generatedBy: GeneratedBy?
    public var classRange: TextRange
    public var classLocation: SourceLocation
}
