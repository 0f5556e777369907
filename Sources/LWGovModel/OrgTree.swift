/// The org-unit tree of one snapshot, with depths, departments and descendants (SPEC 2.2).
///
/// Built for trees that passed `OrgTree.problems(in:)`; on a broken tree (unknown parent,
/// cycle) a unit whose ancestry cannot be followed is treated as a root.
public struct OrgTree: Sendable {
    public let units: [String: OrgUnit]
    /// Depth from 1 (roots) for every unit.
    public let depth: [String: Int]
    /// Child unit ids per unit, in display order.
    public let children: [String: [String]]

    public init(_ orgUnits: [OrgUnit]) {
        var units: [String: OrgUnit] = [:]
        units.reserveCapacity(orgUnits.count)
        for unit in orgUnits { units[unit.id] = unit }
        var depth: [String: Int] = [:]
        depth.reserveCapacity(units.count)
        for id in units.keys where depth[id] == nil {
            // Walk up until a unit of known depth or a root, then assign depths on the way back.
            var chain: [String] = []
            var seen: Set<String> = []
            var current = id
            var base = 0
            while true {
                if let known = depth[current] { base = known; break }
                guard seen.insert(current).inserted else { base = 0; chain.removeLast(); break }
                chain.append(current)
                guard let parent = units[current]?.parentId, units[parent] != nil, parent != current else { break }
                current = parent
            }
            for unitId in chain.reversed() {
                base += 1
                depth[unitId] = base
            }
            if depth[id] == nil { depth[id] = 1 }
        }
        var children: [String: [String]] = [:]
        for unit in orgUnits {
            if let parent = unit.parentId, units[parent] != nil, parent != unit.id {
                children[parent, default: []].append(unit.id)
            }
        }
        for key in children.keys {
            children[key]?.sort { (units[$0]?.displayOrder ?? 0, $0) < (units[$1]?.displayOrder ?? 0, $1) }
        }
        self.units = units
        self.depth = depth
        self.children = children
    }

    /// The unit's ancestors from the root down to the unit itself.
    public func lineage(of id: String) -> [OrgUnit] {
        var result: [OrgUnit] = []
        var seen: Set<String> = []
        var current: String? = id
        while let unitId = current, let unit = units[unitId], seen.insert(unitId).inserted {
            result.append(unit)
            current = unit.parentId
        }
        return result.reversed()
    }

    /// The department (ancestor-or-self at `level`) of a unit; a shallower unit is its own department.
    public func department(of id: String, level: Int) -> String? {
        guard units[id] != nil else { return nil }
        let lineage = lineage(of: id)
        return lineage.count >= level ? lineage[level - 1].id : id
    }

    /// The department of every unit at `level`, computed once.
    public func departments(level: Int) -> [String: String] {
        var result: [String: String] = [:]
        result.reserveCapacity(units.count)
        for id in units.keys { result[id] = department(of: id, level: level) }
        return result
    }

    /// 「総務部/ＤＸ推進課」: the names from the root down to the unit.
    public func path(of id: String) -> String {
        lineage(of: id).map(\.name).joined(separator: "/")
    }

    /// The unit and all units below it.
    public func selfAndDescendants(of id: String) -> [String] {
        guard units[id] != nil else { return [] }
        var result: [String] = []
        var stack = [id]
        var seen: Set<String> = []
        while let next = stack.popLast() {
            guard seen.insert(next).inserted else { continue }
            result.append(next)
            stack.append(contentsOf: children[next] ?? [])
        }
        return result
    }

    /// Structural problems: parents that are not in the list, and cycles. Empty for a sound tree.
    public static func problems(in orgUnits: [OrgUnit]) -> [OrgTreeProblem] {
        var index: [String: Int] = [:]
        for (i, unit) in orgUnits.enumerated() where index[unit.id] == nil { index[unit.id] = i }
        var problems: [OrgTreeProblem] = []
        for (i, unit) in orgUnits.enumerated() {
            if let parent = unit.parentId, index[parent] == nil {
                problems.append(.unknownParent(index: i, unitId: unit.id, parentId: parent))
            }
        }
        // A unit is in a cycle when following parents from it comes back to it.
        var state: [String: Bool] = [:]  // true = finished without cycle
        for unit in orgUnits where state[unit.id] == nil {
            var path: [String] = []
            var onPath: Set<String> = []
            var current: String? = unit.id
            while let id = current, state[id] == nil, let i = index[id] {
                if onPath.contains(id) {
                    problems.append(.cycle(index: i, unitId: id))
                    break
                }
                onPath.insert(id)
                path.append(id)
                current = orgUnits[i].parentId
            }
            for id in path { state[id] = true }
        }
        return problems
    }
}

/// What is wrong with an org-unit list as a tree.
public enum OrgTreeProblem: Sendable, Hashable {
    case unknownParent(index: Int, unitId: String, parentId: String)
    case cycle(index: Int, unitId: String)
}
