import Foundation
import MigcheckModel
import MigcheckSyntax

/// Reads, parses and extracts migration files, in parallel, keeping the
/// order of the input. A file that cannot be read is a diagnostic, not a stop.
public enum Inspector {
    public static func inspect(_ files: [MigrationSourceFile]) -> [ExtractedFile] {
        ParallelMap.map(files) { file in inspect(file, onLargeStack: true) }
    }

    public static func inspect(_ file: MigrationSourceFile, onLargeStack: Bool = false) -> ExtractedFile {
        guard let data = FileManager.default.contents(atPath: file.path) else {
            let empty = SourceText(bytes: [])
            let diagnostic = Diagnostic(.unreadableFile, .error, "cannot read the file",
                                        range: TextRange(0, 0), in: empty)
            return ExtractedFile(path: file.path, migration: nil, skipped: "unreadable", diagnostics: [diagnostic])
        }
        let module = Parser.parse(SourceText(bytes: [UInt8](data)), onLargeStack: onLargeStack)
        return MigrationExtractor.extract(path: file.path, app: file.app, name: file.name, module: module)
    }
}
