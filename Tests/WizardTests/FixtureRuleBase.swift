import Foundation
import RuleBase

/// A small rule base written to a fresh temporary folder, so planner tests do not move with
/// the shipped Rules/: a vocabulary, phase-1 problem rules (`name: (id, confidence, when)`) and
/// one questions file.
enum FixtureRuleBase {
    static func load(facts: String, rules: [String: (id: String, confidence: Double, when: String)], questions: String)
        -> (base: RuleBase, dir: String) {
        let dir = NSTemporaryDirectory() + "rulebase-fixture-\(UUID().uuidString)"
        let fm = FileManager.default
        for sub in ["Rules/phase1", "Rules/questions", "Knowledge"] {
            try! fm.createDirectory(atPath: dir + "/" + sub, withIntermediateDirectories: true)
        }
        func put(_ path: String, _ text: String) { try! text.write(toFile: dir + "/" + path, atomically: true, encoding: .utf8) }
        put("Rules/facts.yaml", facts)
        for (name, r) in rules {
            put("Rules/phase1/\(name).yaml",
                "diagnosis: \(r.id)\ntitle: \(r.id)\nphase: phase1\nseverity: problem\nconfidence: \(r.confidence)\nwhen: \(r.when)\n")
        }
        put("Rules/questions/q.yaml", questions)
        return (RuleBase.load(rules: dir + "/Rules", knowledge: dir + "/Knowledge"), dir)
    }
}
