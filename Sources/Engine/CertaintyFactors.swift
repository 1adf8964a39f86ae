/// MYCIN-style certainty factors, chosen because they are simple to explain to an operator and
/// behave well with few, mostly independent pieces of evidence:
/// - a rule fires with CF = rule confidence × CF of its weakest premise (min over `and`);
/// - two rules supporting the same diagnosis combine as cf1 + cf2 × (1 − cf1), which grows
///   towards 1 but never past it, and does not depend on the order — when their evidence is
///   separate: rules that fired on the same line count once, as the strongest (SharedEvidence).
/// (Knowledge/concepts/certainty-factors.md explains it with an example.)
public enum CertaintyFactors {
    public static func fire(rule confidence: Double, premises: Double) -> Double {
        clamp(confidence * premises)
    }

    public static func combine(_ a: Double, _ b: Double) -> Double {
        clamp(a + b * (1 - a))
    }

    public static func combine(_ values: [Double]) -> Double {
        values.reduce(0, combine)
    }

    static func clamp(_ x: Double) -> Double { min(1, max(0, x)) }
}
