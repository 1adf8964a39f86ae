import Facts
import Foundation
import Parsers
import Probes
import Operator
import RuleBase

/// The fuzz targets: each takes arbitrary bytes and drives one reader of hostile input the way
/// the command line does. A target must never crash, trap, hang or exhaust memory, whatever
/// the bytes; libFuzzer (`Tests/Fuzz/run.sh`) looks for inputs that do, and the XCTest suite
/// replays the ones found so far (`Tests/Fuzz/regressions/TARGET/`).
public enum FuzzTargets {
    public static let names = ["parser", "condition", "answers", "snapshot", "redactor"]

    /// Runs target `name` on `data`. Unknown names are a programming error of the caller.
    public static func run(_ name: String, _ data: Data) {
        switch name {
        case "parser": parser(data)
        case "condition": condition(data)
        case "answers": answers(data)
        case "snapshot": snapshot(data)
        case "redactor": redactor(data)
        default: preconditionFailure("unknown fuzz target \(name); known: \(names.joined(separator: ", "))")
        }
    }

    /// Every registered parser, then the fact extractors over its records. The first byte picks
    /// the parser (so one corpus covers them all and mutations can move an input between
    /// parsers); `FUZZ_SOURCE=name` pins one, and so does a first line `@name` (regression
    /// inputs name their parser so, since the registry's order changes as sources are added).
    static func parser(_ data: Data) {
        guard let first = data.first else { return }
        let all = ParserRegistry.all
        var parser: any OutputParser
        if let pinned = pinnedSource { parser = pinned } else { parser = all[Int(first) % all.count] }
        var body = data.dropFirst()
        if first == UInt8(ascii: "@"), let nl = data.firstIndex(of: 0x0A),
           let named = ParserRegistry.parser(named: String(decoding: data[data.index(after: data.startIndex)..<nl], as: UTF8.self)) {
            parser = named
            body = data[data.index(after: nl)...]
        }
        let text = String(decoding: body, as: UTF8.self)
        let result = parser.parse(text)
        _ = result.json.serialized(pretty: false)
        _ = FactExtraction.facts(from: ParsedCollection([ParsedSource(result: result, origin: "fuzz")]))
    }

    static let pinnedSource: (any OutputParser)? = ProcessInfo.processInfo.environment["FUZZ_SOURCE"]
        .flatMap { ParserRegistry.parser(named: $0) }

    /// The first byte of a parser input naming `source` (for seeding the corpus).
    public static func parserSeedPrefix(_ source: String) -> UInt8? {
        ParserRegistry.all.firstIndex { $0.source == source }.map { UInt8($0) }
    }

    /// The rule condition language: parse, then evaluate against no facts and a few.
    static func condition(_ data: Data) {
        let text = String(decoding: data, as: UTF8.self)
        guard let c = try? ConditionParser.parse(text) else { return }
        _ = c.evaluate(FactStore())
        _ = c.evaluate(sampleFacts)
    }

    static let sampleFacts = FactStore([
        Fact("ike.version", .number(2), from: Provenance(.probe, "fuzz")),
        Fact("conn.auth", .string("psk"), from: Provenance(.probe, "fuzz")),
        Fact("log.ike.auth_failed", .bool(true), from: Provenance(.probe, "fuzz")),
    ])

    /// `--answers FILE`.
    static func answers(_ data: Data) {
        let path = scratch + "/answers.yaml"
        guard FileManager.default.createFile(atPath: path, contents: data) else { return }
        _ = try? AnswerFile.load(path)
    }

    /// `diagnose --snapshot DIR`: the input is a bundle of files (`SnapshotBundle`), written to a
    /// fresh directory and read as a snapshot, then turned into facts.
    static func snapshot(_ data: Data) {
        let dir = scratch + "/snap"
        try? FileManager.default.removeItem(atPath: dir)
        guard (try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)) != nil else { return }
        for (name, body) in SnapshotBundle.files(of: data) {
            let path = dir + "/" + name
            try? FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                     withIntermediateDirectories: true)
            _ = FileManager.default.createFile(atPath: path, contents: body)
        }
        guard let g = try? SnapshotReader.read(dir) else { return }
        _ = g.facts()
    }

    /// The redactor on a config it learns from and on the same bytes as a log and a probe.
    static func redactor(_ data: Data) {
        let text = String(decoding: data, as: UTF8.self)
        var r = Redactor()
        r.learn(config: text)
        _ = r.redact(config: text)
        _ = r.redact(log: text)
        _ = r.redact(probe: text, source: "xfrm-state")
        _ = r.redact(probe: text, source: nil)
        // The byte-level redaction must give what the String-level one (kept as reference)
        // gives: a difference is a crash the fuzzer reports.
        var reference = Redactor()
        reference.referenceLearn(config: text)
        precondition(r.literals == reference.literals, "learnt literals differ from the reference")
        precondition(r.redact(anything: text) == reference.referenceRedact(anything: text), "redact(anything:) differs from the reference")
        precondition(r.redact(log: text) == reference.referenceRedact(log: text), "redact(log:) differs from the reference")
        precondition(r.redact(config: text) == reference.referenceRedact(config: text), "redact(config:) differs from the reference")
    }

    /// A private scratch directory for targets that need files (one per process).
    static let scratch: String = {
        let base = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        let dir = base + "/ipsec-doctor-fuzz-\(getpid())"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }()
}

/// Several files in one fuzz input: each starts with a line `=== RELATIVE/PATH`; the bytes up to
/// the next such line are its content. Paths are kept inside the directory (no `..`, no
/// leading `/`): the fuzzer tests the reader, not the file system around it.
public enum SnapshotBundle {
    static let marker = Array("=== ".utf8)

    public static func files(of data: Data) -> [(String, Data)] {
        var out: [(String, Data)] = []
        let bytes = [UInt8](data)
        var i = 0
        var current: String?
        var start = 0
        func flush(_ end: Int) {
            if let name = current { out.append((name, Data(bytes[start..<end]))) }
        }
        while i < bytes.count {
            let lineStart = i
            while i < bytes.count, bytes[i] != 0x0A { i += 1 }
            let lineEnd = i
            if i < bytes.count { i += 1 }
            if lineEnd - lineStart > marker.count, Array(bytes[lineStart..<lineStart + marker.count]) == marker {
                flush(lineStart)
                let raw = String(decoding: bytes[(lineStart + marker.count)..<lineEnd], as: UTF8.self)
                current = safeName(raw)
                start = i
            }
        }
        flush(bytes.count)
        return out.filter { !$0.0.isEmpty }
    }

    static func safeName(_ raw: String) -> String {
        let parts = raw.split(separator: "/").filter { $0 != ".." && $0 != "." && !$0.isEmpty && !$0.contains("\0") }
        return parts.prefix(4).map { String($0.prefix(60)) }.joined(separator: "/")
    }

    /// The bundle of a directory's regular files (seeding the corpus from real snapshots).
    public static func bundle(of dir: String) -> Data {
        var out = Data()
        let fm = FileManager.default
        guard let e = fm.enumerator(atPath: dir) else { return out }
        for case let rel as String in e {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: dir + "/" + rel, isDirectory: &isDir), !isDir.boolValue,
                  let d = fm.contents(atPath: dir + "/" + rel) else { continue }
            out.append(Data("=== \(rel)\n".utf8))
            out.append(d)
            if d.last != 0x0A { out.append(0x0A) }
        }
        return out
    }
}
