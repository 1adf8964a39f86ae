import Facts
import Foundation
@testable import Probes
import XCTest

/// A folder of saved outputs where each command's stderr sits beside its output as
/// `NAME.stderr.txt` (the lab's captures, Tests/Fixtures/lab/README.md): the stderr tells how
/// the command fared, as a live probe's would, and is never read as a daemon's log.
final class SavedStderrTests: XCTestCase {
    static let lab = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/lab").path

    /// daemon-down, gateway a: charon never started, swanctl printed nothing on stdout and
    /// "connecting to 'unix:///var/run/charon.vici' failed" on stderr.
    func testAnUnreachableControlSocketIsTheProbesFailureNotALog() throws {
        let store = try SnapshotReader.read(Self.lab + "/daemon-down/a").facts()
        XCTAssertEqual(store.value("ike.daemon.control_socket"), .bool(false))
        let sas = try XCTUnwrap(store.probes.first { $0.name == "swanctl-list-sas" })
        XCTAssertEqual(sas.state, .failed)
        XCTAssertTrue(sas.reason?.contains("charon.vici") == true, sas.reason ?? "")
        XCTAssertFalse(store.facts.values.contains { $0.provenance.contains { $0.source.hasSuffix(".stderr.txt") } },
                       "a stderr file was read as a log")
    }

    /// cert-not-authorized, gateway b: swanctl worked (stdout holds the SAs) and printed only its
    /// plugin-loading lines on stderr: no failure, and those lines are not charon's plugin errors.
    func testPluginNoiseBesideAnOutputIsIgnored() throws {
        let store = try SnapshotReader.read(Self.lab + "/cert-not-authorized/b").facts()
        XCTAssertFalse(store.probes.contains { $0.state == .failed && $0.name.hasPrefix("swanctl-") })
        XCTAssertFalse(store.facts.values.contains { $0.provenance.contains { $0.source.hasSuffix(".stderr.txt") } },
                       "a stderr file was read as a log")
    }
}
