/// Writes indented JSON straight into bytes, keys in the order they are
/// written, escaping what RFC 8259 requires. Streaming avoids building a
/// document tree for reports of thousands of files; `fragment` lets workers
/// write parts of one document in parallel at the right indentation.
struct JSONWriter {
    private(set) var bytes: [UInt8] = []
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
        bytes.reserveCapacity(1024)
    }

    /// A line end and the indentation of `depth` levels, copied from one buffer.
    private static let indentation: [UInt8] = [0x0A] + [UInt8](repeating: 0x20, count: 2 * 64)

    private mutating func newline(_ depth: Int) {
        let width = 1 + 2 * depth
        if width <= JSONWriter.indentation.count {
            bytes.append(contentsOf: JSONWriter.indentation[0..<width])
        } else {
            bytes.append(0x0A)
            bytes.append(contentsOf: repeatElement(0x20, count: 2 * depth))
        }
    }

    /// Separator and indentation before a value in an array, or nothing after a key.
    private mutating func beforeValue() {
        if afterKey { afterKey = false; return }
        guard depth > 0 else { return }
        if hasMember { bytes.append(0x2C) }
        hasMember = true
        newline(level)
    }

    mutating func key(_ name: String) {
        beforeValue()
        writeString(name)
        bytes.append(0x3A)
        bytes.append(0x20)
        afterKey = true
    }

    mutating func beginObject() { open(0x7B) }
    mutating func endObject() { close(0x7D) }
    mutating func beginArray() { open(0x5B) }
    mutating func endArray() { close(0x5D) }

    private mutating func open(_ bracket: UInt8) {
        beforeValue()
        bytes.append(bracket)
        hasMember = false
        depth += 1
        level += 1
    }

    private mutating func close(_ bracket: UInt8) {
        level -= 1
        depth -= 1
        if hasMember { newline(level) }
        bytes.append(bracket)
        hasMember = true
    }

    mutating func string(_ s: String) {
        beforeValue()
        writeString(s)
    }

    mutating func int(_ v: Int) {
        beforeValue()
        bytes.append(contentsOf: String(v).utf8)
    }

    mutating func double(_ v: Double) {
        beforeValue()
        // JSON has no NaN or infinity; Python's float('inf') in a default becomes null.
        bytes.append(contentsOf: (v.isFinite ? "\(v)" : "null").utf8)
    }

    mutating func bool(_ v: Bool) {
        beforeValue()
        bytes.append(contentsOf: (v ? "true" : "false").utf8)
    }

    mutating func null() {
        beforeValue()
        bytes.append(contentsOf: "null".utf8)
    }

    /// Bytes written elsewhere for one array element or member value at this position.
    mutating func fragment(_ other: [UInt8]) {
        beforeValue()
        bytes.append(contentsOf: other)
    }

    /// Hands what is written so far to `out`, to go on writing after it.
    mutating func drain(into out: inout ChunkedOutput) {
        out.append(bytes)
        bytes.removeAll(keepingCapacity: true)
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

    /// Whether any of eight bytes is a control character, '"', '\\' or DEL
    /// (the classic SWAR tests for a zero byte and for a byte below a bound).
    static func needsEscape(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        func hasZero(_ v: UInt64) -> Bool { (v &- ones) & ~v & highs != 0 }
        let below20 = (word &- ones &* 0x20) & ~word & highs != 0
        return below20 || hasZero(word ^ (ones &* 0x22)) || hasZero(word ^ (ones &* 0x5C)) || hasZero(word ^ (ones &* 0x7F))
    }

    private mutating func writeString(_ s: String) {
        bytes.append(0x22)
        var s = s
        s.withUTF8 { utf8 in
            guard let base = utf8.baseAddress else { return }
            var runStart = 0
            var k = 0
            let count = utf8.count
            while k < count {
                // Eight bytes at a time while none needs escaping (the usual case).
                if k + 8 <= count, !JSONWriter.needsEscape(UnsafeRawPointer(base + k).loadUnaligned(as: UInt64.self)) {
                    k += 8
                    continue
                }
                let byte = base[k]
                k += 1
                guard byte < 0x20 || byte == 0x22 || byte == 0x5C || byte == 0x7F else { continue }
                bytes.append(contentsOf: UnsafeBufferPointer(start: base + runStart, count: k - 1 - runStart))
                runStart = k
                switch byte {
                case 0x22: bytes.append(contentsOf: [0x5C, 0x22])
                case 0x5C: bytes.append(contentsOf: [0x5C, 0x5C])
                case 0x0A: bytes.append(contentsOf: [0x5C, 0x6E])
                case 0x0D: bytes.append(contentsOf: [0x5C, 0x72])
                case 0x09: bytes.append(contentsOf: [0x5C, 0x74])
                default:
                    let digits = Array("0123456789abcdef".utf8)
                    bytes.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
                }
            }
            bytes.append(contentsOf: UnsafeBufferPointer(start: base + runStart, count: utf8.count - runStart))
        }
        bytes.append(0x22)
    }
}
