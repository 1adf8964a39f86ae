import Facts

/// One line of an IKE daemon's or a road-warrior client's log, as every log parser reads it:
/// charon-log, pluto-log, racoon-log, iked-log, isakmpd-log, android-ike-log,
/// apple-vpn-client-log and windows-rasclient-log (and the daemon-exit lines of systemd, the
/// kernel and `_plutorun` that pluto's and charon's parsers read: DaemonExitLines). Its fields:
/// where the line came from (`time`, `program`, charon's `thread`/`subsystem`/`ike_sa`, pluto's
/// `code`/`connection`/`instance`/`serial`, racoon's `level`/`location`, iked's and isakmpd's
/// `function`), the `message` and the whole `text`, and for a message of the daemon's catalogue
/// the `event` it names with its `phase` (`ike`/`child`) and what the lines before add
/// (`also_events`, `ike_version`, and the marks DaemonLogFacts reads: `first_request`,
/// `peer_answered`, `first_reply`, `reply_unanswered`, `auth_reply_unanswered`,
/// `initiator_went_on`, `natt`, `selftest_failed`). One record type for the eight parsers: the
/// readers of log events (DaemonLogFacts, LogRecognition, the extractors) are shared.
///
/// WHY `OrderedFields`: each parser sets its fields in its own order (charon's `event` after its
/// `message`, then its marks, then `text`; a joined line's fields set again in place), which the
/// `parse` JSON has always shown. The key set is closed: no log parser names a field after the
/// text it reads.
public struct LogEventRecord: OrderedFieldRecord {
    public var line: Int
    public var fields: OrderedFields<Field>

    public init(line: Int, fields: OrderedFields<Field> = OrderedFields()) {
        self.line = line; self.fields = fields
    }

    /// The fields, named as in the JSON.
    public enum Field: String, OrderedFieldKey {
        // where the line came from
        case time, program, thread, subsystem, ikeSA = "ike_sa", code, connection, instance, serial, impair
        case level, location, function, exception, process
        // what it says
        case message, event, phase, ikeVersion = "ike_version", alsoEvents = "also_events", teardownPhase = "teardown_phase"
        // the exchange around it (CharonLogParser/PlutoLogParser.markExchange, markSelfTest)
        case firstRequest = "first_request", peerAnswered = "peer_answered", firstReply = "first_reply"
        case replyUnanswered = "reply_unanswered", authReplyUnanswered = "auth_reply_unanswered"
        case initiatorWentOn = "initiator_went_on", natt, selftestFailed = "selftest_failed"
        case text
        public static let jsonNames = JSONKeyNames(Field.self)
    }

    /// The event the message names (a name of the daemon's catalogue), when it names one.
    public var event: String? { fields.str(.event) }
    /// `ike` or `child`, with `event`.
    public var phase: String? { fields.str(.phase) }
    /// The message, the line without its prefix.
    public var message: String? { fields.str(.message) }
    /// The whole line as read (a joined line's pieces joined by newlines).
    public var text: String? { fields.str(.text) }
    /// What an excerpt shows of the line: its text, else its message.
    public var excerpt: String? { text ?? message }
    public var time: String? { fields.str(.time) }
    /// charon's thread number as printed (`13`), and whether the line carries one.
    public var thread: String? { fields.str(.thread) }
    public var hasThread: Bool { fields[.thread] != nil }
    /// charon's `<conn|1>`.
    public var ikeSA: String? { fields.str(.ikeSA) }
    /// pluto's `"conn"`, its `[1]` instance and its `#N` state; a client's connection name.
    public var connection: String? { fields.str(.connection) }
    public var instance: String? { fields.str(.instance) }
    public var serial: Int? { fields.int(.serial) }
    /// Other meanings of the same line (`rekey_no_proposal_chosen`, `dpd_unanswered` ...).
    public var alsoEvents: [String] { fields.strings(.alsoEvents) }
    /// The IKE version of the request a `no_ike_config`/`no_conn_authorized` answers.
    public var ikeVersion: Int? { fields.int(.ikeVersion) }
    public var firstRequest: Bool { fields.bool(.firstRequest) == true }
    public var peerAnswered: Bool { fields.bool(.peerAnswered) == true }
    public var firstReply: Bool { fields.bool(.firstReply) == true }
    public var replyUnanswered: Bool { fields.bool(.replyUnanswered) == true }
    public var authReplyUnanswered: Bool { fields.bool(.authReplyUnanswered) == true }
    public var initiatorWentOn: Bool { fields.bool(.initiatorWentOn) == true }
    /// An unreachable on the peer's NAT-T port (pluto).
    public var natt: Bool { fields.bool(.natt) == true }
}
