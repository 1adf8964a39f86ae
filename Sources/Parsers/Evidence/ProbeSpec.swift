import Facts
import Foundation

/// One read-only probe: a command run without a shell (argument array) or a file read, the
/// parser source its output goes to, its own timeout, and where it applies.
public struct ProbeSpec: Sendable {
    /// Where a probe applies: on every platform (`--log` files, snapshot files), or on one of
    /// the platforms of the one list (`Facts.Platform`, Sources/Facts/Stack.swift), so that a
    /// platform added there is one the probes can name, and none is spelt here.
    public enum Platform: Sendable, Hashable {
        case any
        case only(Facts.Platform)

        /// `any` or the platform's name (`linux`, `openbsd`, `illumos`), as `host.os` says it.
        public var rawValue: String {
            switch self {
            case .any: return "any"
            case let .only(p): return p.rawValue
            }
        }

        /// Whether the probe runs on a host whose `host.os` is `os`.
        public func applies(on os: String) -> Bool {
            switch self {
            case .any: return true
            case let .only(p): return p.rawValue == os
            }
        }
    }

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
        /// Looks for installed IKE implementations; writes an `installed-ipsec` report.
        case installedIpsec
    }

    /// What the output is: a command's output, a daemon log (tail, source found by LogSniffer),
    /// or a configuration file (saved redacted under `configs/` by `collect`).
    public enum Kind: String, Sendable { case probe, log, config }

    /// When a probe runs beyond its platform.
    public enum Condition: Sendable {
        case always
        /// Only when `ipsec --version` says Libreswan (strongSwan's `ipsec` is another tool).
        case libreswanIpsec
        /// Only when `ipsec --version` says strongSwan (its starter/stroke front end).
        case strongswanIpsec

        /// The word `ipsec --version` must print for the probe to run.
        public var ipsecVendor: String? {
            switch self {
            case .always: return nil
            case .libreswanIpsec: return "Libreswan"
            case .strongswanIpsec: return "strongSwan"
            }
        }
    }

    public var name: String
    /// Parser source; for logs the fallback when content detection recognises no daemon (a
    /// dedicated charon.log is charon's even before its first IKE line); nil for shared logs
    /// (syslog: content decides) and for outputs saved for people only.
    public var source: String?
    public var action: Action
    public var timeout: Double
    public var needsRoot: Bool
    public var platform: Platform
    public var kind: Kind
    public var condition: Condition
    /// For logs: keep only the last this many lines.
    public var tailLines: Int?
    /// The tail every daemon log probe keeps.
    public static let logTail = 5000
    /// For shared logs (syslog, messages, journal): keep only the IPsec daemons' lines.
    public var daemonLinesOnly: Bool
    /// Probes that name the same key here never run at once: one after another in a run, and
    /// never beside another ipsec-doctor's on the same host (ProbeRunner, HostWideLock). For
    /// requests the daemon cannot serve side by side without harm.
    public var exclusive: String?

    public init(_ name: String, source: String?, _ action: Action, timeout: Double = 8, needsRoot: Bool = false,
                platform: Platform = .only(.linux), kind: Kind = .probe, condition: Condition = .always,
                tailLines: Int? = nil, daemonLinesOnly: Bool = false, exclusive: String? = nil) {
        self.name = name; self.source = source; self.action = action; self.timeout = timeout
        self.needsRoot = needsRoot; self.platform = platform; self.kind = kind; self.condition = condition
        self.tailLines = tailLines; self.daemonLinesOnly = daemonLinesOnly; self.exclusive = exclusive
    }

    /// The command or file, as the manifest records it.
    public var commandLine: [String] {
        switch action {
        case let .command(argv): return argv
        case let .file(path): return ["read", path]
        case let .delayedFile(path, delay): return ["read", path, "after \(JSONValue.format(number: delay)) s"]
        case .installedIpsec: return ["test", "-e", "binaries, configs, units of IKE daemons", "dpkg-query", "-W"]
        case .kernelEsp: return ["read", "/proc/modules", "/sys/module/esp4", "/lib/modules/RELEASE/modules.builtin", "modules.dep", "/proc/config.gz", "/boot/config-RELEASE"]
        }
    }
}

/// Every probe the tool knows: those of the sources of evidence (each declared in its source's
/// file, Sources/Parsers/Sources/) and those saved for people only (SharedProbes). Probes are
/// read-only.
public enum ProbeCatalog {
    public static let all: [ProbeSpec] = ParserRegistry.sources.flatMap(\.probes) + SharedProbes.all

    /// The probes of one platform.
    public static func platform(_ p: ProbeSpec.Platform) -> [ProbeSpec] { all.filter { $0.platform == p } }

    /// The probes that apply on `os` (a `host.os` value: `Facts.Platform`), plus `--log FILE`s.
    public static func specs(for os: String, extraLogs: [String] = []) -> [ProbeSpec] {
        var out = all.filter { $0.platform.applies(on: os) }
        if Facts.Platform(rawValue: os) != .linux, !out.contains(where: { $0.platform != .any && $0.platform.applies(on: os) }) {
            out = platform(.only(.linux))  // an unknown Unix: try the Linux probes, what is missing says so
        }
        for path in extraLogs {
            out.append(ProbeSpec("log:" + path, source: nil, .file(path), platform: .any, kind: .log, tailLines: ProbeSpec.logTail))
        }
        return out
    }
}
