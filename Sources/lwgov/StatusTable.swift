import Foundation
import LWGovModel

/// The rule × status table of `lwgov status`.
enum StatusTable {
    static func render(states: [FindingRecord], period: String) -> String {
        let columns: [FindingStatus] = [.new, .open, .reopened, .waived, .resolved]
        var counts: [RuleID: [FindingStatus: Int]] = [:]
        for record in states { counts[record.key.rule, default: [:]][record.status, default: 0] += 1 }
        let width = RuleID.allCases.map(\.rawValue.count).max() ?? 20
        var lines = ["findings in \(period):", "  " + "rule".padding(toLength: width, withPad: " ", startingAt: 0) + columns.map { $0.rawValue.leftPadded(9) }.joined()]
        var totals: [FindingStatus: Int] = [:]
        for rule in RuleID.allCases {
            let row = counts[rule] ?? [:]
            for status in columns { totals[status, default: 0] += row[status] ?? 0 }
            lines.append("  " + rule.rawValue.padding(toLength: width, withPad: " ", startingAt: 0) + columns.map { String(row[$0] ?? 0).leftPadded(9) }.joined())
        }
        lines.append("  " + "total".padding(toLength: width, withPad: " ", startingAt: 0) + columns.map { String(totals[$0] ?? 0).leftPadded(9) }.joined())
        return lines.joined(separator: "\n")
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
