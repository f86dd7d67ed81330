import FoundationEssentials
import MigcheckModel
import MigcheckSyntax

/// Reads, parses and extracts migration files, in parallel, keeping the
/// order of the input. A file that cannot be read is a diagnostic, not a stop.
enum Inspector {
    /// The whole `inspect` report, handed to `destination` in chunks: each
    /// worker reads, parses, extracts and renders one file while it is in
    /// cache, and keeps only the rendered bytes and the counts; the main
    /// thread finds the files meanwhile (`produce` gives them in order), then
    /// writes each file's piece in that order as soon as it is done, so the
    /// report is written while later files are still being read.
    static func report<Format: InspectFormat>(_ produce: ((MigrationSourceFile) -> Void) -> Void, as format: Format.Type,
                                              to destination: @escaping ([UInt8]) -> Void) -> InspectSummary {
        var out = ChunkedOutput(to: destination)
        var document = Format(into: &out)
        var summary = InspectSummary()
        ParallelMap.pipeline(produce: produce, { file -> (Format.Piece, InspectSummary) in
            let extracted = inspect(file)
            return (Format.piece(extracted), InspectSummary(extracted))
        }, consume: { piece, counts in
            summary = summary + counts
            document.add(piece, into: &out)
        })
        document.finish(summary, into: &out)
        out.flush()
        return summary
    }

    /// One file, on a `ParallelMap` worker (whose stack the parser can use directly).
    static func inspect(_ file: MigrationSourceFile) -> ExtractedFile {
        load(file).file
    }

    /// One file and the bytes it was read from (nil when it could not be read),
    /// for callers that show source lines afterwards.
    static func load(_ file: MigrationSourceFile) -> (file: ExtractedFile, bytes: [UInt8]?) {
        do {
            let bytes = try FileBytes.read(file.path)
            return (inspect(file, bytes: bytes), bytes)
        } catch {
            return (unreadable(file, "cannot read the file: \(error)"), nil)
        }
    }

    /// A file whose bytes could not be had: an error diagnostic, and nothing else.
    static func unreadable(_ file: MigrationSourceFile, _ message: String) -> ExtractedFile {
        let diagnostic = Diagnostic(.unreadableFile, .error, message, range: TextRange(0, 0), in: SourceText(bytes: []))
        return ExtractedFile(path: file.path, migration: nil, skipped: "unreadable", diagnostics: [diagnostic])
    }

    /// A file whose bytes were read elsewhere (from a git object).
    static func inspect(_ file: MigrationSourceFile, bytes: [UInt8]) -> ExtractedFile {
        let module = Parser.parse(SourceText(fileBytes: bytes), onLargeStack: true)
        return MigrationExtractor.extract(path: file.path, app: file.app, name: file.name, module: module)
    }
}

/// How a report of `inspect` is made: a piece per file, and the document
/// around them, written as the pieces come, the counts last.
protocol InspectFormat: SendableMetatype {
    associatedtype Piece: ReportPiece
    /// One file's part of the report; called on worker threads.
    static func piece(_ file: ExtractedFile) -> Piece
    /// Starts the document, writing what comes before the first piece.
    init(into out: inout ChunkedOutput)
    /// The next file's piece, in the order of the files.
    mutating func add(_ piece: Piece, into out: inout ChunkedOutput)
    /// Ends the document with the counts over all files.
    mutating func finish(_ summary: InspectSummary, into out: inout ChunkedOutput)
}

/// The counts a report's headline shows.
struct InspectSummary {
    var files = 0
    var migrations = 0
    var filesWithErrors = 0
    var operations = 0

    init() {}

    init(_ file: ExtractedFile) {
        files = 1
        migrations = file.migration == nil ? 0 : 1
        filesWithErrors = file.diagnostics.contains { $0.severity == .error } ? 1 : 0
        operations = file.migration?.operations.operations.count ?? 0
    }

    static func + (a: InspectSummary, b: InspectSummary) -> InspectSummary {
        var sum = a
        sum.files += b.files
        sum.migrations += b.migrations
        sum.filesWithErrors += b.filesWithErrors
        sum.operations += b.operations
        return sum
    }
}
