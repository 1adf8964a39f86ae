import ArgumentParser
import Facts
import RuleBase

/// `ipsec-doctor explain ID-OR-TOPIC`: prints a knowledge article.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Print the knowledge article for a diagnosis ID or a concept (SA, SPI, reqid, NAT-T, ...).")

    @Argument(help: "A diagnosis ID (ike.auth-failed-psk), a concept (spi, reqid, nat-t) or an alias. Omit to list them.")
    var topic: [String] = []

    @OptionGroup var data: DataOptions

    func run() throws {
        let base = try data.loadRuleBase(allowIssues: true)
        let wanted = topic.joined(separator: " ")
        guard !wanted.isEmpty else {
            Output.print(ArticleRenderer.index(base))
            return
        }
        guard let article = base.article(for: wanted) else {
            let near = base.articles.filter { $0.id.contains(wanted.lowercased()) || $0.title.lowercased().contains(wanted.lowercased()) }
            throw DoctorError.usage("no article for '\(wanted)'",
                                    hint: near.isEmpty ? "`ipsec-doctor explain` lists them" : "try: " + near.map(\.id).joined(separator: ", "))
        }
        Output.print(ArticleRenderer.render(article))
    }
}

/// Article text for the terminal: title, body, related articles.
enum ArticleRenderer {
    static func render(_ a: Article) -> String {
        var out = "\(a.title)\n\(String(repeating: "=", count: min(a.title.count, 100)))\n[\(a.kind.rawValue): \(a.id)]\n\n\(a.body)\n"
        if !a.seeAlso.isEmpty { out += "\nSee also: " + a.seeAlso.joined(separator: ", ") + "\n" }
        return out
    }

    static func index(_ base: RuleBase) -> String {
        var out = "Diagnoses:\n"
        for a in base.articles.filter({ $0.kind == .diagnosis }).sorted(by: { $0.id < $1.id }) {
            out += "  \(a.id.padding(toLength: 34, withPad: " ", startingAt: 0)) \(a.title)\n"
        }
        out += "\nConcepts:\n"
        for a in base.articles.filter({ $0.kind == .concept }).sorted(by: { $0.id < $1.id }) {
            out += "  \(a.id.padding(toLength: 34, withPad: " ", startingAt: 0)) \(a.title)\n"
        }
        return out
    }
}

import Foundation
