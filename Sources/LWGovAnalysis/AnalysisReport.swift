import Foundation
import Logging
import LWGovModel
import LWGovStore

/// What one analysis did.
public struct AnalysisReport: Sendable {
    public var snapshot: SnapshotInfo
    public var counts: [FindingStatus: Int]
    public var findings: Int
    public var seconds: Double
}
