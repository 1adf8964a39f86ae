#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Text saved or pasted on Windows ends its lines in CR LF (and may be UTF-16, or start with a
/// BOM). The parsers split on LF and read `Character`s, in which "\r\n" is ONE character: a CR LF log was one line to most of them (a
/// whole charon log became one record, its messages unclassified, and the generic reader of
/// another daemon then claimed it). Every input is therefore brought to LF line ends once, where
/// it is read, so no parser needs to know; the line numbers stay those of the file.
public enum InputText {
    /// What Windows tools write, made the UTF-8 with LF line ends every parser reads: UTF-16
    /// with its byte-order mark (PowerShell 5's `>` and `Out-File`) transcoded, a UTF-8 BOM
    /// (Notepad, `Out-File -Encoding utf8`) dropped — it glued U+FEFF to the first line's
    /// timestamp, so that line was nobody's — then CR LF made LF.
    public static func normalise(_ bytes: inout [UInt8]) {
        if bytes.count >= 2, isUTF16Mark(bytes[0], bytes[1]) {
            bytes = utf16ToUTF8(bytes, littleEndian: bytes[0] == 0xFF)
        } else if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            bytes.removeFirst(3)
        }
        dropCarriageReturns(&bytes)
    }

    /// `normalise` for a `Data` (FileReader's buffer); no copy when there is nothing to change.
    public static func normalise(_ data: inout Data) {
        let needed = data.withUnsafeBytes { raw -> Bool in
            guard let base = raw.baseAddress, raw.count > 0 else { return false }
            // a UTF-16 mark, or the first byte of a UTF-8 one (normalise checks the rest)
            if raw.count >= 2, isUTF16Mark(raw[0], raw[1]) || raw[0] == 0xEF { return true }
            return memchr(base, 0x0D, raw.count) != nil
        }
        guard needed else { return }
        var bytes = [UInt8](data)
        normalise(&bytes)
        data = Data(bytes)
    }

    /// FF FE (little-endian) or FE FF (big-endian): UTF-16's byte-order mark.
    static func isUTF16Mark(_ b0: UInt8, _ b1: UInt8) -> Bool { (b0 == 0xFF && b1 == 0xFE) || (b0 == 0xFE && b1 == 0xFF) }

    /// UTF-16 after its BOM as UTF-8; an odd last byte and unpaired surrogates become U+FFFD.
    static func utf16ToUTF8(_ bytes: [UInt8], littleEndian: Bool) -> [UInt8] {
        var units: [UInt16] = []
        units.reserveCapacity((bytes.count - 2) / 2)
        var i = 2
        while i + 1 < bytes.count {
            let a = UInt16(bytes[i]), b = UInt16(bytes[i + 1])
            units.append(littleEndian ? a | b << 8 : a << 8 | b)
            i += 2
        }
        var out = Array(String(decoding: units, as: UTF16.self).utf8)
        if i < bytes.count { out += [0xEF, 0xBF, 0xBD] }
        return out
    }

    /// Drops each CR that ends a line (before an LF, or last in the text). A CR elsewhere is
    /// content and stays. Costs one memchr when there is no CR, the common case.
    public static func dropCarriageReturns(_ bytes: inout [UInt8]) {
        let n = bytes.count
        let first = bytes.withUnsafeBufferPointer { buf -> Int? in
            guard let base = buf.baseAddress, n > 0, let p = memchr(base, 0x0D, n) else { return nil }
            return UnsafeRawPointer(p) - UnsafeRawPointer(base)
        }
        guard let first else { return }
        let kept = bytes.withUnsafeMutableBufferPointer { buf -> Int in
            var w = first
            for r in first..<n {
                let b = buf[r]
                if b == 0x0D, r + 1 == n || buf[r + 1] == 0x0A { continue }
                buf[w] = b
                w += 1
            }
            return w
        }
        bytes.removeLast(n - kept)
    }
}
