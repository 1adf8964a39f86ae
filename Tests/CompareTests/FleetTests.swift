import Facts
import Foundation
import Testing
@testable import Compare
@testable import Fleet

/// `fleet DIR` over gateways written by Tests/Fleet/generate-fleet.py (the lab fixtures' formats,
/// a ring of tunnels, one lab fault every few tunnels, listed in faults.tsv).
@Suite struct FleetTests {
    static let generator = LabFixturePairTests.repo + "/Tests/Fleet/generate-fleet.py"

    static func generate(_ n: Int, faultEvery: Int) throws -> String {
        let dir = NSTemporaryDirectory() + "flt-fleet-\(UUID().uuidString)"
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", generator, "--gateways", "\(n)", "--out", dir, "--fault-every", "\(faultEvery)"]
        try p.run()
        p.waitUntilExit()
        try #require(p.terminationStatus == 0, "generate-fleet.py failed")
        return dir
    }

    static let itemOfFault: [String: Difference.Item] = [
        "ike-proposal": .ikeProposal, "esp-proposal": .espProposal, "id": .identity, "ts": .trafficSelectors,
        "ike-version": .ikeVersion, "psk": .psk, "stale-spi": .staleSPI,
    ]

    @Test func everyFaultyTunnelIsNamedAndNoHealthyOneIs() throws {
        let dir = try Self.generate(16, faultEvery: 2)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try FleetRun.run(dir: dir, base: LabFixturePairTests.base)
        #expect(r.gateways.count == 16)
        #expect(r.links.count == 16, "a ring of 16 gateways has 16 tunnels")
        let faults = try String(contentsOfFile: dir + "/faults.tsv", encoding: .utf8).split(separator: "\n").dropFirst()
            .map { $0.split(separator: "\t").map(String.init) }
        #expect(Set(faults.map { $0[2] }) == Set(Self.itemOfFault.keys), "the generator covers every fault kind")
        var expected: [Set<String>: String] = [:]
        for f in faults { expected[[f[0], f[1]]] = f[2] }
        for l in r.links {
            let key: Set<String> = [r.gateways[l.a].gateway.name, r.gateways[l.b].gateway.name]
            let first = l.comparison.differences.first { $0.severity != .info }
            if let fault = expected[key] {
                #expect(l.state == .problem, "\(key): \(fault)")
                #expect(first?.item == Self.itemOfFault[fault], "\(key): \(fault) named \(first?.item.rawValue ?? "nothing")")
            } else {
                #expect(l.state == .up, "\(key) is healthy, found \(first?.summary ?? "")")
            }
        }
        #expect(r.verdict == .problem)
    }

    @Test func htmlIsSelfContainedAndEveryTunnelLinksToItsFindings() throws {
        let dir = try Self.generate(8, faultEvery: 3)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try FleetRun.run(dir: dir, base: LabFixturePairTests.base)
        let html = FleetHTML.render(r)
        for banned in ["<script", "<link", " src=", "url(", "https://", "http://www.w3.org/1999"] {
            #expect(!html.contains(banned), "\(banned)")
        }
        for l in r.links {
            #expect(html.contains("<a href=\"#\(l.id)\" class=\"tunnel\" data-state=\"\(l.state.rawValue)\">"))
            #expect(html.contains("<section id=\"\(l.id)\""))
        }
        #expect(html.contains("<line class=\"problem\""))
        let json = FleetJSON.render(r)
        #expect(json["tunnels"]?.arrayValue?.count == r.links.count)
    }

    @Test func unreadableFolderIsSkippedWithItsReason() throws {
        let dir = try Self.generate(4, faultEvery: 0)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir + "/not-a-snapshot", withIntermediateDirectories: true)
        try "hello".write(toFile: dir + "/not-a-snapshot/notes.md", atomically: true, encoding: .utf8)
        let r = try FleetRun.run(dir: dir, base: nil)
        #expect(r.gateways.count == 4)
        #expect(r.unreadable.map(\.folder) == ["not-a-snapshot"])
        #expect(r.verdict == .healthy)
    }

    @Test func missingDirectoryIsAnError() {
        #expect(throws: DoctorError.self) { try FleetRun.run(dir: "/nonexistent/flt-fleet", base: nil) }
    }
}
