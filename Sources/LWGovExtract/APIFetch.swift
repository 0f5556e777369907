import AsyncHTTPClient
import LWGovLineWorks
import Foundation
import Logging
import LWGovModel

/// Everything one API extract read, validated, ready to be stored in one transaction.
public struct APIFetch: Sendable {
    public var snapshot: DirectorySnapshot
    public var diagnostics: [Diagnostic]
    public var stats: APIStats
    public var seconds: Double
}
