#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Substring tests on a line's UTF-8 bytes, through memchr(3) and memcmp(3). Foundation's `String.contains`
/// goes through NSString on Linux, and a Swift loop is slow in debug builds; these prefilters
/// run on every line of every log, before any regular expression does.
struct LineBytes {
    let bytes: [UInt8]

    /// The line's bytes, ASCII letters lowered (keywords match in any case).
    init(lowering line: String) {
        bytes = line.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
    }

    init(_ line: String) { bytes = Array(line.utf8) }

    /// Offsets where `needle` starts.
    func offsets(of needle: [UInt8]) -> [Int] {
        guard !needle.isEmpty, needle.count <= bytes.count else { return [] }
        var out: [Int] = []
        bytes.withUnsafeBytes { hay in
            needle.withUnsafeBytes { nd in
                var from = 0
                while let at = LineBytes.find(hay, nd, from: from) {
                    out.append(at)
                    from = at + 1
                }
            }
        }
        return out
    }

    func has(_ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, needle.count <= bytes.count else { return needle.isEmpty }
        return bytes.withUnsafeBytes { hay in
            needle.withUnsafeBytes { nd in LineBytes.find(hay, nd, from: 0) != nil }
        }
    }

    /// The first offset at or after `from` where `nd` starts in `hay`. memchr looks for the
    /// needle's rarest byte (`NeedleAnchor`), not its first: the whole-text gates look for
    /// `enc `, `E: `, `A: `, `auth` in outputs of megabytes, and a memchr and a memcmp call at
    /// every `e`, `E` or `A` were 6 % of `parse swanctl-list-sas` (perf, 20,000 tunnels).
    static func find(_ hay: UnsafeRawBufferPointer, _ nd: UnsafeRawBufferPointer, from: Int) -> Int? {
        let n = nd.count
        guard n > 0, let base = hay.baseAddress, let nb = nd.baseAddress else { return nil }
        let j = NeedleAnchor.index(nd)
        let anchor = Int32(nd[j])
        let h = base.assumingMemoryBound(to: UInt8.self), q = nb.assumingMemoryBound(to: UInt8.self)
        // Where the anchor may stand: j ..< hay.count - (n - 1 - j).
        var i = from + j
        let last = hay.count - n + j
        while i <= last {
            guard let p = memchr(base + i, anchor, last - i + 1) else { return nil }
            let a = base.distance(to: UnsafeRawPointer(p))
            let at = a - j
            var k = 0
            while k < n, h[at + k] == q[k] { k += 1 }
            if k == n { return at }
            i = a + 1
        }
        return nil
    }

    func has(_ needle: String) -> Bool { has(Array(needle.utf8)) }
    func hasAny(_ needles: [[UInt8]]) -> Bool { needles.contains { has($0) } }
    func has(byte: UInt8) -> Bool { PlainBytes.contains(byte: byte, in: bytes) }

    /// Whether one of `words` stands in a key that an `=` or `:` follows (`db_password =`,
    /// `secret:`): the rest of the key's characters, blanks, then the sign.
    func hasAssignedKey(_ words: [[UInt8]]) -> Bool {
        for w in words {
            for at in offsets(of: w) {
                var i = at + w.count
                while i < bytes.count, isKeyChar(bytes[i]) { i += 1 }
                while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 { i += 1 }
                if i < bytes.count, bytes[i] == 0x3D || bytes[i] == 0x3A { return true }
            }
        }
        return false
    }

    @inline(__always) func isKeyChar(_ c: UInt8) -> Bool {
        (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) || c == 0x5F || c == 0x2E || c == 0x2D
    }
}
