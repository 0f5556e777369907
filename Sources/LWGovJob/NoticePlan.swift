import Foundation
import Logging
import LWGovAnalysis
import LWGovExtract
import LWGovModel
import LWGovNotify
import LWGovRender
import LWGovReport
import LWGovStore

/// The messages of one period: every notice, and those an earlier run already sent.
public struct NoticePlan: Sendable {
    public var period: String
    public var notices: [Notice]
    public var alreadySent: Set<Notice>
}
