/// A migration's identity: its app label and name, as in `dependencies`.
public struct MigrationKey: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var app: String
    public var name: String

    public init(_ app: String, _ name: String) {
        self.app = app
        self.name = name
    }

    public var description: String { "\(app).\(name)" }

    /// Django sorts keys as tuples of strings, by code point (the order of their UTF-8 bytes).
    public static func < (a: MigrationKey, b: MigrationKey) -> Bool {
        let apps = a.app.utf8Order(b.app)
        return apps != 0 ? apps < 0 : a.name.utf8Precedes(b.name)
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
        /// MC307: several leaves in an app, where a migration of the app has
        /// dependencies computed at import time that may join them.
        case possibleConflict = "MC307"

        /// The stable code and name, from the one registry of codes.
        public var code: DiagnosticCode { DiagnosticCode(rawValue: rawValue)! }
        public var name: String { code.name }

        public var severity: Severity {
            switch self {
            case .conflict, .missingDependency, .cycle, .duplicateMigration: return .error
            case .partialSquash, .duplicateNumber, .possibleConflict: return .warning
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
/// builds it for a database where none of them is applied yet, or where the
/// `applied` ones are: squashes stand for the migrations they replace
/// (dependencies on a replaced name point at the squash), except on a
/// database that applied only some of them, where the originals stay and the
/// squash is left out; `__first__`/`__latest__` and swappable dependencies resolve to
/// the root or leaf of their app, and dependencies on apps that have no
/// migrations here (Django's own, third-party ones) are kept as external.
///
/// Internally every migration is a number given in sorted key order, so that
/// edges are arrays of integers and sorting them sorts the keys: building the
/// graph of 1,500 migrations costs a fraction of parsing them.
public struct MigrationGraph: Sendable {
    public struct Node: Sendable {
        public var key: MigrationKey
        public var path: String
        /// What this migration depends on, in sorted order.
        public var parents: [MigrationKey] = []
        /// What depends on this migration, in sorted order.
        public var children: [MigrationKey] = []
        /// Dependencies on apps this set does not hold.
        public var external: [MigrationKey] = []
        /// Migrations of such apps that its `run_before` names: they depend on
        /// it, so un-applying it un-applies them (and what follows them) first.
        public var externalDependents: [MigrationKey] = []
        /// The migrations this squash stands for.
        public var replaces: [MigrationKey] = []
    }

    public private(set) var nodes: [MigrationKey: Node] = [:]
    public private(set) var problems: [GraphProblem] = []
    /// Replaced key → the squash that stands for it.
    public private(set) var replacedBy: [MigrationKey: MigrationKey] = [:]
    /// Squashes left out because the database applied only some of what they
    /// replace → the replaced migration their dependents point at instead
    /// (the latest of them; see `replacedLeaves`).
    public private(set) var unusedSquashes: [MigrationKey: MigrationKey] = [:]
    /// Such a squash → every replaced migration that no other replaced one
    /// depends on, when there are several (a squash over a merge): Django's
    /// loader points the squash's dependents at each of them.
    private var replacedLeaves: [MigrationKey: [MigrationKey]] = [:]
    /// The app labels, sorted.
    public private(set) var apps: [String] = []

    /// The app label behind `settings.AUTH_USER_MODEL` and other swappable
    /// settings; Django's default user model is `auth.User`.
    public static let defaultSwappableModels = ["settings.AUTH_USER_MODEL": "auth.User"]

    // Numbered form: keys[i] is node i; ids maps back.
    private var keys: [MigrationKey] = []
    private var ids: [MigrationKey: Int] = [:]
    private var appOf: [Int] = []
    private var parentIDs: [[Int]] = []
    private var childIDs: [[Int]] = []
    private var rootsByApp: [[Int]] = []
    private var leavesByApp: [[Int]] = []

    /// The model each swappable setting names (`settings.AUTH_USER_MODEL` →
    /// `accounts.User`): as given, else as the migrations declare it (see `Swapper.declaredSettings`).
    public let swappableModels: [String: String]

    /// The graph of the migrations among `files` (the others are not migrations).
    public init(files: [ExtractedFile], swappableModels: [String: String] = defaultSwappableModels, applied: Set<MigrationKey>? = nil) {
        self.init(files.compactMap { f in f.migration.map { ($0, f.path) } }, swappableModels: swappableModels, applied: applied)
    }

    public init(_ migrations: [(migration: Migration, path: String)], swappableModels: [String: String] = defaultSwappableModels,
                applied: Set<MigrationKey>? = nil) {
        self.swappableModels = swappableModels.merging(Swapper.declaredSettings(migrations.lazy.map(\.migration))) { given, _ in given }
        // Positions in `migrations`: the migrations themselves are never copied.
        var byKey: [MigrationKey: Int] = [:]
        byKey.reserveCapacity(migrations.count)
        for (position, entry) in migrations.enumerated() {
            let key = MigrationKey(entry.migration.app, entry.migration.name)
            if let other = byKey[key] {
                problems.append(GraphProblem(kind: .duplicateMigration, key: key, related: [],
                    message: "\(key) is defined twice, in \(migrations[other].path) and \(entry.path); Django loads one of them"))
                continue
            }
            byKey[key] = position
        }
        let migratedApps = Set(byKey.keys.map(\.app))
        let allKeys = byKey.keys.sorted()
        // The parts of each migration the graph reads, taken out once: reading
        // them through the tuples of `migrations` copied whole migrations.
        let dependencies = migrations.map(\.migration.dependencies)
        let replacesLists = migrations.map { $0.migration.replaces.compactMap(\.key) }
        let runBefore = migrations.map(\.migration.runBefore)
        let paths = migrations.map(\.path)

        // Squashes: which keys the loader replaces with which squash.
        for key in allKeys {
            let replaced = replacesLists[byKey[key]!]
            guard !replaced.isEmpty else { continue }
            let onDisk = replaced.filter { byKey[$0] != nil }
            if !onDisk.isEmpty && onDisk.count < replaced.count {
                problems.append(GraphProblem(kind: .partialSquash, key: key, related: onDisk,
                    message: "\(key) replaces \(replaced.count) migrations but only \(onDisk.count) of them are still here: a database that applied some but not all of them will run the originals, not the squash"))
            }
            if let applied, replaced.contains(where: applied.contains), !replaced.allSatisfy(applied.contains) {
                // Django's loader keeps the originals, and repoints the squash's
                // dependents at the latest of them.
                if let latest = onDisk.last(where: { $0 != key }) { unusedSquashes[key] = latest }
                let originals = Set(onDisk.filter { $0 != key })
                let parents = Set(originals.flatMap { dependencies[byKey[$0]!].compactMap(\.key) })
                let leaves = onDisk.filter { originals.contains($0) && !parents.contains($0) }
                if leaves.count > 1 { replacedLeaves[key] = leaves }
                continue
            }
            for r in replaced where r != key { replacedBy[r] = key }
        }
        keys = replacedBy.isEmpty && unusedSquashes.isEmpty ? allKeys : allKeys.filter { replacedBy[$0] == nil && unusedSquashes[$0] == nil }
        for (i, key) in keys.enumerated() { ids[key] = i }
        let position = keys.map { byKey[$0]! }
        apps = Array(Set(keys.map(\.app))).sorted { $0.utf8Precedes($1) }
        let appIndex = Dictionary(uniqueKeysWithValues: apps.enumerated().map { ($1, $0) })
        appOf = keys.map { appIndex[$0.app]! }
        parentIDs = Array(repeating: [], count: keys.count)
        childIDs = Array(repeating: [], count: keys.count)
        var external = Array(repeating: [MigrationKey](), count: keys.count)

        // Edges within apps first, so that `__first__` and `__latest__` find
        // each app's ends, as Django's loader adds internal dependencies first.
        for sameApp in [true, false] {
            if !sameApp { index() }
            for (child, key) in keys.enumerated() {
                for dependency in dependencies[position[child]] where Self.isInternal(dependency, of: key) == sameApp {
                    switch resolve(dependency, of: key, migratedApps: migratedApps) {
                    case .node(let parent):
                        if let target = dependency.key, let leaves = replacedLeaves[target] {
                            for leaf in leaves { if let id = ids[leaf] { link(parent: id, child: child) } }
                        } else {
                            link(parent: parent, child: child)
                        }
                    case .external(let target): external[child].append(target)
                    case .missing(let target):
                        problems.append(GraphProblem(kind: .missingDependency, key: key, related: [target],
                            message: "\(key) depends on \(target), which does not exist: Django stops with NodeNotFoundError"))
                    case .ignored: break
                    }
                }
            }
        }
        var externalDependents = Array(repeating: [MigrationKey](), count: keys.count)
        for parent in keys.indices {
            for before in runBefore[position[parent]] {
                guard let target = before.key else { continue }
                if let child = ids[resolveReplaced(target)] {
                    link(parent: parent, child: child)
                } else if !migratedApps.contains(target.app) {
                    externalDependents[parent].append(target)
                } else {
                    problems.append(GraphProblem(kind: .missingDependency, key: keys[parent], related: [target],
                        message: "\(keys[parent]) runs before \(target), which does not exist: Django stops with NodeNotFoundError"))
                }
            }
        }
        for i in keys.indices {
            parentIDs[i] = Array(Set(parentIDs[i])).sorted()
            childIDs[i] = Array(Set(childIDs[i])).sorted()
        }
        index()
        for (i, key) in keys.enumerated() {
            nodes[key] = Node(key: key, path: paths[position[i]], parents: parentIDs[i].map { keys[$0] },
                              children: childIDs[i].map { keys[$0] }, external: external[i],
                              externalDependents: externalDependents[i], replaces: replacesLists[position[i]])
        }
        findCycles()
        findConflicts(computed: keys.indices.filter { i in
            dependencies[position[i]].contains { if case .dynamic = $0 { true } else { false } }
        })
        findDuplicateNumbers()
        // By migration (in key order, which node numbers follow), then code.
        let rank = problems.map { (ids[$0.key] ?? keys.count, $0.kind.rawValue) }
        problems = problems.indices.sorted { rank[$0] < rank[$1] || (rank[$0] == rank[$1] && $0 < $1) }.map { problems[$0] }
    }

    static func isInternal(_ dependency: Dependency, of key: MigrationKey) -> Bool {
        if case .migration(let app, _) = dependency { return app == key.app }
        return false
    }

    /// The key that stands in the graph for `key`: itself, the squash that
    /// replaced it, or for a squash left out, the migration its dependents point at.
    public func resolveReplaced(_ key: MigrationKey) -> MigrationKey {
        let key = unusedSquashes[key] ?? key
        guard !replacedBy.isEmpty, var current = replacedBy[key] else { return key }
        var seen: Set<MigrationKey> = [key]
        // Squashes of squashes resolve recursively (Django 6.0+).
        while let next = replacedBy[current], seen.insert(current).inserted { current = next }
        return current
    }

    private enum Resolution {
        case node(Int)
        case external(MigrationKey)
        case missing(MigrationKey)
        case ignored
    }

    private func resolve(_ dependency: Dependency, of key: MigrationKey, migratedApps: Set<String>) -> Resolution {
        var target: MigrationKey
        switch dependency {
        case .migration(let app, let name):
            target = MigrationKey(app, name)
        case .swappable(let setting):
            // A setting's value comes from the configuration; a literal "app.Model" names its app.
            guard let model = swappableModels[setting] ?? (setting.hasPrefix("settings.") ? nil : setting) else {
                return .external(MigrationKey("<\(setting)>", "__first__"))
            }
            target = MigrationKey(String(model.dottedHead), "__first__")
        case .swapper(let model, let version, _):
            target = MigrationKey(model.dependencyApp(swappable: swappableModels), version ?? "__first__")
        case .dynamic:
            return .ignored
        }
        guard migratedApps.contains(target.app) else { return .external(target) }
        switch target.name {
        case "__first__":
            // A dependency on one's own app's first migration means nothing (Django ignores it).
            guard target.app != key.app, let root = roots(of: target.app).first else { return .ignored }
            target = root
        case "__latest__":
            guard let leaf = leaves(of: target.app).first else { return .ignored }
            target = leaf
        default:
            target = resolveReplaced(target)
        }
        if let id = ids[target], target != key { return .node(id) }
        return target == key ? .ignored : .missing(target)
    }

    private mutating func link(parent: Int, child: Int) {
        guard parent != child else { return }
        parentIDs[child].append(parent)
        childIDs[parent].append(child)
    }

    /// Each app's roots and leaves from the edges so far.
    private mutating func index() {
        rootsByApp = Array(repeating: [], count: apps.count)
        leavesByApp = Array(repeating: [], count: apps.count)
        for i in keys.indices {
            let app = appOf[i]
            if !parentIDs[i].contains(where: { appOf[$0] == app }) { rootsByApp[app].append(i) }
            if !childIDs[i].contains(where: { appOf[$0] == app }) { leavesByApp[app].append(i) }
        }
    }

    // MARK: Queries

    private func appNumber(_ app: String) -> Int? {
        var lo = 0, hi = apps.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if apps[mid] == app { return mid }
            if apps[mid].utf8Precedes(app) { lo = mid + 1 } else { hi = mid }
        }
        return nil
    }

    /// Migrations of `app` that no migration of the same app depends on.
    /// The file behind each migration of the graph, among `files`: a file
    /// that lost to a duplicate of its app and name is left out.
    public func files(_ files: [ExtractedFile]) -> [MigrationKey: ExtractedFile] {
        var map: [MigrationKey: ExtractedFile] = [:]
        for file in files {
            guard let m = file.migration, nodes[MigrationKey(m.app, m.name)]?.path == file.path else { continue }
            map[MigrationKey(m.app, m.name)] = file
        }
        return map
    }

    public func leaves(of app: String) -> [MigrationKey] {
        appNumber(app).map { leavesByApp[$0].map { keys[$0] } } ?? []
    }

    /// Migrations of `app` that depend on no migration of the same app.
    public func roots(of app: String) -> [MigrationKey] {
        appNumber(app).map { rootsByApp[$0].map { keys[$0] } } ?? []
    }

    /// Django's post-order depth-first walk over parents (forwards) or
    /// children, appending to `plan`. Nodes already done are not entered: in
    /// a post-order every node comes after all it leads to, so skipping them
    /// gives the plan Django builds by walking from each start anew.
    private func walk(from start: Int, forwards: Bool, into plan: inout [MigrationKey], done: inout [Bool]) {
        var stack: [(Int, Bool)] = [(start, false)]
        while let (node, processed) = stack.popLast() {
            if done[node] { continue }
            if processed {
                done[node] = true
                plan.append(keys[node])
            } else {
                stack.append((node, true))
                for next in (forwards ? parentIDs[node] : childIDs[node]) { stack.append((next, false)) }
            }
        }
    }

    /// The order `manage.py migrate` applies everything in: the forwards plan
    /// of every leaf, leaves taken in sorted order.
    public func forwardsPlan() -> [MigrationKey] {
        var plan: [MigrationKey] = []
        var done = Array(repeating: false, count: keys.count)
        for leaf in leavesByApp.flatMap({ $0 }).sorted() { walk(from: leaf, forwards: true, into: &plan, done: &done) }
        return plan
    }

    /// The forwards plan of some migrations: each with everything it depends on.
    func forwardsPlan(from targets: [MigrationKey]) -> [MigrationKey] {
        var plan: [MigrationKey] = []
        var done = Array(repeating: false, count: keys.count)
        for target in targets {
            if let id = ids[target] { walk(from: id, forwards: true, into: &plan, done: &done) }
        }
        return plan
    }

    /// What `manage.py migrate APP TARGET` un-applies when everything is
    /// applied, in order: the same-app children of TARGET and every migration
    /// (in any app) that depends on them. `target` nil means `zero`.
    public func backwardsPlan(app: String, target: String?) -> [MigrationKey] {
        guard let appID = appNumber(app) else { return [] }
        let starts: [Int]
        if let target {
            guard let id = ids[resolveReplaced(MigrationKey(app, target))] else { return [] }
            starts = childIDs[id].filter { appOf[$0] == appID }
        } else {
            starts = rootsByApp[appID]
        }
        var plan: [MigrationKey] = []
        var done = Array(repeating: false, count: keys.count)
        for start in starts { walk(from: start, forwards: false, into: &plan, done: &done) }
        return plan
    }

    // MARK: Problems

    /// Apps with several leaves. Where a migration of the app has computed
    /// dependencies (`computed`, node numbers), what they name is unknown
    /// here and may join the leaves, as `(settings.ORG_APP, "0001_initial")` could
    /// do: a warning, not an error that would fail the run.
    private mutating func findConflicts(computed: [Int]) {
        for (app, leaves) in leavesByApp.enumerated() where leaves.count > 1 {
            let appLeaves = leaves.map { keys[$0] }
            let names = appLeaves.map(\.name).joined(separator: ", ")
            let uncertain = computed.filter { appOf[$0] == app }.map { keys[$0] }
            if uncertain.isEmpty {
                problems.append(GraphProblem(kind: .conflict, key: appLeaves[0], related: Array(appLeaves.dropFirst()),
                    message: "app '\(apps[app])' has \(appLeaves.count) leaf migrations (\(names)): migrate refuses to run until a merge migration depends on all of them (makemigrations --merge)"))
            } else {
                let which = uncertain.map(\.name).joined(separator: ", ")
                problems.append(GraphProblem(kind: .possibleConflict, key: appLeaves[0], related: Array(appLeaves.dropFirst()) + uncertain,
                    message: "app '\(apps[app])' has \(appLeaves.count) leaf migrations as far as can be read (\(names)), but the dependencies of \(which) are computed when Django imports \(uncertain.count == 1 ? "it" : "them") and may join them; if they do not, migrate refuses to run until a merge migration depends on all of them"))
            }
        }
    }

    /// Every cycle is found by a depth-first search with three colours.
    private mutating func findCycles() {
        var colour = Array(repeating: 0, count: keys.count)  // 1: on the path, 2: done
        var reported: Set<Int> = []
        for start in keys.indices where colour[start] == 0 {
            var stack: [(Int, ArraySlice<Int>)] = [(start, childIDs[start][...])]
            var path = [start]
            colour[start] = 1
            while !stack.isEmpty {
                guard let next = stack[stack.count - 1].1.popFirst() else {
                    colour[stack.removeLast().0] = 2
                    path.removeLast()
                    continue
                }
                if colour[next] == 1 {
                    let cycle = Array(path[path.firstIndex(of: next)!...])
                    if reported.insert(cycle.min()!).inserted {
                        let cycleKeys = cycle.map { keys[$0] }
                        problems.append(GraphProblem(kind: .cycle, key: keys[next], related: cycleKeys,
                            message: "circular dependency: \((cycleKeys + [keys[next]]).map(\.description).joined(separator: " → "))"))
                    }
                } else if colour[next] == 0 {
                    colour[next] = 1
                    path.append(next)
                    stack.append((next, childIDs[next][...]))
                }
            }
        }
    }

    private mutating func findDuplicateNumbers() {
        // The leading digits as a number and their count ("0005" is not "005").
        struct Number: Hashable {
            var app: Int
            var value: UInt64
            var digits: Int
        }
        var byNumber: [Number: [Int]] = [:]
        for (i, key) in keys.enumerated() {
            var number = Number(app: appOf[i], value: 0, digits: 0)
            for byte in key.name.utf8 {
                guard byte >= 0x30 && byte <= 0x39, number.digits < 18 else { break }
                number.value = number.value * 10 + UInt64(byte - 0x30)
                number.digits += 1
            }
            if number.digits > 0 { byNumber[number, default: []].append(i) }
        }
        for group in byNumber.values where group.count > 1 {
            let sorted = group.sorted().map { keys[$0] }
            problems.append(GraphProblem(kind: .duplicateNumber, key: sorted[1], related: sorted,
                message: "\(sorted.map(\.description).joined(separator: " and ")) share a number: usually two branches each added a migration"))
        }
    }
}
