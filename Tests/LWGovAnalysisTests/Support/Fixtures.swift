import Foundation
import Logging
import LWGovAnalysis
import LWGovModel
import LWGovStore
import Testing

// A small city every analysis test shares.
//
//     総務部 (somu-bu)
//     ├─ 総務課 (somu-ka)
//     └─ ＤＸ推進課 (dx-ka)
//        ├─ 企画係 (dx-kikaku)
//        └─ システム係 (dx-system)
//     市民部 (shimin-bu)
//     └─ 市民課 (shimin-ka)
//
// With the default department_level 2 the departments are 総務課, ＤＸ推進課 and 市民課;
// a unit placed directly in a 部 is its own department.

/// The org unit ids of the test tree.
enum Unit {
    static let somuBu = "somu-bu"
    static let somuKa = "somu-ka"
    static let dxKa = "dx-ka"
    static let dxKikaku = "dx-kikaku"
    static let dxSystem = "dx-system"
    static let shiminBu = "shimin-bu"
    static let shiminKa = "shimin-ka"

    static let tree: [OrgUnit] = [
        OrgUnit(id: somuBu, name: "総務部", displayOrder: 1),
        OrgUnit(id: somuKa, name: "総務課", parentId: somuBu, displayOrder: 1),
        OrgUnit(id: dxKa, name: "ＤＸ推進課", parentId: somuBu, displayOrder: 2),
        OrgUnit(id: dxKikaku, name: "企画係", parentId: dxKa, displayOrder: 1),
        OrgUnit(id: dxSystem, name: "システム係", parentId: dxKa, displayOrder: 2),
        OrgUnit(id: shiminBu, name: "市民部", displayOrder: 2),
        OrgUnit(id: shiminKa, name: "市民課", parentId: shiminBu, displayOrder: 1),
    ]
}

/// The organisation's time zone.
let tokyo = CivilTime(identifier: "Asia/Tokyo")!

/// A moment written as the organisation writes it: `2026-04-01T06:00:00+09:00`, or a bare
/// `2026-04-01` for midnight in Tokyo.
func at(_ text: String) -> Date {
    guard let date = tokyo.parseTimestamp(text) else { fatalError("bad test time \(text)") }
    return date
}

/// An account's state in the directory.
enum Account {
    case active, deleted, suspended, pending, awaiting
}

/// A user with a primary post in `unit`, optional concurrent posts (兼務) and an account state.
///
/// `name` is 「姓 名」, split at the space.
func user(
    _ id: String, _ name: String, in unit: String, position: String? = nil, isManager: Bool = false,
    kenmu: [OrgEntry] = [], account: Account = .active, onLeave: Bool = false
) -> User {
    let parts = name.split(separator: " ", maxSplits: 1).map(String.init)
    let primary = OrgEntry(orgUnitId: unit, positionName: position, isManager: isManager, isPrimary: true)
    return User(
        id: id, lastName: parts.first ?? "", firstName: parts.count > 1 ? parts[1] : "",
        isDeleted: account == .deleted, isSuspended: account == .suspended, isPending: account == .pending,
        isAwaiting: account == .awaiting, isOnLeave: onLeave, entries: [primary] + kenmu
    )
}

/// A concurrent post (兼務): a non-primary org-unit entry of the user's primary organization.
func kenmu(_ unit: String, position: String? = nil, isManager: Bool = false, useTeamFeature: Bool = true) -> OrgEntry {
    OrgEntry(orgUnitId: unit, positionName: position, isManager: isManager, isPrimary: false, useTeamFeature: useTeamFeature)
}

/// The people of the test city. Managers by `positionName` unless stated.
enum Cast {
    /// 総務課長.
    static let yamada = user("yamada", "山田 太郎", in: Unit.somuKa, position: "課長")
    /// 総務課 主事.
    static let sato = user("sato", "佐藤 花子", in: Unit.somuKa, position: "主事")
    /// 総務課 主事.
    static let kato = user("kato", "加藤 次郎", in: Unit.somuKa, position: "主事")
    /// ＤＸ推進課長.
    static let takahashi = user("takahashi", "高橋 健", in: Unit.dxKa, position: "課長")
    /// ＤＸ推進課 企画係 主任.
    static let suzuki = user("suzuki", "鈴木 一郎", in: Unit.dxKikaku, position: "主任")
    /// 市民課 主事.
    static let tanaka = user("tanaka", "田中 美咲", in: Unit.shiminKa, position: "主事")
    /// 市民課長.
    static let ito = user("ito", "伊藤 誠", in: Unit.shiminKa, position: "課長")
    /// 総務部長, placed directly in the 部.
    static let watanabe = user("watanabe", "渡辺 修", in: Unit.somuBu, position: "部長")

    static let everyone = [yamada, sato, kato, takahashi, suzuki, tanaka, ito, watanabe]

    /// Everyone, with some people replaced by a variant of themselves (same id) and others added.
    static func everyone(replacing variants: [User]) -> [User] {
        let replaced = Dictionary(variants.map { ($0.id, $0) }, uniquingKeysWith: { _, last in last })
        let known = Set(everyone.map(\.id))
        return everyone.map { replaced[$0.id] ?? $0 } + variants.filter { !known.contains($0.id) }
    }
}

/// A talk group. Members are listed by kind: user ids, org unit ids, group ids.
func group(
    _ id: String, _ name: String? = nil, visible: Bool = true, masters: [String] = [], users: [String] = [],
    orgUnits: [String] = [], groups: [String] = []
) -> Group {
    Group(
        id: id, name: name ?? "グループ\(id)", visible: visible, administrators: masters,
        members: users.map { GroupMember(id: $0, type: .user) } + orgUnits.map { GroupMember(id: $0, type: .orgUnit) }
            + groups.map { GroupMember(id: $0, type: .group) }
    )
}

/// A snapshot of the test tree; by default everyone in `Cast` is in the user list.
func snapshot(
    at time: String = "2026-04-01T06:00:00+09:00", users: [User] = Cast.everyone, groups: [Group],
    transfers: [TransferDate] = [], orgUnits: [OrgUnit] = Unit.tree
) -> DirectorySnapshot {
    DirectorySnapshot(takenAt: at(time), orgUnits: orgUnits, users: users, groups: groups, transferDates: transfers)
}

/// Settings from the default configuration (SPEC 6), with optional changes.
func settings(_ change: (inout AnalysisSettings) -> Void = { _ in }) -> AnalysisSettings {
    var settings = AnalysisSettings(civilTime: tokyo)
    change(&settings)
    return settings
}

/// The settings of an organisation that changed nothing.
let defaultSettings = settings()

/// Every finding key the rules produce for one snapshot, in key order.
func check(
    _ snapshot: DirectorySnapshot, history: StalenessHistory = StalenessHistory(),
    settings: AnalysisSettings = defaultSettings
) -> [FindingKey] {
    findings(snapshot, history: history, settings: settings).map(\.key)
}

/// The findings (with messages and routing) the rules produce for one snapshot.
func findings(
    _ snapshot: DirectorySnapshot, history: StalenessHistory = StalenessHistory(),
    settings: AnalysisSettings = defaultSettings
) -> [Finding] {
    Checker.check(snapshot: snapshot, settings: settings, history: history).findings
}

/// The keys one rule produces for one snapshot.
func keys(_ rule: RuleID, in snapshot: DirectorySnapshot, settings: AnalysisSettings = defaultSettings) -> [FindingKey] {
    check(snapshot, settings: settings).filter { $0.rule == rule }
}

/// The one finding with this key, or nil.
func finding(_ key: FindingKey, in snapshot: DirectorySnapshot, settings: AnalysisSettings = defaultSettings) -> Finding? {
    findings(snapshot, settings: settings).first { $0.key == key }
}

/// `FindingKey` shorthand.
func key(_ rule: RuleID, _ groupId: String, _ subject: String = "") -> FindingKey {
    FindingKey(rule: rule, groupId: groupId, subject: subject)
}

/// A store fed one snapshot at a time and analysed after each, as the monthly `lwgov run` does.
struct History {
    let store: Store
    let analyzer: Analyzer
    let settings: AnalysisSettings

    init(settings: AnalysisSettings = defaultSettings) throws {
        store = try Store.inMemory()
        var logger = Logger(label: "lwgov-analysis-tests")
        logger.logLevel = .error
        analyzer = Analyzer(store: store, settings: settings, logger: logger)
        self.settings = settings
    }

    /// Stores the snapshot and analyses everything pending; returns the snapshot id.
    @discardableResult
    func add(_ snapshot: DirectorySnapshot) throws -> Int64 {
        let options = StoreOptions(departmentLevel: settings.departmentLevel, civilTime: tokyo, keepSnapshots: 24)
        guard case .stored(let id, _, _) = try store.store(snapshot, source: "test", options: options) else {
            throw StoreError(.internal, "test snapshot at \(tokyo.timestamp(snapshot.takenAt)) was a duplicate")
        }
        _ = try analyzer.analyzePending()
        return id
    }

    /// Every finding state stored for the snapshot (present and resolved), in key order.
    func states(_ snapshotId: Int64) throws -> [FindingRecord] {
        try store.findingStates(snapshotId: snapshotId)
    }

    /// The stored state of one finding at the snapshot, or nil when it is not recorded there.
    func state(_ key: FindingKey, at snapshotId: Int64) throws -> FindingRecord? {
        try states(snapshotId).first { $0.key == key }
    }

    /// The status of one finding at the snapshot, or nil.
    func status(_ key: FindingKey, at snapshotId: Int64) throws -> FindingStatus? {
        try state(key, at: snapshotId)?.status
    }

    /// Keys of one rule recorded at the snapshot with a present status.
    func present(_ rule: RuleID, at snapshotId: Int64) throws -> [FindingKey] {
        try states(snapshotId).filter { $0.key.rule == rule && $0.status.isPresent }.map(\.key)
    }
}
