/// Redactor's first three recognisers on plain text (PlainBytes), read in one walk over its
/// lines instead of one walk each, for the common case where none of them changes anything:
/// `KeyDumps.redact(bytes:plain:)`, `SecretGrammar.redact(bytes:plain:found:)` (generic
/// grammar) and `Redactor.ipseckeyKeys(plain:)`. The same walk answers the whole-text gates of
/// the later steps (`xfrmWords`, `setkeyWords`, `://`, `PRIVATE KEY`), which were one sweep of
/// the text each (4–8 % of `parse xfrm-policy` and `parse swanctl-list-sas`, perf, stop 27).
///
/// `walk` returns nil as soon as a line is one those recognisers may change (a dump, a secret,
/// an ipseckey name or `KY:`): the caller then runs them one after another as before. When it
/// returns a verdict, each of the three would have returned nil (the text unchanged), so each
/// later step reads the very text it read before; `found` holds what SecretGrammar's reading
/// hands to `found`, in the same order. Each line is read as the recognisers read it:
/// - KeyDumps: the same tests in the same order on the line's bytes, with its `inDump` state
///   (a line it hands to `redactLine` is handed to it here too, and must come back unchanged);
///   its whole-text `bytes @` gate is the line's own (a line holds it only if the text does).
/// - SecretGrammar: a line outside every value that `SecretTriggers.mayHoldSecret` passes over
///   is copied, any other goes through `redactLine` with its state, and must come back
///   unchanged.
/// - ipseckeyKeys: nil when the text holds none of `ipseckeyNames` and no `ky:` in any case;
///   none of those words spans a line end, so no line may hold one.
/// One pass over a line's bytes (`read`) says which of all these words it holds, any
/// case; a line with none (most lines of the big outputs) needs no other search.
enum QuietPlainText {
    struct Verdict {
        /// What SecretGrammar's reading found (for learning), in order.
        var found: [String] = []
        /// The text holds one of `Redactor.xfrmWords` / `Redactor.setkeyWords` (exactly as
        /// `PlainBytes.contains` finds them), `://`, `PRIVATE KEY`.
        var xfrmWords = false, setkeyWords = false, uri = false, privateKey = false
    }

    /// SecretTriggers' words (bits 0–21), then the other recognisers' gate words, lower case.
    static let words = TriggerWords(SecretTriggers.anyWordList + ["ky:", "enc ", "auth", "aead ", "comp ", "e: ", "a: ", "bytes "])
    static func bit(_ word: String) -> UInt64 {
        let all = SecretTriggers.anyWordList + ["ky:", "enc ", "auth", "aead ", "comp ", "e: ", "a: ", "bytes "]
        return 1 << UInt64(all.firstIndex(of: word)!)
    }
    static let uriBit = bit("://"), keyBit = bit("key"), privBit = bit("priv"), kyBit = bit("ky:"), bytesBit = bit("bytes ")
    static let xfrmMask = bit("enc ") | bit("auth") | bit("aead ") | bit("comp ")
    static let setkeyMask = bit("e: ") | bit("a: ")
    static let key = Array("key".utf8)

    /// The verdict on plain text `b`, or nil when one of the three recognisers may change it.
    static func walk(_ b: [UInt8]) -> Verdict? {
        // The masks as locals: a static `let` read at each line is a `swift_once` call.
        let kyBit = Self.kyBit, keyBit = Self.keyBit, xfrmMask = Self.xfrmMask, setkeyMask = Self.setkeyMask
        let uriBit = Self.uriBit, privBit = Self.privBit, bytesBit = Self.bytesBit
        let colonBlank = KeyDumps.colonBlank
        return withLookup { lookup in b.withUnsafeBufferPointer { p in
            var v = Verdict()
            var inDump = false
            var state = SecretGrammar.State()
            var quiet = true
            PlainBytes.forEachLine(p) { s, e in
                guard quiet else { return }
                let (m, pairs) = read(p, s, e, lookup)
                var bytesAt = false
                if m != 0 {
                    // ipseckeyKeys: `KY:` in any case, or one of its names as written.
                    if m & kyBit != 0 || m & keyBit != 0 && holdsIpseckeyName(p, s, e) { quiet = false; return }
                    if !v.xfrmWords, m & xfrmMask != 0 { v.xfrmWords = Redactor.xfrmWords.contains { PlainBytes.contains(p, s, e, $0) } }
                    if !v.setkeyWords, m & setkeyMask != 0 { v.setkeyWords = Redactor.setkeyWords.contains { PlainBytes.contains(p, s, e, $0) } }
                    if m & uriBit != 0 { v.uri = true }
                    if !v.privateKey, m & privBit != 0 { v.privateKey = PlainBytes.contains(p, s, e, Redactor.privateKeyWord) }
                    if m & bytesBit != 0 { bytesAt = PlainBytes.contains(p, s, e, KeyDumps.bytesAt) }
                }
                // KeyDumps.redact(bytes:plain:), its line.
                let regex = pairs >= 4 || (pairs >= 1 && (inDump || PlainBytes.contains(p, s, e, colonBlank)))
                if !regex, KeyDumps.hexTail(p, s, e, afterHeader: inDump) != nil { quiet = false; return }
                if regex || bytesAt {
                    let red = KeyDumps.redactLine(PlainBytes.string(p, s, e), inDump: &inDump)
                    guard red.utf8.elementsEqual(UnsafeBufferPointer(rebasing: p[s..<e])) else { quiet = false; return }
                } else {
                    var last = e
                    while last > s, PlainBytes.isBlank(p[last - 1]) { last -= 1 }
                    inDump = last > s && p[last - 1] == 0x3A
                }
                // SecretGrammar.redact(bytes:plain:found:), its line (`m`'s first bits are
                // SecretTriggers' words).
                if state.isOutside, !SecretTriggers.mayHoldSecret(p, s, e, words: m) { return }
                let red = SecretGrammar.redactLine(PlainBytes.string(p, s, e), file: .generic, state: &state) { v.found.append($0) }
                if !red.utf8.elementsEqual(UnsafeBufferPointer(rebasing: p[s..<e])) { quiet = false }
            }
            return quiet ? v : nil
        } }
    }

    /// The tables `read` looks up, lent once for a whole text (each static `let` read at a
    /// line is a `swift_once` call, and each array's buffer a retain).
    struct Lookup {
        let pairBits: UnsafeBufferPointer<UInt64>, slot: UnsafeBufferPointer<UInt8>, bytes: UnsafeBufferPointer<UInt8>
        let wordStart: UnsafeBufferPointer<Int>, wordLength: UnsafeBufferPointer<Int>, groupStart: UnsafeBufferPointer<Int>
        let wordBit: UnsafeBufferPointer<UInt64>, pairClass: UnsafeBufferPointer<UInt8>
    }

    static func withLookup<R>(_ body: (Lookup) -> R) -> R {
        let w = words
        return w.pairBits.withUnsafeBufferPointer { pb in
            w.slot.withUnsafeBufferPointer { t in
                w.bytes.withUnsafeBufferPointer { wb in
                    w.wordStart.withUnsafeBufferPointer { ws in
                        w.wordLength.withUnsafeBufferPointer { wl in
                            w.groupStart.withUnsafeBufferPointer { gs in
                                w.wordBit.withUnsafeBufferPointer { bit in
                                    KeyDumps.pairClass.withUnsafeBufferPointer { c in
                                        body(Lookup(pairBits: pb, slot: t, bytes: wb, wordStart: ws, wordLength: wl, groupStart: gs,
                                                    wordBit: bit, pairClass: c))
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// `read(p, s, e, lookup)` with the tables lent for this line alone (tests).
    static func read(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> (UInt64, Int) {
        withLookup { read(p, s, e, $0) }
    }

    /// (which of `words` the line holds, any case: bit `k` for the `k`th word, as
    /// `TriggerWords.occurs` finds a word; `KeyDumps.hexPairCount(p, s, e)`) in one loop over the line's
    /// bytes: both look at each position once (the pair of bytes a word may start with, the
    /// class of the byte that closes a hex pair's window), so one loop does both for about the
    /// price of one (the two were 10–13 % of `parse xfrm-policy`, each with its own loop). A
    /// pair that may start a word is compared apart (`wordsAt`), keeping the loop's few values
    /// in registers.
    @inline(__always)
    static func read(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int, _ L: Lookup) -> (UInt64, Int) {
        guard e - s >= 2, let base = p.baseAddress else { return (0, 0) }
        let raw = UnsafeRawPointer(base)
        let c = L.pairClass, pb = L.pairBits
        var found: UInt64 = 0
        var n = 0
        var i = s
        if e - s >= 3 {
            // KeyDumps.hexPairCount's window, moved along with `i`.
            var a = c[Int(p[i])], b = c[Int(p[i + 1])], d = c[Int(p[i + 2])]
            while i + 3 < e {
                let f = c[Int(p[i + 3])]
                n &+= Int(a & (b >> 1) & (d >> 1) & (f >> 2) & 1)
                a = b; b = d; d = f
                // TriggerWords.occurs' pair test at `i`.
                let k = Int(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt16.self)) | 0x2020)
                if pb[k >> 6] & (1 << UInt64(k & 63)) != 0 { found |= wordsAt(p, i, e, k, L) }
                i &+= 1
            }
            n &+= Int(a & (b >> 1) & (d >> 1) & 1)
        }
        while i + 1 < e {
            let k = Int(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt16.self)) | 0x2020)
            if pb[k >> 6] & (1 << UInt64(k & 63)) != 0 { found |= wordsAt(p, i, e, k, L) }
            i &+= 1
        }
        return (found, n)
    }

    /// The bits of the words of pair `k`'s group that start at `i` (compared as
    /// `TriggerWords.occurs` compares them).
    @inline(never)
    static func wordsAt(_ p: UnsafeBufferPointer<UInt8>, _ i: Int, _ e: Int, _ k: Int, _ L: Lookup) -> UInt64 {
        var found: UInt64 = 0
        let g = Int(L.slot[k])
        for x in L.groupStart[g - 1]..<L.groupStart[g] where i + L.wordLength[x] <= e {
            var j = 0
            let o = L.wordStart[x], len = L.wordLength[x]
            while j < len, PlainBytes.lower(p[i + j]) == L.bytes[o + j] { j += 1 }
            if j == len { found |= L.wordBit[x] }
        }
        return found
    }

    /// Whether the line holds one of `Redactor.ipseckeyNames` as written: each ends in `key`
    /// or `Key`, so only where `key` stands in any case is each name compared.
    static func holdsIpseckeyName(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
        for k in PlainBytes.loweredOffsets(p, s, e, key) {
            for name in Redactor.ipseckeyNames {
                let start = k + 3 - name.count
                guard start >= s else { continue }
                var j = 0
                while j < name.count, p[start + j] == name[j] { j += 1 }
                if j == name.count { return true }
            }
        }
        return false
    }
}
