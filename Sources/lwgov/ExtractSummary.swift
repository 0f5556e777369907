import Foundation
import LWGovExtract

enum ExtractSummary {
    static func line(_ report: ExtractReport) -> String {
        switch report.outcome {
        case .stored(let id, let transfers, let pruned):
            var line = "stored snapshot #\(id) taken at \(report.takenAt): \(report.users) users, \(report.orgUnits) org units, \(report.groups) groups, \(transfers) transfers"
            if pruned > 0 { line += ", pruned \(pruned) old snapshot(s)" }
            return line + String(format: " (%.2f s)", report.seconds)
        case .duplicate(let id):
            return "unchanged: identical to stored snapshot #\(id) taken at \(report.takenAt); nothing stored"
        }
    }
}
