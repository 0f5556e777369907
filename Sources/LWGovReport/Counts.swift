import LWGovModel

/// Summary counts of a set of findings.
public struct Counts: Sendable, Hashable {
    public var new = 0, open = 0, reopened = 0, waived = 0, resolved = 0

    public init(_ findings: [FindingRecord], resolved: [FindingRecord]) {
        for record in findings {
            switch record.status {
            case .new: new += 1
            case .open: open += 1
            case .reopened: reopened += 1
            case .waived: waived += 1
            case .resolved: break
            }
        }
        self.resolved = resolved.count
    }

    /// Open in the SPEC 4.1 summary sense: present and not waived and not new.
    public var continuing: Int { open + reopened }
}
