import Facts
import Foundation
import Parsers
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A snapshot output read in its parse task rather than before all parsing starts
/// (SnapshotReader.readConcurrently), so the texts of a 25 MB snapshot are not all held at once.
/// Only outputs the redactor learns nothing from may wait: a config's secrets must be learnt in
/// file order before the outputs after it are redacted. Each is checked when the snapshot is
/// listed exactly as `FileReader.read` would refuse it (missing, not a regular file, over the
/// size limit), so those outcomes and their order are unchanged; the read itself stays bounded
/// in size (the same limit) and in time (the deadline is checked before it, as before each file).
enum DeferredRead {
    struct File: Sendable {
        var path: String
        var size: Int
        /// Named by manifest.json (its messages say so).
        var inManifest: Bool
    }

    /// Whether an output may be read later: `Gathered.learnForEvidence` learns nothing from it.
    static func mayDefer(source: String, kind: Provenance.Kind) -> Bool {
        !(kind == .file || [.config, .secretsFile].contains(ParserRegistry.source(named: source)?.redaction))
    }

    /// What `FileReader.read(path, limit:)` would refuse, without reading: its failure, or the
    /// file's size in bytes.
    static func check(_ path: String, limit: Int) -> Result<Int, FileReader.Failure> {
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)
        if fd < 0 {
            let e = errno
            return .failure(FileReader.Failure(message: "\(path): \(String(cString: strerror(e)))", missing: e == ENOENT || e == ENOTDIR,
                                               denied: e == EACCES || e == EPERM))
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { return .failure(FileReader.Failure(message: "\(path): \(String(cString: strerror(errno)))")) }
        let type = st.st_mode & S_IFMT
        if type == S_IFDIR { return .failure(FileReader.Failure(message: "\(path) is a directory", isDirectory: true)) }
        guard type == S_IFREG else {
            return .failure(FileReader.Failure(message: "\(path) is \(FileKind.describe(st.st_mode)); not read", notRegular: true))
        }
        // binary data or a container: refused now, as the reader would, so that it becomes the
        // file's status instead of failing the parse task that reads it later
        if let refusal = FileReader.notText(fd, size: Int(st.st_size), path: path) { return .failure(refusal) }
        return .success(Int(st.st_size))
    }

    /// The bytes of a checked file, read in its parse task (not decoded: the redaction reads
    /// plain text as bytes and decodes any other as `FileReader.Content.text` would); none and a
    /// failure kept for the caller when the deadline has passed or the file no longer reads as
    /// it was checked.
    static func bytes(_ file: File, index: Int, check: SnapshotReader.DeadlineCheck, failures: Failures) -> [UInt8] {
        do { try check() } catch { failures.add(index, error); return [] }
        switch FileReader.read(file.path, limit: SnapshotReader.sizeLimit) {
        case let .success(r) where !r.truncated:
            return [UInt8](r.data)
        case .success:
            failures.add(index, DoctorError.badInput("\(file.path): larger than \(SnapshotReader.sizeLimit >> 20) MiB; not a saved command output"))
        case let .failure(e):
            failures.add(index, DoctorError.badInput(file.inManifest ? "\(file.path): listed in manifest.json but \(e.message)" : e.message))
        }
        return []
    }

    /// Failed deferred reads by file index; the first in file order is the one thrown.
    final class Failures: @unchecked Sendable {
        private let lock = NSLock()
        private var byIndex: [Int: any Error] = [:]
        func add(_ index: Int, _ error: any Error) {
            lock.lock(); byIndex[index] = error; lock.unlock()
        }
        var first: (any Error)? {
            lock.lock(); defer { lock.unlock() }
            return byIndex.min { $0.key < $1.key }?.value
        }
    }
}
