import LWGovModel

/// The LINE WORKS API errors.
public enum LineWorksDomain: ErrorDomain {}

/// An API problem. The message names the request (never a token or secret).
public typealias APIError = LWGovError<LineWorksDomain>
