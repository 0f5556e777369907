import Foundation
import LWGovModel
import Testing

struct CivilTimeTests {
    let tokyo = CivilTime(identifier: "Asia/Tokyo")!

    @Test func parsesOffsetsAndLocalTimes() throws {
        let withOffset = try #require(tokyo.parseTimestamp("2026-04-01T06:00:00+09:00"))
        let local = try #require(tokyo.parseTimestamp("2026-04-01T06:00:00"))
        let utc = try #require(tokyo.parseTimestamp("2026-03-31T21:00:00Z"))
        #expect(withOffset == local)
        #expect(withOffset == utc)
        #expect(tokyo.timestamp(withOffset) == "2026-04-01T06:00:00+09:00")
        #expect(tokyo.period(withOffset) == "2026-04")
        #expect(tokyo.day(utc) == "2026-04-01")
    }

    @Test func dayMeansMidnightInTheZone() throws {
        let day = try #require(tokyo.parseDay("2026-04-01"))
        #expect(tokyo.timestamp(day) == "2026-04-01T00:00:00+09:00")
        #expect(tokyo.endOfDay("2026-04-01") == day.addingTimeInterval(86_400))
    }

    @Test(arguments: ["2026-13-01", "2026-02-30", "2026-4-01", "yesterday", "2026-04-01T25:00:00", "2026-04-01T06:00:00+09:00x", ""])
    func rejectsBadTimes(_ text: String) {
        #expect(tokyo.parseTimestamp(text) == nil)
    }

    @Test func periodCrossesMonthInTheConfiguredZone() throws {
        // 2026-03-31T20:00Z is already April in Tokyo.
        let moment = try #require(tokyo.parseTimestamp("2026-03-31T20:00:00Z"))
        #expect(tokyo.period(moment) == "2026-04")
        #expect(CivilTime(identifier: "UTC")!.period(moment) == "2026-03")
    }

    @Test(arguments: [
        ("2026-04", "令和8年4月"),
        ("2020-01", "令和2年1月"),
        ("2019-05", "令和元年5月"),   // 令和 began on 2019-05-01
        ("2019-04", "平成31年4月"),
        ("2019-01", "平成31年1月"),
        ("2018-12", "平成30年12月"),
        ("1989-02", "平成元年2月"),
        ("1989-01", "昭和64年1月"),   // 平成 began on 1989-01-08: the month's first day is 昭和
        ("2026-4", "2026-4"),
        ("2026-13", "2026-13"),
        ("令和", "令和"),
    ])
    func wareki(period: String, expected: String) {
        #expect(warekiPeriod(period) == expected)
    }
}
