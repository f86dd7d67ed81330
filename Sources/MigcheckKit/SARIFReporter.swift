import MigcheckModel
import MigcheckRules

/// SARIF 2.1.0: the rules described once, each result pointing at its file,
/// line and column, suppressed findings marked as suppressed in source.
enum SARIFReporter {
    static func sarif(_ report: CheckReport, rules: [Rule]) -> [UInt8] {
        let used = Set(report.result.verdicts.flatMap(\.findings).map(\.ruleID))
        let described = rules.filter { used.contains($0.id) }
        let index = Dictionary(uniqueKeysWithValues: described.enumerated().map { ($1.id, $0) })
        var w = JSONWriter()
        w.object { w in
            w.key("$schema"); w.string("https://json.schemastore.org/sarif-2.1.0.json")
            w.key("version"); w.string("2.1.0")
            w.key("runs"); w.array([0]) { w, _ in
                w.object { w in
                    w.key("tool"); w.object { w in
                        w.key("driver"); w.object { w in
                            w.key("name"); w.string("migcheck")
                            w.key("version"); w.string(Version.current)
                            w.key("rules"); w.array(described) { w, rule in
                                w.object { w in
                                    w.key("id"); w.string(rule.id)
                                    w.key("name"); w.string(rule.name)
                                    w.key("shortDescription"); w.object { w in w.key("text"); w.string(rule.summary) }
                                    w.key("fullDescription"); w.object { w in w.key("text"); w.string(rule.rationale) }
                                    w.key("help"); w.object { w in w.key("text"); w.string(rule.generalAdvice) }
                                    w.key("properties"); w.object { w in
                                        w.key("revert"); w.string(rule.levels.revert.rawValue)
                                        w.key("maintenance"); w.string(rule.levels.maintenance.rawValue)
                                    }
                                }
                            }
                        }
                    }
                    w.key("results"); w.array(report.result.verdicts.flatMap(\.findings)) { w, f in
                        w.object { w in
                            w.key("ruleId"); w.string(f.ruleID)
                            if let k = index[f.ruleID] { w.key("ruleIndex"); w.int(k) }
                            w.key("level"); w.string(report.threshold.isReached(by: f.levels) ? "error" : "warning")
                            w.key("message"); w.object { w in w.key("text"); w.string("\(f.message)\nfix: \(f.advice)") }
                            location(&w, path: f.path, line: f.location.line, column: f.location.column)
                            if let reason = f.suppressedBecause {
                                w.key("suppressions"); w.array([reason]) { w, reason in
                                    w.object { w in
                                        w.key("kind"); w.string("inSource")
                                        w.key("justification"); w.string(reason)
                                    }
                                }
                            }
                        }
                    }
                    w.key("invocations"); w.array([0]) { w, _ in
                        w.object { w in
                            w.key("executionSuccessful"); w.bool(report.errors.isEmpty)
                            w.key("toolExecutionNotifications"); w.array(report.result.diagnostics) { w, d in
                                w.object { w in
                                    w.key("level"); w.string(d.severity == .error ? "error" : (d.severity == .warning ? "warning" : "note"))
                                    w.key("descriptor"); w.object { w in w.key("id"); w.string(d.code) }
                                    w.key("message"); w.object { w in w.key("text"); w.string(d.message) }
                                    location(&w, path: d.path, line: d.location.line, column: d.location.column)
                                }
                            }
                        }
                    }
                }
            }
        }
        return w.bytes + [0x0A]
    }

    private static func location(_ w: inout JSONWriter, path: String, line: Int, column: Int) {
        w.key("locations"); w.array([0]) { w, _ in
            w.object { w in
                w.key("physicalLocation"); w.object { w in
                    w.key("artifactLocation"); w.object { w in w.key("uri"); w.string(path) }
                    w.key("region"); w.object { w in
                        w.key("startLine"); w.int(max(1, line))
                        w.key("startColumn"); w.int(max(1, column))
                    }
                }
            }
        }
    }
}
