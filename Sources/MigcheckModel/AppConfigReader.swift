import MigcheckSyntax

/// Django names an app by `AppConfig.label`, which defaults to the last part
/// of `AppConfig.name`; dependencies use that label, not the folder name.
/// This reads an app's `apps.py`, and its `__init__.py` when that does not
/// settle it, statically to find it.
public enum AppConfigReader {
    /// A config class of one module: its name, the label it gives, and its `default`.
    struct Config {
        var className: String
        var label: String?
        var isDefault: Bool?
    }

    /// The label of the AppConfig Django would use, or nil when the files do
    /// not settle it (in which case Django falls back to the folder's name too).
    ///
    /// `apps.py` first: Django 3.2+ picks its config marked `default = True`,
    /// else its only one not marked otherwise. Else the package's
    /// `__init__.py` (read only then): the class its `default_app_config`
    /// names (Django before 4.1), else the only config class defined there,
    /// which INSTALLED_APPS can name only by its dotted path.
    public static func label(appsPy: SourceText?, initPy: () -> SourceText?) -> String? {
        let apps = appsPy.map(configs) ?? []
        if let chosen = automatic(apps) { return chosen.label }
        guard let initPy = initPy() else { return nil }
        let module = Parser.parse(initPy)
        let local = configs(in: module)
        if let pointer = defaultAppConfig(module) {
            let parts = pointer.split(separator: ".")
            // "pkg.apps.Config" names a class of apps.py, "pkg.Config" one of __init__.py.
            let pool = parts.count >= 2 && parts[parts.count - 2] == "apps" ? apps : local
            return pool.first { $0.className == parts.last.map(String.init) }?.label
        }
        return local.count == 1 ? local[0].label : nil
    }

    /// Django 3.2+'s choice among a module's configs: the one marked default,
    /// else the only one not marked otherwise.
    static func automatic(_ configs: [Config]) -> Config? {
        if let marked = configs.first(where: { $0.isDefault == true }) { return marked }
        let candidates = configs.filter { $0.isDefault != false }
        return candidates.count == 1 ? candidates[0] : nil
    }

    static func configs(in source: SourceText) -> [Config] {
        configs(in: Parser.parse(source))
    }

    /// The module's top-level AppConfig subclasses, in order.
    static func configs(in module: ParsedModule) -> [Config] {
        let source = module.source
        var configs: [Config] = []
        var configClasses: Set<String> = []
        for stmt in module.body {
            guard case .classDef(let cls) = stmt.kind,
                  cls.arguments.contains(where: { isAppConfigBase($0, localConfigs: configClasses, in: source) }) else { continue }
            configClasses.insert(cls.name)
            var label: String?
            var name: String?
            var isDefault: Bool?
            for member in cls.body {
                guard case .assign(let targets, let value) = member.kind, targets.count == 1,
                      case .name(let attribute) = targets[0].kind else { continue }
                switch (attribute, value.kind) {
                case ("label", .string(let parts)): label = StringDecoder.value(of: parts, in: source)
                case ("name", .string(let parts)): name = StringDecoder.value(of: parts, in: source)
                case ("default", .constant(.true)): isDefault = true
                case ("default", .constant(.false)): isDefault = false
                default: break
                }
            }
            configs.append(Config(className: cls.name, label: label ?? name.map { String($0.dottedTail) }, isDefault: isDefault))
        }
        return configs
    }

    /// `default_app_config = "..."` at the module's top level, when a literal.
    static func defaultAppConfig(_ module: ParsedModule) -> String? {
        var found: String?
        for stmt in module.body {
            guard case .assign(let targets, let value) = stmt.kind, targets.count == 1,
                  case .name("default_app_config") = targets[0].kind, case .string(let parts) = value.kind else { continue }
            found = StringDecoder.value(of: parts, in: module.source)
        }
        return found
    }

    /// A base named `AppConfig` (or a project's `...Config` imported from
    /// elsewhere), or a config class defined earlier in the same file.
    static func isAppConfigBase(_ argument: Argument, localConfigs: Set<String>, in source: SourceText) -> Bool {
        guard case .positional = argument.kind, let base = dottedName(argument.value, in: source) else { return false }
        return base.dottedTail.hasSuffix("Config") || localConfigs.contains(base)
    }
}
