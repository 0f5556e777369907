import Foundation
import Logging
import LWGovModel

/// One readable line per log entry on stderr: `2026-05-01 06:00:12 info  analyze: …`.
struct LineLogHandler: LogHandler {
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let stamp = Date.ISO8601FormatStyle(timeZone: .current).year().month().day().dateSeparator(.dash)
            .time(includingFractionalSeconds: false).timeSeparator(.colon).dateTimeSeparator(.space)
            .format(Date())
        let level = event.level.rawValue.padding(toLength: 5, withPad: " ", startingAt: 0)
        FileHandle.standardError.write(Data("\(stamp) \(level) \(quoted(event.message.description, limit: 2000))\n".utf8))
    }
}
