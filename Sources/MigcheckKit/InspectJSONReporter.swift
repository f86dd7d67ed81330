import MigcheckModel

/// `migcheck inspect --format json`: the operations model of every file,
/// documented in docs/inspect-json.md. Bump `schema` on any incompatible change.
public enum InspectJSONReporter {
    public static let schema = "migcheck.inspect/1"

    public static func render(_ files: [ExtractedFile]) -> String {
        document(files).serialized()
    }

    static func document(_ files: [ExtractedFile]) -> JSON {
        let migrations = files.filter { $0.migration != nil }
        let summary: JSON = .object([
            ("files", .int(files.count)),
            ("migrations", .int(migrations.count)),
            ("skipped", .int(files.filter { $0.migration == nil }.count)),
            ("files_with_errors", .int(files.filter { $0.diagnostics.contains { $0.severity == .error } }.count)),
            ("operations", .int(migrations.reduce(0) { $0 + ($1.migration?.operations.operations.count ?? 0) })),
        ])
        return .object([
            ("schema", .string(schema)),
            ("migcheck_version", .string(Version.current)),
            ("summary", summary),
            ("files", .array(files.map(file))),
        ])
    }

    static func file(_ f: ExtractedFile) -> JSON {
        var members: [(String, JSON)] = [("path", .string(f.path))]
        members.append(("status", .string(f.migration != nil ? "migration" : "skipped")))
        if let reason = f.skipped { members.append(("skipped_reason", .string(reason))) }
        members.append(("diagnostics", .array(f.diagnostics.map(diagnostic))))
        guard let m = f.migration else { return .object(members) }
        members.append(contentsOf: [
            ("app", .string(m.app)),
            ("name", .string(m.name)),
            ("generated_by", m.generatedBy.map { .object([("django", .string($0.djangoVersion)), ("date", .string($0.date))]) } ?? .null),
            ("bases", .array(m.bases.map { .string($0) })),
            ("dependencies", .array(m.dependencies.map(dependency))),
            ("replaces", .array(m.replaces.map(dependency))),
            ("run_before", .array(m.runBefore.map(dependency))),
            ("initial", flag(m.initial, absent: .null)),
            ("atomic", flag(m.atomic, absent: .bool(true))),
            ("operations_dynamic", .bool(m.operations.isDynamic)),
            ("operations", .array(m.operations.operations.map(operation))),
        ])
        return .object(members)
    }

    static func diagnostic(_ d: Diagnostic) -> JSON {
        .object([
            ("code", .string(d.code.rawValue)),
            ("name", .string(d.code.name)),
            ("severity", .string(d.severity.rawValue)),
            ("line", .int(d.location.line)),
            ("column", .int(d.location.column)),
            ("message", .string(d.message)),
        ])
    }

    static func dependency(_ d: Dependency) -> JSON {
        switch d {
        case .migration(let app, let name): return .array([.string(app), .string(name)])
        case .swappable(let setting): return .object([("swappable", .string(setting))])
        case .dynamic(let source): return .object([("dynamic", .string(source))])
        }
    }

    static func flag(_ f: Flag, absent: JSON) -> JSON {
        switch f {
        case .absent: return absent
        case .value(let v): return .bool(v)
        case .none: return .null
        case .dynamic(let source): return .object([("dynamic", .string(source))])
        }
    }

    static func operation(_ op: Operation) -> JSON {
        var members: [(String, JSON)] = [
            ("type", .string(op.type)),
            ("callee", .string(op.callee)),
            ("django", .bool(op.isDjango)),
            ("line", .int(op.location.line)),
            ("column", .int(op.location.column)),
        ]
        if let unresolved = op.unresolved {
            members.append(("unresolved", .string(unresolved)))
            return .object(members)
        }
        var args: [(String, JSON)] = []
        var nested: [(String, JSON)] = []
        for (name, v) in op.arguments {
            if case .operations(let list) = v {
                nested.append((name, .array(list.operations.map(operation))))
                if list.isDynamic { nested.append((name + "_dynamic", .bool(true))) }
            } else {
                args.append((name, value(v)))
            }
        }
        members.append(("args", .object(args)))
        if !op.extraPositional.isEmpty { members.append(("positional", .array(op.extraPositional.map(value)))) }
        if op.hasUnpacking { members.append(("unpacking", .bool(true))) }
        if !nested.isEmpty { members.append(("nested", .object(nested))) }
        return .object(members)
    }

    static func value(_ v: Value) -> JSON {
        switch v {
        case .string(let s): return .string(s)
        case .int(let i): return .int(i)
        case .float(let d): return .double(d)
        case .bool(let b): return .bool(b)
        case .none: return .null
        case .list(let items), .tuple(let items): return .array(items.map(value))
        case .set(let items): return .object([("set", .array(items.map(value)))])
        case .dict(let items):
            if items.allSatisfy({ $0.0.stringValue != nil }) {
                var seen: [String: Int] = [:]
                var members: [(String, JSON)] = []
                for (k, v) in items {
                    let key = k.stringValue!
                    if let at = seen[key] { members[at].1 = value(v) } else {
                        seen[key] = members.count
                        members.append((key, value(v)))
                    }
                }
                return .object(members)
            }
            return .object([("dict", .array(items.map { .array([value($0.0), value($0.1)]) }))])
        case .call(let c):
            var members: [(String, JSON)] = [("call", .string(c.callee)), ("class", .string(c.className))]
            if !c.positional.isEmpty { members.append(("args", .array(c.positional.map(value)))) }
            members.append(("kwargs", .object(c.keywords.map { ($0.0, value($0.1)) })))
            if c.hasUnpacking { members.append(("unpacking", .bool(true))) }
            return .object(members)
        case .callable(let ref):
            var members: [(String, JSON)] = [("callable", .string(ref.name)), ("kind", .string(ref.kind.rawValue))]
            if let s = ref.startLine { members.append(("line", .int(s))) }
            if let e = ref.endLine { members.append(("end_line", .int(e))) }
            if let source = ref.source { members.append(("source", .string(source))) }
            return .object(members)
        case .noop(let name): return .object([("noop", .string(name))])
        case .sql(let statements):
            return .object([("sql", .array(statements.map { s in
                if let params = s.params, let sql = s.sql { return .object([("sql", .string(sql)), ("params", value(params))]) }
                if let sql = s.sql { return .string(sql) }
                return .object([("expr", .string(s.expression ?? ""))])
            }))])
        case .operations(let list): return .array(list.operations.map(operation))
        case .expression(let source): return .object([("expr", .string(source))])
        }
    }
}
