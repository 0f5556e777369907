import Foundation

/// The one shape of lwgov's errors: the kind of failure (its exit code) and one sentence that
/// names the file, line, field or key and what to do. Each module names its own `Domain`, so a
/// `catch` or a typed `throws` tells a store problem from an extract problem
/// (`StoreError = LWGovError<StoreDomain>`).
public struct LWGovError<Domain: ErrorDomain>: LocalizedError, ClassifiedError, Sendable, Equatable {
    public let kind: FailureKind
    public let message: String

    public init(_ kind: FailureKind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var errorDescription: String? { message }
}
