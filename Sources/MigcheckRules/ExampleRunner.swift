import MigcheckModel
import MigcheckSyntax

/// Runs a rule's example the way `check` runs real files: the example is
/// written out as migration modules of an app `shop` (`0001_initial` from
/// `before`, then `0002_example`), parsed, put in a graph and checked.
public enum ExampleRunner {
    static let header = """
        from django.conf import settings
        from django.contrib.postgres.operations import (
            AddConstraintNotValid, AddIndexConcurrently, BtreeGinExtension, CreateExtension, HStoreExtension,
            RemoveIndexConcurrently, TrigramExtension, ValidateConstraint,
        )
        from django.db import migrations, models
        import django.db.models.deletion
        import django.db.models.functions


        """

    /// The module an example becomes: its code, then a Migration class with its operations.
    public static func module(operations: String, code: String?, dependencies: [String], atomic: Bool) -> String {
        var text = header
        if let code { text += code.trimmingBlankLines() + "\n\n\n" }
        text += "class Migration(migrations.Migration):\n"
        if !atomic { text += "    atomic = False\n\n" }
        text += "    dependencies = [" + dependencies.map { "(\"shop\", \"\($0)\")" }.joined(separator: ", ") + "]\n\n"
        text += "    operations = [\n"
        for line in operations.trimmingBlankLines().split(separator: "\n", omittingEmptySubsequences: false) {
            text += line.isEmpty ? "\n" : "        " + line + "\n"
        }
        return text + "    ]\n"
    }

    /// The findings of every rule of `engine` on the example's migration, and the files' diagnostics.
    public static func run(_ example: RuleExample, rules: [Rule],
                           swappable: [String: String] = MigrationGraph.defaultSwappableModels) -> CheckResult {
        var sources: [(name: String, text: String)] = []
        if let before = example.before {
            sources.append(("0001_initial", module(operations: before, code: nil, dependencies: [], atomic: true)))
        }
        sources.append(("0002_example", module(operations: example.operations, code: example.code,
                                               dependencies: example.before == nil ? [] : ["0001_initial"], atomic: example.atomic)))
        let files = sources.map { name, text in
            let module = Parser.parse(SourceText(bytes: Array(text.utf8)), onLargeStack: true)
            return MigrationExtractor.extract(path: "shop/migrations/\(name).py", app: "shop", name: name, module: module)
        }
        let graph = MigrationGraph(files: files, swappableModels: swappable)
        let engine = RuleEngine(rules: rules, target: example.target)
        return engine.check(files: files, graph: graph, checked: ["shop/migrations/0002_example.py"])
    }
}
