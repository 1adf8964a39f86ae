import Foundation
import XCTest

/// Log events that used to reach no fact (issue 11's loose ends), followed through the whole
/// chain as a user meets it: a log file given with `diagnose --log`, on an empty snapshot (no
/// host, no lab). Each line is real output or the daemon's own format string with values filled
/// in; the source is named beside it. The first finding is what the user reads first.
final class LogEventDiagnosisCLITests: XCTestCase {
    func diagnose(_ lines: [String], file: String = "daemon.log") throws -> (first: String?, ids: [String], json: [String: Any]) {
        let dir = NSTemporaryDirectory() + "log-events-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir + "/snapshot", withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: dir) }
        // a snapshot of nothing: no probe output, so the log alone decides
        let manifest = """
            {"tool": "ipsec-doctor", "version": "test", "host": "h", "time": "2026-12-02T06:00:00Z", "os": "linux",
             "secretsIncluded": false, "entries": []}
            """
        try manifest.write(toFile: dir + "/snapshot/manifest.json", atomically: true, encoding: .utf8)
        try (lines.joined(separator: "\n") + "\n").write(toFile: dir + "/" + file, atomically: true, encoding: .utf8)
        let r = try CLI.run(["diagnose", "--snapshot", dir + "/snapshot", "--log", dir + "/" + file,
                             "--format", "json", "--home", CLI.repo])
        let json = try XCTUnwrap(r.json, "no JSON: \(r.stderr)")
        let ids = (json["findings"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        return (ids.first, ids, json)
    }

    // pfSense documentation, "Stuck/Broken Phase 1" (github.com/pfsense/docs
    // source/vpn/ipsec/ipsec-troubleshooting.rst; Tests/Fixtures/real/racoon-log/): "one side still
    // thinks Phase 1 is good/active, and the other side thinks it is gone".
    func testRacoonStuckPhase1FromEitherSideIsHalfOpen() throws {
        let server = try diagnose(["racoon: ERROR: can't start the quick mode, there is no ISAKMP-SA"])
        XCTAssertEqual(server.first, "ike.half-open", "\(server.ids)")
        let client = try diagnose(["racoon: ERROR: none message must be encrypted"])
        XCTAssertEqual(client.first, "ike.half-open", "\(client.ids)")
        // racoon isakmp.c prints the cookies and message ID after it (syslog form)
        let full = try diagnose(["Dec  2 10:00:00 gw racoon: ERROR: can't start the quick mode, there is no ISAKMP-SA, 1a2b3c4d5e6f7a8b:9c0d1e2f3a4b5c6d:00005f4e"])
        XCTAssertEqual(full.first, "ike.half-open", "\(full.ids)")
        let facts = try XCTUnwrap(full.json["facts"] as? [String: Any])
        XCTAssertEqual(facts["log.ike.peer_sa_unknown"] as? Bool, true)
    }

    // Libreswan ikev1.c (v5.4), strongSwan ikev1/task_manager_v1.c and OpenBSD isakmpd message.c
    // ("invalid cookie(s)": the cookies name no ISAKMP SA or exchange here): the same view elsewhere.
    func testPlutoAndCharonQuickModeForAnUnknownISAKMPSAIsHalfOpen() throws {
        let pluto = try diagnose(["Dec  2 10:00:00 east pluto[812]: \"vpn\" #3: Quick Mode message is for a non-existent (expired or deleted?) ISAKMP SA"])
        XCTAssertEqual(pluto.first, "ike.half-open", "\(pluto.ids)")
        let charon = try diagnose(["Dec  2 10:00:00 moon charon: 09[IKE] <vpn|2> received quick mode request for unestablished IKE_SA, ignored"])
        XCTAssertEqual(charon.first, "ike.half-open", "\(charon.ids)")
        let isakmpd = try diagnose(["Dec  2 10:00:00 gw isakmpd[27380]: message_recv: invalid cookie(s) 1a2b3c4d5e6f7a8b 9c0d1e2f3a4b5c6d"])
        XCTAssertEqual(isakmpd.first, "ike.half-open", "\(isakmpd.ids)")
    }

    // racoon isakmp.c: phase 2 queued for a phase 1 that never came up. The pfSense docs quote the
    // first line ("Or also"); a phase 1 established later in the same log clears it.
    func testRacoonPhase2WithoutPhase1() throws {
        let queued = "racoon: INFO: request for establishing IPsec-SA was queued due to no phase1 found."
        let alone = try diagnose([queued])
        XCTAssertEqual(alone.first, "ike.phase1-not-established", "\(alone.ids)")
        let healed = try diagnose([queued, "racoon: INFO: ISAKMP-SA established 192.0.2.1[500]-198.51.100.9[500] spi:1a2b3c4d5e6f7a8b:9c0d1e2f3a4b5c6d"])
        XCTAssertFalse(healed.ids.contains("ike.phase1-not-established"), "\(healed.ids)")
        // the cause, when logged, ranks before the symptom
        let timedOut = try diagnose([
            "Dec  2 10:00:00 gw racoon: ERROR: phase1 negotiation failed due to time up. 1a2b3c4d5e6f7a8b:0000000000000000",
            "Dec  2 10:00:05 gw racoon: ERROR: phase2 negotiation failed due to time up waiting for phase1. ESP 198.51.100.9[0]->192.0.2.1[0]",
        ])
        XCTAssertEqual(timedOut.first, "ike.no-response", "\(timedOut.ids)")
        XCTAssertTrue(timedOut.ids.contains("ike.phase1-not-established"), "\(timedOut.ids)")
    }

    // charon child_create.c. The first line is a real report's (github.com/FDio/vpp issue 3374,
    // strongSwan 5.6.2 responder); the notify line is child_create.c's "received %N notify, no
    // CHILD_SA built".
    func testCharonChildFailure() throws {
        let failed = "Jun 16 10:24:53 strongswan-ipsec charon: 12[IKE] failed to establish CHILD_SA, keeping IKE_SA"
        let alone = try diagnose([failed])
        XCTAssertEqual(alone.first, "child.half-established", "\(alone.ids)")
        let withCause = try diagnose(["Jun 16 10:24:53 strongswan-ipsec charon: 12[IKE] received TS_UNACCEPTABLE notify, no CHILD_SA built", failed])
        XCTAssertEqual(withCause.first, "child.ts-mismatch", "\(withCause.ids)")
    }

    // plugin_loader.c "plugin '%s' failed to load: %s" (dlopen's error after it): harmless alone,
    // a cause beside an EAP failure (eap_authenticator.c "EAP method not supported, sending EAP_NAK").
    func testAPluginThatDidNotLoadMattersOnlyBesideAFailureItCauses() throws {
        let plugin = "Dec  2 10:00:00 moon charon: 00[LIB] plugin 'eap-mschapv2' failed to load: /usr/lib/ipsec/plugins/libstrongswan-eap-mschapv2.so: cannot open shared object file: No such file or directory"
        let alone = try diagnose([plugin])
        XCTAssertFalse(alone.ids.contains("system.plugin-missing"), "\(alone.ids)")
        let facts = try XCTUnwrap(alone.json["facts"] as? [String: Any])
        XCTAssertEqual(facts["log.system.plugin_not_loaded"] as? Bool, true)
        let eap = try diagnose([plugin, "Dec  2 10:00:05 moon charon: 09[IKE] <rw|1> EAP method not supported, sending EAP_NAK"])
        XCTAssertTrue(eap.ids.contains("system.plugin-missing"), "\(eap.ids)")
    }

    // iked's default-level line when it gives up (policy.c sa_free with the reason ikev2_msg.c sets).
    func testIkedGivingUp() throws {
        let r = try diagnose(["Dec  2 10:00:30 gw iked[812]: spi=0x1a2b3c4d5e6f7a8b: sa_free: retransmit limit reached"])
        XCTAssertEqual(r.first, "ike.no-response", "\(r.ids)")
    }
}
