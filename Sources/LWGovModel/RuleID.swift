/// The guideline rules lwgov checks; raw values are part of the contract (SPEC 3).
public enum RuleID: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case notPublic = "not-public"
    case noManager = "no-manager"
    case missingDepartmentManager = "missing-department-manager"
    case noActiveMaster = "no-active-master"
    case singleMaster = "single-master"
    case staleAfterTransfer = "stale-after-transfer"
    case inactiveMember = "inactive-member"
    case retiredAccountActive = "retired-account-active"
    case directoryBehindHR = "directory-behind-hr"
    case accountNotInHR = "account-not-in-hr"

    public var severity: Severity {
        switch self {
        case .notPublic, .noManager, .noActiveMaster, .retiredAccountActive: .high
        case .missingDepartmentManager, .singleMaster, .staleAfterTransfer, .directoryBehindHR: .medium
        case .inactiveMember, .accountNotInHR: .low
        }
    }

    /// The guideline clause the rule enforces, as the guideline names it.
    public var clause: String {
        switch self {
        case .notPublic: "トークグループ 03"
        case .noManager, .missingDepartmentManager: "トークグループ 01"
        case .noActiveMaster, .singleMaster: "トークグループ 02"
        case .staleAfterTransfer, .directoryBehindHR: "トークグループ 04"
        case .inactiveMember, .retiredAccountActive: "コンプライアンス 03"
        // The SPEC marks this reading of the clause with ※: an account nobody in HR stands behind.
        case .accountNotInHR: "情報セキュリティ 01 ※"
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
        case .retiredAccountActive: "退職者アカウントの残存"
        case .directoryBehindHR: "人事異動の未反映"
        case .accountNotInHR: "人事データにないアカウント"
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
        case .retiredAccountActive: "退職者"
        case .directoryBehindHR: "異動未反映"
        case .accountNotInHR: "人事外"
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
        case .retiredAccountActive: 7
        case .directoryBehindHR: 8
        case .accountNotInHR: 9
        }
    }

    /// A rule about an account, compared with the HR roster (SPEC 3.5): its findings have no
    /// group (an empty `groupId`) and the account's user id as subject.
    public var isAboutAccount: Bool {
        switch self {
        case .retiredAccountActive, .directoryBehindHR, .accountNotInHR: true
        default: false
        }
    }

    /// The rules about talk groups, in order.
    public static let groupRules = allCases.filter { !$0.isAboutAccount }
    /// The rules about accounts, in order.
    public static let accountRules = allCases.filter(\.isAboutAccount)

    public static func < (lhs: RuleID, rhs: RuleID) -> Bool { lhs.order < rhs.order }
}
