import Foundation

/// One fact a reader needs to act without opening the admin console.
public struct EvidenceItem: Sendable, Hashable, Codable {
    public var label: String
    public var value: String

    public init(_ label: String, _ value: String) {
        self.label = label
        self.value = value
    }

    /// The label of the evidence that names managers near a group who do not count, and why
    /// (SPEC 3.0): the finding's remediation is then the action for those people, which the
    /// bot message repeats.
    public static let notCountedManagersLabel = "数えられていない管理職"
}
