import AsyncHTTPClient
import Foundation
import JWTKit
import Logging
import LWGovModel
import NIOCore
import NIOHTTP1

/// An access token and the generation it belongs to (renewal compares generations).
struct AccessToken: Sendable {
    let value: String
    let generation: Int
    let expires: ContinuousClock.Instant
    let lifetime: Duration
}
