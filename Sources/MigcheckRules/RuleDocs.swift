/// The catalogue as Markdown (docs/rules.md) and a rule as text (`explain`),
/// both made from the rule files so that they cannot drift from them.
public enum RuleDocs {
    public static func markdown(_ rules: [Rule]) -> String {
        var out = """
            # migcheck rules

            Generated from `Rules/*.toml` by `migcheck rules --format markdown`; a test
            fails when this page and the rule files disagree. Each rule contributes two
            levels to the operation it fires on:

            - **revert**, for un-applying it with `manage.py migrate APP TARGET`: `safe` <
              `lossy` (runs, but data the previous release relies on is gone) < `unsafe`
              (can fail or corrupt on real data) < `irreversible` (Django refuses);
            - **maintenance**, for applying it while the previous release serves traffic:
              `none` < `recommended` < `required`.

            A migration's levels are the highest of its operations'; a set's, the highest
            of its migrations'. Operations on tables created by the migrations being
            checked, on unmanaged or proxy models, and state-only operations are left out
            unless a rule names them (`model.new`, `model.no_table`, `state_only`).


            """
        out += "| Rule | Name | Revert | Maintenance | Summary |\n|---|---|---|---|---|\n"
        for rule in rules {
            out += "| [\(rule.id)](#\(rule.id.lowercased())-\(rule.name)) | `\(rule.name)` | \(rule.levels.revert.rawValue) | \(rule.levels.maintenance.rawValue) | \(rule.summary) |\n"
        }
        for rule in rules {
            out += "\n## \(rule.id) \(rule.name)\n\n"
            out += "**\(rule.summary)**\n\n"
            out += "Revert: `\(rule.levels.revert.rawValue)` · Maintenance: `\(rule.levels.maintenance.rawValue)`"
            out += rule.scope == .migration ? " · judged per migration" : ""
            out += rule.breaksPreviousRelease ? " · breaks the previous release's code\n\n" : "\n\n"
            out += "Why: \(rule.rationale)\n\nWhat to do: \(rule.generalAdvice)\n\n"
            out += "Fires when " + rule.when.map { "(" + $0.map(describe).joined(separator: " and ") + ")" }.joined(separator: " or ") + ".\n"
            for example in rule.examples {
                out += "\n" + (example.triggers ? "Triggers" : "Does not trigger")
                var context = [example.target.engine != .postgresql || example.target.version != DatabaseTarget.defaultVersion(.postgresql)
                               ? "\(example.target.engine.rawValue) \(example.target.version)" : nil,
                               example.atomic ? nil : "`atomic = False`"].compactMap { $0 }
                if example.before != nil { context.append("after the state set up by earlier operations") }
                out += context.isEmpty ? "" : " (" + context.joined(separator: ", ") + ")"
                out += example.note.map { ": \($0.trimmingBlankLines())" } ?? ""
                out += "\n\n```python\n"
                if let code = example.code { out += code.trimmingBlankLines() + "\n\n" }
                out += example.operations.trimmingBlankLines() + "\n```\n"
            }
        }
        out += "\n## Facts rules can test\n\n| Fact | Meaning |\n|---|---|\n"
        for entry in FactCatalogue.entries { out += "| `\(entry.name)` | \(entry.meaning) |\n" }
        out += """

            A condition in `[[when]]` is `fact = value` (equal), `fact = [a, b]` (one of),
            or an inline table: `{ not = value }`, `{ min = n }`, `{ max = n }`,
            `{ matches = 'PCRE2 pattern' }`, `{ not_matches = '...' }`. All conditions of
            a `[[when]]` table must hold; any one `[[when]]` table makes the rule fire. A
            fact that is unknown (a field the state does not have) holds for no test.
            Patterns are compiled once with JIT and run with PCRE2's match and depth limits;
            a pattern that reaches them is reported (MC012) instead of hanging the run.

            """
        return out
    }

    static func describe(_ c: Condition) -> String {
        switch c.test {
        case .oneOf(let v): return "`\(c.fact)` " + (v.count == 1 ? "is \(v[0])" : "is one of \(v.map(\.description).joined(separator: ", "))")
        case .noneOf(let v): return "`\(c.fact)` is not " + v.map(\.description).joined(separator: " or ")
        case .atLeast(let n): return "`\(c.fact)` ≥ \(n)"
        case .atMost(let n): return "`\(c.fact)` ≤ \(n)"
        case .matches(let r): return "`\(c.fact)` matches `\(r.pattern)`"
        case .notMatches(let r): return "`\(c.fact)` does not match `\(r.pattern)`"
        }
    }

    /// One rule for a terminal, with each example's outcome as the engine gives it now.
    public static func explain(_ rule: Rule, all rules: [Rule]) -> String {
        var out = "\(rule.id) \(rule.name)\n\(rule.summary)\n\n"
        out += "revert: \(rule.levels.revert.rawValue)    maintenance: \(rule.levels.maintenance.rawValue)"
        out += rule.breaksPreviousRelease ? "    breaks the previous release's code\n\n" : "\n\n"
        out += "Why\n" + indent(rule.rationale) + "\nWhat to do\n" + indent(rule.generalAdvice) + "\n"
        out += "Fires when\n" + indent(rule.when.map { $0.map(describe).joined(separator: " and ").replacingBackticks() }.joined(separator: "\nor "))
        for (n, example) in rule.examples.enumerated() {
            let fired = ExampleRunner.run(example, rules: rules).verdicts.flatMap(\.findings).contains { $0.ruleID == rule.id }
            out += "\nExample \(n + 1): \(fired ? "triggers" : "does not trigger")"
            out += fired == example.triggers ? "" : " (UNEXPECTED: the rule file says it \(example.triggers ? "does" : "does not"))"
            out += example.target.engine != .postgresql ? " on \(example.target.engine.rawValue)" : ""
            out += example.note.map { " - \($0.trimmingBlankLines())" } ?? ""
            out += "\n"
            if let before = example.before { out += "  after an earlier migration of:\n" + indent(before.trimmingBlankLines()) + "  the operations:\n" }
            if let code = example.code { out += indent(code.trimmingBlankLines()) }
            out += indent(example.operations.trimmingBlankLines())
        }
        out += "\nDefined in \(rule.file). Suppress one finding with '# migcheck: ignore[\(rule.id)] -- reason'.\n"
        return out
    }

    private static func indent(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : "    " + $0 }.joined(separator: "\n") + "\n"
    }
}

extension String {
    fileprivate func replacingBackticks() -> String { String(filter { $0 != "`" }) }
}
