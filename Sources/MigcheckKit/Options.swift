import MigcheckSyntax
/// A small option parser: `--name value`, `--name=value`, flags, `--` to end
/// options, and errors that name the option and suggest a close one.
struct Options {
    struct Spec {
        var name: String
        var takesValue: Bool
    }

    enum ParseError: Error, CustomStringConvertible {
        case unknown(String, suggestion: String?)
        case missingValue(String)
        case unexpectedValue(String)

        var description: String {
            switch self {
            case .unknown(let option, let suggestion):
                return "unknown option '\(option)'" + (suggestion.map { " (did you mean '\($0)'?)" } ?? "")
            case .missingValue(let option): return "option '\(option)' needs a value"
            case .unexpectedValue(let option): return "option '\(option)' takes no value"
            }
        }
    }

    var values: [String: String] = [:]
    var flags: Set<String> = []
    var positional: [String] = []

    static func parse(_ arguments: [String], specs: [Spec]) throws(ParseError) -> Options {
        var result = Options()
        var i = 0
        var optionsEnded = false
        while i < arguments.count {
            let arg = arguments[i]
            i += 1
            if optionsEnded || !arg.hasPrefix("-") || arg == "-" {
                result.positional.append(arg)
                continue
            }
            if arg == "--" { optionsEnded = true; continue }
            var name = arg
            var inline: String?
            if let eq = arg.firstIndex(of: "=") {
                name = String(arg[..<eq])
                inline = String(arg[arg.index(after: eq)...])
            }
            guard let spec = specs.first(where: { $0.name == name }) else {
                throw .unknown(name, suggestion: Suggestion.closest(to: name, among: specs.map(\.name)))
            }
            if spec.takesValue {
                if let inline {
                    result.values[name] = inline
                } else if i < arguments.count {
                    result.values[name] = arguments[i]
                    i += 1
                } else {
                    throw .missingValue(name)
                }
            } else {
                if inline != nil { throw .unexpectedValue(name) }
                result.flags.insert(name)
            }
        }
        return result
    }
}
