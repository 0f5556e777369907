import Foundation
import GRDB
import LWGovAnalysis
import LWGovExtract
import LWGovModel
@testable import LWGovStore
import Testing

// The test city with HR codes: every org unit's orgUnitExternalKey is "K-<id>", every person of
// `Cast` has the employee number "E-<id>", and the full roster lists everyone 在職 in the unit
// the directory shows. Each test changes one row or one account.

/// The test tree with `orgUnitExternalKey` "K-<id>".
let codedTree: [OrgUnit] = Unit.tree.map { unit in
    var unit = unit
    unit.externalKey = "K-\(unit.id)"
    return unit
}

/// A person with an employee number (and optionally an e-mail address).
func numbered(_ person: User, _ number: String? = nil, email: String? = nil, account: Account? = nil) -> User {
    var person = person
    person.employeeNumber = number ?? "E-\(person.id)"
    person.email = email ?? person.email
    if let account {
        person.isDeleted = account == .deleted
        person.isSuspended = account == .suspended
    }
    return person
}

/// Everyone of the cast, numbered.
let numberedCast: [User] = Cast.everyone.map { numbered($0) }

/// A roster row for a person of the cast.
func row(_ id: String, _ status: HRStatus, _ unit: String?, _ date: String? = nil, name: String? = nil) -> RosterEntry {
    RosterEntry(employeeNumber: "E-\(id)", status: status, orgUnitCode: unit.map { "K-\($0)" }, effectiveDate: date, name: name)
}

/// Everyone 在職 where the directory shows them, with some rows replaced (by employee number),
/// some removed.
func roster(replacing rows: [RosterEntry] = [], removing: [String] = []) -> Roster {
    let replaced = Dictionary(rows.map { ($0.employeeNumber, $0) }, uniquingKeysWith: { _, last in last })
    var entries = numberedCast.filter { !removing.contains($0.id) }.map { person in
        replaced["E-\(person.id)"] ?? RosterEntry(employeeNumber: "E-\(person.id)", status: .active, orgUnitCode: "K-\(person.primaryOrgUnitId!)")
    }
    entries += rows.filter { row in !entries.contains { $0.employeeNumber == row.employeeNumber } }
    return Roster(entries: entries)
}

/// A snapshot of the coded city with a roster (nil: none).
func rosterSnapshot(
    at time: String = "2026-04-01T06:00:00+09:00", users: [User] = numberedCast, groups: [Group] = [], roster: Roster?,
    transfers: [TransferDate] = []
) -> DirectorySnapshot {
    DirectorySnapshot(takenAt: at(time), orgUnits: codedTree, users: users, groups: groups, transferDates: transfers, roster: roster)
}

/// Everyone numbered, with some people replaced by a variant (same id).
func numberedCast(replacing variants: [User]) -> [User] {
    let replaced = Dictionary(variants.map { ($0.id, $0) }, uniquingKeysWith: { _, last in last })
    return numberedCast.map { replaced[$0.id] ?? $0 }
}

/// The account findings of a snapshot.
func accountFindings(_ snapshot: DirectorySnapshot, settings: AnalysisSettings = defaultSettings) -> [Finding] {
    findings(snapshot, settings: settings).filter { $0.key.groupId.isEmpty }
}

private let accountRules: Set<RuleID> = [.retiredAccountActive, .directoryBehindHR, .accountNotInHR]

struct AccountRuleTests {
    @Test func aRosterThatAgreesWithTheDirectoryGivesNoAccountFindings() {
        #expect(accountFindings(rosterSnapshot(roster: roster())).isEmpty)
        // Without a roster the account rules are not checked at all, even for unnumbered accounts.
        #expect(accountFindings(rosterSnapshot(users: Cast.everyone, roster: nil)).isEmpty)
    }

    // MARK: retired-account-active

    @Test("retired-account-active: 退職 on or before the snapshot's date (the same day included) with an active account")
    func retiredAccountActiveFires() throws {
        let groups = [group("g-1", "防災連絡", masters: ["yamada"], users: ["sato"]), group("g-2", "庶務", masters: ["sato"])]
        for date in ["2026-03-31", "2026-04-01", "2025-12-31"] {
            let snapshot = rosterSnapshot(groups: groups, roster: roster(replacing: [row("sato", .retired, nil, date)]))
            let found = accountFindings(snapshot)
            #expect(found.map(\.key) == [key(.retiredAccountActive, "", "sato")], "退職 \(date)")
        }
        let snapshot = rosterSnapshot(groups: groups, roster: roster(replacing: [row("sato", .retired, Unit.somuKa, "2026-03-31")]))
        let found = accountFindings(snapshot)
        let finding = try #require(found.first { $0.key == key(.retiredAccountActive, "", "sato") })
        #expect(finding.groupName == "")
        #expect(finding.departments == [Unit.somuKa])
        #expect(finding.account == FindingAccount(name: "佐藤 花子", employeeNumber: "E-sato", departmentId: Unit.somuKa))
        #expect(finding.message.contains("E-sato") && finding.message.contains("2026年3月31日"), "\(finding.message)")
        #expect(finding.message.contains("トークグループ 2 件"), "\(finding.message)")
        let evidence = Dictionary(finding.evidence.map { ($0.label, $0.value) }, uniquingKeysWith: { a, _ in a })
        #expect(evidence["職員"] == "佐藤 花子（sato）")
        #expect(evidence["職員番号"] == "E-sato")
        #expect(evidence["人事データ"] == "退職（2026-03-31 付）")
        #expect(evidence["人事データの所属"] == "総務部/総務課")
        #expect(evidence["LINE WORKS の所属"] == "総務部/総務課")
        #expect(evidence["残っているグループ"] == "2件：防災連絡、庶務", "\(evidence)")
    }

    @Test("retired-account-active near misses: the account is suspended or deleted; the retirement is dated the day after the snapshot")
    func retiredAccountActiveNearMisses() {
        let retired = roster(replacing: [row("sato", .retired, nil, "2026-03-31")])
        for account in [Account.suspended, .deleted] {
            let users = numberedCast(replacing: [numbered(Cast.sato, account: account)])
            #expect(accountFindings(rosterSnapshot(users: users, roster: retired)).isEmpty, "\(account)")
        }
        let tomorrow = roster(replacing: [row("sato", .retired, nil, "2026-04-02")])
        #expect(accountFindings(rosterSnapshot(roster: tomorrow)).isEmpty)
        // The snapshot's date is the civil date in the organisation's time zone: 23:30 on 3/31
        // in Tokyo is still 3/31, though it is 4/1 nowhere near UTC.
        let april = roster(replacing: [row("sato", .retired, nil, "2026-04-01")])
        #expect(accountFindings(rosterSnapshot(at: "2026-03-31T23:30:00+09:00", roster: april)).isEmpty)
        #expect(accountFindings(rosterSnapshot(at: "2026-04-01T00:00:00+09:00", roster: april)).map(\.key) == [key(.retiredAccountActive, "", "sato")])
    }

    // MARK: directory-behind-hr

    @Test("directory-behind-hr: another department once transfer_grace_days have passed since the 発令日 (exactly 30 days fires), at once without a date")
    func directoryBehindFires() throws {
        let moved = roster(replacing: [row("sato", .active, Unit.shiminKa, "2026-03-02")])
        let expected = [key(.directoryBehindHR, "", "sato")]
        #expect(accountFindings(rosterSnapshot(at: "2026-04-01T00:00:00+09:00", roster: moved)).map(\.key) == expected)
        #expect(accountFindings(rosterSnapshot(at: "2026-03-31T23:00:00+09:00", roster: moved)).isEmpty, "29 days 23 hours")
        #expect(accountFindings(rosterSnapshot(at: "2026-03-31T23:59:59+09:00", roster: moved)).isEmpty)
        // 休職 counts as in the roster's department too; no date: at once.
        let undated = roster(replacing: [row("sato", .leave, Unit.dxSystem)])
        let finding = try #require(accountFindings(rosterSnapshot(at: "2026-03-01T06:00:00+09:00", roster: undated)).first)
        #expect(finding.key == expected[0])
        #expect(finding.departments == [Unit.somuKa], "routed to the account's department in the directory")
        let evidence = Dictionary(finding.evidence.map { ($0.label, $0.value) }, uniquingKeysWith: { a, _ in a })
        #expect(evidence["人事データ"] == "休職（発令日の記載なし）")
        #expect(evidence["人事データの所属"] == "総務部/ＤＸ推進課")
        #expect(evidence["LINE WORKS の所属"] == "総務部/総務課")
        #expect(finding.message.contains("ＤＸ推進課") && finding.message.contains("総務課"), "\(finding.message)")
        // A different grace period moves the threshold.
        let ten = settings { $0.transferGraceDays = 10 }
        #expect(accountFindings(rosterSnapshot(at: "2026-03-12T00:00:00+09:00", roster: moved), settings: ten).map(\.key) == expected)
        #expect(accountFindings(rosterSnapshot(at: "2026-03-11T23:59:59+09:00", roster: moved), settings: ten).isEmpty)
    }

    @Test("directory-behind-hr near misses: another 係 of the same 課, a code matching no org unit, an inactive account, a retiree")
    func directoryBehindNearMisses() {
        // suzuki is in ＤＸ推進課/企画係; システム係 is the same department at department_level 2.
        #expect(accountFindings(rosterSnapshot(roster: roster(replacing: [row("suzuki", .active, Unit.dxSystem, "2025-04-01")]))).isEmpty)
        let unknown = RosterEntry(employeeNumber: "E-sato", status: .active, orgUnitCode: "K-nowhere", effectiveDate: "2025-04-01")
        #expect(accountFindings(rosterSnapshot(roster: roster(replacing: [unknown]))).isEmpty)
        let moved = roster(replacing: [row("sato", .active, Unit.shiminKa, "2025-04-01")])
        let suspended = numberedCast(replacing: [numbered(Cast.sato, account: .suspended)])
        #expect(accountFindings(rosterSnapshot(users: suspended, roster: moved)).isEmpty)
        // A department_level of 1 makes 総務課 and ＤＸ推進課 the same department (総務部).
        let sideways = roster(replacing: [row("sato", .active, Unit.dxKa)])
        #expect(!accountFindings(rosterSnapshot(roster: sideways)).isEmpty)
        #expect(accountFindings(rosterSnapshot(roster: sideways), settings: settings { $0.departmentLevel = 1 }).isEmpty)
    }

    // MARK: account-not-in-hr

    @Test("account-not-in-hr: an active account whose employee number the roster lacks, or that has none")
    func accountNotInHRFires() throws {
        let missing = accountFindings(rosterSnapshot(roster: roster(removing: ["tanaka"])))
        #expect(missing.map(\.key) == [key(.accountNotInHR, "", "tanaka")])
        let evidence = Dictionary(missing[0].evidence.map { ($0.label, $0.value) }, uniquingKeysWith: { a, _ in a })
        #expect(evidence["職員番号"] == "E-tanaka")
        #expect(missing[0].departments == [Unit.shiminKa])
        #expect(missing[0].message.contains("職員番号 E-tanaka"), "\(missing[0].message)")

        var unnumbered = Cast.tanaka
        unnumbered.employeeNumber = nil
        let none = accountFindings(rosterSnapshot(users: numberedCast(replacing: [unnumbered]), roster: roster()))
        #expect(none.map(\.key) == [key(.accountNotInHR, "", "tanaka")])
        #expect(none.first?.evidence.contains(EvidenceItem("職員番号", "未登録")) == true)
        #expect(none.first?.account?.employeeNumber == "")
        var empty = Cast.tanaka
        empty.employeeNumber = ""
        #expect(accountFindings(rosterSnapshot(users: numberedCast(replacing: [empty]), roster: roster())).map(\.key) == [key(.accountNotInHR, "", "tanaka")])
    }

    @Test("account-not-in-hr near misses: hr.ignore_users by user id or by e-mail, an inactive account")
    func accountNotInHRNearMisses() {
        let shared = numbered(user("kyoyu", "共用 窓口", in: Unit.shiminKa), "", email: "madoguchi@city.example")
        let users = numberedCast + [shared]
        #expect(accountFindings(rosterSnapshot(users: users, roster: roster())).map(\.key) == [key(.accountNotInHR, "", "kyoyu")])
        #expect(accountFindings(rosterSnapshot(users: users, roster: roster()), settings: settings { $0.ignoreUsers = ["kyoyu"] }).isEmpty)
        #expect(accountFindings(rosterSnapshot(users: users, roster: roster()), settings: settings { $0.ignoreUsers = ["madoguchi@city.example"] }).isEmpty)
        // An e-mail address of someone else does not cover this account.
        #expect(!accountFindings(rosterSnapshot(users: users, roster: roster()), settings: settings { $0.ignoreUsers = ["other@city.example"] }).isEmpty)
        for account in [Account.suspended, .deleted] {
            let inactive = numberedCast + [numbered(user("kyoyu", "共用 窓口", in: Unit.shiminKa, account: account), "")]
            #expect(accountFindings(rosterSnapshot(users: inactive, roster: roster())).isEmpty, "\(account)")
        }
    }

    // MARK: matching

    @Test("hr.match_by = email matches the roster's email column against the account's e-mail, not the employee number")
    func matchByEmail() {
        let users = numberedCast.map { numbered($0, "E-\($0.id)", email: "\($0.id)@city.example") }
        var entries = users.map { person in
            RosterEntry(employeeNumber: "N-\(person.id)", status: .active, orgUnitCode: "K-\(person.primaryOrgUnitId!)", matchValue: "\(person.id)@city.example")
        }
        // sato has retired; tanaka's row carries tanaka's employee number but another address.
        entries[1] = RosterEntry(employeeNumber: "N-sato", status: .retired, effectiveDate: "2026-03-31", matchValue: "sato@city.example")
        let tanaka = entries.firstIndex { $0.employeeNumber == "N-tanaka" }!
        entries[tanaka] = RosterEntry(employeeNumber: "E-tanaka", status: .active, orgUnitCode: "K-shimin-ka", matchValue: "t.tanaka@city.example")
        let byEmail = settings { $0.rosterMatching = RosterMatching(matchBy: .email) }
        let found = accountFindings(rosterSnapshot(users: users, roster: Roster(entries: entries)), settings: byEmail)
        #expect(found.map(\.key) == [key(.accountNotInHR, "", "tanaka"), key(.retiredAccountActive, "", "sato")].sorted())
        #expect(found.first { $0.key.rule == .retiredAccountActive }?.account?.employeeNumber == "N-sato")
        // By employee number (the default) the same roster matches nobody but tanaka.
        let byNumber = accountFindings(rosterSnapshot(users: users, roster: Roster(entries: entries)))
        #expect(byNumber.count == users.count - 1 && !byNumber.contains { $0.key.subject == "tanaka" })
    }

    @Test func hrOrgUnitMatchByOrgUnitIdMatchesTheId() {
        let byId = settings { $0.rosterMatching = RosterMatching(orgUnitMatchBy: .orgUnitId) }
        let moved = Roster(entries: roster().entries.map { entry in
            var entry = entry
            entry.orgUnitCode = entry.orgUnitCode.map { String($0.dropFirst(2)) }
            if entry.employeeNumber == "E-sato" { entry.orgUnitCode = Unit.shiminKa }
            return entry
        })
        #expect(accountFindings(rosterSnapshot(roster: moved), settings: byId).map(\.key) == [key(.directoryBehindHR, "", "sato")])
    }

    @Test func aDisabledAccountRuleProducesNothing() {
        let snapshot = rosterSnapshot(
            roster: roster(replacing: [row("sato", .retired, nil, "2026-03-31"), row("kato", .active, Unit.dxKa)], removing: ["tanaka"])
        )
        #expect(Set(accountFindings(snapshot).map(\.key.rule)) == accountRules)
        for rule in accountRules {
            let found = accountFindings(snapshot, settings: settings { $0.disabledRules = [rule.rawValue] })
            #expect(!found.contains { $0.key.rule == rule }, "\(rule)")
            #expect(found.count == 2, "\(rule): the other two rules still fire")
        }
        #expect(accountFindings(snapshot, settings: settings { $0.disabledRules = accountRules.map(\.rawValue) }).isEmpty)
    }

    @Test("The CP932 and UTF-8-with-BOM files of one roster give the same findings")
    func encodingsGiveTheSameFindings() throws {
        let text = "employeeNumber,status,orgUnitCode,effectiveDate,name\r\nE-sato,退職,,2026-03-31,佐藤 花子\r\nE-kato,在職,K-dx-ka,,加藤 次郎\r\n"
        // The same file in CP932, written out by hand: 退職 = 91DE 9045, 在職 = 8DDD 9045,
        // 佐藤 花子 = 8DB2 93A1 20 89D4 8E71, 加藤 次郎 = 89C1 93A1 20 8E9F 9859.
        var cp932: [UInt8] = Array("employeeNumber,status,orgUnitCode,effectiveDate,name\r\nE-sato,".utf8)
        cp932 += [0x91, 0xDE, 0x90, 0x45] + Array(",,2026-03-31,".utf8) + [0x8D, 0xB2, 0x93, 0xA1, 0x20, 0x89, 0xD4, 0x8E, 0x71]
        cp932 += Array("\r\nE-kato,".utf8) + [0x8D, 0xDD, 0x90, 0x45] + Array(",K-dx-ka,,".utf8)
        cp932 += [0x89, 0xC1, 0x93, 0xA1, 0x20, 0x8E, 0x9F, 0x98, 0x59] + Array("\r\n".utf8)
        func read(_ data: Data, _ encoding: RosterInput.Encoding) throws -> Roster {
            try RosterCSV.parse(data, file: "hr.csv", encoding: encoding, civilTime: tokyo)
        }
        let bom = try read(Data([0xEF, 0xBB, 0xBF]) + Data(text.utf8), .utf8)
        let shiftJIS = try read(Data(cp932), .cp932)
        #expect(bom == shiftJIS)
        let users = numberedCast.filter { ["sato", "kato"].contains($0.id) }
        let a = accountFindings(rosterSnapshot(users: users, roster: bom))
        let b = accountFindings(rosterSnapshot(users: users, roster: shiftJIS))
        #expect(Set(a.map(\.key)) == [key(.directoryBehindHR, "", "kato"), key(.retiredAccountActive, "", "sato")])
        #expect(a == b)
    }
}

/// Account findings across snapshots, and transfers dated by the roster, in a store.
struct AccountLifecycleTests {
    private let retired = roster(replacing: [row("sato", .retired, nil, "2026-03-31")])

    @Test("A snapshot without a roster neither lists nor resolves account findings; the next roster snapshot carries them on as open")
    func carriedAcrossASnapshotWithoutRoster() throws {
        let h = try History()
        let april = try h.add(rosterSnapshot(at: "2026-04-01T06:00:00+09:00", roster: retired))
        let sato = key(.retiredAccountActive, "", "sato")
        #expect(try h.status(sato, at: april) == .new)
        let may = try h.add(rosterSnapshot(at: "2026-05-01T06:00:00+09:00", roster: nil))
        #expect(try h.states(may).filter { $0.key.groupId.isEmpty }.isEmpty, "neither listed nor resolved")
        let june = try h.add(rosterSnapshot(at: "2026-06-01T06:00:00+09:00", roster: retired))
        let state = try #require(try h.state(sato, at: june))
        #expect(state.status == .open)
        #expect(state.firstSeen == at("2026-04-01T06:00:00+09:00"))
    }

    @Test("An account finding gone at the next roster snapshot is resolved there, not at the snapshot without a roster")
    func resolvedAtTheNextRosterSnapshot() throws {
        let h = try History()
        _ = try h.add(rosterSnapshot(at: "2026-04-01T06:00:00+09:00", roster: retired))
        let may = try h.add(rosterSnapshot(at: "2026-05-01T06:00:00+09:00", roster: nil))
        let gone = numberedCast(replacing: [numbered(Cast.sato, account: .deleted)])
        let june = try h.add(rosterSnapshot(at: "2026-06-01T06:00:00+09:00", users: gone, roster: retired))
        let sato = key(.retiredAccountActive, "", "sato")
        #expect(try h.state(sato, at: may) == nil)
        let state = try #require(try h.state(sato, at: june))
        #expect(state.status == .resolved)
        #expect(state.finding.account?.employeeNumber == "E-sato")
    }

    @Test func aDisabledAccountRuleStoresNothing() throws {
        let h = try History(settings: settings { $0.disabledRules = ["retired-account-active"] })
        let april = try h.add(rosterSnapshot(at: "2026-04-01T06:00:00+09:00", roster: retired))
        #expect(try h.present(.retiredAccountActive, at: april).isEmpty)
    }

    // MARK: transfer dating

    /// March: sato in 総務課. April: sato in 市民課 in the directory, with the given roster and
    /// transfers.csv rows. Returns the stored transfer and its `dated_by` column.
    private func april(roster: Roster?, transfers: [TransferDate] = []) throws -> (StoredTransfer, String) {
        let h = try History()
        _ = try h.add(rosterSnapshot(at: "2026-03-01T06:00:00+09:00", roster: nil))
        let moved = numberedCast(replacing: [numbered(user("sato", "佐藤 花子", in: Unit.shiminKa, position: "主事"))])
        let id = try h.add(rosterSnapshot(at: "2026-04-01T06:00:00+09:00", users: moved, roster: roster, transfers: transfers))
        let transfer = try #require(try h.store.latestTransfers(atOrBefore: at("2026-04-01T06:00:00+09:00"))["sato"])
        #expect(transfer.snapshotId == id)
        let datedBy = try h.store.writer.read { db in
            try String.fetchOne(db, sql: "SELECT dated_by FROM transfer WHERE snapshot_id = ? AND user_id = 'sato'", arguments: [id])
        }
        return (transfer, datedBy ?? "")
    }

    @Test("A transfer without a transfers.csv row is dated by the roster's effectiveDate when the roster places the person in the new department")
    func rosterDatesATransfer() throws {
        let (transfer, datedBy) = try april(roster: roster(replacing: [row("sato", .active, Unit.shiminKa, "2026-03-25")]))
        #expect(transfer.datedBy == .roster && datedBy == "hr")
        #expect(transfer.effectiveAt == at("2026-03-25"))
        #expect(transfer.to.departmentId == Unit.shiminKa)
    }

    @Test func transfersCSVWinsOverTheRoster() throws {
        let (transfer, datedBy) = try april(
            roster: roster(replacing: [row("sato", .active, Unit.shiminKa, "2026-03-25")]),
            transfers: [TransferDate(userId: "sato", effectiveDate: "2026-03-20")]
        )
        #expect(transfer.datedBy == .csv && datedBy == "csv")
        #expect(transfer.effectiveAt == at("2026-03-20"))
    }

    @Test("A roster row naming another department, or no date, does not date the transfer")
    func aRosterRowElsewhereDoesNotDate() throws {
        for rows in [[row("sato", .active, Unit.dxKa, "2026-03-25")], [row("sato", .active, Unit.shiminKa)], [row("sato", .retired, Unit.shiminKa, "2026-03-25")]] {
            let (transfer, datedBy) = try april(roster: roster(replacing: rows))
            #expect(transfer.datedBy == .snapshot && datedBy == "snapshot", "\(rows)")
            #expect(transfer.effectiveAt == at("2026-04-01T06:00:00+09:00"))
        }
        let (withoutRoster, _) = try april(roster: nil)
        #expect(withoutRoster.datedBy == .snapshot)
    }
}
