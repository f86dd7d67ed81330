import MigcheckModel
import MigcheckSyntax

/// `migcheck inspect --state app.Model[@migration] PATH...`: a model as the
/// migrations define it after a given migration (and everything it depends
/// on), or after all of them.
enum StateQuery {
    static let schema = "migcheck.state/1"

    static func run(_ spec: String, files: [MigrationSourceFile], input: CommandInput, config: Configuration) -> CommandLineTool.ExitStatus {
        let parts = spec.split(separator: "@", maxSplits: 1).map(String.init)
        let modelParts = parts[0].split(separator: ".", maxSplits: 1).map(String.init)
        guard modelParts.count == 2, !modelParts[0].isEmpty, !modelParts[1].isEmpty, parts.count == 1 || !parts[1].isEmpty else {
            return input.fail("--state takes app.Model or app.Model@migration, as in 'shop.Product@0004_sql_and_state'")
        }
        let swappable: [String: String]
        do {
            swappable = try CheckCommand.swappable(input, config: config)
        } catch {
            return error
        }
        let model = ModelKey(modelParts[0], modelParts[1])
        let extracted = ParallelMap.map(files) { Inspector.inspect($0) }
        let graph = MigrationGraph(files: extracted, swappableModels: swappable)
        let migrations = graph.files(extracted).compactMapValues(\.migration)
        var target: MigrationKey?
        if parts.count == 2 {
            // `0004_x` names a migration of the model's app; `other.0004_x` one of another app.
            let name = parts[1]
            let dotted = name.split(separator: ".", maxSplits: 1).map(String.init)
            let key = dotted.count == 2 && graph.apps.contains(dotted[0]) ? MigrationKey(dotted[0], dotted[1]) : MigrationKey(model.app, name)
            guard graph.nodes[graph.resolveReplaced(key)] != nil else { return input.unknownMigration(key, in: graph) }
            target = key
        }
        let state = ProjectState.replay(graph, migrations: migrations, upTo: target)
        guard let found = state.model(model) else {
            let known = state.models.keys.filter { $0.app == model.app }.map(\.name).sorted()
            let close = Suggestion.closest(to: model.name, among: known).map { " (did you mean '\(model.app).\($0)'?)" } ?? ""
            let when = target.map { "after \($0)" } ?? "after all migrations"
            return input.fail("no model \(model) \(when)\(close)")
        }
        let appNotes = state.unknownApps[model.app] ?? []
        if input.format == "json" {
            input.console.write(json(found, key: model, target: target, appNotes: appNotes))
        } else {
            input.console.out(text(found, target: target, appNotes: appNotes))
        }
        input.console.keepUntilExit((extracted, graph, migrations, state))
        return .success
    }

    static func text(_ m: ModelState, target: MigrationKey?, appNotes: [String]) -> String {
        var out = "\(m.app).\(m.name) \(target.map { "after \($0)" } ?? "after all migrations")\n"
        let width = min(24, m.fields.map(\.name.count).max() ?? 0)
        out += "  fields:\n"
        for (name, field) in m.fields {
            out += "    " + name.padded(to: width) + "  " + InspectTextReporter.value(field) + "\n"
        }
        if !m.options.isEmpty {
            out += "  options:\n"
            for (name, value) in m.options { out += "    \(name) = \(InspectTextReporter.value(value))\n" }
        }
        if !m.bases.isEmpty { out += "  bases: " + m.bases.map(InspectTextReporter.value).joined(separator: ", ") + "\n" }
        if !m.managers.isEmpty { out += "  managers: " + m.managers.map { "\($0.name)=\(InspectTextReporter.value($0.value))" }.joined(separator: ", ") + "\n" }
        for note in m.unknown + appNotes { out += "  unknown: \(note)\n" }
        return out
    }

    static func json(_ m: ModelState, key: ModelKey, target: MigrationKey?, appNotes: [String]) -> [UInt8] {
        var w = JSONWriter()
        w.object { w in
            w.key("schema"); w.string(schema)
            w.key("model"); w.string(key.description)
            w.key("name"); w.string(m.name)
            w.key("after"); if let target { w.string(target.description) } else { w.null() }
            w.key("fields")
            w.array(m.fields) { w, f in
                w.object { w in
                    w.key("name"); w.string(f.name)
                    w.key("field"); InspectJSONReporter.value(&w, f.field)
                }
            }
            w.key("options"); w.object { w in for (name, v) in m.options { w.key(named: name); InspectJSONReporter.value(&w, v) } }
            w.key("bases"); w.array(m.bases, InspectJSONReporter.value)
            w.key("managers"); w.object { w in for (name, v) in m.managers { w.key(named: name); InspectJSONReporter.value(&w, v) } }
            w.key("unknown"); w.array(m.unknown + appNotes) { w, s in w.string(s) }
        }
        var bytes = w.bytes
        bytes.append(0x0A)
        return bytes
    }
}
