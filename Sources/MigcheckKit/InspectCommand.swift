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
        if repetitions > 0 || options.values["--state"] != nil {
            let files: [MigrationSourceFile]
            switch input.files() {
            case .success(let found): files = found
            case .failure(let status): return status
            }
            if let spec = options.values["--state"], repetitions == 0 { return StateQuery.run(spec, files: files, input: input) }
            Benchmark.run(options.positional, files, format: format, repetitions: repetitions, console: console)
            return .success
        }
        do {
            try FileDiscovery.checkExist(options.positional)
        } catch {
            return input.fail("\(error)")
        }
        // The files are found while the first ones are already being read.
        let find: ((MigrationSourceFile) -> Void) -> Void = { FileDiscovery.find(options.positional, each: $0) }
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
        return summary.filesWithErrors > 0 ? .findings : .success
    }
}
