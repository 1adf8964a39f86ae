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

    /// ASCII text without CR (every condition in the rule base) is read byte by byte: there a
    /// byte is a Character (only `\r\n` joins two ASCII bytes into one), a letter is
    /// `[A-Za-z]`, a number `[0-9]`, whitespace `\t`...`\r` and the space, so the tokens,
    /// columns and errors are those of `characterTokens`, without its grapheme breaking and
    /// property lookups.
    static func tokens(_ text: String) throws -> [Located] {
        guard text.utf8.allSatisfy({ $0 < 0x80 && $0 != 0x0D }) else { return try characterTokens(text) }
        return try asciiTokens(Array(text.utf8))
    }

    static func asciiTokens(_ chars: [UInt8]) throws -> [Located] {
        var out: [Located] = []
        func isLetter(_ c: UInt8) -> Bool { (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) }
        func isNumber(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
        func isNameChar(_ c: UInt8) -> Bool { isLetter(c) || isNumber(c) || c == 0x5F || c == 0x2E || c == 0x2D || c == 0x2A }
        func text(_ r: Range<Int>) -> String { String(decoding: chars[r], as: UTF8.self) }
        func character(_ c: UInt8) -> Character { Character(Unicode.Scalar(c)) }
        var i = 0
        while i < chars.count {
            let c = chars[i]
            let column = i + 1
            if c == 0x20 || (c >= 0x09 && c <= 0x0D) { i += 1; continue }
            switch c {
            case 0x28: out.append(.init(token: .lparen, column: column)); i += 1
            case 0x29: out.append(.init(token: .rparen, column: column)); i += 1
            case 0x5B: out.append(.init(token: .lbracket, column: column)); i += 1
            case 0x5D: out.append(.init(token: .rbracket, column: column)); i += 1
            case 0x2C: out.append(.init(token: .comma, column: column)); i += 1
            case 0x3D, 0x21, 0x3C, 0x3E:   // = ! < >
                let two = i + 1 < chars.count ? text(i..<(i + 2)) : String(character(c))
                if ["==", "!=", "<=", ">="].contains(two) {
                    out.append(.init(token: .op(two), column: column)); i += 2
                } else if c == 0x3C || c == 0x3E {
                    out.append(.init(token: .op(String(character(c))), column: column)); i += 1
                } else {
                    throw ConditionError(column: column, message: "unexpected '\(character(c))'; comparisons are == != < <= > >=")
                }
            case 0x22, 0x27:   // " '
                var j = i + 1
                while j < chars.count, chars[j] != c { j += 1 }
                guard j < chars.count else { throw ConditionError(column: column, message: "string not closed") }
                out.append(.init(token: .string(text((i + 1)..<j)), column: column)); i = j + 1
            default:
                if isNumber(c) || (c == 0x2D && i + 1 < chars.count && isNumber(chars[i + 1])) {
                    var j = i + 1
                    while j < chars.count, isNumber(chars[j]) || chars[j] == 0x2E { j += 1 }
                    guard let n = Double(text(i..<j)) else {
                        throw ConditionError(column: column, message: "bad number")
                    }
                    out.append(.init(token: .number(n), column: column)); i = j
                } else if isNameChar(c) {
                    var j = i
                    while j < chars.count, isNameChar(chars[j]) { j += 1 }
                    out.append(.init(token: .name(text(i..<j)), column: column)); i = j
                } else {
                    throw ConditionError(column: column, message: "unexpected '\(character(c))'")
                }
            }
        }
        return out
    }

    /// The tokens of any text, Character by Character.
    static func characterTokens(_ text: String) throws -> [Located] {
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
