import MigcheckRules
import XCTest

/// Every example in every rule file of the built-in pack: those that must
/// trigger their rule do, those that must not do not, and no example has a
/// syntax error (which would make a "does not trigger" pass for nothing).
/// MC003, which says a list is computed, is expected of MC118's examples.
final class RuleExampleTests: XCTestCase {
    func testEveryExampleOfEveryRule() throws {
        let pack = try RulePack.builtin()
        XCTAssertFalse(pack.rules.isEmpty)
        for rule in pack.rules {
            for (n, example) in rule.examples.enumerated() {
                let result = ExampleRunner.run(example, rules: pack.rules)
                let where_ = "\(rule.id) (\(rule.file)) example \(n + 1)"
                let expected: Set<String> = rule.id == "MC118" ? ["MC003"] : []
                XCTAssertEqual(result.diagnostics.filter { !expected.contains($0.code) }.map { "\($0.code) \($0.message)" }, [], where_)
                XCTAssertEqual(result.verdicts.count, 1, where_)
                let fired = result.verdicts.flatMap(\.findings).contains { $0.ruleID == rule.id }
                XCTAssertEqual(fired, example.triggers, "\(where_) should \(example.triggers ? "" : "not ")trigger; findings: "
                               + result.verdicts.flatMap(\.findings).map(\.ruleID).joined(separator: ", "))
            }
        }
    }
}
