import Foundation
import XCTest

/// The lab's live reports are checked against docs/report.schema.json too (with the jsonschema
/// package, as Tests/CLITests/ReportSchema.swift does for the snapshot runs).
enum LabReportSchema {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    static func check(_ report: String, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", repo + "/Tests/Tools/validate_report.py", repo + "/docs/report.schema.json"]
        let out = Pipe(), input = Pipe()
        p.standardOutput = out; p.standardError = out; p.standardInput = input
        do { try p.run() } catch { return XCTFail("cannot run the schema validator: \(error)", file: file, line: line) }
        input.fileHandleForWriting.write(Data(report.utf8))
        try? input.fileHandleForWriting.close()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0, "\(what): the report breaks docs/report.schema.json:\n\(text)", file: file, line: line)
    }
}
