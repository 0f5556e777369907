import LWGovModel

/// The configuration's errors.
public enum ConfigDomain: ErrorDomain {}

/// A configuration problem; every message names the file and the key (exit 78).
public typealias ConfigError = LWGovError<ConfigDomain>

extension LWGovError where Domain == ConfigDomain {
    public init(_ message: String) { self.init(.configuration, message) }
}
