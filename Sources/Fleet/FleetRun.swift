import Compare
import Engine
import Facts
import Foundation
import RuleBase

/// What `fleet DIR` found: each gateway diagnosed, each pair of peers compared.
public struct FleetReport: Sendable {
    public struct GatewayResult: Sendable {
        public var gateway: Gateway
        public var folder: String
        public var diagnosis: Diagnosis?
    }
    public struct Link: Sendable {
        /// Stable id for anchors: `t-<a>-<b>`.
        public var id: String
        public var a: Int
        public var b: Int
        public var comparison: Comparison
        /// The worst of its tunnels, and a tunnel one end lacks.
        public var state: LinkState
        /// Each paired tunnel with its own state (two gateways may share several tunnels,
        /// one broken and one fine): the map draws and colours them one by one.
        public var tunnels: [TunnelLink] = []
    }
    public struct TunnelLink: Sendable {
        /// `t-<a>-<b>-<k>`, or the link's id when the pair has one tunnel.
        public var id: String
        public var a: String
        public var b: String
        public var state: LinkState
    }
    /// A tunnel whose peer is not among the snapshots.
    public struct Dangling: Sendable {
        public var gateway: Int
        public var tunnel: String
        public var peer: String
    }
    public struct Unreadable: Sendable {
        public var folder: String
        public var reason: String
    }
    public enum LinkState: String, Sendable {
        case up           // SAs on both ends, nothing differs
        case problem      // a difference breaks it
        case warning      // it works, something degrades it
        case down         // nothing differs in config, but no SA (idle, on demand, path)
    }

    public var dir: String
    public var gateways: [GatewayResult]
    public var links: [Link]
    public var dangling: [Dangling]
    public var unreadable: [Unreadable]
    public var seconds: Double

    public var verdict: Verdict {
        if links.contains(where: { $0.state == .problem }) || gateways.contains(where: { $0.diagnosis?.verdict == .problem }) { return .problem }
        if gateways.isEmpty || (links.isEmpty && gateways.allSatisfy { $0.diagnosis?.verdict != .healthy }) { return .inconclusive }
        return .healthy
    }
}

public enum FleetRun {

    /// Reads every snapshot folder directly under `dir`, pairs gateways through their tunnels'
    /// peer addresses (an index of every gateway's addresses, so the pairing stays linear in the
    /// number of tunnels), compares each pair once and diagnoses each gateway once, its facts
    /// completed with what its peers showed.
    static let archiveSuffixes = [".tar.gz", ".tgz", ".tar"]

    public static func run(dir: String, base: RuleBase?) throws -> FleetReport {
        let start = Date()
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDir), isDir.boolValue else {
            throw DoctorError.badInput("no such directory", subject: dir, hint: "give a folder holding one snapshot folder per gateway")
        }
        // One gateway's snapshot given for the fleet: its probes/, logs/ and configs/ folders
        // would each be read as a gateway of its own.
        if FileManager.default.fileExists(atPath: dir + "/manifest.json") {
            throw DoctorError.badInput("is one gateway's snapshot (it holds manifest.json), not a folder of snapshots", subject: dir,
                                       hint: "diagnose it with `ipsec-doctor diagnose --snapshot \(dir)`, or give fleet the folder that holds it beside its peers' snapshots")
        }
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
        var gws: [FleetReport.GatewayResult] = []
        var unreadable: [FleetReport.Unreadable] = []
        for n in names {
            let path = dir + "/" + n
            var sub: ObjCBool = false
            // a gateway is a snapshot folder, or one packed as a tar archive (`gw1.tar.gz`)
            let archive = FleetRun.archiveSuffixes.first { n.hasSuffix($0) }
            guard FileManager.default.fileExists(atPath: path, isDirectory: &sub), sub.boolValue || archive != nil else { continue }
            do {
                var g = try SnapshotAdapter.gateway(snapshot: path)
                // The folder is named after the inventory host: the name operators know (several
                // gateways may share a host name, e.g. in containers).
                g.name = archive.map { String(n.dropLast($0.count)) } ?? n
                gws.append(.init(gateway: g, folder: n, diagnosis: nil))
            } catch {
                unreadable.append(.init(folder: n, reason: "\(error)"))
            }
        }
        if gws.isEmpty && unreadable.isEmpty {
            throw DoctorError.badInput("holds no snapshot folder (\(names.isEmpty ? "it is empty" : "only files"))", subject: dir,
                                       hint: "give a folder holding one snapshot folder per gateway (as `ipsec-doctor collect --out` or the Ansible playbook in ansible/ write them); one gateway's files are read by `ipsec-doctor diagnose --snapshot \(dir)`")
        }
        if gws.isEmpty && !unreadable.isEmpty {
            throw DoctorError.badInput("no readable snapshot (\(unreadable.count) folders failed, first: \(unreadable[0].folder): \(unreadable[0].reason))", subject: dir)
        }
        // address / identity -> gateway
        var byAddress: [String: Int] = [:]
        var byID: [String: Int] = [:]
        for (i, r) in gws.enumerated() {
            for a in r.gateway.addresses where byAddress[a] == nil { byAddress[a] = i }
            for t in r.gateway.tunnels { if let id = t.localID?.lowercased(), byID[id] == nil { byID[id] = i } }
        }
        var pairKeys = Set<[Int]>()
        var order: [(Int, Int)] = []
        var dangling: [FleetReport.Dangling] = []
        for (i, r) in gws.enumerated() {
            for t in r.gateway.tunnels {
                let peer = t.remoteAddrs.compactMap { byAddress[$0] }.first { $0 != i }
                    ?? t.remoteID.flatMap { byID[$0.lowercased().replacingOccurrences(of: "@", with: "")] ?? byID[$0.lowercased()] }.flatMap { $0 == i ? nil : $0 }
                guard let j = peer else {
                    dangling.append(.init(gateway: i, tunnel: t.name, peer: (t.remoteAddrs + [t.remoteID].compactMap { $0 }).joined(separator: " ")))
                    continue
                }
                let key = [min(i, j), max(i, j)]
                if pairKeys.insert(key).inserted { order.append((key[0], key[1])) }
            }
        }
        var links: [FleetReport.Link] = []
        var peerFacts: [Int: Comparison] = [:]
        for (i, j) in order {
            let c = Comparison.run(gws[i].gateway, gws[j].gateway, base: nil)
            let state: FleetReport.LinkState
            if c.differences.contains(where: { $0.severity == .problem }) { state = .problem }
            else if c.differences.contains(where: { $0.severity == .warning }) { state = .warning }
            else if c.tunnels.contains(where: { $0.saEstablished }) { state = .up }
            else { state = .down }
            let id = "t-\(i)-\(j)"
            let tunnels = c.tunnels.enumerated().map { k, t in
                FleetReport.TunnelLink(id: c.tunnels.count == 1 ? id : "\(id)-\(k)", a: t.a, b: t.b, state: FleetRun.state(of: t))
            }
            links.append(.init(id: id, a: i, b: j, comparison: c, state: state, tunnels: tunnels))
            // Each gateway is diagnosed with the facts of its worst pair.
            for k in [i, j] where peerFacts[k] == nil || state == .problem { peerFacts[k] = c }
        }
        if let base {
            let engine = InferenceEngine(base: base)
            for k in gws.indices {
                var facts = gws[k].gateway.facts
                if let c = peerFacts[k] { facts = c.facts(forA: c.a.name == gws[k].gateway.name) }
                gws[k].diagnosis = engine.run(facts)
            }
        }
        return FleetReport(dir: dir, gateways: gws, links: links, dangling: dangling, unreadable: unreadable,
                           seconds: Date().timeIntervalSince(start))
    }

    /// One tunnel's state from its own differences and SAs, not its gateways'.
    static func state(of t: Comparison.TunnelResult) -> FleetReport.LinkState {
        if t.differences.contains(where: { $0.severity == .problem }) { return .problem }
        if t.differences.contains(where: { $0.severity == .warning }) { return .warning }
        return t.saEstablished ? .up : .down
    }
}
