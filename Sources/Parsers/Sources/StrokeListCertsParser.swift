import Facts

/// strongSwan's stroke front end: `ipsec listcerts`, `ipsec listcacerts`, `ipsec listcrls` (and
/// the certificate part of `ipsec listall`), the certificates charon holds on a host configured
/// with ipsec.conf (loaded from /etc/ipsec.d/{certs,cacerts,crls}, and peers' certificates it
/// verified). stroke_list.c hands every certificate to the same certificate_printer as
/// `swanctl --list-certs` (`certificate_printer_create(out, TRUE, utc)`, captions `List of X.509
/// End Entity Certificates`, ...; `has private key` after the public key of our own), so the
/// lines are read by SwanctlListCertsParser's reader into the same records, and the same facts
/// follow (SwanctlCertsExtractor reads both sources). Checked on strongSwan 5.9.8's starter in
/// the lab (batch 9 of Tests/Fixtures/variants/README.md): byte for byte the swanctl form.
public struct StrokeListCertsParser: OutputParser {
    public init() {}
    public var source: String { "stroke-list-certs" }
    public var summary: String { "ipsec listcerts / listcacerts / listcrls (strongSwan stroke: certificates charon holds)" }

    /// Records typed: `SwanctlCertRecord`s, made by swanctl's reader (TypedProbeRecordTests).
    public func parse(_ text: String) -> ParseResult { SwanctlListCertsParser.read(text, source: source) }
}

// MARK: - Evidence source: how it is obtained, named in snapshots and redacted

extension StrokeListCertsParser: EvidenceSource {
    /// As swanctl-list-certs' (SwanctlCertsExtractor): our certificate's validity and whether it
    /// holds ipsec.conf's leftid, the peer's certificate's validity, a CRL listed that revokes it.
    public var yields: [String] { ["cert.local.expired", "cert.peer.expired", "cert.peer.revoked"] }
    public var probes: [ProbeSpec] {
        [
            // read-only: list what charon holds (no key is printed); only where starter's charon
            // answers. One at a time, never beside another ipsec-doctor's (exclusive): charon's
            // stroke plugin shares one certificate printer among all `list*` requests, and two
            // at once crash charon (5.9.8: a segfault in libstrongswan-stroke.so).
            ProbeSpec("ipsec-listcerts", source: "stroke-list-certs", .command(["ipsec", "listcerts"]), needsRoot: true,
                      condition: .strongswanIpsec, exclusive: Self.strokeList),
            ProbeSpec("ipsec-listcacerts", source: "stroke-list-certs", .command(["ipsec", "listcacerts"]), needsRoot: true,
                      condition: .strongswanIpsec, exclusive: Self.strokeList),
            ProbeSpec("ipsec-listcrls", source: "stroke-list-certs", .command(["ipsec", "listcrls"]), needsRoot: true,
                      condition: .strongswanIpsec, exclusive: Self.strokeList),
        ]
    }
    /// The `exclusive` key of stroke's list requests.
    public static let strokeList = "stroke-list"
    /// What an admin names the saved outputs: `ipsec listcerts > ipsec-listcerts.txt`, ...
    public var snapshotNames: [String] { ["ipsec-listcerts", "ipsec-listcacerts", "ipsec-listcrls", "listcerts", "listcacerts", "listcrls"] }
}
