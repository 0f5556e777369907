import Foundation
import LWGovConfig
import LWGovModel
import Testing

struct ConfigLoaderTests {
    @Test func emptyFileGivesTheSpecDefaults() throws {
        let config = try ConfigLoader.parse("", file: "lwgov.toml")
        #expect(config.organization.departmentLevel == 2)
        #expect(config.organization.timeZone == "Asia/Tokyo")
        #expect(config.managers.positions == ["部長", "次長", "課長", "課長補佐", "参事", "室長", "所長"])
        #expect(config.rules.transferGraceDays == 30)
        #expect(config.store.keepSnapshots == 24)
    }

    @Test func readsEveryKey() throws {
        let config = try ConfigLoader.parse(
            """
            [organization]
            name = "翠川市"
            responsible_section = "情報政策課"
            department_level = 3
            time_zone = "UTC"
            [managers]
            positions = ["課長"]
            [rules]
            transfer_grace_days = 14
            disabled = ["single-master"]
            [store]
            path = "/tmp/x.sqlite"
            keep_snapshots = 6
            [source]
            kind = "api"
            files_dir = "/srv/in"
            [api]
            domain_id = 1234
            client_id = "cid"
            client_secret_file = "/etc/s"
            service_account = "sa@example"
            private_key_file = "/etc/k.pem"
            base_url = "http://127.0.0.1:8089/v1.0"
            auth_url = "http://127.0.0.1:8089/oauth2/v2.0/token"
            scopes = ["user.read", "group.read", "orgunit.read"]
            requests_per_minute = 60
            timeout_seconds = 10
            give_up_seconds = 120
            per_group_fetch = "always"
            large_group_size = 50
            [output]
            dir = "/srv/out"
            templates_dir = "/srv/tpl"
            """, file: "lwgov.toml"
        )
        #expect(config.organization.responsibleSection == "情報政策課")
        #expect(config.organization.departmentLevel == 3)
        #expect(config.managers.positions == ["課長"])
        #expect(config.rules.disabled == ["single-master"])
        #expect(config.store.keepSnapshots == 6)
        #expect(config.source.kind == .api)
        #expect(config.api.domainId == 1234)
        #expect(config.api.baseURL == "http://127.0.0.1:8089/v1.0")
        #expect(config.api.scopes == ["user.read", "group.read", "orgunit.read"])
        #expect(config.api.requestsPerMinute == 60)
        #expect(config.api.timeoutSeconds == 10 && config.api.giveUpSeconds == 120)
        #expect(config.api.perGroupFetch == .always && config.api.largeGroupSize == 50)
        #expect(config.output.templatesDir == "/srv/tpl")
    }

    @Test func readsTheMembershipAndRateLimitKeysOfRevision2() throws {
        let defaults = try ConfigLoader.parse("", file: "lwgov.toml")
        #expect(!defaults.managers.countOnLeave && !defaults.membership.mastersAreMembers)
        #expect(defaults.membership.orgunitIncludesSubunits && defaults.api.rateLimitScope == .operation)
        let config = try ConfigLoader.parse(
            """
            [managers]
            count_on_leave = true
            [membership]
            masters_are_members = true
            orgunit_includes_subunits = false
            [api]
            rate_limit_scope = "tenant"
            """, file: "lwgov.toml"
        )
        #expect(config.managers.countOnLeave && config.membership.mastersAreMembers)
        #expect(!config.membership.orgunitIncludesSubunits && config.api.rateLimitScope == .tenant)
    }

    @Test(arguments: [
        ("[membership]\nmasters_are_members = \"yes\"", "membership.masters_are_members must be true or false"),
        ("[membership]\norgunit_includes_subunits = 1", "membership.orgunit_includes_subunits"),
        ("[membership]\nmasters = true", "membership.masters"),
        ("[managers]\ncount_on_leave = \"false\"", "managers.count_on_leave"),
        ("[api]\nrate_limit_scope = \"global\"", "api.rate_limit_scope must be \"operation\" or \"tenant\""),
        ("[store]\nkeep = 3", "store.keep"),
        ("[stor]\npath = \"x\"", "stor"),
        ("[organization]\ndepartment_level = \"2\"", "organization.department_level"),
        ("[managers]\npositions = \"課長\"", "managers.positions"),
        ("[managers]\npositions = [1, 2]", "managers.positions"),
        ("[rules]\ndisabled = [\"no-such-rule\"]", "rules.disabled"),
        ("[organization]\ntime_zone = \"Mars/Olympus\"", "organization.time_zone"),
        ("[store]\nkeep_snapshots = 1", "store.keep_snapshots"),
        ("[source]\nkind = \"ftp\"", "source.kind"),
        ("[api]\nper_group_fetch = \"sometimes\"", "api.per_group_fetch"),
        ("[api]\nrequests_per_minute = 0", "api.requests_per_minute"),
        ("[api]\nbase_url = \"ftp://example.jp\"", "api.base_url"),
        ("[api]\nauth_url = \"not a url\"", "api.auth_url"),
        ("[api]\nscopes = []", "api.scopes"),
        ("[api]\ngive_up_seconds = 0", "api.give_up_seconds"),
        ("[hr]\nencoding = \"latin1\"", "hr.encoding"),
        ("[hr]\nmatch_by = \"name\"", "hr.match_by"),
        ("[hr]\norgunit_match_by = \"code\"", "hr.orgunit_match_by"),
        ("[hr]\nignore_users = \"kyoyu\"", "hr.ignore_users"),
        ("[organization\nname = 1", "line 1"),
    ])
    func rejectsAndNamesTheKey(_ text: String, _ key: String) {
        #expect {
            try ConfigLoader.parse(text, file: "lwgov.toml")
        } throws: { error in
            let message = (error as? ConfigError)?.message ?? ""
            return message.hasPrefix("lwgov.toml: ") && message.contains(key)
        }
    }

    @Test func missingExplicitFileSaysWhere() {
        #expect {
            try ConfigLoader.load(explicitPath: "/nonexistent/lwgov.toml")
        } throws: { error in
            (error as? ConfigError)?.message.contains("/nonexistent/lwgov.toml") == true
        }
    }
}

struct ExampleConfigTests {
    @Test func shippedExampleIsValid() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let config = try ConfigLoader.load(path: root.appendingPathComponent("lwgov.example.toml").path)
        #expect(config.organization.departmentLevel == 2)
        #expect(config.source.kind == .files)
    }
}
