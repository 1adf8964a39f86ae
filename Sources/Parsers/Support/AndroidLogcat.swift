/// Android logcat lines, as users paste them from `adb logcat` or a log-sharing app (strongSwan's
/// Android app logs with the tag `charon`, the platform VPN with `racoon`):
///   brief       `I/charon  ( 1234): 10[IKE] message`, `E/racoon: message`
///   time        `05-06 10:01:53.123 I/charon( 1234): message`
///   threadtime  `05-06 10:01:53.123  1234  1234 I charon  : message`
/// The daemon parsers strip this wrapper and read the message as their own.
enum AndroidLogcat {
    struct Line: Equatable {
        var time: String?
        var level: Character
        var tag: String
        var message: String
    }

    static let levels: Set<Character> = ["V", "D", "I", "W", "E", "F", "A"]

    static func split(_ text: String) -> Line? {
        let t = Substring(text.trimmedSpaces)
        let w = t.words
        // `MM-DD hh:mm:ss.mmm` in front: the time and threadtime formats
        if w.count >= 3, isMonthDay(w[0]), w[1].contains(":"), w[1].first?.isNumber == true {
            let time = w[0] + " " + w[1]
            // threadtime: pid, tid, level letter, then `tag : message`
            if w.count >= 6, w[2].allSatisfy(\.isNumber), w[3].allSatisfy(\.isNumber), w[4].count == 1,
               let level = w[4].first, levels.contains(level) {
                let rest = after(words: 5, in: t)
                guard let colon = rest.firstIndex(of: ":") else { return nil }
                let tag = rest[..<colon].trimmedSpaces
                guard !tag.isEmpty, !tag.contains(" ") else { return nil }
                return Line(time: time, level: level, tag: tag, message: rest[rest.index(after: colon)...].trimmedSpaces)
            }
            guard var line = brief(after(words: 2, in: t)) else { return nil }
            line.time = time
            return line
        }
        return brief(t)
    }

    /// The text after the first `n` blank-separated words of `t` (leading blanks dropped).
    static func after(words n: Int, in t: Substring) -> Substring {
        var rest = t
        for _ in 0..<n {
            rest = rest.drop { $0 == " " || $0 == "\t" }
            rest = rest.drop { $0 != " " && $0 != "\t" }
        }
        return rest.drop { $0 == " " || $0 == "\t" }
    }

    /// `I/tag( pid): message` or `I/tag: message`
    static func brief(_ t: Substring) -> Line? {
        guard let level = t.first, levels.contains(level), t.dropFirst().first == "/" else { return nil }
        let afterSlash = t.dropFirst(2)
        guard let end = afterSlash.firstIndex(where: { $0 == "(" || $0 == ":" }) else { return nil }
        let tag = afterSlash[..<end].trimmedSpaces
        guard !tag.isEmpty, !tag.contains(" ") else { return nil }
        var rest = afterSlash[end...]
        if rest.first == "(" {
            guard let close = rest.firstIndex(of: ")") else { return nil }
            rest = rest[rest.index(after: close)...]
        }
        guard rest.first == ":" else { return nil }
        return Line(time: nil, level: level, tag: tag, message: String(rest.dropFirst()).trimmedSpaces)
    }

    static func isMonthDay(_ s: String) -> Bool {
        let c = Array(s)
        return c.count == 5 && c[2] == "-" && c[0].isNumber && c[1].isNumber && c[3].isNumber && c[4].isNumber
    }
}
