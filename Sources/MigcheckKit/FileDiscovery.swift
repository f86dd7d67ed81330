#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import FoundationEssentials
import MigcheckModel
import MigcheckSyntax

/// A migration file to read, with the app label and name Django would give it.
public struct MigrationSourceFile: Sendable {
    /// The path as it will be shown: the argument given, joined with the path found under it.
    public var path: String
    public var app: String
    public var name: String
}

public enum DiscoveryError: Error, CustomStringConvertible {
    case notFound(String)

    public var description: String {
        switch self {
        case .notFound(let path): return "no such file or directory: \(path)"
        }
    }
}

/// Finds migration files: each file given, and under each folder every
/// `*/migrations/*.py` except `__init__.py` (and `*.py` of the folders
/// `modules` names), skipping version-control,
/// virtualenv and cache folders. The result is sorted and free of duplicates.
public enum FileDiscovery {
    static let skippedFolders = ["node_modules", "__pycache__", "site-packages", "venv", "env"]

    /// Hidden folders and those of dependencies and caches never hold the
    /// project's migrations. Asked of every folder of a tree, on its bytes.
    static func isSkipped<Name: Collection>(folder name: Name) -> Bool where Name.Element == UInt8 {
        name.first == UInt8(ascii: ".") || skippedFolders.contains { $0.utf8.elementsEqual(name) }
    }

    /// Fails on the first path that does not exist.
    public static func checkExist(_ paths: [String]) throws(DiscoveryError) {
        // The same stat(2) test as the walk's (`FileBytes.isFolder`), which follows links too.
        for path in paths where FileBytes.isFolder(path) == nil { throw .notFound(path) }
    }

    /// Hands over the files found, in order: under one folder as the walk
    /// finds them, so that a caller can work on the first files while the
    /// rest are found; for several paths after sorting them together.
    /// Paths that do not exist are passed over (see `checkExist`).
    /// `modules` gives the app label of a folder that holds an app's
    /// migrations under another name than `migrations` (MIGRATION_MODULES).
    public static func find(_ paths: [String], modules: (String) -> String? = { _ in nil }, each emit: (MigrationSourceFile) -> Void) {
        var labels: [String: String] = [:]
        guard paths.count > 1 else {
            if let path = paths.first { find(path, modules: modules, each: emit, labels: &labels) }
            return
        }
        var found: [MigrationSourceFile] = []
        for path in paths { find(path, modules: modules, each: { found.append($0) }, labels: &labels) }
        // Byte order (as Python sorts paths), and no Unicode-aware comparisons
        // to pay for; one folder's walk is sorted already.
        found.sort { $0.path.utf8Precedes($1.path) }
        var last: String?
        for file in found where last != file.path {
            emit(file)
            last = file.path
        }
    }

    private static func find(_ path: String, modules: (String) -> String?, each emit: (MigrationSourceFile) -> Void,
                             labels: inout [String: String]) {
        guard let isFolder = FileBytes.isFolder(path) else { return }
        if isFolder {
            walk(path, modules: modules, into: emit, labels: &labels)
        } else if let app = modules(folderOf(path)) {
            emit(MigrationSourceFile(path: path, app: app, name: describe(path).name))
        } else {
            emit(labelled(describe(path), cache: &labels))
        }
    }

    /// A file found on disk, with the label its app's `apps.py` or `__init__.py` gives.
    private static func labelled(_ file: MigrationSourceFile, cache: inout [String: String]) -> MigrationSourceFile {
        var file = file
        file.app = label(of: file, cache: &cache) { try? FileBytes.read($0, regularOnly: true) }
        return file
    }

    /// A migration file's app label: the label its app's `apps.py` or
    /// `__init__.py` declares (`read` gives a file's bytes by path, as
    /// `appFolder` spells the folder plus `/apps.py`), else the folder's
    /// name. `cache` keeps one answer per app folder, so each is read once.
    static func label(of file: MigrationSourceFile, cache: inout [String: String], read: (String) -> [UInt8]?) -> String {
        guard let folder = appFolder(of: file.path) else { return file.app }
        if let known = cache[folder] { return known }
        let appsPy = read(folder + "/apps.py").map { SourceText(fileBytes: $0) }
        let label = AppConfigReader.label(appsPy: appsPy) { read(folder + "/__init__.py").map { SourceText(fileBytes: $0) } } ?? file.app
        cache[folder] = label
        return label
    }

    /// `X/app` for `X/app/migrations/0001_x.py`. Byte-wise, as `describe`.
    static func appFolder(of path: String) -> String? {
        let parts = lastComponents(of: path, count: 2)
        guard parts.count == 2, parts[0].utf8.elementsEqual("migrations".utf8) else { return nil }
        let end = parts[0].startIndex
        // Up to the slash before `migrations`; `.` for `migrations/...` and `/migrations/...`.
        let folder = end > path.startIndex ? path[..<path.utf8.index(before: end)] : ""
        return folder.isEmpty ? "." : String(folder)
    }

    /// Reads folders with readdir, looking at each name as C bytes, and
    /// makes Strings only for what it keeps: discovery walks a whole
    /// repository on the main thread before any parsing can start. Entries
    /// are visited in the byte order of the paths they lead to (a folder
    /// `name` sorts as `name/`), so the files come out sorted.
    private static func walk(_ folder: String, modules: (String) -> String?, into emit: (MigrationSourceFile) -> Void,
                             labels: inout [String: String]) {
        guard let dir = opendir(folder) else { return }
        let isNamedMigrations = folder.hasSuffix("/migrations") || folder == "migrations"
        let module = isNamedMigrations ? nil : modules(folder)
        let isMigrations = isNamedMigrations || module != nil
        let prefix = folder.hasSuffix("/") ? folder : folder + "/"
        var entries: [(key: [UInt8], type: UInt8)] = []
        while let entry = readdir(dir) {
            let type = entry.pointee.d_type
            withUnsafePointer(to: &entry.pointee.d_name) { raw in
                raw.withMemoryRebound(to: UInt8.self, capacity: 256) { name in
                    // Hidden entries, `.` and `..` are never migrations or app folders.
                    guard name[0] != UInt8(ascii: ".") else { return }
                    let length = strlen(UnsafeRawPointer(name).assumingMemoryBound(to: CChar.self))
                    let bytes = UnsafeBufferPointer(start: name, count: length)
                    // Regular files matter only in a migrations folder.
                    guard Int32(type) != Int32(DT_REG) || (isMigrations && isMigrationModule(bytes)) else { return }
                    entries.append((Array(bytes), type))
                }
            }
        }
        closedir(dir)
        var visits: [(key: [UInt8], isFolder: Bool)] = []
        for (name, type) in entries {
            switch kind(of: type, at: prefix + String(decoding: name, as: UTF8.self)) {
            case .folder where !isSkipped(folder: name): visits.append((name + [UInt8(ascii: "/")], true))
            case .file where isMigrations && isMigrationModule(name): visits.append((name, false))
            default: break
            }
        }
        visits.sort { $0.key.lexicographicallyPrecedes($1.key) }
        // Every file of a migrations folder has the same app: labelled once.
        var app = module
        for visit in visits {
            let name = String(decoding: visit.isFolder ? visit.key.dropLast() : visit.key[...], as: UTF8.self)
            if visit.isFolder { walk(prefix + name, modules: modules, into: emit, labels: &labels); continue }
            let path = prefix + name
            let file = app.map { MigrationSourceFile(path: path, app: $0, name: String(name.utf8.dropLast(3))!) }
                ?? labelled(describe(path), cache: &labels)
            app = file.app
            emit(file)
        }
    }

    /// `*.py` except `__init__.py`.
    static func isMigrationModule<Name: BidirectionalCollection>(_ name: Name) -> Bool where Name.Element == UInt8 {
        name.count > 3 && name.suffix(3).elementsEqual(".py".utf8) && !name.elementsEqual("__init__.py".utf8)
    }

    private enum EntryKind { case folder, file, other }

    /// A symlinked folder could loop, so links are followed to files only;
    /// real projects do not link migration folders.
    private static func kind(of type: UInt8, at path: @autoclosure () -> String) -> EntryKind {
        switch Int32(type) {
        case Int32(DT_DIR): return .folder
        case Int32(DT_REG): return .file
        case Int32(DT_LNK), Int32(DT_UNKNOWN):
            var info = stat()
            guard stat(path(), &info) == 0 else { return .other }
            let format = info.st_mode & S_IFMT
            if format == S_IFREG { return .file }
            return Int32(type) == Int32(DT_UNKNOWN) && format == S_IFDIR ? .folder : .other
        default: return .other
        }
    }

    /// The closest folder from `folder` up, itself included, where `holds`
    /// is true; named relative to the current folder when inside it, so that
    /// reports show relative paths.
    static func nearest(from folder: String, where holds: (String) -> Bool) -> String? {
        let cwd = FileManager.default.currentDirectoryPath
        var url = URL(fileURLWithPath: folder).standardizedFileURL
        while true {
            let path = url.path
            if holds(path) {
                return path == cwd ? "." : (path.hasPrefix(cwd + "/") ? String(path.dropFirst(cwd.count + 1)) : path)
            }
            let parent = url.deletingLastPathComponent()
            if parent.path == path { return nil }
            url = parent
        }
    }

    /// App label from the path: the folder that holds `migrations/` (Django's
    /// default label is the app module's last name; `find` then applies
    /// `apps.py`); name: the file stem.
    static func describe(_ path: String) -> MigrationSourceFile {
        let components = lastComponents(of: path, count: 3)
        let file = components.last ?? path[...]
        let name = file.utf8.count > 3 && file.utf8.suffix(3).elementsEqual(".py".utf8)
            ? String(file[..<file.utf8.index(file.endIndex, offsetBy: -3)]) : String(file)
        var app = ""
        if components.count == 3 && components[1].utf8.elementsEqual("migrations".utf8) {
            app = String(components[0])
        } else if components.count >= 2 {
            app = String(components[components.count - 2])
        }
        return MigrationSourceFile(path: path, app: app, name: name)
    }

    /// Up to `count` last non-empty `/`-separated components, in order. Works
    /// on UTF-8 bytes, never on Characters (whose counting and comparison
    /// cost microseconds a path): this runs for every file found, on the main thread.
    static func lastComponents(of path: String, count: Int) -> [Substring] {
        var found: [Substring] = []
        var end = path.endIndex
        while found.count < count && end > path.startIndex {
            let slash = path.utf8[..<end].lastIndex(of: UInt8(ascii: "/"))
            let start = slash.map { path.utf8.index(after: $0) } ?? path.startIndex
            if start < end { found.append(path[start..<end]) }
            guard let slash else { break }
            end = slash
        }
        return found.reversed()
    }
}
