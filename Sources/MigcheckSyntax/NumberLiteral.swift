/// Reads the value of an integer literal from its bytes, on demand (as
/// `StringDecoder` does for strings): most numbers in migrations are
/// integers (`max_length=255`), and no String is made to read them.
public enum NumberLiteral {
    /// The value of `1_000`, `0x1F`, `0o17` or `0b101` at `range`; nil when it
    /// is not an integer literal or does not fit in an Int.
    public static func integer(_ range: TextRange, in source: SourceText) -> Int? {
        source.bytes.withUnsafeBufferPointer { b in
            var i = Int(range.start)
            let end = min(Int(range.end), b.count)
            var radix = 10
            if end - i > 2 && b[i] == 0x30 {
                switch b[i + 1] | 0x20 {
                case 0x78: radix = 16
                case 0x6F: radix = 8
                case 0x62: radix = 2
                default: break
                }
                if radix != 10 { i += 2 }
            }
            var value = 0
            var digits = 0
            while i < end {
                let c = b[i]
                i += 1
                if c == 0x5F { continue }
                guard let digit = hexDigitValue(c), digit < radix else { return nil }
                let (times, overflow1) = value.multipliedReportingOverflow(by: radix)
                let (sum, overflow2) = times.addingReportingOverflow(digit)
                if overflow1 || overflow2 { return nil }
                value = sum
                digits += 1
            }
            return digits > 0 ? value : nil
        }
    }
}

/// The value of a hexadecimal digit (either case), nil for any other byte.
func hexDigitValue(_ c: UInt8) -> Int? {
    switch c {
    case 0x30...0x39: return Int(c - 0x30)
    case 0x61...0x66: return Int(c - 0x61 + 10)
    case 0x41...0x46: return Int(c - 0x41 + 10)
    default: return nil
    }
}
