import MigcheckModel
import MigcheckRules
import MigcheckSyntax

/// How a migration differs between the older and the newer revision.
struct MigrationChange: Sendable {
    enum Kind: String, Sendable {
        case added
        case deleted
        /// Same contents under another name: Django sees a new migration.
        case renamed
        /// Formatting, comments or imports changed; the operations are the same.
        case editedCosmetic = "edited-cosmetic"
        /// Only the code of its data migrations (RunPython functions) changed: it runs on new databases only.
        case editedCode = "edited-code"
        /// Only its dependencies or run_before changed: the order on new
        /// databases, not what it does (a data migration's code may differ too).
        case editedDependencies = "edited-dependencies"
        /// The operations changed in a migration the older revision already had.
        case edited
        /// A new squash of migrations the older revision has: on databases
        /// there Django records it as applied, or keeps the originals it
        /// replaces when only some were applied. It runs nothing itself.
        case squash
        /// A squash the older revision had, its `replaces` dropped (and perhaps
        /// its dependencies changed) once its originals were deleted: Django's
        /// last step of squashing. Databases at the older revision recorded it
        /// as applied, so it runs nothing there.
        case squashFinished = "squash-finished"
        /// A migration that a squash of the older revision replaced, deleted
        /// while the squash stays: databases at the older revision recorded
        /// the squash as applied, so nothing is lost.
        case deletedReplaced = "deleted-replaced"
    }

    var kind: Kind
    var key: MigrationKey
    var path: String
    /// For `renamed`: the name it had.
    var previous: MigrationKey?
}

/// One step of the rollback plan: a command and what it un-applies.
struct RollbackStep: Sendable {
    var app: String
    var target: String
    var command: String
    /// Migrations this step un-applies, in the order Django does it (dependents in other apps included).
    var unapplies: [MigrationKey]
    var levels: Levels
    /// What goes wrong in this step and what to do instead.
    var warnings: [String]
}

/// Everything `migcheck A..B` says: what changed, how the new migrations
/// score, how to roll back, and whether the older code runs on the newer schema.
struct RangeAnalysis: Sendable {
    var older: RevisionSnapshot
    var newer: RevisionSnapshot
    var changes: [MigrationChange]
    var result: CheckResult
    var plan: [RollbackStep]
    /// Findings that make a code-only rollback to the older revision break.
    var breaking: [Finding]
    var warnings: [String]
    /// Commits the newer revision has that the older has not.
    var commits: Int?

    static func analyse(older: RevisionSnapshot, newer: RevisionSnapshot, engine: RuleEngine, config: Configuration) -> RangeAnalysis {
        // The newer graph as Django's loader builds it on a database at the older
        // revision: a squash of some applied and some new migrations is left out there.
        var newer = newer
        if !newer.graph.replacedBy.isEmpty {
            newer.graph = MigrationGraph(files: newer.files, swappableModels: newer.graph.swappableModels, applied: Set(older.byKey.keys))
        }
        let changes = compare(older, newer)
        // What runs on a database at the older revision: added migrations, and
        // renamed ones (Django sees a new name). An edited one is applied there
        // already, so it never runs (MC310 says so); scoring it would report
        // locks and reverts that never happen.
        let newPaths = Set(changes.filter { [.added, .renamed].contains($0.kind) }.map(\.path))
        // A renamed migration's tables exist there: only added ones create new tables.
        let addedPaths = Set(changes.filter { $0.kind == .added }.map(\.path))
        // A file under migrations/ that is no migration but has errors stops
        // Django's loader, which imports every module there but those named
        // `_...` or `~...`: a syntax error added or changed since the older
        // revision, or an object git cannot give (a partial clone), fails the
        // range as `check` fails on it.
        let broken = newer.files.filter { file in
            let first = FileDiscovery.lastComponents(of: file.path, count: 1).first?.utf8.first
            return file.migration == nil && first != UInt8(ascii: "_") && first != UInt8(ascii: "~") && file.diagnostics.contains { $0.severity == .error }
                && (older.blobs[file.path] != newer.blobs[file.path] || file.diagnostics.contains { $0.code == .unreadableFile })
        }
        var result = engine.check(files: newer.files, graph: newer.graph, checked: newPaths.union(broken.map(\.path)), creating: addedPaths)
        result.diagnostics += changeDiagnostics(changes, older: older, newer: newer)
        result.diagnostics += CheckCommand.graphDiagnostics(newer.graph, checked: newPaths)
        let plan = rollbackPlan(older: older, newer: newer, changes: changes, result: result, config: config)
        let breaking = result.verdicts.flatMap(\.findings).filter { $0.breaksPreviousRelease && $0.suppressedBecause == nil }
        var warnings: [String] = []
        let added = changes.filter { $0.kind == .added }.count
        if added > 0, isPatchRelease(from: older.revision, to: newer.revision) {
            warnings.append("\(newer.revision) looks like a bug-fix release of \(older.revision) but adds \(added) migration\(added == 1 ? "" : "s"): installations that skip it, or a \(older.revision.split(separator: ".").prefix(2).joined(separator: ".")).x branch that does not get them, end up with diverged migration graphs")
        }
        // The older revision's files git cannot give: their migrations look new, and are scored as if they were.
        let unreadable = older.files.filter { file in file.diagnostics.contains { $0.code == .unreadableFile } }.map(\.path)
        if !unreadable.isEmpty {
            warnings.append("\(older.revision)'s \(unreadable.count == 1 ? "file" : "files") \(unreadable.joined(separator: ", ")) could not be read (git objects missing: a partial or damaged clone?): \(unreadable.count == 1 ? "its migration counts" : "their migrations count") as new here; fetch the objects, for example with git fetch --refetch")
        }
        return RangeAnalysis(older: older, newer: newer, changes: changes, result: result, plan: plan, breaking: breaking, warnings: warnings, commits: nil)
    }

    static func compare(_ older: RevisionSnapshot, _ newer: RevisionSnapshot) -> [MigrationChange] {
        let before = older.byKey, after = newer.byKey
        var changes: [MigrationChange] = []
        var deleted = before.keys.filter { after[$0] == nil }
        // Squashes of the older revision that the newer still has, and what they replaced there.
        var squashedAway: Set<MigrationKey> = []
        for (key, file) in before where after[key] != nil {
            for replaced in file.migration?.replaces.compactMap(\.key) ?? [] where after[replaced] == nil { squashedAway.insert(replaced) }
        }
        let swappable = newer.graph.swappableModels
        for (key, file) in after.sorted(by: { $0.key < $1.key }) {
            guard let old = before[key] else {
                if let replaces = file.migration?.replaces.compactMap(\.key), replaces.contains(where: { before[$0] != nil }) {
                    changes.append(MigrationChange(kind: .squash, key: key, path: file.path))
                    continue
                }
                // A file moved under another name keeps its blob.
                if let blob = newer.blobs[file.path], let k = deleted.firstIndex(where: { older.blobs[before[$0]!.path] == blob }) {
                    changes.append(MigrationChange(kind: .renamed, key: key, path: file.path, previous: deleted.remove(at: k)))
                } else {
                    changes.append(MigrationChange(kind: .added, key: key, path: file.path))
                }
                continue
            }
            guard older.blobs[old.path] != newer.blobs[file.path] else { continue }
            let kind: MigrationChange.Kind
            if old.migration?.signature(swappable: swappable) == file.migration?.signature(swappable: swappable) {
                kind = .editedCosmetic
            } else if old.migration != nil,
                      old.migration?.signatureWithoutCode(swappable: swappable) == file.migration?.signatureWithoutCode(swappable: swappable) {
                kind = .editedCode
            } else if let a = old.migration, let b = file.migration,
                      a.withoutOrdering.signatureWithoutCode(swappable: swappable) == b.withoutOrdering.signatureWithoutCode(swappable: swappable) {
                kind = .editedDependencies
            } else if let a = old.migration, let b = file.migration, isFinishedSquash(a, b, newer: after, swappable: swappable) {
                kind = .squashFinished
            } else {
                kind = .edited
            }
            changes.append(MigrationChange(kind: kind, key: key, path: file.path))
        }
        for key in deleted.sorted() {
            changes.append(MigrationChange(kind: squashedAway.contains(key) ? .deletedReplaced : .deleted, key: key, path: before[key]!.path))
        }
        return changes
    }

    /// `old` and `new` are one squash before and after its originals were
    /// deleted: `replaces` lost only migrations the newer revision no longer
    /// has, and nothing changed but that, its dependencies and its data code.
    static func isFinishedSquash(_ old: Migration, _ new: Migration, newer: [MigrationKey: ExtractedFile], swappable: [String: String]) -> Bool {
        let was = Set(old.replaces.compactMap(\.key)), now = Set(new.replaces.compactMap(\.key))
        guard now.count < was.count, now.isSubset(of: was), was.subtracting(now).allSatisfy({ newer[$0] == nil }) else { return false }
        return old.withoutOrdering.withoutReplaces.signatureWithoutCode(swappable: swappable)
            == new.withoutOrdering.withoutReplaces.signatureWithoutCode(swappable: swappable)
    }

    /// Deleted, renamed and edited migrations: problems for databases that already applied the older ones.
    static func changeDiagnostics(_ changes: [MigrationChange], older: RevisionSnapshot, newer: RevisionSnapshot) -> [FileDiagnostic] {
        inconsistentHistory(changes, older: older, newer: newer) + recreatedTables(changes, older: older, newer: newer) + changes.compactMap { change in
            let code: DiagnosticCode, message: String
            switch change.kind {
            case .edited:
                code = .editedMigration
                message = "\(change.key) existed before and its operations or dependencies changed: databases that already applied it never see the change; put the change in a new migration"
            case .deleted:
                code = .deletedMigration
                message = "\(change.key) is gone: databases that applied it keep its changes and its row in django_migrations; un-apply it before deploying, or keep it (squash with `replaces` instead of deleting)"
            case .renamed:
                code = .renamedMigration
                message = "\(change.previous.map(\.description) ?? "a migration") was renamed to \(change.key): Django sees a new migration and applies it again on databases that applied the old name"
            case .added, .editedCosmetic, .editedCode, .editedDependencies, .squash, .squashFinished, .deletedReplaced:
                return nil
            }
            return FileDiagnostic(path: change.path, Diagnostic(code, .warning, message, range: TextRange(0, 0), location: SourceLocation(line: 1, column: 1)))
        }
    }

    /// Django's consistency check, run by `migrate` before anything else: a
    /// migration a database at the older revision has applied, whose parent in
    /// the newer graph (a dependency, or a run_before naming it) is new there,
    /// stops it with InconsistentMigrationHistory.
    static func inconsistentHistory(_ changes: [MigrationChange], older: RevisionSnapshot, newer: RevisionSnapshot) -> [FileDiagnostic] {
        let missing = Set(changes.filter { $0.kind == .added || $0.kind == .renamed }.map(\.key))
        guard !missing.isEmpty else { return [] }
        // A new squash of applied migrations is recorded as applied with them.
        let applied = Set(older.byKey.keys).union(changes.filter { $0.kind == .squash }.map(\.key))
        return newer.graph.nodes.values.filter { applied.contains($0.key) }.sorted { $0.key < $1.key }.compactMap { node in
            let new = node.parents.filter(missing.contains)
            guard let first = new.first else { return nil }
            let message = "\(node.key) now depends on \(new.map(\.description).joined(separator: ", ")), which \(older.revision) did not have: on every database that applied \(node.key), `migrate` stops with InconsistentMigrationHistory (\(node.key) is applied before its dependency \(first)). Restore the old dependencies, and make a new migration depend on it instead"
            return FileDiagnostic(path: node.path, Diagnostic(.inconsistentHistory, .error, message, range: TextRange(0, 0), location: SourceLocation(line: 1, column: 1)))
        }
    }

    /// New migrations that create tables a database at the older revision
    /// has already (an app's migrations deleted and made again, without
    /// `replaces`): `migrate` stops there with "relation already exists".
    /// The state starts as the older revision's, and follows the new
    /// migrations in the newer plan, so a table dropped first is free again.
    static func recreatedTables(_ changes: [MigrationChange], older: RevisionSnapshot, newer: RevisionSnapshot) -> [FileDiagnostic] {
        let added = Set(changes.filter { $0.kind == .added }.map(\.key))
        let files = newer.byKey
        // Most ranges create no model: no state to replay.
        guard added.contains(where: { key in files[key]?.migration?.operations.operations.contains { $0.isDjango && $0.type == "CreateModel" } ?? false }) else {
            return []
        }
        var state = ProjectState.replay(older.graph, migrations: older.byKey.compactMapValues(\.migration))
        // Tables new migrations made, by the migration that made each.
        var madeBy: [String: MigrationKey] = [:]
        var diagnostics: [FileDiagnostic] = []
        let applied = Set(older.byKey.keys)
        for key in newer.graph.forwardsPlan() where added.contains(key) {
            // A squash of some applied migrations is not run as one there: Django uses (or misses) the originals.
            guard let file = files[key], let migration = file.migration,
                  !migration.replaces.contains(where: { $0.key.map(applied.contains) ?? false }) else { continue }
            // Tables it creates that exist already, with the new migration that made each (nil: the older revision's).
            var clashes: [(table: String, madeBy: MigrationKey?, op: Operation)] = []
            for op in migration.operations.operations {
                guard op.isDjango, op.type == "CreateModel", let name = op.argument("name")?.stringValue else {
                    state.apply(op, app: migration.app, in: migration.name)
                    continue
                }
                let existing = Set(state.models.values.compactMap(\.table))
                state.apply(op, app: migration.app, in: migration.name)
                guard let table = state.model(ModelKey(migration.app, name))?.table else { continue }
                if existing.contains(table) { clashes.append((table, madeBy[table], op)) }
                madeBy[table] = key
            }
            let preexisting = clashes.filter { $0.madeBy == nil }
            guard let first = preexisting.first ?? clashes.first else { continue }
            let message: String
            if preexisting.isEmpty {
                message = "\(key) creates table \(first.table), which \(first.madeBy!), also new, creates before it in migrate's order: "
                    + "`migrate` stops there with \"relation already exists\". Two migrations that stand in the graph make one table; if one replaces the other, say so in its `replaces`"
            } else {
                let tables = preexisting.map(\.table)
                let named = tables.count <= 3 ? tables.joined(separator: ", ") : tables.prefix(3).joined(separator: ", ") + " and \(tables.count - 3) more"
                let escape = migration.initial == .value(true)
                    ? " unless it runs with --fake-initial (\(key.name) is initial, so Django then records it as applied when its tables exist)"
                    : ""
                message = "\(key) creates \(tables.count == 1 ? "a table" : "\(tables.count) tables") that databases at \(older.revision) already have (\(named)): "
                    + "`migrate` stops there with \"relation already exists\"\(escape). If the migrations that made \(tables.count == 1 ? "it" : "them") were deleted, make \(key.name) a squash "
                    + "whose `replaces` lists them, so that Django records it as applied where they were; or fake it there (`manage.py migrate --fake \(key.app) \(key.name)`)"
            }
            diagnostics.append(FileDiagnostic(path: file.path, Diagnostic(.recreatedTable, .error, message, range: first.op.range, location: first.op.location)))
        }
        return diagnostics
    }

    /// Per app with new migrations: `migrate APP <its leaf at the older revision>`,
    /// apps whose new migrations depend on another app's new ones first.
    static func rollbackPlan(older: RevisionSnapshot, newer: RevisionSnapshot, changes: [MigrationChange],
                             result: CheckResult, config: Configuration) -> [RollbackStep] {
        let added = Set(changes.filter { $0.kind == .added || $0.kind == .renamed }.map(\.key))
        let apps = Set(added.map(\.app))
        // app → apps its new migrations depend on, among the new ones.
        var dependsOn: [String: Set<String>] = [:]
        for key in added {
            for parent in newer.graph.nodes[key]?.parents ?? [] where added.contains(parent) && parent.app != key.app {
                dependsOn[key.app, default: []].insert(parent.app)
            }
        }
        var order: [String] = []
        var remaining = apps.sorted { $0.utf8Precedes($1) }
        while !remaining.isEmpty {
            // Revert first an app no other remaining app depends on.
            let next = remaining.firstIndex { app in !remaining.contains { dependsOn[$0]?.contains(app) ?? false } } ?? 0
            order.append(remaining.remove(at: next))
        }
        let verdicts = Dictionary(result.verdicts.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
        var undone = Set<MigrationKey>()
        var steps: [RollbackStep] = []
        for app in order {
            let leaves = older.graph.leaves(of: app)
            let target = leaves.map(\.name).max { $0.utf8Precedes($1) } ?? "zero"
            let plan = newer.graph.backwardsPlan(app: app, target: target == "zero" ? nil : target).filter { !undone.contains($0) }
            // An earlier step already un-applied them as dependents (apps whose
            // new migrations depend on each other): this command would do nothing.
            guard !plan.isEmpty else { continue }
            undone.formUnion(plan)
            var warnings: [String] = []
            if leaves.count > 1 {
                warnings.append("\(older.revision) has \(leaves.count) leaves in \(app) (\(leaves.map(\.name).joined(separator: ", "))): check which one the database was at")
            }
            var levels = Levels()
            for key in plan {
                if let before = newer.graph.nodes[key]?.externalDependents, !before.isEmpty {
                    let names = before.map(\.description).joined(separator: ", ")
                    warnings.append("un-applying \(key) first un-applies \(names) (its run_before names \(before.count == 1 ? "it" : "them")) and every later migration of \(before.count == 1 ? "that app" : "those apps"), which are not in this repository: check that they revert")
                }
                guard let verdict = verdicts[key] else { continue }
                levels = levels.joined(with: verdict.levels)
                // One line per rule and message: several operations of a migration
                // often give the same finding (six custom operations of one class).
                var distinct: [(finding: Finding, count: Int)] = []
                for f in verdict.findings where f.suppressedBecause == nil && f.levels.revert > .safe {
                    if let i = distinct.firstIndex(where: { $0.finding.ruleID == f.ruleID && $0.finding.message == f.message }) {
                        distinct[i].count += 1
                    } else {
                        distinct.append((f, 1))
                    }
                }
                for (f, n) in distinct {
                    let rule = "\(f.ruleID) \(f.ruleName)\(n > 1 ? ", \(n) operations" : "")"
                    switch f.levels.revert {
                    case .irreversible:
                        warnings.append("stops at \(key) with IrreversibleError (\(rule)); the migrations un-applied before it stay un-applied. Give it a reverse in a new release, or restore the database from a backup taken before \(newer.revision) was deployed (losing what was written since)")
                    case .unsafe:
                        warnings.append("may fail at \(key) (\(rule)): \(f.message)")
                    case .lossy:
                        warnings.append("loses data at \(key) (\(rule)): \(f.message)")
                    case .safe:
                        break
                    }
                }
            }
            steps.append(RollbackStep(app: app, target: target, command: config.migrate(app: app, target: target),
                                      unapplies: plan, levels: levels, warnings: warnings))
        }
        return steps
    }

    /// `1.0.3` to `1.0.4` (or `v1.0.3`, `release-1.0.3`): same major and minor, a later patch.
    static func isPatchRelease(from a: String, to b: String) -> Bool {
        func version(_ s: String) -> [Int]? {
            let digits = s.drop { !$0.isNumber }
            let parts = digits.split(separator: ".").map { Int($0) }
            guard parts.count == 3, parts.allSatisfy({ $0 != nil }) else { return nil }
            return parts.map { $0! }
        }
        guard let x = version(a), let y = version(b) else { return false }
        return x[0] == y[0] && x[1] == y[1] && y[2] > x[2]
    }
}

extension Migration {
    /// The migration without its dependencies and run_before: what it does, not when.
    var withoutOrdering: Migration {
        var m = self
        m.dependencies = []
        m.runBefore = []
        return m
    }

    var withoutReplaces: Migration {
        var m = self
        m.replaces = []
        return m
    }
}
