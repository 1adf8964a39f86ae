import Engine
import Foundation
import RuleBase
import Testing
@testable import Compare

/// `compare` on both gateways' snapshots of every lab scenario (Tests/Fixtures/lab: real
/// strongSwan 5.9.8 output, see its README): the faulty item comes first, with the right side
/// blamed, and the catalogue ranked with both sides' facts names the scenario's diagnosis.
@Suite struct LabFixturePairTests {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    static let lab = repo + "/Tests/Fixtures/lab"
    static let base = RuleBase.load(rules: repo + "/Rules", knowledge: repo + "/Knowledge")

    struct Case: Sendable, CustomStringConvertible {
        var scenario: String
        /// The first difference's item; nil: the configs agree (the fault is elsewhere).
        var item: Difference.Item?
        /// Which gateway the fix goes to ("a", "b"), or nil when compare cannot tell.
        var faulty: String?
        /// The first finding of the two-sided catalogue.
        var finding: String?
        var verdict: Verdict
        var description: String { scenario }
    }

    static let cases: [Case] = [
        Case(scenario: "healthy", item: nil, faulty: nil, finding: nil, verdict: .healthy),
        Case(scenario: "ikev1-healthy", item: nil, faulty: nil, finding: nil, verdict: .healthy),
        Case(scenario: "psk-mismatch", item: .psk, faulty: nil, finding: "ike.auth-failed-psk", verdict: .problem),
        Case(scenario: "ike-proposal-mismatch", item: .ikeProposal, faulty: "a", finding: "ike.proposal-mismatch", verdict: .problem),
        Case(scenario: "esp-proposal-mismatch", item: .espProposal, faulty: "a", finding: "child.proposal-mismatch", verdict: .problem),
        Case(scenario: "ts-mismatch", item: .trafficSelectors, faulty: "b", finding: "child.ts-mismatch", verdict: .problem),
        Case(scenario: "id-mismatch", item: .identity, faulty: "b", finding: "ike.id-mismatch", verdict: .problem),
        Case(scenario: "ikev1-vs-ikev2", item: .ikeVersion, faulty: "a", finding: "ike.version-mismatch", verdict: .problem),
        // Faults outside the configs: no config difference; the catalogue still names them.
        Case(scenario: "no-inbound", item: .counters, faulty: nil, finding: "ike.local-firewall-blocks-ike", verdict: .problem),
        Case(scenario: "peer-drops-ike", item: nil, faulty: nil, finding: "ike.local-firewall-blocks-ike", verdict: .problem),
        Case(scenario: "local-fw-drops-ike", item: nil, faulty: nil, finding: "ike.local-firewall-blocks-ike", verdict: .problem),
        Case(scenario: "daemon-down", item: nil, faulty: nil, finding: "ike.daemon-not-running", verdict: .problem),
        Case(scenario: "masquerade", item: nil, faulty: nil, finding: "nat.masquerade-before-ipsec", verdict: .problem),
        Case(scenario: "kernel-no-esp", item: nil, faulty: nil, finding: "system.kernel-no-esp", verdict: .problem),
        Case(scenario: "ip-forward-off", item: nil, faulty: nil, finding: "system.ip-forwarding-disabled", verdict: .problem),
        Case(scenario: "on-demand-not-triggered", item: nil, faulty: nil, finding: "child.not-triggered", verdict: .problem),
        // Scenarios of the certificate/EAP/mode lab (issue 11): what the configs show.
        Case(scenario: "no-config-for-address", item: .addresses, faulty: "b", finding: "ike.no-config-for-address", verdict: .problem),
        Case(scenario: "auth-method-mismatch", item: .authMethod, faulty: nil, finding: "ike.auth-method-mismatch", verdict: .problem),
        // b logs "no shared key found": the key is missing there, not different, and b's cause
        // explains a's bare AUTHENTICATION_FAILED (the rules' explains apply across the gateways).
        Case(scenario: "psk-not-found", item: nil, faulty: nil, finding: "ike.psk-not-found", verdict: .problem),
        Case(scenario: "aggressive-vs-main", item: .exchangeMode, faulty: "a", finding: "ike.exchange-mode-mismatch", verdict: .problem),
        Case(scenario: "cert-healthy", item: nil, faulty: nil, finding: nil, verdict: .healthy),
        Case(scenario: "eap-healthy", item: nil, faulty: nil, finding: nil, verdict: .healthy),
    ]

    static func compare(_ scenario: String, swap: Bool = false) throws -> Comparison {
        let a = try SnapshotAdapter.gateway(snapshot: lab + "/\(scenario)/a")
        let b = try SnapshotAdapter.gateway(snapshot: lab + "/\(scenario)/b")
        return swap ? Comparison.run(b, a, base: base) : Comparison.run(a, b, base: base)
    }

    @Test(arguments: cases)
    func namesTheFaultyItem(_ c: Case) throws {
        let r = try Self.compare(c.scenario)
        #expect(r.tunnels.count == 1, "the lab's one tunnel is paired")
        let first = r.differences.first { $0.severity != .info }
        #expect(first?.item == c.item, "first difference: \(first.map { "\($0.item): \($0.summary)" } ?? "none")")
        #expect(first?.faultySide == c.faulty)
        #expect(r.verdict == c.verdict)
        let findings = CompareReport.json(r)["findings"]?.arrayValue ?? []
        let problems = findings.filter { $0["severity"]?.stringValue == "problem" }
        #expect(problems.first?["id"]?.stringValue == c.finding, "catalogue: \(problems.compactMap { $0["id"]?.stringValue })")
    }

    /// Swapping A and B names the same item and blames the same gateway.
    @Test(arguments: cases.filter { $0.item != nil })
    func orderOfSnapshotsDoesNotMatter(_ c: Case) throws {
        let r = try Self.compare(c.scenario, swap: true)
        let first = r.differences.first { $0.severity != .info }
        #expect(first?.item == c.item)
        #expect(first?.faultySide == c.faulty.map { $0 == "a" ? "b" : "a" })
    }

    @Test func evidenceQuotesBothSidesLines() throws {
        let r = try Self.compare("ike-proposal-mismatch")
        let d = try #require(r.differences.first)
        #expect(d.evidenceA.map(\.description) == ["a/swanctl.conf:7: proposals = aes128-sha256-modp2048"])
        #expect(d.evidenceB.map(\.description) == ["b/swanctl.conf:7: proposals = aes256-sha384-modp3072"])
        #expect(d.fix.contains("proposals = aes256-sha384-modp3072"))
    }

    @Test func idMismatchFixGoesToTheExpectingSide() throws {
        let r = try Self.compare("id-mismatch")
        let d = try #require(r.differences.first)
        #expect(d.evidenceB.first?.description == "b/swanctl.conf:14: id = gw-x.lab.test")
        #expect(d.fix.hasPrefix("on b: remote { id = gw-a.lab.test } in connection lab"))
    }

    @Test func trafficSelectorDifferenceNamesTheSubnetPair() throws {
        let r = try Self.compare("ts-mismatch")
        let d = try #require(r.differences.first)
        #expect(d.summary.contains("10.1.0.0/24 <-> 10.2.0.0/24"))
        #expect(d.fix.contains("remote_ts = 10.1.0.0/24"))
    }

    /// Two real snapshots of different runs: each gateway's SAs were negotiated with another
    /// instance of its peer, exactly what a restart leaves behind.
    @Test func staleSPIIsNamedWithTheSideHoldingIt() throws {
        let a = try SnapshotAdapter.gateway(snapshot: Self.lab + "/healthy/a")
        let b = try SnapshotAdapter.gateway(snapshot: Self.lab + "/ip-forward-off/b")
        let r = Comparison.run(a, b, base: Self.base)
        let stale = r.differences.filter { $0.item == .staleSPI }
        #expect(Set(stale.compactMap(\.faultySide)) == ["a", "b"], "both ends hold SAs the other does not know")
        #expect(stale.first { $0.faultySide == "a" }?.summary.contains("a4a506cb") == true)
        let ids = (CompareReport.json(r)["findings"]?.arrayValue ?? []).compactMap { $0["id"]?.stringValue }
        #expect(ids.contains("esp.unknown-spi"))
    }

    @Test func noInboundCountsOutAtOneEndAgainstInAtTheOther() throws {
        let r = try Self.compare("no-inbound")
        let d = try #require(r.differences.first { $0.item == .counters })
        #expect(d.summary.contains("a sent 3 packets on SPI 13529d74, b received 0"))
    }

    @Test func jsonReportKeepsTheContractFields() throws {
        let j = CompareReport.json(try Self.compare("psk-mismatch"))
        for key in ["verdict", "findings", "facts", "unanswered", "differences"] { #expect(j[key] != nil, "\(key)") }
        #expect(j["facts"]?["peer.compared"] == .bool(true))
        #expect(j["differences"]?.arrayValue?.first?["item"]?.stringValue == "psk")
    }
}

/// Both ends of one real strongSwan test scenario (ipsec.conf, stroke), as the project's tests
/// publish them (Tests/Fixtures/real/compare-pairs, see SOURCES.md).
@Suite struct ComparePublishedPairsTests {
    static let pairs = LabFixturePairTests.repo + "/Tests/Fixtures/real/compare-pairs"

    @Test func strongSwanNet2NetPSKPairAgrees() throws {
        let moon = try SnapshotAdapter.gateway(snapshot: Self.pairs + "/ikev2_net2net-psk_stroke/moon")
        let sun = try SnapshotAdapter.gateway(snapshot: Self.pairs + "/ikev2_net2net-psk_stroke/sun")
        #expect(moon.tunnels.first?.dialect == .strongswanStroke)
        let r = Comparison.run(moon, sun)
        #expect(r.tunnels.map(\.a) == ["net-net"], "paired through their identities (addresses are placeholders)")
        #expect(r.differences.filter { $0.severity != .info }.isEmpty, "\(r.differences.map(\.summary))")
        // moon sets mobike=no, sun keeps strongSwan's default (yes): worth knowing, not a fault
        #expect(r.differences.map(\.item) == [.mobike])
        #expect(r.differences.first?.evidenceA.first?.description == "moon/ipsec.conf:13: mobike=no")
    }
}

/// Kernel SA databases where no daemon lists SAs (racoon's setkey -D, OpenBSD, illumos): the
/// outbound SPI of one end must be an inbound SA at the other. Built on the lab's healthy pair
/// (real configs), with the kernel SAs set in the model, since the public outputs of these
/// tools have their SPIs sanitised (`0xSPISPI`).
@Suite struct KernelSPITests {
    @Test func staleKernelSAIsNamedWithItsHolder() throws {
        var a = try SnapshotAdapter.gateway(snapshot: LabFixturePairTests.lab + "/healthy/a")
        var b = try SnapshotAdapter.gateway(snapshot: LabFixturePairTests.lab + "/healthy/b")
        a.sas = []; b.sas = []
        a.kernelSAs = [KernelSA(src: "192.0.2.1", dst: "192.0.2.2", spi: "c0ffee01", reqid: 1, origin: SourceLine(file: "setkey-D.txt", line: 1)),
                       KernelSA(src: "192.0.2.2", dst: "192.0.2.1", spi: "0badf00d", reqid: 1, origin: SourceLine(file: "setkey-D.txt", line: 9))]
        b.kernelSAs = [KernelSA(src: "192.0.2.1", dst: "192.0.2.2", spi: "12345678", reqid: 1, origin: SourceLine(file: "setkey-D.txt", line: 1)),
                       KernelSA(src: "192.0.2.2", dst: "192.0.2.1", spi: "0badf00d", reqid: 1, origin: SourceLine(file: "setkey-D.txt", line: 9))]
        let r = Comparison.run(a, b)
        let stale = r.differences.filter { $0.item == .staleSPI }
        #expect(stale.count == 1)
        #expect(stale.first?.faultySide == "a")
        #expect(stale.first?.summary.contains("c0ffee01") == true)
    }
}

/// strongswan.conf's ports against the other end's remote_port: the lab's healthy pair (real
/// swanctl.conf and strongswan.conf of both gateways), with charon at a moved to port 4501 as a
/// user would (strongSwan 5.9.8 then listens on 4501 only: ss -uanp in a namespace, stop 26).
@Suite struct IKEPortTests {
    static func pair(aConf: (String) -> String) throws -> (Gateway, Gateway, String) {
        let fm = FileManager.default
        let tmp = NSTemporaryDirectory() + "ipsec-doctor-ports-\(UUID().uuidString)"
        for side in ["a", "b"] {
            try fm.createDirectory(atPath: tmp + "/" + side, withIntermediateDirectories: true)
            for f in ["swanctl.conf", "strongswan.conf", "ip-addr.txt"] {
                var text = try String(contentsOfFile: LabFixturePairTests.lab + "/healthy/\(side)/" + f, encoding: .utf8)
                if side == "a", f == "strongswan.conf" { text = aConf(text) }
                try text.write(toFile: tmp + "/\(side)/" + f, atomically: true, encoding: .utf8)
            }
        }
        return (try SnapshotAdapter.gateway(snapshot: tmp + "/a"), try SnapshotAdapter.gateway(snapshot: tmp + "/b"), tmp)
    }

    @Test func movedPortIsTheCause() throws {
        let (a, b, tmp) = try Self.pair { $0.replacingOccurrences(of: "  load_modular = yes\n", with: "  load_modular = yes\n  port = 4501\n") }
        defer { try? FileManager.default.removeItem(atPath: tmp) }
        let r = Comparison.run(a, b)
        let ports = r.differences.filter { $0.item == .ikePorts }
        #expect(ports.count == 1, "\(r.differences.map(\.summary))")
        #expect(ports.first?.severity == .problem)
        #expect(ports.first?.faultySide == "a")
        #expect(ports.first?.summary.contains("4501") == true)
        #expect(ports.first?.evidenceA.first?.description.hasPrefix("a/strongswan.conf:6") == true, "\(ports.first?.evidenceA ?? [])")
        #expect(ports.first?.item.diagnosis == "ike.no-response")
    }

    @Test func defaultPortsAgree() throws {
        let (a, b, tmp) = try Self.pair { $0 }
        defer { try? FileManager.default.removeItem(atPath: tmp) }
        #expect(Comparison.run(a, b).differences.filter { $0.item == .ikePorts }.isEmpty)
    }
}

/// `ike-ports` on ipsec.conf: strongSwan's starter (`rightikeport=`) and Libreswan's pluto
/// (`leftikeport=` / `rightikeport=`), not only swanctl.conf's `remote_port`.
@Suite struct IPsecConfIKEPortTests {
    static let repo = LabFixturePairTests.repo
    static let pairs = repo + "/Tests/Fixtures/real/compare-pairs"

    /// Copies of a real pair's files, `edit` applied to each side's `file`.
    static func pair(_ dirs: (String, String), names: (String, String) = ("a", "b"), files: [String],
                     edit: (String, String) -> String = { _, t in t }) throws -> (Gateway, Gateway, String) {
        let fm = FileManager.default
        let tmp = NSTemporaryDirectory() + "ipsec-doctor-ikeports-\(UUID().uuidString)"
        for (side, dir) in [(names.0, dirs.0), (names.1, dirs.1)] {
            try fm.createDirectory(atPath: tmp + "/" + side, withIntermediateDirectories: true)
            for f in files where fm.fileExists(atPath: dir + "/" + f) {
                let text = try String(contentsOfFile: dir + "/" + f, encoding: .utf8)
                try (f == "ipsec.conf" ? edit(side, text) : text).write(toFile: tmp + "/\(side)/" + f, atomically: true, encoding: .utf8)
            }
        }
        return (try SnapshotAdapter.gateway(snapshot: tmp + "/" + names.0), try SnapshotAdapter.gateway(snapshot: tmp + "/" + names.1), tmp)
    }

    static func add(_ line: String) -> (String) -> String { { $0.replacingOccurrences(of: "\tauto=add\n", with: "\t\(line)\n\tauto=add\n") } }

    /// The stroke lab's healthy pair (strongSwan 5.9 starter), a sending to 4501 while b's charon
    /// listens on 500 (b's strongswan.conf sets no port): a's requests reach nothing.
    @Test func strokeRightikeportToADefaultListener() throws {
        let v = Self.repo + "/Tests/Fixtures/variants/st-healthy"
        let (a, b, tmp) = try Self.pair((v + "/a", v + "/b"), files: ["ipsec.conf", "strongswan.conf", "ip-addr.txt"]) { side, t in
            side == "a" ? Self.add("rightikeport=4501")(t) : t
        }
        defer { try? FileManager.default.removeItem(atPath: tmp) }
        let ports = Comparison.run(a, b).differences.filter { $0.item == .ikePorts }
        #expect(ports.count == 1)
        let d = try #require(ports.first)
        #expect(d.severity == .problem)
        #expect(d.faultySide == "a")
        #expect(d.summary.contains("b's charon listens for IKE on UDP 500 (strongswan.conf), a sends to 4501"), "\(d.summary)")
        #expect(d.evidenceA.first?.text == "rightikeport=4501", "\(d.evidenceA)")
        #expect(d.fix.contains("remove rightikeport from a's connection"), "\(d.fix)")
        // unchanged pair: nothing
        let (a0, b0, tmp0) = try Self.pair((v + "/a", v + "/b"), files: ["ipsec.conf", "strongswan.conf", "ip-addr.txt"])
        defer { try? FileManager.default.removeItem(atPath: tmp0) }
        #expect(Comparison.run(a0, b0).differences.filter { $0.item == .ikePorts }.isEmpty)
    }

    /// The Libreswan lab's pair (Libreswan 4.10): a's rightikeport=4501 against b's pluto,
    /// which listens on 500 and 4500 only; b's leftikeport=4501 makes them agree again.
    @Test func libreswanRightikeportAgainstLeftikeport() throws {
        let l = Self.repo + "/Tests/Fixtures/libreswan-lab/kernel-no-esp"
        let (a, b, tmp) = try Self.pair((l + "/a", l + "/b"), files: ["ipsec.conf"]) { side, t in
            side == "a" ? Self.add("rightikeport=4501")(t) : t
        }
        defer { try? FileManager.default.removeItem(atPath: tmp) }
        let d = try #require(Comparison.run(a, b).differences.first { $0.item == .ikePorts })
        #expect(d.severity == .problem && d.faultySide == "a")
        #expect(d.summary.contains("b's pluto listens for IKE on UDP 500 and 4500, a sends to 4501 (rightikeport)"), "\(d.summary)")
        #expect(d.evidenceA.first?.text == "rightikeport=4501")
        let (a2, b2, tmp2) = try Self.pair((l + "/a", l + "/b"), files: ["ipsec.conf"]) { side, t in
            Self.add(side == "a" ? "rightikeport=4501" : "leftikeport=4501")(t)
        }
        defer { try? FileManager.default.removeItem(atPath: tmp2) }
        #expect(Comparison.run(a2, b2).differences.filter { $0.item == .ikePorts }.isEmpty)
    }

    /// Libreswan's own test with a moved port (ikev2-ikeport-06, one file for both hosts, west's
    /// leftikeport=2500): east sends to 2500, west to east's 4500 (connections.c end_host_port),
    /// and pluto listens on both: no difference. A reading that took leftikeport for the only
    /// port pluto listens on would call this a problem.
    @Test func libreswanTestSuitePairAgrees() throws {
        let name = "ikev2-ikeport-06-host-to-host"
        let (w, e, tmp) = try Self.pair((Self.pairs + "/\(name)/west", Self.pairs + "/\(name)/east"), names: ("west", "east"), files: ["ipsec.conf"])
        defer { try? FileManager.default.removeItem(atPath: tmp) }
        #expect(w.tunnels.contains { $0.localPort == 2500 } || e.tunnels.contains { $0.localPort == 2500 })
        let r = Comparison.run(w, e)
        #expect(r.differences.filter { $0.item == .ikePorts }.isEmpty, "\(r.differences.map(\.summary))")
    }
}
