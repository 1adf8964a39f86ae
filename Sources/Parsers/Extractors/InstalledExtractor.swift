import Facts

/// installed-ipsec → ike.installed (the implementations whose binaries, packages, config or unit
/// files are here, most telling first) and, when exactly one is installed and no daemon process
/// was seen, ike.implementation: a stopped strongSwan is still strongSwan, and its remedies are
/// the ones to show. host.os from the report's uname line.
public struct InstalledExtractor: FactExtractor {
    public init() {}

    /// Which implementation a file or package stands for; /etc/ipsec.conf by its syntax.
    static func implementation(of record: InstalledIpsecRecord) -> String? {
        if let pkg = record.package {
            guard record.result == "installed" else { return nil }
            if pkg.hasPrefix("strongswan") || pkg == "charon-systemd" { return "strongswan" }
            return ["libreswan": "libreswan", "openswan": "openswan", "racoon": "racoon"][pkg]
        }
        guard let path = record.path, record.result == "present" else { return nil }
        if path == "/etc/ipsec.conf" {
            switch record.detail {
            case "strongswan"?: return "strongswan"
            case "libreswan"?: return "libreswan"
            default: return nil  // ipsecctl syntax: isakmpd or iked, the binaries tell which
            }
        }
        let name = path.split(separator: "/").last.map(String.init) ?? ""
        if path.contains("strongswan") || path.contains("swanctl") || name.hasPrefix("charon") { return "strongswan" }
        if name == "pluto" { return "libreswan" }
        if name.hasPrefix("racoon") { return "racoon" }
        if name == "isakmpd" || path.hasPrefix("/etc/isakmpd/") { return "isakmpd" }
        if name == "iked" || name == "iked.conf" { return "iked" }
        if name == "in.iked" { return "in.iked" }
        return nil
    }

    public func facts(from parsed: ParsedCollection) -> [Fact] {
        guard parsed.has("installed-ipsec") else { return [] }
        var out = FactList()
        var found: [String: [Sourced<InstalledIpsecRecord>]] = [:], order: [String] = []
        for r in parsed.typed(InstalledIpsecRecord.self, from: "installed-ipsec") {
            if let sys = r.record.os {
                if let os = Platform(uname: sys) { out.add("host.os", .string(os.rawValue), [r.provenance("uname: \(sys)")]) }
                continue
            }
            guard let impl = InstalledExtractor.implementation(of: r.record) else { continue }
            if found[impl] == nil { order.append(impl) }
            found[impl, default: []].append(r)
        }
        var evidence: [String: [Provenance]] = [:]
        for impl in order { evidence[impl] = found[impl]!.prefix(3).map { $0.provenance(InstalledExtractor.excerpt($0.record)) } }
        let all = order.flatMap { evidence[$0]!.prefix(2) }
        out.list("ike.installed", order, all.isEmpty ? parsed.wholeSource("installed-ipsec") : all)
        if order.count == 1, !daemonSeen(parsed) {
            out.add("ike.implementation", .string(order[0]), Array(evidence[order[0]]!.prefix(3)))
        }
        return out.facts
    }

    /// A running daemon names the implementation itself (HostExtractor); do not contradict it.
    func daemonSeen(_ parsed: ParsedCollection) -> Bool {
        parsed.typed(ProcessRecord.self, from: "processes").contains { p in
            HostExtractor.implementations.contains { $0.0 == p.record.comm }
        }
    }

    static func excerpt(_ r: InstalledIpsecRecord) -> String {
        if let pkg = r.package { return "package \(pkg) \(r.version ?? "") \(r.result ?? "")" }
        return "\(r.path ?? "") \(r.result ?? "")" + (r.detail.map { " (\($0) syntax)" } ?? "")
    }
}
