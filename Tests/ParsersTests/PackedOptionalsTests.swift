import XCTest
import Facts
@testable import Parsers

/// swanctl.conf and `--list-conns` records keep their rarely set optionals packed
/// (`PackedOptionals`) and a TunnelChild its origin in parts (PERFORMANCE.md, tenth pass). The
/// records are compared with the reference parsers' JSON on every real input (TypedRecordTests,
/// ByteScanEquivalenceTests), but real inputs set few of these fields: here every one is set, in
/// an order other than the stored one, replaced and cleared, as a parser or a test may.
final class PackedOptionalsTests: XCTestCase {
    func testSwanctlConfRecordFieldsReadBackAsSet() throws {
        var a = SwanctlConfRecord(line: 3, kind: .connection)
        a.path = "conf.d/*.conf"; a.type = "ike"; a.randTime = "0"; a.reauthTime = "0s"; a.rekeyTime = "4h"
        a.dpdDelay = "30s"; a.aggressive = "no"; a.encap = "yes"; a.remotePort = -1; a.localPort = 4500
        a.version = 1_000_000_007; a.inherits = "ñ-base"; a.name = "gw"
        var ch = SwanctlConfRecord.Child(line: 7, name: "net")
        ch.randTime = "1m"; ch.lifeTime = "1h"; ch.rekeyTime = "50m"; ch.mode = "tunnel"; ch.dpdAction = "clear"
        ch.closeAction = "none"; ch.startAction = "trap"
        a.children = [ch]
        XCTAssertEqual([a.inherits, a.encap, a.aggressive, a.dpdDelay, a.rekeyTime, a.reauthTime, a.randTime, a.type, a.path],
                       ["ñ-base", "yes", "no", "30s", "4h", "0s", "0", "ike", "conf.d/*.conf"])
        XCTAssertEqual([a.version, a.localPort, a.remotePort], [1_000_000_007, 4500, -1])
        XCTAssertEqual([ch.startAction, ch.closeAction, ch.dpdAction, ch.mode, ch.rekeyTime, ch.lifeTime, ch.randTime],
                       ["trap", "none", "clear", "tunnel", "50m", "1h", "1m"])
        // the JSON names every field once, in the order of the record's keys, and reads back equal
        let json = JSONValueCoding.encode(a)
        guard case let .object(members) = json else { return XCTFail("not an object: \(json)") }
        XCTAssertEqual(members.map(\.0), ["line", "kind", "name", "inherits", "version", "local_port", "remote_port", "encap",
                                          "aggressive", "dpd_delay", "rekey_time", "reauth_time", "rand_time", "children",
                                          "type", "path"])
        XCTAssertEqual(try JSONValueCoding.decode(SwanctlConfRecord.self, from: json), a)
        // replaced and cleared: the same as never set
        var b = a
        b.encap = "no"; XCTAssertEqual(b.encap, "no"); XCTAssertEqual(b.aggressive, "no"); XCTAssertNotEqual(a, b)
        for k in [\SwanctlConfRecord.path, \.type, \.randTime, \.reauthTime, \.rekeyTime, \.dpdDelay, \.aggressive, \.encap, \.inherits] {
            b[keyPath: k] = nil
        }
        b.version = nil; b.localPort = nil; b.remotePort = nil; b.children = nil; b.name = nil
        XCTAssertEqual(b, SwanctlConfRecord(line: 3, kind: .connection))
    }

    func testListConnsChildFieldsReadBackAsSet() throws {
        var c = SwanctlLoadedConnRecord.Child(line: 2, name: "net", mode: "TUNNEL")
        c.label = "system_u:object_r:ipsec_spd_t:s0"; c.priority = 0; c.interface = "xfrm0"
        XCTAssertEqual(c.interface, "xfrm0"); XCTAssertEqual(c.priority, 0); XCTAssertEqual(c.label, "system_u:object_r:ipsec_spd_t:s0")
        var r = SwanctlLoadedConnRecord(line: 1, name: "gw", version: "IKEv2", ikeVersion: 2)
        r.dpdDelay = 30; r.reauthTime = 0; r.rekeyTime = 14400; r.children = [c]
        XCTAssertEqual([r.reauthTime, r.rekeyTime, r.dpdDelay], [0, 14400, 30])
        XCTAssertEqual(try JSONValueCoding.decode(SwanctlLoadedConnRecord.self, from: JSONValueCoding.encode(r)), r)
        c.interface = nil; c.priority = nil; c.label = nil
        XCTAssertEqual(c, SwanctlLoadedConnRecord.Child(line: 2, name: "net", mode: "TUNNEL"))
    }

    func testTunnelChildOriginReadsBackAsGiven() {
        for origin in [Provenance(.file, "/etc/swanctl/swanctl.conf", line: 12), Provenance(.probe, "swanctl-list-conns"),
                       Provenance(.probe, "xfrm-policy", line: 0, excerpt: "src 10.0.0.0/16 dst 10.1.0.0/24")] {
            var t = TunnelChild(conn: "gw", origin: origin)
            XCTAssertEqual(t.origin, origin)
            t.origin = Provenance(.log, "charon.log", line: 7)
            XCTAssertEqual(t.origin, Provenance(.log, "charon.log", line: 7))
            XCTAssertEqual(t, TunnelChild(conn: "gw", origin: Provenance(.log, "charon.log", line: 7)))
        }
    }

    /// An xfrm-policy template keeps iproute2's words for proto, mode and level as a byte and
    /// any other text beside (stop 25): both kinds read back, encode and compare as set.
    func testXfrmPolicyTemplateFieldsReadBackAsSet() throws {
        typealias T = XfrmPolicyRecord.Template
        var a = T(src: "2001:db8::1", dst: "192.0.2.2")
        a.level = "use"; a.mode = "tunnel"; a.reqid = 0; a.spi = "0x0000c001"; a.proto = "esp"
        XCTAssertEqual([a.proto, a.spi, a.mode, a.level], ["esp", "0x0000c001", "tunnel", "use"])
        XCTAssertEqual(a.reqid, 0)
        var b = T(src: "2001:db8::1", dst: "192.0.2.2")
        b.proto = "50"; b.mode = "mode-9"; b.level = "Use"; b.reqid = -3
        XCTAssertEqual([b.proto, b.spi, b.mode, b.level], ["50", nil, "mode-9", "Use"])
        XCTAssertEqual(b.reqid, -3)
        for t in [a, b] {
            let json = JSONValueCoding.encode(t)
            guard case let .object(members) = json else { return XCTFail("not an object: \(json)") }
            XCTAssertEqual(members.map(\.0), ["src", "dst", "proto", "spi", "reqid", "mode", "level"].filter { k in
                switch k { case "spi": t.spi != nil; case "reqid": t.reqid != nil; default: true }
            })
            XCTAssertEqual(try JSONValueCoding.decode(T.self, from: json), t)
        }
        // a word set as text after other text, and the reverse: equal to set once
        var c = b
        c.proto = "esp"; c.mode = "tunnel"; c.level = "use"; c.spi = "0x0000c001"; c.reqid = 0
        XCTAssertEqual(c, a)
        c.proto = "50"; c.mode = "mode-9"; c.level = "Use"; c.spi = nil; c.reqid = -3
        XCTAssertEqual(c, b)
        c.proto = nil; c.mode = nil; c.level = nil; c.reqid = nil
        XCTAssertEqual(c, T(src: "2001:db8::1", dst: "192.0.2.2"))
        XCTAssertNil(c.proto); XCTAssertNil(c.reqid)
    }
}
