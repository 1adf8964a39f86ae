import XCTest
import Facts
@testable import Parsers

/// Kinds found by held-out batch 14 of the real-report set (Tests/Fixtures/reports/README.md): an
/// IKE daemon that dies or gives up in forms the crash lines did not cover (Libreswan 4.x/5.x
/// `FATAL: ASSERTION FAILED`, pluto's `FATAL ERROR:`, its start-up self-test failing, the kernel
/// audit's ANOM_ABEND, charon and charon-nm giving up their start), and tools that needed the
/// daemon and found none (whack and libipsecconf relayed by NetworkManager, NetworkManager unable
/// to execute charon-nm, swanctl and stroke). Lines are the reports' own, cited per case.
final class DaemonDeathAndAbsenceTests: XCTestCase {
    /// libreswan#1672: pluto's own log file; FATAL ERROR then a 4.x/5.x failed assertion.
    func testPlutoFatalErrorAndNewAssertionPrefix() throws {
        let text = try report("libreswan-1672-pluto-start-unbound-old-kernel")
        XCTAssertEqual(LogRecognition.sniff(text)?.source, "pluto-log")
        let r = parse("pluto-log", text)
        XCTAssertEqual(r.records.compactMap { $0.str("event") }, ["daemon_crashed", "daemon_crashed"])
        XCTAssertEqual(logFacts("pluto-log", text)["log.system.daemon_crashed"]?.value, .bool(true))
        // "FATAL ERROR:" counts only as pluto's own line: typed alone, or printed by the ipsec
        // script (`ipsec initnss`), it is not pluto's death
        XCTAssertNil(parse("pluto-log", "FATAL ERROR: NSS database already initialised - aborted").records.first?.str("event"))
        // a restart after it is history
        let restarted = text + "\nMar 28 19:20:00.000001: Starting Pluto (Libreswan Version 5.0 IKEv2 IKEv1 XFRM) pid:20500"
        XCTAssertEqual(logFacts("pluto-log", restarted)["log.system.daemon_crashed"]?.value, .bool(false))
    }

    /// libreswan#334: pluto's start-up self-test of AES_GCM fails (NSS 3.52); it asserts each
    /// result, so the failed vector is its end even where the ABORT line was not pasted.
    func testSelfTestFailureAbortsPluto() throws {
        let text = try report("libreswan-334-nss-abi-selftest-aead-failed")
        let r = parse("pluto-log", text)
        let failed = r.records.filter { $0.str("event") == "daemon_crashed" }.compactMap { $0.recordLine }
        XCTAssertEqual(failed, [4, 5])
        XCTAssertEqual(logFacts("pluto-log", text)["log.system.daemon_crashed"]?.value, .bool(true))
        // a self-test that passes, and a failure after the tests ended, are no crash
        let passing = """
            May  3 14:06:20.349410: testing AES_GCM_16:
            May  3 14:06:20.349413:   empty string
            May  3 14:06:20.349452:   one block
            May  3 14:06:20.349500: starting up 3 crypto helpers
            May  3 14:07:00.000001: "lab" #1: NSS: AEAD decryption using AES_GCM_16_128 and PK11_Decrypt() failed (SECERR: -8190 (0xffffe002): security library: bad database.)
            """
        XCTAssertEqual(logFacts("pluto-log", passing)["log.system.daemon_crashed"]?.value, .bool(false))
    }

    /// libreswan#342: the kernel audit's record of pluto's abnormal end, and NetworkManager
    /// relaying whack and libipsecconf finding no pluto.
    func testAuditAbendAndWhackRelayedByNetworkManager() throws {
        let text = try report("libreswan-342-nss-abi-abort-networkmanager-whack")
        XCTAssertEqual(LogRecognition.sniff(text)?.source, "pluto-log")
        let r = parse("pluto-log", text)
        XCTAssertTrue(r.unparsed.isEmpty, "\(r.unparsed)")
        XCTAssertEqual(r.records.compactMap { $0.str("event") }, ["daemon_crashed", "daemon_absent", "daemon_absent"])
        let f = logFacts("pluto-log", text)
        XCTAssertEqual(f["log.system.daemon_crashed"]?.value, .bool(true))
        XCTAssertEqual(f["log.system.daemon_absent"]?.value, .bool(true))
        // the same record from the kernel and from audit.log; another program's, or a signal
        // that is no fault, is none
        for line in ["[ 4074.33] audit: type=1701 audit(1589990923.123:456): auid=4294967295 uid=0 gid=0 ses=4294967295 pid=3087 comm=\"pluto\" exe=\"/usr/libexec/ipsec/pluto\" sig=11 res=1",
                     "type=ANOM_ABEND msg=audit(1589990923.123:456): auid=4294967295 uid=0 gid=0 ses=4294967295 pid=3087 comm=\"pluto\" exe=\"/usr/libexec/ipsec/pluto\" sig=6 res=1"] {
            XCTAssertEqual(parse("pluto-log", line).records.first?.str("event"), "daemon_crashed", line)
        }
        XCTAssertNil(parse("pluto-log", "May 20 18:08:43 host audit[77]: ANOM_ABEND auid=0 uid=0 gid=0 ses=1 pid=77 comm=\"sshd\" exe=\"/usr/sbin/sshd\" sig=11 res=1").records.first?.str("event"))
        XCTAssertNotEqual(parse("pluto-log", "May 20 18:08:43 host audit[77]: ANOM_ABEND auid=0 uid=0 gid=0 ses=1 pid=77 comm=\"pluto\" exe=\"/usr/libexec/ipsec/pluto\" sig=15 res=1").records.first?.str("event"), "daemon_crashed")
        // whack's other complaints are not absence: no right to talk to pluto is a permission
        XCTAssertNil(parse("pluto-log", "whack: no right to communicate with pluto (access(\"/run/pluto/pluto.ctl\"))").records.first?.str("event"))
        XCTAssertNil(parse("pluto-log", "connect(pluto_ctl) failed: Permission denied").records.first?.str("event"))
        // the program that ran whack starts pluto next (NetworkManager-l2tp, libreswan#306): a
        // start line after the complaint clears it
        let started = "Jan 29 10:23:11 itsme NetworkManager[1056]: whack: Pluto is not running (no \"/run/pluto/pluto.ctl\")\n"
            + "Jan 29 10:23:12 itsme pluto[6610]: Starting Pluto (Libreswan Version 3.31 XFRM(netkey) XFRMI) pid:6610"
        XCTAssertEqual(logFacts("pluto-log", started)["log.system.daemon_absent"]?.value, .bool(false))
        XCTAssertEqual(logFacts("pluto-log", String(started.split(separator: "\n")[0]))["log.system.daemon_absent"]?.value, .bool(true))
    }

    /// NixOS/nixpkgs#185761: charon-nm gives up its start (a critical plugin feature failed);
    /// strongswan#1420: NetworkManager cannot execute charon-nm; swanctl and stroke finding no charon.
    func testCharonGivingUpAndNoCharonToTalkTo() throws {
        let aborted = try report("nixpkgs-185761-charon-nm-dbus-policy-denied")
        XCTAssertEqual(logFacts("charon-log", aborted)["log.system.daemon_crashed"]?.value, .bool(true))
        let nm = try report("strongswan-1420-networkmanager-charon-nm-missing")
        XCTAssertEqual(LogRecognition.sniff(nm)?.source, "charon-log")
        XCTAssertEqual(logFacts("charon-log", nm)["log.system.daemon_absent"]?.value, .bool(true))
        for line in ["connecting to 'unix:///var/run/charon.vici' failed: No such file or directory",
                     "failed to connect to stroke socket 'unix:///var/run/charon.ctl'"] {
            XCTAssertEqual(logFacts("charon-log", line)["log.system.daemon_absent"]?.value, .bool(true), line)
        }
        // NetworkManager failing to execute another plugin's service is not charon's absence
        XCTAssertNotEqual(logFacts("charon-log", "Nov 15 14:50:00 gw NetworkManager[1317]: <warn>  [1668541800.9123] vpn[0x5651,\"x\"]: starting: failure to start VPN service: Failed to execute child process \"/usr/libexec/nm-l2tp-service\" (No such file or directory)")["log.system.daemon_absent"]?.value, .bool(true))
        // charon-nm's start line is a start: a give-up before it is history
        let restarted = aborted + "\ncharon-nm[1800]: 00[DMN] Starting charon NetworkManager backend (strongSwan 5.9.13)"
        XCTAssertEqual(logFacts("charon-log", restarted)["log.system.daemon_crashed"]?.value, .bool(false))
    }

    /// Libreswan's FAQ: pluto refusing a phase 2 transform that names AES without KEY_LENGTH,
    /// in the 3.x form, the 3.32+ form with the transform's name, and as the FAQ quotes it.
    func testTransformWithoutKeyLength() throws {
        for text in [try report("libreswan-faq-transform-without-key-length"),
                     "Dec  2 10:00:00 gw pluto[812]: \"lab\" #2: IPsec encryption transform did not specify required KEY_LENGTH attribute",
                     "Dec  2 10:00:00 gw pluto[812]: \"lab\" #2: IPsec encryption transform AES_CBC did not specify required KEY_LENGTH attribute"] {
            XCTAssertEqual(logFacts("pluto-log", text)["log.child.no_proposal_chosen"]?.value, .bool(true), text)
        }
    }

    /// libreswan#120: pluto's start line and its ABORT, both `pluto[3888]`. Shown newest first
    /// (a log viewer, or a paste like libreswan#2188's, whose start line follows its own end), the
    /// start line of the same process is no restart and does not clear the abort; DaemonRestarts
    /// reads the process id from the tag.
    func testStartOfTheSameProcessDoesNotClearItsAbort() throws {
        let lines = try report("libreswan-120-abort-at-start-algorithm-table").components(separatedBy: "\n")
        let start = lines[0], abort = lines[2]
        XCTAssertTrue(abort.contains("ABORT: ASSERTION FAILED"))
        for text in [start + "\n" + abort, abort + "\n" + start] {
            XCTAssertEqual(logFacts("pluto-log", text)["log.system.daemon_crashed"]?.value, .bool(true), text)
        }
        XCTAssertEqual(DaemonRestarts.pid(start), "3888")
        var restarts = DaemonRestarts()
        restarts.noteStart(line: 2, text: start)
        XCTAssertFalse(restarts.restarted(after: 1, text: abort))
        XCTAssertTrue(restarts.restarted(after: 1, text: nil), "a line without a process id counts as another process")
    }
}
