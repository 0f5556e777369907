import LWGovModel

/// A manager close to a group who does not count as its manager, and why (SPEC 3.0): what
/// `no-manager` and `missing-department-manager` say so that the fix is obvious.
public struct NearManager: Sendable, Hashable {
    /// Why the manager does not count. When several apply, the first in declaration order is
    /// given: it is the one whose fix makes them count.
    public enum Reason: Sendable, Hashable {
        /// On 休職 (and `managers.count_on_leave` is false): no action on this person helps.
        case onLeave
        /// A master who is not a member: in LINE WORKS a master is not in the talk by being one.
        case masterNotMember
        /// Reaches the group only through an ORGUNIT member, with a post whose
        /// `useTeamFeature` is false (`orgUnitId`: that post's unit).
        case teamFeatureOff(orgUnitId: String)
    }

    public let user: Int32
    public let reason: Reason
}

extension GroupContext {
    /// The managers (of `department`, or of any department when nil) who are near the group but
    /// do not count: active masters who are not members, members on leave, and holders of a
    /// `useTeamFeature: false` post in one of its ORGUNIT members (its closure's). In user id order.
    func nearManagers(of department: String? = nil) -> [NearManager] {
        func qualifies(_ n: Int32) -> Bool {
            index.active[Int(n)] && index.managerPosts[Int(n)].contains { department == nil || $0.department == department }
        }
        func leaveExcludes(_ n: Int32) -> Bool { !countOnLeave && index.isOnLeave(n) }
        var found: [Int32: NearManager.Reason] = [:]
        for n in activeEffective where qualifies(n) && leaveExcludes(n) { found[n] = .onLeave }
        for n in activeMasters where qualifies(n) && !isEffective(n) && found[n] == nil {
            found[n] = leaveExcludes(n) ? .onLeave : .masterNotMember
        }
        // Posts without the team feature are rare: look at each and ask whether one of the
        // closure's ORGUNIT members stands for its unit, instead of walking every member's subtree.
        if !index.teamFeatureOffPosts.isEmpty {
            let reachable = membership.reachableOrgUnits(from: position, groups: groups)
            for post in index.teamFeatureOffPosts where reachable.contains(where: {
                index.orgUnitMember($0, reaches: post.unitId, includeSubunits: membership.orgunitIncludesSubunits)
            }) {
                for n in post.users where found[n] == nil && qualifies(n) && !isEffective(n) {
                    found[n] = leaveExcludes(n) ? .onLeave : .teamFeatureOff(orgUnitId: post.unitId)
                }
            }
        }
        return found.map { NearManager(user: $0.key, reason: $0.value) }
            .sorted { index.userIds[Int($0.user)].utf8.lexicographicallyPrecedes(index.userIds[Int($1.user)].utf8) }
    }

    /// What a finding says about near managers: a sentence each for the message, the one action
    /// each for the remediation, and the evidence line. Nil when nobody is near.
    func explain(_ near: [NearManager], department: String? = nil) -> (message: String, remediation: String, evidence: EvidenceItem)? {
        guard !near.isEmpty else { return nil }
        var facts: [String] = []
        var actions: [String] = []
        var evidence: [String] = []
        for person in near {
            let who = index.nameWithPosition(person.user, in: department)
            switch person.reason {
            case .onLeave:
                facts.append("\(who)は休職中のため、管理職として数えていません。")
                actions.append("休職中の\(who)に代わる管理職をメンバーに追加してください。")
                evidence.append("\(who)（休職中）")
            case .masterNotMember:
                facts.append("\(who)はマスターですがメンバーではありません。")
                actions.append("\(who)をメンバーに追加してください。")
                evidence.append("\(who)（マスターのみ・メンバーではない）")
            case .teamFeatureOff(let unit):
                let unitName = index.departmentName(unit)
                facts.append("\(who)は\(unitName)の所属でチーム機能が無効のため、組織でのメンバー指定ではトークに参加していません。")
                actions.append("\(who)を個人としてメンバーに追加してください。")
                evidence.append("\(who)（\(unitName)の所属はチーム機能が無効）")
            }
        }
        return (
            facts.joined(), actions.joined(),
            EvidenceItem(EvidenceItem.notCountedManagersLabel, evidence.joined(separator: "、"))
        )
    }
}
