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
        // `explain spi reqid`: several topics, one article each; "traffic selector" is one topic.
        if let article = base.article(for: wanted) { return Output.print(ArticleRenderer.render(article)) }
        let topics = topic.count > 1 ? topic : [wanted]
        if let name = topics.first(where: { base.article(for: $0) == nil }) {
            let near = base.articles.filter { $0.id.contains(name.lowercased()) || $0.title.lowercased().contains(name.lowercased()) }
            throw DoctorError.usage("no article for '\(name)'",
                                    hint: near.isEmpty ? "`ipsec-doctor explain` lists them" : "try: " + near.map(\.id).joined(separator: ", "))
        }
        Output.print(topics.compactMap { base.article(for: $0) }.map(ArticleRenderer.render).joined(separator: "\n"))
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
