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
    ]

    static func run(_ arguments: [String], console: Console) -> CommandLineTool.ExitStatus {
        let input: CommandInput
        switch CommandInput.read("inspect", arguments, specs: specs, help: Help.inspect, formats: ["text", "json"], console: console) {
        case .success(let read): input = read
        case .failure(let status): return status
        }
        let options = input.options
        let format = input.format
        var repetitions = 0
        if let n = options.values["--benchmark"] {
            guard let v = Int(n), v > 0 else { return input.fail("--benchmark needs a positive number of runs, not '\(n)'") }
            repetitions = v
        }
        let files: [MigrationSourceFile]
        switch input.files() {
        case .success(let found): files = found
        case .failure(let status): return status
        }
        if repetitions > 0 {
            Benchmark.run(options.positional, files, format: format, repetitions: repetitions, console: console)
            return .success
        }
        if let spec = options.values["--state"] {
            return StateQuery.run(spec, files: files, input: input)
        }
        let (report, summary) = format == "json"
            ? Inspector.report(files, as: InspectJSONReporter.self)
            : Inspector.report(files, as: InspectTextReporter.self)
        if let output = options.values["--output"] {
            do {
                try Data(report).write(to: URL(fileURLWithPath: output))
            } catch {
                return input.fail("cannot write '\(output)': \(error.localizedDescription)")
            }
        } else {
            console.write(report)
        }
        return summary.filesWithErrors > 0 ? .findings : .success
    }
}
