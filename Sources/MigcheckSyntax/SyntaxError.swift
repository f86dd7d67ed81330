/// A syntax error found by the lexer or the parser: a message and the byte
/// offset where it was detected. Line and column come from `SourceText`.
public struct SyntaxError: Hashable, Sendable {
    public var message: String
    public var offset: Int

    public init(_ message: String, at offset: Int) {
        self.message = message
        self.offset = offset
    }
}
