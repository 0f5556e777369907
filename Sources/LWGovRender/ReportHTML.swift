import Foundation
import LWGovModel
import Mustache

/// The Mustache templates and stylesheet: `Templates/` built in, or a directory that overrides
/// them file by file (`output.templates_dir`).
public struct TemplateSet: Sendable {
    let library: MustacheLibrary
    let css: String
    /// The XSD every XML document is validated against.
    public let schemaPath: String

    /// - Parameter overrideDirectory: files here replace the built-in ones of the same name.
    /// - Throws: `RenderError` (.template) naming the file that does not parse.
    public static func load(overrideDirectory: String? = nil) throws(RenderError) -> TemplateSet {
        guard let builtIn = Bundle.module.url(forResource: "Templates", withExtension: nil)?.path else {
            throw RenderError(.template, "the built-in Templates/ resource is missing next to the lwgov binary")
        }
        let fm = FileManager.default
        func locate(_ name: String) -> String {
            if let overrideDirectory, !overrideDirectory.isEmpty {
                let candidate = URL(fileURLWithPath: overrideDirectory).appendingPathComponent(name).path
                if fm.fileExists(atPath: candidate) { return candidate }
            }
            return URL(fileURLWithPath: builtIn).appendingPathComponent(name).path
        }
        var names = Set((try? fm.contentsOfDirectory(atPath: builtIn)) ?? [])
        if let overrideDirectory, !overrideDirectory.isEmpty {
            guard let extra = try? fm.contentsOfDirectory(atPath: overrideDirectory) else {
                throw RenderError(.template, "\(overrideDirectory): templates directory (output.templates_dir) cannot be read")
            }
            names.formUnion(extra)
        }
        var library = MustacheLibrary()
        for name in names.sorted() where name.hasSuffix(".mustache") {
            let path = locate(name)
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw RenderError(.template, "\(path): cannot be read")
            }
            do {
                try library.register(text, named: String(name.dropLast(".mustache".count)))
            } catch {
                throw RenderError(.template, "\(path): not a valid Mustache template (\(error))")
            }
        }
        for required in ["department", "overview"] where library.getTemplate(named: required) == nil {
            throw RenderError(.template, "template \(required).mustache is missing")
        }
        guard let css = try? String(contentsOfFile: locate("report.css"), encoding: .utf8) else {
            throw RenderError(.template, "\(locate("report.css")): cannot be read")
        }
        return TemplateSet(library: library, css: css, schemaPath: locate("report.xsd"))
    }

    func render(_ context: [String: Any], template: String) throws(RenderError) -> Data {
        var context = context
        context["css"] = css
        guard let html = library.render(context, withTemplate: template) else {
            throw RenderError(.template, "template \(template).mustache is missing")
        }
        return Data(html.utf8)
    }
}

/// View models for the HTML templates. Every directory string passes through `clean`, and
/// Mustache's `{{…}}` escapes it; only lwgov's own SVG and CSS go through `{{{…}}}`.
enum ReportHTML {
    /// Rows of the overview's remediation list.
    static let remediationListLimit = 300

    static func clean(_ text: String) -> String { XMLText.clean(text) }

    static func common(_ report: PeriodReport) -> [String: Any] {
        [
            "organization": clean(report.organizationName),
            "responsibleSection": clean(report.responsibleSection),
            "period": report.period,
            "periodWareki": warekiPeriod(report.period),
            "takenAt": japaneseDate(report.snapshot.takenAt, report.civilTime),
            "generatedAt": japaneseDateTime(report.generatedAt, report.civilTime),
        ]
    }

    static func department(_ report: PeriodReport, department: Department) -> [String: Any] {
        let slice = report.slice(for: department.id)
        let counts = Counts(slice.findings, resolved: slice.resolved)
        var context = common(report)
        context["bodyClass"] = "department"
        context["title"] = "\(clean(department.name)) トークグループ点検結果 \(warekiPeriod(report.period))"
        context["department"] = ["id": department.id, "name": clean(department.name), "path": clean(department.path)]
        context["groupCount"] = slice.groups
        context["groupsWithFindings"] = Set(slice.findings.map(\.key.groupId)).count
        context["counts"] = countsContext(counts)
        context["hasFindings"] = !slice.findings.isEmpty
        context["groups"] = groups(report, slice.findings)
        context["resolved"] = slice.resolved.sorted { $0.key < $1.key }.map { resolvedContext($0, report) }
        context["resolvedCount"] = slice.resolved.count
        context["hasResolved"] = !slice.resolved.isEmpty
        return context
    }

    static func overview(_ report: PeriodReport) -> [String: Any] {
        var context = common(report)
        context["bodyClass"] = "overview"
        context["title"] = "全庁 トークグループ点検結果の概要 \(warekiPeriod(report.period))"
        let counts = Counts(report.findings, resolved: report.resolved)
        context["counts"] = countsContext(counts)
        context["groupCount"] = report.groups.count
        context["groupsWithFindings"] = Set(report.findings.map(\.key.groupId)).count
        context["rules"] = RuleID.allCases.map { ["id": $0.rawValue, "title": $0.title, "short": $0.shortTitle] }
        var rows: [[String: Any]] = []
        for department in report.reportedDepartments {
            rows.append(
                departmentRow(report, id: department.id, name: department.name, path: department.path, link: "departments/\(department.id).html")
            )
        }
        if !report.unassigned.isEmpty {
            rows.append(departmentRow(report, id: "", name: "所属不明", path: "有効なメンバーがいないグループ", link: nil))
        }
        context["departments"] = rows
        context["trendSVG"] = TrendChart.svg(report.trend)
        context["trendPeriods"] = report.trend.count
        let open = report.findings.filter { $0.status != .waived }.sorted { ($0.firstSeen, $0.key) < ($1.firstSeen, $1.key) }
        // The oldest first, capped so the overview stays readable on a large tenant; the full
        // list is findings.csv.
        context["remediationTotal"] = open.count
        context["remediationCapped"] = open.count > remediationListLimit
        context["remediationList"] = open.prefix(remediationListLimit).map { record -> [String: Any] in
            [
                "departments": record.finding.departments.map { departmentName(report, $0) }.joined(separator: "、"),
                "group": clean(record.finding.groupName), "groupId": clean(record.key.groupId),
                "rule": record.key.rule.title, "status": record.status.rawValue, "statusLabel": record.status.japanese,
                "firstSeen": report.day(record.firstSeen), "age": report.ageDays(record),
                "periods": report.periodsPresent[record.key] ?? 1,
            ]
        }
        context["hasRemediationList"] = !open.isEmpty
        let soon = report.snapshot.takenAt.addingTimeInterval(30 * 86_400)
        let waivers = report.waivers.map { w -> (Bool, [String: Any]) in
            let ends = report.civilTime.endOfDay(w.until) ?? soon
            let expiring = ends <= soon
            return (expiring, [
                "id": w.id, "rule": w.rule.title, "ruleId": w.rule.rawValue,
                "group": w.groupId == "*" ? "全グループ" : clean(report.groups[w.groupId]?.name ?? w.groupId),
                "subject": clean(w.subject ?? ""), "until": w.until, "reason": clean(w.reason), "by": clean(w.grantedBy),
                "expiring": expiring, "covered": report.findings.filter { $0.waiverId == w.id }.count,
            ])
        }
        context["waivers"] = waivers.filter { $0.0 }.map(\.1) + waivers.filter { !$0.0 }.map(\.1)
        context["hasWaivers"] = !waivers.isEmpty
        context["resolvedCount"] = report.resolved.count
        return context
    }

    private static func departmentRow(_ report: PeriodReport, id: String, name: String, path: String, link: String?) -> [String: Any] {
        let slice: (findings: [FindingRecord], resolved: [FindingRecord], groups: Int) =
            id.isEmpty ? (report.unassigned, [], 0) : report.slice(for: id)
        let counts = Counts(slice.findings, resolved: slice.resolved)
        let open = slice.findings.filter { $0.status != .waived }
        var byRule: [RuleID: Int] = [:]
        for record in open { byRule[record.key.rule, default: 0] += 1 }
        let remediation = report.remediation[id] ?? PeriodReport.Remediation()
        return [
            "name": clean(name), "path": clean(path), "link": link.map { $0 as Any } ?? false, "groups": slice.groups,
            "byRule": RuleID.allCases.map { rule -> [String: Any] in
                let n = byRule[rule] ?? 0
                return ["n": n, "zero": n == 0]
            },
            "open": open.count, "new": counts.new, "resolved": counts.resolved, "waived": counts.waived,
            "oldest": open.map(report.ageDays).max().map { "\($0)日" } ?? "—",
            "fixedShare": remediation.shareFixedWithinOnePeriod.map { String(format: "%.0f%%", $0 * 100) } ?? "—",
            "openThreeOrMore": remediation.openThreeOrMore, "reopenedGroups": remediation.reopenedGroups.count,
            "clear": open.isEmpty,
        ]
    }

    private static func countsContext(_ counts: Counts) -> [String: Any] {
        ["new": counts.new, "open": counts.open, "reopened": counts.reopened, "waived": counts.waived, "resolved": counts.resolved]
    }

    private static func groups(_ report: PeriodReport, _ findings: [FindingRecord]) -> [[String: Any]] {
        let waivers = Dictionary(uniqueKeysWithValues: report.waivers.map { ($0.id, $0) })
        return ReportXML.groupedByGroup(findings).map { groupId, records in
            let summary = report.groups[groupId]
            return [
                "id": clean(groupId), "name": clean(summary?.name ?? records[0].finding.groupName),
                "visibility": (summary?.visible ?? true) ? "公開" : "非公開",
                "activeMasters": summary?.activeMasters ?? 0, "effectiveMembers": summary?.effectiveMembers ?? 0,
                "homes": (summary?.homeDepartments ?? []).map { departmentName(report, $0) }.joined(separator: "、"),
                "findings": records.map { record -> [String: Any] in
                    var item: [String: Any] = [
                        "status": record.status.rawValue, "statusLabel": record.status.japanese,
                        "severity": record.finding.severity.rawValue, "severityLabel": record.finding.severity.japanese,
                        "ruleTitle": record.key.rule.title, "ruleId": record.key.rule.rawValue, "clause": record.key.rule.clause,
                        "message": clean(record.finding.message), "remediation": clean(record.finding.remediation),
                        "evidence": record.finding.evidence.map { ["label": clean($0.label), "value": clean($0.value)] },
                        "firstSeen": report.day(record.firstSeen), "age": report.ageDays(record),
                    ]
                    if let id = record.waiverId, let w = waivers[id] {
                        item["waiver"] = ["id": w.id, "reason": clean(w.reason), "by": clean(w.grantedBy), "until": w.until]
                    }
                    return item
                },
            ]
        }
    }

    private static func resolvedContext(_ record: FindingRecord, _ report: PeriodReport) -> [String: Any] {
        [
            "group": clean(record.finding.groupName), "groupId": clean(record.key.groupId), "rule": record.key.rule.title,
            "message": clean(record.finding.message), "firstSeen": report.day(record.firstSeen),
        ]
    }

    static func departmentName(_ report: PeriodReport, _ id: String) -> String {
        clean(report.departmentName(id))
    }

    static func japaneseDate(_ date: Date, _ civil: CivilTime) -> String {
        let parts = civil.day(date).split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return civil.day(date) }
        return "\(parts[0])年\(parts[1])月\(parts[2])日"
    }

    static func japaneseDateTime(_ date: Date, _ civil: CivilTime) -> String {
        let stamp = civil.timestamp(date)
        let time = stamp.dropFirst(11).prefix(5)
        return "\(japaneseDate(date, civil)) \(time)"
    }
}

/// The overview's trend: open findings by rule over the stored periods, as inline SVG.
enum TrendChart {
    static let colors: [RuleID: String] = [
        .notPublic: "#c0392b", .noManager: "#d35400", .missingDepartmentManager: "#b7950b",
        .noActiveMaster: "#7d3c98", .singleMaster: "#2471a3", .staleAfterTransfer: "#138d75", .inactiveMember: "#566573",
    ]

    static func svg(_ trend: [(period: String, counts: [RuleID: Int])]) -> String {
        let width = 760.0, height = 260.0, left = 44.0, right = 180.0, top = 16.0, bottom = 36.0
        let plotW = width - left - right, plotH = height - top - bottom
        let maxValue = max(1, trend.flatMap { $0.counts.values }.max() ?? 1)
        let step = niceStep(maxValue)
        let yMax = Double(((maxValue + step - 1) / step) * step)
        func x(_ i: Int) -> Double { trend.count <= 1 ? left + plotW / 2 : left + plotW * Double(i) / Double(trend.count - 1) }
        func y(_ v: Int) -> Double { top + plotH - plotH * Double(v) / yMax }
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-labelledby=\"trend-title\" class=\"trend\">"
        out += "<title id=\"trend-title\">ルール別の未対応件数の推移</title>"
        var v = 0
        while Double(v) <= yMax {
            let yy = String(format: "%.1f", y(v))
            out += "<line x1=\"\(Int(left))\" y1=\"\(yy)\" x2=\"\(Int(left + plotW))\" y2=\"\(yy)\" class=\"grid\"/>"
            out += "<text x=\"\(Int(left) - 6)\" y=\"\(yy)\" class=\"ylabel\" text-anchor=\"end\" dominant-baseline=\"middle\">\(v)</text>"
            v += step
        }
        for (i, point) in trend.enumerated() {
            out += "<text x=\(quote(x(i))) y=\"\(Int(height - 12))\" class=\"xlabel\" text-anchor=\"middle\">\(point.period)</text>"
        }
        for (r, rule) in RuleID.allCases.enumerated() {
            let color = colors[rule] ?? "#333"
            let points = trend.enumerated().map { String(format: "%.1f,%.1f", x($0.offset), y($0.element.counts[rule] ?? 0)) }
            if trend.count > 1 {
                out += "<polyline points=\"\(points.joined(separator: " "))\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"2.2\"/>"
            }
            for (i, point) in trend.enumerated() {
                out += "<circle cx=\(quote(x(i))) cy=\(quote(y(point.counts[rule] ?? 0))) r=\"3\" fill=\"\(color)\"/>"
            }
            let ly = top + 8 + Double(r) * 22
            out += "<rect x=\"\(Int(width - right + 16))\" y=\(quote(ly - 6)) width=\"12\" height=\"12\" fill=\"\(color)\"/>"
            let last = trend.last?.counts[rule] ?? 0
            out += "<text x=\"\(Int(width - right + 34))\" y=\(quote(ly)) dominant-baseline=\"middle\" class=\"legend\">\(rule.title)（\(last)）</text>"
        }
        return out + "</svg>"
    }

    private static func quote(_ value: Double) -> String { String(format: "\"%.1f\"", value) }

    private static func niceStep(_ maxValue: Int) -> Int {
        for step in [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000] where maxValue / step <= 6 { return step }
        return max(1, maxValue / 5)
    }
}
