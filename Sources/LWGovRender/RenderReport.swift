import Foundation
import Logging
import LWGovModel
import LWGovReport
import LWGovStore

/// What one render wrote.
public struct RenderReport: Sendable {
    public var period: String
    public var directory: String
    public var index: String
    public var departments: Int
    public var findings: Int
    public var seconds: Double
}
