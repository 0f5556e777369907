import Foundation
import GRDB
import LWGovModel

/// One finding at one analysed snapshot, without its texts. Reports read the per-period
/// aggregates instead (`periodHistory`); this full history is for audits and for the test that
/// checks those aggregates against a replay.
public struct FindingHistoryRow: Sendable, Hashable {
    public var snapshotId: Int64
    public var key: FindingKey
    public var status: FindingStatus
    public var departments: [String]
}
