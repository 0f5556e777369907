import GRDB
import GRDBSQLite

/// A prepared statement bound and stepped through the SQLite C API, for the million-row writes
/// of a snapshot (through `BatchInsert`) and the per-finding lookups of an analysis.
///
/// GRDB's `execute(arguments:)` builds a `StatementArguments` array of `DatabaseValue`s for every
/// row and runs its generic execution path. Binding each column in place does the same SQLite
/// work without the per-row boxing. It is used only inside a GRDB database access (`read` or
/// `write`), on a statement GRDB prepared and still owns.
struct DirectStatement {
    private let statement: Statement
    private let handle: OpaquePointer
    private let connection: OpaquePointer?
    private let parameters: Int32
    private var column: Int32 = 0
    /// The first failed bind since the last step: the step throws it rather than run with a
    /// parameter still holding the previous row's value.
    private var bindFailure: Int32 = SQLITE_OK

    init(_ db: Database, sql: String) throws {
        statement = try db.makeStatement(sql: sql)
        handle = statement.sqliteStatement
        connection = db.sqliteConnection
        parameters = sqlite3_bind_parameter_count(handle)
    }

    /// Binds the next `?`.
    mutating func bind(_ value: String) {
        column += 1
        var value = value
        let code = value.withUTF8 { text in
            // An empty buffer may have no address, and a null pointer would bind NULL, not ''.
            let bytes = UnsafeRawPointer(text.baseAddress ?? Self.empty.utf8Start)
            return sqlite3_bind_text(handle, column, bytes.assumingMemoryBound(to: CChar.self), Int32(text.count), Self.transient)
        }
        noteBind(code)
    }

    mutating func bind(_ value: Int64) {
        column += 1
        noteBind(sqlite3_bind_int64(handle, column, value))
    }

    mutating func bind(_ value: Double) {
        column += 1
        noteBind(sqlite3_bind_double(handle, column, value))
    }

    mutating func bindNull() {
        column += 1
        noteBind(sqlite3_bind_null(handle, column))
    }

    private mutating func noteBind(_ code: Int32) {
        if code != SQLITE_OK && bindFailure == SQLITE_OK { bindFailure = code }
    }

    /// Checks that a whole row was bound, and bound without error, before a step.
    private mutating func startStep() throws {
        precondition(column == parameters, "DirectStatement: \(column) values bound for \(parameters) parameters")
        column = 0
        let failure = bindFailure
        bindFailure = SQLITE_OK
        if failure != SQLITE_OK { throw error(failure) }
    }

    /// SQLite's code and message, read before the statement is reset.
    private func error(_ code: Int32) -> DatabaseError {
        let message = connection.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
        return DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
    }

    /// Runs the bound statement (an INSERT), then readies it for the next row.
    ///
    /// - Throws: `DatabaseError` with SQLite's code and message (a constraint, a full disk).
    mutating func execute() throws {
        _ = try step(reading: false)
    }

    /// Runs the bound query and returns the first row's first column as an integer, or nil when
    /// there is no row.
    mutating func fetchInt64() throws -> Int64? {
        try step(reading: true)
    }

    /// Runs the bound query and calls `body` for each row, then readies the statement again.
    ///
    /// - Throws: `DatabaseError`, or what `body` throws.
    mutating func forEachRow(_ body: (Columns) throws -> Void) throws {
        try startStep()
        defer { sqlite3_reset(handle) }
        let row = Columns(handle: handle)
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { return }
            guard code == SQLITE_ROW else { throw error(code) }
            try body(row)
        }
    }

    /// The current row's columns, read as GRDB would read them into these types.
    struct Columns {
        fileprivate let handle: OpaquePointer

        func text(_ index: Int32) -> String {
            // sqlite3_column_text before sqlite3_column_bytes, as SQLite asks.
            guard let bytes = sqlite3_column_text(handle, index) else { return "" }
            return String(decoding: UnsafeBufferPointer(start: bytes, count: Int(sqlite3_column_bytes(handle, index))), as: UTF8.self)
        }

        func optionalText(_ index: Int32) -> String? {
            sqlite3_column_type(handle, index) == SQLITE_NULL ? nil : text(index)
        }

        func int(_ index: Int32) -> Int { Int(sqlite3_column_int64(handle, index)) }

        func int64(_ index: Int32) -> Int64 { sqlite3_column_int64(handle, index) }

        func optionalInt64(_ index: Int32) -> Int64? {
            sqlite3_column_type(handle, index) == SQLITE_NULL ? nil : sqlite3_column_int64(handle, index)
        }

        func double(_ index: Int32) -> Double { sqlite3_column_double(handle, index) }

        func bool(_ index: Int32) -> Bool { sqlite3_column_int64(handle, index) != 0 }

        func optionalBool(_ index: Int32) -> Bool? {
            sqlite3_column_type(handle, index) == SQLITE_NULL ? nil : bool(index)
        }
    }

    private mutating func step(reading: Bool) throws -> Int64? {
        try startStep()
        defer { sqlite3_reset(handle) }
        let code = sqlite3_step(handle)
        if reading && code == SQLITE_ROW { return sqlite3_column_int64(handle, 0) }
        guard code == SQLITE_DONE else { throw error(code) }
        return nil
    }

    /// SQLite copies the bytes before `bind` returns (SQLITE_TRANSIENT).
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
    private static let empty: StaticString = ""
}

/// One value for a `BatchInsert` row.
enum SQLValue {
    case text(String)
    case integer(Int64)
    case real(Double)
    case null
}

extension DirectStatement {
    mutating func bind(_ value: SQLValue) {
        switch value {
        case .text(let text): bind(text)
        case .integer(let number): bind(number)
        case .real(let number): bind(number)
        case .null: bindNull()
        }
    }
}

/// Rows inserted `rowsPerStatement` at a time by one multi-row `INSERT … VALUES (…), (…)`.
///
/// SQLite runs a one-row INSERT as a whole statement: it opens the table, seeks from the root
/// and checks the foreign key every time. One statement for 64 rows does that once, which made
/// the million member rows of an L snapshot about 2.5× faster to store than row-by-row.
struct BatchInsert {
    /// 64 rows, or fewer for a wide table: at most 999 parameters, the limit of SQLite builds
    /// before 3.32.
    private let rowsPerStatement: Int

    private let db: Database
    private let table: String
    private let columns: Int
    private var full: DirectStatement
    private var values: [SQLValue] = []

    /// Runs `body`, which adds rows, and inserts the last partial batch after it.
    static func into(_ db: Database, table: String, columns: Int, _ body: (inout BatchInsert) throws -> Void) throws {
        var batch = try BatchInsert(db, table: table, columns: columns)
        try body(&batch)
        try batch.flush()
    }

    private init(_ db: Database, table: String, columns: Int) throws {
        self.db = db
        self.table = table
        self.columns = columns
        rowsPerStatement = max(1, min(64, 999 / columns))
        full = try DirectStatement(db, sql: Self.sql(table: table, columns: columns, rows: rowsPerStatement))
        values.reserveCapacity(columns * rowsPerStatement)
    }

    mutating func add(_ value: String) { values.append(.text(value)) }
    mutating func add(_ value: String?) { values.append(value.map(SQLValue.text) ?? .null) }
    mutating func add(_ value: Int64) { values.append(.integer(value)) }
    mutating func add(_ value: Int64?) { values.append(value.map(SQLValue.integer) ?? .null) }
    mutating func add(_ value: Int) { values.append(.integer(Int64(value))) }
    mutating func add(_ value: Bool) { values.append(.integer(value ? 1 : 0)) }
    mutating func add(_ value: Bool?) { values.append(value.map { .integer($0 ? 1 : 0) } ?? .null) }
    mutating func add(_ value: Double) { values.append(.real(value)) }

    /// Ends a row of `columns` added values; inserts the batch when it is full.
    mutating func endRow() throws {
        precondition(values.count % columns == 0, "BatchInsert \(table): a row of \(values.count % columns) values, not \(columns)")
        if values.count == columns * rowsPerStatement {
            for value in values { full.bind(value) }
            try full.execute()
            values.removeAll(keepingCapacity: true)
        }
    }

    private mutating func flush() throws {
        precondition(values.count % columns == 0, "BatchInsert \(table): an unfinished row")
        guard !values.isEmpty else { return }
        var rest = try DirectStatement(db, sql: Self.sql(table: table, columns: columns, rows: values.count / columns))
        for value in values { rest.bind(value) }
        try rest.execute()
        values.removeAll()
    }

    private static func sql(table: String, columns: Int, rows: Int) -> String {
        let row = "(" + Array(repeating: "?", count: columns).joined(separator: ", ") + ")"
        return "INSERT INTO \(table) VALUES " + Array(repeating: row, count: rows).joined(separator: ", ")
    }
}
