import Foundation

/// The `installed-ipsec` report: which IKE implementations are installed here, running or not,
/// one finding per line (see InstalledIpsecParser). A stopped daemon leaves no process and no
/// socket, but its binaries, packages, configuration and unit files say which stack this is,
/// so the report can give that stack's commands only. Read-only: it tests for files, reads
/// /etc/ipsec.conf (whose syntax tells strongSwan's starter from Libreswan's pluto) and asks
/// dpkg-query, which only reads the package database.
public enum InstalledInventory {
    /// Files whose presence names an implementation.
    public static let markers: [(kind: String, path: String)] = [
        ("binary", "/usr/sbin/swanctl"), ("binary", "/usr/sbin/charon-systemd"), ("binary", "/usr/lib/ipsec/charon"),
        ("binary", "/usr/libexec/ipsec/charon"), ("binary", "/usr/libexec/strongswan/charon"),
        ("binary", "/usr/libexec/ipsec/pluto"), ("binary", "/usr/lib/ipsec/pluto"),
        ("binary", "/usr/sbin/racoon"), ("binary", "/sbin/isakmpd"), ("binary", "/usr/sbin/isakmpd"),
        ("binary", "/sbin/iked"), ("binary", "/usr/sbin/iked"), ("binary", "/usr/lib/inet/in.iked"),
        ("config", "/etc/swanctl/swanctl.conf"), ("config", "/etc/strongswan.conf"), ("config", "/etc/ipsec.conf"),
        ("config", "/etc/racoon/racoon.conf"), ("config", "/etc/iked.conf"), ("config", "/etc/isakmpd/isakmpd.conf"),
        ("unit", "/lib/systemd/system/strongswan.service"), ("unit", "/lib/systemd/system/strongswan-starter.service"),
        ("unit", "/lib/systemd/system/strongswan-swanctl.service"), ("unit", "/usr/lib/systemd/system/strongswan.service"),
        ("unit", "/usr/lib/systemd/system/strongswan-starter.service"), ("unit", "/lib/systemd/system/racoon.service"),
        // Not ipsec.service: Debian's strongswan-starter installs it too (an alias), so it names no one.
    ]

    /// Debian/Ubuntu packages of the IKE daemons (asked with `dpkg-query -W`).
    public static let packages = ["strongswan-charon", "charon-systemd", "strongswan-swanctl", "strongswan-starter",
                                  "libreswan", "openswan", "racoon"]

    /// The lines for the files present under `root` ("/" on a live host; a test tree in tests).
    public static func fileLines(root: String = "/", sysname: String) -> [String] {
        var lines = ["uname: \(sysname)"]
        let fm = FileManager.default
        for (kind, path) in markers {
            let full = root == "/" ? path : root + path
            guard fm.fileExists(atPath: full) else { continue }
            var line = "\(kind): \(path) present"
            if path == "/etc/ipsec.conf", let syntax = ipsecConfSyntax(atPath: full) { line += " (\(syntax))" }
            lines.append(line)
        }
        return lines
    }

    /// "strongswan", "libreswan" or "ipsecctl" (OpenBSD's ipsec.conf), judged by the file's
    /// keywords and header comment; nil when it does not tell (only `config setup`, say).
    public static func ipsecConfSyntax(atPath path: String) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        let data = (try? handle.read(upToCount: 256 << 10)) ?? Data()
        return ipsecConfSyntax(String(decoding: data, as: UTF8.self))
    }

    // keyexchange and left/rightsourceip are Libreswan keywords too (its test configs use them).
    static let strongswanKeys: Set<String> = ["charondebug", "leftauth", "rightauth", "leftfirewall",
                                              "lefthostaccess", "reauth", "leftauth2", "rightauth2"]
    static let libreswanKeys: Set<String> = ["plutodebug", "protostack", "ikev2", "phase2alg", "virtual_private",
                                             "virtual-private", "nat_traversal", "nhelpers", "dumpdir", "ipsec-interface"]

    public static func ipsecConfSyntax(_ text: String) -> String? {
        var strongswan = 0, libreswan = 0, ipsecctl = 0
        for raw in text.split(separator: "\n").prefix(5000) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("#") {
                let l = line.lowercased()
                if l.contains("strongswan") { strongswan += 1 }
                if l.contains("libreswan") || l.contains("openswan") { libreswan += 1 }
                continue
            }
            if let eq = line.firstIndex(of: "=") {
                let key = line[..<eq].trimmingCharacters(in: .whitespaces).lowercased()
                if strongswanKeys.contains(key) { strongswan += 2 }
                if libreswanKeys.contains(key) { libreswan += 2 }
            } else if line.hasPrefix("ike ") || line.hasPrefix("flow ") || line.hasPrefix("ikev2 ") {
                ipsecctl += 2
            }
        }
        let best = max(strongswan, libreswan, ipsecctl)
        guard best > 0 else { return nil }
        if [strongswan, libreswan, ipsecctl].filter({ $0 == best }).count > 1 { return nil }
        return best == strongswan ? "strongswan" : best == libreswan ? "libreswan" : "ipsecctl"
    }
}

extension ProbeRunner {
    /// The whole report: files, then the packages dpkg knows (where dpkg exists).
    func installedReport(timeout: Double) async -> String {
        var lines = InstalledInventory.fileLines(sysname: host.os)
        if CommandRunner.resolve("dpkg-query") != nil {
            let r = await CommandRunner.run(["dpkg-query", "-W", "-f", "${Package} ${Version} ${db:Status-Abbrev}\\n"] + InstalledInventory.packages,
                                            timeout: min(timeout, 5))
            // Exit 1 only says some packages are unknown; the known ones are still listed.
            for row in r.stdout.split(separator: "\n") {
                let f = row.split(separator: " ")
                guard f.count >= 3 else { continue }
                let installed = f[2].hasPrefix("ii") || f[2].hasPrefix("hi")
                lines.append("package: \(f[0]) \(f[1]) \(installed ? "installed" : "not-installed")")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
