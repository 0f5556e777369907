import CXLSXWriter
import Foundation
import LWGovModel
import LWGovReport

/// `findings.xlsx`, the DX team's working list (SPEC 4, 3.6), written with libxlsxwriter:
/// 概要 (the department table), 指摘一覧 (every finding: filter, frozen header, due dates,
/// overdue rows marked, a link to the department report), 例外承認 and 対応予定.
///
/// Every text from the directory is written as a string cell (never a formula, whatever it
/// starts with), cleaned of what XML cannot carry and cut to Excel's 32,767 characters.
enum FindingsWorkbook {
    /// Excel's longest cell text.
    static let maxCellCharacters = 32_767

    static let findingColumns: [(title: String, width: Double)] = [
        ("部署", 18), ("部署ID", 10), ("グループID", 12), ("グループ・職員", 28), ("ルール", 20), ("ルールID", 16), ("重要度", 7),
        ("状態", 8), ("初回検出（和暦）", 16), ("初回検出", 11), ("対応期限", 11), ("期限超過", 9), ("超過日数", 9),
        ("対応予定", 30), ("対象", 12), ("内容", 60), ("対応", 60), ("報告書", 12),
    ]

    /// Writes the workbook at `path` (in the period's staging folder, so it is published with
    /// the period or not at all).
    ///
    /// - Throws: `RenderError` (.cannotWrite) naming the file and libxlsxwriter's reason.
    static func write(_ report: PeriodReport, to path: String) throws(RenderError) {
        // Constant memory: rows go to disk as they are written, so 70,000 findings take little.
        var options = lxw_workbook_options(constant_memory: UInt8(LXW_TRUE.rawValue), tmpdir: nil, use_zip64: UInt8(LXW_TRUE.rawValue))
        guard let workbook = workbook_new_opt(path, &options) else {
            throw RenderError(.cannotWrite, "\(path): cannot create the workbook")
        }
        // The document's title, organisation and creation time are the report's own.
        let title = "LINE WORKS トークグループ点検 指摘一覧 \(warekiPeriod(report.period))"
        let propertiesSet = title.withCString { title in
            report.organizationName.withCString { company in
                var properties = lxw_doc_properties()
                properties.title = UnsafeMutablePointer(mutating: title)
                properties.company = UnsafeMutablePointer(mutating: company)
                properties.created = time_t(report.generatedAt.timeIntervalSince1970)
                return workbook_set_properties(workbook, &properties) == LXW_NO_ERROR
            }
        }
        guard propertiesSet else {
            _ = workbook_close(workbook)
            throw RenderError(.cannotWrite, "\(path): cannot set the workbook's properties")
        }
        var sheets = Sheets(workbook: workbook)
        sheets.overview(report)
        sheets.findings(report)
        sheets.waivers(report)
        sheets.plans(report)
        let result = workbook_close(workbook)
        guard result == LXW_NO_ERROR else {
            throw RenderError(.cannotWrite, "\(path): cannot write the workbook (\(String(cString: lxw_strerror(result))))")
        }
    }

    /// 「令和8年2月1日」 of a day `YYYY-MM-DD`.
    static func wareki(_ day: String) -> String {
        let parts = day.split(separator: "-")
        guard parts.count == 3, let d = Int(parts[2]) else { return day }
        return warekiPeriod(String(day.prefix(7))) + "\(d)日"
    }

    /// A cell text: characters XML 1.0 cannot carry removed, cut to Excel's limit.
    static func cell(_ text: String) -> String {
        let clean = XMLText.clean(text)
        // Counting characters walks the text; its UTF-8 length is known and never smaller.
        guard clean.utf8.count > maxCellCharacters, clean.count > maxCellCharacters else { return clean }
        return String(clean.prefix(maxCellCharacters - 1)) + "…"
    }
}

/// The four sheets, written in row order (constant-memory mode requires it).
private struct Sheets {
    let workbook: UnsafeMutablePointer<lxw_workbook>
    let header: UnsafeMutablePointer<lxw_format>
    let date: UnsafeMutablePointer<lxw_format>
    let overdue: UnsafeMutablePointer<lxw_format>
    let overdueDate: UnsafeMutablePointer<lxw_format>
    let link: UnsafeMutablePointer<lxw_format>
    let wrap: UnsafeMutablePointer<lxw_format>

    init(workbook: UnsafeMutablePointer<lxw_workbook>) {
        self.workbook = workbook
        header = workbook_add_format(workbook)
        format_set_bold(header)
        format_set_bg_color(header, 0xDDE6F0)
        format_set_border(header, UInt8(LXW_BORDER_THIN.rawValue))
        date = workbook_add_format(workbook)
        format_set_num_format(date, "yyyy-mm-dd")
        overdue = workbook_add_format(workbook)
        format_set_bg_color(overdue, 0xFADBD8)
        overdueDate = workbook_add_format(workbook)
        format_set_bg_color(overdueDate, 0xFADBD8)
        format_set_num_format(overdueDate, "yyyy-mm-dd")
        link = workbook_add_format(workbook)
        format_set_font_color(link, 0x0563C1)
        format_set_underline(link, UInt8(LXW_UNDERLINE_SINGLE.rawValue))
        wrap = workbook_add_format(workbook)
        format_set_text_wrap(wrap)
    }

    func sheet(_ name: String, columns: [(title: String, width: Double)]) -> UnsafeMutablePointer<lxw_worksheet>? {
        guard let sheet = workbook_add_worksheet(workbook, name) else { return nil }
        for (i, column) in columns.enumerated() {
            worksheet_set_column(sheet, lxw_col_t(i), lxw_col_t(i), column.width, nil)
            worksheet_write_string(sheet, 0, lxw_col_t(i), column.title, header)
        }
        worksheet_freeze_panes(sheet, 1, 0)
        return sheet
    }

    func text(_ sheet: UnsafeMutablePointer<lxw_worksheet>, _ row: Int, _ col: Int, _ value: String, _ format: UnsafeMutablePointer<lxw_format>? = nil) {
        worksheet_write_string(sheet, lxw_row_t(row), lxw_col_t(col), FindingsWorkbook.cell(value), format)
    }

    func number(_ sheet: UnsafeMutablePointer<lxw_worksheet>, _ row: Int, _ col: Int, _ value: Int, _ format: UnsafeMutablePointer<lxw_format>? = nil) {
        worksheet_write_number(sheet, lxw_row_t(row), lxw_col_t(col), Double(value), format)
    }

    /// A date cell of a day `YYYY-MM-DD` (a text cell if it is not one).
    func day(_ sheet: UnsafeMutablePointer<lxw_worksheet>, _ row: Int, _ col: Int, _ value: String, _ format: UnsafeMutablePointer<lxw_format>) {
        let parts = value.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return text(sheet, row, col, value) }
        var when = lxw_datetime(year: Int32(parts[0]), month: Int32(parts[1]), day: Int32(parts[2]), hour: 0, min: 0, sec: 0)
        worksheet_write_datetime(sheet, lxw_row_t(row), lxw_col_t(col), &when, format)
    }

    /// A link to a department report, relative to the workbook (both are in the period folder).
    func reportLink(_ sheet: UnsafeMutablePointer<lxw_worksheet>, _ row: Int, _ col: Int, department: String, label: String) {
        let target = "external:" + ReportHTML.departmentLink(department)
        worksheet_write_url_opt(sheet, lxw_row_t(row), lxw_col_t(col), target, link, FindingsWorkbook.cell(label), nil)
    }

    mutating func overview(_ report: PeriodReport) {
        let columns: [(title: String, width: Double)] = [
            ("部署", 20), ("部署ID", 10), ("部署の位置", 30), ("担当グループ", 10), ("未対応", 8), ("期限超過", 8), ("新規", 7), ("継続", 7),
            ("再発", 7), ("例外承認", 8), ("今回解消", 8), ("職員アカウント", 10), ("最長未対応（日）", 12), ("報告書", 12),
        ]
        guard let sheet = sheet("概要", columns: columns) else { return }
        var row = 1
        for department in report.reportedDepartments {
            let figures = report.figures(for: department.id)
            text(sheet, row, 0, department.name)
            text(sheet, row, 1, department.id)
            text(sheet, row, 2, department.path)
            number(sheet, row, 3, figures.groups)
            number(sheet, row, 4, figures.open)
            number(sheet, row, 5, figures.overdue)
            number(sheet, row, 6, figures.counts.new)
            number(sheet, row, 7, figures.counts.open)
            number(sheet, row, 8, figures.counts.reopened)
            number(sheet, row, 9, figures.counts.waived)
            number(sheet, row, 10, figures.counts.resolved)
            number(sheet, row, 11, figures.accounts)
            if let oldest = figures.oldestOpenDays { number(sheet, row, 12, oldest) }
            reportLink(sheet, row, 13, department: department.id, label: "開く")
            row += 1
        }
        if row > 1 { worksheet_autofilter(sheet, 0, 0, lxw_row_t(row - 1), lxw_col_t(columns.count - 1)) }
    }

    mutating func findings(_ report: PeriodReport) {
        let columns = FindingsWorkbook.findingColumns
        guard let sheet = sheet("指摘一覧", columns: columns) else { return }
        let reported = Set(report.reportedDepartments.map(\.id))
        var links = 0
        var row = 1
        for record in report.findings {
            let f = record.finding
            let late = record.deadline?.overdue == true
            let fill = late ? overdue : nil
            let names = f.departments.map { report.departmentName($0) }.joined(separator: "・")
            text(sheet, row, 0, names.isEmpty ? "所属不明" : names, fill)
            text(sheet, row, 1, f.departments.joined(separator: " "), fill)
            text(sheet, row, 2, f.key.groupId, fill)
            text(sheet, row, 3, ReportHTML.subjectName(record), fill)
            text(sheet, row, 4, f.key.rule.title, fill)
            text(sheet, row, 5, f.key.rule.rawValue, fill)
            text(sheet, row, 6, f.severity.japanese, fill)
            text(sheet, row, 7, record.status.japanese, fill)
            let firstSeen = report.day(record.firstSeen)
            text(sheet, row, 8, FindingsWorkbook.wareki(firstSeen), fill)
            day(sheet, row, 9, firstSeen, late ? overdueDate : date)
            if let deadline = record.deadline {
                day(sheet, row, 10, deadline.due, late ? overdueDate : date)
                if late {
                    text(sheet, row, 11, "期限超過", fill)
                    number(sheet, row, 12, report.daysOverdue(record) ?? 0, fill)
                }
            }
            text(sheet, row, 13, FindingsCSV.planText(record, report), fill)
            text(sheet, row, 14, f.key.subject, fill)
            text(sheet, row, 15, f.message, fill)
            text(sheet, row, 16, f.remediation, fill)
            // Excel keeps at most 65,530 links in a sheet; rows past that name the report only.
            if let department = f.departments.first(where: reported.contains) {
                if links < Int(LXW_MAX_NUMBER_URLS) {
                    reportLink(sheet, row, 17, department: department, label: "報告書")
                    links += 1
                } else {
                    text(sheet, row, 17, ReportHTML.departmentLink(department), fill)
                }
            }
            row += 1
        }
        worksheet_autofilter(sheet, 0, 0, lxw_row_t(max(row - 1, 0)), lxw_col_t(columns.count - 1))
    }

    mutating func waivers(_ report: PeriodReport) {
        let columns: [(title: String, width: Double)] = [
            ("No.", 6), ("ルール", 20), ("ルールID", 16), ("グループ", 28), ("グループID", 12), ("対象", 12), ("期限", 11), ("理由", 50),
            ("承認者", 16), ("承認日", 11), ("該当件数", 8),
        ]
        guard let sheet = sheet("例外承認", columns: columns) else { return }
        var covered: [Int64: Int] = [:]
        for record in report.findings { if let id = record.waiverId { covered[id, default: 0] += 1 } }
        var row = 1
        for w in report.waivers {
            number(sheet, row, 0, Int(w.id))
            text(sheet, row, 1, w.rule.title)
            text(sheet, row, 2, w.rule.rawValue)
            text(sheet, row, 3, w.groupId == "*" ? "全グループ" : w.groupId.isEmpty ? "（職員アカウント）" : report.groups[w.groupId]?.name ?? w.groupId)
            text(sheet, row, 4, w.groupId)
            text(sheet, row, 5, w.subject ?? "")
            day(sheet, row, 6, w.until, date)
            text(sheet, row, 7, w.reason)
            text(sheet, row, 8, w.grantedBy)
            day(sheet, row, 9, report.day(w.grantedAt), date)
            number(sheet, row, 10, covered[w.id] ?? 0)
            row += 1
        }
        worksheet_autofilter(sheet, 0, 0, lxw_row_t(max(row - 1, 0)), lxw_col_t(columns.count - 1))
    }

    mutating func plans(_ report: PeriodReport) {
        let columns: [(title: String, width: Double)] = [
            ("No.", 6), ("部署", 18), ("グループ・職員", 28), ("ルール", 20), ("対象", 12), ("予定日", 11), ("内容", 50), ("登録者", 16),
            ("登録日", 11), ("期限超過", 9),
        ]
        guard let sheet = sheet("対応予定", columns: columns) else { return }
        var row = 1
        let planned = report.findings.filter { $0.deadline?.planId != nil }.sorted { ($0.deadline?.planId ?? 0) < ($1.deadline?.planId ?? 0) }
        for record in planned {
            guard let id = record.deadline?.planId, let plan = report.plans[id] else { continue }
            number(sheet, row, 0, Int(plan.id))
            text(sheet, row, 1, record.finding.departments.map { report.departmentName($0) }.joined(separator: "・"))
            text(sheet, row, 2, ReportHTML.subjectName(record))
            text(sheet, row, 3, record.key.rule.title)
            text(sheet, row, 4, record.key.subject)
            day(sheet, row, 5, plan.due, date)
            text(sheet, row, 6, plan.note)
            text(sheet, row, 7, plan.by)
            day(sheet, row, 8, report.day(plan.createdAt), date)
            if record.deadline?.overdue == true { text(sheet, row, 9, "期限超過", overdue) }
            row += 1
        }
        worksheet_autofilter(sheet, 0, 0, lxw_row_t(max(row - 1, 0)), lxw_col_t(columns.count - 1))
    }
}
