/// Lines about an IKE daemon's death that the daemon itself does not print, in the forms found in
/// the logs users paste (libreswan/libreswan#50, #99, #108, #169, #786, #1018;
/// xelerance/Openswan#343; hwdsl2/setup-ipsec-vpn#579):
///  - the kernel's report of a fatal fault in pluto (pluto does not catch SIGSEGV):
///    `pluto[29280]: segfault at 28 ip 00007f51026ba57b sp 00007fff602f74d0 error 4 in pluto[...]`
///    (arch/x86/mm/fault.c show_signal_msg), `pluto[23576] general protection ip:... sp:...
///    error:0 in pluto[...]` (arch/x86/kernel/traps.c; newer kernels `traps: pluto[N] general
///    protection fault ip:...`);
///  - Libreswan 3.x / Openswan's `_plutorun` (programs/_plutorun/_plutorun.in, logger tag
///    `ipsec__plutorun`): `!pluto failure!:  exited with error status 139 (signal 11)` when pluto
///    died of a signal, the shell's `Segmentation fault`; its clean cases (`pluto killed by
///    SIGTERM, terminating without restart`, status 0) and `Starting Pluto` (a start);
///  - systemd's line for the daemon's unit (src/core/service.c, service_sigchld_event):
///    `ipsec.service: Main process exited, code=dumped, status=11/SEGV`, before systemd 220
///    `ipsec.service: main process exited, code=killed, status=6/ABRT`; code=exited is no crash,
///    and neither is a signal that dumps no core (TERM, KILL, INT, HUP: a stop or a kill).
enum DaemonExitLines {
    /// What a line says of the daemon: it died of a fault, it started, or neither (a clean stop,
    /// a pause before a restart: the daemon's own lifecycle, read but no event).
    enum Meaning: Equatable { case crashed, started, other }

    struct Line: Equatable {
        let program: String
        let message: String
        let meaning: Meaning
        var event: String? {
            switch meaning {
            case .crashed: return "daemon_crashed"
            case .started: return "daemon_started"
            case .other: return nil
            }
        }
    }

    /// Signals whose default action dumps core (signal(7)): a fault, not a stop.
    static let coreSignalNames: Set<String> = ["QUIT", "ILL", "TRAP", "ABRT", "IOT", "BUS", "FPE", "SEGV", "SYS", "XCPU", "XFSZ"]
    /// Their numbers on Linux x86/ARM (what `_plutorun` prints as `(signal N)`).
    static let coreSignalNumbers: Set<Int> = [3, 4, 5, 6, 7, 8, 11, 24, 25, 31]

    /// Libreswan's and Openswan's unit (`ipsec.service`).
    static let plutoUnits = ["ipsec.service"]
    /// strongSwan's: charon-systemd (`strongswan.service`, Debian's older `strongswan-swanctl.service`)
    /// and the starter (`strongswan-starter.service`; `strongswan.service` on older packages).
    static let charonUnits = ["strongswan.service", "strongswan-starter.service", "strongswan-swanctl.service"]

    /// The pluto-side lines: the kernel's fault report naming pluto, `_plutorun`'s lines, systemd's
    /// line for ipsec.service.
    static func pluto(_ text: String) -> Line? {
        if let l = kernelFault(text, process: "pluto") { return l }
        if let l = auditAbend(text, processes: ["pluto"]) { return l }
        if let l = plutorun(text) { return l }
        return systemd(text, units: plutoUnits)
    }

    /// The charon-side lines: systemd's line for a strongSwan unit (charon catches SIGSEGV itself
    /// and says so in its own log: StrongswanMessages).
    static func charon(_ text: String) -> Line? {
        auditAbend(text, processes: ["charon", "charon-systemd", "charon-nm"]) ?? systemd(text, units: charonUnits)
    }

    /// The kernel audit's record of a process that ended abnormally (ANOM_ABEND, type 1701:
    /// kernel/auditsc.c audit_core_dumps): in the journal `audit[3087]: ANOM_ABEND auid=... pid=3087
    /// comm="pluto" exe="/usr/lib/ipsec/pluto" sig=6 res=1` (libreswan#342), from the kernel
    /// `audit: type=1701 audit(...): ... comm="pluto" ... sig=11 res=1`, in audit.log
    /// `type=ANOM_ABEND msg=audit(...): ...`. A crash when comm is one of `processes` and the
    /// signal dumps core (audit records only those).
    static func auditAbend(_ text: String, processes: [String]) -> Line? {
        guard let a = text.fastRange(of: "ANOM_ABEND ") ?? text.fastRange(of: "type=1701 "),
              let c = text.fastRange(of: " comm=\"", from: a.upperBound) else { return nil }
        let comm = text[c.upperBound...].prefix { $0 != "\"" }
        guard processes.contains(String(comm)), let g = text.fastRange(of: " sig=", from: a.upperBound),
              let sig = Int(text[g.upperBound...].prefix { $0.isASCII && $0.isNumber }) else { return nil }
        let start = text.fastRange(of: "audit")?.lowerBound ?? a.lowerBound
        return Line(program: "audit", message: String(text[start...]).trimmedSpaces, meaning: coreSignalNumbers.contains(sig) ? .crashed : .other)
    }

    /// `PROCESS[PID]: segfault at ...`, `PROCESS[PID] general protection ...` (after any prefix:
    /// syslog's, dmesg's `[4074162.337447] `, `traps: `).
    static func kernelFault(_ text: String, process: String) -> Line? {
        var from = text.startIndex
        while let r = text.fastRange(of: process + "[", from: from) {
            from = r.upperBound
            // the name stands alone: the line's start, or after a blank (not `error 4 in pluto[`,
            // which follows "in " and is caught by the same test, so check what comes after)
            if r.lowerBound != text.startIndex, text[text.index(before: r.lowerBound)] != " " { continue }
            let digits = text[r.upperBound...].prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty, text[digits.endIndex...].hasPrefix("]") else { continue }
            var rest = text[text.index(after: digits.endIndex)...]
            if rest.hasPrefix(":") { rest = rest.dropFirst() }
            rest = rest.drop { $0 == " " }
            if rest.hasPrefix("segfault at ") || rest.hasPrefix("general protection") {
                return Line(program: "kernel", message: String(text[r.lowerBound...]), meaning: .crashed)
            }
        }
        return nil
    }

    /// `ipsec__plutorun: MESSAGE` (syslog's tag, or the line starting with it).
    static func plutorun(_ text: String) -> Line? {
        let tag = "ipsec__plutorun: "
        guard let r = text.hasPrefix(tag) ? text.startIndex..<text.index(text.startIndex, offsetBy: tag.count)
                : text.fastRange(of: " " + tag).map({ text.index(after: $0.lowerBound)..<$0.upperBound })
                    ?? bareFailure(text) else { return nil }
        let m = String(text[r.upperBound...]).trimmedSpaces
        var meaning = Meaning.other
        if m.lowercased().hasPrefix("!pluto failure!:"), let n = signalNumber(m), coreSignalNumbers.contains(n) {
            meaning = .crashed
        } else if m == "Segmentation fault" || m.hasPrefix("Segmentation fault ") {
            meaning = .crashed
        } else if m == "Starting Pluto" || m.hasPrefix("Starting Pluto subsystem") {
            meaning = .started
        }
        return Line(program: "ipsec__plutorun", message: m, meaning: meaning)
    }

    /// `_plutorun`'s failure line pasted without its tag, as the FreeS/WAN FAQ heads it
    /// (`!Pluto failure!: ... exited with ... signal 4`): the empty range at the line's start.
    static func bareFailure(_ text: String) -> Range<String.Index>? {
        text.lowercased().hasPrefix("!pluto failure!:") ? text.startIndex..<text.startIndex : nil
    }

    /// The signal `_plutorun` names: `exited with error status 139 (signal 11)`, or in the FAQ's
    /// shorthand `exited with ... signal 4`.
    static func signalNumber(_ m: String) -> Int? {
        guard let s = m.fastRange(of: "(signal ") ?? m.fastRange(of: " signal ") else { return nil }
        return Int(m[s.upperBound...].prefix { $0.isASCII && $0.isNumber })
    }

    /// `UNIT: Main process exited, code=CODE, status=N/NAME` for one of `units`.
    static func systemd(_ text: String, units: [String]) -> Line? {
        guard let p = text.fastRange(of: "ain process exited, code=") else { return nil }
        let before = text[..<p.lowerBound]
        guard before.hasSuffix("M") || before.hasSuffix("m") else { return nil }
        let head = before.dropLast()
        guard let unit = units.first(where: { head.hasSuffix($0 + ": ") }) else { return nil }
        let start = text.index(head.endIndex, offsetBy: -(unit.count + 2))
        let m = String(text[start...]).trimmedSpaces
        let rest = String(text[p.upperBound...])
        let code = rest.prefix { $0 != "," }
        var meaning = Meaning.other
        if let s = rest.fastRange(of: "status="), let slash = rest[s.upperBound...].firstIndex(of: "/") {
            let name = rest[rest.index(after: slash)...].prefix { $0.isASCII && ($0.isLetter || $0.isNumber) }
            if code == "dumped" || (code == "killed" && coreSignalNames.contains(String(name))) { meaning = .crashed }
        }
        return Line(program: "systemd", message: m, meaning: meaning)
    }

    /// The log record of such a line: program, message, the event (`daemon_crashed`,
    /// `daemon_started`) in phase ike, the line's text.
    static func record(_ l: Line, _ line: NumberedLine) -> LogEventRecord {
        var r = LogEventRecord(line: line.number)
        r.set(.program, l.program)
        r.set(.message, l.message)
        if let e = l.event { r.set(.event, e); r.set(.phase, "ike") }
        r.set(.text, line.text)
        return r
    }
}
