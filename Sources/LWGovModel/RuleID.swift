/// The guideline rules lwgov checks; raw values are part of the contract (SPEC 3).
public enum RuleID: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case notPublic = "not-public"
    case noManager = "no-manager"
    case missingDepartmentManager = "missing-department-manager"
    case noActiveMaster = "no-active-master"
    case singleMaster = "single-master"
    case staleAfterTransfer = "stale-after-transfer"
    case inactiveMember = "inactive-member"

    public var severity: Severity {
        switch self {
        case .notPublic, .noManager, .noActiveMaster: .high
        case .missingDepartmentManager, .singleMaster, .staleAfterTransfer: .medium
        case .inactiveMember: .low
        }
    }

    /// The guideline clause the rule enforces, as the guideline names it.
    public var clause: String {
        switch self {
        case .notPublic: "トークグループ 03"
        case .noManager, .missingDepartmentManager: "トークグループ 01"
        case .noActiveMaster, .singleMaster: "トークグループ 02"
        case .staleAfterTransfer: "トークグループ 04"
        case .inactiveMember: "コンプライアンス 03"
        }
    }

    /// A short Japanese title for tables and headings.
    public var title: String {
        switch self {
        case .notPublic: "非公開グループ"
        case .noManager: "管理職不在"
        case .missingDepartmentManager: "関係課の管理職不在"
        case .noActiveMaster: "有効なマスター不在"
        case .singleMaster: "マスター1名のみ"
        case .staleAfterTransfer: "異動後の未見直し"
        case .inactiveMember: "退職・停止アカウント残存"
        }
    }

    /// A column-header label (a few characters).
    public var shortTitle: String {
        switch self {
        case .notPublic: "非公開"
        case .noManager: "管理職なし"
        case .missingDepartmentManager: "関係課管理職"
        case .noActiveMaster: "マスター無効"
        case .singleMaster: "マスター1名"
        case .staleAfterTransfer: "異動後未見直し"
        case .inactiveMember: "退職者等残存"
        }
    }

    /// Order of presentation: the order of the SPEC table (the declaration order; a test holds
    /// the two together). A switch, because every finding-key comparison asks for it.
    public var order: Int {
        switch self {
        case .notPublic: 0
        case .noManager: 1
        case .missingDepartmentManager: 2
        case .noActiveMaster: 3
        case .singleMaster: 4
        case .staleAfterTransfer: 5
        case .inactiveMember: 6
        }
    }

    public static func < (lhs: RuleID, rhs: RuleID) -> Bool { lhs.order < rhs.order }
}
