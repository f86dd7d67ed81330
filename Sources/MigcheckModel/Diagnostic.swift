import MigcheckSyntax

public enum Severity: String, Sendable, Comparable {
    case info, warning, error

    private var rank: Int { self == .info ? 0 : (self == .warning ? 1 : 2) }
    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}

/// A problem found while reading a file, with a stable code, the place and a
/// message a person can act on.
public struct Diagnostic: Sendable {
    public var code: DiagnosticCode
    public var severity: Severity
    public var message: String
    public var range: TextRange
    public var location: SourceLocation

    public init(_ code: DiagnosticCode, _ severity: Severity, _ message: String, range: TextRange, in source: SourceText) {
        self.code = code
        self.severity = severity
        self.message = message
        self.range = range
        self.location = source.location(of: Int(range.start))
    }

    public init(_ code: DiagnosticCode, _ severity: Severity, _ message: String, range: TextRange, location: SourceLocation) {
        self.code = code
        self.severity = severity
        self.message = message
        self.range = range
        self.location = location
    }
}

/// Stable codes of the engine's own diagnostics. Codes are never reused.
public enum DiagnosticCode: String, Sendable, CaseIterable {
    /// Python would refuse the file: a syntax error or bytes that are not UTF-8.
    case invalidSyntax = "MC001"
    /// The file could not be read at all.
    case unreadableFile = "MC002"
    /// `operations` is not a literal list; only what could be resolved is listed.
    case dynamicOperations = "MC003"
    /// `dependencies`, `replaces`, `run_before`, `initial` or `atomic` is not a literal.
    case dynamicAttribute = "MC004"
    /// A file in a migrations folder that Django would not load as a migration.
    case notAMigration = "MC005"
    /// A module without a `Migration` class in a folder that holds migrations: Django's loader stops on it.
    case badMigrationModule = "MC006"
    /// A `# migcheck: ignore[...]` comment that cannot be used: no reason, an unknown rule, a bad form.
    case invalidSuppression = "MC010"
    /// A suppression that silenced no finding: the finding is gone, or it names the wrong rule.
    case unusedSuppression = "MC011"
    /// A rule's pattern stopped at PCRE2's match or depth limit: the rule could not decide.
    case patternLimit = "MC012"
    /// `check`: a checked migration creates tables that later checked migrations change,
    /// so those changes were judged as made to new, empty tables.
    case createdInCheck = "MC013"
    /// Graph problems (`GraphProblem.Kind`): several leaves in an app, a missing dependency,
    /// a cycle, a partial squash, a shared number, a migration defined twice,
    /// several leaves that a computed dependency may join.
    case conflictingLeaves = "MC301"
    case missingDependency = "MC302"
    case circularDependency = "MC303"
    case partialSquash = "MC304"
    case duplicateNumber = "MC305"
    case duplicateMigration = "MC306"
    case possibleConflict = "MC307"
    /// Between two revisions: a migration the older one had whose operations changed.
    case editedMigration = "MC310"
    /// Between two revisions: a migration the older one had is gone.
    case deletedMigration = "MC311"
    /// Between two revisions: a migration's contents under a new name.
    case renamedMigration = "MC312"
    /// Between two revisions: a migration the older one had now depends on one it did not have
    /// (a dependency, or a new migration's run_before): Django's InconsistentMigrationHistory.
    case inconsistentHistory = "MC313"
    /// Between two revisions: a new migration creates a table databases at the older one
    /// already have (migrations reset without `replaces`): `migrate` fails there.
    case recreatedTable = "MC314"

    public var name: String {
        switch self {
        case .invalidSyntax: return "invalid-syntax"
        case .unreadableFile: return "unreadable-file"
        case .dynamicOperations: return "dynamic-operations"
        case .dynamicAttribute: return "dynamic-attribute"
        case .notAMigration: return "not-a-migration"
        case .badMigrationModule: return "bad-migration-module"
        case .invalidSuppression: return "invalid-suppression"
        case .unusedSuppression: return "unused-suppression"
        case .patternLimit: return "pattern-limit"
        case .createdInCheck: return "created-in-check"
        case .conflictingLeaves: return "conflicting-leaves"
        case .missingDependency: return "missing-dependency"
        case .circularDependency: return "circular-dependency"
        case .partialSquash: return "partial-squash"
        case .duplicateNumber: return "duplicate-number"
        case .duplicateMigration: return "duplicate-migration"
        case .possibleConflict: return "possible-conflict"
        case .editedMigration: return "edited-migration"
        case .deletedMigration: return "deleted-migration"
        case .renamedMigration: return "renamed-migration"
        case .inconsistentHistory: return "inconsistent-history"
        case .recreatedTable: return "recreated-table"
        }
    }
}
