import Foundation
import LWGovModel
import LWGovReport

/// The rule × status table of `lwgov status`, with the open findings past their due date.
enum StatusTable {
    static func render(_ report: PeriodReport) -> String {
        let statuses: [FindingStatus] = [.new, .open, .reopened, .waived, .resolved]
        var counts: [RuleID: [FindingStatus: Int]] = [:]
        var overdue: [RuleID: Int] = [:]
        for record in report.findings + report.resolved {
            counts[record.key.rule, default: [:]][record.status, default: 0] += 1
            if record.deadline?.overdue == true { overdue[record.key.rule, default: 0] += 1 }
        }
        let width = RuleID.allCases.map(\.rawValue.count).max() ?? 20
        func line(_ name: String, _ cells: [String]) -> String {
            "  " + name.padding(toLength: width, withPad: " ", startingAt: 0) + cells.map { $0.leftPadded(9) }.joined()
        }
        var lines = ["findings in \(report.period):", line("rule", statuses.map(\.rawValue) + ["overdue"])]
        for rule in RuleID.allCases {
            let row = counts[rule] ?? [:]
            lines.append(line(rule.rawValue, statuses.map { String(row[$0] ?? 0) } + [String(overdue[rule] ?? 0)]))
        }
        let totals = statuses.map { status in RuleID.allCases.reduce(0) { $0 + (counts[$1]?[status] ?? 0) } }
        lines.append(line("total", totals.map(String.init) + [String(overdue.values.reduce(0, +))]))
        return lines.joined(separator: "\n")
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
