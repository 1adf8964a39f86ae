import Foundation
import XCTest

/// The secrets corpus (Tests/Fixtures/secrets, README.md there lists every syntax and the man
/// page it comes from): secrets planted in every form the daemons accept, run through every way
/// ipsec-doctor prints or saves: `collect` on a host whose /etc and /var/log hold them (a private
/// mount namespace), `diagnose` in both formats on the snapshot and on the raw files, and
/// `parse` of every source on every file. Not one planted secret may come out, whole or any 8
/// characters of it, nor any 4 bytes of a dumped key.
final class SecretsCorpusTests: XCTestCase {
    static let corpus = CLI.repo + "/Tests/Fixtures/secrets"

    /// The planted secrets, and the pieces of them that must not appear either.
    static let needles: [(needle: String, secret: String)] = {
        var out: [(String, String)] = []
        func lines(_ file: String) -> [String] {
            ((try? String(contentsOfFile: corpus + "/" + file, encoding: .utf8)) ?? "")
                .split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") && !$0.isEmpty }
        }
        for s in lines("planted.txt") {
            out.append((s.lowercased(), s))
            // Any 8 characters of the random part (two digits, or a digit and a capital: the
            // planted values end in a random tail; "swanctl-" or "WithoutE" are words, and
            // a test's own name on a command line holds them).
            let chars = Array(s)
            if chars.count > 8 {
                for i in 0...(chars.count - 8) {
                    let w = String(chars[i..<i + 8])
                    let digits = w.filter(\.isNumber).count
                    if digits >= 2 || (digits == 1 && w.contains(where: \.isUppercase)), !w.contains(" ") { out.append((w.lowercased(), s)) }
                }
            }
        }
        for hex in lines("planted-dumps.txt") {
            // Any 4 bytes, as the daemons print them: packed, or pairs one blank apart.
            let bytes = stride(from: 0, to: hex.count - 1, by: 2).map { i -> String in
                let a = hex.index(hex.startIndex, offsetBy: i)
                return String(hex[a..<hex.index(a, offsetBy: 2)]).lowercased()
            }
            for i in 0...(bytes.count - 4) {
                let w = Array(bytes[i..<i + 4])
                out.append((w.joined(), hex))
                out.append((w.joined(separator: " "), hex))
            }
        }
        return out
    }()

    func assertNoSecret(in text: String, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        let hay = text.lowercased()
        for (needle, secret) in Self.needles {
            guard let at = hay.range(of: needle) else { continue }
            let from = hay.index(at.lowerBound, offsetBy: -60, limitedBy: hay.startIndex) ?? hay.startIndex
            let to = hay.index(at.upperBound, offsetBy: 60, limitedBy: hay.endIndex) ?? hay.endIndex
            let context: String = String(hay[from..<to])
            XCTFail("\(what): planted secret \(secret) leaks (\(needle)): …\(context)…", file: file, line: line)
            return
        }
    }

    func testTheCorpusIsThere() throws {
        guard FileManager.default.fileExists(atPath: Self.corpus + "/planted.txt") else { throw XCTSkip("no secrets corpus") }
        XCTAssertGreaterThan(Self.needles.count, 500)
        // The check finds what it looks for (a test that cannot fail proves nothing).
        let raw = try String(contentsOfFile: Self.corpus + "/root/etc/ipsec.secrets", encoding: .utf8)
        XCTAssertTrue(Self.needles.contains { raw.lowercased().contains($0.needle) })
    }

    /// Every file of the corpus, raw.
    var corpusFiles: [String] {
        let fm = FileManager.default
        var out: [String] = []
        for case let rel as String in fm.enumerator(atPath: Self.corpus) ?? FileManager.DirectoryEnumerator() {
            var isDir: ObjCBool = false
            let p = Self.corpus + "/" + rel
            if fm.fileExists(atPath: p, isDirectory: &isDir), !isDir.boolValue, !rel.hasPrefix("planted"), !rel.hasSuffix(".md") { out.append(p) }
        }
        return out.sorted()
    }

    func testParseOfEverySourceOnEveryFileShowsNoSecret() throws {
        let files = corpusFiles
        guard !files.isEmpty else { throw XCTSkip("no secrets corpus") }
        let list = try CLI.run(["parse", "--list"])
        let sources = list.stdout.split(separator: "\n").compactMap { $0.split(separator: " ").first.map(String.init) }
        XCTAssertGreaterThan(sources.count, 20)
        // Each file with the sources a user might give it (a log, a config, probes) and, in
        // turn, every other source: each source reads several files (the whole cross product
        // takes minutes on a shared machine).
        let usual = ["charon-log", "pluto-log", "swanctl-conf", "libreswan-conf", "ipsec-secrets", "xfrm-state", "processes"]
        // The other sources are dealt out over the files, as many to each as it takes for every
        // source to read one file at least (three at least, each file).
        let rest = sources.filter { !usual.contains($0) }
        let each = max(3, (rest.count + files.count - 1) / files.count)
        var covered = Set<String>()
        for (i, file) in files.enumerated() {
            let others = (0..<each).map { rest[(i * each + $0) % rest.count] }
            for source in usual + others {
                covered.insert(source)
                let r = try CLI.run(["parse", source, file, "--compact"])
                assertNoSecret(in: r.stdout + r.stderr, "parse \(source) \(file)")
            }
        }
        XCTAssertEqual(covered, Set(sources), "sources not tried: \(Set(sources).subtracting(covered))")
    }

    /// A folder of raw outputs, named so that every file reaches a parser.
    func rawSnapshot() throws -> String {
        let dir = NSTemporaryDirectory() + "ipsec-doctor-secrets-\(UUID().uuidString)"
        let fm = FileManager.default
        try fm.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let c = Self.corpus
        let names: [(String, String)] = [
            ("root/etc/swanctl/swanctl.conf", "swanctl.conf"), ("root/etc/ipsec.secrets", "ipsec.conf"),
            ("root/etc/ipsec.d/bsd-forms.conf", "libreswan-conf.txt"), ("root/var/log/charon.log", "charon.log"),
            ("root/var/log/syslog", "syslog"), ("root/var/log/pluto.log", "pluto.log"),
            ("logs/journal-short.txt", "journal.log"), ("probes/xfrm-state.txt", "xfrm-state.txt"),
            ("probes/setkey-D.txt", "setkey-D.txt"), ("probes/ipseckey-dump.txt", "ipseckey-dump.txt"),
            ("probes/processes.txt", "processes.txt"), ("root/etc/strongswan.conf", "strongswan.conf"),
            ("root/etc/ipsec.d/attack-forms.secrets", "ipsec.secrets"),
            ("root/etc/swanctl/conf.d/extra.conf", "swanctl-extra.conf"),
        ]
        for (from, to) in names { try fm.copyItem(atPath: c + "/" + from, toPath: dir + "/" + to) }
        return dir
    }

    func testDiagnoseOnRawFilesShowsNoSecretInAnyFormat() throws {
        guard FileManager.default.fileExists(atPath: Self.corpus + "/planted.txt") else { throw XCTSkip("no secrets corpus") }
        let dir = try rawSnapshot()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for format in ["text", "json"] {
            let r = try CLI.run(["diagnose", "--home", CLI.repo, "--snapshot", dir, "--format", format])
            XCTAssertTrue([0, 1, 2].contains(r.status), "diagnose --format \(format): \(r.status) \(r.stderr)")
            XCTAssertFalse(r.stdout.isEmpty)
            assertNoSecret(in: r.stdout + r.stderr, "diagnose --snapshot RAW --format \(format)")
        }
    }

    /// `collect` on a host holding the corpus: as root, in a private mount namespace whose /etc
    /// and /var/log are the real ones with the corpus laid over them (overlayfs), with a process
    /// whose command line holds a password. Then `diagnose` on what it saved.
    func testCollectOnAPlantedHostSavesNoSecret() throws {
        guard getuid() == 0 else { throw XCTSkip("needs root: collect runs in a private mount namespace (unshare -m) with the corpus over /etc and /var/log") }
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/unshare") else { throw XCTSkip("no unshare(1)") }
        guard FileManager.default.fileExists(atPath: Self.corpus + "/planted.txt") else { throw XCTSkip("no secrets corpus") }
        let tmp = NSTemporaryDirectory() + "ipsec-doctor-collect-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: tmp, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: tmp) }
        let out = tmp + "/snap"
        let c = Self.corpus
        let script = """
        set -e
        mount -t overlay overlay -o lowerdir=\(c)/root/etc:/etc /etc
        mount -t overlay overlay -o lowerdir=\(c)/root/var/log:/var/log /var/log
        bash -c 'exec -a "backupd --db-password=proc-dbpass-Hw74Rn --api-token proc-token-Kq39Ve" sleep 60' &
        planted=$!
        sleep 0.2
        set +e
        "$0" collect --out \(out) --log \(c)/logs/journal-short.txt --deadline 20
        rc=$?
        kill $planted
        exit $rc
        """
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/unshare")
        p.arguments = ["-m", "--propagation", "private", "bash", "-c", script, CLI.executable]
        let err = Pipe(), stdout = Pipe()
        p.standardError = err
        p.standardOutput = stdout
        try p.run()
        let o = stdout.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let said = String(decoding: o + e, as: UTF8.self)
        if said.contains("overlay") && said.contains("mount") && p.terminationStatus == 32 {
            throw XCTSkip("overlayfs is not available here: \(said)")
        }
        XCTAssertEqual(p.terminationStatus, 0, said)
        assertNoSecret(in: said, "collect's own output")

        // What collect saved: every file, and it did read the planted ones.
        let fm = FileManager.default
        var saved: [String: String] = [:]
        for case let rel as String in fm.enumerator(atPath: out) ?? FileManager.DirectoryEnumerator() {
            var isDir: ObjCBool = false
            if fm.fileExists(atPath: out + "/" + rel, isDirectory: &isDir), !isDir.boolValue {
                saved[rel] = String(decoding: fm.contents(atPath: out + "/" + rel) ?? Data(), as: UTF8.self)
            }
        }
        for (rel, text) in saved { assertNoSecret(in: text, "collect saved \(rel)") }
        let all = saved.values.joined(separator: "\n")
        for evidence in ["encryption initiator key", "SKEYSEED", "ike-oneline", "eap-radius", "backupd", ": PSK", "pluto[4242]"] {
            XCTAssertTrue(all.contains(evidence), "the snapshot should hold the planted files (\(evidence)); saved: \(saved.keys.sorted())")
        }
        for format in ["text", "json"] {
            let r = try CLI.run(["diagnose", "--home", CLI.repo, "--snapshot", out, "--format", format])
            assertNoSecret(in: r.stdout + r.stderr, "diagnose --snapshot COLLECTED --format \(format)")
        }
    }
}
