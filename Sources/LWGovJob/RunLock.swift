import Foundation
#if canImport(Glibc)
import Glibc
#endif
import LWGovModel

/// Another process holds the store's lock (exit 75).
public struct LockError: LocalizedError, ClassifiedError, Sendable {
    /// `.locked` when another run holds it; `.cannotWrite` when the lock file cannot be opened.
    public let kind: FailureKind
    public let message: String

    public var errorDescription: String? { message }
}

/// One run at a time per store: an exclusive `flock` on `<store>.lock`, which records the
/// holder's pid and start time. The kernel drops the lock when the holder dies, so a killed
/// run never leaves a lock that blocks the next one.
public final class RunLock: @unchecked Sendable {
    public let path: String
    private let descriptor: Int32

    /// Takes the lock at once or throws.
    ///
    /// - Throws: `LockError` (.locked) naming the holder, or (.cannotWrite) when the lock file cannot be opened.
    public init(storePath: String, now: Date = Date()) throws {
        path = storePath + ".lock"
        try? FileManager.default.createDirectory(
            at: URL(fileURLWithPath: path).deletingLastPathComponent(), withIntermediateDirectories: true
        )
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o640)
        guard fd >= 0 else {
            throw LockError(kind: .cannotWrite, message: "\(path): cannot open the lock file (\(String(cString: strerror(errno))))")
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let holder = Self.describeHolder(fd)
            close(fd)
            throw LockError(kind: .locked, message: "another lwgov run holds the lock on this store (\(holder)); try again when it has finished")
        }
        descriptor = fd
        let note = "pid \(getpid()), started \(ISO8601DateFormatter().string(from: now))\n"
        _ = ftruncate(fd, 0)
        _ = note.withCString { pwrite(fd, $0, strlen($0), 0) }
    }

    deinit {
        _ = ftruncate(descriptor, 0)
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }

    private static func describeHolder(_ fd: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 256)
        let n = pread(fd, &buffer, 255, 0)
        guard n > 0 else { return "holder unknown" }
        return String(decoding: buffer.prefix(n), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
