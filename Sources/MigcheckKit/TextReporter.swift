#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import MigcheckModel
import MigcheckRules

/// How text is shown: colour, the width to wrap at, and whether only the headline and failures are wanted.
struct TextStyle: Sendable {
    var color = false
    /// 0: do not wrap (not a terminal).
    var width = 0
    var quiet = false

    /// `--color auto|always|never` (auto: a terminal, and NO_COLOR unset), the
    /// terminal's width (or COLUMNS), and `--quiet`.
    static func from(_ options: Options) throws -> TextStyle {
        var style = TextStyle()
        let terminal = isatty(1) == 1
        switch options.values["--color"] ?? "auto" {
        case "always": style.color = true
        case "never": style.color = false
        case "auto": style.color = terminal && getenv("NO_COLOR") == nil
        case let other: throw CheckCommand.UsageError("--color takes auto, always or never, not '\(other)'")
        }
        if let columns = getenv("COLUMNS").flatMap({ Int(String(cString: $0)) }), columns >= 40 {
            style.width = columns
        } else if terminal {
            var size = winsize()
            if ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col >= 40 { style.width = Int(size.ws_col) }
        }
        style.quiet = options.flags.contains("--quiet") || options.flags.contains("-q")
        return style
    }

    static let options: [Options.Spec] = [
        .init(name: "--color", takesValue: true), .init(name: "--quiet", takesValue: false), .init(name: "-q", takesValue: false),
    ]

    func paint(_ text: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }
    func bold(_ text: String) -> String { paint(text, "1") }
    func red(_ text: String) -> String { paint(text, "31") }
    func yellow(_ text: String) -> String { paint(text, "33") }
    func dim(_ text: String) -> String { paint(text, "2") }
    func green(_ text: String) -> String { paint(text, "32") }

    /// `text` broken into lines of at most `width` columns, each after
    /// `indent` (`first` before the first one); a word longer than a line
    /// gets a line of its own. Without a width (not a terminal), each
    /// paragraph is one line.
    func wrap(_ text: String, indent: String, first: String? = nil) -> String {
        var out = ""
        wrap(text, indent: indent, first: first, into: &out)
        return out
    }

    /// `wrap`, appended to `out`: a report is not built of strings joined afterwards.
    func wrap(_ text: String, indent: String, first: String? = nil, into out: inout String) {
        var prefix = first ?? indent
        for paragraph in Self.paragraphs(of: text) {
            out += prefix
            if width > 0 { fill(paragraph, from: prefix.count, indent: indent, into: &out) } else { out += paragraph }
            out += "\n"
            prefix = indent
        }
    }

    /// The words of `paragraph` on lines of `width` columns, the first one
    /// already at `column`. Columns are Characters, added up word by word:
    /// counting the whole line again at each word made wrapping a quarter of
    /// `check`'s CPU time on a large project.
    private func fill(_ paragraph: Substring, from column: Int, indent: String, into out: inout String) {
        var column = column
        var lineHasWord = false
        for word in paragraph.split(separator: " ", omittingEmptySubsequences: false) {
            let size = word.count
            if lineHasWord, column + 1 + size > width {
                out += "\n"
                out += indent
                column = indent.count
                lineHasWord = false
            }
            if lineHasWord {
                out += " "
                column += 1
            }
            out += word
            column += size
            lineHasWord = true
        }
    }

    /// The lines of `text`, split where `split(separator: "\n")` would split
    /// (at each LF, except the LF of a CR LF, which is one Character), but
    /// found by bytes: splitting by Characters cost 10% of `check`.
    static func paragraphs(of text: String) -> [Substring] {
        var bytes = text
        let breaks: [Int] = bytes.withUTF8 { utf8 in
            utf8.indices.filter { utf8[$0] == 0x0A && ($0 == 0 || utf8[$0 - 1] != 0x0D) }
        }
        let utf8 = text.utf8
        var lines: [Substring] = []
        var start = utf8.startIndex
        for offset in breaks {
            let end = utf8.index(utf8.startIndex, offsetBy: offset)
            lines.append(text[start..<end])
            start = utf8.index(after: end)
        }
        lines.append(text[start...])
        return lines
    }
}

/// The text reports for people: a headline with the two levels, each
/// migration in the order `migrate` applies it with its findings shown on
/// the source line, the rollback plan as commands, and the verdict.
enum TextReporter {
    static func levelText(_ levels: Levels, _ style: TextStyle) -> String {
        let revert = levels.revert.rawValue, maintenance = levels.maintenance.rawValue
        let r = levels.revert >= .unsafe ? style.red(revert) : (levels.revert == .lossy ? style.yellow(revert) : style.green(revert))
        let m = levels.maintenance == .required ? style.red(maintenance) : (levels.maintenance == .recommended ? style.yellow(maintenance) : style.green(maintenance))
        return "revert \(r), maintenance \(m)"
    }

    /// `migcheck: 7 migrations checked for postgresql 16` and the levels and counts.
    static func headline(_ title: String, _ report: CheckReport, _ style: TextStyle) -> String {
        let findings = report.result.verdicts.flatMap(\.findings)
        let suppressed = findings.filter { $0.suppressedBecause != nil }.count
        let failing = report.failing.count
        var counts = "\(findings.count - suppressed) finding\(findings.count - suppressed == 1 ? "" : "s")"
        var details: [String] = []
        if failing > 0 { details.append("\(failing) at or above --fail-on \(report.threshold.description)") }
        if suppressed > 0 { details.append("\(suppressed) suppressed") }
        if !details.isEmpty { counts += " (" + details.joined(separator: ", ") + ")" }
        return style.bold(title) + "\n  " + levelText(report.result.levels, style) + "; " + counts + "\n"
    }

    /// Each checked migration and its findings; with `quiet`, only failing findings, one line each.
    static func migrations(_ report: CheckReport, _ style: TextStyle) -> String {
        var out = ""
        for v in report.result.verdicts {
            if style.quiet {
                for f in v.findings where f.suppressedBecause == nil && report.threshold.isReached(by: f.levels) {
                    out += "\(f.path):\(f.location.line):\(f.location.column): \(style.red(f.ruleID)) \(f.message)\n"
                }
                continue
            }
            // Appended piece by piece: `a + b + c` makes a string for each `+`.
            out += "\n"
            out += style.bold(v.key.description)
            out += "  "
            out += levelText(v.levels, style)
            out += "  "
            out += style.dim(v.path)
            out += "\n"
            for f in v.findings { finding(f, report, style, into: &out) }
        }
        if !style.quiet, !report.result.diagnostics.isEmpty {
            out += "\n" + style.bold("problems") + "\n"
            for d in report.result.diagnostics {
                let severity = d.severity == .error ? style.red("error") : style.yellow(d.severity.rawValue)
                out += "  \(d.path):\(d.location.line):\(d.location.column): \(severity) \(d.code) \(d.name): \(d.message)\n"
            }
        }
        return out
    }

    private static func finding(_ f: Finding, _ report: CheckReport, _ style: TextStyle, into out: inout String) {
        let levels = [f.levels.revert != .safe ? "revert \(f.levels.revert.rawValue)" : nil,
                      f.levels.maintenance != .none ? "maintenance \(f.levels.maintenance.rawValue)" : nil].compactMap { $0 }
        let fails = f.suppressedBecause == nil && report.threshold.isReached(by: f.levels)
        let mark = f.suppressedBecause != nil ? style.dim("-") : (fails ? style.red("✗") : style.yellow("!"))
        out += "  \(mark) \(f.ruleID) \(f.ruleName) [\(levels.joined(separator: ", "))]\n"
        out += style.dim("    --> \(f.path):\(f.location.line):\(f.location.column)")
        out += "\n"
        if let reason = f.suppressedBecause {
            style.wrap("suppressed: " + reason, indent: "      ", into: &out)
            return
        }
        if let line = report.sourceLine(f.path, f.location.line) {
            let number = String(f.location.line)
            let gutter = String(repeating: " ", count: number.count)
            out += "    \(gutter) |\n    \(number) | \(line)\n"
            out += "    \(gutter) | "
            out += String(repeating: " ", count: max(0, f.location.column - 1))
            out += style.red("^")
            out += "\n"
        }
        style.wrap(f.message, indent: "      ", into: &out)
        style.wrap("fix: " + f.advice, indent: "      ", into: &out)
    }

    /// The rollback plan as numbered commands, with what each step un-applies and what goes wrong.
    static func plan(_ steps: [RollbackStep], title: String, _ style: TextStyle) -> String {
        guard !steps.isEmpty else { return "" }
        var out = "\n" + style.bold(title) + "\n"
        for (n, step) in steps.enumerated() {
            out += "  \(n + 1). \(step.command)\n"
            out += style.wrap("un-applies \(step.unapplies.map(\.description).joined(separator: ", ")); revert \(step.levels.revert.rawValue)", indent: "     ")
            for warning in step.warnings { out += style.wrap(warning, indent: "       ", first: "     " + style.yellow("!") + " ") }
        }
        return out
    }

    /// Maintenance mode and the pass or fail line.
    static func verdict(_ report: CheckReport, _ style: TextStyle) -> String {
        var out = "\n"
        let maintenance = report.result.levels.maintenance
        if maintenance >= .recommended {
            out += "maintenance mode: \(maintenance == .required ? style.red("required") : style.yellow("recommended")) while these migrations are applied\n"
        }
        let failing = report.failing.count
        if failing > 0 || !report.errors.isEmpty {
            out += style.red("FAILED") + ": " + [failing > 0 ? "\(failing) finding\(failing == 1 ? "" : "s") at or above --fail-on \(report.threshold.description)" : nil,
                                                  report.errors.isEmpty ? nil : "\(report.errors.count) error\(report.errors.count == 1 ? "" : "s") in the files"]
                .compactMap { $0 }.joined(separator: "; ") + "\n"
        } else {
            out += style.green("passed") + ": nothing at or above --fail-on \(report.threshold.description)\n"
        }
        return out
    }

    static func check(_ report: CheckReport, _ style: TextStyle) -> String {
        let count = report.result.verdicts.count
        var out = headline("migcheck: \(count) migration\(count == 1 ? "" : "s") checked for \(report.target.engine.rawValue) \(report.target.version)", report, style)
        out += migrations(report, style)
        let commands = CheckReporter.revertCommands(report.result)
        if !style.quiet, !commands.isEmpty {
            out += "\n" + style.bold("to un-apply them before rolling the code back") + "\n"
            for (app, target) in commands { out += "  \(report.config.migrate(app: app, target: target))\n" }
        }
        return out + verdict(report, style)
    }
}
