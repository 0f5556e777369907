/// The HR roster (人事データ) read with a snapshot: LINE WORKS is kept by hand, the HR system
/// is not, and comparing the two shows retirees whose accounts live on and transfers the
/// directory has not caught up with (SPEC 3.5).
public struct Roster: Sendable, Hashable, Codable {
    public var entries: [RosterEntry]

    public init(entries: [RosterEntry]) {
        self.entries = entries
    }
}
