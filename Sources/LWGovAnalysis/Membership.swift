import LWGovModel

/// Effective membership of every group (SPEC 2.3, 3.0): the closure over GROUP members, where
/// every reachable group contributes its USER members and the users with a post (primary or
/// 兼務, `useTeamFeature` not false) in (a unit below) one of its ORGUNIT members, and its masters
/// only when `masters_are_members`. Groups of a cycle share one membership.
///
/// Computed once per snapshot over strongly connected components (iterative Tarjan), so nested
/// groups and cycles cost one pass, not one walk per group.
public struct EffectiveMembership: Sendable {
    /// Sorted effective member numbers per group index.
    public let members: [[Int32]]
    /// Indexes of the GROUP members of each group (known groups only).
    public let groupEdges: [[Int]]
    public let mastersAreMembers: Bool
    public let orgunitIncludesSubunits: Bool

    /// The ORGUNIT member ids of every group reachable from group `start` (itself included), each
    /// once: where the group's org-unit posts come from. Walked on demand (only to explain a finding).
    public func reachableOrgUnits(from start: Int, groups: [Group]) -> [String] {
        var seen: Set<Int> = [start]
        var stack = [start]
        var units: [String] = []
        var unitSeen: Set<String> = []
        while let i = stack.popLast() {
            for member in groups[i].members where member.type == .orgUnit && unitSeen.insert(member.id).inserted {
                units.append(member.id)
            }
            for next in groupEdges[i] where seen.insert(next).inserted { stack.append(next) }
        }
        return units
    }

    public init(
        groups: [Group], index: inout DirectoryIndex, mastersAreMembers: Bool = false, orgunitIncludesSubunits: Bool = true
    ) {
        self.mastersAreMembers = mastersAreMembers
        self.orgunitIncludesSubunits = orgunitIncludesSubunits
        let n = groups.count
        var position: [String: Int] = [:]
        for (i, group) in groups.enumerated() { position[group.id] = i }
        // Own contribution and outgoing GROUP edges of each group.
        var own: [[Int32]] = []
        own.reserveCapacity(n)
        var edges: [[Int]] = []
        edges.reserveCapacity(n)
        var subtreeCache: [String: [Int32]] = [:]
        for group in groups {
            // Every master gets a number (an unknown one is inactive), members or not.
            let masters = group.administrators.map { index.number(of: $0) }
            var contribution: [Int32] = mastersAreMembers ? masters : []
            var out: [Int] = []
            for member in group.members {
                switch member.type {
                case .user: contribution.append(index.number(of: member.id))
                case .orgUnit:
                    if let cached = subtreeCache[member.id] {
                        contribution += cached
                    } else {
                        let users = index.usersReached(through: member.id, includeSubunits: orgunitIncludesSubunits)
                        subtreeCache[member.id] = users
                        contribution += users
                    }
                case .group:
                    if let target = position[member.id] { out.append(target) }
                }
            }
            own.append(contribution)
            edges.append(out)
        }
        // Tarjan's SCC, iterative. Components come out in reverse topological order
        // (a component after every component it reaches), so each union can use finished children.
        var indexOf = [Int](repeating: -1, count: n)
        var low = [Int](repeating: 0, count: n)
        var onStack = [Bool](repeating: false, count: n)
        var stack: [Int] = []
        var component = [Int](repeating: -1, count: n)
        var componentMembers: [[Int32]] = []
        var counter = 0
        for root in 0..<n where indexOf[root] < 0 {
            var work: [(node: Int, edge: Int)] = [(root, 0)]
            indexOf[root] = counter; low[root] = counter; counter += 1
            stack.append(root); onStack[root] = true
            while let (node, edge) = work.last {
                if edge < edges[node].count {
                    work[work.count - 1].edge += 1
                    let next = edges[node][edge]
                    if indexOf[next] < 0 {
                        indexOf[next] = counter; low[next] = counter; counter += 1
                        stack.append(next); onStack[next] = true
                        work.append((next, 0))
                    } else if onStack[next] {
                        low[node] = min(low[node], indexOf[next])
                    }
                    continue
                }
                work.removeLast()
                if let parent = work.last?.node { low[parent] = min(low[parent], low[node]) }
                guard low[node] == indexOf[node] else { continue }
                var nodes: [Int] = []
                while let top = stack.popLast() {
                    onStack[top] = false
                    component[top] = componentMembers.count
                    nodes.append(top)
                    if top == node { break }
                }
                // The union as a sorted list without repeats: gathered, sorted and deduplicated,
                // which is several times cheaper than hashing a million numbers into sets.
                var union: [Int32] = []
                let id = componentMembers.count
                for member in nodes {
                    union += own[member]
                    for target in edges[member] where component[target] != id {
                        union += componentMembers[component[target]]
                    }
                }
                union.sort()
                var unique: [Int32] = []
                unique.reserveCapacity(union.count)
                for number in union where unique.last != number { unique.append(number) }
                componentMembers.append(unique)
            }
        }
        members = (0..<n).map { componentMembers[component[$0]] }
        groupEdges = edges
    }
}
