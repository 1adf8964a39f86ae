/// What a file holds when it is not plain text, told by its first bytes (the formats' magic
/// numbers): a rotated log logrotate compressed (`syslog.2.gz`, `charon.log.1.gz`; xz, bzip2 or
/// zstd where `compresscmd` says so), a systemd journal file, a packet capture. Given as a log or
/// left in a snapshot, these are read (gzip) or named with the command that makes them text,
/// instead of being parsed as garbage.
public enum StoredForm: Equatable, Sendable {
    case gzip
    /// Another container: what it is, and the command that gives its text (`%@`: the path).
    case other(what: String, command: String)

    /// The most bytes `of` looks at.
    public static let magicLength = 8

    public static func of<C: Collection>(prefix bytes: C) -> StoredForm? where C.Element == UInt8 {
        let b = Array(bytes.prefix(magicLength))
        func starts(_ m: [UInt8]) -> Bool { b.count >= m.count && Array(b.prefix(m.count)) == m }
        if starts([0x1F, 0x8B]) { return .gzip }
        if starts([0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00]) { return .other(what: "compressed with xz", command: "xz -dc %@") }
        if starts([0x42, 0x5A, 0x68]), b.count > 3, (0x31...0x39).contains(b[3]) {
            return .other(what: "compressed with bzip2", command: "bzip2 -dc %@")
        }
        if starts([0x28, 0xB5, 0x2F, 0xFD]) { return .other(what: "compressed with zstd", command: "zstd -dc %@") }
        // systemd's journal file header ("LPKSHHRH", journal-def.h)
        if starts(Array("LPKSHHRH".utf8)) { return .other(what: "a systemd journal file", command: "journalctl --file %@ -o short-iso") }
        // pcap in either byte order, and pcapng's section header block
        if starts([0xD4, 0xC3, 0xB2, 0xA1]) || starts([0xA1, 0xB2, 0xC3, 0xD4]) || starts([0x4D, 0x3C, 0xB2, 0xA1])
            || starts([0xA1, 0xB2, 0x3C, 0x4D]) || starts([0x0A, 0x0D, 0x0D, 0x0A]) {
            return .other(what: "a packet capture", command: "tcpdump -nn -v -r %@")
        }
        // a zip archive (a snapshot folder zipped to be mailed): what unpacks it
        if starts([0x50, 0x4B, 0x03, 0x04]) { return .other(what: "a zip archive", command: "unzip %@ -d DIR") }
        return nil
    }

    /// Why the file is not read as it is, with the command that would make it text.
    public func refusal(path: String) -> String {
        switch self {
        case .gzip: return "compressed with gzip"
        case let .other(what, command):
            let run = command.replacingOccurrences(of: "%@", with: path)
            if command.hasSuffix(" -d DIR") { return "\(what); not read: unpack it (`\(run)`) and give DIR" }
            return "\(what); not read: give its text instead (`\(run)`)"
        }
    }
}
