import Foundation
import Parsers
@testable import Probes
import Synchronization
import XCTest

/// The byte-level redactors (PlainBytes, SecretTriggers, XfrmKeyLines, the line loops of
/// KeyDumps, SecretGrammar, setkey and command options) against the String-level redaction they
/// replaced, kept as `reference…` (Sources/Probes/Reference/): every entry point gives the same
/// text, and learning a config gives the same literals, on every real input of the repository
/// (Tests/Fixtures: fixtures, lab snapshots, planted secrets), on the bulk corpus where it is
/// present (../shared/corpus/libreswan-console), on damaged copies of them (tokens that start or
/// end a secret inserted anywhere), and on random noise of those tokens.
final class RedactorEquivalenceTests: XCTestCase {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    /// Every text file under Tests/Fixtures (binary captures skipped), and the bulk corpus.
    static let inputs: [(name: String, text: String)] = {
        var out: [(String, String)] = []
        for base in [repo + "/Tests/Fixtures", repo + "/../shared/corpus/libreswan-console"] {
            guard let e = FileManager.default.enumerator(atPath: base) else { continue }
            for case let rel as String in e {
                let path = base + "/" + rel
                var isDir: ObjCBool = false
                guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir), !isDir.boolValue,
                      let d = FileManager.default.contents(atPath: path), !d.contains(0) else { continue }
                // The bulk corpus files run to megabytes: their first 256 kB (the reference
                // redactor is slow in a debug build).
                out.append((rel, String(decoding: d.prefix(256 << 10), as: UTF8.self)))
            }
        }
        return out
    }()

    /// Every entry point, byte-level against reference: what differs, each naming the input
    /// (empty when all agree).
    static func differences(_ text: String, _ what: String) -> [String] {
        var found: [String] = []
        func check(_ a: String, _ b: String, _ entry: String) {
            guard a != b else { return }
            let d = zip(a.split(separator: "\n", omittingEmptySubsequences: false), b.split(separator: "\n", omittingEmptySubsequences: false))
                .first { $0 != $1 }.map { "new: \($0.0.debugDescription)\nold: \($0.1.debugDescription)" } ?? "(lengths differ)"
            found.append("\(what): \(entry) differs\n\(d)")
        }
        var learnt = Redactor(), reference = Redactor()
        learnt.learn(config: text)
        reference.referenceLearn(config: text)
        if learnt.literals != reference.literals { found.append("\(what): learnt literals differ") }
        check(learnt.redact(anything: text), reference.referenceRedact(anything: text), "redact(anything:)")
        check(learnt.redact(anything: text, source: "processes"), reference.referenceRedact(anything: text, source: "processes"), "redact(anything:) processes")
        check(learnt.redact(log: text), reference.referenceRedact(log: text), "redact(log:)")
        check(learnt.redact(config: text), reference.referenceRedact(config: text), "redact(config:)")
        // What `diagnose --snapshot` does to an output it reads as bytes (SnapshotReader): with
        // the literals of a config learnt (the String way from the byte-level steps on) and
        // without (bytes all the way for a plain text).
        for redactor in [learnt, Redactor()] {
            for source in [nil, "processes", "xfrm-state"] as [String?] {
                let expected = (redactor.literals.isEmpty ? Redactor() : reference).referenceRedact(anything: text, source: source)
                let out = redactor.redact(anything: Array(text.utf8), source: source)
                if !out.elementsEqual(expected.utf8) {
                    check(String(decoding: out, as: UTF8.self), expected, "redact(anything:) on bytes \(source ?? "-") \(redactor.literals.count) literals")
                }
            }
        }
        for kind in [RedactionKind.xfrmKeys, .setkeyKeys, .ipseckeyKeys, .config, .log, .commandLines, .commandOutput] {
            check(learnt.redact(probe: text, kind: kind), reference.referenceRedact(probe: text, kind: kind), "redact(probe:) \(kind)")
        }
        // `parse`: learning and redacting in one reading, against learning, then redacting.
        for (source, path) in Self.parseInputs {
            var once = Redactor(), twice = Redactor()
            let out = once.learnAndRedact(input: text, source: source, path: path)
            twice.referenceLearn(config: text, path: path)
            let expected = path.map { $0.contains("psk.txt") } == true
                ? twice.referenceRedact(config: text, path: path) : twice.referenceRedact(anything: text, source: source)
            check(out, expected, "learnAndRedact(input:) \(source) \(path ?? "stdin")")
            if once.literals != twice.literals { found.append("\(what): literals learnt by learnAndRedact(input:) \(source) \(path ?? "stdin") differ") }
            // The bytes `parse` reads, redacted as bytes (a plain text never made a String).
            var bytes = Redactor()
            let outBytes = bytes.learnAndRedact(input: Array(text.utf8), source: source, path: path)
            if !outBytes.elementsEqual(expected.utf8) {
                check(String(decoding: outBytes, as: UTF8.self), expected, "learnAndRedact(input:) on bytes \(source) \(path ?? "stdin")")
                if String(decoding: outBytes, as: UTF8.self) == expected {
                    found.append("\(what): learnAndRedact(input:) on bytes \(source) \(path ?? "stdin") differs (not valid UTF-8)")
                }
            }
            if bytes.literals != twice.literals { found.append("\(what): literals learnt by learnAndRedact(input:) on bytes \(source) \(path ?? "stdin") differ") }
        }
        return found
    }

    /// One input, on this thread.
    @discardableResult
    func assertSame(_ text: String, _ what: String, file: StaticString = #filePath, line: UInt = #line) -> Bool {
        let found = Self.differences(text, what)
        for f in found { XCTFail(f, file: file, line: line) }
        return found.isEmpty
    }

    /// Many inputs, on every core (the reference redactor is slow in a debug build, and these
    /// tests read every real input of the repository several times): the cases are made first,
    /// in order, so that seeded damage stays the same; failures are reported here, on the test's
    /// thread, the first five in the cases' order.
    func assertSameOnAll(_ cases: [(text: String, what: String)], file: StaticString = #filePath, line: UInt = #line) {
        let found = Mutex([[String]](repeating: [], count: cases.count))
        DispatchQueue.concurrentPerform(iterations: cases.count) { i in
            let d = Self.differences(cases[i].text, cases[i].what)
            found.withLock { $0[i] = d }
        }
        let failed = found.withLock { $0 }.filter { !$0.isEmpty }
        for f in failed.prefix(5).joined() { XCTFail(f, file: file, line: line) }
        if failed.count > 5 { XCTFail("… and \(failed.count - 5) more inputs differ", file: file, line: line) }
    }

    /// `parse SOURCE [FILE]` as it names its input: stdin, a config path, racoon's files.
    static let parseInputs: [(String, String?)] = [
        ("charon-log", nil), ("processes", "/etc/swanctl/swanctl.conf"), ("xfrm-state", "/tmp/psk.txt"),
        ("charon-log", "/etc/racoon/remote.txt"),
    ]

    func testSameRedactionOnEveryRealInput() throws {
        let inputs = Self.inputs
        XCTAssertGreaterThan(inputs.count, 500, "Tests/Fixtures not found")
        assertSameOnAll(inputs.map { (text: $0.text, what: $0.name) })
    }

    /// Tokens that start, end or continue a secret, or change how a line is read.
    static let tokens = [
        "enc ", "auth ", "auth-trunc ", "aead ", "comp ", "0x", "0X", "deadbeef", "DEADBEEF01234567", " 96", "\n", "\n\n", " ", "\t", ":",
        "=", "=>", "::", "\"", "'", "{", "}", "#", ";", "-", "--", "--password ", "-p", "--psk=", "secret", "Secret = ", "psk ",
        "PSK", "key ", "KEY ", "authkey ", "password ", "passphrase", ": PSK ", " : RSA ", ": RSA {", "pin", "EAP", "E: ", "A: ",
        "AKY: ", "EKY:", "AuthKey=", "Encryption key: ", "://", "mysql://u:p@h/db", "-----BEGIN RSA PRIVATE KEY-----",
        "-----END RSA PRIVATE KEY-----", "=> 32 bytes @ 0x7f3a", "  16: 3A 4B 5C 6D", " 3a 4b 5c 6d ", "|", "a4ec1e8f 1b5a0d2e ",
        "\r", "\r\n", "é", "\u{b}", "\u{c}", "\u{85}", "\u{2028}", "\u{ff11}", "K", "\u{212a}", "ſ",
    ]

    private func damage(_ text: String, _ rng: inout SplitMix) -> String {
        var s = Array(text.unicodeScalars)
        for _ in 0..<(1 + Int(rng.next() % 6)) {
            let at = s.isEmpty ? 0 : Int(rng.next() % UInt64(s.count + 1))
            switch rng.next() % 4 {
            case 0 where !s.isEmpty:   // cut a piece out
                let n = min(s.count - min(at, s.count), Int(rng.next() % 40))
                s.removeSubrange(min(at, s.count)..<(min(at, s.count) + n))
            default:
                let t = Self.tokens[Int(rng.next() % UInt64(Self.tokens.count))]
                s.insert(contentsOf: t.unicodeScalars, at: min(at, s.count))
            }
        }
        var out = String.UnicodeScalarView()
        out.append(contentsOf: s)
        return String(out)
    }

    /// Two damaged copies of a window of every real input.
    func testSameRedactionOnDamagedCopies() throws {
        var rng = SplitMix(seed: 0x5ec2_e7ed)
        var cases: [(text: String, what: String)] = []
        for (name, text) in Self.inputs {
            for round in 0..<2 {
                // A window of up to 60 lines, so that damage lands near what it can change.
                let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
                let from = lines.isEmpty ? 0 : Int(rng.next() % UInt64(lines.count))
                let window = lines[from..<min(lines.count, from + 60)].joined(separator: "\n")
                let damaged = damage(window, &rng)
                cases.append((damaged, "\(name), damage round \(round): \(damaged.debugDescription.prefix(400))"))
            }
        }
        assertSameOnAll(cases)
    }

    /// Bytes that make a line not plain, as real outputs hold them: the corpus's console
    /// transcripts carry a `^C` (0x03) before a prompt, reports a UTF-8 name or arrow, pastes
    /// from Windows CRLF, and the others change how the String-level code reads a line.
    static let unplain = ["\u{3}", "é", "→", "\r\n", "\r", "\u{b}", "\u{85}", "\u{2028}", "\u{a0}", "\u{ff11}", "\u{212a}", "\u{7f}"]

    /// A whole real input with one line made not plain (the case that sent the whole text to
    /// the String-level code): the byte-level loops read the other lines, and the output is
    /// the reference's all the same.
    func testSameRedactionWithOneLineNotPlain() throws {
        var rng = SplitMix(seed: 0x0ff1_13e5)
        var cases: [(text: String, what: String)] = []
        for (name, text) in Self.inputs {
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let i = Int(rng.next() % UInt64(lines.count))
            var line = Array(lines[i].unicodeScalars)
            let at = Int(rng.next() % UInt64(line.count + 1))
            line.insert(contentsOf: Self.unplain[Int(rng.next() % UInt64(Self.unplain.count))].unicodeScalars, at: at)
            var view = String.UnicodeScalarView()
            view.append(contentsOf: line)
            lines[i] = String(view)
            cases.append((lines.joined(separator: "\n"), "\(name), line \(i + 1) not plain: \(lines[i].debugDescription.prefix(200))"))
        }
        assertSameOnAll(cases)
    }

    /// Lines that are not plain next to keys and dumps on plain lines, where a value or a
    /// match could run from one kind of line into the other.
    func testMixedLinesAroundSecrets() {
        let plainKeys = ["\tenc cbc(aes) 0xd7a05a7fd43ca211", "\tauth-trunc hmac(sha1) 0x5292bb9d25099ecec68c 96", "enc", "\tcbc(aes) 0xd7a05a7f",
                         "E: 3des-cbc  deadbeef 01234567", "\t01234567 89abcdef", "AKY: 6e2fc0ffee/160", "AuthKey", ": 0123456789abcdef",
                         "secret = \"multi", "line\"", " : PSK \"v\"", "  continued", "-----BEGIN RSA PRIVATE KEY-----", "MIIEabc",
                         "=> 32 bytes @ 0x7f3a", "  16: 3A 4B 5C 6D 7E 8F 90 A1", "--password hunter22 -v", "mysql://u:pw@h/db", ""]
        var rng = SplitMix(seed: 0x0003_c0de)
        var failures = 0
        for round in 0..<2000 where failures < 5 {
            let n = 1 + Int(rng.next() % 8)
            let lines = (0..<n).map { _ -> String in
                let l = plainKeys[Int(rng.next() % UInt64(plainKeys.count))]
                guard rng.next() % 3 == 0 else { return l }
                let u = Self.unplain[Int(rng.next() % UInt64(Self.unplain.count))]
                return rng.next() % 2 == 0 ? l + u : u + l
            }
            let text = lines.joined(separator: "\n")
            if !assertSame(text, "mixed round \(round): \(text.debugDescription)") { failures += 1 }
        }
    }

    /// Random strings of the tokens alone.
    func testSameRedactionOnTokenNoise() throws {
        var rng = SplitMix(seed: 0x0007_0ce5)
        var failures = 0
        for round in 0..<3000 where failures < 5 {
            let n = Int(rng.next() % 24)
            let text = (0..<n).map { _ in Self.tokens[Int(rng.next() % UInt64(Self.tokens.count))] }.joined()
            if !assertSame(text, "noise round \(round): \(text.debugDescription)") { failures += 1 }
        }
    }

    /// The byte-level path is taken at all: plain text with keys in it is redacted without
    /// handing the text to the String-level loops (a byte-level function on non-plain text
    /// returns the reference's output too, so equality alone would not show it).
    func testPlainTextTakesTheByteLevelPath() {
        let plain = "src 192.0.2.1 dst 192.0.2.2\n\tauth-trunc hmac(sha1) 0x5292bb9d25099ecec68c54457ccd06099b4930ac 96\n\tenc cbc(aes) 0xd7a05a7fd43ca211\n"
        XCTAssertTrue(PlainBytes.isPlain(Array(plain.utf8)))
        guard case let .changed(out) = XfrmKeyLines.redact(plain: Array(plain.utf8)) else { return XCTFail("not redacted on bytes") }
        XCTAssertEqual(String(decoding: out, as: UTF8.self),
                       "src 192.0.2.1 dst 192.0.2.2\n\tauth-trunc hmac(sha1) [redacted] 96\n\tenc cbc(aes) [redacted]\n")
        XCTAssertFalse(PlainBytes.isPlain(Array("enc cbc(aes) 0xd7a05a7f\r\n".utf8)), "CR goes to the String-level reading")
        XCTAssertNotNil(SecretGrammar.redact(plain: Array("  secret = hunter22\n".utf8)))
        XCTAssertNil(SecretGrammar.redact(plain: Array("      auth = psk\n    local pre-shared key authentication:\n".utf8)),
                     "no secret: nothing changes")
    }

    /// A text with one line that is not plain is still read line by line on its bytes: the
    /// plain lines' keys go, the other line passes through the String-level reading alone.
    func testOneLineNotPlainKeepsTheByteLevelLoops() {
        let text = "\u{3}#\\[root@road ]#  timedout\n\tenc cbc(aes) 0xd7a05a7fd43ca211\n  16: 3A 4B 5C 6D 7E 8F 90 A1  :K..\n"
        let b = Array(text.utf8)
        XCTAssertFalse(PlainBytes.isPlain(b))
        guard case let .changed(out) = XfrmKeyLines.redact(bytes: b, plain: false) else { return XCTFail("not redacted line by line") }
        XCTAssertEqual(String(decoding: out, as: UTF8.self), "\u{3}#\\[root@road ]#  timedout\n\tenc cbc(aes) [redacted]\n  16: 3A 4B 5C 6D 7E 8F 90 A1  :K..\n")
        XCTAssertEqual(KeyDumps.redact(bytes: b, plain: false).map { String(decoding: $0, as: UTF8.self) },
                       "\u{3}#\\[root@road ]#  timedout\n\tenc cbc(aes) 0xd7a05a7fd43ca211\n  16 [redacted]\n")
        // A keyword last on a line that is not plain: the expression itself reads the text.
        guard case .acrossLines = XfrmKeyLines.redact(bytes: Array("\tenc\u{a0}\n cbc(aes) 0xd7a05a7f\n".utf8), plain: false) else {
            return XCTFail("a match over the line end must go to the expression")
        }
    }

    /// Learning and redacting in one walk: a config line a key dump changed is learnt as it
    /// was (the reference learns from the text before the dumps go).
    func testLearningReadsTheTextBeforeTheDumps() {
        let text = "secret = 0a1b 2c3d 4e5f 6a7b 8c9d\nleft=%any\nleftsubnet=10.0.0.0/8 # 0a1b 2c3d 4e5f 6a7b 8c9d\n"
        var once = Redactor(), twice = Redactor()
        let out = once.learnAndRedact(anything: text)
        twice.referenceLearn(config: text)
        XCTAssertEqual(out, twice.referenceRedact(anything: text))
        XCTAssertEqual(once.literals, twice.literals)
        XCTAssertTrue(once.literals.contains("0a1b 2c3d 4e5f 6a7b 8c9d"), "\(once.literals)")
    }
}
