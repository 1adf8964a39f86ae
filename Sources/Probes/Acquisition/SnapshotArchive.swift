import Facts
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A snapshot that travels as a tar archive — `tar czf gw1.tar.gz gw1/` is how a `collect`
/// folder goes by mail or in a ticket to the admin of the other end — is read as the folder it
/// holds: its regular files are unpacked (from gzip too) into a private temporary folder, which
/// is removed when the process ends, and that folder is read as any snapshot folder.
///
/// Unpacking is bounded and takes nothing on trust: at most `byteLimit` bytes in all and
/// `fileLimit` files; only regular files and folders (links, devices and FIFOs are left out);
/// a member named with `..` or outside the archive's own tree is left out, a leading `/` taken
/// off. Formats: POSIX ustar, GNU (`L` long names) and pax (`path=` records), the three
/// `tar` writes. A zip archive is named with the command that unpacks it (StoredForm).
public enum SnapshotArchive {
    static let byteLimit = 1 << 30
    static let fileLimit = 20_000
    static let block = 512

    /// The folder to read for `path`: `path` itself, or for a tar archive the folder it was
    /// unpacked to (the archive's one top folder when it has one: `gw1/`).
    public static func resolve(_ path: String) throws -> String {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir), !isDir.boolValue else { return path }
        guard let bytes = try tarBytes(path) else { return path }
        return try unpack(bytes, archive: path)
    }

    /// The archive's bytes (inflated from gzip) when `path` holds a tar archive, else nil.
    static func tarBytes(_ path: String) throws -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)
        guard fd >= 0 else { return nil }   // the folder reader says why it cannot be read
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, st.st_mode & S_IFMT == S_IFREG, st.st_size >= off_t(block) else { return nil }
        let gzip = FileReader.storedForm(fd) == .gzip
        if !gzip {
            // ustar's magic sits at offset 257 of the first header
            var head = [UInt8](repeating: 0, count: 262)
            let n = head.withUnsafeMutableBytes { pread(fd, $0.baseAddress, 262, 0) }
            guard n == 262, isTarHeader(head[...]) else { return nil }
            switch FileReader.readBytes(fd, path: path, size: Int(st.st_size), limit: byteLimit, tail: false) {
            case let .success(raw):
                if raw.truncated { throw DoctorError.badInput("\(path): a tar archive larger than \(byteLimit >> 20) MiB; unpack it and give the folder") }
                return [UInt8](raw.data)
            case let .failure(f): throw DoctorError.badInput(f.message)
            }
        }
        // the first block only, to tell a tar from a rotated log (read as one, inflated again
        // by the folder reader): a large log is not inflated whole to find out
        guard case let .success(head) = Gunzip.read(fd: fd, path: path, limit: block, tail: false),
              isTarHeader(head.data.prefix(262)), lseek(fd, 0, SEEK_SET) == 0 else { return nil }
        switch Gunzip.read(fd: fd, path: path, limit: byteLimit, tail: false) {
        case let .success(raw):
            if raw.truncated { throw DoctorError.badInput("\(path): a tar archive of more than \(byteLimit >> 20) MiB inflated; unpack it and give the folder") }
            return [UInt8](raw.data)
        case .failure:
            return nil   // a damaged gzip: the folder reader names what is wrong with it
        }
    }

    /// `ustar` at offset 257 (POSIX `ustar\0`, GNU `ustar  `).
    static func isTarHeader<C: Collection>(_ b: C) -> Bool where C.Element == UInt8 {
        let a = Array(b.prefix(262))
        return a.count == 262 && Array(a[257..<262]) == Array("ustar".utf8)
    }

    static func unpack(_ b: [UInt8], archive: String) throws -> String {
        let top = try TemporaryFolders.make()
        var offset = 0, files = 0, written = 0
        var longName: String?, paxPath: String?
        var skipped: [String] = [], manifests: [String] = []
        while offset + block <= b.count {
            let h = b[offset..<offset + block]
            if h.allSatisfy({ $0 == 0 }) { break }   // the end-of-archive blocks
            guard let size = number(h, 124, 12) else {
                throw DoctorError.badInput("\(archive): a damaged tar header at byte \(offset)")
            }
            let type = h[h.startIndex + 156]
            let dataStart = offset + block
            let dataEnd = dataStart + size
            guard size >= 0, dataEnd <= b.count else { throw DoctorError.badInput("\(archive): the tar archive is cut short") }
            let data = b[dataStart..<dataEnd]
            offset = dataStart + (size + block - 1) / block * block
            switch type {
            case UInt8(ascii: "L"):                       // GNU: the next member's long name
                longName = text(data[...]); continue
            case UInt8(ascii: "x"):                       // pax: records of the next member
                paxPath = paxRecord("path", in: data[...]); continue
            case UInt8(ascii: "g"), UInt8(ascii: "K"):    // pax globals, GNU long link names
                continue
            default: break
            }
            var name = paxPath ?? longName ?? {
                let base = text(h[h.startIndex..<h.startIndex + 100])
                let prefix = text(h[h.startIndex + 345..<h.startIndex + 500])
                return prefix.isEmpty ? base : prefix + "/" + base
            }()
            longName = nil; paxPath = nil
            while name.hasPrefix("/") { name.removeFirst() }
            let parts = name.split(separator: "/").filter { $0 != "." }
            guard !parts.isEmpty else { continue }
            guard !parts.contains("..") else { skipped.append(name); continue }
            let path = top + "/" + parts.joined(separator: "/")
            switch type {
            case UInt8(ascii: "5"):
                try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            case UInt8(ascii: "0"), 0, UInt8(ascii: "7"):
                files += 1; written += size
                guard files <= fileLimit else { throw DoctorError.badInput("\(archive): more than \(fileLimit) files; not a snapshot") }
                try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                        withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
                guard FileManager.default.createFile(atPath: path, contents: Data(data), attributes: [.posixPermissions: 0o600]) else {
                    throw DoctorError(.io, "cannot unpack \(name) to \(top)", subject: archive)
                }
                if parts.last == "manifest.json" { manifests.append(path) }
            default:
                skipped.append(name)   // links, devices, FIFOs: not part of a snapshot
            }
        }
        guard files > 0 else { throw DoctorError.badInput("\(archive): a tar archive with no file in it") }
        // the shallowest folder holding a manifest (`collect`'s folder, wherever tar was run)
        if let manifest = manifests.min(by: { $0.split(separator: "/").count < $1.split(separator: "/").count }) {
            return (manifest as NSString).deletingLastPathComponent
        }
        // else one top folder (`gw1/`): that is the snapshot, and its name the gateway's
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: top)) ?? []
        if entries.count == 1 {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: top + "/" + entries[0], isDirectory: &isDir), isDir.boolValue { return top + "/" + entries[0] }
        }
        return top
    }

    /// A NUL-terminated header field as text.
    static func text(_ b: ArraySlice<UInt8>) -> String {
        String(decoding: b.prefix { $0 != 0 }, as: UTF8.self)
    }

    /// A header's octal number (or GNU's base-256 form for large sizes).
    static func number(_ h: ArraySlice<UInt8>, _ at: Int, _ length: Int) -> Int? {
        let f = h[h.startIndex + at..<h.startIndex + at + length]
        if let first = f.first, first & 0x80 != 0 {
            var n = 0
            for (i, byte) in f.enumerated() {
                n = (n << 8) | Int(i == 0 ? byte & 0x7F : byte)
                if n > Int(Int32.max) * 4 { return nil }
            }
            return n
        }
        let digits = f.filter { $0 != 0 && $0 != 0x20 }
        if digits.isEmpty { return 0 }
        return Int(String(decoding: digits, as: UTF8.self), radix: 8)
    }

    /// The value of `key` in pax records (`LEN key=value\n`).
    static func paxRecord(_ key: String, in data: ArraySlice<UInt8>) -> String? {
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            guard let space = line.firstIndex(of: " ") else { continue }
            let record = line[line.index(after: space)...]
            if record.hasPrefix(key + "=") { return String(record.dropFirst(key.count + 1)) }
        }
        return nil
    }
}

/// Private temporary folders (0700) removed when the process exits.
enum TemporaryFolders {
    static let made = Locked<[String]>([])

    static func make() throws -> String {
        let tmp = NSTemporaryDirectory().hasSuffix("/") ? String(NSTemporaryDirectory().dropLast()) : NSTemporaryDirectory()
        var template = Array((tmp + "/ipsec-doctor-XXXXXX").utf8CString)
        guard let p = template.withUnsafeMutableBufferPointer({ $0.baseAddress.flatMap { mkdtemp($0) } }) else {
            throw DoctorError(.io, "cannot make a temporary folder (\(String(cString: strerror(errno))))", subject: NSTemporaryDirectory())
        }
        let path = String(cString: p)
        let first = made.withLock { list -> Bool in list.append(path); return list.count == 1 }
        if first { atexit { TemporaryFolders.removeAll() } }
        return path
    }

    static func removeAll() {
        for p in made.withLock({ $0 }) { try? FileManager.default.removeItem(atPath: p) }
    }
}

/// A value behind a lock.
final class Locked<Value>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()
    init(_ value: Value) { self.value = value }
    func withLock<R>(_ body: (inout Value) -> R) -> R {
        lock.lock(); defer { lock.unlock() }
        return body(&value)
    }
}
