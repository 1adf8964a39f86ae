import XCTest
import Facts
@testable import Parsers

/// Facts from the lab captures of each fault, as a rule would read them.
final class ExtractorTests: XCTestCase {
    /// All captured sources of one gateway; logs as `.log`.
    func gateway(_ scenario: String, _ side: String = "a") throws -> [String: Fact] {
        var items: [ParsedSource] = []
        for (file, source) in labFileSources.sorted(by: { $0.key < $1.key }) where file != "syslog" {
            let path = lab(scenario, side, file)
            guard Fixtures.exists(path) else { continue }
            let kind: Provenance.Kind = source == "charon-log" ? .log : source == "swanctl-conf" ? .file : .probe
            items.append(ParsedSource(result: parse(source, try Fixtures.text(path)), origin: path, kind: kind))
        }
        if items.isEmpty { throw XCTSkip("lab scenario \(scenario) not captured") }
        return facts(ParsedCollection(items))
    }

    func testHealthy() throws {
        let f = try gateway("healthy")
        XCTAssertEqual(f["ike.sa.established"]?.value, .bool(true))
        XCTAssertEqual(f["ike.sa.count"]?.value, .number(1))
        XCTAssertEqual(f["child.sa.installed"]?.value, .bool(true))
        XCTAssertEqual(f["child.sa.count"]?.value, .number(1))
        XCTAssertEqual(f["child.sa.bytes_in"]?.value, .number(252))
        XCTAssertEqual(f["child.sa.reqids"]?.value, .list(["1"]))
        XCTAssertEqual(f["ike.nat_detected"]?.value, .bool(true))
        XCTAssertEqual(f["conn.names"]?.value, .list(["lab"]))
        XCTAssertEqual(f["conn.ike_version"]?.value, .number(2))
        XCTAssertEqual(f["conn.auth"]?.value, .string("psk"))
        XCTAssertEqual(f["conn.local_ts"]?.value, .list(["10.1.0.0/24"]))
        XCTAssertEqual(f["conn.remote_addrs"]?.value, .list(["192.0.2.2"]))
        XCTAssertEqual(f["conn.start_action"]?.value, .string("none"))
        XCTAssertEqual(f["ike.listening.udp500"]?.value, .bool(true))
        XCTAssertEqual(f["ike.listening.udp4500"]?.value, .bool(true))
        XCTAssertEqual(f["ike.daemon.running"]?.value, .bool(true))
        XCTAssertEqual(f["ike.implementation"]?.value, .string("strongswan"))
        XCTAssertEqual(f["system.ip_forward"]?.value, .bool(false))
        // 10.1.0.0/24 sits on lo only: nothing behind this gateway.
        XCTAssertEqual(f["host.forwards_for_subnet"]?.value, .bool(false))
        XCTAssertEqual(f["route.peer_reachable"]?.value, .bool(true))
        for name in CharonLogExtractor.logFacts.boolFacts { XCTAssertEqual(f[name]?.value, .bool(false), name) }
        XCTAssertEqual(f["log.ike.retransmits"]?.value, .number(0))
        XCTAssertEqual(f["fw.drops_ike_in"]?.value, .bool(false))
        XCTAssertEqual(f["nat.masquerade_hits_tunnel"]?.value, .bool(false))
    }

    func testLogFactsPointAtTheLine() throws {
        let f = try gateway("psk-mismatch", "b")
        let auth = try XCTUnwrap(f["log.ike.auth_failed"])
        XCTAssertEqual(auth.value, .bool(true))
        XCTAssertEqual(auth.provenance.first?.kind, .log)
        XCTAssertTrue(auth.provenance.first?.excerpt?.contains("but MAC mismatched") == true)
        let text = try Fixtures.text(lab("psk-mismatch", "b", "charon.log"))
        let line = try XCTUnwrap(auth.provenance.first?.line)
        XCTAssertTrue(text.numberedLines[line - 1].text.contains("MAC mismatched"))
        XCTAssertEqual(try gateway("psk-mismatch", "a")["log.ike.auth_failed"]?.value, .bool(true))
    }

    func testFaultScenarios() throws {
        let expectations: [(String, String, String, FactValue)] = [
            ("ike-proposal-mismatch", "a", "log.ike.no_proposal_chosen", .bool(true)),
            ("ike-proposal-mismatch", "b", "log.ike.no_proposal_chosen", .bool(true)),
            ("esp-proposal-mismatch", "a", "log.child.no_proposal_chosen", .bool(true)),
            ("esp-proposal-mismatch", "a", "log.ike.no_proposal_chosen", .bool(false)),
            ("esp-proposal-mismatch", "b", "log.child.no_proposal_chosen", .bool(true)),
            ("id-mismatch", "b", "log.ike.no_peer_config", .bool(true)),
            ("id-mismatch", "a", "log.ike.auth_failed", .bool(true)),
            ("ts-mismatch", "a", "log.child.ts_unacceptable", .bool(true)),
            ("ts-mismatch", "b", "log.child.ts_unacceptable", .bool(true)),
            ("peer-drops-ike", "a", "log.ike.peer_not_responding", .bool(true)),
            ("peer-drops-ike", "a", "log.ike.retransmits", .number(3)),
            ("peer-drops-ike", "b", "fw.drops_ike_in", .bool(true)),
            ("peer-drops-ike", "b", "fw.drops_esp_in", .bool(true)),
            ("local-fw-drops-ike", "a", "fw.drops_ike_out", .bool(true)),
            ("local-fw-drops-ike", "a", "fw.drops_ike_in", .bool(false)),
            ("no-inbound", "b", "fw.drops_esp_in", .bool(true)),
            ("no-inbound", "b", "fw.drops_ike_out", .bool(false)),
            ("kernel-no-esp", "a", "log.kernel.esp_unsupported", .bool(true)),
            ("kernel-no-esp", "a", "log.child.install_failed", .bool(true)),
            ("kernel-no-esp", "a", "kernel.esp_supported", .bool(false)),
            ("ikev1-vs-ikev2", "b", "log.ike.no_ike_config", .bool(true)),
            // the IKEv1 request (ID_PROT) that found no config: with b's IKEv2 config, a version mismatch
            ("ikev1-vs-ikev2", "b", "log.ike.request_version", .number(1)),
            ("ikev1-vs-ikev2", "a", "conn.ike_version", .number(1)),
            ("masquerade", "a", "nat.masquerade_hits_tunnel", .bool(true)),
            ("masquerade", "a", "host.forwards_for_subnet", .bool(true)),
            ("masquerade", "a", "system.ip_forward", .bool(true)),
            ("ip-forward-off", "a", "system.ip_forward", .bool(false)),
            ("ip-forward-off", "a", "host.forwards_for_subnet", .bool(true)),
            ("on-demand-not-triggered", "a", "child.trap_installed", .bool(true)),
            ("on-demand-not-triggered", "a", "conn.start_action", .string("trap")),
            ("on-demand-not-triggered", "a", "child.sa.installed", .bool(false)),
            ("daemon-down", "a", "ike.daemon.running", .bool(false)),
            ("ikev1-healthy", "a", "ike.sa.established", .bool(true)),
        ]
        for (scenario, side, name, value) in expectations {
            guard Fixtures.exists("lab/\(scenario)/\(side)") else { continue }
            let f = try gateway(scenario, side)
            XCTAssertEqual(f[name]?.value, value, "\(scenario)/\(side): \(name) (\(f[name]?.provenance.first?.description ?? "absent"))")
        }
    }

    func testLaterSuccessSupersedesEarlierFailure() {
        // Real lines of the lab (psk-mismatch a, then healthy a): a failure, later fixed. As
        // `journalctl -o cat` shows them (no time stamps), the order of the lines is the order
        // of the events.
        let failure = "15[IKE] <lab|1> received AUTHENTICATION_FAILED notify error"
        let success = "14[IKE] <lab|1> IKE_SA lab[1] established between 192.0.2.1[gw-a.lab.test]...192.0.2.2[gw-b.lab.test]"
        func authFailed(_ lines: [String]) -> Fact? {
            facts(ParsedCollection([ParsedSource(result: parse("charon-log", lines.joined(separator: "\n")), origin: "charon.log", kind: .log)]))["log.ike.auth_failed"]
        }
        XCTAssertEqual(authFailed([failure, success])?.value, .bool(false))
        XCTAssertEqual(authFailed([success, failure])?.value, .bool(true))
        XCTAssertEqual(authFailed([success, failure])?.provenance.first?.line, 2)
        // With their time stamps the times decide, in whichever order the lines are pasted (a
        // viewer lists newest first): the failure at :34 came after the success at :30.
        let stamped = ["Nov 23 19:40:34 " + failure, "Nov 23 19:40:30 " + success]
        XCTAssertEqual(authFailed(stamped)?.value, .bool(true))
        XCTAssertEqual(authFailed(stamped)?.provenance.first?.line, 1, "the paste's line")
        XCTAssertEqual(authFailed(stamped.reversed())?.value, .bool(true))
        XCTAssertEqual(authFailed(stamped.reversed())?.provenance.first?.line, 2)
    }

    func testXfrmFactsFromSeed004() throws {
        let f = try facts([("xfrm-state", "real/xfrm-state/seed004-ip-xfrm-state-anti-replay-context.txt"),
                           ("xfrm-policy", "real/xfrm-policy/seed004-ip-xfrm-pol-mark.txt")])
        XCTAssertEqual(f["xfrm.state.count"]?.value, .number(2))
        XCTAssertEqual(f["kernel.esp_supported"]?.value, .bool(true))
        XCTAssertEqual(f["xfrm.state.encap"]?.value, .bool(false))
        XCTAssertEqual(f["xfrm.state.reqid_asymmetric"]?.value, .bool(false))
        XCTAssertEqual(f["xfrm.policy.count"]?.value, .number(3))
        XCTAssertEqual(f["xfrm.policy.out_without_state"]?.value, .bool(false))
        // Without the states, the out policy's reqid 16417 has no SA.
        let g = try facts([("xfrm-state", "real/xfrm-state/kernel-state-ah.txt"),
                           ("xfrm-policy", "real/xfrm-policy/seed004-ip-xfrm-pol-mark.txt")])
        XCTAssertEqual(g["xfrm.policy.out_without_state"]?.value, .bool(true))
    }

    func testXfrmStatFacts() throws {
        let f = try facts([("xfrm-stat", "real/xfrm-stat/xfrm-stat-nonzero-tmplmismatch.txt")])
        XCTAssertEqual(f["xfrm.stat.XfrmInTmplMismatch"]?.value, .number(4))
    }

    func testLibreswanTraffic() throws {
        let f = try facts([("libreswan-trafficstatus", "real/libreswan-trafficstatus/seed004-whack-trafficstatus-006.txt")])
        XCTAssertEqual(f["child.sa.count"]?.value, .number(3))
        XCTAssertEqual(f["child.sa.bytes_in"]?.value, .number(12295525 + 1008))
        XCTAssertEqual(f["child.sa.installed"]?.value, .bool(true))
    }

    /// Every fact an extractor emits is in the vocabulary.
    func testFactNamesAreInTheVocabulary() throws {
        let vocab = try String(contentsOf: Fixtures.root.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Rules/facts.yaml"), encoding: .utf8)
        var names = Set<String>(), families: [String] = []
        for line in vocab.split(separator: "\n") where line.hasPrefix("- {name: ") {
            let n = line.dropFirst("- {name: ".count).prefix { $0 != "," }
            if n.hasSuffix(".*") { families.append(String(n.dropLast())) } else { names.insert(String(n)) }
        }
        for scenario in Fixtures.labScenarios {
            for side in ["a", "b"] where Fixtures.exists("lab/\(scenario)/\(side)") {
                for name in try gateway(scenario, side).keys {
                    XCTAssertTrue(names.contains(name) || families.contains { name.hasPrefix($0) }, "\(name) not in facts.yaml")
                }
            }
        }
    }
}
