import Foundation
#if canImport(Glibc)
import Glibc
#endif
import LWGovModel

/// `transfers.csv`: `userId,effectiveDate[,fromOrgUnitId,toOrgUnitId]`, UTF-8, header row (SPEC 3.3),
/// split into records by `CSVReader` like the HR roster.
public enum TransfersCSV {
    /// - Throws: `ExtractError` (.badInput) naming the line.
    public static func parse(_ data: Data, file: String, civilTime: CivilTime) throws(ExtractError) -> [TransferDate] {
        var bytes = data
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        if let bad = firstInvalidUTF8(in: bytes) {
            throw ExtractError(.badInput, "\(file): line \(bad.line): not UTF-8 text (column \(bad.column))")
        }
        let text = String(decoding: bytes, as: UTF8.self)
        let records: [CSVReader.Record]
        do {
            records = try CSVReader.records(text)
        } catch {
            switch error {
            case .unclosedQuote(let line): throw ExtractError(.badInput, "\(file): line \(line): a quoted field is not closed")
            case .tooManyRecords: throw ExtractError(.internal, "\(file): no row limit was set")
            }
        }
        guard let header = records.first else { throw ExtractError(.badInput, "\(file): empty file (a header row is required)") }
        let columns = header.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        guard columns == ["userId", "effectiveDate"] || columns == ["userId", "effectiveDate", "fromOrgUnitId", "toOrgUnitId"] else {
            throw ExtractError(
                .badInput,
                "\(file): line \(header.line): header must be userId,effectiveDate[,fromOrgUnitId,toOrgUnitId], not '\(quoted(header.fields.joined(separator: ",")))'"
            )
        }
        var result: [TransferDate] = []
        var seen: [String: Int] = [:]
        for record in records.dropFirst() {
            let number = record.line
            let fields = record.fields.map { $0.trimmingCharacters(in: .whitespaces) }
            if fields.allSatisfy(\.isEmpty) { continue }
            guard fields.count == columns.count else {
                throw ExtractError(.badInput, "\(file): line \(number): \(fields.count) fields, the header has \(columns.count)")
            }
            guard !fields[0].isEmpty else { throw ExtractError(.badInput, "\(file): line \(number): userId is empty") }
            guard civilTime.parseDay(fields[1]) != nil else {
                throw ExtractError(.badInput, "\(file): line \(number): effectiveDate '\(quoted(fields[1]))' is not a date YYYY-MM-DD")
            }
            if let earlier = seen[fields[0]] {
                throw ExtractError(.badInput, "\(file): line \(number): userId '\(quoted(fields[0]))' already has a row on line \(earlier)")
            }
            seen[fields[0]] = number
            result.append(
                TransferDate(
                    userId: fields[0], effectiveDate: fields[1],
                    fromOrgUnitId: fields.count > 2 && !fields[2].isEmpty ? fields[2] : nil,
                    toOrgUnitId: fields.count > 3 && !fields[3].isEmpty ? fields[3] : nil
                )
            )
        }
        return result
    }
}
