import Facts
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The host the probes run on.
public struct HostInfo: Sendable {
    public var os: String
    public var release: String
    public var hostname: String
    public var uid: Int
    public var user: String?
    public var isRoot: Bool { uid == 0 }

    public init(os: String, release: String, hostname: String, uid: Int, user: String?) {
        self.os = os; self.release = release; self.hostname = hostname; self.uid = uid; self.user = user
    }

    public static func current() -> HostInfo {
        var u = utsname()
        uname(&u)
        func field<T>(_ t: T) -> String {
            withUnsafeBytes(of: t) { raw in String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self) }
        }
        let sys = field(u.sysname)
        let os = Platform(uname: sys)?.rawValue ?? sys.lowercased()
        let uid = Int(geteuid())
        var user: String?
        if let pw = getpwuid(geteuid()), let name = pw.pointee.pw_name { user = String(cString: name) }
        return HostInfo(os: os, release: field(u.release), hostname: field(u.nodename), uid: uid, user: user)
    }
}
