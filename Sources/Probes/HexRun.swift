/// Runs of hex digits found through a 256-entry table rather than `isHex`'s three ranges: in
/// a key (`ip xfrm state`'s `0x6c576fac...`) digit and letter come at random, and the branch
/// between the ranges was mispredicted at about every other byte (perf annotate: most of
/// `XfrmKeyLines.key` and `KeyDumps.hexTail`, 15 % of `parse xfrm-state` at 20,000 tunnels).
/// The table's test is one load and a loop exit that is taken once.
enum HexRun {
    /// Entry `c`: 1 for `[0-9A-Fa-f]` (`PlainBytes.isHex`), else 0.
    static let table: [UInt8] = (0...255).map { PlainBytes.isHex(UInt8($0)) ? 1 : 0 }

    /// The end of the run of hex digits that starts at `i` (`i` itself when `p[i]` is none).
    @inline(__always)
    static func end(_ p: UnsafeBufferPointer<UInt8>, from i: Int, to e: Int) -> Int {
        table.withUnsafeBufferPointer { t in
            var r = i
            while r < e, t[Int(p[r])] != 0 { r += 1 }
            return r
        }
    }

    /// The start of the run of hex digits that ends at `i` (exclusive), not before `s`.
    @inline(__always)
    static func start(_ p: UnsafeBufferPointer<UInt8>, before i: Int, from s: Int) -> Int {
        table.withUnsafeBufferPointer { t in
            var r = i
            while r > s, t[Int(p[r - 1])] != 0 { r -= 1 }
            return r
        }
    }
}
