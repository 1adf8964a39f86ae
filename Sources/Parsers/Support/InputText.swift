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
    public static func isUTF16Mark(_ b0: UInt8, _ b1: UInt8) -> Bool { (b0 == 0xFF && b1 == 0xFE) || (b0 == 0xFE && b1 == 0xFF) }

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
        guard let first = firstIndex(of: 0x0D, in: bytes) else { return }
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

    /// Where `byte` first stands in `bytes` (memchr: the common case, none, costs one pass).
    static func firstIndex(of byte: UInt8, in bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { buf -> Int? in
            guard let base = buf.baseAddress, buf.count > 0, let p = memchr(base, Int32(byte), buf.count) else { return nil }
            return UnsafeRawPointer(p) - UnsafeRawPointer(base)
        }
    }
}

/// Bytes that are not text: a binary file given as a log (wtmp, a core file, an image, random
/// data) would be parsed line by line as garbage — slowly, since nothing in it is ASCII — and
/// could even match a message by chance. A text file with a run of NUL bytes is still text: a
/// syslog written during a crash or a power loss holds blocks of NULs where the file system
/// kept room for lines never written; the NULs are not counted, and are read as a line break.
public enum TextCheck {
    /// The bytes looked at, from the start and from the end.
    public static let sample = 64 << 10

    /// NUL runs a text holds at most in the bytes looked at: a crash leaves one block, or a few.
    /// An executable or a database scatters them everywhere (an ELF binary's tail is mostly its
    /// string tables, which are ASCII: the share of bad bytes alone let it pass).
    static let nulRuns = 16

    /// Why `bytes` are not text, or nil: more than 10 % of the bytes looked at (NULs aside) are
    /// control characters no log holds or not UTF-8, or NULs stand in more than `nulRuns` runs.
    public static func notText(_ bytes: UnsafeRawBufferPointer) -> String? {
        let n = bytes.count
        guard n > 0 else { return nil }
        var looked = 0, bad = 0, runs = 0
        func scan(_ from: Int, _ to: Int) {
            var i = from
            while i < to {
                let c = bytes[i]
                if c == 0 {
                    if i == from || bytes[i - 1] != 0 { runs += 1 }
                    i += 1
                    continue
                }
                looked += 1
                if c < 0x80 {
                    // tab, line feed, vertical tab, form feed, return, backspace, escape (colours)
                    if c < 0x20 && !(c >= 0x08 && c <= 0x0D) && c != 0x1B || c == 0x7F { bad += 1 }
                    i += 1
                    continue
                }
                let len = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0
                var ok = len > 0 && i + len <= to
                if ok { for k in 1..<len where bytes[i + k] & 0xC0 != 0x80 { ok = false } }
                if ok { i += len } else { bad += 1; i += 1 }
            }
        }
        if n <= 2 * sample { scan(0, n) } else { scan(0, sample); scan(n - sample, n) }
        guard looked > 0 else { return "only NUL bytes" }
        if runs > nulRuns { return "binary data, not text (NUL bytes in \(runs) places of the bytes looked at)" }
        guard bad * 10 > looked else { return nil }
        return "binary data, not text (\(bad * 100 / looked) % of the bytes looked at are neither text nor UTF-8)"
    }

    /// Each run of NUL bytes made one line feed (see the type's comment). Costs one memchr when
    /// there is no NUL, the common case.
    public static func blankNULs(_ bytes: inout [UInt8]) {
        let n = bytes.count
        guard let first = InputText.firstIndex(of: 0, in: bytes) else { return }
        let kept = bytes.withUnsafeMutableBufferPointer { buf -> Int in
            var w = first
            var r = first
            while r < n {
                if buf[r] == 0 {
                    while r < n, buf[r] == 0 { r += 1 }
                    buf[w] = 0x0A
                } else {
                    buf[w] = buf[r]
                    r += 1
                }
                w += 1
            }
            return w
        }
        bytes.removeLast(n - kept)
    }
}

extension InputText {
    /// `normalise`, then NUL runs made line feeds; returns why the bytes are not text (then they
    /// are left as they are and must not be parsed), or nil.
    public static func prepare(_ bytes: inout [UInt8]) -> String? {
        normalise(&bytes)
        if let why = bytes.withUnsafeBytes({ TextCheck.notText($0) }) { return why }
        TextCheck.blankNULs(&bytes)
        return nil
    }

    /// `prepare` for a `Data` (FileReader's buffer); no copy when there is nothing to change.
    public static func prepare(_ data: inout Data) -> String? {
        normalise(&data)
        if let why = data.withUnsafeBytes({ TextCheck.notText($0) }) { return why }
        let hasNUL = data.withUnsafeBytes { raw in raw.baseAddress.map { memchr($0, 0, raw.count) != nil } ?? false }
        guard hasNUL else { return nil }
        var bytes = [UInt8](data)
        TextCheck.blankNULs(&bytes)
        data = Data(bytes)
        return nil
    }
}
