import Foundation
import Testing

/// Runs the built `lwgov` binary, as cron or a person would.
struct LWGovBinary {
    let workdir: URL

    static var executable: URL {
        // The test runner lives in the same build folder as the products.
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("lwgov")
    }

    init() throws {
        workdir = FileManager.default.temporaryDirectory.appendingPathComponent("lwgov-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: workdir, withIntermediateDirectories: true)
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    @discardableResult
    func run(_ arguments: String...) throws -> Result { try run(arguments) }

    @discardableResult
    func run(_ arguments: [String]) throws -> Result {
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = arguments
        process.currentDirectoryURL = workdir
        // Files, not pipes: a long stderr must not block the child while stdout is drained.
        let outURL = workdir.appendingPathComponent(".stdout-\(UUID().uuidString)")
        let errURL = workdir.appendingPathComponent(".stderr-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: outURL); try? FileManager.default.removeItem(at: errURL) }
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        process.standardOutput = out
        process.standardError = err
        try process.run()
        process.waitUntilExit()
        try out.close()
        try err.close()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
            stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self)
        )
    }

    func path(_ name: String) -> String { workdir.appendingPathComponent(name).path }

    func cleanUp() { try? FileManager.default.removeItem(at: workdir) }
}

@Suite(.serialized) struct CLITests {
    /// Every membership key of SPEC 6 can be given on the command line, and each changes what
    /// the analysis of SampleData's May finds (the planted cases of SampleData/README.md).
    @Test func membershipKeysWorkOnTheCommandLine() throws {
        let lwgov = try LWGovBinary()
        defer { lwgov.cleanUp() }
        let may = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("SampleData/2026-05").path
        func findings(_ flags: String...) throws -> Int {
            let db = "s-\(UUID().uuidString).sqlite"
            #expect(try lwgov.run("extract", "--from", may, "--db", db).status == 0)
            let r = try lwgov.run(["analyze", "--db", db] + flags)
            #expect(r.status == 0, "\(r.stderr)")
            let count = r.stdout.split(separator: " ").firstIndex(of: "findings:").map { r.stdout.split(separator: " ")[$0 - 1] }
            return Int(count ?? "") ?? -1
        }
        let plain = try findings()
        #expect(plain > 0)
        #expect(try findings("--masters-are-members") < plain)  // master-only managers count again
        #expect(try findings("--count-on-leave") == plain - 1)  // the 課長補佐 on leave of g-0251
        // Without sub-units, 教育部 as an ORGUNIT member no longer brings its 課's staff and 部長's
        // post below it: g-0250 gets a missing-department-manager finding (and g-0037 loses one).
        let db = "subunits.sqlite"
        #expect(try lwgov.run("extract", "--from", may, "--db", db).status == 0)
        #expect(try lwgov.run("analyze", "--db", db, "--no-orgunit-includes-subunits").status == 0)
        #expect(try lwgov.run("render", "--db", db, "--out", "out").status == 0)
        let csv = try String(contentsOfFile: lwgov.path("out/2026-05/findings.csv"), encoding: .utf8)
        #expect(csv.contains(",g-0250,"))
        #expect(try findings("--orgunit-includes-subunits", "--no-masters-are-members", "--no-count-on-leave") == plain)
        let bad = try lwgov.run("extract", "--api", "--rate-limit-scope", "everyone", "--db", "x.sqlite")
        #expect(bad.status == 64 && bad.stderr.contains("--rate-limit-scope"))
    }

    /// `status` shows the period's overdue findings by rule and by department, the same ones
    /// the reports mark 期限超過 (SampleData April and May with the default due days).
    @Test func statusShowsOverdueFindingsAsTheReportsDo() throws {
        let lwgov = try LWGovBinary()
        defer { lwgov.cleanUp() }
        let sampleData = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("SampleData")
        for month in ["2026-04", "2026-05"] {
            let r = try lwgov.run("run", "--from", sampleData.appendingPathComponent(month).path, "--db", "s.sqlite", "--out", "out")
            #expect(r.status == 0, "\(r.stderr)")
        }
        let status = try lwgov.run("status", "--db", "s.sqlite")
        #expect(status.status == 0, "\(status.stderr)")
        let lines = status.stdout.split(separator: "\n").map(String.init)
        func cells(_ line: String) -> [String] { line.split(separator: " ").map(String.init) }
        let header = try #require(lines.firstIndex { $0.hasPrefix("  rule ") })
        let footer = try #require(lines.firstIndex { $0.hasPrefix("  total ") })
        #expect(cells(lines[header]).last == "overdue")
        let rules = Array(lines[(header + 1)..<footer])
        #expect(rules.count == 10 && rules.contains { $0.hasPrefix("  not-public ") })
        let total = try #require(cells(lines[footer]).last.flatMap { Int($0) })
        #expect(total == rules.compactMap { cells($0).last.flatMap { Int($0) } }.reduce(0, +))
        let overview = try String(contentsOfFile: lwgov.path("out/2026-05/overview.xml"), encoding: .utf8)
        let marked = overview.components(separatedBy: "overdue=\"true\"").count - 1
        #expect(total == marked && total > 0, "status \(total), overview.xml \(marked)")
        // Departments: open, then overdue, then the department's path; most open first.
        let start = try #require(lines.firstIndex { $0.hasPrefix("   open  overdue") })
        let rows = lines[(start + 1)...].map(cells).filter { $0.count >= 3 }
        #expect(!rows.isEmpty && rows.count <= 10)
        let open = rows.compactMap { Int($0[0]) }, overdue = rows.compactMap { Int($0[1]) }
        #expect(open.count == rows.count && overdue.count == rows.count)
        #expect(open == open.sorted(by: >))
        #expect(zip(open, overdue).allSatisfy { $1 <= $0 })
    }

    @Test func extractStoresEachMonthOnceAndAnalyzes() throws {
        let lwgov = try LWGovBinary()
        defer { lwgov.cleanUp() }
        #expect(try lwgov.run("synth", "--users", "200", "--groups", "60", "--months", "3", "--out", "in").status == 0)
        for month in ["2026-01", "2026-02", "2026-03"] {
            let r = try lwgov.run("extract", "--from", "in/\(month)", "--db", "s.sqlite")
            #expect(r.status == 0)
            #expect(r.stdout.hasPrefix("stored snapshot #"))
        }
        for month in ["2026-01", "2026-02", "2026-03"] {
            let r = try lwgov.run("extract", "--from", "in/\(month)", "--db", "s.sqlite")
            #expect(r.status == 0)
            #expect(r.stdout.hasPrefix("unchanged"))
        }
        let analyze = try lwgov.run("analyze", "--db", "s.sqlite")
        #expect(analyze.status == 0)
        #expect(analyze.stdout.split(separator: "\n").count == 3)
        let status = try lwgov.run("status", "--db", "s.sqlite")
        #expect(status.stdout.contains("snapshots: 3"))
        #expect(status.stdout.contains("findings in 2026-03"))
        #expect(status.stdout.contains("single-master"))
    }

    @Test func configurationKeysCanBeOverriddenOnTheCommandLine() throws {
        let lwgov = try LWGovBinary()
        defer { lwgov.cleanUp() }
        try lwgov.run("synth", "--users", "300", "--groups", "80", "--months", "1", "--out", "in")
        for db in ["a.sqlite", "b.sqlite"] { try lwgov.run("extract", "--from", "in/2026-01", "--db", db) }
        try lwgov.run("analyze", "--db", "a.sqlite")
        // With 主事 as a manager position almost every group has a manager.
        try lwgov.run("analyze", "--db", "b.sqlite", "--manager-position", "主事", "--manager-position", "課長")
        func noManager(_ db: String) throws -> Int {
            let line = try lwgov.run("status", "--db", db).stdout.split(separator: "\n").first { $0.contains(" no-manager ") }
            return Int(line?.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") ?? -1
        }
        let defaults = try noManager("a.sqlite"), overridden = try noManager("b.sqlite")
        #expect(defaults > 0)
        #expect(overridden < defaults)
        #expect(try lwgov.run("analyze", "--db", "c.sqlite", "--keep-snapshots", "1").status == 78)
    }

    @Test func truncatedInputExits65AndStoresNothing() throws {
        let lwgov = try LWGovBinary()
        defer { lwgov.cleanUp() }
        try lwgov.run("synth", "--users", "100", "--groups", "20", "--months", "2", "--out", "in")
        try lwgov.run("extract", "--from", "in/2026-01", "--db", "s.sqlite")
        try Data("{\"users\": [".utf8).write(to: lwgov.workdir.appendingPathComponent("in/2026-02/users.json"))
        let r = try lwgov.run("extract", "--from", "in/2026-02", "--db", "s.sqlite")
        #expect(r.status == 65)
        #expect(r.stderr.hasPrefix("lwgov: users.json: not valid JSON"))
        #expect(r.stderr.split(separator: "\n").count == 1)
        #expect(try lwgov.run("status", "--db", "s.sqlite").stdout.contains("snapshots: 1"))
    }

    @Test func shrinkGuardExits65UnlessAccepted() throws {
        let lwgov = try LWGovBinary()
        defer { lwgov.cleanUp() }
        try lwgov.run("synth", "--users", "400", "--groups", "40", "--months", "1", "--out", "big")
        try lwgov.run("synth", "--users", "100", "--groups", "40", "--months", "1", "--start", "2026-02", "--out", "small")
        try lwgov.run("extract", "--from", "big/2026-01", "--db", "s.sqlite")
        let refused = try lwgov.run("extract", "--from", "small/2026-02", "--db", "s.sqlite")
        #expect(refused.status == 65)
        #expect(refused.stderr.contains("--accept-shrink"))
        #expect(try lwgov.run("extract", "--from", "small/2026-02", "--db", "s.sqlite", "--accept-shrink").status == 0)
    }

    @Test func configurationAndUsageErrors() throws {
        let lwgov = try LWGovBinary()
        defer { lwgov.cleanUp() }
        try Data("[rules]\ngrace = 3\n".utf8).write(to: lwgov.workdir.appendingPathComponent("lwgov.toml"))
        let bad = try lwgov.run("status")
        #expect(bad.status == 78)
        #expect(bad.stderr.contains("rules.grace"))
        let missing = try lwgov.run("status", "--config", "nowhere.toml")
        #expect(missing.status == 78)
        #expect(missing.stderr.contains("nowhere.toml"))
        #expect(try lwgov.run("extract", "--config", "x").status == 64)
    }

    @Test func waiversRoundTrip() throws {
        let lwgov = try LWGovBinary()
        defer { lwgov.cleanUp() }
        let waive = try lwgov.run(
            "waive", "--db", "s.sqlite", "--rule", "single-master", "--group", "*", "--until", "2026-12-31",
            "--reason", "移行期間", "--by", "ＤＸ推進課 佐藤"
        )
        #expect(waive.status == 0)
        #expect(try lwgov.run("waivers", "--db", "s.sqlite").stdout.contains("single-master  every group  until 2026-12-31"))
        #expect(try lwgov.run("unwaive", "1", "--db", "s.sqlite").status == 0)
        #expect(try lwgov.run("waivers", "--db", "s.sqlite").stdout.contains("no waivers"))
        #expect(try lwgov.run("unwaive", "1", "--db", "s.sqlite").status == 64)
        #expect(try lwgov.run("waive", "--db", "s.sqlite", "--rule", "nope", "--group", "g", "--until", "2026-12-31", "--reason", "r", "--by", "b").status == 64)
    }
}
