/// The module an `LWGovError` comes from.
public protocol ErrorDomain: Sendable {}
