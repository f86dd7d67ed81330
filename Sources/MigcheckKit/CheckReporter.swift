import MigcheckModel
import MigcheckRules

/// The reports of `check`: text for people, JSON for programs (docs/check-json.md).
enum CheckReporter {
    /// Per app, the migration `migrate APP TARGET` must go back to so that
    /// every checked migration of the app is un-applied.
    static func revertCommands(_ result: CheckResult) -> [(app: String, target: String)] {
        var checked: [String: Set<String>] = [:]
        for v in result.verdicts { checked[v.key.app, default: []].insert(v.key.name) }
        var targets: [String: String] = [:]
        for v in result.verdicts where !(checked[v.key.app]?.contains(v.revertTarget) ?? false) {
            // The earliest target wins: un-applying to it un-applies the rest.
            if let current = targets[v.key.app], current == "zero" || current.utf8Precedes(v.revertTarget) { continue }
            targets[v.key.app] = v.revertTarget
        }
        return targets.sorted { $0.key.utf8Precedes($1.key) }.map { ($0.key, $0.value) }
    }

    static func text(_ report: CheckReport) -> String {
        let commands = revertCommands(report.result).map { "python manage.py migrate \($0.app) \($0.target)" }
        return findingsText(report) + summaryText(report, revertCommands: commands)
    }

    /// Each checked migration with its levels and findings, then the problems.
    static func findingsText(_ report: CheckReport) -> String {
        let result = report.result
        var out = ""
        for v in result.verdicts {
            out += "\(v.path)  revert: \(v.levels.revert.rawValue)  maintenance: \(v.levels.maintenance.rawValue)\n"
            for f in v.findings {
                let levels = [f.levels.revert != .safe ? "revert \(f.levels.revert.rawValue)" : nil,
                              f.levels.maintenance != .none ? "maintenance \(f.levels.maintenance.rawValue)" : nil].compactMap { $0 }
                let mark = f.suppressedBecause == nil ? (report.threshold.isReached(by: f.levels) ? "✗" : "!") : "-"
                out += "  \(mark) \(f.location.line):\(f.location.column) \(f.ruleID) \(f.ruleName) [\(levels.joined(separator: ", "))]\n"
                if let reason = f.suppressedBecause {
                    out += "      suppressed: \(reason)\n"
                    continue
                }
                out += indent(f.message, by: 6)
                out += indent("fix: " + f.advice, by: 6)
            }
        }
        if !result.diagnostics.isEmpty {
            out += "\nproblems:\n"
            for d in result.diagnostics {
                out += "  \(d.path):\(d.location.line):\(d.location.column): \(d.severity.rawValue) \(d.code) \(d.name): \(d.message)\n"
            }
        }
        return out
    }

    /// The levels of the whole set, the revert commands (if given), maintenance mode, and pass or fail.
    static func summaryText(_ report: CheckReport, revertCommands commands: [String]) -> String {
        let result = report.result
        var out = ""
        let findings = result.verdicts.flatMap(\.findings)
        let suppressed = findings.filter { $0.suppressedBecause != nil }.count
        out += "\n\(result.verdicts.count) migration\(result.verdicts.count == 1 ? "" : "s") checked for \(report.target.engine.rawValue) \(report.target.version): "
        out += "revert \(result.levels.revert.rawValue), maintenance \(result.levels.maintenance.rawValue)"
        out += "; \(findings.count - suppressed) finding\(findings.count - suppressed == 1 ? "" : "s")"
        out += suppressed > 0 ? " (\(suppressed) suppressed)\n" : "\n"
        if !commands.isEmpty {
            out += "to un-apply them before rolling the code back:\n"
            for command in commands { out += "  \(command)\n" }
        }
        if result.levels.maintenance >= .recommended {
            out += "maintenance mode: \(result.levels.maintenance == .required ? "required" : "recommended") while these migrations are applied\n"
        }
        if !findings.isEmpty { out += "(✗ reaches --fail-on, ! is below it, - is suppressed)\n" }
        let failing = report.failing.count
        if failing > 0 || !report.errors.isEmpty {
            out += "FAILED: " + [failing > 0 ? "\(failing) finding\(failing == 1 ? "" : "s") at or above --fail-on \(report.threshold.description)" : nil,
                                 report.errors.isEmpty ? nil : "\(report.errors.count) error\(report.errors.count == 1 ? "" : "s") in the files"]
                .compactMap { $0 }.joined(separator: "; ") + "\n"
        } else {
            out += "passed: nothing at or above --fail-on \(report.threshold.description)\n"
        }
        return out
    }

    private static func indent(_ text: String, by n: Int) -> String {
        let pad = String(repeating: " ", count: n)
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { pad + $0 }.joined(separator: "\n") + "\n"
    }

    static func json(_ report: CheckReport) -> [UInt8] {
        var w = JSONWriter()
        w.object { w in
            w.key("version"); w.int(1)
            members(&w, report)
            w.key("revert_commands"); w.array(revertCommands(report.result)) { w, c in
                w.object { w in
                    w.key("app"); w.string(c.app)
                    w.key("target"); w.string(c.target)
                    w.key("command"); w.string("python manage.py migrate \(c.app) \(c.target)")
                }
            }
            migrationsAndDiagnostics(&w, report)
        }
        return w.bytes + [0x0A]
    }

    /// The engine, the threshold, whether it failed, and the levels.
    static func members(_ w: inout JSONWriter, _ report: CheckReport) {
        let result = report.result
        w.key("engine"); w.object { w in
            w.key("name"); w.string(report.target.engine.rawValue)
            w.key("version"); w.int(report.target.version)
        }
        w.key("fail_on"); w.object { w in
            w.key("revert"); if let r = report.threshold.revert { w.string(r.rawValue) } else { w.null() }
            w.key("maintenance"); if let m = report.threshold.maintenance { w.string(m.rawValue) } else { w.null() }
        }
        w.key("failed"); w.bool(report.failed)
        w.key("levels"); levels(&w, result.levels)
    }

    /// The checked migrations with their findings, and the diagnostics.
    static func migrationsAndDiagnostics(_ w: inout JSONWriter, _ report: CheckReport) {
        let result = report.result
        w.key("migrations"); w.array(result.verdicts) { w, v in
            w.object { w in
                w.key("app"); w.string(v.key.app)
                w.key("name"); w.string(v.key.name)
                w.key("path"); w.string(v.path)
                w.key("revert_target"); w.string(v.revertTarget)
                w.key("levels"); levels(&w, v.levels)
                w.key("findings"); w.array(v.findings) { w, f in finding(&w, f, report) }
            }
        }
        w.key("diagnostics"); w.array(result.diagnostics) { w, d in
            w.object { w in
                w.key("path"); w.string(d.path)
                w.key("line"); w.int(d.location.line)
                w.key("column"); w.int(d.location.column)
                w.key("code"); w.string(d.code)
                w.key("name"); w.string(d.name)
                w.key("severity"); w.string(d.severity.rawValue)
                w.key("message"); w.string(d.message)
            }
        }
    }

    static func levels(_ w: inout JSONWriter, _ l: Levels) {
        w.object { w in
            w.key("revert"); w.string(l.revert.rawValue)
            w.key("maintenance"); w.string(l.maintenance.rawValue)
        }
    }

    private static func finding(_ w: inout JSONWriter, _ f: Finding, _ report: CheckReport) {
        w.object { w in
            w.key("rule"); w.string(f.ruleID)
            w.key("name"); w.string(f.ruleName)
            w.key("levels"); levels(&w, f.levels)
            w.key("line"); w.int(f.location.line)
            w.key("column"); w.int(f.location.column)
            w.key("operation"); if let o = f.operation { w.string(o) } else { w.null() }
            w.key("operation_type"); if let t = f.operationType { w.string(t) } else { w.null() }
            w.key("message"); w.string(f.message)
            w.key("advice"); w.string(f.advice)
            w.key("suppressed"); if let r = f.suppressedBecause { w.string(r) } else { w.null() }
            w.key("fails"); w.bool(f.suppressedBecause == nil && report.threshold.isReached(by: f.levels))
        }
    }
}
