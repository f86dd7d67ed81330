/// PEP 263: a comment matching `coding[:=]NAME` on the first or second line
/// declares the file's encoding. Old Django projects have latin-1 files; they
/// are transcoded to UTF-8 here so that the rest of the pipeline reads one
/// encoding. Line numbers and columns (in characters) are unchanged by it.
public enum SourceEncoding {
    /// The file's bytes as UTF-8, or why they cannot be read.
    public static func utf8(fromFile bytes: [UInt8]) -> (bytes: [UInt8], error: SyntaxError?) {
        guard let (name, offset) = declaredEncoding(bytes) else { return (bytes, nil) }
        let hasBOM = bytes.starts(with: [0xEF, 0xBB, 0xBF])
        switch normalized(name) {
        case "utf-8", "utf8", "utf-8-sig":
            return (bytes, nil)
        case _ where hasBOM:
            return (bytes, SyntaxError("encoding problem: '\(name)' declared in a file that starts with a UTF-8 byte order mark", at: offset))
        case "latin-1", "latin1", "iso-8859-1", "iso8859-1", "8859", "cp819", "l1", "iso-latin-1":
            return (transcode(bytes) { UInt32($0) }, nil)
        case "cp1252", "windows-1252":
            for (k, b) in bytes.enumerated() where b >= 0x80 && b <= 0x9F && cp1252[Int(b - 0x80)] == 0 {
                return (bytes, SyntaxError("byte 0x\(hexByte(b)) is not defined in the declared encoding '\(name)'", at: k))
            }
            return (transcode(bytes) { b in b >= 0x80 && b <= 0x9F ? cp1252[Int(b - 0x80)] : UInt32(b) }, nil)
        case "ascii", "us-ascii", "646":
            if let k = bytes.firstIndex(where: { $0 >= 0x80 }) {
                return (bytes, SyntaxError("byte 0x\(hexByte(bytes[k])) is not ASCII, the declared encoding", at: k))
            }
            return (bytes, nil)
        default:
            return (bytes, SyntaxError("the declared encoding '\(name)' is not supported by migcheck: convert the file to UTF-8", at: offset))
        }
    }

    /// The declared name and the offset of the comment, from line 1, or from
    /// line 2 when line 1 is blank or a comment (as CPython's tokenizer reads it).
    static func declaredEncoding(_ bytes: [UInt8]) -> (String, Int)? {
        var start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        for line in 0..<2 {
            var end = start
            while end < bytes.count && bytes[end] != 0x0A && bytes[end] != 0x0D { end += 1 }
            let text = bytes[start..<end]
            var k = text.startIndex
            while k < text.endIndex && (text[k] == 0x20 || text[k] == 0x09 || text[k] == 0x0C) { k += 1 }
            let isComment = k < text.endIndex && text[k] == 0x23
            if isComment, let name = cookie(text[k...]) { return (name, k) }
            // Only a blank or comment-only first line lets the second one declare.
            guard line == 0, k == text.endIndex || isComment else { return nil }
            start = end
            if start < bytes.count && bytes[start] == 0x0D { start += 1 }
            if start < bytes.count && bytes[start] == 0x0A { start += 1 }
        }
        return nil
    }

    /// `coding[:=][ \t]*NAME` anywhere in the comment; NAME is `[-\w.]+`.
    static func cookie(_ comment: ArraySlice<UInt8>) -> String? {
        let word = Array("coding".utf8)
        var k = comment.startIndex
        while k + word.count < comment.endIndex {
            if comment[k..<(k + word.count)].elementsEqual(word), comment[k + word.count] == 0x3A || comment[k + word.count] == 0x3D {
                var s = k + word.count + 1
                while s < comment.endIndex && (comment[s] == 0x20 || comment[s] == 0x09) { s += 1 }
                var e = s
                while e < comment.endIndex, isNameByte(comment[e]) { e += 1 }
                if e > s { return String(decoding: comment[s..<e], as: UTF8.self) }
            }
            k += 1
        }
        return nil
    }

    static func isNameByte(_ c: UInt8) -> Bool {
        (c >= 0x30 && c <= 0x39) || (c | 0x20 >= 0x61 && c | 0x20 <= 0x7A) || c == 0x2D || c == 0x5F || c == 0x2E
    }

    /// Python's codec lookup ignores case and treats `_` like `-`.
    static func normalized(_ name: String) -> String {
        String(name.lowercased().map { $0 == "_" ? "-" : $0 })
    }

    static func transcode(_ bytes: [UInt8], _ scalar: (UInt8) -> UInt32) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 8)
        for b in bytes {
            if b < 0x80 { out.append(b); continue }
            let v = scalar(b)
            if v < 0x800 {
                out.append(UInt8(0xC0 | (v >> 6)))
                out.append(UInt8(0x80 | (v & 0x3F)))
            } else {
                out.append(UInt8(0xE0 | (v >> 12)))
                out.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
                out.append(UInt8(0x80 | (v & 0x3F)))
            }
        }
        return out
    }

    /// Windows-1252 at 0x80...0x9F (0: undefined); elsewhere it is latin-1.
    static let cp1252: [UInt32] = [
        0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
        0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
    ]
}
