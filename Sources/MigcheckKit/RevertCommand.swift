import MigcheckGit
import MigcheckModel
import MigcheckRules
import MigcheckSyntax

/// `migcheck revert REV`: what `git revert REV` (a commit, or `A..B` for a
/// merged branch) does to the migration graph, and the procedure that works.
enum RevertCommand {
    /// A range's options, less the report files only ranges and check write.
    static let specs = RangeCommand.specs.filter { spec in !ReportOutputs.options.contains { $0.name == spec.name } }

    /// The migrations a revert deletes, judged against the graph at HEAD.
    struct Review: Sendable {
        var revision: String
        /// Migrations the reverted commits added: the revert deletes them.
        var removed: [MigrationChange]
        /// Releases (tags) that already contain the commits.
        var releasedIn: [String]
        /// Migrations at HEAD, outside the reverted set, that depend on the removed ones.
        var dependents: [MigrationKey]
        /// Un-applying the removed migrations on databases that have them, at HEAD.
        var plan: [RollbackStep]
        var result: CheckResult
        var procedure: [String]
    }

    static func run(_ arguments: [String], console: Console) -> CommandLineTool.ExitStatus {
        let input: CommandInput
        switch CommandInput.read("revert", arguments, specs: specs, help: Help.revert, formats: ["text", "json"], console: console) {
        case .success(let read): input = read
        case .failure(let status): return status
        }
        guard input.options.positional.count == 1, let spec = input.options.positional.first else {
            return input.fail("give one commit, or A..B for the commits of a merged branch, as in 'migcheck revert 3f2a9c1'")
        }
        do {
            let repo = try RangeCommand.repository(input)
            typealias Revision = (name: String, commit: String)
            let before: Revision, after: Revision
            if spec.contains("..") {
                (before, after) = try RangeCommand.revisions(spec, repo: repo)
            } else {
                let commit = try repo.commit(spec)
                // git revert of a merge undoes it against its first parent (-m 1).
                guard let parent = repo.parents(of: commit).first else {
                    return input.fail("\(spec) is a root commit: there is nothing before it to revert to")
                }
                (before, after) = (("\(spec)^", parent), (spec, commit))
            }
            let head = (name: "HEAD", commit: try repo.commit("HEAD"))
            // git tag --contains walks the history from every tag (170 ms for
            // saleor's 1,600 tags, more than all the rest): it runs, and the
            // rules are parsed, while the revisions are read.
            let released = Concurrent { [after] in repo.tags(containing: after.commit).sorted() }
            let (snapshots, settings) = try withExtendedLifetime(RulePack.preloadBuiltin()) {
                try RangeCommand.read([before, after, head], repo: repo, input: input)
            }
            var review = self.review(before: snapshots[0], after: snapshots[1], head: snapshots[2],
                                     released: released.value, settings: settings)
            // What was asked to be reverted, as given: A..B, not only B.
            review.revision = spec
            var report = CheckReport(result: review.result, target: settings.target, threshold: settings.threshold)
            report.sources = snapshots[1].sources
            let style = try TextStyle.from(input.options)
            console.write(input.format == "json" ? json(review) : Array(text(review, report, style).utf8))
            console.keepUntilExit((snapshots, review, report))
            return review.removed.isEmpty || (review.dependents.isEmpty && review.releasedIn.isEmpty) ? .success : .findings
        } catch let status as CommandLineTool.ExitStatus {
            return status
        } catch {
            return input.fail("\(error)")
        }
    }

    static func review(before: RevisionSnapshot, after: RevisionSnapshot, head: RevisionSnapshot,
                       released: [String], settings: CheckCommand.Settings) -> Review {
        let removed = RangeAnalysis.compare(before, after).filter { $0.kind == .added || $0.kind == .renamed }
        let keys = Set(removed.map(\.key))
        var dependents: [MigrationKey] = []
        for key in removed.map(\.key) where head.graph.nodes[key] != nil {
            for child in head.graph.nodes[key]!.children where !keys.contains(child) && !dependents.contains(child) {
                dependents.append(child)
            }
        }
        dependents.sort()
        let engine = RuleEngine(rules: settings.pack.rules, target: settings.target, smallTables: settings.config.smallTables)
        let result = engine.check(files: after.files, graph: after.graph, checked: Set(removed.map(\.path)))
        let plan = RangeAnalysis.rollbackPlan(older: before, newer: head, changes: removed, result: result, config: settings.config)
        var procedure: [String] = []
        if removed.isEmpty {
            procedure.append("\(after.revision) adds no migrations: git revert leaves the migration graph as it is")
        } else if !dependents.isEmpty {
            procedure.append("do not revert the migrations: \(dependents.map(\.description).joined(separator: ", ")) at HEAD \(dependents.count == 1 ? "depends" : "depend") on them, and Django refuses a graph with a missing dependency (NodeNotFoundError)")
            procedure.append("keep the migration files (git checkout HEAD -- them after the revert) and undo the schema change with a new forward migration (makemigrations after reverting the models)")
        } else if !released.isEmpty {
            procedure.append("released in \(released.prefix(5).joined(separator: ", ")): databases of those releases have applied them")
            procedure.append("prefer a new forward migration that undoes the change; a revert of the files leaves those databases with the changes and django_migrations rows for migrations that no longer exist")
            procedure.append("if the files must go: on every such database, first un-apply them with the commands below, then deploy the revert")
        } else {
            procedure.append("not in any release tag: where they were never applied, git revert is enough")
            procedure.append("where they were applied (staging, a developer's database), un-apply them first with the commands below, then deploy the revert")
        }
        return Review(revision: after.revision, removed: removed, releasedIn: released, dependents: dependents, plan: plan,
                      result: result, procedure: procedure)
    }

    static func text(_ review: Review, _ report: CheckReport, _ style: TextStyle) -> String {
        var out = style.bold("migcheck revert \(review.revision)") + "\n"
        if !review.removed.isEmpty {
            out += style.wrap(review.removed.map(\.key.description).joined(separator: ", "), indent: "    ",
                              first: "  reverting deletes \(review.removed.count) migration\(review.removed.count == 1 ? "" : "s"): ")
            out += "  " + (review.releasedIn.isEmpty ? "released in no tag" : "released in: \(review.releasedIn.prefix(8).joined(separator: ", "))\(review.releasedIn.count > 8 ? ", ..." : "")") + "\n"
            if !review.dependents.isEmpty {
                out += style.wrap(review.dependents.map(\.description).joined(separator: ", "), indent: "    ", first: "  " + style.red("depended on at HEAD by") + ": ")
            }
            out += TextReporter.migrations(report, style)
        }
        out += "\n" + style.bold("procedure") + "\n"
        for step in review.procedure { out += style.wrap(step, indent: "    ", first: "  - ") }
        if !review.removed.isEmpty && review.dependents.isEmpty {
            out += TextReporter.plan(review.plan, title: "to un-apply them where they were applied", style)
        }
        return out
    }

    static func json(_ review: Review) -> [UInt8] {
        var w = JSONWriter()
        w.object { w in
            w.key("schema"); w.string("migcheck.revert/1")
            w.key("revision"); w.string(review.revision)
            w.key("removed"); w.array(review.removed) { w, c in
                w.object { w in
                    w.key("app"); w.string(c.key.app)
                    w.key("name"); w.string(c.key.name)
                    w.key("path"); w.string(c.path)
                }
            }
            w.key("released_in"); w.array(review.releasedIn) { w, t in w.string(t) }
            w.key("dependents"); w.array(review.dependents) { w, k in w.string(k.description) }
            w.key("procedure"); w.array(review.procedure) { w, s in w.string(s) }
            w.key("unapply"); w.array(review.dependents.isEmpty ? review.plan : []) { w, step in RangeReporter.step(&w, step) }
        }
        return w.bytes + [0x0A]
    }
}

/// `migcheck backport A B`: migrations on one branch and not the other, or
/// different between them; either leaves two production graphs diverged.
enum BackportCommand {
    static func run(_ arguments: [String], console: Console) -> CommandLineTool.ExitStatus {
        let input: CommandInput
        switch CommandInput.read("backport", arguments, specs: RevertCommand.specs, help: Help.backport, formats: ["text", "json"], console: console) {
        case .success(let read): input = read
        case .failure(let status): return status
        }
        guard input.options.positional.count == 2 else {
            return input.fail("give two branches, as in 'migcheck backport release-1.0 main'")
        }
        do {
            let repo = try RangeCommand.repository(input)
            let names = input.options.positional
            let revisions = try names.map { (name: $0, commit: try repo.commit($0)) }
            let (snapshots, _) = try RangeCommand.read(revisions, repo: repo, input: input)
            let changes = RangeAnalysis.compare(snapshots[0], snapshots[1])
            // Relative to the first branch: "added" is only on the second, "deleted" only on the first.
            let onlyFirst = changes.filter { $0.kind == .deleted }, onlySecond = changes.filter { $0.kind == .added }
            // Same contents under another name: a database migrated on the first branch would run it again.
            let renamed = changes.filter { $0.kind == .renamed }
            let differ = changes.filter { $0.kind == .edited }
            // On both, but depending on the second branch on a migration the first lacks: InconsistentMigrationHistory.
            let inconsistent = RangeAnalysis.inconsistentHistory(changes, older: snapshots[0], newer: snapshots[1])
            let follows = onlyFirst.isEmpty && differ.isEmpty && renamed.isEmpty && inconsistent.isEmpty
            if input.format == "json" {
                var w = JSONWriter()
                w.object { w in
                    w.key("schema"); w.string("migcheck.backport/1")
                    for (key, list) in [("only_in_\(names[0])", onlyFirst), ("only_in_\(names[1])", onlySecond), ("different", differ)] {
                        w.key(named: key); w.array(list) { w, c in w.string(c.key.description) }
                    }
                    w.key("inconsistent"); w.array(inconsistent) { w, d in w.string(d.message) }
                    w.key("renamed"); w.array(renamed) { w, c in
                        w.object { w in
                            w.key(named: names[0]); w.string(c.previous?.description ?? "")
                            w.key(named: names[1]); w.string(c.key.description)
                        }
                    }
                }
                console.write(w.bytes + [0x0A])
            } else {
                var out = "migcheck backport \(names[0]) \(names[1])\n"
                for (title, list) in [("only in \(names[0])", onlyFirst), ("only in \(names[1])", onlySecond),
                                      ("in both, with different operations", differ)] where !list.isEmpty {
                    out += "\n\(title):\n" + list.map { "  \($0.key)  \($0.path)\n" }.joined()
                }
                if !renamed.isEmpty {
                    out += "\nsame contents, renamed in \(names[1]) (Django sees a new migration and runs it again):\n"
                    out += renamed.map { "  \($0.previous?.description ?? "?") -> \($0.key.name)  \($0.path)\n" }.joined()
                }
                if !inconsistent.isEmpty {
                    out += "\ndepending in \(names[1]) on migrations \(names[0]) lacks:\n" + inconsistent.map { "  \($0.path): \($0.message)\n" }.joined()
                }
                if follows {
                    out += "\nevery migration of \(names[0]) is in \(names[1]) under its name, with the same operations and no dependency \(names[0]) lacks (edits that do not reach its databases, such as help_text, formatting or a data migration's code, do not count): databases migrated on \(names[0]) can follow \(names[1])\n"
                } else {
                    out += "\na database migrated on \(names[0]) cannot follow \(names[1]) cleanly: port the migrations listed only in \(names[0]) "
                        + "(with the same names and contents), keep the edited ones identical, and keep the names \(names[0]) gave\n"
                }
                console.out(out)
            }
            return follows ? .success : .findings
        } catch let status as CommandLineTool.ExitStatus {
            return status
        } catch {
            return input.fail("\(error)")
        }
    }
}
