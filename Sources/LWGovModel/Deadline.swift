/// By when an open finding must be fixed (SPEC 3.6), decided by the analysis and stored with the
/// finding's state, so every report, the workbook and the bot message show the same date.
public struct Deadline: Sendable, Hashable {
    /// `YYYY-MM-DD`: the day the finding last became open plus its severity's days, or the
    /// date of the plan in force.
    public var due: String
    /// The snapshot's day (configured time zone) is after `due`; on the due day itself it is not.
    public var overdue: Bool
    /// The plan whose date `due` is, if one is in force.
    public var planId: Int64?

    public init(due: String, overdue: Bool, planId: Int64? = nil) {
        self.due = due
        self.overdue = overdue
        self.planId = planId
    }
}
