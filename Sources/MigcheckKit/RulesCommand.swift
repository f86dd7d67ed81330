import FoundationEssentials
import MigcheckModel
import MigcheckRules
import MigcheckSyntax

/// `migcheck rules` and `migcheck explain RULE`: the catalogue, from the
/// built-in pack plus any `--rules DIR` (and the configuration's folders).
enum RulesCommand {
    static let specs: [Options.Spec] = [
        .init(name: "--format", takesValue: true),
        .init(name: "--rules", takesValue: true),
        .init(name: "--facts", takesValue: false),
        .init(name: "--diagnostics", takesValue: false),
    ]

    static func rules(_ arguments: [String], console: Console) -> CommandLineTool.ExitStatus {
        let options: Options, pack: RulePack
        switch prepare("rules", arguments, help: Help.rules, console: console) {
        case .success(let ready): (options, pack) = ready
        case .failure(let status): return status
        }
        let column = { (text: String, width: Int) in text.padded(to: width) }
        if options.flags.contains("--facts") {
            let width = FactCatalogue.entries.map(\.name.count).max() ?? 0
            console.out(FactCatalogue.entries.map { column($0.name, width) + "  " + $0.meaning }.joined(separator: "\n") + "\n")
            return .success
        }
        let diagnostics = options.flags.contains("--diagnostics")
        switch options.values["--format"] ?? "text" {
        case "markdown":
            console.out(diagnostics ? DiagnosticDocs.markdown() : RuleDocs.markdown(pack.rules))
        case "text" where diagnostics:
            console.out(DiagnosticDocs.list())
        case "text":
            let nameWidth = pack.rules.map(\.name.count).max() ?? 0
            var out = "RULE   \(column("NAME", nameWidth))  REVERT        MAINTENANCE  SUMMARY\n"
            for r in pack.rules {
                out += "\(r.id)  \(column(r.name, nameWidth))  \(column(r.levels.revert.rawValue, 12))  \(column(r.levels.maintenance.rawValue, 11))  \(r.summary)\n"
            }
            console.out(out + "\n\(pack.rules.count) rules. 'migcheck explain RULE' shows one with its examples.\n")
        case let other:
            console.error("migcheck rules: unknown format '\(other)': use text or markdown\n")
            return .usage
        }
        return .success
    }

    static func explain(_ arguments: [String], console: Console) -> CommandLineTool.ExitStatus {
        let options: Options, pack: RulePack
        switch prepare("explain", arguments, help: Help.explain, console: console) {
        case .success(let ready): (options, pack) = ready
        case .failure(let status): return status
        }
        guard options.positional.count == 1 else {
            console.error("migcheck explain: give one rule or diagnostic code, by ID or name, as in 'migcheck explain MC402'\n")
            return .usage
        }
        let wanted = options.positional[0]
        if let rule = pack.rule(wanted) {
            console.out(RuleDocs.explain(rule, all: pack.rules))
        } else if let code = DiagnosticDocs.code(wanted) {
            console.out(DiagnosticDocs.explain(code))
        } else {
            let codes = DiagnosticCode.allCases
            let close = Suggestion.didYouMean(wanted, among: pack.rules.map(\.id) + pack.rules.map(\.name) + codes.map(\.rawValue) + codes.map(\.name))
            console.error("migcheck explain: no rule or diagnostic code '\(wanted)'\(close); 'migcheck rules' and 'migcheck rules --diagnostics' list them\n")
            return .usage
        }
        return .success
    }

    /// The options and the pack, or the status to stop with (after --help or an error).
    private static func prepare(_ command: String, _ arguments: [String], help: String,
                                console: Console) -> Result<(Options, RulePack), CommandLineTool.ExitStatus> {
        let options: Options
        switch CommandInput.options(command, arguments, specs: specs, help: help, console: console) {
        case .success(let parsed): options = parsed
        case .failure(let status): return .failure(status)
        }
        do {
            var pack = try RulePack.builtin()
            var folders = [options.values["--rules"]].compactMap { $0 }
            if let found = try Configuration.nearest(from: ".") { folders = found.ruleFolders + folders }
            for folder in folders { try pack.add(folder: folder) }
            return .success((options, pack))
        } catch {
            console.error("migcheck \(command): \(error)\n")
            return .failure(.usage)
        }
    }
}
