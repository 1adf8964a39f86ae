/// Substring search on a string's UTF-8 bytes. Foundation's `range(of:)`/`contains` bridge each
/// call through NSString on Linux (microseconds per call); a log parser makes several per line,
/// so the hot paths of the log parsers search bytes instead.
extension String {
    /// The byte offset of the first occurrence of `needle`, or nil.
    func utf8Offset(of needle: String, from start: Int = 0) -> Int? {
        var hay = self, pin = needle
        return hay.withUTF8 { h in
            pin.withUTF8 { n -> Int? in
                guard let c0 = n.first, n.count <= h.count else { return n.isEmpty ? start : nil }
                var i = start
                let last = h.count - n.count
                while i <= last {
                    if h[i] == c0 {
                        var k = 1
                        while k < n.count, h[i + k] == n[k] { k += 1 }
                        if k == n.count { return i }
                    }
                    i += 1
                }
                return nil
            }
        }
    }

    /// `range(of:)` without Foundation: the range of the first occurrence of `needle`.
    func fastRange(of needle: String) -> Range<String.Index>? {
        guard let k = utf8Offset(of: needle) else { return nil }
        let lo = utf8.index(utf8.startIndex, offsetBy: k)
        return lo..<utf8.index(lo, offsetBy: needle.utf8.count)
    }

    /// `contains` without Foundation (used by the redactors too: their guards scan whole outputs).
    public func fastContains(_ needle: String) -> Bool { utf8Offset(of: needle) != nil }
}

extension String {
    /// `range(of:)` from an index on.
    func fastRange(of needle: String, from start: String.Index) -> Range<String.Index>? {
        let offset = utf8.distance(from: utf8.startIndex, to: start)
        guard let k = utf8Offset(of: needle, from: offset) else { return nil }
        let lo = utf8.index(utf8.startIndex, offsetBy: k)
        return lo..<utf8.index(lo, offsetBy: needle.utf8.count)
    }
}
