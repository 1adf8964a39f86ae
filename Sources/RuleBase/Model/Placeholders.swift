/// The `{...}` placeholders rule texts may use besides fact names: short names for the facts an
/// operator types most. The engine fills them; `rules check` asks for them instead of `<peer>`.
public enum Placeholders {
    public static let aliases = ["peer": "conn.remote_addrs", "local": "conn.local_addrs"]

    /// `<name>` words that mean a fact though they are not its name; `rules check` asks for
    /// the `{fact}` instead.
    public static let meaning = ["conn": "conn.names", "connection": "conn.names", "name": "conn.names",
                                 "peer-address": "conn.remote_addrs", "remote": "conn.remote_addrs"]

    /// A template cut into literal text and `{name}` placeholders. Braces around nothing or
    /// around words with a space (`{ a b }` in a pasted nft rule) stay literal text, so the one
    /// scan decides for rendering, listing, expanding and `rules check` alike what a placeholder is.
    public enum Segment {
        case text(Substring)
        /// As written in the rule (`peer`), and the fact it names (`conn.remote_addrs`).
        case placeholder(written: String, name: String)
    }

    public static func segments(of template: String) -> [Segment] {
        var out: [Segment] = []
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            if open > rest.startIndex { out.append(.text(rest[..<open])) }
            let written = String(rest[rest.index(after: open)..<close])
            if written.isEmpty || written.contains(" ") {
                out.append(.text(rest[open...close]))
            } else {
                out.append(.placeholder(written: written, name: aliases[written] ?? written))
            }
            rest = rest[rest.index(after: close)...]
        }
        if !rest.isEmpty { out.append(.text(rest)) }
        return out
    }

    /// The names of the placeholders in a template, aliases resolved.
    public static func names(in template: String) -> [String] {
        segments(of: template).compactMap { if case let .placeholder(_, name) = $0 { name } else { nil } }
    }
}
