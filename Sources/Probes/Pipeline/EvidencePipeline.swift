import Facts
import Foundation
import Parsers

/// Where the evidence of one diagnosis comes from: this host's live probes, or a snapshot, plus
/// daemon logs the user names; all within one deadline.
public struct EvidenceRequest: Sendable {
    public var snapshot: String?
    public var logs: [String]
    /// Seconds for everything: the probes, or reading the snapshot, and the logs.
    public var deadline: Double

    public init(snapshot: String? = nil, logs: [String] = [], deadline: Double) {
        self.snapshot = snapshot; self.logs = logs; self.deadline = deadline
    }
}

/// The one road from evidence to facts, used alike by `diagnose`, `wizard` and `collect`:
/// acquisition (live probes, or a snapshot's files, or `--log` files) → parsed sources
/// (ParserRegistry; logs by content detection) → FactStore (extractors, probe statuses).
/// It knows no source by name: sources declare themselves (EvidenceSource).
public enum EvidencePipeline {
    /// Everything parsed, and how each probe or file fared.
    public static func gather(_ request: EvidenceRequest, host: HostInfo = .current()) async throws -> Gathered {
        try LogInput.checkReadable(request.logs)
        if let snapshot = request.snapshot {
            let start = ContinuousClock.now
            var g = try await SnapshotReader.readConcurrently(snapshot, deadline: request.deadline, logsBeside: !request.logs.isEmpty)
            // The logs are read exactly as live log probes read theirs (tail, content detection).
            let left = max(0.1, request.deadline - elapsed(since: start))
            let outputs = await ProbeRunner(deadline: left, host: host).run(LogInput.specs(request.logs))
            g.add(outputs.map(LiveProbes.withParseSource), userLogs: request.logs)
            return g
        }
        return Gathered(outputs: try await acquire(request, host: host), host: host, userLogs: request.logs)
    }

    /// The raw outputs of the live probes (and `--log` files), each with the source that will
    /// parse it: what `collect` saves.
    public static func acquire(_ request: EvidenceRequest, host: HostInfo = .current()) async throws -> [ProbeOutput] {
        try LogInput.checkReadable(request.logs)
        return await LiveProbes.run(deadline: request.deadline, extraLogs: request.logs, host: host)
    }

    /// The facts of a request.
    public static func facts(_ request: EvidenceRequest) async throws -> FactStore {
        try await gather(request).facts()
    }
}
