import Facts

/// Pieces shared by the Libreswan/Openswan parsers (status, showstates, pluto log): the whack
/// reply-code prefix (`000 `, `002 `, `133 `, `1v2 `) and the state lines
/// `#N: "conn"[inst] ...peer:500 STATE_X (text); EVENT in Ns; ...` and
/// `#N: "conn" esp.SPI@IP ... Traffic: ESPin=84B ESPout=84B! ESPmax=...`.
enum Libreswan {
    /// Splits off a whack reply code (`000`, `002`, `1v2`): three characters of digits or `v`
    /// with at least one digit, followed by a space or the end of the line. Whack writes a space
    /// (`%03d `); a tab after three digits is `cat -n`'s line number (`   123<TAB>`), which
    /// ToolColumn takes off, not a reply code.
    static func stripCode(_ s: String) -> (code: String?, body: String) {
        let chars = Array(s.prefix(4))
        guard chars.count >= 3, chars[0].isASCII, chars[0].isNumber,
              chars[1].isASCII, chars[1].isNumber || chars[1] == "v",
              chars[2].isASCII, chars[2].isNumber else { return (nil, s) }
        if chars.count == 3 { return (String(chars), "") }
        guard chars[3] == " " else { return (nil, s) }
        return (String(chars[0..<3]), String(s.dropFirst(4)))
    }

    /// Seed 004 shows several `000 #N: ...` lines joined on one line; split them again.
    static func segments(_ body: String) -> [String] {
        guard body.contains(" 000 #") else { return [body] }
        return body.components(separatedBy: " 000 #").enumerated().map { $0.offset == 0 ? $0.element : "#" + $0.element }
    }

    /// `"name"[1][2]` at the start of `s`: the name, instances, and what follows.
    static func quotedName(_ s: Substring) -> (name: String, instance: String?, rest: Substring)? {
        guard s.first == "\"" else { return nil }
        let after = s.dropFirst()
        guard let end = after.firstIndex(of: "\"") else { return nil }
        let name = String(after[..<end])
        var rest = after[after.index(after: end)...]
        var instance = ""
        while rest.first == "[", let close = rest.firstIndex(of: "]") {
            instance += rest[...close]
            rest = rest[rest.index(after: close)...]
        }
        return (name, instance.isEmpty ? nil : instance, rest)
    }

    enum Phase: String { case ike, child }
    enum Status: String { case established, connecting, other }

    static let establishedIKE: Set<String> = ["STATE_MAIN_I4", "STATE_MAIN_R3", "STATE_AGGR_I2", "STATE_AGGR_R2",
                                              "STATE_PARENT_I3", "STATE_PARENT_R2", "STATE_V2_ESTABLISHED_IKE_SA",
                                              "STATE_XAUTH_I1", "STATE_XAUTH_R1", "STATE_MODE_CFG_R1", "STATE_MODE_CFG_I1"]
    static let establishedChild: Set<String> = ["STATE_QUICK_I2", "STATE_QUICK_R2", "STATE_V2_ESTABLISHED_CHILD_SA",
                                                "STATE_V2_IPSEC_I", "STATE_V2_IPSEC_R"]

    /// Phase and status of a state, from its STATE_ name or (Libreswan ≥ 5, which prints no
    /// names) its text. `childHint` is true when the line shows it is an IPsec SA (old IKEv2
    /// printed STATE_PARENT_I3/R2 for both: the child carries `newest IPSEC`, `isakmp#N>0`).
    static func classify(state: String?, text: String, childHint: Bool) -> (Phase, Status) {
        let t = text.lowercased()
        if let s = state {
            if establishedChild.contains(s) { return (.child, .established) }
            if s == "STATE_PARENT_I3" || s == "STATE_PARENT_R2" { return (childHint ? .child : .ike, .established) }
            if establishedIKE.contains(s) || s.contains("ESTABLISHED_IKE") { return (.ike, .established) }
            if s.hasPrefix("STATE_QUICK_") || s.hasPrefix("STATE_V2_CREATE") || s.hasPrefix("STATE_V2_NEW_CHILD")
                || s.hasPrefix("STATE_V2_REKEY_CHILD") { return (.child, .connecting) }
            if s.hasPrefix("STATE_MAIN_") || s.hasPrefix("STATE_AGGR_") || s.hasPrefix("STATE_PARENT_")
                || s.hasPrefix("STATE_V2_PARENT_") || s.hasPrefix("STATE_V2_IKE_SA_INIT") || s.hasPrefix("STATE_V2_IKE_AUTH")
                || s.hasPrefix("STATE_V2_IKE_INTERMEDIATE") { return (.ike, .connecting) }
            if s.hasPrefix("STATE_V2_REKEY_IKE") { return (.ike, .other) }
            return (childHint ? .child : .ike, .other)
        }
        if t.hasPrefix("established child sa") || t.hasPrefix("ipsec sa established") { return (.child, .established) }
        if t.hasPrefix("established ike sa") || t.hasPrefix("isakmp sa established") || t.hasPrefix("ike sa established") {
            return (.ike, .established)
        }
        if t.contains("create_child_sa request for new ipsec sa") || t.contains("quick mode") || t.hasPrefix("sent create_child_sa request to rekey ipsec")
            || t.hasPrefix("pending child sa") { return (.child, .connecting) }
        if t.contains("ike_sa_init") || t.contains("ike_auth") || t.contains("main mode") || t.contains("aggressive mode") || t.contains("ike_intermediate") {
            return (.ike, .connecting)
        }
        return (childHint ? .child : .ike, .other)
    }

    /// An SA line's counters: the word's prefix, the field of its number, the field of a value
    /// that is none (`2^63B`).
    static let counters: [(String, LibreswanStatusRecord.Field, LibreswanStatusRecord.Field)] = [
        ("ESPin=", .bytesIn, .bytesInText), ("ESPout=", .bytesOut, .bytesOutText), ("AHin=", .bytesIn, .bytesInText),
        ("AHout=", .bytesOut, .bytesOutText), ("IPCOMPin=", .ipcompBytesIn, .ipcompBytesInText),
        ("IPCOMPout=", .ipcompBytesOut, .ipcompBytesOutText), ("ESPmax=", .maxBytes, .maxBytesText),
    ]

    /// Parses a state or SA line (`#N: ...`, code already stripped); nil when it is not one.
    static func stateRecord(_ body: String, line: Int) -> LibreswanStatusRecord? {
        let s = Substring(body.trimmedSpaces)
        guard s.first == "#", let colon = s.firstIndex(of: ":") else { return nil }
        guard let serial = Int(s[s.index(after: s.startIndex)..<colon]) else { return nil }
        var rest = s[s.index(after: colon)...].drop { $0 == " " }
        var r = LibreswanStatusRecord(line: line)
        r.fields.set(.serial, serial)
        // `#1: pending Child SA for "conn"[1] ...peer`
        if rest.hasPrefix("pending ") {
            r.fields.set(.kind, "pending")
            if let q = rest.firstIndex(of: "\""), let n = quotedName(rest[q...]) {
                r.fields.set(.connection, n.name); r.fields.set(.instance, n.instance)
            }
            r.fields.set(.stateText, String(rest))
            r.fields.set(.phase, "child"); r.fields.set(.status, "connecting")
            return r
        }
        guard let n = quotedName(rest) else { return nil }
        r.fields.set(.connection, n.name)
        r.fields.set(.instance, n.instance)
        rest = n.rest
        let isSA = rest.contains("Traffic:") || rest.contains(" esp.") || rest.contains(" ah.") || rest.contains(" tun.")
            || rest.contains(" comp.") || rest.contains("ref=")
        if isSA {
            r.fields.set(.kind, "sa")
            let words = rest.words
            var spis: [String] = []
            for w in words {
                for proto in ["esp.", "ah.", "comp."] where w.hasPrefix(proto) {
                    if let at = w.firstIndex(of: "@") {
                        let spi = String(w[w.index(w.startIndex, offsetBy: proto.count)..<at])
                        spis.append(spi)
                        r.fields.set(.proto, String(proto.dropLast()))
                        r.fields.set(spis.count == 1 ? .spiA : .spiB, spi)
                        r.fields.set(spis.count == 1 ? .dstA : .dstB, String(w[w.index(after: at)...]))
                    }
                }
                if let t = w.split(separator: "@").first, t.hasPrefix("tun.") { r.fields.set(.tunnel, true) }
                for (key, field, text) in Libreswan.counters {
                    if let v = w.after(key) { if let b = bytes(v) { r.fields.set(field, b) } else { r.fields.set(text, v) } }
                }
                if let u = w.after("username=") { r.fields.set(.username, u) }
            }
            r.fields.set(.spis, spis)
            r.fields.set(.phase, "child")
            return r
        }
        // endpoint: ` ...192.1.3.209:500` or ` 192.1.2.23:500` or `:500`
        var t = rest
        if t.hasPrefix(":") {
            r.fields.set(.port, Int(t.dropFirst().prefix { $0.isNumber }))
            t = t.dropFirst().drop { $0.isNumber }
        } else if t.first == " " {
            let w = t.drop { $0 == " " }
            let word = w.prefix { $0 != " " }
            if let lastColon = word.lastIndex(of: ":"), word[word.index(after: lastColon)...].allSatisfy({ $0.isNumber }),
               !word[word.index(after: lastColon)...].isEmpty {
                var peer = word[..<lastColon]
                if peer.hasPrefix("...") { peer = peer.dropFirst(3) }
                r.fields.set(.peer, String(peer))
                r.fields.set(.port, Int(word[word.index(after: lastColon)...]))
                t = w.dropFirst(word.count)
            } else { return nil }
        } else { return nil }
        t = t.drop { $0 == " " }
        let semis = t.components(separatedBy: "; ")
        let head = semis.first ?? ""
        var state: String?
        var description = head
        if head.hasPrefix("STATE_") {
            let name = head.prefix { $0 != " " && $0 != ";" }
            state = String(name)
            description = String(head.dropFirst(name.count)).trimmedSpaces
            if description.hasPrefix("("), description.hasSuffix(")") { description = String(description.dropFirst().dropLast()) }
        }
        if description.hasSuffix(";") { description.removeLast() }
        r.fields.set(.kind, "state")
        r.fields.set(.state, state)
        r.fields.set(.stateText, description)
        var childHint = false
        for part in semis.dropFirst() {
            let p = part.trimmedSpaces.trimmingCharacters(in: .init(charactersIn: ";"))
            let pw = p.words
            if p.hasPrefix("EVENT_") || (pw.count >= 3 && pw[1] == "in" && pw[0] == pw[0].uppercased()) {
                r.fields.set(.event, pw.first)
                if let v = pw.last { r.fields.set(.eventIn, v) }
            } else if p == "newest IPSEC" || p == "newest IPsec" { r.fields.set(.newest, "ipsec"); childHint = true }
            else if p == "newest ISAKMP" || p == "newest IKE" { r.fields.set(.newest, "ike") }
            else if p == "newest" { r.fields.set(.newest, "yes") }
            else if p == "eroute owner" { r.fields.set(.erouteOwner, true); childHint = true }
            else if let v = p.after("isakmp#"), let n = Int(v) { r.fields.set(.ikeSerial, n); if n > 0 { childHint = true } }
            else if let v = p.after("IKE SA #"), let n = Int(v) { r.fields.set(.ikeSerial, n); childHint = true }
            else if p.hasPrefix("lastdpd=") { r.fields.set(.lastdpd, String(p.dropFirst(8).prefix { $0 != "(" })) }
        }
        let (phase, status) = classify(state: state, text: description, childHint: childHint)
        r.fields.set(.phase, phase.rawValue)
        r.fields.set(.status, status.rawValue)
        return r
    }

    /// `84B`, `0B!`, `2^63B`, `1234` → bytes (nil for 2^63 and other non-numbers).
    static func bytes(_ v: String) -> Int? {
        var t = v
        while t.hasSuffix("!") || t.hasSuffix(",") { t.removeLast() }
        if t.hasSuffix("B") { t.removeLast() }
        return Int(t)
    }
}
