/// Where a user sits: their primary org unit and its department.
public struct Placement: Sendable, Hashable {
    public var orgUnitId: String
    public var departmentId: String
    public var departmentName: String

    public init(orgUnitId: String, departmentId: String, departmentName: String) {
        self.orgUnitId = orgUnitId
        self.departmentId = departmentId
        self.departmentName = departmentName
    }
}
