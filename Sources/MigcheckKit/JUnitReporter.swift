import MigcheckModel
import MigcheckRules

/// Text safe inside XML 1.0 attributes and elements: markup characters
/// escaped, and characters XML cannot hold at all (most control characters,
/// lone surrogates cannot occur in Swift strings) written as `\u{..}`.
enum XMLText {
    static func escape(_ text: String) -> String {
        let bytes = Array(text.utf8)
        // Most messages need nothing: check the bytes once before building anything.
        guard bytes.contains(where: { $0 < 0x20 || $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 || $0 == 0xEF }) else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 32)
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            switch b {
            case 0x26: out += Array("&amp;".utf8)
            case 0x3C: out += Array("&lt;".utf8)
            case 0x3E: out += Array("&gt;".utf8)
            case 0x22: out += Array("&quot;".utf8)
            case 0x27: out += Array("&apos;".utf8)
            case 0x09, 0x0A, 0x0D: out.append(b)
            case 0..<0x20: out += Array("\\u{\(String(b, radix: 16))}".utf8)
            // U+FFFE and U+FFFF (EF BF BE, EF BF BF) are not XML characters either.
            case 0xEF where i + 2 < bytes.count && bytes[i + 1] == 0xBF && (bytes[i + 2] == 0xBE || bytes[i + 2] == 0xBF):
                out += Array("\\u{\(bytes[i + 2] == 0xBE ? "fffe" : "ffff")}".utf8)
                i += 2
            default: out.append(b)
            }
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// JUnit XML as GitLab's merge-request test report and Jenkins read it: a
/// test suite per app, a test case per migration and finding (a failure when
/// the finding reaches the threshold, skipped when suppressed), and one
/// passing case for a migration without findings.
enum JUnitReporter {
    static func xml(_ report: CheckReport) -> [UInt8] {
        let byApp = Dictionary(grouping: report.result.verdicts, by: \.key.app).sorted { $0.key.utf8Precedes($1.key) }
        var suites = ""
        var totals = (tests: 0, failures: 0, skipped: 0)
        for (app, verdicts) in byApp {
            var cases = ""
            var counts = (tests: 0, failures: 0, skipped: 0)
            for v in verdicts {
                let file = XMLText.escape(v.path)
                if v.findings.isEmpty {
                    counts.tests += 1
                    cases += "    <testcase classname=\"\(XMLText.escape(app))\" name=\"\(XMLText.escape(v.key.name))\" file=\"\(file)\"/>\n"
                }
                for f in v.findings {
                    counts.tests += 1
                    let name = XMLText.escape("\(v.key.name) \(f.ruleID) \(f.ruleName) (line \(f.location.line))")
                    cases += "    <testcase classname=\"\(XMLText.escape(app))\" name=\"\(name)\" file=\"\(file)\" line=\"\(f.location.line)\">\n"
                    if let reason = f.suppressedBecause {
                        counts.skipped += 1
                        cases += "      <skipped message=\"\(XMLText.escape("suppressed: " + reason))\"/>\n"
                    } else if report.threshold.isReached(by: f.levels) {
                        counts.failures += 1
                        let body = "\(f.path):\(f.location.line):\(f.location.column)\n\(f.message)\n\nfix: \(f.advice)\n"
                        cases += "      <failure type=\"\(f.ruleID)\" message=\"\(XMLText.escape(f.message))\">\(XMLText.escape(body))</failure>\n"
                    } else {
                        cases += "      <system-out>\(XMLText.escape("below --fail-on: " + f.message))</system-out>\n"
                    }
                    cases += "    </testcase>\n"
                }
            }
            totals.tests += counts.tests
            totals.failures += counts.failures
            totals.skipped += counts.skipped
            suites += "  <testsuite name=\"\(XMLText.escape(app))\" tests=\"\(counts.tests)\" failures=\"\(counts.failures)\" errors=\"0\" skipped=\"\(counts.skipped)\">\n\(cases)  </testsuite>\n"
        }
        // Files that could not be judged are errors of their own suite.
        let errors = report.errors
        if !errors.isEmpty {
            var cases = ""
            for d in errors {
                cases += "    <testcase classname=\"migcheck\" name=\"\(XMLText.escape("\(d.path) \(d.code)"))\" file=\"\(XMLText.escape(d.path))\">\n"
                cases += "      <error type=\"\(d.code)\" message=\"\(XMLText.escape(d.message))\">\(XMLText.escape("\(d.path):\(d.location.line):\(d.location.column): \(d.message)"))</error>\n    </testcase>\n"
            }
            suites += "  <testsuite name=\"files\" tests=\"\(errors.count)\" failures=\"0\" errors=\"\(errors.count)\" skipped=\"0\">\n\(cases)  </testsuite>\n"
        }
        let head = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"migcheck\" tests=\"\(totals.tests + errors.count)\" failures=\"\(totals.failures)\" errors=\"\(errors.count)\" skipped=\"\(totals.skipped)\">\n"
        return Array((head + suites + "</testsuites>\n").utf8)
    }
}
