@testable import Probes
import XCTest

/// Redactor's one walk over plain text (QuietPlainText) claims that KeyDumps, SecretGrammar
/// and ipseckeyKeys leave a text unchanged, and answers the later steps' whole-text gates; each
/// claim is checked here against the recognisers themselves, on every real input and on damaged
/// windows of them (RedactorEquivalenceTests then checks the whole redactor against the
/// reference).
final class QuietPlainTextTests: XCTestCase {
    /// What the walk claims of `b`, against each recogniser run on its own; nil when it agrees.
    static func disagreement(_ b: [UInt8]) -> String? {
        guard let v = QuietPlainText.walk(b) else { return nil }
        if KeyDumps.redact(bytes: b, plain: true) != nil { return "KeyDumps changes it" }
        var found: [String] = []
        if SecretGrammar.redact(bytes: b, plain: true, found: { found.append($0) }) != nil { return "SecretGrammar changes it" }
        if found != v.found { return "SecretGrammar finds \(found.count) secrets, the walk \(v.found.count)" }
        if Redactor.ipseckeyKeys(plain: b) != nil { return "ipseckeyKeys changes it" }
        if v.xfrmWords != Redactor.xfrmWords.contains(where: { PlainBytes.contains(b, $0) }) { return "xfrm gate" }
        if v.setkeyWords != Redactor.setkeyWords.contains(where: { PlainBytes.contains(b, $0) }) { return "setkey gate" }
        if v.uri != PlainBytes.contains(b, Redactor.uriWord) { return "`://` gate" }
        if v.privateKey != PlainBytes.contains(b, Redactor.privateKeyWord) { return "`PRIVATE KEY` gate" }
        return nil
    }

    func testTheWalkAgreesWithEachRecogniserOnRealInputs() {
        var quiet = 0, loud = 0
        for (name, text) in RedactorEquivalenceTests.inputs {
            let b = Array(text.utf8)
            guard PlainBytes.isPlain(b) else { continue }
            if let d = Self.disagreement(b) { XCTFail("\(name): \(d)") }
            if QuietPlainText.walk(b) == nil { loud += 1 } else { quiet += 1 }
        }
        // Both ways are taken: files with secrets or dumps, and files without.
        XCTAssertGreaterThan(quiet, 100)
        XCTAssertGreaterThan(loud, 50)
    }

    func testTheWalkAgreesOnDamagedWindows() {
        var rng = SplitMix(seed: 0x9_1e7)
        let noise = ["key", "KY:", "ky:", "AuthKey", "Encryption key", "enc ", "auth", "aead ", "comp ", "E: ", "A: ", "://",
                     "PRIVATE KEY", "bytes @ 0x7f", "=> 16 bytes @ 0x1", ":", " ", "\n", "ab ", "0a 1b 2c 3d", "deadbeef ",
                     "secret = x", "psk", "-----BEGIN", "\"", " : PSK ", "\t"]
        var quiet = 0
        for (_, text) in RedactorEquivalenceTests.inputs {
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            guard !lines.isEmpty else { continue }
            let from = Int(rng.next() % UInt64(lines.count))
            var b = Array(lines[from..<min(lines.count, from + 40)].joined(separator: "\n").utf8)
            for _ in 0..<Int(rng.next() % 4) {
                let at = b.isEmpty ? 0 : Int(rng.next() % UInt64(b.count + 1))
                b.insert(contentsOf: noise[Int(rng.next() % UInt64(noise.count))].utf8, at: at)
            }
            guard PlainBytes.isPlain(b) else { continue }
            if let d = Self.disagreement(b) { XCTFail("\(d): \(String(decoding: b, as: UTF8.self).debugDescription.prefix(300))") }
            if QuietPlainText.walk(b) != nil { quiet += 1 }
        }
        XCTAssertGreaterThan(quiet, 100)
    }

    /// `mayHoldSecret(words:)`, which runs a test only where its words are, is `mayHoldSecret`.
    func testMayHoldSecretByWordsIsMayHoldSecret() {
        var rng = SplitMix(seed: 0x5ec)
        let pieces = ["key", "KEY", "psk", "pass", "password", "secret", "pin", "pwd", "ppk", "eap", "rsa", "priv", "-----BEGIN",
                      "://", "authentication", "xauth", "p12", "=", ":", " : ", " = ", "=>", "::", " ", "\t", "x", "db_", ".", "-",
                      "rekeying", "{", "\"", "0a", "auth", "enc"]
        var lines = RedactorEquivalenceTests.inputs.prefix(200).flatMap { $0.text.split(separator: "\n").prefix(50).map { Array($0.utf8) } }
        for _ in 0..<20_000 {
            lines.append(Array((0..<Int(rng.next() % 7)).map { _ in pieces[Int(rng.next() % UInt64(pieces.count))] }.joined().utf8))
        }
        var held = 0
        for line in lines where PlainBytes.isPlain(line) {
            line.withUnsafeBufferPointer { p in
                let expected = SecretTriggers.mayHoldSecret(p, 0, p.count)
                let (m, _) = QuietPlainText.read(p, 0, p.count)
                XCTAssertEqual(SecretTriggers.mayHoldSecret(p, 0, p.count, words: m), expected, String(decoding: line, as: UTF8.self))
                if expected { held += 1 }
            }
        }
        XCTAssertGreaterThan(held, 1_000)
    }

    /// The walk's one loop over a line gives the words it holds (as TriggerWords finds them)
    /// and KeyDumps' pair count.
    func testOneLoopIsTheMaskAndThePairCount() {
        var rng = SplitMix(seed: 27)
        let alphabet = Array("0a1Bf :|\t-kKeEyY/pPsSbtT@9".utf8)
        for _ in 0..<30_000 {
            let line = (0..<Int(rng.next() % 30)).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }
            line.withUnsafeBufferPointer { p in
                let (m, n) = QuietPlainText.read(p, 0, p.count)
                XCTAssertEqual(n, KeyDumps.hexPairCount(p, 0, p.count), String(decoding: line, as: UTF8.self))
                XCTAssertEqual(m != 0, QuietPlainText.words.occurs(p, 0, p.count), String(decoding: line, as: UTF8.self))
                XCTAssertEqual(m & SecretTriggers.anyWordMask != 0, SecretTriggers.anyWord.occurs(p, 0, p.count))
                let lower = String(decoding: line, as: UTF8.self).lowercased()
                for (k, w) in (SecretTriggers.anyWordList + ["ky:", "enc ", "auth", "aead ", "comp ", "e: ", "a: ", "bytes "]).enumerated() {
                    XCTAssertEqual(m & (1 << UInt64(k)) != 0, lower.contains(w), "\(w) in \(lower)")
                }
            }
        }
    }
}
