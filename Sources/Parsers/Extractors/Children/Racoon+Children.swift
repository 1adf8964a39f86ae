import Facts

/// racoon (ipsec-tools): racoon.conf's `remote P` (the peer) and `sainfo address A any address B
/// any` (a child), and the KAME policies of `setkey -DP` or of the setkey.conf that loads them
/// (`10.1.0.0/24[any] 10.2.0.0/24[any] any out ipsec esp/tunnel/192.0.2.1-192.0.2.2/require`).
extension RacoonExtractor: TunnelChildSource {
    static func daemonChildren(_ parsed: ParsedCollection) -> [TunnelChild] {
        var out: [TunnelChild] = []
        for s in parsed.sources("racoon-conf") {
            for r in s.result.typed(RacoonConfRecord.self) {
                switch r.kind {
                case "remote":
                    if let n = r.name, n != "anonymous" {
                        out.append(TunnelChild(conn: "remote \(n)", remoteAddrs: [n], origin: s.provenance(line: r.line)))
                    }
                case "sainfo":
                    // "address 10.1.0.0/24 any": the second word is the prefix
                    func prefix(_ id: String?) -> String? {
                        guard let w = id?.split(separator: " "), w.count >= 2, w[0] == "address" || w[0] == "subnet" else { return nil }
                        return String(w[1])
                    }
                    let l = prefix(r.local), x = prefix(r.remote)
                    guard l != nil || x != nil else { continue }
                    out.append(TunnelChild(conn: "sainfo", localTS: l.map { [$0] } ?? [], remoteTS: x.map { [$0] } ?? [],
                                           origin: s.provenance(line: r.line)))
                default: break
                }
            }
        }
        return out
    }

    static func kernelChildren(_ parsed: ParsedCollection) -> [TunnelChild] {
        var out: [TunnelChild] = []
        // the kernel's SPD, or the setkey.conf racoon's setup loads into it (`spdadd` records
        // have the same fields; a `spddelete` installs nothing)
        func policy(_ s: ParsedSource, line: Int?, src: String?, dst: String?, templates: [String]) {
            guard let t = templates.first(where: { $0.split(separator: "/").count >= 3 && $0.split(separator: "/")[1] == "tunnel" }) else { return }
            let ends = t.split(separator: "/")[2].split(separator: "-", maxSplits: 1)
            out.append(TunnelChild(conn: "spd", localTS: src.map { [$0] } ?? [], remoteTS: dst.map { [$0] } ?? [],
                                   localAddrs: ends.count == 2 ? [String(ends[0])] : [], remoteAddrs: ends.count == 2 ? [String(ends[1])] : [],
                                   origin: s.provenance(line: line)))
        }
        for s in parsed.sources("setkey-DP") {
            for r in s.result.records where r.str("dir") == "out" && r.str("action") == "ipsec" && (r.str("kind") ?? "spdadd") == "spdadd" {
                policy(s, line: r.recordLine, src: r.str("src"), dst: r.str("dst"), templates: r.strings("templates"))
            }
        }
        for s in parsed.sources("setkey-conf") {
            for r in s.result.typed(SetkeyConfRecord.self) where r.dir == "out" && r.action == "ipsec" && (r.kind ?? "spdadd") == "spdadd" {
                policy(s, line: r.line, src: r.src, dst: r.dst, templates: r.templates)
            }
        }
        return out
    }
}
