import LWGovJob
import LWGovStore

/// A store opened for writing, and the run lock that makes it this process's.
struct LockedStore {
    let lock: RunLock
    let store: Store
}
