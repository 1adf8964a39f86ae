import Foundation
import XCTest

/// A snapshot sent as an archive: the other end's admin runs `collect` and mails the folder as
/// `gw1.tar.gz`. diagnose, compare, trace and fleet read it as the folder it holds (made here by
/// the real `tar`); a hostile archive writes nothing outside the private folder it is unpacked
/// to; a zip is named with the command that unpacks it.
final class SnapshotArchiveCLITests: XCTestCase {
    static let lab = CLI.repo + "/Tests/Fixtures/lab"

    func tempDir() throws -> String {
        let dir = NSTemporaryDirectory() + "archive-cli-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: dir) }
        return dir
    }

    func run(_ tool: String, _ args: [String]) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = [tool] + args
        try p.run()
        p.waitUntilExit()
        try XCTSkipUnless(p.terminationStatus == 0, "\(tool) \(args) failed (exit \(p.terminationStatus))")
    }

    static func findings(_ r: CLI.Result) -> [String] {
        (r.json?["findings"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
    }

    func testATarredSnapshotGivesTheFoldersDiagnosis() throws {
        let dir = try tempDir()
        for (end, flags) in [("a", "czf"), ("b", "cf")] {
            let archive = dir + "/psk-\(end)." + (flags == "czf" ? "tar.gz" : "tar")
            try run("tar", [flags, archive, "-C", Self.lab + "/psk-mismatch", end])
            let folder = try CLI.run(["diagnose", "--snapshot", Self.lab + "/psk-mismatch/" + end, "--format", "json"])
            let packed = try CLI.run(["diagnose", "--snapshot", archive, "--format", "json"])
            XCTAssertEqual(packed.status, folder.status, packed.stderr)
            XCTAssertEqual(Self.findings(packed), Self.findings(folder), archive)
            XCTAssertFalse(Self.findings(folder).isEmpty)
        }
        // compare reads both ends packed; each keeps the name of its folder
        let pair = try CLI.run(["compare", dir + "/psk-a.tar.gz", dir + "/psk-b.tar"])
        XCTAssertEqual(pair.status, 1, pair.stderr)
        XCTAssertTrue(pair.stdout.hasPrefix("ipsec-doctor compare: a (") && pair.stdout.contains("<-> b ("), pair.stdout)
        XCTAssertTrue(pair.stdout.contains("psk"), pair.stdout)
        // and fleet takes a packed gateway beside a folder
        let fleet = dir + "/fleet"
        try FileManager.default.createDirectory(atPath: fleet, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: dir + "/psk-a.tar.gz", toPath: fleet + "/gw-a.tar.gz")
        try FileManager.default.copyItem(atPath: Self.lab + "/psk-mismatch/b", toPath: fleet + "/gw-b")
        let f = try CLI.run(["fleet", fleet, "--format", "json"])
        XCTAssertEqual(f.status, 1, f.stderr)
        let names = (f.json?["gateways"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
        XCTAssertEqual(Set(names), ["gw-a", "gw-b"], f.stdout)
    }

    /// A `collect` folder tarred from its parent (`tar czf gw.tgz snapshots/gw1`): the folder
    /// holding manifest.json is the snapshot, however deep.
    func testTheFolderHoldingTheManifestIsTheSnapshot() throws {
        let dir = try tempDir()
        let collected = try CLI.run(["collect", "--out", dir + "/snapshots/gw1", "--log", Self.lab + "/psk-mismatch/a/charon.log", "--deadline", "5"])
        XCTAssertEqual(collected.status, 0, collected.stderr)
        try run("tar", ["czf", dir + "/gw.tgz", "-C", dir, "snapshots"])
        let folder = try CLI.run(["diagnose", "--snapshot", dir + "/snapshots/gw1", "--format", "json"])
        let packed = try CLI.run(["diagnose", "--snapshot", dir + "/gw.tgz", "--format", "json"])
        XCTAssertEqual(Self.findings(packed), Self.findings(folder), packed.stderr)
    }

    /// Members named `../..`, absolute paths and links: nothing lands outside the private folder,
    /// the link is not made; what is wrong is said of the archive, not of a temporary path.
    func testAHostileArchiveWritesNothingOutsideItsFolder() throws {
        let dir = try tempDir()
        let escaped = dir + "/escaped.txt"
        let script = """
        import io, sys, tarfile
        t = tarfile.open(sys.argv[1], 'w')
        def add(name, data=b'x', kind=tarfile.REGTYPE, link=''):
            ti = tarfile.TarInfo(name); ti.type = kind; ti.linkname = link
            ti.size = len(data) if kind == tarfile.REGTYPE else 0
            t.addfile(ti, io.BytesIO(data) if kind == tarfile.REGTYPE else None)
        add('../' * 12 + sys.argv[2].lstrip('/'), b'escaped')
        add('/etc/passwd-copy', b'absolute')
        add('gw/link', kind=tarfile.SYMTYPE, link='/etc/shadow')
        add('gw/hard', kind=tarfile.LNKTYPE, link='/etc/shadow')
        t.close()
        """
        try script.write(toFile: dir + "/make.py", atomically: true, encoding: .utf8)
        try run("python3", [dir + "/make.py", dir + "/evil.tar", escaped])
        let r = try CLI.run(["diagnose", "--snapshot", dir + "/evil.tar"])
        XCTAssertEqual(r.status, 65, r.stdout)
        XCTAssertTrue(r.stderr.contains("evil.tar (a tar archive, unpacked)"), r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: escaped), "a member was written outside the unpacking folder")
    }

    func testAZipIsNamedWithTheCommandThatUnpacksIt() throws {
        let dir = try tempDir()
        // a zip's local file header, as `zip` writes it first (PKWARE APPNOTE 4.3.7)
        var bytes: [UInt8] = [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x00, 0x00]
        bytes += [UInt8](repeating: 0, count: 600)
        FileManager.default.createFile(atPath: dir + "/gw1.zip", contents: Data(bytes))
        let r = try CLI.run(["diagnose", "--snapshot", dir + "/gw1.zip"])
        XCTAssertEqual(r.status, 65, r.stdout)
        XCTAssertTrue(r.stderr.contains("a zip archive; not read: unpack it (`unzip"), r.stderr)
    }
}
