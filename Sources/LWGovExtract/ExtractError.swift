import LWGovModel

/// The extract stage's errors.
public enum ExtractDomain: ErrorDomain {}

/// An extract problem: the message names the file and the line or JSON path.
public typealias ExtractError = LWGovError<ExtractDomain>
