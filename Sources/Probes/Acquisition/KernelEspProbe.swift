import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The `kernel-esp` probe: looks for esp4 in the kernel's module lists and configuration and
/// writes one line per check (read by KernelEspParser).
enum KernelEspProbe {
    static let limit = 16 << 20

    static func report(release: String, timeout: Double) async -> String {
        var lines: [String] = []
        func read(_ p: String) -> Result<String, FileReader.Failure> { FileReader.read(p, limit: limit).map(\.text) }
        switch read("/proc/modules") {
        case let .success(t):
            let loaded = t.split(separator: "\n").contains { $0.hasPrefix("esp4 ") }
            lines.append("proc-modules: \(loaded ? "loaded" : "not-loaded")")
        case let .failure(e):
            lines.append("proc-modules: unreadable (\(e.missing ? "no /proc/modules: kernel without module support" : e.message))")
        }
        var st = stat()
        lines.append("sys-module-esp4: \(stat("/sys/module/esp4", &st) == 0 ? "present" : "absent")")
        let modDir = "/lib/modules/\(release)"
        switch read(modDir + "/modules.builtin") {
        case let .success(t): lines.append("modules-builtin: \(t.contains("/esp4.ko") ? "builtin" : "not-builtin")")
        case let .failure(e): lines.append("modules-builtin: unreadable (\(e.message))")
        }
        switch read(modDir + "/modules.dep") {
        case let .success(t):
            let hit = t.split(separator: "\n").contains { line in
                let module = line.split(separator: ":").first ?? ""
                return module.hasSuffix("/esp4.ko") || module.contains("/esp4.ko.")
            }
            lines.append("modules-dep: \(hit ? "loadable" : "not-loadable")")
        case let .failure(e): lines.append("modules-dep: unreadable (\(e.message))")
        }
        // CONFIG_INET_ESP: /boot/config-RELEASE, else /proc/config.gz (through gzip, no shell).
        var config: (String, String)?
        if case let .success(t) = read("/boot/config-\(release)") { config = (t, "/boot/config-\(release)") }
        if config == nil, FileManager.default.fileExists(atPath: "/proc/config.gz") {
            let r = await CommandRunner.run(["gzip", "-dc", "/proc/config.gz"], timeout: min(timeout, 5))
            if r.status == 0, !r.stdout.isEmpty { config = (r.stdout, "/proc/config.gz") }
        }
        if let (t, from) = config {
            if t.contains("\nCONFIG_INET_ESP=y") { lines.append("kernel-config: y (CONFIG_INET_ESP=y in \(from))") }
            else if t.contains("\nCONFIG_INET_ESP=m") { lines.append("kernel-config: m (CONFIG_INET_ESP=m in \(from))") }
            else { lines.append("kernel-config: n (CONFIG_INET_ESP is not set in \(from))") }
        } else {
            lines.append("kernel-config: unreadable (no /boot/config-\(release), no /proc/config.gz)")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
