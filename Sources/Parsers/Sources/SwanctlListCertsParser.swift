import Facts

/// strongSwan's `swanctl --list-certs`: the certificates the running charon holds (loaded from
/// /etc/swanctl/x509*, and peers' certificates it verified), under a caption per kind (`List of
/// X.509 End Entity Certificates`, `... CA Certificates`, `X.509 CRLs`, ...), each a block of
/// `  label:  value` lines, as src/libstrongswan/credentials/certificate_printer.c prints them:
/// `subject:  "DN"`, `issuer:   "DN"`, `validity:  not before DATE, ok|not valid yet (valid in
/// ...)` and `not after  DATE, ok (expires in ...)|expired (... ago)` (a CRL: `update:    this on
/// DATE, ok` / `next on DATE, ...`), `serial:`, `altNames:  a, b`, `flags:     serverAuth ...`,
/// `CRL URIs:`, `OCSP URIs:`, `pubkey:    ECDSA 256 bits[, has private key]`. The validity words
/// are charon's own judgement at the time of listing, so an expired certificate is read as the
/// daemon saw it, whatever the reader's clock. A `has private key` end-entity certificate is
/// this gateway's own. Public data only: no record holds a key (the key ids are not kept).
public struct SwanctlListCertsParser: OutputParser {
    public init() {}
    public var source: String { "swanctl-list-certs" }
    public var summary: String { "swanctl --list-certs (certificates charon holds: subject, altNames, validity)" }

    public func parse(_ text: String) -> ParseResult { Self.read(text, source: source) }

    /// The lines certificate_printer.c prints, whichever front end asked for them: swanctl's
    /// `--list-certs`, or stroke's `ipsec listcerts`/`listcacerts`/`listcrls` (StrokeListCertsParser).
    static func read(_ text: String, source: String) -> ParseResult {
        var acc = ParseAccumulator()
        var records: [SwanctlCertRecord] = []
        var kind: String?
        var current: SwanctlCertRecord?
        var label = ""   // the label whose continuation lines (`           value`) follow
        func flush() { if let c = current { records.append(c) }; current = nil; label = "" }
        for line in text.numberedLines where !line.isBlank {
            let t = line.trimmed
            if !line.isIndented {
                guard let caption = t.after("List of "), let k = Self.kinds[caption] else { acc.reject(line); continue }
                flush(); kind = k; acc.account(line.number); continue
            }
            guard let kind else { acc.reject(line); continue }
            let ok: Bool
            let labelLine = line.text.hasPrefix("  ") && !line.text.hasPrefix("   ")
            if labelLine, let n = Self.revokedCount(t) {
                ok = current != nil
                current?.revoked = n; label = "revoked"
            } else if labelLine, let colon = t.firstIndex(of: ":") {
                let key = String(t[..<colon]), value = String(t[t.index(after: colon)...]).trimmedSpaces
                // a new certificate starts with its subject, or (a CRL, an OCSP response) its issuer
                if key == "subject" || (key == "issuer" && (current == nil || current?.issuer != nil)) { flush() }
                if current == nil { current = SwanctlCertRecord(line: line.number, kind: kind) }
                label = key
                ok = Self.set(key, value, &current!)
            } else if !labelLine, var c = current {
                ok = Self.continuation(label, t, &c)
                current = c
            } else {
                ok = false
            }
            if ok { acc.account(line.number) } else { acc.reject(line) }
        }
        flush()
        return acc.result(source: source, typed: records)
    }

    /// The captions print_caption() writes (`List of %ss`), and the record kind of each.
    static let kinds: [String: String] = [
        "X.509 End Entity Certificates": "end-entity", "X.509 CA Certificates": "ca",
        "X.509 AA Certificates": "aa", "X.509 OCSP Signer Certificates": "ocsp-signer",
        "X.509 Attribute Certificates": "attribute", "X.509 CRLs": "crl", "OCSP Responses": "ocsp-response",
        "Raw Public Keys": "pubkey", "PGP End Entity Certificates": "pgp",
    ]

    /// Labels printed with nothing this reader keeps (key ids, policies, constraints).
    static let kept: Set<String> = [
        "authkeyId", "subjkeyId", "keyid", "subjkey", "authKeyId", "authkey", "pathlen", "pgpDigest", "hissuer",
        "hserial", "certificatePolicies", "policyMappings", "policyConstraints", "permitted nameConstraints",
        "excluded nameConstraints", "addresses", "delta CRL", "freshest", "responses", "created", "until",
    ]

    static func set(_ key: String, _ value: String, _ c: inout SwanctlCertRecord) -> Bool {
        switch key {
        case "subject": c.subject = unquoted(value)
        case "issuer": c.issuer = unquoted(value)
        case "validity":
            guard let v = value.after("not before ") else { return false }
            (c.notBefore, c.notBeforeStatus) = dateAndStatus(v)
        case "update":
            guard let v = value.after("this on ") else { return false }
            (c.notBefore, c.notBeforeStatus) = dateAndStatus(v)
        case "serial": c.serial = value
        case "altNames": c.altNames = value.components(separatedBy: ", ")
        case "flags": c.flags = value.words
        case "CRL URIs": c.crlUris = [value]
        case "OCSP URIs": c.ocspUris = [value]
        case "groups": c.groups = [value]
        case "pubkey":
            let parts = value.components(separatedBy: ", ")
            c.pubkey = parts[0]
            c.hasPrivateKey = parts.dropFirst().contains("has private key")
        default:
            return kept.contains(key)
        }
        return true
    }

    /// An indented line with no label of its own: `not after  DATE, ...` (`next on DATE, ...`),
    /// or one more value of the label before (a URI, a group, a revoked serial).
    static func continuation(_ label: String, _ t: String, _ c: inout SwanctlCertRecord) -> Bool {
        if let v = t.after("not after ") ?? t.after("next on ") {
            (c.notAfter, c.notAfterStatus) = dateAndStatus(v.trimmedSpaces)
            return true
        }
        switch label {
        case "revoked":   // `SERIAL: DATE, REASON` of a revoked certificate
            guard let colon = t.range(of: ": ") else { return false }
            c.revokedSerials = (c.revokedSerials ?? []) + [String(t[..<colon.lowerBound])]
        case "CRL URIs": c.crlUris = (c.crlUris ?? []) + [t]
        case "OCSP URIs": c.ocspUris = (c.ocspUris ?? []) + [t]
        case "groups": c.groups = (c.groups ?? []) + [t]
        default: return kept.contains(label) || label == "update" || label == "validity"
        }
        return true
    }

    /// `1 revoked certificate`, `2 revoked certificates:` (print_crl, no label) → the count.
    static func revokedCount(_ t: String) -> Int? {
        let w = t.words
        guard w.count == 3, w[1] == "revoked", w[2].hasPrefix("certificate") else { return nil }
        return Int(w[0])
    }

    /// `Dec 03 13:27:54 2026, ok (expires in 29 days)` → the date and what charon said of it.
    static func dateAndStatus(_ v: String) -> (String, String) {
        guard let comma = v.range(of: ", ") else { return (v, "") }
        return (String(v[..<comma.lowerBound]), String(v[comma.upperBound...]))
    }

    static func unquoted(_ v: String) -> String {
        v.count >= 2 && v.hasPrefix("\"") && v.hasSuffix("\"") ? String(v.dropFirst().dropLast()) : v
    }
}

/// One certificate (or CRL, attribute certificate, OCSP response) of `swanctl --list-certs`, its
/// fields in the order certificate_printer.c prints them. Dates as printed; the statuses are
/// charon's words (`ok`, `not valid yet (valid in 2 days)`, `ok (expires in 29 days)`, `expired
/// (21 hours ago)`).
public struct SwanctlCertRecord: SourceRecord, Equatable {
    public var line: Int
    /// end-entity, ca, aa, ocsp-signer, attribute, crl, ocsp-response, pubkey, pgp (the caption).
    public var kind: String
    public var subject: String?
    public var issuer: String?
    /// A certificate's not before / not after; a CRL's this update / next update.
    public var notBefore: String?
    public var notBeforeStatus: String?
    public var notAfter: String?
    public var notAfterStatus: String?
    public var serial: String?
    public var altNames: [String]?
    public var flags: [String]?
    public var crlUris: [String]?
    public var ocspUris: [String]?
    /// An attribute certificate's groups.
    public var groups: [String]?
    /// A CRL's count of revoked certificates, and their serials (`--list-certs` is detailed).
    public var revoked: Int?
    public var revokedSerials: [String]?
    /// `ECDSA 256 bits`, `RSA 3072 bits`.
    public var pubkey: String?
    public var hasPrivateKey: Bool?

    public init(line: Int, kind: String) { self.line = line; self.kind = kind }

    enum CodingKeys: String, CodingKey {
        case line, kind, subject, issuer, notBefore = "not_before", notBeforeStatus = "not_before_status"
        case notAfter = "not_after", notAfterStatus = "not_after_status", serial, altNames = "alt_names", flags
        case crlUris = "crl_uris", ocspUris = "ocsp_uris", groups, revoked, revokedSerials = "revoked_serials"
        case pubkey, hasPrivateKey = "has_private_key"
    }

    /// charon found it past its not after date (`expired (... ago)`).
    public var expired: Bool { notAfterStatus?.hasPrefix("expired") == true }
    /// charon found it before its not before date (`not valid yet (valid in ...)`).
    public var notYetValid: Bool { notBeforeStatus?.hasPrefix("not valid yet") == true }
    /// Whether `id` is this certificate's subject DN or one of its subjectAltNames, as charon's
    /// `has_subject` matches an identity (case-insensitively for names; a DN as printed).
    public func holds(_ id: String) -> Bool {
        let want = id.trimmedSpaces
        if let s = subject, s.caseInsensitiveCompare(want) == .orderedSame { return true }
        return (altNames ?? []).contains { $0.caseInsensitiveCompare(want) == .orderedSame }
    }
}

// MARK: - Evidence source: how it is obtained, named in snapshots and redacted

extension SwanctlListCertsParser: EvidenceSource {
    /// This gateway's own (has private key) certificate outside its validity; with the
    /// connection's local ID (`--list-conns`, or the log's signed identity) also whether the
    /// certificate holds it; the peer's certificate outside its validity (SwanctlCertsExtractor).
    public var yields: [String] { ["cert.local.expired", "cert.peer.expired", "cert.peer.revoked"] }
    public var probes: [ProbeSpec] {
        [
            // read-only: lists what charon holds; prints no key
            ProbeSpec("swanctl-list-certs", source: "swanctl-list-certs", .command(["swanctl", "--list-certs"]), needsRoot: true),
        ]
    }
    /// What an admin names the saved output: `swanctl --list-certs > swanctl-list-certs.txt`.
    public var snapshotNames: [String] { ["list-certs", "swanctl-certs"] }
}
