import Facts
import Foundation
import RuleBase

/// The facts the operator gave before any question: `--answers FILE`, then each `--answer`, in
/// that order (a later answer to the same fact wins). Every answer is checked against the
/// vocabulary when it is read, before any probe runs, so a typo is reported at once.
///
/// An answer fills what the probes could not see. Where a probe, a log or a config file
/// already gave the fact a different value, the answer is set aside and reported
/// (`apply` returns it): a guess typed in a hurry must not silently hide what the host shows.
/// To replace what a probe saw, the operator says so: `--answer FACT:=VALUE`, or the fact
/// under `overrides:` in an answers file.
public struct OperatorAnswers: Sendable {
    public struct Answer: Sendable {
        public var fact: Fact
        /// Replaces what a probe saw (`FACT:=VALUE`, `overrides:`).
        public var overrides: Bool
        /// As the operator wrote it: `--answer x=y` or `file:line`.
        public var written: String
    }

    /// An answer not used because a probe saw otherwise.
    public struct SetAside: Sendable, CustomStringConvertible {
        public var answer: Answer
        public var seen: Fact
        public var description: String {
            let source = seen.provenance.first.map { " (\($0.kind.rawValue) \($0.source))" } ?? ""
            return "\(answer.written): not used, the host shows \(seen.name) = \(seen.value)\(source); "
                + "write \(seen.name):=\(answer.fact.value) to override what was seen"
        }
    }

    public private(set) var answers: [Answer] = []

    public init() {}

    /// Reads `--answers FILE` (if any) and the `--answer` options. Unknown facts and values that
    /// do not fit are refused: 64 for an option (a usage error); 65 for anything wrong in the
    /// file (an unknown fact, a value the fact does not take, broken YAML), which the contract
    /// calls an invalid answers file; both name where: the option, or `file:line`.
    public static func read(options: [String], file: String?, base: RuleBase) throws(DoctorError) -> OperatorAnswers {
        let checker = AnswerChecker(base: base)
        var out = OperatorAnswers()
        if let file {
            for a in try AnswerFile.load(file) {
                let at = a.location.description
                let def = try checker.definition(of: a.fact, subject: at, code: .badInput)
                let value = try checker.value(a.value, for: def, fact: a.fact, subject: at)
                out.answers.append(Answer(fact: Fact(a.fact, value, from: Provenance(.answer, file, line: a.location.line)),
                                          overrides: a.overrides, written: at))
            }
        }
        out.answers.reserveCapacity(out.answers.count + options.count)
        for raw in options { out.answers.append(try option(raw, checker: checker)) }
        return out
    }

    /// One `--answer FACT=VALUE` or `--answer FACT:=VALUE`.
    static func option(_ raw: String, checker: AnswerChecker) throws(DoctorError) -> Answer {
        let subject = "--answer \(raw)"
        guard let eq = raw.firstIndex(of: "="), eq != raw.startIndex else {
            throw .usage("takes FACT=VALUE (or FACT:=VALUE to override what a probe saw)", subject: subject)
        }
        var keyEnd = eq
        var overrides = false
        if raw[raw.index(before: eq)] == ":" { overrides = true; keyEnd = raw.index(before: eq) }
        let key = raw[..<keyEnd].trimmingCharacters(in: .whitespaces)
        let text = String(raw[raw.index(after: eq)...])
        let def = try checker.definition(of: key, subject: subject, code: .usage)
        let value = try checker.value(text: text, for: def, fact: key, subject: subject)
        return Answer(fact: Fact(key, value, from: Provenance(.answer, "--answer", excerpt: raw)), overrides: overrides, written: subject)
    }

    /// The answers as facts, as if nothing had been probed (`wizard --no-probes`).
    public var facts: [Fact] { answers.map(\.fact) }

    /// Puts the answers on top of what was gathered. An answer that contradicts a fact seen on
    /// the host (probe, log, config file, capture) is set aside unless it overrides; facts that
    /// rules concluded and earlier answers give way. Linear in the number of answers.
    @discardableResult
    public func apply(to store: inout FactStore) -> [SetAside] {
        var setAside: [SetAside] = []
        for a in answers {
            if !a.overrides, let seen = store[a.fact.name], OperatorAnswers.isObserved(seen), seen.value != a.fact.value {
                setAside.append(SetAside(answer: a, seen: seen))
                continue
            }
            // The answer replaces the value outright: an equal-rank merge would OR two booleans.
            store.remove(a.fact.name)
            store.set(a.fact)
        }
        return setAside
    }

    /// The fact was seen on the host (probe, log, config file, capture), not answered or inferred.
    public static func isObserved(_ fact: Fact) -> Bool {
        switch fact.provenance.first?.kind {
        case .probe?, .log?, .file?, .capture?: return true
        case .answer?, .rule?, nil: return false
        }
    }
}
