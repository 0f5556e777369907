import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Operators' mistakes and a hostile shared server, end to end through the built binary
/// (issue 16): the run lock, wrongly dated snapshots and the way out of them.
@Suite(.serialized) struct OperatorMistakeTests {
    static let base = HostileCorpus.base.path

    /// Holds an exclusive `flock` on a file, as a running lwgov would.
    final class HeldLock {
        let fd: Int32
        init(_ path: String) throws {
            fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o640)
            try #require(fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) == 0, "cannot lock \(path)")
        }
        deinit { close(fd) }
    }

    @Test func aSecondPathToTheStoreMeetsTheSameLock() throws {
        let lwgov = try LWGovBinary()
        defer { lwgov.cleanUp() }
        #expect(try lwgov.run("extract", "--from", Self.base, "--db", "store.sqlite", "--taken-at", "2026-10-01T06:00:00+09:00").status == 0)
        try FileManager.default.createSymbolicLink(atPath: lwgov.path("alias.sqlite"), withDestinationPath: "store.sqlite")
        try FileManager.default.createDirectory(atPath: lwgov.path("x"), withIntermediateDirectories: true)
        do {
            let held = try HeldLock(lwgov.path("store.sqlite.lock"))
            for path in ["alias.sqlite", "./x/../store.sqlite", lwgov.path("alias.sqlite")] {
                let r = try lwgov.run("analyze", "--db", path)
                #expect(r.status == 75, "\(path): \(r.stderr)")
                #expect(r.stderr.contains("another lwgov run holds the lock"))
            }
            withExtendedLifetime(held) {}
        }
        let free = try lwgov.run("analyze", "--db", "alias.sqlite")
        #expect(free.status == 0, "\(free.stderr)")
    }

    @Test func aPlantedLockSymlinkIsRefusedAndItsTargetUntouched() throws {
        let lwgov = try LWGovBinary()
        defer { lwgov.cleanUp() }
        try Data("precious\n".utf8).write(to: URL(fileURLWithPath: lwgov.path("victim.txt")))
        try FileManager.default.createSymbolicLink(atPath: lwgov.path("store.sqlite.lock"), withDestinationPath: "victim.txt")
        let r = try lwgov.run("extract", "--from", Self.base, "--db", "store.sqlite", "--taken-at", "2026-10-01T06:00:00+09:00")
        #expect(r.status == 73, "\(r.stderr)")
        #expect(r.stderr.contains("store.sqlite.lock") && r.stderr.contains("symbolic link"), "\(r.stderr)")
        #expect(try String(contentsOfFile: lwgov.path("victim.txt"), encoding: .utf8) == "precious\n")
        // A hard link to someone else's file is refused the same way.
        try FileManager.default.removeItem(atPath: lwgov.path("store.sqlite.lock"))
        #expect(link(lwgov.path("victim.txt"), lwgov.path("store.sqlite.lock")) == 0)
        let hard = try lwgov.run("extract", "--from", Self.base, "--db", "store.sqlite", "--taken-at", "2026-10-01T06:00:00+09:00")
        #expect(hard.status == 73, "\(hard.stderr)")
        #expect(try String(contentsOfFile: lwgov.path("victim.txt"), encoding: .utf8) == "precious\n")
    }

    /// The way out of a wrongly dated snapshot: `snapshots` shows it, `forget` removes it and
    /// analyses the later ones again, and the next month is accepted.
    @Test func aWronglyStoredSnapshotCanBeForgotten() throws {
        let lwgov = try LWGovBinary()
        defer { lwgov.cleanUp() }
        func extract(_ takenAt: String) throws -> LWGovBinary.Result {
            try lwgov.run("extract", "--from", Self.base, "--db", "s.sqlite", "--taken-at", takenAt, "--accept-shrink")
        }
        #expect(try extract("2026-08-01T06:00:00+09:00").status == 0)
        #expect(try extract("2026-09-01T06:00:00+09:00").status == 0)
        #expect(try extract("8999-09-01T06:00:00+09:00").status == 0)  // explicit: stored, by mistake
        #expect(try lwgov.run("analyze", "--db", "s.sqlite").status == 0)
        #expect(try extract("2026-10-01T06:00:00+09:00").status == 65)  // refused: older than the newest

        let listed = try lwgov.run("snapshots", "--db", "s.sqlite")
        #expect(listed.status == 0)
        let lines = listed.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines[2].hasPrefix("#3  8999-09-01T06:00:00+09:00  8999-09"), "\(lines)")
        #expect(lines.allSatisfy { $0.contains("(analysed") })

        // Under the lock: a held lock makes it wait for nothing and exit 75.
        do {
            let held = try HeldLock(lwgov.path("s.sqlite.lock"))
            #expect(try lwgov.run("forget", "--snapshot", "3", "--db", "s.sqlite").status == 75)
            withExtendedLifetime(held) {}
        }
        #expect(try lwgov.run("forget", "--snapshot", "99", "--db", "s.sqlite").status == 64)
        let forgot = try lwgov.run("forget", "--snapshot", "3", "--db", "s.sqlite")
        #expect(forgot.status == 0, "\(forgot.stderr)")
        #expect(forgot.stdout.hasPrefix("forgot snapshot #3 taken at 8999-09-01T06:00:00+09:00"))
        #expect(try extract("2026-10-01T06:00:00+09:00").status == 0)
        #expect(try lwgov.run("analyze", "--db", "s.sqlite").status == 0)
        let status = try lwgov.run("status", "--db", "s.sqlite")
        #expect(status.stdout.contains("snapshots: 3") && status.stdout.contains("findings in 2026-10"))

        // Forgetting one in the middle re-analyses what follows, and the history stays whole.
        let middle = try lwgov.run("forget", "--snapshot", "2", "--db", "s.sqlite")
        #expect(middle.status == 0, "\(middle.stderr)")
        // (SQLite gives the October snapshot the freed id 3.)
        #expect(middle.stdout.contains("re-analysed snapshot #3 (2026-10)"), "\(middle.stdout)")
        let after = try lwgov.run("snapshots", "--db", "s.sqlite")
        #expect(after.stdout.split(separator: "\n").map { $0.prefix(3) } == ["#1 ", "#3 "])
        #expect(try lwgov.run("render", "--db", "s.sqlite", "--out", "out").status == 0)
    }
}

/// Stores that are not lwgov's, and what lwgov prints from its own store.
@Suite(.serialized) struct ForeignStoreTests {
    /// Another application's SQLite database named as the store: refused (78) naming the file,
    /// byte for byte unchanged, no WAL switch, no tables added.
    @Test func anotherApplicationsDatabaseIsRefusedAndUnchanged() throws {
        let lwgov = try LWGovBinary()
        defer { lwgov.cleanUp() }
        let make = Process()
        make.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        make.arguments = ["python3", "-c", "import sqlite3; c = sqlite3.connect('\(lwgov.path("crm.db"))'); c.execute('CREATE TABLE customer (id INTEGER PRIMARY KEY, name TEXT)'); c.execute('CREATE TABLE snapshot (id INTEGER)'); c.execute(\"INSERT INTO customer VALUES (1, 'x')\"); c.commit(); c.close()"]
        try make.run()
        make.waitUntilExit()
        try #require(make.terminationStatus == 0)
        let before = try Data(contentsOf: URL(fileURLWithPath: lwgov.path("crm.db")))
        for command in [["status"], ["extract", "--from", OperatorMistakeTests.base, "--taken-at", "2026-10-01T06:00:00+09:00"], ["analyze"]] {
            let r = try lwgov.runGuarded(command + ["--db", "crm.db"])
            #expect(r.status == 78, "\(command): \(r.stderr)")
            #expect(r.stderr.contains("crm.db: not an lwgov store") && r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: lwgov.path("crm.db"))) == before)
        #expect(!FileManager.default.fileExists(atPath: lwgov.path("crm.db-wal")))
        // A file that is not SQLite at all.
        try Data("hello, not a database\n".utf8).write(to: URL(fileURLWithPath: lwgov.path("text.db")))
        let text = try lwgov.run("status", "--db", "text.db")
        #expect(text.status == 78 && text.stderr.contains("text.db: not an lwgov store"), "\(text.stderr)")
    }

    /// A waiver's reason with an escape sequence and a line break is printed quoted on one line.
    @Test func waiversQuoteControlCharacters() throws {
        let lwgov = try LWGovBinary()
        defer { lwgov.cleanUp() }
        let waive = try lwgov.run(
            "waive", "--rule", "single-master", "--group", "g-1\u{1B}[31m", "--until", "2031-12-31",
            "--reason", "承認済み\u{1B}[2J\nlwgov: all clear", "--by", "ＤＸ推進課\r", "--db", "s.sqlite"
        )
        #expect(waive.status == 0, "\(waive.stderr)")
        #expect(!waive.stdout.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
        let listed = try lwgov.run("waivers", "--db", "s.sqlite")
        #expect(listed.status == 0)
        #expect(listed.stdout.split(separator: "\n").count == 1, "\(listed.stdout.debugDescription)")
        #expect(!listed.stdout.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }, "\(listed.stdout.debugDescription)")
        #expect(listed.stdout.contains(#"承認済み\u{1B}[2J\u{A}lwgov: all clear"#), "\(listed.stdout)")
    }
}

/// Read-only stores and output folders (issue 16, item 9). Permissions do not stop root, so as
/// root the binary runs as `nobody` (setpriv) over a work folder given to it.
@Suite(.serialized) struct ReadOnlyTests {
    /// The arguments that run lwgov without privileges, after handing the work folder over.
    private func unprivileged(_ lwgov: LWGovBinary) throws -> [String] {
        guard getuid() == 0 else { return [] }
        let setpriv = "/usr/bin/setpriv"
        try #require(FileManager.default.isExecutableFile(atPath: setpriv), "running as root needs setpriv to drop privileges")
        for path in [lwgov.workdir.path] + (try FileManager.default.subpathsOfDirectory(atPath: lwgov.workdir.path)).map(lwgov.path) {
            #expect(lchown(path, 65534, 65534) == 0, "chown \(path)")
        }
        return [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"]
    }

    private func run(_ lwgov: LWGovBinary, _ prefix: [String], _ arguments: [String]) throws -> LWGovBinary.Result {
        guard let tool = prefix.first else { return try lwgov.run(arguments) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = Array(prefix.dropFirst()) + [LWGovBinary.executable.path] + arguments
        process.currentDirectoryURL = lwgov.workdir
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile(), stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return .init(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// `status`, `snapshots` and `waivers` only read: a store in a read-only folder, itself
    /// read-only, is shown (it exited 73 when the store was opened for writing).
    @Test func readingCommandsWorkOnAReadOnlyStore() throws {
        let lwgov = try LWGovBinary()
        defer {
            _ = chmod(lwgov.path("ro"), 0o755)
            lwgov.cleanUp()
        }
        try FileManager.default.createDirectory(atPath: lwgov.path("ro"), withIntermediateDirectories: true)
        #expect(try lwgov.run("extract", "--from", HostileCorpus.base.path, "--db", "ro/s.sqlite", "--taken-at", "2026-10-01T06:00:00+09:00").status == 0)
        #expect(try lwgov.run("analyze", "--db", "ro/s.sqlite").status == 0)
        let prefix = try unprivileged(lwgov)
        #expect(chmod(lwgov.path("ro/s.sqlite"), 0o444) == 0 && chmod(lwgov.path("ro"), 0o555) == 0)
        let before = try Data(contentsOf: URL(fileURLWithPath: lwgov.path("ro/s.sqlite")))
        let status = try run(lwgov, prefix, ["status", "--db", "ro/s.sqlite"])
        #expect(status.status == 0, "status: \(status.stderr)")
        #expect(status.stdout.contains("snapshots: 1") && status.stdout.contains("findings in 2026-10"), "\(status.stdout)")
        let snapshots = try run(lwgov, prefix, ["snapshots", "--db", "ro/s.sqlite"])
        #expect(snapshots.status == 0 && snapshots.stdout.hasPrefix("#1  2026-10-01"), "snapshots: \(snapshots.stderr)")
        let waivers = try run(lwgov, prefix, ["waivers", "--db", "ro/s.sqlite"])
        #expect(waivers.status == 0, "waivers: \(waivers.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: lwgov.path("ro/s.sqlite"))) == before)
    }

    /// A render into a folder lwgov may not write: 73, one sentence naming the folder and why.
    @Test func aReadOnlyOutputFolderIsNamedInOneSentence() throws {
        let lwgov = try LWGovBinary()
        defer {
            _ = chmod(lwgov.path("out"), 0o755)
            lwgov.cleanUp()
        }
        #expect(try lwgov.run("extract", "--from", HostileCorpus.base.path, "--db", "s.sqlite", "--taken-at", "2026-10-01T06:00:00+09:00").status == 0)
        #expect(try lwgov.run("analyze", "--db", "s.sqlite").status == 0)
        try FileManager.default.createDirectory(atPath: lwgov.path("out"), withIntermediateDirectories: true)
        let prefix = try unprivileged(lwgov)
        #expect(chmod(lwgov.path("out"), 0o555) == 0)
        let r = try run(lwgov, prefix, ["render", "--db", "s.sqlite", "--out", "out"])
        #expect(r.status == 73, "\(r.stderr)")
        #expect(r.stderr == "lwgov: \(lwgov.path("out")): cannot write the report (permission denied)\n", "\(r.stderr)")
    }
}
