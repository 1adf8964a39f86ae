/// Where the wizard's input comes from: GNU readline on a terminal, plain lines otherwise.
public protocol LineReader: AnyObject {
    /// Shows `prompt` (where that makes sense) and returns the line typed, without its newline;
    /// nil at the end of input (Ctrl-D, or EOF on a pipe).
    func readLine(prompt: String) -> String?
    /// What tab completion offers: given the whole line so far and the word being completed,
    /// the candidates (nil: complete file names instead).
    var completer: (@Sendable (_ line: String, _ word: String) -> [String]?)? { get set }
    /// Saves history and restores the terminal.
    func close()
}

/// Picks the reader for stdin: readline on a terminal, plain line reading otherwise.
public enum LineReaders {
    public static func forStandardInput(historyFile: String?) -> LineReader {
        if isatty(0) == 1 { return ReadlineLineReader(historyFile: historyFile) }
        return PlainLineReader()
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
