import Facts

/// Sources only live probes produce →
///   kernel.esp_supported (kernel-esp: esp4 loaded, built in, loadable or CONFIG_INET_ESP=y/m;
///   false only when the kernel's own lists say it is neither built in nor loadable, or
///   CONFIG_INET_ESP is not set), kernel.userspace_esp (swanctl-stats: kernel-libipsec among the
///   loaded plugins), ike.daemon.control_socket (swanctl-stats answered),
///   xfrm.delta.<Name> (two reads of /proc/net/xfrm_stat: the probe `xfrm-stat` and, about two
///   seconds later, `xfrm-stat-later`; the rise of each counter between them).
public struct ProbeExtractor: FactExtractor {
    public init() {}

    public func facts(from parsed: ParsedCollection) -> [Fact] {
        var out = FactList()
        kernelEsp(parsed, &out)
        for r in parsed.typed(SwanctlStatsRecord.self, from: "swanctl-stats") where r.record.kind == "plugins" {
            let plugins = r.record.plugins
            let lib = plugins.contains("kernel-libipsec")
            out.bool("kernel.userspace_esp", lib, [r.provenance(lib ? "loaded plugins: ... kernel-libipsec ..." : "loaded plugins: \(plugins.count) plugins, kernel-libipsec not among them")])
            out.bool("ike.daemon.control_socket", true, [r.provenance("swanctl --stats answered")])
        }
        xfrmDelta(parsed, &out)
        return out.facts
    }

    func kernelEsp(_ parsed: ParsedCollection, _ out: inout FactList) {
        let checks = parsed.typed(KernelEspRecord.self, from: "kernel-esp")
        guard !checks.isEmpty else { return }
        func result(_ c: String) -> Sourced<KernelEspRecord>? { checks.first { $0.record.check == c } }
        func says(_ c: String, _ v: String) -> Sourced<KernelEspRecord>? { result(c).flatMap { $0.record.result == v ? $0 : nil } }
        func line(_ r: Sourced<KernelEspRecord>) -> Provenance {
            r.provenance("\(r.record.check ?? ""): \(r.record.result ?? "")\(r.record.detail.map { " (\($0))" } ?? "")")
        }
        let positive = [says("proc-modules", "loaded"), says("sys-module-esp4", "present"), says("modules-builtin", "builtin"),
                        says("modules-dep", "loadable"), says("kernel-config", "y"), says("kernel-config", "m")].compactMap { $0 }
        if !positive.isEmpty {
            out.bool("kernel.esp_supported", true, positive.map(line))
            return
        }
        if let n = says("kernel-config", "n") {
            out.bool("kernel.esp_supported", false, [line(n)] + [says("proc-modules", "not-loaded"), says("sys-module-esp4", "absent")].compactMap { $0 }.map(line))
        } else if let b = says("modules-builtin", "not-builtin"), let d = says("modules-dep", "not-loadable") {
            out.bool("kernel.esp_supported", false, [line(b), line(d)])
        }
    }

    func xfrmDelta(_ parsed: ParsedCollection, _ out: inout FactList) {
        let reads = parsed.sources("xfrm-stat")
        guard let later = reads.last(where: { $0.origin.hasSuffix("xfrm-stat-later") || $0.origin.hasSuffix("xfrm-stat-later.txt") }),
              let first = reads.first(where: { $0.origin != later.origin }) else { return }
        var before: [String: Int] = [:]
        for r in first.result.typed(XfrmStatRecord.self) { if let n = r.name, let v = r.fields.int(.value) { before[n] = v } }
        for r in later.result.typed(XfrmStatRecord.self) {
            guard let n = r.name, let v = r.fields.int(.value), let b = before[n] else { continue }
            out.number("xfrm.delta." + n, max(0, v - b), [later.provenance(line: r.line, excerpt: "\(n) \(b) -> \(v)")])
        }
    }
}
