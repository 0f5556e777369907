import Foundation
import GRDB
import LWGovModel
@testable import LWGovStore
import Testing

private let tokyo = CivilTime(identifier: "Asia/Tokyo")!
private let options = StoreOptions(departmentLevel: 2, civilTime: tokyo, keepSnapshots: 24)

/// A small directory with HR keys, and a roster listed out of employee-number order with every
/// optional field set or absent.
private func directory(at time: String, roster: Roster? = RosterStoreTests.roster) -> DirectorySnapshot {
    let units = [
        OrgUnit(id: "bu", name: "総務部", externalKey: "K-BU"), OrgUnit(id: "soumu", name: "総務課", parentId: "bu", externalKey: "K-SOUMU"),
        OrgUnit(id: "jinji", name: "人事課", parentId: "bu"),
    ]
    let users = [
        User(id: "u1", lastName: "髙﨑", firstName: "①", email: "u1@example.jp", employeeNumber: "0002", externalKey: "X-1",
             entries: [OrgEntry(orgUnitId: "soumu", isPrimary: true)]),
        User(id: "u2", lastName: "山田", employeeNumber: "0001", entries: [OrgEntry(orgUnitId: "jinji", isPrimary: true)]),
    ]
    let groups = [Group(id: "g1", name: "連絡", administrators: ["u1"], members: [GroupMember(id: "u2", type: .user)])]
    return DirectorySnapshot(takenAt: tokyo.parseTimestamp(time)!, orgUnits: units, users: users, groups: groups, roster: roster)
}

private func rows(_ store: Store, _ sql: String, _ arguments: StatementArguments = []) throws -> Int {
    try store.writer.read { db in try Int.fetchOne(db, sql: sql, arguments: arguments) ?? -1 }
}

private func stored(_ store: Store, _ snapshot: DirectorySnapshot, options: StoreOptions = options) throws -> Int64 {
    guard case .stored(let id, _, _) = try store.store(snapshot, source: "test", options: options) else {
        throw StoreError(.internal, "not stored")
    }
    return id
}

struct RosterStoreTests {
    static let roster = Roster(entries: [
        RosterEntry(employeeNumber: "0002", status: .active, orgUnitCode: "K-SOUMU", effectiveDate: "2026-04-01", name: "髙﨑 ①", matchValue: "u1@example.jp"),
        RosterEntry(employeeNumber: "0001", status: .leave, orgUnitCode: "K-JINJI"),
        RosterEntry(employeeNumber: "0003", status: .retired, effectiveDate: "2026-03-31", name: "㈱ \"退職\", 者"),
    ])

    @Test func aRosterSurvivesStoreAndLoadSnapshot() throws {
        let store = try Store.inMemory()
        let snapshot = directory(at: "2026-04-01T06:00:00+09:00")
        let id = try stored(store, snapshot)
        let back = try store.loadSnapshot(id: id)
        #expect(back == snapshot.asStored)
        #expect(back.roster?.entries.map(\.employeeNumber) == ["0001", "0002", "0003"])
        #expect(back.users.map(\.employeeNumber) == ["0002", "0001"] && back.users[0].externalKey == "X-1")
        #expect(back.orgUnits.first { $0.id == "soumu" }?.externalKey == "K-SOUMU")
        let info = try #require(try store.snapshot(id: id))
        #expect(info.hasRoster && info.rosterRows == 3)
    }

    @Test("No roster and an empty roster are told apart")
    func noRosterAndAnEmptyRoster() throws {
        let store = try Store.inMemory()
        let none = try stored(store, directory(at: "2026-04-01T06:00:00+09:00", roster: nil))
        let empty = try stored(store, directory(at: "2026-05-01T06:00:00+09:00", roster: Roster(entries: [])))
        #expect(try store.loadSnapshot(id: none).roster == nil)
        #expect(try store.snapshot(id: none)?.hasRoster == false)
        #expect(try store.loadSnapshot(id: empty).roster == Roster(entries: []))
        #expect(try store.snapshot(id: empty)?.hasRoster == true)
    }

    @Test("The content hash covers the roster: with and without one differ; a re-extract with the same roster is a duplicate")
    func contentHashCoversTheRoster() throws {
        let with = directory(at: "2026-04-01T06:00:00+09:00")
        let without = directory(at: "2026-04-01T06:00:00+09:00", roster: nil)
        let empty = directory(at: "2026-04-01T06:00:00+09:00", roster: Roster(entries: []))
        #expect(Set([with.contentHash, without.contentHash, empty.contentHash]).count == 3)
        // Row order does not matter; a changed status does.
        var reordered = with
        reordered.roster?.entries.reverse()
        #expect(reordered.contentHash == with.contentHash)
        var changed = with
        changed.roster?.entries[1].status = .active
        #expect(changed.contentHash != with.contentHash)

        let store = try Store.inMemory()
        _ = try stored(store, with)
        guard case .duplicate = try store.store(reordered, source: "again", options: options) else {
            Issue.record("the same directory and roster was stored twice"); return
        }
        changed.takenAt = tokyo.parseTimestamp("2026-04-02T06:00:00+09:00")!
        #expect(try stored(store, changed) > 0)
    }

    /// With `hr.match_by = "email"` the roster's e-mail column is what matches: a roster that
    /// changed only there must not be taken for the one already stored.
    @Test func theMatchColumnIsPartOfTheHash() {
        let with = directory(at: "2026-04-01T06:00:00+09:00")
        var other = with
        other.roster?.entries[0].matchValue = "new@example.jp"
        #expect(other.contentHash != with.contentHash)
    }

    @Test("A directory without the new fields keeps the hash it had before them (pinned in HashTests); each new field changes it")
    func newFieldsChangeTheHashOnlyWhenSet() {
        let plain = DirectorySnapshot(
            takenAt: Date(timeIntervalSince1970: 0), orgUnits: [OrgUnit(id: "ka", name: "課")],
            users: [User(id: "u", entries: [OrgEntry(orgUnitId: "ka", isPrimary: true)])], groups: []
        )
        var unit = plain
        unit.orgUnits[0].externalKey = "K"
        var number = plain
        number.users[0].employeeNumber = "1"
        var key = plain
        key.users[0].externalKey = "X"
        var roster = plain
        roster.roster = Roster(entries: [])
        #expect(Set([plain, unit, number, key, roster].map(\.contentHash)).count == 5)
    }

    @Test func pruningRemovesRosterRows() throws {
        let store = try Store.inMemory()
        var keepTwo = options
        keepTwo.keepSnapshots = 2
        var ids: [Int64] = []
        for month in 1...4 {
            ids.append(try stored(store, directory(at: String(format: "2026-%02d-01T06:00:00+09:00", month)), options: keepTwo))
        }
        #expect(try rows(store, "SELECT COUNT(*) FROM hr_row") == 2 * 3)
        for id in ids.prefix(2) {
            #expect(try rows(store, "SELECT COUNT(*) FROM hr_row WHERE snapshot_id = ?", [id]) == 0)
            #expect(try store.snapshot(id: id)?.pruned == true)
        }
        #expect(try store.loadSnapshot(id: ids[3]).roster?.entries.count == 3)
    }

    @Test func forgettingASnapshotWithARosterRemovesItsRows() throws {
        let store = try Store.inMemory()
        let march = try stored(store, directory(at: "2026-03-01T06:00:00+09:00"))
        var moved = directory(at: "2026-04-01T06:00:00+09:00")
        moved.users[1].entries = [OrgEntry(orgUnitId: "soumu", isPrimary: true)]
        let april = try stored(store, moved)
        let may = try stored(store, directory(at: "2026-05-01T06:00:00+09:00"))
        _ = try store.forget(snapshotId: april)
        #expect(try store.snapshots().map(\.id) == [march, may])
        #expect(try rows(store, "SELECT COUNT(*) FROM hr_row WHERE snapshot_id = ?", [april]) == 0)
        #expect(try rows(store, "SELECT COUNT(*) FROM hr_row") == 2 * 3)
        #expect(try store.loadSnapshot(id: may).roster == directory(at: "2026-05-01T06:00:00+09:00").asStored.roster)
        _ = try store.forget(snapshotId: march)
        #expect(try rows(store, "SELECT COUNT(*) FROM hr_row") == 3)
    }
}
