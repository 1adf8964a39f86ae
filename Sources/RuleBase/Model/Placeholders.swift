/// The `{...}` placeholders rule texts may use besides fact names: short names for the facts an
/// operator types most. The engine fills them; `rules check` asks for them instead of `<peer>`.
public enum Placeholders {
    public static let aliases = ["peer": "conn.remote_addrs", "local": "conn.local_addrs"]

    /// `<name>` words that mean a fact though they are not its name; `rules check` asks for
    /// the `{fact}` instead.
    public static let meaning = ["conn": "conn.names", "connection": "conn.names", "name": "conn.names",
                                 "peer-address": "conn.remote_addrs", "remote": "conn.remote_addrs"]
}
