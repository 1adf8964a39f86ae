import Foundation
import XCTest

/// Issue 11: every diagnosis of the catalogue is reached from real daemon output of both ends
/// where the fault is visible there. Tests/Fixtures/variants/REACH.md says, per catalogue ID,
/// which captured snapshot reaches it from end a and from end b, or why that end cannot; this
/// test diagnoses every listed snapshot and fails when a listed reach is lost, a catalogue ID
/// is missing from the table, or an end without a snapshot has no reason.
final class DiagnosisReachTests: XCTestCase {
    struct Row {
        let id: String
        let how: String
        let a: [String]
        let b: [String]
        let whyNot: String
    }

    static func table() throws -> [Row] {
        let text = try String(contentsOfFile: CLI.repo + "/Tests/Fixtures/variants/REACH.md", encoding: .utf8)
        return text.split(separator: "\n").compactMap { line -> Row? in
            guard line.hasPrefix("| "), !line.hasPrefix("| id "), !line.hasPrefix("| ---") else { return nil }
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).dropFirst().dropLast()
                .map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count == 5 else { return nil }
            let snaps = { (c: String) in c == "—" ? [] : c.components(separatedBy: ", ") }
            return Row(id: cells[0], how: cells[1], a: snaps(cells[2]), b: snaps(cells[3]), whyNot: cells[4])
        }
    }

    /// The catalogue: one knowledge article per diagnosis ID.
    static func catalogue() throws -> Set<String> {
        let dir = CLI.repo + "/Knowledge/diagnoses"
        return Set(try FileManager.default.contentsOfDirectory(atPath: dir)
            .filter { $0.hasSuffix(".md") }.map { String($0.dropLast(3)) })
    }

    func testTheTableCoversTheCatalogue() throws {
        let rows = try Self.table()
        let ids = rows.map(\.id)
        XCTAssertEqual(Set(ids).count, ids.count, "an ID listed twice")
        let catalogue = try Self.catalogue()
        XCTAssertGreaterThanOrEqual(catalogue.count, 50)
        XCTAssertEqual(catalogue.subtracting(ids).sorted(), [], "catalogue IDs missing from REACH.md")
        XCTAssertEqual(Set(ids).subtracting(catalogue).sorted(), [], "REACH.md lists IDs the catalogue lacks")
        for r in rows {
            if r.a.isEmpty || r.b.isEmpty { XCTAssertFalse(r.whyNot.isEmpty, "\(r.id): an end without a snapshot needs a reason") }
            XCTAssertTrue(r.a.allSatisfy { $0.hasSuffix("/a") }, "\(r.id): end a's cell lists another end")
            XCTAssertTrue(r.b.allSatisfy { $0.hasSuffix("/b") }, "\(r.id): end b's cell lists another end")
            XCTAssertTrue(["first", "info", "warning", "found"].contains(r.how) || r.how.hasPrefix("answer ") || (r.a.isEmpty && r.b.isEmpty),
                          "\(r.id): unknown how '\(r.how)'")
        }
    }

    func testEveryListedSnapshotReachesItsDiagnosis() throws {
        let rows = try Self.table()
        var wrong: [String] = []
        var both = 0, one = 0, none = 0
        for r in rows {
            switch (r.a.isEmpty, r.b.isEmpty) {
            case (false, false): both += 1
            case (true, true): none += 1
            default: one += 1
            }
            let answers = r.how.hasPrefix("answer ")
                ? r.how.dropFirst("answer ".count).split(separator: " ").flatMap { ["--answer", String($0)] } : []
            for snap in r.a + r.b {
                let dir = CLI.repo + "/Tests/Fixtures/" + snap
                guard FileManager.default.fileExists(atPath: dir) else { wrong.append("\(r.id) \(snap): no fixture"); continue }
                let run = try CLI.run(["diagnose", "--format", "json", "--home", CLI.repo, "--snapshot", dir] + answers)
                guard let json = run.json else { wrong.append("\(r.id) \(snap): no JSON (exit \(run.status))"); continue }
                let findings = json["findings"] as? [[String: Any]] ?? []
                let ids = findings.compactMap { $0["id"] as? String }
                let first = findings.first { $0["severity"] as? String == "problem" }?["id"] as? String
                let verdict = json["verdict"] as? String
                let reached: Bool
                switch r.how {
                case "info": reached = ids.contains(r.id) && verdict == "healthy"
                case "found": reached = ids.contains(r.id) && first == nil && ["healthy", "inconclusive"].contains(verdict ?? "")
                case "warning":
                    reached = verdict == "healthy" && findings.first { $0["severity"] as? String != "info" }?["id"] as? String == r.id
                default: reached = first == r.id
                }
                if !reached { wrong.append("\(r.id) \(snap): first \(first ?? "none"), verdict \(verdict ?? "?"), findings \(ids)") }
            }
        }
        print("diagnosis reach: \(both) of \(rows.count) IDs from both ends, \(one) from one end, \(none) from neither")
        XCTAssertEqual(wrong, [], "\n" + wrong.joined(separator: "\n"))
    }
}
