import Facts
import Foundation

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
            for r in src.result.typed(LogEventRecord.self) where r.event == "ts_unacceptable" {
                guard let message = r.message, message.hasPrefix("traffic selectors "), message.hasSuffix(" unacceptable") else { continue }
                let body = message.dropFirst("traffic selectors ".count).dropLast(" unacceptable".count)
                let sides = body.components(separatedBy: " === ")
                guard sides.count == 2 else { continue }
                let local = Set(sides[0].split(separator: " ").map(String.init)), remote = Set(sides[1].split(separator: " ").map(String.init))
                let carried = installed.contains { local.isSubset(of: $0.record.localTs) && remote.isSubset(of: $0.record.remoteTs) }
                if !carried { refused.append(Provenance(.log, src.origin, line: r.line, excerpt: r.text ?? message)) }
            }
        }
        guard !refused.isEmpty else { return [] }
        out.bool("log.child.ts_refused_beside_installed", true,
                 Array(refused.suffix(4)) + installed.prefix(2).map { $0.provenance("\($0.record.child ?? "?"): INSTALLED \($0.record.localTs.joined(separator: " ")) === \($0.record.remoteTs.joined(separator: " "))") })
        return out.facts
    }
}
