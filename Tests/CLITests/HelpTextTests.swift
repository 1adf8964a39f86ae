import XCTest

/// What a user reads first: `ipsec-doctor COMMAND --help`. Its overview and discussion are
/// paragraphs that ArgumentParser wraps at 80 columns; a hard line break left in the source
/// shows as a ragged line ("... checks, item" / "by item: ...") in the middle of a paragraph.
final class HelpTextTests: XCTestCase {
    static let commands = ["wizard", "diagnose", "collect", "explain", "rules", "parse", "trace", "compare", "fleet"]

    func testEveryCommandsDiscussionIsWrappedAsParagraphs() throws {
        for command in Self.commands {
            let r = try CLI.run([command, "--help"])
            XCTAssertEqual(r.status, 0, "\(command): \(r.stderr)")
            guard let usage = r.stdout.range(of: "\nUSAGE:") else { XCTFail("\(command): no USAGE"); continue }
            let prose = r.stdout[..<usage.lowerBound]
            for paragraph in prose.components(separatedBy: "\n\n") {
                let lines = paragraph.split(separator: "\n")
                // Every line of a paragraph but its last reaches the wrap column (a line holds at most 79 characters).
                for (line, next) in zip(lines, lines.dropFirst()) where line.count + 1 + (next.split(separator: " ").first?.count ?? 0) < 80 {
                    XCTFail("\(command) --help: a line is broken early: \"\(line)\" / \"\(next)\"")
                }
            }
        }
    }
}
