/// What is wrong with an org-unit list as a tree.
public enum OrgTreeProblem: Sendable, Hashable {
    case unknownParent(index: Int, unitId: String, parentId: String)
    case cycle(index: Int, unitId: String)
}
