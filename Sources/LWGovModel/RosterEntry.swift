/// One person of the HR roster (`hr.csv`, SPEC 3.5).
public struct RosterEntry: Sendable, Hashable, Codable {
    /// The roster's key for the person; unique in a roster.
    public var employeeNumber: String
    public var status: HRStatus
    /// The HR department code; matches an org unit's `orgUnitExternalKey` (or id). Absent for
    /// some retirees.
    public var orgUnitCode: String?
    /// 発令日, `YYYY-MM-DD` (00:00 of that day in the configured time zone). Required for 退職.
    public var effectiveDate: String?
    /// The person's name as HR writes it, for evidence.
    public var name: String?
    /// The roster's e-mail or external key when `hr.match_by` names that column instead.
    public var matchValue: String?

    public init(
        employeeNumber: String, status: HRStatus, orgUnitCode: String? = nil, effectiveDate: String? = nil, name: String? = nil,
        matchValue: String? = nil
    ) {
        self.employeeNumber = employeeNumber
        self.status = status
        self.orgUnitCode = orgUnitCode
        self.effectiveDate = effectiveDate
        self.name = name
        self.matchValue = matchValue
    }
}
