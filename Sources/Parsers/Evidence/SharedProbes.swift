/// Probes that belong to no single source: shared system logs (syslog, messages, the journal),
/// where content detection (LogSniffer) decides which daemon's parser reads them, and files that
/// `collect` saves for people but no parser reads (strongswan.conf is its own source now:
/// StrongswanConfParser).
public enum SharedProbes {
    static let logTail = ProbeSpec.logTail

    public static let all: [ProbeSpec] = [
        ProbeSpec("log:/var/log/syslog", source: nil, .file("/var/log/syslog"), kind: .log, tailLines: logTail, daemonLinesOnly: true),
        ProbeSpec("log:/var/log/daemon.log", source: nil, .file("/var/log/daemon.log"), kind: .log, tailLines: logTail, daemonLinesOnly: true),
        ProbeSpec("log:/var/log/auth.log", source: nil, .file("/var/log/auth.log"), kind: .log, tailLines: logTail, daemonLinesOnly: true),
        ProbeSpec("log:/var/log/messages", source: nil, .file("/var/log/messages"), kind: .log, tailLines: logTail, daemonLinesOnly: true),
        ProbeSpec("log:journal", source: nil, .command(["journalctl", "-u", "strongswan", "-u", "strongswan-starter", "-u", "strongswan-swanctl",
                                                         "-u", "ipsec", "--no-pager", "-n", "3000", "-o", "short"]),
                  kind: .log, tailLines: logTail),
        ProbeSpec("log:/var/log/daemon", source: nil, .file("/var/log/daemon"), platform: .only(.openbsd), kind: .log,
                  tailLines: logTail, daemonLinesOnly: true),
        ProbeSpec("log:/var/adm/messages", source: nil, .file("/var/adm/messages"), platform: .only(.illumos), kind: .log,
                  tailLines: logTail, daemonLinesOnly: true),
    ]
}
