import Facts

/// The `installed-ipsec` report of the probe of the same name (Sources/Probes/InstalledInventory):
/// one line per finding, `kind: subject result (detail)`:
///
///     uname: Linux
///     binary: /usr/sbin/swanctl present
///     config: /etc/ipsec.conf present (strongswan)
///     unit: /lib/systemd/system/strongswan.service present
///     package: strongswan-charon 5.9.8-5+deb12u1 installed
///
/// Records: `kind`, `path` (binary/config/unit), `package` and `version` (package), `os`
/// (uname), `result` (present, absent, installed, not-installed), `detail`.
public struct InstalledIpsecParser: OutputParser {
    public init() {}
    public var source: String { "installed-ipsec" }
    public var summary: String { "installed IKE implementations report of the installed-ipsec probe (binaries, packages, configs, units)" }

    static let kinds: Set<String> = ["binary", "config", "unit", "package"]

    public func parse(_ text: String) -> ParseResult {
        var acc = ParseAccumulator()
        var records: [InstalledIpsecRecord] = []
        for line in text.numberedLines where !line.isBlank {
            let t = line.trimmed
            guard let colon = t.firstIndex(of: ":") else { acc.reject(line); continue }
            let kind = String(t[..<colon])
            var rest = String(t[t.index(after: colon)...]).trimmedSpaces
            var r = InstalledIpsecRecord(line: line.number)
            r.set(.kind, kind)
            if kind == "uname" {
                guard !rest.isEmpty else { acc.reject(line); continue }
                r.set(.os, rest)
                records.append(r); acc.account(line.number); continue
            }
            guard InstalledIpsecParser.kinds.contains(kind) else { acc.reject(line); continue }
            if rest.hasSuffix(")"), let open = rest.lastIndex(of: "(") {
                r.set(.detail, String(rest[rest.index(after: open)..<rest.index(before: rest.endIndex)]))
                rest = rest[..<open].trimmedSpaces
            }
            let words = rest.words
            if kind == "package" {
                guard words.count == 3 else { acc.reject(line); continue }
                r.set(.package, words[0]); r.set(.version, words[1]); r.set(.result, words[2])
            } else {
                guard words.count == 2, words[0].hasPrefix("/") else { acc.reject(line); continue }
                r.set(.path, words[0]); r.set(.result, words[1])
            }
            records.append(r)
            acc.account(line.number)
        }
        return acc.result(source: source, typed: records)
    }
}

// MARK: - Evidence source: how it is obtained, named in snapshots and redacted

extension InstalledIpsecParser: EvidenceSource {
    public var yields: [String] {
        ["ike.installed", "ike.implementation", "host.os"]
    }
    public var probes: [ProbeSpec] {
        [
            ProbeSpec("installed-ipsec", source: "installed-ipsec", .installedIpsec),
        ]
    }
}
