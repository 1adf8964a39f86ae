import Foundation

/// Reads answers line by line from a pipe or file (scripts, tests). Prints the prompt so a
/// transcript reads naturally, echoes nothing, and ends at EOF.
public final class PlainLineReader: LineReader {
    public var completer: (@Sendable (String, String) -> [String]?)?

    public init() {}

    public func readLine(prompt: String) -> String? {
        FileHandle.standardOutput.write(Data(prompt.utf8))
        guard let line = Swift.readLine(strippingNewline: true) else {
            FileHandle.standardOutput.write(Data("\n".utf8))
            return nil
        }
        // A newline instead of the echo, so the transcript's next line starts afresh.
        FileHandle.standardOutput.write(Data("\n".utf8))
        return line.hasSuffix("\r") ? String(line.dropLast()) : line
    }

    public func close() {}
}
