/// A set of words a recogniser needs, found in a line's bytes in one pass, ASCII case ignored:
/// a 64 k-entry table of the (lowered) first two bytes of the words says where a word may
/// start and which words start so; only there are those words compared. The cheap "can this
/// line hold a secret at all" test that lets a recogniser skip a line.
struct TriggerWords: Sendable {
    /// Entry `a << 8 | b`: 0, or 1 + the index in `groups` of the words that start `a b`.
    let slot: [UInt8]
    /// Words (lower case) grouped by their first two bytes.
    let groups: [[[UInt8]]]

    init(_ list: [String]) {
        let words = list.map { Array($0.lowercased().utf8) }
        precondition(words.allSatisfy { $0.count >= 2 }, "trigger words have two bytes at least")
        var slot = [UInt8](repeating: 0, count: 1 << 16)
        var groups: [[[UInt8]]] = []
        for w in words {
            let k = Int(w[0]) << 8 | Int(w[1])
            if slot[k] == 0 { groups.append([]); slot[k] = UInt8(groups.count) }
            groups[Int(slot[k]) - 1].append(w)
        }
        self.slot = slot
        self.groups = groups
    }

    /// Whether one of the words occurs in `p[s..<e]`.
    func occurs(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
        guard e - s >= 2 else { return false }
        return slot.withUnsafeBufferPointer { t in
            var i = s
            var k = Int(PlainBytes.lower(p[s]))
            while i + 1 < e {
                k = (k << 8 | Int(PlainBytes.lower(p[i + 1]))) & 0xFFFF
                let g = t[k]
                if g != 0 {
                    for w in groups[Int(g) - 1] where PlainBytes.hasLowered(p, i, e, w) { return true }
                }
                i += 1
            }
            return false
        }
    }
}
