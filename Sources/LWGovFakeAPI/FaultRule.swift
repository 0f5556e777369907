import Foundation
import Hummingbird
import JWTKit
import Logging
import NIOCore

/// One injected fault: of the requests of `operation` that match (path, and a cursor for the
/// cursor faults), the `count` after the first `after` get it.
public struct FaultRule: Sendable {
    public enum Fault: Sendable {
        /// An error status with a LINE WORKS error body (`{"code":…,"description":…}`).
        case status(Int, code: String)
        /// 429 with `rateLimit-reset` (seconds), or without it.
        case tooManyRequests(reset: Int?)
        /// Answer normally, but only after this long (longer than the client's timeout = a timeout).
        case slow(Duration)
        /// A 200 whose body is cut in the middle.
        case malformedJSON
        /// A page whose `nextCursor` is the cursor it was asked with (a loop).
        case repeatCursor
        /// 404 NOT_FOUND for a page the previous page pointed to.
        case missingPage
    }

    public var operation: String
    public var after: Int
    public var count: Int
    public var fault: Fault
    /// Only requests whose path contains this (e.g. one user id of the bot endpoint).
    public var pathContains: String?

    public init(_ operation: String, after: Int = 0, count: Int = 1, _ fault: Fault, pathContains: String? = nil) {
        self.operation = operation
        self.after = after
        self.count = count
        self.fault = fault
        self.pathContains = pathContains
    }
}
