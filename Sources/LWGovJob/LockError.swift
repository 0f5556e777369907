import LWGovModel

/// The run lock's errors.
public enum LockDomain: ErrorDomain {}

/// Another process holds the store's lock (`.locked`, exit 75), or the lock file cannot be
/// opened (`.cannotWrite`).
public typealias LockError = LWGovError<LockDomain>
