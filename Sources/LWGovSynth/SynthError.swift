import LWGovModel

/// The synthetic tenant generator's errors.
public enum SynthDomain: ErrorDomain {}

/// A synthetic tenant that could not be written (73).
public typealias SynthError = LWGovError<SynthDomain>
