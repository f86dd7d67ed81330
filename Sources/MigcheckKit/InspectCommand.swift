import FoundationEssentials
import MigcheckModel

/// `migcheck inspect PATH...`.
enum InspectCommand {
    static let specs: [Options.Spec] = [
        .init(name: "--format", takesValue: true),
        .init(name: "--output", takesValue: true),
        .init(name: "--benchmark", takesValue: true),
        .init(name: "--state", takesValue: true),
        .init(name: "--user-model", takesValue: true),
        .init(name: "--config", takesValue: true),
        .init(name: "--no-config", takesValue: false),
    ]

    static func run(_ arguments: [String], console: Console) -> CommandLineTool.ExitStatus {
        let input: CommandInput
        switch CommandInput.read("inspect", arguments, specs: specs, help: Help.inspect, formats: ["text", "json"], console: console) {
        case .success(let read): input = read
        case .failure(let status): return status
        }
        let options = input.options
        let format = input.format
        let config: Configuration
        switch input.configuration() {
        case .success(let found): config = found
        case .failure(let status): return status
        }
        var repetitions = 0
        if let n = options.values["--benchmark"] {
            guard let v = Int(n), v > 0 else { return input.fail("--benchmark needs a positive number of runs, not '\(n)'") }
            repetitions = v
        }
        // The files are found while the first ones are already being read.
        let find: ((MigrationSourceFile) -> Void) -> Void = { config.find(options.positional, each: $0) }
        if repetitions > 0 || options.values["--state"] != nil {
            let files: [MigrationSourceFile]
            switch input.files(config) {
            case .success(let found): files = found
            case .failure(let status): return status
            }
            if let spec = options.values["--state"], repetitions == 0 { return StateQuery.run(spec, files: files, input: input, config: config) }
            Benchmark.run(find: find, files, format: format, repetitions: repetitions, console: console)
            return .success
        }
        do {
            try FileDiscovery.checkExist(options.positional)
        } catch {
            return input.fail("\(error)")
        }
        let output = options.values["--output"]
        var file = FileDescriptorOutput(descriptor: 1)
        if let output {
            do { file = try FileDescriptorOutput.create(output) } catch { return input.fail("cannot write '\(output)': \(error)") }
        }
        let destination: ([UInt8]) -> Void = { bytes in
            if output == nil { console.write(bytes) } else { file.write(bytes) }
        }
        let summary = format == "json"
            ? Inspector.report(find, as: InspectJSONReporter.self, to: destination)
            : Inspector.report(find, as: InspectTextReporter.self, to: destination)
        if let output {
            do { try file.close() } catch { return input.fail("cannot write '\(output)': \(error)") }
        }
        if summary.files == 0 {
            console.error("migcheck inspect: no migration files in \(options.positional.joined(separator: ", ")) (*/migrations/*.py); an app whose MIGRATION_MODULES setting names another folder needs it in [tool.migcheck.migration-modules]\n")
        }
        return summary.filesWithErrors > 0 ? .findings : .success
    }
}
