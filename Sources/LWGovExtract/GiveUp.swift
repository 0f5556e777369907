/// The reader gave up: the reference decoder must read this input.
struct GiveUp: Error {}
