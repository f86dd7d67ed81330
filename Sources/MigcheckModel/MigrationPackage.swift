/// Django's loader imports every module of an app's migrations package but
/// those named `_...` or `~...`, and stops with BadMigrationError on one that
/// has no `Migration` class. A folder can be told to be such a package when
/// it holds migrations; elsewhere (a test folder named `migrations`, another
/// tool's scripts) a module without the class is only skipped (MC005).
public enum MigrationPackage {
    /// `files`, with MC005 turned into MC006 for the modules that share a folder with migrations.
    public static func markingBadModules(_ files: [ExtractedFile]) -> [ExtractedFile] {
        let packages = Set(files.filter { $0.migration != nil }.map { folder(of: $0.path) })
        guard !packages.isEmpty else { return files }
        return files.map { file in
            guard file.migration == nil, packages.contains(folder(of: file.path)) else { return file }
            var marked = file
            for (n, d) in file.diagnostics.enumerated() where d.code == .notAMigration {
                let module = file.path.split(separator: "/").last.map { String($0.dropLast(3)) } ?? file.path
                let message = "Django's loader stops on this module (BadMigrationError: Migration \(module) has no Migration class): "
                    + "the folder holds migrations, so it is an app's migrations package, whose modules Django imports as migrations "
                    + "unless their names start with '_' or '~'. Rename it to _\(module).py (and its imports), or move it out of the folder"
                marked.diagnostics[n] = Diagnostic(.badMigrationModule, .error, message, range: d.range, location: d.location)
            }
            return marked
        }
    }

    private static func folder(of path: String) -> Substring {
        path.lastIndex(of: "/").map { path[..<$0] } ?? ""
    }
}
