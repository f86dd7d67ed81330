import Foundation
import MigcheckModel
@testable import MigcheckRules
import XCTest

final class RuleEngineTests: XCTestCase {
    /// Messages fill each `{name}`; an unclosed brace and what follows stay.
    func testTemplatesFillEachPlaceholder() {
        let cases = [
            ("plain text", "plain text"), ("{model}", "<model>"), ("Re-adding {field} on {model} fails", "Re-adding <field> on <model> fails"),
            ("{a}{b}", "<a><b>"), ("{}", "<>"), ("café {naïve} ★", "café <naïve> ★"), ("}{x} {", "}<x> {"), ("open {never closed", "open {never closed"),
        ]
        for (template, filled) in cases {
            XCTAssertEqual(Facts.fill(template) { "<\($0)>" }, filled, template)
        }
    }

    static let orders = """
        migrations.CreateModel(
            name="Order",
            fields=[
                ("id", models.BigAutoField(primary_key=True, serialize=False)),
                ("fax", models.CharField(max_length=20)),
            ],
        ),
        """

    func run(_ operations: String, before: String? = orders, code: String? = nil) throws -> CheckResult {
        let example = RuleExample(triggers: true, operations: operations, before: before, code: code, atomic: true,
                                  target: DatabaseTarget(), note: nil)
        return ExampleRunner.run(example, rules: try RulePack.builtin().rules)
    }

    func rules(_ result: CheckResult, suppressed: Bool = false) -> [String] {
        result.verdicts.flatMap(\.findings).filter { ($0.suppressedBecause != nil) == suppressed }.map(\.ruleID)
    }

    func testSuppressionAboveOrOnTheOperation() throws {
        let above = try run("""
            # migcheck: ignore[MC106, remove-field-loses-data] -- fax was never filled in
            migrations.RemoveField(model_name="order", name="fax"),
            """)
        XCTAssertEqual(rules(above), ["MC402"])
        XCTAssertEqual(rules(above, suppressed: true), ["MC106", "MC107"])
        XCTAssertEqual(above.verdicts[0].levels, Levels(revert: .safe, maintenance: .required), "suppressed findings do not count")
        XCTAssertEqual(above.diagnostics.map(\.code), [])
        let trailing = try run("""
            migrations.RemoveField(  # migcheck: ignore[MC402] -- the previous release no longer reads it
                model_name="order", name="fax"),
            """)
        XCTAssertEqual(rules(trailing, suppressed: true), ["MC402"])
    }

    func testFileWideSuppressionCoversNestedOperations() throws {
        let result = try run("""
            migrations.SeparateDatabaseAndState(
                database_operations=[migrations.RunSQL("ALTER TABLE shop_order DROP COLUMN fax;")],
                state_operations=[migrations.RemoveField(model_name="order", name="fax")],
            ),
            """, code: "# migcheck: ignore-file[MC104, MC505] -- reviewed in #88")
        XCTAssertEqual(Set(rules(result, suppressed: true)), ["MC104", "MC505"])
        XCTAssertEqual(rules(result), ["MC407"], "the state-only removal of a NOT NULL column still shows")
    }

    func testBadAndUnusedSuppressionsAreReported() throws {
        let result = try run("""
            # migcheck: ignore[MC402]
            migrations.RemoveField(model_name="order", name="fax"),
            # migcheck: ignore[MC999] -- typo
            # migcheck: ignore[MC101] -- nothing here is RunPython
            migrations.AlterModelOptions(name="order", options={"ordering": ["id"]}),
            # migcheck: skip this
            """)
        let messages = result.diagnostics.map { "\($0.location.line) \($0.code) \($0.message)" }
        XCTAssertEqual(result.diagnostics.map(\.code), ["MC010", "MC010", "MC011", "MC010"], messages.joined(separator: "\n"))
        XCTAssertTrue(messages[0].contains("needs a reason"), messages[0])
        XCTAssertTrue(messages[1].contains("unknown rule 'MC999'"), messages[1])
        XCTAssertTrue(messages[2].contains("silences no finding"), messages[2])
        XCTAssertEqual(rules(result), ["MC106", "MC107", "MC402"], "an unusable suppression silences nothing")
    }

    func testStateAwareAlterFieldAndUnknownState() throws {
        let cosmetic = try run("""
            migrations.AlterField(model_name="order", name="fax", field=models.CharField(max_length=20, verbose_name="Fax", help_text="x")),
            """)
        XCTAssertEqual(rules(cosmetic), [])
        // Without the model in the state, AlterField rules that need the old field cannot decide, and do not guess.
        let unknown = try run("""
            migrations.AlterField(model_name="invoice", name="fax", field=models.CharField(max_length=200)),
            """)
        XCTAssertEqual(rules(unknown), [])
    }

    func testMigrationLevelsAreTheHighestOfTheirFindings() throws {
        let result = try run("""
            migrations.RunPython(migrations.RunPython.noop),
            migrations.RemoveField(model_name="order", name="fax"),
            """)
        XCTAssertEqual(result.verdicts[0].levels, Levels(revert: .irreversible, maintenance: .required))
        XCTAssertEqual(result.verdicts[0].revertTarget, "0001_initial")
    }

    func testACatastrophicPatternStopsAtTheLimit() throws {
        let rule = try RuleLoader.load("""
            id = "MC901"
            name = "backtracking"
            summary = "s"
            revert = "safe"
            maintenance = "recommended"
            message = "m"
            advice = "a"
            rationale = "r"
            [[when]]
            operation = "RunSQL"
            sql = { matches = '(a+)+$' }
            [[example]]
            triggers = true
            operations = 'migrations.RunSQL("a")'
            [[example]]
            triggers = false
            operations = 'migrations.RunSQL("b")'
            """, file: "MC901.toml")
        let sql = String(repeating: "a", count: 5_000) + "!"
        let example = RuleExample(triggers: true, operations: "migrations.RunSQL(\"\(sql)\"),", before: nil, code: nil,
                                  atomic: true, target: DatabaseTarget(), note: nil)
        let start = ContinuousClock.now
        let result = ExampleRunner.run(example, rules: [rule])
        XCTAssertLessThan(ContinuousClock.now - start, .seconds(30), "bounded by PCRE2's limits, not by luck")
        XCTAssertEqual(result.diagnostics.map(\.code), ["MC012"])
        XCTAssertEqual(rules(result), [])
    }

    func testBrokenRuleFilesNameTheKey() {
        let base = """
            id = "MC901"
            name = "x"
            summary = "s"
            revert = "safe"
            maintenance = "none"
            message = "m"
            advice = "a"
            rationale = "r"

            """
        let examples = "\n[[example]]\ntriggers = true\noperations = 'x'\n[[example]]\ntriggers = false\noperations = 'y'\n"
        let cases: [(String, String)] = [
            (base + "[[when]]\n\"field.nul\" = true\n" + examples, "key 'when[1].field.nul': unknown fact (did you mean 'field.null'?)"),
            (base.replacingOccurrences(of: "\"safe\"", with: "\"fine\"") + "[[when]]\noperation = 'A'\n" + examples, "key 'revert': expected one of safe, lossy, unsafe, irreversible"),
            (base + "[[when]]\nsql = { matches = '(' }\n" + examples, "key 'when[1].sql': the pattern does not compile"),
            (base + "[[when]]\noperation = 'A'\n", "key 'example': give at least one [[example]] that triggers"),
            (base + "severity = 'high'\n", "key 'severity': unknown key"),
            (base + "[[when]]\n\"field.max_length\" = { above = 3 }\n" + examples, "unknown test 'above'"),
        ]
        for (text, expected) in cases {
            XCTAssertThrowsError(try RuleLoader.load(text, file: "Rules/MC901-x.toml")) { error in
                XCTAssertTrue("\(error)".hasPrefix("Rules/MC901-x.toml:"), "\(error)")
                XCTAssertTrue("\(error)".contains(expected), "\(error) should contain \(expected)")
            }
        }
    }

    func testSwappedModelsTouchNoTableUnlessTheSettingNamesThem() throws {
        let user = """
            migrations.CreateModel(
                name="User",
                fields=[("id", models.BigAutoField(primary_key=True, serialize=False)), ("fax", models.CharField(max_length=20))],
                options={"swappable": "AUTH_USER_MODEL"},
            ),
            """
        let example = RuleExample(triggers: true, operations: #"migrations.RemoveField(model_name="user", name="fax"),"#, before: user,
                                  code: nil, atomic: true, target: DatabaseTarget(), note: nil)
        let rules = try RulePack.builtin().rules
        XCTAssertEqual(self.rules(ExampleRunner.run(example, rules: rules)), [], "AUTH_USER_MODEL is auth.User: shop.User is swapped out")
        let chosen = ExampleRunner.run(example, rules: rules, swappable: ["settings.AUTH_USER_MODEL": "shop.User"])
        XCTAssertEqual(self.rules(chosen), ["MC106", "MC107", "MC402"])
    }

    /// Reverse code writes a field when it assigns it or quotes its name;
    /// reading it, comparing it, or a longer name that contains it does not.
    func testReverseCodeWritesAField() {
        for (source, writes) in [("c.phone = 1", true), ("c.phone=1", true), ("qs.update(phone=F('x'))", true),
                                 ("c.save(update_fields=['phone'])", true), ("c.save(update_fields=[\"phone\"])", true),
                                 ("x = c.phone", false), ("if c.phone == '':", false), ("c.phones = []", false),
                                 ("c.old_phone = 1", false), ("'phone_number'", false), ("phone", false), ("", false)] {
            XCTAssertEqual(FactBuilder.writes("phone", in: source), writes, source)
        }
    }
}

