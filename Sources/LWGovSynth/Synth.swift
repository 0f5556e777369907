import Foundation
import LWGovModel

/// Deterministic synthetic tenants of any size, in the snapshot-directory shape, for benchmarks.
///
/// Month 1 is generated from the seed; each later month moves ~4% of users to another 課 (most
/// dated in `transfers.csv`), retires ~1%, hires as many, suspends a few, and edits ~10% of groups.
///
/// Every month has a full HR roster (`hr.csv`, SPEC 3.5) that matches the directory but for a
/// few people in every thousand, chosen by their number so the rest of the tenant is the same as
/// without it: the roster says 退職 while the account is active (0.2%), places the person in
/// another 課 since before the grace period (0.2%), or lacks the account (0.2%).
///
/// `steady`: the city also cleans up a month later, as the guideline asks: users who left, were
/// suspended or moved are taken out of their groups.
/// Findings then stay level from month to month, so history cost can be measured on its own.
public struct Synth: Sendable {
    public var users: Int
    public var groups: Int
    public var months: Int
    public var seed: UInt64
    public var steady = false
    /// First month, `YYYY-MM`.
    public var startPeriod: String = "2026-01"

    public init(users: Int, groups: Int, months: Int, seed: UInt64) {
        self.users = users
        self.groups = groups
        self.months = months
        self.seed = seed
    }

    /// Writes `out/YYYY-MM/` for each month; returns the directories written.
    ///
    /// - Throws: `SynthError` (.cannotWrite) when a file cannot be written.
    public func write(to out: String) throws(SynthError) -> [String] {
        var rng = SplitMix64(seed: seed)
        var state = SynthState.initial(users: max(users, 10), groups: max(groups, 1), rng: &rng)
        var written: [String] = []
        let parts = startPeriod.split(separator: "-").compactMap { Int($0) }
        let (startYear, startMonth) = parts.count == 2 ? (parts[0], parts[1]) : (2026, 1)
        for k in 0..<max(months, 1) {
            var transfers: [TransferDate] = []
            let monthIndex = startMonth - 1 + k
            let year = startYear + monthIndex / 12, month = monthIndex % 12 + 1
            let day = String(format: "%04d-%02d-01", year, month)
            if k > 0 { transfers = state.advanceMonth(rng: &rng, effectiveDate: day, steady: steady) }
            let dir = URL(fileURLWithPath: out).appendingPathComponent(String(format: "%04d-%02d", year, month))
            do {
                try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
                try state.orgUnitsJSON().write(to: dir.appendingPathComponent("orgunits.json"))
                try state.usersJSON().write(to: dir.appendingPathComponent("users.json"))
                try state.groupsJSON().write(to: dir.appendingPathComponent("groups.json"))
                try Data("{\"takenAt\": \"\(day)T06:00:00+09:00\"}\n".utf8).write(to: dir.appendingPathComponent("snapshot.json"))
                try state.rosterCSV(monthStart: day).write(to: dir.appendingPathComponent("hr.csv"))
                if !transfers.isEmpty {
                    var csv = "userId,effectiveDate\n"
                    for t in transfers { csv += "\(t.userId),\(t.effectiveDate)\n" }
                    try Data(csv.utf8).write(to: dir.appendingPathComponent("transfers.csv"))
                }
            } catch {
                throw SynthError(.cannotWrite, "\(dir.path): cannot write synthetic snapshot (\(error.localizedDescription))")
            }
            written.append(dir.path)
        }
        return written
    }
}

private struct SynthUser {
    var id: String
    var last: String
    var first: String
    var unit: Int           // index into units
    var position: String
    var isManager: Bool
    var suspended = false
    var second: Int?        // a concurrent post (兼務)
}

private struct SynthGroup {
    var id: String
    var name: String
    var visible: Bool
    var masters: [Int]      // user indices
    var users: [Int]
    var orgUnits: [Int]
    var groups: [Int]
}

private struct SynthState {
    var units: [OrgUnit] = []
    var kaIndices: [Int] = []          // 課 units
    var unitsOfKa: [[Int]] = []        // for each 課 (by position in kaIndices): itself and its 係
    var kaOfUnit: [Int: Int] = [:]     // unit index → position in kaIndices
    var users: [SynthUser] = []
    var departed: Set<Int> = []        // user indices no longer in users.json
    var leftLastMonth: Set<Int> = []   // steady mode: departed or suspended last month
    var movedLastMonth: Set<Int> = []  // steady mode: transferred last month
    var groups: [SynthGroup] = []
    var nextUser = 0
    var byKa: [[Int]] = []

    static let lastNames = ["佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤", "吉田", "山田", "佐々木", "山口", "松本", "井上", "木村", "林", "斎藤", "清水", "山崎", "森", "池田", "橋本", "阿部", "石川", "山下", "中島", "石井", "小川"]
    static let firstNames = ["太郎", "花子", "一郎", "美咲", "健太", "陽子", "大輔", "由美", "翔", "恵", "誠", "直子", "拓也", "裕子", "亮", "智子", "剛", "明美", "悠斗", "さくら"]
    static let groupWords = ["連絡", "庶務", "予算調整", "プロジェクト", "防災", "広報", "窓口", "システム", "研修", "会議"]

    static func initial(users count: Int, groups groupCount: Int, rng: inout SplitMix64) -> SynthState {
        var s = SynthState()
        let bu = max(3, count / 1500)
        var order = 0
        for b in 0..<bu {
            let buId = String(format: "ou-b%04d", b)
            s.units.append(OrgUnit(id: buId, name: "第\(b + 1)部", parentId: nil, displayOrder: order)); order += 1
            for k in 0..<Int.random(in: 5...8, using: &rng) {
                let kaIndex = s.units.count
                let kaId = String(format: "ou-b%04dk%02d", b, k)
                s.units.append(OrgUnit(id: kaId, name: "第\(b + 1)部第\(k + 1)課", parentId: buId, displayOrder: order)); order += 1
                var members = [kaIndex]
                for g in 0..<Int.random(in: 0...3, using: &rng) {
                    s.kaOfUnit[s.units.count] = s.kaIndices.count
                    members.append(s.units.count)
                    s.units.append(OrgUnit(id: "\(kaId)g\(g)", name: "第\(k + 1)課第\(g + 1)係", parentId: kaId, displayOrder: order))
                    order += 1
                }
                s.kaOfUnit[kaIndex] = s.kaIndices.count
                s.kaIndices.append(kaIndex)
                s.unitsOfKa.append(members)
            }
        }
        // Managers first: a 課長 per 課, then staff spread over all units.
        for kaIndex in s.kaIndices {
            s.addUser(unit: kaIndex, position: "課長", manager: true, rng: &rng)
        }
        while s.users.count < count {
            let ka = Int.random(in: 0..<s.kaIndices.count, using: &rng)
            let unit = s.unitsOfKa[ka].randomElement(using: &rng) ?? s.kaIndices[ka]
            let roll = Int.random(in: 0..<100, using: &rng)
            s.addUser(unit: unit, position: roll < 4 ? "課長補佐" : roll < 15 ? "係長" : "主事", manager: false, rng: &rng)
            if roll == 99, let last = s.users.indices.last {
                s.users[last].second = s.kaIndices.randomElement(using: &rng)
            }
        }
        for g in 0..<groupCount { s.groups.append(s.makeGroup(index: g, rng: &rng)) }
        return s
    }

    mutating func addUser(unit: Int, position: String, manager: Bool, rng: inout SplitMix64) {
        let id = String(format: "u-%07d", nextUser)
        nextUser += 1
        users.append(
            SynthUser(
                id: id, last: Self.lastNames.randomElement(using: &rng) ?? "佐藤",
                first: Self.firstNames.randomElement(using: &rng) ?? "太郎", unit: unit, position: position,
                isManager: manager
            )
        )
    }

    /// Users of each 課 (by position in `kaIndices`), from their current units.
    func usersByKa() -> [[Int]] {
        var result = [[Int]](repeating: [], count: kaIndices.count)
        for (i, user) in users.enumerated() where !departed.contains(i) {
            if let ka = kaOfUnit[user.unit] { result[ka].append(i) }
        }
        return result
    }

    mutating func makeGroup(index: Int, rng: inout SplitMix64) -> SynthGroup {
        if index == 0 { byKa = usersByKa() }
        let roll = Int.random(in: 0..<100, using: &rng)
        let size = Int.random(in: 5...60, using: &rng)
        let home = Int.random(in: 0..<kaIndices.count, using: &rng)
        var kas = [home]
        if roll >= 70 && roll < 90 {
            for _ in 0..<Int.random(in: 1...2, using: &rng) { kas.append(Int.random(in: 0..<kaIndices.count, using: &rng)) }
        }
        var members: [Int] = []
        for i in 0..<size {
            if let pick = byKa[kas[i % kas.count]].randomElement(using: &rng) { members.append(pick) }
        }
        var orgUnits: [Int] = []
        var nested: [Int] = []
        if roll >= 90 && roll < 95 {
            orgUnits.append(unitsOfKa[home].randomElement(using: &rng) ?? kaIndices[home])
        } else if roll >= 95 && index > 0 {
            nested.append(Int.random(in: 0..<index, using: &rng))
        }
        // The first users are the 課長s, one per 課, in 課 order.
        if Int.random(in: 0..<100, using: &rng) < 75 { members.insert(home, at: 0) }
        let masterCount = [1, 1, 1, 2, 2, 2, 2, 2, 3, 3][Int.random(in: 0..<10, using: &rng)]
        var masters: [Int] = []
        for m in members where !masters.contains(m) && masters.count < masterCount { masters.append(m) }
        return SynthGroup(
            id: String(format: "g-%07d", index),
            name: "\(Self.groupWords.randomElement(using: &rng) ?? "連絡")\(index)",
            visible: Int.random(in: 0..<100, using: &rng) >= 8,
            masters: masters, users: members, orgUnits: orgUnits, groups: nested
        )
    }

    /// Moves, retirements, hires, suspensions and group edits; returns the dated transfers.
    mutating func advanceMonth(rng: inout SplitMix64, effectiveDate: String, steady: Bool = false) -> [TransferDate] {
        if steady { cleanUp() }
        var dated: [TransferDate] = []
        var left: Set<Int> = [], moved: Set<Int> = []
        let count = users.count
        for i in kaIndices.count..<count where !departed.contains(i) {
            let roll = Int.random(in: 0..<1000, using: &rng)
            if roll < 40 {
                let ka = Int.random(in: 0..<kaIndices.count, using: &rng)
                users[i].unit = unitsOfKa[ka].randomElement(using: &rng) ?? kaIndices[ka]
                moved.insert(i)
                if roll < 32 { dated.append(TransferDate(userId: users[i].id, effectiveDate: effectiveDate)) }
            } else if roll < 50 {
                departed.insert(i)
                left.insert(i)
            } else if roll < 53 {
                users[i].suspended = true
                left.insert(i)
            }
        }
        leftLastMonth = left
        movedLastMonth = moved
        let hires = count / 100
        for _ in 0..<hires {
            let ka = Int.random(in: 0..<kaIndices.count, using: &rng)
            addUser(unit: unitsOfKa[ka].randomElement(using: &rng) ?? kaIndices[ka], position: "主事", manager: false, rng: &rng)
        }
        for g in groups.indices where Int.random(in: 0..<100, using: &rng) < 10 {
            groups[g].users.append(Int.random(in: 0..<users.count, using: &rng))
            if groups[g].users.count > 3 { groups[g].users.remove(at: 1) }
        }
        return dated
    }

    /// Steady mode: last month's leavers and movers are taken out of their groups (a remaining
    /// member takes over as master when needed), the review the guideline asks after 異動.
    mutating func cleanUp() {
        let gone = leftLastMonth.union(movedLastMonth)
        guard !gone.isEmpty else { return }
        for g in groups.indices {
            groups[g].users.removeAll { gone.contains($0) }
            groups[g].masters.removeAll { gone.contains($0) }
            if groups[g].masters.isEmpty, let first = groups[g].users.first { groups[g].masters = [first] }
        }
    }

    func orgUnitsJSON() -> Data {
        var out = "{\"orgUnits\": [\n"
        for (i, unit) in units.enumerated() {
            let parent = unit.parentId.map { "\"\($0)\"" } ?? "null"
            out += "{\"orgUnitId\": \"\(unit.id)\", \"orgUnitName\": \"\(unit.name)\", \"parentOrgUnitId\": \(parent), \"displayOrder\": \(unit.displayOrder), \"visible\": true, \"orgUnitExternalKey\": \"\(Self.code(i))\"}"
            out += i == units.count - 1 ? "\n" : ",\n"
        }
        out += "], \"responseMetaData\": {\"nextCursor\": null}}\n"
        return Data(out.utf8)
    }

    func usersJSON() -> Data {
        var out = "{\"users\": [\n"
        out.reserveCapacity(users.count * 420)
        var first = true
        for (i, user) in users.enumerated() where !departed.contains(i) {
            if !first { out += ",\n" }
            first = false
            let unit = units[user.unit]
            var orgUnits = "{\"orgUnitId\": \"\(unit.id)\", \"orgUnitName\": \"\(unit.name)\", \"primary\": true, \"positionName\": \"\(user.position)\", \"isManager\": \(user.isManager), \"visible\": true}"
            if let second = user.second, second != user.unit {
                orgUnits += ", {\"orgUnitId\": \"\(units[second].id)\", \"orgUnitName\": \"\(units[second].name)\", \"primary\": false, \"positionName\": \"主事\", \"isManager\": false, \"visible\": true}"
            }
            out += "{\"userId\": \"\(user.id)\", \"email\": \"\(user.id)@synth.example.jp\", \"isAdministrator\": false, \"isPending\": false, \"isSuspended\": \(user.suspended), \"isDeleted\": false, \"userName\": {\"lastName\": \"\(user.last)\", \"firstName\": \"\(user.first)\"}, \"employeeNumber\": \"\(i)\", \"organizations\": [{\"primary\": true, \"orgUnits\": [\(orgUnits)]}]}"
        }
        out += "\n], \"responseMetaData\": {\"nextCursor\": null}}\n"
        return Data(out.utf8)
    }

    /// The HR department code of the unit at `index` (its `orgUnitExternalKey`).
    static func code(_ index: Int) -> String { String(format: "K%05d", index) }

    /// `hr.csv` for the month starting at `monthStart` (`YYYY-MM-DD`): every person ever employed,
    /// with a few disagreements with the directory chosen by employee number (see `Synth`).
    func rosterCSV(monthStart: String) -> Data {
        var out = "employeeNumber,name,status,orgUnitCode,effectiveDate\n"
        out.reserveCapacity(users.count * 40)
        for (i, user) in users.enumerated() {
            let name = "\(user.last) \(user.first)"
            if departed.contains(i) {
                out += "\(i),\(name),退職,,\(monthStart)\n"
                continue
            }
            switch i % 500 {
            case 7:
                // Retired in HR, still active in LINE WORKS.
                out += "\(i),\(name),退職,\(Self.code(user.unit)),2025-12-31\n"
            case 11:
                // An account HR does not know.
                continue
            case 13:
                // Moved by HR long ago to the next 課; the directory never followed.
                let ka = kaOfUnit[user.unit].map { kaIndices[($0 + 1) % kaIndices.count] } ?? user.unit
                out += "\(i),\(name),在職,\(Self.code(ka)),2025-10-01\n"
            default:
                out += "\(i),\(name),\(user.suspended ? "休職" : "在職"),\(Self.code(user.unit)),\n"
            }
        }
        return Data(out.utf8)
    }

    func groupsJSON() -> Data {
        var out = "{\"groups\": [\n"
        out.reserveCapacity(groups.count * 1200)
        for (g, group) in groups.enumerated() {
            let masters = group.masters.map { "{\"userId\": \"\(users[$0].id)\"}" }.joined(separator: ", ")
            var members = group.users.map { "{\"id\": \"\(users[$0].id)\", \"type\": \"USER\"}" }
            members += group.orgUnits.map { "{\"id\": \"\(units[$0].id)\", \"type\": \"ORGUNIT\"}" }
            members += group.groups.map { "{\"id\": \"\(groups[$0].id)\", \"type\": \"GROUP\"}" }
            out += "{\"groupId\": \"\(group.id)\", \"groupName\": \"\(group.name)\", \"description\": null, \"visible\": \(group.visible), \"useMessage\": true, \"administrators\": [\(masters)], \"members\": [\(members.joined(separator: ", "))]}"
            out += g == groups.count - 1 ? "\n" : ",\n"
        }
        out += "], \"responseMetaData\": {\"nextCursor\": null}}\n"
        return Data(out.utf8)
    }
}
