import Foundation
import LWGovModel
import LWGovReport

/// Composes the monthly messages: who hears about which department, and what they read.
///
/// Recipients are the department's managers (the `isManager` 組織長 of the department's own org
/// unit; if it has none, active users there whose position is one of `managers.positions`),
/// plus `notify.extra_recipients`. Only active accounts receive messages.
public struct NoticeComposer: Sendable {
    public let report: PeriodReport
    public let directory: DirectorySnapshot
    public let settings: NotifySettings
    /// Positions that make a 管理職 (`managers.positions`), for a unit whose head is not marked.
    public let managerPositions: Set<String>
    /// Managers on 休職 still hear from the bot (`managers.count_on_leave`).
    public let countOnLeave: Bool
    public let outputDirectory: String
    /// The directory's users by id.
    let usersById: [String: User]

    /// The longest text the Bot API takes.
    static let maxCharacters = 2000

    public init(
        report: PeriodReport, directory: DirectorySnapshot, settings: NotifySettings, managerPositions: [String], countOnLeave: Bool,
        outputDirectory: String
    ) {
        self.report = report
        self.directory = directory
        self.settings = settings
        self.managerPositions = Set(managerPositions)
        self.countOnLeave = countOnLeave
        self.outputDirectory = outputDirectory
        usersById = Dictionary(directory.users.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public func notices() -> [Notice] {
        let recipients = recipientsByUnit()
        var result: [Notice] = []
        for department in report.reportedDepartments {
            let figures = report.figures(for: department.id)
            let counts = figures.counts
            let worth = switch settings.when {
            case .new: counts.new + counts.reopened > 0
            case .open: counts.new + counts.continuing > 0
            }
            guard worth else { continue }
            for userId in recipients(department.id) {
                // Names from the directory go into a message every 課長 reads: one line each.
                let name = oneLine(recipientName(userId), limit: 40)
                result.append(
                    Notice(
                        departmentId: department.id, departmentName: oneLine(department.name, limit: 40), userId: userId, recipientName: name,
                        text: text(department: department, recipient: name, findings: figures.findings, counts: counts)
                    )
                )
            }
        }
        return result
    }

    /// The name a message greets, or the id when the directory has no name.
    func recipientName(_ userId: String) -> String {
        usersById[userId]?.displayName ?? userId
    }

    /// Who hears about an org unit: its 組織長, else its managers by position (neither on 休職
    /// unless counted), plus its `notify.extra_recipients`; active accounts only, each once.
    func recipientsByUnit() -> (String) -> [String] {
        let users = usersById
        var managers: [String: [String]] = [:]
        var positioned: [String: [String]] = [:]
        // A manager on 休職 cannot act on the report (SPEC 2.2); the department's next manager
        // (by position) hears instead, unless managers.count_on_leave.
        for user in directory.users where user.isActive && (!user.isOnLeave || countOnLeave) {
            for entry in user.entries {
                if entry.isManager { managers[entry.orgUnitId, default: []].append(user.id) }
                if let position = entry.positionName, managerPositions.contains(position) {
                    positioned[entry.orgUnitId, default: []].append(user.id)
                }
            }
        }
        var extra: [String: [String]] = [:]
        for entry in settings.extraRecipients {
            let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
            if parts.count == 2 { extra[parts[0], default: []].append(parts[1]) }
        }

        return { unit in
            var seen: Set<String> = []
            return ((managers[unit] ?? positioned[unit] ?? []) + (extra[unit] ?? [])).filter { userId in
                guard seen.insert(userId).inserted else { return false }
                return users[userId].map(\.isActive) ?? true
            }
        }
    }

    /// Short, polite and concrete, as the guideline is written.
    ///
    /// Every name in it passes through `oneLine`, so nothing from the directory can add a line.
    func text(department: Department, recipient: String, findings: [FindingRecord], counts: Counts) -> String {
        let departmentName = oneLine(department.name, limit: 40)
        let recipient = oneLine(recipient, limit: 40)
        var lines = [
            "【LINE WORKS トークグループ点検】\(warekiPeriod(report.period))分",
            "\(departmentName) \(recipient) 様",
            "",
            "\(departmentName)に関係するトークグループの点検結果をお知らせします。",
            "新たな指摘 \(counts.new)件、継続 \(counts.continuing)件、解消 \(counts.resolved)件です。",
        ]
        // Due dates (SPEC 3.6): what is already late comes first.
        let overdue = findings.filter { $0.deadline?.overdue == true }
        if !overdue.isEmpty {
            lines.append("このうち対応期限を過ぎたものが \(overdue.count)件あります。")
        }
        // Account findings (SPEC 3.5): the 課 reports its retirees and corrects its staff's entries.
        let accounts = findings.filter { $0.finding.isAboutAccount && $0.status != .waived }
        if !accounts.isEmpty {
            let retirees = accounts.filter { $0.key.rule == .retiredAccountActive }.count
            lines.append("うち職員アカウントの指摘 \(accounts.count)件\(retirees > 0 ? "（退職者 \(retirees)件）" : "")です。")
        }
        let urgent = findings.filter { $0.status != .waived }.prefix(3)
        if !urgent.isEmpty {
            lines += ["", "特に対応をお願いしたいもの:"]
            for record in urgent {
                let first = record.status == .new ? "今回新たに" : "\(warekiPeriod(String(report.day(record.firstSeen).prefix(7))))から"
                let since = record.deadline.map { $0.overdue ? "\(first)、期限 \($0.due) 超過" : first } ?? first
                if record.finding.isAboutAccount {
                    // A finding about a person: who, and the one action.
                    let person = oneLine(record.finding.account?.name ?? record.key.subject, limit: 30)
                    lines.append("・職員 \(person) さん：\(record.key.rule.title)（\(since)）")
                    lines.append("　→ \(oneLine(record.finding.remediation, limit: 200))")
                    continue
                }
                let name = oneLine(record.finding.groupName, limit: 30)
                lines.append("・「\(name)」\(record.key.rule.title)（\(since)）")
                // A manager near the group who does not count: the one action that fixes it.
                if record.finding.evidence.contains(where: { $0.label == EvidenceItem.notCountedManagersLabel }) {
                    lines.append("　→ \(oneLine(record.finding.remediation, limit: 200))")
                }
            }
            let more = counts.new + counts.continuing - urgent.count
            if more > 0 { lines.append("ほか\(more)件") }
        }
        lines += [
            "",
            "報告書: \(location(department))",
            "報告書の「対応方法」に沿って、グループの設定を見直してください。",
            "ご不明な点は\(oneLine(report.responsibleSection, limit: 40))までお問い合わせください。",
        ]
        let text = lines.joined(separator: "\n")
        return text.count <= Self.maxCharacters ? text : String(text.prefix(Self.maxCharacters - 1)) + "…"
    }

    /// Where the period's overview is: its `index.html` under `output.dir`, or, with
    /// `notify.report_location`, the configured location with the period filled in up to the
    /// department part.
    func overviewLocation() -> String {
        let template = settings.reportLocation
        guard !template.isEmpty else {
            return oneLine(
                URL(fileURLWithPath: outputDirectory).appendingPathComponent(report.period).appendingPathComponent("index.html").path,
                limit: 400
            )
        }
        let filled = template.replacingOccurrences(of: "{period}", with: report.period)
        let cut = [filled.range(of: "departments/"), filled.range(of: "{orgUnitId}"), filled.range(of: "{orgUnitName}")]
            .compactMap { $0?.lowerBound }.min()
        return oneLine(cut.map { String(filled[..<$0]) } ?? filled, limit: 400)
    }

    /// The configured location of the department's report, or its file under `output.dir`.
    ///
    /// `{orgUnitId}` stands for the report's file name stem (`IdFileName`: the id itself when it
    /// is safe as a file name), URL-encoded when the location is a URL; `{orgUnitName}` for the
    /// department's name on one line (URL-encoded in a URL). The result is one line whatever the template holds.
    func location(_ department: Department) -> String {
        let template = settings.reportLocation
        let stem = IdFileName.stem(for: department.id)
        guard !template.isEmpty else {
            return oneLine(
                URL(fileURLWithPath: outputDirectory).appendingPathComponent(report.period)
                    .appendingPathComponent("departments").appendingPathComponent(stem + ".html").path,
                limit: 400
            )
        }
        let isURL = template.contains("://")
        return oneLine(
            template.replacingOccurrences(of: "{period}", with: report.period)
                .replacingOccurrences(of: "{orgUnitId}", with: isURL ? IdFileName.urlComponent(stem) : stem)
                .replacingOccurrences(of: "{orgUnitName}", with: isURL ? IdFileName.urlComponent(oneLine(department.name)) : oneLine(department.name, limit: 40)),
            limit: 400
        )
    }
}
