import Foundation
import Logging
import LWGovAnalysis
import LWGovExtract
import LWGovModel
import LWGovNotify
import LWGovRender
import LWGovReport
import LWGovStore

extension StoreOutcome {
    /// How the run record and the log name what extract did.
    public var summary: String {
        switch self {
        case .stored(let id, let transfers, let pruned): "stored snapshot #\(id), \(transfers) transfers\(pruned > 0 ? ", pruned \(pruned)" : "")"
        case .duplicate(let id): "unchanged (same as snapshot #\(id))"
        }
    }
}
