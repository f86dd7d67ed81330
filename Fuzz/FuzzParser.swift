// libFuzzer entry point for the lexer and parser: any bytes must parse to a
// module and a list of errors, never a crash, hang or stack overflow.
// Built by Fuzz/run.sh with -sanitize=fuzzer,address.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let module = Parser.parse(SourceText(fileBytes: bytes))
    for error in module.errors {
        precondition(error.offset >= 0 && error.offset <= module.source.bytes.count, "error offset out of range")
        _ = module.source.location(of: error.offset)
    }
    return 0
}
