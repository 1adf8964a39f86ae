import Foundation
import Parsers
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a file without ever blocking or reading it whole: opened non-blocking, refused unless
/// it is a regular file (a FIFO would block forever, a device never end), read in chunks up to a
/// size limit, and from the TAIL when asked (logs). Between chunks it checks for cancellation,
/// so a probe's timeout also bounds a slow read.
public enum FileReader {
    public struct Content: Sendable {
        public var data: Data
        /// Bytes were left out: the head (tail reads) or the rest (head reads).
        public var truncated: Bool
        public var text: String { String(decoding: data, as: UTF8.self) }
    }

    public struct Failure: Error, Sendable {
        public var message: String
        public var missing = false
        public var denied = false
        public var isDirectory = false
        /// A FIFO, device or socket: refused, never read.
        public var notRegular = false
        /// Read, but not text: binary data, or a container (xz, a journal file, a capture)
        /// whose message names the command that gives its text.
        public var notText = false
    }

    static let chunk = 1 << 20

    /// Reads at most `limit` bytes of `path`: the first ones, or with `tail` the last ones.
    public static func read(_ path: String, limit: Int, tail: Bool = false) -> Result<Content, Failure> {
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)
        if fd < 0 {
            let e = errno
            return .failure(Failure(message: "\(path): \(String(cString: strerror(e)))", missing: e == ENOENT || e == ENOTDIR,
                                    denied: e == EACCES || e == EPERM))
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { return .failure(Failure(message: "\(path): \(String(cString: strerror(errno)))")) }
        let type = st.st_mode & S_IFMT
        if type == S_IFDIR { return .failure(Failure(message: "\(path) is a directory", isDirectory: true)) }
        guard type == S_IFREG else {
            return .failure(Failure(message: "\(path) is \(FileKind.describe(st.st_mode)); not read", notRegular: true))
        }
        // /proc files say size 0 and are read to their end; others from where the limit allows.
        let size = Int(st.st_size)
        // a rotated log's gzip is inflated; xz, a journal file, a capture are named, not read
        let form = size > 0 ? storedForm(fd) : nil
        if let form, form != .gzip { return .failure(refusal(form, path: path)) }
        let raw = form == .gzip ? Gunzip.read(fd: fd, path: path, limit: limit, tail: tail)
                                : readBytes(fd, path: path, size: size, limit: limit, tail: tail)
        return raw.flatMap { raw in
            var data = raw.data
            if raw.truncated, tail, let nl = data.firstIndex(of: UInt8(ascii: "\n")) {
                data = Data(data[data.index(after: nl)...])  // drop the partial first line
            }
            return prepared(data, path: path, truncated: raw.truncated, via: form == .gzip ? "inflated from gzip: " : "")
        }
    }

    /// Bytes as read (or inflated), before they are made text: the last `limit` ones or the
    /// first, and whether any were left out.
    struct Raw { var data: Data; var truncated: Bool }

    /// A plain file's bytes, in chunks, with a timeout's cancellation checked between them.
    static func readBytes(_ fd: Int32, path: String, size: Int, limit: Int, tail: Bool) -> Result<Raw, Failure> {
        var truncated = false
        if tail, size > limit {
            guard lseek(fd, off_t(size - limit), SEEK_SET) >= 0 else {
                return .failure(Failure(message: "\(path): \(String(cString: strerror(errno)))"))
            }
            truncated = true
        }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: chunk)
        while true {
            if Task.isCancelled { return .failure(Failure(message: "\(path): reading stopped (timeout)")) }
            let n = buffer.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress, chunk) }
            if n < 0 {
                if errno == EINTR { continue }
                return .failure(Failure(message: "\(path): \(String(cString: strerror(errno)))", denied: errno == EACCES))
            }
            if n == 0 { break }
            data.append(contentsOf: buffer[0..<n])
            if data.count > limit {
                // Still growing (a live log) or no size given (/proc): keep the end or the start.
                data = tail ? Data(data.suffix(limit)) : Data(data.prefix(limit))
                truncated = true
                if !tail { break }
            }
        }
        return .success(Raw(data: data, truncated: truncated))
    }

    /// A container other than gzip, refused naming the command that gives its text.
    static func refusal(_ form: StoredForm, path: String) -> Failure {
        Failure(message: "\(path): \(form.refusal(path: path))", notText: true)
    }

    /// The bytes made the text parsers read (InputText.prepare: a file saved on Windows, NUL
    /// runs), or the failure of bytes that are not text.
    static func prepared(_ data: Data, path: String, truncated: Bool, via: String = "") -> Result<Content, Failure> {
        var data = data
        if let why = InputText.prepare(&data) { return .failure(Failure(message: "\(path): \(via)\(why); not read", notText: true)) }
        return .success(Content(data: data, truncated: truncated))
    }

    /// The form of a regular file's first bytes (read with pread: the offset stays where it was).
    static func storedForm(_ fd: Int32) -> StoredForm? {
        var magic = [UInt8](repeating: 0, count: StoredForm.magicLength)
        let n = magic.withUnsafeMutableBytes { pread(fd, $0.baseAddress, StoredForm.magicLength, 0) }
        return n > 0 ? StoredForm.of(prefix: magic.prefix(n)) : nil
    }

    /// What `read` would refuse as not text, told from the bytes TextCheck looks at (the first
    /// and the last 64 KiB, read with pread), without reading the whole file: a container other
    /// than gzip, or binary data. nil for text, gzip, and UTF-16 (transcoded when read).
    static func notText(_ fd: Int32, size: Int, path: String) -> Failure? {
        if let form = storedForm(fd) { return form == .gzip ? nil : refusal(form, path: path) }
        let block = TextCheck.sample
        var sample = [UInt8](repeating: 0, count: min(size, 2 * block))
        let got = sample.withUnsafeMutableBytes { buf -> Int in
            guard size > 2 * block else { return pread(fd, buf.baseAddress, size, 0) }
            let a = pread(fd, buf.baseAddress, block, 0)
            let b = pread(fd, buf.baseAddress! + block, block, off_t(size - block))
            return a < 0 || b < 0 ? -1 : a + b
        }
        guard got > 0 else { return nil }
        if got >= 2, InputText.isUTF16Mark(sample[0], sample[1]) { return nil }
        return sample.prefix(got).withUnsafeBytes { TextCheck.notText($0) }
            .map { Failure(message: "\(path): \($0); not read", notText: true) }
    }
}

/// Words for a file's type, for messages.
enum FileKind {
    static func describe(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFIFO: return "a FIFO"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        case S_IFSOCK: return "a socket"
        case S_IFDIR: return "a directory"
        case S_IFLNK: return "a symbolic link"
        default: return "not a regular file"
        }
    }
}

/// read(2), named apart from FileReader.read.
func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(fd, buffer, count)
}
