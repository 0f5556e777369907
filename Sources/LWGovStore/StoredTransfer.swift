import Foundation
import GRDB
import LWGovModel

/// A transfer as stored, with the groups the user directly belonged to just before it.
public struct StoredTransfer: Sendable, Hashable {
    public var snapshotId: Int64
    public var userId: String
    public var from: Placement
    public var to: Placement
    public var effectiveAt: Date
    public var datedBy: TransferDating
    public var priorGroups: Set<String>
}
