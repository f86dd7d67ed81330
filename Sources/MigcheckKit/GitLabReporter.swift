import MigcheckModel
import MigcheckRules

/// GitLab Code Quality: a JSON array of issues, shown in the merge request.
enum GitLabReporter {
    static func codeQuality(_ report: CheckReport) -> [UInt8] {
        var w = JSONWriter()
        let findings = report.result.verdicts.flatMap(\.findings).filter { $0.suppressedBecause == nil }
        w.beginArray()
        for f in findings {
            let fails = report.threshold.isReached(by: f.levels)
            let severity = fails ? (f.levels.revert == .irreversible ? "critical" : "major") : "minor"
            issue(&w, description: "\(f.ruleID) \(f.message)", check: f.ruleID, severity: severity, path: f.path, line: f.location.line,
                  fingerprint: "\(f.ruleID) \(f.path) \(f.operation ?? "") \(f.message)")
        }
        for d in report.result.diagnostics {
            issue(&w, description: "\(d.code) \(d.message)", check: d.code, severity: d.severity == .error ? "blocker" : "info",
                  path: d.path, line: d.location.line, fingerprint: "\(d.code) \(d.path) \(d.location.line) \(d.message)")
        }
        w.endArray()
        return w.bytes + [0x0A]
    }

    private static func issue(_ w: inout JSONWriter, description: String, check: String, severity: String, path: String, line: Int, fingerprint: String) {
        w.object { w in
            w.key("description"); w.string(description)
            w.key("check_name"); w.string(check)
            w.key("fingerprint"); w.string(Fingerprint.hex(fingerprint))
            w.key("severity"); w.string(severity)
            w.key("location"); w.object { w in
                w.key("path"); w.string(path)
                w.key("lines"); w.object { w in w.key("begin"); w.int(line) }
            }
        }
    }
}

/// A stable 128-bit fingerprint (two FNV-1a 64-bit hashes) as hex: the
/// same finding keeps its fingerprint from run to run.
enum Fingerprint {
    static func hex(_ text: String) -> String {
        var a: UInt64 = 0xcbf29ce484222325, b: UInt64 = 0x84222325cbf29ce4
        for byte in text.utf8 {
            a = (a ^ UInt64(byte)) &* 0x100000001b3
            b = (b ^ UInt64(byte)) &* 0x100000001b3 &+ 0x9e3779b97f4a7c15
        }
        return [a, b].map { value in
            let digits = String(value, radix: 16)
            return String(repeating: "0", count: 16 - digits.count) + digits
        }.joined()
    }
}
