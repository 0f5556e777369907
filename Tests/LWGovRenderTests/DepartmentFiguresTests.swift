import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Logging
import LWGovAnalysis
import LWGovModel
@testable import LWGovRender
import LWGovReport
import LWGovStore
import Testing

private let tokyo = CivilTime(identifier: "Asia/Tokyo")!

/// `PeriodReport.figures(for:)` is the one place the per-department counts come from; the
/// overview table, overview.xml, the workbook's 概要 sheet and the bot message read them there.
struct DepartmentFiguresTests {
    /// RemediationCity's June with 庶務's single-master finding (overdue since May) waived.
    private func juneWithAWaiver() throws -> (report: PeriodReport, renderer: StoreRenderer) {
        let (store, _) = try RemediationCity.store()
        _ = try store.addWaiver(rule: .singleMaster, groupId: "g-2", subject: nil, until: "2026-12-31", reason: "移行中", grantedBy: "ＤＸ推進課")
        let june = try store.analysedSnapshot(id: nil, period: "2026-06")
        _ = try Analyzer(store: store, settings: AnalysisSettings(civilTime: tokyo), logger: Logger(label: "t")).analyze(snapshotId: june.id)
        let r = StoreRenderer(store: store, templates: try TemplateSet.load(overrideDirectory: nil), now: { tokyo.parseTimestamp("2026-06-01T10:00:00+09:00")! })
        return (try r.report(try store.analysedSnapshot(id: nil, period: "2026-06")), r)
    }

    @Test("A waived finding counts as waived, never as open or overdue; accounts, overdue and the oldest come from the open ones")
    func waivedIsNotOpen() throws {
        let (report, _) = try juneWithAWaiver()
        let soumu = report.figures(for: "soumu")
        let waivedKey = FindingKey(rule: .singleMaster, groupId: "g-2", subject: "")
        let waived = try #require(soumu.findings.first { $0.key == waivedKey })
        #expect(waived.status == .waived)
        #expect(waived.deadline == nil)
        let open = soumu.findings.filter { $0.key != waivedKey }
        #expect(open.allSatisfy { $0.status.isOpen })
        #expect(soumu.counts.waived == 1)
        #expect(soumu.open == soumu.findings.count - 1)
        #expect(soumu.openByRule[.singleMaster] == nil)
        #expect(soumu.openByRule.values.reduce(0, +) == soumu.open)
        // The hostile-named groups and the account were due in May: overdue in June; the
        // waived finding was overdue too and is no longer counted.
        #expect(soumu.overdue == open.count { $0.deadline?.overdue == true })
        #expect(soumu.overdue >= 2)
        #expect(soumu.accounts == 1)
        #expect(soumu.oldestOpenDays == open.map(report.ageDays).max())
        #expect(soumu.oldestOpenDays == 61)  // first seen 2026-04-01 06:00, June's snapshot 2026-06-01 06:00

        // A department with only a compliant group: nothing open, no oldest.
        let dx = report.figures(for: "dx")
        #expect(dx.groups == 1)
        #expect(dx.open == 0 && dx.overdue == 0 && dx.oldestOpenDays == nil)
        // "" is the findings without a department (none here; SampleData's May has two, which
        // the golden overview's 所属不明 row shows), and never a department in the list.
        #expect(report.figures(for: "").findings.map(\.key) == report.findings.filter { $0.finding.departments.isEmpty }.map(\.key))
        #expect(!report.reportedDepartments.contains { $0.id.isEmpty })
    }

    @Test("overview.xml's department rows carry exactly the figures")
    func overviewXMLAgrees() throws {
        let (report, r) = try juneWithAWaiver()
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("lwgov-figures-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        _ = try Renderer(templates: r.templates, logger: r.logger).render(report, to: out.path)
        let doc = try XMLDocument(data: try Data(contentsOf: out.appendingPathComponent("2026-06/overview.xml")))
        let rows = try doc.nodes(forXPath: "//*[local-name()='departments']/*[local-name()='department']").compactMap { $0 as? XMLElement }.map { element in
            Dictionary(uniqueKeysWithValues: (element.attributes ?? []).map { ($0.name ?? "", $0.stringValue ?? "") })
        }
        #expect(rows.map { $0["id"] } == report.reportedDepartments.map(\.id))
        for row in rows {
            func attribute(_ name: String) -> String? { row[name] }
            let figures = report.figures(for: attribute("id") ?? "")
            #expect(attribute("groups") == String(figures.groups))
            #expect(attribute("groupsWithFindings") == String(figures.groupsWithFindings))
            #expect(attribute("new") == String(figures.counts.new))
            #expect(attribute("open") == String(figures.counts.continuing))
            #expect(attribute("waived") == String(figures.counts.waived))
            #expect(attribute("resolved") == String(figures.counts.resolved))
            #expect(attribute("oldestOpenDays") == figures.oldestOpenDays.map(String.init))
        }
        #expect(rows.contains { $0["waived"] == "1" })
    }
}
