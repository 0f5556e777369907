/// How a transfer's date was decided.
public enum TransferDating: String, Sendable, Hashable, Codable {
    /// The `effectiveDate` of a `transfers.csv` row.
    case csv
    /// The `taken_at` of the snapshot where the transfer was observed.
    case snapshot
    /// The `effectiveDate` (発令日) of the HR roster's row that places the person in the new
    /// department (SPEC 3.5), when `transfers.csv` does not have the person.
    case roster = "hr"
}
