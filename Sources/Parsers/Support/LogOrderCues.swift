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

    /// The votes of the first `maxLines` lines. Each line is split by its daemon's own parser:
    /// charon's prefix splitter (CharonLogParser.split: thread, IKE SA, message) and pluto's
    /// record (its state serial and message), so every log form they read is read here alike.
    static func votes(_ text: Substring, maxLines: Int = 5_000) -> Votes {
        var v = Votes()
        var lastCharon: [String: String] = [:]      // thread + IKE SA -> its last message
        var lastPluto: [Int: String] = [:]          // state -> its last message
        var retransmits: [String: Int] = [:]        // IKE SA + message ID -> last count
        var serials = SerialOrder(), states = SerialOrder()
        var childSerials = Set<Int>()
        for (i, line) in text.split(separator: "\n", maxSplits: maxLines, omittingEmptySubsequences: false).prefix(maxLines).enumerated() {
            if let c = CharonLogParser.split(String(line)), let thread = c.thread {
                if let sa = c.ikeSA, let bar = sa.lastIndex(of: "|"), let n = Int(sa[sa.index(after: bar)...]) { serials.see(n, &v) }
                let key = "\(thread)|" + (c.ikeSA ?? "")
                if let previous = lastCharon[key] { vote(Substring(previous), Substring(c.message), charonPairs, &v) }
                lastCharon[key] = c.message
                if let (count, id) = retransmit(Substring(c.message)) {
                    let k = (c.ikeSA ?? "") + "#" + id
                    if let last = retransmits[k] {
                        if count > last { v.forward += 1 } else if count < last { v.back += 1 }
                    }
                    retransmits[k] = count
                }
            } else if let r = PlutoLogParser.record(NumberedLine(number: i + 1, text: String(line)), childSerials: &childSerials),
                      let state = r.serial, let message = r.message {
                states.see(state, &v)
                if let previous = lastPluto[state] { vote(Substring(previous), Substring(message), plutoPairs, &v) }
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

    /// `retransmit 2 of request with message ID 0` -> (2, "0").
    static func retransmit(_ message: Substring) -> (Int, String)? {
        guard message.hasPrefix("retransmit ") else { return nil }
        let words = message.split(separator: " ")
        guard words.count >= 7, let n = Int(words[1]), words[2] == "of", words[5] == "ID" else { return nil }
        return (n, String(words[6]))
    }
}
