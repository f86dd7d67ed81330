/// A migration's identity: its app label and name, as in `dependencies`.
public struct MigrationKey: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var app: String
    public var name: String

    public init(_ app: String, _ name: String) {
        self.app = app
        self.name = name
    }

    public var description: String { "\(app).\(name)" }

    /// Django sorts keys as tuples of strings, by code point.
    public static func < (a: MigrationKey, b: MigrationKey) -> Bool {
        if a.app != b.app { return a.app.unicodeScalars.lexicographicallyPrecedes(b.app.unicodeScalars) }
        return a.name.unicodeScalars.lexicographicallyPrecedes(b.name.unicodeScalars)
    }
}

/// A problem in the graph that Django would refuse or that deserves a look.
public struct GraphProblem: Sendable {
    public enum Kind: String, Sendable {
        /// MC301: more than one leaf in an app; `migrate` refuses until a merge migration joins them.
        case conflict = "MC301"
        /// MC302: a dependency on a migration of a known app that does not exist.
        case missingDependency = "MC302"
        /// MC303: migrations that depend on each other in a circle.
        case cycle = "MC303"
        /// MC304: a squash whose replaced migrations are only partly on disk.
        case partialSquash = "MC304"
        /// MC305: two migrations of one app share a number.
        case duplicateNumber = "MC305"
        /// MC306: two files define the same app and name.
        case duplicateMigration = "MC306"

        public var name: String {
            switch self {
            case .conflict: return "conflicting-leaves"
            case .missingDependency: return "missing-dependency"
            case .cycle: return "circular-dependency"
            case .partialSquash: return "partial-squash"
            case .duplicateNumber: return "duplicate-number"
            case .duplicateMigration: return "duplicate-migration"
            }
        }

        public var severity: Severity {
            switch self {
            case .conflict, .missingDependency, .cycle, .duplicateMigration: return .error
            case .partialSquash, .duplicateNumber: return .warning
            }
        }
    }

    public var kind: Kind
    /// The migration the problem is reported on.
    public var key: MigrationKey
    public var related: [MigrationKey]
    public var message: String
}

/// The migration graph of a set of migrations, built the way Django's loader
/// builds it for a database where none of them is applied yet: squashes stand
/// for the migrations they replace (dependencies on a replaced name point at
/// the squash), `__first__`/`__latest__` and swappable dependencies resolve to
/// the root or leaf of their app, and dependencies on apps that have no
/// migrations here (Django's own, third-party ones) are kept as external.
public struct MigrationGraph: Sendable {
    public struct Node: Sendable {
        public var key: MigrationKey
        public var path: String
        public var parents: Set<MigrationKey> = []
        public var children: Set<MigrationKey> = []
        /// Dependencies on apps this set does not hold.
        public var external: [MigrationKey] = []
        /// The migrations this squash stands for.
        public var replaces: [MigrationKey] = []
    }

    public private(set) var nodes: [MigrationKey: Node] = [:]
    public private(set) var problems: [GraphProblem] = []
    /// Replaced key → the squash that stands for it.
    public private(set) var replacedBy: [MigrationKey: MigrationKey] = [:]

    /// The app label behind `settings.AUTH_USER_MODEL` and other swappable
    /// settings; Django's default user model is `auth.User`.
    public static let defaultSwappableModels = ["settings.AUTH_USER_MODEL": "auth.User"]

    public var apps: [String] { Array(Set(nodes.keys.map(\.app))).sorted { MigrationKey($0, "") < MigrationKey($1, "") } }

    public init(_ migrations: [(migration: Migration, path: String)], swappableModels: [String: String] = defaultSwappableModels) {
        var byKey: [MigrationKey: (migration: Migration, path: String)] = [:]
        for entry in migrations {
            let key = MigrationKey(entry.migration.app, entry.migration.name)
            if let other = byKey[key] {
                problems.append(GraphProblem(kind: .duplicateMigration, key: key, related: [],
                    message: "\(key) is defined twice, in \(other.path) and \(entry.path); Django loads one of them"))
                continue
            }
            byKey[key] = entry
            nodes[key] = Node(key: key, path: entry.path)
        }
        let migratedApps = Set(byKey.keys.map(\.app))

        // Squashes first: which keys the loader replaces with which squash.
        for (key, entry) in byKey.sorted(by: { $0.key < $1.key }) {
            let replaced = entry.migration.replaces.compactMap(Self.plainKey)
            guard !replaced.isEmpty else { continue }
            nodes[key]?.replaces = replaced
            for r in replaced { replacedBy[r] = key }
            let present = replaced.filter { byKey[$0] != nil }
            if !present.isEmpty && present.count < replaced.count {
                problems.append(GraphProblem(kind: .partialSquash, key: key, related: present,
                    message: "\(key) replaces \(replaced.count) migrations but only \(present.count) of them are still here: a database that applied some but not all of them will run the originals, not the squash"))
            }
        }
        for key in replacedBy.keys where nodes[key] != nil && replacedBy[key] != key {
            nodes[key] = nil
        }

        // Edges, with names resolved to what stands in the graph: within apps
        // first, so that `__first__` and `__latest__` find each app's ends, as
        // Django's loader adds internal dependencies before external ones.
        let ordered = byKey.sorted(by: { $0.key < $1.key }).filter { nodes[$0.key] != nil }
        for sameApp in [true, false] {
            for (key, entry) in ordered {
                for dependency in entry.migration.dependencies where Self.isInternal(dependency, of: key) == sameApp {
                    addEdge(from: dependency, to: key, migratedApps: migratedApps, swappableModels: swappableModels)
                }
            }
        }
        for (key, entry) in byKey.sorted(by: { $0.key < $1.key }) where nodes[key] != nil {
            for before in entry.migration.runBefore {
                guard let child = Self.plainKey(before).map(resolveReplaced), nodes[child] != nil else { continue }
                link(parent: key, child: child)
            }
        }
        findCycles()
        findConflicts()
        findDuplicateNumbers()
        problems.sort { ($0.key, $0.kind.rawValue) < ($1.key, $1.kind.rawValue) }
    }

    static func isInternal(_ dependency: Dependency, of key: MigrationKey) -> Bool {
        if case .migration(let app, _) = dependency { return app == key.app }
        return false
    }

    static func plainKey(_ dependency: Dependency) -> MigrationKey? {
        if case .migration(let app, let name) = dependency { return MigrationKey(app, name) }
        return nil
    }

    /// The key that stands in the graph for `key`: itself, or the squash that replaced it.
    public func resolveReplaced(_ key: MigrationKey) -> MigrationKey {
        var current = key
        var seen: Set<MigrationKey> = []
        // Squashes of squashes resolve recursively (Django 6.0+).
        while nodes[current] == nil, let next = replacedBy[current], seen.insert(current).inserted { current = next }
        return current
    }

    private mutating func link(parent: MigrationKey, child: MigrationKey) {
        guard parent != child else { return }
        nodes[child]?.parents.insert(parent)
        nodes[parent]?.children.insert(child)
    }

    private mutating func addEdge(from dependency: Dependency, to key: MigrationKey, migratedApps: Set<String>, swappableModels: [String: String]) {
        var target: MigrationKey
        switch dependency {
        case .migration(let app, let name):
            target = MigrationKey(app, name)
        case .swappable(let setting):
            // A setting's value comes from the configuration; a literal "app.Model" names its app.
            guard let model = swappableModels[setting] ?? (setting.hasPrefix("settings.") ? nil : setting) else {
                nodes[key]?.external.append(MigrationKey("<\(setting)>", "__first__"))
                return
            }
            target = MigrationKey(String(model.dottedHead), "__first__")
        case .dynamic:
            return
        }
        guard migratedApps.contains(target.app) else {
            nodes[key]?.external.append(target)
            return
        }
        switch target.name {
        case "__first__":
            // A dependency on one's own app's first migration means nothing (Django ignores it).
            guard target.app != key.app, let root = roots(of: target.app).first else { return }
            target = root
        case "__latest__":
            guard let leaf = leaves(of: target.app).first else { return }
            target = leaf
        default:
            target = resolveReplaced(target)
        }
        guard nodes[target] != nil else {
            problems.append(GraphProblem(kind: .missingDependency, key: key, related: [target],
                message: "\(key) depends on \(target), which does not exist: Django stops with NodeNotFoundError"))
            return
        }
        link(parent: target, child: key)
    }

    // MARK: Queries

    /// Migrations of `app` that no migration of the same app depends on.
    public func leaves(of app: String) -> [MigrationKey] {
        nodes.values.filter { $0.key.app == app && !$0.children.contains { $0.app == app } }.map(\.key).sorted()
    }

    /// Migrations of `app` that depend on no migration of the same app.
    public func roots(of app: String) -> [MigrationKey] {
        nodes.values.filter { $0.key.app == app && !$0.parents.contains { $0.app == app } }.map(\.key).sorted()
    }

    /// Django's post-order depth-first walk: over parents (forwards) or children.
    func walk(from start: MigrationKey, forwards: Bool) -> [MigrationKey] {
        var visited: [MigrationKey] = []
        var done: Set<MigrationKey> = []
        var stack: [(MigrationKey, Bool)] = [(start, false)]
        while let (key, processed) = stack.popLast() {
            if done.contains(key) { continue }
            if processed {
                done.insert(key)
                visited.append(key)
            } else {
                stack.append((key, true))
                let next = forwards ? nodes[key]?.parents : nodes[key]?.children
                stack.append(contentsOf: (next ?? []).sorted().map { ($0, false) })
            }
        }
        return visited
    }

    /// The order `manage.py migrate` applies everything in: the forwards plan
    /// of every leaf, leaves taken in sorted order.
    public func forwardsPlan() -> [MigrationKey] {
        var plan: [MigrationKey] = []
        var seen: Set<MigrationKey> = []
        let allLeaves = apps.flatMap { leaves(of: $0) }.sorted()
        for leaf in allLeaves {
            for key in walk(from: leaf, forwards: true) where seen.insert(key).inserted { plan.append(key) }
        }
        return plan
    }

    /// What `manage.py migrate APP TARGET` un-applies when everything is
    /// applied, in order: the same-app children of TARGET and every migration
    /// (in any app) that depends on them. `target` nil means `zero`.
    public func backwardsPlan(app: String, target: String?) -> [MigrationKey] {
        let starts: [MigrationKey]
        if let target {
            let key = resolveReplaced(MigrationKey(app, target))
            starts = (nodes[key]?.children ?? []).filter { $0.app == app }.sorted()
        } else {
            starts = roots(of: app)
        }
        var plan: [MigrationKey] = []
        var seen: Set<MigrationKey> = []
        for start in starts {
            for key in walk(from: start, forwards: false) where seen.insert(key).inserted { plan.append(key) }
        }
        return plan
    }

    // MARK: Problems

    private mutating func findConflicts() {
        for app in apps {
            let appLeaves = leaves(of: app)
            guard appLeaves.count > 1 else { continue }
            problems.append(GraphProblem(kind: .conflict, key: appLeaves[0], related: Array(appLeaves.dropFirst()),
                message: "app '\(app)' has \(appLeaves.count) leaf migrations (\(appLeaves.map(\.name).joined(separator: ", "))): migrate refuses to run until a merge migration depends on all of them (makemigrations --merge)"))
        }
    }

    /// Every cycle is found by a depth-first search with three colours.
    private mutating func findCycles() {
        var colour: [MigrationKey: Int] = [:]  // 1: on the stack, 2: done
        var reported: Set<MigrationKey> = []
        for start in nodes.keys.sorted() where colour[start] == nil {
            var stack: [(MigrationKey, [MigrationKey])] = [(start, nodes[start]!.children.sorted())]
            colour[start] = 1
            var path = [start]
            while !stack.isEmpty {
                if stack[stack.count - 1].1.isEmpty {
                    let (key, _) = stack.removeLast()
                    colour[key] = 2
                    path.removeLast()
                    continue
                }
                let next = stack[stack.count - 1].1.removeFirst()
                switch colour[next] {
                case 1:
                    let cycle = Array(path[path.firstIndex(of: next)!...])
                    if reported.insert(cycle.min()!).inserted {
                        problems.append(GraphProblem(kind: .cycle, key: next, related: cycle,
                            message: "circular dependency: \((cycle + [next]).map(\.description).joined(separator: " → "))"))
                    }
                case nil:
                    colour[next] = 1
                    path.append(next)
                    stack.append((next, nodes[next]!.children.sorted()))
                default:
                    break
                }
            }
        }
    }

    private mutating func findDuplicateNumbers() {
        var byNumber: [String: [MigrationKey]] = [:]
        for key in nodes.keys {
            let digits = key.name.prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty else { continue }
            byNumber[key.app + "\u{0}" + digits, default: []].append(key)
        }
        for keys in byNumber.values where keys.count > 1 {
            let sorted = keys.sorted()
            problems.append(GraphProblem(kind: .duplicateNumber, key: sorted[1], related: sorted,
                message: "\(sorted.map(\.description).joined(separator: " and ")) share a number: usually two branches each added a migration"))
        }
    }
}
