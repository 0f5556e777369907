import Foundation
import GRDB
import LWGovModel

/// A transfer as stored, with the groups the user directly belonged to just before it.
public struct StoredTransfer: Sendable, Hashable {
    public var snapshotId: Int64
    public var userId: String
    public var from: Placement
    public var to: Placement
    public var effectiveAt: Date
    public var datedBy: TransferDating
    public var priorGroups: Set<String>
}

/// The results of analysing one snapshot, ready to be stored in one transaction.
public struct AnalysisResult: Sendable {
    public var snapshotId: Int64
    /// Present findings with their lifecycle status.
    public var records: [FindingRecord]
    /// Findings resolved at this snapshot (open at the previous analysed one, absent now).
    public var resolved: [FindingRecord]
    public var groups: [GroupSummary]
    public var departments: [Department]
    public var settings: String
    /// The stored id of every finding of `records` and `resolved` stored before
    /// (`LifecycleHistory.findingIds`); a finding missing here is stored as new.
    public var findingIds: [FindingKey: Int64]

    public init(
        snapshotId: Int64, records: [FindingRecord], resolved: [FindingRecord], groups: [GroupSummary],
        departments: [Department], settings: String, findingIds: [FindingKey: Int64]
    ) {
        self.snapshotId = snapshotId
        self.records = records
        self.resolved = resolved
        self.groups = groups
        self.departments = departments
        self.settings = settings
        self.findingIds = findingIds
    }
}

extension Store {
    // MARK: Analyses

    /// Snapshots that have been analysed, oldest first.
    public func analysedSnapshots() throws(StoreError) -> [SnapshotInfo] {
        try read { db in
            try Row.fetchAll(
                db, sql: "SELECT \(SnapshotInfo.columns) FROM snapshot WHERE id IN (SELECT snapshot_id FROM analysis) ORDER BY taken_at, id"
            ).map(SnapshotInfo.init)
        }
    }

    /// The findings (present and resolved) stored for an analysed snapshot.
    public func findingStates(snapshotId: Int64) throws(StoreError) -> [FindingRecord] {
        try read { db in try Self.states(db, snapshotId: snapshotId) }
    }

    static func states(_ db: Database, snapshotId: Int64) throws -> [FindingRecord] {
        var records: [FindingRecord] = []
        var query = try DirectStatement(
            db, sql: """
                SELECT f.rule, f.group_id, f.subject, st.status, st.group_name, st.message, st.remediation, st.evidence,
                       st.departments, st.waiver_id, st.first_seen_at
                FROM finding_state st JOIN finding f ON f.id = st.finding_id
                WHERE st.snapshot_id = ?
                """
        )
        query.bind(snapshotId)
        try query.forEachRow { row in
            guard let rule = RuleID(rawValue: row.text(0)), let status = FindingStatus(rawValue: row.text(3)) else { return }
            let finding = Finding(
                key: FindingKey(rule: rule, groupId: row.text(1), subject: row.text(2)), groupName: row.text(4),
                message: row.text(5), remediation: row.text(6), evidence: JSONText.evidence(row.text(7)),
                departments: JSONText.strings(row.text(8))
            )
            records.append(
                FindingRecord(
                    finding: finding, status: status, firstSeen: Date(timeIntervalSince1970: row.double(10)),
                    waiverId: row.optionalInt64(9)
                )
            )
        }
        return records.sortedByPosition { $0.key < $1.key }
    }

    /// Group summaries stored for an analysed snapshot.
    public func groupSummaries(snapshotId: Int64) throws(StoreError) -> [GroupSummary] {
        try read { db in
            try Row.fetchAll(
                db, sql: """
                    SELECT group_id, name, visible, active_masters, effective_members, home_departments
                    FROM group_summary WHERE snapshot_id = ? ORDER BY group_id
                    """,
                arguments: [snapshotId]
            ).map {
                GroupSummary(
                    groupId: $0[0], name: $0[1], visible: $0[2], activeMasters: $0[3], effectiveMembers: $0[4],
                    homeDepartments: JSONText.strings($0[5])
                )
            }
        }
    }

    /// Departments stored for an analysed snapshot, in organisation order.
    public func departments(snapshotId: Int64) throws(StoreError) -> [Department] {
        try read { db in
            try Row.fetchAll(
                db, sql: "SELECT org_unit_id, name, path, display_order FROM department WHERE snapshot_id = ? ORDER BY display_order",
                arguments: [snapshotId]
            ).map { Department(id: $0[0], name: $0[1], path: $0[2], displayOrder: $0[3]) }
        }
    }

    /// Everything a new analysis of the snapshot at `takenAt` needs from earlier analyses:
    /// the previous analysed snapshot's present findings, the first-seen time and stored id of
    /// those of `keys` seen before, and which waived findings were ever open (not waived) before.
    ///
    /// The previous findings come with their ids from one read; the other `keys` are looked up one
    /// by one, so the cost follows this month's findings, not every finding ever seen.
    public func lifecycleHistory(before takenAt: Date, keys: [FindingKey]) throws(StoreError) -> LifecycleHistory {
        try read { db in
            let time = takenAt.timeIntervalSince1970
            let previous = try Self.previousAnalysed(db, before: time)
            var history = LifecycleHistory(previousSnapshotId: previous)
            // The previous present findings without their texts: only the ones resolved now need
            // those, and `resolvedFindings` reads them.
            if let previous {
                var query = try DirectStatement(
                    db, sql: """
                        SELECT f.rule, f.group_id, f.subject, st.status, st.first_seen_at, f.id, f.first_seen_at
                        FROM finding_state st JOIN finding f ON f.id = st.finding_id
                        WHERE st.snapshot_id = ? AND st.status != 'resolved'
                        """
                )
                query.bind(previous)
                try query.forEachRow { row in
                    guard let rule = RuleID(rawValue: row.text(0)), let status = FindingStatus(rawValue: row.text(3)) else { return }
                    let key = FindingKey(rule: rule, groupId: row.text(1), subject: row.text(2))
                    history.previous[key] = .init(status: status, firstSeen: Date(timeIntervalSince1970: row.double(4)))
                    history.findingIds[key] = row.int64(5)
                    let seen = row.double(6)
                    if seen < time { history.firstSeen[key] = Date(timeIntervalSince1970: seen) }
                }
            }
            // Every stored finding of `keys`, whenever first seen, so a key missing from
            // `findingIds` has never been stored; `firstSeen` keeps those seen before.
            var lookup = try DirectStatement(db, sql: "SELECT id, first_seen_at FROM finding WHERE rule = ? AND group_id = ? AND subject = ?")
            for key in keys where history.findingIds[key] == nil {
                lookup.bind(key.rule.rawValue); lookup.bind(key.groupId); lookup.bind(key.subject)
                try lookup.forEachRow { row in
                    history.findingIds[key] = row.int64(0)
                    let seen = row.double(1)
                    if seen < time { history.firstSeen[key] = Date(timeIntervalSince1970: seen) }
                }
            }
            for (key, state) in history.previous where state.status == .waived {
                let open = try Bool.fetchOne(
                    db, sql: """
                        SELECT EXISTS (SELECT 1 FROM finding_state st JOIN finding f ON f.id = st.finding_id
                            JOIN snapshot s ON s.id = st.snapshot_id
                            WHERE f.rule = ? AND f.group_id = ? AND f.subject = ? AND s.taken_at < ?
                              AND st.status IN ('new', 'open', 'reopened'))
                        """,
                    arguments: [key.rule.rawValue, key.groupId, key.subject, time]
                ) ?? false
                if open { history.everOpen.insert(key) }
            }
            return history
        }
    }

    /// The findings of `keys` as stored at an analysed snapshot, with their texts, marked resolved
    /// (the ones present there and gone now), in key order.
    public func resolvedFindings(_ keys: [FindingKey], previousSnapshotId: Int64?) throws(StoreError) -> [FindingRecord] {
        guard let previousSnapshotId, !keys.isEmpty else { return [] }
        return try read { db in
            var query = try DirectStatement(
                db, sql: """
                    SELECT st.group_name, st.message, st.remediation, st.evidence, st.departments, st.first_seen_at
                    FROM finding f JOIN finding_state st ON st.finding_id = f.id AND st.snapshot_id = ?
                    WHERE f.rule = ? AND f.group_id = ? AND f.subject = ?
                    """
            )
            var records: [FindingRecord] = []
            for key in keys.sorted() {
                query.bind(previousSnapshotId); query.bind(key.rule.rawValue); query.bind(key.groupId); query.bind(key.subject)
                try query.forEachRow { row in
                    let finding = Finding(
                        key: key, groupName: row.text(0), message: row.text(1), remediation: row.text(2),
                        evidence: JSONText.evidence(row.text(3)), departments: JSONText.strings(row.text(4))
                    )
                    records.append(FindingRecord(finding: finding, status: .resolved, firstSeen: Date(timeIntervalSince1970: row.double(5))))
                }
            }
            guard records.count == keys.count else {
                throw StoreError(.internal, "snapshot #\(previousSnapshotId): \(keys.count - records.count) resolved findings have no stored state")
            }
            return records
        }
    }

    /// The analysed snapshot taken last before `takenAt` (seconds since 1970), if any.
    static func previousAnalysed(_ db: Database, before takenAt: Double) throws -> Int64? {
        try Int64.fetchOne(
            db, sql: """
                SELECT s.id FROM snapshot s JOIN analysis a ON a.snapshot_id = s.id
                WHERE s.taken_at < ? ORDER BY s.taken_at DESC, s.id DESC LIMIT 1
                """,
            arguments: [takenAt]
        )
    }

    /// Stores one analysis, replacing any earlier analysis of the same snapshot, in one transaction.
    public func saveAnalysis(_ result: AnalysisResult) throws(StoreError) {
        try write { db in
            let id = result.snapshotId
            try db.execute(sql: "DELETE FROM analysis WHERE snapshot_id = ?", arguments: [id])
            guard let takenAt = try Double.fetchOne(db, sql: "SELECT taken_at FROM snapshot WHERE id = ?", arguments: [id]) else {
                throw StoreError(.internal, "snapshot #\(id) vanished during analysis")
            }
            try db.execute(
                sql: "INSERT INTO analysis VALUES (?, ?, ?, ?, ?)",
                arguments: [id, Date().timeIntervalSince1970, result.settings, result.groups.count, result.records.count]
            )
            let previous = try Self.previousAnalysed(db, before: takenAt)
            // Periods present in a row so far, of the previous analysis's present findings.
            var periodsBefore: [Int64: Int] = [:]
            if let previous {
                let rows = try Row.fetchCursor(
                    db, sql: "SELECT finding_id, periods FROM finding_state WHERE snapshot_id = ? AND status != 'resolved'",
                    arguments: [previous]
                )
                while let row = try rows.next() { periodsBefore[row[0]] = row[1] }
            }
            let states = result.records + result.resolved
            // Findings never stored before get the ids SQLite would give them one by one (one
            // more than the largest so far), here written in batches. Were one stored after all,
            // its UNIQUE key would fail the insert and with it the whole transaction.
            var nextId = (try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM finding") ?? 0) + 1
            var findingIds: [Int64] = []
            findingIds.reserveCapacity(states.count)
            try BatchInsert.into(db, table: "finding", columns: 6) { finding in
                for record in states {
                    if let known = result.findingIds[record.key] {
                        findingIds.append(known)
                        continue
                    }
                    let key = record.key
                    finding.add(nextId); finding.add(key.rule.rawValue); finding.add(key.groupId); finding.add(key.subject)
                    finding.add(id); finding.add(takenAt)
                    try finding.endRow()
                    findingIds.append(nextId)
                    nextId += 1
                }
            }
            // States in primary-key (finding id) order: appended at the end of the table's b-tree
            // instead of inserted all over it.
            let order = states.indices.sorted { findingIds[$0] < findingIds[$1] }
            try BatchInsert.into(db, table: "finding_state", columns: 11) { state in
                for i in order {
                    let record = states[i], findingId = findingIds[i], f = record.finding
                    state.add(id); state.add(findingId); state.add(record.status.rawValue)
                    state.add(f.groupName); state.add(f.message); state.add(f.remediation)
                    state.add(JSONText.encode(evidence: f.evidence)); state.add(JSONText.encode(strings: f.departments))
                    state.add(record.waiverId); state.add(record.firstSeen.timeIntervalSince1970)
                    state.add((periodsBefore[findingId] ?? 0) + (record.status == .resolved ? 0 : 1))
                    try state.endRow()
                }
            }
            try BatchInsert.into(db, table: "group_summary", columns: 7) { group in
                for g in result.groups {
                    group.add(id); group.add(g.groupId); group.add(g.name); group.add(g.visible)
                    group.add(g.activeMasters); group.add(g.effectiveMembers); group.add(JSONText.encode(strings: g.homeDepartments))
                    try group.endRow()
                }
            }
            try BatchInsert.into(db, table: "department", columns: 5) { department in
                for d in result.departments {
                    department.add(id); department.add(d.id); department.add(d.name); department.add(d.path)
                    department.add(d.displayOrder)
                    try department.endRow()
                }
            }
            try Self.savePeriodAggregates(db, snapshotId: id, previousSnapshotId: previous, periodsStored: true)
        }
    }

    /// Saves an analysis's trend and remediation counts (SPEC 4.2), derived from its stored
    /// finding states. Run inside the transaction that stores the analysis.
    ///
    /// - Parameter periodsStored: the states were inserted with their `periods` already (a new
    ///   analysis); false when they must be derived here (the migration of older analyses).
    static func savePeriodAggregates(
        _ db: Database, snapshotId id: Int64, previousSnapshotId previous: Int64?, periodsStored: Bool = false
    ) throws {
        if !periodsStored { try derivePeriods(db, snapshotId: id, previousSnapshotId: previous) }
        try db.execute(
            sql: """
                INSERT INTO trend_count
                    SELECT ?1, f.rule, COUNT(*) FROM finding_state st JOIN finding f ON f.id = st.finding_id
                    WHERE st.snapshot_id = ?1 AND st.status IN ('new', 'open', 'reopened') GROUP BY f.rule
                """,
            arguments: [id]
        )
        try db.execute(
            sql: """
                INSERT INTO remediation_count
                    SELECT ?1, COALESCE(d.value, ''), COUNT(*), SUM(st.periods = 1)
                    FROM finding_state st LEFT JOIN json_each(st.departments) d
                    WHERE st.snapshot_id = ?1 AND st.status = 'resolved' GROUP BY 2
                """,
            arguments: [id]
        )
        try db.execute(
            sql: """
                INSERT OR IGNORE INTO reopened_group
                    SELECT ?1, COALESCE(d.value, ''), f.group_id
                    FROM finding_state st JOIN finding f ON f.id = st.finding_id LEFT JOIN json_each(st.departments) d
                    WHERE st.snapshot_id = ?1 AND st.status = 'reopened'
                """,
            arguments: [id]
        )
    }

    /// `periods` of an analysis's states from the previous analysis's.
    private static func derivePeriods(_ db: Database, snapshotId id: Int64, previousSnapshotId previous: Int64?) throws {
        let before = """
            (SELECT p.periods FROM finding_state p
             WHERE p.snapshot_id = ?2 AND p.finding_id = finding_state.finding_id AND p.status != 'resolved')
            """
        try db.execute(
            sql: "UPDATE finding_state SET periods = 1 + COALESCE(\(before), 0) WHERE snapshot_id = ?1 AND status != 'resolved'",
            arguments: [id, previous]
        )
        try db.execute(
            sql: "UPDATE finding_state SET periods = COALESCE(\(before), 0) WHERE snapshot_id = ?1 AND status = 'resolved'",
            arguments: [id, previous]
        )
    }

    /// Forgets the analyses of the snapshot `fromId` and every later one, so they can be redone in
    /// order; findings first seen there are forgotten too.
    public func resetAnalyses(from snapshotId: Int64) throws(StoreError) {
        try write { db in
            guard let takenAt = try Double.fetchOne(db, sql: "SELECT taken_at FROM snapshot WHERE id = ?", arguments: [snapshotId]) else { return }
            let later = "SELECT id FROM snapshot WHERE taken_at >= \(takenAt)"
            try db.execute(sql: "DELETE FROM analysis WHERE snapshot_id IN (\(later))")
            try db.execute(sql: "DELETE FROM finding WHERE first_seen_snapshot_id IN (\(later))")
        }
    }

    // MARK: Staleness history

    /// The most recent transfer of each user observed at or before `takenAt` (SPEC 3.3).
    public func latestTransfers(atOrBefore takenAt: Date) throws(StoreError) -> [String: StoredTransfer] {
        try read { db in
            var latest: [String: StoredTransfer] = [:]
            // In time order, so a user's later transfer replaces an earlier one.
            var transfers = try DirectStatement(
                db, sql: """
                    SELECT t.snapshot_id, t.user_id, t.from_org_unit_id, t.from_department_id, t.from_department_name,
                           t.to_org_unit_id, t.to_department_id, t.to_department_name, t.effective_at, t.dated_by
                    FROM transfer t JOIN snapshot s ON s.id = t.snapshot_id
                    WHERE s.taken_at <= ? ORDER BY s.taken_at, s.id
                    """
            )
            transfers.bind(takenAt.timeIntervalSince1970)
            try transfers.forEachRow { row in
                let userId = row.text(1)
                latest[userId] = StoredTransfer(
                    snapshotId: row.int64(0), userId: userId,
                    from: Placement(orgUnitId: row.text(2), departmentId: row.text(3), departmentName: row.text(4)),
                    to: Placement(orgUnitId: row.text(5), departmentId: row.text(6), departmentName: row.text(7)),
                    effectiveAt: Date(timeIntervalSince1970: row.double(8)),
                    datedBy: TransferDating(rawValue: row.text(9)) ?? .snapshot, priorGroups: []
                )
            }
            var prior = try DirectStatement(
                db, sql: """
                    SELECT p.snapshot_id, p.user_id, p.group_id FROM transfer_prior_group p
                    JOIN snapshot s ON s.id = p.snapshot_id WHERE s.taken_at <= ?
                    """
            )
            prior.bind(takenAt.timeIntervalSince1970)
            try prior.forEachRow { row in
                let userId = row.text(1)
                if latest[userId]?.snapshotId == row.int64(0) { latest[userId]?.priorGroups.insert(row.text(2)) }
            }
            return latest
        }
    }

    /// For staleness condition 3 (SPEC 3.3): since which stored snapshot each group of `current`
    /// has had the same direct members and masters, kept with the snapshot when it was stored
    /// (`group_state.unchanged_since`), so this reads one row per group however long the history.
    public func groupChanges(at current: SnapshotInfo) throws(StoreError) -> GroupChanges {
        try read { db in
            let order = try Int64.fetchAll(db, sql: "SELECT id FROM snapshot ORDER BY taken_at, id")
            var since: [String: Int64] = [:]
            var query = try DirectStatement(db, sql: "SELECT group_id, unchanged_since FROM group_state WHERE snapshot_id = ?")
            query.bind(current.id)
            try query.forEachRow { row in since[row.text(0)] = row.optionalInt64(1) ?? current.id }
            return GroupChanges(order: order, unchangedSince: since)
        }
    }
}

/// What the lifecycle (SPEC 3.1) needs from earlier analyses.
public struct LifecycleHistory: Sendable {
    /// A present finding of the previous analysed snapshot, as far as the lifecycle looks at it.
    public struct Previous: Sendable, Hashable {
        public var status: FindingStatus
        public var firstSeen: Date

        public init(status: FindingStatus, firstSeen: Date) {
            self.status = status
            self.firstSeen = firstSeen
        }
    }

    public var previousSnapshotId: Int64?
    /// Present findings of the previous analysed snapshot.
    public var previous: [FindingKey: Previous]
    /// First-seen time of every finding asked about, and of every previous one, that appeared
    /// before the analysed snapshot.
    public var firstSeen: [FindingKey: Date]
    /// The stored id of every finding asked about and of every previous one; a key missing here
    /// has never been stored.
    public var findingIds: [FindingKey: Int64]
    /// Findings waived at the previous snapshot that were open (not waived) at some time before.
    public var everOpen: Set<FindingKey>

    public init(
        previousSnapshotId: Int64? = nil, previous: [FindingKey: Previous] = [:], firstSeen: [FindingKey: Date] = [:],
        findingIds: [FindingKey: Int64] = [:], everOpen: Set<FindingKey> = []
    ) {
        self.previousSnapshotId = previousSnapshotId
        self.previous = previous
        self.firstSeen = firstSeen
        self.findingIds = findingIds
        self.everOpen = everOpen
    }
}

/// Small JSON texts stored in columns (evidence, department lists), written without an encoder.
enum JSONText {
    static func escape(_ text: String) -> String {
        // Most texts need no escaping; decide on the UTF-8 bytes before going scalar by scalar.
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            return "\"" + text + "\""
        }
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    static func encode(strings: [String]) -> String {
        "[" + strings.map(escape).joined(separator: ",") + "]"
    }

    static func encode(evidence: [EvidenceItem]) -> String {
        "[" + evidence.map { "[\(escape($0.label)),\(escape($0.value))]" }.joined(separator: ",") + "]"
    }

    static func strings(_ text: String) -> [String] {
        var text = text
        if let fast = text.withUTF8({ bytes -> [String]? in
            var reader = Reader(bytes: bytes)
            guard let list = reader.strings(), reader.atEnd else { return nil }
            return list
        }) {
            return fast
        }
        return (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String] ?? []
    }

    static func evidence(_ text: String) -> [EvidenceItem] {
        var text = text
        let pairs: [[String]]? = text.withUTF8 { bytes in
            var reader = Reader(bytes: bytes)
            guard let pairs = reader.list({ $0.strings() }), reader.atEnd else { return nil }
            return pairs
        } ?? (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [[String]]
        return (pairs ?? []).compactMap { $0.count == 2 ? EvidenceItem($0[0], $0[1]) : nil }
    }

    /// Reads the JSON lwgov writes (arrays of strings, no spaces) straight from UTF-8 bytes;
    /// nil for anything else, which then goes to Foundation's reader.
    private struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0

        init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        var atEnd: Bool { index == bytes.count }

        mutating func take(_ byte: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }

        /// `[item,item]`, each item read by `item`.
        mutating func list<Item>(_ item: (inout Reader) -> Item?) -> [Item]? {
            guard take(UInt8(ascii: "[")) else { return nil }
            var list: [Item] = []
            if take(UInt8(ascii: "]")) { return list }
            repeat {
                guard let next = item(&self) else { return nil }
                list.append(next)
            } while take(UInt8(ascii: ","))
            return take(UInt8(ascii: "]")) ? list : nil
        }

        /// `["a","b"]`
        mutating func strings() -> [String]? { list { $0.string() } }

        mutating func string() -> String? {
            guard take(UInt8(ascii: "\"")) else { return nil }
            let start = index
            while index < bytes.count, bytes[index] != UInt8(ascii: "\""), bytes[index] != UInt8(ascii: "\\") { index += 1 }
            guard index < bytes.count else { return nil }
            if bytes[index] == UInt8(ascii: "\"") {
                index += 1
                return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index - 1]), as: UTF8.self)
            }
            var out = Array(bytes[start..<index])
            while index < bytes.count {
                let byte = bytes[index]
                index += 1
                switch byte {
                case UInt8(ascii: "\""):
                    return String(decoding: out, as: UTF8.self)
                case UInt8(ascii: "\\"):
                    guard index < bytes.count else { return nil }
                    let escaped = bytes[index]
                    index += 1
                    switch escaped {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escaped)
                    case UInt8(ascii: "n"): out.append(0x0A)
                    case UInt8(ascii: "r"): out.append(0x0D)
                    case UInt8(ascii: "t"): out.append(0x09)
                    case UInt8(ascii: "u"):
                        // lwgov writes \u only for control characters; anything else goes the slow way.
                        guard index + 4 <= bytes.count,
                              let value = UInt32(String(decoding: UnsafeBufferPointer(rebasing: bytes[index..<index + 4]), as: UTF8.self), radix: 16),
                              value < 0x80
                        else { return nil }
                        out.append(UInt8(value))
                        index += 4
                    default: return nil
                    }
                default:
                    out.append(byte)
                }
            }
            return nil
        }
    }
}

/// Which groups have been untouched since when (staleness condition 3, SPEC 3.3).
public struct GroupChanges: Sendable {
    /// Position of each stored snapshot in time order.
    private let position: [Int64: Int]
    /// Per group of the analysed snapshot: the oldest snapshot from which its fingerprint has
    /// been the same in every stored snapshot through the analysed one.
    private let unchangedSince: [String: Int64]

    /// - Parameter order: stored snapshot ids in time order.
    public init(order: [Int64] = [], unchangedSince: [String: Int64] = [:]) {
        position = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0) })
        self.unchangedSince = unchangedSince
    }

    /// True when the group exists with the same direct members and masters in every stored
    /// snapshot from `snapshotId` through the analysed one.
    public func untouched(groupId: String, since snapshotId: Int64) -> Bool {
        guard let start = position[snapshotId], let since = unchangedSince[groupId], let from = position[since] else { return false }
        return from <= start
    }
}
