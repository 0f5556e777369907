import ArgumentParser
import Logging
import LWGovConfig
import LWGovExtract
import LWGovJob
import LWGovLineWorks
import LWGovModel
import LWGovStore

/// Options every command that touches the store takes.
struct CommonOptions: ParsableArguments {
    @Option(name: .long, help: "Configuration file (default ./lwgov.toml, then /etc/lwgov/lwgov.toml).")
    var config: String?

    @Option(name: .long, help: "Store file; overrides store.path.")
    var db: String?

    @Option(name: .long, help: "Department level (overrides organization.department_level).")
    var departmentLevel: Int?

    @Option(name: .long, help: "Time zone (overrides organization.time_zone).")
    var timeZone: String?

    @Option(name: .long, help: "Full snapshots to keep (overrides store.keep_snapshots).")
    var keepSnapshots: Int?

    @Option(name: .long, help: "A manager position name (repeatable; replaces managers.positions).")
    var managerPosition: [String] = []

    @Option(name: .long, help: "Organisation name in reports (overrides organization.name).")
    var organizationName: String?

    @Option(name: .long, help: "Section named in reports as the contact (overrides organization.responsible_section).")
    var responsibleSection: String?

    @Flag(inversion: .prefixedNo, help: "Masters count as group members (overrides membership.masters_are_members).")
    var mastersAreMembers: Bool?

    @Flag(inversion: .prefixedNo, help: "An ORGUNIT member brings its sub-units' posts too (overrides membership.orgunit_includes_subunits).")
    var orgunitIncludesSubunits: Bool?

    @Flag(inversion: .prefixedNo, help: "Managers on leave (休職) count as present (overrides managers.count_on_leave).")
    var countOnLeave: Bool?

    @Option(name: .long, help: "operation or tenant: whose budget api.requests_per_minute is (overrides api.rate_limit_scope).")
    var rateLimitScope: String?

    @Option(name: .long, help: "HR roster CSV when a snapshot has no hr.csv, and for the API source (overrides hr.roster_file).")
    var hrRosterFile: String?

    @Option(name: .long, help: "utf-8 or cp932: the HR roster's encoding (overrides hr.encoding).")
    var hrEncoding: String?

    @Option(name: .long, help: "employeeNumber, email or userExternalKey: how roster rows find accounts (overrides hr.match_by).")
    var hrMatchBy: String?

    @Option(name: .long, help: "orgUnitExternalKey or orgUnitId: what the roster's orgUnitCode names (overrides hr.orgunit_match_by).")
    var hrOrgunitMatchBy: String?

    @Option(name: .long, help: "A service or shared account's user id or e-mail (repeatable; replaces hr.ignore_users).")
    var hrIgnoreUser: [String] = []

    @Flag(name: .long, help: "Log detail to stderr.")
    var verbose = false

    /// The configuration with command-line overrides applied and validated.
    func resolvedConfiguration() throws -> Configuration {
        var (config, source) = try ConfigLoader.load(explicitPath: self.config)
        if let db { config.store.path = db }
        if let departmentLevel { config.organization.departmentLevel = departmentLevel }
        if let timeZone { config.organization.timeZone = timeZone }
        if let keepSnapshots { config.store.keepSnapshots = keepSnapshots }
        if !managerPosition.isEmpty { config.managers.positions = managerPosition }
        if let organizationName { config.organization.name = organizationName }
        if let responsibleSection { config.organization.responsibleSection = responsibleSection }
        if let mastersAreMembers { config.membership.mastersAreMembers = mastersAreMembers }
        if let orgunitIncludesSubunits { config.membership.orgunitIncludesSubunits = orgunitIncludesSubunits }
        if let countOnLeave { config.managers.countOnLeave = countOnLeave }
        if let rateLimitScope {
            guard let scope = RateLimitScope(rawValue: rateLimitScope) else {
                throw ValidationError("--rate-limit-scope must be operation or tenant, not \(rateLimitScope)")
            }
            config.api.rateLimitScope = scope
        }
        if let hrRosterFile { config.hr.roster.rosterFile = hrRosterFile }
        if let hrEncoding {
            guard let encoding = RosterInput.Encoding(rawValue: hrEncoding) else {
                throw ValidationError("--hr-encoding must be utf-8 or cp932, not \(hrEncoding)")
            }
            config.hr.roster.encoding = encoding
        }
        if let hrMatchBy {
            guard let field = RosterMatching.UserField(rawValue: hrMatchBy) else {
                throw ValidationError("--hr-match-by must be employeeNumber, email or userExternalKey, not \(hrMatchBy)")
            }
            config.hr.matching.matchBy = field
        }
        if let hrOrgunitMatchBy {
            guard let field = RosterMatching.UnitField(rawValue: hrOrgunitMatchBy) else {
                throw ValidationError("--hr-orgunit-match-by must be orgUnitExternalKey or orgUnitId, not \(hrOrgunitMatchBy)")
            }
            config.hr.matching.orgUnitMatchBy = field
        }
        if !hrIgnoreUser.isEmpty { config.hr.ignoreUsers = hrIgnoreUser }
        try ConfigLoader.validate(config, file: source ?? "command line")
        return config
    }

    func logger() -> Logger {
        Terminal.bootstrapLogging(verbose: verbose)
        return Logger(label: "lwgov")
    }
}

extension CommonOptions {
    /// The store for a command that writes to it, with the run lock held for as long as the
    /// returned value lives (the lock is taken first, so a second writer waits for nothing).
    func lockedStore(_ config: Configuration) throws -> LockedStore {
        let lock = try RunLock(storePath: config.store.path)
        return LockedStore(lock: lock, store: try Store.open(path: config.store.path))
    }

    /// The stages over a locked store.
    func pipeline(_ config: Configuration, _ locked: LockedStore) -> Pipeline {
        Pipeline(store: locked.store, configuration: config, logger: logger())
    }
}
