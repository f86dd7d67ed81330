import MigcheckSyntax

/// Django names an app by `AppConfig.label`, which defaults to the last part
/// of `AppConfig.name`; dependencies use that label, not the folder name.
/// This reads an app's `apps.py` statically to find it.
public enum AppConfigReader {
    /// The label of the AppConfig Django would use, or nil when the file does
    /// not settle it (no config class, or several without `default = True`,
    /// in which case Django falls back to the folder's name too).
    public static func label(appsPy source: SourceText) -> String? {
        let module = Parser.parse(source)
        var configs: [(label: String?, isDefault: Bool?)] = []
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
            configs.append((label ?? name.map { String($0.dottedTail) }, isDefault))
        }
        // Django 3.2+: the config marked default, else the only one not marked otherwise.
        if let chosen = configs.first(where: { $0.isDefault == true }) { return chosen.label }
        let candidates = configs.filter { $0.isDefault != false }
        return candidates.count == 1 ? candidates[0].label : nil
    }

    /// A base named `AppConfig` (or a project's `...Config` imported from
    /// elsewhere), or a config class defined earlier in the same file.
    static func isAppConfigBase(_ argument: Argument, localConfigs: Set<String>, in source: SourceText) -> Bool {
        guard case .positional = argument.kind, let base = dottedName(argument.value, in: source) else { return false }
        return base.dottedTail.hasSuffix("Config") || localConfigs.contains(base)
    }
}
