import Foundation
import LWGovModel
import LWGovReport

/// One message for one person about one department's report.
public struct Notice: Sendable, Hashable {
    /// Who a message is for: a department's managers, or the 部長 about overdue findings.
    public enum Kind: String, Sendable, Hashable {
        case department, escalation
    }

    public var kind: Kind = .department
    /// The department (for an escalation, the 部) the message is about.
    public var departmentId: String
    public var departmentName: String
    public var userId: String
    /// 「中島 詩織」, or the id when the directory has no name.
    public var recipientName: String
    public var text: String
}
