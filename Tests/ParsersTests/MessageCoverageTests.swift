import XCTest
@testable import Parsers

/// How much of what the daemons print on failure the catalogues classify: every failure format
/// extracted from the daemons' sources (Tests/Fixtures/messages/*.tsv, `file<TAB>format`) is
/// instantiated (each conversion replaced by a word) and looked up in the daemon's catalogue.
/// Prints the figure and the formats not classified; fails if coverage drops below the floor.
final class MessageCoverageTests: XCTestCase {
    struct Coverage { var classified: [String] = []; var missing: [String] = [] }

    static func sample(_ format: String) -> String {
        var out = "", i = format.startIndex, n = 0
        while i < format.endIndex {
            let c = format[i]
            if c == "%" {
                var j = format.index(after: i)
                if j < format.endIndex, format[j] == "%" { out.append("%"); i = format.index(after: j); continue }
                while j < format.endIndex, !(format[j].isLetter && !"lhjzqt".contains(format[j])) { j = format.index(after: j) }
                n += 1; out += "X\(n)"
                i = j < format.endIndex ? format.index(after: j) : j
                continue
            }
            out.append(c); i = format.index(after: i)
        }
        return out.replacingOccurrences(of: "\\\"", with: "\"")
    }

    func coverage(_ file: String, _ catalogue: MessageCatalogue) throws -> Coverage {
        var c = Coverage()
        for line in try Fixtures.text("messages/" + file).split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: "\t", maxSplits: 1)
            guard parts.count == 2 else { continue }
            let format = String(parts[1])
            if catalogue.classify(Self.sample(format)) != nil { c.classified.append(format) } else { c.missing.append("\(parts[0]): \(format)") }
        }
        return c
    }

    func testCoverageFigure() throws {
        let ss = try coverage("strongswan-failure-formats.tsv", StrongswanMessages.catalogue)
        let ls = try coverage("libreswan-failure-formats.tsv", LibreswanMessages.catalogue)
        let n = ss.classified.count + ls.classified.count, m = n + ss.missing.count + ls.missing.count
        print("message coverage: \(n) of \(m) failure formats classified (strongSwan \(ss.classified.count) of \(ss.classified.count + ss.missing.count), Libreswan \(ls.classified.count) of \(ls.classified.count + ls.missing.count))")
        for f in ss.missing + ls.missing { print("  not classified: \(f)") }
        XCTAssertGreaterThanOrEqual(ss.classified.count, 100)
        XCTAssertGreaterThanOrEqual(ls.classified.count, 20)
    }
}
