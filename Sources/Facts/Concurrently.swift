import Dispatch
import Foundation

/// Work on every core: loading and checking the rule base, making the TunnelContext (Parsers).
public enum Concurrently {
    /// `(0..<count).map(body)` with the calls spread over every core; the results in index
    /// order. Each call must stand on its own (a loader reads one file, a check only reads).
    public static func map<T: Sendable>(_ count: Int, _ body: @Sendable (Int) -> T) -> [T] {
        let slots = Slots<T>(count: count)
        DispatchQueue.concurrentPerform(iterations: count) { i in slots.put(body(i), at: i) }
        return slots.all
    }

    /// `(a(), b())`, the two at once.
    public static func both<A: Sendable, B: Sendable>(_ a: @Sendable () -> A, _ b: @Sendable () -> B) -> (A, B) {
        let results = map(2) { i -> Either<A, B> in i == 0 ? .first(a()) : .second(b()) }
        guard case let .first(x) = results[0], case let .second(y) = results[1] else { preconditionFailure("in index order") }
        return (x, y)
    }

    private enum Either<A: Sendable, B: Sendable>: Sendable { case first(A), second(B) }
}

/// One result per index, written from concurrent iterations.
private final class Slots<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [T?]
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func put(_ value: T, at i: Int) { lock.lock(); slots[i] = value; lock.unlock() }
    var all: [T] { lock.lock(); defer { lock.unlock() }; return slots.map { $0! } }
}
