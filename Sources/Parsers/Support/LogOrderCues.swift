/// When a log's time stamps tell nothing of its order (every line in one second: a whole failed
/// exchange often is), what the daemons print always in one order still does. LogOrder asks
/// these cues only then; each pair of lines that shows the order is a vote forward (as written)
/// or back (newest first):
///
/// - charon, one thread and one IKE SA (`09[NET] <lab|1> `): `received packet` is followed by
///   `parsed ...`, `generating ... request|response N [` by `sending packet`, and `initiating`
///   by `generating ... request 0` (libcharon's network/receiver, sa/ike_sa and encoding code
///   log them in that order on the thread that handles the message);
/// - charon's `retransmit N of request with message ID M`: N counts up for one message;
/// - the numbers charon gives its IKE SAs (`<lab|7>`) and pluto its states (`"lab" #7:`) only
///   grow: a number first seen that is greater than every one before is a vote forward, smaller
///   than every one before a vote back;
/// - pluto, one state: `initiating IKEv2 connection` before `sent IKE_SA_INIT request`,
///   `initiating ... Main|Aggressive Mode` before `sent Main|Aggressive Mode request`, `sent
///   IKE_AUTH request` before `initiator established IKE SA` or `IKE_AUTH response ...`.
///
/// Measured on the fixtures and the shared corpus (567 logs with a cue): written order, only the
/// two OPNsense pages that are newest first have back votes ≥ 2 and ten times the forward ones;
/// every other log as written has at most one back vote; reversed, 455 of them are told.
enum LogOrderCues {
    struct Votes { var forward = 0, back = 0 }

    /// The votes of the first `maxLines` lines.
    static func votes(_ text: Substring, maxLines: Int = 5_000) -> Votes {
        var v = Votes()
        var lastCharon: [String: Substring] = [:]   // thread + IKE SA -> its last message
        var lastPluto: [Int: Substring] = [:]       // state -> its last message
        var retransmits: [String: Int] = [:]        // IKE SA + message ID -> last count
        var serials = SerialOrder(), states = SerialOrder()
        var seen = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            seen += 1
            if seen > maxLines { break }
            if let c = CharonLine(line) {
                if let n = c.ikeSA { serials.see(n, &v) }
                let key = c.thread + "|" + (c.tag ?? "")
                if let previous = lastCharon[key] { vote(previous, c.message, charonPairs, &v) }
                lastCharon[key] = c.message
                if let (count, id) = retransmit(c.message) {
                    let k = String(c.tag ?? "") + "#" + String(id)
                    if let last = retransmits[k] {
                        if count > last { v.forward += 1 } else if count < last { v.back += 1 }
                    }
                    retransmits[k] = count
                }
            } else if let (state, message) = plutoState(line) {
                states.see(state, &v)
                if let previous = lastPluto[state] { vote(previous, message, plutoPairs, &v) }
                lastPluto[state] = message
            }
        }
        return v
    }

    /// (earlier, later): the line that comes first starts with / holds the first text.
    typealias Pair = (earlier: @Sendable (Substring) -> Bool, later: @Sendable (Substring) -> Bool)

    static let charonPairs: [Pair] = [
        ({ $0.hasPrefix("received packet: ") }, { $0.hasPrefix("parsed ") && ($0.contains(" request ") || $0.contains(" response ")) }),
        ({ $0.hasPrefix("generating ") && ($0.contains(" request ") || $0.contains(" response ")) }, { $0.hasPrefix("sending packet: ") }),
        ({ $0.hasPrefix("initiating ") }, { $0.hasPrefix("generating ") && $0.contains(" request 0 [") }),
    ]

    static let plutoPairs: [Pair] = [
        ({ $0.hasPrefix("initiating IKEv2 connection") }, { $0.hasPrefix("sent IKE_SA_INIT request") }),
        ({ $0.hasPrefix("initiating ") && ($0.contains("Main Mode") || $0.contains("Aggressive Mode")) },
         { $0.hasPrefix("sent Main Mode request") || $0.hasPrefix("sent Aggressive Mode request") }),
        ({ $0.hasPrefix("sent IKE_AUTH request") }, { $0.hasPrefix("initiator established IKE SA") || $0.hasPrefix("IKE_AUTH response") }),
    ]

    static func vote(_ previous: Substring, _ next: Substring, _ pairs: [Pair], _ v: inout Votes) {
        for p in pairs {
            if p.earlier(previous), p.later(next) { v.forward += 1; return }
            if p.later(previous), p.earlier(next) { v.back += 1; return }
        }
    }

    /// Numbers that only grow as the daemon runs: a new one above all before, or below all before.
    struct SerialOrder {
        var seen = Set<Int>(), low = Int.max, high = Int.min
        mutating func see(_ n: Int, _ v: inout Votes) {
            guard seen.insert(n).inserted else { return }
            if high != Int.min { if n > high { v.forward += 1 } else if n < low { v.back += 1 } }
            low = min(low, n); high = max(high, n)
        }
    }

    /// A charon line: `... 09[NET] <lab|1> message` (the IKE SA's tag optional).
    struct CharonLine {
        let thread: String
        let tag: Substring?
        let ikeSA: Int?
        let message: Substring

        init?(_ line: Substring) {
            // the first `NN[ABC] ` whose digits start a word
            var search = line.startIndex
            while let open = line[search...].firstIndex(of: "[") {
                search = line.index(after: open)
                var d = open
                var digits = 0
                while d > line.startIndex, line[line.index(before: d)].isASCII, line[line.index(before: d)].isNumber, digits < 3 {
                    d = line.index(before: d); digits += 1
                }
                guard digits > 0, d == line.startIndex || line[line.index(before: d)] == " " else { continue }
                guard let close = line[search...].prefix(5).firstIndex(of: "]") else { continue }
                let group = line[search..<close]
                guard group.count >= 2, group.allSatisfy({ $0.isASCII && $0.isUppercase }) else { continue }
                var rest = line[line.index(after: close)...].drop { $0 == " " }
                var tag: Substring?, ikeSA: Int?
                if rest.first == "<", let end = rest.firstIndex(of: ">") {
                    let t = rest[rest.index(after: rest.startIndex)..<end]
                    tag = t
                    if let bar = t.lastIndex(of: "|") { ikeSA = Int(t[t.index(after: bar)...]) }
                    rest = rest[rest.index(after: end)...].drop { $0 == " " }
                }
                thread = String(line[d..<open]); self.tag = tag; self.ikeSA = ikeSA; message = rest
                return
            }
            return nil
        }
    }

    /// `retransmit 2 of request with message ID 0` -> (2, "0").
    static func retransmit(_ message: Substring) -> (Int, Substring)? {
        guard message.hasPrefix("retransmit ") else { return nil }
        let words = message.split(separator: " ")
        guard words.count >= 7, let n = Int(words[1]), words[2] == "of", words[5] == "ID" else { return nil }
        return (n, words[6])
    }

    /// pluto's `"conn"[1] 192.0.2.2 #7: message` -> (7, message).
    static func plutoState(_ line: Substring) -> (Int, Substring)? {
        guard line.contains("\""), let hash = line.range(of: " #") else { return nil }
        var i = hash.upperBound
        var n = 0, digits = 0
        while i < line.endIndex, let d = line[i].wholeNumberValue, line[i].isASCII, digits < 9 {
            n = n * 10 + d; digits += 1; i = line.index(after: i)
        }
        guard digits > 0, line[i...].hasPrefix(": ") else { return nil }
        return (n, line[line.index(i, offsetBy: 2)...])
    }
}
