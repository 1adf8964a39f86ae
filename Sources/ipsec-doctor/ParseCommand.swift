import ArgumentParser
import Facts
import Foundation
import Parsers

/// `ipsec-doctor parse SOURCE [FILE]`: one command's output as JSON.
struct ParseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Parse one command's output (FILE, or stdin) and print it as JSON.")

    @Flag(help: "List the sources this version can parse.")
    var list = false

    @Argument(help: "The source, e.g. xfrm-state, xfrm-policy, xfrm-stat, swanctl-list-sas (see --list).")
    var source: String?

    @Argument(help: "The file holding the output; stdin when omitted.")
    var file: String?

    @Flag(help: "Print compact JSON on one line.")
    var compact = false

    func validate() throws {
        if !list, source == nil { throw ValidationError("name a SOURCE, or use --list") }
        if let source, ParserRegistry.parser(named: source) == nil {
            throw ValidationError("unknown source '\(source)'; known: \(ParserRegistry.sourceNames.joined(separator: ", "))")
        }
    }

    func run() throws {
        if list {
            for p in ParserRegistry.all { Output.print("\(p.source.padding(toLength: 26, withPad: " ", startingAt: 0)) \(p.summary)\n") }
            return
        }
        let data: Data
        if let file {
            guard let d = FileManager.default.contents(atPath: file) else {
                throw DoctorError.badInput(FileManager.default.fileExists(atPath: file) ? "cannot read the file" : "no such file", subject: file)
            }
            data = d
        } else {
            data = FileHandle.standardInput.readDataToEndOfFile()
        }
        let result = ParserRegistry.parser(named: source!)!.parse(String(decoding: data, as: UTF8.self))
        Output.print(result.json.serialized(pretty: !compact) + "\n")
    }
}
