import Foundation
import Logging
import LWGovLineWorks
import LWGovModel
import LWGovStore

/// What one `lwgov notify` did.
public struct NotifyReport: Sendable {
    public var sent: [Notice] = []
    /// Sent by an earlier run for this period: not sent again.
    public var alreadySent: [Notice] = []
    /// Retried and still failing: the notice and why.
    public var failed: [(notice: Notice, error: String)] = []
    /// Nothing was sent because `now` is outside the working days and hours.
    public var outsideWindow = false
}
