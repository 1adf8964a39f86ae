import Facts

/// Recursive-descent parser for conditions.
///
///     expr    := and ("or" and)*
///     and     := unary ("and" unary)*
///     unary   := "not" unary | compare
///     compare := operand (op operand | "contains" operand | "in" list)?
///     operand := name | number | string | true | false | list | "(" expr ")"
///              | "known(" name ")" | "unknown(" name ")"
public enum ConditionParser {
    public static func parse(_ text: String) throws -> Condition {
        var p = State(tokens: try ConditionLexer.tokens(text), end: text.count + 1)
        guard !p.tokens.isEmpty else { throw ConditionError(column: 1, message: "empty condition") }
        let c = try p.expression()
        if let extra = p.peek {
            throw ConditionError(column: extra.column, message: "unexpected \(describe(extra.token)) after the end of the condition")
        }
        return c
    }

    static func describe(_ t: ConditionLexer.Token) -> String {
        switch t {
        case let .name(n): return "'\(n)'"
        case let .number(n): return "number \(JSONValue.format(number: n))"
        case let .string(s): return "\"\(s)\""
        case let .op(o): return "'\(o)'"
        case .lparen: return "'('"
        case .rparen: return "')'"
        case .lbracket: return "'['"
        case .rbracket: return "']'"
        case .comma: return "','"
        }
    }

    struct State {
        var tokens: [ConditionLexer.Located]
        var end: Int
        var index = 0
        /// How deep `not` and parentheses nest. Parsing, evaluating and freeing a condition all
        /// recurse over its tree, so a hostile condition of 100,000 `not`s would overflow the
        /// stack; no real rule nests more than a few levels.
        var depth = 0
        static let maxDepth = 100

        mutating func nest() throws {
            depth += 1
            guard depth <= State.maxDepth else {
                throw ConditionError(column: column, message: "conditions nest at most \(State.maxDepth) levels of 'not' and parentheses")
            }
        }

        var peek: ConditionLexer.Located? { index < tokens.count ? tokens[index] : nil }
        var column: Int { peek?.column ?? end }

        mutating func next() -> ConditionLexer.Located? {
            defer { index += 1 }
            return peek
        }

        mutating func keyword(_ word: String) -> Bool {
            if case let .name(n)? = peek?.token, n == word { index += 1; return true }
            return false
        }

        mutating func expect(_ token: ConditionLexer.Token, _ what: String) throws {
            guard peek?.token == token else {
                throw ConditionError(column: column, message: "expected \(what)")
            }
            index += 1
        }

        mutating func expression() throws -> Condition {
            var items = [try conjunction()]
            while keyword("or") { items.append(try conjunction()) }
            return items.count == 1 ? items[0] : .or(items)
        }

        mutating func conjunction() throws -> Condition {
            var items = [try unary()]
            while keyword("and") { items.append(try unary()) }
            return items.count == 1 ? items[0] : .and(items)
        }

        mutating func unary() throws -> Condition {
            if keyword("not") {
                try nest()
                defer { depth -= 1 }
                return .not(try unary())
            }
            return try comparison()
        }

        mutating func comparison() throws -> Condition {
            let startColumn = column
            if peek?.token == .lparen {
                index += 1
                try nest()
                defer { depth -= 1 }
                let inner = try expression()
                try expect(.rparen, "')'")
                return inner
            }
            if case let .name(fn)? = peek?.token, fn == "known" || fn == "unknown",
               index + 1 < tokens.count, tokens[index + 1].token == .lparen {
                index += 2
                guard case let .name(arg)? = next()?.token else {
                    throw ConditionError(column: column, message: "\(fn)() takes a fact name")
                }
                try expect(.rparen, "')' after the fact name")
                return fn == "known" ? .known(arg) : .unknown(arg)
            }
            let lhs = try operand()
            if case let .op(o)? = peek?.token {
                index += 1
                let rhs = try operand()
                return .compare(lhs, Condition.Comparison(rawValue: o)!, rhs)
            }
            if keyword("contains") { return .compare(lhs, .contains, try operand()) }
            if keyword("in") {
                let rhs = try operand()
                guard case .literal(.list) = rhs else {
                    throw ConditionError(column: column, message: "'in' takes a list such as [\"a\", \"b\"]")
                }
                return .compare(lhs, .isIn, rhs)
            }
            switch lhs {
            case let .fact(name): return .truthy(name)
            case .literal(.bool(let b)): return .constant(b)
            default: throw ConditionError(column: startColumn, message: "a literal alone is not a condition")
            }
        }

        mutating func operand() throws -> Condition.Operand {
            guard let t = next() else { throw ConditionError(column: end, message: "condition ends too early") }
            switch t.token {
            case let .name(n):
                if n == "true" { return .literal(.bool(true)) }
                if n == "false" { return .literal(.bool(false)) }
                if ["and", "or", "not", "in", "contains"].contains(n) {
                    throw ConditionError(column: t.column, message: "expected a fact name or value, found '\(n)'")
                }
                return .fact(n)
            case let .number(n): return .literal(.number(n))
            case let .string(s): return .literal(.string(s))
            case .lbracket:
                var items: [String] = []
                while peek?.token != .rbracket {
                    guard let item = next() else { throw ConditionError(column: end, message: "list not closed") }
                    switch item.token {
                    case let .string(s): items.append(s)
                    case let .number(n): items.append(JSONValue.format(number: n))
                    case let .name(n): items.append(n)
                    default: throw ConditionError(column: item.column, message: "lists hold strings or numbers")
                    }
                    if peek?.token == .comma { index += 1 }
                }
                index += 1
                return .literal(.list(items))
            default:
                throw ConditionError(column: t.column, message: "expected a fact name or value, found \(ConditionParser.describe(t.token))")
            }
        }
    }
}
