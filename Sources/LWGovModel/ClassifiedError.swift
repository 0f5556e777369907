/// An error that knows its failure kind.
public protocol ClassifiedError: Error {
    var kind: FailureKind { get }
}
