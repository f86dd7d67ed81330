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
        var seen: Set<String> = []
        return found.sorted().filter { seen.insert($0).inserted }.map(describe)
    }

    private static func walk(_ folder: String, into found: inout [String]) {
        let fm = FileManager.default
        guard let entries = try? fm.contentsOfDirectory(atPath: folder) else { return }
        let isMigrations = (folder as NSString).lastPathComponent == "migrations"
        for entry in entries.sorted() {
            let full = folder.hasSuffix("/") ? folder + entry : folder + "/" + entry
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: full, isDirectory: &isDirectory) else { continue }
            if isDirectory.boolValue {
                if entry.hasPrefix(".") || skippedFolders.contains(entry) { continue }
                // A symlinked folder could loop; real projects do not link migrations.
                if (try? fm.destinationOfSymbolicLink(atPath: full)) != nil { continue }
                walk(full, into: &found)
            } else if isMigrations && entry.hasSuffix(".py") && entry != "__init__.py" {
                found.append(full)
            }
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
