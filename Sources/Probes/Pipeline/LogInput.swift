import Facts
import Foundation
import Parsers

/// `--log FILE`: a daemon log the user names. Read like the log probes (the tail, bounded), and
/// parsed by the source whose daemon content detection recognises; a file in which no daemon is
/// recognised is reported, not guessed.
enum LogInput {
    /// Probe name prefix of a user's log, as in the snapshot manifest.
    static let prefix = "log:"

    static func specs(_ paths: [String]) -> [ProbeSpec] {
        paths.map { ProbeSpec(prefix + $0, source: nil, .file($0), platform: .any, kind: .log, tailLines: ProbeSpec.logTail) }
    }

    /// A log the user named must exist and be a readable regular file: a typo is an input
    /// error (exit 65), not a quiet "no evidence".
    static func checkReadable(_ paths: [String]) throws {
        for path in paths {
            var st = stat()
            guard stat(path, &st) == 0 else {
                throw DoctorError.badInput("--log \(path): \(String(cString: strerror(errno)))")
            }
            guard (st.st_mode & S_IFMT) == S_IFREG else {
                throw DoctorError.badInput("--log \(path): not a regular file (\(FileKind.describe(st.st_mode))); give a log file")
            }
            guard access(path, R_OK) == 0 else {
                throw DoctorError.badInput("--log \(path): cannot read the file (\(String(cString: strerror(errno))))")
            }
        }
    }
}
