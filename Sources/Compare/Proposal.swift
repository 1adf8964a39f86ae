/// One algorithm proposal, transform type by transform type, in canonical names
/// (`aes128`, `aes256gcm16`, `sha256`, `prfsha256`, `modp2048`, `ecp256`, `curve25519`).
/// A proposal matches another when, for every transform type both negotiate, the two share
/// at least one algorithm (RFC 7296 section 3.3: one transform of each type is chosen).
public struct Proposal: Sendable, Hashable, CustomStringConvertible {
    public var encryption: [String] = []
    public var integrity: [String] = []
    public var prf: [String] = []
    public var dh: [String] = []
    public var esn: [String] = []

    public var isAEAD: Bool { !encryption.isEmpty && encryption.allSatisfy(Proposal.isAEAD) }

    static func isAEAD(_ e: String) -> Bool { e.contains("gcm") || e.contains("ccm") || e.contains("poly1305") }

    public var description: String {
        (encryption + integrity + prf + dh + esn).joined(separator: "-")
    }

    /// Parses one proposal in strongSwan (`aes128-sha256-modp2048`) or Libreswan
    /// (`aes_gcm256-sha2_512+sha2_256;modp2048`) syntax. Unknown words are returned apart,
    /// so a report can say which keyword it did not understand instead of guessing.
    public static func parse(_ text: String, ike: Bool) -> (Proposal, unknown: [String]) {
        var p = Proposal()
        var unknown: [String] = []
        var t = text.lowercased().trimmingCharacters(in: .whitespaces)
        if t.hasSuffix("!") { t.removeLast() }
        for token in t.split(whereSeparator: { $0 == "-" || $0 == ";" }) {
            for word in token.split(separator: "+").map(String.init) {
                if let e = Algorithms.encryption(word) { p.encryption += e.filter { !p.encryption.contains($0) } }
                else if let i = Algorithms.integrity(word) { if !p.integrity.contains(i) { p.integrity.append(i) } }
                else if let f = Algorithms.prf(word) { if !p.prf.contains(f) { p.prf.append(f) } }
                else if let g = Algorithms.dh(word) { if !p.dh.contains(g) { p.dh.append(g) } }
                else if word == "esn" || word == "noesn" { p.esn.append(word) }
                else if word == "null" || word == "none" { continue }
                else { unknown.append(word) }
            }
        }
        // IKE: without a PRF keyword, strongSwan and Libreswan derive the PRF from the integrity algorithm.
        if ike, p.prf.isEmpty { p.prf = p.integrity.compactMap(Algorithms.prfFromIntegrity) }
        return (p, unknown)
    }

    /// The algorithms both proposals accept, or nil when some transform type has none in common.
    /// `checkDH`: false for the CHILD SA made with IKE_AUTH, whose keys come from the IKE SA, so a
    /// DH group in esp_proposals only matters at rekeying (reported apart as a PFS difference).
    public func intersection(_ other: Proposal, ike: Bool, checkDH: Bool = true) -> Proposal? {
        func common(_ a: [String], _ b: [String]) -> [String]? {
            if a.isEmpty && b.isEmpty { return [] }
            let c = a.filter(b.contains)
            return c.isEmpty ? nil : c
        }
        var out = Proposal()
        guard let e = common(encryption, other.encryption) else { return nil }
        out.encryption = e
        if !isAEAD || !other.isAEAD {
            guard let i = common(integrity, other.integrity) else { return nil }
            out.integrity = i
        }
        if ike {
            if !prf.isEmpty && !other.prf.isEmpty {
                guard let f = common(prf, other.prf) else { return nil }
                out.prf = f
            }
            guard let g = common(dh, other.dh) else { return nil }
            out.dh = g
        } else if checkDH {
            guard let g = common(dh, other.dh) else { return nil }
            out.dh = g
        }
        let ea = esn.isEmpty ? ["noesn"] : esn, eb = other.esn.isEmpty ? ["noesn"] : other.esn
        guard let s = common(ea, eb) else { return nil }
        out.esn = s == ["noesn"] ? [] : s
        return out
    }
}

/// Keyword tables of strongSwan (docs.strongswan.org, "IKEv2 Cipher Suites") and Libreswan
/// (ipsec.conf(5), `ike=`/`esp=`), mapped onto one canonical name per algorithm.
enum Algorithms {
    static func encryption(_ w: String) -> [String]? {
        switch w {
        case "aes": return ["aes128"]
        case "aes128", "aes192", "aes256", "3des", "des", "cast128", "blowfish",
             "camellia128", "camellia192", "camellia256", "aes128ctr", "aes192ctr", "aes256ctr", "chacha20poly1305":
            return [w]
        case "aes_cbc", "aes_cbc_128": return ["aes128"]
        case "aes_cbc_256", "aes_cbc256": return ["aes256"]
        case "aes_cbc_192": return ["aes192"]
        case "camellia": return ["camellia128"]
        case "chacha20_poly1305": return ["chacha20poly1305"]
        case "aes_ctr": return ["aes128ctr"]
        default: break
        }
        // strongSwan: aes128gcm16, aes128gcm128 (= ICV 16 bytes), aes128gcm (= 16). Libreswan:
        // aes_gcm256, aes_gcm_c_256, aes_gcm (key length unset: it proposes 256 and 128).
        for mode in ["gcm", "ccm"] where w.hasPrefix("aes") && w.contains(mode) {
            let compact = w.replacingOccurrences(of: "_", with: "").replacingOccurrences(of: mode + "c", with: mode)
            let parts = compact.components(separatedBy: mode)
            let pre = String(parts[0].dropFirst(3)), post = parts.count > 1 ? parts[1] : ""
            let icvNames = ["8": "8", "12": "12", "16": "16", "64": "8", "96": "12", "128": "16"]
            if !pre.isEmpty {
                guard let icv = post.isEmpty ? "16" : icvNames[post] else { return nil }
                return ["aes\(pre)\(mode)\(icv)"]
            }
            if ["128", "192", "256"].contains(post) { return ["aes\(post)\(mode)16"] }
            return post.isEmpty ? (w.contains("_") ? ["aes256\(mode)16", "aes128\(mode)16"] : ["aes128\(mode)16"]) : nil
        }
        return nil
    }

    static func integrity(_ w: String) -> String? {
        switch w {
        case "sha1", "sha", "sha1_96", "hmac_sha1": return "sha1"
        case "sha256", "sha2", "sha2_256", "sha256_128", "sha2_256_128": return "sha256"
        case "sha256_96": return "sha256_96"
        case "sha384", "sha2_384", "sha2_384_192": return "sha384"
        case "sha512", "sha2_512", "sha2_512_256": return "sha512"
        case "md5", "md5_96": return "md5"
        case "aesxcbc", "aes_xcbc": return "aesxcbc"
        case "aescmac", "aes_cmac": return "aescmac"
        default: return nil
        }
    }

    static func prf(_ w: String) -> String? {
        switch w {
        case "prfsha1", "prfsha256", "prfsha384", "prfsha512", "prfmd5", "prfaesxcbc", "prfaescmac": return w
        default: return nil
        }
    }

    static func prfFromIntegrity(_ i: String) -> String? {
        switch i {
        case "sha1": return "prfsha1"
        case "sha256", "sha256_96": return "prfsha256"
        case "sha384": return "prfsha384"
        case "sha512": return "prfsha512"
        case "md5": return "prfmd5"
        case "aesxcbc": return "prfaesxcbc"
        case "aescmac": return "prfaescmac"
        default: return nil
        }
    }

    /// IANA "Transform Type 4" numbers as Libreswan's `dhNN` and strongSwan's names.
    static let dhNumbers: [String: String] = [
        "1": "modp768", "2": "modp1024", "5": "modp1536", "14": "modp2048", "15": "modp3072", "16": "modp4096",
        "17": "modp6144", "18": "modp8192", "19": "ecp256", "20": "ecp384", "21": "ecp521", "22": "modp1024s160",
        "23": "modp2048s224", "24": "modp2048s256", "28": "ecp256bp", "29": "ecp384bp", "30": "ecp512bp",
        "31": "curve25519", "32": "curve448",
    ]

    static func dh(_ w: String) -> String? {
        if w.hasPrefix("modp") || w.hasPrefix("ecp") { return w }
        if w == "x25519" || w == "curve25519" { return "curve25519" }
        if w == "x448" || w == "curve448" { return "curve448" }
        if w.hasPrefix("dh"), let g = dhNumbers[String(w.dropFirst(2))] { return g }
        return nil
    }
}
