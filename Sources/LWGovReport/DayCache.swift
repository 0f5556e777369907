import Foundation
import LWGovModel

/// A memo of formatted days; formatting through Calendar is slow and reports repeat few dates.
final class DayCache: @unchecked Sendable {
    private var cache: [Date: String] = [:]
    private let lock = NSLock()

    func day(_ date: Date, _ civil: CivilTime) -> String {
        lock.lock()
        defer { lock.unlock() }
        if let known = cache[date] { return known }
        let text = civil.day(date)
        cache[date] = text
        return text
    }
}
