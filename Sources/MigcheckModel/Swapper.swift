/// The conventions of the swapper package (openwisp, wagtail 8), which makes
/// a model swappable as AUTH_USER_MODEL makes the user model: the setting
/// `APP_MODEL_MODEL` may name another model in place of `app.Model`, which
/// stands while it is not set.
public enum Swapper {
    /// The setting that may swap `app.model` out, as the swappable map keys
    /// settings: `settings.PKI_CA_MODEL` (swapper upper-cases the label and name).
    public static func setting(app: String, model: String) -> String {
        "settings." + (app + "_" + model + "_MODEL").uppercased()
    }

    /// The model that stands for `app.model`: the one its setting names in
    /// `swappable` (the configuration's), else `app.model` itself.
    public static func model(app: String, model: String, swappable: [String: String]) -> String {
        swappable[setting(app: app, model: model)] ?? app + "." + model
    }

    /// The model that stands for a swapper dependency's model; nil when a
    /// setting names it and is not configured.
    public static func model(_ target: SwapperModel, swappable: [String: String]) -> String? {
        switch target {
        case .named(let app, let model):
            return self.model(app: app, model: model, swappable: swappable)
        case .setting(let setting):
            guard let named = swappable[setting] else { return nil }
            // get_model_name swaps the model the setting names in turn.
            guard let (app, model) = split(named) else { return named }
            return self.model(app: app, model: model, swappable: swappable)
        }
    }

    /// swapper's `split("app.Model")`: cut at the last dot; nil without one.
    public static func split(_ label: String) -> (app: String, model: String)? {
        guard let dot = label.utf8.lastIndex(of: UInt8(ascii: ".")) else { return nil }
        return (String(label[..<dot]), String(label[label.utf8.index(after: dot)...]))
    }

    /// The app label and model of `swapper.get_model_name("app", "Model")`,
    /// which a relation's `to` is in swapper's models' migrations.
    public static func modelName(_ call: Call) -> (app: String, model: String)? {
        guard call.callee == "swapper.get_model_name" else { return nil }
        return labelAndModel(call.positional, call.keywords)
    }

    /// The settings that CreateModel's `swappable` option declares (django-filer's
    /// `FILER_IMAGE_MODEL` on filer.Image, swapper's models), each to the
    /// model declaring it, which stands while it is not set. A setting that
    /// several declare (openwisp's apps and the sample apps its tests swap
    /// in) is left to the configuration: taking one would count the others'
    /// tables as swapped out, and judge none of their operations.
    public static func declaredSettings<S: Sequence>(_ migrations: S) -> [String: String] where S.Element == Migration {
        // A squash and the migration it replaces declare one model twice.
        var declared: [String: [ModelKey: String]] = [:]
        for migration in migrations {
            for op in migration.operations.operations where op.isDjango && op.type == "CreateModel" {
                guard case .dict(let options)? = op.argument("options"), let model = op.argument("name")?.stringValue,
                      let value = options.first(where: { $0.0.stringValue == "swappable" })?.1 else { continue }
                let setting: String?
                switch value {
                case .string(let name): setting = "settings." + name
                case .call(let c) where c.callee == "swapper.swappable_setting":
                    setting = labelAndModel(c.positional, c.keywords).map { self.setting(app: $0.app, model: $0.model) }
                default: setting = nil
                }
                let key = ModelKey(migration.app, model)
                if let setting, declared[setting]?[key] == nil { declared[setting, default: [:]][key] = migration.app + "." + model }
            }
        }
        return declared.compactMapValues { models in models.count == 1 ? models.first?.value : nil }
    }

    /// `app_label` and `model`, by position or keyword, when both are string literals.
    static func labelAndModel(_ positional: [Value], _ keywords: [(String, Value)]) -> (app: String, model: String)? {
        func argument(_ index: Int, _ name: String) -> String? {
            (index < positional.count ? positional[index] : keywords.first { $0.0 == name }?.1)?.stringValue
        }
        guard let app = argument(0, "app_label"), let model = argument(1, "model") else { return nil }
        return (app, model)
    }
}

extension SwapperModel {
    /// The setting that may swap the model out: its swapper setting, or the one that names it.
    public var setting: String {
        switch self {
        case .named(let app, let model): return Swapper.setting(app: app, model: model)
        case .setting(let setting): return setting
        }
    }

    /// The app whose migration the dependency is on, as the graph names it:
    /// that of the model that stands, or `<settings.X>` (an app no migration
    /// has) while the setting X that names it is not configured.
    public func dependencyApp(swappable: [String: String]) -> String {
        Swapper.model(self, swappable: swappable).map { String($0.dottedHead) } ?? "<\(setting)>"
    }
}

extension Value {
    /// The model a relation's `to` names: as written ("app.Model", or "Model"
    /// of the field's own app), the one a swappable setting names through
    /// `swappable` (`settings.AUTH_USER_MODEL`), or the one swapper's
    /// `get_model_name` gives; nil when it cannot be known.
    public func relationTarget(swappable: [String: String]) -> String? {
        switch self {
        case .string(let model): return model
        case .expression(let setting): return swappable[setting]
        case .call(let c): return Swapper.modelName(c).map { Swapper.model(app: $0.app, model: $0.model, swappable: swappable) }
        default: return nil
        }
    }
}
