/// One line typed at the wizard's prompt: an answer or a command.
public enum WizardInput: Equatable, Sendable {
    case answer(String)
    case why
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
    public static let commands = ["why", "how", "explain", "facts", "back", "skip", "unknown", "save", "resume", "help", "quit"]

    public static func parse(_ line: String) -> WizardInput {
        let t = line.trimmingCharacters(in: .whitespaces)
        if t.isEmpty { return .empty }
        let parts = t.split(separator: " ", maxSplits: 1).map(String.init)
        let word = parts[0].lowercased()
        let rest = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : nil
        let arg = rest?.isEmpty == false ? rest : nil
        switch word {
        case "why": return arg == nil ? .why : .answer(t)
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
      why            why this question: which possible causes it tells apart, in the rules' words
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
