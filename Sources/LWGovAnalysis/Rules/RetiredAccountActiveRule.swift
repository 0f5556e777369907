import LWGovModel

/// An active account of a person the HR roster says has retired, on or before the snapshot's
/// date. Guideline コンプライアンス 03: retirees are reported so that the ＤＸ推進課 deletes their
/// accounts.
struct RetiredAccountActiveRule: AccountRule {
    let id = RuleID.retiredAccountActive
    /// Group names listed in the evidence; the count says how many there are.
    static let groupNamesShown = 5

    func findings(in accounts: AccountContext) -> [Finding] {
        let today = accounts.civilTime.day(accounts.snapshotTakenAt)
        var retirees: [(user: User, entry: RosterEntry, department: String?)] = []
        for user in accounts.activeUsers {
            guard let row = accounts.roster.firstEntry(of: user.id, where: { entry in
                entry.status == .retired && (entry.effectiveDate.map { $0 <= today } ?? false)
            }) else { continue }
            retirees.append((user, row.entry, row.department))
        }
        guard !retirees.isEmpty else { return [] }
        // The groups each retiree is still a direct member or master of, in snapshot order.
        var groupsOf: [String: [String]] = [:]
        let ids = Set(retirees.map(\.user.id))
        for group in accounts.groups {
            // Each retiree once per group, as a member, a master or both.
            var found: Set<String> = []
            for member in group.members where member.type == .user && ids.contains(member.id) { found.insert(member.id) }
            for master in group.administrators where ids.contains(master) { found.insert(master) }
            for id in found { groupsOf[id, default: []].append(group.name) }
        }
        return retirees.map { user, entry, rosterDepartment in
            let date = entry.effectiveDate ?? ""
            let groups = groupsOf[user.id] ?? []
            let who = accounts.who(user)
            var message = "\(who)（職員番号 \(entry.employeeNumber)）は人事データで\(accounts.japaneseDay(date))付の退職となっていますが、LINE WORKS のアカウントが有効なままです。"
            if !groups.isEmpty { message += "トークグループ \(groups.count) 件にメンバーまたはマスターとして残っています。" }
            let shown = groups.prefix(Self.groupNamesShown).joined(separator: "、")
            let more = groups.count > Self.groupNamesShown ? " ほか\(groups.count - Self.groupNamesShown)件" : ""
            return accounts.finding(
                id, user: user, employeeNumber: entry.employeeNumber, message: message,
                remediation: "\(who)の退職を\(accounts.responsibleSection)へ届け出て、アカウントの削除を依頼してください。",
                evidence: accounts.personEvidence(user, employeeNumber: entry.employeeNumber) + [
                    EvidenceItem("人事データ", "\(entry.status.japanese)（\(date) 付）"),
                    EvidenceItem("人事データの所属", rosterDepartment.map(accounts.departmentPath) ?? (entry.orgUnitCode.map { "不明（コード \($0)）" } ?? "記載なし")),
                    EvidenceItem("LINE WORKS の所属", accounts.departmentPath(accounts.department(of: user))),
                    EvidenceItem("残っているグループ", groups.isEmpty ? "なし" : "\(groups.count)件：\(shown)\(more)"),
                ]
            )
        }
    }
}
