import FoundationEssentials
import MigcheckSyntax

/// The rules in force: the built-in pack compiled into the binary, a
/// repository's own rule files, minus ignored rules, with levels overridden.
public struct RulePack: Sendable {
    public private(set) var rules: [Rule]

    public init(rules: [Rule]) {
        self.rules = rules.sorted { $0.id < $1.id }
    }

    /// The built-in rules, from `Rules/*.toml` as they were when migcheck was built.
    public static func builtin() throws(RuleError) -> RulePack {
        try parsedBuiltin.get()
    }

    /// Starts parsing the built-in rules on another thread, for a command
    /// that needs them only after it has read its files (from git, say);
    /// `builtin` then waits for the parse if it is not done. Keep the value
    /// alive until then: dropping it waits for the thread.
    public static func preloadBuiltin() -> Concurrent<Void> {
        Concurrent { _ = try? parsedBuiltin.get() }
    }

    /// Parsed once per process, the first time it is asked for.
    private static let parsedBuiltin = Result { () throws(RuleError) -> RulePack in try loadBuiltin() }

    private static func loadBuiltin() throws(RuleError) -> RulePack {
        // Parsing the files and compiling their patterns is most of a small run's start: use every core.
        let loaded = ParallelMap.map(BuiltinRules.files) { file in
            Result { () throws(RuleError) -> Rule in try RuleLoader.load(file.text, file: "Rules/" + file.name) }
        }
        var rules: [Rule] = []
        for result in loaded {
            switch result {
            case .success(let rule): rules.append(rule)
            case .failure(let error): throw error
            }
        }
        return RulePack(rules: rules)
    }

    /// Adds every `*.toml` rule of a folder. A rule with the ID of a built-in
    /// one replaces it; two files of the folder with one ID are an error.
    public mutating func add(folder: String) throws(RuleError) {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".toml") }.sorted()
        } catch {
            throw RuleError(file: folder, key: nil, message: "cannot read the rule folder")
        }
        var seen: [String: String] = [:]
        for name in names {
            let path = folder.hasSuffix("/") ? folder + name : folder + "/" + name
            guard let data = FileManager.default.contents(atPath: path) else {
                throw RuleError(file: path, key: nil, message: "cannot read the file")
            }
            let rule = try RuleLoader.load(String(decoding: data, as: UTF8.self), file: path)
            if let other = seen[rule.id] { throw RuleError(file: path, key: "id", message: "\(rule.id) is already defined in \(other)") }
            seen[rule.id] = path
            if let clash = rules.first(where: { $0.name == rule.name && $0.id != rule.id }) {
                throw RuleError(file: path, key: "name", message: "'\(rule.name)' is already the name of \(clash.id)")
            }
            rules.removeAll { $0.id == rule.id }
            rules.append(rule)
        }
        rules.sort { $0.id < $1.id }
    }

    /// The rule with this ID or name.
    public func rule(_ idOrName: String) -> Rule? {
        rules.first { $0.id == idOrName.uppercased() || $0.name == idOrName }
    }

    /// Drops ignored rules (by ID or name); an unknown one is an error.
    public mutating func ignore(_ list: [String]) throws(RuleError) {
        for item in list {
            guard let rule = rule(item) else { throw unknown(item, key: "ignore") }
            rules.removeAll { $0.id == rule.id }
        }
    }

    /// Sets a rule's levels, as configuration asks.
    public mutating func override(_ idOrName: String, revert: RevertLevel?, maintenance: MaintenanceLevel?) throws(RuleError) {
        guard let rule = rule(idOrName), let k = rules.firstIndex(where: { $0.id == rule.id }) else {
            throw unknown(idOrName, key: "levels")
        }
        if let revert { rules[k].levels.revert = revert }
        if let maintenance { rules[k].levels.maintenance = maintenance }
    }

    private func unknown(_ item: String, key: String) -> RuleError {
        let close = Suggestion.didYouMean(item, among: rules.map(\.id) + rules.map(\.name))
        return RuleError(file: "configuration", key: key, message: "no rule '\(item)'\(close)")
    }
}
