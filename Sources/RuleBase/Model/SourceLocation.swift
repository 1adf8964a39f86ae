/// A place in a rule-base file, for `file:line: message` errors.
public struct SourceLocation: Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public init(file: String, line: Int) { self.file = file; self.line = line }
    public var description: String { "\(file):\(line)" }
}

/// A problem found while loading or checking the rule base. `error`s make `rules check` fail.
/// A record (an `Error` only to be a `Result`'s failure): the command line reports issues through
/// `DoctorError.details`.
public struct RuleBaseIssue: Hashable, Sendable, CustomStringConvertible, Error {
    public enum Severity: String, Sendable { case error, warning }
    public var location: SourceLocation
    public var severity: Severity
    public var message: String

    public init(_ location: SourceLocation, _ message: String, severity: Severity = .error) {
        self.location = location
        self.message = message
        self.severity = severity
    }

    public var description: String { "\(location): \(severity == .warning ? "warning: " : "")\(message)" }
}
