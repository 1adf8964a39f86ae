import Facts
import Foundation
import Testing
@testable import Compare
@testable import Probes

/// `collect --psk-fingerprint`: each snapshot holds a keyed hash of its PSKs, never the PSK;
/// two snapshots made with the same key file tell compare whether the keys are equal.
@Suite struct PSKFingerprintTests {
    /// The lab gateways' real swanctl.conf (secrets cut by capture) with a secrets block in the
    /// syntax of swanctl.conf(5), keys made up here for the test.
    static func config(_ side: String, secret: String) throws -> String {
        let conf = try String(contentsOfFile: LabFixturePairTests.lab + "/healthy/\(side)/swanctl.conf", encoding: .utf8)
        let (me, peer) = side == "a" ? ("gw-a.lab.test", "gw-b.lab.test") : ("gw-b.lab.test", "gw-a.lab.test")
        return conf + "\nsecrets {\n  ike-lab {\n    id-1 = \(me)\n    id-2 = \(peer)\n    secret = \"\(secret)\"\n  }\n}\n"
    }

    static func snapshot(_ side: String, secret: String, key: Data) throws -> String {
        let dir = NSTemporaryDirectory() + "flt-psk-\(UUID().uuidString)/gw-\(side)"
        let conf = try config(side, secret: secret)
        let outputs = [ProbeOutput(name: "swanctl-conf", source: "swanctl-conf", kind: .config, command: ["read", "/etc/swanctl/swanctl.conf"],
                                   text: conf, state: .ok, seconds: 0.01, path: "/etc/swanctl/swanctl.conf")]
        let c = Collector(out: dir, includeSecrets: false, version: "test", pskFingerprintKey: key)
        try c.prepare()
        _ = try c.write(outputs, host: HostInfo(os: "linux", release: "test", hostname: "gw-\(side)", uid: 0, user: "root"))
        return dir
    }

    static let key = Data("a test key of 32 bytes, not secret".utf8)

    /// Removes a snapshot made by `snapshot` with its temporary parent folder.
    static func remove(_ dir: String) {
        try? FileManager.default.removeItem(atPath: (dir as NSString).deletingLastPathComponent)
    }

    @Test func differentKeysAreNamedWithoutRevealingEither() throws {
        let a = try Self.snapshot("a", secret: "Lab-Secret-One-1234", key: Self.key)
        defer { Self.remove(a) }
        let b = try Self.snapshot("b", secret: "Lab-Secret-Two-5678", key: Self.key)
        defer { Self.remove(b) }
        let r = Comparison.run(try SnapshotAdapter.gateway(snapshot: a), try SnapshotAdapter.gateway(snapshot: b))
        let d = try #require(r.differences.first)
        #expect(d.item == .psk && d.confidence > 0.9)
        #expect(r.tunnels.first?.pskEqual == false)
        for dir in [a, b] {
            for f in FileManager.default.enumerator(atPath: dir)!.compactMap({ $0 as? String }) {
                let text = (try? String(contentsOfFile: dir + "/" + f, encoding: .utf8)) ?? ""
                #expect(!text.contains("Lab-Secret"), "\(f) holds the PSK")
            }
        }
    }

    @Test func equalKeysAreConfirmedEqual() throws {
        let a = try Self.snapshot("a", secret: "Same-Secret-42", key: Self.key)
        defer { Self.remove(a) }
        let b = try Self.snapshot("b", secret: "Same-Secret-42", key: Self.key)
        defer { Self.remove(b) }
        let r = Comparison.run(try SnapshotAdapter.gateway(snapshot: a), try SnapshotAdapter.gateway(snapshot: b))
        #expect(r.differences.filter { $0.severity == .problem }.isEmpty)
        #expect(r.tunnels.first?.pskEqual == true)
        #expect(r.facts(forA: true).value("peer.psk_confirmed_equal") == .bool(true))
    }

    @Test func fingerprintsUnderDifferentKeysAreNotCompared() throws {
        let a = try Self.snapshot("a", secret: "Same-Secret-42", key: Self.key)
        defer { Self.remove(a) }
        let b = try Self.snapshot("b", secret: "Same-Secret-42", key: Data("another key, also 32 bytes long!".utf8))
        defer { Self.remove(b) }
        let r = Comparison.run(try SnapshotAdapter.gateway(snapshot: a), try SnapshotAdapter.gateway(snapshot: b))
        #expect(r.tunnels.first?.pskEqual == nil)
        #expect(r.tunnels.first?.pskNote?.contains("different keys") == true)
    }

    @Test func keyFileMustBeLongEnough() throws {
        let path = NSTemporaryDirectory() + "flt-short-key-\(UUID().uuidString)"
        try "short\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: DoctorError.self) { try PSKFingerprinter.loadKey(path) }
    }

    /// ipsec.secrets syntax (strongSwan and Libreswan): `ID ID : PSK "secret"`, hex and base64 in swanctl.
    @Test func secretsSyntaxes() {
        let k = Self.key
        let fs = PSKFingerprinter.fingerprints(files: [("/etc/ipsec.secrets", "# c\n192.0.2.1 192.0.2.2 : PSK \"abc\"\n: PSK \"any\"\n"),
                                                     ("swanctl.conf", "secrets {\n ike-x {\n  secret = 0x616263\n }\n}\n")], key: k)
        #expect(fs.count == 3)
        #expect(fs[0].ids == ["192.0.2.1", "192.0.2.2"])
        #expect(fs[0].fingerprint == fs[2].fingerprint, "0x616263 is \"abc\"")
        #expect(fs[1].ids.isEmpty)
        #expect(fs[0].fingerprint != PSKFingerprinter.fingerprint(psk: Data("abc".utf8), key: Data("other key other key".utf8)))
    }
}
