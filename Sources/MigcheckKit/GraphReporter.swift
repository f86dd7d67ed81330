import MigcheckModel

/// The three forms of `migcheck graph`: text for people, JSON
/// (docs/graph-json.md) for tools, and DOT for Graphviz.
enum GraphReporter {
    static let schema = "migcheck.graph/1"

    static func text(_ r: GraphCommand.Request) -> String {
        let graph = r.graph
        let plan = graph.forwardsPlan()
        var out = ""
        for app in graph.apps {
            let keys = plan.filter { $0.app == app }
            let leaves = graph.leaves(of: app)
            out += "\(app)  (\(keys.count) migration\(keys.count == 1 ? "" : "s"); leaf \(leaves.map(\.name).joined(separator: ", ")))\n"
            for key in keys {
                let node = graph.nodes[key]!
                var line = "  \(key.name)"
                let parents = node.parents.map { $0.app == app ? $0.name : $0.description }
                if !parents.isEmpty { line += "  ← " + parents.joined(separator: ", ") }
                if !node.external.isEmpty { line += "  (external: " + node.external.map(\.description).joined(separator: ", ") + ")" }
                if !node.externalDependents.isEmpty {
                    line += "  (runs before external " + node.externalDependents.map(\.description).joined(separator: ", ") + ")"
                }
                if !node.replaces.isEmpty { line += "  [squash of \(node.replaces.count)]" }
                out += line + "\n"
            }
        }
        let problems = problemLines(r)
        if !problems.isEmpty {
            out += "\nproblems:\n" + problems.map { "  " + $0 + "\n" }.joined()
        }
        if let (app, target) = r.unapply {
            let steps = graph.backwardsPlan(app: app, target: target)
            out += "\nmigrate \(app) \(target ?? "zero") un-applies \(steps.count) migration\(steps.count == 1 ? "" : "s"), in this order:\n"
            for (k, key) in steps.enumerated() {
                out += "  \(k + 1). \(key)\n"
                if let before = graph.nodes[key]?.externalDependents, !before.isEmpty {
                    out += "     first: " + before.map(\.description).joined(separator: ", ") + " and what follows (its run_before; not in these migrations)\n"
                }
            }
        }
        let errors = graph.problems.filter { $0.kind.severity == .error }.count
        out += "\(graph.nodes.count) migrations in \(graph.apps.count) apps, \(errors) graph error\(errors == 1 ? "" : "s")\n"
        return out
    }

    static func problemLines(_ r: GraphCommand.Request) -> [String] {
        var lines = r.graph.problems.map { p in
            "\(r.graph.nodes[p.key]?.path ?? p.key.description): \(p.kind.severity.rawValue) \(p.kind.rawValue) \(p.kind.name): \(p.message)"
        }
        for f in r.files {
            for d in f.diagnostics where d.severity == .error {
                let note = f.migration == nil ? " (this file is not in the graph)" : ""
                lines.append("\(f.path):\(d.location.line):\(d.location.column): error \(d.code.rawValue) \(d.code.name): \(d.message)\(note)")
            }
        }
        return lines
    }

    static func json(_ r: GraphCommand.Request) -> [UInt8] {
        let graph = r.graph
        var w = JSONWriter()
        w.object { w in
            w.key("schema"); w.string(schema)
            w.key("migcheck_version"); w.string(Version.current)
            w.key("apps")
            w.array(graph.apps) { w, app in
                w.object { w in
                    w.key("app"); w.string(app)
                    w.key("leaves"); w.array(graph.leaves(of: app)) { w, k in w.string(k.name) }
                    w.key("migrations")
                    w.array(graph.nodes.keys.filter { $0.app == app }.sorted()) { w, key in
                        let node = graph.nodes[key]!
                        w.object { w in
                            w.key("name"); w.string(key.name)
                            w.key("path"); w.string(node.path)
                            w.key("dependencies"); w.array(node.parents) { w, k in w.string(k.description) }
                            w.key("external_dependencies"); w.array(node.external) { w, k in w.string(k.description) }
                            w.key("external_dependents"); w.array(node.externalDependents) { w, k in w.string(k.description) }
                            w.key("replaces"); w.array(node.replaces) { w, k in w.string(k.description) }
                        }
                    }
                }
            }
            w.key("plan"); w.array(graph.forwardsPlan()) { w, k in w.string(k.description) }
            w.key("problems")
            w.array(graph.problems) { w, p in
                w.object { w in
                    w.key("code"); w.string(p.kind.rawValue)
                    w.key("name"); w.string(p.kind.name)
                    w.key("severity"); w.string(p.kind.severity.rawValue)
                    w.key("migration"); w.string(p.key.description)
                    w.key("path"); if let path = graph.nodes[p.key]?.path { w.string(path) } else { w.null() }
                    w.key("related"); w.array(p.related) { w, k in w.string(k.description) }
                    w.key("message"); w.string(p.message)
                }
            }
            if let (app, target) = r.unapply {
                w.key("unapply")
                w.object { w in
                    w.key("app"); w.string(app)
                    w.key("target"); w.string(target ?? "zero")
                    w.key("migrations"); w.array(graph.backwardsPlan(app: app, target: target)) { w, k in w.string(k.description) }
                }
            }
        }
        var bytes = w.bytes
        bytes.append(0x0A)
        return bytes
    }

    static func dot(_ r: GraphCommand.Request) -> String {
        let graph = r.graph
        let troubled = Set(graph.problems.flatMap { [$0.key] + $0.related })
        func id(_ k: MigrationKey) -> String { "\"" + k.description.replacingQuotes() + "\"" }
        var out = "digraph migrations {\n  rankdir=LR;\n  node [shape=box, fontsize=10];\n"
        // Grouped once: filtering every node for each app was quadratic in a large project.
        let keysByApp = Dictionary(grouping: graph.nodes.keys, by: \.app)
        for app in graph.apps {
            out += "  subgraph \"cluster_\(app.replacingQuotes())\" {\n    label=\"\(app.replacingQuotes())\";\n"
            for key in (keysByApp[app] ?? []).sorted() {
                let colour = troubled.contains(key) ? ", color=red, fontcolor=red" : ""
                out += "    \(id(key)) [label=\"\(key.name.replacingQuotes())\"\(colour)];\n"
            }
            out += "  }\n"
        }
        for key in graph.nodes.keys.sorted() {
            for parent in graph.nodes[key]!.parents { out += "  \(id(parent)) -> \(id(key));\n" }
        }
        return out + "}\n"
    }
}

extension String {
    /// Escapes `"` and `\` for a DOT quoted identifier.
    func replacingQuotes() -> String {
        // Names almost never hold either: those are returned as they are.
        guard utf8.contains(where: { $0 == 0x22 || $0 == 0x5C }) else { return self }
        var out = ""
        for c in self {
            if c == "\"" || c == "\\" { out.append("\\") }
            out.append(c)
        }
        return out
    }
}
