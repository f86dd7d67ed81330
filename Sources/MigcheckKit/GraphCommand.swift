import Foundation
import MigcheckModel

/// `migcheck graph PATH...`: the migration graph of a project, per app, with
/// the problems Django would stop on, in text, JSON or Graphviz DOT.
enum GraphCommand {
    static let specs: [Options.Spec] = [
        .init(name: "--format", takesValue: true),
        .init(name: "--unapply", takesValue: true),
        .init(name: "--user-model", takesValue: true),
        .init(name: "--help", takesValue: false),
        .init(name: "-h", takesValue: false),
    ]

    struct Request {
        var graph: MigrationGraph
        var files: [ExtractedFile]
        var unapply: (app: String, target: String?)?
    }

    static func run(_ arguments: [String], console: Console) -> CommandLineTool.ExitStatus {
        let options: Options
        do {
            options = try Options.parse(arguments, specs: specs)
        } catch {
            console.error("migcheck graph: \(error)\nRun 'migcheck help graph' for the options.\n")
            return .usage
        }
        if options.flags.contains("--help") || options.flags.contains("-h") {
            console.out(Help.graph)
            return .success
        }
        let format = options.values["--format"] ?? "text"
        guard ["text", "json", "dot"].contains(format) else {
            console.error("migcheck graph: unknown format '\(format)': use text, json or dot\n")
            return .usage
        }
        guard !options.positional.isEmpty else {
            console.error("migcheck graph: give at least one file or folder, for example 'migcheck graph .'\n")
            return .usage
        }
        var unapply: (app: String, target: String?)?
        if let spec = options.values["--unapply"] {
            let parts = spec.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                console.error("migcheck graph: --unapply takes APP:TARGET, as in 'shop:0012_previous' or 'shop:zero'\n")
                return .usage
            }
            unapply = (parts[0], parts[1] == "zero" ? nil : parts[1])
        }
        var swappable = MigrationGraph.defaultSwappableModels
        if let model = options.values["--user-model"] {
            guard model.split(separator: ".").count == 2 else {
                console.error("migcheck graph: --user-model takes app_label.ModelName, as in 'accounts.User'\n")
                return .usage
            }
            swappable["settings.AUTH_USER_MODEL"] = model
        }
        let found: [MigrationSourceFile]
        do {
            found = try FileDiscovery.find(options.positional)
        } catch {
            console.error("migcheck graph: \(error)\n")
            return .usage
        }
        let files = ParallelMap.map(found) { Inspector.inspect($0) }
        let graph = MigrationGraph(files.compactMap { f in f.migration.map { ($0, f.path) } }, swappableModels: swappable)
        if let (app, target) = unapply {
            guard graph.apps.contains(app) else {
                console.error("migcheck graph: no app '\(app)' among the migrations found; apps: \(graph.apps.joined(separator: ", "))\n")
                return .usage
            }
            if let target, graph.nodes[graph.resolveReplaced(MigrationKey(app, target))] == nil {
                let names = graph.nodes.keys.filter { $0.app == app }.map(\.name).sorted()
                let close = Suggestion.closest(to: target, among: names).map { " (did you mean '\($0)'?)" } ?? ""
                console.error("migcheck graph: no migration '\(target)' in app '\(app)'\(close)\n")
                return .usage
            }
        }
        let request = Request(graph: graph, files: files, unapply: unapply)
        switch format {
        case "json": console.write(GraphReporter.json(request))
        case "dot": console.out(GraphReporter.dot(request))
        default: console.out(GraphReporter.text(request))
        }
        let broken = graph.problems.contains { $0.kind.severity == .error }
            || files.contains { $0.diagnostics.contains { $0.severity == .error } }
        return broken ? .findings : .success
    }
}
