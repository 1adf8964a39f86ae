import Facts
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// strongswan.conf with its included files → charon's effective settings → facts.
///
/// The files come as separate outputs (strongswan.conf, strongswan.d/*.conf,
/// strongswan.d/charon/*.conf); each is placed where strongSwan reads it: an included file in the
/// section of the `include` whose glob (relative to the including file's directory) matches its
/// path, at the point of the include, in sorted order (settings_lexer.l `include_files`,
/// parser_helper.c). A later value replaces an earlier one (strongswan.conf(5), INCLUDING FILES).
/// The daemon's namespace is `charon`, or `charon-systemd` (which falls back to `charon`,
/// charon-systemd.c `library_add_namespace("charon")`) where that daemon runs or only it is set.
///
/// Facts (each with the file and line that set it, or the default it keeps):
///  - strongswan.conf_invalid: a file has a syntax error; strongSwan ≥ 5.7 then refuses to
///    start ("abort initialization due to invalid configuration", library.c)
///  - strongswan.ike_port / nat_t_port (`port`, default 500; `port_nat_t`, default 4500) and
///    strongswan.ports_moved when either differs from its default
///  - strongswan.install_routes, strongswan.install_virtual_ip (default yes)
///  - strongswan.remote_ts_unrouted: with install_routes = no, the remote selectors of the
///    tunnels that no route (but the default one) covers, in any table of `ip route show table all`
///  - strongswan.plugins_disabled: plugins kept from loading: `plugins.X.load = no`, or, with a
///    `load` list and `load_modular` off, the plugins a connection needs that the list leaves out
///    (plugin_loader.c `modular_pluginlist`)
///  - strongswan.needed_plugins_disabled: those of them a configured connection needs (its EAP or
///    XAUTH method, eap-radius, the kernel interface, the socket), where connections are known
///  - strongswan.log_targets: where charon writes its log (filelog paths, syslog facilities, the
///    journal of charon-systemd; the defaults where none is configured: daemon.c `load_loggers`)
///  - strongswan.logging_silent: every configured logger's `default` level is below 1, so none of
///    the failure messages (level 1) is written anywhere
public struct StrongswanConfExtractor: FactExtractor {
    public init() {}

    /// One setting as charon sees it: the full key, its value, and where it was set.
    struct Setting {
        let key: String
        let value: String?
        let prov: Provenance
    }

    /// A parsed file with its path.
    struct File {
        let path: String
        let source: ParsedSource
    }

    /// The path an output was read from: `name:/path` for a globbed probe, the main file's probe
    /// name for /etc/strongswan.conf, a file name (a loose snapshot, a test case) as it is.
    static func path(of s: ParsedSource) -> String {
        if let r = s.origin.range(of: ":/") { return String(s.origin[s.origin.index(after: r.lowerBound)...]) }
        if s.origin == "strongswan-conf" { return "/etc/strongswan.conf" }
        return s.origin
    }

    static func dirname(_ p: String) -> String {
        guard let slash = p.lastIndex(of: "/") else { return "." }
        return slash == p.startIndex ? "/" : String(p[..<slash])
    }

    /// Whether an include's pattern names `path`, as glob(3) reads it for strongSwan (its
    /// wildcards never cross a `/`): libc's fnmatch(3) with FNM_PATHNAME, as SecretsExtractor
    /// matches ipsec.secrets' includes.
    static func glob(_ pattern: String, _ path: String) -> Bool {
        fnmatch(pattern, path, FNM_PATHNAME) == 0
    }

    /// Every setting in the order charon reads them, with sections that hold none (loggers with
    /// their defaults are sections: `syslog { daemon { } }`).
    static func settings(_ parsed: ParsedCollection) -> (settings: [Setting], sections: [(String, Provenance)], invalid: [Provenance], files: Int)? {
        let files = parsed.sources("strongswan-conf").map { File(path: path(of: $0), source: $0) }
        guard !files.isEmpty else { return nil }
        var invalid: [Provenance] = []
        for f in files {
            for u in f.source.result.unparsed { invalid.append(Provenance(.file, f.path, line: u.line, excerpt: u.text)) }
        }
        // The main file: strongswan.conf itself, else (no main file read) each file at the top.
        let mainIndex = files.firstIndex { $0.path.hasSuffix("strongswan.conf") && !$0.path.contains("strongswan.d/") }
        var done = Set<Int>()
        var out: [Setting] = []
        var sections: [(String, Provenance)] = []
        func prefixed(_ context: String, _ key: String) -> String { context.isEmpty ? key : context + "." + key }
        func walk(_ index: Int, context: String, depth: Int) {
            guard depth < 10, !done.contains(index) else { return }
            done.insert(index)
            let f = files[index]
            for r in f.source.result.typed(StrongswanConfRecord.self) {
                let line = r.line
                switch r.kind {
                case "setting":
                    guard let key = r.key else { continue }
                    let v = r.value
                    out.append(Setting(key: prefixed(context, key), value: v,
                                       prov: Provenance(.file, f.path, line: line, excerpt: "\(key) = \(v ?? "(secret, not shown)")")))
                case "section":
                    if let n = r.name { sections.append((prefixed(context, n), Provenance(.file, f.path, line: line, excerpt: n + " { }"))) }
                case "include":
                    guard let pat = r.pattern else { continue }
                    let full = pat.hasPrefix("/") ? pat : dirname(f.path) + "/" + pat
                    let ctx = prefixed(context, r.section ?? "")
                    let hits = files.indices.filter { !done.contains($0) && glob(full, files[$0].path) }.sorted { files[$0].path < files[$1].path }
                    for h in hits { walk(h, context: ctx, depth: depth + 1) }
                default: continue
                }
            }
        }
        if let m = mainIndex {
            // Files no include of it reaches are not charon's settings (a strongswan.conf that
            // dropped Debian's includes leaves /etc/strongswan.d unread): left out.
            walk(m, context: "", depth: 0)
        } else {
            // No main file (a snapshot without it): each file where Debian includes it.
            for i in files.indices where !done.contains(i) {
                walk(i, context: files[i].path.contains("strongswan.d/charon/") ? "charon.plugins" : "", depth: 0)
            }
        }
        return (out, sections, invalid, files.count)
    }

    /// strongSwan's boolean spellings (settings.c `settings_value_as_bool`); nil for others.
    static func bool(_ v: String?) -> Bool? {
        switch v?.lowercased() {
        case "1"?, "yes"?, "true"?, "enabled"?, "on"?: return true
        case "0"?, "no"?, "false"?, "disabled"?, "off"?: return false
        default: return nil
        }
    }

    /// An integer as strongSwan reads one (decimal or 0x hex); nil otherwise.
    static func int(_ v: String?) -> Int? {
        guard let v = v?.trimmingBlanks else { return nil }
        if v.lowercased().hasPrefix("0x") { return Int(v.dropFirst(2), radix: 16) }
        return Int(v)
    }

    public func facts(from parsed: ParsedCollection) -> [Fact] {
        var out = FactList()
        guard let (settings, sections, invalid, _) = StrongswanConfExtractor.settings(parsed) else { return out.facts }
        let mainProv = parsed.sources("strongswan-conf").first.map { Provenance(.file, StrongswanConfExtractor.path(of: $0)) }
            ?? Provenance(.file, "/etc/strongswan.conf")
        out.bool("strongswan.conf_invalid", !invalid.isEmpty, invalid.isEmpty ? [mainProv] : invalid)
        // An invalid file: charon does not start with it, so what it says is no setting in use.
        guard invalid.isEmpty else { return out.facts }

        var last: [String: Setting] = [:]
        for s in settings { last[s.key] = s }
        let ns = StrongswanConfExtractor.namespace(parsed, keys: settings.map(\.key) + sections.map(\.0))
        func get(_ key: String) -> Setting? {
            last[ns + "." + key] ?? (ns == "charon" ? nil : last["charon." + key])
        }
        func setting(_ key: String, default d: String) -> (String, [Provenance]) {
            if let s = get(key), let v = s.value { return (v, [s.prov]) }
            return (d, [Provenance(.file, mainProv.source, excerpt: "\(ns).\(key) not set: \(d) (the default)")])
        }

        // Ports (charon.port 500, charon.port_nat_t 4500; 0 = a random port).
        let (ikeText, ikeProv) = setting("port", default: "500")
        let (natText, natProv) = setting("port_nat_t", default: "4500")
        let ike = StrongswanConfExtractor.int(ikeText) ?? 500
        let nat = StrongswanConfExtractor.int(natText) ?? 4500
        out.number("strongswan.ike_port", ike, ikeProv)
        out.number("strongswan.nat_t_port", nat, natProv)
        let moved = (ike != 500 ? ikeProv : []) + (nat != 4500 ? natProv : [])
        out.bool("strongswan.ports_moved", !moved.isEmpty, moved.isEmpty ? ikeProv + natProv : moved)

        for (key, fact) in [("install_routes", "strongswan.install_routes"), ("install_virtual_ip", "strongswan.install_virtual_ip")] {
            let (v, p) = setting(key, default: "yes")
            out.bool(fact, StrongswanConfExtractor.bool(v) ?? true, p)
        }
        let (routesText, routesProv) = setting("install_routes", default: "yes")
        if StrongswanConfExtractor.bool(routesText) == false, parsed.has("ip-route") {
            // charon adds no route to table 220; is there another for each remote selector?
            let routes = parsed.typed(IpRouteRecord.self, from: "ip-route").compactMap { s -> CIDR? in
                guard s.record.type == "unicast", let d = s.record.dst, d != "default" else { return nil }
                return CIDR(d)
            }
            let remote = TunnelContext.of(parsed).remoteTS.filter { !Wildcard.isAnyAddress($0.description) && $0.prefix > 0 }
            if !remote.isEmpty {
                let missing = remote.filter { ts in !routes.contains { $0.contains(ts) } }.map(\.description)
                out.list("strongswan.remote_ts_unrouted", missing,
                         routesProv + parsed.wholeSource("ip-route").map { Provenance($0.kind, $0.source, excerpt: missing.isEmpty
                             ? "a route covers every remote subnet" : "no route but the default one for \(missing.joined(separator: ", "))") })
            }
        }

        // Plugins kept from loading.
        var disabled: [(String, Provenance)] = []
        let pluginPrefix = ns + ".plugins."
        var seen = Set<String>()
        for s in settings.reversed() {
            let key: Substring
            if s.key.hasPrefix(pluginPrefix) { key = s.key.dropFirst(pluginPrefix.count) }
            else if ns != "charon", s.key.hasPrefix("charon.plugins.") { key = s.key.dropFirst("charon.plugins.".count) }
            else { continue }
            let parts = key.split(separator: ".")
            guard parts.count == 2, parts[1] == "load" else { continue }
            let name = String(parts[0])
            guard !seen.contains(name) else { continue }  // the last value counts
            seen.insert(name)
            if let v = s.value, StrongswanConfExtractor.int(v) == nil || StrongswanConfExtractor.int(v) == 0,
               StrongswanConfExtractor.bool(v) == false {
                disabled.append((name, s.prov))
            }
        }
        disabled.reverse()
        let modular = StrongswanConfExtractor.bool(get("load_modular")?.value) ?? false
        if !modular, let list = get("load"), let v = list.value {
            let listed = Set(v.split(separator: " ").map { String($0).replacingOccurrences(of: "!", with: "") })
            for need in StrongswanConfExtractor.neededPlugins(parsed) where !listed.contains(need) && !disabled.contains(where: { $0.0 == need }) {
                disabled.append((need, Provenance(.file, list.prov.source, line: list.prov.line, excerpt: "\(ns).load = \(v) (no \(need))")))
            }
        }
        out.list("strongswan.plugins_disabled", disabled.map(\.0), disabled.isEmpty ? [mainProv] : disabled.map(\.1))
        let needed = StrongswanConfExtractor.neededPlugins(parsed)
        if !needed.isEmpty {
            let hit = disabled.filter { needed.contains($0.0) }
            out.list("strongswan.needed_plugins_disabled", hit.map(\.0), hit.isEmpty ? [mainProv] : hit.map(\.1))
        }

        // eap-radius's servers (eap_radius_plugin.c load_configs: `server` at the plugin's top,
        // else `address` of each servers.<name> section); their secrets are never read here.
        var radius: [(String, Provenance)] = []
        for s in settings {
            for space in Set([ns, "charon"]) {
                let base = space + ".plugins.eap-radius."
                guard s.key.hasPrefix(base), let v = s.value, !v.isEmpty else { continue }
                let rest = s.key.dropFirst(base.count)
                let parts = rest.split(separator: ".")
                if rest == "server" || (parts.count == 3 && parts[0] == "servers" && parts[2] == "address") {
                    if !radius.contains(where: { $0.0 == v }) { radius.append((v, s.prov)) }
                }
            }
        }
        if !radius.isEmpty { out.list("strongswan.radius_servers", radius.map(\.0), radius.map(\.1)) }

        // Loggers (daemon.c load_loggers: with none configured, charon logs to syslog's daemon
        // facility and, at audit level, auth; charon-systemd always to the journal unless its
        // default is -1).
        var targets: [(String, Provenance, Int)] = []
        for (name, prov) in sections {
            for kind in ["syslog", "filelog"] {
                for space in Set([ns, "charon"]) {
                    let base = "\(space).\(kind)."
                    guard name.hasPrefix(base) else { continue }
                    let rest = name.dropFirst(base.count)
                    guard !rest.contains("."), !rest.isEmpty else { continue }
                    let level = StrongswanConfExtractor.int(last[name + ".default"]?.value) ?? 1
                    let target = kind == "syslog" ? "syslog \(rest)" : (last[name + ".path"]?.value ?? String(rest))
                    if !targets.contains(where: { $0.0 == target }) { targets.append((target, last[name + ".default"]?.prov ?? prov, level)) }
                }
            }
        }
        if ns == "charon-systemd" {
            let level = StrongswanConfExtractor.int(last["charon-systemd.journal.default"]?.value) ?? 1
            targets.append(("journal", last["charon-systemd.journal.default"]?.prov ?? Provenance(.file, mainProv.source, excerpt: "charon-systemd logs to the journal (default level 1)"), level))
        }
        if targets.isEmpty {
            out.list("strongswan.log_targets", ["syslog daemon", "syslog auth"],
                     [Provenance(.file, mainProv.source, excerpt: "no \(ns).syslog or \(ns).filelog logger: charon logs to syslog (daemon, auth)")])
            out.bool("strongswan.logging_silent", false, [mainProv])
        } else {
            out.list("strongswan.log_targets", targets.map(\.0), targets.map(\.1))
            let silent = targets.allSatisfy { $0.2 < 1 }
            out.bool("strongswan.logging_silent", silent, targets.map(\.1))
        }
        return out.facts
    }

    /// `charon-systemd` where that daemon runs (or, with no process list, where only its
    /// section is set), else `charon`.
    static func namespace(_ parsed: ParsedCollection, keys: [String]) -> String {
        let comms = parsed.typed(ProcessRecord.self, from: "processes").map(\.record.comm)
        if comms.contains("charon-systemd") { return "charon-systemd" }
        if comms.contains("charon") { return "charon" }
        let systemd = keys.contains { $0.hasPrefix("charon-systemd.") }
        let plain = keys.contains { $0.hasPrefix("charon.") && !$0.hasPrefix("charon.plugins") }
        return systemd && !plain ? "charon-systemd" : "charon"
    }

    /// Plugins the configured connections need: the EAP and XAUTH methods of their auth rounds
    /// (swanctl.conf `auth = eap-mschapv2`, `eap-radius`, `xauth-pam`; ipsec.conf
    /// `leftauth`/`rightauth`), the kernel interface and the socket (every tunnel).
    static func neededPlugins(_ parsed: ParsedCollection) -> [String] {
        var auths: [String] = []
        for c in parsed.typed(SwanctlConfRecord.self, from: "swanctl-conf") where c.record.kind == .connection {
            auths += (c.record.localAuth ?? []) + (c.record.remoteAuth ?? [])
        }
        for (_, d) in LibreswanExtractor.resolvedConns(parsed) {
            auths += [d["leftauth"], d["rightauth"], d["leftauth2"], d["rightauth2"]].compactMap { $0 }
        }
        let conns = !auths.isEmpty || parsed.typed(SwanctlConfRecord.self, from: "swanctl-conf").contains { $0.record.kind == .connection }
        var out: [String] = []
        for a in auths.map({ $0.lowercased() }) {
            if a.hasPrefix("eap-") {
                // eap-radius, or the method: eap-mschapv2, eap-md5, eap-tls, ... (eap-ttls-..: one)
                let method = a.split(separator: ":").first.map(String.init) ?? a
                out.append(method)
            } else if a == "xauth" {
                out.append("xauth-generic")
            } else if a.hasPrefix("xauth-") {
                out.append(a)
            }
        }
        if conns { out += ["kernel-netlink", "socket-default"] }
        return unique(out)
    }
}

extension String {
    /// Spaces and tabs trimmed from both ends.
    fileprivate var trimmingBlanks: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return String(s)
    }
}
