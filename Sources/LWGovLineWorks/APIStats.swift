import AsyncHTTPClient
import Foundation
import Logging
import LWGovModel
import NIOCore
import NIOHTTP1

/// What was asked of the API, for the log line, the closing figures and the tests.
public struct APIStats: Sendable, Equatable {
    /// Successful requests per operation (`GET /users` …).
    public var requests: [String: Int] = [:]
    /// Attempts that were retried, by cause (`429`, `503`, `timed out`, `malformed JSON`, `token expired`).
    public var retries: [String: Int] = [:]
    public var tokensIssued = 0

    public var totalRequests: Int { requests.values.reduce(0, +) }
}
