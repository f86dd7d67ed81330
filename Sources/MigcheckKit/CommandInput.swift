import MigcheckSyntax
import MigcheckModel

/// What every command over migration files starts with: its options parsed,
/// `--help` answered, the format checked and PATHs required; and the errors
/// they share, each naming the command.
struct CommandInput {
    let command: String
    let options: Options
    let format: String
    let console: Console

    /// The options, or the status to stop with (after `--help`, or a usage error already printed).
    static func options(_ command: String, _ arguments: [String], specs: [Options.Spec], help: String,
                        console: Console) -> Result<Options, CommandLineTool.ExitStatus> {
        do {
            // Every command takes --help and -h.
            let options = try Options.parse(arguments, specs: specs + [.init(name: "--help", takesValue: false), .init(name: "-h", takesValue: false)])
            if options.flags.contains("--help") || options.flags.contains("-h") {
                console.out(help)
                return .failure(.success)
            }
            return .success(options)
        } catch {
            console.error("migcheck \(command): \(error)\nRun 'migcheck help \(command)' for the options.\n")
            return .failure(.usage)
        }
    }

    /// The input, or the status to stop with (after `--help`, or a usage error already printed).
    static func read(_ command: String, _ arguments: [String], specs: [Options.Spec], help: String,
                     formats: [String], console: Console) -> Result<CommandInput, CommandLineTool.ExitStatus> {
        let options: Options
        switch Self.options(command, arguments, specs: specs, help: help, console: console) {
        case .success(let parsed): options = parsed
        case .failure(let status): return .failure(status)
        }
        let input = CommandInput(command: command, options: options, format: options.values["--format"] ?? formats[0], console: console)
        guard formats.contains(input.format) else {
            let listed = formats.dropLast().joined(separator: ", ") + (formats.count > 1 ? " or " : "") + formats.last!
            return .failure(input.fail("unknown format '\(input.format)': use \(listed)"))
        }
        guard !options.positional.isEmpty else {
            // check judges its PATHs as one release's migrations: a whole folder is not the example to give.
            let example = command == "check"
                ? "give the migration files a release adds, for example 'migcheck check shop/migrations/0007_*.py', or check the release's git range: 'migcheck OLDER..NEWER'"
                : "give at least one file or folder, for example 'migcheck \(command) .'"
            return .failure(input.fail(example))
        }
        return .success(input)
    }

    /// Prints a usage error and gives the status to exit with.
    func fail(_ message: String) -> CommandLineTool.ExitStatus {
        console.error("migcheck \(command): \(message)\n")
        return .usage
    }

    /// `--config FILE`, none with `--no-config`, else `[tool.migcheck]` in
    /// the closest pyproject.toml from `start` up (an empty configuration without one).
    func configuration(from start: String) throws(Configuration.Error) -> Configuration {
        if options.flags.contains("--no-config") { return Configuration() }
        var config = Configuration()
        if let path = options.values["--config"] {
            config = try Configuration.load(path)
        } else if let found = try Configuration.nearest(from: start) {
            config = found
        }
        try config.checkMigrationModules { folder in
            let path = config.root == "." ? folder : config.root + "/" + folder
            return FileBytes.isFolder(path) == true
        }
        return config
    }

    /// The configuration for the PATHs: that of the first one's folder.
    func configuration() -> Result<Configuration, CommandLineTool.ExitStatus> {
        do {
            return .success(try configuration(from: CheckCommand.startFolder(options.positional.first ?? ".")))
        } catch {
            return .failure(fail("\(error)"))
        }
    }

    /// The migration files under the PATHs, as the configuration finds them.
    func files(_ config: Configuration) -> Result<[MigrationSourceFile], CommandLineTool.ExitStatus> {
        do {
            return .success(try config.files(in: options.positional))
        } catch {
            return .failure(fail("\(error)"))
        }
    }

    /// `--user-model APP.MODEL` applied to Django's default swappable settings.
    func swappableModels() -> Result<[String: String], CommandLineTool.ExitStatus> {
        var models = MigrationGraph.defaultSwappableModels
        guard let model = options.values["--user-model"] else { return .success(models) }
        guard model.split(separator: ".").count == 2 else {
            return .failure(fail("--user-model takes app_label.ModelName, as in 'accounts.User'"))
        }
        models["settings.AUTH_USER_MODEL"] = model
        return .success(models)
    }

    /// The error for a migration that is not in the graph, with the closest name.
    func unknownMigration(_ key: MigrationKey, in graph: MigrationGraph) -> CommandLineTool.ExitStatus {
        let names = graph.nodes.keys.filter { $0.app == key.app }.map(\.name).sorted()
        let close = Suggestion.didYouMean(key.name, among: names)
        return fail("no migration '\(key.name)' in app '\(key.app)' among the migrations found\(close)")
    }
}
