import Foundation
import LWGovModel
import LWGovReport

/// One message for one person about one department's report.
public struct Notice: Sendable, Hashable {
    public var departmentId: String
    public var departmentName: String
    public var userId: String
    /// 「中島 詩織」, or the id when the directory has no name.
    public var recipientName: String
    public var text: String
}
