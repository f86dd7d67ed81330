#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Decodes string literal tokens to their values: prefixes, quotes, raw
/// strings and every escape sequence except `\N{name}` (kept as written,
/// since the Unicode name table is not needed to judge migrations).
public enum StringDecoder {
    /// The value of the concatenated parts, or nil if one of them is an f-,
    /// t- or bytes string (their value is not plain text).
    public static func value(of parts: StringParts, in source: SourceText) -> String? {
        guard parts.allSatisfy({ $0.kind == .text }) else { return nil }
        if parts.count == 1 { return decode(parts[0].range, in: source.bytes) }
        return parts.map { decode($0.range, in: source.bytes) }.joined()
    }

    static func decode(_ range: TextRange, in b: [UInt8]) -> String {
        var s = Int(range.start)
        let e = Int(range.end)
        var raw = false
        while s < e && b[s] != 0x22 && b[s] != 0x27 {
            if b[s] | 0x20 == 0x72 { raw = true }
            s += 1
        }
        guard s < e else { return "" }
        let q = b[s]
        let quoteLength = (s + 2 < e && b[s + 1] == q && b[s + 2] == q && e - s >= 6) ? 3 : 1
        let bodyStart = s + quoteLength
        let bodyEnd = max(bodyStart, e - quoteLength)
        let body = b[bodyStart..<bodyEnd]
        // Escapes and CR line ends (which Python reads as LF) need a rewrite; most strings have neither.
        if !(hasByte(0x0D, in: body) || (!raw && hasByte(0x5C, in: body))) {
            return String(decoding: body, as: UTF8.self)
        }
        return unescape(body, raw: raw)
    }

    /// memchr over the slice: the closure-based `contains(where:)` was a
    /// call per byte.
    static func hasByte(_ byte: UInt8, in bytes: ArraySlice<UInt8>) -> Bool {
        bytes.withUnsafeBufferPointer { b in
            guard let base = b.baseAddress, !b.isEmpty else { return false }
            return memchr(base, Int32(byte), b.count) != nil
        }
    }

    /// Rewrites escapes (unless `raw`) and CR/CRLF line ends to LF.
    static func unescape(_ body: ArraySlice<UInt8>, raw: Bool) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(body.count)
        var i = body.startIndex
        let end = body.endIndex
        func appendScalar(_ v: UInt32) {
            let scalar = Unicode.Scalar(v) ?? "\u{FFFD}"
            out.append(contentsOf: Array(String(Character(scalar)).utf8))
        }
        while i < end {
            let c = body[i]
            if c == 0x0D {
                out.append(0x0A)
                i += (i + 1 < end && body[i + 1] == 0x0A) ? 2 : 1
                continue
            }
            guard c == 0x5C, !raw, i + 1 < end else {
                out.append(c)
                i += 1
                continue
            }
            let d = body[i + 1]
            i += 2
            switch d {
            case 0x0A: break
            case 0x0D: if i < end && body[i] == 0x0A { i += 1 }
            case 0x5C: out.append(0x5C)
            case 0x27: out.append(0x27)
            case 0x22: out.append(0x22)
            case 0x61: out.append(0x07)
            case 0x62: out.append(0x08)
            case 0x66: out.append(0x0C)
            case 0x6E: out.append(0x0A)
            case 0x72: out.append(0x0D)
            case 0x74: out.append(0x09)
            case 0x76: out.append(0x0B)
            case 0x30...0x37:
                var v = UInt32(d - 0x30)
                var k = 0
                while k < 2, i < end, body[i] >= 0x30, body[i] <= 0x37 {
                    v = v * 8 + UInt32(body[i] - 0x30)
                    i += 1
                    k += 1
                }
                appendScalar(v)
            case 0x78, 0x75, 0x55: // \x, \u, \U
                let count = d == 0x78 ? 2 : (d == 0x75 ? 4 : 8)
                var v: UInt32 = 0
                var ok = i + count <= end
                if ok {
                    for k in 0..<count {
                        guard let h = hexDigitValue(body[i + k]) else { ok = false; break }
                        v = v * 16 + UInt32(h)
                    }
                }
                if ok {
                    appendScalar(v)
                    i += count
                } else {
                    out.append(0x5C)
                    out.append(d)
                }
            default:
                out.append(0x5C)
                out.append(d)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
