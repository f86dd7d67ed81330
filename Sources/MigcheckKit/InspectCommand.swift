import Foundation
import MigcheckModel

/// `migcheck inspect PATH...`.
enum InspectCommand {
    static let specs: [Options.Spec] = [
        .init(name: "--format", takesValue: true),
        .init(name: "--output", takesValue: true),
        .init(name: "--benchmark", takesValue: true),
        .init(name: "--state", takesValue: true),
        .init(name: "--user-model", takesValue: true),
        .init(name: "--help", takesValue: false),
        .init(name: "-h", takesValue: false),
    ]

    static func run(_ arguments: [String], console: Console) -> CommandLineTool.ExitStatus {
        let options: Options
        do {
            options = try Options.parse(arguments, specs: specs)
        } catch {
            console.error("migcheck inspect: \(error)\nRun 'migcheck help inspect' for the options.\n")
            return .usage
        }
        if options.flags.contains("--help") || options.flags.contains("-h") {
            console.out(Help.inspect)
            return .success
        }
        let format = options.values["--format"] ?? "text"
        guard ["text", "json"].contains(format) else {
            console.error("migcheck inspect: unknown format '\(format)': use text or json\n")
            return .usage
        }
        guard !options.positional.isEmpty else {
            console.error("migcheck inspect: give at least one file or folder, for example 'migcheck inspect .'\n")
            return .usage
        }
        var repetitions = 0
        if let n = options.values["--benchmark"] {
            guard let v = Int(n), v > 0 else {
                console.error("migcheck inspect: --benchmark needs a positive number of runs, not '\(n)'\n")
                return .usage
            }
            repetitions = v
        }
        let files: [MigrationSourceFile]
        do {
            files = try FileDiscovery.find(options.positional)
        } catch {
            console.error("migcheck inspect: \(error)\n")
            return .usage
        }
        if repetitions > 0 {
            Benchmark.run(options.positional, files, format: format, repetitions: repetitions, console: console)
            return .success
        }
        if let spec = options.values["--state"] {
            return StateQuery.run(spec, files: files, format: format, userModel: options.values["--user-model"], console: console)
        }
        let (report, summary) = format == "json"
            ? Inspector.report(files, as: InspectJSONReporter.self)
            : Inspector.report(files, as: InspectTextReporter.self)
        if let output = options.values["--output"] {
            do {
                try Data(report).write(to: URL(fileURLWithPath: output))
            } catch {
                console.error("migcheck inspect: cannot write '\(output)': \(error.localizedDescription)\n")
                return .usage
            }
        } else {
            console.write(report)
        }
        return summary.filesWithErrors > 0 ? .findings : .success
    }
}
