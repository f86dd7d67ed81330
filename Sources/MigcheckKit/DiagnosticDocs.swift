import MigcheckModel

/// What each of the engine's own diagnostic codes means and what to do about
/// it: `migcheck explain MC302`, `migcheck rules --diagnostics`, and
/// docs/diagnostics.md, generated from here. The switch is exhaustive, so a
/// new code cannot ship undocumented.
enum DiagnosticDocs {
    struct Entry {
        var severity: Severity
        /// The commands that report it.
        var reportedBy: String
        var meaning: String
        var action: String
    }

    static func entry(_ code: DiagnosticCode) -> Entry {
        switch code {
        case .invalidSyntax:
            return Entry(severity: .error, reportedBy: "inspect, check, graph, ranges",
                         meaning: "Python would refuse the file: a syntax error, bytes that are not UTF-8, or a bad encoding declaration. The position is where Python's parser would stop. The other files are still read, and so is what can be read of this one, but Django could not import it.",
                         action: "Fix the file: `python -m py_compile FILE` shows the same error. In a range, the error counts only when it is new since the older revision.")
        case .unreadableFile:
            return Entry(severity: .error, reportedBy: "inspect, check, graph, ranges",
                         meaning: "The file could not be read: no permission, a folder or device where a file was expected, or, in a range, a git object missing from a partial or damaged clone.",
                         action: "Check the file's permissions, or fetch the missing objects (`git fetch --unshallow`, or a clone without `--filter`).")
        case .dynamicOperations:
            return Entry(severity: .warning, reportedBy: "inspect, check, ranges",
                         meaning: "`operations` is not a literal list (a concatenation, a comprehension, a helper's result, a condition) and could be read only in part. Only what could be resolved is listed and judged.",
                         action: "Read the migration yourself; where it is your own code, a literal list lets migcheck judge every operation.")
        case .dynamicAttribute:
            return Entry(severity: .warning, reportedBy: "inspect, check, graph, ranges",
                         meaning: "`dependencies`, `replaces`, `run_before`, `initial` or `atomic` is computed at import time, so its value is not known without running the project. The graph uses what could be read.",
                         action: "Where the value comes from a setting, name it in the configuration (`user-model`, `[tool.migcheck.swappable-models]`); otherwise check the graph by hand.")
        case .notAMigration:
            return Entry(severity: .info, reportedBy: "inspect, check",
                         meaning: "A module in a migrations folder that defines no `Migration` class: a helper, a test, or a leftover. It is skipped. If the folder is an installed app's migrations package, Django's loader stops on it (BadMigrationError), unless its name starts with `_` or `~`.",
                         action: "Nothing, if the folder is not an app's migrations or the name starts with `_`; otherwise rename the module so, move it out of the folder, or delete it.")
        case .badMigrationModule:
            return Entry(severity: .error, reportedBy: "check, graph, ranges",
                         meaning: "A module without a `Migration` class in a folder that also holds migrations, so an app's migrations package: Django's loader imports every module there but those named `_...` or `~...`, and stops on this one with BadMigrationError before `migrate` runs anything. `inspect` lists it as MC005.",
                         action: "Rename the module with a leading `_` (and the imports that name it), or move it out of the migrations folder.")
        case .invalidSuppression:
            return Entry(severity: .warning, reportedBy: "check, ranges",
                         meaning: "A `# migcheck: ignore[...]` comment that cannot be used: no reason after `--`, an unknown rule, or a malformed form. It silences nothing.",
                         action: "Write it as `# migcheck: ignore[MC204] -- why`, with rule IDs or names that `migcheck rules` lists.")
        case .unusedSuppression:
            return Entry(severity: .warning, reportedBy: "check, ranges",
                         meaning: "A suppression that silenced no finding: the finding is gone, or the comment names another rule or sits on another operation.",
                         action: "Remove it, or move it to the operation's line or the line just above the operation.")
        case .patternLimit:
            return Entry(severity: .warning, reportedBy: "check, ranges",
                         meaning: "A rule's regular expression stopped at PCRE2's match or depth limit on this operation (very long SQL, say), so the rule could not decide. The run goes on.",
                         action: "Judge the operation yourself; if the rule is your own (`--rules`), make its pattern cheaper.")
        case .createdInCheck:
            return Entry(severity: .info, reportedBy: "check",
                         meaning: "Checked migrations change tables that earlier checked migrations create. `check` takes its PATHs as the migrations of one release, which reach each database together, so those changes are judged as made to new, empty tables: no data to lose, no lock worth a maintenance window. That is right for a release and wrong for an app's whole history, where a RemoveField would pass.",
                         action: "To judge a release against databases that have the previous one, check only the migrations it adds, or its git range (`migcheck OLDER..NEWER`).")
        case .conflictingLeaves:
            return Entry(severity: .error, reportedBy: "graph, check, ranges",
                         meaning: "An app has more than one leaf, usually from two branches that each added a migration: `migrate` refuses to run until a merge migration depends on all of them.",
                         action: "Run `manage.py makemigrations --merge APP`, or renumber one branch's migration on top of the other's.")
        case .missingDependency:
            return Entry(severity: .error, reportedBy: "graph, check, ranges",
                         meaning: "A dependency names a migration of an app that is here, but no such migration exists (Django: NodeNotFoundError). Often a migration deleted or renamed without its dependents being changed.",
                         action: "Restore the migration, or point the dependency at one that exists.")
        case .circularDependency:
            return Entry(severity: .error, reportedBy: "graph, check, ranges",
                         meaning: "Migrations depend on each other in a circle, so no order can apply them (Django: CircularDependencyError).",
                         action: "Break the circle: split one migration so that the part the other app needs comes first.")
        case .partialSquash:
            return Entry(severity: .warning, reportedBy: "graph, check, ranges",
                         meaning: "A squash replaces migrations of which only some are still on disk. Databases that applied some but not all of the originals run the originals, and need those left.",
                         action: "Keep every replaced migration until all databases are past the squash; then delete them all and the squash's `replaces`.")
        case .duplicateNumber:
            return Entry(severity: .warning, reportedBy: "graph, check, ranges",
                         meaning: "Two migrations of one app share a number, usually from two branches. Django does not mind if the graph is sound, but it often goes with a second leaf.",
                         action: "Renumber one of them if they are new; leave released ones as they are.")
        case .duplicateMigration:
            return Entry(severity: .error, reportedBy: "graph, check, ranges",
                         meaning: "Two files define the same app label and migration name, often two copies of an app under one PATH, or two apps with one label.",
                         action: "Give migcheck one copy (an `exclude` pattern), or set the right label in `[tool.migcheck.app-labels]`.")
        case .possibleConflict:
            return Entry(severity: .warning, reportedBy: "graph, check, ranges",
                         meaning: "An app has more than one leaf as far as can be read, but one of its migrations has dependencies computed at import time that may join them. Reported instead of MC301.",
                         action: "Check the computed dependency's value in the project's settings; name the setting in the configuration if it is a swappable model.")
        case .editedMigration:
            return Entry(severity: .warning, reportedBy: "ranges",
                         meaning: "A migration the older revision had, with operations changed. Databases that applied it never see the change: `migrate` does not run a migration twice.",
                         action: "Put the change in a new migration and restore the released one.")
        case .deletedMigration:
            return Entry(severity: .warning, reportedBy: "ranges",
                         meaning: "A migration the older revision had is gone, and no squash stands for it. Databases that applied it keep its schema changes, and a row in `django_migrations` for a migration that no longer exists.",
                         action: "Restore it, or replace it with a squash whose `replaces` names it.")
        case .renamedMigration:
            return Entry(severity: .warning, reportedBy: "ranges",
                         meaning: "A released migration's contents under a new name. Databases that applied the old name see the new one as unapplied, and run its operations again.",
                         action: "Restore the old name, or keep the new file with `replaces` naming the old one.")
        case .inconsistentHistory:
            return Entry(severity: .error, reportedBy: "ranges",
                         meaning: "A migration the older revision had now depends on one it did not have, through its dependencies or a new migration's `run_before`. On every database that applied it, `migrate` stops with InconsistentMigrationHistory before it runs anything.",
                         action: "Restore the released migration's dependencies; make the new migration depend on it instead.")
        case .recreatedTable:
            return Entry(severity: .error, reportedBy: "ranges",
                         meaning: "A new migration creates a table that databases at the older revision already have, as when an app's migrations are deleted and made again without `replaces`. `migrate` stops there with \"relation already exists\".",
                         action: "Make the new migration a squash whose `replaces` lists the deleted ones, or fake it on those databases (`migrate --fake-initial` works for an initial migration).")
        }
    }

    static func code(_ wanted: String) -> DiagnosticCode? {
        DiagnosticCode(rawValue: wanted.uppercased()) ?? DiagnosticCode.allCases.first { $0.name == wanted.lowercased() }
    }

    /// `migcheck explain MC302`, wrapped as `explain RULE`'s text is.
    static func explain(_ code: DiagnosticCode) -> String {
        let e = entry(code), style = TextStyle(width: 76)
        return "\(code.rawValue) \(code.name)\n"
            + "A diagnostic (\(e.severity.rawValue)), reported by \(e.reportedBy); not a rule, so it cannot be suppressed or ignored.\n\n"
            + "What it means\n" + style.wrap(e.meaning, indent: "    ") + "\nWhat to do\n" + style.wrap(e.action, indent: "    ")
    }

    /// `migcheck rules --diagnostics`.
    static func list() -> String {
        let width = DiagnosticCode.allCases.map(\.name.count).max() ?? 0
        var out = "CODE   \("NAME".padded(to: width))  SEVERITY  REPORTED BY\n"
        for code in DiagnosticCode.allCases {
            let e = entry(code)
            out += "\(code.rawValue)  \(code.name.padded(to: width))  \(e.severity.rawValue.padded(to: 8))  \(e.reportedBy)\n"
        }
        return out + "\n\(DiagnosticCode.allCases.count) diagnostic codes. 'migcheck explain CODE' shows one.\n"
    }

    /// docs/diagnostics.md.
    static func markdown() -> String {
        var out = """
        # Diagnostic codes

        Generated by `migcheck rules --diagnostics --format markdown`; do not edit.

        Besides the rules' findings (docs/rules.md), migcheck reports problems
        with the files and the graph themselves. Each has a stable code that is
        never reused, a file and, where there is one, a line and a column.
        They are not rules: they cannot be suppressed or ignored. Errors fail a
        run whatever `--fail-on` says, as Django would stop on them too;
        warnings and notes do not.

        | code | name | severity | reported by |
        |---|---|---|---|

        """
        for code in DiagnosticCode.allCases {
            let e = entry(code)
            out += "| [\(code.rawValue)](#\(code.rawValue.lowercased())-\(code.name)) | \(code.name) | \(e.severity.rawValue) | \(e.reportedBy) |\n"
        }
        for code in DiagnosticCode.allCases {
            let e = entry(code)
            out += "\n## \(code.rawValue) \(code.name)\n\n\(e.meaning)\n\n**What to do:** \(e.action)\n"
        }
        return out
    }
}
