import Foundation

/// The whole configuration (SPEC 6), with the SPEC's defaults.
public struct Configuration: Sendable, Equatable {
    public struct Organization: Sendable, Equatable {
        public var name = "翠川市"
        public var responsibleSection = "ＤＸ推進課"
        public var departmentLevel = 2
        public var timeZone = "Asia/Tokyo"
    }

    public struct Managers: Sendable, Equatable {
        public var positions = ["部長", "次長", "課長", "課長補佐", "参事", "室長", "所長"]
        /// A manager on 休職 counts as present (SPEC 2.2); by default they do not.
        public var countOnLeave = false
    }

    /// How group membership is read (SPEC 2.3).
    public struct Membership: Sendable, Equatable {
        /// Masters count as members (the first revision's reading); in LINE WORKS they do not.
        public var mastersAreMembers = false
        /// An ORGUNIT member brings the posts of its whole subtree, not only of the unit itself.
        public var orgunitIncludesSubunits = true
    }

    public struct Rules: Sendable, Equatable {
        public var transferGraceDays = 30
        public var disabled: [String] = []
    }

    public struct Store: Sendable, Equatable {
        public var path = "./lwgov.sqlite"
        public var keepSnapshots = 24
    }

    public enum SourceKind: String, Sendable, Equatable {
        case api, files
    }

    public struct Source: Sendable, Equatable {
        public var kind = SourceKind.files
        public var filesDir = ""
        /// For kind = "api": an optional `transfers.csv` with the 人事異動 effective dates (SPEC 3.3).
        public var transfersFile = ""
    }

    public struct API: Sendable, Equatable {
        public var domainId = 0
        public var clientId = ""
        public var clientSecretFile = ""
        public var serviceAccount = ""
        public var privateKeyFile = ""
        public var baseURL = "https://www.worksapis.com/v1.0"
        public var authURL = "https://auth.worksmobile.com/oauth2/v2.0/token"
        /// Scopes asked for with the token: read-only directory access.
        public var scopes = ["directory.read"]
        /// The documented per-API-operation limit (240; 60 on the free plan). lwgov stays under it,
        /// and at half of it once it has been calling for 30 minutes.
        public var requestsPerMinute = 240
        /// Whose budget `requests_per_minute` is: each API operation's own (the documented
        /// reading), or one budget for all of lwgov's operations together (a tenant whose limit
        /// is shared, with other apps too).
        public var rateLimitScope = RateLimitScope.operation
        /// One request's time limit; a slower answer is retried.
        public var timeoutSeconds = 30
        /// How long one request keeps being retried (429, 5xx, timeouts) before the run fails with 69.
        public var giveUpSeconds = 300
        /// When the per-group members/administrators endpoints are read as well as the group list.
        public var perGroupFetch = PerGroupFetch.large
        /// A group whose inline member or administrator list has this many entries "looks large".
        public var largeGroupSize = 100

        public init() {}
    }

    public enum PerGroupFetch: String, Sendable, Equatable, CaseIterable {
        case never, large, always
    }

    public enum RateLimitScope: String, Sendable, Equatable, CaseIterable {
        case operation, tenant
    }

    /// Bot messages to department managers after a render (issue 8).
    public struct Notify: Sendable, Equatable {
        /// The city's LINE WORKS bot.
        public var botId = ""
        /// Extra recipients per department: `"orgUnitId=userId"` entries.
        public var extraRecipients: [String] = []
        /// Where a department's report is, with `{period}`, `{orgUnitId}` and `{orgUnitName}`
        /// (a shared-folder path or an intranet URL); empty: the file under `output.dir`.
        public var reportLocation = ""
        /// `new`: only departments with new or reopened findings hear from the bot;
        /// `open`: every department with findings to deal with.
        public var when = NotifyWhen.new
        /// Working days (mon … sun) and hours (`HH:MM-HH:MM`, organisation time zone): the only
        /// time messages are sent (guideline コンプライアンス 02).
        public var workingDays = ["mon", "tue", "wed", "thu", "fri"]
        public var workingHours = "08:30-17:15"
        /// Scopes for the bot's token.
        public var scopes = ["bot"]

        public init() {}
    }

    public enum NotifyWhen: String, Sendable, Equatable {
        case new, open
    }

    public struct Output: Sendable, Equatable {
        public var dir = "./reports"
        public var templatesDir = ""
    }

    public var organization = Organization()
    public var managers = Managers()
    public var membership = Membership()
    public var rules = Rules()
    public var store = Store()
    public var source = Source()
    public var api = API()
    public var output = Output()
    public var notify = Notify()

    public init() {}
}

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
