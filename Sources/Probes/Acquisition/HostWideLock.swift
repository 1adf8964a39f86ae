import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A lock held across every ipsec-doctor process on this host (in this network namespace),
/// for probes that must never run twice at once (`ProbeSpec.exclusive`).
///
/// Why: strongSwan's stroke plugin keeps one certificate printer in a global for all `ipsec
/// list*` requests (stroke_list.c); two at once free it under each other and charon dies of a
/// segfault (seen on 5.9.8: `thread 13 received 11` in libstrongswan-stroke.so, the lab's
/// `collect` and `diagnose` running side by side). A diagnostic tool must never be what kills
/// the daemon it examines, so those probes run one after another in a run (ProbeRunner) and
/// wait for this lock against another `diagnose` or `collect` started at the same moment.
///
/// On Linux the lock is a socket bound in the abstract namespace: it creates no file (the
/// probes stay read-only) and the kernel drops it when its holder exits, even when killed, so a
/// crashed run can never leave it taken. Elsewhere (no abstract sockets) there is no
/// cross-process lock; the one-after-another order within a run still holds.
final class HostWideLock {
    private var fd: Int32

    /// Takes the lock named `name`, waiting at most `timeout` seconds; nil when it stays taken
    /// (or the task is cancelled) until then.
    static func acquire(_ name: String, timeout: Double) async -> HostWideLock? {
        #if os(Linux)
        let start = ContinuousClock.now
        while true {
            if let fd = bindAbstract("ipsec-doctor." + name) { return HostWideLock(fd: fd) }
            if Task.isCancelled || elapsed(since: start) + 0.05 > timeout { return nil }
            try? await Task.sleep(for: .milliseconds(50))
        }
        #else
        return HostWideLock(fd: -1)
        #endif
    }

    private init(fd: Int32) { self.fd = fd }

    /// Lets the next waiter in (also done when the process exits, however it ends).
    func release() {
        if fd >= 0 { close(fd) }
        fd = -1
    }

    deinit { release() }

    #if os(Linux)
    /// A Unix socket bound to `@name`; nil while another process holds that name.
    private static func bindAbstract(_ name: String) -> Int32? {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return nil }
        var addr = sockaddr_un()
        addr.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(name.utf8.prefix(MemoryLayout.size(ofValue: addr.sun_path) - 1))
        withUnsafeMutableBytes(of: &addr.sun_path) { raw in
            raw[0] = 0  // abstract namespace: a leading NUL, no file
            for (i, b) in bytes.enumerated() { raw[i + 1] = b }
        }
        let len = socklen_t(MemoryLayout<sa_family_t>.size + 1 + bytes.count)
        let ok = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) == 0 }
        }
        if ok { return fd }
        close(fd)
        return nil
    }
    #endif
}
