import Foundation
import MigcheckModel
import MigcheckRules

/// Text safe inside XML 1.0 attributes and elements: markup characters
/// escaped, and characters XML cannot hold at all (most control characters,
/// lone surrogates cannot occur in Swift strings) written as `\u{..}`.
enum XMLText {
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            case _ where scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF:
                out += "\\u{\(String(scalar.value, radix: 16))}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
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
