import Foundation
import LWGovModel
import LWGovReport

/// The overview's trend: open findings by rule over the stored periods, as inline SVG.
enum TrendChart {
    static let colors: [RuleID: String] = [
        .notPublic: "#c0392b", .noManager: "#d35400", .missingDepartmentManager: "#b7950b",
        .noActiveMaster: "#7d3c98", .singleMaster: "#2471a3", .staleAfterTransfer: "#138d75", .inactiveMember: "#566573",
        .retiredAccountActive: "#922b21", .directoryBehindHR: "#1a5276", .accountNotInHR: "#909497",
    ]

    /// Colour of the dashed line of overdue findings (all rules together).
    static let overdueColor = "#000000"

    static func svg(_ trend: [(period: String, counts: [RuleID: Int], overdue: Int?)]) -> String {
        let width = 760.0, height = 290.0, left = 44.0, right = 180.0, top = 16.0, bottom = 36.0
        let plotW = width - left - right, plotH = height - top - bottom
        let maxValue = max(1, (trend.flatMap { $0.counts.values } + trend.compactMap(\.overdue)).max() ?? 1)
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
        // Overdue findings of every rule (SPEC 3.6), from the first period that has due dates.
        let overdue = trend.enumerated().compactMap { i, point in point.overdue.map { (i, $0) } }
        if !overdue.isEmpty {
            let points = overdue.map { String(format: "%.1f,%.1f", x($0.0), y($0.1)) }
            if overdue.count > 1 {
                out += "<polyline points=\"\(points.joined(separator: " "))\" fill=\"none\" stroke=\"\(overdueColor)\" stroke-width=\"2.2\" stroke-dasharray=\"6 4\"/>"
            }
            for (i, value) in overdue {
                out += "<rect x=\(quote(x(i) - 3)) y=\(quote(y(value) - 3)) width=\"6\" height=\"6\" fill=\"\(overdueColor)\"/>"
            }
            let ly = top + 8 + Double(RuleID.allCases.count) * 22
            out += "<line x1=\"\(Int(width - right + 14))\" y1=\(quote(ly)) x2=\"\(Int(width - right + 30))\" y2=\(quote(ly)) stroke=\"\(overdueColor)\" stroke-width=\"2.2\" stroke-dasharray=\"4 3\"/>"
            out += "<text x=\"\(Int(width - right + 34))\" y=\(quote(ly)) dominant-baseline=\"middle\" class=\"legend\">期限超過（\(overdue.last?.1 ?? 0)）</text>"
        }
        return out + "</svg>"
    }

    private static func quote(_ value: Double) -> String { String(format: "\"%.1f\"", value) }

    private static func niceStep(_ maxValue: Int) -> Int {
        for step in [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000] where maxValue / step <= 6 { return step }
        return max(1, maxValue / 5)
    }
}
