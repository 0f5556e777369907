import Foundation
import LWGovModel

/// The Mustache templates and stylesheet: `Templates/` built in, or a directory that overrides
/// them file by file (`output.templates_dir`). Templates are compiled, their partials checked and
/// the schema parsed once, when loaded, so a bad folder is refused (78) before a run stores
/// anything.
public struct TemplateSet: Sendable {
    let templates: [String: CompiledTemplate]
    let css: String
    /// The XSD every XML document is validated against.
    public let schemaPath: String
    /// That XSD, parsed.
    public let schema: XMLSchemaValidator

    /// The folder of the built-in templates, shipped next to the binary.
    static var builtInDirectory: String? { Bundle.module.url(forResource: "Templates", withExtension: nil)?.path }

    /// Partials may include partials this deep (the renderer stops there).
    static let maximumPartialDepth = 32
    /// Text a template may expand to through its partials, before any list repeats it.
    static let maximumExpansion = 16 << 20
    /// The largest template, stylesheet or schema file read.
    static let maximumFileSize = 8 << 20

    /// - Parameter overrideDirectory: files here replace the built-in ones of the same name.
    /// - Throws: `RenderError` (.template) naming the file (and line) that cannot be used: one
    ///   that does not parse, nests sections too deep, includes itself through partials, expands
    ///   beyond `maximumExpansion`, or an XSD that is not a self-contained schema.
    public static func load(overrideDirectory: String? = nil) throws(RenderError) -> TemplateSet {
        guard let builtIn = builtInDirectory else {
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
        var templates: [String: CompiledTemplate] = [:]
        var paths: [String: String] = [:]
        for name in names.sorted() where name.hasSuffix(".mustache") {
            let path = locate(name)
            let text = try readText(path)
            let template = String(name.dropLast(".mustache".count))
            do {
                templates[template] = try CompiledTemplate(text)
            } catch {
                throw RenderError(.template, "\(path): not a valid Mustache template (\(error))")
            }
            paths[template] = path
        }
        for required in ["department", "overview"] where templates[required] == nil {
            throw RenderError(.template, "template \(required).mustache is missing")
        }
        for (name, template) in templates.sorted(by: { $0.key < $1.key }) {
            if let missing = template.partials.first(where: { templates[$0.name] == nil }) {
                throw RenderError(.template, "\(paths[name] ?? name): line \(missing.line): uses the partial {{> \(missing.name)}}, but \(missing.name).mustache is missing")
            }
        }
        try checkPartials(templates, paths: paths)
        let css = try readText(locate("report.css"))
        let schemaPath = locate("report.xsd")
        let schema = try XMLSchemaValidator(path: schemaPath)
        return TemplateSet(templates: templates, css: css, schemaPath: schemaPath, schema: schema)
    }

    /// A template, stylesheet or schema: a regular file of at most `maximumFileSize` bytes, in
    /// UTF-8. Checked before reading, so a FIFO or `/dev/zero` is refused instead of read.
    static func readText(_ path: String) throws(RenderError) -> String {
        let values = try? URL(fileURLWithPath: path).resourceValues(forKeys: [.isRegularFileKey, .fileSizeKey])
        guard let values, values.isRegularFile == true else {
            throw RenderError(.template, "\(path): cannot be read (not a regular file)")
        }
        guard (values.fileSize ?? 0) <= maximumFileSize else {
            throw RenderError(.template, "\(path): larger than \(maximumFileSize >> 20) MB; templates_dir holds templates, not data")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RenderError(.template, "\(path): cannot be read")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            let place = firstInvalidUTF8(in: data).map { " (line \($0.line), column \($0.column))" } ?? ""
            throw RenderError(.template, "\(path): not UTF-8\(place)")
        }
        return text
    }

    /// Refuses partials that include themselves (directly or through others), chains deeper
    /// than `maximumPartialDepth`, and templates whose partials expand beyond
    /// `maximumExpansion`, naming the file and the line of the `{{> …}}` tag.
    private static func checkPartials(_ templates: [String: CompiledTemplate], paths: [String: String]) throws(RenderError) {
        // Per template: how deep its partials go, and its size with every partial expanded
        // (saturated just above the limit, so doubling partials cannot overflow).
        var done: [String: (height: Int, size: Int)] = [:]
        var stack: [String] = []
        func visit(_ name: String) throws(RenderError) -> (height: Int, size: Int) {
            if let known = done[name] { return known }
            guard let template = templates[name] else { return (0, 0) }
            stack.append(name)
            defer { stack.removeLast() }
            var height = 0
            var size = template.ownSize
            for partial in template.partials {
                let file = paths[name] ?? "\(name).mustache"
                if let start = stack.firstIndex(of: partial.name) {
                    let cycle = (stack[start...] + [partial.name]).map { "\($0).mustache" }.joined(separator: " → ")
                    throw RenderError(.template, "\(file): line \(partial.line): {{> \(partial.name)}} includes \(partial.name).mustache again (\(cycle)); a partial may not include itself")
                }
                let below = try visit(partial.name)
                if stack.count + below.height > maximumPartialDepth {
                    throw RenderError(.template, "\(file): line \(partial.line): {{> \(partial.name)}} nests partials more than \(maximumPartialDepth) deep")
                }
                height = max(height, below.height + 1)
                size = min(size + below.size, maximumExpansion + 1)
            }
            done[name] = (height, size)
            return (height, size)
        }
        for name in templates.keys.sorted() {
            let total = try visit(name)
            guard total.size > maximumExpansion, let template = templates[name] else { continue }
            // The tag where the expansion crosses the limit.
            var size = template.ownSize
            var line = 1
            for partial in template.partials {
                size += done[partial.name]?.size ?? 0
                line = partial.line
                if size > maximumExpansion { break }
            }
            throw RenderError(.template, "\(paths[name] ?? name): line \(line): the template expands to more than \(maximumExpansion >> 20) MB through its partials")
        }
    }

    func render(_ context: [String: TemplateValue], template: String) throws(RenderError) -> Data {
        var context = context
        context["css"] = .text(css)
        let html: [UInt8]?
        do {
            html = try TemplateRenderer(templates: templates).render(template, context)
        } catch {
            throw RenderError(.template, "template \(template).mustache: the page would be too large (more than \(error.limit)); sections that repeat lists inside each other multiply the output")
        }
        guard let html else { throw RenderError(.template, "template \(template).mustache is missing") }
        return Data(html)
    }
}

/// View models for the HTML templates. Every directory string passes through `clean`, and
/// the templates' `{{…}}` escapes it; only lwgov's own SVG and CSS go through `{{{…}}}`.
enum ReportHTML {
    /// Rows of the overview's remediation list.
    static let remediationListLimit = 300

    static func clean(_ text: String) -> String { XMLText.clean(text) }

    /// The overview's relative link to a department report: the same file name the renderer
    /// writes (`IdFileName`), URL-encoded.
    static func departmentLink(_ id: String) -> String {
        "departments/" + IdFileName.urlComponent(IdFileName.name(for: id, extension: "html"))
    }

    static func common(_ report: PeriodReport) -> [String: TemplateValue] {
        [
            "organization": .text(clean(report.organizationName)),
            "responsibleSection": .text(clean(report.responsibleSection)),
            "period": .text(report.period),
            "periodWareki": .text(warekiPeriod(report.period)),
            "takenAt": .text(japaneseDate(report.snapshot.takenAt, report.civilTime)),
            "generatedAt": .text(japaneseDateTime(report.generatedAt, report.civilTime)),
        ]
    }

    static func department(_ report: PeriodReport, department: Department) -> [String: TemplateValue] {
        let slice = report.slice(for: department.id)
        let counts = Counts(slice.findings, resolved: slice.resolved)
        var context = common(report)
        context["bodyClass"] = "department"
        context["title"] = .text("\(clean(department.name)) トークグループ点検結果 \(warekiPeriod(report.period))")
        context["department"] = .object(["id": .text(department.id), "name": .text(clean(department.name)), "path": .text(clean(department.path))])
        context["groupCount"] = .number(slice.groups)
        context["groupsWithFindings"] = .number(Set(slice.findings.map(\.key.groupId)).count)
        context["counts"] = countsContext(counts)
        context["hasFindings"] = .flag(!slice.findings.isEmpty)
        context["groups"] = .objects(groups(report, slice.findings))
        context["resolved"] = .objects(slice.resolved.sorted { $0.key < $1.key }.map { resolvedContext($0, report) })
        context["resolvedCount"] = .number(slice.resolved.count)
        context["hasResolved"] = .flag(!slice.resolved.isEmpty)
        return context
    }

    static func overview(_ report: PeriodReport) -> [String: TemplateValue] {
        var context = common(report)
        context["bodyClass"] = "overview"
        context["title"] = .text("全庁 トークグループ点検結果の概要 \(warekiPeriod(report.period))")
        let counts = Counts(report.findings, resolved: report.resolved)
        context["counts"] = countsContext(counts)
        context["groupCount"] = .number(report.groups.count)
        context["groupsWithFindings"] = .number(Set(report.findings.map(\.key.groupId)).count)
        context["rules"] = .objects(RuleID.allCases.map { ["id": .text($0.rawValue), "title": .text($0.title), "short": .text($0.shortTitle)] })
        var rows: [[String: TemplateValue]] = []
        for department in report.reportedDepartments {
            rows.append(
                departmentRow(report, id: department.id, name: department.name, path: department.path, link: departmentLink(department.id))
            )
        }
        if !report.unassigned.isEmpty {
            rows.append(departmentRow(report, id: "", name: "所属不明", path: "有効なメンバーがいないグループ", link: nil))
        }
        context["departments"] = .objects(rows)
        context["trendSVG"] = .text(TrendChart.svg(report.trend))
        context["trendPeriods"] = .number(report.trend.count)
        let open = report.findings.filter { $0.status != .waived }.sortedByPosition { ($0.firstSeen, $0.key) < ($1.firstSeen, $1.key) }
        // The oldest first, capped so the overview stays readable on a large tenant; the full
        // list is findings.csv.
        context["remediationTotal"] = .number(open.count)
        context["remediationCapped"] = .flag(open.count > remediationListLimit)
        context["remediationList"] = .objects(open.prefix(remediationListLimit).map { record -> [String: TemplateValue] in
            [
                "departments": .text(record.finding.departments.map { departmentName(report, $0) }.joined(separator: "、")),
                "group": .text(clean(record.finding.groupName)), "groupId": .text(clean(record.key.groupId)),
                "rule": .text(record.key.rule.title), "status": .text(record.status.rawValue), "statusLabel": .text(record.status.japanese),
                "firstSeen": .text(report.day(record.firstSeen)), "age": .number(report.ageDays(record)),
                "periods": .number(report.periodsPresent[record.key] ?? 1),
            ]
        })
        context["hasRemediationList"] = .flag(!open.isEmpty)
        let soon = report.snapshot.takenAt.addingTimeInterval(30 * 86_400)
        var coveredBy: [Int64: Int] = [:]
        for record in report.findings { if let id = record.waiverId { coveredBy[id, default: 0] += 1 } }
        let waivers = report.waivers.map { w -> (Bool, [String: TemplateValue]) in
            let ends = report.civilTime.endOfDay(w.until) ?? soon
            let expiring = ends <= soon
            return (expiring, [
                "id": .number(Int(w.id)), "rule": .text(w.rule.title), "ruleId": .text(w.rule.rawValue),
                "group": .text(w.groupId == "*" ? "全グループ" : clean(report.groups[w.groupId]?.name ?? w.groupId)),
                "subject": .text(clean(w.subject ?? "")), "until": .text(w.until), "reason": .text(clean(w.reason)),
                "by": .text(clean(w.grantedBy)), "expiring": .flag(expiring), "covered": .number(coveredBy[w.id] ?? 0),
            ])
        }
        context["waivers"] = .objects(waivers.filter { $0.0 }.map(\.1) + waivers.filter { !$0.0 }.map(\.1))
        context["hasWaivers"] = .flag(!waivers.isEmpty)
        context["resolvedCount"] = .number(report.resolved.count)
        return context
    }

    private static func departmentRow(_ report: PeriodReport, id: String, name: String, path: String, link: String?) -> [String: TemplateValue] {
        let slice: (findings: [FindingRecord], resolved: [FindingRecord], groups: Int) =
            id.isEmpty ? (report.unassigned, [], 0) : report.slice(for: id)
        let counts = Counts(slice.findings, resolved: slice.resolved)
        let open = slice.findings.filter { $0.status != .waived }
        var byRule: [RuleID: Int] = [:]
        for record in open { byRule[record.key.rule, default: 0] += 1 }
        let remediation = report.remediation[id] ?? PeriodReport.Remediation()
        return [
            "name": .text(clean(name)), "path": .text(clean(path)), "link": link.map(TemplateValue.text) ?? .flag(false),
            "groups": .number(slice.groups),
            "byRule": .objects(RuleID.allCases.map { rule -> [String: TemplateValue] in
                let n = byRule[rule] ?? 0
                return ["n": .number(n), "zero": .flag(n == 0)]
            }),
            "open": .number(open.count), "new": .number(counts.new), "resolved": .number(counts.resolved), "waived": .number(counts.waived),
            "oldest": .text(open.map(report.ageDays).max().map { "\($0)日" } ?? "—"),
            "fixedShare": .text(remediation.shareFixedWithinOnePeriod.map { String(format: "%.0f%%", $0 * 100) } ?? "—"),
            "openThreeOrMore": .number(remediation.openThreeOrMore), "reopenedGroups": .number(remediation.reopenedGroups),
            "clear": .flag(open.isEmpty),
        ]
    }

    private static func countsContext(_ counts: Counts) -> TemplateValue {
        .object([
            "new": .number(counts.new), "open": .number(counts.open), "reopened": .number(counts.reopened),
            "waived": .number(counts.waived), "resolved": .number(counts.resolved),
        ])
    }

    private static func groups(_ report: PeriodReport, _ findings: [FindingRecord]) -> [[String: TemplateValue]] {
        let waivers = Dictionary(uniqueKeysWithValues: report.waivers.map { ($0.id, $0) })
        return ReportXML.groupedByGroup(findings).map { groupId, records in
            let summary = report.groups[groupId]
            return [
                "id": .text(clean(groupId)), "name": .text(clean(summary?.name ?? records[0].finding.groupName)),
                "visibility": .text((summary?.visible ?? true) ? "公開" : "非公開"),
                "activeMasters": .number(summary?.activeMasters ?? 0), "effectiveMembers": .number(summary?.effectiveMembers ?? 0),
                "homes": .text((summary?.homeDepartments ?? []).map { departmentName(report, $0) }.joined(separator: "、")),
                "findings": .list(records.map { findingContext($0, report, waivers: waivers) }),
            ]
        }
    }

    /// One finding as the department template shows it (the same in every department's report).
    static func findingContext(_ record: FindingRecord, _ report: PeriodReport, waivers: [Int64: Waiver]) -> TemplateValue {
        var item: [String: TemplateValue] = [
            "status": .text(record.status.rawValue), "statusLabel": .text(record.status.japanese),
            "severity": .text(record.finding.severity.rawValue), "severityLabel": .text(record.finding.severity.japanese),
            "ruleTitle": .text(record.key.rule.title), "ruleId": .text(record.key.rule.rawValue), "clause": .text(record.key.rule.clause),
            "message": .text(clean(record.finding.message)), "remediation": .text(clean(record.finding.remediation)),
            "evidence": .objects(record.finding.evidence.map { ["label": .text(clean($0.label)), "value": .text(clean($0.value))] }),
            "firstSeen": .text(report.day(record.firstSeen)), "age": .number(report.ageDays(record)),
        ]
        if let id = record.waiverId, let w = waivers[id] {
            item["waiver"] = .object([
                "id": .number(Int(w.id)), "reason": .text(clean(w.reason)), "by": .text(clean(w.grantedBy)), "until": .text(w.until),
            ])
        }
        return .object(item)
    }

    private static func resolvedContext(_ record: FindingRecord, _ report: PeriodReport) -> [String: TemplateValue] {
        [
            "group": .text(clean(record.finding.groupName)), "groupId": .text(clean(record.key.groupId)), "rule": .text(record.key.rule.title),
            "message": .text(clean(record.finding.message)), "firstSeen": .text(report.day(record.firstSeen)),
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
