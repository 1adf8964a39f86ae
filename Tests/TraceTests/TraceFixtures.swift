import Foundation
import XCTest
import Facts
import Parsers
@testable import Trace

/// Paths of the fixtures trace is tested on.
enum TraceFixtures {
    static let tests = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    static let fixtures = tests.appendingPathComponent("Fixtures")
    /// ../shared/corpus from the worktree (absent outside the team's machines).
    static let corpus = tests.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/corpus/libreswan-console")

    static func lab(_ scenario: String, _ side: String) -> String { fixtures.appendingPathComponent("lab/\(scenario)/\(side)").path }

    static func host(_ dir: String) throws -> HostModel { try TraceInputs.snapshot(dir) }

    /// A host made of outputs given as text, parsed by the registered parsers (as a snapshot would be).
    static func host(_ outputs: [(source: String, origin: String, text: String)]) -> HostModel {
        var items: [ParsedSource] = []
        for o in outputs {
            guard let p = ParserRegistry.parser(named: o.source) else { XCTFail("no parser \(o.source)"); continue }
            items.append(ParsedSource(result: p.parse(o.text), origin: o.origin))
        }
        return TraceInputs.model(ParsedCollection(items), name: "test")
    }

    static func corpusText(_ name: String) throws -> String {
        let url = corpus.appendingPathComponent(name)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw XCTSkip("\(url.path) is absent: the shared corpus (../shared/corpus) is only on the team's machines")
        }
        return String(decoding: data, as: UTF8.self)
    }

    static func text(_ relative: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: fixtures.appendingPathComponent(relative).path) else {
            throw XCTSkip("fixture \(relative) not present")
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// `### origin` blocks of a bulk corpus file.
    static func blocks(_ text: String) -> [(origin: String, body: String)] {
        var out: [(String, [Substring])] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("### ") { out.append((String(line.dropFirst(4)), [])) } else if !out.isEmpty { out[out.count - 1].1.append(line) }
        }
        return out.map { ($0.0, $0.1.joined(separator: "\n")) }
    }

    static func packet(_ src: String, _ dst: String, proto: String = "icmp", sport: Int? = nil, dport: Int? = nil, in iface: String? = nil) -> TracePacket {
        TracePacket(src: CIDR(src)!, dst: CIDR(dst)!, proto: proto, sport: sport, dport: dport, inIface: iface)
    }
}
