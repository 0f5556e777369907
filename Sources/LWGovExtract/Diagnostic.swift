import Foundation
#if canImport(Glibc)
import Glibc
#endif
import LWGovModel

/// Something odd but acceptable in the input, reported as a warning.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
