import CZlib
import Foundation

/// A gzip file's text, inflated in this process (zlib): logrotate compresses every rotated log
/// but the newest (`syslog.2.gz`, `charon.log.3.gz`), and the failure an admin looks for is often
/// in yesterday's. Bounded like FileReader: at most `limit` bytes kept (the first ones, or with
/// `tail` the last ones), at most `inflateLimit` inflated in all (a gzip bomb stops there), and
/// a timeout's cancellation checked between chunks. Members written one after another (`cat
/// a.gz b.gz`, what `gzip` itself reads as one file) are read in turn.
enum Gunzip {
    static let chunk = 1 << 18
    /// The most bytes inflated from one file, kept or not.
    static let inflateLimit = 1 << 30

    static func read(fd: Int32, path: String, limit: Int, tail: Bool) -> Result<FileReader.Raw, FileReader.Failure> {
        var stream = z_stream()
        // 15 + 16: a gzip wrapper (not raw deflate, not zlib's)
        guard inflateInit2_(&stream, 15 + 16, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            return .failure(FileReader.Failure(message: "\(path): cannot start gzip's inflate"))
        }
        defer { inflateEnd(&stream) }
        var input = [UInt8](repeating: 0, count: chunk)
        var output = [UInt8](repeating: 0, count: chunk)
        var kept = Data(), inflated = 0, truncated = false, ended = false, endedOnce = false
        func failure(_ why: String) -> Result<FileReader.Raw, FileReader.Failure> {
            .failure(FileReader.Failure(message: "\(path): \(why)", notText: true))
        }
        reading: while true {
            if Task.isCancelled { return .failure(FileReader.Failure(message: "\(path): reading stopped (timeout)")) }
            let n = input.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress, chunk) }
            if n < 0 {
                if errno == EINTR { continue }
                return .failure(FileReader.Failure(message: "\(path): \(String(cString: strerror(errno)))"))
            }
            if n == 0 { break }
            var status: Int32 = Z_OK
            var consumed = 0
            while consumed < n {
                if ended {
                    // another member after the end of one, or the zeros some tools pad with
                    guard input[consumed] == 0x1F else { break }
                    inflateReset(&stream)
                    ended = false
                }
                let produced: Int
                (status, produced, consumed) = input.withUnsafeMutableBufferPointer { inBuf in
                    output.withUnsafeMutableBufferPointer { outBuf in
                        stream.next_in = inBuf.baseAddress! + consumed
                        stream.avail_in = UInt32(n - consumed)
                        stream.next_out = outBuf.baseAddress!
                        stream.avail_out = UInt32(chunk)
                        let s = inflate(&stream, Z_NO_FLUSH)
                        return (s, chunk - Int(stream.avail_out), n - Int(stream.avail_in))
                    }
                }
                guard status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR else {
                    // what was inflated before the damage is kept: a log cut short is still read
                    if kept.isEmpty { return failure("not a valid gzip file (zlib error \(status)); not read") }
                    truncated = true
                    break reading
                }
                inflated += produced
                kept.append(contentsOf: output[0..<produced])
                if kept.count > limit {
                    truncated = true
                    if !tail { kept = Data(kept.prefix(limit)); break reading }
                    // drop the head in bulk, not per chunk (a memmove of `limit` each time)
                    if kept.count > 2 * limit { kept = Data(kept.suffix(limit)) }
                }
                if inflated > inflateLimit { truncated = true; break reading }
                if status == Z_STREAM_END { ended = true; endedOnce = true }
                if produced == 0 && status == Z_BUF_ERROR { break }
            }
        }
        // a file cut short: what came before the cut is read, but nothing at all is a failure
        if !ended, !truncated {
            if kept.isEmpty, !endedOnce { return failure("not a complete gzip file (nothing inflated); not read") }
            truncated = true
        }
        if tail, kept.count > limit { kept = Data(kept.suffix(limit)) }
        return .success(FileReader.Raw(data: kept, truncated: truncated))
    }
}
