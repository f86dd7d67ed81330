import MigcheckSyntax
import MigcheckModel

/// `# migcheck: ignore[MC101] -- reason` on an operation (on its lines, or
/// on its own line just above it), or `# migcheck: ignore-file[MC101] -- reason`
/// anywhere in the file. The reason is required: a suppression is a decision
/// somebody has to be able to read back.
struct Suppression {
    var rules: Set<String>
    var reason: String
    var fileWide: Bool
    var directive: Directive
    var used = false

    /// Reads a file's directives into suppressions, and what cannot be read into diagnostics.
    static func parse(_ directives: [Directive], ruleIDs: [String: String]) -> ([Suppression], [Diagnostic]) {
        var found: [Suppression] = []
        var problems: [Diagnostic] = []
        for d in directives {
            func problem(_ message: String) {
                problems.append(Diagnostic(.invalidSuppression, .warning, message, range: d.range, location: d.location))
            }
            let text = d.text.trimmingBlankLines()
            let fileWide: Bool
            let rest: Substring
            if text.hasPrefix("ignore-file[") {
                fileWide = true
                rest = text.dropFirst("ignore-file[".count)
            } else if text.hasPrefix("ignore[") {
                fileWide = false
                rest = text.dropFirst("ignore[".count)
            } else {
                problem("unknown migcheck comment; write '# migcheck: ignore[MC101] -- reason' or '# migcheck: ignore-file[MC101] -- reason'")
                continue
            }
            guard let close = rest.firstIndex(of: "]") else {
                problem("missing ']' after the rule IDs")
                continue
            }
            var rules: Set<String> = []
            var unknown: [String] = []
            for part in rest[..<close].split(separator: ",") {
                let word = String(part).trimmingBlankLines()
                if let id = ruleIDs[word] { rules.insert(id) } else { unknown.append(word) }
            }
            if let bad = unknown.first {
                let close = Suggestion.didYouMean(bad, among: Array(ruleIDs.keys))
                problem("unknown rule '\(bad)'\(close); 'migcheck rules' lists them")
                continue
            }
            guard !rules.isEmpty else {
                problem("name the rules to ignore, as in 'ignore[MC101]'")
                continue
            }
            let after = rest[rest.index(after: close)...].trimmingBlankLines()
            guard after.hasPrefix("--"), !after.dropFirst(2).trimmingBlankLines().isEmpty else {
                problem("a suppression needs a reason: '# migcheck: ignore[\(rules.sorted().joined(separator: ", "))] -- why this is fine'")
                continue
            }
            found.append(Suppression(rules: rules, reason: after.dropFirst(2).trimmingBlankLines(), fileWide: fileWide, directive: d))
        }
        return (found, problems)
    }
}
