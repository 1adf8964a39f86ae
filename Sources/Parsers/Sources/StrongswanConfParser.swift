import Facts

/// strongswan.conf and the files it includes (Debian: /etc/strongswan.d/*.conf and
/// /etc/strongswan.d/charon/*.conf), in strongSwan's settings syntax as its own lexer and
/// grammar read it (src/libstrongswan/settings/settings_lexer.l, settings_parser.y):
/// `name { ... }` sections (the brace may follow on a later line), `name : ref, ref { }`,
/// `key = value` up to the end of the line, a `#` or a `}` (words joined by one blank, `"..."`
/// strings with `\n \t \"` escapes that may span lines), `#` comments, and `include PATTERN`
/// (a glob, relative to the including file's directory, read in the section it stands in).
/// Names hold no `. , : { } = " #` nor blanks: a dotted key (`charon.port = 4501`) is a syntax
/// error, and strongSwan refuses the whole configuration for it (library.c: "abort
/// initialization due to invalid configuration", charon does not start), so such lines are
/// listed as unparsed and the extractor says so.
///
/// Records (`kind`, each with the `line` it starts on):
///  - `section`: `name`, the dotted path within this file (`charon.plugins.eap-radius`)
///  - `setting`: `key` (dotted path within this file) and `value`; the value of a key that names
///    a secret (`secret`, `psk`, `password`, ...) is never output: `redacted` is true instead
///  - `include`: `pattern` as written, `section` it stands in ("" at the top)
/// (`StrongswanConfRecord`).
public struct StrongswanConfParser: OutputParser {
    public init() {}
    public var source: String { "strongswan-conf" }
    public var summary: String { "strongswan.conf and its strongswan.d includes (charon's settings; secrets are never output)" }

    /// A key whose value is a secret (eap-radius `secret`, `servers.X.secret`, ha `secret`, any
    /// psk/password/passphrase): its value is left out of the records.
    public static func isSecretKey(_ key: String) -> Bool {
        let k = key.lowercased()
        return k.contains("secret") || k.contains("psk") || k.contains("passw") || k.contains("passphrase") || k == "pin"
            || k.hasSuffix("_pin") || k.hasSuffix("pwd")
    }

    public func parse(_ text: String) -> ParseResult {
        let bytes = Array(text.utf8)
        // Not a settings file at all: the grammar takes nearly any bytes for names and values,
        // so random or binary data would read as a config full of syntax errors (a confident
        // "charon refuses to start"). A text file holds no control characters but tab, CR, LF
        // (and form feed, vertical tab); one with NUL or others is nobody's strongswan.conf,
        // and each of its lines is returned unread (the snapshot reader then names the file as
        // not this source's output).
        if bytes.contains(where: { $0 < 0x20 && !(0x09...0x0d).contains($0) || $0 == 0x7f }) {
            var acc = ParseAccumulator()
            for line in text.numberedLines where !line.isBlank { acc.reject(line) }
            return acc.result(source: source, typed: [StrongswanConfRecord]())
        }
        var scan = Scan(bytes)
        scan.run()
        return scan.acc.result(source: source, typed: scan.records)
    }

    /// A character-level scan: the lexer's states (names, values, include patterns, strings)
    /// over the bytes; every delimiter of the syntax is ASCII.
    struct Scan {
        let b: [UInt8]
        var i = 0
        var line = 1
        var acc = ParseAccumulator()
        var records: [StrongswanConfRecord] = []
        var stack: [String] = []
        /// Lines that hold a syntax error (reported once each).
        var bad = Set<Int>()
        let lines: [Substring]

        init(_ bytes: [UInt8]) {
            b = bytes
            lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        }

        static func isNameByte(_ c: UInt8) -> Bool {
            switch c {
            case UInt8(ascii: "#"), UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: ":"), UInt8(ascii: "."),
                 UInt8(ascii: ","), UInt8(ascii: "="), UInt8(ascii: "\""), UInt8(ascii: "\r"), UInt8(ascii: "\n"),
                 UInt8(ascii: "\t"), UInt8(ascii: " "):
                return false
            default: return true
            }
        }

        var path: String { stack.joined(separator: ".") }
        /// Sections nested deeper than this are refused as a syntax error: real files nest a few
        /// levels (charon.plugins.eap-radius.servers.NAME), and each record names its whole path,
        /// so 20,000 nested `a {` would cost time and memory quadratic in the depth (bison's own
        /// stack stops strongSwan at 10,000).
        static let maxDepth = 64

        func joined(_ name: String) -> String { stack.isEmpty ? name : path + "." + name }

        /// Skips blanks, newlines and comments (the lexer's INITIAL state eats them all).
        mutating func skipSpace() {
            while i < b.count {
                switch b[i] {
                case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"): i += 1
                case UInt8(ascii: "\n"): line += 1; i += 1
                case UInt8(ascii: "#"): while i < b.count, b[i] != UInt8(ascii: "\n") { i += 1 }
                default: return
                }
            }
        }

        mutating func skipBlanks() {
            while i < b.count, b[i] == UInt8(ascii: " ") || b[i] == UInt8(ascii: "\t") || b[i] == UInt8(ascii: "\r") { i += 1 }
        }

        mutating func name() -> String {
            let start = i
            while i < b.count, Scan.isNameByte(b[i]) { i += 1 }
            return String(decoding: b[start..<i], as: UTF8.self)
        }

        /// A syntax error on `at`: the line is listed as unparsed, the rest of it skipped.
        mutating func error(at: Int) {
            rejectOnce(at)
            while i < b.count, b[i] != UInt8(ascii: "\n") { i += 1 }
        }

        /// Lists line `at` as unparsed, once however many errors it holds.
        mutating func rejectOnce(_ at: Int) {
            guard at >= 1, at - 1 < lines.count, bad.insert(at).inserted else { return }
            acc.reject(NumberedLine(number: at, text: String(lines[at - 1])))
        }

        /// A `"..."` string from after its opening quote, escapes undone; nil if unterminated.
        mutating func quoted() -> String? {
            var out: [UInt8] = []
            while i < b.count {
                let c = b[i]
                if c == UInt8(ascii: "\"") { i += 1; return String(decoding: out, as: UTF8.self) }
                if c == UInt8(ascii: "\\"), i + 1 < b.count {
                    let n = b[i + 1]
                    i += 2
                    switch n {
                    case UInt8(ascii: "n"): out.append(UInt8(ascii: "\n"))
                    case UInt8(ascii: "t"): out.append(UInt8(ascii: "\t"))
                    case UInt8(ascii: "r"): out.append(UInt8(ascii: "\r"))
                    case UInt8(ascii: "\n"): line += 1  // an escaped end of line joins the lines
                    default: out.append(n)
                    }
                    continue
                }
                if c == UInt8(ascii: "\n") { line += 1 }
                if c != UInt8(ascii: "\r") { out.append(c) }
                i += 1
            }
            return nil
        }

        /// A value after `=`: words up to the end of the line, a `#` or a `}`, joined by one
        /// blank; strings as they are.
        mutating func value() -> String? {
            var parts: [String] = []
            while i < b.count {
                skipBlanks()
                guard i < b.count else { break }
                let c = b[i]
                if c == UInt8(ascii: "\n") || c == UInt8(ascii: "#") || c == UInt8(ascii: "}") { break }
                if c == UInt8(ascii: "\"") {
                    i += 1
                    guard let s = quoted() else { return nil }
                    parts.append(s)
                    continue
                }
                let start = i
                while i < b.count, ![UInt8(ascii: "#"), UInt8(ascii: "}"), UInt8(ascii: "\""), UInt8(ascii: "\r"),
                                      UInt8(ascii: "\n"), UInt8(ascii: "\t"), UInt8(ascii: " ")].contains(b[i]) { i += 1 }
                parts.append(String(decoding: b[start..<i], as: UTF8.self))
            }
            return parts.joined(separator: " ")
        }

        /// An include's pattern: up to a blank, `#`, `}` or the end of the line (`\` escapes
        /// one of them), or a `"..."` string.
        mutating func pattern() -> String? {
            skipBlanks()
            if i < b.count, b[i] == UInt8(ascii: "\"") { i += 1; return quoted() }
            var out: [UInt8] = []
            while i < b.count {
                let c = b[i]
                if [UInt8(ascii: "#"), UInt8(ascii: "}"), UInt8(ascii: "\n"), UInt8(ascii: "\t"), UInt8(ascii: " ")].contains(c) { break }
                if c == UInt8(ascii: "\\"), i + 1 < b.count, [UInt8(ascii: "\""), UInt8(ascii: "#"), UInt8(ascii: "}"), UInt8(ascii: " ")].contains(b[i + 1]) {
                    out.append(b[i + 1]); i += 2; continue
                }
                if c != UInt8(ascii: "\r") { out.append(c) }
                i += 1
            }
            return out.isEmpty ? nil : String(decoding: out, as: UTF8.self)
        }

        mutating func run() {
            while true {
                skipSpace()
                guard i < b.count else { break }
                let at = line
                let c = b[i]
                if c == UInt8(ascii: "}") {
                    i += 1
                    if stack.isEmpty { error(at: at) } else { stack.removeLast(); acc.account(at) }
                    continue
                }
                guard Scan.isNameByte(c) else { error(at: at); continue }
                let n = name()
                // `include` + blanks + anything but `=` (the lexer's `"include"[\t ]+/[^=]`)
                if n == "include", i < b.count, b[i] == UInt8(ascii: " ") || b[i] == UInt8(ascii: "\t") {
                    let save = i
                    skipBlanks()
                    if i < b.count, b[i] != UInt8(ascii: "=") {
                        guard let p = pattern() else { error(at: at); continue }
                        var r = StrongswanConfRecord(line: at)
                        r.set(.kind, "include"); r.set(.pattern, p); r.set(.section, path)
                        records.append(r); acc.account(at)
                        continue
                    }
                    i = save
                }
                skipSpace()
                guard i < b.count else { error(at: at); break }
                switch b[i] {
                case UInt8(ascii: "{"):
                    guard stack.count < Scan.maxDepth else { error(at: at); continue }
                    i += 1
                    var r = StrongswanConfRecord(line: at)
                    r.set(.kind, "section"); r.set(.name, joined(n))
                    records.append(r); acc.account(at)
                    stack.append(n)
                case UInt8(ascii: ":"):
                    // `name : ref, ref {` (section templates: swanctl.conf's use, rare here)
                    i += 1
                    var ok = true
                    var refs: [String] = []
                    while ok {
                        skipSpace()
                        let start = i
                        while i < b.count, Scan.isNameByte(b[i]) || b[i] == UInt8(ascii: ".") { i += 1 }
                        if start == i { ok = false; break }
                        refs.append(String(decoding: b[start..<i], as: UTF8.self))
                        skipSpace()
                        if i < b.count, b[i] == UInt8(ascii: ",") { i += 1; continue }
                        break
                    }
                    guard ok, i < b.count, b[i] == UInt8(ascii: "{"), stack.count < Scan.maxDepth else { error(at: at); continue }
                    i += 1
                    var r = StrongswanConfRecord(line: at)
                    r.set(.kind, "section"); r.set(.name, joined(n)); r.set(.inherits, refs)
                    records.append(r); acc.account(at)
                    stack.append(n)
                case UInt8(ascii: "="):
                    i += 1
                    guard let v = value() else { error(at: at); continue }
                    var r = StrongswanConfRecord(line: at)
                    r.set(.kind, "setting"); r.set(.key, joined(n))
                    if StrongswanConfParser.isSecretKey(n) { r.set(.redacted, true) } else { r.set(.value, v) }
                    var lines = [at]
                    if line > at { lines += Array(at + 1...line) }
                    records.append(r); acc.account(lines)
                default:
                    // `charon.port = 4501` and other dotted or stray names: the daemon's parser
                    // refuses the file (and with it the whole configuration).
                    error(at: at)
                }
            }
            if !stack.isEmpty {
                // unclosed section: the parser fails at the end of the file, listed on its last
                // line that holds anything
                rejectOnce((lines.lastIndex { !$0.allSatisfy { $0 == " " || $0 == "\t" || $0 == "\r" } } ?? 0) + 1)
            }
        }
    }
}

// MARK: - Evidence source: how it is obtained, named in snapshots and redacted

extension StrongswanConfParser: EvidenceSource {
    public var yields: [String] {
        [
            "strongswan.conf_invalid", "strongswan.ike_port", "strongswan.install_routes", "strongswan.install_virtual_ip",
            "strongswan.log_targets", "strongswan.logging_silent", "strongswan.nat_t_port", "strongswan.needed_plugins_disabled", "strongswan.plugins_disabled",
            "strongswan.ports_moved", "strongswan.radius_servers", "strongswan.remote_ts_unrouted",
        ]
    }
    public var kind: ProbeSpec.Kind { .config }
    public var probes: [ProbeSpec] {
        [
            // Read-only file reads, each bounded in size and time (ProbeRunner, FileReader). The
            // includes Debian's strongswan.conf names; the extractor places each file in the
            // section its `include` stands in.
            ProbeSpec("strongswan-conf", source: "strongswan-conf", .file("/etc/strongswan.conf"), timeout: 5, kind: .config),
            ProbeSpec("strongswan.d-conf", source: "strongswan-conf", .file("/etc/strongswan.d/*.conf"), timeout: 5, kind: .config),
            ProbeSpec("strongswan.d-charon-conf", source: "strongswan-conf", .file("/etc/strongswan.d/charon/*.conf"), timeout: 5, kind: .config),
        ]
    }
    public var snapshotNames: [String] { ["strongswan.conf"] }
}
