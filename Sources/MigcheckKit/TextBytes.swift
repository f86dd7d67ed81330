/// Text being built as UTF-8 bytes. Listings made by joining and
/// interpolating Strings spent more time in String's append bookkeeping
/// (small-string checks, capacity growth, ASCII scans) than in anything else;
/// appending bytes to one array costs a copy.
struct TextBytes {
    var bytes: [UInt8] = []

    init() {}

    mutating func write(_ s: String) {
        // From a buffer, append is one copy; from the UTF-8 view it goes through a generic path.
        var s = s
        s.withUTF8 { bytes.append(contentsOf: $0) }
    }

    mutating func write(_ n: Int) { bytes.append(contentsOf: String(n).utf8) }

    mutating func write(spaces count: Int) { bytes.append(contentsOf: repeatElement(0x20, count: count)) }

    /// Writes ", " before every item but the first; `count` is the items written so far.
    mutating func separate(_ count: inout Int) {
        if count > 0 { write(", ") }
        count += 1
    }
}
