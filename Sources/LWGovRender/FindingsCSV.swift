import Foundation
import LWGovModel

/// `findings.csv`: one row per present finding; UTF-8 with BOM and CRLF so Excel opens it.
enum FindingsCSV {
    static let header = ["部署", "部署ID", "グループID", "グループ名", "ルール", "ルールID", "重要度", "状態", "状態ID", "対象", "初回検出", "経過日数", "内容", "対応", "例外承認ID"]

    static func render(_ report: PeriodReport) -> Data {
        var out: [UInt8] = [0xEF, 0xBB, 0xBF]
        out.reserveCapacity(report.findings.count * 400)
        func row(_ fields: [String]) {
            for (i, value) in fields.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                out.append(contentsOf: field(value).utf8)
            }
            out.append(contentsOf: [0x0D, 0x0A])
        }
        row(header)
        for record in report.findings {
            let f = record.finding
            let names = f.departments.map { ReportHTML.departmentName(report, $0) }.joined(separator: "・")
            row([
                names.isEmpty ? "所属不明" : names, f.departments.joined(separator: " "), f.key.groupId, f.groupName,
                f.key.rule.title, f.key.rule.rawValue, f.severity.japanese, record.status.japanese, record.status.rawValue,
                f.key.subject, report.day(record.firstSeen), String(report.ageDays(record)), f.message, f.remediation,
                record.waiverId.map(String.init) ?? "",
            ])
        }
        return Data(out)
    }

    /// , " LF CR
    private static func needsQuotes(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: ","), UInt8(ascii: "\""), 0x0A, 0x0D: true
        default: false
        }
    }

    /// RFC 4180 quoting; control characters dropped; a leading = + - @ is prefixed with ' so a
    /// group name cannot become a spreadsheet formula.
    static func field(_ value: String) -> String {
        var text = XMLText.clean(value)
        switch text.utf8.first {
        case UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"): text = "'" + text
        default: break
        }
        let special = text.withUTF8 { bytes in bytes.contains(where: needsQuotes) }
        guard special else { return text }
        var quoted = "\""
        for scalar in text.unicodeScalars {
            if scalar == "\"" { quoted += "\"\"" } else if scalar == "\r" { continue } else { quoted.unicodeScalars.append(scalar) }
        }
        return quoted + "\""
    }
}
