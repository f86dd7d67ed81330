/// A TOML value. Tables keep their keys in source order, so that rule files
/// and configuration are read (and reported) in the order they were written.
public indirect enum TOMLValue: Sendable, Equatable {
    case string(String)
    case integer(Int)
    case float(Double)
    case bool(Bool)
    case array([TOMLValue])
    case table(TOMLTable)

    public var string: String? { if case .string(let s) = self { return s }; return nil }
    public var bool: Bool? { if case .bool(let b) = self { return b }; return nil }
    public var integer: Int? { if case .integer(let i) = self { return i }; return nil }
    public var array: [TOMLValue]? { if case .array(let a) = self { return a }; return nil }
    public var table: TOMLTable? { if case .table(let t) = self { return t }; return nil }

    /// The name of the value's type, for errors ("expected a string, found an array").
    public var typeName: String {
        switch self {
        case .string: return "a string"
        case .integer: return "an integer"
        case .float: return "a float"
        case .bool: return "a boolean"
        case .array: return "an array"
        case .table: return "a table"
        }
    }
}

public struct TOMLTable: Sendable, Equatable {
    public private(set) var entries: [(key: String, value: TOMLValue)] = []
    /// Where each key was defined: 1-based line, for errors about a value.
    public private(set) var lines: [String: Int] = [:]

    public init() {}

    public subscript(key: String) -> TOMLValue? {
        entries.first { $0.key == key }?.value
    }

    public var keys: [String] { entries.map(\.key) }

    /// The 1-based line where a key was defined, for errors about its value.
    public func line(of key: String) -> Int? { lines[key] }

    mutating func set(_ key: String, _ value: TOMLValue, line: Int) {
        if let k = entries.firstIndex(where: { $0.key == key }) { entries[k].value = value } else { entries.append((key, value)) }
        lines[key] = line
    }

    public static func == (a: TOMLTable, b: TOMLTable) -> Bool {
        a.entries.count == b.entries.count && zip(a.entries, b.entries).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }
}

public struct TOMLError: Error, Sendable, CustomStringConvertible, Equatable {
    public var line: Int
    public var column: Int
    public var message: String
    public var description: String { "line \(line), column \(column): \(message)" }
}

/// A TOML 1.0 reader for what rule files and `pyproject.toml` use: tables,
/// arrays of tables, dotted and quoted keys, all four string forms, integers,
/// floats, booleans, arrays and inline tables. Dates are not supported and
/// are reported as such. Nesting is bounded so that no input overflows the stack.
public struct TOMLParser {
    static let maxNesting = 100

    private let bytes: [UInt8]
    private var i = 0
    private var line = 1
    private var lineStart = 0
    private var root = TOMLTable()
    /// The path of the table that `key = value` lines go to.
    private var current: [PathStep] = []
    /// Tables defined by a `[header]`, to report one defined twice.
    private var definedTables: Set<[String]> = []

    private enum PathStep: Equatable {
        case key(String)
        /// The last element of the array of tables at this key.
        case lastElement(String)
    }

    public static func parse(_ text: String) throws(TOMLError) -> TOMLTable {
        var parser = TOMLParser(bytes: Array(text.utf8))
        try parser.document()
        return parser.root
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    private var peek: UInt8? { i < bytes.count ? bytes[i] : nil }

    private func error(_ message: String) -> TOMLError {
        TOMLError(line: line, column: i - lineStart + 1, message: message)
    }

    private mutating func document() throws(TOMLError) {
        while true {
            skipBlank()
            guard let c = peek else { return }
            if c == UInt8(ascii: "\n") || c == UInt8(ascii: "\r") {
                try newline()
            } else if c == UInt8(ascii: "#") {
                try comment()
            } else if c == UInt8(ascii: "[") {
                try header()
            } else {
                let keyLine = line
                let path = try key()
                skipBlank()
                try expect(UInt8(ascii: "="), "expected '=' after the key")
                skipBlank()
                let value = try self.value(depth: 0)
                try insert(value, at: path, line: keyLine)
                try endOfLine()
            }
        }
    }

    private mutating func skipBlank() {
        while let c = peek, c == UInt8(ascii: " ") || c == UInt8(ascii: "\t") { i += 1 }
    }

    private mutating func newline() throws(TOMLError) {
        if peek == UInt8(ascii: "\r") {
            i += 1
            guard peek == UInt8(ascii: "\n") else { throw error("a carriage return must be followed by a line feed") }
        }
        i += 1
        line += 1
        lineStart = i
    }

    private mutating func comment() throws(TOMLError) {
        while let c = peek, c != UInt8(ascii: "\n"), c != UInt8(ascii: "\r") {
            if c < 0x20 && c != UInt8(ascii: "\t") || c == 0x7F { throw error("control character in a comment") }
            i += 1
        }
    }

    private mutating func endOfLine() throws(TOMLError) {
        skipBlank()
        if peek == UInt8(ascii: "#") { try comment() }
        guard let c = peek else { return }
        guard c == UInt8(ascii: "\n") || c == UInt8(ascii: "\r") else { throw error("expected the end of the line") }
        try newline()
    }

    private mutating func expect(_ byte: UInt8, _ message: String) throws(TOMLError) {
        guard peek == byte else { throw error(message) }
        i += 1
    }

    // MARK: Tables

    private mutating func header() throws(TOMLError) {
        i += 1
        let isArray = peek == UInt8(ascii: "[")
        if isArray { i += 1 }
        skipBlank()
        let headerLine = line
        let path = try key()
        skipBlank()
        try expect(UInt8(ascii: "]"), "expected ']' to close the table header")
        if isArray { try expect(UInt8(ascii: "]"), "expected ']]' to close the array-of-tables header") }
        var steps = path.dropLast().map { PathStep.key($0) }
        if isArray {
            try appendElement(to: steps, key: path.last!, line: headerLine)
            steps.append(.lastElement(path.last!))
        } else {
            steps.append(.key(path.last!))
            let resolved = try resolvedPath(steps)
            guard definedTables.insert(resolved).inserted else { throw error("table [\(path.joined(separator: "."))] is defined twice") }
            try modify(steps, line: headerLine) { _ throws(TOMLError) in }
        }
        current = steps
        try endOfLine()
    }

    /// A path with array elements numbered, to tell `[[a]] [a.b]` twice apart.
    private func resolvedPath(_ steps: [PathStep]) throws(TOMLError) -> [String] {
        var names: [String] = []
        var table = root
        for step in steps {
            switch step {
            case .key(let k):
                names.append(k)
                table = table[k]?.table ?? TOMLTable()
            case .lastElement(let k):
                let count = table[k]?.array?.count ?? 0
                names.append("\(k)#\(count)")
                table = table[k]?.array?.last?.table ?? TOMLTable()
            }
        }
        return names
    }

    private mutating func appendElement(to steps: [PathStep], key: String, line: Int) throws(TOMLError) {
        try modify(steps, line: line) { (table: inout TOMLTable) throws(TOMLError) in
            switch table[key] {
            case nil: table.set(key, .array([.table(TOMLTable())]), line: line)
            case .array(var elements)? where elements.allSatisfy({ $0.table != nil }):
                elements.append(.table(TOMLTable()))
                table.set(key, .array(elements), line: line)
            default: throw TOMLError(line: line, column: 1, message: "'\(key)' is already a value, not an array of tables")
            }
        }
    }

    /// Runs `change` on the table at `steps`, creating missing tables.
    private mutating func modify(_ steps: [PathStep], line: Int,
                                 _ change: (inout TOMLTable) throws(TOMLError) -> Void) throws(TOMLError) {
        try Self.modify(&root, steps[...], line: line, change)
    }

    private static func modify(_ table: inout TOMLTable, _ steps: ArraySlice<PathStep>, line: Int,
                               _ change: (inout TOMLTable) throws(TOMLError) -> Void) throws(TOMLError) {
        guard let step = steps.first else { return try change(&table) }
        switch step {
        case .key(let k):
            var inner: TOMLTable
            switch table[k] {
            case nil: inner = TOMLTable()
            case .table(let t)?: inner = t
            case .array(let elements)? where elements.last?.table != nil:
                // `[a.b]` after `[[a]]` goes into a's last element.
                var last = elements.last!.table!
                try modify(&last, steps.dropFirst(), line: line, change)
                table.set(k, .array(elements.dropLast() + [.table(last)]), line: table.lines[k] ?? line)
                return
            default: throw TOMLError(line: line, column: 1, message: "'\(k)' is already a value, not a table")
            }
            try modify(&inner, steps.dropFirst(), line: line, change)
            table.set(k, .table(inner), line: table.lines[k] ?? line)
        case .lastElement(let k):
            guard case .array(var elements)? = table[k], var last = elements.last?.table else {
                throw TOMLError(line: line, column: 1, message: "'\(k)' is not an array of tables")
            }
            try modify(&last, steps.dropFirst(), line: line, change)
            elements[elements.count - 1] = .table(last)
            table.set(k, .array(elements), line: table.lines[k] ?? line)
        }
    }

    private mutating func insert(_ value: TOMLValue, at path: [String], line: Int) throws(TOMLError) {
        let steps = current + path.dropLast().map { PathStep.key($0) }
        let last = path.last!
        let column = i - lineStart + 1
        try modify(steps, line: line) { (table: inout TOMLTable) throws(TOMLError) in
            guard table[last] == nil else {
                throw TOMLError(line: line, column: column, message: "key '\(path.joined(separator: "."))' is defined twice")
            }
            table.set(last, value, line: line)
        }
    }

    // MARK: Keys

    private mutating func key() throws(TOMLError) -> [String] {
        var parts: [String] = []
        while true {
            skipBlank()
            parts.append(try simpleKey())
            skipBlank()
            guard peek == UInt8(ascii: ".") else { return parts }
            i += 1
        }
    }

    private mutating func simpleKey() throws(TOMLError) -> String {
        guard let c = peek else { throw error("expected a key") }
        if c == UInt8(ascii: "\"") { return try basicString() }
        if c == UInt8(ascii: "'") { return try literalString() }
        let start = i
        while let c = peek, isBareKeyByte(c) { i += 1 }
        guard i > start else { throw error("expected a key (letters, digits, '-' or '_', or a quoted key)") }
        return String(decoding: bytes[start..<i], as: UTF8.self)
    }

    private func isBareKeyByte(_ c: UInt8) -> Bool {
        (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z")) || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z"))
            || (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")) || c == UInt8(ascii: "-") || c == UInt8(ascii: "_")
    }

    // MARK: Values

    private mutating func value(depth: Int) throws(TOMLError) -> TOMLValue {
        guard depth < Self.maxNesting else { throw error("values nested more than \(Self.maxNesting) levels deep") }
        guard let c = peek else { throw error("expected a value") }
        switch c {
        case UInt8(ascii: "\""):
            if starts(with: "\"\"\"") { return .string(try multilineBasicString()) }
            return .string(try basicString())
        case UInt8(ascii: "'"):
            if starts(with: "'''") { return .string(try multilineLiteralString()) }
            return .string(try literalString())
        case UInt8(ascii: "["): return try array(depth: depth)
        case UInt8(ascii: "{"): return try inlineTable(depth: depth)
        default: return try scalar()
        }
    }

    /// Asked at every byte of a multi-line string: compared in place, with
    /// no array made per call (those were most of the cost of parsing the rules).
    private func starts(with text: StaticString) -> Bool {
        text.withUTF8Buffer { t in i + t.count <= bytes.count && bytes[i..<i + t.count].elementsEqual(t) }
    }

    private mutating func array(depth: Int) throws(TOMLError) -> TOMLValue {
        i += 1
        var items: [TOMLValue] = []
        while true {
            try skipWhitespaceAndComments()
            if peek == UInt8(ascii: "]") { i += 1; return .array(items) }
            items.append(try value(depth: depth + 1))
            try skipWhitespaceAndComments()
            if peek == UInt8(ascii: ",") { i += 1; continue }
            guard peek == UInt8(ascii: "]") else { throw error("expected ',' or ']' in the array") }
        }
    }

    private mutating func skipWhitespaceAndComments() throws(TOMLError) {
        while let c = peek {
            if c == UInt8(ascii: " ") || c == UInt8(ascii: "\t") { i += 1 }
            else if c == UInt8(ascii: "\n") || c == UInt8(ascii: "\r") { try newline() }
            else if c == UInt8(ascii: "#") { try comment() }
            else { return }
        }
    }

    private mutating func inlineTable(depth: Int) throws(TOMLError) -> TOMLValue {
        i += 1
        var table = TOMLTable()
        skipBlank()
        if peek == UInt8(ascii: "}") { i += 1; return .table(table) }
        while true {
            skipBlank()
            let keyLine = line
            let path = try key()
            skipBlank()
            try expect(UInt8(ascii: "="), "expected '=' after the key")
            skipBlank()
            let value = try self.value(depth: depth + 1)
            let column = i - lineStart + 1
            try Self.modify(&table, path.dropLast().map { PathStep.key($0) }[...], line: keyLine) { (t: inout TOMLTable) throws(TOMLError) in
                guard t[path.last!] == nil else {
                    throw TOMLError(line: keyLine, column: column, message: "key '\(path.joined(separator: "."))' is defined twice")
                }
                t.set(path.last!, value, line: keyLine)
            }
            skipBlank()
            if peek == UInt8(ascii: ",") { i += 1; continue }
            try expect(UInt8(ascii: "}"), "expected ',' or '}' in the inline table")
            return .table(table)
        }
    }

    private mutating func scalar() throws(TOMLError) -> TOMLValue {
        let start = i
        while let c = peek, isBareKeyByte(c) || c == UInt8(ascii: "+") || c == UInt8(ascii: ".") || c == UInt8(ascii: ":") { i += 1 }
        let word = String(decoding: bytes[start..<i], as: UTF8.self)
        switch word {
        case "true": return .bool(true)
        case "false": return .bool(false)
        case "inf", "+inf": return .float(.infinity)
        case "-inf": return .float(-.infinity)
        case "nan", "+nan", "-nan": return .float(.nan)
        default: break
        }
        let digits = word.filter { $0 != "_" }
        if word.contains("_") && (word.hasPrefix("_") || word.hasSuffix("_") || word.contains("__")) {
            i = start
            throw error("misplaced '_' in the number '\(word)'")
        }
        for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] where digits.hasPrefix(prefix) {
            if let n = Int(digits.dropFirst(2), radix: radix) { return .integer(n) }
        }
        if let n = Int(digits) { return .integer(n) }
        if digits.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }), let d = Double(digits) { return .float(d) }
        i = start
        if word.contains("-") && word.contains(":") || word.count == 10 && word.split(separator: "-").count == 3 {
            throw error("dates and times are not supported here; quote the value as a string")
        }
        throw error(word.isEmpty ? "expected a value" : "'\(word)' is not a value: strings need quotes")
    }

    // MARK: Strings

    private mutating func literalString() throws(TOMLError) -> String {
        i += 1
        let start = i
        while let c = peek, c != UInt8(ascii: "'") {
            if c == UInt8(ascii: "\n") || c == UInt8(ascii: "\r") { throw error("a string must end on its line; use ''' for several lines") }
            i += 1
        }
        guard peek != nil else { throw error("unterminated string") }
        let text = String(decoding: bytes[start..<i], as: UTF8.self)
        i += 1
        return text
    }

    private mutating func multilineLiteralString() throws(TOMLError) -> String {
        i += 3
        try skipFirstNewline()
        let start = i
        while i < bytes.count {
            if starts(with: "'''") {
                // Up to two quotes may end the content: `''''` or `'''''`.
                var end = i
                while end + 3 < bytes.count && bytes[end + 3] == UInt8(ascii: "'") && end - i < 2 { end += 1 }
                let text = String(decoding: bytes[start..<end], as: UTF8.self)
                i = end + 3
                return text
            }
            if bytes[i] == UInt8(ascii: "\n") { i += 1; line += 1; lineStart = i } else { i += 1 }
        }
        throw error("unterminated ''' string")
    }

    private mutating func skipFirstNewline() throws(TOMLError) {
        if peek == UInt8(ascii: "\n") || peek == UInt8(ascii: "\r") && i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "\n") {
            try newline()
        }
    }

    private mutating func basicString() throws(TOMLError) -> String {
        i += 1
        var out: [UInt8] = []
        while let c = peek, c != UInt8(ascii: "\"") {
            if c == UInt8(ascii: "\n") || c == UInt8(ascii: "\r") { throw error("a string must end on its line; use \"\"\" for several lines") }
            if c == UInt8(ascii: "\\") { try escape(into: &out, multiline: false) } else { out.append(c); i += 1 }
        }
        guard peek != nil else { throw error("unterminated string") }
        i += 1
        return String(decoding: out, as: UTF8.self)
    }

    private mutating func multilineBasicString() throws(TOMLError) -> String {
        i += 3
        try skipFirstNewline()
        var out: [UInt8] = []
        while i < bytes.count {
            if starts(with: "\"\"\"") {
                var extra = 0
                while i + 3 + extra < bytes.count && bytes[i + 3 + extra] == UInt8(ascii: "\"") && extra < 2 { extra += 1 }
                out.append(contentsOf: repeatElement(UInt8(ascii: "\""), count: extra))
                i += 3 + extra
                return String(decoding: out, as: UTF8.self)
            }
            let c = bytes[i]
            if c == UInt8(ascii: "\\") {
                try escape(into: &out, multiline: true)
            } else {
                if c == UInt8(ascii: "\n") { line += 1; lineStart = i + 1 }
                out.append(c)
                i += 1
            }
        }
        throw error("unterminated \"\"\" string")
    }

    private mutating func escape(into out: inout [UInt8], multiline: Bool) throws(TOMLError) {
        i += 1
        guard let c = peek else { throw error("unterminated escape") }
        i += 1
        switch c {
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "e"): out.append(0x1B)
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): out.append(c)
        case UInt8(ascii: "u"), UInt8(ascii: "U"):
            let count = c == UInt8(ascii: "u") ? 4 : 8
            guard i + count <= bytes.count, let code = UInt32(String(decoding: bytes[i..<i + count], as: UTF8.self), radix: 16),
                  let scalar = Unicode.Scalar(code) else { throw error("invalid Unicode escape") }
            out.append(contentsOf: Array(String(Character(scalar)).utf8))
            i += count
        case let w where multiline && (w == UInt8(ascii: " ") || w == UInt8(ascii: "\t") || w == UInt8(ascii: "\n") || w == UInt8(ascii: "\r")):
            // A line-ending backslash trims the line break and the whitespace after it.
            i -= 1
            while let w = peek, w == UInt8(ascii: " ") || w == UInt8(ascii: "\t") || w == UInt8(ascii: "\n") || w == UInt8(ascii: "\r") {
                if w == UInt8(ascii: "\n") { line += 1; lineStart = i + 1 }
                i += 1
            }
        default:
            i -= 1
            throw error("unknown escape '\\\(Character(Unicode.Scalar(c)))'")
        }
    }
}
