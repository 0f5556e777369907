import ArgumentParser
import Foundation
import Logging
import LWGovConfig
import LWGovModel

/// Output conventions: stdout is the product, stderr is progress and errors (one sentence each).
enum Terminal {
    nonisolated(unsafe) private static var bootstrapped = false

    static func bootstrapLogging(verbose: Bool) {
        guard !bootstrapped else { return }
        bootstrapped = true
        LoggingSystem.bootstrap { _ in
            var handler = LineLogHandler()
            handler.logLevel = verbose ? .debug : .info
            return handler
        }
    }

    static func warn(_ message: String) {
        FileHandle.standardError.write(Data("lwgov: warning: \(quoted(message, limit: 2000))\n".utf8))
    }

    /// The one place that maps failure kinds to sysexits codes (SPEC 5).
    static func exitCode(for kind: FailureKind) -> Int32 {
        switch kind {
        case .usage: 64
        case .badInput: 65
        case .internal: 70
        case .unavailable: 69
        case .cannotWrite: 73
        case .locked: 75
        case .configuration: 78
        }
    }

    /// Runs a command body, turning expected failures into one line on stderr and an exit code.
    static func run(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch {
            try handle(error)
        }
    }

    /// The same for commands that talk to the network.
    static func run(_ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch {
            try handle(error)
        }
    }

    private static func handle(_ error: any Error) throws -> Never {
        switch error {
        case let error as ExitCode: throw error
        case let error as any ClassifiedError & LocalizedError: fail(error.errorDescription ?? "\(error)", kind: error.kind)
        case let error as ValidationError: fail(error.message, kind: .usage)
        default: fail("\(error)", kind: .internal)
        }
    }

    private static func fail(_ message: String, kind: FailureKind) -> Never {
        // One line whatever a message carries: a control character that slipped through unquoted
        // is shown, not obeyed.
        FileHandle.standardError.write(Data("lwgov: \(quoted(message, limit: 990))\n".utf8))
        Foundation.exit(exitCode(for: kind))
    }
}
