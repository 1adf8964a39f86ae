import Foundation

/// Finds `Rules/` and `Knowledge/`: an explicit option, then $IPSEC_DOCTOR_HOME, then the
/// directories above the executable (a checkout's `.build/release/ipsec-doctor`) and the share
/// directory of its prefix (`make install PREFIX=/opt/x` puts the binary in /opt/x/bin and the
/// data in /opt/x/share/ipsec-doctor), then the installed copy in /usr/local/share or /usr/share.
public enum DataLocator {
    public static func locate(explicit: String? = nil, executable: String = CommandLine.arguments.first ?? "") -> String? {
        let fm = FileManager.default
        func holdsData(_ dir: String) -> Bool { fm.fileExists(atPath: dir + "/Rules/facts.yaml") }
        if let explicit { return explicit }
        if let home = ProcessInfo.processInfo.environment["IPSEC_DOCTOR_HOME"], holdsData(home) { return home }
        var dir = (resolve(executable) as NSString).deletingLastPathComponent
        for _ in 0..<6 where !dir.isEmpty && dir != "/" {
            if holdsData(dir) { return dir }
            if holdsData(dir + "/share/ipsec-doctor") { return dir + "/share/ipsec-doctor" }
            dir = (dir as NSString).deletingLastPathComponent
        }
        for candidate in ["/usr/local/share/ipsec-doctor", "/usr/share/ipsec-doctor"] where holdsData(candidate) {
            return candidate
        }
        if holdsData(fm.currentDirectoryPath) { return fm.currentDirectoryPath }
        return nil
    }

    static func resolve(_ path: String) -> String {
        if path.contains("/") {
            let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
            return (absolute as NSString).resolvingSymlinksInPath
        }
        // Found through PATH.
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let candidate = "\(dir)/\(path)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return (candidate as NSString).resolvingSymlinksInPath }
        }
        return path
    }
}
