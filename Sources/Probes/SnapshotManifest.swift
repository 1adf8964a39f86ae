import Foundation

/// `manifest.json` at the top of a snapshot directory: who collected what, when, and how each
/// probe fared. A directory without a manifest is read by file names (`xfrm-state.txt`, ...),
/// so an admin can paste outputs from a box the tool cannot run on.
public struct SnapshotManifest: Codable, Sendable {
    public struct Entry: Codable, Sendable {
        /// Probe name, e.g. `xfrm-state` or `charon-log:/var/log/charon.log`.
        public var name: String
        /// Parser source name.
        public var source: String
        /// The command run, or the file read.
        public var command: [String]
        /// Output file relative to the snapshot directory; nil when the probe produced none.
        public var file: String?
        public var status: String
        public var reason: String?
        public var seconds: Double?

        public init(name: String, source: String, command: [String], file: String?, status: String,
                    reason: String? = nil, seconds: Double? = nil) {
            self.name = name; self.source = source; self.command = command; self.file = file
            self.status = status; self.reason = reason; self.seconds = seconds
        }
    }

    public var tool: String
    public var version: String
    public var host: String
    public var time: String
    public var os: String
    public var user: String?
    /// Effective uid the probes ran with (0: root).
    public var uid: Int?
    public var secretsIncluded: Bool
    public var entries: [Entry]

    public init(tool: String = "ipsec-doctor", version: String, host: String, time: String, os: String,
                user: String?, uid: Int? = nil, secretsIncluded: Bool, entries: [Entry]) {
        self.tool = tool; self.version = version; self.host = host; self.time = time; self.os = os
        self.user = user; self.uid = uid; self.secretsIncluded = secretsIncluded; self.entries = entries
    }
}
