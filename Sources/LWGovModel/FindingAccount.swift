/// The account a finding is about (SPEC 3.5), as the reports name it: the user id is the
/// finding's subject.
public struct FindingAccount: Sendable, Hashable, Codable {
    /// The person's name: the directory's, else the roster's.
    public var name: String
    public var employeeNumber: String
    /// The account's primary department in the directory (org unit id); empty when it has none.
    public var departmentId: String

    public init(name: String, employeeNumber: String, departmentId: String) {
        self.name = name
        self.employeeNumber = employeeNumber
        self.departmentId = departmentId
    }
}
