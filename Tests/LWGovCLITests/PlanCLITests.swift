import Foundation
@testable import LWGovExtract
import Testing

/// Remediation plans on the command line (SPEC 3.6): plan / plans / unplan and their exit codes,
/// and the `[remediation]` keys refused as configuration errors.
@Suite(.serialized) struct PlanCLITests {
    /// The base fixture extracted and analysed into `s.sqlite`; returns the findings of its
    /// findings.csv as (rule id, group id, subject) of its group findings.
    private func analysed(_ lwgov: LWGovBinary) throws -> [(rule: String, group: String, subject: String)] {
        let extract = try lwgov.run(
            "extract", "--from", HostileCorpus.base.path, "--db", "s.sqlite", "--taken-at", "2026-10-01T06:00:00+09:00"
        )
        #expect(extract.status == 0, "\(extract.stderr)")
        let analyze = try lwgov.run("analyze", "--db", "s.sqlite")
        #expect(analyze.status == 0, "\(analyze.stderr)")
        let render = try lwgov.run("render", "--db", "s.sqlite", "--out", "out")
        #expect(render.status == 0, "\(render.stderr)")
        let csv = try String(contentsOfFile: lwgov.path("out/2026-10/findings.csv"), encoding: .utf8)
        return try csvRows(csv).dropFirst().filter { $0.count > 9 && !$0[2].isEmpty }.map { ($0[5], $0[2], $0[9]) }
    }

    @Test("plan records a plan (0) that plans lists; the next render shows its date")
    func planAndList() throws {
        let lwgov = try LWGovBinary()
        defer { lwgov.cleanUp() }
        let finding = try #require(try analysed(lwgov).first)
        var arguments = ["plan", "--db", "s.sqlite", "--rule", finding.rule, "--group", finding.group]
        if !finding.subject.isEmpty { arguments += ["--subject", finding.subject] }
        arguments += ["--due", "2031-03-31", "--note", "担当者会議で見直し", "--by", "総務課 山田 課長"]
        let plan = try lwgov.run(arguments)
        #expect(plan.status == 0, "\(plan.stderr)")
        #expect(plan.stdout.hasPrefix("plan #1: \(finding.rule) \(finding.group)"), "\(plan.stdout)")
        #expect(plan.stdout.contains("due 2031-03-31"))

        let plans = try lwgov.run("plans", "--db", "s.sqlite")
        #expect(plans.status == 0, "\(plans.stderr)")
        #expect(plans.stdout.contains("#1  \(finding.rule)  \(finding.group)"), "\(plans.stdout)")
        #expect(plans.stdout.contains("due 2031-03-31  by 総務課 山田 課長"), "\(plans.stdout)")
        #expect(plans.stdout.contains("担当者会議で見直し"))

        // Shown at once: the render after it carries the plan's date and text.
        #expect(try lwgov.run("render", "--db", "s.sqlite", "--out", "out").status == 0)
        let csv = try String(contentsOfFile: lwgov.path("out/2026-10/findings.csv"), encoding: .utf8)
        let row = try #require(try csvRows(csv).first { $0.count == 20 && $0[5] == finding.rule && $0[2] == finding.group && $0[9] == finding.subject })
        #expect(row[17] == "2031-03-31")
        #expect(row[19] == "担当者会議で見直し（2031-03-31 まで・総務課 山田 課長）", "\(row)")
    }

    @Test("A plan for a finding that is not there exits 64 with one line naming it; unplan of an unknown id exits 64")
    func refusals() throws {
        let lwgov = try LWGovBinary()
        defer { lwgov.cleanUp() }
        _ = try analysed(lwgov)
        let missing = try lwgov.run(
            "plan", "--db", "s.sqlite", "--rule", "single-master", "--group", "g-nope", "--due", "2031-03-31", "--note", "n", "--by", "b"
        )
        #expect(missing.status == 64, "\(missing.stderr)")
        let lines = missing.stderr.split(whereSeparator: \.isNewline)
        #expect(lines.count == 1, "\(missing.stderr)")
        #expect(missing.stderr.contains("single-master") && missing.stderr.contains("g-nope"), "\(missing.stderr)")

        let unplan = try lwgov.run("unplan", "--db", "s.sqlite", "999")
        #expect(unplan.status == 64, "\(unplan.stderr)")
        #expect(unplan.stderr.split(whereSeparator: \.isNewline).count == 1, "\(unplan.stderr)")
        #expect(unplan.stderr.contains("999"))
        #expect(try lwgov.run("plans", "--db", "s.sqlite", "--all").stdout.contains("no plans"))
    }

    @Test("unplan ends a plan: plans no longer lists it, plans --all shows it ended")
    func unplanAndAll() throws {
        let lwgov = try LWGovBinary()
        defer { lwgov.cleanUp() }
        let finding = try #require(try analysed(lwgov).first)
        var arguments = ["plan", "--db", "s.sqlite", "--rule", finding.rule, "--group", finding.group]
        if !finding.subject.isEmpty { arguments += ["--subject", finding.subject] }
        #expect(try lwgov.run(arguments + ["--due", "2031-03-31", "--note", "一回目", "--by", "b"]).status == 0)
        // A second plan replaces the first.
        #expect(try lwgov.run(arguments + ["--due", "2031-04-30", "--note", "二回目", "--by", "b"]).status == 0)
        let unplan = try lwgov.run("unplan", "--db", "s.sqlite", "2")
        #expect(unplan.status == 0, "\(unplan.stderr)")
        #expect(try lwgov.run("plans", "--db", "s.sqlite").stdout.contains("no plans"))
        let all = try lwgov.run("plans", "--db", "s.sqlite", "--all").stdout
        let lines = all.split(whereSeparator: \.isNewline)
        #expect(lines.count == 2, "\(all)")
        #expect(lines.first { $0.hasPrefix("#2 ") }?.contains("(unplanned)") == true, "\(all)")
        #expect(lines.first { $0.hasPrefix("#1 ") }?.contains("(replaced)") == true, "\(all)")
        #expect(all.contains("ENDED"))
        // Ended already: 64.
        #expect(try lwgov.run("unplan", "--db", "s.sqlite", "2").status == 64)
    }

    @Test("[remediation] due_days = { high = 0 } and an unknown key under due_days are configuration errors (78) naming the key")
    func badRemediationKeys() throws {
        let lwgov = try LWGovBinary()
        defer { lwgov.cleanUp() }
        for (toml, named) in [
            ("[remediation]\ndue_days = { high = 0 }\n", "remediation.due_days.high"),
            ("[remediation]\ndue_days = { urgent = 3 }\n", "remediation.due_days.urgent"),
            ("[remediation]\ndue_days = { high = 7, medium = 4000 }\n", "remediation.due_days.medium"),
        ] {
            try Data(toml.utf8).write(to: URL(fileURLWithPath: lwgov.path("lwgov.toml")))
            let r = try lwgov.run("plans", "--db", "s.sqlite", "--config", "lwgov.toml")
            #expect(r.status == 78, "\(toml): \(r.stderr)")
            #expect(r.stderr.contains(named), "\(toml): \(r.stderr)")
            #expect(r.stderr.split(whereSeparator: \.isNewline).count == 1, "\(r.stderr)")
        }
        // A valid one is accepted (the missing store is another matter).
        try Data("[remediation]\ndue_days = { high = 7 }\nescalate_after_days = 10\n".utf8).write(to: URL(fileURLWithPath: lwgov.path("lwgov.toml")))
        let ok = try lwgov.run("plans", "--db", "s.sqlite", "--config", "lwgov.toml")
        #expect(ok.status != 78, "\(ok.stderr)")
    }
}

/// The rows of findings.csv (BOM dropped), read by lwgov's own RFC 4180 reader.
func csvRows(_ text: String) throws -> [[String]] {
    try CSVReader.records(text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text).map(\.fields)
}
