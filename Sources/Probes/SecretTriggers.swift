/// Whether a line of plain text (PlainBytes) may hold a secret that `SecretGrammar.redactLine`
/// removes, read on its bytes. Each test is implied by a match of the regular expression it
/// stands for (the comments say how), so a line for which all are false comes out of
/// `redactLine` unchanged, with the state still outside every value: the byte-level loop copies
/// it. A line that passes goes through `redactLine` itself, so a test may be loose, never tight.
enum SecretTriggers {
    static let begin = Array("-----begin".utf8)
    static let uri = Array("://".utf8)
    /// The types of `secretsEntry`, lower case (`ppk` covers `ppks`).
    static let types = ["psk", "ppk", "xauth", "eap", "ntlm", "rsa", "ecdsa", "ed25519", "ed448", "bliss", "pkcs8",
                        "pkcs12", "p12", "pin", "priv"].map { Array($0.utf8) }
    /// Every name `isSecretKey` accepts holds one of these (`assignedKeys` and the patterns).
    static let keyWords = SecretGrammar.keyWords
    static let psk = Array("psk".utf8), key = Array("key".utf8)
    static let password = Array("password".utf8), passphrase = Array("passphrase".utf8)
    static let keyPrefixes = ["auth", "enc", "encr"].map { Array($0.utf8) }
    /// `spaced`'s words other than `key` (all start with `p`), in one array made once (an
    /// array literal in the loop was an allocation per line holding a trigger word).
    static let spacedWords = [psk, password, passphrase]

    /// Every test below needs one of these words on the line (any case): `-----begin`, a type
    /// of `secretsEntry`, a key word of `assignment` (`spaced`'s words are among them), `://`.
    static let anyWordList = ["-----begin", "://", "secret", "psk", "pin", "pass", "pwd", "key", "authentication", "ppk",
                              "xauth", "eap", "ntlm", "rsa", "ecdsa", "ed25519", "ed448", "bliss", "pkcs8", "pkcs12",
                              "p12", "priv"]
    static let anyWord = TriggerWords(anyWordList)

    static func mayHoldSecret(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
        guard anyWord.occurs(p, s, e) else { return false }
        // `pemBegin` needs `-----BEGIN` (redactLine's own gate, any case).
        if PlainBytes.containsLowered(p, s, e, begin) { return true }
        var colon = false, equals = false
        for i in s..<e {
            if p[i] == 0x3A { colon = true } else if p[i] == 0x3D { equals = true }
        }
        if colon, secretsEntry(p, s, e) { return true }
        if colon || equals, assignment(p, s, e) { return true }
        if spaced(p, s, e) { return true }
        // `uriPassword` only runs where `:` and `://` are (redactLine's own gate).
        return colon && PlainBytes.contains(p, s, e, uri)
    }

    /// Bit `k`: the `k`th word of `anyWordList` (TriggerWords.mask of a list that starts with it).
    static func bit(_ word: String) -> UInt64 { 1 << UInt64(anyWordList.firstIndex(of: word)!) }
    static let anyWordMask: UInt64 = (1 << UInt64(anyWordList.count)) - 1
    static let beginBit = bit("-----begin"), uriBit = bit("://"), keyBit = bit("key")
    /// Each test below needs one of its words on the line: `secretsEntry` a type (all of
    /// `types` are words of the list), `assignment` a key word (`keyWords`), `spaced` `psk`,
    /// `pass` (of `password`, `passphrase`) or `key`.
    static let typeMask = types.map { bit(String(decoding: $0, as: UTF8.self)) }.reduce(0, |)
    static let keyWordMask = keyWords.map { bit(String(decoding: $0, as: UTF8.self)) }.reduce(0, |)
    static let spacedMask = bit("psk") | bit("pass") | bit("key")

    /// `mayHoldSecret(p, s, e)` of a line whose words (`anyWordList`, any case) are the bits of
    /// `m`, as QuietPlainText's walk has them: a test runs only where its words are on the line.
    static func mayHoldSecret(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int, words m: UInt64) -> Bool {
        guard m & anyWordMask != 0 else { return false }
        if m & beginBit != 0, PlainBytes.containsLowered(p, s, e, begin) { return true }
        var colon = false, equals = false
        for i in s..<e {
            if p[i] == 0x3A { colon = true } else if p[i] == 0x3D { equals = true }
        }
        if colon, m & typeMask != 0, secretsEntry(p, s, e) { return true }
        if colon || equals, m & keyWordMask != 0, assignment(p, s, e) { return true }
        if m & spacedMask != 0, spaced(p, s, e) { return true }
        return colon && m & uriBit != 0 && PlainBytes.contains(p, s, e, uri)
    }

    /// `secretsEntry`: `(^|[\s"'])(:)([ \t]*)(TYPE)`: a `:` at the start or after a blank or a
    /// quote, blanks, then a type (any case).
    static func secretsEntry(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
        for i in s..<e where p[i] == 0x3A {
            if i > s, !(PlainBytes.isBlank(p[i - 1]) || p[i - 1] == 0x22 || p[i - 1] == 0x27) { continue }
            var j = i + 1
            while j < e, PlainBytes.isBlank(p[j]) { j += 1 }
            for t in types where PlainBytes.hasLowered(p, j, e, t) { return true }
        }
        return false
    }

    /// `assignment` with a key `isSecretKey` accepts: the key's last component holds a key word,
    /// then only key characters up to the key's end, blanks, `=` (not `=>`) or `:` (not `::`),
    /// and something other than blanks after it (`(?=\S)`).
    static func assignment(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
        for w in keyWords {
            for at in PlainBytes.loweredOffsets(p, s, e, w) {
                var i = at + w.count
                while i < e, isKeyChar(PlainBytes.lower(p[i])) { i += 1 }
                while i < e, PlainBytes.isBlank(p[i]) { i += 1 }
                guard i < e else { continue }
                if p[i] == 0x3D { if i + 1 < e, p[i + 1] == 0x3E { continue } }
                else if p[i] == 0x3A { if i + 1 < e, p[i + 1] == 0x3A { continue } }
                else { continue }
                var j = i + 1
                while j < e, PlainBytes.isBlank(p[j]) { j += 1 }
                if j < e { return true }
            }
        }
        return false
    }

    /// `spaced`: `(?<![A-Za-z0-9_.=:$-])(psk|authkey|enckey|encrkey|key|password|passphrase)`,
    /// blanks, then a character not in `[ \t=:{}#;]`; a bare `key` only where redactSpaced
    /// takes it.
    static func spaced(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
        func startsWord(_ at: Int) -> Bool {
            guard at > s else { return at == s }
            let c = p[at - 1]
            return !(PlainBytes.isWord(c) || c == 0x2E || c == 0x3D || c == 0x3A || c == 0x24 || c == 0x2D)
        }
        func valueFollows(_ end: Int) -> Bool {
            var i = end
            guard i < e, PlainBytes.isBlank(p[i]) else { return false }
            while i < e, PlainBytes.isBlank(p[i]) { i += 1 }
            guard i < e else { return false }
            let c = p[i]
            return !(c == 0x3D || c == 0x3A || c == 0x7B || c == 0x7D || c == 0x23 || c == 0x3B)
        }
        // `psk`, `password` and `passphrase` all start with `p`: one walk over the line's `p`s
        // rather than one over the whole line per word (every `rekeying` line of list-sas).
        for at in s..<e where PlainBytes.lower(p[at]) == 0x70 {
            for w in spacedWords where PlainBytes.hasLowered(p, at, e, w) && startsWord(at) && valueFollows(at + w.count) { return true }
        }
        for at in PlainBytes.loweredOffsets(p, s, e, key) where valueFollows(at + 3) {
            // `key` alone counts only at the start of a line (after blanks or `{`: redactSpaced
            // skips it elsewhere, "pre-shared key authentication").
            if startsWord(at), (s..<at).allSatisfy({ PlainBytes.isBlank(p[$0]) || p[$0] == 0x7B }) { return true }
            for pre in keyPrefixes where at - pre.count >= s && PlainBytes.hasLowered(p, at - pre.count, e, pre) && startsWord(at - pre.count) {
                return true
            }
        }
        return false
    }

    @inline(__always) static func isKeyChar(_ c: UInt8) -> Bool {
        (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) || c == 0x5F || c == 0x2E || c == 0x2D
    }
}
