import MigcheckModel
import MigcheckRules

/// GitHub Actions workflow commands: one annotation per finding and error,
/// shown on the pull request's diff.
enum GitHubReporter {
    /// Workflow command data: `%`, CR and LF escaped.
    static func data(_ text: String) -> String { escape(text, property: false) }

    /// A property value: also `:` and `,`.
    static func property(_ text: String) -> String { escape(text, property: true) }

    private static func escape(_ text: String, property: Bool) -> String {
        let special: (UInt8) -> Bool = { $0 == 0x25 || $0 == 0x0D || $0 == 0x0A || property && ($0 == 0x3A || $0 == 0x2C) }
        guard text.utf8.contains(where: special) else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 16)
        for b in text.utf8 {
            if special(b) {
                out += Array(("%" + (b < 0x10 ? "0" : "") + String(b, radix: 16, uppercase: true)).utf8)
            } else {
                out.append(b)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func annotations(_ report: CheckReport) -> [UInt8] {
        var out = ""
        for f in report.result.verdicts.flatMap(\.findings) where f.suppressedBecause == nil {
            let command = report.threshold.isReached(by: f.levels) ? "error" : "warning"
            out += "::\(command) file=\(property(f.path)),line=\(f.location.line),col=\(f.location.column),title=\(property("\(f.ruleID) \(f.ruleName)"))::\(data("\(f.message)\nfix: \(f.advice)"))\n"
        }
        for d in report.result.diagnostics {
            let command = d.severity == .error ? "error" : (d.severity == .warning ? "warning" : "notice")
            out += "::\(command) file=\(property(d.path)),line=\(d.location.line),col=\(d.location.column),title=\(property("\(d.code) \(d.name)"))::\(data(d.message))\n"
        }
        let levels = report.result.levels
        out += "::notice title=migcheck::\(data("revert \(levels.revert.rawValue), maintenance \(levels.maintenance.rawValue); \(report.failing.count) finding(s) at or above --fail-on \(report.threshold.description)"))\n"
        return Array(out.utf8)
    }
}
