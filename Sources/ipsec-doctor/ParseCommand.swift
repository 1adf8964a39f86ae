import ArgumentParser
import Facts
import Foundation
import Parsers
import Probes

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
        var data: [UInt8]
        switch BoundedInput.contents(of: file) {
        case let .success(d): data = d
        case let .failure(f): throw DoctorError.badInput(f.message, subject: f.subject, hint: f.hint)
        }
        // a rotated log compressed with gzip is inflated as the snapshot reader does; other
        // containers (xz, a journal file, a capture) are named with the command that reads them
        switch StoredForm.of(prefix: data) {
        case .gzip? where file != nil:
            switch FileReader.read(file!, limit: BoundedInput.limit) {
            case let .success(c) where !c.truncated: data = [UInt8](c.data)
            case .success: throw DoctorError.badInput("inflates to more than \(BoundedInput.limit >> 20) MiB", subject: file!)
            case let .failure(f): throw DoctorError.badInput(f.message)
            }
        case let form?:
            let name = file ?? "stdin"
            throw DoctorError.badInput(form == .gzip ? "compressed with gzip: give its text (`zcat FILE | ipsec-doctor parse ...`)" : form.refusal(path: name), subject: name)
        case nil:
            // saved on Windows: UTF-16, BOM, CR LF; NUL runs; binary data refused
            if let why = InputText.prepare(&data) { throw DoctorError.badInput(why + "; not parsed", subject: file ?? "stdin") }
        }
        // What `parse` prints never holds a key or a PSK: the input is redacted as `collect`
        // redacts its source's kind before the parser sees it. Bytes from the file to the
        // parser: a plain text is not decoded to a String, copied back to bytes and decoded again.
        var redactor = Redactor()
        let text = redactor.learnAndRedact(input: data, source: source!, path: file)
        let parser = ParserRegistry.parser(named: source!)!
        let result = text.withUnsafeBufferPointer { parser.parse(utf8: $0) }
        // The JSON of the big sources is 1–3× their text (pretty, xfrm-policy: 2.8×): written
        // out a MiB at a time from one reused buffer, not held whole.
        result.writeJSON(pretty: !compact, chunk: 1 << 20) { Output.printDocument($0) }
        Output.printDocument("\n")
    }
}
