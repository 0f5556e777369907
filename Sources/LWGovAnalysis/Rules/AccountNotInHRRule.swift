import LWGovModel

/// An active account that no roster row matches and that is not a known service or shared
/// account (`hr.ignore_users`). Guideline 情報セキュリティ 01 (read by the SPEC, ※): an account
/// nobody in HR stands behind may be a shared ID or one left behind.
struct AccountNotInHRRule: AccountRule {
    let id = RuleID.accountNotInHR

    func findings(in accounts: AccountContext) -> [Finding] {
        accounts.activeUsers.compactMap { user in
            guard accounts.roster.rowsByUser[user.id] == nil, !accounts.ignoreUsers.contains(user.id),
                  !(user.email.map(accounts.ignoreUsers.contains) ?? false)
            else { return nil }
            let who = accounts.who(user)
            let number = user.employeeNumber?.isEmpty == false ? user.employeeNumber : nil
            let why = number.map { "職員番号 \($0) の職員は人事データにいません。" } ?? "職員番号が登録されておらず、人事データと照合できません。"
            return accounts.finding(
                id, user: user, employeeNumber: number,
                message: "\(who)のアカウント（\(user.id)）は有効ですが、\(why)",
                remediation: "不要なアカウントであれば\(accounts.responsibleSection)へ削除を依頼してください。共有アカウントとして使う場合は利用者を必要最小限とし、\(accounts.responsibleSection)へ届け出てください。",
                evidence: accounts.personEvidence(user, employeeNumber: number) + [
                    EvidenceItem("メールアドレス", user.email ?? "なし"),
                    EvidenceItem("LINE WORKS の所属", accounts.departmentPath(accounts.department(of: user))),
                ]
            )
        }
    }
}
