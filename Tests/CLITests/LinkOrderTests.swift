import Foundation
import XCTest

/// The release link lays out the functions `diagnose` runs together, in the order
/// Tests/Benchmarks/link-order/functions.txt gives (Package.swift, `--symbol-ordering-file`;
/// PERFORMANCE.md, tenth pass). lld takes any text there without a word (`--no-warn-symbol-ordering`):
/// a list cut short, emptied, left with merge-conflict lines, or made from another object would
/// only show as megabytes more of a 10,000-tunnel diagnosis' peak RSS, and only in a release build,
/// which CI does not make. So CI checks here that the list is one the release link can use.
///
/// Whether it is stale (functions added since it was made, laid out elsewhere) can only be told
/// by running a release binary under callgrind: `Tests/Benchmarks/link-order/check.sh`, run on
/// the merged main before CI (Tests/Benchmarks/README.md, "Link order").
final class LinkOrderTests: XCTestCase {
    static let relative = "Tests/Benchmarks/link-order/functions.txt"

    func testTheReleaseLinkNamesTheList() throws {
        let package = try String(contentsOfFile: CLI.repo + "/Package.swift", encoding: .utf8)
        XCTAssertTrue(package.contains("--symbol-ordering-file=\\(Context.packageDirectory)/\(Self.relative)"),
                      "Package.swift no longer orders the release link by \(Self.relative)")
        XCTAssertTrue(FileManager.default.fileExists(atPath: CLI.repo + "/" + Self.relative))
    }

    func testTheListIsOneSymbolALineFromThisBinary() throws {
        let text = try String(contentsOfFile: CLI.repo + "/" + Self.relative, encoding: .utf8)
        XCTAssertTrue(text.hasSuffix("\n"), "the last line is cut short")
        let names = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        // make.sh writes ~4,500 (stop 28); one cut short or emptied by a failed run has far fewer.
        XCTAssertGreaterThan(names.count, 2_000, "the list was cut short: remake it (Tests/Benchmarks/link-order/make.sh)")
        var seen = Set<Substring>()
        for (i, name) in names.enumerated() {
            // A symbol: no blank, no space, no merge-conflict marker (<<<<<<<, =======, >>>>>>>).
            XCTAssertFalse(name.isEmpty, "line \(i + 1) is empty")
            XCTAssertFalse(name.contains(where: { $0 == " " || $0 == "\t" || $0 == "\r" }), "line \(i + 1): \(name)")
            XCTAssertFalse(name.hasPrefix("<<<<<<<") || name.hasPrefix("=======") || name.hasPrefix(">>>>>>>"),
                           "line \(i + 1) is a merge-conflict marker: remake the list after the merge")
            // callgrind names code without a symbol by its address, which the next link changes
            XCTAssertFalse(name.hasPrefix("0x"), "line \(i + 1) is an address, not a symbol: \(name)")
            XCTAssertTrue(seen.insert(name).inserted, "line \(i + 1) repeats \(name)")
        }
        // Made from ipsec-doctor's own code, not another object: its modules' Swift functions
        // (mangled `$s<length><module>`) are most of what `diagnose` runs.
        for module in ["Parsers", "Probes", "Facts", "Engine", "RuleBase", "ipsec_doctor"] {
            let prefix = "$s\(module.count)\(module)"
            XCTAssertGreaterThan(names.filter { $0.hasPrefix(prefix) }.count, 10, "no functions of \(module) in the list")
        }
        XCTAssertGreaterThan(names.filter { $0.hasPrefix("$s") }.count * 2, names.count, "most names are not Swift functions")
    }
}
