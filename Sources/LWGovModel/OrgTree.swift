import Foundation

/// The org-unit tree of one snapshot, with depths, departments and descendants (SPEC 2.2).
///
/// Everything is computed in time linear in the number of units, whatever the depth (a chain
/// of 100,000 units is as cheap as a flat list): depths top-down with memoisation, a pre-order
/// of the whole tree in which every subtree is one contiguous range, and the department of
/// every unit per level on first use, each from its parent's.
///
/// Built for trees that passed `OrgTree.problems(in:)`; on a broken tree (unknown parent,
/// cycle) a unit whose ancestry cannot be followed is treated as a root.
public struct OrgTree: Sendable {
    public let units: [String: OrgUnit]
    /// Depth from 1 (roots) for every unit.
    public let depth: [String: Int]
    /// Child unit ids per unit, in display order.
    public let children: [String: [String]]
    /// Every unit once, each followed by its descendants (roots and children in display order).
    let preorder: [String]
    /// The range of `preorder` holding a unit and its descendants.
    let subtree: [String: Range<Int>]
    /// The parent as the tree uses it: nil for roots and for units treated as roots.
    let parent: [String: String]
    private let departmentCache = DepartmentCache()

    public init(_ orgUnits: [OrgUnit]) {
        var units: [String: OrgUnit] = [:]
        units.reserveCapacity(orgUnits.count)
        for unit in orgUnits { units[unit.id] = unit }
        var depth: [String: Int] = [:]
        depth.reserveCapacity(units.count)
        var parentOf: [String: String] = [:]
        for id in units.keys where depth[id] == nil {
            // Walk up until a unit of known depth or a root, then assign depths on the way back.
            // Each unit is walked over once: afterwards its depth is known.
            var chain: [String] = []
            var onChain: Set<String> = []
            var current = id
            var base = 0
            while true {
                if let known = depth[current] { base = known; break }
                guard onChain.insert(current).inserted else {
                    // A cycle: the unit met again becomes a root, the chain above it stays as walked.
                    if let at = chain.lastIndex(of: current) { chain.removeSubrange((at + 1)...) }
                    base = 0
                    break
                }
                chain.append(current)
                guard let parent = units[current]?.parentId, units[parent] != nil, parent != current else { break }
                current = parent
            }
            var above: String?
            for unitId in chain.reversed() {
                base += 1
                depth[unitId] = base
                if let above, base > 1 { parentOf[unitId] = above }
                above = unitId
            }
            if depth[id] == nil { depth[id] = 1 }
        }
        // A unit whose walk ended on a known depth hangs below that unit.
        for (id, unit) in units where parentOf[id] == nil && depth[id, default: 1] > 1 {
            if let parent = unit.parentId, units[parent] != nil { parentOf[id] = parent }
        }
        var children: [String: [String]] = [:]
        var placed: Set<String> = []
        for unit in orgUnits where placed.insert(unit.id).inserted {
            if let parent = parentOf[unit.id] { children[parent, default: []].append(unit.id) }
        }
        func order(_ a: String, _ b: String) -> Bool {
            (units[a]?.displayOrder ?? 0, a) < (units[b]?.displayOrder ?? 0, b)
        }
        for key in children.keys { children[key]?.sort(by: order) }
        // Pre-order without recursion; every unit is reached once from its only tree parent.
        var preorder: [String] = []
        preorder.reserveCapacity(units.count)
        var subtree: [String: Range<Int>] = [:]
        subtree.reserveCapacity(units.count)
        var stack: [(id: String, start: Int, next: Int)] = []
        for root in units.keys.filter({ parentOf[$0] == nil }).sorted(by: order) {
            stack.append((root, preorder.count, 0))
            preorder.append(root)
            while let top = stack.last {
                let kids = children[top.id] ?? []
                if top.next < kids.count {
                    stack[stack.count - 1].next += 1
                    let child = kids[top.next]
                    stack.append((child, preorder.count, 0))
                    preorder.append(child)
                } else {
                    subtree[top.id] = top.start..<preorder.count
                    stack.removeLast()
                }
            }
        }
        self.units = units
        self.depth = depth
        self.children = children
        self.preorder = preorder
        self.subtree = subtree
        self.parent = parentOf
    }

    /// The unit's ancestors from the root down to the unit itself.
    public func lineage(of id: String) -> [OrgUnit] {
        var result: [OrgUnit] = []
        var current: String? = id
        while let unitId = current, let unit = units[unitId] {
            result.append(unit)
            current = parent[unitId]
        }
        return result.reversed()
    }

    /// The department (ancestor-or-self at `level`) of a unit; a shallower unit is its own department.
    public func department(of id: String, level: Int) -> String? {
        guard units[id] != nil else { return nil }
        return departments(level: level)[id]
    }

    /// The department of every unit at `level`, computed once per level in one top-down pass
    /// (a unit at or above the level is its own department; below it, its parent's).
    public func departments(level: Int) -> [String: String] {
        departmentCache.departments(level: level) {
            var result: [String: String] = [:]
            result.reserveCapacity(units.count)
            for id in preorder {
                if let parentId = parent[id], depth[id, default: 1] > level, let above = result[parentId] {
                    result[id] = above
                } else {
                    result[id] = id
                }
            }
            return result
        }
    }

    /// 「総務部/ＤＸ推進課」: the names from the root down to the unit.
    /// A unit's place in organisation (display) order, for sorting; units not in the tree last.
    public func position(of id: String) -> Int {
        subtree[id]?.lowerBound ?? Int.max
    }

    public func path(of id: String) -> String {
        lineage(of: id).map(\.name).joined(separator: "/")
    }

    /// Whether `unit` is `ancestor` or below it: one range check in the pre-order.
    public func isSelfOrDescendant(_ unit: String, of ancestor: String) -> Bool {
        guard let range = subtree[ancestor], let position = subtree[unit]?.lowerBound else { return false }
        return range.contains(position)
    }

    /// The unit and all units below it, the unit first: a range of the pre-order, so the cost is
    /// the size of the answer.
    public func selfAndDescendants(of id: String) -> [String] {
        guard let range = subtree[id] else { return [] }
        return Array(preorder[range])
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

/// Departments per level, computed on first use; shared by copies of one tree.
private final class DepartmentCache: @unchecked Sendable {
    private let lock = NSLock()
    private var byLevel: [Int: [String: String]] = [:]

    func departments(level: Int, compute: () -> [String: String]) -> [String: String] {
        lock.lock()
        defer { lock.unlock() }
        if let known = byLevel[level] { return known }
        let result = compute()
        byLevel[level] = result
        return result
    }
}
