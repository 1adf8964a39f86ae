import Probes

/// The two ends' SAs against each other: what one sends with must be what the other receives
/// with. An outbound SPI the peer has no inbound SA for is a stale SA (the peer restarted or
/// flushed its SAs): packets sent with it are dropped as "unknown SPI" at the peer.
struct StateChecks {
    let a: Gateway, b: Gateway
    let t: TunnelConfig, u: TunnelConfig

    func all() -> [Difference] {
        let sasA = a.sas.filter { $0.ike == t.name && ($0.state ?? "INSTALLED") == "INSTALLED" }
        let sasB = b.sas.filter { $0.ike == u.name && ($0.state ?? "INSTALLED") == "INSTALLED" }
        var out: [Difference] = []
        // Only when both ends report SAs can a missing SPI mean anything.
        guard !(sasA.isEmpty && a.kernelSAs.isEmpty), !(sasB.isEmpty && b.kernelSAs.isEmpty) else { return [] }
        let inboundB = Set(sasB.compactMap(\.spiIn) + b.kernelSAs.filter { b.addresses.contains($0.dst) }.map(\.spi))
        let inboundA = Set(sasA.compactMap(\.spiIn) + a.kernelSAs.filter { a.addresses.contains($0.dst) }.map(\.spi))
        for (sas, inbound, holder, peer, side, tunnel) in [(sasA, inboundB, a, b, "a", t.name), (sasB, inboundA, b, a, "b", u.name)] {
            for sa in sas {
                guard let out_ = sa.spiOut, !inbound.contains(out_) else { continue }
                out.append(Difference(
                    item: .staleSPI, severity: .problem, confidence: 0.85, tunnelA: t.name, tunnelB: u.name,
                    summary: "\(holder.name) sends \(sa.child) with SPI \(out_), which \(peer.name) has no inbound SA for: \(holder.name) holds a stale SA (\(peer.name) restarted or flushed its SAs)",
                    evidenceA: side == "a" ? [sa.origin] : sasA.map(\.origin), evidenceB: side == "b" ? [sa.origin] : sasB.map(\.origin),
                    faultySide: side,
                    fix: "on \(holder.name): swanctl --terminate --child \(sa.child) (or ip xfrm state delete ... spi 0x\(out_)), then swanctl --initiate --child \(sa.child) of \(tunnel)"))
            }
        }
        // Kernel SAs where the daemon lists none (racoon, OpenBSD, illumos, or no swanctl output):
        // this end's outbound SAs to the peer's address against the peer's inbound ones.
        for (sas, holder, peer, side, tunnel, inbound) in [(sasA, a, b, "a", t, inboundB), (sasB, b, a, "b", u, inboundA)] where sas.isEmpty {
            let remote = Set(tunnel.remoteAddrs).union(peer.addresses)
            for k in holder.kernelSAs where holder.addresses.contains(k.src) && remote.contains(k.dst) && !inbound.contains(k.spi) {
                out.append(Difference(
                    item: .staleSPI, severity: .problem, confidence: 0.8, tunnelA: t.name, tunnelB: u.name,
                    summary: "\(holder.name)'s kernel sends to \(k.dst) with SPI \(k.spi), which \(peer.name) has no inbound SA for: \(holder.name) holds a stale SA",
                    evidenceA: side == "a" ? [k.origin] : [], evidenceB: side == "b" ? [k.origin] : [], faultySide: side,
                    fix: "on \(holder.name): delete that SA (ip xfrm state delete / setkey -c 'delete ...' / ipsecctl -F) and let the daemon renegotiate"))
            }
        }
        // Counters: bytes out at one end against bytes in at the other, on the same SPI.
        for (sas, peerSAs, sender, receiver, side) in [(sasA, sasB, a, b, "b"), (sasB, sasA, b, a, "a")] {
            for sa in sas {
                guard let spi = sa.spiOut, let sent = sa.packetsOut,
                      let rx = peerSAs.first(where: { $0.spiIn == spi }), let got = rx.packetsIn,
                      (sent >= 3 && got == 0) || (sent >= 10 && got * 2 < sent) else { continue }
                out.append(Difference(
                    item: .counters, severity: .warning, confidence: 0.5, tunnelA: t.name, tunnelB: u.name,
                    summary: "\(sender.name) sent \(Int(sent)) packets on SPI \(spi), \(receiver.name) received \(Int(got)) (snapshots taken apart in time, so only a large gap counts): ESP is lost on the path or dropped before \(receiver.name)'s SA",
                    evidenceA: [side == "b" ? sa.origin : rx.origin], evidenceB: [side == "b" ? rx.origin : sa.origin],
                    faultySide: nil, fix: "capture ESP (proto 50 / udp 4500) at both ends to find where packets vanish"))
            }
        }
        // reqids: a CHILD SA the daemon lists with a reqid no kernel SA of this peer carries.
        for (sas, g, side) in [(sasA, a, "a"), (sasB, b, "b")] where !g.kernelSAs.isEmpty {
            for sa in sas {
                guard let r = sa.reqid, let spi = sa.spiIn, let k = g.kernelSAs.first(where: { $0.spi == spi }), let kr = k.reqid, kr != r else { continue }
                out.append(Difference(
                    item: .reqid, severity: .warning, confidence: 0.5, tunnelA: t.name, tunnelB: u.name,
                    summary: "\(g.name): the daemon says reqid \(r) for SPI \(spi), the kernel reqid \(kr): policies and SAs no longer belong together",
                    evidenceA: side == "a" ? [sa.origin, k.origin] : [], evidenceB: side == "b" ? [sa.origin, k.origin] : [],
                    faultySide: side, fix: "on \(g.name): restart the tunnel (swanctl --terminate/--initiate) so the daemon reinstalls SAs and policies"))
            }
        }
        return out
    }
}

/// Pre-shared keys, compared through the keyed hashes `collect --psk-fingerprint` saved. With
/// no fingerprints, a PSK difference is only inferred: every other phase 1 item agrees, and a
/// daemon log says authentication failed.
struct SecretChecks {
    let a: Gateway, b: Gateway
    let t: TunnelConfig, u: TunnelConfig

    enum Outcome { case equal, differ(Difference), unknown(String) }

    func fingerprint(_ g: Gateway, _ tun: TunnelConfig) -> PSKFingerprint? {
        let mine = [tun.localID, ConfigChecks.sentID(tun, g)].compactMap { $0.map(Identity.normal) }
        let theirs = ([tun.remoteID] + tun.remoteAddrs.map { Optional($0) }).compactMap { $0.map(Identity.normal) }
        let scored = g.pskFingerprints.map { f -> (Int, PSKFingerprint) in
            let ids = Set(f.ids.map(Identity.normal))
            let s = (ids.contains { theirs.contains($0) } ? 2 : 0) + (ids.contains { mine.contains($0) } ? 1 : 0) + (ids.isEmpty ? 0 : 0)
            return (f.ids.isEmpty ? 1 : s, f)   // a key with no ids applies to every peer (strongSwan, Libreswan %any)
        }
        return scored.filter { $0.0 > 0 }.max { $0.0 < $1.0 }?.1
    }

    func check() -> Outcome {
        guard ConfigChecks.authKind(t.localAuth) == "psk" || ConfigChecks.authKind(u.localAuth) == "psk" else { return .unknown("not PSK") }
        guard !a.pskFingerprints.isEmpty, !b.pskFingerprints.isEmpty else { return .unknown("no fingerprints") }
        guard let fa = fingerprint(a, t), let fb = fingerprint(b, u) else { return .unknown("no fingerprint for this tunnel") }
        guard fa.keyID == fb.keyID else { return .unknown("fingerprints made with different keys (\(fa.keyID), \(fb.keyID))") }
        if fa.fingerprint == fb.fingerprint { return .equal }
        return .differ(Difference(
            item: .psk, severity: .problem, confidence: 0.97, tunnelA: t.name, tunnelB: u.name,
            summary: "the pre-shared keys differ (keyed fingerprints \(fa.fingerprint.prefix(12))… at \(a.name), \(fb.fingerprint.prefix(12))… at \(b.name))",
            evidenceA: [SourceLine(file: "\(SnapshotAdapter.fingerprintFile)", line: nil, text: fa.source)],
            evidenceB: [SourceLine(file: "\(SnapshotAdapter.fingerprintFile)", line: nil, text: fb.source)],
            faultySide: nil, fix: "agree one PSK and set it on both ends (swanctl --load-creds / ipsec secrets); which end drifted, the fingerprints cannot tell"))
    }

    /// With no fingerprints: a log says authentication failed, and nothing else differs.
    func inferred(otherDifferences: [Difference]) -> Difference? {
        guard ConfigChecks.authKind(t.localAuth) == "psk", ConfigChecks.authKind(u.localAuth) == "psk" else { return nil }
        let phase1: Set<Difference.Item> = [.ikeVersion, .exchangeMode, .ikeProposal, .identity, .authMethod]
        guard !otherDifferences.contains(where: { phase1.contains($0.item) && $0.severity == .problem }) else { return nil }
        let logA = a.logFailure("auth", tunnel: t.name), logB = b.logFailure("auth", tunnel: u.name)
        guard logA != nil || logB != nil else { return nil }
        // A side that logged "no shared key found" has no key to differ: the key is missing
        // there (ike.psk-not-found, from that side's own log), not different.
        guard a.logFailure("psk-missing", tunnel: t.name) == nil, b.logFailure("psk-missing", tunnel: u.name) == nil else { return nil }
        // an end read from its daemon's listing has no proposals to compare: say what was compared
        let agreeing = t.settingsKnown && u.settingsKnown ? "version, proposals, identities and methods"
            : "version, identities and methods (the proposals of an end read from `swanctl --list-conns` are not listed)"
        return Difference(
            item: .psk, severity: .problem, confidence: 0.75, tunnelA: t.name, tunnelB: u.name,
            summary: "authentication fails although \(agreeing) agree: the pre-shared keys most likely differ (not verified: the snapshots hold no PSK fingerprints)",
            evidenceA: [logA].compactMap { $0 } + [t.line("local.auth")], evidenceB: [logB].compactMap { $0 } + [u.line("local.auth")],
            faultySide: nil,
            fix: "compare the keys: run `ipsec-doctor collect --psk-fingerprint KEYFILE` on both ends with the same KEYFILE and compare again; then set one PSK on both")
    }
}
