import MigcheckModel

/// `migcheck inspect --format json`: the operations model of every file,
/// documented in docs/inspect-json.md. Bump `schema` on any incompatible change.
struct InspectJSONReporter: InspectFormat {
    static let schema = "migcheck.inspect/1"

    /// One file's object, written at the depth it has in the document.
    static func piece(_ f: ExtractedFile) -> JSONWriter.Written {
        var w = JSONWriter(level: 2)
        file(f, into: &w)
        return w.written
    }

    /// The document being written around the pieces.
    private var w = JSONWriter()

    init(into out: inout ChunkedOutput) {
        w.beginObject()
        w.key("schema"); w.string(InspectJSONReporter.schema)
        w.key("migcheck_version"); w.string(Version.current)
        w.key("files")
        w.beginArray()
    }

    mutating func add(_ piece: JSONWriter.Written, into out: inout ChunkedOutput) {
        w.fragment(piece, into: &out)
    }

    /// The summary comes after the files: it counts them, and the files are
    /// written as they are read.
    mutating func finish(_ summary: InspectSummary, into out: inout ChunkedOutput) {
        w.endArray()
        w.key("summary")
        w.object { w in
            w.key("files"); w.int(summary.files)
            w.key("migrations"); w.int(summary.migrations)
            w.key("skipped"); w.int(summary.files - summary.migrations)
            w.key("files_with_errors"); w.int(summary.filesWithErrors)
            w.key("operations"); w.int(summary.operations)
        }
        w.endObject()
        w.drain(into: &out)
        out.append([0x0A])
    }

    static func file(_ f: ExtractedFile, into w: inout JSONWriter) {
        w.object { w in
            w.key("path"); w.string(f.path)
            w.key("status"); w.string(f.migration != nil ? "migration" : "skipped")
            if let reason = f.skipped { w.key("skipped_reason"); w.string(reason) }
            w.key("diagnostics"); w.array(f.diagnostics, diagnostic)
            guard let m = f.migration else { return }
            w.key("app"); w.string(m.app)
            w.key("name"); w.string(m.name)
            w.key("generated_by")
            if let g = m.generatedBy {
                w.object { w in
                    w.key("django"); w.string(g.djangoVersion)
                    w.key("date"); w.string(g.date)
                }
            } else {
                w.null()
            }
            w.key("bases"); w.array(m.bases) { w, base in w.string(base) }
            w.key("dependencies"); w.array(m.dependencies, dependency)
            w.key("replaces"); w.array(m.replaces, dependency)
            w.key("run_before"); w.array(m.runBefore, dependency)
            w.key("initial"); flag(m.initial, absent: nil, into: &w)
            w.key("atomic"); flag(m.atomic, absent: true, into: &w)
            w.key("operations_dynamic"); w.bool(m.operations.isDynamic)
            w.key("operations"); w.array(m.operations.operations, operation)
        }
    }

    static func diagnostic(_ w: inout JSONWriter, _ d: Diagnostic) {
        w.object { w in
            w.key("code"); w.string(d.code.rawValue)
            w.key("name"); w.string(d.code.name)
            w.key("severity"); w.string(d.severity.rawValue)
            w.key("line"); w.int(d.location.line)
            w.key("column"); w.int(d.location.column)
            w.key("message"); w.string(d.message)
        }
    }

    static func dependency(_ w: inout JSONWriter, _ d: Dependency) {
        switch d {
        case .migration(let app, let name):
            w.beginArray()
            w.string(app)
            w.string(name)
            w.endArray()
        case .swappable(let setting):
            w.object { w in w.key("swappable"); w.string(setting) }
        case .swapper(let model, let version, let source):
            w.object { w in
                w.key("dynamic"); w.string(source)
                switch model {
                case .named(let app, _):
                    w.key("swappable"); w.string(model.setting)
                    w.key("default")
                    w.beginArray()
                    w.string(app)
                    w.string(version ?? "__first__")
                    w.endArray()
                case .setting(let setting):
                    w.key("model"); w.string(setting)
                    w.key("version"); w.string(version ?? "__first__")
                }
            }
        case .dynamic(let source):
            w.object { w in w.key("dynamic"); w.string(source) }
        }
    }

    /// `absent` is what an unset attribute means: Django's default, or nil for null.
    static func flag(_ f: Flag, absent: Bool?, into w: inout JSONWriter) {
        switch f {
        case .absent: if let absent { w.bool(absent) } else { w.null() }
        case .value(let v): w.bool(v)
        case .none: w.null()
        case .dynamic(let source): w.object { w in w.key("dynamic"); w.string(source) }
        }
    }

    static func operation(_ w: inout JSONWriter, _ op: MigcheckModel.Operation) {
        w.object { w in
            w.key("type"); w.string(op.type)
            w.key("callee"); w.string(op.callee)
            w.key("django"); w.bool(op.isDjango)
            w.key("line"); w.int(op.location.line)
            w.key("column"); w.int(op.location.column)
            if let unresolved = op.unresolved {
                w.key("unresolved"); w.string(unresolved)
                return
            }
            var nested: [(String, OperationList)] = []
            w.key("args")
            w.object { w in
                for (name, v) in op.arguments {
                    if case .operations(let list) = v { nested.append((name, list)) } else { w.key(identifier: name); value(&w, v) }
                }
            }
            if !op.extraPositional.isEmpty { w.key("positional"); w.array(op.extraPositional, value) }
            if op.hasUnpacking { w.key("unpacking"); w.bool(true) }
            if !nested.isEmpty {
                w.key("nested")
                w.object { w in
                    for (name, list) in nested {
                        w.key(identifier: name); w.array(list.operations, operation)
                        if list.isDynamic { w.key(identifier: name + "_dynamic"); w.bool(true) }
                    }
                }
            }
        }
    }

    static func value(_ w: inout JSONWriter, _ v: Value) {
        switch v {
        case .string(let s): w.string(s)
        case .int(let i): w.int(i)
        case .float(let d): w.double(d)
        case .bool(let b): w.bool(b)
        case .none: w.null()
        case .list(let items), .tuple(let items): w.array(items, value)
        case .set(let items): w.object { w in w.key("set"); w.array(items, value) }
        case .dict(let items): dict(&w, items)
        case .call(let c):
            w.object { w in
                w.key("call"); w.string(c.callee)
                w.key("class"); w.string(c.className)
                if !c.positional.isEmpty { w.key("args"); w.array(c.positional, value) }
                w.key("kwargs")
                w.object { w in for (k, v) in c.keywords { w.key(identifier: k); value(&w, v) } }
                if c.hasUnpacking { w.key("unpacking"); w.bool(true) }
            }
        case .callable(let ref):
            w.object { w in
                w.key("callable"); w.string(ref.name)
                w.key("kind"); w.string(ref.kind.rawValue)
                if ref.kind == .external, let imported = ref.qualifiedName { w.key("imported"); w.string(imported) }
                if let s = ref.startLine { w.key("line"); w.int(s) }
                if let e = ref.endLine { w.key("end_line"); w.int(e) }
                if let source = ref.source { w.key("source"); w.string(source) }
            }
        case .noop(let name): w.object { w in w.key("noop"); w.string(name) }
        case .sql(let statements):
            w.object { w in
                w.key("sql")
                w.array(statements) { w, s in
                    if let sql = s.sql, let params = s.params {
                        w.object { w in w.key("sql"); w.string(sql); w.key("params"); value(&w, params) }
                    } else if let sql = s.sql {
                        w.string(sql)
                    } else {
                        w.object { w in w.key("expr"); w.string(s.expression ?? "") }
                    }
                }
            }
        case .operations(let list): w.array(list.operations, operation)
        case .expression(let source): w.object { w in w.key("expr"); w.string(source) }
        }
    }

    /// A dict with string keys is an object (a repeated key keeps its last
    /// value, in the first key's place, as in Python); otherwise a list of pairs.
    static func dict(_ w: inout JSONWriter, _ items: [(Value, Value)]) {
        guard items.allSatisfy({ $0.0.stringValue != nil }) else {
            w.object { w in
                w.key("dict")
                w.array(items) { w, pair in w.array([pair.0, pair.1], value) }
            }
            return
        }
        // Keys are nearly always distinct: then the pairs are written as they
        // are, without a table (a few keys compare faster than they hash).
        let keys = items.map { $0.0.stringValue! }
        if items.count <= 16 && !keys.indices.contains(where: { i in keys[..<i].contains(keys[i]) }) {
            w.object { w in for (key, (_, v)) in zip(keys, items) { w.key(named: key); value(&w, v) } }
            return
        }
        var order: [String] = []
        var last: [String: Value] = [:]
        for (key, (_, v)) in zip(keys, items) {
            if last.updateValue(v, forKey: key) == nil { order.append(key) }
        }
        w.object { w in for key in order { w.key(named: key); value(&w, last[key]!) } }
    }
}
