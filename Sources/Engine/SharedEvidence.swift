import Facts
import RuleBase

/// Rules of one diagnosis that fired on the same line are one piece of evidence, not two. The
/// certainty-factor combination (cf1 + cf2 × (1 − cf1)) assumes independent evidence; a general
/// rule and its more specific sibling reading the same log line (charon's "expected a virtual IP
/// request", read by ike.virtual-ip-failed.log and by its .ts-consequence) are not independent,
/// and combining them turned 0.85 into 0.98. Firings that share a line (through any chain of
/// shared lines) count as their strongest; separate groups combine as before.
enum SharedEvidence {
    /// Where a firing's facts were seen: the lines of logs, probe outputs, files and captures
    /// behind the facts it read that hold (a false fact is the absence of a line, and an answer
    /// or a concluded fact has none).
    static func lines(_ firing: FiredRule) -> Set<String> {
        var out = Set<String>()
        for fact in firing.facts where fact.value != .bool(false) {
            for p in fact.provenance where p.kind != .rule && p.kind != .answer {
                if let line = p.line { out.insert("\(p.kind.rawValue) \(p.source):\(line)") }
            }
        }
        return out
    }

    /// The certainty of a diagnosis from its firings.
    static func certainty(_ firings: [FiredRule]) -> Double {
        let lines = firings.map(SharedEvidence.lines)
        // union-find over the firings: two are joined when their lines meet
        var parent = Array(firings.indices)
        func root(_ i: Int) -> Int { var i = i; while parent[i] != i { parent[i] = parent[parent[i]]; i = parent[i] }; return i }
        for i in firings.indices {
            for j in firings.indices where j > i && !lines[i].isDisjoint(with: lines[j]) { parent[root(j)] = root(i) }
        }
        var strongest: [Int: Double] = [:]
        for i in firings.indices { strongest[root(i)] = max(strongest[root(i)] ?? 0, firings[i].certainty) }
        return CertaintyFactors.combine(strongest.keys.sorted().map { strongest[$0]! })
    }
}
