/// Values by name for the few names a module or a class body binds. While
/// small, the names are searched in order: comparing a handful of short
/// strings costs less than hashing one (dictionaries keyed by names were 3%
/// of `inspect`). Past `indexed` names a dictionary of positions takes over,
/// so a module with thousands of assignments stays linear.
struct NameMap<Value> {
    private static var indexed: Int { 16 }
    private(set) var names: [String] = []
    private var values: [Value] = []
    private var positions: [String: Int]?

    init() {}

    subscript(name: String) -> Value? {
        get { position(of: name).map { values[$0] } }
        set {
            if let newValue {
                updateValue(newValue, forKey: name)
            } else if let k = position(of: name) {
                names.remove(at: k)
                values.remove(at: k)
                if positions != nil { reindex() }
            }
        }
    }

    subscript(name: String, default value: @autoclosure () -> Value) -> Value {
        get { self[name] ?? value() }
        set { self[name] = newValue }
    }

    /// Sets the value of `name`; returns the one it replaces, if any.
    @discardableResult
    mutating func updateValue(_ value: Value, forKey name: String) -> Value? {
        if let k = position(of: name) {
            let old = values[k]
            values[k] = value
            return old
        }
        names.append(name)
        values.append(value)
        if positions != nil {
            positions?[name] = names.count - 1
        } else if names.count > NameMap.indexed {
            reindex()
        }
        return nil
    }

    /// The names and values for which `keep` holds, in the order they were first set.
    func filter(_ keep: (String, Value) -> Bool) -> NameMap {
        var kept = NameMap()
        for (name, value) in zip(names, values) where keep(name, value) { kept.updateValue(value, forKey: name) }
        return kept
    }

    private func position(of name: String) -> Int? {
        if let positions { return positions[name] }
        return names.firstIndex(of: name)
    }

    private mutating func reindex() {
        positions = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
    }
}
