import Foundation
import Parsers
@testable import Probes
import XCTest

/// ipsec.secrets as collect saves it and diagnose reads it (RedactionKind.secretsFile): an entry
/// whose type the daemons do not know keeps its ids only; the real files keep what a diagnosis
/// reads (ids, types, include) and lose every value.
final class SecretsFileRedactionTests: XCTestCase {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    static let cases = repo + "/Tests/ParsersTests/Sources/ipsec-secrets"

    func read(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

    /// The planted file of the secrets corpus: typo'd and missing types lose their values, and
    /// the literals are learnt (a log that echoes them is scrubbed).
    func testRefusedEntriesKeepTheirIdsOnly() throws {
        let text = try read(Self.repo + "/Tests/Fixtures/secrets/root/etc/ipsec.d/attack-forms.secrets")
        let out = Redactor().redact(config: text, path: "/etc/ipsec.d/attack-forms.secrets")
        XCTAssertTrue(out.contains("@a @b : [redacted]"), out)
        XCTAssertTrue(out.contains("@c @d : [redacted]"), out)
        for v in ["typo-type-Lx52Qr", "no-type-Vb28Hn", "lower-next-line-Yc63Fw", "colon-joined-Va94Ke", "5d1e8a7c3b9f02e4"] {
            XCTAssertFalse(out.contains(v), "\(v) in:\n\(out)")
        }
        // kept: what the parser reads
        XCTAssertTrue(out.contains("10.6.0.1 10.7.0.1 1.8.0.1 : PSK"), out)
        XCTAssertTrue(out.contains("include /etc/ipsec.d/none-*.secrets"), out)
        var r = Redactor()
        r.learn(secretsFile: text)
        XCTAssertEqual(r.scrub("pluto: ignored unrecognized keyword: \"no-type-Vb28Hn\""), "pluto: ignored unrecognized keyword: \"[redacted]\"")
        // the same by the source's declared redaction (diagnose, snapshots)
        XCTAssertEqual(ParserRegistry.source(named: "ipsec-secrets")?.redaction, .secretsFile)
        XCTAssertFalse(Redactor().redact(probe: text, kind: .secretsFile).contains("Lx52Qr"))
    }

    /// Every real case: its records are the same after redaction (nothing a diagnosis reads is
    /// lost), and no value is left. One loss is by design: a line of indices without a `:`
    /// whose words are not all IDs by their form (`www.xs4all.nl`, a name looked up in DNS)
    /// goes, since a refused value looks the same; the entry keeps its other ids.
    func testRealFilesKeepTheirRecords() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.cases).sorted()
        XCTAssertGreaterThanOrEqual(names.count, 9)
        for name in names {
            let text = try read(Self.cases + "/" + name + "/input.txt")
            let out = Redactor().redact(config: text, path: "/etc/ipsec.secrets")
            let before = IpsecSecretsParser().parse(text).typed(IpsecSecretsRecord.self)
            let after = IpsecSecretsParser().parse(out).typed(IpsecSecretsRecord.self)
            XCTAssertEqual(after.map(\.line), before.map(\.line), name)
            XCTAssertEqual(after.map(\.type), before.map(\.type), name)
            XCTAssertEqual(after.map(\.path), before.map(\.path), name)
            for (a, b) in zip(after, before) where a.ids != b.ids {
                XCTAssertEqual(Array((a.ids ?? []).drop { $0 == Redactor.marker }), Array((b.ids ?? []).suffix((a.ids ?? []).count - 1)), name)
            }
            XCTAssertFalse(out.contains("ABCDEFGHIJKLMNOPQRSTUVWXYZ1234567890"), name)
            XCTAssertFalse(out.contains("0sv+NkxY9LLZvwj4qCC2o/gGrWDF2d21jL"), name)
        }
    }
}
