import FoundationEssentials
import MigcheckRules

/// The report formats `check` and ranges write, on standard output
/// (`--format`) and, in the same run, to files (`--json FILE`, `--junit FILE`,
/// `--sarif FILE`, `--gitlab FILE`), so that one CI job gives the log and the artifacts.
enum ReportOutputs {
    static let formats = ["text", "json", "junit", "github", "gitlab", "sarif"]
    static let files = [("--json", "json"), ("--junit", "junit"), ("--sarif", "sarif"), ("--gitlab", "gitlab")]
    static let options: [Options.Spec] = files.map { .init(name: $0.0, takesValue: true) }

    /// One format of the report; `text` and `json` are the command's own.
    static func render(_ format: String, _ report: CheckReport, rules: [Rule],
                       text: () -> String, json: () -> [UInt8]) -> [UInt8] {
        switch format {
        case "json": return json()
        case "junit": return JUnitReporter.xml(report)
        case "github": return GitHubReporter.annotations(report)
        case "gitlab": return GitLabReporter.codeQuality(report)
        case "sarif": return SARIFReporter.sarif(report, rules: rules)
        default: return Array(text().utf8)
        }
    }

    /// Writes standard output and every file asked for.
    static func write(_ input: CommandInput, _ report: CheckReport, rules: [Rule],
                      text: () -> String, json: () -> [UInt8]) throws {
        input.console.write(render(input.format, report, rules: rules, text: text, json: json))
        for (option, format) in files {
            guard let path = input.options.values[option] else { continue }
            do {
                try FileDescriptorOutput.write(render(format, report, rules: rules, text: text, json: json), to: path)
            } catch {
                throw CheckCommand.UsageError("cannot write \(option) \(path): \(error)")
            }
        }
    }
}
