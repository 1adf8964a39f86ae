import Foundation
import XCTest

/// One gateway's view of a captured fault variant (Tests/Fixtures/variants/VARIANT/SIDE) and
/// what the tool must conclude there. `also`: IDs that must be among the findings besides the
/// first problem (a cause the first one explains).
struct VariantView {
    let variant: String
    let side: String
    let expect: LabExpect
    var also: Set<String> = []
    let why: String

    var name: String { "\(variant)/\(side)" }

    /// Both ends of each row of a batch table.
    static func bothEnds(_ table: [(variant: String, a: LabExpect, b: LabExpect, why: String)]) -> [VariantView] {
        table.flatMap { c in
            [VariantView(variant: c.variant, side: "a", expect: c.a, why: c.why),
             VariantView(variant: c.variant, side: "b", expect: c.b, why: c.why)]
        }
    }
}

/// Judges the views of a batch the same way for every batch: diagnose the snapshot, take the
/// first problem finding, ask its `LabExpect`. A view in `knownMisses` must still be wrong (the
/// table says why), so a miss that turns right is noticed and taken out.
enum VariantJudge {
    struct Outcome {
        var wrong: [String] = []
        var right: [String: Int] = ["a": 0, "b": 0]
        var checked = 0
    }

    static func judge(_ views: [VariantView], knownMisses: [String: String]) throws -> Outcome {
        var out = Outcome()
        for v in views {
            let dir = CLI.repo + "/Tests/Fixtures/variants/\(v.name)"
            guard FileManager.default.fileExists(atPath: dir) else { out.wrong.append("\(v.name): no fixture"); continue }
            let r = try CLI.run(["diagnose", "--format", "json", "--home", CLI.repo, "--snapshot", dir])
            guard let json = r.json else { out.wrong.append("\(v.name): no JSON (exit \(r.status)): \(r.stderr)"); continue }
            let findings = json["findings"] as? [[String: Any]] ?? []
            let ids = findings.compactMap { $0["id"] as? String }
            let first = findings.first { $0["severity"] as? String == "problem" }
            var why = v.expect.judge(first: first?["id"] as? String, confidence: first?["confidence"] as? Double,
                                     verdict: json["verdict"] as? String, exit: r.status)
            let missing = v.also.subtracting(ids)
            if why == nil, !missing.isEmpty { why = "also expected \(missing.sorted()) among the findings" }
            if why == nil { out.right[v.side, default: 0] += 1 }
            let known = knownMisses[v.name] != nil
            if let why, !known {
                out.wrong.append("\(v.name): \(why) [\(v.why)] (findings: \(ids))")
            } else if why == nil, known {
                out.wrong.append("\(v.name): right now; take it out of knownMisses")
            }
            out.checked += 1
        }
        return out
    }
}

extension VariantJudge {
    /// Judges the views of one batch, prints `LABEL: a x / n, b y / n, all z / 2n` (n views per
    /// end) and fails on every view that is wrong.
    static func check(_ label: String, _ views: [VariantView], knownMisses: [String: String] = [:],
                      file: StaticString = #filePath, line: UInt = #line) throws {
        let outcome = try judge(views, knownMisses: knownMisses)
        let n = views.filter { $0.side == "a" }.count, a = outcome.right["a"] ?? 0, b = outcome.right["b"] ?? 0
        print("\(label): a \(a) / \(n), b \(b) / \(n), all \(a + b) / \(views.count)")
        XCTAssertEqual(outcome.checked, views.count, file: file, line: line)
        XCTAssertEqual(outcome.wrong, [], "\n" + outcome.wrong.joined(separator: "\n"), file: file, line: line)
    }
}

extension VariantJudge {
    /// Fails for each captured file of these variants that holds one of `secrets` (the capture
    /// scripts cut them; this checks), and for a variant with no capture at all.
    static func assertNoSecrets(in variants: [String], _ secrets: [String], file: StaticString = #filePath, line: UInt = #line) {
        for v in Set(variants).sorted() {
            let root = CLI.repo + "/Tests/Fixtures/variants/" + v
            let files = FileManager.default.enumerator(atPath: root)?.compactMap { $0 as? String } ?? []
            XCTAssertFalse(files.isEmpty, "\(v): no capture", file: file, line: line)
            for f in files {
                let text = (try? String(contentsOfFile: root + "/" + f, encoding: .utf8)) ?? ""
                for s in secrets { XCTAssertFalse(text.contains(s), "\(v)/\(f) holds \(s)", file: file, line: line) }
            }
        }
    }
}
