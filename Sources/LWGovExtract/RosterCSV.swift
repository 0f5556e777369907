import Foundation
import LWGovModel

/// `hr.csv`, the HR roster (SPEC 3.5): a header row naming the columns in any order
/// (`employeeNumber`, `status`, `orgUnitCode`, `effectiveDate`, `name`; others ignored), one
/// row per employee.
public enum RosterCSV {
    /// A roster larger than this is refused before it is read: a city's roster is a few
    /// megabytes.
    public static let maxBytes = 64 << 20
    /// More rows than this is refused: one row per employee, and no organisation that runs
    /// LINE WORKS for its staff has half a million of them.
    public static let maxRows = 500_000

    /// A value without the white space around it. Most values have none, and are returned as
    /// they are without asking Foundation (a roster has a few hundred thousand of them).
    static func trimmed(_ value: String) -> String {
        guard let first = value.unicodeScalars.first, let last = value.unicodeScalars.last,
              CharacterSet.whitespaces.contains(first) || CharacterSet.whitespaces.contains(last)
        else { return value }
        return value.trimmingCharacters(in: .whitespaces)
    }

    /// - Parameters:
    ///   - matchColumn: the column `hr.match_by` names, when it is not `employeeNumber`; required.
    /// - Throws: `ExtractError` (.badInput) naming the file, the line and the column.
    public static func parse(
        _ data: Data, file: String, encoding: RosterInput.Encoding, matchColumn: String = "employeeNumber", civilTime: CivilTime
    ) throws(ExtractError) -> Roster {
        let text = try CSVReader.text(data, encoding: encoding, file: file)
        let records: [CSVReader.Record]
        do {
            // The header and at most `maxRows` rows.
            records = try CSVReader.records(text, limit: maxRows + 1)
        } catch {
            switch error {
            case .unclosedQuote(let line): throw ExtractError(.badInput, "\(file): line \(line): a quoted field is not closed")
            case .tooManyRecords: throw ExtractError(.badInput, "\(file): more than \(maxRows) rows; a roster has one row per employee — is this the right file?")
            }
        }
        guard let header = records.first else { throw ExtractError(.badInput, "\(file): empty file (a header row is required)") }
        var column: [String: Int] = [:]
        for (index, name) in header.fields.enumerated() {
            let name = trimmed(name)
            guard !name.isEmpty else { continue }
            if column[name] != nil {
                throw ExtractError(.badInput, "\(file): line \(header.line): the column '\(quoted(name))' appears twice in the header")
            }
            column[name] = index
        }
        for required in Set(["employeeNumber", "status", matchColumn]).sorted() where column[required] == nil {
            let names = header.fields.map { quoted($0) }.joined(separator: ",")
            throw ExtractError(.badInput, "\(file): line \(header.line): the header has no \(required) column (it has: \(names))")
        }
        var entries: [RosterEntry] = []
        entries.reserveCapacity(records.count - 1)
        var lineOf: [String: Int] = [:]
        for record in records.dropFirst() {
            let line = record.line
            func value(_ name: String) throws(ExtractError) -> String? {
                guard let index = column[name] else { return nil }
                guard index < record.fields.count else {
                    throw ExtractError(.badInput, "\(file): line \(line): \(record.fields.count) fields, the header has \(header.fields.count)")
                }
                let text = trimmed(record.fields[index])
                // A control character cannot be part of a number, a code, a date or a name; in
                // UTF-8 each is one byte below 0x20 or 0x7F, and no other character has such a byte.
                if text.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F }) {
                    throw ExtractError(.badInput, "\(file): line \(line): \(name) contains a control character ('\(quoted(text))')")
                }
                return text.isEmpty ? nil : text
            }
            guard let number = try value("employeeNumber") else {
                throw ExtractError(.badInput, "\(file): line \(line): employeeNumber is empty")
            }
            let statusText = try value("status") ?? ""
            guard let status = HRStatus(rosterValue: statusText) else {
                throw ExtractError(.badInput, "\(file): line \(line): status '\(quoted(statusText))' is not 在職, 休職 or 退職 (or active, leave, retired)")
            }
            let code = try value("orgUnitCode")
            if code == nil, status != .retired {
                throw ExtractError(.badInput, "\(file): line \(line): orgUnitCode is empty (required unless the status is 退職)")
            }
            let date = try value("effectiveDate")
            if let date, civilTime.parseDay(date) == nil {
                throw ExtractError(.badInput, "\(file): line \(line): effectiveDate '\(quoted(date))' is not a date YYYY-MM-DD")
            }
            if date == nil, status == .retired {
                throw ExtractError(.badInput, "\(file): line \(line): effectiveDate is empty (the date of retirement is required for 退職)")
            }
            if let earlier = lineOf[number] {
                throw ExtractError(.badInput, "\(file): line \(line): employeeNumber '\(quoted(number))' already has a row on line \(earlier)")
            }
            lineOf[number] = line
            entries.append(
                RosterEntry(
                    employeeNumber: number, status: status, orgUnitCode: code, effectiveDate: date, name: try value("name"),
                    matchValue: matchColumn == "employeeNumber" ? nil : try value(matchColumn)
                )
            )
        }
        return Roster(entries: entries)
    }
}
