import MigcheckGit
import MigcheckModel
import MigcheckRules
import MigcheckSyntax

/// `migcheck A..B` and `migcheck A...B`: the migrations B adds to A, read
/// from git objects, scored against B's full state, with the rollback plan
/// from B to A and whether A's code runs on B's schema.
enum RangeCommand {
    static let specs: [Options.Spec] = CheckCommand.specs.filter { $0.name != "--project" } + [
        .init(name: "--repo", takesValue: true),
        .init(name: "-C", takesValue: true),
    ]

    /// Whether a command-line word names a range rather than a command.
    static func isRange(_ word: String) -> Bool {
        !word.hasPrefix("-") && word.contains("..")
    }

    static func run(_ arguments: [String], console: Console) -> CommandLineTool.ExitStatus {
        let input: CommandInput
        switch CommandInput.read("range", arguments, specs: specs, help: Help.range, formats: ReportOutputs.formats, console: console) {
        case .success(let read): input = read
        case .failure(let status): return status
        }
        guard input.options.positional.count == 1, let range = input.options.positional.first, range.contains("..") else {
            return input.fail("give one range: OLDER..NEWER (as in 1.0.3..1.1.0), or BASE...BRANCH for what a branch adds since it forked")
        }
        do {
            let repo = try repository(input)
            let (older, newer) = try revisions(range, repo: repo)
            // Counted by a git process of its own, and the rules parsed, while the revisions are read.
            let commits = Concurrent { repo.commitCount(from: older.commit, to: newer.commit) }
            let (snapshots, settings) = try withExtendedLifetime(RulePack.preloadBuiltin()) {
                try read([older, newer], repo: repo, input: input)
            }
            let engine = RuleEngine(rules: settings.pack.rules, target: settings.target, smallTables: settings.config.smallTables)
            var analysis = RangeAnalysis.analyse(older: snapshots[0], newer: snapshots[1], engine: engine, config: settings.config)
            analysis.commits = commits.value
            // `1.1.0..1.0.3` walks back in history: what it calls deleted is
            // what rolling back un-applies, and the other order plans that.
            if analysis.commits == 0, older.commit != newer.commit {
                analysis.warnings.append("\(newer.name) is an ancestor of \(older.name): this range goes back in history, so the migrations it shows as deleted are the ones a rollback from \(older.name) to \(newer.name) must un-apply first; `migcheck \(newer.name)..\(older.name)` scores them and gives the rollback plan")
            }
            var report = CheckReport(result: analysis.result, target: settings.target, threshold: settings.threshold)
            report.sources = snapshots[1].sources
            let style = try TextStyle.from(input.options)
            try ReportOutputs.write(input, report, rules: settings.pack.rules, text: { RangeReporter.text(analysis, report, style) },
                                    json: { RangeReporter.json(analysis, report) })
            input.console.keepUntilExit((snapshots, analysis, report))
            return report.failed ? .findings : .success
        } catch let status as CommandLineTool.ExitStatus {
            return status
        } catch {
            return input.fail("\(error)")
        }
    }

    static func repository(_ input: CommandInput) throws -> GitRepository {
        try GitRepository(directory: input.options.values["--repo"] ?? input.options.values["-C"] ?? ".")
    }

    /// The revisions' snapshots, and the settings from the options over the
    /// last revision's configuration.
    static func read(_ revisions: [(name: String, commit: String)], repo: GitRepository,
                     input: CommandInput) throws -> (snapshots: [RevisionSnapshot], settings: CheckCommand.Settings) {
        let last = revisions.last!.commit
        let (snapshots, config) = try RevisionReader.snapshots(
            repo, revisions: revisions,
            configuration: { pyprojects in try configuration(input, pyprojects: pyprojects, commit: last) },
            swappable: { config in try CheckCommand.swappable(input, config: config) })
        return (snapshots, try CheckCommand.settle(input, config: config, project: "."))
    }

    /// The older and newer revision of `A..B` (`A...B`: from the merge base). A missing side is HEAD.
    static func revisions(_ range: String, repo: GitRepository) throws -> (older: (name: String, commit: String), newer: (name: String, commit: String)) {
        let threeDots = range.contains("...")
        let parts = range.split(separator: threeDots ? "..." : "..", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2 else { throw CheckCommand.UsageError("'\(range)' is not a range: write OLDER..NEWER or BASE...BRANCH") }
        let olderName = parts[0].isEmpty ? "HEAD" : parts[0], newerName = parts[1].isEmpty ? "HEAD" : parts[1]
        let newer = try repo.commit(newerName)
        var older = try repo.commit(olderName)
        var name = olderName
        if threeDots {
            older = try repo.mergeBase(older, newer)
            name = "merge base of \(olderName) and \(newerName)"
        }
        return ((name, older), (newerName, newer))
    }

    /// `--config FILE`, or `[tool.migcheck]` in the newer revision's pyproject.toml
    /// closest to the repository's root (a project in `backend/` keeps it there;
    /// its paths are then relative to that folder).
    static func configuration(_ input: CommandInput, pyprojects: [(path: String, bytes: [UInt8])], commit: String) throws -> Configuration {
        if input.options.flags.contains("--no-config") { return Configuration() }
        if let path = input.options.values["--config"] {
            // Its rule folders are on disk beside it; its paths name files in the revisions, from the repository's top.
            var config = try Configuration.load(path)
            config.root = "."
            return config
        }
        let found = pyprojects.map { (path: $0.path, text: String(decoding: $0.bytes, as: UTF8.self)) }
            .filter { $0.text.contains("[tool.migcheck") }
            .min { ($0.path.split(separator: "/").count, $0.path) < ($1.path.split(separator: "/").count, $1.path) }
        guard let found else { return Configuration() }
        let folder = found.path.split(separator: "/").dropLast().joined(separator: "/")
        return try Configuration.parse(found.text, file: "\(found.path) at \(commit.prefix(12))", root: folder.isEmpty ? "." : folder)
    }
}

/// The range report: what changed, the findings, the rollback plan, the code-only rollback.
enum RangeReporter {
    static func text(_ analysis: RangeAnalysis, _ report: CheckReport, _ style: TextStyle) -> String {
        let older = analysis.older, newer = analysis.newer
        let added = analysis.changes.filter { $0.kind == .added }
        let title = "migcheck \(older.revision)..\(newer.revision): " + (added.isEmpty ? "no new migrations" : "\(added.count) new migration\(added.count == 1 ? "" : "s")")
            + " (\(older.commit.prefix(10))..\(newer.commit.prefix(10))" + (analysis.commits.map { ", \($0) commit\($0 == 1 ? "" : "s")" } ?? "") + ")"
        var out = TextReporter.headline(title, report, style)
        if !style.quiet {
            out += "\n"
            for (app, changes) in Dictionary(grouping: added, by: \.key.app).sorted(by: { $0.key.utf8Precedes($1.key) }) {
                out += style.wrap(changes.map(\.key.name).joined(separator: ", "), indent: "      ", first: "  added in \(app): ")
            }
            for kind in [MigrationChange.Kind.renamed, .squash, .squashFinished, .edited, .editedDependencies, .editedCode, .editedCosmetic,
                         .deleted, .deletedReplaced] {
                let list = analysis.changes.filter { $0.kind == kind }
                guard !list.isEmpty else { continue }
                let title = ["renamed": "renamed", "squash": "squashes of migrations \(older.revision) has (they run nothing there)",
                             "squash-finished": "squashes finished (`replaces` dropped, originals deleted; applied at \(older.revision))",
                             "edited": "edited after \(older.revision) (operations changed)",
                             "edited-dependencies": "dependencies edited (the order on new databases)",
                             "edited-code": "data-migration code edited (runs only on new databases)",
                             "edited-cosmetic": "reformatted (the same changes to the database)", "deleted": "deleted",
                             "deleted-replaced": "deleted, replaced by a squash applied at \(older.revision)"][kind.rawValue]!
                // A finished squash deletes dozens of files: per app, the first, the last and how many.
                let names = kind == .deletedReplaced
                    ? Dictionary(grouping: list, by: \.key.app).sorted { $0.key.utf8Precedes($1.key) }.map { app, changes in
                        let sorted = changes.map(\.key).sorted()
                        return sorted.count == 1 ? sorted[0].description : "\(app): \(sorted.count) (\(sorted[0].name) ... \(sorted[sorted.count - 1].name))"
                    }
                    : list.map { change in (change.previous.map { "\($0) -> " } ?? "") + change.key.description }
                out += style.wrap(names.joined(separator: ", "), indent: "      ", first: "  \(title): ")
            }
        }
        out += TextReporter.migrations(report, style)
        if !style.quiet {
            out += TextReporter.plan(analysis.plan, title: "rollback plan to \(older.revision) (un-apply first, then deploy \(older.revision)'s code)", style)
            if !added.isEmpty {
                out += "\n" + style.bold("code-only rollback (\(older.revision)'s code on \(newer.revision)'s schema)") + ": "
                if analysis.breaking.isEmpty {
                    out += "works: no change breaks \(older.revision)'s code, so the schema can stay migrated\n"
                } else {
                    out += style.red("breaks") + "\n"
                    for f in analysis.breaking { out += style.wrap("\(f.ruleID) \(f.message)", indent: "      ", first: "  \(f.path):\(f.location.line) ") }
                }
            }
        }
        for warning in analysis.warnings { out += "\n" + style.wrap(warning, indent: "  ", first: style.yellow("warning") + ": ") }
        return out + TextReporter.verdict(report, style)
    }

    static func json(_ analysis: RangeAnalysis, _ report: CheckReport) -> [UInt8] {
        var w = JSONWriter()
        w.object { w in
            w.key("schema"); w.string("migcheck.range/1")
            w.key("older"); revision(&w, analysis.older)
            w.key("newer"); revision(&w, analysis.newer)
            w.key("commits"); if let n = analysis.commits { w.int(n) } else { w.null() }
            w.key("changes"); w.array(analysis.changes) { w, c in
                w.object { w in
                    w.key("kind"); w.string(c.kind.rawValue)
                    w.key("app"); w.string(c.key.app)
                    w.key("name"); w.string(c.key.name)
                    w.key("path"); w.string(c.path)
                    w.key("previous"); if let p = c.previous { w.string(p.description) } else { w.null() }
                }
            }
            CheckReporter.members(&w, report)
            w.key("rollback_plan"); w.array(analysis.plan) { w, step in self.step(&w, step) }
            w.key("code_only_rollback"); w.object { w in
                w.key("works"); w.bool(analysis.breaking.isEmpty)
                w.key("breaking"); w.array(analysis.breaking) { w, f in
                    w.object { w in
                        w.key("rule"); w.string(f.ruleID)
                        w.key("path"); w.string(f.path)
                        w.key("line"); w.int(f.location.line)
                        w.key("message"); w.string(f.message)
                    }
                }
            }
            w.key("warnings"); w.array(analysis.warnings) { w, s in w.string(s) }
            var status: [String: String] = [:]
            for change in analysis.changes { status[change.path] = change.kind.rawValue }
            CheckReporter.migrationsAndDiagnostics(&w, report, status: status)
        }
        return w.bytes + [0x0A]
    }

    /// One step of a rollback plan (a range's, or the un-apply steps of a revert).
    static func step(_ w: inout JSONWriter, _ step: RollbackStep) {
        w.object { w in
            w.key("app"); w.string(step.app)
            w.key("target"); w.string(step.target)
            w.key("command"); w.string(step.command)
            w.key("unapplies"); w.array(step.unapplies) { w, k in w.string(k.description) }
            w.key("levels"); CheckReporter.levels(&w, step.levels)
            w.key("warnings"); w.array(step.warnings) { w, s in w.string(s) }
        }
    }

    private static func revision(_ w: inout JSONWriter, _ snapshot: RevisionSnapshot) {
        w.object { w in
            w.key("revision"); w.string(snapshot.revision)
            w.key("commit"); w.string(snapshot.commit)
            w.key("migrations"); w.int(snapshot.graph.nodes.count)
        }
    }
}
