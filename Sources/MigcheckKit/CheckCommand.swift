#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import FoundationEssentials
import MigcheckModel
import MigcheckRules
import MigcheckSyntax

/// `migcheck check PATH...`: scores the migrations in PATH for revert safety
/// and maintenance-mode need, with the project state replayed from every
/// migration of the project, and fails when a level reaches the threshold.
enum CheckCommand {
    static let specs: [Options.Spec] = [
        .init(name: "--format", takesValue: true),
        .init(name: "--fail-on", takesValue: true),
        .init(name: "--engine", takesValue: true),
        .init(name: "--engine-version", takesValue: true),
        .init(name: "--project", takesValue: true),
        .init(name: "--config", takesValue: true),
        .init(name: "--no-config", takesValue: false),
        .init(name: "--rules", takesValue: true),
        .init(name: "--ignore", takesValue: true),
        .init(name: "--user-model", takesValue: true),
    ] + TextStyle.options + ReportOutputs.options

    /// Everything a check needs, settled from the options and the configuration.
    struct Settings {
        var config: Configuration
        var pack: RulePack
        var target: DatabaseTarget
        var threshold: FailThreshold
        var project: String
    }

    static func run(_ arguments: [String], console: Console) -> CommandLineTool.ExitStatus {
        let input: CommandInput
        switch CommandInput.read("check", arguments, specs: specs, help: Help.check, formats: ReportOutputs.formats, console: console) {
        case .success(let read): input = read
        case .failure(let status): return status
        }
        let settings: Settings
        do {
            let start = startFolder(input.options.positional.first ?? ".")
            let config = try input.configuration(from: start)
            settings = try settle(input, config: config, project: config.file == nil ? projectFolder(from: start) : config.root)
        } catch {
            return input.fail("\(error)")
        }
        let swappable: [String: String]
        do {
            swappable = try CheckCommand.swappable(input, config: settings.config)
        } catch {
            return .usage
        }
        let checkedFiles: [MigrationSourceFile], all: [MigrationSourceFile]
        do {
            (checkedFiles, all) = try select(input.options.positional, project: settings.project, settings.config)
        } catch {
            return input.fail("\(error)")
        }
        guard !checkedFiles.isEmpty else {
            return input.fail("no migration files in \(input.options.positional.joined(separator: ", ")) (files in */migrations/*.py and the folders migration-modules names, minus exclude patterns; an app whose MIGRATION_MODULES setting names another folder needs it in [tool.migcheck.migration-modules])")
        }
        let checked = Set(checkedFiles.map(\.path))
        // The checked files' bytes stay, for showing the source line of their findings.
        let read = ParallelMap.map(all) { file -> (ExtractedFile, [UInt8]?) in
            let (extracted, bytes) = Inspector.load(file)
            return (extracted, checked.contains(file.path) ? bytes : nil)
        }
        let files = ImportedCode.resolve(MigrationPackage.markingBadModules(read.map(\.0)), only: checked) { try? FileBytes.read($0, regularOnly: true) }
        let graph = MigrationGraph(files: files, swappableModels: swappable)
        let engine = RuleEngine(rules: settings.pack.rules, target: settings.target, smallTables: settings.config.smallTables)
        var result = engine.check(files: files, graph: graph, checked: checked)
        result.diagnostics += graphDiagnostics(graph, checked: checked) + result.changedAfterCreating.map(createdInCheck)
        var report = CheckReport(result: result, target: settings.target, threshold: settings.threshold)
        report.config = settings.config
        let style: TextStyle
        do {
            style = try TextStyle.from(input.options)
        } catch {
            return input.fail("\(error)")
        }
        let shown = Set(result.verdicts.filter { !$0.findings.isEmpty }.map(\.path))
        for (file, bytes) in read where shown.contains(file.path) { report.sources[file.path] = bytes }
        do {
            try ReportOutputs.write(input, report, rules: settings.pack.rules, text: { TextReporter.check(report, style) },
                                    json: { CheckReporter.json(report) })
        } catch {
            return input.fail("\(error)")
        }
        input.console.keepUntilExit((read, graph, report))
        return report.failed ? .findings : .success
    }

    /// The rules, the database and the threshold, from the options over the configuration.
    static func settle(_ input: CommandInput, config: Configuration, project defaultProject: String) throws -> Settings {
        let options = input.options
        var pack = try RulePack.builtin()
        for folder in config.ruleFolders + [options.values["--rules"]].compactMap({ $0 }) { try pack.add(folder: folder) }
        let ignored = options.values["--ignore"].map { $0.split(separator: ",").map { $0.trimmed } } ?? []
        try pack.ignore(config.ignore + ignored)
        for level in config.levels { try pack.override(level.rule, revert: level.revert, maintenance: level.maintenance) }
        var engine = config.engine ?? .postgresql
        if let name = options.values["--engine"] {
            guard let e = DatabaseTarget.engine(named: name) else { throw UsageError("--engine takes postgresql, mysql or sqlite, not '\(name)'") }
            engine = e
        }
        var version = options.values["--engine"] == nil ? config.engineVersion : nil
        if let text = options.values["--engine-version"] {
            guard let n = Int(text.split(separator: ".").first ?? ""), n > 0 else { throw UsageError("--engine-version takes a major version, as in 16, not '\(text)'") }
            version = n
        }
        var threshold = config.failOn ?? .standard
        if let text = options.values["--fail-on"] {
            guard let t = FailThreshold.parse(text) else { throw UsageError("--fail-on takes \(FailThreshold.help), not '\(text)'") }
            threshold = t
        }
        let project = options.values["--project"] ?? defaultProject
        return Settings(config: config, pack: pack, target: DatabaseTarget(engine: engine, version: version), threshold: threshold, project: project)
    }

    /// The files to check and every file of the project (the checked ones
    /// included, spelled as the user gave them). PATHs inside the project are
    /// picked from the project's files, so the tree is walked once.
    static func select(_ paths: [String], project: String, _ config: Configuration) throws -> (checked: [MigrationSourceFile], all: [MigrationSourceFile]) {
        let cwd = FileManager.default.currentDirectoryPath
        var projectFiles = try config.files(in: [project])
        let root = absolute(project, cwd)
        let wanted = paths.map { (given: $0, absolute: absolute($0, cwd)) }
        guard wanted.allSatisfy({ $0.absolute == root || $0.absolute.hasPrefix(root == "/" ? "/" : root + "/") }) else {
            // PATHs outside the project: walk them too, and read each file once.
            let checked = try config.files(in: paths)
            let given = Set(checked.map { absolute($0.path, cwd) })
            return (checked, checked + projectFiles.filter { !given.contains(absolute($0.path, cwd)) })
        }
        try FileDiscovery.checkExist(paths)
        var checked: [MigrationSourceFile] = []
        let prefix = project.hasSuffix("/") ? project : project + "/"
        for k in projectFiles.indices {
            // Discovery spells every file as the project folder plus the path under it.
            let path = projectFiles[k].path
            let file = path.hasPrefix(prefix) ? root + "/" + path.dropFirst(prefix.count) : absolute(path, cwd)
            guard let given = wanted.first(where: { file == $0.absolute || file.hasPrefix($0.absolute + "/") }) else { continue }
            // Reports show the file as the user's PATH spells it (`.` adds nothing).
            let rest = file.dropFirst(given.absolute.count)
            projectFiles[k].path = file == given.absolute ? given.given
                : (given.given == "." || given.given == "./" ? String(rest.dropFirst()) : given.given + rest)
            checked.append(projectFiles[k])
        }
        return (checked, projectFiles)
    }

    /// An absolute path with `.`, `..` and repeated slashes resolved by name
    /// (no system calls), by bytes, as the file system reads it: split into
    /// Substrings compared as Characters, it cost 24,000 instructions a path,
    /// and it runs for every file when a PATH lies outside the project.
    static func absolute(_ path: String, _ cwd: String) -> String {
        let full = path.hasPrefix("/") ? path : cwd + "/" + path
        var out: [UInt8] = []
        // Where each component kept in `out` starts, for `..` to drop it.
        var starts: [Int] = []
        for part in full.utf8.split(separator: UInt8(ascii: "/")) {
            if part.elementsEqual(".".utf8) { continue }
            if part.elementsEqual("..".utf8) {
                if let start = starts.popLast() { out.removeSubrange(start...) }
                continue
            }
            starts.append(out.count)
            out.append(UInt8(ascii: "/"))
            out.append(contentsOf: part)
        }
        return out.isEmpty ? "/" : String(decoding: out, as: UTF8.self)
    }

    /// The folder of the first PATH: where the search for configuration and project starts.
    static func startFolder(_ path: String) -> String {
        guard FileBytes.isFolder(path) == false else { return path }
        let folder = folderOf(path)
        return folder.isEmpty ? "." : folder
    }

    /// The closest folder from `start` up that holds Django's manage.py, else
    /// the top of its git work tree; else the current folder when `start` is
    /// in it, else `start`: state replayed from an unrelated current folder
    /// (checking another checkout from elsewhere) would judge against the wrong models.
    static func projectFolder(from start: String) -> String {
        let manager = FileManager.default
        if let found = FileDiscovery.nearest(from: start, where: { manager.fileExists(atPath: $0 + "/manage.py") })
            ?? FileDiscovery.nearest(from: start, where: { manager.fileExists(atPath: $0 + "/.git") }) {
            return found
        }
        let cwd = manager.currentDirectoryPath
        let full = absolute(start, cwd)
        return full == cwd || full.hasPrefix(cwd == "/" ? "/" : cwd + "/") ? "." : start
    }

    /// The swappable settings: the configuration's `swappable-models`, then
    /// `--user-model` or the configuration's `user-model`; a bad one is
    /// reported and thrown as the status to exit with.
    static func swappable(_ input: CommandInput, config: Configuration) throws(CommandLineTool.ExitStatus) -> [String: String] {
        // The user model: --user-model, else the configuration's (`user-model`,
        // or AUTH_USER_MODEL in `swappable-models`: one of them at most), else auth.User.
        var options = input.options
        if options.values["--user-model"] == nil {
            options.values["--user-model"] = config.userModel ?? config.swappableModels["settings.AUTH_USER_MODEL"]
        }
        switch CommandInput(command: input.command, options: options, format: input.format, console: input.console).swappableModels() {
        case .success(let models): return config.swappableModels.merging(models) { _, user in user }
        case .failure(let status): throw status
        }
    }

    struct UsageError: Error, CustomStringConvertible {
        var description: String
        init(_ message: String) { description = message }
    }

    /// Says that checked migrations were judged as changing new tables:
    /// checking an app's whole history would otherwise pass a RemoveField silently.
    static func createdInCheck(_ c: ChangedAfterCreating) -> FileDiagnostic {
        let first = c.creators[0]
        let creators = c.creators.count == 1 ? "this one" : "this one and \(c.creators.count - 1) more"
        let tables = c.models == 1 ? "1 table" : "\(c.models) tables"
        let operations = c.operations == 1 ? "1 operation" : "\(c.operations) operations"
        let message = "\(operations) of checked migrations change \(tables) that earlier checked migrations of \(first.app) create (\(creators)); "
            + "they were judged as changes to new, empty tables, which holds when these migrations reach a database together, in one release. "
            + "To judge them against databases that already have the tables, check only the migrations the release adds, or its range (migcheck OLDER..NEWER)"
        return FileDiagnostic(path: c.path, Diagnostic(.createdInCheck, .info, message, range: c.range, location: c.location))
    }

    /// Graph problems on checked migrations: `migrate` stops on them whatever the rules say.
    static func graphDiagnostics(_ graph: MigrationGraph, checked: Set<String>) -> [FileDiagnostic] {
        graph.problems.compactMap { problem in
            guard let node = graph.nodes[problem.key], checked.contains(node.path) else { return nil }
            return FileDiagnostic(path: node.path, Diagnostic(problem.kind.code, problem.kind.severity, problem.message,
                                                              range: TextRange(0, 0), location: SourceLocation(line: 1, column: 1)))
        }
    }
}

/// A check's result with the settings it was judged by.
struct CheckReport {
    var result: CheckResult
    var target: DatabaseTarget
    var threshold: FailThreshold

    /// Findings (not suppressed) at or above the threshold.
    var failing: [Finding] {
        result.verdicts.flatMap(\.findings).filter { $0.suppressedBecause == nil && threshold.isReached(by: $0.levels) }
    }

    var errors: [FileDiagnostic] { result.diagnostics.filter { $0.severity == .error } }

    /// A threshold reached, or a checked file that could not be judged.
    var failed: Bool { !failing.isEmpty || !errors.isEmpty }

    /// The files' bytes by path, for showing the source line of a finding.
    var sources: [String: [UInt8]] = [:]
    /// Where the rollback commands' templates come from.
    var config = Configuration()

    /// Line `line` (1-based) of the file, without its line end.
    /// Line ends are found with memchr: this runs for every finding shown,
    /// from the start of its file.
    func sourceLine(_ path: String, _ line: Int) -> String? {
        guard let bytes = sources[path], line >= 1 else { return nil }
        return bytes.withUnsafeBufferPointer { buffer -> String? in
            guard let base = buffer.baseAddress else { return line == 1 ? "" : nil }
            let count = buffer.count
            func lineEnd(from k: Int) -> Int {
                memchr(base + k, 0x0A, count - k).map { UnsafeRawPointer($0) - UnsafeRawPointer(base) } ?? count
            }
            var start = 0
            for _ in 1..<line {
                let end = lineEnd(from: start)
                guard end < count else { return nil }
                start = end + 1
            }
            var end = lineEnd(from: start)
            if end > start, base[end - 1] == 0x0D { end -= 1 }
            return String(decoding: buffer[start..<end], as: UTF8.self)
        }
    }

}
