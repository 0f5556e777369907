import Foundation
#if canImport(Glibc)
import Glibc
#endif
import LWGovModel

/// One run at a time per store: an exclusive `flock` on `<store>.lock`, which records the
/// holder's pid and start time. The kernel drops the lock when the holder dies, so a killed
/// run never leaves a lock that blocks the next one.
///
/// The lock belongs to the store file, not to the path it was named by: the path is resolved
/// first (symbolic links, `..`), so `./x/../store.sqlite` and a symbolic link to the store take
/// the same lock. The lock file is opened with `O_NOFOLLOW` and must be a regular file with a
/// single link: a planted symbolic link, hard link, FIFO or device is refused, never written.
/// The holder note is written only into a lock file lwgov's own user owns.
public final class RunLock: @unchecked Sendable {
    public let path: String
    private let descriptor: Int32
    private let writesNote: Bool

    /// Takes the lock at once or throws.
    ///
    /// - Throws: `LockError` (.locked) naming the holder, or (.cannotWrite) when the lock file cannot be opened
    ///   or is not a plain file lwgov may use.
    public init(storePath: String, now: Date = Date()) throws {
        let folder = URL(fileURLWithPath: storePath).deletingLastPathComponent()
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        path = Self.resolve(storePath) + ".lock"
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY, 0o640)
        guard fd >= 0 else {
            let reason = errno == ELOOP ? "it is a symbolic link; lwgov does not follow one here: remove it" : String(cString: strerror(errno))
            throw LockError(.cannotWrite, "\(path): cannot open the lock file (\(reason))")
        }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_nlink == 1 else {
            close(fd)
            throw LockError(
                .cannotWrite,
                "\(path): the lock file is not a plain file of its own (a directory, device, FIFO or hard link); remove it"
            )
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let holder = Self.describeHolder(fd)
            close(fd)
            throw LockError(.locked, "another lwgov run holds the lock on this store (\(holder)); try again when it has finished")
        }
        descriptor = fd
        // Another user's file (root's lock beside the service user's store, or the reverse) is
        // locked but not written.
        writesNote = info.st_uid == geteuid()
        if writesNote {
            let note = "pid \(getpid()), started \(ISO8601DateFormatter().string(from: now))\n"
            _ = ftruncate(fd, 0)
            _ = note.withCString { pwrite(fd, $0, strlen($0), 0) }
        }
    }

    deinit {
        if writesNote { _ = ftruncate(descriptor, 0) }
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }

    /// The store's real path: the file's own when it exists (symbolic links followed), else its
    /// folder's real path and its name; the path as given when even the folder cannot be resolved.
    static func resolve(_ storePath: String) -> String {
        if let real = realPath(storePath) { return real }
        let url = URL(fileURLWithPath: storePath)
        guard let folder = realPath(url.deletingLastPathComponent().path) else { return url.standardizedFileURL.path }
        return (folder == "/" ? "" : folder) + "/" + url.lastPathComponent
    }

    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    private static func describeHolder(_ fd: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 256)
        var n = pread(fd, &buffer, 255, 0)
        // The holder writes its note just after taking the lock: a run refused in between finds
        // the file empty, so it looks again for a moment (0.2 s at most) before saying so.
        var tries = 0
        while n <= 0, tries < 20 {
            usleep(10_000)
            n = pread(fd, &buffer, 255, 0)
            tries += 1
        }
        guard n > 0 else { return "holder unknown" }
        return quoted(String(decoding: buffer.prefix(n), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
