/// The one error ipsec-doctor reports to its user. It says what went wrong, about what (a
/// `file:line`, a path or an option), what to do about it, and which exit code it ends with, so
/// that the command line can print every failure the same way in one place
/// (`IPsecDoctor.main`). Verdicts (0 healthy, 1 problem, 2 inconclusive) are not errors and
/// stay on the diagnosis.
public struct DoctorError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The exit codes of the outside contract (BSD sysexits.h numbers).
    public enum Code: Int32, Sendable {
        /// A bad option or option value (EX_USAGE).
        case usage = 64
        /// Input that cannot be used: a snapshot, an answers file, the rule base (EX_DATAERR).
        case badInput = 65
        /// A bug: something the tool should always manage (EX_SOFTWARE).
        case internalError = 70
        /// `collect`: the output cannot be created without overwriting (EX_CANTCREAT).
        case outputExists = 73
        /// `collect`: writing failed (EX_IOERR).
        case io = 74
    }

    public var code: Code
    /// What the error is about: `file:line`, a path, or an option as typed (`--answer x=y`).
    public var subject: String?
    public var message: String
    /// What to do about it, in one line.
    public var hint: String?
    /// Further lines printed before the message (one per rule base issue, say).
    public var details: [String]

    public init(_ code: Code, _ message: String, subject: String? = nil, hint: String? = nil, details: [String] = []) {
        self.code = code
        self.message = message
        self.subject = subject
        self.hint = hint
        self.details = details
    }

    public var exitCode: Int32 { code.rawValue }

    /// `subject: message`, the line a user greps for.
    public var description: String {
        subject.map { "\($0): \(message)" } ?? message
    }

    public static func usage(_ message: String, subject: String? = nil, hint: String? = nil) -> DoctorError {
        DoctorError(.usage, message, subject: subject, hint: hint)
    }

    public static func badInput(_ message: String, subject: String? = nil, hint: String? = nil, details: [String] = []) -> DoctorError {
        DoctorError(.badInput, message, subject: subject, hint: hint, details: details)
    }
}
