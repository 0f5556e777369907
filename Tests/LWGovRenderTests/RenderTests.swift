import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Logging
import LWGovAnalysis
import LWGovModel
@testable import LWGovRender
import LWGovStore
import Testing
@testable import LWGovReport

private let tokyo = CivilTime(identifier: "Asia/Tokyo")!
private let hostileName = "<script>alert(1)</script> & \"quoted\" ]]> \u{01}end"

/// A two-department store: 総務課 has a hostile-named private group with one master; ＤＸ推進課
/// has a clean, compliant group (so its report has no findings).
func analysedStore() throws -> Store {
    let store = try Store.inMemory()
    let units = [
        OrgUnit(id: "bu", name: "総務部"), OrgUnit(id: "soumu", name: "総務課", parentId: "bu"),
        OrgUnit(id: "dx", name: "ＤＸ推進課", parentId: "bu"),
    ]
    func user(_ id: String, _ unit: String, _ position: String = "主事", manager: Bool = false) -> User {
        User(id: id, lastName: "翠川", firstName: id, entries: [OrgEntry(orgUnitId: unit, positionName: position, isManager: manager, isPrimary: true)])
    }
    let users = [user("a", "soumu", "課長", manager: true), user("b", "soumu"), user("c", "dx", "課長", manager: true), user("d", "dx")]
    let groups = [
        Group(id: "g-1", name: hostileName, visible: false, administrators: ["a"], members: [GroupMember(id: "a", type: .user), GroupMember(id: "b", type: .user)]),
        Group(id: "g-2", name: "ＤＸ推進課 連絡", administrators: ["c", "d"], members: [GroupMember(id: "c", type: .user), GroupMember(id: "d", type: .user)]),
    ]
    let snapshot = DirectorySnapshot(takenAt: tokyo.parseTimestamp("2026-04-01T06:00:00")!, orgUnits: units, users: users, groups: groups)
    _ = try store.store(snapshot, source: "test", options: StoreOptions(departmentLevel: 2, civilTime: tokyo))
    let settings = AnalysisSettings(civilTime: tokyo)
    _ = try Analyzer(store: store, settings: settings, logger: Logger(label: "t")).analyzePending()
    return store
}

func renderer(_ store: Store, templates: String? = nil) throws -> StoreRenderer {
    StoreRenderer(store: store, templates: try TemplateSet.load(overrideDirectory: templates), now: { tokyo.parseTimestamp("2026-04-01T07:00:00")! })
}

/// The period report of a stored snapshot, rendered, as the job does it (with the SPEC's
/// default organisation and an injected clock).
struct StoreRenderer {
    let store: Store
    let templates: TemplateSet
    var now: @Sendable () -> Date
    var logger = Logger(label: "t")

    func report(_ snapshot: SnapshotInfo) throws -> PeriodReport {
        try PeriodReport.load(
            store: store, snapshot: snapshot, organizationName: "翠川市", responsibleSection: "ＤＸ推進課", civilTime: tokyo, generatedAt: now()
        )
    }

    func render(snapshot: SnapshotInfo, to outputDirectory: String) throws -> RenderReport {
        try Renderer(templates: templates, logger: logger).render(try report(snapshot), to: outputDirectory)
    }
}

private func scratch() -> URL {
    FileManager.default.temporaryDirectory.appendingPathComponent("lwgov-render-\(UUID().uuidString)")
}

struct RenderTests {
    @Test func writesTheTreeAndEveryXMLValidates() throws {
        let store = try analysedStore()
        let out = scratch()
        defer { try? FileManager.default.removeItem(at: out) }
        let r = try renderer(store)
        let report = try r.render(snapshot: try r.store.analysedSnapshot(id: nil, period: nil), to: out.path)
        let period = out.appendingPathComponent("2026-04")
        #expect(report.index == period.appendingPathComponent("index.html").path)
        let files = Set(try FileManager.default.subpathsOfDirectory(atPath: period.path))
        #expect(files == [
            "index.html", "overview.xml", "findings.csv", "findings.xlsx", "departments",
            "departments/soumu.html", "departments/soumu.xml", "departments/dx.html", "departments/dx.xml",
        ])
        let validator = try XMLSchemaValidator(path: r.templates.schemaPath)
        for name in ["overview.xml", "departments/soumu.xml", "departments/dx.xml"] {
            let data = try Data(contentsOf: period.appendingPathComponent(name))
            #expect(validator.problem(in: data, name: name) == nil)
        }
        let overview = try String(contentsOf: period.appendingPathComponent("overview.xml"), encoding: .utf8)
        #expect(overview.contains("<report period=\"2026-04\" snapshotTakenAt=\"2026-04-01T06:00:00+09:00\" generatedAt=\"2026-04-01T07:00:00+09:00\" xmlns=\"urn:lwgov:report:1\">"))
        #expect(overview.contains("rule=\"not-public\""))
        #expect(overview.contains("rule=\"single-master\""))
        #expect(overview.contains("<departments>"))
    }

    @Test func validatorRejectsWhatTheContractForbids() throws {
        let validator = try XMLSchemaValidator(path: try TemplateSet.load().schemaPath)
        let bad = """
            <?xml version="1.0"?>
            <report xmlns="urn:lwgov:report:1" period="2026-04" snapshotTakenAt="2026-04-01T06:00:00+09:00" generatedAt="2026-04-01T06:00:00+09:00">
            <organization name="x"/><summary groups="1" groupsWithFindings="1" new="1" open="0" resolved="0" waived="0"/>
            <group id="g" name="n" visible="true" activeMasters="1" effectiveMembers="1">
            <finding rule="no-such-rule" subject="" severity="high" status="new" firstSeen="2026-04-01"><message/><remediation/></finding>
            </group><resolved/></report>
            """
        #expect(validator.problem(in: Data(bad.utf8), name: "bad.xml")?.contains("bad.xml") == true)
        #expect(validator.problem(in: Data("<report".utf8), name: "cut.xml") != nil)
    }

    @Test func hostileNamesAreInertInHTMLAndValidInXML() throws {
        let store = try analysedStore()
        let out = scratch()
        defer { try? FileManager.default.removeItem(at: out) }
        let r = try renderer(store)
        _ = try r.render(snapshot: try r.store.analysedSnapshot(id: nil, period: nil), to: out.path)
        let period = out.appendingPathComponent("2026-04")
        for name in ["index.html", "departments/soumu.html"] {
            let html = try String(contentsOf: period.appendingPathComponent(name), encoding: .utf8)
            #expect(!html.contains("<script"), "\(name) carries a live script tag")
            #expect(!html.contains("\u{01}"))
            if name.hasPrefix("departments") {
                #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quoted&quot; ]]&gt; end"))
            }
        }
        let xml = try Data(contentsOf: period.appendingPathComponent("departments/soumu.xml"))
        let text = String(decoding: xml, as: UTF8.self)
        #expect(!text.contains("\u{01}"))
        #expect(text.contains("name=\"&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quoted&quot; ]]&gt; end\""))
        // The name survives a round trip through an XML parser, minus the control character.
        let parsed = try XMLDocument(data: xml)
        let names = try parsed.nodes(forXPath: "//*[local-name()='group']/@name").map { $0.stringValue ?? "" }
        #expect(names == ["<script>alert(1)</script> & \"quoted\" ]]> end"])
    }

    @Test func csvOpensInExcel() throws {
        let store = try analysedStore()
        let out = scratch()
        defer { try? FileManager.default.removeItem(at: out) }
        let r = try renderer(store)
        _ = try r.render(snapshot: try r.store.analysedSnapshot(id: nil, period: nil), to: out.path)
        let data = try Data(contentsOf: out.appendingPathComponent("2026-04/findings.csv"))
        #expect(Array(data.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let text = String(decoding: data.dropFirst(3), as: UTF8.self)
        let lines = text.components(separatedBy: "\r\n")
        #expect(lines.last == "")
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        #expect(lines[0].hasPrefix("部署,部署ID,グループID,グループ名,ルール"))
        #expect(lines.count - 2 == 2)  // not-public and single-master of g-1
        #expect(text.contains("\"<script>alert(1)</script> & \"\"quoted\"\" ]]> end\""))
    }

    /// A formula hidden behind CR, LF, CR LF, a tab, spaces or a dropped control character is
    /// defused like a plain one: what the spreadsheet reads starts with `'`.
    @Test(arguments: ["", "\r", "\n", "\r\n", "\t", " ", "\r\r", "\u{01}", "\u{01}\r", " \n\t"])
    func csvDefusesFormulasBehindEveryPrefix(_ prefix: String) {
        // What a spreadsheet reads from a field: quotes removed, doubled quotes undone.
        func cell(_ field: String) -> String {
            guard field.hasPrefix("\"") && field.hasSuffix("\"") && field.count >= 2 else { return field }
            return String(field.dropFirst().dropLast()).replacingOccurrences(of: "\"\"", with: "\"")
        }
        for trigger in ["=", "+", "-", "@", "＝"] {
            let value = prefix + trigger + "HYPERLINK(\"http://example.invalid/\",\"x\")"
            let field = FindingsCSV.field(value)
            #expect(cell(field).hasPrefix("'"), "\(value.debugDescription) → \(field.debugDescription)")
            #expect(!field.unicodeScalars.contains("\r"), "a CR stays in \(field.debugDescription)")
        }
        // A plain name gets the quote only when a line break or tab leads it.
        let kept = prefix.unicodeScalars.filter { $0.value >= 0x20 || $0 == "\r" || $0 == "\n" || $0 == "\t" }
        let leadsWithBreak = kept.first.map { $0 == "\r" || $0 == "\n" || $0 == "\t" } ?? false
        #expect(cell(FindingsCSV.field(prefix + "総務課")).hasPrefix("'") == leadsWithBreak, "\(prefix.debugDescription)")
    }

    @Test func departmentWithoutFindingsGetsAShortFriendlyReport() throws {
        let store = try analysedStore()
        let out = scratch()
        defer { try? FileManager.default.removeItem(at: out) }
        let r = try renderer(store)
        _ = try r.render(snapshot: try r.store.analysedSnapshot(id: nil, period: nil), to: out.path)
        let html = try String(contentsOf: out.appendingPathComponent("2026-04/departments/dx.html"), encoding: .utf8)
        #expect(html.contains("<html lang=\"ja\">"))
        #expect(html.contains("指摘事項はありません"))
        #expect(html.contains("令和8年4月"))
        #expect(!html.contains("要対応のトークグループ"))
        let xml = try String(contentsOf: out.appendingPathComponent("2026-04/departments/dx.xml"), encoding: .utf8)
        #expect(xml.contains("groupsWithFindings=\"0\""))
    }

    @Test func rerenderReplacesThePeriodAndAFailedRenderLeavesTheOldOne() throws {
        let store = try analysedStore()
        let out = scratch()
        defer { try? FileManager.default.removeItem(at: out) }
        let r = try renderer(store)
        let snapshot = try r.store.analysedSnapshot(id: nil, period: "2026-04")
        _ = try r.render(snapshot: snapshot, to: out.path)
        let stray = out.appendingPathComponent("2026-04/departments/stray.html")
        try Data("old".utf8).write(to: stray)
        _ = try r.render(snapshot: snapshot, to: out.path)
        #expect(!FileManager.default.fileExists(atPath: stray.path), "re-rendering replaces the whole period")
        let before = try Data(contentsOf: out.appendingPathComponent("2026-04/overview.xml"))

        // A template override that breaks the schema: the render fails and publishes nothing.
        let templates = scratch()
        defer { try? FileManager.default.removeItem(at: templates) }
        try FileManager.default.createDirectory(at: templates, withIntermediateDirectories: true)
        try Data("<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\" targetNamespace=\"urn:lwgov:report:1\"><xs:element name=\"other\"/></xs:schema>".utf8)
            .write(to: templates.appendingPathComponent("report.xsd"))
        let broken = try renderer(store, templates: templates.path)
        #expect(throws: RenderError.self) { try broken.render(snapshot: snapshot, to: out.path) }
        #expect(try Data(contentsOf: out.appendingPathComponent("2026-04/overview.xml")) == before)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: out.path).filter { $0.hasPrefix(".") }
        #expect(leftovers.isEmpty)
    }

    @Test func templateOverrideChangesWording() throws {
        let store = try analysedStore()
        let out = scratch(), templates = scratch()
        defer { try? FileManager.default.removeItem(at: out); try? FileManager.default.removeItem(at: templates) }
        try FileManager.default.createDirectory(at: templates, withIntermediateDirectories: true)
        try Data("{{> header}}<p>独自の文面 {{department.name}}</p>{{> footer}}".utf8).write(to: templates.appendingPathComponent("department.mustache"))
        let r = try renderer(store, templates: templates.path)
        _ = try r.render(snapshot: try r.store.analysedSnapshot(id: nil, period: nil), to: out.path)
        let html = try String(contentsOf: out.appendingPathComponent("2026-04/departments/soumu.html"), encoding: .utf8)
        #expect(html.contains("独自の文面 総務課"))
    }

    @Test func xmlTextDropsWhatXML10CannotCarry() {
        #expect(XMLText.clean("a\u{0}b\u{1}c\u{1F}d\te\nf\u{FFFE}g") == "abcd\te\nfg")
        #expect(XMLText.clean("翠川市") == "翠川市")
        // The byte-level check agrees with the character-level rule: U+FFFF goes, U+FFFD and U+EFBF-like neighbours stay.
        #expect(XMLText.clean("x\u{FFFF}y\u{FFFD}z\u{FFBD}") == "xy\u{FFFD}z\u{FFBD}")
        #expect(XMLText.clean("\r\n\u{7F}\u{10FFFF}") == "\r\n\u{7F}\u{10FFFF}")
        for scalar in [0x00, 0x08, 0x0B, 0x1F, 0x20, 0x7F, 0xD7FF, 0xE000, 0xFFFD, 0xFFFE, 0xFFFF, 0x10000].compactMap(Unicode.Scalar.init) {
            #expect(XMLText.needsCleaning("a\(scalar)b") == !XMLText.allowed(scalar), "U+\(String(scalar.value, radix: 16))")
        }
    }
}

struct AtomicPublishTests {
    /// Guards against writing reports in place (a reader would catch truncated files). The
    /// microseconds a non-atomic folder swap would leave are too short to catch reliably;
    /// `ExchangeTests` checks the swap itself.
    @Test func aConcurrentReaderAlwaysSeesACompleteReport() async throws {
        let store = try analysedStore()
        let out = scratch()
        defer { try? FileManager.default.removeItem(at: out) }
        let r = try renderer(store)
        let snapshot = try r.store.analysedSnapshot(id: nil, period: nil)
        _ = try r.render(snapshot: snapshot, to: out.path)
        let overview = out.appendingPathComponent("2026-04/overview.xml")
        let validator = try XMLSchemaValidator(path: r.templates.schemaPath)
        let reader = Task.detached { () -> (reads: Int, failures: [String]) in
            var reads = 0
            var failures: [String] = []
            let deadline = Date().addingTimeInterval(1.5)
            while Date() < deadline {
                guard let data = try? Data(contentsOf: overview) else { failures.append("missing"); continue }
                if let problem = validator.problem(in: data, name: "overview.xml") { failures.append(problem) }
                reads += 1
            }
            return (reads, failures)
        }
        for _ in 0..<15 { _ = try r.render(snapshot: snapshot, to: out.path) }
        let result = await reader.value
        #expect(result.reads > 0)
        #expect(result.failures.isEmpty, "\(result.failures.prefix(3))")
    }
}

struct ExchangeTests {
    @Test func exchangeSwapsTwoFoldersInOneStep() throws {
        let base = scratch()
        defer { try? FileManager.default.removeItem(at: base) }
        let a = base.appendingPathComponent("a"), b = base.appendingPathComponent("b")
        try FileManager.default.createDirectory(at: a, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: b, withIntermediateDirectories: true)
        try Data("new".utf8).write(to: a.appendingPathComponent("f"))
        try Data("old".utf8).write(to: b.appendingPathComponent("f"))
        #expect(Publisher.exchange(a.path, b.path))
        #expect(try String(contentsOf: b.appendingPathComponent("f"), encoding: .utf8) == "new")
        #expect(try String(contentsOf: a.appendingPathComponent("f"), encoding: .utf8) == "old")
    }
}

struct ReportOrderTests {
    /// The ranked sort gives the order of comparing the records field by field, including group
    /// names that are the same text in two Unicode forms (ガ precomposed and カ + ゙), which
    /// Swift compares as equal.
    @Test func mostUrgentFirstIsTheFieldByFieldOrder() {
        let names = ["会議ガ", "会議\u{30AB}\u{3099}", "会議カ", "Ａ班", "a班", "会議"]
        let rules: [RuleID] = [.notPublic, .singleMaster, .inactiveMember, .noManager]
        let days = [Date(timeIntervalSince1970: 1_700_000_000), Date(timeIntervalSince1970: 1_702_592_000)]
        var records: [FindingRecord] = []
        for i in 0..<240 {
            let key = FindingKey(rule: rules[i % rules.count], groupId: "g\((i * 7) % 13)", subject: i % 3 == 0 ? "u\(i % 5)" : "")
            let finding = Finding(key: key, groupName: names[(i * 5) % names.count], message: "m", remediation: "r")
            records.append(FindingRecord(finding: finding, status: .new, firstSeen: days[(i / 3) % 2]))
        }
        var generator = SystemRandomNumberGenerator()
        records.shuffle(using: &generator)
        let expected = records.sorted { lhs, rhs in
            if lhs.finding.severity != rhs.finding.severity { return lhs.finding.severity < rhs.finding.severity }
            if lhs.firstSeen != rhs.firstSeen { return lhs.firstSeen < rhs.firstSeen }
            if lhs.finding.groupName != rhs.finding.groupName { return lhs.finding.groupName < rhs.finding.groupName }
            return lhs.key < rhs.key
        }
        #expect(PeriodReport.mostUrgentFirst(records).map(\.key) == expected.map(\.key))
    }
}

/// A write that fails says why in words and names the file (issue 16, item 9).
struct WriteFailureTests {
    /// A full disk, met for real: the staged file is a link to `/dev/full`, whose every write
    /// fails with ENOSPC.
    @Test func aFullDiskIsNamedWithTheFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lwgov-full-\(UUID().uuidString)")
        let staging = dir.appendingPathComponent(".2026-10.tmp")
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createSymbolicLink(atPath: staging.appendingPathComponent("index.html").path, withDestinationPath: "/dev/full")
        let publication = Publisher.Staging(
            outputDirectory: dir, target: dir.appendingPathComponent("2026-10"), staging: staging,
            retired: dir.appendingPathComponent(".2026-10.old")
        )
        do {
            try publication.write("index.html", Data("<html>".utf8))
            Issue.record("a write to /dev/full succeeded")
        } catch {
            #expect(error.kind == .cannotWrite)
            #expect(error.message.contains("2026-10/index.html") && error.message.contains("the disk is full"), "\(error.message)")
            // The path holds a random UUID, which may contain "512" itself: look only at the words.
            let words = error.message.replacingOccurrences(of: dir.path, with: "")
            #expect(!words.contains("NSCocoaErrorDomain") && !words.contains("512"), "\(error.message)")
        }
    }

    /// `--out` naming a file: the folder cannot be made, and the message says what is in the way.
    @Test func anOutputPathThatIsAFileIsNamed() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("lwgov-out-\(UUID().uuidString)")
        try Data().write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        do {
            _ = try Publisher(outputDirectory: file).begin(period: "2026-10", folders: ["departments"])
            Issue.record("a file was used as the output folder")
        } catch {
            #expect(error.kind == .cannotWrite)
            #expect(error.message == "\(file.path): cannot write the report (a file that is not a folder is in the way)", "\(error.message)")
        }
    }
}
