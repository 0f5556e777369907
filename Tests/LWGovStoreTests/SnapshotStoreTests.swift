import Foundation
import GRDB
import LWGovModel
@testable import LWGovStore
import Testing

/// A tiny directory: two departments, `n` users in 総務課, one group per user pair.
private func directory(users n: Int = 4, groups: Int = 2, at time: String, move: [String: String] = [:]) -> DirectorySnapshot {
    let tz = CivilTime(identifier: "Asia/Tokyo")!
    let units = [
        OrgUnit(id: "bu", name: "総務部"), OrgUnit(id: "soumu", name: "総務課", parentId: "bu"),
        OrgUnit(id: "jinji", name: "人事課", parentId: "bu"),
    ]
    let users = (0..<n).map { i in
        let id = "u\(i)"
        return User(id: id, lastName: "職員", firstName: "\(i)", entries: [OrgEntry(orgUnitId: move[id] ?? "soumu", isPrimary: true)])
    }
    let list = (0..<groups).map { g in
        Group(id: "g\(g)", name: "グループ\(g)", administrators: ["u0"], members: [GroupMember(id: "u\(g % n)", type: .user), GroupMember(id: "u1", type: .user)])
    }
    return DirectorySnapshot(takenAt: tz.parseTimestamp(time)!, orgUnits: units, users: users, groups: list)
}

private let options = StoreOptions(departmentLevel: 2, civilTime: CivilTime(identifier: "Asia/Tokyo")!, keepSnapshots: 24)

struct SnapshotStoreTests {
    @Test func storesAndReadsBackTheSameDirectory() throws {
        let store = try Store.inMemory()
        let snapshot = directory(at: "2026-02-01T06:00:00+09:00")
        guard case .stored(let id, _, _) = try store.store(snapshot, source: "test", options: options) else {
            Issue.record("not stored"); return
        }
        #expect(try store.loadSnapshot(id: id) == snapshot.asStored)
        #expect(try store.snapshots().first?.period == "2026-02")
    }

    /// What `run` hands to analysis (`asStored`) is what the store gives back, also for a time
    /// with a fraction of a second (an API extract without --taken-at) and for ids whose
    /// Unicode order differs from their byte order.
    @Test func asStoredIsWhatTheStoreGivesBack() throws {
        // A time whose seconds since 1970 do not round-trip through Date exactly.
        let takenAt = try #require((0..<1000).lazy.map { Date(timeIntervalSinceReferenceDate: 817_000_000.123_456 + Double($0) * 0.000_137) }
            .first { Date(timeIntervalSince1970: $0.timeIntervalSince1970) != $0 })
        var snapshot = directory(users: 4, at: "2026-02-01T06:00:00+09:00")
        snapshot.takenAt = takenAt
        // "é" precomposed (C3 A9) and decomposed (65 CC 81): equal as Strings, different bytes;
        // "e\u{301}x" sorts after "éa" by Unicode but before it by bytes.
        snapshot.users.append(User(id: "\u{E9}a", entries: [OrgEntry(orgUnitId: "soumu", isPrimary: true)]))
        snapshot.users.append(User(id: "e\u{301}x", entries: [OrgEntry(orgUnitId: "soumu", isPrimary: true)]))
        let store = try Store.inMemory()
        guard case .stored(let id, _, _) = try store.store(snapshot, source: "t", options: options) else {
            Issue.record("not stored"); return
        }
        let back = try store.loadSnapshot(id: id)
        #expect(back.users.first?.id == "e\u{301}x", "SQLite orders by bytes")
        #expect(snapshot.asStored == back)
    }

    @Test func identicalInputIsStoredOnce() throws {
        let store = try Store.inMemory()
        let snapshot = directory(at: "2026-02-01T06:00:00+09:00")
        let first = try store.store(snapshot, source: "a", options: options)
        let second = try store.store(snapshot, source: "b", options: options)
        guard case .stored(let id, _, _) = first else { Issue.record("first not stored"); return }
        #expect(second == .duplicate(id: id))
        #expect(try store.snapshots().count == 1)
        // The hash is computed beside the insert; the row ends up with it, not a placeholder.
        #expect(try store.snapshots().first?.contentHash == snapshot.contentHash)
        // An export older than the newest stored one is still recognised as stored already.
        _ = try store.store(directory(at: "2026-03-01T06:00:00+09:00"), source: "c", options: options)
        #expect(try store.store(snapshot, source: "d", options: options) == .duplicate(id: id))
        #expect(try store.snapshots().count == 2)
    }

    @Test func sameTimeOtherContentAndOlderSnapshotsAreRefused() throws {
        let store = try Store.inMemory()
        _ = try store.store(directory(at: "2026-03-01T06:00:00+09:00"), source: "a", options: options)
        #expect(throws: StoreError.self) {
            try store.store(directory(users: 5, at: "2026-03-01T06:00:00+09:00"), source: "b", options: options)
        }
        #expect(throws: StoreError.self) {
            try store.store(directory(at: "2026-02-01T06:00:00+09:00"), source: "c", options: options)
        }
        #expect(try store.snapshots().count == 1)
    }

    @Test func shrinkGuardRefusesHalfADirectoryUnlessAccepted() throws {
        let store = try Store.inMemory()
        _ = try store.store(directory(users: 10, groups: 10, at: "2026-02-01T06:00:00+09:00"), source: "a", options: options)
        // Exactly half is still accepted; fewer than half is refused.
        let half = try store.store(directory(users: 5, groups: 10, at: "2026-03-01T06:00:00+09:00"), source: "b", options: options)
        guard case .stored = half else { Issue.record("exactly half the users was refused"); return }
        do {
            _ = try store.store(directory(users: 10, groups: 4, at: "2026-04-01T06:00:00+09:00"), source: "c", options: options)
            Issue.record("a shrunken directory was stored")
        } catch {
            #expect(error.kind == .badInput)
            #expect(error.message.contains("--accept-shrink"))
        }
        #expect(try store.snapshots().count == 2)
        var accepting = options
        accepting.acceptShrink = true
        _ = try store.store(directory(users: 10, groups: 4, at: "2026-04-01T06:00:00+09:00"), source: "c", options: accepting)
        #expect(try store.snapshots().count == 3)
    }

    @Test func aFailedInsertLeavesNothingBehind() throws {
        let store = try Store.inMemory()
        var broken = directory(at: "2026-02-01T06:00:00+09:00")
        broken.users.append(broken.users[0])  // duplicate primary key half-way through the insert
        #expect(throws: StoreError.self) { try store.store(broken, source: "x", options: options) }
        #expect(try store.snapshots().isEmpty)
        let rows = try store.writer.read { db in
            try Int.fetchOne(db, sql: "SELECT (SELECT count(*) FROM user) + (SELECT count(*) FROM org_unit) + (SELECT count(*) FROM group_state)")
        }
        #expect(rows == 0)
    }

    /// Rows are written 64 to a statement (`BatchInsert`): full batches, the last partial one,
    /// and values that must not blur (empty text against NULL, false against NULL) survive.
    @Test func batchedInsertsKeepEveryRowAndValue() throws {
        let store = try Store.inMemory()
        var snapshot = directory(users: 135, groups: 70, at: "2026-02-01T06:00:00+09:00")
        for i in snapshot.users.indices {
            snapshot.users[i].email = i % 3 == 0 ? nil : i % 3 == 1 ? "" : "u\(i)@example.jp"
            snapshot.users[i].lastName = i % 2 == 0 ? "" : "職員"
            snapshot.users[i].entries.append(OrgEntry(orgUnitId: "jinji", positionName: i % 2 == 0 ? nil : "", isManager: i % 5 == 0))
        }
        for g in snapshot.groups.indices {
            snapshot.groups[g].useMessage = [nil, true, false][g % 3]
            snapshot.groups[g].visible = g % 4 != 0
        }
        snapshot.groups[0] = Group(
            id: "g0", name: "全員", administrators: ["u0", "u1"],
            members: snapshot.users.map { GroupMember(id: $0.id, type: .user) } + [GroupMember(id: "soumu", type: .orgUnit)]
        )
        guard case .stored(let id, _, _) = try store.store(snapshot, source: "test", options: options) else {
            Issue.record("not stored"); return
        }
        let back = try store.loadSnapshot(id: id)
        #expect(back.users.count == 135)
        #expect(back.groups.first { $0.id == "g0" }?.members.count == 136)
        #expect(back == snapshot.asStored)
    }

    @Test func aDuplicateInAFullBatchLeavesNothingBehind() throws {
        let store = try Store.inMemory()
        var broken = directory(users: 200, at: "2026-02-01T06:00:00+09:00")
        broken.users.insert(broken.users[150], at: 20)
        do {
            _ = try store.store(broken, source: "x", options: options)
            Issue.record("a duplicate user id was stored")
        } catch {
            #expect(error.kind == .cannotWrite)
            #expect(error.message.contains("UNIQUE constraint failed: user.snapshot_id, user.user_id"))
        }
        #expect(try store.snapshots().isEmpty)
        let rows = try store.writer.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM user") }
        #expect(rows == 0)
    }

    /// Staleness condition 3 reads, per group, since when its members and masters have been the
    /// same (`group_state.unchanged_since`): kept when storing, and the migration's back-fill
    /// must give the same values.
    @Test func groupsKnowSinceWhenTheyAreUnchangedAndTheBackfillAgrees() throws {
        let store = try Store.inMemory()
        var ids: [Int64] = []
        for (month, change) in [("02", 0), ("03", 1), ("04", 2), ("05", 3)] {
            var snapshot = directory(users: 4, groups: 3, at: "2026-\(month)-01T06:00:00+09:00")
            if change == 1 { snapshot.groups.removeAll { $0.id == "g2" } }  // g2 absent in March
            if change >= 2 {  // g1 gains a member in April
                snapshot.groups[1] = Group(id: "g1", name: "グループ1", administrators: ["u0"], members: snapshot.groups[1].members + [GroupMember(id: "u3", type: .user)])
            }
            guard case .stored(let id, _, _) = try store.store(snapshot, source: "t", options: options) else {
                Issue.record("not stored"); return
            }
            ids.append(id)
        }
        func since() throws -> [String: Int64] {
            try store.writer.read { db in
                Dictionary(uniqueKeysWithValues: try Row.fetchAll(
                    db, sql: "SELECT group_id, unchanged_since FROM group_state WHERE snapshot_id = ?", arguments: [ids[3]]
                ).map { ($0["group_id"] as String, $0["unchanged_since"] as Int64) })
            }
        }
        let stored = try since()
        #expect(stored == ["g0": ids[0], "g1": ids[2], "g2": ids[2]])
        try store.writer.write { db in
            try db.execute(sql: "UPDATE group_state SET unchanged_since = NULL")
            try Store.backfillUnchangedSince(db)
        }
        #expect(try since() == stored)
        let changes = try store.groupChanges(at: try #require(try store.snapshot(id: ids[3])))
        #expect(changes.untouched(groupId: "g0", since: ids[0]))
        #expect(!changes.untouched(groupId: "g1", since: ids[1]))
        #expect(changes.untouched(groupId: "g1", since: ids[2]))
        #expect(!changes.untouched(groupId: "g2", since: ids[0]), "absent in between counts as a change")
        #expect(!changes.untouched(groupId: "g9", since: ids[0]), "a group not in the snapshot")

        // Back to February's members in June: a change and its revert are still changes.
        var june = directory(users: 4, groups: 3, at: "2026-06-01T06:00:00+09:00")
        june.groups.removeAll { $0.id == "g0" }
        june.groups.append(Group(id: "g0", name: "グループ0", administrators: ["u0"], members: [GroupMember(id: "u1", type: .user)]))
        var keepOne = options
        keepOne.keepSnapshots = 1
        guard case .stored(let juneId, _, let pruned) = try store.store(june, source: "t", options: keepOne) else {
            Issue.record("June not stored"); return
        }
        #expect(pruned == 4, "the older snapshots lost their rows but keep their group states")
        let inJune = try store.groupChanges(at: try #require(try store.snapshot(id: juneId)))
        #expect(!inJune.untouched(groupId: "g1", since: ids[2]), "g1 went back to February's members")
        #expect(inJune.untouched(groupId: "g1", since: juneId))
        #expect(!inJune.untouched(groupId: "g0", since: ids[0]))
        // Asked of an older snapshot, the answer is as it was then.
        #expect(try store.groupChanges(at: try #require(try store.snapshot(id: ids[3]))).untouched(groupId: "g1", since: ids[2]))
    }

    /// A group's fingerprint (`group_state.direct_hash`) is compared with the ones stored in
    /// earlier months, so its bytes never change: the SHA-256 of each direct USER member id and
    /// a 0 byte, a 1 byte, then each master id and a 0 byte; its first 32 hex digits.
    @Test func groupFingerprintsKeepTheirBytes() {
        let mixed = Group(
            id: "g", name: "n", administrators: ["u0"],
            members: [GroupMember(id: "u0", type: .user), GroupMember(id: "soumu", type: .orgUnit), GroupMember(id: "u1", type: .user)]
        )
        #expect(Store.directHash(of: mixed) == "33e1f8c33e43bfa27668e2d5414d8b1e")
        // Members are kept sorted (Swift's String order): "e\u{301}x" before "総務".
        let unicode = Group(id: "h", name: "", members: [GroupMember(id: "総務", type: .user), GroupMember(id: "e\u{301}x", type: .user)])
        #expect(Store.directHash(of: unicode) == "db70814bb32308fd41dd41454087b83a")
        #expect(Store.directHash(of: Group(id: "e", name: "")) == "4bf5122f344554c53bde2ebb8cd2b7e3")
    }

    @Test func transfersAreComputedAtExtractWithPriorGroups() throws {
        let store = try Store.inMemory()
        _ = try store.store(directory(at: "2026-03-01T06:00:00+09:00"), source: "a", options: options)
        var april = directory(at: "2026-04-01T06:00:00+09:00", move: ["u1": "jinji"])
        april.transferDates = [TransferDate(userId: "u1", effectiveDate: "2026-03-28"), TransferDate(userId: "u2", effectiveDate: "2026-03-28")]
        guard case .stored(let id, let count, _) = try store.store(april, source: "b", options: options) else {
            Issue.record("not stored"); return
        }
        #expect(count == 1)
        let transfers = try store.latestTransfers(atOrBefore: april.takenAt)
        let t = try #require(transfers["u1"])
        #expect(t.snapshotId == id)
        #expect(t.from.departmentId == "soumu" && t.to.departmentId == "jinji")
        #expect(t.datedBy == .csv)
        #expect(options.civilTime.timestamp(t.effectiveAt) == "2026-03-28T00:00:00+09:00")
        #expect(t.priorGroups == ["g0", "g1"])
        #expect(transfers["u2"] == nil)
    }

    /// A group the user had already left at the transfer snapshot can never be stale for them
    /// (SPEC 3.3 needs them in it now and the group unchanged since), so it is not kept.
    @Test func priorGroupsAreThoseTheUserWasInBeforeAndStillIsAtTheTransfer() throws {
        let store = try Store.inMemory()
        _ = try store.store(directory(at: "2026-03-01T06:00:00+09:00"), source: "a", options: options)
        var april = directory(at: "2026-04-01T06:00:00+09:00", move: ["u1": "jinji"])
        april.groups[1] = Group(id: "g1", name: "グループ1", administrators: ["u0"])  // u1 left g1 with the move
        april.groups.append(Group(id: "g-new", name: "新規", administrators: ["u1"]))  // and joined a new one
        _ = try store.store(april, source: "b", options: options)
        let t = try #require(try store.latestTransfers(atOrBefore: april.takenAt)["u1"])
        #expect(t.priorGroups == ["g0"])
    }

    /// `forget` of a middle snapshot: what the next one derived from it (transfers, prior
    /// groups, "unchanged since") is what storing it right after the earlier one gives.
    @Test func forgettingAMiddleSnapshotDerivesTheNextOneFromItsNewPredecessor() throws {
        let february = directory(users: 5, groups: 3, at: "2026-02-01T06:00:00+09:00")
        var march = directory(users: 5, groups: 3, at: "2026-03-01T06:00:00+09:00", move: ["u1": "jinji", "u2": "jinji"])
        func adding(_ group: Group, masters: [String] = [], members: [String] = []) -> Group {
            Group(
                id: group.id, name: group.name, administrators: group.administrators + masters,
                members: group.members + members.map { GroupMember(id: $0, type: .user) }
            )
        }
        march.groups[2] = adding(march.groups[2], members: ["u3"])  // g2 changed in March only
        var april = directory(users: 5, groups: 3, at: "2026-04-01T06:00:00+09:00", move: ["u1": "jinji", "u3": "jinji"])
        april.groups[0] = adding(april.groups[0], masters: ["u3"])  // g0 changed in April
        april.groups[1] = adding(april.groups[1], members: ["u3"])
        april.transferDates = [TransferDate(userId: "u3", effectiveDate: "2026-03-20")]

        /// Everything derived from a stored snapshot, with snapshot ids as their taken-at times.
        func derived(_ store: Store, _ id: Int64) throws -> [String] {
            try store.writer.read { db in
                let times = Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT id, taken_at_text FROM snapshot").map {
                    ($0["id"] as Int64, $0["taken_at_text"] as String)
                })
                var lines = try Row.fetchAll(db, sql: "SELECT * FROM transfer WHERE snapshot_id = ? ORDER BY user_id", arguments: [id]).map { row in
                    "transfer " + row.columnNames.filter { $0 != "snapshot_id" }.map { "\($0)=\(row[$0] as DatabaseValue)" }.joined(separator: " ")
                }
                lines += try Row.fetchAll(db, sql: "SELECT user_id, group_id FROM transfer_prior_group WHERE snapshot_id = ? ORDER BY 1, 2", arguments: [id])
                    .map { "prior \($0["user_id"] as String) \($0["group_id"] as String)" }
                lines += try Row.fetchAll(db, sql: "SELECT group_id, direct_hash, unchanged_since FROM group_state WHERE snapshot_id = ? ORDER BY 1", arguments: [id])
                    .map { "state \($0["group_id"] as String) \($0["direct_hash"] as String) since \(times[$0["unchanged_since"] as Int64] ?? "?")" }
                lines.append("count \(try Int.fetchOne(db, sql: "SELECT transfer_count FROM snapshot WHERE id = ?", arguments: [id]) ?? -1)")
                return lines
            }
        }
        func store(_ snapshots: [DirectorySnapshot]) throws -> (Store, [Int64]) {
            let store = try Store.inMemory()
            let ids = try snapshots.map { snapshot -> Int64 in
                guard case .stored(let id, _, _) = try store.store(snapshot, source: "t", options: options) else { throw StoreError(.internal, "not stored") }
                return id
            }
            return (store, ids)
        }
        let (withMarch, ids) = try store([february, march, april])
        let before = try derived(withMarch, ids[2])
        _ = try withMarch.forget(snapshotId: ids[1])
        let (direct, directIds) = try store([february, april])
        let expected = try derived(direct, directIds[1])
        #expect(try derived(withMarch, ids[2]) == expected)
        #expect(before != expected, "the case must change something")
        #expect(expected.contains { $0.hasPrefix("transfer user_id=\"u1\"") }, "\(expected)")
        #expect(expected.contains { $0.hasPrefix("transfer user_id=\"u3\"") && $0.contains("dated_by=\"csv\"") }, "\(expected)")
        // Forgetting the first snapshot leaves the next without transfers, as if stored first.
        _ = try withMarch.forget(snapshotId: ids[0])
        let (alone, aloneIds) = try store([april])
        #expect(try derived(withMarch, ids[2]) == (try derived(alone, aloneIds[0])))
    }

    @Test func pruningKeepsHistoryButDropsOldDirectories() throws {
        let store = try Store.inMemory()
        var keepTwo = options
        keepTwo.keepSnapshots = 2
        for month in 1...4 {
            _ = try store.store(
                directory(at: String(format: "2026-%02d-01T06:00:00+09:00", month), move: month == 3 ? ["u1": "jinji"] : [:]),
                source: "m", options: keepTwo
            )
        }
        let all = try store.snapshots()
        #expect(all.map(\.pruned) == [true, true, false, false])
        #expect(throws: StoreError.self) { try store.loadSnapshot(id: all[0].id) }
        _ = try store.loadSnapshot(id: all[3].id)
        let remaining = try store.writer.read { db in
            (try Int.fetchOne(db, sql: "SELECT count(*) FROM user WHERE snapshot_id = ?", arguments: [all[0].id]),
             try Int.fetchOne(db, sql: "SELECT count(*) FROM group_state WHERE snapshot_id = ?", arguments: [all[0].id]))
        }
        #expect(remaining.0 == 0)
        #expect(remaining.1 == 2)
        // The March transfer (u1 to 人事課) and its April return both survive pruning.
        #expect(try store.latestTransfers(atOrBefore: all[3].takenAt)["u1"]?.snapshotId == all[3].id)
    }

    @Test func fileStoreUsesWALAndPassesIntegrityCheck() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("lwgov-\(UUID().uuidString)/s.sqlite").path
        defer { try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path) }
        let store = try Store.open(path: path)
        _ = try store.store(directory(at: "2026-02-01T06:00:00+09:00"), source: "a", options: options)
        let mode = try store.writer.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal")
        #expect(try store.integrityCheck() == "ok")
    }
}

struct StoredJSONTests {
    /// Evidence and department lists are stored as small JSON texts (Foundation writes and reads them);
    /// whatever a directory name holds must come back unchanged.
    @Test func evidenceAndListsSurviveARoundTrip() {
        let texts = ["", "翠川 花子", "say \"hi\"", "back\\slash", "line\nbreak\ttab\r", "\u{01}bell\u{1F}", "emoji 🏯 & <b>", "plain"]
        let evidence = texts.map { EvidenceItem($0, String($0.reversed())) }
        #expect(StoredJSON.evidence(StoredJSON.encode(evidence: evidence)) == evidence)
        #expect(StoredJSON.strings(StoredJSON.encode(strings: texts)) == texts)
        #expect(StoredJSON.encode(strings: ["a\"b"]) == "[\"a\\\"b\"]")
        #expect(StoredJSON.encode(strings: ["総務課"]) == "[\"総務課\"]")
        #expect(StoredJSON.encode(strings: ["a", "b"]) == "[\"a\",\"b\"]")
        #expect(StoredJSON.encode(strings: []) == "[]" && StoredJSON.encode(evidence: []) == "[]")
        #expect(StoredJSON.encode(evidence: [EvidenceItem("所属", "a\"b"), EvidenceItem("x", "y")]) == "[[\"所属\",\"a\\\"b\"],[\"x\",\"y\"]]")
        // What another JSON writer might have left (spaces, \/ and \u escapes beyond ASCII) still reads.
        #expect(StoredJSON.strings("[ \"a\\/b\" , \"\\u7dd1\" ]") == ["a/b", "緑"])
        #expect(StoredJSON.evidence("[[\"l\",\"v\"],[\"only one\"]]") == [EvidenceItem("l", "v")])
        #expect(StoredJSON.strings("not json").isEmpty)
        #expect(StoredJSON.strings("[]").isEmpty && StoredJSON.evidence("[]").isEmpty)
    }

    /// A report reads every finding's lists in one decoder run; the result must be what reading
    /// them one by one gives, also when one stored text is not JSON.
    @Test func manyListsReadAtOnceAreEachListRead() {
        let evidence = [[EvidenceItem("所属", "a\"b")], [], [EvidenceItem("x", "y\u{1F}"), EvidenceItem("改行", "1\n2")]]
        let texts = evidence.map { StoredJSON.encode(evidence: $0) }
        #expect(StoredJSON.evidence(texts) == evidence)
        #expect(StoredJSON.evidence(texts + ["not json"]) == evidence + [[]])
        let lists = [["ou-1", "ou-2"], [], ["総務課"]]
        #expect(StoredJSON.strings(lists.map { StoredJSON.encode(strings: $0) }) == lists)
        #expect(StoredJSON.strings(["[\"a\"]", "", "[\"b\"]"]) == [["a"], [], ["b"]])
        #expect(StoredJSON.strings([String]()).isEmpty)
    }
}
