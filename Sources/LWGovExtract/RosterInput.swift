/// Where a snapshot's HR roster comes from and how it is encoded (`[hr]`, SPEC 3.5 and 6).
public struct RosterInput: Sendable, Equatable {
    /// `hr.encoding`.
    public enum Encoding: String, Sendable, Equatable, CaseIterable {
        case utf8 = "utf-8"
        case cp932
    }

    /// `hr.roster_file`: the roster when a files snapshot has no `hr.csv`, and always for the
    /// API source; empty for none.
    public var rosterFile: String
    public var encoding: Encoding

    public init(rosterFile: String = "", encoding: Encoding = .utf8) {
        self.rosterFile = rosterFile
        self.encoding = encoding
    }
}
