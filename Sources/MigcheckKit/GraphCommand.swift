import FoundationEssentials
import MigcheckModel
import MigcheckSyntax

/// `migcheck graph PATH...`: the migration graph of a project, per app, with
/// the problems Django would stop on, in text, JSON or Graphviz DOT.
enum GraphCommand {
    static let specs: [Options.Spec] = [
        .init(name: "--format", takesValue: true),
        .init(name: "--unapply", takesValue: true),
        .init(name: "--user-model", takesValue: true),
        .init(name: "--config", takesValue: true),
        .init(name: "--no-config", takesValue: false),
    ]

    struct Request {
        var graph: MigrationGraph
        var files: [ExtractedFile]
        var unapply: (app: String, target: String?)?
    }

    static func run(_ arguments: [String], console: Console) -> CommandLineTool.ExitStatus {
        let input: CommandInput
        switch CommandInput.read("graph", arguments, specs: specs, help: Help.graph, formats: ["text", "json", "dot"], console: console) {
        case .success(let read): input = read
        case .failure(let status): return status
        }
        var unapply: (app: String, target: String?)?
        if let spec = input.options.values["--unapply"] {
            let parts = spec.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                return input.fail("--unapply takes APP:TARGET, as in 'shop:0012_previous' or 'shop:zero'")
            }
            unapply = (parts[0], parts[1] == "zero" ? nil : parts[1])
        }
        let config: Configuration
        switch input.configuration() {
        case .success(let found): config = found
        case .failure(let status): return status
        }
        let swappable: [String: String]
        do {
            swappable = try CheckCommand.swappable(input, config: config)
        } catch {
            return error
        }
        let found: [MigrationSourceFile]
        switch input.files(config) {
        case .success(let files): found = files
        case .failure(let status): return status
        }
        let files = MigrationPackage.markingBadModules(ParallelMap.map(found) { Inspector.inspect($0) })
        let graph = MigrationGraph(files: files, swappableModels: swappable)
        if let (app, target) = unapply {
            guard graph.apps.contains(app) else {
                return input.fail("no app '\(app)' among the migrations found; apps: \(graph.apps.joined(separator: ", "))")
            }
            if let target, graph.nodes[graph.resolveReplaced(MigrationKey(app, target))] == nil {
                return input.unknownMigration(MigrationKey(app, target), in: graph)
            }
        }
        let request = Request(graph: graph, files: files, unapply: unapply)
        switch input.format {
        case "json": console.write(GraphReporter.json(request))
        case "dot": console.out(GraphReporter.dot(request))
        default: console.out(GraphReporter.text(request))
        }
        console.keepUntilExit(request)
        let broken = graph.problems.contains { $0.kind.severity == .error }
            || files.contains { $0.diagnostics.contains { $0.severity == .error } }
        return broken ? .findings : .success
    }
}
