import Foundation
import Testing

/// The roster on the command line: waivers of account findings (`--group ''`), and the `[hr]`
/// options and keys refused as usage and configuration errors.
struct RosterCLITests {
    /// The base snapshot with the valid roster of the hostile corpus: u-3 has retired (active
    /// account: retired-account-active), u-4 is not in the roster (account-not-in-hr).
    private func rosterInput(_ lwgov: LWGovBinary) throws -> String {
        let input = lwgov.workdir.appendingPathComponent("in")
        try FileManager.default.copyItem(at: HostileCorpus.base, to: input)
        let overlay = HostileCorpus.bad.appendingPathComponent("hr-valid-roster")
        for file in ["hr.csv", "users.json", "orgunits.json"] {
            try? FileManager.default.removeItem(at: input.appendingPathComponent(file))
            try FileManager.default.copyItem(at: overlay.appendingPathComponent(file), to: input.appendingPathComponent(file))
        }
        return input.path
    }

    @Test("waive --group '' --subject USER covers an account finding at the next analysis")
    func waiverCoversAnAccountFinding() throws {
        let lwgov = try LWGovBinary()
        defer { lwgov.cleanUp() }
        let input = try rosterInput(lwgov)
        let extract = try lwgov.run("extract", "--from", input, "--db", "s.sqlite", "--taken-at", "2026-10-01T06:00:00+09:00")
        #expect(extract.status == 0, "\(extract.stderr)")
        #expect(try lwgov.run("analyze", "--db", "s.sqlite").status == 0)
        let before = try lwgov.run("status", "--db", "s.sqlite").stdout
        #expect(before.contains("retired-account-active") && before.contains("account-not-in-hr"), "\(before)")

        let waive = try lwgov.run(
            "waive", "--db", "s.sqlite", "--rule", "retired-account-active", "--group", "", "--subject", "u-3", "--until", "2031-12-31",
            "--reason", "削除申請済み", "--by", "ＤＸ推進課"
        )
        #expect(waive.status == 0, "\(waive.stderr)")
        #expect(waive.stdout.contains("retired-account-active on account u-3 until 2031-12-31"), "\(waive.stdout)")
        #expect(try lwgov.run("waivers", "--db", "s.sqlite").stdout.contains("retired-account-active  account u-3  until 2031-12-31"))
        var moved = try String(contentsOfFile: input + "/users.json", encoding: .utf8)
        moved = moved.replacingOccurrences(of: "\"positionName\": \"主任\"", with: "\"positionName\": \"主査\"")
        try Data(moved.utf8).write(to: URL(fileURLWithPath: input + "/users.json"))
        #expect(try lwgov.run("extract", "--from", input, "--db", "s.sqlite", "--taken-at", "2026-11-01T06:00:00+09:00").status == 0)
        #expect(try lwgov.run("analyze", "--db", "s.sqlite").status == 0)
        let render = try lwgov.run("render", "--db", "s.sqlite", "--out", "out")
        #expect(render.status == 0, "\(render.stderr)")
        let csv = try String(contentsOfFile: lwgov.path("out/2026-11/findings.csv"), encoding: .utf8)
        let line = try #require(csv.split(whereSeparator: \.isNewline).first { $0.contains("retired-account-active") }, "\(csv)")
        #expect(line.contains(",u-3,") && line.contains(",waived,"), "\(line)")
        let other = try #require(csv.split(whereSeparator: \.isNewline).first { $0.contains("account-not-in-hr") })
        #expect(!other.contains("waived"), "\(other)")
    }

    @Test func aGroupWithAnAccountRuleAndAnEmptyGroupWithAGroupRuleAreUsageErrors() throws {
        let lwgov = try LWGovBinary()
        defer { lwgov.cleanUp() }
        let common = ["--db", "s.sqlite", "--until", "2031-12-31", "--reason", "r", "--by", "b"]
        let account = try lwgov.run(["waive", "--rule", "retired-account-active", "--group", "g-1", "--subject", "u-3"] + common)
        #expect(account.status == 64)
        #expect(account.stderr.contains("--group ''"), "\(account.stderr)")
        let group = try lwgov.run(["waive", "--rule", "single-master", "--group", ""] + common)
        #expect(group.status == 64, "\(group.stderr)")
        #expect(try lwgov.run("waivers", "--db", "s.sqlite").stdout.contains("no waivers"))
    }

    @Test func badHROptionsAreUsageErrorsAndABadHRKeyIsAConfigurationError() throws {
        let lwgov = try LWGovBinary()
        defer { lwgov.cleanUp() }
        let input = try rosterInput(lwgov)
        let encoding = try lwgov.run("extract", "--from", input, "--db", "s.sqlite", "--hr-encoding", "bogus")
        #expect(encoding.status == 64, "\(encoding.stderr)")
        #expect(encoding.stderr.contains("bogus"))
        let matchBy = try lwgov.run("extract", "--from", input, "--db", "s.sqlite", "--hr-match-by", "name")
        #expect(matchBy.status == 64, "\(matchBy.stderr)")
        try Data("[hr]\nencoding = \"latin1\"\n".utf8).write(to: URL(fileURLWithPath: lwgov.path("lwgov.toml")))
        let config = try lwgov.run("extract", "--from", input, "--db", "s.sqlite", "--config", "lwgov.toml")
        #expect(config.status == 78, "\(config.stderr)")
        #expect(config.stderr.contains("hr.encoding"), "\(config.stderr)")
        // Nothing was stored by any of them.
        if FileManager.default.fileExists(atPath: lwgov.path("s.sqlite")) {
            let status = try lwgov.run("status", "--db", "s.sqlite").stdout
            #expect(status.contains("snapshots: 0"), "\(status)")
        }
    }
}
