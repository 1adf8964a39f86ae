import Facts
import Foundation
import Parsers

/// Reads a snapshot directory (made by `collect`, or a folder of pasted outputs) into parsed
/// sources and probe statuses, exactly as live probes would have produced them. Every file is
/// read bounded in size (FileReader); a manifest may only name files inside the snapshot, and
/// a FIFO, device or unreadable file becomes a probe status instead of being skipped silently.
public enum SnapshotReader {
    /// A saved output larger than this is not read (a 20,000-tunnel `ip xfrm state` is ~10 MB).
    static let sizeLimit = 256 << 20

    /// Reads `dir`, giving up with a DoctorError (65) once `deadline` seconds have passed (checked
    /// before each file and once all are parsed; every read is bounded in size).
    public static func read(_ dir: String, deadline: Double) throws -> Gathered {
        try read(dir, until: instant(after: deadline), deadline: deadline)
    }

    static func instant(after seconds: Double) -> ContinuousClock.Instant {
        ContinuousClock.now + .milliseconds(Int64(min(seconds, 1e9) * 1000))
    }

    public static func read(_ dir: String) throws -> Gathered {
        try read(dir, until: nil, deadline: 0)
    }

    /// As `read(_:deadline:)`, but parses the outputs concurrently (ParallelParsing), one task
    /// each: on a concentrator's snapshot the parse step then takes about as long as its largest
    /// output (swanctl.conf or `ip xfrm state`) instead of the sum. Same steps, same result.
    /// `logsBeside`: `--log` files come with the snapshot, so a folder with nothing readable of
    /// its own is not an error (the logs may be all the user has).
    public static func readConcurrently(_ dir: String, deadline: Double, logsBeside: Bool = false) async throws -> Gathered {
        let check = DeadlineCheck(until: instant(after: deadline), seconds: deadline, what: dir)
        // Outputs no secret is learnt from are only checked here (DeferredRead) and read in
        // their parse task: the texts are not all held before the first parse starts.
        var (g, pending) = try load(dir, check: check, deferring: true, logsBeside: logsBeside)
        // The configs' secrets are learnt in file order (Gathered.learnForEvidence), so each
        // output is redacted with the literals learnt up to it, exactly as the sequential
        // `redactForEvidence`; the redaction itself then runs in the output's parse task, on
        // every core. Each text is dropped once redacted and parsed (peak memory).
        let failures = DeferredRead.Failures()
        var inputs: [ParallelParsing.Input] = []
        for i in pending.indices {
            let redactor = g.learnForEvidence(pending[i].text, source: pending[i].source, kind: pending[i].kind)
            let source = pending[i].source
            if let deferred = pending[i].deferred {
                // Read, redacted and parsed as bytes: a large output is never made a String
                // (Redactor.redact(anything: [UInt8]), OutputParser.parse(utf8:)).
                inputs.append(ParallelParsing.Input(source: source, size: deferred.size,
                                                    loadBytes: { DeferredRead.bytes(deferred, index: i, check: check, failures: failures) },
                                                    prepare: { redactor.redact(anything: $0, source: source) }))
            } else {
                inputs.append(ParallelParsing.Input(source: source, text: pending[i].text,
                                                    prepare: { redactor.redact(anything: $0, source: source) }))
            }
            pending[i].text = ""
        }
        let results = await ParallelParsing.parse(consuming: inputs)
        // A deferred read that failed (the file changed after it was checked, or the deadline
        // passed) stops the read as it would have when read in order: the first one in file order.
        if let error = failures.first { throw error }
        try g.accept(results, of: pending)
        try check()
        return g
    }

    static func read(_ dir: String, until: ContinuousClock.Instant?, deadline: Double) throws -> Gathered {
        let check = DeadlineCheck(until: until, seconds: deadline, what: dir)
        var (g, pending) = try load(dir, check: check)
        let texts = g.redactForEvidence(pending)
        try g.accept(texts.map(ParallelParsing.parse), of: pending)
        try check()
        return g
    }

    /// An output read from the snapshot, not parsed yet: reading and parsing are two steps so
    /// that the parsing can run concurrently (readConcurrently).
    struct PendingOutput: Sendable {
        var text: String
        var source: String
        var origin: String
        var kind: Provenance.Kind
        /// Not read yet (`text` is empty): to be read in its parse task.
        var deferred: DeferredRead.File? = nil
    }

    /// Reads every output of `dir`: the statuses go into the Gathered, the texts (in file
    /// order) are returned to be parsed.
    /// `deferring`: outputs that teach the redactor nothing (DeferredRead.mayDefer) are checked as
    /// a read would check them but left unread, for readConcurrently to read in their parse task.
    /// A regular file in place of the folder is read as a folder holding that file alone: the
    /// one paste or saved output a user has (`diagnose --snapshot charon.log`).
    /// A tar archive (`gw1.tar.gz`) is read as the folder it holds (SnapshotArchive).
    static func load(_ given: String, check: DeadlineCheck, deferring: Bool = false, logsBeside: Bool = false) throws -> (Gathered, [PendingOutput]) {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: given, isDirectory: &isDir) else {
            throw DoctorError.badInput("\(given): no such snapshot directory or file")
        }
        let dir = isDir.boolValue ? given : try SnapshotArchive.resolve(given)
        guard dir == given else {
            // what is wrong with an unpacked archive is said of the archive the user gave
            do { return try loadFolder(dir, check: check, deferring: deferring, logsBeside: logsBeside) } catch var e as DoctorError {
                e.message = e.message.replacingOccurrences(of: dir, with: "\(given) (a tar archive, unpacked)")
                throw e
            }
        }
        guard isDir.boolValue else {
            let parent = (dir as NSString).deletingLastPathComponent
            return try loadLoose(parent.isEmpty ? "." : parent, only: (dir as NSString).lastPathComponent, given: dir,
                                 check: check, deferring: deferring, logsBeside: logsBeside)
        }
        return try loadFolder(dir, check: check, deferring: deferring, logsBeside: logsBeside)
    }

    /// A snapshot folder: by its manifest, or loose.
    static func loadFolder(_ dir: String, check: DeadlineCheck, deferring: Bool, logsBeside: Bool) throws -> (Gathered, [PendingOutput]) {
        let manifestPath = dir + "/manifest.json"
        if FileManager.default.fileExists(atPath: manifestPath) {
            let data: Data
            switch FileReader.read(manifestPath, limit: 16 << 20) {
            case let .success(r): data = r.data
            case let .failure(e): throw DoctorError.badInput("\(manifestPath): cannot read (\(e.message))")
            }
            let manifest: SnapshotManifest
            do {
                manifest = try JSONDecoder().decode(SnapshotManifest.self, from: data)
            } catch {
                throw DoctorError.badInput("\(manifestPath): not a valid ipsec-doctor manifest (\(SnapshotReader.describe(error)))")
            }
            return try load(dir, manifest: manifest, check: check, deferring: deferring)
        }
        return try loadLoose(dir, check: check, deferring: deferring, logsBeside: logsBeside)
    }

    static func load(_ dir: String, manifest: SnapshotManifest, check: DeadlineCheck, deferring: Bool = false) throws -> (Gathered, [PendingOutput]) {
        var g = Gathered(os: manifest.os)
        var pending: [PendingOutput] = []
        g.isRoot = manifest.uid.map { $0 == 0 }
        let root = realPath(dir) ?? dir
        for entry in manifest.entries {
            let state = ProbeStatus.State(rawValue: entry.status) ?? .failed
            g.statuses.append(ProbeStatus(name: entry.name, state: state, reason: entry.reason, seconds: entry.seconds))
            // Outputs saved for people only (no parser, or one this version lacks) are skipped.
            guard let file = entry.file, !entry.source.isEmpty, let source = ParserRegistry.source(named: entry.source) else { continue }
            try check()
            let path = try inside(root, file, entry: entry.name)
            let kind: Provenance.Kind = file.hasPrefix("logs/") || source.kind == .log ? .log
                : file.hasPrefix("configs/") ? .file : .probe
            if deferring, DeferredRead.mayDefer(source: source.source, kind: kind) {
                // the checks of the read below, without reading
                switch DeferredRead.check(path, limit: sizeLimit) {
                case let .success(size) where size <= sizeLimit:
                    pending.append(PendingOutput(text: "", source: source.source, origin: entry.name, kind: kind,
                                                 deferred: DeferredRead.File(path: path, size: size, inManifest: true)))
                    continue
                case .success:
                    throw DoctorError.badInput("\(path): larger than \(sizeLimit >> 20) MiB; not a saved command output")
                case let .failure(e):
                    g.statuses[g.statuses.count - 1] = try unreadable(e, path: path, entry: entry)
                    continue
                }
            }
            let text: String
            switch FileReader.read(path, limit: sizeLimit) {
            case let .success(r):
                guard !r.truncated else { throw DoctorError.badInput("\(path): larger than \(sizeLimit >> 20) MiB; not a saved command output") }
                text = r.text
            case let .failure(e):
                g.statuses[g.statuses.count - 1] = try unreadable(e, path: path, entry: entry)
                continue
            }
            pending.append(PendingOutput(text: text, source: source.source, origin: entry.name, kind: kind))
        }
        return (g, pending)
    }

    /// A manifest entry's file that cannot be read, whether found when listed or when read: a
    /// FIFO or device in place of an output becomes the probe's status (returned), anything else
    /// (missing, unreadable) is bad input.
    static func unreadable(_ e: FileReader.Failure, path: String, entry: SnapshotManifest.Entry) throws -> ProbeStatus {
        if e.missing { throw DoctorError.badInput("\(path): listed in manifest.json but missing") }
        // a FIFO, a device, binary data: the probe's output is unavailable, the rest still reads
        guard e.notRegular || e.notText else { throw DoctorError.badInput("\(path): listed in manifest.json but \(e.message)") }
        return ProbeStatus(name: entry.name, state: .unavailable, reason: e.message, seconds: entry.seconds)
    }

    /// The path of a manifest's `file` after following symlinks; it must stay inside the
    /// snapshot (a manifest is input, and may come from anywhere).
    static func inside(_ root: String, _ file: String, entry: String) throws -> String {
        let joined = root + "/" + file
        let resolved = realPath(joined) ?? (joined as NSString).standardizingPath
        guard !file.hasPrefix("/"), resolved.hasPrefix(root + "/") else {
            throw DoctorError.badInput("\(root)/manifest.json: entry `\(entry)` names `\(file)`, which is outside the snapshot")
        }
        return resolved
    }

    /// A folder of outputs named after their source: `xfrm-state.txt`, `charon.log`, ...; a file
    /// named after no source is read if content detection recognises a daemon's log in it.
    /// `only`: the one file of the folder to read (a file given as the snapshot, as `given`).
    static func loadLoose(_ dir: String, only: String? = nil, given: String? = nil, check: DeadlineCheck, deferring: Bool = false,
                          logsBeside: Bool = false) throws -> (Gathered, [PendingOutput]) {
        var g = Gathered(os: nil)
        var pending: [PendingOutput] = []
        let names = only.map { [$0] } ?? (try? FileManager.default.contentsOfDirectory(atPath: dir))?.sorted() ?? []
        let root = realPath(dir) ?? dir
        for name in names where !name.hasPrefix(".") || only != nil {
            try check()
            let path = dir + "/" + name
            // A folder is input and may come from anywhere (as a manifest's `file`): a link out
            // of it (`charon.log -> /etc/ipsec.secrets`) is not followed. A file the user names
            // as the snapshot itself (`only`) is read wherever it lies.
            if only == nil, let outside = linkOutside(root, path) {
                g.statuses.append(ProbeStatus(name: name, state: .skipped,
                                              reason: "a symbolic link to \(outside), outside the snapshot; not read (give the file itself, or --log \(outside))"))
                continue
            }
            let stem = (name as NSString).deletingPathExtension
            // A file named after its source needs no reading to be placed: its read may wait.
            if deferring, let source = ParserRegistry.source(forFileStem: name) ?? ParserRegistry.source(forFileStem: stem),
               case let kind: Provenance.Kind = source.kind == .log ? .log : .probe,
               DeferredRead.mayDefer(source: source.source, kind: kind) {
                switch DeferredRead.check(path, limit: sizeLimit) {
                case let .success(size) where size <= sizeLimit:
                    pending.append(PendingOutput(text: "", source: source.source, origin: name, kind: kind,
                                                 deferred: DeferredRead.File(path: path, size: size, inManifest: false)))
                case .success:
                    g.statuses.append(ProbeStatus(name: name, state: .skipped, reason: "larger than \(sizeLimit >> 20) MiB; not read"))
                case let .failure(e) where e.isDirectory:
                    continue
                case let .failure(e):
                    g.statuses.append(ProbeStatus(name: name, state: .unavailable, reason: e.message))
                }
                continue
            }
            let text: String
            switch FileReader.read(path, limit: sizeLimit) {
            case let .success(r) where !r.truncated: text = r.text
            case .success:
                g.statuses.append(ProbeStatus(name: name, state: .skipped, reason: "larger than \(sizeLimit >> 20) MiB; not read"))
                continue
            case let .failure(e) where e.isDirectory:
                continue  // sub-folders (a collect's probes/, the lab's a/ b/) are not outputs
            case let .failure(e):
                g.statuses.append(ProbeStatus(name: name, state: .unavailable, reason: e.message))
                continue
            }
            if let stderr = SavedStderr(name, text, in: dir) {
                // A command's stderr saved beside its output (`swanctl-list-sas.stderr.txt`): it
                // says how the command fared, like a live probe's stderr; it is not a daemon's log
                // (swanctl's own plugin-loading lines would otherwise read as charon's).
                if let failure = stderr.failure { g.statuses.append(failure) }
                continue
            }
            if let source = ParserRegistry.source(forFileStem: name) ?? ParserRegistry.source(forFileStem: stem) {
                pending.append(PendingOutput(text: text, source: source.source, origin: name, kind: source.kind == .log ? .log : .probe))
            } else {
                let logSources = LogSniffer.sources(of: text)
                for logSource in logSources {
                    pending.append(PendingOutput(text: text, source: logSource, origin: name, kind: .log))
                }
                // A file the user put in the folder and nothing read must not vanish silently:
                // the report lists it, so a log in a form not yet known is seen to be unread.
                if logSources.isEmpty, only == nil, !text.isEmpty {
                    g.statuses.append(ProbeStatus(name: name, state: .skipped, reason: Self.unrecognised))
                }
            }
        }
        if pending.isEmpty, let only {
            let path = given ?? dir + "/" + only
            let why = g.statuses.first { $0.state != .ok }.flatMap(\.reason).map { " (\($0))" } ?? ""
            throw DoctorError.badInput("\(path): not named after a parser source (see `ipsec-doctor parse --list`) and no IPsec daemon's log lines recognised in it" + why)
        }
        if pending.isEmpty, !logsBeside {
            // Say why the files that were there were not read (a FIFO, a device, too large), not
            // only that nothing was: "charon.log: not a regular file" is the fix's starting point.
            let unread = g.statuses.filter { $0.state != .ok && $0.state != .failed }
                .map { "\($0.name): \($0.reason ?? $0.state.rawValue)" }
            let why = unread.isEmpty ? "" : " (not read: " + unread.prefix(3).joined(separator: "; ") + (unread.count > 3 ? "; ..." : "") + ")"
            throw DoctorError.badInput("\(dir): no manifest.json and no file named after a parser source (see `ipsec-doctor parse --list`)" + why)
        }
        return (g, pending)
    }

    /// Why a file of a loose folder was not read: named after no source, and no log recognised.
    static let unrecognised = "named after no parser source and no IPsec daemon's log lines recognised; not read"

    /// `NAME.stderr.txt` beside `NAME.txt`, where NAME is a source's file name (the lab's and
    /// many users' way of saving a command's two streams).
    struct SavedStderr {
        /// The probe's failure when its output is empty or missing and its stderr names an error
        /// (e.g. swanctl could not reach charon's socket); nil when the stderr was only noise.
        let failure: ProbeStatus?

        init?(_ name: String, _ text: String, in dir: String) {
            let suffix = ".stderr.txt"
            guard name.hasSuffix(suffix) else { return nil }
            let stem = String(name.dropLast(suffix.count))
            guard ParserRegistry.source(forFileStem: stem) != nil else { return nil }
            let attributes = try? FileManager.default.attributesOfItem(atPath: dir + "/" + stem + ".txt")
            let outputBytes = (attributes?[.size] as? NSNumber)?.intValue ?? 0
            let why = CommandRunner.summary(ofStderr: text)
            failure = outputBytes == 0 && !why.isEmpty ? ProbeStatus(name: stem, state: .failed, reason: why) : nil
        }
    }

    /// Stops a snapshot read that runs past `--deadline`.
    struct DeadlineCheck {
        var until: ContinuousClock.Instant?
        var seconds: Double
        var what: String
        static let none = DeadlineCheck(until: nil, seconds: 0, what: "")
        func callAsFunction() throws {
            if let until, ContinuousClock.now > until {
                throw DoctorError.badInput("\(what): not read within the deadline of \(fmt(seconds)) s (--deadline)")
            }
        }
    }

    /// Where `path` leads when it is a symbolic link whose target lies outside `root` (a real
    /// path), nil otherwise (no link, a link inside, a dangling link: that one fails to read).
    static func linkOutside(_ root: String, _ path: String) -> String? {
        var st = stat()
        guard lstat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFLNK, let target = realPath(path) else { return nil }
        return target.hasPrefix(root + "/") ? nil : target
    }

    static func realPath(_ path: String) -> String? {
        guard let p = realpath(path, nil) else { return nil }
        defer { free(p) }
        return String(cString: p)
    }

    static func describe(_ error: Error) -> String {
        if let e = error as? DecodingError {
            switch e {
            case let .keyNotFound(key, _): return "missing `\(key.stringValue)`"
            case let .typeMismatch(_, c), let .valueNotFound(_, c): return "bad value at \(c.codingPath.map(\.stringValue).joined(separator: "."))"
            case let .dataCorrupted(c): return c.debugDescription
            @unknown default: return "\(e)"
            }
        }
        return "\(error)"
    }
}

extension Gathered {
    /// Redaction is sequential and in file order whichever way the outputs are then parsed: a
    /// config's secrets are learnt before the outputs after it are redacted.
    mutating func redactForEvidence(_ pending: [SnapshotReader.PendingOutput]) -> [(source: String, text: String)] {
        pending.map { ($0.source, redactForEvidence($0.text, source: $0.source, kind: $0.kind)) }
    }

    /// Keeps the parse results in file order; nil is an output whose source has no parser.
    mutating func accept(_ results: [ParseResult?], of pending: [SnapshotReader.PendingOutput]) throws {
        for (p, result) in zip(pending, results) {
            guard let result else { throw DoctorError.badInput("\(p.origin): unknown parser source `\(p.source)`") }
            accept(result, source: p.source, origin: p.origin, kind: p.kind)
        }
    }
}
