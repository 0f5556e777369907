import Crypto
import Foundation
import GRDB
import LWGovModel

/// How to store a snapshot.
public struct StoreOptions: Sendable {
    public var departmentLevel: Int
    public var civilTime: CivilTime
    public var acceptShrink: Bool
    public var keepSnapshots: Int
    /// How the HR roster finds accounts and org units, for dating transfers by it (SPEC 3.5).
    public var rosterMatching: RosterMatching

    public init(
        departmentLevel: Int, civilTime: CivilTime, acceptShrink: Bool = false, keepSnapshots: Int = 24,
        rosterMatching: RosterMatching = RosterMatching()
    ) {
        self.departmentLevel = departmentLevel
        self.civilTime = civilTime
        self.acceptShrink = acceptShrink
        self.keepSnapshots = keepSnapshots
        self.rosterMatching = rosterMatching
    }
}
