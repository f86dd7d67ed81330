import MigcheckGit
import MigcheckModel
import MigcheckSyntax

/// The migrations of one revision, read from git objects: nothing is
/// checked out, so a bare clone or a dirty work tree gives the same answer.
struct RevisionSnapshot: Sendable {
    var revision: String
    var commit: String
    var files: [ExtractedFile]
    /// Each migration file's blob, by path: equal blobs are equal files.
    var blobs: [String: String]
    var graph: MigrationGraph
    /// Each migration file's bytes, by path, for source lines in reports.
    var sources: [String: [UInt8]]

    /// The file of each migration, the ones a squash replaces included: the
    /// graph leaves those out, but their files are still there. Of two files
    /// with one key, the first, as the graph keeps it.
    var byKey: [MigrationKey: ExtractedFile] {
        var map: [MigrationKey: ExtractedFile] = [:]
        for file in files {
            guard let m = file.migration else { continue }
            let key = MigrationKey(m.app, m.name)
            if map[key] == nil { map[key] = file }
        }
        return map
    }
}

enum RevisionReader {
    /// The migration files of a commit's tree (as discovery finds them on
    /// disk, with the folders `migration-modules` names, before exclude
    /// patterns), and the blob of each app folder's `apps.py` and
    /// `__init__.py`, by path as `FileDiscovery.label` asks for them.
    static func list(_ tree: [TreeEntry], _ config: Configuration) -> (files: [(MigrationSourceFile, String)], appModules: [String: String]) {
        var files: [(MigrationSourceFile, String)] = []
        var modules: [(folder: String, name: String, blob: String)] = []
        for entry in tree {
            var module: String?
            if !Self.isCandidate(entry.path) {
                // The tree's other .py files: taken only from a folder migration-modules names.
                guard config.namesMigrationModules, let label = config.migrationModuleLabel(ofFolder: folderOf(entry.path)) else { continue }
                module = label
            }
            // Split at '/' bytes, as git and the file system do.
            let parts = entry.path.utf8.split(separator: UInt8(ascii: "/"))
            guard !parts.dropLast().contains(where: { FileDiscovery.isSkipped(folder: $0) }) else { continue }
            if module != nil, let name = parts.last, name.first == UInt8(ascii: ".") || !FileDiscovery.isMigrationModule(name) { continue }
            if let name = parts.last, name.elementsEqual("apps.py".utf8) || name.elementsEqual("__init__.py".utf8) {
                let folder = parts.count > 1 ? entry.path[..<parts[parts.count - 2].endIndex] : "."
                modules.append((String(folder), String(Substring(name)), entry.blob))
            } else {
                var file = FileDiscovery.describe(entry.path)
                if let module { file.app = module }
                files.append((file, entry.blob))
            }
        }
        // Only app folders' modules: a tree has an __init__.py in every package.
        let appFolders = Set(files.compactMap { FileDiscovery.appFolder(of: $0.0.path) })
        var appModules: [String: String] = [:]
        for module in modules where appFolders.contains(module.folder) {
            appModules[module.folder + "/" + module.name] = module.blob
        }
        return (files, appModules)
    }

    /// An app module (`apps.py`, `__init__.py`), or a file the walk of a work
    /// tree takes (`FileDiscovery`): `*.py` in a `migrations` folder, not
    /// hidden, not `__init__.py`. Told from the last two names, by bytes: a
    /// large tree has thousands of other files, and splitting each path (by
    /// Characters, before) was most of a range's reading.
    static func isCandidate(_ path: String) -> Bool {
        let bytes = Array(path.utf8)
        let nameStart = (bytes.lastIndex(of: UInt8(ascii: "/")) ?? -1) + 1
        let name = bytes[nameStart...]
        if name.elementsEqual("apps.py".utf8) || name.elementsEqual("__init__.py".utf8) { return true }
        guard nameStart > 0 else { return false }
        let folderStart = (bytes[..<(nameStart - 1)].lastIndex(of: UInt8(ascii: "/")) ?? -1) + 1
        // The walk passes hidden names over before it asks for a module.
        return bytes[folderStart..<(nameStart - 1)].elementsEqual("migrations".utf8)
            && name.first != UInt8(ascii: ".") && FileDiscovery.isMigrationModule(name)
    }

    /// Reads the revisions' migrations with `git cat-file` (and the newer
    /// revision's `pyproject.toml` with them, for its configuration),
    /// parses each distinct file once on every core, and builds each revision's graph.
    static func snapshots(_ repo: GitRepository, revisions: [(name: String, commit: String)],
                          configuration: (_ pyprojects: [(path: String, bytes: [UInt8])]) throws -> Configuration,
                          swappable: (Configuration) throws -> [String: String]) throws -> (snapshots: [RevisionSnapshot], config: Configuration) {
        // One git ls-tree per revision, at the same time: each takes milliseconds of a large tree.
        let listings = ParallelMap.map(revisions) { revision in
            Result { () throws(GitError) in try repo.tree(revision.commit, endingIn: [".py", "pyproject.toml"]) }
        }
        let trees = try listings.map { try $0.get() }
        // Every pyproject.toml of the newer revision: the project may live in a subfolder.
        let pyprojects = (trees.last ?? []).filter { $0.path == "pyproject.toml" || $0.path.hasSuffix("/pyproject.toml") }
        // The configuration first: it says which folders hold migrations.
        let settings = try repo.blobs(pyprojects.map(\.blob))
        let config = try configuration(pyprojects.compactMap { entry in settings[entry.blob].map { (entry.path, $0) } })
        let swappableModels = try swappable(config)
        let listed = trees.map { tree in
            let entry = list(tree, config)
            return (files: entry.files.filter { !config.isExcluded($0.0.path) }, appModules: entry.appModules)
        }
        let newerFolders = Set((listed.last?.files ?? []).map { folderOf($0.0.path) })
        try config.checkMigrationModules { newerFolders.contains($0) }
        let wanted = Set(listed.flatMap { $0.files.map(\.1) } + listed.flatMap { $0.appModules.values })
        let contents = try repo.blobs(Array(wanted).sorted())
        // Labels per revision: apps.py may change between them.
        var work: [String: (MigrationSourceFile, String)] = [:]  // "blob path app" → file
        var perRevision: [[(id: String, file: MigrationSourceFile, blob: String)]] = []
        for entry in listed {
            var labels: [String: String] = [:]
            var files: [(id: String, file: MigrationSourceFile, blob: String)] = []
            for (var file, blob) in entry.files {
                file.app = FileDiscovery.label(of: file, cache: &labels) { entry.appModules[$0].flatMap { contents[$0] } }
                if let label = config.appLabel(of: file.path) { file.app = label }
                guard config.keeps(file) else { continue }
                let id = "\(blob) \(file.path) \(file.app)"
                work[id] = (file, blob)
                files.append((id, file, blob))
            }
            perRevision.append(files)
        }
        let ids = Array(work.keys).sorted()
        let jobs = ids.map { work[$0]! }
        let parsed = ParallelMap.map(jobs) { file, blob -> ExtractedFile in
            guard let bytes = contents[blob] else {
                // A partial clone (--filter=blob:none) or a damaged repository: say so rather than read an empty file.
                return Inspector.unreadable(file, "git object \(blob) is missing from the repository (a partial or damaged clone?); fetch it, for example with git fetch --refetch")
            }
            return Inspector.inspect(file, bytes: bytes)
        }
        let byID = Dictionary(uniqueKeysWithValues: zip(ids, parsed))
        // RunPython code imported from the project's modules, from each
        // revision's own tree: resolving with the modules read so far asks
        // for those it needs next (a module that re-exports the function
        // from another), which are read before resolving again, until none
        // is missing (at most 4 batches).
        let treeBlobs = trees.map { tree in Dictionary(tree.map { ($0.path, $0.blob) }, uniquingKeysWith: { first, _ in first }) }
        var helpers: [String: [UInt8]] = [:]
        var resolved: [[ExtractedFile]] = []
        for batch in 0...4 {
            var wanted: Set<String> = []
            resolved = zip(perRevision, treeBlobs).map { files, blobs in
                let extracted = MigrationPackage.markingBadModules(files.map { byID[$0.id]! })
                return ImportedCode.resolve(extracted, only: Set(extracted.map(\.path))) { path in
                    guard let blob = blobs[path] else { return nil }
                    if let bytes = helpers[blob] { return bytes }
                    wanted.insert(blob)
                    return nil
                }
            }
            if wanted.isEmpty || batch == 4 { break }
            helpers.merge(try repo.blobs(Array(wanted).sorted())) { first, _ in first }
        }
        // Each revision's graph on a core of its own: building one is serial work.
        let inputs = Array(zip(revisions.map { ($0.name, $0.commit) }, zip(perRevision, resolved)))
        let snapshots = ParallelMap.map(inputs) { revision, pair in
            let (files, extracted) = pair
            let graph = MigrationGraph(files: extracted, swappableModels: swappableModels)
            var blobs: [String: String] = [:], sources: [String: [UInt8]] = [:]
            for (_, file, blob) in files {
                blobs[file.path] = blob
                sources[file.path] = contents[blob]
            }
            return RevisionSnapshot(revision: revision.0, commit: revision.1, files: extracted, blobs: blobs, graph: graph, sources: sources)
        }
        return (snapshots, config)
    }
}
