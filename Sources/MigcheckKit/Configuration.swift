import FoundationEssentials
import MigcheckRules
import MigcheckSyntax

/// The levels that make `check` fail: a finding at or above either one.
struct FailThreshold: Equatable {
    var revert: RevertLevel?
    var maintenance: MaintenanceLevel?

    static let standard = FailThreshold(revert: .unsafe, maintenance: .required)

    /// `revert=unsafe,maintenance=required`, one of them, or `never`.
    static func parse(_ text: String) -> FailThreshold? {
        if text == "never" { return FailThreshold() }
        var threshold = FailThreshold()
        for part in text.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmed }
            guard pair.count == 2 else { return nil }
            switch pair[0] {
            case "revert":
                guard let level = RevertLevel(rawValue: pair[1]) else { return nil }
                threshold.revert = level
            case "maintenance":
                guard let level = MaintenanceLevel(rawValue: pair[1]) else { return nil }
                threshold.maintenance = level
            default: return nil
            }
        }
        return threshold
    }

    static let help = "revert=LEVEL,maintenance=LEVEL (revert: safe, lossy, unsafe, irreversible; maintenance: none, recommended, required), one of the two, or 'never'"

    func isReached(by levels: Levels) -> Bool {
        if let revert, levels.revert >= revert { return true }
        if let maintenance, levels.maintenance >= maintenance { return true }
        return false
    }

    var description: String {
        let parts = [revert.map { "revert=\($0.rawValue)" }, maintenance.map { "maintenance=\($0.rawValue)" }].compactMap { $0 }
        return parts.isEmpty ? "never" : parts.joined(separator: ",")
    }
}

/// A repository's settings, from `[tool.migcheck]` in its `pyproject.toml`.
/// Paths in it are relative to the folder of that file.
struct Configuration {
    /// The pyproject.toml read, if any.
    var file: String?
    /// The folder paths in the configuration are relative to.
    var root = "." {
        didSet {
            absoluteRoot = CheckCommand.absolute(root, cwd)
            rootFromCwd = absoluteRoot == cwdFromRoot ? "" : absoluteRoot.hasPrefix(cwdFromRoot + "/") ? String(absoluteRoot.dropFirst(cwdFromRoot.count + 1)) : nil
        }
    }
    var engine: DatabaseTarget.Engine?
    var engineVersion: Int?
    /// Glob patterns of migration files to leave out (tests, vendored copies).
    var exclude: [String] = [] {
        didSet { excludePatterns = exclude.map(Glob.Pattern.init) }
    }
    /// The same, taken apart once: every file found is matched against them.
    private var excludePatterns: [Glob.Pattern] = []
    /// App folder (relative to root) to app label, for apps.py labels migcheck cannot read.
    var appLabels: [String: String] = [:]
    /// Django's MIGRATION_MODULES: app label to the folder (relative to root)
    /// that holds its migrations instead of `<app>/migrations`.
    var migrationModules: [String: String] = [:]
    /// The same, by folder.
    private var moduleLabels: [String: String] = [:]
    /// The line of each of them, for an error about it.
    private var moduleLines: [String: Int] = [:]
    var ignore: [String] = []
    var levels: [(rule: String, revert: RevertLevel?, maintenance: MaintenanceLevel?)] = []
    var ruleFolders: [String] = []
    /// `app.model` (or `app.*`) of tables small enough that locks on them need no maintenance.
    var smallTables: [String] = []
    var failOn: FailThreshold?
    var userModel: String?
    /// Other swappable settings (swapper's `PKI_CA_MODEL`, wagtail's
    /// `WAGTAILCORE_PAGE_MODEL`), keyed as references spell them: `settings.NAME`.
    var swappableModels: [String: String] = [:]
    /// The command that un-applies an app's migrations, with {app} and {target}.
    var migrateCommand = "python manage.py migrate {app} {target}"
    /// Per app label: its own command (another database alias, a project's command).
    var migrateCommands: [String: String] = [:]

    /// The rollback command for one app.
    func migrate(app: String, target: String) -> String {
        (migrateCommands[app] ?? migrateCommand).replacing("{app}", with: app).replacing("{target}", with: target)
    }

    struct Error: Swift.Error, CustomStringConvertible {
        var file: String
        var key: String?
        var message: String
        var line: Int? = nil
        var description: String { "\(file)" + (line.map { ":\($0)" } ?? "") + ": " + (key.map { "[tool.migcheck] key '\($0)': " } ?? "") + message }
    }

    static let keys = ["engine", "engine-version", "exclude", "app-labels", "ignore", "levels", "rules", "fail-on", "user-model",
                       "migrate-command", "migrate-commands", "small-tables", "migration-modules", "swappable-models"]

    /// The configuration in the closest `pyproject.toml` with a `[tool.migcheck]`
    /// table, from `folder` up (each candidate read once); nil when there is none.
    static func nearest(from folder: String) throws(Error) -> Configuration? {
        var text = ""
        let holds = FileDiscovery.nearest(from: folder) { candidate in
            guard let data = FileManager.default.contents(atPath: candidate + "/pyproject.toml") else { return false }
            text = String(decoding: data, as: UTF8.self)
            return text.contains("[tool.migcheck")
        }
        guard let holds else { return nil }
        return try parse(text, file: holds + "/pyproject.toml", root: holds)
    }

    static func load(_ path: String) throws(Error) -> Configuration {
        guard let data = FileManager.default.contents(atPath: path) else { throw Error(file: path, key: nil, message: "cannot read the file") }
        let folder = folderOf(path)
        return try parse(String(decoding: data, as: UTF8.self), file: path, root: folder.isEmpty ? "." : folder)
    }

    /// A configuration from its text: `file` names it in errors, `root` is
    /// the folder its paths are relative to.
    static func parse(_ text: String, file path: String, root: String) throws(Error) -> Configuration {
        let document: TOMLTable
        do {
            document = try TOMLParser.parse(text)
        } catch {
            throw Error(file: path, key: nil, message: "not valid TOML (column \(error.column)): \(error.message)", line: error.line)
        }
        var config = Configuration(file: path)
        config.root = root
        guard let table = document["tool"]?.table?["migcheck"]?.table else { return config }
        func fail(_ key: String, _ message: String) -> Error {
            // The line of the deepest part of the key that has one (`levels.MC204.maintenance`: MC204's).
            var line: Int?
            var current: TOMLTable? = table
            for part in key.split(separator: ".").map(String.init) {
                guard let t = current else { break }
                line = t.line(of: part) ?? line
                current = t[part]?.table
            }
            return Error(file: path, key: key, message: message, line: line)
        }
        func strings(_ key: String) throws(Error) -> [String] {
            guard let value = table[key] else { return [] }
            guard let items = value.array, items.allSatisfy({ $0.string != nil }) else { throw fail(key, "expected an array of strings") }
            return items.compactMap(\.string)
        }
        for key in table.keys where !keys.contains(key) {
            let close = Suggestion.didYouMean(key, among: keys)
            throw fail(key, "unknown key\(close); the keys are \(keys.joined(separator: ", "))")
        }
        if let value = table["engine"] {
            guard let engine = value.string.flatMap(DatabaseTarget.engine(named:)) else { throw fail("engine", "expected \"postgresql\", \"mysql\" or \"sqlite\"") }
            config.engine = engine
        }
        if let value = table["engine-version"] {
            guard let n = value.integer ?? value.string.flatMap({ Int($0.split(separator: ".")[0]) }) else {
                throw fail("engine-version", "expected the major version, as in 16")
            }
            config.engineVersion = n
        }
        config.exclude = try strings("exclude")
        config.ignore = try strings("ignore")
        config.smallTables = try strings("small-tables")
        for entry in config.smallTables where entry.split(separator: ".").count != 2 {
            throw fail("small-tables", "expected \"app_label.model\" or \"app_label.*\", not \"\(entry)\"")
        }
        config.ruleFolders = try strings("rules").map { $0.hasPrefix("/") ? $0 : config.root + "/" + $0 }
        if let value = table["app-labels"] {
            guard let labels = value.table, labels.entries.allSatisfy({ $0.value.string != nil }) else {
                throw fail("app-labels", "expected a table of app folder = \"label\"")
            }
            for (folder, label) in labels.entries { config.appLabels[folder] = label.string! }
        }
        if let value = table["migration-modules"] {
            guard let modules = value.table else { throw fail("migration-modules", "expected a table of app label = \"module\", as in MIGRATION_MODULES") }
            for (label, module) in modules.entries {
                guard let folder = module.string.flatMap(Configuration.folder(ofModule:)) else {
                    throw fail("migration-modules.\(label)", "expected the migrations module as a dotted name (\"dojo.db_migrations\") or a folder under this one (\"dojo/db_migrations\")")
                }
                // Django requires an app label to be an identifier.
                guard let first = label.unicodeScalars.first, first == "_" || first.properties.isXIDStart,
                      label.unicodeScalars.allSatisfy({ $0.properties.isXIDContinue }) else {
                    // Its line by hand: `fail` would split the dotted label into keys.
                    throw Error(file: path, key: "migration-modules.\(label)",
                                message: "'\(label)' is not an app label (a Python identifier, as in Django's AppConfig.label)", line: modules.line(of: label))
                }
                if let other = config.moduleLabels[folder] {
                    throw fail("migration-modules.\(label)", "\(folder) is \(other)'s migrations module already: an app's migrations have a folder of their own")
                }
                config.migrationModules[label] = folder
                config.moduleLabels[folder] = label
                config.moduleLines[label] = modules.line(of: label)
            }
        }
        if let value = table["levels"] {
            guard let rules = value.table else { throw fail("levels", "expected a table of RULE = { revert = \"...\", maintenance = \"...\" }") }
            for (rule, spec) in rules.entries {
                guard let spec = spec.table else { throw fail("levels.\(rule)", "expected { revert = \"...\", maintenance = \"...\" }") }
                var revert: RevertLevel?, maintenance: MaintenanceLevel?
                for (k, v) in spec.entries {
                    switch k {
                    case "revert":
                        guard let level = v.string.flatMap(RevertLevel.init(rawValue:)) else { throw fail("levels.\(rule).revert", "expected safe, lossy, unsafe or irreversible") }
                        revert = level
                    case "maintenance":
                        guard let level = v.string.flatMap(MaintenanceLevel.init(rawValue:)) else { throw fail("levels.\(rule).maintenance", "expected none, recommended or required") }
                        maintenance = level
                    default: throw fail("levels.\(rule).\(k)", "expected 'revert' or 'maintenance'")
                    }
                }
                config.levels.append((rule, revert, maintenance))
            }
        }
        if let value = table["fail-on"] {
            guard let threshold = value.string.flatMap(FailThreshold.parse) else { throw fail("fail-on", "expected \(FailThreshold.help)") }
            config.failOn = threshold
        }
        if let value = table["migrate-command"] {
            guard let template = value.string, template.contains("{target}") else {
                throw fail("migrate-command", "expected a command with {target} (and usually {app}), as in \"python manage.py migrate {app} {target}\"")
            }
            config.migrateCommand = template
        }
        if let value = table["migrate-commands"] {
            guard let commands = value.table, commands.entries.allSatisfy({ $0.value.string?.contains("{target}") ?? false }) else {
                throw fail("migrate-commands", "expected a table of app label = \"command with {target}\"")
            }
            for (app, template) in commands.entries { config.migrateCommands[app] = template.string! }
        }
        if let value = table["user-model"] {
            guard let model = value.string, model.split(separator: ".").count == 2 else { throw fail("user-model", "expected \"app_label.ModelName\"") }
            config.userModel = model
        }
        if let value = table["swappable-models"] {
            let expected = "expected a table of setting = \"app_label.ModelName\", as in CONFIG_DEVICE_MODEL = \"sample_config.Device\""
            guard let models = value.table else { throw fail("swappable-models", expected) }
            for (setting, model) in models.entries {
                guard let model = model.string, model.split(separator: ".", omittingEmptySubsequences: false).count == 2,
                      !setting.isEmpty, !setting.hasPrefix("settings.") else {
                    throw fail("swappable-models.\(setting)", "expected \"app_label.ModelName\" for the setting's name (CONFIG_DEVICE_MODEL, without settings.)")
                }
                config.swappableModels["settings." + setting] = model
            }
            if config.userModel != nil, config.swappableModels["settings.AUTH_USER_MODEL"] != nil {
                throw fail("swappable-models", "AUTH_USER_MODEL is user-model's: give it once")
            }
        }
        return config
    }

    /// The current folder when the configuration was made: `root` and the
    /// paths found on disk are relative to it (paths from git, and the root
    /// a revision's configuration has, to the repository's top alike).
    private let cwd: String
    /// The current folder from `/`, without `.` or `..`.
    private let cwdFromRoot: String
    /// `root` from `/`, made when it is set: `relative` runs for every file found.
    private var absoluteRoot: String
    /// `root` from the current folder ("" for it), when it is inside it.
    private var rootFromCwd: String? = ""

    /// No settings: migcheck's defaults, with the file (if any) they are to be read from.
    init(file: String? = nil) {
        self.file = file
        cwd = FileManager.default.currentDirectoryPath
        cwdFromRoot = CheckCommand.absolute(".", cwd)
        absoluteRoot = cwdFromRoot
    }

    /// The path relative to the configuration's folder, as exclude patterns
    /// and app-labels see it, however either is spelled (`/abs/shop/...`
    /// with the root `.`, `./shop` from a subfolder); absolute when outside it.
    func relative(_ path: String) -> String {
        // Discovery names most files from the current folder, plainly (no `.`
        // or `..` in them): cut the root's part off without rebuilding them.
        if let inside = rootFromCwd, Self.isPlainRelative(path) {
            if inside.isEmpty { return path }
            if path.hasPrefix(inside + "/") { return String(path.dropFirst(inside.count + 1)) }
        }
        let base = absoluteRoot, full = CheckCommand.absolute(path, cwd)
        if base == "/" { return String(full.dropFirst()) }
        return full.hasPrefix(base + "/") ? String(full.dropFirst(base.count + 1)) : full
    }

    /// A path from the current folder with no empty, `.` or `..` part.
    static func isPlainRelative(_ path: String) -> Bool {
        var partLength = 0, dots = 0
        for byte in path.utf8 {
            if byte == UInt8(ascii: "/") {
                if partLength == 0 || partLength == dots && dots <= 2 { return false }
                partLength = 0
                dots = 0
            } else {
                partLength += 1
                if byte == UInt8(ascii: ".") { dots += 1 }
            }
        }
        return partLength > 0 && !(partLength == dots && dots <= 2)
    }

    /// `dojo/db_migrations` for "dojo.db_migrations" (as MIGRATION_MODULES
    /// spells it) or "dojo/db_migrations/"; nil for an empty name, an
    /// absolute path or one that leaves this folder.
    static func folder(ofModule module: String) -> String? {
        let parts = module.contains("/") ? module.split(separator: "/") : module.split(separator: ".", omittingEmptySubsequences: false)
        guard !module.hasPrefix("/"), !parts.isEmpty, parts.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." }) else { return nil }
        return parts.joined(separator: "/")
    }

    /// Fails on the first `migration-modules` entry whose folder is not
    /// there, as `holdsMigrations` says (given the folder from `root`): a
    /// misspelt one would leave the app out without a word, as its
    /// `migrations` folder is left out too.
    func checkMigrationModules(_ holdsMigrations: (String) -> Bool) throws(Error) {
        for (label, folder) in migrationModules.sorted(by: { $0.key < $1.key }) where !holdsMigrations(folder) {
            throw Error(file: file ?? "configuration", key: "migration-modules.\(label)",
                        message: "no migrations folder \(folder) for \(label) (the path is from the configuration's folder)", line: moduleLines[label])
        }
    }

    /// Whether `migration-modules` names any folder.
    var namesMigrationModules: Bool { !moduleLabels.isEmpty }

    /// The app whose migrations module `migration-modules` puts in this folder.
    func migrationModuleLabel(ofFolder folder: String) -> String? {
        guard namesMigrationModules else { return nil }
        return moduleLabels[relative(folder)]
    }

    /// Whether a file found is one of the project's migrations: not
    /// excluded, and not in `<app>/migrations` of an app whose migrations
    /// `migration-modules` puts elsewhere (Django does not read that folder then).
    func keeps(_ file: MigrationSourceFile) -> Bool {
        if isExcluded(file.path) { return false }
        guard let module = migrationModules[file.app] else { return true }
        return relative(folderOf(file.path)) == module
    }

    /// The project's migration files under `paths`, as `find(_:each:)` hands them over.
    func files(in paths: [String]) throws(DiscoveryError) -> [MigrationSourceFile] {
        try FileDiscovery.checkExist(paths)
        var found: [MigrationSourceFile] = []
        find(paths) { found.append($0) }
        return found
    }

    /// The migration files discovery finds under `paths`, in order, with
    /// the folders `migration-modules` names, the labels it and `app-labels`
    /// give, and without those left out (`keeps`).
    func find(_ paths: [String], each emit: (MigrationSourceFile) -> Void) {
        FileDiscovery.find(paths, modules: migrationModuleLabel(ofFolder:)) { found in
            var file = found
            if let label = appLabel(of: file.path) { file.app = label }
            if keeps(file) { emit(file) }
        }
    }

    /// The label `app-labels` gives the app of a migration file, if it gives one.
    func appLabel(of path: String) -> String? {
        // Asked for every file found: without labels, no path is taken apart.
        guard !appLabels.isEmpty else { return nil }
        return FileDiscovery.appFolder(of: path).flatMap { appLabels[relative($0)] }
    }

    func isExcluded(_ path: String) -> Bool {
        guard !exclude.isEmpty else { return false }
        let p = Glob.Path(relative(path))
        return excludePatterns.contains { $0.matches(p) }
    }
}

/// Glob patterns over `/`-separated paths: `*` and `?` within one part,
/// `**` for any number of parts.
enum Glob {
    /// A pattern taken apart once, for matching many paths.
    struct Pattern {
        /// Each part's bytes; nil for `**`.
        let parts: [[UInt8]?]

        init(_ pattern: String) {
            let p = pattern.hasPrefix("/") ? pattern.dropFirst() : Substring(pattern)
            parts = p.split(separator: "/").map { $0 == "**" ? nil : Array($0.utf8) }
        }

        func matches(_ path: Path) -> Bool { Glob.match(parts[...], path.parts[...], in: path.bytes) }
    }

    /// A path taken apart once, for matching it against several patterns:
    /// its bytes, and where each non-empty part of it lies.
    struct Path {
        let bytes: [UInt8]
        let parts: [Range<Int>]

        init(_ path: String) {
            bytes = Array(path.utf8)
            var parts: [Range<Int>] = [], start = 0
            for (i, byte) in bytes.enumerated() where byte == UInt8(ascii: "/") {
                if i > start { parts.append(start..<i) }
                start = i + 1
            }
            if bytes.count > start { parts.append(start..<bytes.count) }
            self.parts = parts
        }
    }

    static func matches(_ pattern: String, _ path: String) -> Bool {
        Pattern(pattern).matches(Path(path))
    }

    private static func match(_ pattern: ArraySlice<[UInt8]?>, _ parts: ArraySlice<Range<Int>>, in bytes: [UInt8]) -> Bool {
        guard let first = pattern.first else { return parts.isEmpty }
        guard let literal = first else {
            let rest = pattern.dropFirst()
            for k in parts.startIndex...parts.endIndex where match(rest, parts[k...], in: bytes) { return true }
            return false
        }
        guard let part = parts.first, matchPart(literal[...], bytes[part]) else { return false }
        return match(pattern.dropFirst(), parts.dropFirst(), in: bytes)
    }

    private static func matchPart(_ p: ArraySlice<UInt8>, _ s: ArraySlice<UInt8>) -> Bool {
        guard let c = p.first else { return s.isEmpty }
        if c == UInt8(ascii: "*") {
            for k in s.startIndex...s.endIndex where matchPart(p.dropFirst(), s[k...]) { return true }
            return false
        }
        guard let d = s.first, c == UInt8(ascii: "?") || c == d else { return false }
        return matchPart(p.dropFirst(), s.dropFirst())
    }
}
