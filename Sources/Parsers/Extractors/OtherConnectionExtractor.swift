import Facts
import Foundation

/// charon log + the connections → conn.ts_in_other_conn: a responder refused the peer's traffic
/// selectors in the connection it chose for the peer (by the peer's identity and addresses),
/// while another of its connections has exactly those selectors. The peer was matched to the
/// wrong connection (a catch-all `remote { id = %any }` taking a peer whose ID changed, or two
/// connections for the same address), not given wrong subnets. Real charon, variant
/// responder-picks-other-conn: `<rw|2> traffic selectors 10.2.0.0/24 === 10.1.0.0/24
/// unacceptable`, and connection `lab` has local_ts 10.2.0.0/24, remote_ts 10.1.0.0/24.
public struct OtherConnectionExtractor: FactExtractor {
    public init() {}

    public func facts(from parsed: ParsedCollection) -> [Fact] {
        let conns = SwanctlConnsExtractor.connections(parsed).conns
        guard conns.count >= 2 else { return [] }
        var out = FactList()
        for src in parsed.sources("charon-log") {
            for r in src.result.records where r.str("event") == "ts_unacceptable" {
                // `traffic selectors LOCAL === REMOTE unacceptable`, logged in the chosen connection
                guard let message = r.str("message"), message.hasPrefix("traffic selectors "),
                      let chosen = r.str("ike_sa")?.split(separator: "|").first.map(String.init) else { continue }
                let body = message.dropFirst("traffic selectors ".count).replacingOccurrences(of: " unacceptable", with: "")
                let sides = body.components(separatedBy: " === ")
                guard sides.count == 2 else { continue }
                let local = sides[0].components(separatedBy: " "), remote = sides[1].components(separatedBy: " ")
                for c in conns where c.name != chosen {
                    guard let child = c.children.first(where: { Set(local).isSubset(of: $0.localTS) && Set(remote).isSubset(of: $0.remoteTS) }) else { continue }
                    let excerpt = "refused in connection \(chosen), chosen for this peer; connection \(c.name ?? "?") (child \(child.name)) has \(sides[0]) === \(sides[1])"
                    out.bool("conn.ts_in_other_conn", true, [Provenance(.log, src.origin, line: r.recordLine, excerpt: r.str("text")),
                                                             c.provenance(of: child, excerpt)])
                    return out.facts
                }
            }
        }
        return out.facts
    }
}

/// charon log + swanctl --list-sas → log.child.ts_refused_beside_installed: the responder refused
/// a pair of the peer's selectors (`traffic selectors L === R unacceptable`) that no INSTALLED
/// CHILD SA carries, while another CHILD SA is installed. The tunnel looks up, yet one subnet
/// pair of the peer is not tunnelled: Libreswan's `leftsubnets={A B}` makes one SA per pair and
/// this end's selectors cover only the first (real pluto 4.10 a against charon b, variant
/// lsw-sw-leftsubnets-one-covered: `<lab|2> traffic selectors 10.2.0.0/24 === 10.1.1.0/24
/// unacceptable` beside `net: #1, INSTALLED ... 10.2.0.0/24 === 10.1.0.0/24`).
public struct RefusedBesideInstalledExtractor: FactExtractor {
    public init() {}

    public func facts(from parsed: ParsedCollection) -> [Fact] {
        guard let source = SwanctlSasExtractor.saSources.first(where: parsed.has) else { return [] }
        let installed = parsed.typed(SwanctlSaRecord.self, from: source)
            .filter { $0.record.kind == "child" && $0.record.state == "INSTALLED" }
        guard !installed.isEmpty else { return [] }
        var out = FactList()
        var refused: [Provenance] = []
        for src in parsed.sources("charon-log") {
            for r in src.result.records where r.str("event") == "ts_unacceptable" {
                guard let message = r.str("message"), message.hasPrefix("traffic selectors "), message.hasSuffix(" unacceptable") else { continue }
                let body = message.dropFirst("traffic selectors ".count).dropLast(" unacceptable".count)
                let sides = body.components(separatedBy: " === ")
                guard sides.count == 2 else { continue }
                let local = Set(sides[0].split(separator: " ").map(String.init)), remote = Set(sides[1].split(separator: " ").map(String.init))
                let carried = installed.contains { local.isSubset(of: $0.record.localTs) && remote.isSubset(of: $0.record.remoteTs) }
                if !carried { refused.append(Provenance(.log, src.origin, line: r.recordLine, excerpt: r.str("text") ?? message)) }
            }
        }
        guard !refused.isEmpty else { return [] }
        out.bool("log.child.ts_refused_beside_installed", true,
                 Array(refused.suffix(4)) + installed.prefix(2).map { $0.provenance("\($0.record.child ?? "?"): INSTALLED \($0.record.localTs.joined(separator: " ")) === \($0.record.remoteTs.joined(separator: " "))") })
        return out.facts
    }
}
