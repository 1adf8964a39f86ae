/// What happened when a probe ran: the report shows it, so an operator knows what was not seen.
public struct ProbeStatus: Hashable, Sendable {
    public enum State: String, Sendable {
        case ok, unavailable, timeout, failed, skipped
    }

    public var name: String
    public var state: State
    /// Why it did not run or failed: "swanctl not installed", "needs root", "timed out after 5 s".
    public var reason: String?
    public var seconds: Double?

    public init(name: String, state: State, reason: String? = nil, seconds: Double? = nil) {
        self.name = name
        self.state = state
        self.reason = reason
        self.seconds = seconds
    }
}
