import LWGovModel

/// One guideline rule, checked group by group.
public protocol GroupRule: Sendable {
    var id: RuleID { get }
    /// The findings of this rule for one group; empty when it does not fire.
    func findings(in group: GroupContext) -> [Finding]
}

extension Group {
    /// Direct USER members and masters, each once, in id order, with their roles: a merge of
    /// the two sorted lists, without hashing a million ids into sets.
    func directPeople() -> [(id: String, isMaster: Bool, isMember: Bool)] {
        let masters = administrators
        let members = directUserIds
        var result: [(id: String, isMaster: Bool, isMember: Bool)] = []
        result.reserveCapacity(masters.count + members.count)
        var i = 0, j = 0
        while i < masters.count || j < members.count {
            if j == members.count || (i < masters.count && masters[i] < members[j]) {
                result.append((masters[i], true, false))
                i += 1
            } else if i == masters.count || members[j] < masters[i] {
                result.append((members[j], false, true))
                j += 1
            } else {
                result.append((masters[i], true, true))
                i += 1
                j += 1
            }
        }
        return result
    }
}
