import Facts
import Foundation

/// One read-only probe: a command run without a shell (argument array) or a file read, the
/// parser source its output goes to, its own timeout, and where it applies.
public struct ProbeSpec: Sendable {
    public enum Platform: String, Sendable { case any, linux, openbsd, illumos }

    /// What the probe does.
    public enum Action: Sendable {
        /// Runs argv[0] (looked up in PATH and the sbin directories) with the rest as arguments.
        case command([String])
        /// Reads a file, or every file a glob (`*`, `?` in the last component) matches.
        case file(String)
        /// Reads a file after waiting `delay` seconds (the second read of /proc/net/xfrm_stat).
        case delayedFile(String, delay: Double)
        /// Looks for esp4 in the kernel's module lists and config; writes a `kernel-esp` report.
        case kernelEsp
    }

    /// What the output is: a command's output, a daemon log (tail, source found by LogSniffer),
    /// or a configuration file (saved redacted under `configs/` by `collect`).
    public enum Kind: String, Sendable { case probe, log, config }

    /// When a probe runs beyond its platform.
    public enum Condition: Sendable {
        case always
        /// Only when `ipsec --version` says Libreswan (strongSwan's `ipsec` is another tool).
        case libreswanIpsec
    }

    public var name: String
    /// Parser source; nil for logs (sniffed from the text) and for raw-only outputs.
    public var source: String?
    public var action: Action
    public var timeout: Double
    public var needsRoot: Bool
    public var platform: Platform
    public var kind: Kind
    public var condition: Condition
    /// For logs: keep only the last this many lines.
    public var tailLines: Int?
    /// For shared logs (syslog, messages, journal): keep only the IPsec daemons' lines.
    public var daemonLinesOnly: Bool

    public init(_ name: String, source: String?, _ action: Action, timeout: Double = 8, needsRoot: Bool = false,
                platform: Platform = .linux, kind: Kind = .probe, condition: Condition = .always,
                tailLines: Int? = nil, daemonLinesOnly: Bool = false) {
        self.name = name; self.source = source; self.action = action; self.timeout = timeout
        self.needsRoot = needsRoot; self.platform = platform; self.kind = kind; self.condition = condition
        self.tailLines = tailLines; self.daemonLinesOnly = daemonLinesOnly
    }

    /// The command or file, as the manifest records it.
    public var commandLine: [String] {
        switch action {
        case let .command(argv): return argv
        case let .file(path): return ["read", path]
        case let .delayedFile(path, delay): return ["read", path, "after \(JSONValue.format(number: delay)) s"]
        case .kernelEsp: return ["read", "/proc/modules", "/sys/module/esp4", "/lib/modules/RELEASE/modules.builtin", "modules.dep", "/proc/config.gz", "/boot/config-RELEASE"]
        }
    }
}

/// Every probe the tool knows, declared in one place. Probes are read-only.
public enum ProbeCatalog {
    static let logTail = 5000

    public static let all: [ProbeSpec] = linux + logs + openbsd + illumos

    public static let linux: [ProbeSpec] = [
        ProbeSpec("processes", source: "processes", .command(["ps", "-eo", "pid,comm,args"])),
        ProbeSpec("ip-addr", source: "ip-addr", .command(["ip", "-o", "addr", "show"])),
        ProbeSpec("ip-route", source: "ip-route", .command(["ip", "route", "show", "table", "all"])),
        ProbeSpec("xfrm-state", source: "xfrm-state", .command(["ip", "-s", "xfrm", "state"]), needsRoot: true),
        ProbeSpec("xfrm-policy", source: "xfrm-policy", .command(["ip", "-s", "xfrm", "policy"]), needsRoot: true),
        ProbeSpec("xfrm-stat", source: "xfrm-stat", .file("/proc/net/xfrm_stat")),
        ProbeSpec("xfrm-stat-later", source: "xfrm-stat", .delayedFile("/proc/net/xfrm_stat", delay: 2)),
        ProbeSpec("kernel-esp", source: "kernel-esp", .kernelEsp),
        ProbeSpec("swanctl-list-sas", source: "swanctl-list-sas", .command(["swanctl", "--list-sas"]), needsRoot: true),
        ProbeSpec("swanctl-list-conns", source: "swanctl-list-conns", .command(["swanctl", "--list-conns"]), needsRoot: true),
        ProbeSpec("swanctl-list-pols", source: "swanctl-list-pols", .command(["swanctl", "--list-pols"]), needsRoot: true),
        ProbeSpec("swanctl-stats", source: "swanctl-stats", .command(["swanctl", "--stats"]), needsRoot: true),
        ProbeSpec("swanctl-conf", source: "swanctl-conf", .file("/etc/swanctl/swanctl.conf"), needsRoot: true, kind: .config),
        ProbeSpec("swanctl-conf.d", source: "swanctl-conf", .file("/etc/swanctl/conf.d/*.conf"), needsRoot: true, kind: .config),
        ProbeSpec("strongswan-conf", source: nil, .file("/etc/strongswan.conf"), kind: .config),
        ProbeSpec("ipsec-conf", source: "libreswan-conf", .file("/etc/ipsec.conf"), kind: .config),
        ProbeSpec("ipsec.d-conf", source: "libreswan-conf", .file("/etc/ipsec.d/*.conf"), kind: .config),
        ProbeSpec("ipsec-secrets", source: nil, .file("/etc/ipsec.secrets"), needsRoot: true, kind: .config),
        ProbeSpec("libreswan-status", source: "libreswan-status", .command(["ipsec", "status"]), needsRoot: true,
                  condition: .libreswanIpsec),
        ProbeSpec("libreswan-trafficstatus", source: "libreswan-trafficstatus", .command(["ipsec", "trafficstatus"]),
                  needsRoot: true, condition: .libreswanIpsec),
        ProbeSpec("iptables-save", source: "iptables-save", .command(["iptables-save", "-c"]), needsRoot: true),
        ProbeSpec("nft-ruleset", source: "nft-ruleset", .command(["nft", "list", "ruleset"]), needsRoot: true),
        ProbeSpec("ss-uanp", source: "ss-uanp", .command(["ss", "-uanp"])),
        ProbeSpec("sysctl", source: "sysctl", .command(["sysctl", "net.ipv4.ip_forward", "net.ipv4.conf.all.rp_filter",
                                                        "net.ipv4.conf.default.rp_filter"])),
    ]

    public static let logs: [ProbeSpec] = [
        ProbeSpec("log:/var/log/charon.log", source: nil, .file("/var/log/charon.log"), kind: .log, tailLines: logTail),
        ProbeSpec("log:/var/log/pluto.log", source: nil, .file("/var/log/pluto.log"), kind: .log, tailLines: logTail),
        ProbeSpec("log:/var/log/syslog", source: nil, .file("/var/log/syslog"), kind: .log, tailLines: logTail, daemonLinesOnly: true),
        ProbeSpec("log:/var/log/daemon.log", source: nil, .file("/var/log/daemon.log"), kind: .log, tailLines: logTail, daemonLinesOnly: true),
        ProbeSpec("log:/var/log/auth.log", source: nil, .file("/var/log/auth.log"), kind: .log, tailLines: logTail, daemonLinesOnly: true),
        ProbeSpec("log:/var/log/messages", source: nil, .file("/var/log/messages"), kind: .log, tailLines: logTail, daemonLinesOnly: true),
        ProbeSpec("log:journal", source: nil, .command(["journalctl", "-u", "strongswan", "-u", "strongswan-starter", "-u", "strongswan-swanctl",
                                                         "-u", "ipsec", "--no-pager", "-n", "3000", "-o", "short"]),
                  kind: .log, tailLines: logTail),
    ]

    public static let openbsd: [ProbeSpec] = [
        ProbeSpec("ipsecctl-sa", source: "ipsecctl-sa", .command(["ipsecctl", "-sa"]), needsRoot: true, platform: .openbsd),
        ProbeSpec("processes", source: "processes", .command(["ps", "-axo", "pid,comm,args"]), platform: .openbsd),
        ProbeSpec("log:/var/log/daemon", source: nil, .file("/var/log/daemon"), platform: .openbsd, kind: .log,
                  tailLines: logTail, daemonLinesOnly: true),
    ]

    public static let illumos: [ProbeSpec] = [
        ProbeSpec("svcs", source: "svcs", .command(["svcs", "-a", "ipsecalgs", "ike", "policy"]), platform: .illumos),
        ProbeSpec("ipseckey-dump", source: "ipseckey-dump", .command(["ipseckey", "dump"]), needsRoot: true, platform: .illumos),
        ProbeSpec("processes", source: "processes", .command(["ps", "-eo", "pid,comm,args"]), platform: .illumos),
        ProbeSpec("log:/var/adm/messages", source: nil, .file("/var/adm/messages"), platform: .illumos, kind: .log,
                  tailLines: logTail, daemonLinesOnly: true),
    ]

    /// The probes that apply on `os` (`linux`, `openbsd`, `illumos`), plus `--log FILE`s.
    public static func specs(for os: String, extraLogs: [String] = []) -> [ProbeSpec] {
        var out = all.filter { $0.platform == .any || $0.platform.rawValue == os }
        if os != "linux", !out.contains(where: { $0.platform.rawValue == os }) {
            out = linux  // an unknown Unix: try the Linux probes, what is missing says so
        }
        for path in extraLogs {
            out.append(ProbeSpec("log:" + path, source: nil, .file(path), platform: .any, kind: .log, tailLines: logTail))
        }
        return out
    }
}
