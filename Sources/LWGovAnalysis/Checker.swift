import Foundation
import LWGovModel
import LWGovStore

/// Applies the rules to one snapshot: pure, no store (SPEC 2.2–3).
public enum Checker {
    public struct Output: Sendable {
        public var findings: [Finding]
        public var groups: [GroupSummary]
        public var departments: [Department]
    }

    public static func check(snapshot: DirectorySnapshot, settings: AnalysisSettings, history: StalenessHistory) -> Output {
        var index = DirectoryIndex(
            snapshot: snapshot, departmentLevel: settings.departmentLevel, managerPositions: settings.managerPositions,
            countOnLeave: settings.countOnLeave
        )
        // Registers every referenced user id in the index (unknown ids become inactive users).
        let membership = EffectiveMembership(
            groups: snapshot.groups, index: &index, mastersAreMembers: settings.mastersAreMembers,
            orgunitIncludesSubunits: settings.orgunitIncludesSubunits
        )
        let rules = RuleRegistry.enabled(disabled: settings.disabledRules)
        let frozenIndex = index
        // Groups are independent: each core checks a contiguous share, and the shares are joined
        // in group order, so the result does not depend on the number of cores.
        let groupCount = snapshot.groups.count
        let shares = max(1, min(ProcessInfo.processInfo.activeProcessorCount, groupCount / 512))
        let parts = parallelMap(shares) { share -> (findings: [Finding], groups: [GroupSummary]) in
            var findings: [Finding] = []
            var groups: [GroupSummary] = []
            let range = (groupCount * share / shares)..<(groupCount * (share + 1) / shares)
            groups.reserveCapacity(range.count)
            for i in range {
                let group = snapshot.groups[i]
                let context = GroupContext(
                    group: group, position: i, index: frozenIndex, membership: membership, groups: snapshot.groups,
                    history: history, civilTime: settings.civilTime, snapshotTakenAt: snapshot.takenAt,
                    graceDays: settings.transferGraceDays, responsibleSection: settings.responsibleSection,
                    countOnLeave: settings.countOnLeave
                )
                for rule in rules { findings += rule.findings(in: context) }
                groups.append(
                    GroupSummary(
                        groupId: group.id, name: group.name, visible: group.visible, activeMasters: context.activeMasters.count,
                        effectiveMembers: context.effective.count, homeDepartments: context.homeDepartments
                    )
                )
            }
            return (findings, groups)
        }
        var findings = parts.flatMap(\.findings)
        if let roster = snapshot.roster {
            let accounts = AccountContext(
                users: snapshot.users, index: frozenIndex,
                roster: RosterIndex(
                    roster: roster, users: snapshot.users, tree: frozenIndex.tree, departmentLevel: settings.departmentLevel,
                    matching: settings.rosterMatching
                ),
                groups: snapshot.groups, civilTime: settings.civilTime, snapshotTakenAt: snapshot.takenAt,
                graceDays: settings.transferGraceDays, responsibleSection: settings.responsibleSection,
                ignoreUsers: Set(settings.ignoreUsers)
            )
            for rule in RuleRegistry.enabledAccountRules(disabled: settings.disabledRules) { findings += rule.findings(in: accounts) }
        }
        return Output(
            findings: findings.sortedByPosition { $0.key < $1.key }, groups: parts.flatMap(\.groups),
            departments: departments(index.tree, level: settings.departmentLevel)
        )
    }

    /// Every department of the tree, in organisation (display) order.
    static func departments(_ tree: OrgTree, level: Int) -> [Department] {
        let departmentIds = Set(tree.departments(level: level).values)
        let roots = tree.units.values.filter { $0.parentId.flatMap { tree.units[$0] } == nil }
            .sorted { ($0.displayOrder, $0.id) < ($1.displayOrder, $1.id) }.map(\.id)
        var order: [String] = []
        var stack = Array(roots.reversed())
        var seen: Set<String> = []
        while let id = stack.popLast() {
            guard seen.insert(id).inserted else { continue }
            order.append(id)
            stack.append(contentsOf: (tree.children[id] ?? []).reversed())
        }
        return order.enumerated().compactMap { i, id in
            guard departmentIds.contains(id), let unit = tree.units[id] else { return nil }
            return Department(id: id, name: unit.name, path: tree.path(of: id), displayOrder: i)
        }
    }
}
