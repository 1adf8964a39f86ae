import XCTest
import Facts
@testable import Parsers

/// Kinds found by held-out batch 15 of the real-report set (Tests/Fixtures/reports/README.md):
/// kernels without what the daemon or a connection needs, in the daemons' own words (pluto's fatal
/// start on a kernel without XFRM, the setup scripts and strongSwan's starter finding no stack, a
/// connection pluto does not add for a missing kernel feature, its refused probe SA), and three
/// messages of the FreeS/WAN FAQ. Lines are the reports' own, cited per case; the lines that must
/// keep another reading are the daemons' formats (Tests/Fixtures/messages) or other reports'.
final class KernelFeatureAndStackTests: XCTestCase {
    func events(_ source: String, _ text: String) -> [String?] { parse(source, text).records.map { $0.str("event") } }

    /// libreswan#221 (3.27), and the same refusal in 4.x and 5.x words: the connection is not
    /// added. Other MOBIKE messages (path updates, a conn option that needs IKEv2) are not this.
    func testConnectionRefusedForAKernelFeature() throws {
        let text = try report("libreswan-221-mobike-kernel-support-missing")
        XCTAssertEqual(LogRecognition.sniff(text)?.source, "pluto-log")
        XCTAssertEqual(events("pluto-log", text), ["kernel_feature_missing"])
        XCTAssertEqual(logFacts("pluto-log", text)["log.system.kernel_feature_missing"]?.value, .bool(true))
        for line in ["failed to add connection: MOBIKE kernel support missing for %s interface: %s",
                     "failed to add connection: MOBIKE not supported by %s interface"].map(LogMessage.instantiate) {
            XCTAssertEqual(LibreswanMessages.catalogue.classify(line)?.event, "kernel_feature_missing", line)
        }
        for line in ["MOBIKE: AF change switching between v4 and v6 not supported",
                     "failed to add connection: MOBIKE requires IKEv2"] {
            XCTAssertNotEqual(LibreswanMessages.catalogue.classify(line)?.event, "kernel_feature_missing", line)
        }
    }

    /// libreswan#1873: the test suite's diff ('+' lines): pluto's probe SA for IP-TFS refused,
    /// then the connection refused for want of CONFIG_IPTFS. The probe is no tunnel's SA: no
    /// install failure; a real Add SA refusal keeps its reading (the FAQ's errno 22).
    func testFeatureProbeIsNoInstallFailure() throws {
        let text = try report("libreswan-1873-iptfs-kernel-option-missing")
        XCTAssertEqual(LogRecognition.sniff(text)?.source, "pluto-log")
        // the kernel's extended ack between them ("netlink ext_ack: Unsupported mode") is read as
        // a detail of the probe's line, with no meaning of its own
        XCTAssertEqual(events("pluto-log", text).compactMap { $0 }, ["kernel_probe_failed", "informational", "kernel_feature_missing"])
        XCTAssertTrue(parse("pluto-log", text).unparsed.isEmpty)
        let f = logFacts("pluto-log", text)
        XCTAssertEqual(f["log.system.kernel_feature_missing"]?.value, .bool(true))
        XCTAssertEqual(f["log.child.install_failed"]?.value, .bool(false))
        let real = try report("libreswan-faq-add-sa-errno-22-aes-gcm")
        XCTAssertEqual(logFacts("pluto-log", real)["log.child.install_failed"]?.value, .bool(true))
        XCTAssertEqual(logFacts("pluto-log", real)["log.system.kernel_feature_missing"]?.value, .bool(false))
    }

    /// hwdsl2/docker-ipsec-vpn-server#19 and libreswan#2188: pluto's FATAL ERROR names a kernel
    /// without XFRM; that is the kernel, not a crash of its own, and a start line pasted after it
    /// (the same process, libreswan#2188) does not clear it.
    func testPlutoFatalStartOnAKernelWithoutXfrm() throws {
        for name in ["hwdsl2-docker-ipsec-vpn-server-19-init-netlink-macos", "libreswan-2188-fatal-no-xfrm-stat-custom-kernel"] {
            let text = try report(name)
            XCTAssertEqual(LogRecognition.sniff(text)?.source, "pluto-log", name)
            let f = logFacts("pluto-log", text)
            XCTAssertEqual(f["log.kernel.esp_unsupported"]?.value, .bool(true), name)
            XCTAssertEqual(f["log.system.daemon_crashed"]?.value, .bool(false), name)
        }
        // any other FATAL ERROR is still pluto's end (libreswan#1672)
        let other = try report("libreswan-1672-pluto-start-unbound-old-kernel")
        XCTAssertEqual(logFacts("pluto-log", other)["log.system.daemon_crashed"]?.value, .bool(true))
    }

    /// pastebin qL2e0vf5 (Openswan 2.4.9's setup script) and microsoft/WSL#585 (strongSwan's
    /// starter): no kernel IPsec found. The starter's words are weak (it looks for PF_KEY, charon
    /// uses XFRM) and a CHILD SA established after them settles it.
    func testSetupScriptAndStarterFindNoStack() throws {
        let openswan = try report("pastebin-qL2e0vf5-openswan-xen-kernel-lacks-ipsec")
        XCTAssertEqual(LogRecognition.sniff(openswan)?.source, "pluto-log")
        XCTAssertEqual(logFacts("pluto-log", openswan)["log.kernel.esp_unsupported"]?.value, .bool(true))

        let wsl = try report("microsoft-wsl-585-starter-no-ipsec-stack")
        XCTAssertEqual(LogRecognition.sniff(wsl)?.source, "charon-log")
        XCTAssertEqual(events("charon-log", wsl).compactMap { $0 }, ["ipsec_stack_undetected"])
        let f = logFacts("charon-log", wsl)
        XCTAssertEqual(f["log.kernel.esp_unsupported"]?.value, .bool(true))
        XCTAssertEqual(f["log.kernel.esp_unsupported"]?.certainty ?? 1, 0.6, accuracy: 0.001)
        // the lab's healthy strongSwan gateway establishing its CHILD SA after the starter's words
        let healthy = wsl + "\nDec  2 10:22:38 vm charon: 08[IKE] CHILD_SA net{1} established with SPIs 0cadd444_i d8bc86b6_o and TS 10.2.0.0/24 === 10.1.0.0/24"
        XCTAssertEqual(logFacts("charon-log", healthy)["log.kernel.esp_unsupported"]?.value, .bool(false))
    }

    /// The FreeS/WAN FAQ's headings and a user's lines it quotes: `_plutorun`'s failure line
    /// without its tag and with the FAQ's placeholders, the phase 1 attribute pluto does not
    /// support, and pluto finding no usable interface.
    func testFreeswanFaqMessages() throws {
        XCTAssertEqual(events("pluto-log", try report("freeswan-faq-pluto-failure-signal-4")), ["daemon_crashed"])
        // a clean exit status names no signal; the tagged form keeps its reading
        XCTAssertEqual(events("pluto-log", "!pluto failure!:  exited with error status 1"), [nil])
        XCTAssertEqual(events("pluto-log", "Feb 27 03:56:21 95c8b00b590f ipsec__plutorun: !pluto failure!:  exited with error status 139 (signal 11)"), ["daemon_crashed"])

        let des = try report("freeswan-faq-oakley-des-cbc-not-supported")
        XCTAssertEqual(LogRecognition.sniff(des)?.source, "pluto-log")
        XCTAssertEqual(logFacts("pluto-log", des)["log.ike.no_proposal_chosen"]?.value, .bool(true))
        XCTAssertEqual(LibreswanMessages.catalogue.classify("OAKLEY_DES_CBC is not supported.  Attribute OAKLEY_ENCRYPTION_ALGORITHM")?.event, "no_proposal_chosen")

        let shared = try report("freeswan-faq-interfaces-share-address")
        XCTAssertEqual(events("pluto-log", shared), [nil, nil, nil, nil, "no_ike_config"])
        XCTAssertEqual(logFacts("pluto-log", shared)["log.ike.no_ike_config"]?.value, .bool(true))
    }

    /// Libreswan's FAQ (reports14's leftover): ICMP host unreachable for a message to the peer's
    /// NAT-T port on an idle tunnel is the NAT router's lost mapping; on port 500 it stays the
    /// plain unreachable reading. 3.x and 4.x/5.x forms.
    func testUnreachableOnTheNattPort() throws {
        let text = try report("libreswan-faq-async-error-no-route-natt-mapping")
        let f = logFacts("pluto-log", text)
        XCTAssertEqual(f["log.ike.unreachable"]?.value, .bool(true))
        XCTAssertEqual(f["log.ike.unreachable_natt"]?.value, .bool(true))
        XCTAssertTrue(PlutoLogParser.onNattPort("ERROR: \"lab\" #1: asynchronous network error report on eth0 (192.0.2.2:4500), complainant 198.51.100.1: No route to host [errno 113, origin ICMP type 3 code 1 (not authenticated)]"))
        let port500 = "ERROR: asynchronous network error report on eth0 (sport=500) for message to 192.0.2.2 port 500, complainant 192.0.2.2: No route to host [errno 113, origin ICMP type 3 code 1 (not authenticated)]"
        XCTAssertEqual(logFacts("pluto-log", port500)["log.ike.unreachable"]?.value, .bool(true))
        XCTAssertNil(logFacts("pluto-log", port500)["log.ike.unreachable_natt"])
    }
}
