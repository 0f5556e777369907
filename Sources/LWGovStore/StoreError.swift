import LWGovModel

/// The store's errors.
public enum StoreDomain: ErrorDomain {}

/// A store problem. Messages name what to fix and never carry SQL arguments.
public typealias StoreError = LWGovError<StoreDomain>
