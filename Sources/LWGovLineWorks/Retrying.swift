import AsyncHTTPClient
import Foundation
import JWTKit
import Logging
import LWGovModel
import NIOCore
import NIOHTTP1

/// Capped exponential backoff with jitter: `base·2^(attempt-1)`, at most `cap`, times 0.5…1.
func backoff(attempt: Int, base: Duration, cap: Duration) -> Duration {
    let exponent = min(attempt - 1, 20)
    let raw = min(base * (1 << exponent), cap)
    return raw * Double.random(in: 0.5...1.0)
}

/// A transport failure in words, with no request details (they may carry a token).
func transportProblem(_ error: any Error) -> String {
    if let error = error as? HTTPClientError {
        if error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout { return "timed out" }
        if error == .remoteConnectionClosed { return "connection closed by the server" }
        return "connection problem (\(error.shortDescription))"
    }
    if error is CancellationError { return "cancelled" }
    return "connection problem (\(type(of: error)))"
}

func formatSeconds(_ duration: Duration) -> String {
    String(format: "%.1f s", Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18)
}

extension Duration {
    var nanoseconds: Int64 {
        components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000
    }
}
