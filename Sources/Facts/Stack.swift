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

/// Keys of a rule's `remedies` and a question's `how`: an implementation, a platform, or `any`.
public enum StackKey {
    public static let any = "any"

    /// Remedies for the other end when it is a road-warrior client whose own log was read
    /// (`peer.client_os`): what to change on that client, beside what to change here.
    public static let windowsClient = "windows-client"

    public static var all: [String] {
        Implementation.allCases.map(\.rawValue) + Platform.allCases.map(\.rawValue) + [windowsClient, any]
    }

    /// "strongSwan", "Linux", "Windows client", or the key itself.
    public static func label(_ key: String) -> String {
        if key == windowsClient { return "Windows client" }
        return Implementation(rawValue: key)?.label ?? Platform(rawValue: key)?.label ?? key
    }
}
