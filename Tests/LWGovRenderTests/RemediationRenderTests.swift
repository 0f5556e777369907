import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Logging
import LWGovAnalysis
@testable import LWGovExtract
import LWGovModel
@testable import LWGovRender
import LWGovStore
import Testing
@testable import LWGovReport

private let tokyo = CivilTime(identifier: "Asia/Tokyo")!
private func at(_ text: String) -> Date { tokyo.parseTimestamp(text)! }

/// A city with a roster and due dates (SPEC 3.5, 3.6), analysed on 4/1, 5/1 and 6/1:
/// - 総務課 (soumu): g-1 private since 4/1 (high; planned in June to 6/30), g-2 one master since
///   4/1 (medium, due 5/1: overdue in June), four private groups with hostile names (high,
///   overdue), and from 6/1 g-3 private (high, due 6/15: not overdue).
/// - ＤＸ推進課 (dx): a compliant group.
/// - Accounts: r retired on 3/31 with an active account (retired-account-active) until May, when
///   the account is deleted (resolved); x, with a hostile name, is not in the roster
///   (account-not-in-hr, low).
enum RemediationCity {
    static let hostileGroups = [
        ("g-h1", "=HYPERLINK(\"http://x\",\"y\")"), ("g-h2", "+1-2"), ("g-h3", "@SUM(A1)"), ("g-h4", "会議\u{01}室\u{1B}"),
    ]
    static let hostileLast = "=cmd|' /C calc'!A0"
    static let hostileFirst = "<script>alert(1)</script>\n次の行"
    static let planNote = "担当者会議で公開に変更"
    static let planBy = "総務課 翠川 A 課長"

    static func snapshot(_ time: String, retiredDeleted: Bool, newGroup: Bool) -> DirectorySnapshot {
        let units = [
            OrgUnit(id: "bu", name: "総務部", externalKey: "K-bu"), OrgUnit(id: "soumu", name: "総務課", parentId: "bu", displayOrder: 1, externalKey: "K-soumu"),
            OrgUnit(id: "dx", name: "ＤＸ推進課", parentId: "bu", displayOrder: 2, externalKey: "K-dx"),
        ]
        func user(_ id: String, _ unit: String, _ position: String = "主事", manager: Bool = false, last: String = "翠川", first: String? = nil, deleted: Bool = false) -> User {
            var user = User(
                id: id, lastName: last, firstName: first ?? id.uppercased(), isDeleted: deleted,
                entries: [OrgEntry(orgUnitId: unit, positionName: position, isManager: manager, isPrimary: true)]
            )
            user.employeeNumber = "E-\(id)"
            return user
        }
        let users = [
            user("a", "soumu", "課長", manager: true), user("b", "soumu"), user("c", "dx", "課長", manager: true), user("d", "dx"),
            user("r", "soumu", deleted: retiredDeleted), user("x", "soumu", last: hostileLast, first: hostileFirst),
        ]
        let roster = Roster(entries: [
            RosterEntry(employeeNumber: "E-a", status: .active, orgUnitCode: "K-soumu"),
            RosterEntry(employeeNumber: "E-b", status: .active, orgUnitCode: "K-soumu"),
            RosterEntry(employeeNumber: "E-c", status: .active, orgUnitCode: "K-dx"),
            RosterEntry(employeeNumber: "E-d", status: .active, orgUnitCode: "K-dx"),
            RosterEntry(employeeNumber: "E-r", status: .retired, orgUnitCode: "K-soumu", effectiveDate: "2026-03-31", name: "翠川 R"),
        ])
        func group(_ id: String, _ name: String, visible: Bool = false, masters: [String] = ["a", "b"]) -> Group {
            Group(id: id, name: name, visible: visible, administrators: masters, members: [GroupMember(id: "a", type: .user), GroupMember(id: "b", type: .user)])
        }
        var groups = [
            group("g-1", "文書管理"), group("g-2", "庶務", visible: true, masters: ["a"]),
            Group(id: "g-dx", name: "ＤＸ推進課 連絡", administrators: ["c", "d"], members: [GroupMember(id: "c", type: .user), GroupMember(id: "d", type: .user)]),
        ]
        groups += hostileGroups.map { group($0.0, $0.1) }
        if newGroup { groups.append(group("g-3", "新しい部屋")) }
        return DirectorySnapshot(takenAt: at(time), orgUnits: units, users: users, groups: groups, roster: roster)
    }

    /// The store analysed through June, with the plan for g-1 made after June's analysis.
    static func store() throws -> (Store, planId: Int64) {
        let store = try Store.inMemory()
        let settings = AnalysisSettings(civilTime: tokyo)
        let analyzer = Analyzer(store: store, settings: settings, logger: Logger(label: "t"))
        for (time, deleted, new) in [
            ("2026-04-01T06:00:00+09:00", false, false), ("2026-05-01T06:00:00+09:00", true, false), ("2026-06-01T06:00:00+09:00", true, true),
        ] {
            _ = try store.store(snapshot(time, retiredDeleted: deleted, newGroup: new), source: "test", options: StoreOptions(departmentLevel: 2, civilTime: tokyo))
            _ = try analyzer.analyzePending()
        }
        let plan = try RemediationPlans(store: store, settings: settings).plan(
            FindingKey(rule: .notPublic, groupId: "g-1", subject: ""), due: "2026-06-30", note: planNote, by: planBy, at: at("2026-06-01T09:00:00+09:00")
        )
        return (store, plan.id)
    }

    /// May and June rendered into a scratch folder.
    static func rendered() throws -> (out: URL, store: Store, planId: Int64, renderer: StoreRenderer) {
        let (store, planId) = try store()
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("lwgov-remediation-\(UUID().uuidString)")
        let r = StoreRenderer(store: store, templates: try TemplateSet.load(overrideDirectory: nil), now: { at("2026-06-01T10:00:00+09:00") })
        for period in ["2026-05", "2026-06"] {
            _ = try r.render(snapshot: try store.analysedSnapshot(id: nil, period: period), to: out.path)
        }
        return (out, store, planId, r)
    }
}

/// The rows of a findings.csv (BOM dropped), read by lwgov's own RFC 4180 reader.
private func csvRows(_ data: Data) throws -> [[String]] {
    let text = String(decoding: data, as: UTF8.self)
    return try CSVReader.records(text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text).map(\.fields)
}

/// Attributes of the elements an XPath finds.
private func attributes(_ document: XMLDocument, _ xpath: String) throws -> [[String: String]] {
    try document.nodes(forXPath: xpath).compactMap { $0 as? XMLElement }.map { element in
        Dictionary(uniqueKeysWithValues: (element.attributes ?? []).map { ($0.name ?? "", $0.stringValue ?? "") })
    }
}

@Suite(.serialized) struct RemediationReportTests {
    @Test("overview.xml and a department XML validate and carry accounts, due, overdue and the plan")
    func xml() throws {
        let (out, _, planId, r) = try RemediationCity.rendered()
        defer { try? FileManager.default.removeItem(at: out) }
        let validator = try XMLSchemaValidator(path: r.templates.schemaPath)
        for period in ["2026-05", "2026-06"] {
            for name in ["overview.xml", "departments/soumu.xml", "departments/dx.xml"] {
                let data = try Data(contentsOf: out.appendingPathComponent("\(period)/\(name)"))
                #expect(validator.problem(in: data, name: name) == nil, "\(period)/\(name)")
            }
        }
        for name in ["overview.xml", "departments/soumu.xml"] {
            let doc = try XMLDocument(data: try Data(contentsOf: out.appendingPathComponent("2026-06/\(name)")))
            let accounts = try attributes(doc, "//*[local-name()='accounts']/*[local-name()='account']")
            #expect(accounts.map { $0["userId"] } == ["x"], "\(name)")
            let account = try #require(accounts.first)
            #expect(account["employeeNumber"] == "E-x")
            #expect(account["department"] == "soumu")
            #expect(account["name"]?.hasPrefix("=cmd|' /C calc'!A0 <script>alert(1)</script>") == true, "\(account)")
            let accountFindings = try attributes(doc, "//*[local-name()='account']/*[local-name()='finding']")
            #expect(accountFindings.map { $0["rule"] } == ["account-not-in-hr"])
            #expect(accountFindings.first?["subject"] == "x")
            #expect(accountFindings.first?["due"] == "2026-05-31")
            #expect(accountFindings.first?["overdue"] == "true")

            // Open findings carry due and overdue; the planned one has a <plan/>.
            let findings = try attributes(doc, "//*[local-name()='group']/*[local-name()='finding']")
            func finding(_ group: String, _ rule: String) -> [String: String]? {
                findings.first { $0["key"] == "\(rule) \(group) " }
            }
            #expect(finding("g-2", "single-master")?["due"] == "2026-05-01")
            #expect(finding("g-2", "single-master")?["overdue"] == "true")
            #expect(finding("g-3", "not-public")?["due"] == "2026-06-15")
            #expect(finding("g-3", "not-public")?["overdue"] == "false")
            #expect(finding("g-1", "not-public")?["due"] == "2026-06-30")
            #expect(finding("g-1", "not-public")?["overdue"] == "false")
            #expect(findings.allSatisfy { $0["due"] != nil && $0["overdue"] != nil }, "\(name)")
            let plans = try attributes(doc, "//*[local-name()='finding']/*[local-name()='plan']")
            #expect(plans.count == 1, "\(name)")
            #expect(plans.first?["id"] == String(planId))
            #expect(plans.first?["due"] == "2026-06-30")
            #expect(plans.first?["by"] == RemediationCity.planBy)
            #expect(plans.first?["note"] == RemediationCity.planNote)
            let planned = try attributes(doc, "//*[local-name()='finding'][*[local-name()='plan']]")
            #expect(planned.map { $0["key"] } == ["not-public g-1 "], "\(name)")
        }

        // May: the retiree's account was deleted; the finding is resolved, with no group.
        for name in ["overview.xml", "departments/soumu.xml"] {
            let doc = try XMLDocument(data: try Data(contentsOf: out.appendingPathComponent("2026-05/\(name)")))
            let resolved = try attributes(doc, "//*[local-name()='resolved']/*[local-name()='finding']")
            let retired = try #require(resolved.first { $0["rule"] == "retired-account-active" }, "\(name): \(resolved)")
            #expect(retired["group"] == "")
            #expect(retired["subject"] == "r")
            #expect(retired["resolvedAt"] == "2026-05-01T06:00:00+09:00")
        }
    }

    @Test("The department HTML: 職員アカウント, hostile names escaped, the overdue finding before a higher severity one, 期限超過")
    func departmentHTML() throws {
        let (out, _, _, _) = try RemediationCity.rendered()
        defer { try? FileManager.default.removeItem(at: out) }
        let html = try String(contentsOf: out.appendingPathComponent("2026-06/departments/soumu.html"), encoding: .utf8)
        #expect(html.contains("<h2>職員アカウント（1件）</h2>"))
        #expect(!html.contains("<script"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(!html.contains("\u{01}") && !html.contains("\u{1B}"))
        // g-2 (medium, overdue) comes before g-3 (high, not overdue).
        let overdue = try #require(html.range(of: "<h3>庶務</h3>"))
        let fresh = try #require(html.range(of: "<h3>新しい部屋</h3>"))
        #expect(overdue.lowerBound < fresh.lowerBound)
        #expect(html.contains("<span class=\"badge overdue\">期限超過</span>"))
        #expect(html.contains("期限超過 2026-05-01（31日超過）"), "the overdue finding names its date")
        #expect(html.contains("対応期限 2026-06-15"))
        #expect(html.contains("対応予定 #"))
        #expect(html.contains(RemediationCity.planNote))

        let overview = try String(contentsOf: out.appendingPathComponent("2026-06/index.html"), encoding: .utf8)
        #expect(overview.contains("アカウント管理"))
        #expect(!overview.contains("<script"))
        #expect(!overview.contains("この期は人事データが提供されていないため"))
    }

    @Test("Without a roster the overview says the accounts were not compared")
    func overviewWithoutRoster() throws {
        let store = try analysedStore()
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("lwgov-noroster-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        let r = try renderer(store)
        _ = try r.render(snapshot: try store.analysedSnapshot(id: nil, period: nil), to: out.path)
        let overview = try String(contentsOf: out.appendingPathComponent("2026-04/index.html"), encoding: .utf8)
        #expect(overview.contains("アカウント管理"))
        #expect(overview.contains("この期は人事データが提供されていないため、アカウントを照合していません。"))
    }

    @Test("findings.csv defuses a hostile account name and carries due, overdue and the plan")
    func csv() throws {
        let (out, _, _, _) = try RemediationCity.rendered()
        defer { try? FileManager.default.removeItem(at: out) }
        let rows = try csvRows(try Data(contentsOf: out.appendingPathComponent("2026-06/findings.csv")))
        #expect(rows.first?.suffix(3) == ["対応期限", "期限超過", "対応予定"])
        let account = try #require(rows.first { $0.count == 20 && $0[5] == "account-not-in-hr" })
        #expect(account[15].hasPrefix("'=cmd"), "\(account[15])")
        #expect(account[15].contains("<script>"))
        #expect(account[16] == "E-x")
        for row in rows.dropFirst() { #expect(row.count == 20, "\(row)") }
        let single = try #require(rows.first { $0.count == 20 && $0[2] == "g-2" })
        #expect(single[17] == "2026-05-01" && single[18] == "期限超過")
        let planned = try #require(rows.first { $0.count == 20 && $0[2] == "g-1" })
        #expect(planned[17] == "2026-06-30" && planned[18] == "")
        #expect(planned[19] == "\(RemediationCity.planNote)（2026-06-30 まで・\(RemediationCity.planBy)）")
        // Hostile group names: defused, never read as formulas.
        for (id, _) in RemediationCity.hostileGroups.prefix(3) {
            let row = try #require(rows.first { $0.count == 20 && $0[2] == id })
            #expect(row[3].hasPrefix("'"), "\(row[3])")
        }
    }

    @Test("A plan shown at once keeps the trend's overdue count equal to the findings' (newest period)")
    func trendOverdueFollowsAPlan() throws {
        let (store, planId) = try RemediationCity.store()
        let snapshot = try store.analysedSnapshot(id: nil, period: "2026-06")
        func check(_ label: String) throws -> Int {
            let report = try PeriodReport.load(
                store: store, snapshot: snapshot, organizationName: "翠川市", responsibleSection: "ＤＸ推進課", civilTime: tokyo, generatedAt: Date()
            )
            let overdue = report.findings.filter { $0.deadline?.overdue == true }.count
            #expect(report.trend.last?.period == "2026-06")
            #expect(report.trend.last?.overdue == overdue, "\(label)")
            return overdue
        }
        // The plan lifted g-1's overdue (due 4/15) to 6/30.
        let planned = try check("after plan")
        try RemediationPlans(store: store, settings: AnalysisSettings(civilTime: tokyo)).unplan(id: planId, at: at("2026-06-02T09:00:00+09:00"))
        #expect(try check("after unplan") == planned + 1)
    }
}

/// findings.xlsx read back with openpyxl (issue 19).
@Suite(.serialized) struct WorkbookReadBackTests {
    /// openpyxl's view of the workbook, as JSON.
    private static let script = #"""
        import json, sys, datetime, openpyxl
        wb = openpyxl.load_workbook(sys.argv[1])
        def value(v):
            if isinstance(v, datetime.datetime): return v.date().isoformat()
            if isinstance(v, datetime.date): return v.isoformat()
            return v
        def cells(ws):
            rows = []
            for row in ws.iter_rows():
                rows.append([{"v": value(c.value), "t": c.data_type,
                              "fill": c.fill.fgColor.rgb if c.fill is not None and c.fill.fill_type == "solid" else None,
                              "link": c.hyperlink.target if c.hyperlink is not None else None} for c in row])
            return rows
        out = {"sheets": wb.sheetnames}
        for ws in wb.worksheets:
            out[ws.title] = {"filter": ws.auto_filter.ref, "freeze": ws.freeze_panes, "rows": cells(ws)}
        print(json.dumps(out, ensure_ascii=False, default=str))
        """#

    struct Cell {
        var value: Any?
        var type: String
        var fill: String?
        var link: String?
        var text: String? { value as? String }
    }

    struct Sheet {
        var filter: String?
        var freeze: String?
        var rows: [[Cell]]
    }

    /// Reads the workbook with openpyxl (python3 on PATH, else /usr/bin/python3).
    static func read(_ path: String) throws -> (names: [String], sheets: [String: Sheet]) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lwgov-xlsx-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let scriptURL = dir.appendingPathComponent("read.py"), outURL = dir.appendingPathComponent("out.json"), errURL = dir.appendingPathComponent("err")
        try Data(script.utf8).write(to: scriptURL)
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        var status: Int32 = -1
        for launcher in [["/usr/bin/env", "python3"], ["/usr/bin/python3"]] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: launcher[0])
            process.arguments = Array(launcher.dropFirst()) + [scriptURL.path, path]
            let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
            try out.truncate(atOffset: 0)
            try err.truncate(atOffset: 0)
            process.standardOutput = out
            process.standardError = err
            try process.run()
            process.waitUntilExit()
            try out.close()
            try err.close()
            status = process.terminationStatus
            if status == 0 { break }
        }
        guard status == 0 else {
            throw RenderError(.internal, "openpyxl could not read \(path): \(String(decoding: try Data(contentsOf: errURL), as: UTF8.self))")
        }
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: outURL)) as? [String: Any])
        let names = json["sheets"] as? [String] ?? []
        var sheets: [String: Sheet] = [:]
        for name in names {
            let sheet = json[name] as? [String: Any] ?? [:]
            let rows = (sheet["rows"] as? [[[String: Any]]] ?? []).map { row in
                row.map { cell in
                    Cell(
                        value: cell["v"] is NSNull ? nil : cell["v"], type: cell["t"] as? String ?? "", fill: cell["fill"] as? String,
                        link: cell["link"] as? String
                    )
                }
            }
            sheets[name] = Sheet(filter: sheet["filter"] as? String, freeze: sheet["freeze"] as? String, rows: rows)
        }
        return (names, sheets)
    }

    @Test("Sheets, header, filter, frozen header, overdue fill, the report link, and hostile names as text")
    func readBack() throws {
        let (out, _, _, _) = try RemediationCity.rendered()
        defer { try? FileManager.default.removeItem(at: out) }
        let path = out.appendingPathComponent("2026-06/findings.xlsx").path
        let (names, sheets) = try Self.read(path)
        #expect(names == ["概要", "指摘一覧", "例外承認", "対応予定"])
        let list = try #require(sheets["指摘一覧"])
        let header = list.rows.first?.map(\.text) ?? []
        #expect(header == [
            "部署", "部署ID", "グループID", "グループ・職員", "ルール", "ルールID", "重要度", "状態", "初回検出（和暦）", "初回検出", "対応期限",
            "期限超過", "超過日数", "対応予定", "対象", "内容", "対応", "報告書",
        ])
        let findings = list.rows.count - 1
        #expect(findings > 5)
        #expect(list.filter == "A1:R\(findings + 1)")
        #expect(list.freeze == "A2")
        for name in names { #expect(sheets[name]?.freeze == "A2", "\(name)") }

        // No cell anywhere is a formula.
        for name in names {
            for row in sheets[name]?.rows ?? [] { #expect(!row.contains { $0.type == "f" }, "\(name): \(row.map(\.value))") }
        }
        let body = Array(list.rows.dropFirst())
        func row(_ group: String, _ rule: String) throws -> [Cell] {
            try #require(body.first { $0.count > 5 && ($0[2].text ?? "") == group && $0[5].text == rule }, "\(group) \(rule)")
        }
        // The overdue row is filled, the others not.
        let late = try row("g-2", "single-master")
        #expect(late[11].text == "期限超過")
        #expect(late[10].value as? String == "2026-05-01")
        #expect(late.prefix(17).allSatisfy { $0.fill?.uppercased().hasSuffix("FADBD8") == true }, "\(late.map(\.fill))")
        let onTime = try row("g-3", "not-public")
        #expect(onTime[11].value == nil)
        #expect(onTime.allSatisfy { $0.fill?.uppercased().hasSuffix("FADBD8") != true })
        // The link to the department report.
        #expect(late[17].text == "報告書")
        #expect(late[17].link?.replacingOccurrences(of: "\\", with: "/") == "departments/soumu.html", "\(late[17].link ?? "nil")")
        // The plan's text.
        let planned = try row("g-1", "not-public")
        #expect(planned[13].text == "\(RemediationCity.planNote)（2026-06-30 まで・\(RemediationCity.planBy)）")
        #expect(try #require(sheets["対応予定"]).rows.count == 2)

        // Hostile group names arrive as text, unchanged but for control characters.
        for (id, name) in RemediationCity.hostileGroups {
            let cell = try row(id, "not-public")[3]
            #expect(cell.type == "s", "\(id): \(cell.type)")
            #expect(cell.text == name.replacingOccurrences(of: "\u{01}", with: "").replacingOccurrences(of: "\u{1B}", with: ""), "\(id)")
        }
        let account = try row("", "account-not-in-hr")
        #expect(account[3].type == "s")
        #expect(account[3].text?.hasPrefix("職員 =cmd|' /C calc'!A0") == true, "\(account[3].value ?? "nil")")
    }

    @Test("指摘一覧 converted to rows gives the same findings as findings.csv")
    func sameAsCSV() throws {
        let (out, _, _, _) = try RemediationCity.rendered()
        defer { try? FileManager.default.removeItem(at: out) }
        for period in ["2026-05", "2026-06"] {
            let (_, sheets) = try Self.read(out.appendingPathComponent("\(period)/findings.xlsx").path)
            let list = try #require(sheets["指摘一覧"])
            func text(_ cell: Cell?) -> String {
                switch cell?.value {
                case let s as String: s
                case let n as NSNumber: n.stringValue
                default: ""
                }
            }
            let fromXLSX = list.rows.dropFirst().map { r in
                [1, 2, 5, 14, 7, 9, 10, 11].map { text($0 < r.count ? r[$0] : nil) }
            }
            let csv = try csvRows(try Data(contentsOf: out.appendingPathComponent("\(period)/findings.csv")))
            let fromCSV = csv.dropFirst().map { r in [r[1], r[2], r[5], r[9], r[7], r[10], r[17], r[18]] }
            #expect(fromXLSX.count == fromCSV.count, "\(period)")
            #expect(fromXLSX == fromCSV, "\(period)")
            #expect(!fromCSV.isEmpty)
        }
    }

    @Test("The workbook is published with the period, and a failed render leaves none behind")
    func publishedWithThePeriod() throws {
        let (store, _) = try RemediationCity.store()
        let r = StoreRenderer(store: store, templates: try TemplateSet.load(overrideDirectory: nil), now: { at("2026-06-01T10:00:00+09:00") })
        let snapshot = try store.analysedSnapshot(id: nil, period: "2026-06")
        let templates = FileManager.default.temporaryDirectory.appendingPathComponent("lwgov-xsd-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: templates, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: templates) }
        try Data("<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\" targetNamespace=\"urn:lwgov:report:1\"><xs:element name=\"other\"/></xs:schema>".utf8)
            .write(to: templates.appendingPathComponent("report.xsd"))
        let broken = StoreRenderer(store: store, templates: try TemplateSet.load(overrideDirectory: templates.path), now: r.now)

        // A first render that fails: no period, no workbook, nothing staged left.
        let fresh = FileManager.default.temporaryDirectory.appendingPathComponent("lwgov-xlsx-out-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: fresh) }
        #expect(throws: RenderError.self) { try broken.render(snapshot: snapshot, to: fresh.path) }
        let leftovers = (FileManager.default.subpaths(atPath: fresh.path) ?? [])
        #expect(leftovers.isEmpty, "\(leftovers)")

        // A render that works: the workbook is in the period folder.
        _ = try r.render(snapshot: snapshot, to: fresh.path)
        let workbook = fresh.appendingPathComponent("2026-06/findings.xlsx")
        let before = try Data(contentsOf: workbook)
        #expect(before.prefix(2) == Data("PK".utf8))
        // A failing re-render keeps it as it was and leaves no other workbook.
        #expect(throws: RenderError.self) { try broken.render(snapshot: snapshot, to: fresh.path) }
        #expect(try Data(contentsOf: workbook) == before)
        let workbooks = (FileManager.default.subpaths(atPath: fresh.path) ?? []).filter { $0.hasSuffix(".xlsx") }
        #expect(workbooks == ["2026-06/findings.xlsx"])
    }
}
