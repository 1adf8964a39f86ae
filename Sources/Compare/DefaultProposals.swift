/// What each daemon proposes when a tunnel leaves its proposals unset, and how a configured
/// list combines with that default. Sources (read for this table; nothing copied):
///
/// - strongSwan, `src/libstrongswan/crypto/proposal/proposal.c`, `proposal_create_default()` and
///   `proposal_add_supported_ike()` (strongswan/strongswan on GitHub): IKE: AES-CBC 128/192/256,
///   AES-CTR and Camellia, 3DES last; integrity HMAC-SHA2-256/384/512, then AES-XCBC, AES-CMAC,
///   HMAC-SHA1; PRFs alike; DH: ECP 256/384/521, Brainpool, Curve25519/448, MODP 3072..8192,
///   then MODP 2048 (never 768/1024/1536). An AEAD twin: AES-GCM/CCM 16/12/8 and ChaCha20-Poly1305.
///   ESP: AES-CBC 128/192/256 with HMAC-SHA2-256/384/512, HMAC-SHA1, AES-XCBC; no DH; no ESN.
///   (Exact membership depends on the crypto plugins loaded; these are the usual Debian ones.)
/// - strongSwan swanctl.conf(5) (docs.strongswan.org, "proposals", "esp_proposals"): an unset
///   list means `default`; a configured list replaces the default unless it names `default`.
/// - strongSwan ipsec.conf(5) (wiki "ConnSection", `ike=`/`esp=`): unset means aes128-sha256-modp3072
///   (IKE) and aes128-sha256 (ESP); "the daemon adds its extensive default proposal to this default
///   or the configured value. To restrict it to the configured proposal an exclamation mark (!)
///   can be added at the end."
/// - Libreswan ipsec.conf(5), `ike=`/`esp=`, and pluto's own log of its defaults, e.g. (3.x)
///   `IKE proposals ... 1:IKE:ENCR=AES_GCM_C_256;PRF=HMAC_SHA2_512,HMAC_SHA2_256,HMAC_SHA1;INTEG=NONE;
///   DH=MODP2048,MODP3072,MODP4096,MODP8192 ... 4:IKE:ENCR=AES_CBC_128;...;INTEG=HMAC_SHA2_512_256,
///   HMAC_SHA2_256_128,HMAC_SHA1_96;DH=MODP2048,MODP3072,MODP1536 (default)` (a pluto log quoted in a
///   public gist, github.com/psy0rz 12d7b43b). A configured `ike=`/`esp=` replaces the default.
///   Libreswan 4/5 added ECP/Curve25519 groups; an unset side is modelled with both sets, so
///   compare never calls a proposal mismatch that a newer Libreswan would accept.
/// - OpenBSD iked, `sbin/iked/parse.y` (openbsd/src), `ikev2_default_ike_transforms[]` and
///   `ikev2_default_esp_transforms[]` with their `_noauth` (AEAD) twins: IKE AES-CBC 256/192/128
///   and 3DES, PRF and integrity HMAC-SHA2-256/384/512 and SHA1, DH Curve25519, ECP 521/384/256,
///   MODP 4096/3072/2048/1536/1024; AEAD AES-GCM-16 128/256. ESP AES-CBC 256/192/128 with
///   HMAC-SHA2-256/384/512 and SHA1, or AES-GCM-16 128/256; no DH; ESN or not. iked.conf(5):
///   "If omitted, iked(8) will use the default proposals".
/// - OpenBSD ipsecctl for isakmpd, its regression output `regress/sbin/ipsecctl/ike9.ok`
///   (openbsd/src) for an `ike` rule without `main`/`quick`: phase 1 AES (key length 128, up to
///   256 accepted), SHA1, MODP_1024; quick mode AES, HMAC_SHA2_256, PFS MODP_1024. A rule naming
///   only some transforms keeps these defaults for the others (the adapter fills them in).
/// - racoon.conf(5): a `remote` needs its `proposal` blocks and a `sainfo` its algorithms; there
///   is no default set. illumos ike.config(5): "There must be either at least one phase 1
///   transform in a rule or a global default phase 1 transform list"; the ESP algorithms are in
///   ipsecinit.conf, so they are not compared from ike/config.
public enum DefaultProposals {
    static let ikeEncryption = ["aes128", "aes192", "aes256", "aes128ctr", "aes192ctr", "aes256ctr",
                                "camellia128", "camellia192", "camellia256", "3des"]
    static let ikeIntegrity = ["sha256", "sha384", "sha512", "aesxcbc", "aescmac", "sha1"]
    static let ikePRF = ["prfsha256", "prfsha384", "prfsha512", "prfaesxcbc", "prfaescmac", "prfsha1"]
    static let ikeDH = ["ecp256", "ecp384", "ecp521", "ecp256bp", "ecp384bp", "ecp512bp", "curve25519", "curve448",
                        "modp3072", "modp4096", "modp6144", "modp8192", "modp2048"]
    static let ikeAEAD = ["aes128gcm16", "aes192gcm16", "aes256gcm16", "aes128ccm16", "aes192ccm16", "aes256ccm16",
                          "chacha20poly1305", "aes128gcm12", "aes192gcm12", "aes256gcm12", "aes128gcm8", "aes192gcm8", "aes256gcm8"]

    /// strongSwan's `default` keyword for IKE.
    public static let strongSwanIKE: [Proposal] = [
        Proposal(encryption: ikeEncryption, integrity: ikeIntegrity, prf: ikePRF, dh: ikeDH),
        Proposal(encryption: ikeAEAD, integrity: [], prf: ikePRF, dh: ikeDH),
    ]
    /// strongSwan's `default` keyword for ESP.
    public static let strongSwanESP: [Proposal] = [
        Proposal(encryption: ["aes128", "aes192", "aes256"], integrity: ["sha256", "sha384", "sha512", "sha1", "aesxcbc"]),
    ]
    /// ipsec.conf (stroke) when `ike=`/`esp=` is unset: its own default, then `default` appended.
    static let strokeIKEUnset = ["aes128-sha256-modp3072"]
    static let strokeESPUnset = ["aes128-sha256"]

    static let libreswanPRF = ["prfsha512", "prfsha256", "prfsha1"]
    public static let libreswanIKE: [Proposal] = [
        Proposal(encryption: ["aes256gcm16", "aes128gcm16"], integrity: [], prf: libreswanPRF,
                 dh: ["modp2048", "modp3072", "modp4096", "modp8192", "ecp256", "ecp384", "ecp521", "curve25519"]),
        Proposal(encryption: ["aes256", "aes128"], integrity: ["sha512", "sha256", "sha1"], prf: libreswanPRF,
                 dh: ["modp2048", "modp3072", "modp1536", "modp4096", "modp8192", "ecp256", "ecp384", "ecp521", "curve25519"]),
    ]
    public static let libreswanESP: [Proposal] = [
        Proposal(encryption: ["aes256gcm16", "aes128gcm16"], integrity: []),
        Proposal(encryption: ["aes256", "aes128"], integrity: ["sha512", "sha256", "sha1"]),
    ]

    static let ikedGroups = ["curve25519", "ecp521", "ecp384", "ecp256", "modp4096", "modp3072", "modp2048", "modp1536", "modp1024"]
    static let ikedPRF = ["prfsha256", "prfsha384", "prfsha512", "prfsha1"]
    public static let ikedIKE: [Proposal] = [
        Proposal(encryption: ["aes256", "aes192", "aes128", "3des"], integrity: ["sha256", "sha384", "sha512", "sha1"], prf: ikedPRF, dh: ikedGroups),
        Proposal(encryption: ["aes128gcm16", "aes256gcm16"], integrity: [], prf: ikedPRF, dh: ikedGroups),
    ]
    public static let ikedESP: [Proposal] = [
        Proposal(encryption: ["aes256", "aes192", "aes128"], integrity: ["sha256", "sha384", "sha512", "sha1"], esn: ["esn", "noesn"]),
        Proposal(encryption: ["aes128gcm16", "aes256gcm16"], integrity: [], esn: ["esn", "noesn"]),
    ]
    static let isakmpdIKEUnset = ["aes128-aes192-aes256-sha1-modp1024"]
    static let isakmpdESPUnset = ["aes128-aes192-aes256-sha256-modp1024"]

    /// The proposals a tunnel really offers and accepts, with how they were arrived at.
    public static func effective(_ configured: [String]?, dialect: Dialect, ike: Bool) -> (proposals: [Proposal], note: String, unknown: [String]) {
        var unknown: [String] = []
        func parsed(_ list: [String]) -> [Proposal] {
            list.filter { $0.lowercased() != "default" }.map { s in
                let (p, u) = Proposal.parse(s, ike: ike); unknown += u; return p
            }
        }
        let strongDefault = ike ? strongSwanIKE : strongSwanESP
        switch dialect {
        case .swanctl:
            guard let configured, !configured.isEmpty else { return (strongDefault, "unset: strongSwan's default proposals", []) }
            let withDefault = configured.contains { $0.lowercased() == "default" }
            return (parsed(configured) + (withDefault ? strongDefault : []), configured.joined(separator: ","), unknown)
        case .strongswanStroke:
            let list = configured ?? (ike ? strokeIKEUnset : strokeESPUnset)
            let strict = list.last?.hasSuffix("!") == true
            let note = (configured == nil ? "unset: \(list.joined(separator: ",")) plus strongSwan's defaults"
                        : list.joined(separator: ",") + (strict ? " (strict)" : " plus strongSwan's defaults (no '!')"))
            return (parsed(list) + (strict ? [] : strongDefault), note, unknown)
        case .libreswan:
            guard let configured, !configured.isEmpty else {
                return (ike ? libreswanIKE : libreswanESP, "unset: Libreswan's default proposals", [])
            }
            return (parsed(configured), configured.joined(separator: ","), unknown)
        case .racoon, .isakmpd, .iked, .illumos:
            if let configured, !configured.isEmpty { return (parsed(configured), configured.joined(separator: ","), unknown) }
            switch dialect {
            case .iked: return (ike ? ikedIKE : ikedESP, "unset: iked's default proposals", [])
            case .isakmpd:
                let list = ike ? isakmpdIKEUnset : isakmpdESPUnset
                return (parsed(list), "unset: ipsecctl's defaults (\(list.joined()))", unknown)
            default: return ([], "none configured", [])
            }
        }
    }

    /// The first pair that matches (initiator's order), or nil.
    public static func firstCommon(_ a: [Proposal], _ b: [Proposal], ike: Bool, checkDH: Bool = true) -> Proposal? {
        for p in a { for q in b { if let c = p.intersection(q, ike: ike, checkDH: checkDH) { return c } } }
        return nil
    }
}
