import Foundation
import LWGovModel

/// The CSV files lwgov reads (`transfers.csv`, `hr.csv`): RFC 4180 records (a quoted field may
/// hold commas, quotes and line breaks), with the physical line each record starts on, for
/// messages. Line ends may be CRLF, LF or CR.
struct CSVReader {
    struct Record {
        /// The line the record starts on, from 1.
        var line: Int
        var fields: [String]
    }

    /// Why a file could not be split into records.
    enum Failure: Error {
        /// A quoted field opened on this line is not closed before the end.
        case unclosedQuote(line: Int)
        /// More records than the limit.
        case tooManyRecords
    }

    /// The records of `text`; blank lines are skipped.
    ///
    /// - Parameter limit: the most records read; one more is a `Failure` naming the line.
    static func records(_ text: String, limit: Int = .max) throws(Failure) -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var line = 1, recordLine = 1
        var inQuotes = false, quoted = false
        let bytes = Array(text.utf8)
        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            quoted = false
        }
        func endRecord() throws(Failure) {
            endField()
            if !(fields.count == 1 && fields[0].isEmpty) {
                guard records.count < limit else { throw Failure.tooManyRecords }
                records.append(Record(line: recordLine, fields: fields))
            }
            fields.removeAll(keepingCapacity: true)
        }
        var i = 0
        while i < bytes.count {
            let byte = bytes[i]
            if inQuotes {
                if byte == UInt8(ascii: "\"") {
                    if i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "\"") {
                        field.append(byte)
                        i += 2
                        continue
                    }
                    inQuotes = false
                } else {
                    if byte == 0x0A || (byte == 0x0D && !(i + 1 < bytes.count && bytes[i + 1] == 0x0A)) { line += 1 }
                    field.append(byte)
                }
                i += 1
                continue
            }
            switch byte {
            case UInt8(ascii: "\""):
                // A quote opens a quoted field only at its start (spaces before it allowed);
                // anywhere else it is text, as spreadsheets read it.
                if field.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) && !quoted {
                    field.removeAll(keepingCapacity: true)
                    inQuotes = true
                    quoted = true
                } else {
                    field.append(byte)
                }
            case UInt8(ascii: ","):
                endField()
            case 0x0D, 0x0A:
                if byte == 0x0D, i + 1 < bytes.count, bytes[i + 1] == 0x0A { i += 1 }
                try endRecord()
                line += 1
                recordLine = line
            default:
                field.append(byte)
            }
            i += 1
        }
        if inQuotes { throw Failure.unclosedQuote(line: recordLine) }
        if !field.isEmpty || !fields.isEmpty { try endRecord() }
        return records
    }

    /// The text of a CSV file's bytes: UTF-8 (a BOM is dropped) or CP932.
    ///
    /// CP932 (Windows Shift_JIS, what Japanese HR systems export) is decoded by Foundation's
    /// Shift_JIS converter, which on Linux reads CP932's NEC and IBM extensions (①, ㈱, 髙 in
    /// both of its codes); a test pins them.
    static func text(_ data: Data, encoding: RosterInput.Encoding, file: String) throws(ExtractError) -> String {
        switch encoding {
        case .utf8:
            var bytes = data
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
            if let bad = firstInvalidUTF8(in: bytes) {
                throw ExtractError(.badInput, "\(file): line \(bad.line): not UTF-8 text (column \(bad.column)); if it is CP932 (Shift_JIS), set hr.encoding = \"cp932\"")
            }
            return String(decoding: bytes, as: UTF8.self)
        case .cp932:
            if let text = String(data: data, encoding: .shiftJIS) { return text }
            // Find the line: LF (0x0A) is never the second byte of a CP932 character.
            for (index, line) in data.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated()
            where String(data: Data(line), encoding: .shiftJIS) == nil {
                throw ExtractError(.badInput, "\(file): line \(index + 1): not CP932 (Shift_JIS) text; check hr.encoding")
            }
            throw ExtractError(.badInput, "\(file): not CP932 (Shift_JIS) text; check hr.encoding")
        }
    }
}
