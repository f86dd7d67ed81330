import MigcheckModel

/// What the rules need to know of a field definition (`models.CharField(max_length=10)`),
/// read from its class and keyword arguments with Django's defaults.
struct FieldInfo {
    var className: String
    var keywords: [(String, Value)]
    var positional: [Value]
    /// For a ForeignKey or OneToOneField, the type family of the column it
    /// points at (its target's key), when the project state holds the target.
    var targetType: String?

    init?(_ value: Value?, targetType: String? = nil) {
        guard case .call(let call)? = value else { return nil }
        className = call.className
        keywords = call.keywords
        positional = call.positional
        self.targetType = targetType
    }

    func keyword(_ name: String) -> Value? { keywords.first { $0.0 == name }?.1 }

    func flag(_ name: String, default value: Bool = false) -> Bool {
        if case .bool(let b)? = keyword(name) { return b }
        return value
    }

    /// Subclasses by name too (`TreeForeignKey`, `PlaceholderForeignKey`;
    /// modelcluster's `ParentalKey` is a ForeignKey).
    var relation: String {
        switch className {
        case "ForeignObject", "ParentalKey": return "foreign_key"
        case "ManyToManyField", "ParentalManyToManyField", "TaggableManager": return "many_to_many"
        case _ where className.hasSuffix("ForeignKey"): return "foreign_key"
        case _ where className.hasSuffix("OneToOneField"): return "one_to_one"
        default: return "none"
        }
    }

    var isManyToMany: Bool { relation == "many_to_many" }
    /// Django 4.0 removed NullBooleanField: BooleanField(null=True), which
    /// replaces it, is the same nullable column.
    var null: Bool { flag("null", default: className == "NullBooleanField") }
    var blank: Bool { flag("blank") }
    var primaryKey: Bool { flag("primary_key") || Self.autoClasses.contains(className) }
    var unique: Bool { flag("unique") || primaryKey || relation == "one_to_one" }
    /// Relations and SlugField are indexed unless told otherwise.
    var dbIndex: Bool {
        flag("db_index", default: relation == "foreign_key" || relation == "one_to_one" || className == "SlugField")
    }

    var isString: Bool { ["varchar", "text"].contains(typeFamily) }

    /// `none`, `constant` or `callable`: a Python default, kept by Django only in state.
    var defaultKind: String {
        guard let d = keyword("default") else {
            // auto_now(_add) and blank strings get an effective default when the column is added.
            return flag("auto_now") || flag("auto_now_add") ? "callable" : "none"
        }
        switch d {
        case .none: return null ? "none" : "constant"
        case .string, .int, .float, .bool, .list, .tuple, .dict, .set: return "constant"
        case .call: return "callable"
        default: return "callable"
        }
    }

    /// `none`, `constant` or `volatile`: a database default (Django 5.0+), kept in the table.
    var dbDefaultKind: String {
        guard let d = keyword("db_default") else { return "none" }
        let text: String
        switch d {
        case .call(let c): text = c.callee
        case .expression(let e): text = e
        default: return "constant"
        }
        return Self.volatileFunctions.contains { text.contains($0) } ? "volatile" : "constant"
    }

    static let volatileFunctions = ["RandomUUID", "Random", "random", "gen_random_uuid", "clock_timestamp", "uuid4", "UUID4", "Uuid"]

    var generated: String {
        guard className == "GeneratedField" else { return "none" }
        return flag("db_persist", default: true) ? "stored" : "virtual"
    }

    /// Whether re-adding the column (reverting a RemoveField) fills existing rows:
    /// it is nullable, has a default that Django writes into the ADD COLUMN, or
    /// is a blank string that gets ''.
    var readdFills: Bool {
        null || defaultKind != "none" || dbDefaultKind != "none" || (blank && isString) || isManyToMany || primaryKey
    }

    var maxLength: Int? {
        if case .int(let n)? = keyword("max_length") { return n }
        return Self.defaultMaxLength[className]
    }

    static let defaultMaxLength = ["SlugField": 50, "EmailField": 254, "URLField": 200, "FileField": 100,
                                   "ImageField": 100, "FilePathField": 100, "GenericIPAddressField": 39]
    static let autoClasses: Set<String> = ["AutoField", "BigAutoField", "SmallAutoField"]

    /// The column type's family, as the rules compare types.
    var typeFamily: String {
        switch className {
        case "CharField", "SlugField", "EmailField", "URLField", "FilePathField", "FileField", "ImageField",
             "CommaSeparatedIntegerField", "CICharField", "CIEmailField": return "varchar"
        case "TextField", "CITextField": return "text"
        case "SmallIntegerField", "PositiveSmallIntegerField", "SmallAutoField": return "smallint"
        case "IntegerField", "PositiveIntegerField", "AutoField": return "integer"
        case "BigIntegerField", "PositiveBigIntegerField", "BigAutoField": return "bigint"
        case "DecimalField": return "decimal"
        case "FloatField": return "float"
        case "BooleanField", "NullBooleanField": return "boolean"
        case "DateField": return "date"
        case "DateTimeField": return "datetime"
        case "TimeField": return "time"
        case "DurationField": return "interval"
        case "UUIDField": return "uuid"
        case "JSONField": return "json"
        case "BinaryField": return "binary"
        case "GenericIPAddressField", "IPAddressField": return "inet"
        case "ManyToManyField", "ParentalManyToManyField", "TaggableManager": return "many_to_many"
        // The column holds the target's key: it has that key's type.
        case _ where Value.isForeignKey(className): return targetType ?? "relation"
        default: return "unknown"
        }
    }

    static let integerWidth = ["smallint": 1, "integer": 2, "bigint": 3]

    /// How the column type changes from `old` to this field: `same`,
    /// `widen` (every old value fits), `narrow` (some may not), `other`
    /// (another family: a rewrite with a cast that may fail), or `unknown`.
    func typeChange(from old: FieldInfo) -> String {
        let a = old.typeFamily, b = typeFamily
        // A field class migcheck does not know (a project's own, a third-party one)
        // could map to any column type: say so rather than guess.
        if a == "unknown" || b == "unknown" {
            return old.className == className && old.maxLength == maxLength ? "same" : "unknown"
        }
        if a == b {
            switch a {
            case "varchar":
                guard let m = old.maxLength, let n = maxLength, m != n else { return "same" }
                return n > m ? "widen" : "narrow"
            case "decimal":
                let digits = (old.intKeyword("max_digits"), intKeyword("max_digits"))
                let places = (old.intKeyword("decimal_places"), intKeyword("decimal_places"))
                if digits.0 == digits.1 && places.0 == places.1 { return "same" }
                if places.0 == places.1, let x = digits.0, let y = digits.1 { return y > x ? "widen" : "narrow" }
                return "other"
            default:
                return "same"
            }
        }
        if let x = Self.integerWidth[a], let y = Self.integerWidth[b] { return y > x ? "widen" : "narrow" }
        if a == "varchar" && b == "text" { return "widen" }
        if a == "text" && b == "varchar" { return "narrow" }
        return "other"
    }

    /// The type change for people: `max_length 20 to 64`, `IntegerField to BigIntegerField`.
    func changeDescription(from old: FieldInfo) -> String {
        if old.typeFamily == typeFamily, typeFamily == "varchar", let m = old.maxLength, let n = maxLength, m != n {
            return "max_length \(m) to \(n)"
        }
        if old.typeFamily == typeFamily, typeFamily == "decimal" {
            let a = (old.intKeyword("max_digits"), old.intKeyword("decimal_places")), b = (intKeyword("max_digits"), intKeyword("decimal_places"))
            return "decimal(\(a.0.map(String.init) ?? "?"), \(a.1.map(String.init) ?? "?")) to decimal(\(b.0.map(String.init) ?? "?"), \(b.1.map(String.init) ?? "?"))"
        }
        return "\(old.className) to \(className)"
    }

    func intKeyword(_ name: String) -> Int? {
        if case .int(let n)? = keyword(name) { return n }
        return nil
    }

    /// A ForeignKey or OneToOneField with its database constraint.
    var hasConstraint: Bool { Value.isForeignKey(className) && flag("db_constraint", default: true) }

    /// The column's name: `db_column`, else the field's name, with `_id`
    /// for a relation (Django's `attname`).
    func column(named name: String) -> String {
        if let column = keyword("db_column")?.stringValue { return column }
        return Value.isForeignKey(className) ? name + "_id" : name
    }

    /// What an AlterField from `old` to this field changes in the database.
    struct Alteration {
        /// The column's name changes (`db_column`).
        var column: Bool
        /// Something that reaches the schema changes (non-db attributes and the default left out).
        var schema: Bool
        var defaultChanged: Bool
        /// Django drops and re-creates a ForeignKey's constraint for any change
        /// it sends to the database, a Python default included.
        var constraintRebuilt: Bool

        var sendsDDL: Bool { schema || constraintRebuilt }
    }

    /// `name`: the field's name, the column's when no `db_column` is given.
    func alteration(from old: FieldInfo, named name: String) -> Alteration {
        let column = old.column(named: name) != column(named: name)
        let schema = old.schemaSignature != schemaSignature || column
        let defaultChanged = old.keyword("default")?.canonical != keyword("default")?.canonical
        // Django drops a constrained ForeignKey's constraint for any such
        // change and adds one wherever the new field is constrained and the
        // old one was not (a plain column that becomes a ForeignKey).
        let rebuilt = old.hasConstraint && (schema || defaultChanged)
        return Alteration(column: column, schema: schema, defaultChanged: defaultChanged,
                          constraintRebuilt: hasConstraint && (rebuilt || !old.hasConstraint))
    }

    /// Django's `Field.non_db_attrs`: a change of only these makes `_alter_field` send no column DDL.
    static let djangoNonDatabaseAttributes: Set<String> = [
        "blank", "choices", "db_column", "editable", "error_messages", "help_text", "limit_choices_to",
        "on_delete", "related_name", "related_query_name", "validators", "verbose_name",
    ]

    /// Keywords left out of the schema signature: those, and `default` and
    /// `db_comment`, which are checked on their own.
    static let nonDatabaseKeywords = djangoNonDatabaseAttributes.union(["default", "db_comment"])

    /// The definition without what does not reach the schema, comparable as text.
    var schemaSignature: String {
        var kept = keywords.filter { !Self.nonDatabaseKeywords.contains($0.0) }.sorted { $0.0 < $1.0 }
        var className = className
        if className == "NullBooleanField" {
            className = "BooleanField"
            if !kept.contains(where: { $0.0 == "null" }) { kept = (kept + [("null", .bool(true))]).sorted { $0.0 < $1.0 } }
        }
        // A plain field's first positional argument is its verbose_name; a relation's is its target.
        let positionals = relation == "none" ? positional.dropFirst() : positional[...]
        // A relation's target, by position or keyword, in Django's lower-cased form.
        let targetFirst = relation != "none"
        return className + "(" + positionals.enumerated().map { $0 == 0 && targetFirst ? Value.lowercasedModel($1.canonical) : $1.canonical }
            .joined(separator: ",") + ";"
            + kept.map { "\($0.0)=\($0.0 == "to" && targetFirst ? Value.lowercasedModel($0.1.canonical) : $0.1.canonical)" }.joined(separator: ",") + ")"
    }
}

extension Value {
    /// A stable text of the value, for comparing two definitions: equal
    /// texts mean the same value whatever the formatting of the source.
    public var canonical: String {
        switch self {
        case .string(let s): return "'\(s)'"
        case .int(let i): return String(i)
        case .float(let d): return String(d)
        case .bool(let b): return b ? "True" : "False"
        case .none: return "None"
        case .list(let items), .tuple(let items): return "[" + items.map(\.canonical).joined(separator: ",") + "]"
        case .set(let items): return "{" + items.map(\.canonical).sorted().joined(separator: ",") + "}"
        // `set([...])` is the set `{...}`, as Python builds it.
        case .call(let c) where (c.callee == "set" || c.callee == "frozenset") && c.keywords.isEmpty && c.positional.count <= 1:
            return Value.set(c.positional.first?.listItems ?? []).canonical
        // `Decimal("0")` is `Decimal(0)` (saleor 3.22 re-spelled 50 defaults).
        case .call(let c) where c.className == "Decimal" && c.keywords.isEmpty && c.positional.count == 1:
            if case .string(let text) = c.positional[0], let n = Int(text) { return "Decimal(\(n))" }
            return "Decimal(\(c.positional[0].canonical))"
        case .dict(let items): return "{" + items.map { "\($0.0.canonical):\($0.1.canonical)" }.joined(separator: ",") + "}"
        case .call(let c):
            var positional = c.positional.map(\.canonical)
            // Keyword order means nothing to Python.
            // Django 5.1 renamed CheckConstraint's `check` to `condition` (bookwyrm 0.8 renamed it in 8 old migrations).
            let renamed = c.className == "CheckConstraint" ? c.keywords.map { ($0.0 == "check" ? "condition" : $0.0, $0.1) } : c.keywords
            var keywords = Dictionary(renamed.map { ($0.0, $0.1.canonical) }, uniquingKeysWith: { first, _ in first })
            let isForeignKey = Self.isForeignKey(c.className)
            if (isForeignKey || c.className.hasSuffix("ManyToManyField")) && !c.hasUnpacking {
                // A relation's target, by position or keyword; Django keys models
                // by lower-cased name: "shop.Customer" and "shop.customer" are one.
                if keywords["to"] == nil, !positional.isEmpty { keywords["to"] = positional.removeFirst() }
                if let to = keywords["to"] { keywords["to"] = Self.lowercasedModel(to) }
                // ForeignKey(to, on_delete): none meant CASCADE before Django 2.0,
                // which made projects add it to old migrations.
                if isForeignKey {
                    if keywords["on_delete"] == nil, !positional.isEmpty { keywords["on_delete"] = positional.removeFirst() }
                    keywords["on_delete"] = Self.deletionRule(keywords["on_delete"] ?? "CASCADE")
                }
            }
            return c.className + "(" + (positional + keywords.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }).joined(separator: ",") + ")"
        // A function's body counts, its layout and comments do not.
        // Code read from another module is not the file's: an edit of the file compares what it holds.
        case .callable(let ref): return ref.name + (ref.definedIn == nil ? ref.source.map { ":" + Self.code($0) } ?? "" : "")
        case .noop(let name): return name
        case .sql(let statements): return statements.map { $0.sql ?? $0.expression.map(Self.code) ?? "" }.joined(separator: ";")
        case .operations(let list): return "[" + list.operations.map(\.canonical).joined(separator: ",") + (list.isComplete ? "]" : "...]")
        // An expression's layout means nothing either.
        case .expression(let source): return Self.code(source)
        }
    }
}

extension Value {
    /// The canonical text of a quoted "app.Model" (or "Model") with the
    /// model's name lower-cased, as Django keys models; app labels keep
    /// their case, and anything else (`settings.AUTH_USER_MODEL`) stays as it is.
    /// Split at the first dot, as `ModelKey(relation:from:)` splits it.
    static func lowercasedModel(_ canonical: String) -> String {
        guard canonical.hasPrefix("'") else { return canonical }
        guard let dot = canonical.firstIndex(of: ".") else { return canonical.lowercased() }
        return String(canonical[..<dot]) + canonical[dot...].lowercased()
    }

    /// `CASCADE` for `models.CASCADE`, `django.db.models.deletion.CASCADE`
    /// and the like: one of Django's rules however it is imported.
    static func deletionRule(_ canonical: String) -> String {
        let tail = canonical.split(separator: ".").last.map(String.init) ?? canonical
        let rules: Set<String> = ["CASCADE", "PROTECT", "RESTRICT", "SET_NULL", "SET_DEFAULT", "DO_NOTHING"]
        return rules.contains(tail) && canonical.allSatisfy({ $0 == "." || $0 == "_" || $0.isLetter || $0.isNumber }) ? tail : canonical
    }

    /// Python source without comments and whitespace outside strings, and
    /// without the trailing commas a formatter adds when it splits a call
    /// or a display over lines (`f(a, b,)` is `f(a, b)`; `(a,)` stays a tuple).
    static func code(_ source: String) -> String {
        var out: [UInt8] = []
        let bytes = Array(source.utf8)
        // Per open bracket: whether a comma may end it (not a one-item tuple's), and its commas.
        var brackets: [(dropsComma: Bool, commas: Int)] = []
        // Whitespace was left out since the last byte kept: `in (a,)` is a tuple, `f(a,)` a call.
        var spaced = false
        var i = 0
        while i < bytes.count {
            let c = bytes[i]
            defer { spaced = c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D || c == 0x5C }
            if c == UInt8(ascii: "(") || c == UInt8(ascii: "[") || c == UInt8(ascii: "{") {
                // A call's bracket follows a name or a closing bracket, with no space between.
                let last = out.last ?? 0
                let follows = !spaced && (last == UInt8(ascii: "_") || last == UInt8(ascii: ")") || last == UInt8(ascii: "]")
                    || (last >= 0x30 && last <= 0x39) || (last | 0x20 >= 0x61 && last | 0x20 <= 0x7A) || last >= 0x80)
                brackets.append((c != UInt8(ascii: "(") || follows, 0))
                out.append(c)
                i += 1
            } else if c == UInt8(ascii: ")") || c == UInt8(ascii: "]") || c == UInt8(ascii: "}") {
                if let open = brackets.popLast(), out.last == UInt8(ascii: ","), open.dropsComma || open.commas > 1 { out.removeLast() }
                out.append(c)
                i += 1
            } else if c == UInt8(ascii: ",") {
                if !brackets.isEmpty { brackets[brackets.count - 1].commas += 1 }
                out.append(c)
                i += 1
            } else if c == UInt8(ascii: "#") {
                while i < bytes.count, bytes[i] != 0x0A { i += 1 }
            } else if c == UInt8(ascii: "'") || c == UInt8(ascii: "\"") {
                // A string, kept whole: triple-quoted or single, with escapes.
                let triple = i + 2 < bytes.count && bytes[i + 1] == c && bytes[i + 2] == c
                let width = triple ? 3 : 1
                var j = i + width
                while j < bytes.count {
                    if bytes[j] == UInt8(ascii: "\\") { j += 2; continue }
                    if bytes[j] == c && (!triple || j + 2 < bytes.count && bytes[j + 1] == c && bytes[j + 2] == c) { j += width; break }
                    if !triple && bytes[j] == 0x0A { break }
                    j += 1
                }
                let end = min(j, bytes.count)
                let body = bytes[min(i + width, end)..<max(i + width, end - width)]
                // 'x' is "x" (a formatter's quotes) when nothing in it depends on which quote it is in.
                if !triple, end - i >= 2, bytes[end - 1] == c, !body.contains(where: { $0 == 0x22 || $0 == 0x27 || $0 == 0x5C }) {
                    out.append(0x22)
                    out += body
                    out.append(0x22)
                } else {
                    out += bytes[i..<end]
                }
                i = j
            } else {
                if c != 0x20 && c != 0x09 && c != 0x0A && c != 0x0D && c != 0x5C { out.append(c) }
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

extension Operation {
    /// The operation as Django sees it, without its place in the file.
    public var canonical: String {
        // RunPython's and RunSQL's `elidable` only tells a later squash to drop
        // them: a database that applied the migration sees no difference.
        let args = arguments.filter { !isDjango || $0.0 != "elidable" }.map { "\($0.0)=\($0.1.canonical)" } + extraPositional.map(\.canonical)
        return type + "(" + args.joined(separator: ",") + (unresolved.map { "?" + $0 } ?? "") + ")"
    }
}

extension Value {
    /// The value with RunPython's functions left out but for being there:
    /// their bodies, and their names too (Mayan 4.2 renamed every
    /// `operation_x` to `code_x`, bodies unchanged), which are code as well.
    var withoutCode: Value {
        switch self {
        case .callable(var ref):
            ref.name = ""
            ref.source = nil
            ref.helperSource = nil
            return .callable(ref)
        case .operations(let list): return .operations(list.mappingArguments { $1.withoutCode })
        default:
            return self
        }
    }
}

extension Value {
    /// Keywords of a field that Django never sends to the database (its
    /// `Field.non_db_attrs`), less `on_delete`, which historical models in
    /// later data migrations act on, and `db_column`, which names the column.
    static let stateOnlyFieldKeywords = FieldInfo.djangoNonDatabaseAttributes.subtracting(["on_delete", "db_column"])

    /// The value as a database at `app`'s migrations sees it: without those
    /// keywords in any field, with a relation's bare target ("Customer") named
    /// with its app ("shop.Customer", as makemigrations writes it) and one
    /// through a swappable setting by the model it names, and with
    /// CreateModel's Python bases by class name.
    func asDatabaseSees(app: String, swappable: [String: String]) -> Value {
        switch self {
        case .call(var c):
            let isRelation = Value.isForeignKey(c.className) || c.className.hasSuffix("ManyToManyField")
            if c.className.hasSuffix("Field") || isRelation {
                c.keywords.removeAll { Value.stateOnlyFieldKeywords.contains($0.0) }
            }
            // Wagtail's StreamField keeps its blocks in Python: its column holds
            // JSON whatever they are (coderedcms regenerates them in applied migrations).
            if c.className == "StreamField" && c.callee.hasPrefix("wagtail.") {
                if !c.positional.isEmpty { c.positional.removeFirst() }
                c.keywords.removeAll { ["block_types", "block_lookup", "min_num", "max_num", "block_counts"].contains($0.0) }
            }
            c.positional = c.positional.map { $0.asDatabaseSees(app: app, swappable: swappable) }
            c.keywords = c.keywords.map { ($0.0, $0.1.asDatabaseSees(app: app, swappable: swappable)) }
            if isRelation && !c.hasUnpacking {
                func qualified(_ target: Value) -> Value {
                    guard let model = target.relationTarget(swappable: swappable) else { return target }
                    return .string(model.contains(".") || model == "self" ? model : app + "." + model)
                }
                if let k = c.keywords.firstIndex(where: { $0.0 == "to" }) {
                    c.keywords[k].1 = qualified(c.keywords[k].1)
                } else if !c.positional.isEmpty {
                    c.positional[0] = qualified(c.positional[0])
                }
            }
            return .call(c)
        case .list(let items): return .list(items.map { $0.asDatabaseSees(app: app, swappable: swappable) })
        case .tuple(let items): return .tuple(items.map { $0.asDatabaseSees(app: app, swappable: swappable) })
        case .operations(var list):
            list.operations = list.operations.map { $0.asDatabaseSees(app: app, swappable: swappable) }
            return .operations(list)
        default:
            return self
        }
    }
}

extension Operation {
    /// Model options that Django's AlterModelOptions changes in the state
    /// only (its ALTER_OPTION_KEYS), less `managed`, which decides whether
    /// the model's later operations touch the database at all.
    static let stateOnlyModelOptions: Set<String> = ["base_manager_name", "default_manager_name", "default_related_name", "get_latest_by",
                                                    "ordering", "permissions", "default_permissions", "select_on_save",
                                                    "verbose_name", "verbose_name_plural"]

    /// The operation as a database sees it (see `Value.asDatabaseSees`), and
    /// also: without the state-only model options of CreateModel and
    /// AlterModelOptions (hypha 6.5 re-cased a verbose_name) or their
    /// managers, which no database sees either; with CreateModel's fields
    /// in the order of their names; with a CreateModel's Python
    /// bases by class name, as a Python base is a mixin (a concrete parent
    /// is named by a string): it adds no column, so a move to another module
    /// (`pretalx.common.mixins.models.LogMixin`, pretalx 2024.2) changes nothing.
    func asDatabaseSees(app: String, swappable: [String: String]) -> Operation {
        var op = self
        op.arguments = arguments.compactMap { name, value in
            switch (isDjango ? type : "", name) {
            case ("CreateModel", "bases"):
                guard let items = value.listItems else { break }
                return (name, .tuple(items.map { base in
                    guard case .expression(let source) = base else { return base }
                    return .expression(String(source.split(separator: ".").last ?? Substring(source)))
                }))
            case ("CreateModel", "options"), ("AlterModelOptions", "options"):
                guard case .dict(let entries) = value else { break }
                let kept = entries.filter { key, _ in
                    guard case .string(let option) = key else { return true }
                    return !Operation.stateOnlyModelOptions.contains(option)
                }
                return (name, Value.dict(kept).asDatabaseSees(app: app, swappable: swappable))
            case ("CreateModel", "managers"), ("AlterModelManagers", "managers"):
                return nil
            case ("CreateModel", "fields"):
                // Their order is the columns' order on new databases only (django-cms 4.1.1 moved three).
                guard let items = value.listItems else { break }
                func key(_ item: Value) -> String { item.listItems?.first?.stringValue ?? item.canonical }
                return (name, Value.list(items.map { $0.asDatabaseSees(app: app, swappable: swappable) }.sorted { key($0) < key($1) }))
            default:
                break
            }
            return (name, value.asDatabaseSees(app: app, swappable: swappable))
        }
        return op
    }
}

extension Migration {
    /// The signature with RunPython's function bodies left out: equal to the
    /// other revision's when only data-migration code changed.
    public func signatureWithoutCode(swappable: [String: String] = [:]) -> String {
        var copy = self
        if case .operations(let list) = Value.operations(operations).withoutCode { copy.operations = list }
        return copy.signature(swappable: swappable)
    }

    /// What the migration does to a database, without formatting, comments,
    /// imports or the fields' state-only attributes (`help_text`...; see
    /// `Value.asDatabaseSees`): two versions of a file with equal signatures
    /// make the same changes. `swappable` gives the model a setting names
    /// (`settings.AUTH_USER_MODEL`), so that a relation to it and one to
    /// that model by name are one (kolibri 0.16 wrote out its user model).
    public func signature(swappable: [String: String] = [:]) -> String {
        func deps(_ list: [Dependency]) -> String {
            list.map { d -> String in
                switch d {
                case .migration(let app, let name): return "\(app).\(name)"
                case .swappable(let setting): return "swappable:\(setting)"
                case .swapper(let model, let version, _):
                    // What it resolves to: swapper's call where a literal pair stood (wagtail 8) is no change.
                    return "\(model.dependencyApp(swappable: swappable)).\(version ?? "__first__")"
                case .dynamic(let text): return "?" + Value.code(text)
                }
            }.joined(separator: ",")
        }
        return ["deps[\(deps(dependencies))]", "replaces[\(deps(replaces))]", "before[\(deps(runBefore))]",
                "initial=\(initial)", "atomic=\(atomic)", Value.operations(operations).asDatabaseSees(app: app, swappable: swappable).canonical].joined(separator: ";")
    }
}
