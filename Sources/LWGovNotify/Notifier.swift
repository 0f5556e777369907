import Foundation
import Logging
import LWGovLineWorks
import LWGovModel
import LWGovStore

/// Sends the notices of one period, once each, only in working hours (guideline コンプライアンス 02).
public struct Notifier: Sendable {
    public let store: Store
    public let settings: NotifySettings
    public let civilTime: CivilTime
    public let logger: Logger
    /// The time now (a parameter so tests can stand at the end of a working day).
    public var clock: @Sendable () -> Date = { Date() }

    public init(store: Store, settings: NotifySettings, civilTime: CivilTime, logger: Logger) {
        self.store = store
        self.settings = settings
        self.civilTime = civilTime
        self.logger = logger
    }

    /// The notices still to send for a period, and those an earlier run sent.
    public func pending(_ notices: [Notice], period: String) throws(StoreError) -> (toSend: [Notice], alreadySent: [Notice]) {
        let done = Set(try store.notifications(period: period).filter { $0.status == "sent" }.map { [$0.kind, $0.departmentId, $0.userId] })
        var toSend: [Notice] = [], alreadySent: [Notice] = []
        for notice in notices {
            if done.contains([notice.kind.rawValue, notice.departmentId, notice.userId]) { alreadySent.append(notice) } else { toSend.append(notice) }
        }
        return (toSend, alreadySent)
    }

    /// True when `date` falls on a working day within the working hours.
    public func inWindow(_ date: Date) -> Bool {
        guard let hours = WorkingHours(settings.workingHours) else { return false }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = civilTime.timeZone
        let parts = calendar.dateComponents([.weekday, .hour, .minute], from: date)
        let names = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]
        guard let weekday = parts.weekday, settings.workingDays.contains(names[weekday - 1]) else { return false }
        return hours.contains(minute: (parts.hour ?? 0) * 60 + (parts.minute ?? 0))
    }

    /// Sends every notice not sent before. A failure is recorded and reported; the others are
    /// still sent.
    public func send(_ notices: [Notice], period: String, sender: BotSender) async throws -> NotifyReport {
        var report = NotifyReport()
        guard inWindow(clock()) else {
            report.outsideWindow = true
            return report
        }
        let pending = try pending(notices, period: period)
        report.alreadySent = pending.alreadySent
        for notice in pending.toSend {
            // A long run must not carry on past the end of the working day.
            guard inWindow(clock()) else {
                report.outsideWindow = true
                break
            }
            do {
                try await sender.send(text: notice.text, to: notice.userId)
                try store.recordNotification(
                    period: period, kind: notice.kind.rawValue, departmentId: notice.departmentId, userId: notice.userId, sent: true,
                    text: notice.text, error: nil
                )
                report.sent.append(notice)
            } catch let error as APIError {
                // Refused credentials or a missing scope fail every send alike: stop and say so.
                if error.kind == .configuration { throw error }
                logger.warning("notify: \(notice.departmentName) → \(quoted(notice.userId)): \(error.message)")
                try store.recordNotification(
                    period: period, kind: notice.kind.rawValue, departmentId: notice.departmentId, userId: notice.userId, sent: false,
                    text: notice.text, error: error.message
                )
                report.failed.append((notice, error.message))
            }
        }
        logger.info("notify: \(period): sent \(report.sent.count), already sent \(report.alreadySent.count), failed \(report.failed.count)")
        return report
    }
}
