import Foundation
import XCTest
@testable import Parsers

/// The registry cannot forget a source: every file in Sources/Parsers/Sources/ declares one
/// `EvidenceSource`, and Registered.swift lists it.
final class SourceRegistryTests: XCTestCase {
    static let sourcesDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources/Parsers/Sources")

    func testEverySourceFileIsRegistered() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.sourcesDir.path)
            .filter { $0.hasSuffix(".swift") && $0 != "Registered.swift" }.sorted()
        XCTAssertFalse(files.isEmpty)
        let registered = Set(ParserRegistry.sources.map { String(describing: type(of: $0)) })
        let declaration = try NSRegularExpression(pattern: #"extension\s+(\w+)\s*:\s*EvidenceSource\b"#)
        var declared: Set<String> = []
        for file in files {
            let text = try String(contentsOf: Self.sourcesDir.appendingPathComponent(file), encoding: .utf8)
            let types = declaration.matches(in: text, range: NSRange(text.startIndex..., in: text))
                .compactMap { Range($0.range(at: 1), in: text).map { String(text[$0]) } }
            XCTAssertEqual(types.count, 1, "\(file): declare exactly one `extension X: EvidenceSource` (one source per file)")
            for t in types {
                declared.insert(t)
                XCTAssertTrue(registered.contains(t), "\(file): \(t) is not listed in Registered.swift")
            }
        }
        XCTAssertEqual(registered.subtracting(declared), [], "registered sources whose file is not in Sources/Parsers/Sources/")
    }

    /// Issue 10: every source's records are typed structs, not dictionaries read back by key.
    /// Each source parses its case inputs (or, with none yet, an empty text) into a typed store;
    /// a parser that built JSON records again would make a JSONRecordStore and fail here.
    func testEverySourceMakesTypedRecords() throws {
        let cases = Self.sourcesDir.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Tests/ParsersTests/Sources")
        var untyped: [String] = []
        for s in ParserRegistry.sources {
            let dir = cases.appendingPathComponent(s.source)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
            var texts = names.compactMap { try? String(contentsOf: dir.appendingPathComponent($0 + "/input.txt"), encoding: .utf8) }
                .filter { $0.utf8.allSatisfy { $0 < 0x80 } }   // the byte path; other text takes the reference parser
            if texts.isEmpty { texts = [""] }
            for t in texts where s.parse(t).store is JSONRecordStore { untyped.append(s.source); break }
        }
        XCTAssertEqual(untyped, [], "sources whose parser makes untyped (JSON) records")
    }

    func testNamesAreUniqueAndProbesFeedTheirOwnSource() {
        var seen: [String: String] = [:]
        for s in ParserRegistry.sources {
            for n in [s.source] + s.snapshotNames {
                XCTAssertNil(seen[n], "snapshot name \(n) claimed by both \(seen[n] ?? "") and \(s.source)")
                seen[n] = s.source
            }
            for p in s.probes {
                XCTAssertEqual(p.source, s.source, "probe \(p.name) declared by \(s.source) feeds \(p.source ?? "nothing")")
                XCTAssertEqual(p.kind, s.kind, "probe \(p.name) is a \(p.kind) but \(s.source) is a \(s.kind)")
            }
        }
        for p in SharedProbes.all { XCTAssertNil(p.source, "shared probe \(p.name) names a source: declare it in that source's file") }
        let names = ProbeCatalog.all.map { "\($0.platform.rawValue)/\($0.name)" }
        XCTAssertEqual(names.count, Set(names).count, "two probes of one name on one platform")
    }

    /// A log must say who writes it: without a writer it is never tried when a pasted log is
    /// recognised by content, and the user is told its source name instead of its daemon.
    func testEveryLogDeclaresItsWriterOnceRanked() {
        var ranks: [Int: String] = [:]
        for s in ParserRegistry.sources {
            guard let w = s.logWriter else {
                XCTAssertNotEqual(s.kind, .log, "\(s.source) is a log but declares no logWriter")
                continue
            }
            XCTAssertEqual(s.kind, .log, "\(s.source) declares a log writer but is a \(s.kind)")
            XCTAssertNil(ranks[w.recognitionRank], "\(s.source) and \(ranks[w.recognitionRank] ?? "") share rank \(w.recognitionRank): which wins a tie is undefined")
            ranks[w.recognitionRank] = s.source
            XCTAssertEqual(LogRecognition.daemon(of: s.source), w.name)
            if w.client != nil { XCTAssertFalse(w.clientEvents.isEmpty, "client log \(s.source) names no events: its log yields nothing") }
        }
        XCTAssertEqual(LogRecognition.logSources.prefix(3), ["charon-log", "racoon-log", "pluto-log"], "the daemons' order of recognition changed")
        XCTAssertEqual(Set(LogRecognition.logSources), Set(ParserRegistry.sources.filter { $0.kind == .log }.map(\.source)))
    }
}
