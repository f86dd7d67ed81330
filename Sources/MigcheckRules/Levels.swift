/// How safely `manage.py migrate APP TARGET` can un-apply a migration.
public enum RevertLevel: String, Sendable, CaseIterable, Comparable, Codable {
    /// The reverse restores the previous schema; at most it drops what only the new release wrote.
    case safe
    /// The reverse runs but cannot bring back data the previous release relies on.
    case lossy
    /// The reverse can fail or corrupt on real data.
    case unsafe
    /// Django refuses to reverse it (IrreversibleError).
    case irreversible

    public static func < (a: RevertLevel, b: RevertLevel) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// Whether applying a migration while the previous release serves traffic needs maintenance mode.
public enum MaintenanceLevel: String, Sendable, CaseIterable, Comparable, Codable {
    case none
    /// Brief exclusive locks on big tables, long data migrations, locks piling up.
    case recommended
    /// Table rewrites or long exclusive locks, or a schema the previous release cannot work with.
    case required

    public static func < (a: MaintenanceLevel, b: MaintenanceLevel) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// The pair of levels a finding, a migration or a set of migrations has.
public struct Levels: Sendable, Equatable {
    public var revert: RevertLevel
    public var maintenance: MaintenanceLevel

    public init(revert: RevertLevel = .safe, maintenance: MaintenanceLevel = .none) {
        self.revert = revert
        self.maintenance = maintenance
    }

    /// The higher of each level.
    public func joined(with other: Levels) -> Levels {
        Levels(revert: max(revert, other.revert), maintenance: max(maintenance, other.maintenance))
    }
}

/// The database a project's migrations run on: levels differ where the engines do.
public struct DatabaseTarget: Sendable, Equatable {
    public enum Engine: String, Sendable, CaseIterable {
        case postgresql, mysql, sqlite
    }

    public var engine: Engine
    /// The major version (PostgreSQL 16, MySQL 8, SQLite 3).
    public var version: Int

    public init(engine: Engine = .postgresql, version: Int? = nil) {
        self.engine = engine
        self.version = version ?? Self.defaultVersion(engine)
    }

    /// The oldest version Django 5.2 supports: the conservative assumption.
    public static func defaultVersion(_ engine: Engine) -> Int {
        switch engine {
        case .postgresql: return 14
        case .mysql: return 8
        case .sqlite: return 3
        }
    }

    /// Reads `postgresql`, `postgres`, `mysql`, `mariadb`, `sqlite` or `sqlite3`.
    public static func engine(named name: String) -> Engine? {
        switch name.lowercased() {
        case "postgresql", "postgres", "postgis", "pg": return .postgresql
        case "mysql", "mariadb": return .mysql
        case "sqlite", "sqlite3", "spatialite": return .sqlite
        default: return nil
        }
    }
}
