/// The IPsec stacks ipsec-doctor knows: the one list of platforms and IKE implementations.
/// Facts `host.os` and `ike.implementation` take these names, rule remedies and question `how`
/// are keyed by them (`rules check` refuses other keys), and the planner and the remedy
/// selector read the platform of an implementation here.
public enum Platform: String, CaseIterable, Sendable {
    case linux, openbsd, illumos

    /// The kernel name `uname -s` prints (`Linux`, `OpenBSD`, `SunOS`), in any case; the
    /// platform's own name is accepted too (a snapshot may record `illumos`).
    public init?(uname: String) {
        switch uname.lowercased() {
        case "linux": self = .linux
        case "openbsd": self = .openbsd
        case "sunos", "illumos": self = .illumos
        default: return nil
        }
    }

    public var label: String {
        switch self {
        case .linux: return "Linux"
        case .openbsd: return "OpenBSD"
        case .illumos: return "illumos"
        }
    }

    /// Values of `host.os` besides the platforms.
    public static let otherValues = ["unknown"]
}

public enum Implementation: String, CaseIterable, Sendable {
    case strongswan, libreswan, openswan, racoon, isakmpd, iked
    case inIked = "in.iked"

    public var platform: Platform {
        switch self {
        case .strongswan, .libreswan, .openswan, .racoon: return .linux
        case .isakmpd, .iked: return .openbsd
        case .inIked: return .illumos
        }
    }

    /// The daemon's process names, as `ps` shows them (Openswan's pluto counts as Libreswan's).
    public var daemonNames: [String] {
        switch self {
        case .strongswan: return ["charon-systemd", "charon"]
        case .libreswan: return ["pluto"]
        case .openswan: return []
        case .racoon, .isakmpd, .iked: return [rawValue]
        case .inIked: return ["in.iked"]
        }
    }

    /// How the project spells itself.
    public var label: String {
        switch self {
        case .strongswan: return "strongSwan"
        case .libreswan: return "Libreswan"
        case .openswan: return "Openswan"
        case .racoon, .isakmpd, .iked, .inIked: return rawValue
        }
    }

    /// Values of `ike.implementation` besides the implementations.
    public static let otherValues = ["none", "unknown"]
}

/// A road-warrior client OS at the other end whose own log was read (`peer.client_os`): each
/// has one remedy key, so a rule says what to change on that client beside what to change here.
public enum ClientOS: String, CaseIterable, Sendable {
    case windows, apple, android

    /// The rule's `remedies` key: "windows-client", "apple-client", "android-client".
    public var remedyKey: String { rawValue + "-client" }

    public var label: String {
        switch self {
        case .windows: return "Windows client"
        case .apple: return "iOS/macOS client"
        case .android: return "Android client"
        }
    }
}

/// Keys of a rule's `remedies` and a question's `how`: an implementation, a platform, a client
/// OS at the other end, or `any`.
public enum StackKey {
    public static let any = "any"

    public static var all: [String] {
        Implementation.allCases.map(\.rawValue) + Platform.allCases.map(\.rawValue) + ClientOS.allCases.map(\.remedyKey) + [any]
    }

    /// "strongSwan", "Linux", "Windows client", "iOS/macOS client", or the key itself.
    public static func label(_ key: String) -> String {
        if let client = ClientOS.allCases.first(where: { $0.remedyKey == key }) { return client.label }
        return Implementation(rawValue: key)?.label ?? Platform(rawValue: key)?.label ?? key
    }
}
