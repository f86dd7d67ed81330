import MigcheckModel
import MigcheckRules

/// The JSON report of `check` (docs/check-json.md), and pieces the range reports share.
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

    static func json(_ report: CheckReport) -> [UInt8] {
        var w = JSONWriter()
        w.object { w in
            w.key("schema"); w.string("migcheck.check/1")
            members(&w, report)
            w.key("revert_commands"); w.array(revertCommands(report.result)) { w, c in
                w.object { w in
                    w.key("app"); w.string(c.app)
                    w.key("target"); w.string(c.target)
                    w.key("command"); w.string(report.config.migrate(app: c.app, target: c.target))
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
    /// `status`: for a range, each migration's change (added, renamed, edited) by path.
    static func migrationsAndDiagnostics(_ w: inout JSONWriter, _ report: CheckReport, status: [String: String] = [:]) {
        let result = report.result
        w.key("migrations"); w.array(result.verdicts) { w, v in
            w.object { w in
                w.key("app"); w.string(v.key.app)
                w.key("name"); w.string(v.key.name)
                w.key("path"); w.string(v.path)
                if let change = status[v.path] { w.key("status"); w.string(change) }
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
