import Facts
import Foundation
import Parsers
@testable import Probes
import XCTest

/// The redactor on real outputs: keys, PSKs and private keys go, everything a diagnosis reads stays.
final class RedactorTests: XCTestCase {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    static let real = repo + "/Tests/Fixtures/real"

    func text(_ rel: String) throws -> String {
        let path = Self.real + "/" + rel
        guard let d = FileManager.default.contents(atPath: path) else { throw XCTSkip("fixture \(rel) missing") }
        return String(decoding: d, as: UTF8.self)
    }

    func testXfrmStateKeysGoAlgorithmsAndLengthsStay() throws {
        let raw = try text("xfrm-state/seed004-ip-xfrm-state-anti-replay-context.txt")
        let red = Redactor().redact(probe: raw, source: "xfrm-state")
        for key in ["5292bb9d25099ecec68c54457ccd06099b4930ac", "d7a05a7fd43ca2110b90e151ec55883c4623f86905178cb9eed5d42e328d31bf",
                    "059d0c7ee4a0a1cbbba3efc33aa779abaf8fa0ed", "66085742da59ccb01e6c7702675ca6fc7876ede803883ad519ecc805327d97d0"] {
            XCTAssertFalse(red.contains(key), "key \(key) left in:\n\(red)")
        }
        XCTAssertTrue(red.contains("\tauth-trunc hmac(sha1) [redacted] 96"), red)
        XCTAssertTrue(red.contains("\tenc cbc(aes) [redacted]"), red)
        XCTAssertTrue(red.contains("proto esp spi 0x6e45ab4b reqid 16417 mode tunnel"), "SPIs and reqids stay")
        // The parser reads the redacted output to the same records, keys aside.
        let parser = try XCTUnwrap(ParserRegistry.parser(named: "xfrm-state"))
        let a = parser.parse(raw), b = parser.parse(red)
        XCTAssertEqual(a.records.count, b.records.count)
        XCTAssertEqual(b.unparsed.count, a.unparsed.count, "\(b.unparsed)")
        XCTAssertEqual(a.records.map { $0["spi"] }, b.records.map { $0["spi"] })
        XCTAssertEqual(a.records.map { $0["reqid"] }, b.records.map { $0["reqid"] })
    }

    func testEveryRealXfrmStateLosesItsHexKeys() throws {
        let dir = Self.real + "/xfrm-state"
        let keyLine = try NSRegularExpression(pattern: #"^\s*(enc|auth|auth-trunc|aead)\s+\S+\s+0x[0-9a-fA-F]{8,}"#, options: [.anchorsMatchLines])
        for name in try FileManager.default.contentsOfDirectory(atPath: dir) {
            let red = Redactor().redact(probe: try text("xfrm-state/" + name), source: "xfrm-state")
            XCTAssertNil(keyLine.firstMatch(in: red, range: NSRange(red.startIndex..., in: red)), "\(name):\n\(red)")
        }
    }

    func testSwanctlSecretsGo() throws {
        let dir = Self.real + "/swanctl-conf"
        let secretLine = try NSRegularExpression(pattern: #"^\s*secret\s*=\s*(.*)$"#, options: [.anchorsMatchLines])
        var checked = 0
        for name in try FileManager.default.contentsOfDirectory(atPath: dir).sorted() {
            let raw = try text("swanctl-conf/" + name)
            var r = Redactor()
            r.learn(config: raw)
            let red = r.redact(config: raw)
            let ns = raw as NSString
            for m in secretLine.matches(in: raw, range: NSRange(location: 0, length: ns.length)) {
                var v = ns.substring(with: m.range(at: 1)).trimmingCharacters(in: .whitespaces)
                if v.count > 2, v.first == "\"" || v.first == "'" { v = String(v.dropFirst().dropLast()) }
                XCTAssertFalse(red.contains(v), "\(name): secret \(v) left in")
                checked += 1
            }
            XCTAssertEqual(red.components(separatedBy: "\n").count, raw.components(separatedBy: "\n").count, "line count kept")
            // What the parser makes of connections does not change.
            let parser = try XCTUnwrap(ParserRegistry.parser(named: "swanctl-conf"))
            let conns = { (t: String) in parser.parse(t).records.filter { $0["kind"]?.stringValue != "secret" }.count }
            XCTAssertEqual(conns(raw), conns(red), name)
        }
        XCTAssertGreaterThan(checked, 5, "the real swanctl.conf files hold secrets to test on")
        let lab = "secrets {\n  ike-lab {\n    id-local = gw-a.lab.test\n    secret = \"lab-psk-a1b2c3\"\n  }\n}\n"
        var r = Redactor()
        r.learn(config: lab)
        XCTAssertFalse(r.redact(config: lab).contains("lab-psk-a1b2c3"))
        XCTAssertTrue(r.redact(config: lab).contains("secret = [redacted]"))
        XCTAssertEqual(r.scrub("charon: 07[CFG] PSK lab-psk-a1b2c3 loaded"), "charon: 07[CFG] PSK [redacted] loaded")
    }

    /// strongswan.conf and its strongswan.d includes: the eap-radius `secret` (top level, `dae`,
    /// `servers.<name>`) goes, what the strongswan-conf source reads (ports, load, servers'
    /// addresses) stays, and the parser's records hold no secret either.
    func testStrongswanConfSecretsGo() throws {
        let moon = try text("strongswan-conf/ikev2_rw-eap-md5-radius_moon.txt")
        XCTAssertTrue(moon.contains("secret = gv6URkSs"), "the real file holds the secret tested here")
        let plugin = try String(contentsOfFile: Self.repo + "/Tests/Fixtures/secrets/root/etc/strongswan.d/charon/eap-radius.conf", encoding: .utf8)
        let parser = try XCTUnwrap(ParserRegistry.parser(named: "strongswan-conf"))
        for (name, raw, secrets) in [("moon", moon, ["gv6URkSs"]),
                                     ("eap-radius.conf", plugin, ["debian-radius-Qn58Tw", "dae-secret-Wr36Lp", "radius-backup-Hz74Km"])] {
            var r = Redactor()
            r.learn(config: raw)
            let red = r.redact(config: raw)
            for secret in secrets {
                XCTAssertFalse(red.contains(secret), "\(name): \(secret) left in by collect's redaction")
                XCTAssertFalse(r.scrub("charon: 05[CFG] loaded RADIUS secret \(secret)").contains(secret), name)
                let records = "\(parser.parse(raw).json)"
                XCTAssertFalse(records.contains(secret), "\(name): \(secret) in the parser's records")
            }
            XCTAssertEqual(red.components(separatedBy: "\n").count, raw.components(separatedBy: "\n").count, "line count kept")
            XCTAssertEqual(parser.parse(raw).records.count, parser.parse(red).records.count, "\(name): the same settings after redaction")
        }
        var r = Redactor()
        r.learn(config: plugin)
        let red = r.redact(config: plugin)
        XCTAssertTrue(red.contains("address = 192.0.2.61"), "the servers' addresses stay")
        XCTAssertTrue(red.contains("load = yes"), "load stays")
    }

    func testIpsecSecretsAndPrivateKeys() {
        let secrets = """
        # /etc/ipsec.secrets
        192.0.2.1 192.0.2.2 : PSK "v3ry-s3cret-psk"
        : RSA moonKey.pem "key-passphrase-1"
        : RSA plainKey.pem
        carol : EAP "carol-eap-pw"
        joe : XAUTH "joe-xauth-pw"
        @west @east : PSK 0sKJGHkhgkjhgkjh=
        : RSA {
            Modulus: 0xabcdef0123456789
            PrivateExponent: 0x0123456789abcdef
        }
        -----BEGIN RSA PRIVATE KEY-----
        MIIEpAIBAAKCAQEAx
        -----END RSA PRIVATE KEY-----
        conn x
            authby=secret
            leftsubnet=10.1.0.0/24
        """
        var r = Redactor()
        r.learn(config: secrets)
        let red = r.redact(config: secrets)
        for s in ["v3ry-s3cret-psk", "key-passphrase-1", "carol-eap-pw", "joe-xauth-pw", "0sKJGHkhgkjhgkjh=", "0xabcdef0123456789",
                  "0x0123456789abcdef", "MIIEpAIBAAKCAQEAx"] {
            XCTAssertFalse(red.contains(s), "\(s) left in:\n\(red)")
        }
        XCTAssertTrue(red.contains(": RSA plainKey.pem"), red)
        XCTAssertTrue(red.contains(": RSA moonKey.pem [redacted]"), red)
        XCTAssertTrue(red.contains("authby=secret"), "authby=secret is a method, not a secret:\n\(red)")
        XCTAssertTrue(red.contains("-----BEGIN RSA PRIVATE KEY-----"), red)
        XCTAssertTrue(red.contains("leftsubnet=10.1.0.0/24"))
        XCTAssertTrue(red.contains("192.0.2.1 192.0.2.2 : PSK \"[redacted]\""), red)
    }

    func testCharonKeyDumpsGo() {
        let log = """
        Nov 23 19:40:01 09[IKE] <lab|1> Sk_ei secret => 16 bytes @ 0x7f
        Nov 23 19:40:01 09[IKE] <lab|1>    0: 3A 4B 5C 6D 7E 8F 90 A1 B2 C3 D4 E5 F6 07 18 29  :K\\m~.....
        Nov 23 19:40:01 09[IKE] <lab|1> IKE_SA lab[1] established between 192.0.2.1[gw-a]...192.0.2.2[gw-b]
        """
        let red = Redactor().redact(log: log)
        XCTAssertFalse(red.contains("3A 4B 5C"), red)
        XCTAssertTrue(red.contains("IKE_SA lab[1] established"), red)
    }

    /// racoon's `plogdump` (ipsec-tools oakley.c: `psk: ` then the key, 4-byte words, a
    /// short last word): a 13-byte PSK ends in one pair after three words, and every byte goes.
    func testRacoonPskDumpGoesWhateverItsLength() {
        let log = """
        2006-08-08 01:42:09: DEBUG: the psk found.
        2006-08-08 01:42:09: DEBUG: psk: 
        2006-08-08 01:42:09: DEBUG: 
        68756e74 65723273 65637265 74
        2006-08-08 01:42:09: INFO: ISAKMP-SA established 192.0.2.1[500]-192.0.2.2[500] spi:f2a7e8c2b7a0c4e1:9d8f6a8d6b3c4e7f
        """
        for red in [Redactor().redact(log: log), Redactor().referenceRedact(log: log)] {
            for word in ["68756e74", "65723273", "65637265"] { XCTAssertFalse(red.contains(word), red) }
            XCTAssertTrue(red.contains("ISAKMP-SA established 192.0.2.1[500]-192.0.2.2[500]"), red)
        }
    }

    func testSetkeyKeysGo() throws {
        let dir = Self.real + "/setkey-D"
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { throw XCTSkip("no setkey-D fixtures") }
        let keyLine = try NSRegularExpression(pattern: #"^\s*[EA]:\s+\S+\s+[0-9a-f]{8}\s"#, options: [.anchorsMatchLines])
        for name in names {
            let red = Redactor().redact(probe: try text("setkey-D/" + name), source: "setkey-D")
            XCTAssertNil(keyLine.firstMatch(in: red, range: NSRange(red.startIndex..., in: red)), "\(name):\n\(red)")
        }
        let live = "192.0.2.1 192.0.2.2\n\tesp mode=tunnel spi=3(0x00000003) reqid=1(0x00000001)\n\tE: aes-cbc  3a8f21c4 0b9d77e1 11223344 55667788\n\tA: hmac-sha1  99aabbcc ddeeff00 11223344 55667788 99aabbcc\n\tseq=0x00000000 replay=4 flags=0x00000000 state=mature\n"
        let red = Redactor().redact(probe: live, source: "setkey-D")
        XCTAssertFalse(red.contains("3a8f21c4") || red.contains("99aabbcc"), red)
        XCTAssertTrue(red.contains("E: aes-cbc  [redacted]") && red.contains("A: hmac-sha1  [redacted]"), red)
    }

    /// iked.conf(5) MACROS: `psk $k` takes its key from `k = "..."`, a name that says nothing;
    /// the value goes, through a chain of macros, and a macro naming itself ends the search.
    func testAPskGivenByAMacroGoesWhateverTheMacroIsCalled() {
        let conf = """
        k = "q7-macro-psk-value"
        site = "$k"
        loop = "$loop"
        ext_if = "em0"
        ikev2 "a" active esp from 10.0.0.0/24 to 10.1.0.0/24 peer 192.0.2.1 psk $site
        ikev2 "b" active esp from 10.0.0.0/24 to 10.2.0.0/24 peer 192.0.2.2 psk $loop
        """
        var r = Redactor()
        r.learn(config: conf, path: "/etc/iked.conf")
        let red = r.redact(config: conf, path: "/etc/iked.conf")
        XCTAssertFalse(red.contains("q7-macro-psk-value"), red)
        XCTAssertTrue(red.contains(#"ext_if = "em0""#), "a macro that is no secret stays: \(red)")
        var p = Redactor()
        let printed = String(decoding: p.learnAndRedact(input: Array(conf.utf8), source: "charon-log", path: "/tmp/x.conf"), as: UTF8.self)
        XCTAssertFalse(printed.contains("q7-macro-psk-value"), printed)
    }

    /// A key assembled from macros (`psk $a$b`, `psk "$a-$b"`, `k = "x9$a"`): every part goes,
    /// whether or not the daemon's lexer would expand it (a part of a key is key material).
    func testAKeyAssembledFromMacrosGoesPartByPart() {
        let conf = """
        a = "Sup3rS3cr"
        b = "etTail99"
        c = "third-part"
        k = "prefix$c"
        ikev2 "t" active esp from 10.1.0.0/24 to 10.2.0.0/24 peer 192.0.2.2 psk $a$b
        ikev2 "u" active esp from 10.1.0.0/24 to 10.3.0.0/24 peer 192.0.2.3 psk $k
        """
        var r = Redactor()
        r.learn(config: conf, path: "/etc/iked.conf")
        let red = r.redact(config: conf, path: "/etc/iked.conf")
        for part in ["Sup3rS3cr", "etTail99", "third-part", "prefix"] { XCTAssertFalse(red.contains(part), "\(part): \(red)") }
        var p = Redactor()
        let printed = String(decoding: p.learnAndRedact(input: Array(conf.utf8), source: "charon-log", path: "/tmp/iked.conf"), as: UTF8.self)
        for part in ["Sup3rS3cr", "etTail99", "third-part"] { XCTAssertFalse(printed.contains(part), "\(part): \(printed)") }
    }
}


/// `ipseckey dump` prints each key on its own `AKY:`/`EKY:` line (format from illumos
/// usr/src/lib/libipsecutil/common/ipsec_util.c, dump_key: prefix, hex, "/" and the bit count);
/// no real dump with keys was found to use instead, so the line is built from that format.
final class IpseckeyRedactionTests: XCTestCase {
    func testKeyValueLinesGoDescriptionsStay() {
        let text = "AKY: Authentication key.\nAKY: 6a7b1c2d3e4f5a6b7c8d9e0f1a2b3c4d/128\nEKY: Encryption key.\nEKY: 00112233445566778899aabbccddeeff/128\n"
        let out = Redactor.ipseckeyKeys(text)
        XCTAssertFalse(out.contains("6a7b1c2d3e4f5a6b7c8d9e0f1a2b3c4d"), out)
        XCTAssertFalse(out.contains("00112233445566778899aabbccddeeff"), out)
        XCTAssertTrue(out.contains("AKY: Authentication key."), out)
        XCTAssertTrue(out.contains("EKY: Encryption key."), out)
    }

    /// `-p` takes a password (`sshpass -p X`); `-P` is a policy or a port and stays, in a
    /// process listing and in any other text.
    func testUpperCasePIsNoPasswordOption() {
        let r = Redactor()
        let setkey = "spdadd 10.246.38.0/24 10.0.0.0/24 any -P out ipsec esp/tunnel/172.16.5.4-192.168.1.12/use;\n"
        XCTAssertEqual(r.redact(anything: setkey), setkey)
        XCTAssertEqual(r.redact(config: setkey), setkey)
        XCTAssertEqual(r.redact(anything: "-P INPUT DROP\n"), "-P INPUT DROP\n")
        XCTAssertEqual(r.redact(probe: "1234 mysql mysql -h db -P 3306 -u root\n", kind: .commandLines), "1234 mysql mysql -h db -P 3306 -u root\n")
        XCTAssertEqual(r.redact(probe: "1234 sshpass sshpass -p hunter22 ssh gw\n", kind: .commandLines), "1234 sshpass sshpass -p [redacted] ssh gw\n")
    }

}
