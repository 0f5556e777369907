import Dispatch

/// Runs `body(i)` for every `i` in `0..<count`, spread over the cores, and returns the results
/// in index order. Each result slot is written by one iteration only.
public func parallelMap<T: Sendable>(_ count: Int, _ body: @Sendable (Int) -> T) -> [T] {
    let slots = Slots<T>(count: count)
    DispatchQueue.concurrentPerform(iterations: count) { i in slots.put(i, body(i)) }
    return slots.take()
}

private final class Slots<T>: @unchecked Sendable {
    private let storage: UnsafeMutableBufferPointer<T?>

    init(count: Int) {
        storage = .allocate(capacity: count)
        storage.initialize(repeating: nil)
    }

    func put(_ index: Int, _ value: T) { storage[index] = value }

    func take() -> [T] {
        // Called after concurrentPerform has returned, so every slot has been written.
        storage.map { $0! }
    }

    deinit {
        storage.deinitialize()
        storage.deallocate()
    }
}
