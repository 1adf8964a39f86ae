/// Splits a condition into tokens. Fact names are dotted words that may hold `_`, `-` and `*`.
struct ConditionLexer {
    enum Token: Equatable {
        case name(String)
        case number(Double)
        case string(String)
        case op(String)      // == != < <= > >=
        case lparen, rparen, lbracket, rbracket, comma
    }

    struct Located: Equatable {
        var token: Token
        var column: Int      // 1-based column in the condition text
    }

    static func tokens(_ text: String) throws -> [Located] {
        var out: [Located] = []
        let chars = Array(text)
        var i = 0
        func isNameChar(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" || c == "." || c == "-" || c == "*" }
        while i < chars.count {
            let c = chars[i]
            let column = i + 1
            if c.isWhitespace { i += 1; continue }
            switch c {
            case "(": out.append(.init(token: .lparen, column: column)); i += 1
            case ")": out.append(.init(token: .rparen, column: column)); i += 1
            case "[": out.append(.init(token: .lbracket, column: column)); i += 1
            case "]": out.append(.init(token: .rbracket, column: column)); i += 1
            case ",": out.append(.init(token: .comma, column: column)); i += 1
            case "=", "!", "<", ">":
                let two = i + 1 < chars.count ? String(chars[i...i + 1]) : String(c)
                if ["==", "!=", "<=", ">="].contains(two) {
                    out.append(.init(token: .op(two), column: column)); i += 2
                } else if c == "<" || c == ">" {
                    out.append(.init(token: .op(String(c)), column: column)); i += 1
                } else {
                    throw ConditionError(column: column, message: "unexpected '\(c)'; comparisons are == != < <= > >=")
                }
            case "\"", "'":
                var j = i + 1
                var s = ""
                while j < chars.count, chars[j] != c { s.append(chars[j]); j += 1 }
                guard j < chars.count else { throw ConditionError(column: column, message: "string not closed") }
                out.append(.init(token: .string(s), column: column)); i = j + 1
            default:
                if c.isNumber || (c == "-" && i + 1 < chars.count && chars[i + 1].isNumber) {
                    var j = i + 1
                    while j < chars.count, chars[j].isNumber || chars[j] == "." { j += 1 }
                    // A name may start with a digit only if letters follow (none do in the vocabulary).
                    guard let n = Double(String(chars[i..<j])) else {
                        throw ConditionError(column: column, message: "bad number")
                    }
                    out.append(.init(token: .number(n), column: column)); i = j
                } else if isNameChar(c) {
                    var j = i
                    while j < chars.count, isNameChar(chars[j]) { j += 1 }
                    out.append(.init(token: .name(String(chars[i..<j])), column: column)); i = j
                } else {
                    throw ConditionError(column: column, message: "unexpected '\(c)'")
                }
            }
        }
        return out
    }
}

/// A syntax error in a condition, at a column of the condition text.
public struct ConditionError: Error, Equatable, CustomStringConvertible {
    public var column: Int
    public var message: String
    public var description: String { "column \(column): \(message)" }
}
