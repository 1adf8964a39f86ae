import Foundation
import XCTest
import Facts
@testable import Parsers

/// `ParseResult.inGivenLines` (a log shown newest first, read in the daemon's order) tells its
/// records in the pasted lines on the typed records, as the JSON path told them.
final class NewestFirstRenumberTests: XCTestCase {
    /// A log read in another order than pasted (newest first) is told in the pasted lines by
    /// renumbering its typed records (`RecordStore.renumbered`), not their JSON: the `parse` JSON
    /// is what renumbering the JSON's `line` keys gave, on the real newest-first report and on
    /// every lab log turned around, and the renumbered records are still `LogEventRecord`s.
    func testNewestFirstLogRenumbersItsTypedRecords() throws {
        var inputs: [(String, String)] = [("charon-log", try Fixtures.text(NewestFirstLogTests.opnsense))]
        for (dir, file, source) in [("lab", "charon.log", "charon-log"), ("libreswan-lab", "pluto.log", "pluto-log")] {
            for end in NewestFirstLogTests.ends(in: dir, holding: file) {
                let lines = try Fixtures.text(end + "/" + file).split(separator: "\n").map(String.init)
                inputs.append((source, lines.reversed().joined(separator: "\n") + "\n"))
            }
        }
        var renumbered = 0
        for (source, text) in inputs {
            let r = parse(source, text)
            guard r.givenLines != nil else { continue }
            renumbered += 1
            let given = r.inGivenLines
            XCTAssertEqual(given.typed(LogEventRecord.self).map(\.line), r.typed(LogEventRecord.self).map { r.givenLine($0.line)! })
            XCTAssertNotNil(given.store as? TypedRecordStore<LogEventRecord>, "renumbered without making JSON")
            // what the JSON path made: each record's `line` key told in the pasted lines
            let byJSON = r.records.map { record -> JSONValue in
                guard case let .object(pairs) = record else { return record }
                return .object(pairs.map { k, v in k == "line" ? (k, .number(Double(r.givenLine(Int(v.numberValue!))!))) : (k, v) })
            }
            XCTAssertEqual(given.records, byJSON)
            XCTAssertEqual(String(decoding: r.serializedUTF8(pretty: true), as: UTF8.self),
                           String(decoding: ParseResult(source: r.source, records: byJSON, unparsed: given.unparsed).serializedUTF8(pretty: true), as: UTF8.self))
        }
        XCTAssertGreaterThan(renumbered, 50)
    }
}
