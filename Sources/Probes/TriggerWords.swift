/// A set of words a recogniser needs, found in a line's bytes in one pass, ASCII case ignored:
/// a 64 k-bit table of the (lowered) first two bytes of every word says where a word may start,
/// and only there are the words compared. The cheap "can this line hold a secret at all" test
/// that lets a recogniser skip a line.
struct TriggerWords: Sendable {
    let words: [[UInt8]]
    /// Bit `a << 8 | b`: some word starts with the bytes `a b` (lower case).
    let starts: [UInt64]

    init(_ list: [String]) {
        words = list.map { Array($0.lowercased().utf8) }
        var table = [UInt64](repeating: 0, count: 1024)
        for w in words where w.count >= 2 {
            let k = Int(w[0]) << 8 | Int(w[1])
            table[k >> 6] |= 1 << UInt64(k & 63)
        }
        precondition(words.allSatisfy { $0.count >= 2 }, "trigger words have two bytes at least")
        starts = table
    }

    /// Whether one of the words occurs in `p[s..<e]`.
    func occurs(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
        guard e - s >= 2 else { return false }
        return starts.withUnsafeBufferPointer { t in
            var i = s
            var a = PlainBytes.lower(p[s])
            while i + 1 < e {
                let b = PlainBytes.lower(p[i + 1])
                let k = Int(a) << 8 | Int(b)
                if t[k >> 6] & (1 << UInt64(k & 63)) != 0 {
                    for w in words where w[0] == a && w[1] == b && PlainBytes.hasLowered(p, i, e, w) { return true }
                }
                a = b
                i += 1
            }
            return false
        }
    }
}
