/// Days to fix an open finding, by severity (`remediation.due_days`, SPEC 3.6).
public struct DueDays: Sendable, Hashable {
    public var high: Int
    public var medium: Int
    public var low: Int

    /// The SPEC's defaults: high 14, medium 30, low 60 days.
    public init(high: Int = 14, medium: Int = 30, low: Int = 60) {
        self.high = high
        self.medium = medium
        self.low = low
    }

    public func days(for severity: Severity) -> Int {
        switch severity {
        case .high: high
        case .medium: medium
        case .low: low
        }
    }
}
