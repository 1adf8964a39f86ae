import Foundation
import XCTest

/// Every source's real case input, saved with Windows line ends (CR LF), parses to the same
/// records as the original: `parse` and the snapshot reader bring every input to LF line ends
/// where they read it (InputText). Before, CR LF was one `Character` to the parsers and most of
/// them read a whole CR LF file as one line.
final class WindowsTextCLITests: XCTestCase {
    func testEverySourceCaseParsesTheSameWithWindowsLineEnds() throws {
        let root = CLI.repo + "/Tests/ParsersTests/Sources"
        let tmp = NSTemporaryDirectory() + "lineends-\(getpid())"
        try FileManager.default.createDirectory(atPath: tmp, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: tmp) }
        var compared = 0
        for source in try FileManager.default.contentsOfDirectory(atPath: root).sorted() where !source.hasSuffix(".md") {
            let cases = (try? FileManager.default.contentsOfDirectory(atPath: root + "/" + source)) ?? []
            for c in cases.sorted() {
                let input = root + "/" + source + "/" + c + "/input.txt"
                guard let data = FileManager.default.contents(atPath: input) else { continue }
                var crlf = Data()
                for b in data { if b == 0x0A { crlf.append(0x0D) }; crlf.append(b) }
                let copy = tmp + "/input.txt"
                try crlf.write(to: URL(fileURLWithPath: copy))
                let want = try CLI.run(["parse", source, input, "--compact"])
                let got = try CLI.run(["parse", source, copy, "--compact"])
                XCTAssertEqual(got.status, want.status, "\(source)/\(c)")
                XCTAssertEqual(got.stdout, want.stdout, "\(source)/\(c): CR LF input parsed differently")
                compared += 1
            }
        }
        XCTAssertGreaterThan(compared, 100, "the source cases are under \(root)")
    }

    /// A log saved by PowerShell 5 (`Get-Content charon.log > copy.log`: UTF-16LE with a BOM and
    /// CR LF) or by Notepad (UTF-8 with a BOM) reads as the original, in a snapshot and in parse.
    func testUTF16AndBOMLogsReadAsTheOriginal() throws {
        let original = CLI.repo + "/Tests/Fixtures/lab/psk-mismatch/a/charon.log"
        let text = try String(contentsOfFile: original, encoding: .utf8)
        let crlf = text.replacingOccurrences(of: "\n", with: "\r\n")
        let forms: [(String, [UInt8])] = [
            ("utf16le", [0xFF, 0xFE] + Array(crlf.utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }),
            ("utf8bom", [0xEF, 0xBB, 0xBF] + Array(text.utf8)),
        ]
        let want = try CLI.run(["parse", "charon-log", original, "--compact"])
        let wantDiagnosis = try CLI.run(["diagnose", "--snapshot", original, "--format", "json"])
        let firstID = { (r: CLI.Result) in ((r.json?["findings"] as? [[String: Any]])?.first?["id"] as? String) }
        XCTAssertNotNil(firstID(wantDiagnosis))
        for (name, bytes) in forms {
            let dir = NSTemporaryDirectory() + "wintext-\(name)-\(getpid())"
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: dir) }
            try Data(bytes).write(to: URL(fileURLWithPath: dir + "/charon.log"))
            let got = try CLI.run(["parse", "charon-log", dir + "/charon.log", "--compact"])
            XCTAssertEqual(got.stdout, want.stdout, name)
            let diagnosis = try CLI.run(["diagnose", "--snapshot", dir + "/charon.log", "--format", "json"])
            XCTAssertEqual(firstID(diagnosis), firstID(wantDiagnosis), name)
        }
    }
}
