/// A JSON document with object keys in the order they were added, so that
/// every output is byte-for-byte stable, and a serializer that writes it
/// indented, escaping what RFC 8259 requires.
public indirect enum JSON: Sendable {
    case object([(String, JSON)])
    case array([JSON])
    case string(String)
    case int(Int)
    case double(Double)
    case bool(Bool)
    case null

    public func serialized(indent: Bool = true) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(4096)
        write(into: &out, level: 0, indent: indent)
        out.append(0x0A)
        return String(decoding: out, as: UTF8.self)
    }

    private func newline(_ out: inout [UInt8], _ level: Int, _ indent: Bool) {
        guard indent else { return }
        out.append(0x0A)
        for _ in 0..<level { out.append(0x20); out.append(0x20) }
    }

    func write(into out: inout [UInt8], level: Int, indent: Bool) {
        switch self {
        case .object(let members):
            if members.isEmpty { out.append(contentsOf: [0x7B, 0x7D]); return }
            out.append(0x7B)
            for (k, (key, value)) in members.enumerated() {
                if k > 0 { out.append(0x2C) }
                newline(&out, level + 1, indent)
                JSON.writeString(key, into: &out)
                out.append(0x3A)
                if indent { out.append(0x20) }
                value.write(into: &out, level: level + 1, indent: indent)
            }
            newline(&out, level, indent)
            out.append(0x7D)
        case .array(let items):
            if items.isEmpty { out.append(contentsOf: [0x5B, 0x5D]); return }
            out.append(0x5B)
            for (k, item) in items.enumerated() {
                if k > 0 { out.append(0x2C) }
                newline(&out, level + 1, indent)
                item.write(into: &out, level: level + 1, indent: indent)
            }
            newline(&out, level, indent)
            out.append(0x5D)
        case .string(let s):
            JSON.writeString(s, into: &out)
        case .int(let v):
            out.append(contentsOf: Array(String(v).utf8))
        case .double(let v):
            // JSON has no NaN or infinity; Python's float('inf') in a default becomes null.
            out.append(contentsOf: Array((v.isFinite ? "\(v)" : "null").utf8))
        case .bool(let v):
            out.append(contentsOf: Array((v ? "true" : "false").utf8))
        case .null:
            out.append(contentsOf: Array("null".utf8))
        }
    }

    static func writeString(_ s: String, into out: inout [UInt8]) {
        out.append(0x22)
        for byte in s.utf8 {
            switch byte {
            case 0x22: out.append(0x5C); out.append(0x22)
            case 0x5C: out.append(0x5C); out.append(0x5C)
            case 0x0A: out.append(0x5C); out.append(0x6E)
            case 0x0D: out.append(0x5C); out.append(0x72)
            case 0x09: out.append(0x5C); out.append(0x74)
            case 0..<0x20, 0x7F:
                out.append(contentsOf: Array("\\u00".utf8))
                let digits = Array("0123456789abcdef".utf8)
                out.append(digits[Int(byte >> 4)])
                out.append(digits[Int(byte & 0xF)])
            default:
                out.append(byte)
            }
        }
        out.append(0x22)
    }
}
