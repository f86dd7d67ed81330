import MigcheckSyntax
import MigcheckRegex

/// A rule file that cannot be used: the file, the key and what is wrong.
public struct RuleError: Error, Sendable, CustomStringConvertible {
    public var file: String
    public var key: String?
    public var message: String
    /// The line of the key, when known.
    public var line: Int?

    public init(file: String, key: String?, message: String, line: Int? = nil) {
        self.file = file
        self.key = key
        self.message = message
        self.line = line
    }

    public var description: String {
        "\(file)" + (line.map { ":\($0)" } ?? "") + ": " + (key.map { "key '\($0)': " } ?? "") + message
    }
}

/// Reads rule files (TOML, one rule each) into rules, checking every key so
/// that a typo is an error naming the file and the key, not a rule that
/// silently never fires.
public enum RuleLoader {
    static let ruleKeys: Set<String> = ["id", "name", "summary", "revert", "maintenance", "scope", "message", "advice", "rationale", "when", "example", "breaks_previous_release"]
    static let exampleKeys: Set<String> = ["triggers", "operations", "before", "code", "atomic", "engine", "engine_version", "note"]

    public static func load(_ text: String, file: String) throws(RuleError) -> Rule {
        let table: TOMLTable
        do {
            table = try TOMLParser.parse(text)
        } catch {
            throw RuleError(file: file, key: nil, message: "not valid TOML (column \(error.column)): \(error.message)", line: error.line)
        }
        func fail(_ key: String?, _ message: String) -> RuleError {
            RuleError(file: file, key: key, message: message, line: key.flatMap { table.line(of: String($0.prefix { $0 != "[" })) })
        }
        for key in table.keys where !ruleKeys.contains(key) {
            let close = Suggestion.didYouMean(key, among: Array(ruleKeys))
            throw fail(key, "unknown key\(close)")
        }
        func string(_ key: String) throws(RuleError) -> String {
            guard let value = table[key] else { throw fail(key, "missing") }
            guard let s = value.string, !s.allSatisfy(\.isWhitespace) else { throw fail(key, "expected a non-empty string, found \(value.typeName)") }
            return s.trimmingBlankLines()
        }
        let id = try string("id")
        guard id.count == 5, id.hasPrefix("MC"), id.dropFirst(2).allSatisfy(\.isNumber) else {
            throw fail("id", "expected 'MC' and three digits, as in 'MC101'")
        }
        let name = try string("name")
        guard name.allSatisfy({ $0.isLowercase || $0.isNumber || $0 == "-" }) else {
            throw fail("name", "expected lower-case words joined by '-', as in 'run-python-without-reverse'")
        }
        guard let revert = RevertLevel(rawValue: try string("revert")) else {
            throw fail("revert", "expected one of \(RevertLevel.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard let maintenance = MaintenanceLevel(rawValue: try string("maintenance")) else {
            throw fail("maintenance", "expected one of \(MaintenanceLevel.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        var scope = Rule.Scope.operation
        if table["scope"] != nil {
            guard let s = Rule.Scope(rawValue: try string("scope")) else { throw fail("scope", "expected 'operation' or 'migration'") }
            scope = s
        }
        var breaks = false
        if let value = table["breaks_previous_release"] {
            guard let b = value.bool else { throw fail("breaks_previous_release", "expected true or false") }
            breaks = b
        }
        guard let alternatives = table["when"]?.array, !alternatives.isEmpty else {
            throw fail("when", "missing: give at least one [[when]] table of conditions")
        }
        var when: [[Condition]] = []
        for (n, alternative) in alternatives.enumerated() {
            guard let conditions = alternative.table, !conditions.keys.isEmpty else { throw fail("when[\(n + 1)]", "expected a table of conditions") }
            var list: [Condition] = []
            for (fact, value) in conditions.entries {
                list.append(try condition(fact, value, key: "when[\(n + 1)].\(fact)", file: file, line: conditions.line(of: fact)))
            }
            when.append(list)
        }
        var examples: [RuleExample] = []
        for (n, value) in (table["example"]?.array ?? []).enumerated() {
            examples.append(try example(value, key: "example[\(n + 1)]", file: file))
        }
        guard examples.contains(where: \.triggers), examples.contains(where: { !$0.triggers }) else {
            throw fail("example", "give at least one [[example]] that triggers the rule and one that does not")
        }
        return Rule(id: id, name: name, summary: try string("summary"), levels: Levels(revert: revert, maintenance: maintenance),
                    scope: scope, breaksPreviousRelease: breaks, message: try string("message"), advice: try string("advice"),
                    rationale: try string("rationale"), when: when, examples: examples, file: file)
    }

    static func condition(_ fact: String, _ value: TOMLValue, key: String, file: String, line: Int?) throws(RuleError) -> Condition {
        func fail(_ message: String) -> RuleError { RuleError(file: file, key: key, message: message, line: line) }
        guard FactCatalogue.indices[fact] != nil else {
            let close = Suggestion.didYouMean(fact, among: FactCatalogue.entries.map(\.name))
            throw fail("unknown fact\(close); 'migcheck rules --facts' lists them")
        }
        func factValues(_ v: TOMLValue) throws(RuleError) -> [FactValue] {
            switch v {
            case .bool(let b): return [.bool(b)]
            case .integer(let n): return [.int(n)]
            case .string(let s): return [.string(s)]
            case .array(let items):
                var out: [FactValue] = []
                for item in items { out += try factValues(item) }
                return out
            default: throw fail("expected a string, integer, boolean or an array of them, found \(v.typeName)")
            }
        }
        guard case .table(let test) = value else { return Condition(fact: fact, test: .oneOf(try factValues(value))) }
        guard test.keys.count == 1, let op = test.keys.first, let operand = test[op] else {
            throw fail("an inline table holds exactly one test: not, min, max, matches or not_matches")
        }
        switch op {
        case "not": return Condition(fact: fact, test: .noneOf(try factValues(operand)))
        case "min", "max":
            guard let n = operand.integer else { throw fail("'\(op)' takes an integer") }
            return Condition(fact: fact, test: op == "min" ? .atLeast(n) : .atMost(n))
        case "matches", "not_matches":
            guard let pattern = operand.string else { throw fail("'\(op)' takes a PCRE2 pattern as a string") }
            let regex: Regex
            do {
                regex = try Regex(pattern)
            } catch {
                throw fail("the pattern does not compile: \(error)")
            }
            return Condition(fact: fact, test: op == "matches" ? .matches(regex) : .notMatches(regex))
        default:
            throw fail("unknown test '\(op)': use not, min, max, matches or not_matches")
        }
    }

    static func example(_ value: TOMLValue, key: String, file: String) throws(RuleError) -> RuleExample {
        func fail(_ sub: String?, _ message: String) -> RuleError { RuleError(file: file, key: sub.map { "\(key).\($0)" } ?? key, message: message) }
        guard let table = value.table else { throw fail(nil, "expected a table") }
        for k in table.keys where !exampleKeys.contains(k) { throw fail(k, "unknown key; examples take \(exampleKeys.sorted().joined(separator: ", "))") }
        guard let triggers = table["triggers"]?.bool else { throw fail("triggers", "expected true or false") }
        guard let operations = table["operations"]?.string else { throw fail("operations", "expected the operations as Python source") }
        var target = DatabaseTarget()
        if let name = table["engine"] {
            guard let engine = name.string.flatMap(DatabaseTarget.engine(named:)) else { throw fail("engine", "expected postgresql, mysql or sqlite") }
            target = DatabaseTarget(engine: engine)
        }
        if let version = table["engine_version"] {
            guard let n = version.integer else { throw fail("engine_version", "expected an integer") }
            target.version = n
        }
        return RuleExample(triggers: triggers, operations: operations, before: table["before"]?.string, code: table["code"]?.string,
                           atomic: table["atomic"]?.bool ?? true, target: target, note: table["note"]?.string)
    }
}

extension StringProtocol {
    /// Without leading and trailing blank lines and spaces: multi-line TOML strings keep them.
    func trimmingBlankLines() -> String {
        var s = self[...]
        while let c = s.first, c.isWhitespace { s = s.dropFirst() }
        while let c = s.last, c.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}
