import Foundation
import LWGovModel
import LWGovReport

/// `findings.csv`: one row per present finding; UTF-8 with BOM and CRLF so Excel opens it. An
/// account finding (SPEC 3.5) has no group: its person is in the last two columns.
enum FindingsCSV {
    static let header = ["部署", "部署ID", "グループID", "グループ名", "ルール", "ルールID", "重要度", "状態", "状態ID", "対象", "初回検出", "経過日数", "内容", "対応", "例外承認ID", "職員氏名", "職員番号", "対応期限", "期限超過", "対応予定"]

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
                record.waiverId.map(String.init) ?? "", f.account?.name ?? "", f.account?.employeeNumber ?? "",
                record.deadline?.due ?? "", record.deadline.map { $0.overdue ? "期限超過" : "" } ?? "", planText(record, report),
            ])
        }
        return Data(out)
    }

    /// 「担当者会議で公開に変更（2026-06-30 まで・山田 課長）」 for a finding under a plan.
    static func planText(_ record: FindingRecord, _ report: PeriodReport) -> String {
        guard let id = record.deadline?.planId, let plan = report.plans[id] else { return "" }
        return "\(plan.note)（\(plan.due) まで・\(plan.by)）"
    }

    /// , " LF CR
    private static func needsQuotes(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: ","), UInt8(ascii: "\""), 0x0A, 0x0D: true
        default: false
        }
    }

    /// RFC 4180 quoting. The text is normalised first (characters XML 1.0 cannot carry
    /// dropped, CR LF and lone CR made LF, the only line break Excel keeps in a cell), then
    /// defused: when its first character other than space, tab and line breaks is one of
    /// `= + - @` (or their full-width forms), or it starts with a tab or line break, it gets a
    /// leading `'`, so no field can become a spreadsheet formula (a CR before `=` once hid one:
    /// the guard looked at the CR, then quoting dropped it).
    static func field(_ value: String) -> String {
        var text = XMLText.clean(value)
        if text.utf8.contains(0x0D) {
            text = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        }
        if startsDangerously(text) { text = "'" + text }
        let special = text.withUTF8 { bytes in bytes.contains(where: needsQuotes) }
        guard special else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Whether a spreadsheet could read the (normalised) text as a formula.
    static func startsDangerously(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first else { return false }
        if first == "\t" || first == "\n" || first == "\r" { return true }
        let lead = text.unicodeScalars.first { !($0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\u{3000}") }
        switch lead {
        case "=", "+", "-", "@", "\u{FF1D}", "\u{FF0B}", "\u{FF0D}", "\u{FF20}": return true
        default: return false
        }
    }
}
