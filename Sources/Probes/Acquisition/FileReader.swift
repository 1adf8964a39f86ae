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
        if truncated, tail, let nl = data.firstIndex(of: UInt8(ascii: "\n")) {
            data = Data(data[data.index(after: nl)...])  // drop the partial first line
        }
        InputText.normalise(&data)  // a file saved on Windows: UTF-16, BOM, CR LF
        return .success(Content(data: data, truncated: truncated))
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
private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(fd, buffer, count)
}
