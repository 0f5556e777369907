import Dispatch

/// Runs `body(i)` for every `i` in `0..<count`, spread over the cores, and returns the results
/// in index order. Each result slot is written by one iteration only.
public func parallelMap<T: Sendable>(_ count: Int, _ body: @Sendable (Int) -> T) -> [T] {
    let slots = Slots<T>(count: count)
    DispatchQueue.concurrentPerform(iterations: count) { i in slots.put(i, body(i)) }
    return slots.take()
}

/// Runs two independent pieces of work at once (two store reads, say: the store allows
/// concurrent readers).
///
/// - Throws: the first one's error, else the second's.
public func concurrently<A: Sendable, B: Sendable, E: Error>(
    _ first: @Sendable () throws(E) -> A, _ second: @Sendable () throws(E) -> B
) throws(E) -> (A, B) {
    let results = parallelMap(2) { i -> (Result<A, E>?, Result<B, E>?) in
        i == 0 ? (Result { () throws(E) in try first() }, nil) : (nil, Result { () throws(E) in try second() })
    }
    // parallelMap returns after both ran, so both slots are set.
    return (try results[0].0!.get(), try results[1].1!.get())
}

/// A value computed on another core from the moment it is created; `value` waits for it.
/// For work whose result is needed late, or only on some paths.
public final class InBackground<T: Sendable>: @unchecked Sendable {
    // Written once by the background work before `done` is signalled; read only after waiting.
    private var result: T?
    private let done = DispatchSemaphore(value: 0)

    public init(_ work: @escaping @Sendable () -> T) {
        DispatchQueue.global().async {
            self.result = work()
            self.done.signal()
        }
    }

    /// The value, once computed (it may be asked for more than once).
    public var value: T {
        done.wait()
        defer { done.signal() }
        return result!
    }
}

private final class Slots<T>: @unchecked Sendable {
    private let storage: UnsafeMutableBufferPointer<T?>

    init(count: Int) {
        storage = .allocate(capacity: count)
        storage.initialize(repeating: nil)
    }

    func put(_ index: Int, _ value: T) { storage[index] = value }

    func take() -> [T] {
        storage.map { $0! }
    }

    deinit {
        storage.deinitialize()
        storage.deallocate()
    }
}
