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
            for r in src.result.typed(LogEventRecord.self) where r.event == "ts_unacceptable" {
                // `traffic selectors LOCAL === REMOTE unacceptable`, logged in the chosen connection
                guard let message = r.message, message.hasPrefix("traffic selectors "),
                      let chosen = r.ikeSA?.split(separator: "|").first.map(String.init) else { continue }
                let body = message.dropFirst("traffic selectors ".count).replacingOccurrences(of: " unacceptable", with: "")
                let sides = body.components(separatedBy: " === ")
                guard sides.count == 2 else { continue }
                let local = sides[0].components(separatedBy: " "), remote = sides[1].components(separatedBy: " ")
                for c in conns where c.name != chosen {
                    guard let child = c.children.first(where: { Set(local).isSubset(of: $0.localTS) && Set(remote).isSubset(of: $0.remoteTS) }) else { continue }
                    let excerpt = "refused in connection \(chosen), chosen for this peer; connection \(c.name ?? "?") (child \(child.name)) has \(sides[0]) === \(sides[1])"
                    out.bool("conn.ts_in_other_conn", true, [Provenance(.log, src.origin, line: r.line, excerpt: r.text),
                                                             c.provenance(of: child, excerpt)])
                    return out.facts
                }
            }
        }
        return out.facts
    }
}
