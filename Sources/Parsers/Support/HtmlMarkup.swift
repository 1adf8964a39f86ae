/// A log copied from a page's HTML rather than from its rendered text: a Jira ticket imported to
/// GitHub keeps each line as `<p>...</p>` and every bracket as `<span class="error">&#91;IKE&#93;</span>`
/// (FDio/vpp#3374), a mail archive or a feed wraps lines in `<br/>`, `<code>` or `<pre>`. Only the
/// tags of those text containers are taken off — paragraphs, line breaks, spans, divs, code and
/// preformatted blocks, by name — never any other `<...>`: charon writes its IKE SA as
/// `<lab|1>`, NetworkManager its level as `<warn>`, pluto `<none>` in its messages. The character
/// references left (`&#91;`) are PastedLog.entitiesUndone's.
enum HtmlMarkup {
    /// The text without those tags; the text itself when it holds none.
    static func undone(_ text: String) -> String {
        guard mayHoldContainer(text) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var i = text.startIndex
        while i < text.endIndex {
            if text[i] == "<", let end = tagEnd(text, at: i) {
                i = end
                continue
            }
            out.append(text[i])
            i = text.index(after: i)
        }
        return out
    }

    static let containerOpeners: [[UInt8]] = ["<p>", "<p ", "<br", "<span", "<div", "<code", "<pre"].map { Array($0.utf8) }

    /// One pass over the bytes: a `<` followed by a container's name (either case).
    static func mayHoldContainer(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { mayHoldContainer($0) }
    }

    static func mayHoldContainer(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        while i < b.count {
            if b[i] == 0x3C {
                for opener in containerOpeners where i + opener.count <= b.count {
                    var k = 1
                    while k < opener.count, b[i + k] | (opener[k] >= 0x61 ? 0x20 : 0) == opener[k] { k += 1 }
                    if k == opener.count { return true }
                }
            }
            i += 1
        }
        return false
    }

    static let containerNames: Set<String> = ["p", "br", "span", "div", "code", "pre"]

    /// Where the container tag starting at `i` ends (after its `>`): `<p>`, `</p>`, `<br/>`,
    /// `<span class="error">`; nil for any other `<...>` or a `<` that opens nothing.
    static func tagEnd(_ text: String, at i: String.Index) -> String.Index? {
        var j = text.index(after: i)
        if j < text.endIndex, text[j] == "/" { j = text.index(after: j) }
        let nameStart = j
        while j < text.endIndex, text[j].isASCII, text[j].isLetter { j = text.index(after: j) }
        guard j > nameStart, containerNames.contains(text[nameStart..<j].lowercased()), j < text.endIndex else { return nil }
        // the name ends the tag, or attributes follow after a blank or a line break (HTML lets a
        // tag's attributes wrap: a mail client breaks `<span class="error">` at its blank), or
        // `/>` closes it; a tag ends within 200 characters
        guard text[j] == ">" || text[j] == " " || text[j] == "\n" || text[j] == "/" else { return nil }
        var length = 0
        while j < text.endIndex, text[j] != ">" {
            if text[j] == "<" || length > 200 { return nil }
            j = text.index(after: j); length += 1
        }
        return j < text.endIndex ? text.index(after: j) : nil
    }
}
