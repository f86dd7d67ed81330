import MigcheckModel
import MigcheckSyntax

/// One rule firing on one operation (or migration), with what to do about it.
public struct Finding: Sendable {
    public var ruleID: String
    public var ruleName: String
    public var levels: Levels
    /// The previous release's code cannot work with the schema this operation leaves.
    public var breaksPreviousRelease: Bool
    public var message: String
    public var advice: String
    public var path: String
    public var location: SourceLocation
    public var range: TextRange
    /// The operation's place: `3` for the third, `3.1` for the first inside it; nil for the migration.
    public var operation: String?
    public var operationType: String?
    /// Set when a `# migcheck: ignore` comment silenced it: the reason given.
    public var suppressedBecause: String?
}

/// A checked migration's verdict: its levels (the highest of its findings) and the findings.
public struct MigrationVerdict: Sendable {
    public var key: MigrationKey
    public var path: String
    /// What `manage.py migrate APP TARGET` goes back to, to un-apply it.
    public var revertTarget: String
    public var levels: Levels
    /// Unsuppressed findings first in operation order, then suppressed ones.
    public var findings: [Finding]
}

/// A problem with a file that is not a finding: it could not be read, a
/// suppression is wrong, the graph is broken. Codes are `DiagnosticCode`s.
public struct FileDiagnostic: Sendable {
    public var path: String
    public var code: String
    public var name: String
    public var severity: Severity
    public var message: String
    public var location: SourceLocation

    public init(path: String, _ d: Diagnostic) {
        self.path = path
        code = d.code.rawValue
        name = d.code.name
        severity = d.severity
        message = d.message
        location = d.location
    }
}

public struct CheckResult: Sendable {
    /// In the order `migrate` applies the migrations.
    public var verdicts: [MigrationVerdict]
    public var diagnostics: [FileDiagnostic]
    /// The highest levels over every checked migration.
    public var levels: Levels
    /// Per app, in `migrate`'s order: tables that checked migrations create
    /// and later ones change, whose changes were judged as made to new, empty tables.
    public var changedAfterCreating: [ChangedAfterCreating] = []
}

/// An app's checked migrations that create tables which later checked migrations change.
public struct ChangedAfterCreating: Sendable {
    /// The creating migrations, in `migrate`'s order.
    public var creators: [MigrationKey]
    /// Where the first of them is.
    public var path: String
    public var location: SourceLocation
    public var range: TextRange
    /// How many tables, and how many database operations of later checked migrations touch them.
    public var models: Int
    public var operations: Int
}

/// Scores migrations: replays the project state along the order `migrate`
/// applies the migrations, and at each checked migration evaluates the rules
/// on every operation with the state as it is just before it.
public struct RuleEngine: Sendable {
    public let rules: [Rule]
    public let target: DatabaseTarget
    /// Rules by the operation classes they can fire on, with the rules that
    /// fire on any class; rules only for operations that are not Django's.
    private let byOperation: [String: [Int]]
    private let anyOperation: [Int]
    private let customOnly: [Int]
    /// Per rule: whether some alternative names each scope fact, so that it can
    /// fire on a new table, a model without a table, a state-only operation.
    private let scopes: [(new: Bool, noTable: Bool, stateOnly: Bool)]
    private let migrationRules: [Int]
    /// Per rule and alternative: the scope facts it leaves at their defaults.
    private let implicit: [[[(id: FactID, value: FactValue)]]]
    /// Rule IDs and names to IDs, for suppressions.
    private let ruleIDs: [String: String]

    /// Models known to be small (`app.model`, `app.*`): a lock or a rewrite
    /// on their tables is brief, so those findings need no maintenance.
    public let smallTables: [String]

    public init(rules: [Rule], target: DatabaseTarget, smallTables: [String] = []) {
        self.rules = rules
        self.target = target
        self.smallTables = smallTables.map { $0.lowercased() }
        var byOperation: [String: [Int]] = [:]
        var anyOperation: [Int] = [], migrationRules: [Int] = [], customOnly: [Int] = []
        for (n, rule) in rules.enumerated() {
            if rule.scope == .migration { migrationRules.append(n); continue }
            if rule.when.allSatisfy({ $0.required(F.django) == [.bool(false)] }) { customOnly.append(n); continue }
            let named = rule.when.map { $0.required(F.operation) }
            if named.allSatisfy({ $0 != nil }) {
                for case .string(let type) in Set(named.flatMap { $0! }) {
                    byOperation[type, default: []].append(n)
                }
            } else {
                anyOperation.append(n)
            }
        }
        // Each class's candidates in rule order, with the rules that fire on any class.
        self.byOperation = byOperation.mapValues { ($0 + anyOperation).sorted() }
        self.anyOperation = anyOperation
        self.customOnly = customOnly
        self.migrationRules = migrationRules
        var ids: [String: String] = [:]
        for rule in rules { ids[rule.id] = rule.id; ids[rule.name] = rule.id }
        ruleIDs = ids
        let implicit = rules.map { rule in
            rule.when.map { alternative in
                FactCatalogue.scopeDefaults.filter { d in !alternative.contains { $0.id == d.id } }
            }
        }
        self.implicit = implicit
        // A rule can fire on, say, a new table when one of its alternatives names `model.new`.
        scopes = implicit.map { alternatives in
            func named(_ id: FactID) -> Bool { alternatives.contains { !$0.contains { $0.id == id } } }
            return (named(F.modelNew), named(F.modelNoTable), named(F.stateOnly))
        }
    }

    /// Checks the migrations of `files` whose paths are in `checked`; the state comes from all of them.
    /// The state is replayed in `migrate`'s order on this thread, and what each
    /// operation needs of it is captured; the rules then run on every core.
    /// Models that checked migrations create are new (their tables hold only the
    /// new release's rows), unless `creating` names the paths whose models are:
    /// a released migration that was edited is checked, but its tables exist.
    public func check(files: [ExtractedFile], graph: MigrationGraph, checked: Set<String>, creating: Set<String>? = nil) -> CheckResult {
        let migrations = graph.files(files)
        var state = ProjectState()
        var newModels: [ModelKey: MigrationKey] = [:]
        var changed: [MigrationKey: (models: Int, operations: Int)] = [:], changedModels = Set<ModelKey>()
        // The replay stays on this thread; each prepared migration is judged on a worker meanwhile.
        let results = ParallelMap.pipeline(produce: { (emit: (PreparedMigration) -> Void) in
            for key in graph.forwardsPlan() {
                guard let file = migrations[key], let migration = file.migration else { continue }
                guard checked.contains(file.path) else {
                    state.apply(migration)
                    continue
                }
                emit(prepare(migration, file: file, graph: graph, state: &state, newModels: &newModels,
                             creates: creating?.contains(file.path) ?? true, changed: &changed, changedModels: &changedModels))
            }
        }) { evaluate($0) }
        let verdicts = results.map(\.0)
        var diagnostics = results.flatMap(\.1)
        for file in files where checked.contains(file.path) {
            diagnostics += file.diagnostics.map { FileDiagnostic(path: file.path, $0) }
        }
        diagnostics.sort { ($0.path, $0.location) < ($1.path, $1.location) }
        let levels = verdicts.reduce(Levels()) { $0.joined(with: $1.levels) }
        var byApp: [ChangedAfterCreating] = [], appIndex: [String: Int] = [:]
        for verdict in verdicts {
            guard let use = changed[verdict.key], let migration = migrations[verdict.key]?.migration else { continue }
            if let i = appIndex[verdict.key.app] {
                byApp[i].creators.append(verdict.key)
                byApp[i].models += use.models
                byApp[i].operations += use.operations
            } else {
                appIndex[verdict.key.app] = byApp.count
                byApp.append(ChangedAfterCreating(creators: [verdict.key], path: verdict.path, location: migration.classLocation,
                                                  range: migration.classRange, models: use.models, operations: use.operations))
            }
        }
        return CheckResult(verdicts: verdicts, diagnostics: diagnostics, levels: levels, changedAfterCreating: byApp)
    }

    private func revertTarget(_ key: MigrationKey, graph: MigrationGraph) -> String {
        // A merge migration has several same-app parents: going back to the last one in name order.
        var target: String?
        for parent in graph.nodes[key]?.parents ?? [] where parent.app == key.app {
            if target.map({ $0.utf8Precedes(parent.name) }) ?? true { target = parent.name }
        }
        return target ?? "zero"
    }

    /// A checked migration with what its rules need of the project state.
    struct PreparedMigration: Sendable {
        var migration: Migration
        var file: ExtractedFile
        var revertTarget: String
        var context: MigrationContext
        var operations: [PreparedOperation]
    }

    /// An operation (top-level or nested) with the state of its model just before it.
    struct PreparedOperation: Sendable {
        var op: Operation
        var place: OperationPlace
        /// `3` for the third operation, `3.1` for the first inside it.
        var label: String
        var subject: Subject
        /// The rules that can fire on it.
        var rules: [Int]
    }

    /// The rules that can fire on an operation: by its class, and by whether
    /// it touches a table the previous release uses.
    private func candidates(_ op: Operation, _ place: OperationPlace, _ subject: Subject) -> [Int] {
        var list = byOperation[op.type] ?? anyOperation
        if !(op.isDjango && op.unresolved == nil) { list = (list + customOnly).sorted() }
        let noTable = subject.noTable
        guard subject.isNew || noTable || place.stateOnly else { return list }
        return list.filter { n in
            (!subject.isNew || scopes[n].new) && (!noTable || scopes[n].noTable) && (!place.stateOnly || scopes[n].stateOnly)
        }
    }

    /// Replays the migration on `state`, capturing for each operation the model it touches.
    private func prepare(_ migration: Migration, file: ExtractedFile, graph: MigrationGraph,
                         state: inout ProjectState, newModels: inout [ModelKey: MigrationKey], creates: Bool,
                         changed: inout [MigrationKey: (models: Int, operations: Int)], changedModels: inout Set<ModelKey>) -> PreparedMigration {
        let key = MigrationKey(migration.app, migration.name)
        let revert = revertTarget(key, graph: graph)
        // Every database operation with its model is kept: the migration's facts
        // are computed from them on a worker, not here.
        var operations: [PreparedOperation] = []
        for (index, top) in migration.operations.operations.enumerated() {
            let inner = FactBuilder.databaseOperations([top])
            for (k, (op, place)) in inner.enumerated() {
                let subject = FactBuilder.subject(op, app: migration.app, state: state, isNew: { newModels[$0] != nil },
                                                  swappable: graph.swappableModels)
                if let model = subject.key, let creator = newModels[model], creator != key, !place.stateOnly {
                    changed[creator, default: (0, 0)].operations += 1
                    // A table counts once, at its first later change.
                    if changedModels.insert(model).inserted { changed[creator, default: (0, 0)].models += 1 }
                }
                operations.append(PreparedOperation(op: op, place: place, label: k == 0 ? "\(index + 1)" : "\(index + 1).\(k)",
                                                    subject: subject, rules: candidates(op, place, subject)))
            }
            state.apply(top, app: migration.app, in: migration.name)
            if top.isDjango && creates { track(inner, app: migration.app, in: key, newModels: &newModels) }
        }
        return PreparedMigration(migration: migration, file: file, revertTarget: revert,
                                 context: MigrationContext(migration: migration, revertTarget: revert), operations: operations)
    }

    /// The rules on one prepared migration: findings, suppressions, levels.
    private func evaluate(_ prepared: PreparedMigration) -> (MigrationVerdict, [FileDiagnostic]) {
        let migration = prepared.migration, file = prepared.file
        var (suppressions, problems) = Suppression.parse(file.directives, ruleIDs: ruleIDs)
        var diagnostics = problems.map { FileDiagnostic(path: file.path, $0) }
        var findings: [Finding] = []
        var context = prepared.context
        context.facts = FactBuilder.migrationFacts(migration, target: target, revertTarget: prepared.revertTarget,
                                                   operations: prepared.operations.map { ($0.op, $0.place, $0.subject) })
        for n in migrationRules {
            var limitHit = false
            if matches(n, context.facts, &limitHit) {
                findings.append(finding(rules[n], context.facts, path: file.path, location: migration.classLocation, range: migration.classRange, operation: nil, type: nil))
            }
        }
        for item in prepared.operations where !item.rules.isEmpty {
            let op = item.op
            let facts = FactBuilder.operationFacts(op, place: item.place, context: context, subject: item.subject)
            for n in item.rules {
                var limitHit = false
                if matches(n, facts, &limitHit) {
                    var found = finding(rules[n], facts, path: file.path, location: op.location, range: op.range, operation: item.label, type: op.type)
                    if let key = item.subject.key, isSmall(key), !found.breaksPreviousRelease, found.levels.maintenance > .none {
                        // The previous release's code breaks whatever the size; locks on a small table do not matter.
                        found.levels.maintenance = .none
                        found.message += " (\(key) is listed in small-tables: no maintenance needed for its locks)"
                    }
                    findings.append(found)
                }
                if limitHit {
                    let d = Diagnostic(.patternLimit, .warning,
                                       "\(rules[n].id)'s pattern stopped at PCRE2's match or depth limit on this operation; the rule could not decide",
                                       range: op.range, location: op.location)
                    diagnostics.append(FileDiagnostic(path: file.path, d))
                }
            }
        }
        apply(&suppressions, to: &findings, operations: migration.operations.operations, classRange: migration.classRange)
        for s in suppressions where !s.used {
            let d = Diagnostic(.unusedSuppression, .warning,
                               "this suppression of \(s.rules.sorted().joined(separator: ", ")) silences no finding; remove it",
                               range: s.directive.range, location: s.directive.location)
            diagnostics.append(FileDiagnostic(path: file.path, d))
        }
        let levels = findings.filter { $0.suppressedBecause == nil }.reduce(Levels()) { $0.joined(with: $1.levels) }
        findings.sort { ($0.suppressedBecause == nil ? 0 : 1, $0.location) < ($1.suppressedBecause == nil ? 0 : 1, $1.location) }
        let key = MigrationKey(migration.app, migration.name)
        return (MigrationVerdict(key: key, path: file.path, revertTarget: prepared.revertTarget, levels: levels, findings: findings), diagnostics)
    }

    /// Models that the checked migrations create (or rename from one they created),
    /// with the checked migration that created each.
    /// `operations`: a top-level operation and those inside it, as `databaseOperations` lists them.
    private func track(_ operations: [(Operation, OperationPlace)], app: String, in migration: MigrationKey,
                       newModels: inout [ModelKey: MigrationKey]) {
        for (inner, place) in operations where !(place.stateOnly && !place.nested && inner.type != "CreateModel") {
            if inner.type == "CreateModel", let name = inner.argument("name")?.stringValue {
                newModels[ModelKey(app, name)] = migration
            } else if inner.type == "RenameModel", let old = inner.argument("old_name")?.stringValue,
                      let new = inner.argument("new_name")?.stringValue, let creator = newModels[ModelKey(app, old)] {
                newModels[ModelKey(app, new)] = creator
            }
        }
    }

    private func matches(_ n: Int, _ facts: Facts, _ limitHit: inout Bool) -> Bool {
        for (a, alternative) in rules[n].when.enumerated() {
            guard implicit[n][a].allSatisfy({ facts[$0.id] == nil || facts[$0.id] == $0.value }) else { continue }
            if alternative.allSatisfy({ $0.holds(in: facts, limitHit: &limitHit) }) { return true }
        }
        return false
    }

    private func isSmall(_ key: ModelKey) -> Bool {
        smallTables.contains { $0 == "\(key.app).\(key.name)" || $0 == "\(key.app).*" }
    }

    private func finding(_ rule: Rule, _ facts: Facts, path: String, location: SourceLocation, range: TextRange,
                         operation: String?, type: String?) -> Finding {
        Finding(ruleID: rule.id, ruleName: rule.name, levels: rule.levels, breaksPreviousRelease: rule.breaksPreviousRelease,
                message: facts.render(rule.message),
                advice: facts.render(rule.advice), path: path, location: location, range: range, operation: operation,
                operationType: type, suppressedBecause: nil)
    }

    /// Marks the findings that a suppression covers, and the suppressions that were used.
    private func apply(_ suppressions: inout [Suppression], to findings: inout [Finding], operations: [Operation], classRange: TextRange) {
        guard !suppressions.isEmpty else { return }
        // The top-level operation each directive speaks of: the one it sits in,
        // or, on a line of its own, the next one.
        let targets: [Int?] = suppressions.map { s in
            guard !s.fileWide else { return nil }
            let at = s.directive.range.start
            if let inside = operations.firstIndex(where: { $0.range.start <= at && at < $0.range.end }) { return inside }
            guard s.directive.ownLine else { return nil }
            return operations.firstIndex { $0.range.start > at }
        }
        for f in findings.indices {
            let top = findings[f].operation.flatMap { Int($0.split(separator: ".")[0]) }.map { $0 - 1 }
            for s in suppressions.indices where suppressions[s].rules.contains(findings[f].ruleID) {
                let covers: Bool
                if suppressions[s].fileWide {
                    covers = true
                } else if let top {
                    covers = targets[s] == top
                } else {
                    // A migration-wide finding: a directive in the class that precedes every operation.
                    let at = suppressions[s].directive.range.start
                    covers = targets[s] == nil && classRange.start <= at && at < (operations.first?.range.start ?? classRange.end)
                }
                if covers {
                    findings[f].suppressedBecause = suppressions[s].reason
                    suppressions[s].used = true
                    break
                }
            }
        }
    }
}
