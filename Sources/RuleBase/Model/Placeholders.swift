/// The `{...}` placeholders rule texts may use besides fact names: short names for the facts an
/// operator types most. The engine fills them; `rules check` asks for them instead of `<peer>`.
public enum Placeholders {
    public static let aliases = ["peer": "conn.remote_addrs", "local": "conn.local_addrs"]
}
