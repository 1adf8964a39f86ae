import XCTest
import Facts
@testable import Parsers

/// Parsing several outputs at once gives each output's own result, in the input order.
final class ParallelParsingTests: XCTestCase {
    func testSameResultsAsOneAfterAnother() async throws {
        var inputs: [(source: String, text: String)] = []
        for (file, source) in labFileSources.sorted(by: { $0.key < $1.key }) where Fixtures.exists(lab("healthy", "a", file)) {
            inputs.append((source, try Fixtures.text(lab("healthy", "a", file))))
        }
        inputs.append(("no-such-source", "x"))
        XCTAssertGreaterThan(inputs.count, 5)
        let results = await ParallelParsing.parse(inputs)
        XCTAssertEqual(results.count, inputs.count)
        for (input, result) in zip(inputs, results) {
            let expected = ParserRegistry.parser(named: input.source)?.parse(input.text)
            XCTAssertEqual(result?.json, expected?.json, input.source)
        }
        XCTAssertNil(results.last!)
    }
}
