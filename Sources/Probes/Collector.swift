import Facts
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// `collect --out DIR`: runs the probes and saves what they saw, so that `diagnose --snapshot DIR`
/// reaches the same diagnosis elsewhere.
///
/// Layout: `manifest.json` (host, time, tool version, os, user, each probe's status),
/// `probes/NAME.txt` (command output; `NAME.stderr.txt` where it printed errors),
/// `logs/NAME.log` (daemon log tails), `configs/PATH` (configuration files, `/` → `_`).
/// Secrets are redacted unless `includeSecrets` (see Redactor).
///
/// Nothing is ever overwritten: DIR must not exist or be empty, and every file is created
/// exclusively (O_EXCL), so a file that appears meanwhile makes collect fail instead of clobbering.
public struct Collector {
    // Failures are `DoctorError`s: 73 when DIR cannot be created without overwriting, 74 on
    // an I/O error, 70 for a bug.

    public struct Summary: Sendable {
        public var dir: String
        public var files: Int
        public var statuses: [ProbeStatus]
    }

    public var out: String
    public var includeSecrets: Bool
    public var version: String
    /// `--psk-fingerprint KEYFILE`: write psk-fingerprints.json, keyed hashes of each PSK.
    public var pskFingerprintKey: Data?

    public init(out: String, includeSecrets: Bool, version: String, pskFingerprintKey: Data? = nil) {
        self.out = out; self.includeSecrets = includeSecrets; self.version = version
        self.pskFingerprintKey = pskFingerprintKey
    }

    /// Checks DIR before any probe runs: absent (created) or an empty directory.
    public func prepare() throws {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        if fm.fileExists(atPath: out, isDirectory: &isDir) {
            guard isDir.boolValue else {
                throw DoctorError(.outputExists, "exists and is not a directory; collect never overwrites", subject: out, hint: "give a new directory")
            }
            let entries = (try? fm.contentsOfDirectory(atPath: out)) ?? []
            guard entries.isEmpty else {
                throw DoctorError(.outputExists, "exists and is not empty; collect never overwrites files", subject: out, hint: "give a new or empty directory")
            }
        } else {
            do {
                try fm.createDirectory(atPath: out, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw DoctorError(.outputExists, "cannot create the directory (\(error.localizedDescription))", subject: out)
            }
        }
    }

    /// Writes the snapshot of `outputs` (from LiveProbes.run).
    public func write(_ outputs: [ProbeOutput], host: HostInfo, time: Date = Date()) throws -> Summary {
        var redactor = Redactor()
        if !includeSecrets {
            for o in outputs where o.kind == .config { if let t = o.text { redactor.learn(config: t, path: o.path) } }
            // Secrets files the probes do not save still name literals worth scrubbing.
            for extra in Collector.secretSources.flatMap(LogTail.expand) where !outputs.contains(where: { $0.path == extra }) {
                if let t = Collector.readSmall(extra) { redactor.learn(config: t, path: extra) }
            }
        }
        var entries: [SnapshotManifest.Entry] = []
        var used = Set<String>()
        var files = 0
        for var o in outputs {
            var file: String?
            // Default deny: a config file whose grammar the redactor does not know is listed,
            // not copied (its secrets could not be found).
            if o.kind == .config, !includeSecrets, o.text != nil, let p = o.path, !Redactor.knowsConfig(path: p) {
                o.text = nil
                o.reason = "not copied: \(p) is a configuration file type whose secrets ipsec-doctor cannot recognise"
            }
            if let text = o.text {
                let (dir, ext) = Collector.place(o)
                var rel = dir + "/" + Collector.fileName(o) + ext
                var n = 2
                while used.contains(rel) { rel = dir + "/" + Collector.fileName(o) + "-\(n)" + ext; n += 1 }
                used.insert(rel)
                try create(rel, contents: redact(text, of: o, with: &redactor))
                files += 1
                file = rel
            }
            if let err = o.stderr, !err.isEmpty, o.kind == .probe {
                var rel = "probes/" + Collector.fileName(o) + ".stderr.txt"
                var n = 2
                while used.contains(rel) { rel = "probes/" + Collector.fileName(o) + "-\(n).stderr.txt"; n += 1 }
                used.insert(rel)
                try create(rel, contents: includeSecrets ? err : redactor.redact(anything: err))
                files += 1
            }
            entries.append(SnapshotManifest.Entry(
                name: o.name, source: file == nil ? (o.source ?? "") : (o.source ?? ""), command: o.command, file: file,
                status: o.state.rawValue, reason: o.reason.map { includeSecrets ? $0 : redactor.scrub($0) },
                seconds: (o.seconds * 1000).rounded() / 1000))
        }
        let iso = ISO8601DateFormatter()
        iso.formatOptions = [.withInternetDateTime]
        let manifest = SnapshotManifest(version: version, host: host.hostname, time: iso.string(from: time), os: host.os,
                                        user: host.user, uid: host.uid, secretsIncluded: includeSecrets, entries: entries)
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data: Data
        do { data = try enc.encode(manifest) } catch {
            throw DoctorError(.internalError, "cannot encode manifest.json: \(error)")
        }
        try create("manifest.json", contents: String(decoding: data, as: UTF8.self) + "\n")
        if let key = pskFingerprintKey {
            try writeFingerprints(outputs, key: key)
            files += 1
        }
        return Summary(dir: out, files: files + 1, statuses: outputs.map(\.status))
    }

    /// Files whose secrets are learnt (to scrub from logs that echo them) even where no probe
    /// saves them: strongSwan's and Libreswan's secrets, swanctl, racoon's and illumos' keys.
    static let secretSources = ["/etc/ipsec.secrets", "/etc/ipsec.d/*.secrets", "/etc/swanctl/swanctl.conf",
                                "/etc/swanctl/conf.d/*.conf", "/etc/strongswan.conf", "/etc/strongswan.d/charon/*.conf",
                                "/etc/racoon/psk.txt", "/etc/inet/secret/ike.preshared", "/etc/inet/secret/ipseckeys",
                                "/etc/iked.conf", "/etc/ipsec.conf"]

    /// A secrets file's text, regular files only and at most 1 MiB (a FIFO or device named
    /// there must not block or flood collect).
    static func readSmall(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return nil }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: false)
        guard let d = try? handle.read(upToCount: 1 << 20) else { return nil }
        return String(decoding: d, as: UTF8.self)
    }

    /// psk-fingerprints.json from the configs' unredacted text (see PSKFingerprinter).
    func writeFingerprints(_ outputs: [ProbeOutput], key: Data) throws {
        var texts: [(String, String)] = outputs.filter { $0.kind == .config }.compactMap { o in o.text.map { (o.path ?? o.name, $0) } }
        for extra in Collector.secretSources where !texts.contains(where: { $0.0 == extra }) {
            if let d = FileManager.default.contents(atPath: extra) { texts.append((extra, String(decoding: d, as: UTF8.self))) }
        }
        let file = PSKFingerprintFile(algorithm: PSKFingerprinter.algorithm, keyID: PSKFingerprinter.keyID(key),
                                      fingerprints: PSKFingerprinter.fingerprints(files: texts, key: key))
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? enc.encode(file) else { throw DoctorError(.internalError, "cannot encode psk-fingerprints.json") }
        try create("psk-fingerprints.json", contents: String(decoding: data, as: UTF8.self) + "\n")
    }

    func redact(_ text: String, of o: ProbeOutput, with r: inout Redactor) -> String {
        if includeSecrets { return text }
        switch o.kind {
        case .config: return r.redact(config: text, path: o.path)
        // A log may be any file the user named with --log (even a secrets file or an iked.conf
        // whose `psk $k` takes its key from a macro defined in it): every recogniser runs on
        // it, and what they find is learnt, so the macro's value and any secret it holds are
        // scrubbed here and in the files written after it.
        case .log: return r.learnAndRedact(anything: text)
        case .probe: return r.redact(probe: text, source: o.source)
        }
    }

    static func place(_ o: ProbeOutput) -> (String, String) {
        switch o.kind {
        case .probe: return ("probes", ".txt")
        case .log: return ("logs", o.name.hasSuffix(".log") ? "" : ".log")
        case .config: return ("configs", "")
        }
    }

    /// A file name for an output: its path for configs and logs, its name for probes.
    static func fileName(_ o: ProbeOutput) -> String {
        var base: String
        switch o.kind {
        case .config: base = o.path ?? o.name
        case .log: base = o.path ?? String(o.name.drop { $0 != ":" }.dropFirst())
        case .probe: base = o.name
        }
        if base.isEmpty { base = o.name }
        let safe = base.map { c -> Character in
            c.isLetter || c.isNumber || c == "." || c == "-" || c == "_" ? c : "_"
        }
        var s = String(safe)
        while s.hasPrefix("_") || s.hasPrefix(".") { s.removeFirst() }
        return s.isEmpty ? "output" : String(s.prefix(120))
    }

    /// Creates `rel` under DIR exclusively (fails if it exists), mode 0600.
    func create(_ rel: String, contents: String) throws {
        let path = out + "/" + rel
        let dir = (path as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        if fd < 0 {
            let e = errno
            throw DoctorError(e == EEXIST ? .outputExists : .io, "\(String(cString: strerror(e)))\(e == EEXIST ? " (collect never overwrites)" : "")",
                              subject: path)
        }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        do { try handle.write(contentsOf: Data(contents.utf8)) } catch {
            throw DoctorError(.io, error.localizedDescription, subject: path)
        }
    }
}
