import Foundation
import LWGovModel

/// A memo of formatted days and of day spans; day arithmetic through Calendar is slow and
/// reports repeat few dates.
final class DayCache: @unchecked Sendable {
    private var cache: [Date: String] = [:]
    private var spans: [Span: Int?] = [:]
    private let lock = NSLock()

    func day(_ date: Date, _ civil: CivilTime) -> String {
        lock.lock()
        defer { lock.unlock() }
        if let known = cache[date] { return known }
        let text = civil.day(date)
        cache[date] = text
        return text
    }

    /// `CivilTime.days(from:to:)`, memoised.
    func days(from start: String, to end: String, _ civil: CivilTime) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        let key = Span(start: start, end: end)
        if let known = spans[key] { return known }
        let span = civil.days(from: start, to: end)
        spans[key] = span
        return span
    }

    private struct Span: Hashable {
        var start: String
        var end: String
    }
}
