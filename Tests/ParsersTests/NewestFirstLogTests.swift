import Facts
import Foundation
import XCTest
@testable import Parsers

/// Log viewers list newest first (OPNsense's log page, Kibana, Graylog, `journalctl -r`): a log
/// pasted from one is read in the order the daemon wrote it (LogOrder), with every line a user
/// sees still the line of the paste — and a log written oldest first is never turned around.
final class NewestFirstLogTests: XCTestCase {
    /// A real report pasted from OPNsense's log page, newest first (its time stamps go down).
    static let opnsense = "reports/opnsense-core-45-unsupported-ike-version/snapshot/report.log"

    func testARealNewestFirstReportIsReadInTheDaemonsOrder() throws {
        let text = try Fixtures.text(Self.opnsense)
        let pasted = text.split(separator: "\n", omittingEmptySubsequences: false)
        let r = parse("charon-log", text)
        XCTAssertNotNil(r.givenLines, "OPNsense's newest-first page not recognised as newest first")
        let times = r.records.compactMap { $0.str("time") }
        XCTAssertGreaterThan(times.count, 3)
        XCTAssertEqual(times, times.sorted(), "records not in the daemon's order")
        // what `parse` prints names each record by the line of the paste that holds it
        for record in r.json["records"]?.arrayValue ?? [] {
            let line = try XCTUnwrap(record.recordLine)
            XCTAssertEqual(record.str("text").map { pasted[line - 1].contains($0) }, true, "record at line \(line) is not that line")
        }
    }

    /// The lab's real daemon logs (strongSwan's charon.log, Libreswan's pluto.log) turned newest
    /// first read as they were written: the same failures in the same order, the same facts,
    /// and each fact's log line the pasted line holding its text. A log all in one second has
    /// nothing that tells its order and is left as pasted (counted, not checked).
    func testALabLogShownNewestFirstGivesTheSameFacts() throws {
        var checked = 0, oneSecond = 0, cited = 0
        for (dir, file, source) in [("lab", "charon.log", "charon-log"), ("libreswan-lab", "pluto.log", "pluto-log")] {
            for end in Self.ends(in: dir, holding: file) {
                let text = try Fixtures.text(end + "/" + file)
                let lines = text.split(separator: "\n").map(String.init)
                let reversed = lines.reversed().joined(separator: "\n") + "\n"
                let r = parse(source, reversed)
                guard r.givenLines != nil else {
                    oneSecond += 1
                    XCTAssertEqual(Set(lines.compactMap { TimeKey(Substring($0).utf8)?.seconds }).count, 1,
                                   "\(end)/\(file): a log over several seconds not taken for newest first")
                    continue
                }
                checked += 1
                let forward = parse(source, text)
                XCTAssertEqual(r.records.compactMap { $0.str("event") }, forward.records.compactMap { $0.str("event") },
                               "\(end)/\(file) newest first: other failures or another order")
                XCTAssertEqual(logFactValues(source, reversed), logFactValues(source, text), "\(end)/\(file) newest first: other facts")
                let pasted = reversed.split(separator: "\n", omittingEmptySubsequences: false)
                for fact in logFacts(source, reversed).values {
                    for p in fact.provenance where p.kind == .log {
                        // an excerpt that is a line's text (not a summary such as "a charon log")
                        guard let line = p.line, let excerpt = p.excerpt, pasted.contains(where: { $0.contains(excerpt) }) else { continue }
                        cited += 1
                        XCTAssertTrue(pasted[line - 1].contains(excerpt), "\(end)/\(file): \(fact.name) cites line \(line), which is not '\(excerpt)'")
                    }
                }
            }
        }
        XCTAssertGreaterThanOrEqual(checked, 60, "fewer lab logs than expected")
        XCTAssertGreaterThan(cited, 100, "few facts cite a log line")
        print("lab logs newest first: \(checked) read in the daemon's order, \(oneSecond) all in one second left as pasted")
    }

    /// No log in the repository's fixtures (and the shared corpus, where present) that its daemon
    /// wrote oldest first is taken for newest first. The ones that are: two reports pasted from
    /// OPNsense's log page, and an F5 article's lines of three days (2018-03-20, 2018-03-12,
    /// 2014-06-02) listed newest first.
    func testNoLogWrittenOldestFirstIsTurnedAround() throws {
        var roots = [Fixtures.root]
        let corpus = Fixtures.corpusRoot.deletingLastPathComponent()
        if FileManager.default.fileExists(atPath: corpus.path) { roots.append(corpus) }
        var seen = 0, turned: [String] = []
        for root in roots {
            let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.fileSizeKey])
            while let url = walker?.nextObject() as? URL {
                guard let size = try? url.resourceValues(forKeys: [.fileSizeKey]).fileSize, size < 8_000_000,
                      let data = FileManager.default.contents(atPath: url.path) else { continue }
                let text = String(decoding: data, as: UTF8.self)
                seen += 1
                if LogOrder.oldestFirst(text) != nil { turned.append(url.path.replacingOccurrences(of: Fixtures.root.path + "/", with: "")) }
            }
        }
        XCTAssertGreaterThan(seen, 1000)
        XCTAssertEqual(turned.sorted(), ["real/racoon-log/f5-racoon-log-info-tunnel-state.txt", Self.opnsense,
                                         "reports/opnsense-core-6276-no-psk-main-mode-config/snapshot/report.log"])
    }

    static func ends(in dir: String, holding file: String) -> [String] {
        Fixtures.files(in: dir).flatMap { scenario in ["a", "b"].map { scenario + "/" + $0 } }
            .filter { Fixtures.exists($0 + "/" + file) }
    }
}
