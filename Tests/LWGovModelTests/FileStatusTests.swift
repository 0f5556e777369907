import Foundation
import LWGovModel
import Testing

/// `FileStatus` is what every input read by name is checked with before it is read.
struct FileStatusTests {
    private func scratch() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lwgov-filestatus-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test("A regular file gives its size and permission bits, also through a symbolic link")
    func regularFile() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("users.json")
        try Data(repeating: 0x20, count: 1234).write(to: file)
        #expect(chmod(file.path, 0o640) == 0)
        let status = try FileStatus.of(file.path)
        #expect(status.kind == .regular && status.size == 1234 && status.permissions == 0o640)
        let link = dir.appendingPathComponent("link.json")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: file.path)
        #expect(try FileStatus.of(link.path) == status)
    }

    @Test("A directory, a device and a FIFO are named for what they are, never read")
    func specialFiles() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try FileStatus.of(dir.path).kind == .directory)
        #expect(try FileStatus.of(dir.path).kindDescription == "a directory")
        #expect(try FileStatus.of("/dev/null").kind == .device)
        let fifo = dir.appendingPathComponent("fifo")
        #expect(mkfifo(fifo.path, 0o600) == 0)
        let status = try FileStatus.of(fifo.path)  // would block if it were opened
        #expect(status.kind == .special)
        #expect(status.kindDescription == "a FIFO or other special file")
    }

    @Test("Nothing there is missing; a dangling link too")
    func missing() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(throws: FileStatus.Unreadable.self) { try FileStatus.of(dir.appendingPathComponent("none").path) }
        let link = dir.appendingPathComponent("dangling")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: dir.appendingPathComponent("gone").path)
        do throws(FileStatus.Unreadable) {
            _ = try FileStatus.of(link.path)
            Issue.record("a dangling link has no status")
        } catch {
            #expect(error.isMissing)
            #expect(error.reason == "No such file or directory")
        }
    }
}
