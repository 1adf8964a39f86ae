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
        // Swift concurrency's worker threads block most signals; let SIGINT in on this one while
        // it waits in readline, so Ctrl-C interrupts the read.
        ReadlineState.readerThread = pthread_self()
        var interrupt = sigset_t(), previous = sigset_t()
        sigemptyset(&interrupt)
        sigaddset(&interrupt, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &interrupt, &previous)
        defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
        guard let raw = readline(prompt) else {
            FileHandle.standardOutput.write(Data("\n".utf8))  // Ctrl-D: end the prompt's line
            return nil
        }
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

    /// Ctrl-C: readline's own signal handling is off (rl_catch_signals = 0). The handler only
    /// notes the signal (no SA_RESTART, so readline's read() is interrupted); readline then calls
    /// rl_signal_event_hook outside signal context, which drops the line typed so far and shows
    /// a fresh prompt, and readline carries on reading.
    nonisolated(unsafe) static var interruptPending: sig_atomic_t = 0
    nonisolated(unsafe) static var readerThread: pthread_t?

    static func installInterruptHandler() {
        rl_catch_signals = 0
        rl_signal_event_hook = { ReadlineState.afterSignal() }
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { sig in
            // The command runs on a Swift concurrency thread while the signal may land on any
            // thread: pass it on to the one blocked in readline's read(), so that read returns.
            if let reader = ReadlineState.readerThread, pthread_equal(reader, pthread_self()) == 0 {
                pthread_kill(reader, sig)
                return
            }
            ReadlineState.interruptPending = 1
        }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(SIGINT, &action, &previousHandler)
    }

    static func afterSignal() -> Int32 {
        guard interruptPending != 0 else { return 0 }
        interruptPending = 0
        FileHandle.standardOutput.write(Data("^C\n".utf8))
        rl_replace_line("", 0)
        rl_on_new_line()
        rl_redisplay()
        return 0
    }

    static func restoreInterruptHandler() {
        sigaction(SIGINT, &previousHandler, nil)
    }
}
