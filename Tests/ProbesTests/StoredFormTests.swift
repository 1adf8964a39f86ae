import Foundation
import Parsers
@testable import Probes
import XCTest

/// Files that are not plain text, as admins give them: a rotated log logrotate compressed
/// (`syslog.2.gz`), a syslog with a block of NULs after a crash, a binary file named by mistake,
/// a log in another container. Each is read as its text or refused with a reason that says what
/// to do — never parsed as garbage (before: a 300 KB binary took 7 s of a release build and read
/// as "no daemon recognised"; a gzip log was garbage too).
final class StoredFormTests: XCTestCase {
    /// A real report's log (Libreswan's console lines, libreswan#913).
    static let log = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().path
        + "/Fixtures/reports/libreswan-913/snapshot/report.log"

    func tempDir() throws -> String {
        let dir = NSTemporaryDirectory() + "stored-form-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: dir) }
        return dir
    }

    /// `gzip -c FILE > OUT` (gzip is essential on Debian).
    func gzip(_ file: String, to out: String) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/gzip")
        p.arguments = ["-c", file]
        FileManager.default.createFile(atPath: out, contents: nil)
        p.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: out))
        try p.run()
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0)
    }

    func testARotatedLogCompressedWithGzipIsReadAsItsText() throws {
        let dir = try tempDir(), gz = dir + "/pluto.log.1.gz"
        try gzip(Self.log, to: gz)
        let original = try String(contentsOfFile: Self.log, encoding: .utf8)
        let read = try FileReader.read(gz, limit: 1 << 20).get()
        XCTAssertEqual(read.text, original)
        XCTAssertFalse(read.truncated)
        // a log's tail: the last bytes of the text, from a whole line on
        let tail = try FileReader.read(gz, limit: 200, tail: true).get()
        XCTAssertTrue(tail.truncated)
        XCTAssertTrue(original.hasSuffix(tail.text))
        XCTAssertTrue(original.contains("\n" + tail.text), "the tail starts at a line")
        XCTAssertLessThanOrEqual(tail.data.count, 200)
        // two members one after the other (`cat a.gz b.gz`), as gzip itself reads them
        let twice = dir + "/twice.gz"
        let bytes = try Data(contentsOf: URL(fileURLWithPath: gz))
        try (bytes + bytes).write(to: URL(fileURLWithPath: twice))
        XCTAssertEqual(try FileReader.read(twice, limit: 1 << 20).get().text, original + original)
    }

    func testADamagedGzipKeepsWhatWasInflatedOrSaysWhy() throws {
        let dir = try tempDir(), gz = dir + "/pluto.log.gz"
        try gzip(Self.log, to: gz)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: gz))
        // cut in its header (gzip -c keeps the file's name there, up to a NUL): nothing to read
        let cut = dir + "/cut.gz"
        try bytes.prefix(14).write(to: URL(fileURLWithPath: cut))
        guard case let .failure(f) = FileReader.read(cut, limit: 1 << 20) else { return XCTFail("a cut header read as text") }
        XCTAssertTrue(f.notText)
        XCTAssertTrue(f.message.contains("not a complete gzip file"), f.message)
        // the header kept, the deflate stream made garbage from its start
        let nameEnd = bytes[10...].firstIndex(of: 0)!
        for i in (nameEnd + 1)..<bytes.count { bytes[i] = 0xFF }
        try bytes.write(to: URL(fileURLWithPath: gz))
        guard case let .failure(g) = FileReader.read(gz, limit: 1 << 20) else { return XCTFail("garbage read as text") }
        XCTAssertTrue(g.notText)
        XCTAssertTrue(g.message.contains("not a valid gzip file"), g.message)
        // cut in the middle of its data (a copy that stopped): the lines before the cut are read
        let original = try String(contentsOfFile: Self.log, encoding: .utf8)
        let half = dir + "/half.gz"
        try gzip(Self.log, to: half)
        let whole = try Data(contentsOf: URL(fileURLWithPath: half))
        try whole.prefix(whole.count * 2 / 3).write(to: URL(fileURLWithPath: half))
        let read = try FileReader.read(half, limit: 1 << 20).get()
        XCTAssertTrue(read.truncated)
        XCTAssertFalse(read.text.isEmpty)
        XCTAssertTrue(original.hasPrefix(read.text))
    }

    func testABinaryFileIsRefusedSayingSo() throws {
        // a real binary (an ELF executable) given as a log
        let dir = try tempDir(), path = dir + "/syslog"
        try FileManager.default.copyItem(atPath: URL(fileURLWithPath: "/bin/sh").resolvingSymlinksInPath().path, toPath: path)
        guard case let .failure(f) = FileReader.read(path, limit: 16 << 20, tail: true) else { return XCTFail("a binary read as text") }
        XCTAssertTrue(f.notText)
        XCTAssertTrue(f.message.hasPrefix(path + ": binary data, not text"), f.message)
    }

    /// A big executable's tail is its string tables (ASCII symbol names) between NULs: too few
    /// bad bytes to call it binary by their share, but NULs scattered in hundreds of places.
    func testAnExecutablesStringTablesAreNotALog() throws {
        // ipsec-doctor's own debug build (what `parse SOURCE FILE` took for text before)
        let exe = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path + "/.build/debug/ipsec-doctor"
        try XCTSkipUnless(FileManager.default.fileExists(atPath: exe), "no debug build at \(exe)")
        guard case let .failure(f) = FileReader.read(exe, limit: 256 << 20) else { return XCTFail("an executable read as text") }
        XCTAssertTrue(f.notText)
        XCTAssertTrue(f.message.contains("binary data, not text"), f.message)
    }

    func testANULBlockOfACrashIsALineBreakAndTheLogStillReads() throws {
        let dir = try tempDir(), path = dir + "/syslog"
        let lines = try String(contentsOfFile: Self.log, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        // a line cut short by the crash, then the room the file system kept, then the lines after
        let cut = Array(lines[3].utf8.prefix(20))
        var bytes = Array(lines[0..<3].joined(separator: "\n").utf8) + [0x0A] + cut + [UInt8](repeating: 0, count: 20000)
        bytes += Array(lines[4...].joined(separator: "\n").utf8)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let text = try FileReader.read(path, limit: 16 << 20).get().text
        XCTAssertFalse(text.contains("\0"))
        XCTAssertEqual(text, lines[0..<3].joined(separator: "\n") + "\n" + String(decoding: cut, as: UTF8.self) + "\n" + lines[4...].joined(separator: "\n"))
    }

    func testOtherContainersAreNamedWithTheCommandThatReadsThem() throws {
        // the formats' magic numbers (xz, bzip2, zstd, systemd's journal-def.h, pcap, pcapng)
        let cases: [([UInt8], String)] = [
            ([0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00, 0x00, 0x04], "xz -dc"),
            (Array("BZh91AY&".utf8), "bzip2 -dc"),
            ([0x28, 0xB5, 0x2F, 0xFD, 0x04, 0x58], "zstd -dc"),
            (Array("LPKSHHRH".utf8), "journalctl --file"),
            ([0xD4, 0xC3, 0xB2, 0xA1, 0x02, 0x00, 0x04, 0x00], "tcpdump -nn -v -r"),
            ([0x0A, 0x0D, 0x0D, 0x0A, 0x1C, 0x00, 0x00, 0x00], "tcpdump -nn -v -r"),
        ]
        let dir = try tempDir()
        for (i, (magic, command)) in cases.enumerated() {
            let path = dir + "/file\(i)"
            try Data(magic + [UInt8](repeating: 0x41, count: 100)).write(to: URL(fileURLWithPath: path))
            guard case let .failure(f) = FileReader.read(path, limit: 1 << 20) else { XCTFail("\(command): read as text"); continue }
            XCTAssertTrue(f.notText)
            XCTAssertTrue(f.message.contains("`\(command) \(path)"), f.message)
        }
        // text that merely starts like one ("BZh" then no block size) is text
        XCTAssertNil(StoredForm.of(prefix: Array("BZh is a word".utf8)))
    }

    func testTextWithSomeLatin1OrColoursIsText() throws {
        // a log with Latin-1 bytes (a host name typed in an old locale) and ANSI colours
        var bytes = Array(try String(contentsOfFile: Self.log, encoding: .utf8).utf8)
        bytes += [0x0A, 0x1B, 0x5B, 0x33, 0x31, 0x6D] + Array("m\u{1B}[0m gw-M".utf8) + [0xFC, 0x6E, 0x63, 0x68, 0x65, 0x6E, 0x0A]
        XCTAssertNil(bytes.withUnsafeBytes { TextCheck.notText($0) })
    }
}
