import Facts

/// The character-level reading of `SwanctlConfParser`'s lines (the first version), kept for text
/// that is not plain ASCII (see `ByteText`) and as the reference the byte-level scan
/// (`SwanctlConfScan`) is tested against. Both produce the same `Scan`; the records are built
/// from it by the same code.
extension SwanctlConfParser {
    func referenceParse(_ text: String) -> ParseResult { result(referenceScan(text)) }

    func referenceScan(_ text: String) -> Scan {
        var scan = Scan()
        var stack: [Int] = [0]

        func inSecrets() -> Bool { stack.count > 1 && scan.tree[stack[1]].name == "secrets" }

        for line in text.numberedLines {
            if line.isBlank { continue }
            var t = line.trimmed
            if t.hasPrefix("#") { scan.acc.account(line.number); continue }
            if let hash = t.range(of: " #") ?? t.range(of: "\t#") { t = String(t[..<hash.lowerBound]).trimmedSpaces }
            if t == "}" || t == "};" {
                if stack.count > 1 { stack.removeLast(); scan.acc.account(line.number) } else { scan.acc.reject(line) }
                continue
            }
            if let path = t.after("include ") {
                scan.includes.append((path.trimmedSpaces, line.number)); scan.acc.account(line.number); continue
            }
            if t.hasSuffix("{") {
                var head = String(t.dropLast()).trimmedSpaces
                var inherits: String?
                if let colon = head.range(of: " : ") ?? head.range(of: ":") {
                    inherits = String(head[colon.upperBound...]).trimmedSpaces
                    head = String(head[..<colon.lowerBound]).trimmedSpaces
                }
                if !head.isEmpty, !head.contains(" "), !head.contains("=") {
                    var n = Block(name: head, line: line.number)
                    n.inherits = inherits
                    stack.append(scan.tree.add(n, under: stack.last!))
                    scan.acc.account(line.number)
                    continue
                }
            }
            if let eq = t.firstIndex(of: "="), stack.count > 1 {
                let key = String(t[..<eq]).trimmedSpaces
                var value = String(t[t.index(after: eq)...]).trimmedSpaces
                if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
                if !key.isEmpty, !key.contains(" ") {
                    scan.tree.add(key: key, value: value, to: stack.last!)
                    scan.acc.account(line.number)
                    continue
                }
            }
            if inSecrets() {
                // Never echo a line of the secrets section: it may hold a key.
                scan.acc.unparsed.append(UnparsedLine(line: line.number, text: "[line in secrets section not shown]"))
            } else {
                scan.acc.reject(line)
            }
        }
        return scan
    }
}
