@preconcurrency import CReadline
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// GNU readline on a terminal: line editing, a history file, tab completion of the current
/// question's answers and of the commands; Ctrl-C abandons the line being typed and prompts
/// again, Ctrl-D on an empty line ends the input.
public final class ReadlineLineReader: LineReader {
    public var completer: (@Sendable (String, String) -> [String]?)? {
        get { ReadlineState.completer }
        set { ReadlineState.completer = newValue }
    }

    let historyFile: String?
    static let historyLimit: Int32 = 1000

    public init(historyFile: String?) {
        self.historyFile = historyFile
        rl_readline_name = UnsafePointer(ReadlineState.name)
        // Spaces and common separators split words; completing "explain ipsec" completes one word.
        rl_attempted_completion_function = { text, start, _ in ReadlineState.complete(text, start) }
        using_history()
        if let historyFile { _ = read_history(historyFile) }
        ReadlineState.installInterruptHandler()
    }

    public func readLine(prompt: String) -> String? {
        guard let raw = readline(prompt) else { return nil }
        defer { free(raw) }
        let line = String(cString: raw)
        if !line.trimmingCharacters(in: .whitespaces).isEmpty {
            // Skip immediate duplicates, as shells do.
            let last = history_length > 0 ? history_get(history_base + history_length - 1) : nil
            if last.flatMap({ $0.pointee.line.map { String(cString: $0) } }) != line { add_history(line) }
        }
        return line
    }

    public func close() {
        if let historyFile {
            if write_history(historyFile) == 0 { _ = history_truncate_file(historyFile, ReadlineLineReader.historyLimit) }
        }
        ReadlineState.restoreInterruptHandler()
    }
}

/// The C callbacks readline calls cannot capture context, so what they need lives here. Readline
/// is single-threaded and so is the wizard's input loop.
enum ReadlineState {
    nonisolated(unsafe) static var completer: (@Sendable (String, String) -> [String]?)?
    nonisolated(unsafe) static var matches: [String] = []
    nonisolated(unsafe) static var previousHandler = sigaction()
    nonisolated(unsafe) static let name: UnsafeMutablePointer<CChar> = strdup("ipsec-doctor")

    static func complete(_ text: UnsafePointer<CChar>?, _ start: Int32) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
        let word = text.map { String(cString: $0) } ?? ""
        let line = rl_line_buffer.map { String(cString: $0) } ?? ""
        let before = String(line.utf8.prefix(Int(start))) ?? ""
        guard let candidates = ReadlineState.completer?(before, word) else {
            return nil  // readline falls back to file names (save FILE, resume FILE)
        }
        rl_attempted_completion_over = 1
        ReadlineState.matches = candidates.filter { $0.hasPrefix(word) }
        return rl_completion_matches(text) { _, state in ReadlineState.generate(state) }
    }

    static func generate(_ state: Int32) -> UnsafeMutablePointer<CChar>? {
        if state == 0 { index = 0 }
        guard index < matches.count else { return nil }
        defer { index += 1 }
        return strdup(matches[index])
    }

    nonisolated(unsafe) static var index = 0

    /// Ctrl-C: readline (rl_catch_signals, on by default) restores the terminal and passes the
    /// signal on to this handler, which drops the line typed so far and shows a fresh prompt;
    /// readline then carries on reading.
    static func installInterruptHandler() {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in ReadlineState.interrupted() }
        sigemptyset(&action.sa_mask)
        action.sa_flags = SA_RESTART
        sigaction(SIGINT, &action, &previousHandler)
    }

    static func interrupted() {
        // readline has already echoed ^C.
        var nl: UInt8 = 0x0A
        _ = write(1, &nl, 1)
        rl_on_new_line()
        rl_replace_line("", 0)
        rl_redisplay()
    }

    static func restoreInterruptHandler() {
        sigaction(SIGINT, &previousHandler, nil)
    }
}
