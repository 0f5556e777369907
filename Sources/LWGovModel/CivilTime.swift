import Foundation

/// Dates as the organisation reads them: parsing and formatting in its configured time zone.
public struct CivilTime: Sendable {
    public let timeZone: TimeZone
    private let calendar: Calendar

    /// Fails when the identifier names no time zone known to this system.
    public init?(identifier: String) {
        guard let zone = TimeZone(identifier: identifier) else { return nil }
        self.init(timeZone: zone)
    }

    public init(timeZone: TimeZone) {
        self.timeZone = timeZone
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        self.calendar = calendar
    }

    /// Parses `YYYY-MM-DDTHH:MM[:SS[.fff]][Z|±HH:MM]` or `YYYY-MM-DD`; without an offset the
    /// time is read in this time zone. Returns nil for anything else, including impossible dates.
    public func parseTimestamp(_ text: String) -> Date? {
        var scanner = DigitScanner(Array(text.utf8))
        guard let year = scanner.number(4), scanner.take(UInt8(ascii: "-")),
              let month = scanner.number(2), scanner.take(UInt8(ascii: "-")),
              let day = scanner.number(2)
        else { return nil }
        var hour = 0, minute = 0, second = 0
        var fraction = 0.0
        var offset: Int?
        if scanner.atEnd {
            // date only: 00:00 local
        } else {
            guard scanner.take(UInt8(ascii: "T")) || scanner.take(UInt8(ascii: " ")),
                  let h = scanner.number(2), scanner.take(UInt8(ascii: ":")), let m = scanner.number(2)
            else { return nil }
            hour = h
            minute = m
            if scanner.take(UInt8(ascii: ":")) {
                guard let s = scanner.number(2) else { return nil }
                second = s
                if scanner.take(UInt8(ascii: ".")) {
                    guard let digits = scanner.digits(), !digits.isEmpty else { return nil }
                    fraction = Double("0." + digits) ?? 0
                }
            }
            if scanner.take(UInt8(ascii: "Z")) || scanner.take(UInt8(ascii: "z")) {
                offset = 0
            } else if let sign = scanner.peek, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
                _ = scanner.take(sign)
                guard let oh = scanner.number(2) else { return nil }
                _ = scanner.take(UInt8(ascii: ":"))
                guard let om = scanner.number(2), oh <= 18, om < 60 else { return nil }
                offset = (oh * 3600 + om * 60) * (sign == UInt8(ascii: "-") ? -1 : 1)
            }
            guard scanner.atEnd else { return nil }
        }
        guard (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 60 else {
            return nil
        }
        var components = DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        var cal = calendar
        if let offset {
            guard let zone = TimeZone(secondsFromGMT: offset) else { return nil }
            cal.timeZone = zone
            components.timeZone = zone
        }
        guard let date = cal.date(from: components) else { return nil }
        // Reject dates that the calendar silently normalised (2026-02-30 → 03-02).
        let back = cal.dateComponents([.year, .month, .day], from: date)
        guard back.year == year, back.month == month, back.day == day else { return nil }
        return date.addingTimeInterval(fraction)
    }

    /// Parses exactly `YYYY-MM-DD` as 00:00 of that day in this time zone.
    public func parseDay(_ text: String) -> Date? {
        guard text.utf8.count == 10 else { return nil }
        return parseTimestamp(text)
    }

    /// The first moment after the day `YYYY-MM-DD` (its next midnight), or nil for a bad date.
    public func endOfDay(_ text: String) -> Date? {
        guard let start = parseDay(text) else { return nil }
        return calendar.date(byAdding: .day, value: 1, to: start)
    }

    /// `2026-04-01T06:00:00+09:00`.
    public func timestamp(_ date: Date) -> String {
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        let offset = timeZone.secondsFromGMT(for: date)
        let sign = offset < 0 ? "-" : "+"
        let magnitude = abs(offset)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d%@%02d:%02d",
            c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0, c.second ?? 0,
            sign, magnitude / 3600, (magnitude % 3600) / 60
        )
    }

    /// `2026-04-01`.
    public func day(_ date: Date) -> String {
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0)
    }

    /// The report period `YYYY-MM` of a moment.
    public func period(_ date: Date) -> String {
        let c = calendar.dateComponents([.year, .month], from: date)
        return String(format: "%04d-%02d", c.year ?? 0, c.month ?? 0)
    }

    /// The day `days` calendar days after the day `YYYY-MM-DD` (before, when negative), or nil
    /// for a bad date.
    public func day(_ text: String, plus days: Int) -> String? {
        guard let start = parseDay(text), let moved = calendar.date(byAdding: .day, value: days, to: start) else { return nil }
        return day(moved)
    }

    /// Calendar days from the day `start` to the day `end` (`YYYY-MM-DD`), or nil for a bad date.
    public func days(from start: String, to end: String) -> Int? {
        guard let a = parseDay(start), let b = parseDay(end) else { return nil }
        return calendar.dateComponents([.day], from: a, to: b).day
    }

    /// Whole days from `start` to `end` (floor of exact 24 h spans).
    public static func wholeDays(from start: Date, to end: Date) -> Int {
        Int((end.timeIntervalSince(start) / 86_400).rounded(.down))
    }
}

/// The Japanese era form of a period: `2026-04` → 「令和8年4月」, `2019-04` → 「平成31年4月」.
///
/// The era is the one of the month's first day in the Japanese calendar (Foundation's
/// `.japanese` calendar knows the eras and their first days: 令和 began on 2019-05-01), and the
/// first year of an era is written 元年. A text that is not `YYYY-MM` comes back unchanged.
public func warekiPeriod(_ period: String) -> String {
    Wareki.shared.period(period)
}

/// Era names and years from Foundation's Japanese calendar, cached per period (a report asks
/// for the same few periods thousands of times; a formatter is costly to make).
private final class Wareki: @unchecked Sendable {
    static let shared = Wareki()

    // The lock guards `cache` and `formatter` (DateFormatter is not Sendable).
    private let lock = NSLock()
    private var cache: [String: String] = [:]
    private let japanese: Calendar
    private let gregorian: Calendar
    private let formatter: DateFormatter

    private init() {
        let zone = TimeZone(identifier: "Asia/Tokyo") ?? TimeZone(secondsFromGMT: 9 * 3600) ?? .current
        var japanese = Calendar(identifier: .japanese)
        japanese.timeZone = zone
        var gregorian = Calendar(identifier: .gregorian)
        gregorian.timeZone = zone
        let formatter = DateFormatter()
        formatter.calendar = japanese
        formatter.locale = Locale(identifier: "ja_JP")
        formatter.timeZone = zone
        formatter.dateFormat = "GGGG"
        self.japanese = japanese
        self.gregorian = gregorian
        self.formatter = formatter
    }

    func period(_ period: String) -> String {
        lock.withLock {
            if let known = cache[period] { return known }
            let text = compute(period)
            cache[period] = text
            return text
        }
    }

    private func compute(_ period: String) -> String {
        let parts = period.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2, let year = Int(parts[0]), let month = Int(parts[1]),
              (1...12).contains(month),
              let first = gregorian.date(from: DateComponents(year: year, month: month, day: 1, hour: 12))
        else { return period }
        let era = formatter.string(from: first)
        let eraYear = japanese.component(.year, from: first)
        return "\(era)\(eraYear == 1 ? "元" : String(eraYear))年\(month)月"
    }
}

/// A tiny scanner over ASCII digits and punctuation.
private struct DigitScanner {
    let bytes: [UInt8]
    var position = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var atEnd: Bool { position == bytes.count }
    var peek: UInt8? { position < bytes.count ? bytes[position] : nil }

    mutating func take(_ byte: UInt8) -> Bool {
        guard peek == byte else { return false }
        position += 1
        return true
    }

    /// Exactly `count` digits as a number.
    mutating func number(_ count: Int) -> Int? {
        guard position + count <= bytes.count else { return nil }
        var value = 0
        for byte in bytes[position..<position + count] {
            guard (48...57).contains(byte) else { return nil }
            value = value * 10 + Int(byte - 48)
        }
        position += count
        return value
    }

    mutating func digits() -> String? {
        let start = position
        while let byte = peek, (48...57).contains(byte) { position += 1 }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }
}
