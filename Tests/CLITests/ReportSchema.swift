import Foundation
import XCTest

/// Every JSON report a test makes is checked against docs/report.schema.json, the documented
/// contract, with the `jsonschema` package (installed by .ci/setup-debian): a field renamed or a
/// value out of its range fails the test that produced it, not a user's script later.
enum ReportSchema {
    static let schema = CLI.repo + "/docs/report.schema.json"
    static let validator = CLI.repo + "/Tests/Tools/validate_report.py"

    /// Violations, one line each; empty when the report conforms.
    static func violations(_ report: String, schema: String = ReportSchema.schema) throws -> [String] {
        let r = try Python.run(validator, [schema], stdin: report)
        if r.status != 0 && r.stdout.isEmpty { return ["validator failed: \(r.stderr)"] }
        return r.stdout.split(separator: "\n").map(String.init)
    }

    /// The sibling schemas of the other commands' JSON (docs/CONTRACT.md).
    static let compareSchema = CLI.repo + "/docs/compare.schema.json"
    static let traceSchema = CLI.repo + "/docs/trace.schema.json"

    static func check(_ report: String, _ args: [String], schema: String = ReportSchema.schema,
                      file: StaticString = #filePath, line: UInt = #line) {
        do {
            let v = try violations(report, schema: schema)
            XCTAssertEqual(v, [], "`ipsec-doctor \(args.joined(separator: " "))` printed a report that breaks \((schema as NSString).lastPathComponent)", file: file, line: line)
        } catch {
            XCTFail("cannot validate the report: \(error)", file: file, line: line)
        }
    }
}

/// python3 with the test tools' packages (jsonschema, prometheus_client, pynag).
enum Python {
    struct Result { var status: Int32; var stdout: String; var stderr: String }

    static func run(_ script: String, _ args: [String], stdin: String) throws -> Result {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", script] + args
        let out = Pipe(), err = Pipe(), input = Pipe()
        p.standardOutput = out; p.standardError = err; p.standardInput = input
        try p.run()
        input.fileHandleForWriting.write(Data(stdin.utf8))
        try input.fileHandleForWriting.close()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let stderr = String(decoding: e, as: UTF8.self)
        if stderr.contains("ModuleNotFoundError") {
            XCTFail("python3 lacks a package the tests need (\(stderr.split(separator: "\n").last ?? "")): run .ci/setup-debian")
        }
        return Result(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: stderr)
    }
}
