import Foundation
#if canImport(Glibc)
import Glibc
#endif
import LWGovModel

/// Reads a snapshot directory (`users.json`, `orgunits.json`, `groups.json`, optional
/// `transfers.csv`, `hr.csv` and `snapshot.json`) into a validated `DirectorySnapshot` (SPEC 2.1,
/// 3.5).
public struct SnapshotReader: Sendable {
    /// Files larger than this are refused rather than read into memory.
    public var maxFileBytes: Int = 512 << 20
    public let civilTime: CivilTime
    /// Where the roster comes from when the directory has no `hr.csv`, and its encoding.
    public var roster = RosterInput()
    /// How roster rows find accounts: `hr.match_by` names the column that must be present.
    public var rosterMatching = RosterMatching()
    /// The time now, for the `takenAt` bounds; injected so tests stand at a fixed moment.
    public var now: @Sendable () -> Date = { Date() }

    public init(civilTime: CivilTime) {
        self.civilTime = civilTime
    }

    /// The earliest `takenAt` read from `snapshot.json` or the files' times: 2000-01-01 00:00 in
    /// the configured time zone.
    public var earliestTakenAt: Date { civilTime.parseTimestamp("2000-01-01") ?? Date(timeIntervalSince1970: 946_684_800) }
    /// How far past now a `takenAt` from `snapshot.json` or the files' times may be (a day).
    public static let futureAllowance: TimeInterval = 86_400
    /// What even an explicit `--taken-at` must fall in: years the reports can carry
    /// (a four-digit year in every time zone).
    static let explicitRange = Date(timeIntervalSince1970: -2_208_988_800)...Date(timeIntervalSince1970: 221_845_392_000)

    /// Reads and validates everything before anything is stored.
    ///
    /// - Parameter takenAt: overrides `snapshot.json`; ISO 8601, offset optional.
    /// - Throws: `ExtractError` (.badInput) naming the file and place.
    public func read(directory: String, takenAt: String? = nil) throws(ExtractError) -> (DirectorySnapshot, [Diagnostic]) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ExtractError(.badInput, "\(directory): no such snapshot directory")
        }
        let dir = URL(fileURLWithPath: directory)
        if let takenAt { _ = try parseTakenAt(takenAt) }
        // The three files are independent: they are decoded at once, and a failure is reported
        // in file order (org units, users, groups) whichever one finishes first.
        let decoded = parallelMap(3) { i in
            Result { () throws(ExtractError) -> ListFile in
                switch i {
                case 0:
                    .orgUnits(try decode(OrgUnitList.self, from: dir.appendingPathComponent("orgunits.json")) {
                        DirectoryJSON.orgUnits($0).map(OrgUnitList.init)
                    }.orgUnits)
                case 1:
                    .users(try decode(UserList.self, from: dir.appendingPathComponent("users.json")) {
                        DirectoryJSON.users($0).map(UserList.init)
                    }.users)
                default:
                    .groups(try decode(GroupList.self, from: dir.appendingPathComponent("groups.json")) {
                        DirectoryJSON.groups($0).map(GroupList.init)
                    }.groups)
                }
            }
        }
        var orgUnits: [OrgUnit] = [], users: [User] = [], groups: [Group] = []
        for result in decoded {
            switch try result.get() {
            case .orgUnits(let list): orgUnits = list
            case .users(let list): users = list
            case .groups(let list): groups = list
            }
        }

        let diagnostics = try Self.validate(orgUnits: orgUnits, users: users, groups: groups, names: .files)

        let transfersFile = dir.appendingPathComponent("transfers.csv")
        var transferDates: [TransferDate] = []
        if FileManager.default.fileExists(atPath: transfersFile.path) {
            transferDates = try TransfersCSV.parse(try contents(of: transfersFile), file: "transfers.csv", civilTime: civilTime)
        }
        let moment = try resolveTakenAt(directory: dir, override: takenAt)
        var roster: Roster?
        let rosterFile = dir.appendingPathComponent("hr.csv")
        // Without following a link: a link to nowhere is read, and refused, rather than skipped.
        if (try? FileManager.default.attributesOfItem(atPath: rosterFile.path)) != nil {
            roster = try readRoster(rosterFile, encoding: try declaredRosterEncoding(in: dir) ?? self.roster.encoding)
        } else if !self.roster.rosterFile.isEmpty {
            roster = try readRoster(path: self.roster.rosterFile)
        }
        let snapshot = DirectorySnapshot(
            takenAt: moment, orgUnits: orgUnits, users: users, groups: groups, transferDates: transferDates, roster: roster
        )
        return (snapshot, diagnostics + (roster.map { rosterWarnings($0, orgUnits: orgUnits) } ?? []))
    }

    /// `hr.roster_file`, for a snapshot without its own `hr.csv` (and for the API source).
    ///
    /// - Throws: `ExtractError` (.badInput) naming the file, line and column.
    public func readRoster(path: String) throws(ExtractError) -> Roster {
        try readRoster(URL(fileURLWithPath: path), encoding: roster.encoding)
    }

    private func readRoster(_ url: URL, encoding: RosterInput.Encoding) throws(ExtractError) -> Roster {
        let name = url.lastPathComponent
        var reader = self
        reader.maxFileBytes = min(maxFileBytes, RosterCSV.maxBytes)
        return try RosterCSV.parse(
            try reader.contents(of: url), file: name, encoding: encoding, matchColumn: rosterMatching.rosterColumn, civilTime: civilTime
        )
    }

    /// The roster encoding `snapshot.json` declares (`"hrEncoding"`), if any.
    private func declaredRosterEncoding(in directory: URL) throws(ExtractError) -> RosterInput.Encoding? {
        let metaFile = directory.appendingPathComponent("snapshot.json")
        guard FileManager.default.fileExists(atPath: metaFile.path),
              let declared = try decode(SnapshotMeta.self, from: metaFile, fast: { _ in nil }).hrEncoding
        else { return nil }
        guard let encoding = RosterInput.Encoding(rawValue: declared) else {
            throw ExtractError(.badInput, "snapshot.json: hrEncoding '\(quoted(declared))' is not utf-8 or cp932")
        }
        return encoding
    }

    /// Roster codes that match no org unit: those people's departments are unknown, so the
    /// roster cannot say whether the directory is behind (SPEC 3.5).
    func rosterWarnings(_ roster: Roster, orgUnits: [OrgUnit]) -> [Diagnostic] {
        let codes = Set(orgUnits.compactMap { rosterMatching.code(of: $0) })
        var unknown: [String] = []
        var rows = 0
        for entry in roster.entries {
            guard let code = entry.orgUnitCode, !codes.contains(code) else { continue }
            rows += 1
            if unknown.count < 3, !unknown.contains(code) { unknown.append(code) }
        }
        guard rows > 0 else { return [] }
        let field = rosterMatching.orgUnitMatchBy.rawValue
        return [
            Diagnostic(
                "HR roster: \(rows == 1 ? "1 row has" : "\(rows) rows have") an orgUnitCode that matches no org unit's \(field) (e.g. \(unknown.map { "'\(quoted($0))'" }.joined(separator: ", "))); \(rows == 1 ? "that person's department is" : "those people's departments are") unknown"
            )
        ]
    }

    /// `--taken-at`: ISO 8601, offset optional.
    ///
    /// An explicit time may lie outside the bounds of `snapshot.json` (a test corpus, a late
    /// import), but must fall between 1900 and 8999 so that every report can carry it.
    public func parseTakenAt(_ text: String) throws(ExtractError) -> Date {
        guard let date = civilTime.parseTimestamp(text) else {
            throw ExtractError(.usage, "--taken-at '\(quoted(text))' is not an ISO 8601 time like 2026-04-01T06:00:00+09:00")
        }
        guard Self.explicitRange.contains(date) else {
            throw ExtractError(.usage, "--taken-at '\(quoted(text))' is outside the years 1900 to 8999; check the year")
        }
        return date
    }

    /// Refuses a `takenAt` that did not come from `--taken-at` when it is before 2000 or more
    /// than a day after now: a typo year or a file with a future time would otherwise be stored
    /// and block every later month (SPEC 2.1).
    ///
    /// - Parameters:
    ///   - origin: where the time came from, for the message.
    ///   - text: the time as the input wrote it, shown when it is beyond what lwgov formats.
    /// - Throws: `ExtractError` (.badInput).
    public func checkBounds(_ date: Date, origin: String, text: String? = nil) throws(ExtractError) {
        let latest = now().addingTimeInterval(Self.futureAllowance)
        guard date < earliestTakenAt || date > latest else { return }
        // Foundation cannot describe a date thousands of years away ("<description unavailable>").
        let shown = Self.explicitRange.contains(date)
            ? civilTime.timestamp(date)
            : text.map { "'\(quoted($0))'" } ?? "\(Int64(date.timeIntervalSince1970)) s after 1970"
        let side = date < earliestTakenAt ? "before 2000-01-01" : "more than a day after now (\(civilTime.timestamp(now())))"
        throw ExtractError(
            .badInput,
            "\(origin): takenAt \(shown) is \(side); fix it, or give the time explicitly with --taken-at"
        )
    }

    /// A `transfers.csv` outside a snapshot directory (for the API source).
    public func readTransfers(path: String) throws(ExtractError) -> [TransferDate] {
        let url = URL(fileURLWithPath: path)
        return try TransfersCSV.parse(try contents(of: url), file: url.lastPathComponent, civilTime: civilTime)
    }

    private func contents(of url: URL) throws(ExtractError) -> Data {
        let name = url.lastPathComponent
        let status: FileStatus
        do {
            status = try FileStatus.of(url.path)
        } catch {
            if error.isMissing { throw ExtractError(.badInput, "\(name): missing from \(url.deletingLastPathComponent().path)") }
            throw ExtractError(.badInput, "\(name): cannot be read (\(error.reason))")
        }
        guard status.kind == .regular else {
            throw ExtractError(.badInput, "\(name): not a regular file (a directory, pipe or device); give the export file itself")
        }
        if status.size > maxFileBytes {
            throw ExtractError(.badInput, "\(name): \(status.size) bytes is larger than the \(maxFileBytes)-byte limit; is this really a directory export?")
        }
        do {
            return try Data(contentsOf: url)
        } catch {
            throw ExtractError(.badInput, "\(name): cannot be read (\(String(cString: strerror(errno))))")
        }
    }

    /// Reads a JSON file with `DirectoryJSON` (kept for speed, see docs/performance.md), or, when
    /// that gives up, with `JSONDecoder`; a failure is `JSONDecoder`'s, naming the file and the
    /// JSON path, or the line and column where the syntax breaks.
    private func decode<T: Decodable>(_ type: T.Type, from url: URL, fast: (Data) -> T?) throws(ExtractError) -> T {
        let name = url.lastPathComponent
        var data = try contents(of: url)
        if data.starts(with: [0xEF, 0xBB, 0xBF]) { data.removeFirst(3) }
        guard !data.isEmpty else { throw ExtractError(.badInput, "\(name): empty file") }
        if let value = fast(data) { return value }
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch let error as DecodingError {
            if case .dataCorrupted(let context) = error, context.codingPath.isEmpty {
                throw ExtractError(.badInput, "\(name): not valid JSON (\(syntaxDetail(data)))")
            }
            throw ExtractError(.badInput, describe(error, file: name))
        } catch {
            throw ExtractError(.badInput, "\(name): cannot be read (\(error.localizedDescription))")
        }
    }

    /// Where JSON syntax breaks, as line and column, from Foundation's parser message.
    private func syntaxDetail(_ data: Data) -> String {
        if let bad = firstInvalidUTF8(in: data) { return "not UTF-8 text at line \(bad.line), column \(bad.column)" }
        if let lone = Self.firstLoneSurrogateEscape(in: data) {
            return "a \\u escape of half a surrogate pair (\(lone.escape)) at line \(lone.line), column \(lone.column)"
        }
        do {
            _ = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
            return "syntax error"
        } catch {
            let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "syntax error"
            guard let range = detail.range(of: #"character \d+"#, options: .regularExpression),
                  let offset = Int(detail[range].dropFirst("character ".count))
            else { return detail.hasSuffix(".") ? String(detail.dropLast()) : detail }
            var line = 1, column = 1
            for byte in data.prefix(offset) {
                if byte == UInt8(ascii: "\n") { line += 1; column = 1 } else if byte & 0xC0 != 0x80 { column += 1 }
            }
            let what = detail[..<range.lowerBound].replacingOccurrences(of: " around ", with: "")
            return "\(what) at line \(line), column \(column)"
        }
    }

    /// The first `\\uD800`…`\\uDFFF` escape that is not half of a high-low pair: JSON text
    /// cannot carry it as a character, and Foundation's parser says so without a place.
    static func firstLoneSurrogateEscape(in data: Data) -> (escape: String, line: Int, column: Int)? {
        let bytes = [UInt8](data)
        func hex(at i: Int) -> UInt32? {
            guard i + 6 <= bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") else { return nil }
            return UInt32(String(decoding: bytes[(i + 2)..<(i + 6)], as: UTF8.self), radix: 16)
        }
        var i = 0, line = 1, column = 1
        while i < bytes.count {
            let byte = bytes[i]
            if byte == UInt8(ascii: "\\") {
                if let unit = hex(at: i), (0xD800...0xDFFF).contains(unit) {
                    if unit <= 0xDBFF, let low = hex(at: i + 6), (0xDC00...0xDFFF).contains(low) {
                        i += 12
                        column += 12
                        continue
                    }
                    return (String(decoding: bytes[i..<(i + 6)], as: UTF8.self), line, column)
                }
                // Any other escape: skip the escaped character too, so `\\\\u…` is not read as one.
                i += 2
                column += 2
                continue
            }
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
            i += 1
        }
        return nil
    }

    private func resolveTakenAt(directory: URL, override: String?) throws(ExtractError) -> Date {
        if let override { return try parseTakenAt(override) }
        let metaFile = directory.appendingPathComponent("snapshot.json")
        if FileManager.default.fileExists(atPath: metaFile.path) {
            let meta = try decode(SnapshotMeta.self, from: metaFile) { _ in nil }
            guard let date = civilTime.parseTimestamp(meta.takenAt) else {
                throw ExtractError(.badInput, "snapshot.json: takenAt '\(quoted(meta.takenAt))' is not an ISO 8601 time like 2026-04-01T06:00:00+09:00")
            }
            try checkBounds(date, origin: "snapshot.json", text: meta.takenAt)
            return date
        }
        var newest = Date.distantPast
        var newestName = "users.json"
        for name in ["users.json", "orgunits.json", "groups.json", "transfers.csv"] {
            let path = directory.appendingPathComponent(name).path
            if let modified = (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date, modified > newest {
                newest = modified
                newestName = name
            }
        }
        try checkBounds(newest, origin: "\(newestName) (its modification time, used without snapshot.json)")
        return newest
    }

    /// How messages name the three lists: the files, or the API requests.
    public struct SourceNames: Sendable {
        public var orgUnits: String
        public var users: String
        public var groups: String

        public static let files = SourceNames(orgUnits: "orgunits.json", users: "users.json", groups: "groups.json")
        public static let api = SourceNames(orgUnits: "API GET /orgunits", users: "API GET /users", groups: "API GET /groups")
    }

    /// The checks every snapshot passes before it is stored, whatever its source: unique ids, an
    /// org tree without unknown parents or cycles; references SPEC 3.0 accepts become warnings.
    ///
    /// - Throws: `ExtractError` (.badInput) naming the list and index.
    public static func validate(orgUnits: [OrgUnit], users: [User], groups: [Group], names: SourceNames) throws(ExtractError) -> [Diagnostic] {
        try checkUnique(orgUnits.map(\.id), file: names.orgUnits, path: "orgUnits", key: "orgUnitId")
        try checkUnique(users.map(\.id), file: names.users, path: "users", key: "userId")
        try checkUnique(groups.map(\.id), file: names.groups, path: "groups", key: "groupId")
        if let problem = OrgTree.problems(in: orgUnits).first {
            switch problem {
            case .unknownParent(let index, let unit, let parent):
                throw ExtractError(.badInput, "\(names.orgUnits): orgUnits[\(index)] (\(quoted(unit))): parentOrgUnitId '\(quoted(parent))' is not in the list")
            case .cycle(let index, let unit):
                throw ExtractError(.badInput, "\(names.orgUnits): orgUnits[\(index)] (\(quoted(unit))) is its own ancestor (a cycle in parentOrgUnitId)")
            }
        }
        return referenceWarnings(orgUnits: orgUnits, users: users, groups: groups, names: names)
    }

    static func checkUnique(_ ids: [String], file: String, path: String, key: String) throws(ExtractError) {
        var first: [String: Int] = [:]
        first.reserveCapacity(ids.count)
        for (index, id) in ids.enumerated() {
            if let earlier = first[id] {
                throw ExtractError(.badInput, "\(file): \(path)[\(index)].\(key) '\(quoted(id))' duplicates \(path)[\(earlier)]")
            }
            first[id] = index
        }
    }

    /// References that SPEC 3.0 accepts (unknown users are inactive, unknown groups add nothing)
    /// but that a person may want to know about.
    static func referenceWarnings(orgUnits: [OrgUnit], users: [User], groups: [Group], names: SourceNames) -> [Diagnostic] {
        let unitIds = Set(orgUnits.map(\.id))
        let groupIds = Set(groups.map(\.id))
        var unknownUnits = 0, unknownGroups = 0, userUnits = 0
        var example: [String] = []
        var userExample: [String] = []
        for group in groups {
            for member in group.members {
                switch member.type {
                case .orgUnit where !unitIds.contains(member.id):
                    unknownUnits += 1
                    if example.count < 3 { example.append("\(quoted(group.id)) → ORGUNIT \(quoted(member.id))") }
                case .group where !groupIds.contains(member.id):
                    unknownGroups += 1
                    if example.count < 3 { example.append("\(quoted(group.id)) → GROUP \(quoted(member.id))") }
                default: break
                }
            }
        }
        for user in users {
            for entry in user.entries where !unitIds.contains(entry.orgUnitId) {
                userUnits += 1
                if userExample.count < 3 { userExample.append("\(quoted(user.id)) → \(quoted(entry.orgUnitId))") }
            }
        }
        var result: [Diagnostic] = []
        if unknownUnits + unknownGroups > 0 {
            result.append(Diagnostic("\(names.groups): \(unknownUnits) ORGUNIT and \(unknownGroups) GROUP member entries name units or groups not in the snapshot; they add no members (e.g. \(example.joined(separator: ", ")))"))
        }
        if userUnits > 0 {
            result.append(Diagnostic("\(names.users): \(userUnits) org-unit entries name units not in \(names.orgUnits); those posts have no department (e.g. \(userExample.joined(separator: ", ")))"))
        }
        return result
    }
}

/// One decoded list file of a snapshot directory.
private enum ListFile: Sendable {
    case orgUnits([OrgUnit])
    case users([User])
    case groups([Group])
}
