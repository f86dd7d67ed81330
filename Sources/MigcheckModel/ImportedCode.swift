import MigcheckSyntax

/// RunPython code imported from the project's own modules (`from
/// shop.migration_utils import backfill`, `from ..utils import backfill`):
/// the module's file is looked for from the migration's folder up, as Python
/// would find the package on its path, and the function's source, with the
/// module functions it calls, is what the rules read, as for a function
/// defined in the migration.
public enum ImportedCode {
    /// The files that may hold the module defining `qualified`, nearest
    /// first, and the function's own name; nil for a name no module file gives.
    public static func candidates(for qualified: String, importedBy path: String) -> (function: String, files: [String])? {
        let level = qualified.prefix { $0 == "." }.count
        let parts = qualified.dropFirst(level).split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard let function = parts.last, parts.allSatisfy({ !$0.isEmpty }) else { return nil }
        let module = parts.dropLast()
        guard level > 0 || !module.isEmpty else { return nil }
        var folders = path.split(separator: "/", omittingEmptySubsequences: false).dropLast().map(String.init)
        func files(in base: [String]) -> [String] {
            let stem = (base + module).joined(separator: "/")
            return module.isEmpty ? [stem + "/__init__.py"] : [stem + ".py", stem + "/__init__.py"]
        }
        if level > 0 {
            // `.x` is beside the migration, in its package; each more dot goes a folder up.
            guard folders.count >= level - 1 else { return nil }
            folders.removeLast(level - 1)
            return (function, files(in: folders))
        }
        // An absolute module: from the app's folder (migrations/ holds none) up to the top.
        var found: [String] = []
        while !folders.isEmpty {
            folders.removeLast()
            found += files(in: folders)
            if folders == [""] { break }  // `/`, of an absolute path
        }
        return (function, found)
    }

    /// Whether an operation of `list` runs a function imported from a module not read yet.
    static func importsCode(_ list: OperationList) -> Bool {
        list.operations.contains { op in
            op.arguments.contains { _, value in
                switch value {
                case .callable(let ref): return ref.kind == .external && ref.source == nil && ref.qualifiedName != nil
                case .operations(let nested): return importsCode(nested)
                default: return false
                }
            }
        }
    }

    /// `files` with the imported RunPython code of those in `only` read from
    /// the first candidate module that `read` gives (each parsed once).
    public static func resolve(_ files: [ExtractedFile], only: Set<String>, read: (String) -> [UInt8]?) -> [ExtractedFile] {
        var modules: [String: ModuleScope?] = [:]
        func module(_ path: String) -> ModuleScope? {
            if let known = modules[path] { return known }
            let scope = read(path).map { ModuleScope(module: Parser.parse(SourceText(fileBytes: $0), onLargeStack: true)) }
            modules[path] = scope
            return scope
        }
        // The function's definition: in the first module found, or where
        // that module imports it from (a package's `__init__.py` re-exporting it).
        func definition(of qualified: String, importedBy path: String, hops: Int = 0) -> (file: String, scope: ModuleScope, def: Stmt, name: String)? {
            guard hops < 4, let (function, candidates) = candidates(for: qualified, importedBy: path),
                  let file = candidates.first(where: { module($0) != nil }), let scope = module(file) else { return nil }
            if let def = scope.functions[function] { return (file, scope, def, function) }
            return scope.qualify(function).flatMap { definition(of: $0, importedBy: file, hops: hops + 1) }
        }
        func resolved(_ value: Value, importedBy path: String) -> Value {
            switch value {
            case .callable(var ref) where ref.kind == .external && ref.source == nil:
                guard let qualified = ref.qualifiedName, let (file, scope, def, function) = definition(of: qualified, importedBy: path) else { return value }
                ref.source = scope.source.text(def.range)
                ref.helperSource = scope.helperSource(of: def, named: function)
                ref.startLine = scope.source.location(of: Int(def.range.start)).line
                ref.endLine = scope.source.location(of: Int(def.range.end)).line
                ref.definedIn = file
                return .callable(ref)
            case .operations(let list):
                return .operations(list.mappingArguments { resolved($1, importedBy: path) })
            default:
                return value
            }
        }
        return files.map { file in
            guard only.contains(file.path), var migration = file.migration, importsCode(migration.operations) else { return file }
            guard case .operations(let list) = resolved(.operations(migration.operations), importedBy: file.path) else { return file }
            migration.operations = list
            var copy = file
            copy.migration = migration
            return copy
        }
    }
}
