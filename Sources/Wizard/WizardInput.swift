/// One line typed at the wizard's prompt: an answer or a command.
public enum WizardInput: Equatable, Sendable {
    case answer(String)
    case why
    /// `why --detail`: the rules and certainty factors behind the question.
    case whyDetail
    /// `paste`: the lines that follow, up to an empty line, are evidence (a command's output, a
    /// log excerpt); `paste TEXT` takes TEXT itself.
    case paste(String?)
    case how(String?)
    case explain(String?)
    case facts
    case back
    case skip
    case save(String?)
    case resume(String?)
    case help
    case quit
    case empty

    /// The command words, for `help` and tab completion.
    public static let commands = ["why", "paste", "how", "explain", "facts", "back", "skip", "unknown", "save", "resume", "help", "quit"]

    public static func parse(_ line: String) -> WizardInput {
        let t = line.trimmingCharacters(in: .whitespaces)
        if t.isEmpty { return .empty }
        let parts = t.split(separator: " ", maxSplits: 1).map(String.init)
        let word = parts[0].lowercased()
        let rest = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : nil
        let arg = rest?.isEmpty == false ? rest : nil
        switch word {
        case "why":
            if arg == nil { return .why }
            return ["--detail", "detail", "-d", "--details"].contains(arg!.lowercased()) ? .whyDetail : .answer(t)
        case "paste": return .paste(arg)
        case "how": return .how(arg)
        case "explain": return .explain(arg)
        case "facts": return arg == nil ? .facts : .answer(t)
        case "back", "undo": return arg == nil ? .back : .answer(t)
        case "skip", "unknown", "?", "dunno": return arg == nil ? .skip : .answer(t)
        case "save": return .save(arg)
        case "resume", "load": return .resume(arg)
        case "help": return arg == nil ? .help : .explain(arg)
        case "quit", "exit", "q": return arg == nil ? .quit : .answer(t)
        default: return .answer(t)
        }
    }

    public static let helpText = """
    Commands (at any prompt):
      why            why this question: what I suspect and what your answer would change
      why --detail   the same in the rules' words: rules, certainty factors, expected information
      paste          paste what you have (a command's output, log lines), then an empty line;
                     a single log line, error message or notify name (NO_PROPOSAL_CHOSEN ...)
                     can be pasted at any prompt: I read it and skip what it settles
      how ID         how a conclusion was reached: the rules that fired and the facts they used
      how            how to find out the answer to this question, on every platform
      explain TOPIC  the knowledge article for a diagnosis or concept (explain spi, explain nat-t)
      facts          everything known so far, and where it came from
      back           undo your last answer and think again
      skip, unknown  you do not know: the question is not asked again
      save FILE      save your answers (`ipsec-doctor diagnose --answers FILE` reads them too)
      resume FILE    load answers saved earlier
      help           this list
      quit           end the session (Ctrl-D too); Ctrl-C abandons the line you are typing
    Tab completes answers and commands.
    """
}

import Foundation
