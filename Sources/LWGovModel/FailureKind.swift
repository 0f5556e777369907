/// What kind of failure an error is; the command line maps each kind to one sysexits code (SPEC 5).
public enum FailureKind: Sendable, Hashable {
    /// 64: the command was used wrongly.
    case usage
    /// 65: bad input data; the message names the file, line or field.
    case badInput
    /// 69: the API stayed unavailable after retries.
    case unavailable
    /// 73: output could not be written.
    case cannotWrite
    /// 75: another run holds the lock.
    case locked
    /// 78: bad configuration; the message names the key.
    case configuration
    /// 70: an internal error (a bug, or a store that is not what lwgov wrote).
    case `internal`
}
