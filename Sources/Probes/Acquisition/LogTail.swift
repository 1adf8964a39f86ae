import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What a log probe keeps of a log: its last lines, and in shared system logs only the IPsec
/// daemons' lines; and the files a file probe's glob names.
enum LogTail {
    /// The last `lines` lines, optionally only those of IPsec daemons (shared syslog files).
    static func tail(_ text: String, lines: Int?, daemonOnly: Bool) -> String {
        var all = text.split(separator: "\n", omittingEmptySubsequences: false)
        if all.last?.isEmpty == true { all.removeLast() }
        // journalctl's markers (`-- No entries --`, `-- Boot 1a2b... --`) are not log lines.
        all.removeAll { $0.hasPrefix("-- ") && $0.hasSuffix(" --") }
        if daemonOnly { all = all.filter { isDaemonLine($0) } }
        if let n = lines, all.count > n { all = Array(all.suffix(n)) }
        return all.isEmpty ? "" : all.joined(separator: "\n") + "\n"
    }

    static let daemonTags = ["charon", "pluto", "racoon", "isakmpd", "iked", "ipsec", "swanctl", "strongswan", "starter"]

    static func isDaemonLine(_ line: Substring) -> Bool {
        // syslog: "Nov 23 19:37:51 host charon: 05[IKE] ..." / "host charon[123]: ..."
        let head = line.prefix(120).lowercased()
        return daemonTags.contains { head.contains(" \($0):") || head.contains(" \($0)[") || head.contains(" \($0)-") }
    }

    /// Expands `*` and `?` in the last path component; a plain path is returned if it exists or
    /// cannot be checked (the read then says why).
    static func expand(_ pattern: String) -> [String] {
        guard pattern.contains("*") || pattern.contains("?") else {
            var st = stat()
            if stat(pattern, &st) != 0, errno == ENOENT { return [] }
            return [pattern]
        }
        let dir = (pattern as NSString).deletingLastPathComponent
        let glob = (pattern as NSString).lastPathComponent
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return [] }
        return names.filter { fnmatch(glob, $0, 0) == 0 && !$0.hasPrefix(".") }.sorted().map { dir + "/" + $0 }
    }
}
