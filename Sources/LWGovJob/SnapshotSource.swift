import Foundation
import Logging
import LWGovAnalysis
import LWGovExtract
import LWGovModel
import LWGovNotify
import LWGovRender
import LWGovReport
import LWGovStore

/// Where a snapshot comes from.
public struct SnapshotSource: Sendable {
    public enum Kind: Sendable {
        /// A snapshot directory.
        case files(directory: String)
        /// The LINE WORKS API, with an optional `transfers.csv`.
        case api(DirectoryFetcher, transfersFile: String?)
    }

    public var kind: Kind
    /// When the snapshot was taken (ISO 8601), overriding `snapshot.json` or the fetch time.
    public var takenAt: String?

    public init(_ kind: Kind, takenAt: String? = nil) {
        self.kind = kind
        self.takenAt = takenAt
    }
}
