import Foundation

/// Runs `op`, giving up after `seconds`: returns nil then. Structured: the timer and the work
/// are children of one task group; the loser is cancelled (a subprocess is killed by its
/// teardown sequence, a file read stops at its next chunk) and awaited, so nothing outlives it.
func withTimeout<T: Sendable>(_ seconds: Double, _ op: @escaping @Sendable () async -> T) async -> T? {
    await withTaskGroup(of: T?.self) { group in
        group.addTask { await op() }
        group.addTask {
            try? await Task.sleep(for: .seconds(max(0.01, seconds)))
            return nil
        }
        let first = await group.next() ?? nil
        group.cancelAll()
        return first
    }
}

func elapsed(since t: ContinuousClock.Instant) -> Double {
    let d = ContinuousClock.now - t
    return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
}

func fmt(_ s: Double) -> String {
    s == s.rounded() ? String(Int(s)) : String(format: "%.1f", s)
}
