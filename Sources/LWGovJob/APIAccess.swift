import Logging
import LWGovConfig
import LWGovExtract
import LWGovLineWorks
import LWGovModel

/// The LINE WORKS clients of a configuration: `[api]` settings with the scopes a job needs, and
/// the service account's secrets, read (and their file modes checked) when built.
public enum APIAccess {
    /// The directory reader of `extract --api` and `run` with `source.kind = "api"`.
    public static func fetcher(_ config: Configuration, logger: Logger) throws -> DirectoryFetcher {
        let (settings, credentials) = try access(config, scopes: config.api.scopes)
        return DirectoryFetcher(settings: settings, credentials: credentials, logger: logger)
    }

    /// The city's bot, for `notify`.
    public static func botSender(_ config: Configuration, logger: Logger) throws -> BotSender {
        guard !config.notify.botId.isEmpty else {
            throw ConfigError("notify.bot_id is not set; name the city's bot, or use --dry-run to see the messages")
        }
        let (settings, credentials) = try access(config, scopes: config.notify.scopes)
        return BotSender(botId: config.notify.botId, settings: settings, credentials: credentials, logger: logger)
    }

    private static func access(_ config: Configuration, scopes: [String]) throws -> (APISettings, APICredentials) {
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
