import Foundation
import XCTest
@testable import Parsers

/// Logs that reach us cut short or escaped: `systemctl status` ellipsizes each line to the
/// terminal's width (`... config inacceptab…`), and a page's source or a feed escapes `"` and
/// `<` as `&quot;` and `&lt;`.
final class CutAndEscapedLogTests: XCTestCase {
    static let catalogues: [(String, MessageCatalogue)] = [
        ("strongSwan", StrongswanMessages.catalogue), ("Libreswan", LibreswanMessages.catalogue),
        ("racoon", RacoonMessages.catalogue), ("iked", IkedMessages.catalogue), ("isakmpd", IsakmpdMessages.catalogue),
    ]

    /// Every catalogue message, cut anywhere and ellipsized, is read as itself or as nothing —
    /// never as another failure; and most long enough cuts are still read.
    func testACutMessageIsReadAsItselfOrNotAtAll() {
        for (name, catalogue) in Self.catalogues {
            var cuts = 0, read = 0, longCuts = 0, longRead = 0
            var wrong: [String] = []
            for m in catalogue.messages where m.event != "informational" {
                let whole = m.example
                guard let event = catalogue.classify(whole)?.event else { continue }
                for length in stride(from: 12, to: whole.count, by: 3) {
                    let cut = String(whole.prefix(length)) + "\u{2026}"
                    let long = length * 5 >= whole.count * 4  // four fifths of the message shown
                    cuts += 1
                    if long { longCuts += 1 }
                    guard let got = catalogue.classify(cut)?.event else { continue }
                    read += 1
                    if long { longRead += 1 }
                    if got != event { wrong.append("\(cut) → \(got), whole: \(event)") }
                }
            }
            XCTAssertEqual(wrong, [], "\(name): cut messages read as another failure")
            XCTAssertGreaterThan(longRead * 4, longCuts, "\(name): fewer than a quarter of the messages cut in their last fifth are read (\(longRead) of \(longCuts))")
            print("\(name): \(read) of \(cuts) cut catalogue messages read as themselves (\(longRead) of \(longCuts) cut in their last fifth), 0 as another")
        }
    }

    /// The daemons' ordinary lines (the lab's real charon and pluto logs), cut anywhere, are not
    /// read as failures they are not.
    func testACutOrdinaryLineIsNotReadAsAFailure() throws {
        var lines = 0
        for (dir, file, parser) in [("lab", "charon.log", CharonLogParser() as any EvidenceSource),
                                    ("libreswan-lab", "pluto.log", PlutoLogParser() as any EvidenceSource)] {
            for scenario in Fixtures.files(in: dir) {
                for side in ["a", "b"] where Fixtures.exists("\(scenario)/\(side)/\(file)") {
                    let text = try Fixtures.text("\(scenario)/\(side)/\(file)")
                    for line in text.split(separator: "\n") {
                        let whole = parser.parse(String(line)).records.first
                        guard let record = whole, record.str("event") == nil, line.count > 40 else { continue }
                        lines += 1
                        for length in stride(from: 30, to: line.count, by: 7) {
                            let cut = String(line.prefix(length)) + "\u{2026}"
                            let event = parser.parse(cut).records.first?.str("event")
                            XCTAssertNil(event, "\(scenario)/\(side): \(cut) read as \(event ?? "")")
                        }
                    }
                }
            }
        }
        XCTAssertGreaterThan(lines, 300)
    }

    /// A real report's failure line as `systemctl status` shows it in an 80-column terminal.
    func testSystemctlStatusEllipsizedLinesAreRead() throws {
        let log = try Fixtures.text("reports/kitten-setup-strong-strongswan-14/snapshot/report.log")
        let ellipsized = log.split(separator: "\n").map { $0.count > 80 ? $0.prefix(79) + "\u{2026}" : String($0) }.joined(separator: "\n")
        let events = CharonLogParser().parse(ellipsized).records.compactMap { $0.str("event") }
        XCTAssertEqual(events, CharonLogParser().parse(log).records.compactMap { $0.str("event") })
    }

    func testHTMLReferencesAreUndone() {
        XCTAssertEqual(PastedLog.entitiesUndone("&quot;l2tp-psk&quot;[6] #10: &lt;lab|1&gt; it&#39;s &#x27;x&#x27; &amp;amp;"),
                       "\"l2tp-psk\"[6] #10: <lab|1> it's 'x' &amp;")
        XCTAssertEqual(PastedLog.entitiesUndone("R&D & co &#; &#xZZ;"), "R&D & co &#; &#xZZ;")
    }
}
