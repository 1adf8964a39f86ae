import Facts

/// `/etc/ipsec.conf` is Libreswan's configuration and also strongSwan's (starter/stroke), which
/// Debian installs with strongSwan: a derivation across sources decides who reads it. It is read
/// as Libreswan's only where Libreswan runs (its status probes answered, or pluto runs), as
/// strongSwan's where strongSwan's stroke status answered or its keywords say so
/// (`strongswanEvidence`); it is saved by `collect` either way.
public enum IpsecConfOwner {
    /// Sources that read ipsec.conf as Libreswan's.
    public static let libreswanSources: Set<String> = ["libreswan-conf"]

    /// `ipsec --version` said Libreswan (a `libreswan-*` probe ran fine), or pluto is in `ps`.
    public static func libreswanRuns(okProbes: [String], processes: String?) -> Bool {
        if okProbes.contains(where: { $0.hasPrefix("libreswan-") }) { return true }
        guard let ps = processes else { return false }
        return ps.split(separator: "\n").contains { line in
            line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first.map { $0 == "pluto" || $0.hasSuffix("/pluto") } ?? false
        }
    }

    /// Outputs only Libreswan (pluto) gives.
    static let libreswanOutputs = ["libreswan-status", "libreswan-showstates", "libreswan-globalstatus", "libreswan-trafficstatus", "pluto-log"]

    /// Why the parsed ipsec.conf is strongSwan's (starter), or nil: no Libreswan output was read
    /// and strongSwan's `ipsec status`/`statusall` was (charon answered over the stroke socket), or
    /// the file's keywords are strongSwan's (IpsecConfDialect). StrokeConfExtractor then reads it
    /// and LibreswanExtractor leaves it alone.
    public static func strongswanEvidence(_ parsed: ParsedCollection) -> [Provenance]? {
        guard parsed.has("libreswan-conf"), !libreswanOutputs.contains(where: { parsed.has($0) }) else { return nil }
        if parsed.has("stroke-status") { return Array(parsed.wholeSource("stroke-status").prefix(1)) }
        if let (impl, prov) = IpsecConfDialect.implementation(of: parsed), impl == "strongswan" { return Array(prov.prefix(3)) }
        return nil
    }
}
