import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a command's input (a FILE or stdin) up to a size cap, so that `parse < /dev/zero` or a
/// runaway pipe ends with a clear error instead of growing until the process dies.
enum BoundedInput {
    /// The most `parse` reads: as much as a probe's output may be (ProbeRunner's limit).
    static let limit = 64 << 20

    struct TooLarge: Error { var bytes: Int }
    struct Failure: Error { var subject: String; var message: String; var hint: String? = nil }
    struct Unreadable: Error { var message: String }

    /// All of `fd`'s bytes, or TooLarge once more than `limit` arrived.
    /// `sizeHint`: the file's size where known (a regular file), so the bytes are read into one
    /// buffer instead of one that doubles (and is copied) as they arrive (2 % of `parse`), and
    /// read there directly.
    /// The bytes come back as an array, which `parse` redacts and parses as it is (appending
    /// to a `Data` went through its generic slice path, ~8 % of `parse swanctl-list-sas`).
    static func read(fd: Int32, limit: Int = BoundedInput.limit, sizeHint: Int = 0) throws -> [UInt8] {
        var data: [UInt8] = []
        if sizeHint > 0 {
            // Straight into the array's storage (not a 64 KiB buffer copied into it: a memmove
            // of the whole file, 3–4 % of `parse`): room for the file and a byte more, which
            // only a file grown since `fstat` fills; then the loop below reads on from there.
            let room = min(sizeHint, limit) + 1
            var failure: Int32 = 0
            data = [UInt8](unsafeUninitializedCapacity: room) { buf, count in
                count = 0
                while count < room {
                    let n = systemRead(fd, buf.baseAddress! + count, room - count)
                    if n < 0 {
                        if errno == EINTR { continue }
                        failure = errno
                        return
                    }
                    if n == 0 { return }
                    count += n
                }
            }
            if failure != 0 { throw Unreadable(message: String(cString: strerror(failure))) }
            if data.count < room { return data }
            if data.count > limit { throw TooLarge(bytes: data.count) }
        }
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = buffer.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw Unreadable(message: String(cString: strerror(errno)))
            }
            if n == 0 { return data }
            buffer.withUnsafeBufferPointer { data.append(contentsOf: UnsafeBufferPointer(rebasing: $0[0..<n])) }
            if data.count > limit { throw TooLarge(bytes: data.count) }
        }
    }

    /// The bytes of `path` (nil: stdin), or an error message naming the input and the cap.
    static func contents(of path: String?) -> Result<[UInt8], Failure> {
        let name = path ?? "stdin"
        var fd: Int32 = 0
        var size = 0
        if let path {
            fd = open(path, O_RDONLY | O_CLOEXEC)
            if fd < 0 {
                let e = errno
                return .failure(Failure(subject: path, message: e == ENOENT ? "no such file" : "cannot read the file (\(String(cString: strerror(e))))"))
            }
            var st = stat()
            if fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR {
                close(fd); return .failure(Failure(subject: path, message: "is a directory, not a file"))
            }
            if (st.st_mode & S_IFMT) == S_IFREG { size = Int(st.st_size) }
        }
        defer { if path != nil { close(fd) } }
        do {
            return .success(try read(fd: fd, sizeHint: size))
        } catch is TooLarge {
            return .failure(Failure(subject: name, message: "more than \(limit >> 20) MiB of input; parse reads at most that much",
                                    hint: "save the command's output to a file and keep the part that matters"))
        } catch let e as Unreadable {
            return .failure(Failure(subject: name, message: "cannot read (\(e.message))"))
        } catch {
            return .failure(Failure(subject: name, message: "cannot read (\(error))"))
        }
    }
}

private func systemRead(_ fd: Int32, _ p: UnsafeMutableRawPointer?, _ n: Int) -> Int {
    #if canImport(Glibc)
    return Glibc.read(fd, p, n)
    #elseif canImport(Musl)
    return Musl.read(fd, p, n)
    #else
    return Darwin.read(fd, p, n)
    #endif
}
