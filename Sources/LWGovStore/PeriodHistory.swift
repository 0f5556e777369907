import Foundation
import GRDB
import LWGovModel

/// A report's view of the analysed periods up to its own (SPEC 4.2).
public struct PeriodHistory: Sendable {
    /// Open (present, not waived) findings by rule, per analysed snapshot id.
    public var openByRule: [Int64: [RuleID: Int]] = [:]
    /// Overdue findings per analysed snapshot id; absent for analyses from before due dates.
    public var overdue: [Int64: Int] = [:]
    /// Per department id ("" for none): findings resolved so far, and of those the ones resolved
    /// at the first analysis after they appeared.
    public var resolved: [String: (total: Int, withinOnePeriod: Int)] = [:]
    /// Per department id: groups with a finding that came back (reopened) at some period.
    public var reopenedGroups: [String: Int] = [:]
    /// Periods in a row each present finding of the snapshot has been present, this one included.
    public var periodsPresent: [FindingKey: Int] = [:]

    public init() {}
}
