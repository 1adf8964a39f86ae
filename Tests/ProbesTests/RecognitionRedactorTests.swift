import Foundation
@testable import Probes
import XCTest

/// Redaction by recognition: each form a secret takes in the daemons' grammars goes, and what a
/// diagnosis reads (methods, ids, file names, SPIs, algorithms) stays. The whole corpus runs
/// through the command line in SecretsCorpusTests; these pin each rule.
final class RecognitionRedactorTests: XCTestCase {
    func redactConfig(_ text: String, path: String? = nil) -> (String, Redactor) {
        var r = Redactor()
        r.learn(config: text, path: path)
        return (r.redact(config: text, path: path), r)
    }

    func testSecretsEntriesInEveryForm() {
        let text = """
        "C=CH, O=Org, CN=carol" : PSK "dn-psk-Tz41"
        @moon : psk "lower-Jx82"
        10.9.9.9 : PSK "Zq7x"
        @west @east : PPKS "PPK_ID_1" "ppks-Ux47"
        @road : PSK
        \t"continued-Rb83"
        10.7.7.7 : PSK "first-Ns56
        second-Dp71"
        : ECDSA ecKey.pem unquoted-Qm55
        # : PSK "commented-Wc94"
        conn x
        \tauthby=secret
        """
        let (out, r) = redactConfig(text)
        for s in ["dn-psk-Tz41", "lower-Jx82", "Zq7x", "ppks-Ux47", "continued-Rb83", "first-Ns56", "second-Dp71", "unquoted-Qm55", "commented-Wc94"] {
            XCTAssertFalse(out.contains(s), "\(s) left in:\n\(out)")
        }
        XCTAssertTrue(out.contains("\"C=CH, O=Org, CN=carol\" : PSK \"[redacted]\""), out)
        XCTAssertTrue(out.contains(": ECDSA ecKey.pem [redacted]"), out)
        XCTAssertTrue(out.contains("authby=secret"), out)
        XCTAssertTrue(out.contains("conn x"), out)
        XCTAssertTrue(r.literals.contains("dn-psk-Tz41") && r.literals.contains("second-Dp71"), "\(r.literals)")
        // A short PSK is scrubbed as a word, never inside another word.
        XCTAssertEqual(r.scrub("PSK Zq7x used; Zq7xy stays"), "PSK [redacted] used; Zq7xy stays")
    }

    func testSettingsSyntax() {
        let text = """
        secrets {
            ike-oneline { id = x.example secret = oneline-Pt92 }
            ike-upper {
                SECRET = "upper-Gm46"
            }
            ike-multi {
                secret = "multi-first-Av19
        multi-second-Qe84"
            }
            token-card {
                pin = 864209
            }
        }
        charon.plugins.eap-radius.nas_secret = dotted-Dm74
        sql { database = mysql://ipsec:uri-pass-Nd61@127.0.0.1/ipsec }
        connections { gw { local { auth = psk } } }
        """
        let (out, _) = redactConfig(text)
        for s in ["oneline-Pt92", "upper-Gm46", "multi-first-Av19", "multi-second-Qe84", "864209", "dotted-Dm74", "uri-pass-Nd61"] {
            XCTAssertFalse(out.contains(s), "\(s) left in:\n\(out)")
        }
        XCTAssertTrue(out.contains("mysql://ipsec:[redacted]@127.0.0.1/ipsec"), out)
        XCTAssertTrue(out.contains("auth = psk } } }"), out)
        XCTAssertTrue(out.contains("ike-oneline { id = x.example secret = [redacted] }"), out)
        XCTAssertEqual(out.components(separatedBy: "\n").count, text.components(separatedBy: "\n").count)
    }

    func testOpenBSDIllumosAndRacoonForms() {
        let bsd = """
        mypsk = "macro-Ld64"
        ike esp from 192.0.2.0/24 to any peer 203.0.113.2 psk "bsd-Mx15"
        esp from 192.0.2.14 to 192.0.2.100 spi 0x4ff43e5c:0x7e87c8d0 authkey 0x9c1d3e5f:0x2468ace0 enckey 0x1357acef:0x0f1e2d3c
        {
        \tlocalid 192.0.2.1
        \tkey 696c6c756d6f73
        }
        add esp spi 0x2112 dst 192.0.2.2 encr_alg aes encrkey 697073656e63 auth_alg sha256 authkey 6970736561
        """
        let (out, _) = redactConfig(bsd)
        for s in ["macro-Ld64", "bsd-Mx15", "0x9c1d3e5f", "0x1357acef", "696c6c756d6f73", "697073656e63", "6970736561"] {
            XCTAssertFalse(out.contains(s), "\(s) left in:\n\(out)")
        }
        XCTAssertTrue(out.contains("spi 0x4ff43e5c:0x7e87c8d0"), "SPIs stay:\n\(out)")
        XCTAssertTrue(out.contains("localid 192.0.2.1"), out)
        let psk = "# racoon\n10.160.94.3\tracoon-Ep62\nfoo@kame.net racoon-Tq19\n"
        let (r, _) = redactConfig(psk, path: "/etc/racoon/psk.txt")
        XCTAssertFalse(r.contains("racoon-Ep62") || r.contains("racoon-Tq19"), r)
        XCTAssertTrue(r.contains("10.160.94.3 [redacted]") && r.contains("foo@kame.net [redacted]"), r)
    }

    func testPEMWithoutEndLine() {
        let text = "note\n-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIPasted\nAwEHoUQDQgAE\n"
        let out = Redactor().redact(log: text)
        XCTAssertFalse(out.contains("MHcCAQEEIPasted") || out.contains("AwEHoUQDQgAE"), out)
        XCTAssertTrue(out.contains("-----BEGIN EC PRIVATE KEY-----"), out)
    }

    /// charon's `%B` dumps in three log forms, whatever the header says.
    func testKeyDumpsWhateverTheHeaderInEveryLogForm() {
        let log = """
        Nov 23 19:40:35 09[IKE] <gw|1> a header nobody listed => 20 bytes @ 0x7f3a5c008699
        Nov 23 19:40:35 09[IKE] <gw|1>    0: 84 94 5F 76 4B 73 5F 42 24 6D 96 0F DC 40 07 8D  .._vKs_B$m...@..
        Nov 23 19:40:35 09[IKE] <gw|1>   16: 4B 2B 86 E6                                      K+..
        Nov 23 19:40:35 moon charon: 09[CHD] <gw|1> initiator SA seed => 4 bytes @ 0x7f
        Nov 23 19:40:35 moon charon: 09[CHD] <gw|1>    0: A1 B2 C3 D4                                      ....
        Nov 23 19:43:01 moon charon-systemd[777]: 09[IKE] <gw|2> encryption responder key => 16 bytes @ 0x55d0
                                                      0: 11 22 33 44 55 66 77 88 99 AA BB CC DD EE FF 01  ."3DUfw.........
        Nov 23 19:41:02 west pluto[4242]: | SKEYSEED:
        Nov 23 19:41:02 west pluto[4242]: |   b0 28 d0 d1  2a 6b ae 4f  3c 4f 26 c6  95 fd 92 d5   .(..*k.O<O&.....
        Nov 23 19:41:02 west pluto[4242]: |   44 d8                                                D.
        Nov 23 19:42:10 gw racoon: DEBUG: SKEYID computed:
        Nov 23 19:42:10 gw racoon: DEBUG: 
        a4ec1e8f 1b5a0d2e 3f4e5d6c 7b8a9f0e
        9cab6e4c
        Nov 23 19:40:35 09[IKE] <gw|1> CHILD_SA net{1} established with SPIs c1a2b3c4_i c5d6e7f8_o and TS 10.1.0.0/16 === 10.2.0.0/16
        """
        let out = Redactor().redact(log: log)
        for s in ["84 94 5F", "4B 2B 86", "A1 B2 C3", "11 22 33", "b0 28 d0", "44 d8", "a4ec1e8f", "9cab6e4c", "vKs_B"] {
            XCTAssertFalse(out.contains(s), "\(s) left in:\n\(out)")
        }
        XCTAssertTrue(out.contains("CHILD_SA net{1} established with SPIs c1a2b3c4_i c5d6e7f8_o and TS 10.1.0.0/16 === 10.2.0.0/16"), out)
        XCTAssertTrue(out.contains("a header nobody listed => 20 bytes"), out)
        XCTAssertEqual(out.components(separatedBy: "\n").count, log.components(separatedBy: "\n").count)
    }

    func testIpseckeySaltAndProcesses() {
        let dump = "EKY: Encryption key.\nEKY: 69707365636b6579456e63[73616c74]/128+32\n"
        let out = Redactor().redact(probe: dump, source: "ipseckey-dump")
        XCTAssertFalse(out.contains("69707365") || out.contains("73616c74"), out)
        let ps = """
            PID COMMAND         COMMAND
            812 charon          /usr/lib/ipsec/charon --debug-ike 4
            900 backupd         /usr/local/bin/backupd --db-password=dbpass-Hw74 --verbose
            901 exporter        /usr/bin/exporter --api-token token-Kq39 --listen :9100
            903 mysql           mysql -uroot -pmysql-Mz86 ipsec
            904 helper          /usr/bin/helper --import MHcCAQEEIPastedKeyBodyQx83Zv0oAoGCCqGSM49AwEH /etc/ipsec.d/cacerts/ca.pem
        """
        let p = Redactor().redact(probe: ps, source: "processes")
        for s in ["dbpass-Hw74", "token-Kq39", "mysql-Mz86", "PastedKeyBody"] { XCTAssertFalse(p.contains(s), "\(s) left in:\n\(p)") }
        XCTAssertTrue(p.contains("/etc/ipsec.d/cacerts/ca.pem"), "paths stay:\n\(p)")
        XCTAssertTrue(p.contains("/usr/lib/ipsec/charon --debug-ike 4"), p)
        XCTAssertTrue(p.contains("/usr/local/bin/backupd --db-password=[redacted] --verbose"), p)
        XCTAssertTrue(p.contains("--listen :9100"), p)
    }

    /// Default deny: collect lists a config file of a type it does not know instead of copying it.
    func testCollectListsAConfigOfUnknownTypeInsteadOfCopyingIt() throws {
        let dir = NSTemporaryDirectory() + "ipsec-doctor-deny-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let outputs = [
            ProbeOutput(name: "odd", source: nil, kind: .config, command: ["read", "/etc/ipsec.d/keys.db"], text: "raw-secret-Zz11",
                        stderr: nil, state: .ok, reason: nil, seconds: 0, path: "/etc/ipsec.d/keys.db"),
            ProbeOutput(name: "swanctl-conf", source: "swanctl-conf", kind: .config, command: ["read", "/etc/swanctl/swanctl.conf"],
                        text: "secrets {\n ike-a {\n  secret = known-Yy22\n }\n}\n", stderr: nil, state: .ok, reason: nil, seconds: 0,
                        path: "/etc/swanctl/swanctl.conf"),
        ]
        let c = Collector(out: dir, includeSecrets: false, version: "test")
        try c.prepare()
        _ = try c.write(outputs, host: HostInfo(os: "linux", release: "6", hostname: "h", uid: 0, user: "root"))
        let manifest = try String(contentsOfFile: dir + "/manifest.json", encoding: .utf8)
        XCTAssertTrue(manifest.contains("not copied: /etc/ipsec.d/keys.db"), manifest)
        let files = try FileManager.default.subpathsOfDirectory(atPath: dir)
        XCTAssertFalse(files.contains { $0.contains("keys.db") }, "\(files)")
        let swanctl = try String(contentsOfFile: dir + "/configs/etc_swanctl_swanctl.conf", encoding: .utf8)
        XCTAssertFalse(swanctl.contains("known-Yy22"), swanctl)
    }

    /// `collect --log /etc/iked.conf` (any file may be given as a log): a `psk $k` whose key is a
    /// macro defined in the same file left the macro's line as it was; its value goes, and so
    /// does each part of a key assembled from macros, in that file and in the files after it.
    func testCollectOfALogThatDefinesAMacroPskRedactsTheMacrosValue() throws {
        let dir = NSTemporaryDirectory() + "ipsec-doctor-macro-log-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let iked = """
        k = "q7-macro-psk-value"
        a = "Sup3rS3cr"
        b = "etTail99"
        ikev2 "a" active esp from 10.0.0.0/24 to 10.1.0.0/24 peer 192.0.2.1 psk $k
        ikev2 "t" active esp from 10.1.0.0/24 to 10.2.0.0/24 peer 192.0.2.2 psk $a$b

        """
        let outputs = [
            ProbeOutput(name: "log:/tmp/iked.conf", source: nil, kind: .log, command: ["read", "/tmp/iked.conf"], text: iked,
                        stderr: nil, state: .ok, reason: nil, seconds: 0, path: "/tmp/iked.conf"),
            ProbeOutput(name: "log:/tmp/echo.log", source: nil, kind: .log, command: ["read", "/tmp/echo.log"],
                        text: "iked[1]: loaded key q7-macro-psk-value\n", stderr: nil, state: .ok, reason: nil, seconds: 0, path: "/tmp/echo.log"),
        ]
        let c = Collector(out: dir, includeSecrets: false, version: "test")
        try c.prepare()
        _ = try c.write(outputs, host: HostInfo(os: "linux", release: "6", hostname: "h", uid: 0, user: "root"))
        let written = try FileManager.default.subpathsOfDirectory(atPath: dir).filter { $0.hasPrefix("logs/") && $0.hasSuffix(".log") }
        XCTAssertEqual(written.count, 2, "\(written)")
        for f in written {
            let text = try String(contentsOfFile: dir + "/" + f, encoding: .utf8)
            for s in ["q7-macro-psk-value", "Sup3rS3cr", "etTail99"] { XCTAssertFalse(text.contains(s), "\(s) left in \(f):\n\(text)") }
        }
    }

    /// A daemon's message that names PSK or a key as a word keeps its words (the real pfSense
    /// responder line below is the evidence of an exchange-mode mismatch); a value still goes.
    func testDaemonMessagesKeepTheirWords() {
        let r = Redactor()
        let line = "charon: 13[IKE] Aggressive Mode PSK disabled for security reasons"
        XCTAssertEqual(r.redact(anything: line, source: "charon-log"), line)
        XCTAssertEqual(r.redact(anything: "no PSK found for 'a' - 'b'", source: "charon-log"), "no PSK found for 'a' - 'b'")
        let conf = r.redact(anything: "ike esp from 10.0.0.0/24 to 10.1.0.0/24 peer 192.0.2.2 psk mysecret123", source: nil)
        XCTAssertFalse(conf.contains("mysecret123"), conf)
    }
}
