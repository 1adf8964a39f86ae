import ArgumentParser
import Facts
import Foundation
import RuleBase

/// `--answer KEY=VALUE` and `--answers FILE`: facts the operator already knows.
struct AnswerOptions: ParsableArguments {
    @Option(name: .customLong("answer"), help: ArgumentHelp("A fact you know, e.g. --answer peer.ike_version=2 (repeatable).", valueName: "KEY=VALUE"))
    var answer: [String] = []

    @Option(name: .customLong("answers"), help: ArgumentHelp("A YAML/JSON file of answers (fact: value), e.g. a saved wizard session.", valueName: "FILE"))
    var answersFile: String?

    /// The answers as facts; a bad file exits 65 naming file:line, a bad option 64. Called before
    /// any probe runs, so a typo is reported at once.
    func facts(base: RuleBase) throws -> [Fact] {
        var store = FactStore()
        try apply(to: &store, base: base)
        return store.sortedFacts
    }

    func apply(to store: inout FactStore, base: RuleBase) throws {
        if let path = answersFile {
            do {
                for a in try AnswerFile.load(path) {
                    guard let def = base.definition(of: a.fact) else {
                        Output.error("\(a.location): unknown fact `\(a.fact)`\(RuleLinter.suggestion(a.fact, base))")
                        throw ExitCode(65)
                    }
                    store.set(Fact(a.fact, AnswerOptions.coerce(a.value, to: def.kind),
                                   from: Provenance(.answer, path, line: a.location.line)))
                }
            } catch let issue as RuleBaseIssue {
                Output.error(issue.description)
                throw ExitCode(65)
            }
        }
        for raw in answer {
            guard let eq = raw.firstIndex(of: "="), eq != raw.startIndex else {
                throw ValidationError("--answer takes KEY=VALUE, got '\(raw)'")
            }
            let key = String(raw[..<eq]).trimmingCharacters(in: .whitespaces)
            let value = String(raw[raw.index(after: eq)...])
            guard let def = base.definition(of: key) else {
                throw ValidationError("--answer: unknown fact `\(key)`\(RuleLinter.suggestion(key, base)); `ipsec-doctor rules facts` lists them")
            }
            store.set(Fact(key, AnswerOptions.coerce(FactValue.parse(operatorText: value), to: def.kind),
                           from: Provenance(.answer, "--answer", excerpt: raw)))
        }
    }

    /// An answer typed as text becomes the vocabulary's type where that is unambiguous.
    static func coerce(_ v: FactValue, to kind: FactDefinition.Kind) -> FactValue {
        switch (kind, v) {
        case (.string, .number(let n)): return .string(JSONValue.format(number: n))
        case (.string, .bool(let b)): return .string(b ? "yes" : "no")
        case (.list, .string(let s)): return .list([s])
        case (.bool, .number(let n)): return .bool(n != 0)
        default: return v
        }
    }
}
