import Foundation
import Logging
import LWGovExtract
import LWGovModel
import LWGovStore
import Testing
import LWGovSynth

private let tokyo = CivilTime(identifier: "Asia/Tokyo")!
private let fixture = Bundle.module.url(forResource: "Fixtures/small", withExtension: nil)!.path

/// A scratch copy of the small fixture that a test may break.
private func scratchCopy() throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lwgov-extract-\(UUID().uuidString)")
    try FileManager.default.copyItem(atPath: fixture, toPath: dir.path)
    return dir
}

private func readError(_ dir: URL, takenAt: String? = nil) -> ExtractError? {
    do {
        _ = try SnapshotReader(civilTime: tokyo).read(directory: dir.path, takenAt: takenAt)
        return nil
    } catch {
        return error
    }
}

struct SnapshotReaderTests {
    @Test func readsTheAPIShapes() throws {
        let (snapshot, diagnostics) = try SnapshotReader(civilTime: tokyo).read(directory: fixture)
        #expect(tokyo.timestamp(snapshot.takenAt) == "2026-04-01T06:00:00+09:00")
        #expect(snapshot.orgUnits.map(\.id) == ["ou-1", "ou-11", "ou-12"])
        #expect(snapshot.orgUnits[0].parentId == nil)
        let taro = try #require(snapshot.users.first)
        #expect(taro.displayName == "翠川 太郎")
        #expect(taro.entries == [OrgEntry(orgUnitId: "ou-12", positionName: "課長", isManager: true, isPrimary: true)])
        // isManager counts only as JSON true; "true" (a string) is not a manager.
        #expect(snapshot.users[1].entries.first?.isManager == false)
        #expect(snapshot.users[1].isSuspended)
        #expect(snapshot.users[2].displayName == "u-3")
        let group = try #require(snapshot.groups.first)
        #expect(!group.visible)
        #expect(group.administrators == ["u-1"])  // duplicate entry counted once
        #expect(group.members.count == 3)
        #expect(snapshot.groups[1].visible)  // absent visible = public
        #expect(snapshot.transferDates == [TransferDate(userId: "u-1", effectiveDate: "2026-04-01", fromOrgUnitId: "ou-11", toOrgUnitId: "ou-12")])
        #expect(diagnostics.isEmpty)
    }

    @Test func takenAtOptionWinsOverSnapshotJSON() throws {
        let (snapshot, _) = try SnapshotReader(civilTime: tokyo).read(directory: fixture, takenAt: "2026-05-01T06:00:00")
        #expect(tokyo.timestamp(snapshot.takenAt) == "2026-05-01T06:00:00+09:00")
    }

    @Test(arguments: [
        ("users.json", "{\"users\": [", "users.json: not valid JSON"),
        ("users.json", "", "users.json: empty file"),
        ("users.json", "{\"people\": []}", "users.json: users missing"),
        ("users.json", "{\"users\": [{\"userName\": {}}]}", "users.json: users[0].userId missing"),
        ("users.json", "{\"users\": [{\"userId\": 7}]}", "users.json: users[0].userId: expected a string"),
        ("users.json", "{\"users\": [{\"userId\": \"\"}]}", "users.json: users[0].userId is empty"),
        ("users.json", "{\"users\": [{\"userId\": \"a\"}, {\"userId\": \"a\"}]}", "users.json: users[1].userId 'a' duplicates users[0]"),
        ("groups.json", "{\"groups\": [{\"groupName\": \"x\"}]}", "groups.json: groups[0].groupId missing"),
        ("groups.json", "{\"groups\": [{\"groupId\": \"g\", \"groupName\": \"x\", \"members\": [{\"id\": \"u\", \"type\": \"ROBOT\"}]}]}", "groups.json: groups[0].members[0].type 'ROBOT' is not USER, ORGUNIT or GROUP"),
        ("groups.json", "{\"groups\": [{\"groupId\": \"g\", \"groupName\": \"x\", \"administrators\": [{\"id\": \"u\"}]}]}", "groups.json: groups[0].administrators[0].userId missing"),
        ("orgunits.json", "{\"orgUnits\": [{\"orgUnitId\": \"a\", \"orgUnitName\": \"A\", \"parentOrgUnitId\": \"b\"}, {\"orgUnitId\": \"b\", \"orgUnitName\": \"B\", \"parentOrgUnitId\": \"a\"}]}", "is its own ancestor"),
        ("orgunits.json", "{\"orgUnits\": [{\"orgUnitId\": \"a\", \"orgUnitName\": \"A\", \"parentOrgUnitId\": \"zz\"}]}", "orgunits.json: orgUnits[0] (a): parentOrgUnitId 'zz' is not in the list"),
        ("snapshot.json", "{\"takenAt\": \"April\"}", "snapshot.json: takenAt 'April' is not an ISO 8601 time"),
        ("transfers.csv", "user,date\nu-1,2026-04-01\n", "transfers.csv: line 1: header"),
        ("transfers.csv", "userId,effectiveDate\nu-1,2026-04-31\n", "transfers.csv: line 2: effectiveDate '2026-04-31'"),
        ("transfers.csv", "userId,effectiveDate\nu-1,2026-04-01,extra\n", "transfers.csv: line 2: 3 fields"),
        ("transfers.csv", "userId,effectiveDate\nu-1,2026-04-01\n\nu-1,2026-04-02\n", "transfers.csv: line 4: userId 'u-1' already has a row on line 2"),
    ])
    func badInputNamesFileAndPlace(_ file: String, _ content: String, _ expected: String) throws {
        let dir = try scratchCopy()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data(content.utf8).write(to: dir.appendingPathComponent(file))
        let error = try #require(readError(dir))
        #expect(error.kind == .badInput)
        #expect(error.message.contains(expected), "\(error.message)")
        #expect(!error.message.contains("\n"))
    }

    @Test func syntaxErrorsSayWhere() throws {
        let dir = try scratchCopy()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data("{\"users\": [\n  {\"userId\": \"a\"},\n  {\"userId\": x}\n]}".utf8).write(to: dir.appendingPathComponent("users.json"))
        let message = try #require(readError(dir)).message
        #expect(message.contains("line 3"), "\(message)")
    }

    @Test func missingFileAndBadTakenAt() throws {
        let dir = try scratchCopy()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(readError(dir, takenAt: "2026-13-01")?.kind == .usage)
        try FileManager.default.removeItem(at: dir.appendingPathComponent("groups.json"))
        #expect(readError(dir)?.message.hasPrefix("groups.json: missing") == true)
    }

    @Test func byteOrderMarkIsAccepted() throws {
        let dir = try scratchCopy()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("groups.json")
        try (Data([0xEF, 0xBB, 0xBF]) + Data(contentsOf: url)).write(to: url)
        let (snapshot, _) = try SnapshotReader(civilTime: tokyo).read(directory: dir.path)
        #expect(snapshot.groups.count == 2)
    }

    @Test func unknownReferencesAreWarningsNotErrors() throws {
        let dir = try scratchCopy()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data("{\"groups\": [{\"groupId\": \"g\", \"groupName\": \"x\", \"members\": [{\"id\": \"nobody\", \"type\": \"USER\"}, {\"id\": \"g-zz\", \"type\": \"GROUP\"}]}]}".utf8)
            .write(to: dir.appendingPathComponent("groups.json"))
        let (_, diagnostics) = try SnapshotReader(civilTime: tokyo).read(directory: dir.path)
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.message.contains("GROUP") == true)
    }
}

struct ExtractorTests {
    @Test func badInputStoresNothing() throws {
        let store = try Store.inMemory()
        let extractor = Extractor(store: store, options: StoreOptions(departmentLevel: 2, civilTime: tokyo), logger: Logger(label: "t"))
        _ = try extractor.extract(directory: fixture)
        let dir = try scratchCopy()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data("{\"users\": [".utf8).write(to: dir.appendingPathComponent("users.json"))
        #expect(throws: ExtractError.self) { try extractor.extract(directory: dir.path, takenAt: "2031-01-01T00:00:00+09:00") }
        #expect(try store.snapshots().count == 1)
        let again = try extractor.extract(directory: fixture)
        guard case .duplicate = again.outcome else { Issue.record("re-extract stored again"); return }
    }
}

struct SynthTests {
    @Test func sameSeedSameFilesAndTheyExtract() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("lwgov-synth-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: base) }
        let a = try Synth(users: 300, groups: 80, months: 2, seed: 7).write(to: base.appendingPathComponent("a").path)
        let b = try Synth(users: 300, groups: 80, months: 2, seed: 7).write(to: base.appendingPathComponent("b").path)
        #expect(a.count == 2)
        for file in ["users.json", "groups.json", "orgunits.json"] {
            let x = try Data(contentsOf: URL(fileURLWithPath: a[1]).appendingPathComponent(file))
            let y = try Data(contentsOf: URL(fileURLWithPath: b[1]).appendingPathComponent(file))
            #expect(x == y)
        }
        let store = try Store.inMemory()
        let extractor = Extractor(store: store, options: StoreOptions(departmentLevel: 2, civilTime: tokyo), logger: Logger(label: "t"))
        _ = try extractor.extract(directory: a[0])
        let second = try extractor.extract(directory: a[1])
        guard case .stored(_, let transfers, _) = second.outcome else { Issue.record("not stored"); return }
        #expect(transfers > 0)
        #expect(second.users >= 300)
    }

    /// `run` hands the snapshot it stored straight to analysis: it must be exactly what reading
    /// it back from the store gives, or `run` and `extract` + `analyze` would disagree.
    @Test func theStoredSnapshotHandedToAnalysisEqualsTheOneReadBack() throws {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let store = try Store.inMemory()
        let extractor = Extractor(store: store, options: StoreOptions(departmentLevel: 2, civilTime: tokyo), logger: Logger(label: "t"))
        for month in ["2026-02", "2026-03", "2026-04", "2026-05"] {
            let report = try extractor.extract(directory: repository.appendingPathComponent("SampleData/\(month)").path)
            guard case .stored(let id, _, _) = report.outcome, let handed = report.storedSnapshot else {
                Issue.record("\(month): not stored"); continue
            }
            #expect(handed == (try store.loadSnapshot(id: id)), "\(month)")
            #expect(handed.users.count > 0 && handed.groups.count > 0)
        }
        let again = try extractor.extract(directory: repository.appendingPathComponent("SampleData/2026-05").path)
        #expect(again.storedSnapshot == nil, "nothing new was stored")

        // SampleData lists are in id order; the same month with every list reversed must give
        // the same handed-over snapshot.
        let reversed = FileManager.default.temporaryDirectory.appendingPathComponent("lwgov-reversed-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: reversed) }
        try FileManager.default.copyItem(at: repository.appendingPathComponent("SampleData/2026-02"), to: reversed)
        for (file, key) in [("users.json", "users"), ("groups.json", "groups"), ("orgunits.json", "orgUnits")] {
            let url = reversed.appendingPathComponent(file)
            var object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
            object[key] = Array(try #require(object[key] as? [Any]).reversed())
            try JSONSerialization.data(withJSONObject: object).write(to: url)
        }
        let other = try Store.inMemory()
        let reversedReport = try Extractor(store: other, options: StoreOptions(departmentLevel: 2, civilTime: tokyo), logger: Logger(label: "t"))
            .extract(directory: reversed.path)
        guard case .stored(let id, _, _) = reversedReport.outcome else { Issue.record("reversed month not stored"); return }
        #expect(reversedReport.storedSnapshot == (try other.loadSnapshot(id: id)))
    }

    @Test("Steady mode keeps inactive members level; the default lets them pile up")
    func steadyModeStaysLevel() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("lwgov-synth-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: base) }
        /// Member entries naming users who are gone (not in users.json) or suspended, per month.
        func inactiveEntries(_ months: [String]) throws -> [Int] {
            try months.map { dir in
                let (snapshot, _) = try SnapshotReader(civilTime: tokyo).read(directory: dir)
                let active = Set(snapshot.users.filter(\.isActive).map(\.id))
                return snapshot.groups.reduce(0) { $0 + $1.members.filter { $0.type == .user && !active.contains($0.id) }.count }
            }
        }
        var steady = Synth(users: 600, groups: 150, months: 6, seed: 3)
        steady.steady = true
        let level = try inactiveEntries(try steady.write(to: base.appendingPathComponent("steady").path))
        let growing = try inactiveEntries(try Synth(users: 600, groups: 150, months: 6, seed: 3).write(to: base.appendingPathComponent("default").path))
        #expect(growing[5] > growing[1] * 3, "default: \(growing)")
        #expect(level[5] <= max(level[1] * 2, level[1] + 10), "steady: \(level)")
        #expect(level[5] < growing[5])
    }
}

/// `takenAt` bounds (SPEC 2.1) against an injected clock: from 2000-01-01 (configured time zone)
/// to a day after now, unless `--taken-at` gives the time explicitly.
struct TakenAtBoundsTests {
    static let now = tokyo.parseTimestamp("2026-05-01T12:00:00+09:00")!

    func read(_ dir: URL, snapshotJSON: String?, takenAt: String? = nil) throws -> Date {
        if let snapshotJSON {
            try Data("{\"takenAt\": \"\(snapshotJSON)\"}".utf8).write(to: dir.appendingPathComponent("snapshot.json"))
        } else {
            try? FileManager.default.removeItem(at: dir.appendingPathComponent("snapshot.json"))
        }
        var reader = SnapshotReader(civilTime: tokyo)
        reader.now = { Self.now }
        return try reader.read(directory: dir.path, takenAt: takenAt).0.takenAt
    }

    @Test func snapshotJSONMustBeBetween2000AndADayAfterNow() throws {
        let dir = try scratchCopy()
        defer { try? FileManager.default.removeItem(at: dir) }
        for accepted in ["2000-01-01T00:00:00+09:00", "2026-05-02T11:59:59+09:00"] {
            #expect(tokyo.timestamp(try read(dir, snapshotJSON: accepted)) == accepted)
        }
        for refused in ["1999-12-31T23:59:59+09:00", "2026-05-02T12:00:01+09:00", "9999-12-31T23:00:00+09:00", "0001-04-01T06:00:00+09:00"] {
            #expect(throws: ExtractError.self, "\(refused)") { try read(dir, snapshotJSON: refused) }
            do { _ = try read(dir, snapshotJSON: refused) } catch let error as ExtractError {
                #expect(error.kind == .badInput && error.message.hasPrefix("snapshot.json: takenAt"), "\(error.message)")
                // The time is shown as the file wrote it or as lwgov formats it, never as a
                // description Foundation cannot give for a far-away year.
                #expect(error.message.contains(refused.prefix(10)) && !error.message.contains("unavailable"), "\(error.message)")
            }
        }
    }

    @Test func filesFromTheFutureAreRefusedWithoutSnapshotJSON() throws {
        let dir = try scratchCopy()
        defer { try? FileManager.default.removeItem(at: dir) }
        // A copy's files carry the real time of copying: set them all before the injected now.
        for name in ["users.json", "orgunits.json", "groups.json", "transfers.csv"] {
            try FileManager.default.setAttributes([.modificationDate: Self.now.addingTimeInterval(-7_200)], ofItemAtPath: dir.appendingPathComponent(name).path)
        }
        let file = dir.appendingPathComponent("groups.json").path
        try FileManager.default.setAttributes([.modificationDate: Self.now.addingTimeInterval(3 * 86_400)], ofItemAtPath: file)
        do {
            _ = try read(dir, snapshotJSON: nil)
            Issue.record("a file three days in the future was accepted")
        } catch let error as ExtractError {
            #expect(error.kind == .badInput && error.message.hasPrefix("groups.json (its modification time"), "\(error.message)")
        }
        try FileManager.default.setAttributes([.modificationDate: Self.now.addingTimeInterval(-3_600)], ofItemAtPath: file)
        #expect(try read(dir, snapshotJSON: nil) == Self.now.addingTimeInterval(-3_600))
    }

    @Test func anExplicitTimeMayLeaveTheBoundsButNotTheReportableYears() throws {
        let dir = try scratchCopy()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(tokyo.timestamp(try read(dir, snapshotJSON: "9999-01-01T00:00:00+09:00", takenAt: "2031-01-01T00:00:00+09:00")) == "2031-01-01T00:00:00+09:00")
        #expect(tokyo.timestamp(try read(dir, snapshotJSON: nil, takenAt: "1990-01-01T00:00:00+09:00")) == "1990-01-01T00:00:00+09:00")
        do {
            _ = try read(dir, snapshotJSON: nil, takenAt: "9999-12-31T23:00:00+09:00")
            Issue.record("year 9999 was accepted")
        } catch let error as ExtractError {
            #expect(error.kind == .usage && error.message.contains("1900 to 8999"))
        }
    }
}
