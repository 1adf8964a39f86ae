/// A column the tool that showed a log put in front of every line, before the daemon's own
/// line: `docker logs -t` and `kubectl logs --timestamps` (`2023-07-23T12:33:47.123456789Z `),
/// `docker compose logs` (`vpn-1  | `), `grep` over several files (`/var/log/syslog:`, with
/// `-n` also `123:`), `cat -n` and `nl` (`     1<TAB>`). PastedLog reads a log both with and
/// without the column and keeps the reading without it only when that names more failures or
/// reads more lines: rsyslog's own RFC 3339 time looks like docker's and reads the same either
/// way, and then the line keeps its time.
enum ToolColumn: CaseIterable {
    case isoTime, composeService, grepFile, lineNumber

    /// The text with the column taken off every line that has it, when at least 90 % of the
    /// first 500 non-blank lines have the same kind of column; nil otherwise.
    static func stripped(_ text: String) -> String? { column(text)?.text }

    /// The column's kind and the text without it (see `stripped`).
    static func column(_ text: String) -> (kind: ToolColumn, text: String)? {
        let lines = text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false)
        var counts = [ToolColumn: Int](), seen = 0
        for line in lines.prefix(2000) where !isBlank(line) {
            seen += 1
            for kind in allCases where kind.width(of: line) != nil { counts[kind, default: 0] += 1 }
            if seen == 500 { break }
        }
        guard seen > 0, let (kind, n) = counts.max(by: { $0.value < $1.value }), n * 10 >= seen * 9 else { return nil }
        var out = [UInt8]()
        out.reserveCapacity(text.utf8.count)
        for (i, line) in lines.enumerated() {
            if i > 0 { out.append(0x0A) }
            let w = kind.width(of: line) ?? 0
            out.append(contentsOf: line.dropFirst(w))
        }
        return (kind, String(decoding: out, as: UTF8.self))
    }

    /// A column no daemon writes itself: a line number (`cat -n`, `nl`, `grep -n`) or compose's
    /// `service | `. Taken off even when both readings name as many failures, since a message
    /// read behind it may match only a looser pattern (a one-line paste under `cat -n` read as
    /// the generic failure instead of the specific one). The others can be the daemon's own:
    /// rsyslog's RFC 3339 time, a systemd unit's `name.service:`.
    var isNeverTheDaemons: Bool { self == .lineNumber || self == .composeService }

    static func isBlank(_ line: Substring.UTF8View.SubSequence) -> Bool {
        line.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
    }

    /// How many bytes of the line the column takes (its separator included), or nil.
    func width(of line: Substring.UTF8View.SubSequence) -> Int? {
        let b = Array(line.prefix(120))
        func digits(from i: Int) -> Int { var j = i; while j < b.count, b[j] >= 0x30, b[j] <= 0x39 { j += 1 }; return j - i }
        switch self {
        case .isoTime:
            // YYYY-MM-DDTHH:MM:SS[.frac][Z|±HH[:]MM] then one space
            guard b.count > 20, digits(from: 0) == 4, b[4] == 0x2D, digits(from: 5) == 2, b[7] == 0x2D, digits(from: 8) == 2,
                  b[10] == 0x54, digits(from: 11) == 2, b[13] == 0x3A, digits(from: 14) == 2, b[16] == 0x3A, digits(from: 17) == 2
            else { return nil }
            var i = 19
            if i < b.count, b[i] == 0x2E { i += 1 + digits(from: i + 1) }
            if i < b.count, b[i] == 0x5A { i += 1 } else if i < b.count, b[i] == 0x2B || b[i] == 0x2D {
                i += 1 + digits(from: i + 1)
                if i < b.count, b[i] == 0x3A { i += 1 + digits(from: i + 1) }
            }
            guard i < b.count, b[i] == 0x20 else { return nil }
            return i + 1
        case .composeService:
            // a service name, blanks, `| ` (docker compose pads the names to one width)
            var i = 0
            while i < b.count, isNameByte(b[i]) { i += 1 }
            guard i > 0, i < b.count, b[i] == 0x20 else { return nil }
            while i < b.count, b[i] == 0x20 { i += 1 }
            guard i < b.count, b[i] == 0x7C else { return nil }
            i += 1
            if i < b.count, b[i] == 0x20 { i += 1 }
            return i
        case .grepFile:
            // a path (with a `/` or a `.`), `:`, and with grep -n a line number and `:`
            var i = 0
            var pathLike = false
            while i < b.count, b[i] != 0x3A, b[i] != 0x20, b[i] != 0x09 { if b[i] == 0x2F || b[i] == 0x2E { pathLike = true }; i += 1 }
            guard pathLike, i > 1, i < b.count, b[i] == 0x3A else { return nil }
            i += 1
            let n = digits(from: i)
            if n > 0, i + n < b.count, b[i + n] == 0x3A || b[i + n] == 0x2D { i += n + 1 }
            return i
        case .lineNumber:
            // blanks, digits, a tab (cat -n, nl) or `:` / `-` (grep -n, its context lines)
            var i = 0
            while i < b.count, b[i] == 0x20 { i += 1 }
            let n = digits(from: i)
            guard n > 0, n <= 7, i + n < b.count else { return nil }
            i += n
            if b[i] == 0x09 { return i + 1 }
            // `12:33:47` is a clock, not a line number
            guard b[i] == 0x3A || b[i] == 0x2D, i + 1 < b.count, !(b[i + 1] >= 0x30 && b[i + 1] <= 0x39) else { return nil }
            return i + 1
        }
    }

    func isNameByte(_ c: UInt8) -> Bool {
        (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x2D || c == 0x5F || c == 0x2E
    }
}
