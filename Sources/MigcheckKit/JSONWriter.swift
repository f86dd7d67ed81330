#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes indented JSON straight into bytes, keys in the order they are
/// written, escaping what RFC 8259 requires. Streaming avoids building a
/// document tree for reports of thousands of files; `fragment` lets workers
/// write parts of one document in parallel at the right indentation.
/// A writer is used in place (`inout`): copies share one buffer.
struct JSONWriter {
    private let buffer = ByteBuffer()
    private var level: Int
    /// Containers open in this writer (a fragment starts inside its parent's).
    private var depth = 0
    /// The innermost open container has a member: the next one needs a comma.
    /// One flag is enough: closing a container leaves its parent with a member.
    private var hasMember = false
    /// A key was just written; the next value follows it on the same line.
    private var afterKey = false

    init(level: Int = 0) {
        self.level = level
    }

    /// What has been written.
    var bytes: [UInt8] { buffer.array }

    /// What has been written, for another thread to read in place: a
    /// file's piece of a report is not copied into an array of its own.
    /// The writer is done with once it hands this over.
    var written: Written { Written(buffer: buffer) }

    struct Written: ReportPiece, @unchecked Sendable {
        // Unchecked: the worker that wrote the buffer hands it over and
        // keeps no reference; only the thread writing the report reads it.
        fileprivate let buffer: ByteBuffer

        func withBytes(_ body: (UnsafeBufferPointer<UInt8>) -> Void) {
            buffer.withBytes(body)
        }
    }

    /// A line end and the indentation of `depth` levels.
    private func newline(_ depth: Int) {
        buffer.appendLineEnd(indent: 2 * depth)
    }

    /// Separator and indentation before a value in an array, or nothing after a key.
    private mutating func beforeValue() {
        if afterKey { afterKey = false; return }
        guard depth > 0 else { return }
        if hasMember { buffer.append(0x2C) }
        hasMember = true
        newline(level)
    }

    /// A member's name fixed by the format: written as it is, since the
    /// names migcheck's schemas use need no escaping.
    mutating func key(_ name: StaticString) {
        beforeValue()
        name.withUTF8Buffer { buffer.appendKey($0) }
        afterKey = true
    }

    /// A member's name that is a Python identifier (a keyword argument's or a
    /// Django parameter's name): letters, digits, '_' and non-ASCII
    /// characters, none of which JSON escapes, so it is written as it is.
    mutating func key(identifier name: String) {
        assert(!name.utf8.contains(where: JSONWriter.needsEscape(byte:)), "needs escaping: \(name)")
        beforeValue()
        JSONWriter.withUTF8(of: name) { buffer.appendKey($0) }
        afterKey = true
    }

    /// A member's name taken from the input (a dict's key), escaped.
    mutating func key(named name: String) {
        beforeValue()
        writeString(name)
        buffer.append(0x3A)
        buffer.append(0x20)
        afterKey = true
    }

    mutating func beginObject() { open(0x7B) }
    mutating func endObject() { close(0x7D) }
    mutating func beginArray() { open(0x5B) }
    mutating func endArray() { close(0x5D) }

    private mutating func open(_ bracket: UInt8) {
        beforeValue()
        buffer.append(bracket)
        hasMember = false
        depth += 1
        level += 1
    }

    private mutating func close(_ bracket: UInt8) {
        level -= 1
        depth -= 1
        if hasMember { newline(level) }
        buffer.append(bracket)
        hasMember = true
    }

    mutating func string(_ s: String) {
        beforeValue()
        writeString(s)
    }

    mutating func int(_ v: Int) {
        beforeValue()
        // Digits from the right into a small buffer: no String per number.
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        withUnsafeMutableBytes(of: &digits) { raw in
            var k = raw.count
            var magnitude = v.magnitude
            repeat {
                k -= 1
                raw[k] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            if v < 0 { k -= 1; raw[k] = UInt8(ascii: "-") }
            buffer.append(UnsafeBufferPointer(rebasing: raw.bindMemory(to: UInt8.self)[k...]))
        }
    }

    mutating func double(_ v: Double) {
        beforeValue()
        // JSON has no NaN or infinity; Python's float('inf') in a default becomes null.
        append(v.isFinite ? "\(v)" : "null")
    }

    mutating func bool(_ v: Bool) {
        beforeValue()
        append(v ? "true" : "false")
    }

    mutating func null() {
        beforeValue()
        append("null")
    }

    private func append(_ text: StaticString) {
        text.withUTF8Buffer { buffer.append($0) }
    }

    private func append(_ text: String) {
        JSONWriter.withUTF8(of: text) { buffer.append($0) }
    }

    /// Bytes written elsewhere for one array element or member value at this
    /// position, handed to `out` after what this writer holds, without a copy here.
    mutating func fragment(_ other: some ReportPiece, into out: inout ChunkedOutput) {
        beforeValue()
        drain(into: &out)
        other.withBytes { out.append($0) }
    }

    /// Hands what is written so far to `out`, to go on writing after it.
    mutating func drain(into out: inout ChunkedOutput) {
        buffer.withBytes { out.append($0) }
        buffer.removeAll()
    }

    mutating func object(_ body: (inout JSONWriter) -> Void) {
        beginObject()
        body(&self)
        endObject()
    }

    mutating func array<S: Sequence>(_ items: S, _ element: (inout JSONWriter, S.Element) -> Void) {
        beginArray()
        for item in items { element(&self, item) }
        endArray()
    }

    /// The bytes of eight (little-endian) that are a control character, '"',
    /// '\\' or DEL, as their high bits (the classic SWAR tests for a zero byte
    /// and for a byte below a bound). A borrow can mark a byte after a marked
    /// one, never before: the lowest mark is always the first such byte.
    static func escapeMask(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        func zeros(_ v: UInt64) -> UInt64 { (v &- ones) & ~v & highs }
        let below20 = (word &- ones &* 0x20) & ~word & highs
        return below20 | zeros(word ^ (ones &* 0x22)) | zeros(word ^ (ones &* 0x5C)) | zeros(word ^ (ones &* 0x7F))
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Whether RFC 8259 requires `byte` escaped (a control, a quote, a
    /// backslash), or it is DEL: a bit of a 128-bit mask, tested without a
    /// memory load where words cannot be tested.
    @inline(__always)
    static func needsEscape(byte: UInt8) -> Bool {
        let low: UInt64 = 0x0000_0004_FFFF_FFFF   // 0x00-0x1F and '"' (0x22)
        let high: UInt64 = 0x8000_0000_1000_0000  // '\\' (0x5C) and DEL (0x7F)
        return byte < 0x80 && ((byte < 0x40 ? low : high) >> UInt64(byte & 0x3F)) & 1 != 0
    }

    private func writeString(_ s: String) {
        buffer.append(0x22)
        JSONWriter.withUTF8(of: s) { writeEscaped($0) }
        buffer.append(0x22)
    }

    /// A string's UTF-8, read in place for native strings (all of migcheck's):
    /// `String.withUTF8` needs a mutable copy, a retain and a release each time.
    /// Inlined: called through a closure per string, it cost 1.3% of inspect.
    @inline(__always)
    private static func withUTF8(of s: String, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        if s.utf8.withContiguousStorageIfAvailable(body) == nil {
            var copy = s
            copy.withUTF8(body)
        }
    }

    /// A string's bytes with what RFC 8259 requires escaped, copied in runs.
    private func writeEscaped(_ utf8: UnsafeBufferPointer<UInt8>) {
        guard let base = utf8.baseAddress else { return }
        var runStart = 0
        var k = 0
        let count = utf8.count
        // Eight bytes at a time: a word that holds bytes to escape goes on from
        // just after its first one (RunPython's source has a line end every
        // few words), without testing its other bytes one by one.
        while k + 8 <= count {
            let marks = JSONWriter.escapeMask(UnsafeRawPointer(base + k).loadUnaligned(as: UInt64.self))
            if marks == 0 { k += 8; continue }
            let at = k + marks.trailingZeroBitCount / 8
            buffer.append(UnsafeBufferPointer(start: base + runStart, count: at - runStart))
            escape(base[at])
            k = at + 1
            runStart = k
        }
        // The last bytes, fewer than a word, one at a time.
        while k < count {
            let byte = base[k]
            k += 1
            guard JSONWriter.needsEscape(byte: byte) else { continue }
            buffer.append(UnsafeBufferPointer(start: base + runStart, count: k - 1 - runStart))
            runStart = k
            escape(byte)
        }
        buffer.append(UnsafeBufferPointer(start: base + runStart, count: count - runStart))
    }

    /// A byte that needs escaping, escaped.
    private func escape(_ byte: UInt8) {
        buffer.append(0x5C)
        switch byte {
        case 0x22, 0x5C: buffer.append(byte)
        case 0x0A: buffer.append(0x6E)
        case 0x0D: buffer.append(0x72)
        case 0x09: buffer.append(0x74)
        default:
            for digit in [0x75, 0x30, 0x30, JSONWriter.hexDigits[Int(byte >> 4)], JSONWriter.hexDigits[Int(byte & 0xF)]] {
                buffer.append(digit)
            }
        }
    }
}

/// A growable byte buffer behind a reference: appending is a bounds check
/// and a store, without the uniqueness check every `Array.append` makes.
private final class ByteBuffer {
    private var base: UnsafeMutablePointer<UInt8>
    private var count = 0
    // A file's piece of an inspect report averages 3.6 KB: most need no regrowth.
    private var capacity = 4096

    // malloc and realloc, not `allocate`: see `grow`.
    init() { base = malloc(capacity)!.assumingMemoryBound(to: UInt8.self) }
    deinit { free(base) }

    var array: [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }

    func withBytes(_ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        body(UnsafeBufferPointer(start: base, count: count))
    }

    func removeAll() { count = 0 }

    @inline(__always)
    func append(_ byte: UInt8) {
        if count == capacity { grow(to: count + 1) }
        base[count] = byte
        count += 1
    }

    /// A line end and `indent` spaces, with one capacity test. Thirty-two
    /// spaces (the indentation of 16 levels) are always stored, eight at a
    /// time and without a loop, then more if needed; those past the end have
    /// room made for them and the count leaves them out. A memset call per
    /// line, or a loop from the first space, cost more.
    func appendLineEnd(indent: Int) {
        if count + 40 + indent > capacity { grow(to: count + 40 + indent) }
        base[count] = 0x0A
        let spaces = UnsafeMutableRawPointer(base + count + 1)
        let eight: UInt64 = 0x2020_2020_2020_2020
        spaces.storeBytes(of: eight, toByteOffset: 0, as: UInt64.self)
        spaces.storeBytes(of: eight, toByteOffset: 8, as: UInt64.self)
        spaces.storeBytes(of: eight, toByteOffset: 16, as: UInt64.self)
        spaces.storeBytes(of: eight, toByteOffset: 24, as: UInt64.self)
        var k = 32
        while k < indent {
            spaces.storeBytes(of: eight, toByteOffset: k, as: UInt64.self)
            k += 8
        }
        count += 1 + indent
    }

    /// `"name": ` for a name that needs no escaping, with one capacity test.
    func appendKey(_ name: UnsafeBufferPointer<UInt8>) {
        let length = name.count + 4
        if count + length > capacity { grow(to: count + length) }
        base[count] = 0x22
        if let source = name.baseAddress { (base + count + 1).update(from: source, count: name.count) }
        base[count + 1 + name.count] = 0x22
        base[count + 2 + name.count] = 0x3A
        base[count + 3 + name.count] = 0x20
        count += length
    }

    func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        if count + bytes.count > capacity { grow(to: count + bytes.count) }
        (base + count).update(from: source, count: bytes.count)
        count += bytes.count
    }

    private func grow(to minimum: Int) {
        var newCapacity = capacity * 2
        while newCapacity < minimum { newCapacity *= 2 }
        // realloc grows a buffer of megabytes (a field with 7,000 choices) in
        // place where it can, or remaps it past malloc's mapping threshold; a
        // new buffer and a copy faulted in twice its size.
        guard let bigger = realloc(base, newCapacity) else { fatalError("out of memory for a report of \(newCapacity) bytes") }
        base = bigger.assumingMemoryBound(to: UInt8.self)
        capacity = newCapacity
    }
}
