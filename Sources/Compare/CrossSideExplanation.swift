import Engine
import RuleBase

/// Each gateway's findings come from that gateway's facts, so a cause one end logged ("no shared
/// key found" at b) cannot explain the symptom the other end logged (AUTHENTICATION_FAILED at a)
/// inside either engine run. Both runs describe the same tunnel: the rules' `explains` apply
/// across them too, so the cause ranks before the other end's symptom.
enum CrossSideExplanation {
    static func apply(_ a: inout Diagnosis?, _ b: inout Diagnosis?, base: RuleBase) {
        guard var da = a, var db = b else { return }
        let rules = Dictionary(base.rules.map { ($0.name, $0) }, uniquingKeysWith: { x, _ in x })
        func explained(by f: Finding) -> Set<String> { Set(f.firedRules.flatMap { rules[$0.rule]?.explains ?? [] }) }
        func mark(_ target: inout Diagnosis, causes: [Finding], gateway: String) {
            for cause in causes where cause.severity == .problem && cause.explainedBy == nil {
                let ids = explained(by: cause)
                for i in target.findings.indices where ids.contains(target.findings[i].id)
                    && target.findings[i].explainedBy == nil && target.findings[i].id != cause.id {
                    target.findings[i].explainedBy = cause.id
                    target.findings[i].evidence.append("explained by \(cause.id) at \(gateway): \(cause.title)")
                }
            }
        }
        let causesA = da.findings, causesB = db.findings
        mark(&da, causes: causesB, gateway: "the other gateway")
        mark(&db, causes: causesA, gateway: "the other gateway")
        a = da; b = db
    }
}
