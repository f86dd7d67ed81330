#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A byte range in a source file. Offsets are UTF-8 byte offsets; line and
/// column are computed only when a location is shown (see `LineIndex`).
public struct TextRange: Hashable, Sendable {
    public var start: Int32
    public var end: Int32

    public init(_ start: Int, _ end: Int) {
        self.start = Int32(truncatingIfNeeded: start)
        self.end = Int32(truncatingIfNeeded: end)
    }

    public static func covering(_ a: TextRange, _ b: TextRange) -> TextRange {
        TextRange(Int(min(a.start, b.start)), Int(max(a.end, b.end)))
    }

    public var length: Int { Int(end - start) }
}

/// A 1-based line and a 1-based column counted in Unicode scalars, the unit
/// editors and CI annotations use.
public struct SourceLocation: Hashable, Sendable, Comparable {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        (a.line, a.column) < (b.line, b.column)
    }
}

/// The source of one file: its bytes and the offsets where its lines start.
/// Python ends a line at LF, CRLF or a lone CR, and so does this index.
public final class SourceText: @unchecked Sendable {
    public let bytes: [UInt8]
    public let lineStarts: [Int]
    /// Why the file's declared encoding could not be read (see `SourceEncoding`).
    public let encodingError: SyntaxError?

    /// A file's contents as read from disk or git: transcoded to UTF-8 when a
    /// PEP 263 comment declares another encoding.
    public convenience init(fileBytes: [UInt8]) {
        let decoded = SourceEncoding.utf8(fromFile: fileBytes)
        self.init(bytes: decoded.bytes, encodingError: decoded.error)
    }

    public init(bytes: [UInt8], encodingError: SyntaxError? = nil) {
        self.bytes = bytes
        self.encodingError = encodingError
        var starts = [0]
        starts.reserveCapacity(bytes.count / 32 + 1)
        bytes.withUnsafeBufferPointer { b in
            guard let base = b.baseAddress else { return }
            let n = b.count
            if memchr(base, 0x0D, n) == nil {
                // LF only, the common case: let memchr find each line end.
                var i = 0
                while i < n, let hit = memchr(base + i, 0x0A, n - i) {
                    i = base.distance(to: hit.assumingMemoryBound(to: UInt8.self)) + 1
                    starts.append(i)
                }
                return
            }
            var i = 0
            while i < n {
                let c = b[i]
                i += 1
                if c == 0x0A {
                    starts.append(i)
                } else if c == 0x0D {
                    if i < n && b[i] == 0x0A { i += 1 }
                    starts.append(i)
                }
            }
        }
        self.lineStarts = starts
    }

    public convenience init(_ string: String) {
        self.init(bytes: Array(string.utf8))
    }

    /// The 0-based index of the line holding `offset`.
    public func lineIndex(of offset: Int) -> Int {
        var lo = 0, hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= offset { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }

    public func location(of offset: Int) -> SourceLocation {
        let clamped = max(0, min(offset, bytes.count))
        let line = lineIndex(of: clamped)
        var column = 1
        var i = lineStarts[line]
        while i < clamped {
            // Count scalars: every byte that is not a UTF-8 continuation byte.
            if bytes[i] & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        return SourceLocation(line: line + 1, column: column)
    }

    /// The byte offsets of `range`, kept within the file (a range from a
    /// truncated or edited source never reads past its end).
    private func offsets(_ range: TextRange) -> (Int, Int) {
        let s = max(0, min(Int(range.start), bytes.count))
        return (s, max(s, min(Int(range.end), bytes.count)))
    }

    /// Whether `word` occurs in the bytes of `range` (memchr for its first
    /// byte, then memcmp): lets a walk over a statement be skipped when the
    /// name it looks for is absent.
    public func contains(_ word: StaticString, in range: TextRange) -> Bool {
        let (s, e) = offsets(range)
        return bytes.withUnsafeBufferPointer { b in
            word.withUTF8Buffer { w in
                guard let base = b.baseAddress, let needle = w.baseAddress, w.count > 0 else { return false }
                let last = e - w.count // the last offset where the word can start
                var i = s
                while i <= last, let hit = memchr(base + i, Int32(needle[0]), last - i + 1) {
                    let at = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                    if memcmp(base + at, needle, w.count) == 0 { return true }
                    i = at + 1
                }
                return false
            }
        }
    }

    /// Whether `range` holds only ASCII letters, digits, '_' and '.': a
    /// dotted name spelled exactly as its parts, with nothing between them.
    public func isPlainDottedName(_ range: TextRange) -> Bool {
        let (s, e) = offsets(range)
        return bytes.withUnsafeBufferPointer { b in
            for k in s..<e {
                let c = b[k]
                if c >= 0x80 || (!isIdentifierByte(c) && c != 0x2E) { return false }
            }
            return e > s
        }
    }

    /// The bytes of `range`, kept within the file.
    public func bytes(in range: TextRange) -> ArraySlice<UInt8> {
        let (s, e) = offsets(range)
        return bytes[s..<e]
    }

    public func text(_ range: TextRange) -> String {
        let (s, e) = offsets(range)
        return String(decoding: bytes[s..<e], as: UTF8.self)
    }

    /// The text of the whole line (without its line end) holding `offset`.
    public func lineText(containing offset: Int) -> String {
        let line = lineIndex(of: max(0, min(offset, bytes.count)))
        let s = lineStarts[line]
        var e = line + 1 < lineStarts.count ? lineStarts[line + 1] : bytes.count
        while e > s && (bytes[e - 1] == 0x0A || bytes[e - 1] == 0x0D) { e -= 1 }
        return String(decoding: bytes[s..<e], as: UTF8.self)
    }
}
