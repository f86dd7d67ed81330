import Foundation
import MigcheckModel
import MigcheckRules

/// GitHub Actions workflow commands: one annotation per finding and error,
/// shown on the pull request's diff.
enum GitHubReporter {
    /// Workflow command data: `%`, CR and LF escaped; properties also `:` and `,`.
    static func data(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D").replacingOccurrences(of: "\n", with: "%0A")
    }

    static func property(_ text: String) -> String {
        data(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
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
