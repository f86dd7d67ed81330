import Foundation

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

    public static func run(_ arguments: [String], console: Console = .standard) -> ExitStatus {
        guard let command = arguments.first else {
            console.error(Help.main)
            return .usage
        }
        let rest = Array(arguments.dropFirst())
        switch command {
        case "-h", "--help", "help":
            if let topic = rest.first, let text = Help.command(topic) { console.out(text) } else { console.out(Help.main) }
            return .success
        case "--version", "version":
            console.out("migcheck \(Version.current)\n")
            return .success
        case "inspect":
            return InspectCommand.run(rest, console: console)
        case "graph":
            return GraphCommand.run(rest, console: console)
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

    public init(write: @escaping @Sendable ([UInt8]) -> Void, error: @escaping @Sendable (String) -> Void) {
        self.write = write
        self.error = error
    }

    public func out(_ text: String) { write(Array(text.utf8)) }

    public static let standard = Console(
        write: { FileHandle.standardOutput.write(Data($0)) },
        error: { FileHandle.standardError.write(Data($0.utf8)) })
}

/// "Did you mean" for mistyped commands and options.
enum Suggestion {
    static func closest(to word: String, among candidates: [String]) -> String? {
        // A unique candidate that starts with what was typed ("0004" for "0004_add_sku").
        let extending = candidates.filter { $0.hasPrefix(word) }
        if !word.isEmpty && extending.count == 1 { return extending[0] }
        let scored = candidates.map { ($0, distance(word, $0)) }.min { $0.1 < $1.1 }
        guard let best = scored, best.1 <= max(2, word.count / 3) else { return nil }
        return best.0
    }

    static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a), y = Array(b)
        var row = Array(0...y.count)
        for i in 1...max(1, x.count) where !x.isEmpty {
            var previous = row[0]
            row[0] = i
            for j in 1...max(1, y.count) where !y.isEmpty {
                let current = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (x[i - 1] == y[j - 1] ? 0 : 1))
                previous = current
            }
        }
        return x.isEmpty ? y.count : row[y.count]
    }
}
