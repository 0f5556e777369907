import ArgumentParser
import LWGovConfig
import LWGovExtract
import LWGovJob
import Foundation
import LWGovModel
import LWGovRender
import LWGovStore
import Logging

struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Write the HTML, XML and CSV reports of an analysed snapshot (replacing its period)."
    )

    @OptionGroup var common: CommonOptions
    @Option(help: "Output directory (overrides output.dir).") var out: String?
    @Option(help: "Render this analysed snapshot id.") var snapshot: Int64?
    @Option(help: "Render the analysed snapshot of this period, YYYY-MM.") var period: String?
    @Option(help: "Directory of templates overriding the built-in ones (overrides output.templates_dir).") var templatesDir: String?

    func validate() throws {
        if snapshot != nil && period != nil { throw ValidationError("give --snapshot or --period, not both") }
    }

    func run() throws {
        try Terminal.run {
            var config = try common.resolvedConfiguration()
            if let out { config.output.dir = out }
            if let templatesDir { config.output.templatesDir = templatesDir }
            let templates = try Pipeline.templates(config)
            let lock = try common.lock(config)
            defer { withExtendedLifetime(lock) {} }
            let store = try Store.open(path: config.store.path)
            let renderer = Renderer(store: store, configuration: config, civilTime: config.civilTime, templates: templates, logger: common.logger())
            let target = try renderer.resolveSnapshot(id: snapshot, period: period)
            let report = try renderer.render(snapshot: target, to: config.output.dir)
            print(report.index)
        }
    }
}

/// Builds the stages from one configuration, in one place.
enum Pipeline {
    static func renderer(store: Store, config: LWGovModel.Configuration, logger: Logging.Logger) throws -> Renderer {
        Renderer(store: store, configuration: config, civilTime: config.civilTime, templates: try templates(config), logger: logger)
    }

    /// The built-in templates, overridden by `output.templates_dir` when it is set.
    static func templates(_ config: LWGovModel.Configuration) throws -> TemplateSet {
        try TemplateSet.load(overrideDirectory: config.output.templatesDir.isEmpty ? nil : config.output.templatesDir)
    }
}

extension Pipeline {
    /// The API source: settings from `[api]`, secrets read (and their file modes checked) now.
    static func fetcher(_ config: LWGovModel.Configuration, logger: Logging.Logger) throws -> DirectoryFetcher {
        let (settings, credentials) = try apiAccess(config, scopes: config.api.scopes)
        return DirectoryFetcher(settings: settings, credentials: credentials, logger: logger)
    }

    /// `[api]` settings with the given scopes, and the service account's secrets.
    static func apiAccess(_ config: LWGovModel.Configuration, scopes: [String]) throws -> (APISettings, APICredentials) {
        for (key, value) in [("api.client_id", config.api.clientId), ("api.service_account", config.api.serviceAccount)] where value.isEmpty {
            throw ConfigError("\(key) is not set; the LINE WORKS API needs [api] client_id, service_account, client_secret_file and private_key_file")
        }
        var settings = APISettings(config.api)
        settings.scopes = scopes
        let credentials = try APICredentials.load(
            clientSecretFile: config.api.clientSecretFile, privateKeyFile: config.api.privateKeyFile
        )
        return (settings, credentials)
    }
}
