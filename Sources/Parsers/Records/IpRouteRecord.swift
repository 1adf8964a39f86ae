/// One route of `ip route show table all` / `ip route get ADDR` (IpRouteParser), or the error
/// `ip route get` printed for an address it cannot reach (`type: error` with `error`, no route
/// fields). Fields as iproute2 prints them (ip/iproute.c), declared in the order the JSON has
/// always shown them; nil ones are left out.
public struct IpRouteRecord: SourceRecord, Equatable {
    public var line: Int
    /// unicast (when the line names no type), local, broadcast, multicast, anycast, unreachable,
    /// blackhole, prohibit, throw, nat; `error` for an error line.
    public var type: String
    /// What `RTNETLINK answers: ` / `Error: ` said, for `type: error`.
    public var error: String?
    /// `default` or a prefix (`10.1.0.0/16`, `192.0.2.7`) as printed.
    public var dst: String?
    public var via: String?
    public var dev: String?
    public var table: String?
    public var proto: String?
    public var scope: String?
    public var src: String?
    public var metric: Int?

    public init(line: Int, error: String) {
        self.line = line; type = "error"; self.error = error
    }

    public init(line: Int, type: String, dst: String, via: String? = nil, dev: String? = nil, table: String? = nil,
                proto: String? = nil, scope: String? = nil, src: String? = nil, metric: Int? = nil) {
        self.line = line; self.type = type; self.dst = dst; self.via = via; self.dev = dev
        self.table = table; self.proto = proto; self.scope = scope; self.src = src; self.metric = metric
    }

    /// Whether traffic to `dst` is dropped or refused there rather than sent on.
    public var refuses: Bool { ["unreachable", "blackhole", "prohibit", "throw"].contains(type) }
}
