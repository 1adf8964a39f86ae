import Foundation

/// Whether a daemon's death (or absence) was followed by a start of another process, so that
/// it is history. A start line of the SAME process id is no restart: it is the same run's start,
/// pasted after the end (libreswan#2188 lists pluto's FATAL ERROR above its own "Starting Pluto",
/// both `pluto[3271475]`). Process ids are read from the syslog tag (`pluto[1234]:`,
/// `charon-systemd[44786]:`); a line without one counts as another process, as before.
struct DaemonRestarts {
    private var starts: [(line: Int, pid: String?)] = []

    mutating func noteStart(line: Int, text: String?) { starts.append((line, DaemonRestarts.pid(text))) }

    /// A start after `line` by a process other than the one that wrote `text`.
    func restarted(after line: Int, text: String?) -> Bool {
        let pid = DaemonRestarts.pid(text)
        return starts.contains { $0.line > line && (pid == nil || $0.pid == nil || $0.pid != pid) }
    }

    /// The process id of the first `name[digits]:` tag in the line.
    static func pid(_ text: String?) -> String? {
        guard let text, let close = text.range(of: "]: ") else { return nil }
        let head = text[..<close.lowerBound]
        guard let open = head.lastIndex(of: "[") else { return nil }
        let digits = head[head.index(after: open)...]
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), open > head.startIndex else { return nil }
        return String(digits)
    }
}
