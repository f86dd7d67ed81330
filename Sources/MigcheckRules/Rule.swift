import MigcheckRegex

/// One rule of the catalogue, as read from its file in `Rules/`.
public struct Rule: Sendable {
    public enum Scope: String, Sendable {
        /// Evaluated for each operation (the default).
        case operation
        /// Evaluated once per migration, over the migration's facts.
        case migration
    }

    public var id: String
    public var name: String
    public var summary: String
    public var levels: Levels
    public var scope: Scope
    /// A finding means the previous release's code cannot work with the new
    /// schema: rolling the code back alone (leaving the schema migrated) breaks it.
    public var breaksPreviousRelease: Bool
    /// The finding's message; `{fact}` placeholders are filled from the facts.
    public var message: String
    public var advice: String
    public var rationale: String
    /// Alternatives: the rule fires when every condition of one of them holds.
    public var when: [[Condition]]
    public var examples: [RuleExample]
    /// The file the rule came from, for errors and `explain`.
    public var file: String

    /// The advice outside a finding: each `{fact}` shown as `<fact>`.
    public var generalAdvice: String {
        Facts.fill(advice) { "<\($0)>" }
    }
}

/// A value a fact can take.
public enum FactValue: Sendable, Hashable, CustomStringConvertible {
    case bool(Bool)
    case int(Int)
    case string(String)

    public var description: String {
        switch self {
        case .bool(let b): return b ? "true" : "false"
        case .int(let n): return String(n)
        case .string(let s): return s
        }
    }
}

/// A test of one fact.
public struct Condition: Sendable {
    public enum Test: Sendable {
        /// The fact equals one of the values.
        case oneOf([FactValue])
        /// The fact is present and equals none of the values.
        case noneOf([FactValue])
        case atLeast(Int)
        case atMost(Int)
        case matches(Regex)
        /// The fact is present and the pattern does not match it.
        case notMatches(Regex)
    }

    public var fact: String
    let id: FactID
    public var test: Test

    init(fact: String, test: Test) {
        self.fact = fact
        self.id = FactID(fact)
        self.test = test
    }

    /// Whether the facts pass. A missing fact passes no test: an unknown
    /// field or model makes no finding rather than a guessed one.
    func holds(in facts: Facts, limitHit: inout Bool) -> Bool {
        guard let value = facts[id] else { return false }
        switch test {
        case .oneOf(let values): return values.contains(value)
        case .noneOf(let values): return !values.contains(value)
        case .atLeast(let n): if case .int(let v) = value { return v >= n }; return false
        case .atMost(let n): if case .int(let v) = value { return v <= n }; return false
        case .matches(let regex), .notMatches(let regex):
            guard case .string(let text) = value else { return false }
            let outcome = regex.firstMatch(in: text)
            if outcome == .limitExceeded { limitHit = true; return false }
            let matched = outcome != .noMatch
            if case .matches = test { return matched }
            return !matched
        }
    }
}

extension Array where Element == Condition {
    /// The values an alternative requires of a fact (`operation = ["AddField", "AlterField"]`), if it does.
    func required(_ id: FactID) -> [FactValue]? {
        for condition in self where condition.id == id {
            if case .oneOf(let values) = condition.test { return values }
        }
        return nil
    }
}

/// An example in a rule's file: operations (and what comes before them) that
/// must or must not make the rule fire. The test suite runs every one.
public struct RuleExample: Sendable {
    public var triggers: Bool
    /// The operations of the migration under test, as Python list items.
    public var operations: String
    /// Operations of an earlier migration of the same app that set up the state.
    public var before: String?
    /// Module-level code (functions for RunPython, imports).
    public var code: String?
    public var atomic: Bool
    public var target: DatabaseTarget
    /// What the example shows, printed by `explain`.
    public var note: String?
}

/// A fact's slot in `Facts`: its place in `FactCatalogue.entries`.
public struct FactID: Hashable, Sendable {
    let index: Int

    /// The slot of a catalogued fact; naming an uncatalogued one is a bug in migcheck.
    init(_ name: String) {
        guard let index = FactCatalogue.indices[name] else { preconditionFailure("fact '\(name)' is not in FactCatalogue") }
        self.index = index
    }
}

/// An operation's or a migration's facts (`operation`, `field.null`,
/// `change.type`...), in slots: rules test thousands of them per run, and
/// an array indexed by slot costs no hashing. The names are in docs/rules.md.
public struct Facts: Sendable {
    private var values = [FactValue?](repeating: nil, count: FactCatalogue.entries.count)

    public init() {}

    subscript(id: FactID) -> FactValue? {
        get { values[id.index] }
        set { values[id.index] = newValue }
    }

    public subscript(name: String) -> FactValue? {
        FactCatalogue.indices[name].flatMap { values[$0] }
    }

    /// The message with each `{fact}` replaced; unknown facts stay as written.
    func render(_ template: String) -> String {
        Self.fill(template) { self[$0]?.description ?? "{\($0)}" }
    }

    /// The template with each `{name}` replaced by `placeholder(name)`; an
    /// unclosed `{` and what follows it stay as written.
    static func fill(_ template: String, _ placeholder: (String) -> String) -> String {
        // Braces are found by byte: stepping through Characters cost about
        // 300 instructions each, a tenth of `check` over 3,500 migrations.
        let openBrace = UInt8(ascii: "{"), closeBrace = UInt8(ascii: "}")
        var out = ""
        var rest = template[...]
        while let open = rest.utf8.firstIndex(of: openBrace), let close = rest.utf8[open...].firstIndex(of: closeBrace) {
            out += rest[..<open]
            out += placeholder(String(rest[rest.utf8.index(after: open)..<close]))
            rest = rest[rest.utf8.index(after: close)...]
        }
        return out + rest
    }
}
