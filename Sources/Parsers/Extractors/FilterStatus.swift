import Facts

/// Whether the BSD packet filter is on, and which platform a snapshot holding only its output
/// comes from.
///  - pf: `pfctl -si`'s `Status: Enabled|Disabled` (PfctlInfoParser). `pfctl -d` disables pf;
///    its rules stay loaded and filter nothing.
///  - IP Filter on illumos: its SMF service svc:/network/ipfilter:default. Its stop method runs
///    `ipf -D` and unloads the module (usr/src/cmd/ipf/svc/ipfilter of illumos-gate); `start`
///    runs `ipf -E` and loads the rules. `online` is enabled, `disabled` is not; any other state
///    (maintenance, offline, a transition) is not taken for either.
///  - fw.filter_enabled is set from whichever is known; host.os from the filter's tool when no
///    other source names the platform (OpenBSDExtractor, IllumosExtractor, InstalledExtractor).
struct FilterStatus {
    struct Known { var enabled: Bool; var evidence: [Provenance] }
    var pf: Known?
    var ipf: Known?
    /// `ipf -V` says IP Filter blocks what no rule matches: the line that says so.
    var ipfDefaultBlock: [Provenance]?
    var platform: (Platform, [Provenance])?

    /// Sources that name the platform themselves.
    static let platformSources = ["ipsecctl-sa", "isakmpd-result", "isakmpd-log", "iked-log", "svcs", "ipseckey-dump",
                                  "dtrace-ipsec-drops", "snoop", "installed-ipsec", "ipsecinit-conf", "ipnat-list"]

    init(_ parsed: ParsedCollection) {
        if let r = parsed.typed(PfctlInfoRecord.self, from: "pfctl-info").first(where: { $0.record.enabled != nil }), let on = r.record.enabled {
            pf = Known(enabled: on, evidence: [r.provenance("Status: \(r.record.status ?? "")")])
        }
        if let s = parsed.typed(SvcsRecord.self, from: "svcs").first(where: { $0.record.fmri.hasPrefix("svc:/network/ipfilter")
                                                                             && ($0.record.instance ?? "default") == "default" }),
           !s.record.isTransitioning, case let state = s.record.state, state == "online" || state == "disabled" {
            ipf = Known(enabled: state == "online", evidence: [s.provenance("\(state) \(s.record.fmri)")])
        }
        // `ipf -V` (showversion() of ipf.c): `Running: yes|no` where svcs said neither; `Default:
        // block all` (or `nomatch -> block`) blocks what no rule passes
        if let v = parsed.typed(IpfVersionRecord.self, from: "ipf-version").first {
            if ipf == nil, let running = v.record.running {
                ipf = Known(enabled: running, evidence: [v.ref.source.provenance(line: v.record.runningLine,
                                                                                 excerpt: "Running: \(running ? "yes" : "no")")])
            }
            if let d = v.record.defaultAction, d != "pass" {
                ipfDefaultBlock = [v.ref.source.provenance(line: v.record.defaultLine, excerpt: "Default: \(d) all")]
            }
        }
        guard !Self.platformSources.contains(where: { parsed.has($0) }) else { return }
        // pf is OpenBSD's, of the platforms known here; it also runs on FreeBSD (pfSense's and
        // OPNsense's generated rules: `@N(id)` numbers, `ridentifier`, `label "USER_RULE..."`)
        // and macOS (its pfctl warns `No ALTQ support in kernel`, OpenBSD has had no ALTQ since
        // 5.5; its interfaces are `enN`, `utunN`, names no OpenBSD driver has): not claimed then.
        // A FreeBSD pf without such marks reads as OpenBSD's.
        let pfNames = ["pfctl-rules", "pfctl-nat"].filter { parsed.has($0) }    // `-si` alone says nothing of the platform
        // strongSwan or Libreswan beside pf: pfSense or OPNsense far more often than OpenBSD
        let otherDaemon = parsed.items.contains { i in Self.freeBSDDaemonPrefixes.contains { i.result.source.hasPrefix($0) } }
        let foreign = otherDaemon || ["pfctl-rules", "pfctl-nat"].contains { n in
            parsed.typed(PacketFilterRuleRecord.self, from: n).contains { Self.freeBSDGenerated($0.record) } }
            || parsed.typed(PfctlInfoRecord.self, from: "pfctl-info").contains { $0.record.fields.bool(.altqAbsent) == true }
        if !pfNames.isEmpty, !foreign {
            platform = (.openbsd, Array(pfNames.flatMap { parsed.wholeSource($0) }.prefix(1)))
        } else if pfNames.isEmpty, parsed.has("ipfstat-rules"), !Self.freeBSDIpf(parsed) {
            platform = (.illumos, Array(parsed.wholeSource("ipfstat-rules").prefix(1)))
        }
    }

    /// Sources of IKE daemons that pf hosts run as pfSense/OPNsense (FreeBSD), not as OpenBSD.
    static let freeBSDDaemonPrefixes = ["charon", "swanctl", "stroke", "pluto", "libreswan", "ipsec-secrets"]

    static func freeBSDGenerated(_ r: PacketFilterRuleRecord) -> Bool {
        r.number?.contains("(") == true || (r.options ?? []).contains { $0 == "ridentifier" || $0.hasPrefix("\"USER_RULE") }
            || r.interface.map { $0.hasPrefix("utun") || ($0.hasPrefix("en") && $0.dropFirst(2).allSatisfy(\.isNumber)) } == true
    }

    /// IP Filter also runs on FreeBSD, whose printfr() writes the family (`pass in quick on em0
    /// inet ...`; illumos' does not), and HP-UX, whose interfaces are `lanN` (illumos has no
    /// such driver): not illumos then.
    static func freeBSDIpf(_ parsed: ParsedCollection) -> Bool {
        parsed.typed(PacketFilterRuleRecord.self, from: "ipfstat-rules").contains {
            $0.record.family != nil || $0.record.interface?.hasPrefix("lan") == true }
    }

    func facts(_ out: inout FactList) {
        if let k = pf ?? ipf { out.bool("fw.filter_enabled", k.enabled, k.evidence) }
        if let (os, p) = platform { out.add("host.os", .string(os.rawValue), p) }
    }
}
