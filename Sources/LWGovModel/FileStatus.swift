import Foundation

/// What a path names, looked at before it is read, symbolic links followed (what matters is
/// the file that would be read).
///
/// Every input lwgov reads by name (snapshot files, the configuration, secrets, templates, the
/// store) is checked with this first: a FIFO would wait for a writer, `/dev/zero` never ends,
/// and a directory gives Foundation's "error 256". Each caller words its own message.
public struct FileStatus: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case regular, directory, device, socket, special
    }

    public var kind: Kind
    /// Bytes, as `stat(2)` gives them.
    public var size: Int
    /// The permission bits (`mode & 0o777`).
    public var permissions: UInt32

    /// Why a path could not be looked at.
    public struct Unreadable: Error, Sendable {
        /// The `errno` of `stat(2)`.
        public var code: Int32
        /// Nothing is there.
        public var isMissing: Bool { code == ENOENT }
        /// `strerror`'s words for the code.
        public var reason: String { String(cString: strerror(code)) }
    }

    /// `stat(2)` of a path.
    ///
    /// - Throws: `Unreadable` when nothing is there or it cannot be looked at.
    public static func of(_ path: String) throws(Unreadable) -> FileStatus {
        var info = stat()
        guard stat(path, &info) == 0 else { throw Unreadable(code: errno) }
        let kind: Kind = switch info.st_mode & S_IFMT {
        case S_IFREG: .regular
        case S_IFDIR: .directory
        case S_IFCHR, S_IFBLK: .device
        case S_IFSOCK: .socket
        default: .special
        }
        return FileStatus(kind: kind, size: Int(info.st_size), permissions: UInt32(info.st_mode) & 0o777)
    }

    /// "a directory", "a device", … for a message about something that is not a regular file.
    public var kindDescription: String {
        switch kind {
        case .regular: "a regular file"
        case .directory: "a directory"
        case .device: "a device"
        case .socket: "a socket"
        case .special: "a FIFO or other special file"
        }
    }
}
