import MigcheckSyntax
import FoundationEssentials
import Synchronization

/// The `migcheck` command line: parses arguments, runs a command, and returns
/// the exit status. Output goes through `Console` so that tests can run it.
public enum CommandLineTool {
    /// An `Error` too, so that shared steps can stop a command with the status to exit with.
    public enum ExitStatus: Int32, Error {
        case success = 0
        /// Something was found: a syntax error (inspect); later, findings at the threshold.
        case findings = 1
        /// Usage, configuration or input errors.
        case usage = 2
    }

    /// Each command's entry point, given the arguments after its name.
    static let commands: [String: @Sendable ([String], Console) -> ExitStatus] = [
        "inspect": InspectCommand.run, "graph": GraphCommand.run, "check": CheckCommand.run,
        "rules": RulesCommand.rules, "explain": RulesCommand.explain, "range": RangeCommand.run,
        "revert": RevertCommand.run, "backport": BackportCommand.run,
    ]

    public static func run(_ arguments: [String], console: Console = .standard) -> ExitStatus {
        guard let command = arguments.first else {
            console.error(Help.main)
            return .usage
        }
        let rest = Array(arguments.dropFirst())
        if let run = commands[command] { return run(rest, console) }
        // `migcheck -C DIR revert REV`: the git modes take the repository before their name too, as git does.
        if command == "-C" || command == "--repo", arguments.count >= 3, let run = commands[arguments[2]] {
            guard ["range", "revert", "backport"].contains(arguments[2]) else {
                console.error("migcheck: \(command) DIR names the repository of the git modes (OLDER..NEWER, revert, backport); "
                              + "'\(arguments[2])' reads the files it is given: run it from the repository, or give their paths\n")
                return .usage
            }
            return run(Array(arguments[0...1] + arguments[3...]), console)
        }
        switch command {
        case "-h", "--help", "help":
            if let topic = rest.first, let text = Help.command(topic) { console.out(text) } else { console.out(Help.main) }
            return .success
        case "--version", "version":
            console.out("migcheck \(Version.current)\n")
            return .success
        case _ where RangeCommand.isRange(command) || command.hasPrefix("-") && arguments.contains(where: RangeCommand.isRange):
            // `migcheck 1.0.3..1.1.0`, options before or after the range.
            return RangeCommand.run(arguments, console: console)
        default:
            var message = "migcheck: unknown command '\(command)'"
            if let close = Suggestion.closest(to: command, among: Help.commands) { message += " (did you mean '\(close)'?)" }
            console.error(message + "\nRun 'migcheck --help' for the commands.\n")
            return .usage
        }
    }
}

/// Where the tool writes: standard output and standard error, or buffers in
/// tests. Standard output takes bytes, so that a report of many megabytes is
/// written as built, without a round trip through String.
public struct Console: Sendable {
    public var write: @Sendable ([UInt8]) -> Void
    public var error: @Sendable (String) -> Void
    /// Takes what a command built and still holds when its report is written.
    /// The executable's console keeps it for the process's exit to reclaim
    /// at once: freeing a whole project's models and sources object by object
    /// took 13% of `check`'s wall time, on the main thread, after the work was
    /// done. Elsewhere (tests) it is freed as usual.
    public var keepUntilExit: @Sendable (any Sendable) -> Void

    public init(write: @escaping @Sendable ([UInt8]) -> Void, error: @escaping @Sendable (String) -> Void,
                keepUntilExit: @escaping @Sendable (any Sendable) -> Void = { _ in }) {
        self.write = write
        self.error = error
        self.keepUntilExit = keepUntilExit
    }

    public func out(_ text: String) { write(Array(text.utf8)) }

    public static let standard = Console(
        write: { var out = FileDescriptorOutput(descriptor: 1); out.write($0) },
        error: { var out = FileDescriptorOutput(descriptor: 2); out.write(Array($0.utf8)) },
        keepUntilExit: { value in keptUntilExit.withLock { $0.append(value) } })
}

/// What `Console.standard` keeps until the process exits.
private let keptUntilExit = Mutex<[any Sendable]>([])

