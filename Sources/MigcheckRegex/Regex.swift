import CPCRE2

/// A PCRE2 pattern compiled once (with JIT where the platform has it) and
/// matched with bounded effort: a pattern that backtracks catastrophically
/// stops at `matchLimit`/`depthLimit` and reports `.limitExceeded` instead of
/// hanging a CI job.
public final class Regex: @unchecked Sendable {
    public enum Outcome: Sendable, Equatable {
        /// Captured groups; index 0 is the whole match, nil for a group that did not take part.
        case match([String?])
        case noMatch
        /// PCRE2 gave up at its match or depth limit.
        case limitExceeded
    }

    public struct CompileError: Error, Sendable, CustomStringConvertible {
        public var message: String
        /// The byte offset in the pattern where PCRE2 stopped.
        public var offset: Int
        public var description: String { "\(message) at offset \(offset)" }
    }

    /// Backtracking steps and nesting depth allowed per match: enough for any
    /// sensible pattern over a migration, small enough to stop within milliseconds.
    public static let defaultMatchLimit: UInt32 = 1_000_000
    public static let defaultDepthLimit: UInt32 = 10_000

    public let pattern: String
    private let code: OpaquePointer
    private let context: OpaquePointer
    public let isJIT: Bool

    public init(_ pattern: String, caseInsensitive: Bool = false, multiline: Bool = false,
                matchLimit: UInt32 = Regex.defaultMatchLimit,
                depthLimit: UInt32 = Regex.defaultDepthLimit) throws(CompileError) {
        self.pattern = pattern
        var options: UInt32 = PCRE2_UTF | PCRE2_UCP
        if caseInsensitive { options |= PCRE2_CASELESS }
        if multiline { options |= PCRE2_MULTILINE }
        var errorCode: Int32 = 0
        var errorOffset: Int = 0
        let compiled: OpaquePointer? = pattern.withCString { p in
            p.withMemoryRebound(to: UInt8.self, capacity: pattern.utf8.count) { bytes in
                pcre2_compile_8(bytes, pattern.utf8.count, options, &errorCode, &errorOffset, nil)
            }
        }
        guard let compiled else {
            throw CompileError(message: Regex.message(for: errorCode), offset: errorOffset)
        }
        code = compiled
        isJIT = pcre2_jit_compile_8(compiled, PCRE2_JIT_COMPLETE) == 0
        context = pcre2_match_context_create_8(nil)
        pcre2_set_match_limit_8(context, matchLimit)
        pcre2_set_depth_limit_8(context, depthLimit)
    }

    deinit {
        pcre2_match_context_free_8(context)
        pcre2_code_free_8(code)
    }

    /// The first match in `text`. Safe to call from several threads at once.
    public func firstMatch(in text: String) -> Outcome {
        var text = text
        return text.withUTF8 { buffer in
            guard let data = pcre2_match_data_create_from_pattern_8(code, nil) else { return .noMatch }
            defer { pcre2_match_data_free_8(data) }
            let base = buffer.baseAddress ?? UnsafePointer<UInt8>(bitPattern: 1)!
            let rc = pcre2_match_8(code, base, buffer.count, 0, 0, data, context)
            if rc == PCRE2_ERROR_NOMATCH { return .noMatch }
            if rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT || rc == PCRE2_ERROR_JIT_STACKLIMIT {
                return .limitExceeded
            }
            guard rc > 0 else { return .noMatch }
            let vector = pcre2_get_ovector_pointer_8(data)!
            var groups: [String?] = []
            groups.reserveCapacity(Int(rc))
            for g in 0..<Int(rc) {
                let s = vector[2 * g], e = vector[2 * g + 1]
                // PCRE2_UNSET, ~(size_t)0, is a macro Swift does not import.
                if s == ~0 || e < s {
                    groups.append(nil)
                } else {
                    groups.append(String(decoding: UnsafeBufferPointer(start: base + s, count: e - s), as: UTF8.self))
                }
            }
            return .match(groups)
        }
    }

    public func matches(_ text: String) -> Bool {
        if case .match = firstMatch(in: text) { return true }
        return false
    }

    private static func message(for code: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 256)
        let n = pcre2_get_error_message_8(code, &buffer, buffer.count)
        return n > 0 ? String(decoding: buffer[0..<Int(n)], as: UTF8.self) : "PCRE2 error \(code)"
    }
}
