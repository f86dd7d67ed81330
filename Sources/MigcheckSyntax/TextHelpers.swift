/// The few string operations migcheck took from Foundation, written on the
/// standard library: importing Foundation loads ICU and costs each run
/// milliseconds of startup (FoundationEssentials does not).
extension StringProtocol {
    /// Without leading and trailing spaces, tabs and line ends.
    public var trimmed: String {
        let blank: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
        guard let first = firstIndex(where: { !blank($0) }), let last = lastIndex(where: { !blank($0) }) else { return "" }
        return String(self[first...last])
    }

    /// Spaces added on the right up to `width` characters; longer text is kept whole.
    public func padded(to width: Int) -> String {
        String(self) + String(repeating: " ", count: Swift.max(0, width - count))
    }
}

/// The folder part of a path: `a/b` of `a/b/c.py`, "" for a bare name, `/` for `/c.py`.
public func folderOf(_ path: String) -> String {
    var path = Substring(path)
    while path.count > 1 && path.hasSuffix("/") { path = path.dropLast() }
    guard let slash = path.lastIndex(of: "/") else { return "" }
    return slash == path.startIndex ? "/" : String(path[..<slash])
}

/// `value` with `decimals` digits after the point, right-aligned in `width` (as printf's %W.Df).
public func fixed(_ value: Double, decimals: Int, width: Int = 0) -> String {
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    let scaled = (abs(value) * scale).rounded()
    let whole = Int(scaled / scale), fraction = Int(scaled.truncatingRemainder(dividingBy: scale))
    var text = (value < 0 && scaled > 0 ? "-" : "") + String(whole)
    if decimals > 0 {
        let digits = String(fraction)
        text += "." + String(repeating: "0", count: decimals - digits.count) + digits
    }
    return String(repeating: " ", count: Swift.max(0, width - text.count)) + text
}

extension String {
    /// The text of UTF-8 bytes, invalid sequences replaced as by
    /// `String(decoding:as:)`, copied straight into the new string's storage
    /// from a pointer: about a third fewer instructions than decoding an
    /// array slice, for the hundreds of thousands of names a corpus holds.
    public init(utf8 bytes: UnsafeBufferPointer<UInt8>) {
        self.init(unsafeUninitializedCapacity: bytes.count) { target in
            guard let from = bytes.baseAddress, let to = target.baseAddress else { return 0 }
            to.initialize(from: from, count: bytes.count)
            return bytes.count
        }
    }
}
