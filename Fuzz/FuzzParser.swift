// libFuzzer entry point for the front end: any bytes must parse to a module
// and a list of errors, and extract to a file whose migration (if any), with
// its imported RunPython code read, makes a graph with a plan, never a crash,
// hang or stack overflow.
// Built by Fuzz/run.sh with -sanitize=fuzzer,address.
import MigcheckModel
import MigcheckSyntax

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let module = Parser.parse(SourceText(fileBytes: bytes))
    for error in module.errors {
        precondition(error.offset >= 0 && error.offset <= module.source.bytes.count, "error offset out of range")
        _ = module.source.location(of: error.offset)
    }
    let file = MigrationExtractor.extract(path: "app/migrations/0002_fuzz.py", app: "app", name: "0002_fuzz", module: module)
    // Every module a RunPython import may name holds the same bytes.
    let resolved = ImportedCode.resolve([file], only: [file.path]) { _ in bytes }
    let graph = MigrationGraph(files: resolved)
    _ = graph.forwardsPlan()
    return 0
}
