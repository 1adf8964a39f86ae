/// The bytes ESP adds to a packet (RFC 4303): header (SPI, sequence: 8), IV, padding to the
/// cipher's block (at least the 2-byte trailer, 4-byte aligned), ICV; plus the outer IP header
/// in tunnel mode and 8 bytes of UDP with NAT-T (RFC 3948).
struct EspAlgorithms {
    var name: String
    var iv: Int
    var block: Int
    var icv: Int

    /// From `ip xfrm state` (`enc cbc(aes)`, `auth-trunc hmac(sha256) ... 128`, `aead rfc4106(gcm(aes)) ... 128`).
    static func fromXfrm(_ sa: XfrmSA) -> EspAlgorithms? {
        if let a = sa.aead {
            let icv = (sa.aeadIcvBits ?? 128) / 8
            return EspAlgorithms(name: a, iv: 8, block: 4, icv: icv)
        }
        guard let enc = sa.enc else { return nil }
        let (iv, block) = cipher(enc)
        var icv = 0
        if let auth = sa.auth {
            if let bits = sa.authTruncBits { icv = bits / 8 } else { icv = fullDigest(auth) }
        }
        return EspAlgorithms(name: enc + (sa.auth.map { "/" + $0 } ?? ""), iv: iv, block: block, icv: icv)
    }

    static func cipher(_ enc: String) -> (Int, Int) {
        let e = enc.lowercased()
        if e.contains("null") { return (0, 4) }
        if e.contains("ctr") || e.contains("chacha") { return (8, 4) }
        if e.contains("des") || e.contains("blowfish") || e.contains("cast") { return (8, 8) }
        return (16, 16)   // cbc(aes), cbc(camellia), cbc(serpent), cbc(twofish)
    }

    static func fullDigest(_ auth: String) -> Int {
        let a = auth.lowercased()
        if a.contains("sha512") { return 64 }
        if a.contains("sha384") { return 48 }
        if a.contains("sha256") { return 32 }
        if a.contains("md5") { return 16 }
        if a.contains("xcbc") || a.contains("cmac") { return 16 }
        return 20
    }

    /// From strongSwan's proposal notation (`AES_CBC-128/HMAC_SHA2_256_128`, `AES_GCM_16-256`,
    /// `CHACHA20_POLY1305-256`), as `swanctl --list-sas` prints it.
    static func fromProposal(_ p: String) -> EspAlgorithms? {
        let parts = p.uppercased().split(separator: "/").map(String.init)
        guard let enc = parts.first else { return nil }
        if enc.hasPrefix("AES_GCM") || enc.hasPrefix("AES_CCM") {
            let icvBytes = Int(enc.split(separator: "_").dropFirst(2).first?.split(separator: "-").first ?? "16") ?? 16
            return EspAlgorithms(name: p, iv: 8, block: 4, icv: icvBytes)
        }
        if enc.hasPrefix("CHACHA20") { return EspAlgorithms(name: p, iv: 8, block: 4, icv: 16) }
        let (iv, block) = enc.hasPrefix("AES_CTR") ? (8, 4) : enc.hasPrefix("3DES") || enc.hasPrefix("DES") || enc.hasPrefix("BLOWFISH") || enc.hasPrefix("CAST") ? (8, 8)
            : enc.hasPrefix("NULL") ? (0, 4) : (16, 16)
        var icv = 0
        if parts.count > 1 {
            let a = parts[1]
            // HMAC_SHA2_256_128: the last number is the truncation in bits; HMAC_SHA1_96, AES_XCBC_96.
            if let bits = Int(a.split(separator: "_").last ?? ""), bits >= 64 { icv = bits / 8 }
            else { icv = a.contains("SHA2_512") ? 32 : a.contains("SHA2_384") ? 24 : a.contains("SHA2_256") ? 16 : 12 }
        }
        return EspAlgorithms(name: p, iv: iv, block: block, icv: icv)
    }

    /// The size on the wire of an inner IP packet of `inner` bytes.
    func outerSize(inner: Int, tunnel: Bool, outerIPv6: Bool, innerHeader: Int, udp: Bool) -> Int {
        let payload = tunnel ? inner : inner - innerHeader
        let align = max(block, 4)
        let padded = ((payload + 2 + align - 1) / align) * align
        let outerHeader = tunnel ? (outerIPv6 ? 40 : 20) : innerHeader
        return outerHeader + (udp ? 8 : 0) + 8 + iv + padded + icv
    }

    /// The largest inner packet whose ESP packet fits in `mtu`.
    func largestInner(mtu: Int, tunnel: Bool, outerIPv6: Bool, innerHeader: Int, udp: Bool) -> Int {
        var n = mtu
        while n > 0, outerSize(inner: n, tunnel: tunnel, outerIPv6: outerIPv6, innerHeader: innerHeader, udp: udp) > mtu { n -= 1 }
        return n
    }
}
