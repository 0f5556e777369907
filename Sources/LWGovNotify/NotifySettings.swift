import Foundation

/// Bot messages to department managers after a render (issue 8).
public struct NotifySettings: Sendable, Equatable {
    /// The city's LINE WORKS bot.
    public var botId = ""
    /// Extra recipients per department: `"orgUnitId=userId"` entries.
    public var extraRecipients: [String] = []
    /// Where a department's report is, with `{period}`, `{orgUnitId}` and `{orgUnitName}`
    /// (a shared-folder path or an intranet URL); empty: the file under `output.dir`.
    public var reportLocation = ""
    /// `new`: only departments with new or reopened findings hear from the bot;
    /// `open`: every department with findings to deal with.
    public var when = When.new
    /// Working days (mon … sun) and hours (`HH:MM-HH:MM`, organisation time zone): the only
    /// time messages are sent (guideline コンプライアンス 02).
    public var workingDays = ["mon", "tue", "wed", "thu", "fri"]
    public var workingHours = "08:30-17:15"
    /// Scopes for the bot's token.
    public var scopes = ["bot"]

    public init() {}

    /// `new`: departments with new or reopened findings; `open`: every department with findings to deal with.
    public enum When: String, Sendable, Equatable {
        case new, open
    }
}
