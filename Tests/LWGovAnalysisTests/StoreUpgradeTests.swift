import Foundation
import GRDB
import Logging
import LWGovAnalysis
import LWGovExtract
import LWGovModel
@testable import LWGovStore
import Testing

/// A store written by the release before SPEC revision 2 (schema up to migration v5, masters read
/// as members) is upgraded in place: its snapshots stay analysable, and its finding history
/// goes on under the new membership.
@Suite(.serialized) struct StoreUpgradeTests {
    static let sampleData = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("SampleData")
    let tokyo = CivilTime(identifier: "Asia/Tokyo")!

    private func analyzer(_ store: Store, mastersAreMembers: Bool) -> Analyzer {
        var logger = Logger(label: "t")
        logger.logLevel = .error
        return Analyzer(store: store, settings: AnalysisSettings(civilTime: tokyo, mastersAreMembers: mastersAreMembers), logger: logger)
    }

    private func extract(_ month: String, into store: Store, withoutRosterIn scratch: URL? = nil) throws {
        var logger = Logger(label: "t")
        logger.logLevel = .error
        var directory = Self.sampleData.appendingPathComponent(month)
        if let scratch {
            // The previous release read no HR roster: the month as it saw it, without hr.csv.
            let copy = scratch.appendingPathComponent(month)
            try FileManager.default.copyItem(at: directory, to: copy)
            try? FileManager.default.removeItem(at: copy.appendingPathComponent("hr.csv"))
            directory = copy
        }
        _ = try Extractor(store: store, options: StoreOptions(departmentLevel: 2, civilTime: tokyo), logger: logger)
            .extract(directory: directory.path)
    }

    /// February to April stored and analysed as the previous release did, in a file with the
    /// previous release's schema (migrations up to v5, rows copied column by column).
    private func previousReleaseStore(in dir: URL) throws -> String {
        let current = try Store.open(path: dir.appendingPathComponent("current.sqlite").path)
        for month in ["2026-02", "2026-03", "2026-04"] {
            try extract(month, into: current, withoutRosterIn: dir)
            _ = try analyzer(current, mastersAreMembers: true).analyzePending()
        }
        let oldPath = dir.appendingPathComponent("previous.sqlite").path
        var configuration = GRDB.Configuration()
        configuration.foreignKeysEnabled = false
        let old = try DatabaseQueue(path: oldPath, configuration: configuration)
        try Store.migrator.migrate(old, upTo: "v5-group-unchanged-since")
        try old.writeWithoutTransaction { db in
            try db.execute(sql: "ATTACH DATABASE ? AS current", arguments: [dir.appendingPathComponent("current.sqlite").path])
            let tables = try String.fetchAll(
                db, sql: "SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != 'grdb_migrations'"
            )
            for table in tables {
                let columns = try Row.fetchAll(db, sql: "PRAGMA main.table_info(\"\(table)\")").map { "\"\($0["name"] as String)\"" }
                    .joined(separator: ", ")
                try db.execute(sql: "INSERT INTO main.\"\(table)\" (\(columns)) SELECT \(columns) FROM current.\"\(table)\"")
            }
            try db.execute(sql: "DETACH DATABASE current")
        }
        try old.close()
        return oldPath
    }

    @Test func aStoreOfThePreviousReleaseKeepsItsHistoryUnderTheNewMembership() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lwgov-upgrade-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try previousReleaseStore(in: dir)

        // Opening it migrates it (v6); the stored users have no flags (NULL), read as absent.
        let store = try Store.open(path: path)
        let april = try #require(try store.analysedSnapshots().last)
        #expect(april.period == "2026-04")
        let nulls = try store.writer.read { db in
            try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM user WHERE snapshot_id = ? AND is_awaiting IS NULL AND is_on_leave IS NULL",
                arguments: [april.id]
            ) ?? 0
        }
        #expect(nulls == april.userCount)
        let before = try store.findingStates(snapshotId: april.id).filter(\.status.isPresent)

        // May, analysed with revision 2's membership.
        try extract("2026-05", into: store)
        _ = try analyzer(store, mastersAreMembers: false).analyzePending()
        let may = try #require(try store.analysedSnapshots().last)
        let after = Dictionary(uniqueKeysWithValues: try store.findingStates(snapshotId: may.id).map { ($0.key, $0) })
        var continued = 0
        var resolved = 0
        for old in before {
            let now = try #require(after[old.key], "\(old.key) vanished from the history")
            if now.status == .resolved {
                resolved += 1
            } else {
                continued += 1
                #expect(now.firstSeen == old.firstSeen, "\(old.key): first seen changed")
                #expect(now.status != .new, "\(old.key) is new again")
            }
        }
        #expect(continued > 50)
        // What only the previous reading produced (a transferred master counted as a member of
        // g-0149, say) is resolved, not deleted.
        #expect(after[FindingKey(rule: .missingDepartmentManager, groupId: "g-0149", subject: "ou-0420")]?.status == .resolved)
        #expect(resolved > 0)
        // A master-only manager is now a finding, new in May.
        #expect(after[FindingKey(rule: .noManager, groupId: "g-0245")]?.status == .new)

        // An old month can be analysed again: its flags read as absent, the new membership applies.
        _ = try analyzer(store, mastersAreMembers: false).analyze(snapshotId: april.id)
        let reanalysed = Set(try store.findingStates(snapshotId: april.id).filter(\.status.isPresent).map(\.key))
        #expect(reanalysed.contains(FindingKey(rule: .noManager, groupId: "g-0245")))
        #expect(try store.integrityCheck() == "ok")
    }
}
