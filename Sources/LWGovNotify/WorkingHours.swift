import Foundation

/// `HH:MM-HH:MM` as minutes after midnight, start inclusive, end exclusive.
public struct WorkingHours: Sendable, Equatable {
    public var start: Int
    public var end: Int

    public init?(_ text: String) {
        let parts = text.split(separator: "-")
        guard parts.count == 2, let start = Self.minutes(parts[0]), let end = Self.minutes(parts[1]), start < end else { return nil }
        self.start = start
        self.end = end
    }

    private static func minutes(_ text: Substring) -> Int? {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: ":")
        guard parts.count == 2, parts[1].count == 2, let h = Int(parts[0]), let m = Int(parts[1]), (0...24).contains(h), (0..<60).contains(m),
              h * 60 + m <= 24 * 60
        else { return nil }
        return h * 60 + m
    }

    public func contains(minute: Int) -> Bool { minute >= start && minute < end }
}
