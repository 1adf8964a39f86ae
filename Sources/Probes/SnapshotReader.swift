import Facts
import Foundation
import Parsers

/// A problem with a snapshot the user gave: names the path, and becomes exit code 65.
public struct InputError: Error, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Reads a snapshot directory (made by `collect`, or a folder of pasted outputs) into parsed
/// sources and probe statuses, exactly as live probes would have produced them.
public enum SnapshotReader {
    public static func read(_ dir: String) throws -> Gathered {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: dir, isDirectory: &isDir), isDir.boolValue else {
            throw InputError("\(dir): no such snapshot directory")
        }
        let manifestPath = dir + "/manifest.json"
        if fm.fileExists(atPath: manifestPath) {
            guard let data = fm.contents(atPath: manifestPath) else { throw InputError("\(manifestPath): cannot read") }
            let manifest: SnapshotManifest
            do {
                manifest = try JSONDecoder().decode(SnapshotManifest.self, from: data)
            } catch {
                throw InputError("\(manifestPath): not a valid ipsec-doctor manifest (\(SnapshotReader.describe(error)))")
            }
            return try read(dir, manifest: manifest)
        }
        return try readLoose(dir)
    }

    static func read(_ dir: String, manifest: SnapshotManifest) throws -> Gathered {
        var g = Gathered(os: manifest.os)
        g.isRoot = manifest.uid.map { $0 == 0 }
        for entry in manifest.entries {
            let state = ProbeStatus.State(rawValue: entry.status) ?? .failed
            g.statuses.append(ProbeStatus(name: entry.name, state: state, reason: entry.reason, seconds: entry.seconds))
            // Outputs saved for people only (no parser, or one this version lacks) are skipped.
            guard let file = entry.file, !entry.source.isEmpty, ParserRegistry.parser(named: entry.source) != nil else { continue }
            let path = dir + "/" + file
            guard let text = readText(path) else {
                throw InputError("\(path): listed in manifest.json but missing or not text")
            }
            let kind: Provenance.Kind = file.hasPrefix("logs/") || entry.source.hasSuffix("-log") ? .log
                : file.hasPrefix("configs/") ? .file : .probe
            try g.add(text: text, source: entry.source, origin: entry.name, kind: kind)
        }
        return g
    }

    /// A folder of outputs named after their source: `xfrm-state.txt`, `charon.log`, ...
    static func readLoose(_ dir: String) throws -> Gathered {
        var g = Gathered(os: nil)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir))?.sorted() ?? []
        for name in names where !name.hasPrefix(".") {
            let path = dir + "/" + name
            guard let text = readText(path) else { continue }
            let stem = SnapshotReader.aliases[name] ?? SnapshotReader.aliases[(name as NSString).deletingPathExtension]
                ?? (name as NSString).deletingPathExtension
            if ParserRegistry.parser(named: stem) != nil {
                try g.add(text: text, source: stem, origin: name, kind: stem.hasSuffix("-log") ? .log : .probe)
            } else if let logSource = LogSniffer.source(of: text) {
                try g.add(text: text, source: logSource, origin: name, kind: .log)
            }
        }
        if g.parsed.items.isEmpty {
            throw InputError("\(dir): no manifest.json and no file named after a parser source (see `ipsec-doctor parse --list`)")
        }
        return g
    }

    /// Everyday names for saved outputs, so `ip xfrm state > ip-xfrm-state.txt` just works.
    static let aliases: [String: String] = [
        "ip-xfrm-state": "xfrm-state", "ip-s-xfrm-state": "xfrm-state", "xfrm_state": "xfrm-state",
        "ip-xfrm-policy": "xfrm-policy", "ip-s-xfrm-policy": "xfrm-policy", "xfrm_policy": "xfrm-policy",
        "xfrm_stat": "xfrm-stat", "xfrm_stat.txt": "xfrm-stat",
        "nft-list-ruleset": "nft-ruleset", "swanctl.conf": "swanctl-conf", "ipsec.conf": "libreswan-conf",
        "sysctl-ip_forward": "sysctl", "ps": "processes", "pgrep-charon": "processes",
        "ipsec-status": "libreswan-status", "ipsec-trafficstatus": "libreswan-trafficstatus",
    ]

    static func readText(_ path: String) -> String? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return String(data: data, encoding: .utf8) ?? String(decoding: data, as: UTF8.self)
    }

    static func describe(_ error: Error) -> String {
        if let e = error as? DecodingError {
            switch e {
            case let .keyNotFound(key, _): return "missing `\(key.stringValue)`"
            case let .typeMismatch(_, c), let .valueNotFound(_, c): return "bad value at \(c.codingPath.map(\.stringValue).joined(separator: "."))"
            case let .dataCorrupted(c): return c.debugDescription
            @unknown default: return "\(e)"
            }
        }
        return "\(error)"
    }
}

/// What gathering produced: parsed outputs and how each probe fared.
public struct Gathered: Sendable {
    public var parsed = ParsedCollection()
    public var statuses: [ProbeStatus] = []
    public var os: String?
    /// Whether the probes ran as root (nil: not known, e.g. a folder of pasted outputs).
    public var isRoot: Bool?

    public init(os: String?) { self.os = os }

    public mutating func add(text: String, source: String, origin: String, kind: Provenance.Kind) throws {
        guard let parser = ParserRegistry.parser(named: source) else {
            throw InputError("\(origin): unknown parser source `\(source)`")
        }
        parsed.items.append(ParsedSource(result: parser.parse(text), origin: origin, kind: kind))
    }

    /// The facts this gathering supports: extracted from outputs, plus the platform and the
    /// probes' statuses.
    public func facts() -> FactStore {
        var store = FactStore()
        for fact in FactExtraction.facts(from: parsed) { store.set(fact) }
        if let os, !store.isKnown("host.os") {
            store.set(Fact("host.os", .string(os), from: Provenance(.probe, "manifest")))
        }
        if let isRoot, !store.isKnown("host.is_root") {
            store.set(Fact("host.is_root", .bool(isRoot), from: Provenance(.probe, "manifest")))
        }
        // swanctl could not reach the daemon's vici socket: no control socket.
        if !store.isKnown("ike.daemon.control_socket"),
           let s = statuses.first(where: { $0.name.hasPrefix("swanctl-") && ($0.reason ?? "").contains("connecting to") && ($0.reason ?? "").contains("failed") }) {
            store.set(Fact("ike.daemon.control_socket", .bool(false), from: Provenance(.probe, s.name, excerpt: s.reason)))
        }
        for s in statuses { store.record(s) }
        return store
    }
}
