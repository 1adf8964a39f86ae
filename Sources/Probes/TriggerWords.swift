/// A set of words a recogniser needs, found in a line's bytes in one pass, ASCII case ignored:
/// a 64 k-entry table of the (lowered) first two bytes of the words says where a word may
/// start and which words start so; only there are those words compared. The cheap "can this
/// line hold a secret at all" test that lets a recogniser skip a line.
///
/// The words are kept in flat arrays (their bytes one after another, and each group's range of
/// words), read through unsafe pointers: a pair that starts a word is common in ordinary text
/// (`au` of `auth-trunc`, `se` of `seq`, `pi` of `spi`), and walking an array of arrays there
/// retained and released each one.
struct TriggerWords: Sendable {
    /// Entry `b << 8 | a` (a little-endian UInt16 of the two bytes): 0, or 1 + the index of the group of words that start `a b`.
    let slot: [UInt8]
    /// Every word's bytes (lower case), one after another.
    let bytes: [UInt8]
    /// Where each word starts in `bytes`, and its length; a group's words are adjacent.
    let wordStart: [Int], wordLength: [Int]
    /// Group `g`'s words are `groupStart[g] ..< groupStart[g + 1]`.
    let groupStart: [Int]
    /// `slot` as bits (bit `k` set when entry `k` is not 0): the test made at every byte reads
    /// 8 KiB rather than 64 KiB. perf put half of `occurs` on the wait for the 64 KiB table's
    /// byte (9 % of `parse xfrm-state`, 20,000 tunnels); a first-byte table before it did not
    /// help, its branch being a coin toss inside hex keys (`a`, `b`, `e` start words).
    let pairBits: [UInt64]
    /// Bit `k` for the word stored at `k` (`bytes`' order): the bit of its place in the list
    /// given to `init` (the first 64), which QuietPlainText's walk sets for each word a line
    /// holds.
    let wordBit: [UInt64]

    init(_ list: [String]) {
        let words = list.map { Array($0.lowercased().utf8) }
        precondition(words.allSatisfy { $0.count >= 2 }, "trigger words have two bytes at least")
        // `occurs` looks pairs up as `c | 0x20`: a word's bytes must be unchanged by it.
        precondition(words.allSatisfy { $0.allSatisfy { $0 | 0x20 == $0 } }, "trigger words are lower-case letters, digits or -:/ and the like")
        var slot = [UInt8](repeating: 0, count: 1 << 16)
        var groups: [[(word: [UInt8], place: Int)]] = []
        for (place, w) in words.enumerated() {
            let k = Int(w[1]) << 8 | Int(w[0])
            if slot[k] == 0 { groups.append([]); slot[k] = UInt8(groups.count) }
            groups[Int(slot[k]) - 1].append((w, place))
        }
        var bytes: [UInt8] = [], starts: [Int] = [], lengths: [Int] = [], groupStart: [Int] = [0], wordBit: [UInt64] = []
        for g in groups {
            for (w, place) in g {
                starts.append(bytes.count); lengths.append(w.count); bytes += w
                wordBit.append(place < 64 ? 1 << UInt64(place) : 0)
            }
            groupStart.append(starts.count)
        }
        self.wordBit = wordBit
        self.slot = slot
        self.bytes = bytes
        self.wordStart = starts
        self.wordLength = lengths
        self.groupStart = groupStart
        var bits = [UInt64](repeating: 0, count: (1 << 16) / 64)
        for k in 0..<(1 << 16) where slot[k] != 0 { bits[k >> 6] |= 1 << UInt64(k & 63) }
        self.pairBits = bits
    }

    /// Whether one of the words occurs in `p[s..<e]`.
    func occurs(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
        guard e - s >= 2 else { return false }
        return pairBits.withUnsafeBufferPointer { pb in
            slot.withUnsafeBufferPointer { t in
                bytes.withUnsafeBufferPointer { wb in
                    wordStart.withUnsafeBufferPointer { ws in
                        wordLength.withUnsafeBufferPointer { wl in
                            groupStart.withUnsafeBufferPointer { gs in
                                // The pair is tested with every byte's 0x20 bit set (`c | 0x20`), not lowered:
                                // one instruction a byte rather than a compare and a select, and the two bytes
                                // read as one little-endian UInt16 (entry `second << 8 | first`), so no position
                                // waits for the one before (perf: the lowering and that chain were a third of
                                // `occurs`, stop 26). `c | 0x20` is `lower(c) | 0x20` for every byte, and is
                                // `lower(c)` itself for every byte a word holds (lower-case letters, digits, `-`,
                                // `:`, `/`: bit 0x20 set), so a pair of the words passes the table as before; a
                                // byte that only looks like one this way (a control byte, `@`, `[`...) is caught
                                // by comparing the two bytes themselves, lowered, below.
                                let raw = UnsafeRawPointer(p.baseAddress!)
                                var i = s
                                while i + 1 < e {
                                    let k = Int(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt16.self)) | 0x2020)
                                    if pb[k >> 6] & (1 << UInt64(k & 63)) != 0 {
                                        // The pair may match: compare each word of the group, lowered.
                                        let g = Int(t[k])
                                        for w in gs[g - 1]..<gs[g] where i + wl[w] <= e {
                                            var j = 0
                                            let o = ws[w], n = wl[w]
                                            while j < n, PlainBytes.lower(p[i + j]) == wb[o + j] { j += 1 }
                                            if j == n { return true }
                                        }
                                    }
                                    i += 1
                                }
                                return false
                            }
                        }
                    }
                }
            }
        }
    }
}
