import Foundation
import GRDB
import LWGovModel

/// The SQLite store: one file, WAL, versioned migrations (SPEC 2).
public struct Store: Sendable {
    /// The GRDB writer; a `DatabasePool` for files, a `DatabaseQueue` in memory.
    public let writer: any DatabaseWriter
    /// The file path, or nil in memory.
    public let path: String?

    /// Opens (creating if needed) the store at `path` and migrates it.
    ///
    /// - Throws: `StoreError` (.cannotWrite) when the file or its folder cannot be created or opened.
    public static func open(path: String) throws(StoreError) -> Store {
        let url = URL(fileURLWithPath: path)
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        } catch {
            throw StoreError(.cannotWrite, "\(path): cannot create the store's folder (\(error.localizedDescription))")
        }
        try refuseForeign(path: path)
        do {
            var configuration = GRDB.Configuration()
            configuration.foreignKeysEnabled = true
            configuration.busyMode = .timeout(10)
            configuration.prepareDatabase { db in
                // WAL with synchronous NORMAL never corrupts the file; at worst the last commit
                // before a power cut is lost, and the next run redoes it.
                try db.execute(sql: "PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY")
            }
            let pool = try DatabasePool(path: path, configuration: configuration)
            let store = Store(writer: pool, path: path)
            try store.migrate()
            return store
        } catch let error as StoreError {
            throw error
        } catch let error as DatabaseError {
            throw StoreError(.cannotWrite, "\(path): cannot open the store (\(error.message ?? "SQLite error \(error.resultCode)"))")
        } catch {
            throw StoreError(.cannotWrite, "\(path): cannot open the store (\(error.localizedDescription))")
        }
    }

    /// Opens an existing store for a command that only reads it (`status`, `snapshots`,
    /// `waivers`): read-only, so a store on a read-only disk or without write permission can
    /// still be read. A missing store, or one that still needs a migration, is opened as
    /// `open(path:)` does.
    ///
    /// - Throws: `StoreError` (.configuration) for a file that is not an lwgov store;
    ///   (.cannotWrite) when it cannot be opened.
    public static func openForReading(path: String) throws(StoreError) -> Store {
        guard FileManager.default.fileExists(atPath: path) else { return try open(path: path) }
        try refuseForeign(path: path)
        let queue: DatabaseQueue
        do {
            var configuration = GRDB.Configuration()
            configuration.readonly = true
            configuration.foreignKeysEnabled = true
            configuration.busyMode = .timeout(10)
            do {
                let plain = try DatabaseQueue(path: path, configuration: configuration)
                _ = try plain.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") }
                queue = plain
            } catch let error as DatabaseError where [ResultCode.SQLITE_READONLY, .SQLITE_CANTOPEN].contains(error.resultCode)
                && !FileManager.default.fileExists(atPath: path + "-wal")
            {
                // A WAL store in a folder lwgov may not write: SQLite cannot make the shared-memory
                // file a reader needs. With no -wal file beside it, no run is writing and the
                // main file holds everything, so it is read as immutable (an SQLite URI).
                let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
                let encoded = absolute.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? absolute
                queue = try DatabaseQueue(path: "file:\(encoded)?immutable=1", configuration: configuration)
            }
            guard try queue.read({ db in try migrator.hasCompletedMigrations(db) }) else {
                try queue.close()
                return try open(path: path)
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.cannotWrite, "\(path): cannot read the store (\(describe(error)))")
        }
        return Store(writer: queue, path: path)
    }

    /// Refuses, before anything is written (no WAL switch, no table), a file that is not an
    /// lwgov store: not SQLite at all, or a database with tables of its own and no migration
    /// record (another application's). An empty or missing file is a new store.
    ///
    /// - Throws: `StoreError` (.configuration) naming the file.
    static func refuseForeign(path: String) throws(StoreError) {
        // Symbolic links followed: what matters is the file SQLite would open.
        guard let status = try? FileStatus.of(path) else { return }
        guard status.kind == .regular else {
            throw StoreError(.configuration, "\(path): the store (store.path or --db) is not a regular file; name lwgov's SQLite file")
        }
        guard status.size > 0 else { return }
        var configuration = GRDB.Configuration()
        configuration.readonly = true
        let tables: [String]
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            tables = try queue.read { db in
                try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
            }
        } catch let error as DatabaseError where [.SQLITE_NOTADB, .SQLITE_CORRUPT].contains(error.resultCode) {
            throw StoreError(.configuration, "\(path): not an lwgov store (not an SQLite database); check store.path or --db")
        } catch {
            // Unreadable for another reason (permissions, a WAL file needing recovery): opening
            // for real reports it.
            return
        }
        if !tables.isEmpty && !tables.contains("grdb_migrations") {
            throw StoreError(
                .configuration,
                "\(path): not an lwgov store (an SQLite database with other tables, e.g. \(quoted(tables.sorted()[0]))); lwgov changed nothing; check store.path or --db"
            )
        }
    }

    /// A fresh store in memory, for tests.
    public static func inMemory() throws -> Store {
        var configuration = GRDB.Configuration()
        configuration.foreignKeysEnabled = true
        let queue = try DatabaseQueue(configuration: configuration)
        let store = Store(writer: queue, path: nil)
        try store.migrate()
        return store
    }

    private init(writer: any DatabaseWriter, path: String?) {
        self.writer = writer
        self.path = path
    }

    private func migrate() throws {
        do {
            try Self.migrator.migrate(writer)
        } catch let error as DatabaseError where Self.isWriteFailure(error) {
            // Disk full, read-only file system, I/O error: the store cannot be written (73).
            throw StoreError(.cannotWrite, "\(path ?? "store"): cannot write the store (\(error.message ?? "SQLite error \(error.resultCode)"))")
        } catch let error as DatabaseError {
            throw StoreError(.internal, "\(path ?? "store"): cannot migrate the store schema (\(error.message ?? "SQLite error \(error.resultCode)"))")
        } catch {
            throw StoreError(.internal, "\(path ?? "store"): cannot migrate the store schema (\(error))")
        }
    }

    /// SQLite results that mean the file or its disk cannot be written, not a bug.
    static func isWriteFailure(_ error: DatabaseError) -> Bool {
        [.SQLITE_FULL, .SQLITE_IOERR, .SQLITE_READONLY, .SQLITE_CANTOPEN, .SQLITE_PERM].contains(error.resultCode)
    }

    /// Runs a read, turning database errors into `StoreError`.
    func read<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try writer.read(body)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.internal, "store read failed: \(Self.describe(error))")
        }
    }

    /// Runs a write in one transaction, turning database errors into `StoreError`.
    func write<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try writer.write(body)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.cannotWrite, "store write failed, nothing was changed: \(Self.describe(error))")
        }
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? DatabaseError { return error.message ?? "SQLite error \(error.resultCode)" }
        return String(describing: error)
    }

    /// `PRAGMA integrity_check`: "ok" for a sound file.
    public func integrityCheck() throws(StoreError) -> String {
        try read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "; ") }
    }
}
