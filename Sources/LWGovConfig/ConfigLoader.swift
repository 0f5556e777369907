import Foundation
import LWGovExtract
import LWGovLineWorks
import LWGovModel
import LWGovNotify
import TOMLKit

/// Loads and strictly validates the TOML configuration (SPEC 6).
public enum ConfigLoader {
    /// The paths searched when no `--config` is given, in order.
    public static let defaultPaths = ["./lwgov.toml", "/etc/lwgov/lwgov.toml"]

    /// Loads `explicitPath`, or the first default path that exists, or the defaults when none does.
    ///
    /// - Throws: `ConfigError` when an explicit file is missing, unreadable or invalid.
    public static func load(explicitPath: String?) throws(ConfigError) -> (Configuration, source: String?) {
        if let explicitPath {
            guard FileManager.default.fileExists(atPath: explicitPath) else {
                throw ConfigError("\(explicitPath): configuration file not found (given with --config)")
            }
            return (try load(path: explicitPath), explicitPath)
        }
        for path in defaultPaths where FileManager.default.fileExists(atPath: path) {
            return (try load(path: path), path)
        }
        return (Configuration(), nil)
    }

    /// Reads and validates one file.
    ///
    /// - Throws: `ConfigError` naming the file and the key.
    public static func load(path: String) throws(ConfigError) -> Configuration {
        let limit = 1 << 20
        // Checked before reading (see FileStatus); a missing file is Foundation's to word below.
        let status = try? FileStatus.of(path)
        if let status, status.kind != .regular {
            throw ConfigError("\(path): is not a regular file (\(status.kindDescription)); --config names the TOML configuration file")
        }
        let size = status?.size ?? 0
        if size > limit {
            throw ConfigError("\(path): \(size) bytes is far too large for a configuration file (limit \(limit) bytes)")
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ConfigError("\(path): cannot read the configuration file (\(error.localizedDescription))")
        }
        if let bad = firstInvalidUTF8(in: data) {
            throw ConfigError("\(path): line \(bad.line): not UTF-8 text (column \(bad.column))")
        }
        return try parse(String(decoding: data, as: UTF8.self), file: path)
    }

    /// Parses and validates TOML text; `file` is only used in messages.
    ///
    /// - Throws: `ConfigError` naming the file and the key.
    public static func parse(_ text: String, file: String) throws(ConfigError) -> Configuration {
        // toml++ reads a C string: a NUL would silently end the file there.
        if let nul = text.unicodeScalars.firstIndex(of: "\u{0}") {
            let line = text.unicodeScalars[..<nul].filter { $0 == "\n" }.count + 1
            throw ConfigError("\(file): line \(line): contains a NUL character")
        }
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw ConfigError("\(file): line \(error.source.begin.line): \(error.description)")
        } catch {
            throw ConfigError("\(file): not valid TOML")
        }
        var config = Configuration()
        let reader = Reader(file: file)
        for (section, value) in table {
            guard let sectionTable = value.table else {
                guard Reader.sections.contains(section) else { throw ConfigError("\(file): unknown key '\(quoted(section))'") }
                throw ConfigError("\(file): '\(section)' must be a table ([\(section)])")
            }
            for (key, item) in sectionTable {
                try reader.apply(section: section, key: key, value: item, to: &config)
            }
        }
        try validate(config, file: file)
        return config
    }

    /// Semantic checks after types: ranges, known time zone, known rule ids.
    ///
    /// - Throws: `ConfigError` naming the key.
    public static func validate(_ config: Configuration, file: String) throws(ConfigError) {
        if config.organization.departmentLevel < 1 {
            throw ConfigError("\(file): organization.department_level must be 1 or more")
        }
        if CivilTime(identifier: config.organization.timeZone) == nil {
            throw ConfigError("\(file): organization.time_zone '\(quoted(config.organization.timeZone))' is not a known time zone")
        }
        if config.rules.transferGraceDays < 0 {
            throw ConfigError("\(file): rules.transfer_grace_days must be 0 or more")
        }
        for id in config.rules.disabled where RuleID(rawValue: id) == nil {
            let known = RuleID.allCases.map(\.rawValue).joined(separator: ", ")
            throw ConfigError("\(file): rules.disabled: unknown rule id '\(quoted(id))' (known: \(known))")
        }
        for (severity, days) in [("high", config.remediation.dueDays.high), ("medium", config.remediation.dueDays.medium), ("low", config.remediation.dueDays.low)]
        where !(1...3650).contains(days) {
            throw ConfigError("\(file): remediation.due_days.\(severity) must be between 1 and 3650 days")
        }
        if config.remediation.escalateAfterDays < 0 {
            throw ConfigError("\(file): remediation.escalate_after_days must be 0 or more")
        }
        if config.store.keepSnapshots < 2 {
            throw ConfigError("\(file): store.keep_snapshots must be 2 or more (transfers compare consecutive snapshots)")
        }
        if !(1...100_000).contains(config.api.requestsPerMinute) {
            throw ConfigError("\(file): api.requests_per_minute must be between 1 and 100000 (the plan's documented limit: 240, or 60 on the free plan)")
        }
        if config.api.timeoutSeconds < 1 { throw ConfigError("\(file): api.timeout_seconds must be 1 or more") }
        if config.api.giveUpSeconds < 1 { throw ConfigError("\(file): api.give_up_seconds must be 1 or more") }
        if config.api.largeGroupSize < 1 { throw ConfigError("\(file): api.large_group_size must be 1 or more") }
        if config.api.scopes.isEmpty { throw ConfigError("\(file): api.scopes must list at least one scope") }
        for url in [("api.base_url", config.api.baseURL), ("api.auth_url", config.api.authURL)] {
            guard let parsed = URL(string: url.1), ["http", "https"].contains(parsed.scheme ?? ""), parsed.host != nil else {
                throw ConfigError("\(file): \(url.0) '\(quoted(url.1))' is not an http(s) URL")
            }
        }
        let days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
        for day in config.notify.workingDays where !days.contains(day) {
            throw ConfigError("\(file): notify.working_days: '\(quoted(day))' is not one of \(days.joined(separator: ", "))")
        }
        if WorkingHours(config.notify.workingHours) == nil {
            throw ConfigError("\(file): notify.working_hours '\(quoted(config.notify.workingHours))' is not a range like 08:30-17:15")
        }
        for entry in config.notify.extraRecipients {
            let parts = entry.split(separator: "=", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw ConfigError("\(file): notify.extra_recipients: '\(quoted(entry))' is not orgUnitId=userId")
            }
        }
        if config.managers.positions.isEmpty {
            throw ConfigError("\(file): managers.positions must list at least one position")
        }
    }
}

/// Applies one `section.key = value` to a configuration, checking its type.
private struct Reader {
    static let sections: Set<String> = ["organization", "managers", "membership", "rules", "remediation", "hr", "store", "source", "api", "output", "notify"]

    let file: String

    func apply(
        section: String, key: String, value: any TOMLValueConvertible, to config: inout Configuration
    ) throws(ConfigError) {
        let name = "\(section).\(key)"
        switch name {
        case "organization.name": config.organization.name = try string(name, value)
        case "organization.responsible_section": config.organization.responsibleSection = try string(name, value)
        case "organization.department_level": config.organization.departmentLevel = try int(name, value)
        case "organization.time_zone": config.organization.timeZone = try string(name, value)
        case "managers.positions": config.managers.positions = try strings(name, value)
        case "managers.count_on_leave": config.managers.countOnLeave = try bool(name, value)
        case "membership.masters_are_members": config.membership.mastersAreMembers = try bool(name, value)
        case "membership.orgunit_includes_subunits": config.membership.orgunitIncludesSubunits = try bool(name, value)
        case "rules.transfer_grace_days": config.rules.transferGraceDays = try int(name, value)
        case "rules.disabled": config.rules.disabled = try strings(name, value)
        case "remediation.due_days":
            guard value.type == .table, let table = value.table else { throw wrongType(name, value, "a table like { high = 14, medium = 30, low = 60 }") }
            for (severity, days) in table {
                let days = try int("remediation.due_days.\(severity)", days)
                switch severity {
                case "high": config.remediation.dueDays.high = days
                case "medium": config.remediation.dueDays.medium = days
                case "low": config.remediation.dueDays.low = days
                default: throw ConfigError("\(file): unknown key 'remediation.due_days.\(quoted(severity))' (high, medium, low)")
                }
            }
        case "remediation.escalate_after_days": config.remediation.escalateAfterDays = try int(name, value)
        case "hr.roster_file": config.hr.roster.rosterFile = try string(name, value)
        case "hr.encoding":
            let text = try string(name, value)
            guard let encoding = RosterInput.Encoding(rawValue: text) else {
                throw ConfigError("\(file): hr.encoding must be \"utf-8\" or \"cp932\", not \"\(quoted(text))\"")
            }
            config.hr.roster.encoding = encoding
        case "hr.match_by":
            let text = try string(name, value)
            guard let field = RosterMatching.UserField(rawValue: text) else {
                throw ConfigError("\(file): hr.match_by must be \"employeeNumber\", \"email\" or \"userExternalKey\", not \"\(quoted(text))\"")
            }
            config.hr.matching.matchBy = field
        case "hr.orgunit_match_by":
            let text = try string(name, value)
            guard let field = RosterMatching.UnitField(rawValue: text) else {
                throw ConfigError("\(file): hr.orgunit_match_by must be \"orgUnitExternalKey\" or \"orgUnitId\", not \"\(quoted(text))\"")
            }
            config.hr.matching.orgUnitMatchBy = field
        case "hr.ignore_users": config.hr.ignoreUsers = try strings(name, value)
        case "store.path": config.store.path = try string(name, value)
        case "store.keep_snapshots": config.store.keepSnapshots = try int(name, value)
        case "source.kind":
            let kind = try string(name, value)
            guard let parsed = Configuration.SourceKind(rawValue: kind) else {
                throw ConfigError("\(file): source.kind must be \"api\" or \"files\", not \"\(quoted(kind))\"")
            }
            config.source.kind = parsed
        case "source.files_dir": config.source.filesDir = try string(name, value)
        case "source.transfers_file": config.source.transfersFile = try string(name, value)
        case "api.domain_id": config.api.domainId = try int(name, value)
        case "api.client_id": config.api.clientId = try string(name, value)
        case "api.client_secret_file": config.api.clientSecretFile = try string(name, value)
        case "api.service_account": config.api.serviceAccount = try string(name, value)
        case "api.private_key_file": config.api.privateKeyFile = try string(name, value)
        case "api.base_url": config.api.baseURL = try string(name, value)
        case "api.auth_url": config.api.authURL = try string(name, value)
        case "api.scopes": config.api.scopes = try strings(name, value)
        case "api.requests_per_minute": config.api.requestsPerMinute = try int(name, value)
        case "api.rate_limit_scope":
            let scope = try string(name, value)
            guard let parsed = RateLimitScope(rawValue: scope) else {
                throw ConfigError("\(file): api.rate_limit_scope must be \"operation\" or \"tenant\", not \"\(quoted(scope))\"")
            }
            config.api.rateLimitScope = parsed
        case "api.timeout_seconds": config.api.timeoutSeconds = try int(name, value)
        case "api.give_up_seconds": config.api.giveUpSeconds = try int(name, value)
        case "api.per_group_fetch":
            let mode = try string(name, value)
            guard let parsed = PerGroupFetch(rawValue: mode) else {
                throw ConfigError("\(file): api.per_group_fetch must be \"never\", \"large\" or \"always\", not \"\(quoted(mode))\"")
            }
            config.api.perGroupFetch = parsed
        case "api.large_group_size": config.api.largeGroupSize = try int(name, value)
        case "notify.bot_id": config.notify.botId = try string(name, value)
        case "notify.extra_recipients": config.notify.extraRecipients = try strings(name, value)
        case "notify.report_location": config.notify.reportLocation = try string(name, value)
        case "notify.when":
            let when = try string(name, value)
            guard let parsed = NotifySettings.When(rawValue: when) else {
                throw ConfigError("\(file): notify.when must be \"new\" or \"open\", not \"\(quoted(when))\"")
            }
            config.notify.when = parsed
        case "notify.working_days": config.notify.workingDays = try strings(name, value)
        case "notify.working_hours": config.notify.workingHours = try string(name, value)
        case "notify.scopes": config.notify.scopes = try strings(name, value)
        case "output.dir": config.output.dir = try string(name, value)
        case "output.templates_dir": config.output.templatesDir = try string(name, value)
        default:
            if !Self.sections.contains(section) {
                throw ConfigError("\(file): unknown key '\(quoted(section))'")
            }
            throw ConfigError("\(file): unknown key '\(quoted(name))'")
        }
    }

    private func string(_ name: String, _ value: any TOMLValueConvertible) throws(ConfigError) -> String {
        guard value.type == .string, let text = value.string else { throw wrongType(name, value, "a string") }
        return text
    }

    private func bool(_ name: String, _ value: any TOMLValueConvertible) throws(ConfigError) -> Bool {
        guard value.type == .bool, let flag = value.bool else { throw wrongType(name, value, "true or false") }
        return flag
    }

    private func int(_ name: String, _ value: any TOMLValueConvertible) throws(ConfigError) -> Int {
        guard value.type == .int, let number = value.int else { throw wrongType(name, value, "an integer") }
        return number
    }

    private func strings(_ name: String, _ value: any TOMLValueConvertible) throws(ConfigError) -> [String] {
        guard value.type == .array, let array = value.array else { throw wrongType(name, value, "an array of strings") }
        var result: [String] = []
        for item in array {
            guard item.type == .string, let text = item.string else { throw wrongType(name, value, "an array of strings") }
            result.append(text)
        }
        return result
    }

    private func wrongType(_ name: String, _ value: any TOMLValueConvertible, _ expected: String) -> ConfigError {
        ConfigError("\(file): \(name) must be \(expected), not \(value.type)")
    }
}
