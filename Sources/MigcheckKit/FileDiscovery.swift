import Foundation

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
/// `*/migrations/*.py` except `__init__.py`, skipping version-control,
/// virtualenv and cache folders. The result is sorted and free of duplicates.
public enum FileDiscovery {
    static let skippedFolders: Set<String> = ["node_modules", "__pycache__", "site-packages", "venv", "env"]

    public static func find(_ paths: [String]) throws(DiscoveryError) -> [MigrationSourceFile] {
        var found: [String] = []
        let fm = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDirectory) else { throw .notFound(path) }
            if isDirectory.boolValue {
                walk(path, into: &found)
            } else {
                found.append(path)
            }
        }
        // Byte order (as Python sorts paths), and no Unicode-aware comparisons to pay for.
        found.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        var unique: [String] = []
        for path in found where unique.last != path { unique.append(path) }
        return unique.map(describe)
    }

    /// Reads folders with readdir, whose entry types spare a stat per file:
    /// discovery runs on the main thread before any parsing can start.
    private static func walk(_ folder: String, into found: inout [String]) {
        guard let dir = opendir(folder) else { return }
        defer { closedir(dir) }
        let isMigrations = folder.hasSuffix("/migrations") || folder == "migrations"
        var entries: [(name: String, type: UInt8)] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) { pointer in
                pointer.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name == "." || name == ".." { continue }
            entries.append((name, entry.pointee.d_type))
        }
        entries.sort { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
        for (name, type) in entries {
            let full = folder.hasSuffix("/") ? folder + name : folder + "/" + name
            switch kind(of: full, type: type) {
            case .folder:
                if name.hasPrefix(".") || skippedFolders.contains(name) { continue }
                walk(full, into: &found)
            case .file:
                if isMigrations && name.hasSuffix(".py") && name != "__init__.py" { found.append(full) }
            case .other:
                continue
            }
        }
    }

    private enum EntryKind { case folder, file, other }

    /// A symlinked folder could loop, so links are followed to files only;
    /// real projects do not link migration folders.
    private static func kind(of path: String, type: UInt8) -> EntryKind {
        switch Int32(type) {
        case Int32(DT_DIR): return .folder
        case Int32(DT_REG): return .file
        case Int32(DT_LNK), Int32(DT_UNKNOWN):
            var info = stat()
            guard stat(path, &info) == 0 else { return .other }
            let format = info.st_mode & S_IFMT
            if format == S_IFREG { return .file }
            return Int32(type) == Int32(DT_UNKNOWN) && format == S_IFDIR ? .folder : .other
        default: return .other
        }
    }

    /// App label: the folder that holds `migrations/` (Django's default label
    /// is the app module's last name); name: the file stem.
    static func describe(_ path: String) -> MigrationSourceFile {
        let components = lastComponents(of: path, count: 3)
        let file = components.last.map(String.init) ?? path
        let name = file.hasSuffix(".py") ? String(file.dropLast(3)) : file
        var app = ""
        if components.count == 3 && components[1] == "migrations" {
            app = String(components[0])
        } else if components.count >= 2 {
            app = String(components[components.count - 2])
        }
        return MigrationSourceFile(path: path, app: app, name: name)
    }

    /// Up to `count` last non-empty `/`-separated components, in order. Works
    /// on UTF-8 bytes: this runs for every file found, on the main thread.
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
