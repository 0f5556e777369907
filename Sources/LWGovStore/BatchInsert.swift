import GRDB

/// Rows inserted many at a time by one cached multi-row `INSERT … VALUES (…), (…)`.
///
/// SQLite runs a one-row INSERT as a whole statement: it opens the table, seeks from the root
/// and checks the foreign keys every time. One statement for 64 rows does that once, which made
/// the million member rows of an L snapshot about 2.5× faster to store than row by row.
struct BatchInsert {
    private let db: Database
    private let table: String
    private let columns: [String]
    /// 64 rows, or fewer for a wide table: at most 999 parameters, the limit of SQLite builds
    /// before 3.32.
    private let rowsPerStatement: Int
    /// The statement for a full batch, prepared once and kept in GRDB's statement cache.
    private let full: Statement
    /// The pending rows' values, row after row. Kept as the values themselves: GRDB turns them
    /// into `DatabaseValue`s once, when the batch is executed.
    private var values: [(any DatabaseValueConvertible)?] = []

    /// Runs `body`, which adds rows, and inserts the last partial batch after it.
    ///
    /// - Throws: `DatabaseError` (a constraint, a full disk), or what `body` throws.
    static func into(_ db: Database, table: String, columns: [String], _ body: (inout BatchInsert) throws -> Void) throws {
        var batch = try BatchInsert(db, table: table, columns: columns)
        try body(&batch)
        try batch.flush()
    }

    private init(_ db: Database, table: String, columns: [String]) throws {
        self.db = db
        self.table = table
        self.columns = columns
        rowsPerStatement = max(1, min(64, 999 / columns.count))
        full = try db.cachedStatement(sql: Self.sql(table: table, columns: columns, rows: rowsPerStatement))
        values.reserveCapacity(columns.count * rowsPerStatement)
    }

    /// Adds one row, its values in the order of `columns`; inserts the batch when it is full.
    mutating func add(_ row: (any DatabaseValueConvertible)?...) throws {
        precondition(row.count == columns.count, "BatchInsert \(table): a row of \(row.count) values, not \(columns.count)")
        values.append(contentsOf: row)
        if values.count == columns.count * rowsPerStatement {
            // The statement was built for exactly this many values: no need to check them again.
            full.setUncheckedArguments(StatementArguments(values))
            try full.execute()
            values.removeAll(keepingCapacity: true)
        }
    }

    private mutating func flush() throws {
        guard !values.isEmpty else { return }
        let rest = try db.makeStatement(sql: Self.sql(table: table, columns: columns, rows: values.count / columns.count))
        try rest.execute(arguments: StatementArguments(values))
        values.removeAll()
    }

    private static func sql(table: String, columns: [String], rows: Int) -> String {
        let row = "(" + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
        return "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES "
            + Array(repeating: row, count: rows).joined(separator: ", ")
    }
}
